//! PHI at rest in the identity tables. Names, e-mail addresses and dates of birth are sealed with
//! the [`Vault`] before they are written (XChaCha20-Poly1305; the associated data binds each value
//! to its table, column and row id) and opened only in memory. Services work with the opened views
//! this module returns ([`PatientIdentity`], [`AccountSummary`], [`Contact`], …) and never read or
//! write these columns themselves. Names are found through keyed hashes of their words
//! ([`search`]), never with `LIKE` on the column.
//!
//! Sealed: `patient.given_name`, `family_name`, `birth_date`, `email`; `account.display_name`,
//! `email`; `activation_code.display_name`, `email`; `proxy_grant.grantee_name`,
//! `grantee_email`, `relationship` (free text: "Ana's daughter"); `email_outbox.recipient`;
//! `passkey.name` (people name devices after themselves: "Ana's iPhone").
//!
//! Not sealed, on purpose: ids, roles, states and timestamps; the audit log, which holds only ids
//! and machine codes besides the request's IP address and user agent (hash-chained evidence of
//! where a request came from); sessions (a device description such as "Chrome on Android", and
//! the IP address the audit log holds anyway); the e-mail subject and body, which by design carry
//! no PHI ([`crate::notify`]).
//!
//! Errors name the table, column and row id, never a value; nothing here logs.

mod legacy;
pub(crate) mod search;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

pub use legacy::{SealReport, seal_plaintext};

use crate::{
    DomainError, DomainResult,
    entities::{account, activation_code, email_outbox, passkey, patient, proxy_grant},
    identity::{AccountSummary, PasskeySummary, Role},
    vault::{Field, Vault},
};

const PATIENT_GIVEN_NAME: Field = Field::new("patient", "given_name");
const PATIENT_FAMILY_NAME: Field = Field::new("patient", "family_name");
const PATIENT_BIRTH_DATE: Field = Field::new("patient", "birth_date");
const PATIENT_EMAIL: Field = Field::new("patient", "email");
const ACCOUNT: ContactFields = ContactFields::new("account", "display_name", "email");
const ACTIVATION_CODE: ContactFields =
    ContactFields::new("activation_code", "display_name", "email");
const GRANTEE: ContactFields = ContactFields::new("proxy_grant", "grantee_name", "grantee_email");
const GRANT_RELATIONSHIP: Field = Field::new("proxy_grant", "relationship");
const OUTBOX_RECIPIENT: Field = Field::new("email_outbox", "recipient");
const PASSKEY_NAME: Field = Field::new("passkey", "name");

/// How a date of birth is written before it is sealed.
const BIRTH_DATE_FORMAT: &str = "%Y-%m-%d";

/// How many ids one `IN (…)` query carries.
const IDS_PER_QUERY: usize = 500;

fn seal_optional(
    vault: &Vault,
    field: Field,
    row_id: &str,
    value: Option<&str>,
) -> DomainResult<Option<String>> {
    value.map(|v| vault.seal(field, row_id, v)).transpose()
}

fn open_optional(
    vault: &Vault,
    field: Field,
    row_id: &str,
    sealed: Option<&str>,
) -> DomainResult<Option<String>> {
    sealed.map(|v| vault.open(field, row_id, v)).transpose()
}

/// A table's sealed name column and optional e-mail column.
#[derive(Clone, Copy)]
struct ContactFields {
    name: Field,
    email: Field,
}

impl ContactFields {
    const fn new(table: &'static str, name: &'static str, email: &'static str) -> Self {
        Self {
            name: Field::new(table, name),
            email: Field::new(table, email),
        }
    }

    fn seal(self, vault: &Vault, row_id: &str, contact: &Contact) -> DomainResult<SealedContact> {
        Ok(SealedContact {
            name: vault.seal(self.name, row_id, &contact.name)?,
            email: seal_optional(vault, self.email, row_id, contact.email.as_deref())?,
        })
    }

    fn open(
        self,
        vault: &Vault,
        row_id: &str,
        name: &str,
        email: Option<&str>,
    ) -> DomainResult<Contact> {
        Ok(Contact {
            name: vault.open(self.name, row_id, name)?,
            email: open_optional(vault, self.email, row_id, email)?,
        })
    }
}

/// A person's name and e-mail address, opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Contact {
    pub name: String,
    pub email: Option<String>,
}

/// The same, sealed for one row: what goes into the columns.
pub(crate) struct SealedContact {
    pub name: String,
    pub email: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Patients

/// A patient's identifying details, opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PatientIdentity {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
}

impl PatientIdentity {
    pub fn display_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

fn parse_birth_date(row_id: &str, text: &str) -> DomainResult<NaiveDate> {
    NaiveDate::parse_from_str(text, BIRTH_DATE_FORMAT).map_err(|_| {
        DomainError::Internal(format!(
            "patient.birth_date of row {row_id} is not a YYYY-MM-DD date"
        ))
    })
}

pub(crate) fn open_patient(vault: &Vault, row: patient::Model) -> DomainResult<PatientIdentity> {
    let birth_date = vault.open(PATIENT_BIRTH_DATE, &row.id, &row.birth_date)?;
    Ok(PatientIdentity {
        given_name: vault.open(PATIENT_GIVEN_NAME, &row.id, &row.given_name)?,
        family_name: vault.open(PATIENT_FAMILY_NAME, &row.id, &row.family_name)?,
        birth_date: parse_birth_date(&row.id, &birth_date)?,
        email: open_optional(vault, PATIENT_EMAIL, &row.id, row.email.as_deref())?,
        id: row.id,
    })
}

pub(crate) async fn find_patient(
    db: &impl ConnectionTrait,
    vault: &Vault,
    patient_id: &str,
) -> DomainResult<Option<PatientIdentity>> {
    patient::Entity::find_by_id(patient_id)
        .one(db)
        .await?
        .map(|row| open_patient(vault, row))
        .transpose()
}

/// The patients with these ids (those that exist), in no particular order.
pub(crate) async fn find_patients(
    db: &impl ConnectionTrait,
    vault: &Vault,
    ids: &[String],
) -> DomainResult<Vec<PatientIdentity>> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let rows = patient::Entity::find()
            .filter(patient::Column::Id.is_in(chunk.iter().cloned()))
            .all(db)
            .await?;
        for row in rows {
            found.push(open_patient(vault, row)?);
        }
    }
    Ok(found)
}

/// The display names of the patients with these ids, by id (for the lists staff read).
pub(crate) async fn patient_names(
    db: &impl ConnectionTrait,
    vault: &Vault,
    ids: &[String],
) -> DomainResult<std::collections::HashMap<String, String>> {
    Ok(find_patients(db, vault, ids)
        .await?
        .into_iter()
        .map(|p| (p.id.clone(), p.display_name()))
        .collect())
}

/// A patient's row with every identifying column sealed (`created_at` left unset).
fn sealed_patient(vault: &Vault, patient: &PatientIdentity) -> DomainResult<patient::ActiveModel> {
    let id = patient.id.as_str();
    let birth_date = patient.birth_date.format(BIRTH_DATE_FORMAT).to_string();
    Ok(patient::ActiveModel {
        id: Set(patient.id.clone()),
        given_name: Set(vault.seal(PATIENT_GIVEN_NAME, id, &patient.given_name)?),
        family_name: Set(vault.seal(PATIENT_FAMILY_NAME, id, &patient.family_name)?),
        birth_date: Set(vault.seal(PATIENT_BIRTH_DATE, id, &birth_date)?),
        email: Set(seal_optional(
            vault,
            PATIENT_EMAIL,
            id,
            patient.email.as_deref(),
        )?),
        created_at: sea_orm::ActiveValue::NotSet,
    })
}

async fn index_patient_name(
    db: &impl ConnectionTrait,
    vault: &Vault,
    patient: &PatientIdentity,
) -> DomainResult<()> {
    search::index_name(
        db,
        vault,
        search::NameOwner::Patient,
        &patient.id,
        &patient.display_name(),
    )
    .await
}

/// Stores a new patient, sealed, and indexes their name for search.
pub(crate) async fn insert_patient(
    db: &impl ConnectionTrait,
    vault: &Vault,
    patient: &PatientIdentity,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let mut row = sealed_patient(vault, patient)?;
    row.created_at = Set(now);
    row.insert(db).await?;
    index_patient_name(db, vault, patient).await
}

/// Replaces a patient's identifying details (a re-import), sealed, and re-indexes their name.
pub(crate) async fn update_patient(
    db: &impl ConnectionTrait,
    vault: &Vault,
    patient: &PatientIdentity,
) -> DomainResult<()> {
    sealed_patient(vault, patient)?.update(db).await?;
    index_patient_name(db, vault, patient).await
}

// ---------------------------------------------------------------------------------------------
// Accounts

pub(crate) fn open_account(vault: &Vault, row: account::Model) -> DomainResult<AccountSummary> {
    let contact = ACCOUNT.open(vault, &row.id, &row.display_name, row.email.as_deref())?;
    Ok(AccountSummary {
        role: Role::parse(&row.role)
            .map_err(|_| DomainError::Internal(format!("unknown role in account {}", row.id)))?,
        id: row.id,
        display_name: contact.name,
        email: contact.email,
        patient_id: row.patient_id,
    })
}

/// The accounts with these ids (those that exist), in no particular order.
pub(crate) async fn find_accounts(
    db: &impl ConnectionTrait,
    vault: &Vault,
    ids: &[String],
) -> DomainResult<Vec<AccountSummary>> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let rows = account::Entity::find()
            .filter(account::Column::Id.is_in(chunk.iter().cloned()))
            .all(db)
            .await?;
        for row in rows {
            found.push(open_account(vault, row)?);
        }
    }
    Ok(found)
}

/// An account to create.
pub(crate) struct NewAccount<'a> {
    pub id: &'a str,
    pub role: Role,
    pub contact: &'a Contact,
    pub patient_id: Option<String>,
    pub status: &'a str,
}

/// Stores a new account, sealed, and indexes its name for search.
pub(crate) async fn insert_account(
    db: &impl ConnectionTrait,
    vault: &Vault,
    new: NewAccount<'_>,
    now: DateTime<Utc>,
) -> DomainResult<AccountSummary> {
    let sealed = ACCOUNT.seal(vault, new.id, new.contact)?;
    account::ActiveModel {
        id: Set(new.id.to_owned()),
        role: Set(new.role.as_str().to_owned()),
        display_name: Set(sealed.name),
        email: Set(sealed.email),
        patient_id: Set(new.patient_id.clone()),
        webauthn_user_id: Set(new.id.to_owned()),
        status: Set(new.status.to_owned()),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    search::index_name(
        db,
        vault,
        search::NameOwner::Account,
        new.id,
        &new.contact.name,
    )
    .await?;
    Ok(AccountSummary {
        id: new.id.to_owned(),
        role: new.role,
        display_name: new.contact.name.clone(),
        email: new.contact.email.clone(),
        patient_id: new.patient_id,
    })
}

// ---------------------------------------------------------------------------------------------
// Activation codes, proxy grants, passkeys, the e-mail outbox

/// The name and e-mail address an activation code was issued to, sealed for its row.
pub(crate) fn seal_code_contact(
    vault: &Vault,
    code_id: &str,
    contact: &Contact,
) -> DomainResult<SealedContact> {
    ACTIVATION_CODE.seal(vault, code_id, contact)
}

pub(crate) fn open_code_contact(
    vault: &Vault,
    row: &activation_code::Model,
) -> DomainResult<Contact> {
    ACTIVATION_CODE.open(vault, &row.id, &row.display_name, row.email.as_deref())
}

/// Who a grant is for: the caregiver's name and e-mail address, and who they are to the patient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Grantee {
    pub contact: Contact,
    pub relationship: String,
}

/// The same, sealed for one grant's row.
pub(crate) struct SealedGrantee {
    pub contact: SealedContact,
    pub relationship: String,
}

pub(crate) fn seal_grantee(
    vault: &Vault,
    grant_id: &str,
    grantee: &Grantee,
) -> DomainResult<SealedGrantee> {
    Ok(SealedGrantee {
        contact: GRANTEE.seal(vault, grant_id, &grantee.contact)?,
        relationship: vault.seal(GRANT_RELATIONSHIP, grant_id, &grantee.relationship)?,
    })
}

pub(crate) fn open_grantee(vault: &Vault, row: &proxy_grant::Model) -> DomainResult<Grantee> {
    Ok(Grantee {
        contact: GRANTEE.open(
            vault,
            &row.id,
            &row.grantee_name,
            row.grantee_email.as_deref(),
        )?,
        relationship: vault.open(GRANT_RELATIONSHIP, &row.id, &row.relationship)?,
    })
}

pub(crate) fn seal_passkey_name(
    vault: &Vault,
    passkey_id: &str,
    name: &str,
) -> DomainResult<String> {
    vault.seal(PASSKEY_NAME, passkey_id, name)
}

pub(crate) fn open_passkey(vault: &Vault, row: passkey::Model) -> DomainResult<PasskeySummary> {
    Ok(PasskeySummary {
        name: vault.open(PASSKEY_NAME, &row.id, &row.name)?,
        id: row.id,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
    })
}

pub(crate) fn seal_recipient(
    vault: &Vault,
    message_id: &str,
    recipient: &str,
) -> DomainResult<String> {
    vault.seal(OUTBOX_RECIPIENT, message_id, recipient)
}

pub(crate) fn open_recipient(vault: &Vault, row: &email_outbox::Model) -> DomainResult<String> {
    vault.open(OUTBOX_RECIPIENT, &row.id, &row.recipient)
}
