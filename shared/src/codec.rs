//! The binary shard format. Each city is published as two files:
//!
//! * **list** (`KGL1`): what the finder lists, filters and searches — id, name, pinyin, address,
//!   division codes, position, nature, grade, fee, flags, children, service zone;
//! * **detail** (`KGD1`): every other published field, loaded when a reader opens a record.
//!
//! Both are column-oriented (one column after another, each length-prefixed), with varints and
//! deltas so that brotli has little left to do. Decoding checks every length, code and date and
//! returns a `CodecError` naming the byte offset: a corrupted or truncated file never panics and
//! never yields wrong records. (The app also verifies each file's SHA-256 against the manifest.)

use crate::{
    date::Date,
    geo::{MultiPolygon, Point},
    model::{ClassCount, Education, Fees, FoodSafety, Grade, Nature, Quality, Record, Staffing},
};
use std::fmt;

pub const LIST_MAGIC: &[u8; 4] = b"KGL1";
pub const DETAIL_MAGIC: &[u8; 4] = b"KGD2";
const MAX_RECORDS: u64 = 5_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError {
    pub offset: usize,
    pub what: String,
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "数据文件损坏：第 {} 字节处{}", self.offset, self.what)
    }
}

impl std::error::Error for CodecError {}

#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }
    pub fn zigzag(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub fn opt_varint(&mut self, v: Option<u64>) {
        self.varint(v.map_or(0, |v| v + 1));
    }
    pub fn date(&mut self, d: Option<Date>) {
        // Days since 1900-01-01 plus one; 0 is "none".
        self.varint(d.map_or(0, |d| (d.to_days() - Date::new(1900, 1, 1).unwrap().to_days()) as u64 + 1));
    }
    /// Appends a column: its byte length, then its bytes.
    pub fn column(&mut self, col: Writer) {
        self.varint(col.buf.len() as u64);
        self.buf.extend_from_slice(&col.buf);
    }
}

#[derive(Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Offset of `buf[0]` in the file, for error messages.
    base: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0, base: 0 }
    }
    pub fn err<T>(&self, what: impl Into<String>) -> Result<T, CodecError> {
        Err(CodecError { offset: self.base + self.pos, what: what.into() })
    }
    pub fn done(&self) -> bool {
        self.pos == self.buf.len()
    }
    /// How many bytes have been read.
    pub fn position(&self) -> usize {
        self.pos
    }
    pub fn u8(&mut self) -> Result<u8, CodecError> {
        match self.buf.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => self.err("文件意外结束"),
        }
    }
    pub fn varint(&mut self) -> Result<u64, CodecError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        self.err("整数编码过长")
    }
    pub fn zigzag(&mut self) -> Result<i64, CodecError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        if n > self.buf.len() - self.pos {
            return self.err("长度超出文件");
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn str(&mut self) -> Result<&'a str, CodecError> {
        let n = self.varint()? as usize;
        let at = self.pos;
        let b = self.bytes(n)?;
        std::str::from_utf8(b)
            .map_err(|_| CodecError { offset: self.base + at, what: "文本不是有效的 UTF-8".into() })
    }
    pub fn small<T: TryFrom<u64>>(&mut self, what: &str) -> Result<T, CodecError> {
        let v = self.varint()?;
        T::try_from(v).or_else(|_| self.err(format!("{what}超出范围")))
    }
    pub fn opt_varint(&mut self) -> Result<Option<u64>, CodecError> {
        Ok(match self.varint()? {
            0 => None,
            v => Some(v - 1),
        })
    }
    pub fn date(&mut self) -> Result<Option<Date>, CodecError> {
        match self.varint()? {
            0 => Ok(None),
            v if v < 80_000 => {
                Ok(Some(Date::from_days(Date::new(1900, 1, 1).unwrap().to_days() + v as i32 - 1)))
            }
            _ => self.err("日期超出范围"),
        }
    }
    /// The next column as its own reader.
    pub fn column(&mut self) -> Result<Reader<'a>, CodecError> {
        let n = self.varint()? as usize;
        let base = self.base + self.pos;
        let buf = self.bytes(n)?;
        Ok(Reader { buf, pos: 0, base })
    }
    fn finish(&self, what: &str) -> Result<(), CodecError> {
        if self.done() {
            Ok(())
        } else {
            self.err(format!("{what}列有多余的字节"))
        }
    }
}

/// Strings stored back to back, with end offsets: one allocation per column, not per value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StrCol {
    pub data: String,
    pub ends: Vec<u32>,
}

impl StrCol {
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.data[start..self.ends[i] as usize]
    }
    pub fn push(&mut self, s: &str) {
        self.data.push_str(s);
        self.ends.push(self.data.len() as u32);
    }
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Bits of `ListShard::bits`.
pub const BIT_TODDLER: u8 = 1;
pub const BIT_INCLUSION: u8 = 2;
pub const BIT_RESOURCE_ROOM: u8 = 4;
pub const BIT_CENTER: u8 = 8;

/// The decoded list file of one city, column by column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListShard {
    pub city: u32,
    pub ids: StrCol,
    pub names: StrCol,
    /// Toneless pinyin syllables separated by spaces ("jie yang shi …").
    pub pinyin: StrCol,
    pub addresses: StrCol,
    /// 乡镇/街道 code; its county is `town / 1000` (see `county`).
    pub town: Vec<u32>,
    /// GCJ-02, millionths of a degree.
    pub lon_e6: Vec<i32>,
    pub lat_e6: Vec<i32>,
    pub nature: Vec<Nature>,
    pub grade: Vec<Grade>,
    /// 保教费, 元/生/月.
    pub fee: Vec<u32>,
    /// Warnings (`rules::Rule::flag`); every warning's bit is below 16 (tested in `rules`).
    pub flags: Vec<u16>,
    /// 在园幼儿 (excluding 托班).
    /// At most 4 class types × 5,000 (the importer's limit per count), so 16 bits hold it.
    pub children: Vec<u16>,
    pub seats: Vec<u16>,
    pub bits: Vec<u8>,
    /// Service zone of record i: `zone_codes[zone_start[i]..zone_start[i + 1]]`, packed (see
    /// `zone`): a 社区/村 in the record's own city (the first four digits of its county) is held
    /// as the code's last eight digits, so in 32 bits; any other is `ZONE_FAR | k` for
    /// `zone_far[k]`. Nearly every code is of the first kind, which halves the column.
    pub zone_start: Vec<u32>,
    pub zone_codes: Vec<u32>,
    pub zone_far: Vec<u64>,
}

/// Marks a packed zone code that indexes `ListShard::zone_far`.
pub const ZONE_FAR: u32 = 1 << 31;
/// A 12-digit 社区/村 code is its city prefix (4 digits) times this, plus a packed in-city code.
const ZONE_CITY: u64 = 100_000_000;

impl ListShard {
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
    /// The county of record i.
    pub fn county(&self, i: usize) -> u32 {
        self.town[i] / 1000
    }
    /// The city prefix of record i (its county's first four digits), which its packed zone
    /// codes are relative to.
    pub fn zone_prefix(&self, i: usize) -> u64 {
        u64::from(self.town[i] / 100_000)
    }
    /// The 社区/村 code a packed zone code of a record with city prefix `prefix` stands for.
    pub fn unpack_zone(&self, prefix: u64, packed: u32) -> u64 {
        if packed & ZONE_FAR != 0 {
            self.zone_far[(packed & !ZONE_FAR) as usize]
        } else {
            prefix * ZONE_CITY + u64::from(packed)
        }
    }
    /// The 社区/村 codes of record i's service zone.
    pub fn zone(&self, i: usize) -> impl ExactSizeIterator<Item = u64> + '_ {
        let prefix = self.zone_prefix(i);
        self.zone_codes[self.zone_start[i] as usize..self.zone_start[i + 1] as usize]
            .iter()
            .map(move |&z| self.unpack_zone(prefix, z))
    }
    pub fn point(&self, i: usize) -> Point {
        Point { lon: self.lon_e6[i] as f64 / 1e6, lat: self.lat_e6[i] as f64 / 1e6 }
    }
    /// Records whose service zone admits `village`, in record order, by a scan: for one city
    /// where building `query::Finder` (and linking its code) is not worth it, as in the zone
    /// widget. `Finder::admitting` answers the same from its index.
    pub fn admitting(&self, village: u64) -> Vec<u32> {
        (0..self.len() as u32).filter(|&i| self.zone(i as usize).any(|v| v == village)).collect()
    }
}

impl ListShard {
    /// Record i, read by name rather than through the packed columns.
    pub fn row(&self, i: usize) -> ListRow<'_> {
        ListRow { shard: self, i }
    }
}

/// One record of a `ListShard`: what a list, a map popup or a download shows of it.
#[derive(Clone, Copy)]
pub struct ListRow<'a> {
    shard: &'a ListShard,
    i: usize,
}

impl<'a> ListRow<'a> {
    pub fn index(&self) -> usize {
        self.i
    }
    pub fn id(&self) -> &'a str {
        self.shard.ids.get(self.i)
    }
    pub fn name(&self) -> &'a str {
        self.shard.names.get(self.i)
    }
    pub fn address(&self) -> &'a str {
        self.shard.addresses.get(self.i)
    }
    pub fn nature(&self) -> Nature {
        self.shard.nature[self.i]
    }
    pub fn grade(&self) -> Grade {
        self.shard.grade[self.i]
    }
    /// 保教费, 元/生/月.
    pub fn fee(&self) -> u32 {
        self.shard.fee[self.i]
    }
    pub fn county(&self) -> u32 {
        self.shard.county(self.i)
    }
    pub fn town(&self) -> u32 {
        self.shard.town[self.i]
    }
    /// GCJ-02.
    pub fn point(&self) -> Point {
        self.shard.point(self.i)
    }
    /// How many of the checks (`rules::Rule`) warn about it.
    pub fn warnings(&self) -> u32 {
        self.shard.flags[self.i].count_ones()
    }
    /// 在园幼儿 (excluding 托班).
    pub fn children(&self) -> u32 {
        u32::from(self.shard.children[self.i])
    }
    pub fn seats(&self) -> u32 {
        u32::from(self.shard.seats[self.i])
    }
    pub fn has_toddler_class(&self) -> bool {
        self.shard.bits[self.i] & BIT_TODDLER != 0
    }
    pub fn takes_inclusion(&self) -> bool {
        self.shard.bits[self.i] & BIT_INCLUSION != 0
    }
    /// The 社区/村 codes of its service zone.
    pub fn zone(&self) -> impl ExactSizeIterator<Item = u64> + 'a {
        self.shard.zone(self.i)
    }
}

pub fn e6(v: f64) -> i32 {
    (v * 1e6).round() as i32
}

/// First letters of each space-separated pinyin syllable.
pub fn initials_of(pinyin: &str) -> String {
    pinyin.split(' ').filter_map(|s| s.chars().next()).collect()
}

fn strings<'a>(recs: &'a [Record], f: impl Fn(&'a Record) -> &'a str) -> Writer {
    let mut w = Writer::default();
    for r in recs {
        w.str(f(r));
    }
    w
}

fn ints(recs: &[Record], f: impl Fn(&Record) -> u64) -> Writer {
    let mut w = Writer::default();
    for r in recs {
        w.varint(f(r));
    }
    w
}

fn deltas(recs: &[Record], f: impl Fn(&Record) -> i64) -> Writer {
    let mut w = Writer::default();
    let mut prev = 0i64;
    for r in recs {
        let v = f(r);
        w.zigzag(v - prev);
        prev = v;
    }
    w
}

fn header(magic: &[u8; 4], city: u32, n: usize) -> Writer {
    let mut w = Writer::default();
    w.buf.extend_from_slice(magic);
    w.varint(city as u64);
    w.varint(n as u64);
    w
}

fn bits_of(r: &Record) -> u8 {
    let mut b = 0;
    if r.offers_toddler() {
        b |= BIT_TODDLER;
    }
    if r.inclusion == Some(true) {
        b |= BIT_INCLUSION;
    }
    if r.resource_room == Some(true) {
        b |= BIT_RESOURCE_ROOM;
    }
    if r.center {
        b |= BIT_CENTER;
    }
    b
}

/// Encodes the list file of one city. `pinyin[i]` is the pinyin of `records[i].name`.
pub fn encode_list(city: u32, records: &[Record], pinyin: &[String]) -> Vec<u8> {
    assert_eq!(records.len(), pinyin.len());
    let mut w = header(LIST_MAGIC, city, records.len());
    w.column(strings(records, |r| &r.id));
    w.column(strings(records, |r| &r.name));
    let mut p = Writer::default();
    for s in pinyin {
        p.str(s);
    }
    w.column(p);
    w.column(strings(records, |r| &r.address));
    w.column(ints(records, |r| r.county.saturating_sub(city) as u64));
    w.column(ints(records, |r| r.town.saturating_sub(r.county * 1000) as u64));
    w.column(deltas(records, |r| e6(r.location.lon) as i64));
    w.column(deltas(records, |r| e6(r.location.lat) as i64));
    w.column(ints(records, |r| r.nature.code() as u64));
    w.column(ints(records, |r| r.grade.code() as u64));
    w.column(ints(records, |r| r.fees.care as u64));
    w.column(ints(records, |r| r.flags as u64));
    w.column(ints(records, |r| r.children() as u64));
    w.column(ints(records, |r| r.seats as u64));
    w.column(ints(records, |r| bits_of(r) as u64));
    let mut z = Writer::default();
    for r in records {
        z.varint(r.zone.len() as u64);
        let base = r.town as i64 * 1000;
        for &c in &r.zone {
            z.zigzag(c as i64 - base);
        }
    }
    w.column(z);
    w.buf
}

fn read_header(r: &mut Reader, magic: &[u8; 4]) -> Result<(u32, usize), CodecError> {
    if r.bytes(4)? != magic {
        return r.err(format!("文件类型标记不是 {}", String::from_utf8_lossy(magic)));
    }
    let city = r.small::<u32>("城市代码")?;
    let n = r.varint()?;
    if n > MAX_RECORDS {
        return r.err("记录数过大");
    }
    Ok((city, n as usize))
}

fn read_strings(r: &mut Reader, n: usize, what: &str) -> Result<StrCol, CodecError> {
    let mut out = StrCol::default();
    if let Ok(len) = r.clone().varint() {
        out.data.reserve((len as usize).min(r.buf.len()));
    }
    read_strings_into(r, n, what, &mut out)?;
    Ok(out)
}

fn read_strings_into(r: &mut Reader, n: usize, what: &str, out: &mut StrCol) -> Result<(), CodecError> {
    // No reserve for the text: callers size it exactly (`ListSizes`), and the column's length
    // also counts the length prefixes, so reserving it would double a merged column.
    let mut c = r.column()?;
    out.ends.reserve(n);
    for _ in 0..n {
        out.push(c.str()?);
    }
    c.finish(what)
}

fn read_ints_into<T: TryFrom<u64>>(
    r: &mut Reader,
    n: usize,
    what: &str,
    out: &mut Vec<T>,
    map: impl Fn(T) -> T,
) -> Result<(), CodecError> {
    let mut c = r.column()?;
    out.reserve(n);
    for _ in 0..n {
        out.push(map(c.small::<T>(what)?));
    }
    c.finish(what)
}

fn read_deltas_into(r: &mut Reader, n: usize, what: &str, out: &mut Vec<i32>) -> Result<(), CodecError> {
    let mut c = r.column()?;
    out.reserve(n);
    let mut prev = 0i64;
    for _ in 0..n {
        prev += c.zigzag()?;
        match i32::try_from(prev) {
            Ok(v) if (-180_000_000..=180_000_000).contains(&v) => out.push(v),
            _ => return c.err(format!("{what}超出范围")),
        }
    }
    c.finish(what)
}

fn read_codes_into<T>(
    r: &mut Reader,
    n: usize,
    what: &str,
    from: impl Fn(u8) -> Option<T>,
    out: &mut Vec<T>,
) -> Result<(), CodecError> {
    let mut c = r.column()?;
    out.reserve(n);
    for _ in 0..n {
        let v = c.small::<u8>(what)?;
        match from(v) {
            Some(x) => out.push(x),
            None => return c.err(format!("{what}代码 {v} 无效")),
        }
    }
    c.finish(what)
}

/// What decoding list files will allocate: read from their headers and column lengths, so that
/// several cities can be decoded into one `ListShard` with every column reserved exactly once
/// (growing by doubling would leave up to half of a national index as slack).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListSizes {
    pub records: usize,
    pub id_bytes: usize,
    pub name_bytes: usize,
    pub pinyin_bytes: usize,
    pub address_bytes: usize,
    pub zone_codes: usize,
}

impl std::ops::AddAssign for ListSizes {
    fn add_assign(&mut self, o: ListSizes) {
        self.records += o.records;
        self.id_bytes += o.id_bytes;
        self.name_bytes += o.name_bytes;
        self.pinyin_bytes += o.pinyin_bytes;
        self.address_bytes += o.address_bytes;
        self.zone_codes += o.zone_codes;
    }
}

impl ListSizes {
    /// Reads the sizes of a list file without decoding it; errors as `decode_list` would.
    pub fn of(bytes: &[u8]) -> Result<ListSizes, CodecError> {
        let mut r = Reader::new(bytes);
        let (_, n) = read_header(&mut r, LIST_MAGIC)?;
        let mut text = [0usize; 4];
        for t in &mut text {
            let mut c = r.column()?;
            for _ in 0..n {
                *t += c.str()?.len();
            }
        }
        let [id_bytes, name_bytes, pinyin_bytes, address_bytes] = text;
        for _ in 0..11 {
            r.column()?;
        }
        let mut zc = r.column()?;
        let mut zone_codes = 0usize;
        for _ in 0..n {
            let k = zc.varint()?;
            if k > zc.buf.len() as u64 {
                return zc.err("服务区长度无效");
            }
            for _ in 0..k {
                zc.varint()?;
            }
            zone_codes += k as usize;
        }
        Ok(ListSizes { records: n, id_bytes, name_bytes, pinyin_bytes, address_bytes, zone_codes })
    }
}

impl ListShard {
    /// An empty shard with room for exactly `s`.
    pub fn with_capacity(s: ListSizes) -> ListShard {
        let col = |bytes| StrCol { data: String::with_capacity(bytes), ends: Vec::with_capacity(s.records) };
        let n = s.records;
        let mut zone_start = Vec::with_capacity(n + 1);
        zone_start.push(0);
        ListShard {
            city: 0,
            ids: col(s.id_bytes),
            names: col(s.name_bytes),
            pinyin: col(s.pinyin_bytes),
            addresses: col(s.address_bytes),
            town: Vec::with_capacity(n),
            lon_e6: Vec::with_capacity(n),
            lat_e6: Vec::with_capacity(n),
            nature: Vec::with_capacity(n),
            grade: Vec::with_capacity(n),
            fee: Vec::with_capacity(n),
            flags: Vec::with_capacity(n),
            children: Vec::with_capacity(n),
            seats: Vec::with_capacity(n),
            bits: Vec::with_capacity(n),
            zone_start,
            zone_codes: Vec::with_capacity(s.zone_codes),
            zone_far: Vec::new(),
        }
    }

    /// Cuts every column back to its first `n` records.
    fn truncate(&mut self, n: usize) {
        for c in [&mut self.ids, &mut self.names, &mut self.pinyin, &mut self.addresses] {
            c.ends.truncate(n);
            let end = c.ends.last().map_or(0, |&e| e as usize);
            c.data.truncate(end);
        }
        self.town.truncate(n);
        self.lon_e6.truncate(n);
        self.lat_e6.truncate(n);
        self.nature.truncate(n);
        self.grade.truncate(n);
        self.fee.truncate(n);
        self.flags.truncate(n);
        self.children.truncate(n);
        self.seats.truncate(n);
        self.bits.truncate(n);
        self.zone_start.truncate(n + 1);
        if self.zone_start.is_empty() {
            self.zone_start.push(0);
        }
        self.zone_codes.truncate(self.zone_start[n] as usize);
        // Far codes are numbered in the order written, so the ones still used come first.
        self.zone_far.truncate(self.zone_codes.iter().filter(|&&z| z & ZONE_FAR != 0).count());
    }

    /// Decodes a list file and appends its records (e.g. every city, for national queries).
    /// On error nothing is appended. Never panics.
    pub fn decode_append(&mut self, bytes: &[u8]) -> Result<(), CodecError> {
        if self.zone_start.is_empty() {
            self.zone_start.push(0);
        }
        let before = self.len();
        let r = self.decode_append_inner(bytes);
        if r.is_err() {
            self.truncate(before);
        }
        r
    }

    fn decode_append_inner(&mut self, bytes: &[u8]) -> Result<(), CodecError> {
        let mut r = Reader::new(bytes);
        let (city, n) = read_header(&mut r, LIST_MAGIC)?;
        let start = self.len();
        read_strings_into(&mut r, n, "编号", &mut self.ids)?;
        read_strings_into(&mut r, n, "名称", &mut self.names)?;
        read_strings_into(&mut r, n, "拼音", &mut self.pinyin)?;
        read_strings_into(&mut r, n, "地址", &mut self.addresses)?;
        // The county is kept only inside the town code (county × 1000 + town number).
        let (mut county, mut town) = (Vec::new(), Vec::new());
        read_ints_into(&mut r, n, "县区", &mut county, |d: u32| city.saturating_add(d))?;
        read_ints_into(&mut r, n, "乡镇", &mut town, |t: u32| t)?;
        self.town.reserve(n);
        for (&c, &t) in county.iter().zip(&town) {
            if c > 999_999 || t > 999 {
                return r.err(format!("县区代码 {c} 或乡镇序号 {t} 无效"));
            }
            self.town.push(c * 1000 + t);
        }
        read_deltas_into(&mut r, n, "经度", &mut self.lon_e6)?;
        read_deltas_into(&mut r, n, "纬度", &mut self.lat_e6)?;
        read_codes_into(&mut r, n, "性质", Nature::from_code, &mut self.nature)?;
        read_codes_into(&mut r, n, "等级", Grade::from_code, &mut self.grade)?;
        read_ints_into(&mut r, n, "保教费", &mut self.fee, |v| v)?;
        read_ints_into(&mut r, n, "提示", &mut self.flags, |v| v)?;
        read_ints_into(&mut r, n, "在园幼儿", &mut self.children, |v| v)?;
        read_ints_into(&mut r, n, "学位", &mut self.seats, |v| v)?;
        read_ints_into(&mut r, n, "标志", &mut self.bits, |v| v)?;
        let mut zc = r.column()?;
        self.zone_start.reserve(n);
        for i in start..start + n {
            let t = self.town[i];
            let prefix = self.zone_prefix(i);
            let k = zc.varint()?;
            if k > zc.buf.len() as u64 {
                return zc.err("服务区长度无效");
            }
            for _ in 0..k {
                let v = t as i64 * 1000 + zc.zigzag()?;
                if !(100_000_000_000..=999_999_999_999).contains(&v) {
                    return zc.err("服务区社区村代码无效");
                }
                let v = v as u64;
                if v / ZONE_CITY == prefix {
                    self.zone_codes.push((v % ZONE_CITY) as u32);
                } else {
                    if self.zone_far.len() >= ZONE_FAR as usize {
                        return zc.err("服务区过多");
                    }
                    self.zone_codes.push(ZONE_FAR | self.zone_far.len() as u32);
                    self.zone_far.push(v);
                }
            }
            if self.zone_codes.len() > u32::MAX as usize {
                return zc.err("服务区过多");
            }
            self.zone_start.push(self.zone_codes.len() as u32);
        }
        zc.finish("服务区")?;
        if !r.done() {
            return r.err("文件末尾有多余的字节");
        }
        self.city = city;
        Ok(())
    }
}

/// Decodes a list file. Never panics.
pub fn decode_list(bytes: &[u8]) -> Result<ListShard, CodecError> {
    let mut out = ListShard::with_capacity(ListSizes::of(bytes)?);
    out.decode_append(bytes)?;
    Ok(out)
}

/// Encodes the detail file of one city, records in the same order as its list file.
pub fn encode_detail(city: u32, records: &[Record]) -> Vec<u8> {
    let mut w = header(DETAIL_MAGIC, city, records.len());
    w.column(strings(records, |r| r.uscc.as_deref().unwrap_or("")));
    w.column(strings(records, |r| r.licence.as_deref().unwrap_or("")));
    let mut c = Writer::default();
    for r in records {
        c.date(r.founded);
        c.opt_varint(r.grade_year.map(u64::from));
        c.varint(r.quality.map_or(255, |q| q.code()) as u64);
        c.opt_varint(r.quality_year.map(u64::from));
    }
    w.column(c);
    let mut c = Writer::default();
    for r in records {
        c.opt_varint(r.fees.boarding.map(u64::from));
        c.opt_varint(r.fees.meals.map(u64::from));
        c.date(r.fees.effective);
        c.date(r.fees.previous);
    }
    w.column(c);
    w.column(strings(records, |r| &r.fees.approval));
    let mut c = Writer::default();
    for r in records {
        let s = &r.staff;
        for v in [s.total, s.teachers, s.teachers_college, s.teachers_certified, s.nurses, s.health] {
            c.varint(v as u64);
        }
        c.varint(r.principal_education.map_or(255, |e| e.code()) as u64);
        c.u8(tri(r.principal_trained) | tri(r.inclusion) << 2 | tri(r.resource_room) << 4);
        for k in r.classes {
            c.varint(k.classes as u64);
            c.varint(k.children as u64);
        }
        c.varint(r.food_safety.map_or(255, |f| f.code()) as u64);
    }
    w.column(c);
    let mut c = Writer::default();
    for r in records {
        match &r.zone_polygon {
            None => c.varint(0),
            Some(mp) => {
                c.varint(mp.0.len() as u64 + 1);
                let (mut px, mut py) = (0i64, 0i64);
                for poly in &mp.0 {
                    c.varint(poly.len() as u64);
                    for ring in poly {
                        c.varint(ring.len() as u64);
                        for p in ring {
                            let (x, y) = (e6(p[0]) as i64, e6(p[1]) as i64);
                            c.zigzag(x - px);
                            c.zigzag(y - py);
                            (px, py) = (x, y);
                        }
                    }
                }
            }
        }
    }
    w.column(c);
    w.column(strings(records, |r| &r.phone));
    w.column(strings(records, |r| r.website.as_deref().unwrap_or("")));
    let mut c = Writer::default();
    for r in records {
        c.date(Some(r.updated));
        c.date(r.staff_changed);
    }
    w.column(c);
    w.column(strings(records, |r| &r.provenance));
    w.buf
}

/// A yes/no/未填报 answer in two bits: 0 否, 1 是, 2 未填报.
fn tri(v: Option<bool>) -> u8 {
    match v {
        Some(false) => 0,
        Some(true) => 1,
        None => 2,
    }
}

/// The inverse of `tri`; None for the unused value 3. Looks at the low two bits only.
fn untri(b: u8) -> Option<Option<bool>> {
    match b & 3 {
        0 => Some(Some(false)),
        1 => Some(Some(true)),
        2 => Some(None),
        _ => None,
    }
}

fn opt_str(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn opt_code<T>(
    c: &Reader,
    v: u64,
    what: &str,
    from: impl Fn(u8) -> Option<T>,
) -> Result<Option<T>, CodecError> {
    if v == 255 {
        return Ok(None);
    }
    match u8::try_from(v).ok().and_then(from) {
        Some(x) => Ok(Some(x)),
        None => c.err(format!("{what}代码 {v} 无效")),
    }
}

/// Decodes a detail file into full records, taking the list fields from its city's list file.
pub fn decode_detail(bytes: &[u8], list: &ListShard) -> Result<Vec<Record>, CodecError> {
    let mut r = Reader::new(bytes);
    let (city, n) = read_header(&mut r, DETAIL_MAGIC)?;
    if city != list.city || n != list.len() {
        return r.err("与列表文件不匹配（城市或记录数不同）");
    }
    let uscc = read_strings(&mut r, n, "信用代码")?;
    let licence = read_strings(&mut r, n, "许可证号")?;
    let mut recs = Vec::with_capacity(n);
    let mut c = r.column()?;
    for i in 0..n {
        let founded = c.date()?;
        let grade_year = c.opt_varint()?.map(|v| v as u16);
        let q = c.varint()?;
        let quality = opt_code(&c, q, "评估结果", Quality::from_code)?;
        let quality_year = c.opt_varint()?.map(|v| v as u16);
        recs.push(Record {
            id: list.ids.get(i).to_string(),
            uscc: opt_str(uscc.get(i)),
            licence: opt_str(licence.get(i)),
            name: list.names.get(i).to_string(),
            county: list.county(i),
            town: list.town[i],
            address: list.addresses.get(i).to_string(),
            location: list.point(i),
            nature: list.nature[i],
            founded,
            grade: list.grade[i],
            grade_year,
            center: list.bits[i] & BIT_CENTER != 0,
            quality,
            quality_year,
            fees: Fees { care: list.fee[i], ..Fees::default() },
            staff: Staffing::default(),
            principal_education: None,
            principal_trained: None,
            classes: [ClassCount::default(); 5],
            seats: list.seats[i],
            inclusion: None,
            resource_room: None,
            food_safety: None,
            zone: list.zone(i).collect(),
            zone_polygon: None,
            phone: String::new(),
            website: None,
            updated: Date::new(1900, 1, 1).unwrap(),
            staff_changed: None,
            provenance: String::new(),
            flags: u32::from(list.flags[i]),
        });
    }
    c.finish("基本信息")?;
    let mut c = r.column()?;
    for rec in recs.iter_mut() {
        rec.fees.boarding = c.opt_varint()?.map(|v| v as u32);
        rec.fees.meals = c.opt_varint()?.map(|v| v as u32);
        rec.fees.effective = c.date()?;
        rec.fees.previous = c.date()?;
    }
    c.finish("收费")?;
    let approvals = read_strings(&mut r, n, "收费文号")?;
    let mut c = r.column()?;
    for (i, rec) in recs.iter_mut().enumerate() {
        rec.fees.approval = approvals.get(i).to_string();
        let mut s = [0u16; 6];
        for v in s.iter_mut() {
            *v = c.small("人数")?;
        }
        rec.staff = Staffing {
            total: s[0],
            teachers: s[1],
            teachers_college: s[2],
            teachers_certified: s[3],
            nurses: s[4],
            health: s[5],
        };
        let e = c.varint()?;
        rec.principal_education = opt_code(&c, e, "园长学历", Education::from_code)?;
        let b = c.u8()?;
        let (trained, inclusion, room) = (untri(b), untri(b >> 2), untri(b >> 4));
        let (Some(trained), Some(inclusion), Some(room)) = (trained, inclusion, room) else {
            return c.err("是否标记无效");
        };
        if b >> 6 != 0
            || inclusion.unwrap_or(false) != (list.bits[i] & BIT_INCLUSION != 0)
            || room.unwrap_or(false) != (list.bits[i] & BIT_RESOURCE_ROOM != 0)
        {
            return c.err("是否标记与列表文件不一致");
        }
        (rec.principal_trained, rec.inclusion, rec.resource_room) = (trained, inclusion, room);
        for k in rec.classes.iter_mut() {
            *k = ClassCount { classes: c.small("班数")?, children: c.small("幼儿数")? };
        }
        let f = c.varint()?;
        rec.food_safety = opt_code(&c, f, "食品安全等级", FoodSafety::from_code)?;
    }
    c.finish("师资班级")?;
    let mut c = r.column()?;
    for rec in recs.iter_mut() {
        let k = c.varint()?;
        if k == 0 {
            continue;
        }
        let (mut px, mut py) = (0i64, 0i64);
        let mut polys = Vec::new();
        for _ in 0..k - 1 {
            let rings = c.varint()?;
            let mut poly = Vec::new();
            for _ in 0..rings {
                let m = c.varint()?;
                if m > c.buf.len() as u64 {
                    return c.err("服务区范围点数无效");
                }
                let mut ring = Vec::with_capacity(m as usize);
                for _ in 0..m {
                    px += c.zigzag()?;
                    py += c.zigzag()?;
                    ring.push([px as f64 / 1e6, py as f64 / 1e6]);
                }
                poly.push(ring);
            }
            polys.push(poly);
        }
        rec.zone_polygon = Some(MultiPolygon(polys));
    }
    c.finish("服务区范围")?;
    let phones = read_strings(&mut r, n, "电话")?;
    let sites = read_strings(&mut r, n, "网址")?;
    let mut c = r.column()?;
    for (i, rec) in recs.iter_mut().enumerate() {
        rec.phone = phones.get(i).to_string();
        rec.website = opt_str(sites.get(i));
        rec.updated = match c.date()? {
            Some(d) => d,
            None => return c.err("缺少信息更新日期"),
        };
        rec.staff_changed = c.date()?;
    }
    c.finish("日期")?;
    let prov = read_strings(&mut r, n, "信息来源")?;
    for (i, rec) in recs.iter_mut().enumerate() {
        rec.provenance = prov.get(i).to_string();
    }
    if !r.done() {
        return r.err("文件末尾有多余的字节");
    }
    Ok(recs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::tests::good;
    use proptest::prelude::*;

    fn sample_records() -> Vec<Record> {
        let mut a = good();
        a.location = Point { lon: 116.372_345, lat: 23.541_234 };
        let mut b = good();
        b.id = "教民144520270000123号".into();
        b.uscc = None;
        b.licence = Some(b.id.clone());
        b.name = "揭阳市榕城区Sunshine幼儿园".into();
        b.nature = Nature::ForProfitPrivate;
        b.town = 445202105;
        // A 社区/村 in another city: kept whole in `zone_far`.
        b.zone = vec![445302001002];
        b.zone_polygon = Some(MultiPolygon(vec![vec![vec![[116.1, 23.1], [116.2, 23.1], [116.2, 23.2]]]]));
        b.fees.boarding = Some(0);
        b.quality = Some(Quality::Good);
        b.quality_year = Some(2024);
        b.website = Some("https://example.edu.cn/".into());
        b.staff_changed = None;
        b.flags = 0b1010;
        b.location = Point { lon: 116.400_001, lat: 23.499_999 };
        b.classes[0] = ClassCount { classes: 1, children: 18 };
        vec![a, b]
    }

    #[test]
    fn list_and_detail_round_trip() {
        let recs = sample_records();
        let py = vec!["jie yang shi".to_string(), "jie yang shi sunshine you er yuan".to_string()];
        let list = decode_list(&encode_list(445200, &recs, &py)).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list.names.get(1), "揭阳市榕城区Sunshine幼儿园");
        assert_eq!(initials_of(list.pinyin.get(1)), "jyssyey");
        assert_eq!((list.county(0), list.county(1)), (445202, 445202));
        assert_eq!(list.town, vec![445202001, 445202105]);
        assert_eq!(list.zone(0).collect::<Vec<_>>(), [445202001001]);
        assert_eq!(list.zone(1).collect::<Vec<_>>(), [445302001002]);
        assert_eq!(list.zone_codes, [2_001_001, ZONE_FAR]);
        assert_eq!(list.bits[1] & BIT_TODDLER, BIT_TODDLER);
        let back = decode_detail(&encode_detail(445200, &recs), &list).unwrap();
        assert_eq!(back, recs);
    }

    /// The largest counts the importer admits (5,000 per class type) still fit the list's 16 bits.
    #[test]
    fn the_largest_admitted_counts_round_trip() {
        let mut recs = sample_records();
        for c in &mut recs[0].classes {
            c.children = 5000;
        }
        recs[0].flags = 1 << 15;
        let py = vec!["a".to_string(), "b".to_string()];
        let list = decode_list(&encode_list(445200, &recs, &py)).unwrap();
        assert_eq!((list.children[0], list.flags[0]), (20_000, 1 << 15));
        recs[0].flags = 1 << 16;
        let err = decode_list(&encode_list(445200, &recs, &py)).unwrap_err();
        assert!(err.to_string().contains("提示"), "{err}");
    }

    #[test]
    fn every_truncation_and_a_wrong_pairing_is_an_error() {
        let recs = sample_records();
        let py = vec!["a".to_string(), "b".to_string()];
        let lb = encode_list(445200, &recs, &py);
        let db = encode_detail(445200, &recs);
        let list = decode_list(&lb).unwrap();
        for cut in 0..lb.len() {
            assert!(decode_list(&lb[..cut]).is_err(), "list cut at {cut}");
        }
        for cut in 0..db.len() {
            assert!(decode_detail(&db[..cut], &list).is_err(), "detail cut at {cut}");
        }
        let other = decode_list(&encode_list(445300, &recs, &py)).unwrap();
        let e = decode_detail(&db, &other).unwrap_err();
        assert!(e.to_string().contains("不匹配"), "{e}");
        let mut bad = lb.clone();
        bad[0] = b'X';
        assert!(decode_list(&bad).unwrap_err().to_string().contains("KGL1"));
    }

    #[test]
    fn shards_append_into_exactly_sized_columns_and_a_bad_one_appends_nothing() {
        let recs = sample_records();
        let py = vec!["jie yang".to_string(), "jie yang shi sunshine".to_string()];
        let a = encode_list(445200, &recs, &py);
        let b = encode_list(445200, &recs[1..], &py[1..]);
        let mut sizes = ListSizes::of(&a).unwrap();
        sizes += ListSizes::of(&b).unwrap();
        assert_eq!(sizes.records, 3);
        assert_eq!(sizes.zone_codes, 3);
        let mut merged = ListShard::with_capacity(sizes);
        merged.decode_append(&a).unwrap();
        let before = merged.clone();
        // Every truncation of the second file fails and leaves the first city's records as they were.
        for cut in 0..b.len() {
            assert!(merged.decode_append(&b[..cut]).is_err(), "cut at {cut}");
            assert_eq!(merged, before, "cut at {cut}");
        }
        merged.decode_append(&b).unwrap();
        assert_eq!(merged.len(), 3);
        assert_eq!(merged.names.get(2), "揭阳市榕城区Sunshine幼儿园");
        assert_eq!(merged.pinyin.get(1), "jie yang shi sunshine");
        assert_eq!((0..3).map(|i| merged.county(i)).collect::<Vec<_>>(), vec![445202, 445202, 445202]);
        assert_eq!(merged.zone(0).collect::<Vec<_>>(), [445202001001]);
        assert_eq!(merged.zone(2).collect::<Vec<_>>(), [445302001002]);
        assert_eq!(merged.zone_far, [445302001002, 445302001002]);
        // Sized exactly: nothing grew while appending.
        assert_eq!(merged.names.data.capacity(), merged.names.data.len());
        assert_eq!(merged.pinyin.data.capacity(), merged.pinyin.data.len());
        assert_eq!(merged.ids.ends.capacity(), 3);
        assert_eq!(merged.zone_codes.capacity(), 3);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = decode_list(&bytes);
            let mut with_magic = LIST_MAGIC.to_vec();
            with_magic.extend_from_slice(&bytes);
            let _ = decode_list(&with_magic);
            let list = ListShard::default();
            let mut d = DETAIL_MAGIC.to_vec();
            d.extend_from_slice(&bytes);
            let _ = decode_detail(&d, &list);
        }

        #[test]
        fn flipped_bytes_never_panic(pos in 0usize..10_000, val in any::<u8>()) {
            let recs = sample_records();
            let py = vec!["a b".to_string(), "c".to_string()];
            let mut lb = encode_list(445200, &recs, &py);
            let i = pos % lb.len();
            lb[i] = val;
            if let Ok(list) = decode_list(&lb) {
                let mut db = encode_detail(445200, &recs);
                let j = pos % db.len();
                db[j] ^= val;
                let _ = decode_detail(&db, &list);
            }
        }
    }
}
