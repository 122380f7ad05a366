//! Administrators' settings of the clinic's schedule (scheduling area): the time zone and
//! reminder lead times, visit types and their online-booking rules, weekly hours, time off and
//! extra hours.
//! Every change is a plain form (it works before any script runs) and is audited by the domain.
//! None of it is PHI. The same changes are `portico admin …` commands.

// A plain form's fields are the server function's arguments, one each (the browser posts them as
// they are): a visit type's rules are nine.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;

/// A visit type as the settings page shows (and edits) it; numbers as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitTypeSettings {
    pub id: String,
    pub name: String,
    pub minutes: u32,
    /// `anyone`, `established` or `staff`.
    pub booking: String,
    pub established_months: u32,
    pub min_lead_minutes: u32,
    pub horizon_days: u32,
    pub cancel_cutoff_hours: u32,
    pub instructions: String,
    /// The questionnaires asked at online check-in, comma-separated.
    pub questionnaires: String,
}

/// A weekly block of hours, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursRow {
    pub id: String,
    pub clinician: String,
    pub location: String,
    /// "Monday 09:00–12:00, 20-minute slots".
    pub when: String,
    pub visit_types: String,
    pub from_to: String,
    /// For the change form: "09:00", "12:00", 20, "follow-up,new-patient".
    pub start: String,
    pub end: String,
    pub slot_minutes: u32,
    pub visit_type_ids: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleSettings {
    pub time_zone: String,
    /// "72,24".
    pub reminder_hours: String,
    pub visit_types: Vec<VisitTypeSettings>,
    /// (id, name) for the forms' choices.
    pub clinicians: Vec<(String, String)>,
    pub locations: Vec<(String, String)>,
    pub hours: Vec<HoursRow>,
}

/// Everything the settings page shows. Admins only.
#[server(endpoint = "admin/schedule")]
pub async fn get_schedule_settings() -> Result<ScheduleSettings, ApiError> {
    use super::server_context::{clinic_access, server_context};
    use portico_domain::access::ClinicTask;
    let ctx = server_context()?;
    clinic_access(ClinicTask::ConfigureClinic, "admin/schedule").await?;
    let s = &ctx.scheduling;
    let clinicians: Vec<(String, String)> = s
        .clinicians()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let locations: Vec<(String, String)> = s
        .locations()
        .await?
        .into_iter()
        .map(|l| (l.id, l.name))
        .collect();
    let visit_types = s.visit_types().await?;
    let name_of = |list: &[(String, String)], id: &str| {
        list.iter()
            .find(|(i, _)| i == id)
            .map_or_else(|| id.to_owned(), |(_, n)| n.clone())
    };
    let clock = |minute: u32| format!("{:02}:{:02}", minute / 60, minute % 60);
    let hours = s
        .weekly_hours()
        .await?
        .into_iter()
        .map(|h| HoursRow {
            id: h.id.clone(),
            clinician: name_of(&clinicians, &h.clinician_id),
            location: name_of(&locations, &h.location_id),
            when: crate::i18n::t_args(
                "sched-hours-when",
                vec![
                    (
                        "weekday",
                        crate::i18n::t(WEEKDAYS[(h.weekday as usize).clamp(1, 7) - 1]).into(),
                    ),
                    ("start", clock(h.start_minute).into()),
                    ("end", clock(h.end_minute).into()),
                    ("minutes", i64::from(h.slot_minutes).into()),
                ],
            ),
            visit_types: h
                .visit_types
                .iter()
                .map(|id| {
                    visit_types
                        .iter()
                        .find(|v| &v.id == id)
                        .map_or_else(|| id.clone(), |v| v.name.clone())
                })
                .collect::<Vec<_>>()
                .join(", "),
            from_to: match h.valid_until {
                Some(until) => crate::i18n::t_args(
                    "sched-hours-between",
                    vec![
                        ("from", h.valid_from.to_string().into()),
                        ("until", until.to_string().into()),
                    ],
                ),
                None => crate::i18n::t_args(
                    "sched-hours-from",
                    vec![("from", h.valid_from.to_string().into())],
                ),
            },
            start: clock(h.start_minute),
            end: clock(h.end_minute),
            slot_minutes: h.slot_minutes,
            visit_type_ids: h.visit_types.join(","),
        })
        .collect();
    Ok(ScheduleSettings {
        time_zone: s.zone().await?.name().to_owned(),
        reminder_hours: s
            .reminder_leads()
            .await?
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(","),
        visit_types: visit_types
            .into_iter()
            .map(|v| VisitTypeSettings {
                id: v.id,
                name: v.name,
                minutes: v.minutes,
                booking: v.booking.as_str().to_owned(),
                established_months: v.established_months,
                min_lead_minutes: v.min_lead_minutes,
                horizon_days: v.horizon_days,
                cancel_cutoff_hours: v.cancel_cutoff_hours,
                instructions: v.instructions.unwrap_or_default(),
                questionnaires: v.questionnaires.join(", "),
            })
            .collect(),
        clinicians,
        locations,
        hours,
    })
}

/// The days of the week, Monday first: their messages' ids (`crate::i18n::t` gives the word).
pub const WEEKDAYS: [&str; 7] = [
    "clinic-settings-monday",
    "clinic-settings-tuesday",
    "clinic-settings-wednesday",
    "clinic-settings-thursday",
    "clinic-settings-friday",
    "clinic-settings-saturday",
    "clinic-settings-sunday",
];

/// A whole number typed into a form, or a plain 4xx naming the field.
#[cfg(feature = "ssr")]
fn number(field: &'static str, value: &str) -> Result<u32, portico_domain::DomainError> {
    value.trim().parse().map_err(|_| {
        portico_domain::DomainError::validation(field, portico_domain::said!("sched-whole-number"))
    })
}

/// A plain form post comes back to the settings page, saying what it saved
/// ([`saved_message`]).
#[cfg(feature = "ssr")]
fn back_to_settings(saved: &str) {
    super::server_context::after_plain_form(&format!("/admin/schedule?saved={saved}"));
}

/// What the settings page says after a plain form saved `saved` (its `?saved=` value), in the
/// page's language.
pub fn saved_message(saved: &str) -> Option<String> {
    use crate::i18n::t;
    Some(match saved {
        "general" => t("clinic-settings-general-saved"),
        "visit-type" => t("clinic-settings-type-saved"),
        "hours" => t("clinic-settings-weekly-added"),
        "hours-ended" => t("clinic-settings-weekly-ended"),
        "hours-changed" => t("clinic-settings-weekly-changed"),
        "time-off" => t("clinic-settings-time-off-added"),
        "extra-hours" => t("clinic-settings-extra-added"),
        _ => return None,
    })
}

/// The clinic's time zone (an IANA name) and the reminder lead times (hours before a visit).
#[server(endpoint = "admin/schedule/general")]
pub async fn save_schedule_general(
    time_zone: String,
    reminder_hours: String,
) -> Result<(), ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{
        access::ClinicTask,
        scheduling::{ClinicZone, Configurer},
    };
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::ConfigureClinic, "admin/schedule/general").await?;
    // Both are checked before either is saved.
    let zone = ClinicZone::parse(&time_zone)?;
    let s = &ctx.scheduling;
    s.set_reminder_leads(Configurer::Staff(&permit), &reminder_hours, &request_meta())
        .await?;
    if zone != s.zone().await? {
        s.set_time_zone(Configurer::Staff(&permit), &zone, &request_meta())
            .await?;
        s.generate_slots(None).await?;
    }
    back_to_settings("general");
    Ok(())
}

/// Adds a visit type, or changes the one with this id.
#[server(endpoint = "admin/schedule/visit-type")]
pub async fn save_visit_type(
    id: String,
    name: String,
    minutes: String,
    booking: String,
    established_months: String,
    min_lead_minutes: String,
    horizon_days: String,
    cancel_cutoff_hours: String,
    #[server(default)] instructions: String,
    #[server(default)] questionnaires: String,
) -> Result<(), ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{
        access::ClinicTask,
        scheduling::{Configurer, OnlineBooking, VisitTypeRules},
    };
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::ConfigureClinic, "admin/schedule/visit-type").await?;
    let rules = VisitTypeRules {
        id: id.trim().to_owned(),
        name: name.trim().to_owned(),
        minutes: number("minutes", &minutes)?,
        booking: OnlineBooking::parse(&booking)?,
        established_months: number("established_months", &established_months)?,
        min_lead_minutes: number("min_lead_minutes", &min_lead_minutes)?,
        horizon_days: number("horizon_days", &horizon_days)?,
        cancel_cutoff_hours: number("cancel_cutoff_hours", &cancel_cutoff_hours)?,
        instructions: Some(instructions.trim().to_owned()).filter(|i| !i.is_empty()),
        questionnaires: questionnaires
            .split(',')
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    ctx.scheduling
        .save_visit_type(Configurer::Staff(&permit), rules, &request_meta())
        .await?;
    back_to_settings("visit-type");
    Ok(())
}

/// Adds weekly hours for a clinician at a location (`visit_types`: ids, comma-separated).
#[server(endpoint = "admin/schedule/hours")]
pub async fn add_weekly_hours(
    clinician_id: String,
    location_id: String,
    weekday: String,
    start: String,
    end: String,
    slot_minutes: String,
    visit_types: String,
    #[server(default)] valid_from: String,
) -> Result<(), ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{
        access::ClinicTask,
        scheduling::{Configurer, NewTemplate, parse_clock},
    };
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::ConfigureClinic, "admin/schedule/hours").await?;
    let today = ctx.zone().await?.today(ctx.scheduling.now());
    let new = NewTemplate {
        clinician_id,
        location_id,
        weekday: number("weekday", &weekday)?,
        start_minute: parse_clock("start", &start)?,
        end_minute: parse_clock("end", &end)?,
        slot_minutes: number("slot_minutes", &slot_minutes)?,
        visit_types: ids(&visit_types),
        valid_from: super::display::optional_date("valid_from", &valid_from)?.unwrap_or(today),
        valid_until: None,
    };
    ctx.scheduling
        .add_template(Configurer::Staff(&permit), new, &request_meta())
        .await?;
    back_to_settings("hours");
    Ok(())
}

/// Ends weekly hours after `last_day` (`YYYY-MM-DD`, today or later): later free times are
/// withdrawn, booked visits stay.
#[server(endpoint = "admin/schedule/hours/end")]
pub async fn end_weekly_hours(hours_id: String, last_day: String) -> Result<(), ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{DomainError, access::ClinicTask, scheduling::Configurer};
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::ConfigureClinic, "admin/schedule/hours/end").await?;
    let last_day = super::display::optional_date("last_day", &last_day)?.ok_or_else(|| {
        DomainError::validation("last_day", portico_domain::said!("sched-choose-last-day"))
    })?;
    ctx.scheduling
        .end_weekly_hours(
            Configurer::Staff(&permit),
            &hours_id,
            last_day,
            &request_meta(),
        )
        .await?;
    back_to_settings("hours-ended");
    Ok(())
}

/// Changes weekly hours from `from` (`YYYY-MM-DD`, tomorrow at the earliest): the old hours end
/// the day before (booked visits stay), the new times, slot length and visit types begin.
#[server(endpoint = "admin/schedule/hours/change")]
pub async fn change_weekly_hours(
    hours_id: String,
    from: String,
    start: String,
    end: String,
    slot_minutes: String,
    visit_types: String,
) -> Result<(), ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{
        DomainError,
        access::ClinicTask,
        scheduling::{Configurer, HoursChange, parse_clock},
    };
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::ConfigureClinic, "admin/schedule/hours/change").await?;
    let from = super::display::optional_date("from", &from)?.ok_or_else(|| {
        DomainError::validation("from", portico_domain::said!("sched-choose-first-day"))
    })?;
    let change = HoursChange {
        start_minute: parse_clock("start", &start)?,
        end_minute: parse_clock("end", &end)?,
        slot_minutes: number("slot_minutes", &slot_minutes)?,
        visit_types: ids(&visit_types),
    };
    ctx.scheduling
        .change_weekly_hours(
            Configurer::Staff(&permit),
            &hours_id,
            from,
            change,
            &request_meta(),
        )
        .await?;
    back_to_settings("hours-changed");
    Ok(())
}

/// Time off for a clinician on one day (at one location, or all when `location_id` is empty):
/// free times in it are no longer offered; visits already booked stay for the front desk to move.
#[server(endpoint = "admin/schedule/time-off")]
pub async fn add_time_off(
    clinician_id: String,
    #[server(default)] location_id: String,
    day: String,
    start: String,
    end: String,
    #[server(default)] note: String,
) -> Result<(), ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{
        DomainError,
        access::ClinicTask,
        scheduling::{Configurer, NewException, parse_clock},
    };
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::ConfigureClinic, "admin/schedule/time-off").await?;
    let day = super::display::optional_date("day", &day)?
        .ok_or_else(|| DomainError::validation("day", portico_domain::said!("sched-choose-day")))?;
    let new = NewException::Closed {
        clinician_id,
        location_id: Some(location_id).filter(|l| !l.trim().is_empty()),
        day,
        start_minute: parse_clock("start", &start)?,
        end_minute: parse_clock("end", &end)?,
        note: Some(note.trim().to_owned()).filter(|n| !n.is_empty()),
    };
    ctx.scheduling
        .add_exception(Configurer::Staff(&permit), new, &request_meta())
        .await?;
    back_to_settings("time-off");
    Ok(())
}

/// One-off extra hours for a clinician at a location on one day (`visit_types`: ids,
/// comma-separated); their times are laid out at once.
#[server(endpoint = "admin/schedule/extra-hours")]
pub async fn add_extra_hours(
    clinician_id: String,
    location_id: String,
    day: String,
    start: String,
    end: String,
    slot_minutes: String,
    visit_types: String,
) -> Result<(), ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{
        DomainError,
        access::ClinicTask,
        scheduling::{Configurer, NewException, parse_clock},
    };
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::ConfigureClinic, "admin/schedule/extra-hours").await?;
    let day = super::display::optional_date("day", &day)?
        .ok_or_else(|| DomainError::validation("day", portico_domain::said!("sched-choose-day")))?;
    let new = NewException::Extra {
        clinician_id,
        location_id,
        day,
        start_minute: parse_clock("start", &start)?,
        end_minute: parse_clock("end", &end)?,
        slot_minutes: number("slot_minutes", &slot_minutes)?,
        visit_types: ids(&visit_types),
    };
    ctx.scheduling
        .add_exception(Configurer::Staff(&permit), new, &request_meta())
        .await?;
    back_to_settings("extra-hours");
    Ok(())
}

/// Visit type ids typed comma-separated.
#[cfg(feature = "ssr")]
fn ids(list: &str) -> Vec<String> {
    list.split(',')
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}
