//! Account recovery through the clinic (issue 18): a new code for a patient who already has an
//! account cannot be used by the staff member who issued it, needs the clinic's recovery role, a
//! fresh passkey check and a second member of staff, and the patient hears of it.

use chrono::{Duration, Utc};
use portico_domain::{
    DomainError,
    access::AccessLogQuery,
    identity::{
        CurrentSession, Issuer, Operator, RecoveryRole, SessionLookup, awaiting_approval,
        issuer_browser, save_recovery_role,
    },
    notify,
};

use portico_domain::test_passkeys::register;

use crate::support::{BIRTH_DATE, Clinic, ORIGIN, authenticator, meta};

/// The refusal's English is `expected`.
fn refused_with(result: Result<impl std::fmt::Debug, DomainError>, expected: impl ToString) {
    let expected = expected.to_string();
    match result {
        Err(DomainError::Validation { message, .. }) if message.to_string() == expected => {}
        other => panic!("expected the refusal {expected:?}, got {other:?}"),
    }
}

/// An enrolled patient: their session token and patient id.
async fn enrolled_patient(c: &Clinic, email: &str) -> (String, String) {
    let code = c.invite_patient("Vera", email).await;
    let (enrolled, _) = c.enroll(&mut authenticator(true), &code).await;
    let patient_id = enrolled.session.account.patient_id.clone().unwrap();
    (enrolled.session.token.expose().to_owned(), patient_id)
}

/// Tries to enrol with `code` (and the right date of birth) from a browser signed in as `caller`.
async fn try_enrol(
    c: &Clinic,
    code: &str,
    caller: Option<&CurrentSession>,
) -> Result<portico_domain::identity::Enrolled, DomainError> {
    let start = c
        .identity
        .begin_enrollment(code, BIRTH_DATE, caller, &meta())
        .await?;
    let credential = register(&mut authenticator(true), &start.ceremony.options, ORIGIN);
    c.identity
        .finish_enrollment(&start.ceremony.ceremony_id, &credential, caller, &meta())
        .await
}

/// The probe of issue 18, step by step: front desk re-issues a code for an enrolled patient and
/// enrols with it themselves. Before the fix the last step added a passkey to the patient's
/// account and ended their session.
#[tokio::test]
async fn front_desk_cannot_take_over_an_enrolled_patients_account() {
    let c = Clinic::new().await;
    let (victim_token, patient_id) = enrolled_patient(&c, "").await;
    let front = c.staff("Fran Desk", "front-desk").await;

    let refused = c
        .identity
        .reissue_patient_code(Operator::Staff(&front), &patient_id, &meta())
        .await;
    assert!(
        matches!(refused, Err(DomainError::Forbidden)),
        "{refused:?}"
    );
    assert!(
        c.audited("recovery.issue", "denied", Some("recovery_role"))
            .await
    );
    assert!(matches!(
        c.session(&victim_token).await,
        SessionLookup::Active(_)
    ));
    // No code was issued, so nothing can be enrolled with; the victim has one passkey.
    let victim = c.current(&victim_token).await;
    assert_eq!(c.identity.list_passkeys(&victim).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_recovery_code_needs_a_fresh_check_a_second_admin_and_another_browser() {
    let c = Clinic::new().await;
    let (victim_token, patient_id) = enrolled_patient(&c, "vera@example.org").await;
    let ada = c.staff("Ada Admin", "admin").await;
    let bo = c.staff("Bo Admin", "admin").await;

    // A passkey check older than the step-up window (ten minutes) is not enough.
    let ada_stale = CurrentSession {
        authenticated_at: c.identity.now() - Duration::minutes(11),
        ..ada.clone()
    };
    assert!(matches!(
        c.identity
            .reissue_patient_code(Operator::Staff(&ada_stale), &patient_id, &meta())
            .await,
        Err(DomainError::StepUpRequired)
    ));

    // With a fresh check, the code is issued but waits for a second approval.
    let issued = c
        .identity
        .reissue_patient_code(Operator::Staff(&ada), &patient_id, &meta())
        .await
        .unwrap();
    assert!(issued.awaiting_approval);
    let code = issued.code.expose().to_owned();

    // The patient is told: e-mail without the code, the Security page, the access log.
    let mail = notify::messages_to(&c.t.db, c.identity.vault(), "vera@example.org")
        .await
        .unwrap();
    let notice = mail
        .iter()
        .find(|m| m.subject.contains("recover your Portico account"))
        .expect("the patient is e-mailed");
    assert!(!notice.body.contains(&code) && !notice.body.contains("Vera"));
    let victim = c.current(&victim_token).await;
    let pending = c.identity.pending_recoveries(&victim).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        pending[0].issued_by.to_string(),
        "Ada Admin (Administrator)"
    );
    assert!(!pending[0].approved);
    let log = c
        .access_log(
            &victim,
            &patient_id,
            AccessLogQuery {
                from: None,
                to: None,
                actor_id: None,
                page: 0,
            },
            &meta(),
        )
        .await
        .unwrap();
    assert!(
        log.entries
            .iter()
            .any(|e| e.who.to_string() == "Ada Admin (Administrator)"
                && e.what.to_string()
                    == "Issued a code to recover the account (sets up a new passkey)"),
        "{:?}",
        log.entries
    );

    // Not usable before approval, by anyone.
    refused_with(try_enrol(&c, &code, None).await, awaiting_approval());
    // The issuer cannot approve their own code.
    refused_with(
        c.identity
            .approve_recovery(Operator::Staff(&ada), &issued.invitation_id, &meta())
            .await,
        "A second member of staff must approve a recovery code you issued.",
    );
    // A second admin, also only after a fresh check, approves.
    let bo_stale = CurrentSession {
        authenticated_at: c.identity.now() - Duration::minutes(11),
        ..bo.clone()
    };
    assert!(matches!(
        c.identity
            .approve_recovery(Operator::Staff(&bo_stale), &issued.invitation_id, &meta())
            .await,
        Err(DomainError::StepUpRequired)
    ));
    c.identity
        .approve_recovery(Operator::Staff(&bo), &issued.invitation_id, &meta())
        .await
        .unwrap();
    assert!(c.audited("recovery.approve", "success", None).await);

    // Neither the issuer's nor the approver's browser may use it.
    refused_with(try_enrol(&c, &code, Some(&ada)).await, issuer_browser());
    refused_with(try_enrol(&c, &code, Some(&bo)).await, issuer_browser());
    assert!(matches!(
        c.session(&victim_token).await,
        SessionLookup::Active(_)
    ));

    // The patient, on their own device, recovers their account.
    let recovered = try_enrol(&c, &code, None).await.unwrap();
    assert_eq!(recovered.session.account.id, victim.account.id);
    assert_eq!(
        c.session(&victim_token).await,
        SessionLookup::Unknown,
        "other sessions end"
    );
}

#[tokio::test]
async fn the_patient_cancels_a_recovery_code_they_did_not_ask_for() {
    let c = Clinic::new().await;
    let (victim_token, patient_id) = enrolled_patient(&c, "").await;
    let ada = c.staff("Ada Admin", "admin").await;
    let issued = c
        .identity
        .reissue_patient_code(Operator::Staff(&ada), &patient_id, &meta())
        .await
        .unwrap();
    let victim = c.current(&victim_token).await;
    c.identity
        .cancel_recovery(&victim, &issued.invitation_id, &meta())
        .await
        .unwrap();
    assert!(
        c.identity
            .pending_recoveries(&victim)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        c.identity
            .approve_recovery(Operator::CommandLine, &issued.invitation_id, &meta())
            .await,
        Err(DomainError::Validation { .. })
    ));
    // Another patient cannot cancel it: it is not theirs.
    let (other_token, _) = enrolled_patient(&c, "").await;
    let other = c.current(&other_token).await;
    let second = c
        .identity
        .reissue_patient_code(Operator::Staff(&ada), &patient_id, &meta())
        .await
        .unwrap();
    assert!(matches!(
        c.identity
            .cancel_recovery(&other, &second.invitation_id, &meta())
            .await,
        Err(DomainError::NotFound)
    ));
}

#[tokio::test]
async fn the_command_line_approves_and_a_lost_invitation_stays_with_the_front_desk() {
    let c = Clinic::new().await;
    let (_, patient_id) = enrolled_patient(&c, "").await;
    let ada = c.staff("Ada Admin", "admin").await;
    let front = c.staff("Fran Desk", "front-desk").await;
    // A single-admin clinic: the operator approves at the server.
    let issued = c
        .identity
        .reissue_patient_code(Operator::Staff(&ada), &patient_id, &meta())
        .await
        .unwrap();
    let waiting = c.identity.recoveries_awaiting_approval().await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].1, "Vera Tester");
    c.identity
        .approve_recovery(Operator::CommandLine, &issued.invitation_id, &meta())
        .await
        .unwrap();
    assert!(try_enrol(&c, issued.code.expose(), None).await.is_ok());

    // A patient who never enrolled: the front desk re-issues the invitation, usable at once,
    // but still not from the front desk's own browser.
    let new = portico_domain::identity::NewPatient::parse(
        "Nia",
        "Tester",
        BIRTH_DATE,
        "",
        Utc::now().date_naive(),
    )
    .unwrap();
    let first = c
        .identity
        .invite_patient(Issuer::Staff(&front.account), new, &meta())
        .await
        .unwrap();
    let again = c
        .identity
        .reissue_patient_code(
            Operator::Staff(&front),
            first.patient_id.as_deref().unwrap(),
            &meta(),
        )
        .await
        .unwrap();
    assert!(!again.awaiting_approval);
    refused_with(
        try_enrol(&c, again.code.expose(), Some(&front)).await,
        issuer_browser(),
    );
    assert!(try_enrol(&c, again.code.expose(), None).await.is_ok());
}

#[tokio::test]
async fn a_clinic_can_give_recovery_to_the_front_desk() {
    let c = Clinic::new().await;
    let (_, patient_id) = enrolled_patient(&c, "").await;
    let fran = c.staff("Fran Desk", "front-desk").await;
    let gil = c.staff("Gil Desk", "front-desk").await;
    let billing = c.staff("Bill Ing", "billing").await;
    save_recovery_role(
        &c.t.db,
        RecoveryRole::parse("front-desk").unwrap(),
        c.identity.now(),
    )
    .await
    .unwrap();
    let issued = c
        .identity
        .reissue_patient_code(Operator::Staff(&fran), &patient_id, &meta())
        .await
        .unwrap();
    assert!(matches!(
        c.identity
            .approve_recovery(Operator::Staff(&billing), &issued.invitation_id, &meta())
            .await,
        Err(DomainError::Forbidden)
    ));
    c.identity
        .approve_recovery(Operator::Staff(&gil), &issued.invitation_id, &meta())
        .await
        .unwrap();
    assert!(try_enrol(&c, issued.code.expose(), None).await.is_ok());
}

/// A made-up credential must not cost the server argon2 work: validation comes first.
#[tokio::test]
async fn enrolment_hashes_recovery_codes_only_for_a_valid_ceremony() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Hal", "").await;
    let start = c
        .identity
        .begin_enrollment(&code, BIRTH_DATE, None, &meta())
        .await
        .unwrap();
    let before = c.identity.recovery_batches_hashed();
    // A credential for another ceremony's challenge, and one for no ceremony at all.
    let other = c.invite_patient("Ivy", "").await;
    let other_start = c
        .identity
        .begin_enrollment(&other, BIRTH_DATE, None, &meta())
        .await
        .unwrap();
    let foreign = register(
        &mut authenticator(true),
        &other_start.ceremony.options,
        ORIGIN,
    );
    assert!(
        c.identity
            .finish_enrollment(&start.ceremony.ceremony_id, &foreign, None, &meta())
            .await
            .is_err()
    );
    assert!(
        c.identity
            .finish_enrollment(
                "00000000-0000-4000-8000-000000000000",
                &foreign,
                None,
                &meta()
            )
            .await
            .is_err()
    );
    assert_eq!(
        c.identity.recovery_batches_hashed(),
        before,
        "no hashing for a refused enrolment"
    );
    let own = register(
        &mut authenticator(true),
        &other_start.ceremony.options,
        ORIGIN,
    );
    c.identity
        .finish_enrollment(&other_start.ceremony.ceremony_id, &own, None, &meta())
        .await
        .unwrap();
    assert_eq!(c.identity.recovery_batches_hashed(), before + 1);
}
