//! The vehicle table's pure parts: filtering, sorting, CSV. Tested natively.

use std::cmp::Ordering;

use crate::domain::common::{Coded, Timestamp};
use crate::domain::groups::GroupVehicle;
use crate::format;
use crate::i18n::{td_string, Locale};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Plate,
    Name,
    Model,
    Vin,
    State,
    Malfunction,
    Fuel,
    Mileage,
}

pub const COLUMNS: [Column; 8] = [
    Column::Plate,
    Column::Name,
    Column::Model,
    Column::Vin,
    Column::State,
    Column::Malfunction,
    Column::Fuel,
    Column::Mileage,
];

impl Column {
    pub fn title(self, locale: Locale) -> &'static str {
        match self {
            Column::Plate => td_string!(locale, vehicle.plate),
            Column::Name => td_string!(locale, vehicle.name),
            Column::Model => td_string!(locale, vehicle.col_model),
            Column::Vin => td_string!(locale, vehicle.vin),
            Column::State => td_string!(locale, vehicle.state),
            Column::Malfunction => td_string!(locale, vehicle.malfunction),
            Column::Fuel => td_string!(locale, vehicle.fuel),
            Column::Mileage => td_string!(locale, vehicle.col_mileage),
        }
    }

    /// The cell as shown (and exported).
    pub fn text(self, locale: Locale, v: &GroupVehicle) -> String {
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        match self {
            Column::Plate => opt(&v.plate),
            Column::Name => opt(&v.name),
            Column::Model => {
                [v.brand.as_deref(), v.model.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ")
            }
            Column::Vin => opt(&v.vin),
            Column::State => v.vehicle_state.as_ref().map(|c| c.label(locale)).unwrap_or_default(),
            Column::Malfunction => v.malfunction.as_ref().map(|c| c.label(locale)).unwrap_or_default(),
            Column::Fuel => opt(&v.fuel_name),
            Column::Mileage => match (v.mileage_km, &v.mileage_reported_at) {
                (Some(km), t) => {
                    let (km, when) = (format::kilometres(locale, km as f64), format::timestamp(locale, t));
                    td_string!(locale, vehicle.mileage_at, km, when).to_string()
                }
                (None, Some(_)) => format::timestamp(locale, &v.mileage_reported_at),
                (None, None) => String::new(),
            },
        }
    }

    fn compare(self, locale: Locale, a: &GroupVehicle, b: &GroupVehicle) -> Ordering {
        match self {
            Column::Mileage => a
                .mileage_reported_at
                .as_ref()
                .and_then(Timestamp::at)
                .cmp(&b.mileage_reported_at.as_ref().and_then(Timestamp::at)),
            Column::Malfunction => rank(&a.malfunction).cmp(&rank(&b.malfunction)),
            _ => self.text(locale, a).to_lowercase().cmp(&self.text(locale, b).to_lowercase()),
        }
    }
}

/// Absent first, then known values in the enum's order, then unknown ones as sent.
fn rank<E: Ord + Copy>(c: &Option<Coded<E>>) -> (u8, Option<E>, String) {
    match c {
        None => (0, None, String::new()),
        Some(Coded::Known(e)) => (1, Some(*e), String::new()),
        Some(Coded::Unknown(raw)) => (2, None, raw.clone()),
    }
}

/// Every `VehicleLightDto` field, labelled, for the details row.
pub fn facts(locale: Locale, v: &GroupVehicle) -> Vec<(&'static str, String)> {
    let s = |x: &Option<String>| x.clone().unwrap_or_else(|| "—".into());
    let id = |x: &Option<uuid::Uuid>| x.map(|u| u.to_string()).unwrap_or_else(|| "—".into());
    let n = |x: Option<i64>| x.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
    let f = |x: Option<f64>| {
        x.map(|v| format::number(locale, v, if v.fract() == 0.0 { 0 } else { 2 })).unwrap_or_else(|| "—".into())
    };
    let b = |x: Option<bool>| match x {
        Some(true) => td_string!(locale, common.yes).to_string(),
        Some(false) => td_string!(locale, common.no).to_string(),
        None => "—".to_string(),
    };
    let t = |x: &Option<Timestamp>| format::timestamp(locale, x);
    let c = |x: Option<String>| x.unwrap_or_else(|| "—".into());
    let interfaces = v
        .external_interfaces
        .iter()
        .map(|i| format!("{} ({})", i.name.as_deref().unwrap_or("?"), id(&i.id)))
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        (td_string!(locale, vehicle.vehicle_id), id(&v.id)),
        (td_string!(locale, vehicle.ws_id), n(v.ws_id)),
        (td_string!(locale, vehicle.customer_id), id(&v.customer_id)),
        (td_string!(locale, vehicle.plate), s(&v.plate)),
        (td_string!(locale, vehicle.government_id), s(&v.government_id)),
        (td_string!(locale, vehicle.name), s(&v.name)),
        (td_string!(locale, vehicle.full_name), s(&v.full_name)),
        (td_string!(locale, vehicle.vehicle_type), s(&v.vehicle_type)),
        (td_string!(locale, vehicle.brand), s(&v.brand)),
        (td_string!(locale, vehicle.model), s(&v.model)),
        (td_string!(locale, vehicle.vin), s(&v.vin)),
        (td_string!(locale, vehicle.utility), s(&v.utility)),
        (td_string!(locale, vehicle.job_activity), s(&v.job_activity)),
        (td_string!(locale, vehicle.agency), format!("{} ({})", s(&v.agency_name), id(&v.agency_id))),
        (td_string!(locale, vehicle.group), format!("{} ({})", s(&v.group_name), id(&v.group_id))),
        (td_string!(locale, vehicle.in_service_since), t(&v.in_service_since)),
        (td_string!(locale, vehicle.rented), b(v.renting)),
        (td_string!(locale, vehicle.lease_start), t(&v.lease_start)),
        (td_string!(locale, vehicle.lease_end), t(&v.lease_end)),
        (td_string!(locale, vehicle.lease_start_km), n(v.lease_start_km)),
        (td_string!(locale, vehicle.lease_end_km), n(v.lease_end_km)),
        (td_string!(locale, vehicle.external_interface_id), id(&v.external_interface_id)),
        (td_string!(locale, vehicle.external_interfaces), if interfaces.is_empty() { "—".into() } else { interfaces }),
        (td_string!(locale, vehicle.mobile_unit), format!("{} ({})", s(&v.mobile_unit_name), id(&v.mobile_unit_id))),
        (td_string!(locale, vehicle.imei), s(&v.imei)),
        (td_string!(locale, vehicle.camera), c(v.camera.as_ref().map(|x| x.label(locale)))),
        (td_string!(locale, vehicle.no_geolocation), b(v.no_geolocation)),
        (td_string!(locale, vehicle.compatible_download), b(v.compatible_download)),
        (td_string!(locale, vehicle.tacho_speed_limit), n(v.tacho_speed_limit)),
        (td_string!(locale, vehicle.state), c(v.state.as_ref().map(|x| x.label(locale)))),
        (td_string!(locale, vehicle.vehicle_state), c(v.vehicle_state.as_ref().map(|x| x.label(locale)))),
        (td_string!(locale, vehicle.active), b(v.active)),
        (td_string!(locale, vehicle.malfunction), c(v.malfunction.as_ref().map(|x| x.label(locale)))),
        (td_string!(locale, vehicle.malfunction_changed), t(&v.malfunction_changed_at)),
        (td_string!(locale, vehicle.malfunction_history), b(v.has_malfunction_history)),
        (td_string!(locale, vehicle.maintenance_due), b(v.maintenance_due)),
        (td_string!(locale, vehicle.mileage_km), n(v.mileage_km)),
        (td_string!(locale, vehicle.mileage_reported), t(&v.mileage_reported_at)),
        (td_string!(locale, vehicle.mileage_at_assignment), n(v.mileage_at_assignment_km)),
        (td_string!(locale, vehicle.fuel), s(&v.fuel_name)),
        (td_string!(locale, vehicle.fuel_type_id), n(v.fuel_type_id)),
        (td_string!(locale, vehicle.fuel_type_id_synthesis), n(v.fuel_type_id_synthesis)),
        (td_string!(locale, vehicle.fuel_type_conflict), b(v.fuel_type_conflict)),
        (td_string!(locale, vehicle.theoretical_consumption), f(v.theoretical_consumption)),
        (td_string!(locale, vehicle.tank_volume), f(v.tank_volume)),
        (td_string!(locale, vehicle.tolerance), f(v.tolerance)),
        (td_string!(locale, vehicle.total_fuel_used), f(v.total_fuel_used)),
        (td_string!(locale, vehicle.can_fuel_report), t(&v.can_fuel_report_at)),
    ]
}

/// Plates and VINs match whatever the spacing: "ab123" finds "AB-123-CD".
fn normalise(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Indices of the vehicles matching `query` on plate, VIN, name or IMEI.
pub fn filter(vehicles: &[GroupVehicle], query: &str) -> Vec<usize> {
    let q = normalise(query);
    (0..vehicles.len())
        .filter(|&i| {
            let v = &vehicles[i];
            q.is_empty()
                || [&v.plate, &v.vin, &v.name, &v.imei].into_iter().flatten().any(|s| normalise(s).contains(&q))
        })
        .collect()
}

pub fn sort(locale: Locale, vehicles: &[GroupVehicle], indices: &mut [usize], by: Column, ascending: bool) {
    indices.sort_by(|&a, &b| {
        let o = by.compare(locale, &vehicles[a], &vehicles[b]);
        if ascending {
            o
        } else {
            o.reverse()
        }
    });
}

/// The table as CSV, with the columns shown, in the order shown.
/// Headers and cells in the user's language, as on screen.
pub fn to_csv(locale: Locale, vehicles: &[GroupVehicle], rows: &[usize]) -> Result<String, String> {
    crate::csv_export::to_csv(
        COLUMNS.iter().map(|c| c.title(locale)),
        rows.iter().map(|&i| COLUMNS.iter().map(move |c| c.text(locale, &vehicles[i]))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(plate: &str, name: &str, imei: &str) -> GroupVehicle {
        GroupVehicle {
            plate: Some(plate.into()),
            name: Some(name.into()),
            imei: Some(imei.into()),
            vin: Some(format!("VF1{plate}")),
            ..GroupVehicle::default()
        }
    }

    #[test]
    fn filter_matches_plate_vin_name_and_imei_ignoring_separators() {
        let list = vec![v("AB-123-CD", "Kangoo Lyon", "351"), v("EF-456-GH", "Master Paris", "352")];
        assert_eq!(filter(&list, "ab123"), [0]);
        assert_eq!(filter(&list, "paris"), [1]);
        assert_eq!(filter(&list, "352"), [1]);
        assert_eq!(filter(&list, "vf1ef"), [1]);
        assert_eq!(filter(&list, ""), [0, 1]);
    }

    #[test]
    fn sort_by_column_both_ways() {
        let list = vec![v("CC-1", "b", ""), v("AA-1", "c", ""), v("BB-1", "a", "")];
        let mut idx = vec![0, 1, 2];
        sort(Locale::en, &list, &mut idx, Column::Plate, true);
        assert_eq!(idx, [1, 2, 0]);
        sort(Locale::en, &list, &mut idx, Column::Name, false);
        assert_eq!(idx, [1, 0, 2]);
    }

    #[test]
    fn details_list_every_vehicle_field() {
        // 51 documented fields; agency, group and mobile unit pair id and name.
        assert_eq!(facts(Locale::en, &GroupVehicle::default()).len(), 48);
        let unknown = GroupVehicle {
            malfunction: Some(crate::domain::common::Coded::Unknown("7".into())),
            ..GroupVehicle::default()
        };
        assert!(facts(Locale::en, &unknown).contains(&("Malfunction level", "Unknown (7)".to_string())));
        assert!(facts(Locale::fr, &unknown).contains(&("Niveau de dysfonctionnement", "Inconnu (7)".to_string())));
    }

    #[test]
    fn csv_has_the_shown_columns_and_quotes_text() {
        let list = vec![v("AB-123-CD", "Kangoo, \"Lyon\"", "")];
        let csv = to_csv(Locale::en, &list, &[0]).expect("csv");
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("Plate,Name,Brand and model,VIN,State,Malfunction level,Fuel,Last mileage report")
        );
        assert_eq!(lines.next(), Some("AB-123-CD,\"Kangoo, \"\"Lyon\"\"\",,VF1AB-123-CD,,,,"));
        let french = to_csv(Locale::fr, &list, &[0]).expect("csv");
        // A vendor name that a spreadsheet would run comes out as text.
        let hostile = to_csv(Locale::en, &[v("AB-1", "=HYPERLINK(\"https://evil.example\")", "")], &[0]).expect("csv");
        assert!(hostile.contains(",\"'=HYPERLINK(\"\"https://evil.example\"\")\","), "{hostile}");
        assert!(french.starts_with("Immatriculation,Nom,Marque et modèle,VIN,État,"));
    }
}
