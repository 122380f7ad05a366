//! Secrets Portico hands out (session tokens, activation codes, recovery codes): how they are
//! generated, normalised when typed back, and hashed for storage. Plain values never reach the
//! database or a log; the types here neither `Debug`-print nor serialise them.

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::{Rng, TryRngCore, rngs::OsRng};
use sha2::{Digest, Sha256};

use crate::{DomainError, DomainResult};

/// Crockford's base32: no I, L, O or U, so codes read aloud or typed from paper survive.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A value a person has to carry (shown once, never stored), or a key from configuration.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// A key read from configuration (the card processor's keys).
    pub fn configured(value: String) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the operating system's random number generator is available");
    bytes
}

/// Whether `value` has the shape of a token from [`new_session_token`] (checked before any lookup).
pub fn looks_like_token(value: &str) -> bool {
    value.len() == 43
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// 256 random bits, base64url: the session cookie's value (and the device cookie's).
pub fn new_session_token() -> Secret {
    Secret(URL_SAFE_NO_PAD.encode(random_bytes::<32>()))
}

/// `len` random characters from the code alphabet, in groups of four.
fn random_code(len: usize) -> String {
    let mut rng = OsRng.unwrap_err();
    let chars: Vec<char> = (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// An activation code: 16 characters, 80 bits. Printed on paper for the patient.
pub fn new_activation_code() -> Secret {
    Secret(random_code(16))
}

/// A recovery code: 16 characters, 80 bits. The first four are a lookup selector stored in the
/// clear; the whole code is argon2-hashed, so the secret part alone carries 60 bits and the code
/// as typed 80.
pub fn new_recovery_code() -> Secret {
    Secret(random_code(16))
}

/// Upper-cases, drops spaces and dashes, and maps the letters people confuse with digits.
pub fn normalize_code(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// Whether a normalised code has the shape Portico issues (16 alphabet characters).
pub fn is_well_formed_code(normalized: &str) -> bool {
    normalized.len() == 16 && normalized.bytes().all(|b| ALPHABET.contains(&b))
}

pub fn recovery_selector(normalized: &str) -> &str {
    &normalized[..4]
}

/// SHA-256, hex. For high-entropy values only (session tokens, activation codes), where a fast
/// hash is safe and lets the database index the lookup.
pub fn sha256_hex(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// How many Argon2 computations run at once in this process (each holds 19 MiB): a burst of
/// enrolments or recovery attempts waits its turn instead of exhausting memory.
pub const ARGON2_AT_ONCE: usize = 4;

static ARGON2_PERMITS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(ARGON2_AT_ONCE);

/// Argon2 computations running now, and the most seen at once (for the test of the bound).
#[cfg(test)]
static ARGON2_RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
#[cfg(test)]
static ARGON2_PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Runs one Argon2 computation off the async workers, within [`ARGON2_AT_ONCE`].
async fn with_argon2<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> DomainResult<T> {
    let _permit = ARGON2_PERMITS
        .acquire()
        .await
        .map_err(|e| DomainError::Internal(format!("hashing permits: {e}")))?;
    tokio::task::spawn_blocking(move || {
        #[cfg(test)]
        {
            use std::sync::atomic::Ordering::Relaxed;
            let now = ARGON2_RUNNING.fetch_add(1, Relaxed) + 1;
            ARGON2_PEAK.fetch_max(now, Relaxed);
        }
        let out = work();
        #[cfg(test)]
        ARGON2_RUNNING.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        out
    })
    .await
    .map_err(|e| DomainError::Internal(format!("hashing task: {e}")))
}

/// Argon2id (the crate's defaults: 19 MiB, 2 passes) in PHC string form. Runs off the async
/// workers (a hash takes tens of milliseconds), at most [`ARGON2_AT_ONCE`] at a time.
pub async fn argon2_hash(value: String) -> DomainResult<String> {
    with_argon2(move || {
        let salt = SaltString::encode_b64(&random_bytes::<16>())
            .map_err(|e| DomainError::Internal(format!("salt: {e}")))?;
        Argon2::default()
            .hash_password(value.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| DomainError::Internal(format!("argon2: {e}")))
    })
    .await?
}

/// Verifies `value` against a PHC string. A malformed stored hash counts as no match.
pub async fn argon2_verify(value: String, phc: String) -> DomainResult<bool> {
    with_argon2(move || {
        PasswordHash::new(&phc)
            .map(|hash| {
                Argon2::default()
                    .verify_password(value.as_bytes(), &hash)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
}

/// A fixed hash to verify against when no code matched, so that a miss costs the same time as a
/// hit (no telling whether a code exists from how long the answer takes).
pub const DUMMY_ARGON2_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$q8Yo0ogrE0j6/xqPRQ4XmfNLUjG3HHlFbJWO7y0KK1U";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_eighty_bits_in_the_code_alphabet() {
        let code = new_activation_code();
        let normalized = normalize_code(code.expose());
        assert!(is_well_formed_code(&normalized), "{normalized}");
        assert_eq!(code.expose().len(), 19, "four groups of four with dashes");
        assert_ne!(
            normalize_code(new_recovery_code().expose()),
            normalize_code(new_recovery_code().expose())
        );
    }

    #[test]
    fn typing_mistakes_people_make_are_forgiven() {
        assert_eq!(normalize_code(" abcd-efgh ijkl-mnop "), "ABCDEFGH1JK1MN0P");
        assert!(!is_well_formed_code("ABC"));
        assert!(
            !is_well_formed_code("ABCDEFGHJKMNPQRU"),
            "U is not in the alphabet"
        );
    }

    #[test]
    fn secrets_do_not_debug_print() {
        let token = new_session_token();
        assert!(!format!("{token:?}").contains(token.expose()));
        assert_eq!(URL_SAFE_NO_PAD.decode(token.expose()).unwrap().len(), 32);
    }

    #[tokio::test]
    async fn a_burst_of_hashing_runs_a_few_at_a_time() {
        // Twenty at once (a burst of enrolments): never more than the bound in memory together.
        let burst: Vec<_> = (0..20)
            .map(|i| tokio::spawn(argon2_hash(format!("CODE{i:04}"))))
            .collect();
        for task in burst {
            assert!(task.await.unwrap().unwrap().starts_with("$argon2id$"));
        }
        let peak = ARGON2_PEAK.load(std::sync::atomic::Ordering::Relaxed);
        assert!((1..=ARGON2_AT_ONCE).contains(&peak), "{peak} at once");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn argon2_round_trip() {
        let hash = argon2_hash("ABCD1234".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            argon2_verify("ABCD1234".into(), hash.clone())
                .await
                .unwrap()
        );
        assert!(!argon2_verify("ABCD1235".into(), hash).await.unwrap());
        assert!(
            PasswordHash::new(DUMMY_ARGON2_HASH).is_ok(),
            "the dummy must cost a real verify"
        );
        assert!(
            !argon2_verify("x".into(), DUMMY_ARGON2_HASH.into())
                .await
                .unwrap()
        );
        assert!(
            !argon2_verify("x".into(), "not a hash".into())
                .await
                .unwrap()
        );
    }
}
