//! Free text people write (a message, a note, a reason): trimmed, within a length, and without
//! control characters other than line breaks and tabs.

use crate::{DomainError, DomainResult};

/// The text trimmed, none when empty; refused when longer than `max` characters or holding
/// control characters other than line breaks and tabs.
pub(crate) fn written(
    field: &'static str,
    value: &str,
    max: usize,
) -> DomainResult<Option<String>> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(DomainError::validation(
            field,
            format!("keep it under {max} characters"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(DomainError::validation(
            field,
            "contains control characters",
        ));
    }
    Ok((!value.is_empty()).then(|| value.to_owned()))
}
