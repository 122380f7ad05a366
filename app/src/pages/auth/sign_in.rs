//! Sign-in: no username, no password. The browser offers this site's passkeys in the field's
//! autofill (conditional mediation) as soon as the page is ready, and the button opens the
//! passkey dialog directly.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::{
        ApiError,
        auth::{begin_sign_in, finish_sign_in},
    },
    components::session::reload_to,
    i18n::{Words, t},
    passkey::{self, PASSKEY_WORDS, PromptError},
};

/// Signs in with a passkey; an error says why, and whether the person dismissed the prompt.
async fn sign_in(conditional: bool) -> Result<(), PromptError> {
    let refused = |e: ApiError| PromptError {
        message: e.message,
        dismissed: false,
    };
    let ceremony = begin_sign_in().await.map_err(refused)?;
    let credential = passkey::get(&ceremony, conditional).await?;
    finish_sign_in(ceremony.ceremony_id, credential)
        .await
        .map_err(refused)?;
    reload_to("/");
    Ok(())
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let notice = match query.read_untracked().get("reason").as_deref() {
        Some("timeout") => Some(t("sign-in-timed-out")),
        Some("signed-out") => Some(t("sign-in-signed-out")),
        _ => None,
    };
    view! {
        <Title text=t("sign-in-title") />
        <section class="card narrow" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">{t("sign-in-title")}</h1>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <SignInForm words=Words::of(&SIGN_IN_WORDS).and(&PASSKEY_WORDS) />
            <ul class="links">
                <li><a href="/enroll">{t("sign-in-first-time")}</a></li>
                <li><a href="/recover">{t("sign-in-lost-passkey")}</a></li>
            </ul>
        </section>
    }
}

/// What the sign-in form shows (it runs in the browser too), with [`PASSKEY_WORDS`] (among them
/// `passkey-unsupported`).
const SIGN_IN_WORDS: [&str; 4] = [
    "sign-in-passkey-label",
    "sign-in-passkey-placeholder",
    "sign-in-passkey-help",
    "sign-in-button",
];

/// The passkey field and button: the part of the page that runs in the browser. It is part of
/// the main WASM, not a chunk of its own: the sign-in page is the first most people load, and as
/// a lazy island it fetched some fifty small chunks (each with its own response headers) that
/// together weighed more than this island does inside the main file.
#[island]
fn SignInForm(words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let unsupported_text = t("passkey-unsupported");
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
        passkey::spawn(async move {
            if passkey::conditional_mediation_available().await
                && let Err(e) = sign_in(true).await
                && !e.dismissed
            {
                set_error.set(Some(e.message));
            }
        });
    });

    let on_click = move |_| {
        set_error.set(None);
        set_busy.set(true);
        passkey::cancel_pending_request();
        passkey::spawn(async move {
            if let Err(e) = sign_in(false).await {
                set_error.set(Some(e.message));
            }
            set_busy.set(false);
        });
    };

    view! {
            <Show when=move || unsupported.get()>
                <p class="error" role="alert">{unsupported_text.clone()}</p>
            </Show>
            <form class="stack" on:submit=|ev| ev.prevent_default()>
                <label for="passkey-field">{t("sign-in-passkey-label")}</label>
                <input
                    id="passkey-field"
                    name="username"
                    type="text"
                    autocomplete="username webauthn"
                    placeholder=t("sign-in-passkey-placeholder")
                    aria-describedby="passkey-help"
                />
                <p id="passkey-help" class="hint">
                    {t("sign-in-passkey-help")}
                </p>
                <button type="button" class="button" on:click=on_click disabled=move || busy.get()>
                    {t("sign-in-button")}
                </button>
            </form>
            <p class="error" role="alert">{move || error.get()}</p>
    }
}
