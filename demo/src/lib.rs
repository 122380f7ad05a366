//! A made-up patient for demos, screenshots and trying import by hand: Maria Elena Ortiz, 58,
//! who has type 2 diabetes, hypertension and hyperlipidemia and has seen her family doctor every
//! three months for three years.
//!
//! [`chronic_care_bundle`] gives her record as a FHIR R4 transaction Bundle in US Core's shape,
//! coded as real records are (LOINC, SNOMED CT, RxNorm, CVX, ICD-10-CM, UCUM). Everything comes
//! from a fixed seed and the `today` it is given: the same day gives the same Bundle, and every
//! resource keeps its id whatever the day, so importing it again updates her record instead of
//! adding a second one. No real person is described: the names are invented, the telephone
//! numbers are in the 555-01xx range set aside for fiction, and the web domains are example.org.
//!
//! This crate only builds JSON. It stores nothing; import does that (`portico import --demo`).
//! It lives apart from the domain crate so that none of it is part of the domain's code.

mod chart;
mod immunizations;
mod measurements;
mod people;
mod visits;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The seed of every random draw: change it and every value changes, but no id does.
const SEED: u64 = 0x0a71_c0de_5eed_2026;
/// Ids are name-based: a hash of this and a name for the resource (`visit-3/lab/4548-4`).
const ID_NAMESPACE: &str = "portico:demo:chronic-care:v1";
/// Tucson, Arizona keeps Mountain Standard Time all year, so one offset is right for every date.
const UTC_OFFSET: &str = "-07:00";
/// Regular follow-up visits, every 13 weeks: three years of them.
const VISITS: usize = 12;

const LOINC: &str = "http://loinc.org";
const SNOMED: &str = "http://snomed.info/sct";
const RXNORM: &str = "http://www.nlm.nih.gov/research/umls/rxnorm";
const ICD10CM: &str = "http://hl7.org/fhir/sid/icd-10-cm";
const UCUM: &str = "http://unitsofmeasure.org";
const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const V3_ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

// ---------------------------------------------------------------------------------------------
// Small builders for FHIR datatypes

fn coding(system: &str, code: &str, display: &str) -> Value {
    json!({"system": system, "code": code, "display": display})
}

/// A CodeableConcept with one coding and no text (status and category codes).
fn coded(system: &str, code: &str, display: &str) -> Value {
    json!({"coding": [coding(system, code, display)]})
}

/// A CodeableConcept with the text a patient reads and one or more codings.
fn concept(text: &str, codings: &[Value]) -> Value {
    json!({"coding": codings, "text": text})
}

fn reference(url: &str, display: &str) -> Value {
    json!({"reference": url, "display": display})
}

/// A UCUM quantity; whole numbers are written without a decimal point.
fn quantity(value: f64, decimals: i32, ucum: &str, unit: &str) -> Value {
    let number = if decimals <= 0 {
        json!(value.round() as i64)
    } else {
        json!(value)
    };
    json!({"value": number, "unit": unit, "system": UCUM, "code": ucum})
}

fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A FHIR dateTime/instant in clinic time, to the second.
fn instant(at: NaiveDateTime) -> String {
    format!("{}{UTC_OFFSET}", at.format("%Y-%m-%dT%H:%M:%S"))
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN))
}

fn minutes(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

/// The clinic is closed at weekends: Saturday moves to Friday, Sunday to Monday.
fn weekday(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day - Days::new(1),
        Weekday::Sun => day + Days::new(1),
        _ => day,
    }
}

fn age_on(birth: NaiveDate, day: NaiveDate) -> u32 {
    let before_birthday = (day.month(), day.day()) < (birth.month(), birth.day());
    (day.year() - birth.year() - i32::from(before_birthday)).max(0) as u32
}

// ---------------------------------------------------------------------------------------------
// Ids and randomness

/// A name-based UUID (version 8, SHA-256, as in RFC 9562 appendix B.2): the same name always
/// gives the same id.
fn stable_id(name: &str) -> String {
    let digest = Sha256::digest(format!("{ID_NAMESPACE}/{name}"));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// The `fullUrl` of the resource named `name`, whether or not it has been added yet.
fn full_url(name: &str) -> String {
    format!("urn:uuid:{}", stable_id(name))
}

/// SplitMix64: tiny, fast and the same on every platform. One stream per concern, so that adding
/// a draw to one (say, another vaccine) does not shift every lab value.
struct Rng(u64);

impl Rng {
    fn stream(name: &str) -> Rng {
        let digest = Sha256::digest(name);
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&digest[..8]);
        Rng(SEED ^ u64::from_le_bytes(bytes))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Triangular in [-spread, spread], most often near 0: measurement-to-measurement noise.
    fn noise(&mut self, spread: f64) -> f64 {
        spread * (self.unit() + self.unit() - 1.0)
    }

    /// Uniform integer in [low, high].
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next_u64() % (high - low + 1) as u64) as i64
    }
}

// ---------------------------------------------------------------------------------------------
// The Bundle

/// The Bundle's entries as they are added: each a PUT to the resource's stable id.
#[derive(Default)]
struct Record {
    entries: Vec<Value>,
}

impl Record {
    /// Adds `resource` under the id derived from `name`; returns its `fullUrl`.
    fn add(&mut self, name: &str, mut resource: Value) -> String {
        let id = stable_id(name);
        let kind = resource["resourceType"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        resource["id"] = json!(id);
        let url = format!("urn:uuid:{id}");
        self.entries.push(json!({
            "fullUrl": url,
            "resource": resource,
            "request": {"method": "PUT", "url": format!("{kind}/{id}")},
        }));
        url
    }
}

/// When things happened, all derived from `today`.
struct Timeline {
    birth_date: NaiveDate,
    /// Her first visit to the clinic, nine years ago: when her allergies were recorded.
    first_seen: NaiveDate,
    /// Start of each regular follow-up appointment, oldest first; the last about ten weeks ago.
    visits: Vec<NaiveDateTime>,
    /// The acute visit for bronchitis, in January two years ago.
    sick_visit: NaiveDateTime,
    /// The next follow-up, booked for a few weeks from today.
    planned_visit: NaiveDateTime,
}

impl Timeline {
    fn new(today: NaiveDate) -> Timeline {
        let mut rng = Rng::stream("schedule");
        let visits = (0..VISITS)
            .map(|n| {
                let days_back = 66 + 91 * (VISITS - 1 - n) as i64 + rng.between(-4, 4);
                let slot = rng.between(0, 8); // 08:30 to 11:10, every 20 minutes
                at(weekday(today - TimeDelta::days(days_back)), 8, 30) + minutes(20 * slot)
            })
            .collect();
        let january = NaiveDate::from_ymd_opt(today.year() - 2, 1, 17).unwrap_or(today);
        Timeline {
            birth_date: today - Months::new(58 * 12 + 4) - Days::new(17),
            first_seen: weekday(today - Months::new(9 * 12 + 3)),
            visits,
            sick_visit: at(weekday(january), 15, 40),
            planned_visit: at(weekday(today + Days::new(25)), 9, 10),
        }
    }
}

/// References every part of the record needs.
struct Cast {
    patient: Value,
    doctor: Value,
    clinic: Value,
    lab: Value,
    /// Her health plan, and her coverage with it (the claims of her visits name both).
    payer: Value,
    coverage: Value,
}

/// What lab and vital-sign resources of one visit share.
struct Visit {
    /// Names this visit's resources (`visit-3/lab/4548-4`).
    key: String,
    patient: Value,
    encounter: Value,
    lab: Value,
    collected: String,
    issued: String,
    vitals_taken: String,
}

/// The demo patient's whole record as a FHIR R4 transaction Bundle (see the module docs).
/// Panics only for a `today` within a century of the dates chrono can represent.
pub fn chronic_care_bundle(today: NaiveDate) -> Value {
    let timeline = Timeline::new(today);
    let mut record = Record::default();
    let cast = people::add_people(&mut record, &timeline);
    let problems = chart::add_problems(&mut record, &cast, today, &timeline);
    chart::add_allergies(&mut record, &cast, &timeline);
    chart::add_medications(&mut record, &cast, &problems, &timeline);
    immunizations::add_immunizations(&mut record, &cast, today, &timeline);
    visits::add_visits(&mut record, &cast, &problems, &timeline);
    json!({
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": record.entries,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};

    use base64::{Engine, engine::general_purpose::STANDARD};

    use super::measurements::STATIN_INCREASE_VISIT;
    use super::*;
    use portico_domain::fhir::{read_source, resolve};

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    /// Days that have caught date arithmetic out before: a leap day, New Year, mid-season.
    fn todays() -> [NaiveDate; 4] {
        [
            day(2026, 11, 15),
            day(2028, 2, 29),
            day(2027, 1, 1),
            day(2031, 7, 4),
        ]
    }

    fn entries(bundle: &Value) -> &Vec<Value> {
        bundle["entry"].as_array().unwrap()
    }

    fn resources<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
        entries(bundle)
            .iter()
            .map(|e| &e["resource"])
            .filter(|r| r["resourceType"] == kind)
            .collect()
    }

    fn references(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("reference") {
                    out.push(r.clone());
                }
                map.values().for_each(|v| references(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| references(v, out)),
            _ => {}
        }
    }

    fn loinc(resource: &Value) -> &str {
        resource["code"]["coding"][0]["code"].as_str().unwrap()
    }

    fn value(resource: &Value) -> f64 {
        resource["valueQuantity"]["value"].as_f64().unwrap()
    }

    /// (when, value) of every Observation with this LOINC code, oldest first.
    fn series(bundle: &Value, code: &str) -> Vec<(String, f64)> {
        let mut points: Vec<(String, f64)> = resources(bundle, "Observation")
            .into_iter()
            .filter(|o| loinc(o) == code)
            .map(|o| {
                (
                    o["effectiveDateTime"].as_str().unwrap().to_owned(),
                    value(o),
                )
            })
            .collect();
        points.sort_by(|a, b| a.0.cmp(&b.0));
        points
    }

    #[test]
    fn the_same_day_gives_the_same_bundle_and_any_day_the_same_ids() {
        let today = day(2026, 11, 15);
        let bundle = chronic_care_bundle(today);
        assert_eq!(bundle, chronic_care_bundle(today));
        assert_eq!(bundle["type"], "transaction");

        let urls = |b: &Value| -> Vec<String> {
            entries(b)
                .iter()
                .map(|e| e["fullUrl"].as_str().unwrap().to_owned())
                .collect()
        };
        let mine = urls(&bundle);
        assert_eq!(mine.iter().collect::<HashSet<_>>().len(), mine.len());
        // Importing again later updates the same resources instead of adding new ones.
        for other in todays() {
            let theirs = urls(&chronic_care_bundle(other));
            let differ: Vec<_> = mine.iter().zip(&theirs).filter(|(a, b)| a != b).collect();
            assert!(
                theirs.len() == mine.len() && differ.is_empty(),
                "{other}: {differ:?}"
            );
        }
        for entry in entries(&bundle) {
            let resource = &entry["resource"];
            let id = resource["id"].as_str().unwrap();
            assert_eq!(entry["fullUrl"], format!("urn:uuid:{id}"));
            assert_eq!(entry["request"]["method"], "PUT");
            let url = format!("{}/{id}", resource["resourceType"].as_str().unwrap());
            assert_eq!(entry["request"]["url"], url);
        }
    }

    #[test]
    fn every_reference_points_to_an_entry_of_the_bundle() {
        for today in todays() {
            let bundle = chronic_care_bundle(today);
            let urls: HashSet<&str> = entries(&bundle)
                .iter()
                .map(|e| e["fullUrl"].as_str().unwrap())
                .collect();
            let mut refs = Vec::new();
            references(&bundle, &mut refs);
            assert!(refs.len() > 500, "{}", refs.len());
            for r in refs {
                assert!(r.starts_with("urn:uuid:"), "{r}");
                assert!(
                    urls.contains(r.as_str()),
                    "{today}: {r} is not in the bundle"
                );
            }
        }
    }

    #[test]
    fn the_record_holds_a_patient_with_three_years_of_chronic_care() {
        for today in todays() {
            let bundle = chronic_care_bundle(today);
            let patient = &resources(&bundle, "Patient")[0];
            let born =
                NaiveDate::parse_from_str(patient["birthDate"].as_str().unwrap(), "%Y-%m-%d");
            assert_eq!(age_on(born.unwrap(), today), 58, "{today}");

            let with = |kind: &str, field: &str, status: &str| {
                resources(&bundle, kind)
                    .into_iter()
                    .filter(|r| r[field] == status || r[field]["coding"][0]["code"] == status)
                    .count()
            };
            assert_eq!(with("Condition", "clinicalStatus", "active"), 3);
            assert_eq!(with("Condition", "clinicalStatus", "resolved"), 1);
            assert_eq!(with("MedicationRequest", "status", "active"), 3);
            assert_eq!(with("MedicationRequest", "status", "stopped"), 1);
            assert_eq!(resources(&bundle, "AllergyIntolerance").len(), 2);
            assert_eq!(with("Encounter", "status", "finished"), VISITS + 1);
            assert_eq!(resources(&bundle, "DiagnosticReport").len(), 4 * VISITS);
            assert_eq!(resources(&bundle, "DocumentReference").len(), 2);
            assert_eq!(resources(&bundle, "Procedure").len(), 6);

            let vaccines: Vec<&str> = resources(&bundle, "Immunization")
                .iter()
                .map(|i| i["vaccineCode"]["coding"][0]["code"].as_str().unwrap())
                .collect();
            let flu = vaccines
                .iter()
                .filter(|c| ["140", "150"].contains(c))
                .count();
            assert_eq!(flu, 4, "{today}: {vaccines:?}");
            for other in ["213", "115", "216"] {
                assert!(vaccines.contains(&other), "{today}: {vaccines:?}");
            }

            let today_text = date(today);
            for encounter in resources(&bundle, "Encounter") {
                let start = encounter["period"]["start"].as_str().unwrap();
                match encounter["status"].as_str().unwrap() {
                    "finished" => assert!(start < today_text.as_str(), "{start}"),
                    "planned" => {
                        let latest = date(today + Days::new(42));
                        assert!(start > today_text.as_str() && start < latest.as_str());
                    }
                    other => panic!("{other}"),
                }
            }
            // Nothing happened after today.
            for kind in [
                "Observation",
                "Immunization",
                "Procedure",
                "DiagnosticReport",
            ] {
                for r in resources(&bundle, kind) {
                    for field in [
                        "effectiveDateTime",
                        "occurrenceDateTime",
                        "performedDateTime",
                        "issued",
                    ] {
                        if let Some(when) = r[field].as_str() {
                            assert!(when < today_text.as_str(), "{today}: {kind} {when}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_lab_has_a_chartable_series_flagged_by_its_range() {
        let bundle = chronic_care_bundle(day(2026, 11, 15));
        let lab_codes: Vec<&str> = [
            "4548-4", "1558-6", "13457-7", "2085-9", "2093-3", "2571-8", "2160-0", "98979-8",
            "2823-3", "2951-2", "9318-7",
        ]
        .to_vec();
        for code in &lab_codes {
            assert_eq!(series(&bundle, code).len(), VISITS, "{code}");
        }
        for obs in resources(&bundle, "Observation") {
            if obs["category"][0]["coding"][0]["code"] != "laboratory" {
                continue;
            }
            let range = &obs["referenceRange"][0];
            let v = value(obs);
            let expected = if range["low"]["value"].as_f64().is_some_and(|low| v < low) {
                "L"
            } else if range["high"]["value"].as_f64().is_some_and(|high| v > high) {
                "H"
            } else {
                "N"
            };
            let flag = &obs["interpretation"][0]["coding"][0];
            assert_eq!(flag["code"], expected, "{} = {v}", loinc(obs));
            assert_eq!(obs["valueQuantity"]["system"], UCUM);
            assert!(obs["issued"].as_str().unwrap() > obs["effectiveDateTime"].as_str().unwrap());
        }

        let a1c: Vec<f64> = series(&bundle, "4548-4").into_iter().map(|p| p.1).collect();
        assert!((8.0..=8.8).contains(&a1c[0]), "{a1c:?}");
        assert!((6.6..=7.4).contains(&a1c[VISITS - 1]), "{a1c:?}");
        assert!(a1c.iter().all(|v| (6.4..=9.0).contains(v)), "{a1c:?}");
        let ldl: Vec<f64> = series(&bundle, "13457-7")
            .into_iter()
            .map(|p| p.1)
            .collect();
        let (before, after) = ldl.split_at(STATIN_INCREASE_VISIT + 1);
        assert!(before.iter().all(|v| *v >= 115.0), "{ldl:?}");
        assert!(after.iter().all(|v| *v < 110.0), "{ldl:?}");
        let egfr = series(&bundle, "98979-8");
        assert!(
            egfr.iter().all(|(_, v)| (55.0..=95.0).contains(v)),
            "{egfr:?}"
        );
        let potassium = series(&bundle, "2823-3");
        assert!(potassium.iter().all(|(_, v)| (3.6..=5.2).contains(v)));
    }

    #[test]
    fn vital_signs_are_coherent() {
        let bundle = chronic_care_bundle(day(2026, 11, 15));
        let weight = series(&bundle, "29463-7");
        let height = series(&bundle, "8302-2");
        let bmi = series(&bundle, "39156-5");
        assert_eq!(
            (weight.len(), height.len(), bmi.len()),
            (VISITS, VISITS, VISITS)
        );
        for ((w, h), b) in weight.iter().zip(&height).zip(&bmi) {
            let metres = h.1 / 100.0;
            assert!(
                (w.1 / (metres * metres) - b.1).abs() <= 0.05,
                "{w:?} {h:?} {b:?}"
            );
            assert!((28.0..=38.0).contains(&b.1));
        }
        let pressures: Vec<&Value> = resources(&bundle, "Observation")
            .into_iter()
            .filter(|o| loinc(o) == "85354-9")
            .collect();
        assert_eq!(pressures.len(), VISITS);
        for bp in pressures {
            let component = |n: usize| {
                bp["component"][n]["valueQuantity"]["value"]
                    .as_f64()
                    .unwrap()
            };
            assert_eq!(bp["component"][0]["code"]["coding"][0]["code"], "8480-6");
            assert_eq!(bp["component"][1]["code"]["coding"][0]["code"], "8462-4");
            assert!((115.0..=160.0).contains(&component(0)));
            assert!((65.0..=100.0).contains(&component(1)));
            assert!(component(0) - component(1) >= 30.0);
        }
    }

    #[test]
    fn reports_group_their_visits_results_and_notes_decode_to_text() {
        let bundle = chronic_care_bundle(day(2026, 11, 15));
        let by_url: BTreeMap<&str, &Value> = entries(&bundle)
            .iter()
            .map(|e| (e["fullUrl"].as_str().unwrap(), &e["resource"]))
            .collect();
        for report in resources(&bundle, "DiagnosticReport") {
            let results = report["result"].as_array().unwrap();
            assert!(!results.is_empty());
            for r in results {
                let obs = by_url[r["reference"].as_str().unwrap()];
                assert_eq!(obs["resourceType"], "Observation");
                assert_eq!(obs["encounter"], report["encounter"]);
                assert_eq!(obs["effectiveDateTime"], report["effectiveDateTime"]);
            }
        }
        let notes = resources(&bundle, "DocumentReference");
        for note in &notes {
            let attachment = &note["content"][0]["attachment"];
            assert_eq!(attachment["contentType"], "text/plain");
            let bytes = STANDARD
                .decode(attachment["data"].as_str().unwrap())
                .unwrap();
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                text.starts_with(attachment["title"].as_str().unwrap()),
                "{text}"
            );
            let encounter = note["context"]["encounter"][0]["reference"]
                .as_str()
                .unwrap();
            assert_eq!(by_url[encounter]["resourceType"], "Encounter");
        }
        let follow_up = notes
            .iter()
            .map(|n| n["content"][0]["attachment"]["data"].as_str().unwrap())
            .map(|data| String::from_utf8(STANDARD.decode(data).unwrap()).unwrap())
            .find(|text| text.contains("HbA1c"))
            .unwrap();
        let latest_a1c = series(&bundle, "4548-4")[VISITS - 1].1;
        assert!(
            follow_up.contains(&format!("HbA1c {latest_a1c:.1}%")),
            "{follow_up}"
        );
    }

    #[test]
    fn portico_reads_and_resolves_the_whole_bundle() {
        let bundle = chronic_care_bundle(day(2026, 11, 15));
        let read = read_source("demo.json", &bundle.to_string()).unwrap();
        assert_eq!(read.len(), entries(&bundle).len());
        let resolved = resolve(read).unwrap();
        assert!(resolved.skipped.is_empty(), "{:?}", resolved.skipped);
        assert_eq!(resolved.resources.len(), entries(&bundle).len());
        let keys: HashSet<String> = resolved
            .resources
            .iter()
            .map(|(key, _, _)| key.to_string())
            .collect();
        for (key, _, resource) in &resolved.resources {
            let mut refs = Vec::new();
            references(resource, &mut refs);
            for r in refs {
                assert!(keys.contains(&r), "{key} refers to {r}");
            }
        }
        let subject = resolved
            .resources
            .iter()
            .find(|(key, _, _)| key.resource_type == "Observation")
            .map(|(_, _, r)| r["subject"]["reference"].as_str().unwrap().to_owned())
            .unwrap();
        assert_eq!(subject, format!("Patient/{}", stable_id("patient")));
    }

    /// Writes today's bundle for outside validation when PORTICO_WRITE_DEMO_BUNDLE names a
    /// file: `python3 xtask/python/validate_fhir.py <file>`.
    #[test]
    fn write_demo_bundle_for_validation() {
        if let Some(path) = std::env::var_os("PORTICO_WRITE_DEMO_BUNDLE") {
            let today = chrono::Local::now().date_naive();
            let text = serde_json::to_string_pretty(&chronic_care_bundle(today)).unwrap();
            std::fs::write(&path, text).unwrap();
        }
    }
}
