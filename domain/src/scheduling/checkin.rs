//! Online check-in before a visit: from a week before it until it starts, the patient (or a
//! caregiver with the appointments scope) confirms the parts of the record the clinic checks at
//! the desk — contact details, insurance, medicines, allergies — says what has changed, and
//! answers the visit type's questionnaires. Once per visit; the front desk reads it on the
//! schedule. Answers are PHI: sealed, and every read is audited.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::Value;

use super::{
    AppointmentView, Scheduling,
    booking::by_clinic,
    questionnaires::{self, AnsweredQuestionnaire, Questionnaire},
};
use crate::{
    DomainError, DomainResult,
    access::{Authorized, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    db::begin_write,
    entities::{appointment, appointment_check_in},
    i18n::{Locale, Said},
    said,
    vault::Field,
};

const CHANGES: Field = Field::new("appointment_check_in", "changes");
const ANSWERS: Field = Field::new("appointment_check_in", "answers");

/// How long before a visit check-in opens.
pub const OPENS_BEFORE_DAYS: i64 = 7;
const MAX_CHANGES: usize = 2000;

/// The parts of the record a patient confirms, with how a page asks about each (in English; the
/// words of each language are `sched-part-<code>`, see [`part_label`]).
pub const PARTS: [(&str, &str); 4] = [
    ("contact", "Your address, phone and e-mail"),
    ("insurance", "Your insurance"),
    ("medications", "The medicines you take"),
    ("allergies", "Your allergies"),
];

/// How a page asks about a part of the record ([`PARTS`]) in `locale`; an unknown code as it is.
pub fn part_label(locale: Locale, code: &str) -> String {
    if PARTS.iter().any(|(c, _)| *c == code) {
        crate::i18n::t(locale, &format!("sched-part-{code}"))
    } else {
        code.to_owned()
    }
}

/// What a check-in sends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckInAnswers {
    /// The [`PARTS`] confirmed as right.
    pub confirmed: Vec<String>,
    /// What has changed (needed when a part is not confirmed).
    pub changes: Option<String>,
    /// Questionnaire answers keyed by [`questionnaires::field`].
    pub answers: HashMap<String, String>,
}

/// A visit's check-in as it was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInRecord {
    pub submitted_at: DateTime<Utc>,
    /// "Thu 10 Dec 2026, 9:30 AM" in the clinic's zone, in the reader's language.
    pub submitted_label: String,
    /// Sent by someone acting for the patient (a caregiver), not the patient.
    pub by_someone_else: bool,
    pub confirmed: Vec<String>,
    pub changes: Option<String>,
    /// The answers this reader may see.
    pub answers: Vec<AnsweredQuestionnaire>,
}

/// The check-in page of a visit.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckInPage {
    pub visit: AppointmentView,
    /// The questionnaires this reader is asked (those hidden from them left out).
    pub questionnaires: Vec<&'static Questionnaire>,
    /// Why check-in is not open now; none: it is.
    pub closed: Option<Said>,
    /// "Mon 7 Dec 2026" when it opens, for a visit further ahead (in the reader's language).
    pub opens: Option<String>,
    /// The check-in, once sent.
    pub record: Option<CheckInRecord>,
}

impl Scheduling {
    /// Why the visit cannot be checked in now (none: it can).
    fn check_in_closed(&self, row: &appointment::Model) -> Option<Said> {
        if row.checked_in_at.is_some() {
            return Some(said!("sched-already-checked-in"));
        }
        if row.status != "booked" {
            return Some(said!("sched-check-in-only-booked"));
        }
        let start = row.start_at?;
        let now = self.now();
        if start <= now {
            Some(said!("sched-check-in-closes"))
        } else if start - now > Duration::days(OPENS_BEFORE_DAYS) {
            Some(said!(
                "sched-check-in-opens-before",
                days = OPENS_BEFORE_DAYS
            ))
        } else {
            None
        }
    }

    /// The check-in page: the visit, whether check-in is open, what it asks, and what was sent,
    /// its days, times and answers' words in `locale`. Audited as a read of the visit's check-in.
    pub async fn check_in_page(
        &self,
        permit: &Authorized<PatientScope>,
        appointment_id: &str,
        locale: Locale,
        meta: &RequestMeta,
    ) -> DomainResult<CheckInPage> {
        permit.require(Scope::Appointments, Mode::Read)?;
        let row = self
            .own_appointment(self.db(), permit, appointment_id)
            .await?;
        let zone = self.zone().await?.speaking(locale);
        let names = self.names().await?;
        let visit = self.view(Some(permit), &zone, &names, &row);
        let hidden = permit.hidden_categories();
        let asked = names
            .visit_types
            .get(&row.visit_type_id)
            .map(|v| v.questionnaires.clone())
            .unwrap_or_default();
        let questionnaires = asked
            .iter()
            .filter_map(|id| questionnaires::find(id))
            .filter(|q| q.shown_to(hidden))
            .collect();
        let record = match appointment_check_in::Entity::find_by_id(row.id.clone())
            .one(self.db())
            .await?
        {
            Some(stored) => Some(self.open_check_in(permit, &zone, locale, stored)?),
            None => None,
        };
        let closed = self.check_in_closed(&row);
        let opens = row
            .start_at
            .filter(|start| *start - self.now() > Duration::days(OPENS_BEFORE_DAYS))
            .map(|start| zone.day_label(start - Duration::days(OPENS_BEFORE_DAYS)));
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("appointment.checkin.view")
                .resource("Appointment", row.id.clone()),
        )
        .await?;
        Ok(CheckInPage {
            visit,
            questionnaires,
            closed,
            opens,
            record,
        })
    }

    fn open_check_in(
        &self,
        permit: &Authorized<PatientScope>,
        zone: &super::ClinicZone,
        locale: Locale,
        stored: appointment_check_in::Model,
    ) -> DomainResult<CheckInRecord> {
        let vault = self.core.vault();
        let changes = stored
            .changes
            .as_deref()
            .map(|c| vault.open(CHANGES, &stored.appointment_id, c))
            .transpose()?;
        let responses: Vec<Value> =
            serde_json::from_str(&vault.open(ANSWERS, &stored.appointment_id, &stored.answers)?)
                .map_err(|e| DomainError::Internal(format!("stored check-in: {e}")))?;
        let hidden = permit.hidden_categories();
        let answers = responses
            .iter()
            .filter(|r| questionnaires::of_response(r).is_some_and(|q| q.shown_to(hidden)))
            .filter_map(|r| questionnaires::describe(r, locale))
            .collect();
        Ok(CheckInRecord {
            submitted_label: format!(
                "{}, {}",
                zone.day_label(stored.submitted_at),
                zone.time_label(stored.submitted_at)
            ),
            submitted_at: stored.submitted_at,
            by_someone_else: stored.submitted_by.as_deref() != Some(permit.patient_id())
                && stored.submitted_by.is_some(),
            confirmed: stored
                .confirmed
                .split(',')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
            changes,
            answers,
        })
    }

    /// Checks in for a visit: at most once, within the window, by the patient, a caregiver with
    /// the appointments scope, or the front desk on their behalf. Every questionnaire the
    /// visit type asks this reader is answered in full, or nothing is stored.
    pub async fn check_in(
        &self,
        permit: &Authorized<PatientScope>,
        appointment_id: &str,
        sent: CheckInAnswers,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        permit.require(Scope::Appointments, Mode::Write)?;
        // The parts this reader is shown (insurance with the billing scope, the rest with the
        // records scope): only those can be confirmed, and each is confirmed or changes are told.
        let shown: Vec<&str> = PARTS
            .iter()
            .map(|(part, _)| *part)
            .filter(|part| {
                permit.holds(if *part == "insurance" {
                    Scope::Billing
                } else {
                    Scope::Records
                })
            })
            .collect();
        let mut confirmed = Vec::new();
        for part in &sent.confirmed {
            let Some(known) = shown.iter().find(|p| *p == part) else {
                return Err(DomainError::validation(
                    "confirmed",
                    said!("sched-unknown-part"),
                ));
            };
            if !confirmed.contains(known) {
                confirmed.push(*known);
            }
        }
        let changes = sent
            .changes
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if let Some(changes) = &changes {
            if changes.chars().count() > MAX_CHANGES {
                return Err(DomainError::validation(
                    "changes",
                    said!("sched-keep-under", max = MAX_CHANGES),
                ));
            }
            if changes
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r')
            {
                return Err(DomainError::validation(
                    "changes",
                    said!("sched-control-characters"),
                ));
            }
        } else if confirmed.len() < shown.len() {
            return Err(DomainError::validation(
                "changes",
                said!("sched-tell-changes"),
            ));
        }
        let txn = begin_write(self.db()).await?;
        let row = self.own_appointment(&txn, permit, appointment_id).await?;
        if let Some(why) = self.check_in_closed(&row) {
            return Err(DomainError::validation("appointment", why));
        }
        let visit_type = self.visit_type_in(&txn, &row.visit_type_id).await?;
        let now = self.now();
        let authored = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let hidden = permit.hidden_categories();
        let mut responses = Vec::new();
        for questionnaire in visit_type
            .questionnaires
            .iter()
            .filter_map(|id| questionnaires::find(id))
            .filter(|q| q.shown_to(hidden))
        {
            let mut response = questionnaire.answer(&sent.answers, &authored)?;
            if !by_clinic(permit) && permit.actor_id() != Some(permit.patient_id()) {
                // Answered by someone acting for the patient.
                response["source"] = serde_json::json!({"display": "a caregiver"});
            }
            responses.push(response);
        }
        // Only a visit not yet checked in, still booked, takes it: two tabs sending at once
        // store one check-in.
        let claimed = appointment::Entity::update_many()
            .col_expr(appointment::Column::CheckedInAt, Expr::value(now))
            .filter(appointment::Column::Id.eq(row.id.clone()))
            .filter(appointment::Column::CheckedInAt.is_null())
            .filter(appointment::Column::Status.eq("booked"))
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            return Err(DomainError::validation(
                "appointment",
                said!("sched-already-checked-in"),
            ));
        }
        let vault = self.core.vault();
        let answers = serde_json::to_string(&responses)
            .map_err(|e| DomainError::Internal(format!("check-in answers: {e}")))?;
        appointment_check_in::Entity::insert(appointment_check_in::ActiveModel {
            appointment_id: Set(row.id.clone()),
            patient_id: Set(row.patient_id.clone()),
            submitted_by: Set(permit.actor_id().map(str::to_owned)),
            submitted_at: Set(now),
            confirmed: Set(confirmed.join(",")),
            changes: Set(changes
                .map(|c| vault.seal(CHANGES, &row.id, &c))
                .transpose()?),
            answers: Set(vault.seal(ANSWERS, &row.id, &answers)?),
        })
        .exec_without_returning(&txn)
        .await?;
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("appointment.checkin")
                .resource("Appointment", row.id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The patient's check-in answers as FHIR `QuestionnaireResponse`s for the record's export,
    /// those hidden from this reader left out, each with `subject` to be set by the export.
    pub(super) async fn exported_check_ins(
        &self,
        permit: &Authorized<PatientScope>,
    ) -> DomainResult<Vec<Value>> {
        let rows = appointment_check_in::Entity::find()
            .filter(appointment_check_in::Column::PatientId.eq(permit.patient_id()))
            .all(self.db())
            .await?;
        let vault = self.core.vault();
        let hidden = permit.hidden_categories();
        let mut out = Vec::new();
        for row in rows {
            let responses: Vec<Value> =
                serde_json::from_str(&vault.open(ANSWERS, &row.appointment_id, &row.answers)?)
                    .map_err(|e| DomainError::Internal(format!("stored check-in: {e}")))?;
            for response in responses {
                if questionnaires::of_response(&response).is_some_and(|q| q.shown_to(hidden)) {
                    out.push(response);
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_of_the_record_has_its_words_in_every_language() {
        for (code, label) in PARTS {
            assert_eq!(part_label(Locale::En, code), label);
            let spanish = part_label(Locale::Es, code);
            assert!(
                spanish != label && !spanish.starts_with("sched-"),
                "{code}: {spanish}"
            );
        }
        assert_eq!(part_label(Locale::Es, "unknown"), "unknown");
    }
}
