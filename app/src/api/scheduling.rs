//! Appointments: a patient's visits, booking (visit type → clinician or first available → day →
//! time → reason), moving, cancelling, confirming, asking for a visit, the `.ics` file, and the
//! clinic's schedule with arrival marking. The policy decides every call (appointments scope,
//! read or write; the schedule is a clinic task); times are the clinic's.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use portico_types::{AppointmentId, PatientId, SlotId};

use super::{ApiError, patient::PatientHeader, records::Download};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceView {
    pub name: String,
    pub address: Vec<String>,
    pub phone: Option<String>,
    pub directions: Option<String>,
    /// A maps search for the address, as plain text to copy or follow.
    pub map_link: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitView {
    pub id: AppointmentId,
    pub href: String,
    pub status: String,
    pub status_label: String,
    /// "Thu 10 Dec 2026" and "9:30 AM" in the clinic's zone.
    pub day: Option<String>,
    pub time: Option<String>,
    pub visit_type: String,
    pub minutes: u32,
    pub clinician: Option<String>,
    pub clinician_title: Option<String>,
    pub place: Option<PlaceView>,
    pub instructions: Option<String>,
    pub needs_confirmation: bool,
    /// Why the reader cannot move or cancel it themselves; none: they can.
    pub change_refusal: Option<String>,
    pub late_cancellation: bool,
    /// The check-in page, while online check-in is open.
    pub check_in_href: Option<String>,
    pub checked_in: bool,
    pub reason: Option<String>,
    pub cancel_reason: Option<String>,
    pub preferred: Vec<String>,
}

/// An appointment imported from another system's records, shown read-only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedVisitView {
    /// "Thu 12 Mar 2025, 10:00 AM" in the clinic's zone.
    pub when: String,
    pub title: String,
    pub status_label: String,
    pub with: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentsPage {
    pub header: PatientHeader,
    /// "America/New_York".
    pub zone: String,
    pub upcoming: Vec<VisitView>,
    pub requests: Vec<VisitView>,
    pub past: Vec<VisitView>,
    /// Appointments from imported records, newest first.
    pub imported: Vec<ImportedVisitView>,
    pub may_book: bool,
    /// The reader books for someone else (a caregiver, or the clinic).
    pub for_someone_else: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentPage {
    pub header: PatientHeader,
    pub zone: String,
    pub visit: VisitView,
    pub may_change: bool,
    pub by_clinic: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitTypeOption {
    pub id: String,
    pub name: String,
    pub minutes: u32,
    /// Why it cannot be booked online (send a request instead).
    pub refusal: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeOption {
    pub slot_id: SlotId,
    pub label: String,
    pub clinician: String,
    pub place: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOption {
    pub day: String,
    pub label: String,
    pub times: Vec<TimeOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingPage {
    pub header: PatientHeader,
    pub zone: String,
    pub visit_types: Vec<VisitTypeOption>,
    pub clinicians: Vec<(String, String)>,
    /// The visit type chosen, its error if it cannot be booked, and its open days.
    pub chosen: Option<VisitTypeOption>,
    pub days: Vec<DayOption>,
    /// The first day of the next week of openings, for the "later" link.
    pub next_from: Option<String>,
    pub for_someone_else: bool,
    /// When moving a visit: which one.
    pub moving: Option<VisitView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookedView {
    pub href: String,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleLine {
    pub patient_href: String,
    pub appointments_href: String,
    pub patient_id: PatientId,
    pub patient: String,
    pub appointment_id: AppointmentId,
    pub day: String,
    pub time: String,
    pub visit_type: String,
    pub clinician: String,
    pub place: String,
    pub status: String,
    pub status_label: String,
    pub confirmed: bool,
    pub checked_in: bool,
    /// The answers given at online check-in, once checked in.
    pub check_in_href: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchedulePage {
    pub zone: String,
    pub day: String,
    pub label: String,
    pub days: u32,
    pub previous: String,
    pub next: String,
    pub clinicians: Vec<(String, String)>,
    pub locations: Vec<(String, String)>,
    pub lines: Vec<ScheduleLine>,
    pub may_mark: bool,
}

#[cfg(feature = "ssr")]
mod convert {
    use portico_domain::scheduling::{AppointmentView, ClinicZone};
    use portico_types::AppointmentId;

    use super::{PlaceView, VisitView};

    /// A visit as the pages show it, its day and time on the clinic's clocks in `zone`'s language.
    pub fn visit(zone: &ClinicZone, patient_id: &str, v: AppointmentView) -> VisitView {
        let check_in_href = v
            .check_in_open
            .then(|| format!("/patients/{patient_id}/appointments/{}/check-in", v.id));
        VisitView {
            href: format!("/patients/{patient_id}/appointments/{}", v.id),
            id: AppointmentId::from_stored(v.id),
            status: v.status.as_str().to_owned(),
            status_label: crate::api::display::name(v.status),
            day: v.start.map(|s| zone.day_label(s)),
            time: v.start.map(|s| zone.time_label(s)),
            visit_type: v.visit_type,
            minutes: v.minutes,
            clinician: v.clinician.as_ref().map(|c| c.name.clone()),
            clinician_title: v.clinician.and_then(|c| c.title),
            place: v.location.map(|l| PlaceView {
                map_link: format!(
                    "https://www.openstreetmap.org/search?query={}",
                    url_escape(&l.address.replace('\n', ", "))
                ),
                name: l.name,
                address: l.address.lines().map(str::to_owned).collect(),
                phone: l.phone,
                directions: l.directions,
            }),
            instructions: v.instructions,
            needs_confirmation: v.needs_confirmation,
            change_refusal: v
                .change_refusal
                .map(|why| why.in_language(crate::i18n::locale())),
            late_cancellation: v.late_cancellation,
            check_in_href,
            checked_in: v.checked_in,
            reason: v.reason,
            cancel_reason: v.cancel_reason,
            preferred: v.preferred,
        }
    }

    fn url_escape(text: &str) -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
}

/// Whether the reader may also change this patient's appointments (the read answer says whom
/// they hold it for; the policy lets patients and caregivers write where they may read, and
/// staff where their role works).
#[cfg(feature = "ssr")]
fn may_write(
    permit: &portico_domain::access::Authorized<portico_domain::access::PatientScope>,
) -> bool {
    use portico_domain::access::{Basis, Scope, policy::staff_may_write};
    match permit.basis() {
        Basis::Staff(role) => staff_may_write(*role, Scope::Appointments),
        _ => permit.holds(Scope::Appointments),
    }
}

/// The policy's answer on this patient's appointments.
#[cfg(feature = "ssr")]
async fn appointments_access(
    patient_id: &str,
    mode: portico_domain::access::Mode,
    action: &'static str,
) -> Result<portico_domain::access::Authorized<portico_domain::access::PatientScope>, ApiError> {
    use portico_domain::access::Scope;
    super::server_context::patient_access(patient_id, Scope::Appointments, mode, action).await
}

#[cfg(feature = "ssr")]
fn taken(err: portico_domain::DomainError) -> ApiError {
    use portico_domain::{DomainError, scheduling::TAKEN};
    match err {
        DomainError::Conflict(message) if message == TAKEN => ApiError::new(
            super::ApiErrorKind::Conflict,
            crate::i18n::t("sched-time-taken"),
        ),
        other => other.into(),
    }
}

#[server(endpoint = "patient/appointments")]
pub async fn get_appointments(patient_id: PatientId) -> Result<AppointmentsPage, ApiError> {
    use super::server_context::{request_meta, server_context};
    use crate::i18n::t;
    use portico_domain::{
        access::Mode,
        scheduling::{AppointmentStatus, Scheduling},
    };
    let ctx = server_context()?;
    let permit = appointments_access(&patient_id, Mode::Read, "patient/appointments").await?;
    let meta = request_meta();
    let list = ctx.scheduling.appointments(&permit, &meta).await?;
    let zone = ctx.zone().await?;
    let imported = ctx
        .records
        .imported_appointments(&permit, &meta)
        .await?
        .into_iter()
        .map(|v| ImportedVisitView {
            when: v.start.map_or_else(
                || t("appointment-no-time-given"),
                |s| format!("{}, {}", zone.day_label(s), zone.time_label(s)),
            ),
            // A FHIR status, in the words of the portal's own visits where they mean the same.
            status_label: match v.status.as_str() {
                "proposed" | "pending" | "waitlist" => Some(AppointmentStatus::Requested),
                "booked" => Some(AppointmentStatus::Booked),
                "arrived" | "checked-in" => Some(AppointmentStatus::Arrived),
                "fulfilled" => Some(AppointmentStatus::Fulfilled),
                "cancelled" => Some(AppointmentStatus::Cancelled),
                "noshow" => Some(AppointmentStatus::NoShow),
                _ => None,
            }
            .map_or_else(|| t("appointment-recorded"), super::display::name),
            title: v.title.in_language(crate::i18n::locale()),
            with: v.with,
        })
        .collect();
    let views = |list: Vec<portico_domain::scheduling::AppointmentView>| {
        list.into_iter()
            .map(|v| convert::visit(&zone, &patient_id, v))
            .collect::<Vec<_>>()
    };
    Ok(AppointmentsPage {
        header: super::patient::convert::header(&permit)?,
        zone: list.zone,
        upcoming: views(list.upcoming),
        requests: views(list.requests),
        past: views(list.past),
        imported,
        may_book: may_write(&permit),
        for_someone_else: Scheduling::acting_for_someone(&permit),
    })
}

#[server(endpoint = "patient/appointment")]
pub async fn get_appointment(
    patient_id: PatientId,
    appointment_id: AppointmentId,
) -> Result<AppointmentPage, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit = appointments_access(&patient_id, Mode::Read, "patient/appointment").await?;
    let visit = ctx
        .scheduling
        .appointment(&permit, &appointment_id, &request_meta())
        .await?;
    let may_write = may_write(&permit);
    let zone = ctx.zone().await?;
    let visit = convert::visit(&zone, &patient_id, visit);
    Ok(AppointmentPage {
        header: super::patient::convert::header(&permit)?,
        zone: zone.name().to_owned(),
        may_change: may_write && visit.change_refusal.is_none(),
        by_clinic: matches!(permit.basis(), portico_domain::access::Basis::Staff(_)),
        visit,
    })
}

/// The booking page: the visit types, and for the chosen one (with a clinician or any) the open
/// times on the 7 days from `from` (`YYYY-MM-DD`; empty: from the first day with an opening).
/// With `moving`, the times to move that visit to.
#[server(endpoint = "patient/appointments/options")]
pub async fn get_booking_options(
    patient_id: PatientId,
    #[server(default)] visit_type: String,
    #[server(default)] clinician: String,
    #[server(default)] from: String,
    #[server(default)] moving: Option<AppointmentId>,
) -> Result<BookingPage, ApiError> {
    use super::{
        display::optional_date,
        server_context::{request_meta, server_context},
    };
    use portico_domain::{access::Mode, scheduling::Scheduling};
    let ctx = server_context()?;
    let permit =
        appointments_access(&patient_id, Mode::Read, "patient/appointments/options").await?;
    let from = optional_date("from", &from)?;
    let scheduling = &ctx.scheduling;
    let zone = ctx.zone().await?;
    let moving = match moving {
        Some(id) => Some(
            scheduling
                .appointment(&permit, &id, &request_meta())
                .await?,
        ),
        None => None,
    };
    let visit_types: Vec<VisitTypeOption> = scheduling
        .booking_choices(&permit)
        .await?
        .into_iter()
        .map(|c| VisitTypeOption {
            id: c.visit_type.id,
            name: c.visit_type.name,
            minutes: c.visit_type.minutes,
            refusal: c.refusal.map(|why| why.in_language(crate::i18n::locale())),
        })
        .filter(|v| moving.as_ref().is_none_or(|m| m.visit_type_id == v.id))
        .collect();
    let clinicians = scheduling.clinicians().await?;
    let locations = scheduling.locations().await?;
    let wanted = moving
        .as_ref()
        .map(|m| m.visit_type_id.clone())
        .unwrap_or(visit_type);
    let chosen = visit_types.iter().find(|v| v.id == wanted).cloned();
    let clinician = Some(clinician.trim())
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    if let Some(c) = &clinician
        && !clinicians.iter().any(|known| &known.id == c)
    {
        return Err(portico_domain::DomainError::validation(
            "clinician",
            portico_domain::said!("sched-no-such-clinician"),
        )
        .into());
    }
    let mut days = Vec::new();
    let mut next_from = None;
    if let Some(chosen) = chosen.as_ref().filter(|c| c.refusal.is_none()) {
        let openings = scheduling
            .openings(
                &permit,
                &chosen.id,
                clinician.as_deref(),
                from,
                7,
                crate::i18n::locale(),
            )
            .await?;
        let name = |id: &str| {
            clinicians
                .iter()
                .find(|c| c.id == id)
                .map_or_else(String::new, |c| c.name.clone())
        };
        let place = |id: &str| {
            locations
                .iter()
                .find(|l| l.id == id)
                .map_or_else(String::new, |l| l.name.clone())
        };
        let first = openings.first().map(|d| d.day);
        for day in openings {
            days.push(DayOption {
                day: day.day.to_string(),
                label: day.label,
                times: day
                    .times
                    .into_iter()
                    .map(|(t, label)| TimeOption {
                        slot_id: SlotId::from_stored(t.slot_id),
                        label,
                        clinician: name(&t.clinician_id),
                        place: place(&t.location_id),
                    })
                    .collect(),
            });
        }
        next_from = from
            .or(first)
            .map(|d| (d + chrono::Duration::days(7)).to_string());
    }
    Ok(BookingPage {
        header: super::patient::convert::header(&permit)?,
        zone: zone.name().to_owned(),
        visit_types,
        clinicians: clinicians.into_iter().map(|c| (c.id, c.name)).collect(),
        chosen,
        days,
        next_from,
        for_someone_else: Scheduling::acting_for_someone(&permit),
        moving: moving.map(|m| convert::visit(&zone, &patient_id, m)),
    })
}

#[server(endpoint = "patient/appointments/book")]
pub async fn book_appointment(
    patient_id: PatientId,
    visit_type: String,
    slot_id: SlotId,
    #[server(default)] reason: String,
) -> Result<BookedView, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::{access::Mode, scheduling::Booking};
    let ctx = server_context()?;
    let permit = appointments_access(&patient_id, Mode::Write, "patient/appointments/book").await?;
    let booked = ctx
        .scheduling
        .book(
            &permit,
            Booking {
                visit_type_id: visit_type,
                slot_id: slot_id.into_string(),
                reason: Some(reason),
            },
            &request_meta(),
        )
        .await
        .map_err(taken)?;
    let zone = ctx.zone().await?;
    let href = format!(
        "/patients/{patient_id}/appointments/{}",
        booked.appointment_id
    );
    super::server_context::after_plain_form(&href);
    Ok(BookedView {
        href,
        summary: crate::i18n::t_args(
            "appointment-booked-for",
            vec![("when", zone.moment_label(booked.start).into())],
        ),
    })
}

#[server(endpoint = "patient/appointments/reschedule")]
pub async fn reschedule_appointment(
    patient_id: PatientId,
    appointment_id: AppointmentId,
    slot_id: SlotId,
) -> Result<BookedView, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit =
        appointments_access(&patient_id, Mode::Write, "patient/appointments/reschedule").await?;
    let booked = ctx
        .scheduling
        .reschedule(&permit, &appointment_id, &slot_id, &request_meta())
        .await
        .map_err(taken)?;
    let zone = ctx.zone().await?;
    let href = format!(
        "/patients/{patient_id}/appointments/{}",
        booked.appointment_id
    );
    super::server_context::after_plain_form(&href);
    Ok(BookedView {
        href,
        summary: crate::i18n::t_args(
            "appointment-moved-to",
            vec![("when", zone.moment_label(booked.start).into())],
        ),
    })
}

#[server(endpoint = "patient/appointments/cancel")]
pub async fn cancel_appointment(
    patient_id: PatientId,
    appointment_id: AppointmentId,
    #[server(default)] reason: String,
) -> Result<(), ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit =
        appointments_access(&patient_id, Mode::Write, "patient/appointments/cancel").await?;
    ctx.scheduling
        .cancel(&permit, &appointment_id, Some(reason), &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!(
        "/patients/{patient_id}/appointments/{appointment_id}"
    ));
    Ok(())
}

#[server(endpoint = "patient/appointments/confirm")]
pub async fn confirm_appointment(
    patient_id: PatientId,
    appointment_id: AppointmentId,
) -> Result<(), ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit =
        appointments_access(&patient_id, Mode::Write, "patient/appointments/confirm").await?;
    ctx.scheduling
        .confirm(&permit, &appointment_id, &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!(
        "/patients/{patient_id}/appointments/{appointment_id}"
    ));
    Ok(())
}

/// Asks for a visit of a type that cannot be booked online: up to three preferred times.
#[server(endpoint = "patient/appointments/request")]
pub async fn request_appointment(
    patient_id: PatientId,
    visit_type: String,
    #[server(default)] first: String,
    #[server(default)] second: String,
    #[server(default)] third: String,
    #[server(default)] reason: String,
) -> Result<String, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit =
        appointments_access(&patient_id, Mode::Write, "patient/appointments/request").await?;
    ctx.scheduling
        .request(
            &permit,
            &visit_type,
            &[first, second, third],
            Some(reason),
            &request_meta(),
        )
        .await?;
    super::server_context::after_plain_form(&format!("/patients/{patient_id}/appointments"));
    Ok(crate::i18n::t("appointment-request-sent"))
}

/// The visit as an iCalendar file for the reader's calendar.
#[server(endpoint = "patient/appointments/calendar")]
pub async fn appointment_calendar(
    patient_id: PatientId,
    appointment_id: AppointmentId,
) -> Result<Download, ApiError> {
    use super::server_context::{request_meta, server_context};
    use base64::Engine;
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit =
        appointments_access(&patient_id, Mode::Read, "patient/appointments/calendar").await?;
    let text = ctx
        .scheduling
        .calendar_file(
            &permit,
            &appointment_id,
            crate::i18n::locale(),
            &request_meta(),
        )
        .await?;
    Ok(Download {
        file_name: "appointment.ics".into(),
        content_type: "text/calendar".into(),
        base64: base64::engine::general_purpose::STANDARD.encode(text),
    })
}

/// The clinic's visits for `days` (1 or 7) days from `day` (`YYYY-MM-DD`; empty: today in the
/// clinic), optionally one clinician's or one location's.
#[server(endpoint = "staff/schedule")]
pub async fn get_schedule(
    #[server(default)] day: String,
    #[server(default)] days: u32,
    #[server(default)] clinician: String,
    #[server(default)] location: String,
) -> Result<SchedulePage, ApiError> {
    use super::{
        display::optional_date,
        server_context::{clinic_access, request_meta, server_context},
    };
    use portico_domain::access::{ClinicTask, Scope};
    let permit = clinic_access(ClinicTask::ViewSchedule, "staff/schedule").await?;
    let ctx = server_context()?;
    let zone = ctx.zone().await?;
    let day = optional_date("day", &day)?.unwrap_or_else(|| zone.today(ctx.scheduling.now()));
    let days = if days >= 7 { 7 } else { 1 };
    let pick = |v: &str| Some(v.trim()).filter(|v| !v.is_empty()).map(str::to_owned);
    let (clinician, location) = (pick(&clinician), pick(&location));
    let entries = ctx
        .scheduling
        .schedule(
            &permit,
            day,
            days,
            clinician.as_deref(),
            location.as_deref(),
            crate::i18n::locale(),
            &request_meta(),
        )
        .await?;
    let lines = entries
        .into_iter()
        .map(|e| {
            let a = e.appointment;
            let check_in_href = e
                .checked_in
                .then(|| format!("/patients/{}/appointments/{}/check-in", e.patient_id, a.id));
            ScheduleLine {
                patient_href: format!("/patients/{}", e.patient_id),
                appointments_href: format!("/patients/{}/appointments/{}", e.patient_id, a.id),
                patient_id: PatientId::from_stored(e.patient_id),
                patient: e.patient_name,
                appointment_id: AppointmentId::from_stored(a.id),
                day: a.start.map(|s| zone.day_label(s)).unwrap_or_default(),
                time: a.start.map(|s| zone.time_label(s)).unwrap_or_default(),
                visit_type: a.visit_type,
                clinician: a.clinician.map(|c| c.name).unwrap_or_default(),
                place: a.location.map(|l| l.name).unwrap_or_default(),
                status: a.status.as_str().to_owned(),
                status_label: super::display::name(a.status),
                confirmed: !a.needs_confirmation,
                check_in_href,
                checked_in: e.checked_in,
            }
        })
        .collect();
    let role = super::server_context::require_session()?.account.role;
    let may_mark = portico_domain::access::policy::staff_may_write(role, Scope::Appointments);
    let step = chrono::Duration::days(i64::from(days));
    Ok(SchedulePage {
        zone: zone.name().to_owned(),
        day: day.to_string(),
        label: if days == 1 {
            zone.day_label(zone.day_bounds(day)?.0 + chrono::Duration::hours(12))
        } else {
            crate::i18n::t_args(
                "appointment-week-of",
                vec![(
                    "day",
                    zone.day_label(zone.day_bounds(day)?.0 + chrono::Duration::hours(12))
                        .into(),
                )],
            )
        },
        days,
        previous: (day - step).to_string(),
        next: (day + step).to_string(),
        clinicians: ctx
            .scheduling
            .clinicians()
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        locations: ctx
            .scheduling
            .locations()
            .await?
            .into_iter()
            .map(|l| (l.id, l.name))
            .collect(),
        lines,
        may_mark,
    })
}

/// The front desk marks a visit: `arrived`, `noshow` or `fulfilled`.
#[server(endpoint = "staff/appointments/mark")]
pub async fn mark_appointment(
    patient_id: PatientId,
    appointment_id: AppointmentId,
    marking: String,
) -> Result<(), ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::{DomainError, access::Mode, scheduling::Marking};
    let marking = match marking.as_str() {
        "arrived" => Marking::Arrived,
        "noshow" => Marking::NoShow,
        "fulfilled" => Marking::Fulfilled,
        _ => {
            return Err(
                DomainError::validation("marking", portico_domain::said!("sched-marking")).into(),
            );
        }
    };
    // Clinic work first (patients and caregivers are refused here, audited), then the patient.
    super::server_context::clinic_access(
        portico_domain::access::ClinicTask::ViewSchedule,
        "staff/appointments/mark",
    )
    .await?;
    let ctx = server_context()?;
    let permit = appointments_access(&patient_id, Mode::Write, "staff/appointments/mark").await?;
    Ok(ctx
        .scheduling
        .mark(&permit, &appointment_id, marking, &request_meta())
        .await?)
}

/// One question of a check-in questionnaire, as a form asks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    /// The form field: `answers[<field>]`.
    pub field: String,
    pub text: String,
    /// `text`, `yes-no`, `number` or `choice`.
    pub kind: String,
    pub required: bool,
    pub min: i64,
    pub max: i64,
    /// (code, label) for a choice.
    pub choices: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionnaireView {
    pub id: String,
    pub title: String,
    pub intro: String,
    pub questions: Vec<QuestionView>,
}

/// A part of the record to confirm: what the record says (none: the reader may not see it here).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckPartView {
    pub code: String,
    pub label: String,
    pub lines: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnsweredView {
    pub title: String,
    pub answers: Vec<(String, String)>,
    pub score: Option<String>,
    pub positive: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedCheckIn {
    /// "Sun 22 Nov 2026, 9:05 AM".
    pub when: String,
    pub by_someone_else: bool,
    pub confirmed: Vec<String>,
    pub not_confirmed: Vec<String>,
    pub changes: Option<String>,
    pub answers: Vec<AnsweredView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInView {
    pub header: PatientHeader,
    pub zone: String,
    pub visit: VisitView,
    /// Why it cannot be done now; none: the form is shown.
    pub closed: Option<String>,
    /// When it opens, for a visit more than a week ahead.
    pub opens: Option<String>,
    pub may_check_in: bool,
    pub parts: Vec<CheckPartView>,
    pub questionnaires: Vec<QuestionnaireView>,
    pub submitted: Option<SubmittedCheckIn>,
    pub by_clinic: bool,
}

#[cfg(feature = "ssr")]
mod check_in_convert {
    use portico_domain::{
        i18n::Locale,
        records::CheckInReview,
        scheduling::{
            CheckInRecord, PARTS, part_label,
            questionnaires::{self, Kind, Questionnaire},
        },
    };

    use super::{AnsweredView, CheckPartView, QuestionView, QuestionnaireView, SubmittedCheckIn};

    pub fn questionnaire(q: &Questionnaire, locale: Locale) -> QuestionnaireView {
        QuestionnaireView {
            id: q.id.to_owned(),
            title: q.title_in(locale),
            intro: q.intro_in(locale),
            questions: q
                .items
                .iter()
                .map(|item| {
                    let (kind, min, max, choices) = match &item.kind {
                        Kind::Text => ("text", 0, 0, Vec::new()),
                        Kind::Boolean => ("yes-no", 0, 0, Vec::new()),
                        Kind::Integer { min, max } => ("number", *min, *max, Vec::new()),
                        Kind::Choice(choices) => (
                            "choice",
                            0,
                            0,
                            choices
                                .iter()
                                .map(|c| (c.code.to_owned(), c.display_in(locale)))
                                .collect(),
                        ),
                    };
                    QuestionView {
                        field: questionnaires::field(q, item),
                        text: item.text_in(locale),
                        kind: kind.to_owned(),
                        required: item.required,
                        min,
                        max,
                        choices,
                    }
                })
                .collect(),
        }
    }

    pub fn parts(review: CheckInReview, locale: Locale) -> Vec<CheckPartView> {
        PARTS
            .iter()
            .map(|(code, _)| CheckPartView {
                code: (*code).to_owned(),
                label: part_label(locale, code),
                lines: match *code {
                    "contact" => review.contact.as_ref(),
                    "insurance" => review.insurance.as_ref(),
                    "medications" => review.medications.as_ref(),
                    _ => review.allergies.as_ref(),
                }
                .map(|lines| lines.iter().map(|line| line.in_language(locale)).collect()),
            })
            .collect()
    }

    pub fn submitted(record: CheckInRecord, locale: Locale) -> SubmittedCheckIn {
        let label = |code: &str| part_label(locale, code);
        SubmittedCheckIn {
            when: record.submitted_label,
            by_someone_else: record.by_someone_else,
            confirmed: record.confirmed.iter().map(|c| label(c)).collect(),
            not_confirmed: PARTS
                .iter()
                .filter(|(c, _)| !record.confirmed.iter().any(|x| x == c))
                .map(|(c, _)| label(c))
                .collect(),
            changes: record.changes,
            answers: record
                .answers
                .into_iter()
                .map(|a| AnsweredView {
                    title: a.title,
                    answers: a.answers,
                    score: a.score,
                    positive: a.positive,
                })
                .collect(),
        }
    }
}

/// A visit's online check-in: the form while it is open (the parts of the record to confirm and
/// the visit type's questionnaires), or what was sent.
#[server(endpoint = "patient/appointments/check-in")]
pub async fn get_check_in(
    patient_id: PatientId,
    appointment_id: AppointmentId,
) -> Result<CheckInView, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::{Basis, Mode};
    let ctx = server_context()?;
    let permit =
        appointments_access(&patient_id, Mode::Read, "patient/appointments/check-in").await?;
    let meta = request_meta();
    let locale = crate::i18n::locale();
    let page = ctx
        .scheduling
        .check_in_page(&permit, &appointment_id, locale, &meta)
        .await?;
    let may_check_in = may_write(&permit) && page.closed.is_none() && page.record.is_none();
    // The record's parts are read only while the form is shown.
    let parts = if may_check_in {
        check_in_convert::parts(ctx.records.check_in_review(&permit, &meta).await?, locale)
    } else {
        Vec::new()
    };
    let zone = ctx.zone().await?;
    Ok(CheckInView {
        header: super::patient::convert::header(&permit)?,
        zone: zone.name().to_owned(),
        visit: convert::visit(&zone, &patient_id, page.visit),
        closed: page.closed.map(|why| why.in_language(locale)),
        opens: page.opens,
        may_check_in,
        parts,
        questionnaires: page
            .questionnaires
            .iter()
            .map(|q| check_in_convert::questionnaire(q, locale))
            .collect(),
        submitted: page
            .record
            .map(|record| check_in_convert::submitted(record, locale)),
        by_clinic: matches!(permit.basis(), Basis::Staff(_)),
    })
}

/// Checks in for a visit: `confirmed[<part>]` for each part of the record that is right,
/// `changes` for what is not, and `answers[<field>]` for the questionnaires.
#[server(endpoint = "patient/appointments/check-in/submit")]
pub async fn check_in_appointment(
    patient_id: PatientId,
    appointment_id: AppointmentId,
    #[server(default)] confirmed: std::collections::HashMap<String, String>,
    #[server(default)] changes: String,
    #[server(default)] answers: std::collections::HashMap<String, String>,
) -> Result<(), ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::{access::Mode, scheduling::CheckInAnswers};
    let ctx = server_context()?;
    let permit = appointments_access(
        &patient_id,
        Mode::Write,
        "patient/appointments/check-in/submit",
    )
    .await?;
    let mut confirmed: Vec<String> = confirmed.into_keys().collect();
    confirmed.sort();
    ctx.scheduling
        .check_in(
            &permit,
            &appointment_id,
            CheckInAnswers {
                confirmed,
                changes: Some(changes),
                answers,
            },
            &request_meta(),
        )
        .await?;
    super::server_context::after_plain_form(&format!(
        "/patients/{patient_id}/appointments/{appointment_id}/check-in"
    ));
    Ok(())
}
