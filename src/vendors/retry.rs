//! When to try a request again, and how long to wait: pure decisions, so
//! they are tested natively; `http.rs` carries them out.

use chrono::{DateTime, Utc};

/// Total attempts for an idempotent call: the first and 3 retries.
pub const MAX_GET_ATTEMPTS: u32 = 4;
/// The longest `Retry-After` we wait for silently; longer is shown to the user.
pub const MAX_RETRY_AFTER_S: u32 = 30;
const BASE_DELAY_MS: f64 = 300.0;
const MAX_DELAY_MS: f64 = 5_000.0;

/// What happened on one attempt, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Attempt {
    /// No HTTP answer (offline, refused, reset).
    NetworkFailure,
    TimedOut,
    Status {
        status: u16,
        retry_after_s: Option<u32>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    RetryAfterMs(u32),
    GiveUp,
}

/// `attempt` counts from 1. Only a call that changes nothing is retried
/// (`idempotent`: reads, and searches sent as a POST); a write is not, since
/// the first may have been applied and a second would duplicate it.
pub fn decide(idempotent: bool, attempt: u32, outcome: Attempt, jitter01: f64) -> Decision {
    if !idempotent || attempt >= MAX_GET_ATTEMPTS {
        return Decision::GiveUp;
    }
    match outcome {
        Attempt::NetworkFailure | Attempt::Status { status: 502..=504, .. } => {
            Decision::RetryAfterMs(backoff_ms(attempt, jitter01))
        }
        Attempt::Status { status: 429, retry_after_s: Some(s) } if s <= MAX_RETRY_AFTER_S => {
            Decision::RetryAfterMs(s * 1000)
        }
        Attempt::Status { status: 429, retry_after_s: None } => {
            Decision::RetryAfterMs(backoff_ms(attempt + 1, jitter01))
        }
        _ => Decision::GiveUp,
    }
}

/// Exponential backoff with "full jitter": a random delay up to 300 ms × 2^(n-1), capped at 5 s.
pub fn backoff_ms(attempt: u32, jitter01: f64) -> u32 {
    let ceiling = (BASE_DELAY_MS * 2f64.powi(attempt.saturating_sub(1).min(10) as i32)).min(MAX_DELAY_MS);
    (ceiling * (0.5 + 0.5 * jitter01.clamp(0.0, 1.0))).round() as u32
}

/// `Retry-After` is delta-seconds or an HTTP date, in any of the three
/// formats HTTP allows (RFC 9110 §5.6.7), read by `httpdate` as hyper does.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<u32> {
    let v = value.trim();
    if let Ok(s) = v.parse::<u32>() {
        return Some(s);
    }
    let at = httpdate::parse_http_date(v).ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    let wait = at.as_secs() as i64 - now.timestamp();
    Some(wait.clamp(0, u32::MAX as i64) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_never_retried() {
        for outcome in
            [Attempt::NetworkFailure, Attempt::TimedOut, Attempt::Status { status: 503, retry_after_s: None }]
        {
            assert_eq!(decide(false, 1, outcome, 0.5), Decision::GiveUp);
        }
    }

    #[test]
    fn reads_retry_network_failures_and_gateway_errors_three_times() {
        for outcome in [
            Attempt::NetworkFailure,
            Attempt::Status { status: 502, retry_after_s: None },
            Attempt::Status { status: 503, retry_after_s: None },
            Attempt::Status { status: 504, retry_after_s: None },
        ] {
            for attempt in 1..MAX_GET_ATTEMPTS {
                assert!(
                    matches!(decide(true, attempt, outcome, 0.5), Decision::RetryAfterMs(_)),
                    "{outcome:?} #{attempt}"
                );
            }
            assert_eq!(decide(true, MAX_GET_ATTEMPTS, outcome, 0.5), Decision::GiveUp);
        }
        assert_eq!(MAX_GET_ATTEMPTS - 1, 3);
    }

    #[test]
    fn other_failures_are_final() {
        for status in [400, 401, 403, 404, 500] {
            assert_eq!(
                decide(true, 1, Attempt::Status { status, retry_after_s: None }, 0.5),
                Decision::GiveUp,
                "{status}"
            );
        }
        assert_eq!(decide(true, 1, Attempt::TimedOut, 0.5), Decision::GiveUp);
    }

    #[test]
    fn too_many_requests_waits_for_retry_after() {
        assert_eq!(
            decide(true, 1, Attempt::Status { status: 429, retry_after_s: Some(2) }, 0.9),
            Decision::RetryAfterMs(2000)
        );
        assert_eq!(decide(true, 1, Attempt::Status { status: 429, retry_after_s: Some(120) }, 0.9), Decision::GiveUp);
    }

    #[test]
    fn backoff_grows_exponentially_with_bounded_jitter() {
        assert_eq!(backoff_ms(1, 1.0), 300);
        assert_eq!(backoff_ms(2, 1.0), 600);
        assert_eq!(backoff_ms(3, 1.0), 1200);
        assert_eq!(backoff_ms(3, 0.0), 600);
        assert_eq!(backoff_ms(20, 1.0), 5000);
    }

    #[test]
    fn retry_after_as_seconds_or_date() {
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z").map(|t| t.with_timezone(&Utc)).expect("date");
        assert_eq!(parse_retry_after("7", now), Some(7));
        assert_eq!(parse_retry_after("Sun, 22 Nov 2026 10:00:12 GMT", now), Some(12));
        // The two obsolete formats HTTP still allows, and a date already past.
        assert_eq!(parse_retry_after("Sunday, 22-Nov-26 10:01:00 GMT", now), Some(60));
        assert_eq!(parse_retry_after("Sun Nov 22 10:00:05 2026", now), Some(5));
        assert_eq!(parse_retry_after("Sun, 22 Nov 2026 09:00:00 GMT", now), Some(0));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
