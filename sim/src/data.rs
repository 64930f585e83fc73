//! Deterministic, realistic test data: French plates, valid VINs, vehicles
//! around French cities, drivers with names. Everything derives from one seed
//! so that two runs with the same flags serve byte-identical payloads.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

pub type SimRng = ChaCha8Rng;

pub fn rng(seed: u64, stream: u64) -> SimRng {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

/// Stable ids: the same name always gives the same GUID, whatever the seed's
/// RNG consumption, so configuration (e.g. pinned demo groups) can name them.
pub fn stable_uuid(kind: &str, n: usize) -> Uuid {
    const NAMESPACE: Uuid = Uuid::from_u128(0x6d2f_8a4e_51c3_4b7e_9a10_f1ee_7c0d_e000);
    Uuid::new_v5(&NAMESPACE, format!("{kind}-{n}").as_bytes())
}

pub struct City {
    pub name: &'static str,
    pub postcode: &'static str,
    pub lat: f64,
    pub lon: f64,
}

pub const CITIES: &[City] = &[
    City { name: "Paris", postcode: "75011", lat: 48.8566, lon: 2.3522 },
    City { name: "Lyon", postcode: "69003", lat: 45.7640, lon: 4.8357 },
    City { name: "Marseille", postcode: "13002", lat: 43.2965, lon: 5.3698 },
    City { name: "Toulouse", postcode: "31000", lat: 43.6047, lon: 1.4442 },
    City { name: "Nantes", postcode: "44000", lat: 47.2184, lon: -1.5536 },
    City { name: "Lille", postcode: "59000", lat: 50.6292, lon: 3.0573 },
    City { name: "Bordeaux", postcode: "33000", lat: 44.8378, lon: -0.5792 },
    City { name: "Strasbourg", postcode: "67000", lat: 48.5734, lon: 7.7521 },
    City { name: "Rennes", postcode: "35000", lat: 48.1173, lon: -1.6778 },
    City { name: "Nice", postcode: "06000", lat: 43.7102, lon: 7.2620 },
];

pub const FIRST_NAMES: &[&str] = &[
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Emma",
    "Sarah",
    "Julie",
    "Lucas",
    "Hugo",
    "Louis",
    "Gabriel",
    "Arthur",
    "Jules",
    "Nathan",
    "Thomas",
    "Mathis",
    "Enzo",
    "Nicolas",
    "Claire",
    "Antoine",
    "Élodie",
    "Sébastien",
    "Amélie",
    "Mickaël",
    "Océane",
];

pub const LAST_NAMES: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Légaré",
];

/// Make, model, WMI (first three VIN characters), vehicle type, fuel.
pub const MODELS: &[(&str, &str, &str, &str, &str)] = &[
    ("Renault", "Kangoo", "VF1", "VUL", "Diesel"),
    ("Renault", "Master", "VF1", "VUL", "Diesel"),
    ("Renault", "Zoe", "VF1", "VP", "Électrique"),
    ("Renault", "Clio", "VF1", "VP", "Essence"),
    ("Peugeot", "Partner", "VF3", "VUL", "Diesel"),
    ("Peugeot", "e-208", "VF3", "VP", "Électrique"),
    ("Peugeot", "Expert", "VF3", "VUL", "Diesel"),
    ("Citroën", "Berlingo", "VF7", "VUL", "Diesel"),
    ("Citroën", "Jumpy", "VF7", "VUL", "Diesel"),
    ("Volkswagen", "Caddy", "WV2", "VUL", "Essence"),
    ("Toyota", "Yaris Hybrid", "VNK", "VP", "Hybride"),
    ("Iveco", "Daily", "ZCF", "PL", "Diesel"),
];

const PLATE_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTVWXYZ"; // no I, O, U in SIV plates

pub fn pick<'a, T>(rng: &mut SimRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

pub fn person_name(rng: &mut SimRng) -> (String, String) {
    (pick(rng, FIRST_NAMES).to_string(), pick(rng, LAST_NAMES).to_string())
}

/// A French SIV plate, `AB-123-CD`. Unique per index so that lookups by plate
/// are unambiguous: the index is spread over the letter and digit positions.
pub fn french_plate(index: usize, rng: &mut SimRng) -> String {
    let n = PLATE_LETTERS.len();
    let digits = 1 + (index % 999);
    let rest = index / 999;
    let l3 = PLATE_LETTERS[rest % n] as char;
    let l4 = PLATE_LETTERS[(rest / n) % n] as char;
    let l1 = PLATE_LETTERS[rng.random_range(0..n)] as char;
    let l2 = PLATE_LETTERS[rng.random_range(0..n)] as char;
    format!("{l1}{l2}-{digits:03}-{l3}{l4}")
}

const VIN_CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789"; // no I, O, Q

fn vin_value(c: char) -> u32 {
    match c {
        '0'..='9' => c as u32 - '0' as u32,
        'A' | 'J' => 1,
        'B' | 'K' | 'S' => 2,
        'C' | 'L' | 'T' => 3,
        'D' | 'M' | 'U' => 4,
        'E' | 'N' | 'V' => 5,
        'F' | 'W' => 6,
        'G' | 'P' | 'X' => 7,
        'H' | 'Y' => 8,
        'R' | 'Z' => 9,
        _ => 0,
    }
}

/// ISO 3779 check digit (position 9), as North America requires; European
/// VINs may carry it too, and it lets tests verify the VINs are well formed.
pub fn vin_check_digit(vin: &str) -> char {
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum: u32 = vin.chars().zip(WEIGHTS).map(|(c, w)| vin_value(c) * w).sum();
    match sum % 11 {
        10 => 'X',
        d => char::from_digit(d, 10).unwrap_or('0'),
    }
}

pub fn vin(wmi: &str, index: usize, rng: &mut SimRng) -> String {
    let mut body: String = (0..5).map(|_| VIN_CHARS[rng.random_range(0..VIN_CHARS.len())] as char).collect();
    body.insert_str(0, wmi);
    body.push('0'); // placeholder for the check digit
    let year = b"LMNPRSTV"[rng.random_range(0..8)] as char; // 2020..2027
    body.push(year);
    body.push(VIN_CHARS[rng.random_range(0..VIN_CHARS.len())] as char);
    body.push_str(&format!("{:06}", index % 1_000_000));
    let check = vin_check_digit(&body);
    body.replace_range(8..9, &check.to_string());
    body
}

/// One vehicle that both Ocean (telematics) and Vehizen (groups) know:
/// Ocean vehicle `5 × k` is Vehizen vehicle `4 × k + 1`, so the console's
/// cross-vendor links have something to find. Its plate and VIN come from
/// their own seeded stream, whatever else each vendor draws.
pub fn shared_identity(seed: u64, k: usize) -> (String, String) {
    let mut r = rng(seed, 1_000_000 + k as u64);
    (french_plate(90_000 + k, &mut r), vin("VF1", 90_000 + k, &mut r))
}

/// The shared identity's index for Vehizen vehicle `j`, if it has one.
pub fn shared_with_vehizen(j: usize) -> Option<usize> {
    (j % 4 == 1).then_some(j / 4)
}

/// The shared identity's index for Ocean vehicle `i`, if it has one.
pub fn shared_with_ocean(i: usize) -> Option<usize> {
    i.is_multiple_of(5).then_some(i / 5)
}

/// A point within `radius_km` of a city, uniformly over the disc.
pub fn point_near(city: &City, radius_km: f64, rng: &mut SimRng) -> (f64, f64) {
    let r = radius_km * rng.random::<f64>().sqrt();
    let theta = rng.random::<f64>() * std::f64::consts::TAU;
    let dlat = (r * theta.cos()) / 111.32;
    let dlon = (r * theta.sin()) / (111.32 * city.lat.to_radians().cos());
    (round6(city.lat + dlat), round6(city.lon + dlon))
}

/// `2026-06-02T18:36:51.9290578` + `suffix`: seven fractional digits, as
/// .NET writes them (chrono's formatter offers only 3, 6 or 9).
pub fn ts7(t: chrono::DateTime<chrono::Utc>, suffix: &str) -> String {
    use chrono::Timelike;
    // Generated times are whole minutes; give them a stable sub-second part.
    let ticks = match t.nanosecond() % 1_000_000_000 / 100 {
        0 => (t.timestamp().unsigned_abs().wrapping_mul(2_654_435_761) % 10_000_000) as u32,
        n => n,
    };
    format!("{}.{ticks:07}{suffix}", t.format("%Y-%m-%dT%H:%M:%S"))
}

pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Great-circle distance in metres (haversine, mean Earth radius).
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const R: f64 = 6_371_008.8;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * a.sqrt().asin()
}

pub const STREETS: &[&str] = &[
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard Victor Hugo",
    "rue Pasteur",
    "rue du Général de Gaulle",
    "place de la Mairie",
    "rue des Lilas",
    "chemin des Vignes",
    "avenue de la Gare",
    "rue Nationale",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vins_are_17_chars_with_valid_check_digit() {
        let mut r = rng(7, 1);
        for i in 0..500 {
            let v = vin("VF1", i, &mut r);
            assert_eq!(v.len(), 17, "{v}");
            assert!(!v.contains(['I', 'O', 'Q']), "{v}");
            assert_eq!(v.chars().nth(8), Some(vin_check_digit(&v)), "{v}");
        }
    }

    #[test]
    fn known_vin_check_digit() {
        // Textbook example: 1M8GDM9AXKP042788 has check digit X.
        assert_eq!(vin_check_digit("1M8GDM9A_KP042788"), 'X');
    }

    #[test]
    fn plates_follow_siv_format_and_are_unique() {
        let mut r = rng(7, 2);
        let plates: Vec<String> = (0..5000).map(|i| french_plate(i, &mut r)).collect();
        for p in &plates {
            let b = p.as_bytes();
            assert_eq!(b.len(), 9, "{p}");
            assert!(b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase() && b[2] == b'-');
            assert!(b[3..6].iter().all(u8::is_ascii_digit) && b[6] == b'-');
            assert!(!p.contains(['I', 'O', 'U']), "{p}");
        }
        let tails: std::collections::HashSet<_> = plates.iter().map(|p| &p[3..]).collect();
        assert_eq!(tails.len(), plates.len());
    }

    #[test]
    fn haversine_paris_lyon_is_about_392_km() {
        let d = haversine_m(48.8566, 2.3522, 45.7640, 4.8357);
        assert!((d - 392_000.0).abs() < 3_000.0, "{d}");
    }
}
