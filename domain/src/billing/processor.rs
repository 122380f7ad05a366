//! The card processor (Stripe's HTTP API, or localstripe standing in for it in tests): payment
//! intents and refunds, and the signature on its events. Card numbers never pass through
//! Portico: the browser gives them to the processor's own fields. Stripe signs no BAA, so what
//! Portico sends is amounts, the currency and opaque ids — no names, no visits, no codes.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::{
    DomainError, DomainResult,
    i18n::{Locale, Said},
    money::Money,
    said,
    secrets::Secret,
};

/// How old (or how far ahead) an event's signed timestamp may be: Stripe's own tolerance.
pub const SIGNATURE_TOLERANCE_SECONDS: i64 = 300;

/// Where the processor is and the keys for it, from configuration.
#[derive(Clone, Debug)]
pub struct ProcessorSettings {
    /// `https://api.stripe.com`, or a stand-in's address.
    pub api_base: url::Url,
    pub secret_key: Secret,
    /// Given to the browser's card fields.
    pub publishable_key: String,
    /// Signs the events the processor sends.
    pub webhook_secret: Secret,
    /// The address the page loads the processor's script from (Stripe.js).
    pub script_url: url::Url,
}

/// Every request body sent to the processor, kept when a test asks (to check that no PHI goes).
pub type SentLog = Arc<Mutex<Vec<(String, String)>>>;

/// A PaymentIntent as the processor reports it.
#[derive(Clone, Debug, Deserialize)]
pub struct Intent {
    pub id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
    pub status: String,
    pub amount: i64,
    #[serde(default)]
    pub amount_received: Option<i64>,
    pub currency: String,
    #[serde(default)]
    pub last_payment_error: Option<PaymentError>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct PaymentError {
    #[serde(default)]
    pub message: Option<String>,
}

/// A refund as the processor reports it.
#[derive(Clone, Debug, Deserialize)]
pub struct Refund {
    pub id: String,
    pub amount: i64,
    pub status: String,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    message: Option<String>,
}

/// The processor's HTTP API.
#[derive(Clone)]
pub struct Processor {
    http: reqwest::Client,
    settings: ProcessorSettings,
    sent: Option<SentLog>,
}

impl Processor {
    pub fn new(settings: ProcessorSettings) -> DomainResult<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| DomainError::Internal(format!("processor client: {e}")))?;
        Ok(Self {
            http,
            settings,
            sent: None,
        })
    }

    /// Keeps every request body sent from now on in `log` (tests).
    pub fn record_requests(mut self, log: SentLog) -> Self {
        self.sent = Some(log);
        self
    }

    pub fn settings(&self) -> &ProcessorSettings {
        &self.settings
    }

    async fn call<T: for<'de> Deserialize<'de>>(
        &self,
        method: reqwest::Method,
        path: &str,
        form: &[(&str, String)],
        idempotency_key: Option<&str>,
    ) -> DomainResult<T> {
        let url = self
            .settings
            .api_base
            .join(path)
            .map_err(|e| DomainError::Internal(format!("processor address: {e}")))?;
        let body = serde_urlencoded_pairs(form);
        if let Some(log) = &self.sent
            && let Ok(mut log) = log.lock()
        {
            log.push((path.to_owned(), body.clone()));
        }
        let mut request = self
            .http
            .request(method, url)
            .basic_auth(self.settings.secret_key.expose(), Some(""))
            .header("Stripe-Version", "2024-06-20");
        if !form.is_empty() {
            request = request
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body);
        }
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request.send().await.map_err(|e| {
            tracing::warn!(error = %e, "the card processor could not be reached");
            DomainError::Unavailable(
                "the card processor cannot be reached; try again in a minute".into(),
            )
        })?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| {
            DomainError::Unavailable(format!("the card processor's answer was cut short: {e}"))
        })?;
        if status.is_success() {
            return serde_json::from_slice(&bytes)
                .map_err(|e| DomainError::Internal(format!("processor answer: {e}")));
        }
        let message = serde_json::from_slice::<ErrorBody>(&bytes)
            .ok()
            .and_then(|b| b.error.message)
            .map_or_else(
                || said!("bill-processor-answered", status = status.to_string()),
                |message| said_by_processor(&message),
            );
        if status.is_client_error() {
            Err(DomainError::validation("payment", message))
        } else {
            tracing::warn!(%status, "the card processor failed");
            Err(DomainError::Unavailable(
                "the card processor is not answering; try again in a minute".into(),
            ))
        }
    }

    /// A PaymentIntent for `amount`, paid at once with the payment method the browser made with
    /// the processor's card fields (Stripe's "finalise on the server" flow). Labelled only with
    /// Portico's opaque payment id; the same `idempotency_key` always gives the same intent.
    pub async fn create_and_confirm(
        &self,
        amount: &Money,
        payment_id: &str,
        payment_method: &str,
        idempotency_key: &str,
    ) -> DomainResult<Intent> {
        self.call(
            reqwest::Method::POST,
            "/v1/payment_intents",
            &[
                ("amount", amount.minor.to_string()),
                ("currency", amount.currency.as_str().to_ascii_lowercase()),
                ("payment_method_types[]", "card".into()),
                ("payment_method", payment_method.to_owned()),
                ("confirm", "true".into()),
                ("metadata[payment]", payment_id.to_owned()),
            ],
            Some(idempotency_key),
        )
        .await
    }

    pub async fn retrieve_intent(&self, intent_id: &str) -> DomainResult<Intent> {
        self.call(
            reqwest::Method::GET,
            &format!("/v1/payment_intents/{}", path_part(intent_id)?),
            &[],
            None,
        )
        .await
    }

    /// Refunds `amount` of a succeeded intent.
    pub async fn refund(
        &self,
        intent_id: &str,
        amount: &Money,
        idempotency_key: &str,
    ) -> DomainResult<Refund> {
        self.call(
            reqwest::Method::POST,
            "/v1/refunds",
            &[
                ("payment_intent", intent_id.to_owned()),
                ("amount", amount.minor.to_string()),
            ],
            Some(idempotency_key),
        )
        .await
    }
}

/// An id the processor gave, checked before it goes into a path.
fn path_part(id: &str) -> DomainResult<&str> {
    if !id.is_empty() && id.len() <= 80 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        Ok(id)
    } else {
        Err(DomainError::validation(
            "payment",
            said!("bill-not-our-payment"),
        ))
    }
}

/// The processor's usual words for a declined card, each with Portico's message whose English is
/// those words exactly (so they can be said in the reader's language).
const PROCESSOR_WORDS: [&str; 8] = [
    "bill-card-declined",
    "bill-card-expired",
    "bill-card-security-code",
    "bill-card-number",
    "bill-card-funds",
    "bill-card-processing-error",
    "bill-card-authentication",
    "bill-card-authentication-brief",
];

/// What the processor said (in English, for the payer): its usual words as Portico's message,
/// to be said in the reader's language; other words as it gave them.
pub(crate) fn said_by_processor(message: &str) -> Said {
    let message = message.trim();
    for id in PROCESSOR_WORDS {
        if crate::i18n::t(Locale::En, id) == message {
            return Said::new(id);
        }
    }
    // Kept short: the reason is stored with the payment.
    let message: String = message.chars().take(200).collect();
    said!("bill-processor-said", message = message)
}

fn serde_urlencoded_pairs(form: &[(&str, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

/// Why an event's signature was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureProblem {
    /// No `t=` or no `v1=` in the header.
    Malformed,
    /// The timestamp is more than five minutes away from now.
    Stale,
    /// No `v1` signature matches.
    Mismatch,
}

/// Checks a `Stripe-Signature` header (`t=…,v1=…[,v1=…]`): HMAC-SHA256 with the webhook secret
/// over `t.payload`, compared in constant time, the timestamp within the tolerance of `now`.
pub fn verify_signature(
    payload: &[u8],
    header: &str,
    secret: &[u8],
    now: DateTime<Utc>,
) -> Result<(), SignatureProblem> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", sig)) => signatures.extend(decode_hex(sig)),
            _ => {}
        }
    }
    let Some(timestamp) = timestamp else {
        return Err(SignatureProblem::Malformed);
    };
    if signatures.is_empty() {
        return Err(SignatureProblem::Malformed);
    }
    if (now.timestamp() - timestamp).abs() > SIGNATURE_TOLERANCE_SECONDS {
        return Err(SignatureProblem::Stale);
    }
    for signature in signatures {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(secret).map_err(|_| SignatureProblem::Mismatch)?;
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(payload);
        if mac.verify_slice(&signature).is_ok() {
            return Ok(());
        }
    }
    Err(SignatureProblem::Mismatch)
}

/// The header a processor would send for `payload` at `at` (tests, and the demo's own checks).
pub fn sign(payload: &[u8], secret: &[u8], at: DateTime<Utc>) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(at.timestamp().to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={},v1={hex}", at.timestamp())
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn the_processors_usual_words_are_said_in_the_readers_language() {
        for id in PROCESSOR_WORDS {
            let english = crate::i18n::t(Locale::En, id);
            assert_ne!(english, id, "{id} has no English");
            let said = said_by_processor(&english);
            assert_eq!(said.to_string(), english);
            assert_ne!(said.in_language(Locale::Es), english, "{id}");
        }
        // Other words are kept as the processor gave them.
        let other = said_by_processor("Your card does not support this type of purchase.");
        assert_eq!(
            other.to_string(),
            "Your card does not support this type of purchase."
        );
        assert!(
            other
                .in_language(Locale::Es)
                .ends_with(": Your card does not support this type of purchase.")
        );
    }

    #[test]
    fn signatures_are_checked_for_secret_time_and_shape() {
        let now = Utc::now();
        let payload = br#"{"id":"evt_1","type":"payment_intent.succeeded"}"#;
        let header = sign(payload, b"whsec_test", now);
        assert_eq!(
            verify_signature(payload, &header, b"whsec_test", now),
            Ok(())
        );
        // A second v1 (a secret being rolled) is fine as long as one matches.
        let rolled = format!("{header},v1={}", "0".repeat(64));
        assert_eq!(
            verify_signature(payload, &rolled, b"whsec_test", now),
            Ok(())
        );
        assert_eq!(
            verify_signature(payload, &header, b"whsec_other", now),
            Err(SignatureProblem::Mismatch)
        );
        assert_eq!(
            verify_signature(b"{\"id\":\"evt_2\"}", &header, b"whsec_test", now),
            Err(SignatureProblem::Mismatch)
        );
        assert_eq!(
            verify_signature(
                payload,
                &header,
                b"whsec_test",
                now + Duration::seconds(301)
            ),
            Err(SignatureProblem::Stale)
        );
        assert_eq!(
            verify_signature(
                payload,
                &header,
                b"whsec_test",
                now - Duration::seconds(301)
            ),
            Err(SignatureProblem::Stale)
        );
        for bad in [
            "",
            "t=abc,v1=00",
            "v1=abcd",
            &format!("t={}", now.timestamp()),
        ] {
            assert_eq!(
                verify_signature(payload, bad, b"whsec_test", now),
                Err(SignatureProblem::Malformed),
                "{bad}"
            );
        }
    }
}
