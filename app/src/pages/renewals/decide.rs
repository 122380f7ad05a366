//! A clinician's page for one renewal request: the medicine as prescribed, the patient's note
//! and pharmacy, the last visit and newest results, earlier requests, and the decision (approve
//! with refills, deny with a reason the patient sees, or ask for a visit).

use leptos::prelude::*;
use leptos_meta::Title;

use super::{REQUEST_ITEM_WORDS, RequestItem};
use crate::{
    api::renewals::{DecideRenewal, DecisionPage, get_renewal_decision},
    components::{
        form::{ActionResult, SubmitButton, successes},
        query::Address,
        session::SignedIn,
    },
    i18n::{Words, t, t_args},
    pages::patient::{PatientBanner, param, patient_id},
};

#[component]
pub fn RenewalDecisionPage() -> impl IntoView {
    view! {
        <Title text=t("renewal-request") />
        <SignedIn>
            <RenewalDecision address=Address::here() words=Words::of(&DECISION_WORDS).and(&REQUEST_ITEM_WORDS) />
        </SignedIn>
    }
}

/// What the decision page shows (it runs in the browser too), with [`REQUEST_ITEM_WORDS`].
const DECISION_WORDS: [&str; 31] = [
    "renewal-request",
    "loading",
    "renewal-back-inbox",
    "renewal-the-request",
    "renewal-asked",
    "renewal-asked-when",
    "renewal-pharmacy",
    "renewal-note-label",
    "renewal-decided",
    "renewal-refills-granted",
    "renewal-said",
    "renewal-as-prescribed",
    "renewal-no-prescription",
    "renewal-last-visit",
    "renewal-no-visit",
    "renewal-results",
    "results-test",
    "renewal-value",
    "renewal-range",
    "results-date",
    "renewal-earlier",
    "renewal-decided-done",
    "renewal-decide",
    "renewal-decision",
    "renewal-approve",
    "renewal-deny",
    "renewal-visit",
    "renewal-refills",
    "renewal-reason",
    "renewal-send-decision",
    "messages-sending",
];

#[island(lazy)]
fn RenewalDecision(address: Address, words: Words) -> impl IntoView {
    words.provide();
    address.provide();
    crate::island_ready();
    let id = patient_id();
    let request = param::<portico_types::RenewalId>("request");
    let decide = ServerAction::<DecideRenewal>::new();
    let decided = successes(decide);
    let page = Resource::new(
        move || (id.get(), request.get(), decided.get()),
        |(id, request, _)| async move { get_renewal_decision(id?, request?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <DecisionBody p=p decide=decide /> }.into_any(),
                    Err(e) => view! {
                        <h1>{t("renewal-request")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DecisionBody(p: DecisionPage, decide: ServerAction<DecideRenewal>) -> impl IntoView {
    let patient = p.header.patient_id.to_string();
    let request = p.request.id.to_string();
    let max = p.max_refills;
    let r = p.request.clone();
    let decided = t("renewal-decided-done");
    view! {
        <PatientBanner header=p.header.clone() />
        <p><a href="/staff/inbox">{t("renewal-back-inbox")}</a></p>
        <h1>{format!("{}: {}", r.kind, r.medication)}</h1>
        <p class=format!("status status--{}", r.status)>{r.status_label.clone()}</p>
        <section class="card" aria-labelledby="asked-title">
            <h2 id="asked-title">{t("renewal-the-request")}</h2>
            <dl class="facts">
                <dt>{t("renewal-asked")}</dt><dd>{t_args("renewal-asked-when", vec![("date", (&r.requested).into()), ("name", (&r.requested_by).into())])}</dd>
                <dt>{t("renewal-pharmacy")}</dt><dd>{r.pharmacy.clone()}</dd>
                {r.note.clone().map(|n| view! { <dt>{t("renewal-note-label")}</dt><dd>{n}</dd> })}
                {r.decided.clone().map(|d| view! { <dt>{t("renewal-decided")}</dt><dd>{d}</dd> })}
                {r.refills.map(|n| view! { <dt>{t("renewal-refills-granted")}</dt><dd>{n.to_string()}</dd> })}
                {r.message.clone().map(|m| view! { <dt>{t("renewal-said")}</dt><dd>{m}</dd> })}
            </dl>
        </section>
        <section class="card" aria-labelledby="rx-title">
            <h2 id="rx-title">{t("renewal-as-prescribed")}</h2>
            {p.prescription.is_empty().then(|| view! { <p class="hint">{t("renewal-no-prescription")}</p> })}
            <dl class="facts">
                {p.prescription.clone().into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> }).collect_view()}
                <dt>{t("renewal-last-visit")}</dt><dd>{p.last_visit.clone().unwrap_or_else(|| t("renewal-no-visit"))}</dd>
            </dl>
        </section>
        {(!p.results.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="results-title">
                <h2 id="results-title">{t("renewal-results")}</h2>
                <table class="results">
                    <caption class="visually-hidden">{t("renewal-results")}</caption>
                    <thead><tr><th scope="col">{t("results-test")}</th><th scope="col">{t("renewal-value")}</th><th scope="col">{t("renewal-range")}</th><th scope="col">{t("results-date")}</th></tr></thead>
                    <tbody>
                        {p.results.clone().into_iter().map(|v| view! {
                            <tr>
                                <td><a href=v.href.clone()>{v.test.clone()}</a></td>
                                <td>{format!("{} {}", v.value, v.unit)}{v.flag_label.clone().map(|f| format!(" ({f})"))}</td>
                                <td>{v.range.clone().unwrap_or_default()}</td>
                                <td>{v.date.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        })}
        {(!p.earlier.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="earlier-title">
                <h2 id="earlier-title">{t("renewal-earlier")}</h2>
                <ul class="item-list">
                    {p.earlier.clone().into_iter().map(|e| view! { <RequestItem r=e clinic=true /> }).collect_view()}
                </ul>
            </section>
        })}
        <ActionResult action=decide ok=move |_: &()| decided.clone() />
        {p.may_decide.then(|| view! {
            <section class="card" aria-labelledby="decide-title">
                <h2 id="decide-title">{t("renewal-decide")}</h2>
                <ActionForm action=decide attr:class="stack">
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <input type="hidden" name="request_id" value=request.clone() />
                    <fieldset class="choices">
                        <legend>{t("renewal-decision")}</legend>
                        <label class="check"><input type="radio" name="decision" value="approve" required checked=true />{format!(" {}", t("renewal-approve"))}</label>
                        <label class="check"><input type="radio" name="decision" value="deny" required />{format!(" {}", t("renewal-deny"))}</label>
                        <label class="check"><input type="radio" name="decision" value="visit" required />{format!(" {}", t("renewal-visit"))}</label>
                    </fieldset>
                    <label for="renewal-refills">{t_args("renewal-refills", vec![("max", i64::from(max).into())])}</label>
                    <input id="renewal-refills" name="refills" type="number" min="0" max=max.to_string() value=max.min(3).to_string() />
                    <label for="renewal-reason">{t("renewal-reason")}</label>
                    <textarea id="renewal-reason" name="reason" rows="3" maxlength="1000"></textarea>
                    <SubmitButton action=decide label=t("renewal-send-decision") busy=t("messages-sending") />
                </ActionForm>
            </section>
        })}
    }
}
