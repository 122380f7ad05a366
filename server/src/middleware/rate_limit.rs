//! The per-IP rate limit on everything a person can call without being signed in: every server
//! function requested without a live session (any endpoint probed anonymously), and the sign-in,
//! enrolment and recovery ceremonies (`/api/auth/…`) whoever calls them, since a session cookie,
//! any patient's, must not lift the limit on guessing codes. Pages opened without a session have
//! a looser limit of their own (site files are not counted). A trip answers 429 with a plain
//! message, and is audited at most once a minute per address so a flood cannot flood the log.
//!
//! IPv4 clients are counted per address; IPv6 clients per network (a /64 by default), since one
//! household or server holds a whole /64 and could otherwise take a fresh allowance per address.
//! Addresses not seen for a while are forgotten, so memory does not grow with every address.

use std::{
    collections::HashMap,
    net::IpAddr,
    num::NonZeroU32,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use app::api::{ApiError, ApiErrorKind};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::{HeaderValue, StatusCode, header};
use portico_domain::{
    audit::RequestMeta,
    identity::{CurrentSession, Identity},
};

/// How often addresses whose allowance is full again are forgotten.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// The limits, in requests per minute per client.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Server functions without a session, and the sign-in ceremonies.
    pub api_per_minute: u32,
    /// Pages without a session.
    pub pages_per_minute: u32,
    /// IPv6 clients are counted per network of this prefix length.
    pub ipv6_prefix: u8,
}

/// Which allowance a request draws on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allowance {
    Api,
    Pages,
}

/// Each client's allowances, keyed per address (IPv6: per network).
pub struct Allowances {
    api: DefaultKeyedRateLimiter<IpAddr>,
    pages: DefaultKeyedRateLimiter<IpAddr>,
    ipv6_prefix: u8,
    last_pruned: Mutex<Instant>,
}

impl Allowances {
    pub fn new(limits: Limits) -> Self {
        Self {
            api: RateLimiter::keyed(quota(limits.api_per_minute)),
            pages: RateLimiter::keyed(quota(limits.pages_per_minute)),
            ipv6_prefix: limits.ipv6_prefix,
            last_pruned: Mutex::new(Instant::now()),
        }
    }

    /// Takes one request from the client's allowance; false when it is spent. Now and then,
    /// forgets the clients whose allowance is full again.
    pub fn take(&self, allowance: Allowance, ip: IpAddr) -> bool {
        self.prune_now_and_then();
        let limiter = match allowance {
            Allowance::Api => &self.api,
            Allowance::Pages => &self.pages,
        };
        limiter.check_key(&client_key(ip, self.ipv6_prefix)).is_ok()
    }

    /// Forgets clients whose allowance is full again (they would start afresh anyway).
    pub fn prune(&self) {
        for limiter in [&self.api, &self.pages] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// How many clients are remembered now (both allowances).
    pub fn remembered(&self) -> usize {
        self.api.len() + self.pages.len()
    }

    fn prune_now_and_then(&self) {
        let mut last = self.last_pruned.lock().unwrap_or_else(|e| e.into_inner());
        if last.elapsed() >= PRUNE_EVERY {
            *last = Instant::now();
            drop(last);
            self.prune();
        }
    }
}

pub struct AnonymousRateLimit {
    allowances: Allowances,
    last_audited: Mutex<HashMap<IpAddr, Instant>>,
    identity: Identity,
}

/// `per_minute` requests, refilled evenly, with bursts up to a third of that (at least 5).
fn quota(per_minute: u32) -> Quota {
    let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new((per_minute.get() / 3).max(5)).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(per_minute).allow_burst(burst)
}

/// Who an allowance belongs to: an IPv4 address (an IPv4-mapped IPv6 one too), or the IPv6
/// network of `prefix` bits the address is in.
pub fn client_key(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u32::from(prefix.min(128));
                let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
                IpAddr::V6((u128::from(v6) & mask).into())
            }
        },
    }
}

/// Whether a request is a page (not the API, not a site file, not a health check or a webhook).
fn is_page(request: &Request) -> bool {
    let path = request.uri().path();
    let method = request.method();
    (method == http::Method::GET || method == http::Method::HEAD)
        && !["/api/", "/pkg/", "/files/", "/webhooks/", "/healthz"]
            .iter()
            .any(|p| path.starts_with(p))
        && !path.rsplit('/').next().unwrap_or_default().contains('.')
}

impl AnonymousRateLimit {
    pub fn new(limits: Limits, identity: Identity) -> Arc<Self> {
        Arc::new(Self {
            allowances: Allowances::new(limits),
            last_audited: Mutex::new(HashMap::new()),
            identity,
        })
    }

    fn should_audit(&self, ip: IpAddr) -> bool {
        let mut seen = self.last_audited.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        seen.retain(|_, at| now.duration_since(*at) < Duration::from_secs(60));
        match seen.entry(ip) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(now);
                true
            }
        }
    }
}

pub async fn limit_anonymous_requests(
    State(limit): State<Arc<AnonymousRateLimit>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let anonymous = request.extensions().get::<CurrentSession>().is_none();
    let allowance = if path.starts_with("/api/auth/") || (path.starts_with("/api/") && anonymous) {
        Allowance::Api
    } else if anonymous && is_page(&request) {
        Allowance::Pages
    } else {
        return next.run(request).await;
    };
    let meta = request
        .extensions()
        .get::<RequestMeta>()
        .cloned()
        .unwrap_or_default();
    let Some(ip) = meta.ip.as_deref().and_then(|ip| ip.parse::<IpAddr>().ok()) else {
        return next.run(request).await;
    };
    if limit.allowances.take(allowance, ip) {
        return next.run(request).await;
    }
    let ip = client_key(ip, limit.allowances.ipv6_prefix);
    if limit.should_audit(ip)
        && let Err(err) = limit.identity.record_rate_limited(&meta).await
    {
        tracing::error!(error = %err, "could not audit a rate-limit trip");
    }
    tracing::warn!(
        request_id = meta.request_id.as_deref(),
        "rate limit: too many anonymous or sign-in requests"
    );
    let locale = crate::middleware::language::request_locale(&request);
    let message = portico_domain::i18n::t(locale, "refused-rate-limited");
    let title = portico_domain::i18n::t(locale, "refused-rate-limited-title");
    let reference = portico_domain::i18n::t(locale, "error-page-reference");
    let mut response = match allowance {
        // A person opening pages reads a page, not the API's JSON.
        Allowance::Pages => (
            StatusCode::TOO_MANY_REQUESTS,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            format!(
                "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>{message}</p><p>{reference} {}</p></body></html>",
                locale.tag(),
                meta.request_id.as_deref().unwrap_or_default()
            ),
        )
            .into_response(),
        Allowance::Api => {
            let body = ApiError {
                kind: ApiErrorKind::RateLimited,
                message,
                field: None,
                request_id: meta.request_id.clone(),
            };
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                serde_json::to_string(&body).unwrap_or_default(),
            )
                .into_response()
        }
    };
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_share_an_allowance_per_network() {
        let key = |ip: &str, prefix| client_key(ip.parse().unwrap(), prefix);
        assert_eq!(key("2001:db8:1:2::1", 64), key("2001:db8:1:2:ffff::9", 64));
        assert_ne!(key("2001:db8:1:2::1", 64), key("2001:db8:1:3::1", 64));
        assert_eq!(key("2001:db8:1:2::1", 64).to_string(), "2001:db8:1:2::");
        assert_ne!(key("2001:db8:1:2::1", 128), key("2001:db8:1:2::2", 128));
        assert_eq!(key("2001:db8:1:2::1", 48), key("2001:db8:1:9::1", 48));
        // IPv4, and IPv4 written as IPv6, are each one address.
        assert_eq!(key("::ffff:192.0.2.7", 64).to_string(), "192.0.2.7");
        assert_ne!(key("192.0.2.7", 64), key("192.0.2.8", 64));
    }

    #[test]
    fn one_ipv6_network_gets_one_allowance_and_idle_clients_are_forgotten() {
        let allowances = Allowances::new(Limits {
            api_per_minute: 60_000,
            pages_per_minute: 60_000,
            ipv6_prefix: 64,
        });
        // A burst is 20,000 here: 30,000 addresses of one /64 spend it together.
        let taken = (0..30_000u32)
            .filter(|i| {
                let ip = IpAddr::V6(std::net::Ipv6Addr::new(
                    0x2001,
                    0xdb8,
                    1,
                    2,
                    0,
                    0,
                    (i >> 16) as u16,
                    *i as u16,
                ));
                allowances.take(Allowance::Api, ip)
            })
            .count();
        // (A few refill while the loop runs: a thousand a second.)
        assert!((20_000..20_500).contains(&taken), "{taken}");
        assert_eq!(allowances.remembered(), 1);
        // A thousand IPv4 clients each remembered, then forgotten once their allowance refills
        // (one request refills in a millisecond at this rate).
        for i in 0..1000u32 {
            assert!(allowances.take(Allowance::Pages, IpAddr::V4((0x0a00_0000 + i).into())));
        }
        assert_eq!(allowances.remembered(), 1001);
        std::thread::sleep(Duration::from_millis(50));
        allowances.prune();
        assert_eq!(allowances.pages.len(), 0, "idle page clients forgotten");
    }

    #[test]
    fn pages_are_the_documents_not_the_site_files() {
        let request = |method: &str, path: &str| {
            Request::builder()
                .method(method)
                .uri(path)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        assert!(is_page(&request("GET", "/")));
        assert!(is_page(&request("GET", "/sign-in")));
        assert!(is_page(&request("GET", "/patients/abc/records/results")));
        for path in [
            "/pkg/portico.wasm",
            "/pay.js",
            "/icons/icon-192.png",
            "/healthz",
            "/api/x",
        ] {
            assert!(!is_page(&request("GET", path)), "{path}");
        }
        assert!(!is_page(&request("POST", "/sign-in")));
    }
}
