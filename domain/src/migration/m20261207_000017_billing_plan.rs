use sea_orm_migration::{prelude::*, schema::*};

/// Payment plans: a patient's balance paid in monthly instalments within the clinic's limits.
/// `open_key` holds the patient's id while the plan runs (one running plan per patient, held by
/// the database), null once it ends.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BillingPlan::Table)
                    .col(string_len(BillingPlan::Id, 36).primary_key())
                    .col(string_len(BillingPlan::PatientId, 36))
                    .col(string_len_null(BillingPlan::OpenKey, 36).unique_key())
                    .col(big_integer(BillingPlan::TotalMinor))
                    .col(string_len(BillingPlan::Currency, 3))
                    .col(integer(BillingPlan::Instalments))
                    .col(date(BillingPlan::FirstDue))
                    .col(string_len(BillingPlan::Status, 20))
                    .col(string_len_null(BillingPlan::CreatedBy, 36))
                    .col(timestamp_with_time_zone(BillingPlan::CreatedAt))
                    .col(timestamp_with_time_zone_null(BillingPlan::EndedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_billing_plan_patient")
                    .table(BillingPlan::Table)
                    .col(BillingPlan::PatientId)
                    .col(BillingPlan::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BillingPlan::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum BillingPlan {
    Table,
    Id,
    PatientId,
    OpenKey,
    TotalMinor,
    Currency,
    Instalments,
    FirstDue,
    Status,
    CreatedBy,
    CreatedAt,
    EndedAt,
}
