//! "Someone else changed this group": what they changed, in words, and the
//! two ways on: this user's changes applied on top, or their version.

use leptos::prelude::*;

use super::merge::TheirChanges;
use super::notice::ChoiceNotice;
use crate::domain::groups::GroupVehicle;
use crate::i18n::{t, td_string, use_i18n, Locale};

/// How many vehicles a sentence names before "and N more".
const NAMED: usize = 10;

/// A vehicle as people know it: plate, else name, else id.
fn vehicle_list(locale: Locale, vehicles: &[GroupVehicle]) -> String {
    let shown = vehicles.iter().take(NAMED).map(GroupVehicle::label).collect::<Vec<_>>().join(", ");
    match vehicles.len().saturating_sub(NAMED) {
        0 => shown,
        count => td_string!(locale, groups.conflict_more, shown, count).to_string(),
    }
}

/// The sentences saying what the other person changed.
pub fn change_sentences(locale: Locale, c: &TheirChanges) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((from, to)) = &c.renamed {
        out.push(td_string!(locale, groups.conflict_renamed, from, to).to_string());
    }
    if c.customer_changed {
        out.push(td_string!(locale, groups.conflict_customer).to_string());
    }
    if c.eco_profile_changed {
        out.push(td_string!(locale, groups.conflict_eco).to_string());
    }
    if !c.added.is_empty() {
        out.push(td_string!(locale, groups.conflict_added, list = vehicle_list(locale, &c.added)).to_string());
    }
    if !c.removed.is_empty() {
        out.push(td_string!(locale, groups.conflict_removed, list = vehicle_list(locale, &c.removed)).to_string());
    }
    out
}

#[component]
pub fn ConflictNotice(changes: TheirChanges, on_apply: Callback<()>, on_reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let sentences = Signal::derive(move || change_sentences(i18n.get_locale(), &changes));
    view! {
        <ChoiceNotice
            name="conflict"
            title=move || t!(i18n, groups.conflict_title)
            sentences
            help=move || t!(i18n, groups.conflict_help)
        >
            <button type="button" class="primary" data-test="apply-on-top" on:click=move |_| on_apply.run(())>
                {t!(i18n, groups.conflict_apply)}
            </button>
            <button type="button" data-test="reload-theirs" on:click=move |_| on_reload.run(())>
                {t!(i18n, groups.conflict_reload)}
            </button>
        </ChoiceNotice>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn plate(n: u128) -> GroupVehicle {
        GroupVehicle { id: Some(Uuid::from_u128(n)), plate: Some(format!("AA-{n:03}-AA")), ..GroupVehicle::default() }
    }

    #[test]
    fn their_changes_read_as_sentences_naming_the_vehicles() {
        let changes = TheirChanges {
            renamed: Some(("Nord".into(), "Nord-Est".into())),
            added: vec![plate(1), GroupVehicle { name: Some("Kangoo".into()), ..GroupVehicle::default() }],
            removed: (0..12).map(plate).collect(),
            ..TheirChanges::default()
        };
        let en = change_sentences(Locale::en, &changes);
        assert_eq!(en[0], "They renamed it from “Nord” to “Nord-Est”.");
        assert_eq!(en[1], "They added: AA-001-AA, Kangoo.");
        assert!(en[2].starts_with("They removed: AA-000-AA, AA-001-AA,"), "{}", en[2]);
        assert!(en[2].ends_with("AA-009-AA and 2 more."), "{}", en[2]);
        assert_eq!(en.len(), 3);
        assert!(change_sentences(Locale::fr, &changes)[0].contains("« Nord »"));
    }
}
