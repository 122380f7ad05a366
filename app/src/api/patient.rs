//! Whose record a page shows: the banner every patient page carries (the patient, the footing
//! the reader sees them on, the parts of the record they may open). Used by the records and
//! access areas alike.

use portico_types::PatientId;
use serde::{Deserialize, Serialize};

/// A part of the record the caller may open, for the navigation on patient pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordLink {
    pub label: String,
    pub href: String,
}

/// Whose record a page shows and on what footing the caller sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientHeader {
    pub patient_id: PatientId,
    pub name: String,
    pub is_self: bool,
    /// "Your own record", "You are acting for Sam as their parent or guardian", …
    pub acting_as: String,
    pub sections: Vec<RecordLink>,
    /// Set when some record categories are hidden from this caller (guardians of adolescents).
    pub hidden_note: Option<String>,
}

#[cfg(feature = "ssr")]
pub(crate) mod convert {
    use portico_domain::{
        DomainError,
        access::{Authorized, Basis, GrantKind, PatientScope, Scope, Scopes},
    };
    use portico_types::PatientId;

    use super::{PatientHeader, RecordLink};

    pub fn sections(patient_id: &str, scopes: &Scopes) -> Vec<RecordLink> {
        use portico_domain::records::{Section as RecordSection, SectionRules};
        let mut sections = Vec::new();
        if scopes.contains(Scope::Records) {
            sections.push(RecordLink {
                label: "Summary".into(),
                href: format!("/patients/{patient_id}"),
            });
        }
        for part in RecordSection::ALL {
            if scopes.contains(part.scope()) {
                sections.push(RecordLink {
                    label: part.label().into(),
                    href: format!("/patients/{patient_id}/records/{}", part.as_str()),
                });
            }
        }
        if scopes.contains(Scope::Appointments) {
            sections.push(RecordLink {
                label: "Appointments".into(),
                href: format!("/patients/{patient_id}/appointments"),
            });
        }
        if scopes.contains(Scope::Messages) {
            sections.push(RecordLink {
                label: "Messages".into(),
                href: format!("/patients/{patient_id}/messages"),
            });
        }
        if scopes.contains(Scope::Refills) {
            sections.push(RecordLink {
                label: "Renewals".into(),
                href: format!("/patients/{patient_id}/renewals"),
            });
        }
        if scopes.contains(Scope::Billing) {
            sections.push(RecordLink {
                label: "Billing".into(),
                href: format!("/patients/{patient_id}/billing"),
            });
        }
        if scopes.contains(Scope::Records) {
            sections.push(RecordLink {
                label: "About".into(),
                href: format!("/patients/{patient_id}/about"),
            });
        }
        if scopes.contains(Scope::ManageAccess) {
            sections.push(RecordLink {
                label: "Sharing".into(),
                href: format!("/patients/{patient_id}/sharing"),
            });
            sections.push(RecordLink {
                label: "Access log".into(),
                href: format!("/patients/{patient_id}/access-log"),
            });
        }
        sections
    }

    pub fn header(permit: &Authorized<PatientScope>) -> Result<PatientHeader, DomainError> {
        let patient = permit.patient();
        let first_name = patient
            .display_name
            .split_whitespace()
            .next()
            .unwrap_or(&patient.display_name);
        let acting_as = match permit.basis() {
            Basis::Patient => "Your own record".to_owned(),
            Basis::Proxy {
                kind: GrantKind::Guardian,
                ..
            } => format!("You are acting for {first_name} as their parent or guardian"),
            Basis::Proxy { .. } => format!("You are acting for {first_name} as their caregiver"),
            Basis::Staff(role) => format!(
                "You are viewing this record as clinic staff ({})",
                role.label()
            ),
            Basis::Public | Basis::OwnAccount => String::new(),
        };
        let hidden_note = (!permit.hidden_categories().is_empty()).then(|| {
            "Some parts of a teenager's record are confidential between them and the clinic and are not shown here.".to_owned()
        });
        Ok(PatientHeader {
            patient_id: PatientId::from_stored(patient.id.clone()),
            name: patient.display_name.clone(),
            is_self: *permit.basis() == Basis::Patient,
            acting_as,
            sections: sections(&patient.id, &permit.decision().scopes),
            hidden_note,
        })
    }
}
