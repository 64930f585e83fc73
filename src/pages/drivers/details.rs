//! The selected node's details: everything a charging operator asks about.

use leptos::prelude::*;

use super::charger::{charger_details, evse_uid};
use super::dash::{number_or_dash, text_or_dash};
use super::node::{tag_expired, NodeData};
use crate::components::facts::facts;
use crate::domain::charging::{Driver, Tag};
use crate::format;
use crate::i18n::{td_string, Locale};

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
                                <td>{text_or_dash(&t.name)}</td>
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

pub fn driver_details(locale: Locale, d: &Driver, tags: &[Tag], actions: Option<AnyView>) -> AnyView {
    let ids: Vec<String> = d
        .integrated_ids
        .iter()
        .map(|i| {
            let (reference, external) = (text_or_dash(&i.reference_id), text_or_dash(&i.external_id));
            let kind = i.reference_type.as_ref().map(|r| r.label(locale)).unwrap_or_default();
            let from = format::timestamp(locale, &i.effective_from);
            td_string!(locale, drivers.integrated_id, reference, external, kind, from).to_string()
        })
        .collect();
    let rows = vec![
        (td_string!(locale, drivers.external_id), text_or_dash(&d.external_id)),
        (td_string!(locale, drivers.driver_id), d.id.to_string()),
        (
            td_string!(locale, drivers.home_site),
            d.home_site_name.clone().unwrap_or_else(|| td_string!(locale, common.none).to_string()),
        ),
        (td_string!(locale, drivers.payer_id), number_or_dash(d.payer_id)),
        (td_string!(locale, drivers.integrated_ids), if ids.is_empty() { "—".into() } else { ids.join("; ") }),
    ];
    view! {
        <h2 data-test="details-name">{d.name.clone()}</h2>
        {actions}
        {facts("facts", rows)}
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
/// sockets, which the tree holds as child nodes; `actions` are links shown
/// under the title.
pub fn node_details(locale: Locale, data: &NodeData, children: Vec<NodeData>, actions: Option<AnyView>) -> AnyView {
    match data {
        NodeData::Charger(c) => {
            let sockets = children
                .into_iter()
                .filter_map(|n| if let NodeData::Socket { socket, .. } = n { Some(*socket) } else { None })
                .collect();
            charger_details(locale, c, sockets, actions)
        }
        NodeData::Driver(d) => {
            let tags: Vec<Tag> =
                children.into_iter().filter_map(|n| if let NodeData::Tag(t) = n { Some(*t) } else { None }).collect();
            driver_details(locale, d, &tags, actions)
        }
        NodeData::Socket { socket, charger_id, split_evse } => {
            let rows = vec![
                (td_string!(locale, drivers.status), text_or_dash(&socket.status)),
                (td_string!(locale, drivers.socket_type), text_or_dash(&socket.kind)),
                (
                    td_string!(locale, drivers.power),
                    socket
                        .max_watts
                        .map(|w| format::kilowatts(locale, w))
                        .unwrap_or_else(|| text_or_dash(&socket.max_power)),
                ),
                (
                    td_string!(locale, drivers.voltage_current),
                    format!("{} V / {} A", number_or_dash(socket.max_voltage), number_or_dash(socket.max_amperage)),
                ),
                (td_string!(locale, drivers.power_type), text_or_dash(&socket.power_type)),
                (td_string!(locale, drivers.format), text_or_dash(&socket.format)),
                (td_string!(locale, drivers.evse_uid), evse_uid(charger_id, socket.id, *split_evse)),
                (td_string!(locale, drivers.connector), number_or_dash(socket.device_connector_id)),
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
                {actions}
                {facts("facts", rows)}
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
                (td_string!(locale, drivers.payer_id), number_or_dash(g.payer_id)),
                (
                    td_string!(locale, drivers.cost),
                    format!("{} ({})", text_or_dash(&g.cost_name), text_or_dash(&g.cost_id)),
                ),
                (td_string!(locale, drivers.payment_recipient), number_or_dash(g.payment_recipient_id)),
                (
                    td_string!(locale, drivers.group_type),
                    g.group_type.as_ref().map(|t| t.label(locale)).unwrap_or_else(|| "—".into()),
                ),
                (td_string!(locale, drivers.external_id), text_or_dash(&g.external_id)),
                (td_string!(locale, drivers.sockets_vendor), {
                    let (online, offline, error) = (
                        number_or_dash(g.online_sockets),
                        number_or_dash(g.offline_sockets),
                        number_or_dash(g.error_sockets),
                    );
                    td_string!(locale, drivers.sockets_vendor_value, online, offline, error).to_string()
                }),
            ];
            view! {
                <h2>{g.name.clone()}</h2>
                {actions}
                {facts("facts", rows)}
            }
            .into_any()
        }
        NodeData::Site(s) => {
            let rows = vec![
                (td_string!(locale, drivers.site_id), s.id.to_string()),
                (td_string!(locale, drivers.external_id), text_or_dash(&s.external_id)),
                (
                    td_string!(locale, drivers.socket_type),
                    s.group_type.as_ref().map(|t| t.label(locale)).unwrap_or_else(|| "—".into()),
                ),
            ];
            view! {
                <h2>{s.name.clone()}</h2>
                {actions}
                {facts("facts", rows)}
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
    use super::super::charger::evse_uid;

    #[test]
    fn evse_uid_adds_the_socket_only_when_split() {
        assert_eq!(evse_uid("EMB000012", Some(2), true), "EMB0000122");
        assert_eq!(evse_uid("EMB000012", Some(2), false), "EMB000012");
    }
}
