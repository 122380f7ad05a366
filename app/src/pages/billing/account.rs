//! The bill: what is owed, each visit's part in a sentence, paying by card (the card processor's
//! own fields; Portico gets only its payment method's id), payments with their receipts and
//! refunds, monthly statements, and every entry. The billing office also posts charges,
//! adjustments and write-offs, and refunds payments, here.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{ENTRY_TABLE_WORDS, EntryTable};
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
            <Billing address=Address::here() words=Words::of(&BILLING_WORDS).and(&ENTRY_TABLE_WORDS) />
        </SignedIn>
    }
}

/// What the bill shows (it runs in the browser), with the plan, the bank's check and the
/// insurance card it holds.
const BILLING_WORDS: [&str; 69] = [
    "loading",
    "billing-title",
    "billing-status",
    "billing-amount",
    "billing-you-owe",
    "billing-they-owe",
    "billing-nothing-owed",
    "billing-pay-by-card",
    "billing-pay-amount",
    "billing-card",
    "billing-card-note",
    "billing-card-needs-script",
    "billing-card-unreachable",
    "billing-card-refused",
    "billing-bank-check-unfinished",
    "billing-pay-now",
    "billing-paying",
    "billing-call-office",
    "billing-visits-title",
    "billing-no-bills",
    "billing-payments-title",
    "billing-no-payments",
    "billing-refunded",
    "billing-refund-amount",
    "billing-reason",
    "billing-refund",
    "billing-refunding",
    "billing-statements-title",
    "billing-no-statements",
    "statement-for",
    "billing-post-title",
    "billing-posted",
    "billing-entry-kind",
    "ledger-entry-charge",
    "billing-entry-desk-payment",
    "billing-entry-adjustment",
    "ledger-entry-write-off",
    "billing-entry-description",
    "billing-entry-reason",
    "billing-post",
    "billing-posting",
    "billing-entries-title",
    "billing-entries-caption",
    "billing-check-closed",
    "billing-check-payment",
    "billing-plan-title",
    "billing-plan-started",
    "billing-plan-ended",
    "billing-plan-missed",
    "billing-instalments",
    "billing-instalment-number",
    "billing-due",
    "billing-plan-end",
    "billing-plan-ending",
    "billing-plan-hint",
    "billing-plan-months",
    "billing-plan-start",
    "billing-plan-starting",
    "billing-insurance-title",
    "billing-insurance-hint",
    "billing-insurance-removed",
    "billing-insurance-picture",
    "billing-insurance-replace",
    "billing-insurance-add",
    "billing-insurance-save",
    "messages-sending",
    "billing-insurance-remove",
    "billing-insurance-removing",
    "billing-insurance-none",
];

#[island(lazy)]
fn Billing(address: Address, words: Words) -> impl IntoView {
    words.provide();
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
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <BillingBody p=p pay=pay post=post refund=refund plan=plan cards=cards /> }.into_any(),
                    Err(e) => view! {
                        <h1>{t("billing-title")}</h1>
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
        let patient = patient.clone();
        view! {
            <h3>{t("billing-pay-by-card")}</h3>
            <ActionResult action=pay.pay ok=|done: &crate::api::billing::PaymentDone| done.message.clone() />
            <ActionForm action=pay.pay attr:class="stack" attr:id="pay-form"
                attr:data-script=card.script_url.clone() attr:data-key=card.publishable_key.clone()
                attr:data-unreachable=t("billing-card-unreachable") attr:data-refused=t("billing-card-refused")
                attr:data-unfinished=t("billing-bank-check-unfinished")>
                <input type="hidden" name="patient_id" value=patient />
                <input type="hidden" name="payment_method" value="" />
                <input type="hidden" name="attempt" value="" />
                <label for="pay-amount">{t_args("billing-pay-amount", vec![("currency", (&p.currency).into())])}</label>
                <input id="pay-amount" name="amount" inputmode="decimal" required value=p.balance_plain.clone() autocomplete="off" />
                <label for="card-element">{t("billing-card")}</label>
                <div id="card-element" class="card-field" aria-describedby="card-note"></div>
                <p id="card-note" class="hint">{t("billing-card-note")}</p>
                <p id="card-error" class="error" role="alert"></p>
                <noscript><p class="notice">{t("billing-card-needs-script")}</p></noscript>
                <SubmitButton action=pay.pay label=t("billing-pay-now") busy=t("billing-paying") />
            </ActionForm>
        }
    });
    let office = p.may_post;
    // Made now: the outcomes are shown from the actions' values.
    let (refunded, posted) = (t("billing-refunded"), t("billing-posted"));
    view! {
        <PatientBanner header=p.header.clone() />
        <h1>{t("billing-title")}</h1>
        <section class="card" aria-labelledby="balance-title">
            <h2 id="balance-title">{owes_text}</h2>
            {pay_form}
            <BankCheck patient=patient.clone() pay=pay />
            {(p.owes && p.card_fields.is_none() && !office).then(|| view! {
                <p class="hint">{t("billing-call-office")}</p>
            })}
        </section>
        <PlanSection
            patient=patient.clone()
            running=p.plan.clone()
            choices=p.plan_choices.clone()
            plan=plan
        />
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
            <ActionResult action=refund ok=move |_: &()| refunded.clone() />
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
                                        <label for=format!("{form_id}-amount")>{t("billing-refund-amount")}</label>
                                        <input id=format!("{form_id}-amount") name="amount" inputmode="decimal" value=left required />
                                        <label for=format!("{form_id}-reason")>{t("billing-reason")}</label>
                                        <input id=format!("{form_id}-reason") name="reason" maxlength="500" required />
                                        <SubmitButton action=refund label=t("billing-refund") busy=t("billing-refunding") class="button button--secondary" />
                                    </ActionForm>
                                }
                            })}
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
        <CardSection patient=patient.clone() sides=p.cards.clone() editable=p.may_edit_cards cards=cards />
        {office.then(|| view! {
            <section class="card" aria-labelledby="post-title">
                <h2 id="post-title">{t("billing-post-title")}</h2>
                <ActionResult action=post ok=move |_: &()| posted.clone() />
                <ActionForm action=post attr:class="stack">
                    <input type="hidden" name="patient_id" value=patient.clone() />
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
            </section>
        })}
        <section class="card" aria-labelledby="entries-title">
            <h2 id="entries-title">{t("billing-entries-title")}</h2>
            <EntryTable entries=p.entries caption=t("billing-entries-caption") />
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
    // Made now: the outcomes are shown from the actions' values.
    let (started, ended) = (t("billing-plan-started"), t("billing-plan-ended"));
    view! {
        <section class="card" aria-labelledby="plan-title">
            <h2 id="plan-title">{t("billing-plan-title")}</h2>
            <ActionResult action=plan.start ok=move |_: &()| started.clone() />
            <ActionResult action=plan.cancel ok=move |_: &()| ended.clone() />
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
                    <ActionForm action=plan.cancel attr:class="stack">
                        <input type="hidden" name="patient_id" value=patient.clone() />
                        <SubmitButton action=plan.cancel label=t("billing-plan-end") busy=t("billing-plan-ending") class="button button--secondary" />
                    </ActionForm>
                }.into_any(),
                None => view! {
                    <p class="hint">{t("billing-plan-hint")}</p>
                    <ActionForm action=plan.start attr:class="stack">
                        <input type="hidden" name="patient_id" value=patient.clone() />
                        <label for="plan-months">{t("billing-plan-months")}</label>
                        <select id="plan-months" name="months">
                            {choices.into_iter().map(|(months, label)| view! {
                                <option value=months.to_string()>{label}</option>
                            }).collect_view()}
                        </select>
                        <SubmitButton action=plan.start label=t("billing-plan-start") busy=t("billing-plan-starting") class="button button--secondary" />
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
                    <p class="hint">{t("billing-check-closed")}" "
                        <button type="submit" class="link-button">{t("billing-check-payment")}</button>"."</p>
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
    // Made now: the button's words change while a picture is sent, and the outcome is shown from
    // the action's value.
    let (sending, save) = (t("messages-sending"), t("billing-insurance-save"));
    let removed = t("billing-insurance-removed");
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
            <h2 id="card-title">{t("billing-insurance-title")}</h2>
            <p class="hint">{t("billing-insurance-hint")}</p>
            <ActionResult action=cards.remove ok=move |_: &()| removed.clone() />
            <TaskStatus task />
            <div class="card-sides">
                {sides.into_iter().map(|c| {
                    let input = format!("card-{}", c.side);
                    let picture = c.href.clone().map(|href| {
                        let alt = t_args("billing-insurance-picture", vec![("side", (&c.label).into())]);
                        let link = href.clone();
                        view! {
                            <a href=link><img src=href alt=alt class="card-side__picture" /></a>
                        }
                    });
                    let (side, side_again) = (c.side.clone(), c.side.clone());
                    let (patient, patient_again) = (patient.clone(), patient.clone());
                    let side_name = vec![("side", c.label.to_lowercase().into())];
                    let label = if c.href.is_some() {
                        t_args("billing-insurance-replace", side_name)
                    } else {
                        t_args("billing-insurance-add", side_name)
                    };
                    let (sending, save) = (sending.clone(), save.clone());
                    let upload = editable.then(|| view! {
                        <form class="stack" method="post" action=CARD_URL enctype="multipart/form-data" on:submit=submit>
                            <input type="hidden" name="patient_id" value=patient />
                            <input type="hidden" name="side" value=side />
                            <label for=input.clone()>{label}</label>
                            <input id=input name="file" type="file" required accept=".jpg,.jpeg,.png,image/jpeg,image/png" />
                            <button type="submit" class="button button--secondary" disabled=move || task.busy.get()>
                                {move || if task.busy.get() { sending.clone() } else { save.clone() }}
                            </button>
                        </form>
                    });
                    let remove = (editable && c.href.is_some()).then(|| view! {
                        <ActionForm action=cards.remove attr:class="inline-form">
                            <input type="hidden" name="patient_id" value=patient_again />
                            <input type="hidden" name="side" value=side_again />
                            <SubmitButton action=cards.remove label=t("billing-insurance-remove") busy=t("billing-insurance-removing") class="button button--secondary" />
                        </ActionForm>
                    });
                    let empty = c.href.is_none().then(|| view! { <p class="hint">{t("billing-insurance-none")}</p> });
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
