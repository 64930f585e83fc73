//! Robustness of the vendor decoders: the docs' samples, mutated (dropped
//! keys, swapped types, nulls, unknown keys, truncation), decode to `Ok` or
//! `Err` and never panic. Native only (proptest).
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/mutate.rs"]
mod mutate;

use fleet_console::domain::fleet::{ListedEntity, ListedVehicle};
use fleet_console::vendors::ocean;
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

/// A vehicle's compact entry, as the full record of the same element says it.
fn cut_down(d: &fleet_console::domain::fleet::VehicleDetails) -> Option<ListedVehicle> {
    let v = d.vehicle.as_ref()?;
    let name = d.driver.as_ref().map(|p| p.full_name()).filter(|n| !n.is_empty());
    Some(ListedVehicle {
        id: v.id?,
        plate: v.plate.as_deref().map(Into::into),
        vin: v.vin.as_deref().map(Into::into),
        fleet_number: v.fleet_number.as_deref().map(Into::into),
        description: v.description.as_deref().map(Into::into),
        entity: d.entity.as_ref().map(|e| ListedEntity { id: e.id, name: e.name.as_str().into() }),
        driver_name: name.map(Into::into),
        private: v.privacy == Some(true),
        deleted: v.deleted == Some(true),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// The vehicle list, streamed into compact entries (fast path or
    /// tolerant reader), keeps of each vehicle exactly what the full
    /// records' reader reads of it: same vehicles, same values.
    #[test]
    fn the_listed_entries_are_the_full_records_cut_down(seed in any::<u64>()) {
        let doc: Value = serde_json::from_str(include_str!("../fixtures/ocean-vehicles.json")).expect("fixture");
        let mut rng = seeded(seed);
        let body = mutated(&doc, &mut rng);
        match (ocean::decode_fleet(&body), ocean::decode_vehicles(&body)) {
            (Ok(listed), Ok(full)) => {
                let expected: Vec<ListedVehicle> = full.value.iter().filter_map(cut_down).collect();
                assert_eq!(listed.value, expected, "{}", body);
            }
            (Err(_), Err(_)) => {}
            (listed, full) => panic!("{body}: listed {listed:?}, full {full:?}"),
        }
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
