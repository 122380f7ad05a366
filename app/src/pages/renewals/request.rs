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
    i18n::{Words, t, t_args},
    pages::patient::{PatientBanner, param, patient_id},
};

#[component]
pub fn RenewalRequestPage() -> impl IntoView {
    view! {
        <Title text=t("entry-request-renewal") />
        <SignedIn>
            <RenewalRequest address=Address::here() words=Words::of(&REQUEST_WORDS) />
        </SignedIn>
    }
}

/// What the request page shows (it runs in the browser too).
const REQUEST_WORDS: [&str; 15] = [
    "entry-request-renewal",
    "loading",
    "renewal-back",
    "renewal-request-title",
    "renewal-sent",
    "renewal-your-request",
    "renewal-run-out",
    "renewal-pharmacy",
    "renewal-new-pharmacy",
    "renewal-pharmacy-name",
    "renewal-pharmacy-address",
    "renewal-pharmacy-phone",
    "renewal-note",
    "renewal-send",
    "messages-sending",
];

#[island(lazy)]
fn RenewalRequest(address: Address, words: Words) -> impl IntoView {
    words.provide();
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
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <RequestBody p=p send=send /> }.into_any(),
                    Err(e) => view! {
                        <h1>{t("entry-request-renewal")}</h1>
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
    let sent = t("renewal-sent");
    view! {
        <PatientBanner header=p.header.clone() />
        <p><a href=back.clone()>{t("renewal-back")}</a></p>
        <h1>{t_args("renewal-request-title", vec![("medication", (&p.medication).into())])}</h1>
        {p.dosage.clone().map(|d| view! { <p class="hint">{d}</p> })}
        <ActionResult action=send ok=move |_: &()| sent.clone() />
        {p.refusal.clone().map(|why| view! { <p class="notice" role="status">{why}</p> })}
        {p.asks.clone().map(|asks| view! {
            <section class="card" aria-labelledby="request-title">
                <h2 id="request-title">{t("renewal-your-request")}</h2>
                <p>{asks}</p>
                <p class="notice">{format!("{} {}", p.answer_notice, t("renewal-run-out"))}</p>
                <ActionForm action=send attr:class="stack">
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <input type="hidden" name="entry_id" value=entry.clone() />
                    <fieldset class="choices">
                        <legend>{t("renewal-pharmacy")}</legend>
                        {p.pharmacies.iter().enumerate().map(|(i, (id, label))| view! {
                            <label class="check">
                                <input type="radio" name="pharmacy" value=id.clone() required checked=i == 0 />
                                {format!(" {label}")}
                            </label>
                        }).collect_view()}
                        <label class="check">
                            <input type="radio" name="pharmacy" value="new" required checked=!has_saved />
                            {format!(" {}", t("renewal-new-pharmacy"))}
                        </label>
                        <label for="pharmacy-name">{t("renewal-pharmacy-name")}</label>
                        <input id="pharmacy-name" name="pharmacy_name" maxlength="120" />
                        <label for="pharmacy-address">{t("renewal-pharmacy-address")}</label>
                        <input id="pharmacy-address" name="pharmacy_address" maxlength="200" />
                        <label for="pharmacy-phone">{t("renewal-pharmacy-phone")}</label>
                        <input id="pharmacy-phone" name="pharmacy_phone" type="tel" maxlength="40" />
                    </fieldset>
                    <label for="renewal-note">{t("renewal-note")}</label>
                    <textarea id="renewal-note" name="note" rows="3" maxlength="1000"></textarea>
                    <SubmitButton action=send label=t("renewal-send") busy=t("messages-sending") />
                </ActionForm>
            </section>
        })}
    }
}
