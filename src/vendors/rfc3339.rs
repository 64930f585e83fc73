//! The one date-time form the vendors send (`2024-12-18T11:05:38Z`, an
//! optional fraction, `Z` or `±HH:MM`), read by hand. chrono's general
//! RFC 3339 reader took 6–8 % of the driver tree's decoding time (a CPU
//! profile in Chromium, 5.9 MB answer). Anything else — another
//! separator, a leap second, more than nine fractional digits, an
//! impossible date — is left to chrono: [`parse`] says `None` and the
//! caller asks chrono, so the result never differs from chrono's.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

/// `s` as chrono's `DateTime::parse_from_rfc3339` reads it, or `None` when
/// `s` is not in the common form (or not a date-time at all).
pub fn parse(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    let digits = |at: usize, len: usize| -> Option<u32> {
        b.get(at..at + len)?.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if b.len() < 20 || separators.iter().any(|&(at, c)| b[at] != c) {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    if second > 59 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0;
    if let [b'.', fraction @ ..] = rest {
        let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 || len > 9 {
            return None;
        }
        nanos = digits(20, len)? * 10u32.pow(9 - len as u32);
        rest = &fraction[len..];
    }
    let offset_seconds = match rest {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let at = b.len() - 5;
            let (h, m) = (digits(at, 2)?, digits(at + 3, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let seconds = (h * 3600 + m * 60) as i32;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let local = NaiveDate::from_ymd_opt(year as i32, month, day)?.and_hms_nano_opt(hour, minute, second, nanos)?;
    FixedOffset::east_opt(offset_seconds)?.from_local_datetime(&local).single()
}

#[cfg(test)]
mod tests {
    use super::parse;
    use chrono::DateTime;
    use proptest::prelude::*;

    #[test]
    fn reads_the_vendors_forms() {
        for s in ["2024-12-18T11:05:38Z", "2024-12-18T11:05:38.1234567+01:00", "2024-02-29T23:59:59.5-05:30"] {
            assert_eq!(parse(s), DateTime::parse_from_rfc3339(s).ok(), "{s}");
            assert!(parse(s).is_some(), "{s}");
        }
    }

    #[test]
    fn leaves_other_forms_to_chrono() {
        // chrono reads these; the fast path declines them rather than guess.
        for s in
            ["2024-12-18t11:05:38z", "2024-12-18 11:05:38Z", "2016-12-31T23:59:60Z", "2024-12-18T11:05:38.1234567891Z"]
        {
            assert!(DateTime::parse_from_rfc3339(s).is_ok(), "{s}");
            assert_eq!(parse(s), None, "{s}");
        }
        for s in [
            "",
            "2024-12-18",
            "2024-12-18T11:05:38",
            "2024-02-30T00:00:00Z",
            "2024-12-18T11:05:38+1:00",
            "２０２４-12-18T11:05:38Z",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    proptest! {
        /// Whatever the fast path reads, chrono reads the same; and in the
        /// common form with a real date it always reads.
        #[test]
        fn agrees_with_chrono(
            (y, mo, d) in (0u32..10000, 0u32..14, 0u32..33),
            (h, mi, s) in (0u32..26, 0u32..62, 0u32..61),
            fraction in proptest::option::of("[0-9]{1,10}"),
            offset in prop_oneof![Just("Z".to_string()), (any::<bool>(), 0u32..26, 0u32..62).prop_map(|(neg, h, m)| format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' }))],
        ) {
            let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
            let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}{offset}");
            let chrono = DateTime::parse_from_rfc3339(&text).ok();
            match parse(&text) {
                Some(t) => prop_assert_eq!(Some(t), chrono),
                None => prop_assert!(chrono.is_none() || s == 60 || fraction.len() > 10, "declined {}", text),
            }
        }
    }
}
