//! The signed-in person, shared by every page: a resource loaded with the page (server-rendered,
//! then reused by the browser), the account links in the header, and the warning shown a minute
//! before the idle timeout with a button to stay signed in.

use leptos::prelude::*;

use crate::{
    components::layout::NavLink,
    i18n::{Arg, Words, t, t_args},
};

#[cfg(feature = "hydrate")]
use crate::api::auth::session_status;
use crate::api::auth::{Me, stay_signed_in};

/// Who is signed in, known synchronously: the server reads it from the request while rendering
/// and the browser receives the same value with the page (no request, no suspense).
#[derive(Clone, Copy)]
pub struct SessionState(pub RwSignal<Option<Me>>);

pub fn provide_session() {
    let me = SharedValue::new(signed_in_person).into_inner();
    provide_context(SessionState(RwSignal::new(me)));
}

#[cfg(feature = "ssr")]
fn signed_in_person() -> Option<Me> {
    crate::api::auth::current_me()
}

/// Only runs in the browser outside hydration, which Portico never does (every page load is
/// server-rendered first).
#[cfg(not(feature = "ssr"))]
fn signed_in_person() -> Option<Me> {
    None
}

pub fn use_session() -> RwSignal<Option<Me>> {
    expect_context::<SessionState>().0
}

/// Loads `path` from the server, so every part of the page reflects the new session state.
pub fn reload_to(path: &str) {
    let _ = window().location().set_href(path);
}

/// Header links that depend on who is signed in.
#[component]
pub fn AccountLinks() -> impl IntoView {
    let me = use_session();
    move || match me.get() {
        Some(me) => view! {
            {me.patient_id.clone().map(|id| view! {
                <li><NavLink href=format!("/patients/{id}")>{t("nav-my-record")}</NavLink></li>
            })}
            {me.may_work_inbox.then(|| view! { <li><InboxLink /></li> })}
            {me.may_view_schedule.then(|| view! {
                <li><NavLink href="/staff/schedule">{t("nav-schedule")}</NavLink></li>
            })}
            {me.may_find_patients.then(|| view! {
                <li><NavLink href="/staff/patients">{t("nav-patients")}</NavLink></li>
            })}
            {me.may_work_billing.then(|| view! {
                <li><NavLink href="/staff/billing">{t("nav-payments")}</NavLink></li>
            })}
            {me.may_invite_patients.then(|| view! {
                <li><NavLink href="/staff/invitations">{t("nav-invitations")}</NavLink></li>
            })}
            {me.may_import_records.then(|| view! {
                <li><NavLink href="/staff/import">{t("nav-import")}</NavLink></li>
            })}
            {me.may_read_audit.then(|| view! {
                <li><NavLink href="/admin/audit">{t("nav-audit")}</NavLink></li>
            })}
            <li><NavLink href="/security">{t("nav-security")}</NavLink></li>
            <li><SignOutButton /></li>
        }
        .into_any(),
        None => view! {
            <li><NavLink href="/sign-in">{t("nav-sign-in")}</NavLink></li>
            <li><NavLink href="/enroll">{t("nav-enroll")}</NavLink></li>
        }
        .into_any(),
    }
}

/// "Inbox", with how many conversations and requests wait for the reader.
#[component]
fn InboxLink() -> impl IntoView {
    let count = Resource::new(|| (), |_| crate::api::messaging::get_inbox_count());
    view! {
        <Suspense fallback=|| view! { <NavLink href="/staff/inbox">{t("nav-inbox")}</NavLink> }>
            {move || Suspend::new(async move {
                match count.await {
                    Ok(n) if n > 0 => view! {
                        <NavLink href="/staff/inbox">{t("nav-inbox")}" "<span class="count" aria-label=t_args("nav-inbox-waiting", vec![("count", n.into())])>{n.to_string()}</span></NavLink>
                    }.into_any(),
                    _ => view! { <NavLink href="/staff/inbox">{t("nav-inbox")}</NavLink> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A real form, so signing out works before the page has hydrated too.
#[component]
pub fn SignOutButton() -> impl IntoView {
    let action = ServerAction::<crate::api::auth::SignOut>::new();
    Effect::new(move |_| {
        if action.value().get().is_some() {
            reload_to("/sign-in?reason=signed-out");
        }
    });
    view! {
        <ActionForm action=action attr:class="inline-form">
            <button type="submit" class="link-button">{t("nav-sign-out")}</button>
        </ActionForm>
    }
}

/// What [`IdleWarning`] says.
pub const IDLE_WORDS: [&str; 4] = ["idle-title", "idle-text", "idle-stay", "nav-sign-out"];

/// Warns a minute before the idle timeout and offers to stay signed in; after the timeout, takes
/// the person to the sign-in page. The server decides: the page only asks it. `seconds_left` is
/// what the session had when the server rendered the page.
#[island(lazy)]
pub fn IdleWarning(seconds_left: i64, words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let (warning, set_warning) = signal(false);
    let (left, set_left) = signal(seconds_left);
    // When the session ends, in browser milliseconds; moved by the server's answers.
    let deadline = StoredValue::new(None::<f64>);
    #[cfg(not(feature = "hydrate"))]
    let _ = (set_left, deadline);

    #[cfg(feature = "hydrate")]
    {
        use std::time::Duration;
        deadline.set_value(Some(js_sys::Date::now() + seconds_left as f64 * 1000.0));
        let checking = StoredValue::new(false);
        let tick = move || {
            let Some(end) = deadline.get_value() else {
                return;
            };
            let seconds = ((end - js_sys::Date::now()) / 1000.0).ceil() as i64;
            set_left.set(seconds.max(0));
            if seconds > 70 || checking.get_value() {
                return;
            }
            // Another tab may have kept the session alive: ask before warning.
            checking.set_value(true);
            leptos::task::spawn_local(async move {
                match session_status().await {
                    Ok(Some(seconds)) => {
                        deadline.set_value(Some(js_sys::Date::now() + seconds as f64 * 1000.0));
                        set_left.set(seconds);
                        set_warning.set(seconds <= 70);
                    }
                    Ok(None) => reload_to("/sign-in?reason=timeout"),
                    Err(_) => {}
                }
                checking.set_value(false);
            });
        };
        let _ = set_interval_with_handle(tick, Duration::from_secs(5));
    }

    let stay = move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(seconds) = stay_signed_in().await {
                set_warning.set(false);
                set_left.set(seconds);
                #[cfg(feature = "hydrate")]
                deadline.set_value(Some(js_sys::Date::now() + seconds as f64 * 1000.0));
            }
        });
    };

    view! {
        <Show when=move || warning.get()>
            <div class="idle-warning" role="alertdialog" aria-labelledby="idle-title" aria-describedby="idle-text">
                <h2 id="idle-title">{t("idle-title")}</h2>
                <p id="idle-text">
                    {move || t_args("idle-text", vec![("seconds", Arg::from(left.get()))])}
                </p>
                <button type="button" class="button" on:click=stay>{t("idle-stay")}</button>
                <SignOutButton />
            </div>
        </Show>
    }
}

/// Shows its children to a signed-in person, and a sign-in prompt to anyone else.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let me = use_session();
    move || {
        if me.with(Option::is_some) {
            children().into_any()
        } else {
            view! {
                <section class="card">
                    <h1>{t("signed-in-needed-title")}</h1>
                    <p>{t("signed-in-needed-text")}</p>
                    <p><a class="button" href="/sign-in">{t("nav-sign-in")}</a></p>
                </section>
            }
            .into_any()
        }
    }
}
