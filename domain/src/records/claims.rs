//! What billing asks of the record: the patient's adjudicated claims (FHIR
//! `ExplanationOfBenefit`), each read into what was billed, what insurance paid and what is the
//! patient's share. Reads only the claim rows stored or updated since billing last asked.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

use super::{Records, fhir_values};
use crate::{
    DomainResult,
    access::{Authorized, Mode, PatientScope, Scope},
    entities::record_resource,
    i18n::Said,
    money::{Currency, Money},
    said,
};

/// Synthea writes this insurer for patients without insurance: nothing was paid by a payer.
const NO_INSURANCE: &str = "NO_INSURANCE";

/// One adjudicated claim, as billing posts it.
#[derive(Clone, Debug, PartialEq)]
pub struct Adjudicated {
    /// The record entry of the ExplanationOfBenefit.
    pub entry_id: String,
    pub updated_at: DateTime<Utc>,
    /// When the care was given (else when the claim was made).
    pub service_date: DateTime<Utc>,
    /// "Well child visit", from the claim's first service.
    pub service: Said,
    pub insurer: Option<String>,
    pub billed: Money,
    pub insurance_paid: Money,
    /// Deductible, coinsurance and copay: what the patient owes of it.
    pub patient_share: Money,
}

/// The last part of an adjudication category's code (`…/line_coinsrnc_amt` → `line_coinsrnc_amt`).
fn category_codes(adjudication: &Value) -> impl Iterator<Item = &str> {
    fhir_values::concept_codes(&adjudication["category"])
        .map(|code| code.rsplit('/').next().unwrap_or(code))
}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Billed,
    Paid,
    Patient,
}

fn part_of(code: &str) -> Option<Part> {
    Some(match code {
        "submitted" | "line_sbmtd_chrg_amt" => Part::Billed,
        "benefit" | "line_prvdr_pmt_amt" | "line_bene_pmt_amt" | "line_bene_prmry_pyr_pd_amt" => {
            Part::Paid
        }
        "copay"
        | "deductible"
        | "coinsurance"
        | "line_coinsrnc_amt"
        | "line_bene_ptb_ddctbl_amt"
        | "line_bene_ptb_coinsrnc_amt" => Part::Patient,
        _ => return None,
    })
}

/// Reads one ExplanationOfBenefit. Items' adjudications give the three amounts; without them,
/// the totals and the payment do. Amounts are kept within what was billed.
pub(crate) fn adjudicated(
    entry_id: &str,
    updated_at: DateTime<Utc>,
    eob: &Value,
    currency: &Currency,
) -> Option<Adjudicated> {
    let money = |v: &Value| Money::from_fhir(v, currency).filter(|m| m.currency == *currency);
    let (mut billed, mut paid, mut patient) = (0_i64, 0_i64, 0_i64);
    let mut adjudicated = false;
    for item in eob["item"].as_array().into_iter().flatten() {
        for adjudication in item["adjudication"].as_array().into_iter().flatten() {
            let Some(amount) = money(&adjudication["amount"]) else {
                continue;
            };
            let Some(part) = category_codes(adjudication).find_map(part_of) else {
                continue;
            };
            adjudicated = true;
            match part {
                Part::Billed => billed += amount.minor,
                Part::Paid => paid += amount.minor,
                Part::Patient => patient += amount.minor,
            }
        }
    }
    if !adjudicated {
        billed = eob["total"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| category_codes(t).any(|c| part_of(c) == Some(Part::Billed)))
            .and_then(|t| money(&t["amount"]))?
            .minor;
        paid = money(&eob["payment"]["amount"]).map_or(0, |m| m.minor);
        patient = billed - paid;
    }
    let insurer = fhir_values::reference_display(&eob["insurer"]).or_else(|| {
        eob["insurance"][0]["coverage"]["display"]
            .as_str()
            .map(str::to_owned)
    });
    if insurer.as_deref() == Some(NO_INSURANCE) {
        // No payer: what a payer would have paid is the patient's too.
        patient += paid;
        paid = 0;
    }
    let billed = billed.max(0);
    let paid = paid.clamp(0, billed);
    let patient = patient.clamp(0, billed - paid);
    // Instants first: a bare date (`servicedDate`) is midnight UTC, the evening before in
    // the Americas.
    let service_date = [
        &eob["item"][0]["servicedPeriod"]["start"],
        &eob["billablePeriod"]["start"],
        &eob["item"][0]["servicedDate"],
        &eob["created"],
    ]
    .into_iter()
    .find_map(fhir_values::instant)
    .unwrap_or(updated_at);
    let service = fhir_values::concept_text(&eob["item"][0]["productOrService"])
        .or_else(|| fhir_values::concept_text(&eob["type"]))
        .map(|s| {
            s.trim_end_matches(" (procedure)")
                .trim_end_matches(" (regime/therapy)")
                .to_owned()
        })
        .map(Said::plain)
        .unwrap_or_else(|| said!("rec-care-untitled"));
    Some(Adjudicated {
        entry_id: entry_id.to_owned(),
        updated_at,
        service_date,
        service,
        insurer: insurer.filter(|i| i != NO_INSURANCE),
        billed: Money::new(billed, currency.clone()),
        insurance_paid: Money::new(paid, currency.clone()),
        patient_share: Money::new(patient, currency.clone()),
    })
}

impl Records {
    /// The patient's adjudicated claims stored or updated after `since` (all of them when
    /// none), oldest change first, for billing to post (the billing scope). Claims in another
    /// currency, or without amounts, are left out.
    pub async fn adjudicated_claims(
        &self,
        permit: &Authorized<PatientScope>,
        since: Option<DateTime<Utc>>,
        currency: &Currency,
    ) -> DomainResult<Vec<Adjudicated>> {
        permit.require(Scope::Billing, Mode::Read)?;
        use record_resource::Column;
        let mut query = record_resource::Entity::find()
            .filter(Column::PatientId.eq(permit.patient_id()))
            .filter(Column::ResourceType.eq("ExplanationOfBenefit"));
        if let Some(since) = since {
            query = query.filter(Column::UpdatedAt.gt(since));
        }
        let rows = query
            .order_by_asc(Column::UpdatedAt)
            .order_by_asc(Column::Id)
            .all(self.db())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let stored = self.open_resource(row)?;
            out.extend(adjudicated(
                &stored.row.id,
                stored.row.updated_at,
                &stored.json,
                currency,
            ));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn item(submitted: f64, paid: f64, coinsurance: f64) -> Value {
        let adj = |code: &str, v: f64| {
            json!({"category": {"coding": [{"system": "https://bluebutton.cms.gov/resources/codesystem/adjudication",
            "code": format!("https://bluebutton.cms.gov/resources/variables/{code}")}]}, "amount": {"value": v, "currency": "USD"}})
        };
        json!({"productOrService": {"text": "Office visit (procedure)"},
            "adjudication": [adj("line_sbmtd_chrg_amt", submitted), adj("line_prvdr_pmt_amt", paid),
                adj("line_coinsrnc_amt", coinsurance), adj("line_alowd_chrg_amt", submitted)]})
    }

    #[test]
    fn items_give_billed_paid_and_the_patients_share() {
        let eob = json!({"resourceType": "ExplanationOfBenefit", "insurer": {"display": "Anthem"},
            "billablePeriod": {"start": "2026-03-12T10:00:00Z"},
            "item": [item(140.52, 112.416, 28.104), item(100.0, 80.0, 20.0)]});
        let a = adjudicated("e1", Utc::now(), &eob, &Currency::usd()).unwrap();
        assert_eq!(
            (
                a.billed.minor,
                a.insurance_paid.minor,
                a.patient_share.minor
            ),
            (24052, 19242, 4810)
        );
        assert_eq!(a.service, Said::plain("Office visit"));
        assert_eq!(a.insurer.as_deref(), Some("Anthem"));
    }

    #[test]
    fn without_insurance_the_payers_part_is_the_patients() {
        let eob = json!({"resourceType": "ExplanationOfBenefit", "insurer": {"display": "NO_INSURANCE"},
            "item": [item(140.52, 112.416, 28.104)]});
        let a = adjudicated("e1", Utc::now(), &eob, &Currency::usd()).unwrap();
        assert_eq!(
            (a.insurance_paid.minor, a.patient_share.minor, a.insurer),
            (0, 14052, None)
        );
    }

    #[test]
    fn totals_stand_in_for_items_and_amounts_stay_within_the_bill() {
        let eob = json!({"resourceType": "ExplanationOfBenefit",
            "total": [{"category": {"coding": [{"code": "submitted"}]}, "amount": {"value": 100.0, "currency": "USD"}}],
            "payment": {"amount": {"value": 500.0, "currency": "USD"}}});
        let a = adjudicated("e1", Utc::now(), &eob, &Currency::usd()).unwrap();
        assert_eq!(
            (
                a.billed.minor,
                a.insurance_paid.minor,
                a.patient_share.minor
            ),
            (10000, 10000, 0)
        );
        assert!(adjudicated("e2", Utc::now(), &json!({}), &Currency::usd()).is_none());
    }
}
