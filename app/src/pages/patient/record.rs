//! The clinical record: the summary (problems, medications, allergies, latest results, upcoming
//! visits), one page per section, and one page per entry (a report's results, a result's trend,
//! a visit's diagnoses and notes, a document's files). The summary prints as a readable summary
//! and offers the FHIR download.

use leptos::prelude::*;
use leptos_meta::Title;
use portico_types::{EntryId, PatientId, Section};

use super::{PatientBanner, param, patient_id};
use crate::{
    api::records::{
        EntryView, ResultView, export_record, get_record_entry, get_record_section,
        get_record_summary,
    },
    components::{
        download::{DOWNLOAD_WORDS, save_download},
        query::{Pager, query_page, query_value},
        session::SignedIn,
        step_up::{STEP_UP_WORDS, StepUp, StepUpPrompt},
        trend_chart::TrendChart,
    },
    i18n::{Words, t, t_args},
};

/// Whether the reader may ask for renewals (the patient's pages list the renewals page).
fn may_renew(header: &crate::api::patient::PatientHeader) -> bool {
    header
        .sections
        .iter()
        .any(|s| s.href.ends_with("/renewals"))
}

/// A flag as words with a symbol, never colour alone.
#[component]
fn FlagBadge(flag: Option<String>, label: Option<String>) -> impl IntoView {
    flag.zip(label).map(|(flag, label)| {
        let symbol = match flag.as_str() {
            "high" | "critical-high" => "▲ ",
            "low" | "critical-low" => "▼ ",
            _ => "! ",
        };
        view! { <span class=format!("flag flag--{flag}")>{symbol}{label}</span> }
    })
}

#[component]
fn EntryList(entries: Vec<EntryView>, #[prop(into)] empty: String) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="hint">{empty}</p> }.into_any();
    }
    view! {
        <ul class="entry-list">
            {entries.into_iter().map(|e| view! {
                <li class="entry">
                    <a class="entry__title" href=e.href.clone()>{e.title.clone()}</a>
                    <FlagBadge flag=e.flag.clone() label=e.flag_label.clone() />
                    <span class="entry__meta">
                        {e.detail.clone().map(|d| view! { <span>{d}</span> })}
                        {e.date.clone().map(|d| view! { <span>{d}</span> })}
                        {e.status.clone().map(|s| view! { <span class="entry__status">{s}</span> })}
                    </span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ResultTable(results: Vec<ResultView>, #[prop(into)] caption: String) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=t_args("results-table", vec![("caption", caption.clone().into())])>
            <table class="results">
                <caption class="visually-hidden">{caption.clone()}</caption>
                <thead><tr>
                    <th scope="col">{t("results-test")}</th><th scope="col">{t("results-result")}</th>
                    <th scope="col">{t("results-range")}</th><th scope="col">{t("results-date")}</th>
                </tr></thead>
                <tbody>
                    {results.into_iter().map(|r| view! {
                        <tr class=if r.flag.is_some() { "results__row results__row--flagged" } else { "results__row" }>
                            <th scope="row"><a href=r.href.clone()>{r.test.clone()}</a></th>
                            <td>
                                <span class="results__value">{format!("{} {}", r.value, r.unit)}</span>
                                " "<FlagBadge flag=r.flag.clone() label=r.flag_label.clone() />
                            </td>
                            <td>{r.range.clone().unwrap_or_else(|| "—".into())}</td>
                            <td>{r.date.clone().unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Failure(message: String) -> impl IntoView {
    view! {
        <h1>{t("summary-record")}</h1>
        <p class="error" role="alert">{message}</p>
        <p><a href="/">{t("summary-back")}</a></p>
    }
}

#[component]
pub fn RecordSummaryPage() -> impl IntoView {
    view! {
        <Title text=t("summary-record") />
        <SignedIn>
            <Summary />
        </SignedIn>
    }
}

#[component]
fn Summary() -> impl IntoView {
    let id = patient_id();
    let summary = Resource::new(
        move || id.get(),
        |id| async move { get_record_summary(id?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("summary-loading")}</p> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(s) => {
                        let name = s.header.name.clone();
                        view! {
                            <PatientBanner header=s.header.clone() />
                            <div class="record-head">
                                <h1>{t("summary-title")}</h1>
                                <p class="print-only">{t_args("summary-printed", vec![("name", name.into()), ("date", s.generated.clone().into())])}</p>
                                <RecordActions patient_id=s.header.patient_id.clone() may_export=s.may_export words=Words::of(&RECORD_ACTION_WORDS).and(&STEP_UP_WORDS).and(&DOWNLOAD_WORDS) />
                            </div>
                            <div class="summary-grid">
                                <section class="card" aria-labelledby="problems-title">
                                    <h2 id="problems-title">{t("summary-problems")}</h2>
                                    <EntryList entries=s.problems.clone() empty=t("summary-no-problems") />
                                </section>
                                <section class="card" aria-labelledby="meds-title">
                                    <h2 id="meds-title">{t("summary-medications")}</h2>
                                    <EntryList entries=s.medications.clone() empty=t("summary-no-medications") />
                                </section>
                                <section class="card" aria-labelledby="allergies-title">
                                    <h2 id="allergies-title">{t("summary-allergies")}</h2>
                                    <EntryList entries=s.allergies.clone() empty=t("summary-no-allergies") />
                                </section>
                                <section class="card" aria-labelledby="upcoming-title">
                                    <h2 id="upcoming-title">{t("summary-upcoming")}</h2>
                                    <EntryList entries=s.upcoming.clone() empty=t("summary-nothing-planned") />
                                </section>
                            </div>
                            {s.latest_results.clone().map(|results| view! {
                                <section class="card" aria-labelledby="latest-title">
                                    <h2 id="latest-title">{t("summary-latest")}</h2>
                                    {if results.is_empty() {
                                        view! { <p class="hint">{t("summary-no-results")}</p> }.into_any()
                                    } else {
                                        view! { <ResultTable results=results caption=t("summary-latest") /> }.into_any()
                                    }}
                                </section>
                            })}
                            <section class="card no-print" aria-labelledby="parts-title">
                                <h2 id="parts-title">{t("summary-everything")}</h2>
                                <ul class="section-counts">
                                    {s.sections.clone().into_iter().map(|part| view! {
                                        <li><a href=part.href>{part.label}</a>" "<span class="count">{format!("({})", part.count)}</span></li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <Failure message=e.message /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the record actions show (they run in the browser too).
const RECORD_ACTION_WORDS: [&str; 3] = ["summary-print", "summary-download", "summary-saved"];

/// Print the summary; download the record as FHIR (after a passkey check when one is due).
#[island(lazy)]
fn RecordActions(patient_id: PatientId, may_export: bool, words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    // Made now: the download's outcome is set from a callback, outside the island's context.
    let saved = StoredValue::new(t_args("summary-saved", vec![("file", "{file}".into())]));
    // And saving the file reads the island's words through its owner.
    let owner = StoredValue::new(Owner::current());
    let step_up = StepUp::new();
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let export = {
        let patient_id = patient_id.clone();
        move |_| {
            let patient_id = patient_id.clone();
            busy.set(true);
            message.set(None);
            step_up.run(
                move || export_record(patient_id.clone()),
                move |result| {
                    busy.set(false);
                    message.set(Some(match result {
                        Ok(file) => match owner.with_value(|owner| match owner {
                            Some(owner) => owner.with(|| save_download(&file)),
                            None => save_download(&file),
                        }) {
                            Ok(()) => saved.with_value(|s| s.replace("{file}", &file.file_name)),
                            Err(e) => e,
                        },
                        Err(e) => e.message,
                    }));
                },
            );
        }
    };
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <div class="record-actions no-print">
            <button type="button" class="button button--secondary" on:click=print>{t("summary-print")}</button>
            {may_export.then(|| view! {
                <button type="button" class="button" on:click=export.clone() disabled=move || busy.get()>
                    {t("summary-download")}
                </button>
            })}
            <p role="status" class="hint">{move || message.get()}</p>
            <StepUpPrompt step_up=step_up />
        </div>
    }
}

#[component]
pub fn RecordSectionPage() -> impl IntoView {
    view! {
        <Title text=t("summary-record") />
        <SignedIn>
            <SectionView />
        </SignedIn>
    }
}

#[component]
fn SectionView() -> impl IntoView {
    let id = patient_id();
    let section = param::<Section>("section");
    // The page and the days shown live in the address (a GET form), so links and the back
    // button keep them and the filter works before the script arrives.
    let number = query_page();
    let from = query_value("from");
    let to = query_value("to");
    let page = Resource::new(
        move || (id.get(), section.get(), number.get(), from.get(), to.get()),
        |(id, section, number, from, to)| async move {
            get_record_section(id?, section?, number, from, to).await
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let empty = t_args("section-empty", vec![("section", p.label.to_lowercase().into())]);
                        view! {
                            <Title text=p.label.clone() />
                            <PatientBanner header=p.header.clone() />
                            <h1>{p.label.clone()}</h1>
                            {(!p.trends.is_empty()).then(|| view! {
                                <section aria-labelledby="charts-title">
                                    <h2 id="charts-title">{t("section-over-time")}</h2>
                                    {p.trends.clone().into_iter().enumerate().map(|(n, t)| view! {
                                        <section class="card">
                                            <h3>{t.test.clone()}</h3>
                                            <TrendChart trend=t id=format!("vital-{n}") />
                                        </section>
                                    }).collect_view()}
                                </section>
                            })}
                            <form method="get" action="" class="filters no-print">
                                <div><label for="section-from">{t("filter-from")}</label><input id="section-from" name="from" type="date" value=from /></div>
                                <div><label for="section-to">{t("filter-to")}</label><input id="section-to" name="to" type="date" value=to /></div>
                                <button type="submit" class="button button--secondary">{t("filter-show")}</button>
                            </form>
                            {(p.section == Section::Medications && may_renew(&p.header)).then(|| view! {
                                <p class="no-print"><a href=format!("/patients/{}/renewals", p.header.patient_id)>{t("section-ask-renewal")}</a></p>
                            })}
                            <section class="card" aria-label=p.label.clone()>
                                {p.showing().map(|text| view! { <p class="hint">{t_args("section-showing", vec![("range", text.into())])}</p> })}
                                <EntryList entries=p.entries.clone() empty=empty />
                            </section>
                            <Pager page=p.page has_more=p.has_more label=t("section-pages") />
                        }.into_any()
                    }
                    Err(e) => view! { <Failure message=e.message /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn RecordEntryPage() -> impl IntoView {
    view! {
        <Title text=t("summary-record") />
        <SignedIn>
            <EntryView />
        </SignedIn>
    }
}

#[component]
fn EntryView() -> impl IntoView {
    let id = patient_id();
    let section = param::<Section>("section");
    let entry = param::<EntryId>("entry");
    let page = Resource::new(
        move || (id.get(), section.get(), entry.get()),
        |(id, section, entry)| async move { get_record_entry(id?, section?, entry?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let back = format!("/patients/{}/records/{}", p.header.patient_id, p.section);
                        let patient = p.header.patient_id.clone();
                        let section_code = p.section;
                        let entry_id = p.entry.id.clone();
                        view! {
                            <Title text=p.entry.title.clone() />
                            <PatientBanner header=p.header.clone() />
                            <p class="no-print"><a href=back>{format!("← {}", p.section_label)}</a></p>
                            <h1>{p.entry.title.clone()}" "<FlagBadge flag=p.entry.flag.clone() label=p.entry.flag_label.clone() /></h1>
                            {p.renewal.clone().map(|r| view! { <p class="notice" role="status">{r}</p> })}
                            {(section_code == Section::Medications && may_renew(&p.header)).then(|| view! {
                                <p class="no-print"><a class="button button--secondary" href=format!("/patients/{}/renewals/request/{}", p.header.patient_id, p.entry.id)>{t("entry-request-renewal")}</a></p>
                            })}
                            {(!p.facts.is_empty()).then(|| view! {
                                <section class="card">
                                    <dl class="facts">
                                        {p.facts.clone().into_iter().map(|(label, value)| view! {
                                            <dt>{label}</dt><dd>{value}</dd>
                                        }).collect_view()}
                                    </dl>
                                </section>
                            })}
                            {(p.results.len() > 1 || (p.results.len() == 1 && p.trend.is_none())).then(|| view! {
                                <section class="card" aria-labelledby="results-title">
                                    <h2 id="results-title">{t("entry-results")}</h2>
                                    <ResultTable results=p.results.clone() caption=t("entry-results-caption") />
                                </section>
                            })}
                            {p.trend.clone().map(|trend| view! {
                                <section class="card" aria-labelledby="trend-title">
                                    <h2 id="trend-title">{t("entry-trend")}</h2>
                                    <TrendChart trend=trend id="result-trend" />
                                </section>
                            })}
                            {(!p.related.is_empty()).then(|| view! {
                                <section class="card" aria-labelledby="related-title">
                                    <h2 id="related-title">{t("entry-related")}</h2>
                                    <EntryList entries=p.related.clone() empty="" />
                                </section>
                            })}
                            {(!p.attachments.is_empty()).then(|| view! {
                                <section class="card" aria-labelledby="files-title">
                                    <h2 id="files-title">{t("entry-files")}</h2>
                                    <ul class="files">
                                        {p.attachments.clone().into_iter().map(|a| view! {
                                            <li>
                                                {a.text.clone().map(|text| view! { <pre class="note">{text}</pre> })}
                                                <a class="button button--secondary" download
                                                    href=format!("/files/records/{patient}/{entry_id}/{}", a.index)>
                                                    {t_args("entry-download", vec![("title", a.title.clone().into()), ("size", a.size.clone().into())])}
                                                </a>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <Failure message=e.message /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
