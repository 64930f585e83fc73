//! The selected vehicle's details from Ocean (`vehicles?immatriculation=`):
//! make and model, plate, VIN, odometer, entity, driver, next maintenance.

use leptos::prelude::*;

use super::MapState;
use crate::components::error_panel::ErrorPanel;
use crate::components::facts::facts;
use crate::domain::common::Decoded;
use crate::domain::fleet::{VehicleDetails, VehicleName};
use crate::format;
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::session::use_ocean_session;
use crate::use_ocean;
use crate::vendors::{ocean, ApiError};

#[component]
pub fn VehicleDetailsPanel(state: MapState) -> impl IntoView {
    let i18n = use_i18n();
    let ocean = use_ocean();
    let session = use_ocean_session();
    let details = LocalResource::new(move || {
        let ocean = ocean.clone();
        // Only a described vehicle can be looked up (the description is the
        // plate); any other has no details to show.
        let selected = state.selected.get();
        let plate = selected.and_then(|i| {
            state.shown.with_untracked(|f| match f.as_ref()?.vehicles.get(i)?.name() {
                VehicleName::Described(plate) => Some(plate),
                _ => None,
            })
        });
        let credentials = session.credentials();
        async move {
            selected?;
            let Some(plate) = plate else { return Some(Ok(Decoded { value: Vec::new(), warnings: Vec::new() })) };
            let lookup =
                |token: String, customer| async move { ocean.vehicle_by_plate(&token, customer, &plate).await };
            Some(session.call(credentials, lookup).await)
        }
    });
    let panel = |content: AnyView| view! { <section class="vehicle-details">{content}</section> }.into_any();
    move || {
        state.selected.get()?;
        Some(match details.get() {
            None | Some(None) => panel(
                view! {
                    <p class="loading" role="status">
                        {t!(i18n, map.loading_vehicle)}
                    </p>
                }
                .into_any(),
            ),
            Some(Some(Err(ApiError::Superseded))) => ().into_any(),
            Some(Some(Err(e))) => panel(view! { <ErrorPanel error=e vendor=ocean::VENDOR /> }.into_any()),
            Some(Some(Ok(d))) => match d.value.into_iter().next() {
                None => panel(view! { <p class="empty">{t!(i18n, map.no_details)}</p> }.into_any()),
                Some(v) => vehicle_facts(i18n.get_locale(), v).into_any(),
            },
        })
    }
}

fn vehicle_facts(locale: Locale, d: VehicleDetails) -> impl IntoView {
    let v = d.vehicle.unwrap_or_default();
    let odometer = d
        .adjusted_odometer
        .or(d.odometer)
        .and_then(|o| o.value)
        .map(|km| format::kilometres(locale, km.round()))
        .unwrap_or_else(|| "—".into());
    let title = format!("{} {}", v.make.clone().unwrap_or_default(), v.model.clone().unwrap_or_default());
    let rows = vec![
        (td_string!(locale, map.plate), v.plate.clone().unwrap_or_default()),
        (td_string!(locale, map.vin), v.vin.clone().unwrap_or_default()),
        (td_string!(locale, map.odometer), odometer),
        (td_string!(locale, map.category), v.category.clone().unwrap_or_default()),
        (td_string!(locale, map.entity), d.entity.map(|e| e.name).unwrap_or_default()),
        (td_string!(locale, map.driver), d.driver.map(|p| p.full_name()).unwrap_or_else(|| "—".into())),
    ];
    view! {
        <section class="vehicle-details" data-test="vehicle-details">
            <h2>{title}</h2>
            {facts("facts", rows)}
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
