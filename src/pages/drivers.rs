//! Drivers & chargers (eMabler): a summary of the driver tree for now.

use leptos::prelude::*;

use crate::components::{decode_notice::DecodeNotice, error_panel::ErrorPanel};
use crate::domain::charging::DriverTree;
use crate::format::plural;
use crate::use_config;
use crate::vendors::emabler;

#[component]
pub fn DriversPage() -> impl IntoView {
    let config = use_config();
    let tree = LocalResource::new(move || {
        let config = config.clone();
        async move { emabler::fetch_tree(&config).await }
    });
    view! {
        <section class="page">
            <h1>"Drivers & chargers"</h1>
            {move || match tree.get() {
                None => view! { <p class="loading" role="status">"Loading the driver tree…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <ErrorPanel error=e vendor=emabler::VENDOR retry=Callback::new(move |_| tree.refetch()) />
                }.into_any(),
                Some(Ok(t)) => view! {
                    <DecodeNotice warnings=t.warnings vendor=emabler::VENDOR />
                    <TreeSummary tree=t.value />
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn TreeSummary(tree: DriverTree) -> impl IntoView {
    view! {
        <p class="stats" data-test="tree-stats">
            <span><strong>{tree.site_count()}</strong>{plural(tree.site_count(), " site", " sites")}</span>
            <span><strong>{tree.driver_count()}</strong>{plural(tree.driver_count(), " driver", " drivers")}</span>
            <span><strong>{tree.charger_count()}</strong>{plural(tree.charger_count(), " charger", " chargers")}</span>
        </p>
        <div class="table-wrap">
            <table data-test="sites">
                <thead><tr><th scope="col">"Home site"</th><th scope="col" class="num">"Subsites"</th><th scope="col" class="num">"Drivers"</th><th scope="col" class="num">"Chargers"</th></tr></thead>
                <tbody>
                    {tree.sites.iter().map(|s| view! {
                        <tr>
                            <td>{s.name.clone()}</td>
                            <td class="num">{s.site_count() - 1}</td>
                            <td class="num">{s.driver_count()}</td>
                            <td class="num">{s.charger_count()}</td>
                        </tr>
                    }).collect_view()}
                    <tr class="muted-row">
                        <td>"Drivers without a site"</td>
                        <td class="num">"—"</td>
                        <td class="num">{tree.drivers_without_site.len()}</td>
                        <td class="num">{tree.drivers_without_site.iter().map(|d| d.charger_count()).sum::<usize>()}</td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}
