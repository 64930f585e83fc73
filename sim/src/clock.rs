//! The simulated world's clock, and what changes at each tick: vehicles
//! that are driving (`EN_MOUVEMENT`) move on, and a few charging sockets
//! change state. The console's live views (the map's refresh, the tree's
//! refresh) then have something real to show.
//!
//! A tick passes every `--live-every` seconds of real time, plus the ticks a
//! test adds through `POST /__sim/clock` (a test starts the simulator with
//! `--live-every 0`, so nothing moves unless it says so). What a tick
//! changes depends only on the seed and the tick's number: two simulators
//! with the same flags at the same tick serve the same positions and states.

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use axum::{extract::State, routing::get, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::data;

pub struct Clock {
    started: Instant,
    every: Option<Duration>,
    added: AtomicU64,
}

pub type SharedClock = Arc<Clock>;

impl Clock {
    /// `every_s` = 0: the world only moves when a test advances it.
    pub fn new(every_s: u64) -> Self {
        Clock { started: Instant::now(), every: (every_s > 0).then(|| Duration::from_secs(every_s)), added: 0.into() }
    }

    /// The current tick: 0 at start.
    pub fn tick(&self) -> u64 {
        let real = self.every.map_or(0, |e| self.started.elapsed().as_millis() as u64 / e.as_millis().max(1) as u64);
        real + self.added.load(Ordering::Relaxed)
    }

    fn advance(&self, ticks: u64) {
        self.added.fetch_add(ticks, Ordering::Relaxed);
    }
}

#[derive(Deserialize)]
struct Advance {
    advance: u64,
}

/// Test-only: `GET /__sim/clock` gives the tick, `POST {"advance": n}` adds n.
pub fn router(clock: SharedClock) -> Router {
    async fn read(State(c): State<SharedClock>) -> Json<Value> {
        Json(json!({ "tick": c.tick() }))
    }
    async fn advance(State(c): State<SharedClock>, Json(a): Json<Advance>) -> Json<Value> {
        c.advance(a.advance.min(10_000));
        Json(json!({ "tick": c.tick() }))
    }
    Router::new().route("/__sim/clock", get(read).post(advance)).with_state(clock)
}

/// A well-mixed hash of (seed, thing, tick) (SplitMix64's finaliser): the
/// simulator's dice at a tick, the same for everyone who throws them.
pub fn dice(seed: u64, thing: u64, tick: u64) -> u64 {
    let mut z = seed ^ thing.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ tick.wrapping_mul(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// How far a driving vehicle may wander from where it started (km): it
/// turns back beyond this, so a fleet stays around its cities.
const ROAM_KM: f64 = 8.0;

/// Where a driving vehicle is one tick later: 0.3 to 1.2 km on, in a
/// direction the dice choose, or back towards `home` when it has roamed too far.
pub fn drive(seed: u64, id: u64, tick: u64, at: (f64, f64), home: (f64, f64)) -> (f64, f64) {
    let d = dice(seed, id, tick);
    let step_km = 0.3 + (d >> 20) as f64 % 900.0 / 1000.0;
    let (dlat_home, dlon_home) = (home.0 - at.0, home.1 - at.1);
    let heading = if data::haversine_m(at.0, at.1, home.0, home.1) > ROAM_KM * 1000.0 {
        (dlon_home * at.0.to_radians().cos()).atan2(dlat_home)
    } else {
        (d % 3600) as f64 / 10.0 * std::f64::consts::PI / 180.0
    };
    let dlat = step_km * heading.cos() / 111.32;
    let dlon = step_km * heading.sin() / (111.32 * at.0.to_radians().cos().max(0.01));
    (data::round6(at.0 + dlat), data::round6(at.1 + dlon))
}

/// What a socket of an online charger says after this tick, if it changes
/// (about one socket in 25 per tick).
pub fn socket_change(seed: u64, socket: u64, tick: u64) -> Option<&'static str> {
    const STATES: &[&str] =
        &["Available", "Available", "Charging", "Charging", "Preparing", "SuspendedEV", "Faulted", "Unavailable"];
    let d = dice(seed, socket, tick);
    d.is_multiple_of(25).then(|| STATES[(d >> 32) as usize % STATES.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frozen_clock_moves_only_when_told() {
        let c = Clock::new(0);
        assert_eq!(c.tick(), 0);
        c.advance(3);
        assert_eq!(c.tick(), 3);
    }

    #[test]
    fn a_driving_vehicle_moves_a_plausible_step_and_stays_near_home() {
        let home = (45.764, 4.8357);
        let mut at = home;
        for tick in 1..=500 {
            let next = drive(42, 20_001, tick, at, home);
            let step = data::haversine_m(at.0, at.1, next.0, next.1);
            assert!((250.0..=1_250.0).contains(&step), "tick {tick}: {step} m");
            at = next;
            assert!(data::haversine_m(at.0, at.1, home.0, home.1) < (ROAM_KM + 1.5) * 1000.0, "tick {tick}");
        }
        // The same dice give the same journey.
        assert_eq!(drive(42, 20_001, 7, home, home), drive(42, 20_001, 7, home, home));
        assert_ne!(drive(42, 20_001, 7, home, home), drive(42, 20_002, 7, home, home));
    }

    #[test]
    fn a_few_sockets_change_at_each_tick() {
        let changed = (0..10_000u64).filter(|s| socket_change(42, *s, 1).is_some()).count();
        assert!((250..=550).contains(&changed), "{changed} of 10,000");
    }
}
