//! Plain forms, as a page without its script submits them: the browser posts the form and
//! follows the redirect back, and the page it lands on shows the outcome.

use chrono::Utc;
use portico_domain::{
    audit::RequestMeta,
    identity::{Issuer, NewPatient},
};

use crate::helpers::{TestApp, cookie_pair, enrol_over_http, spawn_app};

async fn patient_cookie(app: &TestApp) -> String {
    let new =
        NewPatient::parse("Nora", "Script", "1970-01-01", "", Utc::now().date_naive()).unwrap();
    let code = app
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    cookie_pair(
        &enrol_over_http(app, code.code.expose(), "1970-01-01")
            .await
            .0,
    )
}

/// What a browser sends for a plain form post (no `Referer`: Portico asks for none).
fn form_post(app: &TestApp, path: &str, cookie: &str) -> reqwest::RequestBuilder {
    app.same_origin_post(path)
        .header("accept", "text/html,application/xhtml+xml")
        .header("cookie", cookie)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_form_post_returns_to_the_page_with_the_reason() {
    let app = spawn_app().await;
    let cookie = patient_cookie(&app).await;
    let response = form_post(&app, "/api/care/accept", &cookie)
        .body("code=AAAA-BBBB-CCCC-DDDD")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302, "a redirect, not the error's status");
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{}/?", app.origin)),
        "back to the home page: {location}"
    );
    assert!(location.contains("__err="), "{location}");
    // The page it returns to says why, without the script.
    let html = app
        .client
        .get(&location)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("That code does not match an open invitation"),
        "{html}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_on_another_page_returns_to_that_page() {
    let app = spawn_app().await;
    let cookie = patient_cookie(&app).await;
    // Refused: back to the Security page, which says why.
    let response = form_post(&app, "/api/account/notices/set", &cookie)
        .body("kind=no_such_notice&on=false")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{}/security?", app.origin)),
        "{location}"
    );
    assert!(location.contains("__err="), "{location}");
    // Done: the Security page again, now saying the reminders are off.
    let response = form_post(&app, "/api/account/notices/set", &cookie)
        .body("kind=visit_reminders&on=false")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.ends_with("/security"), "{location}");
    let html = app
        .client
        .get(format!("{}/security", app.origin))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Turn on: Visit reminders by e-mail"),
        "{html}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_call_still_gets_the_error_status() {
    let app = spawn_app().await;
    let cookie = patient_cookie(&app).await;
    let response = app
        .same_origin_post("/api/care/accept")
        .header("cookie", &cookie)
        .body("code=AAAA-BBBB-CCCC-DDDD")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
}

/// The patient's id, as their own record's address names it.
async fn own_patient_id(app: &TestApp, cookie: &str) -> String {
    let me: serde_json::Value = app
        .same_origin_post("/api/session/me")
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    me["patient_id"]
        .as_str()
        .expect("a patient's session")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visit_booked_without_the_script_lands_on_the_visit() {
    use portico_domain::{
        entities::sched_slot,
        scheduling::{
            ClinicZone, Configurer, NewClinician, NewLocation, NewTemplate, OnlineBooking,
            VisitTypeRules,
        },
    };
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let app = spawn_app().await;
    let s = &app.services.scheduling;
    let meta = RequestMeta::cli();
    s.set_time_zone(
        Configurer::CommandLine,
        &ClinicZone::parse("America/Chicago").unwrap(),
        &meta,
    )
    .await
    .unwrap();
    s.save_visit_type(
        Configurer::CommandLine,
        VisitTypeRules {
            id: "new-problem".into(),
            name: "New problem".into(),
            minutes: 20,
            booking: OnlineBooking::Anyone,
            established_months: 24,
            min_lead_minutes: 60,
            horizon_days: 30,
            cancel_cutoff_hours: 24,
            instructions: None,
            questionnaires: vec!["general".into()],
        },
        &meta,
    )
    .await
    .unwrap();
    let clinician = s
        .add_clinician(
            Configurer::CommandLine,
            NewClinician {
                name: "Dr Form".into(),
                title: None,
                account_id: None,
            },
            &meta,
        )
        .await
        .unwrap();
    let location = s
        .add_location(
            Configurer::CommandLine,
            NewLocation {
                name: "Main".into(),
                address: "1 Main St".into(),
                phone: None,
                directions: None,
            },
            &meta,
        )
        .await
        .unwrap();
    for weekday in 1..=7 {
        s.add_template(
            Configurer::CommandLine,
            NewTemplate {
                clinician_id: clinician.clone(),
                location_id: location.clone(),
                weekday,
                start_minute: 0,
                end_minute: 24 * 60,
                slot_minutes: 20,
                visit_types: vec!["new-problem".into()],
                valid_from: Utc::now().date_naive() - chrono::Duration::days(1),
                valid_until: None,
            },
            &meta,
        )
        .await
        .unwrap();
    }
    let slot = sched_slot::Entity::find()
        .filter(sched_slot::Column::StartAt.gt(Utc::now() + chrono::Duration::days(2)))
        .order_by_asc(sched_slot::Column::StartAt)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();

    let cookie = patient_cookie(&app).await;
    let patient = own_patient_id(&app, &cookie).await;
    let response = form_post(&app, "/api/patient/appointments/book", &cookie)
        .body(format!(
            "patient_id={patient}&visit_type=new-problem&slot_id={}&reason=Rash",
            slot.id
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.contains(&format!("/patients/{patient}/appointments/")),
        "to the visit: {location}"
    );
    let html = app
        .client
        .get(app.url(&location))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("New problem"), "the visit's page");
    assert!(html.contains("Rash"), "with its reason");

    // Then checks in without the script: the form's bracketed fields, as a browser encodes them.
    let visit = location.rsplit('/').next().unwrap().to_owned();
    assert!(
        html.contains(&format!("/appointments/{visit}/check-in")),
        "offers check-in"
    );
    let response = form_post(&app, "/api/patient/appointments/check-in/submit", &cookie)
        .body(format!(
            "patient_id={patient}&appointment_id={visit}&confirmed%5Bcontact%5D=yes\
             &confirmed%5Bmedications%5D=yes&changes=New+inhaler+since+May\
             &answers%5Bgeneral--concerns%5D=Rash+on+both+arms\
             &answers%5Bgeneral--hospital%5D=no&answers%5Bgeneral--pain%5D=2"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let back = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.ends_with("/check-in"), "back to the check-in: {back}");
    assert!(!back.contains("error"), "{back}");
    let html = app
        .client
        .get(app.url(&back))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Checked in online"), "what was sent");
    assert!(html.contains("Rash on both arms"));
    assert!(html.contains("New inhaler since May"));
}
