//! Vehicle groups (from Vehizen `CustomerGroup`).

use uuid::Uuid;

#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub name: String,
    pub eco_profile_id: Option<Uuid>,
    pub vehicles: Vec<GroupVehicle>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupVehicle {
    pub id: Option<Uuid>,
    pub plate: String,
    pub name: String,
    pub brand: String,
    pub model: String,
    pub vin: String,
}
