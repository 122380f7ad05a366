//! The pages that are not part of the first download. Each is a lazy route: with
//! `cargo leptos build --split` its view code becomes its own WASM chunk, fetched the first time
//! the page is shown in the browser, and preloaded when the server renders that page. Code that
//! several pages share (the step-up prompt, charts…) lands in shared chunks. A new area adds its
//! pages here, so it adds to the sign-in page's first load only what the shell itself needs.

use leptos::prelude::*;

use crate::pages::{
    account::security::SecurityPage,
    admin::audit::AuditPage,
    appointments::{book::BookPage, list::AppointmentsPage, visit::AppointmentPage},
    auth::{enroll::EnrollPage, recover::RecoverPage},
    contact::ContactPage,
    home::HomePage,
    patient::{
        access_log::AccessLogPage,
        overview::PatientOverviewPage,
        record::{RecordEntryPage, RecordSectionPage, RecordSummaryPage},
        sharing::SharingPage,
    },
    staff::{
        import::ImportPage, invitations::InvitationsPage, patients::PatientsPage,
        schedule::SchedulePage,
    },
};

/// A lazy route for a page component without props.
macro_rules! lazy_page {
    ($($route:ident => $page:ident),+ $(,)?) => {$(
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                crate::mark_hydrated();
                $page().into_any()
            }
        }
    )+};
}

lazy_page! {
    HomeRoute => HomePage,
    ContactRoute => ContactPage,
    EnrollRoute => EnrollPage,
    RecoverRoute => RecoverPage,
    SecurityRoute => SecurityPage,
    InvitationsRoute => InvitationsPage,
    PatientsRoute => PatientsPage,
    ImportRoute => ImportPage,
    AuditRoute => AuditPage,
    RecordSummaryRoute => RecordSummaryPage,
    PatientOverviewRoute => PatientOverviewPage,
    RecordSectionRoute => RecordSectionPage,
    RecordEntryRoute => RecordEntryPage,
    SharingRoute => SharingPage,
    AccessLogRoute => AccessLogPage,
    AppointmentsRoute => AppointmentsPage,
    BookRoute => BookPage,
    AppointmentRoute => AppointmentPage,
    ScheduleRoute => SchedulePage,
}
