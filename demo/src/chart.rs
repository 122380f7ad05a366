//! The demo patient's chart outside visits: her problem list, allergies and prescriptions.

use chrono::{Days, Months, NaiveDate, NaiveDateTime};
use serde_json::{Value, json};

use super::measurements::STATIN_INCREASE_VISIT;
use super::visits::{SICK_VISIT, SICK_VISIT_TYPE};
use super::{
    Cast, ICD10CM, RXNORM, Record, SNOMED, Timeline, UCUM, VISITS, coded, coding, concept, date,
    full_url, instant, minutes, reference, weekday,
};

const ORDERABLE_DRUG_FORM: &str = "http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm";

/// References to the problem-list entries that visits, orders and procedures give as reasons.
pub(super) struct Problems {
    pub diabetes: Value,
    pub hypertension: Value,
    pub hyperlipidemia: Value,
    pub bronchitis: Value,
}

impl Problems {
    pub fn chronic(&self) -> Vec<Value> {
        vec![
            self.diabetes.clone(),
            self.hypertension.clone(),
            self.hyperlipidemia.clone(),
        ]
    }
}

/// A problem-list entry: SNOMED CT and ICD-10-CM codes with their names, and what the patient
/// reads.
struct Problem {
    key: &'static str,
    snomed: [&'static str; 2],
    icd10: [&'static str; 2],
    text: &'static str,
}

const DIABETES: Problem = Problem {
    key: "diabetes",
    snomed: ["44054006", "Diabetes mellitus type 2 (disorder)"],
    icd10: ["E11.9", "Type 2 diabetes mellitus without complications"],
    text: "Type 2 diabetes mellitus",
};
const HYPERTENSION: Problem = Problem {
    key: "hypertension",
    snomed: ["59621000", "Essential hypertension (disorder)"],
    icd10: ["I10", "Essential (primary) hypertension"],
    text: "Essential hypertension",
};
const HYPERLIPIDEMIA: Problem = Problem {
    key: "hyperlipidemia",
    snomed: ["55822004", "Hyperlipidemia (disorder)"],
    icd10: ["E78.5", "Hyperlipidemia, unspecified"],
    text: "Hyperlipidemia",
};
const BRONCHITIS: Problem = Problem {
    key: "bronchitis",
    snomed: ["10509002", "Acute bronchitis (disorder)"],
    icd10: ["J20.9", "Acute bronchitis, unspecified"],
    text: "Acute bronchitis",
};

fn condition(problem: &Problem, status: (&str, &str), onset: NaiveDate, cast: &Cast) -> Value {
    json!({
        "resourceType": "Condition",
        "clinicalStatus": coded("http://terminology.hl7.org/CodeSystem/condition-clinical", status.0, status.1),
        "verificationStatus": coded("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"),
        "category": [coded("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")],
        "code": concept(problem.text, &[
            coding(SNOMED, problem.snomed[0], problem.snomed[1]),
            coding(ICD10CM, problem.icd10[0], problem.icd10[1]),
        ]),
        "subject": cast.patient,
        "onsetDateTime": date(onset),
        "recordedDate": date(onset),
        "recorder": cast.doctor,
    })
}

pub(super) fn add_problems(
    record: &mut Record,
    cast: &Cast,
    today: NaiveDate,
    timeline: &Timeline,
) -> Problems {
    let mut chronic = |problem: &Problem, months_ago: u32| {
        let onset = weekday(today - Months::new(months_ago));
        let resource = condition(problem, ("active", "Active"), onset, cast);
        reference(&record.add(problem.key, resource), problem.text)
    };
    let diabetes = chronic(&DIABETES, 8 * 12 + 2);
    let hypertension = chronic(&HYPERTENSION, 6 * 12 + 5);
    let hyperlipidemia = chronic(&HYPERLIPIDEMIA, 7 * 12 + 1);

    let sick_day = timeline.sick_visit.date();
    let onset = sick_day - Days::new(5);
    let mut bronchitis = condition(&BRONCHITIS, ("resolved", "Resolved"), onset, cast);
    bronchitis["recordedDate"] = json!(date(sick_day));
    bronchitis["abatementDateTime"] = json!(date(sick_day + Days::new(16)));
    bronchitis["encounter"] = reference(&full_url(SICK_VISIT), SICK_VISIT_TYPE.2);
    let bronchitis = record.add(BRONCHITIS.key, bronchitis);
    Problems {
        diabetes,
        hypertension,
        hyperlipidemia,
        bronchitis: reference(&bronchitis, BRONCHITIS.text),
    }
}

pub(super) fn add_allergies(record: &mut Record, cast: &Cast, timeline: &Timeline) {
    let clinical = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    let verification = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
    let allergy = |category: &str, criticality: &str, code: Value, onset: NaiveDate| {
        json!({
            "resourceType": "AllergyIntolerance",
            "clinicalStatus": coded(clinical, "active", "Active"),
            "verificationStatus": coded(verification, "confirmed", "Confirmed"),
            "type": "allergy",
            "category": [category],
            "criticality": criticality,
            "code": code,
            "patient": cast.patient,
            "onsetDateTime": date(onset),
            "recordedDate": date(timeline.first_seen),
            "recorder": cast.doctor,
        })
    };
    let born = timeline.birth_date;
    let mut penicillin = allergy(
        "medication",
        "high",
        concept("Penicillin", &[coding(RXNORM, "70618", "Penicillin")]),
        born + Months::new(19 * 12 + 3),
    );
    penicillin["reaction"] = json!([{
        "manifestation": [concept("Hives", &[coding(SNOMED, "126485001", "Urticaria (disorder)")])],
        "description": "Hives over the trunk and arms two days into a course of amoxicillin",
        "severity": "moderate",
    }]);
    record.add("allergy/penicillin", penicillin);
    let mut shellfish = allergy(
        "food",
        "high",
        concept(
            "Shellfish",
            &[coding(SNOMED, "735029006", "Shellfish (substance)")],
        ),
        born + Months::new(31 * 12 + 7),
    );
    shellfish["reaction"] = json!([{
        "manifestation": [concept("Swelling of the lips and tongue", &[coding(SNOMED, "41291007", "Angioedema (disorder)")])],
        "description": "Lip and tongue swelling within an hour of eating shrimp; treated in urgent care",
        "severity": "moderate",
        "exposureRoute": coded(SNOMED, "26643006", "Oral route (qualifier value)"),
    }]);
    record.add("allergy/shellfish", shellfish);
}

/// One prescription: what, how to take it, how much per fill.
struct Prescription {
    key: &'static str,
    rxnorm: [&'static str; 2],
    text: &'static str,
    sig: &'static str,
    timing: fn() -> Value,
    tablets_per_fill: u32,
}

const METFORMIN: Prescription = Prescription {
    key: "metformin",
    rxnorm: ["861004", "metformin hydrochloride 1000 MG Oral Tablet"],
    text: "Metformin 1000 mg tablet",
    sig: "Take 1 tablet (1000 mg) by mouth twice daily with breakfast and dinner",
    timing: || json!({"repeat": {"frequency": 2, "period": 1, "periodUnit": "d", "when": ["CM", "CV"]}}),
    tablets_per_fill: 180,
};
const LISINOPRIL: Prescription = Prescription {
    key: "lisinopril",
    rxnorm: ["314077", "lisinopril 20 MG Oral Tablet"],
    text: "Lisinopril 20 mg tablet",
    sig: "Take 1 tablet (20 mg) by mouth once daily",
    timing: || json!({"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}),
    tablets_per_fill: 90,
};
const ATORVASTATIN_40: Prescription = Prescription {
    key: "atorvastatin-40",
    rxnorm: ["617311", "atorvastatin 40 MG Oral Tablet"],
    text: "Atorvastatin 40 mg tablet",
    sig: "Take 1 tablet (40 mg) by mouth nightly at bedtime",
    timing: || json!({"repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["HS"]}}),
    tablets_per_fill: 90,
};
const ATORVASTATIN_20: Prescription = Prescription {
    key: "atorvastatin-20",
    rxnorm: ["617310", "atorvastatin 20 MG Oral Tablet"],
    text: "Atorvastatin 20 mg tablet",
    sig: "Take 1 tablet (20 mg) by mouth nightly at bedtime",
    timing: || json!({"repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["HS"]}}),
    tablets_per_fill: 90,
};

fn medication_request(
    rx: &Prescription,
    status: &str,
    authored: NaiveDateTime,
    reason: &Value,
    cast: &Cast,
) -> Value {
    let tablets = |value: u32| json!({"value": value, "unit": "tablet", "system": ORDERABLE_DRUG_FORM, "code": "TAB"});
    json!({
        "resourceType": "MedicationRequest",
        "status": status,
        "intent": "order",
        "category": [coded("http://terminology.hl7.org/CodeSystem/medicationrequest-category", "community", "Community")],
        "medicationCodeableConcept": concept(rx.text, &[coding(RXNORM, rx.rxnorm[0], rx.rxnorm[1])]),
        "subject": cast.patient,
        "authoredOn": instant(authored),
        "requester": cast.doctor,
        "reasonReference": [reason],
        "courseOfTherapyType": coded("http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy", "continuous", "Continuous long term therapy"),
        "dosageInstruction": [{
            "sequence": 1,
            "text": rx.sig,
            "timing": (rx.timing)(),
            "route": coded(SNOMED, "26643006", "Oral route (qualifier value)"),
            "doseAndRate": [{
                "type": coded("http://terminology.hl7.org/CodeSystem/dose-rate-type", "ordered", "Ordered"),
                "doseQuantity": tablets(1),
            }],
        }],
        "dispenseRequest": {
            "validityPeriod": {
                "start": date(authored.date()),
                "end": date(authored.date() + Months::new(12)),
            },
            "numberOfRepeatsAllowed": 3,
            "quantity": tablets(rx.tablets_per_fill),
            "expectedSupplyDuration": {"value": 90, "unit": "days", "system": UCUM, "code": "d"},
        },
    })
}

pub(super) fn add_medications(
    record: &mut Record,
    cast: &Cast,
    problems: &Problems,
    timeline: &Timeline,
) {
    // Prescriptions are renewed once a year; the current ones at the last visit.
    let renewed = timeline.visits[VISITS - 1] + minutes(25);
    let increased = timeline.visits[STATIN_INCREASE_VISIT] + minutes(25);
    let mut stopped = medication_request(
        &ATORVASTATIN_20,
        "stopped",
        timeline.visits[0] + minutes(25),
        &problems.hyperlipidemia,
        cast,
    );
    stopped["statusReason"] =
        json!({"text": "Dose increased to 40 mg: LDL cholesterol above goal"});
    stopped["dispenseRequest"]["validityPeriod"]["end"] = json!(date(increased.date()));
    let stopped = record.add(ATORVASTATIN_20.key, stopped);

    for (rx, reason) in [
        (&METFORMIN, &problems.diabetes),
        (&LISINOPRIL, &problems.hypertension),
        (&ATORVASTATIN_40, &problems.hyperlipidemia),
    ] {
        let mut request = medication_request(rx, "active", renewed, reason, cast);
        if rx.key == ATORVASTATIN_40.key {
            request["priorPrescription"] = reference(&stopped, ATORVASTATIN_20.text);
        }
        record.add(rx.key, request);
    }
}
