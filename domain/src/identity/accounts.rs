//! Accounts and the clinic-issued activation codes that create them: the first admin (CLI), staff
//! invitations (admins), patient invitations and re-issued codes (front desk and admins).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::{Identity, Operator, Role, clinic_recovery};
use crate::{
    DomainError, DomainResult,
    access::{
        AgeRules, ClinicTask, Target,
        policy::{self},
    },
    audit::{self, AuditEntry, Outcome, RequestMeta},
    db::begin_write,
    entities::{account, activation_code},
    phi, said,
    secrets::{self, Secret},
};

/// The parts of an account the rest of Portico needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountSummary {
    pub id: String,
    pub role: Role,
    pub display_name: String,
    pub email: Option<String>,
    pub patient_id: Option<String>,
}

/// Who is issuing a code: an operator at the server's command line, or a signed-in staff member.
#[derive(Clone, Copy, Debug)]
pub enum Issuer<'a> {
    CommandLine,
    Staff(&'a AccountSummary),
}

impl Issuer<'_> {
    pub(crate) fn account_id(self) -> Option<String> {
        match self {
            Self::CommandLine => None,
            Self::Staff(account) => Some(account.id.clone()),
        }
    }
}

/// A patient to invite, validated.
#[derive(Clone, Debug)]
pub struct NewPatient {
    pub given_name: String,
    pub family_name: String,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
}

impl NewPatient {
    pub fn parse(
        given_name: &str,
        family_name: &str,
        birth_date: &str,
        email: &str,
        today: NaiveDate,
    ) -> DomainResult<Self> {
        Ok(Self {
            given_name: parse_name("given_name", given_name)?,
            family_name: parse_name("family_name", family_name)?,
            birth_date: parse_birth_date(birth_date, today)?,
            email: parse_optional_email(email)?,
        })
    }

    pub fn display_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// A staff member to invite, validated.
#[derive(Clone, Debug)]
pub struct NewStaff {
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
}

impl NewStaff {
    pub fn parse(display_name: &str, email: &str, role: &str) -> DomainResult<Self> {
        let role = Role::parse(role)?;
        if !role.is_staff() {
            return Err(DomainError::validation("role", said!("acct-role-choose")));
        }
        Ok(Self {
            display_name: parse_name("display_name", display_name)?,
            email: parse_optional_email(email)?,
            role,
        })
    }
}

pub(crate) fn parse_name(field: &'static str, value: &str) -> DomainResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(DomainError::validation(field, said!("acct-name-empty")));
    }
    if value.chars().count() > 100 || value.chars().any(char::is_control) {
        return Err(DomainError::validation(field, said!("acct-name-too-long")));
    }
    Ok(value.to_owned())
}

/// A date of birth as typed (`YYYY-MM-DD`, what `<input type=date>` sends): not in the future,
/// not before 1900.
pub fn parse_birth_date(value: &str, today: NaiveDate) -> DomainResult<NaiveDate> {
    let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| DomainError::validation("birth_date", said!("acct-birth-date-format")))?;
    if date > today || date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err(DomainError::validation(
            "birth_date",
            said!("acct-birth-date-range"),
        ));
    }
    Ok(date)
}

pub(crate) fn parse_optional_email(value: &str) -> DomainResult<Option<String>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let valid = value.len() <= 254
        && value
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !value.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(Some(value.to_owned()))
    } else {
        Err(DomainError::validation(
            "email",
            said!("acct-email-invalid"),
        ))
    }
}

/// A code just issued. The plain code is shown once and never stored.
#[derive(Debug)]
pub struct ActivationCodeIssued {
    pub code: Secret,
    pub invitation_id: String,
    pub display_name: String,
    pub patient_id: Option<String>,
    pub expires_at: DateTime<Utc>,
    /// A recovery code that works only once a second member of staff approves it.
    pub awaiting_approval: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationSummary {
    pub id: String,
    pub display_name: String,
    pub role: Role,
    pub patient_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub status: InvitationStatus,
    /// Who issued it (`None`: the command line).
    pub issued_by: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvitationStatus {
    /// A recovery code waiting for its second approval.
    AwaitingApproval,
    Pending,
    Used,
    Expired,
    Revoked,
}

impl InvitationStatus {
    pub const ALL: [InvitationStatus; 5] = [
        Self::AwaitingApproval,
        Self::Pending,
        Self::Used,
        Self::Expired,
        Self::Revoked,
    ];

    /// A code for the status (it is not stored: a code's columns imply it).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingApproval => "awaiting-approval",
            Self::Pending => "pending",
            Self::Used => "used",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingApproval => "Needs a second approval",
            Self::Pending => "Waiting",
            Self::Used => "Enrolled",
            Self::Expired => "Expired",
            Self::Revoked => "Replaced",
        }
    }
}

pub(crate) struct CodeRequest {
    pub role: Role,
    pub display_name: String,
    pub email: Option<String>,
    pub patient_id: Option<String>,
    pub account_id: Option<String>,
    /// For a caregiver: the grant the code accepts.
    pub proxy_grant_id: Option<String>,
}

/// Caregiver invitation codes, as the access area uses them inside its own transactions (the
/// codes are this area's; the grants they open are access's).
impl Identity {
    /// The open code for a caregiver invitation that `code` is, if any: well formed, issued for
    /// a grant, not used, revoked or expired.
    pub(crate) async fn open_grant_code(
        &self,
        db: &impl ConnectionTrait,
        code: &str,
        now: DateTime<Utc>,
    ) -> DomainResult<Option<activation_code::Model>> {
        let normalized = secrets::normalize_code(code);
        if !secrets::is_well_formed_code(&normalized) {
            return Ok(None);
        }
        Ok(activation_code::Entity::find()
            .filter(activation_code::Column::CodeHash.eq(secrets::sha256_hex(&normalized)))
            .one(db)
            .await?
            .filter(|r| {
                r.proxy_grant_id.is_some()
                    && r.used_at.is_none()
                    && r.revoked_at.is_none()
                    && now < r.expires_at
            }))
    }

    /// Marks a code used, by the account that used it.
    pub(crate) async fn spend_code(
        &self,
        db: &impl ConnectionTrait,
        code_id: &str,
        account_id: &str,
        now: DateTime<Utc>,
    ) -> DomainResult<()> {
        activation_code::Entity::update_many()
            .col_expr(activation_code::Column::UsedAt, Some(now).into())
            .col_expr(
                activation_code::Column::AccountId,
                Some(account_id.to_owned()).into(),
            )
            .filter(activation_code::Column::Id.eq(code_id))
            .exec(db)
            .await?;
        Ok(())
    }

    /// Revokes the unused invitation codes of a grant that ended.
    pub(crate) async fn revoke_grant_codes(
        &self,
        db: &impl ConnectionTrait,
        grant_id: &str,
        now: DateTime<Utc>,
    ) -> DomainResult<()> {
        activation_code::Entity::update_many()
            .col_expr(activation_code::Column::RevokedAt, Some(now).into())
            .filter(activation_code::Column::ProxyGrantId.eq(grant_id))
            .filter(activation_code::Column::UsedAt.is_null())
            .filter(activation_code::Column::RevokedAt.is_null())
            .exec(db)
            .await?;
        Ok(())
    }
}

impl Identity {
    /// The accounts with these ids, opened, by id (for naming people in logs).
    pub async fn accounts_by_id(
        &self,
        ids: &[String],
    ) -> DomainResult<std::collections::HashMap<String, AccountSummary>> {
        Ok(phi::find_accounts(self.db(), self.vault(), ids)
            .await?
            .into_iter()
            .map(|account| (account.id.clone(), account))
            .collect())
    }

    /// Of the accounts with these ids, the active ones (enrolled, not disabled), opened; and,
    /// with `patient_id`, also the active accounts of that patient. For choosing whom to e-mail.
    pub async fn active_accounts(
        &self,
        ids: &[String],
        patient_id: Option<&str>,
    ) -> DomainResult<Vec<AccountSummary>> {
        let mut whose =
            sea_orm::Condition::any().add(account::Column::Id.is_in(ids.iter().cloned()));
        if let Some(patient_id) = patient_id {
            whose = whose.add(account::Column::PatientId.eq(patient_id));
        }
        account::Entity::find()
            .filter(whose)
            .filter(account::Column::Status.eq(ACTIVE))
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| phi::open_account(self.vault(), row))
            .collect()
    }

    /// The active (enrolled, not disabled) staff accounts of these roles, opened: for staff
    /// e-mails such as the inbox digest.
    pub async fn active_staff(&self, roles: &[Role]) -> DomainResult<Vec<AccountSummary>> {
        account::Entity::find()
            .filter(account::Column::Role.is_in(roles.iter().map(|r| r.as_str())))
            .filter(account::Column::Status.eq(ACTIVE))
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| phi::open_account(self.vault(), row))
            .collect()
    }

    /// Which of these patients have an account (enrolled or not yet), for staff lists.
    #[tracing::instrument(name = "identity.patients_with_accounts", skip_all)]
    pub async fn patients_with_accounts(
        &self,
        patient_ids: &[String],
    ) -> DomainResult<Vec<String>> {
        let rows: Vec<Option<String>> = account::Entity::find()
            .select_only()
            .column(account::Column::PatientId)
            .filter(account::Column::PatientId.is_in(patient_ids.iter().cloned()))
            .into_tuple()
            .all(self.db())
            .await?;
        Ok(rows.into_iter().flatten().collect())
    }

    /// Creates the first administrator's enrolment code. Refused once an admin account exists:
    /// after that, admins invite each other from the staff pages.
    #[tracing::instrument(name = "identity.create_first_admin", skip_all)]
    pub async fn create_first_admin(
        &self,
        display_name: &str,
        email: &str,
    ) -> DomainResult<ActivationCodeIssued> {
        let staff = NewStaff::parse(display_name, email, "admin")?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let admins = account::Entity::find()
            .filter(account::Column::Role.eq(Role::Admin.as_str()))
            .count(&txn)
            .await?;
        if admins > 0 {
            return Err(DomainError::Conflict(
                "an administrator already exists; invite staff from the Staff pages".into(),
            ));
        }
        let issued = self
            .issue_code(
                &txn,
                now,
                Issuer::CommandLine,
                CodeRequest {
                    role: Role::Admin,
                    display_name: staff.display_name,
                    email: staff.email,
                    patient_id: None,
                    account_id: None,
                    proxy_grant_id: None,
                },
                &RequestMeta::cli(),
            )
            .await?;
        txn.commit().await?;
        Ok(issued)
    }

    /// Registers a patient and issues their activation code.
    #[tracing::instrument(name = "identity.invite_patient", skip_all)]
    pub async fn invite_patient(
        &self,
        issuer: Issuer<'_>,
        patient: NewPatient,
        meta: &RequestMeta,
    ) -> DomainResult<ActivationCodeIssued> {
        self.require_issuer(issuer, ClinicTask::InvitePatients, "patient.invite", meta)
            .await?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let patient_id = uuid::Uuid::new_v4().to_string();
        phi::insert_patient(
            &txn,
            self.vault(),
            &phi::PatientIdentity {
                id: patient_id.clone(),
                given_name: patient.given_name.clone(),
                family_name: patient.family_name.clone(),
                birth_date: patient.birth_date,
                email: patient.email.clone(),
            },
            now,
        )
        .await?;
        let issued = self
            .issue_code(
                &txn,
                now,
                issuer,
                CodeRequest {
                    role: Role::Patient,
                    display_name: patient.display_name(),
                    email: patient.email,
                    patient_id: Some(patient_id),
                    account_id: None,
                    proxy_grant_id: None,
                },
                meta,
            )
            .await?;
        txn.commit().await?;
        Ok(issued)
    }

    /// Issues a new code for a patient already registered. Earlier codes for the patient stop
    /// working.
    ///
    /// For a patient without an account yet (a lost invitation) this is an invitation again, for
    /// whoever may invite patients. For a patient who has an account (lost passkeys and recovery
    /// codes) it is an account recovery (`clinic_recovery`): only the clinic's recovery role, with
    /// a fresh passkey check; the patient is notified; and the code works only once a second
    /// member of staff approves it (at once when the operator issues it at the command line).
    #[tracing::instrument(name = "identity.reissue_patient_code", skip_all)]
    pub async fn reissue_patient_code(
        &self,
        operator: Operator<'_>,
        patient_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<ActivationCodeIssued> {
        let issuer = match operator {
            Operator::CommandLine => Issuer::CommandLine,
            Operator::Staff(session) => Issuer::Staff(&session.account),
        };
        self.require_issuer(issuer, ClinicTask::InvitePatients, "patient.invite", meta)
            .await?;
        let existing = account::Entity::find()
            .filter(account::Column::PatientId.eq(patient_id))
            .one(self.db())
            .await?;
        if existing.is_some() {
            self.require_recovery_operator(operator, "recovery.issue", Some(patient_id), meta)
                .await?;
        }
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let patient = phi::find_patient(&txn, self.vault(), patient_id)
            .await?
            .ok_or(DomainError::NotFound)?;
        revoke_pending_codes(&txn, now, activation_code::Column::PatientId, patient_id).await?;
        let account_id = existing.map(|a| a.id);
        let issued = self
            .issue_code(
                &txn,
                now,
                issuer,
                CodeRequest {
                    role: Role::Patient,
                    display_name: patient.display_name(),
                    email: patient.email.clone(),
                    patient_id: Some(patient.id),
                    account_id: account_id.clone(),
                    proxy_grant_id: None,
                },
                meta,
            )
            .await?;
        if let Some(account_id) = &account_id {
            self.notify_recovery_issued(&txn, account_id, patient.email.as_deref(), now)
                .await?;
        }
        txn.commit().await?;
        Ok(issued)
    }

    /// Issues an enrolment code for a new staff member.
    #[tracing::instrument(name = "identity.invite_staff", skip_all)]
    pub async fn invite_staff(
        &self,
        issuer: Issuer<'_>,
        staff: NewStaff,
        meta: &RequestMeta,
    ) -> DomainResult<ActivationCodeIssued> {
        self.require_issuer(issuer, ClinicTask::InviteStaff, "staff.invite", meta)
            .await?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let issued = self
            .issue_code(
                &txn,
                now,
                issuer,
                CodeRequest {
                    role: staff.role,
                    display_name: staff.display_name,
                    email: staff.email,
                    patient_id: None,
                    account_id: None,
                    proxy_grant_id: None,
                },
                meta,
            )
            .await?;
        txn.commit().await?;
        Ok(issued)
    }

    /// The most recent invitations, newest first, for the staff invitations page.
    /// The list names patients, so each read is audited (and so is a refused one).
    #[tracing::instrument(name = "identity.list_invitations", skip_all)]
    pub async fn list_invitations(
        &self,
        viewer: &AccountSummary,
        limit: u64,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<InvitationSummary>> {
        self.require_issuer(
            Issuer::Staff(viewer),
            ClinicTask::InvitePatients,
            "invitations.read",
            meta,
        )
        .await?;
        let now = self.now();
        audit::record(
            self.db(),
            now,
            meta,
            AuditEntry::new("invitations.read", Outcome::Success).actor(viewer.id.clone()),
        )
        .await?;
        let rows = activation_code::Entity::find()
            .order_by_desc(activation_code::Column::CreatedAt)
            .limit(limit)
            .all(self.db())
            .await?;
        rows.into_iter()
            .filter(|row| {
                policy::may_do(viewer.role, ClinicTask::InviteStaff)
                    || row.role == Role::Patient.as_str()
            })
            .map(|row| {
                let status = if row.used_at.is_some() {
                    InvitationStatus::Used
                } else if row.revoked_at.is_some() {
                    InvitationStatus::Revoked
                } else if row.expires_at <= now {
                    InvitationStatus::Expired
                } else if clinic_recovery::awaits_approval(&row) {
                    InvitationStatus::AwaitingApproval
                } else {
                    InvitationStatus::Pending
                };
                Ok(InvitationSummary {
                    role: Role::parse(&row.role)?,
                    display_name: phi::open_code_contact(self.vault(), &row)?.name,
                    id: row.id,
                    issued_by: row.issued_by,
                    patient_id: row.patient_id,
                    created_at: row.created_at,
                    expires_at: row.expires_at,
                    status,
                })
            })
            .collect()
    }

    /// The account behind an id, if it exists and is active.
    #[tracing::instrument(name = "identity.active_account", skip_all)]
    pub async fn active_account(
        &self,
        db: &impl ConnectionTrait,
        account_id: &str,
    ) -> DomainResult<Option<AccountSummary>> {
        match account::Entity::find_by_id(account_id).one(db).await? {
            Some(model) if model.status == ACTIVE => {
                Ok(Some(phi::open_account(self.vault(), model)?))
            }
            _ => Ok(None),
        }
    }

    /// Asks the policy whether the issuer may do this clinic task; a refusal is audited.
    async fn require_issuer(
        &self,
        issuer: Issuer<'_>,
        task: ClinicTask,
        action: &'static str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let account = match issuer {
            Issuer::CommandLine => return Ok(()),
            Issuer::Staff(account) => account,
        };
        match policy::decide(
            Some(account),
            Target::Clinic(task),
            None,
            &AgeRules::default(),
            self.now(),
        ) {
            Ok(_) => Ok(()),
            Err(reason) => {
                audit::record(
                    self.db(),
                    self.now(),
                    meta,
                    AuditEntry::new(action, Outcome::Denied)
                        .actor(account.id.clone())
                        .reason(reason.code()),
                )
                .await?;
                Err(DomainError::Forbidden)
            }
        }
    }

    pub(crate) async fn issue_code(
        &self,
        txn: &impl ConnectionTrait,
        now: DateTime<Utc>,
        issuer: Issuer<'_>,
        request: CodeRequest,
        meta: &RequestMeta,
    ) -> DomainResult<ActivationCodeIssued> {
        let code = secrets::new_activation_code();
        let id = uuid::Uuid::new_v4().to_string();
        let recovery = request.account_id.is_some();
        // A recovery code from the command line needs no second approval: the operator holds the
        // server and its keys already.
        let approved_at = (recovery && issuer.account_id().is_none()).then_some(now);
        let expires_at = now + self.settings().activation_code_ttl;
        let contact = phi::seal_code_contact(
            self.vault(),
            &id,
            &phi::Contact {
                name: request.display_name.clone(),
                email: request.email,
            },
        )?;
        activation_code::ActiveModel {
            id: Set(id.clone()),
            code_hash: Set(secrets::sha256_hex(&secrets::normalize_code(code.expose()))),
            role: Set(request.role.as_str().to_owned()),
            patient_id: Set(request.patient_id.clone()),
            account_id: Set(request.account_id),
            display_name: Set(contact.name),
            email: Set(contact.email),
            issued_by: Set(issuer.account_id()),
            created_at: Set(now),
            expires_at: Set(expires_at),
            used_at: Set(None),
            revoked_at: Set(None),
            failed_attempts: Set(0),
            proxy_grant_id: Set(request.proxy_grant_id.clone()),
            approved_by: Set(None),
            approved_at: Set(approved_at),
        }
        .insert(txn)
        .await?;
        let action = match request.role {
            _ if recovery => "recovery.issue",
            Role::Patient => "patient.invite",
            Role::Caregiver => "caregiver.invite",
            _ => "staff.invite",
        };
        audit::append(
            txn,
            now,
            meta,
            AuditEntry::new(action, Outcome::Success)
                .maybe_actor(issuer.account_id())
                .acting_for(request.patient_id.clone())
                .resource("activation_code", id.clone()),
        )
        .await?;
        Ok(ActivationCodeIssued {
            code,
            invitation_id: id,
            display_name: request.display_name,
            patient_id: request.patient_id,
            expires_at,
            awaiting_approval: recovery && approved_at.is_none(),
        })
    }
}

pub(crate) const ACTIVE: &str = "active";

async fn revoke_pending_codes(
    txn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    column: activation_code::Column,
    value: &str,
) -> DomainResult<()> {
    activation_code::Entity::update_many()
        .col_expr(activation_code::Column::RevokedAt, Some(now).into())
        .filter(column.eq(value))
        .filter(activation_code::Column::UsedAt.is_null())
        .filter(activation_code::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn patients_are_validated_field_by_field() {
        let ok = NewPatient::parse(" Ana ", "Silva", "1980-02-29", "", today()).unwrap();
        assert_eq!(ok.display_name(), "Ana Silva");
        assert_eq!(ok.email, None);
        let field = |r: DomainResult<NewPatient>| match r {
            Err(DomainError::Validation { field, .. }) => field,
            other => panic!("expected a validation error, got {other:?}"),
        };
        assert_eq!(
            field(NewPatient::parse("", "S", "1980-01-01", "", today())),
            "given_name"
        );
        assert_eq!(
            field(NewPatient::parse("A", "S", "2027-01-01", "", today())),
            "birth_date"
        );
        assert_eq!(
            field(NewPatient::parse("A", "S", "01/02/1980", "", today())),
            "birth_date"
        );
        assert_eq!(
            field(NewPatient::parse("A", "S", "1980-01-01", "ana@", today())),
            "email"
        );
    }

    #[test]
    fn staff_roles_exclude_patients_and_caregivers() {
        assert!(NewStaff::parse("Dr Who", "", "clinician").is_ok());
        assert!(NewStaff::parse("Dr Who", "", "patient").is_err());
        assert!(NewStaff::parse("Dr Who", "", "caregiver").is_err());
    }
}
