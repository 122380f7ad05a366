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

use crate::{
    DomainResult, clinic,
    entities::email_outbox,
    i18n::{self, Locale},
    phi,
    vault::Vault,
};

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
    /// Its messages' id in the language files (`notice-<key>-subject`, `-what`, `-next`).
    fn key(&self) -> &'static str {
        match self {
            Self::NewSignIn { .. } => "new-sign-in",
            Self::PasskeyAdded => "passkey-added",
            Self::PasskeyRemoved => "passkey-removed",
            Self::RecoveryCodeUsed => "recovery-code-used",
            Self::RecoveryCodesRegenerated => "recovery-codes-regenerated",
            Self::ReenrolledWithClinicCode => "reenrolled",
            Self::ClinicRecoveryIssued => "clinic-recovery",
            Self::GuardianAccessEndedAtMajority => "guardian-ended",
        }
    }

    fn subject(&self, locale: Locale) -> String {
        i18n::t(locale, &format!("notice-{}-subject", self.key()))
    }

    fn what_happened(&self, locale: Locale) -> String {
        let id = format!("notice-{}-what", self.key());
        match self {
            Self::NewSignIn { device } => {
                let device = crate::identity::stored_device_words(device).in_language(locale);
                i18n::t_args(locale, &id, &[("device", device.into())])
            }
            _ => i18n::t(locale, &id),
        }
    }

    /// What the reader should do, given how to reach the clinic.
    fn next_step(&self, locale: Locale, call: &str) -> String {
        let id = match self {
            Self::NewSignIn { .. }
            | Self::GuardianAccessEndedAtMajority
            | Self::ClinicRecoveryIssued => {
                format!("notice-{}-next", self.key())
            }
            _ => "notice-next".to_owned(),
        };
        i18n::t_args(locale, &id, &[("call", call.into())])
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

/// Queues a notice to `recipient` (stored sealed), written in `locale` (the account's language).
/// Call inside the transaction that makes the change.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    vault: &Vault,
    now: DateTime<Utc>,
    recipient: &str,
    locale: Locale,
    notice: Notice,
) -> DomainResult<()> {
    let clinic = clinic::clinic_profile(db).await?;
    let call = match &clinic.phone {
        Some(phone) => i18n::t_args(
            locale,
            "email-call-phone",
            &[
                ("clinic", clinic.name.as_str().into()),
                ("phone", phone.as_str().into()),
            ],
        ),
        None => i18n::t_args(
            locale,
            "email-contact",
            &[("clinic", clinic.name.as_str().into())],
        ),
    };
    let body = format!(
        "{}\n\n{}\n\n{}\n\n{}\n",
        i18n::t(locale, "email-hello"),
        i18n::t_args(
            locale,
            "email-when",
            &[
                ("date", email_date(locale, now).into()),
                ("what", notice.what_happened(locale).into()),
            ],
        ),
        notice.next_step(locale, &call),
        i18n::t_args(
            locale,
            "email-signature",
            &[("clinic", clinic.name.as_str().into())]
        ),
    );
    enqueue_text(db, vault, now, recipient, &notice.subject(locale), &body).await
}

/// "7 December 2026 at 14:05" ("7 diciembre 2026, 14:05"), UTC.
fn email_date(locale: Locale, at: DateTime<Utc>) -> String {
    let pattern = match locale {
        Locale::En => "%-d %B %Y at %H:%M",
        Locale::Es => "%-d %B %Y, %H:%M",
    };
    at.format_localized(pattern, i18n::calendar(locale))
        .to_string()
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
    fn key(self) -> &'static str {
        match self {
            Self::Message => "message",
            Self::RenewalAnswer => "renewal-answer",
        }
    }
}

/// Queues a notice of `news` to `recipient`, in `locale` (no PHI: the subject and body are fixed
/// words and the clinic's name). Call inside the transaction that makes the news.
pub async fn enqueue_news(
    db: &impl ConnectionTrait,
    vault: &Vault,
    now: DateTime<Utc>,
    recipient: &str,
    locale: Locale,
    news: News,
) -> DomainResult<()> {
    let clinic = clinic::clinic_profile(db).await?;
    let body = format!(
        "{}\n\n{}\n\n{}\n\n{}\n",
        i18n::t(locale, "email-hello"),
        i18n::t(locale, &format!("news-{}-what", news.key())),
        i18n::t(locale, "news-turn-off"),
        i18n::t_args(
            locale,
            "email-signature",
            &[("clinic", clinic.name.as_str().into())]
        ),
    );
    let subject = i18n::t(locale, &format!("news-{}-subject", news.key()));
    enqueue_text(db, vault, now, recipient, &subject, &body).await
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

#[cfg(test)]
mod tests {
    use super::*;

    const NOTICES: [Notice; 7] = [
        Notice::PasskeyAdded,
        Notice::PasskeyRemoved,
        Notice::RecoveryCodeUsed,
        Notice::RecoveryCodesRegenerated,
        Notice::ReenrolledWithClinicCode,
        Notice::ClinicRecoveryIssued,
        Notice::GuardianAccessEndedAtMajority,
    ];

    /// Every notice has its subject, its account of what happened and its next step in every
    /// language (a missing message would show its id, or fall back to English).
    #[test]
    fn every_notice_reads_in_every_language() {
        let mut notices = NOTICES.to_vec();
        notices.push(Notice::NewSignIn {
            device: "Chrome on Android".into(),
        });
        for notice in &notices {
            let mut texts = Vec::new();
            for locale in Locale::ALL {
                let subject = notice.subject(locale);
                let what = notice.what_happened(locale);
                let next = notice.next_step(locale, "CALL");
                for text in [&subject, &what, &next] {
                    assert!(
                        !text.starts_with("notice-"),
                        "{notice:?} in {locale}: {text}"
                    );
                }
                assert!(next.contains("CALL"), "{notice:?} in {locale}: {next}");
                texts.push(subject);
            }
            assert_ne!(texts[0], texts[1], "{notice:?} is not translated");
        }
        for news in [News::Message, News::RenewalAnswer] {
            let english = i18n::t(Locale::En, &format!("news-{}-subject", news.key()));
            let spanish = i18n::t(Locale::Es, &format!("news-{}-subject", news.key()));
            assert!(!english.starts_with("news-") && !spanish.starts_with("news-"));
            assert_ne!(english, spanish);
        }
        assert_eq!(
            email_date(
                Locale::Es,
                DateTime::parse_from_rfc3339("2026-12-07T14:05:00Z")
                    .unwrap()
                    .to_utc()
            ),
            "7 diciembre 2026, 14:05"
        );
    }
}
