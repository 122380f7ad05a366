//! A clinic with a manual clock, and software passkeys (webauthn-authenticator-rs `SoftPasskey`)
//! that answer real WebAuthn ceremonies.

use chrono::DateTime;
use chrono::{Duration, TimeZone, Utc};
use portico_domain::test_passkeys::{Authenticator, assert_discoverable, credential_id, register};
use portico_domain::{
    Core, DomainResult, Services,
    access::{
        Access, AccessLogPage, AccessLogQuery, AuditPage, AuditQuery, Authorized, CareRecipient,
        CaregiverInvited, ClinicScope, ClinicTask, GrantSummary, Mode, NewCaregiver,
        PatientListing, PatientOverview, PatientScope, Scope, Scopes,
    },
    audit::RequestMeta,
    clock::ManualClock,
    entities::audit_event,
    identity::{
        CurrentSession, Enrolled, Identity, IdentitySettings, Issuer, NewPatient, RelyingParty,
        SessionLookup,
    },
    records::{
        AttachmentData, EntryDetail, Page, RecordSummary, Records, Section, SectionRules,
        SectionView, read_action,
    },
    scheduling::Scheduling,
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
    services: Edge,
}

/// The services, and what the server functions do with them (see the `impl Edge` below).
pub struct Edge {
    pub identity: Identity,
    pub access: Access,
    pub records: Records,
    pub scheduling: Scheduling,
    pub messaging: portico_domain::messaging::Messaging,
    pub renewals: portico_domain::renewals::Renewals,
    pub billing: portico_domain::billing::Billing,
}

impl std::ops::Deref for Clinic {
    type Target = Edge;

    fn deref(&self) -> &Edge {
        &self.services
    }
}

impl From<Services> for Edge {
    fn from(s: Services) -> Self {
        Self {
            identity: s.identity,
            access: s.access,
            records: s.records,
            scheduling: s.scheduling,
            messaging: s.messaging,
            renewals: s.renewals,
            billing: s.billing,
        }
    }
}

fn services(
    t: &TestDatabase,
    clock: &ManualClock,
    vault: Vault,
    settings: IdentitySettings,
) -> Services {
    Services::new(
        Core::new(t.db.clone(), vault, std::sync::Arc::new(clock.clone())),
        &RelyingParty {
            origin: Url::parse(ORIGIN).unwrap(),
            name: "Test Clinic".into(),
        },
        settings,
    )
    .unwrap()
}

pub fn meta() -> RequestMeta {
    RequestMeta {
        ip: Some("203.0.113.7".into()),
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0 Safari/537.36".into()),
        request_id: Some("test-request".into()),
        device: None,
    }
}

impl Clinic {
    pub async fn new() -> Self {
        Self::on(TestDatabase::new().await).await
    }

    /// A clinic on a database prepared by the test, its vault unlocked with the test key.
    pub async fn on(t: TestDatabase) -> Self {
        Self::with_settings(t, IdentitySettings::default()).await
    }

    /// A clinic whose identity service has `settings`.
    pub async fn with_settings(t: TestDatabase, settings: IdentitySettings) -> Self {
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap());
        let vault = t.vault().await;
        let services = services(&t, &clock, vault, settings).into();
        Self { t, clock, services }
    }

    /// This clinic's services with another vault (after a key rotation, say).
    pub fn services_with(&self, vault: Vault) -> Edge {
        services(&self.t, &self.clock, vault, *self.identity.settings()).into()
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

    /// Registers a patient from the command line (no account yet); returns their id.
    pub async fn register_patient(&self, given: &str) -> String {
        let patient =
            NewPatient::parse(given, "Tester", BIRTH_DATE, "", Utc::now().date_naive()).unwrap();
        self.identity
            .invite_patient(Issuer::CommandLine, patient, &RequestMeta::cli())
            .await
            .unwrap()
            .patient_id
            .unwrap()
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

/// What a server function does: asks the policy once (under the action name the domain used
/// to audit refusals with), then hands the answer to the service.
impl Edge {
    /// The policy's answer for `session` on a patient's appointments.
    pub async fn appointments(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        mode: Mode,
    ) -> DomainResult<Authorized<PatientScope>> {
        self.patient(
            session,
            patient_id,
            Scope::Appointments,
            mode,
            "patient/appointments",
            &meta(),
        )
        .await
    }

    /// The policy's answer for `session` on a patient's messages.
    pub async fn messages(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        mode: Mode,
    ) -> DomainResult<Authorized<PatientScope>> {
        self.patient(
            session,
            patient_id,
            Scope::Messages,
            mode,
            "patient/messages",
            &meta(),
        )
        .await
    }

    /// The policy's answer for `session` on a patient's prescription renewals.
    pub async fn refills(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        mode: Mode,
    ) -> DomainResult<Authorized<PatientScope>> {
        self.patient(
            session,
            patient_id,
            Scope::Refills,
            mode,
            "patient/renewals",
            &meta(),
        )
        .await
    }

    /// The policy's answer for `session` on a patient's bills.
    pub async fn bills(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        mode: Mode,
    ) -> DomainResult<Authorized<PatientScope>> {
        self.patient(
            session,
            patient_id,
            Scope::Billing,
            mode,
            "patient/billing",
            &meta(),
        )
        .await
    }

    async fn patient(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        scope: Scope,
        mode: Mode,
        action: &'static str,
        meta: &RequestMeta,
    ) -> DomainResult<Authorized<PatientScope>> {
        self.access
            .authorize_patient(Some(session), patient_id, scope, mode, action, meta)
            .await
    }

    pub async fn invite_caregiver(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        caregiver: NewCaregiver,
        meta: &RequestMeta,
    ) -> DomainResult<CaregiverInvited> {
        let auth = self
            .patient(
                session,
                patient_id,
                Scope::ManageAccess,
                Mode::Write,
                "proxy.invite",
                meta,
            )
            .await?;
        self.access
            .invite_caregiver(&auth, session, caregiver, meta)
            .await
    }

    pub async fn update_grant(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        grant_id: &str,
        scopes: Scopes,
        expires_at: Option<DateTime<Utc>>,
        meta: &RequestMeta,
    ) -> DomainResult<GrantSummary> {
        let auth = self
            .patient(
                session,
                patient_id,
                Scope::ManageAccess,
                Mode::Write,
                "proxy.update",
                meta,
            )
            .await?;
        self.access
            .update_grant(&auth, session, grant_id, scopes, expires_at, meta)
            .await
    }

    pub async fn revoke_grant(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        grant_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let auth = self
            .patient(
                session,
                patient_id,
                Scope::ManageAccess,
                Mode::Write,
                "proxy.revoke",
                meta,
            )
            .await?;
        self.access
            .revoke_grant(&auth, session, grant_id, meta)
            .await
    }

    pub async fn patient_grants(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<(Authorized<PatientScope>, Vec<GrantSummary>)> {
        let auth = self
            .patient(
                session,
                patient_id,
                Scope::ManageAccess,
                Mode::Read,
                "proxy.read",
                meta,
            )
            .await?;
        let grants = self.access.patient_grants(&auth, meta).await?;
        Ok((auth, grants))
    }

    pub async fn care_recipients(
        &self,
        session: &CurrentSession,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<CareRecipient>> {
        let auth = self
            .access
            .authorize_account(Some(session), "care_list.read", meta)
            .await?;
        self.access.care_recipients(&auth, meta).await
    }

    pub async fn accept_caregiver_invitation(
        &self,
        session: &CurrentSession,
        code: &str,
        meta: &RequestMeta,
    ) -> DomainResult<CareRecipient> {
        let auth = self
            .access
            .authorize_account(Some(session), "proxy.accept", meta)
            .await?;
        self.access
            .accept_caregiver_invitation(&auth, code, meta)
            .await
    }

    pub async fn access_log(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        query: AccessLogQuery,
        meta: &RequestMeta,
    ) -> DomainResult<AccessLogPage> {
        let auth = self
            .patient(
                session,
                patient_id,
                Scope::ManageAccess,
                Mode::Read,
                "access_log.read",
                meta,
            )
            .await?;
        self.access.access_log(&auth, query, meta).await
    }

    pub async fn patient_overview(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<(Authorized<PatientScope>, PatientOverview)> {
        let auth = self
            .patient(
                session,
                patient_id,
                Scope::Records,
                Mode::Read,
                "record.read",
                meta,
            )
            .await?;
        let overview = self.access.patient_overview(&auth, meta).await?;
        Ok((auth, overview))
    }

    async fn clinic(
        &self,
        session: &CurrentSession,
        task: ClinicTask,
        action: &'static str,
        meta: &RequestMeta,
    ) -> DomainResult<Authorized<ClinicScope>> {
        self.access
            .authorize_clinic(Some(session), task, action, meta)
            .await
    }

    pub async fn find_patients(
        &self,
        session: &CurrentSession,
        query: &str,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<PatientListing>> {
        let auth = self
            .clinic(session, ClinicTask::FindPatients, "patients.search", meta)
            .await?;
        self.access.find_patients(&auth, query, meta).await
    }

    pub async fn search_audit(
        &self,
        session: &CurrentSession,
        query: AuditQuery,
        meta: &RequestMeta,
    ) -> DomainResult<AuditPage> {
        let auth = self
            .clinic(session, ClinicTask::ReadAuditLog, "audit.search", meta)
            .await?;
        self.access.search_audit(&auth, query, meta).await
    }

    pub async fn export_audit_csv(
        &self,
        session: &CurrentSession,
        query: AuditQuery,
        meta: &RequestMeta,
    ) -> DomainResult<(String, usize)> {
        let auth = self
            .clinic(session, ClinicTask::ReadAuditLog, "audit.export", meta)
            .await?;
        self.access.export_audit_csv(&auth, query, meta).await
    }

    pub async fn record_summary(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<(Authorized<PatientScope>, RecordSummary)> {
        let auth = self
            .patient(
                session,
                patient_id,
                Scope::Records,
                Mode::Read,
                "record.read",
                meta,
            )
            .await?;
        let summary = self.records.summary(&auth, meta).await?;
        Ok((auth, summary))
    }

    pub async fn record_section(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        section: Section,
        meta: &RequestMeta,
    ) -> DomainResult<(Authorized<PatientScope>, SectionView)> {
        self.record_section_page(session, patient_id, section, &Page::default(), meta)
            .await
    }

    pub async fn record_section_page(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        section: Section,
        page: &Page,
        meta: &RequestMeta,
    ) -> DomainResult<(Authorized<PatientScope>, SectionView)> {
        let scope = section.scope();
        let auth = self
            .patient(
                session,
                patient_id,
                scope,
                Mode::Read,
                read_action(scope),
                meta,
            )
            .await?;
        let view = self.records.section(&auth, section, page, meta).await?;
        Ok((auth, view))
    }

    async fn entry_auth(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        entry_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<Authorized<PatientScope>> {
        let scope = self.records.entry_scope(patient_id, entry_id).await?;
        self.patient(
            session,
            patient_id,
            scope,
            Mode::Read,
            read_action(scope),
            meta,
        )
        .await
    }

    pub async fn record_entry(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        entry_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<(Authorized<PatientScope>, EntryDetail)> {
        let auth = self.entry_auth(session, patient_id, entry_id, meta).await?;
        let detail = self.records.entry(&auth, entry_id, meta).await?;
        Ok((auth, detail))
    }

    pub async fn record_attachment(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        entry_id: &str,
        index: usize,
        meta: &RequestMeta,
    ) -> DomainResult<AttachmentData> {
        let auth = self.entry_auth(session, patient_id, entry_id, meta).await?;
        self.records.attachment(&auth, entry_id, index, meta).await
    }

    pub async fn export_record(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        base_url: &str,
        meta: &RequestMeta,
    ) -> DomainResult<(String, usize)> {
        let auth = self
            .patient(
                session,
                patient_id,
                Scope::Records,
                Mode::Read,
                "record.export",
                meta,
            )
            .await?;
        let visits = self.scheduling.exported_visits(&auth).await?;
        let messages = self.messaging.exported_communications(&auth).await?;
        let renewals = self.renewals.exported(&auth).await?;
        let invoices = self.billing.exported(&auth).await?;
        self.records
            .export(
                &auth,
                session,
                base_url,
                |patient| {
                    visits
                        .iter()
                        .map(|v| v.resource(patient))
                        .chain(
                            messages
                                .iter()
                                .chain(&renewals)
                                .chain(&invoices)
                                .map(|r| portico_domain::fhir::with_subject(r, patient)),
                        )
                        .collect()
                },
                meta,
            )
            .await
    }
}

/// Runs one of the outside validators in `xtask/python/` (fhir.resources, icalendar) with the
/// Python `cargo xtask setup` made (or `PORTICO_FHIR_PYTHON`); panics with what it printed unless
/// it succeeds, and returns its standard output.
pub fn outside_validator(script: &str, args: &[&std::ffi::OsStr]) -> String {
    let python = std::env::var_os("PORTICO_FHIR_PYTHON")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var_os("HOME").expect("HOME"))
                .join(".cache/portico/venv/bin/python")
        });
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../xtask/python")
        .join(script);
    let out = std::process::Command::new(&python)
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run `cargo xtask setup`, or set PORTICO_FHIR_PYTHON)",
                python.display()
            )
        });
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "validation failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}
