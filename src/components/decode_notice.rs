use leptos::prelude::*;

use crate::domain::common::DecodeWarning;

/// A discreet notice that part of a vendor's answer was left out, with the
/// JSON path and reason of each problem one click away.
#[component]
pub fn DecodeNotice(warnings: Vec<DecodeWarning>, vendor: &'static str) -> impl IntoView {
    if warnings.is_empty() {
        return ().into_any();
    }
    let n = warnings.len();
    let summary = if n == 1 {
        format!("1 record from {vendor} could not be read and is not shown.")
    } else {
        format!("{n} records from {vendor} could not be read and are not shown.")
    };
    view! {
        <details class="decode-notice" data-test="decode-notice">
            <summary>{summary}</summary>
            <ul>
                {warnings.into_iter().map(|w| view! { <li><code>{w.path}</code>": "{w.reason}</li> }).collect_view()}
            </ul>
        </details>
    }
    .into_any()
}
