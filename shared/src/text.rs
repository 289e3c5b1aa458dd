//! Width folding, written once: how every cell, header and search text is compared. Clerks type
//! full-width digits and brackets (１２３，（元/月）) and ideographic spaces; readers type either.

/// A full-width ASCII character as its half-width twin, the ideographic space as a space; every
/// other character as it is.
pub fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Whether `s` holds anything [`half_width`] would change.
pub fn has_full_width(s: &str) -> bool {
    s.chars().any(|c| c == '\u{3000}' || ('\u{FF01}'..='\u{FF5E}').contains(&c))
}

/// A spreadsheet cell as read: half-width, trimmed; spaces inside kept.
pub fn cell(s: &str) -> String {
    if !has_full_width(s) {
        return s.trim().to_string();
    }
    s.chars().map(half_width).collect::<String>().trim().to_string()
}

/// Half-width with every white space removed: how a header, a marker word or a search text is
/// compared.
pub fn squeeze(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().map(half_width).filter(|c| !c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_ascii_and_ideographic_space_fold_to_half_width() {
        assert_eq!(cell("\u{3000}１２３（元/月）\u{3000}"), "123(元/月)");
        assert_eq!(cell("  保教费  "), "保教费");
        assert_eq!(squeeze("保 教\u{3000}费（元）").collect::<String>(), "保教费(元)");
        assert_eq!(half_width('～'), '~');
        assert_eq!(half_width('。'), '。');
        assert!(!has_full_width("公办园 123"));
    }
}
