//! The administrators' audit log: search with filters, a page at a time, and CSV export.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;

/// The filters as typed on the page; empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilters {
    pub from: String,
    pub to: String,
    pub actor: String,
    pub patient: String,
    pub action: String,
    pub outcome: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub seq: i64,
    pub when: String,
    pub actor: String,
    pub patient: String,
    pub action: String,
    pub what: String,
    pub resource: String,
    pub outcome: String,
    pub reason: String,
    pub ip: String,
    pub request_id: String,
}

/// A `security.alert` of the last seven days, as the top of the audit page tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertLine {
    pub seq: i64,
    pub when: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditResults {
    /// The anomaly scan's alerts of the last seven days, whatever the filters.
    pub alerts: Vec<AlertLine>,
    pub lines: Vec<AuditLine>,
    pub page: u64,
    pub has_more: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvFile {
    pub filename: String,
    pub text: String,
    pub rows: usize,
}

#[cfg(feature = "ssr")]
fn query(
    filters: AuditFilters,
    page: u64,
) -> Result<portico_domain::access::AuditQuery, portico_domain::DomainError> {
    use super::display::optional_date;
    let some = |v: String| Some(v).filter(|v| !v.trim().is_empty());
    Ok(portico_domain::access::AuditQuery {
        from: optional_date("from", &filters.from)?,
        to: optional_date("to", &filters.to)?,
        actor: some(filters.actor),
        patient: some(filters.patient),
        action: some(filters.action),
        outcome: some(filters.outcome),
        page: page.min(100_000),
    })
}

#[server(endpoint = "admin/audit")]
pub async fn search_audit(filters: AuditFilters, page: u64) -> Result<AuditResults, ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::access::{ClinicTask, describe_action};
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::ReadAuditLog, "admin/audit").await?;
    let found = ctx
        .access
        .search_audit(&permit, query(filters, page)?, &request_meta())
        .await?;
    let alerts = ctx.access.recent_alerts(&permit).await?;
    let zone = ctx.zone().await?;
    let locale = crate::i18n::locale();
    Ok(AuditResults {
        alerts: alerts
            .into_iter()
            .map(|a| AlertLine {
                seq: a.seq,
                when: zone.precise_label(a.occurred_at),
                text: a.kind.describe(&a.subject).in_language(locale),
            })
            .collect(),
        lines: found
            .rows
            .into_iter()
            .map(|r| AuditLine {
                seq: r.seq,
                when: zone.precise_label(r.occurred_at),
                what: describe_action(&r.action).in_language(locale),
                actor: r
                    .actor
                    .map(|actor| actor.in_language(locale))
                    .unwrap_or_default(),
                patient: r.patient,
                action: r.action,
                resource: r.resource,
                outcome: r.outcome,
                reason: r.reason,
                ip: r.ip,
                request_id: r.request_id,
            })
            .collect(),
        page: found.page,
        has_more: found.has_more,
    })
}

#[server(endpoint = "admin/audit/export")]
pub async fn export_audit(filters: AuditFilters) -> Result<CsvFile, ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::access::ClinicTask;
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::ReadAuditLog, "admin/audit/export").await?;
    let (text, rows) = ctx
        .access
        .export_audit_csv(&permit, query(filters, 0)?, &request_meta())
        .await?;
    Ok(CsvFile {
        filename: format!(
            "portico-audit-{}.csv",
            ctx.identity.now().format("%Y%m%d-%H%M%S")
        ),
        text,
        rows,
    })
}
