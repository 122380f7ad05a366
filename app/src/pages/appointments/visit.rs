//! One visit: when, where, with whom, what to bring and why it was booked; add it to a calendar
//! (`.ics`), move or cancel it within the clinic's rules (after the cut-off: call the clinic),
//! confirm a visit the clinic booked; for the front desk, mark arrival, a missed visit, or seen.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{VISIT_FACTS_WORDS, VisitFacts};
use crate::i18n::Words;
use crate::{
    api::scheduling::{
        CancelAppointment, ConfirmAppointment, MarkAppointment, appointment_calendar,
        get_appointment,
    },
    components::query::Address,
    components::{
        download::save_download,
        form::{ActionResult, SubmitButton, Task, TaskStatus},
        session::SignedIn,
    },
    pages::patient::{PatientBanner, param, patient_id},
};

#[component]
pub fn AppointmentPage() -> impl IntoView {
    view! {
        <Title text="Appointment" />
        <SignedIn>
            <Visit address=Address::here() words=Words::of(&VISIT_FACTS_WORDS) />
        </SignedIn>
    }
}

#[island(lazy)]
fn Visit(address: Address, words: Words) -> impl IntoView {
    words.provide();
    address.provide();
    crate::island_ready();
    let id = patient_id();
    let appointment = param::<portico_types::AppointmentId>("appointment");
    let cancel = ServerAction::<CancelAppointment>::new();
    let confirm = ServerAction::<ConfirmAppointment>::new();
    let mark = ServerAction::<MarkAppointment>::new();
    let page = Resource::new(
        move || {
            (
                id.get(),
                appointment.get(),
                cancel.version().get() + confirm.version().get() + mark.version().get(),
            )
        },
        |(id, appointment, _)| async move { get_appointment(id?, appointment?).await },
    );
    let calendar = Task::new();
    view! {
        <Suspense fallback=|| view! { <p>"Loading the visit…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let v = p.visit.clone();
                        let patient = p.header.patient_id.clone();
                        let visit_id = v.id.clone();
                        let (pid, vid) = (patient.to_string(), visit_id.to_string());
                        let back = format!("/patients/{patient}/appointments");
                        let move_href = format!("/patients/{patient}/appointments/book?moving={visit_id}");
                        let has_time = v.day.is_some() && v.status != "cancelled";
                        let save = {
                            let (patient, visit_id) = (patient.clone(), visit_id.clone());
                            move |_| {
                                let work = appointment_calendar(patient.clone(), visit_id.clone());
                                calendar.run(work, |file| {
                                    save_download(&file).map(|()| Some(format!("Saved {}.", file.file_name)))
                                });
                            }
                        };
                        let heading = match (&v.day, &v.time) {
                            (Some(day), Some(time)) => format!("{} on {day} at {time}", v.visit_type),
                            _ => format!("{} (requested)", v.visit_type),
                        };
                        view! {
                            <PatientBanner header=p.header.clone() />
                            <p><a href=back>"All appointments"</a></p>
                            <h1>{heading}</h1>
                            <p><span class="tag">{v.status_label.clone()}</span>
                                {v.late_cancellation.then_some(" Cancelled less than the clinic's notice before.")}</p>
                            <section class="card" aria-labelledby="visit-title">
                                <h2 id="visit-title">"The visit"</h2>
                                <VisitFacts visit=v.clone() />
                                {v.reason.clone().map(|r| view! { <p><strong>"Reason: "</strong>{r}</p> })}
                                {(!v.preferred.is_empty()).then(|| view! {
                                    <p><strong>"Preferred times: "</strong>{v.preferred.join("; ")}</p>
                                })}
                                {v.cancel_reason.clone().map(|r| view! { <p><strong>"Why it was cancelled: "</strong>{r}</p> })}
                                <p class="hint">{format!("Times are the clinic's ({}).", p.zone)}</p>
                                {has_time.then(|| view! {
                                    <button type="button" class="button button--secondary" on:click=save.clone()>"Add to calendar (.ics)"</button>
                                    <TaskStatus task=calendar />
                                })}
                            </section>
                            {v.check_in_href.clone().map(|href| view! {
                                <section class="card" aria-labelledby="check-in-title">
                                    <h2 id="check-in-title">"Check in online"</h2>
                                    <p>"Save time at the desk: confirm your details and answer a few questions before the visit."</p>
                                    <p><a class="button" href=href>"Check in online"</a></p>
                                </section>
                            })}
                            {v.checked_in.then(|| view! {
                                <p class="notice">"Checked in online. "
                                    <a href=format!("{}/check-in", v.href)>"See what was sent"</a></p>
                            })}
                            {(v.needs_confirmation && p.may_change && !p.by_clinic).then(|| view! {
                                <section class="card" aria-labelledby="confirm-title">
                                    <h2 id="confirm-title">"Confirm"</h2>
                                    <p>"The clinic booked this visit. Please confirm you can come."</p>
                                    { let (pid, vid) = (pid.clone(), vid.clone()); view! { <ActionForm action=confirm>
                                        <input type="hidden" name="patient_id" value=pid />
                                        <input type="hidden" name="appointment_id" value=vid />
                                        <SubmitButton action=confirm label="Confirm I'll come" busy="Confirming…" />
                                    </ActionForm> } }
                                    <ActionResult action=confirm ok=|_: &()| "Confirmed.".to_owned() />
                                </section>
                            })}
                            {if p.may_change {
                                view! {
                                    <section class="card" aria-labelledby="change-title">
                                        <h2 id="change-title">"Change or cancel"</h2>
                                        <p><a class="button button--secondary" href=move_href>"Move to another time"</a></p>
                                        { let (pid, vid) = (pid.clone(), vid.clone()); view! { <ActionForm action=cancel attr:class="stack">
                                            <input type="hidden" name="patient_id" value=pid />
                                            <input type="hidden" name="appointment_id" value=vid />
                                            <label for="cancel-reason">"Why are you cancelling? (optional)"</label>
                                            <textarea id="cancel-reason" name="reason" rows="2" maxlength="500"></textarea>
                                            <SubmitButton action=cancel label="Cancel this visit" busy="Cancelling…" class="button button--danger" />
                                        </ActionForm> } }
                                        <ActionResult action=cancel ok=|_: &()| "The visit is cancelled and its time is free for someone else.".to_owned() />
                                    </section>
                                }.into_any()
                            } else {
                                v.change_refusal.clone().filter(|_| v.status == "booked").map(|why| view! {
                                    <p class="notice">{format!("To change this visit: {why}.")}</p>
                                }).into_any()
                            }}
                            {(p.by_clinic && matches!(v.status.as_str(), "booked" | "arrived")).then(|| view! {
                                <section class="card" aria-labelledby="mark-title">
                                    <h2 id="mark-title">"On the day"</h2>
                                    <div class="actions">
                                        {[("arrived", "Mark arrived"), ("noshow", "Mark missed"), ("fulfilled", "Mark seen")].into_iter().map(|(code, label)| view! {
                                            { let (pid, vid) = (pid.clone(), vid.clone()); view! { <ActionForm action=mark>
                                                <input type="hidden" name="patient_id" value=pid />
                                                <input type="hidden" name="appointment_id" value=vid />
                                                <input type="hidden" name="marking" value=code />
                                                <SubmitButton action=mark label=label busy="Saving…" class="button button--secondary" />
                                            </ActionForm> } }
                                        }).collect_view()}
                                    </div>
                                    <ActionResult action=mark ok=|_: &()| "Saved.".to_owned() />
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>"Appointment"</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
