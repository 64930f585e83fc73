use leptos::prelude::*;

/// One form field: its label, the input, an optional hint and the error
/// under it, tied together for assistive technology (`aria-describedby`
/// names the hint and the error, `aria-invalid` follows the error). The
/// hint and the error are `{id}-hint` and `{id}-error`. Two grid cells: the
/// label, then the input with what is said about it (`.fields` lays them
/// out in two columns).
#[component]
pub fn TextField(
    /// The input's id (the label's `for`).
    id: &'static str,
    /// The input's `name`.
    name: &'static str,
    #[prop(into)] label: ViewFn,
    #[prop(into)] value: Signal<String>,
    /// Each keystroke's value.
    #[prop(into)]
    on_input: Callback<String>,
    /// Whether the value is refused (`aria-invalid`).
    #[prop(into)]
    invalid: Signal<bool>,
    /// What is wrong with the value, in the user's language (empty if nothing).
    #[prop(into)]
    error: ViewFn,
    /// `data-test` of the error (the end-to-end tests read it).
    error_test: &'static str,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    /// Shows the hint as a warning (e.g. a count over its maximum).
    #[prop(optional, into)]
    hint_warns: Signal<bool>,
    #[prop(optional, into)] placeholder: Option<Signal<String>>,
    #[prop(optional)] maxlength: Option<usize>,
    /// Off for identifiers (GUIDs), on for names.
    #[prop(default = true)]
    spellcheck: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <label for=id>{label.run()}</label>
        <div class="field">
            <input
                id=id
                name=name
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
                placeholder=move || placeholder.map(|p| p.get())
                maxlength=maxlength
                spellcheck=(!spellcheck).then_some("false")
            />
            {hint
                .map(|hint| {
                    view! {
                        <span id=hint_id class=move || if hint_warns.get() { "hint over" } else { "hint" }>
                            {hint}
                        </span>
                    }
                })}
            <span id=error_id class="field-error" data-test=error_test>
                {error.run()}
            </span>
        </div>
    }
}
