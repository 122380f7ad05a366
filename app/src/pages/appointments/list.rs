//! A patient's visits: upcoming (soonest first, with what to bring and whether the clinic waits
//! for a confirmation), requests the clinic has not booked yet, the latest past visits, and
//! appointments that came with imported records (read-only).

use leptos::prelude::*;
use leptos_meta::Title;

use super::{VISIT_FACTS_WORDS, VisitFacts};
use crate::{
    api::scheduling::{ConfirmAppointment, VisitView, get_appointments},
    components::query::Address,
    components::{
        form::{ActionResult, SubmitButton},
        session::SignedIn,
    },
    i18n::{Words, t, t_args},
    pages::patient::{PatientBanner, patient_id},
};

#[component]
pub fn AppointmentsPage() -> impl IntoView {
    view! {
        <Title text=t("appointments-title") />
        <SignedIn>
            <Appointments address=Address::here() words=Words::of(&APPOINTMENTS_WORDS).and(&VISIT_FACTS_WORDS) />
        </SignedIn>
    }
}

/// What the appointments list shows (it runs in the browser too).
const APPOINTMENTS_WORDS: [&str; 22] = [
    "appointments-title",
    "appointments-loading",
    "appointments-zone",
    "appointments-book",
    "appointments-upcoming",
    "appointments-none-upcoming",
    "appointments-confirmed",
    "appointments-requests",
    "appointments-requested",
    "appointments-request-hint",
    "appointments-past",
    "appointments-none-past",
    "appointments-imported",
    "appointments-imported-hint",
    "appointments-with",
    "appointments-confirm-please",
    "appointments-confirm",
    "appointments-confirming",
    "appointments-check-in",
    "appointments-checked-in",
    "appointments-details",
    "loading",
];

#[island(lazy)]
fn Appointments(address: Address, words: Words) -> impl IntoView {
    words.provide();
    address.provide();
    crate::island_ready();
    let id = patient_id();
    let confirm = ServerAction::<ConfirmAppointment>::new();
    let page = Resource::new(
        move || (id.get(), confirm.version().get()),
        |(id, _)| async move { get_appointments(id?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("appointments-loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let book = format!("/patients/{}/appointments/book", p.header.patient_id);
                        let patient = p.header.patient_id.to_string();
                        let upcoming_empty = p.upcoming.is_empty();
                        view! {
                            <PatientBanner header=p.header.clone() />
                            <h1>{t("appointments-title")}</h1>
                            <p class="hint">{t_args("appointments-zone", vec![("zone", p.zone.clone().into())])}</p>
                            {p.may_book.then(|| view! {
                                <p><a class="button" href=book>{t("appointments-book")}</a></p>
                            })}
                            <section class="card" aria-labelledby="upcoming-title">
                                <h2 id="upcoming-title">{t("appointments-upcoming")}</h2>
                                {upcoming_empty.then(|| view! { <p>{t("appointments-none-upcoming")}</p> })}
                                <ul class="item-list visits">
                                    {p.upcoming.into_iter().map(|v| {
                                        let patient = patient.clone();
                                        view! { <UpcomingVisit visit=v patient confirm may_confirm=p.may_book /> }
                                    }).collect_view()}
                                </ul>
                                <ActionResult action=confirm ok=|_: &()| t("appointments-confirmed") />
                            </section>
                            {(!p.requests.is_empty()).then(|| view! {
                                <section class="card" aria-labelledby="requests-title">
                                    <h2 id="requests-title">{t("appointments-requests")}</h2>
                                    <ul class="item-list">
                                        {p.requests.clone().into_iter().map(|v| view! {
                                            <li>
                                                <a href=v.href.clone()>{t_args("appointments-requested", vec![("visit", v.visit_type.clone().into())])}</a>
                                                <p class="hint">{t("appointments-request-hint")}</p>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section class="card" aria-labelledby="past-title">
                                <h2 id="past-title">{t("appointments-past")}</h2>
                                {p.past.is_empty().then(|| view! { <p>{t("appointments-none-past")}</p> })}
                                <ul class="item-list">
                                    {p.past.into_iter().map(|v| view! {
                                        <li>
                                            <a href=v.href.clone()>{format!("{} · {}", v.day.clone().unwrap_or_default(), v.visit_type)}</a>
                                            " "<span class="tag">{v.status_label.clone()}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                            {(!p.imported.is_empty()).then(|| view! {
                                <section class="card" aria-labelledby="imported-title">
                                    <h2 id="imported-title">{t("appointments-imported")}</h2>
                                    <p class="hint">{t("appointments-imported-hint")}</p>
                                    <ul class="item-list">
                                        {p.imported.clone().into_iter().map(|v| view! {
                                            <li>
                                                <strong>{format!("{} · {}", v.when, v.title)}</strong>
                                                " "<span class="tag">{v.status_label.clone()}</span>
                                                {(!v.with.is_empty()).then(|| view! { <br /><span class="hint">{t_args("appointments-with", vec![("names", v.with.join(", ").into())])}</span> })}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>{t("appointments-title")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UpcomingVisit(
    visit: VisitView,
    patient: String,
    confirm: ServerAction<ConfirmAppointment>,
    may_confirm: bool,
) -> impl IntoView {
    let title = format!(
        "{} {}",
        visit.day.clone().unwrap_or_default(),
        visit.time.clone().unwrap_or_default()
    );
    let id = visit.id.to_string();
    view! {
        <li class="visit">
            <h3><a href=visit.href.clone()>{title}</a></h3>
            <VisitFacts visit=visit.clone() />
            {(visit.needs_confirmation && may_confirm).then(|| view! {
                <p class="notice">{t("appointments-confirm-please")}</p>
                <ActionForm action=confirm>
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <input type="hidden" name="appointment_id" value=id.clone() />
                    <SubmitButton action=confirm label=t("appointments-confirm") busy=t("appointments-confirming") />
                </ActionForm>
            })}
            {visit.check_in_href.clone().map(|href| view! {
                <p><a class="button button--secondary" href=href>{t("appointments-check-in")}</a></p>
            })}
            {visit.checked_in.then(|| view! { <p class="hint">{t("appointments-checked-in")}</p> })}
            <p><a href=visit.href.clone()>{t("appointments-details")}</a></p>
        </li>
    }
}
