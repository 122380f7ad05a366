//! The one decision: may this actor do this to this target? Pure (no I/O), deny by default, and
//! the only place Portico answers that question. [`super::Identity::authorize`] gathers the facts
//! from the database, calls [`decide`], and audits refusals.

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    rules::{AgeBand, AgeRules},
    scope::{Scope, Scopes},
};
use crate::identity::{AccountSummary, Role};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Read,
    Write,
}

/// Clinic-side work that is not about one patient's record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClinicTask {
    /// Register patients and hand them activation codes.
    InvitePatients,
    /// Add staff accounts.
    InviteStaff,
    /// Look patients up by name.
    FindPatients,
    /// Search and export the audit log.
    ReadAuditLog,
    /// Load FHIR records into patients' charts.
    ImportRecords,
    /// Change clinic-wide settings (result release delays, the schedule's templates).
    ConfigureClinic,
    /// See the clinic's schedule: every clinician's visits with the patients' names.
    ViewSchedule,
    /// Work the inbox: the conversations of the pools one's role works.
    WorkInbox,
    /// Decide prescription renewal requests (clinicians).
    DecideRenewals,
    /// Post charges, adjustments and write-offs, refund payments, and read the clinic's billing
    /// reports (the billing office).
    WorkBilling,
}

/// What is being asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// Open to anyone, signed in or not (sign-in ceremonies, the clinic's contact details).
    Public,
    /// The caller's own account: passkeys, sessions, recovery codes, the people they care for.
    OwnAccount,
    /// Part of one patient's record.
    Patient {
        patient_id: &'a str,
        scope: Scope,
        mode: Mode,
    },
    Clinic(ClinicTask),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantKind {
    /// Given by the patient.
    Personal,
    /// Set up by the clinic for a parent or guardian of a minor.
    Guardian,
}

impl GrantKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Personal => "personal",
            Self::Guardian => "guardian",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "personal" => Some(Self::Personal),
            "guardian" => Some(Self::Guardian),
            _ => None,
        }
    }
}

/// A proxy grant the actor holds for the patient in question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantFacts {
    pub id: String,
    pub kind: GrantKind,
    pub scopes: Scopes,
    pub expires_at: Option<DateTime<Utc>>,
    pub ended: bool,
}

/// What the decision needs to know about the patient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientFacts {
    pub birth_date: NaiveDate,
    /// Grants held by the actor for this patient (none for staff or the patient).
    pub grants: Vec<GrantFacts>,
}

/// On what footing access was allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Basis {
    Public,
    OwnAccount,
    /// The patient, for their own record.
    Patient,
    Proxy {
        grant_id: String,
        kind: GrantKind,
    },
    Staff(Role),
}

impl Basis {
    /// Short code for the audit log's reason column.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::OwnAccount => "own_account",
            Self::Patient => "self",
            Self::Proxy {
                kind: GrantKind::Personal,
                ..
            } => "proxy",
            Self::Proxy {
                kind: GrantKind::Guardian,
                ..
            } => "guardian",
            Self::Staff(_) => "staff",
        }
    }
}

/// An allowed access: on what basis, which scopes the actor has on this patient (for drawing the
/// navigation), and which record categories must stay hidden from them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub basis: Basis,
    pub scopes: Scopes,
    pub hidden_categories: Vec<String>,
}

/// Why access was refused; stored as the audit event's reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DenyReason {
    Unauthenticated,
    /// The role does not cover this.
    Role,
    /// No grant links the actor to this patient.
    NotLinked,
    ScopeNotGranted,
    GrantRevoked,
    GrantExpired,
    /// A guardian grant ends when the patient comes of age.
    AgeOfMajority,
    /// Access to a minor's record is managed by the clinic.
    MinorAccessManagedByClinic,
    UnknownPatient,
}

impl DenyReason {
    pub fn code(self) -> &'static str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::Role => "role",
            Self::NotLinked => "not_linked",
            Self::ScopeNotGranted => "scope_not_granted",
            Self::GrantRevoked => "grant_revoked",
            Self::GrantExpired => "grant_expired",
            Self::AgeOfMajority => "age_of_majority",
            Self::MinorAccessManagedByClinic => "minor_access_managed_by_clinic",
            Self::UnknownPatient => "unknown_patient",
        }
    }
}

/// The scopes each staff role works in, and whether it may change things there.
pub fn staff_scopes(role: Role) -> &'static [(Scope, Mode)] {
    use Mode::{Read, Write};
    match role {
        Role::Clinician => &[
            (Scope::Records, Write),
            (Scope::Results, Write),
            (Scope::Appointments, Write),
            (Scope::Messages, Write),
            (Scope::Refills, Write),
        ],
        // Messages: each role sees only the conversations of the pools it works.
        Role::FrontDesk => &[
            (Scope::Appointments, Write),
            (Scope::ManageAccess, Write),
            (Scope::Billing, Read),
            (Scope::Messages, Write),
        ],
        Role::Billing => &[(Scope::Billing, Write), (Scope::Messages, Write)],
        Role::Admin => &[(Scope::ManageAccess, Write)],
        Role::Patient | Role::Caregiver => &[],
    }
}

/// Whether a staff role may change things in `scope` (not only read them).
pub fn staff_may_write(role: Role, scope: Scope) -> bool {
    staff_scopes(role)
        .iter()
        .any(|(s, mode)| *s == scope && *mode == Mode::Write)
}

/// Whether a role may do a clinic task (staff only).
pub fn may_do(role: Role, task: ClinicTask) -> bool {
    match task {
        ClinicTask::InvitePatients => matches!(role, Role::FrontDesk | Role::Admin),
        ClinicTask::InviteStaff | ClinicTask::ReadAuditLog | ClinicTask::ConfigureClinic => {
            role == Role::Admin
        }
        ClinicTask::FindPatients => role.is_staff(),
        ClinicTask::ImportRecords => matches!(role, Role::Clinician | Role::Admin),
        ClinicTask::ViewSchedule => {
            matches!(role, Role::FrontDesk | Role::Clinician | Role::Admin)
        }
        ClinicTask::WorkInbox => matches!(role, Role::FrontDesk | Role::Clinician | Role::Billing),
        ClinicTask::DecideRenewals => role == Role::Clinician,
        ClinicTask::WorkBilling => role == Role::Billing,
    }
}

/// Decides one access. `patient` must be given for a [`Target::Patient`] (None means no such
/// patient); it is ignored otherwise.
pub fn decide(
    actor: Option<&AccountSummary>,
    target: Target<'_>,
    patient: Option<&PatientFacts>,
    rules: &AgeRules,
    now: DateTime<Utc>,
) -> Result<Decision, DenyReason> {
    let allow = |basis| Decision {
        basis,
        scopes: Scopes::default(),
        hidden_categories: Vec::new(),
    };
    if target == Target::Public {
        return Ok(allow(Basis::Public));
    }
    let Some(actor) = actor else {
        return Err(DenyReason::Unauthenticated);
    };
    match target {
        Target::Public => Ok(allow(Basis::Public)),
        Target::OwnAccount => Ok(allow(Basis::OwnAccount)),
        Target::Clinic(task) if actor.role.is_staff() && may_do(actor.role, task) => {
            Ok(allow(Basis::Staff(actor.role)))
        }
        Target::Clinic(_) => Err(DenyReason::Role),
        Target::Patient {
            patient_id,
            scope,
            mode,
        } => {
            let patient = patient.ok_or(DenyReason::UnknownPatient)?;
            let decision = patient_access(actor, patient_id, patient, rules, now)?;
            if !decision.scopes.contains(scope) {
                return Err(if actor.role.is_staff() {
                    DenyReason::Role
                } else {
                    DenyReason::ScopeNotGranted
                });
            }
            if mode == Mode::Write && !may_write(actor, patient_id, patient, scope, rules, now) {
                return Err(if actor.role.is_staff() {
                    DenyReason::Role
                } else {
                    DenyReason::MinorAccessManagedByClinic
                });
            }
            Ok(decision)
        }
    }
}

/// Everything the actor may see of this patient, before looking at the scope asked for.
pub fn patient_access(
    actor: &AccountSummary,
    patient_id: &str,
    patient: &PatientFacts,
    rules: &AgeRules,
    now: DateTime<Utc>,
) -> Result<Decision, DenyReason> {
    if actor.role.is_staff() {
        return Ok(Decision {
            basis: Basis::Staff(actor.role),
            scopes: staff_scopes(actor.role).iter().map(|(s, _)| *s).collect(),
            hidden_categories: Vec::new(),
        });
    }
    if actor.patient_id.as_deref() == Some(patient_id) {
        return Ok(Decision {
            basis: Basis::Patient,
            scopes: Scopes::new(Scope::ALL),
            hidden_categories: Vec::new(),
        });
    }
    let band = rules.band(patient.birth_date, now.date_naive());
    let mut refusal = DenyReason::NotLinked;
    let mut allowed: Option<Decision> = None;
    for grant in &patient.grants {
        let outcome = if grant.ended {
            Err(DenyReason::GrantRevoked)
        } else if grant.expires_at.is_some_and(|at| at <= now) {
            Err(DenyReason::GrantExpired)
        } else {
            match (grant.kind, band) {
                (GrantKind::Guardian, AgeBand::Adult) => Err(DenyReason::AgeOfMajority),
                (GrantKind::Guardian, AgeBand::Adolescent) => Ok((
                    grant.scopes.intersection(&rules.adolescent_guardian_scopes),
                    rules.confidential_categories.clone(),
                )),
                _ => Ok((grant.scopes.clone(), Vec::new())),
            }
        };
        match outcome {
            Ok((scopes, hidden)) => {
                // Caregivers never manage access, whatever a stored grant says.
                let scopes: Scopes = scopes
                    .iter()
                    .filter(|s| *s != Scope::ManageAccess)
                    .collect();
                let better = allowed
                    .as_ref()
                    .is_none_or(|best| scopes.iter().count() > best.scopes.iter().count());
                if better {
                    allowed = Some(Decision {
                        basis: Basis::Proxy {
                            grant_id: grant.id.clone(),
                            kind: grant.kind,
                        },
                        scopes,
                        hidden_categories: hidden,
                    });
                }
            }
            Err(reason) => refusal = reason,
        }
    }
    allowed.ok_or(refusal)
}

fn may_write(
    actor: &AccountSummary,
    patient_id: &str,
    patient: &PatientFacts,
    scope: Scope,
    rules: &AgeRules,
    now: DateTime<Utc>,
) -> bool {
    if actor.role.is_staff() {
        return staff_may_write(actor.role, scope);
    }
    let own = actor.patient_id.as_deref() == Some(patient_id);
    if own && scope == Scope::ManageAccess {
        // Who may act for a minor is the clinic's call.
        return rules.band(patient.birth_date, now.date_naive()) == AgeBand::Adult;
    }
    true
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn account(role: Role, patient_id: Option<&str>) -> AccountSummary {
        AccountSummary {
            id: format!("{}-account", role.as_str()),
            role,
            display_name: "Someone".into(),
            email: None,
            patient_id: patient_id.map(str::to_owned),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
    }

    fn adult(grants: Vec<GrantFacts>) -> PatientFacts {
        PatientFacts {
            birth_date: NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
            grants,
        }
    }

    fn grant(kind: GrantKind, scopes: &str) -> GrantFacts {
        GrantFacts {
            id: "g1".into(),
            kind,
            scopes: Scopes::parse(scopes).unwrap(),
            expires_at: None,
            ended: false,
        }
    }

    fn read(scope: Scope) -> Target<'static> {
        Target::Patient {
            patient_id: "p1",
            scope,
            mode: Mode::Read,
        }
    }

    fn check(
        actor: &AccountSummary,
        target: Target<'_>,
        patient: &PatientFacts,
    ) -> Result<Decision, DenyReason> {
        decide(
            Some(actor),
            target,
            Some(patient),
            &AgeRules::default(),
            now(),
        )
    }

    #[test]
    fn nobody_signed_in_gets_only_public_things() {
        let rules = AgeRules::default();
        assert!(decide(None, Target::Public, None, &rules, now()).is_ok());
        for target in [
            Target::OwnAccount,
            Target::Clinic(ClinicTask::FindPatients),
            read(Scope::Records),
        ] {
            assert_eq!(
                decide(None, target, Some(&adult(vec![])), &rules, now()),
                Err(DenyReason::Unauthenticated)
            );
        }
    }

    #[test]
    fn patients_reach_their_own_record_and_nobody_elses() {
        let me = account(Role::Patient, Some("p1"));
        assert!(check(&me, read(Scope::Billing), &adult(vec![])).is_ok());
        let other = account(Role::Patient, Some("p2"));
        assert_eq!(
            check(&other, read(Scope::Records), &adult(vec![])),
            Err(DenyReason::NotLinked)
        );
    }

    #[test]
    fn caregivers_get_exactly_the_granted_scopes_while_the_grant_lives() {
        let carer = account(Role::Caregiver, None);
        let patient = adult(vec![grant(GrantKind::Personal, "records,appointments")]);
        assert!(check(&carer, read(Scope::Records), &patient).is_ok());
        assert_eq!(
            check(&carer, read(Scope::Billing), &patient),
            Err(DenyReason::ScopeNotGranted)
        );
        assert_eq!(
            check(&carer, read(Scope::ManageAccess), &patient),
            Err(DenyReason::ScopeNotGranted)
        );
        let mut expired = grant(GrantKind::Personal, "records");
        expired.expires_at = Some(now() - Duration::seconds(1));
        assert_eq!(
            check(&carer, read(Scope::Records), &adult(vec![expired])),
            Err(DenyReason::GrantExpired)
        );
        let mut revoked = grant(GrantKind::Personal, "records");
        revoked.ended = true;
        assert_eq!(
            check(&carer, read(Scope::Records), &adult(vec![revoked])),
            Err(DenyReason::GrantRevoked)
        );
    }

    #[test]
    fn a_stored_manage_access_scope_still_gives_a_caregiver_nothing() {
        let carer = account(Role::Caregiver, None);
        let patient = adult(vec![grant(GrantKind::Personal, "records,manage-access")]);
        assert_eq!(
            check(&carer, read(Scope::ManageAccess), &patient),
            Err(DenyReason::ScopeNotGranted)
        );
    }

    #[test]
    fn staff_roles_map_to_their_scopes() {
        let patient = adult(vec![]);
        let billing = account(Role::Billing, None);
        assert!(check(&billing, read(Scope::Billing), &patient).is_ok());
        assert_eq!(
            check(&billing, read(Scope::Records), &patient),
            Err(DenyReason::Role)
        );
        let front = account(Role::FrontDesk, None);
        let pay = Target::Patient {
            patient_id: "p1",
            scope: Scope::Billing,
            mode: Mode::Write,
        };
        assert!(check(&front, read(Scope::Billing), &patient).is_ok());
        assert_eq!(check(&front, pay, &patient), Err(DenyReason::Role));
        let clinician = account(Role::Clinician, None);
        assert!(check(&clinician, read(Scope::Results), &patient).is_ok());
        assert_eq!(
            check(
                &clinician,
                Target::Clinic(ClinicTask::ReadAuditLog),
                &patient
            ),
            Err(DenyReason::Role)
        );
        let admin = account(Role::Admin, None);
        assert!(check(&admin, Target::Clinic(ClinicTask::ReadAuditLog), &patient).is_ok());
        assert_eq!(
            check(&admin, read(Scope::Records), &patient),
            Err(DenyReason::Role)
        );
    }

    #[test]
    fn a_minor_cannot_hand_out_access_to_their_record() {
        let teen = account(Role::Patient, Some("p1"));
        let facts = PatientFacts {
            birth_date: NaiveDate::from_ymd_opt(2011, 1, 1).unwrap(),
            grants: vec![],
        };
        let manage = |mode| Target::Patient {
            patient_id: "p1",
            scope: Scope::ManageAccess,
            mode,
        };
        assert!(check(&teen, manage(Mode::Read), &facts).is_ok());
        assert_eq!(
            check(&teen, manage(Mode::Write), &facts),
            Err(DenyReason::MinorAccessManagedByClinic)
        );
    }
}
