//! A group save as explicit state: [`save_and_check`] makes the calls (the
//! editor's `Action` runs it) and says what it found out ([`SaveResult`]);
//! the pure [`after_save`], tested natively for every outcome, turns that
//! into the next [`SaveState`] and what the editor shows.

use uuid::Uuid;

use super::form::{place_server_errors, server_matches, FormErrors, GroupForm};
use super::merge::{merge, their_changes, LookAlikes, TheirChanges};
use super::read_back::{not_kept, NotKept};
use crate::components::error_panel::error_sentence;
use crate::domain::groups::{Group, GroupVehicle};
use crate::i18n::{td_string, Locale};
use crate::vendors::vehizen::{self, SaveOutcome, Vehizen};
use crate::vendors::ApiError;

/// Where the save stands between saves ("saving" is the action's `pending`).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SaveState {
    #[default]
    Idle,
    /// The request failed after it may have reached Vehizen.
    Unknown(Uncertain),
    Failed(ApiError),
    /// Someone else changed the group since it was opened: nothing was written.
    Conflict(Box<Conflict>),
    /// Vehizen accepted the save, but its copy does not show all of it.
    NotKept(Box<PartlyKept>),
    /// A removal could not be said safely: nothing was written.
    LookAlikeRemoval(Box<LookAlikeRemoval>),
}

/// Rows whose removal cannot be put on Vehizen's current copy without the
/// risk of taking out another one, and that copy.
#[derive(Clone, Debug, PartialEq)]
pub struct LookAlikeRemoval {
    pub rows: Vec<GroupVehicle>,
    pub theirs: Group,
}

/// The group as the vendor holds it now, and what differs from the copy
/// this user opened.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub theirs: Group,
    pub changes: TheirChanges,
}

/// What we know after a save that did not end normally; worded when shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Uncertain {
    /// Read back: the server does not hold our changes.
    NotSaved(ApiError),
    /// An update that could not be read back.
    Update(ApiError),
    /// A create (no list call to check it).
    Create(ApiError),
    /// Created, but Vehizen did not say the new id.
    NoId,
    /// Read back: the server holds our changes.
    Saved(ApiError),
    /// Saved, but the read-back failed.
    ReadBackFailed(ApiError),
}

impl Uncertain {
    pub fn text(&self, locale: Locale) -> String {
        let sentence = |e: &ApiError| error_sentence(locale, e, vehizen::VENDOR);
        let short = |e: &ApiError| sentence(e).trim_end_matches('.').to_string();
        match self {
            Uncertain::NotSaved(e) => {
                td_string!(locale, groups.not_saved_after_failure, failure = short(e)).to_string()
            }
            Uncertain::Update(e) => td_string!(locale, groups.unknown_update, failure = sentence(e)).to_string(),
            Uncertain::Create(e) => td_string!(locale, groups.unknown_create, failure = sentence(e)).to_string(),
            Uncertain::NoId => td_string!(locale, groups.no_id).to_string(),
            Uncertain::Saved(e) => td_string!(locale, groups.saved_after_failure, failure = short(e)).to_string(),
            Uncertain::ReadBackFailed(e) => {
                td_string!(locale, groups.read_back_failed, failure = sentence(e)).to_string()
            }
        }
    }
}

/// How a save ended, once the editor's action has done every call it could.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveResult {
    /// Saved and read back (`after_failure`: the write's connection failed,
    /// but the group read back holds our changes).
    Saved { server: Group, after_failure: Option<ApiError> },
    /// Saved, but reading the group back failed.
    NotReadBack(ApiError),
    /// Vehizen refused it (`IsValid: false`), with its messages.
    Refused(Vec<String>),
    /// It may or may not have been applied.
    Unknown(Uncertain),
    /// It failed and was not applied (a 4xx, the edge's refusal…).
    Failed(ApiError),
    /// Not written: the group changed elsewhere since it was opened.
    Conflict(Box<Conflict>),
    /// Accepted and read back, but some of the changes are not in the copy
    /// read back.
    NotKept(Box<PartlyKept>),
    /// Not written: a removal could not be put on the vendor's copy safely.
    LookAlikeRemoval(Box<LookAlikeRemoval>),
}

/// A save Vehizen accepted without keeping all of it.
#[derive(Clone, Debug, PartialEq)]
pub struct PartlyKept {
    /// The group as read back.
    pub server: Group,
    /// What it does not show.
    pub missing: Vec<NotKept>,
    /// The user's changes put on that copy again (`None`: they cannot be
    /// put on it safely; the form is kept as a draft to restore).
    pub mine: Option<Group>,
}

/// Whether a failed write may still have been applied. Behind a proxy a
/// dropped connection arrives as a 5xx (Trunk says 500, nginx 502).
pub fn may_have_been_applied(e: &ApiError) -> bool {
    matches!(e, ApiError::Network(_) | ApiError::Timeout(_) | ApiError::Http { status: 500..=599, .. })
}

/// The editor's next state and what it shows after a save.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AfterSave {
    pub state: SaveState,
    /// Next to the fields and above the form (empty: none).
    pub errors: FormErrors,
    /// The server's copy, which becomes the baseline (and the form, unless
    /// `mine`); the drafts go and the group is remembered.
    pub fresh: Option<Group>,
    /// The user's changes that did not take, on the server's copy: the
    /// form over the `fresh` baseline, still unsaved.
    pub mine: Option<Group>,
    /// Saved but not read back: what was sent becomes the baseline.
    pub sent_is_baseline: bool,
    /// The form as it was is kept as a draft and offered: the server's
    /// copy replaces it, and the user's changes cannot be put on it.
    pub offer_form_as_draft: bool,
    /// "Saved" toast with this group name.
    pub toast: Option<String>,
    /// A new group gets its own URL (replacing `/groups/new`).
    pub go_to: Option<Uuid>,
}

/// The one transition out of "saving": `editing` is the id of the group
/// being edited (`None` for a new group).
pub fn after_save(editing: Option<Uuid>, result: SaveResult) -> AfterSave {
    match result {
        SaveResult::Saved { server, after_failure } => AfterSave {
            state: after_failure.map_or(SaveState::Idle, |e| SaveState::Unknown(Uncertain::Saved(e))),
            toast: Some(server.name.clone()),
            go_to: server.id.filter(|gid| editing != Some(*gid)),
            fresh: Some(server),
            ..AfterSave::default()
        },
        SaveResult::NotReadBack(e) => AfterSave {
            state: SaveState::Unknown(Uncertain::ReadBackFailed(e)),
            sent_is_baseline: true,
            ..AfterSave::default()
        },
        SaveResult::Refused(messages) => AfterSave { errors: place_server_errors(&messages), ..AfterSave::default() },
        SaveResult::Unknown(what) => AfterSave { state: SaveState::Unknown(what), ..AfterSave::default() },
        SaveResult::Failed(e) => AfterSave { state: SaveState::Failed(e), ..AfterSave::default() },
        SaveResult::Conflict(c) => AfterSave { state: SaveState::Conflict(c), ..AfterSave::default() },
        // The copy read back is the baseline either way: the partly
        // applied write is Vehizen's now, not someone else's change.
        SaveResult::NotKept(u) => AfterSave {
            go_to: u.server.id.filter(|gid| editing != Some(*gid)),
            fresh: Some(u.server.clone()),
            mine: u.mine.clone(),
            offer_form_as_draft: u.mine.is_none(),
            state: SaveState::NotKept(u),
            ..AfterSave::default()
        },
        SaveResult::LookAlikeRemoval(u) => AfterSave { state: SaveState::LookAlikeRemoval(u), ..AfterSave::default() },
    }
}

impl AfterSave {
    /// The baseline to show when the server's copy came back.
    pub fn fresh_form(&self) -> Option<GroupForm> {
        self.fresh.as_ref().map(GroupForm::from_group)
    }

    /// The form: the user's changes not kept, else the server's copy.
    pub fn next_form(&self) -> Option<GroupForm> {
        self.mine.as_ref().or(self.fresh.as_ref()).map(GroupForm::from_group)
    }
}

/// Writes the group, never over someone else's change, then finds out what
/// the server holds. An update first re-reads the group: if it changed
/// since `opened` (the copy this user started from), nothing is written and
/// the caller is told what changed; otherwise this user's changes are written
/// onto the vendor's current records. After a failure that may have reached
/// Vehizen an update is read back and compared; after a success the group is
/// read back so that the form shows the server's copy.
pub async fn save_and_check(vehizen: &Vehizen, opened: Option<&Group>, edited: &Group) -> SaveResult {
    // `before`: the vendor's copy the write is made on (nothing, for a create).
    let (before, sent) = match (edited.id, opened) {
        (Some(gid), Some(opened)) => match vehizen.fetch_group(gid).await {
            Ok(now) => {
                let theirs = now.value;
                let changes = their_changes(opened, &theirs);
                if !changes.is_empty() {
                    return SaveResult::Conflict(Box::new(Conflict { theirs, changes }));
                }
                match merge(opened, edited, &theirs) {
                    Ok(sent) => (theirs, sent),
                    Err(LookAlikes(rows)) => {
                        return SaveResult::LookAlikeRemoval(Box::new(LookAlikeRemoval { rows, theirs }))
                    }
                }
            }
            // Nothing was written.
            Err(e) => return SaveResult::Failed(e),
        },
        _ => (Group::default(), edited.clone()),
    };
    let (gid, after_failure) = match vehizen.save_group(&sent).await {
        Ok(SaveOutcome::Saved { id }) => match id.or(sent.id) {
            Some(gid) => (gid, None),
            None => return SaveResult::Unknown(Uncertain::NoId),
        },
        Ok(SaveOutcome::Invalid(messages)) => return SaveResult::Refused(messages),
        Err(e) if may_have_been_applied(&e) => match sent.id {
            Some(gid) => match vehizen.fetch_group(gid).await {
                Ok(server) if server_matches(&server.value, &sent) => (gid, Some(e)),
                Ok(_) => return SaveResult::Unknown(Uncertain::NotSaved(e)),
                Err(_) => return SaveResult::Unknown(Uncertain::Update(e)),
            },
            // A create cannot be looked up (no list call): say so.
            None => return SaveResult::Unknown(Uncertain::Create(e)),
        },
        Err(e) => return SaveResult::Failed(e),
    };
    match vehizen.fetch_group(gid).await {
        Ok(server) => checked(&before, &sent, server.value, after_failure),
        Err(e) => SaveResult::NotReadBack(e),
    }
}

/// "Saved" only when the copy read back shows every change that was sent.
fn checked(before: &Group, sent: &Group, server: Group, after_failure: Option<ApiError>) -> SaveResult {
    let missing = not_kept(before, sent, &server);
    if missing.is_empty() {
        return SaveResult::Saved { server, after_failure };
    }
    // The changes still to make, on the copy read back; a kept vehicle
    // Vehizen dropped comes back as one to bring in again, when it can be
    // sent as such (an id of its own, not listed otherwise).
    let mine = merge(before, sent, &server).ok().map(|mut mine| {
        let mut listed: std::collections::HashSet<Option<Uuid>> = mine.vehicles.iter().map(|v| v.id).collect();
        for m in &missing {
            if let NotKept::Dropped(v) = m {
                if v.can_move() && listed.insert(v.id) {
                    mine.vehicles.push(v.brought_in());
                }
            }
        }
        mine
    });
    SaveResult::NotKept(Box::new(PartlyKept { server, missing, mine }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::groups::form::{Field, Problem};

    fn group(id: u128, name: &str) -> Group {
        Group { id: Some(Uuid::from_u128(id)), name: name.into(), ..Group::default() }
    }

    fn reset() -> ApiError {
        ApiError::Network("connection reset".into())
    }

    #[test]
    fn a_saved_update_shows_the_server_copy_and_stays_on_its_page() {
        let next = after_save(
            Some(Uuid::from_u128(1)),
            SaveResult::Saved { server: group(1, "Livraisons"), after_failure: None },
        );
        assert_eq!(next.state, SaveState::Idle);
        assert_eq!(next.fresh, Some(group(1, "Livraisons")));
        assert_eq!(next.fresh_form().map(|f| f.name), Some("Livraisons".into()));
        assert_eq!(next.toast.as_deref(), Some("Livraisons"));
        assert_eq!(next.go_to, None);
        assert!(next.errors.is_empty() && !next.sent_is_baseline);
    }

    #[test]
    fn a_created_group_gets_its_own_url() {
        let next = after_save(None, SaveResult::Saved { server: group(7, "Nouveau"), after_failure: None });
        assert_eq!(next.go_to, Some(Uuid::from_u128(7)));
    }

    #[test]
    fn saved_despite_a_failed_connection_says_so() {
        let next = after_save(
            Some(Uuid::from_u128(1)),
            SaveResult::Saved { server: group(1, "G"), after_failure: Some(reset()) },
        );
        assert_eq!(next.state, SaveState::Unknown(Uncertain::Saved(reset())));
        assert!(next.fresh.is_some() && next.toast.is_some());
    }

    #[test]
    fn refused_puts_the_vendors_errors_next_to_their_fields_and_keeps_the_form() {
        let next = after_save(None, SaveResult::Refused(vec!["Name : déjà pris".into(), "Autre chose".into()]));
        assert_eq!(next.state, SaveState::Idle);
        assert_eq!(next.errors.for_field(Field::Name), [Problem::Vendor("Name : déjà pris".into())]);
        assert_eq!(next.errors.general, [Problem::Vendor("Autre chose".into())]);
        assert!(next.fresh.is_none() && next.toast.is_none() && next.go_to.is_none() && !next.sent_is_baseline);
    }

    #[test]
    fn an_unknown_outcome_keeps_the_form_and_says_what_is_known() {
        for what in
            [Uncertain::NotSaved(reset()), Uncertain::Update(reset()), Uncertain::Create(reset()), Uncertain::NoId]
        {
            let next = after_save(None, SaveResult::Unknown(what.clone()));
            assert_eq!(next.state, SaveState::Unknown(what.clone()));
            assert!(next.fresh.is_none() && next.toast.is_none() && !next.sent_is_baseline);
            assert!(!what.text(Locale::en).is_empty());
        }
    }

    #[test]
    fn a_conflict_writes_nothing_and_keeps_the_form() {
        let conflict = Conflict { theirs: group(1, "Theirs"), changes: TheirChanges::default() };
        let next = after_save(Some(Uuid::from_u128(1)), SaveResult::Conflict(Box::new(conflict.clone())));
        assert_eq!(next.state, SaveState::Conflict(Box::new(conflict)));
        assert!(next.fresh.is_none() && next.toast.is_none() && !next.sent_is_baseline && next.go_to.is_none());
    }

    #[test]
    fn a_network_error_is_a_failure_shown_as_such() {
        let next = after_save(
            None,
            SaveResult::Failed(ApiError::Http { status: 400, vendor_message: None, retry_after_s: None }),
        );
        assert!(matches!(next.state, SaveState::Failed(ApiError::Http { status: 400, .. })));
        assert!(next.fresh.is_none() && next.toast.is_none());
    }

    #[test]
    fn saved_but_not_read_back_makes_what_was_sent_the_baseline() {
        let next = after_save(Some(Uuid::from_u128(1)), SaveResult::NotReadBack(reset()));
        assert_eq!(next.state, SaveState::Unknown(Uncertain::ReadBackFailed(reset())));
        assert!(next.sent_is_baseline && next.fresh.is_none());
    }

    #[test]
    fn only_failures_that_may_have_reached_the_vendor_are_uncertain() {
        assert!(may_have_been_applied(&reset()));
        assert!(may_have_been_applied(&ApiError::Timeout(15)));
        assert!(may_have_been_applied(&ApiError::Http { status: 502, vendor_message: None, retry_after_s: None }));
        assert!(!may_have_been_applied(&ApiError::Http { status: 409, vendor_message: None, retry_after_s: None }));
        assert!(!may_have_been_applied(&ApiError::RoleRequired));
    }

    fn read(name: &str, plates: &[&str]) -> Group {
        let vehicles = plates
            .iter()
            .enumerate()
            .map(|(i, p)| GroupVehicle {
                // HX-101-AA is vehicle 101, wherever it is listed.
                id: p.get(3..6).and_then(|n| n.parse().ok()).map(Uuid::from_u128),
                plate: Some(p.to_string()),
                read_at: Some(i),
                ..GroupVehicle::default()
            })
            .collect();
        Group { vehicles, ..group(1, name) }
    }

    fn plates(g: &Group) -> Vec<String> {
        g.vehicles.iter().map(GroupVehicle::label).collect()
    }

    #[test]
    fn a_removal_vehizen_ignored_is_not_called_saved_and_stays_unsaved() {
        let before = read("G", &["HX-101-AA", "HX-102-AA"]);
        let mut sent = before.clone();
        sent.vehicles.remove(0);
        sent.name = "H".into();
        // Vehizen kept the new name and both vehicles.
        let mut server = read("H", &["HX-101-AA", "HX-102-AA"]);
        server.name = "H".into();
        let result = checked(&before, &sent, server.clone(), None);
        let next = after_save(Some(Uuid::from_u128(1)), result);
        let SaveState::NotKept(u) = &next.state else { panic!("{:?}", next.state) };
        assert_eq!(u.missing, [NotKept::StillListed(before.vehicles[0].clone())]);
        assert_eq!(u.server, server);
        assert!(next.toast.is_none() && next.go_to.is_none());
        // The vendor's copy is the baseline; the removal is still to do.
        assert_eq!(
            next.fresh_form().map(|f| plates(&Group { vehicles: f.vehicles, ..Group::default() })),
            Some(vec!["HX-101-AA".to_string(), "HX-102-AA".to_string()])
        );
        let form = next.next_form().expect("the user's changes");
        assert_eq!((form.name.as_str(), form.vehicles.len()), ("H", 1));
        assert_eq!(form.vehicles[0].label(), "HX-102-AA");
    }

    #[test]
    fn everything_kept_is_saved() {
        let before = read("G", &["HX-101-AA", "HX-102-AA"]);
        let mut sent = before.clone();
        sent.vehicles.remove(0);
        let server = read("G", &["HX-102-AA"]);
        assert_eq!(checked(&before, &sent, server.clone(), None), SaveResult::Saved { server, after_failure: None });
    }

    #[test]
    fn a_removal_that_cannot_be_said_safely_sends_nothing_and_says_which() {
        let theirs = read("G", &["HX-101-AA"]);
        let u = LookAlikeRemoval { rows: theirs.vehicles.clone(), theirs };
        let next = after_save(Some(Uuid::from_u128(1)), SaveResult::LookAlikeRemoval(Box::new(u.clone())));
        assert_eq!(next.state, SaveState::LookAlikeRemoval(Box::new(u)));
        assert!(next.fresh.is_none() && next.mine.is_none() && next.toast.is_none() && !next.sent_is_baseline);
    }

    #[test]
    fn changes_that_cannot_be_put_on_the_copy_read_back_are_kept_as_a_draft() {
        // Two rows that look the same: which one was removed is a guess.
        let twin = |place: usize, record: &str| GroupVehicle {
            id: Some(Uuid::from_u128(107)),
            plate: Some("HX-107-AA".into()),
            read_at: Some(place),
            record: crate::domain::common::VendorRecord::new(record),
            ..GroupVehicle::default()
        };
        let before = Group { vehicles: vec![twin(0, "a"), twin(1, "b")], ..group(1, "G") };
        let mut sent = before.clone();
        sent.vehicles.remove(1);
        let server = Group { vehicles: vec![twin(0, "a2"), twin(1, "b2")], ..group(1, "G") };
        let next = after_save(Some(Uuid::from_u128(1)), checked(&before, &sent, server.clone(), None));
        assert!(matches!(&next.state, SaveState::NotKept(u) if u.mine.is_none() && u.server == server));
        // Vehizen's copy is shown, and the user's form is kept as a draft.
        assert_eq!(next.fresh.as_ref(), Some(&server));
        assert!(next.offer_form_as_draft && next.mine.is_none() && next.toast.is_none());
    }

    #[test]
    fn a_create_not_all_kept_goes_to_its_page_with_the_changes_still_to_do() {
        let brought = GroupVehicle { read_at: None, ..read("G", &["HX-101-AA"]).vehicles.remove(0) };
        let sent = Group { id: None, name: "New".into(), vehicles: vec![brought], ..Group::default() };
        let next = after_save(None, checked(&Group::default(), &sent, group(9, "New"), None));
        assert_eq!(next.go_to, Some(Uuid::from_u128(9)));
        assert!(next.toast.is_none());
        assert_eq!(next.next_form().map(|f| f.vehicles.len()), Some(1));
    }
}
