//! The parts of a patient's record, each a page.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A part of the record. On the wire and in addresses it is its code (`problems`, `results`…).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Problems,
    Medications,
    Allergies,
    Immunizations,
    Results,
    Vitals,
    Visits,
    Procedures,
    Documents,
    Insurance,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Problems,
        Section::Medications,
        Section::Allergies,
        Section::Immunizations,
        Section::Results,
        Section::Vitals,
        Section::Visits,
        Section::Procedures,
        Section::Documents,
        Section::Insurance,
    ];

    /// The code in addresses and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Problems => "problems",
            Self::Medications => "medications",
            Self::Allergies => "allergies",
            Self::Immunizations => "immunizations",
            Self::Results => "results",
            Self::Vitals => "vitals",
            Self::Visits => "visits",
            Self::Procedures => "procedures",
            Self::Documents => "documents",
            Self::Insurance => "insurance",
        }
    }

    /// The section a code names, if any.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// What readers see as the page's title.
    pub fn label(self) -> &'static str {
        match self {
            Self::Problems => "Problems",
            Self::Medications => "Medications",
            Self::Allergies => "Allergies",
            Self::Immunizations => "Immunizations",
            Self::Results => "Test results",
            Self::Vitals => "Vital signs",
            Self::Visits => "Visits",
            Self::Procedures => "Procedures",
            Self::Documents => "Documents",
            Self::Insurance => "Insurance",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_on_the_wire_and_in_addresses() {
        for section in Section::ALL {
            assert_eq!(Section::parse(section.as_str()), Some(section));
            let json = serde_json::to_string(&section).unwrap();
            assert_eq!(json, format!("\"{}\"", section.as_str()));
        }
        assert_eq!(Section::parse("Results"), None);
    }
}

/// A code that names no section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSection;

impl fmt::Display for UnknownSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no such part of the record")
    }
}

impl std::error::Error for UnknownSection {}

impl std::str::FromStr for Section {
    type Err = UnknownSection;

    fn from_str(code: &str) -> Result<Self, UnknownSection> {
        Self::parse(code).ok_or(UnknownSection)
    }
}
