//! Reading the FHIR data types Portico shows: CodeableConcept, Quantity, Period, dates and
//! references, with the fallbacks real data needs (text, then display, then code).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::Value;

/// The words for a CodeableConcept: its text, else its first coding's display, else its code.
pub fn concept_text(concept: &Value) -> Option<String> {
    if let Some(text) = concept["text"].as_str().filter(|t| !t.trim().is_empty()) {
        return Some(text.trim().to_owned());
    }
    let codings = concept["coding"].as_array()?;
    codings
        .iter()
        .find_map(|c| c["display"].as_str().filter(|d| !d.trim().is_empty()))
        .or_else(|| codings.iter().find_map(|c| c["code"].as_str()))
        .map(|s| s.trim().to_owned())
}

/// The first `system|code` of a CodeableConcept.
pub fn concept_code(concept: &Value) -> Option<String> {
    concept["coding"].as_array()?.iter().find_map(|c| {
        let code = c["code"].as_str()?;
        Some(format!(
            "{}|{code}",
            c["system"].as_str().unwrap_or_default()
        ))
    })
}

/// Every code of a CodeableConcept (without systems).
pub fn concept_codes(concept: &Value) -> impl Iterator<Item = &str> {
    concept["coding"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["code"].as_str())
}

/// A FHIR date, dateTime or instant as a UTC instant (a bare date is its midnight UTC).
pub fn instant(value: &Value) -> Option<DateTime<Utc>> {
    let text = value.as_str()?;
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    let date = match text.len() {
        4 => NaiveDate::parse_from_str(&format!("{text}-01-01"), "%Y-%m-%d").ok(),
        7 => NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok(),
        _ => NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok(),
    }?;
    Some(date.and_time(NaiveTime::MIN).and_utc())
}

/// A Quantity as "7.2 %", with its number.
pub fn quantity(value: &Value) -> Option<(f64, String)> {
    let number = value["value"].as_f64()?;
    let unit = value["unit"]
        .as_str()
        .or_else(|| value["code"].as_str())
        .unwrap_or_default()
        .to_owned();
    Some((number, unit))
}

/// Shows a number the way a lab report would: no trailing zeros, at most 2 decimals.
pub fn number_text(number: f64) -> String {
    let text = format!("{:.2}", number);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_owned()
}

/// The id part of a resolved reference `Type/id` if it is of `kind`.
pub fn reference_id<'a>(reference: &'a Value, kind: &str) -> Option<&'a str> {
    let text = reference["reference"].as_str()?;
    let (k, id) = text.split_once('/')?;
    (k == kind).then_some(id)
}

/// `display` of a reference, if the sender gave one.
pub fn reference_display(reference: &Value) -> Option<String> {
    reference["display"]
        .as_str()
        .filter(|d| !d.trim().is_empty())
        .map(str::to_owned)
}

/// A HumanName as "Given Family".
pub fn human_name(name: &Value) -> Option<String> {
    if let Some(text) = name["text"].as_str().filter(|t| !t.trim().is_empty()) {
        return Some(text.trim().to_owned());
    }
    let mut parts: Vec<&str> = name["prefix"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    parts.extend(
        name["given"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str),
    );
    if let Some(family) = name["family"].as_str() {
        parts.push(family);
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The official (else first) name of a Patient or Practitioner.
pub fn preferred_name(resource: &Value) -> Option<&Value> {
    let names = resource["name"].as_array()?;
    names
        .iter()
        .find(|n| n["use"].as_str() == Some("official"))
        .or_else(|| names.first())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn concepts_fall_back_from_text_to_display_to_code() {
        assert_eq!(
            concept_text(&json!({"text": "Diabetes", "coding": [{"display": "x"}]})).as_deref(),
            Some("Diabetes")
        );
        assert_eq!(
            concept_text(&json!({"coding": [{"code": "44054006"}, {"display": "DM2"}]})).as_deref(),
            Some("DM2")
        );
        assert_eq!(
            concept_text(&json!({"coding": [{"code": "44054006"}]})).as_deref(),
            Some("44054006")
        );
        assert_eq!(concept_text(&json!({})), None);
    }

    #[test]
    fn dates_of_every_precision_become_instants() {
        assert_eq!(
            instant(&json!("2024-05-01T10:30:00+02:00"))
                .unwrap()
                .to_rfc3339(),
            "2024-05-01T08:30:00+00:00"
        );
        assert_eq!(
            instant(&json!("2024-05")).unwrap().date_naive().to_string(),
            "2024-05-01"
        );
        assert!(instant(&json!("May 2024")).is_none());
    }

    #[test]
    fn numbers_read_like_a_lab_report() {
        assert_eq!(number_text(7.0), "7");
        assert_eq!(number_text(7.25), "7.25");
        assert_eq!(number_text(0.5), "0.5");
        assert_eq!(number_text(1.0 / 3.0), "0.33");
    }
}
