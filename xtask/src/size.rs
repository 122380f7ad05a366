//! What the first page load downloads: the WASM, JS and CSS of the release site, raw and as a
//! browser receives them (gzip, brotli). A report, not a test.

use std::io::Write;

use crate::{
    process::site_root,
    serve::{self, Profile},
    setup,
};

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

    println!("\nFirst page load, release build ({}):", pkg.display());
    println!(
        "{:<24} {:>12} {:>12} {:>12}",
        "file", "raw", "gzip -9", "brotli -11"
    );
    let mut totals = [0usize; 3];
    for path in &files {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let sizes = [bytes.len(), gzip_len(&bytes), brotli_len(&bytes)];
        for (total, size) in totals.iter_mut().zip(sizes) {
            *total += size;
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!(
            "{:<24} {:>12} {:>12} {:>12}",
            name,
            kib(sizes[0]),
            kib(sizes[1]),
            kib(sizes[2])
        );
    }
    println!(
        "{:<24} {:>12} {:>12} {:>12}",
        "total",
        kib(totals[0]),
        kib(totals[1]),
        kib(totals[2])
    );
    Ok(())
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
}
