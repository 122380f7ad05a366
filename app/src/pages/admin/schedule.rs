//! Schedule settings for administrators: the clinic's time zone and reminder lead times, the
//! visit types with their online-booking rules, weekly hours, time off and extra hours. Rendered on the
//! server only, every change a plain form (no island, nothing added to any page's script); each
//! comes back to this page with the outcome or the reason it was refused.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::schedule_admin::{
        AddExtraHours, AddTimeOff, AddWeeklyHours, ChangeWeeklyHours, EndWeeklyHours, HoursRow,
        SaveScheduleGeneral, SaveVisitType, ScheduleSettings, VisitTypeSettings, WEEKDAYS,
        get_schedule_settings, saved_message,
    },
    components::{
        form::{ActionResult, SubmitButton},
        session::SignedIn,
    },
};

#[component]
pub fn ScheduleSettingsPage() -> impl IntoView {
    view! {
        <Title text="Schedule settings" />
        <SignedIn>
            <Settings />
        </SignedIn>
    }
}

#[component]
fn Settings() -> impl IntoView {
    let general = ServerAction::<SaveScheduleGeneral>::new();
    let visit_type = ServerAction::<SaveVisitType>::new();
    let hours = ServerAction::<AddWeeklyHours>::new();
    let time_off = ServerAction::<AddTimeOff>::new();
    let extra = ServerAction::<AddExtraHours>::new();
    let end = ServerAction::<EndWeeklyHours>::new();
    let change = ServerAction::<ChangeWeeklyHours>::new();
    // The lists show what a form just saved.
    let settings = Resource::new(
        move || {
            visit_type.version().get()
                + hours.version().get()
                + end.version().get()
                + change.version().get()
        },
        |_| get_schedule_settings(),
    );
    // A plain form post comes back here saying what it saved.
    let saved = crate::components::query::query_value("saved");
    view! {
        <h1>"Schedule settings"</h1>
        <p><a href="/staff/schedule">"Back to the schedule"</a></p>
        <p class="notice" role="status">{move || saved_message(&saved.get())}</p>
        <Suspense fallback=|| view! { <p>"Loading the settings…"</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <SettingsForms s general visit_type hours time_off extra end change /> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SettingsForms(
    s: ScheduleSettings,
    general: ServerAction<SaveScheduleGeneral>,
    visit_type: ServerAction<SaveVisitType>,
    hours: ServerAction<AddWeeklyHours>,
    time_off: ServerAction<AddTimeOff>,
    extra: ServerAction<AddExtraHours>,
    end: ServerAction<EndWeeklyHours>,
    change: ServerAction<ChangeWeeklyHours>,
) -> impl IntoView {
    let all_types = s
        .visit_types
        .iter()
        .map(|v| v.id.clone())
        .collect::<Vec<_>>()
        .join(",");
    let type_ids = all_types.clone();
    let extra_ids = all_types.clone();
    let clinician_options = move || {
        s.clinicians
            .iter()
            .map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> })
            .collect_view()
    };
    let (options_a, options_b, options_c) = (
        clinician_options(),
        clinician_options(),
        clinician_options(),
    );
    let location_options = |list: &[(String, String)]| {
        list.iter()
            .map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> })
            .collect_view()
    };
    let (locations_a, locations_b, locations_c) = (
        location_options(&s.locations),
        location_options(&s.locations),
        location_options(&s.locations),
    );
    view! {
        <section class="card" aria-labelledby="general-title">
            <h2 id="general-title">"Time zone and reminders"</h2>
            <ActionForm action=general attr:class="stack">
                <label for="time-zone">"The clinic's time zone (IANA name, such as America/Denver)"</label>
                <input id="time-zone" name="time_zone" required value=s.time_zone.clone() autocomplete="off" />
                <label for="reminder-hours">"Reminders go this many hours before a visit (comma-separated, at most four)"</label>
                <input id="reminder-hours" name="reminder_hours" required value=s.reminder_hours.clone() inputmode="numeric" />
                <SubmitButton action=general label="Save" busy="Saving…" />
            </ActionForm>
            <ActionResult action=general ok=|_: &()| "Saved.".to_owned() />
        </section>

        <section class="card" aria-labelledby="types-title">
            <h2 id="types-title">"Visit types"</h2>
            <ActionResult action=visit_type ok=|_: &()| "Visit type saved.".to_owned() />
            <ul class="item-list">
                {s.visit_types.iter().map(|v| view! {
                    <li class="item item--stacked">
                        <div class="item__main">
                            <strong>{v.name.clone()}</strong>
                            <span class="hint">{format!(
                                "{} minutes · online: {} · {} min lead · {} days ahead · cancel until {} h before",
                                v.minutes, v.booking, v.min_lead_minutes, v.horizon_days, v.cancel_cutoff_hours
                            )}</span>
                        </div>
                        <details>
                            <summary>{format!("Change {}", v.name)}</summary>
                            <VisitTypeForm action=visit_type v=Some(v.clone()) />
                        </details>
                    </li>
                }).collect_view()}
            </ul>
            <details>
                <summary>"Add a visit type"</summary>
                <VisitTypeForm action=visit_type v=None />
            </details>
        </section>

        <section class="card" aria-labelledby="hours-title">
            <h2 id="hours-title">"Weekly hours"</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Weekly hours in force">
                <table class="table">
                    <thead><tr><th scope="col">"Clinician"</th><th scope="col">"Where"</th><th scope="col">"When"</th><th scope="col">"Visit types"</th><th scope="col">"Dates"</th><th scope="col">"Change or end"</th></tr></thead>
                    <tbody>
                        {s.hours.clone().into_iter().map(|h| { let row = h.clone(); view! {
                            <tr>
                                <td>{h.clinician.clone()}</td><td>{h.location.clone()}</td><td>{h.when.clone()}</td><td>{h.visit_types.clone()}</td><td>{h.from_to.clone()}</td>
                                <td>
                                    <ActionForm action=end attr:class="inline-form">
                                        <input type="hidden" name="hours_id" value=h.id.clone() />
                                        <label class="visually-hidden" for=format!("end-{}", h.id)>{format!("Last day of {}, {}", h.clinician, h.when)}</label>
                                        <input id=format!("end-{}", h.id) name="last_day" type="date" required />
                                        <SubmitButton action=end label="End" busy="Ending…" class="button button--secondary" />
                                    </ActionForm>
                                    <ChangeHoursForm action=change h=row />
                                </td>
                            </tr>
                        } }).collect_view()}
                    </tbody>
                </table>
            </div>
            <details>
                <summary>"Add weekly hours"</summary>
                <ActionForm action=hours attr:class="stack">
                    <label for="hours-clinician">"Clinician"</label>
                    <select id="hours-clinician" name="clinician_id" required>{options_a}</select>
                    <label for="hours-location">"Where"</label>
                    <select id="hours-location" name="location_id" required>{locations_a}</select>
                    <label for="hours-weekday">"Day of the week"</label>
                    <select id="hours-weekday" name="weekday">
                        {WEEKDAYS.iter().enumerate().map(|(i, d)| view! { <option value=(i + 1).to_string()>{*d}</option> }).collect_view()}
                    </select>
                    <label for="hours-start">"From"</label>
                    <input id="hours-start" name="start" type="time" required value="09:00" />
                    <label for="hours-end">"Until"</label>
                    <input id="hours-end" name="end" type="time" required value="12:00" />
                    <label for="hours-slot">"Minutes per slot"</label>
                    <input id="hours-slot" name="slot_minutes" inputmode="numeric" required value="20" />
                    <label for="hours-types">{format!("Visit types offered (ids, comma-separated: {type_ids})")}</label>
                    <input id="hours-types" name="visit_types" required value=all_types />
                    <label for="hours-from">"First day (empty: today)"</label>
                    <input id="hours-from" name="valid_from" type="date" />
                    <SubmitButton action=hours label="Add these hours" busy="Adding…" />
                </ActionForm>
            </details>
            <ActionResult action=hours ok=|_: &()| "Hours added; their times are open for booking.".to_owned() />
            <ActionResult action=end ok=|_: &()| "Hours ended.".to_owned() />
            <ActionResult action=change ok=|_: &()| "Hours changed from the day chosen; booked visits stay.".to_owned() />
        </section>

        <section class="card" aria-labelledby="time-off-title">
            <h2 id="time-off-title">"Time off"</h2>
            <p class="hint">"Free times in it are no longer offered. Visits already booked stay on the schedule for the front desk to move."</p>
            <ActionForm action=time_off attr:class="stack">
                <label for="off-clinician">"Clinician"</label>
                <select id="off-clinician" name="clinician_id" required>{options_b}</select>
                <label for="off-location">"Where"</label>
                <select id="off-location" name="location_id">
                    <option value="">"Every location"</option>
                    {locations_b}
                </select>
                <label for="off-day">"Day"</label>
                <input id="off-day" name="day" type="date" required />
                <label for="off-start">"From"</label>
                <input id="off-start" name="start" type="time" required value="00:00" />
                <label for="off-end">"Until"</label>
                <input id="off-end" name="end" type="time" required value="23:59" />
                <label for="off-note">"Note for the staff (optional)"</label>
                <input id="off-note" name="note" maxlength="200" />
                <SubmitButton action=time_off label="Add time off" busy="Adding…" />
            </ActionForm>
            <ActionResult action=time_off ok=|_: &()| "Time off added.".to_owned() />
        </section>

        <section class="card" aria-labelledby="extra-title">
            <h2 id="extra-title">"Extra hours"</h2>
            <p class="hint">"One-off hours on one day, beyond the weekly ones; their times are open for booking at once."</p>
            <ActionForm action=extra attr:class="stack">
                <label for="extra-clinician">"Clinician"</label>
                <select id="extra-clinician" name="clinician_id" required>{options_c}</select>
                <label for="extra-location">"Where"</label>
                <select id="extra-location" name="location_id" required>{locations_c}</select>
                <label for="extra-day">"Day"</label>
                <input id="extra-day" name="day" type="date" required />
                <label for="extra-start">"From"</label>
                <input id="extra-start" name="start" type="time" required value="09:00" />
                <label for="extra-end">"Until"</label>
                <input id="extra-end" name="end" type="time" required value="12:00" />
                <label for="extra-slot">"Minutes per slot"</label>
                <input id="extra-slot" name="slot_minutes" inputmode="numeric" required value="20" />
                <label for="extra-types">{format!("Visit types offered (ids, comma-separated: {extra_ids})")}</label>
                <input id="extra-types" name="visit_types" required value=extra_ids.clone() />
                <SubmitButton action=extra label="Add extra hours" busy="Adding…" />
            </ActionForm>
            <ActionResult action=extra ok=|_: &()| "Extra hours added; their times are open for booking.".to_owned() />
        </section>
    }
}

/// A visit type's rules as a form: `v` to change, none to add one.
#[component]
fn VisitTypeForm(
    action: ServerAction<SaveVisitType>,
    v: Option<VisitTypeSettings>,
) -> impl IntoView {
    let prefix = v
        .as_ref()
        .map_or_else(|| "new-type".to_owned(), |v| format!("type-{}", v.id));
    let v = v.unwrap_or(VisitTypeSettings {
        id: String::new(),
        name: String::new(),
        minutes: 20,
        booking: "anyone".into(),
        established_months: 24,
        min_lead_minutes: 120,
        horizon_days: 90,
        cancel_cutoff_hours: 24,
        instructions: String::new(),
        questionnaires: "general".into(),
    });
    let adding = v.id.is_empty();
    let field = move |name: &str| format!("{prefix}-{name}");
    let booking = v.booking.clone();
    view! {
        <ActionForm action=action attr:class="stack">
            {if adding {
                view! {
                    <label for=field("id")>"Short id (lower-case letters, digits, dashes)"</label>
                    <input id=field("id") name="id" required pattern="[a-z0-9-]+" maxlength="40" />
                }.into_any()
            } else {
                view! { <input type="hidden" name="id" value=v.id.clone() /> }.into_any()
            }}
            <label for=field("name")>"Name patients see"</label>
            <input id=field("name") name="name" required maxlength="120" value=v.name.clone() />
            <label for=field("minutes")>"Minutes"</label>
            <input id=field("minutes") name="minutes" inputmode="numeric" required value=v.minutes.to_string() />
            <label for=field("booking")>"Who may book it online"</label>
            <select id=field("booking") name="booking">
                {[("anyone", "Any patient"), ("established", "Patients seen recently (below)"), ("staff", "Nobody online: patients ask, the front desk books")]
                    .into_iter()
                    .map(|(value, label)| view! { <option value=value selected=booking == value>{label}</option> })
                    .collect_view()}
            </select>
            <label for=field("months")>"\"Seen recently\" means within this many months"</label>
            <input id=field("months") name="established_months" inputmode="numeric" required value=v.established_months.to_string() />
            <label for=field("lead")>"Book at least this many minutes ahead"</label>
            <input id=field("lead") name="min_lead_minutes" inputmode="numeric" required value=v.min_lead_minutes.to_string() />
            <label for=field("horizon")>"Book at most this many days ahead"</label>
            <input id=field("horizon") name="horizon_days" inputmode="numeric" required value=v.horizon_days.to_string() />
            <label for=field("cutoff")>"Patients may cancel or move it until this many hours before"</label>
            <input id=field("cutoff") name="cancel_cutoff_hours" inputmode="numeric" required value=v.cancel_cutoff_hours.to_string() />
            <label for=field("instructions")>"What to bring (optional)"</label>
            <textarea id=field("instructions") name="instructions" maxlength="1000">{v.instructions.clone()}</textarea>
            <label for=field("questionnaires")>"Questionnaires at online check-in (comma-separated: general, phq-2; empty for none)"</label>
            <input id=field("questionnaires") name="questionnaires" maxlength="200" value=v.questionnaires.clone() />
            <SubmitButton action=action label=if adding { "Add the visit type" } else { "Save" } busy="Saving…" />
        </ActionForm>
    }
}

/// Changes one row of weekly hours from a chosen day: new times, slot length, visit types.
#[component]
fn ChangeHoursForm(action: ServerAction<ChangeWeeklyHours>, h: HoursRow) -> impl IntoView {
    let field = {
        let id = h.id.clone();
        move |name: &str| format!("change-{id}-{name}")
    };
    view! {
        <details>
            <summary>{format!("Change {}, {}", h.clinician, h.when)}</summary>
            <ActionForm action=action attr:class="stack">
                <input type="hidden" name="hours_id" value=h.id.clone() />
                <label for=field("from")>"From (tomorrow at the earliest)"</label>
                <input id=field("from") name="from" type="date" required />
                <label for=field("start")>"From"</label>
                <input id=field("start") name="start" type="time" required value=h.start.clone() />
                <label for=field("end")>"Until"</label>
                <input id=field("end") name="end" type="time" required value=h.end.clone() />
                <label for=field("slot")>"Minutes per slot"</label>
                <input id=field("slot") name="slot_minutes" inputmode="numeric" required value=h.slot_minutes.to_string() />
                <label for=field("types")>"Visit types in the new hours (ids, comma-separated)"</label>
                <input id=field("types") name="visit_types" required value=h.visit_type_ids.clone() />
                <SubmitButton action=action label="Change these hours" busy="Changing…" class="button button--secondary" />
            </ActionForm>
        </details>
    }
}
