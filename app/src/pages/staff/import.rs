//! Staff upload of FHIR records: Bundles (batch, transaction, collection, searchset, document),
//! single resources or Bulk Data NDJSON files, imported as one all-or-nothing job. The page
//! follows the job (how many resources are stored so far) and shows what it stored; the job goes
//! on when the page closes, and the list of recent imports shows how it ended.
//!
//! The form is a plain multipart form: without the page's script the browser posts it, the server
//! starts the job and sends the browser back here, where the list shows it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{
        ApiError,
        imports::{IMPORT_URL, ImportJobView, ImportReport, recent_imports},
    },
    components::query::Address,
    components::session::SignedIn,
    i18n::{Words, t, t_args},
};

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <Title text=t("import-title") />
        <SignedIn>
            <Import address=Address::here() words=Words::of(&IMPORT_WORDS) />
        </SignedIn>
    }
}

/// Waits `ms` milliseconds (between looks at a running job).
#[cfg(feature = "hydrate")]
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Follows the job until it ends, a look a second, into `current`.
#[cfg(feature = "hydrate")]
async fn follow(mut job: ImportJobView, current: RwSignal<Option<ImportJobView>>) {
    use crate::api::imports::import_job;
    while job.running() {
        pause(1000).await;
        match import_job(job.id.clone()).await {
            Ok(next) => {
                job = next;
                current.set(Some(job.clone()));
            }
            // A lost connection: try again at the next look.
            Err(_) => continue,
        }
    }
}

/// What the import page shows (it runs in the browser), with the job, report and list it holds.
const IMPORT_WORDS: [&str; 28] = [
    "import-title",
    "import-intro",
    "import-files",
    "import-source",
    "import-source-hint",
    "import-importing",
    "import-import",
    "import-failed",
    "import-progress",
    "import-leave",
    "import-imported-one",
    "import-imported",
    "import-counts",
    "import-skipped",
    "import-also",
    "import-running",
    "import-interrupted",
    "import-failed-row",
    "import-recent",
    "import-running-note",
    "import-reload",
    "import-reload-after",
    "import-started",
    "import-by",
    "import-source-column",
    "entry-files",
    "import-outcome",
    "import-own-source",
];

/// "Imported 3 resources".
fn imported(count: usize) -> String {
    let id = if count == 1 {
        "import-imported-one"
    } else {
        "import-imported"
    };
    t_args(id, vec![("count", count.into())])
}

#[island(lazy)]
fn Import(address: Address, words: Words) -> impl IntoView {
    words.provide();
    address.provide();
    crate::island_ready();
    let jobs = Resource::new(|| (), |_| recent_imports());
    // The job this page started or found running, followed until it ends.
    let current = RwSignal::new(None::<ImportJobView>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // A form posted without the script comes back with its error in the address.
    let posted = Address::here();
    let posted_error = (posted.query("__path").as_deref() == Some(IMPORT_URL))
        .then(|| posted.query("__err"))
        .flatten()
        .map(|e| leptos::server_fn::error::ServerFnUrlError::<ApiError>::decode_err(&e).message);

    // A job still running when the page opens (started before, perhaps in another browser) is
    // followed too.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if current.get_untracked().is_some() {
            return;
        }
        if let Some(Ok(list)) = jobs.get()
            && let Some(job) = list.into_iter().find(ImportJobView::running)
        {
            current.set(Some(job.clone()));
            busy.set(true);
            leptos::task::spawn_local(async move {
                follow(job, current).await;
                busy.set(false);
                jobs.refetch();
            });
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            let Some((_, data)) = crate::components::form::take_form_data(&ev) else {
                return;
            };
            busy.set(true);
            error.set(None);
            current.set(None);
            leptos::task::spawn_local(async move {
                match crate::api::imports::start_import(data.into()).await {
                    Ok(job) => {
                        current.set(Some(job.clone()));
                        follow(job, current).await;
                    }
                    Err(e) => error.set(Some(e.message)),
                }
                busy.set(false);
                jobs.refetch();
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <h1>{t("import-title")}</h1>
        <p>{t("import-intro")}</p>
        <form class="card" method="post" action=IMPORT_URL enctype="multipart/form-data" on:submit=submit>
            <label for="import-files">{t("import-files")}</label>
            <input id="import-files" name="files" type="file" multiple accept=".json,.ndjson,application/json,application/fhir+json" required />
            <label for="import-source">{t("import-source")}</label>
            <p class="hint" id="import-source-hint">{t("import-source-hint")}</p>
            <input id="import-source" name="source" type="text" maxlength="64" autocomplete="off" aria-describedby="import-source-hint" />
            <button type="submit" class="button" disabled=move || busy.get()>
                {move || if busy.get() { t("import-importing") } else { t("import-import") }}
            </button>
        </form>
        <div role="status" aria-live="polite">
            {move || error.get().or_else(|| posted_error.clone()).map(|message| view! {
                <p class="error" role="alert">{t_args("import-failed", vec![("reason", message.into())])}</p>
            })}
            {move || current.get().map(|job| view! { <JobOutcome job /> })}
        </div>
        <Transition fallback=|| ()>
            {move || jobs.get().map(|list| match list {
                Ok(list) if list.is_empty() => ().into_any(),
                Ok(list) => view! { <RecentImports list /> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
            })}
        </Transition>
    }
}

/// The followed job: its progress while it runs, then what it stored or why it stored nothing.
#[component]
fn JobOutcome(job: ImportJobView) -> impl IntoView {
    match job.status.as_str() {
        "running" => view! {
            <section class="card" aria-labelledby="import-running">
                <h2 id="import-running">{t("import-importing")}</h2>
                <progress max=job.total.max(1) value=job.stored aria-labelledby="import-running"></progress>
                <p>{t_args("import-progress", vec![("stored", job.stored.into()), ("total", job.total.into())])}</p>
                <p class="hint">{t("import-leave")}</p>
            </section>
        }
        .into_any(),
        "done" => match job.report {
            Some(report) => view! { <Report report /> }.into_any(),
            None => ().into_any(),
        },
        _ => view! {
            <p class="error" role="alert">{t_args(
                "import-failed",
                vec![("reason", job.error.unwrap_or_default().into())],
            )}</p>
        }
        .into_any(),
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="import-done">
            <h2 id="import-done">{imported(report.stored)}</h2>
            <p>{t_args(
                "import-counts",
                vec![
                    ("created", report.created.into()),
                    ("updated", report.updated.into()),
                    ("patients_created", report.patients_created.into()),
                    ("patients_updated", report.patients_updated.into()),
                ],
            )}</p>
            <ul>
                {report.by_type.into_iter().map(|(kind, n)| view! { <li>{format!("{kind}: {n}")}</li> }).collect_view()}
            </ul>
            {(!report.skipped.is_empty()).then(|| view! {
                <p class="hint">{t_args(
                    "import-skipped",
                    vec![("types", report.skipped.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ").into())],
                )}</p>
            })}
            {(!report.notes.is_empty()).then(|| view! {
                <p class="hint">{t_args("import-also", vec![("notes", report.notes.join("; ").into())])}</p>
            })}
        </section>
    }
}

/// The latest jobs, whoever started them.
#[component]
fn RecentImports(list: Vec<ImportJobView>) -> impl IntoView {
    let outcome = |job: &ImportJobView| match job.status.as_str() {
        "running" => t_args(
            "import-running",
            vec![("stored", job.stored.into()), ("total", job.total.into())],
        ),
        "done" => imported(job.report.as_ref().map_or(job.stored, |r| r.stored)),
        "interrupted" => t("import-interrupted"),
        _ => t_args(
            "import-failed-row",
            vec![("reason", job.error.clone().unwrap_or_default().into())],
        ),
    };
    let any_running = list.iter().any(ImportJobView::running);
    view! {
        <section aria-labelledby="recent-imports">
            <h2 id="recent-imports">{t("import-recent")}</h2>
            {any_running.then(|| view! {
                <p class="hint">{t("import-running-note")} " " <a href="/staff/import">{t("import-reload")}</a> " " {t("import-reload-after")}</p>
            })}
            <table>
                <thead>
                    <tr><th scope="col">{t("import-started")}</th><th scope="col">{t("import-by")}</th><th scope="col">{t("import-source-column")}</th><th scope="col">{t("entry-files")}</th><th scope="col">{t("import-outcome")}</th></tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|job| {
                        let outcome = outcome(&job);
                        view! {
                            <tr>
                                <td>{job.started}</td>
                                <td>{job.by}</td>
                                <td>{if job.source.is_empty() { t("import-own-source") } else { job.source }}</td>
                                <td>{format!("{} ({})", job.files, job.size)}</td>
                                <td>{outcome}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
