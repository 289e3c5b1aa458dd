//! The first page of a city's two landing views (`FIRST_MAGIC`, "KGF1"): what the finder shows
//! before its engine is loaded. A parent who opens 找幼儿园 sees the city's 普惠 kindergartens in
//! name order (`Query::default()`), or with 全部 every kindergarten (`Query::everything()`); the
//! publisher writes, per city, the first `PAGE` results of each and how many there are in all, so
//! the page shows them from a file of a few KB while the city's list shard (hundreds of KB)
//! and its index follow.
//!
//! The file is a header (magic, the two totals) followed by an ordinary list shard (`KGL1`) of
//! the union of both first pages, in the city shard's record order. The engine run over it
//! gives exactly the city's first page of either view (`FirstPage::page`): a record among the
//! first `PAGE` of all that is 普惠 is among the first `PAGE` 普惠 ones, and records keep their
//! relative order, so name ties break as they do in the full shard. Tested against the full
//! engine below and in the pipeline's tests.

use crate::{
    codec::{decode_list, encode_list, CodecError, ListShard, Reader, Writer},
    model::{Grade, Nature, Record},
    query::{Finder, Hit, Query},
};
use std::sync::Arc;

pub const FIRST_MAGIC: &[u8; 4] = b"KGF1";

/// Results a landing view shows before 显示更多 (the finder's page size).
pub const PAGE: usize = 50;

/// The two views a first-page file answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// 普惠 kindergartens in name order: the finder's default.
    Inclusive,
    /// Every kindergarten in name order (全部).
    Everything,
}

impl View {
    /// The landing view `q` is, if it is one (any other choice needs the engine).
    pub fn of(q: &Query) -> Option<View> {
        if *q == Query::default() {
            Some(View::Inclusive)
        } else if *q == Query::everything() {
            Some(View::Everything)
        } else {
            None
        }
    }

    fn query(self) -> Query {
        match self {
            View::Inclusive => Query::default(),
            View::Everything => Query::everything(),
        }
    }
}

/// A decoded first-page file.
pub struct FirstPage {
    /// How many records each view has in the whole city: `[Inclusive, Everything]`.
    totals: [u32; 2],
    /// The engine over the first pages' records only.
    pub finder: Arc<Finder>,
}

impl FirstPage {
    /// How many results `view` has in the whole city.
    pub fn total(&self, view: View) -> usize {
        self.totals[view as usize] as usize
    }

    /// The first page of `view`, as the full engine would give it (indices into `finder`).
    pub fn page(&self, view: View) -> Vec<Hit> {
        let mut hits = self.finder.search(&view.query(), None);
        hits.truncate(PAGE);
        hits
    }
}

impl FirstPage {
    /// Whether this is the first page of `list` (the same city's list shard): both totals, and
    /// both views' records in order with what the result list shows of each (id, name, address,
    /// 性质, 等级, 保教费, warnings), computed from the list's columns alone. `kgdata verify`
    /// checks a publication with it: a first page out of step with its list would show a parent
    /// other kindergartens, or other fees, than the list they then get.
    pub fn check_against(&self, list: &ListShard) -> Result<(), String> {
        if self.finder.shard.city != list.city {
            return Err(format!("城市 {} 与列表文件的 {} 不符", self.finder.shard.city, list.city));
        }
        fn shown(s: &ListShard, i: usize) -> (&str, &str, &str, Nature, Grade, u32, u32) {
            let r = s.row(i);
            (r.id(), r.name(), r.address(), r.nature(), r.grade(), r.fee(), r.warnings())
        }
        let by_name = name_order(list.len(), |i| list.pinyin.get(i));
        for view in [View::Inclusive, View::Everything] {
            let label = match view {
                View::Inclusive => "普惠",
                View::Everything => "全部",
            };
            let want: Vec<usize> = by_name
                .iter()
                .copied()
                .filter(|&i| view == View::Everything || list.nature[i].is_inclusive())
                .collect();
            if want.len() != self.total(view) {
                return Err(format!("{label}：总数为 {}，列表文件为 {}", self.total(view), want.len()));
            }
            let got = self.page(view);
            if got.len() != want.len().min(PAGE) {
                return Err(format!("{label}：首页有 {} 条，应为 {} 条", got.len(), want.len().min(PAGE)));
            }
            for (at, (h, &i)) in got.iter().zip(&want).enumerate() {
                let (g, w) = (shown(&self.finder.shard, h.idx as usize), shown(list, i));
                if g != w {
                    return Err(format!(
                        "{label}：首页第 {} 条（{}）与列表文件的（{}）不同",
                        at + 1,
                        g.1,
                        w.1
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The first page of the finder's default view (普惠, name order) as text: the JSON file
/// (`FileKind::FirstText`) that `app/js/early.js` paints from before the app's wasm has started.
/// It holds what the result list shows of each record — with 性质 and 等级 as their labels, so
/// the script needs no table — the view's total, and the 性质 choices of the finder's form. It is
/// written from the city's `FirstPage`, so it shows what the app's first page shows.
pub fn first_text(page: &FirstPage) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Item<'a> {
        id: &'a str,
        name: &'a str,
        nature: &'a str,
        grade: &'a str,
        fee: u32,
        warnings: u32,
        address: &'a str,
    }
    #[derive(serde::Serialize)]
    struct Text<'a> {
        city: u32,
        total: usize,
        natures: Vec<(u8, &'static str)>,
        items: Vec<Item<'a>>,
    }
    let shard = &page.finder.shard;
    let items = page
        .page(View::Inclusive)
        .iter()
        .map(|h| {
            let r = shard.row(h.idx as usize);
            Item {
                id: r.id(),
                name: r.name(),
                nature: r.nature().label(),
                grade: r.grade().label(),
                fee: r.fee(),
                warnings: r.warnings(),
                address: r.address(),
            }
        })
        .collect();
    let text = Text {
        city: shard.city,
        total: page.total(View::Inclusive),
        natures: Nature::ALL.iter().map(|n| (n.code(), n.label())).collect(),
        items,
    };
    serde_json::to_vec(&text).expect("plain data serialises")
}

/// Record indices in the engine's name order (`query::Finder`'s `by_name`): pinyin, then record
/// order.
fn name_order<'a>(n: usize, pinyin: impl Fn(usize) -> &'a str) -> Vec<usize> {
    let mut by_name: Vec<usize> = (0..n).collect();
    by_name.sort_by(|&a, &b| pinyin(a).cmp(pinyin(b)).then(a.cmp(&b)));
    by_name
}

/// Encodes the first-page file of one city from its records in list-shard order
/// (`pinyin[i]` is the pinyin of `records[i].name`, as for `codec::encode_list`). Returns the
/// bytes and how many records they hold.
pub fn encode_first(city: u32, records: &[Record], pinyin: &[String]) -> (Vec<u8>, usize) {
    assert_eq!(records.len(), pinyin.len());
    let by_name = name_order(records.len(), |i| &pinyin[i]);
    let mut keep = vec![false; records.len()];
    for &i in by_name.iter().take(PAGE) {
        keep[i] = true;
    }
    for &i in by_name.iter().filter(|&&i| records[i].nature.is_inclusive()).take(PAGE) {
        keep[i] = true;
    }
    let inclusive = records.iter().filter(|r| r.nature.is_inclusive()).count();
    let (recs, py): (Vec<Record>, Vec<String>) =
        (0..records.len()).filter(|&i| keep[i]).map(|i| (records[i].clone(), pinyin[i].clone())).unzip();
    let mut w = Writer::default();
    w.buf.extend_from_slice(FIRST_MAGIC);
    w.varint(inclusive as u64);
    w.varint(records.len() as u64);
    w.buf.extend_from_slice(&encode_list(city, &recs, &py));
    (w.buf, recs.len())
}

/// Decodes a first-page file. Never panics; a file whose totals are smaller than the records it
/// holds is refused.
pub fn decode_first(bytes: &[u8]) -> Result<FirstPage, CodecError> {
    let err = |offset: usize, what: &str| CodecError { offset, what: what.into() };
    if bytes.get(..4) != Some(FIRST_MAGIC) {
        return Err(err(0, "不是首页文件（KGF1）"));
    }
    let mut r = Reader::new(bytes);
    r.bytes(4)?;
    let mut totals = [0u32; 2];
    for t in &mut totals {
        *t = u32::try_from(r.varint()?).or_else(|_| r.err("总数过大"))?;
    }
    let at = r.position();
    let shard = decode_list(&bytes[at..]).map_err(|e| CodecError { offset: e.offset + at, what: e.what })?;
    let inclusive = (0..shard.len()).filter(|&i| shard.nature[i].is_inclusive()).count();
    if (totals[0] as usize) < inclusive || (totals[1] as usize) < shard.len() || totals[0] > totals[1] {
        return Err(err(4, "总数与所含记录不符"));
    }
    Ok(FirstPage { totals, finder: Arc::new(Finder::new(shard)) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check::tests::good, codec::decode_list};
    use proptest::prelude::*;

    fn ids(f: &Finder, hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| f.shard.ids.get(h.idx as usize).to_string()).collect()
    }

    proptest! {
        /// Both views' first page and totals are the full engine's, whatever the mix of natures
        /// and however many names tie.
        #[test]
        fn first_page_is_the_full_engines(
            recs in proptest::collection::vec((0u8..6, 0u8..8), 0..160),
        ) {
            let natures = [Nature::EduDept, Nature::Collective, Nature::InclusivePrivate, Nature::ForProfitPrivate,
                Nature::NonProfitPrivate, Nature::InclusivePrivate];
            let records: Vec<Record> = recs.iter().enumerate().map(|(i, &(n, _))| {
                let mut r = good();
                r.id = format!("r{i}");
                r.nature = natures[n as usize];
                r
            }).collect();
            // Few distinct names: ties are common.
            let py: Vec<String> = recs.iter().map(|&(_, k)| format!("you er yuan {k}")).collect();
            let full = Finder::new(decode_list(&encode_list(445200, &records, &py)).unwrap());
            let (bytes, n) = encode_first(445200, &records, &py);
            let first = decode_first(&bytes).unwrap();
            prop_assert_eq!(first.finder.len(), n);
            prop_assert!(n <= 2 * PAGE);
            for view in [View::Inclusive, View::Everything] {
                let all = full.search(&view.query(), None);
                prop_assert_eq!(first.total(view), all.len());
                prop_assert_eq!(ids(&first.finder, &first.page(view)), ids(&full, &all[..all.len().min(PAGE)]));
            }
            prop_assert_eq!(first.check_against(&full.shard), Ok(()));
            // The same records, one with another fee: caught whenever the first page shows it.
            if let Some(k) = records.iter().position(|r| r.nature.is_inclusive()) {
                let mut changed = records.clone();
                changed[k].fees.care += 1;
                let (stale, _) = encode_first(445200, &changed, &py);
                let on_page = [View::Inclusive, View::Everything]
                    .iter()
                    .any(|&v| ids(&first.finder, &first.page(v)).contains(&records[k].id));
                prop_assert_eq!(decode_first(&stale).unwrap().check_against(&full.shard).is_err(), on_page);
            }
            // Another city's first page is not this list's.
            if let Some(last) = records.len().checked_sub(1) {
                let (other, _) = encode_first(445200, &records[..last], &py[..last]);
                prop_assert!(decode_first(&other).unwrap().check_against(&full.shard).is_err());
            }
        }
    }

    #[test]
    fn only_the_two_landing_views_are_answered() {
        assert_eq!(View::of(&Query::default()), Some(View::Inclusive));
        assert_eq!(View::of(&Query::everything()), Some(View::Everything));
        let mut q = Query::default();
        q.set_text("阳光");
        assert_eq!(View::of(&q), None);
        assert_eq!(View::of(&Query { fee_max: Some(1500), ..Query::everything() }), None);
        assert_eq!(View::of(&Query { county: Some(445202), ..Query::default() }), None);
    }

    #[test]
    fn a_damaged_file_is_refused_by_offset_and_never_panics() {
        let records: Vec<Record> = (0..5).map(|i| Record { id: format!("r{i}"), ..good() }).collect();
        let py: Vec<String> = (0..5).map(|i| format!("you er yuan {i}")).collect();
        let (bytes, _) = encode_first(445200, &records, &py);
        for cut in 0..bytes.len() {
            assert!(decode_first(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode_first(&encode_list(445200, &records, &py))
            .err()
            .is_some_and(|e| e.what.contains("KGF1")));
        // Totals below what the file holds are a wrong file, not a page to show.
        let mut small = bytes.clone();
        small[5] = 1;
        assert_eq!(decode_first(&small).err().map(|e| e.what), Some("总数与所含记录不符".into()));
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            let _ = decode_first(&b);
        }
    }
}
