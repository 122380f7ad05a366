//! Authorization: who may do what to whose data. [`policy::decide`] makes every decision;
//! [`Access::authorize`] gathers its facts (the caller's account, the patient's age, the grants
//! the caller holds for them), asks it, and writes a `denied` audit event for every refusal.
//! Every server function calls `authorize` before it touches anything, including the ones about
//! the caller's own account, so none is reachable without passing through the policy. The answer
//! is an [`Authorized`] value that only this module can make; services that read or change PHI
//! take one instead of asking again.
//!
//! Also here: proxy grants (caregivers and guardians), the patient's access log, the admin audit
//! search, and the patient lookups staff need.

mod alerts;
mod audit_search;
mod authorized;
mod grants;
pub(crate) mod log;
mod patients;
pub mod policy;
pub mod rules;
pub mod scope;

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, Func, IntoColumnRef, LikeExpr},
};

pub use alerts::{ALERT_ACTION, AlertKind, AlertThresholds, SecurityAlert};
pub use audit_search::{AuditPage, AuditQuery, AuditRow};
pub use authorized::{AccountScope, Authorized, ClinicScope, PatientScope, Permit, Reach, Subject};
pub use grants::{
    CareRecipient, CaregiverInvited, GrantStatus, GrantSummary, NewCaregiver, invitation_refusal,
    parse_last_day,
};
pub(crate) use grants::{accept_grant, grant_for_code};
pub(crate) use log::actor_label;
pub use log::{AccessLogEntry, AccessLogPage, AccessLogQuery, describe_action};
pub use patients::{PatientListing, PatientOverview};
pub use policy::{Basis, ClinicTask, Decision, DenyReason, GrantKind, Mode, Target};
pub use rules::{AgeBand, AgeRules};
pub use scope::{Scope, Scopes};

use crate::{
    DomainError, DomainResult,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    core::Core,
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

/// The access service: the policy's answers ([`Authorized`]), proxy grants, the patient's access
/// log, the admin audit search and the patient lookups staff need. Cheap to clone.
#[derive(Clone)]
pub struct Access {
    identity: Identity,
    /// How many times the policy was asked since start (each gathers the patient row and the
    /// caller's grants). Tests read it to show a request asks once; nothing else depends on it.
    evaluations: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Access {
    pub fn new(identity: Identity) -> Self {
        Self {
            identity,
            evaluations: Default::default(),
        }
    }

    /// How many policy decisions this service has made since it started.
    pub fn evaluations(&self) -> u64 {
        self.evaluations.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The identity service this one stands on (accounts, codes, step-up).
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    pub(crate) fn core(&self) -> &Core {
        self.identity.core()
    }

    pub(crate) fn db(&self) -> &sea_orm::DatabaseConnection {
        self.core().db()
    }

    pub(crate) fn vault(&self) -> &crate::vault::Vault {
        self.core().vault()
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.core().now()
    }

    /// The policy's answer for one patient's record in `scope` and `mode`; what a service that
    /// reads or changes PHI takes. A refusal is audited once, as for [`Access::authorize`].
    #[tracing::instrument(name = "access.authorize_patient", skip_all, fields(action = action, scope = ?scope, mode = ?mode))]
    pub async fn authorize_patient(
        &self,
        session: Option<&CurrentSession>,
        patient_id: &str,
        scope: Scope,
        mode: Mode,
        action: &'static str,
        meta: &RequestMeta,
    ) -> DomainResult<Authorized<PatientScope>> {
        let target = Target::Patient {
            patient_id,
            scope,
            mode,
        };
        self.authorize(session, target, action, meta)
            .await?
            .for_patient(scope, mode)
    }

    /// The policy's answer for clinic work that is not about one patient.
    #[tracing::instrument(name = "access.authorize_clinic", skip_all, fields(action = action, task = ?task))]
    pub async fn authorize_clinic(
        &self,
        session: Option<&CurrentSession>,
        task: ClinicTask,
        action: &'static str,
        meta: &RequestMeta,
    ) -> DomainResult<Authorized<ClinicScope>> {
        Ok(self
            .authorize(session, Target::Clinic(task), action, meta)
            .await?
            .for_clinic(task))
    }

    /// The policy's answer for the caller's own account.
    pub async fn authorize_account(
        &self,
        session: Option<&CurrentSession>,
        action: &'static str,
        meta: &RequestMeta,
    ) -> DomainResult<Authorized<AccountScope>> {
        Ok(self
            .authorize(session, Target::OwnAccount, action, meta)
            .await?
            .for_account())
    }

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
            Ok(decision) => Ok(Permit::new(actor.cloned(), decision, header)),
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
    /// buttons a page shows. The action itself still goes through [`Access::authorize`].
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
        self.evaluations
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
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
