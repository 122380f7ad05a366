//! The ledger's arithmetic, apart from storage: the kinds of entry and their signs, the balance,
//! each visit's lines ("billed $180, insurance paid $120, you owe $60") and monthly statements.
//! Everything here is derived from the entries; nothing is stored apart.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    DomainError, DomainResult,
    i18n::{Locale, Said},
    money::{Currency, Money},
    said,
};

/// What an entry records. Its sign says which way it moves what the patient owes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntryKind {
    /// Care billed (+).
    Charge,
    /// What insurance paid (−).
    InsurancePayment,
    /// A correction with a reason: the insurer's contractual discount, a courtesy (− or +).
    Adjustment,
    /// What the patient's side paid (−).
    Payment,
    /// Money given back (+).
    Refund,
    /// What the clinic will not collect (−).
    WriteOff,
}

impl EntryKind {
    pub const ALL: [EntryKind; 6] = [
        EntryKind::Charge,
        EntryKind::InsurancePayment,
        EntryKind::Adjustment,
        EntryKind::Payment,
        EntryKind::Refund,
        EntryKind::WriteOff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Charge => "charge",
            EntryKind::InsurancePayment => "insurance",
            EntryKind::Adjustment => "adjustment",
            EntryKind::Payment => "payment",
            EntryKind::Refund => "refund",
            EntryKind::WriteOff => "write-off",
        }
    }

    pub fn parse(code: &str) -> DomainResult<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == code)
            .ok_or_else(|| DomainError::validation("kind", said!("bill-no-such-kind")))
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Charge => "Charge",
            EntryKind::InsurancePayment => "Insurance paid",
            EntryKind::Adjustment => "Adjustment",
            EntryKind::Payment => "Payment",
            EntryKind::Refund => "Refund",
            EntryKind::WriteOff => "Write-off",
        }
    }

    /// The signed amount of an entry of this kind for `amount` (given without sign), or for an
    /// adjustment, as given (a credit is negative).
    pub fn signed(self, amount: i64) -> i64 {
        match self {
            EntryKind::Charge | EntryKind::Refund => amount.abs(),
            EntryKind::InsurancePayment | EntryKind::Payment | EntryKind::WriteOff => -amount.abs(),
            EntryKind::Adjustment => amount,
        }
    }
}

/// One entry as the pages show it.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub id: String,
    pub kind: EntryKind,
    /// Signed: positive raises what is owed.
    pub amount: Money,
    pub posted_on: DateTime<Utc>,
    /// Entries of one visit share it.
    pub visit: Option<String>,
    /// As written (by billing staff, or the record's service), or Portico's words in English:
    /// pages say [`Line::description_in`].
    pub description: String,
    pub reason: Option<String>,
    /// The description when Portico wrote it (a payment online, an insurer's part).
    pub words: Option<Said>,
}

impl Line {
    /// The description in `locale`: Portico's words in the reader's language, anyone else's as
    /// written.
    pub fn description_in(&self, locale: Locale) -> String {
        match &self.words {
            Some(words) => words.in_language(locale),
            None => self.description.clone(),
        }
    }
}

/// The balance: the sum of every entry, whatever their order.
pub fn balance(lines: &[Line], currency: &Currency) -> Money {
    Money::new(
        lines
            .iter()
            .filter(|l| l.amount.currency == *currency)
            .map(|l| l.amount.minor)
            .sum(),
        currency.clone(),
    )
}

/// One visit's part of the bill.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitBill {
    pub visit: String,
    pub date: DateTime<Utc>,
    pub description: String,
    /// The description when Portico wrote it (see [`Line::words`]).
    pub words: Option<Said>,
    pub billed: Money,
    pub insurance_paid: Money,
    /// Adjustments and write-offs on the visit, as a positive number when they lower the bill.
    pub adjusted: Money,
    /// What is left for the patient of this visit (before payments, which are not per visit).
    pub patient_owes: Money,
}

impl VisitBill {
    /// "Office visit, 12 Mar 2026: billed $180.00, insurance paid $120.00, you owe $60.00", in the
    /// reader's language where it is said (`date` as the page shows the visit's day).
    pub fn sentence(&self, date: &str) -> Said {
        let insured = !self.insurance_paid.is_zero();
        let adjusted = !self.adjusted.is_zero();
        let said = match (insured, adjusted) {
            (false, false) => said!("bill-visit"),
            (true, false) => said!("bill-visit-insured"),
            (false, true) => said!("bill-visit-adjusted"),
            (true, true) => said!("bill-visit-insured-adjusted"),
        };
        // The record's service as imported; Portico's own words in the reader's language.
        let said = match &self.words {
            Some(words) => said.nested("description", words.clone()),
            None => said.with("description", &self.description),
        };
        let said = said
            .with("date", date)
            .with("billed", self.billed.to_string());
        let said = if insured {
            said.with("insurance", self.insurance_paid.to_string())
        } else {
            said
        };
        let said = if adjusted {
            said.with("adjusted", self.adjusted.to_string())
        } else {
            said
        };
        said.with("owed", self.patient_owes.to_string())
    }
}

/// The lines grouped by visit, newest visit first.
pub fn visits(lines: &[Line], currency: &Currency) -> Vec<VisitBill> {
    let mut by_visit: BTreeMap<&str, Vec<&Line>> = BTreeMap::new();
    for line in lines.iter().filter(|l| l.amount.currency == *currency) {
        if let Some(visit) = &line.visit {
            by_visit.entry(visit).or_default().push(line);
        }
    }
    let zero = || Money::zero(currency.clone());
    let mut out: Vec<VisitBill> = by_visit
        .into_iter()
        .map(|(visit, lines)| {
            let sum = |kinds: &[EntryKind]| -> i64 {
                lines
                    .iter()
                    .filter(|l| kinds.contains(&l.kind))
                    .map(|l| l.amount.minor)
                    .sum()
            };
            let charge = lines.iter().find(|l| l.kind == EntryKind::Charge).copied();
            VisitBill {
                visit: visit.to_owned(),
                date: charge
                    .or(lines.first().copied())
                    .map_or_else(Utc::now, |l| l.posted_on),
                description: charge
                    .or(lines.first().copied())
                    .map(|l| l.description.clone())
                    .unwrap_or_default(),
                words: charge
                    .or(lines.first().copied())
                    .and_then(|l| l.words.clone()),
                billed: Money::new(sum(&[EntryKind::Charge]), currency.clone()),
                insurance_paid: Money::new(-sum(&[EntryKind::InsurancePayment]), currency.clone()),
                adjusted: Money::new(
                    -sum(&[EntryKind::Adjustment, EntryKind::WriteOff]),
                    currency.clone(),
                ),
                patient_owes: if lines.is_empty() {
                    zero()
                } else {
                    Money::new(lines.iter().map(|l| l.amount.minor).sum(), currency.clone())
                },
            }
        })
        .collect();
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.visit.cmp(&a.visit)));
    out
}

/// A month's statement: what was owed at its start, each entry in it, what is owed at its end.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// The first day of the month.
    pub month: NaiveDate,
    pub opening: Money,
    pub lines: Vec<Line>,
    pub closing: Money,
}

/// The first day of the month `at` falls in, in the clinic's zone.
pub fn month_of(at: DateTime<Utc>, zone: &jiff::tz::TimeZone) -> NaiveDate {
    let local = jiff::Timestamp::from_second(at.timestamp())
        .map(|t| t.to_zoned(zone.clone()))
        .ok();
    match local {
        Some(z) => NaiveDate::from_ymd_opt(i32::from(z.year()), u32::from(z.month() as u8), 1),
        None => NaiveDate::from_ymd_opt(at.year(), at.month(), 1),
    }
    .unwrap_or_default()
}

/// The months with entries, newest first.
pub fn statement_months(lines: &[Line], zone: &jiff::tz::TimeZone) -> Vec<NaiveDate> {
    let mut months: Vec<NaiveDate> = lines.iter().map(|l| month_of(l.posted_on, zone)).collect();
    months.sort_unstable_by(|a, b| b.cmp(a));
    months.dedup();
    months
}

/// The statement for `month` (its first day), in the clinic's zone.
pub fn statement(
    lines: &[Line],
    month: NaiveDate,
    currency: &Currency,
    zone: &jiff::tz::TimeZone,
) -> Statement {
    let mut opening = 0;
    let mut within: Vec<Line> = Vec::new();
    for line in lines.iter().filter(|l| l.amount.currency == *currency) {
        let of = month_of(line.posted_on, zone);
        if of < month {
            opening += line.amount.minor;
        } else if of == month {
            within.push(line.clone());
        }
    }
    within.sort_by(|a, b| a.posted_on.cmp(&b.posted_on).then_with(|| a.id.cmp(&b.id)));
    let closing = opening + within.iter().map(|l| l.amount.minor).sum::<i64>();
    Statement {
        month,
        opening: Money::new(opening, currency.clone()),
        lines: within,
        closing: Money::new(closing, currency.clone()),
    }
}

/// How old what is owed is, for the billing office: by the date of the oldest unpaid charge,
/// paying the oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Aging {
    /// 0–30, 31–60, 61–90 and over 90 days, in minor units.
    pub buckets: [i64; 4],
}

pub fn aging(lines: &[Line], currency: &Currency, now: DateTime<Utc>) -> Aging {
    let mut debits: Vec<(DateTime<Utc>, i64)> = Vec::new();
    let mut credit = 0;
    for line in lines.iter().filter(|l| l.amount.currency == *currency) {
        if line.amount.minor > 0 {
            debits.push((line.posted_on, line.amount.minor));
        } else {
            credit -= line.amount.minor;
        }
    }
    debits.sort();
    let mut aging = Aging::default();
    for (at, mut amount) in debits {
        let used = credit.min(amount);
        credit -= used;
        amount -= used;
        if amount == 0 {
            continue;
        }
        let days = (now - at).num_days();
        let bucket = match days {
            ..=30 => 0,
            31..=60 => 1,
            61..=90 => 2,
            _ => 3,
        };
        aging.buckets[bucket] += amount;
    }
    aging
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn line(id: &str, kind: EntryKind, minor: i64, day: u32, visit: Option<&str>) -> Line {
        Line {
            id: id.into(),
            kind,
            amount: Money::new(kind.signed(minor), Currency::usd()),
            posted_on: Utc.with_ymd_and_hms(2026, 3, day, 17, 0, 0).unwrap(),
            visit: visit.map(str::to_owned),
            description: "Office visit".into(),
            reason: None,
            words: None,
        }
    }

    #[test]
    fn a_visit_reads_billed_paid_and_owed() {
        let lines = vec![
            line("a", EntryKind::Charge, 18000, 12, Some("v1")),
            line("b", EntryKind::InsurancePayment, 12000, 20, Some("v1")),
            line("c", EntryKind::Payment, 2500, 25, None),
        ];
        let usd = Currency::usd();
        let visit = &visits(&lines, &usd)[0];
        assert_eq!(
            visit.sentence("12 Mar").to_string(),
            "Office visit, 12 Mar: billed $180.00, insurance paid $120.00, you owe $60.00"
        );
        assert_eq!(
            visit
                .sentence("12 mar")
                .in_language(crate::i18n::Locale::Es),
            "Office visit, 12 mar: facturado $180.00, pagado por el seguro $120.00, usted debe $60.00"
        );
        assert_eq!(balance(&lines, &usd).minor, 3500);
    }

    #[test]
    fn porticos_own_descriptions_read_in_the_readers_language() {
        let mut paid = line("a", EntryKind::Payment, 2500, 12, None);
        paid.words = Some(crate::said!("bill-line-paid-online"));
        assert_eq!(paid.description_in(Locale::En), "Payment online, thank you");
        assert_eq!(paid.description_in(Locale::Es), "Pago en línea, gracias");
        // Anyone else's words are shown as written.
        let charge = line("b", EntryKind::Charge, 18000, 12, Some("v1"));
        assert_eq!(charge.description_in(Locale::Es), "Office visit");
    }

    #[test]
    fn statements_carry_the_balance_from_month_to_month() {
        let usd = Currency::usd();
        let zone = jiff::tz::TimeZone::get("America/Phoenix").unwrap();
        let mut lines = vec![line("a", EntryKind::Charge, 18000, 12, Some("v1"))];
        let mut april = line("b", EntryKind::Payment, 5000, 1, None);
        april.posted_on = Utc.with_ymd_and_hms(2026, 4, 2, 18, 0, 0).unwrap();
        lines.push(april);
        // 1 April 03:00 UTC is still 31 March in Phoenix.
        let mut edge = line("c", EntryKind::Payment, 1000, 1, None);
        edge.posted_on = Utc.with_ymd_and_hms(2026, 4, 1, 3, 0, 0).unwrap();
        lines.push(edge);
        let months = statement_months(&lines, &zone);
        assert_eq!(
            months,
            vec![
                NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
            ]
        );
        let march = statement(&lines, months[1], &usd, &zone);
        assert_eq!(
            (march.opening.minor, march.closing.minor, march.lines.len()),
            (0, 17000, 2)
        );
        let april = statement(&lines, months[0], &usd, &zone);
        assert_eq!((april.opening.minor, april.closing.minor), (17000, 12000));
    }

    #[test]
    fn aging_pays_the_oldest_charge_first() {
        let usd = Currency::usd();
        let now = Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap();
        let mut old = line("a", EntryKind::Charge, 10000, 1, Some("v1"));
        old.posted_on = now - Duration::days(100);
        let mut mid = line("b", EntryKind::Charge, 5000, 1, Some("v2"));
        mid.posted_on = now - Duration::days(45);
        let new = line("c", EntryKind::Charge, 2000, 30, Some("v3"));
        let paid = line("d", EntryKind::Payment, 12000, 30, None);
        let aging = aging(&[new, paid, mid, old], &usd, now);
        assert_eq!(aging.buckets, [2000, 3000, 0, 0]);
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        proptest! {
            /// The balance is the sum of the entries, in any order, and every statement's closing
            /// balance is the next month's opening.
            #[test]
            fn balance_is_the_sum_whatever_the_order(
                entries in proptest::collection::vec((0usize..6, 1i64..1_000_000, 1u32..28, 0u32..3), 0..40),
                seed in any::<u64>(),
            ) {
                let usd = Currency::usd();
                let zone = jiff::tz::TimeZone::UTC;
                let mut lines: Vec<Line> = entries
                    .iter()
                    .enumerate()
                    .map(|(n, (kind, amount, day, month))| {
                        let kind = EntryKind::ALL[*kind];
                        let mut l = line(&n.to_string(), kind, *amount, *day, Some("v"));
                        l.posted_on = Utc.with_ymd_and_hms(2026, 1 + month, *day, 12, 0, 0).unwrap();
                        l
                    })
                    .collect();
                let expected: i64 = lines.iter().map(|l| l.amount.minor).sum();
                // A shuffle from the seed.
                let mut state = seed;
                for i in (1..lines.len()).rev() {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    lines.swap(i, (state >> 33) as usize % (i + 1));
                }
                prop_assert_eq!(balance(&lines, &usd).minor, expected);
                let mut months = statement_months(&lines, &zone);
                months.reverse();
                let mut carried = 0;
                for month in months {
                    let s = statement(&lines, month, &usd, &zone);
                    prop_assert_eq!(s.opening.minor, carried);
                    carried = s.closing.minor;
                }
                prop_assert_eq!(carried, expected);
            }
        }
    }
}
