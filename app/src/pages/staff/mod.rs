//! Clinic staff pages.

pub mod invitations;
