//! A vendor's card: its proxy prefix and what its probe found.

use leptos::prelude::*;

use crate::components::loaded::Loaded;
use crate::format;
use crate::i18n::{t, use_i18n, Locale};
use crate::vendors::ApiError;

#[component]
pub(super) fn VendorCard(
    name: &'static str,
    prefix: String,
    probe: LocalResource<Result<Probe, ApiError>>,
    test: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <article class="card vendor" data-test=format!("vendor-{test}")>
            <h2>{name}</h2>
            <p class="muted">{t!(i18n, connections.through_proxy, prefix, <code> = <code />)}</p>
            <Loaded
                read=move || probe.get()
                vendor=name
                loading=move || t!(i18n, connections.checking)
                retry=Callback::new(move |_| probe.refetch())
                let:answer
            >
                <p class="ok" data-test="status">
                    {move || answer.text(i18n.get_locale())}
                </p>
            </Loaded>
        </article>
    }
}

/// What a vendor's probe found, worded when shown.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Probe {
    VehizenGroup(String),
    VehizenCredential,
    Emabler { drivers: usize, sites: usize },
}

impl Probe {
    fn text(&self, locale: Locale) -> String {
        use crate::i18n::td_string;
        match self {
            Probe::VehizenGroup(name) => td_string!(locale, connections.vehizen_read, name).to_string(),
            Probe::VehizenCredential => td_string!(locale, connections.vehizen_ok).to_string(),
            Probe::Emabler { drivers, sites } => {
                let (drivers, sites) =
                    (format::integer(locale, *drivers as u64), format::integer(locale, *sites as u64));
                td_string!(locale, connections.emabler_ok, drivers, sites).to_string()
            }
        }
    }
}
