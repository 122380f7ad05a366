//! `GET /offline`: the page the service worker (`public/sw.js`) shows when a page cannot be
//! reached: the clinic's name and how to call it, and that records need a connection. It is about
//! nobody, so unlike every other page it may be kept (`Cache-Control: no-cache`, revalidated when
//! online); it needs no script.

use axum::{
    Extension,
    extract::State,
    http::{HeaderValue, header},
    response::{Html, IntoResponse, Response},
};
use portico_domain::{
    DatabaseConnection, clinic,
    i18n::{Locale, t, t_args},
};

pub async fn offline_page(
    State(db): State<DatabaseConnection>,
    locale: Option<Extension<Locale>>,
) -> Response {
    let locale = locale.map(|Extension(l)| l).unwrap_or_default();
    let profile = clinic::clinic_profile(&db).await.ok();
    let name = profile
        .as_ref()
        .map_or_else(|| t(locale, "offline-the-clinic"), |p| p.name.clone());
    let name = html_escape::encode_text(&name).into_owned();
    let call = match profile.as_ref().and_then(|p| p.phone.clone()) {
        Some(phone) => {
            let dial: String = phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            let link = format!(
                r#"<a href="tel:{dial}">{}</a>"#,
                html_escape::encode_text(&phone)
            );
            t_args(
                locale,
                "offline-call-phone",
                &[("clinic", name.as_str().into()), ("phone", link.into())],
            )
        }
        None => t_args(locale, "offline-call", &[("clinic", name.as_str().into())]),
    };
    let lang = locale.tag();
    let title = t(locale, "offline-title");
    let records = t(locale, "offline-records");
    let again = t(locale, "offline-again");
    let page = format!(
        r##"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Portico</title>
<link rel="stylesheet" href="/pkg/portico.css">
<link rel="manifest" href="/manifest.webmanifest">
<meta name="theme-color" content="#0b5d6b">
</head>
<body>
<main id="main" class="container stack">
<h1>{title}</h1>
<p>{records}</p>
<p>{call}</p>
<p><a class="button" href="/">{again}</a></p>
</main>
</body>
</html>
"##
    );
    let mut response = Html(page).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
