//! Two instances on one database (PostgreSQL in CI's second pass, SQLite otherwise), as behind a
//! load balancer: a session opened on one works on the other, a passkey ceremony begun on one
//! finishes on the other, signing out on one ends the session on the other at its next request,
//! and the mail workers of both deliver each queued message exactly once.

use chrono::Utc;
use portico_domain::{
    audit::RequestMeta,
    identity::{Issuer, NewPatient},
    notify::{self, Notice},
    test_passkeys::{assert_discoverable, authenticator, credential_id, register},
};
use serde_json::Value;

use crate::helpers::{TestApp, cookie_pair, spawn_app_with, spawn_second_instance};

const BIRTH_DATE: &str = "1990-05-17";

async fn post(
    app: &TestApp,
    base_url: &str,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, Value, Option<String>) {
    let mut request = app
        .client
        .post(format!("{base_url}{path}"))
        .header("sec-fetch-site", "same-origin")
        .form(form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let set_cookie = set_cookie(&response, "__Host-portico_session=").map(|c| cookie_pair(&c));
    (
        status,
        response.json().await.unwrap_or_default(),
        set_cookie,
    )
}

fn set_cookie(response: &reqwest::Response, prefix: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(prefix) && !v.contains("Max-Age=0"))
        .map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_sessions_ceremonies_sign_outs_and_mail() {
    let a = spawn_app_with(&[]).await;
    let b = spawn_second_instance(&a).await;
    let (on_a, on_b) = (a.base_url.clone(), b.base_url.clone());

    // Enrolment begins on A and finishes on B.
    let new = NewPatient::parse(
        "Ines",
        "Twin",
        BIRTH_DATE,
        "ines@example.org",
        Utc::now().date_naive(),
    )
    .unwrap();
    let invited = a
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    let code = invited.code.expose().to_owned();
    let (status, begin, _) = post(
        &a,
        &on_a,
        "/api/auth/enroll/begin",
        None,
        &[("code", &code), ("birth_date", BIRTH_DATE)],
    )
    .await;
    assert_eq!(status, 200, "{begin}");
    let options: Value =
        serde_json::from_str(begin["ceremony"]["options"].as_str().unwrap()).unwrap();
    let mut key = authenticator(true);
    let registration = register(&mut key, &options, &a.origin);
    let ceremony = begin["ceremony"]["ceremony_id"].as_str().unwrap();
    let (status, welcome, cookie) = post(
        &a,
        &on_b,
        "/api/auth/enroll/finish",
        None,
        &[("ceremony_id", ceremony), ("credential", &registration)],
    )
    .await;
    assert_eq!(status, 200, "the ceremony A began finishes on B: {welcome}");
    let enrolled = cookie.expect("B opens the session");

    // The session B opened works on A.
    let (status, security, _) =
        post(&a, &on_a, "/api/account/security", Some(&enrolled), &[]).await;
    assert_eq!(status, 200, "{security}");
    assert_eq!(security["passkeys"].as_array().unwrap().len(), 1);

    // A sign-in begun on B finishes on A; the new session works on both.
    let (status, begin, _) = post(&a, &on_b, "/api/auth/sign-in/begin", None, &[]).await;
    assert_eq!(status, 200, "{begin}");
    let options: Value = serde_json::from_str(begin["options"].as_str().unwrap()).unwrap();
    let account = welcome_account(&a, &enrolled).await;
    let assertion = assert_discoverable(
        &mut key,
        &options,
        &credential_id(&registration),
        &account,
        &a.origin,
    );
    let finish = a
        .client
        .post(format!("{on_a}/api/auth/sign-in/finish"))
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("ceremony_id", begin["ceremony_id"].as_str().unwrap()),
            ("credential", &assertion),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(finish.status(), 200);
    let signed_in =
        cookie_pair(&set_cookie(&finish, "__Host-portico_session=").expect("A opens the session"));
    let device_cookie = set_cookie(&finish, "__Host-portico_device=");
    for base in [&on_a, &on_b] {
        let (status, _, _) = post(&a, base, "/api/account/security", Some(&signed_in), &[]).await;
        assert_eq!(status, 200, "the session works on {base}");
    }

    // That browser had no device cookie: a sign-in from a new device, e-mailed. The same browser
    // signing in again (its new device cookie sent back) is not.
    let vault = a.services.identity.vault().clone();
    let announced = || async {
        notify::messages_to(&a.db, &vault, "ines@example.org")
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.subject == "A new sign-in to your Portico account")
            .count()
    };
    assert_eq!(announced().await, 1);
    let device = device_cookie.expect("the sign-in gives the browser a device cookie");
    for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax", "Max-Age="] {
        assert!(device.contains(attribute), "{device} lacks {attribute}");
    }
    let (_, begin, _) = post(&a, &on_b, "/api/auth/sign-in/begin", None, &[]).await;
    let options: Value = serde_json::from_str(begin["options"].as_str().unwrap()).unwrap();
    let assertion = assert_discoverable(
        &mut key,
        &options,
        &credential_id(&registration),
        &account,
        &a.origin,
    );
    let (status, _, again) = post(
        &a,
        &on_b,
        "/api/auth/sign-in/finish",
        Some(&cookie_pair(&device)),
        &[
            ("ceremony_id", begin["ceremony_id"].as_str().unwrap()),
            ("credential", &assertion),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(again.is_some());
    assert_eq!(announced().await, 1, "a known browser is not announced");

    // Signing out on A ends the session on B at its next request.
    let (status, _, _) = post(&a, &on_a, "/api/session/sign-out", Some(&signed_in), &[]).await;
    assert!(status < 400, "sign-out: {status}");
    let (status, _, _) = post(&a, &on_b, "/api/account/security", Some(&signed_in), &[]).await;
    assert_eq!(status, 401, "B no longer knows the session A ended");
    // The other session is untouched.
    let (status, _, _) = post(&a, &on_b, "/api/account/security", Some(&enrolled), &[]).await;
    assert_eq!(status, 200);

    // Both mail workers read one outbox (every 3 s): each queued notice is written once.
    let now = Utc::now();
    for n in 0..12 {
        notify::enqueue(
            &a.db,
            &vault,
            now,
            &format!("twin{n}@example.org"),
            Default::default(),
            Notice::PasskeyAdded,
        )
        .await
        .unwrap();
    }
    let mail_dir = a.site_root.parent().unwrap().join("outbox");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let unsent = (0..12).map(|n| format!("twin{n}@example.org"));
        let mut waiting = 0;
        for recipient in unsent {
            let queued = notify::messages_to(&a.db, &vault, &recipient)
                .await
                .unwrap();
            waiting += queued.iter().filter(|m| m.sent_at.is_none()).count();
        }
        if waiting == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{waiting} notices still unsent"
        );
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    let written = std::fs::read_dir(&mail_dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter(|text| text.contains("@example.org") && text.contains("To: twin"))
        .count();
    assert_eq!(
        written, 12,
        "each notice written exactly once by the two workers"
    );
    b.handle.shutdown();
}

/// The signed-in account's id, as the enrolment's session knows it.
async fn welcome_account(app: &TestApp, cookie: &str) -> String {
    let token = cookie.split_once('=').unwrap().1;
    match app
        .identity
        .resolve_session(token, &RequestMeta::default(), false)
        .await
        .unwrap()
    {
        portico_domain::identity::SessionLookup::Active(session) => session.account.id,
        other => panic!("no session: {other:?}"),
    }
}
