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
    i18n::{t, t_args},
};

#[component]
pub fn ScheduleSettingsPage() -> impl IntoView {
    view! {
        <Title text=t("clinic-settings-title") />
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
        <h1>{t("clinic-settings-title")}</h1>
        <p><a href="/staff/schedule">{t("clinic-settings-back")}</a></p>
        <p class="notice" role="status">{move || saved_message(&saved.get())}</p>
        <Suspense fallback=|| view! { <p>{t("clinic-settings-loading")}</p> }>
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
            <h2 id="general-title">{t("clinic-settings-general-title")}</h2>
            <ActionForm action=general attr:class="stack">
                <label for="time-zone">{t("clinic-settings-time-zone")}</label>
                <input id="time-zone" name="time_zone" required value=s.time_zone.clone() autocomplete="off" />
                <label for="reminder-hours">{t("clinic-settings-reminder-hours")}</label>
                <input id="reminder-hours" name="reminder_hours" required value=s.reminder_hours.clone() inputmode="numeric" />
                <SubmitButton action=general label=t("clinic-settings-save") busy=t("clinic-settings-saving") />
            </ActionForm>
            <ActionResult action=general ok=|_: &()| t("clinic-settings-saved") />
        </section>

        <section class="card" aria-labelledby="types-title">
            <h2 id="types-title">{t("clinic-settings-types-title")}</h2>
            <ActionResult action=visit_type ok=|_: &()| t("clinic-settings-type-saved") />
            <ul class="item-list">
                {s.visit_types.iter().map(|v| view! {
                    <li class="item item--stacked">
                        <div class="item__main">
                            <strong>{v.name.clone()}</strong>
                            <span class="hint">{t_args(
                                "clinic-settings-type-rules",
                                vec![
                                    ("minutes", i64::from(v.minutes).into()),
                                    ("booking", (&v.booking).into()),
                                    ("lead", i64::from(v.min_lead_minutes).into()),
                                    ("horizon", i64::from(v.horizon_days).into()),
                                    ("cutoff", i64::from(v.cancel_cutoff_hours).into()),
                                ],
                            )}</span>
                        </div>
                        <details>
                            <summary>{t_args("clinic-settings-change", vec![("name", (&v.name).into())])}</summary>
                            <VisitTypeForm action=visit_type v=Some(v.clone()) />
                        </details>
                    </li>
                }).collect_view()}
            </ul>
            <details>
                <summary>{t("clinic-settings-add-type")}</summary>
                <VisitTypeForm action=visit_type v=None />
            </details>
        </section>

        <section class="card" aria-labelledby="hours-title">
            <h2 id="hours-title">{t("clinic-settings-hours-title")}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label=t("clinic-settings-hours-in-force")>
                <table class="table">
                    <thead><tr><th scope="col">{t("role-clinician")}</th><th scope="col">{t("visit-where")}</th><th scope="col">{t("visit-when")}</th><th scope="col">{t("clinic-settings-types-title")}</th><th scope="col">{t("clinic-settings-dates")}</th><th scope="col">{t("clinic-settings-change-or-end")}</th></tr></thead>
                    <tbody>
                        {s.hours.clone().into_iter().map(|h| { let row = h.clone(); view! {
                            <tr>
                                <td>{h.clinician.clone()}</td><td>{h.location.clone()}</td><td>{h.when.clone()}</td><td>{h.visit_types.clone()}</td><td>{h.from_to.clone()}</td>
                                <td>
                                    <ActionForm action=end attr:class="inline-form">
                                        <input type="hidden" name="hours_id" value=h.id.clone() />
                                        <label class="visually-hidden" for=format!("end-{}", h.id)>{t_args("clinic-settings-last-day-of", vec![("clinician", (&h.clinician).into()), ("when", (&h.when).into())])}</label>
                                        <input id=format!("end-{}", h.id) name="last_day" type="date" required />
                                        <SubmitButton action=end label=t("clinic-settings-end") busy=t("clinic-settings-ending") class="button button--secondary" />
                                    </ActionForm>
                                    <ChangeHoursForm action=change h=row />
                                </td>
                            </tr>
                        } }).collect_view()}
                    </tbody>
                </table>
            </div>
            <details>
                <summary>{t("clinic-settings-add-hours")}</summary>
                <ActionForm action=hours attr:class="stack">
                    <label for="hours-clinician">{t("role-clinician")}</label>
                    <select id="hours-clinician" name="clinician_id" required>{options_a}</select>
                    <label for="hours-location">{t("visit-where")}</label>
                    <select id="hours-location" name="location_id" required>{locations_a}</select>
                    <label for="hours-weekday">{t("clinic-settings-weekday")}</label>
                    <select id="hours-weekday" name="weekday">
                        {WEEKDAYS.iter().enumerate().map(|(i, d)| view! { <option value=(i + 1).to_string()>{t(d)}</option> }).collect_view()}
                    </select>
                    <label for="hours-start">{t("filter-from")}</label>
                    <input id="hours-start" name="start" type="time" required value="09:00" />
                    <label for="hours-end">{t("clinic-settings-until")}</label>
                    <input id="hours-end" name="end" type="time" required value="12:00" />
                    <label for="hours-slot">{t("clinic-settings-slot")}</label>
                    <input id="hours-slot" name="slot_minutes" inputmode="numeric" required value="20" />
                    <label for="hours-types">{t_args("clinic-settings-types-offered", vec![("ids", type_ids.into())])}</label>
                    <input id="hours-types" name="visit_types" required value=all_types />
                    <label for="hours-from">{t("clinic-settings-first-day")}</label>
                    <input id="hours-from" name="valid_from" type="date" />
                    <SubmitButton action=hours label=t("clinic-settings-add-these-hours") busy=t("clinic-settings-adding") />
                </ActionForm>
            </details>
            <ActionResult action=hours ok=|_: &()| t("clinic-settings-hours-added") />
            <ActionResult action=end ok=|_: &()| t("clinic-settings-hours-ended") />
            <ActionResult action=change ok=|_: &()| t("clinic-settings-hours-changed") />
        </section>

        <section class="card" aria-labelledby="time-off-title">
            <h2 id="time-off-title">{t("clinic-settings-time-off-title")}</h2>
            <p class="hint">{t("clinic-settings-time-off-hint")}</p>
            <ActionForm action=time_off attr:class="stack">
                <label for="off-clinician">{t("role-clinician")}</label>
                <select id="off-clinician" name="clinician_id" required>{options_b}</select>
                <label for="off-location">{t("visit-where")}</label>
                <select id="off-location" name="location_id">
                    <option value="">{t("clinic-settings-every-location")}</option>
                    {locations_b}
                </select>
                <label for="off-day">{t("clinic-settings-day")}</label>
                <input id="off-day" name="day" type="date" required />
                <label for="off-start">{t("filter-from")}</label>
                <input id="off-start" name="start" type="time" required value="00:00" />
                <label for="off-end">{t("clinic-settings-until")}</label>
                <input id="off-end" name="end" type="time" required value="23:59" />
                <label for="off-note">{t("clinic-settings-note")}</label>
                <input id="off-note" name="note" maxlength="200" />
                <SubmitButton action=time_off label=t("clinic-settings-add-time-off") busy=t("clinic-settings-adding") />
            </ActionForm>
            <ActionResult action=time_off ok=|_: &()| t("clinic-settings-time-off-added") />
        </section>

        <section class="card" aria-labelledby="extra-title">
            <h2 id="extra-title">{t("clinic-settings-extra-title")}</h2>
            <p class="hint">{t("clinic-settings-extra-hint")}</p>
            <ActionForm action=extra attr:class="stack">
                <label for="extra-clinician">{t("role-clinician")}</label>
                <select id="extra-clinician" name="clinician_id" required>{options_c}</select>
                <label for="extra-location">{t("visit-where")}</label>
                <select id="extra-location" name="location_id" required>{locations_c}</select>
                <label for="extra-day">{t("clinic-settings-day")}</label>
                <input id="extra-day" name="day" type="date" required />
                <label for="extra-start">{t("filter-from")}</label>
                <input id="extra-start" name="start" type="time" required value="09:00" />
                <label for="extra-end">{t("clinic-settings-until")}</label>
                <input id="extra-end" name="end" type="time" required value="12:00" />
                <label for="extra-slot">{t("clinic-settings-slot")}</label>
                <input id="extra-slot" name="slot_minutes" inputmode="numeric" required value="20" />
                <label for="extra-types">{t_args("clinic-settings-types-offered", vec![("ids", (&extra_ids).into())])}</label>
                <input id="extra-types" name="visit_types" required value=extra_ids.clone() />
                <SubmitButton action=extra label=t("clinic-settings-add-extra") busy=t("clinic-settings-adding") />
            </ActionForm>
            <ActionResult action=extra ok=|_: &()| t("clinic-settings-extra-added") />
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
                    <label for=field("id")>{t("clinic-settings-type-id")}</label>
                    <input id=field("id") name="id" required pattern="[a-z0-9-]+" maxlength="40" />
                }.into_any()
            } else {
                view! { <input type="hidden" name="id" value=v.id.clone() /> }.into_any()
            }}
            <label for=field("name")>{t("clinic-settings-type-name")}</label>
            <input id=field("name") name="name" required maxlength="120" value=v.name.clone() />
            <label for=field("minutes")>{t("clinic-settings-minutes")}</label>
            <input id=field("minutes") name="minutes" inputmode="numeric" required value=v.minutes.to_string() />
            <label for=field("booking")>{t("clinic-settings-booking")}</label>
            <select id=field("booking") name="booking">
                {[("anyone", t("clinic-settings-booking-anyone")), ("established", t("clinic-settings-booking-established")), ("staff", t("clinic-settings-booking-staff"))]
                    .into_iter()
                    .map(|(value, label)| view! { <option value=value selected=booking == value>{label}</option> })
                    .collect_view()}
            </select>
            <label for=field("months")>{t("clinic-settings-established-months")}</label>
            <input id=field("months") name="established_months" inputmode="numeric" required value=v.established_months.to_string() />
            <label for=field("lead")>{t("clinic-settings-lead")}</label>
            <input id=field("lead") name="min_lead_minutes" inputmode="numeric" required value=v.min_lead_minutes.to_string() />
            <label for=field("horizon")>{t("clinic-settings-horizon")}</label>
            <input id=field("horizon") name="horizon_days" inputmode="numeric" required value=v.horizon_days.to_string() />
            <label for=field("cutoff")>{t("clinic-settings-cutoff")}</label>
            <input id=field("cutoff") name="cancel_cutoff_hours" inputmode="numeric" required value=v.cancel_cutoff_hours.to_string() />
            <label for=field("instructions")>{t("clinic-settings-instructions")}</label>
            <textarea id=field("instructions") name="instructions" maxlength="1000">{v.instructions.clone()}</textarea>
            <label for=field("questionnaires")>{t("clinic-settings-questionnaires")}</label>
            <input id=field("questionnaires") name="questionnaires" maxlength="200" value=v.questionnaires.clone() />
            <SubmitButton action=action label=if adding { t("clinic-settings-add-the-type") } else { t("clinic-settings-save") } busy=t("clinic-settings-saving") />
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
            <summary>{t_args("clinic-settings-change-hours", vec![("clinician", (&h.clinician).into()), ("when", (&h.when).into())])}</summary>
            <ActionForm action=action attr:class="stack">
                <input type="hidden" name="hours_id" value=h.id.clone() />
                <label for=field("from")>{t("clinic-settings-change-from")}</label>
                <input id=field("from") name="from" type="date" required />
                <label for=field("start")>{t("filter-from")}</label>
                <input id=field("start") name="start" type="time" required value=h.start.clone() />
                <label for=field("end")>{t("clinic-settings-until")}</label>
                <input id=field("end") name="end" type="time" required value=h.end.clone() />
                <label for=field("slot")>{t("clinic-settings-slot")}</label>
                <input id=field("slot") name="slot_minutes" inputmode="numeric" required value=h.slot_minutes.to_string() />
                <label for=field("types")>{t("clinic-settings-new-types")}</label>
                <input id=field("types") name="visit_types" required value=h.visit_type_ids.clone() />
                <SubmitButton action=action label=t("clinic-settings-change-these") busy=t("clinic-settings-changing") class="button button--secondary" />
            </ActionForm>
        </details>
    }
}
