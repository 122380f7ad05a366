//! The README's test command: every test, on SQLite and on PostgreSQL when one is reachable.

use std::{
    net::{SocketAddr, TcpStream},
    time::Duration,
};

use crate::{
    process::{command, output, run, workspace_root},
    serve::{self, Profile, RunningServer},
    setup,
};

const LOCAL_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const POSTGRES_ENV: &str = "PORTICO_TEST_POSTGRES_URL";

pub fn run_all(args: &[String]) -> Result<(), String> {
    let require_postgres = match args {
        [] => false,
        [flag] if flag == "--postgres" => true,
        _ => return Err("usage: cargo xtask test [--postgres]".into()),
    };
    let postgres = postgres_url();
    if require_postgres && postgres.is_none() {
        return Err(format!(
            "--postgres: no PostgreSQL at {POSTGRES_ENV}, DATABASE_URL or 127.0.0.1:5432"
        ));
    }
    setup::ensure_all()?;
    report_free_disk();

    run(command("cargo").args(["fmt", "--all", "--", "--check"]))?;
    // The server pulls in `app` with `ssr`; the WASM build checks it with `hydrate`.
    run(command("cargo")
        .args([
            "clippy",
            "-p",
            "portico-domain",
            "-p",
            "portico-demo",
            "-p",
            "portico-types",
            "-p",
            "server",
            "-p",
            "app",
            "-p",
            "xtask",
        ])
        .args(["--all-targets", "--", "-D", "warnings"]))?;
    run(command("cargo").args([
        "clippy",
        "-p",
        "frontend",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;

    dependency_audit()?;

    println!("xtask: Rust tests on SQLite");
    let rust_tests = || {
        let mut cmd = command("cargo");
        cmd.args([
            "test",
            "-p",
            "portico-domain",
            "-p",
            "portico-demo",
            "-p",
            "portico-types",
            "-p",
            "server",
            "-p",
            "xtask",
            // The app's own tests in the same build: on its own (`-p app --features ssr`) it
            // resolves features differently and builds a second copy of the server's
            // dependencies (a CI run ran out of disk doing so).
            "-p",
            "app",
            "--features",
            "app/ssr",
        ])
        .env_remove(POSTGRES_ENV);
        cmd
    };
    run(&mut rust_tests())?;
    // The heavy tests (the SIGKILL crash test), alone so their load slows no other test. The
    // same packages as above, so that nothing is built again with other features.
    let heavy = || {
        let mut cmd = rust_tests();
        cmd.args(["--", "--ignored", "--test-threads", "1"]);
        cmd
    };
    run(&mut heavy())?;

    match &postgres {
        Some(url) => {
            println!("xtask: domain and HTTP integration tests on PostgreSQL");
            run(rust_tests()
                .args(["--", "--test-threads", "4"])
                .env(POSTGRES_ENV, url))?;
            run(heavy().env(POSTGRES_ENV, url))?;
        }
        None => println!(
            "xtask: PostgreSQL not reachable; tested on SQLite only (--postgres requires it)"
        ),
    }

    println!("xtask: browser tests (Debian Chromium) against a debug build on SQLite");
    serve::build_site(Profile::Debug)?;
    let data_dir = std::env::temp_dir().join(format!("portico-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let port: u16 = std::env::var("PORTICO_E2E_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3100);
    // The card processor's stand-in for the billing tests, on the next port.
    let stripe = serve::LocalStripe::start(port + 1, port, None)?;
    let mut portico = serve::portico(Profile::Debug, &data_dir, port);
    stripe.configure(&mut portico);
    // All browser tests come from one address: the anonymous rate limit stays on, set high
    // enough for the suite. A five-second step-up window lets the tests reach the step-up prompt
    // without waiting ten minutes, and a two-minute idle timeout the idle warning without
    // waiting fourteen.
    portico
        .env_remove("DATABASE_URL")
        .env("PORTICO_RATE_LIMIT_PER_MINUTE", "1000")
        .env("PORTICO_PAGE_RATE_LIMIT_PER_MINUTE", "10000")
        .env("PORTICO_STEP_UP_SECONDS", "5")
        .env("PORTICO_IDLE_TIMEOUT_MINUTES", "2");
    let server = RunningServer::start(portico, port)?;
    let result = run(command("npx")
        .args(["playwright", "test"])
        .current_dir(workspace_root().join("end2end"))
        .env("PORTICO_E2E_BASE_URL", &server.base_url)
        .env("PORTICO_E2E_BIN", serve::binary(Profile::Debug))
        .env("PORTICO_E2E_DATA_DIR", &data_dir)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"));
    drop(server);
    drop(stripe);
    let _ = std::fs::remove_dir_all(&data_dir);
    result?;
    println!("xtask: every test passed");
    Ok(())
}

/// A full run writes some 15 GiB of build artefacts (native debug, WASM, browser tests); a CI
/// run once stopped with "No space left on device". Say how much room there is before starting,
/// so that such a stop is explained before it happens.
fn report_free_disk() {
    let target = crate::process::target_dir();
    let _ = std::fs::create_dir_all(&target);
    let free_kib = output(command("df").args(["-Pk"]).arg(&target)).and_then(|df| {
        df.lines()
            .nth(1)?
            .split_whitespace()
            .nth(3)?
            .parse::<u64>()
            .ok()
    });
    match free_kib {
        Some(kib) if kib < MIN_FREE_GIB * 1024 * 1024 => println!(
            "xtask: WARNING: only {:.1} GiB free for {} (a full run needs about {MIN_FREE_GIB} GiB); \
             `cargo clean --release` or removing old CARGO_TARGET_DIRs makes room",
            kib as f64 / 1_048_576.0,
            target.display()
        ),
        Some(kib) => println!(
            "xtask: {:.1} GiB free for {}",
            kib as f64 / 1_048_576.0,
            target.display()
        ),
        None => {}
    }
}

const MIN_FREE_GIB: u64 = 15;

/// `cargo deny` (see `deny.toml`): licences, banned crates (OpenSSL, a second crypto provider or
/// copy of ring/rustls) and sources always; advisories against the RustSec database, fetched into
/// `~/.cache/portico/advisory-db` when the network allows, else the copy already there, else
/// skipped with a warning (CI may reach nothing but the package registries).
fn dependency_audit() -> Result<(), String> {
    println!("xtask: dependency audit (cargo deny)");
    run(command("cargo").args([
        "deny",
        "--log-level",
        "error",
        "check",
        "bans",
        "licenses",
        "sources",
    ]))?;
    let db = crate::process::home()
        .unwrap_or_else(|| ".".into())
        .join(".cache/portico/advisory-db");
    let fetched = command("cargo")
        .args(["deny", "--log-level", "error", "fetch", "db"])
        .status()
        .is_ok_and(|s| s.success());
    // A clone sits in a directory of its own (`advisory-db-<hash>/crates/…`).
    let have_copy = std::fs::read_dir(&db).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.path().join("crates").is_dir())
    });
    if !fetched && !have_copy {
        println!(
            "xtask: WARNING: security advisories NOT checked: the RustSec advisory database could not be fetched and no copy is at {} (put a clone of https://github.com/rustsec/advisory-db there to check offline)",
            db.display()
        );
        return Ok(());
    }
    if !fetched {
        println!(
            "xtask: WARNING: the advisory database could not be updated; checking against the copy at {}",
            db.display()
        );
    }
    run(command("cargo").args([
        "deny",
        "--log-level",
        "error",
        "--offline",
        "check",
        "advisories",
    ]))
}

/// The PostgreSQL server to test against: `PORTICO_TEST_POSTGRES_URL`, a PostgreSQL
/// `DATABASE_URL`, or the local server on 127.0.0.1:5432 if one answers.
fn postgres_url() -> Option<String> {
    let from_env = |key: &str| {
        std::env::var(key)
            .ok()
            .filter(|v| v.starts_with("postgres"))
    };
    from_env(POSTGRES_ENV)
        .or_else(|| from_env("DATABASE_URL"))
        .or_else(|| {
            let addr = SocketAddr::from(([127, 0, 0, 1], 5432));
            TcpStream::connect_timeout(&addr, Duration::from_secs(1))
                .ok()
                .map(|_| LOCAL_POSTGRES.to_owned())
        })
}
