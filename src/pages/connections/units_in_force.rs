//! Which units Ocean's nearest distances and durations are read in, and
//! why: Ocean does not publish them, so they are configured or, for
//! distances, inferred from the last answer (`domain::units`).

use leptos::prelude::*;

use crate::domain::units::{DistanceReading, DistanceUnit, DurationUnit, UnitRules, Why};
use crate::format;
use crate::i18n::{td_string, use_i18n, Locale};
use crate::ocean_session::use_ocean_session;
use crate::use_config;

#[component]
pub(super) fn UnitsInForce() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_ocean_session();
    let rules = use_config().vendors.ocean.unit_rules();
    let distances = move || {
        let locale = i18n.get_locale();
        session.distances.with(|r| distance_sentence(locale, rules, r.as_ref()))
    };
    let durations = move || {
        let locale = i18n.get_locale();
        td_string!(locale, connections.durations_configured, unit = duration_name(locale, rules.duration)).to_string()
    };
    view! {
        <p class="muted" data-test="distance-unit">
            {distances}
        </p>
        <p class="muted" data-test="duration-unit">
            {durations}
        </p>
    }
}

fn distance_sentence(locale: Locale, rules: UnitRules, reading: Option<&DistanceReading>) -> String {
    let name = |u| distance_name(locale, u);
    let configured = |u| td_string!(locale, connections.distances_configured, unit = name(u)).to_string();
    let Some(r) = reading.filter(|_| rules.distance.is_none()) else {
        return rules
            .distance
            .map(configured)
            .unwrap_or_else(|| td_string!(locale, connections.distances_not_yet).to_string());
    };
    let (unit, samples) = (name(r.unit), r.samples);
    match r.why {
        Why::Configured => configured(r.unit),
        Why::Inferred { fits, informative, metres_per_unit } => {
            // No median when every telling result was at the centre.
            let metres = match metres_per_unit.is_finite() {
                true => format::number(locale, metres_per_unit, 0),
                false => "—".to_string(),
            };
            td_string!(locale, connections.distances_inferred, unit, fits, informative, metres).to_string()
        }
        Why::Earlier => td_string!(locale, connections.distances_earlier, unit, samples).to_string(),
        Why::Assumed => td_string!(locale, connections.distances_assumed, samples).to_string(),
    }
}

fn distance_name(locale: Locale, unit: DistanceUnit) -> &'static str {
    match unit {
        DistanceUnit::Metres => td_string!(locale, connections.unit_metres),
        DistanceUnit::Kilometres => td_string!(locale, connections.unit_kilometres),
    }
}

fn duration_name(locale: Locale, unit: DurationUnit) -> &'static str {
    match unit {
        DurationUnit::Seconds => td_string!(locale, connections.unit_seconds),
        DurationUnit::Minutes => td_string!(locale, connections.unit_minutes),
        DurationUnit::Hours => td_string!(locale, connections.unit_hours),
    }
}
