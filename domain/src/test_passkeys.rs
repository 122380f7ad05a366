//! Software passkeys (webauthn-authenticator-rs `SoftPasskey`) that answer Portico's real WebAuthn
//! ceremonies in tests, without a browser.

use webauthn_authenticator_rs::{WebauthnAuthenticator, softpasskey::SoftPasskey};
use webauthn_rs::prelude::{CreationChallengeResponse, RequestChallengeResponse, Url};

pub type Authenticator = SoftPasskey;

/// A passkey that performs user verification (`uv = true`) or does not.
pub fn authenticator(uv: bool) -> Authenticator {
    SoftPasskey::new(uv)
}

/// Answers registration options as the browser would, from `origin`. Returns the credential JSON.
///
/// `SoftPasskey` cannot store resident (discoverable) credentials and refuses options that
/// require one, so the requirement is relaxed here; the server cannot observe residency either
/// way. Discoverable credentials are exercised by the browser tests' virtual authenticator.
pub fn register(auth: &mut Authenticator, options: &serde_json::Value, origin: &str) -> String {
    let mut options = options.clone();
    assert_eq!(
        options["publicKey"]["authenticatorSelection"]["residentKey"], "required",
        "the server asks for a discoverable credential"
    );
    options["publicKey"]["authenticatorSelection"]["residentKey"] = "discouraged".into();
    options["publicKey"]["authenticatorSelection"]["requireResidentKey"] = false.into();
    let options: CreationChallengeResponse = serde_json::from_value(options).unwrap();
    let credential = auth
        .do_registration(Url::parse(origin).unwrap(), options)
        .expect("the soft passkey registers");
    serde_json::to_string(&credential).unwrap()
}

/// The id of the credential in a registration response.
pub fn credential_id(registration_json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(registration_json).unwrap();
    value["id"].as_str().unwrap().to_owned()
}

/// Answers authentication options from `origin`. For a usernameless ceremony the options carry no
/// allow-list; the soft passkey needs one to find its key, so the id is added the way a browser
/// that remembers the credential would pick it. The server's check is unchanged by this.
pub fn assert(
    auth: &mut Authenticator,
    options: &serde_json::Value,
    credential_id: &str,
    origin: &str,
) -> String {
    let mut options = options.clone();
    let allow = &mut options["publicKey"]["allowCredentials"];
    if allow.as_array().is_none_or(|a| a.is_empty()) {
        *allow = serde_json::json!([{ "type": "public-key", "id": credential_id }]);
    }
    let options: RequestChallengeResponse = serde_json::from_value(options).unwrap();
    let assertion = auth
        .do_authentication(Url::parse(origin).unwrap(), options)
        .expect("the soft passkey signs");
    serde_json::to_string(&assertion).unwrap()
}

/// [`assert`] for a usernameless ceremony. A discoverable credential returns the user handle it
/// stored at registration (the account id's 16 bytes); the soft passkey stores none, so it is
/// added here. The user handle is not covered by the signature, so this changes nothing the
/// server verifies; a wrong handle is tested to be refused.
pub fn assert_discoverable(
    auth: &mut Authenticator,
    options: &serde_json::Value,
    credential_id: &str,
    account_id: &str,
    origin: &str,
) -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let assertion = assert(auth, options, credential_id, origin);
    let mut value: serde_json::Value = serde_json::from_str(&assertion).unwrap();
    let handle = uuid::Uuid::parse_str(account_id).unwrap();
    value["response"]["userHandle"] = URL_SAFE_NO_PAD.encode(handle.as_bytes()).into();
    value.to_string()
}
