//! The clinical record: FHIR R4 resources imported from the clinic's systems ([`import`]), stored
//! one row per resource with the resource itself sealed ([`crate::vault`]), and read back as the
//! patient's pages — summary, lists per section, detail with results, trends and attachments — and
//! as a FHIR Bundle for export.
//!
//! Every read goes through the policy: the `records` scope for the record, `results` for lab
//! results, `billing` for insurance; a guardian of an adolescent does not see resources in the
//! clinic's confidential categories; patients and caregivers see results only once the clinic's
//! release delay for their category has passed (staff see them at once).

mod classify;
mod fhir_values;
pub mod import;
mod release;
mod view;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

pub use classify::{MENTAL_HEALTH, REPRODUCTIVE_HEALTH, SEXUAL_HEALTH, SUBSTANCE_USE};
pub use import::{ImportFile, ImportSummary, Importer, Progress};
pub use release::{ReleaseDelays, release_delays, save_release_delays};
pub use view::AttachmentData;

use crate::{
    DomainError, DomainResult,
    access::{Access, Authorized, Basis, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    entities::record_resource,
    identity::CurrentSession,
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
    Section::parse(code)
        .ok_or_else(|| DomainError::validation("section", "no such part of the record"))
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
    pub fn as_str(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Low => "low",
            Self::CriticalHigh => "critical-high",
            Self::CriticalLow => "critical-low",
            Self::Abnormal => "abnormal",
        }
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
    pub title: String,
    pub detail: Option<String>,
    pub date: Option<DateTime<Utc>>,
    pub status: Option<String>,
    pub flag: Option<Flag>,
}

/// One result value, with what a reader needs to judge it.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultValue {
    pub id: String,
    pub test: String,
    pub value: String,
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
    pub test: String,
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

/// A section's list, and for vital signs the series to chart.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionView {
    pub entries: Vec<Entry>,
    pub trends: Vec<Trend>,
}

/// An attachment as a detail page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentInfo {
    pub index: usize,
    pub title: String,
    pub content_type: String,
    pub size: usize,
    /// The text of a plain-text note, shown on the page.
    pub text: Option<String>,
}

/// A detail page.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryDetail {
    pub entry: Entry,
    pub facts: Vec<(String, String)>,
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
        test: fhir_values::concept_text(&stored.json["code"]).unwrap_or_else(|| "Result".into()),
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
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
}

fn is_active(stored: &Stored) -> bool {
    match stored.row.resource_type.as_str() {
        "Condition" => matches!(
            stored.row.status.as_deref(),
            Some("active" | "recurrence" | "relapse")
        ),
        "AllergyIntolerance" => matches!(stored.row.status.as_deref(), None | Some("active")),
        "MedicationRequest" | "MedicationStatement" => {
            matches!(stored.row.status.as_deref(), Some("active" | "on-hold"))
        }
        _ => false,
    }
}

/// The records service: the patient's pages and the export, over what the policy allowed
/// ([`Authorized<PatientScope>`]), and the import. Cheap to clone.
#[derive(Clone)]
pub struct Records {
    access: Access,
}

impl Records {
    pub fn new(access: Access) -> Self {
        Self { access }
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

    /// The patient's resources of `types` that this reader may see, decrypted.
    async fn load_visible(
        &self,
        permit: &Authorized<PatientScope>,
        types: &[&str],
    ) -> DomainResult<Vec<Stored>> {
        let patient_id = permit.patient_id();
        let rows = record_resource::Entity::find()
            .filter(record_resource::Column::PatientId.eq(patient_id))
            .filter(record_resource::Column::ResourceType.is_in(types.iter().copied()))
            .order_by_desc(record_resource::Column::EffectiveAt)
            .all(self.db())
            .await?;
        let hidden = permit.hidden_categories();
        let delays = match permit.basis() {
            Basis::Staff(_) => ReleaseDelays::default(),
            _ => release_delays(self.db()).await?,
        };
        let now = self.now();
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            if row
                .sensitivity
                .split(',')
                .any(|category| !category.is_empty() && hidden.iter().any(|h| h == category))
            {
                continue;
            }
            if matches!(
                row.resource_type.as_str(),
                "Observation" | "DiagnosticReport"
            ) && !delays.released(&row.category, row.effective_at, now)
            {
                continue;
            }
            out.push(self.open_resource(row)?);
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
        let mut types: Vec<&str> = Vec::new();
        for section in Section::ALL {
            if permit.holds(section.scope()) {
                types.extend(section.resource_types());
            }
        }
        types.sort_unstable();
        types.dedup();
        let stored = self.load_visible(permit, &types).await?;
        let now = self.now();
        let mut summary = RecordSummary {
            problems: Vec::new(),
            medications: Vec::new(),
            allergies: Vec::new(),
            latest_results: None,
            upcoming: Vec::new(),
            sections: Vec::new(),
        };
        let mut counts: BTreeMap<Section, usize> = BTreeMap::new();
        let mut latest: HashMap<String, ResultValue> = HashMap::new();
        for item in &stored {
            let Some(entry) = view::entry(item) else {
                continue;
            };
            if !permit.holds(entry.section.scope()) {
                continue;
            }
            *counts.entry(entry.section).or_default() += 1;
            if view::is_upcoming(item, now) {
                summary.upcoming.push(entry.clone());
            }
            if entry.section == Section::Results
                && item.row.resource_type == "Observation"
                && show_results
            {
                let key = item
                    .row
                    .code_hash
                    .clone()
                    .unwrap_or_else(|| item.row.id.clone());
                let value = result_value(item);
                // Rows come newest first: the first of each test is its latest.
                latest.entry(key).or_insert(value);
            }
            if !is_active(item) {
                continue;
            }
            match entry.section {
                Section::Problems => summary.problems.push(entry),
                Section::Medications => summary.medications.push(entry),
                Section::Allergies => summary.allergies.push(entry),
                _ => {}
            }
        }
        if show_results {
            let mut latest: Vec<ResultValue> = latest.into_values().collect();
            latest.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.test.cmp(&b.test)));
            latest.truncate(SUMMARY_RESULTS);
            summary.latest_results = Some(latest);
        }
        summary.upcoming.sort_by_key(|a| a.date);
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
            .map(|s| (s, counts.get(&s).copied().unwrap_or(0)))
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

    /// One section's list, newest first; vital signs come with their series for charts.
    #[tracing::instrument(name = "records.section", skip_all, fields(section = section.as_str()))]
    pub async fn section(
        &self,
        permit: &Authorized<PatientScope>,
        section: Section,
        meta: &RequestMeta,
    ) -> DomainResult<SectionView> {
        permit.require(section.scope(), Mode::Read)?;
        let action = read_action(section.scope());
        let stored = self.load_visible(permit, section.resource_types()).await?;
        // Results are listed by report; observations that a report holds appear under it.
        let in_reports: HashSet<String> = stored
            .iter()
            .filter(|s| s.row.resource_type == "DiagnosticReport")
            .flat_map(|s| {
                s.json["result"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r["reference"].as_str().map(str::to_owned))
                    .collect::<Vec<_>>()
            })
            .collect();
        let keys = self.source_keys(&stored)?;
        let mut entries: Vec<Entry> = stored
            .iter()
            .filter(|s| !(section == Section::Results && in_reports.contains(&keys[&s.row.id])))
            .filter_map(view::entry)
            .filter(|e| e.section == section)
            .collect();
        newest_first(&mut entries);
        let trends = if section == Section::Vitals {
            vital_trends(&stored)
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
        Ok(SectionView { entries, trends })
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
        let row = record_resource::Entity::find_by_id(entry_id)
            .filter(record_resource::Column::PatientId.eq(patient_id))
            .one(self.db())
            .await?;
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
        let (row, section) = self.allowed_entry(permit, entry_id).await?;
        let action = read_action(section.scope());
        let types: &[&str] = match section {
            Section::Visits => &[
                "Encounter",
                "Condition",
                "Procedure",
                "Observation",
                "DiagnosticReport",
                "MedicationRequest",
                "Immunization",
                "DocumentReference",
            ],
            Section::Results | Section::Vitals => &["Observation", "DiagnosticReport"],
            _ => section.resource_types(),
        };
        let stored = self.load_visible(permit, types).await?;
        let item = stored
            .iter()
            .find(|s| s.row.id == row.id)
            .ok_or(DomainError::NotFound)?;
        let entry = view::entry(item).ok_or(DomainError::NotFound)?;
        let keys = self.source_keys(&stored)?;
        let by_key: HashMap<&str, &Stored> = stored
            .iter()
            .map(|s| (keys[&s.row.id].as_str(), s))
            .collect();
        let own_key = keys[&item.row.id].clone();
        let mut detail = EntryDetail {
            facts: view::facts(item),
            entry,
            results: Vec::new(),
            trend: None,
            related: Vec::new(),
            attachments: view::attachments(item)
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
                detail.results = item.json["result"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| by_key.get(r["reference"].as_str()?))
                    .map(|s| result_value(s))
                    .collect();
            }
            "Observation" => {
                let value = result_value(item);
                if value.number.is_some() && item.row.code_hash.is_some() {
                    let mut points: Vec<ResultValue> = stored
                        .iter()
                        .filter(|s| {
                            s.row.resource_type == "Observation"
                                && s.row.code_hash == item.row.code_hash
                        })
                        .map(result_value)
                        .filter(|v| v.number.is_some() && v.at.is_some())
                        .collect();
                    points.sort_by_key(|a| a.at);
                    detail.trend = Some(Trend {
                        test: value.test.clone(),
                        unit: value.unit.clone(),
                        points,
                    });
                }
                detail.results = vec![value];
            }
            "Encounter" => {
                let mut related: Vec<Entry> = stored
                    .iter()
                    .filter(|s| s.row.id != item.row.id)
                    .filter(|s| {
                        let encounter = &s.json["encounter"];
                        let context = &s.json["context"]["encounter"];
                        encounter["reference"].as_str() == Some(own_key.as_str())
                            || context
                                .as_array()
                                .into_iter()
                                .flatten()
                                .chain(std::iter::once(context))
                                .any(|c| c["reference"].as_str() == Some(own_key.as_str()))
                    })
                    .filter_map(view::entry)
                    .filter(|e| permit.holds(e.section.scope()))
                    .collect();
                related.sort_by(|a, b| a.section.cmp(&b.section).then(a.title.cmp(&b.title)));
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
        let stored = self
            .load_visible(permit, &[row.resource_type.as_str()])
            .await?;
        let item = stored
            .iter()
            .find(|s| s.row.id == row.id)
            .ok_or(DomainError::NotFound)?;
        let attachment = view::attachments(item)
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
    /// check; audited. `base_url` makes each entry's full URL (`{base_url}/Type/id`).
    #[tracing::instrument(name = "records.export", skip_all)]
    pub async fn export(
        &self,
        permit: &Authorized<PatientScope>,
        session: &CurrentSession,
        base_url: &str,
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
        types.sort_unstable();
        types.dedup();
        let mut stored = self.load_visible(permit, &types).await?;
        // Observations of the vitals or results sections share a type: drop those whose section
        // the reader may not open.
        stored.retain(|s| {
            s.row.resource_type == "Patient"
                || view::section_of(s).is_some_and(|section| permit.holds(section.scope()))
        });
        let mut keys = self.source_keys(&stored)?;
        let referenced = referenced_keys(&stored, &["Practitioner", "Organization"]);
        let shared = self.shared_resources(&referenced).await?;
        keys.extend(self.source_keys(&shared)?);
        let base = base_url.trim_end_matches('/');
        let entries: Vec<Value> = stored
            .iter()
            .chain(shared.iter())
            .map(|s| {
                json!({
                    "fullUrl": format!("{base}/{}", keys[&s.row.id]),
                    "resource": s.json,
                })
            })
            .collect();
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

    /// Stored practitioners and organizations by their source keys.
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

/// The audit action of a read: results are told apart from the rest of the record.
/// The audit action of a read in `scope`: results are audited apart from the rest of the record.
pub fn read_action(scope: Scope) -> &'static str {
    if scope == Scope::Results {
        "results.read"
    } else {
        "record.read"
    }
}

/// `Type/id` references of the given types anywhere in the resources.
fn referenced_keys(stored: &[Stored], kinds: &[&str]) -> HashSet<String> {
    fn walk(value: &Value, kinds: &[&str], out: &mut HashSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("reference")
                    && let Some((kind, _)) = reference.split_once('/')
                    && kinds.contains(&kind)
                {
                    out.insert(reference.clone());
                }
                map.values().for_each(|child| walk(child, kinds, out));
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, kinds, out)),
            _ => {}
        }
    }
    let mut out = HashSet::new();
    for s in stored {
        walk(&s.json, kinds, &mut out);
    }
    out
}

/// Series of vital signs with at least two numeric values; blood pressure panels become two
/// series (systolic and diastolic).
fn vital_trends(stored: &[Stored]) -> Vec<Trend> {
    let mut series: BTreeMap<String, Trend> = BTreeMap::new();
    for item in stored.iter().filter(|s| s.row.category == "vital-signs") {
        let mut add = |test: String, unit: String, number: f64, value: ResultValue| {
            let trend = series.entry(test.clone()).or_insert_with(|| Trend {
                test,
                unit,
                points: Vec::new(),
            });
            trend.points.push(ResultValue {
                number: Some(number),
                value: fhir_values::number_text(number),
                ..value
            });
        };
        let base = result_value(item);
        if base.at.is_none() {
            continue;
        }
        if let Some(number) = base.number {
            add(base.test.clone(), base.unit.clone(), number, base.clone());
        }
        for component in item.json["component"].as_array().into_iter().flatten() {
            if let (Some(test), Some((number, unit))) = (
                fhir_values::concept_text(&component["code"]),
                fhir_values::quantity(&component["valueQuantity"]),
            ) {
                let value = ResultValue {
                    test: test.clone(),
                    unit: unit.clone(),
                    ..base.clone()
                };
                add(test, unit, number, value);
            }
        }
    }
    let mut out: Vec<Trend> = series
        .into_values()
        .filter(|t| t.points.len() >= 2)
        .collect();
    for trend in &mut out {
        trend.points.sort_by_key(|a| a.at);
    }
    out
}
