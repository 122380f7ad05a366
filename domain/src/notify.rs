//! E-mail notifications about account security, queued in the `email_outbox` table in the same
//! transaction as the change they report, and delivered later by the server's mail worker (SMTP,
//! or a directory of `.eml` files in development). Messages never carry PHI, codes or links with
//! tokens: only what happened, when, and whom to call. The recipient's address is PHI and is
//! stored sealed (`crate::phi`); subject and body are not, so they must stay free of it.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::{DomainResult, clinic, entities::email_outbox, phi, vault::Vault};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A sign-in from a browser the account had not used before ("Chrome on Android").
    NewSignIn {
        device: String,
    },
    PasskeyAdded,
    PasskeyRemoved,
    RecoveryCodeUsed,
    RecoveryCodesRegenerated,
    ReenrolledWithClinicCode,
    /// The clinic issued a code that can add a passkey to the account (account recovery).
    ClinicRecoveryIssued,
    /// To a patient without an account who has come of age: guardian access ended.
    GuardianAccessEndedAtMajority,
}

impl Notice {
    fn subject(&self) -> &'static str {
        match self {
            Self::NewSignIn { .. } => "A new sign-in to your Portico account",
            Self::PasskeyAdded => "A passkey was added to your Portico account",
            Self::PasskeyRemoved => "A passkey was removed from your Portico account",
            Self::RecoveryCodeUsed => "A recovery code was used on your Portico account",
            Self::RecoveryCodesRegenerated => "New recovery codes for your Portico account",
            Self::ReenrolledWithClinicCode => "Your Portico account has a new passkey",
            Self::ClinicRecoveryIssued => {
                "The clinic issued a code to recover your Portico account"
            }
            Self::GuardianAccessEndedAtMajority => "Your health record in Portico is now yours",
        }
    }

    fn what_happened(&self) -> String {
        let fixed = match self {
            Self::NewSignIn { device } => {
                return format!(
                    "someone signed in to your account from a device or browser it had not used before ({device})"
                );
            }
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
            Self::ClinicRecoveryIssued => {
                "the clinic issued a one-time code that can set up a new passkey on your account, for when every passkey and recovery code is lost; using it signs out every other session"
            }
            Self::GuardianAccessEndedAtMajority => {
                "the access your parent or guardian had to your health record in Portico ended, because you have come of age"
            }
        };
        fixed.to_owned()
    }

    /// What the reader should do, given how to reach the clinic.
    fn next_step(&self, call: &str) -> String {
        match self {
            Self::NewSignIn { .. } => format!(
                "If this was you, there is nothing to do. If it was not, sign in, end that session and remove any passkey you do not know on your Security page, and {call}."
            ),
            Self::GuardianAccessEndedAtMajority => {
                format!("To use Portico yourself, {call} and ask for your activation code.")
            }
            Self::ClinicRecoveryIssued => format!(
                "If you asked the clinic for this, there is nothing to do. If you did not, {call} right away, or sign in to Portico and cancel it on your Security page."
            ),
            _ => format!(
                "If this was you, there is nothing to do. If it was not, {call} right away."
            ),
        }
    }
}

/// A queued message, its recipient opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
}

fn open_message(vault: &Vault, row: email_outbox::Model) -> DomainResult<OutboxMessage> {
    Ok(OutboxMessage {
        recipient: phi::open_recipient(vault, &row)?,
        id: row.id,
        subject: row.subject,
        body: row.body,
        created_at: row.created_at,
        sent_at: row.sent_at,
        attempts: row.attempts,
        next_attempt_at: row.next_attempt_at,
        last_error: row.last_error,
    })
}

/// Queues a notice to `recipient` (stored sealed). Call inside the transaction that makes the
/// change.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    vault: &Vault,
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
    enqueue_text(db, vault, now, recipient, notice.subject(), &body).await
}

/// E-mails a person may turn off (on the Security page); security notices ([`Notice`]) always go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Optional {
    /// "Your visit at … on …", before each booked visit.
    VisitReminders,
    /// "You have a new message in Portico" (no sender, subject or text), when the clinic answers.
    ClinicNews,
    /// Staff: at most daily, how many conversations of their pools wait unread.
    StaffDigest,
}

impl Optional {
    pub const ALL: [Optional; 3] = [Self::VisitReminders, Self::ClinicNews, Self::StaffDigest];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::VisitReminders => "visit_reminders",
            Self::ClinicNews => "clinic_news",
            Self::StaffDigest => "staff_digest",
        }
    }

    /// Whether a person of `role` is offered this choice (the digest is for staff who work an
    /// inbox; the rest for everyone, as before).
    pub fn offered_to(self, role: crate::identity::Role) -> bool {
        use crate::identity::Role;
        match self {
            Self::StaffDigest => matches!(role, Role::Clinician | Role::FrontDesk | Role::Billing),
            _ => true,
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::VisitReminders => "Visit reminders by e-mail",
            Self::ClinicNews => "An e-mail when the clinic answers a message or a request",
            Self::StaffDigest => "A daily e-mail when conversations wait unread in my inbox",
        }
    }
}

/// News from the clinic the patient's side is told of by e-mail ([`Optional::ClinicNews`]),
/// saying only that there is news: never who wrote, about what, or any text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum News {
    /// A new message in a conversation.
    Message,
    /// An answer to a prescription renewal request.
    RenewalAnswer,
}

impl News {
    fn subject(self) -> &'static str {
        match self {
            Self::Message => "You have a new message in Portico",
            Self::RenewalAnswer => "There is an answer to your request in Portico",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Self::Message => "You have a new message in Portico.",
            Self::RenewalAnswer => "The clinic answered a request made in Portico.",
        }
    }
}

/// Queues a notice of `news` to `recipient` (no PHI: the subject and body are fixed words and
/// the clinic's name). Call inside the transaction that makes the news.
pub async fn enqueue_news(
    db: &impl ConnectionTrait,
    vault: &Vault,
    now: DateTime<Utc>,
    recipient: &str,
    news: News,
) -> DomainResult<()> {
    let clinic = clinic::clinic_profile(db).await?;
    let body = format!(
        "Hello,\n\n{} To read it, sign in to Portico.\n\nYou can turn these e-mails off on your Security page.\n\n— Portico, the patient portal of {}\n",
        news.what(),
        clinic.name,
    );
    enqueue_text(db, vault, now, recipient, news.subject(), &body).await
}

/// Queues a message whose subject and body the caller wrote (free of PHI: only the recipient is
/// sealed). Call inside the transaction that makes the change.
pub(crate) async fn enqueue_text(
    db: &impl ConnectionTrait,
    vault: &Vault,
    now: DateTime<Utc>,
    recipient: &str,
    subject: &str,
    body: &str,
) -> DomainResult<()> {
    let id = uuid::Uuid::new_v4().to_string();
    email_outbox::ActiveModel {
        recipient: Set(phi::seal_recipient(vault, &id, recipient)?),
        id: Set(id),
        subject: Set(subject.to_owned()),
        body: Set(body.to_owned()),
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

/// How long a message taken for delivery stays away from other senders. One that was taken by an
/// instance that then stopped goes out again after this (at least once, never twice at once).
const CLAIM: Duration = Duration::minutes(10);

/// Messages due for delivery, oldest first, each claimed for this sender: another instance
/// reading the queue at the same moment gets none of them (a conditional update per message,
/// applied by one writer only on SQLite and PostgreSQL alike). A message whose recipient does not
/// open (a value moved from another row, or a database restored under other keys) is not
/// returned: it is recorded as a failed attempt, so it waits like any other failure instead of
/// blocking the queue.
pub async fn due(
    db: &impl ConnectionTrait,
    vault: &Vault,
    now: DateTime<Utc>,
    limit: u64,
) -> DomainResult<Vec<OutboxMessage>> {
    let rows = email_outbox::Entity::find()
        .filter(email_outbox::Column::SentAt.is_null())
        .filter(email_outbox::Column::NextAttemptAt.lte(now))
        .filter(email_outbox::Column::Attempts.lt(MAX_ATTEMPTS))
        .order_by_asc(email_outbox::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?;
    let mut due = Vec::with_capacity(rows.len());
    for row in rows {
        let claimed = email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::NextAttemptAt, (now + CLAIM).into())
            .filter(email_outbox::Column::Id.eq(&row.id))
            .filter(email_outbox::Column::SentAt.is_null())
            .filter(email_outbox::Column::NextAttemptAt.lte(now))
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let (id, attempts) = (row.id.clone(), row.attempts);
        match open_message(vault, row) {
            Ok(message) => due.push(message),
            Err(_) => {
                tracing::error!(message_id = %id, "queued e-mail: the recipient does not open");
                record_failure(db, &id, attempts, now, "the recipient does not open").await?;
            }
        }
    }
    Ok(due)
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

/// Records a failed delivery and schedules the next try (1, 2, 4 … minutes). `error` is stored:
/// the caller keeps the recipient's address out of it.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    message: &OutboxMessage,
    now: DateTime<Utc>,
    error: &str,
) -> DomainResult<()> {
    record_failure(db, &message.id, message.attempts, now, error).await
}

async fn record_failure(
    db: &impl ConnectionTrait,
    id: &str,
    attempts_before: i32,
    now: DateTime<Utc>,
    error: &str,
) -> DomainResult<()> {
    let attempts = attempts_before + 1;
    let backoff = Duration::minutes(1i64 << attempts.clamp(0, 10));
    email_outbox::Entity::update_many()
        .col_expr(email_outbox::Column::Attempts, attempts.into())
        .col_expr(email_outbox::Column::NextAttemptAt, (now + backoff).into())
        .col_expr(
            email_outbox::Column::LastError,
            Some(error.chars().take(500).collect::<String>()).into(),
        )
        .filter(email_outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Everything queued for `recipient`, oldest first (the development outbox and tests read it).
/// Recipients are sealed, so this opens every queued message: not for production paths.
pub async fn messages_to(
    db: &impl ConnectionTrait,
    vault: &Vault,
    recipient: &str,
) -> DomainResult<Vec<OutboxMessage>> {
    let rows = email_outbox::Entity::find()
        .order_by_asc(email_outbox::Column::CreatedAt)
        .all(db)
        .await?;
    let mut found = Vec::new();
    for row in rows {
        let message = open_message(vault, row)?;
        if message.recipient == recipient {
            found.push(message);
        }
    }
    Ok(found)
}
