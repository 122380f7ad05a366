//! Building and running the web server: database, migrations, routes, layers, listener.

use std::{convert::Infallible, net::SocketAddr, sync::Arc, time::Duration};

use app::{App, api::server_context::ServerContext, shell};
use axum::{
    Router,
    extract::{FromRef, Request},
    middleware::{from_fn, from_fn_with_state, map_request},
    response::Response,
    routing::get,
};
use axum_server::{Handle, tls_rustls::RustlsConfig};
use http::{HeaderValue, StatusCode, header, request::Parts};
use leptos::{config::LeptosOptions, nonce::Nonce, prelude::*};
use leptos_axum::{LeptosRoutes, generate_route_list};
use portico_domain::{
    Core, DatabaseConnection, Services,
    access::AlertThresholds,
    clock::SystemClock,
    db,
    identity::{Identity, RelyingParty},
};
use tower::{ServiceBuilder, ServiceExt, service_fn};
use tower_http::{
    catch_panic::CatchPanicLayer, request_id::SetRequestIdLayer, services::ServeDir,
    timeout::TimeoutLayer, trace::TraceLayer,
};

use crate::{
    config::{Config, Origin},
    health,
    mail::{MailError, Mailer},
    middleware::{
        body_limit::{BodyLimit, limit_body},
        csrf::csrf_guard,
        panic_page::{panic_response, render_panic_page},
        rate_limit::{AnonymousRateLimit, limit_anonymous_requests},
        request_id::{
            LogFailure, LogResponse, MakeUuid, REQUEST_ID, RequestSpan, drop_client_request_id,
        },
        security_headers::{CspNonce, CspSettings, LIVE_RELOAD, security_headers},
        session::{SessionLayer, resolve_session},
    },
    tls,
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Database(#[from] portico_domain::DomainError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error("encryption keys: {0}")]
    Keys(String),
}

/// The longest any request may take, start to response headers.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
}

pub struct Application {
    local_addr: SocketAddr,
    origin: Origin,
    db: DatabaseConnection,
    services: Services,
    /// Seals PHI at rest; the records issue's storage uses it.
    vault: portico_domain::vault::Vault,
    router: Router,
    listener: std::net::TcpListener,
    tls: Option<RustlsConfig>,
    handle: Handle<SocketAddr>,
}

impl Application {
    pub async fn build(mut config: Config) -> Result<Self, StartupError> {
        std::fs::create_dir_all(&config.data_dir).map_err(|source| StartupError::DataDir {
            path: config.data_dir.display().to_string(),
            source,
        })?;
        let db = db::connect(&config.database_url).await?;
        db::migrate(&db).await?;
        // Refuses to start with a key file that does not open the stored data keys.
        let ring = config
            .keys
            .load(chrono::Utc::now())
            .map_err(StartupError::Keys)?;
        let vault = portico_domain::vault::Vault::unlock(&db, &ring, chrono::Utc::now()).await?;
        seal_plaintext(&db, &vault).await?;

        let tls = match &config.tls {
            Some(tls_config) => Some(RustlsConfig::from_config(tls::server_config(tls_config)?)),
            None => None,
        };
        let listener =
            std::net::TcpListener::bind(config.site_addr).map_err(|source| StartupError::Bind {
                addr: config.site_addr,
                source,
            })?;
        let local_addr = listener.local_addr().map_err(|source| StartupError::Bind {
            addr: config.site_addr,
            source,
        })?;
        if config.origin_is_derived && config.site_addr.port() == 0 {
            // Bound to a port chosen by the OS (tests): the derived origin must name that port.
            let scheme = if tls.is_some() { "https" } else { "http" };
            config.origin = Origin::parse(&format!("{scheme}://localhost:{}", local_addr.port()))
                .expect("a localhost origin is valid");
        }
        config.site_addr = local_addr;

        let services = build_services(&config, db.clone(), vault.clone())?;
        let refreshed = services.records.refresh_projections().await?;
        if refreshed > 0 {
            tracing::info!(
                rows = refreshed,
                "record rows stored by an earlier version indexed for the record pages"
            );
        }
        let interrupted = services.records.interrupt_unfinished_imports().await?;
        if interrupted > 0 {
            tracing::warn!(
                jobs = interrupted,
                "import jobs cut short by the last stop marked interrupted (they stored nothing)"
            );
        }
        Mailer::new(&config.mail)?.spawn(db.clone(), vault.clone());
        spawn_session_sweeper(services.clone(), config.origin.as_str().to_owned());
        let router = router(&config, db.clone(), services.clone());
        Ok(Self {
            local_addr,
            origin: config.origin,
            db,
            services,
            vault,
            router,
            listener,
            tls,
            handle: Handle::new(),
        })
    }

    pub fn port(&self) -> u16 {
        self.local_addr.port()
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn identity(&self) -> &Identity {
        &self.services.identity
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    pub fn vault(&self) -> &portico_domain::vault::Vault {
        &self.vault
    }

    /// A handle that stops the server: `graceful_shutdown` lets requests in flight finish.
    pub fn handle(&self) -> Handle<SocketAddr> {
        self.handle.clone()
    }

    pub fn listening_url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.local_addr)
    }

    /// Serves until the handle is told to shut down.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        match self.tls {
            Some(tls) => {
                axum_server::from_tcp_rustls(self.listener, tls)?
                    .handle(self.handle)
                    .serve(service)
                    .await
            }
            None => {
                axum_server::from_tcp(self.listener)?
                    .handle(self.handle)
                    .serve(service)
                    .await
            }
        }
    }

    /// Serves until SIGINT or SIGTERM, then lets requests in flight finish (up to 30 s).
    pub async fn run_until_signalled(self) -> std::io::Result<()> {
        let handle = self.handle();
        tokio::spawn(async move {
            shutdown_signal().await;
            tracing::info!("shutting down: finishing requests in flight");
            handle.graceful_shutdown(Some(Duration::from_secs(30)));
        });
        self.run_until_stopped().await
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Ends sessions past their limits once a minute, so that every timeout is audited even when
/// the browser never returns; ends guardian grants of patients who have come of age; and, at
/// start and then hourly, lays out the schedule's slots through the booking horizon; queues
/// the visit reminders that are due (their e-mails link to `origin`); every quarter hour, the
/// staff's inbox digests; and each minute, scans the audit log for anomalies.
///
/// Several instances may serve one database: only the one holding the `sweeper` lease works in a
/// given minute (it renews the lease each time; if it stops, another takes over within
/// [`SWEEPER_LEASE`]).
/// How long the sweeper's lease lasts without renewal: an instance that stops hands the work to
/// another within this.
const SWEEPER_LEASE: chrono::Duration = chrono::Duration::minutes(3);

fn spawn_session_sweeper(services: Services, origin: String) {
    let holder = uuid::Uuid::new_v4().to_string();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        let mut minutes: u64 = 0;
        loop {
            tick.tick().await;
            let now = services.identity.now();
            match portico_domain::lease::try_take(
                services.identity.db(),
                "sweeper",
                &holder,
                now,
                SWEEPER_LEASE,
            )
            .await
            {
                Ok(true) => {}
                Ok(false) => continue,
                Err(err) => {
                    tracing::error!(error = %err, "cannot take the sweeper's lease");
                    continue;
                }
            }
            if minutes.is_multiple_of(60) {
                match services.scheduling.generate_slots(None).await {
                    Ok(0) => {}
                    Ok(added) => tracing::info!(added, "schedule slots laid out"),
                    Err(err) => tracing::error!(error = %err, "laying out slots failed"),
                }
            }
            minutes += 1;
            let meta = portico_domain::audit::RequestMeta {
                user_agent: Some("portico-session-sweeper".into()),
                ..Default::default()
            };
            if let Err(err) = services.identity.sweep_expired_sessions(&meta).await {
                tracing::error!(error = %err, "session sweep failed");
            }
            if minutes % 15 == 1 {
                match services.messaging.send_staff_digests().await {
                    Ok(0) => {}
                    Ok(queued) => tracing::info!(queued, "inbox digests queued"),
                    Err(err) => tracing::error!(error = %err, "inbox digests failed"),
                }
            }
            match services.scheduling.send_due_reminders(&origin, &meta).await {
                Ok(0) => {}
                Ok(queued) => tracing::info!(queued, "visit reminders queued"),
                Err(err) => tracing::error!(error = %err, "visit reminders failed"),
            }
            match services
                .access
                .scan_for_anomalies(&AlertThresholds::default())
                .await
            {
                Ok(0) => {}
                Ok(alerts) => tracing::warn!(alerts, "security alerts recorded"),
                Err(err) => tracing::error!(error = %err, "anomaly scan failed"),
            }
            // Guardian access already stops on the patient's birthday (the policy checks age on
            // every request); this records the end so the sharing pages and audit log show it.
            match services.access.end_guardian_grants_at_majority().await {
                Ok(0) => {}
                Ok(ended) => tracing::info!(ended, "guardian grants ended at the age of majority"),
                Err(err) => tracing::error!(error = %err, "guardian grant sweep failed"),
            }
        }
    });
}

/// Seals identifying values that an earlier version stored as plaintext (a no-op once done; see
/// `portico_domain::phi::seal_plaintext`). Runs right after the vault opens, before anything
/// reads them. Logs counts only.
pub async fn seal_plaintext(
    db: &DatabaseConnection,
    vault: &portico_domain::vault::Vault,
) -> Result<(), portico_domain::DomainError> {
    let report = portico_domain::phi::seal_plaintext(db, vault).await?;
    if report.total() > 0 {
        tracing::info!(
            patients = report.patients,
            accounts = report.accounts,
            activation_codes = report.activation_codes,
            proxy_grants = report.proxy_grants,
            emails = report.emails,
            passkeys = report.passkeys,
            "sealed identifying values stored as plaintext by an earlier version"
        );
    }
    Ok(())
}

/// Every area's service, with identity bound to the configured origin (the WebAuthn relying
/// party).
pub fn build_services(
    config: &Config,
    db: DatabaseConnection,
    vault: portico_domain::vault::Vault,
) -> Result<Services, StartupError> {
    let origin = webauthn_rs_url(config.origin.as_str())?;
    let mut services = Services::new(
        Core::new(db, vault, Arc::new(SystemClock)),
        &RelyingParty {
            origin,
            name: "Portico".into(),
        },
        config.identity,
    )?;
    if let Some(settings) = &config.processor {
        let processor = portico_domain::billing::Processor::new(settings.clone())?;
        services.billing = services.billing.clone().with_processor(processor);
    }
    Ok(services)
}

fn webauthn_rs_url(origin: &str) -> Result<portico_domain::identity::Url, StartupError> {
    portico_domain::identity::Url::parse(origin).map_err(|e| {
        StartupError::Database(portico_domain::DomainError::validation(
            "PORTICO_ORIGIN",
            portico_domain::i18n::Said::plain(format!("is not a URL: {e}")),
        ))
    })
}

/// Every route and every layer. Layers listed last run first on the way in.
pub fn router(config: &Config, db: DatabaseConnection, services: Services) -> Router {
    let identity = services.identity.clone();
    let leptos_options = config.leptos_options();
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
    };
    let server_context = ServerContext {
        db,
        identity: services.identity.clone(),
        access: services.access.clone(),
        records: services.records.clone(),
        scheduling: services.scheduling.clone(),
        messaging: services.messaging.clone(),
        renewals: services.renewals.clone(),
        billing: services.billing.clone(),
        attachment_limits: config.attachment_limits,
        origin: config.origin.as_str().to_owned(),
    };
    let files = crate::files::Files {
        access: services.access.clone(),
        messaging: services.messaging.clone(),
        billing: services.billing.clone(),
        records: services.records.clone(),
    };
    let rate_limit = AnonymousRateLimit::new(
        crate::middleware::rate_limit::Limits {
            api_per_minute: config.rate_limit_per_minute,
            pages_per_minute: config.page_rate_limit_per_minute,
            ipv6_prefix: config.rate_limit_ipv6_prefix,
        },
        identity.clone(),
    );
    let context = move || {
        provide_context(server_context.clone());
        provide_request_nonce();
    };
    let render_shell = {
        let options = leptos_options.clone();
        move || shell(options.clone()).into_any()
    };
    let routes = app_routes();
    let mut csp = CspSettings {
        live_reload_port: LIVE_RELOAD.then_some(leptos_options.reload_port),
        processor: None,
    };
    if let Some(processor) = &config.processor {
        csp = csp.with_processor(processor);
    }
    let billing = services.billing.clone();

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/offline", get(crate::offline::offline_page))
        .route(app::i18n::LANGUAGE_PATH, {
            let identity = identity.clone();
            axum::routing::post(move |request| {
                crate::middleware::language::choose_language(identity.clone(), request)
            })
        })
        .route(
            crate::webhooks::STRIPE_PATH,
            axum::routing::post(move |request| {
                crate::webhooks::stripe_event(billing.clone(), request)
            }),
        )
        .route(
            "/files/messages/{patient}/{conversation}/{file}",
            get({
                let files = files.clone();
                move |path, request| crate::files::message_file(files.clone(), path, request)
            }),
        )
        .route(
            "/files/insurance/{patient}/{side}",
            get({
                let files = files.clone();
                move |path, request| crate::files::insurance_card(files.clone(), path, request)
            }),
        )
        .route(
            "/files/records/{patient}/{entry}/{index}",
            get(move |path, request| crate::files::record_file(files.clone(), path, request)),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), render_shell.clone())
        .fallback_service(static_files(config, context, render_shell))
        .with_state(state)
        // Innermost: the body is read only for a request the layers outside let through.
        .layer(from_fn_with_state(
            BodyLimit {
                default: config.body_limit,
                import: config.import_body_limit,
                // The files of one message, and room for the form's other fields.
                attachments: config.attachment_limits.per_message + 64 * 1024,
            },
            limit_body,
        ))
        .layer(from_fn_with_state(rate_limit, limit_anonymous_requests))
        .layer(from_fn_with_state(
            SessionLayer {
                identity,
                trust_proxy: config.trust_proxy,
            },
            resolve_session,
        ))
        .layer(
            ServiceBuilder::new()
                .layer(map_request(drop_client_request_id))
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(RequestSpan)
                        .on_response(LogResponse)
                        .on_failure(LogFailure),
                )
                .layer(from_fn_with_state(csp, security_headers))
                .layer(from_fn_with_state(
                    config.default_locale,
                    crate::middleware::language::resolve_language,
                ))
                .layer(from_fn_with_state(
                    Arc::new(config.origin.clone()),
                    csrf_guard,
                ))
                // No request may hold a connection forever: a render that never finishes (Leptos
                // has had SSR stalls, see `app_routes` and leptos issue 4851) becomes a 503
                // instead.
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    REQUEST_TIMEOUT,
                ))
                .layer(from_fn(render_panic_page))
                .layer(CatchPanicLayer::custom(panic_response)),
        )
}

/// The app's routes, found once per process. Leptos finds them by rendering the app with resource
/// loading suppressed through a process-wide flag, and a resource first polled while that flag is
/// set never loads (leptos issue 4773): a page rendering in another router of the same process
/// (the HTTP tests build dozens) would hang until the request timeout. Found once, before any
/// router exists, nothing can be rendering at that moment.
fn app_routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Site files (the WASM bundle, CSS, icons, manifest), served precompressed when a `.br` or `.gz`
/// sibling exists. Anything else is rendered by the app, whose router answers 404.
fn static_files(
    config: &Config,
    context: impl Fn() + Clone + Send + Sync + 'static,
    render_shell: impl Fn() -> AnyView + Clone + Send + Sync + 'static,
) -> tower::util::BoxCloneSyncService<Request, Response, Infallible> {
    let render_app = leptos_axum::render_app_to_stream_with_context(context, render_shell);
    let not_found = service_fn(move |request: Request| {
        let render_app = render_app.clone();
        async move { Ok::<_, Infallible>(render_app(request).await) }
    });
    let files = ServeDir::new(&config.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .call_fallback_on_method_not_allowed(true)
        .fallback(not_found);
    tower::util::BoxCloneSyncService::new(files.map_response(|response| {
        let mut response = response.map(axum::body::Body::new);
        // A page fetches dozens of these files whole; saying that ranges work costs each one
        // bytes that no browser uses for them.
        response.headers_mut().remove(header::ACCEPT_RANGES);
        let cacheable = matches!(
            response.status(),
            StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT
        ) && !response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
        if cacheable {
            // Public, PHI-free files: cache, but revalidate so a new release shows at once.
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        response
    }))
}

/// Hands the nonce that `security_headers` put in the CSP header to Leptos, whose hydration
/// scripts then carry the same value.
fn provide_request_nonce() {
    if let Some(nonce) =
        use_context::<Parts>().and_then(|parts| parts.extensions.get::<CspNonce>().cloned())
    {
        provide_context(Nonce::from_value(nonce.0));
    }
}
