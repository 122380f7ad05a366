//! The billing office's view across patients: one day's payments online (with a CSV export a
//! spreadsheet cannot be tricked by) and what is owed by age (0–30, 31–60, 61–90, over 90 days).
//! Amounts and dates are clear columns: these reports open no ledger entry, only the names of
//! the patients they show, and record which patients they showed.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{Billing, EntryKind, Line, PaymentStatus, ledger};
use crate::{
    DomainError, DomainResult,
    access::{Authorized, ClinicScope, ClinicTask},
    audit::{self, RequestMeta},
    entities::{billing_entry, billing_payment},
    money::{Currency, Money},
    phi,
};

/// Most rows one report shows.
const REPORT_ROWS: usize = 500;

#[derive(Clone, Debug, PartialEq)]
pub struct OfficePayment {
    pub patient_id: String,
    pub patient: String,
    pub amount: Money,
    pub refunded: Money,
    pub status: PaymentStatus,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AgingRow {
    pub patient_id: String,
    pub patient: String,
    pub balance: Money,
    /// 0–30, 31–60, 61–90 and over 90 days.
    pub buckets: [Money; 4],
}

/// A running plan with a missed instalment.
#[derive(Clone, Debug, PartialEq)]
pub struct MissedPlan {
    pub patient_id: String,
    pub patient: String,
    pub plan: super::Plan,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OfficeReport {
    pub day: NaiveDate,
    pub payments: Vec<OfficePayment>,
    /// What the day's payments brought in, less what was refunded of them.
    pub collected: Money,
    /// Patients who owe, the longest-owed first.
    pub aging: Vec<AgingRow>,
    pub totals: [Money; 4],
    /// Payment plans with an instalment past its day and not paid.
    pub missed_plans: Vec<MissedPlan>,
}

impl Billing {
    /// The day's payments (the clinic's day) and what is owed by age, for the billing office
    /// (a patient whose name is gone is "Unknown patient" in `locale`).
    /// Audited with the patients it shows.
    pub async fn office_report(
        &self,
        permit: &Authorized<ClinicScope>,
        day: NaiveDate,
        locale: crate::i18n::Locale,
        meta: &RequestMeta,
    ) -> DomainResult<OfficeReport> {
        permit.require(ClinicTask::WorkBilling)?;
        let settings = self.settings().await?;
        let currency = settings.currency.clone();
        let zone = self.zone().await?;
        let (from, until) = (
            zone.instant(day, 0)
                .ok_or_else(|| DomainError::validation("day", crate::said!("bill-no-such-day")))?,
            zone.instant(day.succ_opt().unwrap_or(day), 0)
                .ok_or_else(|| DomainError::validation("day", crate::said!("bill-no-such-day")))?,
        );
        let payments = billing_payment::Entity::find()
            .filter(billing_payment::Column::CreatedAt.gte(from))
            .filter(billing_payment::Column::CreatedAt.lt(until))
            .order_by_asc(billing_payment::Column::CreatedAt)
            .limit(REPORT_ROWS as u64)
            .all(self.db())
            .await?;
        // Every entry's amount, date and patient (clear columns): nothing is opened.
        let entries: Vec<(String, String, i64, String, DateTime<Utc>)> =
            billing_entry::Entity::find()
                .select_only()
                .columns([
                    billing_entry::Column::PatientId,
                    billing_entry::Column::Kind,
                    billing_entry::Column::AmountMinor,
                    billing_entry::Column::Currency,
                    billing_entry::Column::PostedOn,
                ])
                .into_tuple()
                .all(self.db())
                .await?;
        let mut by_patient: BTreeMap<String, Vec<Line>> = BTreeMap::new();
        for (patient_id, kind, minor, code, posted_on) in entries {
            if code != currency.as_str() {
                continue;
            }
            by_patient.entry(patient_id).or_default().push(Line {
                id: String::new(),
                kind: EntryKind::parse(&kind).unwrap_or(EntryKind::Adjustment),
                amount: Money::new(minor, currency.clone()),
                posted_on,
                visit: None,
                description: String::new(),
                reason: None,
                words: None,
            });
        }
        let now = self.now();
        let mut aging: Vec<(String, i64, [i64; 4])> = by_patient
            .into_iter()
            .map(|(id, lines)| {
                let balance = ledger::balance(&lines, &currency).minor;
                (id, balance, ledger::aging(&lines, &currency, now).buckets)
            })
            .filter(|(_, balance, _)| *balance > 0)
            .collect();
        // The longest-owed first: by the oldest bucket holding anything, then the amount.
        aging.sort_by(|a, b| {
            let oldest = |buckets: &[i64; 4]| buckets.iter().rposition(|v| *v > 0);
            oldest(&b.2)
                .cmp(&oldest(&a.2))
                .then(b.1.cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        let mut totals = [0_i64; 4];
        for (_, _, buckets) in &aging {
            for (total, part) in totals.iter_mut().zip(buckets) {
                *total += part;
            }
        }
        aging.truncate(REPORT_ROWS);
        let mut missed = self.missed_plans(zone.today(now)).await?;
        missed.truncate(REPORT_ROWS);
        let mut ids: Vec<String> = payments
            .iter()
            .map(|p| p.patient_id.clone())
            .chain(aging.iter().map(|a| a.0.clone()))
            .chain(missed.iter().map(|(id, _)| id.clone()))
            .collect();
        ids.sort();
        ids.dedup();
        let names = phi::patient_names(self.db(), self.core.vault(), &ids).await?;
        let name = |id: &str| {
            names
                .get(id)
                .cloned()
                .unwrap_or_else(|| crate::i18n::t(locale, "sched-unknown-patient"))
        };
        let money = |minor: i64| Money::new(minor, currency.clone());
        let payments: Vec<OfficePayment> = payments
            .into_iter()
            .map(|p| -> DomainResult<OfficePayment> {
                let code = Currency::parse(&p.currency)?;
                Ok(OfficePayment {
                    patient: name(&p.patient_id),
                    amount: Money::new(p.amount_minor, code.clone()),
                    refunded: Money::new(p.refunded_minor, code),
                    status: PaymentStatus::parse(&p.status),
                    at: p.created_at,
                    patient_id: p.patient_id,
                })
            })
            .collect::<DomainResult<_>>()?;
        let collected = payments
            .iter()
            .filter(|p| p.status == PaymentStatus::Succeeded && p.amount.currency == currency)
            .map(|p| p.amount.minor - p.refunded.minor)
            .sum();
        audit::append(
            self.db(),
            now,
            meta,
            permit
                .audit("billing.report")
                .resource("BillingReport", day.to_string())
                .patients_shown(ids.iter().map(String::as_str)),
        )
        .await?;
        Ok(OfficeReport {
            missed_plans: missed
                .into_iter()
                .map(|(patient_id, plan)| MissedPlan {
                    patient: name(&patient_id),
                    patient_id,
                    plan,
                })
                .collect(),
            day,
            collected: money(collected),
            totals: totals.map(money),
            aging: aging
                .into_iter()
                .map(|(id, balance, buckets)| AgingRow {
                    patient: name(&id),
                    balance: money(balance),
                    buckets: buckets.map(money),
                    patient_id: id,
                })
                .collect(),
            payments,
        })
    }
}

impl OfficeReport {
    /// The day's payments as CSV, every cell safe to open in a spreadsheet.
    pub fn payments_csv(&self, zone: &crate::scheduling::ClinicZone) -> DomainResult<String> {
        let internal = |e: csv::Error| DomainError::Internal(format!("CSV: {e}"));
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record([
                "time", "patient", "amount", "currency", "status", "refunded",
            ])
            .map_err(internal)?;
        for p in &self.payments {
            let row = [
                zone.precise_label(p.at),
                p.patient.clone(),
                p.amount.plain(),
                p.amount.currency.as_str().to_owned(),
                p.status.as_str().to_owned(),
                p.refunded.plain(),
            ];
            writer
                .write_record(row.iter().map(|c| crate::text::spreadsheet_safe(c)))
                .map_err(internal)?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| DomainError::Internal(format!("CSV: {e}")))?;
        String::from_utf8(bytes).map_err(|e| DomainError::Internal(format!("CSV: {e}")))
    }
}
