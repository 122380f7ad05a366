//! "Is this device ready for passkeys?" Portico has no passwords, so before a patient enrolls it
//! tells them whether their browser and device can hold a passkey. Runs only in the browser.

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
    fn message(self) -> &'static str {
        match self {
            Self::NotChecked => "",
            Self::Checking => "Checking…",
            Self::Ready => {
                "This browser supports passkeys, and this device can keep one, unlocked with your fingerprint, face or screen lock."
            }
            Self::NeedsExternal => {
                "This browser supports passkeys. This device has no built-in passkey storage, so you will use your phone or a security key."
            }
            Self::Unsupported => {
                "This browser does not support passkeys. Please use a current version of Chrome, Edge, Firefox or Safari."
            }
        }
    }
}

#[island(lazy)]
pub fn PasskeyCheck() -> impl IntoView {
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
            <h2 id="passkey-check-title">"Is this device ready?"</h2>
            <p>"Portico uses passkeys instead of passwords. Check that this browser and device can use one."</p>
            <button type="button" class="button" on:click=check>"Check this device"</button>
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
