//! How values read to people in each language: numbers, dates and times,
//! distances, durations. Pure (the local time zone aside), tested natively.
//!
//! The rules are the CLDR ones for `en` (as written in Europe: day before
//! month, 24-hour clock) and `fr`: French groups thousands with a narrow
//! no-break space (U+202F), writes a decimal comma, abbreviates months with a
//! dot and puts a no-break space before units.

use chrono::{DateTime, Datelike, FixedOffset, Local, TimeZone, Timelike};

use crate::domain::common::Timestamp;
use crate::i18n::{td_string, Locale};

/// U+202F, French thousands separator; U+00A0 before units.
const NARROW_NBSP: char = '\u{202f}';
const NBSP: char = '\u{a0}';

/// A number with `decimals` digits after the separator, grouped by thousands.
pub fn number(locale: Locale, value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = match locale {
        Locale::en => (',', '.'),
        Locale::fr => (NARROW_NBSP, ','),
    };
    let mut out = String::new();
    // "-0" after rounding reads as 0.
    if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    let digits = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// A whole count, grouped by thousands.
pub fn integer(locale: Locale, n: u64) -> String {
    number(locale, n as f64, 0)
}

/// Metres as "850 m" or "12.3 km" ("12,3 km" in French).
pub fn distance_m(locale: Locale, m: f64) -> String {
    let space = unit_space(locale);
    if m < 1000.0 {
        format!("{}{space}m", number(locale, m.round(), 0))
    } else {
        format!("{}{space}km", number(locale, m / 1000.0, 1))
    }
}

/// A size in bytes as "850 KB" or "62 MB" ("62 Mo" in French): decimal
/// units, as browsers and network tools show transfers.
pub fn data_size(locale: Locale, bytes: usize) -> String {
    let space = unit_space(locale);
    let (kilo, mega) = match locale {
        Locale::en => ("KB", "MB"),
        Locale::fr => ("ko", "Mo"),
    };
    let b = bytes as f64;
    match b {
        b if b < 1e6 => format!("{}{space}{kilo}", number(locale, (b / 1e3).ceil(), 0)),
        b if b < 1e7 => format!("{}{space}{mega}", number(locale, b / 1e6, 1)),
        b => format!("{}{space}{mega}", number(locale, (b / 1e6).round(), 0)),
    }
}

/// Kilometres as given ("12 345 km").
pub fn kilometres(locale: Locale, km: f64) -> String {
    let decimals = if km.fract() == 0.0 { 0 } else { 1 };
    format!("{}{}km", number(locale, km, decimals), unit_space(locale))
}

/// Watts as kilowatts with one decimal: "22.0 kW" / "22,0 kW".
pub fn kilowatts(locale: Locale, watts: i64) -> String {
    format!("{} kW", number(locale, watts as f64 / 1000.0, 1))
}

/// Seconds as "45 s", "3 min", "1 h 05 min".
pub fn duration_s(locale: Locale, seconds: u64) -> String {
    let space = unit_space(locale);
    match seconds {
        s if s < 60 => format!("{s}{space}s"),
        s if s < 3600 => format!("{}{space}min", s.div_ceil(60)),
        s => {
            let minutes = s.div_ceil(60);
            format!("{}{space}h{space}{:02}{space}min", minutes / 60, minutes % 60)
        }
    }
}

fn unit_space(locale: Locale) -> char {
    match locale {
        Locale::en => ' ',
        Locale::fr => NBSP,
    }
}

/// Local date and time, "never" for the vendors' `0001-01-01`, "—" when absent.
pub fn timestamp(locale: Locale, t: &Option<Timestamp>) -> String {
    match t {
        None => "—".into(),
        Some(Timestamp::Never) => td_string!(locale, common.never).into(),
        Some(Timestamp::At(t)) => local(locale, t),
    }
}

/// In the browser's time zone: "22 Nov 2026, 14:05" / "22 nov. 2026, 14:05".
pub fn local(locale: Locale, t: &DateTime<FixedOffset>) -> String {
    date_time(locale, &t.with_timezone(&Local))
}

/// A moment given as milliseconds since the epoch (JavaScript's clock).
pub fn local_ms(locale: Locale, ms: f64) -> String {
    match Local.timestamp_millis_opt(ms as i64).single() {
        Some(t) => date_time(locale, &t),
        None => "—".into(),
    }
}

/// Only the time of day, "14:05".
pub fn local_time_ms(ms: f64) -> String {
    match Local.timestamp_millis_opt(ms as i64).single() {
        Some(t) => format!("{:02}:{:02}", t.hour(), t.minute()),
        None => "—".into(),
    }
}

/// "Jan", "janv." (from `locales/*/common.json`).
fn month_abbreviation(locale: Locale, month: u32) -> &'static str {
    match month {
        1 => td_string!(locale, common.month_01),
        2 => td_string!(locale, common.month_02),
        3 => td_string!(locale, common.month_03),
        4 => td_string!(locale, common.month_04),
        5 => td_string!(locale, common.month_05),
        6 => td_string!(locale, common.month_06),
        7 => td_string!(locale, common.month_07),
        8 => td_string!(locale, common.month_08),
        9 => td_string!(locale, common.month_09),
        10 => td_string!(locale, common.month_10),
        11 => td_string!(locale, common.month_11),
        _ => td_string!(locale, common.month_12),
    }
}

/// The pure part of [`local`]: any zone, so tests do not depend on the machine's.
pub fn date_time<Tz: TimeZone>(locale: Locale, t: &DateTime<Tz>) -> String {
    let name = month_abbreviation(locale, t.month());
    format!("{} {name} {}, {:02}:{:02}", t.day(), t.year(), t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn never_and_missing_times_read_as_words() {
        assert_eq!(timestamp(Locale::en, &Some(Timestamp::Never)), "never");
        assert_eq!(timestamp(Locale::fr, &Some(Timestamp::Never)), "jamais");
        assert_eq!(timestamp(Locale::fr, &None), "—");
    }

    #[test]
    fn dates_use_each_languages_month_names() {
        let t = Utc.with_ymd_and_hms(2026, 2, 3, 7, 5, 0).single().expect("valid date");
        assert_eq!(date_time(Locale::en, &t), "3 Feb 2026, 07:05");
        assert_eq!(date_time(Locale::fr, &t), "3 févr. 2026, 07:05");
        let december = Utc.with_ymd_and_hms(2025, 12, 31, 23, 59, 0).single().expect("valid date");
        assert_eq!(date_time(Locale::fr, &december), "31 déc. 2025, 23:59");
    }

    #[test]
    fn numbers_group_thousands_and_mark_decimals_per_language() {
        assert_eq!(number(Locale::en, 1234567.891, 2), "1,234,567.89");
        assert_eq!(number(Locale::fr, 1234567.891, 2), "1\u{202f}234\u{202f}567,89");
        assert_eq!(number(Locale::en, 999.0, 0), "999");
        assert_eq!(number(Locale::fr, -1000.0, 0), "-1\u{202f}000");
        assert_eq!(number(Locale::en, -0.04, 1), "0.0");
        assert_eq!(number(Locale::en, f64::NAN, 1), "—");
        assert_eq!(integer(Locale::fr, 12_000), "12\u{202f}000");
    }

    #[test]
    fn data_sizes_read_in_the_language_s_units() {
        assert_eq!(data_size(Locale::en, 0), "0 KB");
        assert_eq!(data_size(Locale::en, 850_001), "851 KB");
        assert_eq!(data_size(Locale::en, 2_450_000), "2.5 MB");
        assert_eq!(data_size(Locale::en, 62_400_000), "62 MB");
        assert_eq!(data_size(Locale::fr, 114_000_000), "114\u{a0}Mo");
    }

    #[test]
    fn distances_switch_to_km_at_one_kilometre() {
        assert_eq!(distance_m(Locale::en, 850.4), "850 m");
        assert_eq!(distance_m(Locale::en, 12_345.0), "12.3 km");
        assert_eq!(distance_m(Locale::fr, 12_345.0), "12,3\u{a0}km");
        assert_eq!(distance_m(Locale::fr, 999.6), "1\u{202f}000\u{a0}m");
        assert_eq!(kilometres(Locale::fr, 15_300.0), "15\u{202f}300\u{a0}km");
        assert_eq!(kilometres(Locale::en, 2.5), "2.5 km");
    }

    #[test]
    fn durations_round_up_to_the_unit_shown() {
        assert_eq!(duration_s(Locale::en, 40), "40 s");
        assert_eq!(duration_s(Locale::en, 61), "2 min");
        assert_eq!(duration_s(Locale::fr, 3_900), "1\u{a0}h\u{a0}05\u{a0}min");
    }
}
