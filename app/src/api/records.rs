//! The clinical record: summary, sections, entries with results and trends, document downloads,
//! the FHIR export, and the staff import. The policy decides every call (records, results or
//! billing scope by section); the domain filters what a reader may not see.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use portico_types::{EntryId, PatientId, Section};

use super::{ApiError, patient::PatientHeader};

/// One line of a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    pub id: EntryId,
    pub href: String,
    pub title: String,
    pub detail: Option<String>,
    pub date: Option<String>,
    pub status: Option<String>,
    /// `high`, `low`, `critical-high`, `critical-low` or `abnormal`.
    pub flag: Option<String>,
    pub flag_label: Option<String>,
}

/// One result value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultView {
    pub href: String,
    pub test: String,
    pub value: String,
    pub number: Option<f64>,
    pub unit: String,
    pub range: Option<String>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub flag: Option<String>,
    pub flag_label: Option<String>,
    pub date: Option<String>,
    /// Seconds since 1970 (UTC), for charts.
    pub at: Option<i64>,
}

/// A test's values over time, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendView {
    pub test: String,
    pub unit: String,
    pub points: Vec<ResultView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionLink {
    pub section: Section,
    pub label: String,
    pub count: usize,
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordSummary {
    pub header: PatientHeader,
    pub problems: Vec<EntryView>,
    pub medications: Vec<EntryView>,
    pub allergies: Vec<EntryView>,
    /// None when the reader may not see results.
    pub latest_results: Option<Vec<ResultView>>,
    pub upcoming: Vec<EntryView>,
    pub sections: Vec<SectionLink>,
    /// Whether the reader may download the record (records scope).
    pub may_export: bool,
    pub generated: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionPage {
    pub header: PatientHeader,
    pub section: Section,
    pub label: String,
    pub entries: Vec<EntryView>,
    pub trends: Vec<TrendView>,
    /// How many entries the whole list holds (none within chosen days), which page this is
    /// (from 0), and whether older entries follow.
    pub total: Option<u64>,
    pub page: u64,
    pub page_size: u64,
    pub has_more: bool,
}

impl SectionPage {
    /// "26–50 of 312" ("26–50" within chosen days), or nothing for an empty page.
    pub fn showing(&self) -> Option<String> {
        if self.entries.is_empty() {
            return None;
        }
        let first = self.page * self.page_size + 1;
        let last = first + self.entries.len() as u64 - 1;
        Some(match self.total {
            Some(total) => crate::i18n::t_args(
                "list-showing-of",
                vec![
                    ("first", first.into()),
                    ("last", last.into()),
                    ("total", total.into()),
                ],
            ),
            None => crate::i18n::t_args(
                "list-showing",
                vec![("first", first.into()), ("last", last.into())],
            ),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub index: usize,
    pub title: String,
    pub content_type: String,
    pub size: String,
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryPage {
    pub header: PatientHeader,
    pub section: Section,
    pub section_label: String,
    pub entry: EntryView,
    pub facts: Vec<(String, String)>,
    pub results: Vec<ResultView>,
    pub trend: Option<TrendView>,
    pub related: Vec<EntryView>,
    pub attachments: Vec<AttachmentView>,
    /// For a prescription: where its newest renewal request stands ("Renewal request: Approved").
    pub renewal: Option<String>,
}

/// A file for the browser to save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Download {
    pub file_name: String,
    pub content_type: String,
    pub base64: String,
}

#[cfg(feature = "ssr")]
pub(crate) mod convert {
    use portico_domain::records::{Entry, ResultValue, Section, Trend};
    use portico_types::EntryId;

    use super::{EntryView, ResultView, TrendView};
    use crate::api::display::day;

    pub fn entry_href(patient_id: &str, section: Section, id: &str) -> String {
        format!("/patients/{patient_id}/records/{}/{id}", section.as_str())
    }

    pub fn entry(patient_id: &str, e: Entry) -> EntryView {
        let locale = crate::i18n::locale();
        EntryView {
            href: entry_href(patient_id, e.section, &e.id),
            id: EntryId::from_stored(e.id),
            title: e.title.in_language(locale),
            detail: e.detail.map(|d| d.in_language(locale)),
            date: e.date.map(day),
            status: e
                .status
                .map(|s| portico_domain::i18n::fhir_status(locale, &s)),
            flag: e.flag.map(|f| f.as_str().to_owned()),
            flag_label: e.flag.map(crate::api::display::name),
        }
    }

    pub fn result(patient_id: &str, section: Section, r: ResultValue) -> ResultView {
        let locale = crate::i18n::locale();
        ResultView {
            href: entry_href(patient_id, section, &r.id),
            test: r.test.in_language(locale),
            value: r.value.in_language(locale),
            number: r.number,
            unit: r.unit,
            range: r.range,
            low: r.low,
            high: r.high,
            flag: r.flag.map(|f| f.as_str().to_owned()),
            flag_label: r.flag.map(crate::api::display::name),
            date: r.at.map(day),
            at: r.at.map(|at| at.timestamp()),
        }
    }

    pub fn trend(patient_id: &str, section: Section, t: Trend) -> TrendView {
        TrendView {
            test: t.test.in_language(crate::i18n::locale()),
            unit: t.unit,
            points: t
                .points
                .into_iter()
                .map(|p| result(patient_id, section, p))
                .collect(),
        }
    }

    pub fn label(section: Section) -> String {
        crate::api::display::name(section)
    }
}

#[server(endpoint = "patient/record")]
pub async fn get_record_summary(patient_id: PatientId) -> Result<RecordSummary, ApiError> {
    use super::server_context::{patient_access, request_meta, server_context};
    use portico_domain::access::{Mode, Scope};
    let ctx = server_context()?;
    let permit = patient_access(&patient_id, Scope::Records, Mode::Read, "patient/record").await?;
    let summary = ctx.records.summary(&permit, &request_meta()).await?;
    let entries = |list: Vec<portico_domain::records::Entry>| {
        list.into_iter()
            .map(|e| convert::entry(&patient_id, e))
            .collect::<Vec<_>>()
    };
    Ok(RecordSummary {
        header: super::patient::convert::header(&permit)?,
        problems: entries(summary.problems),
        medications: entries(summary.medications),
        allergies: entries(summary.allergies),
        latest_results: summary.latest_results.map(|list| {
            list.into_iter()
                .map(|r| convert::result(&patient_id, Section::Results, r))
                .collect()
        }),
        upcoming: entries(summary.upcoming),
        sections: summary
            .sections
            .into_iter()
            .map(|(s, count)| SectionLink {
                section: s,
                label: convert::label(s),
                count,
                href: format!("/patients/{patient_id}/records/{}", s.as_str()),
            })
            .collect(),
        may_export: permit.holds(Scope::Records),
        generated: super::display::moment(&ctx.zone().await?, ctx.records.now()),
    })
}

/// Asks the policy for the scope of the entry's own section (the records scope for an id that
/// is not the patient's, which then is not found).
#[cfg(feature = "ssr")]
async fn entry_access(
    patient_id: &str,
    entry_id: &str,
    action: &'static str,
) -> Result<portico_domain::access::Authorized<portico_domain::access::PatientScope>, ApiError> {
    use portico_domain::access::Mode;
    let ctx = super::server_context::server_context()?;
    let scope = ctx.records.entry_scope(patient_id, entry_id).await?;
    super::server_context::patient_access(patient_id, scope, Mode::Read, action).await
}

/// One page of a section's list (25 entries, newest first, from page 0), optionally between two
/// days (`YYYY-MM-DD`, both inclusive; empty for no limit).
#[server(endpoint = "patient/record/section")]
pub async fn get_record_section(
    patient_id: PatientId,
    section: Section,
    #[server(default)] page: u64,
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<SectionPage, ApiError> {
    use super::display::optional_date;
    use super::server_context::{patient_access, request_meta, server_context};
    use portico_domain::{
        access::Mode,
        records::{PAGE_SIZE, Page, SectionRules},
    };
    let wanted = Page {
        index: page,
        from: optional_date("from", &from)?,
        to: optional_date("to", &to)?,
    };
    if let (Some(from), Some(to)) = (wanted.from, wanted.to)
        && from > to
    {
        return Err(portico_domain::DomainError::validation(
            "to",
            portico_domain::said!("rec-days-reversed"),
        )
        .into());
    }
    let ctx = server_context()?;
    let permit = patient_access(
        &patient_id,
        section.scope(),
        Mode::Read,
        "patient/record/section",
    )
    .await?;
    let page = ctx
        .records
        .section(&permit, section, &wanted, &request_meta())
        .await?;
    Ok(SectionPage {
        header: super::patient::convert::header(&permit)?,
        section,
        label: convert::label(section),
        entries: page
            .entries
            .into_iter()
            .map(|e| convert::entry(&patient_id, e))
            .collect(),
        trends: page
            .trends
            .into_iter()
            .map(|t| convert::trend(&patient_id, section, t))
            .collect(),
        total: page.total,
        page: page.page,
        page_size: PAGE_SIZE,
        has_more: page.has_more,
    })
}

#[server(endpoint = "patient/record/entry")]
pub async fn get_record_entry(
    patient_id: PatientId,
    section: Section,
    entry_id: EntryId,
) -> Result<EntryPage, ApiError> {
    use super::server_context::{request_meta, server_context};
    let ctx = server_context()?;
    // The address's section is for the reader; the entry's own section sets the scope.
    let _ = section;
    let permit = entry_access(&patient_id, &entry_id, "patient/record/entry").await?;
    let mut detail = ctx
        .records
        .entry(&permit, &entry_id, &request_meta())
        .await?;
    let section = detail.entry.section;
    let renewal = if section == Section::Medications {
        ctx.renewals.latest_for(&permit, &entry_id).await?.map(|r| {
            let mut text = crate::i18n::t_args(
                "renewal-latest",
                vec![
                    ("kind", super::display::name(r.kind).into()),
                    ("status", super::display::name(r.status).into()),
                    ("date", super::display::day(r.requested_at).into()),
                ],
            );
            if let Some(message) = r.message {
                text.push_str(&format!(". {message}"));
            }
            text
        })
    } else {
        None
    };
    // Portico's labels in the reader's language; a result's flag is one of its words too.
    let locale = crate::i18n::locale();
    let flag = detail.entry.flag;
    let facts = std::mem::take(&mut detail.facts)
        .into_iter()
        .map(|(label, value)| {
            let value = match flag {
                Some(flag) if label.id() == "rec-fact-flag" => super::display::name(flag),
                _ => value.in_language(locale),
            };
            (label.in_language(locale), value)
        })
        .collect();
    Ok(EntryPage {
        renewal,
        header: super::patient::convert::header(&permit)?,
        section,
        section_label: convert::label(section),
        entry: convert::entry(&patient_id, detail.entry),
        facts,
        results: detail
            .results
            .into_iter()
            .map(|r| convert::result(&patient_id, section, r))
            .collect(),
        trend: detail
            .trend
            .map(|t| convert::trend(&patient_id, section, t)),
        related: detail
            .related
            .into_iter()
            .map(|e| convert::entry(&patient_id, e))
            .collect(),
        attachments: detail
            .attachments
            .into_iter()
            .map(|a| AttachmentView {
                index: a.index,
                title: a.title.in_language(crate::i18n::locale()),
                content_type: a.content_type,
                size: super::display::size(a.size),
                text: a.text,
            })
            .collect(),
    })
}

/// The whole record as a FHIR R4 Bundle (JSON). Needs a fresh passkey check; audited.
#[server(endpoint = "patient/record/export")]
pub async fn export_record(patient_id: PatientId) -> Result<Download, ApiError> {
    use super::server_context::{patient_access, request_meta, server_context};
    use base64::Engine;
    use portico_domain::access::{Mode, Scope};
    let ctx = server_context()?;
    let permit = patient_access(
        &patient_id,
        Scope::Records,
        Mode::Read,
        "patient/record/export",
    )
    .await?;
    let session = super::server_context::require_session()?;
    let base = format!("{}/fhir", ctx.origin.trim_end_matches('/'));
    let visits = ctx.scheduling.exported_visits(&permit).await?;
    let messages = ctx.messaging.exported_communications(&permit).await?;
    let renewals = ctx.renewals.exported(&permit).await?;
    let invoices = ctx.billing.exported(&permit).await?;
    let (text, _) = ctx
        .records
        .export(
            &permit,
            &session,
            &base,
            |patient| {
                visits
                    .iter()
                    .map(|v| v.resource(patient))
                    .chain(
                        messages
                            .iter()
                            .chain(&renewals)
                            .chain(&invoices)
                            .map(|r| portico_domain::fhir::with_subject(r, patient)),
                    )
                    .collect()
            },
            &request_meta(),
        )
        .await?;
    Ok(Download {
        file_name: format!(
            "health-record-{}.json",
            ctx.records.now().format("%Y-%m-%d")
        ),
        content_type: "application/fhir+json".into(),
        base64: base64::engine::general_purpose::STANDARD.encode(text.as_bytes()),
    })
}
