//! What the pages show: a patient's visits (upcoming, past, requests), one visit in full, the
//! visit types a reader may book and the open times for one, a visit as an `.ics` file, and the
//! clinic's schedule. Each read decrypts only what it shows and is audited.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use super::{
    CANCEL_REASON, PREFERRED, REASON, Scheduling, booking::by_clinic, catalog::VisitTypeRules,
    slots::OpenTime, zone::ClinicZone,
};
use crate::{
    DomainError, DomainResult,
    access::{Authorized, ClinicScope, ClinicTask, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    entities::{appointment, sched_clinician, sched_location},
    i18n::{Locale, Said},
    phi, said,
};

const PAST_SHOWN: u64 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppointmentStatus {
    /// Asked for; the front desk has not booked it yet.
    Requested,
    Booked,
    Arrived,
    Fulfilled,
    Cancelled,
    NoShow,
    /// A request the front desk turned into a booking (or could not).
    Declined,
}

impl AppointmentStatus {
    pub const ALL: [AppointmentStatus; 7] = [
        Self::Requested,
        Self::Booked,
        Self::Arrived,
        Self::Fulfilled,
        Self::Cancelled,
        Self::NoShow,
        Self::Declined,
    ];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Booked => "booked",
            Self::Arrived => "arrived",
            Self::Fulfilled => "fulfilled",
            Self::Cancelled => "cancelled",
            Self::NoShow => "noshow",
            Self::Declined => "declined",
        }
    }

    /// The status a stored code names; an unknown one reads as cancelled.
    pub fn parse(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
            .unwrap_or(Self::Cancelled)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Requested => "Requested",
            Self::Booked => "Booked",
            Self::Arrived => "Arrived",
            Self::Fulfilled => "Seen",
            Self::Cancelled => "Cancelled",
            Self::NoShow => "Missed",
            Self::Declined => "Handled",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clinician {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub id: String,
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub directions: Option<String>,
}

/// One visit as a page shows it; times also as labels in the clinic's zone (in the language of
/// the call that made it: English where none is given).
#[derive(Clone, Debug, PartialEq)]
pub struct AppointmentView {
    pub id: String,
    pub status: AppointmentStatus,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    /// "Thu 10 Dec 2026".
    pub day: Option<String>,
    /// "9:30 AM".
    pub time: Option<String>,
    pub visit_type_id: String,
    pub visit_type: String,
    pub minutes: u32,
    pub instructions: Option<String>,
    pub clinician: Option<Clinician>,
    pub location: Option<Location>,
    pub booked_by_clinic: bool,
    /// A clinic booking the patient has not confirmed yet.
    pub needs_confirmation: bool,
    /// Why the reader may not move or cancel it themselves (none: they may).
    pub change_refusal: Option<Said>,
    pub late_cancellation: bool,
    /// Checked in online (or at the desk).
    pub checked_in: bool,
    /// Online check-in is open now (booked, not checked in, starting within a week).
    pub check_in_open: bool,
    pub rescheduled_to: Option<String>,
    pub rescheduled_from: Option<String>,
    /// Only on [`Scheduling::appointment`].
    pub reason: Option<String>,
    pub cancel_reason: Option<String>,
    pub preferred: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PatientAppointments {
    pub zone: String,
    pub upcoming: Vec<AppointmentView>,
    pub requests: Vec<AppointmentView>,
    /// The latest 20, newest first.
    pub past: Vec<AppointmentView>,
}

/// A visit type as offered to this reader.
#[derive(Clone, Debug, PartialEq)]
pub struct BookingChoice {
    pub visit_type: VisitTypeRules,
    /// Why it cannot be booked online by this reader (they may send a request instead).
    pub refusal: Option<Said>,
}

/// Open times on one day of the clinic, labelled in the language asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayOpenings {
    pub day: NaiveDate,
    pub label: String,
    pub times: Vec<(OpenTime, String)>,
}

/// One line of the clinic's schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleEntry {
    pub appointment: AppointmentView,
    pub patient_id: String,
    pub patient_name: String,
    pub checked_in: bool,
}

pub(super) struct Names {
    pub clinicians: HashMap<String, Clinician>,
    pub locations: HashMap<String, Location>,
    pub visit_types: HashMap<String, VisitTypeRules>,
}

impl Scheduling {
    pub async fn clinicians(&self) -> DomainResult<Vec<Clinician>> {
        Ok(sched_clinician::Entity::find()
            .filter(sched_clinician::Column::Active.eq(true))
            .order_by_asc(sched_clinician::Column::Name)
            .all(self.db())
            .await?
            .into_iter()
            .map(|c| Clinician {
                id: c.id,
                name: c.name,
                title: c.title,
            })
            .collect())
    }

    pub async fn locations(&self) -> DomainResult<Vec<Location>> {
        Ok(sched_location::Entity::find()
            .order_by_asc(sched_location::Column::Name)
            .all(self.db())
            .await?
            .into_iter()
            .map(|l| Location {
                id: l.id,
                name: l.name,
                address: l.address,
                phone: l.phone,
                directions: l.directions,
            })
            .collect())
    }

    pub(super) async fn names(&self) -> DomainResult<Names> {
        let visit_types = crate::entities::visit_type::Entity::find()
            .all(self.db())
            .await?
            .iter()
            .map(|row| (row.id.clone(), VisitTypeRules::from_row(row)))
            .collect();
        Ok(Names {
            clinicians: self
                .clinicians()
                .await?
                .into_iter()
                .map(|c| (c.id.clone(), c))
                .collect(),
            locations: self
                .locations()
                .await?
                .into_iter()
                .map(|l| (l.id.clone(), l))
                .collect(),
            visit_types,
        })
    }

    pub(super) fn view(
        &self,
        permit: Option<&Authorized<PatientScope>>,
        zone: &ClinicZone,
        names: &Names,
        row: &appointment::Model,
    ) -> AppointmentView {
        let status = AppointmentStatus::parse(&row.status);
        let visit_type = names.visit_types.get(&row.visit_type_id);
        let upcoming =
            status == AppointmentStatus::Booked && row.start_at.is_some_and(|s| s > self.now());
        AppointmentView {
            id: row.id.clone(),
            status,
            start: row.start_at,
            end: row.end_at,
            day: row.start_at.map(|s| zone.day_label(s)),
            time: row.start_at.map(|s| zone.time_label(s)),
            visit_type_id: row.visit_type_id.clone(),
            visit_type: visit_type.map_or_else(|| row.visit_type_id.clone(), |v| v.name.clone()),
            minutes: visit_type.map_or(0, |v| v.minutes),
            instructions: visit_type.and_then(|v| v.instructions.clone()),
            clinician: row
                .clinician_id
                .as_ref()
                .and_then(|id| names.clinicians.get(id).cloned()),
            location: row
                .location_id
                .as_ref()
                .and_then(|id| names.locations.get(id).cloned()),
            booked_by_clinic: row.booked_by_clinic,
            needs_confirmation: upcoming && row.confirmed_at.is_none(),
            change_refusal: match permit {
                Some(permit) if upcoming => self.may_change(permit, row, visit_type).err(),
                _ => Some(said!("sched-no-longer-changeable")),
            },
            late_cancellation: row.late,
            checked_in: row.checked_in_at.is_some(),
            check_in_open: upcoming
                && row.checked_in_at.is_none()
                && row.start_at.is_some_and(|s| {
                    s - self.now() <= chrono::Duration::days(super::OPENS_BEFORE_DAYS)
                }),
            rescheduled_to: row.rescheduled_to.clone(),
            rescheduled_from: row.rescheduled_from.clone(),
            reason: None,
            cancel_reason: None,
            preferred: Vec::new(),
        }
    }

    /// The patient's visits: upcoming (soonest first), open requests, and the latest past ones.
    pub async fn appointments(
        &self,
        permit: &Authorized<PatientScope>,
        meta: &RequestMeta,
    ) -> DomainResult<PatientAppointments> {
        permit.require(Scope::Appointments, Mode::Read)?;
        let zone = self.zone().await?;
        let names = self.names().await?;
        let now = self.now();
        let mine = || {
            appointment::Entity::find()
                .filter(appointment::Column::PatientId.eq(permit.patient_id().to_owned()))
        };
        let upcoming = mine()
            .filter(appointment::Column::Status.is_in(["booked", "arrived"]))
            .filter(appointment::Column::EndAt.gt(now))
            .order_by_asc(appointment::Column::StartAt)
            .all(self.db())
            .await?;
        let requests = mine()
            .filter(appointment::Column::Status.eq("requested"))
            .order_by_desc(appointment::Column::CreatedAt)
            .all(self.db())
            .await?;
        let past = mine()
            .filter(
                Condition::any()
                    .add(appointment::Column::EndAt.lte(now))
                    .add(appointment::Column::Status.is_in(["cancelled", "noshow", "fulfilled"])),
            )
            .filter(appointment::Column::Status.ne("requested"))
            .filter(appointment::Column::Status.ne("declined"))
            .order_by_desc(appointment::Column::StartAt)
            .limit(PAST_SHOWN)
            .all(self.db())
            .await?;
        audit::record(self.db(), now, meta, permit.audit("appointment.list")).await?;
        let view = |rows: Vec<appointment::Model>| {
            rows.iter()
                .map(|row| self.view(Some(permit), &zone, &names, row))
                .collect::<Vec<_>>()
        };
        Ok(PatientAppointments {
            zone: zone.name().to_owned(),
            upcoming: view(upcoming),
            requests: view(requests),
            past: view(past),
        })
    }

    /// One visit in full, with the reason given for it.
    pub async fn appointment(
        &self,
        permit: &Authorized<PatientScope>,
        appointment_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<AppointmentView> {
        permit.require(Scope::Appointments, Mode::Read)?;
        let row = self
            .own_appointment(self.db(), permit, appointment_id)
            .await?;
        let zone = self.zone().await?;
        let names = self.names().await?;
        let mut view = self.view(Some(permit), &zone, &names, &row);
        let vault = self.core.vault();
        view.reason = row
            .reason
            .as_deref()
            .map(|r| vault.open(REASON, &row.id, r))
            .transpose()?;
        view.cancel_reason = row
            .cancel_reason
            .as_deref()
            .map(|r| vault.open(CANCEL_REASON, &row.id, r))
            .transpose()?;
        view.preferred = row
            .preferred
            .as_deref()
            .map(|p| vault.open(PREFERRED, &row.id, p))
            .transpose()?
            .map(|p| p.lines().map(str::to_owned).collect())
            .unwrap_or_default();
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("appointment.view")
                .resource("Appointment", row.id.clone()),
        )
        .await?;
        Ok(view)
    }

    /// The visit types, each with whether this reader may book it online.
    pub async fn booking_choices(
        &self,
        permit: &Authorized<PatientScope>,
    ) -> DomainResult<Vec<BookingChoice>> {
        permit.require(Scope::Appointments, Mode::Read)?;
        let last_seen = self.last_seen(permit.patient_id()).await?;
        Ok(self
            .visit_types()
            .await?
            .into_iter()
            .map(|visit_type| BookingChoice {
                refusal: self.refusal(permit, &visit_type, last_seen),
                visit_type,
            })
            .collect())
    }

    /// Open times for a visit type on `days` days from `from` (the clinic's days; `from` none:
    /// from the first day with an opening), with one clinician or any; days and times labelled
    /// in `locale`.
    pub async fn openings(
        &self,
        permit: &Authorized<PatientScope>,
        visit_type_id: &str,
        clinician_id: Option<&str>,
        from: Option<NaiveDate>,
        days: u32,
        locale: Locale,
    ) -> DomainResult<Vec<DayOpenings>> {
        permit.require(Scope::Appointments, Mode::Read)?;
        let visit_type = self.visit_type(visit_type_id).await?;
        if let Some(refusal) = self.online_refusal(permit, &visit_type).await? {
            return Err(DomainError::validation("visit_type", refusal));
        }
        let zone = self.zone().await?.speaking(locale);
        let (earliest, latest) = self.booking_window(by_clinic(permit), &visit_type);
        let first_day = match from {
            Some(day) => day,
            // The first opening, looked for a week at a time (not the whole horizon at once).
            None => {
                let mut window = earliest;
                loop {
                    if window >= latest {
                        return Ok(Vec::new());
                    }
                    let end = (window + Duration::days(7)).min(latest);
                    let first = self
                        .open_times_between(&visit_type, clinician_id, window, end)
                        .await?
                        .into_iter()
                        .next();
                    if let Some(time) = first {
                        break zone.local(time.start).0;
                    }
                    window = end;
                }
            }
        };
        let days = days.clamp(1, 14);
        let (start, _) = zone.day_bounds(first_day)?;
        let (_, end) = zone.day_bounds(first_day + Duration::days(i64::from(days) - 1))?;
        let times = self
            .open_times_between(
                &visit_type,
                clinician_id,
                start.max(earliest),
                end.min(latest),
            )
            .await?;
        let mut by_day: Vec<DayOpenings> = Vec::new();
        for time in times {
            let day = zone.local(time.start).0;
            let label = zone.time_label(time.start);
            match by_day.last_mut() {
                Some(last) if last.day == day => last.times.push((time, label)),
                _ => by_day.push(DayOpenings {
                    day,
                    label: zone.day_label(time.start),
                    times: vec![(time, label)],
                }),
            }
        }
        Ok(by_day)
    }

    /// A visit as an iCalendar file (RFC 5545, times in UTC): when, where, with whom, and the
    /// clinic's name — never the reason or anything clinical. Portico's words in it are in
    /// `locale` (the clinic's names and addresses as they are).
    pub async fn calendar_file(
        &self,
        permit: &Authorized<PatientScope>,
        appointment_id: &str,
        locale: Locale,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        use icalendar::{Component, EventLike};
        permit.require(Scope::Appointments, Mode::Read)?;
        let row = self
            .own_appointment(self.db(), permit, appointment_id)
            .await?;
        let (Some(start), Some(end)) = (row.start_at, row.end_at) else {
            return Err(DomainError::validation(
                "appointment",
                said!("sched-no-time-yet"),
            ));
        };
        let names = self.names().await?;
        let clinic = crate::clinic::clinic_profile(self.db()).await?;
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{}@portico", row.id))
            .summary(&said!("sched-ics-summary", clinic = &clinic.name).in_language(locale))
            .starts(start)
            .ends(end)
            .timestamp(self.now());
        if let Some(location) = row
            .location_id
            .as_ref()
            .and_then(|l| names.locations.get(l))
        {
            event.location(&format!(
                "{}, {}",
                location.name,
                location.address.replace('\n', ", ")
            ));
        }
        let mut description = Vec::new();
        if let Some(clinician) = row
            .clinician_id
            .as_ref()
            .and_then(|c| names.clinicians.get(c))
        {
            description
                .push(said!("sched-ics-with", clinician = &clinician.name).in_language(locale));
        }
        if let Some(phone) = &clinic.phone {
            description.push(said!("sched-ics-change", phone = phone.as_str()).in_language(locale));
        }
        if !description.is_empty() {
            event.description(&description.join("\n"));
        }
        if row.status == "cancelled" {
            event.status(icalendar::EventStatus::Cancelled);
        } else {
            event.status(icalendar::EventStatus::Confirmed);
        }
        let mut calendar = icalendar::Calendar::new();
        calendar.push(event.done());
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("appointment.calendar")
                .resource("Appointment", row.id.clone()),
        )
        .await?;
        Ok(calendar.done().to_string())
    }

    /// The clinic's visits on `days` days from `day` (its zone), optionally for one clinician or
    /// location, soonest first, with the patients' names; labels in `locale`. Front desk,
    /// clinicians and admins.
    #[allow(clippy::too_many_arguments)]
    pub async fn schedule(
        &self,
        permit: &Authorized<ClinicScope>,
        day: NaiveDate,
        days: u32,
        clinician_id: Option<&str>,
        location_id: Option<&str>,
        locale: Locale,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<ScheduleEntry>> {
        permit.require(ClinicTask::ViewSchedule)?;
        let zone = self.zone().await?.speaking(locale);
        let names = self.names().await?;
        let (start, _) = zone.day_bounds(day)?;
        let (_, end) = zone.day_bounds(day + Duration::days(i64::from(days.clamp(1, 7)) - 1))?;
        let mut query = appointment::Entity::find()
            .filter(appointment::Column::StartAt.gte(start))
            .filter(appointment::Column::StartAt.lt(end))
            .filter(appointment::Column::Status.is_in(["booked", "arrived", "fulfilled", "noshow"]))
            .order_by_asc(appointment::Column::StartAt);
        if let Some(clinician_id) = clinician_id {
            query = query.filter(appointment::Column::ClinicianId.eq(clinician_id.to_owned()));
        }
        if let Some(location_id) = location_id {
            query = query.filter(appointment::Column::LocationId.eq(location_id.to_owned()));
        }
        let rows = query.all(self.db()).await?;
        let ids: Vec<String> = rows.iter().map(|r| r.patient_id.clone()).collect();
        let patients: HashMap<String, String> =
            phi::patient_names(self.db(), self.core.vault(), &ids).await?;
        audit::record(self.db(), self.now(), meta, permit.audit("schedule.view")).await?;
        Ok(rows
            .iter()
            .map(|row| ScheduleEntry {
                appointment: self.view(None, &zone, &names, row),
                patient_name: patients
                    .get(&row.patient_id)
                    .cloned()
                    .unwrap_or_else(|| crate::i18n::t(locale, "sched-unknown-patient")),
                patient_id: row.patient_id.clone(),
                checked_in: row.checked_in_at.is_some(),
            })
            .collect())
    }

    /// Whether this reader booked for someone else (for the banner's "booking for …").
    pub fn acting_for_someone(permit: &Authorized<PatientScope>) -> bool {
        !matches!(permit.basis(), crate::access::Basis::Patient) && !by_clinic(permit)
    }
}
