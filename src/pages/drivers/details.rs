//! The selected node's details: everything a charging operator asks about.

use leptos::prelude::*;

use super::tree::{socket_state, tag_expired, NodeData};
use crate::domain::charging::{Charger, Driver, Socket, Tag};
use crate::format;

fn opt(s: &Option<String>) -> String {
    s.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into())
}

fn num(n: Option<i64>) -> String {
    n.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

fn facts(rows: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <dl class="facts">
            {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
    }
}

/// EVSE UID per the vendor: chargerId, plus the socket id when split.
pub fn evse_uid(charger_id: &str, socket_id: Option<i64>, split: bool) -> String {
    match (split, socket_id) {
        (true, Some(s)) => format!("{charger_id}{s}"),
        _ => charger_id.to_string(),
    }
}

fn sockets_table(charger_id: &str, split: bool, sockets: &[Socket]) -> impl IntoView {
    let rows: Vec<_> = sockets
        .iter()
        .map(|s| {
            let state = socket_state(s.status.as_deref());
            let class = if state.error > 0 { "pill err" } else if state.offline > 0 { "pill off" } else { "pill on" };
            (
                s.name.clone().unwrap_or_else(|| format!("Socket {}", s.id.unwrap_or_default())),
                s.kind.clone().unwrap_or_default(),
                s.max_watts.map(|w| format!("{:.1} kW", w as f64 / 1000.0)).or_else(|| s.max_power.clone()).unwrap_or_else(|| "—".into()),
                (class, s.status.clone().unwrap_or_else(|| "unknown".into())),
                evse_uid(charger_id, s.id, split),
            )
        })
        .collect();
    view! {
        <table class="compact" data-test="sockets">
            <thead><tr><th scope="col">"Socket"</th><th scope="col">"Type"</th><th scope="col">"Power"</th><th scope="col">"Status"</th><th scope="col">"EVSE UID"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(name, kind, kw, (class, status), uid)| view! {
                    <tr><td>{name}</td><td>{kind}</td><td class="num">{kw}</td><td><span class=class>{status}</span></td><td><code>{uid}</code></td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn charger_details(c: &Charger, sockets: Vec<Socket>) -> AnyView {
    let address = c.location.as_ref().map(|l| {
        [l.street_number.as_deref(), l.house_letter.as_deref(), l.street_address.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
            + &format!(", {} {} {}", l.postal_number.clone().unwrap_or_default(), l.city.clone().unwrap_or_default(), l.country.clone().unwrap_or_default())
    });
    let coords = c.location.as_ref().and_then(|l| Some(format!("{:.5}, {:.5}", l.latitude?, l.longitude?)));
    let split = c.split_evse_by_socket.unwrap_or(false);
    let rows = vec![
        ("Charger id", c.charger_id.clone()),
        ("EVSE id (eMI3)", opt(&c.evse_id)),
        ("EVSE UID", if split { "chargerId + socket id (per socket below)".into() } else { c.charger_id.clone() }),
        ("Status", opt(&c.status)),
        ("Connected", c.active_connection.map(|b| if b { "yes" } else { "no" }.to_string()).unwrap_or_else(|| "—".into())),
        ("Last seen", format::timestamp(&c.last_seen)),
        ("Last message", opt(&c.last_message)),
        ("Address", address.unwrap_or_else(|| "—".into())),
        ("Coordinates", coords.unwrap_or_else(|| "—".into())),
        ("Manufacturer", opt(&c.manufacturer)),
        ("Model", opt(&c.model)),
        ("Firmware", opt(&c.firmware)),
        ("Serial number", opt(&c.serial_number)),
        ("Group", opt(&c.group_name)),
        ("Meter", format!("{} {}", c.meter_type.clone().unwrap_or_default(), c.meter_serial_number.clone().unwrap_or_default())),
        ("Capabilities", c.capabilities.join(", ")),
    ];
    let charger_id = c.charger_id.clone();
    view! {
        <h2>{c.name.clone().unwrap_or_else(|| c.charger_id.clone())}</h2>
        {facts(rows)}
        <h3>"Sockets"</h3>
        {sockets_table(&charger_id, split, &sockets)}
    }
    .into_any()
}

fn tags_table(tags: &[Tag]) -> impl IntoView {
    let now = chrono::Utc::now();
    view! {
        <table class="compact" data-test="tags">
            <thead><tr><th scope="col">"Tag"</th><th scope="col">"Name"</th><th scope="col">"Start"</th><th scope="col">"Expiry"</th></tr></thead>
            <tbody>
                {tags.iter().map(|t| {
                    let expired = tag_expired(t, now);
                    view! {
                        <tr class:expired=expired>
                            <td><code>{t.id_tag.clone()}</code></td>
                            <td>{opt(&t.name)}</td>
                            <td>{format::timestamp(&t.starts)}</td>
                            <td>{format::timestamp(&t.expires)}{expired.then_some(" (expired)")}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

pub fn driver_details(d: &Driver, tags: &[Tag]) -> AnyView {
    let ids: Vec<String> = d
        .integrated_ids
        .iter()
        .map(|i| format!("{} → {} ({}, from {})", opt(&i.reference_id), opt(&i.external_id), i.reference_type.as_ref().map(|r| r.label()).unwrap_or_default(), format::timestamp(&i.effective_from)))
        .collect();
    let rows = vec![
        ("External id", opt(&d.external_id)),
        ("Driver id", d.id.to_string()),
        ("Home site", d.home_site_name.clone().unwrap_or_else(|| "none".into())),
        ("Payer id", num(d.payer_id)),
        ("Integrated ids", if ids.is_empty() { "—".into() } else { ids.join("; ") }),
    ];
    view! {
        <h2 data-test="details-name">{d.name.clone()}</h2>
        {facts(rows)}
        <h3>"Tags"</h3>
        {if tags.is_empty() { view! { <p class="muted">"No tags."</p> }.into_any() } else { tags_table(tags).into_any() }}
    }
    .into_any()
}

/// Details of any node; `children` gives a driver's tags or a charger's
/// sockets, which the tree holds as child nodes.
pub fn node_details(data: &NodeData, children: Vec<NodeData>) -> AnyView {
    match data {
        NodeData::Charger(c) => {
            let sockets = children.into_iter().filter_map(|n| if let NodeData::Socket { socket, .. } = n { Some(socket) } else { None }).collect();
            charger_details(c, sockets)
        }
        NodeData::Driver(d) => {
            let tags: Vec<Tag> = children.into_iter().filter_map(|n| if let NodeData::Tag(t) = n { Some(t) } else { None }).collect();
            driver_details(d, &tags)
        }
        NodeData::Socket { socket, charger_id, split_evse } => {
            let rows = vec![
                ("Status", opt(&socket.status)),
                ("Type", opt(&socket.kind)),
                ("Power", socket.max_watts.map(|w| format!("{:.1} kW", w as f64 / 1000.0)).unwrap_or_else(|| opt(&socket.max_power))),
                ("Voltage / current", format!("{} V / {} A", num(socket.max_voltage), num(socket.max_amperage))),
                ("Power type", opt(&socket.power_type)),
                ("Format", opt(&socket.format)),
                ("EVSE UID", evse_uid(charger_id, socket.id, *split_evse)),
                ("Connector", num(socket.device_connector_id)),
                ("Last updated", format::timestamp(&socket.last_updated)),
            ];
            view! { <h2>{socket.name.clone().unwrap_or_else(|| "Socket".into())}</h2>{facts(rows)} }.into_any()
        }
        NodeData::Tag(t) => view! { <h2>{t.id_tag.clone()}</h2>{tags_table(std::slice::from_ref(t))} }.into_any(),
        NodeData::ChargerGroup(g) => {
            let rows = vec![
                ("Payer id", num(g.payer_id)),
                ("Cost", format!("{} ({})", opt(&g.cost_name), opt(&g.cost_id))),
                ("Payment recipient", num(g.payment_recipient_id)),
                ("Group type", g.group_type.as_ref().map(|t| t.label()).unwrap_or_else(|| "—".into())),
                ("External id", opt(&g.external_id)),
                ("Sockets (vendor)", format!("{} online, {} offline, {} in error", num(g.online_sockets), num(g.offline_sockets), num(g.error_sockets))),
            ];
            view! { <h2>{g.name.clone()}</h2>{facts(rows)} }.into_any()
        }
        NodeData::Site(s) => {
            let rows = vec![
                ("Site id", s.id.to_string()),
                ("External id", opt(&s.external_id)),
                ("Type", s.group_type.as_ref().map(|t| t.label()).unwrap_or_else(|| "—".into())),
            ];
            view! { <h2>{s.name.clone()}</h2>{facts(rows)} }.into_any()
        }
        NodeData::WithoutSite => view! {
            <h2>"Drivers without a site"</h2>
            <p class="muted">"Drivers in eMabler’s spare group and drivers with no home site."</p>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::evse_uid;

    #[test]
    fn evse_uid_adds_the_socket_only_when_split() {
        assert_eq!(evse_uid("EMB000012", Some(2), true), "EMB0000122");
        assert_eq!(evse_uid("EMB000012", Some(2), false), "EMB000012");
    }
}
