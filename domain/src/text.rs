//! Free text people write (a message, a note, a reason): trimmed, within a length, and without
//! control characters other than line breaks and tabs. And text going out into a CSV file that a
//! spreadsheet program will open.

use crate::{DomainError, DomainResult, said};

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
            said!("msg-too-long", max = max),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(DomainError::validation(
            field,
            said!("msg-control-characters"),
        ));
    }
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

/// A CSV cell a spreadsheet program will not run: cells that start with `=`, `+`, `-`, `@` (after
/// any spaces, tabs or line breaks, which spreadsheets skip), or with a tab or carriage return,
/// get a leading apostrophe, which keeps them text (OWASP's CSV injection advice).
pub(crate) fn spreadsheet_safe(value: &str) -> String {
    let starts_formula = matches!(
        value
            .trim_start_matches([' ', '\t', '\r', '\n'])
            .chars()
            .next(),
        Some('=' | '+' | '-' | '@')
    );
    if starts_formula || value.starts_with(['\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn formulas_are_defused_even_behind_spaces() {
        // OWASP's CSV injection examples, and the same behind whitespace.
        for attack in [
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "+SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "=cmd|' /C notepad'!'A1'",
            "\t=1+1",
            "\r=1+1",
            " =1+1",
            "\n\n+1",
            "  @A1",
        ] {
            assert!(spreadsheet_safe(attack).starts_with('\''), "{attack:?}");
        }
        for plain in ["Ada Park", "12.50", "2026-03-12", "a=b", ""] {
            assert_eq!(spreadsheet_safe(plain), plain);
        }
    }
}
