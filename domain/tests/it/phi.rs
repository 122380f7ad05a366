//! PHI at rest in the identity tables: no name, e-mail address or date of birth reaches the
//! database file (or a dump of it) readable, while the services still read them; a sealed value
//! moved to another row or column does not open; key rotation keeps every row readable;
//! plaintext written by an earlier version is sealed once and stays readable; and search by name
//! works with no name in the tables.

use chrono::{Duration, Utc};
use portico_domain::{
    DomainError,
    access::{AuditQuery, NewCaregiver},
    audit::RequestMeta,
    db::{self, Backend},
    identity::{CurrentSession, Issuer, NewPatient, NewStaff},
    notify, phi,
    test_util::{TEST_KEY_LINE, TestDatabase},
    vault::{KeyRing, Vault, key_status, rotate_keys},
};
use sea_orm::{ConnectionTrait, Statement};

use crate::support::{Clinic, Edge, meta};

const GIVEN: &str = "Quillonia";
const FAMILY: &str = "Vexbrandt-Ormsby";
const BIRTH_DATE: &str = "1971-04-13";
const PATIENT_EMAIL: &str = "qvexbrandt@canary-mail.example";
const CARER: &str = "Zephyrine Oakhollow";
const CARER_EMAIL: &str = "zoakhollow@canary-mail.example";
const RELATIONSHIP: &str = "Cousin Tamsworth";
const STAFF: &str = "Marvolio Thistlewick";
const STAFF_EMAIL: &str = "mthistlewick@canary-mail.example";
const DEVICE: &str = "Quillonia's Pixelphone";

/// Every distinctive piece of the values above: none may appear in the stored bytes.
const CANARIES: [&str; 14] = [
    "Quillonia",
    "Vexbrandt",
    "Ormsby",
    BIRTH_DATE,
    "qvexbrandt",
    "Zephyrine",
    "Oakhollow",
    "zoakhollow",
    "Tamsworth",
    "Marvolio",
    "Thistlewick",
    "mthistlewick",
    "Pixelphone",
    "canary-mail",
];

/// The people of the canary tests: a patient, a caregiver with a grant, a clinician and an
/// administrator, each enrolled.
struct People {
    patient: CurrentSession,
    patient_id: String,
    carer: CurrentSession,
    clinician: CurrentSession,
    admin: CurrentSession,
}

async fn invite_staff(c: &Clinic, name: &str, email: &str, role: &str) -> CurrentSession {
    let new = NewStaff::parse(name, email, role).unwrap();
    let issued = c
        .identity
        .invite_staff(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    c.enrol(issued.code.expose(), "").await
}

/// Creates the canary people, a caregiver grant, a renamed passkey and an e-mail notice.
async fn canary_people(c: &Clinic) -> People {
    let today = c.identity.now().date_naive();
    let new = NewPatient::parse(GIVEN, FAMILY, BIRTH_DATE, PATIENT_EMAIL, today).unwrap();
    let issued = c
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    let patient_id = issued.patient_id.clone().unwrap();
    let patient = c.enrol(issued.code.expose(), BIRTH_DATE).await;

    let scopes = vec!["records".to_owned()];
    let caregiver =
        NewCaregiver::parse(CARER, CARER_EMAIL, RELATIONSHIP, &scopes, "", today).unwrap();
    let invited = c
        .invite_caregiver(&patient, &patient_id, caregiver, &meta())
        .await
        .unwrap();
    let carer = c.enrol(invited.code.expose(), "").await;

    let clinician = invite_staff(c, STAFF, STAFF_EMAIL, "clinician").await;
    let admin = invite_staff(c, "Root Admin", "", "admin").await;

    // A notice to the patient's address, and a passkey named after her.
    c.identity
        .regenerate_recovery_codes(&patient, &meta())
        .await
        .unwrap();
    let passkeys = c.identity.list_passkeys(&patient).await.unwrap();
    c.identity
        .rename_passkey(&patient, &passkeys[0].id, DEVICE, &meta())
        .await
        .unwrap();
    People {
        patient,
        patient_id,
        carer,
        clinician,
        admin,
    }
}

/// Asserts that the services give back every canary value.
async fn assert_services_read_the_canaries(c: &Clinic, identity: &Edge, p: &People) {
    let (_, overview) = identity
        .patient_overview(&p.clinician, &p.patient_id, &meta())
        .await
        .unwrap();
    assert_eq!(overview.given_name, GIVEN);
    assert_eq!(overview.family_name, FAMILY);
    assert_eq!(overview.birth_date.to_string(), BIRTH_DATE);
    assert_eq!(overview.email.as_deref(), Some(PATIENT_EMAIL));

    let found = identity
        .find_patients(&p.clinician, "quill vexb", &meta())
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].display_name, format!("{GIVEN} {FAMILY}"));

    let (_, grants) = identity
        .patient_grants(&p.patient, &p.patient_id, &meta())
        .await
        .unwrap();
    assert_eq!(grants[0].caregiver_name, CARER);
    assert_eq!(grants[0].caregiver_email.as_deref(), Some(CARER_EMAIL));
    assert_eq!(grants[0].relationship, RELATIONSHIP);
    let cared_for = identity.care_recipients(&p.carer, &meta()).await.unwrap();
    assert_eq!(cared_for[0].display_name, format!("{GIVEN} {FAMILY}"));

    for (session, name, email) in [
        (&p.patient, format!("{GIVEN} {FAMILY}"), Some(PATIENT_EMAIL)),
        (&p.carer, CARER.to_owned(), Some(CARER_EMAIL)),
        (&p.clinician, STAFF.to_owned(), Some(STAFF_EMAIL)),
    ] {
        let account = identity
            .identity
            .active_account(&c.t.db, &session.account.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.display_name, name);
        assert_eq!(account.email.as_deref(), email);
    }
    let passkeys = identity.identity.list_passkeys(&p.patient).await.unwrap();
    assert_eq!(passkeys[0].name, DEVICE);

    let mail = notify::messages_to(&c.t.db, identity.identity.vault(), PATIENT_EMAIL)
        .await
        .unwrap();
    assert!(!mail.is_empty());
    for message in &mail {
        for canary in CANARIES {
            assert!(
                !message.subject.contains(canary) && !message.body.contains(canary),
                "e-mail text names {canary}"
            );
        }
    }

    let audit = identity
        .search_audit(
            &p.admin,
            AuditQuery {
                actor: Some("thistle".into()),
                patient: Some("quillonia".into()),
                action: Some("record.read".into()),
                ..AuditQuery::default()
            },
            &meta(),
        )
        .await
        .unwrap();
    assert!(!audit.rows.is_empty());
    assert!(
        audit
            .rows
            .iter()
            .all(|r| r.actor.as_ref().map(|a| a.to_string())
                == Some(format!("{STAFF} (Clinician)"))
                && r.patient == format!("{GIVEN} {FAMILY}"))
    );
}

/// Every byte the database keeps: the SQLite file and its journals after a checkpoint, or a
/// `pg_dump` of the PostgreSQL test database.
pub(crate) async fn stored_bytes(t: &TestDatabase) -> Vec<u8> {
    match t.backend() {
        Backend::Sqlite => {
            t.db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await
                .unwrap();
            let path = t.sqlite_path().unwrap();
            let mut bytes = std::fs::read(&path).unwrap();
            for suffix in ["-wal", "-journal"] {
                let mut side = path.clone().into_os_string();
                side.push(suffix);
                if let Ok(more) = std::fs::read(&side) {
                    bytes.extend(more);
                }
            }
            bytes
        }
        Backend::Postgres => {
            let dump = std::process::Command::new("pg_dump")
                .arg("--no-owner")
                .arg(format!("--dbname={}", t.url.as_str()))
                .output()
                .expect("pg_dump runs");
            assert!(
                dump.status.success(),
                "{}",
                String::from_utf8_lossy(&dump.stderr)
            );
            dump.stdout
        }
    }
}

pub(crate) fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn no_canary_reaches_the_database_while_the_services_read_them_all() {
    let c = Clinic::new().await;
    let people = canary_people(&c).await;
    assert_services_read_the_canaries(&c, &c, &people).await;

    let stored = stored_bytes(&c.t).await;
    // The scan sees the data: ids are stored as they are.
    assert!(contains(&stored, &people.patient_id));
    assert!(contains(&stored, &people.carer.account.id));
    for canary in CANARIES {
        for form in [
            canary.to_owned(),
            canary.to_lowercase(),
            canary.to_uppercase(),
        ] {
            assert!(!contains(&stored, &form), "{form} is stored readable");
        }
    }
}

async fn raw_execute(t: &TestDatabase, sql: &str) {
    t.db.execute_raw(Statement::from_string(t.db.get_database_backend(), sql))
        .await
        .unwrap();
}

async fn raw_column(t: &TestDatabase, table: &str, column: &str) -> Vec<Option<String>> {
    let sql = format!("SELECT {column} FROM {table}");
    t.db.query_all_raw(Statement::from_string(t.db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get_by_index::<Option<String>>(0).unwrap())
        .collect()
}

fn is_open_failure(result: Result<impl std::fmt::Debug, DomainError>) -> bool {
    matches!(&result, Err(DomainError::Internal(message)) if message.contains("does not open"))
}

#[tokio::test]
async fn a_sealed_value_moved_to_another_row_or_column_does_not_open() {
    let c = Clinic::new().await;
    let clinician = invite_staff(&c, "Dr Who", "", "clinician").await;
    let today = c.identity.now().date_naive();
    let mut ids = Vec::new();
    for given in ["Ana", "Ben"] {
        let new = NewPatient::parse(given, "Tester", "1980-01-01", "", today).unwrap();
        let issued = c
            .identity
            .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
            .await
            .unwrap();
        ids.push(issued.patient_id.unwrap());
    }
    let (ana, ben) = (&ids[0], &ids[1]);
    let overview = |id: &str| {
        let id = id.to_owned();
        let (c, clinician) = (&c, clinician.clone());
        async move { c.patient_overview(&clinician, &id, &meta()).await }
    };
    assert_eq!(overview(ben).await.unwrap().1.given_name, "Ben");

    // Ana's given name copied into Ben's row: Ben's record does not show "Ana", it fails.
    raw_execute(
        &c.t,
        &format!(
            "UPDATE patient SET given_name = (SELECT given_name FROM patient WHERE id = '{ana}') WHERE id = '{ben}'"
        ),
    )
    .await;
    assert!(is_open_failure(overview(ben).await));
    assert_eq!(overview(ana).await.unwrap().1.given_name, "Ana");

    // Ana's given name copied into her own family name: that fails too.
    raw_execute(
        &c.t,
        &format!("UPDATE patient SET family_name = given_name WHERE id = '{ana}'"),
    )
    .await;
    assert!(is_open_failure(overview(ana).await));
    assert!(is_open_failure(
        c.find_patients(&clinician, "tester", &meta()).await
    ));

    // The same for accounts: another account's name does not open in this one.
    let other = invite_staff(&c, "Dr Watson", "", "clinician").await;
    raw_execute(
        &c.t,
        &format!(
            "UPDATE account SET display_name = (SELECT display_name FROM account WHERE id = '{}') WHERE id = '{}'",
            clinician.account.id, other.account.id
        ),
    )
    .await;
    assert!(is_open_failure(
        c.identity.active_account(&c.t.db, &other.account.id).await
    ));
}

#[tokio::test]
async fn after_a_key_rotation_every_sealed_row_reads_the_same() {
    let c = Clinic::new().await;
    let people = canary_people(&c).await;
    let new_line = KeyRing::new_line(Utc::now()).replacen("kek-", "kek-next-", 1);
    let both = KeyRing::parse(&format!("{new_line}\n{TEST_KEY_LINE}")).unwrap();
    let status = rotate_keys(&c.t.db, &both, Utc::now()).await.unwrap();
    assert_eq!(status.wrapped_by.len(), 1);
    assert_eq!(status.wrapped_by[0].0, both.active_id());
    assert_eq!(key_status(&c.t.db).await.unwrap(), status);

    // The old key alone no longer opens the vault; the new one alone does, and every value
    // reads as before.
    assert!(
        Vault::unlock(&c.t.db, &TestDatabase::key_ring(), Utc::now())
            .await
            .is_err()
    );
    let vault = Vault::unlock(&c.t.db, &KeyRing::parse(&new_line).unwrap(), Utc::now())
        .await
        .unwrap();
    let rotated = c.services_with(vault);
    assert_services_read_the_canaries(&c, &rotated, &people).await;
}

/// The first migrations: the identity tables as they were before their values were sealed.
const MIGRATIONS_BEFORE_SEALING: u32 = 4;

const PATIENT: &str = "00000000-0000-4000-8000-000000000001";
const PATIENT_ACCOUNT: &str = "00000000-0000-4000-8000-000000000002";
const CLINICIAN: &str = "00000000-0000-4000-8000-000000000003";
const ADMIN: &str = "00000000-0000-4000-8000-000000000004";
const FRONT_DESK: &str = "00000000-0000-4000-8000-000000000005";
const AT: &str = "2026-11-01T09:00:00+00:00";

/// Rows as an earlier version wrote them: plaintext, the date of birth a DATE.
async fn write_plaintext_rows(t: &TestDatabase) {
    let statements = [
        format!(
            "INSERT INTO patient (id, given_name, family_name, birth_date, email, created_at) \
             VALUES ('{PATIENT}', 'Ana', 'García', '1971-04-13', 'ana@example.org', '{AT}')"
        ),
        format!(
            "INSERT INTO account (id, role, display_name, email, patient_id, webauthn_user_id, status, created_at) VALUES \
             ('{PATIENT_ACCOUNT}', 'patient', 'Ana García', 'ana@example.org', '{PATIENT}', '{PATIENT_ACCOUNT}', 'active', '{AT}'), \
             ('{CLINICIAN}', 'clinician', 'Dr Ada Park', NULL, NULL, '{CLINICIAN}', 'active', '{AT}'), \
             ('{ADMIN}', 'admin', 'Root Admin', 'root@example.org', NULL, '{ADMIN}', 'active', '{AT}'), \
             ('{FRONT_DESK}', 'front_desk', 'Fran Desk', NULL, NULL, '{FRONT_DESK}', 'active', '{AT}')"
        ),
        format!(
            "INSERT INTO activation_code (id, code_hash, role, patient_id, account_id, display_name, email, issued_by, \
             created_at, expires_at, used_at, revoked_at, failed_attempts, proxy_grant_id) VALUES \
             ('code-1', '{}', 'patient', '{PATIENT}', '{PATIENT_ACCOUNT}', 'Ana García', 'ana@example.org', NULL, \
             '{AT}', '2026-11-15T09:00:00+00:00', '{AT}', NULL, 0, NULL)",
            "c".repeat(64)
        ),
        format!(
            "INSERT INTO proxy_grant (id, patient_id, grantee_account_id, grantee_name, grantee_email, relationship, kind, \
             scopes, expires_at, created_by, created_at, updated_at, accepted_at, ended_at, ended_by, end_reason) VALUES \
             ('grant-1', '{PATIENT}', NULL, 'Bea Carer', 'bea@example.org', 'Daughter', 'personal', 'records', NULL, \
             '{PATIENT_ACCOUNT}', '{AT}', '{AT}', NULL, NULL, NULL, NULL)"
        ),
        format!(
            "INSERT INTO email_outbox (id, recipient, subject, body, created_at, sent_at, attempts, next_attempt_at, last_error) \
             VALUES ('mail-1', 'ana@example.org', 'A passkey was added to your Portico account', 'Hello', '{AT}', NULL, 0, '{AT}', NULL)"
        ),
        format!(
            "INSERT INTO passkey (id, account_id, credential_id, name, credential, created_at, last_used_at) \
             VALUES ('passkey-1', '{PATIENT_ACCOUNT}', 'credential-1', 'Ana''s phone', '{{}}', '{AT}', NULL)"
        ),
    ];
    for statement in statements {
        raw_execute(t, &statement).await;
    }
}

/// Every value of the sealed columns, as stored.
async fn stored_sealed_columns(t: &TestDatabase) -> Vec<String> {
    let mut values = Vec::new();
    for (table, columns) in [
        (
            "patient",
            &["given_name", "family_name", "birth_date", "email"][..],
        ),
        ("account", &["display_name", "email"][..]),
        ("activation_code", &["display_name", "email"][..]),
        (
            "proxy_grant",
            &["grantee_name", "grantee_email", "relationship"][..],
        ),
        ("email_outbox", &["recipient"][..]),
        ("passkey", &["name"][..]),
    ] {
        for column in columns {
            values.extend(raw_column(t, table, column).await.into_iter().flatten());
        }
    }
    values
}

fn session(account: portico_domain::identity::AccountSummary, c: &Clinic) -> CurrentSession {
    let now = c.identity.now();
    CurrentSession {
        session_id: format!("session-of-{}", account.id),
        account,
        authenticated_at: now,
        idle_deadline: now + Duration::minutes(15),
        expires_at: now + Duration::hours(12),
    }
}

#[tokio::test]
async fn plaintext_from_an_earlier_version_is_sealed_once_and_reads_the_same() {
    let t = TestDatabase::migrated_to(Some(MIGRATIONS_BEFORE_SEALING)).await;
    write_plaintext_rows(&t).await;
    db::migrate(&t.db).await.unwrap();
    let c = Clinic::on(t).await;
    let vault = c.identity.vault().clone();

    // Before the step, the services refuse the plaintext rather than trust it.
    assert!(is_open_failure(
        c.identity.active_account(&c.t.db, CLINICIAN).await
    ));

    let report = phi::seal_plaintext(&c.t.db, &vault).await.unwrap();
    assert_eq!(
        report,
        phi::SealReport {
            patients: 1,
            accounts: 4,
            activation_codes: 1,
            proxy_grants: 1,
            emails: 1,
            passkeys: 1,
        }
    );
    let stored = stored_sealed_columns(&c.t).await;
    assert_eq!(stored.len(), 4 + 6 + 2 + 3 + 1 + 1);
    assert!(
        stored.iter().all(|v| v.starts_with("enc:v1:")),
        "{stored:?}"
    );

    // A second run finds nothing to do and changes nothing.
    assert_eq!(
        phi::seal_plaintext(&c.t.db, &vault).await.unwrap(),
        phi::SealReport::default()
    );
    assert_eq!(stored_sealed_columns(&c.t).await, stored);

    // The services read the same values as before.
    let account = |id: &'static str| {
        let identity = c.identity.clone();
        let db = c.t.db.clone();
        async move { identity.active_account(&db, id).await.unwrap().unwrap() }
    };
    let patient = session(account(PATIENT_ACCOUNT).await, &c);
    assert_eq!(patient.account.display_name, "Ana García");
    assert_eq!(patient.account.email.as_deref(), Some("ana@example.org"));
    let clinician = session(account(CLINICIAN).await, &c);
    assert_eq!(clinician.account.display_name, "Dr Ada Park");
    assert_eq!(clinician.account.email, None);
    let admin = session(account(ADMIN).await, &c);
    let front_desk = session(account(FRONT_DESK).await, &c);

    let (_, overview) = c
        .patient_overview(&clinician, PATIENT, &meta())
        .await
        .unwrap();
    assert_eq!(
        (
            overview.given_name.as_str(),
            overview.family_name.as_str(),
            overview.birth_date.to_string().as_str(),
            overview.email.as_deref()
        ),
        ("Ana", "García", "1971-04-13", Some("ana@example.org"))
    );
    let (_, grants) = c.patient_grants(&patient, PATIENT, &meta()).await.unwrap();
    assert_eq!(grants[0].caregiver_name, "Bea Carer");
    assert_eq!(
        grants[0].caregiver_email.as_deref(),
        Some("bea@example.org")
    );
    assert_eq!(grants[0].relationship, "Daughter");
    let invitations = c
        .identity
        .list_invitations(&front_desk.account, 10, &meta())
        .await
        .unwrap();
    assert_eq!(invitations[0].display_name, "Ana García");
    let passkeys = c.identity.list_passkeys(&patient).await.unwrap();
    assert_eq!(passkeys[0].name, "Ana's phone");
    let mail = notify::messages_to(&c.t.db, &vault, "ana@example.org")
        .await
        .unwrap();
    assert_eq!(mail.len(), 1);
    // Search by name, though the table holds no name: prefixes, accents and case aside, every
    // word must match.
    assert!(
        raw_column(&c.t, "patient", "given_name")
            .await
            .iter()
            .flatten()
            .all(|v| !v.contains("Ana"))
    );
    for query in ["ana", "GARC", "garcía", "Ana Garc", "garcia an"] {
        let found = c.find_patients(&clinician, query, &meta()).await.unwrap();
        assert_eq!(found.len(), 1, "{query}");
        assert_eq!(found[0].display_name, "Ana García");
        assert_eq!(found[0].birth_date.to_string(), "1971-04-13");
    }
    for query in ["arcia", "ana lopez", "bea"] {
        assert!(
            c.find_patients(&clinician, query, &meta())
                .await
                .unwrap()
                .is_empty(),
            "{query}"
        );
    }
    assert!(matches!(
        c.find_patients(&clinician, "a", &meta()).await,
        Err(DomainError::Validation { field: "query", .. })
    ));
    let audit = c
        .search_audit(
            &admin,
            AuditQuery {
                actor: Some("ada park".into()),
                patient: Some("garc".into()),
                ..AuditQuery::default()
            },
            &meta(),
        )
        .await
        .unwrap();
    // The read, and each of the five searches that showed her, newest first.
    assert_eq!(audit.rows.len(), 6, "{:?}", audit.rows);
    assert!(
        audit.rows[..5]
            .iter()
            .all(|r| r.action == "patients.search")
    );
    assert_eq!(audit.rows[5].action, "record.read");
    assert!(audit.rows.iter().all(|r| r.patient == "Ana García"));
}

#[tokio::test]
async fn a_stored_birth_date_that_is_not_a_date_stops_sealing_and_changes_nothing() {
    let t = TestDatabase::migrated_to(Some(MIGRATIONS_BEFORE_SEALING)).await;
    write_plaintext_rows(&t).await;
    db::migrate(&t.db).await.unwrap();
    raw_execute(
        &t,
        &format!("UPDATE patient SET birth_date = 'someday' WHERE id = '{PATIENT}'"),
    )
    .await;
    let vault = t.vault().await;
    let err = phi::seal_plaintext(&t.db, &vault).await.unwrap_err();
    assert!(
        matches!(&err, DomainError::Internal(m) if m.contains(PATIENT) && !m.contains("someday")),
        "{err:?}"
    );
    let stored = stored_sealed_columns(&t).await;
    assert!(
        stored.iter().all(|v| !v.starts_with("enc:v1:")),
        "{stored:?}"
    );
    assert_eq!(
        raw_column(&t, "search_token", "token_hash").await.len(),
        0,
        "no search tokens either"
    );
}
