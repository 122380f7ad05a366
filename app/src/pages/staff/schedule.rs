//! The clinic's schedule for the front desk and clinicians: a day's or a week's visits, per
//! clinician and location, with who has confirmed and who has arrived; the front desk marks
//! arrivals and missed visits from here. A GET form, so a day's view is a link to keep.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::scheduling::{MarkAppointment, get_schedule},
    components::{
        form::{ActionResult, SubmitButton},
        query::{Address, query_value},
        session::SignedIn,
    },
    i18n::{Words, t, t_args},
};

#[component]
pub fn SchedulePage() -> impl IntoView {
    view! {
        <Title text=t("nav-schedule") />
        <SignedIn>
            <Schedule address=Address::here() words=Words::of(&SCHEDULE_WORDS) />
            <p><a href="/staff/patients">{t("schedule-book-for-patient")}</a></p>
            {move || crate::components::session::use_session()
                .get()
                .filter(|me| me.may_configure_clinic)
                .map(|_| view! { <p><a href="/admin/schedule">{t("schedule-settings-link")}</a></p> })}
        </SignedIn>
    }
}

/// What the schedule shows (it runs in the browser too).
const SCHEDULE_WORDS: [&str; 27] = [
    "nav-schedule",
    "schedule-loading",
    "appointments-zone",
    "schedule-day",
    "filter-show",
    "schedule-one-day",
    "schedule-week",
    "role-clinician",
    "schedule-everyone",
    "schedule-location",
    "schedule-all",
    "schedule-other-days",
    "schedule-earlier",
    "schedule-later",
    "schedule-none",
    "schedule-visits",
    "visit-when",
    "role-patient",
    "schedule-visit",
    "schedule-with-where",
    "schedule-status",
    "schedule-actions",
    "schedule-not-confirmed",
    "schedule-arrived",
    "schedule-saving",
    "schedule-checked-in",
    "schedule-marked-arrived",
];

#[island(lazy)]
fn Schedule(address: Address, words: Words) -> impl IntoView {
    words.provide();
    address.provide();
    crate::island_ready();
    let day = query_value("day");
    let days = query_value("days");
    let clinician = query_value("clinician");
    let location = query_value("location");
    let mark = ServerAction::<MarkAppointment>::new();
    let page = Resource::new(
        move || {
            (
                day.get(),
                days.get(),
                clinician.get(),
                location.get(),
                mark.version().get(),
            )
        },
        |(day, days, clinician, location, _)| async move {
            get_schedule(day, days.parse().unwrap_or(1), clinician, location).await
        },
    );
    view! {
        <h1>{t("nav-schedule")}</h1>
        <Suspense fallback=|| view! { <p>{t("schedule-loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let link = |to: &str| format!(
                            "?day={to}&days={}&clinician={}&location={}",
                            p.days, clinician.get_untracked(), location.get_untracked()
                        );
                        let (previous, next) = (link(&p.previous), link(&p.next));
                        let week = p.days == 7;
                        view! {
                            <h2>{p.label.clone()}</h2>
                            <p class="hint">{t_args("appointments-zone", vec![("zone", (&p.zone).into())])}</p>
                            <form method="get" action="" class="filters no-print">
                                <div>
                                    <label for="schedule-day">{t("schedule-day")}</label>
                                    <input id="schedule-day" name="day" type="date" value=p.day.clone() />
                                </div>
                                <div>
                                    <label for="schedule-days">{t("filter-show")}</label>
                                    <select id="schedule-days" name="days">
                                        <option value="1" selected=!week>{t("schedule-one-day")}</option>
                                        <option value="7" selected=week>{t("schedule-week")}</option>
                                    </select>
                                </div>
                                <div>
                                    <label for="schedule-clinician">{t("role-clinician")}</label>
                                    <select id="schedule-clinician" name="clinician">
                                        <option value="">{t("schedule-everyone")}</option>
                                        {p.clinicians.iter().map(|(id, name)| {
                                            let chosen = clinician.get_untracked() == *id;
                                            view! { <option value=id.clone() selected=chosen>{name.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div>
                                    <label for="schedule-location">{t("schedule-location")}</label>
                                    <select id="schedule-location" name="location">
                                        <option value="">{t("schedule-all")}</option>
                                        {p.locations.iter().map(|(id, name)| {
                                            let chosen = location.get_untracked() == *id;
                                            view! { <option value=id.clone() selected=chosen>{name.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button">{t("filter-show")}</button>
                            </form>
                            <nav aria-label=t("schedule-other-days") class="pager">
                                <a href=previous>{t("schedule-earlier")}</a>
                                <a href=next>{t("schedule-later")}</a>
                            </nav>
                            {if p.lines.is_empty() {
                                view! { <p>{t("schedule-none")}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap" tabindex="0" role="region" aria-label=t("schedule-visits")>
                                        <table class="table schedule">
                                            <thead><tr>
                                                <th scope="col">{t("visit-when")}</th>
                                                <th scope="col">{t("role-patient")}</th>
                                                <th scope="col">{t("schedule-visit")}</th>
                                                <th scope="col">{t("schedule-with-where")}</th>
                                                <th scope="col">{t("schedule-status")}</th>
                                                <th scope="col">{t("schedule-actions")}</th>
                                            </tr></thead>
                                            <tbody>
                                                {p.lines.into_iter().map(|l| {
                                                    let when = if week { format!("{} {}", l.day, l.time) } else { l.time.clone() };
                                                    let status = if l.confirmed {
                                                        l.status_label.clone()
                                                    } else {
                                                        format!("{} · {}", l.status_label, t("schedule-not-confirmed"))
                                                    };
                                                    let actions = (p.may_mark && l.status == "booked").then(|| view! {
                                                        <ActionForm action=mark>
                                                            <input type="hidden" name="patient_id" value=l.patient_id.to_string() />
                                                            <input type="hidden" name="appointment_id" value=l.appointment_id.to_string() />
                                                            <input type="hidden" name="marking" value="arrived" />
                                                            <SubmitButton action=mark label=t("schedule-arrived") busy=t("schedule-saving") class="button button--secondary" />
                                                        </ActionForm>
                                                    });
                                                    view! {
                                                        <tr>
                                                            <td>{when}</td>
                                                            <td><a href=l.patient_href.clone()>{l.patient.clone()}</a></td>
                                                            <td><a href=l.appointments_href.clone()>{l.visit_type.clone()}</a></td>
                                                            <td>{format!("{}, {}", l.clinician, l.place)}</td>
                                                            <td>{status}{l.check_in_href.clone().map(|href| view! {
                                                                " · " <a href=href>{t("schedule-checked-in")}</a>
                                                            })}</td>
                                                            <td>{actions}</td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                            <ActionResult action=mark ok=|_: &()| t("schedule-marked-arrived") />
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
