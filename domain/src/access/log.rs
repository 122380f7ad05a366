//! "Who saw my record": the audit events about one patient, in words, for the patient (and the
//! clinic's access managers), filterable by date and person, a page at a time.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{Access, Authorized, Mode, PatientScope, Scope};
use crate::{
    DomainResult,
    audit::{self, RequestMeta},
    entities::audit_event,
    i18n::Said,
    identity::{AccountSummary, device_words},
    said,
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

#[derive(Clone, Debug, PartialEq)]
pub struct AccessLogEntry {
    pub occurred_at: DateTime<Utc>,
    /// "You", "Dr Ada Park (Clinician)", "Jordan Lee (caregiver)", "Portico".
    pub who: Said,
    pub what: Said,
    pub refused: bool,
    /// The browser and system, for the patient's own sessions.
    /// Which browser, said in the reader's language.
    pub device: Option<Said>,
}

#[derive(Clone, Debug)]
pub struct AccessLogPage {
    pub entries: Vec<AccessLogEntry>,
    /// Everyone who appears in this patient's log: (account id, label), for the filter, in the
    /// order of their English labels.
    pub people: Vec<(String, Said)>,
    pub page: u64,
    pub has_more: bool,
}

/// What an audited action means, in words a patient understands (an action without words is
/// shown as its code).
pub fn describe_action(action: &str) -> Said {
    match action {
        "record.read" => said!("log-action-record-read"),
        "proxy.invite" => said!("log-action-proxy-invite"),
        "proxy.read" => said!("log-action-proxy-read"),
        "proxy.update" => said!("log-action-proxy-update"),
        "proxy.revoke" => said!("log-action-proxy-revoke"),
        "proxy.accept" => said!("log-action-proxy-accept"),
        "proxy.end" => said!("log-action-proxy-end"),
        "access_log.read" => said!("log-action-access-log-read"),
        "sign_in" => said!("log-action-sign-in"),
        "sign_in.new_device" => said!("log-action-sign-in-new-device"),
        "security.alert" => said!("log-action-security-alert"),
        "sign_out" => said!("log-action-sign-out"),
        "session.timeout" => said!("log-action-session-timeout"),
        "session.end" | "session.end_others" => said!("log-action-session-end"),
        "enroll.begin" => said!("log-action-enroll-begin"),
        "enroll.complete" => said!("log-action-enroll-complete"),
        "patient.invite" => said!("log-action-patient-invite"),
        "recovery.begin" | "recovery.complete" => said!("log-action-recovery-begin"),
        "recovery.issue" => said!("log-action-recovery-issue"),
        "recovery.approve" => said!("log-action-recovery-approve"),
        "recovery.cancel" => said!("log-action-recovery-cancel"),
        "recovery_codes.regenerate" => said!("log-action-recovery-codes-regenerate"),
        "step_up" => said!("log-action-step-up"),
        "passkey.add" => said!("log-action-passkey-add"),
        "passkey.remove" => said!("log-action-passkey-remove"),
        "passkey.rename" => said!("log-action-passkey-rename"),
        "appointment.list" => said!("log-action-appointment-list"),
        "appointment.view" => said!("log-action-appointment-view"),
        "appointment.calendar" => said!("log-action-appointment-calendar"),
        "appointment.book" => said!("log-action-appointment-book"),
        "appointment.request" => said!("log-action-appointment-request"),
        "appointment.reschedule" => said!("log-action-appointment-reschedule"),
        "appointment.cancel" => said!("log-action-appointment-cancel"),
        "appointment.confirm" => said!("log-action-appointment-confirm"),
        "appointment.checkin" => said!("log-action-appointment-checkin"),
        "appointment.checkin.view" => said!("log-action-appointment-checkin-view"),
        "appointment.arrived" => said!("log-action-appointment-arrived"),
        "appointment.noshow" => said!("log-action-appointment-noshow"),
        "appointment.fulfilled" => said!("log-action-appointment-fulfilled"),
        "appointment.reminder" => said!("log-action-appointment-reminder"),
        "message.start" => said!("log-action-message-start"),
        "message.reply" => said!("log-action-message-reply"),
        "message.note" => said!("log-action-message-note"),
        "message.read" => said!("log-action-message-read"),
        "message.list" => said!("log-action-message-list"),
        "message.update" => said!("log-action-message-update"),
        "message.inbox" => said!("log-action-message-inbox"),
        "patients.search" => said!("log-action-patients-search"),
        "message.attachment" => said!("log-action-message-attachment"),
        "renewal.request" => said!("log-action-renewal-request"),
        "renewal.list" => said!("log-action-renewal-list"),
        "renewal.read" => said!("log-action-renewal-read"),
        "renewal.decide" => said!("log-action-renewal-decide"),
        "renewal.queue" => said!("log-action-renewal-queue"),
        "billing.read" => said!("log-action-billing-read"),
        "billing.statement" => said!("log-action-billing-statement"),
        "billing.pay" => said!("log-action-billing-pay"),
        "billing.payment.succeeded" => said!("log-action-billing-payment-succeeded"),
        "billing.post" => said!("log-action-billing-post"),
        "billing.refund" | "billing.refund.recorded" => said!("log-action-billing-refund"),
        "billing.plan.start" => said!("log-action-billing-plan-start"),
        "billing.plan.cancel" => said!("log-action-billing-plan-cancel"),
        "billing.report" => said!("log-action-billing-report"),
        "billing.card.upload" => said!("log-action-billing-card-upload"),
        "billing.card.view" => said!("log-action-billing-card-view"),
        "billing.card.remove" => said!("log-action-billing-card-remove"),
        "notices.on" => said!("log-action-notices-on"),
        "notices.off" => said!("log-action-notices-off"),
        "account.language" => said!("log-action-account-language"),
        "schedule.view" => said!("log-action-schedule-view"),
        "schedule.time_zone" => said!("log-action-schedule-time-zone"),
        "schedule.reminders" => said!("log-action-schedule-reminders"),
        "schedule.visit_type.save" => said!("log-action-schedule-visit-type-save"),
        "schedule.template.add" => said!("log-action-schedule-template-add"),
        "schedule.template.end" => said!("log-action-schedule-template-end"),
        "schedule.template.change" => said!("log-action-schedule-template-change"),
        "schedule.exception.add" => said!("log-action-schedule-exception-add"),
        "schedule.clinician.add" => said!("log-action-schedule-clinician-add"),
        "schedule.location.add" => said!("log-action-schedule-location-add"),
        other => said!("log-action-other", action = other),
    }
}

/// Who did something that no signed-in account did.
fn without_account(action: &str) -> Said {
    match action {
        "enroll.begin" | "enroll.complete" | "recovery.begin" | "recovery.complete" => {
            said!("log-actor-one-time-code")
        }
        "patient.invite" | "caregiver.invite" | "staff.invite" | "recovery.issue"
        | "recovery.approve" => said!("log-actor-clinic"),
        _ => said!("log-actor-portico"),
    }
}

/// A person with their role: "Dr Ada Park (Clinician)".
pub(crate) fn with_role(account: &AccountSummary) -> Said {
    said!("log-actor-staff", name = &account.display_name).named("role", account.role)
}

/// How a person appears in a patient's access log.
pub(crate) fn actor_label(account: &AccountSummary, patient_id: &str, viewer_id: &str) -> Said {
    if account.id == viewer_id {
        said!("log-actor-you")
    } else if account.patient_id.as_deref() == Some(patient_id) {
        said!("log-actor-patient", name = &account.display_name)
    } else if account.role.is_staff() {
        with_role(account)
    } else {
        said!("log-actor-caregiver", name = &account.display_name)
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
        let mut people: Vec<(String, Said)> = accounts
            .values()
            .map(|a| (a.id.clone(), actor_label(a, patient_id, viewer)))
            .collect();
        people.sort_by_cached_key(|(_, label)| label.to_string());

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
                        || without_account(&row.action),
                        |a| actor_label(a, patient_id, viewer),
                    ),
                    what: describe_action(&row.action),
                    refused: row.outcome != "success",
                    device: own
                        .then(|| row.user_agent.as_deref().map(device_words))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Locale, identity::Role};

    #[test]
    fn the_access_log_reads_in_the_readers_language() {
        let read = describe_action("record.read");
        assert_eq!(read.to_string(), "Viewed the health record");
        assert_eq!(read.in_language(Locale::Es), "Vio el historial de salud");
        // An action without words shows its code, in every language.
        assert_eq!(
            describe_action("made.up").in_language(Locale::Es),
            "made.up"
        );

        let clinician = AccountSummary {
            id: "a-1".into(),
            role: Role::Clinician,
            display_name: "Dr Ada Park".into(),
            email: None,
            patient_id: None,
        };
        let who = actor_label(&clinician, "p-1", "someone-else");
        assert_eq!(who.to_string(), "Dr Ada Park (Clinician)");
        assert_eq!(
            who.in_language(Locale::Es),
            "Dr Ada Park (Profesional clínico)"
        );
        let you = actor_label(&clinician, "p-1", "a-1");
        assert_eq!(
            (you.to_string(), you.in_language(Locale::Es)),
            ("You".to_owned(), "Usted".to_owned())
        );
    }
}
