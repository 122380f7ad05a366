//! Staff-side invitations: front desk and admins register patients and hand them activation
//! codes; admins invite staff. The domain checks the caller's role on every call.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;

/// A code just issued: shown once, for printing or reading out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCode {
    pub display_name: String,
    pub code: String,
    pub expires: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: String,
    pub display_name: String,
    pub role: String,
    pub status: String,
    pub created: String,
    pub expires: String,
    /// Set for patients, whose code can be re-issued.
    pub patient_id: Option<String>,
}

#[cfg(feature = "ssr")]
fn issued(code: portico_domain::identity::ActivationCodeIssued) -> IssuedCode {
    IssuedCode {
        display_name: code.display_name,
        code: code.code.expose().to_owned(),
        expires: code.expires_at.format("%-d %B %Y").to_string(),
    }
}

#[server(endpoint = "staff/invitations")]
pub async fn list_invitations() -> Result<Vec<InvitationRow>, ApiError> {
    use super::server_context::{request_meta, require_session, server_context};
    let ctx = server_context()?;
    let session = require_session()?;
    let rows = ctx
        .identity
        .list_invitations(&session.account, 50, &request_meta())
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| InvitationRow {
            id: row.id,
            display_name: row.display_name,
            role: row.role.label().to_owned(),
            status: row.status.label().to_owned(),
            created: row.created_at.format("%-d %b %Y").to_string(),
            expires: row.expires_at.format("%-d %b %Y").to_string(),
            patient_id: row.patient_id,
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
    use super::server_context::{request_meta, require_session, server_context};
    use portico_domain::identity::{Issuer, NewPatient};
    let ctx = server_context()?;
    let session = require_session()?;
    let today = ctx.identity.now().date_naive();
    let patient = NewPatient::parse(&given_name, &family_name, &birth_date, &email, today)?;
    let code = ctx
        .identity
        .invite_patient(Issuer::Staff(&session.account), patient, &request_meta())
        .await?;
    Ok(issued(code))
}

#[server(endpoint = "staff/invitations/reissue")]
pub async fn reissue_patient_code(patient_id: String) -> Result<IssuedCode, ApiError> {
    use super::server_context::{request_meta, require_session, server_context};
    use portico_domain::identity::Issuer;
    let ctx = server_context()?;
    let session = require_session()?;
    let code = ctx
        .identity
        .reissue_patient_code(
            Issuer::Staff(&session.account),
            &patient_id,
            &request_meta(),
        )
        .await?;
    Ok(issued(code))
}

#[server(endpoint = "staff/invitations/staff")]
pub async fn invite_staff(
    display_name: String,
    email: String,
    role: String,
) -> Result<IssuedCode, ApiError> {
    use super::server_context::{request_meta, require_session, server_context};
    use portico_domain::identity::{Issuer, NewStaff};
    let ctx = server_context()?;
    let session = require_session()?;
    let staff = NewStaff::parse(&display_name, &email, &role)?;
    let code = ctx
        .identity
        .invite_staff(Issuer::Staff(&session.account), staff, &request_meta())
        .await?;
    Ok(issued(code))
}
