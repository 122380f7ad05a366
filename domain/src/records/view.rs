//! Turning stored FHIR resources into what the record pages show: entries for lists, result
//! values with their reference ranges and flags, and the facts of a detail page.

use base64::Engine;
use serde_json::Value;

use super::fhir_values::{
    concept_text, human_name, instant, number_text, quantity, reference_display,
};
use super::{Entry, Flag, Section, Stored};
use crate::{i18n::Said, said};

/// The section a stored resource belongs to.
pub fn section_of(stored: &Stored) -> Option<Section> {
    Some(match stored.row.resource_type.as_str() {
        "Condition" => Section::Problems,
        "MedicationRequest" | "MedicationStatement" => Section::Medications,
        "AllergyIntolerance" => Section::Allergies,
        "Immunization" => Section::Immunizations,
        "Observation" if stored.row.category == "vital-signs" => Section::Vitals,
        "Observation" | "DiagnosticReport" => Section::Results,
        "Procedure" => Section::Procedures,
        "Encounter" => Section::Visits,
        "DocumentReference" => Section::Documents,
        "Coverage" => Section::Insurance,
        _ => return None,
    })
}

/// The record's own title, or Portico's words for one without: "Observation (no description)".
fn title_of(stored: &Stored) -> Said {
    let r = &stored.json;
    let title = match stored.row.resource_type.as_str() {
        "Immunization" => concept_text(&r["vaccineCode"]),
        "MedicationRequest" | "MedicationStatement" => {
            concept_text(&r["medicationCodeableConcept"])
                .or_else(|| reference_display(&r["medicationReference"]))
        }
        "Encounter" => r["type"]
            .as_array()
            .and_then(|types| types.iter().find_map(concept_text))
            .or_else(|| r["class"]["display"].as_str().map(str::to_owned)),
        "DocumentReference" => r["description"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| {
                r["content"][0]["attachment"]["title"]
                    .as_str()
                    .map(str::to_owned)
            })
            .or_else(|| concept_text(&r["type"])),
        "Coverage" => concept_text(&r["type"]).or_else(|| {
            r["payor"]
                .as_array()
                .and_then(|p| p.iter().find_map(reference_display))
        }),
        _ => concept_text(&r["code"]),
    };
    title
        .map(Said::plain)
        .unwrap_or_else(|| said!("rec-untitled", kind = stored.row.resource_type.as_str()))
}

/// A readable status: FHIR's codes with their hyphens turned into words.
fn status_text(stored: &Stored) -> Option<String> {
    stored
        .row
        .status
        .as_deref()
        .map(|s| s.replace('-', " "))
        .filter(|s| !s.is_empty())
}

/// The interpretation code as a flag, else the value against its range.
fn flag_of(
    observation: &Value,
    number: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
) -> Option<Flag> {
    let code = observation["interpretation"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|i| i["coding"].as_array().into_iter().flatten())
        .find_map(|c| c["code"].as_str());
    if let Some(code) = code {
        return match code {
            "H" | "HU" | ">" => Some(Flag::High),
            "L" | "LU" | "<" => Some(Flag::Low),
            "HH" => Some(Flag::CriticalHigh),
            "LL" => Some(Flag::CriticalLow),
            "A" | "AA" | "POS" | "DET" | "R" => Some(Flag::Abnormal),
            _ => None,
        };
    }
    let number = number?;
    if high.is_some_and(|h| number > h) {
        Some(Flag::High)
    } else if low.is_some_and(|l| number < l) {
        Some(Flag::Low)
    } else {
        None
    }
}

/// A result's value, range and flag.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueParts {
    /// The value as the record has it, or Portico's words ("No value", "Yes").
    pub value: Said,
    pub number: Option<f64>,
    pub unit: String,
    pub range: Option<String>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub flag: Option<Flag>,
}

fn value_text(element: &Value) -> Option<(Said, Option<f64>, String)> {
    if let Some((number, unit)) = quantity(&element["valueQuantity"]) {
        return Some((Said::plain(number_text(number)), Some(number), unit));
    }
    if let Some(text) = concept_text(&element["valueCodeableConcept"]) {
        return Some((Said::plain(text), None, String::new()));
    }
    if let Some(text) = element["valueString"].as_str() {
        return Some((Said::plain(text), None, String::new()));
    }
    if let Some(n) = element["valueInteger"].as_i64() {
        return Some((Said::plain(n.to_string()), Some(n as f64), String::new()));
    }
    if let Some(b) = element["valueBoolean"].as_bool() {
        let word = if b {
            said!("rec-value-yes")
        } else {
            said!("rec-value-no")
        };
        return Some((word, None, String::new()));
    }
    None
}

pub fn observation_value(observation: &Value) -> ValueParts {
    let range = &observation["referenceRange"][0];
    let low = range["low"]["value"].as_f64();
    let high = range["high"]["value"].as_f64();
    let range_text = range["text"]
        .as_str()
        .map(str::to_owned)
        .or_else(|| match (low, high) {
            (Some(l), Some(h)) => Some(format!("{}–{}", number_text(l), number_text(h))),
            (Some(l), None) => Some(format!("≥ {}", number_text(l))),
            (None, Some(h)) => Some(format!("≤ {}", number_text(h))),
            (None, None) => None,
        });
    if let Some((value, number, unit)) = value_text(observation) {
        return ValueParts {
            flag: flag_of(observation, number, low, high),
            value,
            number,
            unit,
            range: range_text,
            low,
            high,
        };
    }
    // Panels such as blood pressure carry their values in components: "128/82 mm[Hg]".
    let parts: Vec<(Said, Option<f64>, String)> = observation["component"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(value_text)
        .collect();
    let unit = parts.first().map(|p| p.2.clone()).unwrap_or_default();
    let value = match parts.as_slice() {
        [] => observation["dataAbsentReason"]
            .get("coding")
            .and_then(|_| concept_text(&observation["dataAbsentReason"]))
            .map(Said::plain)
            .unwrap_or_else(|| said!("rec-value-none")),
        [(one, ..)] => one.clone(),
        // "128/82" (a yes or no among them in English: panels of those are rare).
        many => Said::plain(
            many.iter()
                .map(|p| p.0.to_string())
                .collect::<Vec<_>>()
                .join("/"),
        ),
    };
    ValueParts {
        flag: flag_of(observation, None, None, None),
        value,
        number: None,
        unit,
        range: range_text,
        low,
        high,
    }
}

/// A value with its unit: "7.4 %" (Portico's words have no unit).
fn with_unit(value: Said, unit: &str) -> Said {
    match value {
        Said::Plain(value) => Said::plain(format!("{value} {unit}").trim()),
        words => words,
    }
}

/// The list line for a stored resource.
pub fn entry(stored: &Stored) -> Option<Entry> {
    let section = section_of(stored)?;
    let r = &stored.json;
    let mut flag = None;
    let detail = match stored.row.resource_type.as_str() {
        "Condition" => match (instant(&r["abatementDateTime"]), stored.row.effective_at) {
            (Some(end), _) => Some(said!("rec-line-resolved").short_date("day", end.date_naive())),
            (None, Some(start)) => {
                Some(said!("rec-line-since").short_date("day", start.date_naive()))
            }
            _ => None,
        },
        "MedicationRequest" | "MedicationStatement" => r["dosageInstruction"][0]["text"]
            .as_str()
            .or_else(|| r["dosage"][0]["text"].as_str())
            .map(Said::plain),
        "AllergyIntolerance" => {
            let reactions: Vec<String> = r["reaction"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|re| re["manifestation"].as_array().into_iter().flatten())
                .filter_map(concept_text)
                .collect();
            let risk = r["criticality"].as_str().map(|c| match c {
                "high" => said!("rec-line-high-risk"),
                "low" => said!("rec-line-low-risk"),
                "unable-to-assess" => said!("rec-line-risk-unknown"),
                other => Said::plain(other.replace('-', " ")),
            });
            let reactions = (!reactions.is_empty()).then(|| reactions.join(", "));
            match (reactions, risk) {
                (Some(reactions), Some(risk)) => Some(
                    said!("rec-line-reactions-risk", reactions = reactions).nested("risk", risk),
                ),
                (Some(reactions), None) => Some(Said::plain(reactions)),
                (None, risk) => risk,
            }
        }
        "Observation" => {
            let value = observation_value(r);
            flag = value.flag;
            Some(with_unit(value.value, &value.unit))
        }
        "DiagnosticReport" => {
            let n = r["result"].as_array().map_or(0, Vec::len);
            (n > 0).then(|| said!("rec-line-results", count = n))
        }
        "Encounter" => r["reasonCode"]
            .as_array()
            .and_then(|reasons| reasons.iter().find_map(concept_text))
            .or_else(|| reference_display(&r["serviceProvider"]))
            .map(Said::plain),
        "DocumentReference" => concept_text(&r["type"]).map(Said::plain),
        "Coverage" => r["subscriberId"]
            .as_str()
            .map(|id| said!("rec-line-member-id", id = id))
            .or_else(|| {
                r["payor"]
                    .as_array()
                    .and_then(|p| p.iter().find_map(reference_display))
                    .map(Said::plain)
            }),
        _ => None,
    };
    Some(Entry {
        id: stored.row.id.clone(),
        section,
        title: title_of(stored),
        detail,
        date: stored.row.effective_at,
        status: status_text(stored),
        flag,
    })
}

/// A fact's value: the record's text as it holds it, or a day or moment the page writes in its
/// language.
#[derive(Clone, Debug, PartialEq)]
pub enum Fact {
    Text(String),
    /// A list line's words (a reaction and its risk).
    Said(Said),
    /// A FHIR status as shown ("entered in error"), in the reader's words where Portico has them.
    Status(String),
    Day(chrono::NaiveDate),
    /// An instant without a zone of its own (shown in UTC, as the record has it).
    Moment(chrono::DateTime<chrono::Utc>),
}

impl Fact {
    fn is_blank(&self) -> bool {
        matches!(self, Self::Text(text) if text.trim().is_empty())
    }

    /// The value in `locale`: a day "1 December 2026" / "1 de diciembre de 2026".
    pub fn in_language(&self, locale: crate::i18n::Locale) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Said(said) => said.in_language(locale),
            Self::Status(shown) => crate::i18n::fhir_status(locale, shown),
            Self::Day(day) => crate::i18n::long_date(locale, *day),
            Self::Moment(at) => format!(
                "{}, {} UTC",
                crate::i18n::long_date(locale, at.date_naive()),
                at.format("%H:%M")
            ),
        }
    }
}

impl From<String> for Fact {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<Said> for Fact {
    fn from(said: Said) -> Self {
        Self::Said(said)
    }
}

/// Label/value facts for a detail page: Portico's labels, said in the reader's language where
/// the page is made; the values as the record holds them.
pub fn facts(stored: &Stored) -> Vec<(Said, Fact)> {
    let r = &stored.json;
    let mut out: Vec<(Said, Fact)> = Vec::new();
    let mut add = |label: Said, value: Option<Fact>| {
        if let Some(value) = value.filter(|v| !v.is_blank()) {
            out.push((label, value));
        }
    };
    // A value is the record's text or a day: either becomes a `Fact`.
    macro_rules! push {
        ($label:expr, $value:expr $(,)?) => {
            add($label, Option::map($value, Into::<Fact>::into))
        };
    }
    let day = |v: &Value| instant(v).map(|d| Fact::Day(d.date_naive()));
    match stored.row.resource_type.as_str() {
        "Condition" => {
            push!(
                said!("rec-fact-status"),
                status_text(stored).map(Fact::Status)
            );
            push!(
                said!("rec-fact-verification"),
                concept_text(&r["verificationStatus"]),
            );
            push!(
                said!("rec-fact-started"),
                day(&r["onsetDateTime"]).or_else(|| day(&r["onsetPeriod"]["start"])),
            );
            push!(said!("rec-fact-resolved"), day(&r["abatementDateTime"]));
            push!(said!("rec-fact-recorded"), day(&r["recordedDate"]));
            push!(said!("rec-fact-severity"), concept_text(&r["severity"]));
        }
        "MedicationRequest" | "MedicationStatement" => {
            push!(
                said!("rec-fact-status"),
                status_text(stored).map(Fact::Status)
            );
            push!(
                said!("rec-fact-how-to-take-it"),
                r["dosageInstruction"][0]["text"]
                    .as_str()
                    .or_else(|| r["dosage"][0]["text"].as_str())
                    .map(str::to_owned),
            );
            push!(said!("rec-fact-prescribed"), day(&r["authoredOn"]));
            push!(
                said!("rec-fact-prescribed-by"),
                reference_display(&r["requester"]),
            );
            push!(
                said!("rec-fact-refills-allowed"),
                r["dispenseRequest"]["numberOfRepeatsAllowed"]
                    .as_i64()
                    .map(|n| n.to_string()),
            );
            push!(
                said!("rec-fact-reason"),
                r["reasonCode"]
                    .as_array()
                    .and_then(|c| c.iter().find_map(concept_text)),
            );
        }
        "AllergyIntolerance" => {
            push!(
                said!("rec-fact-status"),
                status_text(stored).map(Fact::Status)
            );
            push!(
                said!("rec-fact-type"),
                r["type"].as_str().map(str::to_owned),
            );
            push!(
                said!("rec-fact-category"),
                r["category"].as_array().map(|c| {
                    c.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
            );
            push!(
                said!("rec-fact-risk"),
                r["criticality"].as_str().map(|c| c.replace('-', " ")),
            );
            push!(
                said!("rec-fact-reaction"),
                entry(stored).and_then(|e| e.detail),
            );
            push!(said!("rec-fact-recorded"), day(&r["recordedDate"]));
        }
        "Immunization" => {
            push!(said!("rec-fact-given"), day(&r["occurrenceDateTime"]));
            push!(
                said!("rec-fact-status"),
                status_text(stored).map(Fact::Status)
            );
            push!(
                said!("rec-fact-lot"),
                r["lotNumber"].as_str().map(str::to_owned),
            );
            push!(said!("rec-fact-site"), concept_text(&r["site"]));
            push!(
                said!("rec-fact-given-by"),
                reference_display(&r["performer"][0]["actor"]),
            );
        }
        "Observation" => {
            let value = observation_value(r);
            push!(
                said!("rec-fact-result"),
                Some(with_unit(value.value, &value.unit)),
            );
            push!(said!("rec-fact-reference-range"), value.range);
            push!(
                said!("rec-fact-flag"),
                value.flag.map(|f| f.label().to_owned()),
            );
            push!(
                said!("rec-fact-taken"),
                day(&r["effectiveDateTime"]).or_else(|| day(&r["issued"])),
            );
            push!(
                said!("rec-fact-status"),
                status_text(stored).map(Fact::Status)
            );
            push!(said!("rec-fact-method"), concept_text(&r["method"]));
            push!(
                said!("rec-fact-note"),
                r["note"][0]["text"].as_str().map(str::to_owned),
            );
        }
        "DiagnosticReport" => {
            push!(
                said!("rec-fact-collected"),
                day(&r["effectiveDateTime"]).or_else(|| day(&r["effectivePeriod"]["start"])),
            );
            push!(said!("rec-fact-issued"), day(&r["issued"]));
            push!(
                said!("rec-fact-status"),
                status_text(stored).map(Fact::Status)
            );
            push!(
                said!("rec-fact-performed-by"),
                reference_display(&r["performer"][0]),
            );
            push!(
                said!("rec-fact-conclusion"),
                r["conclusion"].as_str().map(str::to_owned),
            );
        }
        "Procedure" => {
            push!(
                said!("rec-fact-date"),
                day(&r["performedDateTime"]).or_else(|| day(&r["performedPeriod"]["start"])),
            );
            push!(
                said!("rec-fact-status"),
                status_text(stored).map(Fact::Status)
            );
            push!(
                said!("rec-fact-reason"),
                r["reasonCode"]
                    .as_array()
                    .and_then(|c| c.iter().find_map(concept_text)),
            );
            push!(
                said!("rec-fact-body-site"),
                r["bodySite"]
                    .as_array()
                    .and_then(|c| c.iter().find_map(concept_text)),
            );
        }
        "Encounter" => {
            push!(
                said!("rec-fact-start"),
                instant(&r["period"]["start"]).map(Fact::Moment),
            );
            push!(
                said!("rec-fact-end"),
                instant(&r["period"]["end"]).map(Fact::Moment),
            );
            push!(
                said!("rec-fact-status"),
                status_text(stored).map(Fact::Status)
            );
            push!(
                said!("rec-fact-kind"),
                r["class"]["display"]
                    .as_str()
                    .or_else(|| r["class"]["code"].as_str())
                    .map(str::to_owned),
            );
            push!(
                said!("rec-fact-seen-by"),
                r["participant"].as_array().map(|ps| {
                    ps.iter()
                        .filter_map(|p| reference_display(&p["individual"]))
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
            );
            push!(
                said!("rec-fact-where"),
                reference_display(&r["serviceProvider"])
                    .or_else(|| reference_display(&r["location"][0]["location"])),
            );
            push!(
                said!("rec-fact-reason"),
                r["reasonCode"]
                    .as_array()
                    .and_then(|c| c.iter().find_map(concept_text)),
            );
        }
        "DocumentReference" => {
            push!(said!("rec-fact-date"), day(&r["date"]));
            push!(said!("rec-fact-type"), concept_text(&r["type"]));
            push!(
                said!("rec-fact-author"),
                r["author"]
                    .as_array()
                    .and_then(|a| a.iter().find_map(reference_display)),
            );
            push!(
                said!("rec-fact-status"),
                status_text(stored).map(Fact::Status)
            );
        }
        "Coverage" => {
            push!(said!("rec-fact-plan"), concept_text(&r["type"]));
            push!(
                said!("rec-fact-insurer"),
                r["payor"]
                    .as_array()
                    .and_then(|p| p.iter().find_map(reference_display)),
            );
            push!(
                said!("rec-fact-member-id"),
                r["subscriberId"].as_str().map(str::to_owned),
            );
            push!(
                said!("rec-fact-relationship"),
                concept_text(&r["relationship"]),
            );
            push!(said!("rec-fact-from"), day(&r["period"]["start"]));
            push!(said!("rec-fact-until"), day(&r["period"]["end"]));
            push!(
                said!("rec-fact-status"),
                status_text(stored).map(Fact::Status)
            );
        }
        "Practitioner" => push!(
            said!("rec-fact-name"),
            super::fhir_values::preferred_name(r).and_then(human_name),
        ),
        _ => {}
    }
    out
}

/// An attachment of a document or report: where it sits, its title and type, its bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct AttachmentData {
    /// The attachment's title, or Portico's words for one without ("Visit note 2").
    pub title: Said,
    pub content_type: String,
    pub data: Vec<u8>,
}

impl AttachmentData {
    /// The type the file is served as, and its file extension. Only PDF, PNG, JPEG and plain
    /// text keep their type (whatever the imported data declares, a browser is never handed a
    /// page, a script or an image it would run); anything else is `application/octet-stream`,
    /// keeping a telling extension for the saved file.
    pub fn served(&self) -> (&'static str, &'static str) {
        let declared = self
            .content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match declared.as_str() {
            "application/pdf" => ("application/pdf", "pdf"),
            "image/png" => ("image/png", "png"),
            "image/jpeg" | "image/jpg" => ("image/jpeg", "jpg"),
            "text/plain" => ("text/plain; charset=utf-8", "txt"),
            "text/html" => ("application/octet-stream", "html"),
            "application/xml" | "text/xml" => ("application/octet-stream", "xml"),
            _ => ("application/octet-stream", "bin"),
        }
    }

    /// The name the file is saved under: its title in letters and digits, with the extension
    /// of [`Self::served`].
    pub fn file_name(&self) -> String {
        let stem: String = self
            .title
            .to_string()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let stem = stem.trim_matches('-');
        let stem = if stem.is_empty() { "document" } else { stem };
        format!("{stem}.{}", self.served().1)
    }
}

/// The inline attachments of a DocumentReference (`content[].attachment`) or a DiagnosticReport
/// (`presentedForm`). Attachments given only as a URL are not fetched.
pub fn attachments(stored: &Stored) -> Vec<AttachmentData> {
    let list: Vec<&Value> = match stored.row.resource_type.as_str() {
        "DocumentReference" => stored.json["content"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| &c["attachment"])
            .collect(),
        "DiagnosticReport" => stored.json["presentedForm"]
            .as_array()
            .into_iter()
            .flatten()
            .collect(),
        _ => Vec::new(),
    };
    list.into_iter()
        .enumerate()
        .filter_map(|(n, attachment)| {
            let data = base64::engine::general_purpose::STANDARD
                .decode(attachment["data"].as_str()?.trim())
                .ok()?;
            let content_type = attachment["contentType"]
                .as_str()
                .unwrap_or("application/octet-stream")
                .to_owned();
            let title = attachment["title"]
                .as_str()
                .map(Said::plain)
                .unwrap_or_else(|| {
                    said!("rec-attachment-untitled", number = n + 1)
                        .nested("title", title_of(stored))
                });
            Some(AttachmentData {
                title,
                content_type,
                data,
            })
        })
        .collect()
}

#[cfg(test)]
mod served_tests {
    use super::AttachmentData;
    use crate::i18n::Said;

    #[test]
    fn only_safe_types_are_served_as_themselves() {
        let file = |content_type: &str| AttachmentData {
            title: Said::plain("Visit note <1>"),
            content_type: content_type.into(),
            data: Vec::new(),
        };
        assert_eq!(file("application/pdf").served().0, "application/pdf");
        assert_eq!(file("IMAGE/PNG").served().0, "image/png");
        assert_eq!(
            file("text/plain; charset=us-ascii").served().0,
            "text/plain; charset=utf-8"
        );
        for risky in [
            "text/html",
            "image/svg+xml",
            "application/javascript",
            "text/xml",
            "",
            "x",
        ] {
            assert_eq!(
                file(risky).served().0,
                "application/octet-stream",
                "{risky}"
            );
        }
        assert_eq!(file("text/html").file_name(), "Visit-note--1.html");
        assert_eq!(file("image/svg+xml").file_name(), "Visit-note--1.bin");
    }
}

#[cfg(test)]
mod value_tests {
    use serde_json::json;

    use super::observation_value;
    use crate::i18n::Locale;

    #[test]
    fn porticos_words_for_a_value_are_said_in_the_readers_language_and_the_records_as_written() {
        let said = |observation| {
            observation_value(&observation)
                .value
                .in_language(Locale::Es)
        };
        assert_eq!(said(json!({"valueBoolean": true})), "Sí");
        assert_eq!(said(json!({"code": {"text": "Glucose"}})), "Sin valor");
        assert_eq!(
            said(json!({"valueQuantity": {"value": 7.4, "unit": "%"}})),
            "7.4"
        );
        assert_eq!(said(json!({"valueString": "Negative"})), "Negative");
        let panel = json!({"component": [
            {"valueQuantity": {"value": 128, "unit": "mm[Hg]"}},
            {"valueQuantity": {"value": 82, "unit": "mm[Hg]"}},
        ]});
        assert_eq!(said(panel), "128/82");
    }
}
