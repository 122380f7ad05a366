//! Staff-side invitations: front desk and admins register patients and hand them activation
//! codes; admins invite staff. A new code for a patient who already has an account is an account
//! recovery: the clinic's recovery role only, after a passkey check, and a second member of staff
//! approves it before it works. The domain checks the caller's role on every call.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use portico_types::{InvitationId, PatientId};

use super::ApiError;

/// A code just issued: shown once, for printing or reading out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCode {
    pub display_name: String,
    pub code: String,
    pub expires: String,
    /// An account recovery code that works only once a second member of staff approves it.
    pub awaiting_approval: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: InvitationId,
    pub display_name: String,
    pub role: String,
    pub status: String,
    pub created: String,
    pub expires: String,
    /// Set for patients, whose code can be re-issued.
    pub patient_id: Option<PatientId>,
    /// A recovery code waiting for a second approval that this staff member may give (they did
    /// not issue it).
    pub may_approve: bool,
}

#[cfg(feature = "ssr")]
fn issued(code: portico_domain::identity::ActivationCodeIssued) -> IssuedCode {
    IssuedCode {
        display_name: code.display_name,
        code: code.code.expose().to_owned(),
        expires: super::display::long_day(code.expires_at.date_naive()),
        awaiting_approval: code.awaiting_approval,
    }
}

#[server(endpoint = "staff/invitations")]
pub async fn list_invitations() -> Result<Vec<InvitationRow>, ApiError> {
    use super::server_context::{clinic_task, request_meta, server_context};
    use portico_domain::{access::ClinicTask, identity::InvitationStatus};
    let ctx = server_context()?;
    let session = clinic_task(ClinicTask::InvitePatients, "staff/invitations").await?;
    let rows = ctx
        .identity
        .list_invitations(&session.account, 50, &request_meta())
        .await?;
    let may_recover = ctx.identity.may_recover(&session.account).await?;
    Ok(rows
        .into_iter()
        .map(|row| InvitationRow {
            may_approve: may_recover
                && row.status == InvitationStatus::AwaitingApproval
                && row.issued_by.as_deref() != Some(session.account.id.as_str()),
            id: InvitationId::from_stored(row.id),
            display_name: row.display_name,
            role: super::display::name(row.role),
            status: super::display::name(row.status),
            created: super::display::day(row.created_at),
            expires: super::display::day(row.expires_at),
            patient_id: row.patient_id.map(PatientId::from_stored),
        })
        .collect())
}

#[server(endpoint = "staff/invitations/patient")]
pub async fn invite_patient(
    given_name: String,
    family_name: String,
    birth_date: String,
    email: String,
) -> Result<IssuedCode, ApiError> {
    use super::server_context::{clinic_task, request_meta, server_context};
    use portico_domain::access::ClinicTask;
    use portico_domain::identity::{Issuer, NewPatient};
    let ctx = server_context()?;
    let session = clinic_task(ClinicTask::InvitePatients, "staff/invitations/patient").await?;
    let today = ctx.identity.now().date_naive();
    let patient = NewPatient::parse(&given_name, &family_name, &birth_date, &email, today)?;
    let code = ctx
        .identity
        .invite_patient(Issuer::Staff(&session.account), patient, &request_meta())
        .await?;
    Ok(issued(code))
}

/// A new code for a registered patient: an invitation again if they have no account yet, an
/// account recovery (step-up, second approval) if they have one.
#[server(endpoint = "staff/invitations/reissue")]
pub async fn reissue_patient_code(patient_id: PatientId) -> Result<IssuedCode, ApiError> {
    use super::server_context::{clinic_task, request_meta, server_context};
    use portico_domain::access::ClinicTask;
    use portico_domain::identity::Operator;
    let ctx = server_context()?;
    let session = clinic_task(ClinicTask::InvitePatients, "staff/invitations/reissue").await?;
    let code = ctx
        .identity
        .reissue_patient_code(Operator::Staff(&session), &patient_id, &request_meta())
        .await?;
    Ok(issued(code))
}

/// A second member of staff approves an account recovery code someone else issued.
#[server(endpoint = "staff/invitations/approve")]
pub async fn approve_recovery(invitation_id: InvitationId) -> Result<(), ApiError> {
    use super::server_context::{clinic_task, request_meta, server_context};
    use portico_domain::access::ClinicTask;
    use portico_domain::identity::Operator;
    let ctx = server_context()?;
    let session = clinic_task(ClinicTask::InvitePatients, "staff/invitations/approve").await?;
    ctx.identity
        .approve_recovery(Operator::Staff(&session), &invitation_id, &request_meta())
        .await?;
    Ok(())
}

#[server(endpoint = "staff/invitations/staff")]
pub async fn invite_staff(
    display_name: String,
    email: String,
    role: String,
) -> Result<IssuedCode, ApiError> {
    use super::server_context::{clinic_task, request_meta, server_context};
    use portico_domain::access::ClinicTask;
    use portico_domain::identity::{Issuer, NewStaff};
    let ctx = server_context()?;
    let session = clinic_task(ClinicTask::InviteStaff, "staff/invitations/staff").await?;
    let staff = NewStaff::parse(&display_name, &email, &role)?;
    let code = ctx
        .identity
        .invite_staff(Issuer::Staff(&session.account), staff, &request_meta())
        .await?;
    Ok(issued(code))
}

/// A patient found by name, for staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientRow {
    pub patient_id: PatientId,
    pub name: String,
    pub birth_date: String,
    pub age: u32,
    pub has_account: bool,
    /// Whether this staff member may issue a code for this patient: an invitation if they have
    /// no account, an account recovery code (the clinic's recovery role) if they have one.
    pub may_issue_code: bool,
    /// The parts of the record this staff member may open.
    pub sections: Vec<super::patient::RecordLink>,
}

#[server(endpoint = "staff/patients")]
pub async fn find_patients(query: String) -> Result<Vec<PatientRow>, ApiError> {
    use super::server_context::{clinic_access, request_meta, require_session, server_context};
    use portico_domain::access::{ClinicTask, Scopes, policy::may_do, policy::staff_scopes};
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::FindPatients, "staff/patients").await?;
    let session = require_session()?;
    let may_invite = may_do(session.account.role, ClinicTask::InvitePatients);
    let may_recover = ctx.identity.may_recover(&session.account).await?;
    let found = ctx
        .access
        .find_patients(&permit, &query, &request_meta())
        .await?;
    let scopes: Scopes = staff_scopes(session.account.role)
        .iter()
        .map(|(scope, _)| *scope)
        .collect();
    // The front desk and clinicians book for the patient from the list.
    let may_book = portico_domain::access::policy::staff_may_write(
        session.account.role,
        portico_domain::access::Scope::Appointments,
    );
    let sections = |patient_id: &str| {
        let mut links = super::patient::convert::sections(patient_id, &scopes);
        if may_book {
            links.push(super::patient::RecordLink {
                label: crate::i18n::t("appointments-book"),
                href: format!("/patients/{patient_id}/appointments/book"),
            });
        }
        links
    };
    Ok(found
        .into_iter()
        .map(|p| PatientRow {
            sections: sections(&p.id),
            patient_id: PatientId::from_stored(p.id),
            name: p.display_name,
            birth_date: super::display::date(p.birth_date),
            age: p.age,
            may_issue_code: if p.has_account {
                may_recover
            } else {
                may_invite
            },
            has_account: p.has_account,
        })
        .collect())
}
