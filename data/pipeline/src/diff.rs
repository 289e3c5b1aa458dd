//! What a new publication changes on the live site, record by record: added, removed and
//! changed records, keyed by 统一社会信用代码 (办学许可证号 where a record has none, and where a
//! record has just gained its 信用代码), so a renamed kindergarten is one change, not a removal
//! plus an addition. Fields are compared as the template writes them (`cell_of`) on the records
//! as both publications' shards give them back, so what is compared is what the pages will show.
//!
//! Two changes are called out because 002 §(十一) and the fee rules hang on their dates: a fee
//! that changed (with its 收费执行日期 before and after), and a 园长 or 专任教师 change whose
//! record kept its old 信息更新日期.

use crate::{
    columns::{cell_of, Col},
    publish::Compiled,
};
use kg_shared::{
    codec::{decode_detail, decode_list, CodecError},
    date::Date,
    manifest::FileKind,
    model::Record,
};
use std::collections::{BTreeMap, HashMap};

/// A record as the diff names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Brief {
    /// 统一社会信用代码, else 办学许可证号.
    pub id: String,
    pub name: String,
    pub county: u32,
}

impl Brief {
    fn of(r: &Record) -> Brief {
        Brief { id: r.id.clone(), name: r.name.clone(), county: r.county }
    }
}

/// One field's cell before and after.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub col: Col,
    pub old: String,
    pub new: String,
}

/// A fee standard that changed: 保教费 (住宿费, 伙食费) before and after, and the date the
/// standard took effect before and after.
#[derive(Clone, Debug, PartialEq)]
pub struct FeeChange {
    pub care: (u32, u32),
    pub effective: (Option<Date>, Option<Date>),
}

impl FeeChange {
    /// The fee changed but its 收费执行日期 did not: the new standard's date is missing.
    pub fn undated(&self) -> bool {
        self.effective.0 == self.effective.1
    }
}

/// A record both publications have, whose fields differ.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// As the new publication has it (the new name of a renamed kindergarten).
    pub record: Brief,
    /// The live name, when it was renamed.
    pub old_name: Option<String>,
    pub fields: Vec<FieldChange>,
    pub fee: Option<FeeChange>,
    /// 园长 or 专任教师 changed, yet 信息更新日期 is the live one: the date it keeps.
    pub staff_undated: Option<Date>,
}

/// The record-level difference between the live publication and a new one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    pub added: Vec<Brief>,
    pub removed: Vec<Brief>,
    pub changed: Vec<Change>,
    pub unchanged: usize,
}

/// The columns whose change is a change of 园长 or 专任教师.
const STAFF: [Col; 6] = [
    Col::Teachers,
    Col::TeachersCollege,
    Col::TeachersCertified,
    Col::PrincipalEducation,
    Col::PrincipalTrained,
    Col::StaffChanged,
];
const FEES: [Col; 3] = [Col::CareFee, Col::BoardingFee, Col::MealsFee];

/// Compares every column but 坐标系 (always GCJ-02 once read).
fn changes(old: &Record, new: &Record) -> Vec<FieldChange> {
    Col::ALL
        .iter()
        .filter(|&&c| c != Col::Datum)
        .filter_map(|&c| {
            let (o, n) = (cell_of(old, c), cell_of(new, c));
            (o != n).then_some(FieldChange { col: c, old: o, new: n })
        })
        .collect()
}

/// The difference from `live` to `new` (each in any order; the result in the new publication's
/// order, removals in the live one's).
pub fn diff<'a>(live: &[Record], new: impl IntoIterator<Item = &'a Record>) -> Diff {
    let mut by_uscc: HashMap<&str, usize> = HashMap::new();
    let mut by_licence: HashMap<&str, usize> = HashMap::new();
    for (i, r) in live.iter().enumerate() {
        if let Some(u) = r.uscc.as_deref() {
            by_uscc.entry(u).or_insert(i);
        }
        if let Some(l) = r.licence.as_deref() {
            by_licence.entry(l).or_insert(i);
        }
        by_licence.entry(r.id.as_str()).or_insert(i);
    }
    let mut taken = vec![false; live.len()];
    let mut out = Diff::default();
    for n in new {
        let found = [
            n.uscc.as_deref().and_then(|u| by_uscc.get(u)),
            n.licence.as_deref().and_then(|l| by_licence.get(l)),
        ]
        .into_iter()
        .flatten()
        .copied()
        .find(|&i| !taken[i]);
        let Some(i) = found else {
            out.added.push(Brief::of(n));
            continue;
        };
        taken[i] = true;
        let old = &live[i];
        let fields = changes(old, n);
        if fields.is_empty() {
            out.unchanged += 1;
            continue;
        }
        let changed = |c: Col| fields.iter().any(|f| f.col == c);
        let fee = FEES.iter().any(|&c| changed(c)).then_some(FeeChange {
            care: (old.fees.care, n.fees.care),
            effective: (old.fees.effective, n.fees.effective),
        });
        let staff_undated =
            (STAFF.iter().any(|&c| changed(c)) && !changed(Col::Updated)).then_some(n.updated);
        out.changed.push(Change {
            record: Brief::of(n),
            old_name: (old.name != n.name).then(|| old.name.clone()),
            fields,
            fee,
            staff_undated,
        });
    }
    out.removed = live.iter().zip(&taken).filter(|(_, &t)| !t).map(|(r, _)| Brief::of(r)).collect();
    out
}

/// A city's records from its list and detail shards.
pub fn city_records(list: &[u8], detail: &[u8]) -> Result<Vec<Record>, CodecError> {
    decode_detail(detail, &decode_list(list)?)
}

/// The new publication's records of every city, by city code, decoded from its own shards.
pub fn records_of(compiled: &Compiled) -> Result<BTreeMap<u32, Vec<Record>>, String> {
    let of = |kind: FileKind, city: u32| {
        compiled.files.iter().find(|f| f.kind == kind && f.region == Some(city)).map(|f| f.bytes.as_slice())
    };
    let mut out = BTreeMap::new();
    for f in compiled.files.iter().filter(|f| f.kind == FileKind::List) {
        let Some(city) = f.region else { continue };
        let detail = of(FileKind::Detail, city).ok_or_else(|| format!("{}: no detail file", f.path))?;
        out.insert(city, city_records(&f.bytes, detail).map_err(|e| format!("{}: {e}", f.path))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::tests::record;

    fn other(id: &str, name: &str) -> Record {
        Record { id: id.into(), uscc: Some(id.into()), name: name.into(), ..record() }
    }

    #[test]
    fn the_same_records_in_another_order_are_unchanged() {
        let live = vec![record(), other("12445200MA0000000X", "乙园")];
        let new = vec![live[1].clone(), live[0].clone()];
        assert_eq!(diff(&live, &new), Diff { unchanged: 2, ..Diff::default() });
    }

    #[test]
    fn a_renamed_kindergarten_is_a_change_not_a_removal_and_an_addition() {
        let live = vec![record()];
        let mut renamed = record();
        renamed.name = "榕城区星桥第一幼儿园".into();
        let d = diff(&live, &[renamed]);
        assert!(d.added.is_empty() && d.removed.is_empty(), "{d:?}");
        let c = &d.changed[0];
        assert_eq!(c.old_name.as_deref(), Some("榕城区星桥幼儿园"));
        assert_eq!(c.record.name, "榕城区星桥第一幼儿园");
        assert_eq!(
            c.fields,
            vec![FieldChange {
                col: Col::Name,
                old: "榕城区星桥幼儿园".into(),
                new: "榕城区星桥第一幼儿园".into()
            }]
        );
        assert_eq!((c.fee.clone(), c.staff_undated), (None, None));
    }

    #[test]
    fn added_and_removed_records_are_named() {
        let live = vec![record(), other("12445200MA0000000X", "乙园")];
        let new = vec![record(), other("12445200MA0000001X", "丙园")];
        let d = diff(&live, &new);
        assert_eq!(d.added.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), ["丙园"]);
        assert_eq!(d.removed.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), ["乙园"]);
        assert_eq!(d.unchanged, 1);
    }

    #[test]
    fn a_record_that_gained_its_credit_code_is_matched_by_its_licence() {
        let mut live = record();
        live.uscc = None;
        live.licence = Some("教民144520270000001号".into());
        live.id = "教民144520270000001号".into();
        let mut new = record();
        new.licence = live.licence.clone();
        let d = diff(&[live], &[new]);
        assert!(d.added.is_empty() && d.removed.is_empty(), "{d:?}");
        assert_eq!(d.changed[0].fields.iter().map(|f| f.col).collect::<Vec<_>>(), [Col::Uscc]);
    }

    #[test]
    fn a_fee_change_carries_both_dates_and_an_undated_one_is_told() {
        let live = record();
        let mut dated = record();
        dated.fees.care = 1350;
        dated.fees.effective = Date::new(2025, 9, 1);
        dated.fees.previous = live.fees.effective;
        let d = diff(std::slice::from_ref(&live), &[dated]);
        let fee = d.changed[0].fee.clone().unwrap();
        assert_eq!(
            fee,
            FeeChange { care: (1200, 1350), effective: (Date::new(2022, 9, 1), Date::new(2025, 9, 1)) }
        );
        assert!(!fee.undated());
        let mut undated = record();
        undated.fees.meals = Some(400);
        let fee = diff(&[live], &[undated]).changed[0].fee.clone().unwrap();
        assert!(fee.undated(), "伙食费 changed, 收费执行日期 did not");
    }

    #[test]
    fn a_staff_change_without_a_new_update_date_is_told() {
        let live = record();
        let mut quiet = record();
        quiet.staff.teachers = 7;
        quiet.staff.teachers_certified = 7;
        let d = diff(std::slice::from_ref(&live), &[quiet.clone()]);
        assert_eq!(d.changed[0].staff_undated, Date::new(2025, 9, 1));
        // With its 信息更新日期 moved on, it is an ordinary change.
        quiet.updated = Date::new(2025, 10, 8).unwrap();
        assert_eq!(diff(std::slice::from_ref(&live), &[quiet]).changed[0].staff_undated, None);
        // A new principal (学历 differs) counts too; a fee change alone does not.
        let mut principal = record();
        principal.principal_education = Some(kg_shared::model::Education::Bachelor);
        assert!(diff(std::slice::from_ref(&live), &[principal]).changed[0].staff_undated.is_some());
        let mut fee = record();
        fee.fees.care = 1300;
        assert_eq!(diff(&[live], &[fee]).changed[0].staff_undated, None);
    }
}
