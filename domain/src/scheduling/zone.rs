//! The clinic's time zone (an IANA name, a clinic setting): every slot is laid out and every
//! time shown in it, across daylight-saving changes; times are stored in UTC. The zone rules come
//! from `jiff`'s bundled copy of the tz database, so a server without `/usr/share/zoneinfo`
//! lays out the same slots.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use jiff::tz::{AmbiguousOffset, TimeZone};
use sea_orm::ConnectionTrait;

use crate::{DomainError, DomainResult, clinic::setting, i18n::Locale, said};

pub const KEY_TIME_ZONE: &str = "clinic.time_zone";
pub const DEFAULT_TIME_ZONE: &str = "UTC";

#[derive(Clone, Debug)]
pub struct ClinicZone {
    name: String,
    zone: TimeZone,
    /// The language of its labels (month and day names, the clock's a.m. and p.m.).
    words: Locale,
}

impl PartialEq for ClinicZone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl ClinicZone {
    /// An IANA zone name such as `America/New_York` (not an offset: offsets change twice a year).
    pub fn parse(name: &str) -> DomainResult<Self> {
        let name = name.trim();
        let invalid =
            || DomainError::validation("time_zone", said!("sched-not-a-zone", name = name));
        if name.is_empty() || name.len() > 64 || !name.chars().all(|c| c.is_ascii_graphic()) {
            return Err(invalid());
        }
        let zone = TimeZone::get(name).map_err(|_| invalid())?;
        Ok(Self {
            name: name.to_owned(),
            zone,
            words: Locale::En,
        })
    }

    /// This zone, its labels in `locale` ("jue 10 dic 2026").
    #[must_use]
    pub fn speaking(self, locale: Locale) -> Self {
        Self {
            words: locale,
            ..self
        }
    }

    pub fn utc() -> Self {
        Self::parse(DEFAULT_TIME_ZONE).expect("UTC is a zone")
    }

    /// The zone itself, for date arithmetic elsewhere (statements by month).
    pub fn time_zone(&self) -> &TimeZone {
        &self.zone
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The instant a local wall-clock time names on `day`: none in a spring-forward gap (that
    /// time never happens), the first of the two in an autumn fold.
    pub fn instant(&self, day: NaiveDate, minute_of_day: u32) -> Option<DateTime<Utc>> {
        let civil =
            civil_date(day)?.at((minute_of_day / 60) as i8, (minute_of_day % 60) as i8, 0, 0);
        let ambiguous = self.zone.to_ambiguous_timestamp(civil);
        if let AmbiguousOffset::Gap { .. } = ambiguous.offset() {
            return None;
        }
        let at = ambiguous.earlier().ok()?;
        DateTime::from_timestamp(at.as_second(), 0)
    }

    /// Local midnight of `day` to local midnight of the next, in UTC.
    pub fn day_bounds(&self, day: NaiveDate) -> DomainResult<(DateTime<Utc>, DateTime<Utc>)> {
        let start = |d: NaiveDate| -> DomainResult<DateTime<Utc>> {
            let zoned = civil_date(d)
                .and_then(|c| c.to_zoned(self.zone.clone()).ok())
                .ok_or_else(|| DomainError::validation("day", said!("sched-day-out-of-range")))?;
            DateTime::from_timestamp(zoned.timestamp().as_second(), 0)
                .ok_or_else(|| DomainError::validation("day", said!("sched-day-out-of-range")))
        };
        let next = day
            .succ_opt()
            .ok_or_else(|| DomainError::validation("day", said!("sched-day-out-of-range")))?;
        Ok((start(day)?, start(next)?))
    }

    /// The local day and minute of the day of an instant.
    pub fn local(&self, at: DateTime<Utc>) -> (NaiveDate, u32) {
        let zoned = self.zoned(at);
        let (date, time) = (zoned.date(), zoned.time());
        let day = NaiveDate::from_ymd_opt(
            i32::from(date.year()),
            date.month() as u32,
            date.day() as u32,
        )
        .unwrap_or_default();
        (day, time.hour() as u32 * 60 + time.minute() as u32)
    }

    /// Today in the clinic.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        self.local(now).0
    }

    /// "Thu 10 Dec 2026" ("jue 10 dic 2026").
    pub fn day_label(&self, at: DateTime<Utc>) -> String {
        self.label(at, "%a %-d %b %Y")
    }

    /// "9:30 AM" ("9:30", Spanish clocks count 24 hours).
    pub fn time_label(&self, at: DateTime<Utc>) -> String {
        self.label(at, self.clock())
    }

    /// "9:30 AM EST".
    pub fn time_zone_label(&self, at: DateTime<Utc>) -> String {
        self.label(at, &format!("{} %Z", self.clock()))
    }

    /// "2026-12-10 09:30:05 EST", for logs read line by line.
    pub fn precise_label(&self, at: DateTime<Utc>) -> String {
        self.zoned(at).strftime("%Y-%m-%d %H:%M:%S %Z").to_string()
    }

    /// "Thu 10 Dec 2026, 9:30 AM EST".
    pub fn moment_label(&self, at: DateTime<Utc>) -> String {
        self.label(at, &format!("%a %-d %b %Y, {} %Z", self.clock()))
    }

    /// How the zone's language writes a time of day.
    fn clock(&self) -> &'static str {
        match self.words {
            Locale::En => "%-I:%M %p",
            Locale::Es => "%-H:%M",
        }
    }

    /// `at` on the clinic's clocks, written with `pattern` in the zone's language: the tz
    /// database (jiff) gives the offset and the zone's abbreviation at that instant, chrono the
    /// language's names.
    fn label(&self, at: DateTime<Utc>, pattern: &str) -> String {
        let zoned = self.zoned(at);
        let Some(offset) = chrono::FixedOffset::east_opt(zoned.offset().seconds()) else {
            return zoned.strftime(pattern).to_string();
        };
        let pattern = pattern.replace("%Z", &zoned.strftime("%Z").to_string());
        at.with_timezone(&offset)
            .format_localized(&pattern, crate::i18n::calendar(self.words))
            .to_string()
    }

    fn zoned(&self, at: DateTime<Utc>) -> jiff::Zoned {
        jiff::Timestamp::from_second(at.timestamp())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .to_zoned(self.zone.clone())
    }
}

fn civil_date(day: NaiveDate) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(
        i16::try_from(day.year()).ok()?,
        day.month() as i8,
        day.day() as i8,
    )
    .ok()
}

/// The clinic's zone as saved (UTC until an admin sets one).
pub async fn clinic_zone(db: &impl ConnectionTrait) -> DomainResult<ClinicZone> {
    match setting(db, KEY_TIME_ZONE).await? {
        Some(name) => ClinicZone::parse(&name),
        None => Ok(ClinicZone::utc()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn local_times_keep_the_wall_clock_across_daylight_saving() {
        let zone = ClinicZone::parse("America/New_York").unwrap();
        // 9:00 on the Friday before and the Monday after clocks went back (1 Nov 2026).
        let before = zone.instant(day(2026, 10, 30), 9 * 60).unwrap();
        let after = zone.instant(day(2026, 11, 2), 9 * 60).unwrap();
        assert_eq!(before.to_rfc3339(), "2026-10-30T13:00:00+00:00");
        assert_eq!(after.to_rfc3339(), "2026-11-02T14:00:00+00:00");
        assert_eq!(zone.time_label(after), "9:00 AM");
        assert_eq!(zone.local(after), (day(2026, 11, 2), 540));
        // 2:30 on 8 March 2026 never happened; 1:30 on 1 November happened twice.
        assert_eq!(zone.instant(day(2026, 3, 8), 150), None);
        let fold = zone.instant(day(2026, 11, 1), 90).unwrap();
        assert_eq!(fold.to_rfc3339(), "2026-11-01T05:30:00+00:00");
        // The day clocks went back lasts 25 hours.
        let (start, end) = zone.day_bounds(day(2026, 11, 1)).unwrap();
        assert_eq!((end - start).num_hours(), 25);
    }

    #[test]
    fn labels_are_in_the_zones_language_with_the_offset_and_abbreviation_of_the_day() {
        let zone = ClinicZone::parse("America/New_York").unwrap();
        let winter = zone.instant(day(2026, 12, 10), 9 * 60 + 30).unwrap();
        let summer = zone.instant(day(2026, 7, 2), 14 * 60 + 5).unwrap();
        assert_eq!(zone.moment_label(winter), "Thu 10 Dec 2026, 9:30 AM EST");
        assert_eq!(zone.moment_label(summer), "Thu 2 Jul 2026, 2:05 PM EDT");
        let spanish = zone.clone().speaking(Locale::Es);
        assert_eq!(spanish.day_label(winter), "jue 10 dic 2026");
        assert_eq!(spanish.time_zone_label(summer), "14:05 EDT");
        assert_eq!(spanish.moment_label(winter), "jue 10 dic 2026, 9:30 EST");
        assert_eq!(spanish.precise_label(winter), "2026-12-10 09:30:00 EST");
    }

    #[test]
    fn zone_names_are_iana_names() {
        assert!(ClinicZone::parse("Europe/Berlin").is_ok());
        for bad in [
            "",
            "Mars/Olympus",
            "+05:00",
            "America/New York",
            "../etc/passwd",
        ] {
            assert!(ClinicZone::parse(bad).is_err(), "{bad:?}");
        }
    }
}
