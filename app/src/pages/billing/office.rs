//! The billing office's day: the payments made online that day (with a CSV export) and what is
//! owed by age across patients. The day is the address's `?day=`, chosen with a plain GET form.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::billing::{export_payments, get_office_report},
    components::{
        download::DOWNLOAD_WORDS,
        form::{Task, TaskStatus},
        query::Address,
        session::SignedIn,
    },
    i18n::{Words, t, t_args},
};

#[component]
pub fn OfficePage() -> impl IntoView {
    view! {
        <Title text=t("office-title") />
        <SignedIn>
            <Office />
        </SignedIn>
    }
}

#[component]
fn Office() -> impl IntoView {
    let day = Address::here().query("day").unwrap_or_default();
    let page = Resource::new(
        || (),
        move |()| {
            let day = day.clone();
            async move { get_office_report(day).await }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! {
                        <h1>{t_args("office-heading", vec![("day", (&p.day_label).into())])}</h1>
                        <form method="get" action="/staff/billing" class="inline-form">
                            <label for="report-day">{t("office-day")}</label>
                            <input id="report-day" name="day" type="date" value=p.day.clone() />
                            <button type="submit" class="button button--secondary">{t("filter-show")}</button>
                        </form>
                        <section class="card" aria-labelledby="day-title">
                            <h2 id="day-title">{t_args("office-collected", vec![("amount", (&p.collected).into())])}</h2>
                            <ExportPayments day=p.day.clone() words=Words::of(&EXPORT_WORDS).and(&DOWNLOAD_WORDS) />
                            {p.payments.is_empty().then(|| view! { <p class="hint">{t("office-no-payments")}</p> })}
                            <div class="table-wrap"><table class="table">
                                <caption>{t("office-payments-caption")}</caption>
                                <thead><tr>
                                    <th scope="col">{t("office-time")}</th><th scope="col">{t("office-patient")}</th>
                                    <th scope="col" class="num">{t("billing-amount")}</th><th scope="col">{t("billing-status")}</th>
                                </tr></thead>
                                <tbody>
                                    {p.payments.into_iter().map(|pm| view! {
                                        <tr>
                                            <td>{pm.time}</td>
                                            <td><a href=pm.href>{pm.patient}</a></td>
                                            <td class="num">{pm.amount}</td>
                                            <td>{pm.status_label}{pm.refunded.map(|r| format!(", {r}"))}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        </section>
                        {(!p.missed_plans.is_empty()).then(|| view! {
                            <section class="card" aria-labelledby="missed-title">
                                <h2 id="missed-title">{t("office-plans-behind")}</h2>
                                <ul class="item-list">
                                    {p.missed_plans.clone().into_iter().map(|(patient, href, what)| view! {
                                        <li class="item item--stacked">
                                            <div class="item__main"><a href=href>{patient}</a><span>{what}</span></div>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        <section class="card" aria-labelledby="aging-title">
                            <h2 id="aging-title">{t("office-aging-title")}</h2>
                            <div class="table-wrap"><table class="table">
                                <caption>{t("office-aging-caption")}</caption>
                                <thead><tr>
                                    <th scope="col">{t("office-patient")}</th><th scope="col" class="num">{t("office-owes")}</th>
                                    <th scope="col" class="num">{t("office-days-first")}</th><th scope="col" class="num">{t("office-days-second")}</th>
                                    <th scope="col" class="num">{t("office-days-third")}</th><th scope="col" class="num">{t("office-days-over")}</th>
                                </tr></thead>
                                <tbody>
                                    {p.aging.into_iter().map(|a| {
                                        let [a0, a1, a2, a3] = a.buckets;
                                        view! {
                                            <tr>
                                                <td><a href=a.href>{a.patient}</a></td>
                                                <td class="num">{a.balance}</td>
                                                <td class="num">{a0}</td><td class="num">{a1}</td>
                                                <td class="num">{a2}</td><td class="num">{a3}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                                <tfoot>
                                    {
                                        let [t0, t1, t2, t3] = p.totals;
                                        view! {
                                            <tr>
                                                <th scope="row">{t("office-all-patients")}</th><td></td>
                                                <td class="num">{t0}</td><td class="num">{t1}</td>
                                                <td class="num">{t2}</td><td class="num">{t3}</td>
                                            </tr>
                                        }
                                    }
                                </tfoot>
                            </table></div>
                        </section>
                    }.into_any(),
                    Err(e) => view! {
                        <h1>{t("office-title")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the export button shows (it runs in the browser), with the words of saving a file.
const EXPORT_WORDS: [&str; 2] = ["office-save-csv", "summary-saved"];

/// Saves the day's payments as a CSV file (needs the page's script).
#[island(lazy)]
fn ExportPayments(day: String, words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let task = Task::new();
    let export = move |_| {
        let day = day.clone();
        task.run(export_payments(day), |file| {
            crate::components::download::save_bytes(
                &file.filename,
                "text/csv;charset=utf-8",
                file.text.as_bytes(),
            )
            .map(|()| {
                let saved = vec![("file", (&file.filename).into())];
                Some(t_args("summary-saved", saved))
            })
        });
    };
    view! {
        <button type="button" class="button button--secondary" on:click=export disabled=move || task.busy.get()>
            {t("office-save-csv")}
        </button>
        <TaskStatus task />
    }
}
