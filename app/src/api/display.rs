//! How the server writes times, dates and sizes for people: one place, used by every area's
//! server functions, depending on nothing else in the app. Moments are the clinic's wall-clock
//! time. (Money comes here too.)

use chrono::{DateTime, Duration, NaiveDate, Utc};
use portico_domain::{DomainError, said, scheduling::ClinicZone};

/// A named value's word (a role, a record section, "Waiting on the patient"), in the page's
/// language.
pub fn name<T: portico_domain::i18n::Named>(value: T) -> String {
    portico_domain::i18n::name(crate::i18n::locale(), value)
}

/// The month and day names of the page's language.
fn calendar_words() -> chrono::Locale {
    portico_domain::i18n::calendar(crate::i18n::locale())
}

/// "9 Mar 2026" ("9 mar 2026").
pub fn day(at: DateTime<Utc>) -> String {
    at.format_localized("%-d %b %Y", calendar_words())
        .to_string()
}

/// "9 Mar 2026" ("9 mar 2026"), a day of the calendar.
pub fn date(at: NaiveDate) -> String {
    at.format_localized("%-d %b %Y", calendar_words())
        .to_string()
}

/// "Mon 9 Mar 2026" ("lun 9 mar 2026"), a day of the calendar with its weekday.
pub fn weekday_date(at: NaiveDate) -> String {
    at.format_localized("%a %-d %b %Y", calendar_words())
        .to_string()
}

/// "March 2026" ("marzo 2026").
pub fn month(at: NaiveDate) -> String {
    at.format_localized("%B %Y", calendar_words()).to_string()
}

/// "9 March 2026" ("9 marzo 2026"), for dates a person reads on their own (birth dates, code
/// expiry).
pub fn long_day(at: NaiveDate) -> String {
    at.format_localized("%-d %B %Y", calendar_words())
        .to_string()
}

/// "Mon 9 Mar 2026, 8:05 AM MDT": a moment as the clinic's clocks showed it.
pub fn moment(zone: &ClinicZone, at: DateTime<Utc>) -> String {
    zone.moment_label(at)
}

/// The last day something works, from the first moment it no longer does.
pub fn last_day(expires_at: DateTime<Utc>) -> NaiveDate {
    (expires_at - Duration::seconds(1)).date_naive()
}

/// Parses an optional date typed into a filter (`YYYY-MM-DD`).
pub fn optional_date(field: &'static str, value: &str) -> Result<Option<NaiveDate>, DomainError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| DomainError::validation(field, said!("perm-date-format")))
}

/// "512 bytes", "14 KB", "2.3 MB" (the units are the same in every language).
pub fn size(bytes: usize) -> String {
    match bytes {
        0..1024 => crate::i18n::t_args("perm-size-bytes", vec![("count", bytes.into())]),
        1024..1_048_576 => format!("{:.0} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_days_read_as_people_write_them() {
        assert_eq!(size(512), "512 bytes");
        assert_eq!(size(14 * 1024), "14 KB");
        assert_eq!(size(2_400_000), "2.3 MB");
        let at = DateTime::parse_from_rfc3339("2026-03-09T14:05:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(day(at), "9 Mar 2026");
        assert_eq!(
            moment(&ClinicZone::utc(), at),
            "Mon 9 Mar 2026, 2:05 PM UTC"
        );
        let denver = ClinicZone::parse("America/Denver").unwrap();
        assert_eq!(moment(&denver, at), "Mon 9 Mar 2026, 8:05 AM MDT");
        assert_eq!(
            last_day(at.date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc()).to_string(),
            "2026-03-08"
        );
        assert!(optional_date("from", "9/3/2026").is_err());
        assert_eq!(optional_date("from", " ").unwrap(), None);
    }
}
