//! The status chips ("chargers with errors", "offline chargers"…): what
//! each selects, the one rule behind both the chip counts (made while the
//! arena is built) and the chip filter. Pure.

use chrono::{DateTime, Utc};

use super::node::{charger_offline, tag_expired, Figures, NodeData};
use crate::domain::common::Timestamp;
use crate::i18n::{td_string, Locale};

/// What a status chip selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Chip {
    ChargersWithErrors,
    OfflineChargers,
    ExpiredTags,
    NeverSeen,
}

pub const CHIPS: [Chip; 4] = [Chip::ChargersWithErrors, Chip::OfflineChargers, Chip::ExpiredTags, Chip::NeverSeen];

impl Chip {
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Chip::ChargersWithErrors => td_string!(locale, drivers.chip_errors),
            Chip::OfflineChargers => td_string!(locale, drivers.chip_offline),
            Chip::ExpiredTags => td_string!(locale, drivers.chip_expired),
            Chip::NeverSeen => td_string!(locale, drivers.chip_never),
        }
    }
}

/// Whether a status chip selects a node (its record and figures), as of
/// `now`: the one rule for the chip counts (made while building the arena)
/// and the chip filter.
pub fn chip_selects(data: &NodeData, figures: &Figures, chip: Chip, now: DateTime<Utc>) -> bool {
    match (data, chip) {
        (NodeData::Charger(_), Chip::ChargersWithErrors) => figures.sockets.error > 0,
        (NodeData::Charger(c), Chip::OfflineChargers) => charger_offline(c),
        (NodeData::Charger(c), Chip::NeverSeen) => c.last_seen == Some(Timestamp::Never),
        (NodeData::Tag(t), Chip::ExpiredTags) => tag_expired(t, now),
        _ => false,
    }
}
