//! Simplified → Traditional conversion of data text in the browser. The publishing tool derives,
//! with OpenCC, a character map covering every character the dataset uses, plus whole-string
//! overrides wherever a phrase converts differently from its characters (e.g. 头发 → 頭髮). So
//! the app converts exactly as OpenCC would, without shipping OpenCC.

use crate::codec::{CodecError, Reader, Writer};
use std::{borrow::Cow, collections::HashMap};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct HantMap {
    pub chars: HashMap<char, char>,
    pub overrides: HashMap<String, String>,
}

impl HantMap {
    pub fn convert<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if let Some(o) = self.overrides.get(s) {
            return Cow::Owned(o.clone());
        }
        if !s.chars().any(|c| self.chars.contains_key(&c)) {
            return Cow::Borrowed(s);
        }
        Cow::Owned(s.chars().map(|c| *self.chars.get(&c).unwrap_or(&c)).collect())
    }

    /// Traditional → Simplified by character, for folding what readers type.
    pub fn inverse(&self) -> HashMap<char, char> {
        self.chars.iter().map(|(s, t)| (*t, *s)).collect()
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.buf.extend_from_slice(b"KGH1");
        let mut pairs: Vec<_> = self.chars.iter().collect();
        pairs.sort();
        w.varint(pairs.len() as u64);
        for (a, b) in pairs {
            w.varint(*a as u64);
            w.varint(*b as u64);
        }
        let mut ov: Vec<_> = self.overrides.iter().collect();
        ov.sort();
        w.varint(ov.len() as u64);
        for (a, b) in ov {
            w.str(a);
            w.str(b);
        }
        w.buf
    }

    pub fn decode(bytes: &[u8]) -> Result<HantMap, CodecError> {
        let mut r = Reader::new(bytes);
        if r.bytes(4)? != b"KGH1" {
            return r.err("文件类型标记不是 KGH1");
        }
        let mut m = HantMap::default();
        let n = r.varint()?;
        for _ in 0..n {
            let a = r.small::<u32>("字符")?;
            let b = r.small::<u32>("字符")?;
            match (char::from_u32(a), char::from_u32(b)) {
                (Some(a), Some(b)) => {
                    m.chars.insert(a, b);
                }
                _ => return r.err("字符无效"),
            }
        }
        let n = r.varint()?;
        for _ in 0..n {
            let a = r.str()?.to_string();
            let b = r.str()?.to_string();
            m.overrides.insert(a, b);
        }
        if !r.done() {
            return r.err("文件末尾有多余的字节");
        }
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_by_char_and_by_override() {
        let mut m = HantMap::default();
        m.chars.insert('园', '園');
        m.chars.insert('儿', '兒');
        m.chars.insert('发', '發');
        m.overrides.insert("头发幼儿园".into(), "頭髮幼兒園".into());
        assert_eq!(m.convert("星桥幼儿园"), "星桥幼兒園");
        assert_eq!(m.convert("头发幼儿园"), "頭髮幼兒園");
        assert!(matches!(m.convert("abc"), Cow::Borrowed(_)));
        let back = HantMap::decode(&m.encode()).unwrap();
        assert_eq!(back, m);
        assert!(HantMap::decode(b"KGH1\x05").is_err());
    }
}
