//! The address box above the search form: suggestions from the geocoder as
//! the dispatcher types (debounced; the WAI-ARIA combobox pattern: arrows,
//! Enter, Escape), picking one centres the search there; and the address
//! nearest to the centre, whichever way it was set (reverse geocoding).
//! A failing geocoder is one sentence here: coordinates and map clicks
//! keep working.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};

use super::MapState;
use crate::domain::places::Place;
use crate::i18n::{t, t_string, use_i18n};
use crate::links::Search;
use crate::vendors::geocoder::Geocoder;

/// Typing pauses this long before the geocoder is asked.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// The geocoder refuses shorter queries (BAN: 3 to 200 characters).
const MIN_CHARS: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Status {
    Idle,
    Searching,
    NoMatch,
    Failed,
}

#[component]
pub fn AddressSearch(state: MapState, geocoder: Geocoder) -> impl IntoView {
    let i18n = use_i18n();
    let geocoder = StoredValue::new(geocoder);
    let text = RwSignal::new(String::new());
    let suggestions = RwSignal::new(Vec::<Place>::new());
    let status = RwSignal::new(Status::Idle);
    let expanded = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // Each keystroke starts a new generation: older answers are dropped.
    let generation = StoredValue::new(0u64);
    let centre_address = RwSignal::new(None::<String>);

    let ask = move |query: String| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        if query.trim().chars().count() < MIN_CHARS {
            suggestions.set(Vec::new());
            status.set(Status::Idle);
            expanded.set(false);
            return;
        }
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                status.set(Status::Searching);
                let s = state.current.get_untracked();
                let g = geocoder.get_value();
                spawn_local(async move {
                    let answer = g.search(&query, Some((s.lat, s.lon))).await;
                    if generation.get_value() != mine {
                        return;
                    }
                    active.set(None);
                    match answer {
                        Ok(found) => {
                            status.set(if found.value.is_empty() { Status::NoMatch } else { Status::Idle });
                            expanded.set(!found.value.is_empty());
                            suggestions.set(found.value);
                        }
                        Err(_) => {
                            status.set(Status::Failed);
                            expanded.set(false);
                            suggestions.set(Vec::new());
                        }
                    }
                });
            },
            DEBOUNCE,
        );
    };
    let pick = move |i: usize| {
        let Some(place) = suggestions.with_untracked(|s| s.get(i).cloned()) else { return };
        generation.update_value(|g| *g += 1);
        text.set(place.label.clone());
        expanded.set(false);
        active.set(None);
        state.search_at.run(Search { lat: place.lat, lon: place.lon, ..state.current.get_untracked() });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = suggestions.with_untracked(Vec::len);
        let step = |delta: isize| {
            if n == 0 {
                return;
            }
            expanded.set(true);
            let next = match active.get_untracked() {
                None if delta > 0 => 0,
                None => n - 1,
                Some(i) => (i as isize + delta).rem_euclid(n as isize) as usize,
            };
            active.set(Some(next));
        };
        match ev.key().as_str() {
            "ArrowDown" => step(1),
            "ArrowUp" => step(-1),
            "Enter" if expanded.get_untracked() && n > 0 => pick(active.get_untracked().unwrap_or(0)),
            "Escape" if expanded.get_untracked() => expanded.set(false),
            "Escape" => text.set(String::new()),
            _ => return,
        }
        ev.prevent_default();
    };

    // The address under the centre, each time the centre moves.
    Effect::new(move |_| {
        let s = state.current.get();
        let g = geocoder.get_value();
        centre_address.set(None);
        spawn_local(async move {
            if let Ok(Some(place)) = g.reverse(s.lat, s.lon).await {
                // Only if the centre has not moved on meanwhile.
                let now = state.current.get_untracked();
                if (now.lat, now.lon) == (s.lat, s.lon) {
                    centre_address.set(Some(place.label));
                }
            }
        });
    });

    let status_text = move || match status.get() {
        Status::Idle => None,
        Status::Searching => Some(t_string!(i18n, map.address_searching).to_string()),
        Status::NoMatch => Some(t_string!(i18n, map.address_none).to_string()),
        Status::Failed => Some(t_string!(i18n, map.address_failed).to_string()),
    };
    view! {
        <div class="address-search" data-test="address-search">
            <label for="address-input">{t!(i18n, map.address)}</label>
            <div class="address-box">
                <input
                    id="address-input"
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    aria-autocomplete="list"
                    aria-controls="address-options"
                    aria-expanded=move || expanded.get().to_string()
                    aria-activedescendant=move || active.get().map(|i| format!("address-option-{i}"))
                    aria-describedby="address-status"
                    placeholder=move || t_string!(i18n, map.address_placeholder)
                    data-test="address"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        text.set(value.clone());
                        ask(value);
                    }
                    on:keydown=on_key
                    on:blur=move |_| expanded.set(false)
                />
                <ul
                    id="address-options"
                    class="address-options"
                    role="listbox"
                    aria-label=move || t_string!(i18n, map.address_suggestions)
                    hidden=move || !expanded.get()
                    data-test="address-options"
                >
                    {move || {
                        suggestions
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, place)| {
                                view! {
                                    <li
                                        id=format!("address-option-{i}")
                                        role="option"
                                        class:active=move || active.get() == Some(i)
                                        aria-selected=move || (active.get() == Some(i)).to_string()
                                        // Before the input's blur: the pick is not lost.
                                        on:mousedown=move |ev| {
                                            ev.prevent_default();
                                            pick(i);
                                        }
                                    >
                                        {place.label}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
            <p id="address-status" class="muted" aria-live="polite" data-test="address-status">
                {status_text}
            </p>
            <p class="centre-address" data-test="centre-address">
                {move || centre_address.get().map(|a| t_string!(i18n, map.centre_near, address = a).to_string())}
            </p>
        </div>
    }
}
