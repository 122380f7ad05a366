//! Secure messaging: routing to pools, replies both ways, read state, internal notes that never
//! reach the patient's side, assignment and status, the reply window, caregivers and teens,
//! the export, and the audit.

use chrono::Duration;
use portico_domain::{
    DomainError,
    access::{AgeRules, ClinicTask, Mode, NewCaregiver, Scope, Scopes, rules},
    audit::RequestMeta,
    entities::conversation_message,
    identity::{CurrentSession, Issuer, NewPatient},
    messaging::{InboxFilter, Status, Topic},
};
use sea_orm::EntityTrait;

use crate::support::{Clinic, meta, outside_validator};

async fn patient(c: &Clinic, given: &str, birth_date: &str) -> (CurrentSession, String) {
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
    let session = c.enrol(code.code.expose(), birth_date).await;
    let id = session.account.patient_id.clone().unwrap();
    (session, id)
}

async fn caregiver(
    c: &Clinic,
    by: &CurrentSession,
    patient_id: &str,
    name: &str,
    scopes: &[&str],
) -> CurrentSession {
    let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
    let invited = c
        .invite_caregiver(
            by,
            patient_id,
            NewCaregiver::parse(
                name,
                "",
                "Family",
                &scopes,
                "",
                c.identity.now().date_naive(),
            )
            .unwrap(),
            &meta(),
        )
        .await
        .unwrap();
    c.enrol(invited.code.expose(), "").await
}

async fn inbox(
    c: &Clinic,
    staff: &CurrentSession,
) -> Vec<portico_domain::messaging::ConversationLine> {
    let permit = c
        .access
        .authorize_clinic(Some(staff), ClinicTask::WorkInbox, "staff/inbox", &meta())
        .await
        .unwrap();
    c.messaging
        .inbox(&permit, &InboxFilter::default(), &meta())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_question_goes_to_the_clinicians_who_answer_and_notes_never_reach_the_patient() {
    let c = Clinic::new().await;
    let (ana, ana_id) = patient(&c, "Ana", "1970-05-01").await;
    let doctor = c.staff("Dr Jordan Lee", "clinician").await;
    let desk = c.staff("Fran Desk", "front-desk").await;
    let billing = c.staff("Bill Office", "billing").await;
    let write = c.messages(&ana, &ana_id, Mode::Write).await.unwrap();
    let id = c
        .messaging
        .start(
            &write,
            Topic::Medical,
            "Knee pain",
            "My knee still hurts on the stairs.",
            &meta(),
        )
        .await
        .unwrap();
    assert!(c.audited("message.start", "success", Some("self")).await);

    // Routed to the clinicians' pool: the front desk and billing never see it.
    let lines = inbox(&c, &doctor).await;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].subject, "Knee pain");
    assert_eq!(lines[0].patient_name.as_deref(), Some("Ana Tester"));
    assert!(lines[0].unread);
    assert!(inbox(&c, &desk).await.is_empty());
    assert!(inbox(&c, &billing).await.is_empty());
    let on_ana = c.messages(&desk, &ana_id, Mode::Read).await.unwrap();
    assert!(
        c.messaging
            .conversations(&on_ana, &meta())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        c.messaging.thread(&on_ana, &id, &meta()).await,
        Err(DomainError::NotFound)
    ));

    // Not read yet; the clinician opens it, and the patient sees it was read.
    let read = c.messages(&ana, &ana_id, Mode::Read).await.unwrap();
    let mine = c.messaging.conversations(&read, &meta()).await.unwrap();
    assert!(!mine[0].read_by_clinic);
    let on_ana = c.messages(&doctor, &ana_id, Mode::Write).await.unwrap();
    c.messaging.thread(&on_ana, &id, &meta()).await.unwrap();
    let mine = c.messaging.conversations(&read, &meta()).await.unwrap();
    assert!(mine[0].read_by_clinic);
    assert!(!mine[0].unread);
    assert!(!inbox(&c, &doctor).await[0].unread);

    // The patient's access log says who read it.
    let log = c
        .access_log(
            &ana,
            &ana_id,
            portico_domain::access::AccessLogQuery::default(),
            &meta(),
        )
        .await
        .unwrap();
    assert!(
        log.entries
            .iter()
            .any(|e| e.who.to_string() == "Dr Jordan Lee (Clinician)"
                && e.what.to_string() == "Read a conversation"),
        "{:?}",
        log.entries
            .iter()
            .map(|e| (e.who.to_string(), e.what.to_string()))
            .collect::<Vec<_>>()
    );

    // An internal note and an answer: the patient's side sees only the answer.
    c.advance(Duration::minutes(5));
    c.messaging
        .reply(
            &on_ana,
            &id,
            "Check the X-ray from March first.",
            true,
            &meta(),
        )
        .await
        .unwrap();
    c.advance(Duration::minutes(1));
    c.messaging
        .reply(
            &on_ana,
            &id,
            "Rest it and use ice; come in if it swells.",
            false,
            &meta(),
        )
        .await
        .unwrap();
    let mine = c.messaging.conversations(&read, &meta()).await.unwrap();
    assert!(mine[0].unread);
    assert_eq!(mine[0].status, Status::Waiting);
    let thread = c.messaging.thread(&read, &id, &meta()).await.unwrap();
    let bodies: Vec<&str> = thread.messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(
        bodies,
        [
            "My knee still hurts on the stairs.",
            "Rest it and use ice; come in if it swells."
        ]
    );
    assert_eq!(thread.messages[0].author.to_string(), "You");
    assert_eq!(
        thread.messages[1].author.to_string(),
        "Dr Jordan Lee (Clinician)"
    );
    let staff_view = c.messaging.thread(&on_ana, &id, &meta()).await.unwrap();
    assert_eq!(staff_view.messages.len(), 3);
    assert!(staff_view.messages[1].internal);
    // The patient's side cannot write a note; bodies are sealed at rest.
    assert!(matches!(
        c.messaging.reply(&write, &id, "note", true, &meta()).await,
        Err(DomainError::Forbidden)
    ));
    for row in conversation_message::Entity::find()
        .all(&c.t.db)
        .await
        .unwrap()
    {
        assert!(!row.body.contains("knee") && !row.body.contains("X-ray"));
    }

    // The export holds the two messages as Communications, not the note; it validates.
    let (text, _) = c
        .export_record(&ana, &ana_id, "https://portal.example.org/fhir", &meta())
        .await
        .unwrap();
    assert_eq!(text.matches("\"Communication\"").count(), 2, "{text}");
    assert!(!text.contains("X-ray"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ana.json");
    std::fs::write(&path, &text).unwrap();
    let stdout = outside_validator("validate_fhir.py", &[path.as_os_str()]);
    assert!(stdout.starts_with("ok "), "{stdout}");

    // A reply from the patient reopens it; staff close it, and then it takes no more replies.
    c.messaging
        .reply(&write, &id, "Thank you, it is better.", false, &meta())
        .await
        .unwrap();
    assert_eq!(inbox(&c, &doctor).await[0].status, Status::Open);
    let err = c
        .messaging
        .update(&on_ana, &id, Status::Open, Some(&desk.account.id), &meta())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("works this pool"), "{err}");
    c.messaging
        .update(
            &on_ana,
            &id,
            Status::Closed,
            Some(&doctor.account.id),
            &meta(),
        )
        .await
        .unwrap();
    let err = c
        .messaging
        .reply(&write, &id, "One more thing", false, &meta())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("closed"), "{err}");
    assert!(
        inbox(&c, &doctor).await.is_empty(),
        "closed ones leave the inbox"
    );

    // Replies close 45 days after the last message.
    let later = c
        .messaging
        .start(
            &write,
            Topic::Billing,
            "A bill",
            "Why was I billed twice?",
            &meta(),
        )
        .await
        .unwrap();
    assert_eq!(inbox(&c, &billing).await.len(), 1);
    c.advance(Duration::days(46));
    let write = c.messages(&ana, &ana_id, Mode::Write).await.unwrap();
    let err = c
        .messaging
        .reply(&write, &later, "Any news?", false, &meta())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("45 days"), "{err}");
    // Bad input changes nothing.
    assert!(
        c.messaging
            .start(&write, Topic::Medical, "  ", "x", &meta())
            .await
            .is_err()
    );
    assert!(
        c.messaging
            .start(&write, Topic::Medical, "Hi", &"x".repeat(5001), &meta())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn caregivers_write_with_the_messages_scope_and_teens_keep_their_private_questions() {
    let c = Clinic::new().await;
    let (ana, ana_id) = patient(&c, "Ana", "1950-05-01").await;
    let helper = caregiver(&c, &ana, &ana_id, "Rita Helper", &["messages"]).await;
    let reader = caregiver(&c, &ana, &ana_id, "Rex Reader", &["records"]).await;
    let permit = c.messages(&helper, &ana_id, Mode::Write).await.unwrap();
    let id = c
        .messaging
        .start(
            &permit,
            Topic::Appointment,
            "Moving a visit",
            "Can Mum come on Friday?",
            &meta(),
        )
        .await
        .unwrap();
    let desk = c.staff("Fran Desk", "front-desk").await;
    let on_ana = c.messages(&desk, &ana_id, Mode::Read).await.unwrap();
    let thread = c.messaging.thread(&on_ana, &id, &meta()).await.unwrap();
    assert_eq!(
        thread.messages[0].author.to_string(),
        "Rita Helper (caregiver)"
    );
    assert!(matches!(
        c.messages(&reader, &ana_id, Mode::Read).await,
        Err(DomainError::Forbidden)
    ));

    // A teen writes a private question and a general one.
    let (tia, tia_id) = patient(&c, "Tia", "2012-02-01").await;
    let front = c.staff("Fran Two", "front-desk").await;
    let invited = c
        .invite_caregiver(
            &front,
            &tia_id,
            NewCaregiver::parse(
                "Parent Tester",
                "",
                "Mother",
                &["records".into(), "messages".into()],
                "",
                c.identity.now().date_naive(),
            )
            .unwrap(),
            &meta(),
        )
        .await
        .unwrap();
    let parent = c.enrol(invited.code.expose(), "").await;
    let own = c.messages(&tia, &tia_id, Mode::Write).await.unwrap();
    let private = c
        .messaging
        .start(
            &own,
            Topic::Private,
            "A private question",
            "About my mood lately.",
            &meta(),
        )
        .await
        .unwrap();
    c.messaging
        .start(
            &own,
            Topic::Medical,
            "Sports form",
            "Can you sign my form?",
            &meta(),
        )
        .await
        .unwrap();
    // By default a guardian of an adolescent keeps no messages at all.
    assert!(matches!(
        c.messages(&parent, &tia_id, Mode::Read).await,
        Err(DomainError::Forbidden)
    ));
    // A clinic that lets them keep messages: still never the private question.
    let rules = AgeRules {
        adolescent_guardian_scopes: Scopes::new([Scope::Records, Scope::Messages]),
        ..AgeRules::default()
    };
    rules::save_age_rules(&c.t.db, &rules, c.identity.now())
        .await
        .unwrap();
    let theirs = c.messages(&parent, &tia_id, Mode::Read).await.unwrap();
    let lines = c.messaging.conversations(&theirs, &meta()).await.unwrap();
    assert_eq!(
        lines.iter().map(|l| l.subject.as_str()).collect::<Vec<_>>(),
        ["Sports form"]
    );
    assert!(matches!(
        c.messaging.thread(&theirs, &private, &meta()).await,
        Err(DomainError::NotFound)
    ));
    let (text, _) = c
        .export_record(&parent, &tia_id, "https://portal.example.org/fhir", &meta())
        .await
        .unwrap();
    assert!(!text.contains("mood"), "{text}");
    // The clinicians see both.
    let doctor = c.staff("Dr Jordan Lee", "clinician").await;
    assert_eq!(inbox(&c, &doctor).await.len(), 2);
}

#[tokio::test]
async fn the_patient_hears_of_answers_at_most_once_an_hour_without_any_detail() {
    let c = Clinic::new().await;
    let new = NewPatient::parse(
        "Ana",
        "Tester",
        "1970-05-01",
        "ana@example.org",
        c.identity.now().date_naive(),
    )
    .unwrap();
    let code = c
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    let ana = c.enrol(code.code.expose(), "1970-05-01").await;
    let ana_id = ana.account.patient_id.clone().unwrap();
    let doctor = c.staff("Dr Jordan Lee", "clinician").await;
    let write = c.messages(&ana, &ana_id, Mode::Write).await.unwrap();
    let id = c
        .messaging
        .start(&write, Topic::Medical, "Rash", "A rash on my arm.", &meta())
        .await
        .unwrap();
    let mail = async || {
        portico_domain::notify::messages_to(&c.t.db, c.identity.vault(), "ana@example.org")
            .await
            .unwrap()
    };
    let on_ana = c.messages(&doctor, &ana_id, Mode::Write).await.unwrap();
    // Two answers and a note within the hour: one e-mail.
    c.messaging
        .reply(&on_ana, &id, "Send a photo, please.", false, &meta())
        .await
        .unwrap();
    c.advance(Duration::minutes(20));
    c.messaging
        .reply(&on_ana, &id, "Looks like eczema to me.", true, &meta())
        .await
        .unwrap();
    c.messaging
        .reply(&on_ana, &id, "And keep it dry.", false, &meta())
        .await
        .unwrap();
    let sent = mail().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].subject, "You have a new message in Portico");
    for secret in ["Rash", "photo", "eczema", "Jordan", "Lee"] {
        assert!(
            !sent[0].body.contains(secret),
            "{secret} in {}",
            sent[0].body
        );
    }
    // An hour later, the next answer e-mails again; the patient's own replies never do.
    c.advance(Duration::minutes(41));
    c.messaging
        .reply(&write, &id, "Thank you.", false, &meta())
        .await
        .unwrap();
    assert_eq!(mail().await.len(), 1);
    c.messaging
        .reply(&on_ana, &id, "You are welcome.", false, &meta())
        .await
        .unwrap();
    assert_eq!(mail().await.len(), 2);
    // Turned off: no more.
    c.identity
        .set_notice_preference(
            &ana,
            portico_domain::notify::Optional::ClinicNews,
            false,
            &meta(),
        )
        .await
        .unwrap();
    c.advance(Duration::hours(2));
    c.messaging
        .reply(&on_ana, &id, "One more thing.", false, &meta())
        .await
        .unwrap();
    assert_eq!(mail().await.len(), 2);
}

#[tokio::test]
async fn files_are_checked_by_their_bytes_cleaned_and_only_the_conversations_readers_open_them() {
    use portico_domain::{
        entities::message_attachment,
        messaging::{AttachmentLimits, FileKind, Upload},
    };
    use sea_orm::PaginatorTrait;
    let c = Clinic::new().await;
    let (ana, ana_id) = patient(&c, "Ana", "1970-05-01").await;
    let doctor = c.staff("Dr Jordan Lee", "clinician").await;
    let desk = c.staff("Fran Desk", "front-desk").await;
    let write = c.messages(&ana, &ana_id, Mode::Write).await.unwrap();
    let id = c
        .messaging
        .start(&write, Topic::Medical, "Rash", "A rash on my arm.", &meta())
        .await
        .unwrap();
    let mut photo = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(40, 30)
        .write_to(&mut photo, image::ImageFormat::Png)
        .unwrap();
    let letter = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".to_vec();
    let stored = async || {
        message_attachment::Entity::find()
            .count(&c.t.db)
            .await
            .unwrap()
    };

    // An HTML page named .png among good files: refused, and nothing of the message is stored.
    let bad = vec![
        Upload {
            name: "rash.jpg".into(),
            bytes: photo.get_ref().clone(),
        },
        Upload {
            name: "page.png".into(),
            bytes: b"<!doctype html><script>alert(1)</script>".to_vec(),
        },
    ];
    let err = c
        .messaging
        .send_files(&write, &id, "", bad, AttachmentLimits::default(), &meta())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("page.png") && err.contains("not a PDF, JPEG or PNG"),
        "{err}"
    );
    assert_eq!(stored().await, 0);
    let read = c.messages(&ana, &ana_id, Mode::Read).await.unwrap();
    assert_eq!(
        c.messaging
            .thread(&read, &id, &meta())
            .await
            .unwrap()
            .messages
            .len(),
        1
    );

    // A minute later, a photo (a PNG named .jpg) and a letter go; the photo is saved as what it is.
    c.advance(Duration::minutes(1));
    let good = vec![
        Upload {
            name: "rash.jpg".into(),
            bytes: photo.into_inner(),
        },
        Upload {
            name: "letter.pdf".into(),
            bytes: letter.clone(),
        },
    ];
    c.messaging
        .send_files(
            &write,
            &id,
            "Photo from this morning",
            good,
            AttachmentLimits::default(),
            &meta(),
        )
        .await
        .unwrap();
    assert_eq!(stored().await, 2);
    let thread = c.messaging.thread(&read, &id, &meta()).await.unwrap();
    let sent = thread.messages.last().unwrap();
    assert_eq!(sent.body, "Photo from this morning");
    let names: Vec<&str> = sent.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["rash.png", "letter.pdf"]);

    // The clinician opens them; the front desk (another pool) cannot; they are sealed at rest.
    let on_ana = c.messages(&doctor, &ana_id, Mode::Read).await.unwrap();
    let (name, kind, bytes) = c
        .messaging
        .attachment(&on_ana, &id, &sent.attachments[1].id, &meta())
        .await
        .unwrap();
    assert_eq!((name.as_str(), kind), ("letter.pdf", FileKind::Pdf));
    assert_eq!(bytes, letter);
    assert!(
        c.audit()
            .await
            .iter()
            .any(|e| e.action == "message.attachment" && e.outcome == "success")
    );
    let desk_on_ana = c.messages(&desk, &ana_id, Mode::Read).await.unwrap();
    assert!(matches!(
        c.messaging
            .attachment(&desk_on_ana, &id, &sent.attachments[1].id, &meta())
            .await,
        Err(DomainError::NotFound)
    ));
    for row in message_attachment::Entity::find()
        .all(&c.t.db)
        .await
        .unwrap()
    {
        assert!(!row.name.contains("letter") && !row.name.contains("rash"));
        assert!(portico_domain::vault::is_sealed(&row.data));
    }

    // The export names the files and validates.
    let (text, _) = c
        .export_record(&ana, &ana_id, "https://portal.example.org/fhir", &meta())
        .await
        .unwrap();
    assert!(text.contains("\"contentAttachment\""), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ana.json");
    std::fs::write(&path, &text).unwrap();
    let stdout = outside_validator("validate_fhir.py", &[path.as_os_str()]);
    assert!(stdout.starts_with("ok "), "{stdout}");

    // Without a caption Portico writes one for the sender, in the language they chose; a refusal
    // is said in the reader's.
    use portico_domain::i18n::Locale;
    c.identity
        .set_language(&ana, Locale::Es, &meta())
        .await
        .unwrap();
    c.advance(Duration::minutes(1));
    let one = vec![Upload {
        name: "note.pdf".into(),
        bytes: letter.clone(),
    }];
    c.messaging
        .send_files(&write, &id, "  ", one, AttachmentLimits::default(), &meta())
        .await
        .unwrap();
    let thread = c.messaging.thread(&read, &id, &meta()).await.unwrap();
    assert_eq!(thread.messages.last().unwrap().body, "Envió un archivo.");
    let empty = vec![Upload {
        name: "empty.pdf".into(),
        bytes: Vec::new(),
    }];
    match c
        .messaging
        .send_files(&write, &id, "", empty, AttachmentLimits::default(), &meta())
        .await
    {
        Err(DomainError::Validation { field, message }) => {
            assert_eq!(field, "files");
            assert_eq!(message.to_string(), "empty.pdf: the file is empty");
            assert_eq!(
                message.in_language(Locale::Es),
                "empty.pdf: el archivo está vacío"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn staff_get_a_daily_digest_of_unread_conversations_with_a_count_only() {
    use portico_domain::identity::NewStaff;
    let c = Clinic::new().await;
    let (ana, ana_id) = patient(&c, "Ana", "1970-05-01").await;
    let invite = async |name: &str, email: &str, role: &str| {
        let code = c
            .identity
            .invite_staff(
                Issuer::CommandLine,
                NewStaff::parse(name, email, role).unwrap(),
                &RequestMeta::cli(),
            )
            .await
            .unwrap();
        c.enrol(code.code.expose(), "").await
    };
    let doctor = invite("Dr Jordan Lee", "lee@clinic.example", "clinician").await;
    invite("Fran Desk", "desk@clinic.example", "front-desk").await;
    let digests = async |address: &str| {
        portico_domain::notify::messages_to(&c.t.db, c.identity.vault(), address)
            .await
            .unwrap()
    };
    // Nothing waits: nothing is sent.
    assert_eq!(c.messaging.send_staff_digests().await.unwrap(), 0);

    let write = c.messages(&ana, &ana_id, Mode::Write).await.unwrap();
    let id = c
        .messaging
        .start(
            &write,
            Topic::Medical,
            "Knee pain",
            "My knee hurts.",
            &meta(),
        )
        .await
        .unwrap();
    assert_eq!(c.messaging.send_staff_digests().await.unwrap(), 1);
    let sent = digests("lee@clinic.example").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].subject,
        "A conversation waits in your Portico inbox"
    );
    for secret in ["Knee", "Ana", "Tester"] {
        assert!(
            !sent[0].body.contains(secret),
            "{secret} in {}",
            sent[0].body
        );
    }
    // Not the front desk's pool; and not again within the day.
    assert!(digests("desk@clinic.example").await.is_empty());
    c.advance(Duration::hours(5));
    assert_eq!(c.messaging.send_staff_digests().await.unwrap(), 0);
    // A day later it still waits: once more.
    c.advance(Duration::hours(20));
    assert_eq!(c.messaging.send_staff_digests().await.unwrap(), 1);
    // Read, then nothing; turned off, nothing either.
    c.advance(Duration::hours(25));
    let on_ana = c.messages(&doctor, &ana_id, Mode::Read).await.unwrap();
    c.messaging.thread(&on_ana, &id, &meta()).await.unwrap();
    assert_eq!(c.messaging.send_staff_digests().await.unwrap(), 0);
    c.messaging
        .reply(&write, &id, "Still hurts.", false, &meta())
        .await
        .unwrap();
    c.identity
        .set_notice_preference(
            &doctor,
            portico_domain::notify::Optional::StaffDigest,
            false,
            &meta(),
        )
        .await
        .unwrap();
    assert_eq!(c.messaging.send_staff_digests().await.unwrap(), 0);
    assert_eq!(digests("lee@clinic.example").await.len(), 2);
    // Patients are not offered the digest.
    let offered: Vec<_> = c
        .identity
        .notice_preferences(&ana)
        .await
        .unwrap()
        .into_iter()
        .map(|(kind, _)| kind)
        .collect();
    assert!(!offered.contains(&portico_domain::notify::Optional::StaffDigest));
}

#[tokio::test]
async fn the_inbox_filters_by_how_long_a_conversation_has_waited() {
    let c = Clinic::new().await;
    let (ana, ana_id) = patient(&c, "Ana", "1970-05-01").await;
    let doctor = c.staff("Dr Jordan Lee", "clinician").await;
    let write = c.messages(&ana, &ana_id, Mode::Write).await.unwrap();
    c.messaging
        .start(
            &write,
            Topic::Medical,
            "Old question",
            "Asked long ago.",
            &meta(),
        )
        .await
        .unwrap();
    c.advance(Duration::days(4));
    c.messaging
        .start(
            &write,
            Topic::Medical,
            "New question",
            "Asked today.",
            &meta(),
        )
        .await
        .unwrap();
    let permit = c
        .access
        .authorize_clinic(Some(&doctor), ClinicTask::WorkInbox, "staff/inbox", &meta())
        .await
        .unwrap();
    let subjects = async |days: Option<i64>| {
        let filter = InboxFilter {
            older_than_days: days,
            ..InboxFilter::default()
        };
        c.messaging
            .inbox(&permit, &filter, &meta())
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.subject)
            .collect::<Vec<_>>()
    };
    assert_eq!(subjects(None).await, ["New question", "Old question"]);
    assert_eq!(subjects(Some(3)).await, ["Old question"]);
    assert!(subjects(Some(7)).await.is_empty());
}
