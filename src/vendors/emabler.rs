//! eMabler: the driver tree ("get-authorised-users") and one driver by
//! externalId ("get-authorised-user-external-id"), camelCase JSON. The URL
//! paths are not published: they come from `config.json`.
//!
//! The `FromJson` impls below are this vendor's response DTOs: they name
//! every documented key, in the vendor's casing, and yield domain types.

use super::http::Call;
use super::tolerant::{decode_object, Decoded, FromJson, Obj};
use super::ApiError;
use crate::config::{EmablerConfig, EXTERNAL_ID_PLACEHOLDER};
use crate::domain::charging::{
    Charger, ChargerConfiguration, ChargerGroup, Driver, DriverTree, GroupType, IntegratedId, Location, ReferenceType,
    Site, Socket, Tag,
};
use crate::domain::common::Transfer;
use crate::wire_codes;

mod fast;
mod sliced;

pub const VENDOR: &str = "eMabler";
/// The kind of call a newer tree read (or a cancel) ends.
const TREE: &str = "emabler-tree";

// Published as codes only (0–4, 0–1); a name is the code as a string.
wire_codes!(GroupType {
    Type0 = 0, "0";
    Type1 = 1, "1";
    Type2 = 2, "2";
    Type3 = 3, "3";
    Type4 = 4, "4";
});
wire_codes!(ReferenceType {
    Type0 = 0, "0";
    Type1 = 1, "1";
});

/// eMabler as configured: built once from `config.json`, provided to the
/// pages through context (`crate::use_emabler`).
#[derive(Clone, Debug, PartialEq)]
pub struct Emabler {
    base_url: String,
    /// Not published: from `config.json`.
    tree_path: String,
    /// Not published: from `config.json`; `{externalId}` is replaced.
    driver_path: String,
    timeout_ms: u32,
}

/// The tree's top level: `userGroups` (sites and the spare group) and `spareUsers`.
struct TreeDto {
    user_groups: Vec<Site>,
    spare_users: Vec<Driver>,
}

impl FromJson for TreeDto {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(TreeDto { user_groups: o.list("userGroups"), spare_users: o.list("spareUsers") })
    }
}

impl FromJson for Site {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Site {
            id: o.i64("id").ok_or("site without an id")?,
            // The schema says `groupName`; the short example says `name`.
            name: o.string("groupName").or_else(|| o.string("name")).unwrap_or_default(),
            is_spare: o.bool("isSpare").unwrap_or(false),
            group_type: o.coded("groupType"),
            external_id: o.string("externalId"),
            subsites: o.list("subgroups"),
            drivers: o.list("users"),
        })
    }
}

impl FromJson for Driver {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Driver {
            id: o.i64("id").ok_or("driver without an id")?,
            name: o.string("name").unwrap_or_default(),
            external_id: o.string("externalId"),
            home_site_id: o.i64("homeGroupId").filter(|id| *id != 0),
            home_site_name: o.string("homeGroupName").filter(|n| !n.is_empty()),
            payer_id: o.i64("payerId"),
            tags: o.list("tags"),
            charger_groups: o.list("chargerGroups"),
            chargers: o.list("chargers"),
            integrated_ids: o.list("integratedExternalIds"),
        })
    }
}

impl FromJson for Tag {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Tag {
            id: o.i64("id"),
            id_tag: o.string("idTag").ok_or("tag without an idTag")?,
            name: o.string("tokenName"),
            starts: o.time("startDate"),
            expires: o.time("expiringDate"),
            updated: o.time("lastUpdated"),
            invoicable: o.bool("invoicable"),
        })
    }
}

impl FromJson for ChargerGroup {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(ChargerGroup {
            id: o.i64("id"),
            name: o.string("groupName").unwrap_or_default(),
            group_type: o.coded("groupType"),
            external_id: o.string("externalId"),
            online_sockets: o.i64("onlineSocket"),
            offline_sockets: o.i64("offlineSocket"),
            error_sockets: o.i64("errorSocket"),
            subgroups: o.list("subgroups"),
            chargers: o.list("chargers"),
            payer_id: o.i64("payerId"),
            cost_id: o.string("costId"),
            cost_name: o.string("costName"),
            payment_recipient_id: o.i64("paymentRecipientId"),
        })
    }
}

impl FromJson for Charger {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Charger {
            id: o.i64("id"),
            charger_id: o.string("chargerId").ok_or("charger without a chargerId")?,
            name: o.string("chargerName"),
            group_id: o.i64("groupId"),
            group_name: o.string("groupName"),
            public_group_name: o.string("publicGroupName"),
            manufacturer: o.string("manufacturer"),
            model: o.string("chargerModel"),
            serial_number: o.string("serialNumber"),
            firmware: o.string("firmwareVersion"),
            status: o.string("chargerStatus"),
            active_connection: o.bool("activeConnection"),
            last_seen: o.time("lastSeen"),
            last_message: o.string("lastMessage"),
            location: o.object("locationInfo"),
            push_integration: o.bool("pushIntegrationEnabled"),
            specific_message_structure: o.bool("chargerSpecificMessageStructure"),
            configurations: o.list("chargerConfigurations"),
            sockets: o.list("sockets"),
            evse_id: o.string("evseId"),
            split_evse_by_socket: o.bool("splitEvseBySocket"),
            capabilities: o.strings("capabilities"),
            physical_reference: o.string("physicalReference"),
            integration_relays: o.strings("integrationRelays"),
            iccid: o.string("iccid"),
            imsi: o.string("imsi"),
            meter_serial_number: o.string("meterSerialNumber"),
            meter_type: o.string("meterType"),
            custom_properties: o.properties("customProperties"),
            amount_of_sockets: o.i64("amountOfSockets"),
        })
    }
}

impl FromJson for Location {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Location {
            latitude: o.f64("latitude"),
            longitude: o.f64("longitude"),
            street_address: o.string("streetAddress"),
            street_number: o.string("streetNumber"),
            house_letter: o.string("houseLetter"),
            postal_number: o.string("postalNumber"),
            city: o.string("city"),
            area: o.string("area"),
            country: o.string("country"),
        })
    }
}

impl FromJson for ChargerConfiguration {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(ChargerConfiguration {
            name: o.string("configName").ok_or("configuration without a configName")?,
            value: o.string("configValue"),
            can_be_changed: o.bool("canBeChanged"),
        })
    }
}

impl FromJson for Socket {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Socket {
            id: o.i64("id"),
            name: o.string("name"),
            kind: o.string("type"),
            status: o.string("status"),
            max_power: o.string("maxPower"),
            max_watts: o.i64("maxWatts"),
            max_voltage: o.i64("maxVoltage"),
            max_amperage: o.i64("maxAmperage"),
            power_type: o.string("socketPowerType"),
            format: o.string("format"),
            phase_rotation: o.string("phaseRotation"),
            device_evse_id: o.i64("deviceEvseId"),
            device_connector_id: o.i64("deviceConnectorId"),
            charging_station_evse_id: o.i64("chargingStationEvseId"),
            terms_and_conditions: o.string("termsAndConditions"),
            last_updated: o.time("lastUpdated"),
        })
    }
}

impl FromJson for IntegratedId {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(IntegratedId {
            reference_type: o.coded("referenceType"),
            reference_id: o.string("referenceId"),
            external_id: o.string("externalId"),
            effective_from: o.time("effectiveFrom"),
        })
    }
}

/// The typed fast path first; the tolerant reader when it says no.
pub fn decode_tree(body: &str) -> Result<Decoded<DriverTree>, ApiError> {
    match fast::tree(body) {
        Some(dto) => Ok(Decoded { value: arrange(dto), warnings: Vec::new() }),
        None => decode_object::<TreeDto>(body).map(|d| Decoded { value: arrange(d.value), warnings: d.warnings }),
    }
}

/// Sites and the drivers without one, from the vendor's two lists.
fn arrange(dto: TreeDto) -> DriverTree {
    let mut sites = Vec::new();
    let mut without_site = Vec::new();
    for g in dto.user_groups {
        if g.is_spare {
            // The spare group's own subsites (if any) are still sites.
            without_site.extend(g.drivers);
            sites.extend(g.subsites);
        } else {
            sites.push(g);
        }
    }
    without_site.extend(dto.spare_users);
    DriverTree { sites, drivers_without_site: without_site }
}

pub fn decode_driver(body: &str) -> Result<Decoded<Driver>, ApiError> {
    decode_object::<Driver>(body)
}

impl Emabler {
    /// Only its own configuration, and the deadline of every call.
    pub fn new(c: &EmablerConfig, timeout_ms: u32) -> Self {
        Emabler {
            base_url: c.base_url.clone(),
            tree_path: c.driver_tree_path.clone(),
            driver_path: c.driver_by_external_id_path.clone(),
            timeout_ms,
        }
    }

    fn driver_url(&self, external_id: &str) -> String {
        let path = self.driver_path.replace(EXTERNAL_ID_PLACEHOLDER, &super::http::percent_encode(external_id));
        format!("{}{}", self.base_url, path)
    }

    /// The whole tree (45 MB at 10,000 drivers), `progress` told the bytes
    /// received while it arrives, then that it is being decoded. A newer read aborts an older one, as
    /// [`Emabler::cancel_tree`] does. The body is decoded a few milliseconds
    /// at a time, the page's event loop running in between, and only while
    /// `wanted()` (else [`ApiError::Superseded`]).
    pub async fn fetch_tree(
        &self,
        progress: impl Fn(Transfer) + 'static,
        wanted: impl Fn() -> bool,
    ) -> Result<Decoded<DriverTree>, ApiError> {
        let url = format!("{}{}", self.base_url, self.tree_path);
        let progress = std::rc::Rc::new(progress);
        let arriving = {
            let progress = progress.clone();
            move |bytes| progress(Transfer::Arriving(bytes))
        };
        let body = Call::read(url, self.timeout_ms).latest_of(TREE).reporting(arriving).send().await?;
        progress(Transfer::Decoding(body.len()));
        let mut reader = sliced::TreeReader::new(body);
        if !crate::slices::run_in_slices(|time_left| reader.advance(time_left), wanted).await {
            return Err(ApiError::Superseded);
        }
        reader.finish()
    }

    /// Ends the tree read in flight: its caller gets [`ApiError::Superseded`].
    pub fn cancel_tree(&self) {
        super::http::cancel(TREE);
    }

    pub async fn fetch_driver(&self, external_id: &str) -> Result<Decoded<Driver>, ApiError> {
        let body = Call::read(self.driver_url(external_id), self.timeout_ms).latest_of("emabler-driver").send().await?;
        decode_driver(&body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::charging::{GroupType, ReferenceType};
    use crate::domain::common::{Coded, Timestamp};
    use crate::vendors::tolerant::parse_timestamp;

    const TREE: &str = include_str!("../../fixtures/emabler-driver-tree.json");
    const SHORT_TREE: &str = include_str!("../../fixtures/emabler-driver-tree-short-example.json");
    const DRIVER: &str = include_str!("../../fixtures/emabler-driver.json");

    fn at(s: &str) -> Option<Timestamp> {
        Some(parse_timestamp(s).expect("test time"))
    }

    /// Every documented charger field, as the schema example fills it.
    fn sample_charger(t: &str) -> Charger {
        Charger {
            id: Some(0),
            charger_id: "string".into(),
            name: Some("string".into()),
            group_id: Some(0),
            group_name: Some("string".into()),
            public_group_name: Some("string".into()),
            manufacturer: Some("string".into()),
            model: Some("string".into()),
            serial_number: Some("string".into()),
            firmware: Some("string".into()),
            status: Some("string".into()),
            active_connection: Some(true),
            last_seen: at(t),
            last_message: Some("string".into()),
            location: Some(Location {
                latitude: Some(0.0),
                longitude: Some(0.0),
                street_address: Some("string".into()),
                street_number: Some("string".into()),
                house_letter: Some("string".into()),
                postal_number: Some("string".into()),
                city: Some("string".into()),
                area: Some("string".into()),
                country: Some("string".into()),
            }),
            push_integration: Some(true),
            specific_message_structure: Some(true),
            configurations: vec![ChargerConfiguration {
                name: "string".into(),
                value: Some("string".into()),
                can_be_changed: Some(true),
            }],
            sockets: vec![Socket {
                id: Some(0),
                name: Some("string".into()),
                kind: Some("string".into()),
                status: Some("string".into()),
                max_power: Some("string".into()),
                max_watts: Some(0),
                max_voltage: Some(0),
                max_amperage: Some(0),
                power_type: Some("string".into()),
                format: Some("string".into()),
                phase_rotation: Some("string".into()),
                device_evse_id: Some(0),
                device_connector_id: Some(0),
                charging_station_evse_id: Some(0),
                terms_and_conditions: Some("string".into()),
                last_updated: at(t),
            }],
            evse_id: Some("string".into()),
            split_evse_by_socket: Some(true),
            capabilities: vec!["string".into()],
            physical_reference: Some("string".into()),
            integration_relays: vec!["string".into()],
            iccid: Some("string".into()),
            imsi: Some("string".into()),
            meter_serial_number: Some("string".into()),
            meter_type: Some("string".into()),
            custom_properties: vec![],
            amount_of_sockets: None,
        }
    }

    fn sample_driver(tag_time: &str, charger_time: &str) -> Driver {
        Driver {
            id: 0,
            name: "string".into(),
            external_id: Some("string".into()),
            home_site_id: None, // 0 in the sample: no home site
            home_site_name: Some("string".into()),
            payer_id: Some(0),
            tags: vec![Tag {
                id: Some(0),
                id_tag: "string".into(),
                name: Some("string".into()),
                starts: at(tag_time),
                expires: at(tag_time),
                updated: at(tag_time),
                invoicable: Some(true),
            }],
            charger_groups: vec![ChargerGroup {
                id: Some(0),
                name: "string".into(),
                group_type: Some(Coded::Known(GroupType::Type0)),
                external_id: Some("string".into()),
                online_sockets: Some(0),
                offline_sockets: Some(0),
                error_sockets: Some(0),
                subgroups: vec![],
                chargers: vec![sample_charger(charger_time)],
                payer_id: Some(0),
                cost_id: Some("string".into()),
                cost_name: Some("string".into()),
                payment_recipient_id: Some(0),
            }],
            chargers: vec![sample_charger(charger_time)],
            integrated_ids: vec![IntegratedId {
                reference_type: Some(Coded::Known(ReferenceType::Type0)),
                reference_id: Some("string".into()),
                external_id: Some("string".into()),
                effective_from: at(charger_time),
            }],
        }
    }

    #[test]
    fn driver_sample_decodes_with_every_field() {
        let d = decode_driver(DRIVER).expect("decodes");
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        assert_eq!(d.value, sample_driver("2024-12-04T11:51:42.908Z", "2024-12-04T11:51:42.909Z"));
    }

    #[test]
    fn tree_sample_decodes_with_every_field() {
        let d = decode_tree(TREE).expect("decodes");
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        let tree = d.value;
        // The sample's only user group is the spare group (isSpare: true).
        assert!(tree.sites.is_empty());
        assert_eq!(tree.drivers_without_site.len(), 2);
        assert_eq!(tree.drivers_without_site[0], sample_driver("2024-10-10T06:49:37.450Z", "2024-10-10T06:49:37.451Z"));
        assert_eq!(tree.drivers_without_site[1], sample_driver("2024-10-10T06:49:37.451Z", "2024-10-10T06:49:37.452Z"));
    }

    #[test]
    fn short_examples_with_strings_for_lists_keep_the_rest() {
        let d = decode_tree(include_str!("../../fixtures/emabler-driver-tree-short-example.json")).expect("decodes");
        let names: Vec<_> = d.value.sites.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["DriverSiteTest1", "DriverSiteTest3"]);
        let without: Vec<_> = d.value.drivers_without_site.iter().map(|x| x.external_id.as_deref()).collect();
        assert_eq!(without, [Some("extDriverTestId")]);
        let paths: Vec<_> = d.warnings.iter().map(|w| w.path.as_str()).collect();
        assert!(paths.contains(&"$.userGroups[0].subgroups"), "{paths:?}");
        assert!(paths.contains(&"$.spareUsers[0].tags"), "{paths:?}");
        assert!(d.warnings.iter().all(|w| w.reason.starts_with("expected a list")), "{:?}", d.warnings);

        let d = decode_driver(include_str!("../../fixtures/emabler-driver-short-example.json")).expect("decodes");
        assert_eq!(d.value.home_site_id, Some(3));
        assert_eq!(d.value.payer_id, Some(4));
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings); // tags, chargers
    }

    #[test]
    fn a_malformed_driver_is_dropped_and_its_siblings_kept() {
        let body = r#"{"userGroups":[{"isSpare":false,"id":2,"groupName":"Site","subgroups":[],
            "users":[{"id":1,"name":"A"},{"name":"no id"},42,{"id":3,"name":"C","tags":[{"idTag":"T1","expiringDate":"0001-01-01T00:00:00Z"}]}]}],"spareUsers":[]}"#;
        let d = decode_tree(body).expect("decodes");
        let names: Vec<_> = d.value.sites[0].drivers.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["A", "C"]);
        assert_eq!(d.value.sites[0].drivers[1].tags[0].expires, Some(Timestamp::Never));
        let paths: Vec<_> = d.warnings.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(paths, ["$.userGroups[0].users[1]", "$.userGroups[0].users[2]"]);
    }

    #[test]
    fn enums_as_names_are_accepted() {
        let body = r#"{"id":1,"name":"A","integratedExternalIds":[{"referenceType":"1"},{"referenceType":"HR"}],
            "chargerGroups":[{"groupName":"G","groupType":"4"}]}"#;
        let d = decode_driver(body).expect("decodes").value;
        assert_eq!(d.integrated_ids[0].reference_type, Some(Coded::Known(ReferenceType::Type1)));
        assert_eq!(d.integrated_ids[1].reference_type, Some(Coded::Unknown("HR".into())));
        assert_eq!(d.charger_groups[0].group_type, Some(Coded::Known(GroupType::Type4)));
    }

    #[test]
    fn driver_url_encodes_the_external_id() {
        let config = crate::config::parse_config(include_str!("../../public/config.json")).expect("config");
        assert_eq!(
            Emabler::new(&config.vendors.emabler, 15_000).driver_url("a/b c"),
            "/vendors/emabler/authorised-users/external-id/a%2Fb%20c"
        );
    }

    #[test]
    fn the_fast_path_reads_exactly_what_the_tolerant_reader_reads() {
        assert!(fast::tree(TREE).is_some(), "the fast path refuses the docs' sample");
        // The short example has prose where lists belong: for the tolerant reader.
        assert!(fast::tree(SHORT_TREE).is_none(), "the fast path reads the short example");
        for text in [TREE, SHORT_TREE] {
            let sample: serde_json::Value = serde_json::from_str(text).expect("sample");
            let (mut read, mut refused) = (0, 0);
            for body in crate::vendors::strict::every_value_replaced(&sample) {
                let body = body.to_string();
                let tolerant =
                    decode_object::<TreeDto>(&body).map(|d| Decoded { value: arrange(d.value), warnings: d.warnings });
                if fast::tree(&body).is_some() {
                    read += 1;
                    assert!(
                        tolerant.as_ref().is_ok_and(|d| d.warnings.is_empty()),
                        "fast path read what warns: {body}"
                    );
                } else {
                    refused += 1;
                }
                assert_eq!(decode_tree(&body), tolerant, "{body}");
            }
            // Some mutations of the full sample are for the tolerant reader, some are not.
            assert!(refused > 100 && (read > 100 || text == SHORT_TREE), "{read} read, {refused} refused");
        }
    }
}
