//! Staff imports as jobs. The upload page hands over the files (already read into resources, so
//! a file that is not FHIR is refused at once) and gets a job back; the job stores them in the
//! background and goes on when the browser closes. Its row says who started it, how big it was
//! and how it ended; while it runs, this instance keeps how far it has come. One import runs at a
//! time: it is one transaction, and a second would only wait for the first's write lock.
//!
//! A job is one import: when it fails, nothing of it was stored. A job still `running` when the
//! server starts was cut short by a stop; it is marked `interrupted` (and stored nothing either).

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};

use super::{ImportBatch, ImportSummary, Importer, Records, SourceName};
use crate::{
    DomainError, DomainResult,
    access::{Authorized, ClinicScope, ClinicTask},
    audit::{self, AuditEntry, Outcome, RequestMeta},
    entities::import_job,
    i18n::Said,
    said,
    vault::Field,
};

const ERROR_FIELD: Field = Field::new("import_job", "error");

/// How many jobs the import page lists.
pub const RECENT_JOBS: u64 = 10;

/// Where a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobStatus {
    Running,
    Done,
    Failed,
    /// The server stopped while it ran.
    Interrupted,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Interrupted => "interrupted",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "running" => Self::Running,
            "done" => Self::Done,
            "interrupted" => Self::Interrupted,
            _ => Self::Failed,
        }
    }
}

/// One job, as the import page shows it.
#[derive(Clone, Debug)]
pub struct ImportJob {
    pub id: String,
    pub status: JobStatus,
    /// The staff account that started it.
    pub requested_by: Option<String>,
    pub source: String,
    pub files: usize,
    pub bytes: u64,
    /// Resources stored so far (all of them once done).
    pub stored: usize,
    /// Resources to store.
    pub total: usize,
    pub summary: Option<ImportSummary>,
    /// Why it failed or stopped, to be said in the reader's language.
    pub error: Option<Said>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// The job this instance is running, and how far it has come. Shared by every clone of
/// [`Records`].
#[derive(Clone, Default)]
pub(crate) struct Running(Arc<Mutex<Option<Live>>>);

#[derive(Clone, Debug)]
struct Live {
    id: String,
    stored: usize,
}

impl Running {
    fn get(&self) -> Option<Live> {
        self.0.lock().map(|live| live.clone()).unwrap_or(None)
    }

    fn set(&self, value: Option<Live>) {
        if let Ok(mut live) = self.0.lock() {
            *live = value;
        }
    }

    fn progress(&self, stored: usize) {
        if let Ok(mut live) = self.0.lock()
            && let Some(live) = live.as_mut()
        {
            live.stored = stored;
        }
    }
}

/// What a running job's end is recorded with.
struct Job {
    id: String,
    actor: String,
    meta: RequestMeta,
}

/// A started job: its id, and its background task (which the web app lets run; the command line
/// and tests may wait for it).
pub struct StartedImport {
    pub id: String,
    pub finished: tokio::task::JoinHandle<()>,
}

impl Records {
    /// Starts importing `batch` from `source` in the background, for the staff member the
    /// policy allowed to import.
    pub async fn start_import(
        &self,
        permit: Authorized<ClinicScope>,
        source: SourceName,
        batch: ImportBatch,
        meta: RequestMeta,
    ) -> DomainResult<StartedImport> {
        permit.require(ClinicTask::ImportRecords)?;
        let actor = permit.actor()?.id.clone();
        if batch.files() == 0 {
            return Err(DomainError::validation("file", said!("rec-choose-files")));
        }
        let id = uuid::Uuid::new_v4().to_string();
        {
            let mut live = self
                .running
                .0
                .lock()
                .map_err(|_| DomainError::Internal("import job lock poisoned".into()))?;
            if live.is_some() {
                return Err(DomainError::validation("file", said!("rec-import-running")));
            }
            *live = Some(Live {
                id: id.clone(),
                stored: 0,
            });
        }
        let now = self.now();
        let row = import_job::ActiveModel {
            id: Set(id.clone()),
            requested_by: Set(Some(actor.clone())),
            source: Set(source.as_str().to_owned()),
            status: Set(JobStatus::Running.as_str().to_owned()),
            files: Set(batch.files() as i32),
            bytes: Set(batch.bytes() as i64),
            total: Set(batch.resources() as i64),
            summary: Set(None),
            error: Set(None),
            created_at: Set(now),
            finished_at: Set(None),
        };
        if let Err(err) = row.insert(self.db()).await {
            self.running.set(None);
            return Err(err.into());
        }
        if let Err(err) = audit::append(
            self.db(),
            now,
            &meta,
            AuditEntry::new("record.import.start", Outcome::Success)
                .maybe_actor(Some(actor.clone()))
                .resource("import_job", id.clone()),
        )
        .await
        {
            self.running.set(None);
            return Err(err);
        }

        let records = self.clone();
        let job = Job {
            id: id.clone(),
            actor,
            meta: meta.clone(),
        };
        let finished = tokio::spawn(async move {
            // The import runs as a task of its own, so that even a panic in it ends the job.
            let work = {
                let records = records.clone();
                tokio::spawn(async move {
                    let running = records.running.clone();
                    records
                        .import_batch(Importer::Staff(&permit), &source, batch, &meta, &mut |p| {
                            running.progress(p.stored)
                        })
                        .await
                })
            };
            let outcome = match work.await {
                Ok(outcome) => outcome,
                Err(_) => Err(DomainError::Internal(
                    "the import stopped unexpectedly".into(),
                )),
            };
            if let Err(err) = records.finish_job(&job, outcome).await {
                tracing::error!(job = %job.id, error = %err, "could not record how an import job ended");
            }
            records.running.set(None);
        });
        Ok(StartedImport { id, finished })
    }

    async fn finish_job(
        &self,
        job: &Job,
        outcome: DomainResult<ImportSummary>,
    ) -> DomainResult<()> {
        let id = job.id.as_str();
        let now = self.now();
        let mut row = import_job::ActiveModel {
            id: Set(id.to_owned()),
            finished_at: Set(Some(now)),
            ..Default::default()
        };
        match outcome {
            Ok(summary) => {
                row.status = Set(JobStatus::Done.as_str().to_owned());
                row.summary = Set(Some(summary_json(&summary)));
            }
            Err(err) => {
                // A refusal of the files says what to fix; anything else stays in the log. The
                // sentence is kept as its message and arguments, said in the language of whoever
                // reads the job.
                let message = match err {
                    DomainError::Validation { message, .. } => message,
                    other => {
                        tracing::error!(job = %id, error = %other, "import job failed");
                        said!("rec-import-failed-server")
                    }
                };
                row.status = Set(JobStatus::Failed.as_str().to_owned());
                row.error = Set(Some(self.vault().seal(
                    ERROR_FIELD,
                    id,
                    &message.to_stored(),
                )?));
                audit::append(
                    self.db(),
                    now,
                    &job.meta,
                    AuditEntry::new("record.import.fail", Outcome::Failure)
                        .maybe_actor(Some(job.actor.clone()))
                        .resource("import_job", id.to_owned()),
                )
                .await?;
            }
        }
        row.update(self.db()).await?;
        Ok(())
    }

    /// Marks jobs left `running` by a server that stopped: they stored nothing. Run at start-up.
    pub async fn interrupt_unfinished_imports(&self) -> DomainResult<u64> {
        let now = self.now();
        let done = import_job::Entity::update_many()
            .col_expr(
                import_job::Column::Status,
                Expr::value(JobStatus::Interrupted.as_str()),
            )
            .col_expr(import_job::Column::FinishedAt, Expr::value(now))
            .filter(import_job::Column::Status.eq(JobStatus::Running.as_str()))
            .exec(self.db())
            .await?;
        Ok(done.rows_affected)
    }

    /// One job, with its progress if it is running here.
    pub async fn import_job(
        &self,
        permit: &Authorized<ClinicScope>,
        id: &str,
    ) -> DomainResult<ImportJob> {
        permit.require(ClinicTask::ImportRecords)?;
        let row = import_job::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or(DomainError::NotFound)?;
        self.job_view(row)
    }

    /// The latest jobs, newest first.
    pub async fn recent_imports(
        &self,
        permit: &Authorized<ClinicScope>,
    ) -> DomainResult<Vec<ImportJob>> {
        permit.require(ClinicTask::ImportRecords)?;
        import_job::Entity::find()
            .order_by_desc(import_job::Column::CreatedAt)
            .limit(RECENT_JOBS)
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| self.job_view(row))
            .collect()
    }

    fn job_view(&self, row: import_job::Model) -> DomainResult<ImportJob> {
        let status = JobStatus::parse(&row.status);
        let summary = row.summary.as_deref().and_then(parse_summary);
        let total = row.total.max(0) as usize;
        let stored = match (&summary, self.running.get()) {
            (Some(summary), _) => summary.stored.values().sum(),
            (None, Some(live)) if live.id == row.id => live.stored,
            _ => 0,
        };
        let error = match (&row.error, status) {
            (Some(sealed), _) => Some(Said::from_stored(&self.vault().open(
                ERROR_FIELD,
                &row.id,
                sealed,
            )?)),
            (None, JobStatus::Interrupted) => Some(said!("rec-import-interrupted")),
            _ => None,
        };
        Ok(ImportJob {
            id: row.id,
            status,
            requested_by: row.requested_by,
            source: row.source,
            files: row.files.max(0) as usize,
            bytes: row.bytes.max(0) as u64,
            stored,
            total,
            summary,
            error,
            created_at: row.created_at,
            finished_at: row.finished_at,
        })
    }
}

fn summary_json(summary: &ImportSummary) -> String {
    serde_json::to_string(summary).unwrap_or_default()
}

fn parse_summary(text: &str) -> Option<ImportSummary> {
    serde_json::from_str(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn an_error_is_kept_as_its_sentence_and_older_text_reads_as_it_was() {
        let refusal = said!("rec-import-running");
        let stored = refusal.to_stored();
        assert_eq!(Said::from_stored(&stored), refusal);
        assert_ne!(
            Said::from_stored(&stored).in_language(Locale::Es),
            refusal.to_string()
        );
        let old = "late.json, entry 2: the entry has no resource";
        assert_eq!(Said::from_stored(old).in_language(Locale::Es), old);
    }
}
