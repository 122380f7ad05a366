//! What a first visit to each page downloads, release build: the site files the server-rendered
//! HTML names (the main WASM and JS, the chunks of the page's lazy route it preloads, the CSS),
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
const ROUTES: [&str; 14] = [
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
    let server = RunningServer::start(portico, PORT)?;
    println!("\nFirst load of each page (the site files its HTML names):");
    header("page");
    let mut result = Ok(());
    for route in ROUTES {
        let Some(html) = serve::get(PORT, route) else {
            result = Err(format!("no answer for {route}"));
            break;
        };
        let mut total = [0usize; 3];
        for name in site_files(&html) {
            let path = site_root().join(name.trim_start_matches('/'));
            if path.exists() {
                for (t, s) in total.iter_mut().zip(sizes(&path)?) {
                    *t += s;
                }
            }
        }
        row(route, total);
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&data_dir);
    result
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
