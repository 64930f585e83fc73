//! The map's context menu (right-click, or a long press on a touch screen):
//! "Search from here", at the point pressed. A left click already searches
//! where it lands; the menu is the discoverable, keyboard-reachable way,
//! and says where "here" is before anything runs.

use leptos::{html, prelude::*};

use super::leaflet_view::MapPopup;
use crate::format;
use crate::i18n::{td_string, use_i18n};
use leptos_leaflet::prelude::Position;

/// The menu at `at` (latitude, longitude), open until this component is
/// removed. `pick` runs the search; `close` dismisses (Escape).
#[component]
pub fn SearchFromHere(at: (f64, f64), pick: Callback<()>, close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let button = NodeRef::<html::Button>::new();
    // The button takes the focus once Leaflet has put the menu on the map
    // (after this render), so Enter runs it and Escape closes it.
    Effect::new(move |_| {
        if button.get().is_some() {
            set_timeout(
                move || {
                    if let Some(b) = button.get_untracked() {
                        let _ = b.focus();
                    }
                },
                std::time::Duration::ZERO,
            );
        }
    });
    let place = format!("{}, {}", format::number(locale, at.0, 5), format::number(locale, at.1, 5));
    // Leaflet stops clicks from leaving its popups: these listeners sit on
    // the elements themselves (this build has no event delegation).
    view! {
        <MapPopup position=Position::new(at.0, at.1) offset=(0.0, 0.0) close_button=false>
            <div
                class="map-menu"
                role="group"
                aria-label=td_string!(locale, map.menu_label)
                data-test="map-menu"
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        ev.prevent_default();
                        close.run(());
                    }
                }
            >
                <button type="button" node_ref=button data-test="search-from-here" on:click=move |_| pick.run(())>
                    {td_string!(locale, map.search_from_here)}
                </button>
                <span class="muted">{place}</span>
            </div>
        </MapPopup>
    }
}
