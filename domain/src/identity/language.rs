//! The language a person chose for Portico: kept with their account, so every browser they sign
//! in with and every e-mail sent to them uses it.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::OnConflict};

use super::{CurrentSession, Identity};
use crate::{
    DomainResult,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    db::begin_write,
    entities::account_language,
    i18n::Locale,
};

/// The language the account chose, if it chose one, read with `db` (inside a transaction, its
/// connection: SQLite gives a writer the one connection).
pub(crate) async fn chosen_language(
    db: &impl ConnectionTrait,
    account_id: &str,
) -> DomainResult<Option<Locale>> {
    Ok(account_language::Entity::find_by_id(account_id.to_owned())
        .one(db)
        .await?
        .and_then(|row| Locale::from_tag(&row.locale)))
}

impl Identity {
    /// The language to write to the account in (its choice, else the clinic's), read with `db`.
    pub(crate) async fn language_for_mail(
        &self,
        db: &impl ConnectionTrait,
        account_id: &str,
    ) -> DomainResult<Locale> {
        Ok(chosen_language(db, account_id)
            .await?
            .unwrap_or(self.settings().default_locale))
    }

    /// The language the account chose, if it chose one.
    pub async fn language(&self, account_id: &str) -> DomainResult<Option<Locale>> {
        chosen_language(self.db(), account_id).await
    }

    /// The languages that `account_ids` chose (those that chose one).
    pub async fn languages(
        &self,
        account_ids: &[String],
    ) -> DomainResult<std::collections::HashMap<String, Locale>> {
        Ok(account_language::Entity::find()
            .filter(account_language::Column::AccountId.is_in(account_ids.iter().cloned()))
            .all(self.db())
            .await?
            .into_iter()
            .filter_map(|row| Locale::from_tag(&row.locale).map(|l| (row.account_id, l)))
            .collect())
    }

    /// Keeps `locale` as the caller's language (audited).
    #[tracing::instrument(name = "identity.set_language", skip_all, fields(locale = locale.tag()))]
    pub async fn set_language(
        &self,
        current: &CurrentSession,
        locale: Locale,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        account_language::Entity::insert(account_language::ActiveModel {
            account_id: sea_orm::ActiveValue::Set(current.account.id.clone()),
            locale: sea_orm::ActiveValue::Set(locale.tag().to_owned()),
            updated_at: sea_orm::ActiveValue::Set(now),
        })
        .on_conflict(
            OnConflict::column(account_language::Column::AccountId)
                .update_columns([
                    account_language::Column::Locale,
                    account_language::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("account.language", Outcome::Success)
                .actor(current.account.id.clone())
                .resource("language", locale.tag().to_owned()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}
