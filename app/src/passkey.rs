//! Calling the browser's passkey API from Rust. In the server build these functions exist so the
//! pages compile, but they are only ever called from event handlers, which run in the browser.
//!
//! The sentences they end with are the island's words ([`PASSKEY_WORDS`]): an island that prompts
//! for a passkey asks for them where its words are made, and runs the prompt with [`spawn`].

use std::future::Future;

use crate::{api::auth::Ceremony, i18n::t};

/// What a passkey prompt can end with: every island that calls [`create`] or [`get`] holds these
/// words (`Words::of(…).and(&PASSKEY_WORDS)`).
pub const PASSKEY_WORDS: [&str; 6] = [
    "passkey-unsupported",
    "acct-passkey-prompt-closed",
    "acct-passkey-already-on-device",
    "acct-passkey-prompt-cancelled",
    "acct-passkey-wrong-address",
    "acct-passkey-failed",
];

/// Why a passkey prompt did not produce a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptError {
    /// In words for the person.
    pub message: String,
    /// The person closed or cancelled the prompt, or let it time out: a prompt they did not open
    /// themselves (the sign-in field's autofill) need not tell them.
    pub dismissed: bool,
}

impl PromptError {
    fn new(id: &str, dismissed: bool) -> Self {
        Self {
            message: t(id),
            dismissed,
        }
    }

    fn unsupported() -> Self {
        Self::new("passkey-unsupported", false)
    }
}

/// Runs an island's task that prompts for a passkey. A task spawned as it is runs outside the
/// island once it first waits, where `t` finds none of the island's words; this one runs under
/// the owner that spawned it (untracked), so this module's sentences and a server function's
/// read them.
pub fn spawn(task: impl Future<Output = ()> + 'static) {
    leptos::task::spawn_local(leptos::reactive::computed::ScopedFuture::new_untracked(
        task,
    ));
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/webauthn.js")]
    extern "C" {
        #[wasm_bindgen(js_name = passkeysSupported)]
        pub fn passkeys_supported() -> bool;
        #[wasm_bindgen(js_name = conditionalMediationAvailable)]
        pub async fn conditional_mediation_available() -> JsValue;
        #[wasm_bindgen(js_name = cancelPasskeyRequest)]
        pub fn cancel_passkey_request();
        #[wasm_bindgen(catch, js_name = createPasskey)]
        pub async fn create_passkey(options: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_name = getPasskey)]
        pub async fn get_passkey(options: &str, conditional: bool) -> Result<JsValue, JsValue>;
    }

    /// Turns a DOMException from the WebAuthn API into a sentence.
    pub fn explain(error: JsValue) -> super::PromptError {
        let name = js_sys::Reflect::get(&error, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        let (id, dismissed) = match name.as_str() {
            "NotAllowedError" => ("acct-passkey-prompt-closed", true),
            "InvalidStateError" => ("acct-passkey-already-on-device", false),
            "AbortError" => ("acct-passkey-prompt-cancelled", true),
            "SecurityError" => ("acct-passkey-wrong-address", false),
            _ => ("acct-passkey-failed", false),
        };
        super::PromptError::new(id, dismissed)
    }
}

pub fn passkeys_supported() -> bool {
    #[cfg(feature = "hydrate")]
    {
        browser::passkeys_supported()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

pub async fn conditional_mediation_available() -> bool {
    #[cfg(feature = "hydrate")]
    {
        browser::conditional_mediation_available()
            .await
            .as_bool()
            .unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

pub fn cancel_pending_request() {
    #[cfg(feature = "hydrate")]
    browser::cancel_passkey_request();
}

/// Creates a passkey from registration options; returns the credential JSON for the server.
pub async fn create(ceremony: &Ceremony) -> Result<String, PromptError> {
    #[cfg(feature = "hydrate")]
    {
        if !passkeys_supported() {
            return Err(PromptError::unsupported());
        }
        browser::create_passkey(&ceremony.options)
            .await
            .map(|v| v.as_string().unwrap_or_default())
            .map_err(browser::explain)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ceremony;
        Err(PromptError::unsupported())
    }
}

/// Asks for a passkey assertion; `conditional` waits in the browser's autofill instead.
pub async fn get(ceremony: &Ceremony, conditional: bool) -> Result<String, PromptError> {
    #[cfg(feature = "hydrate")]
    {
        if !passkeys_supported() {
            return Err(PromptError::unsupported());
        }
        browser::get_passkey(&ceremony.options, conditional)
            .await
            .map(|v| v.as_string().unwrap_or_default())
            .map_err(browser::explain)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ceremony, conditional);
        Err(PromptError::unsupported())
    }
}
