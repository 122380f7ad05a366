//! What the renewals area asks of the record: the current prescriptions a patient could ask to
//! renew (with what the eligibility rules need of each), and for the clinician deciding, the last
//! visit and the newest results. Reads only the medication rows (and their dispenses), the newest
//! visit and the latest-result rows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect, sea_query::NullOrdering,
};
use serde_json::Value;

use super::{Records, ResultValue, Shown, fhir_values, projection};
use crate::{
    DomainError, DomainResult,
    access::{Authorized, Mode, PatientScope, Scope},
    entities::record_resource,
    i18n::Said,
    said,
};

/// Intents of a prescription the clinic itself wrote (not a plan, proposal or a patient's report).
const ORDER_INTENTS: [&str; 5] = [
    "order",
    "original-order",
    "reflex-order",
    "filler-order",
    "instance-order",
];

/// A prescription as the renewal rules see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Prescription {
    /// The record entry (`record_resource` id).
    pub entry_id: String,
    /// The medicine's name, or Portico's "Medication" when the record gives none.
    pub title: Said,
    /// Every code of the medication (RxNorm and others), for the clinic's lists.
    pub codes: Vec<String>,
    pub status: String,
    /// Written by this clinic: imported from the clinic's own system (the default source) as an
    /// order, not reported by the patient.
    pub from_clinic: bool,
    pub authored_on: Option<DateTime<Utc>>,
    /// When the prescription stops being valid (`dispenseRequest.validityPeriod.end`).
    pub valid_until: Option<DateTime<Utc>>,
    /// Refills the prescription allowed (`numberOfRepeatsAllowed`).
    pub repeats_allowed: u32,
    /// Dispenses recorded against it.
    pub dispenses: u32,
    /// "Take 1 tablet by mouth daily".
    pub dosage: Option<String>,
    /// In one of the clinic's confidential categories (hidden from a guardian of an adolescent).
    pub confidential: bool,
    /// The whole FHIR resource (to copy into the new prescription an approval records).
    pub resource: Value,
}

/// What the clinician sees beside a request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RenewalContext {
    /// The newest visit: when, and what it was.
    pub last_visit: Option<(Option<DateTime<Utc>>, Said)>,
    pub results: Vec<ResultValue>,
}

/// How many of the newest results the clinician sees beside a request.
const CONTEXT_RESULTS: usize = 6;

fn prescription(row: &record_resource::Model, json: Value, dispenses: u32) -> Prescription {
    let medication = &json["medicationCodeableConcept"];
    let title = fhir_values::concept_text(medication)
        .or_else(|| fhir_values::reference_display(&json["medicationReference"]))
        .map(Said::plain)
        .unwrap_or_else(|| said!("rec-medication-untitled"));
    let intent = json["intent"].as_str().unwrap_or_default();
    let reported = json["reportedBoolean"].as_bool().unwrap_or(false)
        || json.get("reportedReference").is_some();
    Prescription {
        entry_id: row.id.clone(),
        title,
        codes: fhir_values::concept_codes(medication)
            .map(str::to_owned)
            .collect(),
        status: row.status.clone().unwrap_or_default(),
        from_clinic: row.source.is_empty()
            && row.resource_type == "MedicationRequest"
            && ORDER_INTENTS.contains(&intent)
            && !reported,
        authored_on: fhir_values::instant(&json["authoredOn"]),
        valid_until: fhir_values::instant(&json["dispenseRequest"]["validityPeriod"]["end"]),
        repeats_allowed: json["dispenseRequest"]["numberOfRepeatsAllowed"]
            .as_u64()
            .map_or(0, |n| n.min(u64::from(u32::MAX)) as u32),
        dispenses,
        dosage: json["dosageInstruction"][0]["text"]
            .as_str()
            .map(str::to_owned),
        confidential: !row.sensitivity.is_empty(),
        resource: json,
    }
}

impl Records {
    /// The patient's prescriptions this reader may see and ask to renew (the refills scope),
    /// the newest first: those the record lists as current (active or on hold) and those that
    /// ended (stopped, completed) — the rules tell which may be renewed and why not.
    pub async fn prescriptions(
        &self,
        permit: &Authorized<PatientScope>,
    ) -> DomainResult<Vec<Prescription>> {
        permit.require(Scope::Refills, Mode::Read)?;
        let visibility = self.visibility(permit).await?;
        use record_resource::Column;
        let rows = record_resource::Entity::find()
            .filter(Column::PatientId.eq(permit.patient_id()))
            .filter(Column::ResourceType.eq("MedicationRequest"))
            .filter(Column::Status.is_in(["active", "on-hold"]))
            .filter(visibility.condition())
            .order_by_with_nulls(Column::EffectiveAt, Order::Desc, NullOrdering::Last)
            .order_by_desc(Column::Id)
            .limit(100)
            .all(self.db())
            .await?;
        self.with_dispenses(permit.patient_id(), rows).await
    }

    /// One of the patient's prescriptions, if this reader may see it (else "not found").
    pub async fn prescription(
        &self,
        permit: &Authorized<PatientScope>,
        entry_id: &str,
    ) -> DomainResult<Prescription> {
        permit.require(Scope::Refills, Mode::Read)?;
        let visibility = self.visibility(permit).await?;
        use record_resource::Column;
        let row = record_resource::Entity::find_by_id(entry_id.to_owned())
            .filter(Column::ResourceType.eq("MedicationRequest"))
            .filter(visibility.condition())
            .one(self.db())
            .await?
            .filter(|r| r.patient_id.as_deref() == Some(permit.patient_id()))
            .ok_or(DomainError::NotFound)?;
        self.with_dispenses(permit.patient_id(), vec![row])
            .await?
            .pop()
            .ok_or(DomainError::NotFound)
    }

    /// Opens the prescriptions and counts the dispenses recorded against each.
    async fn with_dispenses(
        &self,
        patient_id: &str,
        rows: Vec<record_resource::Model>,
    ) -> DomainResult<Vec<Prescription>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        use record_resource::Column;
        // Dispenses are counted by the index of the prescription they name; none is opened.
        let counts: HashMap<String, i64> = record_resource::Entity::find()
            .select_only()
            .column(Column::OrderHash)
            .column_as(projection::count_ids(), "n")
            .filter(Column::PatientId.eq(patient_id))
            .filter(Column::ResourceType.eq("MedicationDispense"))
            .filter(Column::OrderHash.is_in(rows.iter().map(|r| r.source_key_hash.clone())))
            .group_by(Column::OrderHash)
            .into_tuple::<(Option<String>, i64)>()
            .all(self.db())
            .await?
            .into_iter()
            .filter_map(|(hash, n)| Some((hash?, n)))
            .collect();
        rows.into_iter()
            .map(|row| {
                let count = counts.get(&row.source_key_hash).copied().unwrap_or(0) as u32;
                let stored = self.open_resource(row)?;
                Ok(prescription(&stored.row, stored.json, count))
            })
            .collect()
    }

    /// The newest visit and results, for a clinician deciding a renewal (records and results
    /// scopes; whatever of them the reader may not see is left out).
    pub async fn renewal_context(
        &self,
        permit: &Authorized<PatientScope>,
    ) -> DomainResult<RenewalContext> {
        let mut context = RenewalContext::default();
        let visibility = self.visibility(permit).await?;
        let patient_id = permit.patient_id();
        if permit.holds(Scope::Records) {
            use record_resource::Column;
            let visit = self
                .shown(
                    projection::listed(patient_id)
                        .filter(Column::ResourceType.eq("Encounter"))
                        .filter(Column::EffectiveAt.lte(self.now()))
                        .filter(visibility.condition())
                        .order_by_with_nulls(Column::EffectiveAt, Order::Desc, NullOrdering::Last)
                        .limit(1),
                )
                .await?;
            context.last_visit = visit
                .iter()
                .filter_map(Shown::entry)
                .map(|e| (e.date, e.title))
                .next();
        }
        if permit.holds(Scope::Results) {
            let mut results = self.latest_results(patient_id, &visibility).await?;
            results.truncate(CONTEXT_RESULTS);
            context.results = results;
        }
        Ok(context)
    }
}
