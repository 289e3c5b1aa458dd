//! Calendar dates without time zones (what bureau records carry).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        ((1900..=2100).contains(&year) && (1..=12).contains(&month))
            .then_some(())
            .filter(|_| day >= 1 && day <= days_in_month(year, month))
            .map(|_| Date { year, month, day })
    }

    /// Reads `2024-03-01`, `2024/3/1`, `2024.3.1`, `2024年3月1日` and `20240301`.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            return Date::new(s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..].parse().ok()?);
        }
        let parts: Vec<&str> =
            s.trim_end_matches('日').split(['-', '/', '.', '年', '月']).map(str::trim).collect();
        match parts.as_slice() {
            [y, m, d] => Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
            _ => None,
        }
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i32 {
        let (y, m, d) = (self.year as i32, self.month as i32, self.day as i32);
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    pub fn from_days(z: i32) -> Date {
        let z = z + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let y = (yoe + era * 400 + i32::from(m <= 2)) as u16;
        Date { year: y, month: m, day: d }
    }

    /// Excel's serial day number (1900 date system, as XLSX stores dates).
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        if !(1.0..=73415.0).contains(&serial) {
            return None;
        }
        // Serial 25569 is 1970-01-01 (Excel counts the nonexistent 1900-02-29).
        Some(Date::from_days(serial.floor() as i32 - 25569))
    }

    /// Whole months from `self` to `later` (negative if `later` is earlier).
    pub fn months_until(self, later: Date) -> i32 {
        let m = (later.year as i32 - self.year as i32) * 12 + later.month as i32 - self.month as i32;
        if later.day < self.day {
            m - 1
        } else {
            m
        }
    }

    pub fn add_days(self, n: i32) -> Date {
        Date::from_days(self.to_days() + n)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_what_bureaus_write() {
        let d = Date::new(2024, 3, 1).unwrap();
        for s in ["2024-03-01", "2024/3/1", "2024.3.1", "2024年3月1日", "20240301", " 2024-3-01 "] {
            assert_eq!(Date::parse(s), Some(d), "{s}");
        }
        for s in ["2024-02-30", "2023-02-29", "2024-13-01", "abc", "", "2024-03", "1800-01-01"] {
            assert_eq!(Date::parse(s), None, "{s}");
        }
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
    }

    #[test]
    fn excel_serials_and_months() {
        assert_eq!(Date::from_excel_serial(45352.0), Date::new(2024, 3, 1));
        assert_eq!(Date::from_excel_serial(0.0), None);
        let a = Date::new(2024, 1, 31).unwrap();
        assert_eq!(a.months_until(Date::new(2024, 2, 29).unwrap()), 0);
        assert_eq!(a.months_until(Date::new(2024, 3, 1).unwrap()), 1);
        assert_eq!(a.months_until(Date::new(2021, 1, 31).unwrap()), -36);
    }

    proptest! {
        #[test]
        fn days_round_trip(z in -25000i32..47000) {
            let d = Date::from_days(z);
            prop_assert_eq!(d.to_days(), z);
            prop_assert_eq!(Date::parse(&d.to_string()), Some(d));
        }
    }
}
