//! "Is this device ready for passkeys?" Portico has no passwords, so before a patient enrolls it
//! tells them whether their browser and device can hold a passkey. Runs only in the browser.

use crate::i18n::{Words, t};
use leptos::prelude::*;

// Only the browser build detects; the server build renders the initial state.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Readiness {
    NotChecked,
    Checking,
    /// The browser speaks WebAuthn and the device has a built-in authenticator.
    Ready,
    /// The browser speaks WebAuthn but a phone or security key is needed.
    NeedsExternal,
    Unsupported,
}

impl Readiness {
    fn message(self) -> String {
        match self {
            Self::NotChecked => String::new(),
            Self::Checking => t("passkey-check-checking"),
            Self::Ready => t("passkey-check-ready"),
            Self::NeedsExternal => t("passkey-check-external"),
            Self::Unsupported => t("passkey-check-unsupported"),
        }
    }
}

/// What the check shows (it runs in the browser).
pub const PASSKEY_CHECK_WORDS: [&str; 7] = [
    "passkey-check-title",
    "passkey-check-text",
    "passkey-check-button",
    "passkey-check-checking",
    "passkey-check-ready",
    "passkey-check-external",
    "passkey-check-unsupported",
];

#[island(lazy)]
pub fn PasskeyCheck(words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let (readiness, set_readiness) = signal(Readiness::NotChecked);
    let check = move |_| {
        set_readiness.set(Readiness::Checking);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            set_readiness.set(browser::detect().await);
        });
    };

    view! {
        <section class="card passkey-check" aria-labelledby="passkey-check-title">
            <h2 id="passkey-check-title">{t("passkey-check-title")}</h2>
            <p>{t("passkey-check-text")}</p>
            <button type="button" class="button" on:click=check>{t("passkey-check-button")}</button>
            <p class="passkey-check__result" role="status" aria-live="polite">
                {move || readiness.get().message()}
            </p>
        </section>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    use super::Readiness;

    pub async fn detect() -> Readiness {
        let global = js_sys::global();
        let Ok(pkc) = Reflect::get(&global, &JsValue::from_str("PublicKeyCredential")) else {
            return Readiness::Unsupported;
        };
        if pkc.is_undefined() || pkc.is_null() {
            return Readiness::Unsupported;
        }
        match call_bool(&pkc, "isUserVerifyingPlatformAuthenticatorAvailable").await {
            Some(true) => Readiness::Ready,
            _ => Readiness::NeedsExternal,
        }
    }

    /// Calls a static method that returns `Promise<boolean>`; `None` if it is missing or fails.
    async fn call_bool(target: &JsValue, method: &str) -> Option<bool> {
        let function = Reflect::get(target, &JsValue::from_str(method))
            .ok()?
            .dyn_into::<Function>()
            .ok()?;
        let promise = function.call0(target).ok()?.dyn_into::<Promise>().ok()?;
        JsFuture::from(promise).await.ok()?.as_bool()
    }
}
