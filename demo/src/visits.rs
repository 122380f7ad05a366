//! The demo patient's visits: twelve follow-ups with their labs, vital signs and yearly diabetes
//! checks, one acute visit, the next booked follow-up, and two visit notes.

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::chart::Problems;
use super::measurements::{self, Labs, Vitals};
use super::{
    Cast, LOINC, Record, Rng, SNOMED, Timeline, V3_ACT_CODE, VISITS, Visit, age_on, coded, coding,
    concept, date, instant, minutes, reference,
};

fn encounter(
    status: &str,
    (snomed, name, text): (&str, &str, &str),
    period: Value,
    reasons: Vec<Value>,
    cast: &Cast,
) -> Value {
    json!({
        "resourceType": "Encounter",
        "status": status,
        "class": coding(V3_ACT_CODE, "AMB", "ambulatory"),
        "type": [concept(text, &[coding(SNOMED, snomed, name)])],
        "subject": cast.patient,
        "participant": [{
            "type": [coded("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "PPRF", "primary performer")],
            "period": period,
            "individual": cast.doctor,
        }],
        "period": period,
        "reasonReference": reasons,
        "serviceProvider": cast.clinic,
    })
}

/// Encounter types: SNOMED CT code and name, what the patient reads.
pub(super) const FOLLOW_UP: (&str, &str, &str) = (
    "390906007",
    "Follow-up encounter (procedure)",
    "Chronic care follow-up",
);
pub(super) const SICK_VISIT_TYPE: (&str, &str, &str) = (
    "185345009",
    "Encounter for symptom (procedure)",
    "Acute visit: cough",
);
pub(super) const SICK_VISIT: &str = "sick-visit";

pub(super) fn add_visits(
    record: &mut Record,
    cast: &Cast,
    problems: &Problems,
    timeline: &Timeline,
) {
    let mut lab_rng = Rng::stream("labs");
    let mut vitals_rng = Rng::stream("vitals");
    let mut clock_rng = Rng::stream("visit times");
    let mut history = Vec::new();
    for (n, &start) in timeline.visits.iter().enumerate() {
        let key = format!("visit-{n}");
        let end = start + minutes(clock_rng.between(25, 40));
        let period = json!({"start": instant(start), "end": instant(end)});
        let resource = encounter("finished", FOLLOW_UP, period, problems.chronic(), cast);
        let url = record.add(&key, resource);
        // Fasting labs are drawn at the clinic before the appointment; the lab reports that
        // afternoon.
        let collected = start - minutes(clock_rng.between(40, 70));
        let issued = collected + minutes(clock_rng.between(5 * 60, 8 * 60));
        let visit = Visit {
            key,
            patient: cast.patient.clone(),
            encounter: reference(&url, FOLLOW_UP.2),
            lab: cast.lab.clone(),
            collected: instant(collected),
            issued: instant(issued),
            vitals_taken: instant(start + minutes(5)),
        };
        let labs = Labs::measure(n, age_on(timeline.birth_date, start.date()), &mut lab_rng);
        let vitals = Vitals::measure(n, &mut vitals_rng);
        measurements::add_labs(record, &visit, &labs);
        measurements::add_vitals(record, &visit, &vitals);
        add_procedures(record, cast, problems, &visit, n, start + minutes(15));
        if n + CLAIMED_VISITS >= timeline.visits.len() {
            add_claim(record, cast, &visit.key, &url, start, end);
        }
        history.push((visit, labs, vitals));
    }

    let sick_start = timeline.sick_visit;
    let sick_period =
        json!({"start": instant(sick_start), "end": instant(sick_start + minutes(20))});
    let reasons = vec![problems.bronchitis.clone()];
    let sick = encounter(
        "finished",
        SICK_VISIT_TYPE,
        sick_period.clone(),
        reasons,
        cast,
    );
    let sick = reference(&record.add(SICK_VISIT, sick), SICK_VISIT_TYPE.2);

    let booked = json!({"start": instant(timeline.planned_visit)});
    let planned = encounter("planned", FOLLOW_UP, booked, problems.chronic(), cast);
    record.add("planned-visit", planned);

    add_notes(record, cast, timeline, &history, (&sick, sick_period));
}

/// The newest follow-ups have been through her health plan: what it paid and what is hers to pay
/// (a copay) shows on her Billing page.
const CLAIMED_VISITS: usize = 2;

/// The health plan's explanation of benefit for one follow-up: an office visit and an HbA1c
/// test, each submitted, the plan's benefit, and her copay; what is left is the plan's agreed
/// discount.
fn add_claim(
    record: &mut Record,
    cast: &Cast,
    key: &str,
    encounter: &str,
    start: NaiveDateTime,
    end: NaiveDateTime,
) {
    const ADJUDICATION: &str = "http://terminology.hl7.org/CodeSystem/adjudication";
    let money = |value: f64| json!({"value": value, "currency": "USD"});
    let adjudication = |code: &str, name: &str, value: f64| json!({"category": coded(ADJUDICATION, code, name), "amount": money(value)});
    let item = |sequence: u32,
                (code, name): (&str, &str),
                submitted: f64,
                benefit: f64,
                copay: f64| {
        json!({
            "sequence": sequence,
            "productOrService": concept(name, &[coding("http://www.ama-assn.org/go/cpt", code, name)]),
            "servicedDate": date(start.date()),
            "encounter": [{"reference": encounter}],
            "net": money(submitted),
            "adjudication": [
                adjudication("submitted", "Submitted Amount", submitted),
                adjudication("benefit", "Benefit Amount", benefit),
                adjudication("copay", "CoPay", copay),
            ],
        })
    };
    record.add(
        &format!("{key}/claim"),
        json!({
            "resourceType": "ExplanationOfBenefit",
            "status": "active",
            "type": coded("http://terminology.hl7.org/CodeSystem/claim-type", "professional", "Professional"),
            "use": "claim",
            "patient": cast.patient,
            "billablePeriod": {"start": instant(start), "end": instant(end)},
            "created": instant(end + minutes(3 * 24 * 60)),
            "insurer": cast.payer,
            "provider": cast.clinic,
            "outcome": "complete",
            "insurance": [{"focal": true, "coverage": cast.coverage}],
            "item": [
                item(1, ("99214", "Office visit"), 180.0, 120.0, 35.0),
                item(2, ("83036", "Hemoglobin A1c test"), 45.0, 36.0, 0.0),
            ],
            "total": [
                {"category": coded(ADJUDICATION, "submitted", "Submitted Amount"), "amount": money(225.0)},
                {"category": coded(ADJUDICATION, "benefit", "Benefit Amount"), "amount": money(156.0)},
            ],
            "payment": {"amount": money(156.0)},
        }),
    );
}

/// The diabetes checks done once a year: a retinal exam (photographs read in the clinic) and a
/// foot exam with monofilament.
fn add_procedures(
    record: &mut Record,
    cast: &Cast,
    problems: &Problems,
    visit: &Visit,
    n: usize,
    performed: NaiveDateTime,
) {
    let (key, code, text, outcome) = match n % 4 {
        2 => (
            "retinal-exam",
            [
                "36228007",
                "Ophthalmic examination and evaluation (procedure)",
            ],
            "Diabetic retinal exam",
            "No diabetic retinopathy in either eye",
        ),
        3 => (
            "foot-exam",
            ["401191002", "Diabetic foot examination (regime/therapy)"],
            "Diabetic foot exam",
            "Normal monofilament sensation and pedal pulses; no ulcers",
        ),
        _ => return,
    };
    let procedure = json!({
        "resourceType": "Procedure",
        "status": "completed",
        "code": concept(text, &[coding(SNOMED, code[0], code[1])]),
        "subject": visit.patient,
        "encounter": visit.encounter,
        "performedDateTime": instant(performed),
        "performer": [{"actor": cast.doctor}],
        "reasonReference": [problems.diabetes],
        "outcome": {"text": outcome},
    });
    record.add(&format!("{}/{key}", visit.key), procedure);
}

fn document(
    title: &str,
    text: &str,
    written: NaiveDateTime,
    (encounter, period): (&Value, Value),
    cast: &Cast,
) -> Value {
    json!({
        "resourceType": "DocumentReference",
        "status": "current",
        "docStatus": "final",
        "type": concept("Progress note", &[coding(LOINC, "11506-3", "Progress note")]),
        "category": [coded("http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category", "clinical-note", "Clinical Note")],
        "subject": cast.patient,
        "date": instant(written),
        "author": [cast.doctor],
        "custodian": cast.clinic,
        "description": title,
        "content": [{
            "attachment": {
                "contentType": "text/plain",
                "language": "en-US",
                "data": STANDARD.encode(text),
                "title": title,
                "creation": instant(written),
            },
        }],
        "context": {"encounter": [encounter], "period": period},
    })
}

fn add_notes(
    record: &mut Record,
    cast: &Cast,
    timeline: &Timeline,
    history: &[(Visit, Labs, Vitals)],
    sick: (&Value, Value),
) {
    if let [.., (_, before, _), (visit, labs, vitals)] = history {
        let start = timeline.visits[VISITS - 1];
        let title = format!("Chronic care follow-up, {}", date(start.date()));
        let text = follow_up_note(
            &title,
            age_on(timeline.birth_date, start.date()),
            labs,
            before,
            vitals,
        );
        let period = json!({"start": instant(start), "end": instant(start + minutes(30))});
        let note = document(
            &title,
            &text,
            start + minutes(90),
            (&visit.encounter, period),
            cast,
        );
        record.add(&format!("{}/note", visit.key), note);
    }

    let start = timeline.sick_visit;
    let title = format!("Acute visit: cough, {}", date(start.date()));
    let text = format!(
        "{title}\n\
         Dr. Amara N. Okafor, MD, Desert Willow Family Medicine\n\n\
         SUBJECTIVE: Five days of cough, productive of clear to yellow sputum. Felt feverish the \
         first two days. No shortness of breath, chest pain or wheeze. Husband had a cold last \
         week. Non-smoker.\n\n\
         OBJECTIVE: Temperature 37.6 C, pulse 84, respiratory rate 16, SpO2 97% on room air. \
         Pharynx mildly red. Lungs: scattered rhonchi that clear with cough, no crackles.\n\n\
         ASSESSMENT: Acute bronchitis, most likely viral. No sign of pneumonia.\n\n\
         PLAN: No antibiotic indicated (note penicillin allergy). Fluids, honey, dextromethorphan \
         as needed. Cough may last up to three weeks. Return or message through the portal for \
         fever beyond three days, shortness of breath, or cough past three weeks. Blood sugar \
         may run higher while ill: check fasting readings daily this week.\n"
    );
    let note = document(&title, &text, start + minutes(45), sick, cast);
    record.add(&format!("{SICK_VISIT}/note"), note);
}

fn follow_up_note(title: &str, age: u32, labs: &Labs, before: &Labs, vitals: &Vitals) -> String {
    let a1c_trend = match labs.a1c.total_cmp(&before.a1c) {
        std::cmp::Ordering::Less => format!("down from {:.1}%", before.a1c),
        std::cmp::Ordering::Equal => "unchanged".to_owned(),
        std::cmp::Ordering::Greater => format!("up from {:.1}%", before.a1c),
    };
    let a1c_assessment = if labs.a1c <= 7.0 {
        "At goal (A1c 7% or below)"
    } else {
        "Close to goal of 7%"
    };
    let bp_assessment = if vitals.systolic < 130.0 && vitals.diastolic < 80.0 {
        "At goal (below 130/80)"
    } else {
        "Above goal of 130/80 today; recheck at home and bring readings"
    };
    let ldl_assessment = if labs.ldl < 100.0 {
        "LDL at goal (below 100)"
    } else {
        "LDL above goal of 100"
    };
    format!(
        "{title}\n\
         Dr. Amara N. Okafor, MD, Desert Willow Family Medicine\n\n\
         SUBJECTIVE: {age}-year-old woman here for her 3-month follow-up of type 2 diabetes, \
         hypertension and hyperlipidemia. Takes metformin, lisinopril and atorvastatin as \
         prescribed; no missed doses. No low sugars, cough, dizziness or muscle aches. Walking \
         30 minutes most mornings.\n\n\
         OBJECTIVE: BP {sys:.0}/{dia:.0} mmHg, pulse {hr:.0}, weight {weight:.1} kg \
         (BMI {bmi:.1}).\n\
         Labs this morning: HbA1c {a1c:.1}% ({a1c_trend}); fasting glucose {glucose:.0} mg/dL; \
         LDL {ldl:.0} mg/dL; creatinine {creatinine:.2} mg/dL, eGFR {egfr:.0}; potassium \
         {potassium:.1} mmol/L; urine albumin/creatinine {uacr:.0} mg/g.\n\n\
         ASSESSMENT AND PLAN:\n\
         1. Type 2 diabetes mellitus: {a1c_assessment}. Continue metformin 1000 mg twice daily. \
         Annual eye and foot exams up to date.\n\
         2. Essential hypertension: {bp_assessment}. Continue lisinopril 20 mg daily; kidney \
         function and potassium stable.\n\
         3. Hyperlipidemia: {ldl_assessment} on atorvastatin 40 mg nightly. Continue.\n\
         Prescriptions renewed for 90 days with 3 refills. Return in 3 months with fasting labs.\n",
        sys = vitals.systolic,
        dia = vitals.diastolic,
        hr = vitals.heart_rate,
        weight = vitals.weight_kg,
        bmi = vitals.bmi,
        a1c = labs.a1c,
        glucose = labs.glucose,
        ldl = labs.ldl,
        creatinine = labs.creatinine,
        egfr = labs.egfr,
        potassium = labs.potassium,
        uacr = labs.albumin_creatinine,
    )
}
