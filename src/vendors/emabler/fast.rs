//! The fast path of the driver tree: typed serde structs read the whole
//! answer straight into the domain types, with no JSON tree in between.
//! The tolerant reader (a borrowed tree, then `Obj`) took 1.8× the time of
//! the browser's `JSON.parse` on the 5.9 MB answer of 2,000 drivers.
//!
//! **The fast path only says yes when the tolerant reader would have read
//! the same thing without a warning** (see `vendors::strict`): one odd
//! field anywhere and [`tree`] says no, and the caller reads the body with
//! the tolerant reader, which reports it. The test
//! `the_fast_path_reads_exactly_what_the_tolerant_reader_reads` holds the
//! two to that.

use serde::Deserialize;

use crate::domain::charging::*;
use crate::domain::common::{Coded, Timestamp};
use crate::vendors::strict::{coded, domain_list, time, whole, Element, IntoDomain};

mod chargers;

use chargers::{ChargerDto, ChargerGroupDto};

/// The tree's two lists (`userGroups`, `spareUsers`), or `None` when the
/// tolerant reader must read this body.
pub fn tree(body: &str) -> Option<super::TreeDto> {
    // Through `Element`, as every object here: a derived struct alone would
    // also take a JSON list as its fields in order.
    let dto = serde_json::from_str::<Element<TreeDto>>(body).ok()?.0?;
    Some(super::TreeDto { user_groups: dto.user_groups, spare_users: dto.spare_users })
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct TreeDto {
    #[serde(deserialize_with = "domain_list::<_, SiteDto>")]
    user_groups: Vec<Site>,
    #[serde(deserialize_with = "domain_list::<_, DriverDto>")]
    spare_users: Vec<Driver>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct SiteDto {
    #[serde(deserialize_with = "whole")]
    id: Option<i64>,
    group_name: Option<String>,
    name: Option<String>,
    is_spare: Option<bool>,
    #[serde(deserialize_with = "coded")]
    group_type: Option<Coded<GroupType>>,
    external_id: Option<String>,
    #[serde(deserialize_with = "domain_list::<_, SiteDto>")]
    subgroups: Vec<Site>,
    #[serde(deserialize_with = "domain_list::<_, DriverDto>")]
    users: Vec<Driver>,
}

impl IntoDomain for SiteDto {
    type Domain = Site;
    fn into_domain(self) -> Option<Site> {
        Some(Site {
            id: self.id?,
            // The schema says `groupName`; the short example says `name`.
            name: self.group_name.or(self.name).unwrap_or_default(),
            is_spare: self.is_spare.unwrap_or(false),
            group_type: self.group_type,
            external_id: self.external_id,
            subsites: self.subgroups,
            drivers: self.users,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct DriverDto {
    #[serde(deserialize_with = "whole")]
    id: Option<i64>,
    name: Option<String>,
    external_id: Option<String>,
    #[serde(deserialize_with = "whole")]
    home_group_id: Option<i64>,
    home_group_name: Option<String>,
    #[serde(deserialize_with = "whole")]
    payer_id: Option<i64>,
    #[serde(deserialize_with = "domain_list::<_, TagDto>")]
    tags: Vec<Tag>,
    #[serde(deserialize_with = "domain_list::<_, ChargerGroupDto>")]
    charger_groups: Vec<ChargerGroup>,
    #[serde(deserialize_with = "domain_list::<_, ChargerDto>")]
    chargers: Vec<Charger>,
    #[serde(deserialize_with = "domain_list::<_, IntegratedIdDto>")]
    integrated_external_ids: Vec<IntegratedId>,
}

impl IntoDomain for DriverDto {
    type Domain = Driver;
    fn into_domain(self) -> Option<Driver> {
        Some(Driver {
            id: self.id?,
            name: self.name.unwrap_or_default(),
            external_id: self.external_id,
            home_site_id: self.home_group_id.filter(|id| *id != 0),
            home_site_name: self.home_group_name.filter(|n| !n.is_empty()),
            payer_id: self.payer_id,
            tags: self.tags,
            charger_groups: self.charger_groups,
            chargers: self.chargers,
            integrated_ids: self.integrated_external_ids,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct TagDto {
    #[serde(deserialize_with = "whole")]
    id: Option<i64>,
    id_tag: Option<String>,
    token_name: Option<String>,
    #[serde(deserialize_with = "time")]
    start_date: Option<Timestamp>,
    #[serde(deserialize_with = "time")]
    expiring_date: Option<Timestamp>,
    #[serde(deserialize_with = "time")]
    last_updated: Option<Timestamp>,
    invoicable: Option<bool>,
}

impl IntoDomain for TagDto {
    type Domain = Tag;
    fn into_domain(self) -> Option<Tag> {
        Some(Tag {
            id: self.id,
            id_tag: self.id_tag?,
            name: self.token_name,
            starts: self.start_date,
            expires: self.expiring_date,
            updated: self.last_updated,
            invoicable: self.invoicable,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct IntegratedIdDto {
    #[serde(deserialize_with = "coded")]
    reference_type: Option<Coded<ReferenceType>>,
    reference_id: Option<String>,
    external_id: Option<String>,
    #[serde(deserialize_with = "time")]
    effective_from: Option<Timestamp>,
}

impl IntoDomain for IntegratedIdDto {
    type Domain = IntegratedId;
    fn into_domain(self) -> Option<IntegratedId> {
        Some(IntegratedId {
            reference_type: self.reference_type,
            reference_id: self.reference_id,
            external_id: self.external_id,
            effective_from: self.effective_from,
        })
    }
}

/// One element of a list of drivers at the start of `text`, for the sliced
/// reader: the driver (`None` for `null`) and how many bytes it took; `None`
/// when the tolerant reader must read it (as for [`tree`], one odd field
/// is enough).
pub fn driver_element(text: &str) -> Option<(Option<Driver>, usize)> {
    let mut read = serde_json::Deserializer::from_str(text).into_iter::<Element<DriverDto>>();
    match read.next()? {
        Ok(Element(None)) => Some((None, read.byte_offset())),
        Ok(Element(Some(dto))) => Some((Some(dto.into_domain()?), read.byte_offset())),
        Err(_) => None,
    }
}

/// A site's own fields (its lists left out), given as one JSON object, for
/// the sliced reader; `None` when the tolerant reader must read the body.
pub fn site_fields(object: &str) -> Option<Site> {
    serde_json::from_str::<Element<SiteDto>>(object).ok()?.0?.into_domain()
}
