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
    i18n::{Words, t, t_args},
};

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Title text=t("nav-audit") />
        <SignedIn>
            <AuditSearch address=Address::here() words=Words::of(&AUDIT_WORDS).and(&crate::components::query::PAGER_WORDS).and(&crate::components::download::DOWNLOAD_WORDS) />
        </SignedIn>
    }
}

/// Hands the browser a CSV file to save.
fn save_file(filename: &str, text: &str) -> Result<(), String> {
    crate::components::download::save_bytes(filename, "text/csv;charset=utf-8", text.as_bytes())
}

/// What the audit log shows (it runs in the browser too).
const AUDIT_WORDS: [&str; 23] = [
    "nav-audit",
    "audit-exported",
    "filter-from",
    "filter-to",
    "audit-person",
    "role-patient",
    "audit-action",
    "audit-outcome",
    "audit-any",
    "audit-success",
    "audit-failure",
    "audit-denied",
    "audit-search",
    "audit-export",
    "audit-searching",
    "audit-alerts-title",
    "audit-alert-when",
    "audit-events",
    "audit-when",
    "audit-who",
    "audit-address",
    "audit-request",
    "audit-pages",
];

#[island(lazy)]
fn AuditSearch(address: Address, words: Words) -> impl IntoView {
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
                Some(t_args(
                    "audit-exported",
                    vec![
                        ("count", file.rows.into()),
                        ("file", (&file.filename).into()),
                    ],
                ))
            })
        });
    };
    let selected = move |value: &'static str| move || outcome.get() == value;

    view! {
        <h1>{t("nav-audit")}</h1>
        <form method="get" action="" class="filters no-print">
            <div><label for="audit-from">{t("filter-from")}</label><input id="audit-from" name="from" type="date" value=from /></div>
            <div><label for="audit-to">{t("filter-to")}</label><input id="audit-to" name="to" type="date" value=to /></div>
            <div><label for="audit-actor">{t("audit-person")}</label><input id="audit-actor" name="actor" autocomplete="off" value=actor /></div>
            <div><label for="audit-patient">{t("role-patient")}</label><input id="audit-patient" name="patient" autocomplete="off" value=patient /></div>
            <div><label for="audit-action">{t("audit-action")}</label><input id="audit-action" name="action" placeholder="record. or sign_in" autocomplete="off" value=action /></div>
            <div>
                <label for="audit-outcome">{t("audit-outcome")}</label>
                <select id="audit-outcome" name="outcome">
                    <option value="" selected=selected("")>{t("audit-any")}</option>
                    <option value="success" selected=selected("success")>{t("audit-success")}</option>
                    <option value="failure" selected=selected("failure")>{t("audit-failure")}</option>
                    <option value="denied" selected=selected("denied")>{t("audit-denied")}</option>
                </select>
            </div>
            <button type="submit" class="button">{t("audit-search")}</button>
            // Saving a file needs the page's script.
            <button type="button" class="button button--secondary needs-script" on:click=export>{t("audit-export")}</button>
        </form>
        <TaskStatus task=export_task />
        <Suspense fallback=|| view! { <p>{t("audit-searching")}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(found) => view! {
                        {(!found.alerts.is_empty()).then(|| view! {
                            <section class="card card--warning" aria-labelledby="alerts-title">
                                <h2 id="alerts-title">{t("audit-alerts-title")}</h2>
                                <ul class="item-list">
                                    {found.alerts.into_iter().map(|a| view! {
                                        <li>{a.text}<span class="hint">{format!(" — {}", t_args("audit-alert-when", vec![("when", a.when.into()), ("seq", a.seq.into())]))}</span></li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        <div class="table-wrap" tabindex="0" role="region" aria-label=t("audit-events")>
                            <table class="table audit">
                                <thead><tr>
                                    <th scope="col">"#"</th><th scope="col">{t("audit-when")}</th><th scope="col">{t("audit-who")}</th>
                                    <th scope="col">{t("role-patient")}</th><th scope="col">{t("audit-action")}</th><th scope="col">{t("audit-outcome")}</th>
                                    <th scope="col">{t("audit-address")}</th><th scope="col">{t("audit-request")}</th>
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
                        <Pager page=found.page has_more=found.has_more label=t("audit-pages") />
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
