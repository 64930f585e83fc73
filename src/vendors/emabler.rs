//! eMabler driver tree and driver by externalId (camelCase JSON). The URL
//! paths are not published: they come from `config.json`.

use serde::Deserialize;

use super::http::{decode, Call};
use super::ApiError;
use crate::config::{AppConfig, EXTERNAL_ID_PLACEHOLDER};
use crate::domain::charging::{Driver, DriverTree, Site};

pub const VENDOR: &str = "eMabler";

mod dto {
    use super::*;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct TreeDto {
        #[serde(default)]
        pub user_groups: Vec<UserGroupDto>,
        #[serde(default)]
        pub spare_users: Vec<UserDto>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct UserGroupDto {
        pub id: Option<i64>,
        #[serde(default)]
        pub is_spare: bool,
        pub group_name: Option<String>,
        /// The short doc example says `name`.
        pub name: Option<String>,
        #[serde(default)]
        pub subgroups: Vec<Option<UserGroupDto>>,
        #[serde(default)]
        pub users: Vec<UserDto>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct UserDto {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub external_id: Option<String>,
        #[serde(default)]
        pub chargers: Vec<serde::de::IgnoredAny>,
        #[serde(default)]
        pub charger_groups: Vec<ChargerGroupDto>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ChargerGroupDto {
        #[serde(default)]
        pub chargers: Vec<serde::de::IgnoredAny>,
    }
}

fn driver(u: dto::UserDto) -> Driver {
    Driver {
        id: u.id.unwrap_or_default(),
        name: u.name.unwrap_or_default(),
        external_id: u.external_id.unwrap_or_default(),
        charger_count: u.chargers.len() + u.charger_groups.iter().map(|g| g.chargers.len()).sum::<usize>(),
    }
}

fn site(g: dto::UserGroupDto) -> Site {
    Site {
        id: g.id.unwrap_or_default(),
        name: g.group_name.or(g.name).unwrap_or_default(),
        subsites: g.subgroups.into_iter().flatten().map(site).collect(),
        drivers: g.users.into_iter().map(driver).collect(),
    }
}

pub fn decode_tree(body: &str) -> Result<DriverTree, ApiError> {
    let t: dto::TreeDto = decode(body)?;
    let mut sites = Vec::new();
    let mut without_site = Vec::new();
    for g in t.user_groups {
        if g.is_spare {
            without_site.extend(g.users.into_iter().map(driver));
        } else {
            sites.push(site(g));
        }
    }
    without_site.extend(t.spare_users.into_iter().map(driver));
    Ok(DriverTree { sites, drivers_without_site: without_site })
}

pub fn tree_url(config: &AppConfig) -> String {
    let c = &config.vendors.emabler;
    format!("{}{}", c.base_url, c.driver_tree_path)
}

pub fn driver_url(config: &AppConfig, external_id: &str) -> String {
    let c = &config.vendors.emabler;
    let path = c.driver_by_external_id_path.replace(EXTERNAL_ID_PLACEHOLDER, &urlencoding(external_id));
    format!("{}{}", c.base_url, path)
}

/// Percent-encodes a path segment (RFC 3986 unreserved characters kept).
fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn fetch_tree(config: &AppConfig) -> Result<DriverTree, ApiError> {
    let body = Call::get(tree_url(config), config.request_timeout_ms).send().await?;
    decode_tree(&body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spare_group_and_spare_users_become_drivers_without_site() {
        let body = r#"{"userGroups":[
            {"isSpare":false,"id":2,"groupName":"Site","subgroups":[{"isSpare":false,"id":5,"groupName":"Sub","subgroups":[],"users":[{"id":9,"name":"A","externalId":"x","chargers":[{}],"chargerGroups":[{"chargers":[{},{}]}]}]}],"users":[]},
            {"isSpare":true,"id":1,"groupName":"SpareGroup","subgroups":[],"users":[{"id":7,"name":"B","externalId":"y"}]}],
            "spareUsers":[{"id":8,"name":"C","externalId":"z"}]}"#;
        let t = decode_tree(body).expect("decodes");
        assert_eq!(t.sites.len(), 1);
        assert_eq!(t.sites[0].subsites[0].name, "Sub");
        assert_eq!(t.charger_count(), 3);
        let names: Vec<_> = t.drivers_without_site.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["B", "C"]);
    }

    #[test]
    fn driver_url_encodes_the_external_id() {
        let config = crate::config::parse_config(include_str!("../../public/config.json")).expect("config");
        assert_eq!(driver_url(&config, "a/b c"), "/vendors/emabler/authorised-users/external-id/a%2Fb%20c");
    }
}
