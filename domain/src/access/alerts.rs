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
    i18n::Said,
    said,
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
    const ALL: [Self; 3] = [
        Self::AccountFailures,
        Self::AddressFailures,
        Self::ManyPatients,
    ];

    /// How far back the scan looks for this pattern, and the count that makes an alert.
    fn limits(self, t: &AlertThresholds) -> (Duration, u64) {
        match self {
            Self::AccountFailures => (t.failure_window, t.account_failures),
            Self::AddressFailures => (t.failure_window, t.address_failures),
            Self::ManyPatients => (t.reading_window, t.distinct_patients),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::AccountFailures => "failure_burst_account",
            Self::AddressFailures => "failure_burst_address",
            Self::ManyPatients => "many_patients",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    fn resource(self) -> &'static str {
        match self {
            Self::AddressFailures => "address",
            Self::AccountFailures | Self::ManyPatients => "account",
        }
    }

    /// The notice on the audit page, given who or where it concerns.
    pub fn describe(self, subject: &Said) -> Said {
        let notice = match self {
            Self::AccountFailures => said!("alert-account-failures"),
            Self::AddressFailures => said!("alert-address-failures"),
            Self::ManyPatients => said!("alert-many-patients"),
        };
        notice.nested("subject", subject.clone())
    }
}

/// One alert as the audit page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityAlert {
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    pub kind: AlertKind,
    /// The account's name and role, or the address.
    pub subject: Said,
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
        let mut found: Vec<(AlertKind, String, DateTime<Utc>)> = Vec::new();
        for kind in AlertKind::ALL {
            let (window, threshold) = kind.limits(thresholds);
            let since = now - window;
            for (subject, n) in counts(db, kind, since).await? {
                if n >= threshold {
                    found.push((kind, subject, since));
                }
            }
        }

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
                    ("account", Some(account)) => super::log::with_role(account),
                    _ => said!("alert-subject-id", id = id),
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

/// Per subject of `kind` (an account or an address), what the pattern counts since `since`:
/// failures, or the distinct patients acted on with success.
async fn counts(
    db: &impl ConnectionTrait,
    kind: AlertKind,
    since: DateTime<Utc>,
) -> DomainResult<HashMap<String, u64>> {
    let key = match kind {
        AlertKind::AddressFailures => audit_event::Column::Ip,
        AlertKind::AccountFailures | AlertKind::ManyPatients => audit_event::Column::ActorAccountId,
    };
    let select = audit_event::Entity::find()
        .select_only()
        .column(key)
        .filter(audit_event::Column::OccurredAt.gte(since))
        .filter(key.is_not_null())
        .filter(audit_event::Column::Action.ne(ALERT_ACTION));
    let select = match kind {
        AlertKind::AccountFailures | AlertKind::AddressFailures => select
            .expr(Expr::col(audit_event::Column::Seq).count())
            .filter(audit_event::Column::Outcome.eq(Outcome::Failure.as_str())),
        AlertKind::ManyPatients => select
            .expr(Expr::col(audit_event::Column::ActingForPatientId).count_distinct())
            .filter(audit_event::Column::Outcome.eq(Outcome::Success.as_str()))
            .filter(audit_event::Column::ActingForPatientId.is_not_null()),
    };
    let rows: Vec<(String, i64)> = select.group_by(key).into_tuple().all(db).await?;
    Ok(rows
        .into_iter()
        .filter(|(value, _)| !value.is_empty())
        .map(|(value, n)| (value, u64::try_from(n).unwrap_or(0)))
        .collect())
}
