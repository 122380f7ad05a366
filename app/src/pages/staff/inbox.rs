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
    i18n::{t, t_args},
    pages::{messages::list::ConversationItem, renewals::RequestItem},
};

#[component]
pub fn InboxPage() -> impl IntoView {
    view! {
        <Title text=t("nav-inbox") />
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
        <h1>{t("nav-inbox")}</h1>
        <form method="get" action="/staff/inbox" class="filters">
            <label for="inbox-status">{t("filter-show")}</label>
            <select id="inbox-status" name="status">
                {[("", t("inbox-open-and-waiting")), ("open", t("conversation-status-open")), ("waiting", t("conversation-status-waiting")), ("closed", t("conversation-status-closed"))]
                    .into_iter()
                    .map(|(code, label)| view! { <option value=code selected=move || status.get() == code>{label}</option> })
                    .collect_view()}
            </select>
            <label for="inbox-age">{t("inbox-last-message")}</label>
            <select id="inbox-age" name="age">
                {[("", t("inbox-any-time")), ("1", t("inbox-age-day")), ("3", t("inbox-age-days")), ("7", t("inbox-age-week"))]
                    .into_iter()
                    .map(|(code, label)| view! { <option value=code selected=move || age.get() == code>{label}</option> })
                    .collect_view()}
            </select>
            <label class="check">
                <input type="checkbox" name="mine" value="yes" checked=move || mine.get() == "yes" />
                " "{t("inbox-mine")}
            </label>
            <button type="submit" class="button button--secondary">{t("filter-show")}</button>
        </form>
        <Suspense fallback=|| view! { <p>{t("inbox-loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! {
                        <p class="hint">{format!("{} · {}", p.pools.join(", "), t_args("inbox-unread", vec![("count", p.unread.into())]))}</p>
                        {p.conversations.is_empty().then(|| view! { <p>{t("inbox-empty")}</p> })}
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
                <h2 id="renewals-title">{t("inbox-renewals-title")}</h2>
                <Suspense fallback=|| view! { <p>{t("inbox-renewals-loading")}</p> }>
                    {move || Suspend::new(async move {
                        match queue.await {
                            Ok(q) => view! {
                                <p class="hint">{t_args("inbox-renewals-waiting", vec![("count", q.requests.len().into())])}</p>
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
