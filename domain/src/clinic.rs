//! The clinic's public profile: the name and contact details shown to everyone, signed in or not.
//! It holds no PHI. Values are validated once, at the edge, into the newtypes below.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait, TransactionTrait,
    sea_query::OnConflict,
};
use serde::{Deserialize, Serialize};

use crate::{DomainError, DomainResult, entities::clinic_setting, said};

pub const DEFAULT_CLINIC_NAME: &str = "Portico";

const KEY_NAME: &str = "clinic.name";
const KEY_PHONE: &str = "clinic.phone";
const KEY_EMAIL: &str = "clinic.email";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicProfile {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClinicName(String);

impl ClinicName {
    pub fn parse(raw: &str) -> DomainResult<Self> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(DomainError::validation(
                "name",
                said!("perm-clinic-name-empty"),
            ));
        }
        if name.chars().count() > 120 {
            return Err(DomainError::validation(
                "name",
                said!("perm-clinic-name-long"),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(DomainError::validation(
                "name",
                said!("perm-clinic-name-control"),
            ));
        }
        Ok(Self(name.to_owned()))
    }
}

/// A phone number as people write it: digits with optional `+`, spaces, dots, dashes and
/// parentheses, 7 to 15 digits in all (the E.164 maximum).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(raw: &str) -> DomainResult<Self> {
        let phone = raw.trim();
        let allowed = |c: char| c.is_ascii_digit() || " +-.()".contains(c);
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        if !phone.chars().all(allowed) || !(7..=15).contains(&digits) {
            return Err(DomainError::validation("phone", said!("perm-clinic-phone")));
        }
        Ok(Self(phone.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A contact address; deliverability is the mail server's business, this only rejects what is
/// plainly not an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactEmail(String);

impl ContactEmail {
    pub fn parse(raw: &str) -> DomainResult<Self> {
        let email = raw.trim();
        let plausible = email.len() <= 254
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && matches!(email.split_once('@'), Some((local, domain))
                if !local.is_empty() && domain.contains('.') && !domain.contains('@')
                    && !domain.starts_with('.') && !domain.ends_with('.'));
        if !plausible {
            return Err(DomainError::validation("email", said!("perm-clinic-email")));
        }
        Ok(Self(email.to_owned()))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClinicProfileUpdate {
    pub name: Option<ClinicName>,
    pub phone: Option<PhoneNumber>,
    pub email: Option<ContactEmail>,
}

pub async fn clinic_profile(db: &impl sea_orm::ConnectionTrait) -> DomainResult<ClinicProfile> {
    let rows = clinic_setting::Entity::find().all(db).await?;
    let get = |key: &str| rows.iter().find(|r| r.key == key).map(|r| r.value.clone());
    Ok(ClinicProfile {
        name: get(KEY_NAME).unwrap_or_else(|| DEFAULT_CLINIC_NAME.to_owned()),
        phone: get(KEY_PHONE),
        email: get(KEY_EMAIL),
    })
}

/// Writes every given field in one transaction: either all of them change or none does.
pub async fn update_clinic_profile(
    db: &DatabaseConnection,
    update: ClinicProfileUpdate,
    now: DateTime<Utc>,
) -> DomainResult<ClinicProfile> {
    let changes: Vec<(&str, String)> = [
        update.name.map(|v| (KEY_NAME, v.0)),
        update.phone.map(|v| (KEY_PHONE, v.0)),
        update.email.map(|v| (KEY_EMAIL, v.0)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if changes.is_empty() {
        return Err(DomainError::validation(
            "profile",
            said!("perm-clinic-nothing"),
        ));
    }
    let txn = db.begin().await?;
    for (key, value) in changes {
        upsert_setting(&txn, key, value, now).await?;
    }
    txn.commit().await?;
    clinic_profile(db).await
}

/// One clinic setting's stored value, if it was ever saved.
pub(crate) async fn setting(
    conn: &impl ConnectionTrait,
    key: &str,
) -> DomainResult<Option<String>> {
    Ok(clinic_setting::Entity::find_by_id(key.to_owned())
        .one(conn)
        .await?
        .map(|row| row.value))
}

/// A clinic-wide setting kept as one line of text under its key (`window-days=120; …`): read
/// whole, a default until first saved, and refused whole when any part is wrong.
pub trait TextSetting: Default + Sized {
    const KEY: &'static str;
    fn parse_text(text: &str) -> DomainResult<Self>;
    fn stored_text(&self) -> String;
}

/// The setting in force (its default if never saved).
pub async fn text_setting<T: TextSetting>(conn: &impl ConnectionTrait) -> DomainResult<T> {
    match setting(conn, T::KEY).await? {
        Some(text) => T::parse_text(&text),
        None => Ok(T::default()),
    }
}

/// Saves a setting (validated already: it is a parsed value).
pub async fn save_text_setting<T: TextSetting>(
    db: &DatabaseConnection,
    value: &T,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let txn = db.begin().await?;
    upsert_setting(&txn, T::KEY, value.stored_text(), now).await?;
    txn.commit().await?;
    Ok(())
}

pub(crate) async fn upsert_setting(
    conn: &impl ConnectionTrait,
    key: &str,
    value: String,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let row = clinic_setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value),
        updated_at: Set(now),
    };
    clinic_setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(clinic_setting::Column::Key)
                .update_columns([
                    clinic_setting::Column::Value,
                    clinic_setting::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            ClinicName::parse("  Elm Street Clinic ").unwrap().0,
            "Elm Street Clinic"
        );
        assert!(ClinicName::parse("   ").is_err());
        assert!(ClinicName::parse(&"x".repeat(121)).is_err());
        assert!(ClinicName::parse("bad\u{7}name").is_err());
    }

    #[test]
    fn phone_numbers_need_seven_to_fifteen_digits() {
        assert!(PhoneNumber::parse("+1 (555) 010-2000").is_ok());
        assert!(PhoneNumber::parse("555-01").is_err());
        assert!(PhoneNumber::parse("call 555 0100").is_err());
        assert!(PhoneNumber::parse("1234567890123456").is_err());
    }

    #[test]
    fn emails_must_look_like_addresses() {
        assert!(ContactEmail::parse("frontdesk@example.org").is_ok());
        for bad in [
            "",
            "frontdesk",
            "@example.org",
            "a@b",
            "a b@example.org",
            "a@@example.org",
            "a@example.",
        ] {
            assert!(ContactEmail::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
