//! What opens on the map over the dots: the selected vehicle's popup, the
//! hovered one's tooltip and the "search from here" menu. All are built from
//! text nodes: vendor strings never become HTML.

use leptos::prelude::*;
use leptos_leaflet::prelude::Position;

use super::context_menu::SearchFromHere;
use super::dots::Dot;
use super::leaflet_view::{MapPopup, MapTooltip};
use super::{vehicle_label, MapState};
use crate::format;
use crate::i18n::{td_string, use_i18n};
use crate::links::Search;

/// What the selected vehicle's popup shows.
#[derive(Clone, Debug, PartialEq)]
struct PopupText {
    at: (f64, f64),
    label: String,
    driver: String,
    distance: String,
}

/// The selected vehicle's popup. A live refresh updates the open popup (it
/// follows a vehicle that moved) instead of opening it again; another
/// vehicle selected opens another.
#[component]
pub fn SelectedPopup(state: MapState) -> impl IntoView {
    let i18n = use_i18n();
    let popup_for = Memo::new(move |_| {
        let v = state.selected_vehicle()?;
        v.position().map(|_| v.vehicle.id)
    });
    let popup = Memo::new(move |_| -> Option<PopupText> {
        let v = state.selected_vehicle()?;
        let (lat, lon) = v.position()?;
        let locale = i18n.get_locale();
        let driver = v.driver_name().unwrap_or_else(|| td_string!(locale, map.no_driver).to_string());
        let distance = v.distance.map(|m| format::distance_m(locale, m)).unwrap_or_default();
        Some(PopupText { at: (lat, lon), label: vehicle_label(locale, &v), driver, distance })
    });
    move || {
        popup_for.get()?;
        let at = Signal::derive(move || {
            popup.with(|p| p.as_ref().map_or(Position::new(0.0, 0.0), |p| Position::new(p.at.0, p.at.1)))
        });
        let text = move |pick: fn(&PopupText) -> &String| {
            move || popup.with(|p| p.as_ref().map(|p| pick(p).clone()).unwrap_or_default())
        };
        Some(view! {
            <MapPopup position=at offset=(0.0, -6.0)>
                <div class="popup" data-test="popup">
                    <strong>{text(|p| &p.label)}</strong>
                    <span>{text(|p| &p.driver)}</span>
                    <span>{text(|p| &p.distance)}</span>
                </div>
            </MapPopup>
        })
    }
}

/// The context menu where it was opened, if it is.
#[component]
pub fn MenuAt(state: MapState, menu_at: RwSignal<Option<(f64, f64)>>) -> impl IntoView {
    let MapState { current, search_at, .. } = state;
    move || {
        let at = menu_at.get()?;
        let pick = Callback::new(move |_| {
            menu_at.set(None);
            search_at.run(Search { lat: at.0, lon: at.1, ..current.get_untracked() });
        });
        Some(view! { <SearchFromHere at pick close=Callback::new(move |_| menu_at.set(None)) /> })
    }
}

/// The hovered vehicle's name (and how many more share its dot), unless it
/// is the selected one, which has its popup.
#[component]
pub fn HoverCard(state: MapState, pointed: Memo<Option<Dot>>) -> impl IntoView {
    let i18n = use_i18n();
    let MapState { shown, selected, hovered, .. } = state;
    move || {
        let i = hovered.get()?;
        if selected.get() == Some(i) {
            return None;
        }
        let v = shown.with(|f| f.as_ref().and_then(|f| f.get(i).cloned()))?;
        let (lat, lon) = v.position()?;
        let locale = i18n.get_locale();
        let others = pointed.get().filter(|d| d.index == i).map_or(0, |d| d.count - 1);
        Some(view! {
            <MapTooltip position=Position::new(lat, lon) offset=(0.0, -10.0)>
                <div class="hover-card" data-test="hover-card">
                    <strong>{vehicle_label(locale, &v)}</strong>
                    {(others > 0)
                        .then(|| {
                            view! { <span>{td_string!(locale, map.more_here, count = others)}</span> }
                        })}
                </div>
            </MapTooltip>
        })
    }
}
