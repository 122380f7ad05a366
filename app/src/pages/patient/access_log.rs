//! The access log: every time someone opened or changed part of this record, who it was (staff
//! by name and role, caregivers by name, the patient's own sessions with their device) and when.
//! Filter by dates and person; newest first, a page at a time.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{PatientBanner, patient_id};
use crate::{api::access::get_access_log, components::session::SignedIn};

#[component]
pub fn AccessLogPage() -> impl IntoView {
    view! {
        <Title text="Access log" />
        <SignedIn>
            <Log />
        </SignedIn>
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Filters {
    from: String,
    to: String,
    person: String,
    page: u64,
}

#[component]
fn Log() -> impl IntoView {
    let id = patient_id();
    let filters = RwSignal::new(Filters::default());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let person = RwSignal::new(String::new());
    let log = Resource::new(
        move || (id.get(), filters.get()),
        |(id, f)| async move { get_access_log(id?, f.from, f.to, f.person, f.page).await },
    );
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        filters.set(Filters {
            from: from.get_untracked(),
            to: to.get_untracked(),
            person: person.get_untracked(),
            page: 0,
        });
    };
    let turn = move |by: i64| {
        filters.update(|f| f.page = f.page.saturating_add_signed(by));
    };

    view! {
        <Suspense fallback=|| view! { <p>"Loading the access log…"</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(log) => {
                        let people = log.people.clone();
                        view! {
                            <PatientBanner header=log.header.clone() />
                            <h1>"Access log"</h1>
                            <p>"Everyone who opened or changed this record in Portico, newest first. Times are in UTC."</p>
                            <form class="filters no-print" on:submit=apply>
                                <div>
                                    <label for="log-from">"From"</label>
                                    <input id="log-from" type="date" bind:value=from />
                                </div>
                                <div>
                                    <label for="log-to">"To"</label>
                                    <input id="log-to" type="date" bind:value=to />
                                </div>
                                <div>
                                    <label for="log-person">"Person"</label>
                                    <select id="log-person" bind:value=person>
                                        <option value="">"Everyone"</option>
                                        {people.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button">"Show"</button>
                            </form>
                            {if log.entries.is_empty() {
                                view! { <p>"Nothing matches these filters."</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap" tabindex="0" role="region" aria-label="Access log entries">
                                        <table class="table access-log">
                                            <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th></tr></thead>
                                            <tbody>
                                                {log.entries.into_iter().map(|e| view! {
                                                    <tr>
                                                        <td>{e.when}</td>
                                                        <td>{e.who}{e.device.map(|d| view! { <span class="hint">{format!(" ({d})")}</span> })}</td>
                                                        <td>{e.what}{e.refused.then(|| view! { " " <span class="tag tag--refused">"Refused"</span> })}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                            <nav class="pager no-print" aria-label="Pages of the access log">
                                {(log.page > 0).then(|| view! { <button type="button" class="button button--secondary" on:click=move |_| turn(-1)>"Newer"</button> })}
                                <span>{format!("Page {}", log.page + 1)}</span>
                                {log.has_more.then(|| view! { <button type="button" class="button button--secondary" on:click=move |_| turn(1)>"Older"</button> })}
                            </nav>
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>"Access log"</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
