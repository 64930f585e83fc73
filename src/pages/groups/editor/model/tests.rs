use super::*;
use crate::domain::common::VendorRecord;
use crate::pages::groups::form::{Field, Problem};
use crate::pages::groups::merge::TheirChanges;
use crate::pages::groups::save::{Conflict, PartlyKept};

const NOW: f64 = 1_700_000_000_000.0;

fn uuid(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// HX-101-AA is vehicle 101, wherever it is listed.
fn vehicle(plate: &str, place: usize) -> GroupVehicle {
    GroupVehicle {
        id: plate.get(3..6).and_then(|n| n.parse().ok()).map(Uuid::from_u128),
        plate: Some(plate.to_string()),
        read_at: Some(place),
        ..GroupVehicle::default()
    }
}

fn group(name: &str, plates: &[&str]) -> Group {
    Group {
        id: Some(uuid(1)),
        customer_id: Some(uuid(900)),
        name: name.into(),
        vehicles: plates.iter().enumerate().map(|(i, p)| vehicle(p, i)).collect(),
        ..Group::default()
    }
}

fn editing(g: &Group) -> EditorModel {
    EditorModel::open(Some(g.clone()), None, None)
}

fn plates(vehicles: &[GroupVehicle]) -> Vec<String> {
    vehicles.iter().map(GroupVehicle::label).collect()
}

fn sent(commands: &[Command]) -> Option<&SaveRequest> {
    commands.iter().find_map(|c| match c {
        Command::Send(request) => Some(request),
        _ => None,
    })
}

#[test]
fn a_draft_kept_in_this_browser_is_offered_only_when_it_differs_from_the_group() {
    let g = group("G", &[]);
    let same = draft_at(&GroupForm::from_group(&g), NOW);
    assert_eq!(EditorModel::open(Some(g.clone()), None, Some(same)).offered, None);
    let other = draft_at(&GroupForm { name: "Mine".into(), ..GroupForm::from_group(&g) }, NOW);
    let m = EditorModel::open(Some(g), None, Some(other.clone()));
    assert_eq!(m.offered, Some(other));
    assert!(!m.is_dirty());
}

#[test]
fn a_new_group_starts_with_the_default_customer() {
    let m = EditorModel::open(None, Some(uuid(900)), None);
    assert_eq!((m.id, m.form.customer_id.as_str()), (None, uuid(900).to_string().as_str()));
}

#[test]
fn typing_makes_the_form_unsaved_and_discard_brings_back_the_group() {
    let mut m = editing(&group("G", &["HX-101-AA"]));
    assert!(m.apply(Event::Name("H".into()), NOW).is_empty());
    m.apply(Event::EcoProfile("zzz".into()), NOW);
    assert!(m.is_dirty());
    m.apply(Event::Discard, NOW);
    assert!(!m.is_dirty() && m.errors.is_empty() && m.state == SaveState::Idle);
}

#[test]
fn an_invalid_form_sends_nothing_and_says_why_a_valid_one_sends_the_copy_opened() {
    let g = group("G", &["HX-101-AA"]);
    let mut m = editing(&g);
    m.apply(Event::Customer("not-a-guid".into()), NOW);
    assert!(m.apply(Event::Save, NOW).is_empty());
    assert_eq!(m.errors.for_field(Field::CustomerId), [Problem::CustomerNotGuid]);
    m.apply(Event::Customer(uuid(900).to_string()), NOW);
    m.apply(Event::Name("H".into()), NOW);
    let commands = m.apply(Event::Save, NOW);
    let request = sent(&commands).expect("a save");
    assert_eq!((request.opened.as_ref(), request.edited.name.as_str()), (Some(&g), "H"));
    assert!(m.errors.is_empty());
}

#[test]
fn undo_brings_back_the_last_row_removed_here() {
    let g = group("G", &["HX-101-AA", "HX-102-AA", "HX-103-AA"]);
    let mut m = editing(&g);
    let removed = m.apply(Event::Remove { at: 2, shown: g.vehicles[2].clone() }, NOW);
    assert_eq!(removed, [Command::Toast(Toast::Removed { plate: "HX-103-AA".into() })]);
    m.apply(Event::Remove { at: 0, shown: g.vehicles[0].clone() }, NOW);
    // A row no longer where it was shown is not taken out.
    assert!(m.apply(Event::Remove { at: 0, shown: g.vehicles[2].clone() }, NOW).is_empty());
    assert_eq!(plates(&m.removed()), ["HX-101-AA", "HX-103-AA"]);
    m.apply(Event::UndoRemove, NOW);
    assert_eq!(plates(&m.form.vehicles), ["HX-101-AA", "HX-102-AA"]);
    m.apply(Event::UndoRemove, NOW);
    assert!(!m.is_dirty());
}

#[test]
fn a_vehicle_from_another_group_is_brought_in_once() {
    let mut m = editing(&group("G", &["HX-101-AA"]));
    let other = vehicle("HX-201-AA", 4);
    m.apply(Event::BringIn(other.clone()), NOW);
    m.apply(Event::BringIn(other.clone()), NOW);
    m.apply(Event::BringIn(vehicle("HX-101-AA", 0)), NOW);
    m.apply(Event::BringIn(GroupVehicle { id: None, ..other }), NOW);
    assert_eq!(plates(&m.form.vehicles), ["HX-101-AA", "HX-201-AA"]);
    assert_eq!(m.form.vehicles[1].read_at, None);
}

#[test]
fn a_saved_update_shows_the_servers_copy_forgets_the_drafts_and_stays() {
    let mut m = editing(&group("G", &[]));
    m.apply(Event::Name("H".into()), NOW);
    let server = group("H", &[]);
    let commands = m.apply(Event::Saved(SaveResult::Saved { server: server.clone(), after_failure: None }), NOW);
    assert_eq!(
        commands,
        [
            Command::ClearDraft(None),
            Command::ClearDraft(Some(uuid(1))),
            Command::RememberGroup(uuid(1), "H".into()),
            Command::RememberCustomer(uuid(900)),
            Command::Toast(Toast::Saved { name: "H".into() }),
        ]
    );
    assert_eq!((m.opened.as_ref(), m.form.name.as_str()), (Some(&server), "H"));
    assert!(!m.is_dirty());
}

#[test]
fn a_draft_offered_and_not_answered_outlives_a_save() {
    let g = group("G", &[]);
    let draft = draft_at(&GroupForm { name: "Mine".into(), ..GroupForm::from_group(&g) }, NOW);
    let mut m = EditorModel::open(Some(g.clone()), None, Some(draft));
    let commands = m.apply(Event::Saved(SaveResult::Saved { server: g, after_failure: None }), NOW);
    assert!(!commands.iter().any(|c| matches!(c, Command::ClearDraft(_))));
    assert!(m.offered.is_some());
}

#[test]
fn a_created_group_goes_to_its_own_page() {
    let mut m = EditorModel::open(None, Some(uuid(900)), None);
    let server = Group { id: Some(uuid(7)), ..group("New", &[]) };
    let commands = m.apply(Event::Saved(SaveResult::Saved { server, after_failure: None }), NOW);
    assert_eq!(commands.last(), Some(&Command::GoTo { path: format!("/groups/{}", uuid(7)), replace: true }));
}

#[test]
fn a_create_not_all_kept_takes_the_changes_to_do_to_its_page_and_says_so_there() {
    let mut m = EditorModel::open(None, Some(uuid(900)), None);
    let server = Group { id: Some(uuid(7)), ..group("New", &[]) };
    let brought = vehicle("HX-101-AA", 0).brought_in();
    let mine = Group { vehicles: vec![brought.clone()], ..server.clone() };
    let missing = vec![NotKept::NotAdded(brought)];
    let partly = PartlyKept { server, missing: missing.clone(), mine: Some(mine) };
    let commands = m.apply(Event::Saved(SaveResult::NotKept(Box::new(partly))), NOW);
    let kept = commands.iter().find_map(|c| match c {
        Command::StoreDraft(Some(gid), draft) if *gid == uuid(7) => Some(draft),
        _ => None,
    });
    assert_eq!(kept.map(|d| d.places.clone()), Some(vec![None]));
    assert!(commands.contains(&Command::Toast(Toast::CreatedNotAllKept { name: "New".into(), missing })));
    assert!(matches!(commands.last(), Some(Command::GoTo { replace: true, .. })));
    assert!(m.is_dirty() && matches!(m.state, SaveState::NotKept(_)));
}

#[test]
fn changes_that_cannot_go_on_the_copy_read_back_are_offered_as_a_draft() {
    let g = group("G", &["HX-101-AA"]);
    let mut m = editing(&g);
    m.apply(Event::Name("H".into()), NOW);
    let partly = PartlyKept { server: g.clone(), missing: vec![NotKept::Name("H".into())], mine: None };
    let commands = m.apply(Event::Saved(SaveResult::NotKept(Box::new(partly))), NOW);
    let draft = draft_at(&GroupForm { name: "H".into(), ..GroupForm::from_group(&g) }, NOW);
    assert_eq!(commands.first(), Some(&Command::StoreDraft(Some(uuid(1)), draft.clone())));
    assert_eq!(m.offered, Some(draft));
    assert!(!m.is_dirty() && m.form.name == "G");
    assert!(!commands.iter().any(|c| matches!(c, Command::ClearDraft(_) | Command::Send(_))));
}

#[test]
fn saved_but_not_read_back_makes_the_form_the_baseline() {
    let mut m = editing(&group("G", &[]));
    m.apply(Event::Name("H".into()), NOW);
    let reset = crate::vendors::ApiError::Network("reset".into());
    assert!(m.apply(Event::Saved(SaveResult::NotReadBack(reset)), NOW).is_empty());
    assert!(!m.is_dirty() && m.baseline.name == "H");
}

#[test]
fn a_conflict_keeps_the_form_and_applying_on_top_saves_both_changes() {
    let base = group("G", &["HX-101-AA", "HX-102-AA"]);
    let mut m = editing(&base);
    m.apply(Event::Remove { at: 0, shown: base.vehicles[0].clone() }, NOW);
    let theirs = Group { name: "Theirs".into(), ..base.clone() };
    let conflict = Conflict { theirs: theirs.clone(), changes: TheirChanges::default() };
    assert!(m.apply(Event::Saved(SaveResult::Conflict(Box::new(conflict))), NOW).is_empty());
    assert!(matches!(m.state, SaveState::Conflict(_)) && m.is_dirty());
    let commands = m.apply(Event::ApplyOnTop(theirs.clone()), NOW);
    let request = sent(&commands).expect("a save");
    assert_eq!(request.opened.as_ref(), Some(&theirs));
    assert_eq!((request.edited.name.as_str(), plates(&request.edited.vehicles)), ("Theirs", vec!["HX-102-AA".into()]));
    assert_eq!((m.state.clone(), m.baseline.name.as_str()), (SaveState::Idle, "Theirs"));
}

#[test]
fn applying_on_top_stops_when_a_removal_cannot_be_said_safely() {
    let twin =
        |place: usize, record: &str| GroupVehicle { record: VendorRecord::new(record), ..vehicle("HX-107-AA", place) };
    let base = Group { vehicles: vec![twin(0, "a"), twin(1, "b")], ..group("G", &[]) };
    let mut m = editing(&base);
    m.apply(Event::Remove { at: 1, shown: base.vehicles[1].clone() }, NOW);
    let theirs = Group { vehicles: vec![twin(0, "a2"), twin(1, "b2")], ..group("G", &[]) };
    assert!(m.apply(Event::ApplyOnTop(theirs.clone()), NOW).is_empty());
    let SaveState::LookAlikeRemoval(u) = &m.state else { panic!("{:?}", m.state) };
    assert_eq!((u.theirs.clone(), m.opened.clone()), (theirs, Some(base)));
    assert_eq!(m.form.vehicles.len(), 1);
}

#[test]
fn reloading_theirs_keeps_this_users_changes_as_a_draft_to_restore() {
    let g = group("G", &[]);
    let mut m = editing(&g);
    m.apply(Event::Name("Mine".into()), NOW);
    let theirs = group("Theirs", &[]);
    let commands = m.apply(Event::ReloadTheirs(theirs.clone()), NOW);
    assert!(matches!(&commands[..], [Command::StoreDraft(Some(_), d)] if d.name == "Mine" && d.saved_at_ms == NOW));
    assert_eq!((m.form.name.as_str(), m.opened.as_ref()), ("Theirs", Some(&theirs)));
    assert!(!m.is_dirty() && m.offered.is_some());
    assert!(m.apply(Event::RestoreDraft, NOW).is_empty());
    assert_eq!((m.form.name.as_str(), m.offered.as_ref()), ("Mine", None));
    assert!(m.is_dirty());
}

#[test]
fn a_draft_discarded_is_forgotten() {
    let g = group("G", &[]);
    let draft = draft_at(&GroupForm { name: "Mine".into(), ..GroupForm::from_group(&g) }, NOW);
    let mut m = EditorModel::open(Some(g), None, Some(draft));
    assert_eq!(m.apply(Event::DiscardDraft, NOW), [Command::ClearDraft(Some(uuid(1)))]);
    assert_eq!((m.offered.as_ref(), m.form.name.as_str()), (None, "G"));
}

#[test]
fn taking_theirs_drops_every_change() {
    let mut m = editing(&group("G", &["HX-101-AA"]));
    m.apply(Event::Name("Mine".into()), NOW);
    let server = group("Server", &[]);
    assert!(m.apply(Event::TakeTheirs(server.clone()), NOW).is_empty());
    assert_eq!((m.form.name.as_str(), m.opened.as_ref()), ("Server", Some(&server)));
    assert!(!m.is_dirty());
}

#[test]
fn moving_a_vehicle_elsewhere_gives_up_its_removal_here_and_opens_the_other_group() {
    let g = group("G", &["HX-101-AA", "HX-102-AA"]);
    let target = uuid(2);
    let go = Command::GoTo { path: format!("/groups/{target}?from={}", uuid(1)), replace: false };
    // Only that removal: nothing is left to keep.
    let mut m = editing(&g);
    m.apply(Event::Remove { at: 0, shown: g.vehicles[0].clone() }, NOW);
    let commands = m.apply(Event::MoveElsewhere { target, vehicle: g.vehicles[0].clone() }, NOW);
    assert_eq!(commands, [Command::ClearDraft(Some(uuid(1))), go.clone()]);
    assert!(!m.is_dirty());
    // With another change, the form follows as a draft.
    m.apply(Event::Name("H".into()), NOW);
    m.apply(Event::Remove { at: 1, shown: g.vehicles[1].clone() }, NOW);
    let commands = m.apply(Event::MoveElsewhere { target, vehicle: g.vehicles[1].clone() }, NOW);
    assert!(matches!(&commands[0], Command::StoreDraft(Some(_), d) if d.name == "H"));
    assert_eq!((commands.len(), &commands[1]), (2, &go));
    assert_eq!(plates(&m.form.vehicles), ["HX-101-AA", "HX-102-AA"]);
}

#[test]
fn a_finished_save_never_asks_for_another() {
    let g = group("G", &[]);
    let reset = || crate::vendors::ApiError::Network("reset".into());
    let results = [
        SaveResult::Saved { server: g.clone(), after_failure: Some(reset()) },
        SaveResult::NotReadBack(reset()),
        SaveResult::Refused(vec!["Name : pris".into()]),
        SaveResult::Failed(reset()),
    ];
    for result in results {
        let mut m = editing(&g);
        assert!(sent(&m.apply(Event::Saved(result), NOW)).is_none());
    }
}
