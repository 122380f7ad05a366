//! Secure messaging, for the patient, the people who act for them, and the clinic: the
//! conversations with a form to start one (`list`), and one conversation with its replies
//! (`thread`). Every form is a plain form first, so writing works before the page's script
//! arrives.

pub mod list;
pub mod thread;
