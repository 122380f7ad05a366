//! E-mail notifications about account security, queued in the `email_outbox` table in the same
//! transaction as the change they report, and delivered later by the server's mail worker (SMTP,
//! or a directory of `.eml` files in development). Messages never carry PHI, codes or links with
//! tokens: only what happened, when, and whom to call.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::{DomainResult, clinic, entities::email_outbox};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    PasskeyAdded,
    PasskeyRemoved,
    RecoveryCodeUsed,
    RecoveryCodesRegenerated,
    ReenrolledWithClinicCode,
    /// To a patient without an account who has come of age: guardian access ended.
    GuardianAccessEndedAtMajority,
}

impl Notice {
    fn subject(self) -> &'static str {
        match self {
            Self::PasskeyAdded => "A passkey was added to your Portico account",
            Self::PasskeyRemoved => "A passkey was removed from your Portico account",
            Self::RecoveryCodeUsed => "A recovery code was used on your Portico account",
            Self::RecoveryCodesRegenerated => "New recovery codes for your Portico account",
            Self::ReenrolledWithClinicCode => "Your Portico account has a new passkey",
            Self::GuardianAccessEndedAtMajority => "Your health record in Portico is now yours",
        }
    }

    fn what_happened(self) -> &'static str {
        match self {
            Self::PasskeyAdded => "a new passkey was added to your account",
            Self::PasskeyRemoved => "a passkey was removed from your account",
            Self::RecoveryCodeUsed => {
                "a recovery code was used to register a new passkey, and every other session was signed out"
            }
            Self::RecoveryCodesRegenerated => {
                "new recovery codes were created for your account; the old ones no longer work"
            }
            Self::ReenrolledWithClinicCode => {
                "a new passkey was registered with an activation code from the clinic, and every other session was signed out"
            }
            Self::GuardianAccessEndedAtMajority => {
                "the access your parent or guardian had to your health record in Portico ended, because you have come of age"
            }
        }
    }

    /// What the reader should do, given how to reach the clinic.
    fn next_step(self, call: &str) -> String {
        match self {
            Self::GuardianAccessEndedAtMajority => {
                format!("To use Portico yourself, {call} and ask for your activation code.")
            }
            _ => format!(
                "If this was you, there is nothing to do. If it was not, {call} right away."
            ),
        }
    }
}

/// Queues a notice to `recipient`. Call inside the transaction that makes the change.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    recipient: &str,
    notice: Notice,
) -> DomainResult<()> {
    let clinic = clinic::clinic_profile(db).await?;
    let call = match &clinic.phone {
        Some(phone) => format!("call {} at {phone}", clinic.name),
        None => format!("contact {}", clinic.name),
    };
    let body = format!(
        "Hello,\n\nOn {} UTC, {}.\n\n{}\n\n— Portico, the patient portal of {}\n",
        now.format("%-d %B %Y at %H:%M"),
        notice.what_happened(),
        notice.next_step(&call),
        clinic.name,
    );
    email_outbox::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        recipient: Set(recipient.to_owned()),
        subject: Set(notice.subject().to_owned()),
        body: Set(body),
        created_at: Set(now),
        sent_at: Set(None),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Messages due for delivery, oldest first.
pub async fn due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> DomainResult<Vec<email_outbox::Model>> {
    Ok(email_outbox::Entity::find()
        .filter(email_outbox::Column::SentAt.is_null())
        .filter(email_outbox::Column::NextAttemptAt.lte(now))
        .filter(email_outbox::Column::Attempts.lt(MAX_ATTEMPTS))
        .order_by_asc(email_outbox::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?)
}

const MAX_ATTEMPTS: i32 = 10;

pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: &str,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    email_outbox::Entity::update_many()
        .col_expr(email_outbox::Column::SentAt, now.into())
        .filter(email_outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed delivery and schedules the next try (1, 2, 4 … minutes).
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    message: &email_outbox::Model,
    now: DateTime<Utc>,
    error: &str,
) -> DomainResult<()> {
    let attempts = message.attempts + 1;
    let backoff = Duration::minutes(1i64 << attempts.clamp(0, 10));
    email_outbox::Entity::update_many()
        .col_expr(email_outbox::Column::Attempts, attempts.into())
        .col_expr(email_outbox::Column::NextAttemptAt, (now + backoff).into())
        .col_expr(
            email_outbox::Column::LastError,
            Some(error.chars().take(500).collect::<String>()).into(),
        )
        .filter(email_outbox::Column::Id.eq(&message.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Everything queued for `recipient`, oldest first (the development outbox and tests read it).
pub async fn messages_to(
    db: &impl ConnectionTrait,
    recipient: &str,
) -> DomainResult<Vec<email_outbox::Model>> {
    Ok(email_outbox::Entity::find()
        .filter(email_outbox::Column::Recipient.eq(recipient))
        .order_by_asc(email_outbox::Column::CreatedAt)
        .all(db)
        .await?)
}
