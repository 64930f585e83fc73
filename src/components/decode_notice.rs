use leptos::prelude::*;

use crate::domain::common::DecodeWarning;
use crate::i18n::{t, use_i18n};

/// A discreet notice that part of a vendor's answer was left out, with the
/// JSON path and reason of each problem one click away (technical detail,
/// as the decoder wrote it).
#[component]
pub fn DecodeNotice(warnings: Vec<DecodeWarning>, vendor: &'static str) -> impl IntoView {
    if warnings.is_empty() {
        return ().into_any();
    }
    let i18n = use_i18n();
    let n = warnings.len();
    view! {
        <details class="decode-notice" data-test="decode-notice">
            <summary>{t!(i18n, common.decode_notice, count = move || n, vendor)}</summary>
            <ul>
                {warnings
                    .into_iter()
                    .map(|w| {
                        view! {
                            <li>
                                <code>{w.path}</code>
                                ": "
                                {w.reason}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
    .into_any()
}
