//! The patient's identifying details (the first part of the record; the records issue adds the
//! clinical parts) and the staff lookup of patients by name. Both are sealed at rest: they are
//! read through [`crate::phi`], and names are found through its keyed search tokens.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

use super::{ClinicTask, Mode, Permit, Scope, Target, rules};
use crate::{
    DomainError, DomainResult,
    audit::{self, RequestMeta},
    entities::account,
    identity::{CurrentSession, Identity},
    phi::{self, search::NameQuery},
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
const SEARCH_LIMIT: usize = 25;

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
        let row = phi::find_patient(self.db(), self.vault(), patient_id)
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

    /// Patients whose names match `query` (at least two letters), for staff: every word typed
    /// must start a word of the given or family name ("ana garc" finds Ana García), accents and
    /// case aside. Sorted by family name, then given name.
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
        let query = query.trim();
        let name_query = NameQuery::parse(query).filter(|_| query.chars().count() <= 100);
        let Some(name_query) = name_query else {
            return Err(DomainError::validation(
                "query",
                "type at least two letters of the patient's name",
            ));
        };
        let mut rows = phi::search::matching_patients(self.db(), self.vault(), &name_query).await?;
        rows.sort_by_cached_key(|p| {
            (
                p.family_name.to_lowercase(),
                p.given_name.to_lowercase(),
                p.id.clone(),
            )
        });
        rows.truncate(SEARCH_LIMIT);
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
                display_name: row.display_name(),
                age: rules::age_on(row.birth_date, today),
                birth_date: row.birth_date,
                id: row.id,
            })
            .collect())
    }
}
