use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

/// The identity tables' PHI becomes sealed text (see `crate::phi`): every sealed column must hold
/// an `enc:v1:…` value, which is longer than the plaintext it replaces, and the date of birth,
/// a DATE until now, becomes text too. Names are searched through keyed hashes of their words
/// in `search_token` instead of `LIKE` on plaintext.
///
/// A schema migration cannot see the encryption key, so it only makes room: the values already
/// stored stay plaintext (the date of birth as `YYYY-MM-DD`) until `phi::seal_plaintext` seals
/// them and fills `search_token`, right after the key file opens the vault at start-up.
///
/// `down` restores the old column types; it only works before the values were sealed.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Columns that hold sealed values, by table. The date of birth is handled on its own.
const SEALED_COLUMNS: [(&str, &[&str]); 6] = [
    ("patient", &["given_name", "family_name", "email"]),
    ("account", &["display_name", "email"]),
    ("activation_code", &["display_name", "email"]),
    (
        "proxy_grant",
        &["grantee_name", "grantee_email", "relationship"],
    ),
    ("email_outbox", &["recipient"]),
    ("passkey", &["name"]),
];

/// Their old types, for `down` on PostgreSQL.
const OLD_TYPES: [(&str, &str, &str); 12] = [
    ("patient", "given_name", "varchar(100)"),
    ("patient", "family_name", "varchar(100)"),
    ("patient", "email", "varchar(254)"),
    ("account", "display_name", "varchar(200)"),
    ("account", "email", "varchar(254)"),
    ("activation_code", "display_name", "varchar(200)"),
    ("activation_code", "email", "varchar(254)"),
    ("proxy_grant", "grantee_name", "varchar(200)"),
    ("proxy_grant", "grantee_email", "varchar(254)"),
    ("proxy_grant", "relationship", "varchar(40)"),
    ("email_outbox", "recipient", "varchar(254)"),
    ("passkey", "name", "varchar(64)"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for (table, columns) in SEALED_COLUMNS {
                    let changes: Vec<String> = columns
                        .iter()
                        .map(|column| format!("ALTER COLUMN {column} TYPE text"))
                        .collect();
                    db.execute_unprepared(&format!("ALTER TABLE {table} {}", changes.join(", ")))
                        .await?;
                }
                db.execute_unprepared(
                    "ALTER TABLE patient ALTER COLUMN birth_date TYPE text \
                     USING to_char(birth_date, 'YYYY-MM-DD')",
                )
                .await?;
            }
            // SQLite does not enforce VARCHAR lengths, so only the DATE column needs rebuilding
            // (SQLite cannot change a column's type in place). The date is already stored as
            // `YYYY-MM-DD` text and is copied unchanged.
            _ => {
                for statement in [
                    "ALTER TABLE patient ADD COLUMN birth_date_text text NOT NULL DEFAULT ''",
                    "UPDATE patient SET birth_date_text = birth_date",
                    "ALTER TABLE patient DROP COLUMN birth_date",
                    "ALTER TABLE patient RENAME COLUMN birth_date_text TO birth_date",
                ] {
                    db.execute_unprepared(statement).await?;
                }
            }
        }

        manager
            .create_table(
                Table::create()
                    .table(SearchToken::Table)
                    .col(string_len(SearchToken::OwnerTable, 32))
                    .col(string_len(SearchToken::OwnerId, 36))
                    .col(string_len(SearchToken::TokenHash, 64))
                    .primary_key(
                        Index::create()
                            .col(SearchToken::OwnerTable)
                            .col(SearchToken::OwnerId)
                            .col(SearchToken::TokenHash),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_search_token_lookup")
                    .table(SearchToken::Table)
                    .col(SearchToken::OwnerTable)
                    .col(SearchToken::TokenHash)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SearchToken::Table).to_owned())
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for (table, column, old) in OLD_TYPES {
                    db.execute_unprepared(&format!(
                        "ALTER TABLE {table} ALTER COLUMN {column} TYPE {old}"
                    ))
                    .await?;
                }
                db.execute_unprepared(
                    "ALTER TABLE patient ALTER COLUMN birth_date TYPE date USING birth_date::date",
                )
                .await?;
            }
            _ => {
                for statement in [
                    "ALTER TABLE patient ADD COLUMN birth_date_old date NOT NULL DEFAULT '1900-01-01'",
                    "UPDATE patient SET birth_date_old = birth_date",
                    "ALTER TABLE patient DROP COLUMN birth_date",
                    "ALTER TABLE patient RENAME COLUMN birth_date_old TO birth_date",
                ] {
                    db.execute_unprepared(statement).await?;
                }
            }
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SearchToken {
    Table,
    OwnerTable,
    OwnerId,
    TokenHash,
}
