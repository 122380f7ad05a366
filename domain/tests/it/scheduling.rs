//! Scheduling: slots in the clinic's zone across daylight saving, the online booking rules,
//! races for one slot, reschedules, caregivers and guardians, and the audit of every step.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use portico_domain::{
    DomainError,
    access::{AgeRules, Mode, Scope, Scopes, rules},
    audit::RequestMeta,
    entities::{appointment, appointment_reminder, sched_slot},
    i18n::Locale,
    identity::{CurrentSession, Issuer, NewPatient},
    scheduling::{
        Booking, CheckInAnswers, ClinicZone, Configurer, HoursChange, Marking, NewClinician,
        NewException, NewLocation, NewTemplate, OnlineBooking, OpenTime, VisitTypeRules,
    },
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::support::{Clinic, meta, outside_validator};

struct Schedule {
    clinician: String,
    location: String,
}

fn visit_type(id: &str, minutes: u32, booking: OnlineBooking) -> VisitTypeRules {
    VisitTypeRules {
        id: id.into(),
        name: match id {
            "follow-up" => "Follow-up".into(),
            "new-patient" => "New patient".into(),
            _ => "Annual physical".into(),
        },
        minutes,
        booking,
        established_months: 24,
        min_lead_minutes: 120,
        horizon_days: 120,
        cancel_cutoff_hours: 24,
        instructions: Some("Bring your medicines".into()),
        questionnaires: match id {
            "physical" => vec!["general".into(), "phq-2".into()],
            _ => vec!["general".into()],
        },
    }
}

/// New York hours, Monday to Friday 9:00–12:00 in 20-minute slots, for three visit types.
async fn schedule(c: &Clinic) -> Schedule {
    let s = &c.scheduling;
    let cli = || Configurer::CommandLine;
    s.set_time_zone(
        cli(),
        &ClinicZone::parse("America/New_York").unwrap(),
        &meta(),
    )
    .await
    .unwrap();
    for rules in [
        visit_type("follow-up", 20, OnlineBooking::Anyone),
        visit_type("new-patient", 40, OnlineBooking::Anyone),
        visit_type("physical", 40, OnlineBooking::Staff),
    ] {
        s.save_visit_type(cli(), rules, &meta()).await.unwrap();
    }
    let clinician = s
        .add_clinician(
            cli(),
            NewClinician {
                name: "Dr Ada Osei".into(),
                title: Some("Family physician".into()),
                account_id: None,
            },
            &meta(),
        )
        .await
        .unwrap();
    let location = s
        .add_location(
            cli(),
            NewLocation {
                name: "Elm Street".into(),
                address: "12 Elm Street\nSpringfield".into(),
                phone: Some("+1 555 010 2000".into()),
                directions: None,
            },
            &meta(),
        )
        .await
        .unwrap();
    for weekday in 1..=5 {
        s.add_template(
            cli(),
            NewTemplate {
                clinician_id: clinician.clone(),
                location_id: location.clone(),
                weekday,
                start_minute: 9 * 60,
                end_minute: 12 * 60,
                slot_minutes: 20,
                visit_types: vec!["follow-up".into(), "new-patient".into(), "physical".into()],
                valid_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                valid_until: None,
            },
            &meta(),
        )
        .await
        .unwrap();
    }
    Schedule {
        clinician,
        location,
    }
}

async fn patient(c: &Clinic, given: &str, birth_date: &str) -> CurrentSession {
    patient_at(c, given, birth_date, "").await
}

/// A patient with an e-mail address.
async fn patient_at(c: &Clinic, given: &str, birth_date: &str, email: &str) -> CurrentSession {
    let new = NewPatient::parse(
        given,
        "Tester",
        birth_date,
        email,
        c.identity.now().date_naive(),
    )
    .unwrap();
    let code = c
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    c.enrol(code.code.expose(), birth_date).await
}

fn id(session: &CurrentSession) -> String {
    session.account.patient_id.clone().unwrap()
}

/// The open times of `visit` on the clinic's `day`.
async fn open(
    c: &Clinic,
    who: &CurrentSession,
    patient: &str,
    visit: &str,
    day: NaiveDate,
) -> Vec<OpenTime> {
    let permit = c.appointments(who, patient, Mode::Read).await.unwrap();
    c.scheduling
        .openings(&permit, visit, None, Some(day), 1, Locale::En)
        .await
        .unwrap()
        .into_iter()
        .flat_map(|d| d.times.into_iter().map(|(t, _)| t))
        .collect()
}

async fn book(
    c: &Clinic,
    who: &CurrentSession,
    patient: &str,
    visit: &str,
    slot: &str,
) -> Result<String, DomainError> {
    let permit = c.appointments(who, patient, Mode::Write).await?;
    c.scheduling
        .book(
            &permit,
            Booking {
                visit_type_id: visit.into(),
                slot_id: slot.into(),
                reason: Some("Knee still hurts".into()),
            },
            &meta(),
        )
        .await
        .map(|b| b.appointment_id)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn slots_keep_the_clinics_wall_clock_across_a_daylight_saving_change() {
    let c = Clinic::new().await;
    let ids = schedule(&c).await;
    let slots = sched_slot::Entity::find()
        .filter(sched_slot::Column::ClinicianId.eq(ids.clinician.clone()))
        .all(&c.t.db)
        .await
        .unwrap();
    let first_at = |d: NaiveDate| {
        slots
            .iter()
            .filter(|s| s.start_at.date_naive() == d)
            .map(|s| s.start_at)
            .min()
            .unwrap()
    };
    // 9:00 in New York is 14:00 UTC in winter and 13:00 UTC after clocks go forward on
    // 14 March 2027.
    assert_eq!(
        first_at(day(2027, 3, 12)).to_rfc3339(),
        "2027-03-12T14:00:00+00:00"
    );
    assert_eq!(
        first_at(day(2027, 3, 15)).to_rfc3339(),
        "2027-03-15T13:00:00+00:00"
    );
    // Nine 20-minute slots a weekday, none at weekends, none before now (Sunday 22 Nov 2026).
    assert_eq!(
        slots
            .iter()
            .filter(|s| s.start_at.date_naive() == day(2027, 3, 15))
            .count(),
        9
    );
    assert!(
        !slots
            .iter()
            .any(|s| s.start_at.date_naive() == day(2027, 3, 13))
    );
    assert!(slots.iter().all(|s| s.start_at >= c.scheduling.now()));
    // Laying out again adds nothing.
    assert_eq!(c.scheduling.generate_slots(None).await.unwrap(), 0);
    // The page's labels are the clinic's.
    let ana = patient(&c, "Ana", "1970-05-01").await;
    let times = open(&c, &ana, &id(&ana), "follow-up", day(2027, 3, 15)).await;
    let permit = c.appointments(&ana, &id(&ana), Mode::Read).await.unwrap();
    let openings = |locale| {
        c.scheduling.openings(
            &permit,
            "follow-up",
            None,
            Some(day(2027, 3, 15)),
            1,
            locale,
        )
    };
    let days = openings(Locale::En).await.unwrap();
    assert_eq!(days[0].label, "Mon 15 Mar 2027");
    assert_eq!(days[0].times[0].1, "9:00 AM");
    // In the language the page asks in.
    let spanish = openings(Locale::Es).await.unwrap();
    assert_eq!(spanish[0].label, "lun 15 mar 2027");
    assert_eq!(spanish[0].times[0].1, "9:00");
    assert_eq!(times.len(), 9);
    // A 40-minute visit needs two back-to-back slots: the last start is 11:00.
    let long = open(&c, &ana, &id(&ana), "new-patient", day(2027, 3, 15)).await;
    assert_eq!(long.len(), 8);
    assert_eq!(
        long.last().unwrap().start.to_rfc3339(),
        "2027-03-15T15:20:00+00:00"
    );
    let _ = ids.location;
}

#[tokio::test]
async fn online_booking_keeps_to_lead_time_horizon_visit_type_and_cut_off() {
    let c = Clinic::new().await;
    schedule(&c).await;
    let ana = patient(&c, "Ana", "1970-05-01").await;
    let ana_id = id(&ana);
    // Monday 23 November: 9:00 New York is 14:00 UTC, 29 hours from now (9:00 UTC Sunday).
    let monday = open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 23)).await;
    assert_eq!(monday.len(), 9);
    // Within the two-hour lead time: not offered, and refused if asked for anyway.
    c.advance(Duration::hours(28));
    let soon = open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 23)).await;
    assert_eq!(
        soon.first().unwrap().start.to_rfc3339(),
        "2026-11-23T15:00:00+00:00"
    );
    let err = book(&c, &ana, &ana_id, "follow-up", &monday[0].slot_id)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DomainError::Validation { field: "slot", .. }),
        "{err:?}"
    );
    // Nothing was taken by the refused booking.
    let still = open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 23)).await;
    assert_eq!(still.len(), soon.len());
    // Beyond the 120-day horizon: no times.
    let far = c.scheduling.now().date_naive() + Duration::days(130);
    assert!(open(&c, &ana, &ana_id, "follow-up", far).await.is_empty());
    // A visit type the clinic books: a request instead.
    let permit = c.appointments(&ana, &ana_id, Mode::Read).await.unwrap();
    let choices = c.scheduling.booking_choices(&permit).await.unwrap();
    let physical = choices
        .iter()
        .find(|v| v.visit_type.id == "physical")
        .unwrap();
    let refusal = physical.refusal.as_ref().unwrap();
    assert!(refusal.to_string().contains("send a request"));
    // Said in the reader's language where it is shown.
    let spanish = refusal.in_language(Locale::Es);
    assert_ne!(spanish, refusal.to_string());
    assert!(spanish.contains("envíe una solicitud"), "{spanish}");
    let err = book(&c, &ana, &ana_id, "physical", &still[0].slot_id)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        DomainError::Validation {
            field: "visit_type",
            ..
        }
    ));
    let permit = c.appointments(&ana, &ana_id, Mode::Write).await.unwrap();
    let request = c
        .scheduling
        .request(
            &permit,
            "physical",
            &["Tuesday mornings".into()],
            None,
            &meta(),
        )
        .await
        .unwrap();

    // Booked for Wednesday 9:00; cancelling within 24 hours of it is "call the clinic".
    let wednesday = open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 25)).await;
    let visit = book(&c, &ana, &ana_id, "follow-up", &wednesday[0].slot_id)
        .await
        .unwrap();
    c.advance(Duration::hours(26));
    let permit = c.appointments(&ana, &ana_id, Mode::Write).await.unwrap();
    let err = c
        .scheduling
        .cancel(&permit, &visit, None, &meta())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("call the clinic"), "{err}");
    // The front desk may, and the cancellation is recorded as late; the time opens again.
    let front = c.staff("Fran Desk", "front-desk").await;
    let desk = c.appointments(&front, &ana_id, Mode::Write).await.unwrap();
    c.scheduling
        .cancel(&desk, &visit, Some("Patient phoned".into()), &meta())
        .await
        .unwrap();
    let row = appointment::Entity::find_by_id(visit.clone())
        .one(&c.t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.status.as_str(), row.late), ("cancelled", true));
    assert_eq!(row.cancelled_by.as_deref(), Some(front.account.id.as_str()));
    assert!(!row.cancel_reason.unwrap().contains("phoned"), "sealed");
    assert_eq!(
        open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 25))
            .await
            .len(),
        9
    );
    // The front desk books the request into a time the patient then confirms.
    let booked = c
        .scheduling
        .book_request(&desk, &request, &wednesday[3].slot_id, &meta())
        .await
        .unwrap();
    let permit = c.appointments(&ana, &ana_id, Mode::Write).await.unwrap();
    let list = c.scheduling.appointments(&permit, &meta()).await.unwrap();
    assert!(list.requests.is_empty());
    let upcoming = list
        .upcoming
        .iter()
        .find(|a| a.id == booked.appointment_id)
        .unwrap();
    assert!(upcoming.needs_confirmation && upcoming.booked_by_clinic);
    assert_eq!(upcoming.time.as_deref(), Some("10:00 AM"));
    c.scheduling
        .confirm(&permit, &booked.appointment_id, &meta())
        .await
        .unwrap();
    let list = c.scheduling.appointments(&permit, &meta()).await.unwrap();
    assert!(!list.upcoming[0].needs_confirmation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_people_racing_for_one_time_make_exactly_one_booking() {
    let c = Clinic::new().await;
    schedule(&c).await;
    let ana = patient(&c, "Ana", "1970-05-01").await;
    let ana_id = id(&ana);
    let times = open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 30)).await;
    let slot = times[0].slot_id.clone();
    let mut racers = Vec::new();
    for n in 0..20 {
        let who = patient(&c, &format!("Racer{n}"), "1980-01-01").await;
        let permit = c.appointments(&who, &id(&who), Mode::Write).await.unwrap();
        racers.push(permit);
    }
    let tasks: Vec<_> = racers
        .into_iter()
        .map(|permit| {
            let scheduling = c.scheduling.clone();
            let slot = slot.clone();
            tokio::spawn(async move {
                scheduling
                    .book(
                        &permit,
                        Booking {
                            visit_type_id: "follow-up".into(),
                            slot_id: slot,
                            reason: None,
                        },
                        &meta(),
                    )
                    .await
            })
        })
        .collect();
    let mut won = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(DomainError::Conflict(message)) => assert!(message.contains("just taken")),
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(won, 1);
    let booked = appointment::Entity::find()
        .filter(appointment::Column::SlotId.eq(slot.clone()))
        .count(&c.t.db)
        .await
        .unwrap();
    assert_eq!(booked, 1);
    // A 40-minute visit over a time whose second half is taken is refused too.
    let err = book(&c, &ana, &ana_id, "new-patient", &times[0].slot_id)
        .await
        .unwrap_err();
    assert!(matches!(err, DomainError::Conflict(_)));
}

#[tokio::test]
async fn a_reschedule_takes_the_new_time_before_it_lets_go_of_the_old() {
    let c = Clinic::new().await;
    schedule(&c).await;
    let ana = patient(&c, "Ana", "1970-05-01").await;
    let ben = patient(&c, "Ben", "1971-05-01").await;
    let (ana_id, ben_id) = (id(&ana), id(&ben));
    let times = open(&c, &ana, &ana_id, "follow-up", day(2026, 12, 1)).await;
    let visit = book(&c, &ana, &ana_id, "follow-up", &times[0].slot_id)
        .await
        .unwrap();
    book(&c, &ben, &ben_id, "follow-up", &times[1].slot_id)
        .await
        .unwrap();

    // Moving onto Ben's time fails and leaves Ana where she was.
    let permit = c.appointments(&ana, &ana_id, Mode::Write).await.unwrap();
    let err = c
        .scheduling
        .reschedule(&permit, &visit, &times[1].slot_id, &meta())
        .await
        .unwrap_err();
    assert!(matches!(err, DomainError::Conflict(_)));
    let slot = |id: String| async {
        sched_slot::Entity::find_by_id(id)
            .one(&c.t.db)
            .await
            .unwrap()
            .unwrap()
    };
    assert_eq!(
        slot(times[0].slot_id.clone())
            .await
            .appointment_id
            .as_deref(),
        Some(visit.as_str())
    );

    // Moving to a free time: the old time is free again, and the history says what happened.
    let moved = c
        .scheduling
        .reschedule(&permit, &visit, &times[4].slot_id, &meta())
        .await
        .unwrap();
    assert_eq!(slot(times[0].slot_id.clone()).await.status, "free");
    assert_eq!(slot(times[4].slot_id.clone()).await.status, "busy");
    let old = appointment::Entity::find_by_id(visit.clone())
        .one(&c.t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(old.status, "cancelled");
    assert_eq!(
        old.rescheduled_to.as_deref(),
        Some(moved.appointment_id.as_str())
    );
    let detail = c
        .scheduling
        .appointment(&permit, &moved.appointment_id, &meta())
        .await
        .unwrap();
    assert_eq!(detail.reason.as_deref(), Some("Knee still hurts"));
    assert_eq!(detail.rescheduled_from.as_deref(), Some(visit.as_str()));
    // Reminders follow the visit: none left for the old one, 3 days and 1 day before the new.
    let reminders = |id: String| async {
        appointment_reminder::Entity::find()
            .filter(appointment_reminder::Column::AppointmentId.eq(id))
            .count(&c.t.db)
            .await
            .unwrap()
    };
    assert_eq!(reminders(visit.clone()).await, 0);
    assert_eq!(reminders(moved.appointment_id.clone()).await, 2);
    for action in [
        "appointment.book",
        "appointment.reschedule",
        "appointment.view",
    ] {
        assert!(c.audited(action, "success", Some("self")).await, "{action}");
    }
}

#[tokio::test]
async fn caregivers_book_with_the_appointments_scope_and_the_clinic_marks_the_day() {
    let c = Clinic::new().await;
    schedule(&c).await;
    let today = c.identity.now().date_naive();
    // A child with a guardian the clinic set up, and an adult whose carer may only read records.
    let sam = patient(&c, "Sam", "2016-02-01").await;
    let sam_id = id(&sam);
    let front = c.staff("Fran Desk", "front-desk").await;
    let invited = c
        .invite_caregiver(
            &front,
            &sam_id,
            portico_domain::access::NewCaregiver::parse(
                "Parent Tester",
                "",
                "Mother",
                &["records".into(), "appointments".into()],
                "",
                today,
            )
            .unwrap(),
            &meta(),
        )
        .await
        .unwrap();
    let parent = c.enrol(invited.code.expose(), "").await;
    let times = open(&c, &parent, &sam_id, "follow-up", day(2026, 12, 2)).await;
    let visit = book(&c, &parent, &sam_id, "follow-up", &times[0].slot_id)
        .await
        .unwrap();
    assert!(
        c.audited("appointment.book", "success", Some("guardian"))
            .await
    );
    let row = appointment::Entity::find_by_id(visit.clone())
        .one(&c.t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.booked_by.as_deref(), Some(parent.account.id.as_str()));
    assert!(!row.booked_by_clinic);

    let ana = patient(&c, "Ana", "1950-05-01").await;
    let ana_id = id(&ana);
    let invited = c
        .invite_caregiver(
            &ana,
            &ana_id,
            portico_domain::access::NewCaregiver::parse(
                "Bea Carer",
                "",
                "Daughter",
                &["records".into()],
                "",
                today,
            )
            .unwrap(),
            &meta(),
        )
        .await
        .unwrap();
    let bea = c.enrol(invited.code.expose(), "").await;
    assert!(matches!(
        c.appointments(&bea, &ana_id, Mode::Read).await,
        Err(DomainError::Forbidden)
    ));
    // A clinic that keeps appointments from adolescents' guardians: at 12, the parent loses them.
    let rules = AgeRules {
        adolescent_guardian_scopes: Scopes::new([Scope::Records]),
        ..AgeRules::default()
    };
    rules::save_age_rules(&c.t.db, &rules, c.identity.now())
        .await
        .unwrap();
    c.advance(Duration::days(800));
    assert!(matches!(
        c.appointments(&parent, &sam_id, Mode::Read).await,
        Err(DomainError::Forbidden)
    ));

    // The front desk's day: Sam's visit, marked arrived, then seen.
    let c2 = Clinic::new().await;
    schedule(&c2).await;
    let kim = patient(&c2, "Kim", "1990-01-01").await;
    let kim_id = id(&kim);
    let desk = c2.staff("Fran Desk", "front-desk").await;
    let times = open(&c2, &kim, &kim_id, "follow-up", day(2026, 11, 24)).await;
    let visit = book(&c2, &kim, &kim_id, "follow-up", &times[2].slot_id)
        .await
        .unwrap();
    let permit = c2
        .access
        .authorize_clinic(
            Some(&desk),
            portico_domain::access::ClinicTask::ViewSchedule,
            "staff/schedule",
            &meta(),
        )
        .await
        .unwrap();
    let day_list = c2
        .scheduling
        .schedule(
            &permit,
            day(2026, 11, 24),
            1,
            None,
            None,
            Locale::En,
            &meta(),
        )
        .await
        .unwrap();
    assert_eq!(day_list.len(), 1);
    assert_eq!(day_list[0].patient_name, "Kim Tester");
    assert_eq!(day_list[0].appointment.time.as_deref(), Some("9:40 AM"));
    let on_kim = c2.appointments(&desk, &kim_id, Mode::Write).await.unwrap();
    let err = c2
        .scheduling
        .mark(&on_kim, &visit, Marking::NoShow, &meta())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("once it has begun"));
    c2.advance(Duration::hours(53));
    c2.scheduling
        .mark(&on_kim, &visit, Marking::Arrived, &meta())
        .await
        .unwrap();
    c2.scheduling
        .mark(&on_kim, &visit, Marking::Fulfilled, &meta())
        .await
        .unwrap();
    assert!(
        c2.audited("appointment.arrived", "success", Some("staff"))
            .await
    );
    // A patient cannot mark their own arrival.
    let own = c2.appointments(&kim, &kim_id, Mode::Write).await.unwrap();
    assert!(matches!(
        c2.scheduling
            .mark(&own, &visit, Marking::Arrived, &meta())
            .await,
        Err(DomainError::Forbidden)
    ));
    let _ = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0);
}

#[tokio::test]
async fn time_off_blocks_free_slots_and_extra_hours_add_some() {
    let c = Clinic::new().await;
    let ids = schedule(&c).await;
    let ana = patient(&c, "Ana", "1970-05-01").await;
    let ana_id = id(&ana);
    assert_eq!(
        open(&c, &ana, &ana_id, "follow-up", day(2026, 12, 4))
            .await
            .len(),
        9
    );
    c.scheduling
        .add_exception(
            Configurer::CommandLine,
            NewException::Closed {
                clinician_id: ids.clinician.clone(),
                location_id: None,
                day: day(2026, 12, 4),
                start_minute: 9 * 60,
                end_minute: 11 * 60,
                note: Some("Training".into()),
            },
            &meta(),
        )
        .await
        .unwrap();
    assert_eq!(
        open(&c, &ana, &ana_id, "follow-up", day(2026, 12, 4))
            .await
            .len(),
        3
    );
    // Saturday extra hours.
    c.scheduling
        .add_exception(
            Configurer::CommandLine,
            NewException::Extra {
                clinician_id: ids.clinician.clone(),
                location_id: ids.location.clone(),
                day: day(2026, 12, 5),
                start_minute: 10 * 60,
                end_minute: 11 * 60,
                slot_minutes: 20,
                visit_types: vec!["follow-up".into()],
            },
            &meta(),
        )
        .await
        .unwrap();
    assert_eq!(
        open(&c, &ana, &ana_id, "follow-up", day(2026, 12, 5))
            .await
            .len(),
        3
    );
    assert!(
        open(&c, &ana, &ana_id, "new-patient", day(2026, 12, 5))
            .await
            .is_empty()
    );
}

/// A caregiver `patient` invited with `scopes`, enrolled.
async fn caregiver(
    c: &Clinic,
    patient: &CurrentSession,
    name: &str,
    email: &str,
    scopes: &[&str],
) -> CurrentSession {
    let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
    let invited = c
        .invite_caregiver(
            patient,
            &id(patient),
            portico_domain::access::NewCaregiver::parse(
                name,
                email,
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

/// The e-mails queued for `address`, as (subject, body).
async fn mail_to(c: &Clinic, address: &str) -> Vec<(String, String)> {
    portico_domain::notify::messages_to(&c.t.db, c.identity.vault(), address)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.subject, m.body))
        .collect()
}

#[tokio::test]
async fn reminders_go_once_when_due_to_whoever_may_see_the_visit_and_never_for_cancelled_ones() {
    let c = Clinic::new().await;
    schedule(&c).await;
    let sweep = async || {
        c.scheduling
            .send_due_reminders("https://portal.example.org/", &meta())
            .await
            .unwrap()
    };
    // Now is Sunday 22 Nov 2026, 9:00 UTC. Monday's 9:00 New York visit (14:00 UTC) is 29 hours
    // away: its 3-day reminder was already past when booked, its 1-day one is due at 14:00 today.
    let ana = patient_at(&c, "Ana", "1970-05-01", "ana@example.org").await;
    let ana_id = id(&ana);
    let carl = caregiver(
        &c,
        &ana,
        "Carl Carer",
        "carl@example.org",
        &["records", "appointments"],
    )
    .await;
    // Carl reads Portico in Spanish: his reminder is in Spanish.
    c.identity
        .set_language(&carl, portico_domain::i18n::Locale::Es, &meta())
        .await
        .unwrap();
    caregiver(&c, &ana, "Rita Reader", "rita@example.org", &["records"]).await;
    let monday = open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 23)).await;
    let visit = book(&c, &ana, &ana_id, "follow-up", &monday[0].slot_id)
        .await
        .unwrap();
    // Bea turned reminders off; Dan's visit is cancelled.
    let bea = patient_at(&c, "Bea", "1980-05-01", "bea@example.org").await;
    c.identity
        .set_notice_preference(
            &bea,
            portico_domain::notify::Optional::VisitReminders,
            false,
            &meta(),
        )
        .await
        .unwrap();
    assert_eq!(
        c.identity.notice_preferences(&bea).await.unwrap(),
        vec![
            (portico_domain::notify::Optional::VisitReminders, false),
            (portico_domain::notify::Optional::ClinicNews, true)
        ]
    );
    assert!(c.audited("notices.off", "success", None).await);
    book(&c, &bea, &id(&bea), "follow-up", &monday[1].slot_id)
        .await
        .unwrap();
    let dan = patient_at(&c, "Dan", "1980-05-01", "dan@example.org").await;
    let dans = book(&c, &dan, &id(&dan), "follow-up", &monday[2].slot_id)
        .await
        .unwrap();
    let permit = c.appointments(&dan, &id(&dan), Mode::Write).await.unwrap();
    c.scheduling
        .cancel(&permit, &dans, None, &meta())
        .await
        .unwrap();

    assert_eq!(sweep().await, 0, "nothing is due yet");
    c.advance(Duration::hours(5));
    assert_eq!(sweep().await, 2, "Ana and Carl; not Rita, Bea or Dan");
    assert_eq!(sweep().await, 0, "once");
    c.advance(Duration::hours(30));
    assert_eq!(sweep().await, 0, "and never again");

    let to_ana = mail_to(&c, "ana@example.org").await;
    assert_eq!(to_ana.len(), 1, "{to_ana:?}");
    let (subject, body) = &to_ana[0];
    assert!(subject.contains("Mon 23 Nov 2026"), "{subject}");
    assert!(
        body.contains("your visit at") && body.contains("on Mon 23 Nov 2026 at 9:00 AM EST"),
        "{body}"
    );
    assert!(
        body.contains("https://portal.example.org/sign-in"),
        "{body}"
    );
    for clinical in [
        "Knee",
        "Osei",
        "physician",
        "Follow-up",
        "Elm Street",
        "Ana",
    ] {
        assert!(
            !body.contains(clinical) && !subject.contains(clinical),
            "{clinical}: {body}"
        );
    }
    let to_carl = mail_to(&c, "carl@example.org").await;
    assert_eq!(to_carl.len(), 1);
    assert!(
        to_carl[0].0.starts_with("Recordatorio: una cita en")
            && to_carl[0]
                .1
                .contains("la cita de una persona a quien usted ayuda a cuidar")
            && to_carl[0].1.contains("el lun 23 nov 2026 a las 9:00 EST"),
        "{:?}",
        to_carl[0]
    );
    assert!(!to_carl[0].1.contains("Ana"));
    for nobody in ["rita@example.org", "bea@example.org", "dan@example.org"] {
        assert!(
            mail_to(&c, nobody)
                .await
                .iter()
                .all(|(s, _)| !s.starts_with("Reminder")),
            "{nobody}"
        );
    }
    assert!(c.audited("appointment.reminder", "success", None).await);
    let sent = appointment_reminder::Entity::find()
        .filter(appointment_reminder::Column::AppointmentId.eq(visit))
        .all(&c.t.db)
        .await
        .unwrap();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].sent_at.is_some());
}

/// A clinic with New York hours and Ana, who booked Monday 23 November's 9:00 follow-up.
async fn ana_with_a_visit() -> (Clinic, CurrentSession, String) {
    let c = Clinic::new().await;
    schedule(&c).await;
    let ana = patient(&c, "Ana", "1970-05-01").await;
    let ana_id = id(&ana);
    let monday = open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 23)).await;
    let visit = book(&c, &ana, &ana_id, "follow-up", &monday[0].slot_id)
        .await
        .unwrap();
    (c, ana, visit)
}

#[tokio::test]
async fn a_visits_calendar_file_reads_in_an_outside_icalendar_parser() {
    let (c, ana, visit) = ana_with_a_visit().await;
    let ana_id = id(&ana);
    let permit = c.appointments(&ana, &ana_id, Mode::Read).await.unwrap();
    let ics = c
        .scheduling
        .calendar_file(&permit, &visit, Locale::En, &meta())
        .await
        .unwrap();
    // Portico's words in it are in the reader's language; the clinic's names stay as they are.
    let spanish = c
        .scheduling
        .calendar_file(&permit, &visit, Locale::Es, &meta())
        .await
        .unwrap();
    assert!(ics.contains("SUMMARY:Visit at "), "{ics}");
    assert!(
        spanish.contains("SUMMARY:Cita en ") && !spanish.contains("Visit at"),
        "{spanish}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("visit.ics");
    std::fs::write(&path, ics).unwrap();
    let spanish_path = dir.path().join("cita.ics");
    std::fs::write(&spanish_path, spanish).unwrap();
    let stdout = outside_validator(
        "validate_ics.py",
        &[
            "--forbid".as_ref(),
            "Knee".as_ref(),
            "--forbid".as_ref(),
            "physician".as_ref(),
            "--forbid".as_ref(),
            "Follow-up".as_ref(),
            path.as_os_str(),
            spanish_path.as_os_str(),
        ],
    );
    // Monday 9:00 in New York, 20 minutes, as UTC.
    assert!(
        stdout.contains("2026-11-23T14:00:00+00:00 2026-11-23T14:20:00+00:00"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
}

#[tokio::test]
async fn the_records_export_holds_the_visits_as_fhir_appointments() {
    let (c, ana, visit) = ana_with_a_visit().await;
    let ana_id = id(&ana);
    let permit = c.appointments(&ana, &ana_id, Mode::Write).await.unwrap();
    c.scheduling
        .request(
            &permit,
            "physical",
            &["Tuesday mornings".into()],
            None,
            &meta(),
        )
        .await
        .unwrap();
    let (text, _) = c
        .export_record(&ana, &ana_id, "https://portal.example.org/fhir", &meta())
        .await
        .unwrap();
    let bundle: serde_json::Value = serde_json::from_str(&text).unwrap();
    let appointments: Vec<&serde_json::Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == "Appointment")
        .collect();
    assert_eq!(appointments.len(), 2, "{text}");
    let booked = appointments
        .iter()
        .find(|a| a["id"] == visit.as_str())
        .unwrap();
    assert_eq!(booked["status"], "booked");
    assert_eq!(booked["start"], "2026-11-23T14:00:00Z");
    assert_eq!(booked["minutesDuration"], 20);
    assert_eq!(booked["reasonCode"][0]["text"], "Knee still hurts");
    assert_eq!(booked["appointmentType"]["text"], "Follow-up");
    let actors: Vec<String> = booked["participant"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["actor"].to_string())
        .collect();
    assert!(actors[0].contains("Patient/"), "{actors:?}");
    assert!(
        actors.iter().any(|a| a.contains("Dr Ada Osei")),
        "{actors:?}"
    );
    let requested = appointments
        .iter()
        .find(|a| a["id"] != visit.as_str())
        .unwrap();
    assert_eq!(requested["status"], "proposed");
    assert!(
        requested["comment"]
            .as_str()
            .unwrap()
            .contains("Tuesday mornings")
    );

    // A caregiver without the appointments scope exports the record without the visits.
    let rita = caregiver(&c, &ana, "Rita Reader", "", &["records"]).await;
    let (text, _) = c
        .export_record(&rita, &ana_id, "https://portal.example.org/fhir", &meta())
        .await
        .unwrap();
    assert!(!text.contains("\"Appointment\""), "{text}");

    // The export reads in the outside FHIR validator.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ana.json");
    let (text, _) = c
        .export_record(&ana, &ana_id, "https://portal.example.org/fhir", &meta())
        .await
        .unwrap();
    std::fs::write(&path, text).unwrap();
    let stdout = outside_validator("validate_fhir.py", &[path.as_os_str()]);
    assert!(stdout.starts_with("ok "), "{stdout}");
}

#[tokio::test]
async fn ended_weekly_hours_withdraw_their_free_times_and_keep_booked_visits() {
    let (c, ana, visit) = ana_with_a_visit().await;
    let monday_block = c
        .scheduling
        .weekly_hours()
        .await
        .unwrap()
        .into_iter()
        .find(|h| h.weekday == 1)
        .unwrap();
    // Yesterday is too early; the Sunday before Ana's Monday visit ends them.
    let err = c
        .scheduling
        .end_weekly_hours(
            Configurer::CommandLine,
            &monday_block.id,
            day(2026, 11, 21),
            &meta(),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("today at the earliest"), "{err}");
    let withdrawn = c
        .scheduling
        .end_weekly_hours(
            Configurer::CommandLine,
            &monday_block.id,
            day(2026, 11, 22),
            &meta(),
        )
        .await
        .unwrap();
    assert!(withdrawn > 8, "{withdrawn}");
    let ana_id = id(&ana);
    assert!(
        open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 30))
            .await
            .is_empty(),
        "no Monday times any more"
    );
    assert_eq!(
        open(&c, &ana, &ana_id, "follow-up", day(2026, 12, 1))
            .await
            .len(),
        9,
        "Tuesdays stay"
    );
    let row = appointment::Entity::find_by_id(visit)
        .one(&c.t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "booked", "the booked visit stays");
    // Laying out again brings none back; the list no longer shows them.
    c.scheduling.generate_slots(None).await.unwrap();
    assert!(
        open(&c, &ana, &ana_id, "follow-up", day(2026, 12, 7))
            .await
            .is_empty()
    );
    let hours = c.scheduling.weekly_hours().await.unwrap();
    assert_eq!(hours.len(), 5, "ended today: still listed until tomorrow");
    c.advance(chrono::Duration::days(1));
    assert_eq!(c.scheduling.weekly_hours().await.unwrap().len(), 4);
    assert!(c.audited("schedule.template.end", "success", None).await);
}

#[tokio::test]
async fn the_settings_page_lists_the_weekly_hours_in_force() {
    let c = Clinic::new().await;
    let ids = schedule(&c).await;
    let hours = c.scheduling.weekly_hours().await.unwrap();
    assert_eq!(hours.len(), 5);
    assert_eq!(
        hours.iter().map(|h| h.weekday).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5]
    );
    assert!(hours.iter().all(|h| h.clinician_id == ids.clinician
        && h.location_id == ids.location
        && (h.start_minute, h.end_minute, h.slot_minutes) == (540, 720, 20)
        && h.visit_types.len() == 3));
}

/// A check-in's answers: `pairs` of form field and value.
fn answers(confirmed: &[&str], changes: &str, pairs: &[(&str, &str)]) -> CheckInAnswers {
    CheckInAnswers {
        confirmed: confirmed.iter().map(|p| (*p).to_owned()).collect(),
        changes: Some(changes.to_owned()).filter(|c| !c.is_empty()),
        answers: pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

#[tokio::test]
async fn online_check_in_opens_a_week_before_takes_one_complete_answer_and_the_desk_reads_it() {
    let (c, ana, visit) = ana_with_a_visit().await;
    let ana_id = id(&ana);
    let read = c.appointments(&ana, &ana_id, Mode::Read).await.unwrap();
    let page = c
        .scheduling
        .check_in_page(&read, &visit, Locale::En, &meta())
        .await
        .unwrap();
    assert_eq!(page.closed, None);
    assert_eq!(
        page.questionnaires.iter().map(|q| q.id).collect::<Vec<_>>(),
        ["general"]
    );
    assert!(page.record.is_none());
    let write = c.appointments(&ana, &ana_id, Mode::Write).await.unwrap();
    let check_in =
        async |sent: CheckInAnswers| c.scheduling.check_in(&write, &visit, sent, &meta()).await;
    // A required question left out, a part not confirmed without saying what changed, an
    // unknown part: refused, and nothing is stored.
    let all = ["contact", "insurance", "medications", "allergies"];
    for (sent, field) in [
        (answers(&all, "", &[("general--hospital", "no")]), "answers"),
        (
            answers(
                &["contact"],
                "",
                &[("general--concerns", "Knee"), ("general--hospital", "no")],
            ),
            "changes",
        ),
        (
            answers(
                &["contact", "shoe size"],
                "x",
                &[("general--concerns", "Knee"), ("general--hospital", "no")],
            ),
            "confirmed",
        ),
        (
            answers(
                &all,
                "",
                &[
                    ("general--concerns", "Knee"),
                    ("general--hospital", "no"),
                    ("general--pain", "11"),
                ],
            ),
            "answers",
        ),
    ] {
        match check_in(sent).await {
            Err(DomainError::Validation { field: got, .. }) => assert_eq!(got, field),
            other => panic!("{other:?}"),
        }
    }
    let row = appointment::Entity::find_by_id(visit.clone())
        .one(&c.t.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.checked_in_at.is_none());

    check_in(answers(
        &["contact", "insurance", "medications"],
        "I stopped taking ibuprofen",
        &[
            ("general--concerns", "Knee still hurts on stairs"),
            ("general--hospital", "yes"),
            ("general--pain", "4"),
        ],
    ))
    .await
    .unwrap();
    assert!(
        c.audited("appointment.checkin", "success", Some("self"))
            .await
    );
    // Once only.
    let again = check_in(answers(
        &all,
        "",
        &[("general--concerns", "Knee"), ("general--hospital", "no")],
    ))
    .await;
    assert!(
        again
            .unwrap_err()
            .to_string()
            .contains("already checked in")
    );

    // The front desk reads it, and sees it on the schedule.
    let desk = c.staff("Fran Desk", "front-desk").await;
    let on_ana = c.appointments(&desk, &ana_id, Mode::Read).await.unwrap();
    let page = c
        .scheduling
        .check_in_page(&on_ana, &visit, Locale::En, &meta())
        .await
        .unwrap();
    let record = page.record.unwrap();
    assert_eq!(record.confirmed, ["contact", "insurance", "medications"]);
    assert_eq!(
        record.changes.as_deref(),
        Some("I stopped taking ibuprofen")
    );
    assert_eq!(
        record.answers[0].answers,
        [
            (
                "What would you like to talk about at this visit?".to_owned(),
                "Knee still hurts on stairs".to_owned()
            ),
            (
                "Have you been to an emergency room or stayed in a hospital since your last visit?"
                    .to_owned(),
                "Yes".to_owned()
            ),
            (
                "Pain today, from 0 (none) to 10 (worst imaginable)".to_owned(),
                "4".to_owned()
            ),
        ]
    );
    assert!(
        c.audited("appointment.checkin.view", "success", Some("staff"))
            .await
    );
    // Sealed at rest.
    let stored = portico_domain::entities::appointment_check_in::Entity::find_by_id(visit.clone())
        .one(&c.t.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.answers.contains("Knee"));
    assert!(!stored.changes.unwrap().contains("ibuprofen"));

    // A visit more than a week ahead is not open yet; one that has begun no longer is.
    let later = open(&c, &ana, &ana_id, "follow-up", day(2026, 12, 4)).await;
    let later = book(&c, &ana, &ana_id, "follow-up", &later[0].slot_id)
        .await
        .unwrap();
    let page = c
        .scheduling
        .check_in_page(&read, &later, Locale::En, &meta())
        .await
        .unwrap();
    assert!(
        page.closed
            .unwrap()
            .to_string()
            .contains("opens 7 days before")
    );
    assert_eq!(page.opens.as_deref(), Some("Fri 27 Nov 2026"));
    let page = c
        .scheduling
        .check_in_page(&read, &later, Locale::Es, &meta())
        .await
        .unwrap();
    assert_eq!(page.opens.as_deref(), Some("vie 27 nov 2026"));
    assert_eq!(
        page.closed.unwrap().in_language(Locale::Es),
        "el registro en línea se abre 7 días antes de la cita"
    );
    let soon = open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 24)).await;
    let soon = book(&c, &ana, &ana_id, "follow-up", &soon[0].slot_id)
        .await
        .unwrap();
    c.advance(Duration::days(3));
    let write = c.appointments(&ana, &ana_id, Mode::Write).await.unwrap();
    let late = c
        .scheduling
        .check_in(
            &write,
            &soon,
            answers(
                &all,
                "",
                &[("general--concerns", "x"), ("general--hospital", "no")],
            ),
            &meta(),
        )
        .await;
    assert!(
        late.unwrap_err()
            .to_string()
            .contains("check in at the desk")
    );
}

#[tokio::test]
async fn an_adolescents_guardian_is_not_asked_the_mood_screen_and_never_sees_its_answers() {
    let c = Clinic::new().await;
    schedule(&c).await;
    let teen = patient(&c, "Tia", "2012-02-01").await;
    let teen_id = id(&teen);
    let desk = c.staff("Fran Desk", "front-desk").await;
    let invited = c
        .invite_caregiver(
            &desk,
            &teen_id,
            portico_domain::access::NewCaregiver::parse(
                "Parent Tester",
                "",
                "Mother",
                &["records".into(), "appointments".into()],
                "",
                c.identity.now().date_naive(),
            )
            .unwrap(),
            &meta(),
        )
        .await
        .unwrap();
    let parent = c.enrol(invited.code.expose(), "").await;
    // The front desk books the annual physical (general questions and the PHQ-2).
    let times = open(&c, &desk, &teen_id, "physical", day(2026, 11, 25)).await;
    let visit = book(&c, &desk, &teen_id, "physical", &times[0].slot_id)
        .await
        .unwrap();
    let asked = async |who: &CurrentSession| {
        let permit = c.appointments(who, &teen_id, Mode::Read).await.unwrap();
        c.scheduling
            .check_in_page(&permit, &visit, Locale::En, &meta())
            .await
            .unwrap()
    };
    let ids = |page: &portico_domain::scheduling::CheckInPage| {
        page.questionnaires.iter().map(|q| q.id).collect::<Vec<_>>()
    };
    assert_eq!(ids(&asked(&teen).await), ["general", "phq-2"]);
    assert_eq!(ids(&asked(&parent).await), ["general"]);

    let write = c.appointments(&teen, &teen_id, Mode::Write).await.unwrap();
    let all = ["contact", "insurance", "medications", "allergies"];
    c.scheduling
        .check_in(
            &write,
            &visit,
            answers(
                &all,
                "",
                &[
                    ("general--concerns", "Sports form"),
                    ("general--hospital", "no"),
                    ("phq-2--interest", "LA6570-1"),
                    ("phq-2--down", "LA6571-9"),
                ],
            ),
            &meta(),
        )
        .await
        .unwrap();
    let parent_view = asked(&parent).await.record.unwrap();
    assert_eq!(parent_view.answers.len(), 1);
    assert_eq!(parent_view.answers[0].title, "Before your visit");
    let desk_view = asked(&desk).await.record.unwrap();
    let mood = &desk_view.answers[1];
    assert_eq!(
        mood.score.as_deref(),
        Some("PHQ-2 total score 5 of 6: positive screen: follow with a PHQ-9")
    );
    assert!(mood.positive);

    // The export holds the answers as QuestionnaireResponses (the mood screen only for the
    // teen), and reads in the outside FHIR validator.
    let responses = async |who: &CurrentSession| {
        let (text, _) = c
            .export_record(who, &teen_id, "https://portal.example.org/fhir", &meta())
            .await
            .unwrap();
        let bundle: serde_json::Value = serde_json::from_str(&text).unwrap();
        let found: Vec<serde_json::Value> = bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["resource"].clone())
            .filter(|r| r["resourceType"] == "QuestionnaireResponse")
            .collect();
        (text, found)
    };
    let (text, own) = responses(&teen).await;
    assert_eq!(own.len(), 2);
    assert!(own.iter().all(|r| {
        r["subject"]["reference"]
            .as_str()
            .unwrap()
            .starts_with("Patient/")
    }));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tia.json");
    std::fs::write(&path, text).unwrap();
    let stdout = outside_validator("validate_fhir.py", &[path.as_os_str()]);
    assert!(stdout.starts_with("ok "), "{stdout}");
    let (text, theirs) = responses(&parent).await;
    assert_eq!(theirs.len(), 1);
    assert!(
        !text.contains("phq-2") && !text.contains("LA6571-9"),
        "{text}"
    );

    // What the teen confirms: their record's parts (none imported here), insurance with billing.
    let review = c.records.check_in_review(&write, &meta()).await.unwrap();
    assert_eq!(review.medications, Some(Vec::new()));
    assert_eq!(review.insurance, Some(Vec::new()));
}

#[tokio::test]
async fn changed_weekly_hours_begin_on_the_day_chosen_and_never_overlap_a_booked_visit() {
    let (c, ana, visit) = ana_with_a_visit().await;
    let ana_id = id(&ana);
    let monday_block = c
        .scheduling
        .weekly_hours()
        .await
        .unwrap()
        .into_iter()
        .find(|h| h.weekday == 1)
        .unwrap();
    let change = || HoursChange {
        start_minute: 8 * 60 + 30,
        end_minute: 12 * 60,
        slot_minutes: 30,
        visit_types: vec!["follow-up".into()],
    };
    // Today is too soon.
    let err = c
        .scheduling
        .change_weekly_hours(
            Configurer::CommandLine,
            &monday_block.id,
            day(2026, 11, 22),
            change(),
            &meta(),
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("tomorrow at the earliest"),
        "{err}"
    );
    // From tomorrow, Monday 23 November: 8:30 to 12:00 in half hours, follow-ups only.
    c.scheduling
        .change_weekly_hours(
            Configurer::CommandLine,
            &monday_block.id,
            day(2026, 11, 23),
            change(),
            &meta(),
        )
        .await
        .unwrap();
    let labels = |times: Vec<OpenTime>| {
        let zone = ClinicZone::parse("America/New_York").unwrap();
        times
            .iter()
            .map(|t| zone.time_label(t.start))
            .collect::<Vec<_>>()
    };
    // Ana's 9:00–9:20 stays booked; the half hour over it is not laid out.
    assert_eq!(
        labels(open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 23)).await),
        [
            "8:30 AM", "9:30 AM", "10:00 AM", "10:30 AM", "11:00 AM", "11:30 AM"
        ]
    );
    assert_eq!(
        open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 30))
            .await
            .len(),
        7
    );
    assert!(
        open(&c, &ana, &ana_id, "new-patient", day(2026, 11, 30))
            .await
            .is_empty(),
        "no longer offered on Mondays"
    );
    assert_eq!(
        open(&c, &ana, &ana_id, "new-patient", day(2026, 12, 1))
            .await
            .len(),
        8,
        "Tuesdays unchanged"
    );
    let row = appointment::Entity::find_by_id(visit)
        .one(&c.t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "booked");
    // Laying out again changes nothing.
    c.scheduling.generate_slots(None).await.unwrap();
    assert_eq!(
        open(&c, &ana, &ana_id, "follow-up", day(2026, 11, 23))
            .await
            .len(),
        6
    );
    let hours = c.scheduling.weekly_hours().await.unwrap();
    assert_eq!(hours.len(), 6, "the old Monday hours end today");
    assert!(
        hours
            .iter()
            .any(|h| h.weekday == 1 && h.slot_minutes == 30 && h.valid_from == day(2026, 11, 23))
    );
    assert!(c.audited("schedule.template.change", "success", None).await);
}

#[tokio::test]
async fn two_lay_outs_at_once_both_succeed_and_lay_each_slot_once() {
    let c = Clinic::new().await;
    schedule(&c).await;
    let slots = sched_slot::Entity::find();
    let laid_out = slots.clone().count(&c.t.db).await.unwrap();
    assert!(laid_out > 0);
    sched_slot::Entity::delete_many()
        .exec(&c.t.db)
        .await
        .unwrap();
    // The sweeper of one instance and an administrator's change on another, say.
    let (a, b) = tokio::join!(
        c.scheduling.generate_slots(None),
        c.scheduling.generate_slots(None)
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(slots.count(&c.t.db).await.unwrap(), laid_out);
}
