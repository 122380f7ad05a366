use sea_orm_migration::{prelude::*, schema::*};

/// Proxy access: grants that let a caregiver act for a patient with chosen scopes until an
/// optional expiry, set up by the patient or (guardians of minors) by clinic staff. Invitation
/// codes for caregivers point at the grant they accept.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProxyGrant::Table)
                    .col(string_len(ProxyGrant::Id, 36).primary_key())
                    .col(string_len(ProxyGrant::PatientId, 36))
                    .col(string_len_null(ProxyGrant::GranteeAccountId, 36))
                    .col(string_len(ProxyGrant::GranteeName, 200))
                    .col(string_len_null(ProxyGrant::GranteeEmail, 254))
                    .col(string_len(ProxyGrant::Relationship, 40))
                    .col(string_len(ProxyGrant::Kind, 16))
                    .col(string_len(ProxyGrant::Scopes, 200))
                    .col(timestamp_with_time_zone_null(ProxyGrant::ExpiresAt))
                    .col(string_len_null(ProxyGrant::CreatedBy, 36))
                    .col(timestamp_with_time_zone(ProxyGrant::CreatedAt))
                    .col(timestamp_with_time_zone(ProxyGrant::UpdatedAt))
                    .col(timestamp_with_time_zone_null(ProxyGrant::AcceptedAt))
                    .col(timestamp_with_time_zone_null(ProxyGrant::EndedAt))
                    .col(string_len_null(ProxyGrant::EndedBy, 36))
                    .col(string_len_null(ProxyGrant::EndReason, 32))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProxyGrant::Table, ProxyGrant::PatientId)
                            .to(Patient::Table, Patient::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProxyGrant::Table, ProxyGrant::GranteeAccountId)
                            .to(Account::Table, Account::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_proxy_grant_patient")
                    .table(ProxyGrant::Table)
                    .col(ProxyGrant::PatientId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_proxy_grant_grantee")
                    .table(ProxyGrant::Table)
                    .col(ProxyGrant::GranteeAccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ActivationCode::Table)
                    .add_column(string_len_null(ActivationCode::ProxyGrantId, 36))
                    .to_owned(),
            )
            .await?;
        // The access log reads a patient's events newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_event_patient")
                    .table(AuditEvent::Table)
                    .col(AuditEvent::ActingForPatientId)
                    .col(AuditEvent::Seq)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_event_occurred")
                    .table(AuditEvent::Table)
                    .col(AuditEvent::OccurredAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for index in ["idx_audit_event_patient", "idx_audit_event_occurred"] {
            manager
                .drop_index(
                    Index::drop()
                        .name(index)
                        .table(AuditEvent::Table)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(ActivationCode::Table)
                    .drop_column(ActivationCode::ProxyGrantId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ProxyGrant::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ProxyGrant {
    Table,
    Id,
    PatientId,
    GranteeAccountId,
    GranteeName,
    GranteeEmail,
    Relationship,
    Kind,
    Scopes,
    ExpiresAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    AcceptedAt,
    EndedAt,
    EndedBy,
    EndReason,
}

#[derive(DeriveIden)]
enum Patient {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ActivationCode {
    Table,
    ProxyGrantId,
}

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    Seq,
    OccurredAt,
    ActingForPatientId,
}
