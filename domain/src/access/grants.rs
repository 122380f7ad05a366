//! Proxy grants. A patient invites a caregiver (name, e-mail, relationship, scopes, optional end
//! date); clinic staff set up guardians for minors. The invitation is a single-use activation
//! code: the caregiver enrols their own account and passkey with it, or, already signed in,
//! accepts it onto the account they have. The patient (or, for a minor, the clinic) edits scopes
//! and revokes; each change needs a fresh passkey check and takes effect on the next request,
//! because the policy reads the grant on every request.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::{
    Access, AccountScope, Authorized, GrantKind, Mode, PatientScope, Scope, Scopes,
    policy::{self, Basis},
    rules::{self, AgeBand},
};
use crate::{
    DomainError, DomainResult,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    db::begin_write,
    entities::{activation_code, proxy_grant},
    i18n::Said,
    identity::{CodeRequest, CurrentSession, Issuer, Role},
    notify::{self, Notice},
    phi, said,
    secrets::Secret,
    vault::Vault,
};

/// What every refused invitation code gets, whichever check failed.
pub fn invitation_refusal() -> Said {
    said!("acct-invitation-refused")
}

/// A caregiver to invite, validated.
#[derive(Clone, Debug)]
pub struct NewCaregiver {
    pub name: String,
    pub email: Option<String>,
    pub relationship: String,
    pub scopes: Scopes,
    /// The first moment the grant no longer works (the day after the chosen last day, UTC).
    pub expires_at: Option<DateTime<Utc>>,
}

impl NewCaregiver {
    pub fn parse(
        name: &str,
        email: &str,
        relationship: &str,
        scopes: &[String],
        last_day: &str,
        today: NaiveDate,
    ) -> DomainResult<Self> {
        Ok(Self {
            name: crate::identity::parse_name("name", name)?,
            email: crate::identity::parse_optional_email(email)?,
            relationship: parse_relationship(relationship)?,
            scopes: Scopes::parse_grantable(scopes)?,
            expires_at: parse_last_day(last_day, today)?,
        })
    }
}

fn parse_relationship(value: &str) -> DomainResult<String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 40 || value.chars().any(char::is_control) {
        return Err(DomainError::validation(
            "relationship",
            said!("perm-relationship-invalid"),
        ));
    }
    Ok(value.to_owned())
}

/// An optional last day of access (`YYYY-MM-DD`), today or later.
pub fn parse_last_day(value: &str, today: NaiveDate) -> DomainResult<Option<DateTime<Utc>>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| DomainError::validation("expires_on", said!("perm-expires-format")))?;
    if day < today {
        return Err(DomainError::validation(
            "expires_on",
            said!("perm-expires-past"),
        ));
    }
    Ok(Some(
        (day + Duration::days(1)).and_time(NaiveTime::MIN).and_utc(),
    ))
}

/// An invitation just created. The code is shown once, to the person who invited.
#[derive(Debug)]
pub struct CaregiverInvited {
    pub grant_id: String,
    pub caregiver_name: String,
    pub code: Secret,
    pub code_expires_at: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantStatus {
    /// Invitation not yet accepted.
    Invited,
    Active,
    Expired,
    Revoked,
    /// Ended because the patient came of age.
    EndedAtMajority,
}

impl GrantStatus {
    pub const ALL: [GrantStatus; 5] = [
        Self::Invited,
        Self::Active,
        Self::Expired,
        Self::Revoked,
        Self::EndedAtMajority,
    ];

    /// A code for the status (it is not stored: a grant's columns imply it).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Active => "active",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
            Self::EndedAtMajority => "ended-at-majority",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Invited => "Invitation sent",
            Self::Active => "Active",
            Self::Expired => "Expired",
            Self::Revoked => "Revoked",
            Self::EndedAtMajority => "Ended at 18",
        }
    }

    pub fn is_live(self) -> bool {
        matches!(self, Self::Invited | Self::Active)
    }
}

/// A grant as the patient (or clinic) sees it on the sharing page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantSummary {
    pub id: String,
    pub caregiver_name: String,
    pub caregiver_email: Option<String>,
    pub relationship: String,
    pub kind: GrantKind,
    pub scopes: Scopes,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub status: GrantStatus,
}

/// Someone the signed-in person may act for, and what they may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CareRecipient {
    pub patient_id: String,
    pub display_name: String,
    pub relationship: String,
    pub kind: GrantKind,
    pub scopes: Scopes,
    pub expires_at: Option<DateTime<Utc>>,
}

fn status(row: &proxy_grant::Model, now: DateTime<Utc>) -> GrantStatus {
    match (row.end_reason.as_deref(), row.ended_at) {
        (Some("age_of_majority"), Some(_)) => GrantStatus::EndedAtMajority,
        (_, Some(_)) => GrantStatus::Revoked,
        _ if row.expires_at.is_some_and(|at| at <= now) => GrantStatus::Expired,
        _ if row.grantee_account_id.is_none() => GrantStatus::Invited,
        _ => GrantStatus::Active,
    }
}

fn summary(
    vault: &Vault,
    row: proxy_grant::Model,
    now: DateTime<Utc>,
) -> DomainResult<GrantSummary> {
    let grantee = phi::open_grantee(vault, &row)?;
    Ok(GrantSummary {
        status: status(&row, now),
        kind: GrantKind::parse(&row.kind)
            .ok_or_else(|| DomainError::Internal(format!("grant {} kind", row.id)))?,
        scopes: Scopes::parse(&row.scopes)?,
        id: row.id,
        caregiver_name: grantee.contact.name,
        caregiver_email: grantee.contact.email,
        relationship: grantee.relationship,
        expires_at: row.expires_at,
        created_at: row.created_at,
    })
}

impl Access {
    /// Every sharing change needs the policy's `manage_access` write answer and a fresh passkey
    /// check of the same person's session.
    fn sharing_change<'a>(
        &self,
        auth: &'a Authorized<PatientScope>,
        session: &CurrentSession,
    ) -> DomainResult<&'a Authorized<PatientScope>> {
        auth.require(Scope::ManageAccess, Mode::Write)?;
        auth.require_session(session)?;
        self.identity().require_step_up(session)?;
        Ok(auth)
    }

    /// Invites a caregiver for a patient: by the patient (a personal grant) or by front desk or an
    /// admin (a guardian grant, only for a minor). Needs a fresh passkey check.
    #[tracing::instrument(name = "access.invite_caregiver", skip_all)]
    pub async fn invite_caregiver(
        &self,
        auth: &Authorized<PatientScope>,
        session: &CurrentSession,
        caregiver: NewCaregiver,
        meta: &RequestMeta,
    ) -> DomainResult<CaregiverInvited> {
        let permit = self.sharing_change(auth, session)?;
        let patient_id = permit.patient_id();
        let kind = match permit.basis() {
            Basis::Patient => GrantKind::Personal,
            Basis::Staff(_) => {
                let rules = rules::age_rules(self.db()).await?;
                let born = permit.patient().birth_date;
                if rules.band(born, self.now().date_naive()) == AgeBand::Adult {
                    return Err(DomainError::validation(
                        "relationship",
                        said!("perm-guardian-adult"),
                    ));
                }
                GrantKind::Guardian
            }
            _ => return Err(DomainError::Forbidden),
        };
        let actor = permit.actor()?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let grant_id = uuid::Uuid::new_v4().to_string();
        let grantee = phi::seal_grantee(
            self.vault(),
            &grant_id,
            &phi::Grantee {
                contact: phi::Contact {
                    name: caregiver.name.clone(),
                    email: caregiver.email.clone(),
                },
                relationship: caregiver.relationship,
            },
        )?;
        proxy_grant::ActiveModel {
            id: Set(grant_id.clone()),
            patient_id: Set(patient_id.to_owned()),
            grantee_account_id: Set(None),
            grantee_name: Set(grantee.contact.name),
            grantee_email: Set(grantee.contact.email),
            relationship: Set(grantee.relationship),
            kind: Set(kind.as_str().to_owned()),
            scopes: Set(caregiver.scopes.to_stored()),
            expires_at: Set(caregiver.expires_at),
            created_by: Set(Some(actor.id.clone())),
            created_at: Set(now),
            updated_at: Set(now),
            accepted_at: Set(None),
            ended_at: Set(None),
            ended_by: Set(None),
            end_reason: Set(None),
        }
        .insert(&txn)
        .await?;
        let issued = self
            .identity()
            .issue_code(
                &txn,
                now,
                Issuer::Staff(actor),
                CodeRequest {
                    role: Role::Caregiver,
                    display_name: caregiver.name.clone(),
                    email: caregiver.email,
                    patient_id: None,
                    account_id: None,
                    proxy_grant_id: Some(grant_id.clone()),
                },
                meta,
            )
            .await?;
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("proxy.invite")
                .resource("proxy_grant", grant_id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(CaregiverInvited {
            grant_id,
            caregiver_name: caregiver.name,
            code: issued.code,
            code_expires_at: issued.expires_at,
        })
    }

    /// Every grant on a patient's record, live ones first.
    #[tracing::instrument(name = "access.patient_grants", skip_all)]
    pub async fn patient_grants(
        &self,
        auth: &Authorized<PatientScope>,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<GrantSummary>> {
        let permit = auth.require(Scope::ManageAccess, Mode::Read)?;
        let patient_id = permit.patient_id();
        let now = self.now();
        audit::record(self.db(), now, meta, permit.audit("proxy.read")).await?;
        let rows = proxy_grant::Entity::find()
            .filter(proxy_grant::Column::PatientId.eq(patient_id))
            .order_by_desc(proxy_grant::Column::CreatedAt)
            .all(self.db())
            .await?;
        let mut grants = rows
            .into_iter()
            .map(|row| summary(self.vault(), row, now))
            .collect::<DomainResult<Vec<_>>>()?;
        grants.sort_by_key(|g| !g.status.is_live());
        Ok(grants)
    }

    /// Changes a live grant's scopes and last day. Needs a fresh passkey check.
    #[tracing::instrument(name = "access.update_grant", skip_all)]
    pub async fn update_grant(
        &self,
        auth: &Authorized<PatientScope>,
        session: &CurrentSession,
        grant_id: &str,
        scopes: Scopes,
        expires_at: Option<DateTime<Utc>>,
        meta: &RequestMeta,
    ) -> DomainResult<GrantSummary> {
        let permit = self.sharing_change(auth, session)?;
        let patient_id = permit.patient_id();
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let row = live_grant(&txn, patient_id, grant_id, now).await?;
        let mut update: proxy_grant::ActiveModel = row.into();
        update.scopes = Set(scopes.to_stored());
        update.expires_at = Set(expires_at);
        update.updated_at = Set(now);
        let row = update.update(&txn).await?;
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("proxy.update")
                .resource("proxy_grant", grant_id),
        )
        .await?;
        txn.commit().await?;
        summary(self.vault(), row, now)
    }

    /// Ends a grant (and any invitation code not yet used). Needs a fresh passkey check.
    #[tracing::instrument(name = "access.revoke_grant", skip_all)]
    pub async fn revoke_grant(
        &self,
        auth: &Authorized<PatientScope>,
        session: &CurrentSession,
        grant_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let permit = self.sharing_change(auth, session)?;
        let patient_id = permit.patient_id();
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let row = live_grant(&txn, patient_id, grant_id, now).await?;
        end_grant(
            self.identity(),
            &txn,
            row,
            now,
            permit.actor_id().map(str::to_owned),
            "revoked",
        )
        .await?;
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("proxy.revoke")
                .resource("proxy_grant", grant_id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// A signed-in person accepts a caregiver invitation onto the account they already have.
    #[tracing::instrument(name = "access.accept_caregiver_invitation", skip_all)]
    pub async fn accept_caregiver_invitation(
        &self,
        auth: &Authorized<AccountScope>,
        code: &str,
        meta: &RequestMeta,
    ) -> DomainResult<CareRecipient> {
        let account = auth.actor()?.clone();
        let now = self.now();
        let refused = || DomainError::validation("code", invitation_refusal());
        let throttle_key = format!("accept:{}", account.id);
        let txn = begin_write(self.db()).await?;
        let failure = |reason| {
            AuditEntry::new("proxy.accept", Outcome::Failure)
                .actor(account.id.clone())
                .reason(reason)
        };
        if crate::identity::throttle::is_throttled(&txn, &throttle_key, now).await? {
            audit::append(&txn, now, meta, failure("throttled")).await?;
            txn.commit().await?;
            return Err(refused());
        }
        let usable = self.identity().open_grant_code(&txn, code, now).await?;
        let grant = match &usable {
            Some(code) => match &code.proxy_grant_id {
                Some(id) => proxy_grant::Entity::find_by_id(id).one(&txn).await?,
                None => None,
            },
            None => None,
        };
        let (Some(code), Some(grant)) = (usable, grant) else {
            crate::identity::throttle::record_failure(&txn, &throttle_key, now).await?;
            audit::append(&txn, now, meta, failure("unknown_code")).await?;
            txn.commit().await?;
            return Err(refused());
        };
        if account.role.is_staff() {
            return Err(DomainError::validation(
                "code",
                said!("acct-invitation-staff"),
            ));
        }
        if account.patient_id.as_deref() == Some(grant.patient_id.as_str()) {
            return Err(DomainError::validation(
                "code",
                said!("acct-invitation-own-record"),
            ));
        }
        if grant.ended_at.is_some() || grant.grantee_account_id.is_some() {
            crate::identity::throttle::record_failure(&txn, &throttle_key, now).await?;
            audit::append(&txn, now, meta, failure("grant_inactive")).await?;
            txn.commit().await?;
            return Err(refused());
        }
        crate::identity::throttle::clear(&txn, &throttle_key).await?;
        let grant = accept_grant(&txn, grant, &account.id, now, meta).await?;
        self.identity()
            .spend_code(&txn, &code.id, &account.id, now)
            .await?;
        txn.commit().await?;
        let people = self.people_in_care_of(&account).await?;
        people
            .into_iter()
            .find(|p| p.patient_id == grant.patient_id)
            .ok_or_else(|| DomainError::Internal("accepted grant gives no access".into()))
    }

    /// The people the signed-in person may act for right now, with what they may see of each.
    #[tracing::instrument(name = "access.care_recipients", skip_all)]
    pub async fn care_recipients(
        &self,
        permit: &Authorized<AccountScope>,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<CareRecipient>> {
        let people = self.people_in_care_of(permit.actor()?).await?;
        if !people.is_empty() {
            // The list names the people cared for; each read is on record.
            audit::record(self.db(), self.now(), meta, permit.audit("care_list.read")).await?;
        }
        Ok(people)
    }

    async fn people_in_care_of(
        &self,
        account: &crate::identity::AccountSummary,
    ) -> DomainResult<Vec<CareRecipient>> {
        if account.role.is_staff() {
            return Ok(Vec::new());
        }
        let now = self.now();
        let rules = rules::age_rules(self.db()).await?;
        let rows = proxy_grant::Entity::find()
            .filter(proxy_grant::Column::GranteeAccountId.eq(account.id.as_str()))
            .filter(proxy_grant::Column::EndedAt.is_null())
            .all(self.db())
            .await?;
        let mut people = Vec::new();
        for row in rows {
            let Some(patient) = phi::find_patient(self.db(), self.vault(), &row.patient_id).await?
            else {
                continue;
            };
            let facts = policy::PatientFacts {
                birth_date: patient.birth_date,
                grants: vec![super::grant_facts(row.clone())?],
            };
            if let Ok(decision) = policy::patient_access(account, &patient.id, &facts, &rules, now)
            {
                people.push(CareRecipient {
                    display_name: patient.display_name(),
                    patient_id: patient.id,
                    relationship: phi::open_grantee(self.vault(), &row)?.relationship,
                    kind: facts.grants[0].kind,
                    scopes: decision.scopes,
                    expires_at: row.expires_at,
                });
            }
        }
        people.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        Ok(people)
    }

    /// Who may see this patient's `scope` right now, by the policy: the patient's own active
    /// account and every caregiver whose live grant reaches it (age rules included). Each comes
    /// with whether they are the patient. For notices (visit reminders), not for access.
    pub async fn audience(
        &self,
        patient_id: &str,
        scope: Scope,
    ) -> DomainResult<Vec<(crate::identity::AccountSummary, bool)>> {
        let Some(patient) = phi::find_patient(self.db(), self.vault(), patient_id).await? else {
            return Ok(Vec::new());
        };
        let now = self.now();
        let rules = rules::age_rules(self.db()).await?;
        let grants = proxy_grant::Entity::find()
            .filter(proxy_grant::Column::PatientId.eq(patient_id))
            .filter(proxy_grant::Column::EndedAt.is_null())
            .filter(proxy_grant::Column::GranteeAccountId.is_not_null())
            .all(self.db())
            .await?;
        let grantees: Vec<String> = grants
            .iter()
            .filter_map(|g| g.grantee_account_id.clone())
            .collect();
        let accounts = self
            .identity()
            .active_accounts(&grantees, Some(patient_id))
            .await?;
        let mut audience = Vec::new();
        for account in accounts {
            let facts = policy::PatientFacts {
                birth_date: patient.birth_date,
                grants: grants
                    .iter()
                    .filter(|g| g.grantee_account_id.as_deref() == Some(account.id.as_str()))
                    .cloned()
                    .map(super::grant_facts)
                    .collect::<DomainResult<Vec<_>>>()?,
            };
            let sees = policy::patient_access(&account, patient_id, &facts, &rules, now)
                .is_ok_and(|decision| decision.scopes.contains(scope));
            if sees && !account.role.is_staff() {
                let own = account.patient_id.as_deref() == Some(patient_id);
                audience.push((account, own));
            }
        }
        audience.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.id.cmp(&b.0.id)));
        Ok(audience)
    }

    /// The e-mail addresses (each with its account's language) to tell of news from the clinic
    /// about this patient's `scope`: the
    /// [`Access::audience`] minus whoever turned these notices off; only the patient for news
    /// about something `confidential` (a guardian of an adolescent may not see it).
    pub async fn news_recipients(
        &self,
        patient_id: &str,
        scope: Scope,
        confidential: bool,
    ) -> DomainResult<Vec<(String, crate::i18n::Locale)>> {
        use crate::notify::Optional;
        let audience: Vec<_> = self
            .audience(patient_id, scope)
            .await?
            .into_iter()
            .filter(|(_, own)| *own || !confidential)
            .collect();
        let ids: Vec<String> = audience.iter().map(|(a, _)| a.id.clone()).collect();
        let off = self
            .identity()
            .turned_off(&ids, Some(Optional::ClinicNews))
            .await?;
        let languages = self.identity().languages(&ids).await?;
        let default = self.identity().settings().default_locale;
        Ok(audience
            .into_iter()
            .filter(|(a, _)| !off.contains(&(a.id.clone(), Optional::ClinicNews)))
            .filter_map(|(a, _)| {
                let locale = languages.get(&a.id).copied().unwrap_or(default);
                a.email.map(|email| (email, locale))
            })
            .collect())
    }

    /// Ends the guardian grants of patients who have come of age. The policy already refuses them
    /// from the birthday on; this records the end, so the sharing pages and the audit log say so.
    /// Returns how many grants ended.
    pub async fn end_guardian_grants_at_majority(&self) -> DomainResult<usize> {
        let now = self.now();
        let rules = rules::age_rules(self.db()).await?;
        let rows = proxy_grant::Entity::find()
            .filter(proxy_grant::Column::Kind.eq(GrantKind::Guardian.as_str()))
            .filter(proxy_grant::Column::EndedAt.is_null())
            .all(self.db())
            .await?;
        let mut ended = 0;
        let mut notified = std::collections::HashSet::new();
        for row in rows {
            let Some(patient) = phi::find_patient(self.db(), self.vault(), &row.patient_id).await?
            else {
                continue;
            };
            if rules.band(patient.birth_date, now.date_naive()) != AgeBand::Adult {
                continue;
            }
            // The young adult, if they have no account of their own yet, hears how to get one.
            let has_account = !self
                .identity()
                .patients_with_accounts(std::slice::from_ref(&patient.id))
                .await?
                .is_empty();
            let txn = begin_write(self.db()).await?;
            let grant_id = row.id.clone();
            end_grant(self.identity(), &txn, row, now, None, "age_of_majority").await?;
            if let Some(email) = &patient.email
                && !has_account
                && notified.insert(patient.id.clone())
            {
                // No account yet, so no language chosen: the clinic's.
                notify::enqueue(
                    &txn,
                    self.vault(),
                    now,
                    email,
                    self.identity().settings().default_locale,
                    Notice::GuardianAccessEndedAtMajority,
                )
                .await?;
            }
            audit::append(
                &txn,
                now,
                &RequestMeta::default(),
                AuditEntry::new("proxy.end", Outcome::Success)
                    .acting_for(Some(patient.id.clone()))
                    .resource("proxy_grant", grant_id)
                    .reason("age_of_majority"),
            )
            .await?;
            txn.commit().await?;
            ended += 1;
        }
        Ok(ended)
    }
}

/// Links a pending grant to the account that accepted it (enrolment or acceptance) and records
/// that in the patient's audit trail.
pub(crate) async fn accept_grant(
    db: &impl ConnectionTrait,
    grant: proxy_grant::Model,
    account_id: &str,
    now: DateTime<Utc>,
    meta: &RequestMeta,
) -> DomainResult<proxy_grant::Model> {
    let mut update: proxy_grant::ActiveModel = grant.into();
    update.grantee_account_id = Set(Some(account_id.to_owned()));
    update.accepted_at = Set(Some(now));
    update.updated_at = Set(now);
    let grant = update.update(db).await?;
    audit::append(
        db,
        now,
        meta,
        AuditEntry::new("proxy.accept", Outcome::Success)
            .actor(account_id)
            .acting_for(Some(grant.patient_id.clone()))
            .resource("proxy_grant", grant.id.clone()),
    )
    .await?;
    Ok(grant)
}

async fn live_grant(
    db: &impl ConnectionTrait,
    patient_id: &str,
    grant_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<proxy_grant::Model> {
    proxy_grant::Entity::find_by_id(grant_id)
        .filter(proxy_grant::Column::PatientId.eq(patient_id))
        .one(db)
        .await?
        .filter(|row| {
            // An expired grant can still be extended or revoked; a revoked one is final.
            matches!(
                status(row, now),
                GrantStatus::Invited | GrantStatus::Active | GrantStatus::Expired
            )
        })
        .ok_or(DomainError::NotFound)
}

async fn end_grant(
    identity: &crate::identity::Identity,
    db: &impl ConnectionTrait,
    row: proxy_grant::Model,
    now: DateTime<Utc>,
    by: Option<String>,
    reason: &str,
) -> DomainResult<()> {
    let grant_id = row.id.clone();
    let mut update: proxy_grant::ActiveModel = row.into();
    update.ended_at = Set(Some(now));
    update.ended_by = Set(by);
    update.end_reason = Set(Some(reason.to_owned()));
    update.updated_at = Set(now);
    update.update(db).await?;
    // The invitation code, if not used yet, stops working with the grant.
    identity.revoke_grant_codes(db, &grant_id, now).await
}

/// The open grant an invitation code accepts, if it is still open (used by enrolment).
pub(crate) async fn grant_for_code(
    db: &impl ConnectionTrait,
    code: &activation_code::Model,
) -> DomainResult<Option<proxy_grant::Model>> {
    match &code.proxy_grant_id {
        Some(id) => Ok(proxy_grant::Entity::find_by_id(id)
            .one(db)
            .await?
            .filter(|g| g.ended_at.is_none() && g.grantee_account_id.is_none())),
        None => Ok(None),
    }
}
