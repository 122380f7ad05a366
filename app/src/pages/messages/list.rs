//! A patient's conversations with the care team, and writing a new message: the topic decides
//! who at the clinic answers it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::messaging::{ConversationView, StartConversation, get_messages},
    components::{
        form::{ActionResult, SubmitButton, clear_after_success, successes},
        query::Address,
        session::SignedIn,
    },
    pages::patient::{PatientBanner, patient_id},
};

#[component]
pub fn MessagesPage() -> impl IntoView {
    view! {
        <Title text="Messages" />
        <SignedIn>
            <Messages address=Address::here() />
        </SignedIn>
    }
}

#[island(lazy)]
fn Messages(address: Address) -> impl IntoView {
    address.provide();
    crate::island_ready();
    let id = patient_id();
    let start = ServerAction::<StartConversation>::new();
    // The list again once a message went; a refusal keeps what was typed.
    let sent = successes(start);
    let start_form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(start, vec![start_form]);
    let page = Resource::new(
        move || (id.get(), sent.get()),
        |(id, _)| async move { get_messages(id?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading messages…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let patient = p.header.patient_id.to_string();
                        view! {
                            <PatientBanner header=p.header.clone() />
                            <h1>"Messages"</h1>
                            <section class="card" aria-labelledby="conversations-title">
                                <h2 id="conversations-title">"Conversations"</h2>
                                {p.conversations.is_empty().then(|| view! { <p>"No messages yet."</p> })}
                                <ul class="item-list">
                                    {p.conversations.into_iter().map(|c| view! { <ConversationItem c=c clinic=p.clinic /> }).collect_view()}
                                </ul>
                            </section>
                            {p.may_write.then(|| view! {
                                <section class="card" aria-labelledby="write-title">
                                    <h2 id="write-title">"Write to the clinic"</h2>
                                    <p class="notice">{format!("{} For an emergency, call 911 or your local emergency number; do not use messages.", p.answer_notice)}</p>
                                    <ActionForm action=start node_ref=start_form attr:class="stack">
                                        <input type="hidden" name="patient_id" value=patient />
                                        <fieldset class="choices">
                                            <legend>"What is it about?"</legend>
                                            {p.topics.iter().enumerate().map(|(i, (code, label))| view! {
                                                <label class="check">
                                                    <input type="radio" name="topic" value=code.clone() required checked=i == 0 />
                                                    {format!(" {label}")}
                                                </label>
                                            }).collect_view()}
                                        </fieldset>
                                        <label for="message-subject">"Subject"</label>
                                        <input id="message-subject" name="subject" required maxlength="120" />
                                        <label for="message-body">"Message"</label>
                                        <textarea id="message-body" name="body" rows="5" required maxlength="5000"></textarea>
                                        <SubmitButton action=start label="Send" busy="Sending…" />
                                    </ActionForm>
                                    <ActionResult action=start ok=|_: &()| "Sent. The clinic will answer here; it is at the top of your conversations.".to_owned() />
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>"Messages"</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One conversation in a list: subject, topic, when, and what the reader should know.
#[component]
pub fn ConversationItem(c: ConversationView, clinic: bool) -> impl IntoView {
    let state = if clinic {
        c.assigned_to.clone().map(|a| format!("Taken by {a}"))
    } else if c.read_by_clinic {
        Some("Read by the care team".to_owned())
    } else {
        None
    };
    view! {
        <li class="item item--stacked">
            <div class="item__main">
                <a href=c.href.clone()>
                    {c.unread.then(|| view! { <strong>"New: "</strong> })}
                    {c.subject.clone()}
                </a>
                <span class="hint">{format!(
                    "{}{} · {} · {} · {}",
                    c.patient.clone().map(|p| format!("{p} · ")).unwrap_or_default(),
                    c.topic, c.pool, c.last, c.status_label
                )}</span>
                {state.map(|s| view! { <span class="hint">{s}</span> })}
            </div>
        </li>
    }
}
