//! The demo patient's numbers: what each visit's labs and vital signs measured, and the
//! Observations and DiagnosticReports that carry them. Values follow a course over the three years
//! (glucose control, blood pressure and weight improve; the statin dose goes up after the fourth
//! visit) with lab-to-lab noise, and stay within what is plausible for a woman in her late fifties.

use serde_json::{Value, json};

use super::{
    LOINC, OBSERVATION_CATEGORY, Rng, VISITS, Visit, coded, coding, concept, quantity, reference,
};

const INTERPRETATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
const DIAGNOSTIC_SERVICE: &str = "http://terminology.hl7.org/CodeSystem/v2-0074";

/// One laboratory test as the lab reports it, with the lab's reference range.
pub(super) struct LabTest {
    pub loinc: &'static str,
    /// The LOINC long common name.
    pub name: &'static str,
    /// What a patient reads.
    pub text: &'static str,
    pub ucum: &'static str,
    /// The unit as printed on the report.
    pub unit: &'static str,
    pub decimals: i32,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// A group of tests ordered together: one DiagnosticReport.
pub(super) struct Panel {
    pub loinc: &'static str,
    pub name: &'static str,
    pub text: &'static str,
}

const fn test(
    loinc: &'static str,
    name: &'static str,
    text: &'static str,
    (ucum, unit): (&'static str, &'static str),
    decimals: i32,
    (low, high): (Option<f64>, Option<f64>),
) -> LabTest {
    LabTest {
        loinc,
        name,
        text,
        ucum,
        unit,
        decimals,
        low,
        high,
    }
}

const MG_DL: (&str, &str) = ("mg/dL", "mg/dL");
const MMOL_L: (&str, &str) = ("mmol/L", "mmol/L");

// Reference ranges as a large US reference laboratory prints them for an adult woman.
pub(super) const HBA1C: LabTest = test(
    "4548-4",
    "Hemoglobin A1c/Hemoglobin.total in Blood",
    "Hemoglobin A1c",
    ("%", "%"),
    1,
    (Some(4.8), Some(5.6)),
);
pub(super) const GLUCOSE: LabTest = test(
    "1558-6",
    "Fasting glucose [Mass/volume] in Serum or Plasma",
    "Glucose, fasting",
    MG_DL,
    0,
    (Some(70.0), Some(99.0)),
);
const UREA_NITROGEN: LabTest = test(
    "3094-0",
    "Urea nitrogen [Mass/volume] in Serum or Plasma",
    "Urea nitrogen (BUN)",
    MG_DL,
    0,
    (Some(6.0), Some(24.0)),
);
pub(super) const CREATININE: LabTest = test(
    "2160-0",
    "Creatinine [Mass/volume] in Serum or Plasma",
    "Creatinine",
    MG_DL,
    2,
    (Some(0.57), Some(1.0)),
);
pub(super) const EGFR: LabTest = test(
    "98979-8",
    "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)",
    "eGFR (CKD-EPI 2021)",
    ("mL/min/{1.73_m2}", "mL/min/1.73m2"),
    0,
    (Some(60.0), None),
);
const SODIUM: LabTest = test(
    "2951-2",
    "Sodium [Moles/volume] in Serum or Plasma",
    "Sodium",
    MMOL_L,
    0,
    (Some(134.0), Some(144.0)),
);
pub(super) const POTASSIUM: LabTest = test(
    "2823-3",
    "Potassium [Moles/volume] in Serum or Plasma",
    "Potassium",
    MMOL_L,
    1,
    (Some(3.5), Some(5.2)),
);
const CHLORIDE: LabTest = test(
    "2075-0",
    "Chloride [Moles/volume] in Serum or Plasma",
    "Chloride",
    MMOL_L,
    0,
    (Some(96.0), Some(106.0)),
);
const CARBON_DIOXIDE: LabTest = test(
    "2028-9",
    "Carbon dioxide, total [Moles/volume] in Serum or Plasma",
    "Carbon dioxide, total",
    MMOL_L,
    0,
    (Some(20.0), Some(29.0)),
);
const CALCIUM: LabTest = test(
    "17861-6",
    "Calcium [Mass/volume] in Serum or Plasma",
    "Calcium",
    MG_DL,
    1,
    (Some(8.7), Some(10.2)),
);
const TOTAL_CHOLESTEROL: LabTest = test(
    "2093-3",
    "Cholesterol [Mass/volume] in Serum or Plasma",
    "Cholesterol, total",
    MG_DL,
    0,
    (Some(100.0), Some(199.0)),
);
const TRIGLYCERIDES: LabTest = test(
    "2571-8",
    "Triglyceride [Mass/volume] in Serum or Plasma",
    "Triglycerides",
    MG_DL,
    0,
    (Some(0.0), Some(149.0)),
);
const HDL: LabTest = test(
    "2085-9",
    "Cholesterol in HDL [Mass/volume] in Serum or Plasma",
    "HDL cholesterol",
    MG_DL,
    0,
    (Some(40.0), None),
);
pub(super) const LDL: LabTest = test(
    "13457-7",
    "Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation",
    "LDL cholesterol (calculated)",
    MG_DL,
    0,
    (Some(0.0), Some(99.0)),
);
pub(super) const ALBUMIN_CREATININE: LabTest = test(
    "9318-7",
    "Albumin/Creatinine [Mass Ratio] in Urine",
    "Albumin/creatinine ratio, urine",
    ("mg/g{creat}", "mg/g creat"),
    0,
    (Some(0.0), Some(29.0)),
);

const HBA1C_PANEL: Panel = Panel {
    loinc: "4548-4",
    name: "Hemoglobin A1c/Hemoglobin.total in Blood",
    text: "Hemoglobin A1c",
};
const LIPID_PANEL: Panel = Panel {
    loinc: "24331-1",
    name: "Lipid 1996 panel - Serum or Plasma",
    text: "Lipid panel",
};
const METABOLIC_PANEL: Panel = Panel {
    loinc: "24321-2",
    name: "Basic metabolic 2000 panel - Serum or Plasma",
    text: "Basic metabolic panel",
};
const URINE_ALBUMIN_PANEL: Panel = Panel {
    loinc: "9318-7",
    name: "Albumin/Creatinine [Mass Ratio] in Urine",
    text: "Urine albumin/creatinine ratio",
};

/// Rounds to what the lab reports (`decimals` places).
fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// eGFR by the race-free CKD-EPI 2021 creatinine equation, for a woman.
fn egfr_ckd_epi_2021_female(creatinine: f64, age: u32) -> f64 {
    let ratio = creatinine / 0.7;
    142.0
        * ratio.min(1.0).powf(-0.241)
        * ratio.max(1.0).powf(-1.2)
        * 0.9938f64.powi(age as i32)
        * 1.012
}

/// How far through the three years a visit is: 0.0 for the first, 1.0 for the last.
fn progress(visit: usize) -> f64 {
    visit as f64 / (VISITS - 1) as f64
}

/// One visit's lab results, rounded as reported.
pub(super) struct Labs {
    pub a1c: f64,
    pub glucose: f64,
    pub urea_nitrogen: f64,
    pub creatinine: f64,
    pub egfr: f64,
    pub sodium: f64,
    pub potassium: f64,
    pub chloride: f64,
    pub carbon_dioxide: f64,
    pub calcium: f64,
    pub total_cholesterol: f64,
    pub triglycerides: f64,
    pub hdl: f64,
    pub ldl: f64,
    pub albumin_creatinine: f64,
}

/// The visit (0-based) after whose labs atorvastatin goes from 20 to 40 mg.
pub(super) const STATIN_INCREASE_VISIT: usize = 3;

impl Labs {
    pub(super) fn measure(visit: usize, age: u32, rng: &mut Rng) -> Labs {
        let p = progress(visit);
        let a1c = round_to(8.4 - 1.4 * p + rng.noise(0.2), 1);
        // Fasting glucose runs somewhat below the A1c's estimated average glucose.
        let glucose = round_to(26.0 * a1c - 45.0 + rng.noise(12.0), 0);
        let creatinine = round_to(0.86 + 0.1 * p + rng.noise(0.05), 2);
        let hdl = round_to(45.0 + 3.0 * p + rng.noise(3.0), 0);
        let triglycerides = round_to(215.0 - 55.0 * p + rng.noise(20.0), 0);
        let ldl_level = if visit <= STATIN_INCREASE_VISIT {
            131.0
        } else {
            96.0 - 12.0 * (visit - STATIN_INCREASE_VISIT - 1) as f64
                / (VISITS - STATIN_INCREASE_VISIT - 2) as f64
        } + rng.noise(6.0);
        // Measured: total, HDL and triglycerides; LDL is calculated from them (Friedewald).
        let total_cholesterol = round_to(ldl_level + hdl + triglycerides / 5.0, 0);
        let ldl = round_to(total_cholesterol - hdl - triglycerides / 5.0, 0);
        Labs {
            a1c,
            glucose,
            urea_nitrogen: round_to(15.0 + 2.0 * p + rng.noise(3.0), 0),
            creatinine,
            egfr: round_to(egfr_ckd_epi_2021_female(creatinine, age), 0),
            sodium: round_to(139.0 + rng.noise(2.5), 0),
            potassium: round_to(4.3 + 0.2 * p + rng.noise(0.3), 1),
            chloride: round_to(102.0 + rng.noise(2.5), 0),
            carbon_dioxide: round_to(25.0 + rng.noise(2.5), 0),
            calcium: round_to(9.4 + rng.noise(0.3), 1),
            total_cholesterol,
            triglycerides,
            hdl,
            ldl,
            // Moderately increased at first; falls on the ACE inhibitor as pressure comes down.
            albumin_creatinine: round_to(34.0 - 18.0 * p + rng.noise(4.0), 0),
        }
    }

    /// The results grouped as they were ordered and reported.
    fn panels(&self) -> [(&'static Panel, Vec<(&'static LabTest, f64)>); 4] {
        [
            (&HBA1C_PANEL, vec![(&HBA1C, self.a1c)]),
            (
                &LIPID_PANEL,
                vec![
                    (&TOTAL_CHOLESTEROL, self.total_cholesterol),
                    (&TRIGLYCERIDES, self.triglycerides),
                    (&HDL, self.hdl),
                    (&LDL, self.ldl),
                ],
            ),
            (
                &METABOLIC_PANEL,
                vec![
                    (&GLUCOSE, self.glucose),
                    (&UREA_NITROGEN, self.urea_nitrogen),
                    (&CREATININE, self.creatinine),
                    (&EGFR, self.egfr),
                    (&SODIUM, self.sodium),
                    (&POTASSIUM, self.potassium),
                    (&CHLORIDE, self.chloride),
                    (&CARBON_DIOXIDE, self.carbon_dioxide),
                    (&CALCIUM, self.calcium),
                ],
            ),
            (
                &URINE_ALBUMIN_PANEL,
                vec![(&ALBUMIN_CREATININE, self.albumin_creatinine)],
            ),
        ]
    }
}

/// One visit's vital signs, rounded as charted.
pub(super) struct Vitals {
    pub systolic: f64,
    pub diastolic: f64,
    pub heart_rate: f64,
    pub weight_kg: f64,
    pub height_cm: f64,
    pub bmi: f64,
}

impl Vitals {
    pub(super) fn measure(visit: usize, rng: &mut Rng) -> Vitals {
        let p = progress(visit);
        let weight_kg = round_to(92.0 - 5.8 * p + rng.noise(0.7), 1);
        let height_cm = round_to(162.6 + rng.noise(0.3), 1);
        let metres = height_cm / 100.0;
        Vitals {
            systolic: round_to(146.0 - 18.0 * p + rng.noise(6.0), 0),
            diastolic: round_to(90.0 - 12.0 * p + rng.noise(4.0), 0),
            heart_rate: round_to(76.0 - 4.0 * p + rng.noise(5.0), 0),
            weight_kg,
            height_cm,
            bmi: round_to(weight_kg / (metres * metres), 1),
        }
    }
}

/// H, L or N (v3 ObservationInterpretation) for `value` against the test's range.
pub(super) fn interpretation(test: &LabTest, value: f64) -> (&'static str, &'static str) {
    if test.low.is_some_and(|low| value < low) {
        ("L", "Low")
    } else if test.high.is_some_and(|high| value > high) {
        ("H", "High")
    } else {
        ("N", "Normal")
    }
}

fn reference_range(test: &LabTest) -> Value {
    let mut range = json!({});
    let bound = |value: f64| quantity(value, test.decimals, test.ucum, test.unit);
    if let Some(low) = test.low {
        range["low"] = bound(low);
    }
    if let Some(high) = test.high {
        range["high"] = bound(high);
    }
    range["text"] = json!(match (test.low, test.high) {
        (Some(low), Some(high)) if low > 0.0 => format!("{low}-{high} {}", test.unit),
        (_, Some(high)) => format!("<={high} {}", test.unit),
        (Some(low), None) => format!(">={low} {}", test.unit),
        (None, None) => String::new(),
    });
    range
}

/// An Observation of `category` measured at `visit`, without its value.
fn observation(category: &str, code: Value, effective: &str, visit: &Visit) -> Value {
    let display = match category {
        "laboratory" => "Laboratory",
        _ => "Vital Signs",
    };
    json!({
        "resourceType": "Observation",
        "status": "final",
        "category": [coded(OBSERVATION_CATEGORY, category, display)],
        "code": code,
        "subject": visit.patient,
        "encounter": visit.encounter,
        "effectiveDateTime": effective,
    })
}

/// A laboratory result with its unit, reference range and interpretation.
fn lab_observation(test: &LabTest, value: f64, visit: &Visit) -> Value {
    let code = concept(test.text, &[coding(LOINC, test.loinc, test.name)]);
    let mut obs = observation("laboratory", code, &visit.collected, visit);
    let (flag, flag_display) = interpretation(test, value);
    obs["issued"] = json!(visit.issued);
    obs["performer"] = json!([visit.lab]);
    obs["valueQuantity"] = quantity(value, test.decimals, test.ucum, test.unit);
    obs["interpretation"] = json!([coded(INTERPRETATION, flag, flag_display)]);
    obs["referenceRange"] = json!([reference_range(test)]);
    obs
}

/// A vital sign with one value (`quantity_obs` in the FHIR vital-signs profile's terms).
fn quantity_obs(
    (loinc, name, text): (&str, &str, &str),
    (value, decimals, ucum, unit): (f64, i32, &str, &str),
    visit: &Visit,
) -> Value {
    let code = concept(text, &[coding(LOINC, loinc, name)]);
    let mut obs = observation("vital-signs", code, &visit.vitals_taken, visit);
    obs["valueQuantity"] = quantity(value, decimals, ucum, unit);
    obs
}

/// Adds a visit's lab results (Observations) and the reports that group them.
pub(super) fn add_labs(record: &mut super::Record, visit: &Visit, labs: &Labs) {
    for (panel, results) in labs.panels() {
        let mut result_refs = Vec::new();
        for (test, value) in results {
            let key = format!("{}/lab/{}", visit.key, test.loinc);
            let url = record.add(&key, lab_observation(test, value, visit));
            result_refs.push(reference(&url, test.text));
        }
        let report = json!({
            "resourceType": "DiagnosticReport",
            "status": "final",
            "category": [coded(DIAGNOSTIC_SERVICE, "LAB", "Laboratory")],
            "code": concept(panel.text, &[coding(LOINC, panel.loinc, panel.name)]),
            "subject": visit.patient,
            "encounter": visit.encounter,
            "effectiveDateTime": visit.collected,
            "issued": visit.issued,
            "performer": [visit.lab],
            "result": result_refs,
        });
        record.add(&format!("{}/report/{}", visit.key, panel.loinc), report);
    }
}

/// Adds a visit's vital signs: blood pressure (one panel, two components), heart rate, weight,
/// height and BMI.
pub(super) fn add_vitals(record: &mut super::Record, visit: &Visit, vitals: &Vitals) {
    let mm_hg = |value: f64| quantity(value, 0, "mm[Hg]", "mmHg");
    let mut blood_pressure = observation(
        "vital-signs",
        concept(
            "Blood pressure",
            &[coding(
                LOINC,
                "85354-9",
                "Blood pressure panel with all children optional",
            )],
        ),
        &visit.vitals_taken,
        visit,
    );
    blood_pressure["component"] = json!([
        {
            "code": coded(LOINC, "8480-6", "Systolic blood pressure"),
            "valueQuantity": mm_hg(vitals.systolic),
        },
        {
            "code": coded(LOINC, "8462-4", "Diastolic blood pressure"),
            "valueQuantity": mm_hg(vitals.diastolic),
        },
    ]);
    let rows = [
        ("85354-9", blood_pressure),
        (
            "8867-4",
            quantity_obs(
                ("8867-4", "Heart rate", "Heart rate"),
                (vitals.heart_rate, 0, "/min", "beats/minute"),
                visit,
            ),
        ),
        (
            "29463-7",
            quantity_obs(
                ("29463-7", "Body weight", "Weight"),
                (vitals.weight_kg, 1, "kg", "kg"),
                visit,
            ),
        ),
        (
            "8302-2",
            quantity_obs(
                ("8302-2", "Body height", "Height"),
                (vitals.height_cm, 1, "cm", "cm"),
                visit,
            ),
        ),
        (
            "39156-5",
            quantity_obs(
                ("39156-5", "Body mass index (BMI) [Ratio]", "BMI"),
                (vitals.bmi, 1, "kg/m2", "kg/m2"),
                visit,
            ),
        ),
    ];
    for (loinc, obs) in rows {
        record.add(&format!("{}/vitals/{loinc}", visit.key), obs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn egfr_matches_the_published_equation_at_known_points() {
        // At the equation's knot (0.7 mg/dL) only age matters: 142 × 0.9938^age × 1.012.
        let at_knot = egfr_ckd_epi_2021_female(0.7, 50);
        assert!((at_knot - 142.0 * 0.9938f64.powi(50) * 1.012).abs() < 1e-9);
        // 1.0 mg/dL at 58: about 65 mL/min/1.73 m² (published calculators give 65).
        assert_eq!(round_to(egfr_ckd_epi_2021_female(1.0, 58), 0), 65.0);
    }

    #[test]
    fn interpretation_follows_the_range_edges() {
        assert_eq!(interpretation(&GLUCOSE, 99.0).0, "N");
        assert_eq!(interpretation(&GLUCOSE, 100.0).0, "H");
        assert_eq!(interpretation(&GLUCOSE, 69.0).0, "L");
        assert_eq!(
            interpretation(&EGFR, 300.0).0,
            "N",
            "eGFR has no upper limit"
        );
        assert_eq!(interpretation(&EGFR, 59.0).0, "L");
    }
}
