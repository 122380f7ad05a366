//! The patient's identifying details (the first part of the record; the records issue adds the
//! clinical parts) and the staff lookup of patients by name.

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::ExprTrait,
};

use super::{ClinicTask, Mode, Permit, Scope, Target, like_text, lower, rules};
use crate::{
    DomainError, DomainResult,
    audit::{self, RequestMeta},
    entities::{account, patient},
    identity::{CurrentSession, Identity},
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientOverview {
    pub given_name: String,
    pub family_name: String,
    pub birth_date: NaiveDate,
    pub age: u32,
    pub email: Option<String>,
    pub has_account: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientListing {
    pub id: String,
    pub display_name: String,
    pub birth_date: NaiveDate,
    pub age: u32,
    pub has_account: bool,
}

/// How many patients a search shows.
const SEARCH_LIMIT: u64 = 25;

impl Identity {
    /// The patient's identifying details, for whoever may read their record.
    pub async fn patient_overview(
        &self,
        session: &CurrentSession,
        patient_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<(Permit, PatientOverview)> {
        let permit = self
            .authorize(
                Some(session),
                Target::Patient {
                    patient_id,
                    scope: Scope::Records,
                    mode: Mode::Read,
                },
                "record.read",
                meta,
            )
            .await?;
        let row = patient::Entity::find_by_id(patient_id)
            .one(self.db())
            .await?
            .ok_or(DomainError::NotFound)?;
        let has_account = account::Entity::find()
            .filter(account::Column::PatientId.eq(patient_id))
            .count(self.db())
            .await?
            > 0;
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit.audit("record.read").resource("patient", patient_id),
        )
        .await?;
        Ok((
            permit,
            PatientOverview {
                age: rules::age_on(row.birth_date, self.now().date_naive()),
                given_name: row.given_name,
                family_name: row.family_name,
                birth_date: row.birth_date,
                email: row.email,
                has_account,
            },
        ))
    }

    /// Patients whose given or family name contains `query` (at least two letters), for staff.
    pub async fn find_patients(
        &self,
        session: &CurrentSession,
        query: &str,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<PatientListing>> {
        let permit = self
            .authorize(
                Some(session),
                Target::Clinic(ClinicTask::FindPatients),
                "patients.search",
                meta,
            )
            .await?;
        let query = query.trim().to_lowercase();
        if query.chars().count() < 2 || query.chars().count() > 100 {
            return Err(DomainError::validation(
                "query",
                "type at least two letters of the patient's name",
            ));
        }
        let rows = patient::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(lower(patient::Column::GivenName).like(like_text(&query, true)))
                    .add(lower(patient::Column::FamilyName).like(like_text(&query, true))),
            )
            .order_by_asc(patient::Column::FamilyName)
            .order_by_asc(patient::Column::GivenName)
            .limit(SEARCH_LIMIT)
            .all(self.db())
            .await?;
        audit::record(self.db(), self.now(), meta, permit.audit("patients.search")).await?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let with_accounts: Vec<Option<String>> = account::Entity::find()
            .select_only()
            .column(account::Column::PatientId)
            .filter(account::Column::PatientId.is_in(ids))
            .into_tuple()
            .all(self.db())
            .await?;
        let today = self.now().date_naive();
        Ok(rows
            .into_iter()
            .map(|row| PatientListing {
                has_account: with_accounts.contains(&Some(row.id.clone())),
                display_name: format!("{} {}", row.given_name, row.family_name),
                age: rules::age_on(row.birth_date, today),
                birth_date: row.birth_date,
                id: row.id,
            })
            .collect())
    }
}
