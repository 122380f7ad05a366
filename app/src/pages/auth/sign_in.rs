//! Sign-in: no username, no password. The browser offers this site's passkeys in the field's
//! autofill (conditional mediation) as soon as the page is ready, and the button opens the
//! passkey dialog directly.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::auth::{begin_sign_in, finish_sign_in},
    components::session::reload_to,
    passkey::{self, NO_PASSKEY_SUPPORT},
};

async fn sign_in(conditional: bool) -> Result<(), String> {
    let ceremony = begin_sign_in().await.map_err(|e| e.message)?;
    let credential = passkey::get(&ceremony, conditional)
        .await
        .map_err(|e| e.0)?;
    finish_sign_in(ceremony.ceremony_id, credential)
        .await
        .map_err(|e| e.message)?;
    reload_to("/");
    Ok(())
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let notice = match query.read_untracked().get("reason").as_deref() {
        Some("timeout") => {
            Some("You were signed out after a period without activity. Sign in again to continue.")
        }
        Some("signed-out") => Some("You have signed out."),
        _ => None,
    };
    view! {
        <Title text="Sign in" />
        <section class="card narrow" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">"Sign in"</h1>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <SignInForm />
            <ul class="links">
                <li><a href="/enroll">"First time? Set up your account with your activation code"</a></li>
                <li><a href="/recover">"Lost your passkey? Use a recovery code"</a></li>
            </ul>
        </section>
    }
}

/// The passkey field and button: the part of the page that runs in the browser. It is part of
/// the main WASM, not a chunk of its own: the sign-in page is the first most people load, and as
/// a lazy island it fetched some fifty small chunks (each with its own response headers) that
/// together weighed more than this island does inside the main file.
#[island]
fn SignInForm() -> impl IntoView {
    crate::island_ready();
    let (error, set_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let (unsupported, set_unsupported) = signal(false);

    // Once hydrated, wait in the autofill for a passkey. Errors here are silent: the person has
    // not asked for anything yet (and the button cancels this request).
    Effect::new(move |_| {
        if !passkey::passkeys_supported() {
            set_unsupported.set(true);
            return;
        }
        leptos::task::spawn_local(async move {
            if passkey::conditional_mediation_available().await
                && let Err(message) = sign_in(true).await
                && !message.contains("cancelled")
                && !message.contains("closed")
            {
                set_error.set(Some(message));
            }
        });
    });

    let on_click = move |_| {
        set_error.set(None);
        set_busy.set(true);
        passkey::cancel_pending_request();
        leptos::task::spawn_local(async move {
            if let Err(message) = sign_in(false).await {
                set_error.set(Some(message));
            }
            set_busy.set(false);
        });
    };

    view! {
            <Show when=move || unsupported.get()>
                <p class="error" role="alert">{NO_PASSKEY_SUPPORT}</p>
            </Show>
            <form class="stack" on:submit=|ev| ev.prevent_default()>
                <label for="passkey-field">"Your passkey"</label>
                <input
                    id="passkey-field"
                    name="username"
                    type="text"
                    autocomplete="username webauthn"
                    placeholder="Choose your passkey"
                    aria-describedby="passkey-help"
                />
                <p id="passkey-help" class="hint">
                    "Your browser may offer your passkey here. Or use the button: you'll unlock it with your fingerprint, face or screen lock."
                </p>
                <button type="button" class="button" on:click=on_click disabled=move || busy.get()>
                    "Sign in with a passkey"
                </button>
            </form>
            <p class="error" role="alert">{move || error.get()}</p>
    }
}
