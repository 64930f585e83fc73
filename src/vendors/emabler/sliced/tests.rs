use super::*;

const TREE: &str = include_str!("../../../../fixtures/emabler-driver-tree.json");
const SHORT_TREE: &str = include_str!("../../../../fixtures/emabler-driver-tree-short-example.json");

/// The sliced reader, stopped after every `every` steps and resumed, as the
/// page's slices would; how many slices it took.
fn sliced(body: &str, every: usize) -> (Result<Decoded<DriverTree>, ApiError>, usize) {
    let mut reader = TreeReader::new(body.to_string());
    let mut slices = 1;
    loop {
        let mut steps = 0;
        if reader.advance(&mut || {
            steps += 1;
            steps < every
        }) {
            return (reader.finish(), slices);
        }
        slices += 1;
    }
}

fn assert_same_as_whole(body: &str) {
    for every in [1, 2, 7, usize::MAX] {
        assert_eq!(sliced(body, every).0, decode_tree(body), "stopping every {every} steps: {body}");
    }
}

/// Sites nested, drivers in both places, the keys in an order the
/// tolerant reader does not read them in (`spareUsers` first, a site's
/// `users` before its `subgroups`), bad drivers with warnings among good ones.
fn varied_tree() -> String {
    let driver = |id: u32, extra: &str| {
        format!(
            r#"{{"id":{id},"name":"Driver {id}","externalId":"DRV-{id}","tags":[{{"idTag":"T{id}","expiringDate":"2030-01-01T00:00:00Z"}}],
            "chargers":[{{"chargerId":"C{id}","sockets":[{{"id":1,"status":"Available"}},{{"id":2,"status":"Faulted"}}]}}]{extra}}}"#
        )
    };
    let bad = r#"{"id":90,"name":"Odd","tags":"here the list of tags","payerId":"x"}"#;
    format!(
        r#" {{ "spareUsers": [{d1}, null, {bad}, 42],
          "other": {{"ignored": [1, 2, {{"x": "y"}}]}},
          "userGroups": [
            {{ "users": [{d2}, {{"name": "no id"}}], "id": 1, "groupName": "Nord", "isSpare": false, "extra": [1,"a"],
               "subgroups": [ {{ "id": 2, "name": "Lille", "subgroups": [null], "users": [{d3}] }}, null ] }},
            {{ "isSpare": true, "id": 3, "groupName": "SpareGroup", "users": [{d4}], "subgroups": [] }},
            {{ "id": 4, "groupName": "Empty", "users": null }}
          ] }}
"#,
        d1 = driver(1, ""),
        d2 = driver(2, r#","homeGroupId":1,"homeGroupName":"Nord""#),
        d3 = driver(3, r#","chargerGroups":[{"id":7,"groupName":"G","chargers":[{"chargerId":"C30"}]}]"#),
        d4 = driver(4, ""),
    )
}

#[test]
fn the_docs_samples_read_as_the_whole_body_reader_reads_them() {
    assert_same_as_whole(TREE);
    assert_same_as_whole(SHORT_TREE);
}

#[test]
fn a_varied_tree_reads_the_same_warnings_in_the_same_order() {
    let body = varied_tree();
    let whole = decode_tree(&body).expect("the whole-body reader reads it");
    assert!(whole.warnings.len() >= 4, "{:?}", whole.warnings);
    assert_eq!(whole.value.driver_count(), 5);
    assert_same_as_whole(&body);
}

#[test]
fn every_value_replaced_reads_the_same() {
    for text in [TREE, SHORT_TREE] {
        let sample: serde_json::Value = serde_json::from_str(text).expect("sample");
        for body in crate::vendors::strict::every_value_replaced(&sample) {
            let body = body.to_string();
            assert_eq!(sliced(&body, 3).0, decode_tree(&body), "{body}");
        }
    }
}

#[test]
fn broken_bodies_give_the_whole_body_readers_error() {
    let body = varied_tree();
    for cut in (0..body.len()).step_by(37).chain([body.len() - 3]) {
        let broken = &body[..cut];
        let (read, _) = sliced(broken, 5);
        assert_eq!(read, decode_tree(broken), "cut at {cut}");
        if !broken.trim().is_empty() && cut < body.trim_end().len() {
            assert!(read.is_err(), "a tree cut at {cut} read as whole");
        }
    }
    for odd in
        ["", "[]", "null", "{\"userGroups\": 3}", "{\"userGroups\": [], \"userGroups\": []}", "{} x", "{\"a\":1,}"]
    {
        assert_same_as_whole(odd);
    }
}

#[test]
fn the_work_stops_when_its_slice_is_over_and_goes_on_later() {
    let body = varied_tree();
    let (read, slices) = sliced(&body, 4);
    assert!(read.is_ok());
    // Several slices: the reader did stop and go on.
    assert!(slices > 10, "{slices} slices");
    // A body much larger than a slice's work.
    let many: Vec<String> = (0..500).map(|i| format!(r#"{{"id":{i},"name":"D{i}"}}"#)).collect();
    let big = format!(r#"{{"userGroups":[],"spareUsers":[{}]}}"#, many.join(","));
    let (read, slices) = sliced(&big, 50);
    assert_eq!(read.map(|d| d.value.driver_count()), Ok(500));
    assert!(slices >= 10, "{slices} slices for 500 drivers at 50 steps each");
}
