//! What the clinic offers: clinicians, locations, visit types with their booking rules, weekly
//! templates and exceptions, and the clinic's time zone and reminder lead times. Changed by admins
//! (or `portico admin …`); none of it is PHI.

use chrono::{DateTime, NaiveDate, NaiveTime, Timelike, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};

use super::{Scheduling, zone::ClinicZone};
use crate::{
    DomainError, DomainResult,
    access::{Authorized, ClinicScope, ClinicTask},
    audit::{self, AuditEntry, Outcome, RequestMeta},
    clinic::{setting, upsert_setting},
    db::begin_write,
    entities::{sched_clinician, sched_exception, sched_location, sched_template, visit_type},
    said,
};

pub const KEY_REMINDER_LEADS: &str = "scheduling.reminder_lead_hours";
/// Reminders go out 3 days and 1 day before a visit unless the clinic says otherwise.
pub const DEFAULT_REMINDER_LEADS: [u32; 2] = [72, 24];

/// Who may book a visit type online.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnlineBooking {
    /// Any patient.
    Anyone,
    /// Patients seen at the clinic within the visit type's `established_months`.
    Established,
    /// Nobody online: patients ask for a visit or call, the front desk books it.
    Staff,
}

impl OnlineBooking {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Anyone => "anyone",
            Self::Established => "established",
            Self::Staff => "staff",
        }
    }

    pub fn parse(value: &str) -> DomainResult<Self> {
        match value.trim() {
            "anyone" => Ok(Self::Anyone),
            "established" => Ok(Self::Established),
            "staff" => Ok(Self::Staff),
            _ => Err(DomainError::validation(
                "booking",
                said!("sched-booking-choice"),
            )),
        }
    }
}

/// New times, slot length and visit types for weekly hours
/// ([`Scheduling::change_weekly_hours`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoursChange {
    pub start_minute: u32,
    pub end_minute: u32,
    pub slot_minutes: u32,
    pub visit_types: Vec<String>,
}

/// A visit type and its rules, as admins enter them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitTypeRules {
    /// Lower-case letters, digits and dashes (`follow-up`).
    pub id: String,
    pub name: String,
    pub minutes: u32,
    pub booking: OnlineBooking,
    pub established_months: u32,
    /// How soon a patient may book online (minutes from now).
    pub min_lead_minutes: u32,
    /// How far ahead (days).
    pub horizon_days: u32,
    /// Cancelling or moving later than this many hours before is "call the clinic".
    pub cancel_cutoff_hours: u32,
    pub instructions: Option<String>,
    /// The questionnaires asked at online check-in, by id (see [`super::questionnaires`]).
    pub questionnaires: Vec<String>,
}

impl VisitTypeRules {
    pub fn validate(&self) -> DomainResult<()> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 40
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return Err(DomainError::validation("id", said!("sched-visit-type-id")));
        }
        text("name", &self.name, 120)?;
        if !(5..=480).contains(&self.minutes) {
            return Err(DomainError::validation(
                "minutes",
                said!("sched-visit-minutes"),
            ));
        }
        if !(1..=730).contains(&self.horizon_days) {
            return Err(DomainError::validation(
                "horizon_days",
                said!("sched-horizon-range"),
            ));
        }
        if self.min_lead_minutes > 60 * 24 * 60 || self.cancel_cutoff_hours > 24 * 30 {
            return Err(DomainError::validation(
                "min_lead_minutes",
                said!("sched-lead-cutoff-range"),
            ));
        }
        if let Some(instructions) = &self.instructions {
            text("instructions", instructions, 1000)?;
        }
        if let Some(unknown) = self
            .questionnaires
            .iter()
            .find(|q| super::questionnaires::find(q).is_none())
        {
            return Err(DomainError::validation(
                "questionnaires",
                said!(
                    "sched-no-such-questionnaire",
                    id = unknown,
                    known = super::questionnaires::ids().join(", ")
                ),
            ));
        }
        Ok(())
    }

    pub(super) fn from_row(row: &visit_type::Model) -> Self {
        Self {
            id: row.id.clone(),
            name: row.name.clone(),
            minutes: row.minutes.max(0) as u32,
            booking: OnlineBooking::parse(&row.booking).unwrap_or(OnlineBooking::Staff),
            established_months: row.established_months.max(0) as u32,
            min_lead_minutes: row.min_lead_minutes.max(0) as u32,
            horizon_days: row.horizon_days.max(0) as u32,
            cancel_cutoff_hours: row.cancel_cutoff_hours.max(0) as u32,
            instructions: row.instructions.clone(),
            questionnaires: row
                .questionnaires
                .split(',')
                .map(str::trim)
                .filter(|q| super::questionnaires::find(q).is_some())
                .map(str::to_owned)
                .collect(),
        }
    }
}

fn text(field: &'static str, value: &str, max: usize) -> DomainResult<()> {
    if value.trim().is_empty() {
        return Err(DomainError::validation(
            field,
            said!("sched-cannot-be-empty"),
        ));
    }
    if value.chars().count() > max {
        return Err(DomainError::validation(
            field,
            said!("sched-longer-than", max = max),
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(DomainError::validation(
            field,
            said!("sched-control-characters"),
        ));
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewClinician {
    pub name: String,
    pub title: Option<String>,
    pub account_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewLocation {
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub directions: Option<String>,
}

/// "08:30" as minutes after midnight.
pub fn parse_clock(field: &'static str, value: &str) -> DomainResult<u32> {
    NaiveTime::parse_from_str(value.trim(), "%H:%M")
        .map(|t| t.hour() * 60 + t.minute())
        .map_err(|_| DomainError::validation(field, said!("sched-clock-format")))
}

/// A weekly block of hours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTemplate {
    pub clinician_id: String,
    pub location_id: String,
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: u32,
    pub start_minute: u32,
    pub end_minute: u32,
    pub slot_minutes: u32,
    pub visit_types: Vec<String>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// A weekly block of hours as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeeklyHours {
    pub id: String,
    pub clinician_id: String,
    pub location_id: String,
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: u32,
    pub start_minute: u32,
    pub end_minute: u32,
    pub slot_minutes: u32,
    pub visit_types: Vec<String>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// Time off, or extra hours, on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewException {
    Closed {
        clinician_id: String,
        /// None: at every location.
        location_id: Option<String>,
        day: NaiveDate,
        start_minute: u32,
        end_minute: u32,
        note: Option<String>,
    },
    Extra {
        clinician_id: String,
        location_id: String,
        day: NaiveDate,
        start_minute: u32,
        end_minute: u32,
        slot_minutes: u32,
        visit_types: Vec<String>,
    },
}

/// Who changes the catalog: an admin through the app, or the command line.
pub enum Configurer<'a> {
    CommandLine,
    Staff(&'a Authorized<ClinicScope>),
}

impl Configurer<'_> {
    fn check(&self) -> DomainResult<Option<String>> {
        match self {
            Self::CommandLine => Ok(None),
            Self::Staff(permit) => {
                permit.require(ClinicTask::ConfigureClinic)?;
                Ok(permit.actor_id().map(str::to_owned))
            }
        }
    }
}

fn hours(start: u32, end: u32, slot: u32) -> DomainResult<()> {
    if start >= end || end > 24 * 60 {
        return Err(DomainError::validation("end", said!("sched-hours-order")));
    }
    if !(5..=480).contains(&slot) || slot > end - start {
        return Err(DomainError::validation(
            "slot_minutes",
            said!("sched-slot-length"),
        ));
    }
    Ok(())
}

impl Scheduling {
    async fn changed(
        &self,
        txn: &impl sea_orm::ConnectionTrait,
        actor: Option<String>,
        action: &'static str,
        id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let entry = AuditEntry::new(action, Outcome::Success)
            .maybe_actor(actor)
            .resource("schedule", id.to_owned());
        audit::append(txn, self.now(), meta, entry).await?;
        Ok(())
    }

    pub async fn set_time_zone(
        &self,
        by: Configurer<'_>,
        zone: &ClinicZone,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let actor = by.check()?;
        let txn = begin_write(self.db()).await?;
        upsert_setting(
            &txn,
            super::zone::KEY_TIME_ZONE,
            zone.name().to_owned(),
            self.now(),
        )
        .await?;
        self.changed(&txn, actor, "schedule.time_zone", zone.name(), meta)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Reminder lead times in hours before the visit, longest first.
    pub async fn reminder_leads(&self) -> DomainResult<Vec<u32>> {
        reminder_leads_in(self.db()).await
    }

    pub async fn set_reminder_leads(
        &self,
        by: Configurer<'_>,
        list: &str,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<u32>> {
        let actor = by.check()?;
        let leads = parse_leads(list)?;
        let stored = leads
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let txn = begin_write(self.db()).await?;
        upsert_setting(&txn, KEY_REMINDER_LEADS, stored.clone(), self.now()).await?;
        self.changed(&txn, actor, "schedule.reminders", &stored, meta)
            .await?;
        txn.commit().await?;
        Ok(leads)
    }

    pub async fn add_clinician(
        &self,
        by: Configurer<'_>,
        new: NewClinician,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        let actor = by.check()?;
        text("name", &new.name, 120)?;
        if let Some(title) = &new.title {
            text("title", title, 120)?;
        }
        let id = uuid::Uuid::new_v4().to_string();
        let txn = begin_write(self.db()).await?;
        sched_clinician::Entity::insert(sched_clinician::ActiveModel {
            id: Set(id.clone()),
            name: Set(new.name.trim().to_owned()),
            title: Set(new.title.map(|t| t.trim().to_owned())),
            account_id: Set(new.account_id),
            active: Set(true),
            created_at: Set(self.now()),
        })
        .exec_without_returning(&txn)
        .await?;
        self.changed(&txn, actor, "schedule.clinician.add", &id, meta)
            .await?;
        txn.commit().await?;
        Ok(id)
    }

    pub async fn add_location(
        &self,
        by: Configurer<'_>,
        new: NewLocation,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        let actor = by.check()?;
        text("name", &new.name, 120)?;
        text("address", &new.address, 400)?;
        if let Some(directions) = &new.directions {
            text("directions", directions, 1000)?;
        }
        let phone = new
            .phone
            .as_deref()
            .map(crate::clinic::PhoneNumber::parse)
            .transpose()?;
        let id = uuid::Uuid::new_v4().to_string();
        let txn = begin_write(self.db()).await?;
        sched_location::Entity::insert(sched_location::ActiveModel {
            id: Set(id.clone()),
            name: Set(new.name.trim().to_owned()),
            address: Set(new.address.trim().to_owned()),
            phone: Set(phone.map(|p| p.as_str().to_owned())),
            directions: Set(new.directions),
            created_at: Set(self.now()),
        })
        .exec_without_returning(&txn)
        .await?;
        self.changed(&txn, actor, "schedule.location.add", &id, meta)
            .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Adds or replaces a visit type (by id).
    pub async fn save_visit_type(
        &self,
        by: Configurer<'_>,
        rules: VisitTypeRules,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let actor = by.check()?;
        rules.validate()?;
        let txn = begin_write(self.db()).await?;
        let position = visit_type::Entity::find().count(&txn).await? as i32;
        let row = visit_type::ActiveModel {
            id: Set(rules.id.clone()),
            name: Set(rules.name.trim().to_owned()),
            minutes: Set(rules.minutes as i32),
            booking: Set(rules.booking.as_str().to_owned()),
            established_months: Set(rules.established_months as i32),
            min_lead_minutes: Set(rules.min_lead_minutes as i32),
            horizon_days: Set(rules.horizon_days as i32),
            cancel_cutoff_hours: Set(rules.cancel_cutoff_hours as i32),
            instructions: Set(rules.instructions.clone()),
            active: Set(true),
            position: Set(position),
            questionnaires: Set(rules.questionnaires.join(",")),
        };
        visit_type::Entity::insert(row)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(visit_type::Column::Id)
                    .update_columns([
                        visit_type::Column::Name,
                        visit_type::Column::Minutes,
                        visit_type::Column::Booking,
                        visit_type::Column::EstablishedMonths,
                        visit_type::Column::MinLeadMinutes,
                        visit_type::Column::HorizonDays,
                        visit_type::Column::CancelCutoffHours,
                        visit_type::Column::Instructions,
                        visit_type::Column::Active,
                        visit_type::Column::Questionnaires,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        self.changed(&txn, actor, "schedule.visit_type.save", &rules.id, meta)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Active visit types in the clinic's order.
    pub async fn visit_types(&self) -> DomainResult<Vec<VisitTypeRules>> {
        Ok(visit_type::Entity::find()
            .filter(visit_type::Column::Active.eq(true))
            .order_by_asc(visit_type::Column::Position)
            .all(self.db())
            .await?
            .iter()
            .map(VisitTypeRules::from_row)
            .collect())
    }

    /// The weekly hours in force today or later, by clinician, weekday and start.
    pub async fn weekly_hours(&self) -> DomainResult<Vec<WeeklyHours>> {
        let today = self.zone().await?.today(self.now());
        let mut hours: Vec<WeeklyHours> = sched_template::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(sched_template::Column::ValidUntil.is_null())
                    .add(sched_template::Column::ValidUntil.gte(today)),
            )
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| WeeklyHours {
                id: row.id,
                clinician_id: row.clinician_id,
                location_id: row.location_id,
                weekday: row.weekday as u32,
                start_minute: row.start_minute as u32,
                end_minute: row.end_minute as u32,
                slot_minutes: row.slot_minutes as u32,
                visit_types: row.visit_types.split(',').map(str::to_owned).collect(),
                valid_from: row.valid_from,
                valid_until: row.valid_until,
            })
            .collect();
        hours.sort_by(|a, b| {
            (&a.clinician_id, a.weekday, a.start_minute, &a.id).cmp(&(
                &b.clinician_id,
                b.weekday,
                b.start_minute,
                &b.id,
            ))
        });
        Ok(hours)
    }

    /// Checks that the clinician and location (if any) exist.
    async fn check_place(&self, clinician_id: &str, location_id: Option<&str>) -> DomainResult<()> {
        if sched_clinician::Entity::find_by_id(clinician_id.to_owned())
            .one(self.db())
            .await?
            .is_none()
        {
            return Err(DomainError::validation(
                "clinician",
                said!("sched-no-such-clinician"),
            ));
        }
        if let Some(location_id) = location_id
            && sched_location::Entity::find_by_id(location_id.to_owned())
                .one(self.db())
                .await?
                .is_none()
        {
            return Err(DomainError::validation(
                "location",
                said!("sched-no-such-location"),
            ));
        }
        Ok(())
    }

    /// [`Self::check_place`], and that hours offer at least one visit type, all of them known.
    async fn check_references(
        &self,
        clinician_id: &str,
        location_id: Option<&str>,
        visit_types: &[String],
    ) -> DomainResult<()> {
        self.check_place(clinician_id, location_id).await?;
        let known: Vec<String> = self
            .visit_types()
            .await?
            .into_iter()
            .map(|v| v.id)
            .collect();
        if visit_types.is_empty() {
            return Err(DomainError::validation(
                "visit_types",
                said!("sched-offer-a-visit-type"),
            ));
        }
        if let Some(unknown) = visit_types.iter().find(|v| !known.contains(v)) {
            return Err(DomainError::validation(
                "visit_types",
                said!("sched-no-visit-type-named", id = unknown),
            ));
        }
        Ok(())
    }

    /// Adds a weekly block and lays out its slots (see [`Scheduling::generate_slots`]).
    pub async fn add_template(
        &self,
        by: Configurer<'_>,
        new: NewTemplate,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        let actor = by.check()?;
        if !(1..=7).contains(&new.weekday) {
            return Err(DomainError::validation("weekday", said!("sched-weekday")));
        }
        hours(new.start_minute, new.end_minute, new.slot_minutes)?;
        if new.valid_until.is_some_and(|until| until < new.valid_from) {
            return Err(DomainError::validation(
                "valid_until",
                said!("sched-last-day-before-first"),
            ));
        }
        self.check_references(&new.clinician_id, Some(&new.location_id), &new.visit_types)
            .await?;
        let id = uuid::Uuid::new_v4().to_string();
        let txn = begin_write(self.db()).await?;
        sched_template::Entity::insert(sched_template::ActiveModel {
            id: Set(id.clone()),
            clinician_id: Set(new.clinician_id),
            location_id: Set(new.location_id),
            weekday: Set(new.weekday as i32),
            start_minute: Set(new.start_minute as i32),
            end_minute: Set(new.end_minute as i32),
            slot_minutes: Set(new.slot_minutes as i32),
            visit_types: Set(new.visit_types.join(",")),
            valid_from: Set(new.valid_from),
            valid_until: Set(new.valid_until),
            created_at: Set(self.now()),
        })
        .exec_without_returning(&txn)
        .await?;
        self.changed(&txn, actor, "schedule.template.add", &id, meta)
            .await?;
        txn.commit().await?;
        self.generate_slots(None).await?;
        Ok(id)
    }

    /// Ends weekly hours after `last_day` (the clinic's day; today or later): their free times
    /// after it are withdrawn, visits already booked in them stay for the front desk to move.
    /// Returns how many free times were withdrawn.
    pub async fn end_weekly_hours(
        &self,
        by: Configurer<'_>,
        template_id: &str,
        last_day: NaiveDate,
        meta: &RequestMeta,
    ) -> DomainResult<u64> {
        let actor = by.check()?;
        let zone = self.zone().await?;
        if last_day < zone.today(self.now()) {
            return Err(DomainError::validation(
                "last_day",
                said!("sched-end-today-at-earliest"),
            ));
        }
        let txn = begin_write(self.db()).await?;
        let withdrawn = self
            .end_hours_in(&txn, &zone, template_id, last_day)
            .await?;
        self.changed(&txn, actor, "schedule.template.end", template_id, meta)
            .await?;
        txn.commit().await?;
        Ok(withdrawn)
    }

    /// Changes weekly hours from `from` (the clinic's day; tomorrow at the earliest): the hours
    /// as they were end the day before — their history and the visits booked in them stay —
    /// and hours with the new times, slot length and visit types begin on `from`, for the same
    /// clinician, place and weekday, until the old ones would have ended. One transaction.
    /// Returns the new hours' id.
    pub async fn change_weekly_hours(
        &self,
        by: Configurer<'_>,
        template_id: &str,
        from: NaiveDate,
        change: HoursChange,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        let actor = by.check()?;
        let zone = self.zone().await?;
        if from <= zone.today(self.now()) {
            return Err(DomainError::validation(
                "from",
                said!("sched-change-tomorrow-at-earliest"),
            ));
        }
        hours(change.start_minute, change.end_minute, change.slot_minutes)?;
        let old = sched_template::Entity::find_by_id(template_id.to_owned())
            .one(self.db())
            .await?
            .ok_or(DomainError::NotFound)?;
        if old.valid_until.is_some_and(|until| until < from) {
            return Err(DomainError::validation(
                "from",
                said!("sched-hours-end-before"),
            ));
        }
        self.check_references(
            &old.clinician_id,
            Some(&old.location_id),
            &change.visit_types,
        )
        .await?;
        let id = uuid::Uuid::new_v4().to_string();
        let txn = begin_write(self.db()).await?;
        self.end_hours_in(&txn, &zone, template_id, from - chrono::Duration::days(1))
            .await?;
        sched_template::Entity::insert(sched_template::ActiveModel {
            id: Set(id.clone()),
            clinician_id: Set(old.clinician_id),
            location_id: Set(old.location_id),
            weekday: Set(old.weekday),
            start_minute: Set(change.start_minute as i32),
            end_minute: Set(change.end_minute as i32),
            slot_minutes: Set(change.slot_minutes as i32),
            visit_types: Set(change.visit_types.join(",")),
            valid_from: Set(from.max(old.valid_from)),
            valid_until: Set(old.valid_until),
            created_at: Set(self.now()),
        })
        .exec_without_returning(&txn)
        .await?;
        self.changed(&txn, actor, "schedule.template.change", &id, meta)
            .await?;
        txn.commit().await?;
        self.generate_slots(None).await?;
        Ok(id)
    }

    /// Ends weekly hours after `last_day` in `txn`, withdrawing their free times after it.
    async fn end_hours_in(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        zone: &super::ClinicZone,
        template_id: &str,
        last_day: NaiveDate,
    ) -> DomainResult<u64> {
        let (_, withdraw_from) = zone.day_bounds(last_day)?;
        let ended = sched_template::Entity::update_many()
            .col_expr(
                sched_template::Column::ValidUntil,
                sea_orm::sea_query::Expr::value(Some(last_day)),
            )
            .filter(sched_template::Column::Id.eq(template_id))
            .exec(txn)
            .await?;
        if ended.rows_affected != 1 {
            return Err(DomainError::NotFound);
        }
        Ok(crate::entities::sched_slot::Entity::delete_many()
            .filter(crate::entities::sched_slot::Column::TemplateId.eq(template_id))
            .filter(crate::entities::sched_slot::Column::Status.eq("free"))
            .filter(crate::entities::sched_slot::Column::StartAt.gte(withdraw_from))
            .exec(txn)
            .await?
            .rows_affected)
    }

    /// Adds time off (free slots in it are blocked; booked visits stay and are listed for the
    /// front desk to move) or extra hours (slots are laid out).
    pub async fn add_exception(
        &self,
        by: Configurer<'_>,
        new: NewException,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        let actor = by.check()?;
        let id = uuid::Uuid::new_v4().to_string();
        let now = self.now();
        let row = match new {
            NewException::Closed {
                clinician_id,
                location_id,
                day,
                start_minute,
                end_minute,
                note,
            } => {
                hours(start_minute, end_minute, 5)?;
                self.check_place(&clinician_id, location_id.as_deref())
                    .await?;
                if let Some(note) = &note {
                    text("note", note, 200)?;
                }
                sched_exception::ActiveModel {
                    id: Set(id.clone()),
                    clinician_id: Set(clinician_id),
                    location_id: Set(location_id),
                    day: Set(day),
                    start_minute: Set(start_minute as i32),
                    end_minute: Set(end_minute as i32),
                    kind: Set("closed".into()),
                    slot_minutes: Set(None),
                    visit_types: Set(None),
                    note: Set(note),
                    created_at: Set(now),
                }
            }
            NewException::Extra {
                clinician_id,
                location_id,
                day,
                start_minute,
                end_minute,
                slot_minutes,
                visit_types,
            } => {
                hours(start_minute, end_minute, slot_minutes)?;
                self.check_references(&clinician_id, Some(&location_id), &visit_types)
                    .await?;
                sched_exception::ActiveModel {
                    id: Set(id.clone()),
                    clinician_id: Set(clinician_id),
                    location_id: Set(Some(location_id)),
                    day: Set(day),
                    start_minute: Set(start_minute as i32),
                    end_minute: Set(end_minute as i32),
                    kind: Set("extra".into()),
                    slot_minutes: Set(Some(slot_minutes as i32)),
                    visit_types: Set(Some(visit_types.join(","))),
                    note: Set(None),
                    created_at: Set(now),
                }
            }
        };
        let txn = begin_write(self.db()).await?;
        sched_exception::Entity::insert(row)
            .exec_without_returning(&txn)
            .await?;
        self.changed(&txn, actor, "schedule.exception.add", &id, meta)
            .await?;
        txn.commit().await?;
        self.generate_slots(None).await?;
        Ok(id)
    }
    /// Records a visit that was held outside online booking (before Portico, or entered by the
    /// clinic afterwards): fulfilled, at a past time, with no slot. Command line and admins.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_held_visit(
        &self,
        by: Configurer<'_>,
        patient_id: &str,
        visit_type_id: &str,
        clinician_id: &str,
        location_id: &str,
        start: DateTime<Utc>,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        let actor = by.check()?;
        let visit_type = self.visit_type(visit_type_id).await?;
        self.check_place(clinician_id, Some(location_id)).await?;
        if start >= self.now() {
            return Err(DomainError::validation(
                "start",
                said!("sched-held-visit-past"),
            ));
        }
        if crate::entities::patient::Entity::find_by_id(patient_id.to_owned())
            .one(self.db())
            .await?
            .is_none()
        {
            return Err(DomainError::validation(
                "patient",
                said!("sched-no-such-patient"),
            ));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let mut row = super::booking::new_row(&id, patient_id, &visit_type.id, "fulfilled", now);
        row.clinician_id = Set(Some(clinician_id.to_owned()));
        row.location_id = Set(Some(location_id.to_owned()));
        row.start_at = Set(Some(start));
        row.end_at = Set(Some(
            start + chrono::Duration::minutes(i64::from(visit_type.minutes)),
        ));
        row.booked_by = Set(actor.clone());
        row.booked_by_clinic = Set(true);
        row.confirmed_at = Set(Some(now));
        row.arrived_at = Set(Some(start));
        crate::entities::appointment::Entity::insert(row)
            .exec_without_returning(&txn)
            .await?;
        let entry = AuditEntry::new("appointment.record", Outcome::Success)
            .maybe_actor(actor)
            .acting_for(Some(patient_id.to_owned()))
            .resource("Appointment", id.clone());
        audit::append(&txn, now, meta, entry).await?;
        txn.commit().await?;
        Ok(id)
    }
}

pub(super) async fn reminder_leads_in(
    conn: &impl sea_orm::ConnectionTrait,
) -> DomainResult<Vec<u32>> {
    Ok(match setting(conn, KEY_REMINDER_LEADS).await? {
        Some(list) => parse_leads(&list)?,
        None => DEFAULT_REMINDER_LEADS.to_vec(),
    })
}

fn parse_leads(list: &str) -> DomainResult<Vec<u32>> {
    let mut leads = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let hours: u32 = part.parse().map_err(|_| {
            DomainError::validation("reminder_leads", said!("sched-reminder-format"))
        })?;
        if !(1..=24 * 30).contains(&hours) {
            return Err(DomainError::validation(
                "reminder_leads",
                said!("sched-reminder-range"),
            ));
        }
        if !leads.contains(&hours) {
            leads.push(hours);
        }
    }
    if leads.len() > 4 {
        return Err(DomainError::validation(
            "reminder_leads",
            said!("sched-reminder-count"),
        ));
    }
    leads.sort_unstable_by(|a, b| b.cmp(a));
    Ok(leads)
}
