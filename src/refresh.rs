//! What the live screens share: a once-a-second clock that lives as long
//! as the component that starts it, and the rule for when a refresh is due.

use gloo_timers::callback::Interval;
use leptos::prelude::*;

use crate::format;
use crate::i18n::Locale;

/// Whether a live screen may read its data again by itself right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attention {
    /// The user paused live refresh.
    Paused,
    /// The page is hidden, or the user is in the middle of something
    /// (dragging, typing, a refresh already running).
    Busy,
    /// Visible and left alone.
    Idle,
}

impl Attention {
    pub fn of(paused: bool, busy: bool) -> Self {
        match (paused, busy) {
            (true, _) => Attention::Paused,
            (false, true) => Attention::Busy,
            (false, false) => Attention::Idle,
        }
    }
}

/// Whether a screen's data should be read again now: `last` is when it
/// last arrived or was last tried (ms since the epoch).
pub fn refresh_due(now: f64, last: Option<f64>, every_s: u32, attention: Attention) -> bool {
    let Some(at) = last else { return false };
    attention == Attention::Idle && now - at >= f64::from(every_s) * 1000.0
}

/// Calls `tick` with the time (ms since the epoch) once a second, until
/// the calling component is dropped.
pub fn every_second(tick: impl Fn(f64) + 'static) {
    let interval = Interval::new(1_000, move || tick(js_sys::Date::now()));
    let held = StoredValue::new_local(Some(interval));
    on_cleanup(move || held.set_value(None));
}

/// The tab is in the background (or there is no document).
pub fn page_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_none_or(|d| d.hidden())
}

/// "12 s", "3 min": how long ago, rounded down.
pub fn ago(locale: Locale, ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0) as u64;
    format::duration_s(locale, if s < 60 { s } else { s / 60 * 60 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refresh_is_due_only_when_live_idle_and_old_enough() {
        let t0 = 1_000_000.0;
        assert!(refresh_due(t0 + 30_000.0, Some(t0), 30, Attention::Idle));
        assert!(!refresh_due(t0 + 29_999.0, Some(t0), 30, Attention::Idle), "too early");
        assert!(!refresh_due(t0 + 60_000.0, Some(t0), 30, Attention::Paused), "paused");
        assert!(!refresh_due(t0 + 60_000.0, Some(t0), 30, Attention::Busy), "hidden, dragging or typing");
        assert!(!refresh_due(t0 + 60_000.0, None, 30, Attention::Idle), "nothing shown yet");
        assert_eq!(Attention::of(true, false), Attention::Paused);
        assert_eq!(Attention::of(false, true), Attention::Busy);
    }

    #[test]
    fn ago_rounds_down() {
        assert_eq!(ago(Locale::en, 12_400.0), "12 s");
        assert_eq!(ago(Locale::en, 179_000.0), "2 min");
        assert_eq!(ago(Locale::en, -5.0), "0 s");
    }
}
