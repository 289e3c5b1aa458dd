//! A small JSON reader for the manifest, which every page loads first.
//!
//! Written here because size is the point: serde_json's generated code, or `tinyjson` with its
//! float parsing and formatting, add 12–16 KB (brotli) to the smallest page, while this reader
//! adds a few. Values borrow from the input; numbers stay text until a caller asks for an
//! integer, so no float code is linked. Errors give the line and column.

use std::borrow::Cow;
use std::fmt;

/// A JSON value borrowing from the text it was read from.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// A number as written (already checked against JSON's grammar).
    Num(&'a str),
    Str(Cow<'a, str>),
    Arr(Vec<Value<'a>>),
    /// Members in the order written. A repeated key is an error.
    Obj(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// The member `key` of an object (None if this is no object or has no such member).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A number that is a non-negative integer written without fraction or exponent.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Num(n) => n.parse().ok(),
            _ => None,
        }
    }
}

/// Where and why the text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub line: usize,
    pub column: usize,
    pub message: &'static str,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行第 {} 列：{}", self.line, self.column, self.message)
    }
}

/// Nesting deeper than this is refused (hostile input must not exhaust the stack).
const MAX_DEPTH: usize = 64;

/// Reads one JSON value, with only whitespace around it.
pub fn parse(text: &str) -> Result<Value<'_>, Error> {
    let mut p = Parser { s: text, i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("值后面还有多余的内容"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, message: &'static str) -> Error {
        let before = &self.s[..self.i.min(self.s.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error { line, column, message }
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        self.i += usize::from(hit);
        hit
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        if depth > MAX_DEPTH {
            return Err(self.err("嵌套过深"));
        }
        match self.peek() {
            None => Err(self.err("内容不完整")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                for (word, v) in
                    [("null", Value::Null), ("true", Value::Bool(true)), ("false", Value::Bool(false))]
                {
                    if self.s[self.i..].starts_with(word) {
                        self.i += word.len();
                        return Ok(v);
                    }
                }
                Err(self.err("这里应是一个值"))
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.i += 1;
        let mut members: Vec<(Cow<'a, str>, Value<'a>)> = Vec::new();
        self.ws();
        if self.eat(b'}') {
            return Ok(Value::Obj(members));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("这里应是带引号的键名"));
            }
            let at = self.i;
            let key = self.string()?;
            if members.iter().any(|(k, _)| *k == key) {
                self.i = at;
                return Err(self.err("键名重复"));
            }
            self.ws();
            if !self.eat(b':') {
                return Err(self.err("键名后应是冒号"));
            }
            self.ws();
            let v = self.value(depth + 1)?;
            members.push((key, v));
            self.ws();
            if self.eat(b'}') {
                return Ok(Value::Obj(members));
            }
            if !self.eat(b',') {
                return Err(self.err("这里应是逗号或 }"));
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.eat(b']') {
            return Ok(Value::Arr(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            if self.eat(b']') {
                return Ok(Value::Arr(items));
            }
            if !self.eat(b',') {
                return Err(self.err("这里应是逗号或 ]"));
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Value<'a>, Error> {
        let start = self.i;
        self.eat(b'-');
        if self.eat(b'0') {
            if matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("数字不能以 0 开头"));
            }
        } else if self.digits() == 0 {
            return Err(self.err("这里应是数字"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.err("小数点后应是数字"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return Err(self.err("指数应是数字"));
            }
        }
        Ok(Value::Num(&self.s[start..self.i]))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let h = self.s.get(self.i..self.i + 4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let n = h
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.err("\\u 后应是 4 位十六进制"))?;
        self.i += 4;
        Ok(n)
    }

    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        self.i += 1;
        let start = self.i;
        let mut owned: Option<String> = None;
        loop {
            let Some(b) = self.peek() else {
                return Err(self.err("字符串没有结束引号"));
            };
            match b {
                b'"' => {
                    let tail = &self.s[start..self.i];
                    self.i += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(tail),
                        Some(o) => Cow::Owned(o),
                    });
                }
                0..=0x1f => return Err(self.err("字符串中有未转义的控制字符")),
                b'\\' => {
                    let o = owned.get_or_insert_with(|| self.s[start..self.i].to_string());
                    self.i += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.s[self.i..].starts_with("\\u") {
                                    return Err(self.err("缺少代理对的后半"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("代理对的后半无效"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            o.push(char::from_u32(code).ok_or_else(|| self.err("无效的 \\u 字符"))?);
                            continue;
                        }
                        _ => return Err(self.err("无效的转义")),
                    };
                    o.push(c);
                    self.i += 1;
                }
                _ => {
                    // Copy one whole UTF-8 character (the input is a str, so boundaries hold).
                    let len = self.s[self.i..].chars().next().map_or(1, char::len_utf8);
                    if let Some(o) = owned.as_mut() {
                        o.push_str(&self.s[self.i..self.i + len]);
                    }
                    self.i += len;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_values() {
        let v = parse(r#" {"a": [1, -2.5e3, true, false, null], "b": "x\"\u00e9\ud83d\ude00\n", "c": {}} "#)
            .unwrap();
        assert_eq!(
            v.get("a"),
            Some(&Value::Arr(vec![
                Value::Num("1"),
                Value::Num("-2.5e3"),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null
            ]))
        );
        assert_eq!(v.get("b").and_then(Value::as_str), Some("x\"é😀\n"));
        assert_eq!(v.get("c"), Some(&Value::Obj(vec![])));
        assert_eq!(parse("18446744073709551615").unwrap().as_u64(), Some(u64::MAX));
        assert_eq!(parse("-1").unwrap().as_u64(), None);
        assert_eq!(parse("1.0").unwrap().as_u64(), None);
        assert_eq!(parse("\"幼儿园\"").unwrap().as_str(), Some("幼儿园"));
    }

    #[test]
    fn says_where_it_fails() {
        let e = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 7), "{e}");
        assert!(e.to_string().contains("第 3 行第 7 列"));
        let e = parse(r#"{"a":1,"a":2}"#).unwrap_err();
        assert_eq!(e.message, "键名重复");
        assert!(parse(&"[".repeat(100_000)).is_err(), "deep nesting is refused, not a stack overflow");
    }

    proptest! {
        /// Accepts exactly what serde_json accepts, and reads the same strings, on JSON-ish text.
        #[test]
        fn agrees_with_serde_json(s in r#"[\[\]{}",:0-9a-z.eE+\-\\ u幼]{0,24}"#) {
            let ours = parse(&s);
            let theirs = serde_json::from_str::<serde_json::Value>(&s);
            // serde_json's Value keeps the last of repeated keys; this reader refuses them.
            if !matches!(&ours, Err(e) if e.message == "键名重复") {
                prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}", s);
            }
            if let (Ok(Value::Str(a)), Ok(serde_json::Value::String(b))) = (&ours, &theirs) {
                prop_assert_eq!(a.as_ref(), b.as_str());
            }
        }
    }
}
