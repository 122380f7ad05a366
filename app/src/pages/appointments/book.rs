//! Booking a visit, or moving one: choose the kind of visit and a clinician (or the first
//! available), then a day and an open time, say why (optional, kept confidential), and book.
//! The choices are a GET form (a link you can keep) and the booking a plain POST form, so both
//! work before the page's script arrives. A visit type the clinic books itself becomes a request
//! with up to three preferred times.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::scheduling::{
        BookAppointment, BookedView, BookingPage, RequestAppointment, RescheduleAppointment,
        get_booking_options,
    },
    components::{
        form::{ActionResult, SubmitButton},
        query::{Address, query_value},
        session::SignedIn,
    },
    pages::patient::{PatientBanner, patient_id},
};

#[component]
pub fn BookPage() -> impl IntoView {
    view! {
        <Title text="Book a visit" />
        <SignedIn>
            <Book address=Address::here() />
        </SignedIn>
    }
}

#[island(lazy)]
fn Book(address: Address) -> impl IntoView {
    address.provide();
    crate::island_ready();
    let id = patient_id();
    let visit_type = query_value("visit_type");
    let clinician = query_value("clinician");
    let from = query_value("from");
    let moving = query_value("moving");
    let book = ServerAction::<BookAppointment>::new();
    let reschedule = ServerAction::<RescheduleAppointment>::new();
    let request = ServerAction::<RequestAppointment>::new();
    let page = Resource::new(
        move || {
            (
                id.get(),
                visit_type.get(),
                clinician.get(),
                from.get(),
                moving.get(),
                book.version().get() + reschedule.version().get(),
            )
        },
        |(id, visit_type, clinician, from, moving, _)| async move {
            let moving = match moving.trim() {
                "" => None,
                m => Some(m.parse()?),
            };
            get_booking_options(id?, visit_type, clinician, from, moving).await
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading open times…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Choices p book reschedule request /> }.into_any(),
                    Err(e) => view! {
                        <h1>"Book a visit"</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn booked(view: &BookedView) -> String {
    view.summary.clone()
}

#[component]
fn Choices(
    p: BookingPage,
    book: ServerAction<BookAppointment>,
    reschedule: ServerAction<RescheduleAppointment>,
    request: ServerAction<RequestAppointment>,
) -> impl IntoView {
    let patient = p.header.patient_id.to_string();
    let back = format!("/patients/{patient}/appointments");
    let heading = if p.moving.is_some() {
        "Move a visit"
    } else {
        "Book a visit"
    };
    let chosen_id = p.chosen.as_ref().map(|c| c.id.clone()).unwrap_or_default();
    let clinician = query_value("clinician");
    let moving_id = p.moving.as_ref().map(|m| m.id.to_string());
    let later = p.next_from.clone().map(|next| {
        let mut href = format!(
            "?visit_type={chosen_id}&clinician={}&from={next}",
            clinician.get_untracked()
        );
        if let Some(m) = &moving_id {
            href.push_str(&format!("&moving={m}"));
        }
        href
    });
    let times = (!p.days.is_empty()).then(|| {
        let days = p.days.clone();
        let times_view = view! {
            <fieldset class="times">
                <legend>"Choose a time"</legend>
                {days.into_iter().map(|day| {
                    let group = format!("day-{}", day.day);
                    view! {
                        <div class="day" role="group" aria-labelledby=group.clone()>
                            <h2 id=group.clone()>{day.label.clone()}</h2>
                            <div class="time-list">
                                {day.times.into_iter().map(|t| {
                                    let input = format!("slot-{}", t.slot_id);
                                    view! {
                                        <label class="time" for=input.clone()>
                                            <input type="radio" id=input.clone() name="slot_id" value=t.slot_id.to_string() required />
                                            <span>{t.label.clone()}</span>
                                            <span class="hint">{format!("{} · {}", t.clinician, t.place)}</span>
                                        </label>
                                    }
                                }).collect_view()}
                            </div>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        };
        let (patient, chosen_id) = (patient.clone(), chosen_id.clone());
        match moving_id.clone() {
            Some(m) => view! {
                <ActionForm action=reschedule attr:class="stack booking">
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <input type="hidden" name="appointment_id" value=m />
                    {times_view}
                    <SubmitButton action=reschedule label="Move the visit" busy="Moving…" />
                </ActionForm>
                <ActionResult action=reschedule ok=booked />
            }.into_any(),
            None => view! {
                <ActionForm action=book attr:class="stack booking">
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <input type="hidden" name="visit_type" value=chosen_id.clone() />
                    {times_view}
                    <label for="reason">"What is the visit about? (optional; only your care team sees it)"</label>
                    <textarea id="reason" name="reason" rows="3" maxlength="500"></textarea>
                    <SubmitButton action=book label="Book this time" busy="Booking…" />
                </ActionForm>
                <ActionResult action=book ok=booked />
            }.into_any(),
        }
    });
    let (request_patient, request_type) = (patient.clone(), chosen_id.clone());
    let refused = p.chosen.as_ref().and_then(|c| c.refusal.clone()).map(|why| view! {
        <section class="card" aria-labelledby="request-title">
            <h2 id="request-title">"Ask for a visit"</h2>
            <p>{format!("{why}.")}</p>
            <ActionForm action=request attr:class="stack">
                <input type="hidden" name="patient_id" value=request_patient />
                <input type="hidden" name="visit_type" value=request_type />
                <label for="first">"A time that suits you"</label>
                <input id="first" name="first" required maxlength="100" placeholder="Tuesday mornings" />
                <label for="second">"Another (optional)"</label>
                <input id="second" name="second" maxlength="100" />
                <label for="third">"Another (optional)"</label>
                <input id="third" name="third" maxlength="100" />
                <label for="request-reason">"What is the visit about? (optional)"</label>
                <textarea id="request-reason" name="reason" rows="3" maxlength="500"></textarea>
                <SubmitButton action=request label="Send the request" busy="Sending…" />
            </ActionForm>
            <ActionResult action=request ok=|m: &String| m.clone() />
        </section>
    });
    let none_open = p.chosen.as_ref().is_some_and(|c| c.refusal.is_none()) && p.days.is_empty();
    view! {
        <PatientBanner header=p.header.clone() />
        <p><a href=back>"All appointments"</a></p>
        <h1>{heading}</h1>
        {p.for_someone_else.then(|| view! {
            <p class="notice">{format!("You are booking for {}.", p.header.name)}</p>
        })}
        {p.moving.clone().map(|m| view! {
            <p>{format!("Now: {} {} with {}.", m.day.unwrap_or_default(), m.time.unwrap_or_default(), m.clinician.unwrap_or_default())}</p>
        })}
        <form method="get" action="" class="filters">
            {moving_id.clone().map(|m| view! { <input type="hidden" name="moving" value=m /> })}
            <fieldset>
                <legend>"Kind of visit"</legend>
                {p.visit_types.iter().map(|v| {
                    let input = format!("type-{}", v.id);
                    let checked = v.id == chosen_id;
                    view! {
                        <label for=input.clone() class="choice">
                            <input type="radio" id=input.clone() name="visit_type" value=v.id.clone() checked=checked required />
                            {format!("{} ({} minutes)", v.name, v.minutes)}
                            {v.refusal.is_some().then(|| view! { <span class="hint">" · booked by the clinic"</span> })}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div>
                <label for="clinician">"With"</label>
                <select id="clinician" name="clinician">
                    <option value="">"First available"</option>
                    {p.clinicians.iter().map(|(id, name)| {
                        let chosen = clinician.get_untracked() == *id;
                        view! { <option value=id.clone() selected=chosen>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">"Show open times"</button>
        </form>
        <p class="hint">{format!("Times are the clinic's ({}).", p.zone)}</p>
        {none_open.then(|| view! { <p>"No open times in these days. Try later days or another clinician, or call the clinic."</p> })}
        {times}
        {later.map(|href| view! { <p><a href=href>"Later times"</a></p> })}
        {refused}
    }
}
