//! Who someone is and how they prove it: accounts by role, clinic-issued activation codes,
//! passkeys (WebAuthn, user verification always required), server-side sessions with idle and
//! absolute timeouts and step-up, recovery codes, and the per-account attempt ladder. Every change
//! here writes its audit event in the same transaction.
//!
//! Nothing here knows about HTTP: the web layer hands in the request's [`RequestMeta`] and turns
//! the returned session token into a cookie.

pub(crate) mod accounts;
mod ceremonies;
mod clinic_recovery;
mod devices;
mod enrollment;
mod language;
mod notices;
mod passkeys;
mod recovery;
mod sessions;
pub(crate) mod throttle;

use std::sync::Arc;

use chrono::Duration;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use webauthn_rs::{Webauthn, WebauthnBuilder};

pub use accounts::{
    AccountSummary, ActivationCodeIssued, InvitationStatus, InvitationSummary, Issuer, NewPatient,
    NewStaff, parse_birth_date,
};
pub(crate) use accounts::{CodeRequest, parse_name, parse_optional_email};
pub use clinic_recovery::{
    Operator, PendingRecovery, RecoveryRole, awaiting_approval, issuer_browser, recovery_role,
    save_recovery_role,
};
pub use devices::NewDeviceSignIn;
pub use enrollment::EnrollmentStart;
pub use passkeys::{PasskeySummary, parse_passkey_name};
pub use recovery::RECOVERY_CODE_COUNT;
pub use sessions::{CurrentSession, SessionLookup, SessionSummary};
pub use webauthn_rs::prelude::Url;

use crate::{
    DomainError, DomainResult, audit::RequestMeta, core::Core, i18n::Said, said, secrets::Secret,
};

/// What a person is to the clinic. Stored as the `as_str` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Patient,
    Caregiver,
    Clinician,
    FrontDesk,
    Billing,
    Admin,
}

impl Role {
    pub const STAFF: [Role; 4] = [Role::Clinician, Role::FrontDesk, Role::Billing, Role::Admin];
    pub const ALL: [Role; 6] = [
        Role::Patient,
        Role::Caregiver,
        Role::Clinician,
        Role::FrontDesk,
        Role::Billing,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Patient => "patient",
            Self::Caregiver => "caregiver",
            Self::Clinician => "clinician",
            Self::FrontDesk => "front_desk",
            Self::Billing => "billing",
            Self::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> DomainResult<Self> {
        match value.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "patient" => Ok(Self::Patient),
            "caregiver" => Ok(Self::Caregiver),
            "clinician" => Ok(Self::Clinician),
            "front_desk" => Ok(Self::FrontDesk),
            "billing" => Ok(Self::Billing),
            "admin" => Ok(Self::Admin),
            _ => Err(DomainError::validation("role", said!("acct-role-choose"))),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Patient => "Patient",
            Self::Caregiver => "Caregiver",
            Self::Clinician => "Clinician",
            Self::FrontDesk => "Front desk",
            Self::Billing => "Billing",
            Self::Admin => "Administrator",
        }
    }

    pub fn is_staff(self) -> bool {
        Self::STAFF.contains(&self)
    }
}

/// The web origin passkeys are bound to. The relying-party id is its host.
#[derive(Clone, Debug)]
pub struct RelyingParty {
    pub origin: Url,
    pub name: String,
}

#[derive(Clone, Copy, Debug)]
pub struct IdentitySettings {
    pub idle_timeout: Duration,
    pub absolute_lifetime: Duration,
    pub activation_code_ttl: Duration,
    /// How recent a passkey check must be for sensitive changes.
    pub step_up_window: Duration,
    /// How long a WebAuthn ceremony may take (at most five minutes).
    pub ceremony_ttl: Duration,
    /// The clinic's language: e-mails to people who chose none are written in it.
    pub default_locale: crate::i18n::Locale,
}

impl Default for IdentitySettings {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(15),
            absolute_lifetime: Duration::hours(12),
            activation_code_ttl: Duration::days(14),
            step_up_window: Duration::minutes(10),
            ceremony_ttl: Duration::minutes(5),
            default_locale: crate::i18n::Locale::En,
        }
    }
}

/// The identity service. Cheap to clone; one per process.
#[derive(Clone)]
pub struct Identity {
    inner: Arc<Inner>,
}

struct Inner {
    core: Core,
    webauthn: Webauthn,
    settings: IdentitySettings,
    /// Sets of recovery codes hashed (argon2) since start: slow work that only a valid
    /// ceremony may cause. Tests read it; nothing else depends on it.
    recovery_batches_hashed: std::sync::atomic::AtomicU64,
}

impl Identity {
    pub fn new(
        core: Core,
        relying_party: &RelyingParty,
        settings: IdentitySettings,
    ) -> DomainResult<Self> {
        let rp_id = relying_party.origin.host_str().ok_or_else(|| {
            DomainError::validation("PORTICO_ORIGIN", Said::plain("must have a host name"))
        })?;
        let webauthn = WebauthnBuilder::new(rp_id, &relying_party.origin)
            .and_then(|builder| builder.rp_name(&relying_party.name).build())
            .map_err(|e| {
                DomainError::validation(
                    "PORTICO_ORIGIN",
                    Said::plain(format!("cannot be used for passkeys: {e}")),
                )
            })?;
        let settings = IdentitySettings {
            ceremony_ttl: settings.ceremony_ttl.min(Duration::minutes(5)),
            ..settings
        };
        Ok(Self {
            inner: Arc::new(Inner {
                core,
                webauthn,
                settings,
                recovery_batches_hashed: std::sync::atomic::AtomicU64::new(0),
            }),
        })
    }

    /// How many sets of recovery codes this service has hashed since it started.
    pub fn recovery_batches_hashed(&self) -> u64 {
        self.inner
            .recovery_batches_hashed
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn core(&self) -> &Core {
        &self.inner.core
    }

    pub fn db(&self) -> &DatabaseConnection {
        self.inner.core.db()
    }

    pub fn settings(&self) -> &IdentitySettings {
        &self.inner.settings
    }

    /// Seals and opens PHI at rest.
    pub fn vault(&self) -> &crate::vault::Vault {
        self.inner.core.vault()
    }

    fn webauthn(&self) -> &Webauthn {
        &self.inner.webauthn
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.core.now()
    }
}

impl Identity {
    /// Records that an address hit the per-IP limit for unauthenticated requests.
    #[tracing::instrument(name = "identity.record_rate_limited", skip_all)]
    pub async fn record_rate_limited(&self, meta: &RequestMeta) -> DomainResult<()> {
        crate::audit::record(
            self.db(),
            self.now(),
            meta,
            crate::audit::AuditEntry::new("rate_limit", crate::audit::Outcome::Denied)
                .reason("anonymous_requests"),
        )
        .await?;
        Ok(())
    }
}

/// A session just created (sign-in, enrolment, recovery, step-up rotation): the token goes into
/// the cookie and nowhere else.
#[derive(Debug)]
pub struct NewSession {
    pub token: Secret,
    pub session_id: String,
    pub account: AccountSummary,
}

/// The result of enrolment or recovery: a session, and (for patients) recovery codes to show
/// once.
#[derive(Debug)]
pub struct Enrolled {
    pub session: NewSession,
    pub recovery_codes: Vec<Secret>,
}

/// A WebAuthn ceremony handed to the browser: its id, and the options JSON for
/// `navigator.credentials.create/get`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CeremonyStart {
    pub ceremony_id: String,
    pub options: serde_json::Value,
}

/// What every refusal of a code says, whichever check failed, so that nothing tells an attacker
/// whether a code exists, belongs to someone or is merely being throttled.
pub fn code_refusal() -> Said {
    said!("acct-code-refused")
}

/// What every refused sign-in says, whichever check failed.
pub fn sign_in_refusal() -> Said {
    said!("acct-sign-in-refused")
}

fn code_refused(field: &'static str) -> DomainError {
    DomainError::validation(field, code_refusal())
}

/// Shared by the enrolment and recovery flows.
pub(crate) fn meta_device(meta: &RequestMeta) -> Option<String> {
    meta.user_agent.as_deref().map(describe_device)
}

/// The browsers and systems [`device_words`] tells apart (names, the same in every language);
/// `None` is "a browser" / "an unknown system".
const BROWSERS: [Option<&str>; 5] = [
    Some("Edge"),
    Some("Firefox"),
    Some("Chrome"),
    Some("Safari"),
    None,
];
const SYSTEMS: [Option<&str>; 7] = [
    Some("Android"),
    Some("iOS"),
    Some("macOS"),
    Some("Windows"),
    Some("ChromeOS"),
    Some("Linux"),
    None,
];

/// A short, human description of a browser from its user agent ("Chrome on Android"), for the
/// list of active sessions; stored in English ([`describe_device`]) and shown in the reader's
/// language ([`stored_device_words`]).
pub fn device_words(user_agent: &str) -> Said {
    let ua = user_agent;
    if ua.starts_with("portico-cli") {
        return said!("acct-device-cli");
    }
    let browser = if ua.contains("Edg/") {
        Some("Edge")
    } else if ua.contains("Firefox/") {
        Some("Firefox")
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        Some("Chrome")
    } else if ua.contains("Safari/") {
        Some("Safari")
    } else {
        None
    };
    let system = if ua.contains("Android") {
        Some("Android")
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        Some("iOS")
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        Some("macOS")
    } else if ua.contains("Windows") {
        Some("Windows")
    } else if ua.contains("CrOS") {
        Some("ChromeOS")
    } else if ua.contains("Linux") {
        Some("Linux")
    } else {
        None
    };
    device(browser, system)
}

fn device(browser: Option<&str>, system: Option<&str>) -> Said {
    said!("acct-device")
        .nested(
            "browser",
            browser.map_or_else(|| said!("acct-device-a-browser"), Said::plain),
        )
        .nested(
            "system",
            system.map_or_else(|| said!("acct-device-unknown-system"), Said::plain),
        )
}

/// The English description kept with a session or a known browser.
pub fn describe_device(user_agent: &str) -> String {
    device_words(user_agent).to_string()
}

/// A description [`describe_device`] stored, in words to say in the reader's language; anything
/// else (a name someone typed) as written.
pub fn stored_device_words(stored: &str) -> Said {
    // Every description Portico writes, by its English, made once.
    static WRITTEN: std::sync::LazyLock<std::collections::HashMap<String, Said>> =
        std::sync::LazyLock::new(|| {
            BROWSERS
                .iter()
                .flat_map(|b| SYSTEMS.iter().map(move |s| device(*b, *s)))
                .chain([said!("acct-device-cli")])
                .map(|words| (words.to_string(), words))
                .collect()
        });
    WRITTEN
        .get(stored)
        .cloned()
        .unwrap_or_else(|| Said::plain(stored))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_reject_unknown_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()).unwrap(), role);
        }
        assert_eq!(Role::parse("Front-Desk").unwrap(), Role::FrontDesk);
        assert!(Role::parse("root").is_err());
    }

    #[test]
    fn devices_are_described_without_the_raw_user_agent() {
        assert_eq!(
            describe_device(
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
            ),
            "Chrome on Android"
        );
        assert_eq!(
            describe_device(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1"
            ),
            "Safari on iOS"
        );
        assert_eq!(describe_device("curl/8"), "A browser on an unknown system");
    }

    #[test]
    fn a_stored_description_is_said_in_the_readers_language() {
        use crate::i18n::Locale;
        let es = |stored: &str| stored_device_words(stored).in_language(Locale::Es);
        assert_eq!(es("Chrome on Linux"), "Chrome en Linux");
        assert_eq!(
            es("A browser on an unknown system"),
            "Un navegador en un sistema desconocido"
        );
        assert_eq!(es("Portico command line"), "Línea de comandos de Portico");
        // A passkey's name someone typed stays as written.
        assert_eq!(es("Kitchen iPad"), "Kitchen iPad");
    }
}
