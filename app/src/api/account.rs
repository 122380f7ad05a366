//! The signed-in person's own security settings: passkeys, sessions, recovery codes, and the
//! step-up check that guards the sensitive ones. Every function here acts only on the caller's
//! own account; ids from the browser are checked to belong to it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use portico_types::{InvitationId, PasskeyId, SessionId};

use super::{ApiError, auth::Ceremony};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyRow {
    pub id: PasskeyId,
    pub name: String,
    pub created: String,
    pub last_used: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: SessionId,
    pub device: String,
    pub started: String,
    pub last_seen: String,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityDetails {
    pub passkeys: Vec<PasskeyRow>,
    pub sessions: Vec<SessionRow>,
    /// Unused recovery codes; `None` for staff, who recover through an administrator.
    pub recovery_codes_left: Option<u64>,
    /// Codes the clinic issued to recover this account, not yet used.
    pub clinic_recoveries: Vec<ClinicRecoveryRow>,
    /// Sign-ins from browsers the account had not used before, newest first.
    pub new_devices: Vec<NewDeviceRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDeviceRow {
    pub device: String,
    pub first_seen: String,
    pub last_seen: String,
}

/// A code the clinic issued to add a passkey to the caller's account, for the caller to check
/// (and cancel if they did not ask for it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicRecoveryRow {
    pub id: InvitationId,
    pub issued: String,
    pub issued_by: String,
    pub approved: bool,
    pub expires: String,
}

#[server(endpoint = "account/security")]
pub async fn security_overview() -> Result<SecurityDetails, ApiError> {
    use super::server_context::{own_account, server_context};
    let ctx = server_context()?;
    let session = own_account("account/security").await?;
    let passkeys = ctx.identity.list_passkeys(&session).await?;
    let sessions = ctx.identity.list_sessions(&session).await?;
    let recovery_codes_left = match session.account.patient_id {
        Some(_) => Some(ctx.identity.recovery_codes_left(&session).await?),
        None => None,
    };
    let clinic_recoveries = ctx.identity.pending_recoveries(&session).await?;
    let new_devices = ctx.identity.new_device_sign_ins(&session).await?;
    let zone = ctx.zone().await?;
    let moment = |at| super::display::moment(&zone, at);
    let locale = crate::i18n::locale();
    Ok(SecurityDetails {
        passkeys: passkeys
            .into_iter()
            .map(|p| PasskeyRow {
                id: PasskeyId::from_stored(p.id),
                // A name Portico gave ("Chrome on Linux") in the reader's language; one the
                // person typed as written.
                name: portico_domain::identity::stored_device_words(&p.name).in_language(locale),
                created: moment(p.created_at),
                last_used: p.last_used_at.map(moment),
            })
            .collect(),
        sessions: sessions
            .into_iter()
            .map(|s| SessionRow {
                id: SessionId::from_stored(s.id),
                device: s.device.map_or_else(
                    || crate::i18n::t("log-device-unknown"),
                    |d| portico_domain::identity::stored_device_words(&d).in_language(locale),
                ),
                started: moment(s.created_at),
                last_seen: moment(s.last_seen_at),
                current: s.current,
            })
            .collect(),
        recovery_codes_left,
        clinic_recoveries: clinic_recoveries
            .into_iter()
            .map(|r| ClinicRecoveryRow {
                id: InvitationId::from_stored(r.invitation_id),
                issued: moment(r.issued_at),
                issued_by: r.issued_by.in_language(locale),
                approved: r.approved,
                expires: moment(r.expires_at),
            })
            .collect(),
        new_devices: new_devices
            .into_iter()
            .map(|d| NewDeviceRow {
                device: portico_domain::identity::stored_device_words(&d.device)
                    .in_language(locale),
                first_seen: moment(d.first_seen_at),
                last_seen: moment(d.last_seen_at),
            })
            .collect(),
    })
}

/// "This wasn't me": cancels a code the clinic issued to recover the caller's account.
#[server(endpoint = "account/clinic-recovery/cancel")]
pub async fn cancel_clinic_recovery(invitation_id: InvitationId) -> Result<(), ApiError> {
    use super::server_context::{own_account, request_meta, server_context};
    let ctx = server_context()?;
    let session = own_account("account/clinic-recovery/cancel").await?;
    ctx.identity
        .cancel_recovery(&session, &invitation_id, &request_meta())
        .await?;
    Ok(())
}

#[server(endpoint = "account/step-up/begin")]
pub async fn begin_step_up() -> Result<Ceremony, ApiError> {
    use super::server_context::{own_account, server_context};
    let ctx = server_context()?;
    let session = own_account("account/step-up/begin").await?;
    Ok(ctx.identity.begin_step_up(&session).await?.into())
}

/// Confirms presence with a passkey. The session gets a new id (a new cookie).
#[server(endpoint = "account/step-up/finish")]
pub async fn finish_step_up(ceremony_id: String, credential: String) -> Result<(), ApiError> {
    use super::server_context::{own_account, request_meta, server_context, set_session_cookie};
    let ctx = server_context()?;
    let session = own_account("account/step-up/finish").await?;
    let token = ctx
        .identity
        .finish_step_up(&session, &ceremony_id, &credential, &request_meta())
        .await?;
    set_session_cookie(&token);
    Ok(())
}

#[server(endpoint = "account/passkeys/add/begin")]
pub async fn begin_add_passkey() -> Result<Ceremony, ApiError> {
    use super::server_context::{own_account, server_context};
    let ctx = server_context()?;
    let session = own_account("account/passkeys/add/begin").await?;
    Ok(ctx.identity.begin_add_passkey(&session).await?.into())
}

#[server(endpoint = "account/passkeys/add/finish")]
pub async fn finish_add_passkey(
    ceremony_id: String,
    credential: String,
    name: String,
) -> Result<(), ApiError> {
    use super::server_context::{own_account, request_meta, server_context};
    let ctx = server_context()?;
    let session = own_account("account/passkeys/add/finish").await?;
    ctx.identity
        .finish_add_passkey(&session, &ceremony_id, &credential, &name, &request_meta())
        .await?;
    Ok(())
}

#[server(endpoint = "account/passkeys/rename")]
pub async fn rename_passkey(passkey_id: PasskeyId, name: String) -> Result<(), ApiError> {
    use super::server_context::{own_account, request_meta, server_context};
    let ctx = server_context()?;
    let session = own_account("account/passkeys/rename").await?;
    ctx.identity
        .rename_passkey(&session, &passkey_id, &name, &request_meta())
        .await?;
    Ok(())
}

#[server(endpoint = "account/passkeys/remove")]
pub async fn remove_passkey(passkey_id: PasskeyId) -> Result<(), ApiError> {
    use super::server_context::{own_account, request_meta, server_context};
    let ctx = server_context()?;
    let session = own_account("account/passkeys/remove").await?;
    ctx.identity
        .remove_passkey(&session, &passkey_id, &request_meta())
        .await?;
    Ok(())
}

#[server(endpoint = "account/sessions/end")]
pub async fn end_session(session_id: SessionId) -> Result<(), ApiError> {
    use super::server_context::{own_account, request_meta, server_context};
    let ctx = server_context()?;
    let session = own_account("account/sessions/end").await?;
    ctx.identity
        .end_session(&session, &session_id, &request_meta())
        .await?;
    Ok(())
}

#[server(endpoint = "account/sessions/end-others")]
pub async fn end_other_sessions() -> Result<u64, ApiError> {
    use super::server_context::{own_account, request_meta, server_context};
    let ctx = server_context()?;
    let session = own_account("account/sessions/end-others").await?;
    Ok(ctx
        .identity
        .end_other_sessions(&session, &request_meta())
        .await?)
}

#[server(endpoint = "account/recovery-codes/regenerate")]
pub async fn regenerate_recovery_codes() -> Result<Vec<String>, ApiError> {
    use super::server_context::{own_account, request_meta, server_context};
    let ctx = server_context()?;
    let session = own_account("account/recovery-codes/regenerate").await?;
    let codes = ctx
        .identity
        .regenerate_recovery_codes(&session, &request_meta())
        .await?;
    Ok(codes.iter().map(|c| c.expose().to_owned()).collect())
}

/// One optional e-mail and whether the caller gets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSetting {
    /// `visit_reminders`.
    pub kind: String,
    pub label: String,
    pub on: bool,
}

/// The optional e-mails (visit reminders) and whether the caller gets each. Security notices
/// about the account always go and are not listed.
#[server(endpoint = "account/notices")]
pub async fn notice_settings() -> Result<Vec<NoticeSetting>, ApiError> {
    use super::server_context::{own_account, server_context};
    let ctx = server_context()?;
    let session = own_account("account/notices").await?;
    Ok(ctx
        .identity
        .notice_preferences(&session)
        .await?
        .into_iter()
        .map(|(kind, on)| NoticeSetting {
            kind: kind.as_str().to_owned(),
            label: super::display::name(kind),
            on,
        })
        .collect())
}

/// Turns an optional e-mail on (`on=true`) or off for the caller. A plain form post comes back to
/// the Security page.
#[server(endpoint = "account/notices/set")]
pub async fn set_notice(kind: String, on: bool) -> Result<(), ApiError> {
    use super::server_context::{after_plain_form, own_account, request_meta, server_context};
    use portico_domain::{DomainError, notify::Optional, said};
    let ctx = server_context()?;
    let session = own_account("account/notices/set").await?;
    let kind = Optional::parse(&kind)
        .ok_or_else(|| DomainError::validation("kind", said!("acct-notice-kind-invalid")))?;
    ctx.identity
        .set_notice_preference(&session, kind, on, &request_meta())
        .await?;
    after_plain_form("/security");
    Ok(())
}
