//! Clinic staff pages.

pub mod invitations;
pub mod patients;
