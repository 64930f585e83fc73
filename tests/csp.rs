//! One Content-Security-Policy: development (`Trunk.toml`, which every
//! end-to-end test runs under, and `Trunk.vendors.example.toml`, for the
//! real vendors) and production (the nginx edge's
//! `security-headers.conf.template`) must state the same policy, up to the
//! nonce placeholder each server fills in and the tile origin nginx is
//! rendered with (its default is the shipped configuration's tiles).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

const TRUNK: &str = include_str!("../Trunk.toml");
const TRUNK_VENDORS: &str = include_str!("../Trunk.vendors.example.toml");
const NGINX: &str = include_str!("../deploy/nginx/security-headers.conf.template");
const CONFIG: &str = include_str!("../public/config.json");

/// Directive → sorted sources, the servers' placeholders made equal.
/// `tiles`: nginx's tile-origin placeholder and what it stands for.
fn policy(directives: Vec<String>, nonce: &str, tiles: Option<(&str, &str)>) -> BTreeMap<String, Vec<String>> {
    directives
        .into_iter()
        .map(|d| d.replace(nonce, "NONCE"))
        .map(|d| match tiles {
            Some((placeholder, origin)) => d.replace(placeholder, origin),
            None => d,
        })
        .filter_map(|d| {
            let mut words = d.split_whitespace().map(str::to_string);
            let name = words.next()?;
            let mut sources: Vec<String> = words.collect();
            sources.sort();
            Some((name, sources))
        })
        .collect()
}

fn trunk_directives(toml: &str) -> Vec<String> {
    let start = toml.find("csp = [").expect("a Trunk configuration with a csp list");
    let end = start + toml[start..].find(']').expect("the csp list ends");
    toml[start + 7..end]
        .lines()
        .filter_map(|l| l.trim().trim_end_matches(',').strip_prefix('"')?.strip_suffix('"').map(str::to_string))
        .collect()
}

fn nginx_directives() -> Vec<String> {
    let line = NGINX.lines().find(|l| l.contains("Content-Security-Policy")).expect("nginx sets the CSP");
    let value = line.split('"').nth(1).expect("the policy is quoted");
    value.split(';').map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect()
}

fn tile_origin() -> String {
    let config: serde_json::Value = serde_json::from_str(CONFIG).expect("config.json");
    let url = config["map"]["tileUrl"].as_str().expect("tileUrl");
    let host_end = url["https://".len()..].find('/').map_or(url.len(), |i| i + "https://".len());
    url[..host_end].to_string()
}

#[test]
fn development_and_production_state_the_same_policy() {
    let tiles = tile_origin();
    let dev = policy(trunk_directives(TRUNK), "'nonce-{{NONCE}}'", None);
    let real_vendors = policy(trunk_directives(TRUNK_VENDORS), "'nonce-{{NONCE}}'", None);
    let prod = policy(nginx_directives(), "'nonce-$request_id'", Some(("@@TILE_ORIGIN@@", &tiles)));
    assert!(dev.len() >= 10, "Trunk.toml's policy was not read: {dev:?}");
    assert!(dev["script-src"].contains(&"NONCE".to_string()), "{dev:?}");
    assert_eq!(dev, prod, "Trunk.toml and deploy/nginx/security-headers.conf.template differ");
    assert_eq!(real_vendors, dev, "Trunk.vendors.example.toml and Trunk.toml differ");
}
