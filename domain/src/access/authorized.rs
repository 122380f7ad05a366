//! The policy's answer as a value. Only [`super::Access`] makes an [`Authorized`] (its fields are
//! private to this module and it has no public constructor), so a service method that takes one
//! cannot be reached without the policy having said yes, and need not ask again.

use super::{Basis, ClinicTask, Decision, Mode, PatientHeader, Scope};
use crate::{
    DomainError, DomainResult,
    audit::{AuditEntry, Outcome},
    identity::{AccountSummary, CurrentSession},
};

/// What was allowed, and to whom. `S` says what it was about: [`PatientScope`] (one patient's
/// record, in one scope and mode), [`ClinicScope`] (staff work not about one patient),
/// [`AccountScope`] (the caller's own account) or [`Reach`] (anything, as asked).
#[derive(Clone, Debug)]
pub struct Authorized<S> {
    actor: Option<AccountSummary>,
    decision: Decision,
    subject: S,
}

/// One patient's record, in the scope and mode the policy allowed.
#[derive(Clone, Debug)]
pub struct PatientScope {
    patient: PatientHeader,
    scope: Scope,
    mode: Mode,
}

/// Clinic work that is not about one patient.
#[derive(Clone, Copy, Debug)]
pub struct ClinicScope {
    task: ClinicTask,
}

/// The caller's own account.
#[derive(Clone, Copy, Debug)]
pub struct AccountScope;

/// Whatever target was asked for (public functions, tests): the patient it named, if any.
#[derive(Clone, Debug)]
pub struct Reach {
    patient: Option<PatientHeader>,
}

/// For the audit entry every permitted action writes.
pub trait Subject {
    fn patient_id(&self) -> Option<&str>;
}

impl Subject for PatientScope {
    fn patient_id(&self) -> Option<&str> {
        Some(&self.patient.id)
    }
}

impl Subject for ClinicScope {
    fn patient_id(&self) -> Option<&str> {
        None
    }
}

impl Subject for AccountScope {
    fn patient_id(&self) -> Option<&str> {
        None
    }
}

impl Subject for Reach {
    fn patient_id(&self) -> Option<&str> {
        self.patient.as_ref().map(|p| p.id.as_str())
    }
}

impl<S: Subject> Authorized<S> {
    /// An audit entry for what the permitted request did: the actor, the patient acted for, and
    /// the basis of access (self, proxy, guardian, staff) as the reason.
    pub fn audit(&self, action: &'static str) -> AuditEntry {
        AuditEntry::new(action, Outcome::Success)
            .maybe_actor(self.actor.as_ref().map(|a| a.id.clone()))
            .acting_for(self.subject.patient_id().map(str::to_owned))
            .reason(self.decision.basis.code())
    }

    /// The signed-in person allowed, or a 401 for an allowed anonymous request.
    pub fn actor(&self) -> DomainResult<&AccountSummary> {
        self.actor.as_ref().ok_or(DomainError::Unauthenticated)
    }

    pub fn actor_id(&self) -> Option<&str> {
        self.actor.as_ref().map(|a| a.id.as_str())
    }

    pub fn decision(&self) -> &Decision {
        &self.decision
    }

    pub fn basis(&self) -> &Basis {
        &self.decision.basis
    }

    /// Checks that `session` is the one this answer was given for (a service that also needs
    /// the session, for a passkey check, must not pair one person's answer with another's).
    pub fn require_session(&self, session: &CurrentSession) -> DomainResult<()> {
        if self.actor_id() == Some(session.account.id.as_str()) {
            Ok(())
        } else {
            Err(DomainError::Internal(
                "the session is not the one the policy answered for".into(),
            ))
        }
    }
}

impl Authorized<PatientScope> {
    pub fn patient(&self) -> &PatientHeader {
        &self.subject.patient
    }

    pub fn patient_id(&self) -> &str {
        &self.subject.patient.id
    }

    pub fn scope(&self) -> Scope {
        self.subject.scope
    }

    pub fn mode(&self) -> Mode {
        self.subject.mode
    }

    /// Whether the reader also holds `scope` on this patient (the decision lists every scope
    /// they hold): for the optional parts of a page, such as results on the summary.
    pub fn holds(&self, scope: Scope) -> bool {
        self.decision.scopes.contains(scope)
    }

    /// Record categories that must stay hidden from this reader.
    pub fn hidden_categories(&self) -> &[String] {
        &self.decision.hidden_categories
    }

    /// Checks that this answer is for `scope` in `mode` (a write needs a write). Asking a service
    /// with the wrong one is a programming error, not a refusal: the policy was never asked.
    pub fn require(&self, scope: Scope, mode: Mode) -> DomainResult<&Self> {
        let mode_ok = self.subject.mode == mode || self.subject.mode == Mode::Write;
        if self.subject.scope == scope && mode_ok {
            Ok(self)
        } else {
            Err(DomainError::Internal(format!(
                "a service needing {scope:?}/{mode:?} was handed an answer for {:?}/{:?}",
                self.subject.scope, self.subject.mode
            )))
        }
    }
}

impl Authorized<ClinicScope> {
    pub fn task(&self) -> ClinicTask {
        self.subject.task
    }

    /// Checks that this answer is for `task`; see [`Authorized::<PatientScope>::require`].
    pub fn require(&self, task: ClinicTask) -> DomainResult<&Self> {
        if self.subject.task == task {
            Ok(self)
        } else {
            Err(DomainError::Internal(format!(
                "a service needing {task:?} was handed an answer for {:?}",
                self.subject.task
            )))
        }
    }
}

impl Authorized<Reach> {
    pub fn patient(&self) -> Option<&PatientHeader> {
        self.subject.patient.as_ref()
    }

    pub(super) fn new(
        actor: Option<AccountSummary>,
        decision: Decision,
        patient: Option<PatientHeader>,
    ) -> Self {
        Self {
            actor,
            decision,
            subject: Reach { patient },
        }
    }

    pub(super) fn for_patient(
        self,
        scope: Scope,
        mode: Mode,
    ) -> DomainResult<Authorized<PatientScope>> {
        let patient = self.subject.patient.ok_or_else(|| {
            DomainError::Internal("a patient's answer without the patient".into())
        })?;
        Ok(Authorized {
            actor: self.actor,
            decision: self.decision,
            subject: PatientScope {
                patient,
                scope,
                mode,
            },
        })
    }

    pub(super) fn for_clinic(self, task: ClinicTask) -> Authorized<ClinicScope> {
        Authorized {
            actor: self.actor,
            decision: self.decision,
            subject: ClinicScope { task },
        }
    }

    pub(super) fn for_account(self) -> Authorized<AccountScope> {
        Authorized {
            actor: self.actor,
            decision: self.decision,
            subject: AccountScope,
        }
    }
}

/// Kept for the functions that take any answer: the general form of [`Authorized`].
pub type Permit = Authorized<Reach>;
