//! Enrolment, sign-in, step-up, passkey management and recovery against real WebAuthn
//! ceremonies answered by software passkeys.

use chrono::Duration;
use portico_domain::{
    DomainError,
    entities::passkey,
    i18n::Locale,
    identity::{
        Issuer, NewStaff, Operator, RECOVERY_CODE_COUNT, Role, SessionLookup, code_refusal,
    },
    notify,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use portico_domain::test_passkeys::{assert_discoverable, credential_id, register};

use crate::support::{BIRTH_DATE, Clinic, ORIGIN, assert, authenticator, meta};

fn is_code_refusal(err: &DomainError) -> bool {
    matches!(err, DomainError::Validation { message, .. } if *message == code_refusal())
}

#[tokio::test]
async fn a_patient_enrolls_with_code_and_birth_date_then_signs_in_with_the_passkey() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "ana@example.org").await;
    let mut key = authenticator(true);
    let (enrolled, credential) = c.enroll(&mut key, &code).await;

    assert_eq!(enrolled.session.account.role, Role::Patient);
    assert_eq!(enrolled.session.account.display_name, "Ana Tester");
    assert_eq!(enrolled.recovery_codes.len(), RECOVERY_CODE_COUNT);
    let first = c.current(enrolled.session.token.expose()).await;
    assert_eq!(first.account.id, enrolled.session.account.id);
    assert!(c.audited("enroll.complete", "success", None).await);

    let account_id = enrolled.session.account.id.clone();
    let signed_in = c.sign_in(&mut key, &credential, &account_id).await.unwrap();
    assert_ne!(
        signed_in.session_id, enrolled.session.session_id,
        "a new session id"
    );
    assert_eq!(signed_in.account.id, enrolled.session.account.id);
    assert!(c.audited("sign_in", "success", None).await);
    let keys = c.identity.list_passkeys(&first).await.unwrap();
    assert_eq!(keys.len(), 1);
    assert!(keys[0].last_used_at.is_some(), "sign-in records last use");
}

/// A refused enrolment is a sentence the reader's language says: the same refusal in English and in
/// Spanish.
#[tokio::test]
async fn a_refused_enrolment_reads_in_spanish_when_said_in_spanish() {
    let c = Clinic::new().await;
    let err = c
        .identity
        .begin_enrollment("ABCD-EFGH-JKMN-PQRS", BIRTH_DATE, None, &meta())
        .await
        .unwrap_err();
    let DomainError::Validation { field, message } = err else {
        panic!("expected a refusal, got {err:?}");
    };
    assert_eq!(field, "code");
    assert_eq!(message.in_language(Locale::En), code_refusal().to_string());
    assert!(
        message
            .in_language(Locale::En)
            .starts_with("That code and date of birth do not match")
    );
    assert!(
        message
            .in_language(Locale::Es)
            .starts_with("Ese código y esa fecha de nacimiento no coinciden"),
        "{}",
        message.in_language(Locale::Es)
    );
}

#[tokio::test]
async fn the_code_is_single_use() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    c.enroll(&mut authenticator(true), &code).await;
    let err = c
        .identity
        .begin_enrollment(&code, BIRTH_DATE, None, &meta())
        .await
        .unwrap_err();
    assert!(is_code_refusal(&err), "{err:?}");
    assert!(
        c.audited("enroll.begin", "failure", Some("code_inactive"))
            .await
    );
}

#[tokio::test]
async fn wrong_code_wrong_birth_date_and_expired_code_all_get_the_same_answer() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    let unknown = "ABCD-EFGH-JKMN-PQRS";
    for (code, birth_date) in [
        (unknown, BIRTH_DATE),
        (code.as_str(), "1984-03-10"),
        ("nonsense", BIRTH_DATE),
    ] {
        let err = c
            .identity
            .begin_enrollment(code, birth_date, None, &meta())
            .await
            .unwrap_err();
        assert!(is_code_refusal(&err), "{err:?}");
    }
    assert!(
        c.audited("enroll.begin", "failure", Some("unknown_code"))
            .await
    );
    assert!(
        c.audited("enroll.begin", "failure", Some("wrong_birth_date"))
            .await
    );
    assert!(
        c.audited("enroll.begin", "failure", Some("malformed_code"))
            .await
    );

    c.advance(Duration::days(15));
    let err = c
        .identity
        .begin_enrollment(&code, BIRTH_DATE, None, &meta())
        .await
        .unwrap_err();
    assert!(is_code_refusal(&err));
    assert!(
        c.audited("enroll.begin", "failure", Some("code_inactive"))
            .await
    );
}

#[tokio::test]
async fn wrong_birth_dates_slow_a_code_down_without_locking_its_owner_out() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    for _ in 0..3 {
        c.identity
            .begin_enrollment(&code, "2000-01-01", None, &meta())
            .await
            .unwrap_err();
    }
    // Throttled: even the right answer is refused, with the same message.
    let err = c
        .identity
        .begin_enrollment(&code, BIRTH_DATE, None, &meta())
        .await
        .unwrap_err();
    assert!(is_code_refusal(&err));
    assert!(
        c.audited("enroll.begin", "failure", Some("throttled"))
            .await
    );
    // The wait is short; then the owner gets in.
    c.advance(Duration::seconds(3));
    c.identity
        .begin_enrollment(&code, BIRTH_DATE, None, &meta())
        .await
        .expect("the real owner gets through after the short delay");
}

#[tokio::test]
async fn a_replayed_assertion_is_refused() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    let mut key = authenticator(true);
    let (enrolled, credential) = c.enroll(&mut key, &code).await;
    let account = enrolled.session.account.id.clone();

    let start = c.identity.begin_sign_in().await.unwrap();
    let assertion = assert_discoverable(&mut key, &start.options, &credential, &account, ORIGIN);
    c.identity
        .finish_sign_in(&start.ceremony_id, &assertion, None, &meta())
        .await
        .unwrap();
    // The same response to the same ceremony: the ceremony is gone.
    let again = c
        .identity
        .finish_sign_in(&start.ceremony_id, &assertion, None, &meta())
        .await;
    assert!(again.is_err());
    assert!(
        c.audited("sign_in", "failure", Some("stale_ceremony"))
            .await
    );
    // The same response to a new ceremony: wrong challenge.
    let fresh = c.identity.begin_sign_in().await.unwrap();
    let replay = c
        .identity
        .finish_sign_in(&fresh.ceremony_id, &assertion, None, &meta())
        .await;
    assert!(replay.is_err());
    assert!(
        c.audited("sign_in", "failure", Some("assertion_rejected"))
            .await
    );
}

#[tokio::test]
async fn a_stale_challenge_is_refused() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    let mut key = authenticator(true);
    let (enrolled, credential) = c.enroll(&mut key, &code).await;
    let account = enrolled.session.account.id.clone();
    let start = c.identity.begin_sign_in().await.unwrap();
    let assertion = assert_discoverable(&mut key, &start.options, &credential, &account, ORIGIN);
    c.advance(Duration::minutes(5) + Duration::seconds(1));
    let err = c
        .identity
        .finish_sign_in(&start.ceremony_id, &assertion, None, &meta())
        .await
        .unwrap_err();
    assert!(matches!(err, DomainError::Validation { .. }));
    assert!(
        c.audited("sign_in", "failure", Some("stale_ceremony"))
            .await
    );
}

#[tokio::test]
async fn a_response_made_for_another_origin_is_refused() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    let mut key = authenticator(true);
    let (enrolled, credential) = c.enroll(&mut key, &code).await;
    let account = enrolled.session.account.id.clone();
    let start = c.identity.begin_sign_in().await.unwrap();
    let phished = assert_discoverable(
        &mut key,
        &start.options,
        &credential,
        &account,
        "https://evil.portal.example.org",
    );
    assert!(
        c.identity
            .finish_sign_in(&start.ceremony_id, &phished, None, &meta())
            .await
            .is_err()
    );
    assert!(
        c.audited("sign_in", "failure", Some("assertion_rejected"))
            .await
    );

    // Registration too.
    let other = c.invite_patient("Bea", "").await;
    let start = c
        .identity
        .begin_enrollment(&other, BIRTH_DATE, None, &meta())
        .await
        .unwrap();
    let phished = register(
        &mut authenticator(true),
        &start.ceremony.options,
        "https://evil.portal.example.org",
    );
    assert!(
        c.identity
            .finish_enrollment(&start.ceremony.ceremony_id, &phished, None, &meta())
            .await
            .is_err()
    );
    assert!(
        c.audited("enroll.complete", "failure", Some("registration_rejected"))
            .await
    );
}

#[tokio::test]
async fn a_passkey_without_user_verification_is_refused() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    let start = c
        .identity
        .begin_enrollment(&code, BIRTH_DATE, None, &meta())
        .await
        .unwrap();
    assert_eq!(
        start.ceremony.options["publicKey"]["authenticatorSelection"]["userVerification"],
        "required"
    );
    // An authenticator that skips user verification (told it was only preferred, as a tampered
    // client would).
    let mut options = start.ceremony.options.clone();
    options["publicKey"]["authenticatorSelection"]["userVerification"] = "discouraged".into();
    let no_uv = register(&mut authenticator(false), &options, ORIGIN);
    assert!(
        c.identity
            .finish_enrollment(&start.ceremony.ceremony_id, &no_uv, None, &meta())
            .await
            .is_err()
    );
    assert!(
        c.audited("enroll.complete", "failure", Some("registration_rejected"))
            .await
    );
    // Nothing was created: the code still works with a proper passkey.
    c.enroll(&mut authenticator(true), &code).await;
}

#[tokio::test]
async fn a_credential_id_already_on_another_account_is_refused() {
    let c = Clinic::new().await;
    let a = c.invite_patient("Ana", "").await;
    let (ana, _) = c.enroll(&mut authenticator(true), &a).await;

    let b = c.invite_patient("Bea", "").await;
    let start = c
        .identity
        .begin_enrollment(&b, BIRTH_DATE, None, &meta())
        .await
        .unwrap();
    let registration = register(&mut authenticator(true), &start.ceremony.options, ORIGIN);
    // The same credential id already sits on Ana's account (a cloned or malicious
    // authenticator would present it this way).
    passkey::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        account_id: Set(ana.session.account.id.clone()),
        credential_id: Set(credential_id(&registration)),
        name: Set("planted".into()),
        credential: Set("{}".into()),
        created_at: Set(chrono::Utc::now()),
        last_used_at: Set(None),
    }
    .insert(&c.t.db)
    .await
    .unwrap();
    let err = c
        .identity
        .finish_enrollment(&start.ceremony.ceremony_id, &registration, None, &meta())
        .await
        .unwrap_err();
    assert!(matches!(err, DomainError::Validation { .. }), "{err:?}");
    assert!(
        c.audited("enroll.complete", "failure", Some("duplicate_credential"))
            .await
    );

    // And the database itself refuses a second row with the same credential id.
    let planted = passkey::Entity::find().all(&c.t.db).await.unwrap();
    let duplicate = passkey::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        account_id: Set(ana.session.account.id.clone()),
        credential_id: Set(planted[0].credential_id.clone()),
        name: Set("dup".into()),
        credential: Set("{}".into()),
        created_at: Set(chrono::Utc::now()),
        last_used_at: Set(None),
    }
    .insert(&c.t.db)
    .await
    .map_err(DomainError::from)
    .unwrap_err();
    assert!(
        matches!(duplicate, DomainError::Conflict(_)),
        "{duplicate:?}"
    );
}

#[tokio::test]
async fn sessions_end_after_fifteen_idle_minutes_but_activity_keeps_them_alive() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    let (enrolled, _) = c.enroll(&mut authenticator(true), &code).await;
    let token = enrolled.session.token.expose().to_owned();

    c.advance(Duration::minutes(14));
    assert!(matches!(c.session(&token).await, SessionLookup::Active(_)));
    c.advance(Duration::minutes(14));
    assert!(
        matches!(c.session(&token).await, SessionLookup::Active(_)),
        "touched 14 min ago"
    );
    // Asking how long is left does not count as activity.
    c.advance(Duration::minutes(10));
    let peek = c
        .identity
        .resolve_session(&token, &meta(), false)
        .await
        .unwrap();
    assert!(matches!(peek, SessionLookup::Active(_)));
    c.advance(Duration::minutes(5));
    assert_eq!(c.session(&token).await, SessionLookup::Expired);
    assert_eq!(
        c.session(&token).await,
        SessionLookup::Unknown,
        "ended server-side"
    );
    assert!(
        c.audited("session.timeout", "success", Some("idle_timeout"))
            .await
    );
}

#[tokio::test]
async fn page_views_write_activity_at_most_every_thirty_seconds() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    let (enrolled, _) = c.enroll(&mut authenticator(true), &code).await;
    let token = enrolled.session.token.expose().to_owned();

    c.advance(Duration::minutes(1));
    let written = c.current(&token).await.idle_deadline;
    assert_eq!(written, c.identity.now() + Duration::minutes(15));
    // Views within 30 seconds of the last one written leave the row as it is.
    c.advance(Duration::seconds(20));
    assert_eq!(c.current(&token).await.idle_deadline, written);
    c.advance(Duration::seconds(9));
    assert_eq!(c.current(&token).await.idle_deadline, written);
    // The next one after that counts.
    c.advance(Duration::seconds(2));
    assert_eq!(
        c.current(&token).await.idle_deadline,
        c.identity.now() + Duration::minutes(15)
    );
}

#[tokio::test]
async fn sessions_end_after_twelve_hours_however_active() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    let (enrolled, _) = c.enroll(&mut authenticator(true), &code).await;
    let token = enrolled.session.token.expose().to_owned();
    for _ in 0..71 {
        c.advance(Duration::minutes(10));
        assert!(matches!(c.session(&token).await, SessionLookup::Active(_)));
    }
    c.advance(Duration::minutes(10));
    assert_eq!(c.session(&token).await, SessionLookup::Expired);
    assert!(
        c.audited("session.timeout", "success", Some("absolute_timeout"))
            .await
    );
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    let (enrolled, _) = c.enroll(&mut authenticator(true), &code).await;
    let token = enrolled.session.token.expose().to_owned();
    let current = c.current(&token).await;
    c.identity.sign_out(&current, &meta()).await.unwrap();
    assert_eq!(c.session(&token).await, SessionLookup::Unknown);
    assert!(c.audited("sign_out", "success", None).await);
}

#[tokio::test]
async fn step_up_rotates_the_session_id_and_unlocks_passkey_changes() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "ana@example.org").await;
    let mut key = authenticator(true);
    let (enrolled, credential) = c.enroll(&mut key, &code).await;
    let old_token = enrolled.session.token.expose().to_owned();

    c.advance(Duration::minutes(11));
    let current = c.current(&old_token).await;
    assert!(!c.identity.step_up_is_fresh(&current));
    assert!(matches!(
        c.identity.begin_add_passkey(&current).await,
        Err(DomainError::StepUpRequired)
    ));

    let start = c.identity.begin_step_up(&current).await.unwrap();
    let assertion = assert(&mut key, &start.options, &credential, ORIGIN);
    let new_token = c
        .identity
        .finish_step_up(&current, &start.ceremony_id, &assertion, &meta())
        .await
        .unwrap();
    assert_eq!(
        c.session(&old_token).await,
        SessionLookup::Unknown,
        "old id stops working"
    );
    let current = c.current(new_token.expose()).await;
    assert!(c.identity.step_up_is_fresh(&current));

    // Add a second passkey, rename it, remove it; the last one cannot be removed.
    let start = c.identity.begin_add_passkey(&current).await.unwrap();
    let second = register(&mut authenticator(true), &start.options, ORIGIN);
    let added = c
        .identity
        .finish_add_passkey(&current, &start.ceremony_id, &second, "Phone", &meta())
        .await
        .unwrap();
    c.identity
        .rename_passkey(&current, &added.id, "Work phone", &meta())
        .await
        .unwrap();
    let keys = c.identity.list_passkeys(&current).await.unwrap();
    assert_eq!(
        keys.iter().map(|k| k.name.as_str()).collect::<Vec<_>>()[1],
        "Work phone"
    );
    c.identity
        .remove_passkey(&current, &added.id, &meta())
        .await
        .unwrap();
    let only = c.identity.list_passkeys(&current).await.unwrap();
    assert_eq!(only.len(), 1);
    assert!(matches!(
        c.identity
            .remove_passkey(&current, &only[0].id, &meta())
            .await,
        Err(DomainError::Validation { .. })
    ));
    let mail = notify::messages_to(&c.t.db, c.identity.vault(), "ana@example.org")
        .await
        .unwrap();
    let subjects: Vec<_> = mail.iter().map(|m| m.subject.as_str()).collect();
    assert!(subjects.iter().any(|s| s.contains("added")), "{subjects:?}");
    assert!(
        subjects.iter().any(|s| s.contains("removed")),
        "{subjects:?}"
    );
    assert!(c.audited("passkey.add", "success", None).await);
    assert!(c.audited("passkey.remove", "success", None).await);
}

#[tokio::test]
async fn another_accounts_passkeys_and_sessions_are_out_of_reach() {
    let c = Clinic::new().await;
    let (ana, _) = c
        .enroll(&mut authenticator(true), &c.invite_patient("Ana", "").await)
        .await;
    let (bea, _) = c
        .enroll(&mut authenticator(true), &c.invite_patient("Bea", "").await)
        .await;
    let ana = c.current(ana.session.token.expose()).await;
    let bea_current = c.current(bea.session.token.expose()).await;
    let bea_key = &c.identity.list_passkeys(&bea_current).await.unwrap()[0];
    assert!(matches!(
        c.identity
            .rename_passkey(&ana, &bea_key.id, "mine", &meta())
            .await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        c.identity
            .end_session(&ana, &bea.session.session_id, &meta())
            .await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        c.session(bea.session.token.expose()).await,
        SessionLookup::Active(_)
    ));
}

#[tokio::test]
async fn a_recovery_code_and_birth_date_register_a_new_passkey_and_end_other_sessions() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "ana@example.org").await;
    let (enrolled, _) = c.enroll(&mut authenticator(true), &code).await;
    let old_token = enrolled.session.token.expose().to_owned();
    let recovery = enrolled.recovery_codes[3].expose().to_owned();

    // Wrong date of birth: the generic refusal.
    let err = c
        .identity
        .begin_recovery(&recovery, "1999-01-01", &meta())
        .await
        .unwrap_err();
    assert!(is_code_refusal(&err));
    let err = c
        .identity
        .begin_recovery("ZZZZ-ZZZZ-ZZZZ-ZZZZ", BIRTH_DATE, &meta())
        .await
        .unwrap_err();
    assert!(is_code_refusal(&err));

    let start = c
        .identity
        .begin_recovery(&recovery.to_lowercase(), BIRTH_DATE, &meta())
        .await
        .unwrap();
    let mut new_key = authenticator(true);
    let registration = register(&mut new_key, &start.options, ORIGIN);
    let recovered = c
        .identity
        .finish_recovery(&start.ceremony_id, &registration, &meta())
        .await
        .unwrap();
    assert_eq!(recovered.session.account.id, enrolled.session.account.id);
    assert_eq!(
        c.session(&old_token).await,
        SessionLookup::Unknown,
        "other sessions end"
    );
    let new_credential = credential_id(&registration);
    c.sign_in(&mut new_key, &new_credential, &enrolled.session.account.id)
        .await
        .expect("the new passkey signs in");

    // Single use.
    let err = c
        .identity
        .begin_recovery(&recovery, BIRTH_DATE, &meta())
        .await
        .unwrap_err();
    assert!(is_code_refusal(&err));
    let current = c.current(recovered.session.token.expose()).await;
    assert_eq!(c.identity.recovery_codes_left(&current).await.unwrap(), 9);
    let mail = notify::messages_to(&c.t.db, c.identity.vault(), "ana@example.org")
        .await
        .unwrap();
    assert!(
        mail.iter()
            .any(|m| m.subject.contains("recovery code was used"))
    );
    assert!(
        !mail.iter().any(|m| m.body.contains(&recovery)),
        "no codes in mail"
    );
    assert!(c.audited("recovery.complete", "success", None).await);
}

#[tokio::test]
async fn regenerating_recovery_codes_needs_step_up_and_replaces_the_old_ones() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "ana@example.org").await;
    let (enrolled, _) = c.enroll(&mut authenticator(true), &code).await;
    let current = c.current(enrolled.session.token.expose()).await;
    let fresh = c
        .identity
        .regenerate_recovery_codes(&current, &meta())
        .await
        .unwrap();
    assert_eq!(fresh.len(), RECOVERY_CODE_COUNT);
    let old = enrolled.recovery_codes[0].expose();
    let err = c
        .identity
        .begin_recovery(old, BIRTH_DATE, &meta())
        .await
        .unwrap_err();
    assert!(is_code_refusal(&err), "old codes stop working");
    c.advance(Duration::minutes(11));
    let current = c.current(enrolled.session.token.expose()).await;
    assert!(matches!(
        c.identity
            .regenerate_recovery_codes(&current, &meta())
            .await,
        Err(DomainError::StepUpRequired)
    ));
}

#[tokio::test]
async fn a_reissued_clinic_code_re_enrolls_the_existing_account() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "ana@example.org").await;
    let (enrolled, _) = c.enroll(&mut authenticator(true), &code).await;
    let patient_id = enrolled.session.account.patient_id.clone().unwrap();
    let reissued = c
        .identity
        .reissue_patient_code(Operator::CommandLine, &patient_id, &meta())
        .await
        .unwrap();
    let (again, _) = c
        .enroll(&mut authenticator(true), reissued.code.expose())
        .await;
    assert_eq!(
        again.session.account.id, enrolled.session.account.id,
        "same account"
    );
    assert_eq!(
        c.session(enrolled.session.token.expose()).await,
        SessionLookup::Unknown,
        "other sessions end"
    );
    let current = c.current(again.session.token.expose()).await;
    assert_eq!(c.identity.list_passkeys(&current).await.unwrap().len(), 2);
}

#[tokio::test]
async fn only_the_right_staff_roles_issue_codes() {
    let c = Clinic::new().await;
    let admin_code = c
        .identity
        .create_first_admin("Ada Admin", "")
        .await
        .unwrap();
    assert!(
        c.identity.create_first_admin("Second", "").await.is_ok(),
        "another first-admin code is fine until an admin has enrolled"
    );
    let (admin, _) = {
        let start = c
            .identity
            .begin_enrollment(admin_code.code.expose(), "", None, &meta())
            .await
            .unwrap();
        let registration = register(&mut authenticator(true), &start.ceremony.options, ORIGIN);
        let enrolled = c
            .identity
            .finish_enrollment(&start.ceremony.ceremony_id, &registration, None, &meta())
            .await
            .unwrap();
        (enrolled, ())
    };
    assert_eq!(admin.session.account.role, Role::Admin);
    assert!(
        admin.recovery_codes.is_empty(),
        "staff recover through an admin"
    );
    assert!(matches!(
        c.identity.create_first_admin("Third", "").await,
        Err(DomainError::Conflict(_))
    ));

    let billing = c
        .identity
        .invite_staff(
            Issuer::Staff(&admin.session.account),
            NewStaff::parse("Bill Ing", "", "billing").unwrap(),
            &meta(),
        )
        .await
        .unwrap();
    let start = c
        .identity
        .begin_enrollment(billing.code.expose(), "", None, &meta())
        .await
        .unwrap();
    let registration = register(&mut authenticator(true), &start.ceremony.options, ORIGIN);
    let billing = c
        .identity
        .finish_enrollment(&start.ceremony.ceremony_id, &registration, None, &meta())
        .await
        .unwrap();
    assert_eq!(billing.session.account.role, Role::Billing);
    let patient = portico_domain::identity::NewPatient::parse(
        "Cy",
        "Tester",
        BIRTH_DATE,
        "",
        chrono::Utc::now().date_naive(),
    )
    .unwrap();
    let denied = c
        .identity
        .invite_patient(Issuer::Staff(&billing.session.account), patient, &meta())
        .await;
    assert!(matches!(denied, Err(DomainError::Forbidden)));
    assert!(c.audited("patient.invite", "denied", Some("role")).await);
}

#[tokio::test]
async fn an_assertion_claiming_another_accounts_user_handle_is_refused() {
    let c = Clinic::new().await;
    let mut key = authenticator(true);
    let (_, credential) = c.enroll(&mut key, &c.invite_patient("Ana", "").await).await;
    let (bea, _) = c
        .enroll(&mut authenticator(true), &c.invite_patient("Bea", "").await)
        .await;
    let start = c.identity.begin_sign_in().await.unwrap();
    let forged = assert_discoverable(
        &mut key,
        &start.options,
        &credential,
        &bea.session.account.id,
        ORIGIN,
    );
    assert!(
        c.identity
            .finish_sign_in(&start.ceremony_id, &forged, None, &meta())
            .await
            .is_err()
    );
    assert!(
        c.audited("sign_in", "failure", Some("account_mismatch_or_inactive"))
            .await
    );
}

#[tokio::test]
async fn sessions_nobody_comes_back_to_are_swept_and_audited() {
    let c = Clinic::new().await;
    let (ana, _) = c
        .enroll(&mut authenticator(true), &c.invite_patient("Ana", "").await)
        .await;
    c.advance(Duration::minutes(10));
    let (bea, _) = c
        .enroll(&mut authenticator(true), &c.invite_patient("Bea", "").await)
        .await;
    c.advance(Duration::minutes(6));
    let meta = portico_domain::audit::RequestMeta::default();
    assert_eq!(
        c.identity.sweep_expired_sessions(&meta).await.unwrap(),
        1,
        "only Ana's is idle"
    );
    assert_eq!(
        c.session(ana.session.token.expose()).await,
        SessionLookup::Unknown
    );
    assert!(matches!(
        c.session(bea.session.token.expose()).await,
        SessionLookup::Active(_)
    ));
    assert!(
        c.audited("session.timeout", "success", Some("idle_timeout"))
            .await
    );
    assert_eq!(c.identity.sweep_expired_sessions(&meta).await.unwrap(), 0);
}

#[tokio::test]
async fn an_unreadable_response_is_refused_and_audited() {
    let c = Clinic::new().await;
    let start = c.identity.begin_sign_in().await.unwrap();
    let err = c
        .identity
        .finish_sign_in(&start.ceremony_id, "{not json", None, &meta())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        DomainError::Validation {
            field: "credential",
            ..
        }
    ));
    assert!(
        c.audited("sign_in", "failure", Some("unreadable_credential"))
            .await
    );
}
