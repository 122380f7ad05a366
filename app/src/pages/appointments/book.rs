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
    i18n::{Words, t, t_args},
    pages::patient::{PatientBanner, patient_id},
};

#[component]
pub fn BookPage() -> impl IntoView {
    view! {
        <Title text=t("appointments-book") />
        <SignedIn>
            <Book address=Address::here() words=Words::of(&BOOK_WORDS) />
        </SignedIn>
    }
}

/// What the booking page shows (it runs in the browser too).
const BOOK_WORDS: [&str; 28] = [
    "appointments-book",
    "appointments-all",
    "appointments-zone",
    "visit-with",
    "messages-sending",
    "book-loading",
    "book-move-title",
    "book-choose-time",
    "book-move",
    "book-moving",
    "book-reason",
    "book-book",
    "book-booking",
    "book-request-title",
    "book-request-first",
    "book-request-first-example",
    "book-request-another",
    "book-request-reason",
    "book-request-send",
    "book-for-someone-else",
    "book-now",
    "book-kind",
    "book-type-minutes",
    "book-by-clinic",
    "book-first-available",
    "book-show-times",
    "book-none-open",
    "book-later",
];

#[island(lazy)]
fn Book(address: Address, words: Words) -> impl IntoView {
    words.provide();
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
        <Suspense fallback=|| view! { <p>{t("book-loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Choices p book reschedule request /> }.into_any(),
                    Err(e) => view! {
                        <h1>{t("appointments-book")}</h1>
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
        t("book-move-title")
    } else {
        t("appointments-book")
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
                <legend>{t("book-choose-time")}</legend>
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
                    <SubmitButton action=reschedule label=t("book-move") busy=t("book-moving") />
                </ActionForm>
                <ActionResult action=reschedule ok=booked />
            }.into_any(),
            None => view! {
                <ActionForm action=book attr:class="stack booking">
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <input type="hidden" name="visit_type" value=chosen_id.clone() />
                    {times_view}
                    <label for="reason">{t("book-reason")}</label>
                    <textarea id="reason" name="reason" rows="3" maxlength="500"></textarea>
                    <SubmitButton action=book label=t("book-book") busy=t("book-booking") />
                </ActionForm>
                <ActionResult action=book ok=booked />
            }.into_any(),
        }
    });
    let (request_patient, request_type) = (patient.clone(), chosen_id.clone());
    let refused = p.chosen.as_ref().and_then(|c| c.refusal.clone()).map(|why| view! {
        <section class="card" aria-labelledby="request-title">
            <h2 id="request-title">{t("book-request-title")}</h2>
            <p>{format!("{why}.")}</p>
            <ActionForm action=request attr:class="stack">
                <input type="hidden" name="patient_id" value=request_patient />
                <input type="hidden" name="visit_type" value=request_type />
                <label for="first">{t("book-request-first")}</label>
                <input id="first" name="first" required maxlength="100" placeholder=t("book-request-first-example") />
                <label for="second">{t("book-request-another")}</label>
                <input id="second" name="second" maxlength="100" />
                <label for="third">{t("book-request-another")}</label>
                <input id="third" name="third" maxlength="100" />
                <label for="request-reason">{t("book-request-reason")}</label>
                <textarea id="request-reason" name="reason" rows="3" maxlength="500"></textarea>
                <SubmitButton action=request label=t("book-request-send") busy=t("messages-sending") />
            </ActionForm>
            <ActionResult action=request ok=|m: &String| m.clone() />
        </section>
    });
    let none_open = p.chosen.as_ref().is_some_and(|c| c.refusal.is_none()) && p.days.is_empty();
    view! {
        <PatientBanner header=p.header.clone() />
        <p><a href=back>{t("appointments-all")}</a></p>
        <h1>{heading}</h1>
        {p.for_someone_else.then(|| view! {
            <p class="notice">{t_args("book-for-someone-else", vec![("name", p.header.name.clone().into())])}</p>
        })}
        {p.moving.clone().map(|m| view! {
            <p>{t_args("book-now", vec![
                ("day", m.day.unwrap_or_default().into()),
                ("time", m.time.unwrap_or_default().into()),
                ("clinician", m.clinician.unwrap_or_default().into()),
            ])}</p>
        })}
        <form method="get" action="" class="filters">
            {moving_id.clone().map(|m| view! { <input type="hidden" name="moving" value=m /> })}
            <fieldset>
                <legend>{t("book-kind")}</legend>
                {p.visit_types.iter().map(|v| {
                    let input = format!("type-{}", v.id);
                    let checked = v.id == chosen_id;
                    view! {
                        <label for=input.clone() class="choice">
                            <input type="radio" id=input.clone() name="visit_type" value=v.id.clone() checked=checked required />
                            {t_args("book-type-minutes", vec![("name", (&v.name).into()), ("minutes", i64::from(v.minutes).into())])}
                            {v.refusal.is_some().then(|| view! { <span class="hint">{format!(" · {}", t("book-by-clinic"))}</span> })}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div>
                <label for="clinician">{t("visit-with")}</label>
                <select id="clinician" name="clinician">
                    <option value="">{t("book-first-available")}</option>
                    {p.clinicians.iter().map(|(id, name)| {
                        let chosen = clinician.get_untracked() == *id;
                        view! { <option value=id.clone() selected=chosen>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{t("book-show-times")}</button>
        </form>
        <p class="hint">{t_args("appointments-zone", vec![("zone", p.zone.clone().into())])}</p>
        {none_open.then(|| view! { <p>{t("book-none-open")}</p> })}
        {times}
        {later.map(|href| view! { <p><a href=href>{t("book-later")}</a></p> })}
        {refused}
    }
}
