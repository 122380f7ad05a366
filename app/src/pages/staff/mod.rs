//! Clinic staff pages.

pub mod import;
pub mod inbox;
pub mod invitations;
pub mod patients;
pub mod schedule;
