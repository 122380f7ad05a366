//! The administrators' view of the audit log: search by date, person, patient, action and
//! outcome, a page at a time, and export to CSV. Both are audited.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
    sea_query::ExprTrait,
};

use super::{Access, Authorized, ClinicScope, ClinicTask, like_text, log::clinic_days, lower};
use crate::{
    DomainError, DomainResult,
    audit::{self, RequestMeta},
    entities::{account, audit_event, patient},
    i18n::Said,
    phi::{self, search::NameQuery},
    said,
};

pub const AUDIT_PAGE_SIZE: u64 = 50;
/// The most rows one export holds; narrow the filters for more.
pub const AUDIT_EXPORT_LIMIT: u64 = 100_000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The start of a person's name or of words of it ("ada pa"), or an account id.
    pub actor: Option<String>,
    /// The start of a patient's name or of words of it, or a patient id.
    pub patient: Option<String>,
    /// An action or the start of one (`proxy.` finds every proxy event).
    pub action: Option<String>,
    /// `success`, `failure` or `denied`.
    pub outcome: Option<String>,
    pub page: u64,
}

impl AuditQuery {
    fn clean(mut self) -> DomainResult<Self> {
        let tidy = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        self.actor = tidy(self.actor);
        self.patient = tidy(self.patient);
        self.action = tidy(self.action);
        self.outcome = tidy(self.outcome);
        if let Some(outcome) = &self.outcome
            && !["success", "failure", "denied"].contains(&outcome.as_str())
        {
            return Err(DomainError::validation(
                "outcome",
                said!("perm-audit-outcome-choose"),
            ));
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(DomainError::validation(
                "to",
                said!("perm-audit-dates-reversed"),
            ));
        }
        Ok(self)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AuditRow {
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<String>,
    /// The person's name and role ("Ada Admin (Administrator)"), if an account acted.
    pub actor: Option<Said>,
    pub patient_id: Option<String>,
    pub patient: String,
    pub action: String,
    pub resource: String,
    pub outcome: String,
    pub reason: String,
    pub ip: String,
    pub request_id: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub page: u64,
    pub has_more: bool,
}

impl Access {
    async fn audit_select(
        &self,
        db: &impl ConnectionTrait,
        query: &AuditQuery,
    ) -> DomainResult<Select<audit_event::Entity>> {
        let mut select = audit_event::Entity::find();
        let (from, until) = clinic_days(db, query.from, query.to).await?;
        if let Some(from) = from {
            select = select.filter(audit_event::Column::OccurredAt.gte(from));
        }
        if let Some(until) = until {
            select = select.filter(audit_event::Column::OccurredAt.lt(until));
        }
        if let Some(actor) = &query.actor {
            let mut ids: Vec<String> = account::Entity::find()
                .select_only()
                .column(account::Column::Id)
                .filter(account::Column::Id.eq(actor.as_str()))
                .into_tuple()
                .all(db)
                .await?;
            if let Some(name) = NameQuery::parse(actor) {
                let accounts = phi::search::matching_accounts(db, self.vault(), &name).await?;
                ids.extend(accounts.into_iter().map(|a| a.id));
            }
            select = select.filter(audit_event::Column::ActorAccountId.is_in(ids));
        }
        if let Some(who) = &query.patient {
            let mut ids: Vec<String> = patient::Entity::find()
                .select_only()
                .column(patient::Column::Id)
                .filter(patient::Column::Id.eq(who.as_str()))
                .into_tuple()
                .all(db)
                .await?;
            if let Some(name) = NameQuery::parse(who) {
                // The admin's filter by name: a name shared by more than a thousand patients is
                // asked to be narrowed.
                let patients = phi::search::matching_patients(db, self.vault(), &name, 1000)
                    .await?
                    .map_err(|count| {
                        DomainError::validation("who", said!("perm-audit-who-many", count = count))
                    })?;
                ids.extend(patients.into_iter().map(|p| p.id));
            }
            select = select.filter(audit_event::Column::ActingForPatientId.is_in(ids));
        }
        if let Some(action) = &query.action {
            select =
                select.filter(lower(audit_event::Column::Action).like(like_text(action, false)));
        }
        if let Some(outcome) = &query.outcome {
            select = select.filter(audit_event::Column::Outcome.eq(outcome.as_str()));
        }
        Ok(select.order_by_desc(audit_event::Column::Seq))
    }

    async fn audit_rows(&self, events: Vec<audit_event::Model>) -> DomainResult<Vec<AuditRow>> {
        let actor_ids: Vec<String> = events
            .iter()
            .filter_map(|e| e.actor_account_id.clone())
            .collect();
        let accounts = self.identity().accounts_by_id(&actor_ids).await?;
        let patient_ids: Vec<String> = events
            .iter()
            .filter_map(|e| e.acting_for_patient_id.clone())
            .collect();
        let patients: HashMap<String, String> =
            phi::patient_names(self.db(), self.vault(), &patient_ids).await?;
        Ok(events
            .into_iter()
            .map(|e| AuditRow {
                actor: e
                    .actor_account_id
                    .as_ref()
                    .and_then(|id| accounts.get(id))
                    .map(super::log::with_role),
                patient: e
                    .acting_for_patient_id
                    .as_ref()
                    .and_then(|id| patients.get(id))
                    .cloned()
                    .unwrap_or_default(),
                seq: e.seq,
                occurred_at: e.occurred_at,
                actor_id: e.actor_account_id,
                patient_id: e.acting_for_patient_id,
                action: e.action,
                resource: match (e.resource_type, e.resource_id) {
                    (Some(kind), Some(id)) => format!("{kind}/{id}"),
                    (Some(kind), None) => kind,
                    _ => String::new(),
                },
                outcome: e.outcome,
                reason: e.reason.unwrap_or_default(),
                ip: e.ip.unwrap_or_default(),
                request_id: e.request_id.unwrap_or_default(),
            })
            .collect())
    }

    /// One page of audit events, newest first. Admins only.
    #[tracing::instrument(name = "access.search_audit", skip_all)]
    pub async fn search_audit(
        &self,
        auth: &Authorized<ClinicScope>,
        query: AuditQuery,
        meta: &RequestMeta,
    ) -> DomainResult<AuditPage> {
        auth.require(ClinicTask::ReadAuditLog)?;
        let permit = auth;
        let query = query.clean()?;
        audit::record(self.db(), self.now(), meta, permit.audit("audit.search")).await?;
        let mut events = self
            .audit_select(self.db(), &query)
            .await?
            .offset(query.page * AUDIT_PAGE_SIZE)
            .limit(AUDIT_PAGE_SIZE + 1)
            .all(self.db())
            .await?;
        let has_more = events.len() as u64 > AUDIT_PAGE_SIZE;
        events.truncate(AUDIT_PAGE_SIZE as usize);
        Ok(AuditPage {
            rows: self.audit_rows(events).await?,
            page: query.page,
            has_more,
        })
    }

    /// Every event matching the filters (up to [`AUDIT_EXPORT_LIMIT`]) as CSV text, and the
    /// number of rows. Admins only; the export is itself audited.
    #[tracing::instrument(name = "access.export_audit_csv", skip_all)]
    pub async fn export_audit_csv(
        &self,
        auth: &Authorized<ClinicScope>,
        query: AuditQuery,
        meta: &RequestMeta,
    ) -> DomainResult<(String, usize)> {
        auth.require(ClinicTask::ReadAuditLog)?;
        let permit = auth;
        let query = query.clean()?;
        audit::record(self.db(), self.now(), meta, permit.audit("audit.export")).await?;
        let events = self
            .audit_select(self.db(), &query)
            .await?
            .limit(AUDIT_EXPORT_LIMIT)
            .all(self.db())
            .await?;
        let rows = self.audit_rows(events).await?;
        let mut writer = csv::Writer::from_writer(Vec::new());
        let internal = |e: csv::Error| DomainError::Internal(format!("CSV: {e}"));
        writer
            .write_record([
                "seq",
                "occurred_at_utc",
                "actor_id",
                "actor",
                "patient_id",
                "patient",
                "action",
                "resource",
                "outcome",
                "reason",
                "ip",
                "request_id",
            ])
            .map_err(internal)?;
        for row in &rows {
            let fields = [
                row.seq.to_string(),
                row.occurred_at.to_rfc3339(),
                row.actor_id.clone().unwrap_or_default(),
                // The export is a file for the clinic's records: its words stay English.
                row.actor.as_ref().map(Said::to_string).unwrap_or_default(),
                row.patient_id.clone().unwrap_or_default(),
                row.patient.clone(),
                row.action.clone(),
                row.resource.clone(),
                row.outcome.clone(),
                row.reason.clone(),
                row.ip.clone(),
                row.request_id.clone(),
            ];
            writer
                .write_record(fields.iter().map(|f| crate::text::spreadsheet_safe(f)))
                .map_err(internal)?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| DomainError::Internal(format!("CSV: {e}")))?;
        let text =
            String::from_utf8(bytes).map_err(|e| DomainError::Internal(format!("CSV: {e}")))?;
        Ok((text, rows.len()))
    }
}
