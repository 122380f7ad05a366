//! The `portico` binary itself: start-up, configuration errors, signals, admin commands.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use portico_domain::{clinic, test_util::TestDatabase};

pub(crate) fn portico(data_dir: &std::path::Path, database_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portico"));
    cmd.env_clear()
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("PORTICO_DATA_DIR", data_dir)
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ROOT", data_dir.join("site"))
        .env("RUST_LOG", "warn");
    cmd
}

/// Starts `portico` serving and returns it with the URL named on the first line of its stdout.
fn start_serving(cmd: &mut Command) -> (std::process::Child, String) {
    let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("a URL on stdout")
        .to_owned();
    (child, url)
}

fn wait_for_exit(
    child: &mut std::process::Child,
    timeout: Duration,
) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_then_stops_cleanly_on_sigterm() {
    let db = TestDatabase::new().await;
    let data = tempfile::tempdir().unwrap();
    let (mut child, url) = start_serving(&mut portico(data.path(), db.url.as_str()));
    let health = reqwest::get(format!("{url}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit =
        wait_for_exit(&mut child, Duration::from_secs(15)).expect("portico stops after SIGTERM");
    assert!(exit.success(), "graceful shutdown exits 0, got {exit}");
}

#[test]
fn a_bad_setting_stops_start_up_with_its_name() {
    let data = tempfile::tempdir().unwrap();
    let output = portico(data.path(), "sqlite::memory:")
        .env("LEPTOS_SITE_ADDR", "not-an-address")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("LEPTOS_SITE_ADDR"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_clinic_validates_before_it_writes() {
    let db = TestDatabase::new().await;
    let data = tempfile::tempdir().unwrap();
    let admin_clinic = |phone: &str| {
        portico(data.path(), db.url.as_str())
            .args(["admin", "clinic", "--name", "Elm Street", "--phone", phone])
            .output()
            .unwrap()
    };

    let refused = admin_clinic("call us");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("phone"));
    let profile = clinic::clinic_profile(&db.db).await.unwrap();
    assert_eq!(
        profile.name,
        clinic::DEFAULT_CLINIC_NAME,
        "a refused command changes nothing"
    );

    let saved = admin_clinic("+1 555 010 2000");
    assert!(
        saved.status.success(),
        "{}",
        String::from_utf8_lossy(&saved.stderr)
    );
    let profile = clinic::clinic_profile(&db.db).await.unwrap();
    assert_eq!(profile.name, "Elm Street");
    assert_eq!(profile.phone.as_deref(), Some("+1 555 010 2000"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_log_line_names_its_request_and_never_the_body() {
    let db = TestDatabase::new().await;
    let data = tempfile::tempdir().unwrap();
    let (child, url) = start_serving(
        portico(data.path(), db.url.as_str())
            .env("PORTICO_LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            .stderr(Stdio::piped()),
    );

    let client = reqwest::Client::new();
    let page = client
        .get(format!("{url}/contact?secret=canary-query-7731"))
        .send()
        .await
        .unwrap();
    let call = client
        .post(format!("{url}/api/clinic/contact"))
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("note=canary-body-4417")
        .send()
        .await
        .unwrap();
    let ids = [
        page.headers()["x-request-id"].clone(),
        call.headers()["x-request-id"].clone(),
    ];

    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let logs = String::from_utf8_lossy(&output.stderr);
    assert!(
        !logs.contains("canary-query-7731"),
        "a query string reached the log"
    );
    assert!(
        !logs.contains("canary-body-4417"),
        "a request body reached the log"
    );

    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON log line"))
        .collect();
    let request_lines: Vec<_> = lines
        .iter()
        .filter(|l| l["span"]["name"] == "request")
        .collect();
    for id in &ids {
        let id = id.to_str().unwrap();
        let of_request: Vec<_> = request_lines
            .iter()
            .filter(|l| l["span"]["request_id"] == id)
            .collect();
        assert!(
            of_request
                .iter()
                .any(|l| l["fields"]["message"] == "response"),
            "no response line for request {id}: {logs}"
        );
    }
    for line in &request_lines {
        let id = line["span"]["request_id"].as_str().unwrap_or_default();
        assert_eq!(id.len(), 32, "a request log line without its id: {line}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_admin_prints_a_one_time_enrolment_link() {
    let db = TestDatabase::new().await;
    let data = tempfile::tempdir().unwrap();
    let out = portico(data.path(), db.url.as_str())
        .args(["admin", "create-admin", "--name", "Ada Admin"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let link = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Enrolment link (shown once): "))
        .expect("a link");
    assert!(
        link.starts_with("http://localhost:") && link.contains("/enroll#code="),
        "{link}"
    );
    // The code is stored only as a hash.
    use sea_orm::EntityTrait;
    let codes = portico_domain::entities::activation_code::Entity::find()
        .all(&db.db)
        .await
        .unwrap();
    let code = link.rsplit('=').next().unwrap();
    assert_eq!(codes.len(), 1);
    assert_eq!(codes[0].role, "admin");
    assert!(!codes[0].code_hash.contains(code));

    let refused = portico(data.path(), db.url.as_str())
        .args([
            "admin",
            "invite-patient",
            "--given-name",
            "A",
            "--family-name",
            "B",
            "--birth-date",
            "31/12/1980",
        ])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("birth_date"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_passes_an_intact_log_and_fails_on_an_edited_row() {
    use portico_domain::entities::audit_event;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};

    let db = TestDatabase::new().await;
    let data = tempfile::tempdir().unwrap();
    for name in ["Ana", "Bea", "Cy"] {
        let out = portico(data.path(), db.url.as_str())
            .args([
                "admin",
                "invite-patient",
                "--given-name",
                name,
                "--family-name",
                "T",
                "--birth-date",
                "1980-01-01",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let verify = || {
        portico(data.path(), db.url.as_str())
            .args(["audit", "verify"])
            .output()
            .unwrap()
    };
    let ok = verify();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("3 events checked"));

    let row = audit_event::Entity::find_by_id(2i64)
        .one(&db.db)
        .await
        .unwrap()
        .unwrap();
    let mut edit = row.into_active_model();
    edit.acting_for_patient_id = Set(Some("someone-else".into()));
    edit.update(&db.db).await.unwrap();
    let broken = verify();
    assert!(!broken.status.success());
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("broken at event 2"), "{stderr}");

    // Deleting the last row instead is caught too.
    audit_event::Entity::delete_by_id(2i64)
        .exec(&db.db)
        .await
        .unwrap();
    assert!(!verify().status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_rotate_to_a_new_key_and_the_old_one_can_then_go() {
    let db = TestDatabase::new().await;
    let data = tempfile::tempdir().unwrap();
    let run = |keys: &str, args: &[&str]| {
        portico(data.path(), db.url.as_str())
            .env("PORTICO_KEYS", keys)
            .args(args)
            .output()
            .unwrap()
    };
    let text = |out: &std::process::Output| String::from_utf8_lossy(&out.stdout).into_owned();
    let new = portico(data.path(), db.url.as_str())
        .args(["keys", "new"])
        .output()
        .unwrap();
    let old_line = text(&new).trim().to_owned();
    let old_id = old_line.split(':').next().unwrap().to_owned();
    assert!(old_id.starts_with("kek-"), "{old_line}");
    let new_line = old_line.replacen("kek-", "kek-2-", 1);
    let new_line = format!(
        "{}:{}",
        new_line.split(':').next().unwrap(),
        text(
            &portico(data.path(), db.url.as_str())
                .args(["keys", "new"])
                .output()
                .unwrap()
        )
        .trim()
        .split(':')
        .nth(1)
        .unwrap()
    );
    let new_id = new_line.split(':').next().unwrap();

    let status = run(&old_line, &["keys", "status"]);
    assert!(status.status.success(), "{status:?}");
    assert!(
        text(&status).contains(&format!("{old_id} wraps 2")),
        "{}",
        text(&status)
    );

    let rotated = run(&format!("{new_line};{old_line}"), &["keys", "rotate"]);
    assert!(rotated.status.success(), "{rotated:?}");
    assert!(
        text(&rotated).contains(&format!("{new_id} wraps 2")),
        "{}",
        text(&rotated)
    );
    assert!(text(&rotated).contains(&format!("may be removed from the key file): {old_id}")));

    // The new key alone opens everything; the old one alone no longer does.
    assert!(run(&new_line, &["keys", "status"]).status.success());
    let stale = run(&old_line, &["keys", "status"]);
    assert!(!stale.status.success());
    assert!(String::from_utf8_lossy(&stale.stderr).contains("not in the key file"));
    // Nothing secret in any output.
    let secret = old_line.split(':').nth(1).unwrap();
    assert!(
        !text(&rotated).contains(secret)
            && !String::from_utf8_lossy(&stale.stderr).contains(secret)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_role_and_approval_commands_validate_and_report() {
    use portico_domain::identity::{Role, recovery_role};
    let db = TestDatabase::new().await;
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        portico(data.path(), db.url.as_str())
            .args(["admin"])
            .args(args)
            .output()
            .unwrap()
    };
    let text = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };

    let shown = run(&["recovery-role"]);
    assert!(
        text(&shown).contains("by: administrators"),
        "{}",
        text(&shown)
    );
    let refused = run(&["recovery-role", "--set", "clinician"]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("admin or front-desk"));
    assert_eq!(recovery_role(&db.db).await.unwrap().role(), Role::Admin);
    let set = run(&["recovery-role", "--set", "front-desk"]);
    assert!(set.status.success(), "{}", text(&set));
    assert!(text(&set).contains("front desk staff and administrators"));
    assert_eq!(recovery_role(&db.db).await.unwrap().role(), Role::FrontDesk);

    let listed = run(&["approve-recovery"]);
    assert!(listed.status.success(), "{}", text(&listed));
    assert!(text(&listed).contains("No account recovery code is waiting"));
    let unknown = run(&["approve-recovery", "--invitation-id", "nope"]);
    assert!(!unknown.status.success());
    assert!(text(&unknown).contains("no account recovery code has id nope"));
}

/// `portico admin … | head -1`: the reader goes away after the first line; the command ends
/// quietly (no panic, no backtrace), with its work done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_output_pipe_ends_a_command_quietly() {
    let db = TestDatabase::new().await;
    let data = tempfile::tempdir().unwrap();
    // A pipe whose reading end is closed before the command writes a byte.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = portico(data.path(), db.url.as_str())
        .args(["admin", "create-admin", "--name", "Pat Pipe"])
        .env("RUST_BACKTRACE", "1")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    // The code was issued all the same.
    use sea_orm::EntityTrait;
    let codes = portico_domain::entities::activation_code::Entity::find()
        .all(&db.db)
        .await
        .unwrap();
    assert_eq!(codes.len(), 1);
}

/// `portico audit export` writes the log as JSON lines a SIEM takes: every event in order with
/// the chain's hashes (each line's `prev_hash` is the line before's `hash`), from a sequence
/// number or a moment on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_exports_as_json_lines_with_its_chain() {
    let db = TestDatabase::new().await;
    let data = tempfile::tempdir().unwrap();
    for name in ["Ada One", "Ada Two"] {
        let out = portico(data.path(), db.url.as_str())
            .args(["admin", "create-admin", "--name", name])
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    let export = |args: &[&str]| {
        let out = portico(data.path(), db.url.as_str())
            .args(["audit", "export"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .collect::<Vec<_>>()
    };
    let all = export(&[]);
    assert!(all.len() >= 2, "{all:?}");
    assert_eq!(all[0]["seq"], 1);
    assert_eq!(all[0]["prev_hash"], "0".repeat(64));
    for pair in all.windows(2) {
        assert_eq!(
            pair[1]["seq"].as_i64(),
            pair[0]["seq"].as_i64().map(|s| s + 1)
        );
        assert_eq!(pair[1]["prev_hash"], pair[0]["hash"]);
    }
    assert!(
        all.iter().all(|e| !e.to_string().contains("Ada")),
        "no names"
    );
    let rest = export(&["--after-seq", "1"]);
    assert_eq!(rest.len(), all.len() - 1);
    assert_eq!(rest[0]["seq"], 2);
    assert!(export(&["--since", "2999-01-01"]).is_empty());
    assert_eq!(
        export(&["--since", "2000-01-01T00:00:00Z"]).len(),
        all.len()
    );
    let bad = portico(data.path(), db.url.as_str())
        .args(["audit", "export", "--since", "yesterday"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--since"));
}

/// The backup drill: back up while the data is in use, restore to a new place, and the restored
/// installation verifies its audit chain and reads health information, with the key file only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_restores_to_a_new_place_and_reads_only_with_the_key_file() {
    use sea_orm::EntityTrait;

    let db = TestDatabase::new().await;
    let data = tempfile::tempdir().unwrap();
    let run = |data_dir: &std::path::Path, url: &str, args: &[&str]| {
        let out = portico(data_dir, url).args(args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let url = db.url.as_str();
    let (ok, _, err) = run(
        data.path(),
        url,
        &[
            "admin",
            "invite-patient",
            "--given-name",
            "Rosa",
            "--family-name",
            "Backup",
            "--birth-date",
            "1970-02-03",
        ],
    );
    assert!(ok, "{err}");
    let patient_id = portico_domain::entities::patient::Entity::find()
        .one(&db.db)
        .await
        .unwrap()
        .unwrap()
        .id;

    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("portico.backup");
    let file_arg = file.display().to_string();
    let (ok, out, err) = run(data.path(), url, &["backup", "--to", &file_arg]);
    assert!(ok, "{err}");
    assert!(out.contains("The key file is not in the backup"), "{out}");
    if db.sqlite_path().is_some() {
        assert!(out.contains("hash chain intact"), "{out}");
    }
    let (ok, _, err) = run(data.path(), url, &["backup", "--to", &file_arg]);
    assert!(!ok && err.contains("already exists"), "{err}");

    // The new place: an empty directory, and a new database.
    let place = tempfile::tempdir().unwrap();
    let target = TestDatabase::migrated_to(Some(0)).await;
    let target_url = match db.sqlite_path() {
        Some(_) => format!(
            "sqlite://{}/restored.sqlite?mode=rwc",
            place.path().display()
        ),
        None => target.url.as_str().to_owned(),
    };
    let restored_file = place.path().join("restored.sqlite");
    let restore =
        |data_dir: &std::path::Path| run(data_dir, &target_url, &["restore", "--from", &file_arg]);

    // Without the key file: refused before anything is written.
    let (ok, _, err) = restore(place.path());
    assert!(!ok && err.contains("no key file"), "{err}");
    assert!(!restored_file.exists());
    assert!(
        !place.path().join("portico.key").exists(),
        "no new key was made"
    );

    // With another installation's key: the data does not open, nothing is restored.
    let (ok, line, _) = run(place.path(), &target_url, &["keys", "new"]);
    assert!(ok);
    std::fs::write(place.path().join("portico.key"), line).unwrap();
    let (ok, _, err) = restore(place.path());
    assert!(!ok && err.contains("does not open"), "{err}");
    assert!(
        err.contains("Nothing was restored") || db.sqlite_path().is_none(),
        "{err}"
    );
    assert!(!restored_file.exists());

    // With the installation's key file: restored, chain intact, health information readable.
    std::fs::copy(
        data.path().join("portico.key"),
        place.path().join("portico.key"),
    )
    .unwrap();
    let (ok, out, err) = if db.sqlite_path().is_some() {
        restore(place.path())
    } else {
        // PostgreSQL: the failed attempt above left the dump's tables in the target; a restore
        // into a database that holds data is refused, so start again from an empty one.
        let fresh = TestDatabase::migrated_to(Some(0)).await;
        let url = fresh.url.as_str().to_owned();
        let result = run(place.path(), &url, &["restore", "--from", &file_arg]);
        let (ok, verify, err) = run(place.path(), &url, &["audit", "verify"]);
        assert!(ok, "{verify}{err}");
        let (ok, code, err) = run(
            place.path(),
            &url,
            &["admin", "patient-code", "--patient-id", &patient_id],
        );
        assert!(ok, "{err}");
        assert!(code.contains("Rosa Backup"), "{code}");
        result
    };
    assert!(ok, "{err}");
    assert!(out.contains("hash chain intact"), "{out}");
    if db.sqlite_path().is_some() {
        let (ok, verify, err) = run(place.path(), &target_url, &["audit", "verify"]);
        assert!(ok, "{verify}{err}");
        let (ok, code, err) = run(
            place.path(),
            &target_url,
            &["admin", "patient-code", "--patient-id", &patient_id],
        );
        assert!(ok, "{err}");
        assert!(code.contains("Rosa Backup"), "{code}");
        // A second restore over it is refused: a restore never overwrites data.
        let (ok, _, err) = restore(place.path());
        assert!(!ok && err.contains("already exists"), "{err}");
    }
}
