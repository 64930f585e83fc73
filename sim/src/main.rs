#![recursion_limit = "256"]
//! fleet-sim: the console's embedded default vendor. It speaks the documented
//! Vehizen, eMabler and Ocean contracts (paths, auth, status codes, JSON keys)
//! and the French address API's (the geocoder) with realistic data derived
//! from a seed, on 127.0.0.1.
//!
//! Vendor routes live under `/vehizen/`, `/emabler/`, `/ocean/` and
//! `/geocoder/`, which is where the proxy (Trunk or nginx) sends each
//! vendor's prefix. Test-only
//! controls live under `/__sim/` and are never proxied.

mod clock;
mod control;
mod data;
mod emabler;
mod geocoder;
mod ocean;
mod vehizen;

#[cfg(test)]
mod contract_tests;

use std::{net::SocketAddr, path::PathBuf, sync::Arc};

use axum::{
    extract::Path,
    http::StatusCode,
    middleware,
    response::IntoResponse,
    routing::{get, post},
    Json, Router,
};
use chrono::{DateTime, NaiveTime, Utc};
use clap::Parser;
use uuid::Uuid;

#[derive(Parser, Debug)]
#[command(about = "Vendor simulator for the fleet console")]
struct Args {
    /// TCP port on 127.0.0.1.
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Seed of every generated record.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Reference time of generated timestamps (RFC 3339); default: today 00:00 UTC.
    #[arg(long)]
    epoch: Option<DateTime<Utc>>,
    /// Ocean vehicles (nearest-vehicle search).
    #[arg(long, default_value_t = 400)]
    vehicles: usize,
    /// eMabler drivers in the driver tree.
    #[arg(long, default_value_t = 150)]
    drivers: usize,
    /// Vehizen vehicles spread over the seeded groups.
    #[arg(long, default_value_t = 96)]
    group_vehicles: usize,
    /// Header carrying the Vehizen credential (the vendor does not publish its scheme).
    #[arg(long, default_value = "X-Vehizen-Key")]
    vehizen_header: String,
    #[arg(long, default_value = "demo-vehizen-key")]
    vehizen_key: String,
    /// eMabler `x-api-key`.
    #[arg(long, default_value = "demo-emabler-key")]
    emabler_key: String,
    /// Ocean demo login (single customer); `multi` with the same password sees two customers.
    #[arg(long, default_value = "demo")]
    ocean_password: String,
    /// Lifetime of an Ocean token in seconds (the vendor's is 12 h).
    #[arg(long, default_value_t = 12 * 3600)]
    ocean_token_lifetime: i64,
    /// Seconds between two ticks of the simulated world (driving vehicles
    /// move on, a few charging sockets change state); 0 freezes it, and
    /// only `POST /__sim/clock` advances it (the tests do).
    #[arg(long, default_value_t = 20)]
    live_every: u64,
    /// Keep created and updated Vehizen groups in this JSON file across restarts.
    #[arg(long)]
    data_file: Option<PathBuf>,
}

/// The whole simulator: vendor routes (logged, fault-injectable) and controls.
fn build(args: &Args) -> (Router, usize) {
    let now = args.epoch.unwrap_or_else(|| Utc::now().with_time(NaiveTime::MIN).single().unwrap_or_else(Utc::now));

    let vehizen = Arc::new(vehizen::Vehizen::new(
        vehizen::Auth { header: args.vehizen_header.clone(), key: args.vehizen_key.clone() },
        args.group_vehicles,
        args.seed,
        now,
        args.data_file.clone(),
    ));
    let clock = Arc::new(clock::Clock::new(args.live_every));
    let emabler =
        Arc::new(emabler::Emabler::new(args.emabler_key.clone(), args.drivers, args.seed, now, clock.clone()));
    let ocean = Arc::new(ocean::Ocean::new(
        vec![
            ocean::Account {
                login: "demo",
                password: args.ocean_password.clone(),
                customers: vec![1001],
                password_days_left: 87,
            },
            // Acts for two customers; its password is about to expire.
            ocean::Account {
                login: "multi",
                password: args.ocean_password.clone(),
                customers: vec![1001, 1002],
                password_days_left: 5,
            },
        ],
        chrono::Duration::seconds(args.ocean_token_lifetime),
        args.vehicles,
        args.seed,
        now,
        clock.clone(),
    ));

    let geocoder = Arc::new(geocoder::Geocoder::new(args.seed));

    let control = Arc::new(control::Control::default());
    let vendors = Router::new()
        .merge(vehizen.clone().router())
        .merge(emabler.clone().router())
        .merge(ocean.router())
        .merge(geocoder.router())
        .layer(middleware::from_fn_with_state(control.clone(), control::observe));
    let (groups_vz, vehicles_vz) = (vehizen.clone(), vehizen.clone());
    let (quirks_vz, unset_vz, odd_vz) = (vehizen.clone(), vehizen.clone(), vehizen.clone());
    let app = Router::new()
        .merge(vendors)
        .merge(control::router(control))
        .merge(clock::router(clock))
        .route(
            "/__sim/groups",
            get(move || {
                let vz = groups_vz.clone();
                async move { Json(vehizen::list_for_tests(&vz).await) }
            }),
        )
        .route(
            "/__sim/vehizen/quirks",
            post(move |Json(q): Json<vehizen::Quirks>| {
                let vz = quirks_vz.clone();
                async move { vehizen::quirks_for_tests(&vz, q).await }
            })
            .delete(move || {
                let vz = unset_vz.clone();
                async move { vehizen::quirks_for_tests(&vz, vehizen::Quirks::default()).await }
            }),
        )
        .route(
            "/__sim/vehizen/groups/{id}/odd-vehicles",
            post(move |Path(id): Path<Uuid>, Json(odd): Json<vehizen::OddVehicle>| {
                let vz = odd_vz.clone();
                async move {
                    match vehizen::odd_vehicle_for_tests(&vz, id, odd).await {
                        Some(item) => (StatusCode::CREATED, Json(item)).into_response(),
                        None => StatusCode::NOT_FOUND.into_response(),
                    }
                }
            }),
        )
        .route(
            "/__sim/vehizen/vehicles/{id}",
            get(move |Path(id): Path<Uuid>| {
                let vz = vehicles_vz.clone();
                async move {
                    match vehizen::vehicle_for_tests(&vz, id).await {
                        Some(v) => Json(v).into_response(),
                        None => StatusCode::NOT_FOUND.into_response(),
                    }
                }
            }),
        );
    (app, emabler.tree_len())
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let (app, tree_len) = build(&args);

    let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("fleet-sim: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "fleet-sim listening on http://{addr} (seed {}, {} Ocean vehicles, {} eMabler drivers, tree {} KB)",
        args.seed,
        args.vehicles,
        args.drivers,
        tree_len / 1024
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        eprintln!("fleet-sim: server error: {e}");
        std::process::exit(1);
    }
}
