//! What a server function can reach on the server: the services, the current request's origin
//! details (for the audit log) and its session, and the session cookie it may set or clear.

use http::{HeaderValue, header, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use portico_domain::{
    DatabaseConnection, DomainError,
    access::{
        Access, AccountScope, Authorized, ClinicScope, ClinicTask, Mode, PatientScope, Permit,
        Scope, Target,
    },
    audit::RequestMeta,
    identity::{CurrentSession, Identity},
    records::Records,
    scheduling::Scheduling,
    secrets::Secret,
};

use super::{ApiError, ApiErrorKind};

/// Provided to every server function and page render by the server crate.
#[derive(Clone)]
pub struct ServerContext {
    pub db: DatabaseConnection,
    pub identity: Identity,
    pub access: Access,
    pub records: Records,
    pub scheduling: Scheduling,
    pub messaging: portico_domain::messaging::Messaging,
    pub renewals: portico_domain::renewals::Renewals,
    pub billing: portico_domain::billing::Billing,
    /// The caps on files sent with messages.
    pub attachment_limits: portico_domain::messaging::AttachmentLimits,
    /// The public origin (`https://portal.example.org`), for absolute URLs such as an export's.
    pub origin: String,
}

impl ServerContext {
    /// The clinic's time zone, its labels in the page's language.
    pub async fn zone(&self) -> Result<portico_domain::scheduling::ClinicZone, DomainError> {
        Ok(self
            .scheduling
            .zone()
            .await?
            .speaking(crate::i18n::locale()))
    }
}

/// The request id header set by the server's middleware.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The session cookie. `__Host-` makes the browser insist on Secure, Path=/ and no Domain, so
/// no subdomain can set or read it.
pub const SESSION_COOKIE: &str = "__Host-portico_session";

pub fn server_context() -> Result<ServerContext, DomainError> {
    use_context::<ServerContext>().ok_or_else(|| {
        DomainError::Internal("ServerContext missing from the Leptos context".into())
    })
}

pub fn request_id() -> Option<String> {
    let parts = use_context::<Parts>()?;
    let value = parts.headers.get(REQUEST_ID_HEADER)?;
    value.to_str().ok().map(str::to_owned)
}

/// Where the request came from, as the server's session middleware recorded it.
pub fn request_meta() -> RequestMeta {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<RequestMeta>().cloned())
        .unwrap_or_default()
}

/// The browser's long-lived device cookie: how a sign-in from a browser the account has never
/// used is recognised (see `portico_domain::identity::Identity::note_device`). Random, and only
/// its hash is stored.
pub const DEVICE_COOKIE: &str = "__Host-portico_device";

/// About 400 days, the longest a browser keeps a cookie.
const DEVICE_COOKIE_SECONDS: u32 = 400 * 24 * 60 * 60;

/// [`request_meta`] with the browser's device: the cookie it sent or, for a browser without one,
/// a new cookie set in this response. For the functions that open a session.
pub fn request_meta_with_device() -> RequestMeta {
    let mut meta = request_meta();
    let sent = use_context::<Parts>().and_then(|parts| {
        cookie_value(&parts.headers, DEVICE_COOKIE)
            .filter(|token| portico_domain::secrets::looks_like_token(token))
            .map(str::to_owned)
    });
    let token = match sent {
        Some(token) => token,
        None => {
            let token = portico_domain::secrets::new_session_token()
                .expose()
                .to_owned();
            let cookie = format!(
                "{DEVICE_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={DEVICE_COOKIE_SECONDS}"
            );
            append_set_cookie(&cookie);
            token
        }
    };
    meta.device = Some(portico_domain::secrets::sha256_hex(&token));
    meta
}

/// The signed-in session, if the request carried a live one.
pub fn current_session() -> Option<CurrentSession> {
    use_context::<Parts>().and_then(|parts| parts.extensions.get::<CurrentSession>().cloned())
}

/// The signed-in session, or a 401 for the browser.
pub fn require_session() -> Result<CurrentSession, ApiError> {
    current_session().ok_or_else(|| {
        super::error::set_status(ApiErrorKind::Unauthenticated.status());
        ApiError::new(
            ApiErrorKind::Unauthenticated,
            "Your session has ended. Please sign in again.",
        )
    })
}

/// Asks the domain's one policy whether the caller may reach `target`. Every server function
/// starts here; a refusal is audited as denied under `action` and answered 401 or 403.
pub async fn authorize(target: Target<'_>, action: &'static str) -> Result<Permit, ApiError> {
    let ctx = server_context()?;
    let session = current_session();
    Ok(ctx
        .access
        .authorize(session.as_ref(), target, action, &request_meta())
        .await?)
}

/// For a function about the caller's own account: the policy's check, then the session.
pub async fn own_account(action: &'static str) -> Result<CurrentSession, ApiError> {
    authorize(Target::OwnAccount, action).await?;
    require_session()
}

/// The policy's answer for the caller's own account, for services that take it.
pub async fn account_access(action: &'static str) -> Result<Authorized<AccountScope>, ApiError> {
    let ctx = server_context()?;
    Ok(ctx
        .access
        .authorize_account(current_session().as_ref(), action, &request_meta())
        .await?)
}

/// For staff-side work that is not about one patient: the policy's check, then the session.
pub async fn clinic_task(
    task: ClinicTask,
    action: &'static str,
) -> Result<CurrentSession, ApiError> {
    authorize(Target::Clinic(task), action).await?;
    require_session()
}

/// The policy's answer for clinic work, for services that take it.
pub async fn clinic_access(
    task: ClinicTask,
    action: &'static str,
) -> Result<Authorized<ClinicScope>, ApiError> {
    let ctx = server_context()?;
    Ok(ctx
        .access
        .authorize_clinic(current_session().as_ref(), task, action, &request_meta())
        .await?)
}

/// For a function about one patient's record: the policy's one answer for that scope and mode,
/// which the domain service takes instead of asking again.
pub async fn patient_access(
    patient_id: &str,
    scope: Scope,
    mode: Mode,
    action: &'static str,
) -> Result<Authorized<PatientScope>, ApiError> {
    let ctx = server_context()?;
    Ok(ctx
        .access
        .authorize_patient(
            current_session().as_ref(),
            patient_id,
            scope,
            mode,
            action,
            &request_meta(),
        )
        .await?)
}

pub fn session_cookie(token: &Secret) -> String {
    format!(
        "{SESSION_COOKIE}={}; Path=/; Secure; HttpOnly; SameSite=Lax",
        token.expose()
    )
}

pub fn expired_session_cookie() -> &'static str {
    "__Host-portico_session=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0"
}

/// Adds a `Set-Cookie` with `cookie` to the response being made.
fn append_set_cookie(cookie: &str) {
    if let (Some(options), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(cookie),
    ) {
        options.append_header(header::SET_COOKIE, value);
    }
}

/// Puts a new session token in the response's cookie.
pub fn set_session_cookie(token: &Secret) {
    append_set_cookie(&session_cookie(token));
}

/// Keeps `locale` as this browser's language (the language cookie).
pub fn set_language_cookie(locale: crate::i18n::Locale) {
    append_set_cookie(&crate::i18n::language_cookie(locale));
}

/// Ends the session in the browser: expires the cookie and asks the browser to drop anything it
/// kept for this site.
pub fn clear_session_in_browser() {
    if let Some(options) = use_context::<ResponseOptions>() {
        options.append_header(
            header::SET_COOKIE,
            HeaderValue::from_static(expired_session_cookie()),
        );
        options.insert_header(
            http::HeaderName::from_static("clear-site-data"),
            HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
        );
    }
}

/// Reads one cookie from a request's headers.
pub fn cookie_value<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A plain form post (a page whose script has not run, or a form outside any island) follows
/// the server function's answer: the browser then goes to `href`, the page the change concerns,
/// instead of back to the page it came from. A call from a page's script stays on its page.
pub(crate) fn after_plain_form(href: &str) {
    if super::error::is_form_post() {
        leptos_axum::redirect(href);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; __Host-portico_session=abc; b=2"),
        );
        assert_eq!(cookie_value(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie_value(&headers, "missing"), None);
    }

    #[test]
    fn the_cookie_is_host_only_secure_and_hidden_from_scripts() {
        let cookie = session_cookie(&portico_domain::secrets::new_session_token());
        for attribute in ["__Host-", "Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
            assert!(cookie.contains(attribute), "{cookie}");
        }
        assert!(!cookie.contains("Domain"), "{cookie}");
    }
}
