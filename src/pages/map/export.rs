//! The nearest list as CSV: headers in the user's language, values
//! machine-readable (metres, seconds, RFC 3339) so that a spreadsheet can
//! compute with them.
//!
//! The export is its own wasm module (`on_demand.rs`): most visits export
//! nothing, so the first one does not download the CSV writer. The button
//! (`results.rs`) preloads it when the pointer or the focus reaches it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::answer::Results;
use super::vehicle_label;
use crate::domain::fleet::NearbyVehicle;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::on_demand::{on_demand_part, Fetch, OnDemand, SplitLoaderError};

/// "Export CSV": a click saves the file once the export's module is here,
/// saying meanwhile that it is coming; if the module cannot be fetched, a
/// sentence says so and the next click tries again.
#[component]
pub fn ExportButton(results: Results) -> impl IntoView {
    let i18n = use_i18n();
    let part = OnDemand::new(|| Box::pin(preload_export()));
    let export = move |_| {
        // One file per click: a click while the module comes adds none.
        if part.fetch_untracked() == Fetch::Fetching {
            return;
        }
        let (locale, results) = (i18n.get_locale_untracked(), results.clone());
        spawn_local(async move {
            if part.ready().await.is_ok() {
                // Cannot fail: `ready` has just fetched the module.
                let _ = export_csv(locale, results).await;
            }
        });
    };
    let fetching = move || part.fetch() == Fetch::Fetching;
    view! {
        <button
            type="button"
            class="link"
            aria-busy=move || fetching().to_string()
            on:click=export
            on:pointerenter=move |_| part.warm()
            on:focus=move |_| part.warm()
            data-test="export-results"
        >
            {move || {
                if fetching() {
                    t_string!(i18n, common.part_loading).to_string()
                } else {
                    t_string!(i18n, map.export_csv).to_string()
                }
            }}
        </button>
        {move || {
            (part.fetch() == Fetch::Failed)
                .then(|| {
                    view! {
                        <p class="error" role="alert" data-test="export-not-fetched">
                            {t!(i18n, common.part_failed)}
                        </p>
                    }
                })
        }}
    }
}

on_demand_part! {
    module map_export, preload preload_export, call export_csv;
    /// The entry point of the export's module: the CSV writer is reached
    /// only from here, so `wasm-split-cli` leaves it out of the map's module.
    /// (`export_csv` saves `results` once the module is here, fetched if it
    /// is not; `Err` if it could not be, and nothing is saved.)
    pub fn download_results(locale: Locale, results: Results) -> Result<(), SplitLoaderError> {
        download_csv(locale, results.iter());
        Ok(())
    }
}

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
fn download_csv<'a>(locale: Locale, vehicles: impl Iterator<Item = &'a NearbyVehicle>) {
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
