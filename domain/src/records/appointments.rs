//! Appointments that came in with an import (FHIR R4 `Appointment`, with the `Slot`s and
//! `Schedule`s they name kept as shared resources): shown read-only beside the visits booked in
//! Portico, and exported with the record. They are the other system's: Portico does not move or
//! cancel them.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;

use super::{
    Records,
    fhir_values::{concept_text, instant, reference_display, reference_id},
};
use crate::{
    DomainResult,
    access::{Authorized, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    entities::record_resource,
    i18n::Said,
    said,
};

/// At most this many imported appointments are shown, the newest first.
pub const IMPORTED_SHOWN: u64 = 50;

/// An imported appointment as the appointments page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedVisit {
    pub id: String,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    /// FHIR `Appointment.status`.
    pub status: String,
    /// The type of visit, or its description (Portico's "Visit" when it has neither).
    pub title: Said,
    /// Who else takes part (clinicians, places), as the sender named them.
    pub with: Vec<String>,
}

fn imported_visit(id: String, r: &Value) -> ImportedVisit {
    let title = concept_text(&r["appointmentType"])
        .or_else(|| {
            r["serviceType"]
                .as_array()
                .and_then(|types| types.iter().find_map(concept_text))
        })
        .or_else(|| r["description"].as_str().map(str::to_owned))
        .map(Said::plain)
        .unwrap_or_else(|| said!("rec-visit-untitled"));
    let with = r["participant"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| reference_id(&p["actor"], "Patient").is_none())
        .filter_map(|p| reference_display(&p["actor"]))
        .collect();
    ImportedVisit {
        id,
        start: instant(&r["start"]),
        end: instant(&r["end"]),
        status: r["status"].as_str().unwrap_or("booked").to_owned(),
        title,
        with,
    }
}

impl Records {
    /// The patient's imported appointments this reader may see, newest first (at most
    /// [`IMPORTED_SHOWN`]): for the appointments page (the appointments answer). Audited as a
    /// record read when there are any.
    pub async fn imported_appointments(
        &self,
        permit: &Authorized<PatientScope>,
        meta: &RequestMeta,
    ) -> DomainResult<Vec<ImportedVisit>> {
        permit.require(Scope::Appointments, Mode::Read)?;
        let visibility = self.visibility(permit).await?;
        use record_resource::Column;
        let rows = record_resource::Entity::find()
            .filter(Column::PatientId.eq(permit.patient_id()))
            .filter(Column::ResourceType.eq("Appointment"))
            .filter(visibility.condition())
            .order_by_desc(Column::EffectiveAt)
            .order_by_desc(Column::Id)
            .limit(IMPORTED_SHOWN)
            .all(self.db())
            .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut visits = Vec::with_capacity(rows.len());
        for row in rows {
            let stored = self.open_resource(row)?;
            visits.push(imported_visit(stored.row.id.clone(), &stored.json));
        }
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("record.read")
                .resource("record", "imported appointments"),
        )
        .await?;
        Ok(visits)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::imported_visit;
    use crate::i18n::Said;

    #[test]
    fn an_imported_appointment_reads_as_a_visit_with_the_others_taking_part() {
        let visit = imported_visit(
            "row".into(),
            &json!({
                "resourceType": "Appointment", "status": "fulfilled",
                "serviceType": [{"coding": [{"code": "124"}], "text": "General practice"}],
                "start": "2025-03-12T15:00:00Z", "end": "2025-03-12T15:20:00Z",
                "participant": [
                    {"actor": {"reference": "Patient/p1", "display": "Maria"}, "status": "accepted"},
                    {"actor": {"reference": "Practitioner/d1", "display": "Dr Lee"}, "status": "accepted"},
                    {"actor": {"reference": "Location/l1"}, "status": "accepted"}
                ]
            }),
        );
        assert_eq!(visit.title, Said::plain("General practice"));
        assert_eq!(visit.with, ["Dr Lee"]);
        assert_eq!(visit.status, "fulfilled");
        assert_eq!(
            visit.start.unwrap().to_rfc3339(),
            "2025-03-12T15:00:00+00:00"
        );
    }
}
