//! How values read to people: counts, times, distances. Pure, tested natively.

use chrono::{DateTime, FixedOffset, Local};

use crate::domain::common::Timestamp;

pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// "1 charger", "3 chargers".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Local date and time, or "never" for the vendors' `0001-01-01`.
pub fn timestamp(t: &Option<Timestamp>) -> String {
    match t {
        None => "—".into(),
        Some(Timestamp::Never) => "never".into(),
        Some(Timestamp::At(t)) => local(t),
    }
}

pub fn local(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&Local).format("%d/%m/%Y %H:%M").to_string()
}

/// Metres as "850 m" or "12.3 km".
pub fn distance_m(m: f64) -> String {
    if m < 1000.0 {
        format!("{} m", m.round())
    } else {
        format!("{:.1} km", m / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_and_missing_times_read_as_words() {
        assert_eq!(timestamp(&Some(Timestamp::Never)), "never");
        assert_eq!(timestamp(&None), "—");
    }

    #[test]
    fn distances_switch_to_km_at_one_kilometre() {
        assert_eq!(distance_m(850.4), "850 m");
        assert_eq!(distance_m(12_345.0), "12.3 km");
    }

    #[test]
    fn plural_by_count() {
        assert_eq!(plural(1, " site", " sites"), " site");
        assert_eq!(plural(0, " site", " sites"), " sites");
    }
}
