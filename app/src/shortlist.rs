//! The reader's shortlist for comparing kindergartens: at most four "city:id" keys, kept in
//! localStorage only (nothing leaves the browser).

use leptos::prelude::*;

pub const MAX: usize = 4;
const KEY: &str = "kgportal.shortlist";

/// "445200:12445200MB2C765438" → (445200, "12445200MB2C765438"). Ids contain no ':' or ','.
pub fn parse_key(k: &str) -> Option<(u32, String)> {
    let (c, id) = k.split_once(':')?;
    let c = c.parse::<u32>().ok().filter(|c| (110000..=829999).contains(c))?;
    let ok = !id.is_empty() && id.chars().count() <= 40 && !id.contains([',', ':']);
    ok.then(|| (c, id.to_string()))
}

/// Parses a list of keys, dropping bad ones and duplicates, at most `MAX`.
pub fn parse_list(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in s.split(',') {
        if let Some((c, id)) = parse_key(k.trim()) {
            let key = format!("{c}:{id}");
            if !out.contains(&key) && out.len() < MAX {
                out.push(key);
            }
        }
    }
    out
}

#[derive(Clone, Copy)]
pub struct Shortlist(pub RwSignal<Vec<String>>);

pub fn provide_shortlist() {
    let init = crate::storage::Store::Local.load(KEY).map(|v| parse_list(&v)).unwrap_or_default();
    let list = RwSignal::new(init);
    Effect::new(move |_| {
        crate::storage::Store::Local.save(KEY, &list.get().join(","));
    });
    provide_context(Shortlist(list));
}

impl Shortlist {
    /// The compare page of the list, in the reader's script.
    pub fn compare_href(&self, base: &crate::site::SiteBase, lang: kg_shared::params::Lang) -> String {
        base.link(&kg_shared::links::Link::Compare(self.0.get()), lang)
    }
    pub fn contains(&self, key: &str) -> bool {
        self.0.with(|l| l.iter().any(|k| k == key))
    }
    /// Adds or removes; returns false when the list is full.
    pub fn toggle(&self, key: &str) -> bool {
        let mut ok = true;
        self.0.update(|l| {
            if let Some(i) = l.iter().position(|k| k == key) {
                l.remove(i);
            } else if l.len() < MAX {
                l.push(key.to_string());
            } else {
                ok = false;
            }
        });
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_validated_deduplicated_and_capped() {
        assert_eq!(parse_key("445200:ABC"), Some((445200, "ABC".into())));
        assert_eq!(parse_key("x:ABC"), None);
        assert_eq!(parse_key("445200:"), None);
        assert_eq!(
            parse_list("445200:A,445200:A,bad,445200:B,445200:C,445200:D,445200:E"),
            ["445200:A", "445200:B", "445200:C", "445200:D"]
        );
        assert!(parse_list("<script>").is_empty());
    }
}
