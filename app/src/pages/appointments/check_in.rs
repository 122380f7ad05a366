//! Online check-in for a visit, from a week before it: confirm contact details, insurance,
//! medicines and allergies (or say what changed), answer the visit type's questions, and send.
//! A plain form, so it works before the page's script arrives. Once sent, the page shows what
//! was sent — to the patient, the people acting for them, and the front desk.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{VISIT_FACTS_WORDS, VisitFacts};
use crate::i18n::{Words, t, t_args};
use crate::{
    api::scheduling::{
        CheckInAppointment, CheckInView, QuestionView, QuestionnaireView, SubmittedCheckIn,
        get_check_in,
    },
    components::{
        form::{ActionResult, SubmitButton, successes},
        query::Address,
        session::SignedIn,
    },
    pages::patient::{PatientBanner, param, patient_id},
};

#[component]
pub fn CheckInPage() -> impl IntoView {
    view! {
        <Title text=t("check-in-title") />
        <SignedIn>
            <CheckIn address=Address::here() words=Words::of(&CHECK_IN_WORDS).and(&VISIT_FACTS_WORDS) />
        </SignedIn>
    }
}

/// What the check-in page shows (it runs in the browser too).
const CHECK_IN_WORDS: [&str; 27] = [
    "appointments-the-visit",
    "appointments-zone",
    "messages-sending",
    "check-in-title",
    "check-in-loading",
    "check-in-heading",
    "check-in-heading-no-time",
    "check-in-opens",
    "check-in-closed",
    "check-in-back",
    "check-in-done",
    "check-in-still-right",
    "check-in-tick",
    "check-in-nothing-on-file",
    "check-in-this-is-right",
    "check-in-front-desk-checks",
    "check-in-changes",
    "check-in-emergency",
    "check-in-optional",
    "check-in-yes",
    "check-in-no",
    "check-in-sent-title",
    "check-in-sent-by-patient",
    "check-in-sent-by-someone-else",
    "check-in-confirmed",
    "check-in-not-confirmed",
    "check-in-changed",
];

#[island(lazy)]
fn CheckIn(address: Address, words: Words) -> impl IntoView {
    words.provide();
    address.provide();
    crate::island_ready();
    let id = patient_id();
    let appointment = param::<portico_types::AppointmentId>("appointment");
    let send = ServerAction::<CheckInAppointment>::new();
    // Read again once sent; a refusal keeps the form as filled in.
    let sent = successes(send);
    let page = Resource::new(
        move || (id.get(), appointment.get(), sent.get()),
        |(id, appointment, _)| async move { get_check_in(id?, appointment?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("check-in-loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <CheckInBody p=p send=send /> }.into_any(),
                    Err(e) => view! {
                        <h1>{t("check-in-title")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CheckInBody(p: CheckInView, send: ServerAction<CheckInAppointment>) -> impl IntoView {
    let v = p.visit.clone();
    let heading = match (&v.day, &v.time) {
        (Some(day), Some(time)) => t_args(
            "check-in-heading",
            vec![
                ("visit", (&v.visit_type).into()),
                ("day", day.into()),
                ("time", time.into()),
            ],
        ),
        _ => t_args(
            "check-in-heading-no-time",
            vec![("visit", (&v.visit_type).into())],
        ),
    };
    let back = v.href.clone();
    let closed = p
        .closed
        .clone()
        .filter(|_| p.submitted.is_none())
        .map(|why| {
            let opens = p.opens.clone();
            view! {
                <p class="notice">{match opens {
                    Some(day) => t_args("check-in-opens", vec![("day", day.into())]),
                    None => t_args("check-in-closed", vec![("why", why.into())]),
                }}</p>
            }
        });
    view! {
        <PatientBanner header=p.header.clone() />
        <p><a href=back>{t("check-in-back")}</a></p>
        <h1>{heading}</h1>
        <section class="card" aria-labelledby="visit-title">
            <h2 id="visit-title">{t("appointments-the-visit")}</h2>
            <VisitFacts visit=v.clone() />
            <p class="hint">{t_args("appointments-zone", vec![("zone", p.zone.clone().into())])}</p>
        </section>
        {closed}
        {p.submitted.clone().map(|s| view! { <Submitted s=s by_clinic=p.by_clinic /> })}
        {p.may_check_in.then(|| view! { <CheckInForm p=p.clone() send=send /> })}
        <ActionResult action=send ok=|_: &()| t("check-in-done") />
    }
}

#[component]
fn CheckInForm(p: CheckInView, send: ServerAction<CheckInAppointment>) -> impl IntoView {
    let patient = p.header.patient_id.to_string();
    let visit = p.visit.id.to_string();
    view! {
        <ActionForm action=send attr:class="stack check-in">
            <input type="hidden" name="patient_id" value=patient />
            <input type="hidden" name="appointment_id" value=visit />
            <section class="card" aria-labelledby="record-title">
                <h2 id="record-title">{t("check-in-still-right")}</h2>
                <p class="hint">{t("check-in-tick")}</p>
                {p.parts.iter().map(|part| {
                    match part.lines.clone() {
                        Some(lines) => view! {
                            <fieldset class="check-part">
                                <legend>{part.label.clone()}</legend>
                                {if lines.is_empty() {
                                    view! { <p class="hint">{t("check-in-nothing-on-file")}</p> }.into_any()
                                } else {
                                    view! { <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }.into_any()
                                }}
                                <label class="check">
                                    <input type="checkbox" name=format!("confirmed[{}]", part.code) value="yes" />
                                    {format!(" {}", t("check-in-this-is-right"))}
                                </label>
                            </fieldset>
                        }.into_any(),
                        None => view! {
                            <fieldset class="check-part">
                                <legend>{part.label.clone()}</legend>
                                <p class="hint">{t("check-in-front-desk-checks")}</p>
                            </fieldset>
                        }.into_any(),
                    }
                }).collect_view()}
                <label for="check-in-changes">{t("check-in-changes")}</label>
                <textarea id="check-in-changes" name="changes" rows="3" maxlength="2000"></textarea>
            </section>
            {p.questionnaires.into_iter().map(|q| view! { <Questions q=q /> }).collect_view()}
            <p class="hint">{t("check-in-emergency")}</p>
            <SubmitButton action=send label=t("check-in-title") busy=t("messages-sending") />
        </ActionForm>
    }
}

#[component]
fn Questions(q: QuestionnaireView) -> impl IntoView {
    let title_id = format!("q-{}", q.id);
    let labelled_by = title_id.clone();
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=title_id>{q.title.clone()}</h2>
            <p>{q.intro.clone()}</p>
            {q.questions.into_iter().map(|question| view! { <Question question=question /> }).collect_view()}
        </section>
    }
}

#[component]
fn Question(question: QuestionView) -> impl IntoView {
    let name = format!("answers[{}]", question.field);
    let id = format!("answer-{}", question.field);
    let label = if question.required {
        question.text.clone()
    } else {
        t_args(
            "check-in-optional",
            vec![("question", (&question.text).into())],
        )
    };
    let required = question.required;
    match question.kind.as_str() {
        "yes-no" | "choice" => {
            let options: Vec<(String, String)> = if question.kind == "yes-no" {
                vec![
                    ("yes".into(), t("check-in-yes")),
                    ("no".into(), t("check-in-no")),
                ]
            } else {
                question.choices.clone()
            };
            view! {
                <fieldset class="choices">
                    <legend>{label}</legend>
                    {options.into_iter().map(|(value, text)| {
                        view! {
                            <label class="check">
                                <input type="radio" name=name.clone() value=value required=required />
                                {format!(" {text}")}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        "number" => view! {
            <label for=id.clone()>{label}</label>
            <input id=id type="number" inputmode="numeric" name=name min=question.min.to_string()
                max=question.max.to_string() required=required />
        }
        .into_any(),
        _ => view! {
            <label for=id.clone()>{label}</label>
            <textarea id=id name=name rows="2" maxlength="1000" required=required></textarea>
        }
        .into_any(),
    }
}

#[component]
fn Submitted(s: SubmittedCheckIn, by_clinic: bool) -> impl IntoView {
    let sent = if s.by_someone_else {
        t_args(
            "check-in-sent-by-someone-else",
            vec![("when", (&s.when).into())],
        )
    } else {
        t_args("check-in-sent-by-patient", vec![("when", (&s.when).into())])
    };
    view! {
        <section class="card" aria-labelledby="sent-title">
            <h2 id="sent-title">{t("check-in-sent-title")}</h2>
            <p>{sent}</p>
            {(!s.confirmed.is_empty()).then(|| view! {
                <p><strong>{format!("{} ", t("check-in-confirmed"))}</strong>{s.confirmed.join("; ")}</p>
            })}
            {(!s.not_confirmed.is_empty()).then(|| view! {
                <p><strong>{format!("{} ", t("check-in-not-confirmed"))}</strong>{s.not_confirmed.join("; ")}</p>
            })}
            {s.changes.clone().map(|c| view! { <p><strong>{format!("{} ", t("check-in-changed"))}</strong>{c}</p> })}
            {s.answers.into_iter().map(|a| {
                let score = a.score.clone();
                let positive = a.positive;
                view! {
                    <h3>{a.title.clone()}</h3>
                    <dl class="facts">
                        {a.answers.into_iter().map(|(q, answer)| view! { <dt>{q}</dt><dd>{answer}</dd> }).collect_view()}
                    </dl>
                    // The score is for the clinic to act on.
                    {score.filter(|_| by_clinic).map(|line| view! {
                        <p class=if positive { "notice flag" } else { "hint" }>{line}</p>
                    })}
                }
            }).collect_view()}
        </section>
    }
}
