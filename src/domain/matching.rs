//! One vehicle across vendors: Ocean and Vehizen know the same vehicle
//! under their own ids, so it is matched by its VIN first, then by its
//! plate with separators and case ignored. Pure, tested natively.

/// How two records were found to be the same vehicle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchedBy {
    Vin,
    Plate,
}

/// What identifies a vehicle to every vendor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VehicleKeys {
    /// Upper case, no spaces.
    vin: Option<String>,
    /// Letters and digits only, upper case: `ab-123 cd` is `AB123CD`.
    plate: Option<String>,
}

impl VehicleKeys {
    pub fn new(vin: Option<&str>, plate: Option<&str>) -> Self {
        let vin = vin.map(|v| v.split_whitespace().collect::<String>().to_uppercase()).filter(|v| !v.is_empty());
        let plate = plate
            .map(|p| p.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_uppercase())
            .filter(|p| !p.is_empty());
        VehicleKeys { vin, plate }
    }

    /// The same vehicle? Two known VINs decide alone (a plate can move to
    /// another vehicle, a VIN cannot); otherwise the plates do.
    pub fn same_as(&self, other: &VehicleKeys) -> Option<MatchedBy> {
        match (&self.vin, &other.vin) {
            (Some(a), Some(b)) => (a == b).then_some(MatchedBy::Vin),
            _ => match (&self.plate, &other.plate) {
                (Some(a), Some(b)) if a == b => Some(MatchedBy::Plate),
                _ => None,
            },
        }
    }

    pub fn is_empty(&self) -> bool {
        self.vin.is_none() && self.plate.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plates_match_whatever_their_separators_and_case() {
        let ocean = VehicleKeys::new(None, Some("AB-123-CD"));
        for written in ["AB-123-CD", "ab 123 cd", "AB123CD", " ab.123-cd "] {
            assert_eq!(ocean.same_as(&VehicleKeys::new(None, Some(written))), Some(MatchedBy::Plate), "{written}");
        }
        assert_eq!(ocean.same_as(&VehicleKeys::new(None, Some("AB-123-CE"))), None);
    }

    #[test]
    fn vins_decide_first() {
        let vin = "VF1RFB00X66123456";
        let a = VehicleKeys::new(Some(vin), Some("AB-123-CD"));
        // Same VIN, the plate changed: the same vehicle.
        assert_eq!(a.same_as(&VehicleKeys::new(Some(&vin.to_lowercase()), Some("ZZ-999-ZZ"))), Some(MatchedBy::Vin));
        // Another VIN under the same plate: another vehicle (the plate moved).
        assert_eq!(a.same_as(&VehicleKeys::new(Some("VF1RFB00X66999999"), Some("AB-123-CD"))), None);
        // One VIN unknown: the plate decides.
        assert_eq!(a.same_as(&VehicleKeys::new(None, Some("ab123cd"))), Some(MatchedBy::Plate));
    }

    #[test]
    fn nothing_known_matches_nothing() {
        let empty = VehicleKeys::new(Some("  "), Some("--"));
        assert!(empty.is_empty());
        assert_eq!(empty.same_as(&empty), None);
    }
}
