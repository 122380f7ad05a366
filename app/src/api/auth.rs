//! Signing in and out, enrolment and recovery. The `auth/…` endpoints serve people who are not
//! signed in yet: the server rate-limits them per IP, and every refusal says the same thing.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;

/// A WebAuthn ceremony for the browser: its id and the options JSON for
/// `navigator.credentials.create/get`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ceremony {
    pub ceremony_id: String,
    pub options: String,
}

/// The signed-in person, as the pages need them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub display_name: String,
    pub role_label: String,
    pub is_patient: bool,
    pub is_staff: bool,
    pub may_invite_patients: bool,
    pub may_invite_staff: bool,
    pub may_find_patients: bool,
    pub may_read_audit: bool,
    pub may_import_records: bool,
    pub may_view_schedule: bool,
    pub may_work_inbox: bool,
    pub may_decide_renewals: bool,
    /// The billing office: the day's payments and what is owed by age.
    pub may_work_billing: bool,
    /// Administrators: clinic settings (the schedule's).
    pub may_configure_clinic: bool,
    /// The person's own record, for patients.
    pub patient_id: Option<String>,
    /// Seconds until the session ends if nothing else happens.
    pub seconds_left: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentOptions {
    pub ceremony: Ceremony,
    pub display_name: String,
}

/// What enrolment or recovery hands back: who is now signed in and, after enrolment, the
/// recovery codes to show once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    pub display_name: String,
    pub recovery_codes: Vec<String>,
}

/// The signed-in person behind the request being rendered, read synchronously from the request
/// (the session middleware resolved it). `None` outside a request or when nobody is signed in.
#[cfg(feature = "ssr")]
pub fn current_me() -> Option<Me> {
    let ctx = super::server_context::server_context().ok()?;
    super::server_context::current_session().map(|session| convert::me(&ctx.identity, &session))
}

#[cfg(feature = "ssr")]
mod convert {
    use portico_domain::identity::{CeremonyStart, CurrentSession, Identity};

    use super::{Ceremony, Me};

    impl From<CeremonyStart> for Ceremony {
        fn from(start: CeremonyStart) -> Self {
            Self {
                ceremony_id: start.ceremony_id,
                options: start.options.to_string(),
            }
        }
    }

    pub fn me(identity: &Identity, session: &CurrentSession) -> Me {
        use portico_domain::access::{ClinicTask, policy::may_do};
        let role = session.account.role;
        Me {
            display_name: session.account.display_name.clone(),
            role_label: crate::api::display::name(role),
            is_patient: session.account.patient_id.is_some(),
            is_staff: role.is_staff(),
            may_invite_patients: may_do(role, ClinicTask::InvitePatients),
            may_invite_staff: may_do(role, ClinicTask::InviteStaff),
            may_find_patients: may_do(role, ClinicTask::FindPatients),
            may_read_audit: may_do(role, ClinicTask::ReadAuditLog),
            may_import_records: may_do(role, ClinicTask::ImportRecords),
            may_view_schedule: may_do(role, ClinicTask::ViewSchedule),
            may_work_inbox: may_do(role, ClinicTask::WorkInbox),
            may_decide_renewals: may_do(role, ClinicTask::DecideRenewals),
            may_work_billing: may_do(role, ClinicTask::WorkBilling),
            may_configure_clinic: may_do(role, ClinicTask::ConfigureClinic),
            patient_id: session.account.patient_id.clone(),
            seconds_left: (session.ends_at() - identity.now()).num_seconds().max(0),
        }
    }
}

/// Who is signed in, if anyone. Public: it reveals only the caller's own name and role.
#[server(endpoint = "session/me")]
pub async fn who_am_i() -> Result<Option<Me>, ApiError> {
    use super::server_context::{current_session, server_context};
    let ctx = server_context()?;
    super::server_context::authorize(portico_domain::access::Target::Public, "session/me").await?;
    Ok(current_session().map(|session| convert::me(&ctx.identity, &session)))
}

/// How long the session has left. Does not count as activity (the server's session middleware
/// skips the idle-timer update for this endpoint), so polling it cannot keep a session alive.
#[server(endpoint = "session/status")]
pub async fn session_status() -> Result<Option<i64>, ApiError> {
    use super::server_context::{current_session, server_context};
    let ctx = server_context()?;
    super::server_context::authorize(portico_domain::access::Target::Public, "session/status")
        .await?;
    Ok(current_session().map(|s| (s.ends_at() - ctx.identity.now()).num_seconds().max(0)))
}

/// "Stay signed in": an ordinary request, which moves the idle deadline.
#[server(endpoint = "session/keep-alive")]
pub async fn stay_signed_in() -> Result<i64, ApiError> {
    use super::server_context::{own_account, server_context};
    let ctx = server_context()?;
    let session = own_account("session/keep-alive").await?;
    Ok((session.ends_at() - ctx.identity.now())
        .num_seconds()
        .max(0))
}

#[server(endpoint = "auth/sign-in/begin")]
pub async fn begin_sign_in() -> Result<Ceremony, ApiError> {
    use super::server_context::server_context;
    let ctx = server_context()?;
    super::server_context::authorize(portico_domain::access::Target::Public, "auth/sign-in/begin")
        .await?;
    Ok(ctx.identity.begin_sign_in().await?.into())
}

/// Finishes sign-in: a new session, in a new cookie. The page then reloads as the person.
#[server(endpoint = "auth/sign-in/finish")]
pub async fn finish_sign_in(ceremony_id: String, credential: String) -> Result<(), ApiError> {
    use super::server_context::{
        current_session, request_meta_with_device, server_context, set_session_cookie,
    };
    let ctx = server_context()?;
    super::server_context::authorize(
        portico_domain::access::Target::Public,
        "auth/sign-in/finish",
    )
    .await?;
    let previous = current_session();
    let session = ctx
        .identity
        .finish_sign_in(
            &ceremony_id,
            &credential,
            previous.as_ref(),
            &request_meta_with_device(),
        )
        .await?;
    set_session_cookie(&session.token);
    // The language the person chose, on any browser, is this browser's too from now on.
    if let Some(locale) = ctx.identity.language(&session.account.id).await? {
        super::server_context::set_language_cookie(locale);
    }
    Ok(())
}

#[server(endpoint = "session/sign-out")]
pub async fn sign_out() -> Result<(), ApiError> {
    use super::server_context::{
        clear_session_in_browser, current_session, request_meta, server_context,
    };
    let ctx = server_context()?;
    super::server_context::authorize(portico_domain::access::Target::Public, "session/sign-out")
        .await?;
    if let Some(session) = current_session() {
        ctx.identity.sign_out(&session, &request_meta()).await?;
    }
    clear_session_in_browser();
    super::server_context::after_plain_form("/sign-in?reason=signed-out");
    Ok(())
}

#[server(endpoint = "auth/enroll/begin")]
pub async fn begin_enrollment(
    code: String,
    birth_date: String,
) -> Result<EnrollmentOptions, ApiError> {
    use super::server_context::{current_session, request_meta, server_context};
    let ctx = server_context()?;
    super::server_context::authorize(portico_domain::access::Target::Public, "auth/enroll/begin")
        .await?;
    let start = ctx
        .identity
        .begin_enrollment(
            &code,
            &birth_date,
            current_session().as_ref(),
            &request_meta(),
        )
        .await?;
    Ok(EnrollmentOptions {
        ceremony: start.ceremony.into(),
        display_name: start.display_name,
    })
}

#[server(endpoint = "auth/enroll/finish")]
pub async fn finish_enrollment(
    ceremony_id: String,
    credential: String,
) -> Result<Welcome, ApiError> {
    use super::server_context::{
        current_session, request_meta_with_device, server_context, set_session_cookie,
    };
    let ctx = server_context()?;
    super::server_context::authorize(portico_domain::access::Target::Public, "auth/enroll/finish")
        .await?;
    let enrolled = ctx
        .identity
        .finish_enrollment(
            &ceremony_id,
            &credential,
            current_session().as_ref(),
            &request_meta_with_device(),
        )
        .await?;
    set_session_cookie(&enrolled.session.token);
    Ok(Welcome {
        display_name: enrolled.session.account.display_name,
        recovery_codes: enrolled
            .recovery_codes
            .iter()
            .map(|c| c.expose().to_owned())
            .collect(),
    })
}

#[server(endpoint = "auth/recover/begin")]
pub async fn begin_recovery(code: String, birth_date: String) -> Result<Ceremony, ApiError> {
    use super::server_context::{request_meta, server_context};
    let ctx = server_context()?;
    super::server_context::authorize(portico_domain::access::Target::Public, "auth/recover/begin")
        .await?;
    Ok(ctx
        .identity
        .begin_recovery(&code, &birth_date, &request_meta())
        .await?
        .into())
}

#[server(endpoint = "auth/recover/finish")]
pub async fn finish_recovery(ceremony_id: String, credential: String) -> Result<Welcome, ApiError> {
    use super::server_context::{request_meta_with_device, server_context, set_session_cookie};
    let ctx = server_context()?;
    super::server_context::authorize(
        portico_domain::access::Target::Public,
        "auth/recover/finish",
    )
    .await?;
    let recovered = ctx
        .identity
        .finish_recovery(&ceremony_id, &credential, &request_meta_with_device())
        .await?;
    set_session_cookie(&recovered.session.token);
    Ok(Welcome {
        display_name: recovered.session.account.display_name,
        recovery_codes: Vec::new(),
    })
}
