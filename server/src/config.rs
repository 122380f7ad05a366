//! Configuration from environment variables, optionally layered over a TOML file named by
//! `PORTICO_CONFIG` whose keys are the same variable names (`PORTICO_ORIGIN = "https://…"`).
//! The environment wins over the file. Every bad value is refused at start-up with the name of
//! the setting and what it expects.

use std::{
    collections::HashMap,
    net::SocketAddr,
    path::{Path, PathBuf},
};

use portico_domain::{db::DatabaseUrl, identity::IdentitySettings};

pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;
/// The staff upload of FHIR files: 64 MiB unless `PORTICO_IMPORT_LIMIT` says otherwise.
pub const DEFAULT_IMPORT_LIMIT: usize = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{key}: {message}")]
    Invalid { key: &'static str, message: String },
    #[error("cannot read the config file {path}: {message}")]
    File { path: PathBuf, message: String },
}

fn invalid(key: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        message: message.into(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Debug)]
pub struct TlsConfig {
    pub cert_path: PathBuf,
    pub key_path: PathBuf,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub site_addr: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: DatabaseUrl,
    /// The public origin (`https://portal.example.org`): CSRF checks compare against it and it is
    /// the WebAuthn relying party.
    pub origin: Origin,
    /// True when `PORTICO_ORIGIN` was not set and the origin was derived from the address.
    pub origin_is_derived: bool,
    pub tls: Option<TlsConfig>,
    /// The largest request body accepted, in bytes, on every route.
    pub body_limit: usize,
    /// The cap on a staff record upload (`PORTICO_IMPORT_LIMIT`).
    pub import_body_limit: usize,
    /// The caps on files sent with a message (`PORTICO_ATTACHMENT_FILE_LIMIT`, 6 MB, and
    /// `PORTICO_ATTACHMENT_MESSAGE_LIMIT`, 10 MB).
    pub attachment_limits: portico_domain::messaging::AttachmentLimits,
    pub log_format: LogFormat,
    pub site_root: PathBuf,
    pub site_pkg_dir: String,
    pub output_name: String,
    pub production: bool,
    /// The port of `cargo leptos watch`'s live-reload socket (development only).
    pub reload_port: u32,
    /// Session timeouts and activation-code lifetime.
    pub identity: IdentitySettings,
    /// Requests per minute one IP address may make to the API without a session.
    pub rate_limit_per_minute: u32,
    /// Pages per minute one address may open without a session (cheaper than API calls, so a
    /// looser limit; site files are not counted).
    pub page_rate_limit_per_minute: u32,
    /// IPv6 clients are counted per network of this prefix length (a /64 is one household or
    /// one server: its addresses share one allowance).
    pub rate_limit_ipv6_prefix: u8,
    /// Take the client address from the last `X-Forwarded-For` entry (behind a reverse proxy).
    pub trust_proxy: bool,
    pub mail: MailConfig,
    /// Where the key-encryption keys for PHI at rest come from.
    pub keys: KeySource,
    /// The card processor (Stripe, or a stand-in): set when all three keys are, else patients
    /// see their bills but cannot pay online.
    pub processor: Option<portico_domain::billing::ProcessorSettings>,
    /// The language for people who chose none and whose browser asks for none Portico speaks
    /// (`PORTICO_DEFAULT_LOCALE`: `en`, the default, or `es`).
    pub default_locale: portico_domain::i18n::Locale,
}

/// The key-encryption keys: `PORTICO_KEYS` (entries `id:base64key` separated by `;`, the first
/// wraps) or the file `PORTICO_KEY_FILE` (default `<data dir>/portico.key`, created on first
/// start). Never the database.
#[derive(Clone)]
pub enum KeySource {
    File(PathBuf),
    Environment(String),
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(path) => write!(f, "KeySource::File({})", path.display()),
            Self::Environment(_) => f.write_str("KeySource::Environment(…)"),
        }
    }
}

impl KeySource {
    pub fn load(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<portico_domain::vault::KeyRing, String> {
        use portico_domain::vault::KeyRing;
        match self {
            Self::File(path) => KeyRing::load_or_create(path, now),
            Self::Environment(text) => {
                KeyRing::parse(text).map_err(|e| format!("PORTICO_KEYS: {e}"))
            }
        }
    }
}

/// Where account-security e-mail goes: an SMTP server, or (development, tests) `.eml` files in a
/// directory.
#[derive(Clone, Debug)]
pub enum MailTransport {
    Smtp(SecretUrl),
    Directory(PathBuf),
}

#[derive(Clone, Debug)]
pub struct MailConfig {
    pub transport: MailTransport,
    pub from: String,
}

/// A URL that may carry a password: never printed.
#[derive(Clone)]
pub struct SecretUrl(pub String);

impl std::fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretUrl(…)")
    }
}

/// A scheme, host and optional port, with nothing after: exactly what browsers send in `Origin`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    serialized: String,
    host: String,
}

impl Origin {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let (https, rest) = if let Some(rest) = raw.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = raw.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err("must start with https:// (or http:// for localhost)".into());
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ']) {
            return Err("must be a scheme and host with an optional port, and no path".into());
        }
        let host = match rest.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || rest.starts_with('[') => {
                if !port.chars().all(|c| c.is_ascii_digit()) || port.parse::<u16>().is_err() {
                    return Err(format!("has an invalid port {port:?}"));
                }
                host
            }
            _ => rest,
        };
        let host = host.to_ascii_lowercase();
        let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
        if !https && !loopback {
            return Err(
                "must use https:// unless the host is localhost (passkeys require it)".into(),
            );
        }
        let scheme = if https { "https" } else { "http" };
        let serialized = format!("{scheme}://{}", rest.to_ascii_lowercase());
        Ok(Self { serialized, host })
    }

    pub fn as_str(&self) -> &str {
        &self.serialized
    }

    pub fn host(&self) -> &str {
        &self.host
    }
}

/// Where configuration values come from; tests pass a map instead of the process environment.
pub trait Source {
    fn get(&self, key: &str) -> Option<String>;
}

pub struct ProcessEnv;

impl Source for ProcessEnv {
    fn get(&self, key: &str) -> Option<String> {
        std::env::var(key).ok()
    }
}

impl Source for HashMap<String, String> {
    fn get(&self, key: &str) -> Option<String> {
        HashMap::get(self, key).cloned()
    }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::load(&ProcessEnv)
    }

    pub fn load(env: &impl Source) -> Result<Self, ConfigError> {
        let file = match env.get("PORTICO_CONFIG").filter(|p| !p.is_empty()) {
            Some(path) => read_file(Path::new(&path))?,
            None => HashMap::new(),
        };
        let get = |key: &str| {
            env.get(key)
                .or_else(|| file.get(key).cloned())
                .filter(|v| !v.trim().is_empty())
        };

        let site_addr: SocketAddr = match get("LEPTOS_SITE_ADDR") {
            Some(v) => v.trim().parse().map_err(|_| {
                invalid(
                    "LEPTOS_SITE_ADDR",
                    format!("{v:?} is not an address such as 127.0.0.1:3000"),
                )
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
        };
        let data_dir = PathBuf::from(get("PORTICO_DATA_DIR").unwrap_or_else(|| ".portico".into()));
        let database_url = match get("DATABASE_URL") {
            Some(v) => {
                DatabaseUrl::parse(&v).map_err(|e| invalid("DATABASE_URL", strip_field(e)))?
            }
            None => DatabaseUrl::sqlite_file(&data_dir.join("portico.db")),
        };
        let tls = match (get("PORTICO_TLS_CERT"), get("PORTICO_TLS_KEY")) {
            (Some(cert), Some(key)) => Some(TlsConfig {
                cert_path: cert.into(),
                key_path: key.into(),
            }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(invalid(
                    "PORTICO_TLS_KEY",
                    "must be set together with PORTICO_TLS_CERT",
                ));
            }
            (None, Some(_)) => {
                return Err(invalid(
                    "PORTICO_TLS_CERT",
                    "must be set together with PORTICO_TLS_KEY",
                ));
            }
        };
        let origin_is_derived = get("PORTICO_ORIGIN").is_none();
        let origin = match get("PORTICO_ORIGIN") {
            Some(v) => {
                Origin::parse(&v).map_err(|m| invalid("PORTICO_ORIGIN", format!("{v:?} {m}")))?
            }
            None if site_addr.ip().is_loopback() => {
                let scheme = if tls.is_some() { "https" } else { "http" };
                Origin::parse(&format!("{scheme}://localhost:{}", site_addr.port()))
                    .map_err(|m| invalid("PORTICO_ORIGIN", m))?
            }
            None => {
                return Err(invalid(
                    "PORTICO_ORIGIN",
                    "must be set (for example https://portal.example.org) when serving beyond localhost",
                ));
            }
        };
        let byte_count = |name: &'static str, default: usize| match get(name) {
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if (1024..=1024 * 1024 * 1024).contains(&n) => Ok(n),
                _ => Err(invalid(
                    name,
                    format!("{v:?} is not a byte count from 1024 to 1073741824"),
                )),
            },
            None => Ok(default),
        };
        let body_limit = byte_count("PORTICO_BODY_LIMIT", DEFAULT_BODY_LIMIT)?;
        let import_body_limit = byte_count("PORTICO_IMPORT_LIMIT", DEFAULT_IMPORT_LIMIT)?;
        let attachment_limits = portico_domain::messaging::AttachmentLimits {
            per_file: byte_count(
                "PORTICO_ATTACHMENT_FILE_LIMIT",
                portico_domain::messaging::attachments::DEFAULT_FILE_LIMIT,
            )?,
            per_message: byte_count(
                "PORTICO_ATTACHMENT_MESSAGE_LIMIT",
                portico_domain::messaging::attachments::DEFAULT_MESSAGE_LIMIT,
            )?,
        };
        let log_format = match get("PORTICO_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(invalid(
                    "PORTICO_LOG_FORMAT",
                    format!("{other:?} is not text or json"),
                ));
            }
        };
        let production = match get("LEPTOS_ENV").as_deref().map(str::trim) {
            None => false,
            Some(v) if v.eq_ignore_ascii_case("dev") || v.eq_ignore_ascii_case("development") => {
                false
            }
            Some(v) if v.eq_ignore_ascii_case("prod") || v.eq_ignore_ascii_case("production") => {
                true
            }
            Some(other) => {
                return Err(invalid(
                    "LEPTOS_ENV",
                    format!("{other:?} is not DEV or PROD"),
                ));
            }
        };

        let reload_port = match get("LEPTOS_RELOAD_PORT") {
            Some(v) => v
                .trim()
                .parse::<u16>()
                .map_err(|_| invalid("LEPTOS_RELOAD_PORT", format!("{v:?} is not a port number")))?
                .into(),
            None => 3001,
        };

        let number = |key: &'static str, default: u32, range: std::ops::RangeInclusive<u32>| {
            match get(key) {
                Some(v) => match v.trim().parse::<u32>() {
                    Ok(n) if range.contains(&n) => Ok(n),
                    _ => Err(invalid(
                        key,
                        format!(
                            "{v:?} is not a whole number from {} to {}",
                            range.start(),
                            range.end()
                        ),
                    )),
                },
                None => Ok(default),
            }
        };
        let default_locale = match get("PORTICO_DEFAULT_LOCALE") {
            None => portico_domain::i18n::Locale::En,
            Some(tag) => tag
                .parse()
                .map_err(|e| invalid("PORTICO_DEFAULT_LOCALE", format!("{tag:?}: {e}")))?,
        };
        let defaults = IdentitySettings::default();
        let identity = IdentitySettings {
            idle_timeout: chrono::Duration::minutes(
                number("PORTICO_IDLE_TIMEOUT_MINUTES", 15, 2..=120)?.into(),
            ),
            absolute_lifetime: chrono::Duration::hours(
                number("PORTICO_SESSION_LIFETIME_HOURS", 12, 1..=24)?.into(),
            ),
            activation_code_ttl: chrono::Duration::days(
                number("PORTICO_ACTIVATION_CODE_DAYS", 14, 1..=90)?.into(),
            ),
            step_up_window: chrono::Duration::seconds(
                number("PORTICO_STEP_UP_SECONDS", 600, 5..=600)?.into(),
            ),
            default_locale,
            ..defaults
        };
        let rate_limit_per_minute = number("PORTICO_RATE_LIMIT_PER_MINUTE", 30, 1..=100_000)?;
        let page_rate_limit_per_minute =
            number("PORTICO_PAGE_RATE_LIMIT_PER_MINUTE", 300, 1..=1_000_000)?;
        let rate_limit_ipv6_prefix =
            u8::try_from(number("PORTICO_RATE_LIMIT_IPV6_PREFIX", 64, 32..=128)?).unwrap_or(64);
        let trust_proxy = match get("PORTICO_TRUST_PROXY").as_deref().map(str::trim) {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(invalid(
                    "PORTICO_TRUST_PROXY",
                    format!("{other:?} is not true or false"),
                ));
            }
        };
        let mail = MailConfig {
            transport: match get("PORTICO_SMTP_URL") {
                Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => {
                    MailTransport::Smtp(SecretUrl(url))
                }
                Some(_) => {
                    return Err(invalid(
                        "PORTICO_SMTP_URL",
                        "must start with smtps:// or smtp:// (smtp://host:587?tls=required for STARTTLS)",
                    ));
                }
                None => MailTransport::Directory(
                    get("PORTICO_MAIL_DIR")
                        .map(PathBuf::from)
                        .unwrap_or_else(|| data_dir.join("outbox")),
                ),
            },
            from: get("PORTICO_MAIL_FROM").unwrap_or_else(|| "Portico <portico@localhost>".into()),
        };

        let keys = match get("PORTICO_KEYS") {
            Some(text) => {
                portico_domain::vault::KeyRing::parse(&text)
                    .map_err(|e| invalid("PORTICO_KEYS", e.to_string()))?;
                KeySource::Environment(text)
            }
            None => KeySource::File(
                get("PORTICO_KEY_FILE")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| data_dir.join("portico.key")),
            ),
        };

        let processor = match (
            get("PORTICO_STRIPE_SECRET_KEY"),
            get("PORTICO_STRIPE_PUBLISHABLE_KEY"),
            get("PORTICO_STRIPE_WEBHOOK_SECRET"),
        ) {
            (None, None, None) => None,
            (Some(secret), Some(publishable), Some(webhook)) => {
                let url = |key: &'static str, default: &str| -> Result<url::Url, ConfigError> {
                    let text = get(key).unwrap_or_else(|| default.to_owned());
                    let parsed = url::Url::parse(text.trim())
                        .map_err(|e| invalid(key, format!("{text:?} is not a URL: {e}")))?;
                    if !matches!(parsed.scheme(), "https" | "http") {
                        return Err(invalid(key, "must be an https:// (or http://) URL"));
                    }
                    Ok(parsed)
                };
                Some(portico_domain::billing::ProcessorSettings {
                    api_base: url("PORTICO_STRIPE_API_BASE", "https://api.stripe.com")?,
                    script_url: url("PORTICO_STRIPE_SCRIPT_URL", "https://js.stripe.com/v3/")?,
                    secret_key: portico_domain::secrets::Secret::configured(secret),
                    publishable_key: publishable,
                    webhook_secret: portico_domain::secrets::Secret::configured(webhook),
                })
            }
            _ => {
                return Err(invalid(
                    "PORTICO_STRIPE_SECRET_KEY",
                    "set it with PORTICO_STRIPE_PUBLISHABLE_KEY and PORTICO_STRIPE_WEBHOOK_SECRET, or none of them",
                ));
            }
        };

        Ok(Self {
            processor,
            keys,
            identity,
            rate_limit_per_minute,
            page_rate_limit_per_minute,
            rate_limit_ipv6_prefix,
            default_locale,
            trust_proxy,
            mail,
            site_addr,
            data_dir,
            database_url,
            origin,
            origin_is_derived,
            tls,
            body_limit,
            import_body_limit,
            attachment_limits,
            log_format,
            site_root: get("LEPTOS_SITE_ROOT")
                .unwrap_or_else(|| "target/site".into())
                .into(),
            site_pkg_dir: get("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|| "pkg".into()),
            output_name: get("LEPTOS_OUTPUT_NAME").unwrap_or_else(|| "portico".into()),
            production,
            reload_port,
        })
    }

    pub fn leptos_options(&self) -> leptos::config::LeptosOptions {
        leptos::config::LeptosOptions::builder()
            .output_name(self.output_name.as_str())
            .site_root(self.site_root.to_string_lossy().as_ref())
            .site_pkg_dir(self.site_pkg_dir.as_str())
            .site_addr(self.site_addr)
            .reload_port(self.reload_port)
            .env(if self.production {
                leptos::config::Env::PROD
            } else {
                leptos::config::Env::DEV
            })
            .build()
    }
}

fn strip_field(err: portico_domain::DomainError) -> String {
    match err {
        portico_domain::DomainError::Validation { message, .. } => message.to_string(),
        other => other.to_string(),
    }
}

fn read_file(path: &Path) -> Result<HashMap<String, String>, ConfigError> {
    let file_err = |message: String| ConfigError::File {
        path: path.to_owned(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| file_err(e.to_string()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| file_err(e.message().to_owned()))?;
    table
        .into_iter()
        .map(|(key, value)| {
            let value = match value {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                other => {
                    return Err(file_err(format!(
                        "{key}: expected a string or number, found {}",
                        other.type_str()
                    )));
                }
            };
            Ok((key, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::load(&env)
    }

    fn key_of(err: ConfigError) -> &'static str {
        match err {
            ConfigError::Invalid { key, .. } => key,
            ConfigError::File { .. } => "file",
        }
    }

    #[test]
    fn defaults_serve_localhost_on_sqlite() {
        let config = load(&[]).unwrap();
        assert_eq!(config.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.origin.as_str(), "http://localhost:3000");
        assert!(
            config
                .database_url
                .as_str()
                .starts_with("sqlite://.portico/portico.db")
        );
        assert_eq!(config.body_limit, DEFAULT_BODY_LIMIT);
        assert!(config.tls.is_none());
        assert_eq!(config.leptos_options().reload_port, 3001);
        let watched = load(&[("LEPTOS_RELOAD_PORT", "3201")]).unwrap();
        assert_eq!(watched.leptos_options().reload_port, 3201);
    }

    #[test]
    fn bad_values_name_their_setting() {
        assert_eq!(
            key_of(load(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err()),
            "LEPTOS_SITE_ADDR"
        );
        assert_eq!(
            key_of(load(&[("DATABASE_URL", "mysql://x")]).unwrap_err()),
            "DATABASE_URL"
        );
        assert_eq!(
            key_of(load(&[("PORTICO_ORIGIN", "portal.example.org")]).unwrap_err()),
            "PORTICO_ORIGIN"
        );
        assert_eq!(
            key_of(load(&[("PORTICO_BODY_LIMIT", "lots")]).unwrap_err()),
            "PORTICO_BODY_LIMIT"
        );
        assert_eq!(
            key_of(load(&[("PORTICO_TLS_CERT", "/c.pem")]).unwrap_err()),
            "PORTICO_TLS_KEY"
        );
        assert_eq!(
            key_of(load(&[("PORTICO_LOG_FORMAT", "xml")]).unwrap_err()),
            "PORTICO_LOG_FORMAT"
        );
        assert_eq!(
            key_of(load(&[("LEPTOS_ENV", "staging")]).unwrap_err()),
            "LEPTOS_ENV"
        );
    }

    #[test]
    fn a_public_address_needs_an_explicit_origin() {
        assert_eq!(
            key_of(load(&[("LEPTOS_SITE_ADDR", "0.0.0.0:443")]).unwrap_err()),
            "PORTICO_ORIGIN"
        );
        let config = load(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:443"),
            ("PORTICO_ORIGIN", "https://Portal.Example.org/"),
        ])
        .unwrap();
        assert_eq!(config.origin.as_str(), "https://portal.example.org");
    }

    #[test]
    fn origins_must_be_https_except_on_localhost() {
        assert!(Origin::parse("http://portal.example.org").is_err());
        assert!(Origin::parse("https://portal.example.org/path").is_err());
        assert!(Origin::parse("https://portal.example.org:99999").is_err());
        assert_eq!(
            Origin::parse("http://localhost:3000").unwrap().host(),
            "localhost"
        );
        assert_eq!(
            Origin::parse("https://portal.example.org:8443")
                .unwrap()
                .host(),
            "portal.example.org"
        );
    }

    #[test]
    fn the_environment_overrides_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("portico.toml");
        std::fs::write(
            &path,
            "PORTICO_DATA_DIR = \"/srv/portico\"\nPORTICO_BODY_LIMIT = 2048\n",
        )
        .unwrap();
        let path = path.to_str().unwrap();
        let config = load(&[("PORTICO_CONFIG", path), ("PORTICO_BODY_LIMIT", "4096")]).unwrap();
        assert_eq!(config.data_dir, PathBuf::from("/srv/portico"));
        assert_eq!(config.body_limit, 4096);
    }

    #[test]
    fn an_unreadable_config_file_is_an_error() {
        assert!(matches!(
            load(&[("PORTICO_CONFIG", "/nonexistent/portico.toml")]),
            Err(ConfigError::File { .. })
        ));
    }
}
