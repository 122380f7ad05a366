//! The bill: what is owed, each visit's part in a sentence, paying by card (the card processor's
//! own fields; Portico gets only its payment method's id), payments with their receipts and
//! refunds, monthly statements, and every entry. The billing office also posts charges,
//! adjustments and write-offs, and refunds payments, here.

use leptos::prelude::*;
use leptos_meta::Title;

use portico_types::{PatientId, PaymentId};

use super::EntryTable;
use crate::{
    api::billing::{
        BillingPage as Page, CancelPlan, CardFields, CardLine, CheckPayment, PayBill, PaymentDone,
        PostBillingEntry, RefundPayment, RemoveCard, StartPlan, get_billing,
    },
    components::{
        form::{ActionResult, Outcome, SubmitButton, Task, TaskStatus, reload_after},
        session::SignedIn,
    },
    i18n::{Words, t, t_args},
    pages::patient::{PatientBanner, patient_id},
};

#[component]
pub fn BillingPage() -> impl IntoView {
    // The card fields' script: it waits for the pay form, loads the processor's own script and
    // hands the form the card's payment method id (the page's nonce lets it load that script).
    let nonce = leptos::nonce::use_nonce();
    view! {
        <Title text=t("billing-title") />
        <script nonce=nonce src="/pay.js" defer></script>
        <SignedIn>
            <Bill />
        </SignedIn>
    }
}

/// The bill, rendered on the server. Only its forms run in the browser, each an island of its
/// own (paying, refunding, the plan, the card's pictures, the office's entries): the page's WASM
/// holds those forms, not the views of the bill. A form that goes through reloads the page, which
/// reads the bill again and shows the form's outcome ([`Outcome`]).
#[component]
fn Bill() -> impl IntoView {
    let id = patient_id();
    let page = Resource::new(move || id.get(), |id| async move { get_billing(id?).await });
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <BillingBody p=p /> }.into_any(),
                    Err(e) => view! {
                        <h1>{t("billing-title")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the pay form shows in the browser (with the bank's check).
const PAY_WORDS: [&str; 12] = [
    "billing-pay-by-card",
    "billing-card-unreachable",
    "billing-card-refused",
    "billing-bank-check-unfinished",
    "billing-pay-amount",
    "billing-card",
    "billing-card-note",
    "billing-card-needs-script",
    "billing-pay-now",
    "billing-paying",
    "billing-check-closed",
    "billing-check-payment",
];

/// What a refund's form shows in the browser.
const REFUND_WORDS: [&str; 5] = [
    "billing-refunded",
    "billing-refund-amount",
    "billing-reason",
    "billing-refund",
    "billing-refunding",
];

/// What the plan's forms show in the browser.
const PLAN_WORDS: [&str; 8] = [
    "billing-plan-started",
    "billing-plan-ended",
    "billing-plan-end",
    "billing-plan-ending",
    "billing-plan-months",
    "billing-plan-start",
    "billing-plan-starting",
    "billing-plan-hint",
];

/// What a side of the insurance card's forms show in the browser.
const CARD_WORDS: [&str; 6] = [
    "billing-insurance-replace",
    "billing-insurance-add",
    "billing-insurance-save",
    "messages-sending",
    "billing-insurance-remove",
    "billing-insurance-removing",
];

/// What the billing office's entry form shows in the browser.
const POST_WORDS: [&str; 11] = [
    "billing-entry-kind",
    "ledger-entry-charge",
    "billing-entry-desk-payment",
    "billing-entry-adjustment",
    "ledger-entry-write-off",
    "billing-amount",
    "billing-entry-description",
    "billing-entry-reason",
    "billing-post",
    "billing-posting",
    "billing-posted",
];

#[component]
fn BillingBody(p: Page) -> impl IntoView {
    let patient = p.header.patient_id.clone();
    let owes_text = if p.owes {
        if p.header.is_self {
            t_args("billing-you-owe", vec![("amount", (&p.balance).into())])
        } else {
            let who = vec![
                ("name", (&p.header.name).into()),
                ("amount", (&p.balance).into()),
            ];
            t_args("billing-they-owe", who)
        }
    } else {
        let balance = vec![("amount", (&p.balance).into())];
        t_args("billing-nothing-owed", balance)
    };
    let pay_form = p.card_fields.clone().filter(|_| p.owes).map(|card| {
        view! {
            <PayForm
                patient=patient.clone()
                card=card
                amount=p.balance_plain.clone()
                currency=p.currency.clone()
                words=Words::of(&PAY_WORDS)
            />
        }
    });
    let office = p.may_post;
    view! {
        <PatientBanner header=p.header.clone() />
        <h1>{t("billing-title")}</h1>
        <Outcome />
        <section class="card" aria-labelledby="balance-title">
            <h2 id="balance-title">{owes_text}</h2>
            {pay_form}
            {(p.owes && p.card_fields.is_none() && !office).then(|| view! {
                <p class="hint">{t("billing-call-office")}</p>
            })}
        </section>
        <PlanSection patient=patient.clone() running=p.plan.clone() choices=p.plan_choices.clone() />
        <section class="card" aria-labelledby="visits-title">
            <h2 id="visits-title">{t("billing-visits-title")}</h2>
            {p.visits.is_empty().then(|| view! { <p class="hint">{t("billing-no-bills")}</p> })}
            <ul class="item-list">
                {p.visits.into_iter().map(|v| view! {
                    <li class="item"><span class="item__main">{v.sentence}</span></li>
                }).collect_view()}
            </ul>
        </section>
        <section class="card" aria-labelledby="payments-title">
            <h2 id="payments-title">{t("billing-payments-title")}</h2>
            {p.payments.is_empty().then(|| view! { <p class="hint">{t("billing-no-payments")}</p> })}
            <ul class="item-list">
                {p.payments.into_iter().map(|pm| {
                    let refund = pm.refundable.clone().map(|left| view! {
                        <RefundForm patient=patient.clone() payment=pm.id.clone() left=left words=Words::of(&REFUND_WORDS) />
                    });
                    view! {
                        <li class="item item--stacked" data-status=pm.status.clone()>
                            <div class="item__main">
                                <strong>{pm.amount.clone()}</strong>
                                <span class="hint">{pm.date.clone()}</span>
                                <span class=format!("status status--{}", pm.status)>{pm.status_label.clone()}</span>
                                {pm.failure.clone().map(|f| view! { <span>{f}</span> })}
                                {pm.refunded.clone().map(|r| view! { <span>{r}</span> })}
                            </div>
                            {refund}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section class="card" aria-labelledby="statements-title">
            <h2 id="statements-title">{t("billing-statements-title")}</h2>
            {p.statements.is_empty().then(|| view! { <p class="hint">{t("billing-no-statements")}</p> })}
            <ul class="item-list">
                {p.statements.into_iter().map(|(month, label)| view! {
                    <li class="item"><a href=format!("/patients/{patient}/billing/statements/{month}")>{t_args("statement-for", vec![("month", label.into())])}</a></li>
                }).collect_view()}
            </ul>
        </section>
        <CardSection patient=patient.clone() sides=p.cards.clone() editable=p.may_edit_cards />
        {office.then(|| view! {
            <section class="card" aria-labelledby="post-title">
                <h2 id="post-title">{t("billing-post-title")}</h2>
                <PostEntry patient=patient.clone() words=Words::of(&POST_WORDS) />
            </section>
        })}
        <section class="card" aria-labelledby="entries-title">
            <h2 id="entries-title">{t("billing-entries-title")}</h2>
            <EntryTable entries=p.entries caption=t("billing-entries-caption") />
        </section>
    }
}

/// Paying by card in the processor's own fields, and the bank's check when it asks for one.
#[island(lazy)]
fn PayForm(
    patient: PatientId,
    card: CardFields,
    amount: String,
    currency: String,
    words: Words,
) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let pay = Paying {
        pay: ServerAction::<PayBill>::new(),
        check: ServerAction::<CheckPayment>::new(),
    };
    // A payment that went through (no bank check asked for): the page reads the bill again.
    reload_after(pay.pay, |done: &PaymentDone| {
        done.authenticate.is_none().then(|| done.message.clone())
    });
    reload_after(pay.check, |done: &PaymentDone| Some(done.message.clone()));
    let patient_field = patient.to_string();
    view! {
        <h3>{t("billing-pay-by-card")}</h3>
        <ActionResult action=pay.pay ok=|done: &PaymentDone| done.message.clone() />
        <ActionForm action=pay.pay attr:class="stack" attr:id="pay-form"
            attr:data-script=card.script_url.clone() attr:data-key=card.publishable_key.clone()
            attr:data-unreachable=t("billing-card-unreachable") attr:data-refused=t("billing-card-refused")
            attr:data-unfinished=t("billing-bank-check-unfinished")>
            <input type="hidden" name="patient_id" value=patient_field />
            <input type="hidden" name="payment_method" value="" />
            <input type="hidden" name="attempt" value="" />
            <label for="pay-amount">{t_args("billing-pay-amount", vec![("currency", currency.into())])}</label>
            <input id="pay-amount" name="amount" inputmode="decimal" required value=amount autocomplete="off" />
            <label for="card-element">{t("billing-card")}</label>
            <div id="card-element" class="card-field" aria-describedby="card-note"></div>
            <p id="card-note" class="hint">{t("billing-card-note")}</p>
            <p id="card-error" class="error" role="alert"></p>
            <noscript><p class="notice">{t("billing-card-needs-script")}</p></noscript>
            <SubmitButton action=pay.pay label=t("billing-pay-now") busy=t("billing-paying") />
        </ActionForm>
        <BankCheck patient=patient pay=pay />
    }
}

/// Paying by card, and asking where a payment stands after the bank's check (3-D Secure).
#[derive(Clone, Copy)]
struct Paying {
    pay: ServerAction<PayBill>,
    check: ServerAction<CheckPayment>,
}

/// The billing office refunds (part of) a payment.
#[island(lazy)]
fn RefundForm(patient: PatientId, payment: PaymentId, left: String, words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let refund = ServerAction::<RefundPayment>::new();
    let refunded = t("billing-refunded");
    reload_after(refund, move |_: &()| Some(refunded.clone()));
    let form_id = format!("refund-{payment}");
    view! {
        <ActionResult action=refund ok=|_: &()| String::new() />
        <ActionForm action=refund attr:class="stack">
            <input type="hidden" name="patient_id" value=patient.to_string() />
            <input type="hidden" name="payment_id" value=payment.to_string() />
            <label for=format!("{form_id}-amount")>{t("billing-refund-amount")}</label>
            <input id=format!("{form_id}-amount") name="amount" inputmode="decimal" value=left required />
            <label for=format!("{form_id}-reason")>{t("billing-reason")}</label>
            <input id=format!("{form_id}-reason") name="reason" maxlength="500" required />
            <SubmitButton action=refund label=t("billing-refund") busy=t("billing-refunding") class="button button--secondary" />
        </ActionForm>
    }
}

/// Paying over time: the running plan's schedule and progress, or the plans the clinic allows.
#[component]
fn PlanSection(
    patient: PatientId,
    running: Option<crate::api::billing::PlanView>,
    choices: Vec<(u32, String)>,
) -> impl IntoView {
    if running.is_none() && choices.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="card" aria-labelledby="plan-title">
            <h2 id="plan-title">{t("billing-plan-title")}</h2>
            {match running {
                Some(r) => view! {
                    <p><strong>{r.summary.clone()}</strong>{format!(" · {}", r.progress)}</p>
                    {r.missed.then(|| view! {
                        <p class="notice" role="status">{t("billing-plan-missed")}</p>
                    })}
                    <div class="table-wrap"><table class="table">
                        <caption>{t("billing-instalments")}</caption>
                        <thead><tr>
                            <th scope="col">{t("billing-instalment-number")}</th><th scope="col">{t("billing-due")}</th>
                            <th scope="col" class="num">{t("billing-amount")}</th><th scope="col">{t("billing-status")}</th>
                        </tr></thead>
                        <tbody>
                            {r.instalments.into_iter().map(|i| view! {
                                <tr data-state=i.state.clone()>
                                    <td>{i.number}</td><td>{i.due}</td>
                                    <td class="num">{i.amount}</td><td>{i.state_label}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    <PlanForms patient=patient running=true choices=Vec::new() words=Words::of(&PLAN_WORDS) />
                }.into_any(),
                None => view! {
                    <PlanForms patient=patient running=false choices=choices words=Words::of(&PLAN_WORDS) />
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

/// Starting a plan (a choice of months), or ending the one that runs.
#[island(lazy)]
fn PlanForms(
    patient: PatientId,
    running: bool,
    choices: Vec<(u32, String)>,
    words: Words,
) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let start = ServerAction::<StartPlan>::new();
    let cancel = ServerAction::<CancelPlan>::new();
    let (started, ended) = (t("billing-plan-started"), t("billing-plan-ended"));
    reload_after(start, move |_: &()| Some(started.clone()));
    reload_after(cancel, move |_: &()| Some(ended.clone()));
    if running {
        view! {
            <ActionResult action=cancel ok=|_: &()| String::new() />
            <ActionForm action=cancel attr:class="stack">
                <input type="hidden" name="patient_id" value=patient.to_string() />
                <SubmitButton action=cancel label=t("billing-plan-end") busy=t("billing-plan-ending") class="button button--secondary" />
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <p class="hint">{t("billing-plan-hint")}</p>
            <ActionResult action=start ok=|_: &()| String::new() />
            <ActionForm action=start attr:class="stack">
                <input type="hidden" name="patient_id" value=patient.to_string() />
                <label for="plan-months">{t("billing-plan-months")}</label>
                <select id="plan-months" name="months">
                    {choices.into_iter().map(|(months, label)| view! {
                        <option value=months.to_string()>{label}</option>
                    }).collect_view()}
                </select>
                <SubmitButton action=start label=t("billing-plan-start") busy=t("billing-plan-starting") class="button button--secondary" />
            </ActionForm>
        }
        .into_any()
    }
}

/// The bank's check of a card payment (3-D Secure): when the processor asks for it, the page
/// gives `pay.js` the intent's client secret (it opens the processor's own window), then asks the
/// server where the payment stands, with the form below.
#[component]
fn BankCheck(patient: PatientId, pay: Paying) -> impl IntoView {
    let pending = move || {
        pay.pay.value().with(|v| match v {
            Some(Ok(done)) => done
                .authenticate
                .clone()
                .map(|secret| (done.payment_id.to_string(), secret)),
            _ => None,
        })
    };
    view! {
        {move || pending().map(|(payment, secret)| {
            let patient = patient.to_string();
            view! {
                <div id="pay-authenticate" hidden data-secret=secret data-payment=payment.clone()></div>
                <ActionForm action=pay.check attr:id="pay-check-form" attr:class="stack">
                    <input type="hidden" name="patient_id" value=patient />
                    <input type="hidden" name="payment_id" value=payment />
                    <p class="hint">{t("billing-check-closed")}" "
                        <button type="submit" class="link-button">{t("billing-check-payment")}</button>"."</p>
                </ActionForm>
            }
        })}
        <ActionResult action=pay.check ok=|done: &PaymentDone| done.message.clone() />
    }
}

/// Where a card picture's form posts (a plain multipart form without the page's script).
const CARD_URL: &str = "/api/patient/billing/card";

/// The insurance card, front and back: each side's picture, and a form to add (or replace) it.
#[component]
fn CardSection(patient: PatientId, sides: Vec<CardLine>, editable: bool) -> impl IntoView {
    view! {
        <section class="card" id="card" aria-labelledby="card-title">
            <h2 id="card-title">{t("billing-insurance-title")}</h2>
            <p class="hint">{t("billing-insurance-hint")}</p>
            <div class="card-sides">
                {sides.into_iter().map(|c| {
                    let picture = c.href.clone().map(|href| {
                        let alt = t_args("billing-insurance-picture", vec![("side", (&c.label).into())]);
                        let link = href.clone();
                        view! {
                            <a href=link><img src=href alt=alt class="card-side__picture" /></a>
                        }
                    });
                    let empty = c.href.is_none().then(|| view! { <p class="hint">{t("billing-insurance-none")}</p> });
                    let forms = editable.then(|| view! {
                        <CardForms
                            patient=patient.clone()
                            side=c.side.clone()
                            label=c.label.clone()
                            has_picture=c.href.is_some()
                            words=Words::of(&CARD_WORDS).and(&["billing-insurance-removed"])
                        />
                    });
                    view! {
                        <figure class="card-side" data-side=c.side>
                            {picture}
                            {empty}
                            <figcaption>
                                <strong>{c.label.clone()}</strong>
                                {c.added.clone().map(|a| view! { <span class="hint">{format!(" · {a}")}</span> })}
                            </figcaption>
                            {forms}
                        </figure>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}

/// One side of the card: add (or replace) its picture, remove it.
#[island(lazy)]
fn CardForms(
    patient: PatientId,
    side: String,
    label: String,
    has_picture: bool,
    words: Words,
) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let task = Task::new();
    let remove = ServerAction::<RemoveCard>::new();
    let removed = t("billing-insurance-removed");
    reload_after(remove, move |_: &()| Some(removed.clone()));
    // Made now: the button's words change while a picture is sent.
    let (sending, save) = (t("messages-sending"), t("billing-insurance-save"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            let Some((_, data)) = crate::components::form::take_form_data(&ev) else {
                return;
            };
            task.run(crate::api::billing::upload_card(data.into()), move |()| {
                crate::components::form::reload_with(None);
                Ok(None)
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let input = format!("card-{side}");
    let side_name = vec![("side", label.to_lowercase().into())];
    let label = if has_picture {
        t_args("billing-insurance-replace", side_name)
    } else {
        t_args("billing-insurance-add", side_name)
    };
    let (patient, patient_again) = (patient.to_string(), patient.to_string());
    let side_again = side.clone();
    view! {
        <TaskStatus task />
        <ActionResult action=remove ok=|_: &()| String::new() />
        <form class="stack" method="post" action=CARD_URL enctype="multipart/form-data" on:submit=submit>
            <input type="hidden" name="patient_id" value=patient />
            <input type="hidden" name="side" value=side />
            <label for=input.clone()>{label}</label>
            <input id=input name="file" type="file" required accept=".jpg,.jpeg,.png,image/jpeg,image/png" />
            <button type="submit" class="button button--secondary" disabled=move || task.busy.get()>
                {move || if task.busy.get() { sending.clone() } else { save.clone() }}
            </button>
        </form>
        {has_picture.then(|| view! {
            <ActionForm action=remove attr:class="inline-form">
                <input type="hidden" name="patient_id" value=patient_again />
                <input type="hidden" name="side" value=side_again />
                <SubmitButton action=remove label=t("billing-insurance-remove") busy=t("billing-insurance-removing") class="button button--secondary" />
            </ActionForm>
        })}
    }
}

/// The billing office posts a charge, a payment at the desk, an adjustment or a write-off.
#[island(lazy)]
fn PostEntry(patient: PatientId, words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let post = ServerAction::<PostBillingEntry>::new();
    let posted = t("billing-posted");
    reload_after(post, move |_: &()| Some(posted.clone()));
    view! {
        <ActionResult action=post ok=|_: &()| String::new() />
        <ActionForm action=post attr:class="stack">
            <input type="hidden" name="patient_id" value=patient.to_string() />
            <label for="entry-kind">{t("billing-entry-kind")}</label>
            <select id="entry-kind" name="kind">
                <option value="charge">{t("ledger-entry-charge")}</option>
                <option value="payment">{t("billing-entry-desk-payment")}</option>
                <option value="adjustment">{t("billing-entry-adjustment")}</option>
                <option value="write-off">{t("ledger-entry-write-off")}</option>
            </select>
            <label for="entry-amount">{t("billing-amount")}</label>
            <input id="entry-amount" name="amount" inputmode="decimal" required />
            <label for="entry-description">{t("billing-entry-description")}</label>
            <input id="entry-description" name="description" maxlength="200" required />
            <label for="entry-reason">{t("billing-entry-reason")}</label>
            <input id="entry-reason" name="reason" maxlength="500" />
            <SubmitButton action=post label=t("billing-post") busy=t("billing-posting") />
        </ActionForm>
    }
}
