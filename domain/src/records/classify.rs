//! What import keeps in the clear (or as a keyed hash) beside each sealed resource: whose it is,
//! its coarse category, its confidential categories, its main code, status and date.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::fhir_values::{concept_code, concept_codes, instant, reference_id};

/// The confidential categories Portico recognises (the clinic's age rules name which of them a
/// guardian of an adolescent does not see).
pub const SEXUAL_HEALTH: &str = "sexual-health";
pub const REPRODUCTIVE_HEALTH: &str = "reproductive-health";
pub const MENTAL_HEALTH: &str = "mental-health";
pub const SUBSTANCE_USE: &str = "substance-use";

/// HL7 v3 ActCode sensitivity labels (in `meta.security`) and the category each stands for.
const SECURITY_LABELS: [(&str, &str); 11] = [
    ("PSY", MENTAL_HEALTH),
    ("PSYTHPN", MENTAL_HEALTH),
    ("BH", MENTAL_HEALTH),
    ("ETH", SUBSTANCE_USE),
    ("ETHUD", SUBSTANCE_USE),
    ("OPIOIDUD", SUBSTANCE_USE),
    ("SUD", SUBSTANCE_USE),
    ("SEX", SEXUAL_HEALTH),
    ("STD", SEXUAL_HEALTH),
    ("HIV", SEXUAL_HEALTH),
    ("SDV", SEXUAL_HEALTH),
];

/// Codes that are confidential whatever label the sender put on them: mental-health screening
/// instruments (LOINC), common mental-health, substance-use and reproductive-health diagnoses
/// (SNOMED CT), and tests for sexually transmitted infections and pregnancy (LOINC).
const SENSITIVE_CODES: [(&str, &str); 21] = [
    ("44249-1", MENTAL_HEALTH),        // PHQ-9 panel
    ("44261-6", MENTAL_HEALTH),        // PHQ-9 total score
    ("55757-9", MENTAL_HEALTH),        // PHQ-2 panel
    ("55758-7", MENTAL_HEALTH),        // PHQ-2 total score
    ("69737-5", MENTAL_HEALTH),        // GAD-7 panel
    ("70274-6", MENTAL_HEALTH),        // GAD-7 total score
    ("370143000", MENTAL_HEALTH),      // Major depressive disorder
    ("35489007", MENTAL_HEALTH),       // Depressive disorder
    ("197480006", MENTAL_HEALTH),      // Anxiety disorder
    ("47505003", MENTAL_HEALTH),       // Posttraumatic stress disorder
    ("72109-2", SUBSTANCE_USE),        // AUDIT-C panel
    ("82667-7", SUBSTANCE_USE),        // DAST-10 total score
    ("7200002", SUBSTANCE_USE),        // Alcoholism
    ("66214007", SUBSTANCE_USE),       // Substance abuse
    ("6525002", SUBSTANCE_USE),        // Dependent drug abuse
    ("55680006", SUBSTANCE_USE),       // Drug overdose
    ("72166-2", SUBSTANCE_USE),        // Tobacco smoking status
    ("2106-3", REPRODUCTIVE_HEALTH),   // Choriogonadotropin (pregnancy test)
    ("21613-5", SEXUAL_HEALTH),        // Chlamydia trachomatis DNA
    ("24111-7", SEXUAL_HEALTH),        // Neisseria gonorrhoeae DNA
    ("72314001", REPRODUCTIVE_HEALTH), // Normal pregnancy
];

/// The plain-text and keyed-hash columns of a stored resource.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// The source id of the patient the resource is about.
    pub patient_source_id: Option<String>,
    pub category: String,
    pub sensitivity: Vec<&'static str>,
    /// `system|code` of the main code.
    pub code: Option<String>,
    pub status: Option<String>,
    pub effective_at: Option<DateTime<Utc>>,
}

/// The patient a resource is about, by the element each type uses.
fn patient_reference(resource_type: &str, resource: &Value) -> Option<String> {
    if resource_type == "Patient" {
        return resource["id"].as_str().map(str::to_owned);
    }
    if resource_type == "Appointment" {
        // The patient taking part; a Schedule or Slot belongs to no one patient.
        return resource["participant"]
            .as_array()?
            .iter()
            .find_map(|p| reference_id(&p["actor"], "Patient"))
            .map(str::to_owned);
    }
    if matches!(resource_type, "Schedule" | "Slot") {
        return None;
    }
    let element = match resource_type {
        "Coverage" => &resource["beneficiary"],
        "AllergyIntolerance" | "Immunization" | "Claim" | "ExplanationOfBenefit" => {
            &resource["patient"]
        }
        _ => &resource["subject"],
    };
    reference_id(element, "Patient")
        .or_else(|| reference_id(&resource["patient"], "Patient"))
        .map(str::to_owned)
}

fn first_category(resource: &Value) -> Option<String> {
    let categories = match &resource["category"] {
        Value::Array(items) => items.clone(),
        Value::Null => Vec::new(),
        single => vec![single.clone()],
    };
    categories.iter().find_map(|c| match c {
        // AllergyIntolerance.category is a list of codes.
        Value::String(code) => Some(code.clone()),
        concept => concept_codes(concept).next().map(str::to_owned),
    })
}

/// Categories normalised so Observation and DiagnosticReport agree (`LAB` → `laboratory`).
fn normalise_category(category: &str) -> String {
    match category {
        "LAB" => "laboratory".into(),
        "RAD" | "RX" => "imaging".into(),
        other => other.to_ascii_lowercase(),
    }
}

fn main_code(resource_type: &str, resource: &Value) -> Option<String> {
    match resource_type {
        "Immunization" => concept_code(&resource["vaccineCode"]),
        "MedicationRequest" | "MedicationStatement" => {
            concept_code(&resource["medicationCodeableConcept"])
        }
        "Encounter" => concept_code(&resource["type"][0]),
        "DocumentReference" => concept_code(&resource["type"]),
        "Coverage" => concept_code(&resource["type"]),
        "Appointment" => concept_code(&resource["appointmentType"])
            .or_else(|| concept_code(&resource["serviceType"][0])),
        _ => concept_code(&resource["code"]),
    }
}

fn status(resource_type: &str, resource: &Value) -> Option<String> {
    let concept_status = |element: &Value| concept_codes(element).next().map(str::to_owned);
    match resource_type {
        "Condition" | "AllergyIntolerance" => concept_status(&resource["clinicalStatus"]),
        _ => resource["status"].as_str().map(str::to_owned),
    }
}

fn effective(resource_type: &str, resource: &Value) -> Option<DateTime<Utc>> {
    let first = |names: &[&str]| {
        names.iter().find_map(|name| {
            let value = &resource[*name];
            instant(value).or_else(|| instant(&value["start"]))
        })
    };
    match resource_type {
        "Condition" => first(&["onsetDateTime", "onsetPeriod", "recordedDate"]),
        "AllergyIntolerance" => first(&["onsetDateTime", "recordedDate"]),
        "MedicationRequest" => first(&["authoredOn"]),
        "MedicationStatement" => first(&["effectiveDateTime", "effectivePeriod", "dateAsserted"]),
        "Immunization" => first(&["occurrenceDateTime", "recorded"]),
        "Observation" | "DiagnosticReport" => first(&[
            "effectiveDateTime",
            "effectivePeriod",
            "effectiveInstant",
            "issued",
        ]),
        "Procedure" => first(&["performedDateTime", "performedPeriod"]),
        "Encounter" => first(&["period"]),
        "DocumentReference" => {
            first(&["date"]).or_else(|| instant(&resource["context"]["period"]["start"]))
        }
        "Coverage" => first(&["period"]),
        "Claim" | "ExplanationOfBenefit" => first(&["created", "billablePeriod"]),
        "Appointment" | "Slot" => first(&["start", "created"]),
        _ => None,
    }
}

fn sensitivity(resource_type: &str, resource: &Value) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    for label in resource["meta"]["security"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if let Some(code) = label["code"].as_str()
            && let Some((_, category)) = SECURITY_LABELS.iter().find(|(c, _)| *c == code)
        {
            found.push(category);
        }
    }
    let code_element = match resource_type {
        "MedicationRequest" | "MedicationStatement" => &resource["medicationCodeableConcept"],
        _ => &resource["code"],
    };
    for code in concept_codes(code_element) {
        if let Some((_, category)) = SENSITIVE_CODES.iter().find(|(c, _)| *c == code) {
            found.push(category);
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

pub fn facts(resource_type: &str, resource: &Value) -> Facts {
    Facts {
        patient_source_id: patient_reference(resource_type, resource),
        category: first_category(resource)
            .map(|c| normalise_category(&c))
            .unwrap_or_default(),
        sensitivity: sensitivity(resource_type, resource),
        code: main_code(resource_type, resource),
        status: status(resource_type, resource),
        effective_at: effective(resource_type, resource),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_lab_observation_is_classified_by_its_category_code_and_date() {
        let obs = json!({
            "resourceType": "Observation", "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "4548-4"}]},
            "subject": {"reference": "Patient/p1"},
            "effectiveDateTime": "2025-01-02T08:00:00Z"
        });
        let facts = facts("Observation", &obs);
        assert_eq!(facts.patient_source_id.as_deref(), Some("p1"));
        assert_eq!(facts.category, "laboratory");
        assert_eq!(facts.code.as_deref(), Some("http://loinc.org|4548-4"));
        assert_eq!(facts.status.as_deref(), Some("final"));
        assert!(facts.sensitivity.is_empty());
        assert_eq!(
            facts.effective_at.unwrap().to_rfc3339(),
            "2025-01-02T08:00:00+00:00"
        );
    }

    #[test]
    fn confidential_content_is_recognised_by_label_and_by_code() {
        let labelled = json!({"meta": {"security": [{"code": "PSY"}]}, "code": {}});
        assert_eq!(
            facts("Condition", &labelled).sensitivity,
            vec![MENTAL_HEALTH]
        );
        let phq9 = json!({"code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]}});
        assert_eq!(facts("Observation", &phq9).sensitivity, vec![MENTAL_HEALTH]);
        let report = json!({"category": [{"coding": [{"code": "LAB"}]}], "code": {}});
        assert_eq!(facts("DiagnosticReport", &report).category, "laboratory");
    }
}
