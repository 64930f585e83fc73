//! Robustness of the vendor decoders: the docs' samples, mutated (dropped
//! keys, swapped types, nulls, unknown keys, truncation), decode to `Ok` or
//! `Err` and never panic. Native only (proptest).
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/mutate.rs"]
mod mutate;

use mutate::{decode, mutated, seeded, SAMPLES};
use proptest::prelude::{any, proptest, ProptestConfig};
use serde_json::Value;

fn parsed() -> Vec<(&'static str, Value)> {
    SAMPLES.iter().map(|(name, text)| (*name, serde_json::from_str(text).expect("fixture is JSON"))).collect()
}

#[test]
fn every_sample_decodes_unmutated() {
    for (name, text) in SAMPLES {
        assert!(decode(name, text), "{name} does not decode");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Dropped keys, swapped types, nulls, unknown keys, truncation:
    /// decoding returns Ok or Err and never panics.
    #[test]
    fn mutated_samples_never_panic(sample in 0..SAMPLES.len(), seed in any::<u64>()) {
        let samples = parsed();
        let (name, doc) = &samples[sample];
        let mut rng = seeded(seed);
        let body = mutated(doc, &mut rng);
        let _ = decode(name, &body);
    }
}

#[test]
fn mutations_actually_change_the_payloads() {
    let samples = parsed();
    let mut rng = seeded(7);
    let mut changed = 0;
    let mut failed = 0;
    for i in 0..500 {
        let (name, doc) = &samples[i % samples.len()];
        let body = mutated(doc, &mut rng);
        if body != *doc {
            changed += 1;
        }
        if !decode(name, &body) {
            failed += 1;
        }
    }
    assert!(changed > 450, "only {changed} of 500 payloads were mutated");
    // Truncation and top-level type swaps must be reported as errors.
    assert!(failed > 30, "only {failed} of 500 mutated payloads were refused");
}
