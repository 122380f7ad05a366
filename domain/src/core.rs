//! What every area's service stands on: the database, the vault that seals PHI at rest, and the
//! clock. The audit chain ([`crate::audit`]) and the mail outbox ([`crate::notify`]) are written
//! through the same connection, inside the caller's transaction.
//!
//! Each area (`identity`, `access`, `records`, and the ones to come) owns one service type built
//! on a [`Core`]; [`Services`] builds them together, in dependency order.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::{
    DomainResult,
    access::Access,
    billing::Billing,
    clock::SharedClock,
    identity::{Identity, IdentitySettings, RelyingParty},
    messaging::Messaging,
    records::Records,
    renewals::Renewals,
    scheduling::Scheduling,
    vault::Vault,
};

/// The database, vault and clock. Cheap to clone; one per process.
#[derive(Clone)]
pub struct Core {
    inner: Arc<CoreInner>,
}

struct CoreInner {
    db: DatabaseConnection,
    vault: Vault,
    clock: SharedClock,
}

impl Core {
    pub fn new(db: DatabaseConnection, vault: Vault, clock: SharedClock) -> Self {
        Self {
            inner: Arc::new(CoreInner { db, vault, clock }),
        }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    /// Seals and opens PHI at rest.
    pub fn vault(&self) -> &Vault {
        &self.inner.vault
    }

    pub fn clock(&self) -> &SharedClock {
        &self.inner.clock
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.inner.clock.now()
    }
}

/// Every area's service, built once per process. Areas depend on each other in one direction:
/// `identity` (accounts, passkeys, sessions) ← `access` (the policy, proxy grants, logs) ←
/// `records` (the clinical record) ← `scheduling` (appointments). A later area takes the services it calls in its constructor.
#[derive(Clone)]
pub struct Services {
    pub core: Core,
    pub identity: Identity,
    pub access: Access,
    pub records: Records,
    pub scheduling: Scheduling,
    pub messaging: Messaging,
    pub renewals: Renewals,
    pub billing: Billing,
}

impl Services {
    pub fn new(
        core: Core,
        relying_party: &RelyingParty,
        settings: IdentitySettings,
    ) -> DomainResult<Self> {
        let identity = Identity::new(core.clone(), relying_party, settings)?;
        let access = Access::new(identity.clone());
        let records = Records::new(access.clone());
        let scheduling = Scheduling::new(&access);
        let messaging = Messaging::new(&access);
        let renewals = Renewals::new(&access, &records);
        let billing = Billing::new(&access, &records, None);
        Ok(Self {
            core,
            identity,
            access,
            records,
            scheduling,
            messaging,
            renewals,
            billing,
        })
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.core.now()
    }
}
