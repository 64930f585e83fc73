//! The units of Ocean's nearest-vehicle distances and durations, which Ocean
//! does not publish. They are configured (`vendors.ocean.distanceUnit`,
//! `durationUnit`), or, for distances by default, inferred from the answer
//! itself: each result's distance is compared with the great-circle distance
//! from the search centre to where the result was seen, and the unit that
//! makes most of them agree wins. The answer is then converted here, once,
//! so that the list, the popup, the details and the CSV read metres and
//! seconds alike. Pure, tested natively.

use std::sync::Arc;

use super::fleet::{ComputeMode, NearbyVehicle, StreamedVehicle};
use super::geo::distance_km;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DistanceUnit {
    Metres,
    Kilometres,
}

impl DistanceUnit {
    /// Every unit a distance may be inferred to be in.
    pub const ALL: [DistanceUnit; 2] = [DistanceUnit::Metres, DistanceUnit::Kilometres];

    pub fn metres(self) -> f64 {
        match self {
            DistanceUnit::Metres => 1.0,
            DistanceUnit::Kilometres => 1000.0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    Seconds,
    Minutes,
    Hours,
}

impl DurationUnit {
    pub fn seconds(self) -> f64 {
        match self {
            DurationUnit::Seconds => 1.0,
            DurationUnit::Minutes => 60.0,
            DurationUnit::Hours => 3600.0,
        }
    }
}

/// How an answer's units are decided (from the configuration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitRules {
    /// `None`: inferred from each answer.
    pub distance: Option<DistanceUnit>,
    pub duration: DurationUnit,
}

/// The unit an answer's distances were read in, and why.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DistanceReading {
    pub unit: DistanceUnit,
    pub why: Why,
    /// How many results had both a position and a distance.
    pub samples: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Why {
    /// The configuration names the unit.
    Configured,
    /// This answer told: `fits` of the `informative` results (those whose
    /// distance agrees with one unit only, or with none) agree with it; one
    /// unit is `metres_per_unit` metres as the crow flies (median).
    Inferred { fits: usize, informative: usize, metres_per_unit: f64 },
    /// This answer could not tell; the unit an earlier answer told is kept.
    Earlier,
    /// No answer has told yet: metres, the unit the console read before
    /// it could tell (a fallback, not a fact about Ocean).
    Assumed,
}

impl DistanceReading {
    /// The unit an answer told (this one or an earlier one), to keep when
    /// the next cannot tell.
    pub fn learnt(&self) -> Option<DistanceUnit> {
        matches!(self.why, Why::Inferred { .. } | Why::Earlier).then_some(self.unit)
    }
}

/// A result whose figures the conversion sets: owned, or shared with the
/// previous answer (then copied only when a figure really changes).
pub trait Figures {
    fn result(&self) -> &NearbyVehicle;
    fn set_figures(&mut self, distance: Option<f64>, duration: Option<f64>);
}

impl Figures for NearbyVehicle {
    fn result(&self) -> &NearbyVehicle {
        self
    }

    fn set_figures(&mut self, distance: Option<f64>, duration: Option<f64>) {
        (self.distance, self.duration) = (distance, duration);
    }
}

impl Figures for StreamedVehicle {
    fn result(&self) -> &NearbyVehicle {
        &self.vehicle
    }

    fn set_figures(&mut self, distance: Option<f64>, duration: Option<f64>) {
        self.vehicle.set_figures(distance, duration);
    }
}

impl Figures for Arc<NearbyVehicle> {
    fn result(&self) -> &NearbyVehicle {
        self
    }

    fn set_figures(&mut self, distance: Option<f64>, duration: Option<f64>) {
        // Bitwise, so a NaN (never in JSON) cannot make every refresh copy.
        let same = |a: Option<f64>, b: Option<f64>| a.map(f64::to_bits) == b.map(f64::to_bits);
        if !same(self.distance, distance) || !same(self.duration, duration) {
            Arc::make_mut(self).set_figures(distance, duration);
        }
    }
}

/// Converts `vehicles`' distances to metres and durations to seconds, in
/// place, and says which distance unit was read. `earlier` is the unit a
/// previous answer told, kept if this one cannot tell. The figures are
/// always worked out from those sent (`as_sent`), so converting a result
/// again (one kept from the previous answer) gives what a fresh read gives.
pub fn to_metres_and_seconds<V: Figures>(
    vehicles: &mut [V],
    centre: (f64, f64),
    mode: ComputeMode,
    rules: UnitRules,
    earlier: Option<DistanceUnit>,
) -> DistanceReading {
    let samples: Vec<(f64, f64)> = vehicles
        .iter()
        .map(Figures::result)
        .filter_map(|v| Some((v.as_sent.distance?, distance_km(centre, v.position()?) * 1000.0)))
        .collect();
    let reading = match rules.distance {
        Some(unit) => DistanceReading { unit, why: Why::Configured, samples: samples.len() },
        None => infer(&samples, mode, earlier),
    };
    let (metres, seconds) = (reading.unit.metres(), rules.duration.seconds());
    for v in vehicles.iter_mut() {
        let sent = v.result().as_sent;
        v.set_figures(sent.distance.map(|d| d * metres), sent.duration.map(|d| d * seconds));
    }
    reading
}

/// Relative slack between a figure and the crow-flies distance: positions
/// are rounded, and the vendor's Earth may not be our sphere.
const SLACK: f64 = 0.1;
/// Absolute slack (m): a fix a few metres off matters near the centre.
const SLACK_M: f64 = 30.0;
/// A road is longer than the straight line, but rarely this many times.
const ROAD_DETOUR_MAX: f64 = 4.0;

/// Whether `figure`, read in `unit`, agrees with `crow_m` metres as the crow
/// flies: equal by air, not shorter and not absurdly longer by road. A
/// figure rounded to a whole unit may be half a unit off.
fn fits(figure: f64, crow_m: f64, unit: DistanceUnit, mode: ComputeMode) -> bool {
    let m = figure * unit.metres();
    let slack = unit.metres() / 2.0 + SLACK_M;
    let longest = match mode {
        ComputeMode::CrowFlies => crow_m * (1.0 + SLACK),
        ComputeMode::ByRoad => crow_m * ROAD_DETOUR_MAX,
    };
    m >= crow_m * (1.0 - SLACK) - slack && m <= longest + slack
}

/// The unit `samples` (vendor figure, crow-flies metres) agree with: the one
/// that more than half of the informative samples fit, and at least three
/// times as many as any other, so that a few odd results do not decide.
fn infer(samples: &[(f64, f64)], mode: ComputeMode, earlier: Option<DistanceUnit>) -> DistanceReading {
    let usable: Vec<(f64, f64)> =
        samples.iter().copied().filter(|(d, g)| d.is_finite() && *d >= 0.0 && g.is_finite()).collect();
    let fitting: Vec<Vec<DistanceUnit>> =
        usable.iter().map(|&(d, g)| DistanceUnit::ALL.into_iter().filter(|u| fits(d, g, *u, mode)).collect()).collect();
    // A result every unit fits (at the centre) tells nothing.
    let informative: Vec<&Vec<DistanceUnit>> = fitting.iter().filter(|f| f.len() < DistanceUnit::ALL.len()).collect();
    let votes = |unit: DistanceUnit| informative.iter().filter(|f| f.contains(&unit)).count();
    let decided = DistanceUnit::ALL.into_iter().find(|&unit| {
        let (mine, most_other) =
            (votes(unit), DistanceUnit::ALL.into_iter().filter(|u| *u != unit).map(votes).max().unwrap_or(0));
        informative.len() >= MIN_INFORMATIVE && mine * 2 > informative.len() && mine >= 3 * most_other
    });
    let samples = samples.len();
    match decided {
        Some(unit) => {
            let metres_per_unit = median(usable.iter().filter(|(d, g)| *d > 0.0 && *g > SLACK_M).map(|(d, g)| g / d));
            let why = Why::Inferred { fits: votes(unit), informative: informative.len(), metres_per_unit };
            DistanceReading { unit, why, samples }
        }
        None => match earlier {
            Some(unit) => DistanceReading { unit, why: Why::Earlier, samples },
            None => DistanceReading { unit: DistanceUnit::Metres, why: Why::Assumed, samples },
        },
    }
}

/// The median, or NaN when there is nothing.
/// Fewer results that tell a unit apart decide nothing: one or two odd
/// vehicles must not set the unit kept for later answers.
const MIN_INFORMATIVE: usize = 3;

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    let mid = v.len() / 2;
    let (_, m, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
    *m
}

#[cfg(test)]
mod tests;
