//! Portico's user interface and its server functions. Compiled twice: for the browser (`hydrate`)
//! and for the server (`ssr`). Server-only code sits behind `#[cfg(feature = "ssr")]` and reaches
//! the domain crate; nothing here decides policy or touches SQL.
//!
//! Leptos islands: every page is rendered on the server, and only `#[island]` components run in
//! the browser (the passkey steps, forms that show their outcome in place, downloads, the Menu
//! button, the idle warning). The router and the session exist on the server only; an island gets
//! what it needs as props (`components::query::Address` for the page's address). Islands are
//! `lazy`, so each is its own WASM chunk, fetched only on pages that hold it: a page downloads
//! the small shell and its own islands, and a new area adds nothing to the others. Two are in the
//! shell itself: the Menu button (on every page) and the sign-in form (the page most people load
//! first, which as a chunk of its own came with some fifty small chunks of shared code).

// The release WASM build (hydrate, opt-level z) computes the layout of deeply nested view types;
// the default query depth of 128 is not enough for the record and sharing pages.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod passkey;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::{
    components::{error_page::ErrorPage, layout::Layout, session::provide_session},
    pages::{
        account::security::SecurityPage,
        admin::audit::AuditPage,
        admin::schedule::ScheduleSettingsPage,
        appointments::{
            book::BookPage, check_in::CheckInPage, list::AppointmentsPage, visit::AppointmentPage,
        },
        auth::{enroll::EnrollPage, recover::RecoverPage, sign_in::SignInPage},
        billing::{account::BillingPage, office::OfficePage, statement::StatementPage},
        contact::ContactPage,
        home::HomePage,
        messages::{list::MessagesPage, thread::ConversationPage},
        not_found::NotFoundPage,
        patient::{
            access_log::AccessLogPage,
            overview::PatientOverviewPage,
            record::{RecordEntryPage, RecordSectionPage, RecordSummaryPage},
            sharing::SharingPage,
        },
        renewals::{decide::RenewalDecisionPage, list::RenewalsPage, request::RenewalRequestPage},
        staff::{
            import::ImportPage, inbox::InboxPage, invitations::InvitationsPage,
            patients::PatientsPage, schedule::SchedulePage,
        },
    },
};

/// The HTML document around the app. The hydration scripts carry the per-response CSP nonce that
/// the server provides in context.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=crate::i18n::locale().tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                // The service worker (installable, an offline page; it stores no page): see /sw.js.
                <script nonce=leptos::nonce::use_nonce() src="/sw-register.js" defer></script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The document's title: the page's own, then the portal's name. A page's title may hold text
/// from the record (a problem's name, a message's subject); leptos_meta 0.8 writes the server's
/// `<title>` into the HTML unescaped, where `</title><svg onload=…>` would end the element and
/// inject markup (found by the XSS corpus test; the CSP blocked it). On the server the title is
/// therefore escaped as text; in the browser `document.title` takes a plain string.
fn page_title(title: String) -> String {
    let title = if title.is_empty() {
        "Portico".to_owned()
    } else {
        format!("{title} · Portico")
    };
    as_title_text(title)
}

#[cfg(feature = "ssr")]
fn as_title_text(title: String) -> String {
    html_escape::encode_text(&title).into_owned()
}

#[cfg(not(feature = "ssr"))]
fn as_title_text(title: String) -> String {
    title
}

#[cfg(all(test, feature = "ssr"))]
mod title_tests {
    #[test]
    fn record_text_in_a_title_cannot_end_the_element() {
        let title = super::page_title("</title><svg onload=alert(1)> & co".into());
        assert_eq!(
            title,
            "&lt;/title&gt;&lt;svg onload=alert(1)&gt; &amp; co · Portico"
        );
        assert_eq!(super::page_title(String::new()), "Portico");
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
        <Title formatter=page_title />
        // Every page renders completely on the server before the first byte goes out (async SSR):
        // pages are small, a failure can still become the error page (and its status), and no
        // half-rendered page depends on JavaScript to finish.
        <Router>
            <Layout>
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    // Pages render on the server only. What runs in the browser are islands
                    // (`#[island(lazy)]`): each is its own part of the WASM, fetched when a page
                    // that holds it is shown, so a page downloads the small shell and its own
                    // islands, never the views of other pages.
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("sign-in") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("contact") view=ContactPage ssr=SsrMode::Async />
                        <Route path=path!("enroll") view=EnrollPage ssr=SsrMode::Async />
                        <Route path=path!("recover") view=RecoverPage ssr=SsrMode::Async />
                        <Route path=path!("security") view=SecurityPage ssr=SsrMode::Async />
                        <Route path=path!("staff/invitations") view=InvitationsPage ssr=SsrMode::Async />
                        <Route path=path!("staff/patients") view=PatientsPage ssr=SsrMode::Async />
                        <Route path=path!("staff/import") view=ImportPage ssr=SsrMode::Async />
                        <Route path=path!("admin/audit") view=AuditPage ssr=SsrMode::Async />
                        <Route path=path!("admin/schedule") view=ScheduleSettingsPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id") view=RecordSummaryPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/about") view=PatientOverviewPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/records/:section") view=RecordSectionPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/records/:section/:entry") view=RecordEntryPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/sharing") view=SharingPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/access-log") view=AccessLogPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/appointments") view=AppointmentsPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/appointments/book") view=BookPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/appointments/:appointment") view=AppointmentPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/appointments/:appointment/check-in") view=CheckInPage ssr=SsrMode::Async />
                        <Route path=path!("staff/schedule") view=SchedulePage ssr=SsrMode::Async />
                        <Route path=path!("staff/inbox") view=InboxPage ssr=SsrMode::Async />
                        <Route path=path!("staff/billing") view=OfficePage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/messages") view=MessagesPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/messages/:conversation") view=ConversationPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/renewals") view=RenewalsPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/renewals/request/:entry") view=RenewalRequestPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/renewals/:request") view=RenewalDecisionPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/billing") view=BillingPage ssr=SsrMode::Async />
                        <Route path=path!("patients/:id/billing/statements/:month") view=StatementPage ssr=SsrMode::Async />
                    </Routes>
                </ErrorBoundary>
            </Layout>
        </Router>
    }
}

/// Marks `<body data-hydrated>` once every island on the page (the parts of it that run in the
/// browser) has hydrated: each island calls this from its view, and the last one to hydrate sets
/// the mark. Effects only run in the browser, so the attribute never appears in server HTML; CSS
/// uses it for progressive enhancement and browser tests wait for it before clicking.
pub(crate) fn island_ready() {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let document = document();
            let Some(body) = document.body() else {
                return;
            };
            let ready = body
                .get_attribute("data-islands-ready")
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or(0)
                + 1;
            let _ = body.set_attribute("data-islands-ready", &ready.to_string());
            let islands = document
                .query_selector_all("leptos-island")
                .map(|list| list.length())
                .unwrap_or(0);
            if ready >= islands {
                let _ = body.set_attribute("data-hydrated", "");
            }
        }
    });
}
