//! A patient's visits as FHIR R4 `Appointment` resources, for the record's export: every visit
//! and request, with its status, times, visit type, reason (the patient's own words, opened from
//! its seal) and who takes part (the patient, the clinician and the location, by name); and the
//! answers given at online check-in, as `QuestionnaireResponse`s.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use super::{PREFERRED, REASON, Scheduling};
use crate::{
    DomainResult,
    access::{Authorized, Mode, PatientScope, Scope},
    entities::appointment,
};

/// One visit (or a check-in's `QuestionnaireResponse`), ready to be written as an `Appointment` once the export knows how it names the
/// patient.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportedVisit {
    resource: Value,
}

impl ExportedVisit {
    /// The `Appointment`, its patient participant referring to `patient_reference`
    /// (`Patient/…` as the export names the patient).
    pub fn resource(&self, patient_reference: &str) -> Value {
        let mut resource = self.resource.clone();
        if resource["resourceType"] == "QuestionnaireResponse" {
            resource["subject"] = json!({"reference": patient_reference});
            return resource;
        }
        if let Some(participants) = resource["participant"].as_array_mut() {
            participants.insert(
                0,
                json!({"actor": {"reference": patient_reference}, "required": "required",
                    "status": "accepted"}),
            );
        }
        resource
    }
}

/// FHIR R4 `Appointment.status` for a stored status.
fn fhir_status(status: &str) -> &'static str {
    match status {
        "requested" => "proposed",
        "booked" => "booked",
        "arrived" => "arrived",
        "fulfilled" => "fulfilled",
        "noshow" => "noshow",
        _ => "cancelled",
    }
}

fn instant(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Scheduling {
    /// Every visit and request of the patient, oldest first, for the record's export (the
    /// policy's answer for it, which is audited as a whole): none unless the reader also holds
    /// the appointments scope.
    pub async fn exported_visits(
        &self,
        permit: &Authorized<PatientScope>,
    ) -> DomainResult<Vec<ExportedVisit>> {
        permit.require(Scope::Records, Mode::Read)?;
        if !permit.holds(Scope::Appointments) {
            return Ok(Vec::new());
        }
        let names = self.names().await?;
        let vault = self.core.vault();
        let rows = appointment::Entity::find()
            .filter(appointment::Column::PatientId.eq(permit.patient_id()))
            .order_by_asc(appointment::Column::CreatedAt)
            .order_by_asc(appointment::Column::Id)
            .all(self.db())
            .await?;
        let mut visits = Vec::with_capacity(rows.len());
        for row in rows {
            let visit_type = names.visit_types.get(&row.visit_type_id);
            let mut resource = json!({
                "resourceType": "Appointment",
                "id": row.id,
                "status": fhir_status(&row.status),
                "appointmentType": {"text": visit_type
                    .map_or_else(|| row.visit_type_id.clone(), |v| v.name.clone())},
                "created": instant(row.created_at),
                "participant": [],
            });
            if let (Some(start), Some(end)) = (row.start_at, row.end_at) {
                resource["start"] = json!(instant(start));
                resource["end"] = json!(instant(end));
                resource["minutesDuration"] = json!((end - start).num_minutes());
            }
            if let Some(reason) = &row.reason {
                resource["reasonCode"] = json!([{"text": vault.open(REASON, &row.id, reason)?}]);
            }
            if let Some(preferred) = &row.preferred {
                let times = vault.open(PREFERRED, &row.id, preferred)?;
                resource["comment"] = json!(format!(
                    "Preferred times: {}",
                    times.lines().collect::<Vec<_>>().join("; ")
                ));
            }
            let participants = resource["participant"]
                .as_array_mut()
                .expect("made as an array above");
            if let Some(clinician) = row
                .clinician_id
                .as_ref()
                .and_then(|id| names.clinicians.get(id))
            {
                participants.push(json!({"actor": {"display": clinician.name},
                    "required": "required", "status": "accepted"}));
            }
            if let Some(location) = row
                .location_id
                .as_ref()
                .and_then(|id| names.locations.get(id))
            {
                participants.push(json!({"actor": {"display": format!("{}, {}",
                    location.name, location.address.replace('\n', ", "))},
                    "required": "required", "status": "accepted"}));
            }
            visits.push(ExportedVisit { resource });
        }
        visits.extend(
            self.exported_check_ins(permit)
                .await?
                .into_iter()
                .map(|resource| ExportedVisit { resource }),
        );
        Ok(visits)
    }
}
