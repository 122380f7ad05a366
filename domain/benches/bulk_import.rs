//! Bulk import benchmark (not a test): prints figures, asserts nothing about time.
//!
//! Builds a Bulk Data export of 100 patients (`PORTICO_BENCH_PATIENTS` for another number) from
//! the shared Synthea fixtures: one NDJSON file per resource type, every patient's clinical
//! resources five times over (about 500 each, so about 50,000 in all), the hospital's
//! Organizations, Locations and Practitioners repeated as real exports repeat them. It then
//! imports the files as `portico import` and the staff upload do (read in chunks, NDJSON a line
//! at a time, one transaction) and prints the time, resources per second and the process's
//! peak resident memory over the import.
//!
//! `cargo bench -p portico-domain --features test-util --bench bulk_import`

use std::{collections::BTreeMap, io::Read, time::Instant};

use chrono::Utc;
use portico_domain::{
    Core, Services,
    audit::RequestMeta,
    clock::SystemClock,
    identity::{IdentitySettings, RelyingParty},
    records::{ImportBatch, Importer, SourceName},
    test_util::TestDatabase,
};
use serde_json::Value;
use webauthn_rs::prelude::Url;

/// How many times over each patient's clinical resources appear.
const REPEAT: usize = 5;

fn fixture(name: &str) -> Value {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/synthea");
    serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
}

fn fixture_names() -> Vec<String> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/synthea");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

/// Rewrites every reference in `value`: `urn:uuid:` ones through `urls`, relative ones by
/// `rename`; conditional ones (`Practitioner?identifier=…`) stay.
fn rewrite(value: &mut Value, urls: &BTreeMap<String, String>, rename: &dyn Fn(&str) -> String) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if key == "reference"
                    && let Value::String(text) = item
                {
                    if let Some(target) = urls.get(text.as_str()) {
                        *text = rename(target);
                    } else if !text.contains('?') && text.contains('/') {
                        *text = rename(text);
                    }
                } else {
                    rewrite(item, urls, rename);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rewrite(i, urls, rename)),
        _ => {}
    }
}

/// The export's files: resource type → NDJSON text.
fn bulk_export(patients: usize) -> BTreeMap<String, String> {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut push = |resource: &Value| {
        let kind = resource["resourceType"].as_str().unwrap().to_owned();
        let text = files.entry(kind).or_default();
        text.push_str(&resource.to_string());
        text.push('\n');
    };
    let names = fixture_names();
    let (shared, people): (Vec<_>, Vec<_>) = names
        .iter()
        .partition(|n| n.starts_with("hospital") || n.starts_with("practitioner"));
    // The clinic's own resources, each twice (a Bulk export repeats what several patients share).
    for name in &shared {
        for entry in fixture(name)["entry"].as_array().unwrap() {
            push(&entry["resource"]);
            push(&entry["resource"]);
        }
    }
    let bundles: Vec<Value> = people.iter().map(|n| fixture(n)).collect();
    for copy in 0..patients {
        let bundle = &bundles[copy % bundles.len()];
        let entries = bundle["entry"].as_array().unwrap();
        let urls: BTreeMap<String, String> = entries
            .iter()
            .filter_map(|e| {
                let r = &e["resource"];
                Some((
                    e["fullUrl"].as_str()?.to_owned(),
                    format!("{}/{}", r["resourceType"].as_str()?, r["id"].as_str()?),
                ))
            })
            .collect();
        for round in 0..REPEAT {
            for entry in entries {
                let mut resource = entry["resource"].clone();
                let is_patient = resource["resourceType"] == "Patient";
                if is_patient && round > 0 {
                    continue;
                }
                // The patient keeps one id per copy; the rest one per copy and round.
                let rename = |key: &str| match key.split_once('/') {
                    Some(("Patient", id)) => format!("Patient/c{copy}-{id}"),
                    Some((kind, id)) => format!("{kind}/c{copy}r{round}-{id}"),
                    None => key.to_owned(),
                };
                let id = resource["id"].as_str().unwrap().to_owned();
                resource["id"] = Value::String(if is_patient {
                    format!("c{copy}-{id}")
                } else {
                    format!("c{copy}r{round}-{id}")
                });
                // Identifiers would make the copies one resource: real exports give each its own.
                if let Some(obj) = resource.as_object_mut() {
                    obj.remove("identifier");
                }
                rewrite(&mut resource, &urls, &rename);
                push(&resource);
            }
        }
    }
    files
}

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let patients: usize = std::env::var("PORTICO_BENCH_PATIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = 0u64;
    let mut lines = 0usize;
    for (kind, text) in bulk_export(patients) {
        bytes += text.len() as u64;
        lines += text.lines().count();
        std::fs::write(dir.path().join(format!("{kind}.ndjson")), text).unwrap();
    }
    let t = TestDatabase::new().await;
    let services = Services::new(
        Core::new(
            t.db.clone(),
            t.vault().await,
            std::sync::Arc::new(SystemClock),
        ),
        &RelyingParty {
            origin: Url::parse("https://portal.example.org").unwrap(),
            name: "Bench Clinic".into(),
        },
        IdentitySettings::default(),
    )
    .unwrap();
    // What the process held before the import; the peak is measured from here.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = rss_kib();
    let started = Instant::now();
    let mut batch = ImportBatch::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut buffer = vec![0u8; 64 * 1024];
    for path in &paths {
        let mut file = std::fs::File::open(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut reading = batch.file(&name);
        loop {
            let n = file.read(&mut buffer).unwrap();
            if n == 0 {
                break;
            }
            reading.push(&buffer[..n]).unwrap();
        }
        reading.finish().unwrap();
    }
    let read = started.elapsed();
    let summary = services
        .records
        .import_batch(
            Importer::CommandLine,
            &SourceName::default(),
            batch,
            &RequestMeta::cli(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let elapsed = started.elapsed();
    let stored: usize = summary.stored.values().sum();
    println!(
        "Portico bulk import benchmark ({}), {patients} patients: {} NDJSON files, {lines} lines, {:.1} MB",
        Utc::now().format("%Y-%m-%d"),
        paths.len(),
        bytes as f64 / 1_048_576.0
    );
    println!(
        "stored {stored} resources ({} repeats stored once, {} patients) in {:.1} s (reading {:.1} s) = {:.0} resources/s",
        summary.repeated,
        summary.patients_created,
        elapsed.as_secs_f64(),
        read.as_secs_f64(),
        stored as f64 / elapsed.as_secs_f64()
    );
    println!(
        "memory: {:.0} MB resident before, peak {:.0} MB during the import",
        before as f64 / 1024.0,
        peak_rss_kib() as f64 / 1024.0
    );
}
