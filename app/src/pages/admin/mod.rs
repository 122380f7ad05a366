//! Administrator pages.

pub mod audit;
pub mod schedule;
