//! Anomaly detection over the audit log. A sweep (once a minute, by whichever instance holds the
//! sweeper's lease) looks for bursts of failures (sign-ins, activation and recovery codes, step-up,
//! payments: every `failure` event) per account and per address, and for an account reading an
//! unusual number of distinct patients within an hour. Each finding is a `security.alert` audit
//! event, once per subject and window, shown to administrators at the top of the audit page.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};

use super::{Access, Authorized, ClinicScope, ClinicTask};
use crate::{
    DomainResult,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    db::begin_write,
    entities::audit_event,
};

pub const ALERT_ACTION: &str = "security.alert";

/// When a pattern becomes an alert. The defaults suit a single clinic; tests lower them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertThresholds {
    /// Failures of one account within `failure_window`.
    pub account_failures: u64,
    /// Failures from one address (IPv4, or the IPv6 address as recorded) within `failure_window`.
    pub address_failures: u64,
    pub failure_window: Duration,
    /// Distinct patients one account acted on within `reading_window`.
    pub distinct_patients: u64,
    pub reading_window: Duration,
}

impl Default for AlertThresholds {
    fn default() -> Self {
        Self {
            account_failures: 10,
            address_failures: 20,
            failure_window: Duration::minutes(15),
            distinct_patients: 40,
            reading_window: Duration::hours(1),
        }
    }
}

/// What an alert is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertKind {
    AccountFailures,
    AddressFailures,
    ManyPatients,
}

impl AlertKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::AccountFailures => "failure_burst_account",
            Self::AddressFailures => "failure_burst_address",
            Self::ManyPatients => "many_patients",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        [
            Self::AccountFailures,
            Self::AddressFailures,
            Self::ManyPatients,
        ]
        .into_iter()
        .find(|kind| kind.code() == code)
    }

    fn resource(self) -> &'static str {
        match self {
            Self::AddressFailures => "address",
            Self::AccountFailures | Self::ManyPatients => "account",
        }
    }

    /// The notice on the audit page, given who or where it concerns.
    pub fn describe(self, subject: &str) -> String {
        match self {
            Self::AccountFailures => format!(
                "Many failed attempts (sign-ins, codes or payments) for {subject} in a short time"
            ),
            Self::AddressFailures => {
                format!("Many failed attempts from the address {subject} in a short time")
            }
            Self::ManyPatients => {
                format!(
                    "{subject} opened the records of an unusual number of patients within an hour"
                )
            }
        }
    }
}

/// One alert as the audit page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityAlert {
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    pub kind: AlertKind,
    /// The account's name and role, or the address.
    pub subject: String,
}

/// How far back the audit page lists alerts.
const ALERTS_SHOWN_FOR: Duration = Duration::days(7);
const ALERTS_SHOWN: u64 = 20;

impl Access {
    /// Looks for the patterns of [`AlertThresholds`] in the recent audit log and records a
    /// `security.alert` for each one not already alerted within its window. Returns how many
    /// alerts it recorded.
    #[tracing::instrument(name = "access.scan_for_anomalies", skip_all)]
    pub async fn scan_for_anomalies(&self, thresholds: &AlertThresholds) -> DomainResult<usize> {
        let now = self.now();
        let db = self.db();
        let failures_since = now - thresholds.failure_window;
        let mut found: Vec<(AlertKind, String, DateTime<Utc>)> = Vec::new();
        let by_account = counts(
            db,
            audit_event::Column::ActorAccountId,
            failures_since,
            Expr::col(audit_event::Column::Seq).count(),
            true,
        )
        .await?;
        found.extend(
            by_account
                .into_iter()
                .filter(|(_, n)| *n >= thresholds.account_failures)
                .map(|(who, _)| (AlertKind::AccountFailures, who, failures_since)),
        );
        let by_address = counts(
            db,
            audit_event::Column::Ip,
            failures_since,
            Expr::col(audit_event::Column::Seq).count(),
            true,
        )
        .await?;
        found.extend(
            by_address
                .into_iter()
                .filter(|(_, n)| *n >= thresholds.address_failures)
                .map(|(address, _)| (AlertKind::AddressFailures, address, failures_since)),
        );
        let reading_since = now - thresholds.reading_window;
        let readers = counts(
            db,
            audit_event::Column::ActorAccountId,
            reading_since,
            Expr::col(audit_event::Column::ActingForPatientId).count_distinct(),
            false,
        )
        .await?;
        found.extend(
            readers
                .into_iter()
                .filter(|(_, n)| *n >= thresholds.distinct_patients)
                .map(|(who, _)| (AlertKind::ManyPatients, who, reading_since)),
        );

        let mut recorded = 0;
        for (kind, subject, since) in found {
            let txn = begin_write(db).await?;
            let already = audit_event::Entity::find()
                .filter(audit_event::Column::Action.eq(ALERT_ACTION))
                .filter(audit_event::Column::Reason.eq(kind.code()))
                .filter(audit_event::Column::ResourceId.eq(subject.as_str()))
                .filter(audit_event::Column::OccurredAt.gte(since))
                .one(&txn)
                .await?
                .is_some();
            if already {
                continue;
            }
            let meta = RequestMeta {
                user_agent: Some("portico-anomaly-scan".into()),
                ..RequestMeta::default()
            };
            audit::append(
                &txn,
                now,
                &meta,
                AuditEntry::new(ALERT_ACTION, Outcome::Success)
                    .resource(kind.resource(), subject)
                    .reason(kind.code()),
            )
            .await?;
            txn.commit().await?;
            tracing::warn!(kind = kind.code(), "security alert recorded");
            recorded += 1;
        }
        Ok(recorded)
    }

    /// The alerts of the last seven days, newest first, for the audit page. Admins only.
    #[tracing::instrument(name = "access.recent_alerts", skip_all)]
    pub async fn recent_alerts(
        &self,
        auth: &Authorized<ClinicScope>,
    ) -> DomainResult<Vec<SecurityAlert>> {
        auth.require(ClinicTask::ReadAuditLog)?;
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::Action.eq(ALERT_ACTION))
            .filter(audit_event::Column::OccurredAt.gte(self.now() - ALERTS_SHOWN_FOR))
            .order_by_desc(audit_event::Column::Seq)
            .limit(ALERTS_SHOWN)
            .all(self.db())
            .await?;
        let account_ids: Vec<String> = rows
            .iter()
            .filter(|r| r.resource_type.as_deref() == Some("account"))
            .filter_map(|r| r.resource_id.clone())
            .collect();
        let accounts = self.identity().accounts_by_id(&account_ids).await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let kind = AlertKind::parse(row.reason.as_deref()?)?;
                let id = row.resource_id.unwrap_or_default();
                let subject = match (kind.resource(), accounts.get(&id)) {
                    ("account", Some(account)) => {
                        format!("{} ({})", account.display_name, account.role.label())
                    }
                    _ => id,
                };
                Some(SecurityAlert {
                    seq: row.seq,
                    occurred_at: row.occurred_at,
                    kind,
                    subject,
                })
            })
            .collect())
    }
}

/// Per value of `key` (non-empty), `measure` over the events since `since`: failures only when
/// `failures`, else successful events on behalf of a patient.
async fn counts(
    db: &impl ConnectionTrait,
    key: audit_event::Column,
    since: DateTime<Utc>,
    measure: Expr,
    failures: bool,
) -> DomainResult<HashMap<String, u64>> {
    let mut select = audit_event::Entity::find()
        .select_only()
        .column(key)
        .expr(measure)
        .filter(audit_event::Column::OccurredAt.gte(since))
        .filter(key.is_not_null())
        .filter(audit_event::Column::Action.ne(ALERT_ACTION));
    select = if failures {
        select.filter(audit_event::Column::Outcome.eq(Outcome::Failure.as_str()))
    } else {
        select
            .filter(audit_event::Column::Outcome.eq(Outcome::Success.as_str()))
            .filter(audit_event::Column::ActingForPatientId.is_not_null())
    };
    let rows: Vec<(String, i64)> = select.group_by(key).into_tuple().all(db).await?;
    Ok(rows
        .into_iter()
        .filter(|(value, _)| !value.is_empty())
        .map(|(value, n)| (value, u64::try_from(n).unwrap_or(0)))
        .collect())
}
