use sea_orm_migration::{prelude::*, schema::*};

/// Billing (issue 15): each patient's ledger (charges, insurance payments and adjustments from
/// imported ExplanationOfBenefit resources, entries billing staff post, payments, refunds),
/// payments through the card processor (one per idempotency key and per PaymentIntent), the
/// processor's events (each handled once), and how far each patient's imported claims have been
/// posted. Descriptions and reasons are sealed; amounts are integer minor units.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BillingEntry::Table)
                    .col(string_len(BillingEntry::Id, 36).primary_key())
                    .col(string_len(BillingEntry::PatientId, 36))
                    .col(string_len(BillingEntry::Kind, 20))
                    .col(big_integer(BillingEntry::AmountMinor))
                    .col(string_len(BillingEntry::Currency, 3))
                    .col(timestamp_with_time_zone(BillingEntry::PostedOn))
                    // Entries of one visit (one adjudicated claim) share it.
                    .col(string_len_null(BillingEntry::VisitKey, 80))
                    // What made the entry, once: an imported claim's part, a payment, a refund.
                    .col(string_len(BillingEntry::SourceKey, 120).unique_key())
                    .col(string_len_null(BillingEntry::PaymentId, 36))
                    .col(text(BillingEntry::Details))
                    .col(string_len_null(BillingEntry::CreatedBy, 36))
                    .col(timestamp_with_time_zone(BillingEntry::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_billing_entry_patient")
                    .table(BillingEntry::Table)
                    .col(BillingEntry::PatientId)
                    .col(BillingEntry::PostedOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BillingPayment::Table)
                    .col(string_len(BillingPayment::Id, 36).primary_key())
                    .col(string_len(BillingPayment::PatientId, 36))
                    .col(string_len_null(BillingPayment::PaidBy, 36))
                    .col(big_integer(BillingPayment::AmountMinor))
                    .col(string_len(BillingPayment::Currency, 3))
                    .col(string_len(BillingPayment::Status, 20))
                    .col(string_len(BillingPayment::IdempotencyKey, 80).unique_key())
                    .col(string_len_null(BillingPayment::IntentId, 80).unique_key())
                    .col(text_null(BillingPayment::ClientSecret))
                    .col(big_integer(BillingPayment::RefundedMinor).default(0))
                    .col(string_len_null(BillingPayment::Failure, 300))
                    .col(timestamp_with_time_zone(BillingPayment::CreatedAt))
                    .col(timestamp_with_time_zone(BillingPayment::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_billing_payment_patient")
                    .table(BillingPayment::Table)
                    .col(BillingPayment::PatientId)
                    .col(BillingPayment::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BillingEvent::Table)
                    .col(string_len(BillingEvent::Id, 80).primary_key())
                    .col(string_len(BillingEvent::Kind, 60))
                    .col(timestamp_with_time_zone(BillingEvent::ReceivedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BillingSync::Table)
                    .col(string_len(BillingSync::PatientId, 36).primary_key())
                    .col(timestamp_with_time_zone(BillingSync::SyncedTo))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            BillingSync::Table.into_iden(),
            BillingEvent::Table.into_iden(),
            BillingPayment::Table.into_iden(),
            BillingEntry::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum BillingEntry {
    Table,
    Id,
    PatientId,
    Kind,
    AmountMinor,
    Currency,
    PostedOn,
    VisitKey,
    SourceKey,
    PaymentId,
    Details,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BillingPayment {
    Table,
    Id,
    PatientId,
    PaidBy,
    AmountMinor,
    Currency,
    Status,
    IdempotencyKey,
    IntentId,
    ClientSecret,
    RefundedMinor,
    Failure,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BillingEvent {
    Table,
    Id,
    Kind,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum BillingSync {
    Table,
    PatientId,
    SyncedTo,
}
