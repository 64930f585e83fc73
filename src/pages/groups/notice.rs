//! The shape both save notices share ("someone else changed this group",
//! "Vehizen did not keep all of it"): a title, what happened in sentences,
//! a line of help, and the ways on as buttons.

use leptos::prelude::*;

#[component]
pub fn ChoiceNotice(
    /// `data-test`, and the class that styles it.
    name: &'static str,
    #[prop(into)] title: ViewFn,
    /// What happened, one sentence each.
    #[prop(into)]
    sentences: Signal<Vec<String>>,
    #[prop(into)] help: ViewFn,
    /// The choices, as buttons.
    children: Children,
    /// Below the choices (none by default).
    #[prop(optional, into)]
    after: Option<ViewFn>,
) -> impl IntoView {
    view! {
        <div class=format!("warning {name}") role="alert" data-test=name>
            <p>
                <strong>{title.run()}</strong>
            </p>
            <ul data-test=format!(
                "{name}-list",
            )>{move || sentences.get().into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
            <p class="muted">{help.run()}</p>
            <div class="choices">{children()}</div>
            {after.map(|a| a.run())}
        </div>
    }
}
