//! Account recovery through the clinic: a patient who has lost every passkey and every recovery
//! code asks the clinic, which re-proofs them and issues a code that adds a passkey to their
//! existing account.
//!
//! Such a code hands over an account, so it is held to more than an invitation:
//! - only the role the clinic chooses (default: administrators) may issue it, after a fresh
//!   passkey check;
//! - it works only once a **second** member of staff with that role (not the issuer) approves it,
//!   also after a fresh passkey check, or the operator approves it at the server's command line;
//!   one staff account alone, however compromised, cannot take over a patient's account;
//! - the patient is told by every channel on file (e-mail, the Security page of any session
//!   still open, the access log) and can cancel it from any session;
//! - it cannot be used from a browser signed in as the staff member who issued or approved it.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

use super::{CurrentSession, Identity, Role, accounts::ACTIVE};
use crate::{
    DomainError, DomainResult,
    access::ClinicTask,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    clinic::upsert_setting,
    db::begin_write,
    entities::{account, activation_code, clinic_setting},
    i18n::Said,
    notify::{self, Notice},
    phi, said,
};

const RECOVERY_ROLE_KEY: &str = "recovery.issuer_role";

/// Who issues or approves a recovery code: the operator at the server's command line, or a
/// signed-in staff member (whose passkey check must be fresh).
#[derive(Clone, Copy, Debug)]
pub enum Operator<'a> {
    CommandLine,
    Staff(&'a CurrentSession),
}

impl Operator<'_> {
    fn account_id(self) -> Option<String> {
        match self {
            Self::CommandLine => None,
            Self::Staff(session) => Some(session.account.id.clone()),
        }
    }
}

/// The staff role that may issue and approve recovery codes, besides administrators (who always
/// may). Front desk staff handle invitations; recovery is theirs only if the clinic says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecoveryRole(Role);

impl RecoveryRole {
    pub fn parse(value: &str) -> DomainResult<Self> {
        match Role::parse(value) {
            Ok(role @ (Role::Admin | Role::FrontDesk)) => Ok(Self(role)),
            _ => Err(DomainError::validation(
                "role",
                said!("acct-recovery-role-choose"),
            )),
        }
    }

    pub fn role(self) -> Role {
        self.0
    }

    /// Whether someone of `role` may issue or approve recovery codes.
    pub fn allows(self, role: Role) -> bool {
        role == Role::Admin || role == self.0
    }
}

impl Default for RecoveryRole {
    fn default() -> Self {
        Self(Role::Admin)
    }
}

pub async fn recovery_role(db: &impl ConnectionTrait) -> DomainResult<RecoveryRole> {
    match clinic_setting::Entity::find_by_id(RECOVERY_ROLE_KEY)
        .one(db)
        .await?
    {
        Some(row) => RecoveryRole::parse(&row.value),
        None => Ok(RecoveryRole::default()),
    }
}

pub async fn save_recovery_role(
    db: &DatabaseConnection,
    role: RecoveryRole,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let txn = db.begin().await?;
    upsert_setting(&txn, RECOVERY_ROLE_KEY, role.0.as_str().to_owned(), now).await?;
    txn.commit().await?;
    Ok(())
}

/// A recovery code waiting for approval or use, as its patient sees it on the Security page.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingRecovery {
    pub invitation_id: String,
    pub issued_at: DateTime<Utc>,
    /// "Ada Admin (Administrator)", or "The clinic" for the command line.
    pub issued_by: crate::i18n::Said,
    pub approved: bool,
    pub expires_at: DateTime<Utc>,
}

/// Whether an activation code re-enrols an existing account (a recovery) and is still waiting for
/// its second approval.
pub(crate) fn awaits_approval(row: &activation_code::Model) -> bool {
    row.account_id.is_some() && row.approved_at.is_none() && row.used_at.is_none()
}

/// What enrolment says when the code is right but still needs its second approval.
pub fn awaiting_approval() -> Said {
    said!("acct-code-awaiting-approval")
}

/// What enrolment says from a browser signed in as the staff member who issued or approved a code.
pub fn issuer_browser() -> Said {
    said!("acct-code-issuer-browser")
}

impl Identity {
    /// Whether this staff member may issue and approve recovery codes: they invite patients and
    /// hold the clinic's recovery role. The pages ask it to decide which buttons to show.
    #[tracing::instrument(name = "identity.may_recover", skip_all)]
    pub async fn may_recover(&self, account: &super::AccountSummary) -> DomainResult<bool> {
        Ok(
            crate::access::policy::may_do(account.role, ClinicTask::InvitePatients)
                && recovery_role(self.db()).await?.allows(account.role),
        )
    }

    /// Checks that `operator` may issue or approve a recovery code now: the clinic's recovery role
    /// and a fresh passkey check. A refusal by role is audited; a stale check asks for step-up.
    pub(crate) async fn require_recovery_operator(
        &self,
        operator: Operator<'_>,
        action: &'static str,
        patient_id: Option<&str>,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let Operator::Staff(session) = operator else {
            return Ok(());
        };
        let account = &session.account;
        if !self.may_recover(account).await? {
            audit::record(
                self.db(),
                self.now(),
                meta,
                AuditEntry::new(action, Outcome::Denied)
                    .actor(account.id.clone())
                    .acting_for(patient_id.map(str::to_owned))
                    .reason("recovery_role"),
            )
            .await?;
            return Err(DomainError::Forbidden);
        }
        self.require_step_up(session)
    }

    /// Approves a recovery code issued by someone else. The operator at the command line may
    /// approve any; a staff member one they did not issue.
    #[tracing::instrument(name = "identity.approve_recovery", skip_all)]
    pub async fn approve_recovery(
        &self,
        operator: Operator<'_>,
        invitation_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        self.require_recovery_operator(operator, "recovery.approve", None, meta)
            .await?;
        let now = self.now();
        let row = activation_code::Entity::find_by_id(invitation_id)
            .one(self.db())
            .await?
            .filter(|row| row.account_id.is_some() && row.used_at.is_none())
            .ok_or(DomainError::NotFound)?;
        if let Some(approver) = operator.account_id()
            && row.issued_by.as_deref() == Some(approver.as_str())
        {
            audit::record(
                self.db(),
                now,
                meta,
                AuditEntry::new("recovery.approve", Outcome::Denied)
                    .actor(approver)
                    .acting_for(row.patient_id.clone())
                    .resource("activation_code", row.id.clone())
                    .reason("own_code"),
            )
            .await?;
            return Err(DomainError::validation(
                "invitation_id",
                said!("acct-recovery-second-approver"),
            ));
        }
        if row.revoked_at.is_some() || row.expires_at <= now {
            return Err(DomainError::validation(
                "invitation_id",
                said!("acct-recovery-code-inactive"),
            ));
        }
        if row.approved_at.is_some() {
            return Err(DomainError::validation(
                "invitation_id",
                said!("acct-recovery-code-approved"),
            ));
        }
        let txn = begin_write(self.db()).await?;
        let updated = activation_code::Entity::update_many()
            .col_expr(
                activation_code::Column::ApprovedBy,
                operator.account_id().into(),
            )
            .col_expr(activation_code::Column::ApprovedAt, Some(now).into())
            .filter(activation_code::Column::Id.eq(&row.id))
            .filter(activation_code::Column::ApprovedAt.is_null())
            .filter(activation_code::Column::UsedAt.is_null())
            .filter(activation_code::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(DomainError::validation(
                "invitation_id",
                said!("acct-recovery-code-changed"),
            ));
        }
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("recovery.approve", Outcome::Success)
                .maybe_actor(operator.account_id())
                .acting_for(row.patient_id.clone())
                .resource("activation_code", row.id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Recovery codes waiting for their second approval, for the operator: (invitation id,
    /// patient's name, issued at). Only the server's command line calls this.
    #[tracing::instrument(name = "identity.recoveries_awaiting_approval", skip_all)]
    pub async fn recoveries_awaiting_approval(
        &self,
    ) -> DomainResult<Vec<(String, String, DateTime<Utc>)>> {
        let now = self.now();
        let rows = activation_code::Entity::find()
            .filter(activation_code::Column::AccountId.is_not_null())
            .filter(activation_code::Column::ApprovedAt.is_null())
            .filter(activation_code::Column::UsedAt.is_null())
            .filter(activation_code::Column::RevokedAt.is_null())
            .filter(activation_code::Column::ExpiresAt.gt(now))
            .order_by_asc(activation_code::Column::CreatedAt)
            .all(self.db())
            .await?;
        rows.into_iter()
            .map(|row| {
                let name = phi::open_code_contact(self.vault(), &row)?.name;
                Ok((row.id, name, row.created_at))
            })
            .collect()
    }

    /// The recovery codes pending for the signed-in patient's own account.
    #[tracing::instrument(name = "identity.pending_recoveries", skip_all)]
    pub async fn pending_recoveries(
        &self,
        current: &CurrentSession,
    ) -> DomainResult<Vec<PendingRecovery>> {
        let now = self.now();
        let rows = activation_code::Entity::find()
            .filter(activation_code::Column::AccountId.eq(&current.account.id))
            .filter(activation_code::Column::UsedAt.is_null())
            .filter(activation_code::Column::RevokedAt.is_null())
            .filter(activation_code::Column::ExpiresAt.gt(now))
            .order_by_desc(activation_code::Column::CreatedAt)
            .all(self.db())
            .await?;
        let issuers: Vec<String> = rows.iter().filter_map(|r| r.issued_by.clone()).collect();
        let accounts = self.accounts_by_id(&issuers).await?;
        let patient_id = current.account.patient_id.as_deref().unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|row| PendingRecovery {
                issued_by: row
                    .issued_by
                    .as_ref()
                    .and_then(|id| accounts.get(id))
                    .map(|a| crate::access::actor_label(a, patient_id, &current.account.id))
                    .unwrap_or_else(|| crate::said!("log-actor-clinic")),
                invitation_id: row.id,
                issued_at: row.created_at,
                approved: row.approved_at.is_some(),
                expires_at: row.expires_at,
            })
            .collect())
    }

    /// The patient, from a session of their own, cancels a recovery code issued for their
    /// account ("this wasn't me").
    #[tracing::instrument(name = "identity.cancel_recovery", skip_all)]
    pub async fn cancel_recovery(
        &self,
        current: &CurrentSession,
        invitation_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let cancelled = activation_code::Entity::update_many()
            .col_expr(activation_code::Column::RevokedAt, Some(now).into())
            .filter(activation_code::Column::Id.eq(invitation_id))
            .filter(activation_code::Column::AccountId.eq(&current.account.id))
            .filter(activation_code::Column::UsedAt.is_null())
            .filter(activation_code::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if cancelled.rows_affected != 1 {
            return Err(DomainError::NotFound);
        }
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("recovery.cancel", Outcome::Success)
                .actor(current.account.id.clone())
                .acting_for(current.account.patient_id.clone())
                .resource("activation_code", invitation_id.to_owned()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Tells the patient, by every channel on file, that a recovery code was issued for their
    /// account. The e-mail carries no code, no name and no link.
    pub(crate) async fn notify_recovery_issued(
        &self,
        txn: &impl ConnectionTrait,
        account_id: &str,
        patient_email: Option<&str>,
        now: DateTime<Utc>,
    ) -> DomainResult<()> {
        let account_email = match account::Entity::find_by_id(account_id).one(txn).await? {
            Some(row) if row.status == ACTIVE => phi::open_account(self.vault(), row)?.email,
            _ => None,
        };
        let mut recipients: Vec<String> = account_email.into_iter().collect();
        if let Some(email) = patient_email
            && !recipients.iter().any(|r| r.eq_ignore_ascii_case(email))
        {
            recipients.push(email.to_owned());
        }
        let locale = self.language_for_mail(txn, account_id).await?;
        for recipient in recipients {
            notify::enqueue(
                txn,
                self.vault(),
                now,
                &recipient,
                locale,
                Notice::ClinicRecoveryIssued,
            )
            .await?;
        }
        Ok(())
    }
}

/// Refuses a code from a browser signed in as the staff member who issued or approved it, or any
/// staff browser for a recovery code.
pub(crate) fn refused_for_caller(
    row: &activation_code::Model,
    caller: Option<&CurrentSession>,
) -> bool {
    let Some(caller) = caller else {
        return false;
    };
    let id = Some(caller.account.id.as_str());
    row.issued_by.as_deref() == id
        || row.approved_by.as_deref() == id
        || (row.account_id.is_some() && caller.account.role.is_staff())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recovery_role_is_admin_or_front_desk() {
        assert_eq!(RecoveryRole::default().role(), Role::Admin);
        assert!(RecoveryRole::default().allows(Role::Admin));
        assert!(!RecoveryRole::default().allows(Role::FrontDesk));
        let front = RecoveryRole::parse("front-desk").unwrap();
        assert!(front.allows(Role::FrontDesk) && front.allows(Role::Admin));
        assert!(!front.allows(Role::Clinician));
        assert!(RecoveryRole::parse("clinician").is_err());
        assert!(RecoveryRole::parse("billing").is_err());
    }
}
