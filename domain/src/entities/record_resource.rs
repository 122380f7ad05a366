use sea_orm::entity::prelude::*;

/// One stored FHIR resource. `resource` and `source_key` are sealed (see [`crate::vault`]).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "record_resource")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The patient the resource is about; none for Practitioner and Organization.
    pub patient_id: Option<String>,
    pub resource_type: String,
    /// Keyed hash of the source `Type/id`: re-importing the same resource finds this row.
    pub source_key_hash: String,
    #[sea_orm(column_type = "Text")]
    pub source_key: String,
    /// Coarse category (`laboratory`, `vital-signs`, `problem-list-item`, …) or empty.
    pub category: String,
    /// Confidential categories from the resource's security labels, comma-separated.
    pub sensitivity: String,
    /// Keyed hash of the main code: results of the same test share it (trends).
    pub code_hash: Option<String>,
    pub status: Option<String>,
    pub effective_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub resource: String,
    pub import_id: String,
    /// The record section it is listed under (`Section::as_str`), if any.
    pub section: Option<String>,
    /// What lists, summaries and charts show of it, sealed (see `records::projection`).
    #[sea_orm(column_type = "Text")]
    pub projection: String,
    /// The projection's format; rows below the current one are filled in at start-up.
    pub projection_version: i32,
    /// A result that a stored report holds: listed under the report, not on its own.
    pub in_report: bool,
    /// Keyed hash of the source key of the visit (Encounter) it belongs to.
    pub encounter_hash: Option<String>,
    /// For a dispense: keyed hash of the source key of the prescription (MedicationRequest) it
    /// was given under.
    pub order_hash: Option<String>,
    /// The newest result of its test (patient and code hash) among all stored.
    pub is_latest: bool,
    /// The system it came from (`records::SourceName`; empty for the default source). Its
    /// source key hash covers it, so two sources reusing ids never touch each other's rows.
    pub source: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
