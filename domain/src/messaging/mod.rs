//! Secure messaging with the care team: a patient (or someone acting for them with the
//! `messages` scope) starts a conversation on a topic, which routes it to a pool of clinic staff
//! (a medical question to the clinicians, an appointment to the front desk, billing to the
//! billing office, a prescription to the renewals pool). Both sides reply; staff assign, set the
//! status and leave internal notes the patient's side never sees. Subjects and bodies are PHI:
//! sealed, and every read is audited.
//!
//! Who sees what: the patient's side sees its own conversations (a guardian of an adolescent
//! never sees one on a confidential topic); staff see the conversations of the pools their role
//! works, of any patient, through the policy's answer for that patient.

pub mod attachments;
mod digest;
mod settings;
mod views;

pub use attachments::{AttachmentLimits, FileKind, MAX_FILES, Upload};
pub use digest::DIGEST_EVERY_HOURS;
pub use settings::{MessageSettings, message_settings};
pub use views::{AttachmentLine, ConversationLine, InboxFilter, LISTED, MessageView, Thread};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::{Expr, OnConflict},
};

use crate::{
    DomainError, DomainResult,
    access::{Access, Authorized, Basis, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    core::Core,
    db::begin_write,
    entities::{conversation, conversation_message, conversation_read, message_attachment},
    i18n::Said,
    identity::Role,
    notify::{self, News},
    said,
    vault::Field,
};

const SUBJECT: Field = Field::new("conversation", "subject");
const BODY: Field = Field::new("conversation_message", "body");
const FILE_NAME: Field = Field::new("message_attachment", "name");
const FILE_DATA: Field = Field::new("message_attachment", "data");

/// The patient's side hears of new messages in a conversation at most once in this many minutes.
pub const NOTICE_EVERY_MINUTES: i64 = 60;
const MAX_SUBJECT: usize = 120;
const MAX_BODY: usize = 5000;

/// What a conversation is about; each topic goes to one pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Medical,
    /// A confidential health question (sexual or reproductive health, mental health, substance
    /// use): to the clinicians, never shown to a guardian of an adolescent.
    Private,
    Appointment,
    Billing,
    Prescription,
}

impl Topic {
    pub const ALL: [Topic; 5] = [
        Topic::Medical,
        Topic::Private,
        Topic::Appointment,
        Topic::Billing,
        Topic::Prescription,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Medical => "medical",
            Topic::Private => "private",
            Topic::Appointment => "appointment",
            Topic::Billing => "billing",
            Topic::Prescription => "prescription",
        }
    }

    pub fn parse(code: &str) -> DomainResult<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == code)
            .ok_or_else(|| DomainError::validation("topic", said!("msg-topic-choose")))
    }

    pub fn label(self) -> &'static str {
        match self {
            Topic::Medical => "A medical question",
            Topic::Private => "A private health question",
            Topic::Appointment => "An appointment",
            Topic::Billing => "A bill or insurance",
            Topic::Prescription => "A prescription",
        }
    }

    /// The pool the topic goes to unless the clinic routes it elsewhere ([`MessageSettings`]).
    pub fn pool(self) -> Pool {
        match self {
            Topic::Medical | Topic::Private => Pool::Clinicians,
            Topic::Appointment => Pool::FrontDesk,
            Topic::Billing => Pool::Billing,
            Topic::Prescription => Pool::Renewals,
        }
    }

    pub fn confidential(self) -> bool {
        self == Topic::Private
    }
}

/// A group of staff who pick up conversations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pool {
    Clinicians,
    FrontDesk,
    Billing,
    Renewals,
}

impl Pool {
    pub const ALL: [Pool; 4] = [
        Pool::Clinicians,
        Pool::FrontDesk,
        Pool::Billing,
        Pool::Renewals,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Pool::Clinicians => "clinicians",
            Pool::FrontDesk => "front-desk",
            Pool::Billing => "billing",
            Pool::Renewals => "renewals",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Pool::Clinicians => "Care team",
            Pool::FrontDesk => "Front desk",
            Pool::Billing => "Billing office",
            Pool::Renewals => "Prescription renewals",
        }
    }

    /// Whether staff of `role` work this pool.
    pub fn worked_by(self, role: Role) -> bool {
        match self {
            Pool::Clinicians | Pool::Renewals => role == Role::Clinician,
            Pool::FrontDesk => role == Role::FrontDesk,
            Pool::Billing => role == Role::Billing,
        }
    }

    /// The pools staff of `role` work.
    pub fn of_role(role: Role) -> Vec<Pool> {
        Self::ALL
            .into_iter()
            .filter(|p| p.worked_by(role))
            .collect()
    }

    /// The stored codes of the pools staff of `role` work, for a query.
    pub(crate) fn codes_of(role: Role) -> Vec<&'static str> {
        Self::of_role(role).into_iter().map(Pool::as_str).collect()
    }
}

/// A conversation's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Open,
    /// Waiting on the patient.
    Waiting,
    Closed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Open, Status::Waiting, Status::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Waiting => "waiting",
            Status::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> DomainResult<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == code)
            .ok_or_else(|| DomainError::validation("status", said!("msg-status-choose")))
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open",
            Status::Waiting => "Waiting on the patient",
            Status::Closed => "Closed",
        }
    }
}

/// A message's text: written text ([`crate::text::written`]) that is not empty.
fn text(field: &'static str, value: &str, max: usize) -> DomainResult<String> {
    crate::text::written(field, value, max)?
        .ok_or_else(|| DomainError::validation(field, said!("msg-write-something")))
}

/// A message to store, by whom.
struct NewMessage<'a> {
    author: &'a str,
    from_clinic: bool,
    internal: bool,
    body: &'a str,
    files: Vec<attachments::CleanFile>,
}

/// The messaging service. Cheap to clone.
#[derive(Clone)]
pub struct Messaging {
    core: Core,
    access: Access,
}

impl Messaging {
    /// Built on access: every call takes the policy's answer that [`Access`] gave.
    pub fn new(access: &Access) -> Self {
        Self {
            core: access.identity().core().clone(),
            access: access.clone(),
        }
    }

    fn db(&self) -> &DatabaseConnection {
        self.core.db()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.core.now()
    }

    /// The staff role behind an answer, if it is staff's.
    fn staff_role(permit: &Authorized<PatientScope>) -> Option<Role> {
        match permit.basis() {
            Basis::Staff(role) => Some(*role),
            _ => None,
        }
    }

    /// The conversation if this reader may see it: the patient's own (not a confidential one
    /// for a reader from whom confidential categories are hidden), or, for staff, one of a pool
    /// their role works. Anything else is "not found".
    async fn visible(
        &self,
        db: &impl ConnectionTrait,
        permit: &Authorized<PatientScope>,
        conversation_id: &str,
    ) -> DomainResult<conversation::Model> {
        let row = conversation::Entity::find_by_id(conversation_id.to_owned())
            .one(db)
            .await?
            .filter(|c| c.patient_id == permit.patient_id())
            .ok_or(DomainError::NotFound)?;
        let allowed = match Self::staff_role(permit) {
            Some(role) => Pool::parse(&row.pool).is_some_and(|p| p.worked_by(role)),
            None => !row.confidential || permit.hidden_categories().is_empty(),
        };
        if allowed {
            Ok(row)
        } else {
            Err(DomainError::NotFound)
        }
    }

    async fn add_message(
        &self,
        txn: &impl ConnectionTrait,
        conversation_id: &str,
        message: NewMessage<'_>,
        at: DateTime<Utc>,
    ) -> DomainResult<String> {
        let id = uuid::Uuid::new_v4().to_string();
        conversation_message::Entity::insert(conversation_message::ActiveModel {
            id: Set(id.clone()),
            conversation_id: Set(conversation_id.to_owned()),
            author_id: Set(Some(message.author.to_owned())),
            from_clinic: Set(message.from_clinic),
            internal: Set(message.internal),
            body: Set(self.core.vault().seal(BODY, &id, message.body)?),
            created_at: Set(at),
        })
        .exec_without_returning(txn)
        .await?;
        let vault = self.core.vault();
        // Each file a microsecond after the one before: they list in the order they were sent.
        for (n, file) in message.files.into_iter().enumerate() {
            use base64::Engine;
            let file_id = uuid::Uuid::new_v4().to_string();
            let data = base64::engine::general_purpose::STANDARD.encode(&file.bytes);
            message_attachment::Entity::insert(message_attachment::ActiveModel {
                name: Set(vault.seal(FILE_NAME, &file_id, &file.name)?),
                data: Set(vault.seal(FILE_DATA, &file_id, &data)?),
                id: Set(file_id),
                conversation_id: Set(conversation_id.to_owned()),
                message_id: Set(id.clone()),
                content_type: Set(file.kind.content_type().to_owned()),
                size: Set(file.bytes.len() as i64),
                created_at: Set(at + Duration::microseconds(n as i64)),
            })
            .exec_without_returning(txn)
            .await?;
        }
        Ok(id)
    }

    /// Marks the conversation read by the reader up to `at`.
    async fn mark_read(
        &self,
        db: &impl ConnectionTrait,
        conversation_id: &str,
        account_id: &str,
        clinic_side: bool,
        at: DateTime<Utc>,
    ) -> DomainResult<()> {
        conversation_read::Entity::insert(conversation_read::ActiveModel {
            conversation_id: Set(conversation_id.to_owned()),
            account_id: Set(account_id.to_owned()),
            clinic_side: Set(clinic_side),
            read_at: Set(at),
        })
        .on_conflict(
            OnConflict::columns([
                conversation_read::Column::ConversationId,
                conversation_read::Column::AccountId,
            ])
            .update_column(conversation_read::Column::ReadAt)
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        Ok(())
    }

    /// Starts a conversation from the patient's side: routed to the topic's pool, its first
    /// message from the writer. Returns its id.
    pub async fn start(
        &self,
        permit: &Authorized<PatientScope>,
        topic: Topic,
        subject: &str,
        body: &str,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        permit.require(Scope::Messages, Mode::Write)?;
        if Self::staff_role(permit).is_some() {
            return Err(DomainError::validation(
                "topic",
                said!("msg-staff-cannot-start"),
            ));
        }
        let subject = text("subject", subject, MAX_SUBJECT)?;
        let body = text("body", body, MAX_BODY)?;
        let pool = message_settings(self.db())
            .await?
            .pool_for(topic)
            .ok_or_else(|| DomainError::validation("topic", said!("msg-topic-off")))?;
        let actor = permit.actor()?.id.clone();
        let now = self.now();
        let id = uuid::Uuid::new_v4().to_string();
        let txn = begin_write(self.db()).await?;
        conversation::Entity::insert(conversation::ActiveModel {
            id: Set(id.clone()),
            patient_id: Set(permit.patient_id().to_owned()),
            topic: Set(topic.as_str().to_owned()),
            pool: Set(pool.as_str().to_owned()),
            confidential: Set(topic.confidential()),
            subject: Set(self.core.vault().seal(SUBJECT, &id, &subject)?),
            status: Set(Status::Open.as_str().to_owned()),
            assigned_to: Set(None),
            started_by: Set(Some(actor.clone())),
            created_at: Set(now),
            last_message_at: Set(now),
            last_patient_message_at: Set(Some(now)),
            notified_at: Set(None),
        })
        .exec_without_returning(&txn)
        .await?;
        let first = NewMessage {
            author: &actor,
            from_clinic: false,
            internal: false,
            body: &body,
            files: Vec::new(),
        };
        self.add_message(&txn, &id, first, now).await?;
        self.mark_read(&txn, &id, &actor, false, now).await?;
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("message.start")
                .resource("Conversation", id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Replies in a conversation: from the patient's side while it is not closed and within
    /// the clinic's reply window (45 days unless set) of its last message; from staff of its pool at any time (an
    /// `internal` note only from staff, and never shown to the patient's side).
    pub async fn reply(
        &self,
        permit: &Authorized<PatientScope>,
        conversation_id: &str,
        body: &str,
        internal: bool,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        self.reply_with(permit, conversation_id, body, internal, Vec::new(), meta)
            .await
    }

    /// Sends files in a conversation (PDF, JPEG, PNG; see [`attachments`]), with a caption (or
    /// "Sent N files"), as a reply from whoever sends them. Every file is checked and images are
    /// encoded again before anything is stored; a refusal stores nothing.
    pub async fn send_files(
        &self,
        permit: &Authorized<PatientScope>,
        conversation_id: &str,
        caption: &str,
        uploads: Vec<Upload>,
        limits: AttachmentLimits,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        permit.require(Scope::Messages, Mode::Write)?;
        if uploads.is_empty() {
            return Err(DomainError::validation("files", said!("msg-files-none")));
        }
        // Who may write here is known before the files are decoded.
        let row = self.visible(self.db(), permit, conversation_id).await?;
        if Self::staff_role(permit).is_none()
            && let Some(why) = self.patient_reply_refusal(&row, &message_settings(self.db()).await?)
        {
            return Err(DomainError::validation("files", why));
        }
        let files = tokio::task::spawn_blocking(move || attachments::check_all(uploads, limits))
            .await
            .map_err(|e| DomainError::Internal(format!("checking files: {e}")))??;
        // No caption: Portico writes one for the sender, in their language (it stands for their
        // words, and is stored as the message).
        let caption = match caption.trim() {
            "" => said!("msg-sent-files", count = files.len())
                .in_language(self.sender_language(permit).await?),
            text => text.to_owned(),
        };
        self.reply_with(permit, conversation_id, &caption, false, files, meta)
            .await
    }

    async fn reply_with(
        &self,
        permit: &Authorized<PatientScope>,
        conversation_id: &str,
        body: &str,
        internal: bool,
        files: Vec<attachments::CleanFile>,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        permit.require(Scope::Messages, Mode::Write)?;
        let body = text("body", body, MAX_BODY)?;
        let actor = permit.actor()?.id.clone();
        let clinic = Self::staff_role(permit).is_some();
        if internal && !clinic {
            return Err(DomainError::Forbidden);
        }
        let now = self.now();
        // Who hears of a clinic's answer, looked up before the transaction (which must not wait
        // for a second connection).
        let recipients = if clinic && !internal {
            let row = self.visible(self.db(), permit, conversation_id).await?;
            self.access
                .news_recipients(&row.patient_id, Scope::Messages, row.confidential)
                .await?
        } else {
            Vec::new()
        };
        let settings = message_settings(self.db()).await?;
        let txn = begin_write(self.db()).await?;
        let row = self.visible(&txn, permit, conversation_id).await?;
        if !clinic && let Some(why) = self.patient_reply_refusal(&row, &settings) {
            return Err(DomainError::validation("body", why));
        }
        let message = NewMessage {
            author: &actor,
            from_clinic: clinic,
            internal,
            body: &body,
            files,
        };
        let id = self.add_message(&txn, &row.id, message, now).await?;
        if !internal {
            let mut update = conversation::Entity::update_many()
                .col_expr(conversation::Column::LastMessageAt, Expr::value(now))
                .filter(conversation::Column::Id.eq(row.id.clone()));
            if clinic {
                // An answer waits on the patient; a patient's reply reopens it.
                update = update.col_expr(
                    conversation::Column::Status,
                    Expr::value(Status::Waiting.as_str()),
                );
            } else {
                update = update
                    .col_expr(
                        conversation::Column::LastPatientMessageAt,
                        Expr::value(Some(now)),
                    )
                    .col_expr(
                        conversation::Column::Status,
                        Expr::value(Status::Open.as_str()),
                    );
            }
            update.exec(&txn).await?;
        }
        if !recipients.is_empty() {
            self.notify_patient_side(&txn, &row.id, &recipients, now)
                .await?;
        }
        self.mark_read(&txn, &row.id, &actor, clinic, now).await?;
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit(if internal {
                    "message.note"
                } else {
                    "message.reply"
                })
                .resource("Conversation", row.id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Tells the patient's side there is a new message, at most once per [`NOTICE_EVERY_MINUTES`]
    /// per conversation: the guarded update claims the notice, so two answers in a row (or two
    /// servers) send one.
    async fn notify_patient_side(
        &self,
        txn: &impl ConnectionTrait,
        conversation_id: &str,
        recipients: &[(String, crate::i18n::Locale)],
        now: DateTime<Utc>,
    ) -> DomainResult<()> {
        use sea_orm::Condition;
        let claimed = conversation::Entity::update_many()
            .col_expr(conversation::Column::NotifiedAt, Expr::value(Some(now)))
            .filter(conversation::Column::Id.eq(conversation_id))
            .filter(
                Condition::any()
                    .add(conversation::Column::NotifiedAt.is_null())
                    .add(
                        conversation::Column::NotifiedAt
                            .lte(now - Duration::minutes(NOTICE_EVERY_MINUTES)),
                    ),
            )
            .exec(txn)
            .await?;
        if claimed.rows_affected == 1 {
            for (email, locale) in recipients {
                notify::enqueue_news(txn, self.core.vault(), now, email, *locale, News::Message)
                    .await?;
            }
        }
        Ok(())
    }

    /// The language the writer chose for their account, else the clinic's.
    async fn sender_language(
        &self,
        permit: &Authorized<PatientScope>,
    ) -> DomainResult<crate::i18n::Locale> {
        let identity = self.access.identity();
        Ok(identity
            .language(&permit.actor()?.id)
            .await?
            .unwrap_or(identity.settings().default_locale))
    }

    /// Why the patient's side may not reply any more (none: they may).
    pub(super) fn patient_reply_refusal(
        &self,
        row: &conversation::Model,
        settings: &MessageSettings,
    ) -> Option<Said> {
        if row.status == Status::Closed.as_str() {
            return Some(said!("msg-closed"));
        }
        let days = settings.reply_window_days;
        if self.now() - row.last_message_at > Duration::days(days) {
            return Some(said!("msg-replies-closed", days = days));
        }
        None
    }

    /// Staff set a conversation's status or who works it (`assign_to`: a staff account of the
    /// pool, or none to leave it unassigned).
    pub async fn update(
        &self,
        permit: &Authorized<PatientScope>,
        conversation_id: &str,
        status: Status,
        assign_to: Option<&str>,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        permit.require(Scope::Messages, Mode::Write)?;
        if Self::staff_role(permit).is_none() {
            return Err(DomainError::Forbidden);
        }
        // Looked up before the transaction (which must not wait for a second connection).
        let assignee = match assign_to {
            Some(account_id) => self
                .access
                .identity()
                .accounts_by_id(&[account_id.to_owned()])
                .await?
                .remove(account_id),
            None => None,
        };
        let txn = begin_write(self.db()).await?;
        let row = self.visible(&txn, permit, conversation_id).await?;
        if assign_to.is_some() {
            let pool = Pool::parse(&row.pool).ok_or(DomainError::NotFound)?;
            let works = assignee.as_ref().is_some_and(|a| pool.worked_by(a.role));
            if !works {
                return Err(DomainError::validation(
                    "assign_to",
                    said!("msg-assign-pool"),
                ));
            }
        }
        conversation::Entity::update_many()
            .col_expr(conversation::Column::Status, Expr::value(status.as_str()))
            .col_expr(
                conversation::Column::AssignedTo,
                Expr::value(assign_to.map(str::to_owned)),
            )
            .filter(conversation::Column::Id.eq(row.id.clone()))
            .exec(&txn)
            .await?;
        audit::append(
            &txn,
            self.now(),
            meta,
            permit
                .audit("message.update")
                .resource("Conversation", row.id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}
