//! Sealing what was stored before its column was sealed. A schema migration cannot see the key,
//! so the values written by earlier versions stay plaintext until [`seal_plaintext`] runs, right
//! after the vault is unlocked (server start-up and the command-line tools that open it). It
//! finds the rows with a value that is not yet `enc:v1:…`, seals those values in place (each for
//! its own table, column and row), and indexes names written as plaintext for search, all in one
//! transaction: every row is sealed, or, on any error, none is. A second run finds nothing to do.

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::Expr,
};

use super::{
    ACCOUNT, ACTIVATION_CODE, BIRTH_DATE_FORMAT, GRANT_RELATIONSHIP, GRANTEE, OUTBOX_RECIPIENT,
    PASSKEY_NAME, PATIENT_BIRTH_DATE, PATIENT_EMAIL, PATIENT_FAMILY_NAME, PATIENT_GIVEN_NAME,
    parse_birth_date,
    search::{self, NameOwner},
};
use crate::{
    DomainResult,
    db::begin_write,
    entities::{account, activation_code, email_outbox, passkey, patient, proxy_grant},
    vault::{Field, SEALED_LIKE, Vault, is_sealed},
};

/// How many rows had plaintext sealed, by table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SealReport {
    pub patients: u64,
    pub accounts: u64,
    pub activation_codes: u64,
    pub proxy_grants: u64,
    pub emails: u64,
    pub passkeys: u64,
}

impl SealReport {
    pub fn total(&self) -> u64 {
        self.patients
            + self.accounts
            + self.activation_codes
            + self.proxy_grants
            + self.emails
            + self.passkeys
    }
}

/// The columns of one row that still hold plaintext, sealed, ready to be written.
struct RowSealing<'a, E: EntityTrait> {
    vault: &'a Vault,
    row_id: &'a str,
    sealed: Vec<(E::Column, String)>,
}

impl<'a, E: EntityTrait> RowSealing<'a, E> {
    fn new(vault: &'a Vault, row_id: &'a str) -> Self {
        Self {
            vault,
            row_id,
            sealed: Vec::new(),
        }
    }

    /// Seals `stored` unless it is sealed already, and returns its plaintext either way.
    fn value(&mut self, column: E::Column, field: Field, stored: &str) -> DomainResult<String> {
        if is_sealed(stored) {
            return self.vault.open(field, self.row_id, stored);
        }
        self.sealed
            .push((column, self.vault.seal(field, self.row_id, stored)?));
        Ok(stored.to_owned())
    }

    fn optional(
        &mut self,
        column: E::Column,
        field: Field,
        stored: Option<&str>,
    ) -> DomainResult<()> {
        if let Some(stored) = stored {
            self.value(column, field, stored)?;
        }
        Ok(())
    }

    /// Whether anything was sealed.
    fn changed(&self) -> bool {
        !self.sealed.is_empty()
    }

    async fn write(self, db: &impl ConnectionTrait, id: E::Column) -> DomainResult<()> {
        if self.sealed.is_empty() {
            return Ok(());
        }
        let mut update = E::update_many().filter(id.eq(self.row_id));
        for (column, value) in self.sealed {
            update = update.col_expr(column, Expr::value(value));
        }
        update.exec(db).await?;
        Ok(())
    }
}

/// Seals every plaintext value left in the sealed columns (see the module documentation).
pub async fn seal_plaintext(db: &DatabaseConnection, vault: &Vault) -> DomainResult<SealReport> {
    let txn = begin_write(db).await?;
    let mut report = SealReport::default();

    use patient::Column as P;
    let patients = patient::Entity::find()
        .filter(
            Condition::any()
                .add(P::GivenName.not_like(SEALED_LIKE))
                .add(P::FamilyName.not_like(SEALED_LIKE))
                .add(P::BirthDate.not_like(SEALED_LIKE))
                .add(P::Email.not_like(SEALED_LIKE)),
        )
        .all(&txn)
        .await?;
    for row in patients {
        let mut sealing = RowSealing::<patient::Entity>::new(vault, &row.id);
        let given = sealing.value(P::GivenName, PATIENT_GIVEN_NAME, &row.given_name)?;
        let family = sealing.value(P::FamilyName, PATIENT_FAMILY_NAME, &row.family_name)?;
        let names_were_plain = sealing.changed();
        if !is_sealed(&row.birth_date) {
            // Only a real date is sealed (in the one format the services read); anything else
            // stops the whole run, and nothing is written.
            let date = parse_birth_date(&row.id, row.birth_date.trim())?;
            let text = date.format(BIRTH_DATE_FORMAT).to_string();
            sealing.value(P::BirthDate, PATIENT_BIRTH_DATE, &text)?;
        }
        sealing.optional(P::Email, PATIENT_EMAIL, row.email.as_deref())?;
        sealing.write(&txn, P::Id).await?;
        if names_were_plain {
            let name = format!("{given} {family}");
            search::index_name(&txn, vault, NameOwner::Patient, &row.id, &name).await?;
        }
        report.patients += 1;
    }

    use account::Column as A;
    let accounts = account::Entity::find()
        .filter(
            Condition::any()
                .add(A::DisplayName.not_like(SEALED_LIKE))
                .add(A::Email.not_like(SEALED_LIKE)),
        )
        .all(&txn)
        .await?;
    for row in accounts {
        let mut sealing = RowSealing::<account::Entity>::new(vault, &row.id);
        let name = sealing.value(A::DisplayName, ACCOUNT.name, &row.display_name)?;
        let name_was_plain = sealing.changed();
        sealing.optional(A::Email, ACCOUNT.email, row.email.as_deref())?;
        sealing.write(&txn, A::Id).await?;
        if name_was_plain {
            search::index_name(&txn, vault, NameOwner::Account, &row.id, &name).await?;
        }
        report.accounts += 1;
    }

    use activation_code::Column as C;
    let codes = activation_code::Entity::find()
        .filter(
            Condition::any()
                .add(C::DisplayName.not_like(SEALED_LIKE))
                .add(C::Email.not_like(SEALED_LIKE)),
        )
        .all(&txn)
        .await?;
    for row in codes {
        let mut sealing = RowSealing::<activation_code::Entity>::new(vault, &row.id);
        sealing.value(C::DisplayName, ACTIVATION_CODE.name, &row.display_name)?;
        sealing.optional(C::Email, ACTIVATION_CODE.email, row.email.as_deref())?;
        sealing.write(&txn, C::Id).await?;
        report.activation_codes += 1;
    }

    use proxy_grant::Column as G;
    let grants = proxy_grant::Entity::find()
        .filter(
            Condition::any()
                .add(G::GranteeName.not_like(SEALED_LIKE))
                .add(G::GranteeEmail.not_like(SEALED_LIKE))
                .add(G::Relationship.not_like(SEALED_LIKE)),
        )
        .all(&txn)
        .await?;
    for row in grants {
        let mut sealing = RowSealing::<proxy_grant::Entity>::new(vault, &row.id);
        sealing.value(G::GranteeName, GRANTEE.name, &row.grantee_name)?;
        sealing.optional(G::GranteeEmail, GRANTEE.email, row.grantee_email.as_deref())?;
        sealing.value(G::Relationship, GRANT_RELATIONSHIP, &row.relationship)?;
        sealing.write(&txn, G::Id).await?;
        report.proxy_grants += 1;
    }

    use email_outbox::Column as E;
    let emails = email_outbox::Entity::find()
        .filter(E::Recipient.not_like(SEALED_LIKE))
        .all(&txn)
        .await?;
    for row in emails {
        let mut sealing = RowSealing::<email_outbox::Entity>::new(vault, &row.id);
        sealing.value(E::Recipient, OUTBOX_RECIPIENT, &row.recipient)?;
        sealing.write(&txn, E::Id).await?;
        report.emails += 1;
    }

    use passkey::Column as K;
    let passkeys = passkey::Entity::find()
        .filter(K::Name.not_like(SEALED_LIKE))
        .all(&txn)
        .await?;
    for row in passkeys {
        let mut sealing = RowSealing::<passkey::Entity>::new(vault, &row.id);
        sealing.value(K::Name, PASSKEY_NAME, &row.name)?;
        sealing.write(&txn, K::Id).await?;
        report.passkeys += 1;
    }

    txn.commit().await?;
    Ok(report)
}
