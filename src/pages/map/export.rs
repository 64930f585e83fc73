//! The nearest list as CSV: headers in the user's language, values
//! machine-readable (metres, seconds, RFC 3339) so that a spreadsheet can
//! compute with them.

use super::vehicle_label;
use crate::domain::fleet::NearbyVehicle;
use crate::i18n::{td_string, Locale};

/// Writes the CSV, handing it to `part` a few thousand rows at a time.
pub fn vehicle_csv_parts<'a>(
    locale: Locale,
    vehicles: impl Iterator<Item = &'a NearbyVehicle>,
    part: impl FnMut(&str),
) -> Result<(), String> {
    let header = [
        td_string!(locale, map.csv_vehicle),
        td_string!(locale, map.csv_category),
        td_string!(locale, map.csv_driver),
        td_string!(locale, map.csv_group),
        td_string!(locale, map.csv_distance),
        td_string!(locale, map.csv_duration),
        td_string!(locale, map.csv_eta),
        td_string!(locale, map.csv_position),
        td_string!(locale, map.csv_mobile),
        td_string!(locale, map.csv_immobilisation),
        td_string!(locale, map.csv_place),
    ];
    let rows = vehicles.map(|v| {
        [
            vehicle_label(locale, v),
            text(&v.vehicle.category),
            v.driver_name().unwrap_or_default(),
            v.group.as_ref().map_or_else(String::new, |g| text(&g.description)),
            v.distance.map(|d| d.round().to_string()).unwrap_or_default(),
            v.duration.map(|d| d.round().to_string()).unwrap_or_default(),
            v.eta.as_ref().and_then(|t| t.at()).map(|t| t.to_rfc3339()).unwrap_or_default(),
            v.position_at.as_ref().and_then(|t| t.at()).map(|t| t.to_rfc3339()).unwrap_or_default(),
            text(&v.mobile_state),
            text(&v.immobilisation),
            v.place().unwrap_or_default(),
        ]
    });
    crate::csv_export::to_csv_parts(header, rows, 2_000, part)
}

/// Saves the list as `nearest-vehicles.csv` (in the user's language),
/// streamed into the file 2,000 rows at a time.
pub fn download_csv<'a>(locale: Locale, vehicles: impl Iterator<Item = &'a NearbyVehicle>) {
    let parts = js_sys::Array::new();
    let written = vehicle_csv_parts(locale, vehicles, |p| {
        parts.push(&wasm_bindgen::JsValue::from_str(p));
    });
    if written.is_ok() {
        crate::pages::download_parts(td_string!(locale, map.csv_file), &parts);
    }
}

/// A cell of a text the vendor may not have sent.
fn text(t: &Option<std::sync::Arc<str>>) -> String {
    t.as_deref().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fleet::NearbyVehicleInfo;

    #[test]
    fn one_row_per_vehicle_named_as_on_screen() {
        let described = NearbyVehicle {
            vehicle: NearbyVehicleInfo { description: Some("AB-123-CD".into()), ..Default::default() },
            distance: Some(1234.4),
            ..Default::default()
        };
        let numbered =
            NearbyVehicle { vehicle: NearbyVehicleInfo { id: Some(7), ..Default::default() }, ..Default::default() };
        let mut text = String::new();
        vehicle_csv_parts(Locale::en, [described, numbered].iter(), |p| text.push_str(p)).expect("csv");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[1].starts_with("AB-123-CD,") && lines[1].contains(",1234,"), "{}", lines[1]);
        assert!(lines[2].starts_with("Vehicle #7,"), "{}", lines[2]);
    }
}
