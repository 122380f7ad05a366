//! The clinical record: FHIR R4 resources imported from the clinic's systems ([`import`]), stored
//! one row per resource with the resource itself sealed ([`crate::vault`]), and read back as the
//! patient's pages — summary, lists per section, detail with results, trends and attachments — and
//! as a FHIR Bundle for export.
//!
//! Every read goes through the policy: the `records` scope for the record, `results` for lab
//! results, `billing` for insurance; a guardian of an adolescent does not see resources in the
//! clinic's confidential categories; patients and caregivers see results only once the clinic's
//! release delay for their category has passed (staff see them at once).

mod appointments;
mod check_in;
mod claims;
mod classify;
mod fhir_values;
pub mod import;
pub mod jobs;
mod medications;
mod projection;
mod release;
mod view;
pub use view::Fact;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect,
    sea_query::NullOrdering,
};
use serde_json::{Value, json};

pub use appointments::{IMPORTED_SHOWN, ImportedVisit};
pub use check_in::CheckInReview;
pub use claims::Adjudicated;
pub use classify::{MENTAL_HEALTH, REPRODUCTIVE_HEALTH, SEXUAL_HEALTH, SUBSTANCE_USE};
pub use import::{ImportBatch, ImportFile, ImportSummary, Importer, Progress, SourceName};
pub use jobs::{ImportJob, JobStatus, StartedImport};
pub use medications::{Prescription, RenewalContext};
pub use release::{ReleaseDelays, release_delays};
pub use view::AttachmentData;

use projection::{Listed, Shown, Visibility};

use crate::{
    DomainError, DomainResult,
    access::{Access, Authorized, Basis, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    entities::{record_count, record_resource},
    identity::CurrentSession,
    said,
    vault::Field,
};

pub(crate) const RESOURCE_FIELD: Field = Field::new("record_resource", "resource");
pub(crate) const SOURCE_KEY_FIELD: Field = Field::new("record_resource", "source_key");
pub(crate) const CODE_FIELD: Field = Field::new("record_resource", "code");
pub(crate) const IDENTIFIER_FIELD: Field = Field::new("record_identifier", "identifier");

/// The parts of the record, each a page: the one enum the web app uses too.
pub use portico_types::Section;

/// The section a code names, or a plain 422.
pub fn parse_section(code: &str) -> DomainResult<Section> {
    Section::parse(code).ok_or_else(|| DomainError::validation("section", said!("rec-no-section")))
}

/// What the domain knows about each section: the scope a reader needs and the FHIR resource
/// types it lists.
pub trait SectionRules {
    /// The scope a reader needs for this section.
    fn scope(self) -> Scope;
    fn resource_types(self) -> &'static [&'static str];
}

impl SectionRules for Section {
    fn scope(self) -> Scope {
        match self {
            Section::Results => Scope::Results,
            Section::Insurance => Scope::Billing,
            _ => Scope::Records,
        }
    }

    fn resource_types(self) -> &'static [&'static str] {
        match self {
            Section::Problems => &["Condition"],
            Section::Medications => &["MedicationRequest", "MedicationStatement"],
            Section::Allergies => &["AllergyIntolerance"],
            Section::Immunizations => &["Immunization"],
            Section::Results => &["DiagnosticReport", "Observation"],
            Section::Vitals => &["Observation"],
            Section::Visits => &["Encounter"],
            Section::Procedures => &["Procedure"],
            Section::Documents => &["DocumentReference"],
            Section::Insurance => &["Coverage"],
        }
    }
}

/// How a result compares with its reference range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    High,
    Low,
    CriticalHigh,
    CriticalLow,
    Abnormal,
}

impl Flag {
    pub const ALL: [Flag; 5] = [
        Self::High,
        Self::Low,
        Self::CriticalHigh,
        Self::CriticalLow,
        Self::Abnormal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Low => "low",
            Self::CriticalHigh => "critical-high",
            Self::CriticalLow => "critical-low",
            Self::Abnormal => "abnormal",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "high" => Self::High,
            "low" => Self::Low,
            "critical-high" => Self::CriticalHigh,
            "critical-low" => Self::CriticalLow,
            "abnormal" => Self::Abnormal,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::High => "High",
            Self::Low => "Low",
            Self::CriticalHigh => "Critically high",
            Self::CriticalLow => "Critically low",
            Self::Abnormal => "Abnormal",
        }
    }
}

/// One line of a list.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: String,
    pub section: Section,
    /// The record's own title, or Portico's words for a record that has none.
    pub title: crate::i18n::Said,
    /// The line's detail: the record's words, or Portico's ("Since 3 Mar 2024") in the reader's
    /// language.
    pub detail: Option<crate::i18n::Said>,
    pub date: Option<DateTime<Utc>>,
    pub status: Option<String>,
    pub flag: Option<Flag>,
}

/// One result value, with what a reader needs to judge it.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultValue {
    pub id: String,
    /// The test's name as the record has it, or Portico's words for a result without one.
    pub test: crate::i18n::Said,
    pub value: crate::i18n::Said,
    pub number: Option<f64>,
    pub unit: String,
    pub range: Option<String>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub flag: Option<Flag>,
    pub at: Option<DateTime<Utc>>,
}

/// A test's values over time, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub test: crate::i18n::Said,
    pub unit: String,
    pub points: Vec<ResultValue>,
}

/// The summary page.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordSummary {
    pub problems: Vec<Entry>,
    pub medications: Vec<Entry>,
    pub allergies: Vec<Entry>,
    /// The newest value of each test; `None` when the reader may not see results.
    pub latest_results: Option<Vec<ResultValue>>,
    pub upcoming: Vec<Entry>,
    /// How many entries each section the reader may open holds.
    pub sections: Vec<(Section, usize)>,
}

/// How many entries a section's page lists.
pub const PAGE_SIZE: u64 = 25;
/// How many of the newest vital-sign readings the charts draw.
const VITAL_POINTS: u64 = 500;
/// The parts of a visit its page lists.
const VISIT_PARTS: [&str; 7] = [
    "Condition",
    "Procedure",
    "Observation",
    "DiagnosticReport",
    "MedicationRequest",
    "Immunization",
    "DocumentReference",
];

/// Which page of a section's list, and the days it covers (both inclusive, UTC).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// From 0, newest first.
    pub index: u64,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// One page of a section's list, and for vital signs the series to chart.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionView {
    pub entries: Vec<Entry>,
    pub trends: Vec<Trend>,
    /// How many entries the whole list holds (none when the page covers chosen days).
    pub total: Option<u64>,
    /// The page shown, from 0.
    pub page: u64,
    /// Whether older entries follow on the next page.
    pub has_more: bool,
}

/// An attachment as a detail page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct AttachmentInfo {
    pub index: usize,
    pub title: crate::i18n::Said,
    pub content_type: String,
    pub size: usize,
    /// The text of a plain-text note, shown on the page.
    pub text: Option<String>,
}

/// A detail page.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryDetail {
    pub entry: Entry,
    /// (label, value): Portico's label, to be said in the reader's language; the value as the
    /// record holds it.
    pub facts: Vec<(crate::i18n::Said, Fact)>,
    /// A report's results.
    pub results: Vec<ResultValue>,
    /// A result's history (same test), when it has a number.
    pub trend: Option<Trend>,
    /// For a visit: its diagnoses, procedures, results, medications, documents.
    pub related: Vec<Entry>,
    pub attachments: Vec<AttachmentInfo>,
}

/// A decrypted resource with its row.
pub(crate) struct Stored {
    pub row: record_resource::Model,
    pub json: Value,
}

/// How many of the newest results the summary shows.
const SUMMARY_RESULTS: usize = 20;

fn result_value(stored: &Stored) -> ResultValue {
    let parts = view::observation_value(&stored.json);
    ResultValue {
        id: stored.row.id.clone(),
        test: fhir_values::concept_text(&stored.json["code"])
            .map(crate::i18n::Said::plain)
            .unwrap_or_else(|| said!("rec-result-untitled")),
        value: parts.value,
        number: parts.number,
        unit: parts.unit,
        range: parts.range,
        low: parts.low,
        high: parts.high,
        flag: parts.flag,
        at: stored.row.effective_at,
    }
}

fn newest_first(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.title.sort_key().cmp(b.title.sort_key()))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The records service: the patient's pages and the export, over what the policy allowed
/// ([`Authorized<PatientScope>`]), and the import. Cheap to clone.
#[derive(Clone)]
pub struct Records {
    access: Access,
    running: jobs::Running,
}

impl Records {
    pub fn new(access: Access) -> Self {
        Self {
            access,
            running: jobs::Running::default(),
        }
    }

    fn db(&self) -> &sea_orm::DatabaseConnection {
        self.access.core().db()
    }

    fn vault(&self) -> &crate::vault::Vault {
        self.access.core().vault()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.access.now()
    }

    /// What this reader may see of the patient's record.
    async fn visibility(&self, permit: &Authorized<PatientScope>) -> DomainResult<Visibility> {
        let delays = match permit.basis() {
            Basis::Staff(_) => ReleaseDelays::default(),
            _ => release_delays(self.db()).await?,
        };
        Ok(Visibility::new(
            permit.hidden_categories(),
            delays,
            self.now(),
        ))
    }

    /// The patient's resources of `types` that this reader may see, decrypted: for the export,
    /// which is the whole record.
    async fn load_visible(
        &self,
        permit: &Authorized<PatientScope>,
        types: &[&str],
    ) -> DomainResult<Vec<Stored>> {
        let visibility = self.visibility(permit).await?;
        let rows = record_resource::Entity::find()
            .filter(record_resource::Column::PatientId.eq(permit.patient_id()))
            .filter(record_resource::Column::ResourceType.is_in(types.iter().copied()))
            .filter(visibility.condition())
            .order_by_desc(record_resource::Column::EffectiveAt)
            .all(self.db())
            .await?;
        rows.into_iter()
            .map(|row| self.open_resource(row))
            .collect()
    }

    /// The listed rows a query finds, their projections opened.
    async fn shown(
        &self,
        query: sea_orm::Select<record_resource::Entity>,
    ) -> DomainResult<Vec<Shown>> {
        query
            .into_model::<Listed>()
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| Shown::open(self.vault(), row))
            .collect()
    }

    /// The patient's listed rows with the given unique keys (ids or source key hashes) that
    /// `condition` admits, their projections opened: looked up by the key, the patient checked
    /// on what is found ([`projection::listed_by_key`]).
    async fn shown_by_key(
        &self,
        patient_id: &str,
        column: record_resource::Column,
        keys: &[String],
        condition: Condition,
    ) -> DomainResult<Vec<Shown>> {
        let mut out = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(500) {
            let shown = self
                .shown(
                    projection::listed_by_key(column, chunk.iter().cloned())
                        .filter(condition.clone()),
                )
                .await?;
            out.extend(shown.into_iter().filter(|s| s.row.is_of(patient_id)));
        }
        Ok(out)
    }

    /// Decrypts a stored resource.
    fn open_resource(&self, row: record_resource::Model) -> DomainResult<Stored> {
        let json: Value =
            serde_json::from_str(&self.vault().open(RESOURCE_FIELD, &row.id, &row.resource)?)
                .map_err(|e| DomainError::Internal(format!("stored resource: {e}")))?;
        Ok(Stored { row, json })
    }

    /// The summary: active problems, current medications, allergies, the newest results (with
    /// the `results` scope) and upcoming visits. Audited as a record read.
    #[tracing::instrument(name = "records.summary", skip_all)]
    pub async fn summary(
        &self,
        permit: &Authorized<PatientScope>,
        meta: &RequestMeta,
    ) -> DomainResult<RecordSummary> {
        permit.require(Scope::Records, Mode::Read)?;
        let show_results = permit.holds(Scope::Results);
        let readable: Vec<&str> = Section::ALL
            .into_iter()
            .filter(|s| permit.holds(s.scope()))
            .map(Section::as_str)
            .collect();
        let visibility = self.visibility(permit).await?;
        let now = self.now();
        let patient_id = permit.patient_id();
        use record_resource::Column;
        let counts = self
            .section_counts(patient_id, &visibility, &readable)
            .await?;
        // Active problems, current medications, allergies, upcoming visits.
        let active = Condition::any()
            .add(
                Condition::all()
                    .add(Column::ResourceType.eq("Condition"))
                    .add(Column::Status.is_in(["active", "recurrence", "relapse"])),
            )
            .add(active_allergies())
            .add(current_medications())
            .add(
                Condition::all()
                    .add(Column::ResourceType.eq("Encounter"))
                    .add(Column::Status.is_in(["planned", "arrived", "triaged"]))
                    .add(Column::EffectiveAt.gte(now)),
            );
        // Only the sections these come from: the index then never walks the results.
        let listed_sections = [
            Section::Problems,
            Section::Medications,
            Section::Allergies,
            Section::Visits,
        ]
        .map(Section::as_str)
        .into_iter()
        .filter(|s| readable.contains(s));
        let listed = self
            .shown(
                projection::listed(patient_id)
                    .filter(Column::Section.is_in(listed_sections))
                    .filter(active)
                    .filter(visibility.condition()),
            )
            .await?;
        let mut summary = RecordSummary {
            problems: Vec::new(),
            medications: Vec::new(),
            allergies: Vec::new(),
            latest_results: None,
            upcoming: Vec::new(),
            sections: Vec::new(),
        };
        for entry in listed.iter().filter_map(Shown::entry) {
            match entry.section {
                Section::Problems => summary.problems.push(entry),
                Section::Medications => summary.medications.push(entry),
                Section::Allergies => summary.allergies.push(entry),
                Section::Visits => summary.upcoming.push(entry),
                _ => {}
            }
        }
        if show_results {
            summary.latest_results = Some(self.latest_results(patient_id, &visibility).await?);
        }
        summary
            .upcoming
            .sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        for list in [
            &mut summary.problems,
            &mut summary.medications,
            &mut summary.allergies,
        ] {
            newest_first(list);
        }
        summary.sections = Section::ALL
            .into_iter()
            .filter(|s| permit.holds(s.scope()))
            .map(|s| {
                let n = counts.get(s.as_str()).copied().unwrap_or(0);
                (s, usize::try_from(n).unwrap_or(0))
            })
            .collect();
        audit::record(
            self.db(),
            now,
            meta,
            permit.audit("record.read").resource("record", "summary"),
        )
        .await?;
        Ok(summary)
    }

    /// How many entries each of `sections` lists for this reader: the counts every import keeps,
    /// less what this reader may not see (found in the index among the rows that may be unseen,
    /// for a reader who does not see everything).
    async fn section_counts(
        &self,
        patient_id: &str,
        visibility: &Visibility,
        sections: &[&str],
    ) -> DomainResult<BTreeMap<String, i64>> {
        use record_resource::Column;
        let mut counts: BTreeMap<String, i64> = record_count::Entity::find()
            .filter(record_count::Column::PatientId.eq(patient_id))
            .filter(record_count::Column::Section.is_in(sections.iter().copied()))
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| (row.section, row.listed))
            .collect();
        if !visibility.sees_everything() {
            let unseen: Vec<(Option<String>, i64)> = record_resource::Entity::find()
                .select_only()
                .column(Column::Section)
                .column_as(projection::count_ids(), "n")
                .filter(Column::PatientId.eq(patient_id))
                .filter(Column::Section.is_in(sections.iter().copied()))
                .filter(Column::InReport.eq(false))
                .filter(visibility.maybe_unseen())
                .filter(visibility.condition().not())
                .group_by(Column::Section)
                .into_tuple()
                .all(self.db())
                .await?;
            for (section, n) in unseen {
                if let Some(count) = section.and_then(|s| counts.get_mut(&s)) {
                    *count = (*count - n).max(0);
                }
            }
        }
        Ok(counts)
    }

    /// The newest value of each test this reader may see, newest first, at most
    /// [`SUMMARY_RESULTS`]: from the rows marked as their test's latest, so the cost follows the
    /// number of tests, not of results. A test whose latest value this reader may not see yet
    /// (held for release, or hidden) falls back to its newest visible value.
    async fn latest_results(
        &self,
        patient_id: &str,
        visibility: &Visibility,
    ) -> DomainResult<Vec<ResultValue>> {
        use record_resource::Column;
        type Latest = (
            String,
            Option<String>,
            String,
            String,
            Option<DateTime<Utc>>,
        );
        let latest: Vec<Latest> = record_resource::Entity::find()
            .select_only()
            .columns([
                Column::Id,
                Column::CodeHash,
                Column::Category,
                Column::Sensitivity,
                Column::EffectiveAt,
            ])
            .filter(Column::PatientId.eq(patient_id))
            .filter(Column::IsLatest.eq(true))
            .filter(Column::Section.eq(Section::Results.as_str()))
            .filter(Column::ResourceType.eq("Observation"))
            .into_tuple()
            .all(self.db())
            .await?;
        let mut candidates: Vec<(Option<DateTime<Utc>>, String)> = Vec::new();
        for (id, code_hash, category, sensitivity, at) in latest {
            if visibility.allows("Observation", &category, &sensitivity, at) {
                candidates.push((at, id));
                continue;
            }
            let Some(code_hash) = code_hash else {
                continue;
            };
            let visible: Option<(String, Option<DateTime<Utc>>)> = record_resource::Entity::find()
                .select_only()
                .columns([Column::Id, Column::EffectiveAt])
                .filter(Column::PatientId.eq(patient_id))
                .filter(Column::CodeHash.eq(code_hash))
                .filter(Column::ResourceType.eq("Observation"))
                .filter(Column::Section.eq(Section::Results.as_str()))
                .filter(visibility.condition())
                .order_by_with_nulls(Column::EffectiveAt, Order::Desc, NullOrdering::Last)
                .order_by_desc(Column::Id)
                .into_tuple()
                .one(self.db())
                .await?;
            candidates.extend(visible.map(|(id, at)| (at, id)));
        }
        // Newest first; ties at the cut are settled by the test's name, so every candidate dated
        // on or after the cut is opened.
        candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
        if let Some((cut, _)) = candidates.get(SUMMARY_RESULTS.saturating_sub(1)).cloned() {
            candidates.retain(|(at, _)| *at >= cut);
        }
        let ids: Vec<String> = candidates.into_iter().map(|(_, id)| id).collect();
        let mut values: Vec<ResultValue> = self
            .shown_by_key(patient_id, Column::Id, &ids, Condition::all())
            .await?
            .iter()
            .map(Shown::result_value)
            .collect();
        values.sort_by(|a, b| {
            b.at.cmp(&a.at)
                .then_with(|| a.test.sort_key().cmp(b.test.sort_key()))
                .then_with(|| a.id.cmp(&b.id))
        });
        values.truncate(SUMMARY_RESULTS);
        Ok(values)
    }

    /// One page of a section's list, newest first (undated last), optionally between two days;
    /// vital signs come with their series for charts (the newest [`VITAL_POINTS`] readings of the
    /// same days). Reads and opens only the rows it shows.
    #[tracing::instrument(name = "records.section", skip_all, fields(section = section.as_str()))]
    pub async fn section(
        &self,
        permit: &Authorized<PatientScope>,
        section: Section,
        page: &Page,
        meta: &RequestMeta,
    ) -> DomainResult<SectionView> {
        use record_resource::Column;
        permit.require(section.scope(), Mode::Read)?;
        let action = read_action(section.scope());
        let visibility = self.visibility(permit).await?;
        // Results are listed by report; observations that a report holds appear under it.
        let mut query = projection::listed(permit.patient_id())
            .filter(Column::Section.eq(section.as_str()))
            .filter(Column::InReport.eq(false))
            .filter(visibility.condition());
        if let Some(from) = page.from {
            query = query.filter(Column::EffectiveAt.gte(from.and_time(NaiveTime::MIN).and_utc()));
        }
        if let Some(to) = page.to {
            let end = to
                .succ_opt()
                .unwrap_or(to)
                .and_time(NaiveTime::MIN)
                .and_utc();
            query = query.filter(Column::EffectiveAt.lt(end));
        }
        // The count is kept for the whole list; within chosen days the page only knows whether
        // more follow.
        let total = if page.from.is_none() && page.to.is_none() {
            let counts = self
                .section_counts(permit.patient_id(), &visibility, &[section.as_str()])
                .await?;
            Some(counts.get(section.as_str()).copied().unwrap_or(0).max(0) as u64)
        } else {
            None
        };
        let newest_first = |query: sea_orm::Select<record_resource::Entity>| {
            query
                .order_by_with_nulls(Column::EffectiveAt, Order::Desc, NullOrdering::Last)
                .order_by_asc(Column::Id)
        };
        let mut shown = self
            .shown(
                newest_first(query.clone())
                    .offset(page.index.saturating_mul(PAGE_SIZE))
                    .limit(PAGE_SIZE + 1),
            )
            .await?;
        let has_more = shown.len() as u64 > PAGE_SIZE;
        shown.truncate(PAGE_SIZE as usize);
        let entries: Vec<Entry> = shown.iter().filter_map(Shown::entry).collect();
        let trends = if section == Section::Vitals {
            let readings = self.shown(newest_first(query).limit(VITAL_POINTS)).await?;
            vital_trends(&readings)
        } else {
            Vec::new()
        };
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit.audit(action).resource("record", section.as_str()),
        )
        .await?;
        Ok(SectionView {
            entries,
            trends,
            total,
            page: page.index,
            has_more,
        })
    }

    fn source_keys(&self, stored: &[Stored]) -> DomainResult<HashMap<String, String>> {
        stored
            .iter()
            .map(|s| {
                Ok((
                    s.row.id.clone(),
                    self.vault()
                        .open(SOURCE_KEY_FIELD, &s.row.id, &s.row.source_key)?,
                ))
            })
            .collect()
    }

    /// The scope a reader needs for one entry, from its section (the records scope for an id
    /// that is not the patient's): what to ask the policy for before [`Records::entry`]. Reads
    /// only the row's clear columns, never its sealed content.
    pub async fn entry_scope(&self, patient_id: &str, entry_id: &str) -> DomainResult<Scope> {
        Ok(self
            .entry_row(patient_id, entry_id)
            .await?
            .map_or(Scope::Records, |(_, section)| section.scope()))
    }

    async fn entry_row(
        &self,
        patient_id: &str,
        entry_id: &str,
    ) -> DomainResult<Option<(record_resource::Model, Section)>> {
        // By id alone (a unique lookup), then the patient checked here.
        let row = record_resource::Entity::find_by_id(entry_id)
            .one(self.db())
            .await?
            .filter(|row| row.patient_id.as_deref() == Some(patient_id));
        Ok(row.and_then(|row| {
            let section = view::section_of(&Stored {
                row: row.clone(),
                json: Value::Null,
            })?;
            Some((row, section))
        }))
    }

    /// The entry the answer allows: it must be the patient's, and the answer must be for its
    /// section's scope (ask with [`Records::entry_scope`]).
    async fn allowed_entry(
        &self,
        permit: &Authorized<PatientScope>,
        entry_id: &str,
    ) -> DomainResult<(record_resource::Model, Section)> {
        let (row, section) = self
            .entry_row(permit.patient_id(), entry_id)
            .await?
            .ok_or(DomainError::NotFound)?;
        permit.require(section.scope(), Mode::Read)?;
        Ok((row, section))
    }

    /// One entry with its facts, and what belongs to it: a report's results, a result's trend, a
    /// visit's diagnoses, procedures, results and notes, a document's attachments.
    #[tracing::instrument(name = "records.entry", skip_all)]
    pub async fn entry(
        &self,
        permit: &Authorized<PatientScope>,
        entry_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<EntryDetail> {
        use record_resource::Column;
        let (row, section) = self.allowed_entry(permit, entry_id).await?;
        let action = read_action(section.scope());
        let visibility = self.visibility(permit).await?;
        if !visibility.allows_row(&row) {
            return Err(DomainError::NotFound);
        }
        let patient_id = permit.patient_id();
        let item = self.open_resource(row)?;
        let entry = view::entry(&item).ok_or(DomainError::NotFound)?;
        let mut detail = EntryDetail {
            facts: view::facts(&item),
            entry,
            results: Vec::new(),
            trend: None,
            related: Vec::new(),
            attachments: view::attachments(&item)
                .into_iter()
                .enumerate()
                .map(|(index, a)| AttachmentInfo {
                    index,
                    size: a.data.len(),
                    text: (a.content_type.starts_with("text/plain"))
                        .then(|| String::from_utf8_lossy(&a.data).into_owned()),
                    title: a.title,
                    content_type: a.content_type,
                })
                .collect(),
        };
        match item.row.resource_type.as_str() {
            "DiagnosticReport" => {
                // The report's results, in its order.
                let hashes: Vec<String> = item.json["result"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r["reference"].as_str())
                    .map(|key| self.source_key_hash(&SourceName::stored(&item.row.source), key))
                    .collect();
                let found: HashMap<String, Shown> = self
                    .shown_by_key(
                        patient_id,
                        Column::SourceKeyHash,
                        &hashes,
                        visibility.condition(),
                    )
                    .await?
                    .into_iter()
                    .map(|s| (s.row.source_key_hash.clone(), s))
                    .collect();
                detail.results = hashes
                    .iter()
                    .filter_map(|h| found.get(h))
                    .map(Shown::result_value)
                    .collect();
            }
            "Observation" => {
                let value = result_value(&item);
                if value.number.is_some()
                    && let Some(code_hash) = &item.row.code_hash
                {
                    let history = self
                        .shown(
                            projection::listed(patient_id)
                                .filter(Column::CodeHash.eq(code_hash.as_str()))
                                .filter(Column::ResourceType.eq("Observation"))
                                .filter(visibility.condition()),
                        )
                        .await?;
                    let mut points: Vec<ResultValue> = history
                        .iter()
                        .map(Shown::result_value)
                        .filter(|v| v.number.is_some() && v.at.is_some())
                        .collect();
                    points.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
                    detail.trend = Some(Trend {
                        test: value.test.clone(),
                        unit: value.unit.clone(),
                        points,
                    });
                }
                detail.results = vec![value];
            }
            "Encounter" => {
                let shown = self
                    .shown(
                        projection::listed(patient_id)
                            .filter(Column::EncounterHash.eq(item.row.source_key_hash.as_str()))
                            .filter(Column::ResourceType.is_in(VISIT_PARTS))
                            .filter(Column::Id.ne(item.row.id.as_str()))
                            .filter(visibility.condition()),
                    )
                    .await?;
                let mut related: Vec<Entry> = shown
                    .iter()
                    .filter_map(Shown::entry)
                    .filter(|e| permit.holds(e.section.scope()))
                    .collect();
                related.sort_by(|a, b| {
                    a.section
                        .cmp(&b.section)
                        .then_with(|| a.title.sort_key().cmp(b.title.sort_key()))
                        .then_with(|| a.id.cmp(&b.id))
                });
                detail.related = related;
            }
            _ => {}
        }
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit(action)
                .resource("record_entry", item.row.id.clone()),
        )
        .await?;
        Ok(detail)
    }

    /// An attachment's bytes, for download. Audited.
    #[tracing::instrument(name = "records.attachment", skip_all)]
    pub async fn attachment(
        &self,
        permit: &Authorized<PatientScope>,
        entry_id: &str,
        index: usize,
        meta: &RequestMeta,
    ) -> DomainResult<AttachmentData> {
        let (row, _) = self.allowed_entry(permit, entry_id).await?;
        if !self.visibility(permit).await?.allows_row(&row) {
            return Err(DomainError::NotFound);
        }
        let item = self.open_resource(row)?;
        let attachment = view::attachments(&item)
            .into_iter()
            .nth(index)
            .ok_or(DomainError::NotFound)?;
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("document.download")
                .resource("record_entry", entry_id.to_owned()),
        )
        .await?;
        Ok(attachment)
    }

    /// The whole record the reader may see as a FHIR R4 `collection` Bundle (JSON), with the
    /// practitioners and organizations it refers to. Needs the `records` scope and a fresh passkey
    /// check; audited. `base_url` makes each entry's full URL (`{base_url}/Type/id`). `more` adds
    /// what other areas keep of the patient (their visits), given how the bundle names the
    /// patient (`Patient/…`).
    #[tracing::instrument(name = "records.export", skip_all)]
    pub async fn export(
        &self,
        permit: &Authorized<PatientScope>,
        session: &CurrentSession,
        base_url: &str,
        more: impl FnOnce(&str) -> Vec<Value>,
        meta: &RequestMeta,
    ) -> DomainResult<(String, usize)> {
        permit.require(Scope::Records, Mode::Read)?;
        permit.require_session(session)?;
        self.access.identity().require_step_up(session)?;
        let mut types: Vec<&str> = vec!["Patient"];
        for section in Section::ALL {
            if permit.holds(section.scope()) {
                types.extend(section.resource_types());
            }
        }
        // Imported appointments, with the appointments scope.
        let appointments = permit.holds(Scope::Appointments);
        if appointments {
            types.push("Appointment");
        }
        types.sort_unstable();
        types.dedup();
        let mut stored = self.load_visible(permit, &types).await?;
        // Observations of the vitals or results sections share a type: drop those whose section
        // the reader may not open.
        stored.retain(|s| {
            s.row.resource_type == "Patient"
                || (appointments && s.row.resource_type == "Appointment")
                || view::section_of(s).is_some_and(|section| permit.holds(section.scope()))
        });
        let mut keys = self.source_keys(&stored)?;
        let referenced = referenced_keys(
            &stored,
            &["Practitioner", "Organization", "Location", "Slot"],
        );
        let mut shared = self.shared_resources(&referenced).await?;
        // The schedules the slots belong to.
        let schedules = referenced_keys(&shared, &["Schedule"]);
        shared.extend(self.shared_resources(&schedules).await?);
        keys.extend(self.source_keys(&shared)?);
        let base = base_url.trim_end_matches('/');
        let mut entries: Vec<Value> = stored
            .iter()
            .chain(shared.iter())
            .map(|s| {
                json!({
                    "fullUrl": format!("{base}/{}", keys[&s.row.id]),
                    "resource": s.json,
                })
            })
            .collect();
        // What other areas keep of the patient (visits), referring to the patient as above.
        let patient_reference = stored
            .iter()
            .find(|s| s.row.resource_type == "Patient")
            .map(|s| keys[&s.row.id].clone())
            .unwrap_or_else(|| format!("Patient/{}", permit.patient_id()));
        entries.extend(more(&patient_reference).into_iter().map(|resource| {
            json!({
                "fullUrl": format!(
                    "{base}/{}/{}",
                    resource["resourceType"].as_str().unwrap_or_default(),
                    resource["id"].as_str().unwrap_or_default()
                ),
                "resource": resource,
            })
        }));
        let count = entries.len();
        let bundle = json!({
            "resourceType": "Bundle",
            "id": uuid::Uuid::new_v4().to_string(),
            "meta": {"lastUpdated": self.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)},
            "type": "collection",
            "timestamp": self.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "entry": entries,
        });
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("record.export")
                .resource("record", format!("{count} resources")),
        )
        .await?;
        let text = serde_json::to_string_pretty(&bundle)
            .map_err(|e| DomainError::Internal(format!("export: {e}")))?;
        Ok((text, count))
    }

    /// Stored practitioners and organizations by their keys after their source
    /// ([`referenced_keys`]).
    async fn shared_resources(&self, keys: &HashSet<String>) -> DomainResult<Vec<Stored>> {
        let hashes: Vec<String> = keys
            .iter()
            .map(|k| self.vault().index_hash(SOURCE_KEY_FIELD, k))
            .collect();
        let mut out = Vec::new();
        for chunk in hashes.chunks(500) {
            let rows = record_resource::Entity::find()
                .filter(record_resource::Column::SourceKeyHash.is_in(chunk.iter().cloned()))
                .filter(record_resource::Column::PatientId.is_null())
                .all(self.db())
                .await?;
            for row in rows {
                out.push(self.open_resource(row)?);
            }
        }
        Ok(out)
    }
}

/// Allergies in force (an allergy with no clinical status counts).
fn active_allergies() -> Condition {
    use record_resource::Column;
    Condition::all()
        .add(Column::ResourceType.eq("AllergyIntolerance"))
        .add(
            Condition::any()
                .add(Column::Status.is_null())
                .add(Column::Status.eq("active")),
        )
}

/// Medicines the patient takes now (active or on hold).
fn current_medications() -> Condition {
    use record_resource::Column;
    Condition::all()
        .add(Column::ResourceType.is_in(["MedicationRequest", "MedicationStatement"]))
        .add(Column::Status.is_in(["active", "on-hold"]))
}

/// The audit action of a read: results are told apart from the rest of the record.
/// The audit action of a read in `scope`: results are audited apart from the rest of the record.
pub fn read_action(scope: Scope) -> &'static str {
    if scope == Scope::Results {
        "results.read"
    } else {
        "record.read"
    }
}

/// `Type/id` references of the given types anywhere in the resources, each after the source of
/// the resource that makes it ([`SourceName::keyed`]): what their key hashes cover.
fn referenced_keys(stored: &[Stored], kinds: &[&str]) -> HashSet<String> {
    fn walk(value: &Value, kinds: &[&str], source: &SourceName, out: &mut HashSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("reference")
                    && let Some((kind, _)) = reference.split_once('/')
                    && kinds.contains(&kind)
                {
                    out.insert(source.keyed(reference));
                }
                map.values()
                    .for_each(|child| walk(child, kinds, source, out));
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, kinds, source, out)),
            _ => {}
        }
    }
    let mut out = HashSet::new();
    for s in stored {
        walk(&s.json, kinds, &SourceName::stored(&s.row.source), &mut out);
    }
    out
}

/// Series of vital signs with at least two numeric values; blood pressure panels become two
/// series (systolic and diastolic).
fn vital_trends(readings: &[Shown]) -> Vec<Trend> {
    let mut series: BTreeMap<String, Trend> = BTreeMap::new();
    for item in readings.iter().filter(|s| s.row.category == "vital-signs") {
        let mut add = |test: crate::i18n::Said, unit: String, number: f64, value: ResultValue| {
            let key = test.sort_key().to_owned();
            let trend = series.entry(key).or_insert_with(|| Trend {
                test,
                unit,
                points: Vec::new(),
            });
            trend.points.push(ResultValue {
                number: Some(number),
                value: crate::i18n::Said::plain(fhir_values::number_text(number)),
                ..value
            });
        };
        let base = item.result_value();
        if base.at.is_none() {
            continue;
        }
        if let Some(number) = base.number {
            add(base.test.clone(), base.unit.clone(), number, base.clone());
        }
        for part in item.parts() {
            let test = crate::i18n::Said::plain(part.test.as_str());
            let value = ResultValue {
                test: test.clone(),
                unit: part.unit.clone(),
                ..base.clone()
            };
            add(test, part.unit.clone(), part.number, value);
        }
    }
    let mut out: Vec<Trend> = series
        .into_values()
        .filter(|t| t.points.len() >= 2)
        .collect();
    for trend in &mut out {
        trend
            .points
            .sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    }
    out
}
