//! Nearest vehicles (Ocean) on a Leaflet map: a first search around the
//! configured centre; the full search screen builds on this.

use leptos::prelude::*;
use leptos_leaflet::prelude::*;

use crate::components::{decode_notice::DecodeNotice, error_panel::ErrorPanel, ocean_login::OceanLogin};
use crate::domain::fleet::{ComputeMode, NearbyVehicle};
use crate::session::use_ocean_session;
use crate::use_config;
use crate::vendors::{ocean, ApiError};

const DEFAULT_RADIUS_KM: u32 = 10;

#[component]
pub fn MapPage() -> impl IntoView {
    let config = use_config();
    let session = use_ocean_session();
    let centre = config.map.center;
    let query = RwSignal::new(ocean::NearestQuery {
        customer_id: None,
        lat: centre.lat,
        lon: centre.lon,
        radius: DEFAULT_RADIUS_KM,
        mode: ComputeMode::CrowFlies,
        results_limit: None,
    });
    let search_config = config.clone();
    let results = LocalResource::new(move || {
        let config = search_config.clone();
        let credentials = session.credentials();
        let q = query.get();
        async move {
            credentials.as_ref()?;
            Some(
                session
                    .call(credentials, |token, customer_id| async move {
                        ocean::nearest_vehicles(&config, &token, &ocean::NearestQuery { customer_id, ..q }).await
                    })
                    .await,
            )
        }
    });
    let tiles = config.map.tile_url.clone();
    let attribution = config.map.attribution.clone();

    view! {
        <section class="page map-page">
            <h1>"Nearest vehicles"</h1>
            <div class="map-layout">
                <div class="map-frame" data-test="map">
                    <MapContainer class="map" center=Position::new(centre.lat, centre.lon) zoom=config.map.zoom set_view=true>
                        {(!tiles.is_empty()).then(|| view! { <TileLayer url=tiles.clone() attribution=attribution.clone() /> })}
                        <Circle
                            center=Position::new(centre.lat, centre.lon)
                            radius=Signal::derive(move || query.with(|q| q.radius as f64 * 1000.0))
                            color="#1f6feb"
                            fill_opacity=Some(0.06)
                        />
                        // Interim markers; the search screen draws them on a canvas.
                        {move || results.get().flatten().and_then(Result::ok).map(|d| d.value).unwrap_or_default().into_iter().filter_map(|v| v.position()).map(|(lat, lon)| view! {
                            <Circle center=Position::new(lat, lon) radius=250.0 color="#b42318" fill_color="#b42318" fill_opacity=Some(0.8) weight=Some(1.0) />
                        }).collect_view()}
                    </MapContainer>
                </div>
                <aside class="results">
                    {move || match (session.current.get(), results.get()) {
                        (None, _) => view! {
                            <p>"Sign in to Ocean to see the vehicles around a point."</p>
                            <OceanLogin />
                        }.into_any(),
                        (Some(_), None | Some(None) | Some(Some(Err(ApiError::Superseded)))) => view! { <p class="loading" role="status">"Searching…"</p> }.into_any(),
                        (Some(_), Some(Some(Err(e)))) => view! {
                            <ErrorPanel error=e vendor=ocean::VENDOR retry=Callback::new(move |_| results.refetch()) />
                        }.into_any(),
                        (Some(_), Some(Some(Ok(found)))) => view! {
                            <DecodeNotice warnings=found.warnings vendor=ocean::VENDOR />
                            <NearbyList list=found.value radius_km=query.with_untracked(|q| q.radius) />
                        }.into_any(),
                    }}
                </aside>
            </div>
        </section>
    }
}

#[component]
fn NearbyList(list: Vec<NearbyVehicle>, radius_km: u32) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty">{format!("No vehicle within {radius_km} km of this point.")}</p> }.into_any();
    }
    view! {
        <p data-test="nearest-count">{format!("{} vehicles within {radius_km} km, closest first", list.len())}</p>
        <ol class="nearest" data-test="nearest">
            {list.into_iter().map(|v| view! {
                <li>
                    <span class="plate">{v.label()}</span>
                    <span class="muted">{v.vehicle.category.clone().unwrap_or_default()}</span>
                    <span>{v.driver_name().unwrap_or_else(|| "no driver".into())}</span>
                    <span class="num">{v.distance.map(|d| format!("{:.1} km", d / 1000.0)).unwrap_or_default()}</span>
                </li>
            }).collect_view()}
        </ol>
    }.into_any()
}
