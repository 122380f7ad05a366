//! A clinic with a manual clock, and software passkeys (webauthn-authenticator-rs `SoftPasskey`)
//! that answer real WebAuthn ceremonies.

use chrono::{Duration, TimeZone, Utc};
use portico_domain::test_passkeys::{Authenticator, assert_discoverable, credential_id, register};
use portico_domain::{
    audit::RequestMeta,
    clock::ManualClock,
    entities::audit_event,
    identity::{
        CurrentSession, Enrolled, Identity, IdentitySettings, Issuer, NewPatient, RelyingParty,
        SessionLookup,
    },
    test_util::TestDatabase,
    vault::Vault,
};
use sea_orm::{EntityTrait, QueryOrder};
use webauthn_rs::prelude::Url;

pub use portico_domain::test_passkeys::{assert, authenticator};

pub const ORIGIN: &str = "https://portal.example.org";
pub const BIRTH_DATE: &str = "1984-03-09";

pub struct Clinic {
    pub t: TestDatabase,
    pub clock: ManualClock,
    pub identity: Identity,
}

fn identity(t: &TestDatabase, clock: &ManualClock, vault: Vault) -> Identity {
    Identity::new(
        t.db.clone(),
        &RelyingParty {
            origin: Url::parse(ORIGIN).unwrap(),
            name: "Test Clinic".into(),
        },
        std::sync::Arc::new(clock.clone()),
        IdentitySettings::default(),
        vault,
    )
    .unwrap()
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
        Self::on(TestDatabase::new().await).await
    }

    /// A clinic on a database prepared by the test, its vault unlocked with the test key.
    pub async fn on(t: TestDatabase) -> Self {
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap());
        let vault = t.vault().await;
        let identity = identity(&t, &clock, vault);
        Self { t, clock, identity }
    }

    /// The identity service of this clinic with another vault (after a key rotation, say).
    pub fn identity_with(&self, vault: Vault) -> Identity {
        identity(&self.t, &self.clock, vault)
    }

    /// Enrols with any activation code (and the date of birth, for a patient's) and returns the
    /// new session.
    pub async fn enrol(&self, code: &str, birth_date: &str) -> CurrentSession {
        let start = self
            .identity
            .begin_enrollment(code, birth_date, None, &meta())
            .await
            .unwrap();
        let credential = register(&mut authenticator(true), &start.ceremony.options, ORIGIN);
        let enrolled = self
            .identity
            .finish_enrollment(&start.ceremony.ceremony_id, &credential, None, &meta())
            .await
            .unwrap();
        self.current(enrolled.session.token.expose()).await
    }

    /// Invites a staff member from the command line and enrols them; returns their session.
    pub async fn staff(&self, name: &str, role: &str) -> CurrentSession {
        let new = portico_domain::identity::NewStaff::parse(name, "", role).unwrap();
        let code = self
            .identity
            .invite_staff(Issuer::CommandLine, new, &RequestMeta::cli())
            .await
            .unwrap();
        self.enrol(code.code.expose(), "").await
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
            .begin_enrollment(code, BIRTH_DATE, None, &meta())
            .await
            .unwrap();
        let credential = register(auth, &start.ceremony.options, ORIGIN);
        let enrolled = self
            .identity
            .finish_enrollment(&start.ceremony.ceremony_id, &credential, None, &meta())
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
