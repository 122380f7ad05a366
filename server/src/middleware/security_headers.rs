//! Security headers on every response, and a fresh CSP nonce per request. The nonce goes into the
//! request's extensions, where the Leptos context picks it up for the hydration scripts, and into
//! the `Content-Security-Policy` header of the response.

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use base64::{Engine, engine::general_purpose::STANDARD};
use http::{HeaderName, HeaderValue, header};
use rand::RngCore;

use super::request_id::REQUEST_ID;

/// The nonce of the current request, as it appears in the CSP header.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

impl CspNonce {
    /// 128 random bits from a CSPRNG seeded by the operating system.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        Self(STANDARD.encode(bytes))
    }
}

/// True in a binary built by `cargo leptos watch`, whose pages carry a live-reload script that
/// opens a WebSocket to the reload port. No other build allows that connection.
pub const LIVE_RELOAD: bool = option_env!("LEPTOS_WATCH").is_some();

/// What the policy allows beyond its fixed directives.
#[derive(Clone, Debug, Default)]
pub struct CspSettings {
    /// The `cargo leptos watch` reload port, in development builds only.
    pub live_reload_port: Option<u32>,
    /// The card processor's origins (its API, and where its script and card fields come from),
    /// only when the clinic takes payments online. Its script needs no entry of its own: the
    /// page's nonced script loads it (`'strict-dynamic'`).
    pub processor: Option<std::sync::Arc<[String]>>,
}

/// Where Stripe.js comes from; its 3-D Secure frames come from `https://hooks.stripe.com`.
const STRIPE_SCRIPT_ORIGIN: &str = "https://js.stripe.com";

impl CspSettings {
    /// The processor's API and script origins (`https://api.stripe.com`, `https://js.stripe.com`).
    pub fn with_processor(mut self, settings: &portico_domain::billing::ProcessorSettings) -> Self {
        let mut origins: Vec<String> = [&settings.api_base, &settings.script_url]
            .into_iter()
            .map(|url| url.origin().ascii_serialization())
            .filter(|o| o != "null")
            .collect();
        origins.dedup();
        self.processor = Some(origins.into());
        self
    }
}

pub fn content_security_policy(nonce: &CspNonce, settings: &CspSettings) -> String {
    let mut connect = match settings.live_reload_port {
        Some(port) => format!("'self' ws://localhost:{port} ws://127.0.0.1:{port}"),
        None => "'self'".to_owned(),
    };
    let mut frames = "'none'".to_owned();
    if let Some(origins) = &settings.processor {
        let list = origins.join(" ");
        connect = format!("{connect} {list}");
        frames = list;
        // Stripe's card check by the bank (3-D Secure) opens in a frame from its hooks origin.
        if origins.iter().any(|o| o == STRIPE_SCRIPT_ORIGIN) {
            frames.push_str(" https://hooks.stripe.com");
        }
    }
    format!(
        "default-src 'self'; script-src 'nonce-{}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src {connect}; \
         frame-src {frames}; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        nonce.0
    )
}

pub async fn security_headers(
    State(settings): State<CspSettings>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = CspNonce::generate();
    request.extensions_mut().insert(nonce.clone());
    let request_id = request.headers().get(REQUEST_ID).cloned();
    let mut response = next.run(request).await;

    let headers = response.headers_mut();
    let kind = Kind::of(headers.get(header::CONTENT_TYPE));
    // A policy governs documents and the scripts and workers they run; a WASM module, a style
    // sheet or an icon is neither, and a page fetches dozens of them (one per island chunk), so
    // they go without the ~400-byte header and its never-repeating nonce. A response that set
    // its own (stricter) policy keeps it: a file sent with a message is served sandboxed.
    if matches!(kind, Kind::Document | Kind::Script)
        && !headers.contains_key(header::CONTENT_SECURITY_POLICY)
    {
        let csp = HeaderValue::from_str(&content_security_policy(&nonce, &settings))
            .expect("base64 nonce is a valid header value");
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    // On every response.
    let always: [(HeaderName, &str); 4] = [
        (
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in always {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // What only a document uses: how it may share a window group and which device features
    // it may ask for, and the request id a person can quote when a page goes wrong. The site's
    // public files (the same for everyone, logged by path) go without them.
    if kind != Kind::SiteFile {
        let document: [(HeaderName, &str); 2] = [
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                "same-origin",
            ),
            (
                HeaderName::from_static("permissions-policy"),
                "camera=(), microphone=(), geolocation=(), payment=(self)",
            ),
        ];
        for (name, value) in document {
            headers.insert(name, HeaderValue::from_static(value));
        }
        if let Some(id) = request_id {
            headers.insert(REQUEST_ID, id);
        }
    }
    // Anything not explicitly marked cacheable (static assets are) may hold PHI: never store it.
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// What a response is, for the headers it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A page, an API answer, a download, a redirect: anything that is not one of the site's
    /// files below.
    Document,
    /// JavaScript: a worker's policy is its own script's response's.
    Script,
    /// WASM, style sheets, images, fonts, the manifest.
    SiteFile,
}

impl Kind {
    fn of(content_type: Option<&HeaderValue>) -> Self {
        let Some(value) = content_type.and_then(|v| v.to_str().ok()) else {
            return Self::Document;
        };
        let essence = value.split(';').next().unwrap_or_default().trim();
        match essence {
            "text/javascript" | "application/javascript" => Self::Script,
            // Not SVG: opened on its own, an SVG is a document that can run script.
            "application/wasm"
            | "text/css"
            | "application/manifest+json"
            | "image/png"
            | "image/x-icon"
            | "image/vnd.microsoft.icon"
            | "font/woff2" => Self::SiteFile,
            _ => Self::Document,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_watch_build_may_connect_to_the_reload_port() {
        let nonce = CspNonce::generate();
        let production = content_security_policy(&nonce, &CspSettings::default());
        assert!(production.contains("connect-src 'self';"), "{production}");
        assert!(production.contains("frame-src 'none';"), "{production}");
        assert!(!production.contains("ws:"), "{production}");
        let watch = content_security_policy(
            &nonce,
            &CspSettings {
                live_reload_port: Some(3001),
                processor: None,
            },
        );
        assert!(
            watch.contains("connect-src 'self' ws://localhost:3001 ws://127.0.0.1:3001;"),
            "{watch}"
        );
    }

    #[test]
    fn the_card_processor_is_admitted_only_when_it_is_set_up() {
        let nonce = CspNonce::generate();
        let settings = portico_domain::billing::ProcessorSettings {
            api_base: "https://api.stripe.com".parse().unwrap(),
            script_url: "https://js.stripe.com/v3/".parse().unwrap(),
            secret_key: portico_domain::secrets::Secret::configured("sk".into()),
            publishable_key: "pk".into(),
            webhook_secret: portico_domain::secrets::Secret::configured("wh".into()),
        };
        let csp =
            content_security_policy(&nonce, &CspSettings::default().with_processor(&settings));
        assert!(
            csp.contains("connect-src 'self' https://api.stripe.com https://js.stripe.com;"),
            "{csp}"
        );
        assert!(
            csp.contains(
                "frame-src https://api.stripe.com https://js.stripe.com https://hooks.stripe.com;"
            ),
            "{csp}"
        );
        assert!(!csp.contains("script-src 'nonce-") || !csp.contains("script-src 'nonce-x https"));
    }

    #[test]
    fn nonces_are_128_random_bits() {
        let a = CspNonce::generate();
        assert_eq!(STANDARD.decode(&a.0).unwrap().len(), 16);
        assert_ne!(a.0, CspNonce::generate().0);
    }
}
