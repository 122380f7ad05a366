//! The clinic's rules for minors, kept in `clinic_setting`: below `guardian_full_until` a
//! guardian has every scope the grant lists; from then until `adult_at` only the scopes the clinic
//! allows for adolescents' guardians, and record categories the clinic marks confidential are
//! hidden from them; at `adult_at` guardian grants end.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, TransactionTrait};
use serde::{Deserialize, Serialize};

use super::scope::{Scope, Scopes};
use crate::{DomainError, DomainResult, clinic::upsert_setting, entities::clinic_setting, said};

const KEY_FULL_UNTIL: &str = "access.guardian_full_until";
const KEY_ADULT_AT: &str = "access.adult_at";
const KEY_ADOLESCENT_SCOPES: &str = "access.adolescent_guardian_scopes";
const KEY_CONFIDENTIAL: &str = "access.confidential_categories";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeRules {
    /// Age at which a guardian's access becomes limited (default 12).
    pub guardian_full_until: u32,
    /// Age of majority: guardian grants end (default 18).
    pub adult_at: u32,
    /// What a guardian of an adolescent may still use.
    pub adolescent_guardian_scopes: Scopes,
    /// Record categories hidden from guardians of adolescents (sexual and reproductive health,
    /// mental health, substance use by default).
    pub confidential_categories: Vec<String>,
}

impl Default for AgeRules {
    fn default() -> Self {
        Self {
            guardian_full_until: 12,
            adult_at: 18,
            adolescent_guardian_scopes: Scopes::new([
                Scope::Records,
                Scope::Results,
                Scope::Appointments,
                Scope::Refills,
                Scope::Billing,
            ]),
            confidential_categories: vec![
                "sexual-health".into(),
                "reproductive-health".into(),
                "mental-health".into(),
                "substance-use".into(),
            ],
        }
    }
}

/// Whole years between `birth_date` and `today` (someone born on 29 February turns a year older
/// on 1 March in common years).
pub fn age_on(birth_date: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth_date.year();
    if (today.month(), today.day()) < (birth_date.month(), birth_date.day()) {
        years -= 1;
    }
    years.max(0).unsigned_abs()
}

/// Where a patient stands under the rules on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgeBand {
    Child,
    Adolescent,
    Adult,
}

impl AgeRules {
    pub fn band(&self, birth_date: NaiveDate, today: NaiveDate) -> AgeBand {
        let age = age_on(birth_date, today);
        if age >= self.adult_at {
            AgeBand::Adult
        } else if age >= self.guardian_full_until {
            AgeBand::Adolescent
        } else {
            AgeBand::Child
        }
    }

    /// Checks the rules hang together; each refusal names its setting.
    pub fn validate(&self) -> DomainResult<()> {
        if !(1..=21).contains(&self.adult_at) {
            return Err(DomainError::validation(
                "adult_at",
                said!("perm-rules-adult-at"),
            ));
        }
        if self.guardian_full_until > self.adult_at {
            return Err(DomainError::validation(
                "guardian_full_until",
                said!("perm-rules-guardian-full"),
            ));
        }
        if self
            .adolescent_guardian_scopes
            .contains(Scope::ManageAccess)
        {
            return Err(DomainError::validation(
                "adolescent_guardian_scopes",
                said!("perm-rules-guardian-manage"),
            ));
        }
        for category in &self.confidential_categories {
            let ok = !category.is_empty()
                && category.len() <= 60
                && category
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok {
                return Err(DomainError::validation(
                    "confidential_categories",
                    said!("perm-rules-category-invalid", category = category),
                ));
            }
        }
        Ok(())
    }
}

fn parse_age(field: &'static str, value: &str) -> DomainResult<u32> {
    value
        .trim()
        .parse()
        .map_err(|_| DomainError::validation(field, said!("perm-rules-years")))
}

/// Parses a comma-separated category list as typed.
pub fn parse_categories(list: &str) -> Vec<String> {
    list.split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty())
        .collect()
}

pub async fn age_rules(db: &impl ConnectionTrait) -> DomainResult<AgeRules> {
    let rows = clinic_setting::Entity::find().all(db).await?;
    let get = |key: &str| rows.iter().find(|r| r.key == key).map(|r| r.value.as_str());
    let mut rules = AgeRules::default();
    if let Some(v) = get(KEY_FULL_UNTIL) {
        rules.guardian_full_until = parse_age("guardian_full_until", v)?;
    }
    if let Some(v) = get(KEY_ADULT_AT) {
        rules.adult_at = parse_age("adult_at", v)?;
    }
    if let Some(v) = get(KEY_ADOLESCENT_SCOPES) {
        rules.adolescent_guardian_scopes = Scopes::parse(v)?;
    }
    if let Some(v) = get(KEY_CONFIDENTIAL) {
        rules.confidential_categories = parse_categories(v);
    }
    Ok(rules)
}

/// Saves the rules (all of them, in one transaction) after validating them.
pub async fn save_age_rules(
    db: &DatabaseConnection,
    rules: &AgeRules,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    rules.validate()?;
    let txn = db.begin().await?;
    upsert_setting(
        &txn,
        KEY_FULL_UNTIL,
        rules.guardian_full_until.to_string(),
        now,
    )
    .await?;
    upsert_setting(&txn, KEY_ADULT_AT, rules.adult_at.to_string(), now).await?;
    upsert_setting(
        &txn,
        KEY_ADOLESCENT_SCOPES,
        rules.adolescent_guardian_scopes.to_stored(),
        now,
    )
    .await?;
    upsert_setting(
        &txn,
        KEY_CONFIDENTIAL,
        rules.confidential_categories.join(","),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn ages_turn_on_the_birthday() {
        assert_eq!(age_on(date(2014, 6, 1), date(2026, 5, 31)), 11);
        assert_eq!(age_on(date(2014, 6, 1), date(2026, 6, 1)), 12);
        assert_eq!(age_on(date(2008, 2, 29), date(2026, 2, 28)), 17);
        assert_eq!(age_on(date(2008, 2, 29), date(2026, 3, 1)), 18);
    }

    #[test]
    fn bands_follow_the_clinic_ages() {
        let rules = AgeRules::default();
        let born = date(2010, 1, 15);
        assert_eq!(rules.band(born, date(2022, 1, 14)), AgeBand::Child);
        assert_eq!(rules.band(born, date(2022, 1, 15)), AgeBand::Adolescent);
        assert_eq!(rules.band(born, date(2028, 1, 15)), AgeBand::Adult);
    }

    #[test]
    fn inconsistent_rules_are_refused_by_name() {
        let field = |rules: AgeRules| match rules.validate() {
            Err(DomainError::Validation { field, .. }) => field,
            other => panic!("expected a refusal, got {other:?}"),
        };
        let base = AgeRules::default();
        assert!(base.validate().is_ok());
        assert_eq!(
            field(AgeRules {
                guardian_full_until: 19,
                ..base.clone()
            }),
            "guardian_full_until"
        );
        assert_eq!(
            field(AgeRules {
                adult_at: 40,
                ..base.clone()
            }),
            "adult_at"
        );
        assert_eq!(
            field(AgeRules {
                confidential_categories: vec!["Mental Health".into()],
                ..base
            }),
            "confidential_categories"
        );
    }
}
