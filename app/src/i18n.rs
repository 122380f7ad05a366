//! The page's language. Text comes from the domain's Fluent files (`domain/locales/*.ftl`) on the
//! server, in the language the server resolved for the request (the person's choice, then the
//! browser's `Accept-Language`, then the clinic's default). Pages render on the server only, so
//! this costs the WASM nothing. An island also runs in the browser: it is given the messages it
//! shows as a prop ([`Words`], made on the server) and provides them first thing, so that [`t`]
//! and [`t_args`] inside it read the same words in the browser as on the server.

use leptos::prelude::{provide_context, use_context};
pub use portico_types::Locale;
use serde::{Deserialize, Serialize};

/// The cookie that keeps a browser's choice of language (not a secret: HttpOnly only because no
/// script needs it).
pub const LANGUAGE_COOKIE: &str = "__Host-portico_lang";

/// Where the language switcher posts (`lang`, `back`): sets the cookie and, for a signed-in
/// person, their account's language, then goes back to `back`.
pub const LANGUAGE_PATH: &str = "/language";

/// A year: the choice outlives sessions (it is no secret and names no one).
#[cfg(feature = "ssr")]
const LANGUAGE_COOKIE_SECONDS: u32 = 365 * 24 * 60 * 60;

/// The `Set-Cookie` value that keeps `locale` in this browser.
#[cfg(feature = "ssr")]
pub fn language_cookie(locale: Locale) -> String {
    format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={LANGUAGE_COOKIE_SECONDS}",
        locale.tag()
    )
}

/// The language of the request being rendered or answered.
#[cfg(feature = "ssr")]
pub fn locale() -> Locale {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Locale>().copied())
        .unwrap_or_default()
}

/// Only islands run in the browser, and they take their words as props.
#[cfg(not(feature = "ssr"))]
pub fn locale() -> Locale {
    Locale::default()
}

/// A value for a `{ $name }` of a message.
pub enum Arg {
    Text(String),
    Number(i64),
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Text(text) => f.write_str(text),
            Self::Number(n) => write!(f, "{n}"),
        }
    }
}

/// The sentences a server function's call can end with in the browser, before any answer of the
/// server (which says its own errors in the page's language): every island has them.
pub const ERROR_WORDS: [&str; 3] = ["error-unreadable", "error-unreachable", "error-internal"];

/// An island's words: the messages it shows, in the page's language, made on the server and sent
/// with the island's props (their `{ $name }`s left as `{$name}` for the browser to fill in).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words(Vec<(String, String)>);

impl Words {
    /// The messages `ids` in the request's language, and the sentences any island may show when
    /// a server function fails before the server could answer ([`ERROR_WORDS`]).
    #[cfg(feature = "ssr")]
    pub fn of(ids: &[&str]) -> Self {
        let mut words = Self::only(ids);
        words.0.extend(Self::only(&ERROR_WORDS).0);
        words
    }

    #[cfg(feature = "ssr")]
    fn only(ids: &[&str]) -> Self {
        let locale = locale();
        Self(
            ids.iter()
                .map(|id| ((*id).to_owned(), portico_domain::i18n::template(locale, id)))
                .collect(),
        )
    }

    /// Islands are created by the server's render; the browser receives their props.
    #[cfg(not(feature = "ssr"))]
    pub fn of(_ids: &[&str]) -> Self {
        Self::default()
    }

    /// These words and the messages `ids` (those of a component the island holds).
    #[must_use]
    #[cfg(feature = "ssr")]
    pub fn and(mut self, ids: &[&str]) -> Self {
        self.0.extend(Self::only(ids).0);
        self
    }

    /// Islands are created by the server's render; the browser receives their props.
    #[cfg(not(feature = "ssr"))]
    pub fn and(self, _ids: &[&str]) -> Self {
        self
    }

    /// Makes these the words that [`t`] reads in this island (its first line).
    pub fn provide(self) {
        provide_context(self);
    }

    #[cfg_attr(feature = "ssr", allow(dead_code))]
    fn get(&self, id: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(known, _)| known == id)
            .map(|(_, text)| text.as_str())
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Self::Text(text.clone())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// The message `id` in the request's language.
pub fn t(id: &str) -> String {
    t_args(id, Vec::new())
}

/// The message `id` in the request's language, its `{ $name }`s filled from `args`.
#[cfg(feature = "ssr")]
pub fn t_args(id: &str, args: Vec<(&str, Arg)>) -> String {
    use portico_domain::i18n;
    let args: Vec<(&str, i18n::Arg<'_>)> = args
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                Arg::Text(text) => i18n::Arg::Text(text.into()),
                Arg::Number(n) => i18n::Arg::from(n),
            };
            (name, value)
        })
        .collect();
    i18n::t_args(locale(), id, &args)
}

/// In the browser only islands run: the island's [`Words`] hold the message. One it did not ask
/// for shows as its id (the browser tests in Spanish would see it).
#[cfg(not(feature = "ssr"))]
pub fn t_args(id: &str, args: Vec<(&str, Arg)>) -> String {
    let Some(template) = use_context::<Words>().and_then(|w| w.get(id).map(str::to_owned)) else {
        return id.to_owned();
    };
    args.into_iter().fold(template, |text, (name, value)| {
        text.replace(&format!("{{${name}}}"), &value.to_string())
    })
}
