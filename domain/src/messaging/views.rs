//! Reading conversations: the patient's list, one thread (which marks it read), the staff
//! inbox of the pools a role works, and the conversations as FHIR `Communication`s for export.
//! Each opens only the subjects and bodies it shows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use serde_json::{Value, json};

use super::{BODY, FILE_DATA, FILE_NAME, FileKind, Messaging, Pool, SUBJECT, Status, Topic};
use crate::{
    DomainError, DomainResult,
    access::{Authorized, ClinicScope, ClinicTask, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    entities::{conversation, conversation_message, conversation_read, message_attachment},
    phi,
};

/// At most this many conversations are listed, the latest first.
pub const LISTED: u64 = 50;

/// A conversation as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversationLine {
    pub id: String,
    pub patient_id: String,
    /// In the staff inbox.
    pub patient_name: Option<String>,
    pub topic: Topic,
    pub pool: Pool,
    pub subject: String,
    pub status: Status,
    pub last_message_at: DateTime<Utc>,
    /// Something new since this reader last read it.
    pub unread: bool,
    /// Someone at the clinic has read the patient's side's latest message.
    pub read_by_clinic: bool,
    pub assigned_to: Option<String>,
}

/// A file sent with a message, as a thread lists it (its bytes are fetched apart).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentLine {
    pub id: String,
    pub name: String,
    pub kind: FileKind,
    pub size: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MessageView {
    pub id: String,
    pub attachments: Vec<AttachmentLine>,
    pub from_clinic: bool,
    /// "Dr Jordan Lee (clinician)", "Ana Ortiz (caregiver)", "You".
    pub author: crate::i18n::Said,
    pub body: String,
    pub at: DateTime<Utc>,
    pub internal: bool,
}

/// One conversation with its messages, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Thread {
    pub line: ConversationLine,
    pub messages: Vec<MessageView>,
    /// Why this reader may not reply (none: they may), said in the reader's language.
    pub reply_refusal: Option<crate::i18n::Said>,
    /// The reader is clinic staff (may add internal notes, assign, close).
    pub clinic: bool,
}

/// Which conversations the staff inbox lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InboxFilter {
    /// None: open and waiting ones.
    pub status: Option<Status>,
    /// Only those assigned to the reader.
    pub mine: bool,
    /// Only those whose last message is at least this many days old.
    pub older_than_days: Option<i64>,
}

impl Messaging {
    /// The patient's conversations this reader may see: staff those of their pools, the
    /// patient's side all but confidential ones when confidential categories are hidden from
    /// the reader (`Messaging::visible` asks the same of one conversation).
    fn readable(permit: &Authorized<PatientScope>) -> Select<conversation::Entity> {
        let query = conversation::Entity::find()
            .filter(conversation::Column::PatientId.eq(permit.patient_id()));
        match Self::staff_role(permit) {
            Some(role) => query.filter(conversation::Column::Pool.is_in(Pool::codes_of(role))),
            None if !permit.hidden_categories().is_empty() => {
                query.filter(conversation::Column::Confidential.eq(false))
            }
            None => query,
        }
    }

    /// Opens the subjects of `rows` and works out each line for `reader`.
    async fn lines(
        &self,
        rows: Vec<conversation::Model>,
        reader: &str,
        clinic: bool,
        names: &HashMap<String, String>,
    ) -> DomainResult<Vec<ConversationLine>> {
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let reads = conversation_read::Entity::find()
            .filter(conversation_read::Column::ConversationId.is_in(ids.iter().cloned()))
            .all(self.db())
            .await?;
        let vault = self.core.vault();
        let assignees: Vec<String> = rows.iter().filter_map(|r| r.assigned_to.clone()).collect();
        let assigned = self.access.identity().accounts_by_id(&assignees).await?;
        rows.into_iter()
            .map(|row| {
                let mine = reads
                    .iter()
                    .find(|r| r.conversation_id == row.id && r.account_id == reader)
                    .map(|r| r.read_at);
                // Staff look for the patient's side's news; the patient's side for any.
                let news = if clinic {
                    row.last_patient_message_at
                } else {
                    Some(row.last_message_at)
                };
                let unread = match (news, mine) {
                    (Some(news), Some(read)) => news > read,
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                let read_by_clinic = row.last_patient_message_at.is_some_and(|last| {
                    reads
                        .iter()
                        .any(|r| r.conversation_id == row.id && r.clinic_side && r.read_at >= last)
                });
                Ok(ConversationLine {
                    subject: vault.open(SUBJECT, &row.id, &row.subject)?,
                    topic: Topic::parse(&row.topic)?,
                    pool: Pool::parse(&row.pool).ok_or_else(|| {
                        DomainError::Internal(format!("unknown pool {}", row.pool))
                    })?,
                    status: Status::parse(&row.status)?,
                    patient_name: names.get(&row.patient_id).cloned(),
                    assigned_to: row
                        .assigned_to
                        .as_ref()
                        .and_then(|a| assigned.get(a))
                        .map(|a| a.display_name.clone()),
                    unread,
                    read_by_clinic,
                    last_message_at: row.last_message_at,
                    patient_id: row.patient_id,
                    id: row.id,
                })
            })
            .collect()
    }

    /// The patient's conversations this reader may see, latest first (at most [`LISTED`]):
    /// the patient's side sees theirs, staff the ones of their pools. Audited as a read.
    pub async fn conversations(
        &self,
        permit: &Authorized<PatientScope>,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<ConversationLine>> {
        permit.require(Scope::Messages, Mode::Read)?;
        let reader = permit.actor()?.id.clone();
        let clinic = Self::staff_role(permit).is_some();
        let rows = Self::readable(permit)
            .order_by_desc(conversation::Column::LastMessageAt)
            .order_by_desc(conversation::Column::Id)
            .limit(LISTED)
            .all(self.db())
            .await?;
        let lines = self.lines(rows, &reader, clinic, &HashMap::new()).await?;
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("message.list")
                .resource("Conversation", format!("{} conversations", lines.len())),
        )
        .await?;
        Ok(lines)
    }

    /// One conversation, its messages oldest first (internal notes only for staff), marked read
    /// by the reader. Audited as a read of the conversation.
    pub async fn thread(
        &self,
        permit: &Authorized<PatientScope>,
        conversation_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<Thread> {
        permit.require(Scope::Messages, Mode::Read)?;
        let reader = permit.actor()?.id.clone();
        let clinic = Self::staff_role(permit).is_some();
        let row = self.visible(self.db(), permit, conversation_id).await?;
        let mut query = conversation_message::Entity::find()
            .filter(conversation_message::Column::ConversationId.eq(row.id.clone()));
        if !clinic {
            query = query.filter(conversation_message::Column::Internal.eq(false));
        }
        let messages = query
            .order_by_asc(conversation_message::Column::CreatedAt)
            .order_by_asc(conversation_message::Column::Id)
            .all(self.db())
            .await?;
        let authors: Vec<String> = messages
            .iter()
            .filter_map(|m| m.author_id.clone())
            .collect();
        let accounts = self.access.identity().accounts_by_id(&authors).await?;
        let vault = self.core.vault();
        let mut files = self
            .attachment_lines(messages.iter().map(|m| m.id.clone()))
            .await?;
        let messages = messages
            .into_iter()
            .map(|m| {
                Ok(MessageView {
                    attachments: files.remove(&m.id).unwrap_or_default(),
                    author: m
                        .author_id
                        .as_ref()
                        .and_then(|a| accounts.get(a))
                        .map(|a| crate::access::log::actor_label(a, &row.patient_id, &reader))
                        .unwrap_or_else(|| {
                            if m.from_clinic {
                                crate::said!("log-actor-clinic")
                            } else {
                                crate::said!("log-actor-the-patient")
                            }
                        }),
                    body: vault.open(BODY, &m.id, &m.body)?,
                    from_clinic: m.from_clinic,
                    internal: m.internal,
                    at: m.created_at,
                    id: m.id,
                })
            })
            .collect::<DomainResult<Vec<_>>>()?;
        let reply_refusal = if clinic {
            None
        } else {
            self.patient_reply_refusal(&row, &super::message_settings(self.db()).await?)
        };
        let line = self
            .lines(vec![row.clone()], &reader, clinic, &HashMap::new())
            .await?
            .pop()
            .ok_or(DomainError::NotFound)?;
        self.mark_read(self.db(), &row.id, &reader, clinic, self.now())
            .await?;
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("message.read")
                .resource("Conversation", row.id.clone()),
        )
        .await?;
        Ok(Thread {
            line,
            messages,
            reply_refusal,
            clinic,
        })
    }

    /// The files of these messages (names opened, bytes not), by message.
    async fn attachment_lines(
        &self,
        message_ids: impl IntoIterator<Item = String>,
    ) -> DomainResult<HashMap<String, Vec<AttachmentLine>>> {
        let rows: Vec<(String, String, String, i64, String)> = message_attachment::Entity::find()
            .select_only()
            .columns([
                message_attachment::Column::Id,
                message_attachment::Column::MessageId,
                message_attachment::Column::ContentType,
                message_attachment::Column::Size,
                message_attachment::Column::Name,
            ])
            .filter(message_attachment::Column::MessageId.is_in(message_ids))
            .order_by_asc(message_attachment::Column::CreatedAt)
            .order_by_asc(message_attachment::Column::Id)
            .into_tuple()
            .all(self.db())
            .await?;
        let vault = self.core.vault();
        let mut out: HashMap<String, Vec<AttachmentLine>> = HashMap::new();
        for (id, message_id, content_type, size, name) in rows {
            let kind = FileKind::parse(&content_type).ok_or_else(|| {
                DomainError::Internal(format!("stored attachment type {content_type}"))
            })?;
            out.entry(message_id).or_default().push(AttachmentLine {
                name: vault.open(FILE_NAME, &id, &name)?,
                kind,
                size: size.max(0) as u64,
                id,
            });
        }
        Ok(out)
    }

    /// One file of a conversation this reader may see (never one of an internal note for the
    /// patient's side): its name, kind and bytes. Audited as a read of the conversation's file.
    pub async fn attachment(
        &self,
        permit: &Authorized<PatientScope>,
        conversation_id: &str,
        attachment_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<(String, FileKind, Vec<u8>)> {
        use base64::Engine;
        permit.require(Scope::Messages, Mode::Read)?;
        let row = self.visible(self.db(), permit, conversation_id).await?;
        let file = message_attachment::Entity::find_by_id(attachment_id.to_owned())
            .one(self.db())
            .await?
            .filter(|f| f.conversation_id == row.id)
            .ok_or(DomainError::NotFound)?;
        if Self::staff_role(permit).is_none() {
            let internal = conversation_message::Entity::find_by_id(file.message_id.clone())
                .one(self.db())
                .await?
                .is_none_or(|m| m.internal);
            if internal {
                return Err(DomainError::NotFound);
            }
        }
        let vault = self.core.vault();
        let kind = FileKind::parse(&file.content_type).ok_or_else(|| {
            DomainError::Internal(format!("stored attachment type {}", file.content_type))
        })?;
        let data = base64::engine::general_purpose::STANDARD
            .decode(vault.open(FILE_DATA, &file.id, &file.data)?)
            .map_err(|e| DomainError::Internal(format!("stored attachment: {e}")))?;
        let name = vault.open(FILE_NAME, &file.id, &file.name)?;
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("message.attachment")
                .resource("Conversation", row.id.clone()),
        )
        .await?;
        Ok((name, kind, data))
    }

    /// The staff inbox: the conversations of the pools the reader's role works, of every
    /// patient, latest first (at most [`LISTED`]), with the patients' names. Audited, with the
    /// patients whose conversations were listed.
    pub async fn inbox(
        &self,
        permit: &Authorized<ClinicScope>,
        filter: &InboxFilter,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<ConversationLine>> {
        permit.require(ClinicTask::WorkInbox)?;
        let reader = permit.actor()?;
        let mut query = conversation::Entity::find()
            .filter(conversation::Column::Pool.is_in(Pool::codes_of(reader.role)));
        query = match filter.status {
            Some(status) => query.filter(conversation::Column::Status.eq(status.as_str())),
            None => query.filter(conversation::Column::Status.ne(Status::Closed.as_str())),
        };
        if filter.mine {
            query = query.filter(conversation::Column::AssignedTo.eq(reader.id.clone()));
        }
        if let Some(days) = filter.older_than_days {
            query = query.filter(
                conversation::Column::LastMessageAt.lte(self.now() - chrono::Duration::days(days)),
            );
        }
        let rows = query
            .order_by_desc(conversation::Column::LastMessageAt)
            .order_by_desc(conversation::Column::Id)
            .limit(LISTED)
            .all(self.db())
            .await?;
        let patient_ids: Vec<String> = rows.iter().map(|r| r.patient_id.clone()).collect();
        let names: HashMap<String, String> =
            phi::patient_names(self.db(), self.core.vault(), &patient_ids).await?;
        let lines = self.lines(rows, &reader.id, true, &names).await?;
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("message.inbox")
                .patients_shown(lines.iter().map(|l| l.patient_id.as_str())),
        )
        .await?;
        Ok(lines)
    }

    /// How many conversations of the reader's pools have news from the patient's side that the
    /// reader has not read (for the navigation's count).
    pub async fn unread_count(&self, permit: &Authorized<ClinicScope>) -> DomainResult<usize> {
        permit.require(ClinicTask::WorkInbox)?;
        let reader = permit.actor()?;
        self.unread_for(&reader.id, reader.role).await
    }

    /// How many open conversations of `role`'s pools have news from the patient's side that the
    /// account has not read.
    pub(super) async fn unread_for(
        &self,
        account_id: &str,
        role: crate::identity::Role,
    ) -> DomainResult<usize> {
        let open: Vec<(String, Option<DateTime<Utc>>)> = conversation::Entity::find()
            .select_only()
            .columns([
                conversation::Column::Id,
                conversation::Column::LastPatientMessageAt,
            ])
            .filter(conversation::Column::Pool.is_in(Pool::codes_of(role)))
            .filter(conversation::Column::Status.ne(Status::Closed.as_str()))
            .into_tuple()
            .all(self.db())
            .await?;
        let reads: HashMap<String, DateTime<Utc>> = conversation_read::Entity::find()
            .filter(conversation_read::Column::AccountId.eq(account_id))
            .filter(
                conversation_read::Column::ConversationId
                    .is_in(open.iter().map(|(id, _)| id.clone())),
            )
            .all(self.db())
            .await?
            .into_iter()
            .map(|r| (r.conversation_id, r.read_at))
            .collect();
        Ok(open
            .iter()
            .filter(|(id, last)| {
                last.is_some_and(|last| reads.get(id).is_none_or(|read| last > *read))
            })
            .count())
    }

    /// The patient's conversations as FHIR R4 `Communication`s for the record's export (one per
    /// message; internal notes never; none unless the reader also holds the messages scope;
    /// confidential ones not for a reader from whom confidential categories are hidden).
    pub async fn exported_communications(
        &self,
        permit: &Authorized<PatientScope>,
    ) -> DomainResult<Vec<Value>> {
        permit.require(Scope::Records, Mode::Read)?;
        if !permit.holds(Scope::Messages) {
            return Ok(Vec::new());
        }
        let conversations: HashMap<String, conversation::Model> = Self::readable(permit)
            .all(self.db())
            .await?
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
        // Every message of those conversations in one query, oldest first.
        let messages = conversation_message::Entity::find()
            .filter(
                conversation_message::Column::ConversationId.is_in(conversations.keys().cloned()),
            )
            .filter(conversation_message::Column::Internal.eq(false))
            .order_by_asc(conversation_message::Column::CreatedAt)
            .order_by_asc(conversation_message::Column::Id)
            .all(self.db())
            .await?;
        let vault = self.core.vault();
        let mut files = self
            .attachment_lines(messages.iter().map(|m| m.id.clone()))
            .await?;
        let mut subjects: HashMap<&str, String> = HashMap::new();
        let mut out = Vec::with_capacity(messages.len());
        for m in messages {
            let c = &conversations[&m.conversation_id];
            if !subjects.contains_key(c.id.as_str()) {
                subjects.insert(&c.id, vault.open(SUBJECT, &c.id, &c.subject)?);
            }
            let subject = &subjects[c.id.as_str()];
            out.push(json!({
                    "resourceType": "Communication",
                    "id": m.id,
                    "status": "completed",
                    "category": [{"text": Topic::parse(&c.topic)?.label()}],
                    "topic": {"text": subject},
                    "sent": m.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    "payload": std::iter::once(json!({"contentString": vault.open(BODY, &m.id, &m.body)?}))
                        .chain(files.remove(&m.id).unwrap_or_default().into_iter().map(|f| json!({
                            "contentAttachment": {
                                "contentType": f.kind.content_type(),
                                "title": f.name,
                                "size": f.size,
                            }
                        })))
                        .collect::<Vec<_>>(),
                    "note": [{"text": if m.from_clinic { "From the clinic" } else { "From the patient's side" }}],
                }));
        }
        Ok(out)
    }
}
