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
    pages::patient::{PatientBanner, param, patient_id},
};

#[component]
pub fn ConversationPage() -> impl IntoView {
    view! {
        <Title text="Conversation" />
        <SignedIn>
            <Conversation address=Address::here() />
        </SignedIn>
    }
}

#[island(lazy)]
fn Conversation(address: Address) -> impl IntoView {
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
        <Suspense fallback=|| view! { <p>"Loading the conversation…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <ThreadBody p=p reply=reply update=update files_sent=files_sent /> }.into_any(),
                    Err(e) => view! {
                        <h1>"Conversation"</h1>
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
        <p><a href=back>"All messages"</a></p>
        <h1>{c.subject.clone()}</h1>
        <p class="hint">{format!("{} · {} · {}", c.topic, c.pool, c.status_label)}</p>
        {(!p.clinic && c.read_by_clinic).then(|| view! { <p class="hint">"Read by the care team."</p> })}
        <section class="card" aria-labelledby="messages-title">
            <h2 id="messages-title">"Messages"</h2>
            <ol class="item-list messages">
                {p.messages.into_iter().map(|m| view! {
                    <li class=if m.internal { "message message--internal" } else if m.from_clinic { "message message--clinic" } else { "message" }>
                        <p class="hint">
                            {m.internal.then(|| view! { <strong>"Internal note (the patient never sees it) · "</strong> })}
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
        {p.reply_refusal.clone().filter(|_| p.may_write).map(|why| view! { <p class="notice">{format!("You can no longer reply here: {why}.")}</p> })}
        {may_reply.then(|| {
            let (patient, conversation) = (patient.clone(), conversation.clone());
            let (note_patient, note_conversation) = (patient.clone(), conversation.clone());
            let (files_patient, files_conversation) = (patient.clone(), conversation.clone());
            let file_limits = p.file_limits.clone();
            // A form that went through is emptied (the page is not reloaded with the script).
            let reply_form = NodeRef::<leptos::html::Form>::new();
            let note_form = NodeRef::<leptos::html::Form>::new();
            clear_after_success(reply, vec![reply_form, note_form]);
            view! {
                <section class="card" aria-labelledby="reply-title">
                    <h2 id="reply-title">"Reply"</h2>
                    <ActionForm action=reply node_ref=reply_form attr:class="stack">
                        <input type="hidden" name="patient_id" value=patient />
                        <input type="hidden" name="conversation_id" value=conversation />
                        <label for="reply-body">"Your reply"</label>
                        <textarea id="reply-body" name="body" rows="4" required maxlength="5000"></textarea>
                        <SubmitButton action=reply label="Send" busy="Sending…" />
                    </ActionForm>
                    {p.clinic.then(|| view! {
                        <ActionForm action=reply node_ref=note_form attr:class="stack">
                            <input type="hidden" name="patient_id" value=note_patient />
                            <input type="hidden" name="conversation_id" value=note_conversation />
                            <input type="hidden" name="internal" value="yes" />
                            <label for="note-body">"Internal note (only the clinic sees it)"</label>
                            <textarea id="note-body" name="body" rows="2" required maxlength="5000"></textarea>
                            <SubmitButton action=reply label="Add the note" busy="Adding…" class="button button--secondary" />
                        </ActionForm>
                    })}
                    <ActionResult action=reply ok=|_: &()| "Sent.".to_owned() />
                </section>
                <FilesForm patient=files_patient conversation=files_conversation limits=file_limits done=files_sent />
            }
        })}
        {(p.clinic && p.may_write).then(|| view! {
            <section class="card" aria-labelledby="work-title">
                <h2 id="work-title">"Work it"</h2>
                <p>{c.assigned_to.clone().map_or_else(|| "Nobody has taken it yet.".to_owned(), |a| format!("Taken by {a}."))}</p>
                <ActionForm action=update attr:class="stack">
                    <input type="hidden" name="patient_id" value=patient.clone() />
                    <input type="hidden" name="conversation_id" value=conversation.clone() />
                    <label for="conversation-status">"Status"</label>
                    <select id="conversation-status" name="status">
                        {p.statuses.iter().map(|(code, label)| view! {
                            <option value=code.clone() selected=*code == c.status>{label.clone()}</option>
                        }).collect_view()}
                    </select>
                    <label class="check">
                        <input type="checkbox" name="assign" value="me" checked=c.assigned_to.is_some() />
                        " I am taking it"
                    </label>
                    <SubmitButton action=update label="Save" busy="Saving…" class="button button--secondary" />
                </ActionForm>
                <ActionResult action=update ok=|_: &()| "Saved.".to_owned() />
            </section>
        })}
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
            <h2 id="files-title">"Send a photo or a document"</h2>
            <form class="stack" method="post" action=FILES_URL enctype="multipart/form-data" on:submit=submit>
                <input type="hidden" name="patient_id" value=patient />
                <input type="hidden" name="conversation_id" value=conversation />
                <label for="files-caption">"What are they? (optional)"</label>
                <input id="files-caption" name="caption" maxlength="5000" />
                <label for="files-input">"Files"</label>
                <p class="hint" id="files-hint">{limits}</p>
                <input id="files-input" name="files" type="file" multiple required accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-describedby="files-hint" />
                <button type="submit" class="button button--secondary" disabled=move || busy.get()>
                    {move || if busy.get() { "Sending…" } else { "Send the files" }}
                </button>
            </form>
            <p class="notice" role="status">{move || sent.get().then_some("Sent.")}</p>
            <p class="error" role="alert">{move || error.get()}</p>
        </section>
    }
}
