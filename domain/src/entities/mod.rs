//! SeaORM entities, one module per table.

pub mod clinic_setting;
