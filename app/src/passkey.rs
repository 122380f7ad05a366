//! Calling the browser's passkey API from Rust. In the server build these functions exist so the
//! pages compile, but they are only ever called from event handlers, which run in the browser.

use crate::api::auth::Ceremony;

/// Why a passkey prompt did not produce a credential, in words for the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptError(pub String);

pub const NO_PASSKEY_SUPPORT: &str = "This browser cannot use passkeys. Please use a current version of Chrome, Edge, Firefox or Safari, or your phone.";

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
        super::PromptError(
            match name.as_str() {
                "NotAllowedError" => {
                    "The passkey prompt was closed or timed out. Try again when you are ready."
                }
                "InvalidStateError" => "This device already holds a passkey for this account.",
                "AbortError" => "The passkey prompt was cancelled.",
                "SecurityError" => "Passkeys only work on this portal's own address.",
                _ => "The passkey could not be used. Please try again.",
            }
            .to_owned(),
        )
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
            return Err(PromptError(NO_PASSKEY_SUPPORT.into()));
        }
        browser::create_passkey(&ceremony.options)
            .await
            .map(|v| v.as_string().unwrap_or_default())
            .map_err(browser::explain)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ceremony;
        Err(PromptError(NO_PASSKEY_SUPPORT.into()))
    }
}

/// Asks for a passkey assertion; `conditional` waits in the browser's autofill instead.
pub async fn get(ceremony: &Ceremony, conditional: bool) -> Result<String, PromptError> {
    #[cfg(feature = "hydrate")]
    {
        if !passkeys_supported() {
            return Err(PromptError(NO_PASSKEY_SUPPORT.into()));
        }
        browser::get_passkey(&ceremony.options, conditional)
            .await
            .map(|v| v.as_string().unwrap_or_default())
            .map_err(browser::explain)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ceremony, conditional);
        Err(PromptError(NO_PASSKEY_SUPPORT.into()))
    }
}
