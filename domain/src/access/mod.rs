//! Authorization: who may do what to whose data. [`policy::decide`] makes every decision;
//! [`Identity::authorize`] gathers its facts (the caller's account, the patient's age, the grants
//! the caller holds for them), asks it, and writes a `denied` audit event for every refusal.
//! Every server function calls `authorize` before it touches anything, including the ones about
//! the caller's own account, so none is reachable without passing through the policy.
//!
//! Also here: proxy grants (caregivers and guardians), the patient's access log, the admin audit
//! search, and the patient lookups staff need.

mod audit_search;
mod grants;
mod log;
mod patients;
pub mod policy;
pub mod rules;
pub mod scope;

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, Func, IntoColumnRef, LikeExpr},
};

pub use audit_search::{AuditPage, AuditQuery, AuditRow};
pub use grants::{
    CareRecipient, CaregiverInvited, GrantStatus, GrantSummary, INVITATION_REFUSED, NewCaregiver,
    parse_last_day,
};
pub(crate) use grants::{accept_grant, grant_for_code};
pub use log::{AccessLogEntry, AccessLogPage, AccessLogQuery, describe_action};
pub(crate) use log::{accounts_by_id, actor_label};
pub use patients::{PatientListing, PatientOverview};
pub use policy::{Basis, ClinicTask, Decision, DenyReason, GrantKind, Mode, Target};
pub use rules::{AgeBand, AgeRules};
pub use scope::{Scope, Scopes};

use crate::{
    DomainError, DomainResult,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    entities::proxy_grant,
    identity::{AccountSummary, CurrentSession, Identity},
    phi,
};

/// The patient a permitted request is about, as pages show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientHeader {
    pub id: String,
    pub display_name: String,
    pub birth_date: NaiveDate,
}

/// Proof that the policy allowed a request, and what the handler needs from the decision.
#[derive(Clone, Debug)]
pub struct Permit {
    pub actor: Option<AccountSummary>,
    pub patient: Option<PatientHeader>,
    pub decision: Decision,
}

impl Permit {
    /// An audit entry for what the permitted request did: the actor, the patient acted for, and
    /// the basis of access (self, proxy, guardian, staff) as the reason.
    pub fn audit(&self, action: &'static str) -> AuditEntry {
        AuditEntry::new(action, Outcome::Success)
            .maybe_actor(self.actor.as_ref().map(|a| a.id.clone()))
            .acting_for(self.patient.as_ref().map(|p| p.id.clone()))
            .reason(self.decision.basis.code())
    }

    pub fn actor(&self) -> DomainResult<&AccountSummary> {
        self.actor.as_ref().ok_or(DomainError::Unauthenticated)
    }

    pub fn patient_id(&self) -> DomainResult<&str> {
        self.patient
            .as_ref()
            .map(|p| p.id.as_str())
            .ok_or_else(|| DomainError::Internal("permit without a patient".into()))
    }
}

impl Identity {
    /// Asks the policy whether the session's owner (or nobody, without a session) may reach
    /// `target`. A refusal is audited as `denied` under `action` with its reason and comes back
    /// as [`DomainError::Unauthenticated`] or [`DomainError::Forbidden`].
    pub async fn authorize(
        &self,
        session: Option<&CurrentSession>,
        target: Target<'_>,
        action: &'static str,
        meta: &RequestMeta,
    ) -> DomainResult<Permit> {
        let actor = session.map(|s| &s.account);
        let (decision, header) = self.evaluate(actor, target).await?;
        match decision {
            Ok(decision) => Ok(Permit {
                actor: actor.cloned(),
                patient: header,
                decision,
            }),
            Err(reason) => {
                // The patient is named only if they exist.
                let patient_id = header.map(|h| h.id);
                audit::record(
                    self.db(),
                    self.now(),
                    meta,
                    AuditEntry::new(action, Outcome::Denied)
                        .maybe_actor(actor.map(|a| a.id.clone()))
                        .acting_for(patient_id)
                        .reason(reason.code()),
                )
                .await?;
                Err(match reason {
                    DenyReason::Unauthenticated => DomainError::Unauthenticated,
                    _ => DomainError::Forbidden,
                })
            }
        }
    }

    /// Whether the policy would allow `target`, without recording anything: for deciding which
    /// buttons a page shows. The action itself still goes through [`Identity::authorize`].
    pub async fn would_allow(
        &self,
        session: &CurrentSession,
        target: Target<'_>,
    ) -> DomainResult<bool> {
        Ok(self
            .evaluate(Some(&session.account), target)
            .await?
            .0
            .is_ok())
    }

    /// Gathers the facts for `target` and asks [`policy::decide`]; also returns the patient the
    /// target names, if it exists.
    async fn evaluate(
        &self,
        actor: Option<&AccountSummary>,
        target: Target<'_>,
    ) -> DomainResult<(Result<Decision, DenyReason>, Option<PatientHeader>)> {
        let (facts, header, rules) = match (target, actor) {
            (Target::Patient { patient_id, .. }, Some(actor)) => {
                let rules = rules::age_rules(self.db()).await?;
                match self.patient_facts(self.db(), patient_id, actor).await? {
                    Some((facts, header)) => (Some(facts), Some(header), rules),
                    None => (None, None, rules),
                }
            }
            // Only a patient's record depends on the clinic's age rules.
            _ => (None, None, AgeRules::default()),
        };
        let decision = policy::decide(actor, target, facts.as_ref(), &rules, self.now());
        Ok((decision, header))
    }

    /// The patient's age and the grants `actor` holds for them; None if there is no such patient.
    async fn patient_facts(
        &self,
        db: &impl ConnectionTrait,
        patient_id: &str,
        actor: &AccountSummary,
    ) -> DomainResult<Option<(policy::PatientFacts, PatientHeader)>> {
        let Some(patient) = phi::find_patient(db, self.vault(), patient_id).await? else {
            return Ok(None);
        };
        let grants = if actor.role.is_staff() || actor.patient_id.as_deref() == Some(patient_id) {
            Vec::new()
        } else {
            proxy_grant::Entity::find()
                .filter(proxy_grant::Column::PatientId.eq(patient_id))
                .filter(proxy_grant::Column::GranteeAccountId.eq(actor.id.as_str()))
                .all(db)
                .await?
                .into_iter()
                .map(grant_facts)
                .collect::<DomainResult<Vec<_>>>()?
        };
        Ok(Some((
            policy::PatientFacts {
                birth_date: patient.birth_date,
                grants,
            },
            PatientHeader {
                display_name: patient.display_name(),
                id: patient.id,
                birth_date: patient.birth_date,
            },
        )))
    }
}

/// `LIKE` patterns with `%`, `_` and `\` taken literally. `contains` matches anywhere,
/// otherwise at the start; both compare lower-case against [`lower`] columns. Only for columns
/// that are not sealed: sealed names are searched through [`crate::phi::search`].
pub(crate) fn like_text(text: &str, contains: bool) -> LikeExpr {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let pattern = if contains {
        format!("%{escaped}%")
    } else {
        format!("{escaped}%")
    };
    LikeExpr::new(pattern).escape('\\')
}

/// A column, lower-cased, for case-insensitive `LIKE` on SQLite and PostgreSQL alike.
pub(crate) fn lower<C: IntoColumnRef>(column: C) -> Expr {
    Expr::expr(Func::lower(Expr::col(column)))
}

pub(crate) fn grant_facts(row: proxy_grant::Model) -> DomainResult<policy::GrantFacts> {
    Ok(policy::GrantFacts {
        kind: GrantKind::parse(&row.kind).ok_or_else(|| {
            DomainError::Internal(format!("grant {} has kind {}", row.id, row.kind))
        })?,
        scopes: Scopes::parse(&row.scopes)?,
        expires_at: row.expires_at,
        ended: row.ended_at.is_some(),
        id: row.id,
    })
}
