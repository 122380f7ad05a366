//! Visit reminders by e-mail. Booking lays out a reminder row per lead time (3 days and 1 day
//! before, unless the clinic set others); cancelling drops them. The server's sweeper calls
//! [`Scheduling::send_due_reminders`] every minute: each due row is claimed with a guarded
//! `UPDATE … WHERE sent_at IS NULL` in the transaction that queues its e-mails, so a reminder goes
//! once, even after a restart or with two servers on one database. The e-mail says the date, the
//! time in the clinic's zone and the clinic's name, and links to the sign-in page: never the
//! reason, the clinician or the kind of visit. It goes to the patient and to the caregivers who
//! may see the patient's appointments, unless they turned visit reminders off.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr};

use super::{Scheduling, zone::ClinicZone};
use crate::{
    DomainResult,
    access::Scope,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    clinic::{self, ClinicProfile},
    db::begin_write,
    entities::{appointment, appointment_reminder},
    i18n::{Arg, Locale, t, t_args},
    notify::{self, Optional},
};

/// How many due reminders one sweep handles (the next sweep takes the rest).
const PER_SWEEP: u64 = 200;

impl Scheduling {
    /// Queues the e-mails of every reminder now due, once each; a reminder of a visit that will
    /// not happen (cancelled, moved, already begun) is closed without an e-mail. `portal_url` is
    /// the portal's public origin. Returns how many e-mails were queued.
    #[tracing::instrument(name = "scheduling.send_due_reminders", skip_all)]
    pub async fn send_due_reminders(
        &self,
        portal_url: &str,
        meta: &RequestMeta,
    ) -> DomainResult<usize> {
        let now = self.now();
        let due = appointment_reminder::Entity::find()
            .filter(appointment_reminder::Column::SentAt.is_null())
            .filter(appointment_reminder::Column::DueAt.lte(now))
            .order_by_asc(appointment_reminder::Column::DueAt)
            .limit(PER_SWEEP)
            .all(self.db())
            .await?;
        if due.is_empty() {
            return Ok(0);
        }
        let zone = self.zone().await?;
        let clinic = clinic::clinic_profile(self.db()).await?;
        let mut queued = 0;
        for reminder in due {
            let visit = appointment::Entity::find_by_id(reminder.appointment_id.as_str())
                .one(self.db())
                .await?
                .filter(|visit| visit.status == "booked")
                .and_then(|visit| Some((visit.start_at.filter(|start| *start > now)?, visit)));
            let mut letters = Vec::new();
            if let Some((start, visit)) = &visit {
                let audience = self
                    .access
                    .audience(&visit.patient_id, Scope::Appointments)
                    .await?;
                let ids: Vec<String> = audience.iter().map(|(a, _)| a.id.clone()).collect();
                let identity = self.access.identity();
                let off = identity
                    .turned_off(&ids, Some(Optional::VisitReminders))
                    .await?;
                let languages = identity.languages(&ids).await?;
                for (account, own) in audience {
                    if off.contains(&(account.id.clone(), Optional::VisitReminders)) {
                        continue;
                    }
                    let locale = languages
                        .get(&account.id)
                        .copied()
                        .unwrap_or(identity.settings().default_locale);
                    if let Some(email) = account.email {
                        let zone = zone.clone().speaking(locale);
                        let letter = letter(locale, &clinic, &zone, *start, own, portal_url);
                        letters.push((email, letter));
                    }
                }
            }
            let txn = begin_write(self.db()).await?;
            let claimed = appointment_reminder::Entity::update_many()
                .col_expr(appointment_reminder::Column::SentAt, Expr::value(now))
                .filter(appointment_reminder::Column::AppointmentId.eq(&reminder.appointment_id))
                .filter(appointment_reminder::Column::LeadMinutes.eq(reminder.lead_minutes))
                .filter(appointment_reminder::Column::SentAt.is_null())
                .exec(&txn)
                .await?;
            if claimed.rows_affected != 1 {
                // Another server sent it.
                continue;
            }
            for (email, (subject, body)) in &letters {
                notify::enqueue_text(&txn, self.core.vault(), now, email, subject, body).await?;
            }
            if let (Some((_, visit)), false) = (&visit, letters.is_empty()) {
                audit::append(
                    &txn,
                    now,
                    meta,
                    AuditEntry::new("appointment.reminder", Outcome::Success)
                        .acting_for(Some(visit.patient_id.clone()))
                        .resource("appointment", visit.id.clone()),
                )
                .await?;
            }
            txn.commit().await?;
            queued += letters.len();
        }
        Ok(queued)
    }
}

/// The subject and body of one reminder, in `locale`: date, time and clinic, nothing clinical.
fn letter(
    locale: Locale,
    clinic: &ClinicProfile,
    zone: &ClinicZone,
    start: chrono::DateTime<chrono::Utc>,
    own: bool,
    portal_url: &str,
) -> (String, String) {
    let name = || Arg::from(clinic.name.as_str());
    let call = match &clinic.phone {
        Some(phone) => t_args(
            locale,
            "email-call-phone",
            &[("clinic", name()), ("phone", phone.as_str().into())],
        ),
        None => t_args(locale, "email-contact", &[("clinic", name())]),
    };
    let day = zone.day_label(start);
    let subject = t_args(
        locale,
        "reminder-subject",
        &[("clinic", name()), ("day", day.as_str().into())],
    );
    let link = format!("{}/sign-in", portal_url.trim_end_matches('/'));
    let body = [
        t(locale, "email-hello"),
        t_args(
            locale,
            if own {
                "reminder-own"
            } else {
                "reminder-other"
            },
            &[
                ("clinic", name()),
                ("day", day.as_str().into()),
                ("time", zone.time_zone_label(start).into()),
            ],
        ),
        t_args(locale, "reminder-details", &[("link", link.into())]),
        t_args(locale, "reminder-too-late", &[("call", call.into())]),
        t(locale, "reminder-turn-off"),
        t_args(locale, "email-signature", &[("clinic", name())]),
    ]
    .join("\n\n");
    (subject, body + "\n")
}
