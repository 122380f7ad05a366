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
    /// Clinic staff reading the record (they do not switch between people they care for).
    pub staff_view: bool,
    /// "Your own record", "You are acting for Sam as their parent or guardian", …
    pub acting_as: String,
    pub sections: Vec<RecordLink>,
    /// The banner's own words in the reader's language (the banner is shown inside islands too,
    /// which take what they show from the server).
    pub banner_label: String,
    pub parts_label: String,
    pub switch_label: String,
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
    use crate::i18n::{t, t_args};

    pub fn sections(patient_id: &str, scopes: &Scopes) -> Vec<RecordLink> {
        use portico_domain::records::{Section as RecordSection, SectionRules};
        let mut sections = Vec::new();
        if scopes.contains(Scope::Records) {
            sections.push(RecordLink {
                label: t("record-nav-summary"),
                href: format!("/patients/{patient_id}"),
            });
        }
        for part in RecordSection::ALL {
            if scopes.contains(part.scope()) {
                sections.push(RecordLink {
                    label: crate::api::display::name(part),
                    href: format!("/patients/{patient_id}/records/{}", part.as_str()),
                });
            }
        }
        if scopes.contains(Scope::Appointments) {
            sections.push(RecordLink {
                label: t("record-nav-appointments"),
                href: format!("/patients/{patient_id}/appointments"),
            });
        }
        if scopes.contains(Scope::Messages) {
            sections.push(RecordLink {
                label: t("record-nav-messages"),
                href: format!("/patients/{patient_id}/messages"),
            });
        }
        if scopes.contains(Scope::Refills) {
            sections.push(RecordLink {
                label: t("record-nav-renewals"),
                href: format!("/patients/{patient_id}/renewals"),
            });
        }
        if scopes.contains(Scope::Billing) {
            sections.push(RecordLink {
                label: t("record-nav-billing"),
                href: format!("/patients/{patient_id}/billing"),
            });
        }
        if scopes.contains(Scope::Records) {
            sections.push(RecordLink {
                label: t("record-nav-about"),
                href: format!("/patients/{patient_id}/about"),
            });
        }
        if scopes.contains(Scope::ManageAccess) {
            sections.push(RecordLink {
                label: t("record-nav-sharing"),
                href: format!("/patients/{patient_id}/sharing"),
            });
            sections.push(RecordLink {
                label: t("record-nav-access-log"),
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
            Basis::Patient => t("record-acting-self"),
            Basis::Proxy {
                kind: GrantKind::Guardian,
                ..
            } => t_args("record-acting-guardian", vec![("name", first_name.into())]),
            Basis::Proxy { .. } => {
                t_args("record-acting-caregiver", vec![("name", first_name.into())])
            }
            Basis::Staff(role) => t_args(
                "record-acting-staff",
                vec![("role", crate::api::display::name(*role).into())],
            ),
            Basis::Public | Basis::OwnAccount => String::new(),
        };
        let hidden_note = (!permit.hidden_categories().is_empty()).then(|| t("record-hidden-note"));
        Ok(PatientHeader {
            patient_id: PatientId::from_stored(patient.id.clone()),
            name: patient.display_name.clone(),
            is_self: *permit.basis() == Basis::Patient,
            staff_view: matches!(permit.basis(), Basis::Staff(_)),
            banner_label: t("banner-label"),
            parts_label: t("banner-parts"),
            switch_label: t("banner-switch"),
            acting_as,
            sections: sections(&patient.id, &permit.decision().scopes),
            hidden_note,
        })
    }
}
