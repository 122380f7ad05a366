//! One conversation: its messages oldest first, a reply form while replies are open, and for
//! staff internal notes (marked, never shown to the patient's side), taking it and its status.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::messaging::{ReplyConversation, ThreadPage, UpdateConversation, get_conversation},
    components::{
        form::{ActionResult, SubmitButton, clear_after_success, successes},
        query::Address,
        session::SignedIn,
    },
    i18n::{Words, t, t_args},
    pages::patient::{PatientBanner, param, patient_id},
};

#[component]
pub fn ConversationPage() -> impl IntoView {
    view! {
        <Title text=t("thread-title") />
        <SignedIn>
            <Conversation address=Address::here() words=Words::of(&THREAD_WORDS) />
        </SignedIn>
    }
}

/// What the conversation page shows (it runs in the browser too), its files form included.
const THREAD_WORDS: [&str; 27] = [
    "thread-title",
    "thread-loading",
    "thread-all-messages",
    "thread-read",
    "messages-title",
    "thread-internal-note",
    "thread-closed",
    "thread-reply",
    "thread-your-reply",
    "messages-send",
    "messages-sending",
    "thread-note-label",
    "thread-add-note",
    "thread-adding",
    "thread-sent",
    "thread-work",
    "thread-not-taken",
    "thread-taken-by",
    "thread-status",
    "thread-taking",
    "thread-save",
    "thread-saving",
    "thread-saved",
    "thread-files-title",
    "thread-files-caption",
    "entry-files",
    "thread-files-send",
];

#[island(lazy)]
fn Conversation(address: Address, words: Words) -> impl IntoView {
    words.provide();
    address.provide();
    crate::island_ready();
    let id = patient_id();
    let conversation = param::<portico_types::ConversationId>("conversation");
    let reply = ServerAction::<ReplyConversation>::new();
    let update = ServerAction::<UpdateConversation>::new();
    // Read again after a reply, files or a change went through; a refusal keeps the text typed.
    let (replied, updated) = (successes(reply), successes(update));
    let files_sent = RwSignal::new(0usize);
    let page = Resource::new(
        move || {
            (
                id.get(),
                conversation.get(),
                replied.get(),
                updated.get(),
                files_sent.get(),
            )
        },
        |(id, conversation, ..)| async move { get_conversation(id?, conversation?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("thread-loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <ThreadBody p=p reply=reply update=update files_sent=files_sent /> }.into_any(),
                    Err(e) => view! {
                        <h1>{t("thread-title")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ThreadBody(
    p: ThreadPage,
    reply: ServerAction<ReplyConversation>,
    update: ServerAction<UpdateConversation>,
    files_sent: RwSignal<usize>,
) -> impl IntoView {
    let c = p.conversation.clone();
    let patient = p.header.patient_id.to_string();
    let conversation = c.id.to_string();
    let back = format!("/patients/{patient}/messages");
    let may_reply = p.may_write && p.reply_refusal.is_none();
    view! {
        <PatientBanner header=p.header.clone() />
        <p><a href=back>{t("thread-all-messages")}</a></p>
        <h1>{c.subject.clone()}</h1>
        <p class="hint">{format!("{} · {} · {}", c.topic, c.pool, c.status_label)}</p>
        {(!p.clinic && c.read_by_clinic).then(|| view! { <p class="hint">{t("thread-read")}</p> })}
        <section class="card" aria-labelledby="messages-title">
            <h2 id="messages-title">{t("messages-title")}</h2>
            <ol class="item-list messages">
                {p.messages.into_iter().map(|m| view! {
                    <li class=if m.internal { "message message--internal" } else if m.from_clinic { "message message--clinic" } else { "message" }>
                        <p class="hint">
                            {m.internal.then(|| view! { <strong>{format!("{} · ", t("thread-internal-note"))}</strong> })}
                            {format!("{} · {}", m.author, m.when)}
                        </p>
                        <p class="message__body">{m.body}</p>
                        {(!m.files.is_empty()).then(|| view! {
                            <ul class="files">
                                {m.files.into_iter().map(|f| view! {
                                    <li><a href=f.href download>{f.label}</a></li>
                                }).collect_view()}
                            </ul>
                        })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        {p.reply_refusal.clone().filter(|_| p.may_write).map(|why| view! { <p class="notice">{t_args("thread-closed", vec![("reason", why.into())])}</p> })}
        {may_reply.then(|| {
            let (patient, conversation) = (patient.clone(), conversation.clone());
            let (note_patient, note_conversation) = (patient.clone(), conversation.clone());
            let (files_patient, files_conversation) = (patient.clone(), conversation.clone());
            let file_limits = p.file_limits.clone();
            let sent = t("thread-sent");
            // A form that went through is emptied (the page is not reloaded with the script).
            let reply_form = NodeRef::<leptos::html::Form>::new();
            let note_form = NodeRef::<leptos::html::Form>::new();
            clear_after_success(reply, vec![reply_form, note_form]);
            view! {
                <section class="card" aria-labelledby="reply-title">
                    <h2 id="reply-title">{t("thread-reply")}</h2>
                    <ActionForm action=reply node_ref=reply_form attr:class="stack">
                        <input type="hidden" name="patient_id" value=patient />
                        <input type="hidden" name="conversation_id" value=conversation />
                        <label for="reply-body">{t("thread-your-reply")}</label>
                        <textarea id="reply-body" name="body" rows="4" required maxlength="5000"></textarea>
                        <SubmitButton action=reply label=t("messages-send") busy=t("messages-sending") />
                    </ActionForm>
                    {p.clinic.then(|| view! {
                        <ActionForm action=reply node_ref=note_form attr:class="stack">
                            <input type="hidden" name="patient_id" value=note_patient />
                            <input type="hidden" name="conversation_id" value=note_conversation />
                            <input type="hidden" name="internal" value="yes" />
                            <label for="note-body">{t("thread-note-label")}</label>
                            <textarea id="note-body" name="body" rows="2" required maxlength="5000"></textarea>
                            <SubmitButton action=reply label=t("thread-add-note") busy=t("thread-adding") class="button button--secondary" />
                        </ActionForm>
                    })}
                    <ActionResult action=reply ok=move |_: &()| sent.clone() />
                </section>
                <FilesForm patient=files_patient conversation=files_conversation limits=file_limits done=files_sent />
            }
        })}
        {(p.clinic && p.may_write).then(|| { let saved = t("thread-saved"); view! {
            <section class="card" aria-labelledby="work-title">
                <h2 id="work-title">{t("thread-work")}</h2>
                <p>{c.assigned_to.clone().map_or_else(|| t("thread-not-taken"), |a| t_args("thread-taken-by", vec![("name", a.into())]))}</p>
                <ActionForm action=update attr:class="stack">
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <input type="hidden" name="conversation_id" value=conversation.clone() />
                    <label for="conversation-status">{t("thread-status")}</label>
                    <select id="conversation-status" name="status">
                        {p.statuses.iter().map(|(code, label)| view! {
                            <option value=code.clone() selected=*code == c.status>{label.clone()}</option>
                        }).collect_view()}
                    </select>
                    <label class="check">
                        <input type="checkbox" name="assign" value="me" checked=c.assigned_to.is_some() />
                        {format!(" {}", t("thread-taking"))}
                    </label>
                    <SubmitButton action=update label=t("thread-save") busy=t("thread-saving") class="button button--secondary" />
                </ActionForm>
                <ActionResult action=update ok=move |_: &()| saved.clone() />
            </section>
        } })}
    }
}

/// Where the files form posts (a plain multipart form without the page's script).
const FILES_URL: &str = "/api/patient/messages/files";

/// Sending a photo or a document: a multipart form, posted by the browser before the script
/// arrives, and sent from the page (staying on it) once it has.
#[component]
fn FilesForm(
    patient: String,
    conversation: String,
    limits: String,
    done: RwSignal<usize>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let (sending, send_files, sent_text) = (
        t("messages-sending"),
        t("thread-files-send"),
        t("thread-sent"),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            let Some((form, data)) = crate::components::form::take_form_data(&ev) else {
                return;
            };
            busy.set(true);
            error.set(None);
            sent.set(false);
            leptos::task::spawn_local(async move {
                match crate::api::messaging::send_message_files(data.into()).await {
                    Ok(()) => {
                        form.reset();
                        sent.set(true);
                        done.update(|n| *n += 1);
                    }
                    Err(e) => error.set(Some(e.message)),
                }
                busy.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, done);
    };
    view! {
        <section class="card" aria-labelledby="files-title">
            <h2 id="files-title">{t("thread-files-title")}</h2>
            <form class="stack" method="post" action=FILES_URL enctype="multipart/form-data" on:submit=submit>
                <input type="hidden" name="patient_id" value=patient />
                <input type="hidden" name="conversation_id" value=conversation />
                <label for="files-caption">{t("thread-files-caption")}</label>
                <input id="files-caption" name="caption" maxlength="5000" />
                <label for="files-input">{t("entry-files")}</label>
                <p class="hint" id="files-hint">{limits}</p>
                <input id="files-input" name="files" type="file" multiple required accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-describedby="files-hint" />
                <button type="submit" class="button button--secondary" disabled=move || busy.get()>
                    {move || if busy.get() { sending.clone() } else { send_files.clone() }}
                </button>
            </form>
            <p class="notice" role="status">{move || sent.get().then(|| sent_text.clone())}</p>
            <p class="error" role="alert">{move || error.get()}</p>
        </section>
    }
}
