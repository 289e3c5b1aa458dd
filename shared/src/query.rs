//! The finder's query engine over one or more decoded list shards: text search (Chinese
//! substring, full pinyin, initials; indifferent to 简/繁 and full/half width), filters, sorts,
//! nearest-k by a grid, and 社区/村 → kindergartens admitting from it. Built once per load; every
//! query then touches only flat arrays.

use crate::msg::Phrase;
use crate::{
    codec::{ListShard, StrCol, BIT_INCLUSION, BIT_RESOURCE_ROOM, BIT_TODDLER},
    geo::{distance_m, Point},
    model::Nature,
};
use std::{collections::HashMap, sync::OnceLock};

/// Folds text for matching: full-width ASCII to half-width, ASCII lower case, white space
/// removed, Traditional characters to Simplified when a map is given.
pub fn fold(s: &str, t2s: Option<&HashMap<char, char>>) -> String {
    crate::text::squeeze(s)
        .map(|c| c.to_ascii_lowercase())
        .map(|c| t2s.and_then(|m| m.get(&c).copied()).unwrap_or(c))
        .collect()
}

/// A set of record indices as bits.
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    fn set(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
    fn has(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }
}

/// Marks every record of a string column that contains `needle`, searching the column's
/// contiguous bytes in place (a match may not span two records).
fn mark_col(col: &StrCol, needle: &str, hit: &mut Bits) {
    if needle.is_empty() {
        return;
    }
    let n = needle.len();
    for pos in memchr::memmem::find_iter(col.data.as_bytes(), needle.as_bytes()) {
        let i = col.ends.partition_point(|&e| (e as usize) <= pos);
        if i < col.ends.len() && pos + n <= col.ends[i] as usize {
            hit.set(i);
        }
    }
}

/// A pair of consecutive characters, the unit the text index is keyed by.
fn gram(a: char, b: char) -> u64 {
    ((a as u64) << 32) | b as u64
}

/// Every character pair a record can be found by: within its name, its address, its pinyin
/// without spaces, and its initials (with repeats).
fn grams_of(s: &ListShard, i: usize, out: &mut Vec<u64>) {
    out.clear();
    for text in [s.names.get(i), s.addresses.get(i)] {
        let mut prev = None;
        for c in text.chars() {
            if let Some(p) = prev {
                out.push(gram(p, c));
            }
            prev = Some(c);
        }
    }
    let (mut prev, mut prev_initial) = (None, None);
    for syllable in s.pinyin.get(i).split(' ') {
        let mut chars = syllable.chars();
        let Some(first) = chars.next() else { continue };
        if let Some(p) = prev_initial {
            out.push(gram(p, first));
        }
        prev_initial = Some(first);
        for c in std::iter::once(first).chain(chars) {
            if let Some(p) = prev {
                out.push(gram(p, c));
            }
            prev = Some(c);
        }
    }
}

/// Whether `needle` occurs in the pinyin without its spaces, or in its initials.
fn pinyin_contains(pinyin: &str, needle: &[u8], buf: &mut Vec<u8>) -> bool {
    buf.clear();
    buf.extend(pinyin.bytes().filter(|&b| b != b' '));
    if memchr::memmem::find(buf, needle).is_some() {
        return true;
    }
    buf.clear();
    buf.extend(pinyin.split(' ').filter_map(|w| w.bytes().next()));
    memchr::memmem::find(buf, needle).is_some()
}

/// Pair → list number while building: ASCII pairs (pinyin, initials) in a table, others hashed.
struct Slots {
    ascii: Vec<u32>,
    other: rustc_hash::FxHashMap<u64, u32>,
}

impl Default for Slots {
    fn default() -> Slots {
        Slots { ascii: vec![u32::MAX; 128 * 128], other: Default::default() }
    }
}

impl Slots {
    fn ascii_at(k: u64) -> Option<usize> {
        let (a, b) = (k >> 32, k & 0xffff_ffff);
        (a < 128 && b < 128).then_some((a * 128 + b) as usize)
    }
    fn get_or_insert(&mut self, k: u64, next: u32) -> u32 {
        match Self::ascii_at(k) {
            Some(at) => {
                if self.ascii[at] == u32::MAX {
                    self.ascii[at] = next;
                }
                self.ascii[at]
            }
            None => *self.other.entry(k).or_insert(next),
        }
    }
    /// The list number of a pair inserted before.
    fn get(&self, k: u64) -> u32 {
        match Self::ascii_at(k) {
            Some(at) => self.ascii[at],
            None => self.other.get(&k).copied().unwrap_or(u32::MAX),
        }
    }
    fn keys(&self) -> Vec<u64> {
        let ascii = (0..128 * 128u64).filter(|&at| self.ascii[at as usize] != u32::MAX);
        ascii.map(|at| ((at / 128) << 32) | (at % 128)).chain(self.other.keys().copied()).collect()
    }
}

/// The records holding one character pair: delta-coded varints, or a bitmap when that is smaller.
#[derive(Clone, Copy)]
struct Postings {
    /// Byte offset in `TextIndex::sparse`, or word offset in `TextIndex::dense`.
    at: u32,
    count: u32,
}

/// An inverted index from character pairs to records. A two-character query is answered by one
/// posting list; a longer one intersects its pairs' lists and checks the few records left. It
/// costs about 1.3 bytes per (record, pair) — a quarter of the text it indexes.
struct TextIndex {
    n: usize,
    keys: Vec<u64>,
    lists: Vec<Postings>,
    sparse: Vec<u8>,
    dense: Vec<u64>,
}

fn varint_len(v: u32) -> usize {
    match v {
        0..0x80 => 1,
        0x80..0x4000 => 2,
        0x4000..0x20_0000 => 3,
        0x20_0000..0x1000_0000 => 4,
        _ => 5,
    }
}

impl TextIndex {
    fn is_dense(&self, p: Postings) -> bool {
        Self::dense_for(self.n, p.count as usize)
    }

    fn dense_for(n: usize, count: usize) -> bool {
        count * 8 >= n
    }

    /// Two passes over the records: the first sizes every list, the second writes them into
    /// buffers allocated once, so building needs little beyond the index itself.
    fn new(s: &ListShard) -> TextIndex {
        let n = s.len();
        let mut slots = Slots::default();
        // Per pair: (count, varint bytes, last record + 1); a repeat within a record is skipped.
        let mut sizes: Vec<(u32, u32, u32)> = Vec::new();
        let mut g = Vec::new();
        for i in 0..n {
            grams_of(s, i, &mut g);
            let rec = i as u32 + 1;
            for &k in &g {
                let at = slots.get_or_insert(k, sizes.len() as u32) as usize;
                if at == sizes.len() {
                    sizes.push((0, 0, 0));
                }
                let e = &mut sizes[at];
                if e.2 != rec {
                    e.0 += 1;
                    e.1 += varint_len(rec - e.2) as u32;
                    e.2 = rec;
                }
            }
        }
        let mut keys = slots.keys();
        keys.sort_unstable();
        let (mut sparse_len, mut dense_len) = (0usize, 0usize);
        let words = n.div_ceil(64);
        let lists: Vec<Postings> = keys
            .iter()
            .map(|&k| {
                let (count, bytes, _) = sizes[slots.get(k) as usize];
                if Self::dense_for(n, count as usize) {
                    dense_len += words;
                    Postings { at: (dense_len - words) as u32, count }
                } else {
                    sparse_len += bytes as usize;
                    Postings { at: (sparse_len - bytes as usize) as u32, count }
                }
            })
            .collect();
        // Reuse `sizes` as (write cursor, count, last record + 1) of each list.
        for (&k, p) in keys.iter().zip(&lists) {
            sizes[slots.get(k) as usize] = (p.at, p.count, 0);
        }
        let mut sparse = vec![0u8; sparse_len];
        let mut dense = vec![0u64; dense_len];
        for i in 0..n {
            grams_of(s, i, &mut g);
            let rec = i as u32 + 1;
            for &k in &g {
                let e = &mut sizes[slots.get(k) as usize];
                let (cursor, count, last) = *e;
                if last == rec {
                    continue;
                }
                if Self::dense_for(n, count as usize) {
                    dense[cursor as usize + i / 64] |= 1 << (i % 64);
                } else {
                    let mut v = rec - last;
                    let mut c = cursor as usize;
                    while v >= 0x80 {
                        sparse[c] = v as u8 | 0x80;
                        v >>= 7;
                        c += 1;
                    }
                    sparse[c] = v as u8;
                    e.0 = c as u32 + 1;
                }
                e.2 = rec;
            }
        }
        TextIndex { n, keys, lists, sparse, dense }
    }

    fn list(&self, k: u64) -> Option<Postings> {
        self.keys.binary_search(&k).ok().map(|at| self.lists[at])
    }

    /// The records of a sparse list, ascending.
    fn decode(&self, p: Postings, out: &mut Vec<u32>) {
        let mut at = p.at as usize;
        let mut rec = 0u32;
        for _ in 0..p.count {
            let (mut v, mut shift) = (0u32, 0);
            loop {
                let b = self.sparse[at];
                at += 1;
                v |= ((b & 0x7f) as u32) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            rec += v;
            out.push(rec - 1);
        }
    }

    fn dense_has(&self, p: Postings, i: u32) -> bool {
        let i = i as usize;
        self.dense[p.at as usize + i / 64] >> (i % 64) & 1 == 1
    }

    /// Marks the records whose name, address, pinyin or initials contain `text` (folded, at
    /// least two characters).
    fn mark(&self, s: &ListShard, text: &str, hit: &mut Bits) {
        let chars: Vec<char> = text.chars().collect();
        let mut lists = Vec::with_capacity(chars.len());
        for w in chars.windows(2) {
            match self.list(gram(w[0], w[1])) {
                Some(p) => lists.push(p),
                None => return,
            }
        }
        lists.sort_by_key(|p| p.count);
        let Some(&first) = lists.first() else { return };
        // A two-character query is one pair: its list is the answer. Longer ones are checked.
        let mut buf = Vec::new();
        let mut check = |i: u32| chars.len() == 2 || self.verify(s, i, text, &mut buf);
        if self.is_dense(first) {
            // Every pair is common: check every record against the rarest's bitmap.
            for i in 0..self.n as u32 {
                if lists.iter().all(|&p| self.dense_has(p, i)) && check(i) {
                    hit.set(i as usize);
                }
            }
            return;
        }
        let mut cand = Vec::with_capacity(first.count as usize);
        self.decode(first, &mut cand);
        let mut other = Vec::new();
        for &p in &lists[1..] {
            if self.is_dense(p) {
                cand.retain(|&i| self.dense_has(p, i));
            } else {
                other.clear();
                self.decode(p, &mut other);
                let mut j = 0;
                cand.retain(|&i| {
                    while j < other.len() && other[j] < i {
                        j += 1;
                    }
                    j < other.len() && other[j] == i
                });
            }
        }
        for i in cand {
            if check(i) {
                hit.set(i as usize);
            }
        }
    }

    /// Whether record i's name, address, pinyin or initials contain `text` (`buf` is scratch).
    fn verify(&self, s: &ListShard, i: u32, text: &str, buf: &mut Vec<u8>) -> bool {
        let i = i as usize;
        s.names.get(i).contains(text)
            || s.addresses.get(i).contains(text)
            || pinyin_contains(s.pinyin.get(i), text.as_bytes(), buf)
    }

    fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8
            + self.lists.capacity() * 8
            + self.sparse.capacity()
            + self.dense.capacity() * 8
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    /// Distance when a place is set, else name.
    #[default]
    Auto,
    Distance,
    FeeAsc,
    FeeDesc,
    Grade,
    Name,
}

impl Sort {
    /// Every order a reader can choose, `Auto` first.
    pub const ALL: [Sort; 6] =
        [Sort::Auto, Sort::Name, Sort::FeeAsc, Sort::FeeDesc, Sort::Grade, Sort::Distance];

    /// The value of `?sort=` ("" for `Auto`, which the URL leaves out).
    pub fn code(self) -> &'static str {
        match self {
            Sort::Auto => "",
            Sort::Distance => "distance",
            Sort::FeeAsc => "fee",
            Sort::FeeDesc => "fee_desc",
            Sort::Grade => "grade",
            Sort::Name => "name",
        }
    }

    pub fn from_code(code: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The order a search actually uses: `Auto` is distance when there is a place to measure
    /// from and name otherwise, and distance without a place falls back to name. A sort control
    /// shows this, so it never names one order while the list is in another.
    pub fn effective(self, has_origin: bool) -> Sort {
        match self {
            Sort::Auto | Sort::Distance if has_origin => Sort::Distance,
            Sort::Auto | Sort::Distance => Sort::Name,
            other => other,
        }
    }
}

/// A yes/no condition on a kindergarten: one checkbox of the finder, one `1`-valued URL
/// parameter (its `code`). A new one is a variant here with its code and its test on a record
/// (`holds`); `params` and `Query` carry every flag without naming any, and the app gives it a
/// label and a checkbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flag {
    /// Has 托班 (2–3 year olds).
    Toddler,
    /// Takes children with disabilities (随班就读).
    Inclusion,
    /// Has a 资源教室 (a resource room for children with special needs).
    ResourceRoom,
}

impl Flag {
    /// In URL order.
    pub const ALL: &'static [Flag] = &[Flag::Toddler, Flag::Inclusion, Flag::ResourceRoom];

    /// The URL parameter.
    pub fn code(self) -> &'static str {
        match self {
            Flag::Toddler => "toddler",
            Flag::Inclusion => "inclusion",
            Flag::ResourceRoom => "room",
        }
    }

    pub fn from_code(code: &str) -> Option<Flag> {
        Flag::ALL.iter().copied().find(|f| f.code() == code)
    }

    /// Whether record `i` of the shard meets the condition.
    pub fn holds(self, s: &ListShard, i: usize) -> bool {
        match self {
            Flag::Toddler => s.bits[i] & BIT_TODDLER != 0,
            Flag::Inclusion => s.bits[i] & BIT_INCLUSION != 0,
            Flag::ResourceRoom => s.bits[i] & BIT_RESOURCE_ROOM != 0,
        }
    }
}

/// The flags a query asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags(u32);

impl Flags {
    pub fn has(self, f: Flag) -> bool {
        self.0 & (1 << f as u32) != 0
    }
    pub fn set(&mut self, f: Flag, on: bool) {
        if on {
            self.0 |= 1 << f as u32;
        } else {
            self.0 &= !(1 << f as u32);
        }
    }
    /// The flags asked for, in `Flag::ALL` order.
    pub fn iter(self) -> impl Iterator<Item = Flag> {
        Flag::ALL.iter().copied().filter(move |f| self.has(*f))
    }
}

impl From<&[Flag]> for Flags {
    fn from(flags: &[Flag]) -> Flags {
        let mut s = Flags::default();
        for &f in flags {
            s.set(f, true);
        }
        s
    }
}

/// One search of a city's kindergartens: every choice a reader makes, named and measured as
/// the URL carries it (`params::FinderParams` is this plus the city), so a new filter is one
/// field here, its URL form in `params`, and one control. The default is what a parent sees
/// first: 普惠 kindergartens (公办 and 普惠性民办), in name order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// Name, address or pinyin contains this (folded; at most `Query::MAX_TEXT` characters).
    pub text: String,
    /// Every kindergarten, not only 普惠 ones.
    pub all: bool,
    /// Any of these natures (empty: any).
    pub natures: Vec<Nature>,
    /// Minimum `Grade::rank` (0 = any).
    pub min_grade_rank: u8,
    pub fee_min: Option<u32>,
    pub fee_max: Option<u32>,
    /// Yes/no conditions, all of which must hold.
    pub flags: Flags,
    pub county: Option<u32>,
    pub town: Option<u32>,
    /// Only kindergartens whose service zone admits this 社区/村.
    pub village: Option<u64>,
    /// GCJ-02 point distances are measured from.
    pub near: Option<Point>,
    /// Only within this many kilometres of `near`.
    pub within_km: Option<f64>,
    pub sort: Sort,
}

impl Query {
    /// The longest search text kept (a URL or an input box may hold more).
    pub const MAX_TEXT: usize = 50;

    /// Every kindergarten, in name order: no filter at all.
    pub fn everything() -> Query {
        Query { all: true, ..Query::default() }
    }

    /// Sets the search text, cut to `MAX_TEXT` characters.
    pub fn set_text(&mut self, text: &str) {
        self.text = text.chars().take(Self::MAX_TEXT).collect();
    }

    /// The same query without its place, 社区/村 and sort: what selects the points a map shows
    /// (a 社区/村 rings its kindergartens there, it does not filter them).
    pub fn without_place(&self) -> Query {
        Query { village: None, near: None, within_km: None, sort: Sort::Name, ..self.clone() }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub idx: u32,
    /// Metres from the origin, when there is one.
    pub distance_m: Option<f64>,
}

/// Cell size of the nearest-neighbour grid, in millionths of a degree (0.05°, about 5 km).
const CELL: i32 = 50_000;
/// Cells per side of a block, the grid's coarse level (0.8°, about 80 km): nearest-k ranks the
/// blocks first and opens only those that may still hold a nearer record, so its work does not
/// grow with the cells an index occupies (tens of thousands for the whole country).
const BLOCK: i32 = 16;

pub struct Finder {
    pub shard: ListShard,
    /// Built on first use: the first results of a page never wait for it.
    text: OnceLock<TextIndex>,
    /// Records sorted by grid cell.
    grid: Vec<u32>,
    /// (cell key, first position in `grid`), sorted by key.
    cells: Vec<(u32, u32)>,
    /// Indices into `cells`, grouped by block.
    block_cells: Vec<u32>,
    /// (block key, first position in `block_cells`), sorted by key.
    blocks: Vec<(u32, u32)>,
    zones: ZoneIndex,
    /// Records in pinyin order: a name-sorted result is a filtered walk, no sort.
    by_name: Vec<u32>,
    /// (county, first record, end): each county's records when they are contiguous, as
    /// publications write them (by county, town, pinyin); empty otherwise.
    counties: Vec<(u32, u32, u32)>,
}

fn cell_of(lon_e6: i32, lat_e6: i32) -> (i32, i32) {
    (lon_e6.div_euclid(CELL), lat_e6.div_euclid(CELL))
}

/// A cell as one sortable number (a cell index is within ±3600 for any longitude or latitude).
fn cell_key(cx: i32, cy: i32) -> u32 {
    let part = |c: i32| (c.clamp(-32_768, 32_767) + 32_768) as u32;
    (part(cx) << 16) | part(cy)
}

/// The cell (or block) indices a key holds.
fn key_parts(key: u32) -> (i32, i32) {
    ((key >> 16) as i32 - 32_768, (key & 0xFFFF) as i32 - 32_768)
}

/// The block a cell lies in, as a key.
fn block_of(cell: u32) -> u32 {
    let (cx, cy) = key_parts(cell);
    cell_key(cx.div_euclid(BLOCK), cy.div_euclid(BLOCK))
}

/// Fast planar distance² in (metre-scaled) units, good for ranking nearby points.
fn approx_d2(a_lon: i32, a_lat: i32, b_lon: i32, b_lat: i32, coslat: f64) -> f64 {
    let dx = (a_lon - b_lon) as f64 * coslat;
    let dy = (a_lat - b_lat) as f64;
    dx * dx + dy * dy
}

/// 社区/村 → kindergartens, over the shard's packed zone codes (see `ListShard::zone_codes`).
/// Records with the same city prefix are contiguous in a publication (one city per shard), so
/// each block is sorted by its packed codes alone, in place, with no full codes built aside.
struct ZoneIndex {
    /// Positions of in-city codes in `zone_codes`, sorted by packed code within each block.
    positions: Vec<u32>,
    /// (city prefix, start, end in `positions`) of each block of records, sorted by prefix.
    blocks: Vec<(u32, u32, u32)>,
    /// Positions of codes outside their record's city, sorted by code.
    far: Vec<u32>,
}

impl ZoneIndex {
    fn new(s: &ListShard) -> ZoneIndex {
        let far_count = s.zone_far.len();
        let mut positions: Vec<u32> = Vec::with_capacity(s.zone_codes.len() - far_count);
        let mut far: Vec<u32> = Vec::with_capacity(far_count);
        let mut blocks: Vec<(u32, u32, u32)> = Vec::new();
        let mut i = 0;
        while i < s.len() {
            let prefix = s.zone_prefix(i);
            let first = i;
            while i < s.len() && s.zone_prefix(i) == prefix {
                i += 1;
            }
            let start = positions.len();
            for z in s.zone_start[first]..s.zone_start[i] {
                if s.zone_codes[z as usize] & crate::codec::ZONE_FAR != 0 {
                    far.push(z);
                } else {
                    positions.push(z);
                }
            }
            positions[start..].sort_unstable_by_key(|&z| (s.zone_codes[z as usize], z));
            if positions.len() > start {
                blocks.push((prefix as u32, start as u32, positions.len() as u32));
            }
        }
        blocks.sort_unstable();
        far.sort_unstable_by_key(|&z| (s.unpack_zone(0, s.zone_codes[z as usize]), z));
        ZoneIndex { positions, blocks, far }
    }

    /// Records whose service zone admits `village`, in record order.
    fn admitting(&self, s: &ListShard, village: u64) -> Vec<u32> {
        let record = |z: &u32| (s.zone_start.partition_point(|&b| b <= *z) - 1) as u32;
        let mut out = Vec::new();
        // In-city codes: the blocks of the village's city, each sorted by packed code.
        if let (Ok(prefix), Ok(packed)) =
            (u32::try_from(village / 100_000_000), u32::try_from(village % 100_000_000))
        {
            let at = self.blocks.partition_point(|b| b.0 < prefix);
            for &(_, start, end) in self.blocks[at..].iter().take_while(|b| b.0 == prefix) {
                let block = &self.positions[start as usize..end as usize];
                let lo = block.partition_point(|&z| s.zone_codes[z as usize] < packed);
                out.extend(
                    block[lo..].iter().take_while(|&&z| s.zone_codes[z as usize] == packed).map(record),
                );
            }
        }
        let far = |z: u32| s.zone_far[(s.zone_codes[z as usize] & !crate::codec::ZONE_FAR) as usize];
        let lo = self.far.partition_point(|&z| far(z) < village);
        out.extend(self.far[lo..].iter().take_while(|&&z| far(z) == village).map(record));
        out.sort_unstable();
        out.dedup();
        out
    }

    fn heap_bytes(&self) -> usize {
        (self.positions.capacity() + self.far.capacity()) * 4 + self.blocks.capacity() * 12
    }
}

impl Finder {
    pub fn new(shard: ListShard) -> Finder {
        let n = shard.len();
        let s = &shard;
        let key = |i: u32| {
            let (cx, cy) = cell_of(s.lon_e6[i as usize], s.lat_e6[i as usize]);
            cell_key(cx, cy)
        };
        // Unstable sorts with explicit tie-breaks: the same order as stable ones, without their
        // scratch buffers (the wasm heap keeps its high-water mark).
        let mut grid: Vec<u32> = (0..n as u32).collect();
        grid.sort_unstable_by_key(|&i| (key(i), i));
        let zones = ZoneIndex::new(s);
        let mut by_name: Vec<u32> = (0..n as u32).collect();
        by_name.sort_unstable_by(|&a, &b| {
            s.pinyin.get(a as usize).cmp(s.pinyin.get(b as usize)).then(a.cmp(&b))
        });
        let mut counties: Vec<(u32, u32, u32)> = Vec::new();
        for (i, c) in (0..n).map(|i| (i, s.county(i))) {
            match counties.last_mut() {
                Some(l) if l.0 == c => l.2 = i as u32 + 1,
                _ => counties.push((c, i as u32, i as u32 + 1)),
            }
        }
        counties.sort_unstable();
        if counties.windows(2).any(|w| w[0].0 == w[1].0) {
            counties.clear(); // a county in two runs: filter by_name instead
        }
        // Counted first so the directory is allocated once, at its size.
        let cell_count =
            grid.iter().enumerate().filter(|&(at, &i)| at == 0 || key(grid[at - 1]) != key(i)).count();
        let mut cells: Vec<(u32, u32)> = Vec::with_capacity(cell_count);
        for (at, &i) in grid.iter().enumerate() {
            let k = key(i);
            if cells.last().is_none_or(|c| c.0 != k) {
                cells.push((k, at as u32));
            }
        }
        let mut block_cells: Vec<u32> = (0..cells.len() as u32).collect();
        block_cells.sort_unstable_by_key(|&j| (block_of(cells[j as usize].0), j));
        let mut blocks: Vec<(u32, u32)> = Vec::new();
        for (at, &j) in block_cells.iter().enumerate() {
            let b = block_of(cells[j as usize].0);
            if blocks.last().is_none_or(|x| x.0 != b) {
                blocks.push((b, at as u32));
            }
        }
        blocks.shrink_to_fit();
        Finder { shard, text: OnceLock::new(), grid, cells, block_cells, blocks, zones, by_name, counties }
    }

    /// Builds the text index now (it is otherwise built by the first search of two or more
    /// characters): a page calls this once its first results are on screen.
    pub fn prepare_text(&self) {
        self.text();
    }

    fn text(&self) -> &TextIndex {
        self.text.get_or_init(|| TextIndex::new(&self.shard))
    }

    pub fn len(&self) -> usize {
        self.shard.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shard.is_empty()
    }

    /// Bytes the engine holds on the heap, by part (columns at their capacity, and indexes).
    pub fn heap_parts(&self) -> Vec<(&'static str, usize)> {
        let s = &self.shard;
        let col = |c: &StrCol| c.data.capacity() + c.ends.capacity() * 4;
        vec![
            ("ids", col(&s.ids)),
            ("names", col(&s.names)),
            ("pinyin", col(&s.pinyin)),
            ("addresses", col(&s.addresses)),
            (
                "numbers",
                (s.town.capacity() + s.lon_e6.capacity() + s.lat_e6.capacity()) * 4
                    + s.nature.capacity() * size_of::<Nature>()
                    + s.grade.capacity() * size_of::<crate::model::Grade>()
                    + s.fee.capacity() * 4
                    + (s.flags.capacity() + s.children.capacity() + s.seats.capacity()) * 2
                    + s.bits.capacity(),
            ),
            (
                "service zones",
                (s.zone_start.capacity() + s.zone_codes.capacity()) * 4
                    + s.zone_far.capacity() * 8
                    + self.zones.heap_bytes(),
            ),
            ("text index", self.text.get().map_or(0, TextIndex::heap_bytes)),
            (
                "orders",
                (self.grid.capacity() + self.by_name.capacity()) * 4
                    + self.counties.capacity() * 12
                    + (self.cells.capacity() + self.blocks.capacity()) * 8
                    + self.block_cells.capacity() * 4,
            ),
        ]
    }

    pub fn heap_bytes(&self) -> usize {
        self.heap_parts().iter().map(|p| p.1).sum()
    }

    /// Records whose service zone admits `village`, in record order.
    pub fn admitting(&self, village: u64) -> Vec<u32> {
        self.zones.admitting(&self.shard, village)
    }

    /// The records of a county in pinyin order, when its records are contiguous.
    fn county_records(&self, county: u32) -> Option<Vec<u32>> {
        if self.counties.is_empty() {
            return None;
        }
        let s = &self.shard;
        let at = self.counties.partition_point(|c| c.0 < county);
        let mut out: Vec<u32> = match self.counties.get(at) {
            Some(&(c, start, end)) if c == county => (start..end).collect(),
            _ => vec![],
        };
        out.sort_by(|&a, &b| s.pinyin.get(a as usize).cmp(s.pinyin.get(b as usize)));
        Some(out)
    }

    fn passes(&self, i: usize, f: &Query) -> bool {
        let s = &self.shard;
        let nature = s.nature[i];
        (f.all || nature.is_inclusive())
            && (f.natures.is_empty() || f.natures.contains(&nature))
            && s.grade[i].rank() >= f.min_grade_rank
            && f.fee_min.is_none_or(|m| s.fee[i] >= m)
            && f.fee_max.is_none_or(|m| s.fee[i] <= m)
            && f.flags.iter().all(|flag| flag.holds(s, i))
            && f.county.is_none_or(|c| s.county(i) == c)
            && f.town.is_none_or(|t| s.town[i] == t)
    }

    /// Marks the records whose name, address, pinyin (without spaces) or initials contain the
    /// folded `text`.
    fn text_hits(&self, text: &str) -> Bits {
        let s = &self.shard;
        let mut hit = Bits::new(s.len());
        if text.chars().nth(1).is_some() {
            self.text().mark(s, text, &mut hit);
        } else {
            // One character: a scan. A letter is in the pinyin without spaces exactly when it is
            // in the pinyin, and an initial is in the pinyin too.
            mark_col(&s.names, text, &mut hit);
            mark_col(&s.addresses, text, &mut hit);
            mark_col(&s.pinyin, text, &mut hit);
        }
        hit
    }

    /// Runs a query; `t2s` folds Traditional input (see `hant::HantMap::inverse`).
    pub fn search(&self, q: &Query, t2s: Option<&HashMap<char, char>>) -> Vec<Hit> {
        let s = &self.shard;
        let text = fold(&q.text, t2s);
        let sort = q.sort.effective(q.near.is_some());
        // Candidates in pinyin order; every sort below is stable, so ties stay in that order.
        let hits = (!text.is_empty()).then(|| self.text_hits(&text));
        let keep = |i: &u32| hits.as_ref().is_none_or(|h| h.has(*i as usize)) && self.passes(*i as usize, q);
        let mut candidates: Vec<u32> = match (q.village, q.county) {
            (Some(v), _) => {
                let mut zone = self.admitting(v);
                zone.retain(keep);
                zone.sort_by(|&a, &b| s.pinyin.get(a as usize).cmp(s.pinyin.get(b as usize)));
                zone
            }
            (None, Some(c)) => match self.county_records(c) {
                Some(mut own) => {
                    own.retain(keep);
                    own
                }
                None => self.by_name.iter().copied().filter(keep).collect(),
            },
            (None, None) => self.by_name.iter().copied().filter(keep).collect(),
        };
        let (olon, olat, coslat) = match q.near {
            Some(p) => (crate::codec::e6(p.lon), crate::codec::e6(p.lat), p.lat.to_radians().cos()),
            None => (0, 0, 1.0),
        };
        if let (Some(km), Some(_)) = (q.within_km, q.near) {
            let max = km * 1000.0;
            // 1e-6 degree of latitude is about 0.111 m.
            let lim = (max / 0.111_195).powi(2);
            candidates.retain(|&i| {
                approx_d2(s.lon_e6[i as usize], s.lat_e6[i as usize], olon, olat, coslat) <= lim * 1.0001
            });
        }
        match sort {
            Sort::Distance => {
                let mut keyed: Vec<(f64, u32)> = candidates
                    .iter()
                    .map(|&i| (approx_d2(s.lon_e6[i as usize], s.lat_e6[i as usize], olon, olat, coslat), i))
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
                candidates = keyed.into_iter().map(|(_, i)| i).collect();
            }
            Sort::FeeAsc => candidates.sort_by_key(|&i| s.fee[i as usize]),
            Sort::FeeDesc => candidates.sort_by_key(|&i| std::cmp::Reverse(s.fee[i as usize])),
            Sort::Grade => candidates.sort_by_key(|&i| std::cmp::Reverse(s.grade[i as usize].rank())),
            Sort::Name | Sort::Auto => {}
        }
        candidates
            .into_iter()
            .map(|idx| Hit { idx, distance_m: q.near.map(|o| distance_m(o, s.point(idx as usize))) })
            .collect()
    }

    /// The `k` records nearest to `p` that pass `keep`, nearest first, with distances in metres.
    pub fn nearest(&self, p: Point, k: usize, keep: impl Fn(u32) -> bool) -> Vec<(u32, f64)> {
        let s = &self.shard;
        let (plon, plat) = (crate::codec::e6(p.lon), crate::codec::e6(p.lat));
        let coslat = p.lat.to_radians().cos();
        let mut best: Vec<(f64, u32)> = Vec::with_capacity(k + 1);
        let consider = |i: u32, best: &mut Vec<(f64, u32)>| {
            if !keep(i) {
                return;
            }
            let d = approx_d2(s.lon_e6[i as usize], s.lat_e6[i as usize], plon, plat, coslat);
            if best.len() < k || d < best[best.len() - 1].0 {
                let at = best.partition_point(|e| e.0 <= d);
                best.insert(at, (d, i));
                best.truncate(k);
            }
        };
        if k == 0 || s.is_empty() {
            return vec![];
        }
        // Occupied blocks, then their cells, nearest first by the least distance any point of
        // them can have (in the same planar metric); a block or cell is opened only while it
        // may hold a record nearer than the k-th found. Work is bounded by the blocks an index
        // occupies and the cells near `p`, wherever `p` lies — inside the records, outside them
        // or far from them.
        let lower_bound = |key: u32, size: i64| {
            let (cx, cy) = key_parts(key);
            let gap = |v: i32, c: i32| {
                let (lo, hi) = (c as i64 * size, (c as i64 + 1) * size - 1);
                (lo - v as i64).max(v as i64 - hi).max(0) as f64
            };
            let (dx, dy) = (gap(plon, cx) * coslat, gap(plat, cy));
            dx * dx + dy * dy
        };
        // A bound is a sum of squares (never negative), so its bits order as its value does.
        // Entries: (bound, block index) or (bound, CELL_TAG | cell index).
        const CELL_TAG: u32 = 1 << 31;
        let mut heap: std::collections::BinaryHeap<std::cmp::Reverse<(u64, u32)>> = self
            .blocks
            .iter()
            .enumerate()
            .map(|(b, x)| std::cmp::Reverse((lower_bound(x.0, (BLOCK * CELL) as i64).to_bits(), b as u32)))
            .collect();
        while let Some(std::cmp::Reverse((bits, at))) = heap.pop() {
            let bound = f64::from_bits(bits);
            if best.len() == k && best[k - 1].0 < bound {
                break;
            }
            if at & CELL_TAG == 0 {
                let b = at as usize;
                let end = self.blocks.get(b + 1).map_or(self.block_cells.len(), |x| x.1 as usize);
                for &j in &self.block_cells[self.blocks[b].1 as usize..end] {
                    let d = lower_bound(self.cells[j as usize].0, CELL as i64);
                    heap.push(std::cmp::Reverse((d.to_bits(), CELL_TAG | j)));
                }
            } else {
                let j = (at & !CELL_TAG) as usize;
                let end = self.cells.get(j + 1).map_or(self.grid.len(), |c| c.1 as usize);
                for &i in &self.grid[self.cells[j].1 as usize..end] {
                    consider(i, &mut best);
                }
            }
        }
        best.into_iter().map(|(_, i)| (i, distance_m(p, s.point(i as usize)))).collect()
    }

    /// For a 社区/村: the `k` nearest 普惠 kindergartens its service zones do not already list,
    /// measured from the centre of those that do (or, when none does, of its 乡镇/街道's), so a
    /// parent sees what else is close. Empty when there is nowhere to measure from.
    pub fn nearby_others(&self, village: u64, k: usize) -> Vec<(u32, f64)> {
        let s = &self.shard;
        let zone = self.admitting(village);
        let from: Vec<u32> = if zone.is_empty() {
            let town = (village / 1000) as u32;
            (0..s.len() as u32).filter(|&i| s.town[i as usize] == town).collect()
        } else {
            zone.clone()
        };
        if from.is_empty() {
            return vec![];
        }
        let n = from.len() as f64;
        let centre = Point {
            lon: from.iter().map(|&i| s.point(i as usize).lon).sum::<f64>() / n,
            lat: from.iter().map(|&i| s.point(i as usize).lat).sum::<f64>() / n,
        };
        self.nearest(centre, k, |i| s.nature[i as usize].is_inclusive() && !zone.contains(&i))
    }

    /// The results as downloaded: one row per hit, in the list's order.
    pub fn results_table(&self, hits: &[Hit]) -> crate::export::Table<Phrase> {
        use crate::msg::Msg;
        let headers = [
            Msg::ColId,
            Msg::ColName,
            Msg::ColNature,
            Msg::ColGrade,
            Msg::ColFeeMonth,
            Msg::ColCountyCode,
            Msg::ColTownCode,
            Msg::ColAddress,
            Msg::ColLon,
            Msg::ColLat,
            Msg::ColChildren,
            Msg::ColSeats,
            Msg::ColWarnings,
        ];
        let plain = |v: &dyn ToString| Phrase::plain(v.to_string());
        let rows = hits
            .iter()
            .map(|h| {
                let r = self.shard.row(h.idx as usize);
                let p = r.point();
                vec![
                    Phrase::data(r.id().to_string()),
                    Phrase::data(r.name()),
                    Phrase::data(r.nature().label()),
                    Phrase::data(r.grade().label()),
                    plain(&r.fee()),
                    plain(&r.county()),
                    plain(&r.town()),
                    Phrase::data(r.address()),
                    plain(&crate::num::fixed(p.lon, 6)),
                    plain(&crate::num::fixed(p.lat, 6)),
                    plain(&r.children()),
                    plain(&r.seats()),
                    plain(&r.warnings()),
                ]
            })
            .collect();
        crate::export::Table::new(headers.map(Phrase::from).to_vec(), rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        check::tests::good,
        codec::{decode_list, encode_list, ListSizes},
        model::Grade,
    };
    use proptest::prelude::*;

    fn finder() -> Finder {
        let mk = |id: &str, name: &str, nature, fee, lon, lat, zone: Vec<u64>| {
            let mut r = good();
            r.id = id.into();
            r.address = match id {
                "a" => "中山街道新兴路1号",
                "b" => "中山街道人民路2号",
                "c" => "曲溪街道建设路3号",
                _ => "星沙街道开元路4号",
            }
            .into();
            r.name = name.into();
            r.nature = nature;
            r.fees.care = fee;
            r.location = Point { lon, lat };
            r.zone = zone;
            r
        };
        let recs = vec![
            mk(
                "a",
                "榕城区星桥幼儿园",
                Nature::EduDept,
                600,
                116.37,
                23.54,
                vec![445202001001, 445202001002],
            ),
            mk("b", "榕城区阳光幼儿园", Nature::InclusivePrivate, 1200, 116.40, 23.55, vec![445202001002]),
            mk("c", "揭东区蓓蕾幼儿园", Nature::ForProfitPrivate, 3000, 116.42, 23.57, vec![]),
            mk("d", "长沙县星沙幼儿园", Nature::NonProfitPrivate, 1800, 116.30, 23.50, vec![]),
        ];
        let py: Vec<String> = vec![
            "rong cheng qu xing qiao you er yuan".into(),
            "rong cheng qu yang guang you er yuan".into(),
            "jie dong qu bei lei you er yuan".into(),
            "chang sha xian xing sha you er yuan".into(),
        ];
        Finder::new(decode_list(&encode_list(445200, &recs, &py)).unwrap())
    }

    proptest! {
        /// Every set of yes/no flags selects exactly the records whose published fields say yes
        /// to each (a blank 未填报 is not a yes), against a scan of the records themselves.
        #[test]
        fn flags_select_what_the_records_say(
            recs in proptest::collection::vec((any::<bool>(), proptest::option::of(any::<bool>()), proptest::option::of(any::<bool>())), 1..40),
            asked in proptest::collection::vec(any::<bool>(), Flag::ALL.len()),
        ) {
            let records: Vec<_> = recs.iter().enumerate().map(|(i, &(toddler, inclusion, room))| {
                let mut r = good();
                r.id = format!("r{i}");
                r.name = format!("幼儿园{i}");
                if !toddler {
                    r.classes[crate::model::ClassType::Toddler as usize] = crate::model::ClassCount::default();
                }
                (r.inclusion, r.resource_room) = (inclusion, room);
                r
            }).collect();
            let py: Vec<String> = records.iter().map(|r| format!("you er yuan {}", r.id)).collect();
            let f = Finder::new(decode_list(&encode_list(445200, &records, &py)).unwrap());
            let flags: Vec<Flag> = Flag::ALL.iter().zip(&asked).filter(|(_, on)| **on).map(|(f, _)| *f).collect();
            let q = Query { all: true, flags: flags.as_slice().into(), ..Query::default() };
            let mut got: Vec<String> = f.search(&q, None).iter().map(|h| f.shard.ids.get(h.idx as usize).to_string()).collect();
            let says = |r: &crate::model::Record, flag: Flag| match flag {
                Flag::Toddler => r.offers_toddler(),
                Flag::Inclusion => r.inclusion == Some(true),
                Flag::ResourceRoom => r.resource_room == Some(true),
            };
            let mut want: Vec<String> = records.iter().filter(|r| flags.iter().all(|&fl| says(r, fl))).map(|r| r.id.clone()).collect();
            got.sort();
            want.sort();
            prop_assert_eq!(got, want);
            // The URL form round-trips.
            use crate::params::UrlState;
            let p = crate::params::FinderParams { city: Some(445200), query: q.clone() };
            let (back, bad) = crate::params::FinderParams::from_query_string(&crate::links::query_string(&p.to_query()));
            prop_assert!(bad.is_empty());
            prop_assert_eq!(back.query.flags, q.flags);
        }
    }

    fn names(f: &Finder, hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| f.shard.names.get(h.idx as usize).to_string()).collect()
    }

    fn text(q: &str) -> Query {
        Query { text: q.into(), ..Query::everything() }
    }

    #[test]
    fn finds_by_chinese_pinyin_initials_width_and_script() {
        let f = finder();
        assert_eq!(names(&f, &f.search(&text("星桥"), None)), ["榕城区星桥幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("xqy"), None)), ["榕城区星桥幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("XingQiao"), None)), ["榕城区星桥幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("ｘｑｙ"), None)), ["榕城区星桥幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("星 桥"), None)), ["榕城区星桥幼儿园"]);
        let t2s: HashMap<char, char> = [('橋', '桥'), ('區', '区')].into_iter().collect();
        assert_eq!(names(&f, &f.search(&text("星橋"), Some(&t2s))), ["榕城区星桥幼儿园"]);
        // Address search; 长 read cháng in 长沙.
        assert_eq!(names(&f, &f.search(&text("人民路"), None)), ["榕城区阳光幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("中山街道"), None)), ["榕城区星桥幼儿园", "榕城区阳光幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("changsha"), None)), ["长沙县星沙幼儿园"]);
        assert_eq!(f.search(&text("zz"), None).len(), 0);
        assert_eq!(f.search(&text(""), None).len(), 4);
    }

    #[test]
    fn the_effective_sort_is_what_the_list_is_in() {
        assert_eq!(Sort::Auto.effective(true), Sort::Distance);
        assert_eq!(Sort::Auto.effective(false), Sort::Name);
        assert_eq!(Sort::Distance.effective(false), Sort::Name);
        assert_eq!(Sort::Name.effective(true), Sort::Name);
        assert_eq!(Sort::FeeAsc.effective(true), Sort::FeeAsc);
    }

    #[test]
    fn filters_and_sorts() {
        let f = finder();
        let mut q = Query { sort: Sort::FeeDesc, ..Query::default() };
        assert_eq!(names(&f, &f.search(&q, None)), ["榕城区阳光幼儿园", "榕城区星桥幼儿园"]);
        q = Query { fee_max: Some(2000), fee_min: Some(700), sort: Sort::FeeAsc, ..Query::everything() };
        assert_eq!(names(&f, &f.search(&q, None)), ["榕城区阳光幼儿园", "长沙县星沙幼儿园"]);
        q = Query { natures: vec![Nature::ForProfitPrivate], ..Query::everything() };
        assert_eq!(names(&f, &f.search(&q, None)), ["揭东区蓓蕾幼儿园"]);
        q = Query { min_grade_rank: Grade::Province1.rank(), ..Query::everything() };
        assert!(f.search(&q, None).is_empty(), "fixtures are 市一级");
        // Sorting by name follows pinyin.
        let all = f.search(&Query::everything(), None);
        assert_eq!(names(&f, &all)[0], "长沙县星沙幼儿园");
        // Distance: origin at 星桥, within 5 km.
        let q = Query {
            near: Some(Point { lon: 116.37, lat: 23.54 }),
            within_km: Some(5.0),
            ..Query::everything()
        };
        let hits = f.search(&q, None);
        assert_eq!(names(&f, &hits), ["榕城区星桥幼儿园", "榕城区阳光幼儿园"]);
        assert!(hits[0].distance_m.unwrap() < 1.0);
        let d = hits[1].distance_m.unwrap();
        assert!((3_000.0..3_500.0).contains(&d), "{d}");
    }

    #[test]
    fn nearby_others_are_inclusive_and_outside_the_zone() {
        let f = finder();
        // 445202001001 is admitted by 星桥 only: the one other 普惠 kindergarten is 阳光 (营利性
        // 蓓蕾 and 非营利 星沙 are not 普惠), about 3.2 km from 星桥.
        let near = f.nearby_others(445202001001, 5);
        assert_eq!(near.len(), 1, "{near:?}");
        assert_eq!(f.shard.names.get(near[0].0 as usize), "榕城区阳光幼儿园");
        assert!((3_000.0..3_500.0).contains(&near[0].1), "{near:?}");
        // Admitted by both 普惠 ones: nothing else to offer.
        assert!(f.nearby_others(445202001002, 5).is_empty());
        assert!(f.nearby_others(999999999999, 5).is_empty(), "no town to measure from");
        let t = f.results_table(&f.search(&Query::everything(), None)).render(&crate::msg::Script::HANS);
        assert_eq!(t.headers[4], "保教费（元/月）");
        assert_eq!(t.rows.len(), f.shard.len());
        assert_eq!(t.headers.len(), t.rows[0].len());
        assert_eq!(t.rows[0][1], "长沙县星沙幼儿园", "in the list's order");
    }

    #[test]
    fn service_zone_lookup() {
        let f = finder();
        assert_eq!(f.admitting(445202001002), vec![0, 1]);
        assert_eq!(f.admitting(445202001001), vec![0]);
        assert!(f.admitting(445202009999).is_empty());
        let q = Query { village: Some(445202001002), ..Query::everything() };
        assert_eq!(f.search(&q, None).len(), 2);
    }

    /// What the text index must answer, by brute force over the plain strings.
    fn brute_force(f: &Finder, text: &str) -> Vec<u32> {
        let s = &f.shard;
        let mut out: Vec<u32> = (0..s.len() as u32)
            .filter(|&i| {
                let i = i as usize;
                let py = s.pinyin.get(i);
                s.names.get(i).contains(text)
                    || s.addresses.get(i).contains(text)
                    || py.replace(' ', "").contains(text)
                    || crate::codec::initials_of(py).contains(text)
            })
            .collect();
        out.sort_by(|&a, &b| s.pinyin.get(a as usize).cmp(s.pinyin.get(b as usize)).then(a.cmp(&b)));
        out
    }

    /// A finder over one record at each (lon, lat).
    /// The planar distances² of `nearest`'s k records from `origin`, and of brute force's over
    /// every record (ranked by the same metric).
    fn nearest_and_brute_force(pts: &[(f64, f64)], origin: Point, k: usize) -> (Vec<f64>, Vec<f64>) {
        let f = finder_at(pts);
        let (plon, plat) = (crate::codec::e6(origin.lon), crate::codec::e6(origin.lat));
        let c = origin.lat.to_radians().cos();
        let d = |i: u32| approx_d2(f.shard.lon_e6[i as usize], f.shard.lat_e6[i as usize], plon, plat, c);
        let got = f.nearest(origin, k, |_| true).into_iter().map(|x| d(x.0)).collect();
        let mut all: Vec<u32> = (0..pts.len() as u32).collect();
        all.sort_by(|&a, &b| d(a).total_cmp(&d(b)));
        all.truncate(k);
        (got, all.into_iter().map(d).collect())
    }

    fn finder_at(pts: &[(f64, f64)]) -> Finder {
        let recs: Vec<_> = pts
            .iter()
            .enumerate()
            .map(|(i, &(lon, lat))| {
                let mut r = good();
                r.id = i.to_string();
                r.location = Point { lon, lat };
                r
            })
            .collect();
        let py = vec![String::new(); recs.len()];
        Finder::new(decode_list(&encode_list(445200, &recs, &py)).unwrap())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn text_index_equals_brute_force(
            recs in proptest::collection::vec(
                ("[星桥阳光中心实验幼儿园a-c]{1,8}", "[中山路星桥1-2号]{0,8}", proptest::collection::vec("(a|an|ba|ca|xing|qiao|c)", 1..6)),
                1..120,
            ),
            queries in proptest::collection::vec("[星桥阳光中心实验幼儿园山路1a-cgnoqixy]{1,4}", 1..12),
        ) {
            let records: Vec<_> = recs.iter().enumerate().map(|(i, (name, addr, _))| {
                let mut r = good();
                r.id = format!("r{i}");
                r.name = name.clone();
                r.address = addr.clone();
                r
            }).collect();
            let py: Vec<String> = recs.iter().map(|(_, _, p)| p.join(" ")).collect();
            let f = Finder::new(decode_list(&encode_list(445200, &records, &py)).unwrap());
            for q in &queries {
                let got: Vec<u32> = f.search(&text(q), None).iter().map(|h| h.idx).collect();
                let want = brute_force(&f, q);
                // Equal pinyin may come in either order; compare as sets, then check the order.
                let (mut g, mut w) = (got.clone(), want.clone());
                g.sort_unstable();
                w.sort_unstable();
                prop_assert_eq!(g, w, "query {:?}", q);
                for pair in got.windows(2) {
                    prop_assert!(f.shard.pinyin.get(pair[0] as usize) <= f.shard.pinyin.get(pair[1] as usize));
                }
            }
        }

        #[test]
        fn filters_equal_brute_force(
            recs in proptest::collection::vec((0u8..4, 0u32..3000, 0u32..3, proptest::bool::ANY), 1..150),
            county in 0u32..3,
            fee_max in 0u32..3000,
            inclusive in proptest::bool::ANY,
            sort in 0u8..4,
        ) {
            let natures = [Nature::EduDept, Nature::InclusivePrivate, Nature::ForProfitPrivate, Nature::NonProfitPrivate];
            let records: Vec<_> = recs.iter().enumerate().map(|(i, &(n, fee, c, toddler))| {
                let mut r = good();
                r.id = format!("r{i}");
                r.name = format!("幼儿园{}", i % 7);
                r.nature = natures[n as usize];
                r.fees.care = fee;
                r.county = 445202 + c;
                r.town = r.county * 1000 + 1;
                r.zone = vec![];
                if !toddler {
                    r.classes[crate::model::ClassType::Toddler as usize] = crate::model::ClassCount::default();
                }
                r
            }).collect();
            let py: Vec<String> = records.iter().map(|r| format!("you er yuan {}", r.name.chars().last().unwrap())).collect();
            let f = Finder::new(decode_list(&encode_list(445200, &records, &py)).unwrap());
            let filters = Query {
                all: !inclusive,
                fee_max: Some(fee_max),
                county: Some(445202 + county),
                sort: [Sort::Name, Sort::FeeAsc, Sort::FeeDesc, Sort::Grade][sort as usize],
                ..Query::default()
            };
            let sort = filters.sort;
            let got: Vec<u32> = f.search(&filters, None)
                .iter().map(|h| h.idx).collect();
            let s = &f.shard;
            let mut want: Vec<u32> = (0..s.len() as u32).filter(|&i| f.passes(i as usize, &filters)).collect();
            // Ties in the sort key are in pinyin order, then record order.
            want.sort_by(|&a, &b| {
                let (a, b) = (a as usize, b as usize);
                let key = match sort {
                    Sort::FeeAsc => s.fee[a].cmp(&s.fee[b]),
                    Sort::FeeDesc => s.fee[b].cmp(&s.fee[a]),
                    Sort::Grade => s.grade[b].rank().cmp(&s.grade[a].rank()),
                    _ => std::cmp::Ordering::Equal,
                };
                key.then(s.pinyin.get(a).cmp(s.pinyin.get(b))).then(a.cmp(&b))
            });
            prop_assert_eq!(got, want);
        }

        #[test]
        fn zone_lookup_equals_a_scan(
            // Two cities' shards, merged as the national engine merges them; a zone may name a
            // 社区/村 of the other city or of a third one (kept whole, not packed).
            zones in proptest::collection::vec((0usize..2, proptest::collection::vec((0usize..3, 0u64..2, 1u64..5), 0..5)), 1..80),
        ) {
            const TOWNS: [u64; 3] = [445202001, 445302002, 440103003];
            let mut records: Vec<_> = zones.iter().enumerate().map(|(i, (city, z))| {
                let mut r = good();
                r.id = format!("r{i}");
                r.county = [445202, 445302][*city];
                r.town = r.county * 1000 + 1;
                r.zone = z.iter().map(|&(t, dt, v)| (TOWNS[t] + dt) * 1000 + v).collect();
                r
            }).collect();
            records.sort_by_key(|r| r.county);
            let split = records.iter().position(|r| r.county == 445302).unwrap_or(records.len());
            let py = vec!["you er yuan".to_string(); records.len()];
            let (a, b) = (encode_list(445200, &records[..split], &py[..split]), encode_list(445300, &records[split..], &py[split..]));
            let mut sizes = ListSizes::of(&a).unwrap();
            sizes += ListSizes::of(&b).unwrap();
            let mut shard = ListShard::with_capacity(sizes);
            shard.decode_append(&a).unwrap();
            shard.decode_append(&b).unwrap();
            for (i, r) in records.iter().enumerate() {
                prop_assert_eq!(shard.zone(i).collect::<Vec<_>>(), r.zone.clone());
            }
            let f = Finder::new(shard);
            for village in TOWNS.iter().flat_map(|t| [*t, t + 1]).flat_map(|t| (0..6).map(move |v| t * 1000 + v)) {
                let want: Vec<u32> =
                    (0..records.len() as u32).filter(|&i| records[i as usize].zone.contains(&village)).collect();
                prop_assert_eq!(f.admitting(village), want.clone());
                prop_assert_eq!(f.shard.admitting(village), want);
            }
        }

        #[test]
        fn nearest_from_far_outside_the_records_equals_brute_force(
            pts in proptest::collection::vec((113.0f64..114.0, 22.0f64..23.0), 1..200),
            p in prop_oneof![Just((116.397f64, 39.909f64)), (70.0f64..140.0, -10.0f64..55.0)],
            k in 1usize..25,
        ) {
            let (got, want) = nearest_and_brute_force(&pts, Point { lon: p.0, lat: p.1 }, k);
            prop_assert_eq!(got, want);
        }

        #[test]
        fn nearest_over_the_whole_country_equals_brute_force(
            pts in proptest::collection::vec((73.0f64..135.0, 18.0f64..53.0), 1..400),
            p in (60.0f64..150.0, 0.0f64..60.0),
            k in 1usize..25,
        ) {
            // Records spread over many blocks: the coarse level must never hide a nearer one.
            let (got, want) = nearest_and_brute_force(&pts, Point { lon: p.0, lat: p.1 }, k);
            prop_assert_eq!(got, want);
        }

        #[test]
        fn nearest_equals_brute_force(
            pts in proptest::collection::vec((113.0f64..117.0, 21.0f64..25.0), 1..300),
            p in (112.0f64..118.0, 20.0f64..26.0),
            k in 1usize..25,
        ) {
            let f = finder_at(&pts);
            let origin = Point { lon: p.0, lat: p.1 };
            let got: Vec<f64> = f.nearest(origin, k, |_| true).into_iter().map(|x| x.1).collect();
            let mut all: Vec<f64> = (0..pts.len()).map(|i| distance_m(origin, f.shard.point(i))).collect();
            all.sort_by(f64::total_cmp);
            all.truncate(k);
            prop_assert_eq!(got.len(), all.len());
            for (a, b) in got.iter().zip(&all) {
                // The grid ranks by a planar approximation: allow its error (well under 1%).
                prop_assert!((a - b).abs() <= b * 0.01 + 1.0, "{} vs {}", a, b);
            }
        }
    }
}
