//! The details panel: the selected node's details, with "vehicles near"
//! where it applies, or what the `/drivers/{externalId}` lookup found when
//! the tree does not say (not found, failed, or a driver the tree we hold
//! does not have).

use leptos::prelude::*;

use super::details::{driver_details, node_details};
use super::lookup::LookedUp;
use super::near::search_near;
use super::node::NodeData;
use super::state::TreeState;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::vendors::{emabler, ApiError};

#[component]
pub fn DetailsPanel(state: TreeState, lookup: LocalResource<LookedUp>) -> impl IntoView {
    let i18n = use_i18n();
    let details = move || {
        let selected = state.selected.get();
        let locale = i18n.get_locale();
        let from_tree = selected.map(|id| {
            state.tree.with(|t| {
                let n = &t.nodes[id];
                let children: Vec<NodeData> = t.children(id).map(|c| t.nodes[c].data.clone()).collect();
                let near = search_near(t, id).map(|s| near_link(locale, &n.data, &s).into_any());
                node_details(locale, &n.data, children, near)
            })
        });
        match (lookup.get(), from_tree) {
            (Some(Some((ext, Err(e @ ApiError::Http { status: 404, .. })))), _) => Some(
                view! {
                    <div data-test="driver-not-found">
                        <ErrorPanel
                            error=e
                            vendor=emabler::VENDOR
                            sentence=Signal::derive(move || {
                                t_string!(i18n, drivers.driver_not_found, id = ext.clone()).to_string()
                            })
                        />
                    </div>
                }
                .into_any(),
            ),
            (Some(Some((_, Err(e)))), _) => Some(view! { <ErrorPanel error=e vendor=emabler::VENDOR /> }.into_any()),
            (_, Some(v)) => Some(v),
            // Found by the single-driver call but not in the tree we hold.
            (Some(Some((_, Ok(d)))), None) => {
                let tags = d.value.tags.clone();
                Some(driver_details(locale, &d.value, &tags, None))
            }
            _ => None,
        }
    };
    view! {
        // Focusable: long details scroll, and a scrolling region must be
        // reachable by keyboard (axe: scrollable-region-focusable).
        <section
            class="details-panel"
            tabindex="0"
            aria-label=move || t_string!(i18n, drivers.details)
            aria-live="polite"
            data-test="details"
        >
            {move || {
                details().unwrap_or_else(|| view! { <p class="muted">{t!(i18n, drivers.details_hint)}</p> }.into_any())
            }}
        </section>
    }
}

/// The link that opens the map search around a node ("vehicles near this
/// charger"), through the map's URL: shareable, and Back returns here.
fn near_link(locale: Locale, data: &NodeData, search: &crate::links::Search) -> impl IntoView {
    let text = match data {
        NodeData::Charger(_) => td_string!(locale, drivers.near_charger),
        NodeData::Site(_) => td_string!(locale, drivers.near_site),
        _ => td_string!(locale, drivers.near_chargers),
    };
    view! {
        <p class="near">
            <a class="button" href=format!("/map?{}", search.to_query()) data-test="vehicles-near">
                {text}
            </a>
        </p>
    }
}
