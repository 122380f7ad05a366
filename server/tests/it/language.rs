//! The interface's languages over HTTP: the browser's preference, the switcher's form and its
//! cookie, a signed-in person's choice kept with their account, and refusals that change nothing.

use portico_domain::{audit::RequestMeta, i18n::Locale, identity::SessionLookup};

use crate::helpers::{cookie_pair, patient_cookie, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_speak_the_browsers_language_until_someone_chooses_one() {
    let app = spawn_app().await;
    let page = |path: &'static str, accept: &'static str, cookie: Option<String>| {
        let mut request = app
            .client
            .get(app.url(path))
            .header("accept-language", accept);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };

    let english = page("/sign-in", "en-US,en;q=0.9", None).await.unwrap();
    assert_eq!(english.headers()["content-language"], "en");
    let html = english.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en""#), "{html}");
    assert!(html.contains("Sign in with a passkey"));
    // The switcher offers the other language, named in itself.
    assert!(html.contains(r#"lang="es""#) && html.contains("Español"));

    let spanish = page("/sign-in", "fr-FR,es-MX;q=0.8,en;q=0.5", None)
        .await
        .unwrap();
    assert_eq!(spanish.headers()["content-language"], "es");
    let html = spanish.text().await.unwrap();
    assert!(html.contains(r#"<html lang="es""#), "{html}");
    assert!(
        html.contains("Iniciar sesión con una llave de acceso"),
        "{html}"
    );
    assert!(!html.contains("Sign in with a passkey"));

    // The switcher: a plain same-origin form post, answered with the page it came from.
    let chosen = app
        .same_origin_post("/language")
        .form(&[("lang", "es"), ("back", "/contact?from=header")])
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.status(), 303);
    assert_eq!(chosen.headers()["location"], "/contact?from=header");
    let set_cookie = chosen.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        set_cookie.starts_with("__Host-portico_lang=es;"),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("Secure") && set_cookie.contains("Path=/"));
    let contact = page("/contact", "en", Some(cookie_pair(&set_cookie)))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(contact.contains("Contactar con la clínica"), "{contact}");

    // The offline page the service worker keeps speaks it too.
    let offline = page("/offline", "es", None)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(offline.contains(r#"<html lang="es">"#) && offline.contains("No tiene conexión"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_switcher_refuses_unknown_languages_other_sites_and_cross_site_posts() {
    let app = spawn_app().await;
    let unknown = app
        .same_origin_post("/language")
        .form(&[("lang", "fr"), ("back", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    assert!(!unknown.headers().contains_key("set-cookie"));
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("English (en) or Spanish (es)")
    );

    let malformed = app
        .same_origin_post("/language")
        .body("lang=%ZZ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);

    for elsewhere in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let response = app
            .same_origin_post("/language")
            .form(&[("lang", "es"), ("back", elsewhere)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{elsewhere}");
        assert_eq!(response.headers()["location"], "/", "{elsewhere}");
    }

    let cross_site = app
        .client
        .post(app.url("/language"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("lang", "es"), ("back", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert!(!cross_site.headers().contains_key("set-cookie"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_persons_choice_is_kept_with_their_account() {
    let app = spawn_app().await;
    let (_, cookie) = patient_cookie(&app, "Maria", "Garcia", "1968-03-14").await;
    let token = cookie.split_once('=').unwrap().1.to_owned();
    let account = match app
        .identity
        .resolve_session(&token, &RequestMeta::cli(), false)
        .await
        .unwrap()
    {
        SessionLookup::Active(session) => session.account.id,
        _ => panic!("the session is live"),
    };
    assert_eq!(app.identity.language(&account).await.unwrap(), None);

    let chosen = app
        .same_origin_post("/language")
        .header("cookie", &cookie)
        .form(&[("lang", "es"), ("back", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.status(), 303);
    assert_eq!(
        app.identity.language(&account).await.unwrap(),
        Some(Locale::Es)
    );
    // Her home page, with the cookie the answer set, is in Spanish: her role too.
    let home = app
        .client
        .get(app.url("/"))
        .header(
            "cookie",
            format!(
                "{cookie}; {}",
                cookie_pair(chosen.headers()["set-cookie"].to_str().unwrap())
            ),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Hola, Maria"), "{home}");
    assert!(home.contains("como paciente"), "{home}");
}
