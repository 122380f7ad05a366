//! The per-IP limit on requests made without a session.

use portico_domain::entities::audit_event;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use crate::helpers::spawn_app_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_requests_beyond_the_limit_get_429_and_one_audit_event() {
    // 1 a minute allows a burst of 5.
    let app = spawn_app_with(&[("PORTICO_RATE_LIMIT_PER_MINUTE", "1")]).await;
    let mut statuses = Vec::new();
    let mut last = None;
    for _ in 0..8 {
        let response = app
            .same_origin_post("/api/auth/sign-in/begin")
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
        last = Some(response);
    }
    assert_eq!(&statuses[..5], &[200; 5], "{statuses:?}");
    assert_eq!(&statuses[5..], &[429; 3], "{statuses:?}");
    let last = last.unwrap();
    assert_eq!(last.headers().get("retry-after").unwrap(), "60");
    let body: Value = last.json().await.unwrap();
    assert_eq!(body["kind"], "RateLimited");
    assert!(body["message"].as_str().unwrap().contains("wait a minute"));

    let trips = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("rate_limit"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        trips.len(),
        1,
        "audited once a minute per address, not per request"
    );
    assert_eq!(trips[0].outcome, "denied");
    assert_eq!(trips[0].ip.as_deref(), Some("127.0.0.1"));

    // Pages stay reachable: the limit is on the API.
    let page = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_each_client_address_has_its_own_allowance() {
    let app = spawn_app_with(&[
        ("PORTICO_RATE_LIMIT_PER_MINUTE", "1"),
        ("PORTICO_TRUST_PROXY", "true"),
    ])
    .await;
    let call = |forwarded: &'static str| {
        app.same_origin_post("/api/auth/sign-in/begin")
            .header("x-forwarded-for", forwarded)
            .send()
    };
    for _ in 0..5 {
        assert_eq!(
            call("198.51.100.1, 203.0.113.9").await.unwrap().status(),
            200
        );
    }
    // The client-supplied first entry changes nothing: the proxy's entry is what counts.
    assert_eq!(
        call("198.51.100.2, 203.0.113.9").await.unwrap().status(),
        429
    );
    assert_eq!(call("203.0.113.10").await.unwrap().status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_cookie_does_not_lift_the_limit_on_sign_in_enrolment_and_recovery() {
    use chrono::Utc;
    use portico_domain::{
        audit::RequestMeta,
        identity::{Issuer, NewPatient},
    };

    use crate::helpers::{cookie_pair, enrol_over_http};

    // 1 a minute allows a burst of 5; enrolling spends two of them.
    let app = spawn_app_with(&[("PORTICO_RATE_LIMIT_PER_MINUTE", "1")]).await;
    let new = NewPatient::parse("Rae", "Limit", "1970-01-01", "", Utc::now().date_naive()).unwrap();
    let code = app
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    let (cookie, _) = enrol_over_http(&app, code.code.expose(), "1970-01-01").await;
    let cookie = cookie_pair(&cookie);

    let mut statuses = Vec::new();
    for path in [
        "/api/auth/enroll/begin",
        "/api/auth/recover/begin",
        "/api/auth/sign-in/begin",
        "/api/auth/enroll/begin",
        "/api/auth/recover/begin",
    ] {
        let response = app
            .same_origin_post(path)
            .header("cookie", &cookie)
            .form(&[
                ("code", "AAAA-BBBB-CCCC-DDDD"),
                ("birth_date", "1970-01-01"),
            ])
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(
        &statuses[3..],
        &[429, 429],
        "the signed-in caller is limited like anyone: {statuses:?}"
    );
    // The caller's own signed-in work is not counted against them.
    let own = app
        .same_origin_post("/api/account/security")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_pages_have_a_limit_of_their_own_and_one_ipv6_network_shares_it() {
    // 1 a minute allows a burst of 5 pages per client (IPv6: per /64).
    let app = spawn_app_with(&[
        ("PORTICO_PAGE_RATE_LIMIT_PER_MINUTE", "1"),
        ("PORTICO_TRUST_PROXY", "true"),
    ])
    .await;
    let page = |path: &'static str, forwarded: &'static str| {
        app.client
            .get(app.url(path))
            .header("x-forwarded-for", forwarded)
            .send()
    };
    let mut statuses = Vec::new();
    for host in 1..=7 {
        // Seven addresses of one /64: one allowance.
        let forwarded: &'static str = Box::leak(format!("2001:db8:5:6::{host}").into_boxed_str());
        statuses.push(page("/", forwarded).await.unwrap().status().as_u16());
    }
    assert_eq!(&statuses[..5], &[200; 5], "{statuses:?}");
    assert_eq!(&statuses[5..], &[429, 429], "{statuses:?}");
    // A page, in words, for the person who opened it.
    let refused = page("/", "2001:db8:5:6::8").await.unwrap();
    assert_eq!(refused.status(), 429);
    assert!(
        refused.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Please wait a minute")
    );
    // Site files and the health check are not counted; another /64 has its own allowance.
    assert_ne!(
        page("/pay.js", "2001:db8:5:6::99").await.unwrap().status(),
        429
    );
    assert_eq!(
        page("/healthz", "2001:db8:5:6::99").await.unwrap().status(),
        200
    );
    assert_eq!(page("/", "2001:db8:5:7::1").await.unwrap().status(), 200);
}
