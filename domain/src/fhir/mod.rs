//! HL7 FHIR R4 input, the first half of import (groundwork for the records work): reading the
//! shapes real exports come in — Bundles of type batch, transaction, collection and searchset, a
//! single resource, or Bulk Data NDJSON (one resource per line) — and resolving every reference
//! style to `Type/id`: `urn:uuid:`/`urn:oid:` full URLs, relative (`Patient/123`), absolute URLs,
//! and conditional (`Practitioner?identifier=system|value`). Errors name the file and the entry
//! or line. Storage (and encryption of what is stored) builds on this.

mod read;
mod references;

pub use read::{
    FileReader, Place, Position, Requests, SourceEntry, read_source, read_source_with_requests,
    refuse_at,
};
pub use references::{
    Collector, KnownIdentifiers, Resolved, Resolver, ResourceKey, key_of_url, resolve,
};

/// Kept types whose absence a reference survives: a visit's `Location?identifier=…` into a
/// hospital file imported apart loses its link and keeps its text, as for a kind not kept; so
/// does an appointment's `slot` into a scheduling system's file that was not exported.
pub const OPTIONAL_TARGETS: [&str; 3] = ["Location", "Slot", "Schedule"];

/// The resource types Portico stores; others are counted and skipped.
pub const SUPPORTED_TYPES: [&str; 21] = [
    "Patient",
    "Condition",
    "AllergyIntolerance",
    "MedicationRequest",
    "MedicationStatement",
    // Not listed: counted against its prescription's refills (renewals).
    "MedicationDispense",
    "Immunization",
    "Observation",
    "DiagnosticReport",
    "Procedure",
    "Encounter",
    "DocumentReference",
    "Practitioner",
    "Organization",
    "Location",
    "Coverage",
    "Claim",
    "ExplanationOfBenefit",
    "Appointment",
    "Schedule",
    "Slot",
];

/// A resource made outside the record (a message, a renewal request) naming the patient as the
/// export does (`Patient/…`) in its `subject`.
pub fn with_subject(resource: &serde_json::Value, patient_reference: &str) -> serde_json::Value {
    let mut out = resource.clone();
    out["subject"] = serde_json::json!({"reference": patient_reference});
    out
}
