//! `GET /offline`: the page the service worker (`public/sw.js`) shows when a page cannot be
//! reached: the clinic's name and how to call it, and that records need a connection. It is about
//! nobody, so unlike every other page it may be kept (`Cache-Control: no-cache`, revalidated when
//! online); it needs no script.

use axum::{
    extract::State,
    http::{HeaderValue, header},
    response::{Html, IntoResponse, Response},
};
use portico_domain::{DatabaseConnection, clinic};

pub async fn offline_page(State(db): State<DatabaseConnection>) -> Response {
    let profile = clinic::clinic_profile(&db).await.ok();
    let name = profile
        .as_ref()
        .map_or_else(|| "the clinic".to_owned(), |p| p.name.clone());
    let name = html_escape::encode_text(&name);
    let call = match profile.as_ref().and_then(|p| p.phone.clone()) {
        Some(phone) => {
            let dial: String = phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!(
                r#"<p>To reach {name} now, call <a href="tel:{dial}">{}</a>. In an emergency, call 911.</p>"#,
                html_escape::encode_text(&phone)
            )
        }
        None => format!("<p>To reach {name} now, call the clinic. In an emergency, call 911.</p>"),
    };
    let page = format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>You are offline · Portico</title>
<link rel="stylesheet" href="/pkg/portico.css">
<link rel="manifest" href="/manifest.webmanifest">
<meta name="theme-color" content="#0b5d6b">
</head>
<body>
<main id="main" class="container stack">
<h1>You are offline</h1>
<p>Your records, messages and appointments need a connection: Portico keeps none of them on this device.</p>
{call}
<p><a class="button" href="/">Try again</a></p>
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
