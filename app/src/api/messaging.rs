//! Secure messaging: a patient's conversations with the care team, starting one by topic,
//! one conversation with its replies (and, for staff, internal notes, assignment and status),
//! and the staff inbox of the pools a role works. The policy decides every call (the messages
//! scope on the patient; the inbox is a clinic task); times are the clinic's.

use leptos::{
    prelude::*,
    server_fn::codec::{MultipartData, MultipartFormData},
};
use serde::{Deserialize, Serialize};

use portico_types::{ConversationId, PatientId};

use super::{ApiError, patient::PatientHeader};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationView {
    pub id: ConversationId,
    pub href: String,
    pub patient: Option<String>,
    pub subject: String,
    pub topic: String,
    /// The pool that works it ("Care team").
    pub pool: String,
    pub status: String,
    pub status_label: String,
    /// "Mon 9 Mar 2026, 8:05 AM MDT".
    pub last: String,
    pub unread: bool,
    pub read_by_clinic: bool,
    pub assigned_to: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagesPage {
    pub header: PatientHeader,
    pub conversations: Vec<ConversationView>,
    /// (code, label) of the topics one may write about.
    pub topics: Vec<(String, String)>,
    pub may_write: bool,
    /// The reader is clinic staff (they answer; they do not start).
    pub clinic: bool,
    /// "The clinic answers within 2 business days."
    pub answer_notice: String,
}

/// A file sent with a message: saved from `href` (a plain link).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLink {
    pub href: String,
    /// "x-ray.jpg (JPEG image, 1.2 MB)".
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageLine {
    pub files: Vec<FileLink>,
    pub author: String,
    pub body: String,
    pub when: String,
    pub from_clinic: bool,
    pub internal: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPage {
    pub header: PatientHeader,
    pub conversation: ConversationView,
    pub messages: Vec<MessageLine>,
    pub reply_refusal: Option<String>,
    pub may_write: bool,
    pub clinic: bool,
    /// (code, label) of the statuses, for staff.
    pub statuses: Vec<(String, String)>,
    /// "4 files, 6 MB each, 10 MB together".
    pub file_limits: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxPage {
    pub conversations: Vec<ConversationView>,
    /// The pools the reader works.
    pub pools: Vec<String>,
    pub unread: usize,
}

#[cfg(feature = "ssr")]
mod convert {
    use portico_domain::{messaging::ConversationLine, scheduling::ClinicZone};
    use portico_types::ConversationId;

    use crate::api::display::name;

    use super::ConversationView;

    pub fn line(zone: &ClinicZone, l: ConversationLine) -> ConversationView {
        ConversationView {
            href: format!("/patients/{}/messages/{}", l.patient_id, l.id),
            id: ConversationId::from_stored(l.id),
            patient: l.patient_name,
            subject: l.subject,
            topic: name(l.topic),
            pool: name(l.pool),
            status: l.status.as_str().to_owned(),
            status_label: name(l.status),
            last: zone.moment_label(l.last_message_at),
            unread: l.unread,
            read_by_clinic: l.read_by_clinic,
            assigned_to: l.assigned_to,
        }
    }
}

#[cfg(feature = "ssr")]
async fn messages_access(
    patient_id: &str,
    mode: portico_domain::access::Mode,
    action: &'static str,
) -> Result<portico_domain::access::Authorized<portico_domain::access::PatientScope>, ApiError> {
    use portico_domain::access::Scope;
    super::server_context::patient_access(patient_id, Scope::Messages, mode, action).await
}

#[cfg(feature = "ssr")]
fn is_staff(
    permit: &portico_domain::access::Authorized<portico_domain::access::PatientScope>,
) -> bool {
    matches!(permit.basis(), portico_domain::access::Basis::Staff(_))
}

/// The patient's conversations (staff: those of their pools), with what one may write about.
#[server(endpoint = "patient/messages")]
pub async fn get_messages(patient_id: PatientId) -> Result<MessagesPage, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit = messages_access(&patient_id, Mode::Read, "patient/messages").await?;
    let zone = ctx.zone().await?;
    let lines = ctx
        .messaging
        .conversations(&permit, &request_meta())
        .await?;
    let clinic = is_staff(&permit);
    let settings = portico_domain::messaging::message_settings(&ctx.db).await?;
    Ok(MessagesPage {
        header: super::patient::convert::header(&permit)?,
        conversations: lines.into_iter().map(|l| convert::line(&zone, l)).collect(),
        topics: settings
            .topics()
            .iter()
            .map(|t| (t.as_str().to_owned(), super::display::name(*t)))
            .collect(),
        may_write: !clinic && permit.holds(portico_domain::access::Scope::Messages),
        clinic,
        answer_notice: settings.answer_notice().in_language(crate::i18n::locale()),
    })
}

/// Starts a conversation on `topic` from the patient's side.
#[server(endpoint = "patient/messages/start")]
pub async fn start_conversation(
    patient_id: PatientId,
    topic: String,
    subject: String,
    body: String,
) -> Result<(), ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::{access::Mode, messaging::Topic};
    let ctx = server_context()?;
    let permit = messages_access(&patient_id, Mode::Write, "patient/messages/start").await?;
    let topic = Topic::parse(&topic)?;
    let id = ctx
        .messaging
        .start(&permit, topic, &subject, &body, &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!("/patients/{patient_id}/messages/{id}"));
    Ok(())
}

/// One conversation, marked read by the reader.
#[server(endpoint = "patient/messages/thread")]
pub async fn get_conversation(
    patient_id: PatientId,
    conversation_id: ConversationId,
) -> Result<ThreadPage, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::{
        access::{Mode, Scope},
        messaging::{FileKind, MAX_FILES, Status},
    };
    let ctx = server_context()?;
    let permit = messages_access(&patient_id, Mode::Read, "patient/messages/thread").await?;
    let zone = ctx.zone().await?;
    let thread = ctx
        .messaging
        .thread(&permit, &conversation_id, &request_meta())
        .await?;
    let may_write = match permit.basis() {
        portico_domain::access::Basis::Staff(role) => {
            portico_domain::access::policy::staff_may_write(*role, Scope::Messages)
        }
        _ => permit.holds(Scope::Messages),
    };
    Ok(ThreadPage {
        header: super::patient::convert::header(&permit)?,
        conversation: convert::line(&zone, thread.line),
        messages: thread
            .messages
            .into_iter()
            .map(|m| MessageLine {
                files: m
                    .attachments
                    .into_iter()
                    .map(|f| FileLink {
                        href: format!("/files/messages/{patient_id}/{conversation_id}/{}", f.id),
                        label: format!(
                            "{} ({}, {})",
                            f.name,
                            crate::i18n::t(match f.kind {
                                FileKind::Pdf => "msg-kind-pdf",
                                FileKind::Jpeg => "msg-kind-jpeg",
                                FileKind::Png => "msg-kind-png",
                            }),
                            super::display::size(f.size as usize)
                        ),
                    })
                    .collect(),
                author: m.author.in_language(crate::i18n::locale()),
                body: m.body,
                when: zone.moment_label(m.at),
                from_clinic: m.from_clinic,
                internal: m.internal,
            })
            .collect(),
        reply_refusal: thread
            .reply_refusal
            .map(|why| why.in_language(crate::i18n::locale())),
        may_write,
        clinic: thread.clinic,
        statuses: Status::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), super::display::name(*s)))
            .collect(),
        file_limits: crate::i18n::t_args(
            "message-file-limits",
            vec![
                ("count", MAX_FILES.into()),
                (
                    "each",
                    super::display::size(ctx.attachment_limits.per_file).into(),
                ),
                (
                    "together",
                    super::display::size(ctx.attachment_limits.per_message).into(),
                ),
            ],
        ),
    })
}

/// Replies in a conversation; staff may make it an internal note (`internal` = `yes`).
#[server(endpoint = "patient/messages/reply")]
pub async fn reply_conversation(
    patient_id: PatientId,
    conversation_id: ConversationId,
    body: String,
    #[server(default)] internal: String,
) -> Result<(), ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit = messages_access(&patient_id, Mode::Write, "patient/messages/reply").await?;
    ctx.messaging
        .reply(
            &permit,
            &conversation_id,
            &body,
            internal == "yes",
            &request_meta(),
        )
        .await?;
    super::server_context::after_plain_form(&format!(
        "/patients/{patient_id}/messages/{conversation_id}"
    ));
    Ok(())
}

/// Staff set the status, and take the conversation (`assign` = `me`) or leave it unassigned.
#[server(endpoint = "staff/messages/update")]
pub async fn update_conversation(
    patient_id: PatientId,
    conversation_id: ConversationId,
    status: String,
    #[server(default)] assign: String,
) -> Result<(), ApiError> {
    use super::server_context::{request_meta, require_session, server_context};
    use portico_domain::{access::Mode, messaging::Status};
    // Clinic work first (patients and caregivers are refused here, audited), then the patient.
    super::server_context::clinic_access(
        portico_domain::access::ClinicTask::WorkInbox,
        "staff/messages/update",
    )
    .await?;
    let ctx = server_context()?;
    let permit = messages_access(&patient_id, Mode::Write, "staff/messages/update").await?;
    let status = Status::parse(&status)?;
    let me = require_session()?.account.id;
    let assign = (assign == "me").then_some(me.as_str());
    ctx.messaging
        .update(&permit, &conversation_id, status, assign, &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!(
        "/patients/{patient_id}/messages/{conversation_id}"
    ));
    Ok(())
}

/// The staff inbox: the conversations of the reader's pools (`status`: open, waiting, closed,
/// or empty for open and waiting; `mine`: only those assigned to the reader; `age`: only those
/// whose last message is at least that many days old).
#[server(endpoint = "staff/inbox")]
pub async fn get_inbox(
    #[server(default)] status: String,
    #[server(default)] mine: String,
    #[server(default)] age: String,
) -> Result<InboxPage, ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{
        access::ClinicTask,
        messaging::{InboxFilter, Pool, Status},
    };
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::WorkInbox, "staff/inbox").await?;
    let zone = ctx.zone().await?;
    let filter = InboxFilter {
        status: match status.trim() {
            "" => None,
            other => Some(Status::parse(other)?),
        },
        mine: mine == "yes",
        older_than_days: match age.trim() {
            "" => None,
            days => Some(
                days.parse::<i64>()
                    .ok()
                    .filter(|d| (1..=365).contains(d))
                    .ok_or_else(|| {
                        portico_domain::DomainError::validation(
                            "age",
                            portico_domain::said!("msg-age-days"),
                        )
                    })?,
            ),
        },
    };
    let lines = ctx
        .messaging
        .inbox(&permit, &filter, &request_meta())
        .await?;
    let role = permit.actor()?.role;
    Ok(InboxPage {
        unread: ctx.messaging.unread_count(&permit).await?,
        conversations: lines.into_iter().map(|l| convert::line(&zone, l)).collect(),
        pools: Pool::of_role(role)
            .into_iter()
            .map(super::display::name)
            .collect(),
    })
}

/// What waits for the reader in the inbox (for the navigation): conversations of their pools
/// with news they have not read, and, for clinicians, renewal requests waiting for a decision.
#[server(endpoint = "staff/inbox/count")]
pub async fn get_inbox_count() -> Result<u64, ApiError> {
    use super::server_context::{clinic_access, server_context};
    use portico_domain::access::{ClinicTask, policy::may_do};
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::WorkInbox, "staff/inbox/count").await?;
    let mut count = ctx.messaging.unread_count(&permit).await? as u64;
    if may_do(permit.actor()?.role, ClinicTask::DecideRenewals) {
        let renewals = clinic_access(ClinicTask::DecideRenewals, "staff/inbox/count").await?;
        count += ctx.renewals.waiting_count(&renewals).await?;
    }
    Ok(count)
}

/// Sends files in a conversation, as a browser posts a form: `patient_id` and `conversation_id`
/// first (the policy decides on them before any file is read), an optional `caption`, and up to
/// four `files` (PDF, JPEG, PNG). A file over the caps stops the upload as soon as it passes
/// them; a refused file stores nothing.
#[server(endpoint = "patient/messages/files", input = MultipartFormData)]
pub async fn send_message_files(data: MultipartData) -> Result<(), ApiError> {
    use super::server_context::{own_account, request_meta, server_context};
    use portico_domain::{
        DomainError,
        access::Mode,
        messaging::{MAX_FILES, Upload},
        said,
    };
    // Anonymous callers are refused (and audited) before a byte of the body is read.
    own_account("patient/messages/files").await?;
    let ctx = server_context()?;
    let limits = ctx.attachment_limits;
    let unreadable = |e: multer::Error| {
        ApiError::from(DomainError::validation(
            "files",
            said!("msg-upload-unreadable", error = e.to_string()),
        ))
    };
    let Some(mut form) = data.into_inner() else {
        return Err(DomainError::validation("files", said!("msg-files-none")).into());
    };
    let (mut patient_id, mut conversation_id, mut caption) =
        (String::new(), String::new(), String::new());
    let mut permit = None;
    let mut uploads: Vec<Upload> = Vec::new();
    let mut total = 0usize;
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "files" {
            if permit.is_none() {
                if patient_id.is_empty() || conversation_id.is_empty() {
                    return Err(DomainError::validation("files", said!("msg-upload-order")).into());
                }
                permit = Some(
                    messages_access(&patient_id, Mode::Write, "patient/messages/files").await?,
                );
            }
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = super::form_parts::read_file(&mut field, unreadable, |chunk, read| {
                total += chunk;
                // Refused as it passes the cap: the rest is never read.
                (read > limits.per_file || total > limits.per_message).then(|| {
                    DomainError::validation(
                        "files",
                        said!(
                            "msg-upload-too-large",
                            each = super::display::size(limits.per_file),
                            together = super::display::size(limits.per_message)
                        ),
                    )
                    .into()
                })
            })
            .await?;
            // A form with no file chosen still sends one empty, nameless part.
            if file_name.is_empty() && bytes.is_empty() {
                continue;
            }
            if uploads.len() == MAX_FILES {
                return Err(DomainError::validation(
                    "files",
                    said!("msg-too-many-files", max = MAX_FILES),
                )
                .into());
            }
            uploads.push(Upload {
                name: file_name,
                bytes,
            });
            continue;
        }
        let (target, max) = match name.as_str() {
            "patient_id" => (&mut patient_id, 64),
            "conversation_id" => (&mut conversation_id, 64),
            "caption" => (&mut caption, 20_000),
            _ => continue,
        };
        super::form_parts::read_text(&mut field, target, max, unreadable, || {
            DomainError::validation(name_of(&name), said!("msg-field-too-long")).into()
        })
        .await?;
    }
    let patient_id = portico_types::PatientId::parse(&patient_id)
        .map_err(|_| DomainError::validation("patient_id", said!("msg-no-such-patient")))?;
    let permit = match permit {
        Some(permit) => permit,
        None => messages_access(&patient_id, Mode::Write, "patient/messages/files").await?,
    };
    ctx.messaging
        .send_files(
            &permit,
            &conversation_id,
            &caption,
            uploads,
            limits,
            &request_meta(),
        )
        .await?;
    super::server_context::after_plain_form(&format!(
        "/patients/{patient_id}/messages/{conversation_id}"
    ));
    Ok(())
}

#[cfg(feature = "ssr")]
fn name_of(field: &str) -> &'static str {
    match field {
        "patient_id" => "patient_id",
        "conversation_id" => "conversation_id",
        _ => "caption",
    }
}
