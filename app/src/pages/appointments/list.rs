//! A patient's visits: upcoming (soonest first, with what to bring and whether the clinic waits
//! for a confirmation), requests the clinic has not booked yet, the latest past visits, and
//! appointments that came with imported records (read-only).

use leptos::prelude::*;
use leptos_meta::Title;

use super::VisitFacts;
use crate::{
    api::scheduling::{ConfirmAppointment, VisitView, get_appointments},
    components::query::Address,
    components::{
        form::{ActionResult, SubmitButton},
        session::SignedIn,
    },
    pages::patient::{PatientBanner, patient_id},
};

#[component]
pub fn AppointmentsPage() -> impl IntoView {
    view! {
        <Title text="Appointments" />
        <SignedIn>
            <Appointments address=Address::here() />
        </SignedIn>
    }
}

#[island(lazy)]
fn Appointments(address: Address) -> impl IntoView {
    address.provide();
    crate::island_ready();
    let id = patient_id();
    let confirm = ServerAction::<ConfirmAppointment>::new();
    let page = Resource::new(
        move || (id.get(), confirm.version().get()),
        |(id, _)| async move { get_appointments(id?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading appointments…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let book = format!("/patients/{}/appointments/book", p.header.patient_id);
                        let patient = p.header.patient_id.to_string();
                        let upcoming_empty = p.upcoming.is_empty();
                        view! {
                            <PatientBanner header=p.header.clone() />
                            <h1>"Appointments"</h1>
                            <p class="hint">{format!("Times are the clinic's ({}).", p.zone)}</p>
                            {p.may_book.then(|| view! {
                                <p><a class="button" href=book>"Book a visit"</a></p>
                            })}
                            <section class="card" aria-labelledby="upcoming-title">
                                <h2 id="upcoming-title">"Upcoming"</h2>
                                {upcoming_empty.then(|| view! { <p>"No upcoming visits."</p> })}
                                <ul class="item-list visits">
                                    {p.upcoming.into_iter().map(|v| {
                                        let patient = patient.clone();
                                        view! { <UpcomingVisit visit=v patient confirm may_confirm=p.may_book /> }
                                    }).collect_view()}
                                </ul>
                                <ActionResult action=confirm ok=|_: &()| "Thank you: the clinic knows you are coming.".to_owned() />
                            </section>
                            {(!p.requests.is_empty()).then(|| view! {
                                <section class="card" aria-labelledby="requests-title">
                                    <h2 id="requests-title">"Requests"</h2>
                                    <ul class="item-list">
                                        {p.requests.clone().into_iter().map(|v| view! {
                                            <li>
                                                <a href=v.href.clone()>{format!("{} (requested)", v.visit_type)}</a>
                                                <p class="hint">"The clinic will book a time and let you know."</p>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section class="card" aria-labelledby="past-title">
                                <h2 id="past-title">"Past and cancelled"</h2>
                                {p.past.is_empty().then(|| view! { <p>"None yet."</p> })}
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
                                    <h2 id="imported-title">"From your records"</h2>
                                    <p class="hint">"Visits that came with records from the clinic's other systems. To change one, call the clinic."</p>
                                    <ul class="item-list">
                                        {p.imported.clone().into_iter().map(|v| view! {
                                            <li>
                                                <strong>{format!("{} · {}", v.when, v.title)}</strong>
                                                " "<span class="tag">{v.status_label.clone()}</span>
                                                {(!v.with.is_empty()).then(|| view! { <br /><span class="hint">{format!("With {}", v.with.join(", "))}</span> })}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>"Appointments"</h1>
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
                <p class="notice">"The clinic booked this visit for you. Please confirm you can come."</p>
                <ActionForm action=confirm>
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <input type="hidden" name="appointment_id" value=id.clone() />
                    <SubmitButton action=confirm label="Confirm I'll come" busy="Confirming…" />
                </ActionForm>
            })}
            {visit.check_in_href.clone().map(|href| view! {
                <p><a class="button button--secondary" href=href>"Check in online"</a></p>
            })}
            {visit.checked_in.then_some(view! { <p class="hint">"Checked in online."</p> })}
            <p><a href=visit.href.clone()>"Details, calendar, move or cancel"</a></p>
        </li>
    }
}
