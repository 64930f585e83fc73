//! EV charging: sites, drivers and chargers (from eMabler).

#[derive(Clone, Debug, PartialEq)]
pub struct DriverTree {
    pub sites: Vec<Site>,
    /// Drivers without a home site: the spare group's and `spareUsers`.
    pub drivers_without_site: Vec<Driver>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    pub id: i64,
    pub name: String,
    pub subsites: Vec<Site>,
    pub drivers: Vec<Driver>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Driver {
    pub id: i64,
    pub name: String,
    pub external_id: String,
    pub charger_count: usize,
}

impl Site {
    /// Drivers at this site and every subsite below it.
    pub fn driver_count(&self) -> usize {
        self.drivers.len() + self.subsites.iter().map(Site::driver_count).sum::<usize>()
    }

    pub fn charger_count(&self) -> usize {
        self.drivers.iter().map(|d| d.charger_count).sum::<usize>()
            + self.subsites.iter().map(Site::charger_count).sum::<usize>()
    }

    /// This site and all its subsites.
    pub fn site_count(&self) -> usize {
        1 + self.subsites.iter().map(Site::site_count).sum::<usize>()
    }
}

impl DriverTree {
    pub fn driver_count(&self) -> usize {
        self.drivers_without_site.len() + self.sites.iter().map(Site::driver_count).sum::<usize>()
    }

    pub fn site_count(&self) -> usize {
        self.sites.iter().map(Site::site_count).sum()
    }

    pub fn charger_count(&self) -> usize {
        self.drivers_without_site.iter().map(|d| d.charger_count).sum::<usize>()
            + self.sites.iter().map(Site::charger_count).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn driver(id: i64, chargers: usize) -> Driver {
        Driver { id, name: format!("D{id}"), external_id: format!("E{id}"), charger_count: chargers }
    }

    #[test]
    fn counts_aggregate_over_subsites() {
        let leaf = Site { id: 3, name: "leaf".into(), subsites: vec![], drivers: vec![driver(1, 2), driver(2, 0)] };
        let mid = Site { id: 2, name: "mid".into(), subsites: vec![leaf], drivers: vec![driver(3, 1)] };
        let top = Site { id: 1, name: "top".into(), subsites: vec![mid], drivers: vec![] };
        let tree = DriverTree { sites: vec![top], drivers_without_site: vec![driver(4, 5)] };
        assert_eq!(tree.site_count(), 3);
        assert_eq!(tree.driver_count(), 4);
        assert_eq!(tree.charger_count(), 8);
        assert_eq!(tree.sites[0].driver_count(), 3);
    }
}
