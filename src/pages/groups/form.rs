//! The group form's state and rules, apart from any component: what the user
//! typed (strings), how it becomes a [`Group`], and where the vendor's
//! `Errors` belong. Pure, tested natively.

use uuid::Uuid;

use std::collections::{HashMap, HashSet};

use super::rows::{match_rest, Found};
use crate::domain::groups::{Group, GroupVehicle};
use crate::i18n::{td_string, Locale};

/// Vehizen does not publish its limit; the simulator enforces the same.
pub const NAME_MAX_CHARS: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    CustomerId,
    EcoProfileId,
    Vehicles,
}

impl Field {
    /// The vendor's name for the field, as its messages use it.
    pub fn vendor_key(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::CustomerId => "CustomerId",
            Field::EcoProfileId => "ProfilEcoDriveId",
            Field::Vehicles => "Vehicles",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupForm {
    /// `None` for a new group.
    pub id: Option<Uuid>,
    pub name: String,
    pub customer_id: String,
    pub eco_profile_id: String,
    pub vehicles: Vec<GroupVehicle>,
}

/// One problem with a field: a rule of ours (worded in the user's language
/// when shown) or the vendor's message, kept as sent.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    NameMissing,
    NameTooLong,
    CustomerMissing,
    CustomerNotGuid,
    EcoProfileNotGuid,
    /// The vendor refused the group and gave no reason.
    RefusedWithoutReason,
    Vendor(String),
}

impl Problem {
    pub fn text(&self, locale: Locale) -> String {
        let max = NAME_MAX_CHARS;
        match self {
            Problem::NameMissing => td_string!(locale, groups.name_missing).to_string(),
            Problem::NameTooLong => td_string!(locale, groups.name_too_long, max).to_string(),
            Problem::CustomerMissing => td_string!(locale, groups.customer_missing).to_string(),
            Problem::CustomerNotGuid => td_string!(locale, groups.customer_not_guid).to_string(),
            Problem::EcoProfileNotGuid => td_string!(locale, groups.eco_not_guid).to_string(),
            Problem::RefusedWithoutReason => td_string!(locale, groups.refused_without_reason).to_string(),
            Problem::Vendor(message) => message.clone(),
        }
    }
}

/// Problems by field, plus the vendor's messages that name no field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormErrors {
    pub fields: Vec<(Field, Problem)>,
    pub general: Vec<Problem>,
}

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }

    pub fn for_field(&self, field: Field) -> Vec<Problem> {
        self.fields.iter().filter(|(f, _)| *f == field).map(|(_, m)| m.clone()).collect()
    }
}

impl GroupForm {
    pub fn new_group(default_customer: Option<Uuid>) -> Self {
        GroupForm { customer_id: default_customer.map(|c| c.to_string()).unwrap_or_default(), ..GroupForm::default() }
    }

    pub fn from_group(g: &Group) -> Self {
        GroupForm {
            id: g.id,
            name: g.name.clone(),
            customer_id: g.customer_id.map(|c| c.to_string()).unwrap_or_default(),
            eco_profile_id: g.eco_profile_id.map(|c| c.to_string()).unwrap_or_default(),
            vehicles: g.vehicles.clone(),
        }
    }

    /// Takes out the row the user clicked: the one at `at` in the list,
    /// provided it is still the row shown there (same place as read, same
    /// `VehicleId`) and one Vehizen can identify.
    pub fn remove(&mut self, at: usize, shown: &GroupVehicle) -> Option<GroupVehicle> {
        let row = self.vehicles.get(at)?;
        let same = row.read_at == shown.read_at && row.id == shown.id;
        (same && row.can_move()).then(|| self.vehicles.remove(at))
    }

    /// The rows of `baseline` (the group as read) no longer in this form,
    /// in the order read: what "Undo remove" can bring back. A row whose
    /// vehicle the form brings in again (to file it here) is not one.
    pub fn removed_since(&self, baseline: &GroupForm) -> Vec<GroupVehicle> {
        let here: HashSet<usize> = self.vehicles.iter().filter_map(|v| v.read_at).collect();
        let again: HashSet<Uuid> = self.vehicles.iter().filter(|v| v.read_at.is_none()).filter_map(|v| v.id).collect();
        let gone = |v: &&GroupVehicle| {
            v.read_at.is_some_and(|p| !here.contains(&p)) && !v.id.is_some_and(|id| again.contains(&id))
        };
        baseline.vehicles.iter().filter(gone).cloned().collect()
    }

    /// Puts a removed row back at its place in the order read.
    pub fn restore(&mut self, row: GroupVehicle) {
        let place = row.read_at.unwrap_or(usize::MAX);
        let at = self.vehicles.iter().position(|v| v.read_at.is_none_or(|p| p > place)).unwrap_or(self.vehicles.len());
        self.vehicles.insert(at, row);
    }

    /// Checks the rules we know and builds the group to send.
    pub fn to_group(&self) -> Result<Group, FormErrors> {
        let mut errors = FormErrors::default();
        let name = self.name.trim().to_string();
        if name.is_empty() {
            errors.fields.push((Field::Name, Problem::NameMissing));
        } else if name.chars().count() > NAME_MAX_CHARS {
            errors.fields.push((Field::Name, Problem::NameTooLong));
        }
        let customer = match self.customer_id.trim() {
            "" => {
                errors.fields.push((Field::CustomerId, Problem::CustomerMissing));
                None
            }
            text => match Uuid::parse_str(text) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.fields.push((Field::CustomerId, Problem::CustomerNotGuid));
                    None
                }
            },
        };
        let eco = match self.eco_profile_id.trim() {
            "" => None,
            text => match Uuid::parse_str(text) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.fields.push((Field::EcoProfileId, Problem::EcoProfileNotGuid));
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let vehicles = self.vehicles.clone();
        Ok(Group { id: self.id, customer_id: customer, name, eco_profile_id: eco, vehicles, ..Group::default() })
    }
}

/// Rows kept in a draft (with the places they had, `places`; empty for a
/// draft from before places were kept), placed again on the group as read
/// now (`opened`). A row keeps its place where that place still holds the
/// same vehicle (same `VehicleId`, same plate); otherwise it is found as
/// `match_rows` surely finds rows across reads. A row brought in stays
/// brought in, and so does one whose vehicle the group no longer lists. A
/// row that cannot be placed surely is left out, and the rows it could be
/// are listed as read, as is every row Vehizen cannot identify.
pub fn placed_as_read(rows: Vec<GroupVehicle>, places: &[Option<usize>], opened: Option<&Group>) -> Vec<GroupVehicle> {
    let read = opened.map(|g| g.vehicles.as_slice()).unwrap_or_default();
    let at: HashMap<usize, usize> = read.iter().enumerate().filter_map(|(j, r)| Some((r.read_at?, j))).collect();
    let look = |v: &GroupVehicle| (v.id, v.look());
    let mut looks: HashMap<(Option<Uuid>, String), usize> = HashMap::new();
    for r in read {
        *looks.entry(look(r)).or_default() += 1;
    }
    let legacy = places.is_empty();
    let mut found: Vec<Option<Found>> = vec![None; rows.len()];
    let mut taken = vec![false; read.len()];
    // Where a vehicle brought in is now listed, and filed here: that row.
    let group = opened.and_then(|g| g.id);
    let mut filed_here: HashMap<Uuid, usize> = HashMap::new();
    for (j, r) in read.iter().enumerate() {
        if let (Some(id), true) = (r.id, r.group_id.is_none() || r.group_id == group) {
            filed_here.entry(id).or_insert(j);
        }
    }
    for (i, v) in rows.iter().enumerate() {
        match places.get(i).copied().flatten() {
            None if !legacy => {
                let here = v.id.and_then(|id| filed_here.get(&id)).copied().filter(|j| !taken[*j]);
                found[i] = Some(here.map_or(Found::Not, Found::Surely));
                if let Some(j) = here {
                    taken[j] = true;
                }
            }
            None => {}
            // Its place still holds it, and nothing else there looks like it
            // (or it is the very record).
            Some(p) => {
                let holds = |j: &&usize| {
                    !taken[**j]
                        && look(&read[**j]) == look(v)
                        && (looks.get(&look(v)) == Some(&1) || read[**j].record == v.record)
                };
                if let Some(&j) = at.get(&p).filter(holds) {
                    found[i] = Some(Found::Surely(j));
                    taken[j] = true;
                }
            }
        }
    }
    match_rest(&rows, read, &mut found, &mut taken);
    // A guess places nothing: that row stays as read.
    for f in &found {
        if let Some(Found::Probably(j)) = f {
            taken[*j] = false;
        }
    }
    let listed: HashSet<Option<Uuid>> = read.iter().map(|r| r.id).collect();
    let mut placed: Vec<GroupVehicle> = Vec::with_capacity(rows.len());
    let mut unplaced = HashSet::new();
    for (i, v) in rows.into_iter().enumerate() {
        let was_brought = !legacy && places.get(i).copied().flatten().is_none();
        match found[i] {
            // Nothing in a row is edited here: the copy read now.
            Some(Found::Surely(j)) => placed.push(read[j].clone()),
            _ if was_brought || (v.can_move() && !listed.contains(&v.id)) => placed.push(v.brought_in()),
            _ => {
                unplaced.insert(v.id);
            }
        }
    }
    // Never lost: rows Vehizen cannot identify, and the rows of a vehicle a
    // draft row could not be placed on (its removal, if any, is to redo).
    let keep = |j: usize| !taken[j] && (!read[j].can_move() || unplaced.contains(&read[j].id));
    placed.extend((0..read.len()).filter(|j| keep(*j)).map(|j| read[j].clone()));
    placed.sort_by_key(|v| v.read_at.unwrap_or(usize::MAX));
    placed
}

/// Places each vendor message next to the field it names (`Name : …`,
/// `'CustomerId' is required`…); the rest goes at the top.
pub fn place_server_errors(messages: &[String]) -> FormErrors {
    let mut errors = FormErrors::default();
    if messages.is_empty() {
        errors.general.push(Problem::RefusedWithoutReason);
    }
    for m in messages {
        let field = [Field::EcoProfileId, Field::CustomerId, Field::Vehicles, Field::Name]
            .into_iter()
            .find(|f| names_field(m, f.vendor_key()));
        match field {
            Some(f) => errors.fields.push((f, Problem::Vendor(m.clone()))),
            None => errors.general.push(Problem::Vendor(m.clone())),
        }
    }
    errors
}

/// `key` appears as a whole word (not inside `CustomerGroupName`).
fn names_field(message: &str, key: &str) -> bool {
    message.match_indices(key).any(|(i, _)| {
        let before = message[..i].chars().next_back();
        let after = message[i + key.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Does the group the server holds match what we tried to save?
pub fn server_matches(saved: &Group, sent: &Group) -> bool {
    saved.name == sent.name
        && saved.customer_id == sent.customer_id
        && saved.eco_profile_id == sent.eco_profile_id
        && saved.vehicle_ids() == sent.vehicle_ids()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUSTOMER: &str = "1090d952-1b60-4659-9910-2b99f8aec2ac";

    fn form(name: &str, customer: &str, eco: &str) -> GroupForm {
        GroupForm {
            name: name.into(),
            customer_id: customer.into(),
            eco_profile_id: eco.into(),
            ..GroupForm::default()
        }
    }

    #[test]
    fn name_is_required_and_trimmed() {
        let e = form("   ", CUSTOMER, "").to_group().unwrap_err();
        assert_eq!(e.for_field(Field::Name).len(), 1);
        let g = form("  Livraisons  ", CUSTOMER, "").to_group().expect("valid");
        assert_eq!(g.name, "Livraisons");
        assert_eq!(g.id, None);
    }

    #[test]
    fn name_length_is_limited() {
        assert!(form(&"é".repeat(NAME_MAX_CHARS), CUSTOMER, "").to_group().is_ok());
        let e = form(&"é".repeat(NAME_MAX_CHARS + 1), CUSTOMER, "").to_group().unwrap_err();
        assert_eq!(e.for_field(Field::Name), [Problem::NameTooLong]);
        assert!(e.for_field(Field::Name)[0].text(Locale::en).contains("100"));
        assert_eq!(e.for_field(Field::Name)[0].text(Locale::fr), "Utilisez au plus 100 caractères.");
    }

    #[test]
    fn customer_is_a_required_guid_and_eco_profile_an_optional_one() {
        assert_eq!(form("G", "", "").to_group().unwrap_err().for_field(Field::CustomerId).len(), 1);
        assert_eq!(form("G", "not-a-guid", "").to_group().unwrap_err().for_field(Field::CustomerId).len(), 1);
        assert_eq!(form("G", CUSTOMER, "zzz").to_group().unwrap_err().for_field(Field::EcoProfileId).len(), 1);
        let g = form("G", CUSTOMER, " c690397d-f0d4-4f3f-bb39-e12af58ba74c ").to_group().expect("valid");
        assert!(g.eco_profile_id.is_some());
    }

    #[test]
    fn form_and_group_round_trip() {
        let g = form("G", CUSTOMER, "c690397d-f0d4-4f3f-bb39-e12af58ba74c").to_group().expect("valid");
        assert_eq!(GroupForm::from_group(&g).to_group(), Ok(g));
    }

    #[test]
    fn server_errors_go_next_to_the_field_they_name() {
        let e = place_server_errors(&[
            "Name : un groupe nommé « X » existe déjà pour ce client.".into(),
            "'CustomerId' must not be empty.".into(),
            "The CustomerGroupName is odd".into(),
            "Something else went wrong".into(),
        ]);
        assert_eq!(e.for_field(Field::Name).len(), 1);
        assert_eq!(e.for_field(Field::CustomerId).len(), 1);
        assert_eq!(
            e.general,
            [
                Problem::Vendor("The CustomerGroupName is odd".into()),
                Problem::Vendor("Something else went wrong".into())
            ]
        );
        assert_eq!(place_server_errors(&[]).general, [Problem::RefusedWithoutReason]);
        assert_eq!(
            Problem::RefusedWithoutReason.text(Locale::en),
            "Vehizen refused the group without giving a reason."
        );
    }

    fn row(id: u128, place: usize, plate: &str) -> GroupVehicle {
        GroupVehicle {
            id: Some(Uuid::from_u128(id)),
            read_at: Some(place),
            plate: Some(plate.into()),
            ..GroupVehicle::default()
        }
    }

    #[test]
    fn a_row_is_removed_as_clicked_and_comes_back_in_its_place() {
        let twins = vec![row(1, 0, "HX-100-AA"), row(1, 1, "HX-101-AA"), row(3, 2, "HX-103-AA")];
        let baseline = GroupForm { vehicles: twins.clone(), ..GroupForm::default() };
        let mut form = baseline.clone();
        // A click on a row that moved since is refused, not applied elsewhere.
        assert_eq!(form.remove(0, &twins[1]), None);
        assert_eq!(form.remove(1, &twins[1]), Some(twins[1].clone()));
        assert_eq!(form.vehicles, [twins[0].clone(), twins[2].clone()]);
        assert_eq!(form.removed_since(&baseline), [twins[1].clone()]);
        form.vehicles.push(row(5, 0, "HX-105-AA").brought_in());
        form.restore(twins[1].clone());
        let plates: Vec<String> = form.vehicles.iter().map(GroupVehicle::label).collect();
        assert_eq!(plates, ["HX-100-AA", "HX-101-AA", "HX-103-AA", "HX-105-AA"]);
        assert!(form.removed_since(&baseline).is_empty());
        // A vehicle without a VehicleId stays.
        let anonymous = GroupVehicle { id: None, ..row(0, 3, "ZZ-999-ZZ") };
        let mut form = GroupForm { vehicles: vec![anonymous.clone()], ..GroupForm::default() };
        assert_eq!(form.remove(0, &anonymous), None);
    }

    #[test]
    fn a_draft_row_keeps_its_place_only_where_the_same_vehicle_still_is() {
        let opened = Group {
            vehicles: vec![row(1, 0, "A"), row(2, 1, "B"), row(2, 2, "B2"), row(4, 3, "D")],
            ..Group::default()
        };
        let places = |p: &[GroupVehicle]| p.iter().map(|v| v.read_at).collect::<Vec<_>>();
        // As drafted: places 0 and 2 kept, D moved since (drafted at 1),
        // and Z brought in.
        let drafted = vec![row(1, 0, "A"), row(2, 2, "B2"), row(4, 1, "D"), row(9, 0, "Z")];
        let placed = placed_as_read(drafted.clone(), &[Some(0), Some(2), Some(1), None], Some(&opened));
        assert_eq!(places(&placed), [Some(0), Some(2), Some(3), None]);
        // Twins swapped since: each follows its plate, never the other's place.
        let swapped = Group { vehicles: vec![row(2, 0, "B2"), row(2, 1, "B")], ..Group::default() };
        let placed = placed_as_read(vec![row(2, 1, "B2")], &[Some(1)], Some(&swapped));
        assert_eq!(places(&placed), [Some(0)]);
        // A twin that can no longer be placed is not guessed: that
        // vehicle's rows are listed as read.
        let unsure = placed_as_read(vec![row(2, 0, "B3")], &[Some(0)], Some(&swapped));
        assert_eq!(unsure, swapped.vehicles);
        // A draft from before places were kept: rows found by vehicle, and a
        // vehicle Vehizen cannot identify is never lost.
        let mut with_anonymous = opened.clone();
        with_anonymous.vehicles.push(GroupVehicle { id: None, ..row(0, 4, "ZZ") });
        let legacy = placed_as_read(drafted, &[], Some(&with_anonymous));
        assert_eq!(places(&legacy), [Some(0), Some(2), Some(3), Some(4), None]);
    }

    #[test]
    fn a_draft_never_guesses_between_rows_that_look_the_same() {
        let twin = |place: usize, record: &str| GroupVehicle {
            record: crate::domain::common::VendorRecord::new(record),
            ..row(2, place, "HX-100-AA")
        };
        // Drafted: T1 (place 1) removed, T2 (place 2) kept. Since, someone
        // removed A and both records moved on.
        let drafted = vec![row(1, 0, "A"), twin(2, "t2")];
        let opened = Group { vehicles: vec![twin(0, "t1 later"), twin(1, "t2 later")], ..Group::default() };
        let placed = placed_as_read(drafted, &[Some(0), Some(2)], Some(&opened));
        // Both twins stay listed as read (the removal is to redo); A, gone
        // from the group, is brought in again as the draft had it.
        let got: Vec<(Option<usize>, &str)> = placed.iter().map(|v| (v.read_at, v.record.text())).collect();
        assert_eq!(got, [(Some(0), "t1 later"), (Some(1), "t2 later"), (None, "")]);
    }

    #[test]
    fn server_match_compares_membership_not_order() {
        let a = Some(Uuid::from_u128(1));
        let b = Some(Uuid::from_u128(2));
        let v = |id| GroupVehicle { id, ..GroupVehicle::default() };
        let sent = Group { name: "G".into(), vehicles: vec![v(a), v(b)], ..Group::default() };
        let saved = Group { name: "G".into(), vehicles: vec![v(b), v(a)], ..Group::default() };
        assert!(server_matches(&saved, &sent));
        let other = Group { name: "G".into(), vehicles: vec![v(a)], ..Group::default() };
        assert!(!server_matches(&other, &sent));
    }
}
