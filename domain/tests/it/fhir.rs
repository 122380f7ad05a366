//! Reading FHIR input the way real exports send it: the shared Synthea fixtures (batch Bundles
//! with `urn:uuid:` references), a transaction Bundle, Bulk Data NDJSON, and every reference style.

use std::collections::BTreeMap;

use portico_domain::{
    DomainError,
    fhir::{SUPPORTED_TYPES, read_source, resolve},
    i18n::Locale,
};
use serde_json::Value;

fn fixtures() -> Vec<std::path::PathBuf> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/synthea");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
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

#[test]
fn the_shared_fixtures_read_with_every_count_per_type_and_every_reference_resolved() {
    let files = fixtures();
    assert_eq!(files.len(), 8, "six patients and two information bundles");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        // Counted independently of the reader, straight from the file.
        let raw: Value = serde_json::from_str(&text).unwrap();
        let mut expected: BTreeMap<String, usize> = BTreeMap::new();
        for entry in raw["entry"].as_array().unwrap() {
            *expected
                .entry(
                    entry["resource"]["resourceType"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                )
                .or_default() += 1;
        }
        let resolved = resolve(read_source(&name, &text).unwrap()).unwrap();
        let mut got: BTreeMap<String, usize> = resolved.skipped.clone();
        for (key, _, _) in &resolved.resources {
            *got.entry(key.resource_type.clone()).or_default() += 1;
        }
        assert_eq!(got, expected, "{name}");
        assert!(
            resolved
                .skipped
                .keys()
                .all(|t| !SUPPORTED_TYPES.contains(&t.as_str()))
        );
        let keys: std::collections::HashSet<String> = resolved
            .resources
            .iter()
            .map(|(k, _, _)| k.to_string())
            .collect();
        for (key, _, resource) in &resolved.resources {
            let mut refs = Vec::new();
            references(resource, &mut refs);
            for r in refs {
                assert!(
                    r.starts_with('#')
                        || keys.contains(&r)
                        || r.starts_with("CareTeam/")
                        || r.starts_with("CarePlan/"),
                    "{name}: {key} refers to {r}"
                );
                assert!(!r.starts_with("urn:"), "{name}: {r} left unresolved");
            }
        }
    }
}

#[test]
fn a_transaction_bundle_resolves_relative_absolute_and_conditional_references() {
    let bundle = r#"{
      "resourceType": "Bundle", "type": "transaction",
      "entry": [
        {"fullUrl": "https://ehr.example.org/fhir/Patient/p1",
         "resource": {"resourceType": "Patient", "name": [{"family": "Ng"}]},
         "request": {"method": "PUT", "url": "Patient/p1"}},
        {"fullUrl": "urn:uuid:7d6b2d55-0d9c-4a43-9a9f-3b0f2a1c1e01",
         "resource": {"resourceType": "Practitioner",
                      "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "9999912345"}]},
         "request": {"method": "POST", "url": "Practitioner"}},
        {"resource": {"resourceType": "Observation", "id": "o1",
                      "subject": {"reference": "https://ehr.example.org/fhir/Patient/p1"},
                      "performer": [{"reference": "Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999912345"}],
                      "encounter": {"reference": "Encounter/e9/_history/3"}},
         "request": {"method": "PUT", "url": "Observation/o1"}},
        {"resource": {"resourceType": "Condition", "id": "c1",
                      "subject": {"reference": "Patient/p1"},
                      "asserter": {"reference": "Practitioner?identifier=9999912345"}}}
      ]}"#;
    let resolved = resolve(read_source("tx.json", bundle).unwrap()).unwrap();
    let by_id: BTreeMap<String, &Value> = resolved
        .resources
        .iter()
        .map(|(k, _, v)| (k.to_string(), v))
        .collect();
    let practitioner = "Practitioner/7d6b2d55-0d9c-4a43-9a9f-3b0f2a1c1e01";
    assert!(by_id.contains_key("Patient/p1") && by_id.contains_key(practitioner));
    let obs = by_id["Observation/o1"];
    assert_eq!(obs["subject"]["reference"], "Patient/p1");
    assert_eq!(obs["performer"][0]["reference"], practitioner);
    assert_eq!(obs["encounter"]["reference"], "Encounter/e9");
    assert_eq!(by_id["Condition/c1"]["asserter"]["reference"], practitioner);
}

#[test]
fn bulk_ndjson_reads_line_by_line_and_skips_unknown_types() {
    let ndjson = [
        r#"{"resourceType":"Patient","id":"p1"}"#,
        r#"{"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/p1"}}"#,
        r#"{"resourceType":"Goal","id":"g1","subject":{"reference":"Patient/p1"}}"#,
    ]
    .join("\n");
    let resolved = resolve(read_source("export.ndjson", &ndjson).unwrap()).unwrap();
    assert_eq!(resolved.resources.len(), 2);
    assert_eq!(resolved.skipped.get("Goal"), Some(&1));
    assert_eq!(resolved.resources[1].1, "export.ndjson, line 2");
}

#[test]
fn problems_name_the_entry_and_the_reference() {
    let message = |err: DomainError| match err {
        DomainError::Validation { message, .. } => message.to_string(),
        other => panic!("{other:?}"),
    };
    let dangling = r#"{"resourceType":"Bundle","type":"batch","entry":[
        {"fullUrl":"urn:uuid:a","resource":{"resourceType":"Observation","subject":{"reference":"urn:uuid:missing"}}}]}"#;
    let err = message(resolve(read_source("d.json", dangling).unwrap()).unwrap_err());
    assert!(
        err.contains("d.json, entry 1") && err.contains("urn:uuid:missing"),
        "{err}"
    );

    // A resource twice in one file (real Bulk exports do this) is stored once, and counted.
    let twice = r#"{"resourceType":"Bundle","type":"collection","entry":[
        {"resource":{"resourceType":"Patient","id":"p"}},{"resource":{"resourceType":"Patient","id":"p"}}]}"#;
    let resolved = resolve(read_source("t.json", twice).unwrap()).unwrap();
    assert_eq!((resolved.resources.len(), resolved.repeated), (1, 1));

    let ambiguous = r#"{"resourceType":"Bundle","type":"batch","entry":[
        {"resource":{"resourceType":"Practitioner","id":"a","identifier":[{"value":"1"}]}},
        {"resource":{"resourceType":"Practitioner","id":"b","identifier":[{"value":"1"}]}},
        {"resource":{"resourceType":"Condition","id":"c","asserter":{"reference":"Practitioner?identifier=1"}}}]}"#;
    let err = message(resolve(read_source("a.json", ambiguous).unwrap()).unwrap_err());
    assert!(
        err.contains("a.json, entry 3") && err.contains("matches 2 resources"),
        "{err}"
    );
}

/// A refusal names the file and entry or line in the words of whoever reads it.
#[test]
fn a_refusal_naming_a_file_reads_in_spanish() {
    let said = |err: DomainError| match err {
        DomainError::Validation { message, .. } => message,
        other => panic!("{other:?}"),
    };
    let broken = said(read_source("broken.json", "{\"resourceType\": \"Bundle\",").unwrap_err());
    assert!(
        broken
            .to_string()
            .starts_with("broken.json: not valid JSON (line 1"),
        "{broken}"
    );
    let spanish = broken.in_language(Locale::Es);
    assert!(
        spanish.starts_with("broken.json: no es JSON válido (línea 1, columna "),
        "{spanish}"
    );
    let dangling = r#"{"resourceType":"Bundle","type":"batch","entry":[
        {"fullUrl":"urn:uuid:a","resource":{"resourceType":"Observation","subject":{"reference":"urn:uuid:missing"}}}]}"#;
    let refusal = said(resolve(read_source("d.json", dangling).unwrap()).unwrap_err());
    assert_eq!(
        refusal.to_string(),
        "d.json, entry 1: reference \"urn:uuid:missing\" matches no entry of this import"
    );
    assert_eq!(
        refusal.in_language(Locale::Es),
        "d.json, entrada 1: la referencia \"urn:uuid:missing\" no coincide con ninguna entrada de esta importación"
    );
}
