//! Which optional e-mails ([`Optional`]) a person gets: each is on unless they turned it off on
//! their Security page. Security notices about the account always go.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::OnConflict};

use super::{CurrentSession, Identity};
use crate::{
    DomainResult,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    db::begin_write,
    entities::notice_preference,
    notify::Optional,
};

impl Identity {
    /// Whether each optional e-mail is on for the caller.
    pub async fn notice_preferences(
        &self,
        current: &CurrentSession,
    ) -> DomainResult<Vec<(Optional, bool)>> {
        let off = self
            .turned_off(std::slice::from_ref(&current.account.id), None)
            .await?;
        Ok(Optional::ALL
            .into_iter()
            .filter(|kind| kind.offered_to(current.account.role))
            .map(|kind| (kind, !off.contains(&(current.account.id.clone(), kind))))
            .collect())
    }

    /// Turns one optional e-mail on or off for the caller's own account (audited).
    #[tracing::instrument(name = "identity.set_notice_preference", skip_all, fields(kind = kind.as_str(), enabled))]
    pub async fn set_notice_preference(
        &self,
        current: &CurrentSession,
        kind: Optional,
        enabled: bool,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        notice_preference::Entity::insert(notice_preference::ActiveModel {
            account_id: sea_orm::ActiveValue::Set(current.account.id.clone()),
            kind: sea_orm::ActiveValue::Set(kind.as_str().to_owned()),
            enabled: sea_orm::ActiveValue::Set(enabled),
            updated_at: sea_orm::ActiveValue::Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                notice_preference::Column::AccountId,
                notice_preference::Column::Kind,
            ])
            .update_columns([
                notice_preference::Column::Enabled,
                notice_preference::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new(
                if enabled { "notices.on" } else { "notices.off" },
                Outcome::Success,
            )
            .actor(current.account.id.clone())
            .resource("notice", kind.as_str().to_owned()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Of `account_ids`, which turned off which optional e-mail (only `kind`, if given).
    pub async fn turned_off(
        &self,
        account_ids: &[String],
        kind: Option<Optional>,
    ) -> DomainResult<HashSet<(String, Optional)>> {
        let mut query = notice_preference::Entity::find()
            .filter(notice_preference::Column::AccountId.is_in(account_ids.iter().cloned()))
            .filter(notice_preference::Column::Enabled.eq(false));
        if let Some(kind) = kind {
            query = query.filter(notice_preference::Column::Kind.eq(kind.as_str()));
        }
        Ok(query
            .all(self.db())
            .await?
            .into_iter()
            .filter_map(|row| Some((row.account_id, Optional::parse(&row.kind)?)))
            .collect())
    }
}
