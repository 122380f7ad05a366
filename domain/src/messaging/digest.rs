//! The inbox digest: at most once a day, a member of staff whose pools hold conversations with
//! news they have not read gets "N conversations wait in your Portico inbox" by e-mail — a count,
//! never a patient, subject or text. Each can turn it off on the Security page. The server's
//! sweeper calls [`Messaging::send_staff_digests`]; a digest is claimed in the transaction that
//! queues it, so two servers on one database send it once.

use chrono::Duration;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::Messaging;
use crate::{
    DomainError, DomainResult, clinic,
    db::begin_write,
    entities::staff_digest,
    i18n::{Arg, t, t_args},
    identity::Role,
    notify::{self, Optional},
};

/// Hours between two digests to one member of staff.
pub const DIGEST_EVERY_HOURS: i64 = 24;

impl Messaging {
    /// Queues the digests due: to each active member of staff of an inbox role, with an e-mail
    /// address and the digest on, who had none in the last [`DIGEST_EVERY_HOURS`] and has unread
    /// news. Returns how many were queued.
    pub async fn send_staff_digests(&self) -> DomainResult<usize> {
        let now = self.now();
        let cutoff = now - Duration::hours(DIGEST_EVERY_HOURS);
        let staff: Vec<_> = self
            .access
            .identity()
            .active_staff(&[Role::Clinician, Role::FrontDesk, Role::Billing])
            .await?
            .into_iter()
            .filter(|a| a.email.is_some())
            .collect();
        if staff.is_empty() {
            return Ok(0);
        }
        let ids: Vec<String> = staff.iter().map(|a| a.id.clone()).collect();
        let recent: std::collections::HashSet<String> = staff_digest::Entity::find()
            .filter(staff_digest::Column::AccountId.is_in(ids.iter().cloned()))
            .filter(staff_digest::Column::SentAt.gt(cutoff))
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| row.account_id)
            .collect();
        let off = self
            .access
            .identity()
            .turned_off(&ids, Some(Optional::StaffDigest))
            .await?;
        let languages = self.access.identity().languages(&ids).await?;
        let default = self.access.identity().settings().default_locale;
        let clinic = clinic::clinic_profile(self.db()).await?;
        let mut queued = 0;
        for account in staff {
            if recent.contains(&account.id)
                || off.contains(&(account.id.clone(), Optional::StaffDigest))
            {
                continue;
            }
            let unread = self.unread_for(&account.id, account.role).await?;
            let Some(email) = account.email.as_deref().filter(|_| unread > 0) else {
                continue;
            };
            let txn = begin_write(self.db()).await?;
            staff_digest::Entity::delete_many()
                .filter(staff_digest::Column::AccountId.eq(account.id.clone()))
                .filter(staff_digest::Column::SentAt.lte(cutoff))
                .exec(&txn)
                .await?;
            let claimed = staff_digest::Entity::insert(staff_digest::ActiveModel {
                account_id: Set(account.id.clone()),
                sent_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await;
            match claimed.map_err(DomainError::from) {
                Ok(_) => {}
                // Another server sent it.
                Err(DomainError::Conflict(_)) => continue,
                Err(other) => return Err(other),
            }
            let locale = languages.get(&account.id).copied().unwrap_or(default);
            let count = || Arg::from(unread);
            let subject = t_args(locale, "digest-subject", &[("count", count())]);
            let body = [
                t(locale, "email-hello"),
                t_args(locale, "digest-what", &[("count", count())]),
                t(locale, "digest-turn-off"),
                t_args(
                    locale,
                    "email-signature",
                    &[("clinic", clinic.name.as_str().into())],
                ),
            ]
            .join("\n\n")
                + "\n";
            notify::enqueue_text(&txn, self.core.vault(), now, email, &subject, &body).await?;
            txn.commit().await?;
            queued += 1;
        }
        Ok(queued)
    }
}
