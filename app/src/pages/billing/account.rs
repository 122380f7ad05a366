//! The bill: what is owed, each visit's part in a sentence, paying by card (the card processor's
//! own fields; Portico gets only its payment method's id), payments with their receipts and
//! refunds, monthly statements, and every entry. The billing office also posts charges,
//! adjustments and write-offs, and refunds payments, here.

use leptos::prelude::*;
use leptos_meta::Title;

use super::EntryTable;
use crate::{
    api::billing::{
        BillingPage as Page, CancelPlan, CardLine, CheckPayment, PayBill, PostBillingEntry,
        RefundPayment, RemoveCard, StartPlan, get_billing,
    },
    components::{
        form::{ActionResult, SubmitButton, Task, TaskStatus, successes},
        query::Address,
        session::SignedIn,
    },
    pages::patient::{PatientBanner, patient_id},
};

#[component]
pub fn BillingPage() -> impl IntoView {
    // The card fields' script: it waits for the pay form, loads the processor's own script and
    // hands the form the card's payment method id (the page's nonce lets it load that script).
    let nonce = leptos::nonce::use_nonce();
    view! {
        <Title text="Billing" />
        <script nonce=nonce src="/pay.js" defer></script>
        <SignedIn>
            <Billing address=Address::here() />
        </SignedIn>
    }
}

#[island(lazy)]
fn Billing(address: Address) -> impl IntoView {
    address.provide();
    crate::island_ready();
    let id = patient_id();
    let pay = Paying {
        pay: ServerAction::<PayBill>::new(),
        check: ServerAction::<CheckPayment>::new(),
    };
    let post = ServerAction::<PostBillingEntry>::new();
    let refund = ServerAction::<RefundPayment>::new();
    let plan = Plans {
        start: ServerAction::<StartPlan>::new(),
        cancel: ServerAction::<CancelPlan>::new(),
    };
    let (paid, posted, refunded) = (successes(pay.pay), successes(post), successes(refund));
    let checked = successes(pay.check);
    let (started, cancelled) = (successes(plan.start), successes(plan.cancel));
    let cards = Cards {
        remove: ServerAction::<RemoveCard>::new(),
        uploaded: RwSignal::new(0),
    };
    let removed = successes(cards.remove);
    let page = Resource::new(
        move || {
            (
                id.get(),
                (paid.get(), checked.get(), posted.get(), refunded.get()),
                (started.get(), cancelled.get()),
                (removed.get(), cards.uploaded.get()),
            )
        },
        |(id, ..)| async move { get_billing(id?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <BillingBody p=p pay=pay post=post refund=refund plan=plan cards=cards /> }.into_any(),
                    Err(e) => view! {
                        <h1>"Billing"</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Paying by card, and asking where a payment stands after the bank's check (3-D Secure).
#[derive(Clone, Copy)]
struct Paying {
    pay: ServerAction<PayBill>,
    check: ServerAction<CheckPayment>,
}

/// The insurance card's actions: removing a side, and how many pictures were sent from the page.
#[derive(Clone, Copy)]
struct Cards {
    remove: ServerAction<RemoveCard>,
    uploaded: RwSignal<usize>,
}

/// The payment plan's two actions.
#[derive(Clone, Copy)]
struct Plans {
    start: ServerAction<StartPlan>,
    cancel: ServerAction<CancelPlan>,
}

#[component]
fn BillingBody(
    p: Page,
    pay: Paying,
    post: ServerAction<PostBillingEntry>,
    refund: ServerAction<RefundPayment>,
    plan: Plans,
    cards: Cards,
) -> impl IntoView {
    let patient = p.header.patient_id.to_string();
    let owes_text = if p.owes {
        if p.header.is_self {
            format!("You owe {}", p.balance)
        } else {
            format!("{} owes {}", p.header.name, p.balance)
        }
    } else {
        format!("Nothing is owed now (balance {})", p.balance)
    };
    let pay_form = p.card_fields.clone().filter(|_| p.owes).map(|card| {
        let patient = patient.clone();
        view! {
            <h3>"Pay by card"</h3>
            <ActionResult action=pay.pay ok=|done: &crate::api::billing::PaymentDone| done.message.clone() />
            <ActionForm action=pay.pay attr:class="stack" attr:id="pay-form"
                attr:data-script=card.script_url.clone() attr:data-key=card.publishable_key.clone()>
                <input type="hidden" name="patient_id" value=patient />
                <input type="hidden" name="payment_method" value="" />
                <input type="hidden" name="attempt" value="" />
                <label for="pay-amount">{format!("Amount ({})", p.currency)}</label>
                <input id="pay-amount" name="amount" inputmode="decimal" required value=p.balance_plain.clone() autocomplete="off" />
                <label for="card-element">"Card"</label>
                <div id="card-element" class="card-field" aria-describedby="card-note"></div>
                <p id="card-note" class="hint">"Your card's details go straight to the card processor; Portico never sees them."</p>
                <p id="card-error" class="error" role="alert"></p>
                <noscript><p class="notice">"Paying by card needs JavaScript: the card processor's own fields take the card."</p></noscript>
                <SubmitButton action=pay.pay label="Pay now" busy="Paying…" />
            </ActionForm>
        }
    });
    let office = p.may_post;
    view! {
        <PatientBanner header=p.header.clone() />
        <h1>"Billing"</h1>
        <section class="card" aria-labelledby="balance-title">
            <h2 id="balance-title">{owes_text}</h2>
            {pay_form}
            <BankCheck patient=patient.clone() pay=pay />
            {(p.owes && p.card_fields.is_none() && !office).then(|| view! {
                <p class="hint">"To pay, call the clinic's billing office."</p>
            })}
        </section>
        <PlanSection
            patient=patient.clone()
            running=p.plan.clone()
            choices=p.plan_choices.clone()
            plan=plan
        />
        <section class="card" aria-labelledby="visits-title">
            <h2 id="visits-title">"What you owe and why"</h2>
            {p.visits.is_empty().then(|| view! { <p class="hint">"No bills yet."</p> })}
            <ul class="item-list">
                {p.visits.into_iter().map(|v| view! {
                    <li class="item"><span class="item__main">{v.sentence}</span></li>
                }).collect_view()}
            </ul>
        </section>
        <section class="card" aria-labelledby="payments-title">
            <h2 id="payments-title">"Payments"</h2>
            {p.payments.is_empty().then(|| view! { <p class="hint">"No payments online yet."</p> })}
            <ActionResult action=refund ok=|_: &()| "Refunded.".to_owned() />
            <ul class="item-list">
                {p.payments.into_iter().map(|pm| {
                    let patient = patient.clone();
                    view! {
                        <li class="item item--stacked" data-status=pm.status.clone()>
                            <div class="item__main">
                                <strong>{pm.amount.clone()}</strong>
                                <span class="hint">{pm.date.clone()}</span>
                                <span class=format!("status status--{}", pm.status)>{pm.status_label.clone()}</span>
                                {pm.failure.clone().map(|f| view! { <span>{f}</span> })}
                                {pm.refunded.clone().map(|r| view! { <span>{r}</span> })}
                            </div>
                            {pm.refundable.clone().map(|left| {
                                let form_id = format!("refund-{}", pm.id);
                                view! {
                                    <ActionForm action=refund attr:class="stack">
                                        <input type="hidden" name="patient_id" value=patient.clone() />
                                        <input type="hidden" name="payment_id" value=pm.id.to_string() />
                                        <label for=format!("{form_id}-amount")>"Refund amount"</label>
                                        <input id=format!("{form_id}-amount") name="amount" inputmode="decimal" value=left required />
                                        <label for=format!("{form_id}-reason")>"Reason"</label>
                                        <input id=format!("{form_id}-reason") name="reason" maxlength="500" required />
                                        <SubmitButton action=refund label="Refund" busy="Refunding…" class="button button--secondary" />
                                    </ActionForm>
                                }
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section class="card" aria-labelledby="statements-title">
            <h2 id="statements-title">"Statements"</h2>
            {p.statements.is_empty().then(|| view! { <p class="hint">"No statements yet."</p> })}
            <ul class="item-list">
                {p.statements.into_iter().map(|(month, label)| view! {
                    <li class="item"><a href=format!("/patients/{patient}/billing/statements/{month}")>{format!("Statement for {label}")}</a></li>
                }).collect_view()}
            </ul>
        </section>
        <CardSection patient=patient.clone() sides=p.cards.clone() editable=p.may_edit_cards cards=cards />
        {office.then(|| view! {
            <section class="card" aria-labelledby="post-title">
                <h2 id="post-title">"Post an entry"</h2>
                <ActionResult action=post ok=|_: &()| "Posted.".to_owned() />
                <ActionForm action=post attr:class="stack">
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <label for="entry-kind">"Kind"</label>
                    <select id="entry-kind" name="kind">
                        <option value="charge">"Charge"</option>
                        <option value="payment">"Payment at the desk (cash or cheque)"</option>
                        <option value="adjustment">"Adjustment (negative for a credit)"</option>
                        <option value="write-off">"Write-off"</option>
                    </select>
                    <label for="entry-amount">"Amount"</label>
                    <input id="entry-amount" name="amount" inputmode="decimal" required />
                    <label for="entry-description">"Description the patient sees"</label>
                    <input id="entry-description" name="description" maxlength="200" required />
                    <label for="entry-reason">"Reason (needed for adjustments and write-offs)"</label>
                    <input id="entry-reason" name="reason" maxlength="500" />
                    <SubmitButton action=post label="Post" busy="Posting…" />
                </ActionForm>
            </section>
        })}
        <section class="card" aria-labelledby="entries-title">
            <h2 id="entries-title">"Every entry"</h2>
            <EntryTable entries=p.entries caption="Charges, insurance, payments and adjustments, newest first" />
        </section>
    }
}

/// Paying over time: the running plan's schedule and progress, or the plans the clinic allows.
#[component]
fn PlanSection(
    patient: String,
    running: Option<crate::api::billing::PlanView>,
    choices: Vec<(u32, String)>,
    plan: Plans,
) -> impl IntoView {
    if running.is_none() && choices.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="card" aria-labelledby="plan-title">
            <h2 id="plan-title">"Pay over time"</h2>
            <ActionResult action=plan.start ok=|_: &()| "The plan has started.".to_owned() />
            <ActionResult action=plan.cancel ok=|_: &()| "The plan has ended.".to_owned() />
            {match running {
                Some(r) => view! {
                    <p><strong>{r.summary.clone()}</strong>{format!(" · {}", r.progress)}</p>
                    {r.missed.then(|| view! {
                        <p class="notice" role="status">"An instalment is past its day. Please pay it, or call the billing office."</p>
                    })}
                    <div class="table-wrap"><table class="table">
                        <caption>"Instalments"</caption>
                        <thead><tr>
                            <th scope="col">"#"</th><th scope="col">"Due"</th>
                            <th scope="col" class="num">"Amount"</th><th scope="col">"Status"</th>
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
                    <ActionForm action=plan.cancel attr:class="stack">
                        <input type="hidden" name="patient_id" value=patient.clone() />
                        <SubmitButton action=plan.cancel label="End the plan" busy="Ending…" class="button button--secondary" />
                    </ActionForm>
                }.into_any(),
                None => view! {
                    <p class="hint">"Spread what is owed now over monthly payments. Pay each month here, or at the desk."</p>
                    <ActionForm action=plan.start attr:class="stack">
                        <input type="hidden" name="patient_id" value=patient.clone() />
                        <label for="plan-months">"Monthly payments"</label>
                        <select id="plan-months" name="months">
                            {choices.into_iter().map(|(months, label)| view! {
                                <option value=months.to_string()>{label}</option>
                            }).collect_view()}
                        </select>
                        <SubmitButton action=plan.start label="Start the plan" busy="Starting…" class="button button--secondary" />
                    </ActionForm>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

/// The bank's check of a card payment (3-D Secure): when the processor asks for it, the page
/// gives `pay.js` the intent's client secret (it opens the processor's own window), then asks the
/// server where the payment stands, with the form below.
#[component]
fn BankCheck(patient: String, pay: Paying) -> impl IntoView {
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
            let patient = patient.clone();
            view! {
                <div id="pay-authenticate" hidden data-secret=secret data-payment=payment.clone()></div>
                <ActionForm action=pay.check attr:id="pay-check-form" attr:class="stack">
                    <input type="hidden" name="patient_id" value=patient />
                    <input type="hidden" name="payment_id" value=payment />
                    <p class="hint">"When your bank's window has closed, the payment shows here. If it does not, "
                        <button type="submit" class="link-button">"check the payment"</button>"."</p>
                </ActionForm>
            }
        })}
        <ActionResult action=pay.check ok=|done: &crate::api::billing::PaymentDone| done.message.clone() />
    }
}

/// Where a card picture's form posts (a plain multipart form without the page's script).
const CARD_URL: &str = "/api/patient/billing/card";

/// The insurance card, front and back: each side's picture, and a form to add (or replace) it.
#[component]
fn CardSection(
    patient: String,
    sides: Vec<CardLine>,
    editable: bool,
    cards: Cards,
) -> impl IntoView {
    let task = Task::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            let Some((form, data)) = crate::components::form::take_form_data(&ev) else {
                return;
            };
            task.run(crate::api::billing::upload_card(data.into()), move |()| {
                form.reset();
                cards.uploaded.update(|n| *n += 1);
                Ok(None)
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <section class="card" id="card" aria-labelledby="card-title">
            <h2 id="card-title">"Insurance card"</h2>
            <p class="hint">"A photo of each side lets the billing office read your member and group numbers. JPEG or PNG; the photo's hidden details (camera, place, time) are removed."</p>
            <ActionResult action=cards.remove ok=|_: &()| "Removed.".to_owned() />
            <TaskStatus task />
            <div class="card-sides">
                {sides.into_iter().map(|c| {
                    let input = format!("card-{}", c.side);
                    let picture = c.href.clone().map(|href| {
                        let alt = format!("{} (insurance card)", c.label);
                        let link = href.clone();
                        view! {
                            <a href=link><img src=href alt=alt class="card-side__picture" /></a>
                        }
                    });
                    let (side, side_again) = (c.side.clone(), c.side.clone());
                    let (patient, patient_again) = (patient.clone(), patient.clone());
                    let label = if c.href.is_some() {
                        format!("Replace the picture ({})", c.label.to_lowercase())
                    } else {
                        format!("Add a picture ({})", c.label.to_lowercase())
                    };
                    let upload = editable.then(|| view! {
                        <form class="stack" method="post" action=CARD_URL enctype="multipart/form-data" on:submit=submit>
                            <input type="hidden" name="patient_id" value=patient />
                            <input type="hidden" name="side" value=side />
                            <label for=input.clone()>{label}</label>
                            <input id=input name="file" type="file" required accept=".jpg,.jpeg,.png,image/jpeg,image/png" />
                            <button type="submit" class="button button--secondary" disabled=move || task.busy.get()>
                                {move || if task.busy.get() { "Sending…" } else { "Save the picture" }}
                            </button>
                        </form>
                    });
                    let remove = (editable && c.href.is_some()).then(|| view! {
                        <ActionForm action=cards.remove attr:class="inline-form">
                            <input type="hidden" name="patient_id" value=patient_again />
                            <input type="hidden" name="side" value=side_again />
                            <SubmitButton action=cards.remove label="Remove" busy="Removing…" class="button button--secondary" />
                        </ActionForm>
                    });
                    let empty = c.href.is_none().then(|| view! { <p class="hint">"No picture yet."</p> });
                    view! {
                        <figure class="card-side" data-side=c.side>
                            {picture}
                            {empty}
                            <figcaption>
                                <strong>{c.label.clone()}</strong>
                                {c.added.clone().map(|a| view! { <span class="hint">{format!(" · {a}")}</span> })}
                            </figcaption>
                            {upload}
                            {remove}
                        </figure>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
