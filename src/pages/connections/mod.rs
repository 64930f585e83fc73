//! Connections: does each vendor answer, with which configuration, and the
//! Ocean sign-in.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{t, use_i18n};
use crate::vendors::{emabler, vehizen, ApiError};
use crate::{use_config, use_emabler, use_vehizen};

mod config_in_force;
mod customer_picker;
mod ocean_card;
mod units_in_force;
mod vendor_card;

use config_in_force::ConfigInForce;
use ocean_card::OceanCard;
use vendor_card::{Probe, VendorCard};

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let vehizen = use_vehizen();
    let emabler = use_emabler();
    // Vehizen has no cheap list call: read a pinned group, or an id that
    // cannot exist (a 404 proves the API answered and took our credential).
    let probe_id = config.vendors.vehizen.pinned_groups.first().copied().unwrap_or(Uuid::nil());
    let vehizen_probe = LocalResource::new(move || {
        let vehizen = vehizen.clone();
        async move {
            match vehizen.fetch_group(probe_id).await {
                Ok(g) => Ok(Probe::VehizenGroup(g.value.name)),
                Err(ApiError::Http { status: 404, .. }) => Ok(Probe::VehizenCredential),
                Err(e) => Err(e),
            }
        }
    });
    let emabler_probe = LocalResource::new(move || {
        let emabler = emabler.clone();
        async move {
            emabler
                .fetch_tree(|_| (), || true)
                .await
                .map(|t| Probe::Emabler { drivers: t.value.driver_count(), sites: t.value.site_count() })
        }
    });

    Effect::new(move |_| {
        if vehizen_probe.with(Option::is_some) && emabler_probe.with(Option::is_some) {
            crate::perf::mark_after_layout("connections:data");
        }
    });
    view! {
        <section class="page">
            <h1>{t!(i18n, connections.title)}</h1>
            <div class="cards wide">
                <VendorCard
                    name=vehizen::VENDOR
                    prefix=config.vendors.vehizen.base_url.clone()
                    probe=vehizen_probe
                    test="vehizen"
                />
                <VendorCard
                    name=emabler::VENDOR
                    prefix=config.vendors.emabler.base_url.clone()
                    probe=emabler_probe
                    test="emabler"
                />
                <OceanCard />
            </div>
            <ConfigInForce />
        </section>
    }
}
