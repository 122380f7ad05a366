//! The access log: every time someone opened or changed part of this record, who it was (staff
//! by name and role, caregivers by name, the patient's own sessions with their device) and when.
//! Filter by dates and person; newest first, a page at a time.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{PatientBanner, patient_id};
use crate::{
    api::access::get_access_log,
    components::{
        query::{Pager, query_page, query_value},
        session::SignedIn,
    },
    i18n::t,
};

#[component]
pub fn AccessLogPage() -> impl IntoView {
    view! {
        <Title text=t("record-nav-access-log") />
        <SignedIn>
            <Log />
        </SignedIn>
    }
}

#[component]
fn Log() -> impl IntoView {
    let id = patient_id();
    // Filters and page are the address's query (a GET form), so they work before the page's
    // script loads, and the back button and a copied link keep them.
    let from = query_value("from");
    let to = query_value("to");
    let person = query_value("person");
    let page = query_page();
    let log = Resource::new(
        move || (id.get(), from.get(), to.get(), person.get(), page.get()),
        |(id, from, to, person, page)| async move { get_access_log(id?, from, to, person, page).await },
    );

    view! {
        <Suspense fallback=|| view! { <p>{t("access-log-loading")}</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(log) => {
                        let people = log.people.clone();
                        view! {
                            <PatientBanner header=log.header.clone() />
                            <h1>{t("record-nav-access-log")}</h1>
                            <p>{t("access-log-lead")}</p>
                            <form method="get" action="" class="filters no-print">
                                <div>
                                    <label for="log-from">{t("filter-from")}</label>
                                    <input id="log-from" name="from" type="date" value=from />
                                </div>
                                <div>
                                    <label for="log-to">{t("filter-to")}</label>
                                    <input id="log-to" name="to" type="date" value=to />
                                </div>
                                <div>
                                    <label for="log-person">{t("access-log-person")}</label>
                                    <select id="log-person" name="person">
                                        <option value="">{t("access-log-everyone")}</option>
                                        {people.into_iter().map(|(id, label)| {
                                            let chosen = person.get_untracked() == id;
                                            view! { <option value=id selected=chosen>{label}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button">{t("filter-show")}</button>
                            </form>
                            {if log.entries.is_empty() {
                                view! { <p>{t("access-log-none")}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap" tabindex="0" role="region" aria-label=t("access-log-entries")>
                                        <table class="table access-log">
                                            <thead><tr><th scope="col">{t("access-log-when")}</th><th scope="col">{t("access-log-who")}</th><th scope="col">{t("access-log-what")}</th></tr></thead>
                                            <tbody>
                                                {log.entries.into_iter().map(|e| view! {
                                                    <tr>
                                                        <td>{e.when}</td>
                                                        <td>{e.who}{e.device.map(|d| view! { <span class="hint">{format!(" ({d})")}</span> })}</td>
                                                        <td>{e.what}{e.refused.then(|| view! { " " <span class="tag tag--refused">{t("access-log-refused")}</span> })}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                            <Pager page=log.page has_more=log.has_more label=t("access-log-pages") />
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>{t("record-nav-access-log")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
