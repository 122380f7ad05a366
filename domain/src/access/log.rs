//! "Who saw my record": the audit events about one patient, in words, for the patient (and the
//! clinic's access managers), filterable by date and person, a page at a time.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{Access, Authorized, Mode, PatientScope, Scope};
use crate::{
    DomainResult,
    audit::{self, RequestMeta},
    entities::audit_event,
    identity::{AccountSummary, describe_device},
};

pub const ACCESS_LOG_PAGE_SIZE: u64 = 25;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccessLogQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only this person's actions (an account id from [`AccessLogPage::people`]).
    pub actor_id: Option<String>,
    /// Zero-based.
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessLogEntry {
    pub occurred_at: DateTime<Utc>,
    /// "You", "Dr Ada Park (Clinician)", "Jordan Lee (caregiver)", "Portico".
    pub who: String,
    pub what: String,
    pub refused: bool,
    /// The browser and system, for the patient's own sessions.
    pub device: Option<String>,
}

#[derive(Clone, Debug)]
pub struct AccessLogPage {
    pub entries: Vec<AccessLogEntry>,
    /// Everyone who appears in this patient's log: (account id, label), for the filter.
    pub people: Vec<(String, String)>,
    pub page: u64,
    pub has_more: bool,
}

/// What an audited action means, in words a patient understands.
pub fn describe_action(action: &str) -> String {
    let text = match action {
        "record.read" => "Viewed the health record",
        "proxy.invite" => "Invited a caregiver",
        "proxy.read" => "Viewed who has access",
        "proxy.update" => "Changed a caregiver's access",
        "proxy.revoke" => "Revoked a caregiver's access",
        "proxy.accept" => "Accepted an invitation to help",
        "proxy.end" => "Guardian access ended at the age of majority",
        "access_log.read" => "Viewed the access log",
        "sign_in" => "Signed in",
        "sign_in.new_device" => "Signed in from a new device or browser (e-mailed)",
        "security.alert" => "Security alert",
        "sign_out" => "Signed out",
        "session.timeout" => "Was signed out after a period of inactivity",
        "session.end" | "session.end_others" => "Ended a session",
        "enroll.begin" => "Entered an activation code",
        "enroll.complete" => "Set up the account with a passkey",
        "patient.invite" => "Registered with the clinic and issued an activation code",
        "recovery.begin" | "recovery.complete" => "Used a recovery code",
        "recovery.issue" => "Issued a code to recover the account (sets up a new passkey)",
        "recovery.approve" => "Approved a code to recover the account",
        "recovery.cancel" => "Cancelled a code to recover the account",
        "recovery_codes.regenerate" => "Created new recovery codes",
        "step_up" => "Confirmed it was them with a passkey",
        "passkey.add" => "Added a passkey",
        "passkey.remove" => "Removed a passkey",
        "passkey.rename" => "Renamed a passkey",
        "appointment.list" => "Viewed the appointments",
        "appointment.view" => "Viewed a visit",
        "appointment.calendar" => "Saved a visit to a calendar",
        "appointment.book" => "Booked a visit",
        "appointment.request" => "Asked for a visit",
        "appointment.reschedule" => "Moved a visit",
        "appointment.cancel" => "Cancelled a visit",
        "appointment.confirm" => "Confirmed a visit",
        "appointment.checkin" => "Checked in online for a visit",
        "appointment.checkin.view" => "Viewed a visit's online check-in",
        "appointment.arrived" => "Marked the patient arrived",
        "appointment.noshow" => "Marked a visit missed",
        "appointment.fulfilled" => "Marked a visit done",
        "appointment.reminder" => "Sent a visit reminder by e-mail",
        "message.start" => "Wrote to the clinic",
        "message.reply" => "Replied in a conversation",
        "message.note" => "Added an internal note to a conversation",
        "message.read" => "Read a conversation",
        "message.list" => "Viewed the messages",
        "message.update" => "Changed a conversation's status or who works it",
        "message.inbox" => "Listed the conversation in the clinic's inbox",
        "patients.search" => "Found in a staff search for patients by name",
        "message.attachment" => "Opened a file sent in a conversation",
        "renewal.request" => "Asked for a prescription refill or renewal",
        "renewal.list" => "Viewed the prescription renewals",
        "renewal.read" => "Read a renewal request",
        "renewal.decide" => "Decided a renewal request",
        "renewal.queue" => "Listed the renewal request in the clinicians' queue",
        "billing.read" => "Viewed the bill",
        "billing.statement" => "Viewed a monthly statement",
        "billing.pay" => "Paid by card",
        "billing.payment.succeeded" => "A card payment went through",
        "billing.post" => "Posted an entry to the bill",
        "billing.refund" | "billing.refund.recorded" => "Refunded a payment",
        "billing.plan.start" => "Started a payment plan",
        "billing.plan.cancel" => "Ended a payment plan",
        "billing.report" => "Listed in the billing office's daily report",
        "billing.card.upload" => "Added a picture of the insurance card",
        "billing.card.view" => "Viewed a picture of the insurance card",
        "billing.card.remove" => "Removed a picture of the insurance card",
        "notices.on" => "Turned an optional e-mail on",
        "notices.off" => "Turned an optional e-mail off",
        "account.language" => "Chose the language of Portico",
        "schedule.view" => "Viewed the clinic's schedule",
        "schedule.time_zone" => "Set the clinic's time zone",
        "schedule.reminders" => "Set when visit reminders go",
        "schedule.visit_type.save" => "Saved a visit type",
        "schedule.template.add" => "Added weekly hours",
        "schedule.template.end" => "Ended weekly hours",
        "schedule.template.change" => "Changed weekly hours",
        "schedule.exception.add" => "Added time off or extra hours",
        "schedule.clinician.add" => "Added a clinician to the schedule",
        "schedule.location.add" => "Added a location",
        other => other,
    };
    text.to_owned()
}

/// Who did something that no signed-in account did.
fn without_account(action: &str) -> &'static str {
    match action {
        "enroll.begin" | "enroll.complete" | "recovery.begin" | "recovery.complete" => {
            "Someone with a one-time code"
        }
        "patient.invite" | "caregiver.invite" | "staff.invite" | "recovery.issue"
        | "recovery.approve" => "The clinic",
        _ => "Portico",
    }
}

/// How a person appears in a patient's access log.
pub(crate) fn actor_label(account: &AccountSummary, patient_id: &str, viewer_id: &str) -> String {
    if account.id == viewer_id {
        "You".to_owned()
    } else if account.patient_id.as_deref() == Some(patient_id) {
        format!("{} (patient)", account.display_name)
    } else if account.role.is_staff() {
        format!("{} ({})", account.display_name, account.role.label())
    } else {
        format!("{} (caregiver)", account.display_name)
    }
}

/// The first moment of `from` and the first moment after `to`, both days in the clinic's time
/// zone (the days a person filtering a log means).
pub(crate) async fn clinic_days(
    db: &impl sea_orm::ConnectionTrait,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> DomainResult<(Option<DateTime<Utc>>, Option<DateTime<Utc>>)> {
    if from.is_none() && to.is_none() {
        return Ok((None, None));
    }
    let zone = crate::scheduling::zone::clinic_zone(db).await?;
    let from = from.map(|day| zone.day_bounds(day)).transpose()?;
    let to = to.map(|day| zone.day_bounds(day)).transpose()?;
    Ok((from.map(|(start, _)| start), to.map(|(_, end)| end)))
}

impl Access {
    /// One page of the patient's access log, newest first (needs `manage_access` to read).
    #[tracing::instrument(name = "access.access_log", skip_all, fields(page = query.page))]
    pub async fn access_log(
        &self,
        auth: &Authorized<PatientScope>,
        query: AccessLogQuery,
        meta: &RequestMeta,
    ) -> DomainResult<AccessLogPage> {
        auth.require(Scope::ManageAccess, Mode::Read)?;
        let patient_id = auth.patient_id();
        // The read itself is the newest line of the log.
        audit::record(self.db(), self.now(), meta, auth.audit("access_log.read")).await?;
        let mut select = audit_event::Entity::find()
            .filter(audit_event::Column::ActingForPatientId.eq(patient_id));
        let (from, until) = clinic_days(self.db(), query.from, query.to).await?;
        if let Some(from) = from {
            select = select.filter(audit_event::Column::OccurredAt.gte(from));
        }
        if let Some(until) = until {
            select = select.filter(audit_event::Column::OccurredAt.lt(until));
        }
        if let Some(actor) = &query.actor_id {
            select = select.filter(audit_event::Column::ActorAccountId.eq(actor.as_str()));
        }
        let mut rows = select
            .order_by_desc(audit_event::Column::Seq)
            .offset(query.page * ACCESS_LOG_PAGE_SIZE)
            .limit(ACCESS_LOG_PAGE_SIZE + 1)
            .all(self.db())
            .await?;
        let has_more = rows.len() as u64 > ACCESS_LOG_PAGE_SIZE;
        rows.truncate(ACCESS_LOG_PAGE_SIZE as usize);

        let actor_ids: Vec<Option<String>> = audit_event::Entity::find()
            .select_only()
            .column(audit_event::Column::ActorAccountId)
            .distinct()
            .filter(audit_event::Column::ActingForPatientId.eq(patient_id))
            .into_tuple()
            .all(self.db())
            .await?;
        let actor_ids: Vec<String> = actor_ids.into_iter().flatten().collect();
        let accounts = self.identity().accounts_by_id(&actor_ids).await?;
        let viewer = auth.actor()?.id.as_str();
        let mut people: Vec<(String, String)> = accounts
            .values()
            .map(|a| (a.id.clone(), actor_label(a, patient_id, viewer)))
            .collect();
        people.sort_by(|a, b| a.1.cmp(&b.1));

        let entries = rows
            .into_iter()
            .map(|row| {
                let actor = row
                    .actor_account_id
                    .as_ref()
                    .and_then(|id| accounts.get(id));
                let own = actor.is_some_and(|a| a.patient_id.as_deref() == Some(patient_id));
                AccessLogEntry {
                    occurred_at: row.occurred_at,
                    who: actor.map_or_else(
                        || without_account(&row.action).to_owned(),
                        |a| actor_label(a, patient_id, viewer),
                    ),
                    what: describe_action(&row.action),
                    refused: row.outcome != "success",
                    device: own
                        .then(|| row.user_agent.as_deref().map(describe_device))
                        .flatten(),
                }
            })
            .collect();
        Ok(AccessLogPage {
            entries,
            people,
            page: query.page,
            has_more,
        })
    }
}
