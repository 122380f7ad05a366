//! The audit log: append-only, hash-chained, written in the same transaction as the action it
//! records. Each row's hash covers its own content and the previous row's hash; the single
//! `audit_head` row holds the end of the chain and is locked by every append, so appends are
//! serialized on SQLite and PostgreSQL alike and the chain never forks.
//!
//! This module must not hold PHI beyond ids: actions, resource types and reasons are short
//! machine codes.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{
    DomainError, DomainResult,
    entities::{audit_event, audit_head},
};

/// Where a request came from. Filled by the web layer; empty for the CLI.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    /// The SHA-256 (hex) of the browser's long-lived device cookie, when the request carried or
    /// was given one: how a sign-in from a browser the account never used is told apart. Not
    /// written to the audit log.
    pub device: Option<String>,
}

impl RequestMeta {
    pub fn cli() -> Self {
        Self {
            user_agent: Some("portico-cli".into()),
            ..Self::default()
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Failure => "failure",
            Self::Denied => "denied",
        }
    }
}

/// One event to append. Build it with [`AuditEntry::new`] and the `with_*` methods.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    pub action: &'static str,
    pub outcome: Outcome,
    pub actor_account_id: Option<String>,
    pub acting_for_patient_id: Option<String>,
    pub resource: Option<(&'static str, String)>,
    pub reason: Option<&'static str>,
}

impl AuditEntry {
    pub fn new(action: &'static str, outcome: Outcome) -> Self {
        Self {
            action,
            outcome,
            actor_account_id: None,
            acting_for_patient_id: None,
            resource: None,
            reason: None,
        }
    }

    pub fn actor(mut self, account_id: impl Into<String>) -> Self {
        self.actor_account_id = Some(account_id.into());
        self
    }

    pub fn maybe_actor(mut self, account_id: Option<String>) -> Self {
        self.actor_account_id = account_id;
        self
    }

    pub fn acting_for(mut self, patient_id: Option<String>) -> Self {
        self.acting_for_patient_id = patient_id;
        self
    }

    pub fn resource(mut self, kind: &'static str, id: impl Into<String>) -> Self {
        self.resource = Some((kind, id.into()));
        self
    }

    /// The patients a staff list showed (ids, each once, sorted): whose access log names it.
    pub fn patients_shown<'a>(self, ids: impl IntoIterator<Item = &'a str>) -> Self {
        let mut shown: Vec<&str> = ids.into_iter().collect();
        shown.sort_unstable();
        shown.dedup();
        self.resource("Patient", shown.join(","))
    }

    pub fn reason(mut self, reason: &'static str) -> Self {
        self.reason = Some(reason);
        self
    }
}

/// The fields a row's hash covers, in a fixed order.
#[derive(Serialize)]
struct HashedFields<'a> {
    seq: i64,
    occurred_at: String,
    actor_account_id: Option<&'a str>,
    acting_for_patient_id: Option<&'a str>,
    action: &'a str,
    resource_type: Option<&'a str>,
    resource_id: Option<&'a str>,
    outcome: &'a str,
    reason: Option<&'a str>,
    ip: Option<&'a str>,
    user_agent: Option<&'a str>,
    request_id: Option<&'a str>,
    prev_hash: &'a str,
}

fn row_hash(row: &audit_event::Model) -> String {
    let fields = HashedFields {
        seq: row.seq,
        occurred_at: row
            .occurred_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        actor_account_id: row.actor_account_id.as_deref(),
        acting_for_patient_id: row.acting_for_patient_id.as_deref(),
        action: &row.action,
        resource_type: row.resource_type.as_deref(),
        resource_id: row.resource_id.as_deref(),
        outcome: &row.outcome,
        reason: row.reason.as_deref(),
        ip: row.ip.as_deref(),
        user_agent: row.user_agent.as_deref(),
        request_id: row.request_id.as_deref(),
        prev_hash: &row.prev_hash,
    };
    let bytes = serde_json::to_vec(&fields).expect("audit fields serialise");
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn truncate(value: Option<&String>, max: usize) -> Option<String> {
    value.map(|v| v.chars().take(max).collect())
}

/// Appends one event inside the caller's transaction (`db` should be a transaction that also
/// holds the action being recorded; on SQLite, one begun with [`crate::db::begin_write`]).
pub async fn append(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    meta: &RequestMeta,
    entry: AuditEntry,
) -> DomainResult<i64> {
    // Taking the head row's lock first serializes appenders until this transaction ends.
    let locked = audit_head::Entity::update_many()
        .col_expr(
            audit_head::Column::LastSeq,
            Expr::col(audit_head::Column::LastSeq).add(1),
        )
        .filter(audit_head::Column::Id.eq(1))
        .exec(db)
        .await?;
    if locked.rows_affected != 1 {
        return Err(DomainError::Internal("audit head row is missing".into()));
    }
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal("audit head row is missing".into()))?;

    let mut row = audit_event::Model {
        seq: head.last_seq,
        occurred_at: now,
        actor_account_id: entry.actor_account_id,
        acting_for_patient_id: entry.acting_for_patient_id,
        action: entry.action.to_owned(),
        resource_type: entry.resource.as_ref().map(|(kind, _)| (*kind).to_owned()),
        resource_id: entry.resource.map(|(_, id)| id),
        outcome: entry.outcome.as_str().to_owned(),
        reason: entry.reason.map(str::to_owned),
        ip: truncate(meta.ip.as_ref(), 64),
        user_agent: truncate(meta.user_agent.as_ref(), 256),
        request_id: truncate(meta.request_id.as_ref(), 64),
        prev_hash: head.last_hash,
        hash: String::new(),
    };
    row.hash = row_hash(&row);
    let seq = row.seq;
    let hash = row.hash.clone();
    audit_event::Entity::insert(audit_event::ActiveModel {
        seq: Set(row.seq),
        occurred_at: Set(row.occurred_at),
        actor_account_id: Set(row.actor_account_id),
        acting_for_patient_id: Set(row.acting_for_patient_id),
        action: Set(row.action),
        resource_type: Set(row.resource_type),
        resource_id: Set(row.resource_id),
        outcome: Set(row.outcome),
        reason: Set(row.reason),
        ip: Set(row.ip),
        user_agent: Set(row.user_agent),
        request_id: Set(row.request_id),
        prev_hash: Set(row.prev_hash),
        hash: Set(row.hash),
    })
    .exec_without_returning(db)
    .await?;
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::LastHash, Expr::value(hash))
        .filter(audit_head::Column::Id.eq(1))
        .exec(db)
        .await?;
    Ok(seq)
}

/// Appends one event in a transaction of its own (for events that record no other change, such
/// as a refused sign-in).
pub async fn record(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
    meta: &RequestMeta,
    entry: AuditEntry,
) -> DomainResult<i64> {
    let txn = crate::db::begin_write(db).await?;
    let seq = append(&txn, now, meta, entry).await?;
    txn.commit().await?;
    Ok(seq)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainReport {
    /// Rows whose links were checked.
    pub checked: u64,
    /// The first place the chain is broken, if it is.
    pub broken: Option<BrokenLink>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenLink {
    pub seq: i64,
    pub problem: &'static str,
}

/// Audit events in order, for a SIEM: those after `after_seq` (0 for all) that occurred at or
/// after `since`, at most `limit`. Call again with the last `seq` to go on.
pub async fn events_after(
    db: &impl ConnectionTrait,
    after_seq: i64,
    since: Option<DateTime<Utc>>,
    limit: u64,
) -> DomainResult<Vec<audit_event::Model>> {
    let mut select = audit_event::Entity::find().filter(audit_event::Column::Seq.gt(after_seq));
    if let Some(since) = since {
        select = select.filter(audit_event::Column::OccurredAt.gte(since));
    }
    Ok(select
        .order_by_asc(audit_event::Column::Seq)
        .limit(limit)
        .all(db)
        .await?)
}

/// One audit event as a line of JSON for a SIEM: every field, the chain's hashes included, so the
/// receiver can check the chain too. The log holds ids, addresses and user agents, never names.
pub fn event_json(row: &audit_event::Model) -> serde_json::Value {
    serde_json::json!({
        "seq": row.seq,
        "occurred_at": row.occurred_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "actor_account_id": row.actor_account_id,
        "acting_for_patient_id": row.acting_for_patient_id,
        "action": row.action,
        "resource_type": row.resource_type,
        "resource_id": row.resource_id,
        "outcome": row.outcome,
        "reason": row.reason,
        "ip": row.ip,
        "user_agent": row.user_agent,
        "request_id": row.request_id,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    })
}

/// Walks the whole chain in order and reports the first broken link: a row whose content no
/// longer matches its hash (edited), a sequence gap or a previous-hash mismatch (deleted or
/// inserted), or a head that does not match the last row (rows deleted from the end).
pub async fn verify(db: &impl ConnectionTrait) -> DomainResult<ChainReport> {
    const PAGE: u64 = 1000;
    let mut expected_seq = 1i64;
    let mut prev_hash = "0".repeat(64);
    let mut checked = 0u64;
    loop {
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_event::Column::Seq)
            .limit(PAGE)
            .all(db)
            .await?;
        let n = rows.len() as u64;
        for row in rows {
            let broken = |problem| {
                Ok(ChainReport {
                    checked,
                    broken: Some(BrokenLink {
                        seq: expected_seq,
                        problem,
                    }),
                })
            };
            if row.seq != expected_seq {
                return broken("missing row (sequence gap)");
            }
            if row.prev_hash != prev_hash {
                return broken("previous-hash link does not match");
            }
            if row_hash(&row) != row.hash {
                return broken("row content does not match its hash");
            }
            prev_hash = row.hash;
            expected_seq += 1;
            checked += 1;
        }
        if n < PAGE {
            break;
        }
    }
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal("audit head row is missing".into()))?;
    if head.last_seq != expected_seq - 1 || head.last_hash != prev_hash {
        return Ok(ChainReport {
            checked,
            broken: Some(BrokenLink {
                seq: expected_seq,
                problem: "rows missing from the end of the log",
            }),
        });
    }
    Ok(ChainReport {
        checked,
        broken: None,
    })
}
