//! Prescription renewal requests: from a current prescription, the patient (or a caregiver with
//! the refills scope) asks for a refill or a renewal, names the pharmacy and adds a note; the
//! [`rules`] decide what may be asked, in order, each refusal explained. Clinicians work the
//! queue oldest first and approve (which records a new FHIR `MedicationRequest` with the refills
//! and the pharmacy), deny with a reason the patient sees, or ask for a visit. The patient's side
//! is told by an e-mail without PHI. Medicines, notes, pharmacies and decisions are sealed; every
//! read and decision is audited.

pub mod rules;
mod views;

pub use rules::{Eligibility, RenewalRules, renewal_rules};
pub use views::{DecisionView, Overview, RequestForm, RequestLine};

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{
    DomainError, DomainResult,
    access::{Access, Authorized, Basis, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    core::Core,
    db::begin_write,
    entities::{pharmacy, renewal_request},
    notify::{self, News},
    records::{Prescription, Records},
    said,
    vault::Field,
};

const DETAILS: Field = Field::new("renewal_request", "details");
const DECISION: Field = Field::new("renewal_request", "decision");
const PHARMACY: Field = Field::new("pharmacy", "details");

const MAX_NOTE: usize = 1000;
const MAX_REASON: usize = 1000;
/// A patient keeps at most this many pharmacies.
const MAX_PHARMACIES: usize = 10;

/// What a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Refill,
    Renewal,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Refill, Kind::Renewal];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Refill => "refill",
            Kind::Renewal => "renewal",
        }
    }

    fn parse(code: &str) -> DomainResult<Self> {
        match code {
            "refill" => Ok(Kind::Refill),
            "renewal" => Ok(Kind::Renewal),
            other => Err(DomainError::Internal(format!("renewal kind {other}"))),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Refill => "Refill",
            Kind::Renewal => "Renewal (a new prescription)",
        }
    }
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pending,
    Approved,
    Denied,
    /// The clinician wants to see the patient first.
    NeedsVisit,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Pending,
        Status::Approved,
        Status::Denied,
        Status::NeedsVisit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Denied => "denied",
            Status::NeedsVisit => "visit",
        }
    }

    fn parse(code: &str) -> DomainResult<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == code)
            .ok_or_else(|| DomainError::Internal(format!("renewal status {code}")))
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Pending => "Waiting for the care team",
            Status::Approved => "Approved",
            Status::Denied => "Not approved",
            Status::NeedsVisit => "Needs a visit",
        }
    }
}

/// A pharmacy, as saved and as a request names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pharmacy {
    pub name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
}

impl Pharmacy {
    /// Trimmed and checked: a name is needed; address and phone are optional.
    pub fn new(name: &str, address: &str, phone: &str) -> DomainResult<Self> {
        let field = |field: &'static str, value: &str, max: usize| -> DomainResult<String> {
            let value = value.trim();
            if value.chars().count() > max || value.chars().any(char::is_control) {
                return Err(DomainError::validation(
                    field,
                    said!("renew-one-line", max = max),
                ));
            }
            Ok(value.to_owned())
        };
        let name = field("pharmacy_name", name, 120)?;
        if name.is_empty() {
            return Err(DomainError::validation(
                "pharmacy_name",
                said!("renew-name-pharmacy"),
            ));
        }
        Ok(Self {
            name,
            address: field("pharmacy_address", address, 200)?,
            phone: field("pharmacy_phone", phone, 40)?,
        })
    }

    /// "Main Street Pharmacy, 12 Main St, 555-0100".
    pub fn label(&self) -> String {
        [&self.name, &self.address, &self.phone]
            .into_iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The pharmacy a request names: one the patient saved, or a new one (saved for next time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PharmacyChoice {
    Saved(String),
    New(Pharmacy),
}

/// A clinician's decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Approve { refills: u32 },
    Deny { reason: String },
    NeedsVisit { note: String },
}

/// What a request stores sealed about itself.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Details {
    /// The medicine's name as the record has it, or Portico's words as JSON ([`Said::to_stored`]).
    medication: String,
    #[serde(default)]
    dosage: Option<String>,
    #[serde(default)]
    note: Option<String>,
    pharmacy: Pharmacy,
}

/// What a decision stores sealed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Decided {
    /// Shown to the patient: the reason for a denial, the clinician's words for a visit.
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    refills: Option<u32>,
    /// The new prescription an approval records.
    #[serde(default)]
    order: Option<Value>,
}

/// The renewals service. Cheap to clone.
#[derive(Clone)]
pub struct Renewals {
    core: Core,
    access: Access,
    records: Records,
}

impl Renewals {
    /// Built on access and the record (which reads the prescriptions).
    pub fn new(access: &Access, records: &Records) -> Self {
        Self {
            core: access.identity().core().clone(),
            access: access.clone(),
            records: records.clone(),
        }
    }

    fn db(&self) -> &DatabaseConnection {
        self.core.db()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.core.now()
    }

    fn is_staff(permit: &Authorized<PatientScope>) -> bool {
        matches!(permit.basis(), Basis::Staff(_))
    }

    /// When the open request for a prescription was made, if one is open.
    async fn open_since(
        &self,
        db: &impl ConnectionTrait,
        medication_id: &str,
    ) -> DomainResult<Option<DateTime<Utc>>> {
        Ok(renewal_request::Entity::find()
            .filter(renewal_request::Column::OpenKey.eq(medication_id))
            .one(db)
            .await?
            .map(|r| r.requested_at))
    }

    async fn saved_pharmacies(&self, patient_id: &str) -> DomainResult<Vec<(String, Pharmacy)>> {
        let rows = pharmacy::Entity::find()
            .filter(pharmacy::Column::PatientId.eq(patient_id))
            .all(self.db())
            .await?;
        let vault = self.core.vault();
        let mut out = rows
            .into_iter()
            .map(|row| {
                let text = vault.open(PHARMACY, &row.id, &row.details)?;
                let pharmacy: Pharmacy = serde_json::from_str(&text)
                    .map_err(|e| DomainError::Internal(format!("stored pharmacy: {e}")))?;
                Ok((row.id, pharmacy))
            })
            .collect::<DomainResult<Vec<_>>>()?;
        out.sort_by(|a, b| a.1.name.cmp(&b.1.name).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }

    /// Asks for a refill or renewal of one of the patient's prescriptions, from the patient's
    /// side. The rules decide whether and which; a refusal is a 422 with the reason and stores
    /// nothing. Returns the request's id.
    pub async fn request(
        &self,
        permit: &Authorized<PatientScope>,
        medication_id: &str,
        pharmacy: PharmacyChoice,
        note: &str,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        permit.require(Scope::Refills, Mode::Write)?;
        if Self::is_staff(permit) {
            return Err(DomainError::validation(
                "medication",
                said!("renew-staff-cannot-ask"),
            ));
        }
        let note = crate::text::written("note", note, MAX_NOTE)?;
        let rx = self.records.prescription(permit, medication_id).await?;
        let rules = renewal_rules(self.db()).await?;
        let saved = self.saved_pharmacies(permit.patient_id()).await?;
        let (pharmacy_id, pharmacy, new_pharmacy) = match pharmacy {
            PharmacyChoice::Saved(id) => {
                let (id, pharmacy) =
                    saved.into_iter().find(|(s, _)| *s == id).ok_or_else(|| {
                        DomainError::validation("pharmacy", said!("renew-choose-pharmacy"))
                    })?;
                (id, pharmacy, false)
            }
            PharmacyChoice::New(pharmacy) => {
                if let Some((id, _)) = saved.iter().find(|(_, p)| *p == pharmacy) {
                    (id.clone(), pharmacy, false)
                } else if saved.len() >= MAX_PHARMACIES {
                    return Err(DomainError::validation(
                        "pharmacy",
                        said!("renew-too-many-pharmacies", max = MAX_PHARMACIES),
                    ));
                } else {
                    (uuid::Uuid::new_v4().to_string(), pharmacy, true)
                }
            }
        };
        let now = self.now();
        let actor = permit.actor()?.id.clone();
        let txn = begin_write(self.db()).await?;
        let open = self.open_since(&txn, &rx.entry_id).await?;
        let kind = match rules::eligibility(&rx, &rules, open, now) {
            Eligibility::Refill { .. } => Kind::Refill,
            Eligibility::Renewal => Kind::Renewal,
            Eligibility::Refused(why) => return Err(DomainError::validation("medication", why)),
        };
        let vault = self.core.vault();
        if new_pharmacy {
            let text = serde_json::to_string(&pharmacy)
                .map_err(|e| DomainError::Internal(e.to_string()))?;
            pharmacy::Entity::insert(pharmacy::ActiveModel {
                details: Set(vault.seal(PHARMACY, &pharmacy_id, &text)?),
                id: Set(pharmacy_id.clone()),
                patient_id: Set(permit.patient_id().to_owned()),
                created_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        let id = uuid::Uuid::new_v4().to_string();
        let details = serde_json::to_string(&Details {
            // The record's name as it is, Portico's "Medication" as words ([`Said::to_stored`]).
            medication: rx.title.to_stored(),
            dosage: rx.dosage.clone(),
            note,
            pharmacy,
        })
        .map_err(|e| DomainError::Internal(e.to_string()))?;
        renewal_request::Entity::insert(renewal_request::ActiveModel {
            id: Set(id.clone()),
            patient_id: Set(permit.patient_id().to_owned()),
            medication_id: Set(rx.entry_id.clone()),
            open_key: Set(Some(rx.entry_id.clone())),
            kind: Set(kind.as_str().to_owned()),
            status: Set(Status::Pending.as_str().to_owned()),
            pharmacy_id: Set(pharmacy_id),
            confidential: Set(rx.confidential),
            details: Set(vault.seal(DETAILS, &id, &details)?),
            requested_by: Set(Some(actor)),
            requested_at: Set(now),
            decided_by: Set(None),
            decided_at: Set(None),
            decision: Set(None),
        })
        .exec_without_returning(&txn)
        .await
        .map_err(|e| match DomainError::from(e) {
            // Another request for it went in at the same moment.
            DomainError::Conflict(_) => {
                DomainError::validation("medication", said!("renew-already-waiting"))
            }
            other => other,
        })?;
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("renewal.request")
                .resource("RenewalRequest", id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// A clinician decides a waiting request. An approval records a new prescription (FHIR
    /// `MedicationRequest`, intent `order`) with the refills (within what the law allows for the
    /// medicine) and the pharmacy; a denial needs a reason, which the patient sees. The patient's
    /// side is told by an e-mail without PHI. A request already decided is a 409.
    pub async fn decide(
        &self,
        permit: &Authorized<PatientScope>,
        request_id: &str,
        decision: Decision,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        permit.require(Scope::Refills, Mode::Write)?;
        let Basis::Staff(role) = permit.basis() else {
            return Err(DomainError::Forbidden);
        };
        if !crate::access::policy::may_do(*role, crate::access::ClinicTask::DecideRenewals) {
            return Err(DomainError::Forbidden);
        }
        let row = self.visible(self.db(), permit, request_id).await?;
        let details = self.details(&row)?;
        let clinician = permit.actor()?.clone();
        let now = self.now();
        let (status, decided) = match decision {
            Decision::Approve { refills } => {
                let rx = self
                    .records
                    .prescription(permit, &row.medication_id)
                    .await?;
                let rules = renewal_rules(self.db()).await?;
                let max = rules.max_refills(&rx);
                if refills > max {
                    return Err(DomainError::validation(
                        "refills",
                        if max == 0 {
                            said!("renew-no-refills-allowed")
                        } else {
                            said!("renew-at-most-refills", max = max)
                        },
                    ));
                }
                let order = new_prescription(
                    &rx,
                    &details.pharmacy,
                    refills,
                    &clinician.display_name,
                    &row.id,
                    now,
                );
                (
                    Status::Approved,
                    Decided {
                        message: None,
                        refills: Some(refills),
                        order: Some(order),
                    },
                )
            }
            Decision::Deny { reason } => {
                let reason = crate::text::written("reason", &reason, MAX_REASON)?
                    .ok_or_else(|| DomainError::validation("reason", said!("renew-say-why")))?;
                (
                    Status::Denied,
                    Decided {
                        message: Some(reason),
                        ..Decided::default()
                    },
                )
            }
            Decision::NeedsVisit { note } => (
                Status::NeedsVisit,
                Decided {
                    message: crate::text::written("reason", &note, MAX_REASON)?,
                    ..Decided::default()
                },
            ),
        };
        let recipients = self
            .access
            .news_recipients(&row.patient_id, Scope::Refills, row.confidential)
            .await?;
        let text =
            serde_json::to_string(&decided).map_err(|e| DomainError::Internal(e.to_string()))?;
        let txn = begin_write(self.db()).await?;
        let done = renewal_request::Entity::update_many()
            .col_expr(
                renewal_request::Column::Status,
                Expr::value(status.as_str()),
            )
            .col_expr(
                renewal_request::Column::OpenKey,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                renewal_request::Column::DecidedBy,
                Expr::value(Some(clinician.id.clone())),
            )
            .col_expr(renewal_request::Column::DecidedAt, Expr::value(Some(now)))
            .col_expr(
                renewal_request::Column::Decision,
                Expr::value(Some(self.core.vault().seal(DECISION, &row.id, &text)?)),
            )
            .filter(renewal_request::Column::Id.eq(row.id.clone()))
            .filter(renewal_request::Column::Status.eq(Status::Pending.as_str()))
            .exec(&txn)
            .await?;
        if done.rows_affected != 1 {
            return Err(DomainError::Conflict(
                "this request was already decided".into(),
            ));
        }
        for (email, locale) in &recipients {
            notify::enqueue_news(
                &txn,
                self.core.vault(),
                now,
                email,
                *locale,
                News::RenewalAnswer,
            )
            .await?;
        }
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("renewal.decide")
                .resource("RenewalRequest", row.id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The request if this reader may see it: the patient's (not a confidential one for a
    /// reader from whom confidential categories are hidden). Anything else is "not found".
    async fn visible(
        &self,
        db: &impl ConnectionTrait,
        permit: &Authorized<PatientScope>,
        request_id: &str,
    ) -> DomainResult<renewal_request::Model> {
        renewal_request::Entity::find_by_id(request_id.to_owned())
            .one(db)
            .await?
            .filter(|r| r.patient_id == permit.patient_id())
            .filter(|r| !r.confidential || permit.hidden_categories().is_empty())
            .ok_or(DomainError::NotFound)
    }

    fn details(&self, row: &renewal_request::Model) -> DomainResult<Details> {
        let text = self.core.vault().open(DETAILS, &row.id, &row.details)?;
        serde_json::from_str(&text)
            .map_err(|e| DomainError::Internal(format!("stored request: {e}")))
    }

    fn decided(&self, row: &renewal_request::Model) -> DomainResult<Decided> {
        match &row.decision {
            Some(sealed) => {
                let text = self.core.vault().open(DECISION, &row.id, sealed)?;
                serde_json::from_str(&text)
                    .map_err(|e| DomainError::Internal(format!("stored decision: {e}")))
            }
            None => Ok(Decided::default()),
        }
    }
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The new prescription an approval records: the medicine and dosage of the one renewed, the
/// refills granted, the pharmacy, today's date, the deciding clinician. FHIR R4
/// `MedicationRequest` (intent `order`), based on the request (exported as a proposal).
fn new_prescription(
    rx: &Prescription,
    pharmacy: &Pharmacy,
    refills: u32,
    clinician: &str,
    request_id: &str,
    now: DateTime<Utc>,
) -> Value {
    let old = &rx.resource;
    let mut order = json!({
        "resourceType": "MedicationRequest",
        "id": format!("{request_id}-order"),
        "status": "active",
        "intent": "order",
        "authoredOn": instant(now),
        "requester": {"display": clinician},
        "basedOn": [{"reference": format!("MedicationRequest/{request_id}")}],
        "dispenseRequest": {
            "numberOfRepeatsAllowed": refills,
            "validityPeriod": {
                "start": now.format("%Y-%m-%d").to_string(),
                "end": (now + chrono::Duration::days(365)).format("%Y-%m-%d").to_string(),
            },
            "performer": {"display": pharmacy.label()},
        },
    });
    for key in [
        "medicationCodeableConcept",
        "medicationReference",
        "dosageInstruction",
        "category",
    ] {
        if let Some(value) = old.get(key) {
            order[key] = value.clone();
        }
    }
    if let Some(quantity) = old["dispenseRequest"].get("quantity") {
        order["dispenseRequest"]["quantity"] = quantity.clone();
    }
    if let Some(supply) = old["dispenseRequest"].get("expectedSupplyDuration") {
        order["dispenseRequest"]["expectedSupplyDuration"] = supply.clone();
    }
    if let Some(id) = old["id"].as_str() {
        order["priorPrescription"] = json!({"reference": format!("MedicationRequest/{id}")});
    }
    order
}
