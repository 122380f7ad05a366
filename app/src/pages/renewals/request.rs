//! Asking for a refill or renewal of one prescription: what it will ask for (or why it cannot be
//! asked online), the pharmacy (a saved one or a new one), an optional note, and send.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::renewals::{RenewalFormPage, RequestRenewal, get_renewal_form},
    components::{
        form::{ActionResult, SubmitButton, successes},
        query::Address,
        session::SignedIn,
    },
    pages::patient::{PatientBanner, param, patient_id},
};

#[component]
pub fn RenewalRequestPage() -> impl IntoView {
    view! {
        <Title text="Request a renewal" />
        <SignedIn>
            <RenewalRequest address=Address::here() />
        </SignedIn>
    }
}

#[island(lazy)]
fn RenewalRequest(address: Address) -> impl IntoView {
    address.provide();
    crate::island_ready();
    let id = patient_id();
    let entry = param::<portico_types::EntryId>("entry");
    let send = ServerAction::<RequestRenewal>::new();
    // Read again once sent (it then says the request waits); a refusal keeps the form.
    let sent = successes(send);
    let page = Resource::new(
        move || (id.get(), entry.get(), sent.get()),
        |(id, entry, _)| async move { get_renewal_form(id?, entry?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <RequestBody p=p send=send /> }.into_any(),
                    Err(e) => view! {
                        <h1>"Request a renewal"</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RequestBody(p: RenewalFormPage, send: ServerAction<RequestRenewal>) -> impl IntoView {
    let patient = p.header.patient_id.to_string();
    let back = format!("/patients/{patient}/renewals");
    let entry = p.entry_id.to_string();
    let has_saved = !p.pharmacies.is_empty();
    view! {
        <PatientBanner header=p.header.clone() />
        <p><a href=back.clone()>"← Prescription renewals"</a></p>
        <h1>{format!("Request a renewal: {}", p.medication)}</h1>
        {p.dosage.clone().map(|d| view! { <p class="hint">{d}</p> })}
        <ActionResult action=send ok=move |_: &()| "Sent. The care team will answer on your renewals page.".to_owned() />
        {p.refusal.clone().map(|why| view! { <p class="notice" role="status">{why}</p> })}
        {p.asks.clone().map(|asks| view! {
            <section class="card" aria-labelledby="request-title">
                <h2 id="request-title">"Your request"</h2>
                <p>{asks}</p>
                <p class="notice">{format!("{} If you will run out before then, call the clinic or ask your pharmacy for an emergency supply.", p.answer_notice)}</p>
                <ActionForm action=send attr:class="stack">
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <input type="hidden" name="entry_id" value=entry.clone() />
                    <fieldset class="choices">
                        <legend>"Pharmacy"</legend>
                        {p.pharmacies.iter().enumerate().map(|(i, (id, label))| view! {
                            <label class="check">
                                <input type="radio" name="pharmacy" value=id.clone() required checked=i == 0 />
                                {format!(" {label}")}
                            </label>
                        }).collect_view()}
                        <label class="check">
                            <input type="radio" name="pharmacy" value="new" required checked=!has_saved />
                            " A new pharmacy"
                        </label>
                        <label for="pharmacy-name">"New pharmacy's name"</label>
                        <input id="pharmacy-name" name="pharmacy_name" maxlength="120" />
                        <label for="pharmacy-address">"Its address (optional)"</label>
                        <input id="pharmacy-address" name="pharmacy_address" maxlength="200" />
                        <label for="pharmacy-phone">"Its phone (optional)"</label>
                        <input id="pharmacy-phone" name="pharmacy_phone" type="tel" maxlength="40" />
                    </fieldset>
                    <label for="renewal-note">"Note for the care team (optional)"</label>
                    <textarea id="renewal-note" name="note" rows="3" maxlength="1000"></textarea>
                    <SubmitButton action=send label="Send the request" busy="Sending…" />
                </ActionForm>
            </section>
        })}
    }
}
