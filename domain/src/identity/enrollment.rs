//! Enrolment: a clinic-issued activation code (plus date of birth for patients) proves who someone
//! is once; they register a passkey and get a session and, for patients, recovery codes. A code
//! for a patient who already has an account (an account recovery, see `clinic_recovery`) adds a
//! passkey to that account and signs out every other session, once a second member of staff has
//! approved it. No code works from a browser signed in as the staff member who issued or approved
//! it.

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{PasskeyRegistration, Uuid};

use super::{
    CeremonyStart, CurrentSession, Enrolled, Identity, Role,
    accounts::ACTIVE,
    ceremonies::{self, CeremonyKind, CeremonyLinks},
    clinic_recovery::{self, awaiting_approval, issuer_browser},
    code_refused,
    passkeys::{parse_registration, refuse},
    throttle,
};
use crate::{
    DomainError, DomainResult,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    db::begin_write,
    entities::activation_code,
    notify::Notice,
    phi, said, secrets,
};

/// A wrong date of birth this many times spends the code: the clinic issues a new one.
const MAX_CODE_FAILURES: i32 = 10;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EnrollmentStart {
    pub ceremony: CeremonyStart,
    /// The name the passkey will carry on the person's device.
    pub display_name: String,
}

fn code_is_active(row: &activation_code::Model, now: chrono::DateTime<chrono::Utc>) -> bool {
    row.used_at.is_none() && row.revoked_at.is_none() && now < row.expires_at
}

/// Why a code that is active and matches may still not be used by this caller now: it is a
/// recovery code still waiting for its second approval, or the browser is signed in as the staff
/// member who issued or approved it (or, for a recovery code, as any staff member).
fn refusal_for(
    row: &activation_code::Model,
    caller: Option<&CurrentSession>,
) -> Option<(&'static str, DomainError)> {
    if clinic_recovery::refused_for_caller(row, caller) {
        return Some((
            "staff_browser",
            DomainError::validation("code", issuer_browser()),
        ));
    }
    if clinic_recovery::awaits_approval(row) {
        return Some((
            "awaiting_approval",
            DomainError::validation("code", awaiting_approval()),
        ));
    }
    None
}

fn caller_id(caller: Option<&CurrentSession>) -> Option<String> {
    caller.map(|c| c.account.id.clone())
}

/// Parses a date of birth as typed for a check; anything unreadable simply does not match.
fn typed_birth_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

impl Identity {
    /// Checks the code (and, for a patient, the date of birth) and returns passkey registration
    /// options. Every refusal of the code itself gives the same answer. `caller` is the session
    /// the browser is signed in with, if any.
    #[tracing::instrument(name = "identity.begin_enrollment", skip_all)]
    pub async fn begin_enrollment(
        &self,
        code: &str,
        birth_date: &str,
        caller: Option<&CurrentSession>,
        meta: &RequestMeta,
    ) -> DomainResult<EnrollmentStart> {
        let now = self.now();
        let normalized = secrets::normalize_code(code);
        let txn = begin_write(self.db()).await?;
        let failure = |reason| AuditEntry::new("enroll.begin", Outcome::Failure).reason(reason);
        if !secrets::is_well_formed_code(&normalized) {
            return refuse(
                txn,
                now,
                meta,
                failure("malformed_code"),
                code_refused("code"),
            )
            .await;
        }
        let Some(row) = activation_code::Entity::find()
            .filter(activation_code::Column::CodeHash.eq(secrets::sha256_hex(&normalized)))
            .one(&txn)
            .await?
        else {
            return refuse(
                txn,
                now,
                meta,
                failure("unknown_code"),
                code_refused("code"),
            )
            .await;
        };
        let throttle_key = format!("activation:{}", row.id);
        let failure = |reason| {
            failure(reason)
                .acting_for(row.patient_id.clone())
                .resource("activation_code", row.id.clone())
        };
        if throttle::is_throttled(&txn, &throttle_key, now).await? {
            return refuse(txn, now, meta, failure("throttled"), code_refused("code")).await;
        }
        if !code_is_active(&row, now) {
            return refuse(
                txn,
                now,
                meta,
                failure("code_inactive"),
                code_refused("code"),
            )
            .await;
        }
        if let Some(patient_id) = &row.patient_id {
            let patient = phi::find_patient(&txn, self.vault(), patient_id)
                .await?
                .ok_or_else(|| {
                    DomainError::Internal("activation code without its patient".into())
                })?;
            if typed_birth_date(birth_date) != Some(patient.birth_date) {
                throttle::record_failure(&txn, &throttle_key, now).await?;
                let failures = row.failed_attempts + 1;
                let mut update = activation_code::ActiveModel {
                    id: Set(row.id.clone()),
                    failed_attempts: Set(failures),
                    ..Default::default()
                };
                if failures >= MAX_CODE_FAILURES {
                    update.revoked_at = Set(Some(now));
                }
                update.update(&txn).await?;
                return refuse(
                    txn,
                    now,
                    meta,
                    failure("wrong_birth_date"),
                    code_refused("code"),
                )
                .await;
            }
        }
        throttle::clear(&txn, &throttle_key).await?;
        if let Some((reason, err)) = refusal_for(&row, caller) {
            return refuse(
                txn,
                now,
                meta,
                failure(reason).maybe_actor(caller_id(caller)),
                err,
            )
            .await;
        }
        let contact = phi::open_code_contact(self.vault(), &row)?;

        // A re-issued code enrols onto the existing account; a first code onto a new one whose id
        // is also its WebAuthn user handle (random, so it says nothing about the person).
        let user_id = match &row.account_id {
            Some(id) => Uuid::parse_str(id)
                .map_err(|e| DomainError::Internal(format!("account id: {e}")))?,
            None => Uuid::new_v4(),
        };
        let (options, state) = self
            .registration_options(&txn, user_id, &contact.name)
            .await?;
        let ceremony_id = ceremonies::store(
            &txn,
            now,
            self.settings().ceremony_ttl,
            CeremonyKind::Enroll,
            &state,
            CeremonyLinks {
                account_id: Some(user_id.to_string()),
                activation_code_id: Some(row.id.clone()),
                ..CeremonyLinks::default()
            },
        )
        .await?;
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("enroll.begin", Outcome::Success)
                .maybe_actor(row.account_id.clone())
                .acting_for(row.patient_id.clone())
                .resource("activation_code", row.id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(EnrollmentStart {
            ceremony: CeremonyStart {
                ceremony_id,
                options,
            },
            display_name: contact.name,
        })
    }

    /// Registers the passkey, creates the account (or re-enrols the existing one), spends the
    /// code, and opens a session.
    #[tracing::instrument(name = "identity.finish_enrollment", skip_all)]
    pub async fn finish_enrollment(
        &self,
        ceremony_id: &str,
        credential_json: &str,
        caller: Option<&CurrentSession>,
        meta: &RequestMeta,
    ) -> DomainResult<Enrolled> {
        let credential = match parse_registration(credential_json) {
            Ok(credential) => credential,
            Err(err) => return self.unreadable("enroll.complete", None, meta, err).await,
        };
        // Recovery codes are hashed slowly on purpose, so outside the write transaction, and only
        // once a cheap read shows that this ceremony is live and the passkey verifies: a made-up
        // credential costs no hashing. Anything the read could not vouch for is checked (and
        // refused, audited) in the transaction below.
        let recovery = match self
            .plausible_enrollment(ceremony_id, &credential, caller)
            .await?
        {
            Some(Role::Patient) => Some(self.new_recovery_codes().await?),
            _ => None,
        };
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let failure = |reason| AuditEntry::new("enroll.complete", Outcome::Failure).reason(reason);
        let Some(taken) =
            ceremonies::take::<PasskeyRegistration>(&txn, now, CeremonyKind::Enroll, ceremony_id)
                .await?
        else {
            let err = DomainError::validation("credential", said!("acct-enrol-stale"));
            return refuse(txn, now, meta, failure("stale_ceremony"), err).await;
        };
        let code = match &taken.links.activation_code_id {
            Some(id) => activation_code::Entity::find_by_id(id).one(&txn).await?,
            None => None,
        };
        let Some(code) = code.filter(|row| code_is_active(row, now)) else {
            return refuse(
                txn,
                now,
                meta,
                failure("code_inactive"),
                code_refused("code"),
            )
            .await;
        };
        let failure = |reason| {
            failure(reason)
                .acting_for(code.patient_id.clone())
                .resource("activation_code", code.id.clone())
        };
        if let Some((reason, err)) = refusal_for(&code, caller) {
            return refuse(
                txn,
                now,
                meta,
                failure(reason).maybe_actor(caller_id(caller)),
                err,
            )
            .await;
        }
        let key = match self
            .verify_new_passkey(&txn, &credential, &taken.state)
            .await?
        {
            Ok(key) => key,
            Err((reason, err)) => return refuse(txn, now, meta, failure(reason), err).await,
        };
        // A caregiver's code enrols them onto the grant it was issued for, if that is still open.
        let grant = match crate::access::grant_for_code(&txn, &code).await? {
            Some(grant) => Some(grant),
            None if code.proxy_grant_id.is_some() => {
                return refuse(
                    txn,
                    now,
                    meta,
                    failure("grant_inactive"),
                    code_refused("code"),
                )
                .await;
            }
            None => None,
        };
        let role = Role::parse(&code.role)?;
        let account_id = taken
            .links
            .account_id
            .ok_or_else(|| DomainError::Internal("enrolment ceremony without an account".into()))?;
        let reenrolment = code.account_id.is_some();
        let account = if reenrolment {
            match self.active_account(&txn, &account_id).await? {
                Some(account) => account,
                None => {
                    return refuse(
                        txn,
                        now,
                        meta,
                        failure("account_inactive"),
                        code_refused("code"),
                    )
                    .await;
                }
            }
        } else {
            phi::insert_account(
                &txn,
                self.vault(),
                phi::NewAccount {
                    id: &account_id,
                    role,
                    contact: &phi::open_code_contact(self.vault(), &code)?,
                    patient_id: code.patient_id.clone(),
                    status: ACTIVE,
                },
                now,
            )
            .await?
        };
        let spent = activation_code::Entity::update_many()
            .col_expr(activation_code::Column::UsedAt, Some(now).into())
            .col_expr(
                activation_code::Column::AccountId,
                Some(account.id.clone()).into(),
            )
            .filter(activation_code::Column::Id.eq(&code.id))
            .filter(activation_code::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        if spent.rows_affected != 1 {
            return refuse(
                txn,
                now,
                meta,
                failure("code_inactive"),
                code_refused("code"),
            )
            .await;
        }
        if let Some(grant) = grant {
            crate::access::accept_grant(&txn, grant, &account.id, now, meta).await?;
        }
        let recovery_codes = if role == Role::Patient {
            // Only when the read above could not see this ceremony (a race): hash here.
            let fresh = match recovery {
                Some(fresh) => fresh,
                None => self.new_recovery_codes().await?,
            };
            self.replace_recovery_codes(&txn, &account.id, fresh, now)
                .await?
        } else {
            Vec::new()
        };
        let others_signed_out = reenrolment.then_some(Notice::ReenrolledWithClinicCode);
        let session = self
            .sign_in_with_new_passkey(
                &txn,
                &account,
                &key,
                others_signed_out,
                "enroll.complete",
                meta,
                now,
            )
            .await?;
        txn.commit().await?;
        Ok(Enrolled {
            session,
            recovery_codes,
        })
    }

    /// A read-only look at an enrolment about to finish: the role it would enrol, if the ceremony
    /// is live, its code is active and usable by this caller, and the passkey verifies against
    /// the ceremony's challenge. Nothing is written or audited here.
    async fn plausible_enrollment(
        &self,
        ceremony_id: &str,
        credential: &webauthn_rs::prelude::RegisterPublicKeyCredential,
        caller: Option<&CurrentSession>,
    ) -> DomainResult<Option<Role>> {
        let now = self.now();
        let Some(peeked) = ceremonies::peek::<PasskeyRegistration>(
            self.db(),
            now,
            CeremonyKind::Enroll,
            ceremony_id,
        )
        .await?
        else {
            return Ok(None);
        };
        let code = match &peeked.links.activation_code_id {
            Some(id) => {
                activation_code::Entity::find_by_id(id)
                    .one(self.db())
                    .await?
            }
            None => None,
        };
        let Some(code) = code.filter(|row| code_is_active(row, now)) else {
            return Ok(None);
        };
        if refusal_for(&code, caller).is_some()
            || self
                .verify_new_passkey(self.db(), credential, &peeked.state)
                .await?
                .is_err()
        {
            return Ok(None);
        }
        Ok(Role::parse(&code.role).ok())
    }
}
