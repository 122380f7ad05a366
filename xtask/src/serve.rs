//! Building the site with cargo-leptos and running the `portico` binary against it.

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command},
    time::{Duration, Instant},
};

use crate::{
    process::{command, run, site_root, target_dir, workspace_root},
    setup,
};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Debug,
    Release,
}

/// Builds the server and the hydration bundle, split per island (`--split`: every
/// `#[island(lazy)]` is its own WASM chunk). Release builds also write `.br`/`.gz` copies of the site
/// files, which the server sends to browsers that accept them.
pub fn build_site(profile: Profile) -> Result<(), String> {
    let mut cmd = command("cargo");
    cmd.args(["leptos", "build", "--split"]);
    if profile == Profile::Release {
        cmd.args(["--release", "--precompress"]);
    }
    run(&mut cmd)?;
    let wasm = site_root().join("pkg/portico.wasm");
    if !wasm.exists() {
        return Err(format!(
            "the build left no {}; is site-root still CARGO_TARGET_DIR/site?",
            wasm.display()
        ));
    }
    Ok(())
}

pub fn binary(profile: Profile) -> PathBuf {
    let dir = if profile == Profile::Release {
        "release"
    } else {
        "debug"
    };
    target_dir().join(dir).join("portico")
}

/// `portico` configured for this checkout's site, with the given data directory and port.
pub fn portico(profile: Profile, data_dir: &Path, port: u16) -> Command {
    let mut cmd = command(binary(profile).to_str().expect("UTF-8 path"));
    cmd.env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site_root())
        .env("LEPTOS_SITE_PKG_DIR", "pkg")
        .env("LEPTOS_OUTPUT_NAME", "portico")
        .env(
            "LEPTOS_ENV",
            if profile == Profile::Release {
                "PROD"
            } else {
                "DEV"
            },
        )
        .env("PORTICO_DATA_DIR", data_dir)
        .env_remove("PORTICO_ORIGIN")
        .env_remove("PORTICO_CONFIG");
    cmd
}

/// A server process that is stopped (SIGTERM, then SIGKILL) when dropped.
pub struct RunningServer {
    child: Child,
    pub base_url: String,
}

impl RunningServer {
    pub fn start(mut cmd: Command, port: u16) -> Result<Self, String> {
        // Another server already on the port would answer the health check in this one's place
        // (and tests would then talk to it).
        std::net::TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
            format!(
                "port {port} is not free ({e}): stop whatever listens there, or set another port"
            )
        })?;
        let child = cmd
            .spawn()
            .map_err(|e| format!("cannot start portico: {e}"))?;
        let server = Self {
            child,
            base_url: format!("http://localhost:{port}"),
        };
        wait_until_healthy(port, Duration::from_secs(60))?;
        Ok(server)
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_until_healthy(port: u16, timeout: Duration) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if healthz(port).is_some_and(|status| status == 200) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!(
        "portico did not become healthy on port {port} within {}s",
        timeout.as_secs()
    ))
}

fn healthz(port: u16) -> Option<u16> {
    get(port, "/healthz")?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// A plain HTTP/1.0 GET on loopback (so the answer is not chunked): the whole response, head and
/// body, or `None` if the server does not answer.
pub fn get(port: u16, path: &str) -> Option<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    Some(String::from_utf8_lossy(&response).into_owned())
}

/// localstripe, the card processor's stand-in (a stateful fake of Stripe's API and of Stripe.js),
/// on `port`, sending its signed events to the Portico on `portico_port`, its state in memory or
/// kept in `state` (the demo's, so refunds of earlier runs' payments still work). Stopped when
/// dropped.
pub struct LocalStripe {
    child: Child,
    pub port: u16,
}

/// The secret localstripe signs its events with, and Portico checks them with.
const LOCALSTRIPE_WEBHOOK_SECRET: &str = "whsec_portico_localstripe";

impl LocalStripe {
    pub fn start(
        port: u16,
        portico_port: u16,
        state: Option<&std::path::Path>,
    ) -> Result<Self, String> {
        std::net::TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
            format!("port {port} (localstripe) is not free ({e}): stop whatever listens there")
        })?;
        // localstripe's own server, its fake Stripe.js kept from the page's globals (see the
        // launcher's notes).
        let python = setup::fhir_python();
        let mut command = Command::new(&python);
        command
            .arg(workspace_root().join("xtask/python/localstripe_server.py"))
            .args(["--port", &port.to_string()]);
        if let Some(state) = state {
            command.arg("--state").arg(state);
        }
        let child = command
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e} (run `cargo xtask setup`)", python.display()))?;
        let stripe = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("localstripe did not start on port {port}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let hook = format!(
            "url=http%3A%2F%2F127.0.0.1%3A{portico_port}%2Fwebhooks%2Fstripe&secret={LOCALSTRIPE_WEBHOOK_SECRET}"
        );
        let answer = post_form(port, "/_config/webhooks/portico", &hook)
            .ok_or("localstripe did not take the webhook")?;
        if !answer.starts_with("HTTP/1.0 200") && !answer.starts_with("HTTP/1.1 200") {
            return Err(format!("localstripe refused the webhook: {answer}"));
        }
        Ok(stripe)
    }

    /// Points `portico` at this stand-in (test keys; its script and API are on loopback).
    pub fn configure(&self, portico: &mut Command) {
        let base = format!("http://127.0.0.1:{}", self.port);
        portico
            .env("PORTICO_STRIPE_SECRET_KEY", "sk_test_portico_demo")
            .env("PORTICO_STRIPE_PUBLISHABLE_KEY", "pk_test_portico_demo")
            .env("PORTICO_STRIPE_WEBHOOK_SECRET", LOCALSTRIPE_WEBHOOK_SECRET)
            .env("PORTICO_STRIPE_API_BASE", &base)
            .env(
                "PORTICO_STRIPE_SCRIPT_URL",
                format!("{base}/js.stripe.com/v3/"),
            );
    }
}

impl Drop for LocalStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A form POST on loopback: the whole response, or `None` if nothing answers.
fn post_form(port: u16, path: &str, body: &str) -> Option<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "POST {path} HTTP/1.0\r\nHost: localhost\r\nAuthorization: Basic c2tfdGVzdF9wb3J0aWNvX2RlbW86\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    Some(String::from_utf8_lossy(&response).into_owned())
}

/// Imports the shared Synthea patients (when the fixtures are there) and the generated demo
/// patient; returns the demo patient's id and date of birth.
fn import_demo_records(data_dir: &Path, port: u16) -> Result<(String, String), String> {
    let mut cmd = portico(Profile::Release, data_dir, port);
    cmd.env_remove("DATABASE_URL").args(["import", "--demo"]);
    let fixtures = workspace_root().join("../shared/fixtures/synthea");
    if fixtures.is_dir() {
        cmd.arg(&fixtures);
    } else {
        println!(
            "xtask: {} not found; importing the generated demo patient only",
            fixtures.display()
        );
    }
    let out = cmd.output().map_err(|e| format!("portico import: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "portico import failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    print!("{stdout}");
    stdout
        .lines()
        .find_map(|line| {
            let rest = line.strip_prefix("Demo patient: ")?;
            let (id, born) = rest.split_once(" born ")?;
            Some((id.trim().to_owned(), born.trim().to_owned()))
        })
        .ok_or_else(|| "portico import did not name the demo patient".into())
}

/// Runs `portico admin …` and returns the activation code it printed.
fn invite(data_dir: &Path, port: u16, args: &[&str]) -> Result<String, String> {
    let mut cmd = portico(Profile::Release, data_dir, port);
    cmd.env_remove("DATABASE_URL").arg("admin").args(args);
    let out = cmd.output().map_err(|e| format!("portico admin: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "portico admin {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .find_map(|line| {
            line.strip_prefix("Activation code for ")?
                .split_once(": ")
                .map(|(_, c)| c.trim().to_owned())
        })
        .ok_or_else(|| format!("portico admin printed no code: {stdout}"))
}

/// The README's run command: a release build serving on SQLite with a demo clinic.
pub fn run_demo() -> Result<(), String> {
    setup::ensure_build_tools()?;
    build_site(Profile::Release)?;
    let data_dir = workspace_root().join(".portico");
    let port: u16 = match std::env::var("PORTICO_PORT") {
        Ok(p) => p
            .parse()
            .map_err(|_| format!("PORTICO_PORT {p:?} is not a port number"))?,
        Err(_) => 3000,
    };

    // The demo always runs on the embedded SQLite database in .portico/.
    let mut seed = portico(Profile::Release, &data_dir, port);
    seed.env_remove("DATABASE_URL").args([
        "admin",
        "clinic",
        "--name",
        "Portico Demo Clinic",
        "--phone",
        "+1 555 010 2000",
        "--email",
        "frontdesk@demo-clinic.example",
    ]);
    run(&mut seed)?;

    // Fresh one-time codes on every run: a front-desk staff member and a demo patient.
    let staff = invite(
        &data_dir,
        port,
        &[
            "invite-staff",
            "--name",
            "Demo Front Desk",
            "--role",
            "front-desk",
        ],
    )?;
    let admin = invite(
        &data_dir,
        port,
        &["invite-staff", "--name", "Demo Admin", "--role", "admin"],
    )?;
    let (patient_id, birth_date) = import_demo_records(&data_dir, port)?;
    // Three clinicians at two locations, eight weeks of hours, and Maria's last and next visit.
    let mut schedule = portico(Profile::Release, &data_dir, port);
    schedule.env_remove("DATABASE_URL").args([
        "admin",
        "schedule-demo",
        "--patient-id",
        &patient_id,
    ]);
    run(&mut schedule)?;
    let patient = invite(
        &data_dir,
        port,
        &["patient-code", "--patient-id", &patient_id],
    )?;
    let clinician = invite(
        &data_dir,
        port,
        &[
            "invite-staff",
            "--name",
            "Demo Clinician",
            "--role",
            "clinician",
        ],
    )?;

    // The card processor's stand-in, so Maria can pay her bill with the test card.
    let stripe_port: u16 = match std::env::var("PORTICO_STRIPE_PORT") {
        Ok(p) => p
            .parse()
            .map_err(|_| format!("PORTICO_STRIPE_PORT {p:?} is not a port number"))?,
        Err(_) => 8420,
    };
    let stripe = LocalStripe::start(
        stripe_port,
        port,
        Some(&data_dir.join("localstripe.pickle")),
    )?;
    let mut serve = portico(Profile::Release, &data_dir, port);
    serve.env_remove("DATABASE_URL");
    stripe.configure(&mut serve);
    let server = RunningServer::start(serve, port)?;
    let base = format!("http://localhost:{port}");
    println!();
    println!("  Portico is running at {base}  (release build, SQLite in .portico/portico.db)");
    println!(
        "  Open it at http://localhost:{port} (passkeys need the name localhost, not 127.0.0.1)."
    );
    println!();
    println!(
        "  Enrol as the demo patient (Maria Elena Ortiz: diabetes, blood pressure, lab trends):"
    );
    println!("    {base}/enroll  ->  activation code {patient}  and date of birth {birth_date}");
    println!("  As Maria, My record -> Sharing invites a caregiver: enrol them with that code in");
    println!(
        "  another browser profile (no date of birth), and Maria's Access log shows what they saw."
    );
    println!("  As Maria, Appointments books, moves and cancels visits (times are Tucson's), and");
    println!("  Messages writes to the care team (the clinician answers from the Inbox), and");
    println!(
        "  Renewals asks for a refill of a current medicine (the clinician decides from the Inbox)."
    );
    println!(
        "  Enrol as demo front-desk staff (no date of birth needed): Schedule shows the day's"
    );
    println!("  visits and marks arrivals; Invitations registers patients:");
    println!("    {base}/enroll#code={staff}");
    println!(
        "  Enrol as the demo clinician (Inbox: questions and renewals; Patients: every chart; Import):"
    );
    println!("    {base}/enroll#code={clinician}");
    let biller = invite(
        &data_dir,
        port,
        &[
            "invite-staff",
            "--name",
            "Demo Billing",
            "--role",
            "billing",
        ],
    )?;
    println!("  Enrol as the demo billing office (a patient's Billing page: entries and refunds):");
    println!("    {base}/enroll#code={biller}");
    println!("  As Maria, Billing shows what she owes and why; pay with the test card");
    println!("  4242 4242 4242 4242 (any future date and CVC). Payments go to localstripe, a");
    println!("  stand-in for the card processor, on port {stripe_port}.");
    println!("  Enrol as the demo administrator (Audit log, staff invitations):");
    println!("    {base}/enroll#code={admin}");
    println!();
    println!("  Codes work once; every run of this command prints new ones. Security e-mails are");
    println!("  written to .portico/outbox/. Press Ctrl+C to stop.");
    println!();
    let mut server = server;
    server.child.wait().map_err(|e| e.to_string())?;
    drop(stripe);
    Ok(())
}
