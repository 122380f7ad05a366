//! The per-account (per-code) attempt ladder. After three failures each further attempt must
//! wait twice as long as the last (2 s, 4 s … capped at 5 minutes). It slows guessing to a crawl
//! but never locks anyone out: the real owner can always try again within five minutes, so an
//! attacker cannot use it to keep them out. Success clears it.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, IntoActiveModel};

use crate::{DomainResult, entities::throttle};

const FREE_FAILURES: i32 = 3;
const MAX_DELAY_SECONDS: i64 = 300;

pub(crate) fn delay_after(failures: i32) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::zero();
    }
    let exponent = (failures - FREE_FAILURES + 1).min(16) as u32;
    Duration::seconds((1i64 << exponent).min(MAX_DELAY_SECONDS))
}

/// Whether an attempt under `key` must wait.
pub(crate) async fn is_throttled(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    Ok(match throttle::Entity::find_by_id(key).one(db).await? {
        Some(row) => now < row.last_failure_at + delay_after(row.failures),
        None => false,
    })
}

pub(crate) async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    match throttle::Entity::find_by_id(key).one(db).await? {
        Some(row) => {
            let failures = row.failures.saturating_add(1);
            let mut row = row.into_active_model();
            row.failures = Set(failures);
            row.last_failure_at = Set(now);
            row.update(db).await?;
        }
        None => {
            throttle::ActiveModel {
                key: Set(key.to_owned()),
                failures: Set(1),
                last_failure_at: Set(now),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

pub(crate) async fn clear(db: &impl ConnectionTrait, key: &str) -> DomainResult<()> {
    throttle::Entity::delete_by_id(key).exec(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_starts_after_three_failures_and_is_capped() {
        assert_eq!(delay_after(0), Duration::zero());
        assert_eq!(delay_after(2), Duration::zero());
        assert_eq!(delay_after(3), Duration::seconds(2));
        assert_eq!(delay_after(4), Duration::seconds(4));
        assert_eq!(delay_after(9), Duration::seconds(128));
        assert_eq!(delay_after(10), Duration::seconds(256));
        assert_eq!(delay_after(11), Duration::seconds(300));
        assert_eq!(delay_after(i32::MAX), Duration::seconds(300));
    }
}
