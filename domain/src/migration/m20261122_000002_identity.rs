use sea_orm_migration::{prelude::*, schema::*};

/// Accounts and everything that proves who someone is: patients (the identity part, which the
/// records issue extends), accounts by role, activation codes, passkeys, WebAuthn ceremony state,
/// server-side sessions, recovery codes, the attempt ladder, the e-mail outbox, and the
/// hash-chained audit log that every later feature appends to.
#[derive(DeriveMigrationName)]
pub struct Migration;

const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Patient::Table)
                    .col(string_len(Patient::Id, 36).primary_key())
                    .col(string_len(Patient::GivenName, 100))
                    .col(string_len(Patient::FamilyName, 100))
                    .col(date(Patient::BirthDate))
                    .col(string_len_null(Patient::Email, 254))
                    .col(timestamp_with_time_zone(Patient::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Account::Table)
                    .col(string_len(Account::Id, 36).primary_key())
                    .col(string_len(Account::Role, 16))
                    .col(string_len(Account::DisplayName, 200))
                    .col(string_len_null(Account::Email, 254))
                    .col(string_len_null(Account::PatientId, 36).unique_key())
                    .col(string_len(Account::WebauthnUserId, 36).unique_key())
                    .col(string_len(Account::Status, 16))
                    .col(timestamp_with_time_zone(Account::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Account::Table, Account::PatientId)
                            .to(Patient::Table, Patient::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ActivationCode::Table)
                    .col(string_len(ActivationCode::Id, 36).primary_key())
                    .col(string_len(ActivationCode::CodeHash, 64).unique_key())
                    .col(string_len(ActivationCode::Role, 16))
                    .col(string_len_null(ActivationCode::PatientId, 36))
                    .col(string_len_null(ActivationCode::AccountId, 36))
                    .col(string_len(ActivationCode::DisplayName, 200))
                    .col(string_len_null(ActivationCode::Email, 254))
                    .col(string_len_null(ActivationCode::IssuedBy, 36))
                    .col(timestamp_with_time_zone(ActivationCode::CreatedAt))
                    .col(timestamp_with_time_zone(ActivationCode::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ActivationCode::UsedAt))
                    .col(timestamp_with_time_zone_null(ActivationCode::RevokedAt))
                    .col(integer(ActivationCode::FailedAttempts).default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActivationCode::Table, ActivationCode::PatientId)
                            .to(Patient::Table, Patient::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActivationCode::Table, ActivationCode::AccountId)
                            .to(Account::Table, Account::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Passkey::Table)
                    .col(string_len(Passkey::Id, 36).primary_key())
                    .col(string_len(Passkey::AccountId, 36))
                    // A credential id belongs to exactly one account, ever.
                    .col(string_len(Passkey::CredentialId, 1400).unique_key())
                    .col(string_len(Passkey::Name, 64))
                    .col(text(Passkey::Credential))
                    .col(timestamp_with_time_zone(Passkey::CreatedAt))
                    .col(timestamp_with_time_zone_null(Passkey::LastUsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Passkey::Table, Passkey::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_passkey_account")
                    .table(Passkey::Table)
                    .col(Passkey::AccountId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebauthnCeremony::Table)
                    .col(string_len(WebauthnCeremony::Id, 36).primary_key())
                    .col(string_len(WebauthnCeremony::Kind, 16))
                    .col(string_len_null(WebauthnCeremony::AccountId, 36))
                    .col(string_len_null(WebauthnCeremony::SessionId, 36))
                    .col(string_len_null(WebauthnCeremony::ActivationCodeId, 36))
                    .col(string_len_null(WebauthnCeremony::RecoveryCodeId, 36))
                    .col(text(WebauthnCeremony::State))
                    .col(timestamp_with_time_zone(WebauthnCeremony::ExpiresAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(string_len(Session::Id, 36).primary_key())
                    .col(string_len(Session::TokenHash, 64).unique_key())
                    .col(string_len(Session::AccountId, 36))
                    .col(timestamp_with_time_zone(Session::CreatedAt))
                    .col(timestamp_with_time_zone(Session::LastSeenAt))
                    .col(timestamp_with_time_zone(Session::AuthenticatedAt))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .col(string_len_null(Session::Device, 120))
                    .col(string_len_null(Session::Ip, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Session::Table, Session::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_account")
                    .table(Session::Table)
                    .col(Session::AccountId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RecoveryCode::Table)
                    .col(string_len(RecoveryCode::Id, 36).primary_key())
                    .col(string_len(RecoveryCode::AccountId, 36))
                    .col(string_len(RecoveryCode::Selector, 8))
                    .col(text(RecoveryCode::CodeHash))
                    .col(timestamp_with_time_zone(RecoveryCode::CreatedAt))
                    .col(timestamp_with_time_zone_null(RecoveryCode::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RecoveryCode::Table, RecoveryCode::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recovery_code_selector")
                    .table(RecoveryCode::Table)
                    .col(RecoveryCode::Selector)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Throttle::Table)
                    .col(string_len(Throttle::Key, 128).primary_key())
                    .col(integer(Throttle::Failures))
                    .col(timestamp_with_time_zone(Throttle::LastFailureAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EmailOutbox::Table)
                    .col(string_len(EmailOutbox::Id, 36).primary_key())
                    .col(string_len(EmailOutbox::Recipient, 254))
                    .col(string_len(EmailOutbox::Subject, 200))
                    .col(text(EmailOutbox::Body))
                    .col(timestamp_with_time_zone(EmailOutbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(EmailOutbox::SentAt))
                    .col(integer(EmailOutbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(EmailOutbox::NextAttemptAt))
                    .col(string_len_null(EmailOutbox::LastError, 500))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvent::Table)
                    .col(big_integer(AuditEvent::Seq).primary_key())
                    .col(timestamp_with_time_zone(AuditEvent::OccurredAt))
                    .col(string_len_null(AuditEvent::ActorAccountId, 36))
                    .col(string_len_null(AuditEvent::ActingForPatientId, 36))
                    .col(string_len(AuditEvent::Action, 64))
                    .col(string_len_null(AuditEvent::ResourceType, 64))
                    .col(string_len_null(AuditEvent::ResourceId, 64))
                    .col(string_len(AuditEvent::Outcome, 16))
                    .col(string_len_null(AuditEvent::Reason, 64))
                    .col(string_len_null(AuditEvent::Ip, 64))
                    .col(string_len_null(AuditEvent::UserAgent, 256))
                    .col(string_len_null(AuditEvent::RequestId, 64))
                    .col(string_len(AuditEvent::PrevHash, 64))
                    .col(string_len(AuditEvent::Hash, 64))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_audit_patient", AuditEvent::ActingForPatientId),
            ("idx_audit_actor", AuditEvent::ActorAccountId),
            ("idx_audit_time", AuditEvent::OccurredAt),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AuditEvent::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }

        // One row: the end of the chain. Appenders lock it (row lock on PostgreSQL, the write lock
        // on SQLite), so two appends can never both extend the same link.
        manager
            .create_table(
                Table::create()
                    .table(AuditHead::Table)
                    .col(integer(AuditHead::Id).primary_key())
                    .col(big_integer(AuditHead::LastSeq))
                    .col(string_len(AuditHead::LastHash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditHead::Table)
                    .columns([AuditHead::Id, AuditHead::LastSeq, AuditHead::LastHash])
                    .values_panic([1.into(), 0i64.into(), GENESIS_HASH.into()])
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditHead::Table.into_iden(),
            AuditEvent::Table.into_iden(),
            EmailOutbox::Table.into_iden(),
            Throttle::Table.into_iden(),
            RecoveryCode::Table.into_iden(),
            Session::Table.into_iden(),
            WebauthnCeremony::Table.into_iden(),
            Passkey::Table.into_iden(),
            ActivationCode::Table.into_iden(),
            Account::Table.into_iden(),
            Patient::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Patient {
    Table,
    Id,
    GivenName,
    FamilyName,
    BirthDate,
    Email,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    Role,
    DisplayName,
    Email,
    PatientId,
    WebauthnUserId,
    Status,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ActivationCode {
    Table,
    Id,
    CodeHash,
    Role,
    PatientId,
    AccountId,
    DisplayName,
    Email,
    IssuedBy,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    FailedAttempts,
}

#[derive(DeriveIden)]
enum Passkey {
    Table,
    Id,
    AccountId,
    CredentialId,
    Name,
    Credential,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum WebauthnCeremony {
    Table,
    Id,
    Kind,
    AccountId,
    SessionId,
    ActivationCodeId,
    RecoveryCodeId,
    State,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    TokenHash,
    AccountId,
    CreatedAt,
    LastSeenAt,
    AuthenticatedAt,
    ExpiresAt,
    Device,
    Ip,
}

#[derive(DeriveIden)]
enum RecoveryCode {
    Table,
    Id,
    AccountId,
    Selector,
    CodeHash,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Throttle {
    Table,
    Key,
    Failures,
    LastFailureAt,
}

#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    Id,
    Recipient,
    Subject,
    Body,
    CreatedAt,
    SentAt,
    Attempts,
    NextAttemptAt,
    LastError,
}

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    Seq,
    OccurredAt,
    ActorAccountId,
    ActingForPatientId,
    Action,
    ResourceType,
    ResourceId,
    Outcome,
    Reason,
    Ip,
    UserAgent,
    RequestId,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    LastSeq,
    LastHash,
}
