//! The languages Portico speaks. A person's choice is kept with their account and in a cookie;
//! without one, the browser's `Accept-Language` decides, then the clinic's default.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// A language of the interface. On the wire, in cookies and in `<html lang>` it is its BCP 47
/// tag (`en`, `es`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "es")]
    Es,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Es];

    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
        }
    }

    /// The language's name in itself, as a language switcher shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Es => "Español",
        }
    }

    /// A tag as a browser or a person may write it (`es`, `ES`, `es-MX`, `en_US`): its primary
    /// language decides.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.tag() == primary)
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A language Portico does not speak.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLocale;

impl fmt::Display for UnknownLocale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Portico speaks English (en) and Spanish (es).")
    }
}

impl std::error::Error for UnknownLocale {}

impl FromStr for Locale {
    type Err = UnknownLocale;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_tag(s).ok_or(UnknownLocale)
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn tags_read_by_their_primary_language() {
        assert_eq!(Locale::from_tag("es-MX"), Some(Locale::Es));
        assert_eq!(Locale::from_tag("EN_us"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag(""), None);
        assert_eq!(serde_json::to_string(&Locale::Es).unwrap(), "\"es\"");
        assert_eq!("es".parse::<Locale>(), Ok(Locale::Es));
    }
}
