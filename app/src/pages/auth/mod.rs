//! Pages for people who are not signed in yet: sign-in, enrolment, recovery.

pub mod enroll;
pub mod recover;
pub mod sign_in;
