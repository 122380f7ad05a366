//! The staff inbox: the conversations of the pools one's role works (the clinicians' questions
//! and prescriptions, the front desk's appointments, the billing office's bills), newest first,
//! filtered by status and by who took them.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{messaging::get_inbox, renewals::get_renewal_queue},
    components::{
        query::query_value,
        session::{SignedIn, use_session},
    },
    pages::{messages::list::ConversationItem, renewals::RequestItem},
};

#[component]
pub fn InboxPage() -> impl IntoView {
    view! {
        <Title text="Inbox" />
        <SignedIn>
            <Inbox />
            <RenewalQueue />
        </SignedIn>
    }
}

#[component]
fn Inbox() -> impl IntoView {
    let status = query_value("status");
    let mine = query_value("mine");
    let age = query_value("age");
    let page = Resource::new(
        move || (status.get(), mine.get(), age.get()),
        |(status, mine, age)| get_inbox(status, mine, age),
    );
    view! {
        <h1>"Inbox"</h1>
        <form method="get" action="/staff/inbox" class="filters">
            <label for="inbox-status">"Show"</label>
            <select id="inbox-status" name="status">
                {[("", "Open and waiting"), ("open", "Open"), ("waiting", "Waiting on the patient"), ("closed", "Closed")]
                    .into_iter()
                    .map(|(code, label)| view! { <option value=code selected=move || status.get() == code>{label}</option> })
                    .collect_view()}
            </select>
            <label for="inbox-age">"Last message"</label>
            <select id="inbox-age" name="age">
                {[("", "Any time"), ("1", "1 day ago or more"), ("3", "3 days ago or more"), ("7", "A week ago or more")]
                    .into_iter()
                    .map(|(code, label)| view! { <option value=code selected=move || age.get() == code>{label}</option> })
                    .collect_view()}
            </select>
            <label class="check">
                <input type="checkbox" name="mine" value="yes" checked=move || mine.get() == "yes" />
                " Only those I took"
            </label>
            <button type="submit" class="button button--secondary">"Show"</button>
        </form>
        <Suspense fallback=|| view! { <p>"Loading the inbox…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! {
                        <p class="hint">{format!("{} · {} unread", p.pools.join(", "), p.unread)}</p>
                        {p.conversations.is_empty().then(|| view! { <p>"Nothing here."</p> })}
                        <ul class="item-list">
                            {p.conversations.into_iter().map(|c| view! { <ConversationItem c=c clinic=true /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The renewal requests waiting for a clinician, oldest first (clinicians only).
#[component]
fn RenewalQueue() -> impl IntoView {
    let me = use_session();
    let decides = me.with_untracked(|me| me.as_ref().is_some_and(|me| me.may_decide_renewals));
    decides.then(|| {
        let queue = Resource::new(|| (), |_| get_renewal_queue());
        view! {
            <section class="card" aria-labelledby="renewals-title">
                <h2 id="renewals-title">"Renewal requests"</h2>
                <Suspense fallback=|| view! { <p>"Loading the requests…"</p> }>
                    {move || Suspend::new(async move {
                        match queue.await {
                            Ok(q) => view! {
                                <p class="hint">{format!("{} waiting, oldest first", q.requests.len())}</p>
                                <ul class="item-list">
                                    {q.requests.into_iter().map(|r| view! { <RequestItem r=r clinic=true /> }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        }
    })
}
