//! WebAuthn ceremony state, kept server-side: stored when a ceremony starts, taken (deleted) when
//! it finishes, so each challenge can be answered once, and only within the ceremony time limit.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::{Serialize, de::DeserializeOwned};

use crate::{DomainError, DomainResult, entities::webauthn_ceremony};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CeremonyKind {
    Enroll,
    SignIn,
    StepUp,
    AddPasskey,
    Recover,
}

impl CeremonyKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Enroll => "enroll",
            Self::SignIn => "sign_in",
            Self::StepUp => "step_up",
            Self::AddPasskey => "add_passkey",
            Self::Recover => "recover",
        }
    }
}

/// What a ceremony is tied to, checked again when it finishes.
#[derive(Clone, Debug, Default)]
pub(crate) struct CeremonyLinks {
    pub account_id: Option<String>,
    pub session_id: Option<String>,
    pub activation_code_id: Option<String>,
    pub recovery_code_id: Option<String>,
}

pub(crate) struct TakenCeremony<S> {
    pub state: S,
    pub links: CeremonyLinks,
}

pub(crate) async fn store(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    ttl: chrono::Duration,
    kind: CeremonyKind,
    state: &impl Serialize,
    links: CeremonyLinks,
) -> DomainResult<String> {
    // Abandoned ceremonies are cleared as new ones start.
    webauthn_ceremony::Entity::delete_many()
        .filter(webauthn_ceremony::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    let id = uuid::Uuid::new_v4().to_string();
    let state = serde_json::to_string(state)
        .map_err(|e| DomainError::Internal(format!("ceremony state: {e}")))?;
    webauthn_ceremony::ActiveModel {
        id: Set(id.clone()),
        kind: Set(kind.as_str().to_owned()),
        account_id: Set(links.account_id),
        session_id: Set(links.session_id),
        activation_code_id: Set(links.activation_code_id),
        recovery_code_id: Set(links.recovery_code_id),
        state: Set(state),
        expires_at: Set(now + ttl),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Reads a live ceremony without taking it, for checks that must come before slow work; the
/// ceremony is still taken (once) when it finishes.
pub(crate) async fn peek<S: DeserializeOwned>(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    kind: CeremonyKind,
    id: &str,
) -> DomainResult<Option<TakenCeremony<S>>> {
    match find(db, id).await? {
        Some(row) if row.kind == kind.as_str() && row.expires_at > now => Ok(Some(opened(row)?)),
        _ => Ok(None),
    }
}

/// The ceremony row with this id; `None` for an id that is not even a UUID.
async fn find(
    db: &impl ConnectionTrait,
    id: &str,
) -> DomainResult<Option<webauthn_ceremony::Model>> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Ok(None);
    }
    Ok(webauthn_ceremony::Entity::find_by_id(id).one(db).await?)
}

fn opened<S: DeserializeOwned>(row: webauthn_ceremony::Model) -> DomainResult<TakenCeremony<S>> {
    let state = serde_json::from_str(&row.state)
        .map_err(|e| DomainError::Internal(format!("ceremony state: {e}")))?;
    Ok(TakenCeremony {
        state,
        links: CeremonyLinks {
            account_id: row.account_id,
            session_id: row.session_id,
            activation_code_id: row.activation_code_id,
            recovery_code_id: row.recovery_code_id,
        },
    })
}

/// Removes the ceremony and returns its state, or `None` if it does not exist, is of another
/// kind, was already taken, or has expired. Two concurrent finishes cannot both take it: only the
/// delete that removes the row wins.
pub(crate) async fn take<S: DeserializeOwned>(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    kind: CeremonyKind,
    id: &str,
) -> DomainResult<Option<TakenCeremony<S>>> {
    let Some(row) = find(db, id).await? else {
        return Ok(None);
    };
    let deleted = webauthn_ceremony::Entity::delete_many()
        .filter(webauthn_ceremony::Column::Id.eq(id))
        .exec(db)
        .await?;
    if deleted.rows_affected != 1 || row.kind != kind.as_str() || row.expires_at <= now {
        return Ok(None);
    }
    Ok(Some(opened(row)?))
}
