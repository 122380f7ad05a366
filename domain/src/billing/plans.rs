//! Payment plans: the balance paid in monthly instalments, within the clinic's limits (the most
//! months, the least one instalment may be). The patient's side proposes one on the Billing page
//! and, within the limits, it runs at once; the billing office may set one up for a patient the
//! same way. Its schedule is derived (equal parts, the odd cents on the first; due the same day
//! each month), and so is its progress: what the patient's side paid since the plan began covers
//! the instalments in order. An instalment past its day and not covered is missed, and the
//! billing office's report lists the plans with one.

use chrono::{DateTime, Months, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};

use super::{Billing, EntryKind};
use crate::{
    DomainError, DomainResult,
    access::{Authorized, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    db::begin_write,
    entities::{billing_entry, billing_plan},
    money::{Currency, Money},
};

/// Where one instalment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstalmentState {
    Paid,
    /// The next one to pay, its day not past.
    Next,
    Upcoming,
    /// Its day is past and what was paid does not cover it.
    Missed,
}

impl InstalmentState {
    pub const ALL: [InstalmentState; 4] = [
        InstalmentState::Paid,
        InstalmentState::Next,
        InstalmentState::Upcoming,
        InstalmentState::Missed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            InstalmentState::Paid => "Paid",
            InstalmentState::Next => "Next",
            InstalmentState::Upcoming => "Upcoming",
            InstalmentState::Missed => "Missed",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InstalmentState::Paid => "paid",
            InstalmentState::Next => "next",
            InstalmentState::Upcoming => "upcoming",
            InstalmentState::Missed => "missed",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Instalment {
    pub number: u32,
    pub due: NaiveDate,
    pub amount: Money,
    pub state: InstalmentState,
}

/// A running plan, with its schedule and progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub id: String,
    pub total: Money,
    /// Paid toward it since it began (payments less refunds).
    pub paid: Money,
    pub instalments: Vec<Instalment>,
    pub started: DateTime<Utc>,
}

impl Plan {
    pub fn paid_off(&self) -> bool {
        self.paid.minor >= self.total.minor
    }

    /// The first missed instalment, if any.
    pub fn missed(&self) -> Option<&Instalment> {
        self.instalments
            .iter()
            .find(|i| i.state == InstalmentState::Missed)
    }
}

/// The instalments of `total` in `count` parts from `first_due`, covered in order by `paid`, as
/// they stand on `today`.
pub fn schedule(
    total: &Money,
    count: u32,
    first_due: NaiveDate,
    paid: i64,
    today: NaiveDate,
) -> Vec<Instalment> {
    let count = count.max(1);
    let part = total.minor / i64::from(count);
    let odd = total.minor - part * i64::from(count);
    let mut covered = 0;
    let mut next_found = false;
    (0..count)
        .map(|n| {
            let amount = part + if n == 0 { odd } else { 0 };
            covered += amount;
            let due = first_due
                .checked_add_months(Months::new(n))
                .unwrap_or(first_due);
            let state = if paid >= covered {
                InstalmentState::Paid
            } else if due < today {
                InstalmentState::Missed
            } else if !next_found {
                next_found = true;
                InstalmentState::Next
            } else {
                InstalmentState::Upcoming
            };
            Instalment {
                number: n + 1,
                due,
                amount: Money::new(amount, total.currency.clone()),
                state,
            }
        })
        .collect()
}

impl Billing {
    /// What the patient's side paid since `since` (payments less refunds), in minor units.
    async fn paid_since(
        &self,
        db: &impl ConnectionTrait,
        patient_id: &str,
        currency: &Currency,
        since: DateTime<Utc>,
    ) -> DomainResult<i64> {
        let amounts: Vec<(String, i64)> = billing_entry::Entity::find()
            .select_only()
            .columns([
                billing_entry::Column::Kind,
                billing_entry::Column::AmountMinor,
            ])
            .filter(billing_entry::Column::PatientId.eq(patient_id))
            .filter(billing_entry::Column::Currency.eq(currency.as_str()))
            .filter(billing_entry::Column::PostedOn.gte(since))
            .filter(
                billing_entry::Column::Kind
                    .is_in([EntryKind::Payment.as_str(), EntryKind::Refund.as_str()]),
            )
            .into_tuple()
            .all(db)
            .await?;
        Ok(-amounts.iter().map(|(_, minor)| minor).sum::<i64>())
    }

    pub(super) async fn plan_of(
        &self,
        db: &impl ConnectionTrait,
        row: billing_plan::Model,
        today: NaiveDate,
    ) -> DomainResult<Plan> {
        let currency = Currency::parse(&row.currency)?;
        let total = Money::new(row.total_minor, currency.clone());
        let paid = self
            .paid_since(db, &row.patient_id, &currency, row.created_at)
            .await?;
        Ok(Plan {
            instalments: schedule(
                &total,
                u32::try_from(row.instalments).unwrap_or(1),
                row.first_due,
                paid,
                today,
            ),
            paid: Money::new(paid, currency),
            total,
            id: row.id,
            started: row.created_at,
        })
    }

    /// The patient's running plan, if any (the billing scope).
    pub async fn plan(&self, permit: &Authorized<PatientScope>) -> DomainResult<Option<Plan>> {
        permit.require(Scope::Billing, Mode::Read)?;
        let Some(row) = billing_plan::Entity::find()
            .filter(billing_plan::Column::OpenKey.eq(permit.patient_id()))
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        let today = self.zone().await?.today(self.now());
        Ok(Some(self.plan_of(self.db(), row, today).await?))
    }

    /// Starts a plan for what the patient owes now, in `instalments` monthly parts, the first due
    /// a month from today. Within the clinic's limits it runs at once; a plan already running (and
    /// not paid off) is a 422. Audited.
    pub async fn start_plan(
        &self,
        permit: &Authorized<PatientScope>,
        instalments: u32,
        meta: &RequestMeta,
    ) -> DomainResult<Plan> {
        permit.require(Scope::Billing, Mode::Write)?;
        let settings = self.settings().await?;
        self.post_claims(permit, &settings).await?;
        let patient_id = permit.patient_id();
        let balance = self
            .balance_of(self.db(), patient_id, &settings.currency, None)
            .await?;
        if balance.minor <= 0 {
            return Err(DomainError::validation(
                "instalments",
                crate::said!("bill-plan-nothing-owed"),
            ));
        }
        if !(2..=settings.plan_max_months).contains(&instalments) {
            return Err(DomainError::validation(
                "instalments",
                crate::said!("bill-plan-months", most = settings.plan_max_months),
            ));
        }
        if !settings.plan_allows(balance.minor, instalments) {
            let least = Money::new(settings.plan_min_instalment, settings.currency.clone());
            return Err(DomainError::validation(
                "instalments",
                crate::said!("bill-plan-least", least = least.to_string()),
            ));
        }
        let now = self.now();
        let today = self.zone().await?.today(now);
        let first_due = today.checked_add_months(Months::new(1)).unwrap_or(today);
        let txn = begin_write(self.db()).await?;
        // A plan paid off makes way for a new one.
        if let Some(running) = billing_plan::Entity::find()
            .filter(billing_plan::Column::OpenKey.eq(patient_id))
            .one(&txn)
            .await?
        {
            let plan = self.plan_of(&txn, running, today).await?;
            if !plan.paid_off() {
                return Err(DomainError::validation(
                    "instalments",
                    crate::said!("bill-plan-running"),
                ));
            }
            end_plan(&txn, &plan.id, "completed", now).await?;
        }
        let id = uuid::Uuid::new_v4().to_string();
        let row = billing_plan::Model {
            id: id.clone(),
            patient_id: patient_id.to_owned(),
            open_key: Some(patient_id.to_owned()),
            total_minor: balance.minor,
            currency: balance.currency.as_str().to_owned(),
            instalments: i32::try_from(instalments).unwrap_or(i32::MAX),
            first_due,
            status: "running".to_owned(),
            created_by: Some(permit.actor()?.id.clone()),
            created_at: now,
            ended_at: None,
        };
        // `into_active_model` leaves every value unchanged: `reset_all` marks them to be written.
        billing_plan::Entity::insert(row.clone().into_active_model().reset_all())
            .exec_without_returning(&txn)
            .await
            .map_err(|e| match DomainError::from(e) {
                DomainError::Conflict(_) => {
                    DomainError::validation("instalments", crate::said!("bill-plan-running"))
                }
                other => other,
            })?;
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("billing.plan.start")
                .resource("PaymentPlan", id),
        )
        .await?;
        let plan = self.plan_of(&txn, row, today).await?;
        txn.commit().await?;
        Ok(plan)
    }

    /// Ends the patient's running plan (the patient's side or the billing office). Audited.
    pub async fn cancel_plan(
        &self,
        permit: &Authorized<PatientScope>,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        permit.require(Scope::Billing, Mode::Write)?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let running = billing_plan::Entity::find()
            .filter(billing_plan::Column::OpenKey.eq(permit.patient_id()))
            .one(&txn)
            .await?
            .ok_or(DomainError::NotFound)?;
        end_plan(&txn, &running.id, "cancelled", now).await?;
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("billing.plan.cancel")
                .resource("PaymentPlan", running.id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Running plans with a missed instalment (for the billing office's report): patient id,
    /// the plan, oldest missed first.
    pub(super) async fn missed_plans(&self, today: NaiveDate) -> DomainResult<Vec<(String, Plan)>> {
        let rows = billing_plan::Entity::find()
            .filter(billing_plan::Column::OpenKey.is_not_null())
            .filter(billing_plan::Column::FirstDue.lt(today))
            .order_by_asc(billing_plan::Column::FirstDue)
            .all(self.db())
            .await?;
        let mut out = Vec::new();
        for row in rows {
            let patient_id = row.patient_id.clone();
            let plan = self.plan_of(self.db(), row, today).await?;
            if plan.missed().is_some() && !plan.paid_off() {
                out.push((patient_id, plan));
            }
        }
        Ok(out)
    }
}

async fn end_plan(
    db: &impl ConnectionTrait,
    id: &str,
    status: &str,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    billing_plan::Entity::update_many()
        .col_expr(billing_plan::Column::Status, Expr::value(status))
        .col_expr(
            billing_plan::Column::OpenKey,
            Expr::value(Option::<String>::None),
        )
        .col_expr(billing_plan::Column::EndedAt, Expr::value(Some(now)))
        .filter(billing_plan::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn equal_parts_monthly_odd_cents_first_covered_in_order() {
        let total = Money::new(10_001, Currency::usd());
        let plan = schedule(&total, 3, day(2027, 1, 31), 0, day(2027, 1, 15));
        assert_eq!(
            plan.iter().map(|i| i.amount.minor).collect::<Vec<_>>(),
            [3335, 3333, 3333]
        );
        // The last day of a month stays the last day when the next month is shorter.
        assert_eq!(plan[1].due, day(2027, 2, 28));
        assert_eq!(plan[2].due, day(2027, 3, 31));
        assert_eq!(
            plan.iter().map(|i| i.state).collect::<Vec<_>>(),
            [
                InstalmentState::Next,
                InstalmentState::Upcoming,
                InstalmentState::Upcoming
            ]
        );
        // After the first day passed with $20 paid: the first is missed; paid in full it is not.
        let late = schedule(&total, 3, day(2027, 1, 31), 2000, day(2027, 2, 2));
        assert_eq!(late[0].state, InstalmentState::Missed);
        assert_eq!(late[1].state, InstalmentState::Next);
        let caught_up = schedule(&total, 3, day(2027, 1, 31), 6668, day(2027, 2, 2));
        assert_eq!(
            caught_up.iter().map(|i| i.state).collect::<Vec<_>>(),
            [
                InstalmentState::Paid,
                InstalmentState::Paid,
                InstalmentState::Next
            ]
        );
    }
}
