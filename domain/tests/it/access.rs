//! Authorization through the one policy: proxy grants (invite, enrol, scopes, revoke, expiry),
//! the age rules for minors with an injected clock, the patient's access log, and the admin audit
//! search and export.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use portico_domain::{
    DomainError,
    access::{
        AccessLogQuery, AgeRules, AuditQuery, Mode, NewCaregiver, Permit, Scope, Scopes, Target,
        rules,
    },
    audit::RequestMeta,
    identity::{CurrentSession, Issuer, NewPatient, Role},
};

use crate::support::{Clinic, meta};

/// Invites a patient born on `birth_date` and enrols them; returns their session.
async fn patient(c: &Clinic, given: &str, birth_date: &str) -> CurrentSession {
    let new = NewPatient::parse(
        given,
        "Tester",
        birth_date,
        "",
        c.identity.now().date_naive(),
    )
    .unwrap();
    let code = c
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    enrol(c, code.code.expose(), birth_date).await
}

async fn enrol(c: &Clinic, code: &str, birth_date: &str) -> CurrentSession {
    c.enrol(code, birth_date).await
}

fn caregiver(name: &str, scopes: &[&str], last_day: &str, today: NaiveDate) -> NewCaregiver {
    let scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
    NewCaregiver::parse(name, "", "Daughter", &scopes, last_day, today).unwrap()
}

fn read(patient_id: &str, scope: Scope) -> Target<'_> {
    Target::Patient {
        patient_id,
        scope,
        mode: Mode::Read,
    }
}

async fn check(
    c: &Clinic,
    session: &CurrentSession,
    target: Target<'_>,
) -> Result<Permit, DomainError> {
    c.access
        .authorize(Some(session), target, "test.read", &meta())
        .await
}

fn patient_id(session: &CurrentSession) -> String {
    session.account.patient_id.clone().unwrap()
}

#[tokio::test]
async fn a_caregiver_enrols_with_the_invitation_and_sees_only_what_was_granted_until_revoked() {
    let c = Clinic::new().await;
    let ana = patient(&c, "Ana", "1950-05-01").await;
    let ana_id = patient_id(&ana);
    let today = c.identity.now().date_naive();
    let invited = c
        .invite_caregiver(
            &ana,
            &ana_id,
            caregiver("Bea Carer", &["records", "appointments"], "", today),
            &meta(),
        )
        .await
        .unwrap();
    // A caregiver's code needs no date of birth: it is the caregiver's, not the patient's.
    let bea = enrol(&c, invited.code.expose(), "").await;
    assert_eq!(bea.account.role, Role::Caregiver);
    assert_eq!(bea.account.patient_id, None);

    let people = c.care_recipients(&bea, &meta()).await.unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].display_name, "Ana Tester");
    assert_eq!(
        people[0].scopes,
        Scopes::parse("appointments,records").unwrap()
    );

    let permit = check(&c, &bea, read(&ana_id, Scope::Records))
        .await
        .unwrap();
    assert_eq!(permit.decision().basis.code(), "proxy");
    assert!(matches!(
        check(&c, &bea, read(&ana_id, Scope::Results)).await,
        Err(DomainError::Forbidden)
    ));
    assert!(
        c.audited("test.read", "denied", Some("scope_not_granted"))
            .await
    );
    // Never the patient's sharing settings, even to read.
    assert!(matches!(
        c.patient_grants(&bea, &ana_id, &meta()).await,
        Err(DomainError::Forbidden)
    ));

    // The patient sees the grant and revokes it; the next request is refused.
    let (_, grants) = c.patient_grants(&ana, &ana_id, &meta()).await.unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].status.label(), "Active");
    c.revoke_grant(&ana, &ana_id, &invited.grant_id, &meta())
        .await
        .unwrap();
    assert!(matches!(
        check(&c, &bea, read(&ana_id, Scope::Records)).await,
        Err(DomainError::Forbidden)
    ));
    assert!(
        c.audited("test.read", "denied", Some("grant_revoked"))
            .await
    );
    assert!(c.care_recipients(&bea, &meta()).await.unwrap().is_empty());
}

#[tokio::test]
async fn granting_editing_and_revoking_need_a_fresh_passkey_check() {
    let c = Clinic::new().await;
    let ana = patient(&c, "Ana", "1950-05-01").await;
    let ana_id = patient_id(&ana);
    let today = c.identity.now().date_naive();
    let invited = c
        .invite_caregiver(
            &ana,
            &ana_id,
            caregiver("Bea", &["records"], "", today),
            &meta(),
        )
        .await
        .unwrap();
    c.advance(Duration::minutes(11));
    assert!(matches!(
        c.invite_caregiver(
            &ana,
            &ana_id,
            caregiver("Cy", &["records"], "", today),
            &meta()
        )
        .await,
        Err(DomainError::StepUpRequired)
    ));
    assert!(matches!(
        c.update_grant(
            &ana,
            &ana_id,
            &invited.grant_id,
            Scopes::parse("billing").unwrap(),
            None,
            &meta()
        )
        .await,
        Err(DomainError::StepUpRequired)
    ));
    assert!(matches!(
        c.revoke_grant(&ana, &ana_id, &invited.grant_id, &meta())
            .await,
        Err(DomainError::StepUpRequired)
    ));
}

#[tokio::test]
async fn a_grant_ends_on_its_last_day_and_edits_take_effect_at_once() {
    let c = Clinic::new().await;
    let ana = patient(&c, "Ana", "1950-05-01").await;
    let ana_id = patient_id(&ana);
    let today = c.identity.now().date_naive();
    let invited = c
        .invite_caregiver(
            &ana,
            &ana_id,
            caregiver("Bea", &["records"], &today.to_string(), today),
            &meta(),
        )
        .await
        .unwrap();
    let bea = enrol(&c, invited.code.expose(), "").await;
    assert!(check(&c, &bea, read(&ana_id, Scope::Records)).await.is_ok());
    assert!(
        check(&c, &bea, read(&ana_id, Scope::Billing))
            .await
            .is_err()
    );
    c.update_grant(
        &ana,
        &ana_id,
        &invited.grant_id,
        Scopes::parse("records,billing").unwrap(),
        None,
        &meta(),
    )
    .await
    .unwrap();
    assert!(check(&c, &bea, read(&ana_id, Scope::Billing)).await.is_ok());
    c.update_grant(
        &ana,
        &ana_id,
        &invited.grant_id,
        Scopes::parse("records").unwrap(),
        rules_day_end(today),
        &meta(),
    )
    .await
    .unwrap();
    // Midnight UTC after the last day.
    c.advance(Duration::hours(15));
    assert!(matches!(
        check(&c, &bea, read(&ana_id, Scope::Records)).await,
        Err(DomainError::Forbidden)
    ));
    assert!(
        c.audited("test.read", "denied", Some("grant_expired"))
            .await
    );
}

fn rules_day_end(day: NaiveDate) -> Option<chrono::DateTime<Utc>> {
    portico_domain::access::parse_last_day(&day.to_string(), day).unwrap()
}

#[tokio::test]
async fn a_guardian_loses_confidential_categories_at_twelve_and_all_access_at_eighteen() {
    let c = Clinic::new().await;
    // The clock starts on 22 November 2026; Sam turns 12 on 1 December 2026.
    let sam = patient(&c, "Sam", "2014-12-01").await;
    let sam_id = patient_id(&sam);
    let front = c.staff("Fran Desk", "front-desk").await;
    let today = c.identity.now().date_naive();

    // A patient who is a minor cannot hand out access to their own record.
    assert!(matches!(
        c.invite_caregiver(
            &sam,
            &sam_id,
            caregiver("Pat", &["records"], "", today),
            &meta()
        )
        .await,
        Err(DomainError::Forbidden)
    ));
    assert!(
        c.audited(
            "proxy.invite",
            "denied",
            Some("minor_access_managed_by_clinic")
        )
        .await
    );

    let invited = c
        .invite_caregiver(
            &front,
            &sam_id,
            caregiver(
                "Parent Tester",
                &["records", "results", "messages"],
                "",
                today,
            ),
            &meta(),
        )
        .await
        .unwrap();
    let parent = enrol(&c, invited.code.expose(), "").await;

    let child = check(&c, &parent, read(&sam_id, Scope::Messages))
        .await
        .unwrap();
    assert_eq!(child.decision().basis.code(), "guardian");
    assert!(child.decision().hidden_categories.is_empty());

    c.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap());
    let teen = check(&c, &parent, read(&sam_id, Scope::Records))
        .await
        .unwrap();
    assert_eq!(
        teen.decision().hidden_categories,
        AgeRules::default().confidential_categories
    );
    assert!(matches!(
        check(&c, &parent, read(&sam_id, Scope::Messages)).await,
        Err(DomainError::Forbidden)
    ));

    c.clock
        .set(Utc.with_ymd_and_hms(2032, 11, 30, 23, 59, 59).unwrap());
    assert!(
        check(&c, &parent, read(&sam_id, Scope::Records))
            .await
            .is_ok()
    );
    assert_eq!(c.access.end_guardian_grants_at_majority().await.unwrap(), 0);
    c.clock
        .set(Utc.with_ymd_and_hms(2032, 12, 1, 0, 0, 0).unwrap());
    assert!(matches!(
        check(&c, &parent, read(&sam_id, Scope::Records)).await,
        Err(DomainError::Forbidden)
    ));
    assert!(
        c.audited("test.read", "denied", Some("age_of_majority"))
            .await
    );
    assert_eq!(c.access.end_guardian_grants_at_majority().await.unwrap(), 1);
    assert!(
        c.audited("proxy.end", "success", Some("age_of_majority"))
            .await
    );
    assert_eq!(c.access.end_guardian_grants_at_majority().await.unwrap(), 0);
}

#[tokio::test]
async fn the_clinic_sets_the_ages() {
    let c = Clinic::new().await;
    let rules = AgeRules {
        guardian_full_until: 13,
        ..AgeRules::default()
    };
    rules::save_age_rules(&c.t.db, &rules, c.identity.now())
        .await
        .unwrap();
    let sam = patient(&c, "Sam", "2014-06-01").await; // 12 on the test clock
    let sam_id = patient_id(&sam);
    let front = c.staff("Fran Desk", "front-desk").await;
    let today = c.identity.now().date_naive();
    let invited = c
        .invite_caregiver(
            &front,
            &sam_id,
            caregiver("Parent", &["messages"], "", today),
            &meta(),
        )
        .await
        .unwrap();
    let parent = enrol(&c, invited.code.expose(), "").await;
    let permit = check(&c, &parent, read(&sam_id, Scope::Messages))
        .await
        .unwrap();
    assert!(permit.decision().hidden_categories.is_empty());
    assert_eq!(rules::age_rules(&c.t.db).await.unwrap(), rules);

    let bad = AgeRules {
        guardian_full_until: 20,
        ..AgeRules::default()
    };
    assert!(
        rules::save_age_rules(&c.t.db, &bad, c.identity.now())
            .await
            .is_err()
    );
    assert_eq!(
        rules::age_rules(&c.t.db).await.unwrap(),
        rules,
        "nothing changed"
    );
}

#[tokio::test]
async fn guardians_are_set_up_by_the_clinic_only_for_minors() {
    let c = Clinic::new().await;
    let adult = patient(&c, "Ada", "1990-01-01").await;
    let adult_id = patient_id(&adult);
    let front = c.staff("Fran Desk", "front-desk").await;
    let clinician = c.staff("Dr Who", "clinician").await;
    let today = c.identity.now().date_naive();
    assert!(matches!(
        c.invite_caregiver(
            &front,
            &adult_id,
            caregiver("P", &["records"], "", today),
            &meta()
        )
        .await,
        Err(DomainError::Validation { .. })
    ));
    assert!(matches!(
        c.invite_caregiver(
            &clinician,
            &adult_id,
            caregiver("P", &["records"], "", today),
            &meta()
        )
        .await,
        Err(DomainError::Forbidden)
    ));
}

#[tokio::test]
async fn patients_reach_neither_each_others_records_nor_each_others_grants() {
    let c = Clinic::new().await;
    let ana = patient(&c, "Ana", "1950-05-01").await;
    let ana_id = patient_id(&ana);
    let ben = patient(&c, "Ben", "1960-05-01").await;
    let today = c.identity.now().date_naive();
    let invited = c
        .invite_caregiver(
            &ana,
            &ana_id,
            caregiver("Bea", &["records"], "", today),
            &meta(),
        )
        .await
        .unwrap();
    assert!(matches!(
        c.patient_overview(&ben, &ana_id, &meta()).await,
        Err(DomainError::Forbidden)
    ));
    assert!(c.audited("record.read", "denied", Some("not_linked")).await);
    // Ben's own patient id with Ana's grant id: not found, nothing changes.
    let ben_id = patient_id(&ben);
    assert!(matches!(
        c.revoke_grant(&ben, &ben_id, &invited.grant_id, &meta())
            .await,
        Err(DomainError::NotFound)
    ));
    let (_, grants) = c.patient_grants(&ana, &ana_id, &meta()).await.unwrap();
    assert!(grants[0].status.is_live());
    // An id that names no patient is refused like any other.
    assert!(matches!(
        c.patient_overview(&ben, "no-such-patient", &meta()).await,
        Err(DomainError::Forbidden)
    ));
}

#[tokio::test]
async fn a_patient_with_an_account_accepts_an_invitation_onto_it() {
    let c = Clinic::new().await;
    let ana = patient(&c, "Ana", "1950-05-01").await;
    let ana_id = patient_id(&ana);
    let ben = patient(&c, "Ben", "1975-05-01").await;
    let today = c.identity.now().date_naive();
    let invited = c
        .invite_caregiver(
            &ana,
            &ana_id,
            caregiver("Ben Tester", &["results"], "", today),
            &meta(),
        )
        .await
        .unwrap();
    assert!(
        c.accept_caregiver_invitation(&ben, "AAAA-BBBB-CCCC-DDDD", &meta())
            .await
            .is_err()
    );
    let person = c
        .accept_caregiver_invitation(&ben, invited.code.expose(), &meta())
        .await
        .unwrap();
    assert_eq!(person.patient_id, ana_id);
    assert!(check(&c, &ben, read(&ana_id, Scope::Results)).await.is_ok());
    // Ben keeps his own record, and the code is spent.
    assert!(
        check(&c, &ben, read(&patient_id(&ben), Scope::Billing))
            .await
            .is_ok()
    );
    assert!(
        c.accept_caregiver_invitation(&ben, invited.code.expose(), &meta())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_access_log_names_who_read_the_record_and_filters_by_person_and_date() {
    let c = Clinic::new().await;
    let ana = patient(&c, "Ana", "1950-05-01").await;
    let ana_id = patient_id(&ana);
    let today = c.identity.now().date_naive();
    let invited = c
        .invite_caregiver(
            &ana,
            &ana_id,
            caregiver("Bea Carer", &["records"], "", today),
            &meta(),
        )
        .await
        .unwrap();
    let bea = enrol(&c, invited.code.expose(), "").await;
    let clinician = c.staff("Dr Ada Park", "clinician").await;
    c.patient_overview(&bea, &ana_id, &meta()).await.unwrap();
    c.patient_overview(&clinician, &ana_id, &meta())
        .await
        .unwrap();

    let log = c
        .access_log(&ana, &ana_id, AccessLogQuery::default(), &meta())
        .await
        .unwrap();
    let lines: Vec<(String, String)> = log
        .entries
        .iter()
        .map(|e| (e.who.to_string(), e.what.to_string()))
        .collect();
    assert!(
        lines.contains(&(
            "Bea Carer (caregiver)".into(),
            "Viewed the health record".into()
        )),
        "{lines:?}"
    );
    assert!(
        lines.contains(&(
            "Dr Ada Park (Clinician)".into(),
            "Viewed the health record".into()
        )),
        "{lines:?}"
    );
    assert!(
        lines.contains(&("You".into(), "Signed in".into()))
            || lines.contains(&("You".into(), "Set up the account with a passkey".into())),
        "{lines:?}"
    );

    let only_bea = c
        .access_log(
            &ana,
            &ana_id,
            AccessLogQuery {
                actor_id: Some(bea.account.id.clone()),
                ..AccessLogQuery::default()
            },
            &meta(),
        )
        .await
        .unwrap();
    assert!(!only_bea.entries.is_empty());
    assert!(
        only_bea
            .entries
            .iter()
            .all(|e| e.who.to_string() == "Bea Carer (caregiver)")
    );
    let tomorrow = c
        .access_log(
            &ana,
            &ana_id,
            AccessLogQuery {
                from: Some(today.succ_opt().unwrap()),
                ..AccessLogQuery::default()
            },
            &meta(),
        )
        .await
        .unwrap();
    assert!(tomorrow.entries.is_empty());
    // The caregiver may not read it.
    assert!(
        c.access_log(&bea, &ana_id, AccessLogQuery::default(), &meta())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn admins_search_and_export_the_audit_log_and_the_export_is_audited() {
    let c = Clinic::new().await;
    let ana = patient(&c, "Ana", "1950-05-01").await;
    let admin = c.staff("Root Admin", "admin").await;
    let clinician = c.staff("Dr Who", "clinician").await;
    c.patient_overview(&clinician, &patient_id(&ana), &meta())
        .await
        .unwrap();

    let page = c
        .search_audit(
            &admin,
            AuditQuery {
                patient: Some("ana".into()),
                action: Some("record.".into()),
                ..AuditQuery::default()
            },
            &meta(),
        )
        .await
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    assert_eq!(
        page.rows[0]
            .actor
            .as_ref()
            .map(|a| a.to_string())
            .as_deref(),
        Some("Dr Who (Clinician)")
    );
    assert_eq!(page.rows[0].patient, "Ana Tester");

    let (csv, rows) = c
        .export_audit_csv(&admin, AuditQuery::default(), &meta())
        .await
        .unwrap();
    assert!(rows > 5);
    assert!(csv.starts_with("seq,occurred_at_utc,actor_id,actor,"));
    assert_eq!(csv.lines().count(), rows + 1);
    assert!(c.audited("audit.export", "success", Some("staff")).await);

    assert!(matches!(
        c.export_audit_csv(&clinician, AuditQuery::default(), &meta())
            .await,
        Err(DomainError::Forbidden)
    ));
    assert!(c.audited("audit.export", "denied", Some("role")).await);
    assert!(matches!(
        c.search_audit(
            &admin,
            AuditQuery {
                outcome: Some("maybe".into()),
                ..AuditQuery::default()
            },
            &meta()
        )
        .await,
        Err(DomainError::Validation {
            field: "outcome",
            ..
        })
    ));
}

#[tokio::test]
async fn a_young_adult_without_an_account_hears_how_to_get_one_when_guardian_access_ends() {
    let c = Clinic::new().await;
    let front = c.staff("Fran Desk", "front-desk").await;
    // Registered by the clinic, never enrolled: only a guardian uses Portico for them.
    let new = NewPatient::parse(
        "Kim",
        "Young",
        "2008-12-01",
        "kim@example.org",
        c.identity.now().date_naive(),
    )
    .unwrap();
    let kim = c
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    let kim_id = kim.patient_id.unwrap();
    let today = c.identity.now().date_naive();
    c.invite_caregiver(
        &front,
        &kim_id,
        caregiver("Parent", &["records"], "", today),
        &meta(),
    )
    .await
    .unwrap();
    c.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 1, 6, 0, 0).unwrap());
    assert_eq!(c.access.end_guardian_grants_at_majority().await.unwrap(), 1);
    let mail = portico_domain::notify::messages_to(&c.t.db, c.identity.vault(), "kim@example.org")
        .await
        .unwrap();
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].body.contains("ask for your activation code"),
        "{}",
        mail[0].body
    );
    assert!(!mail[0].body.contains("Kim"), "no names in e-mail");
}

#[tokio::test]
async fn a_staff_search_is_in_each_shown_patients_log_and_a_broad_one_opens_nobody() {
    let c = Clinic::new().await;
    let ana = patient(&c, "Ana", "1950-05-01").await;
    let ana_id = patient_id(&ana);
    let clinician = c.staff("Dr Sam Search", "clinician").await;
    let found = c
        .find_patients(&clinician, "ana test", &meta())
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let log = c
        .access_log(&ana, &ana_id, AccessLogQuery::default(), &meta())
        .await
        .unwrap();
    assert!(
        log.entries
            .iter()
            .any(|e| e.who.to_string() == "Dr Sam Search (Clinician)"
                && e.what.to_string() == "Found in a staff search for patients by name"),
        "{:?}",
        log.entries
    );
    // 101 patients whose family name starts "Tester": a search for "tes" opens none of them.
    let today = c.identity.now().date_naive();
    for i in 0..100 {
        let new =
            NewPatient::parse(&format!("Many{i}"), "Tester", "1980-01-01", "", today).unwrap();
        c.identity
            .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
            .await
            .unwrap();
    }
    let before = c.audit().await.len();
    let err = c
        .find_patients(&clinician, "tes", &meta())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DomainError::Validation { field: "query", message } if message.to_string().contains("101 patients")),
        "{err:?}"
    );
    let after = c.audit().await;
    assert_eq!(after.len(), before + 1, "one event for the refused search");
    assert!(after.last().unwrap().acting_for_patient_id.is_none());
    // Narrowed, it shows at most 25, each audited for its patient.
    let found = c
        .find_patients(&clinician, "many1 tes", &meta())
        .await
        .unwrap();
    assert_eq!(found.len(), 11, "Many1 and Many10–Many19");
    let shown = c
        .audit()
        .await
        .into_iter()
        .filter(|e| e.action == "patients.search" && e.acting_for_patient_id.is_some())
        .count();
    assert_eq!(shown, 1 + 11);
}
