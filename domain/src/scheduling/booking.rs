//! Booking, confirming, moving, cancelling and marking visits. Patients and caregivers book
//! within the visit type's rules (who may book online, lead time, horizon, cancellation
//! cut-off); the front desk and clinicians book any visit type at any open time and may cancel
//! late (recorded as late).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};

use super::{CANCEL_REASON, PREFERRED, REASON, Scheduling, catalog::OnlineBooking, slots};
use crate::{
    DomainError, DomainResult,
    access::{Authorized, Basis, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    db::begin_write,
    entities::{appointment, appointment_reminder, record_resource, sched_slot, visit_type},
    i18n::{Locale, Said},
    said,
};

use super::catalog::VisitTypeRules;

pub const TAKEN: &str = "that time was just taken; choose another";
const MAX_REASON: usize = 500;

/// What a booking asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Booking {
    pub visit_type_id: String,
    /// The first slot of the time chosen ([`super::OpenTime::slot_id`]).
    pub slot_id: String,
    /// Why the visit is needed, in the patient's words (sealed).
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Booked {
    pub appointment_id: String,
    pub start: DateTime<Utc>,
}

/// What the front desk marks on the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marking {
    Arrived,
    NoShow,
    Fulfilled,
}

pub(super) fn by_clinic(permit: &Authorized<PatientScope>) -> bool {
    matches!(permit.basis(), Basis::Staff(_))
}

/// For whom a booking is made, and by whom.
struct Who<'a> {
    patient_id: &'a str,
    actor: Option<&'a str>,
    /// The clinic books (any visit type, any open time, confirmation left to the patient).
    clinic: bool,
}

impl<'a> Who<'a> {
    fn of(permit: &'a Authorized<PatientScope>) -> Self {
        Self {
            patient_id: permit.patient_id(),
            actor: permit.actor_id(),
            clinic: by_clinic(permit),
        }
    }
}

fn reason(value: Option<String>) -> DomainResult<Option<String>> {
    let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > MAX_REASON {
        return Err(DomainError::validation(
            "reason",
            said!("sched-keep-under", max = MAX_REASON),
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(DomainError::validation(
            "reason",
            said!("sched-control-characters"),
        ));
    }
    Ok(Some(value))
}

/// Reminders of a visit that will not happen are not sent.
async fn drop_pending_reminders(
    txn: &impl ConnectionTrait,
    appointment_id: &str,
) -> DomainResult<()> {
    appointment_reminder::Entity::delete_many()
        .filter(appointment_reminder::Column::AppointmentId.eq(appointment_id.to_owned()))
        .filter(appointment_reminder::Column::SentAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// A new appointment row: `status`, nothing booked, confirmed or cancelled yet; callers set
/// what their kind of visit has.
pub(super) fn new_row(
    id: &str,
    patient_id: &str,
    visit_type_id: &str,
    status: &str,
    now: DateTime<Utc>,
) -> appointment::ActiveModel {
    appointment::ActiveModel {
        id: Set(id.to_owned()),
        patient_id: Set(patient_id.to_owned()),
        visit_type_id: Set(visit_type_id.to_owned()),
        clinician_id: Set(None),
        location_id: Set(None),
        slot_id: Set(None),
        start_at: Set(None),
        end_at: Set(None),
        status: Set(status.to_owned()),
        reason: Set(None),
        preferred: Set(None),
        booked_by: Set(None),
        booked_by_clinic: Set(false),
        created_at: Set(now),
        confirmed_at: Set(None),
        cancelled_at: Set(None),
        cancelled_by: Set(None),
        cancel_reason: Set(None),
        late: Set(false),
        rescheduled_from: Set(None),
        rescheduled_to: Set(None),
        checked_in_at: Set(None),
        arrived_at: Set(None),
        fhir_id: Set(None),
    }
}

impl Scheduling {
    /// Appends the audit event of a change to one of the permit's patient's visits.
    async fn audit_visit(
        &self,
        txn: &DatabaseTransaction,
        permit: &Authorized<PatientScope>,
        action: &'static str,
        appointment_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let entry = permit
            .audit(action)
            .resource("Appointment", appointment_id.to_owned());
        audit::append(txn, self.now(), meta, entry).await?;
        Ok(())
    }

    pub(super) async fn visit_type(&self, id: &str) -> DomainResult<VisitTypeRules> {
        self.visit_type_in(self.db(), id).await
    }

    /// [`Self::visit_type`] on `conn` (a transaction must not wait for a second connection).
    pub(super) async fn visit_type_in(
        &self,
        conn: &impl ConnectionTrait,
        id: &str,
    ) -> DomainResult<VisitTypeRules> {
        visit_type::Entity::find_by_id(id.to_owned())
            .one(conn)
            .await?
            .filter(|row| row.active)
            .map(|row| VisitTypeRules::from_row(&row))
            .ok_or_else(|| DomainError::validation("visit_type", said!("sched-no-such-visit-type")))
    }

    /// When the patient was last seen at the clinic: their latest visit marked arrived or
    /// fulfilled, or the latest imported visit in the record (one row each, newest first).
    pub(super) async fn last_seen(&self, patient_id: &str) -> DomainResult<Option<DateTime<Utc>>> {
        let visit = appointment::Entity::find()
            .filter(appointment::Column::PatientId.eq(patient_id.to_owned()))
            .filter(appointment::Column::Status.is_in(["arrived", "fulfilled"]))
            .order_by_desc(appointment::Column::StartAt)
            .one(self.db())
            .await?
            .and_then(|a| a.start_at);
        let imported = record_resource::Entity::find()
            .filter(record_resource::Column::PatientId.eq(patient_id.to_owned()))
            .filter(record_resource::Column::ResourceType.eq("Encounter"))
            .filter(record_resource::Column::EffectiveAt.is_not_null())
            .order_by_desc(record_resource::Column::EffectiveAt)
            .one(self.db())
            .await?
            .and_then(|r| r.effective_at);
        Ok(visit.max(imported))
    }

    /// Why this reader may not book this visit type online, if they may not (the clinic may);
    /// `last_seen` is [`Self::last_seen`] of the patient.
    pub(super) fn refusal(
        &self,
        permit: &Authorized<PatientScope>,
        visit_type: &VisitTypeRules,
        last_seen: Option<DateTime<Utc>>,
    ) -> Option<Said> {
        if by_clinic(permit) {
            return None;
        }
        let since = self.now() - Duration::days(i64::from(visit_type.established_months) * 31);
        match visit_type.booking {
            OnlineBooking::Anyone => None,
            OnlineBooking::Staff => Some(said!("sched-booked-by-clinic", visit = &visit_type.name)),
            OnlineBooking::Established if last_seen.is_some_and(|at| at >= since) => None,
            OnlineBooking::Established => Some(said!(
                "sched-established-only",
                visit = &visit_type.name,
                months = visit_type.established_months
            )),
        }
    }

    /// [`Self::refusal`] for one visit type, looking the patient up only when its rule needs it.
    pub(super) async fn online_refusal(
        &self,
        permit: &Authorized<PatientScope>,
        visit_type: &VisitTypeRules,
    ) -> DomainResult<Option<Said>> {
        let last_seen = if visit_type.booking == OnlineBooking::Established && !by_clinic(permit) {
            self.last_seen(permit.patient_id()).await?
        } else {
            None
        };
        Ok(self.refusal(permit, visit_type, last_seen))
    }

    /// The first and last instant a reader may book this visit type for.
    pub(super) fn booking_window(
        &self,
        clinic: bool,
        visit_type: &VisitTypeRules,
    ) -> (DateTime<Utc>, DateTime<Utc>) {
        let now = self.now();
        if clinic {
            return (
                now,
                now + Duration::days(i64::from(visit_type.horizon_days).max(365)),
            );
        }
        (
            now + Duration::minutes(i64::from(visit_type.min_lead_minutes)),
            now + Duration::days(i64::from(visit_type.horizon_days)),
        )
    }

    /// Takes the slots a visit needs from `first_slot`, for `appointment_id`; the loser of a race
    /// (or a time no longer open) gets [`TAKEN`].
    async fn claim(
        &self,
        txn: &DatabaseTransaction,
        visit_type: &VisitTypeRules,
        first_slot: &str,
        appointment_id: &str,
    ) -> DomainResult<sched_slot::Model> {
        let taken = || DomainError::Conflict(TAKEN.into());
        let first = sched_slot::Entity::find_by_id(first_slot.to_owned())
            .one(txn)
            .await?
            .ok_or_else(|| DomainError::validation("slot", said!("sched-no-such-time")))?;
        if !slots::offers(&first, &visit_type.id) {
            return Err(DomainError::validation(
                "slot",
                said!("sched-slot-not-for-type", visit = &visit_type.name),
            ));
        }
        let want = slots::needed(&first, visit_type.minutes);
        let chain = sched_slot::Entity::find()
            .filter(sched_slot::Column::ClinicianId.eq(first.clinician_id.clone()))
            .filter(sched_slot::Column::StartAt.gte(first.start_at))
            .order_by_asc(sched_slot::Column::StartAt)
            .limit(want as u64)
            .all(txn)
            .await?;
        let mut ids = Vec::with_capacity(want);
        let mut end = first.start_at;
        for row in chain.iter().take(want) {
            if row.start_at != end || row.location_id != first.location_id {
                break;
            }
            end = row.end_at;
            ids.push(row.id.clone());
        }
        if ids.len() != want {
            return Err(taken());
        }
        let changed = sched_slot::Entity::update_many()
            .col_expr(sched_slot::Column::Status, Expr::value("busy"))
            .col_expr(
                sched_slot::Column::AppointmentId,
                Expr::value(appointment_id.to_owned()),
            )
            .filter(sched_slot::Column::Id.is_in(ids))
            .filter(sched_slot::Column::Status.eq("free"))
            .exec(txn)
            .await?;
        if changed.rows_affected != want as u64 {
            return Err(taken());
        }
        Ok(first)
    }

    async fn add_reminders(
        &self,
        txn: &impl ConnectionTrait,
        appointment_id: &str,
        start: DateTime<Utc>,
    ) -> DomainResult<()> {
        let now = self.now();
        let rows: Vec<_> = super::catalog::reminder_leads_in(txn)
            .await?
            .into_iter()
            .map(|hours| (hours, start - Duration::hours(i64::from(hours))))
            .filter(|(_, due)| *due > now)
            .map(|(hours, due)| appointment_reminder::ActiveModel {
                appointment_id: Set(appointment_id.to_owned()),
                lead_minutes: Set(hours as i32 * 60),
                due_at: Set(due),
                sent_at: Set(None),
            })
            .collect();
        if !rows.is_empty() {
            appointment_reminder::Entity::insert_many(rows)
                .exec_without_returning(txn)
                .await?;
        }
        Ok(())
    }

    /// Books a visit for the patient the permit is for (an appointments write).
    pub async fn book(
        &self,
        permit: &Authorized<PatientScope>,
        booking: Booking,
        meta: &RequestMeta,
    ) -> DomainResult<Booked> {
        permit.require(Scope::Appointments, Mode::Write)?;
        let visit_type = self.visit_type(&booking.visit_type_id).await?;
        if let Some(refusal) = self.online_refusal(permit, &visit_type).await? {
            return Err(DomainError::validation("visit_type", refusal));
        }
        let reason = reason(booking.reason)?;
        let id = uuid::Uuid::new_v4().to_string();
        let txn = begin_write(self.db()).await?;
        let booked = self
            .book_in(
                &txn,
                &Who::of(permit),
                &visit_type,
                &booking.slot_id,
                &id,
                reason,
                None,
            )
            .await?;
        self.audit_visit(&txn, permit, "appointment.book", &id, meta)
            .await?;
        txn.commit().await?;
        Ok(booked)
    }

    #[allow(clippy::too_many_arguments)]
    async fn book_in(
        &self,
        txn: &DatabaseTransaction,
        who: &Who<'_>,
        visit_type: &VisitTypeRules,
        slot_id: &str,
        id: &str,
        reason: Option<String>,
        rescheduled_from: Option<String>,
    ) -> DomainResult<Booked> {
        let first = self.claim(txn, visit_type, slot_id, id).await?;
        let (earliest, latest) = self.booking_window(who.clinic, visit_type);
        if first.start_at < earliest || first.start_at > latest {
            let message = if first.start_at < self.now() {
                said!("sched-time-passed")
            } else if first.start_at < earliest {
                said!(
                    "sched-lead-time",
                    visit = &visit_type.name,
                    hours = visit_type.min_lead_minutes.div_ceil(60)
                )
            } else {
                said!(
                    "sched-horizon",
                    visit = &visit_type.name,
                    days = visit_type.horizon_days
                )
            };
            return Err(DomainError::validation("slot", message));
        }
        let now = self.now();
        let clinic = who.clinic;
        let vault = self.core.vault();
        let start = first.start_at;
        let mut row = new_row(id, who.patient_id, &visit_type.id, "booked", now);
        row.clinician_id = Set(Some(first.clinician_id.clone()));
        row.location_id = Set(Some(first.location_id.clone()));
        row.slot_id = Set(Some(first.id.clone()));
        row.start_at = Set(Some(start));
        row.end_at = Set(Some(
            start + Duration::minutes(i64::from(visit_type.minutes)),
        ));
        row.reason = Set(reason.map(|r| vault.seal(REASON, id, &r)).transpose()?);
        row.booked_by = Set(who.actor.map(str::to_owned));
        row.booked_by_clinic = Set(clinic);
        // The patient's side confirms what it books; the clinic's bookings wait for them.
        row.confirmed_at = Set((!clinic).then_some(now));
        row.rescheduled_from = Set(rescheduled_from);
        appointment::Entity::insert(row)
            .exec_without_returning(txn)
            .await
            .map_err(|e| match DomainError::from(e) {
                DomainError::Conflict(_) => DomainError::Conflict(TAKEN.into()),
                other => other,
            })?;
        self.add_reminders(txn, id, start).await?;
        Ok(Booked {
            appointment_id: id.to_owned(),
            start,
        })
    }

    /// One of the permit's patient's appointments.
    pub(super) async fn own_appointment(
        &self,
        db: &impl ConnectionTrait,
        permit: &Authorized<PatientScope>,
        appointment_id: &str,
    ) -> DomainResult<appointment::Model> {
        appointment::Entity::find_by_id(appointment_id.to_owned())
            .one(db)
            .await?
            .filter(|a| a.patient_id == permit.patient_id())
            .ok_or(DomainError::NotFound)
    }

    /// Whether the reader may still change a booked visit themselves: before the visit type's
    /// cut-off for patients and caregivers, until it starts for the clinic.
    pub(super) fn may_change(
        &self,
        permit: &Authorized<PatientScope>,
        row: &appointment::Model,
        visit_type: Option<&VisitTypeRules>,
    ) -> Result<(), Said> {
        if row.status != "booked" {
            return Err(said!("sched-no-longer-changeable"));
        }
        let Some(start) = row.start_at else {
            return Err(said!("sched-no-time"));
        };
        let now = self.now();
        if start <= now {
            return Err(said!("sched-begun-or-passed"));
        }
        let cutoff = visit_type.map_or(24, |v| v.cancel_cutoff_hours);
        if !by_clinic(permit) && start - now < Duration::hours(i64::from(cutoff)) {
            return Err(said!("sched-too-late-to-change", hours = cutoff));
        }
        Ok(())
    }

    async fn release(&self, txn: &impl ConnectionTrait, appointment_id: &str) -> DomainResult<()> {
        sched_slot::Entity::update_many()
            .col_expr(sched_slot::Column::Status, Expr::value("free"))
            .col_expr(
                sched_slot::Column::AppointmentId,
                Expr::value(Option::<String>::None),
            )
            .filter(sched_slot::Column::AppointmentId.eq(appointment_id.to_owned()))
            .filter(sched_slot::Column::Status.eq("busy"))
            .exec(txn)
            .await?;
        drop_pending_reminders(txn, appointment_id).await
    }

    /// Cancels a booked visit (or withdraws a request); its time opens again.
    pub async fn cancel(
        &self,
        permit: &Authorized<PatientScope>,
        appointment_id: &str,
        why: Option<String>,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        permit.require(Scope::Appointments, Mode::Write)?;
        let why = reason(why)?;
        let txn = begin_write(self.db()).await?;
        let row = self.own_appointment(&txn, permit, appointment_id).await?;
        let now = self.now();
        let mut late = false;
        if row.status != "requested" {
            let visit_type = self.visit_type_in(&txn, &row.visit_type_id).await.ok();
            self.may_change(permit, &row, visit_type.as_ref())
                .map_err(|m| DomainError::validation("appointment", m))?;
            let cutoff = visit_type.map_or(24, |v| v.cancel_cutoff_hours);
            late = row
                .start_at
                .is_some_and(|start| start - now < Duration::hours(i64::from(cutoff)));
        }
        let vault = self.core.vault();
        let changed = appointment::Entity::update_many()
            .col_expr(appointment::Column::Status, Expr::value("cancelled"))
            .col_expr(appointment::Column::CancelledAt, Expr::value(now))
            .col_expr(
                appointment::Column::CancelledBy,
                Expr::value(permit.actor_id().map(str::to_owned)),
            )
            .col_expr(
                appointment::Column::CancelReason,
                Expr::value(
                    why.map(|w| vault.seal(CANCEL_REASON, appointment_id, &w))
                        .transpose()?,
                ),
            )
            .col_expr(appointment::Column::Late, Expr::value(late))
            .filter(appointment::Column::Id.eq(appointment_id.to_owned()))
            .filter(appointment::Column::Status.eq(row.status.clone()))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(DomainError::Conflict(
                "the visit changed meanwhile; reload".into(),
            ));
        }
        self.release(&txn, appointment_id).await?;
        self.audit_visit(&txn, permit, "appointment.cancel", appointment_id, meta)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Moves a booked visit to another open time: the new time is taken before the old one is
    /// released, in one transaction (a taken new time leaves the visit where it was). The old
    /// appointment stays, cancelled, pointing at the new one.
    pub async fn reschedule(
        &self,
        permit: &Authorized<PatientScope>,
        appointment_id: &str,
        new_slot_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<Booked> {
        permit.require(Scope::Appointments, Mode::Write)?;
        let txn = begin_write(self.db()).await?;
        let old = self.own_appointment(&txn, permit, appointment_id).await?;
        let visit_type = self.visit_type_in(&txn, &old.visit_type_id).await?;
        self.may_change(permit, &old, Some(&visit_type))
            .map_err(|m| DomainError::validation("appointment", m))?;
        let vault = self.core.vault();
        let reason = old
            .reason
            .as_deref()
            .map(|r| vault.open(REASON, &old.id, r))
            .transpose()?;
        let id = uuid::Uuid::new_v4().to_string();
        let booked = self
            .book_in(
                &txn,
                &Who::of(permit),
                &visit_type,
                new_slot_id,
                &id,
                reason,
                Some(old.id.clone()),
            )
            .await?;
        let now = self.now();
        appointment::Entity::update_many()
            .col_expr(appointment::Column::Status, Expr::value("cancelled"))
            .col_expr(appointment::Column::CancelledAt, Expr::value(now))
            .col_expr(
                appointment::Column::CancelledBy,
                Expr::value(permit.actor_id().map(str::to_owned)),
            )
            .col_expr(appointment::Column::RescheduledTo, Expr::value(id.clone()))
            .filter(appointment::Column::Id.eq(old.id.clone()))
            .exec(&txn)
            .await?;
        // The old slots were busy with the old visit until now.
        self.release(&txn, &old.id).await?;
        self.audit_visit(&txn, permit, "appointment.reschedule", &id, meta)
            .await?;
        txn.commit().await?;
        Ok(booked)
    }

    /// The patient (or caregiver) confirms a visit the clinic booked.
    pub async fn confirm(
        &self,
        permit: &Authorized<PatientScope>,
        appointment_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        permit.require(Scope::Appointments, Mode::Write)?;
        let txn = begin_write(self.db()).await?;
        let row = self.own_appointment(&txn, permit, appointment_id).await?;
        if row.status != "booked" || row.start_at.is_none_or(|s| s <= self.now()) {
            return Err(DomainError::validation(
                "appointment",
                said!("sched-only-upcoming-confirmed"),
            ));
        }
        appointment::Entity::update_many()
            .col_expr(appointment::Column::ConfirmedAt, Expr::value(self.now()))
            .filter(appointment::Column::Id.eq(appointment_id.to_owned()))
            .exec(&txn)
            .await?;
        self.audit_visit(&txn, permit, "appointment.confirm", appointment_id, meta)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Asks the clinic for a visit of a type the reader may not book online: up to three
    /// preferred times in the patient's words, and the reason (both sealed).
    pub async fn request(
        &self,
        permit: &Authorized<PatientScope>,
        visit_type_id: &str,
        preferred: &[String],
        why: Option<String>,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        permit.require(Scope::Appointments, Mode::Write)?;
        let visit_type = self.visit_type(visit_type_id).await?;
        let preferred: Vec<String> = preferred
            .iter()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        if preferred.is_empty() || preferred.len() > 3 {
            return Err(DomainError::validation(
                "preferred",
                said!("sched-preferred-count"),
            ));
        }
        if preferred.iter().any(|p| p.chars().count() > 100) {
            return Err(DomainError::validation(
                "preferred",
                said!("sched-preferred-too-long"),
            ));
        }
        let why = reason(why)?;
        let id = uuid::Uuid::new_v4().to_string();
        let vault = self.core.vault();
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let mut row = new_row(&id, permit.patient_id(), &visit_type.id, "requested", now);
        row.reason = Set(why.map(|r| vault.seal(REASON, &id, &r)).transpose()?);
        row.preferred = Set(Some(vault.seal(PREFERRED, &id, &preferred.join("\n"))?));
        row.booked_by = Set(permit.actor_id().map(str::to_owned));
        row.booked_by_clinic = Set(by_clinic(permit));
        appointment::Entity::insert(row)
            .exec_without_returning(&txn)
            .await?;
        self.audit_visit(&txn, permit, "appointment.request", &id, meta)
            .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// The front desk books a patient's request into an open time: the request becomes the
    /// booked visit (waiting for the patient's confirmation).
    pub async fn book_request(
        &self,
        permit: &Authorized<PatientScope>,
        request_id: &str,
        slot_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<Booked> {
        permit.require(Scope::Appointments, Mode::Write)?;
        if !by_clinic(permit) {
            return Err(DomainError::Forbidden);
        }
        let txn = begin_write(self.db()).await?;
        let request = self.own_appointment(&txn, permit, request_id).await?;
        if request.status != "requested" {
            return Err(DomainError::validation(
                "appointment",
                said!("sched-request-handled"),
            ));
        }
        let visit_type = self.visit_type_in(&txn, &request.visit_type_id).await?;
        let vault = self.core.vault();
        let reason = request
            .reason
            .as_deref()
            .map(|r| vault.open(REASON, &request.id, r))
            .transpose()?;
        let id = uuid::Uuid::new_v4().to_string();
        let booked = self
            .book_in(
                &txn,
                &Who::of(permit),
                &visit_type,
                slot_id,
                &id,
                reason,
                Some(request.id.clone()),
            )
            .await?;
        appointment::Entity::update_many()
            .col_expr(appointment::Column::Status, Expr::value("declined"))
            .col_expr(appointment::Column::RescheduledTo, Expr::value(id.clone()))
            .filter(appointment::Column::Id.eq(request.id.clone()))
            .exec(&txn)
            .await?;
        self.audit_visit(&txn, permit, "appointment.book", &id, meta)
            .await?;
        txn.commit().await?;
        Ok(booked)
    }

    /// Marks a visit on the day: arrived (from its day on), no-show (once it has begun), or
    /// fulfilled (after arriving). Clinic only.
    pub async fn mark(
        &self,
        permit: &Authorized<PatientScope>,
        appointment_id: &str,
        marking: Marking,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        permit.require(Scope::Appointments, Mode::Write)?;
        if !by_clinic(permit) {
            return Err(DomainError::Forbidden);
        }
        let txn = begin_write(self.db()).await?;
        let row = self.own_appointment(&txn, permit, appointment_id).await?;
        let now = self.now();
        let start = row.start_at.unwrap_or(now);
        let (from, to, action) = match marking {
            Marking::Arrived => ("booked", "arrived", "appointment.arrived"),
            Marking::NoShow => ("booked", "noshow", "appointment.noshow"),
            Marking::Fulfilled => ("arrived", "fulfilled", "appointment.fulfilled"),
        };
        if row.status != from {
            return Err(DomainError::validation(
                "appointment",
                said!("sched-cannot-mark", status = &row.status, marking = to),
            ));
        }
        if marking == Marking::NoShow && start > now {
            return Err(DomainError::validation(
                "appointment",
                said!("sched-missed-once-begun"),
            ));
        }
        if marking == Marking::Arrived && start - now > Duration::hours(12) {
            return Err(DomainError::validation(
                "appointment",
                said!("sched-arrival-on-the-day"),
            ));
        }
        let mut update = appointment::Entity::update_many()
            .col_expr(appointment::Column::Status, Expr::value(to))
            .filter(appointment::Column::Id.eq(appointment_id.to_owned()))
            .filter(appointment::Column::Status.eq(from));
        if marking == Marking::Arrived {
            update = update.col_expr(appointment::Column::ArrivedAt, Expr::value(now));
        }
        update.exec(&txn).await?;
        if marking == Marking::NoShow {
            drop_pending_reminders(&txn, appointment_id).await?;
        }
        self.audit_visit(&txn, permit, action, appointment_id, meta)
            .await?;
        txn.commit().await?;
        Ok(())
    }
}

impl Scheduling {
    /// For the demo clinic: books the patient's next visit of `visit_type_id` at the first open
    /// time from a week ahead, as the clinic would (waiting for their confirmation), unless
    /// they already have an upcoming one. Returns when, on the clinic's clocks in `locale`.
    pub async fn demo_upcoming_visit(
        &self,
        patient_id: &str,
        visit_type_id: &str,
        locale: Locale,
        meta: &RequestMeta,
    ) -> DomainResult<Option<String>> {
        let now = self.now();
        let upcoming = appointment::Entity::find()
            .filter(appointment::Column::PatientId.eq(patient_id.to_owned()))
            .filter(appointment::Column::Status.eq("booked"))
            .filter(appointment::Column::StartAt.gt(now))
            .count(self.db())
            .await?;
        if upcoming > 0 {
            return Ok(None);
        }
        let visit_type = self.visit_type(visit_type_id).await?;
        let from = now + Duration::days(7);
        let Some(time) = self
            .open_times_between(&visit_type, None, from, from + Duration::days(21))
            .await?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let who = Who {
            patient_id,
            actor: None,
            clinic: true,
        };
        let id = uuid::Uuid::new_v4().to_string();
        let txn = begin_write(self.db()).await?;
        let booked = self
            .book_in(
                &txn,
                &who,
                &visit_type,
                &time.slot_id,
                &id,
                Some("Three-month diabetes check".into()),
                None,
            )
            .await?;
        let entry = audit::AuditEntry::new("appointment.book", audit::Outcome::Success)
            .acting_for(Some(patient_id.to_owned()))
            .resource("Appointment", id.clone());
        audit::append(&txn, now, meta, entry).await?;
        txn.commit().await?;
        Ok(Some(
            self.zone()
                .await?
                .speaking(locale)
                .moment_label(booked.start),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_keep_their_english_and_say_counts_and_codes_in_spanish() {
        let marked = said!(
            "sched-cannot-mark",
            status = "cancelled",
            marking = "noshow"
        );
        assert_eq!(
            marked.to_string(),
            "a visit that is cancelled cannot be marked noshow"
        );
        assert_eq!(
            marked.in_language(Locale::Es),
            "una cita cancelada no se puede marcar como no presentada"
        );
        let one = said!("sched-established-only", visit = "Physical", months = 1);
        assert_eq!(
            one.to_string(),
            "Physical visits are for patients seen here in the last 1 months: send a request or \
             call"
        );
        assert_eq!(
            one.in_language(Locale::Es),
            "las citas de Physical son para pacientes atendidos aquí el último mes: envíe una \
             solicitud o llame"
        );
        let late = said!("sched-too-late-to-change", hours = 24);
        assert_eq!(
            late.in_language(Locale::Es),
            "faltan menos de 24 horas para la cita: llame a la clínica"
        );
    }
}
