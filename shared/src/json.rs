//! A small JSON reader for the files the pages load: the manifest, which every page loads first,
//! and `stats.json` (`stats::StatsFile::parse`), which the progress pages and widgets load.
//!
//! Written here because size is the point: serde_json's generated code, or `tinyjson` with its
//! float parsing and formatting, add 12–16 KB (brotli) to the smallest page, and serde_json with
//! the derived readers of `StatsFile` 22 KB to a widget, while this reader adds a few. Values
//! borrow from the input; numbers stay text until a caller asks for one, so a page that reads
//! only integers links no float parsing. Errors give the line and column, and [`Obj`] names the
//! path of a field that is missing or of the wrong type (`files[3].sha256`).

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

    /// A non-negative integer that fits `T` (u16, u32, u64).
    pub fn as_uint<T: TryFrom<u64>>(&self) -> Option<T> {
        self.as_u64().and_then(|n| T::try_from(n).ok())
    }

    /// A number as an `f64`, if finite. Exact (correctly rounded) when its significant digits
    /// make an integer below 2^53 and its power of ten is within ±22: every figure a sheet
    /// carries (Excel keeps 15 digits), and what serde_json writes for them. Otherwise within a
    /// few units in the last place, as serde_json's own default reader is.
    ///
    /// Not `str::parse`: its exact algorithm's tables add 13 KB (brotli) to each widget.
    pub fn as_f64(&self) -> Option<f64> {
        let Value::Num(n) = self else { return None };
        let (neg, n) = n.strip_prefix('-').map_or((false, *n), |rest| (true, rest));
        let (digits, exp) = n.split_once(['e', 'E']).unwrap_or((n, "0"));
        let (exp_neg, exp) =
            exp.strip_prefix('-').map_or((false, exp.trim_start_matches('+')), |e| (true, e));
        // The grammar is checked already: digits only. Saturate absurd exponents.
        let mut e = exp.bytes().fold(0i32, |e, b| (e * 10 + i32::from(b - b'0')).min(100_000));
        if exp_neg {
            e = -e;
        }
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        e -= frac.len().min(100_000) as i32;
        // The significant digits, without leading or trailing zeros (these move the power of ten).
        let all = || int.bytes().chain(frac.bytes());
        let total = int.len() + frac.len();
        let lead = all().take_while(|&b| b == b'0').count();
        let trail = all().rev().take_while(|&b| b == b'0').count().min(total - lead);
        e += trail.min(100_000) as i32;
        // Up to 19 significant digits in `m`; later ones only move the power of ten.
        let mut m = 0u64;
        for (i, b) in all().skip(lead).take(total - lead - trail).enumerate() {
            if i < 19 {
                m = m * 10 + u64::from(b - b'0');
            } else {
                e += 1;
            }
        }
        const P: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
            1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        // A large power of ten with few digits: fold the excess into `m` while it stays exact.
        while e > 22 && m < (1 << 53) / 10 {
            m *= 10;
            e -= 1;
        }
        let mut v = m as f64;
        if m != 0 {
            // Exact when m and 10^|e| are exact doubles: one correctly rounded operation.
            while e > 22 {
                v *= P[22];
                e -= 22;
            }
            while e < -22 {
                v /= P[22];
                e += 22;
            }
            v = if e >= 0 { v * P[e as usize] } else { v / P[(-e) as usize] };
        }
        let v = if neg { -v } else { v };
        v.is_finite().then_some(v)
    }
}

/// A member that is missing or of the wrong type: its path (`files[3].sha256`) and what it
/// should be ("非负整数").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub want: &'static str,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} 缺失或不是{}", self.path, self.want)
    }
}

/// An object being read into typed fields, with its path for errors. A member that is `null`
/// counts as missing; members it is not asked for are ignored (as serde does).
pub struct Obj<'v, 'a> {
    members: &'v [(Cow<'a, str>, Value<'a>)],
    at: String,
}

impl<'v, 'a> Obj<'v, 'a> {
    /// `v` as an object at path `at` ("" for the document itself).
    pub fn new(v: &'v Value<'a>, at: String) -> Result<Obj<'v, 'a>, FieldError> {
        match v {
            Value::Obj(members) => Ok(Obj { members, at }),
            _ => Err(FieldError {
                path: if at.is_empty() { "（整个文件）".into() } else { at },
                want: "对象",
            }),
        }
    }

    /// The path of member `key`.
    pub fn path(&self, key: &str) -> String {
        if self.at.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.at)
        }
    }

    fn bad(&self, key: &str, want: &'static str) -> FieldError {
        FieldError { path: self.path(key), want }
    }

    /// Member `key`, unless missing or null.
    pub fn get(&self, key: &str) -> Option<&'v Value<'a>> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v).filter(|v| **v != Value::Null)
    }

    /// Member `key` read by `read`, which says what it should be (`want`) when it gives None.
    pub fn opt<T>(
        &self,
        key: &str,
        want: &'static str,
        read: impl FnOnce(&'v Value<'a>) -> Option<T>,
    ) -> Result<Option<T>, FieldError> {
        self.get(key).map(|v| read(v).ok_or_else(|| self.bad(key, want))).transpose()
    }

    /// As [`Obj::opt`], but the member must be there.
    pub fn req<T>(
        &self,
        key: &str,
        want: &'static str,
        read: impl FnOnce(&'v Value<'a>) -> Option<T>,
    ) -> Result<T, FieldError> {
        self.opt(key, want, read)?.ok_or_else(|| self.bad(key, want))
    }

    pub fn opt_string(&self, key: &str) -> Result<Option<String>, FieldError> {
        self.opt(key, "字符串", |v| v.as_str().map(str::to_string))
    }

    pub fn string(&self, key: &str) -> Result<String, FieldError> {
        self.req(key, "字符串", |v| v.as_str().map(str::to_string))
    }

    pub fn bool(&self, key: &str) -> Result<bool, FieldError> {
        self.req(key, "true 或 false", |v| match v {
            Value::Bool(b) => Some(*b),
            _ => None,
        })
    }

    /// A non-negative integer that fits `T` (u16, u32, u64).
    pub fn opt_uint<T: TryFrom<u64>>(&self, key: &str) -> Result<Option<T>, FieldError> {
        self.opt(key, "范围内的非负整数", Value::as_uint)
    }

    pub fn uint<T: TryFrom<u64>>(&self, key: &str) -> Result<T, FieldError> {
        self.opt_uint(key)?.ok_or_else(|| self.bad(key, "范围内的非负整数"))
    }

    pub fn opt_f64(&self, key: &str) -> Result<Option<f64>, FieldError> {
        self.opt(key, "数值", Value::as_f64)
    }

    pub fn f64(&self, key: &str) -> Result<f64, FieldError> {
        self.req(key, "数值", Value::as_f64)
    }

    /// Member `key` as an object.
    pub fn obj(&self, key: &str) -> Result<Obj<'v, 'a>, FieldError> {
        Obj::new(self.get(key).unwrap_or(&Value::Null), self.path(key))
    }

    /// The elements of the array `key`, each with its path (`files[3]`); a missing array is an
    /// error if `required`, else empty.
    pub fn items(&self, key: &str, required: bool) -> Result<Vec<(String, &'v Value<'a>)>, FieldError> {
        match self.get(key) {
            None if !required => Ok(Vec::new()),
            Some(Value::Arr(items)) => {
                Ok(items.iter().enumerate().map(|(i, v)| (format!("{}[{i}]", self.path(key)), v)).collect())
            }
            _ => Err(self.bad(key, "数组")),
        }
    }

    /// Each element of the array `key`, as an object, read by `read`.
    pub fn each<T>(
        &self,
        key: &str,
        required: bool,
        read: impl Fn(&Obj<'v, 'a>) -> Result<T, FieldError>,
    ) -> Result<Vec<T>, FieldError> {
        self.items(key, required)?.into_iter().map(|(at, v)| read(&Obj::new(v, at)?)).collect()
    }

    /// The members of the object `key` (missing: none), each with its path.
    pub fn entries(&self, key: &str) -> Result<Vec<(&'v str, String, &'v Value<'a>)>, FieldError> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Obj(m)) => {
                Ok(m.iter().map(|(k, v)| (k.as_ref(), self.path(key) + "." + k, v)).collect())
            }
            _ => Err(self.bad(key, "对象")),
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

    #[test]
    fn reads_numbers() {
        let f = |s: &str| parse(s).unwrap().as_f64();
        assert_eq!(f("0"), Some(0.0));
        assert_eq!(f("-0.0"), Some(-0.0));
        assert_eq!(f("85"), Some(85.0));
        assert_eq!(f("12345.67"), Some(12345.67));
        assert_eq!(f("-2.5e3"), Some(-2500.0));
        assert_eq!(f("1E+2"), Some(100.0));
        assert_eq!(f("0.1"), Some(0.1));
        assert_eq!(f("1e300"), Some(1e300));
        assert_eq!(f("3759029640060170.0"), Some(3759029640060170.0));
        assert_eq!(f("0.000120"), Some(0.00012));
        assert_eq!(f("1e309"), None, "overflow is no number");
        assert_eq!(f("1e-99999999999"), Some(0.0));
        assert_eq!(f("123456789012345678901234567890"), Some(1.2345678901234568e29));
        assert_eq!(parse("\"1\"").unwrap().as_f64(), None);
    }

    proptest! {
        /// Exact for the figures sheets carry: up to 15 significant digits, a power of ten
        /// within ±22, written as serde_json writes them and as people do.
        #[test]
        fn sheet_figures_read_exactly(m in 0u64..1_000_000_000_000_000, e in -22i32..=22, neg: bool) {
            let want: f64 = format!("{}{m}e{e}", if neg { "-" } else { "" }).parse().unwrap();
            for text in [serde_json::to_string(&want).unwrap(), format!("{want:?}"), format!("{want:e}")] {
                prop_assert_eq!(parse(&text).unwrap().as_f64(), Some(want), "{}", text);
            }
        }

        /// Any finite double, as serde_json writes it, reads back within a few units in the
        /// last place.
        #[test]
        fn any_double_reads_back_close(x in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL) {
            let text = serde_json::to_string(&x).unwrap();
            let got = parse(&text).unwrap().as_f64().unwrap();
            let ulp = (x.abs().max(f64::MIN_POSITIVE) * f64::EPSILON).max(f64::from_bits(1));
            prop_assert!((got - x).abs() <= 4.0 * ulp, "{} → {}", text, got);
        }

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
