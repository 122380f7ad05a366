//! `portico admin` commands for the clinic's schedule: its time zone and reminder lead times,
//! visit types, clinicians, locations, weekly templates, time off, and the demo clinic's
//! schedule (`schedule-demo`, which `cargo xtask run` uses).

use chrono::{Datelike, Duration, NaiveDate, Utc};
use clap::Args;
use portico_domain::{
    Services,
    audit::RequestMeta,
    scheduling::{
        ClinicZone, Configurer, NewClinician, NewException, NewLocation, NewTemplate,
        OnlineBooking, VisitTypeRules, parse_clock,
    },
};

#[derive(Args)]
pub struct ScheduleArgs {
    /// The clinic's IANA time zone, such as America/New_York.
    #[arg(long)]
    time_zone: Option<String>,
    /// Hours before a visit that reminders go out, comma-separated (default 72,24).
    #[arg(long)]
    reminder_hours: Option<String>,
}

#[derive(Args)]
pub struct VisitTypeArgs {
    /// Lower-case letters, digits and dashes; an existing id is replaced.
    #[arg(long)]
    id: String,
    #[arg(long)]
    name: String,
    #[arg(long)]
    minutes: u32,
    /// anyone, established or staff (booked by the clinic only).
    #[arg(long, default_value = "anyone")]
    booking: String,
    /// For `established`: seen within this many months.
    #[arg(long, default_value_t = 24)]
    established_months: u32,
    /// How soon patients may book online, in hours.
    #[arg(long, default_value_t = 2)]
    lead_hours: u32,
    #[arg(long, default_value_t = 56)]
    horizon_days: u32,
    /// Later cancellations are "call the clinic".
    #[arg(long, default_value_t = 24)]
    cutoff_hours: u32,
    /// What to bring.
    #[arg(long)]
    instructions: Option<String>,
    /// The questionnaires asked at online check-in, comma-separated (general, phq-2).
    #[arg(long, default_value = "general")]
    questionnaires: String,
}

#[derive(Args)]
pub struct ClinicianArgs {
    #[arg(long)]
    name: String,
    /// Shown under the name ("Family physician").
    #[arg(long)]
    title: Option<String>,
}

#[derive(Args)]
pub struct LocationArgs {
    #[arg(long)]
    name: String,
    /// Lines separated by `;`.
    #[arg(long)]
    address: String,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    directions: Option<String>,
}

#[derive(Args)]
pub struct TemplateArgs {
    #[arg(long)]
    clinician: String,
    #[arg(long)]
    location: String,
    /// Days of the week, 1 (Monday) to 7, comma-separated.
    #[arg(long)]
    weekdays: String,
    /// 08:30
    #[arg(long)]
    start: String,
    #[arg(long)]
    end: String,
    #[arg(long, default_value_t = 20)]
    slot_minutes: u32,
    /// Visit type ids, comma-separated.
    #[arg(long)]
    visit_types: String,
    /// First day (YYYY-MM-DD; default today).
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    until: Option<String>,
}

#[derive(Args)]
pub struct TimeOffArgs {
    #[arg(long)]
    clinician: String,
    /// YYYY-MM-DD
    #[arg(long)]
    day: String,
    #[arg(long, default_value = "00:00")]
    start: String,
    #[arg(long, default_value = "23:59")]
    end: String,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Args)]
pub struct ScheduleDemoArgs {
    /// The demo patient (Maria), who gets one past and one upcoming visit.
    #[arg(long)]
    patient_id: String,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn day(field: &str, value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| format!("--{field}: enter the day as YYYY-MM-DD"))
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

pub async fn schedule(services: &Services, args: ScheduleArgs) -> Result<(), String> {
    let s = &services.scheduling;
    let meta = RequestMeta::cli();
    if let Some(zone) = &args.time_zone {
        let zone = ClinicZone::parse(zone).map_err(err)?;
        s.set_time_zone(Configurer::CommandLine, &zone, &meta)
            .await
            .map_err(err)?;
        s.generate_slots(None).await.map_err(err)?;
    }
    if let Some(hours) = &args.reminder_hours {
        s.set_reminder_leads(Configurer::CommandLine, hours, &meta)
            .await
            .map_err(err)?;
    }
    say!("Time zone: {}", s.zone().await.map_err(err)?.name());
    let leads = s.reminder_leads().await.map_err(err)?;
    say!(
        "Reminders: {} hours before a visit",
        leads
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" and ")
    );
    for v in s.visit_types().await.map_err(err)? {
        say!(
            "Visit type {}: {} ({} min, booked by {}, {} h lead, {} days ahead, {} h cut-off)",
            v.id,
            v.name,
            v.minutes,
            v.booking.as_str(),
            v.min_lead_minutes / 60,
            v.horizon_days,
            v.cancel_cutoff_hours
        );
    }
    for c in s.clinicians().await.map_err(err)? {
        say!("Clinician {}: {}", c.id, c.name);
    }
    for l in s.locations().await.map_err(err)? {
        say!("Location {}: {}", l.id, l.name);
    }
    Ok(())
}

pub async fn visit_type(services: &Services, a: VisitTypeArgs) -> Result<(), String> {
    let rules = VisitTypeRules {
        id: a.id.trim().to_owned(),
        name: a.name,
        minutes: a.minutes,
        booking: OnlineBooking::parse(&a.booking).map_err(err)?,
        established_months: a.established_months,
        min_lead_minutes: a.lead_hours * 60,
        horizon_days: a.horizon_days,
        cancel_cutoff_hours: a.cutoff_hours,
        instructions: a.instructions,
        questionnaires: a
            .questionnaires
            .split(',')
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    let id = rules.id.clone();
    services
        .scheduling
        .save_visit_type(Configurer::CommandLine, rules, &RequestMeta::cli())
        .await
        .map_err(err)?;
    say!("Visit type {id} saved.");
    Ok(())
}

pub async fn clinician(services: &Services, a: ClinicianArgs) -> Result<(), String> {
    let id = services
        .scheduling
        .add_clinician(
            Configurer::CommandLine,
            NewClinician {
                name: a.name,
                title: a.title,
                account_id: None,
            },
            &RequestMeta::cli(),
        )
        .await
        .map_err(err)?;
    say!("Clinician {id} added.");
    Ok(())
}

pub async fn location(services: &Services, a: LocationArgs) -> Result<(), String> {
    let id = services
        .scheduling
        .add_location(
            Configurer::CommandLine,
            NewLocation {
                name: a.name,
                address: a
                    .address
                    .split(';')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n"),
                phone: a.phone,
                directions: a.directions,
            },
            &RequestMeta::cli(),
        )
        .await
        .map_err(err)?;
    say!("Location {id} added.");
    Ok(())
}

pub async fn template(services: &Services, a: TemplateArgs) -> Result<(), String> {
    let from = match &a.from {
        Some(v) => day("from", v)?,
        None => Utc::now().date_naive(),
    };
    let until = a.until.as_deref().map(|v| day("until", v)).transpose()?;
    let (start, end) = (
        parse_clock("start", &a.start).map_err(err)?,
        parse_clock("end", &a.end).map_err(err)?,
    );
    for weekday in list(&a.weekdays) {
        let weekday: u32 = weekday
            .parse()
            .map_err(|_| "--weekdays: numbers 1 (Monday) to 7".to_owned())?;
        let id = services
            .scheduling
            .add_template(
                Configurer::CommandLine,
                NewTemplate {
                    clinician_id: a.clinician.clone(),
                    location_id: a.location.clone(),
                    weekday,
                    start_minute: start,
                    end_minute: end,
                    slot_minutes: a.slot_minutes,
                    visit_types: list(&a.visit_types),
                    valid_from: from,
                    valid_until: until,
                },
                &RequestMeta::cli(),
            )
            .await
            .map_err(err)?;
        say!("Template {id} added.");
    }
    Ok(())
}

pub async fn time_off(services: &Services, a: TimeOffArgs) -> Result<(), String> {
    let end = if a.end == "23:59" {
        24 * 60
    } else {
        parse_clock("end", &a.end).map_err(err)?
    };
    let id = services
        .scheduling
        .add_exception(
            Configurer::CommandLine,
            NewException::Closed {
                clinician_id: a.clinician,
                location_id: None,
                day: day("day", &a.day)?,
                start_minute: parse_clock("start", &a.start).map_err(err)?,
                end_minute: end,
                note: a.note,
            },
            &RequestMeta::cli(),
        )
        .await
        .map_err(err)?;
    say!("Time off {id} added; free times in it are no longer offered.");
    Ok(())
}

/// The demo clinic: Tucson (Arizona keeps one offset all year), three clinicians at two
/// locations, weekday templates, and Maria's last visit and next one. Does nothing to a
/// clinic that already has clinicians, except give Maria an upcoming visit if she has none.
pub async fn schedule_demo(services: &Services, a: ScheduleDemoArgs) -> Result<(), String> {
    let s = &services.scheduling;
    let meta = RequestMeta::cli();
    let cli = || Configurer::CommandLine;
    if s.clinicians().await.map_err(err)?.is_empty() {
        s.set_time_zone(
            cli(),
            &ClinicZone::parse("America/Phoenix").map_err(err)?,
            &meta,
        )
        .await
        .map_err(err)?;
        let visit_types = [
            (
                "follow-up",
                "Follow-up visit",
                20,
                OnlineBooking::Established,
                Some("Your medicines (or a list), your blood sugar log, and your insurance card."),
            ),
            (
                "new-problem",
                "New problem",
                20,
                OnlineBooking::Anyone,
                Some("A list of your medicines and your insurance card."),
            ),
            (
                "physical",
                "Annual physical",
                40,
                OnlineBooking::Staff,
                Some("Come fasting (water is fine) if you have blood tests due."),
            ),
        ];
        for (id, name, minutes, booking, instructions) in visit_types {
            s.save_visit_type(
                cli(),
                VisitTypeRules {
                    id: id.into(),
                    name: name.into(),
                    minutes,
                    booking,
                    established_months: 24,
                    min_lead_minutes: 120,
                    horizon_days: 56,
                    cancel_cutoff_hours: 24,
                    instructions: instructions.map(str::to_owned),
                    questionnaires: if id == "physical" {
                        vec!["general".into(), "phq-2".into()]
                    } else {
                        vec!["general".into()]
                    },
                },
                &meta,
            )
            .await
            .map_err(err)?;
        }
        let mut locations = Vec::new();
        for (name, address) in [
            (
                "Portico Demo Clinic, Main Street",
                "100 Main Street\nTucson, AZ 85701",
            ),
            (
                "Portico Demo Clinic, Eastside",
                "4500 East Speedway Boulevard\nTucson, AZ 85712",
            ),
        ] {
            locations.push(
                s.add_location(
                    cli(),
                    NewLocation {
                        name: name.into(),
                        address: address.into(),
                        phone: Some("+1 555 010 2000".into()),
                        directions: Some(
                            "Parking behind the building; the entrance is step-free.".into(),
                        ),
                    },
                    &meta,
                )
                .await
                .map_err(err)?,
            );
        }
        let zone = s.zone().await.map_err(err)?;
        let today = zone.today(s.now());
        let mut clinicians = Vec::new();
        let people = [
            ("Dr Hannah Reyes", "Family physician", 0, [1, 2, 3, 4, 5]),
            ("Dr Samuel Okafor", "Internal medicine", 1, [1, 3, 5, 0, 0]),
            ("Lena Park, NP", "Nurse practitioner", 0, [2, 4, 0, 0, 0]),
        ];
        for (name, title, at, days) in people {
            let clinician = s
                .add_clinician(
                    cli(),
                    NewClinician {
                        name: name.into(),
                        title: Some(title.into()),
                        account_id: None,
                    },
                    &meta,
                )
                .await
                .map_err(err)?;
            clinicians.push(clinician.clone());
            for weekday in days.into_iter().filter(|d| *d > 0) {
                for (start, end) in [(8 * 60, 12 * 60), (13 * 60, 17 * 60)] {
                    s.add_template(
                        cli(),
                        NewTemplate {
                            clinician_id: clinician.clone(),
                            location_id: locations[at].clone(),
                            weekday,
                            start_minute: start,
                            end_minute: end,
                            slot_minutes: 20,
                            visit_types: vec![
                                "follow-up".into(),
                                "new-problem".into(),
                                "physical".into(),
                            ],
                            valid_from: today,
                            valid_until: Some(today + Duration::weeks(8)),
                        },
                        &meta,
                    )
                    .await
                    .map_err(err)?;
                }
            }
        }
        // Maria's last follow-up with Dr Reyes, six weeks ago at 9:00.
        let mut past = today - Duration::weeks(6);
        while past.weekday().number_from_monday() > 5 {
            past -= Duration::days(1);
        }
        if let Some(at) = zone.instant(past, 9 * 60) {
            s.record_held_visit(
                cli(),
                &a.patient_id,
                "follow-up",
                &clinicians[0],
                &locations[0],
                at,
                &meta,
            )
            .await
            .map_err(err)?;
        }
    }
    // The command line speaks English (operator text).
    let booked = s
        .demo_upcoming_visit(
            &a.patient_id,
            "follow-up",
            portico_domain::i18n::Locale::En,
            &meta,
        )
        .await
        .map_err(err)?;
    if let Some(when) = booked {
        say!("Demo schedule ready; Maria's next visit: {when}.");
    } else {
        say!("Demo schedule ready.");
    }
    Ok(())
}
