use leptos::prelude::*;

use crate::vendors::ApiError;

/// A failed vendor call: a sentence first, the technical detail one click away,
/// and a retry button where retrying is safe (the caller decides). A screen
/// may say it in its own terms with `sentence`.
#[component]
pub fn ErrorPanel(
    error: ApiError,
    vendor: &'static str,
    #[prop(optional, into)] retry: Option<Callback<()>>,
    #[prop(optional, into)] sentence: Option<String>,
) -> impl IntoView {
    let sentence = sentence.unwrap_or_else(|| error.sentence(vendor));
    let detail = error.to_string();
    view! {
        <div class="error-panel" role="alert" data-test="error">
            <p class="sentence">{sentence}</p>
            <details>
                <summary>"Technical details"</summary>
                <code>{detail}</code>
            </details>
            {retry.map(|r| view! { <button type="button" on:click=move |_| r.run(())>"Try again"</button> })}
        </div>
    }
}
