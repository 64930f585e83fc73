//! A list of labelled facts (`<dl>`): the details panels of vehicles,
//! drivers, chargers and sockets all show their fields this way.

use leptos::prelude::*;

/// One `<dt>`/`<dd>` pair per row, in a `<dl class=class>` (values as text).
pub fn facts<L: Into<String>>(class: &'static str, rows: Vec<(L, String)>) -> impl IntoView {
    view! {
        <dl class=class>
            {rows
                .into_iter()
                .map(|(k, v)| {
                    view! {
                        <dt>{k.into()}</dt>
                        <dd>{v}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
}
