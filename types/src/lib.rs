//! The vocabulary the browser and the server share: typed ids, parsed once where a request comes
//! in, and the parts of the record. The web app (on both sides) and the domain use these same
//! types, so a patient id cannot be passed where a grant id belongs, and a section is never a
//! string to match.

mod ids;
mod locale;
mod section;

pub use ids::{
    AccountId, AppointmentId, ConversationId, EntryId, GrantId, IdError, InvitationId, PasskeyId,
    PatientId, PaymentId, RenewalId, SessionId, SlotId,
};
pub use locale::{Locale, UnknownLocale};
pub use section::{Section, UnknownSection};
