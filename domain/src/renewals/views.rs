//! Reading renewal requests: the patient's page (their requests and what each current
//! prescription allows), the form for one prescription, the clinicians' queue (oldest first),
//! one request with what the clinician needs beside it, and the requests as FHIR for export.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};

use super::{
    Eligibility, Kind, Pharmacy, Renewals, Status, instant,
    rules::{self, renewal_rules},
};
use crate::{
    DomainResult,
    access::{Authorized, ClinicScope, ClinicTask, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    entities::renewal_request,
    phi,
    records::{Prescription, RenewalContext},
};

/// At most this many requests are listed.
pub const LISTED: u64 = 50;

/// A request as lists show it.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestLine {
    pub id: String,
    pub patient_id: String,
    /// In the clinicians' queue.
    pub patient_name: Option<String>,
    pub medication_id: String,
    /// The medicine's name, or Portico's words for one the record did not name.
    pub medication: crate::i18n::Said,
    pub dosage: Option<String>,
    pub kind: Kind,
    pub status: Status,
    pub pharmacy: String,
    pub note: Option<String>,
    pub requested_at: DateTime<Utc>,
    /// "Ana Ortiz (caregiver)", "You".
    pub requested_by: crate::i18n::Said,
    pub decided_at: Option<DateTime<Utc>>,
    /// The clinician's words to the patient (a denial's reason, why a visit).
    pub message: Option<String>,
    pub refills: Option<u32>,
}

/// The patient's renewals page.
#[derive(Clone, Debug, PartialEq)]
pub struct Overview {
    pub requests: Vec<RequestLine>,
    /// Each current prescription with what may be asked for it.
    pub prescriptions: Vec<(Prescription, Eligibility)>,
}

/// The form for one prescription.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestForm {
    pub prescription: Prescription,
    pub eligibility: Eligibility,
    /// (id, pharmacy) the patient saved.
    pub pharmacies: Vec<(String, Pharmacy)>,
}

/// One request as the deciding clinician sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionView {
    pub line: RequestLine,
    /// The prescription as the record holds it now (none if it is gone from the record).
    pub prescription: Option<Prescription>,
    pub context: RenewalContext,
    /// The most refills the law and the clinic allow for the medicine.
    pub max_refills: u32,
    /// The patient's earlier requests for the same prescription, newest first.
    pub earlier: Vec<RequestLine>,
}

impl Renewals {
    /// Opens rows into lines for `reader`.
    async fn lines(
        &self,
        rows: Vec<renewal_request::Model>,
        reader: &str,
        names: &HashMap<String, String>,
    ) -> DomainResult<Vec<RequestLine>> {
        let people: Vec<String> = rows.iter().filter_map(|r| r.requested_by.clone()).collect();
        let accounts = self.access.identity().accounts_by_id(&people).await?;
        rows.into_iter()
            .map(|row| {
                let details = self.details(&row)?;
                let decided = self.decided(&row)?;
                Ok(RequestLine {
                    requested_by: row
                        .requested_by
                        .as_ref()
                        .and_then(|a| accounts.get(a))
                        .map(|a| crate::access::log::actor_label(a, &row.patient_id, reader))
                        .unwrap_or_else(|| crate::said!("log-actor-the-patient")),
                    patient_name: names.get(&row.patient_id).cloned(),
                    medication: crate::i18n::Said::from_stored(&details.medication),
                    dosage: details.dosage,
                    pharmacy: details.pharmacy.label(),
                    note: details.note,
                    kind: Kind::parse(&row.kind)?,
                    status: Status::parse(&row.status)?,
                    requested_at: row.requested_at,
                    decided_at: row.decided_at,
                    message: decided.message,
                    refills: decided.refills,
                    medication_id: row.medication_id,
                    patient_id: row.patient_id,
                    id: row.id,
                })
            })
            .collect()
    }

    /// The patient's requests this reader may see (confidential ones not for a reader from whom
    /// confidential categories are hidden).
    fn readable(permit: &Authorized<PatientScope>) -> sea_orm::Select<renewal_request::Entity> {
        let query = renewal_request::Entity::find()
            .filter(renewal_request::Column::PatientId.eq(permit.patient_id()));
        if permit.hidden_categories().is_empty() {
            query
        } else {
            query.filter(renewal_request::Column::Confidential.eq(false))
        }
    }

    /// The patient's page: their requests, newest first (at most [`LISTED`]), and each current
    /// prescription with what may be asked for it. Audited as a read.
    pub async fn overview(
        &self,
        permit: &Authorized<PatientScope>,
        meta: &RequestMeta,
    ) -> DomainResult<Overview> {
        permit.require(Scope::Refills, Mode::Read)?;
        let reader = permit.actor()?.id.clone();
        let rows = Self::readable(permit)
            .order_by_desc(renewal_request::Column::RequestedAt)
            .order_by_desc(renewal_request::Column::Id)
            .limit(LISTED)
            .all(self.db())
            .await?;
        let open: HashMap<String, DateTime<Utc>> = rows
            .iter()
            .filter_map(|r| Some((r.open_key.clone()?, r.requested_at)))
            .collect();
        let requests = self.lines(rows, &reader, &HashMap::new()).await?;
        let rules = renewal_rules(self.db()).await?;
        let now = self.now();
        let prescriptions = self
            .records
            .prescriptions(permit)
            .await?
            .into_iter()
            .map(|rx| {
                let since = open.get(&rx.entry_id).copied();
                let eligibility = rules::eligibility(&rx, &rules, since, now);
                (rx, eligibility)
            })
            .collect();
        audit::record(
            self.db(),
            now,
            meta,
            permit
                .audit("renewal.list")
                .resource("RenewalRequest", format!("{} requests", requests.len())),
        )
        .await?;
        Ok(Overview {
            requests,
            prescriptions,
        })
    }

    /// The form for one prescription: what may be asked, and the patient's pharmacies.
    pub async fn form(
        &self,
        permit: &Authorized<PatientScope>,
        medication_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<RequestForm> {
        permit.require(Scope::Refills, Mode::Read)?;
        let prescription = self.records.prescription(permit, medication_id).await?;
        let rules = renewal_rules(self.db()).await?;
        let open = self.open_since(self.db(), &prescription.entry_id).await?;
        let eligibility = rules::eligibility(&prescription, &rules, open, self.now());
        let pharmacies = self.saved_pharmacies(permit.patient_id()).await?;
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("record.read")
                .resource("MedicationRequest", prescription.entry_id.clone()),
        )
        .await?;
        Ok(RequestForm {
            prescription,
            eligibility,
            pharmacies,
        })
    }

    /// The clinicians' queue: waiting requests of every patient, oldest first (at most
    /// [`LISTED`]), with the patients' names. Audited with the patients listed.
    pub async fn queue(
        &self,
        permit: &Authorized<ClinicScope>,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<RequestLine>> {
        permit.require(ClinicTask::DecideRenewals)?;
        let reader = permit.actor()?.id.clone();
        let rows = renewal_request::Entity::find()
            .filter(renewal_request::Column::Status.eq(Status::Pending.as_str()))
            .order_by_asc(renewal_request::Column::RequestedAt)
            .order_by_asc(renewal_request::Column::Id)
            .limit(LISTED)
            .all(self.db())
            .await?;
        let patient_ids: Vec<String> = rows.iter().map(|r| r.patient_id.clone()).collect();
        let names: HashMap<String, String> =
            phi::patient_names(self.db(), self.core.vault(), &patient_ids).await?;
        let lines = self.lines(rows, &reader, &names).await?;
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("renewal.queue")
                .patients_shown(lines.iter().map(|l| l.patient_id.as_str())),
        )
        .await?;
        Ok(lines)
    }

    /// The newest request for one prescription, for the medicine's page: none when there is
    /// none or the reader does not hold the refills scope.
    pub async fn latest_for(
        &self,
        permit: &Authorized<PatientScope>,
        medication_id: &str,
    ) -> DomainResult<Option<RequestLine>> {
        if !permit.holds(Scope::Refills) {
            return Ok(None);
        }
        let reader = permit.actor()?.id.clone();
        let Some(row) = Self::readable(permit)
            .filter(renewal_request::Column::MedicationId.eq(medication_id))
            .order_by_desc(renewal_request::Column::RequestedAt)
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        Ok(self.lines(vec![row], &reader, &HashMap::new()).await?.pop())
    }

    /// How many requests wait (for the navigation's count).
    pub async fn waiting_count(&self, permit: &Authorized<ClinicScope>) -> DomainResult<u64> {
        permit.require(ClinicTask::DecideRenewals)?;
        Ok(renewal_request::Entity::find()
            .filter(renewal_request::Column::Status.eq(Status::Pending.as_str()))
            .count(self.db())
            .await?)
    }

    /// One request with the prescription, the last visit, the newest results and the earlier
    /// requests for the same prescription. Audited as a read of the request.
    pub async fn for_decision(
        &self,
        permit: &Authorized<PatientScope>,
        request_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<DecisionView> {
        permit.require(Scope::Refills, Mode::Read)?;
        let reader = permit.actor()?.id.clone();
        let row = self.visible(self.db(), permit, request_id).await?;
        let earlier_rows = Self::readable(permit)
            .filter(renewal_request::Column::MedicationId.eq(row.medication_id.clone()))
            .filter(renewal_request::Column::Id.ne(row.id.clone()))
            .order_by_desc(renewal_request::Column::RequestedAt)
            .limit(10)
            .all(self.db())
            .await?;
        let prescription = match self.records.prescription(permit, &row.medication_id).await {
            Ok(rx) => Some(rx),
            Err(crate::DomainError::NotFound) => None,
            Err(other) => return Err(other),
        };
        let rules = renewal_rules(self.db()).await?;
        let max_refills = prescription.as_ref().map_or(0, |rx| rules.max_refills(rx));
        let context = self.records.renewal_context(permit).await?;
        let line = self
            .lines(vec![row.clone()], &reader, &HashMap::new())
            .await?
            .pop()
            .ok_or(crate::DomainError::NotFound)?;
        let earlier = self.lines(earlier_rows, &reader, &HashMap::new()).await?;
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("renewal.read")
                .resource("RenewalRequest", row.id.clone()),
        )
        .await?;
        Ok(DecisionView {
            line,
            prescription,
            context,
            max_refills,
            earlier,
        })
    }

    /// The patient's requests as FHIR R4 for the record's export: each a `MedicationRequest`
    /// with intent `proposal` (status `active` while waiting, `completed` once approved,
    /// `cancelled` when not), and each approval's new prescription (intent `order`). None
    /// unless the reader also holds the refills scope.
    pub async fn exported(&self, permit: &Authorized<PatientScope>) -> DomainResult<Vec<Value>> {
        permit.require(Scope::Records, Mode::Read)?;
        if !permit.holds(Scope::Refills) {
            return Ok(Vec::new());
        }
        let rows = Self::readable(permit)
            .order_by_asc(renewal_request::Column::RequestedAt)
            .all(self.db())
            .await?;
        let mut out = Vec::new();
        for row in rows {
            let details = self.details(&row)?;
            let decided = self.decided(&row)?;
            let status = match Status::parse(&row.status)? {
                Status::Pending => "active",
                Status::Approved => "completed",
                Status::Denied | Status::NeedsVisit => "cancelled",
            };
            let mut notes = Vec::new();
            if let Some(note) = &details.note {
                notes.push(json!({"text": note}));
            }
            if let Some(message) = &decided.message {
                notes.push(json!({"text": message}));
            }
            let mut proposal = json!({
                "resourceType": "MedicationRequest",
                "id": row.id,
                "status": status,
                "intent": "proposal",
                "medicationCodeableConcept": {
                    "text": crate::i18n::Said::from_stored(&details.medication).to_string()
                },
                "authoredOn": instant(row.requested_at),
                "dispenseRequest": {"performer": {"display": details.pharmacy.label()}},
                "extension": [{
                    "url": "https://portico.example.org/fhir/StructureDefinition/renewal-kind",
                    "valueCode": row.kind,
                }],
            });
            if !notes.is_empty() {
                proposal["note"] = Value::Array(notes);
            }
            if let Some(dosage) = &details.dosage {
                proposal["dosageInstruction"] = json!([{"text": dosage}]);
            }
            if let Some(reason) = decided
                .message
                .as_ref()
                .filter(|_| row.status == Status::Denied.as_str())
            {
                proposal["statusReason"] = json!({"text": reason});
            }
            out.push(proposal);
            if let Some(order) = decided.order {
                out.push(order);
            }
        }
        Ok(out)
    }
}
