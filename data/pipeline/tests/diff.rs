//! The diff the 数据发布 page shows, on two real publications: the records are compiled into
//! shards, decoded back from them, and compared. Edits a clerk makes between two publications
//! (a rename, a fee with and without its new date, a teacher change that forgot the 信息更新日期,
//! a closed kindergarten, a new one) come out as exactly those changes and nothing else.

use kg_pipeline::{
    bundle::TARGETS_CSV,
    columns::Col,
    diff::{diff, records_of, Diff},
    places::Geo,
    publish::{compile, Builtin, DatasetMeta},
    report::Report,
    sample::generate_scaled,
    stats::parse_targets,
};
use kg_shared::{date::Date, model::Record};

fn publish(geo: &Geo, records: Vec<Record>) -> Vec<Record> {
    let meta = DatasetMeta {
        name: "测试".into(),
        version: "t".into(),
        as_of: Date::new(2025, 9, 30).unwrap(),
        sample: true,
        notice: None,
        publisher: "测试".into(),
    };
    let st = parse_targets("targets.csv", TARGETS_CSV).unwrap();
    let compiled =
        compile(records, geo, &st, &Report::default(), &meta, &Builtin::new().unwrap()).expect("compiled");
    records_of(&compiled).expect("decodable shards").into_values().flatten().collect()
}

#[test]
fn a_clerks_edits_are_the_diff_and_nothing_else() {
    let geo = Geo::bundled().unwrap();
    let gen = generate_scaled(&geo, false, 7, 1.0);
    // Two cities, one of them a city without counties (中山).
    let mut records: Vec<Record> =
        gen.records.iter().filter(|r| [445200, 442000].contains(&geo.city_of(r.county))).cloned().collect();
    records.truncate(400);
    let extra = records.pop().unwrap();
    let live = publish(&geo, records.clone());
    assert_eq!(diff(&live, &live), Diff { unchanged: live.len(), ..Diff::default() });

    let find = |rs: &mut Vec<Record>, i: usize| -> String { rs[i].id.clone() };
    let renamed = find(&mut records, 3);
    records[3].name.push_str("（新园区）");
    let fee_dated = find(&mut records, 10);
    records[10].fees.care += 100;
    records[10].fees.previous = records[10].fees.effective;
    records[10].fees.effective = Date::new(2025, 9, 1);
    let fee_undated = find(&mut records, 11);
    records[11].fees.care += 50;
    let teachers = find(&mut records, 12);
    records[12].staff.teachers += 1;
    records[12].staff.total += 1;
    let closed = records.remove(20);
    records.push(extra.clone());
    let new = publish(&geo, records);

    let d = diff(&live, &new);
    assert_eq!(d.added.iter().map(|b| &b.id).collect::<Vec<_>>(), [&extra.id]);
    assert_eq!(d.removed.iter().map(|b| &b.id).collect::<Vec<_>>(), [&closed.id]);
    assert_eq!(d.unchanged, live.len() - 1 - 4);
    let by_id =
        |id: &str| d.changed.iter().find(|c| c.record.id == id).unwrap_or_else(|| panic!("{id} changed"));
    let cols = |id: &str| by_id(id).fields.iter().map(|f| f.col).collect::<Vec<_>>();
    assert_eq!(d.changed.len(), 4);
    assert_eq!(cols(&renamed), [Col::Name]);
    assert!(by_id(&renamed).old_name.is_some());
    assert_eq!(cols(&fee_dated), [Col::CareFee, Col::FeeEffective, Col::FeePrevious]);
    assert!(!by_id(&fee_dated).fee.as_ref().unwrap().undated());
    assert_eq!(cols(&fee_undated), [Col::CareFee]);
    assert!(by_id(&fee_undated).fee.as_ref().unwrap().undated());
    assert_eq!(cols(&teachers), [Col::Staff, Col::Teachers]);
    assert!(by_id(&teachers).staff_undated.is_some());
    assert!(by_id(&fee_undated).staff_undated.is_none());
}
