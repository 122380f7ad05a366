//! Portico's words in each language it speaks, as Project Fluent files: a folder per [`Locale`]
//! (`domain/locales/en/`, `es/`) with a file per area of the portal ([`AREAS`]), the same message
//! ids in each language's file of an area. Pages, server messages and e-mails take
//! their text from here on the server; the browser's islands are given theirs as props, so no
//! translation machinery is shipped in the WASM.
//!
//! Clinical content from records is never translated: it stays as imported.

use std::sync::LazyLock;

use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};

pub use portico_types::Locale;

macro_rules! areas {
    ($($area:literal),*) => {
        /// The areas the words are kept in: `locales/<language>/<area>.ftl`.
        pub const AREAS: &[&str] = &[$($area),*];

        /// The Fluent sources of each language, one per area in the order of [`AREAS`], compiled in.
        pub const SOURCES: [(Locale, &[&str]); 2] = [
            (Locale::En, &[$(include_str!(concat!("../locales/en/", $area, ".ftl"))),*]),
            (Locale::Es, &[$(include_str!(concat!("../locales/es/", $area, ".ftl"))),*]),
        ];
    };
}

areas!(
    "main",
    "appointments",
    "messages",
    "renewals",
    "account",
    "records",
    "notices",
    "billing",
    "staff",
    "labels"
);

struct Catalog {
    bundles: Vec<(Locale, FluentBundle<FluentResource>)>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog {
    bundles: SOURCES
        .iter()
        .map(|(locale, sources)| (*locale, bundle(*locale, sources)))
        .collect(),
});

fn bundle(locale: Locale, sources: &[&str]) -> FluentBundle<FluentResource> {
    let language = locale
        .tag()
        .parse()
        .unwrap_or_else(|_| panic!("{locale} is a language tag"));
    let mut bundle = FluentBundle::new_concurrent(vec![language]);
    // Unicode isolation marks around arguments would end up in HTML attributes and e-mail
    // subjects; the pages set `dir` on the document instead.
    bundle.set_use_isolating(false);
    for (area, source) in AREAS.iter().zip(sources) {
        // The files are part of the build and tested (`tests/it/i18n.rs`): a syntax error or a
        // message defined in two areas is a programming error, caught before it ships.
        let resource = FluentResource::try_new((*source).to_owned())
            .unwrap_or_else(|(_, errors)| panic!("locales/{locale}/{area}.ftl: {errors:?}"));
        if let Err(errors) = bundle.add_resource(resource) {
            panic!("locales/{locale}/{area}.ftl: {errors:?}");
        }
    }
    bundle
}

/// A value for a `{ $name }` in a message.
pub enum Arg<'a> {
    Text(std::borrow::Cow<'a, str>),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Self::Text(text.into())
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Self::Text(text.as_str().into())
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Self::Text(text.into())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Self::Number(n as f64)
            }
        }
    )*};
}
number_arg!(i32, i64, u32, u64, usize);

/// The message `id` in `locale`. A message missing from a language (the tests forbid it) falls
/// back to English, then to its id.
pub fn t(locale: Locale, id: &str) -> String {
    t_args(locale, id, &[])
}

/// The message `id` in `locale`, its `{ $name }`s filled from `args`.
pub fn t_args(locale: Locale, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let value = match value {
            Arg::Text(text) => FluentValue::from(text.as_ref()),
            Arg::Number(n) => FluentValue::from(*n),
        };
        fluent_args.set(*name, value);
    }
    lookup(locale, id, Some(&fluent_args))
}

/// The message `id` in `locale`, if there is one (in it or in English): for words looked up by a
/// code that may have none (a FHIR status outside the ones Portico names).
pub fn try_t(locale: Locale, id: &str) -> Option<String> {
    [locale, Locale::En]
        .into_iter()
        .find_map(|candidate| format(candidate, id, Some(&FluentArgs::new())))
}

/// A record's status as lists show it ("entered in error"), in `locale`: Portico's word for the
/// FHIR code where it has one, else as the record has it.
pub fn fhir_status(locale: Locale, shown: &str) -> String {
    try_t(locale, &format!("fhir-status-{}", shown.replace(' ', "-")))
        .unwrap_or_else(|| shown.to_owned())
}

/// The message `id` in `locale` with its `{ $name }`s left as `{$name}`, for the browser to fill
/// in (an island's words are made on the server; see the web app's `i18n::Words`).
pub fn template(locale: Locale, id: &str) -> String {
    lookup(locale, id, None)
}

fn lookup(locale: Locale, id: &str, args: Option<&FluentArgs<'_>>) -> String {
    for candidate in [locale, Locale::En] {
        if let Some(text) = format(candidate, id, args) {
            return text;
        }
    }
    tracing::warn!(message_id = id, "no such message in any language");
    id.to_owned()
}

fn format(locale: Locale, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let (_, bundle) = CATALOG.bundles.iter().find(|(l, _)| *l == locale)?;
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    // A template (no arguments) leaves its variables as `{$name}` on purpose.
    if !errors.is_empty() && args.is_some() {
        tracing::warn!(message_id = id, %locale, ?errors, "a message was formatted with errors");
    }
    Some(text.into_owned())
}

/// The message ids a Fluent source defines, in order (for the tests that hold the languages to
/// the same set).
pub fn message_ids(source: &str) -> Result<Vec<String>, String> {
    let resource =
        FluentResource::try_new(source.to_owned()).map_err(|(_, errors)| format!("{errors:?}"))?;
    Ok(resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect())
}

/// A sentence decided where its reason is known (a refusal, an import's note) and put into words
/// where its reader is: a message id and its arguments. Made with [`said!`](crate::said); its
/// `Display` is the English (logs, the command line, tests).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Said {
    Message {
        id: std::borrow::Cow<'static, str>,
        args: Vec<(std::borrow::Cow<'static, str>, SaidValue)>,
    },
    /// Text shown as written, in every language (see [`Said::plain`]).
    Plain(String),
}

/// An argument of a [`Said`] message.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum SaidValue {
    Text(String),
    Number(f64),
    /// Another message, said in the same language (a named value's word, a nested sentence).
    Said(Box<Said>),
    /// A day, written the language's way ([`long_date`]).
    Date(chrono::NaiveDate),
    /// A day with its month shortened ([`short_date`]).
    ShortDate(chrono::NaiveDate),
}

impl Said {
    pub fn new(id: &'static str) -> Self {
        Self::Message {
            id: id.into(),
            args: Vec::new(),
        }
    }

    /// Fills `{ $name }` with `value` (plain text is left as it is: it has no arguments).
    fn arg(mut self, name: &'static str, value: SaidValue) -> Self {
        if let Self::Message { args, .. } = &mut self {
            args.push((name.into(), value));
        }
        self
    }

    /// Fills `{ $name }` with text (a count, a date or a name as the sentence shows it).
    pub fn with(self, name: &'static str, value: impl Into<SaidArg>) -> Self {
        let value = match value.into() {
            SaidArg::Text(text) => SaidValue::Text(text),
            SaidArg::Number(n) => SaidValue::Number(n),
        };
        self.arg(name, value)
    }

    /// Fills `{ $name }` with a named value's word in the reader's language.
    pub fn named<T: Named>(self, name: &'static str, value: T) -> Self {
        let word = Self::Message {
            id: named_id(value).into(),
            args: Vec::new(),
        };
        self.nested(name, word)
    }

    /// Fills `{ $name }` with a day in the reader's language ("1 December 2026",
    /// "1 de diciembre de 2026").
    pub fn date(self, name: &'static str, day: chrono::NaiveDate) -> Self {
        self.arg(name, SaidValue::Date(day))
    }

    /// Fills `{ $name }` with a day, its month shortened: "3 Mar 2024", "3 mar 2024".
    pub fn short_date(self, name: &'static str, day: chrono::NaiveDate) -> Self {
        self.arg(name, SaidValue::ShortDate(day))
    }

    /// Fills `{ $name }` with another sentence, said in the same language.
    pub fn nested(self, name: &'static str, said: Said) -> Self {
        self.arg(name, SaidValue::Said(Box::new(said)))
    }

    /// Text shown as written, in every language: what only an operator reads (configuration
    /// refused at start-up, the card processor's answers), the record's own words, and sentences
    /// stored before they were kept by id. Everything a person reads on a page is `said!`; there
    /// is no conversion from a string, so a new refusal cannot skip the language files unnoticed.
    pub fn plain(text: impl Into<String>) -> Self {
        Self::Plain(text.into())
    }

    /// The sentence as a database column keeps it (its id and arguments, as JSON; plain text as
    /// it is), to be said in its reader's language when read ([`Said::from_stored`]).
    pub fn to_stored(&self) -> String {
        match self {
            Self::Plain(text) => text.clone(),
            Self::Message { .. } => {
                serde_json::to_string(self).unwrap_or_else(|_| self.to_string())
            }
        }
    }

    /// What lists sort by: plain text as written, a message by its id (so untitled records sort
    /// together, whatever the language).
    pub fn sort_key(&self) -> &str {
        match self {
            Self::Message { id, .. } => id,
            Self::Plain(text) => text,
        }
    }

    /// A sentence [`Said::to_stored`] kept, or the text of a row written before sentences were
    /// kept by id (English, shown as written).
    pub fn from_stored(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_else(|_| Self::plain(text))
    }

    /// The message's id (empty for [`Said::plain`] text).
    pub fn id(&self) -> &str {
        match self {
            Self::Message { id, .. } => id,
            Self::Plain(_) => "",
        }
    }

    /// The sentence in `locale`.
    pub fn in_language(&self, locale: Locale) -> String {
        let (id, args) = match self {
            Self::Message { id, args } => (id, args),
            Self::Plain(text) => return text.clone(),
        };
        let args: Vec<(&str, Arg<'_>)> = args
            .iter()
            .map(|(name, value)| {
                let arg = match value {
                    SaidValue::Text(text) => Arg::Text(text.as_str().into()),
                    SaidValue::Number(n) => Arg::Number(*n),
                    SaidValue::Said(said) => Arg::Text(said.in_language(locale).into()),
                    SaidValue::Date(day) => Arg::Text(long_date(locale, *day).into()),
                    SaidValue::ShortDate(day) => Arg::Text(short_date(locale, *day).into()),
                };
                (name.as_ref(), arg)
            })
            .collect();
        t_args(locale, id, &args)
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_language(Locale::En))
    }
}

/// A value for [`Said::with`].
pub enum SaidArg {
    Text(String),
    Number(f64),
}

impl From<&str> for SaidArg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<&String> for SaidArg {
    fn from(text: &String) -> Self {
        Self::Text(text.clone())
    }
}

impl From<String> for SaidArg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

macro_rules! said_number {
    ($($t:ty),*) => {$(
        impl From<$t> for SaidArg {
            fn from(n: $t) -> Self {
                Self::Number(n as f64)
            }
        }
    )*};
}
said_number!(i32, i64, u8, u16, u32, u64, usize);

/// `said!(<id>)` or `said!(<id>, name = value, …)` with a literal id: a [`Said`] sentence. The test that every
/// message the code asks for exists finds the id here too.
#[macro_export]
macro_rules! said {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Said::new($id)$(.with(stringify!($name), $value))*
    };
}

/// A day with its month's name, the language's way: "1 December 2026", "1 de diciembre de 2026".
pub fn long_date(locale: Locale, day: chrono::NaiveDate) -> String {
    let pattern = match locale {
        Locale::En => "%-d %B %Y",
        Locale::Es => "%-d de %B de %Y",
    };
    day.format_localized(pattern, calendar(locale)).to_string()
}

/// A day with its month shortened: "3 Mar 2024", "3 mar 2024".
pub fn short_date(locale: Locale, day: chrono::NaiveDate) -> String {
    day.format_localized("%-d %b %Y", calendar(locale))
        .to_string()
}

/// The month and day names of `locale`, for chrono's `format_localized`.
pub fn calendar(locale: Locale) -> chrono::Locale {
    match locale {
        Locale::En => chrono::Locale::en_US,
        Locale::Es => chrono::Locale::es_US,
    }
}

/// The language a request asks for: the person's or the browser's explicit choice (the language
/// cookie) first, then the browser's `Accept-Language` by preference, then the clinic's default.
pub fn negotiate(chosen: Option<&str>, accept_language: Option<&str>, default: Locale) -> Locale {
    if let Some(locale) = chosen.and_then(Locale::from_tag) {
        return locale;
    }
    accept_language
        .map(accept_language::parse)
        .unwrap_or_default()
        .iter()
        .find_map(|tag| Locale::from_tag(tag))
        .unwrap_or(default)
}

/// A value that pages name with a word (a status, a topic): its message is `<KIND>-<key>`,
/// whose English text is its `label()`.
pub trait Named: Copy + 'static {
    const KIND: &'static str;
    fn all() -> &'static [Self];
    fn key(self) -> &'static str;
    fn label(self) -> &'static str;
}

/// `value`'s word in `locale`.
pub fn name<T: Named>(locale: Locale, value: T) -> String {
    t(locale, &named_id(value))
}

/// A named value's message id, `<KIND>-<key>`.
fn named_id<T: Named>(value: T) -> String {
    format!("{}-{}", T::KIND, value.key())
}

/// The words of the domain's named values, kept in `locales/*/labels.ftl` (roles, record sections
/// and a result's flag in `main.ftl`); a value's key is its code (`as_str`). A new named type goes in this list, so that
/// [`named_values`] (and so the tests) know it.
macro_rules! named {
    ($($kind:literal => $type:ty),* $(,)?) => {$(
        impl Named for $type {
            const KIND: &'static str = $kind;

            fn all() -> &'static [Self] {
                &<$type>::ALL
            }

            fn key(self) -> &'static str {
                self.as_str()
            }

            fn label(self) -> &'static str {
                <$type>::label(self)
            }
        }
    )*

        /// Every named value's message id and English word (its `label()`), for the tests.
        pub fn named_values() -> Vec<(String, &'static str)> {
            let mut out = Vec::new();
            $(
                out.extend(<$type as Named>::all().iter().map(|value| {
                    (
                        format!("{}-{}", <$type as Named>::KIND, value.key()),
                        Named::label(*value),
                    )
                }));
            )*
            out
        }
    };
}

named!(
    "role" => crate::identity::Role,
    "section" => portico_types::Section,
    "appointment-status" => crate::scheduling::AppointmentStatus,
    "message-topic" => crate::messaging::Topic,
    "message-pool" => crate::messaging::Pool,
    "conversation-status" => crate::messaging::Status,
    "scope" => crate::access::Scope,
    "grant-status" => crate::access::GrantStatus,
    "renewal-kind" => crate::renewals::Kind,
    "renewal-status" => crate::renewals::Status,
    "email-setting" => crate::notify::Optional,
    "invitation-status" => crate::identity::InvitationStatus,
    "flag" => crate::records::Flag,
    "ledger-entry" => crate::billing::EntryKind,
    "instalment-state" => crate::billing::InstalmentState,
    "card-side" => crate::billing::CardSide,
    "payment-status" => crate::billing::PaymentStatus,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_gets_its_choice_then_its_browsers_preference_then_the_default() {
        assert_eq!(
            negotiate(Some("es"), Some("en-US,en"), Locale::En),
            Locale::Es
        );
        assert_eq!(
            negotiate(None, Some("fr-FR,es-MX;q=0.8,en;q=0.5"), Locale::En),
            Locale::Es
        );
        assert_eq!(
            negotiate(None, Some("en;q=0.2,es;q=0.9"), Locale::En),
            Locale::Es
        );
        assert_eq!(
            negotiate(Some("klingon"), Some("de"), Locale::Es),
            Locale::Es
        );
        assert_eq!(negotiate(None, None, Locale::En), Locale::En);
    }

    #[test]
    fn messages_take_their_arguments_and_fall_back_to_english_then_the_id() {
        let text = t_args(
            Locale::Es,
            "nav-signed-in-as",
            &[("name", "Ana".into()), ("role", "Paciente".into())],
        );
        assert!(text.contains("Ana"), "{text}");
        assert_ne!(t(Locale::Es, "nav-home"), t(Locale::En, "nav-home"));
        assert_eq!(t(Locale::Es, "no-such-message"), "no-such-message");
        assert_eq!(template(Locale::Es, "home-hello"), "Hola, {$name}");
        assert_eq!(
            fhir_status(Locale::Es, "entered in error"),
            "registrado por error"
        );
        assert_eq!(
            fhir_status(Locale::En, "entered in error"),
            "entered in error"
        );
        assert_eq!(
            fhir_status(Locale::Es, "some local code"),
            "some local code"
        );
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a day");
        assert_eq!(long_date(Locale::En, day), "1 December 2026");
        assert_eq!(long_date(Locale::Es, day), "1 de diciembre de 2026");
    }
}
