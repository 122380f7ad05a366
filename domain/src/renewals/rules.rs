//! Who may ask for what: the eligibility rules of a renewal request, checked in order, each
//! refusal in words a patient understands, and the clinic's settings they read (how long after a
//! prescription ends it may still be renewed, the controlled-substance lists, the medicines not
//! renewed online). FHIR R4 has no DEA schedule field, so the clinic keeps the code lists.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Months, Utc};
use sea_orm::ConnectionTrait;

use crate::{
    DomainError, DomainResult,
    clinic::{TextSetting, text_setting},
    i18n::Said,
    records::Prescription,
    said,
};

/// Refills a prescription may carry when no law limits it (a year of monthly fills).
pub const MAX_REFILLS: u32 = 11;
/// Schedule III–IV: at most this many refills …
pub const CONTROLLED_REFILLS: u32 = 5;
/// … within this many months of the prescription.
const CONTROLLED_MONTHS: u32 = 6;

/// The clinic's renewal settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenewalRules {
    /// A prescription that ended at most this many days ago may still be renewed.
    pub window_days: i64,
    /// Medication codes (RxNorm) of Schedule II: never refilled.
    pub schedule_ii: BTreeSet<String>,
    /// Schedule III–IV: at most 5 refills within 6 months.
    pub schedule_iii_iv: BTreeSet<String>,
    /// Medicines the clinic does not renew online.
    pub not_online: BTreeSet<String>,
}

impl Default for RenewalRules {
    fn default() -> Self {
        Self {
            window_days: 120,
            schedule_ii: BTreeSet::new(),
            schedule_iii_iv: BTreeSet::new(),
            not_online: BTreeSet::new(),
        }
    }
}

impl RenewalRules {
    /// `window-days=120; schedule-ii=1049621,1049625; schedule-iii-iv=…; not-online=…`: parts
    /// left out keep their defaults; a bad part refuses the whole.
    pub fn parse(text: &str) -> DomainResult<Self> {
        let invalid = |message: Said| DomainError::validation("renewal_rules", message);
        let mut rules = Self::default();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| invalid(said!("renew-rules-not-pair", part = part)))?;
            let codes = || -> DomainResult<BTreeSet<String>> {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(|c| {
                        if c.len() <= 64
                            && c.chars()
                                .all(|ch| ch.is_ascii_alphanumeric() || "-._".contains(ch))
                        {
                            Ok(c.to_owned())
                        } else {
                            Err(invalid(said!("renew-rules-code", code = c)))
                        }
                    })
                    .collect()
            };
            match name.trim() {
                "window-days" => {
                    rules.window_days = value
                        .trim()
                        .parse()
                        .ok()
                        .filter(|d| (0..=730).contains(d))
                        .ok_or_else(|| invalid(said!("renew-rules-window")))?;
                }
                "schedule-ii" => rules.schedule_ii = codes()?,
                "schedule-iii-iv" => rules.schedule_iii_iv = codes()?,
                "not-online" => rules.not_online = codes()?,
                other => {
                    return Err(invalid(said!("renew-rules-unknown", name = other)));
                }
            }
        }
        Ok(rules)
    }

    pub fn to_stored(&self) -> String {
        let list = |codes: &BTreeSet<String>| codes.iter().cloned().collect::<Vec<_>>().join(",");
        format!(
            "window-days={}; schedule-ii={}; schedule-iii-iv={}; not-online={}",
            self.window_days,
            list(&self.schedule_ii),
            list(&self.schedule_iii_iv),
            list(&self.not_online)
        )
    }

    fn listed(list: &BTreeSet<String>, rx: &Prescription) -> bool {
        rx.codes.iter().any(|c| list.contains(c))
    }

    /// The most refills a clinician may grant for this medicine.
    pub fn max_refills(&self, rx: &Prescription) -> u32 {
        if Self::listed(&self.schedule_ii, rx) {
            0
        } else if Self::listed(&self.schedule_iii_iv, rx) {
            CONTROLLED_REFILLS
        } else {
            MAX_REFILLS
        }
    }
}

impl TextSetting for RenewalRules {
    const KEY: &'static str = "renewals.rules";
    fn parse_text(text: &str) -> DomainResult<Self> {
        Self::parse(text)
    }
    fn stored_text(&self) -> String {
        self.to_stored()
    }
}

/// The renewal rules in force.
pub async fn renewal_rules(db: &impl ConnectionTrait) -> DomainResult<RenewalRules> {
    text_setting(db).await
}

/// What a patient may ask for a prescription.
#[derive(Clone, Debug, PartialEq)]
pub enum Eligibility {
    /// Refills remain: the pharmacy may fill it again once the clinic agrees.
    Refill { remaining: u32 },
    /// None remain (or it ended recently, or the law allows no refill): a clinician writes a new
    /// prescription.
    Renewal,
    /// Not online; why, in plain words (said in the reader's language).
    Refused(Said),
}

impl Eligibility {
    pub fn kind(&self) -> Option<&'static str> {
        match self {
            Self::Refill { .. } => Some("refill"),
            Self::Renewal => Some("renewal"),
            Self::Refused(_) => None,
        }
    }
}

/// The rules, in order: prescribed by this clinic; active; renewed online at all; not ended too
/// long ago; no request already open (`open_since`); then a refill while refills remain (and the
/// law allows one), else a renewal.
pub fn eligibility(
    rx: &Prescription,
    rules: &RenewalRules,
    open_since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Eligibility {
    if !rx.from_clinic {
        return Eligibility::Refused(said!("renew-not-this-clinic"));
    }
    match rx.status.as_str() {
        "active" => {}
        "on-hold" => return Eligibility::Refused(said!("renew-on-hold")),
        _ => return Eligibility::Refused(said!("renew-not-active")),
    }
    if RenewalRules::listed(&rules.not_online, rx) {
        return Eligibility::Refused(said!("renew-not-online"));
    }
    let ended = rx.valid_until.filter(|end| *end <= now);
    if let Some(end) = ended
        && end + Duration::days(rules.window_days) < now
    {
        return Eligibility::Refused(
            said!("renew-ended-long-ago", days = rules.window_days).date("date", end.date_naive()),
        );
    }
    if let Some(since) = open_since {
        return Eligibility::Refused(said!("renew-already-asked").date("date", since.date_naive()));
    }
    if ended.is_some() || RenewalRules::listed(&rules.schedule_ii, rx) {
        return Eligibility::Renewal;
    }
    let remaining = rx.repeats_allowed.saturating_sub(rx.dispenses);
    if RenewalRules::listed(&rules.schedule_iii_iv, rx) {
        let recent = rx
            .authored_on
            .and_then(|at| at.checked_add_months(Months::new(CONTROLLED_MONTHS)))
            .is_some_and(|limit| now < limit);
        let allowed = CONTROLLED_REFILLS.saturating_sub(rx.dispenses);
        return match remaining.min(allowed) {
            n if n > 0 && recent => Eligibility::Refill { remaining: n },
            _ => Eligibility::Renewal,
        };
    }
    if remaining > 0 {
        Eligibility::Refill { remaining }
    } else {
        Eligibility::Renewal
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde_json::json;

    use super::*;

    fn rx() -> Prescription {
        Prescription {
            entry_id: "e1".into(),
            title: crate::i18n::Said::plain("Lisinopril 10 MG Oral Tablet"),
            codes: vec!["314076".into()],
            status: "active".into(),
            from_clinic: true,
            authored_on: Some(Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap()),
            valid_until: Some(Utc.with_ymd_and_hms(2027, 9, 1, 0, 0, 0).unwrap()),
            repeats_allowed: 3,
            dispenses: 1,
            dosage: None,
            confidential: false,
            resource: json!({}),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap()
    }

    fn refused(e: Eligibility) -> String {
        match e {
            Eligibility::Refused(why) => why.to_string(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn rules_are_checked_in_order() {
        let rules = RenewalRules::default();
        assert_eq!(
            eligibility(&rx(), &rules, None, now()),
            Eligibility::Refill { remaining: 2 }
        );
        // Not this clinic's comes before anything else.
        let mut elsewhere = rx();
        elsewhere.from_clinic = false;
        elsewhere.status = "stopped".into();
        assert!(refused(eligibility(&elsewhere, &rules, None, now())).contains("not prescribed"));
        let mut stopped = rx();
        stopped.status = "stopped".into();
        assert!(refused(eligibility(&stopped, &rules, None, now())).contains("no longer active"));
        // An open request is refused with its date.
        let asked = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        assert!(
            refused(eligibility(&rx(), &rules, Some(asked), now())).contains("1 December 2026")
        );
        // No refills left: a renewal.
        let mut used = rx();
        used.dispenses = 3;
        assert_eq!(
            eligibility(&used, &rules, None, now()),
            Eligibility::Renewal
        );
    }

    #[test]
    fn ended_prescriptions_renew_within_the_window_only() {
        let rules = RenewalRules::default();
        let mut ended = rx();
        ended.valid_until = Some(now() - Duration::days(30));
        assert_eq!(
            eligibility(&ended, &rules, None, now()),
            Eligibility::Renewal
        );
        ended.valid_until = Some(now() - Duration::days(121));
        assert!(refused(eligibility(&ended, &rules, None, now())).contains("more than 120 days"));
        // Too old is refused even with a request open (the order of the rules).
        assert!(
            refused(eligibility(&ended, &rules, Some(now()), now())).contains("more than 120 days")
        );
    }

    #[test]
    fn controlled_substances_follow_the_law() {
        let rules =
            RenewalRules::parse("schedule-ii=314076; schedule-iii-iv=855332; not-online=197361")
                .unwrap();
        // Schedule II: never a refill, and no refills granted.
        assert_eq!(
            eligibility(&rx(), &rules, None, now()),
            Eligibility::Renewal
        );
        assert_eq!(rules.max_refills(&rx()), 0);
        // Schedule III–IV: refills within 6 months, at most 5.
        let mut c4 = rx();
        c4.codes = vec!["855332".into()];
        c4.repeats_allowed = 11;
        c4.dispenses = 4;
        assert_eq!(
            eligibility(&c4, &rules, None, now()),
            Eligibility::Refill { remaining: 1 }
        );
        c4.dispenses = 5;
        assert_eq!(eligibility(&c4, &rules, None, now()), Eligibility::Renewal);
        c4.dispenses = 0;
        c4.authored_on = Some(now() - Duration::days(200));
        assert_eq!(eligibility(&c4, &rules, None, now()), Eligibility::Renewal);
        assert_eq!(rules.max_refills(&c4), 5);
        // Not renewed online.
        let mut no = rx();
        no.codes = vec!["197361".into()];
        assert!(refused(eligibility(&no, &rules, None, now())).contains("does not renew"));
    }

    #[test]
    fn refusals_are_said_in_the_readers_language() {
        use crate::i18n::Locale;
        let rules = RenewalRules::default();
        let asked = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let Eligibility::Refused(why) = eligibility(&rx(), &rules, Some(asked), now()) else {
            panic!("an open request refuses another");
        };
        assert_eq!(
            why.to_string(),
            "You asked on 1 December 2026; the care team has not answered yet."
        );
        // The date is passed as it is made (see `day`).
        let spanish = why.in_language(Locale::Es);
        assert!(
            spanish.starts_with("Usted la pidió el ")
                && spanish.ends_with("; el equipo de atención todavía no ha respondido."),
            "{spanish}"
        );
        let mut ended = rx();
        ended.valid_until = Some(now() - Duration::days(121));
        let Eligibility::Refused(why) = eligibility(&ended, &rules, None, now()) else {
            panic!("ended too long ago");
        };
        assert!(
            why.in_language(Locale::Es).contains("hace más de 120 días"),
            "{why:?}"
        );
    }

    #[test]
    fn settings_parse_and_refuse_bad_values() {
        let rules = RenewalRules::parse("window-days=90; schedule-ii=1, 2").unwrap();
        assert_eq!(rules.window_days, 90);
        assert_eq!(rules.schedule_ii.len(), 2);
        assert_eq!(RenewalRules::parse(&rules.to_stored()).unwrap(), rules);
        assert!(RenewalRules::parse("window-days=-1").is_err());
        assert!(RenewalRules::parse("colour=blue").is_err());
        assert!(RenewalRules::parse("schedule-ii=<script>").is_err());
    }
}
