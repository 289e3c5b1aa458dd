//! Identifier checks: 统一社会信用代码 (GB 32100-2015), administrative division codes.

/// The 31 characters a credit code may use, in value order (no I, O, Z, S, V).
const USCC_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccError {
    Length(usize),
    Char { pos: usize, ch: char },
    CheckDigit { expected: char, found: char },
}

impl std::fmt::Display for UsccError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Length(n) => write!(f, "统一社会信用代码应为 18 位，实际为 {n} 位"),
            Self::Char { pos, ch } => {
                write!(
                    f,
                    "统一社会信用代码第 {pos} 位“{ch}”不是允许的字符（数字或除 I、O、Z、S、V 外的大写字母）"
                )
            }
            Self::CheckDigit { expected, found } => {
                write!(f, "统一社会信用代码校验位错误：应为“{expected}”，实际为“{found}”")
            }
        }
    }
}

fn uscc_value(b: u8) -> Option<u32> {
    USCC_CHARS.iter().position(|&c| c == b).map(|p| p as u32)
}

/// The check character for the first 17 characters of a credit code.
pub fn uscc_check_char(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (i, &b) in first17.iter().enumerate() {
        sum += uscc_value(b)? * USCC_WEIGHTS[i];
    }
    let c = (31 - sum % 31) % 31;
    Some(USCC_CHARS[c as usize] as char)
}

/// Verifies a 统一社会信用代码, including its check digit. Accepts lower case.
pub fn check_uscc(code: &str) -> Result<String, UsccError> {
    let up = code.trim().to_ascii_uppercase();
    let n = up.chars().count();
    if n != 18 {
        return Err(UsccError::Length(n));
    }
    for (i, ch) in up.chars().enumerate() {
        if !ch.is_ascii() || uscc_value(ch as u8).is_none() {
            return Err(UsccError::Char { pos: i + 1, ch });
        }
    }
    let b = up.as_bytes();
    let expected = uscc_check_char(&b[..17]).expect("validated above");
    let found = b[17] as char;
    if expected != found {
        return Err(UsccError::CheckDigit { expected, found });
    }
    Ok(up)
}

/// A county-level adcode: six digits, not a province or city code.
pub fn is_county_adcode(code: u32) -> bool {
    (110000..=829999).contains(&code) && !code.is_multiple_of(100)
}

/// The city (地级) adcode a county belongs to. For 直辖市 districts this is the 市辖区 code.
pub fn city_of(county: u32) -> u32 {
    county / 100 * 100
}

pub fn province_of(code: u32) -> u32 {
    code / 10000 * 10000
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_codes() {
        // Published codes (a public university and a listed company).
        assert_eq!(check_uscc("12100000400000624D").as_deref(), Ok("12100000400000624D"));
        assert!(check_uscc("91350100M000100Y43").is_ok());
        assert!(check_uscc("91350100m000100y43").is_ok());
        assert_eq!(
            check_uscc("91350100M000100Y44"),
            Err(UsccError::CheckDigit { expected: '3', found: '4' })
        );
        assert_eq!(check_uscc("123"), Err(UsccError::Length(3)));
        assert_eq!(check_uscc("I1350100M000100Y43"), Err(UsccError::Char { pos: 1, ch: 'I' }));
    }

    #[test]
    fn adcodes() {
        assert!(is_county_adcode(445202));
        assert!(!is_county_adcode(445200));
        assert!(!is_county_adcode(440000));
        assert_eq!(city_of(445202), 445200);
        assert_eq!(province_of(445202), 440000);
    }

    proptest! {
        #[test]
        fn generated_codes_verify_and_any_single_change_is_caught(
            body in proptest::collection::vec(0usize..31, 17), pos in 0usize..17, delta in 1usize..31
        ) {
            let first: Vec<u8> = body.iter().map(|&i| USCC_CHARS[i]).collect();
            let check = uscc_check_char(&first).unwrap();
            let code = format!("{}{}", String::from_utf8(first.clone()).unwrap(), check);
            prop_assert!(check_uscc(&code).is_ok());
            let mut bad = first.clone();
            bad[pos] = USCC_CHARS[(body[pos] + delta) % 31];
            let bad_code = format!("{}{}", String::from_utf8(bad).unwrap(), check);
            prop_assert!(check_uscc(&bad_code).is_err());
        }

        #[test]
        fn never_panics(s in ".{0,30}") {
            let _ = check_uscc(&s);
        }
    }
}
