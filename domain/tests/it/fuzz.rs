//! Bounded fuzzing of what reads untrusted input, run by the test command: the FHIR reader (JSON
//! Bundles of every shape, NDJSON, a file fed in arbitrary chunks), the reference resolver, the
//! webhook signature check and the code and date parsers. Inputs are the committed corpus
//! (`domain/tests/fuzz/`) mutated at random (cut, bytes replaced, text inserted) and arbitrary
//! text. A panic anywhere fails the test; so does a random signature that verifies.

use chrono::{TimeZone, Utc};
use portico_domain::{
    billing::processor,
    fhir::{FileReader, Requests, read_source, resolve},
    identity::parse_birth_date,
    secrets,
};
use proptest::prelude::*;

/// Cases per property: enough to find a panic on a reader's common paths within the test
/// command's time (each case reads a small file).
const CASES: u32 = 2000;

fn corpus() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    assert!(files.len() >= 4, "the corpus is committed");
    files
}

/// A corpus file, mutated: cut short, a few bytes replaced, a piece of text inserted.
fn mutated() -> impl Strategy<Value = (String, Vec<u8>)> {
    let files = corpus();
    let count = files.len();
    (
        0..count,
        any::<prop::sample::Index>(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        any::<prop::sample::Index>(),
        "[\\PC\\{\\}\\[\\]\":,\\\\]{0,12}",
        any::<bool>(),
    )
        .prop_map(move |(which, cut, flips, at, insert, truncate)| {
            let (name, text) = &files[which];
            let mut bytes = text.as_bytes().to_vec();
            for (i, b) in flips {
                let i = i.index(bytes.len());
                bytes[i] = b;
            }
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, insert.bytes());
            if truncate {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            (name.clone(), bytes)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_fhir_reader_and_resolver_never_panic((name, bytes) in mutated()) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(entries) = read_source(&name, &text) {
            let _ = resolve(entries);
        }
    }

    #[test]
    fn the_streaming_reader_never_panics_whatever_the_chunks(
        (name, bytes) in mutated(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
    ) {
        let mut reader = FileReader::new(&name);
        let mut entries = Vec::new();
        let mut at: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
        at.sort_unstable();
        let mut start = 0;
        let mut failed = false;
        for end in at.into_iter().chain([bytes.len()]) {
            if reader.push(&bytes[start..end], &mut entries).is_err() {
                failed = true;
                break;
            }
            start = end;
        }
        if !failed {
            let _ = reader.finish(&mut entries, &mut Requests::default());
        }
    }

    #[test]
    fn arbitrary_text_is_refused_or_read_never_a_panic(text in "\\PC{0,200}", ndjson in any::<bool>()) {
        let name = if ndjson { "x.ndjson" } else { "x.json" };
        if let Ok(entries) = read_source(name, &text) {
            let _ = resolve(entries);
        }
    }

    #[test]
    fn a_made_up_signature_never_verifies(
        header in "(t=[0-9]{0,12},)?(v[01]=[0-9a-f]{0,64},?){0,3}[\\PC]{0,20}",
        payload in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).unwrap();
        prop_assert!(processor::verify_signature(&payload, &header, b"whsec_fuzz", now).is_err());
    }

    #[test]
    fn codes_and_dates_parse_or_refuse(text in "\\PC{0,80}") {
        let _ = secrets::normalize_code(&text);
        let _ = parse_birth_date(&text, Utc::now().date_naive());
    }
}

#[test]
fn the_committed_signatures_parse_without_panicking() {
    let now = Utc.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).unwrap();
    let (_, text) = corpus()
        .into_iter()
        .find(|(name, _)| name == "signatures.txt")
        .unwrap();
    for header in text.lines() {
        assert!(processor::verify_signature(b"{}", header, b"whsec_fuzz", now).is_err());
    }
    // And a real one does verify: the check is not simply refusing everything.
    let signed = processor::sign(b"{}", b"whsec_fuzz", now);
    assert!(processor::verify_signature(b"{}", &signed, b"whsec_fuzz", now).is_ok());
}
