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
    i18n::{Words, t, t_args},
    pages::patient::{PatientBanner, patient_id},
};

#[component]
pub fn MessagesPage() -> impl IntoView {
    view! {
        <Title text=t("messages-title") />
        <SignedIn>
            <Messages address=Address::here() words=Words::of(&MESSAGES_WORDS).and(&CONVERSATION_ITEM_WORDS) />
        </SignedIn>
    }
}

/// What the messages page shows (it runs in the browser too).
const MESSAGES_WORDS: [&str; 13] = [
    "messages-title",
    "messages-loading",
    "messages-conversations",
    "messages-none",
    "messages-write",
    "messages-emergency",
    "messages-about",
    "messages-subject",
    "messages-body",
    "messages-send",
    "messages-sending",
    "messages-sent",
    "loading",
];

#[island(lazy)]
fn Messages(address: Address, words: Words) -> impl IntoView {
    words.provide();
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
        <Suspense fallback=|| view! { <p>{t("messages-loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let patient = p.header.patient_id.to_string();
                        view! {
                            <PatientBanner header=p.header.clone() />
                            <h1>{t("messages-title")}</h1>
                            <section class="card" aria-labelledby="conversations-title">
                                <h2 id="conversations-title">{t("messages-conversations")}</h2>
                                {p.conversations.is_empty().then(|| view! { <p>{t("messages-none")}</p> })}
                                <ul class="item-list">
                                    {p.conversations.into_iter().map(|c| view! { <ConversationItem c=c clinic=p.clinic /> }).collect_view()}
                                </ul>
                            </section>
                            {p.may_write.then(|| view! {
                                <section class="card" aria-labelledby="write-title">
                                    <h2 id="write-title">{t("messages-write")}</h2>
                                    <p class="notice">{format!("{} {}", p.answer_notice, t("messages-emergency"))}</p>
                                    <ActionForm action=start node_ref=start_form attr:class="stack">
                                        <input type="hidden" name="patient_id" value=patient />
                                        <fieldset class="choices">
                                            <legend>{t("messages-about")}</legend>
                                            {p.topics.iter().enumerate().map(|(i, (code, label))| view! {
                                                <label class="check">
                                                    <input type="radio" name="topic" value=code.clone() required checked=i == 0 />
                                                    {format!(" {label}")}
                                                </label>
                                            }).collect_view()}
                                        </fieldset>
                                        <label for="message-subject">{t("messages-subject")}</label>
                                        <input id="message-subject" name="subject" required maxlength="120" />
                                        <label for="message-body">{t("messages-body")}</label>
                                        <textarea id="message-body" name="body" rows="5" required maxlength="5000"></textarea>
                                        <SubmitButton action=start label=t("messages-send") busy=t("messages-sending") />
                                    </ActionForm>
                                    <ActionResult action=start ok=|_: &()| t("messages-sent") />
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>{t("messages-title")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What [`ConversationItem`] shows: an island that holds one asks for these words too.
pub const CONVERSATION_ITEM_WORDS: [&str; 3] =
    ["messages-taken-by", "messages-read", "messages-new"];

/// One conversation in a list: subject, topic, when, and what the reader should know.
#[component]
pub fn ConversationItem(c: ConversationView, clinic: bool) -> impl IntoView {
    let state = if clinic {
        c.assigned_to
            .clone()
            .map(|a| t_args("messages-taken-by", vec![("name", a.into())]))
    } else if c.read_by_clinic {
        Some(t("messages-read"))
    } else {
        None
    };
    view! {
        <li class="item item--stacked">
            <div class="item__main">
                <a href=c.href.clone()>
                    {c.unread.then(|| view! { <strong>{t("messages-new")}" "</strong> })}
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
