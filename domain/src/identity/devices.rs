//! The browsers each account has signed in from. The web layer gives every browser that signs in
//! a long-lived random device cookie and hands its SHA-256 in [`RequestMeta::device`]; a sign-in
//! from a browser the account has not used before is announced to its owner by e-mail and listed
//! on their Security page. The first browser an account ever uses (enrolment, or the first
//! sign-in after this was introduced) is simply remembered: nobody needs telling about it.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::{AccountSummary, CurrentSession, Identity, meta_device};
use crate::{
    DomainResult,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    entities::known_device,
    notify::{self, Notice},
};

/// How many announced devices the Security page lists.
const LISTED: u64 = 10;

/// A browser the account signed in from that was new at the time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDeviceSignIn {
    pub device: String,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

impl Identity {
    /// Remembers the request's browser for `account`; with `announce`, a browser the account
    /// never used (while it has used others) is told to the owner: an e-mail, when the account
    /// has an address, and a `sign_in.new_device` audit event. Inside the sign-in's transaction.
    /// Requests without a device (the command line, tests) change nothing.
    pub(crate) async fn note_device(
        &self,
        txn: &impl ConnectionTrait,
        account: &AccountSummary,
        meta: &RequestMeta,
        announce: bool,
        now: DateTime<Utc>,
    ) -> DomainResult<()> {
        let Some(hash) = meta.device.as_deref() else {
            return Ok(());
        };
        let known = known_device::Entity::find_by_id((account.id.clone(), hash.to_owned()))
            .one(txn)
            .await?;
        if let Some(row) = known {
            let mut row = row.into_active_model();
            row.last_seen_at = Set(now);
            row.update(txn).await?;
            return Ok(());
        }
        let others = known_device::Entity::find()
            .filter(known_device::Column::AccountId.eq(&account.id))
            .count(txn)
            .await?;
        let announced = announce && others > 0;
        let device = meta_device(meta).unwrap_or_else(|| "an unknown browser".into());
        known_device::ActiveModel {
            account_id: Set(account.id.clone()),
            device_hash: Set(hash.to_owned()),
            device: Set(device.chars().take(80).collect()),
            announced: Set(announced),
            first_seen_at: Set(now),
            last_seen_at: Set(now),
        }
        .insert(txn)
        .await?;
        if announced {
            if let Some(email) = &account.email {
                let locale = self.language_for_mail(txn, &account.id).await?;
                notify::enqueue(
                    txn,
                    self.vault(),
                    now,
                    email,
                    locale,
                    Notice::NewSignIn { device },
                )
                .await?;
            }
            audit::append(
                txn,
                now,
                meta,
                AuditEntry::new("sign_in.new_device", Outcome::Success)
                    .actor(account.id.clone())
                    .acting_for(account.patient_id.clone()),
            )
            .await?;
        }
        Ok(())
    }

    /// The caller's sign-ins from browsers that were new to the account, newest first.
    #[tracing::instrument(name = "identity.new_device_sign_ins", skip_all)]
    pub async fn new_device_sign_ins(
        &self,
        current: &CurrentSession,
    ) -> DomainResult<Vec<NewDeviceSignIn>> {
        Ok(known_device::Entity::find()
            .filter(known_device::Column::AccountId.eq(&current.account.id))
            .filter(known_device::Column::Announced.eq(true))
            .order_by_desc(known_device::Column::FirstSeenAt)
            .limit(LISTED)
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| NewDeviceSignIn {
                device: row.device,
                first_seen_at: row.first_seen_at,
                last_seen_at: row.last_seen_at,
            })
            .collect())
    }
}
