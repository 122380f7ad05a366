//! Server-side sessions. The browser holds a 256-bit random token; the database holds only its
//! SHA-256. Each request checks the idle timeout (since the last request) and the absolute
//! lifetime (since sign-in) against the clock, so a stolen cookie dies on the server's schedule,
//! not the browser's.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::{AccountSummary, Identity, NewSession, meta_device};
use crate::{
    DomainError, DomainResult,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    db::begin_write,
    entities::session,
    secrets,
};

/// The signed-in session behind a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentSession {
    pub session_id: String,
    pub account: AccountSummary,
    /// When the person last proved presence with a passkey (sign-in or step-up).
    pub authenticated_at: DateTime<Utc>,
    /// When the session ends if no further request arrives.
    pub idle_deadline: DateTime<Utc>,
    /// When the session ends regardless.
    pub expires_at: DateTime<Utc>,
}

impl CurrentSession {
    /// When the session ends, whichever limit comes first.
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.idle_deadline.min(self.expires_at)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionLookup {
    Active(Box<CurrentSession>),
    /// The token named a session that has just timed out (and has now been ended).
    Expired,
    /// No such session.
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionSummary {
    pub id: String,
    /// The browser and system, if known (the page says "Unknown device" in its language).
    pub device: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub current: bool,
}

impl Identity {
    /// Creates a session for `account` inside the caller's transaction.
    pub(crate) async fn start_session(
        &self,
        txn: &impl ConnectionTrait,
        account: &AccountSummary,
        meta: &RequestMeta,
        now: DateTime<Utc>,
    ) -> DomainResult<NewSession> {
        let token = secrets::new_session_token();
        let id = uuid::Uuid::new_v4().to_string();
        session::ActiveModel {
            id: Set(id.clone()),
            token_hash: Set(secrets::sha256_hex(token.expose())),
            account_id: Set(account.id.clone()),
            created_at: Set(now),
            last_seen_at: Set(now),
            authenticated_at: Set(now),
            expires_at: Set(now + self.settings().absolute_lifetime),
            device: Set(meta_device(meta)),
            ip: Set(meta.ip.clone()),
        }
        .insert(txn)
        .await?;
        Ok(NewSession {
            token,
            session_id: id,
            account: account.clone(),
        })
    }

    /// Finds the session a cookie names. With `touch`, the request counts as activity and moves
    /// the idle deadline; without it (the page asking how long is left) it does not.
    #[tracing::instrument(name = "identity.resolve_session", skip_all)]
    pub async fn resolve_session(
        &self,
        token: &str,
        meta: &RequestMeta,
        touch: bool,
    ) -> DomainResult<SessionLookup> {
        if !secrets::looks_like_token(token) {
            return Ok(SessionLookup::Unknown);
        }
        let now = self.now();
        let hash = secrets::sha256_hex(token);
        let Some(row) = session::Entity::find()
            .filter(session::Column::TokenHash.eq(&hash))
            .one(self.db())
            .await?
        else {
            return Ok(SessionLookup::Unknown);
        };
        let idle = self.settings().idle_timeout;
        let reason = if now >= row.expires_at {
            Some("absolute_timeout")
        } else if now >= row.last_seen_at + idle {
            Some("idle_timeout")
        } else {
            None
        };
        let account = self.active_account(self.db(), &row.account_id).await?;
        let (Some(account), None) = (account, reason) else {
            let txn = begin_write(self.db()).await?;
            let deleted = session::Entity::delete_by_id(&row.id).exec(&txn).await?;
            if deleted.rows_affected == 1 {
                let entry = timeout_entry(&row, reason.unwrap_or("account_inactive"));
                audit::append(&txn, now, meta, entry).await?;
            }
            txn.commit().await?;
            return Ok(SessionLookup::Expired);
        };
        // A page view soon after the last one written changes nothing in the database: every
        // page would otherwise write, and those writes queue behind each other.
        let last_seen = if touch && now - row.last_seen_at >= touch_interval(idle) {
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, now.into())
                .filter(session::Column::Id.eq(&row.id))
                .exec(self.db())
                .await?;
            now
        } else {
            row.last_seen_at
        };
        Ok(SessionLookup::Active(Box::new(CurrentSession {
            session_id: row.id,
            account,
            authenticated_at: row.authenticated_at,
            idle_deadline: last_seen + idle,
            expires_at: row.expires_at,
        })))
    }

    /// Ends (and audits) every session past its idle or absolute limit, including those whose
    /// browser never came back to find out. Returns how many ended.
    #[tracing::instrument(name = "identity.sweep_expired_sessions", skip_all)]
    pub async fn sweep_expired_sessions(&self, meta: &RequestMeta) -> DomainResult<u64> {
        let now = self.now();
        let idle_cutoff = now - self.settings().idle_timeout;
        let expired = session::Entity::find()
            .filter(stale(now, idle_cutoff))
            .all(self.db())
            .await?;
        let mut ended = 0;
        for row in expired {
            let reason = if now >= row.expires_at {
                "absolute_timeout"
            } else {
                "idle_timeout"
            };
            let txn = begin_write(self.db()).await?;
            // A request may have refreshed it in the meantime: only delete it if still stale.
            let deleted = session::Entity::delete_many()
                .filter(session::Column::Id.eq(&row.id))
                .filter(stale(now, idle_cutoff))
                .exec(&txn)
                .await?;
            if deleted.rows_affected == 1 {
                audit::append(&txn, now, meta, timeout_entry(&row, reason)).await?;
                ended += 1;
            }
            txn.commit().await?;
        }
        Ok(ended)
    }

    /// Ends the session server-side.
    #[tracing::instrument(name = "identity.sign_out", skip_all)]
    pub async fn sign_out(&self, current: &CurrentSession, meta: &RequestMeta) -> DomainResult<()> {
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        session::Entity::delete_by_id(&current.session_id)
            .exec(&txn)
            .await?;
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("sign_out", Outcome::Success)
                .actor(current.account.id.clone())
                .acting_for(current.account.patient_id.clone())
                .resource("session", current.session_id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The account's sessions, most recently active first.
    #[tracing::instrument(name = "identity.list_sessions", skip_all)]
    pub async fn list_sessions(
        &self,
        current: &CurrentSession,
    ) -> DomainResult<Vec<SessionSummary>> {
        let now = self.now();
        let idle = self.settings().idle_timeout;
        let rows = session::Entity::find()
            .filter(session::Column::AccountId.eq(&current.account.id))
            .order_by_desc(session::Column::LastSeenAt)
            .all(self.db())
            .await?;
        Ok(rows
            .into_iter()
            .filter(|row| now < row.expires_at && now < row.last_seen_at + idle)
            .map(|row| SessionSummary {
                current: row.id == current.session_id,
                device: row.device,
                id: row.id,
                created_at: row.created_at,
                last_seen_at: row.last_seen_at,
            })
            .collect())
    }

    /// Ends one of the account's own sessions. Another account's session id is "not found".
    #[tracing::instrument(name = "identity.end_session", skip_all)]
    pub async fn end_session(
        &self,
        current: &CurrentSession,
        session_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let deleted = session::Entity::delete_many()
            .filter(session::Column::Id.eq(session_id))
            .filter(session::Column::AccountId.eq(&current.account.id))
            .exec(&txn)
            .await?;
        if deleted.rows_affected != 1 {
            return Err(DomainError::NotFound);
        }
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("session.end", Outcome::Success)
                .actor(current.account.id.clone())
                .resource("session", session_id.to_owned()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Signs out every other session of the account. Returns how many ended.
    #[tracing::instrument(name = "identity.end_other_sessions", skip_all)]
    pub async fn end_other_sessions(
        &self,
        current: &CurrentSession,
        meta: &RequestMeta,
    ) -> DomainResult<u64> {
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let ended = end_sessions(&txn, &current.account.id, Some(&current.session_id)).await?;
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("session.end_others", Outcome::Success)
                .actor(current.account.id.clone())
                .resource("session", current.session_id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(ended)
    }

    /// Whether the person proved presence with a passkey recently enough for a sensitive change.
    pub fn step_up_is_fresh(&self, current: &CurrentSession) -> bool {
        self.now() < current.authenticated_at + self.settings().step_up_window
    }

    pub(crate) fn require_step_up(&self, current: &CurrentSession) -> DomainResult<()> {
        if self.step_up_is_fresh(current) {
            Ok(())
        } else {
            Err(DomainError::StepUpRequired)
        }
    }

    /// Gives a session a new token after step-up (the old cookie stops working) and records the
    /// fresh authentication time.
    pub(crate) async fn rotate_session(
        &self,
        txn: &impl ConnectionTrait,
        session_id: &str,
        now: DateTime<Utc>,
    ) -> DomainResult<secrets::Secret> {
        let token = secrets::new_session_token();
        let updated = session::Entity::update_many()
            .col_expr(
                session::Column::TokenHash,
                secrets::sha256_hex(token.expose()).into(),
            )
            .col_expr(session::Column::AuthenticatedAt, now.into())
            .col_expr(session::Column::LastSeenAt, now.into())
            .filter(session::Column::Id.eq(session_id))
            .exec(txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(DomainError::NotFound);
        }
        Ok(token)
    }
}

/// Sessions past their absolute limit or idle since `idle_cutoff`.
fn stale(now: DateTime<Utc>, idle_cutoff: DateTime<Utc>) -> sea_orm::Condition {
    sea_orm::Condition::any()
        .add(session::Column::ExpiresAt.lte(now))
        .add(session::Column::LastSeenAt.lte(idle_cutoff))
}

fn timeout_entry(row: &session::Model, reason: &'static str) -> AuditEntry {
    AuditEntry::new("session.timeout", Outcome::Success)
        .actor(row.account_id.clone())
        .resource("session", row.id.clone())
        .reason(reason)
}

/// Deletes an account's sessions, except one if given. Returns how many ended.
pub(crate) async fn end_sessions(
    txn: &impl ConnectionTrait,
    account_id: &str,
    except: Option<&str>,
) -> DomainResult<u64> {
    let mut delete =
        session::Entity::delete_many().filter(session::Column::AccountId.eq(account_id));
    if let Some(keep) = except {
        delete = delete.filter(session::Column::Id.ne(keep));
    }
    Ok(delete.exec(txn).await?.rows_affected)
}

/// How often activity is written: a thirtieth of the idle limit, at most 30 seconds, so the idle
/// deadline is never more than that much earlier than the last page view would make it.
fn touch_interval(idle: Duration) -> Duration {
    (idle / 30).min(Duration::seconds(30))
}
