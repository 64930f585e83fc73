//! The selected node's details: everything a charging operator asks about.

use leptos::prelude::*;

use super::tree::{socket_state, tag_expired, NodeData};
use crate::domain::charging::{Charger, Driver, Socket, Tag};
use crate::format;
use crate::i18n::{td_string, Locale};
use crate::labels::Label;

fn opt(s: &Option<String>) -> String {
    s.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into())
}

fn num(n: Option<i64>) -> String {
    n.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

fn facts(rows: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <dl class="facts">
            {rows
                .into_iter()
                .map(|(k, v)| {
                    view! {
                        <dt>{k}</dt>
                        <dd>{v}</dd>
                    }
                })
                .collect_view()}
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

fn sockets_table(locale: Locale, charger_id: &str, split: bool, sockets: &[Socket]) -> impl IntoView {
    let rows: Vec<_> = sockets
        .iter()
        .map(|s| {
            let state = socket_state(s.status.as_deref());
            let class = if state.error > 0 {
                "pill err"
            } else if state.offline > 0 {
                "pill off"
            } else {
                "pill on"
            };
            (
                s.name.clone().unwrap_or_else(|| {
                    td_string!(locale, drivers.unnamed_socket, id = s.id.unwrap_or_default()).to_string()
                }),
                s.kind.clone().unwrap_or_default(),
                s.max_watts
                    .map(|w| format::kilowatts(locale, w))
                    .or_else(|| s.max_power.clone())
                    .unwrap_or_else(|| "—".into()),
                (class, s.status.clone().unwrap_or_else(|| td_string!(locale, drivers.unknown).to_string())),
                evse_uid(charger_id, s.id, split),
            )
        })
        .collect();
    view! {
        <table class="compact" data-test="sockets">
            <thead>
                <tr>
                    <th scope="col">{td_string!(locale, drivers.socket)}</th>
                    <th scope="col">{td_string!(locale, drivers.socket_type)}</th>
                    <th scope="col">{td_string!(locale, drivers.power)}</th>
                    <th scope="col">{td_string!(locale, drivers.status)}</th>
                    <th scope="col">{td_string!(locale, drivers.evse_uid)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|(name, kind, kw, (class, status), uid)| {
                        view! {
                            <tr>
                                <td>{name}</td>
                                <td>{kind}</td>
                                <td class="num">{kw}</td>
                                <td>
                                    <span class=class>{status}</span>
                                </td>
                                <td>
                                    <code>{uid}</code>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

fn charger_details(locale: Locale, c: &Charger, sockets: Vec<Socket>) -> AnyView {
    let address = c.location.as_ref().map(|l| {
        [l.street_number.as_deref(), l.house_letter.as_deref(), l.street_address.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
            + &format!(
                ", {} {} {}",
                l.postal_number.clone().unwrap_or_default(),
                l.city.clone().unwrap_or_default(),
                l.country.clone().unwrap_or_default()
            )
    });
    let coords = c.location.as_ref().and_then(|l| {
        Some(format!("{}, {}", format::number(locale, l.latitude?, 5), format::number(locale, l.longitude?, 5)))
    });
    let split = c.split_evse_by_socket.unwrap_or(false);
    let rows = vec![
        (td_string!(locale, drivers.charger_id), c.charger_id.clone()),
        (td_string!(locale, drivers.evse_id), opt(&c.evse_id)),
        (
            td_string!(locale, drivers.evse_uid),
            if split { td_string!(locale, drivers.evse_per_socket).to_string() } else { c.charger_id.clone() },
        ),
        (td_string!(locale, drivers.status), opt(&c.status)),
        (
            td_string!(locale, drivers.connected),
            c.active_connection
                .map(|b| if b { td_string!(locale, common.yes) } else { td_string!(locale, common.no) }.to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        (td_string!(locale, drivers.last_seen_label), format::timestamp(locale, &c.last_seen)),
        (td_string!(locale, drivers.last_message), opt(&c.last_message)),
        (td_string!(locale, drivers.address), address.unwrap_or_else(|| "—".into())),
        (td_string!(locale, drivers.coordinates), coords.unwrap_or_else(|| "—".into())),
        (td_string!(locale, drivers.manufacturer), opt(&c.manufacturer)),
        (td_string!(locale, drivers.model), opt(&c.model)),
        (td_string!(locale, drivers.firmware), opt(&c.firmware)),
        (td_string!(locale, drivers.serial), opt(&c.serial_number)),
        (td_string!(locale, drivers.group), opt(&c.group_name)),
        (
            td_string!(locale, drivers.meter),
            format!(
                "{} {}",
                c.meter_type.clone().unwrap_or_default(),
                c.meter_serial_number.clone().unwrap_or_default()
            ),
        ),
        (td_string!(locale, drivers.capabilities), c.capabilities.join(", ")),
    ];
    let charger_id = c.charger_id.clone();
    view! {
        <h2>{c.name.clone().unwrap_or_else(|| c.charger_id.clone())}</h2>
        {facts(rows)}
        <h3>{td_string!(locale, drivers.sockets)}</h3>
        {sockets_table(locale, &charger_id, split, &sockets)}
    }
    .into_any()
}

fn tags_table(locale: Locale, tags: &[Tag]) -> impl IntoView {
    let now = chrono::Utc::now();
    view! {
        <table class="compact" data-test="tags">
            <thead>
                <tr>
                    <th scope="col">{td_string!(locale, drivers.tag)}</th>
                    <th scope="col">{td_string!(locale, drivers.name)}</th>
                    <th scope="col">{td_string!(locale, drivers.start)}</th>
                    <th scope="col">{td_string!(locale, drivers.expiry)}</th>
                </tr>
            </thead>
            <tbody>
                {tags
                    .iter()
                    .map(|t| {
                        let expired = tag_expired(t, now);
                        view! {
                            <tr class:expired=expired>
                                <td>
                                    <code>{t.id_tag.clone()}</code>
                                </td>
                                <td>{opt(&t.name)}</td>
                                <td>{format::timestamp(locale, &t.starts)}</td>
                                <td>
                                    {format::timestamp(locale, &t.expires)}
                                    {expired.then(|| td_string!(locale, drivers.expired_suffix))}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

pub fn driver_details(locale: Locale, d: &Driver, tags: &[Tag]) -> AnyView {
    let ids: Vec<String> = d
        .integrated_ids
        .iter()
        .map(|i| {
            let (reference, external) = (opt(&i.reference_id), opt(&i.external_id));
            let kind = i.reference_type.as_ref().map(|r| r.label(locale)).unwrap_or_default();
            let from = format::timestamp(locale, &i.effective_from);
            td_string!(locale, drivers.integrated_id, reference, external, kind, from).to_string()
        })
        .collect();
    let rows = vec![
        (td_string!(locale, drivers.external_id), opt(&d.external_id)),
        (td_string!(locale, drivers.driver_id), d.id.to_string()),
        (
            td_string!(locale, drivers.home_site),
            d.home_site_name.clone().unwrap_or_else(|| td_string!(locale, common.none).to_string()),
        ),
        (td_string!(locale, drivers.payer_id), num(d.payer_id)),
        (td_string!(locale, drivers.integrated_ids), if ids.is_empty() { "—".into() } else { ids.join("; ") }),
    ];
    view! {
        <h2 data-test="details-name">{d.name.clone()}</h2>
        {facts(rows)}
        <h3>{td_string!(locale, drivers.tags)}</h3>
        {if tags.is_empty() {
            view! { <p class="muted">{td_string!(locale, drivers.no_tags)}</p> }.into_any()
        } else {
            tags_table(locale, tags).into_any()
        }}
    }
    .into_any()
}

/// Details of any node; `children` gives a driver's tags or a charger's
/// sockets, which the tree holds as child nodes.
pub fn node_details(locale: Locale, data: &NodeData, children: Vec<NodeData>) -> AnyView {
    match data {
        NodeData::Charger(c) => {
            let sockets = children
                .into_iter()
                .filter_map(|n| if let NodeData::Socket { socket, .. } = n { Some(socket) } else { None })
                .collect();
            charger_details(locale, c, sockets)
        }
        NodeData::Driver(d) => {
            let tags: Vec<Tag> =
                children.into_iter().filter_map(|n| if let NodeData::Tag(t) = n { Some(t) } else { None }).collect();
            driver_details(locale, d, &tags)
        }
        NodeData::Socket { socket, charger_id, split_evse } => {
            let rows = vec![
                (td_string!(locale, drivers.status), opt(&socket.status)),
                (td_string!(locale, drivers.socket_type), opt(&socket.kind)),
                (
                    td_string!(locale, drivers.power),
                    socket.max_watts.map(|w| format::kilowatts(locale, w)).unwrap_or_else(|| opt(&socket.max_power)),
                ),
                (
                    td_string!(locale, drivers.voltage_current),
                    format!("{} V / {} A", num(socket.max_voltage), num(socket.max_amperage)),
                ),
                (td_string!(locale, drivers.power_type), opt(&socket.power_type)),
                (td_string!(locale, drivers.format), opt(&socket.format)),
                (td_string!(locale, drivers.evse_uid), evse_uid(charger_id, socket.id, *split_evse)),
                (td_string!(locale, drivers.connector), num(socket.device_connector_id)),
                (td_string!(locale, drivers.last_updated), format::timestamp(locale, &socket.last_updated)),
            ];
            view! {
                <h2>
                    {socket
                        .name
                        .clone()
                        .unwrap_or_else(|| {
                            td_string!(locale, drivers.unnamed_socket, id = socket.id.unwrap_or_default()).to_string()
                        })}
                </h2>
                {facts(rows)}
            }
            .into_any()
        }
        NodeData::Tag(t) => view! {
            <h2>{t.id_tag.clone()}</h2>
            {tags_table(locale, std::slice::from_ref(t))}
        }
        .into_any(),
        NodeData::ChargerGroup(g) => {
            let rows = vec![
                (td_string!(locale, drivers.payer_id), num(g.payer_id)),
                (td_string!(locale, drivers.cost), format!("{} ({})", opt(&g.cost_name), opt(&g.cost_id))),
                (td_string!(locale, drivers.payment_recipient), num(g.payment_recipient_id)),
                (
                    td_string!(locale, drivers.group_type),
                    g.group_type.as_ref().map(|t| t.label(locale)).unwrap_or_else(|| "—".into()),
                ),
                (td_string!(locale, drivers.external_id), opt(&g.external_id)),
                (td_string!(locale, drivers.sockets_vendor), {
                    let (online, offline, error) =
                        (num(g.online_sockets), num(g.offline_sockets), num(g.error_sockets));
                    td_string!(locale, drivers.sockets_vendor_value, online, offline, error).to_string()
                }),
            ];
            view! {
                <h2>{g.name.clone()}</h2>
                {facts(rows)}
            }
            .into_any()
        }
        NodeData::Site(s) => {
            let rows = vec![
                (td_string!(locale, drivers.site_id), s.id.to_string()),
                (td_string!(locale, drivers.external_id), opt(&s.external_id)),
                (
                    td_string!(locale, drivers.socket_type),
                    s.group_type.as_ref().map(|t| t.label(locale)).unwrap_or_else(|| "—".into()),
                ),
            ];
            view! {
                <h2>{s.name.clone()}</h2>
                {facts(rows)}
            }
            .into_any()
        }
        NodeData::WithoutSite => view! {
            <h2>{td_string!(locale, drivers.without_site)}</h2>
            <p class="muted">{td_string!(locale, drivers.without_site_text)}</p>
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
