//! What the record pages read: each resource's clear index columns (section, dates, status,
//! keyed-hash code, visit) and a sealed compact projection of what lists, the summary and charts
//! show of it (title, detail, value, range, flag, the numbers of a panel's parts). Both are made
//! at import beside the full FHIR JSON, which only detail pages, downloads and the export open.
//! A page queries the rows it shows, with the reader's visibility ([`Visibility`]) in the query,
//! and opens only their projections: its cost follows what it shows, not the size of the record.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Select,
    sea_query::{Expr, Func},
};
use serde::{Deserialize, Serialize};

use super::{Entry, Flag, ResultValue, Section, Stored, fhir_values, release::ReleaseDelays, view};
use crate::{
    DomainError, DomainResult,
    entities::record_resource::{self, Column},
    i18n::Said,
    vault::{Field, Vault},
};

pub(crate) const PROJECTION_FIELD: Field = Field::new("record_resource", "projection");
/// The projection format rows are written in; rows below it are filled in at start-up.
/// 2: a list line's detail is kept as words to say in the reader's language ([`StoredWords`]).
/// 3: so are a title Portico gives a record that has none ("Observation (no description)"), a
/// result's test without a name ("Result") and its words for a value ("No value", "Yes").
pub(crate) const PROJECTION_VERSION: i32 = 3;

/// A list line's title or detail as stored: the record's own text as it is, Portico's words as
/// a message to say in the reader's language (since version 2 for details, 3 for titles; an
/// older row read before start-up has refreshed it shows as written).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum StoredWords {
    Words(Said),
    Text(String),
}

impl Default for StoredWords {
    fn default() -> Self {
        Self::Text(String::new())
    }
}

impl From<Said> for StoredWords {
    fn from(said: Said) -> Self {
        match said {
            Said::Plain(text) => Self::Text(text),
            words => Self::Words(words),
        }
    }
}

impl StoredWords {
    fn said(&self) -> Said {
        match self {
            Self::Words(said) => said.clone(),
            Self::Text(text) => Said::plain(text.as_str()),
        }
    }
}

/// A result's value as lists and charts show it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct ValueProjection {
    test: StoredWords,
    #[serde(default)]
    value: StoredWords,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    number: Option<f64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    range: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    high: Option<f64>,
}

/// A numeric part of a panel (blood pressure's systolic and diastolic), for charts.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Part {
    pub test: String,
    pub unit: String,
    pub number: f64,
}

/// The sealed compact form of one resource.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Projection {
    title: StoredWords,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    detail: Option<StoredWords>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    flag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<ValueProjection>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    parts: Vec<Part>,
}

/// The index columns and projection of a resource, made at import (or at start-up for rows an
/// earlier version stored).
pub(crate) struct Indexed {
    pub section: Option<Section>,
    pub projection: Projection,
    /// The `Type/id` source key of the visit the resource belongs to.
    pub encounter: Option<String>,
    /// For a dispense: the `Type/id` source key of the prescription it was given under.
    pub order: Option<String>,
    /// For a report: the source keys of the results it holds.
    pub report_results: Vec<String>,
}

pub(crate) fn index(stored: &Stored) -> Indexed {
    let section = view::section_of(stored);
    let mut projection = Projection::default();
    if let Some(entry) = view::entry(stored) {
        projection.title = entry.title.into();
        projection.detail = entry.detail.map(StoredWords::from);
        projection.flag = entry.flag.map(|f| f.as_str().to_owned());
    }
    let json = &stored.json;
    if stored.row.resource_type == "Observation" {
        let value = super::result_value(stored);
        projection.value = Some(ValueProjection {
            test: value.test.into(),
            value: value.value.into(),
            number: value.number,
            unit: value.unit,
            range: value.range,
            low: value.low,
            high: value.high,
        });
        projection.parts = json["component"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|component| {
                let test = fhir_values::concept_text(&component["code"])?;
                let (number, unit) = fhir_values::quantity(&component["valueQuantity"])?;
                Some(Part { test, unit, number })
            })
            .collect();
    }
    let context = &json["context"]["encounter"];
    let encounter = json["encounter"]["reference"]
        .as_str()
        .or_else(|| {
            context
                .as_array()
                .into_iter()
                .flatten()
                .chain(std::iter::once(context))
                .find_map(|c| c["reference"].as_str())
        })
        .filter(|r| r.starts_with("Encounter/"))
        .map(str::to_owned);
    let report_results = if stored.row.resource_type == "DiagnosticReport" {
        json["result"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["reference"].as_str().map(str::to_owned))
            .collect()
    } else {
        Vec::new()
    };
    let order = if stored.row.resource_type == "MedicationDispense" {
        json["authorizingPrescription"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["reference"].as_str())
            .find(|r| r.starts_with("MedicationRequest/"))
            .map(str::to_owned)
    } else {
        None
    };
    Indexed {
        section,
        projection,
        encounter,
        order,
        report_results,
    }
}

pub(crate) fn seal(vault: &Vault, row_id: &str, projection: &Projection) -> DomainResult<String> {
    let text = serde_json::to_string(projection)
        .map_err(|e| DomainError::Internal(format!("serialise projection: {e}")))?;
    vault.seal(PROJECTION_FIELD, row_id, &text)
}

/// The clear columns of a row and its sealed projection: what a list reads, never the resource.
#[derive(Clone, Debug, FromQueryResult)]
pub(crate) struct Listed {
    pub id: String,
    pub category: String,
    pub status: Option<String>,
    pub effective_at: Option<DateTime<Utc>>,
    pub section: Option<String>,
    pub projection: String,
    pub source_key_hash: String,
    pub patient_id: Option<String>,
}

impl Listed {
    pub fn is_of(&self, patient_id: &str) -> bool {
        self.patient_id.as_deref() == Some(patient_id)
    }
}

/// A query for [`Listed`] rows of one patient.
pub(crate) fn listed(patient_id: &str) -> Select<record_resource::Entity> {
    columns().filter(Column::PatientId.eq(patient_id))
}

/// A query for [`Listed`] rows by a unique key (ids, source keys), any patient's: with the
/// patient in the query too, SQLite's planner walks the patient's rows instead of looking the
/// keys up. Keep only the patient's rows from what it finds ([`Listed::is_of`]).
pub(crate) fn listed_by_key(
    column: Column,
    keys: impl IntoIterator<Item = String>,
) -> Select<record_resource::Entity> {
    columns().filter(column.is_in(keys))
}

fn columns() -> Select<record_resource::Entity> {
    record_resource::Entity::find().select_only().columns([
        Column::Id,
        Column::Category,
        Column::Status,
        Column::EffectiveAt,
        Column::Section,
        Column::Projection,
        Column::SourceKeyHash,
        Column::PatientId,
    ])
}

/// A listed row with its projection opened.
pub(crate) struct Shown {
    pub row: Listed,
    pub projection: Projection,
}

impl Shown {
    pub fn open(vault: &Vault, row: Listed) -> DomainResult<Self> {
        let projection = if row.projection.is_empty() {
            Projection::default()
        } else {
            serde_json::from_str(&vault.open(PROJECTION_FIELD, &row.id, &row.projection)?)
                .map_err(|e| DomainError::Internal(format!("stored projection: {e}")))?
        };
        Ok(Self { row, projection })
    }

    pub fn section(&self) -> Option<Section> {
        self.row.section.as_deref().and_then(Section::parse)
    }

    fn flag(&self) -> Option<Flag> {
        self.projection.flag.as_deref().and_then(Flag::parse)
    }

    pub fn entry(&self) -> Option<Entry> {
        Some(Entry {
            id: self.row.id.clone(),
            section: self.section()?,
            title: self.projection.title.said(),
            detail: self.projection.detail.as_ref().map(StoredWords::said),
            date: self.row.effective_at,
            status: self
                .row
                .status
                .as_deref()
                .map(|s| s.replace('-', " "))
                .filter(|s| !s.is_empty()),
            flag: self.flag(),
        })
    }

    pub fn result_value(&self) -> ResultValue {
        let value = self.projection.value.clone().unwrap_or_default();
        ResultValue {
            id: self.row.id.clone(),
            test: value.test.said(),
            value: value.value.said(),
            number: value.number,
            unit: value.unit,
            range: value.range,
            low: value.low,
            high: value.high,
            flag: self.flag(),
            at: self.row.effective_at,
        }
    }

    pub fn parts(&self) -> &[Part] {
        &self.projection.parts
    }
}

/// What one reader may see of a patient's record, as a query condition and as a test on a row:
/// resources in categories hidden from this reader (a guardian of an adolescent) and results the
/// clinic still holds (release delays, for patients and caregivers) are left out.
pub(crate) struct Visibility {
    hidden: Vec<String>,
    delays: ReleaseDelays,
    now: DateTime<Utc>,
}

const HELD_TYPES: [&str; 2] = ["Observation", "DiagnosticReport"];

impl Visibility {
    pub fn new(hidden: &[String], delays: ReleaseDelays, now: DateTime<Utc>) -> Self {
        Self {
            hidden: hidden.to_vec(),
            delays,
            now,
        }
    }

    pub fn condition(&self) -> Condition {
        let mut all = Condition::all();
        for category in &self.hidden {
            // `sensitivity` is a comma-separated list of category names.
            all = all.add(
                Condition::all()
                    .add(Column::Sensitivity.ne(category.as_str()))
                    .add(Column::Sensitivity.not_like(format!("{category},%")))
                    .add(Column::Sensitivity.not_like(format!("%,{category}")))
                    .add(Column::Sensitivity.not_like(format!("%,{category},%"))),
            );
        }
        for (category, hours) in &self.delays.hours {
            if *hours <= 0 {
                continue;
            }
            all = all.add(
                Condition::any()
                    .add(Column::ResourceType.is_not_in(HELD_TYPES))
                    .add(Column::Category.ne(category.as_str()))
                    .add(Column::EffectiveAt.is_null())
                    .add(Column::EffectiveAt.lte(self.now - Duration::hours(*hours))),
            );
        }
        all
    }

    /// Whether this reader sees the whole record (staff; patients when no results are held).
    pub fn sees_everything(&self) -> bool {
        self.hidden.is_empty() && self.delays.hours.values().all(|h| *h <= 0)
    }

    /// Rows this reader may not see are among these: ones with a confidential category, and
    /// results recent enough to be held (a range in the index, not a scan of the record).
    pub fn maybe_unseen(&self) -> Condition {
        let mut any = Condition::any();
        if !self.hidden.is_empty() {
            any = any.add(Column::Sensitivity.ne(""));
        }
        if let Some(hours) = self.delays.hours.values().copied().filter(|h| *h > 0).max() {
            any = any.add(Column::EffectiveAt.gt(self.now - Duration::hours(hours)));
        }
        any
    }

    pub fn allows(
        &self,
        resource_type: &str,
        category: &str,
        sensitivity: &str,
        effective_at: Option<DateTime<Utc>>,
    ) -> bool {
        let hidden = sensitivity
            .split(',')
            .any(|c| !c.is_empty() && self.hidden.iter().any(|h| h == c));
        let held = HELD_TYPES.contains(&resource_type)
            && !self.delays.released(category, effective_at, self.now);
        !hidden && !held
    }

    pub fn allows_row(&self, row: &record_resource::Model) -> bool {
        self.allows(
            &row.resource_type,
            &row.category,
            &row.sensitivity,
            row.effective_at,
        )
    }
}

/// `COUNT(id)`, for counts by section.
pub(crate) fn count_ids() -> Expr {
    Func::count(Expr::col(Column::Id)).into()
}

#[cfg(test)]
mod tests {
    use super::StoredWords;
    use crate::{
        i18n::{Locale, Said},
        said,
    };

    #[test]
    fn a_detail_reads_as_words_or_as_the_text_an_earlier_version_stored() {
        let old: StoredWords = serde_json::from_str("\"Since 3 Mar 2024\"").unwrap();
        assert_eq!(old.said().in_language(Locale::Es), "Since 3 Mar 2024");
        let words = StoredWords::from(said!("rec-line-results", count = 2));
        let again: StoredWords =
            serde_json::from_str(&serde_json::to_string(&words).unwrap()).unwrap();
        assert_eq!(again.said().in_language(Locale::Es), "2 resultados");
        assert_eq!(again.said().in_language(Locale::En), "2 results");
    }

    #[test]
    fn a_records_own_title_is_stored_as_its_text_and_porticos_as_words() {
        let own = serde_json::to_string(&StoredWords::from(Said::plain("Hemoglobin"))).unwrap();
        assert_eq!(own, "\"Hemoglobin\"");
        let untitled = StoredWords::from(said!("rec-untitled", kind = "Observation"));
        let again: StoredWords =
            serde_json::from_str(&serde_json::to_string(&untitled).unwrap()).unwrap();
        assert_eq!(
            again.said().in_language(Locale::Es),
            "Observation (sin descripción)"
        );
        assert_eq!(
            again.said().in_language(Locale::En),
            "Observation (no description)"
        );
    }
}
