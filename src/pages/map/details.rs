//! The selected vehicle: what the search said (GPS fix, driver's phone and
//! e-mail, privacy mode) and its record in the customer's vehicle list,
//! joined on the vehicle id (plate, fleet number, colour, VIN, odometer,
//! entity, driver, next maintenance). No call: the list is already here.

use leptos::prelude::*;

use super::MapState;
use crate::components::error_panel::ErrorPanel;
use crate::components::facts::facts;
use crate::cross_vendor::use_cross_vendor;
use crate::domain::fleet::{NearbyVehicle, VehicleDetails};
use crate::domain::matching::{MatchedBy, VehicleKeys};
use crate::format;
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::vendors::ocean;

#[component]
pub fn VehicleDetailsPanel(state: MapState) -> impl IntoView {
    let i18n = use_i18n();
    let panel = |content: AnyView| view! { <section class="vehicle-details">{content}</section> }.into_any();
    move || {
        let v = state.selected_vehicle()?;
        let locale = i18n.get_locale();
        Some(match (&v.record, state.fleet.get()) {
            (Some(record), _) => vehicle_facts(locale, &v, record).into_any(),
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

/// What the search says about the vehicle, which the list does not.
fn search_facts(locale: Locale, v: &NearbyVehicle) -> Vec<(&'static str, String)> {
    let yes_no = |b: Option<bool>| match b {
        Some(true) => td_string!(locale, common.yes).to_string(),
        Some(false) => td_string!(locale, common.no).to_string(),
        None => "—".to_string(),
    };
    let person = v.driver_person();
    let text = |s: Option<&String>| s.filter(|s| !s.is_empty()).cloned().unwrap_or_else(|| "—".into());
    vec![
        (td_string!(locale, map.gps_fix), yes_no(v.gps_fix)),
        (td_string!(locale, map.privacy_mode), yes_no(Some(v.private()))),
        (td_string!(locale, map.driver_phone), text(person.and_then(|p| p.phone.as_ref()))),
        (td_string!(locale, map.driver_email), text(person.and_then(|p| p.email.as_ref()))),
    ]
}

/// The Vehizen groups, among those this tab has read, that hold the same
/// vehicle (VIN first, then plate), each a link to that group.
fn vehizen_groups(locale: Locale, v: &crate::domain::fleet::VehicleRecord) -> impl IntoView {
    let cross_vendor = use_cross_vendor();
    let read = cross_vendor.groups_count();
    let found = cross_vendor.groups_holding(&VehicleKeys::new(v.vin.as_deref(), v.plate.as_deref()));
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
    rows.extend(search_facts(locale, found));
    view! {
        <section class="vehicle-details" data-test="vehicle-details">
            <h2>{title}</h2>
            {facts("facts", rows)}
            {vehizen_groups(locale, &v)}
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
