//! Turning a file's text into resources, each with where it came from.

use serde_json::Value;

use crate::{DomainError, DomainResult};

/// One resource as found in an input file.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceEntry {
    /// The file the entry came from.
    pub file: String,
    /// "bundle.json, entry 4" or "Observation.ndjson, line 12": for error messages.
    pub location: String,
    /// The entry's `fullUrl`, if any (how `urn:uuid:` references find it).
    pub full_url: Option<String>,
    /// For transaction entries: the id the request URL gives (`PUT Patient/123`).
    pub request_id: Option<String>,
    pub resource: Value,
}

fn refuse(file: &str, message: impl std::fmt::Display) -> DomainError {
    DomainError::validation("file", format!("{file}: {message}"))
}

/// Reads a JSON file (a Bundle or one resource) or NDJSON (one resource per line). NDJSON is
/// recognised by the `.ndjson` extension, or by a file whose lines are each a complete object.
pub fn read_source(file: &str, text: &str) -> DomainResult<Vec<SourceEntry>> {
    let text = text.trim_start_matches('\u{feff}');
    if file.ends_with(".ndjson") || looks_like_ndjson(text) {
        return read_ndjson(file, text);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        refuse(
            file,
            format!(
                "not valid JSON (line {}, column {}): {e}",
                e.line(),
                e.column()
            ),
        )
    })?;
    read_value(file, value)
}

fn looks_like_ndjson(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next();
    let second = lines.next();
    matches!((first, second), (Some(a), Some(_)) if serde_json::from_str::<Value>(a).is_ok())
}

fn read_ndjson(file: &str, text: &str) -> DomainResult<Vec<SourceEntry>> {
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let location = format!("{file}, line {}", n + 1);
        let resource: Value = serde_json::from_str(line)
            .map_err(|e| refuse(file, format!("line {}: not valid JSON: {e}", n + 1)))?;
        check_resource(&location, &resource)?;
        entries.push(SourceEntry {
            file: file.to_owned(),
            location,
            full_url: None,
            request_id: None,
            resource,
        });
    }
    Ok(entries)
}

fn check_resource(location: &str, resource: &Value) -> DomainResult<()> {
    match resource.get("resourceType").and_then(Value::as_str) {
        Some(kind) if !kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphanumeric()) => Ok(()),
        _ => Err(DomainError::validation(
            "file",
            format!("{location}: not a FHIR resource (no resourceType)"),
        )),
    }
}

fn read_value(file: &str, value: Value) -> DomainResult<Vec<SourceEntry>> {
    check_resource(file, &value)?;
    if value["resourceType"] != "Bundle" {
        return Ok(vec![SourceEntry {
            file: file.to_owned(),
            location: file.to_owned(),
            full_url: None,
            request_id: None,
            resource: value,
        }]);
    }
    let kind = value["type"].as_str().unwrap_or_default();
    if !["batch", "transaction", "collection", "searchset"].contains(&kind) {
        return Err(refuse(
            file,
            format!(
                "a Bundle of type \"{kind}\" cannot be imported (batch, transaction, collection or searchset)"
            ),
        ));
    }
    let Some(items) = value["entry"].as_array() else {
        return Ok(Vec::new());
    };
    let mut entries = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let location = format!("{file}, entry {}", n + 1);
        // A searchset's OperationOutcome about the search is not part of the record.
        if item["search"]["mode"] == "outcome" {
            continue;
        }
        let resource = item.get("resource").cloned().ok_or_else(|| {
            DomainError::validation("file", format!("{location}: the entry has no resource"))
        })?;
        check_resource(&location, &resource)?;
        let request_id = item["request"]["url"]
            .as_str()
            .and_then(|url| url.split('?').next())
            .and_then(|path| path.split_once('/'))
            .map(|(_, id)| id.to_owned());
        entries.push(SourceEntry {
            file: file.to_owned(),
            location,
            full_url: item["fullUrl"].as_str().map(str::to_owned),
            request_id,
            resource,
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(err: DomainError) -> String {
        match err {
            DomainError::Validation { message, .. } => message,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn malformed_json_names_the_file_and_position() {
        let err = read_source("broken.json", "{\"resourceType\": \"Bundle\",").unwrap_err();
        let text = message(err);
        assert!(
            text.starts_with("broken.json: not valid JSON (line 1"),
            "{text}"
        );
    }

    #[test]
    fn ndjson_errors_name_the_line() {
        let text = "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n\n{\"resourceType\":\"Patient\",\"id\":\"b\"}\n{oops\n";
        let err = message(read_source("Patient.ndjson", text).unwrap_err());
        assert!(err.contains("Patient.ndjson: line 4"), "{err}");
        let ok = read_source(
            "Patient.ndjson",
            "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n",
        )
        .unwrap();
        assert_eq!(ok[0].location, "Patient.ndjson, line 1");
    }

    #[test]
    fn bundle_types_outside_the_four_are_refused() {
        let doc = r#"{"resourceType":"Bundle","type":"history","entry":[]}"#;
        assert!(message(read_source("h.json", doc).unwrap_err()).contains("\"history\""));
    }

    #[test]
    fn searchset_outcomes_are_left_out_and_entries_need_resources() {
        let doc = r#"{"resourceType":"Bundle","type":"searchset","entry":[
            {"resource":{"resourceType":"Patient","id":"p"},"search":{"mode":"match"}},
            {"resource":{"resourceType":"OperationOutcome"},"search":{"mode":"outcome"}}]}"#;
        assert_eq!(read_source("s.json", doc).unwrap().len(), 1);
        let bad = r#"{"resourceType":"Bundle","type":"batch","entry":[{"fullUrl":"urn:uuid:1"}]}"#;
        assert!(
            message(read_source("b.json", bad).unwrap_err())
                .contains("b.json, entry 1: the entry has no resource")
        );
    }
}
