//! Numbers as text, for the pages and widgets.
//!
//! [`fixed`] writes exactly what `format!("{v:.d$}")` writes (the exact binary value rounded half
//! to even: 12.35 → "12.3", 0.25 → "0.2"), property-tested against it. It exists for size: std's
//! float formatting (Grisu with a Dragon fallback, shortest and fixed) is about 5 KB (brotli) of
//! every widget, and the portal only ever shows a fixed number of decimals.

/// `v` with `decimals` digits after the point, as `format!("{v:.decimals$}")` writes it
/// ("NaN", "inf" and "-inf" included).
pub fn fixed(v: f64, decimals: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    if v.is_infinite() {
        return format!("{sign}inf");
    }
    // |v| = m × 2^e exactly.
    let bits = v.to_bits();
    let (exp, frac) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
    let (m, e) = if exp == 0 { (frac, -1074) } else { (frac | 1 << 52, exp as i32 - 1075) };
    // N = |v| × 10^decimals, rounded half to even, as decimal digits.
    let mut digits = if e >= 0 {
        // An integer: m × 2^e, then the zeros of the decimals.
        let mut s = shifted(m, e as u32);
        s.extend(std::iter::repeat_n('0', decimals));
        s
    } else {
        let s = (-e) as u32;
        let p = BigDec::from(m).times_ten_pow(decimals);
        let (q, rem_cmp_half, q_odd) = p.shift_right(s);
        let round_up = rem_cmp_half == std::cmp::Ordering::Greater || (rem_cmp_half.is_eq() && q_odd);
        let q = if round_up { q.plus_one() } else { q };
        q.to_string()
    };
    if digits.len() <= decimals {
        let pad = decimals + 1 - digits.len();
        digits.insert_str(0, &"0".repeat(pad));
    }
    if decimals > 0 {
        digits.insert(digits.len() - decimals, '.');
    }
    format!("{sign}{digits}")
}

/// `v` with at most `decimals` digits after the point, without trailing zeros: "3", "2.5",
/// "0.0015". For a value written with no more decimals than that (a target's 85 or 0.5, a URL's
/// radius), the same as `{}` writes it.
pub fn trimmed(v: f64, decimals: usize) -> String {
    let s = fixed(v, decimals);
    if s.contains('.') {
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".into()
        } else {
            s.into()
        }
    } else {
        s
    }
}

/// `m × 2^e` in decimal digits.
fn shifted(m: u64, e: u32) -> String {
    let mut b = BigDec::from(m);
    for _ in 0..e {
        b = b.times_small(2);
    }
    b.to_string()
}

/// A non-negative integer in base-10^9 limbs, least significant first: just enough arithmetic
/// for exact decimal output (doubles have at most 1,074 binary places).
#[derive(Clone, Debug)]
struct BigDec(Vec<u32>);

const BASE: u64 = 1_000_000_000;

impl From<u64> for BigDec {
    fn from(mut n: u64) -> BigDec {
        let mut limbs = Vec::new();
        while n > 0 {
            limbs.push((n % BASE) as u32);
            n /= BASE;
        }
        BigDec(limbs)
    }
}

impl BigDec {
    fn times_small(mut self, k: u32) -> BigDec {
        let mut carry = 0u64;
        for l in &mut self.0 {
            let x = u64::from(*l) * u64::from(k) + carry;
            *l = (x % BASE) as u32;
            carry = x / BASE;
        }
        while carry > 0 {
            self.0.push((carry % BASE) as u32);
            carry /= BASE;
        }
        self
    }

    fn times_ten_pow(self, n: usize) -> BigDec {
        (0..n).fold(self, |b, _| b.times_small(10))
    }

    fn plus_one(mut self) -> BigDec {
        for l in &mut self.0 {
            if u64::from(*l) + 1 < BASE {
                *l += 1;
                return self;
            }
            *l = 0;
        }
        self.0.push(1);
        self
    }

    /// Divides by 2^s: the quotient, how the remainder compares with half of 2^s, and whether
    /// the quotient is odd. Halving one bit at a time keeps the remainder's bits in hand.
    fn shift_right(mut self, s: u32) -> (BigDec, std::cmp::Ordering, bool) {
        use std::cmp::Ordering;
        // The bits shifted out, most significant first, tell the comparison with one half:
        // the first is the half bit, the rest whether anything lies beyond it.
        let mut half_bit = false;
        let mut beyond = false;
        for _ in 0..s {
            beyond |= half_bit;
            let mut rem = 0u64;
            for l in self.0.iter_mut().rev() {
                let x = rem * BASE + u64::from(*l);
                *l = (x / 2) as u32;
                rem = x % 2;
            }
            half_bit = rem == 1;
            while self.0.last() == Some(&0) {
                self.0.pop();
            }
            if self.0.is_empty() && !half_bit {
                // Nothing left: the remaining shifts only push zeros or the bits seen below.
                break;
            }
        }
        let cmp = match (half_bit, beyond) {
            (false, _) => Ordering::Less,
            (true, false) => Ordering::Equal,
            (true, true) => Ordering::Greater,
        };
        let odd = self.0.first().is_some_and(|l| l % 2 == 1);
        (self, cmp, odd)
    }
}

impl std::fmt::Display for BigDec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut limbs = self.0.iter().rev();
        match limbs.next() {
            None => f.write_str("0"),
            Some(top) => {
                write!(f, "{top}")?;
                limbs.try_for_each(|l| write!(f, "{l:09}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn writes_as_std_does() {
        for (v, d, want) in [
            (12.35, 1, "12.3"),
            (0.25, 1, "0.2"),
            (0.35, 1, "0.3"),
            (2.5, 0, "2"),
            (3.5, 0, "4"),
            (-0.01, 1, "-0.0"),
            (0.0, 0, "0"),
            (91.4, 1, "91.4"),
            (113.254, 6, "113.254000"),
            (1e21, 1, "1000000000000000000000.0"),
            (5e-324, 3, "0.000"),
        ] {
            assert_eq!(fixed(v, d), want, "{v} to {d}");
            assert_eq!(fixed(v, d), format!("{v:.d$}"), "{v} to {d}");
        }
        assert_eq!(
            (trimmed(3.0, 6), trimmed(2.5, 6), trimmed(0.0015, 6), trimmed(-0.0000001, 6)),
            ("3".into(), "2.5".into(), "0.0015".into(), "0".into())
        );
        assert_eq!(fixed(f64::NAN, 1), format!("{:.1}", f64::NAN));
        assert_eq!(fixed(f64::NEG_INFINITY, 1), format!("{:.1}", f64::NEG_INFINITY));
        assert_eq!(fixed(f64::MAX, 0), format!("{:.0}", f64::MAX));
    }

    proptest! {
        #[test]
        fn agrees_with_std_on_any_double(
            v in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
            d in 0usize..8,
        ) {
            prop_assert_eq!(fixed(v, d), format!("{v:.d$}"));
        }

        /// `trimmed` writes what `{}` writes for figures with up to `decimals` decimals.
        #[test]
        fn trimmed_is_display_for_short_decimals(m in 0u64..1_000_000_000, e in 0u32..=6, neg: bool) {
            let v = m as f64 / 10f64.powi(e as i32) * if neg { -1.0 } else { 1.0 };
            prop_assert_eq!(trimmed(v, 6), if v == 0.0 { "0".to_string() } else { v.to_string() });
        }

        /// Ties and near-ties: halves, quarters and eighths, and decimals as sheets write them.
        #[test]
        fn agrees_with_std_on_ties(k in -1_000_000i64..1_000_000, j in 0u32..12, d in 0usize..4) {
            let v = k as f64 / f64::from(1u32 << j);
            prop_assert_eq!(fixed(v, d), format!("{v:.d$}"));
            let w = k as f64 / 1000.0;
            prop_assert_eq!(fixed(w, d), format!("{w:.d$}"));
        }
    }
}
