//! The search form: centre (typed, or the browser's location), radius, mode
//! and, by road, how many results. Its fields are drafts until submitted
//! ([`FormDraft`]), made anew whenever the URL's search changes.

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
fn search_from_my_location(state: MapState, draft: FormDraft) {
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        draft.report(Some(FormProblem::GeoUnsupported));
        return;
    };
    let ok = wasm_bindgen::closure::Closure::once_into_js(move |p: web_sys::Position| {
        let c = p.coords();
        state.search_at.run(Search { lat: c.latitude(), lon: c.longitude(), ..state.current.get_untracked() });
    });
    let err = wasm_bindgen::closure::Closure::once_into_js(move |e: web_sys::PositionError| {
        let denied = e.code() == web_sys::PositionError::PERMISSION_DENIED;
        draft.report(Some(if denied { FormProblem::GeoDenied } else { FormProblem::GeoFailed }));
    });
    if geo.get_current_position_with_error_callback(ok.unchecked_ref(), Some(err.unchecked_ref())).is_err() {
        draft.report(Some(FormProblem::GeoNotAsked));
    }
}

/// The form's fields as typed: drafts until submitted.
#[derive(Clone, Debug, PartialEq)]
pub struct Fields {
    lat: String,
    lon: String,
    radius: u32,
    mode: ComputeMode,
    limit: u8,
    problem: Option<FormProblem>,
}

impl Fields {
    /// The fields showing `s`, its decimals written as `locale` writes them
    /// (both ways are read back).
    fn of(s: Search, locale: Locale) -> Fields {
        Fields {
            lat: format::number(locale, s.lat, 5),
            lon: format::number(locale, s.lon, 5),
            radius: s.radius_km,
            mode: s.mode,
            limit: s.limit,
            problem: None,
        }
    }

    /// The search the fields describe, or why there is none.
    fn search(&self) -> Result<Search, Invalid> {
        Ok(Search {
            lat: parse_latitude(&self.lat)?,
            lon: parse_longitude(&self.lon)?,
            radius_km: parse_radius(&self.radius.to_string())?,
            mode: self.mode,
            limit: parse_limit(&self.limit.to_string())?,
        })
    }
}

/// The form's draft for this visit of the URL's search: made anew from that
/// search whenever it (or the language) changes, so that a new search, Back
/// or another language shows its values; typing edits it until then.
#[derive(Clone, Copy)]
pub struct FormDraft(Memo<ArcRwSignal<Fields>>);

impl FormDraft {
    pub fn new(current: Memo<Search>) -> FormDraft {
        let i18n = use_i18n();
        FormDraft(Memo::new(move |_| ArcRwSignal::new(Fields::of(current.get(), i18n.get_locale()))))
    }

    fn read<T>(&self, f: impl FnOnce(&Fields) -> T) -> T {
        self.0.with(|draft| draft.with(f))
    }

    fn edit(&self, f: impl FnOnce(&mut Fields)) {
        self.0.with_untracked(|draft| draft.update(f));
    }

    /// The radius being edited: the circle follows it before the search runs.
    pub fn radius(&self) -> u32 {
        self.read(|f| f.radius)
    }

    fn report(&self, problem: Option<FormProblem>) {
        self.edit(|f| f.problem = problem);
    }
}

#[component]
pub fn SearchForm(
    state: MapState,
    draft: FormDraft,
    url_search: Memo<Option<Result<Search, Invalid>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.read(Fields::search) {
            Ok(s) => {
                draft.report(None);
                state.search_at.run(s);
            }
            Err(e) => draft.report(Some(FormProblem::Invalid(e))),
        }
    };
    view! {
        <form class="search-form" on:submit=submit data-test="search-form" novalidate>
            <label>
                {t!(i18n, map.latitude)}
                <input
                    inputmode="decimal"
                    prop:value=move || draft.read(|f| f.lat.clone())
                    on:input=move |ev| draft.edit(|f| f.lat = event_target_value(&ev))
                    aria-describedby="search-error"
                    data-test="lat"
                />
            </label>
            <label>
                {t!(i18n, map.longitude)}
                <input
                    inputmode="decimal"
                    prop:value=move || draft.read(|f| f.lon.clone())
                    on:input=move |ev| draft.edit(|f| f.lon = event_target_value(&ev))
                    aria-describedby="search-error"
                    data-test="lon"
                />
            </label>
            <RadiusField draft />
            <ModeField draft />
            <LimitField draft />
            <div class="search-actions">
                <button type="submit" data-test="search">
                    {t!(i18n, map.search)}
                </button>
                <button type="button" on:click=move |_| search_from_my_location(state, draft)>
                    {t!(i18n, map.my_location)}
                </button>
            </div>
            <FormError draft url_search />
        </form>
    }
}

/// The radius, as a slider and as a number.
#[component]
fn RadiusField(draft: FormDraft) -> impl IntoView {
    let i18n = use_i18n();
    let radius = move || draft.radius().to_string();
    let set_radius = move |ev| {
        if let Ok(r) = event_target_value(&ev).parse() {
            draft.edit(|f| f.radius = r)
        }
    };
    view! {
        <label class="radius">
            {move || {
                t_string!(i18n, map.radius, radius = format::kilometres(i18n.get_locale(), draft.radius() as f64))
            }} <span class="radius-inputs">
                <input
                    type="range"
                    min=RADIUS_MIN_KM
                    max=RADIUS_MAX_KM
                    prop:value=radius
                    on:input=set_radius
                    aria-label=move || t_string!(i18n, map.radius_label)
                />
                <input
                    type="number"
                    min=RADIUS_MIN_KM
                    max=RADIUS_MAX_KM
                    prop:value=radius
                    data-test="radius"
                    on:input=set_radius
                    aria-label=move || t_string!(i18n, map.radius_number)
                />
                <span aria-hidden="true">"km"</span>
            </span>
        </label>
    }
}

/// As the crow flies, or by road.
#[component]
fn ModeField(draft: FormDraft) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="mode">
            <legend>{t!(i18n, map.distance)}</legend>
            <ModeChoice draft mode=ComputeMode::CrowFlies test="mode-crow" label=move || t!(i18n, map.crow) />
            <ModeChoice draft mode=ComputeMode::ByRoad test="mode-road" label=move || t!(i18n, map.road) />
        </fieldset>
    }
}

/// One of the two distance modes, as a radio button.
#[component]
fn ModeChoice(draft: FormDraft, mode: ComputeMode, test: &'static str, #[prop(into)] label: ViewFn) -> impl IntoView {
    view! {
        <label class="inline">
            <input
                type="radio"
                name="mode"
                prop:checked=move || draft.read(|f| f.mode == mode)
                on:change=move |_| draft.edit(|f| f.mode = mode)
                data-test=test
            />
            {label.run()}
        </label>
    }
}

/// By road, how many results.
#[component]
fn LimitField(draft: FormDraft) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            {t!(i18n, map.results_by_road)}
            <select
                disabled=move || draft.read(|f| f.mode != ComputeMode::ByRoad)
                data-test="limit"
                prop:value=move || draft.read(|f| f.limit.to_string())
                on:change=move |ev| {
                    if let Ok(l) = event_target_value(&ev).parse() {
                        draft.edit(|f| f.limit = l)
                    }
                }
            >
                {(1..=LIMIT_MAX).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// What is wrong with the form, or else with the URL's search.
#[component]
fn FormError(draft: FormDraft, url_search: Memo<Option<Result<Search, Invalid>>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="field-error" id="search-error" role="alert" data-test="form-error">
            {move || {
                let locale = i18n.get_locale();
                draft
                    .read(|f| f.problem.clone())
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_of_a_search_read_back_as_that_search() {
        let s = Search { radius_km: 12, limit: 3, mode: ComputeMode::ByRoad, ..Search::around(45.764, 4.8357) };
        for locale in [Locale::en, Locale::fr] {
            assert_eq!(Fields::of(s, locale).search(), Ok(s), "{locale:?}");
        }
    }

    #[test]
    fn a_field_typed_wrong_says_why() {
        let s = Search::around(45.0, 5.0);
        let typed = Fields { lat: "north".into(), ..Fields::of(s, Locale::en) };
        assert!(typed.search().is_err());
        let typed = Fields { lat: "46.5".into(), ..Fields::of(s, Locale::en) };
        assert_eq!(typed.search().map(|t| t.lat), Ok(46.5));
    }
}
