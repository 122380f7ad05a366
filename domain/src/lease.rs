//! Leases for background work, so that several instances on one database never run the same
//! sweep at once. A lease is a row per kind of work naming its holder until a moment; taking it
//! is one conditional `UPDATE` (the holder renews its own, anyone takes an expired one), which
//! both SQLite and PostgreSQL apply atomically: of two instances asking at once, exactly one
//! sees a changed row. An instance that dies loses its lease when the moment passes.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Condition, OnConflict},
};

use crate::{DomainResult, entities::worker_lease};

/// Takes or renews the lease `name` for `holder` until `now + hold`. `true` when `holder` has it.
pub async fn try_take(
    db: &impl ConnectionTrait,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    hold: Duration,
) -> DomainResult<bool> {
    // The row exists from the first request on; inserting an already expired one lets the
    // update below decide who gets it, the same way every time.
    worker_lease::Entity::insert(worker_lease::ActiveModel {
        name: Set(name.to_owned()),
        holder: Set(String::new()),
        expires_at: Set(now - Duration::seconds(1)),
    })
    .on_conflict(
        OnConflict::column(worker_lease::Column::Name)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let taken = worker_lease::Entity::update_many()
        .col_expr(
            worker_lease::Column::Holder,
            sea_orm::sea_query::Expr::value(holder.to_owned()),
        )
        .col_expr(
            worker_lease::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(now + hold),
        )
        .filter(worker_lease::Column::Name.eq(name))
        .filter(
            Condition::any()
                .add(worker_lease::Column::Holder.eq(holder))
                .add(worker_lease::Column::ExpiresAt.lt(now)),
        )
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// Gives the lease up (at shutdown), so another instance need not wait for it to run out.
pub async fn release(db: &impl ConnectionTrait, name: &str, holder: &str) -> DomainResult<()> {
    worker_lease::Entity::update_many()
        .col_expr(
            worker_lease::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(DateTime::<Utc>::UNIX_EPOCH),
        )
        .filter(worker_lease::Column::Name.eq(name))
        .filter(worker_lease::Column::Holder.eq(holder))
        .exec(db)
        .await?;
    Ok(())
}
