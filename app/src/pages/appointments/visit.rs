//! One visit: when, where, with whom, what to bring and why it was booked; add it to a calendar
//! (`.ics`), move or cancel it within the clinic's rules (after the cut-off: call the clinic),
//! confirm a visit the clinic booked; for the front desk, mark arrival, a missed visit, or seen.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{VISIT_FACTS_WORDS, VisitFacts};
use crate::i18n::{Words, t, t_args};
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
        <Title text=t("visit-page-title") />
        <SignedIn>
            <Visit address=Address::here() words=Words::of(&VISIT_PAGE_WORDS).and(&VISIT_FACTS_WORDS).and(&crate::components::download::DOWNLOAD_WORDS) />
        </SignedIn>
    }
}

/// What the visit's page shows (it runs in the browser too).
const VISIT_PAGE_WORDS: [&str; 35] = [
    "appointments-all",
    "appointments-the-visit",
    "appointments-zone",
    "appointments-requested",
    "appointments-check-in",
    "appointments-checked-in",
    "appointments-confirm",
    "appointments-confirming",
    "summary-saved",
    "visit-page-title",
    "visit-page-loading",
    "visit-page-heading",
    "visit-page-late-cancellation",
    "visit-page-reason",
    "visit-page-preferred",
    "visit-page-cancel-reason",
    "visit-page-calendar",
    "visit-page-check-in-text",
    "visit-page-see-sent",
    "visit-page-confirm-title",
    "visit-page-confirm-text",
    "visit-page-confirmed",
    "visit-page-change-title",
    "visit-page-move",
    "visit-page-cancel-why",
    "visit-page-cancel",
    "visit-page-cancelling",
    "visit-page-cancelled",
    "visit-page-change-refusal",
    "visit-page-on-the-day",
    "visit-page-mark-arrived",
    "visit-page-mark-missed",
    "visit-page-mark-seen",
    "visit-page-saving",
    "visit-page-saved",
];

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
        <Suspense fallback=|| view! { <p>{t("visit-page-loading")}</p> }>
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
                            // Made now: the download's outcome is set from a callback, outside the
                            // island's context.
                            let saved = t_args("summary-saved", vec![("file", "{file}".into())]);
                            move |_| {
                                let work = appointment_calendar(patient.clone(), visit_id.clone());
                                let saved = saved.clone();
                                calendar.run(work, move |file| {
                                    save_download(&file).map(|()| Some(saved.replace("{file}", &file.file_name)))
                                });
                            }
                        };
                        let heading = match (&v.day, &v.time) {
                            (Some(day), Some(time)) => t_args("visit-page-heading", vec![
                                ("visit", (&v.visit_type).into()),
                                ("day", day.into()),
                                ("time", time.into()),
                            ]),
                            _ => t_args("appointments-requested", vec![("visit", (&v.visit_type).into())]),
                        };
                        view! {
                            <PatientBanner header=p.header.clone() />
                            <p><a href=back>{t("appointments-all")}</a></p>
                            <h1>{heading}</h1>
                            <p><span class="tag">{v.status_label.clone()}</span>
                                {v.late_cancellation.then(|| format!(" {}", t("visit-page-late-cancellation")))}</p>
                            <section class="card" aria-labelledby="visit-title">
                                <h2 id="visit-title">{t("appointments-the-visit")}</h2>
                                <VisitFacts visit=v.clone() />
                                {v.reason.clone().map(|r| view! { <p><strong>{format!("{} ", t("visit-page-reason"))}</strong>{r}</p> })}
                                {(!v.preferred.is_empty()).then(|| view! {
                                    <p><strong>{format!("{} ", t("visit-page-preferred"))}</strong>{v.preferred.join("; ")}</p>
                                })}
                                {v.cancel_reason.clone().map(|r| view! { <p><strong>{format!("{} ", t("visit-page-cancel-reason"))}</strong>{r}</p> })}
                                <p class="hint">{t_args("appointments-zone", vec![("zone", p.zone.clone().into())])}</p>
                                {has_time.then(|| view! {
                                    <button type="button" class="button button--secondary" on:click=save.clone()>{t("visit-page-calendar")}</button>
                                    <TaskStatus task=calendar />
                                })}
                            </section>
                            {v.check_in_href.clone().map(|href| view! {
                                <section class="card" aria-labelledby="check-in-title">
                                    <h2 id="check-in-title">{t("appointments-check-in")}</h2>
                                    <p>{t("visit-page-check-in-text")}</p>
                                    <p><a class="button" href=href>{t("appointments-check-in")}</a></p>
                                </section>
                            })}
                            {v.checked_in.then(|| view! {
                                <p class="notice">{format!("{} ", t("appointments-checked-in"))}
                                    <a href=format!("{}/check-in", v.href)>{t("visit-page-see-sent")}</a></p>
                            })}
                            {(v.needs_confirmation && p.may_change && !p.by_clinic).then(|| view! {
                                <section class="card" aria-labelledby="confirm-title">
                                    <h2 id="confirm-title">{t("visit-page-confirm-title")}</h2>
                                    <p>{t("visit-page-confirm-text")}</p>
                                    { let (pid, vid) = (pid.clone(), vid.clone()); view! { <ActionForm action=confirm>
                                        <input type="hidden" name="patient_id" value=pid />
                                        <input type="hidden" name="appointment_id" value=vid />
                                        <SubmitButton action=confirm label=t("appointments-confirm") busy=t("appointments-confirming") />
                                    </ActionForm> } }
                                    <ActionResult action=confirm ok=|_: &()| t("visit-page-confirmed") />
                                </section>
                            })}
                            {if p.may_change {
                                view! {
                                    <section class="card" aria-labelledby="change-title">
                                        <h2 id="change-title">{t("visit-page-change-title")}</h2>
                                        <p><a class="button button--secondary" href=move_href>{t("visit-page-move")}</a></p>
                                        { let (pid, vid) = (pid.clone(), vid.clone()); view! { <ActionForm action=cancel attr:class="stack">
                                            <input type="hidden" name="patient_id" value=pid />
                                            <input type="hidden" name="appointment_id" value=vid />
                                            <label for="cancel-reason">{t("visit-page-cancel-why")}</label>
                                            <textarea id="cancel-reason" name="reason" rows="2" maxlength="500"></textarea>
                                            <SubmitButton action=cancel label=t("visit-page-cancel") busy=t("visit-page-cancelling") class="button button--danger" />
                                        </ActionForm> } }
                                        <ActionResult action=cancel ok=|_: &()| t("visit-page-cancelled") />
                                    </section>
                                }.into_any()
                            } else {
                                v.change_refusal.clone().filter(|_| v.status == "booked").map(|why| view! {
                                    <p class="notice">{t_args("visit-page-change-refusal", vec![("why", why.into())])}</p>
                                }).into_any()
                            }}
                            {(p.by_clinic && matches!(v.status.as_str(), "booked" | "arrived")).then(|| view! {
                                <section class="card" aria-labelledby="mark-title">
                                    <h2 id="mark-title">{t("visit-page-on-the-day")}</h2>
                                    <div class="actions">
                                        {[
                                            ("arrived", t("visit-page-mark-arrived")),
                                            ("noshow", t("visit-page-mark-missed")),
                                            ("fulfilled", t("visit-page-mark-seen")),
                                        ].into_iter().map(|(code, label)| view! {
                                            { let (pid, vid) = (pid.clone(), vid.clone()); view! { <ActionForm action=mark>
                                                <input type="hidden" name="patient_id" value=pid />
                                                <input type="hidden" name="appointment_id" value=vid />
                                                <input type="hidden" name="marking" value=code />
                                                <SubmitButton action=mark label=label busy=t("visit-page-saving") class="button button--secondary" />
                                            </ActionForm> } }
                                        }).collect_view()}
                                    </div>
                                    <ActionResult action=mark ok=|_: &()| t("visit-page-saved") />
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>{t("visit-page-title")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
