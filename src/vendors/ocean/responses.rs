//! Ocean's response DTOs: the `FromJson` impls name documented keys, in the
//! vendor's casing, and yield domain types. A `nearestVehicles` result is
//! read only for what the console shows (it can be 100 MB); `fast.rs` reads
//! the same keys with a typed fast path.

use std::sync::Arc;

use crate::domain::fleet::*;
use crate::vendors::interned::interned;
use crate::vendors::tolerant::{FromJson, Obj};

/// A repeated text, as the fast path's `interned_text` keeps it.
fn shared(text: Option<String>) -> Option<Arc<str>> {
    text.map(|t| interned(&t))
}

/// A text unique to its record, as the fast path's `own_text` keeps it.
fn own(text: Option<String>) -> Option<Arc<str>> {
    text.map(Arc::from)
}

impl FromJson for SignedIn {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        // `additionalAccountData` is documented as free-form: not read.
        let password_days_left = o.i64("passwordExpirationRemainingDays");
        let token = o.string("token").filter(|t| !t.is_empty()).ok_or("no token in the answer")?;
        Ok(SignedIn { token, password_days_left })
    }
}

/// `entities`: the answer of `mobility/v1/entities`.
pub(super) struct EntitiesDto(pub(super) Vec<Entity>);

impl FromJson for EntitiesDto {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(EntitiesDto(o.list("entities")))
    }
}

impl FromJson for Entity {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Entity {
            id: o.i64("id").ok_or("entity without an id")?,
            name: o.string("nom").unwrap_or_default(),
            deleted: o.bool("suppressionLogique"),
        })
    }
}

/// Only what the console shows (see `NearbyVehicle`); the fast path
/// (`fast.rs`) reads exactly the same keys.
impl FromJson for NearbyVehicle {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(NearbyVehicle {
            vehicle: o.object("vehicle").unwrap_or_default(),
            address: o.object("address"),
            distance: o.f64("distance"),
            duration: o.f64("duration"),
            eta: o.time("eta"),
            mobile_state: shared(o.string("etatMobile")),
            position_at: o.time("gmtPos"),
            gps_fix: o.bool("gpsCale"),
            group: o.object("group"),
            immobilisation: shared(o.string("immobilisationState")),
            driver: o.object::<IdentifiedDriver>("driver").and_then(|d| d.0),
            // Joined later, from the vehicle list (`domain::fleet::join`).
            listed: Default::default(),
            as_sent: AsSent::default(),
        }
        .with_figures_as_sent())
    }
}

/// An element the fast path refused, read by the tolerant reader: never
/// fingerprinted (see `list_stream::Fingerprinting::mark`).
impl FromJson for StreamedVehicle {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        let vehicle = Arc::new(NearbyVehicle::from_json(o)?);
        Ok(StreamedVehicle { vehicle, fingerprint: None })
    }
}

impl FromJson for NearbyVehicleInfo {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(NearbyVehicleInfo {
            id: o.i64("id"),
            category: shared(o.string("categorie")),
            description: shared(o.string("description")),
            privacy: o.bool("privacyEnabled"),
            deleted: o.bool("suppressionLogique"),
        })
    }
}

impl FromJson for Address {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Address {
            text: own(o.string("address")),
            latitude: o.f64("latitude"),
            longitude: o.f64("longitude"),
            poi_name: o.object::<PoiName>("closestPoi").and_then(|p| p.0),
        })
    }
}

struct PoiName(Option<Arc<str>>);

impl FromJson for PoiName {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(PoiName(shared(o.string("denominationPoi"))))
    }
}

/// `driver`: of the identified driver, the console shows the person.
struct IdentifiedDriver(Option<Person>);

impl FromJson for IdentifiedDriver {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(IdentifiedDriver(o.object("individu")))
    }
}

impl FromJson for AssetType {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(AssetType {
            id: o.i64("id"),
            category: o.string("categorie"),
            label: o.string("libelle"),
            icon: o.string("nomIcone"),
            order: o.i64("ordre"),
        })
    }
}

impl FromJson for VehicleGroupRef {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(VehicleGroupRef {
            id: o.i64("id"),
            description: shared(o.string("descriptionGrp")),
            deleted: o.bool("suppressionLogique"),
        })
    }
}

impl FromJson for Person {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Person {
            id: o.i64("id"),
            first_name: shared(o.string("prenomInd")),
            last_name: shared(o.string("nomInd")),
            initials: shared(o.string("initialesInd")),
            staff_number: own(o.string("matriculeInd")),
            email: own(o.string("email")),
            phone: own(o.string("gsm")),
            civility_id: o.i64("idCivilite"),
            deleted: o.bool("suppressionLogique"),
        })
    }
}

impl FromJson for VehicleDetails {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(VehicleDetails {
            device: o.object("boitier"),
            driver: o.object("chauffeur"),
            co2_emission: o.f64("emissionCo2"),
            entity: o.object("entite"),
            odometer: o.object("releve"),
            adjusted_odometer: o.object("releveAjuste"),
            vehicle: o.object("vehicle"),
            visits: o.list("visites"),
        })
    }
}

impl FromJson for TelematicsBox {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(TelematicsBox {
            id: o.i64("id"),
            ad: o.string("adBoi"),
            comment: o.string("commentaireBoi"),
            gsm_number: o.string("coreGsmBoi"),
            warranty_start: o.time("debutGarantie"),
            warranty_end: o.time("finGarantie"),
            state_id: o.i64("idEtatBoitier"),
            imei: o.string("imeiBoi"),
            serial_number: o.string("numeroSerieBoi"),
            sn: o.string("sn"),
        })
    }
}

impl FromJson for OdometerReading {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(OdometerReading { id: o.i64("id"), at: o.time("dateReleve"), value: o.f64("value") })
    }
}

impl FromJson for MaintenanceVisit {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(MaintenanceVisit {
            id: o.i64("idVisiteEntretien"),
            description: o.string("description"),
            due_date: o.time("datePrevue"),
            due_odometer: o.f64("compteurPrevu"),
        })
    }
}

impl FromJson for VehicleRecord {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(VehicleRecord {
            id: o.i64("id"),
            plate: o.string("immatriculation"),
            vin: o.string("vin"),
            make: o.string("marque"),
            model: o.string("modele"),
            category: o.string("categorie"),
            eco_driving_category: o.string("categorieVehiculeEcoConduite"),
            eco_driving_state: o.string("etatEcoConduite"),
            colour: o.string("couleur"),
            description: o.string("description"),
            first_registration: o.time("date1ereMec"),
            fleet_number: o.string("numeroParc"),
            serial_number: o.string("numeroSerie"),
            on_board_number: o.i64("numeroEmbarque"),
            fiscal_horsepower: o.i64("nombreCvFiscaux"),
            co2_emission: o.f64("emissionCo2"),
            consumption: o.f64("valeurConsommation"),
            energy_id: o.i64("idEnergie"),
            travel_mode_id: o.i64("idModeDeplacement"),
            consumption_unit_id: o.i64("idUniteConsommation"),
            motorisation: o.string("typeMotorisation"),
            apc_mode: o.string("apcMode"),
            odirect_mode: o.string("odirectMode"),
            image: o.string("nomImage"),
            distinguishing_marks: o.string("signesDistinctifs"),
            prk: o.f64("prk"),
            asset_type: o.object("libelleTypeAsset"),
            device_before_circuit_breaker: o.bool("boitierAvantCoupeCircuit"),
            overspeed_buzzer: o.bool("buzzerSurvitesseEnabled"),
            battery_cut_off: o.bool("coupeBatterie"),
            door_detection: o.bool("detectionPorteEnabled"),
            dio: o.bool("dioEnabled"),
            identification_device: o.bool("dispositifIdentifiant"),
            geolocated: o.bool("geolocalise"),
            geomission: o.bool("geomissionEnabled"),
            geosecurity: o.bool("geosecuriteEnabled"),
            wired_immobilisation: o.bool("immobilisationCablee"),
            privacy: o.bool("privacyEnabled"),
            deleted: o.bool("suppressionLogique"),
        })
    }
}
