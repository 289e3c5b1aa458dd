//! The structure of a bundled policy document: its headings as the text writes them (附件1,
//! 一、, （一）, 1.), an anchor per heading for the 政策文件 pages, and the look-up from a
//! citation's section label ("§14", "§(十一)", "二(一)", "附件1 一.2", "附件4 §7") to the lines
//! that section spans, so that a test can hold every quote to the paragraph it is cited from.
//!
//! The seeds are plain text copied from web pages and PDFs: numbering is the only structure,
//! written with full- or half-width brackets and dots. Some seed files carry a second document
//! after the first (a 县域普通高中 plan issued with the preschool plan); everything from its
//! title on is `Outline::appended` and never matched by a citation.

/// A heading's number as the text writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A line that is only "附件1" or "附件2-1".
    Annex(String),
    /// "一、"
    Chapter(u32),
    /// "（一）" or "(一)"
    Section(u32),
    /// "1." or "1．"
    Item(u32),
}

impl Mark {
    /// How deep the mark nests: an annex holds chapters, which hold sections, which hold items.
    pub fn depth(&self) -> u8 {
        match self {
            Mark::Annex(_) => 0,
            Mark::Chapter(_) => 1,
            Mark::Section(_) => 2,
            Mark::Item(_) => 3,
        }
    }

    fn code(&self) -> String {
        match self {
            Mark::Annex(n) => format!("a{n}"),
            Mark::Chapter(n) => format!("c{n}"),
            Mark::Section(n) => format!("s{n}"),
            Mark::Item(n) => format!("i{n}"),
        }
    }
}

/// One heading line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 0-based line index in the text.
    pub line: usize,
    pub mark: Mark,
    /// The HTML id of the heading: the marks of its enclosing headings and its own, e.g.
    /// "c3-s5-i14" for 000's item 14 or "a1-c1-i2" for 003's 附件1 一.2; "x-" in front in an
    /// appended document; "-2" after a repeat. ASCII, unique within the document.
    pub anchor: String,
    /// Lines `line..end` are the heading's section: up to the next heading as deep or shallower.
    pub end: usize,
}

/// The headings of a document's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    pub headings: Vec<Heading>,
    /// The number of lines of the text.
    pub lines: usize,
    /// The first line of an appended second document, if the file carries one.
    pub appended: Option<usize>,
}

/// Where a citation points: the heading's anchor and the lines of its section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub anchor: String,
    pub start: usize,
    pub end: usize,
}

const NUMERALS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// A Chinese numeral from 一 to 九十九 at the start of `s`: its value and the bytes it took.
fn chinese_number(s: &str) -> Option<(u32, usize)> {
    let mut value = 0u32;
    let mut pending = 0u32;
    let mut used = 0;
    for c in s.chars() {
        let Some(i) = NUMERALS.iter().position(|&n| n == c) else { break };
        if c == '十' {
            value += pending.max(1) * 10;
            pending = 0;
        } else {
            if pending != 0 {
                return None;
            }
            pending = i as u32 + 1;
        }
        used += c.len_utf8();
    }
    (used > 0).then_some((value + pending, used))
}

fn arabic_number(s: &str) -> Option<(u32, usize)> {
    let used = s.bytes().take_while(u8::is_ascii_digit).count();
    if used == 0 || used > 3 {
        return None;
    }
    Some((s[..used].parse().ok()?, used))
}

/// A line without the word processor's bookmark a conversion left at its start
/// ("[bookmark: _Hlk132880293]3.完善…"): not the document's words, so pages leave it out.
pub fn without_bookmark(line: &str) -> &str {
    match line.strip_prefix("[bookmark: ").and_then(|r| r.split_once(']')) {
        Some((name, rest)) if !name.contains(char::is_whitespace) => rest,
        _ => line,
    }
}

/// The heading mark a line starts with, if any.
pub fn mark_of(line: &str) -> Option<Mark> {
    let s = without_bookmark(line).trim_start_matches([' ', '\t', '\u{3000}', '\u{a0}']);
    let whole = s.trim_end();
    if let Some(rest) = whole.strip_prefix("附件") {
        let ok = !rest.is_empty()
            && rest.chars().all(|c| c.is_ascii_digit() || c == '-')
            && rest.starts_with(|c: char| c.is_ascii_digit());
        return ok.then(|| Mark::Annex(rest.to_string()));
    }
    if let Some(rest) = s.strip_prefix(['（', '(']) {
        let (n, used) = chinese_number(rest)?;
        return rest[used..].starts_with(['）', ')']).then_some(Mark::Section(n));
    }
    if let Some((n, used)) = chinese_number(s) {
        return s[used..].starts_with('、').then_some(Mark::Chapter(n));
    }
    let (n, used) = arabic_number(s)?;
    let rest = &s[used..];
    // "1.落实", "17．落实"; not "1.68万" nor "2025年".
    let after = rest.strip_prefix(['.', '．'])?;
    (!after.is_empty() && !after.starts_with(|c: char| c.is_ascii_digit())).then_some(Mark::Item(n))
}

impl Outline {
    /// Reads the headings of `text`. `appended` is the title line of a second document the file
    /// carries (see `policy::Document::appended`), if any: the first line from which, trimmed,
    /// it begins.
    pub fn of(text: &str, appended: Option<&str>) -> Outline {
        let lines: Vec<&str> = text.lines().collect();
        let appended_at = appended.and_then(|title| {
            let flat = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            let title = flat(title);
            lines.iter().position(|l| !l.trim().is_empty() && flat(l) == title)
        });
        let mut headings: Vec<Heading> = Vec::new();
        let mut stack: Vec<(u8, String)> = Vec::new();
        let mut seen: std::collections::BTreeMap<String, u32> = Default::default();
        for (i, l) in lines.iter().enumerate() {
            if Some(i) == appended_at {
                stack.clear();
            }
            let Some(mark) = mark_of(l) else { continue };
            let depth = mark.depth();
            while stack.last().is_some_and(|(d, _)| *d >= depth) {
                stack.pop();
            }
            stack.push((depth, mark.code()));
            let mut anchor: String = stack.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>().join("-");
            if appended_at.is_some_and(|a| i >= a) {
                anchor = format!("x-{anchor}");
            }
            let n = seen.entry(anchor.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                anchor = format!("{anchor}-{n}");
            }
            headings.push(Heading { line: i, mark, anchor, end: 0 });
        }
        // A section runs to the next heading as deep or shallower, or to the end of its part.
        let part_end = |line: usize| match appended_at {
            Some(a) if line < a => a,
            _ => lines.len(),
        };
        for k in 0..headings.len() {
            let (line, depth) = (headings[k].line, headings[k].mark.depth());
            let limit = part_end(line);
            headings[k].end = headings[k + 1..]
                .iter()
                .find(|h| h.mark.depth() <= depth || h.line >= limit)
                .map_or(limit, |h| h.line.min(limit));
        }
        Outline { headings, lines: lines.len(), appended: appended_at }
    }

    /// The section a citation's label names. A label is a path of marks from the outermost:
    /// "附件1 一.2" is item 2 of chapter 一 of 附件1; "§14" is item 14 of the main text (before any
    /// annex). "§", spaces and dots only separate. None if the label names no heading.
    pub fn locate(&self, label: &str) -> Option<Located> {
        let path = parse_label(label)?;
        let main_end = self
            .headings
            .iter()
            .find(|h| matches!(h.mark, Mark::Annex(_)))
            .map(|h| h.line)
            .unwrap_or(self.lines)
            .min(self.appended.unwrap_or(self.lines));
        let (mut from, mut to) = (0, main_end);
        let mut found: Option<&Heading> = None;
        for (k, mark) in path.iter().enumerate() {
            if k == 0 && matches!(mark, Mark::Annex(_)) {
                to = self.appended.unwrap_or(self.lines);
            }
            let h = self.headings.iter().find(|h| h.line >= from && h.line < to && h.mark == *mark)?;
            from = h.line + 1;
            to = h.end;
            found = Some(h);
        }
        let h = found?;
        Some(Located { anchor: h.anchor.clone(), start: h.line, end: h.end })
    }

    /// The heading whose anchor this is.
    pub fn heading(&self, anchor: &str) -> Option<&Heading> {
        self.headings.iter().find(|h| h.anchor == anchor)
    }
}

/// "附件1 一.2" → [Annex 1, Chapter 1, Item 2]; "§(十一)" → [Section 11]; "二(一)" →
/// [Chapter 2, Section 1]. None for anything else (an empty label, stray characters).
pub fn parse_label(label: &str) -> Option<Vec<Mark>> {
    let mut out = Vec::new();
    let mut s = label;
    while !s.is_empty() {
        let c = s.chars().next()?;
        if matches!(c, '§' | ' ' | '.' | '．' | '\u{3000}') {
            s = &s[c.len_utf8()..];
        } else if let Some(rest) = s.strip_prefix("附件") {
            let used = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'-').count();
            if used == 0 {
                return None;
            }
            out.push(Mark::Annex(rest[..used].to_string()));
            s = &rest[used..];
        } else if let Some(rest) = s.strip_prefix(['（', '(']) {
            let (n, used) = chinese_number(rest)?;
            s = rest[used..].strip_prefix(['）', ')'])?;
            out.push(Mark::Section(n));
        } else if let Some((n, used)) = chinese_number(s) {
            out.push(Mark::Chapter(n));
            s = s[used..].strip_prefix('、').unwrap_or(&s[used..]);
        } else if let Some((n, used)) = arabic_number(s) {
            out.push(Mark::Item(n));
            s = &s[used..];
        } else {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(chinese_number("一、"), Some((1, 3)));
        assert_eq!(chinese_number("十、"), Some((10, 3)));
        assert_eq!(chinese_number("十三）"), Some((13, 6)));
        assert_eq!(chinese_number("二十）"), Some((20, 6)));
        assert_eq!(chinese_number("二十一"), Some((21, 9)));
        assert_eq!(chinese_number("一一"), None);
        assert_eq!(chinese_number("年"), None);
    }

    #[test]
    fn marks_as_the_seeds_write_them() {
        assert_eq!(mark_of("一、指导思想"), Some(Mark::Chapter(1)));
        assert_eq!(mark_of("　　（十一）加强全程监管。"), Some(Mark::Section(11)));
        assert_eq!(mark_of("  (一)壓實市縣主體責任。"), Some(Mark::Section(1)));
        assert_eq!(mark_of("14.规范办园行为。"), Some(Mark::Item(14)));
        assert_eq!(mark_of("17．落实幼儿园科学保教。"), Some(Mark::Item(17)));
        assert_eq!(mark_of("[bookmark: _Hlk132880625]5.完善"), Some(Mark::Item(5)));
        assert_eq!(without_bookmark("[bookmark: _GoBack]正文"), "正文");
        assert_eq!(without_bookmark("[注] 正文"), "[注] 正文");
        assert_eq!(mark_of("附件2-1"), Some(Mark::Annex("2-1".into())));
        assert_eq!(mark_of("附件:1.廣東省“新強師工程”"), None);
        assert_eq!(mark_of("附件：揭阳市学前教育发展提升行动计划工作任务分工表"), None);
        assert_eq!(mark_of("2025年，全市"), None);
        assert_eq!(mark_of("1.68万个"), None);
        assert_eq!(mark_of("一是加强"), None);
        assert_eq!(mark_of(""), None);
    }

    #[test]
    fn labels() {
        assert_eq!(parse_label("§14"), Some(vec![Mark::Item(14)]));
        assert_eq!(parse_label("§(十三)"), Some(vec![Mark::Section(13)]));
        assert_eq!(parse_label("二(一)"), Some(vec![Mark::Chapter(2), Mark::Section(1)]));
        assert_eq!(parse_label("二（一）"), Some(vec![Mark::Chapter(2), Mark::Section(1)]));
        assert_eq!(
            parse_label("附件1 一.2"),
            Some(vec![Mark::Annex("1".into()), Mark::Chapter(1), Mark::Item(2)])
        );
        assert_eq!(parse_label("附件4 §7"), Some(vec![Mark::Annex("4".into()), Mark::Item(7)]));
        assert_eq!(parse_label("一、"), Some(vec![Mark::Chapter(1)]));
        for bad in ["", "§", "第五条", "附件", "(一", "x"] {
            assert_eq!(parse_label(bad), None, "{bad}");
        }
    }

    const TEXT: &str = "标题\n一、总则\n（一）目标\n1.甲\n正文甲\n2.乙\n（二）措施\n3.丙\n二、保障\n附件1\n一、目标\n1.子甲\n2.子乙\n另一份计划\n一、指导思想\n1.别的\n";

    #[test]
    fn outline_and_locate() {
        let o = Outline::of(TEXT, Some("另一份 计划"));
        assert_eq!(o.appended, Some(13));
        let anchors: Vec<&str> = o.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(
            anchors,
            [
                "c1", "c1-s1", "c1-s1-i1", "c1-s1-i2", "c1-s2", "c1-s2-i3", "c2", "a1", "a1-c1", "a1-c1-i1",
                "a1-c1-i2", "x-c1", "x-c1-i1"
            ]
        );
        assert_eq!(o.locate("§2"), Some(Located { anchor: "c1-s1-i2".into(), start: 5, end: 6 }));
        assert_eq!(o.locate("§(一)").map(|l| (l.start, l.end)), Some((2, 6)));
        assert_eq!(o.locate("一(二)").map(|l| l.anchor), Some("c1-s2".into()));
        // A section ends where the next as deep begins, an annex where the appended text begins.
        assert_eq!(o.locate("二").map(|l| (l.start, l.end)), Some((8, 9)));
        assert_eq!(o.locate("附件1").map(|l| (l.start, l.end)), Some((9, 13)));
        assert_eq!(
            o.locate("附件1 一.2").map(|l| (l.anchor, l.start, l.end)),
            Some(("a1-c1-i2".into(), 12, 13))
        );
        // The main text's items are not an annex's; the appended document is never cited.
        assert_eq!(o.locate("§1").map(|l| l.anchor), Some("c1-s1-i1".into()));
        assert_eq!(o.locate("附件1 §3"), None);
        assert_eq!(o.locate("三"), None);
        assert_eq!(o.locate("nonsense"), None);
        assert!(o.heading("a1-c1-i2").is_some() && o.heading("zz").is_none());
    }

    #[test]
    fn repeated_anchors_stay_unique() {
        let o = Outline::of("一、甲\n1.乙\n1.乙又\n", None);
        let anchors: Vec<&str> = o.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["c1", "c1-i1", "c1-i1-2"]);
    }
}
