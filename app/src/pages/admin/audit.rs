//! The audit log for administrators: filter by date, person, patient, action and outcome; page
//! through the results; export what matches as CSV. Searching and exporting are audited too.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::admin::{AuditFilters, export_audit, search_audit},
    components::{
        form::{Task, TaskStatus},
        query::{Address, Pager, query_page, query_value},
        session::SignedIn,
    },
};

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Title text="Audit log" />
        <SignedIn>
            <AuditSearch address=Address::here() words=crate::i18n::Words::of(&crate::components::query::PAGER_WORDS).and(&crate::components::download::DOWNLOAD_WORDS) />
        </SignedIn>
    }
}

/// Hands the browser a CSV file to save.
fn save_file(filename: &str, text: &str) -> Result<(), String> {
    crate::components::download::save_bytes(filename, "text/csv;charset=utf-8", text.as_bytes())
}

#[island(lazy)]
fn AuditSearch(address: Address, words: crate::i18n::Words) -> impl IntoView {
    words.provide();
    address.provide();
    crate::island_ready();
    // The filters are the address's query: the form below submits them with GET, so the search
    // works before the page's script has loaded (or without it), and a link keeps them.
    let from = query_value("from");
    let to = query_value("to");
    let actor = query_value("actor");
    let patient = query_value("patient");
    let action = query_value("action");
    let outcome = query_value("outcome");
    let page = query_page();
    let current = move || AuditFilters {
        from: from.get(),
        to: to.get(),
        actor: actor.get(),
        patient: patient.get(),
        action: action.get(),
        outcome: outcome.get(),
    };
    let results = Resource::new(
        move || (current(), page.get()),
        |(f, page)| search_audit(f, page),
    );
    let export_task = Task::new();
    let export = move |_| {
        let filters = untrack(current);
        export_task.run(export_audit(filters), |file| {
            save_file(&file.filename, &file.text).map(|()| {
                Some(format!(
                    "Exported {} events to {}.",
                    file.rows, file.filename
                ))
            })
        });
    };
    let selected = move |value: &'static str| move || outcome.get() == value;

    view! {
        <h1>"Audit log"</h1>
        <form method="get" action="" class="filters no-print">
            <div><label for="audit-from">"From"</label><input id="audit-from" name="from" type="date" value=from /></div>
            <div><label for="audit-to">"To"</label><input id="audit-to" name="to" type="date" value=to /></div>
            <div><label for="audit-actor">"Person"</label><input id="audit-actor" name="actor" autocomplete="off" value=actor /></div>
            <div><label for="audit-patient">"Patient"</label><input id="audit-patient" name="patient" autocomplete="off" value=patient /></div>
            <div><label for="audit-action">"Action"</label><input id="audit-action" name="action" placeholder="record. or sign_in" autocomplete="off" value=action /></div>
            <div>
                <label for="audit-outcome">"Outcome"</label>
                <select id="audit-outcome" name="outcome">
                    <option value="" selected=selected("")>"Any"</option>
                    <option value="success" selected=selected("success")>"Success"</option>
                    <option value="failure" selected=selected("failure")>"Failure"</option>
                    <option value="denied" selected=selected("denied")>"Denied"</option>
                </select>
            </div>
            <button type="submit" class="button">"Search"</button>
            // Saving a file needs the page's script.
            <button type="button" class="button button--secondary needs-script" on:click=export>"Export CSV"</button>
        </form>
        <TaskStatus task=export_task />
        <Suspense fallback=|| view! { <p>"Searching…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(found) => view! {
                        {(!found.alerts.is_empty()).then(|| view! {
                            <section class="card card--warning" aria-labelledby="alerts-title">
                                <h2 id="alerts-title">"Security alerts (last 7 days)"</h2>
                                <ul class="item-list">
                                    {found.alerts.into_iter().map(|a| view! {
                                        <li>{a.text}<span class="hint">{format!(" — {} (event #{})", a.when, a.seq)}</span></li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        <div class="table-wrap" tabindex="0" role="region" aria-label="Audit events">
                            <table class="table audit">
                                <thead><tr>
                                    <th scope="col">"#"</th><th scope="col">"When (clinic time)"</th><th scope="col">"Who"</th>
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
                        <Pager page=found.page has_more=found.has_more label="Pages of the audit log" />
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
