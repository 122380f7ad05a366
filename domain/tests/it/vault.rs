//! PHI sealing: values open only in their own table, column and row; data keys survive a
//! key-encryption-key rotation with every value still readable; a missing or wrong key file stops
//! the vault from opening instead of producing garbage.

use chrono::Utc;
use portico_domain::{
    DomainError,
    test_util::TestDatabase,
    vault::{Field, KeyRing, Vault, key_status, rotate_keys},
};

const NAME: Field = Field::new("patient", "given_name");
const EMAIL: Field = Field::new("patient", "email");

#[tokio::test]
async fn a_sealed_value_opens_only_in_its_own_row_and_column() {
    let t = TestDatabase::new().await;
    let ring = KeyRing::parse(&KeyRing::new_line(Utc::now())).unwrap();
    let vault = Vault::unlock(&t.db, &ring, Utc::now()).await.unwrap();
    let sealed = vault.seal(NAME, "row-1", "Canary Maria").unwrap();
    assert!(!sealed.contains("Canary"));
    assert_eq!(vault.open(NAME, "row-1", &sealed).unwrap(), "Canary Maria");
    assert!(vault.open(NAME, "row-2", &sealed).is_err(), "another row");
    assert!(
        vault.open(EMAIL, "row-1", &sealed).is_err(),
        "another column"
    );
    assert_ne!(
        vault.seal(NAME, "row-1", "Canary Maria").unwrap(),
        sealed,
        "fresh nonce"
    );
    // Keyed hashes are stable per column and differ between columns.
    assert_eq!(
        vault.index_hash(NAME, "maria"),
        vault.index_hash(NAME, "maria")
    );
    assert_ne!(
        vault.index_hash(NAME, "maria"),
        vault.index_hash(EMAIL, "maria")
    );
    // The same keys come back on the next start.
    let again = Vault::unlock(&t.db, &ring, Utc::now()).await.unwrap();
    assert_eq!(again.open(NAME, "row-1", &sealed).unwrap(), "Canary Maria");
    assert_eq!(
        again.index_hash(NAME, "maria"),
        vault.index_hash(NAME, "maria")
    );
}

#[tokio::test]
async fn rotating_the_key_encryption_key_keeps_every_value_readable() {
    let t = TestDatabase::new().await;
    let first = KeyRing::new_line(Utc::now()).replacen("kek-", "kek-old-", 1);
    let second = KeyRing::new_line(Utc::now()).replacen("kek-", "kek-new-", 1);
    let old_ring = KeyRing::parse(&first).unwrap();
    let vault = Vault::unlock(&t.db, &old_ring, Utc::now()).await.unwrap();
    let sealed: Vec<String> = (0..20)
        .map(|i| {
            vault
                .seal(NAME, &format!("row-{i}"), &format!("Name {i}"))
                .unwrap()
        })
        .collect();

    let both = KeyRing::parse(&format!("{second}\n{first}")).unwrap();
    let status = rotate_keys(&t.db, &both, Utc::now()).await.unwrap();
    let new_id = second.split(':').next().unwrap();
    assert_eq!(status.data_keys, 2);
    assert_eq!(status.wrapped_by, vec![(new_id.to_owned(), 2)]);
    assert_eq!(key_status(&t.db).await.unwrap(), status);

    // The old KEK is no longer needed…
    let new_only = KeyRing::parse(&second).unwrap();
    let rotated = Vault::unlock(&t.db, &new_only, Utc::now()).await.unwrap();
    for (i, value) in sealed.iter().enumerate() {
        assert_eq!(
            rotated.open(NAME, &format!("row-{i}"), value).unwrap(),
            format!("Name {i}")
        );
    }
    // …and no longer enough.
    match Vault::unlock(&t.db, &old_ring, Utc::now()).await {
        Err(DomainError::Validation { message, .. }) => {
            assert!(
                message.to_string().contains("not in the key file"),
                "{message}"
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_wrong_key_file_stops_the_vault_from_opening() {
    let t = TestDatabase::new().await;
    let line = KeyRing::new_line(Utc::now());
    let id = line.split(':').next().unwrap().to_owned();
    Vault::unlock(&t.db, &KeyRing::parse(&line).unwrap(), Utc::now())
        .await
        .unwrap();
    // Same id, different key material.
    let impostor = format!(
        "{id}:{}",
        KeyRing::new_line(Utc::now()).split(':').nth(1).unwrap()
    );
    match Vault::unlock(&t.db, &KeyRing::parse(&impostor).unwrap(), Utc::now()).await {
        Err(DomainError::Validation { message, .. }) => {
            assert!(message.to_string().contains("does not open"), "{message}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_key_file_is_created_for_its_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys").join("portico.key");
    let ring = KeyRing::load_or_create(&path, Utc::now()).unwrap();
    let again = KeyRing::load_or_create(&path, Utc::now()).unwrap();
    assert_eq!(
        ring.active_id(),
        again.active_id(),
        "created once, then read"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
