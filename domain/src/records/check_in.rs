//! What a patient confirms at online check-in, from the record: contact details (from the
//! stored `Patient`), current medicines and allergies (with the records scope), and active
//! insurance (with the billing scope). Reads only those rows.

use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use serde_json::Value;

use crate::{i18n::Said, said};

use super::{Records, Section, Shown, newest_first, projection};
use crate::{
    DomainResult,
    access::{Authorized, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    entities::record_resource,
};

/// The parts of the record shown for confirming at check-in; `None` where the reader may not
/// see that part (they confirm it at the desk instead).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckInReview {
    /// Each line names what it is ("Phone (home): …") in the reader's language.
    pub contact: Option<Vec<Said>>,
    pub insurance: Option<Vec<Said>>,
    pub medications: Option<Vec<Said>>,
    pub allergies: Option<Vec<Said>>,
}

/// The phone numbers, e-mail addresses and addresses of a FHIR `Patient`, one per line.
fn contact_lines(patient: &Value) -> Vec<Said> {
    let mut lines = Vec::new();
    for telecom in patient["telecom"].as_array().into_iter().flatten() {
        let Some(value) = telecom["value"].as_str().filter(|v| !v.is_empty()) else {
            continue;
        };
        let system = match telecom["system"].as_str() {
            Some("phone") => said!("rec-contact-phone"),
            Some("email") => said!("rec-contact-email"),
            Some("sms") => said!("rec-contact-sms"),
            _ => said!("rec-contact-other"),
        };
        match telecom["use"].as_str() {
            Some(usage) if usage != "temp" && usage != "old" => {
                let usage = match usage {
                    "home" => said!("rec-contact-home"),
                    "work" => said!("rec-contact-work"),
                    "mobile" => said!("rec-contact-mobile"),
                    other => Said::plain(other),
                };
                lines.push(
                    said!("rec-contact-line-use", value = value)
                        .nested("system", system)
                        .nested("usage", usage),
                );
            }
            Some(_) => {}
            None => lines.push(said!("rec-contact-line", value = value).nested("system", system)),
        }
    }
    for address in patient["address"].as_array().into_iter().flatten() {
        if address["use"] == "old" {
            continue;
        }
        let mut parts: Vec<String> = address["line"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        let place: Vec<&str> = ["city", "state", "postalCode"]
            .iter()
            .filter_map(|k| address[*k].as_str())
            .collect();
        if !place.is_empty() {
            parts.push(place.join(" "));
        }
        if !parts.is_empty() {
            lines.push(said!("rec-contact-address", address = parts.join(", ")));
        }
    }
    lines
}

impl Records {
    /// The parts of the record a patient confirms before a visit, for a reader checking in
    /// (the appointments answer; each part only where they also hold its scope). Audited as a
    /// record read when it shows any.
    pub async fn check_in_review(
        &self,
        permit: &Authorized<PatientScope>,
        meta: &RequestMeta,
    ) -> DomainResult<CheckInReview> {
        permit.require(Scope::Appointments, Mode::Read)?;
        let records = permit.holds(Scope::Records);
        let billing = permit.holds(Scope::Billing);
        let mut review = CheckInReview::default();
        if !records && !billing {
            return Ok(review);
        }
        let patient_id = permit.patient_id();
        let visibility = self.visibility(permit).await?;
        use record_resource::Column;
        let mut wanted = Condition::any();
        if records {
            wanted = wanted
                .add(super::active_allergies())
                .add(super::current_medications());
        }
        if billing {
            wanted = wanted.add(
                Condition::all()
                    .add(Column::ResourceType.eq("Coverage"))
                    .add(
                        Condition::any()
                            .add(Column::Status.is_null())
                            .add(Column::Status.eq("active")),
                    ),
            );
        }
        let sections = [
            (records, Section::Medications),
            (records, Section::Allergies),
            (billing, Section::Insurance),
        ]
        .into_iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, s)| s.as_str());
        let listed = self
            .shown(
                projection::listed(patient_id)
                    .filter(Column::Section.is_in(sections))
                    .filter(wanted)
                    .filter(visibility.condition()),
            )
            .await?;
        let mut medications = Vec::new();
        let mut allergies = Vec::new();
        let mut insurance = Vec::new();
        for entry in listed.iter().filter_map(Shown::entry) {
            match entry.section {
                Section::Medications => medications.push(entry),
                Section::Allergies => allergies.push(entry),
                Section::Insurance => insurance.push(entry),
                _ => {}
            }
        }
        let titles = |mut list: Vec<super::Entry>| {
            newest_first(&mut list);
            let mut titles: Vec<Said> = list
                .into_iter()
                .map(|e| match e.detail {
                    Some(detail) => said!("rec-line-titled")
                        .nested("title", e.title)
                        .nested("detail", detail),
                    None => e.title,
                })
                .collect();
            titles.dedup();
            titles
        };
        if records {
            review.medications = Some(titles(medications));
            review.allergies = Some(titles(allergies));
            let patient = record_resource::Entity::find()
                .filter(Column::PatientId.eq(patient_id))
                .filter(Column::ResourceType.eq("Patient"))
                .one(self.db())
                .await?;
            review.contact = Some(match patient {
                Some(row) => contact_lines(&self.open_resource(row)?.json),
                None => Vec::new(),
            });
        }
        if billing {
            review.insurance = Some(titles(insurance));
        }
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit.audit("record.read").resource("record", "check-in"),
        )
        .await?;
        Ok(review)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::contact_lines;
    use crate::i18n::Locale;

    #[test]
    fn contact_lines_leave_out_old_details() {
        let patient = json!({
            "telecom": [
                {"system": "phone", "value": "555-0100", "use": "home"},
                {"system": "phone", "value": "555-0199", "use": "old"},
                {"system": "email", "value": "maria@example.org"}
            ],
            "address": [
                {"line": ["12 Elm St", "Apt 3"], "city": "Boston", "state": "MA", "postalCode": "02101"},
                {"line": ["1 Old Rd"], "city": "Salem", "use": "old"}
            ]
        });
        let said = |locale| {
            contact_lines(&patient)
                .iter()
                .map(|line| line.in_language(locale))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            said(Locale::En),
            [
                "Phone (home): 555-0100",
                "E-mail: maria@example.org",
                "Address: 12 Elm St, Apt 3, Boston MA 02101"
            ]
        );
        assert_eq!(
            said(Locale::Es),
            [
                "Teléfono (casa): 555-0100",
                "Correo electrónico: maria@example.org",
                "Dirección: 12 Elm St, Apt 3, Boston MA 02101"
            ]
        );
    }
}
