//! Appointments: the clinic's schedule (clinicians, locations, visit types, weekly templates and
//! exceptions, in the clinic's time zone), the slots laid out from it, and patients' visits —
//! booked online within the clinic's rules or by the front desk, confirmed, moved, cancelled,
//! marked arrived or missed — with reminders. Shaped like FHIR R4 Schedule, Slot and Appointment.
//!
//! A booking takes its slots with a guarded `UPDATE … WHERE status = 'free'` that must change
//! every slot the visit needs (the loser of a race gets "that time was just taken"); a reschedule
//! books the new time before it releases the old one, in one transaction. Reasons for a visit
//! and for a cancellation are PHI and sealed.

mod booking;
mod catalog;
mod checkin;
mod fhir;
pub mod questionnaires;
mod reminders;
mod slots;
mod views;
pub mod zone;

pub use booking::{Booked, Booking, Marking, TAKEN};
pub use catalog::{
    Configurer, DEFAULT_REMINDER_LEADS, HoursChange, NewClinician, NewException, NewLocation,
    NewTemplate, OnlineBooking, VisitTypeRules, WeeklyHours, parse_clock,
};
pub use checkin::{
    CheckInAnswers, CheckInPage, CheckInRecord, OPENS_BEFORE_DAYS, PARTS, part_label,
};
pub use fhir::ExportedVisit;
pub use slots::{MIN_LAYOUT_DAYS, OpenTime};
pub use views::{
    AppointmentStatus, AppointmentView, BookingChoice, Clinician, DayOpenings, Location,
    PatientAppointments, ScheduleEntry,
};
pub use zone::ClinicZone;

use sea_orm::DatabaseConnection;

use crate::{access::Access, core::Core, vault::Field};

const REASON: Field = Field::new("appointment", "reason");
const PREFERRED: Field = Field::new("appointment", "preferred");
const CANCEL_REASON: Field = Field::new("appointment", "cancel_reason");

/// The scheduling service. Cheap to clone.
#[derive(Clone)]
pub struct Scheduling {
    core: Core,
    access: Access,
}

impl Scheduling {
    /// Built on access: every call takes the policy's answer that [`Access`] gave.
    pub fn new(access: &Access) -> Self {
        Self {
            core: access.identity().core().clone(),
            access: access.clone(),
        }
    }

    fn db(&self) -> &DatabaseConnection {
        self.core.db()
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.core.now()
    }

    /// The clinic's time zone.
    pub async fn zone(&self) -> crate::DomainResult<ClinicZone> {
        zone::clinic_zone(self.db()).await
    }
}
