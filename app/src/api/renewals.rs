//! Prescription renewals: the patient's page (their requests and what each current prescription
//! allows), the request form for one prescription, the request itself, and the clinicians' queue
//! and decision. The policy decides every call (the refills scope on the patient; the queue is a
//! clinic task for clinicians); times are the clinic's.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use portico_types::{EntryId, PatientId, RenewalId};

use super::{ApiError, patient::PatientHeader, records::ResultView};

/// A request as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: RenewalId,
    /// The clinician's page for it (staff), else the patient's renewals page.
    pub href: String,
    pub patient: Option<String>,
    pub medication: String,
    pub dosage: Option<String>,
    /// "Refill", "Renewal (a new prescription)".
    pub kind: String,
    /// `pending`, `approved`, `denied`, `visit`.
    pub status: String,
    pub status_label: String,
    pub pharmacy: String,
    pub note: Option<String>,
    pub requested: String,
    pub requested_by: String,
    pub decided: Option<String>,
    /// The clinician's words to the patient.
    pub message: Option<String>,
    pub refills: Option<u32>,
}

/// A current prescription on the patient's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicineView {
    pub entry_id: EntryId,
    pub title: String,
    pub dosage: Option<String>,
    /// "2 refills left", "A new prescription", or why not online.
    pub state: String,
    /// The request form, when one may be made.
    pub request_href: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalsPage {
    pub header: PatientHeader,
    pub requests: Vec<RequestView>,
    pub medicines: Vec<MedicineView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalFormPage {
    pub header: PatientHeader,
    pub entry_id: EntryId,
    pub medication: String,
    pub dosage: Option<String>,
    /// What the request will ask for, in words; none when it may not be asked.
    pub asks: Option<String>,
    /// Why it may not be asked online.
    pub refusal: Option<String>,
    /// (id, "Main Street Pharmacy, 12 Main St") the patient saved.
    pub pharmacies: Vec<(String, String)>,
    /// "The clinic answers within 2 business days."
    pub answer_notice: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionPage {
    pub header: PatientHeader,
    pub request: RequestView,
    /// The prescription's facts as the record holds it (label, value).
    pub prescription: Vec<(String, String)>,
    pub last_visit: Option<String>,
    pub results: Vec<ResultView>,
    pub max_refills: u32,
    pub earlier: Vec<RequestView>,
    pub may_decide: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub requests: Vec<RequestView>,
}

#[cfg(feature = "ssr")]
mod convert {
    use portico_domain::{
        renewals::{Eligibility, RequestLine},
        scheduling::ClinicZone,
    };
    use portico_types::RenewalId;

    use super::RequestView;

    pub fn request(zone: &ClinicZone, l: RequestLine, clinic: bool) -> RequestView {
        RequestView {
            href: if clinic {
                format!("/patients/{}/renewals/{}", l.patient_id, l.id)
            } else {
                format!("/patients/{}/renewals", l.patient_id)
            },
            id: RenewalId::from_stored(l.id),
            patient: l.patient_name,
            medication: l.medication.in_language(crate::i18n::locale()),
            dosage: l.dosage,
            kind: crate::api::display::name(l.kind),
            status: l.status.as_str().to_owned(),
            status_label: crate::api::display::name(l.status),
            pharmacy: l.pharmacy,
            note: l.note,
            requested: zone.moment_label(l.requested_at),
            requested_by: l.requested_by.in_language(crate::i18n::locale()),
            decided: l.decided_at.map(|at| zone.moment_label(at)),
            message: l.message,
            refills: l.refills,
        }
    }

    /// What a request would ask for, or why none may be made.
    pub fn eligibility(e: &Eligibility) -> (Option<String>, Option<String>) {
        match e {
            Eligibility::Refill { remaining } => (
                Some(crate::i18n::t_args(
                    "renewal-asks-refill",
                    vec![("remaining", u64::from(*remaining).into())],
                )),
                None,
            ),
            Eligibility::Renewal => (Some(crate::i18n::t("renewal-asks-renewal")), None),
            Eligibility::Refused(why) => (None, Some(why.in_language(crate::i18n::locale()))),
        }
    }
}

#[cfg(feature = "ssr")]
async fn refills_access(
    patient_id: &str,
    mode: portico_domain::access::Mode,
    action: &'static str,
) -> Result<portico_domain::access::Authorized<portico_domain::access::PatientScope>, ApiError> {
    use portico_domain::access::Scope;
    super::server_context::patient_access(patient_id, Scope::Refills, mode, action).await
}

/// The patient's requests and current prescriptions, each with what may be asked for it.
#[server(endpoint = "patient/renewals")]
pub async fn get_renewals(patient_id: PatientId) -> Result<RenewalsPage, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::{Basis, Mode};
    let ctx = server_context()?;
    let permit = refills_access(&patient_id, Mode::Read, "patient/renewals").await?;
    let zone = ctx.zone().await?;
    let overview = ctx.renewals.overview(&permit, &request_meta()).await?;
    let clinic = matches!(permit.basis(), Basis::Staff(_));
    Ok(RenewalsPage {
        header: super::patient::convert::header(&permit)?,
        requests: overview
            .requests
            .into_iter()
            .map(|l| convert::request(&zone, l, clinic))
            .collect(),
        medicines: overview
            .prescriptions
            .into_iter()
            .map(|(rx, eligibility)| {
                let (asks, refusal) = convert::eligibility(&eligibility);
                let may = asks.is_some() && !clinic;
                MedicineView {
                    request_href: may.then(|| {
                        format!("/patients/{patient_id}/renewals/request/{}", rx.entry_id)
                    }),
                    entry_id: EntryId::from_stored(rx.entry_id),
                    title: rx.title.in_language(crate::i18n::locale()),
                    dosage: rx.dosage,
                    state: asks.or(refusal).unwrap_or_default(),
                }
            })
            .collect(),
    })
}

/// The request form for one prescription: what it would ask for (or why not), the pharmacies.
#[server(endpoint = "patient/renewals/form")]
pub async fn get_renewal_form(
    patient_id: PatientId,
    entry_id: EntryId,
) -> Result<RenewalFormPage, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit = refills_access(&patient_id, Mode::Read, "patient/renewals/form").await?;
    let form = ctx
        .renewals
        .form(&permit, &entry_id, &request_meta())
        .await?;
    let (asks, refusal) = convert::eligibility(&form.eligibility);
    Ok(RenewalFormPage {
        header: super::patient::convert::header(&permit)?,
        entry_id,
        medication: form.prescription.title.in_language(crate::i18n::locale()),
        dosage: form.prescription.dosage,
        asks,
        refusal,
        pharmacies: form
            .pharmacies
            .into_iter()
            .map(|(id, p)| (id, p.label()))
            .collect(),
        answer_notice: portico_domain::messaging::message_settings(&ctx.db)
            .await?
            .answer_notice()
            .in_language(crate::i18n::locale()),
    })
}

/// Asks for a refill or renewal: `pharmacy` is a saved pharmacy's id, or `new` with its name,
/// address and phone.
#[server(endpoint = "patient/renewals/request")]
pub async fn request_renewal(
    patient_id: PatientId,
    entry_id: EntryId,
    pharmacy: String,
    #[server(default)] pharmacy_name: String,
    #[server(default)] pharmacy_address: String,
    #[server(default)] pharmacy_phone: String,
    #[server(default)] note: String,
) -> Result<(), ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::{
        access::Mode,
        renewals::{Pharmacy, PharmacyChoice},
    };
    let ctx = server_context()?;
    let permit = refills_access(&patient_id, Mode::Write, "patient/renewals/request").await?;
    let choice = match pharmacy.trim() {
        "new" | "" => PharmacyChoice::New(Pharmacy::new(
            &pharmacy_name,
            &pharmacy_address,
            &pharmacy_phone,
        )?),
        id => PharmacyChoice::Saved(id.to_owned()),
    };
    ctx.renewals
        .request(&permit, &entry_id, choice, &note, &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!("/patients/{patient_id}/renewals"));
    Ok(())
}

/// The clinicians' queue: waiting requests of every patient, oldest first.
#[server(endpoint = "staff/renewals")]
pub async fn get_renewal_queue() -> Result<QueuePage, ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::access::ClinicTask;
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::DecideRenewals, "staff/renewals").await?;
    let zone = ctx.zone().await?;
    let lines = ctx.renewals.queue(&permit, &request_meta()).await?;
    Ok(QueuePage {
        requests: lines
            .into_iter()
            .map(|l| convert::request(&zone, l, true))
            .collect(),
    })
}

/// One request with the prescription, the last visit and the newest results, for the clinician.
#[server(endpoint = "staff/renewals/request")]
pub async fn get_renewal_decision(
    patient_id: PatientId,
    request_id: RenewalId,
) -> Result<DecisionPage, ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{
        access::{ClinicTask, Mode},
        records::Section,
    };
    // Clinic work first (patients and caregivers are refused here, audited), then the patient.
    clinic_access(ClinicTask::DecideRenewals, "staff/renewals/request").await?;
    let ctx = server_context()?;
    let permit = refills_access(&patient_id, Mode::Read, "staff/renewals/request").await?;
    let zone = ctx.zone().await?;
    let view = ctx
        .renewals
        .for_decision(&permit, &request_id, &request_meta())
        .await?;
    let mut prescription = Vec::new();
    if let Some(rx) = &view.prescription {
        use crate::i18n::{t, t_args};
        prescription.push((
            t("prescription-medicine"),
            rx.title.in_language(crate::i18n::locale()),
        ));
        if let Some(dosage) = &rx.dosage {
            prescription.push((t("prescription-dosage"), dosage.clone()));
        }
        if let Some(at) = rx.authored_on {
            prescription.push((t("prescription-prescribed"), super::display::day(at)));
        }
        if let Some(at) = rx.valid_until {
            prescription.push((t("prescription-valid-until"), super::display::day(at)));
        }
        prescription.push((
            t("prescription-refills"),
            t_args(
                "prescription-refills-used",
                vec![
                    ("allowed", u64::from(rx.repeats_allowed).into()),
                    ("dispensed", u64::from(rx.dispenses).into()),
                ],
            ),
        ));
    }
    Ok(DecisionPage {
        header: super::patient::convert::header(&permit)?,
        may_decide: view.line.status == portico_domain::renewals::Status::Pending,
        request: convert::request(&zone, view.line, true),
        prescription,
        last_visit: view.context.last_visit.map(|(at, title)| {
            let title = title.in_language(crate::i18n::locale());
            match at {
                Some(at) => format!("{title}, {}", super::display::day(at)),
                None => title,
            }
        }),
        results: view
            .context
            .results
            .into_iter()
            .map(|r| super::records::convert::result(&patient_id, Section::Results, r))
            .collect(),
        max_refills: view.max_refills,
        earlier: view
            .earlier
            .into_iter()
            .map(|l| convert::request(&zone, l, true))
            .collect(),
    })
}

/// A clinician decides: `decision` is `approve` (with `refills`), `deny` (with a `reason` the
/// patient sees) or `visit` (with an optional `reason`).
#[server(endpoint = "staff/renewals/decide")]
pub async fn decide_renewal(
    patient_id: PatientId,
    request_id: RenewalId,
    decision: String,
    #[server(default)] refills: String,
    #[server(default)] reason: String,
) -> Result<(), ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{
        DomainError,
        access::{ClinicTask, Mode},
        renewals::Decision,
        said,
    };
    clinic_access(ClinicTask::DecideRenewals, "staff/renewals/decide").await?;
    let ctx = server_context()?;
    let permit = refills_access(&patient_id, Mode::Write, "staff/renewals/decide").await?;
    let decision = match decision.as_str() {
        "approve" => Decision::Approve {
            refills: refills
                .trim()
                .parse()
                .map_err(|_| DomainError::validation("refills", said!("renew-refills-number")))?,
        },
        "deny" => Decision::Deny { reason },
        "visit" => Decision::NeedsVisit { note: reason },
        _ => {
            return Err(DomainError::validation("decision", said!("renew-decision-choose")).into());
        }
    };
    ctx.renewals
        .decide(&permit, &request_id, decision, &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!(
        "/patients/{patient_id}/renewals/{request_id}"
    ));
    Ok(())
}
