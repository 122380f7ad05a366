//! The patient's identifying details (the first part of the record; the records issue adds the
//! clinical parts) and the staff lookup of patients by name. Both are sealed at rest: they are
//! read through [`crate::phi`], and names are found through its keyed search tokens.

use chrono::NaiveDate;

use super::{Access, Authorized, ClinicScope, ClinicTask, Mode, PatientScope, Scope, rules};
use crate::{
    DomainError, DomainResult,
    audit::{self, RequestMeta},
    phi::{self, search::NameQuery},
    said,
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
pub const SEARCH_LIMIT: usize = 25;
/// How many patients a search may open (decrypt) to sort and show the first [`SEARCH_LIMIT`]: a
/// broader query is asked to be narrowed, with nothing opened.
const SEARCH_OPENS_AT_MOST: usize = 100;

impl Access {
    /// The patient's identifying details, for whoever may read their record.
    #[tracing::instrument(name = "access.patient_overview", skip_all)]
    pub async fn patient_overview(
        &self,
        auth: &Authorized<PatientScope>,
        meta: &RequestMeta,
    ) -> DomainResult<PatientOverview> {
        auth.require(Scope::Records, Mode::Read)?;
        let patient_id = auth.patient_id();
        let row = phi::find_patient(self.db(), self.vault(), patient_id)
            .await?
            .ok_or(DomainError::NotFound)?;
        let has_account = !self
            .identity()
            .patients_with_accounts(&[patient_id.to_owned()])
            .await?
            .is_empty();
        audit::record(
            self.db(),
            self.now(),
            meta,
            auth.audit("record.read").resource("patient", patient_id),
        )
        .await?;
        Ok(PatientOverview {
            age: rules::age_on(row.birth_date, self.now().date_naive()),
            given_name: row.given_name,
            family_name: row.family_name,
            birth_date: row.birth_date,
            email: row.email,
            has_account,
        })
    }

    /// Patients whose names match `query` (at least two letters), for staff: every word typed
    /// must start a word of the given or family name ("ana garc" finds Ana García), accents and
    /// case aside. Sorted by family name, then given name; the first [`SEARCH_LIMIT`] are shown
    /// and audited by patient. A query that matches more than a hundred is refused (a 422 asking
    /// for more of the name) before any patient is opened.
    #[tracing::instrument(name = "access.find_patients", skip_all)]
    pub async fn find_patients(
        &self,
        auth: &Authorized<ClinicScope>,
        query: &str,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<PatientListing>> {
        auth.require(ClinicTask::FindPatients)?;
        let query = query.trim();
        let name_query = NameQuery::parse(query).filter(|_| query.chars().count() <= 100);
        let Some(name_query) = name_query else {
            return Err(DomainError::validation(
                "query",
                said!("perm-patient-search-short"),
            ));
        };
        let mut rows = match phi::search::matching_patients(
            self.db(),
            self.vault(),
            &name_query,
            SEARCH_OPENS_AT_MOST,
        )
        .await?
        {
            Ok(rows) => rows,
            Err(count) => {
                audit::record(
                    self.db(),
                    self.now(),
                    meta,
                    auth.audit("patients.search").reason("too_broad"),
                )
                .await?;
                return Err(DomainError::validation(
                    "query",
                    said!("perm-patient-search-many", count = count),
                ));
            }
        };
        rows.sort_by_cached_key(|p| {
            (
                p.family_name.to_lowercase(),
                p.given_name.to_lowercase(),
                p.id.clone(),
            )
        });
        rows.truncate(SEARCH_LIMIT);
        // Each patient shown has it in their access log (the query itself is a name: not kept);
        // a search that shows nobody is one event.
        let now = self.now();
        let txn = crate::db::begin_write(self.db()).await?;
        if rows.is_empty() {
            audit::append(&txn, now, meta, auth.audit("patients.search")).await?;
        }
        for row in &rows {
            audit::append(
                &txn,
                now,
                meta,
                auth.audit("patients.search")
                    .acting_for(Some(row.id.clone()))
                    .resource("patient", row.id.clone()),
            )
            .await?;
        }
        txn.commit().await?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let with_accounts = self.identity().patients_with_accounts(&ids).await?;
        let today = self.now().date_naive();
        Ok(rows
            .into_iter()
            .map(|row| PatientListing {
                has_account: with_accounts.contains(&row.id),
                display_name: row.display_name(),
                age: rules::age_on(row.birth_date, today),
                birth_date: row.birth_date,
                id: row.id,
            })
            .collect())
    }
}
