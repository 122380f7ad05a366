//! `portico import` and the staff upload page: FHIR files in, sealed rows out. One import is one
//! transaction: every file of it is read and every reference resolved before anything is written,
//! and any problem (naming the file and entry or line) leaves the database as it was.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use serde_json::Value;

use super::{IDENTIFIER_FIELD, RESOURCE_FIELD, Records, SOURCE_KEY_FIELD, classify, projection};
use crate::{
    DomainError, DomainResult,
    access::{Authorized, ClinicScope, ClinicTask},
    audit::{self, AuditEntry, Outcome, RequestMeta},
    db::begin_write,
    entities::{record_count, record_identifier, record_resource},
    fhir::{self, KnownIdentifiers, Place, ResourceKey, refuse_at},
    i18n::Said,
    phi, said,
};

/// The system an import comes from ("hospital-a", "lab.example.org"), chosen by whoever imports:
/// resources are keyed by it, so two systems that reuse ids (`Patient/1` in both) never update or
/// move each other's resources. The default source (no name) keeps resources keyed by their bare
/// `Type/id`, as earlier versions did. Up to 64 letters, digits and `. _ - : /`, case-insensitive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceName(String);

impl SourceName {
    pub fn parse(text: &str) -> DomainResult<Self> {
        let text = text.trim();
        if text.len() > 64
            || !text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-:/".contains(c))
        {
            return Err(DomainError::validation("source", said!("rec-source-name")));
        }
        Ok(Self(text.to_ascii_lowercase()))
    }

    /// A name read back from a row (written by [`SourceName::parse`]).
    pub(crate) fn stored(name: &str) -> Self {
        Self(name.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What a resource's key hash covers: `Type/id`, after the source's name when it has one.
    pub(crate) fn keyed(&self, key: &str) -> String {
        if self.0.is_empty() {
            key.to_owned()
        } else {
            format!("{}|{key}", self.0)
        }
    }
}

/// One file handed to an import: its name (for messages) and its text.
pub struct ImportFile {
    pub name: String,
    pub text: String,
}

/// The files of one import, read into resources: whole ([`ImportBatch::add`]) or as their bytes
/// arrive ([`ImportBatch::file`], an upload). Nothing is stored until the batch is imported.
/// Each resource is held as compact text from the moment it is read (a parsed resource takes
/// several times the memory), and parsed again only when it is stored.
#[derive(Default)]
pub struct ImportBatch {
    entries: fhir::Collector,
    requests: fhir::Requests,
    files: usize,
    bytes: u64,
}

impl ImportBatch {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a whole file.
    pub fn add(&mut self, file: ImportFile) -> DomainResult<()> {
        let mut reader = self.file(&file.name);
        reader.push(file.text.as_bytes())?;
        reader.finish()
    }

    /// Starts reading a file that arrives in chunks.
    pub fn file(&mut self, name: &str) -> BatchFile<'_> {
        BatchFile {
            reader: fhir::FileReader::new(name),
            batch: self,
            read: Vec::new(),
        }
    }

    pub fn files(&self) -> usize {
        self.files
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The resources read so far (repeats included).
    pub fn resources(&self) -> usize {
        self.entries.read()
    }
}

/// A file of an [`ImportBatch`] being read.
pub struct BatchFile<'a> {
    reader: fhir::FileReader,
    batch: &'a mut ImportBatch,
    /// Entries read from the last chunk, on their way into the batch.
    read: Vec<fhir::SourceEntry>,
}

impl BatchFile<'_> {
    pub fn push(&mut self, chunk: &[u8]) -> DomainResult<()> {
        self.reader.push(chunk, &mut self.read)?;
        self.keep()
    }

    fn keep(&mut self) -> DomainResult<()> {
        for entry in self.read.drain(..) {
            self.batch.entries.add(entry)?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> DomainResult<()> {
        let reader = std::mem::replace(&mut self.reader, fhir::FileReader::new(""));
        self.batch.files += 1;
        self.batch.bytes += reader.bytes();
        reader.finish(&mut self.read, &mut self.batch.requests)?;
        self.keep()
    }
}

/// Who runs the import: the command line (the operator holds the database and keys) or a staff
/// member through the upload page, with the policy's answer for importing.
#[derive(Clone, Copy)]
pub enum Importer<'a> {
    CommandLine,
    Staff(&'a Authorized<ClinicScope>),
}

/// How far an import has come, for progress output.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    pub stored: usize,
    pub total: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ImportSummary {
    pub import_id: String,
    /// Resources stored (new or updated), by type.
    pub stored: BTreeMap<String, usize>,
    pub created: usize,
    pub updated: usize,
    /// Resources of types Portico does not keep, by type.
    pub skipped: BTreeMap<String, usize>,
    /// Resources the import held more than once (stored once, the newest copy).
    pub repeated: usize,
    /// Resources removed by a transaction's `DELETE` entries.
    pub deleted: usize,
    /// A transaction's `GET` and `HEAD` entries, which store nothing.
    pub reads_ignored: usize,
    /// References to kinds Portico does not keep that could not be followed: the link is
    /// dropped, the text shown with it kept.
    pub links_dropped: usize,
    pub patients_created: usize,
    pub patients_updated: usize,
}

/// How many rows one `IN (…)` lookup asks for.
const CHUNK: usize = 500;

#[derive(sea_orm::FromQueryResult)]
struct Existing {
    id: String,
    patient_id: Option<String>,
    source_key_hash: String,
    code_hash: Option<String>,
}

/// New rows and identifiers waiting to be written, many per statement.
#[derive(Default)]
struct Pending {
    rows: Vec<record_resource::ActiveModel>,
    identifiers: Vec<record_identifier::ActiveModel>,
}

impl Pending {
    async fn flush(&mut self, db: &impl ConnectionTrait) -> DomainResult<()> {
        // 500 rows of 22 columns stay under the bind-parameter limits of SQLite and PostgreSQL.
        while !self.rows.is_empty() {
            let rest = self.rows.split_off(self.rows.len().min(CHUNK));
            let chunk = std::mem::replace(&mut self.rows, rest);
            record_resource::Entity::insert_many(chunk)
                .exec_without_returning(db)
                .await?;
        }
        while !self.identifiers.is_empty() {
            let rest = self
                .identifiers
                .split_off(self.identifiers.len().min(CHUNK * 4));
            let chunk = std::mem::replace(&mut self.identifiers, rest);
            record_identifier::Entity::insert_many(chunk)
                .exec_without_returning(db)
                .await?;
        }
        Ok(())
    }
}

/// What the record pages query a row by, worked out from its resource ([`projection`]), and what
/// it leaves for the end of an import.
struct RowIndex {
    section: Option<String>,
    /// Sealed.
    projection: String,
    encounter_hash: Option<String>,
    order_hash: Option<String>,
    /// Whether it starts as its test's newest: a result without a code is a test of its own.
    is_latest: bool,
    /// The test (patient, code hash) whose newest result it may change.
    test: Option<(String, String)>,
    /// The source key hashes of the results it holds (a report).
    report_results: Vec<String>,
}

/// What a FHIR Patient gives the patient table.
struct PatientDetails {
    given_name: String,
    family_name: String,
    birth_date: NaiveDate,
    email: Option<String>,
}

impl PatientDetails {
    fn identity(self, id: String) -> phi::PatientIdentity {
        phi::PatientIdentity {
            id,
            given_name: self.given_name,
            family_name: self.family_name,
            birth_date: self.birth_date,
            email: self.email,
        }
    }
}

fn patient_details(location: &Place, resource: &Value) -> DomainResult<PatientDetails> {
    let refuse = |problem: Said| refuse_at(location, problem);
    let name = super::fhir_values::preferred_name(resource)
        .ok_or_else(|| refuse(said!("rec-patient-no-name")))?;
    let given: Vec<&str> = name["given"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let family = name["family"].as_str().unwrap_or_default().trim();
    let given = given.join(" ");
    if given.trim().is_empty() && family.is_empty() {
        return Err(refuse(said!("rec-patient-no-given-or-family")));
    }
    let birth_date = resource["birthDate"]
        .as_str()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or_else(|| refuse(said!("rec-patient-no-birth-date")))?;
    let email = resource["telecom"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["system"].as_str() == Some("email"))
        .and_then(|t| t["value"].as_str())
        .map(|e| e.trim().to_owned())
        .filter(|e| e.contains('@'));
    Ok(PatientDetails {
        given_name: given.trim().to_owned(),
        family_name: family.to_owned(),
        birth_date,
        email,
    })
}

impl Records {
    /// The keyed hash a resource of `source` with `key` (`Type/id`) is found by.
    pub(crate) fn source_key_hash(&self, source: &SourceName, key: &str) -> String {
        self.vault()
            .index_hash(SOURCE_KEY_FIELD, &source.keyed(key))
    }

    fn identifier_hash(&self, kind: &str, system: &str, value: &str) -> String {
        self.vault()
            .index_hash(IDENTIFIER_FIELD, &format!("{kind}|{system}|{value}"))
    }

    /// Marks the results that reports hold (by source key hash): their report lists them.
    async fn mark_in_report(
        &self,
        db: &impl ConnectionTrait,
        hashes: &[String],
    ) -> DomainResult<()> {
        for chunk in hashes.chunks(CHUNK) {
            record_resource::Entity::update_many()
                .col_expr(record_resource::Column::InReport, Expr::value(true))
                .filter(record_resource::Column::SourceKeyHash.is_in(chunk.iter().cloned()))
                .exec(db)
                .await?;
        }
        Ok(())
    }

    /// The index columns of a row, from its resource and the source it came from.
    fn row_index(&self, stored: &super::Stored, source: &SourceName) -> DomainResult<RowIndex> {
        let indexed = projection::index(stored);
        let row = &stored.row;
        let is_observation = row.resource_type == "Observation";
        let test = match (&row.patient_id, &row.code_hash) {
            (Some(patient_id), Some(code_hash)) if is_observation => {
                Some((patient_id.clone(), code_hash.clone()))
            }
            _ => None,
        };
        Ok(RowIndex {
            section: indexed.section.map(|s| s.as_str().to_owned()),
            projection: projection::seal(self.vault(), &row.id, &indexed.projection)?,
            encounter_hash: indexed
                .encounter
                .as_deref()
                .map(|key| self.source_key_hash(source, key)),
            order_hash: indexed
                .order
                .as_deref()
                .map(|key| self.source_key_hash(source, key)),
            is_latest: is_observation && test.is_none(),
            test,
            report_results: indexed
                .report_results
                .iter()
                .map(|key| self.source_key_hash(source, key))
                .collect(),
        })
    }

    /// Stored rows by source-key hash.
    async fn existing_rows(
        &self,
        db: &impl ConnectionTrait,
        hashes: &[String],
    ) -> DomainResult<HashMap<String, Existing>> {
        let mut found = HashMap::new();
        for chunk in hashes.chunks(CHUNK) {
            let rows = record_resource::Entity::find()
                .select_only()
                .columns([
                    record_resource::Column::Id,
                    record_resource::Column::PatientId,
                    record_resource::Column::SourceKeyHash,
                    record_resource::Column::CodeHash,
                ])
                .filter(record_resource::Column::SourceKeyHash.is_in(chunk.iter().cloned()))
                .into_model::<Existing>()
                .all(db)
                .await?;
            for row in rows {
                found.insert(row.source_key_hash.clone(), row);
            }
        }
        Ok(found)
    }

    /// Resources stored earlier that conditional references of this import may name.
    async fn known_identifiers(
        &self,
        source: &SourceName,
        entries: &fhir::Collector,
    ) -> DomainResult<KnownIdentifiers> {
        let wanted: Vec<&(String, String, String)> = entries.wanted_identifiers().collect();
        let mut known = KnownIdentifiers::new();
        for chunk in wanted.chunks(CHUNK) {
            let by_hash: HashMap<String, &(String, String, String)> = chunk
                .iter()
                .map(|w| (self.identifier_hash(&w.0, &w.1, &w.2), *w))
                .collect();
            let links = record_identifier::Entity::find()
                .filter(record_identifier::Column::IdentifierHash.is_in(by_hash.keys().cloned()))
                .all(self.db())
                .await?;
            let mut matches: HashMap<String, Vec<String>> = HashMap::new();
            for link in links {
                matches
                    .entry(link.identifier_hash)
                    .or_default()
                    .push(link.resource_id);
            }
            for (hash, ids) in matches {
                // Ambiguous identifiers stay unresolved (the reference then fails, naming it).
                let [id] = ids.as_slice() else { continue };
                // A conditional reference follows only resources of the same source.
                let Some(row) = record_resource::Entity::find_by_id(id)
                    .one(self.db())
                    .await?
                    .filter(|row| row.source == source.as_str())
                else {
                    continue;
                };
                let key = self
                    .vault()
                    .open(SOURCE_KEY_FIELD, &row.id, &row.source_key)?;
                if let Some((kind, id)) = key.split_once('/') {
                    known.insert(
                        (*by_hash[&hash]).clone(),
                        ResourceKey {
                            resource_type: kind.to_owned(),
                            id: id.to_owned(),
                        },
                    );
                }
            }
        }
        Ok(known)
    }

    /// Reads, resolves and stores `files` as one import from the default source. `progress`
    /// hears about every 500 rows.
    pub async fn import(
        &self,
        importer: Importer<'_>,
        files: Vec<ImportFile>,
        meta: &RequestMeta,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> DomainResult<ImportSummary> {
        self.import_from(importer, &SourceName::default(), files, meta, progress)
            .await
    }

    /// Reads, resolves and stores `files` as one import from `source`: its resources are found
    /// again, updated and referred to only by imports from the same source.
    pub async fn import_from(
        &self,
        importer: Importer<'_>,
        source: &SourceName,
        files: Vec<ImportFile>,
        meta: &RequestMeta,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> DomainResult<ImportSummary> {
        if let Importer::Staff(auth) = importer {
            auth.require(ClinicTask::ImportRecords)?;
        }
        let mut batch = ImportBatch::new();
        for file in files {
            batch.add(file)?;
        }
        self.import_batch(importer, source, batch, meta, progress)
            .await
    }

    /// Resolves and stores the resources of `batch` as one import from `source`.
    #[tracing::instrument(name = "records.import", skip_all, fields(files = batch.files))]
    pub async fn import_batch(
        &self,
        importer: Importer<'_>,
        source: &SourceName,
        batch: ImportBatch,
        meta: &RequestMeta,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> DomainResult<ImportSummary> {
        let actor = match importer {
            Importer::CommandLine => None,
            Importer::Staff(auth) => {
                auth.require(ClinicTask::ImportRecords)?;
                Some(auth.actor()?.id.clone())
            }
        };
        if batch.files == 0 {
            return Err(DomainError::validation("file", said!("rec-choose-files")));
        }
        let ImportBatch {
            entries, requests, ..
        } = batch;
        let mut deletes = Vec::with_capacity(requests.deletes.len());
        for (location, url) in &requests.deletes {
            let key = fhir::key_of_url(url)
                .ok_or_else(|| refuse_at(location, said!("rec-delete-no-key", url = url)))?;
            if key.resource_type == "Patient" {
                return Err(refuse_at(
                    location,
                    said!("rec-delete-patient", key = key.to_string()),
                ));
            }
            deletes.push(self.source_key_hash(source, &key.to_string()));
        }
        let known = self.known_identifiers(source, &entries).await?;
        let resolver = entries.finish(known);
        let now = self.now();
        let import_id = uuid::Uuid::new_v4().to_string();
        let mut summary = ImportSummary {
            import_id: import_id.clone(),
            skipped: resolver.skipped.clone(),
            repeated: resolver.repeated,
            reads_ignored: requests.reads,
            ..ImportSummary::default()
        };

        let hashes: Vec<String> = (0..resolver.len())
            .map(|at| self.source_key_hash(source, &resolver.key(at).to_string()))
            .collect();
        let txn = begin_write(self.db()).await?;
        // Tests whose newest result may have changed, and results that reports hold.
        let mut tests: BTreeSet<(String, String)> = BTreeSet::new();
        let mut report_results: Vec<String> = Vec::new();
        // Patients whose section counts change.
        let mut recount: BTreeSet<String> = BTreeSet::new();
        // A transaction's deletes come first, as FHIR processes them; each is audited.
        for row in self.existing_rows(&txn, &deletes).await?.into_values() {
            recount.extend(row.patient_id.clone());
            if let (Some(patient_id), Some(code_hash)) = (&row.patient_id, &row.code_hash) {
                tests.insert((patient_id.clone(), code_hash.clone()));
            }
            record_identifier::Entity::delete_many()
                .filter(record_identifier::Column::ResourceId.eq(row.id.as_str()))
                .exec(&txn)
                .await?;
            record_resource::Entity::delete_by_id(row.id.as_str())
                .exec(&txn)
                .await?;
            audit::append(
                &txn,
                now,
                meta,
                AuditEntry::new("record.delete", Outcome::Success)
                    .maybe_actor(actor.clone())
                    .acting_for(row.patient_id.clone())
                    .resource("record_entry", row.id),
            )
            .await?;
            summary.deleted += 1;
        }
        let existing = self.existing_rows(&txn, &hashes).await?;

        // Patients first: every other resource needs its patient's id. Each resource is parsed
        // and resolved when its turn comes, then let go.
        let (first, rest): (Vec<usize>, Vec<usize>) =
            (0..resolver.len()).partition(|&at| resolver.key(at).resource_type == "Patient");
        // Portal ids of the import's patients and of patients stored earlier, by source id.
        let mut patients: HashMap<String, Option<String>> = HashMap::new();
        let total = resolver.len();
        let mut touched: BTreeMap<String, usize> = BTreeMap::new();
        let mut pending = Pending::default();
        for (n, at) in first.into_iter().chain(rest).enumerate() {
            let (key, location, hash) = (resolver.key(at), resolver.location(at), &hashes[at]);
            let resource = resolver.resource(at, &mut summary.links_dropped)?;
            let facts = classify::facts(&key.resource_type, &resource);
            let previous = existing.get(hash);
            if key.resource_type == "Patient" {
                let details = patient_details(location, &resource)?;
                let patient_id = match previous.and_then(|e| e.patient_id.clone()) {
                    Some(id) => {
                        let identity = details.identity(id.clone());
                        phi::update_patient(&txn, self.vault(), &identity).await?;
                        summary.patients_updated += 1;
                        id
                    }
                    None => {
                        let id = uuid::Uuid::new_v4().to_string();
                        let identity = details.identity(id.clone());
                        phi::insert_patient(&txn, self.vault(), &identity, now).await?;
                        summary.patients_created += 1;
                        id
                    }
                };
                patients.insert(key.id.clone(), Some(patient_id));
            }
            let patient_id = match &facts.patient_source_id {
                None => None,
                Some(source_id) => {
                    if !patients.contains_key(source_id) {
                        let hash = self.source_key_hash(source, &format!("Patient/{source_id}"));
                        let stored = self
                            .existing_rows(&txn, std::slice::from_ref(&hash))
                            .await?
                            .remove(&hash)
                            .and_then(|e| e.patient_id);
                        patients.insert(source_id.clone(), stored);
                    }
                    Some(patients[source_id].clone().ok_or_else(|| {
                        refuse_at(
                            location,
                            said!(
                                "rec-patient-missing",
                                key = key.to_string(),
                                patient = source_id
                            ),
                        )
                    })?)
                }
            };
            if let Some(id) = &patient_id {
                *touched.entry(id.clone()).or_default() += 1;
            }
            // Re-importing updates a resource in place; it never moves it to another patient's
            // record (another system's export reusing ids would otherwise do just that).
            if let (Some(before), Some(after)) = (
                previous.and_then(|p| p.patient_id.as_deref()),
                patient_id.as_deref(),
            ) && before != after
            {
                return Err(refuse_at(
                    location,
                    said!("rec-would-move", key = key.to_string()),
                ));
            }
            let row_id = previous
                .map(|e| e.id.clone())
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            if let Some(before) = previous
                && let (Some(patient_id), Some(code_hash)) = (&before.patient_id, &before.code_hash)
            {
                tests.insert((patient_id.clone(), code_hash.clone()));
            }
            let index = self
                .store_resource(
                    &txn,
                    StoredResource {
                        row_id: &row_id,
                        is_new: previous.is_none(),
                        patient_id,
                        key,
                        hash,
                        facts: &facts,
                        resource,
                        source,
                        import_id: &import_id,
                        now,
                    },
                    &mut pending,
                )
                .await?;
            if pending.rows.len() >= CHUNK {
                pending.flush(&txn).await?;
            }
            tests.extend(index.test);
            report_results.extend(index.report_results);
            if previous.is_some() {
                summary.updated += 1;
            } else {
                summary.created += 1;
            }
            *summary.stored.entry(key.resource_type.clone()).or_default() += 1;
            if (n + 1) % CHUNK == 0 || n + 1 == total {
                progress(Progress {
                    stored: n + 1,
                    total,
                });
            }
        }
        pending.flush(&txn).await?;
        self.mark_in_report(&txn, &report_results).await?;
        for (patient_id, code_hash) in &tests {
            refresh_latest(&txn, patient_id, code_hash).await?;
        }
        recount.extend(touched.keys().cloned());
        for patient_id in &recount {
            refresh_counts(&txn, patient_id).await?;
        }
        for patient_id in touched.keys() {
            audit::append(
                &txn,
                now,
                meta,
                AuditEntry::new("record.import", Outcome::Success)
                    .maybe_actor(actor.clone())
                    .acting_for(Some(patient_id.clone()))
                    .resource("import", import_id.clone()),
            )
            .await?;
        }
        txn.commit().await?;
        Ok(summary)
    }

    /// Stores one resource: an update at once, a new row (and every identifier) into `pending`,
    /// written a chunk at a time by [`Pending::flush`].
    async fn store_resource(
        &self,
        txn: &impl ConnectionTrait,
        item: StoredResource<'_>,
        pending: &mut Pending,
    ) -> DomainResult<RowIndex> {
        let code_hash = item
            .facts
            .code
            .as_deref()
            .map(|code| self.vault().index_hash(super::CODE_FIELD, code));
        let row = record_resource::Model {
            id: item.row_id.to_owned(),
            patient_id: item.patient_id,
            resource_type: item.key.resource_type.clone(),
            source_key_hash: item.hash.to_owned(),
            source_key: self
                .vault()
                .seal(SOURCE_KEY_FIELD, item.row_id, &item.key.to_string())?,
            category: item.facts.category.chars().take(64).collect(),
            sensitivity: item.facts.sensitivity.join(","),
            code_hash,
            status: item
                .facts
                .status
                .as_ref()
                .map(|s| s.chars().take(40).collect()),
            effective_at: item.facts.effective_at,
            resource: String::new(),
            import_id: item.import_id.to_owned(),
            created_at: item.now,
            updated_at: item.now,
            section: None,
            projection: String::new(),
            projection_version: projection::PROJECTION_VERSION,
            in_report: false,
            encounter_hash: None,
            order_hash: None,
            is_latest: false,
            source: item.source.as_str().to_owned(),
        };
        let stored = super::Stored {
            row,
            json: item.resource,
        };
        let index = self.row_index(&stored, item.source)?;
        let super::Stored { row, json } = stored;
        let sealed = self.vault().seal(
            RESOURCE_FIELD,
            item.row_id,
            &serde_json::to_string(&json)
                .map_err(|e| DomainError::Internal(format!("serialise resource: {e}")))?,
        )?;
        // `into_active_model` leaves every value unchanged: `reset_all` marks them to be written.
        let mut active = row.into_active_model().reset_all();
        active.resource = Set(sealed);
        active.section = Set(index.section.clone());
        active.projection = Set(index.projection.clone());
        active.encounter_hash = Set(index.encounter_hash.clone());
        active.order_hash = Set(index.order_hash.clone());
        active.is_latest = Set(index.is_latest);
        if item.is_new {
            pending.rows.push(active);
        } else {
            active.created_at = sea_orm::ActiveValue::NotSet;
            // Whether a report holds it, and whether it is its test's newest, stay as they are
            // until the end of the import works them out.
            active.in_report = sea_orm::ActiveValue::NotSet;
            if index.test.is_some() {
                active.is_latest = sea_orm::ActiveValue::NotSet;
            }
            active.update(txn).await?;
            record_identifier::Entity::delete_many()
                .filter(record_identifier::Column::ResourceId.eq(item.row_id))
                .exec(txn)
                .await?;
        }
        let mut hashes: Vec<String> = json["identifier"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|identifier| {
                let value = identifier["value"].as_str()?;
                let system = identifier["system"].as_str().unwrap_or_default();
                Some(self.identifier_hash(&item.key.resource_type, system, value))
            })
            .collect();
        hashes.sort();
        hashes.dedup();
        pending.identifiers.extend(
            hashes
                .into_iter()
                .map(|hash| record_identifier::ActiveModel {
                    identifier_hash: Set(hash),
                    resource_id: Set(item.row_id.to_owned()),
                }),
        );
        Ok(index)
    }

    /// Fills in the index columns and projection of rows an earlier version stored (at start-up;
    /// the projection needs the vault's key), a chunk per transaction. Returns how many rows it
    /// updated.
    pub async fn refresh_projections(&self) -> DomainResult<usize> {
        use record_resource::Column;
        let mut done = 0;
        let mut tests: BTreeSet<(String, String)> = BTreeSet::new();
        let mut patients: BTreeSet<String> = BTreeSet::new();
        loop {
            let rows = record_resource::Entity::find()
                .filter(Column::ProjectionVersion.lt(projection::PROJECTION_VERSION))
                .limit(CHUNK as u64)
                .all(self.db())
                .await?;
            if rows.is_empty() {
                break;
            }
            let txn = begin_write(self.db()).await?;
            let mut report_results = Vec::new();
            for row in rows {
                let stored = self.open_resource(row)?;
                let row = &stored.row;
                let index = self.row_index(&stored, &SourceName::stored(&row.source))?;
                patients.extend(row.patient_id.clone());
                tests.extend(index.test);
                report_results.extend(index.report_results);
                record_resource::Entity::update_many()
                    .col_expr(Column::Section, Expr::value(index.section))
                    .col_expr(Column::Projection, Expr::value(index.projection))
                    .col_expr(Column::EncounterHash, Expr::value(index.encounter_hash))
                    .col_expr(Column::OrderHash, Expr::value(index.order_hash))
                    .col_expr(Column::IsLatest, Expr::value(index.is_latest))
                    .col_expr(
                        Column::ProjectionVersion,
                        Expr::value(projection::PROJECTION_VERSION),
                    )
                    .filter(Column::Id.eq(row.id.as_str()))
                    .exec(&txn)
                    .await?;
                done += 1;
            }
            self.mark_in_report(&txn, &report_results).await?;
            txn.commit().await?;
        }
        for (patient_id, code_hash) in &tests {
            refresh_latest(self.db(), patient_id, code_hash).await?;
        }
        for patient_id in &patients {
            refresh_counts(self.db(), patient_id).await?;
        }
        Ok(done)
    }

    /// The portal id and date of birth of the (first) patient a Bundle that was imported holds.
    pub async fn imported_patient(&self, bundle: &Value) -> DomainResult<(String, NaiveDate)> {
        let resolved = fhir::resolve(fhir::read_source("bundle", &bundle.to_string())?)?;
        let (key, _, _) = resolved
            .resources
            .iter()
            .find(|(key, _, _)| key.resource_type == "Patient")
            .ok_or_else(|| DomainError::validation("bundle", said!("rec-bundle-no-patient")))?;
        self.patient_by_fhir_id(&key.id).await
    }

    /// The portal id and date of birth of the patient imported as `Patient/{fhir_id}` from the
    /// default source.
    pub async fn patient_by_fhir_id(&self, fhir_id: &str) -> DomainResult<(String, NaiveDate)> {
        self.patient_in_source(&SourceName::default(), fhir_id)
            .await
    }

    /// The portal id and date of birth of the patient imported as `Patient/{fhir_id}` from
    /// `source`.
    pub async fn patient_in_source(
        &self,
        source: &SourceName,
        fhir_id: &str,
    ) -> DomainResult<(String, NaiveDate)> {
        let hash = self.source_key_hash(source, &format!("Patient/{}", fhir_id.trim()));
        let row = record_resource::Entity::find()
            .filter(record_resource::Column::SourceKeyHash.eq(hash))
            .one(self.db())
            .await?
            .ok_or(DomainError::NotFound)?;
        let patient_id = row.patient_id.ok_or(DomainError::NotFound)?;
        let patient = phi::find_patient(self.db(), self.vault(), &patient_id)
            .await?
            .ok_or(DomainError::NotFound)?;
        Ok((patient_id, patient.birth_date))
    }
}

struct StoredResource<'a> {
    row_id: &'a str,
    is_new: bool,
    patient_id: Option<String>,
    key: &'a ResourceKey,
    hash: &'a str,
    facts: &'a classify::Facts,
    resource: Value,
    source: &'a SourceName,
    import_id: &'a str,
    now: DateTime<Utc>,
}

/// Marks the newest stored result of one test (by date, undated last) as its latest, for the
/// summary's "latest results".
pub(crate) async fn refresh_latest(
    db: &impl ConnectionTrait,
    patient_id: &str,
    code_hash: &str,
) -> DomainResult<()> {
    use record_resource::Column;
    record_resource::Entity::update_many()
        .col_expr(Column::IsLatest, Expr::value(false))
        .filter(Column::PatientId.eq(patient_id))
        .filter(Column::CodeHash.eq(code_hash))
        .filter(Column::IsLatest.eq(true))
        .exec(db)
        .await?;
    let newest: Option<String> = record_resource::Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::PatientId.eq(patient_id))
        .filter(Column::CodeHash.eq(code_hash))
        .filter(Column::ResourceType.eq("Observation"))
        .order_by_with_nulls(
            Column::EffectiveAt,
            sea_orm::Order::Desc,
            sea_orm::sea_query::NullOrdering::Last,
        )
        .order_by_desc(Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    if let Some(id) = newest {
        record_resource::Entity::update_many()
            .col_expr(Column::IsLatest, Expr::value(true))
            .filter(Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Counts again how many entries each section of a patient's record lists.
pub(crate) async fn refresh_counts(
    db: &impl ConnectionTrait,
    patient_id: &str,
) -> DomainResult<()> {
    use record_resource::Column;
    record_count::Entity::delete_many()
        .filter(record_count::Column::PatientId.eq(patient_id))
        .exec(db)
        .await?;
    let counts: Vec<(Option<String>, i64)> = record_resource::Entity::find()
        .select_only()
        .column(Column::Section)
        .column_as(projection::count_ids(), "n")
        .filter(Column::PatientId.eq(patient_id))
        .filter(Column::Section.is_not_null())
        .filter(Column::InReport.eq(false))
        .group_by(Column::Section)
        .into_tuple()
        .all(db)
        .await?;
    let rows: Vec<record_count::ActiveModel> = counts
        .into_iter()
        .filter_map(|(section, listed)| {
            Some(record_count::ActiveModel {
                patient_id: Set(patient_id.to_owned()),
                section: Set(section?),
                listed: Set(listed),
            })
        })
        .collect();
    if !rows.is_empty() {
        record_count::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
