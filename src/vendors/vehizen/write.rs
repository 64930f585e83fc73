//! Writing a group back: its record with only the user's changes put in.

use std::collections::HashMap;

use uuid::Uuid;

use super::read::vehicle_items;
use crate::domain::groups::{Group, GroupVehicle};
use crate::vendors::raw::{json_list, json_text, RawObject};

/// The body of a create (no record: the documented shape, `Id` null) or of
/// an update (the group's record with the user's changes put in).
///
/// Vehicles go out in the order read, each as its own record: a row the
/// user removed is left out by its place, never by its id, so that of two
/// rows sharing a `VehicleId` only the one clicked goes. Items that could
/// not be read go back as they came, where they were; vehicles brought in
/// from another group come last.
pub fn group_body(group: &Group) -> String {
    let read = RawObject::parse(group.record.text()).unwrap_or_default();
    let creating = group.record.text().is_empty();
    // `Vehicles` as read was not a list: nothing of it was shown, so it
    // goes back as it came (a vehicle brought in is then not sent, which
    // the read-back names).
    let items = vehicle_items(&read);
    let list_was_read = items.is_ok();
    let items = items.unwrap_or_default();
    let by_place: HashMap<usize, usize> =
        group.vehicles.iter().enumerate().filter_map(|(k, v)| Some((v.read_at?, k))).collect();
    let mut written = vec![false; group.vehicles.len()];
    let mut vehicles: Vec<String> = Vec::with_capacity(group.vehicles.len());
    for (i, (item, decoded)) in items.iter().enumerate() {
        if decoded.is_err() {
            vehicles.push(item.get().to_string());
        } else if let Some(&k) = by_place.get(&i) {
            vehicles.push(vehicle_body(&group.vehicles[k], None, &group.name));
            written[k] = true;
        }
    }
    // Moved in (or, for a create or a draft, every row), in the form's order.
    for (v, _) in group.vehicles.iter().zip(&written).filter(|(_, done)| !**done) {
        let moved_in = group.id.filter(|_| v.read_at.is_none());
        vehicles.push(vehicle_body(v, moved_in, &group.name));
    }

    let uuid = |u: &Option<Uuid>| json_text(u);
    let mut changes: Vec<(&str, Option<String>)> = vec![("Id", Some(uuid(&group.id)))];
    // An absent customer or profile is written as `null` only when the user
    // cleared a value that was read (or for a create, whose shape is ours).
    let was_set = |key: &str| read.get(key).is_some_and(|v| v.get() != "null");
    if group.customer_id.is_some() || creating || was_set("CustomerId") {
        changes.push(("CustomerId", Some(uuid(&group.customer_id))));
    }
    changes.push(("Name", Some(json_text(&group.name))));
    if group.eco_profile_id.is_some() || creating || was_set("ProfilEcoDriveId") {
        changes.push(("ProfilEcoDriveId", Some(uuid(&group.eco_profile_id))));
    }
    if list_was_read {
        changes.push(("Vehicles", Some(json_list(vehicles.iter().map(String::as_str)))));
    }
    read.write(&changes, |_| true)
}

/// A vehicle as read; one moved in from another group (`moved_in`: the id
/// of the group it joins) gets that group's id and name in the group fields
/// it has, and nothing else changed.
fn vehicle_body(v: &GroupVehicle, moved_in: Option<Uuid>, group_name: &str) -> String {
    let text = v.record.text();
    if text.is_empty() {
        // A vehicle the console made itself (never the case on screen).
        return format!("{{\"VehicleId\":{}}}", json_text(&v.id));
    }
    match (moved_in, RawObject::parse(text)) {
        (Some(gid), Ok(read)) => read.write(
            &[("CustomerGroupId", Some(json_text(&gid))), ("CustomerGroupName", Some(json_text(group_name)))],
            |_| false,
        ),
        _ => text.to_string(),
    }
}
