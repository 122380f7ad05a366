//! What a permission is about. Every patient-facing feature belongs to exactly one scope; a proxy
//! grant lists scopes, and each staff role maps to the scopes its work needs.

use std::{collections::BTreeSet, fmt};

use serde::{Deserialize, Serialize};

use crate::{DomainError, DomainResult, said};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Scope {
    /// Problems, medications, allergies, immunizations, visits, documents, demographics.
    Records,
    /// Lab and imaging results.
    Results,
    Appointments,
    Messages,
    Refills,
    /// Statements, insurance, payments.
    Billing,
    /// Who else may see the record, and the record of who did.
    ManageAccess,
}

impl Scope {
    pub const ALL: [Scope; 7] = [
        Self::Records,
        Self::Results,
        Self::Appointments,
        Self::Messages,
        Self::Refills,
        Self::Billing,
        Self::ManageAccess,
    ];

    /// What a patient may share with a caregiver: everything except deciding who else gets in.
    pub const GRANTABLE: [Scope; 6] = [
        Self::Records,
        Self::Results,
        Self::Appointments,
        Self::Messages,
        Self::Refills,
        Self::Billing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Records => "records",
            Self::Results => "results",
            Self::Appointments => "appointments",
            Self::Messages => "messages",
            Self::Refills => "refills",
            Self::Billing => "billing",
            Self::ManageAccess => "manage-access",
        }
    }

    pub fn parse(value: &str) -> DomainResult<Self> {
        Self::ALL
            .into_iter()
            .find(|scope| scope.as_str() == value.trim())
            .ok_or_else(|| {
                DomainError::validation(
                    "scopes",
                    said!(
                        "perm-scope-unknown",
                        scope = value.trim(),
                        names = Self::names()
                    ),
                )
            })
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Records => "Health record",
            Self::Results => "Test results",
            Self::Appointments => "Appointments",
            Self::Messages => "Messages",
            Self::Refills => "Prescription refills",
            Self::Billing => "Bills and insurance",
            Self::ManageAccess => "Sharing and access log",
        }
    }

    fn names() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of scopes, stored as comma-separated names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes(BTreeSet<Scope>);

impl Scopes {
    pub fn new(scopes: impl IntoIterator<Item = Scope>) -> Self {
        Self(scopes.into_iter().collect())
    }

    /// Parses a stored or typed list (`records,results`); empty items are ignored.
    pub fn parse(list: &str) -> DomainResult<Self> {
        list.split(',')
            .filter(|item| !item.trim().is_empty())
            .map(Scope::parse)
            .collect::<DomainResult<BTreeSet<_>>>()
            .map(Self)
    }

    /// Scopes a patient chose for a caregiver: at least one, never `manage-access`.
    pub fn parse_grantable(items: &[String]) -> DomainResult<Self> {
        let scopes = Self::parse(&items.join(","))?;
        if scopes.contains(Scope::ManageAccess) {
            return Err(DomainError::validation(
                "scopes",
                said!("perm-scope-manage"),
            ));
        }
        if scopes.is_empty() {
            return Err(DomainError::validation("scopes", said!("perm-scope-none")));
        }
        Ok(scopes)
    }

    pub fn contains(&self, scope: Scope) -> bool {
        self.0.contains(&scope)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }

    pub fn intersection(&self, other: &Scopes) -> Scopes {
        Self(self.0.intersection(&other.0).copied().collect())
    }

    pub fn to_stored(&self) -> String {
        self.iter().map(Scope::as_str).collect::<Vec<_>>().join(",")
    }
}

impl FromIterator<Scope> for Scopes {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        Self::new(iter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_lists_round_trip_and_refuse_unknown_names() {
        let scopes = Scopes::parse("results, records,,").unwrap();
        assert_eq!(scopes.to_stored(), "records,results");
        assert!(Scopes::parse("records,secrets").is_err());
    }

    #[test]
    fn caregivers_are_never_granted_access_management_or_nothing() {
        assert!(Scopes::parse_grantable(&["records".into()]).is_ok());
        assert!(Scopes::parse_grantable(&["manage-access".into()]).is_err());
        assert!(Scopes::parse_grantable(&[]).is_err());
    }
}
