//! The patient's health record: what is imported from FHIR, and the demo record that shows it.

pub mod demo;
