//! Crash safety of the audit chain: the real `portico` process is killed with SIGKILL at many
//! moments while clients write concurrently (each refused activation code is an audit event,
//! committed before its answer is sent), started again, and at the end `portico audit verify`
//! passes and every event whose answer a client received is in the log.

use std::{
    collections::HashSet,
    io::{BufRead, BufReader},
    process::Stdio,
    sync::{Arc, Mutex},
    time::Duration,
};

use portico_domain::{entities::audit_event, test_util::TestDatabase};
use sea_orm::EntityTrait;

use crate::cli::portico;

/// How many times the server is killed. Each life lasts a few hundred milliseconds.
const KILL_POINTS: usize = 100;
const WRITERS: usize = 4;

/// A small deterministic sequence (xorshift), so a failing run can be repeated.
struct Moments(u64);

impl Moments {
    fn next_ms(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// Heavy (a server process and four writers flat out for half a minute): `cargo xtask test` runs
/// it on its own after the other suites (`--ignored`), so its load does not slow their timings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run alone by cargo xtask test"]
async fn the_audit_chain_survives_sigkill_at_a_hundred_moments_of_concurrent_writes() {
    let db = TestDatabase::new().await;
    let data = tempfile::tempdir().unwrap();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let answered: Arc<Mutex<HashSet<String>>> = Default::default();
    let mut moments = Moments(0x5eed_0fc0_ffee);
    let mut counter = 0u64;
    let mut lives_with_writes = 0;
    let mut cut_short = 0;
    for point in 0..KILL_POINTS {
        let at_start = answered.lock().unwrap().len();
        let mut child = portico(data.path(), db.url.as_str())
            .env("PORTICO_RATE_LIMIT_PER_MINUTE", "100000")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("life {point}: no URL in {line:?}"))
            .to_owned();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut writers = Vec::new();
        for w in 0..WRITERS {
            let (client, url, answered, stop) =
                (client.clone(), url.clone(), answered.clone(), stop.clone());
            let first = counter + (w as u64) * 1_000_000;
            writers.push(tokio::spawn(async move {
                let mut n = first;
                let mut interrupted = false;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    n += 1;
                    let agent = format!("crash-test-{n}");
                    let sent = client
                        .post(format!("{url}/api/auth/enroll/begin"))
                        .header("sec-fetch-site", "same-origin")
                        .header("user-agent", &agent)
                        .form(&[
                            ("code", "ABCD-EFGH-JKMN-PQRS"),
                            ("birth_date", "1980-01-01"),
                        ])
                        .send()
                        .await;
                    match sent {
                        // The refusal is written before it is answered.
                        Ok(response) if response.status() == 422 => {
                            answered.lock().unwrap().insert(agent);
                        }
                        Ok(response) => panic!("unexpected answer {}", response.status()),
                        Err(_) => {
                            interrupted = true;
                            break;
                        }
                    }
                }
                interrupted
            }));
        }
        counter += 10_000_000;
        // The first answer of this life, then a moment somewhere in the writing that follows.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while answered.lock().unwrap().len() == at_start {
            assert!(
                std::time::Instant::now() < deadline,
                "life {point}: no write answered"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(moments.next_ms(250))).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let mut interrupted = false;
        for writer in writers {
            interrupted |= writer.await.unwrap();
        }
        lives_with_writes += usize::from(answered.lock().unwrap().len() > at_start);
        cut_short += usize::from(interrupted);
    }
    assert_eq!(
        lives_with_writes, KILL_POINTS,
        "every life saw answered writes"
    );
    // Most kills land with a request in flight (its write committed or not: either is fine, as
    // long as nothing answered is lost and the chain holds).
    assert!(
        cut_short > KILL_POINTS / 2,
        "{cut_short} kills cut a request short"
    );

    let verify = portico(data.path(), db.url.as_str())
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    let logged: HashSet<String> = audit_event::Entity::find()
        .all(&db.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|e| e.user_agent)
        .collect();
    let answered = answered.lock().unwrap();
    let lost: Vec<&String> = answered.iter().filter(|a| !logged.contains(*a)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} answered writes missing after the crashes, e.g. {:?}",
        lost.len(),
        answered.len(),
        lost.first()
    );
    assert!(answered.len() > KILL_POINTS, "{} writes", answered.len());
    println!(
        "{KILL_POINTS} SIGKILLs survived ({cut_short} with a request in flight); {} answered writes, all in the log; chain verified",
        answered.len()
    );
}
