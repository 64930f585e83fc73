//! A fingerprinting stream against the same lists read afresh.

use super::*;

/// A `Thing` as a fingerprinting stream gives it: its bytes' fingerprint
/// (fast path only), and whether it was taken from a previous list.
#[derive(Clone, Debug, PartialEq)]
struct Marked {
    id: i64,
    fingerprint: Option<crate::domain::common::Fingerprint>,
    taken: bool,
}

impl FromJson for Marked {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Marked { id: Thing::from_json(o)?.id, fingerprint: None, taken: false })
    }
}

impl From<ThingDto> for Marked {
    fn from(d: ThingDto) -> Self {
        Marked { id: d.id, fingerprint: None, taken: false }
    }
}

fn fast_marked(text: &str) -> FastItem<Marked> {
    fast_item::<ThingDto, Marked>(text)
}

fn marked_stream(known: Vec<Marked>) -> ListStream<Marked> {
    ListStream::new(fast_marked).fingerprinting(Fingerprinting {
        known: Box::new(move |f| {
            known.iter().find(|m| m.fingerprint == Some(f)).map(|m| Marked { taken: true, ..m.clone() })
        }),
        mark: |m, f| m.fingerprint = Some(f),
    })
}

#[test]
fn a_fingerprinting_stream_takes_what_it_knows_and_reads_the_rest_whatever_the_chunks() {
    // Fast reads (a string holding a quote and a brace), a tolerant one (a warning), a null, a changed one.
    let first = br#"[{"id":1},{"id":2,"name":"a \"}\" b"},{"id":3,"name":7},null,{"id":4}]"#;
    let second = br#"[{"id":1},{"id":2,"name":"a \"}\" b"},{"id":3,"name":7},null,{"id":4,"name":"moved"}]"#;
    let mut once = marked_stream(Vec::new());
    once.push(first);
    let read = once.finish().expect("reads");
    assert_eq!(read.value.iter().map(|m| m.fingerprint.is_some()).collect::<Vec<_>>(), [true, true, false, true]);
    for chunk in 1..=second.len() {
        let mut again = marked_stream(read.value.clone());
        for part in second.chunks(chunk) {
            again.push(part);
        }
        let got = again.finish().expect("reads");
        let taken: Vec<(i64, bool)> = got.value.iter().map(|m| (m.id, m.taken)).collect();
        // 3 is read again (its warning is said again, at its place), 4 changed.
        assert_eq!(taken, [(1, true), (2, true), (3, false), (4, false)], "chunks of {chunk}");
        assert_eq!(got.warnings, read.warnings, "chunks of {chunk}");
        assert!(got.value[3].fingerprint.is_some() && got.value[3].fingerprint != read.value[3].fingerprint);
    }
}
