//! Mutations of the vendor docs' samples, for robustness tests: the property
//! tests (`tests/decoders_survive_mutation.rs`) and the soak
//! (`cargo run --profile soak --example soak`). Test tooling: it is not part
//! of the app crate, so it never reaches the wasm bundle.

use rand::{rngs::StdRng, Rng as _, SeedableRng};
use serde_json::{json, Map, Value};

/// The vendor samples (`fixtures/`) and the decoder each goes through.
pub const SAMPLES: &[(&str, &str)] = &[
    ("vehizen-customergroup-get", include_str!("../../fixtures/vehizen-customergroup-get.json")),
    ("vehizen-customergroup-post-request", include_str!("../../fixtures/vehizen-customergroup-post-request.json")),
    ("vehizen-responsedto", include_str!("../../fixtures/vehizen-responsedto.json")),
    ("emabler-driver-tree", include_str!("../../fixtures/emabler-driver-tree.json")),
    ("emabler-driver-tree-short-example", include_str!("../../fixtures/emabler-driver-tree-short-example.json")),
    ("emabler-driver", include_str!("../../fixtures/emabler-driver.json")),
    ("ocean-nearest-vehicles", include_str!("../../fixtures/ocean-nearest-vehicles.json")),
    ("ocean-vehicles", include_str!("../../fixtures/ocean-vehicles.json")),
    // The same answer as the console keeps it all day: compact entries, read as it streams.
    ("ocean-vehicles-listed", include_str!("../../fixtures/ocean-vehicles.json")),
    ("ocean-entities", include_str!("../../fixtures/ocean-entities.json")),
];

/// Runs the decoder that reads `sample`'s kind of payload; `true` if it decoded.
pub fn decode(sample: &str, body: &str) -> bool {
    use fleet_console::vendors::{emabler, ocean, vehizen};
    match sample {
        "vehizen-customergroup-get" | "vehizen-customergroup-post-request" => vehizen::decode_group(body).is_ok(),
        "vehizen-responsedto" => vehizen::decode_save(body).is_ok(),
        s if s.starts_with("emabler-driver-tree") => emabler::decode_tree(body).is_ok(),
        "emabler-driver" => emabler::decode_driver(body).is_ok(),
        "ocean-nearest-vehicles" => ocean::decode_nearest(body).is_ok(),
        "ocean-vehicles" => ocean::decode_vehicles(body).is_ok(),
        "ocean-vehicles-listed" => ocean::decode_fleet(body).is_ok(),
        "ocean-entities" => ocean::decode_entities(body).is_ok(),
        _ => false,
    }
}

/// The generator behind every mutation: seeded, so a failing payload can
/// be produced again from its seed.
pub type Rng = StdRng;

pub fn seeded(seed: u64) -> Rng {
    StdRng::seed_from_u64(seed)
}

/// A number in `0..n` (0 when `n` is 0).
fn below(rng: &mut Rng, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        rng.random_range(0..n)
    }
}

/// Values of every JSON type, including awkward ones.
fn odd_value(rng: &mut Rng) -> Value {
    match below(rng, 12) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(1.5e300),
        4 => json!(u64::MAX),
        5 => json!(""),
        6 => json!("here list of things"),
        7 => json!("0001-01-01T00:00:00Z"),
        8 => json!("\u{0}\u{202e}<script>\"'"),
        9 => json!([]),
        10 => json!([null, 1, "x"]),
        _ => json!({}),
    }
}

/// A JSON pointer to a random node: a random walk down from the root.
fn random_pointer(v: &Value, rng: &mut Rng) -> String {
    let mut pointer = String::new();
    let mut node = v;
    for _ in 0..below(rng, 8) {
        let step = match node {
            Value::Object(m) if !m.is_empty() => {
                m.iter().nth(below(rng, m.len())).map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
            }
            Value::Array(a) if !a.is_empty() => {
                let i = below(rng, a.len());
                a.get(i).map(|v| (i.to_string(), v))
            }
            _ => None,
        };
        match step {
            Some((segment, next)) => {
                pointer.push('/');
                pointer.push_str(&segment);
                node = next;
            }
            None => break,
        }
    }
    pointer
}

fn mutate_once(doc: &mut Value, rng: &mut Rng) {
    let pointer = random_pointer(doc, rng);
    let Some(node) = doc.pointer_mut(&pointer) else { return };
    match below(rng, 7) {
        // Drop a key.
        0 => {
            if let Value::Object(m) = node {
                if !m.is_empty() {
                    let k = below(rng, m.len());
                    if let Some(key) = m.keys().nth(k).cloned() {
                        m.remove(&key);
                    }
                }
            }
        }
        // Swap the type of a value.
        1 | 2 => *node = odd_value(rng),
        // Insert a null.
        3 => *node = Value::Null,
        // Add an unknown key.
        4 => {
            if let Value::Object(m) = node {
                m.insert(format!("unexpected{}", below(rng, 100)), odd_value(rng));
            }
        }
        // Duplicate a list element or empty a list.
        5 => {
            if let Value::Array(a) = node {
                if let Some(first) = a.first().cloned() {
                    a.push(first);
                } else {
                    a.push(odd_value(rng));
                }
            }
        }
        // Wrap a value in a list or an object.
        _ => {
            let inner = node.take();
            *node = if below(rng, 2) == 0 {
                Value::Array(vec![inner])
            } else {
                Value::Object(Map::from_iter([("x".to_string(), inner)]))
            };
        }
    }
}

/// A mutated copy of `sample`: 1–6 structural mutations, and one time in
/// eight the text truncated at a random byte.
pub fn mutated(sample: &Value, rng: &mut Rng) -> String {
    let mut doc = sample.clone();
    for _ in 0..1 + below(rng, 6) {
        mutate_once(&mut doc, rng);
    }
    let text = doc.to_string();
    if below(rng, 8) == 0 {
        let mut cut = below(rng, text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text[..cut].to_string()
    } else {
        text
    }
}
