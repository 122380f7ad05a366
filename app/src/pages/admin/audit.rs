//! The audit log for administrators: filter by date, person, patient, action and outcome; page
//! through the results; export what matches as CSV. Searching and exporting are audited too.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::admin::{AuditFilters, export_audit, search_audit},
    components::session::SignedIn,
};

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Title text="Audit log" />
        <SignedIn>
            <AuditSearch />
        </SignedIn>
    }
}

/// Hands the browser a CSV file to save.
fn save_file(filename: &str, text: &str) -> Result<(), String> {
    crate::components::download::save_bytes(filename, "text/csv;charset=utf-8", text.as_bytes())
}

#[component]
fn AuditSearch() -> impl IntoView {
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let patient = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let current = RwSignal::new((AuditFilters::default(), 0u64));
    let results = Resource::new(move || current.get(), |(f, page)| search_audit(f, page));
    let (status, set_status) = signal(None::<String>);
    let (error, set_error) = signal(None::<String>);

    let typed = move || AuditFilters {
        from: from.get_untracked(),
        to: to.get_untracked(),
        actor: actor.get_untracked(),
        patient: patient.get_untracked(),
        action: action.get_untracked(),
        outcome: outcome.get_untracked(),
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        current.set((typed(), 0));
    };
    let export = move |_| {
        set_status.set(None);
        set_error.set(None);
        let filters = current.get_untracked().0;
        leptos::task::spawn_local(async move {
            match export_audit(filters).await {
                Ok(file) => match save_file(&file.filename, &file.text) {
                    Ok(()) => set_status.set(Some(format!(
                        "Exported {} events to {}.",
                        file.rows, file.filename
                    ))),
                    Err(message) => set_error.set(Some(message)),
                },
                Err(e) => set_error.set(Some(e.message)),
            }
        });
    };
    let turn = move |by: i64| current.update(|(_, page)| *page = page.saturating_add_signed(by));

    view! {
        <h1>"Audit log"</h1>
        <form class="filters no-print" on:submit=apply>
            <div><label for="audit-from">"From"</label><input id="audit-from" type="date" bind:value=from /></div>
            <div><label for="audit-to">"To"</label><input id="audit-to" type="date" bind:value=to /></div>
            <div><label for="audit-actor">"Person"</label><input id="audit-actor" autocomplete="off" bind:value=actor /></div>
            <div><label for="audit-patient">"Patient"</label><input id="audit-patient" autocomplete="off" bind:value=patient /></div>
            <div><label for="audit-action">"Action"</label><input id="audit-action" placeholder="record. or sign_in" autocomplete="off" bind:value=action /></div>
            <div>
                <label for="audit-outcome">"Outcome"</label>
                <select id="audit-outcome" bind:value=outcome>
                    <option value="">"Any"</option>
                    <option value="success">"Success"</option>
                    <option value="failure">"Failure"</option>
                    <option value="denied">"Denied"</option>
                </select>
            </div>
            <button type="submit" class="button">"Search"</button>
            <button type="button" class="button button--secondary" on:click=export>"Export CSV"</button>
        </form>
        <p class="notice" role="status">{move || status.get()}</p>
        <p class="error" role="alert">{move || error.get()}</p>
        <Suspense fallback=|| view! { <p>"Searching…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(found) => view! {
                        <div class="table-wrap" tabindex="0" role="region" aria-label="Audit events">
                            <table class="table audit">
                                <thead><tr>
                                    <th scope="col">"#"</th><th scope="col">"When (UTC)"</th><th scope="col">"Who"</th>
                                    <th scope="col">"Patient"</th><th scope="col">"Action"</th><th scope="col">"Outcome"</th>
                                    <th scope="col">"Address"</th><th scope="col">"Request"</th>
                                </tr></thead>
                                <tbody>
                                    {found.lines.into_iter().map(|l| { let outcome = l.outcome.clone(); view! {
                                        <tr data-outcome=outcome>
                                            <td>{l.seq}</td>
                                            <td>{l.when}</td>
                                            <td>{l.actor}</td>
                                            <td>{l.patient}</td>
                                            <td><span title=l.action.clone()>{l.what}</span>{(!l.resource.is_empty()).then(|| view! { <span class="hint">{format!(" {}", l.resource)}</span> })}</td>
                                            <td>{l.outcome}{(!l.reason.is_empty()).then(|| format!(" ({})", l.reason))}</td>
                                            <td>{l.ip}</td>
                                            <td><code>{l.request_id}</code></td>
                                        </tr>
                                    }}).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <nav class="pager no-print" aria-label="Pages of the audit log">
                            {(found.page > 0).then(|| view! { <button type="button" class="button button--secondary" on:click=move |_| turn(-1)>"Newer"</button> })}
                            <span>{format!("Page {}", found.page + 1)}</span>
                            {found.has_more.then(|| view! { <button type="button" class="button button--secondary" on:click=move |_| turn(1)>"Older"</button> })}
                        </nav>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
