//! The nearest results' repeated texts, shared through the session's table
//! (`vendors::interned`) by the fast path and the tolerant reader alike.

use std::sync::Arc;

use super::super::*;

/// Three results of one fleet in the docs' keys; the second is odd (a
/// number for `gpsCale`), so the tolerant reader reads it.
fn three_results(state: &str) -> String {
    let result = |id: i64, fix: serde_json::Value| {
        serde_json::json!({
            "address": {"address": "1 rue de la Paix, 69001 Lyon", "latitude": 45.7, "longitude": 4.8,
                        "closestPoi": {"denominationPoi": "Dépôt Lyon"}},
            "etatMobile": state, "gpsCale": fix, "immobilisationState": "UNLOCKED",
            "group": {"id": 3, "descriptionGrp": "Tournée A"},
            "driver": {"individu": {"prenomInd": "Ana", "nomInd": "Lopez", "gsm": "+33 6 00"}},
            "vehicle": {"id": id, "categorie": "VUL", "description": "Master – Tournée A"},
        })
    };
    serde_json::json!([result(1, true.into()), result(2, 7.into()), result(3, false.into())]).to_string()
}

#[test]
fn nearest_results_share_their_repeated_texts_whichever_reader_read_them() {
    let d = decode_nearest(&three_results("EN_MOUVEMENT")).expect("decodes");
    assert_eq!((d.value.len(), d.warnings.len()), (3, 1), "{:?}", d.warnings);
    let shared = |text: fn(&NearbyVehicle) -> Option<&Arc<str>>| {
        let texts: Vec<&Arc<str>> = d.value.iter().filter_map(text).collect();
        texts.len() == 3 && texts.iter().all(|t| Arc::ptr_eq(t, texts[0]))
    };
    assert!(shared(|v| v.mobile_state.as_ref()), "mobile state");
    assert!(shared(|v| v.immobilisation.as_ref()), "immobilisation");
    assert!(shared(|v| v.vehicle.category.as_ref()), "category");
    assert!(shared(|v| v.vehicle.description.as_ref()), "description");
    assert!(shared(|v| v.group.as_ref()?.description.as_ref()), "group");
    assert!(shared(|v| v.address.as_ref()?.poi_name.as_ref()), "place");
    assert!(shared(|v| v.driver.as_ref()?.last_name.as_ref()), "driver");
    // A text unique to its record is its own, never in the table.
    assert!(!shared(|v| v.address.as_ref()?.text.as_ref()), "address text");
    assert!(!shared(|v| v.driver.as_ref()?.phone.as_ref()), "phone");
    // What the page shows of it is what was sent.
    let v = &d.value[1];
    assert_eq!(v.place().as_deref(), Some("Dépôt Lyon"));
    assert_eq!(v.driver_name().as_deref(), Some("Ana Lopez"));
    assert_eq!(v.name(), VehicleName::Described("Master – Tournée A".into()));
}

#[test]
fn a_refresh_lets_go_of_the_texts_no_result_holds_any_more() {
    let first = decode_nearest(&three_results("STATE_OF_THE_FIRST_ANSWER")).expect("decodes").value;
    let state = Arc::downgrade(first[0].mobile_state.as_ref().expect("state"));
    let group = first[0].group.as_ref().and_then(|g| g.description.clone()).expect("group");
    let second = decode_nearest(&three_results("ARRET")).expect("decodes").value;
    // The second answer shares what did not change with the first.
    assert!(Arc::ptr_eq(&group, second[0].group.as_ref().and_then(|g| g.description.as_ref()).expect("group")));
    drop(first);
    crate::vendors::interned::forget_unused();
    assert!(state.upgrade().is_none(), "the table let go of the first answer's state");
    let again = decode_nearest(&three_results("ARRET")).expect("decodes").value;
    assert!(Arc::ptr_eq(
        again[0].mobile_state.as_ref().expect("state"),
        second[0].mobile_state.as_ref().expect("state")
    ));
}
