//! The group editor's state as one model: the group as opened, the form,
//! its baseline, the save's state, the draft offered. Every change is an
//! [`Event`] through the pure [`EditorModel::apply`], which says what the
//! world outside must do ([`Command`]: this browser's storage, toasts, the
//! router, the save to send); the component only wires signals to it and
//! does those things. Tested natively.

use uuid::Uuid;

use super::super::draft::{draft_at, form_from_draft};
use super::super::form::{FormErrors, GroupForm};
use super::super::merge::{merge, LookAlikes};
use super::super::read_back::NotKept;
use super::super::save::{after_save, LookAlikeRemoval, SaveResult, SaveState};
use crate::domain::groups::{Group, GroupVehicle};
use crate::storage::Draft;

#[derive(Clone, Debug, PartialEq)]
pub struct EditorModel {
    /// The group being edited; `None` for a new group.
    pub id: Option<Uuid>,
    /// The group as this user opened it (or last saved it): what a save
    /// compares the vendor's copy with before writing.
    pub opened: Option<Group>,
    /// The form as last read from Vehizen: "unsaved" is the form differing
    /// from it, and "Undo remove" restores from it.
    pub baseline: GroupForm,
    pub form: GroupForm,
    pub errors: FormErrors,
    pub state: SaveState,
    /// A draft kept in this browser, offered to restore and not answered.
    pub offered: Option<Draft>,
    /// Rows removed here, in click order, so that undo brings back the last
    /// (by vehicle and plate: a save may give them other places).
    pub clicked: Vec<(Option<Uuid>, String)>,
}

/// What the user did, or what a save found out.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Name(String),
    Customer(String),
    EcoProfile(String),
    /// Take out the row shown at this place of the form's list.
    Remove {
        at: usize,
        shown: GroupVehicle,
    },
    UndoRemove,
    /// A vehicle of another group, to move into this one.
    BringIn(GroupVehicle),
    Save,
    /// The save's calls are done.
    Saved(SaveResult),
    /// Back to the baseline.
    Discard,
    /// Someone else changed the group: this user's changes on their copy, saved.
    ApplyOnTop(Group),
    /// Their copy shown, this user's changes kept as a draft to restore.
    ReloadTheirs(Group),
    /// Vehizen's copy in place of every change.
    TakeTheirs(Group),
    /// Give up the removal of a vehicle Vehizen would not drop, and open
    /// that group to move it there from here.
    MoveElsewhere {
        target: Uuid,
        vehicle: GroupVehicle,
    },
    RestoreDraft,
    DiscardDraft,
}

/// What the world outside the model must do, in this order.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Keep this draft of the group (`None`: a new group) in this browser.
    StoreDraft(Option<Uuid>, Draft),
    ClearDraft(Option<Uuid>),
    /// A recent group, for the index.
    RememberGroup(Uuid, String),
    /// The customer a new group starts with.
    RememberCustomer(Uuid),
    Toast(Toast),
    /// Send this save (the editor's `Action`), unless one is under way or
    /// the user may not save.
    Send(SaveRequest),
    GoTo {
        path: String,
        replace: bool,
    },
}

/// A confirmation that survives a route change; worded when shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Toast {
    Saved {
        name: String,
    },
    /// A new group was created, but Vehizen did not keep all of it (its
    /// page, where it goes, has no notice of it).
    CreatedNotAllKept {
        name: String,
        missing: Vec<NotKept>,
    },
    Removed {
        plate: String,
    },
}

/// The copy the user started from and the group to write.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveRequest {
    pub opened: Option<Group>,
    pub edited: Group,
}

impl EditorModel {
    /// The editor on `group` (`None`: a new group, for `default_customer`),
    /// offering the draft `stored` in this browser when it differs.
    pub fn open(group: Option<Group>, default_customer: Option<Uuid>, stored: Option<Draft>) -> Self {
        let id = group.as_ref().and_then(|g| g.id);
        let form = match &group {
            Some(g) => GroupForm::from_group(g),
            None => GroupForm::new_group(default_customer),
        };
        let offered = stored.filter(|d| form_from_draft(id, d, group.as_ref()) != form);
        EditorModel {
            id,
            opened: group,
            baseline: form.clone(),
            form,
            errors: FormErrors::default(),
            state: SaveState::Idle,
            offered,
            clicked: Vec::new(),
        }
    }

    /// Whether the form has changes not saved.
    pub fn is_dirty(&self) -> bool {
        self.form != self.baseline
    }

    /// Removals not saved yet, whatever was clicked before: after a save
    /// they are what Vehizen's copy still lists and this form does not.
    pub fn removed(&self) -> Vec<GroupVehicle> {
        self.form.removed_since(&self.baseline)
    }

    /// The one way the model changes; `now_ms` dates a draft kept by it.
    pub fn apply(&mut self, event: Event, now_ms: f64) -> Vec<Command> {
        match event {
            Event::Name(text) => self.form.name = text,
            Event::Customer(text) => self.form.customer_id = text,
            Event::EcoProfile(text) => self.form.eco_profile_id = text,
            Event::Remove { at, shown } => return self.remove(at, &shown),
            Event::UndoRemove => self.undo_remove(),
            Event::BringIn(v) => {
                if v.can_move() && !self.form.vehicles.iter().any(|x| x.id == v.id) {
                    self.form.vehicles.push(v.brought_in());
                }
            }
            Event::Save => return self.save(),
            Event::Saved(result) => return self.saved(result, now_ms),
            Event::Discard => self.discard(),
            Event::ApplyOnTop(theirs) => return self.apply_on_top(theirs),
            Event::ReloadTheirs(theirs) => {
                let kept = self.keep_form_as_draft(now_ms);
                self.take_theirs(theirs);
                return vec![kept];
            }
            Event::TakeTheirs(server) => self.take_theirs(server),
            Event::MoveElsewhere { target, vehicle } => return self.move_elsewhere(target, &vehicle, now_ms),
            Event::RestoreDraft => {
                if let Some(draft) = self.offered.take() {
                    self.form = form_from_draft(self.id, &draft, self.opened.as_ref());
                }
            }
            Event::DiscardDraft => {
                self.offered = None;
                return vec![Command::ClearDraft(self.id)];
            }
        }
        Vec::new()
    }

    fn remove(&mut self, at: usize, shown: &GroupVehicle) -> Vec<Command> {
        let Some(v) = self.form.remove(at, shown) else { return Vec::new() };
        let plate = v.label();
        self.clicked.push((v.id, plate.clone()));
        vec![Command::Toast(Toast::Removed { plate })]
    }

    /// Brings back the last row clicked that is still removed, else the
    /// last removed in the order read.
    fn undo_remove(&mut self) {
        let pending = self.removed();
        let was = |v: &GroupVehicle, (id, label): &(Option<Uuid>, String)| v.id == *id && v.label() == *label;
        let last = self.clicked.iter().rev().find_map(|k| pending.iter().find(|v| was(v, k))).cloned();
        if let Some(v) = last.or_else(|| pending.last().cloned()) {
            self.clicked.retain(|k| !was(&v, k));
            self.form.restore(v);
        }
    }

    fn save(&mut self) -> Vec<Command> {
        match self.form.to_group() {
            Ok(edited) => {
                self.errors = FormErrors::default();
                self.state = SaveState::Idle;
                vec![Command::Send(SaveRequest { opened: self.opened.clone(), edited })]
            }
            Err(errors) => {
                self.errors = errors;
                Vec::new()
            }
        }
    }

    /// Each finished save goes through the one pure transition, `after_save`.
    fn saved(&mut self, result: SaveResult, now_ms: f64) -> Vec<Command> {
        let next = after_save(self.id, result);
        let mut out = Vec::new();
        if next.offer_form_as_draft {
            out.push(self.keep_form_as_draft(now_ms));
        }
        if let (Some(server), Some(fresh)) = (&next.fresh, next.fresh_form()) {
            // A draft offered and not answered is the user's to keep.
            if !next.offer_form_as_draft && self.offered.is_none() {
                out.push(Command::ClearDraft(None));
                out.extend(server.id.map(|gid| Command::ClearDraft(Some(gid))));
            }
            out.extend(server.id.map(|gid| Command::RememberGroup(gid, server.name.clone())));
            out.extend(server.customer_id.map(Command::RememberCustomer));
            self.opened = Some(server.clone());
            self.baseline = fresh;
        }
        if let Some(next_form) = next.next_form() {
            // A new group's changes that did not take follow it to its own
            // page, as a draft offered there.
            if let (Some(gid), Some(_)) = (next.go_to, &next.mine) {
                out.push(Command::StoreDraft(Some(gid), draft_at(&next_form, now_ms)));
            }
            self.form = next_form;
        }
        if next.sent_is_baseline {
            self.baseline = self.form.clone();
        }
        if let (Some(_), SaveState::NotKept(u)) = (next.go_to, &next.state) {
            // The notice stays on this page, which a new group leaves: say it here.
            let (name, missing) = (u.server.name.clone(), u.missing.clone());
            out.push(Command::Toast(Toast::CreatedNotAllKept { name, missing }));
        }
        self.errors = next.errors;
        self.state = next.state;
        out.extend(next.toast.map(|name| Command::Toast(Toast::Saved { name })));
        out.extend(next.go_to.map(|gid| Command::GoTo { path: format!("/groups/{gid}"), replace: true }));
        out
    }

    /// This user's changes on top of `theirs`, saved after one more check;
    /// nothing changes when a removal cannot be put on their copy safely.
    fn apply_on_top(&mut self, theirs: Group) -> Vec<Command> {
        let (Some(base), Ok(mine)) = (&self.opened, self.form.to_group()) else {
            return Vec::new();
        };
        match merge(base, &mine, &theirs) {
            Ok(merged) => {
                self.baseline = GroupForm::from_group(&theirs);
                self.form = GroupForm::from_group(&merged);
                self.opened = Some(theirs);
                self.state = SaveState::Idle;
                self.save()
            }
            Err(LookAlikes(rows)) => {
                self.state = SaveState::LookAlikeRemoval(Box::new(LookAlikeRemoval { rows, theirs }));
                Vec::new()
            }
        }
    }

    fn discard(&mut self) {
        self.form = self.baseline.clone();
        self.errors = FormErrors::default();
        self.state = SaveState::Idle;
    }

    fn take_theirs(&mut self, server: Group) {
        self.baseline = GroupForm::from_group(&server);
        self.opened = Some(server);
        self.discard();
    }

    /// The form as it is, kept in this browser and offered to restore.
    fn keep_form_as_draft(&mut self, now_ms: f64) -> Command {
        let draft = draft_at(&self.form, now_ms);
        self.offered = Some(draft.clone());
        Command::StoreDraft(self.id, draft)
    }

    fn move_elsewhere(&mut self, target: Uuid, vehicle: &GroupVehicle, now_ms: f64) -> Vec<Command> {
        let pending = self.removed();
        if let Some(row) = pending.into_iter().find(|r| r.id == vehicle.id && r.look() == vehicle.look()) {
            self.form.restore(row);
        }
        // The draft follows now (leaving cancels the pending autosave): the
        // form, when it still has changes (newer than any draft offered);
        // else none, unless one is offered and not answered.
        let mut out = Vec::new();
        if self.is_dirty() {
            out.push(Command::StoreDraft(self.id, draft_at(&self.form, now_ms)));
        } else if self.offered.is_none() {
            out.push(Command::ClearDraft(self.id));
        }
        let from = self.id.map(|gid| format!("?from={gid}")).unwrap_or_default();
        out.push(Command::GoTo { path: format!("/groups/{target}{from}"), replace: false });
        out
    }
}

#[cfg(test)]
mod tests;
