//! The configuration in force, as a list of facts.

use leptos::prelude::*;

use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use crate::use_config;

/// The runtime configuration this console runs with (`config.json`).
#[component]
pub(super) fn ConfigInForce() -> impl IntoView {
    let i18n = use_i18n();
    let c = use_config();
    let rows = move || {
        let locale = i18n.get_locale();
        let v = &c.vendors;
        let none = || crate::i18n::td_string!(locale, common.none).to_string();
        let (lat, lon, zoom) =
            (format::number(locale, c.map.center.lat, 4), format::number(locale, c.map.center.lon, 4), c.map.zoom);
        vec![
            (
                t_string!(i18n, connections.request_timeout),
                format::duration_s(locale, (c.request_timeout_ms / 1000) as u64),
            ),
            (t_string!(i18n, connections.vehizen_prefix), v.vehizen.base_url.clone()),
            (
                t_string!(i18n, connections.vehizen_customer),
                v.vehizen.default_customer_id.map(|u| u.to_string()).unwrap_or_else(none),
            ),
            (t_string!(i18n, connections.pinned_groups), v.vehizen.pinned_groups.len().to_string()),
            (t_string!(i18n, connections.emabler_prefix), v.emabler.base_url.clone()),
            (t_string!(i18n, connections.emabler_tree_path), v.emabler.driver_tree_path.clone()),
            (t_string!(i18n, connections.emabler_driver_path), v.emabler.driver_by_external_id_path.clone()),
            (t_string!(i18n, connections.ocean_prefix), v.ocean.base_url.clone()),
            (t_string!(i18n, connections.ocean_radius_unit), v.ocean.radius_unit.clone()),
            (t_string!(i18n, connections.ocean_distance_unit), v.ocean.distance_unit.as_str().to_string()),
            (t_string!(i18n, connections.ocean_duration_unit), v.ocean.duration_unit.as_str().to_string()),
            (
                t_string!(i18n, connections.map_tiles),
                if c.map.tile_url.is_empty() { none() } else { c.map.tile_url.clone() },
            ),
            (
                t_string!(i18n, connections.map_centre),
                t_string!(i18n, connections.map_centre_value, lat, lon, zoom).to_string(),
            ),
        ]
    };
    view! {
        <details class="card config" data-test="config">
            <summary>{t!(i18n, connections.config)}</summary>
            <dl class="facts">
                {move || {
                    rows()
                        .into_iter()
                        .map(|(k, v)| {
                            view! {
                                <dt>{k}</dt>
                                <dd>
                                    <code>{v}</code>
                                </dd>
                            }
                        })
                        .collect_view()
                }}
            </dl>
        </details>
    }
}
