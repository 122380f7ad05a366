//! Staff upload of FHIR records: Bundles (batch, transaction, collection, searchset), single
//! resources or Bulk Data NDJSON files, read in the browser and imported as one all-or-nothing
//! import. The summary says what was stored, updated and skipped.

use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "hydrate")]
use crate::api::{
    ApiErrorKind,
    records::{UploadedFile, import_records},
};
use crate::{
    api::{ApiError, records::ImportReport},
    components::session::SignedIn,
};

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <Title text="Import records" />
        <SignedIn>
            <Import />
        </SignedIn>
    }
}

/// The chosen files' names and text.
#[cfg(feature = "hydrate")]
async fn read_chosen(input: &web_sys::HtmlInputElement) -> Result<Vec<UploadedFile>, ApiError> {
    let unreadable = |name: &str| {
        ApiError::new(
            ApiErrorKind::Validation,
            format!("{name} could not be read as text."),
        )
    };
    let mut out = Vec::new();
    let Some(list) = input.files() else {
        return Ok(out);
    };
    for i in 0..list.length() {
        let Some(file) = list.item(i) else { continue };
        let name = file.name();
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .map_err(|_| unreadable(&name))?
            .as_string()
            .ok_or_else(|| unreadable(&name))?;
        out.push(UploadedFile { name, text });
    }
    Ok(out)
}

#[component]
fn Import() -> impl IntoView {
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let source: NodeRef<leptos::html::Input> = NodeRef::new();
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<ImportReport, ApiError>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if let Some(element) = input.get_untracked() {
            let source = source
                .get_untracked()
                .map(|s| s.value())
                .unwrap_or_default();
            busy.set(true);
            result.set(None);
            leptos::task::spawn_local(async move {
                let outcome = match read_chosen(&element).await {
                    Ok(files) if files.is_empty() => Err(ApiError::new(
                        ApiErrorKind::Validation,
                        "Choose at least one file.",
                    )),
                    Ok(files) => import_records(files, source).await,
                    Err(e) => Err(e),
                };
                busy.set(false);
                result.set(Some(outcome));
            });
        }
    };
    view! {
        <h1>"Import records"</h1>
        <p>
            "Load FHIR R4 records into patients' charts: Bundles (batch, transaction, collection or "
            "searchset), single resources, or Bulk Data NDJSON files (one resource per line). "
            "Choose every file of one export together: they are imported as one, and if any file "
            "has a problem nothing is changed. Importing the same data again updates it."
        </p>
        <form class="card" on:submit=submit>
            <label for="import-files">"FHIR files (.json, .ndjson)"</label>
            <input id="import-files" node_ref=input type="file" multiple accept=".json,.ndjson,application/json,application/fhir+json" required />
            <label for="import-source">"Source system (optional)"</label>
            <p class="hint" id="import-source-hint">"Name the system the files come from (e.g. hospital-a) when it is not the clinic's own: its resources are kept apart, so two systems that reuse the same ids never overwrite each other. Use the same name when importing from it again."</p>
            <input id="import-source" node_ref=source type="text" maxlength="64" autocomplete="off" aria-describedby="import-source-hint" />
            <button type="submit" class="button" disabled=move || busy.get()>
                {move || if busy.get() { "Importing…" } else { "Import" }}
            </button>
        </form>
        <div role="status" aria-live="polite">
            {move || result.get().map(|outcome| match outcome {
                Ok(report) => view! {
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
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{format!("Nothing was imported. {}", e.message)}</p> }.into_any(),
            })}
        </div>
    }
}
