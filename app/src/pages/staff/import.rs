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
};

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <Title text="Import records" />
        <SignedIn>
            <Import address=Address::here() />
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

#[island(lazy)]
fn Import(address: Address) -> impl IntoView {
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
        <h1>"Import records"</h1>
        <p>
            "Load FHIR R4 records into patients' charts: Bundles (batch, transaction, collection, "
            "searchset or document), single resources, or Bulk Data NDJSON files (one resource per "
            "line). Choose every file of one export together: they are imported as one, and if any "
            "file has a problem nothing is changed. Importing the same data again updates it."
        </p>
        <form class="card" method="post" action=IMPORT_URL enctype="multipart/form-data" on:submit=submit>
            <label for="import-files">"FHIR files (.json, .ndjson)"</label>
            <input id="import-files" name="files" type="file" multiple accept=".json,.ndjson,application/json,application/fhir+json" required />
            <label for="import-source">"Source system (optional)"</label>
            <p class="hint" id="import-source-hint">"Name the system the files come from (e.g. hospital-a) when it is not the clinic's own: its resources are kept apart, so two systems that reuse the same ids never overwrite each other. Use the same name when importing from it again."</p>
            <input id="import-source" name="source" type="text" maxlength="64" autocomplete="off" aria-describedby="import-source-hint" />
            <button type="submit" class="button" disabled=move || busy.get()>
                {move || if busy.get() { "Importing…" } else { "Import" }}
            </button>
        </form>
        <div role="status" aria-live="polite">
            {move || error.get().or_else(|| posted_error.clone()).map(|message| view! {
                <p class="error" role="alert">{format!("Nothing was imported. {message}")}</p>
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
                <h2 id="import-running">"Importing…"</h2>
                <progress max=job.total.max(1) value=job.stored aria-labelledby="import-running"></progress>
                <p>{format!("{} of {} resources stored", job.stored, job.total)}</p>
                <p class="hint">"You can leave this page: the import goes on, and the list of recent imports here shows how it ended."</p>
            </section>
        }
        .into_any(),
        "done" => match job.report {
            Some(report) => view! { <Report report /> }.into_any(),
            None => ().into_any(),
        },
        _ => view! {
            <p class="error" role="alert">{format!(
                "Nothing was imported. {}",
                job.error.unwrap_or_default()
            )}</p>
        }
        .into_any(),
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="import-done">
            <h2 id="import-done">{format!("Imported {} resource{}", report.stored, if report.stored == 1 { "" } else { "s" })}</h2>
            <p>{format!(
                "{} new, {} updated. Patients: {} created, {} updated.",
                report.created, report.updated, report.patients_created, report.patients_updated
            )}</p>
            <ul>
                {report.by_type.into_iter().map(|(kind, n)| view! { <li>{format!("{kind}: {n}")}</li> }).collect_view()}
            </ul>
            {(!report.skipped.is_empty()).then(|| view! {
                <p class="hint">{format!(
                    "Skipped (types Portico does not keep): {}",
                    report.skipped.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")
                )}</p>
            })}
            {(!report.notes.is_empty()).then(|| view! {
                <p class="hint">{format!("Also: {}.", report.notes.join("; "))}</p>
            })}
        </section>
    }
}

/// The latest jobs, whoever started them.
#[component]
fn RecentImports(list: Vec<ImportJobView>) -> impl IntoView {
    let outcome = |job: &ImportJobView| match job.status.as_str() {
        "running" => format!("Running: {} of {} stored", job.stored, job.total),
        "done" => {
            let n = job.report.as_ref().map_or(job.stored, |r| r.stored);
            format!("Imported {n} resource{}", if n == 1 { "" } else { "s" })
        }
        "interrupted" => "Stopped by a server restart; nothing stored".to_owned(),
        _ => format!(
            "Failed, nothing stored: {}",
            job.error.clone().unwrap_or_default()
        ),
    };
    let any_running = list.iter().any(ImportJobView::running);
    view! {
        <section aria-labelledby="recent-imports">
            <h2 id="recent-imports">"Recent imports"</h2>
            {any_running.then(|| view! {
                <p class="hint">"An import is running. " <a href="/staff/import">"Reload"</a> " to see how far it has come."</p>
            })}
            <table>
                <thead>
                    <tr><th scope="col">"Started"</th><th scope="col">"By"</th><th scope="col">"Source"</th><th scope="col">"Files"</th><th scope="col">"Outcome"</th></tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|job| {
                        let outcome = outcome(&job);
                        view! {
                            <tr>
                                <td>{job.started}</td>
                                <td>{job.by}</td>
                                <td>{if job.source.is_empty() { "the clinic's own".to_owned() } else { job.source }}</td>
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
