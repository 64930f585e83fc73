//! Help for newcomers: "first steps" on an empty console, and the keyboard
//! shortcuts in a dialog (top bar button, or "?" anywhere outside a field).

use leptos::html::Dialog;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::storage;

/// What each key does, by screen: the same facts the key handlers implement
/// (tree: `pages/drivers/view.rs`; map: Leaflet's keyboard). Keys written as
/// symbols stay as they are; words are translated.
fn shortcuts(locale: Locale) -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            td_string!(locale, help.everywhere),
            vec![
                ("?", td_string!(locale, help.show_list)),
                ("Tab / Shift+Tab", td_string!(locale, help.move_between)),
                ("Esc", td_string!(locale, help.close_list)),
            ],
        ),
        (
            td_string!(locale, help.tree),
            vec![
                ("↑ / ↓", td_string!(locale, help.prev_next_row)),
                ("→ / ←", td_string!(locale, help.open_close_row)),
                ("Home / End", td_string!(locale, help.first_last_row)),
                ("Enter", td_string!(locale, help.select_toggle)),
                (td_string!(locale, help.space), td_string!(locale, help.select_details)),
                ("*", td_string!(locale, help.open_siblings)),
                (td_string!(locale, help.letters), td_string!(locale, help.jump)),
                (td_string!(locale, help.enter_search), td_string!(locale, help.next_match)),
            ],
        ),
        (
            td_string!(locale, help.map),
            vec![
                (td_string!(locale, help.arrows), td_string!(locale, help.pan)),
                ("+ / −", td_string!(locale, help.zoom)),
                (td_string!(locale, help.enter_result), td_string!(locale, help.select_result)),
            ],
        ),
    ]
}

#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<Dialog>::new();
    let open = move || {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    };
    // "?" opens the list unless the user is typing.
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if ev.key() == "?" && !typing && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() {
            ev.prevent_default();
            open();
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <button
            type="button"
            class="help-button"
            aria-haspopup="dialog"
            data-test="shortcuts-button"
            on:click=move |_| open()
        >
            {t!(i18n, help.shortcuts_button)}
        </button>
        <dialog node_ref=dialog class="shortcuts" aria-labelledby="shortcuts-title" data-test="shortcuts">
            <h2 id="shortcuts-title">{t!(i18n, help.shortcuts_title)}</h2>
            {move || {
                shortcuts(i18n.get_locale())
                    .into_iter()
                    .map(|(screen, keys)| {
                        view! {
                            <h3>{screen}</h3>
                            <dl class="keys">
                                {keys
                                    .into_iter()
                                    .map(|(key, what)| {
                                        view! {
                                            <dt>
                                                <kbd>{key}</kbd>
                                            </dt>
                                            <dd>{what}</dd>
                                        }
                                    })
                                    .collect_view()}
                            </dl>
                        }
                    })
                    .collect_view()
            }}
            <form method="dialog">
                <button type="submit">{t!(i18n, help.close)}</button>
            </form>
        </dialog>
    }
}

/// Three first steps, on the landing page until the user dismisses them or
/// has opened a group (`opened_groups`: the page already read its recent list).
#[component]
pub fn FirstSteps(opened_groups: bool) -> impl IntoView {
    let i18n = use_i18n();
    let dismissed = RwSignal::new(opened_groups || storage::first_steps_dismissed());
    let sign_in = crate::edge_sign_in::use_sign_in();
    move || {
        // A viewer is not invited to create a group.
        let can_edit = sign_in.can_edit();
        (!dismissed.get()).then(|| {
            view! {
                <section class="first-steps" aria-labelledby="first-steps-title" data-test="first-steps">
                    <h2 id="first-steps-title">{t!(i18n, help.first_steps)}</h2>
                    <ol>
                        <li>
                            {if can_edit {
                                t!(
                                    i18n, help.step_group, <strong> = <strong />, <a> = |children: ChildrenFn| view! { <A href="/groups/new">{children()}</A> }
                                )
                                    .into_any()
                            } else {
                                t!(i18n, help.step_group_read, <strong> = <strong />).into_any()
                            }}
                        </li>
                        <li>
                            {t!(
                                i18n, help.step_driver, <strong> = <strong />, <a> = |children: ChildrenFn| view! { <A href="/drivers">{children()}</A> }
                            )}
                        </li>
                        <li>
                            {t!(
                                i18n, help.step_ocean, <strong> = <strong />,
                            <map> = |children: ChildrenFn| view! { <A href="/map">{children()}</A> },
                            <conn> = |children: ChildrenFn| view! { <A href="/connections">{children()}</A> }
                            )}
                        </li>
                    </ol>
                    <p class="muted">{t!(i18n, help.press_question)}</p>
                    <button
                        type="button"
                        data-test="dismiss-first-steps"
                        on:click=move |_| {
                            storage::dismiss_first_steps();
                            dismissed.set(true);
                        }
                    >
                        {t!(i18n, help.got_it)}
                    </button>
                </section>
            }
        })
    }
}
