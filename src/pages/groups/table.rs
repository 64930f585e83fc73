//! The vehicle table's pure parts: filtering, sorting, CSV. Tested natively.

use std::cmp::Ordering;

use crate::domain::common::{Timestamp, VendorEnum};
use crate::domain::groups::GroupVehicle;
use crate::format;

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

pub const COLUMNS: [Column; 8] = [Column::Plate, Column::Name, Column::Model, Column::Vin, Column::State, Column::Malfunction, Column::Fuel, Column::Mileage];

impl Column {
    pub fn title(self) -> &'static str {
        match self {
            Column::Plate => "Plate",
            Column::Name => "Name",
            Column::Model => "Brand and model",
            Column::Vin => "VIN",
            Column::State => "State",
            Column::Malfunction => "Malfunction level",
            Column::Fuel => "Fuel",
            Column::Mileage => "Last mileage report",
        }
    }

    /// The cell as shown (and exported).
    pub fn text(self, v: &GroupVehicle) -> String {
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        match self {
            Column::Plate => opt(&v.plate),
            Column::Name => opt(&v.name),
            Column::Model => [v.brand.as_deref(), v.model.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" "),
            Column::Vin => opt(&v.vin),
            Column::State => v.vehicle_state.as_ref().map(|c| c.label()).unwrap_or_default(),
            Column::Malfunction => v.malfunction.as_ref().map(|c| c.label()).unwrap_or_default(),
            Column::Fuel => opt(&v.fuel_name),
            Column::Mileage => match (v.mileage_km, &v.mileage_reported_at) {
                (Some(km), t) => format!("{km} km, {}", format::timestamp(t)),
                (None, Some(_)) => format::timestamp(&v.mileage_reported_at),
                (None, None) => String::new(),
            },
        }
    }

    fn compare(self, a: &GroupVehicle, b: &GroupVehicle) -> Ordering {
        match self {
            Column::Mileage => a.mileage_reported_at.as_ref().and_then(Timestamp::at).cmp(&b.mileage_reported_at.as_ref().and_then(Timestamp::at)),
            Column::Malfunction => code(&a.malfunction).cmp(&code(&b.malfunction)),
            _ => self.text(a).to_lowercase().cmp(&self.text(b).to_lowercase()),
        }
    }
}

fn code<E: VendorEnum>(c: &Option<crate::domain::common::Coded<E>>) -> (i64, String) {
    match c {
        None => (i64::MIN, String::new()),
        Some(crate::domain::common::Coded::Known(e)) => (e.code(), String::new()),
        Some(crate::domain::common::Coded::Unknown(raw)) => (raw.parse().unwrap_or(i64::MAX), raw.clone()),
    }
}

/// Every `VehicleLightDto` field, labelled, for the details row.
pub fn facts(v: &GroupVehicle) -> Vec<(&'static str, String)> {
    let s = |x: &Option<String>| x.clone().unwrap_or_else(|| "—".into());
    let id = |x: &Option<uuid::Uuid>| x.map(|u| u.to_string()).unwrap_or_else(|| "—".into());
    let n = |x: Option<i64>| x.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
    let f = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
    let b = |x: Option<bool>| match x {
        Some(true) => "yes".to_string(),
        Some(false) => "no".to_string(),
        None => "—".to_string(),
    };
    let t = |x: &Option<Timestamp>| format::timestamp(x);
    let c = |x: Option<String>| x.unwrap_or_else(|| "—".into());
    let interfaces = v.external_interfaces.iter().map(|i| format!("{} ({})", i.name.as_deref().unwrap_or("?"), id(&i.id))).collect::<Vec<_>>().join(", ");
    vec![
        ("Vehicle id", id(&v.id)),
        ("Web-service id", n(v.ws_id)),
        ("Customer id", id(&v.customer_id)),
        ("Plate", s(&v.plate)),
        ("Government id", s(&v.government_id)),
        ("Name", s(&v.name)),
        ("Full name", s(&v.full_name)),
        ("Vehicle type", s(&v.vehicle_type)),
        ("Brand", s(&v.brand)),
        ("Model", s(&v.model)),
        ("VIN", s(&v.vin)),
        ("Utility", s(&v.utility)),
        ("Job activity", s(&v.job_activity)),
        ("Agency", format!("{} ({})", s(&v.agency_name), id(&v.agency_id))),
        ("Group", format!("{} ({})", s(&v.group_name), id(&v.group_id))),
        ("In service since", t(&v.in_service_since)),
        ("Rented", b(v.renting)),
        ("Lease start", t(&v.lease_start)),
        ("Lease end", t(&v.lease_end)),
        ("Km at lease start", n(v.lease_start_km)),
        ("Km at lease end", n(v.lease_end_km)),
        ("External interface id", id(&v.external_interface_id)),
        ("External interfaces", if interfaces.is_empty() { "—".into() } else { interfaces }),
        ("Mobile unit", format!("{} ({})", s(&v.mobile_unit_name), id(&v.mobile_unit_id))),
        ("IMEI", s(&v.imei)),
        ("Camera", c(v.camera.as_ref().map(|x| x.label()))),
        ("No geolocation", b(v.no_geolocation)),
        ("Compatible download", b(v.compatible_download)),
        ("Tachograph speed limit", n(v.tacho_speed_limit)),
        ("State", c(v.state.as_ref().map(|x| x.label()))),
        ("Vehicle state", c(v.vehicle_state.as_ref().map(|x| x.label()))),
        ("Active", b(v.active)),
        ("Malfunction level", c(v.malfunction.as_ref().map(|x| x.label()))),
        ("Malfunction level changed", t(&v.malfunction_changed_at)),
        ("Malfunction history", b(v.has_malfunction_history)),
        ("Called for maintenance", b(v.maintenance_due)),
        ("Mileage (km)", n(v.mileage_km)),
        ("Mileage reported", t(&v.mileage_reported_at)),
        ("Mileage at assignment (km)", n(v.mileage_at_assignment_km)),
        ("Fuel", s(&v.fuel_name)),
        ("Fuel type id", n(v.fuel_type_id)),
        ("Fuel type id (synthesis)", n(v.fuel_type_id_synthesis)),
        ("Fuel type conflict", b(v.fuel_type_conflict)),
        ("Theoretical consumption", f(v.theoretical_consumption)),
        ("Tank volume", f(v.tank_volume)),
        ("Tolerance", f(v.tolerance)),
        ("Total fuel used", f(v.total_fuel_used)),
        ("CAN fuel report", t(&v.can_fuel_report_at)),
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
            q.is_empty() || [&v.plate, &v.vin, &v.name, &v.imei].into_iter().flatten().any(|s| normalise(s).contains(&q))
        })
        .collect()
}

pub fn sort(vehicles: &[GroupVehicle], indices: &mut [usize], by: Column, ascending: bool) {
    indices.sort_by(|&a, &b| {
        let o = by.compare(&vehicles[a], &vehicles[b]);
        if ascending {
            o
        } else {
            o.reverse()
        }
    });
}

/// The table as CSV, with the columns shown, in the order shown.
pub fn to_csv(vehicles: &[GroupVehicle], rows: &[usize]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS.iter().map(|c| c.title())).map_err(|e| e.to_string())?;
    for &i in rows {
        w.write_record(COLUMNS.iter().map(|c| c.text(&vehicles[i]))).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(plate: &str, name: &str, imei: &str) -> GroupVehicle {
        GroupVehicle { plate: Some(plate.into()), name: Some(name.into()), imei: Some(imei.into()), vin: Some(format!("VF1{plate}")), ..GroupVehicle::default() }
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
        sort(&list, &mut idx, Column::Plate, true);
        assert_eq!(idx, [1, 2, 0]);
        sort(&list, &mut idx, Column::Name, false);
        assert_eq!(idx, [1, 0, 2]);
    }

    #[test]
    fn details_list_every_vehicle_field() {
        // 51 documented fields; agency, group and mobile unit pair id and name.
        assert_eq!(facts(&GroupVehicle::default()).len(), 48);
        let unknown = GroupVehicle { malfunction: Some(crate::domain::common::Coded::Unknown("7".into())), ..GroupVehicle::default() };
        assert!(facts(&unknown).contains(&("Malfunction level", "Unknown (7)".to_string())));
    }

    #[test]
    fn csv_has_the_shown_columns_and_quotes_text() {
        let list = vec![v("AB-123-CD", "Kangoo, \"Lyon\"", "")];
        let csv = to_csv(&list, &[0]).expect("csv");
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("Plate,Name,Brand and model,VIN,State,Malfunction level,Fuel,Last mileage report"));
        assert_eq!(lines.next(), Some("AB-123-CD,\"Kangoo, \"\"Lyon\"\"\",,VF1AB-123-CD,,,,"));
    }
}
