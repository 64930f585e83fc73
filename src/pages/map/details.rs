//! The selected vehicle: what the search said (GPS fix, driver's phone and
//! e-mail, privacy mode), its entry in the customer's vehicle list (plate,
//! VIN, fleet number, entity) and its full record (make, model, colour,
//! odometer, maintenance). The list keeps only compact entries, so the
//! record is read by the vehicle's plate when the vehicle is shown, once
//! per session (`calls::vehicle_record`); a vehicle without a plate shows
//! its entry and says why the rest is not there.
//!
//! The panel is its own wasm module (`on_demand.rs`): the map's first screen
//! shows no vehicle, so a first visit does not download the panel, the
//! record's reader and the groups' matching. [`DetailsOnDemand`], in the
//! map's module, fetches it when a vehicle is first selected, and preloads
//! it when one is hovered, in the list or on the map.

use std::sync::Arc;

use leptos::prelude::*;

use super::calls::{vehicle_record, RecordKey};
use super::{vehicle_label, MapState};
use crate::components::error_panel::ErrorPanel;
use crate::components::facts::facts;
use crate::components::retry_alert::RetryAlert;
use crate::cross_vendor::use_cross_vendor;
use crate::domain::fleet::{ListedVehicle, NearbyVehicle, Person, VehicleDetails};
use crate::domain::matching::{MatchedBy, VehicleKeys};
use crate::format;
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::on_demand::{at_once, on_demand_part, Fetch, OnDemand, SplitLoaderError};
use crate::vendors::ocean;

/// The details panel as the map shows it: nothing until a vehicle is
/// selected, then the panel once its module is here, "loading" while it is
/// on its way, and a sentence with "try again" if it could not be fetched
/// (the selection stays: the panel shows it once fetched).
#[component]
pub fn DetailsOnDemand(state: MapState) -> impl IntoView {
    let i18n = use_i18n();
    let part = OnDemand::new(|| Box::pin(preload_details()));
    let selected = Memo::new(move |_| state.selected_vehicle().is_some());
    // A hovered vehicle is likely to be clicked next.
    Effect::new(move || {
        if state.hovered.get().is_some() {
            part.warm();
        }
    });
    Effect::new(move || {
        if selected.get() {
            part.get_ready();
        }
    });
    let waiting = |content: AnyView| view! { <section class="vehicle-details">{content}</section> }.into_any();
    move || match part.fetch() {
        // Built once, here: the panel follows the selection itself.
        Fetch::Here => at_once(details_panel(state)),
        Fetch::NotYet => None,
        Fetch::Fetching => selected.get().then(|| {
            waiting(
                view! {
                    <p class="loading" role="status" data-test="details-loading">
                        {t!(i18n, common.part_loading)}
                    </p>
                }
                .into_any(),
            )
        }),
        Fetch::Failed => selected.get().then(|| {
            waiting(
                view! {
                    <RetryAlert data_test="details-not-fetched" retry=Callback::new(move |()| part.get_ready())>
                        {t!(i18n, common.part_failed)}
                    </RetryAlert>
                }
                .into_any(),
            )
        }),
    }
}

on_demand_part! {
    module map_details, preload preload_details, call details_panel;
    /// The entry point of the panel's module: everything below is reached
    /// only from here, so `wasm-split-cli` leaves it out of the map's module.
    fn details_panel_split(state: MapState) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <VehicleDetailsPanel state /> }.into_any())
    }
}

#[component]
fn VehicleDetailsPanel(state: MapState) -> impl IntoView {
    let i18n = use_i18n();
    // Only a plate that says something can be looked up.
    let wanted: Memo<Option<RecordKey>> = Memo::new(move |_| {
        let listed = state.selected_vehicle()?.listed()?.clone();
        listed.plate()?;
        Some((listed.id, listed.plate.as_deref()?.to_string()))
    });
    let record = vehicle_record(wanted);
    let retry = Callback::new(move |_| record.refetch());
    let panel = |content: AnyView| view! { <section class="vehicle-details">{content}</section> }.into_any();
    move || {
        let v = state.selected_vehicle()?;
        let locale = i18n.get_locale();
        Some(match (v.listed().cloned(), state.fleet.get()) {
            (Some(listed), _) => match wanted.get() {
                None => listed_facts(locale, &v, &listed, td_string!(locale, map.record_needs_plate).to_string()),
                // A read of another vehicle is still on screen while this one's runs.
                Some(key) => match record.get().flatten().filter(|(k, _)| *k == key) {
                    None => panel(
                        view! {
                            <p class="loading" role="status" data-test="reading-record">
                                {t!(i18n, map.reading_record)}
                            </p>
                        }
                        .into_any(),
                    ),
                    Some((_, Err(e))) => panel(view! { <ErrorPanel error=e vendor=ocean::VENDOR retry /> }.into_any()),
                    Some((_, Ok(Some(record)))) => vehicle_facts(locale, &v, &record).into_any(),
                    Some(((_, plate), Ok(None))) => {
                        listed_facts(locale, &v, &listed, td_string!(locale, map.record_missing, plate).to_string())
                    }
                },
            },
            (None, None) => panel(
                view! {
                    <p class="loading" role="status">
                        {t!(i18n, map.loading_vehicle)}
                    </p>
                }
                .into_any(),
            ),
            (None, Some(Err(e))) => panel(
                view! { <ErrorPanel error=e vendor=ocean::VENDOR retry=Callback::new(move |_| state.refresh_fleet.run(())) /> }
                    .into_any(),
            ),
            (None, Some(Ok(_))) => panel(view! { <p class="empty">{t!(i18n, map.no_details)}</p> }.into_any()),
        })
    }
}

/// What the vehicle list knows of a vehicle whose record is not shown,
/// and `why` it is not.
fn listed_facts(locale: Locale, found: &NearbyVehicle, listed: &Arc<ListedVehicle>, why: String) -> AnyView {
    let text = |s: Option<&str>| s.map(str::to_string).unwrap_or_default();
    let mut rows = vec![
        (
            td_string!(locale, map.plate),
            listed.plate().map_or_else(|| td_string!(locale, map.no_plate).into(), str::to_string),
        ),
        (td_string!(locale, map.fleet_number), text(listed.fleet_number.as_deref())),
        (td_string!(locale, map.vin), text(listed.vin.as_deref())),
        (td_string!(locale, map.entity), text(listed.entity.as_ref().map(|e| &*e.name))),
        (td_string!(locale, map.driver), found.driver_name().unwrap_or_else(|| "—".into())),
    ];
    rows.extend(search_facts(locale, found, found.driver.as_ref()));
    view! {
        <section class="vehicle-details" data-test="vehicle-details">
            <h2>{vehicle_label(locale, found)}</h2>
            {facts("facts", rows)}
            <p class="muted" data-test="record-not-shown">
                {why}
            </p>
            {vehizen_groups(locale, listed.vin.as_deref(), listed.plate.as_deref())}
        </section>
    }
    .into_any()
}

/// What the search says about the vehicle, which the list does not; the
/// phone and e-mail are `person`'s (the identified driver, else the
/// record's assigned one).
fn search_facts(locale: Locale, v: &NearbyVehicle, person: Option<&Person>) -> Vec<(&'static str, String)> {
    let yes_no = |b: Option<bool>| match b {
        Some(true) => td_string!(locale, common.yes).to_string(),
        Some(false) => td_string!(locale, common.no).to_string(),
        None => "—".to_string(),
    };
    let text = |s: Option<&str>| s.filter(|s| !s.is_empty()).unwrap_or("—").to_string();
    vec![
        (td_string!(locale, map.gps_fix), yes_no(v.gps_fix)),
        (td_string!(locale, map.privacy_mode), yes_no(Some(v.private()))),
        (td_string!(locale, map.driver_phone), text(person.and_then(|p| p.phone.as_deref()))),
        (td_string!(locale, map.driver_email), text(person.and_then(|p| p.email.as_deref()))),
    ]
}

/// The Vehizen groups, among those this tab has read, that hold the same
/// vehicle (VIN first, then plate), each a link to that group.
fn vehizen_groups(locale: Locale, vin: Option<&str>, plate: Option<&str>) -> impl IntoView {
    let cross_vendor = use_cross_vendor();
    let read = cross_vendor.groups_count();
    let found = cross_vendor.groups_holding(&VehicleKeys::new(vin, plate));
    let body = if read == 0 {
        view! {
            <p class="muted">
                {td_string!(locale, map.groups_none_read)} " "
                <a href="/groups">{td_string!(locale, map.open_groups)}</a>
            </p>
        }
        .into_any()
    } else if found.is_empty() {
        view! { <p class="muted">{td_string!(locale, map.groups_none_hold, count = read)}</p> }.into_any()
    } else {
        view! {
            <ul data-test="vehicle-groups">
                {found
                    .into_iter()
                    .map(|g| {
                        let by = match g.by {
                            MatchedBy::Vin => td_string!(locale, map.matched_vin),
                            MatchedBy::Plate => td_string!(locale, map.matched_plate),
                        };
                        view! {
                            <li>
                                <a href=format!("/groups/{}", g.id)>{g.name}</a>
                                " "
                                <span class="muted">"(" {by} ")"</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h3>{td_string!(locale, map.vehizen_groups)}</h3>
        {body}
    }
}

fn vehicle_facts(locale: Locale, found: &NearbyVehicle, d: &VehicleDetails) -> impl IntoView {
    let d = d.clone();
    let v = d.vehicle.clone().unwrap_or_default();
    let odometer = d
        .adjusted_odometer
        .or(d.odometer)
        .and_then(|o| o.value)
        .map(|km| format::kilometres(locale, km.round()))
        .unwrap_or_else(|| "—".into());
    let title = format!("{} {}", v.make.clone().unwrap_or_default(), v.model.clone().unwrap_or_default());
    let mut rows = vec![
        (td_string!(locale, map.plate), v.plate.clone().unwrap_or_else(|| td_string!(locale, map.no_plate).into())),
        (td_string!(locale, map.fleet_number), v.fleet_number.clone().unwrap_or_default()),
        (td_string!(locale, map.colour), v.colour.clone().unwrap_or_default()),
        (td_string!(locale, map.vin), v.vin.clone().unwrap_or_default()),
        (td_string!(locale, map.odometer), odometer),
        (td_string!(locale, map.category), v.category.clone().unwrap_or_default()),
        (td_string!(locale, map.entity), d.entity.as_ref().map(|e| e.name.clone()).unwrap_or_default()),
        (td_string!(locale, map.driver), found.driver_name().unwrap_or_else(|| "—".into())),
    ];
    rows.extend(search_facts(locale, found, found.driver.as_ref().or(d.driver.as_ref())));
    view! {
        <section class="vehicle-details" data-test="vehicle-details">
            <h2>{title}</h2>
            {facts("facts", rows)}
            {vehizen_groups(locale, v.vin.as_deref(), v.plate.as_deref())}
            <h3>{td_string!(locale, map.next_maintenance)}</h3>
            {if d.visits.is_empty() {
                view! { <p class="muted">{td_string!(locale, map.none_planned)}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {d
                            .visits
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <li>
                                        {
                                            let (what, when) = (
                                                m.description.unwrap_or_default(),
                                                format::timestamp(locale, &m.due_date),
                                            );
                                            match m.due_odometer {
                                                Some(km) => {
                                                    td_string!(
                                                        locale, map.visit_or_km, what, when, km = format::kilometres(locale, km.round())
                                                    )
                                                        .to_string()
                                                }
                                                None => td_string!(locale, map.visit, what, when).to_string(),
                                            }
                                        }
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
