//! "Vehizen accepted the save, but not all of it": what it did not keep, in
//! words, and the ways on: try again, take Vehizen's copy, or move a
//! vehicle it would not drop to another group instead.

use leptos::prelude::*;
use uuid::Uuid;

use super::add_from_group::{group_label, known_groups};
use super::notice::ChoiceNotice;
use super::read_back::NotKept;
use crate::domain::groups::GroupVehicle;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::use_config;

/// The sentence naming one change Vehizen did not keep.
pub fn sentence(locale: Locale, missing: &NotKept) -> String {
    let plate = |v: &GroupVehicle| v.label();
    match missing {
        NotKept::StillListed(v) => td_string!(locale, groups.not_kept_still_listed, plate = plate(v)).to_string(),
        NotKept::NotAdded(v) => td_string!(locale, groups.not_kept_not_added, plate = plate(v)).to_string(),
        NotKept::Dropped(v) => td_string!(locale, groups.not_kept_dropped, plate = plate(v)).to_string(),
        NotKept::FiledElsewhere(v) => td_string!(locale, groups.not_kept_filed_elsewhere, plate = plate(v)).to_string(),
        NotKept::Name(name) => td_string!(locale, groups.not_kept_name, name).to_string(),
        NotKept::Customer => td_string!(locale, groups.not_kept_customer).to_string(),
        NotKept::EcoProfile => td_string!(locale, groups.not_kept_eco).to_string(),
    }
}

#[component]
pub fn NotKeptNotice(
    missing: Vec<NotKept>,
    /// The group being edited (a move goes to another one).
    group: Option<Uuid>,
    /// Whether there is anything left to send.
    can_retry: Signal<bool>,
    on_retry: Callback<()>,
    on_take_theirs: Callback<()>,
    /// Give up this removal here and open the chosen group to move it there.
    on_move: Callback<(Uuid, GroupVehicle)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let still_listed: Vec<GroupVehicle> = missing
        .iter()
        .filter_map(|m| match m {
            NotKept::StillListed(v) if v.can_move() => Some(v.clone()),
            _ => None,
        })
        .collect();
    let sentences = Signal::derive(move || missing.iter().map(|m| sentence(i18n.get_locale(), m)).collect());
    let moves = StoredValue::new(still_listed);
    let after = move || {
        moves.get_value().into_iter().map(|v| view! { <MoveElsewhere vehicle=v group on_move /> }).collect_view()
    };
    view! {
        <ChoiceNotice
            name="not-kept"
            title=move || t!(i18n, groups.not_kept_title)
            sentences
            help=move || t!(i18n, groups.not_kept_help)
            after
        >
            <Show when=move || can_retry.get()>
                <button type="button" class="primary" data-test="try-again" on:click=move |_| on_retry.run(())>
                    {t!(i18n, groups.try_again)}
                </button>
            </Show>
            <button type="button" data-test="take-theirs" on:click=move |_| on_take_theirs.run(())>
                {t!(i18n, groups.take_theirs)}
            </button>
        </ChoiceNotice>
    }
}

/// "Move HX-101-AA to another group instead: [group] [Open that group]".
#[component]
fn MoveElsewhere(vehicle: GroupVehicle, group: Option<Uuid>, on_move: Callback<(Uuid, GroupVehicle)>) -> impl IntoView {
    let i18n = use_i18n();
    let choices: Vec<(Uuid, Option<String>)> =
        known_groups(&use_config()).into_iter().filter(|(id, _)| Some(*id) != group).collect();
    let target = RwSignal::new(choices.first().map(|(id, _)| *id));
    let select_id = format!("move-{}", vehicle.read_at.unwrap_or_default());
    let plate = vehicle.label();
    view! {
        <p class="move-elsewhere" data-test="move-elsewhere">
            <label for=select_id.clone()>{move || t_string!(i18n, groups.move_instead, plate = plate.clone())}</label>
            " "
            <select
                id=select_id
                data-test="move-target"
                on:change=move |ev| target.set(Uuid::parse_str(&event_target_value(&ev)).ok())
            >
                {choices
                    .into_iter()
                    .map(|(id, name)| {
                        view! {
                            <option value=id.to_string()>{move || group_label(i18n.get_locale(), id, &name)}</option>
                        }
                    })
                    .collect_view()}
            </select>
            " "
            <button
                type="button"
                data-test="move-open"
                disabled=move || target.get().is_none()
                on:click=move |_| {
                    if let Some(id) = target.get_untracked() {
                        on_move.run((id, vehicle.clone()));
                    }
                }
            >
                {t!(i18n, groups.open_to_move)}
            </button>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_change_not_kept_is_named_in_the_users_language() {
        let v = GroupVehicle { plate: Some("HX-101-AA".into()), ..GroupVehicle::default() };
        assert_eq!(
            sentence(Locale::en, &NotKept::StillListed(v.clone())),
            "Vehizen accepted the save but still lists HX-101-AA in this group."
        );
        assert!(sentence(Locale::fr, &NotKept::NotAdded(v)).contains("HX-101-AA"));
        assert!(sentence(Locale::en, &NotKept::Name("Nord".into())).contains("“Nord”"));
    }
}
