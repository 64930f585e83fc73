//! Telematics (from Ocean): customer entities, vehicles found around a
//! point, and one vehicle's details. Ocean's enums arrive as names whose full
//! lists are not published (`UNDEFINED`, `LOCKED`, `MONO`…): they are kept
//! as sent.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::common::{Fingerprint, Timestamp};

mod details;

pub use details::*;

/// An Ocean sign-in: the token, and how many days the password has left.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedIn {
    pub token: String,
    pub password_days_left: Option<i64>,
}

/// A sub-unit of a customer (`entities`); not a customer itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub id: i64,
    pub name: String,
    pub deleted: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComputeMode {
    /// Great-circle distance (`VOL_OISEAU`).
    CrowFlies,
    /// Road distance, with duration and ETA (`PAR_ROUTE`).
    ByRoad,
}

/// How a nearest result is named. `nearestVehicles` has no plate: the plate
/// comes from the customer's vehicle list, joined on the vehicle id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VehicleName {
    /// The plate, from the vehicle list.
    Plate(String),
    /// In the vehicle list, without a plate: its description, if any.
    NoPlate(Option<String>),
    /// Not (yet) joined: the description the search gave, which is not a plate.
    Described(String),
    Numbered(i64),
    Unnamed,
}

/// One result of a nearest-vehicle search: what the console shows of it.
/// An answer can hold 50,000 of them (100 MB of JSON), so only these
/// fields are read; the rest of each result (the closest point of interest
/// in full, the driver's badge and assignment, the asset type) is not shown
/// anywhere and is skipped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NearbyVehicle {
    pub vehicle: NearbyVehicleInfo,
    pub address: Option<Address>,
    /// In metres once read (`units::to_metres_and_seconds`): Ocean does not
    /// publish its unit, so the decoder leaves it as sent until then.
    pub distance: Option<f64>,
    /// By road only; in seconds once read, like `distance`.
    pub duration: Option<f64>,
    /// `distance` and `duration` as sent: a result kept from the previous
    /// answer is converted again from these, exactly as if read anew.
    pub as_sent: AsSent,
    pub eta: Option<Timestamp>,
    /// Repeated texts (states, category, group, names, places) are shared
    /// by every result that has them (see `vendors::interned`).
    pub mobile_state: Option<Arc<str>>,
    pub position_at: Option<Timestamp>,
    pub gps_fix: Option<bool>,
    pub group: Option<VehicleGroupRef>,
    pub immobilisation: Option<Arc<str>>,
    /// The person the vehicle identified (`driver.individu`).
    pub driver: Option<Person>,
    /// Its entry in the customer's vehicle list, once joined ([`attach`]):
    /// set in place, without a copy, on a result the results on screen
    /// share (at 50,000 results, copying each to join it doubled the
    /// memory the page ever needed); read through [`NearbyVehicle::listed`].
    pub listed: OnceLock<Arc<ListedVehicle>>,
}

/// A nearest result's figures as Ocean sent them, in its unpublished units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AsSent {
    pub distance: Option<f64>,
    pub duration: Option<f64>,
}

/// A nearest result as it streamed in: shared, so that a refresh that finds
/// the same bytes again holds the result once for both answers, with the
/// fingerprint of its bytes when the fast path read them (see
/// `vendors::list_stream`).
#[derive(Clone, Debug, PartialEq)]
pub struct StreamedVehicle {
    pub vehicle: Arc<NearbyVehicle>,
    pub fingerprint: Option<Fingerprint>,
}

impl NearbyVehicle {
    /// Read from bytes: its figures are as sent until converted.
    pub fn with_figures_as_sent(self) -> NearbyVehicle {
        NearbyVehicle { as_sent: AsSent { distance: self.distance, duration: self.duration }, ..self }
    }
    /// Its entry in the customer's vehicle list, once joined.
    pub fn listed(&self) -> Option<&Arc<ListedVehicle>> {
        self.listed.get()
    }

    /// Where the vehicle was last seen, when the vendor said.
    pub fn position(&self) -> Option<(f64, f64)> {
        let a = self.address.as_ref()?;
        Some((a.latitude?, a.longitude?))
    }

    /// What names the vehicle for a dispatcher (the screen words it).
    pub fn name(&self) -> VehicleName {
        let described = self.vehicle.description.as_deref().filter(|d| !d.trim().is_empty()).map(str::to_string);
        match self.listed().map(Arc::as_ref) {
            Some(l) => match l.plate() {
                Some(plate) => VehicleName::Plate(plate.to_string()),
                None => {
                    let listed = l.description.as_deref().map(str::to_string);
                    VehicleName::NoPlate(described.or(listed).filter(|d| !d.trim().is_empty()))
                }
            },
            None => match (described, self.vehicle.id) {
                (Some(d), _) => VehicleName::Described(d),
                (None, Some(id)) => VehicleName::Numbered(id),
                (None, None) => VehicleName::Unnamed,
            },
        }
    }

    /// "Privacy" mode: its position may be withheld.
    pub fn private(&self) -> bool {
        self.vehicle.privacy == Some(true) || self.listed().is_some_and(|l| l.private)
    }

    /// Logically deleted, by the search or the vehicle list.
    pub fn deleted(&self) -> bool {
        self.vehicle.deleted == Some(true) || self.listed().is_some_and(|l| l.deleted)
    }

    /// The closest point of interest, else the address.
    pub fn place(&self) -> Option<String> {
        let a = self.address.as_ref()?;
        a.poi_name.as_deref().or(a.text.as_deref()).map(str::to_string)
    }

    /// The identified driver's name, else the vehicle list's assigned one.
    pub fn driver_name(&self) -> Option<String> {
        match &self.driver {
            Some(identified) => Some(identified.full_name()).filter(|n| !n.is_empty()),
            None => self.listed()?.driver_name.as_deref().map(str::to_string),
        }
    }
}

/// A vehicle as the customer's vehicle list gives it, kept for the whole
/// fleet: only what the join (plate, privacy, deletion), the entity filter,
/// the cross-vendor matching (VIN, plate), the list and its CSV need. At
/// 50,000 vehicles the full records ([`VehicleDetails`], ~2 KB each) would
/// stay in the tab all day; the details panel reads the one it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedVehicle {
    pub id: i64,
    /// As listed (`immatriculation`), untrimmed: the key of the record's read.
    pub plate: Option<Box<str>>,
    pub vin: Option<Box<str>>,
    pub fleet_number: Option<Box<str>>,
    /// Shared with the nearest results that describe the vehicle alike.
    pub description: Option<Arc<str>>,
    pub entity: Option<ListedEntity>,
    /// The assigned driver (`chauffeur`), first name then last name,
    /// shared by the vehicles the driver is assigned to.
    pub driver_name: Option<Arc<str>>,
    pub private: bool,
    pub deleted: bool,
}

impl ListedVehicle {
    /// The plate, if it says anything.
    pub fn plate(&self) -> Option<&str> {
        self.plate.as_deref().map(str::trim).filter(|p| !p.is_empty())
    }
}

/// The entity a listed vehicle belongs to. Thousands of vehicles share a
/// few entities: their name is one allocation per distinct name.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedEntity {
    pub id: i64,
    pub name: Arc<str>,
}

/// A customer's vehicle list (`vehicule_engin/vehicles`) by Ocean vehicle
/// id. Logically deleted vehicles stay in it, so that a search result can
/// be recognised as deleted; they are never listed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fleet {
    by_id: HashMap<i64, Arc<ListedVehicle>>,
}

impl Fleet {
    pub fn new(list: Vec<ListedVehicle>) -> Self {
        Fleet { by_id: list.into_iter().map(|v| (v.id, Arc::new(v))).collect() }
    }

    pub fn get(&self, id: i64) -> Option<&Arc<ListedVehicle>> {
        self.by_id.get(&id)
    }

    /// Every vehicle, deleted ones included (in no particular order).
    pub fn vehicles(&self) -> impl Iterator<Item = &ListedVehicle> {
        self.by_id.values().map(Arc::as_ref)
    }

    /// Vehicles listed, logically deleted ones excepted.
    pub fn len(&self) -> usize {
        self.by_id.values().filter(|v| !v.deleted).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Joins nearest results to their entries in `fleet` (on `vehicle.id`), in
/// place: at 50,000 results, a joined copy would cost more than the search.
/// A result not joined yet gets its entry in place, even when shared; one
/// joined to another entry (the list was read again) is copied, so that an
/// answer sharing it keeps its own join. Without the list, no result has an
/// entry.
pub fn attach(found: &mut [Arc<NearbyVehicle>], fleet: Option<&Fleet>) {
    for v in found {
        let entry = fleet.and_then(|f| f.get(v.vehicle.id?));
        let joined = match (v.listed(), entry) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, Some(b)) => v.listed.set(b.clone()).is_ok(),
            (a, None) => a.is_none(),
        };
        if !joined {
            Arc::make_mut(v).listed = entry.cloned().map(OnceLock::from).unwrap_or_default();
        }
    }
}

/// Whether a joined result is shown: never when logically deleted, and
/// with `entity`, only that entity's vehicles (known through the entry's
/// `entite`; while the list is not `read`, nothing is filtered by entity).
pub fn is_shown(v: &NearbyVehicle, read: bool, entity: Option<i64>) -> bool {
    !v.deleted()
        && match (entity, read) {
            (Some(e), true) => v.listed().and_then(|l| l.entity.as_ref()).is_some_and(|x| x.id == e),
            _ => true,
        }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NearbyVehicleInfo {
    pub id: Option<i64>,
    pub category: Option<Arc<str>>,
    /// The vehicle's label (the plate on the simulator).
    pub description: Option<Arc<str>>,
    pub privacy: Option<bool>,
    pub deleted: Option<bool>,
}

/// Where a search result was last seen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Address {
    pub text: Option<Arc<str>>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The name of the closest point of interest (`closestPoi.denominationPoi`).
    pub poi_name: Option<Arc<str>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VehicleGroupRef {
    pub id: Option<i64>,
    pub description: Option<Arc<str>>,
    pub deleted: Option<bool>,
}

/// A person (`individu` / `chauffeur`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Person {
    pub id: Option<i64>,
    pub first_name: Option<Arc<str>>,
    pub last_name: Option<Arc<str>>,
    pub initials: Option<Arc<str>>,
    pub staff_number: Option<Arc<str>>,
    pub email: Option<Arc<str>>,
    pub phone: Option<Arc<str>>,
    pub civility_id: Option<i64>,
    pub deleted: Option<bool>,
}

impl Person {
    pub fn full_name(&self) -> String {
        Person::name_of(self.first_name.as_deref(), self.last_name.as_deref())
    }

    /// A name as [`Person::full_name`] writes it: first name, then last name.
    pub fn name_of(first: Option<&str>, last: Option<&str>) -> String {
        [first, last].into_iter().flatten().collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The results as the map shows them.
    fn join(found: &[NearbyVehicle], fleet: Option<&Fleet>, entity: Option<i64>) -> Vec<NearbyVehicle> {
        let mut joined: Vec<Arc<NearbyVehicle>> = found.iter().cloned().map(Arc::new).collect();
        attach(&mut joined, fleet);
        joined.retain(|v| is_shown(v, fleet.is_some(), entity));
        joined.into_iter().map(Arc::unwrap_or_clone).collect()
    }

    fn nearby(id: i64, description: &str) -> NearbyVehicle {
        NearbyVehicle {
            vehicle: NearbyVehicleInfo { id: Some(id), description: Some(description.into()), ..Default::default() },
            ..Default::default()
        }
    }

    fn listed(id: i64, plate: Option<&str>, entity: i64) -> ListedVehicle {
        ListedVehicle {
            id,
            plate: plate.map(Into::into),
            vin: None,
            fleet_number: None,
            description: None,
            entity: Some(ListedEntity { id: entity, name: format!("Entity {entity}").into() }),
            driver_name: None,
            private: false,
            deleted: false,
        }
    }

    #[test]
    fn the_join_names_each_result_by_its_listed_plate() {
        let found = [nearby(1, "Kangoo – Tournée B"), nearby(2, "Master"), nearby(3, "Trafic")];
        let fleet = Fleet::new(vec![listed(1, Some("AB-123-CD"), 11), listed(2, None, 11)]);
        let shown = join(&found, Some(&fleet), None);
        assert_eq!(shown[0].name(), VehicleName::Plate("AB-123-CD".into()));
        assert_eq!(shown[1].name(), VehicleName::NoPlate(Some("Master".into())));
        // Not in the list: its description, never taken for a plate.
        assert_eq!(shown[2].name(), VehicleName::Described("Trafic".into()));
        // Before the list arrives: descriptions.
        assert_eq!(join(&found, None, None)[0].name(), VehicleName::Described("Kangoo – Tournée B".into()));
    }

    #[test]
    fn deleted_vehicles_are_never_listed_and_entities_filter_through_the_list() {
        let mut gone = nearby(4, "Ancien");
        gone.vehicle.deleted = Some(true);
        let found = [nearby(1, "a"), nearby(2, "b"), gone, nearby(5, "e")];
        let deleted_in_list = ListedVehicle { deleted: true, ..listed(5, Some("EE-555-EE"), 11) };
        let fleet = Fleet::new(vec![listed(1, Some("AA"), 11), listed(2, Some("BB"), 12), deleted_in_list]);
        let ids = |v: Vec<NearbyVehicle>| v.iter().filter_map(|x| x.vehicle.id).collect::<Vec<_>>();
        assert_eq!(ids(join(&found, Some(&fleet), None)), [1, 2]);
        assert_eq!(ids(join(&found, Some(&fleet), Some(12))), [2]);
        // Without the list, an entity cannot be known: nothing is filtered by it.
        assert_eq!(ids(join(&found, None, Some(12))), [1, 2, 5]);
        assert_eq!(fleet.len(), 2);
    }

    #[test]
    fn a_shared_result_is_joined_in_place_and_copied_only_to_be_joined_anew() {
        let mut answer = vec![Arc::new(nearby(1, "a"))];
        let on_screen = answer.clone();
        let first = Fleet::new(vec![listed(1, Some("AA"), 11)]);
        attach(&mut answer, Some(&first));
        assert!(Arc::ptr_eq(&answer[0], &on_screen[0]), "joined without a copy");
        assert_eq!(on_screen[0].name(), VehicleName::Plate("AA".into()));
        // The list read again: the answer's result is its own copy, the other keeps its join.
        let again = Fleet::new(vec![listed(1, Some("ZZ"), 11)]);
        attach(&mut answer, Some(&again));
        assert!(!Arc::ptr_eq(&answer[0], &on_screen[0]));
        assert_eq!(
            (answer[0].name(), on_screen[0].name()),
            (VehicleName::Plate("ZZ".into()), VehicleName::Plate("AA".into()))
        );
        // Joined to nothing (the list failed): no entry.
        attach(&mut answer, None);
        assert!(answer[0].listed().is_none());
    }

    #[test]
    fn privacy_comes_from_either_source() {
        let mut v = nearby(1, "a");
        assert!(!v.private());
        v.vehicle.privacy = Some(true);
        assert!(v.private());
        let record = ListedVehicle { private: true, ..listed(2, Some("BB"), 11) };
        let shown = join(&[nearby(2, "b")], Some(&Fleet::new(vec![record])), None);
        assert!(shown[0].private());
    }

    #[test]
    fn the_driver_is_the_identified_one_else_the_listed_one() {
        let assigned = ListedVehicle { driver_name: Some("Ana Lopez".into()), ..listed(1, Some("AA"), 11) };
        let fleet = Fleet::new(vec![assigned]);
        let shown = join(&[nearby(1, "a")], Some(&fleet), None);
        assert_eq!(shown[0].driver_name().as_deref(), Some("Ana Lopez"));
        let mut identified = nearby(1, "a");
        identified.driver = Some(Person { first_name: Some("Léo".into()), ..Default::default() });
        assert_eq!(join(&[identified], Some(&fleet), None)[0].driver_name().as_deref(), Some("Léo"));
    }
}
