//! The demo patient's immunizations: four flu seasons, COVID-19, Tdap and pneumococcal.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};
use serde_json::{Value, json};

use super::visits::FOLLOW_UP;
use super::{
    Cast, Record, Rng, Timeline, UCUM, at, coded, coding, concept, full_url, instant, minutes,
    reference, weekday,
};

const CVX: &str = "http://hl7.org/fhir/sid/cvx";

/// CVX code, CVX short name, what the patient reads.
type Vaccine = (&'static str, &'static str, &'static str);
const FLU_QUADRIVALENT: Vaccine = (
    "150",
    "Influenza, injectable, quadrivalent, preservative free",
    "Influenza vaccine (quadrivalent)",
);
// US flu vaccines are trivalent again from the 2024-25 season on.
const FLU_TRIVALENT: Vaccine = (
    "140",
    "Influenza, split virus, trivalent, PF",
    "Influenza vaccine (trivalent)",
);
const COVID_19: Vaccine = (
    "213",
    "SARS-COV-2 (COVID-19) vaccine, UNSPECIFIED FORMULATION",
    "COVID-19 vaccine",
);
const TDAP: Vaccine = ("115", "Tdap", "Tdap (tetanus, diphtheria, pertussis)");
const PCV20: Vaccine = (
    "216",
    "Pneumococcal conjugate PCV 20",
    "Pneumococcal conjugate vaccine (PCV20)",
);

fn immunization((cvx, name, text): Vaccine, given: NaiveDateTime, cast: &Cast) -> Value {
    json!({
        "resourceType": "Immunization",
        "status": "completed",
        "vaccineCode": concept(text, &[coding(CVX, cvx, name)]),
        "patient": cast.patient,
        "occurrenceDateTime": instant(given),
        "primarySource": true,
    })
}

/// A shot given at the clinic: with lot, site, route, dose and who ordered it.
fn given_here(vaccine: Vaccine, given: NaiveDateTime, lot: String, cast: &Cast) -> Value {
    let mut shot = immunization(vaccine, given, cast);
    shot["lotNumber"] = json!(lot);
    shot["site"] = coded(
        "http://terminology.hl7.org/CodeSystem/v3-ActSite",
        "LA",
        "left arm",
    );
    shot["route"] = coded(
        "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration",
        "IM",
        "Injection, intramuscular",
    );
    shot["doseQuantity"] = json!({"value": 0.5, "unit": "mL", "system": UCUM, "code": "mL"});
    shot["performer"] = json!([{
        "function": coded("http://terminology.hl7.org/CodeSystem/v2-0443", "OP", "Ordering Provider"),
        "actor": cast.doctor,
    }]);
    shot
}

pub(super) fn add_immunizations(
    record: &mut Record,
    cast: &Cast,
    today: NaiveDate,
    timeline: &Timeline,
) {
    let mut rng = Rng::stream("immunizations");
    // The last four flu seasons whose October shot is behind us.
    let latest_season = if (today.month(), today.day()) >= (11, 1) {
        today.year()
    } else {
        today.year() - 1
    };
    // Named by how many seasons back, not by year: importing again next year updates these four
    // instead of adding a fifth.
    for seasons_back in (0..4).rev() {
        let season = latest_season - seasons_back;
        let october = NaiveDate::from_ymd_opt(season, 10, 1).unwrap_or(today);
        let day = weekday(october + Days::new(rng.between(0, 27) as u64));
        let vaccine = if season >= 2024 {
            FLU_TRIVALENT
        } else {
            FLU_QUADRIVALENT
        };
        let lot = format!("UT{:05}", rng.between(10_000, 99_999));
        let shot = given_here(vaccine, at(day, 10, 15), lot, cast);
        record.add(&format!("immunization/flu/{seasons_back}"), shot);
    }

    // Given at a pharmacy and copied from the state registry, which did not say which product.
    let september = NaiveDate::from_ymd_opt(latest_season, 9, 20).unwrap_or(today);
    let covid_day = september + Days::new(rng.between(0, 10) as u64);
    let mut covid = immunization(COVID_19, at(covid_day, 13, 30), cast);
    covid["primarySource"] = json!(false);
    covid["reportOrigin"] = coded(
        "http://terminology.hl7.org/CodeSystem/immunization-origin",
        "record",
        "Written Record",
    );
    record.add("immunization/covid", covid);

    let tdap_day = weekday(today - Months::new(4 * 12 + 7));
    let lot = format!("AC52B{:03}AA", rng.between(100, 999));
    record.add(
        "immunization/tdap",
        given_here(TDAP, at(tdap_day, 11, 0), lot, cast),
    );

    // Recommended from 50 with diabetes; given at a follow-up two years ago.
    let pcv_visit = 4;
    let given = timeline.visits[pcv_visit] + minutes(30);
    let lot = format!("LH{:04}", rng.between(1000, 9999));
    let mut pcv = given_here(PCV20, given, lot, cast);
    pcv["encounter"] = reference(&full_url(&format!("visit-{pcv_visit}")), FOLLOW_UP.2);
    record.add("immunization/pcv20", pcv);
}
