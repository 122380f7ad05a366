//! Administrator pages.

pub mod audit;
