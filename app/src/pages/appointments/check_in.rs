//! Online check-in for a visit, from a week before it: confirm contact details, insurance,
//! medicines and allergies (or say what changed), answer the visit type's questions, and send.
//! A plain form, so it works before the page's script arrives. Once sent, the page shows what
//! was sent — to the patient, the people acting for them, and the front desk.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{VISIT_FACTS_WORDS, VisitFacts};
use crate::i18n::Words;
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
        <Title text="Check in" />
        <SignedIn>
            <CheckIn address=Address::here() words=Words::of(&VISIT_FACTS_WORDS) />
        </SignedIn>
    }
}

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
        <Suspense fallback=|| view! { <p>"Loading the check-in…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <CheckInBody p=p send=send /> }.into_any(),
                    Err(e) => view! {
                        <h1>"Check in"</h1>
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
        (Some(day), Some(time)) => format!("Check in: {} on {day} at {time}", v.visit_type),
        _ => format!("Check in: {}", v.visit_type),
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
                    Some(day) => format!("Online check-in opens on {day}."),
                    None => format!("You cannot check in online now: {why}."),
                }}</p>
            }
        });
    view! {
        <PatientBanner header=p.header.clone() />
        <p><a href=back>"Back to the visit"</a></p>
        <h1>{heading}</h1>
        <section class="card" aria-labelledby="visit-title">
            <h2 id="visit-title">"The visit"</h2>
            <VisitFacts visit=v.clone() />
            <p class="hint">{format!("Times are the clinic's ({}).", p.zone)}</p>
        </section>
        {closed}
        {p.submitted.clone().map(|s| view! { <Submitted s=s by_clinic=p.by_clinic /> })}
        {p.may_check_in.then(|| view! { <CheckInForm p=p.clone() send=send /> })}
        <ActionResult action=send ok=|_: &()| "Checked in. Thank you; the front desk has your answers.".to_owned() />
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
                <h2 id="record-title">"Is this still right?"</h2>
                <p class="hint">"Tick each part that is right. If something has changed, tell us below."</p>
                {p.parts.iter().map(|part| {
                    match part.lines.clone() {
                        Some(lines) => view! {
                            <fieldset class="check-part">
                                <legend>{part.label.clone()}</legend>
                                {if lines.is_empty() {
                                    view! { <p class="hint">"Nothing on file."</p> }.into_any()
                                } else {
                                    view! { <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }.into_any()
                                }}
                                <label class="check">
                                    <input type="checkbox" name=format!("confirmed[{}]", part.code) value="yes" />
                                    " This is right"
                                </label>
                            </fieldset>
                        }.into_any(),
                        None => view! {
                            <fieldset class="check-part">
                                <legend>{part.label.clone()}</legend>
                                <p class="hint">"The front desk will check this with the patient at the visit."</p>
                            </fieldset>
                        }.into_any(),
                    }
                }).collect_view()}
                <label for="check-in-changes">"What has changed? (needed for any part you did not tick)"</label>
                <textarea id="check-in-changes" name="changes" rows="3" maxlength="2000"></textarea>
            </section>
            {p.questionnaires.into_iter().map(|q| view! { <Questions q=q /> }).collect_view()}
            <p class="hint">"For an emergency, call 911 or your local emergency number. These answers are read before your visit, not right away."</p>
            <SubmitButton action=send label="Check in" busy="Sending…" />
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
    let optional = if question.required { "" } else { " (optional)" };
    let label = format!("{}{optional}", question.text);
    let required = question.required;
    match question.kind.as_str() {
        "yes-no" | "choice" => {
            let options: Vec<(String, String)> = if question.kind == "yes-no" {
                vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())]
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
    let who = if s.by_someone_else {
        "by someone acting for the patient"
    } else {
        "by the patient"
    };
    view! {
        <section class="card" aria-labelledby="sent-title">
            <h2 id="sent-title">"Checked in online"</h2>
            <p>{format!("Sent {} {who}.", s.when)}</p>
            {(!s.confirmed.is_empty()).then(|| view! {
                <p><strong>"Confirmed as right: "</strong>{s.confirmed.join("; ")}</p>
            })}
            {(!s.not_confirmed.is_empty()).then(|| view! {
                <p><strong>"Not confirmed: "</strong>{s.not_confirmed.join("; ")}</p>
            })}
            {s.changes.clone().map(|c| view! { <p><strong>"What has changed: "</strong>{c}</p> })}
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
