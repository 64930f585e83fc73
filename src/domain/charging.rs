//! EV charging (from eMabler): home sites and their subsites, drivers with
//! their tags, charger groups, chargers and sockets.

use super::common::{Coded, Timestamp};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DriverTree {
    /// Home sites (not the spare group), each with its subsites.
    pub sites: Vec<Site>,
    /// The spare group's drivers, then `spareUsers`: drivers without a site.
    pub drivers_without_site: Vec<Driver>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Site {
    pub id: i64,
    pub name: String,
    pub is_spare: bool,
    pub group_type: Option<Coded<GroupType>>,
    pub external_id: Option<String>,
    pub subsites: Vec<Site>,
    pub drivers: Vec<Driver>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Driver {
    pub id: i64,
    pub name: String,
    pub external_id: Option<String>,
    pub home_site_id: Option<i64>,
    pub home_site_name: Option<String>,
    pub payer_id: Option<i64>,
    pub tags: Vec<Tag>,
    pub charger_groups: Vec<ChargerGroup>,
    /// Chargers attached to the driver directly (e.g. at home).
    pub chargers: Vec<Charger>,
    pub integrated_ids: Vec<IntegratedId>,
}

/// An RFID tag (`idTag`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tag {
    pub id: Option<i64>,
    pub id_tag: String,
    pub name: Option<String>,
    pub starts: Option<Timestamp>,
    pub expires: Option<Timestamp>,
    pub updated: Option<Timestamp>,
    /// Meaningful only with eMabler's invoicing service.
    pub invoicable: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChargerGroup {
    pub id: Option<i64>,
    pub name: String,
    pub group_type: Option<Coded<GroupType>>,
    pub external_id: Option<String>,
    pub online_sockets: Option<i64>,
    pub offline_sockets: Option<i64>,
    pub error_sockets: Option<i64>,
    pub subgroups: Vec<ChargerGroup>,
    pub chargers: Vec<Charger>,
    pub payer_id: Option<i64>,
    pub cost_id: Option<String>,
    pub cost_name: Option<String>,
    pub payment_recipient_id: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Charger {
    pub id: Option<i64>,
    pub charger_id: String,
    pub name: Option<String>,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub public_group_name: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub firmware: Option<String>,
    pub status: Option<String>,
    pub active_connection: Option<bool>,
    pub last_seen: Option<Timestamp>,
    pub last_message: Option<String>,
    pub location: Option<Location>,
    pub push_integration: Option<bool>,
    pub specific_message_structure: Option<bool>,
    pub configurations: Vec<ChargerConfiguration>,
    pub sockets: Vec<Socket>,
    /// eMI3 syntax, e.g. `FRA23E45B*78C`.
    pub evse_id: Option<String>,
    /// false: EVSE UID = chargerId; true: chargerId + socketId.
    pub split_evse_by_socket: Option<bool>,
    pub capabilities: Vec<String>,
    pub physical_reference: Option<String>,
    pub integration_relays: Vec<String>,
    pub iccid: Option<String>,
    pub imsi: Option<String>,
    pub meter_serial_number: Option<String>,
    pub meter_type: Option<String>,
    pub custom_properties: Vec<(String, String)>,
    /// Deprecated by the vendor; kept for older payloads.
    pub amount_of_sockets: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Location {
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub street_address: Option<String>,
    pub street_number: Option<String>,
    pub house_letter: Option<String>,
    pub postal_number: Option<String>,
    pub city: Option<String>,
    pub area: Option<String>,
    pub country: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChargerConfiguration {
    pub name: String,
    pub value: Option<String>,
    pub can_be_changed: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Socket {
    pub id: Option<i64>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub max_power: Option<String>,
    pub max_watts: Option<i64>,
    pub max_voltage: Option<i64>,
    pub max_amperage: Option<i64>,
    pub power_type: Option<String>,
    pub format: Option<String>,
    pub phase_rotation: Option<String>,
    pub device_evse_id: Option<i64>,
    pub device_connector_id: Option<i64>,
    pub charging_station_evse_id: Option<i64>,
    pub terms_and_conditions: Option<String>,
    pub last_updated: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntegratedId {
    pub reference_type: Option<Coded<ReferenceType>>,
    pub reference_id: Option<String>,
    pub external_id: Option<String>,
    pub effective_from: Option<Timestamp>,
}

// eMabler publishes the codes (0–4, 0–1), not their meanings; the wire
// codes are in `vendors::emabler`, the labels in `labels`.

/// A charger group's or a socket's `groupType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupType {
    Type0,
    Type1,
    Type2,
    Type3,
    Type4,
}

/// An integrated id's `referenceType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReferenceType {
    Type0,
    Type1,
}

impl ChargerGroup {
    pub fn all_chargers(&self) -> impl Iterator<Item = &Charger> {
        let nested: Vec<&Charger> = self.subgroups.iter().flat_map(|g| g.all_chargers().collect::<Vec<_>>()).collect();
        self.chargers.iter().chain(nested)
    }
}

impl Driver {
    /// Chargers in the driver's charger groups (at any depth) and their own.
    pub fn charger_count(&self) -> usize {
        self.chargers.len() + self.charger_groups.iter().map(|g| g.all_chargers().count()).sum::<usize>()
    }
}

impl Site {
    /// Drivers at this site and every subsite below it.
    pub fn driver_count(&self) -> usize {
        self.drivers.len() + self.subsites.iter().map(Site::driver_count).sum::<usize>()
    }

    pub fn charger_count(&self) -> usize {
        self.drivers.iter().map(Driver::charger_count).sum::<usize>()
            + self.subsites.iter().map(Site::charger_count).sum::<usize>()
    }

    /// This site and all its subsites.
    pub fn site_count(&self) -> usize {
        1 + self.subsites.iter().map(Site::site_count).sum::<usize>()
    }
}

impl DriverTree {
    pub fn driver_count(&self) -> usize {
        self.drivers_without_site.len() + self.sites.iter().map(Site::driver_count).sum::<usize>()
    }

    pub fn site_count(&self) -> usize {
        self.sites.iter().map(Site::site_count).sum()
    }

    pub fn charger_count(&self) -> usize {
        self.drivers_without_site.iter().map(Driver::charger_count).sum::<usize>()
            + self.sites.iter().map(Site::charger_count).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn driver(id: i64, own: usize, grouped: usize) -> Driver {
        let charger = Charger { charger_id: "c".into(), ..Charger::default() };
        Driver {
            id,
            name: format!("D{id}"),
            chargers: vec![charger.clone(); own],
            charger_groups: vec![ChargerGroup { chargers: vec![charger; grouped], ..ChargerGroup::default() }],
            ..Driver::default()
        }
    }

    #[test]
    fn counts_aggregate_over_subsites_and_charger_groups() {
        let leaf =
            Site { id: 3, name: "leaf".into(), drivers: vec![driver(1, 1, 1), driver(2, 0, 0)], ..Site::default() };
        let mid =
            Site { id: 2, name: "mid".into(), subsites: vec![leaf], drivers: vec![driver(3, 0, 1)], ..Site::default() };
        let top = Site { id: 1, name: "top".into(), subsites: vec![mid], ..Site::default() };
        let tree = DriverTree { sites: vec![top], drivers_without_site: vec![driver(4, 2, 3)] };
        assert_eq!(tree.site_count(), 3);
        assert_eq!(tree.driver_count(), 4);
        assert_eq!(tree.charger_count(), 8);
        assert_eq!(tree.sites[0].driver_count(), 3);
    }
}
