//! When results reach patients: immediately by default; a clinic may hold a category of results
//! (e.g. `laboratory`, `imaging`) for some hours so a clinician can call first. Staff always see
//! results at once.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

use crate::{
    DomainError, DomainResult,
    clinic::{TextSetting, text_setting},
    i18n::Said,
    said,
};

/// The longest hold a clinic may set: 30 days.
const MAX_HOURS: i64 = 24 * 30;

/// Hours to hold results, by category.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReleaseDelays {
    pub hours: BTreeMap<String, i64>,
}

impl ReleaseDelays {
    /// Parses `laboratory=72,imaging=168` (an empty text means no delays).
    pub fn parse(text: &str) -> DomainResult<Self> {
        let invalid = |message: Said| DomainError::validation("release_delays", message);
        let mut hours = BTreeMap::new();
        for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (category, value) = item
                .split_once('=')
                .ok_or_else(|| invalid(said!("rec-delay-not-pair", item = item)))?;
            let category = category.trim().to_ascii_lowercase();
            if category.is_empty()
                || !category
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                return Err(invalid(said!("rec-delay-category", category = &category)));
            }
            let value: i64 = value
                .trim()
                .parse()
                .map_err(|_| invalid(said!("rec-delay-whole", category = &category)))?;
            if !(0..=MAX_HOURS).contains(&value) {
                return Err(invalid(said!(
                    "rec-delay-range",
                    category = &category,
                    max = MAX_HOURS
                )));
            }
            hours.insert(category, value);
        }
        Ok(Self { hours })
    }

    pub fn to_stored(&self) -> String {
        self.hours
            .iter()
            .map(|(c, h)| format!("{c}={h}"))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Whether a result of `category` dated `at` is released at `now`.
    pub fn released(&self, category: &str, at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        match (self.hours.get(category), at) {
            (Some(hours), Some(at)) if *hours > 0 => at + Duration::hours(*hours) <= now,
            _ => true,
        }
    }
}

impl TextSetting for ReleaseDelays {
    const KEY: &'static str = "results.release_delay_hours";
    fn parse_text(text: &str) -> DomainResult<Self> {
        Self::parse(text)
    }
    fn stored_text(&self) -> String {
        self.to_stored()
    }
}

/// The release delays in force.
pub async fn release_delays(db: &impl ConnectionTrait) -> DomainResult<ReleaseDelays> {
    text_setting(db).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn delays_parse_validate_and_hold_results() {
        let delays = ReleaseDelays::parse("laboratory=72, imaging=0").unwrap();
        assert_eq!(delays.to_stored(), "imaging=0,laboratory=72");
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
        assert!(!delays.released("laboratory", Some(at), at + Duration::hours(71)));
        assert!(delays.released("laboratory", Some(at), at + Duration::hours(72)));
        assert!(delays.released("imaging", Some(at), at));
        assert!(delays.released("vital-signs", Some(at), at));
        assert!(ReleaseDelays::parse("laboratory=-1").is_err());
        assert!(ReleaseDelays::parse("laboratory").is_err());
        assert!(ReleaseDelays::parse("lab oratory=2").is_err());
        assert!(ReleaseDelays::parse("").unwrap().hours.is_empty());
    }
}
