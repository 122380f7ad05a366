//! Turning a file's text into resources, each with where it came from.

use std::fmt;

use serde_json::Value;

use crate::{DomainError, DomainResult, i18n::Said, said};

/// One resource as found in an input file.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceEntry {
    /// The file the entry came from.
    pub file: String,
    /// "bundle.json, entry 4" or "Observation.ndjson, line 12": for error messages.
    pub location: Place,
    /// The entry's `fullUrl`, if any (how `urn:uuid:` references find it).
    pub full_url: Option<String>,
    /// For transaction entries: the id the request URL gives (`PUT Patient/123`).
    pub request_id: Option<String>,
    pub resource: Value,
}

/// Where an entry was read: its file, and the entry of a Bundle or the line of an NDJSON file.
/// Its `Display` is the English ("bundle.json, entry 4"); [`Place::said`] says it in the reader's
/// language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub at: Option<Position>,
}

/// An entry of a Bundle or a line of an NDJSON file, from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    Entry(usize),
    Line(usize),
}

impl Place {
    /// A whole file (a single resource, or the Bundle itself).
    pub fn file(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            at: None,
        }
    }

    /// Entry `number` of a Bundle.
    pub fn entry(file: &str, number: usize) -> Self {
        Self {
            file: file.to_owned(),
            at: Some(Position::Entry(number)),
        }
    }

    /// Line `number` of an NDJSON file.
    pub fn line(file: &str, number: usize) -> Self {
        Self {
            file: file.to_owned(),
            at: Some(Position::Line(number)),
        }
    }

    /// The place in words.
    pub fn said(&self) -> Said {
        match self.at {
            None => said!("fhir-place-file", file = &self.file),
            Some(Position::Entry(n)) => said!("fhir-place-entry", file = &self.file, entry = n),
            Some(Position::Line(n)) => said!("fhir-place-line", file = &self.file, line = n),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said().to_string())
    }
}

/// A refusal of what was read at `place`: "bundle.json, entry 4: `problem`".
pub fn refuse_at(place: &Place, problem: Said) -> DomainError {
    DomainError::validation(
        "file",
        said!("fhir-at")
            .nested("place", place.said())
            .nested("problem", problem),
    )
}

/// What a file holds besides resources: transaction requests that are no resource to store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Requests {
    /// `DELETE` entries: (where, the request's URL, `Type/id`).
    pub deletes: Vec<(Place, String)>,
    /// `GET` and `HEAD` entries (reads in a transaction): nothing to store.
    pub reads: usize,
}

fn refuse(file: &str, problem: Said) -> DomainError {
    refuse_at(&Place::file(file), problem)
}

/// Reads a JSON file (a Bundle or one resource) or NDJSON (one resource per line). NDJSON is
/// recognised by the `.ndjson` extension, or by a file whose lines are each a complete object.
pub fn read_source(file: &str, text: &str) -> DomainResult<Vec<SourceEntry>> {
    Ok(read_source_with_requests(file, text)?.0)
}

/// [`read_source`], and the transaction requests that are no resource (`DELETE`, `GET`, `HEAD`).
pub fn read_source_with_requests(
    file: &str,
    text: &str,
) -> DomainResult<(Vec<SourceEntry>, Requests)> {
    let text = text.trim_start_matches('\u{feff}');
    if file.ends_with(".ndjson") || looks_like_ndjson(text) {
        return Ok((read_ndjson(file, text)?, Requests::default()));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        refuse(
            file,
            said!(
                "fhir-not-json-at",
                line = e.line(),
                column = e.column(),
                error = e.to_string()
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
        ndjson_line(file, n + 1, line, &mut entries)?;
    }
    Ok(entries)
}

/// Line `number` of an NDJSON file: a resource, or nothing when blank.
fn ndjson_line(
    file: &str,
    number: usize,
    line: &str,
    entries: &mut Vec<SourceEntry>,
) -> DomainResult<()> {
    let line = line.trim_start_matches('\u{feff}');
    if line.trim().is_empty() {
        return Ok(());
    }
    let location = Place::line(file, number);
    let resource: Value = serde_json::from_str(line).map_err(|e| {
        refuse(
            file,
            said!("fhir-line-not-json", line = number, error = e.to_string()),
        )
    })?;
    check_resource(&location, &resource)?;
    entries.push(SourceEntry {
        file: file.to_owned(),
        location,
        full_url: None,
        request_id: None,
        resource,
    });
    Ok(())
}

/// One file read as its bytes arrive (an upload), into `entries` and `requests`. An `.ndjson`
/// file is read a line at a time, so a large Bulk export is never held whole as text; any other
/// file is kept until its end, then read as [`read_source_with_requests`] does.
pub struct FileReader {
    file: String,
    ndjson: bool,
    pending: Vec<u8>,
    /// Lines of an NDJSON file read so far.
    lines: usize,
    bytes: u64,
}

impl FileReader {
    pub fn new(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            ndjson: file.ends_with(".ndjson"),
            pending: Vec::new(),
            lines: 0,
            bytes: 0,
        }
    }

    /// The bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub fn push(&mut self, chunk: &[u8], entries: &mut Vec<SourceEntry>) -> DomainResult<()> {
        self.bytes += chunk.len() as u64;
        self.pending.extend_from_slice(chunk);
        if !self.ndjson {
            return Ok(());
        }
        let mut start = 0;
        while let Some(end) = self.pending[start..].iter().position(|b| *b == b'\n') {
            let line = &self.pending[start..start + end];
            self.lines += 1;
            let text = std::str::from_utf8(line)
                .map_err(|_| refuse(&self.file, said!("fhir-line-not-utf8", line = self.lines)))?;
            ndjson_line(&self.file, self.lines, text.trim_end_matches('\r'), entries)?;
            start += end + 1;
        }
        self.pending.drain(..start);
        Ok(())
    }

    /// The end of the file: its last line, or the whole of a JSON file.
    pub fn finish(
        mut self,
        entries: &mut Vec<SourceEntry>,
        requests: &mut Requests,
    ) -> DomainResult<()> {
        let text = String::from_utf8(std::mem::take(&mut self.pending))
            .map_err(|_| refuse(&self.file, said!("fhir-not-utf8")))?;
        if self.ndjson {
            return ndjson_line(
                &self.file,
                self.lines + 1,
                text.trim_end_matches('\r'),
                entries,
            );
        }
        let (read, asked) = read_source_with_requests(&self.file, &text)?;
        entries.extend(read);
        requests.reads += asked.reads;
        requests.deletes.extend(asked.deletes);
        Ok(())
    }
}

fn check_resource(location: &Place, resource: &Value) -> DomainResult<()> {
    match resource.get("resourceType").and_then(Value::as_str) {
        Some(kind) if !kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphanumeric()) => Ok(()),
        _ => Err(refuse_at(location, said!("fhir-no-resource-type"))),
    }
}

fn read_value(file: &str, mut value: Value) -> DomainResult<(Vec<SourceEntry>, Requests)> {
    check_resource(&Place::file(file), &value)?;
    let mut requests = Requests::default();
    if value["resourceType"] != "Bundle" {
        let entry = SourceEntry {
            file: file.to_owned(),
            location: Place::file(file),
            full_url: None,
            request_id: None,
            resource: value,
        };
        return Ok((vec![entry], requests));
    }
    let kind = value["type"].as_str().unwrap_or_default();
    // A document (an International Patient Summary, say) is a Composition and the resources it
    // lists: its entries import like a collection's (the Composition itself is not kept).
    if ![
        "batch",
        "transaction",
        "collection",
        "searchset",
        "document",
    ]
    .contains(&kind)
    {
        return Err(refuse(file, said!("fhir-bundle-type", kind = kind)));
    }
    // Each entry's resource is taken out of the Bundle, not copied: a large file is held once.
    let Value::Array(items) = value["entry"].take() else {
        return Ok((Vec::new(), requests));
    };
    let mut entries = Vec::with_capacity(items.len());
    for (n, mut item) in items.into_iter().enumerate() {
        let location = Place::entry(file, n + 1);
        // A searchset's OperationOutcome about the search is not part of the record.
        if item["search"]["mode"] == "outcome" {
            continue;
        }
        match item["request"]["method"].as_str() {
            Some("GET" | "HEAD") => {
                requests.reads += 1;
                continue;
            }
            Some("DELETE") => {
                let url = item["request"]["url"].as_str().unwrap_or_default();
                requests.deletes.push((location, url.to_owned()));
                continue;
            }
            _ => {}
        }
        let resource = match item.get_mut("resource").map(Value::take) {
            Some(resource) if !resource.is_null() => resource,
            _ => {
                return Err(refuse_at(&location, said!("fhir-entry-no-resource")));
            }
        };
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
    Ok((entries, requests))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(err: DomainError) -> String {
        match err {
            DomainError::Validation { message, .. } => message.to_string(),
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

    /// Chunks that split lines anywhere read as the whole text does, and an error names its line.
    #[test]
    fn ndjson_read_as_it_arrives_matches_the_whole_file() {
        let text = "\u{feff}{\"resourceType\":\"Patient\",\"id\":\"a\"}\r\n\n{\"resourceType\":\"Patient\",\"id\":\"b\"}";
        let whole = read_source("Patient.ndjson", text).unwrap();
        for size in [1, 2, 7, 64] {
            let mut reader = FileReader::new("Patient.ndjson");
            let (mut entries, mut requests) = (Vec::new(), Requests::default());
            for chunk in text.as_bytes().chunks(size) {
                reader.push(chunk, &mut entries).unwrap();
            }
            reader.finish(&mut entries, &mut requests).unwrap();
            assert_eq!(entries, whole, "chunks of {size}");
        }
        let mut reader = FileReader::new("Patient.ndjson");
        let mut entries = Vec::new();
        let err = reader
            .push(
                b"{\"resourceType\":\"Patient\",\"id\":\"a\"}\n{oops\n",
                &mut entries,
            )
            .unwrap_err();
        assert!(message(err).contains("Patient.ndjson: line 2"));
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
        assert_eq!(ok[0].location.to_string(), "Patient.ndjson, line 1");
    }

    #[test]
    fn transaction_reads_and_deletes_are_no_resources_and_documents_import() {
        let doc = r#"{"resourceType":"Bundle","type":"transaction","entry":[
            {"resource":{"resourceType":"Patient","id":"p"},"request":{"method":"PUT","url":"Patient/p"}},
            {"request":{"method":"GET","url":"Patient?name=peter"}},
            {"request":{"method":"HEAD","url":"Patient/12345"}},
            {"request":{"method":"DELETE","url":"Patient/234"}}]}"#;
        let (entries, requests) = read_source_with_requests("t.json", doc).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(requests.reads, 2);
        assert_eq!(
            requests.deletes,
            vec![(Place::entry("t.json", 4), "Patient/234".to_owned())]
        );
        assert_eq!(requests.deletes[0].0.to_string(), "t.json, entry 4");
        let ips = r#"{"resourceType":"Bundle","type":"document","entry":[
            {"fullUrl":"urn:uuid:c","resource":{"resourceType":"Composition","id":"c"}},
            {"fullUrl":"urn:uuid:p","resource":{"resourceType":"Patient","id":"p"}}]}"#;
        assert_eq!(read_source("ips.json", ips).unwrap().len(), 2);
    }

    #[test]
    fn bundle_types_outside_the_five_are_refused() {
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
