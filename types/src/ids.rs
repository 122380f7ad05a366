//! Ids are opaque strings on the wire (`#[serde(transparent)]`, so server functions keep their
//! format). Portico makes them as UUIDs; a parsed id is 1 to 64 ASCII letters, digits, `-` or `_`,
//! which refuses NUL bytes, markup, huge strings and anything else that is no id, before any
//! service sees it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Why a text is no id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdError {
    pub kind: &'static str,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "that is not a valid {} id", self.kind)
    }
}

impl std::error::Error for IdError {}

const MAX_LEN: usize = 64;

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_LEN
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Parses an id typed or sent by a browser (surrounding spaces ignored).
            pub fn parse(text: &str) -> Result<Self, IdError> {
                let text = text.trim();
                if is_id(text) {
                    Ok(Self(text.to_owned()))
                } else {
                    Err(IdError { kind: $kind })
                }
            }

            /// An id read back from Portico's own database, which made it: not checked again.
            pub fn from_stored(id: String) -> Self {
                Self(id)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;

            fn from_str(text: &str) -> Result<Self, IdError> {
                Self::parse(text)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    };
}

id_type!(
    /// A patient: the person a record is about.
    PatientId,
    "patient"
);
id_type!(
    /// A person's account (patient, caregiver or staff).
    AccountId,
    "account"
);
id_type!(
    /// A proxy grant (caregiver or guardian access).
    GrantId,
    "grant"
);
id_type!(
    /// One stored resource of the record: a problem, a result, a document…
    EntryId,
    "entry"
);
id_type!(
    /// An activation code (invitation or account recovery), by its id, never its code.
    InvitationId,
    "invitation"
);
id_type!(
    /// One of an account's passkeys.
    PasskeyId,
    "passkey"
);
id_type!(
    /// One of an account's sessions, by its public id (never its token).
    SessionId,
    "session"
);
id_type!(
    /// A visit, booked or asked for.
    AppointmentId,
    "appointment"
);
id_type!(
    /// A bookable time of a clinician's schedule.
    SlotId,
    "slot"
);
id_type!(
    /// A conversation between a patient's side and the clinic.
    ConversationId,
    "conversation"
);
id_type!(
    /// A request to refill or renew a prescription.
    RenewalId,
    "renewal request"
);
id_type!(
    /// A payment made online through the card processor.
    PaymentId,
    "payment"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_wire_format() {
        let id = PatientId::parse("3f0c2b1e-7d4a-4c59-9e3b-0a1b2c3d4e5f").unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"3f0c2b1e-7d4a-4c59-9e3b-0a1b2c3d4e5f\"");
        assert_eq!(serde_json::from_str::<PatientId>(&json).unwrap(), id);
        assert_eq!(&*id, "3f0c2b1e-7d4a-4c59-9e3b-0a1b2c3d4e5f");
    }

    #[test]
    fn anything_that_is_no_id_is_refused() {
        for bad in [
            "",
            " ",
            "a\0b",
            "<script>",
            "../etc/passwd",
            "é",
            "a b",
            &"x".repeat(65),
        ] {
            assert!(PatientId::parse(bad).is_err(), "{bad:?}");
            let json = serde_json::to_string(bad).unwrap();
            assert!(serde_json::from_str::<EntryId>(&json).is_err(), "{bad:?}");
        }
        assert_eq!(
            GrantId::parse("nope!").unwrap_err().to_string(),
            "that is not a valid grant id"
        );
        assert_eq!(PatientId::parse(" abc ").unwrap().as_str(), "abc");
    }
}
