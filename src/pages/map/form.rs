//! The search form: centre (typed, or the browser's location), radius, mode
//! and, by road, how many results. Its fields are drafts until submitted,
//! reset whenever the URL's search changes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::MapState;
use crate::domain::fleet::ComputeMode;
use crate::format;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::links::{
    parse_latitude, parse_limit, parse_longitude, parse_radius, Invalid, Search, LIMIT_MAX, RADIUS_MAX_KM,
    RADIUS_MIN_KM,
};

/// What is wrong with the search form; worded when shown.
#[derive(Clone, Debug, PartialEq)]
enum FormProblem {
    Invalid(Invalid),
    GeoUnsupported,
    GeoDenied,
    GeoFailed,
    GeoNotAsked,
}

impl FormProblem {
    fn text(&self, locale: Locale) -> String {
        match self {
            FormProblem::Invalid(i) => i.text(locale),
            FormProblem::GeoUnsupported => td_string!(locale, map.geo_unsupported).to_string(),
            FormProblem::GeoDenied => td_string!(locale, map.geo_denied).to_string(),
            FormProblem::GeoFailed => td_string!(locale, map.geo_failed).to_string(),
            FormProblem::GeoNotAsked => td_string!(locale, map.geo_not_asked).to_string(),
        }
    }
}

/// Asks the browser where the user is and searches there.
fn search_from_my_location(state: MapState, problem: RwSignal<Option<FormProblem>>) {
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        problem.set(Some(FormProblem::GeoUnsupported));
        return;
    };
    let ok = wasm_bindgen::closure::Closure::once_into_js(move |p: web_sys::Position| {
        let c = p.coords();
        state.search_at.run(Search { lat: c.latitude(), lon: c.longitude(), ..state.current.get_untracked() });
    });
    let err = wasm_bindgen::closure::Closure::once_into_js(move |e: web_sys::PositionError| {
        let denied = e.code() == web_sys::PositionError::PERMISSION_DENIED;
        problem.set(Some(if denied { FormProblem::GeoDenied } else { FormProblem::GeoFailed }));
    });
    if geo.get_current_position_with_error_callback(ok.unchecked_ref(), Some(err.unchecked_ref())).is_err() {
        problem.set(Some(FormProblem::GeoNotAsked));
    }
}

#[component]
pub fn SearchForm(state: MapState, url_search: Memo<Option<Result<Search, Invalid>>>) -> impl IntoView {
    let i18n = use_i18n();
    let start = state.current.get_untracked();
    let lat_text = RwSignal::new(String::new());
    let lon_text = RwSignal::new(String::new());
    let radius = state.radius;
    let mode = RwSignal::new(start.mode);
    let limit = RwSignal::new(start.limit);
    let problem = RwSignal::new(None::<FormProblem>);
    Effect::new(move |_| {
        let s = state.current.get();
        // Written as the user's language writes decimals; both are read back.
        let locale = i18n.get_locale();
        lat_text.set(format::number(locale, s.lat, 5));
        lon_text.set(format::number(locale, s.lon, 5));
        radius.set(s.radius_km);
        mode.set(s.mode);
        limit.set(s.limit);
        problem.set(None);
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = (|| {
            Ok::<Search, Invalid>(Search {
                lat: parse_latitude(&lat_text.get_untracked())?,
                lon: parse_longitude(&lon_text.get_untracked())?,
                radius_km: parse_radius(&radius.get_untracked().to_string())?,
                mode: mode.get_untracked(),
                limit: parse_limit(&limit.get_untracked().to_string())?,
            })
        })();
        match parsed {
            Ok(s) => {
                problem.set(None);
                state.search_at.run(s);
            }
            Err(e) => problem.set(Some(FormProblem::Invalid(e))),
        }
    };
    let set_radius = move |ev| {
        if let Ok(r) = event_target_value(&ev).parse() {
            radius.set(r)
        }
    };

    view! {
        <form class="search-form" on:submit=submit data-test="search-form" novalidate>
            <label>
                {t!(i18n, map.latitude)}
                <input inputmode="decimal" bind:value=lat_text aria-describedby="search-error" data-test="lat" />
            </label>
            <label>
                {t!(i18n, map.longitude)}
                <input inputmode="decimal" bind:value=lon_text aria-describedby="search-error" data-test="lon" />
            </label>
            <label class="radius">
                {move || {
                    t_string!(i18n, map.radius, radius = format::kilometres(i18n.get_locale(), radius.get() as f64))
                }} <span class="radius-inputs">
                    <input
                        type="range"
                        min=RADIUS_MIN_KM
                        max=RADIUS_MAX_KM
                        prop:value=move || radius.get().to_string()
                        on:input=set_radius
                        aria-label=move || t_string!(i18n, map.radius_label)
                    />
                    <input
                        type="number"
                        min=RADIUS_MIN_KM
                        max=RADIUS_MAX_KM
                        prop:value=move || radius.get().to_string()
                        data-test="radius"
                        on:input=set_radius
                        aria-label=move || t_string!(i18n, map.radius_number)
                    />
                    <span aria-hidden="true">"km"</span>
                </span>
            </label>
            <fieldset class="mode">
                <legend>{t!(i18n, map.distance)}</legend>
                <label class="inline">
                    <input
                        type="radio"
                        name="mode"
                        prop:checked=move || mode.get() == ComputeMode::CrowFlies
                        on:change=move |_| mode.set(ComputeMode::CrowFlies)
                        data-test="mode-crow"
                    />
                    {t!(i18n, map.crow)}
                </label>
                <label class="inline">
                    <input
                        type="radio"
                        name="mode"
                        prop:checked=move || mode.get() == ComputeMode::ByRoad
                        on:change=move |_| mode.set(ComputeMode::ByRoad)
                        data-test="mode-road"
                    />
                    {t!(i18n, map.road)}
                </label>
            </fieldset>
            <label>
                {t!(i18n, map.results_by_road)}
                <select
                    disabled=move || mode.get() != ComputeMode::ByRoad
                    data-test="limit"
                    prop:value=move || limit.get().to_string()
                    on:change=move |ev| {
                        if let Ok(l) = event_target_value(&ev).parse() {
                            limit.set(l)
                        }
                    }
                >
                    {(1..=LIMIT_MAX).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                </select>
            </label>
            <div class="search-actions">
                <button type="submit" data-test="search">
                    {t!(i18n, map.search)}
                </button>
                <button type="button" on:click=move |_| search_from_my_location(state, problem)>
                    {t!(i18n, map.my_location)}
                </button>
            </div>
            <p class="field-error" id="search-error" role="alert" data-test="form-error">
                {move || {
                    let locale = i18n.get_locale();
                    problem
                        .get()
                        .map(|p| p.text(locale))
                        .or_else(|| {
                            url_search
                                .with(|u| match u {
                                    Some(Err(e)) => {
                                        Some(td_string!(locale, map.invalid_url, problem = e.text(locale)).to_string())
                                    }
                                    _ => None,
                                })
                        })
                }}
            </p>
        </form>
    }
}
