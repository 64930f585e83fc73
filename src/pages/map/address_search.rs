//! The address box above the search form: suggestions from the geocoder as
//! the dispatcher types (debounced; the WAI-ARIA combobox pattern: arrows,
//! Enter, Escape), picking one centres the search there; and the address
//! nearest to the centre, whichever way it was set (reverse geocoding).
//! A failing geocoder is one sentence here: coordinates and map clicks
//! keep working.
//!
//! The suggestions' search is its own wasm module (`on_demand.rs`): the
//! first screen shows the box empty, so a first visit does not download it.
//! The box preloads it when the pointer or the focus reaches it; typed
//! meanwhile, the search waits for it ("searching").

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};

use super::MapState;
use crate::domain::places::Place;
use crate::i18n::{t, t_string, use_i18n};
use crate::links::Search;
use crate::on_demand::{on_demand_part, OnDemand, SplitLoaderError};
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
    /// The suggestions' module could not be fetched (the text typed stays:
    /// typing on tries again).
    NotFetched,
}

/// A search's suggestions (`None`: the geocoder failed), once the
/// suggestions' module is here; `Err` if it could not be fetched.
async fn suggest(geocoder: Geocoder, query: String, near: (f64, f64)) -> Result<Option<Vec<Place>>, SplitLoaderError> {
    Ok(places_search(geocoder, query, near).await?.await)
}

/// The search, boxed: a split function cannot be `async` itself.
type PlacesSearch = Pin<Box<dyn Future<Output = Option<Vec<Place>>>>>;

on_demand_part! {
    module map_address, preload preload_suggestions, call places_search;
    /// The entry point of the suggestions' module: the geocoder's search is
    /// reached only from here, so `wasm-split-cli` leaves it out of the map's
    /// module (the reverse lookup, on the first screen, stays there).
    fn search_places(geocoder: Geocoder, query: String, near: (f64, f64)) -> Result<PlacesSearch, SplitLoaderError> {
        Ok(Box::pin(async move { geocoder.search(&query, Some(near)).await.map(|found| found.value).ok() }))
    }
}

/// The combobox's state: the text typed, the suggestions for it and the
/// one the arrows are on.
#[derive(Clone, Copy)]
struct Combobox {
    state: MapState,
    geocoder: StoredValue<Geocoder>,
    text: RwSignal<String>,
    suggestions: RwSignal<Vec<Place>>,
    status: RwSignal<Status>,
    expanded: RwSignal<bool>,
    active: RwSignal<Option<usize>>,
    /// Each keystroke starts a new generation: older answers are dropped.
    generation: StoredValue<u64>,
    /// The suggestions' module, preloaded when the box is neared.
    search: OnDemand,
}

impl Combobox {
    fn new(state: MapState, geocoder: Geocoder) -> Combobox {
        Combobox {
            state,
            geocoder: StoredValue::new(geocoder),
            text: RwSignal::new(String::new()),
            suggestions: RwSignal::new(Vec::new()),
            status: RwSignal::new(Status::Idle),
            expanded: RwSignal::new(false),
            active: RwSignal::new(None),
            generation: StoredValue::new(0),
            search: OnDemand::new(|| Box::pin(preload_suggestions())),
        }
    }

    /// Asks the geocoder for `query`, once typing pauses.
    fn ask(self, query: String) {
        let Combobox { suggestions, status, expanded, generation, .. } = self;
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
                // `try_`: the page may have been left in the meantime.
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                status.set(Status::Searching);
                let (Some(s), Some(g)) = (self.state.current.try_get_untracked(), self.geocoder.try_get_value()) else {
                    return;
                };
                spawn_local(async move {
                    let answer = suggest(g, query, (s.lat, s.lon)).await;
                    if generation.try_get_value() != Some(mine) {
                        return;
                    }
                    match answer {
                        Ok(found) => self.suggested(found),
                        Err(_) => self.not_fetched(),
                    }
                });
            },
            DEBOUNCE,
        );
    }

    /// The geocoder's suggestions (`None`: it failed).
    fn suggested(self, found: Option<Vec<Place>>) {
        self.active.set(None);
        match found {
            Some(found) => {
                self.status.set(if found.is_empty() { Status::NoMatch } else { Status::Idle });
                self.expanded.set(!found.is_empty());
                self.suggestions.set(found);
            }
            None => {
                self.status.set(Status::Failed);
                self.expanded.set(false);
                self.suggestions.set(Vec::new());
            }
        }
    }

    /// The suggestions' module could not be fetched: said, nothing listed.
    fn not_fetched(self) {
        self.active.set(None);
        self.status.set(Status::NotFetched);
        self.expanded.set(false);
        self.suggestions.set(Vec::new());
    }

    /// Suggestion `i` picked: the search moves there.
    fn pick(self, i: usize) {
        let Some(place) = self.suggestions.with_untracked(|s| s.get(i).cloned()) else { return };
        self.generation.update_value(|g| *g += 1);
        self.text.set(place.label.clone());
        self.expanded.set(false);
        self.active.set(None);
        let state = self.state;
        state.search_at.run(Search { lat: place.lat, lon: place.lon, ..state.current.get_untracked() });
    }

    /// Arrows move through the suggestions, Enter picks, Escape closes
    /// (or, closed, clears).
    fn on_key(self, ev: leptos::ev::KeyboardEvent) {
        let Combobox { text, suggestions, expanded, active, .. } = self;
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
            "Enter" if expanded.get_untracked() && n > 0 => self.pick(active.get_untracked().unwrap_or(0)),
            "Escape" if expanded.get_untracked() => expanded.set(false),
            "Escape" => text.set(String::new()),
            _ => return,
        }
        ev.prevent_default();
    }
}

#[component]
pub fn AddressSearch(state: MapState, geocoder: Geocoder) -> impl IntoView {
    let i18n = use_i18n();
    let combobox = Combobox::new(state, geocoder.clone());
    let Combobox { text, status, expanded, active, .. } = combobox;
    let status_text = move || match status.get() {
        Status::Idle => None,
        Status::Searching => Some(t_string!(i18n, map.address_searching).to_string()),
        Status::NoMatch => Some(t_string!(i18n, map.address_none).to_string()),
        Status::Failed => Some(t_string!(i18n, map.address_failed).to_string()),
        Status::NotFetched => Some(t_string!(i18n, common.part_failed).to_string()),
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
                        combobox.ask(value);
                    }
                    on:keydown=move |ev| combobox.on_key(ev)
                    on:pointerenter=move |_| combobox.search.warm()
                    on:focus=move |_| combobox.search.warm()
                    on:blur=move |_| expanded.set(false)
                />
                <Suggestions combobox />
            </div>
            <p id="address-status" class="muted" aria-live="polite" data-test="address-status">
                {status_text}
            </p>
            <CentreAddress state geocoder />
        </div>
    }
}

/// The suggestions' list box.
#[component]
fn Suggestions(combobox: Combobox) -> impl IntoView {
    let i18n = use_i18n();
    let Combobox { suggestions, expanded, active, .. } = combobox;
    view! {
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
                                    combobox.pick(i);
                                }
                            >
                                {place.label}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}

/// The address under the centre, looked up each time the centre moves;
/// nothing while the lookup runs, or if it fails.
#[component]
fn CentreAddress(state: MapState, geocoder: Geocoder) -> impl IntoView {
    let i18n = use_i18n();
    let centre = move || {
        let s = state.current.get();
        (s.lat, s.lon)
    };
    let found = LocalResource::new(move || {
        let g = geocoder.clone();
        let at = centre();
        async move { g.reverse(at.0, at.1).await.ok().flatten().map(|place| (at, place.label)) }
    });
    // An answer for where the centre was before is not said.
    let address = move || found.get().flatten().filter(|(at, _)| *at == centre()).map(|(_, label)| label);
    view! {
        <p class="centre-address" data-test="centre-address">
            {move || address().map(|a| t_string!(i18n, map.centre_near, address = a).to_string())}
        </p>
    }
}
