//! "Show on the map" beside a group's vehicle, when Ocean knows it (by VIN,
//! else by plate) in the vehicle list this tab has read, and a map search
//! has placed it: the link searches 1 km around where it was last seen,
//! where it comes first. Nothing is asked of Ocean for it.

use leptos::prelude::*;

use crate::cross_vendor::{ocean_vehicle, use_cross_vendor};
use crate::domain::groups::GroupVehicle;
use crate::domain::matching::VehicleKeys;
use crate::i18n::{td_string, Locale};
use crate::links::Search;
use crate::ocean_session::use_ocean_session;

/// Radius of the search around the last known position (km).
const AROUND_KM: u32 = 1;

pub fn on_the_map(locale: Locale, v: &GroupVehicle) -> Option<AnyView> {
    let fleet = use_ocean_session().fleet.get_untracked()?.fleet;
    let id = ocean_vehicle(&fleet, &VehicleKeys::new(v.vin.as_deref(), v.plate.as_deref()))?;
    Some(match use_cross_vendor().last_seen(id) {
        Some((lat, lon)) => {
            let search = Search { radius_km: AROUND_KM, ..Search::around(lat, lon) };
            view! {
                <p class="near">
                    <a class="button" href=format!("/map?{}", search.to_query()) data-test="show-on-map">
                        {td_string!(locale, vehicle.show_on_map)}
                    </a>
                </p>
            }
            .into_any()
        }
        None => view! {
            <p class="muted" data-test="known-to-ocean">
                {td_string!(locale, vehicle.ocean_knows)}
            </p>
        }
        .into_any(),
    })
}
