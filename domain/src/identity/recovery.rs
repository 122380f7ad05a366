//! Recovery codes: ten per patient account, each 80 random bits, argon2-hashed, single use.
//! Lost every passkey? A recovery code plus date of birth lets the patient register a new passkey;
//! every other session ends and a notice goes out. Regenerating the codes needs step-up.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect,
};
use webauthn_rs::prelude::PasskeyRegistration;

use super::{
    CeremonyStart, CurrentSession, Enrolled, Identity,
    ceremonies::{self, CeremonyKind, CeremonyLinks},
    code_refused,
    passkeys::{parse_registration, refuse, user_uuid},
    throttle,
};
use crate::{
    DomainError, DomainResult,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    db::begin_write,
    entities::recovery_code,
    notify::{self, Notice},
    phi, said,
    secrets::{self, Secret},
};

pub const RECOVERY_CODE_COUNT: usize = 10;

/// Codes generated and hashed, ready to store.
pub(crate) struct FreshRecoveryCodes(Vec<(Secret, String)>);

impl Identity {
    /// Generates and hashes a new set (slow on purpose; call outside write transactions).
    pub(crate) async fn new_recovery_codes(&self) -> DomainResult<FreshRecoveryCodes> {
        self.inner
            .recovery_batches_hashed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut codes = Vec::with_capacity(RECOVERY_CODE_COUNT);
        for _ in 0..RECOVERY_CODE_COUNT {
            let code = secrets::new_recovery_code();
            let hash = secrets::argon2_hash(secrets::normalize_code(code.expose())).await?;
            codes.push((code, hash));
        }
        Ok(FreshRecoveryCodes(codes))
    }

    /// Replaces an account's recovery codes; returns the plain codes to show once.
    pub(crate) async fn replace_recovery_codes(
        &self,
        txn: &impl ConnectionTrait,
        account_id: &str,
        fresh: FreshRecoveryCodes,
        now: DateTime<Utc>,
    ) -> DomainResult<Vec<Secret>> {
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::AccountId.eq(account_id))
            .exec(txn)
            .await?;
        let mut plain = Vec::with_capacity(fresh.0.len());
        for (code, hash) in fresh.0 {
            let normalized = secrets::normalize_code(code.expose());
            recovery_code::ActiveModel {
                id: Set(uuid::Uuid::new_v4().to_string()),
                account_id: Set(account_id.to_owned()),
                selector: Set(secrets::recovery_selector(&normalized).to_owned()),
                code_hash: Set(hash),
                created_at: Set(now),
                used_at: Set(None),
            }
            .insert(txn)
            .await?;
            plain.push(code);
        }
        Ok(plain)
    }

    /// How many unused recovery codes the signed-in account has.
    #[tracing::instrument(name = "identity.recovery_codes_left", skip_all)]
    pub async fn recovery_codes_left(&self, current: &CurrentSession) -> DomainResult<u64> {
        Ok(recovery_code::Entity::find()
            .filter(recovery_code::Column::AccountId.eq(&current.account.id))
            .filter(recovery_code::Column::UsedAt.is_null())
            .count(self.db())
            .await?)
    }

    /// Replaces the account's recovery codes (step-up required). Only patients have them: staff
    /// recover through an administrator.
    #[tracing::instrument(name = "identity.regenerate_recovery_codes", skip_all)]
    pub async fn regenerate_recovery_codes(
        &self,
        current: &CurrentSession,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<Secret>> {
        self.require_step_up(current)?;
        if current.account.patient_id.is_none() {
            return Err(DomainError::validation(
                "recovery_codes",
                said!("acct-recovery-codes-patients-only"),
            ));
        }
        let fresh = self.new_recovery_codes().await?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let codes = self
            .replace_recovery_codes(&txn, &current.account.id, fresh, now)
            .await?;
        if let Some(email) = &current.account.email {
            let locale = self.language_for_mail(&txn, &current.account.id).await?;
            notify::enqueue(
                &txn,
                self.vault(),
                now,
                email,
                locale,
                Notice::RecoveryCodesRegenerated,
            )
            .await?;
        }
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("recovery_codes.regenerate", Outcome::Success)
                .actor(current.account.id.clone())
                .acting_for(current.account.patient_id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(codes)
    }

    /// Checks a recovery code and date of birth and returns passkey registration options. Every
    /// refusal gives the same answer, and an unknown code costs the same hashing time as a known
    /// one.
    #[tracing::instrument(name = "identity.begin_recovery", skip_all)]
    pub async fn begin_recovery(
        &self,
        code: &str,
        birth_date: &str,
        meta: &RequestMeta,
    ) -> DomainResult<CeremonyStart> {
        let normalized = secrets::normalize_code(code);
        let matched = self.find_recovery_code(&normalized).await?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let failure = |reason| AuditEntry::new("recovery.begin", Outcome::Failure).reason(reason);
        let Some(matched) = matched else {
            return refuse(
                txn,
                now,
                meta,
                failure("unknown_code"),
                code_refused("code"),
            )
            .await;
        };
        let account = self.active_account(&txn, &matched.account_id).await?;
        let Some(account) = account else {
            return refuse(
                txn,
                now,
                meta,
                failure("account_inactive"),
                code_refused("code"),
            )
            .await;
        };
        let failure = |reason| {
            failure(reason)
                .actor(account.id.clone())
                .acting_for(account.patient_id.clone())
        };
        let throttle_key = format!("recovery:{}", account.id);
        if throttle::is_throttled(&txn, &throttle_key, now).await? {
            return refuse(txn, now, meta, failure("throttled"), code_refused("code")).await;
        }
        let birth_date_matches = match &account.patient_id {
            Some(patient_id) => phi::find_patient(&txn, self.vault(), patient_id)
                .await?
                .is_some_and(|p| {
                    chrono::NaiveDate::parse_from_str(birth_date.trim(), "%Y-%m-%d")
                        .is_ok_and(|typed| typed == p.birth_date)
                }),
            None => false,
        };
        if !birth_date_matches {
            throttle::record_failure(&txn, &throttle_key, now).await?;
            return refuse(
                txn,
                now,
                meta,
                failure("wrong_birth_date"),
                code_refused("code"),
            )
            .await;
        }
        throttle::clear(&txn, &throttle_key).await?;
        let (options, state) = self
            .registration_options(&txn, user_uuid(&account)?, &account.display_name)
            .await?;
        let ceremony_id = ceremonies::store(
            &txn,
            now,
            self.settings().ceremony_ttl,
            CeremonyKind::Recover,
            &state,
            CeremonyLinks {
                account_id: Some(account.id.clone()),
                recovery_code_id: Some(matched.id.clone()),
                ..CeremonyLinks::default()
            },
        )
        .await?;
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("recovery.begin", Outcome::Success)
                .actor(account.id.clone())
                .acting_for(account.patient_id.clone())
                .resource("recovery_code", matched.id),
        )
        .await?;
        txn.commit().await?;
        Ok(CeremonyStart {
            ceremony_id,
            options,
        })
    }

    /// Registers the new passkey, spends the recovery code, signs out every other session and
    /// opens a new one.
    #[tracing::instrument(name = "identity.finish_recovery", skip_all)]
    pub async fn finish_recovery(
        &self,
        ceremony_id: &str,
        credential_json: &str,
        meta: &RequestMeta,
    ) -> DomainResult<Enrolled> {
        let credential = match parse_registration(credential_json) {
            Ok(credential) => credential,
            Err(err) => return self.unreadable("recovery.complete", None, meta, err).await,
        };
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let failure =
            |reason| AuditEntry::new("recovery.complete", Outcome::Failure).reason(reason);
        let Some(taken) =
            ceremonies::take::<PasskeyRegistration>(&txn, now, CeremonyKind::Recover, ceremony_id)
                .await?
        else {
            let err = DomainError::validation("credential", said!("acct-recovery-stale"));
            return refuse(txn, now, meta, failure("stale_ceremony"), err).await;
        };
        let account = match &taken.links.account_id {
            Some(id) => self.active_account(&txn, id).await?,
            None => None,
        };
        let Some(account) = account else {
            return refuse(
                txn,
                now,
                meta,
                failure("account_inactive"),
                code_refused("code"),
            )
            .await;
        };
        let failure = |reason| {
            failure(reason)
                .actor(account.id.clone())
                .acting_for(account.patient_id.clone())
        };
        let key = match self
            .verify_new_passkey(&txn, &credential, &taken.state)
            .await?
        {
            Ok(key) => key,
            Err((reason, err)) => return refuse(txn, now, meta, failure(reason), err).await,
        };
        let code_id = taken.links.recovery_code_id.unwrap_or_default();
        let spent = recovery_code::Entity::update_many()
            .col_expr(recovery_code::Column::UsedAt, Some(now).into())
            .filter(recovery_code::Column::Id.eq(&code_id))
            .filter(recovery_code::Column::AccountId.eq(&account.id))
            .filter(recovery_code::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        if spent.rows_affected != 1 {
            return refuse(txn, now, meta, failure("code_spent"), code_refused("code")).await;
        }
        let session = self
            .sign_in_with_new_passkey(
                &txn,
                &account,
                &key,
                Some(Notice::RecoveryCodeUsed),
                "recovery.complete",
                meta,
                now,
            )
            .await?;
        txn.commit().await?;
        Ok(Enrolled {
            session,
            recovery_codes: Vec::new(),
        })
    }

    /// The unused recovery code matching a typed one, if any. Always runs at least one argon2
    /// verification so that a miss and a hit take similar time.
    async fn find_recovery_code(
        &self,
        normalized: &str,
    ) -> DomainResult<Option<recovery_code::Model>> {
        if !secrets::is_well_formed_code(normalized) {
            secrets::argon2_verify(normalized.to_owned(), secrets::DUMMY_ARGON2_HASH.into())
                .await?;
            return Ok(None);
        }
        let candidates = recovery_code::Entity::find()
            .filter(recovery_code::Column::Selector.eq(secrets::recovery_selector(normalized)))
            .filter(recovery_code::Column::UsedAt.is_null())
            .limit(8)
            .all(self.db())
            .await?;
        if candidates.is_empty() {
            secrets::argon2_verify(normalized.to_owned(), secrets::DUMMY_ARGON2_HASH.into())
                .await?;
            return Ok(None);
        }
        for candidate in candidates {
            if secrets::argon2_verify(normalized.to_owned(), candidate.code_hash.clone()).await? {
                return Ok(Some(candidate));
            }
        }
        Ok(None)
    }
}
