//! The people and organisations of the demo record: the patient, her doctor, the clinic, the
//! reference laboratory and the health plan that covers her.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use super::{Cast, Record, Timeline, V3_ACT_CODE, coded, coding, concept, date, reference};

const NPI: &str = "http://hl7.org/fhir/sid/us-npi";
const MRN_SYSTEM: &str = "https://desertwillow.example.org/fhir/sid/mrn";

pub(super) fn add_people(record: &mut Record, timeline: &Timeline) -> Cast {
    let clinic = record.add(
        "clinic",
        json!({
            "resourceType": "Organization",
            "identifier": [{"system": NPI, "value": "1285039461"}],
            "active": true,
            "type": [coded("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")],
            "name": "Desert Willow Family Medicine",
            "telecom": [
                {"system": "phone", "value": "(520) 555-0100", "use": "work"},
                {"system": "url", "value": "https://desertwillow.example.org", "use": "work"},
            ],
            "address": [{
                "use": "work", "line": ["2750 North Tamarisk Avenue", "Suite 140"],
                "city": "Tucson", "state": "AZ", "postalCode": "85719", "country": "US",
            }],
        }),
    );
    let lab = record.add(
        "lab",
        json!({
            "resourceType": "Organization",
            "identifier": [{"system": "urn:oid:2.16.840.1.113883.4.7", "value": "03D2094417"}],
            "active": true,
            "type": [coded("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")],
            "name": "Saguaro Reference Laboratory",
            "telecom": [{"system": "phone", "value": "(520) 555-0188", "use": "work"}],
        }),
    );
    let payer = record.add(
        "payer",
        json!({
            "resourceType": "Organization",
            "active": true,
            "type": [coded("http://terminology.hl7.org/CodeSystem/organization-type", "pay", "Payer")],
            "name": "Sonoran Health Plan",
            "telecom": [{"system": "phone", "value": "(800) 555-0142", "use": "work"}],
        }),
    );
    let doctor = record.add(
        "doctor",
        json!({
            "resourceType": "Practitioner",
            "identifier": [{"system": NPI, "value": "1748392069"}],
            "active": true,
            "name": [{"use": "official", "family": "Okafor", "given": ["Amara", "N."], "prefix": ["Dr."], "suffix": ["MD"]}],
            "telecom": [{"system": "phone", "value": "(520) 555-0100", "use": "work"}],
            "gender": "female",
            "qualification": [{
                "code": concept("Doctor of Medicine", &[coding("http://terminology.hl7.org/CodeSystem/v2-0360", "MD", "Doctor of Medicine")]),
            }],
        }),
    );
    let clinic = reference(&clinic, "Desert Willow Family Medicine");
    let doctor = reference(&doctor, "Dr. Amara N. Okafor, MD");
    let patient = record.add("patient", patient_resource(timeline, &doctor, &clinic));
    let patient = reference(&patient, "Maria Elena Ortiz");
    // Through her employer since the January after she first came to the clinic.
    let joined = timeline.first_seen;
    let coverage_start = NaiveDate::from_ymd_opt(joined.year() + 1, 1, 1).unwrap_or(joined);
    let coverage = record.add(
        "coverage",
        json!({
            "resourceType": "Coverage",
            "status": "active",
            "type": coded(V3_ACT_CODE, "HIP", "health insurance plan policy"),
            "subscriber": patient,
            "subscriberId": "SHP448120937",
            "beneficiary": patient,
            "relationship": coded("http://terminology.hl7.org/CodeSystem/subscriber-relationship", "self", "Self"),
            "period": {"start": date(coverage_start)},
            "payor": [reference(&payer, "Sonoran Health Plan")],
            "class": [
                {
                    "type": coded("http://terminology.hl7.org/CodeSystem/coverage-class", "group", "Group"),
                    "value": "G-20415", "name": "Pima Unified School District employees",
                },
                {
                    "type": coded("http://terminology.hl7.org/CodeSystem/coverage-class", "plan", "Plan"),
                    "value": "PPO-G", "name": "Sonoran PPO Gold",
                },
            ],
        }),
    );
    Cast {
        patient,
        doctor,
        clinic,
        lab: reference(&lab, "Saguaro Reference Laboratory"),
        payer: reference(&payer, "Sonoran Health Plan"),
        coverage: reference(&coverage, "Sonoran PPO Gold"),
    }
}

fn patient_resource(timeline: &Timeline, doctor: &Value, clinic: &Value) -> Value {
    let us_core = "http://hl7.org/fhir/us/core/StructureDefinition";
    let race_ethnicity = "urn:oid:2.16.840.1.113883.6.238";
    json!({
        "resourceType": "Patient",
        "extension": [
            {"url": format!("{us_core}/us-core-birthsex"), "valueCode": "F"},
            {
                "url": format!("{us_core}/us-core-race"),
                "extension": [
                    {"url": "ombCategory", "valueCoding": coding(race_ethnicity, "2106-3", "White")},
                    {"url": "text", "valueString": "White"},
                ],
            },
            {
                "url": format!("{us_core}/us-core-ethnicity"),
                "extension": [
                    {"url": "ombCategory", "valueCoding": coding(race_ethnicity, "2135-2", "Hispanic or Latino")},
                    {"url": "text", "valueString": "Hispanic or Latino"},
                ],
            },
        ],
        "identifier": [{
            "use": "usual",
            "type": coded("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number"),
            "system": MRN_SYSTEM,
            "value": "DW-0048213",
        }],
        "active": true,
        "name": [{"use": "official", "family": "Ortiz", "given": ["Maria", "Elena"]}],
        "telecom": [
            {"system": "phone", "value": "(520) 555-0147", "use": "mobile", "rank": 1},
            {"system": "email", "value": "maria.ortiz@example.org", "use": "home"},
        ],
        "gender": "female",
        "birthDate": date(timeline.birth_date),
        "address": [{
            "use": "home", "type": "physical", "line": ["4182 East Calle Ocotillo"],
            "city": "Tucson", "state": "AZ", "postalCode": "85716", "country": "US",
        }],
        "maritalStatus": coded("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "M", "Married"),
        "communication": [
            {"language": concept("English", &[coding("urn:ietf:bcp:47", "en-US", "English (United States)")]), "preferred": true},
            {"language": concept("Spanish", &[coding("urn:ietf:bcp:47", "es", "Spanish")])},
        ],
        "generalPractitioner": [doctor],
        "managingOrganization": clinic,
    })
}
