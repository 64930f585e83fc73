//! The vehicle table's pure parts: filtering, sorting, CSV. Tested natively.

use std::cmp::Ordering;

use crate::domain::common::{Coded, Timestamp};
use crate::domain::groups::{FieldValue, GroupVehicle, VehicleField};
use crate::format;
use crate::i18n::{td_string, Locale};
use crate::labels::Label;
use crate::vendors::vehizen;

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
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        match self {
            Column::Plate => text(&v.plate),
            Column::Name => text(&v.name),
            Column::Model => {
                [v.brand.as_deref(), v.model.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ")
            }
            Column::Vin => text(&v.vin),
            Column::State => v.vehicle_state.as_ref().map(|c| c.label(locale)).unwrap_or_default(),
            Column::Malfunction => v.malfunction.as_ref().map(|c| c.label(locale)).unwrap_or_default(),
            Column::Fuel => text(&v.fuel_name),
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

/// Every field of the vehicle's record, labelled, for the details row:
/// documented ones by name, others by the vendor's key.
pub fn facts(locale: Locale, v: &GroupVehicle) -> Vec<(String, String)> {
    vehizen::vehicle_fields(v)
        .into_iter()
        .map(|(field, value)| {
            let label = match field {
                VehicleField::Known(fact) => fact.label(locale).to_string(),
                VehicleField::Undocumented(key) => format!("{key} ({})", td_string!(locale, vehicle.undocumented)),
            };
            (label, value_text(locale, &value))
        })
        .collect()
}

fn value_text(locale: Locale, value: &FieldValue) -> String {
    let dash = || "—".to_string();
    match value {
        FieldValue::Empty => dash(),
        FieldValue::Text(s) if s.is_empty() => dash(),
        FieldValue::Text(s) | FieldValue::AsSent(s) => s.clone(),
        FieldValue::Whole(n) => n.to_string(),
        FieldValue::Decimal(x) => format::number(locale, *x, if x.fract() == 0.0 { 0 } else { 2 }),
        FieldValue::Flag(true) => td_string!(locale, common.yes).to_string(),
        FieldValue::Flag(false) => td_string!(locale, common.no).to_string(),
        FieldValue::Time(t) => format::timestamp(locale, &Some(*t)),
        FieldValue::Camera(c) => c.label(locale),
        FieldValue::RecordState(c) => c.label(locale),
        FieldValue::VehicleState(c) => c.label(locale),
        FieldValue::Malfunction(c) => c.label(locale),
        FieldValue::Interfaces(list) if list.is_empty() => dash(),
        FieldValue::Interfaces(list) => list
            .iter()
            .map(|(name, id)| {
                format!("{} ({})", name.as_deref().unwrap_or("?"), id.map(|u| u.to_string()).unwrap_or_else(dash))
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
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

/// The sort after a click on `clicked`'s head: the same column turns
/// round, another is sorted ascending.
pub fn next_sort((column, ascending): (Column, bool), clicked: Column) -> (Column, bool) {
    if column == clicked {
        (column, !ascending)
    } else {
        (clicked, true)
    }
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
    fn details_word_every_field_of_the_record() {
        let body = r#"{"Id":"e55ab6e7-1056-4ab3-bd03-247f4b0efdd1","Name":"g","Vehicles":[
            {"VehicleId":"97f5a8be-6361-4d52-be22-6671cd96888e","MalfunctionLevel":7,"Renting":true,"Co2Class":"C","Tolerance":null}]}"#;
        let v = vehizen::decode_group(body).expect("decodes").value.vehicles.remove(0);
        assert_eq!(
            facts(Locale::en, &v),
            [
                ("Vehicle id".to_string(), "97f5a8be-6361-4d52-be22-6671cd96888e".to_string()),
                ("Malfunction level".into(), "Unknown (7)".into()),
                ("Rented".into(), "yes".into()),
                ("Co2Class (not in Vehizen’s documentation)".into(), "C".into()),
                ("Tolerance".into(), "—".into()),
            ]
        );
        assert!(facts(Locale::fr, &v).contains(&("Niveau de dysfonctionnement".into(), "Inconnu (7)".into())));
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

    #[test]
    fn a_click_on_the_sorted_column_turns_it_round_another_sorts_ascending() {
        assert_eq!(next_sort((Column::Plate, true), Column::Plate), (Column::Plate, false));
        assert_eq!(next_sort((Column::Plate, false), Column::Plate), (Column::Plate, true));
        assert_eq!(next_sort((Column::Plate, false), Column::Vin), (Column::Vin, true));
    }
}
