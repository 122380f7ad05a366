//! Staff imports of FHIR files (the records area's import, run as a job): the upload hands the
//! files over as they arrive and gets the job back; the page follows the job until it ends.

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

use super::ApiError;

/// Where the upload form posts (without its script, too).
pub const IMPORT_URL: &str = "/api/staff/import";

/// What an import stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub stored: usize,
    pub created: usize,
    pub updated: usize,
    pub by_type: Vec<(String, usize)>,
    pub skipped: Vec<(String, usize)>,
    pub patients_created: usize,
    pub patients_updated: usize,
    /// What else the import did, in words ("2 GET/HEAD entries ignored"), for the summary.
    pub notes: Vec<String>,
}

/// One import job, as the import page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportJobView {
    pub id: String,
    /// `running`, `done`, `failed` or `interrupted`.
    pub status: String,
    /// When it started, as people read it.
    pub started: String,
    /// Who started it.
    pub by: String,
    pub source: String,
    pub files: usize,
    /// The files' size, as people read it.
    pub size: String,
    pub stored: usize,
    pub total: usize,
    pub report: Option<ImportReport>,
    pub error: Option<String>,
}

impl ImportJobView {
    pub fn running(&self) -> bool {
        self.status == "running"
    }
}

/// The upload: fields `source` (optional) and `files` (one or more FHIR files), as a browser
/// posts a form. Each file is read as it arrives (NDJSON a line at a time); a file that is not
/// FHIR is refused at once and nothing starts. Otherwise the import starts as a job.
#[server(endpoint = "staff/import", input = MultipartFormData)]
pub async fn start_import(data: MultipartData) -> Result<ImportJobView, ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{
        DomainError,
        access::ClinicTask,
        records::{ImportBatch, SourceName},
        said,
    };
    let ctx = server_context()?;
    // Who asks comes first: nothing of the body is read for anyone else.
    let permit = clinic_access(ClinicTask::ImportRecords, "staff/import").await?;
    let unreadable = |e: multer::Error| {
        ApiError::from(DomainError::validation(
            "file",
            said!("rec-upload-unreadable", error = e.to_string()),
        ))
    };
    let Some(mut form) = data.into_inner() else {
        return Err(DomainError::validation("file", said!("rec-choose-files")).into());
    };
    let mut batch = ImportBatch::new();
    let mut source = String::new();
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("source") => {
                super::form_parts::read_text(&mut field, &mut source, 256, unreadable, || {
                    DomainError::validation("source", said!("rec-source-name")).into()
                })
                .await?;
            }
            Some("files") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let first = field.chunk().await.map_err(unreadable)?;
                // A form with no file chosen still sends one empty, nameless part.
                if name.is_empty() && first.as_ref().is_none_or(|c| c.is_empty()) {
                    continue;
                }
                let name = if name.is_empty() {
                    "upload".into()
                } else {
                    name
                };
                let mut file = batch.file(&name);
                if let Some(chunk) = first {
                    file.push(&chunk)?;
                }
                while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                    file.push(&chunk)?;
                }
                file.finish()?;
            }
            _ => {}
        }
    }
    let source = SourceName::parse(&source)?;
    let started = ctx
        .records
        .start_import(permit.clone(), source, batch, request_meta())
        .await?;
    let job = ctx.records.import_job(&permit, &started.id).await?;
    Ok(convert::job(&ctx, &ctx.zone().await?, job).await?)
}

/// One import job: how far it has come, and how it ended.
#[server(endpoint = "staff/import/job")]
pub async fn import_job(job_id: String) -> Result<ImportJobView, ApiError> {
    use super::server_context::{clinic_access, server_context};
    use portico_domain::access::ClinicTask;
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::ImportRecords, "staff/import/job").await?;
    let job = ctx.records.import_job(&permit, job_id.trim()).await?;
    Ok(convert::job(&ctx, &ctx.zone().await?, job).await?)
}

/// The latest import jobs, newest first.
#[server(endpoint = "staff/import/jobs")]
pub async fn recent_imports() -> Result<Vec<ImportJobView>, ApiError> {
    use super::server_context::{clinic_access, server_context};
    use portico_domain::access::ClinicTask;
    let ctx = server_context()?;
    let permit = clinic_access(ClinicTask::ImportRecords, "staff/import/jobs").await?;
    let mut out = Vec::new();
    let zone = ctx.zone().await?;
    for job in ctx.records.recent_imports(&permit).await? {
        out.push(convert::job(&ctx, &zone, job).await?);
    }
    Ok(out)
}

#[cfg(feature = "ssr")]
mod convert {
    use portico_domain::{
        DomainResult,
        records::{ImportJob, ImportSummary},
    };

    use super::{ImportJobView, ImportReport};
    use crate::{
        api::{display, server_context::ServerContext},
        i18n::{locale, t, t_args},
    };

    /// A job as the page lists it, its start in the clinic's `zone` (read once per page).
    pub async fn job(
        ctx: &ServerContext,
        zone: &portico_domain::scheduling::ClinicZone,
        job: ImportJob,
    ) -> DomainResult<ImportJobView> {
        let by = match &job.requested_by {
            Some(id) => ctx
                .identity
                .accounts_by_id(std::slice::from_ref(id))
                .await?
                .remove(id)
                .map(|a| a.display_name)
                .unwrap_or_else(|| t("rec-by-former-staff")),
            None => t("rec-by-command-line"),
        };
        Ok(ImportJobView {
            id: job.id,
            status: job.status.as_str().to_owned(),
            started: display::moment(zone, job.created_at),
            by,
            source: job.source,
            files: job.files,
            size: display::size(job.bytes as usize),
            stored: job.stored,
            total: job.total,
            report: job.summary.map(report),
            // Said in the language of whoever reads the job, not of whoever started it.
            error: job.error.map(|error| error.in_language(locale())),
        })
    }

    /// What an import stored, its notes in the request's language.
    pub fn report(summary: ImportSummary) -> ImportReport {
        ImportReport {
            stored: summary.stored.values().sum(),
            created: summary.created,
            updated: summary.updated,
            by_type: summary.stored.into_iter().collect(),
            skipped: summary.skipped.into_iter().collect(),
            patients_created: summary.patients_created,
            patients_updated: summary.patients_updated,
            notes: [
                (summary.repeated > 0).then(|| {
                    t_args(
                        "rec-note-repeated",
                        vec![("count", summary.repeated.into())],
                    )
                }),
                (summary.deleted > 0)
                    .then(|| t_args("rec-note-deleted", vec![("count", summary.deleted.into())])),
                (summary.reads_ignored > 0).then(|| {
                    t_args(
                        "rec-note-reads-ignored",
                        vec![("count", summary.reads_ignored.into())],
                    )
                }),
                (summary.links_dropped > 0).then(|| {
                    t_args(
                        "rec-note-links-dropped",
                        vec![("count", summary.links_dropped.into())],
                    )
                }),
            ]
            .into_iter()
            .flatten()
            .collect(),
        }
    }
}
