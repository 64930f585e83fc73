//! What the editor's model asks of the world outside it, done: this
//! browser's storage, toasts (worded in the current language), the router.

use leptos_router::NavigateOptions;

use super::super::not_kept_notice::sentence;
use super::model::{Command, SaveRequest, Toast};
use crate::components::toasts::Toasts;
use crate::i18n::{t_string, Locale};
use crate::storage;
use leptos_i18n::I18nContext;

#[derive(Clone)]
pub struct Outside<Navigate> {
    pub i18n: I18nContext<Locale>,
    pub toasts: Toasts,
    pub navigate: Navigate,
}

impl<Navigate: Fn(&str, NavigateOptions) + Clone + 'static> Outside<Navigate> {
    /// Does each command in order, and hands back the save to send, if any:
    /// sending it is the editor's (its `Action` says whether one is under way).
    pub fn run(&self, commands: Vec<Command>) -> Option<SaveRequest> {
        let mut to_send = None;
        for command in commands {
            match command {
                Command::StoreDraft(group, draft) => storage::save_draft(group, &draft),
                Command::ClearDraft(group) => storage::clear_draft(group),
                Command::RememberGroup(gid, name) => storage::remember_group(gid, &name),
                Command::RememberCustomer(customer) => storage::set_last_customer(customer),
                Command::Toast(toast) => self.toasts.show(self.words(toast)),
                Command::Send(request) => to_send = Some(request),
                Command::GoTo { path, replace } => {
                    (self.navigate)(&path, NavigateOptions { replace, ..Default::default() })
                }
            }
        }
        to_send
    }

    fn words(&self, toast: Toast) -> String {
        let i18n = self.i18n;
        match toast {
            Toast::Saved { name } => t_string!(i18n, groups.saved_toast, name).to_string(),
            Toast::CreatedNotAllKept { name, missing } => {
                let locale = i18n.get_locale_untracked();
                let what = missing.iter().map(|m| sentence(locale, m)).collect::<Vec<_>>().join(" ");
                t_string!(i18n, groups.created_not_all_kept, name, what).to_string()
            }
            Toast::Removed { plate } => t_string!(i18n, vehicle.removed_toast, plate).to_string(),
        }
    }
}
