//! Installs the build and test prerequisites that are missing, and nothing else:
//! the wasm32 target, cargo-leptos, wasm-bindgen-cli at the Cargo.lock version, the npm tools
//! (Playwright, axe-core, wasm-opt from binaryen) and Debian's Chromium.

use std::path::Path;

use crate::process::{command, output, run, workspace_root};

pub const CARGO_LEPTOS_VERSION: &str = "0.3.10";
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The dependency auditor the test command runs (builds on rustc 1.95).
pub const CARGO_DENY_VERSION: &str = "0.20.2";

pub fn ensure_all() -> Result<(), String> {
    ensure_build_tools()?;
    ensure_fhir_validator()?;
    ensure_cargo_deny()?;
    ensure_chromium()
}

fn ensure_cargo_deny() -> Result<(), String> {
    let version = output(command("cargo").args(["deny", "--version"])).unwrap_or_default();
    if version.split_whitespace().any(|w| w == CARGO_DENY_VERSION) {
        return Ok(());
    }
    println!("xtask: installing cargo-deny {CARGO_DENY_VERSION} (a few minutes, once)");
    run(cargo_install().args([
        "install",
        "cargo-deny",
        "--version",
        CARGO_DENY_VERSION,
        "--locked",
    ]))
}

/// `cargo install` builds in a temporary directory it removes afterwards, unless
/// CARGO_TARGET_DIR is set: then the tools' release artefacts (gigabytes) would stay in
/// Portico's target directory for good.
fn cargo_install() -> std::process::Command {
    let mut cmd = command("cargo");
    cmd.env_remove("CARGO_TARGET_DIR");
    cmd
}

/// The Python environment with the outside validators (fhir.resources for FHIR R4B, icalendar)
/// and localstripe (the card processor's stand-in for billing tests and the demo), at
/// `~/.cache/portico/venv` unless `PORTICO_FHIR_PYTHON` names a Python that already has them.
pub fn fhir_python() -> std::path::PathBuf {
    if let Ok(python) = std::env::var("PORTICO_FHIR_PYTHON") {
        return python.into();
    }
    crate::process::home()
        .unwrap_or_else(|| ".".into())
        .join(".cache/portico/venv/bin/python")
}

fn ensure_fhir_validator() -> Result<(), String> {
    let python = fhir_python();
    let probe = command(&python.display().to_string())
        .args([
            "-c",
            "import fhir.resources.R4B.bundle, icalendar, localstripe",
        ])
        .status();
    if probe.is_ok_and(|s| s.success()) {
        return Ok(());
    }
    let venv = python
        .parent()
        .and_then(Path::parent)
        .ok_or("PORTICO_FHIR_PYTHON has no parent directory")?;
    println!(
        "xtask: installing the outside validators (fhir.resources, icalendar) and localstripe in {}",
        venv.display()
    );
    run(command("python3").args(["-m", "venv"]).arg(venv))?;
    run(command(&python.display().to_string())
        .args(["-m", "pip", "install", "--quiet", "-r"])
        .arg(workspace_root().join("xtask/python/requirements.txt")))
}

/// What building the site needs (the run command needs no browser).
pub fn ensure_build_tools() -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_cargo_leptos()?;
    ensure_wasm_bindgen()?;
    ensure_npm_tools()
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed =
        output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn ensure_cargo_leptos() -> Result<(), String> {
    let version = output(command("cargo").args(["leptos", "--version"])).unwrap_or_default();
    if version
        .split_whitespace()
        .any(|w| w == CARGO_LEPTOS_VERSION)
    {
        return Ok(());
    }
    println!("xtask: installing cargo-leptos {CARGO_LEPTOS_VERSION} (about 15 minutes, once)");
    run(cargo_install().args([
        "install",
        "cargo-leptos",
        "--version",
        CARGO_LEPTOS_VERSION,
        "--locked",
    ]))
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let wanted = locked_version("wasm-bindgen")?;
    let installed = output(command("wasm-bindgen").arg("--version")).unwrap_or_default();
    if installed.split_whitespace().any(|w| w == wanted) {
        return Ok(());
    }
    // Without --locked: the CLI's own lock file names a crate version this registry lacks.
    run(cargo_install().args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &wanted,
        "--force",
    ]))
}

fn ensure_npm_tools() -> Result<(), String> {
    let end2end = workspace_root().join("end2end");
    let installed = end2end.join("node_modules/.bin/wasm-opt").exists()
        && end2end.join("node_modules/@playwright/test").exists()
        && end2end.join("node_modules/@axe-core/playwright").exists();
    if installed {
        return Ok(());
    }
    run(command("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&end2end)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

fn ensure_chromium() -> Result<(), String> {
    if Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    let root = output(command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        if root {
            run(command("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive"))
        } else {
            run(command("sudo")
                .arg("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive"))
        }
    };
    apt(&["update"])?;
    apt(&["install", "-y", "chromium"])
}

/// The version of `package` that Cargo.lock pins.
pub fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"")
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn wasm_bindgen_is_pinned_in_the_lock_file() {
        assert_eq!(super::locked_version("wasm-bindgen").unwrap(), "0.2.130");
        assert!(super::locked_version("no-such-crate").is_err());
    }
}
