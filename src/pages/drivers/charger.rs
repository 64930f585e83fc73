//! A charger's details and its sockets' table (EVSE ids, live figures).

use leptos::prelude::*;

use super::dash::text_or_dash;
use super::row::socket_pill;
use crate::components::facts::facts;
use crate::domain::charging::{Charger, Socket};
use crate::format;
use crate::i18n::{td_string, Locale};

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
            let class = socket_pill(s.status.as_deref());
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

/// `actions`: links shown under the title (e.g. "vehicles near this charger").
pub fn charger_details(locale: Locale, c: &Charger, sockets: Vec<Socket>, actions: Option<AnyView>) -> AnyView {
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
        (td_string!(locale, drivers.evse_id), text_or_dash(&c.evse_id)),
        (
            td_string!(locale, drivers.evse_uid),
            if split { td_string!(locale, drivers.evse_per_socket).to_string() } else { c.charger_id.clone() },
        ),
        (td_string!(locale, drivers.status), text_or_dash(&c.status)),
        (
            td_string!(locale, drivers.connected),
            c.active_connection
                .map(|b| if b { td_string!(locale, common.yes) } else { td_string!(locale, common.no) }.to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        (td_string!(locale, drivers.last_seen_label), format::timestamp(locale, &c.last_seen)),
        (td_string!(locale, drivers.last_message), text_or_dash(&c.last_message)),
        (td_string!(locale, drivers.address), address.unwrap_or_else(|| "—".into())),
        (td_string!(locale, drivers.coordinates), coords.unwrap_or_else(|| "—".into())),
        (td_string!(locale, drivers.manufacturer), text_or_dash(&c.manufacturer)),
        (td_string!(locale, drivers.model), text_or_dash(&c.model)),
        (td_string!(locale, drivers.firmware), text_or_dash(&c.firmware)),
        (td_string!(locale, drivers.serial), text_or_dash(&c.serial_number)),
        (td_string!(locale, drivers.group), text_or_dash(&c.group_name)),
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
        {actions}
        {facts("facts", rows)}
        <h3>{td_string!(locale, drivers.sockets)}</h3>
        {sockets_table(locale, &charger_id, split, &sockets)}
    }
    .into_any()
}
