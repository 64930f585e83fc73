use leptos::prelude::*;

use crate::i18n::{t, use_i18n};
use crate::vendors::ApiError;

/// A failed vendor call: a sentence first (the vendor's own message quoted as
/// sent), the technical detail one click away, and a retry button where
/// retrying is safe (the caller decides). A screen may say it in its own
/// terms with `sentence`, worded in the current language.
#[component]
pub fn ErrorPanel(
    error: ApiError,
    vendor: &'static str,
    #[prop(optional, into)] retry: Option<Callback<()>>,
    #[prop(optional, into)] sentence: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let detail = error.to_string();
    let sentence = move || match sentence {
        Some(s) => s.get(),
        None => error.sentence(i18n.get_locale(), vendor),
    };
    view! {
        <div class="error-panel" role="alert" data-test="error">
            <p class="sentence">{sentence}</p>
            <details>
                <summary>{t!(i18n, common.technical_details)}</summary>
                <code>{detail}</code>
            </details>
            {retry.map(|r| view! { <button type="button" on:click=move |_| r.run(())>{t!(i18n, common.try_again)}</button> })}
        </div>
    }
}
