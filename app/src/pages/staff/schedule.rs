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
};

#[component]
pub fn SchedulePage() -> impl IntoView {
    view! {
        <Title text="Schedule" />
        <SignedIn>
            <Schedule address=Address::here() />
            <p><a href="/staff/patients">"Book for a patient: find them by name"</a></p>
            {move || crate::components::session::use_session()
                .get()
                .filter(|me| me.may_configure_clinic)
                .map(|_| view! { <p><a href="/admin/schedule">"Schedule settings: hours, visit types, time off, reminders"</a></p> })}
        </SignedIn>
    }
}

#[island(lazy)]
fn Schedule(address: Address) -> impl IntoView {
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
        <h1>"Schedule"</h1>
        <Suspense fallback=|| view! { <p>"Loading the schedule…"</p> }>
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
                            <p class="hint">{format!("Times are the clinic's ({}).", p.zone)}</p>
                            <form method="get" action="" class="filters no-print">
                                <div>
                                    <label for="schedule-day">"Day"</label>
                                    <input id="schedule-day" name="day" type="date" value=p.day.clone() />
                                </div>
                                <div>
                                    <label for="schedule-days">"Show"</label>
                                    <select id="schedule-days" name="days">
                                        <option value="1" selected=!week>"One day"</option>
                                        <option value="7" selected=week>"A week"</option>
                                    </select>
                                </div>
                                <div>
                                    <label for="schedule-clinician">"Clinician"</label>
                                    <select id="schedule-clinician" name="clinician">
                                        <option value="">"Everyone"</option>
                                        {p.clinicians.iter().map(|(id, name)| {
                                            let chosen = clinician.get_untracked() == *id;
                                            view! { <option value=id.clone() selected=chosen>{name.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div>
                                    <label for="schedule-location">"Location"</label>
                                    <select id="schedule-location" name="location">
                                        <option value="">"All"</option>
                                        {p.locations.iter().map(|(id, name)| {
                                            let chosen = location.get_untracked() == *id;
                                            view! { <option value=id.clone() selected=chosen>{name.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button">"Show"</button>
                            </form>
                            <nav aria-label="Other days" class="pager">
                                <a href=previous>"Earlier"</a>
                                <a href=next>"Later"</a>
                            </nav>
                            {if p.lines.is_empty() {
                                view! { <p>"No visits booked."</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap" tabindex="0" role="region" aria-label="Visits">
                                        <table class="table schedule">
                                            <thead><tr>
                                                <th scope="col">"When"</th>
                                                <th scope="col">"Patient"</th>
                                                <th scope="col">"Visit"</th>
                                                <th scope="col">"With, where"</th>
                                                <th scope="col">"Status"</th>
                                                <th scope="col">"Actions"</th>
                                            </tr></thead>
                                            <tbody>
                                                {p.lines.into_iter().map(|l| {
                                                    let when = if week { format!("{} {}", l.day, l.time) } else { l.time.clone() };
                                                    let status = format!(
                                                        "{}{}",
                                                        l.status_label,
                                                        if l.confirmed { "" } else { " · not confirmed" },
                                                    );
                                                    let actions = (p.may_mark && l.status == "booked").then(|| view! {
                                                        <ActionForm action=mark>
                                                            <input type="hidden" name="patient_id" value=l.patient_id.to_string() />
                                                            <input type="hidden" name="appointment_id" value=l.appointment_id.to_string() />
                                                            <input type="hidden" name="marking" value="arrived" />
                                                            <SubmitButton action=mark label="Arrived" busy="Saving…" class="button button--secondary" />
                                                        </ActionForm>
                                                    });
                                                    view! {
                                                        <tr>
                                                            <td>{when}</td>
                                                            <td><a href=l.patient_href.clone()>{l.patient.clone()}</a></td>
                                                            <td><a href=l.appointments_href.clone()>{l.visit_type.clone()}</a></td>
                                                            <td>{format!("{}, {}", l.clinician, l.place)}</td>
                                                            <td>{status}{l.check_in_href.clone().map(|href| view! {
                                                                " · " <a href=href>"checked in online"</a>
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
                            <ActionResult action=mark ok=|_: &()| "Marked arrived.".to_owned() />
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
