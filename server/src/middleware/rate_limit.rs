//! The per-IP rate limit on everything a person can call without being signed in: every server
//! function requested without a live session (any endpoint probed anonymously), and the sign-in,
//! enrolment and recovery ceremonies (`/api/auth/…`) whoever calls them, since a session cookie,
//! any patient's, must not lift the limit on guessing codes. A trip answers 429 with a plain
//! message, and is audited at most once a minute per address so a flood cannot flood the log.

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

pub struct AnonymousRateLimit {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    last_audited: Mutex<HashMap<IpAddr, Instant>>,
    identity: Identity,
}

impl AnonymousRateLimit {
    /// `per_minute` requests per address, refilled evenly, with bursts up to a third of that.
    pub fn new(per_minute: u32, identity: Identity) -> Arc<Self> {
        let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new((per_minute.get() / 3).max(5)).unwrap_or(NonZeroU32::MIN);
        Arc::new(Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst)),
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
    let limited = path.starts_with("/api/auth/")
        || (path.starts_with("/api/") && request.extensions().get::<CurrentSession>().is_none());
    let meta = request
        .extensions()
        .get::<RequestMeta>()
        .cloned()
        .unwrap_or_default();
    let ip = meta.ip.as_deref().and_then(|ip| ip.parse::<IpAddr>().ok());
    let (true, Some(ip)) = (limited, ip) else {
        return next.run(request).await;
    };
    if limit.limiter.check_key(&ip).is_ok() {
        return next.run(request).await;
    }
    if limit.should_audit(ip)
        && let Err(err) = limit.identity.record_rate_limited(&meta).await
    {
        tracing::error!(error = %err, "could not audit a rate-limit trip");
    }
    tracing::warn!(
        request_id = meta.request_id.as_deref(),
        "rate limit: too many anonymous or sign-in requests"
    );
    let body = ApiError {
        kind: ApiErrorKind::RateLimited,
        message: "Too many attempts from your network. Please wait a minute and try again.".into(),
        field: None,
        request_id: meta.request_id.clone(),
    };
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        serde_json::to_string(&body).unwrap_or_default(),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    response
}
