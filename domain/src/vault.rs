//! PHI at rest. Values are sealed with XChaCha20-Poly1305 under a random 256-bit data key; the
//! associated data binds each value to its table, column and row, so a ciphertext copied anywhere
//! else does not open. Data keys are stored only wrapped by a key-encryption key (KEK) that never
//! enters the database: it comes from a key file or the environment ([`KeyRing`]). Searchable
//! columns get a keyed hash (HMAC-SHA256 under a separate index key) instead of plaintext.
//!
//! Rotation: put a new KEK first in the key file (keeping the old one after it), run
//! `portico keys rotate` to re-wrap every data key with it, check `portico keys status` shows the
//! old KEK unused, then remove it. Rows never need rewriting for a KEK rotation.

use std::{collections::HashMap, fmt, path::Path, sync::Arc};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chacha20poly1305::{
    KeyInit, XChaCha20Poly1305, XNonce,
    aead::{Aead, Payload},
};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, QueryOrder,
    TransactionTrait,
};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::{DomainError, DomainResult, entities::data_key, i18n::Said};

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;
const SEALED_PREFIX: &str = "enc:v1:";
const PURPOSE_ENCRYPTION: &str = "encryption";
const PURPOSE_INDEX: &str = "index";

type Key = Zeroizing<[u8; KEY_LEN]>;

fn random_key() -> Key {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    rand::rng().fill_bytes(key.as_mut());
    key
}

fn crypto_error(what: &str) -> DomainError {
    DomainError::Internal(format!("encryption: {what}"))
}

/// Seals `plaintext` under `key` with a random nonce; returns nonce followed by ciphertext.
fn seal_bytes(key: &[u8; KEY_LEN], aad: &[u8], plaintext: &[u8]) -> DomainResult<Vec<u8>> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| crypto_error("seal failed"))?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

fn open_bytes(key: &[u8; KEY_LEN], aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if sealed.len() < NONCE_LEN {
        return None;
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

/// The key-encryption keys, from a key file or an environment variable: one `id:base64key` per
/// line (or separated by `;`), the first is the one new wrapping uses; the others only unwrap.
pub struct KeyRing {
    keys: Vec<(String, Key)>,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("KeyRing").field("ids", &ids).finish()
    }
}

impl KeyRing {
    pub fn parse(text: &str) -> DomainResult<Self> {
        // The key file is the operator's: its refusals stay in English.
        let invalid = |message: String| DomainError::validation("keys", Said::plain(message));
        let mut keys: Vec<(String, Key)> = Vec::new();
        let entries = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.starts_with('#'))
            .flat_map(|line| line.split(';'))
            .map(str::trim)
            .filter(|entry| !entry.is_empty());
        for (n, line) in entries.enumerate() {
            let (id, encoded) = line.split_once(':').ok_or_else(|| {
                invalid(format!("entry {} is not of the form id:base64key", n + 1))
            })?;
            let id = id.trim();
            if id.is_empty()
                || id.len() > 64
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(invalid(format!(
                    "entry {}: the key id must be 1-64 letters, digits, - or _",
                    n + 1
                )));
            }
            let bytes = Zeroizing::new(URL_SAFE_NO_PAD.decode(encoded.trim()).map_err(|_| {
                invalid(format!("entry {} ({id}): the key is not base64url", n + 1))
            })?);
            let key: [u8; KEY_LEN] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| invalid(format!("entry {} ({id}): a key must be 32 bytes", n + 1)))?;
            if keys.iter().any(|(other, _)| other == id) {
                return Err(invalid(format!("key id {id} appears twice")));
            }
            keys.push((id.to_owned(), Zeroizing::new(key)));
        }
        if keys.is_empty() {
            return Err(invalid("no key found".into()));
        }
        Ok(Self { keys })
    }

    /// A new key-file line with a fresh random key.
    pub fn new_line(now: DateTime<Utc>) -> String {
        let key = random_key();
        format!(
            "kek-{}:{}",
            now.format("%Y%m%d%H%M%S"),
            URL_SAFE_NO_PAD.encode(key.as_ref())
        )
    }

    /// Reads the key file, creating it (readable by its owner only) with one fresh key if it does
    /// not exist yet.
    pub fn load_or_create(path: &Path, now: DateTime<Utc>) -> Result<Self, String> {
        if !path.exists() {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options
                .open(path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let contents = format!(
                "# Portico key-encryption keys: the first wraps, the rest only unwrap. Back this file up\n# apart from the database; without it the records cannot be read.\n{}\n",
                Self::new_line(now)
            );
            std::io::Write::write_all(&mut file, contents.as_bytes())
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let text = Zeroizing::new(
            std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?,
        );
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn active_id(&self) -> &str {
        &self.keys[0].0
    }

    fn active(&self) -> &(String, Key) {
        &self.keys[0]
    }

    fn get(&self, id: &str) -> Option<&Key> {
        self.keys.iter().find(|(k, _)| k == id).map(|(_, key)| key)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(id, _)| id.as_str())
    }
}

fn wrap_aad(id: &str, purpose: &str) -> Vec<u8> {
    format!("portico:data_key:{id}:{purpose}").into_bytes()
}

/// Where a sealed value lives: it opens only there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub table: &'static str,
    pub column: &'static str,
}

impl Field {
    pub const fn new(table: &'static str, column: &'static str) -> Self {
        Self { table, column }
    }

    fn aad(self, row_id: &str) -> Vec<u8> {
        format!("portico:v1:{}:{}:{row_id}", self.table, self.column).into_bytes()
    }
}

/// What `keys status` and `keys rotate` report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyStatus {
    pub data_keys: usize,
    /// How many data keys each KEK wraps.
    pub wrapped_by: Vec<(String, usize)>,
}

/// Seals and opens PHI values. Cheap to clone; one per process.
#[derive(Clone)]
pub struct Vault {
    inner: Arc<VaultKeys>,
}

struct VaultKeys {
    /// Data keys by id; `active` seals new values.
    encryption: HashMap<String, Key>,
    active: String,
    index: Key,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vault")
            .field("active", &self.inner.active)
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// Unwraps the data keys (creating them on first use). Refuses to start if a data key is
    /// wrapped by a KEK the ring does not hold.
    pub async fn unlock(
        db: &DatabaseConnection,
        ring: &KeyRing,
        now: DateTime<Utc>,
    ) -> DomainResult<Self> {
        let txn = db.begin().await?;
        let mut rows = data_key::Entity::find()
            .order_by_asc(data_key::Column::CreatedAt)
            .all(&txn)
            .await?;
        for purpose in [PURPOSE_ENCRYPTION, PURPOSE_INDEX] {
            if !rows.iter().any(|r| r.purpose == purpose) {
                rows.push(new_data_key(&txn, ring, purpose, now).await?);
            }
        }
        txn.commit().await?;
        let mut encryption = HashMap::new();
        let mut active = None;
        let mut index = None;
        for row in rows {
            let kek = ring.get(&row.kek_id).ok_or_else(|| {
                DomainError::validation(
                    "keys",
                    Said::plain(format!(
                        "data key {} is wrapped by key {}, which is not in the key file",
                        row.id, row.kek_id
                    )),
                )
            })?;
            let wrapped = URL_SAFE_NO_PAD
                .decode(&row.wrapped)
                .map_err(|_| crypto_error("stored data key is not base64"))?;
            let plain =
                open_bytes(kek, &wrap_aad(&row.id, &row.purpose), &wrapped).ok_or_else(|| {
                    DomainError::validation(
                        "keys",
                        Said::plain(format!(
                            "key {} does not open data key {} (wrong key file?)",
                            row.kek_id, row.id
                        )),
                    )
                })?;
            let key: [u8; KEY_LEN] = plain
                .as_slice()
                .try_into()
                .map_err(|_| crypto_error("data key has the wrong length"))?;
            match row.purpose.as_str() {
                PURPOSE_INDEX => index = Some(Zeroizing::new(key)),
                _ => {
                    active = Some(row.id.clone());
                    encryption.insert(row.id, Zeroizing::new(key));
                }
            }
        }
        Ok(Self {
            inner: Arc::new(VaultKeys {
                encryption,
                active: active.ok_or_else(|| crypto_error("no data key"))?,
                index: index.ok_or_else(|| crypto_error("no index key"))?,
            }),
        })
    }

    /// Seals a value for one column of one row.
    pub fn seal(&self, field: Field, row_id: &str, plaintext: &str) -> DomainResult<String> {
        let key = &self.inner.encryption[&self.inner.active];
        let sealed = seal_bytes(key, &field.aad(row_id), plaintext.as_bytes())?;
        Ok(format!(
            "{SEALED_PREFIX}{}:{}",
            self.inner.active,
            URL_SAFE_NO_PAD.encode(sealed)
        ))
    }

    /// Opens a value sealed for exactly this column of this row.
    pub fn open(&self, field: Field, row_id: &str, sealed: &str) -> DomainResult<String> {
        let refused = || {
            crypto_error(&format!(
                "{}.{} of row {row_id} does not open",
                field.table, field.column
            ))
        };
        let rest = sealed.strip_prefix(SEALED_PREFIX).ok_or_else(refused)?;
        let (key_id, body) = rest.split_once(':').ok_or_else(refused)?;
        let key = self.inner.encryption.get(key_id).ok_or_else(refused)?;
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| refused())?;
        let plain = open_bytes(key, &field.aad(row_id), &bytes).ok_or_else(refused)?;
        String::from_utf8(plain.to_vec()).map_err(|_| refused())
    }

    /// A keyed hash of a value for an exact-match index (`field` keeps indexes of different
    /// columns apart). The value should be normalised by the caller first.
    pub fn index_hash(&self, field: Field, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.inner.index.as_ref())
            .expect("HMAC accepts any key length");
        mac.update(format!("{}:{}:", field.table, field.column).as_bytes());
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// Whether a stored value is a sealed one (`enc:v1:…`) rather than plaintext written before its
/// column was sealed.
pub fn is_sealed(value: &str) -> bool {
    value.starts_with(SEALED_PREFIX)
}

/// The `LIKE` pattern that matches sealed values (the prefix holds no `LIKE` wildcard).
pub const SEALED_LIKE: &str = "enc:v1:%";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn new_data_key(
    db: &impl sea_orm::ConnectionTrait,
    ring: &KeyRing,
    purpose: &str,
    now: DateTime<Utc>,
) -> DomainResult<data_key::Model> {
    let id = uuid::Uuid::new_v4().to_string();
    let key = random_key();
    let (kek_id, kek) = ring.active();
    let wrapped = seal_bytes(kek, &wrap_aad(&id, purpose), key.as_ref())?;
    Ok(data_key::ActiveModel {
        id: Set(id),
        purpose: Set(purpose.to_owned()),
        kek_id: Set(kek_id.clone()),
        wrapped: Set(URL_SAFE_NO_PAD.encode(wrapped)),
        created_at: Set(now),
        rewrapped_at: Set(now),
    }
    .insert(db)
    .await?)
}

/// How many data keys each KEK wraps.
pub async fn key_status(db: &DatabaseConnection) -> DomainResult<KeyStatus> {
    let rows = data_key::Entity::find().all(db).await?;
    let mut counts: Vec<(String, usize)> = Vec::new();
    for row in &rows {
        match counts.iter_mut().find(|(id, _)| *id == row.kek_id) {
            Some((_, n)) => *n += 1,
            None => counts.push((row.kek_id.clone(), 1)),
        }
    }
    Ok(KeyStatus {
        data_keys: rows.len(),
        wrapped_by: counts,
    })
}

/// Re-wraps every data key with the ring's first KEK, in one transaction: either every key moves
/// or none does. Each key is opened with the KEK that wraps it and checked before it is stored.
pub async fn rotate_keys(
    db: &DatabaseConnection,
    ring: &KeyRing,
    now: DateTime<Utc>,
) -> DomainResult<KeyStatus> {
    let txn = db.begin().await?;
    let rows = data_key::Entity::find().all(&txn).await?;
    let (active_id, active) = ring.active();
    for row in rows {
        if row.kek_id == *active_id {
            continue;
        }
        let old = ring.get(&row.kek_id).ok_or_else(|| {
            DomainError::validation(
                "keys",
                Said::plain(format!(
                    "data key {} is wrapped by key {}, which is not in the key file",
                    row.id, row.kek_id
                )),
            )
        })?;
        let aad = wrap_aad(&row.id, &row.purpose);
        let wrapped = URL_SAFE_NO_PAD
            .decode(&row.wrapped)
            .map_err(|_| crypto_error("stored data key is not base64"))?;
        let plain = open_bytes(old, &aad, &wrapped).ok_or_else(|| {
            crypto_error(&format!(
                "key {} does not open data key {}",
                row.kek_id, row.id
            ))
        })?;
        let rewrapped = seal_bytes(active, &aad, &plain)?;
        if open_bytes(active, &aad, &rewrapped).as_deref() != Some(&plain) {
            return Err(crypto_error("re-wrapped key did not verify"));
        }
        let mut update: data_key::ActiveModel = row.into();
        update.kek_id = Set(active_id.clone());
        update.wrapped = Set(URL_SAFE_NO_PAD.encode(rewrapped));
        update.rewrapped_at = Set(now);
        update.update(&txn).await?;
    }
    txn.commit().await?;
    key_status(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_are_parsed_strictly() {
        let now = Utc::now();
        let one = KeyRing::new_line(now);
        let ring = KeyRing::parse(&format!("# comment\n{one}\n")).unwrap();
        assert_eq!(ring.ids().count(), 1);
        assert!(KeyRing::parse("").is_err());
        assert!(KeyRing::parse("k1:notbase64!").is_err());
        assert!(KeyRing::parse("k1:AAAA").is_err(), "too short");
        let id = one.split(':').next().unwrap();
        assert!(
            KeyRing::parse(&format!("{one};{one}")).is_err(),
            "{id} twice"
        );
        assert!(format!("{ring:?}").contains(id));
        assert!(
            !format!("{ring:?}").contains(one.split(':').nth(1).unwrap()),
            "Debug hides keys"
        );
    }

    #[test]
    fn sealed_bytes_open_only_with_the_same_key_and_associated_data() {
        let key = random_key();
        let sealed = seal_bytes(&key, b"a", b"secret").unwrap();
        assert_eq!(
            open_bytes(&key, b"a", &sealed).unwrap().as_slice(),
            b"secret"
        );
        assert!(open_bytes(&key, b"b", &sealed).is_none());
        assert!(open_bytes(&random_key(), b"a", &sealed).is_none());
        let mut tampered = sealed.clone();
        tampered[30] ^= 1;
        assert!(open_bytes(&key, b"a", &tampered).is_none());
    }
}
