//! Passkeys: registration options, usernameless sign-in, step-up, and the passkey list on the
//! Security page (rename, add and remove, the last two behind step-up).

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
};
use webauthn_rs::prelude::{
    AuthenticationResult, CredentialID, DiscoverableAuthentication, Passkey, PasskeyAuthentication,
    PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential, Uuid,
};

use super::{
    AccountSummary, CeremonyStart, CurrentSession, Identity, NewSession,
    ceremonies::{self, CeremonyKind, CeremonyLinks},
    meta_device,
    sessions::end_sessions,
    sign_in_refusal,
};
use crate::{
    DomainError, DomainResult,
    audit::{self, AuditEntry, Outcome, RequestMeta},
    db::begin_write,
    entities::passkey,
    notify::{self, Notice},
    phi, said,
    secrets::Secret,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasskeySummary {
    pub id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

pub(crate) fn credential_id_text(id: &CredentialID) -> String {
    URL_SAFE_NO_PAD.encode(id.as_ref() as &[u8])
}

pub(crate) fn parse_registration(json: &str) -> DomainResult<RegisterPublicKeyCredential> {
    serde_json::from_str(json)
        .map_err(|_| DomainError::validation("credential", said!("acct-passkey-unreadable")))
}

fn parse_assertion(json: &str) -> DomainResult<PublicKeyCredential> {
    serde_json::from_str(json)
        .map_err(|_| DomainError::validation("credential", said!("acct-passkey-unreadable")))
}

fn stale_ceremony() -> DomainError {
    DomainError::validation("credential", said!("acct-passkey-prompt-stale"))
}

/// A passkey name as typed: trimmed, 1 to 64 characters.
pub fn parse_passkey_name(name: &str) -> DomainResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(DomainError::validation("name", said!("acct-passkey-name")));
    }
    Ok(name.to_owned())
}

/// Writes the audit event of a refusal, commits (so the ceremony stays used up), and returns
/// the error.
pub(crate) async fn refuse<T>(
    txn: DatabaseTransaction,
    now: DateTime<Utc>,
    meta: &RequestMeta,
    entry: AuditEntry,
    err: DomainError,
) -> DomainResult<T> {
    audit::append(&txn, now, meta, entry).await?;
    txn.commit().await?;
    Err(err)
}

impl Identity {
    /// Audits a ceremony response that could not even be read, and returns the error.
    pub(crate) async fn unreadable<T>(
        &self,
        action: &'static str,
        actor: Option<String>,
        meta: &RequestMeta,
        err: DomainError,
    ) -> DomainResult<T> {
        let entry = AuditEntry::new(action, Outcome::Failure)
            .maybe_actor(actor)
            .reason("unreadable_credential");
        audit::record(self.db(), self.now(), meta, entry).await?;
        Err(err)
    }

    /// Registration options for a passkey: discoverable (resident) credential, user verification
    /// required, none of the account's existing credentials again.
    pub(crate) async fn registration_options(
        &self,
        db: &impl ConnectionTrait,
        user_id: Uuid,
        user_name: &str,
    ) -> DomainResult<(serde_json::Value, PasskeyRegistration)> {
        let existing: Vec<CredentialID> = self
            .account_passkeys(db, &user_id.to_string())
            .await?
            .into_iter()
            .map(|(_, key)| key.cred_id().clone())
            .collect();
        let (options, state) = self
            .webauthn()
            .start_passkey_registration(user_id, user_name, user_name, Some(existing))
            .map_err(|e| DomainError::Internal(format!("passkey registration options: {e}")))?;
        let mut options = serde_json::to_value(&options)
            .map_err(|e| DomainError::Internal(format!("options: {e}")))?;
        // Usernameless sign-in needs the credential to live on the authenticator.
        let selection = &mut options["publicKey"]["authenticatorSelection"];
        selection["residentKey"] = "required".into();
        selection["requireResidentKey"] = true.into();
        Ok((options, state))
    }

    pub(crate) async fn account_passkeys(
        &self,
        db: &impl ConnectionTrait,
        account_id: &str,
    ) -> DomainResult<Vec<(passkey::Model, Passkey)>> {
        let rows = passkey::Entity::find()
            .filter(passkey::Column::AccountId.eq(account_id))
            .order_by_asc(passkey::Column::CreatedAt)
            .all(db)
            .await?;
        rows.into_iter()
            .map(|row| {
                let key: Passkey = serde_json::from_str(&row.credential).map_err(|e| {
                    DomainError::Internal(format!("stored passkey {}: {e}", row.id))
                })?;
                Ok((row, key))
            })
            .collect()
    }

    pub(crate) async fn credential_is_registered(
        &self,
        db: &impl ConnectionTrait,
        key: &Passkey,
    ) -> DomainResult<bool> {
        Ok(passkey::Entity::find()
            .filter(passkey::Column::CredentialId.eq(credential_id_text(key.cred_id())))
            .count(db)
            .await?
            > 0)
    }

    /// Verifies a registration response against its ceremony and checks that the credential is
    /// new to Portico. A refusal comes back as the audit reason and the error for the person.
    pub(crate) async fn verify_new_passkey(
        &self,
        db: &impl ConnectionTrait,
        credential: &RegisterPublicKeyCredential,
        state: &PasskeyRegistration,
    ) -> DomainResult<Result<Passkey, (&'static str, DomainError)>> {
        let Ok(key) = self
            .webauthn()
            .finish_passkey_registration(credential, state)
        else {
            let err = DomainError::validation("credential", said!("acct-passkey-not-registered"));
            return Ok(Err(("registration_rejected", err)));
        };
        if self.credential_is_registered(db, &key).await? {
            return Ok(Err(("duplicate_credential", duplicate_credential())));
        }
        Ok(Ok(key))
    }

    pub(crate) async fn insert_passkey(
        &self,
        db: &impl ConnectionTrait,
        account_id: &str,
        key: &Passkey,
        name: String,
        now: DateTime<Utc>,
    ) -> DomainResult<PasskeySummary> {
        let id = uuid::Uuid::new_v4().to_string();
        let model = passkey::ActiveModel {
            name: Set(phi::seal_passkey_name(self.vault(), &id, &name)?),
            id: Set(id),
            account_id: Set(account_id.to_owned()),
            credential_id: Set(credential_id_text(key.cred_id())),
            credential: Set(serde_json::to_string(key)
                .map_err(|e| DomainError::Internal(format!("passkey: {e}")))?),
            created_at: Set(now),
            last_used_at: Set(None),
        }
        .insert(db)
        .await?;
        phi::open_passkey(self.vault(), model)
    }

    /// The end of enrolment and recovery: stores the new passkey, signs out every other session
    /// of the account (with an e-mail notice) when `others_signed_out` says so, opens a session
    /// and audits `action`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn sign_in_with_new_passkey(
        &self,
        txn: &impl ConnectionTrait,
        account: &AccountSummary,
        key: &Passkey,
        others_signed_out: Option<Notice>,
        action: &'static str,
        meta: &RequestMeta,
        now: DateTime<Utc>,
    ) -> DomainResult<NewSession> {
        let name = meta_device(meta).unwrap_or_else(|| "My passkey".into());
        let passkey = self
            .insert_passkey(txn, &account.id, key, name, now)
            .await?;
        if let Some(notice) = others_signed_out {
            end_sessions(txn, &account.id, None).await?;
            if let Some(email) = &account.email {
                let locale = self.language_for_mail(txn, &account.id).await?;
                notify::enqueue(txn, self.vault(), now, email, locale, notice).await?;
            }
        }
        let session = self.start_session(txn, account, meta, now).await?;
        self.note_device(txn, account, meta, false, now).await?;
        audit::append(
            txn,
            now,
            meta,
            AuditEntry::new(action, Outcome::Success)
                .actor(account.id.clone())
                .acting_for(account.patient_id.clone())
                .resource("passkey", passkey.id),
        )
        .await?;
        Ok(session)
    }

    /// Saves the counter and backup state an authentication reported, and when it happened.
    async fn record_use(
        &self,
        db: &impl ConnectionTrait,
        row: passkey::Model,
        mut key: Passkey,
        result: &AuthenticationResult,
        now: DateTime<Utc>,
    ) -> DomainResult<()> {
        key.update_credential(result);
        let mut row = row.into_active_model();
        row.credential = Set(serde_json::to_string(&key)
            .map_err(|e| DomainError::Internal(format!("passkey: {e}")))?);
        row.last_used_at = Set(Some(now));
        row.update(db).await?;
        Ok(())
    }

    /// Starts a usernameless sign-in: the browser offers whichever of its passkeys belong here.
    #[tracing::instrument(name = "identity.begin_sign_in", skip_all)]
    pub async fn begin_sign_in(&self) -> DomainResult<CeremonyStart> {
        let now = self.now();
        let (options, state) = self
            .webauthn()
            .start_discoverable_authentication()
            .map_err(|e| DomainError::Internal(format!("sign-in options: {e}")))?;
        let txn = begin_write(self.db()).await?;
        let ceremony_id = ceremonies::store(
            &txn,
            now,
            self.settings().ceremony_ttl,
            CeremonyKind::SignIn,
            &state,
            CeremonyLinks::default(),
        )
        .await?;
        txn.commit().await?;
        Ok(CeremonyStart {
            ceremony_id,
            options: serde_json::to_value(&options)
                .map_err(|e| DomainError::Internal(format!("options: {e}")))?,
        })
    }

    /// Finishes a sign-in and opens a new session (always a new id). A session the browser still
    /// held is ended.
    #[tracing::instrument(name = "identity.finish_sign_in", skip_all)]
    pub async fn finish_sign_in(
        &self,
        ceremony_id: &str,
        credential_json: &str,
        previous: Option<&CurrentSession>,
        meta: &RequestMeta,
    ) -> DomainResult<NewSession> {
        let now = self.now();
        let refused = || DomainError::validation("credential", sign_in_refusal());
        let credential = match parse_assertion(credential_json) {
            Ok(credential) => credential,
            Err(err) => return self.unreadable("sign_in", None, meta, err).await,
        };
        let txn = begin_write(self.db()).await?;
        let failure = |reason| AuditEntry::new("sign_in", Outcome::Failure).reason(reason);
        let Some(taken) = ceremonies::take::<DiscoverableAuthentication>(
            &txn,
            now,
            CeremonyKind::SignIn,
            ceremony_id,
        )
        .await?
        else {
            return refuse(txn, now, meta, failure("stale_ceremony"), stale_ceremony()).await;
        };
        let Ok((user_id, credential_id)) = self
            .webauthn()
            .identify_discoverable_authentication(&credential)
        else {
            return refuse(txn, now, meta, failure("unreadable_assertion"), refused()).await;
        };
        let credential_id = URL_SAFE_NO_PAD.encode(credential_id);
        let Some(row) = passkey::Entity::find()
            .filter(passkey::Column::CredentialId.eq(&credential_id))
            .one(&txn)
            .await?
        else {
            return refuse(txn, now, meta, failure("unknown_credential"), refused()).await;
        };
        let account = match self.active_account(&txn, &row.account_id).await? {
            Some(account) if account.id == user_id.to_string() => account,
            _ => {
                let entry = failure("account_mismatch_or_inactive").actor(row.account_id.clone());
                return refuse(txn, now, meta, entry, refused()).await;
            }
        };
        let key: Passkey = serde_json::from_str(&row.credential)
            .map_err(|e| DomainError::Internal(format!("stored passkey {}: {e}", row.id)))?;
        let result = match self.webauthn().finish_discoverable_authentication_v2(
            &credential,
            taken.state,
            &key,
        ) {
            Ok(result) if result.user_verified() => result,
            Ok(_) => {
                let entry = failure("user_not_verified").actor(account.id.clone());
                return refuse(txn, now, meta, entry, refused()).await;
            }
            Err(_) => {
                let entry = failure("assertion_rejected").actor(account.id.clone());
                return refuse(txn, now, meta, entry, refused()).await;
            }
        };
        let passkey_id = row.id.clone();
        self.record_use(&txn, row, key, &result, now).await?;
        if let Some(previous) = previous {
            crate::entities::session::Entity::delete_by_id(&previous.session_id)
                .exec(&txn)
                .await?;
        }
        let session = self.start_session(&txn, &account, meta, now).await?;
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("sign_in", Outcome::Success)
                .actor(account.id.clone())
                .acting_for(account.patient_id.clone())
                .resource("passkey", passkey_id),
        )
        .await?;
        self.note_device(&txn, &account, meta, true, now).await?;
        txn.commit().await?;
        Ok(session)
    }

    /// Starts a passkey check for a signed-in person (step-up): only their own passkeys qualify.
    #[tracing::instrument(name = "identity.begin_step_up", skip_all)]
    pub async fn begin_step_up(&self, current: &CurrentSession) -> DomainResult<CeremonyStart> {
        self.begin_account_authentication(current, CeremonyKind::StepUp)
            .await
    }

    async fn begin_account_authentication(
        &self,
        current: &CurrentSession,
        kind: CeremonyKind,
    ) -> DomainResult<CeremonyStart> {
        let now = self.now();
        let keys: Vec<Passkey> = self
            .account_passkeys(self.db(), &current.account.id)
            .await?
            .into_iter()
            .map(|(_, key)| key)
            .collect();
        let (options, state) = self
            .webauthn()
            .start_passkey_authentication(&keys)
            .map_err(|e| DomainError::Internal(format!("step-up options: {e}")))?;
        let txn = begin_write(self.db()).await?;
        let ceremony_id = ceremonies::store(
            &txn,
            now,
            self.settings().ceremony_ttl,
            kind,
            &state,
            CeremonyLinks {
                account_id: Some(current.account.id.clone()),
                session_id: Some(current.session_id.clone()),
                ..CeremonyLinks::default()
            },
        )
        .await?;
        txn.commit().await?;
        Ok(CeremonyStart {
            ceremony_id,
            options: serde_json::to_value(&options)
                .map_err(|e| DomainError::Internal(format!("options: {e}")))?,
        })
    }

    /// Finishes a step-up: the session gets a new token (returned for the cookie) and a fresh
    /// authentication time.
    #[tracing::instrument(name = "identity.finish_step_up", skip_all)]
    pub async fn finish_step_up(
        &self,
        current: &CurrentSession,
        ceremony_id: &str,
        credential_json: &str,
        meta: &RequestMeta,
    ) -> DomainResult<Secret> {
        let now = self.now();
        let credential = match parse_assertion(credential_json) {
            Ok(credential) => credential,
            Err(err) => {
                return self
                    .unreadable("step_up", Some(current.account.id.clone()), meta, err)
                    .await;
            }
        };
        let txn = begin_write(self.db()).await?;
        let failure = |reason| {
            AuditEntry::new("step_up", Outcome::Failure)
                .actor(current.account.id.clone())
                .reason(reason)
        };
        let taken =
            ceremonies::take::<PasskeyAuthentication>(&txn, now, CeremonyKind::StepUp, ceremony_id)
                .await?;
        let Some(taken) =
            taken.filter(|t| t.links.session_id.as_deref() == Some(current.session_id.as_str()))
        else {
            return refuse(txn, now, meta, failure("stale_ceremony"), stale_ceremony()).await;
        };
        let result = match self
            .webauthn()
            .finish_passkey_authentication(&credential, &taken.state)
        {
            Ok(result) if result.user_verified() => result,
            _ => {
                let err = DomainError::validation("credential", sign_in_refusal());
                return refuse(txn, now, meta, failure("assertion_rejected"), err).await;
            }
        };
        let keys = self.account_passkeys(&txn, &current.account.id).await?;
        if let Some((row, key)) = keys
            .into_iter()
            .find(|(_, key)| key.cred_id() == result.cred_id())
        {
            self.record_use(&txn, row, key, &result, now).await?;
        }
        let token = self.rotate_session(&txn, &current.session_id, now).await?;
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("step_up", Outcome::Success)
                .actor(current.account.id.clone())
                .resource("session", current.session_id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(token)
    }

    #[tracing::instrument(name = "identity.list_passkeys", skip_all)]
    pub async fn list_passkeys(
        &self,
        current: &CurrentSession,
    ) -> DomainResult<Vec<PasskeySummary>> {
        passkey::Entity::find()
            .filter(passkey::Column::AccountId.eq(&current.account.id))
            .order_by_asc(passkey::Column::CreatedAt)
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| phi::open_passkey(self.vault(), row))
            .collect()
    }

    /// Starts registering another passkey on the signed-in account (step-up required).
    #[tracing::instrument(name = "identity.begin_add_passkey", skip_all)]
    pub async fn begin_add_passkey(&self, current: &CurrentSession) -> DomainResult<CeremonyStart> {
        self.require_step_up(current)?;
        let now = self.now();
        let user_id = Uuid::parse_str(&current.account.id)
            .map_err(|e| DomainError::Internal(format!("account id: {e}")))?;
        let (options, state) = self
            .registration_options(self.db(), user_id, &current.account.display_name)
            .await?;
        let txn = begin_write(self.db()).await?;
        let ceremony_id = ceremonies::store(
            &txn,
            now,
            self.settings().ceremony_ttl,
            CeremonyKind::AddPasskey,
            &state,
            CeremonyLinks {
                account_id: Some(current.account.id.clone()),
                session_id: Some(current.session_id.clone()),
                ..CeremonyLinks::default()
            },
        )
        .await?;
        txn.commit().await?;
        Ok(CeremonyStart {
            ceremony_id,
            options,
        })
    }

    #[tracing::instrument(name = "identity.finish_add_passkey", skip_all)]
    pub async fn finish_add_passkey(
        &self,
        current: &CurrentSession,
        ceremony_id: &str,
        credential_json: &str,
        name: &str,
        meta: &RequestMeta,
    ) -> DomainResult<PasskeySummary> {
        self.require_step_up(current)?;
        let name = parse_passkey_name(name)?;
        let now = self.now();
        let credential = match parse_registration(credential_json) {
            Ok(credential) => credential,
            Err(err) => {
                return self
                    .unreadable("passkey.add", Some(current.account.id.clone()), meta, err)
                    .await;
            }
        };
        let txn = begin_write(self.db()).await?;
        let failure = |reason| {
            AuditEntry::new("passkey.add", Outcome::Failure)
                .actor(current.account.id.clone())
                .reason(reason)
        };
        let taken = ceremonies::take::<PasskeyRegistration>(
            &txn,
            now,
            CeremonyKind::AddPasskey,
            ceremony_id,
        )
        .await?;
        let Some(taken) =
            taken.filter(|t| t.links.session_id.as_deref() == Some(current.session_id.as_str()))
        else {
            return refuse(txn, now, meta, failure("stale_ceremony"), stale_ceremony()).await;
        };
        let key = match self
            .verify_new_passkey(&txn, &credential, &taken.state)
            .await?
        {
            Ok(key) => key,
            Err((reason, err)) => return refuse(txn, now, meta, failure(reason), err).await,
        };
        let summary = self
            .insert_passkey(&txn, &current.account.id, &key, name, now)
            .await?;
        if let Some(email) = &current.account.email {
            let locale = self.language_for_mail(&txn, &current.account.id).await?;
            notify::enqueue(&txn, self.vault(), now, email, locale, Notice::PasskeyAdded).await?;
        }
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("passkey.add", Outcome::Success)
                .actor(current.account.id.clone())
                .resource("passkey", summary.id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(summary)
    }

    #[tracing::instrument(name = "identity.rename_passkey", skip_all)]
    pub async fn rename_passkey(
        &self,
        current: &CurrentSession,
        passkey_id: &str,
        name: &str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let name = parse_passkey_name(name)?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let sealed = phi::seal_passkey_name(self.vault(), passkey_id, &name)?;
        let updated = passkey::Entity::update_many()
            .col_expr(passkey::Column::Name, sealed.into())
            .filter(passkey::Column::Id.eq(passkey_id))
            .filter(passkey::Column::AccountId.eq(&current.account.id))
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(DomainError::NotFound);
        }
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("passkey.rename", Outcome::Success)
                .actor(current.account.id.clone())
                .resource("passkey", passkey_id.to_owned()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Removes one of the account's passkeys (step-up required). The last one cannot go: the
    /// account would have no way in.
    #[tracing::instrument(name = "identity.remove_passkey", skip_all)]
    pub async fn remove_passkey(
        &self,
        current: &CurrentSession,
        passkey_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        self.require_step_up(current)?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let count = passkey::Entity::find()
            .filter(passkey::Column::AccountId.eq(&current.account.id))
            .count(&txn)
            .await?;
        let owned = passkey::Entity::find_by_id(passkey_id)
            .one(&txn)
            .await?
            .filter(|row| row.account_id == current.account.id)
            .ok_or(DomainError::NotFound)?;
        if count <= 1 {
            return Err(DomainError::validation(
                "passkey",
                said!("acct-passkey-only-one"),
            ));
        }
        passkey::Entity::delete_by_id(&owned.id).exec(&txn).await?;
        if let Some(email) = &current.account.email {
            let locale = self.language_for_mail(&txn, &current.account.id).await?;
            notify::enqueue(
                &txn,
                self.vault(),
                now,
                email,
                locale,
                Notice::PasskeyRemoved,
            )
            .await?;
        }
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("passkey.remove", Outcome::Success)
                .actor(current.account.id.clone())
                .resource("passkey", owned.id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}

fn duplicate_credential() -> DomainError {
    DomainError::validation("credential", said!("acct-passkey-duplicate"))
}

/// The WebAuthn user handle of an account (its id).
pub(crate) fn user_uuid(account: &AccountSummary) -> DomainResult<Uuid> {
    Uuid::parse_str(&account.id).map_err(|e| DomainError::Internal(format!("account id: {e}")))
}
