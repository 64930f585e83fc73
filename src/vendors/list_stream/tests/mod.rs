use proptest::prelude::*;
use serde::Deserialize;

use super::*;
use crate::vendors::tolerant::Obj;

/// A small element type with a strict fast path, as the vendors' are.
#[derive(Debug, PartialEq)]
struct Thing {
    id: i64,
    name: Option<String>,
}

impl FromJson for Thing {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        let name = o.string("name");
        Ok(Thing { id: o.i64("id").ok_or("no id")?, name })
    }
}

#[derive(Deserialize)]
struct ThingDto {
    id: i64,
    #[serde(default)]
    name: Option<String>,
}

impl From<ThingDto> for Thing {
    fn from(d: ThingDto) -> Self {
        Thing { id: d.id, name: d.name }
    }
}

fn fast(text: &str) -> FastItem<Thing> {
    fast_item::<ThingDto, Thing>(text)
}

/// The body fed in chunks that end at `cuts`.
fn streamed(body: &[u8], cuts: &[usize]) -> Result<Decoded<Vec<Thing>>, ApiError> {
    let mut stream = ListStream::new(fast);
    let mut from = 0;
    for &cut in cuts.iter().filter(|&&c| c <= body.len()) {
        if cut >= from {
            stream.push(&body[from..cut]);
            from = cut;
        }
    }
    stream.push(&body[from..]);
    stream.finish()
}

fn whole(body: &[u8]) -> Result<Decoded<Vec<Thing>>, ApiError> {
    decode_list(&utf8_body(body.to_vec()))
}

/// Lists, good and bad, that the whole-body reader reads in each of its ways.
const BODIES: &[&str] = &[
    r#"[]"#,
    r#" [ {"id": 1, "name": "a"} , {"id": 2} ] "#,
    r#"[{"id": 1}, null, {"id": 3.0, "name": "c"}, {"id": 12345678901}]"#,
    // Refused by the fast path, read by the tolerant reader, with warnings.
    r#"[{"id": 1, "name": 5}, {"name": "no id"}, 17, "x", [1, 2], {"id": "7"}, {"id": 2.5}, {"id": 4}]"#,
    r#"[{"id": 1, "id": 2}, {"id": 3, "name": "caf\u00e9 \"q\" ]},["}]"#,
    "\u{feff}[{\"id\": 1}]",
    "[{\"id\": 1, \"name\": \"\u{e9}t\u{e9} \u{1F69A}\"}]",
    // Not a list, or not JSON: errors.
    r#"{"id": 1}"#,
    r#"[{"id": 1},]"#,
    r#"[{"id": 1}] x"#,
    r#"[{"id": 1}"#,
    r#"[{"id": 1} {"id": 2}]"#,
    r#"[{"id": 1, "name": "a}]"#,
    r#""#,
    r#"   "#,
    r#"[123"#,
    r#"[12, 3]"#,
    r#"[tru]"#,
];

#[test]
fn every_body_reads_as_the_whole_body_reader_reads_it() {
    for body in BODIES {
        let bytes = body.as_bytes();
        let expected = whole(bytes);
        assert_eq!(streamed(bytes, &[]), expected, "in one piece: {body}");
        for size in 1..=bytes.len().max(1) {
            let cuts: Vec<usize> = (1..).map(|i| i * size).take_while(|&c| c < bytes.len()).collect();
            assert_eq!(streamed(bytes, &cuts), expected, "in chunks of {size}: {body}");
        }
    }
}

#[test]
fn warnings_keep_their_place_in_the_list() {
    let d = streamed(BODIES[3].as_bytes(), &[5, 30, 31, 60]).expect("a list");
    assert_eq!(d.value, [Thing { id: 1, name: None }, Thing { id: 4, name: None }]);
    let paths: Vec<&str> = d.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["$[0].name", "$[1]", "$[2]", "$[3]", "$[4]", "$[5].id", "$[5]", "$[6].id", "$[6]"]);
}

#[test]
fn invalid_utf8_is_replaced_as_the_browser_does() {
    let body = b"[{\"id\": 1, \"name\": \"caf\xE9\"}, {\"id\": 2}]";
    let d = streamed(body, &[3, 24]).expect("a list");
    assert_eq!(d.value[0].name.as_deref(), Some("caf\u{FFFD}"));
    assert_eq!(Ok(d), whole(body));
}

#[test]
fn a_large_element_is_not_read_again_on_every_chunk() {
    // One 1 MB element in 1 KB chunks: read a few dozen times, not a thousand.
    let body = format!("[{{\"id\": 1, \"name\": \"{}\"}}]", "x".repeat(1 << 20));
    thread_local!(static CALLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) });
    fn counting(bytes: &str) -> FastItem<Thing> {
        CALLS.with(|c| c.set(c.get() + 1));
        fast(bytes)
    }
    let mut stream = ListStream::new(counting);
    for chunk in body.as_bytes().chunks(1024) {
        stream.push(chunk);
    }
    let d = stream.finish().expect("a list");
    let calls = CALLS.with(|c| c.get());
    assert_eq!(d.value.len(), 1);
    assert!(calls < 40, "read {calls} times");
}

proptest! {
    #[test]
    fn any_chunking_of_any_list_reads_as_the_whole(
        items in prop::collection::vec(prop_oneof![
            (0i64..1000, prop::option::of("[a-z\"\\\\\u{e9} ]{0,6}")).prop_map(|(id, name)| match name {
                Some(n) => serde_json::json!({"id": id, "name": n}).to_string(),
                None => serde_json::json!({"id": id}).to_string(),
            }),
            Just("null".to_string()),
            Just("{\"id\": \"x\"}".to_string()),
            Just("{\"name\": 1}".to_string()),
            (0i64..100000).prop_map(|n| n.to_string()),
            Just("{\"id\": 1.5e3}".to_string()),
        ], 0..12),
        spaces in "[ \n]{0,2}",
        tail in prop_oneof![Just(""), Just(" "), Just("x"), Just(","), Just("]")],
        cuts in prop::collection::vec(0usize..400, 0..20),
    ) {
        let body = format!("[{}]{}", items.join(&format!(",{spaces}")), tail);
        let mut cuts = cuts;
        cuts.sort_unstable();
        prop_assert_eq!(streamed(body.as_bytes(), &cuts), whole(body.as_bytes()));
        // Cut inside: a body that ends early is an error, as a whole too.
        let early = &body.as_bytes()[..body.len() / 2];
        prop_assert_eq!(streamed(early, &cuts), whole(early));
    }
}

#[test]
fn a_list_is_not_taken_for_an_object() {
    // A derived struct reads `[3, "c"]` as `{id: 3, name: "c"}`; the
    // tolerant reader does not, and neither may the fast path.
    let body = br#"[[3, "c"], {"id": 4}]"#;
    assert_eq!(fast("[3, \"c\"]"), FastItem::Refused);
    let d = streamed(body, &[]).expect("a list");
    assert_eq!(d.value, [Thing { id: 4, name: None }]);
    assert_eq!(Ok(d), whole(body));
}

#[test]
fn a_number_cut_in_its_middle_waits_for_the_rest() {
    let body = br#"[{"id": 1, "name": null, "x": 3.05, "y": -1e5}, {"id": 2}]"#;
    let expected = whole(body);
    assert!(expected.as_ref().is_ok_and(|d| d.value.len() == 2));
    for cut in 0..body.len() {
        let mut stream = ListStream::new(fast);
        stream.push(&body[..cut]);
        stream.push(&body[cut..]);
        // Never given up on: the fast path read both elements.
        assert_ne!(stream.state, State::Whole, "cut at {cut}");
        assert_eq!(stream.finish(), expected);
    }
}

#[test]
fn an_absurd_content_length_is_not_reserved() {
    let mut stream = ListStream::new(fast);
    stream.restart(Some(usize::MAX));
    stream.push(br#"[{"id": 1}]"#);
    assert_eq!(stream.finish().map(|d| d.value), Ok(vec![Thing { id: 1, name: None }]));
}

#[test]
fn the_bytes_read_are_let_go() {
    // 20,000 elements (600 KB) in 4 KB chunks: what is kept is a few chunks
    // (an element cut by a chunk's end waits for 16 KB more), not the body.
    let body = format!(
        "[{}]",
        (0..20000).map(|i| format!("{{\"id\": {i}, \"name\": \"n{i}\"}}")).collect::<Vec<_>>().join(", ")
    );
    let mut stream = ListStream::new(fast);
    let mut most = 0;
    for chunk in body.as_bytes().chunks(4096) {
        stream.push(chunk);
        most = most.max(stream.body.len());
    }
    assert!(most <= 24 * 1024, "kept up to {most} of {} bytes", body.len());
    assert_eq!(stream.finish().map(|d| d.value.len()), Ok(20000));
}

#[test]
fn a_list_broken_late_is_reported_where_it_breaks() {
    // Broken after bytes were let go, on a later line: the same words and
    // the same line and column as the whole-body reader gives.
    let items = (0..300).map(|i| format!("{{\"id\": {i}}}")).collect::<Vec<_>>();
    for broken in [
        format!("[{},\n {}\n x]", items.join(","), items.join(",\n")),
        format!("[{}, {{\"id\": 1 \"x\"}}]", items.join(",")),
        format!("[{}] trailing", items.join(",")),
        format!("[{} {{\"id\": 2}}]", items.join(",")),
        format!("[{},", items.join(",")),
        format!("[{}, {{\"id\": 1, \"name\": \"caf\u{e9}\"}}, 7 7]", items.join(",")),
    ] {
        let bytes = broken.as_bytes();
        let expected = whole(bytes);
        assert!(expected.is_err(), "{broken}");
        assert_eq!(streamed(bytes, &[100, 1000, 2500, 4000]), expected);
    }
}

#[test]
fn invalid_utf8_after_bytes_were_let_go_is_still_replaced() {
    let items = (0..300).map(|i| format!("{{\"id\": {i}}}")).collect::<Vec<_>>().join(",");
    let mut ok = format!("[{items}, ").into_bytes();
    ok.extend_from_slice(b"{\"id\": 1, \"name\": \"caf\xE9\"}, {\"id\": 2}]");
    let mut broken = ok.clone();
    broken.truncate(broken.len() - 1);
    broken.extend_from_slice(b" \xE9]");
    for body in [ok, broken] {
        let cuts: Vec<usize> = (1..body.len() / 500).map(|i| i * 500).collect();
        assert_eq!(streamed(&body, &cuts), whole(&body));
        assert_eq!(streamed(&body, &[body.len() - 10]), whole(&body));
    }
}

#[test]
fn progress_is_told_when_asked_and_survives_a_restart() {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = seen.clone();
    let mut stream = ListStream::new(fast).reporting(move |r| log.borrow_mut().push(r));
    stream.push(b"[{\"id\": 9}");
    stream.report();
    stream.restart(None); // A retried request: counts start again.
    let body = br#"[{"id": 1}, {"id": 2}, {"id": 3}]"#;
    stream.push(&body[..12]);
    stream.report();
    stream.push(&body[12..]);
    assert_eq!(seen.borrow().len(), 2, "told only when asked");
    stream.report();
    let told = seen.borrow().clone();
    assert_eq!(
        told,
        [Received { items: 0, bytes: 10 }, Received { items: 1, bytes: 12 }, Received { items: 3, bytes: body.len() }]
    );
    assert_eq!(stream.finish().map(|d| d.value.len()), Ok(3));
}

#[test]
fn room_is_made_for_the_expected_elements_and_again_on_a_restart() {
    let mut stream = ListStream::new(fast).expecting(1_000);
    stream.push(b"[{\"id\": 9}");
    stream.restart(None);
    stream.push(br#"[{"id": 1}, {"id": 2}]"#);
    let list = stream.finish().map(|d| d.value).unwrap_or_default();
    assert_eq!(list.len(), 2);
    assert!(list.capacity() >= 1_000, "room for {}", list.capacity());
}

#[test]
fn a_byte_order_mark_counts_only_at_the_very_start() {
    let items = (0..300).map(|i| format!("{{\"id\": {i}}}")).collect::<Vec<_>>().join(",");
    // In the middle of the list, right where a chunk starts: not a mark, an error.
    let inside = format!("[{items},\u{feff}{{\"id\": 1}}]");
    let at = inside.find('\u{feff}').expect("the mark");
    assert_eq!(streamed(inside.as_bytes(), &[100, at]), whole(inside.as_bytes()));
    assert!(whole(inside.as_bytes()).is_err());
    // At the start, then broken late: the column is the whole text's, without the mark.
    let broken = format!("\u{feff}[{items} x]");
    assert_eq!(streamed(broken.as_bytes(), &[100, 2000]), whole(broken.as_bytes()));
}

mod fingerprinting;
