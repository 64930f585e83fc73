//! The Ocean session: the token lives in this signal only — never in
//! localStorage, sessionStorage or a cookie — and dies with the tab.
//!
//! It also keeps the unit the last answer's distances were read in.
//!
//! Ocean calls go through [`OceanSession::call`]: without a token they ask
//! for a sign-in; a 401 ends the session with a reason. Screens read the
//! token reactively, so after the next sign-in their interrupted request runs
//! again, once; a second 401 lands on the sign-in form again (no loop).

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::fleet::{Fleet, SignedIn, VehicleDetails};
use crate::domain::units::DistanceReading;
use crate::i18n::{td_string, Locale};
use crate::vendors::{ocean::TOKEN_LIFETIME_MS, ApiError, Missing};

/// How long before expiry the console asks to sign in again.
pub const RENEW_BEFORE_MS: f64 = 10.0 * 60.0 * 1000.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub login: String,
    pub token: String,
    /// `Date.now()` milliseconds after which the vendor refuses the token.
    pub expires_at_ms: f64,
    /// For users who see several customers (`customerId`); `None` otherwise.
    pub customer_id: Option<i64>,
    /// Days before the password expires, as Ocean said at sign-in.
    pub password_days_left: Option<i64>,
}

/// Below this many days left, the console warns that the password expires.
pub const PASSWORD_WARNING_DAYS: i64 = 7;

impl Session {
    /// Days left, when few enough to warn about.
    pub fn password_expiring(&self) -> Option<i64> {
        self.password_days_left.filter(|d| *d <= PASSWORD_WARNING_DAYS)
    }
}

/// A customer's vehicle list, fetched once per token and customer.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedFleet {
    pub token: String,
    pub customer_id: Option<i64>,
    pub fleet: Arc<Fleet>,
}

/// Token and customer: what tells one Ocean session from another.
pub type Credentials = (String, Option<i64>);

/// Full vehicle records read for the details panel, by Ocean vehicle id
/// (`None`: Ocean's answer for the plate did not hold that vehicle), so
/// that reopening a vehicle asks Ocean nothing. They are one session's:
/// another token or customer starts an empty cache.
#[derive(Debug, Default)]
pub struct RecordCache {
    session: Option<Credentials>,
    by_id: HashMap<i64, Option<Arc<VehicleDetails>>>,
    /// Ids in the order read: the oldest goes first once the cache is full.
    order: VecDeque<i64>,
}

/// Records kept per session: a dispatcher opens a few dozen vehicles a
/// day, and each record is ~2 KB.
const RECORDS_KEPT: usize = 500;

impl RecordCache {
    pub fn get(&self, session: &Credentials, id: i64) -> Option<Option<Arc<VehicleDetails>>> {
        self.by_id.get(&id).filter(|_| self.session.as_ref() == Some(session)).cloned()
    }

    pub fn insert(&mut self, session: Credentials, id: i64, record: Option<Arc<VehicleDetails>>) {
        if self.session.as_ref() != Some(&session) {
            *self = RecordCache { session: Some(session), ..RecordCache::default() };
        }
        if self.by_id.insert(id, record).is_none() {
            self.order.push_back(id);
        }
        while self.order.len() > RECORDS_KEPT {
            if let Some(oldest) = self.order.pop_front() {
                self.by_id.remove(&oldest);
            }
        }
    }
}

#[derive(Clone, Copy)]
pub struct OceanSession {
    pub current: RwSignal<Option<Session>>,
    /// Why the last session ended, shown above the sign-in form.
    pub ended_because: RwSignal<Option<SessionEnd>>,
    /// The vehicle list of the session's customer (memory only, like the token).
    pub fleet: RwSignal<Option<CachedFleet>>,
    /// How the last nearest answer's distances were read (their unit is not
    /// published): the Connections page says it. A fact about the vendor,
    /// not the login, so a sign-out keeps it.
    pub distances: RwSignal<Option<DistanceReading>>,
    /// Full records read for the details panel (memory only, like the token).
    pub records: StoredValue<RecordCache>,
}

/// Why an Ocean session ended; worded at display time, in the current language.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionEnd {
    /// The token's 12 hours are over.
    TimeLimit,
    /// The user chose to sign in again before the end.
    Renewing,
    /// Ocean answered 401 to a call; its message as sent, if any.
    Refused(Option<String>),
}

impl SessionEnd {
    /// The reason, in the given language; Ocean's message quoted as sent.
    pub fn text(&self, locale: Locale) -> String {
        match self {
            SessionEnd::TimeLimit => td_string!(locale, session.time_limit).to_string(),
            SessionEnd::Renewing => td_string!(locale, session.renewing).to_string(),
            SessionEnd::Refused(Some(message)) => {
                let message = message.trim_end_matches('.');
                td_string!(locale, session.refused_with, message).to_string()
            }
            SessionEnd::Refused(None) => td_string!(locale, session.refused).to_string(),
        }
    }
}

impl Default for OceanSession {
    fn default() -> Self {
        OceanSession {
            current: RwSignal::new(None),
            ended_because: RwSignal::new(None),
            fleet: RwSignal::new(None),
            distances: RwSignal::new(None),
            records: StoredValue::new(RecordCache::default()),
        }
    }
}

impl OceanSession {
    pub fn start(&self, login: String, signed_in: SignedIn) {
        let expires_at_ms = js_sys::Date::now() + TOKEN_LIFETIME_MS;
        self.ended_because.set(None);
        let SignedIn { token, password_days_left } = signed_in;
        self.current.set(Some(Session { login, token, expires_at_ms, customer_id: None, password_days_left }));
    }

    /// The cached vehicle list, if it is this token's and customer's.
    pub fn cached_fleet(&self, token: &str, customer_id: Option<i64>) -> Option<Arc<Fleet>> {
        self.fleet.with_untracked(|c| {
            c.as_ref().filter(|c| c.token == token && c.customer_id == customer_id).map(|c| c.fleet.clone())
        })
    }

    /// Sign-out: the token, the customer choice and everything derived from
    /// them go (screens keyed on the token clear themselves).
    pub fn end(&self) {
        self.current.set(None);
        self.fleet.set(None);
        self.forget_records();
    }

    pub fn expire(&self, reason: SessionEnd) {
        self.ended_because.set(Some(reason));
        self.current.set(None);
        self.forget_records();
    }

    /// The records read go with the session that read them.
    fn forget_records(&self) {
        self.records.try_set_value(RecordCache::default());
    }

    /// A record read earlier in this session (`Some(None)`: Ocean had none).
    pub fn cached_record(&self, session: &Credentials, id: i64) -> Option<Option<Arc<VehicleDetails>>> {
        self.records.try_with_value(|c| c.get(session, id)).flatten()
    }

    pub fn cache_record(&self, session: Credentials, id: i64, record: Option<Arc<VehicleDetails>>) {
        self.records.try_update_value(|c| c.insert(session, id, record));
    }

    pub fn set_customer(&self, customer_id: Option<i64>) {
        self.current.update(|s| {
            if let Some(s) = s {
                s.customer_id = customer_id;
            }
        });
    }

    /// Whether `credentials` are still the session's (untracked: for an
    /// answer that arrives after a sign-out, a new sign-in or a customer
    /// switch, which then belongs to no one on screen).
    pub fn still(&self, credentials: &Option<(String, Option<i64>)>) -> bool {
        self.current
            .try_with_untracked(|s| {
                s.as_ref().map(|s| (&s.token, s.customer_id)) == credentials.as_ref().map(|(t, c)| (t, *c))
            })
            .unwrap_or(false)
    }

    /// Token and customer, tracked: a screen that reads them re-runs when
    /// they change (sign-in, sign-out, customer switch).
    pub fn credentials(&self) -> Option<(String, Option<i64>)> {
        self.current.with(|s| s.as_ref().map(|s| (s.token.clone(), s.customer_id)))
    }

    /// Runs an Ocean call with these credentials and handles a refused token.
    pub async fn call<T, F, Fut>(&self, credentials: Option<(String, Option<i64>)>, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(String, Option<i64>) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let Some((token, customer)) = credentials else {
            return Err(ApiError::NotReady(Missing::OceanSignIn));
        };
        let result = f(token.clone(), customer).await;
        if let Err(ApiError::Http { status: 401, vendor_message, .. }) = &result {
            // Only if it is still the same session (a newer sign-in stays).
            if self.current.with_untracked(|s| s.as_ref().is_some_and(|s| s.token == token)) {
                self.expire(SessionEnd::Refused(vendor_message.clone()));
            }
        }
        result
    }
}

pub fn use_ocean_session() -> OceanSession {
    expect_context::<OceanSession>()
}
