//! A clinic with a manual clock, and software passkeys (webauthn-authenticator-rs `SoftPasskey`)
//! that answer real WebAuthn ceremonies.

use chrono::{Duration, TimeZone, Utc};
use portico_domain::{
    audit::RequestMeta,
    clock::ManualClock,
    entities::audit_event,
    identity::{
        CurrentSession, Enrolled, Identity, IdentitySettings, Issuer, NewPatient, RelyingParty,
        SessionLookup,
    },
    test_util::TestDatabase,
};
use sea_orm::{EntityTrait, QueryOrder};
use webauthn_authenticator_rs::{WebauthnAuthenticator, softpasskey::SoftPasskey};
use webauthn_rs::prelude::{CreationChallengeResponse, RequestChallengeResponse, Url};

pub const ORIGIN: &str = "https://portal.example.org";
pub const BIRTH_DATE: &str = "1984-03-09";

pub struct Clinic {
    pub t: TestDatabase,
    pub clock: ManualClock,
    pub identity: Identity,
}

pub type Authenticator = SoftPasskey;

/// A passkey that performs user verification (`uv = true`) or does not.
pub fn authenticator(uv: bool) -> Authenticator {
    SoftPasskey::new(uv)
}

pub fn meta() -> RequestMeta {
    RequestMeta {
        ip: Some("203.0.113.7".into()),
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0 Safari/537.36".into()),
        request_id: Some("test-request".into()),
    }
}

impl Clinic {
    pub async fn new() -> Self {
        let t = TestDatabase::new().await;
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap());
        let identity = Identity::new(
            t.db.clone(),
            &RelyingParty {
                origin: Url::parse(ORIGIN).unwrap(),
                name: "Test Clinic".into(),
            },
            std::sync::Arc::new(clock.clone()),
            IdentitySettings::default(),
        )
        .unwrap();
        Self { t, clock, identity }
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// Invites a patient from the command line; returns the plain activation code.
    pub async fn invite_patient(&self, given: &str, email: &str) -> String {
        let patient =
            NewPatient::parse(given, "Tester", BIRTH_DATE, email, Utc::now().date_naive()).unwrap();
        let issued = self
            .identity
            .invite_patient(Issuer::CommandLine, patient, &RequestMeta::cli())
            .await
            .unwrap();
        issued.code.expose().to_owned()
    }

    /// Enrols with a code and the patient's date of birth using `auth`. Returns the result and
    /// the new credential's id.
    pub async fn enroll(&self, auth: &mut Authenticator, code: &str) -> (Enrolled, String) {
        let start = self
            .identity
            .begin_enrollment(code, BIRTH_DATE, &meta())
            .await
            .unwrap();
        let credential = register(auth, &start.ceremony.options, ORIGIN);
        let enrolled = self
            .identity
            .finish_enrollment(&start.ceremony.ceremony_id, &credential, &meta())
            .await
            .unwrap();
        (enrolled, credential_id(&credential))
    }

    /// Runs a usernameless sign-in with `auth`, whose credential id is `credential_id`, registered
    /// for `account_id`.
    pub async fn sign_in(
        &self,
        auth: &mut Authenticator,
        credential_id: &str,
        account_id: &str,
    ) -> portico_domain::DomainResult<portico_domain::identity::NewSession> {
        let start = self.identity.begin_sign_in().await.unwrap();
        let assertion =
            assert_discoverable(auth, &start.options, credential_id, account_id, ORIGIN);
        self.identity
            .finish_sign_in(&start.ceremony_id, &assertion, None, &meta())
            .await
    }

    pub async fn session(&self, token: &str) -> SessionLookup {
        self.identity
            .resolve_session(token, &meta(), true)
            .await
            .unwrap()
    }

    pub async fn current(&self, token: &str) -> CurrentSession {
        match self.session(token).await {
            SessionLookup::Active(session) => *session,
            other => panic!("expected an active session, got {other:?}"),
        }
    }

    /// Audit events, oldest first.
    pub async fn audit(&self) -> Vec<audit_event::Model> {
        audit_event::Entity::find()
            .order_by_asc(audit_event::Column::Seq)
            .all(&self.t.db)
            .await
            .unwrap()
    }

    pub async fn audited(&self, action: &str, outcome: &str, reason: Option<&str>) -> bool {
        self.audit()
            .await
            .iter()
            .any(|e| e.action == action && e.outcome == outcome && e.reason.as_deref() == reason)
    }
}

/// Answers registration options as the browser would, from `origin`. Returns the credential JSON.
///
/// `SoftPasskey` cannot store resident (discoverable) credentials and refuses options that
/// require one, so the requirement is relaxed here; the server cannot observe residency either
/// way. Discoverable credentials are exercised by the browser tests' virtual authenticator.
pub fn register(auth: &mut Authenticator, options: &serde_json::Value, origin: &str) -> String {
    let mut options = options.clone();
    assert_eq!(
        options["publicKey"]["authenticatorSelection"]["residentKey"], "required",
        "the server asks for a discoverable credential"
    );
    options["publicKey"]["authenticatorSelection"]["residentKey"] = "discouraged".into();
    options["publicKey"]["authenticatorSelection"]["requireResidentKey"] = false.into();
    let options: CreationChallengeResponse = serde_json::from_value(options).unwrap();
    let credential = auth
        .do_registration(Url::parse(origin).unwrap(), options)
        .expect("the soft passkey registers");
    serde_json::to_string(&credential).unwrap()
}

/// The id of the credential in a registration response.
pub fn credential_id(registration_json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(registration_json).unwrap();
    value["id"].as_str().unwrap().to_owned()
}

/// Answers authentication options from `origin`. For a usernameless ceremony the options carry no
/// allow-list; the soft passkey needs one to find its key, so the id is added the way a browser
/// that remembers the credential would pick it. The server's check is unchanged by this.
pub fn assert(
    auth: &mut Authenticator,
    options: &serde_json::Value,
    credential_id: &str,
    origin: &str,
) -> String {
    let mut options = options.clone();
    let allow = &mut options["publicKey"]["allowCredentials"];
    if allow.as_array().is_none_or(|a| a.is_empty()) {
        *allow = serde_json::json!([{ "type": "public-key", "id": credential_id }]);
    }
    let options: RequestChallengeResponse = serde_json::from_value(options).unwrap();
    let assertion = auth
        .do_authentication(Url::parse(origin).unwrap(), options)
        .expect("the soft passkey signs");
    serde_json::to_string(&assertion).unwrap()
}

/// [`assert`] for a usernameless ceremony. A discoverable credential returns the user handle it
/// stored at registration (the account id's 16 bytes); the soft passkey stores none, so it is
/// added here. The user handle is not covered by the signature, so this changes nothing the
/// server verifies; a wrong handle is tested to be refused.
pub fn assert_discoverable(
    auth: &mut Authenticator,
    options: &serde_json::Value,
    credential_id: &str,
    account_id: &str,
    origin: &str,
) -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let assertion = assert(auth, options, credential_id, origin);
    let mut value: serde_json::Value = serde_json::from_str(&assertion).unwrap();
    let handle = uuid::Uuid::parse_str(account_id).unwrap();
    value["response"]["userHandle"] = URL_SAFE_NO_PAD.encode(handle.as_bytes()).into();
    value.to_string()
}
