//! A clinician's page for one renewal request: the medicine as prescribed, the patient's note
//! and pharmacy, the last visit and newest results, earlier requests, and the decision (approve
//! with refills, deny with a reason the patient sees, or ask for a visit).

use leptos::prelude::*;
use leptos_meta::Title;

use super::RequestItem;
use crate::{
    api::renewals::{DecideRenewal, DecisionPage, get_renewal_decision},
    components::{
        form::{ActionResult, SubmitButton, successes},
        query::Address,
        session::SignedIn,
    },
    pages::patient::{PatientBanner, param, patient_id},
};

#[component]
pub fn RenewalDecisionPage() -> impl IntoView {
    view! {
        <Title text="Renewal request" />
        <SignedIn>
            <RenewalDecision address=Address::here() />
        </SignedIn>
    }
}

#[island(lazy)]
fn RenewalDecision(address: Address) -> impl IntoView {
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
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <DecisionBody p=p decide=decide /> }.into_any(),
                    Err(e) => view! {
                        <h1>"Renewal request"</h1>
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
    view! {
        <PatientBanner header=p.header.clone() />
        <p><a href="/staff/inbox">"← Inbox"</a></p>
        <h1>{format!("{}: {}", r.kind, r.medication)}</h1>
        <p class=format!("status status--{}", r.status)>{r.status_label.clone()}</p>
        <section class="card" aria-labelledby="asked-title">
            <h2 id="asked-title">"The request"</h2>
            <dl class="facts">
                <dt>"Asked"</dt><dd>{format!("{} by {}", r.requested, r.requested_by)}</dd>
                <dt>"Pharmacy"</dt><dd>{r.pharmacy.clone()}</dd>
                {r.note.clone().map(|n| view! { <dt>"Note"</dt><dd>{n}</dd> })}
                {r.decided.clone().map(|d| view! { <dt>"Decided"</dt><dd>{d}</dd> })}
                {r.refills.map(|n| view! { <dt>"Refills granted"</dt><dd>{n.to_string()}</dd> })}
                {r.message.clone().map(|m| view! { <dt>"Said to the patient"</dt><dd>{m}</dd> })}
            </dl>
        </section>
        <section class="card" aria-labelledby="rx-title">
            <h2 id="rx-title">"As prescribed"</h2>
            {p.prescription.is_empty().then(|| view! { <p class="hint">"The prescription is no longer in the record."</p> })}
            <dl class="facts">
                {p.prescription.clone().into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> }).collect_view()}
                <dt>"Last visit"</dt><dd>{p.last_visit.clone().unwrap_or_else(|| "None in the record".into())}</dd>
            </dl>
        </section>
        {(!p.results.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="results-title">
                <h2 id="results-title">"Newest results"</h2>
                <table class="results">
                    <caption class="visually-hidden">"Newest results"</caption>
                    <thead><tr><th scope="col">"Test"</th><th scope="col">"Value"</th><th scope="col">"Range"</th><th scope="col">"Date"</th></tr></thead>
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
                <h2 id="earlier-title">"Earlier requests for it"</h2>
                <ul class="item-list">
                    {p.earlier.clone().into_iter().map(|e| view! { <RequestItem r=e clinic=true /> }).collect_view()}
                </ul>
            </section>
        })}
        <ActionResult action=decide ok=|_: &()| "Decided. The patient's side is told there is an answer.".to_owned() />
        {p.may_decide.then(|| view! {
            <section class="card" aria-labelledby="decide-title">
                <h2 id="decide-title">"Decide"</h2>
                <ActionForm action=decide attr:class="stack">
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <input type="hidden" name="request_id" value=request.clone() />
                    <fieldset class="choices">
                        <legend>"Decision"</legend>
                        <label class="check"><input type="radio" name="decision" value="approve" required checked=true />" Approve"</label>
                        <label class="check"><input type="radio" name="decision" value="deny" required />" Do not approve"</label>
                        <label class="check"><input type="radio" name="decision" value="visit" required />" Needs a visit first"</label>
                    </fieldset>
                    <label for="renewal-refills">{format!("Refills (when approving; at most {max})")}</label>
                    <input id="renewal-refills" name="refills" type="number" min="0" max=max.to_string() value=max.min(3).to_string() />
                    <label for="renewal-reason">"Words for the patient (needed when not approving)"</label>
                    <textarea id="renewal-reason" name="reason" rows="3" maxlength="1000"></textarea>
                    <SubmitButton action=decide label="Send the decision" busy="Sending…" />
                </ActionForm>
            </section>
        })}
    }
}
