//! Slots: laid out from the weekly templates and exceptions in the clinic's zone, one row per
//! bookable stretch (FHIR Slot), and the open times a visit type can be booked into.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};

use super::{Scheduling, catalog::VisitTypeRules};
use crate::{
    DomainResult,
    entities::{sched_exception, sched_slot, sched_template},
};

/// Slots are laid out this far ahead at least (the longest booking horizon if longer).
pub const MIN_LAYOUT_DAYS: u32 = 56;

/// A time a visit can be booked: one or more back-to-back free slots of one clinician at one
/// location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenTime {
    /// The first slot: what a booking names.
    pub slot_id: String,
    pub clinician_id: String,
    pub location_id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

pub(super) fn offers(row: &sched_slot::Model, visit_type: &str) -> bool {
    row.visit_types.split(',').any(|v| v == visit_type)
}

/// How many back-to-back slots a visit of `minutes` needs, from `first`.
pub(super) fn needed(first: &sched_slot::Model, minutes: u32) -> usize {
    let length = (first.end_at - first.start_at).num_minutes().max(1) as u32;
    minutes.div_ceil(length) as usize
}

/// The chains of free slots, in order, that hold a visit of this type: from each free slot that
/// offers it, as many back-to-back free slots of the same clinician and location as it needs.
pub(super) fn open_times(free: &[sched_slot::Model], visit_type: &VisitTypeRules) -> Vec<OpenTime> {
    let mut by_clinician: BTreeMap<&str, Vec<&sched_slot::Model>> = BTreeMap::new();
    for row in free {
        by_clinician.entry(&row.clinician_id).or_default().push(row);
    }
    let mut times = Vec::new();
    for rows in by_clinician.values() {
        for (i, first) in rows.iter().enumerate() {
            if !offers(first, &visit_type.id) {
                continue;
            }
            let want = needed(first, visit_type.minutes);
            let mut end = first.end_at;
            let mut have = 1;
            for next in &rows[i + 1..] {
                if have == want {
                    break;
                }
                if next.start_at != end || next.location_id != first.location_id {
                    break;
                }
                end = next.end_at;
                have += 1;
            }
            if have == want {
                times.push(OpenTime {
                    slot_id: first.id.clone(),
                    clinician_id: first.clinician_id.clone(),
                    location_id: first.location_id.clone(),
                    start: first.start_at,
                    end: first.start_at + Duration::minutes(i64::from(visit_type.minutes)),
                });
            }
        }
    }
    times.sort_by(|a, b| (a.start, &a.clinician_id).cmp(&(b.start, &b.clinician_id)));
    times
}

impl Scheduling {
    /// Lays out slots from today (in the clinic's zone) through the layout horizon: new slots
    /// for every template and extra hours, none in time off, and free slots that time off now
    /// covers blocked. Idempotent (a slot is one clinician's start time); returns how many it
    /// added.
    pub async fn generate_slots(&self, through: Option<NaiveDate>) -> DomainResult<usize> {
        let zone = self.zone().await?;
        let now = self.now();
        let today = zone.today(now);
        let horizon = self
            .visit_types()
            .await?
            .iter()
            .map(|v| v.horizon_days)
            .max()
            .unwrap_or(0)
            .max(MIN_LAYOUT_DAYS);
        let last = through.unwrap_or(today + Duration::days(i64::from(horizon)));
        let templates = sched_template::Entity::find().all(self.db()).await?;
        let exceptions = sched_exception::Entity::find()
            .filter(sched_exception::Column::Day.gte(today))
            .filter(sched_exception::Column::Day.lte(last))
            .all(self.db())
            .await?;
        // Each clinician's laid-out times (start → end): a new slot never overlaps one, so
        // hours changed to another slot length, or extra hours over weekly ones, cannot put
        // two visits in one clinician's time.
        let mut taken: BTreeMap<(String, DateTime<Utc>), DateTime<Utc>> =
            sched_slot::Entity::find()
                .filter(sched_slot::Column::EndAt.gt(now))
                .all(self.db())
                .await?
                .into_iter()
                .map(|s| ((s.clinician_id, s.start_at), s.end_at))
                .collect();
        let overlaps = |taken: &BTreeMap<(String, DateTime<Utc>), DateTime<Utc>>,
                        clinician: &str,
                        from: DateTime<Utc>,
                        to: DateTime<Utc>| {
            taken
                .range((clinician.to_owned(), DateTime::<Utc>::MIN_UTC)..(clinician.to_owned(), to))
                .next_back()
                .is_some_and(|(_, end)| *end > from)
        };

        let closed = |clinician: &str, location: &str, day: NaiveDate, minute: u32, end: u32| {
            exceptions.iter().any(|e| {
                e.kind == "closed"
                    && e.clinician_id == clinician
                    && e.location_id.as_deref().is_none_or(|l| l == location)
                    && e.day == day
                    && (e.start_minute as u32) < end
                    && minute < e.end_minute as u32
            })
        };
        let mut new = Vec::new();
        let mut day = today;
        while day <= last {
            let weekday = day.weekday().number_from_monday() as i32;
            let blocks = templates
                .iter()
                .filter(|t| {
                    t.weekday == weekday
                        && t.valid_from <= day
                        && t.valid_until.is_none_or(|until| day <= until)
                })
                .map(|t| {
                    (
                        Some(t.id.clone()),
                        None,
                        &t.clinician_id,
                        t.location_id.clone(),
                        t.start_minute,
                        t.end_minute,
                        t.slot_minutes,
                        &t.visit_types,
                    )
                })
                .chain(
                    exceptions
                        .iter()
                        .filter(|e| e.kind == "extra" && e.day == day)
                        .filter_map(|e| {
                            Some((
                                None,
                                Some(e.id.clone()),
                                &e.clinician_id,
                                e.location_id.clone()?,
                                e.start_minute,
                                e.end_minute,
                                e.slot_minutes?,
                                e.visit_types.as_ref()?,
                            ))
                        }),
                );
            for (template_id, exception_id, clinician, location, start, end, slot, visit_types) in
                blocks
            {
                let (start, end, slot) = (start as u32, end as u32, slot.max(5) as u32);
                let mut minute = start;
                while minute + slot <= end {
                    let from_template = template_id.is_some();
                    if (!from_template || !closed(clinician, &location, day, minute, minute + slot))
                        && let Some(at) = zone.instant(day, minute)
                        && at >= now
                        && !overlaps(
                            &taken,
                            clinician,
                            at,
                            at + Duration::minutes(i64::from(slot)),
                        )
                    {
                        taken.insert(
                            (clinician.clone(), at),
                            at + Duration::minutes(i64::from(slot)),
                        );
                        new.push(sched_slot::ActiveModel {
                            id: Set(uuid::Uuid::new_v4().to_string()),
                            clinician_id: Set(clinician.clone()),
                            location_id: Set(location.clone()),
                            template_id: Set(template_id.clone()),
                            exception_id: Set(exception_id.clone()),
                            start_at: Set(at),
                            end_at: Set(at + Duration::minutes(i64::from(slot))),
                            visit_types: Set(visit_types.clone()),
                            status: Set("free".into()),
                            appointment_id: Set(None),
                        });
                    }
                    minute += slot;
                }
            }
            day += Duration::days(1);
        }
        let added = new.len();
        let txn = crate::db::begin_write(self.db()).await?;
        for chunk in new.chunks(500) {
            // Another lay-out (the sweeper, a second instance, an administrator's change) may
            // have added the same clinician's slot at the same moment: keep that one. The
            // conflict is on (clinician, start), not on the new row's id.
            sched_slot::Entity::insert_many(chunk.to_vec())
                .on_conflict_do_nothing_on([
                    sched_slot::Column::ClinicianId,
                    sched_slot::Column::StartAt,
                ])
                .exec_without_returning(&txn)
                .await?;
        }
        // Time off added after its slots were laid out: block what is still free.
        for e in exceptions.iter().filter(|e| e.kind == "closed") {
            let (Some(from), Some(to)) = (
                zone.instant(e.day, e.start_minute as u32),
                zone.instant(e.day, e.end_minute as u32)
                    .or_else(|| zone.day_bounds(e.day).ok().map(|(_, end)| end)),
            ) else {
                continue;
            };
            let mut update = sched_slot::Entity::update_many()
                .col_expr(sched_slot::Column::Status, Expr::value("blocked"))
                .filter(sched_slot::Column::ClinicianId.eq(e.clinician_id.clone()))
                .filter(sched_slot::Column::Status.eq("free"))
                .filter(sched_slot::Column::StartAt.lt(to))
                .filter(sched_slot::Column::EndAt.gt(from));
            if let Some(location) = &e.location_id {
                update = update.filter(sched_slot::Column::LocationId.eq(location.clone()));
            }
            update.exec(&txn).await?;
        }
        txn.commit().await?;
        Ok(added)
    }

    /// The open times of a visit type between two instants, optionally with one clinician.
    pub(super) async fn open_times_between(
        &self,
        visit_type: &VisitTypeRules,
        clinician_id: Option<&str>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> DomainResult<Vec<OpenTime>> {
        if from >= to {
            return Ok(Vec::new());
        }
        let mut query = sched_slot::Entity::find()
            .filter(sched_slot::Column::Status.eq("free"))
            .filter(sched_slot::Column::StartAt.gte(from))
            // A long visit's later slots may start after `to`.
            .filter(
                sched_slot::Column::StartAt
                    .lt(to + Duration::minutes(i64::from(visit_type.minutes))),
            )
            .order_by_asc(sched_slot::Column::StartAt);
        if let Some(clinician_id) = clinician_id {
            query = query.filter(sched_slot::Column::ClinicianId.eq(clinician_id.to_owned()));
        }
        let free = query.all(self.db()).await?;
        Ok(open_times(&free, visit_type)
            .into_iter()
            .filter(|t| t.start < to)
            .collect())
    }
}
