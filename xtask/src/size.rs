//! What a first visit to each page downloads, release build: the site files the server-rendered
//! HTML names (the main WASM and JS, the CSS) and the WASM chunks of the islands on the page
//! (each `#[island(lazy)]` is fetched with the chunks it shares with others, per the splitter's
//! manifest),
//! raw and as a browser receives them (gzip, brotli). Also every file of the site, so that a
//! change can be compared chunk by chunk. A report, not a test.

use std::{collections::BTreeSet, io::Write, path::Path};

use crate::{
    process::site_root,
    serve::{self, Profile, RunningServer},
    setup,
};

/// Pages to measure. Record pages are fetched with an id that matches nobody: the server renders
/// the page's frame (and names its chunks) without a patient.
const ROUTES: [&str; 20] = [
    "/sign-in",
    "/",
    "/enroll",
    "/recover",
    "/security",
    "/staff/invitations",
    "/staff/patients",
    "/staff/import",
    "/admin/audit",
    "/patients/p",
    "/patients/p/records/results",
    "/patients/p/records/results/e",
    "/patients/p/sharing",
    "/patients/p/access-log",
    "/patients/p/appointments",
    "/patients/p/appointments/book",
    "/staff/schedule",
    "/patients/p/appointments/a/check-in",
    "/patients/p/messages",
    "/staff/inbox",
];

const PORT: u16 = 3190;

pub fn report() -> Result<(), String> {
    setup::ensure_build_tools()?;
    serve::build_site(Profile::Release)?;
    let pkg = site_root().join("pkg");

    let mut files: Vec<_> = std::fs::read_dir(&pkg)
        .map_err(|e| format!("{}: {e}", pkg.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("wasm" | "js" | "css")
            )
        })
        .collect();
    files.sort();
    println!("\nEvery site file, release build ({}):", pkg.display());
    header("file");
    for path in &files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        row(&name, sizes(path)?);
    }

    let data_dir = std::env::temp_dir().join(format!("portico-size-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let mut portico = serve::portico(Profile::Release, &data_dir, PORT);
    portico.env_remove("DATABASE_URL");
    let manifest = split_manifest(&pkg)?;
    let server = RunningServer::start(portico, PORT)?;
    println!("\nFirst load of each page (the site files its HTML names):");
    header("page");
    let mut result = Ok(());
    // What every page loads: the main WASM, JS and CSS (the sign-in page has no lazy island).
    let mut shell = BTreeSet::new();
    let mut measured = Measured::new();
    for route in ROUTES {
        let Some(html) = serve::get(PORT, route) else {
            result = Err(format!("no answer for {route}"));
            break;
        };
        if route == "/sign-in" {
            shell = site_files(&html);
        }
        let mut names = site_files(&html);
        names.extend(island_files(&html, &manifest));
        row(route, total(&names, &mut measured)?);
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&data_dir);
    result?;

    // Signed-in pages are fetched here without a session, so they show the sign-in page; each
    // lazy island is measured from the manifest instead: the shell and the island's own files.
    println!("\nEach lazy island with the shell (a signed-in page adds the idle warning's):");
    header("island (files)");
    let mut islands = Vec::new();
    for (loader, chunks) in &manifest {
        let mut names = shell.clone();
        names.extend(loader_files(loader, chunks));
        islands.push((
            island_name(loader),
            names.len(),
            total(&names, &mut measured)?,
        ));
    }
    islands.sort_by_key(|(_, _, sizes)| std::cmp::Reverse(sizes[2]));
    for (name, files, sizes) in islands {
        row(&format!("{name} ({files})"), sizes);
    }

    // Signed-in pages whose islands are known: the shell, the idle warning and every island the
    // page holds, each fetched once.
    println!("\nSigned-in pages, from the islands they hold (with the idle warning):");
    header("page (islands)");
    for (page, held) in SIGNED_IN_PAGES {
        let mut names = shell.clone();
        for island in held.iter().chain(&["IdleWarning"]) {
            names.extend(files_of_island(island, &manifest));
        }
        row(
            &format!("{page} ({})", held.len() + 1),
            total(&names, &mut measured)?,
        );
    }
    Ok(())
}

/// Signed-in pages the report cannot fetch without a session, with the islands each holds.
const SIGNED_IN_PAGES: [(&str, &[&str]); 2] = [
    (
        "billing, patient",
        &["Outcome", "PayForm", "PlanForms", "CardForms"],
    ),
    (
        "billing, office",
        &[
            "Outcome",
            "PlanForms",
            "CardForms",
            "RefundForm",
            "PostEntry",
        ],
    ),
];

/// Each file's raw, gzip and brotli sizes, compressed once however many pages name it.
type Measured = std::collections::HashMap<String, [usize; 3]>;

/// Raw, gzip and brotli sizes of the named site files, summed (a name with no file counts 0).
fn total(names: &BTreeSet<String>, measured: &mut Measured) -> Result<[usize; 3], String> {
    let mut total = [0usize; 3];
    for name in names {
        let path = site_root().join(name.trim_start_matches('/'));
        if !path.exists() {
            continue;
        }
        let file = match measured.get(name) {
            Some(file) => *file,
            None => {
                let file = sizes(&path)?;
                measured.insert(name.clone(), file);
                file
            }
        };
        for (t, s) in total.iter_mut().zip(file) {
            *t += s;
        }
    }
    Ok(total)
}

/// The `/pkg/…` files an HTML page refers to (links, preloads, the hydration script's imports).
fn site_files(html: &str) -> BTreeSet<String> {
    html.match_indices("/pkg/")
        .map(|(at, _)| {
            let rest = &html[at..];
            let end = rest
                .find(['"', '\'', '`', ')', ' ', '>', '?', '#'])
                .unwrap_or(rest.len());
            rest[..end].to_owned()
        })
        .filter(|name| name.ends_with(".wasm") || name.ends_with(".js") || name.ends_with(".css"))
        .collect()
}

/// Which chunks each lazy island's loader needs (`__wasm_split_manifest.json`: loader name → chunk
/// names, without `.wasm`).
type SplitManifest = std::collections::BTreeMap<String, Vec<String>>;

fn split_manifest(pkg: &Path) -> Result<SplitManifest, String> {
    let path = pkg.join("__wasm_split_manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The WASM files the islands on a page fetch: an island `EnrollSteps_123` in the HTML is loaded by
/// `split_enroll_steps_loader_<hash>.wasm`, with the chunks the manifest lists for that loader and
/// the splitter's loader script. Islands that are not lazy are in the main module.
fn island_files(html: &str, manifest: &SplitManifest) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    for (at, _) in html.match_indices("<leptos-island data-component=\"") {
        let rest = &html[at + "<leptos-island data-component=\"".len()..];
        let name = rest.split(['"', '_']).next().unwrap_or_default();
        files.extend(files_of_island(name, manifest));
    }
    files
}

/// What the island `name` (`PayForm`) fetches: each of its loaders' files ([`loader_files`]).
fn files_of_island(name: &str, manifest: &SplitManifest) -> BTreeSet<String> {
    let prefix = format!("{}_loader_", snake_case(name));
    manifest
        .range(prefix.clone()..)
        .take_while(|(loader, _)| loader.starts_with(&prefix))
        .flat_map(|(loader, chunks)| loader_files(loader, chunks))
        .collect()
}

/// What loading one lazy island fetches: the splitter's loader script, the island's own split
/// and the chunks it shares with others.
fn loader_files(loader: &str, chunks: &[String]) -> impl Iterator<Item = String> {
    [
        "/pkg/__wasm_split.______________________.js".to_owned(),
        format!("/pkg/split_{loader}.wasm"),
    ]
    .into_iter()
    .chain(chunks.iter().map(|chunk| format!("/pkg/{chunk}.wasm")))
}

/// `sign_in_form_loader_99` → `sign_in_form`.
fn island_name(loader: &str) -> &str {
    loader.split("_loader_").next().unwrap_or(loader)
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn sizes(path: &Path) -> Result<[usize; 3], String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok([bytes.len(), gzip_len(&bytes), brotli_len(&bytes)])
}

fn header(first: &str) {
    println!(
        "{first:<44} {:>12} {:>12} {:>12}",
        "raw", "gzip -9", "brotli -11"
    );
}

fn row(name: &str, sizes: [usize; 3]) {
    println!(
        "{name:<44} {:>12} {:>12} {:>12}",
        kib(sizes[0]),
        kib(sizes[1]),
        kib(sizes[2])
    );
}

fn kib(bytes: usize) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len()
}

fn brotli_len(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn compression_shrinks_repetitive_input() {
        let input = b"portico ".repeat(1000);
        assert!(super::gzip_len(&input) < input.len() / 10);
        assert!(super::brotli_len(&input) < input.len() / 10);
    }

    #[test]
    fn an_island_brings_its_loader_and_chunks() {
        let manifest: super::SplitManifest = serde_json::from_str(
            r#"{"sign_in_form_loader_99": ["chunk_1", "chunk_2"], "sign_in_loader_7": ["chunk_3"]}"#,
        )
        .unwrap();
        let html = r#"<leptos-island data-component="SiteNav_1"><leptos-island data-component="SignInForm_42">"#;
        let files: Vec<_> = super::island_files(html, &manifest).into_iter().collect();
        assert_eq!(
            files,
            [
                "/pkg/__wasm_split.______________________.js",
                "/pkg/chunk_1.wasm",
                "/pkg/chunk_2.wasm",
                "/pkg/split_sign_in_form_loader_99.wasm",
            ]
        );
    }

    #[test]
    fn an_island_is_named_by_its_loader() {
        assert_eq!(super::island_name("check_in_loader_123"), "check_in");
    }

    #[test]
    fn a_page_names_its_site_files_once_each() {
        let html = r#"<link rel="modulepreload" href="/pkg/portico.js" nonce="n"><link rel="preload" href="/pkg/portico.wasm" as="fetch"><link rel="preload" href="/pkg/route_a.wasm"><script>import('/pkg/portico.js').then(m => m.default({module_or_path: '/pkg/portico.wasm'}))</script><link rel="stylesheet" href="/pkg/portico.css"><img src="/icons/a.png">"#;
        let files: Vec<_> = super::site_files(html).into_iter().collect();
        assert_eq!(
            files,
            [
                "/pkg/portico.css",
                "/pkg/portico.js",
                "/pkg/portico.wasm",
                "/pkg/route_a.wasm"
            ]
        );
    }
}
