//! Portico's user interface and its server functions. Compiled twice: for the browser (`hydrate`)
//! and for the server (`ssr`). Server-only code sits behind `#[cfg(feature = "ssr")]` and reaches
//! the domain crate; nothing here decides policy or touches SQL.

// The release WASM build (hydrate, opt-level z) computes the layout of deeply nested view types;
// the default query depth of 128 is not enough for the record and sharing pages.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod pages;
pub mod passkey;
mod routes;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::{
    components::{error_page::ErrorPage, layout::Layout, session::provide_session},
    pages::{auth::sign_in::SignInPage, not_found::NotFoundPage},
    routes::*,
};

/// The HTML document around the app. The hydration scripts carry the per-response CSP nonce that
/// the server provides in context.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session();

    view! {
        <Stylesheet id="portico" href="/pkg/portico.css" />
        <Link rel="manifest" href="/manifest.webmanifest" />
        <Link rel="icon" href="/favicon.ico" sizes="32x32" />
        <Link rel="icon" href="/icons/icon.svg" type_="image/svg+xml" />
        <Link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
        <Meta name="theme-color" content="#0b5d6b" />
        <Meta name="description" content="Your health record, appointments and care team, in one secure place." />
        <Title formatter=|title: String| {
            if title.is_empty() { "Portico".to_owned() } else { format!("{title} · Portico") }
        } />
        // Every page renders completely on the server before the first byte goes out (async SSR):
        // pages are small, a failure can still become the error page (and its status), and no
        // half-rendered page depends on JavaScript to finish.
        <Router>
            <Layout>
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    // Only the sign-in page is in the first download; every other page's code is
                    // its own part of the WASM (`routes`), fetched when the page is first shown
                    // (and preloaded by the server when it renders that page).
                    <Routes fallback=|| hydrated_page(NotFoundPage)>
                        <Route path=path!("sign-in") view=|| hydrated_page(SignInPage) ssr=SsrMode::Async />
                        <Route path=path!("") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("contact") view={Lazy::<ContactRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("enroll") view={Lazy::<EnrollRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("recover") view={Lazy::<RecoverRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("security") view={Lazy::<SecurityRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("staff/invitations") view={Lazy::<InvitationsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("staff/patients") view={Lazy::<PatientsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("staff/import") view={Lazy::<ImportRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("patients/:id") view={Lazy::<RecordSummaryRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/about") view={Lazy::<PatientOverviewRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/records/:section") view={Lazy::<RecordSectionRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/records/:section/:entry") view={Lazy::<RecordEntryRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/sharing") view={Lazy::<SharingRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/access-log") view={Lazy::<AccessLogRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/appointments") view={Lazy::<AppointmentsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/appointments/book") view={Lazy::<BookRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/appointments/:appointment") view={Lazy::<AppointmentRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("staff/schedule") view={Lazy::<ScheduleRoute>::new()} ssr=SsrMode::Async />
                    </Routes>
                </ErrorBoundary>
            </Layout>
        </Router>
    }
}

/// A page in the first download, marked as hydrated once it is.
fn hydrated_page<V: IntoView>(page: fn() -> V) -> V {
    mark_hydrated();
    page()
}

/// Marks `<body data-hydrated>` once the WASM has taken over the server-rendered page, including
/// the page itself: every route calls it from its own view, so for a lazy route the mark waits for
/// the route's chunk (the shell hydrates first). Effects only run in the browser, so the attribute
/// never appears in server HTML; CSS uses it for progressive enhancement and browser tests wait
/// for it before clicking.
pub(crate) fn mark_hydrated() {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "");
        }
    });
}
