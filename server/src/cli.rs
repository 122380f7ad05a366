//! The `portico` command. With no arguments it serves; subcommands administer the installation.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::schedule_admin;
use portico_domain::{
    DomainError,
    clinic::{self, ClinicName, ClinicProfileUpdate, ContactEmail, PhoneNumber},
    db,
};

use crate::{
    config::Config,
    startup::{Application, build_services},
    telemetry,
};

/// One line of output (see `say!`). A closed pipe ends the process with success: the reader took
/// what it wanted. Any other failure to write is an error on stderr and exit status 1.
pub fn print_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let written = out
        .write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(err) => {
            eprintln!("portico: cannot write the output: {err}");
            std::process::exit(1);
        }
    }
}

#[derive(Parser)]
#[command(
    name = "portico",
    about = "Portico patient portal",
    disable_version_flag = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (the default).
    Serve,
    /// Administer the installation.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Manage the keys that protect health information at rest.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Copy the database to a new file while Portico keeps serving (SQLite: a snapshot; PostgreSQL:
    /// pg_dump's custom format). The key file is not in it: keep that apart.
    Backup(BackupArgs),
    /// Restore a backup into the configured database (DATABASE_URL / PORTICO_DATA_DIR), which
    /// must hold no data: needs the installation's key file; checks the audit chain first.
    Restore(RestoreArgs),
    /// Import FHIR R4 records: Bundles (batch, transaction, collection, searchset), single
    /// resources or Bulk Data NDJSON, as files or directories. All paths are one import: either
    /// everything is stored or nothing is.
    Import(ImportArgs),
}

#[derive(Args)]
struct BackupArgs {
    /// The new file to write.
    #[arg(long)]
    to: std::path::PathBuf,
}

#[derive(Args)]
struct RestoreArgs {
    /// The backup file.
    #[arg(long)]
    from: std::path::PathBuf,
}

#[derive(Args)]
struct ImportArgs {
    /// Files or directories (every .json and .ndjson file in them).
    paths: Vec<std::path::PathBuf>,
    /// Also import the generated demo patient (an adult with chronic conditions and lab series)
    /// and print their patient id and date of birth.
    #[arg(long)]
    demo: bool,
    /// The system the files come from (e.g. hospital-a), when it is not the clinic's own: its
    /// resources are kept apart from other sources that reuse the same ids.
    #[arg(long, default_value = "")]
    source: String,
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Which key-encryption keys wrap the stored data keys.
    Status,
    /// Re-wrap every data key with the first key in the key file (all or nothing).
    Rotate,
    /// Print a new key line to put first in the key file (or in PORTICO_KEYS) before rotating.
    New,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Set the clinic's public name and contact details.
    Clinic(ClinicArgs),
    /// Create the first administrator's one-time enrolment link (refused once an admin exists).
    CreateAdmin(CreateAdminArgs),
    /// Register a patient and print their activation code.
    InvitePatient(InvitePatientArgs),
    /// Print a one-time enrolment code for a new staff member.
    InviteStaff(InviteStaffArgs),
    /// Show or set the clinic's rules for minors' records (prints the rules in force).
    AccessRules(AccessRulesArgs),
    /// Print a new activation code for a registered patient (by id), e.g. one created by import.
    PatientCode(PatientCodeArgs),
    /// Show or set how long results wait before patients see them, e.g. `laboratory=72`
    /// (hours per category; empty to release everything at once).
    ResultRelease(ResultReleaseArgs),
    /// Show or set the prescription renewal rules: how long after a prescription ends it may be
    /// renewed online, the controlled-substance code lists, the medicines not renewed online.
    RenewalRules(RenewalRulesArgs),
    /// Show or set the billing settings: the currency the clinic bills in, whether patients may
    /// pay more than they owe, and the limits of payment plans.
    BillingSettings(BillingSettingsArgs),
    /// Show or set the messaging settings: how long the patient's side may reply after the last
    /// message, and the business days the clinic takes to answer (said before anyone writes).
    MessageSettings(MessageSettingsArgs),
    /// Approve an account recovery code issued by a staff member (for a clinic with no second
    /// member of staff in the recovery role); without --invitation-id, list those waiting.
    ApproveRecovery(ApproveRecoveryArgs),
    /// Show or set which staff role, besides administrators, may issue and approve account
    /// recovery codes for patients who already have an account (admin or front-desk).
    RecoveryRole(RecoveryRoleArgs),
    /// Show the schedule's settings, visit types, clinicians and locations; set the clinic's
    /// time zone and reminder lead times.
    Schedule(schedule_admin::ScheduleArgs),
    /// Add or replace a visit type and its online-booking rules.
    VisitType(schedule_admin::VisitTypeArgs),
    /// Add a clinician patients can book with.
    Clinician(schedule_admin::ClinicianArgs),
    /// Add a location.
    Location(schedule_admin::LocationArgs),
    /// Add weekly hours for a clinician at a location (one template per weekday).
    Template(schedule_admin::TemplateArgs),
    /// Take a clinician's hours off on one day (booked visits stay, for the front desk to move).
    TimeOff(schedule_admin::TimeOffArgs),
    /// Set up the demo clinic's schedule and the demo patient's visits (`cargo xtask run`).
    ScheduleDemo(schedule_admin::ScheduleDemoArgs),
}

#[derive(Args)]
struct ApproveRecoveryArgs {
    /// The invitation id the list shows.
    #[arg(long)]
    invitation_id: Option<String>,
}

#[derive(Args)]
struct RecoveryRoleArgs {
    /// admin (the default: administrators only) or front-desk (front desk and administrators).
    #[arg(long)]
    set: Option<String>,
}

#[derive(Args)]
struct PatientCodeArgs {
    /// Portico's id of the patient.
    #[arg(long, required_unless_present = "fhir_id")]
    patient_id: Option<String>,
    /// The id the patient's FHIR Patient resource had in the imported data.
    #[arg(long, conflicts_with = "patient_id")]
    fhir_id: Option<String>,
    /// The source the patient was imported from (`import --source`), with --fhir-id.
    #[arg(long, default_value = "", requires = "fhir_id")]
    source: String,
}

#[derive(Args)]
struct ResultReleaseArgs {
    /// category=hours pairs, comma-separated; "" for none.
    #[arg(long)]
    set: Option<String>,
}

#[derive(Args)]
struct RenewalRulesArgs {
    /// e.g. "window-days=120; schedule-ii=1049621; schedule-iii-iv=; not-online=" (RxNorm codes).
    #[arg(long)]
    set: Option<String>,
}

#[derive(Args)]
struct BillingSettingsArgs {
    /// e.g. "currency=USD; prepayment=no; plan-max-months=12; plan-min-instalment=25.00".
    #[arg(long)]
    set: Option<String>,
}

#[derive(Args)]
struct MessageSettingsArgs {
    /// e.g. "reply-window-days=45; answer-days=2".
    #[arg(long)]
    set: Option<String>,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chain and report the first broken link (exit status 1 if there is one).
    Verify,
    /// Write the audit log as JSON lines (one event a line, with the chain's hashes) for a SIEM.
    Export(AuditExportArgs),
}

#[derive(Args)]
struct AuditExportArgs {
    /// Only events at or after this moment: `2026-12-01` (midnight UTC) or RFC 3339.
    #[arg(long)]
    since: Option<String>,
    /// Only events after this sequence number (the last one a shipper already has).
    #[arg(long, default_value_t = 0)]
    after_seq: i64,
}

#[derive(Args)]
struct CreateAdminArgs {
    #[arg(long)]
    name: String,
    #[arg(long, default_value = "")]
    email: String,
}

#[derive(Args)]
struct InvitePatientArgs {
    #[arg(long)]
    given_name: String,
    #[arg(long)]
    family_name: String,
    /// YYYY-MM-DD
    #[arg(long)]
    birth_date: String,
    #[arg(long, default_value = "")]
    email: String,
}

#[derive(Args)]
struct InviteStaffArgs {
    #[arg(long)]
    name: String,
    /// clinician, front-desk, billing or admin
    #[arg(long)]
    role: String,
    #[arg(long, default_value = "")]
    email: String,
}

#[derive(Args)]
struct AccessRulesArgs {
    /// Age from which a guardian's access is limited (default 12).
    #[arg(long)]
    guardian_full_until: Option<u32>,
    /// Age of majority: guardian access ends (default 18).
    #[arg(long)]
    adult_at: Option<u32>,
    /// What guardians of adolescents may still use, comma-separated scopes
    /// (records, results, appointments, messages, refills, billing).
    #[arg(long)]
    adolescent_guardian_scopes: Option<String>,
    /// Record categories hidden from guardians of adolescents, comma-separated.
    #[arg(long)]
    confidential_categories: Option<String>,
}

#[derive(Args)]
struct ClinicArgs {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    email: Option<String>,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("portico: configuration error: {err}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("portico: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(config).await,
            Command::Admin(AdminCommand::Clinic(args)) => set_clinic(config, args).await,
            Command::Admin(AdminCommand::CreateAdmin(args)) => create_admin(config, args).await,
            Command::Admin(AdminCommand::InvitePatient(args)) => invite_patient(config, args).await,
            Command::Admin(AdminCommand::InviteStaff(args)) => invite_staff(config, args).await,
            Command::Admin(AdminCommand::AccessRules(args)) => access_rules(config, args).await,
            Command::Audit(AuditCommand::Verify) => verify_audit(config).await,
            Command::Audit(AuditCommand::Export(args)) => export_audit(config, args).await,
            Command::Keys(command) => keys(config, command).await,
            Command::Import(args) => import(config, args).await,
            Command::Backup(args) => crate::backup::backup(&config, &args.to)
                .await
                .map(|summary| say!("{summary}")),
            Command::Restore(args) => crate::backup::restore(&config, &args.from)
                .await
                .map(|summary| say!("{summary}")),
            Command::Admin(AdminCommand::PatientCode(args)) => patient_code(config, args).await,
            Command::Admin(AdminCommand::ResultRelease(args)) => result_release(config, args).await,
            Command::Admin(AdminCommand::RenewalRules(args)) => renewal_rules(config, args).await,
            Command::Admin(AdminCommand::BillingSettings(args)) => {
                billing_settings(config, args).await
            }
            Command::Admin(AdminCommand::MessageSettings(args)) => {
                message_settings(config, args).await
            }
            Command::Admin(AdminCommand::ApproveRecovery(args)) => {
                approve_recovery(config, args).await
            }
            Command::Admin(AdminCommand::RecoveryRole(args)) => recovery_role(config, args).await,
            Command::Admin(AdminCommand::Schedule(args)) => {
                schedule_admin::schedule(&open_services(&config).await?, args).await
            }
            Command::Admin(AdminCommand::VisitType(args)) => {
                schedule_admin::visit_type(&open_services(&config).await?, args).await
            }
            Command::Admin(AdminCommand::Clinician(args)) => {
                schedule_admin::clinician(&open_services(&config).await?, args).await
            }
            Command::Admin(AdminCommand::Location(args)) => {
                schedule_admin::location(&open_services(&config).await?, args).await
            }
            Command::Admin(AdminCommand::Template(args)) => {
                schedule_admin::template(&open_services(&config).await?, args).await
            }
            Command::Admin(AdminCommand::TimeOff(args)) => {
                schedule_admin::time_off(&open_services(&config).await?, args).await
            }
            Command::Admin(AdminCommand::ScheduleDemo(args)) => {
                schedule_admin::schedule_demo(&open_services(&config).await?, args).await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("portico: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(url = %app.listening_url(), origin = app.origin().as_str(), "Portico is listening");
    say!(
        "Portico is listening on {} (open {} in a browser)",
        app.listening_url(),
        app.origin().as_str()
    );
    app.run_until_signalled()
        .await
        .map_err(|e| format!("server error: {e}"))
}

async fn set_clinic(config: Config, args: ClinicArgs) -> Result<(), String> {
    let describe = |e: DomainError| e.to_string();
    // Parse everything before touching the database: a bad value changes nothing.
    let update = ClinicProfileUpdate {
        name: args
            .name
            .as_deref()
            .map(ClinicName::parse)
            .transpose()
            .map_err(describe)?,
        phone: args
            .phone
            .as_deref()
            .map(PhoneNumber::parse)
            .transpose()
            .map_err(describe)?,
        email: args
            .email
            .as_deref()
            .map(ContactEmail::parse)
            .transpose()
            .map_err(describe)?,
    };
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| format!("{}: {e}", config.data_dir.display()))?;
    let conn = db::connect(&config.database_url).await.map_err(describe)?;
    db::migrate(&conn).await.map_err(describe)?;
    let profile = clinic::update_clinic_profile(&conn, update, chrono::Utc::now())
        .await
        .map_err(describe)?;
    say!(
        "Clinic profile saved: {} · phone {} · email {}",
        profile.name,
        profile.phone.as_deref().unwrap_or("(none)"),
        profile.email.as_deref().unwrap_or("(none)")
    );
    Ok(())
}

async fn access_rules(config: Config, args: AccessRulesArgs) -> Result<(), String> {
    use portico_domain::access::{Scopes, rules};
    let conn = open_database(&config).await?;
    let mut new = rules::age_rules(&conn).await.map_err(|e| e.to_string())?;
    let changing = args.guardian_full_until.is_some()
        || args.adult_at.is_some()
        || args.adolescent_guardian_scopes.is_some()
        || args.confidential_categories.is_some();
    if let Some(age) = args.guardian_full_until {
        new.guardian_full_until = age;
    }
    if let Some(age) = args.adult_at {
        new.adult_at = age;
    }
    if let Some(list) = &args.adolescent_guardian_scopes {
        new.adolescent_guardian_scopes = Scopes::parse(list).map_err(|e| e.to_string())?;
    }
    if let Some(list) = &args.confidential_categories {
        new.confidential_categories = rules::parse_categories(list);
    }
    if changing {
        // Validates every value first: a bad one changes nothing.
        rules::save_age_rules(&conn, &new, chrono::Utc::now())
            .await
            .map_err(|e| e.to_string())?;
    }
    say!(
        "Guardians have full access until {}, limited access from then, none from {}.\nGuardians of adolescents may use: {}\nHidden from them: {}",
        new.guardian_full_until,
        new.adult_at,
        new.adolescent_guardian_scopes.to_stored(),
        new.confidential_categories.join(", ")
    );
    Ok(())
}

async fn keys(config: Config, command: KeysCommand) -> Result<(), String> {
    use portico_domain::vault::{self, KeyRing};
    let now = chrono::Utc::now();
    if let KeysCommand::New = command {
        say!("{}", KeyRing::new_line(now));
        return Ok(());
    }
    let conn = open_database(&config).await?;
    let ring = config.keys.load(now)?;
    let status = match command {
        KeysCommand::Rotate => vault::rotate_keys(&conn, &ring, now)
            .await
            .map_err(|e| e.to_string())?,
        _ => {
            // Opening the vault proves the key file can read every data key.
            unlock_vault(&conn, &ring, now).await?;
            vault::key_status(&conn).await.map_err(|e| e.to_string())?
        }
    };
    say!(
        "{} data keys. Keys in the key file: {}",
        status.data_keys,
        ring.ids().collect::<Vec<_>>().join(", ")
    );
    for (kek, count) in &status.wrapped_by {
        say!("  {kek} wraps {count}");
    }
    let unused: Vec<&str> = ring
        .ids()
        .filter(|id| !status.wrapped_by.iter().any(|(used, _)| used == id))
        .collect();
    if !unused.is_empty() {
        say!(
            "No longer used (may be removed from the key file): {}",
            unused.join(", ")
        );
    }
    Ok(())
}

async fn open_database(config: &Config) -> Result<portico_domain::DatabaseConnection, String> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| format!("{}: {e}", config.data_dir.display()))?;
    let conn = db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    db::migrate(&conn).await.map_err(|e| e.to_string())?;
    Ok(conn)
}

/// The database, its data keys unlocked with the configured key file, and every area's service.
async fn open_services(config: &Config) -> Result<portico_domain::Services, String> {
    let conn = open_database(config).await?;
    let now = chrono::Utc::now();
    let ring = config.keys.load(now)?;
    let vault = unlock_vault(&conn, &ring, now).await?;
    build_services(config, conn, vault).map_err(|e| e.to_string())
}

async fn open_identity(config: &Config) -> Result<portico_domain::identity::Identity, String> {
    Ok(open_services(config).await?.identity)
}

/// Opens the vault and, as the server does at start-up, seals any identifying values an earlier
/// version stored as plaintext, so a command never reads them unsealed.
async fn unlock_vault(
    conn: &portico_domain::DatabaseConnection,
    ring: &portico_domain::vault::KeyRing,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<portico_domain::vault::Vault, String> {
    let vault = portico_domain::vault::Vault::unlock(conn, ring, now)
        .await
        .map_err(|e| e.to_string())?;
    crate::startup::seal_plaintext(conn, &vault)
        .await
        .map_err(|e| e.to_string())?;
    Ok(vault)
}

fn print_code(config: &Config, issued: &portico_domain::identity::ActivationCodeIssued) {
    say!(
        "Activation code for {}: {}",
        issued.display_name,
        issued.code.expose()
    );
    say!(
        "Enrolment link (shown once): {}/enroll#code={}",
        config.origin.as_str(),
        issued.code.expose()
    );
    say!(
        "Valid until {} (UTC). It works once.",
        issued.expires_at.format("%Y-%m-%d %H:%M")
    );
}

async fn create_admin(config: Config, args: CreateAdminArgs) -> Result<(), String> {
    let identity = open_identity(&config).await?;
    let issued = identity
        .create_first_admin(&args.name, &args.email)
        .await
        .map_err(|e| e.to_string())?;
    print_code(&config, &issued);
    Ok(())
}

async fn invite_patient(config: Config, args: InvitePatientArgs) -> Result<(), String> {
    use portico_domain::{
        audit::RequestMeta,
        identity::{Issuer, NewPatient},
    };
    let identity = open_identity(&config).await?;
    let patient = NewPatient::parse(
        &args.given_name,
        &args.family_name,
        &args.birth_date,
        &args.email,
        identity.now().date_naive(),
    )
    .map_err(|e| e.to_string())?;
    let issued = identity
        .invite_patient(Issuer::CommandLine, patient, &RequestMeta::cli())
        .await
        .map_err(|e| e.to_string())?;
    print_code(&config, &issued);
    say!("The patient enters it with their date of birth.");
    Ok(())
}

async fn invite_staff(config: Config, args: InviteStaffArgs) -> Result<(), String> {
    use portico_domain::{
        audit::RequestMeta,
        identity::{Issuer, NewStaff},
    };
    let staff = NewStaff::parse(&args.name, &args.email, &args.role).map_err(|e| e.to_string())?;
    let identity = open_identity(&config).await?;
    let issued = identity
        .invite_staff(Issuer::CommandLine, staff, &RequestMeta::cli())
        .await
        .map_err(|e| e.to_string())?;
    print_code(&config, &issued);
    Ok(())
}

/// The files an import path names: the file itself, or every `.json`/`.ndjson` file of a
/// directory (sorted, not recursive).
fn import_files(path: &std::path::Path) -> Result<Vec<std::path::PathBuf>, String> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json" || e == "ndjson"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no .json or .ndjson files", path.display()));
    }
    Ok(files)
}

/// Reads one file into `batch`, 64 KiB at a time.
fn read_file(
    batch: &mut portico_domain::records::ImportBatch,
    path: &std::path::Path,
) -> Result<(), String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.display().to_string();
    let mut reading = batch.file(&name);
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = file
            .read(&mut buffer)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if n == 0 {
            break;
        }
        reading
            .push(&buffer[..n])
            .map_err(|e| format!("nothing was imported: {e}"))?;
    }
    reading
        .finish()
        .map_err(|e| format!("nothing was imported: {e}"))
}

async fn import(config: Config, args: ImportArgs) -> Result<(), String> {
    use portico_domain::{
        audit::RequestMeta,
        records::{ImportBatch, ImportFile, Importer, Progress, SourceName},
    };
    let source = SourceName::parse(&args.source).map_err(|e| e.to_string())?;
    if args.paths.is_empty() && !args.demo {
        return Err("name at least one file or directory to import (or --demo)".into());
    }
    // Files are read as they would arrive over the network, NDJSON a line at a time, so a large
    // Bulk export is never held whole as text.
    let mut batch = ImportBatch::new();
    eprintln!("Reading…");
    for path in &args.paths {
        for file in import_files(path)? {
            read_file(&mut batch, &file)?;
        }
    }
    let services = open_services(&config).await?;
    let records = &services.records;
    let demo_patient = args
        .demo
        .then(|| portico_demo::chronic_care_bundle(services.now().date_naive()));
    if let Some(bundle) = &demo_patient {
        batch
            .add(ImportFile {
                name: "generated demo patient".into(),
                text: bundle.to_string(),
            })
            .map_err(|e| format!("nothing was imported: {e}"))?;
    }
    eprintln!(
        "Read {} resources from {} file(s).",
        batch.resources(),
        batch.files()
    );
    let started = std::time::Instant::now();
    let mut report = |p: Progress| {
        if p.total >= 1000 {
            eprintln!("  stored {}/{} resources", p.stored, p.total);
        }
    };
    let summary = records
        .import_batch(
            Importer::CommandLine,
            &source,
            batch,
            &RequestMeta::cli(),
            &mut report,
        )
        .await
        .map_err(|e| format!("nothing was imported: {e}"))?;
    let stored: usize = summary.stored.values().sum();
    say!(
        "Imported {stored} resources in {:.1} s ({} new, {} updated).",
        started.elapsed().as_secs_f64(),
        summary.created,
        summary.updated
    );
    for (kind, n) in &summary.stored {
        say!("  {kind:<22} {n}");
    }
    say!(
        "Patients: {} created, {} updated.",
        summary.patients_created,
        summary.patients_updated
    );
    if !summary.skipped.is_empty() {
        let skipped: Vec<String> = summary
            .skipped
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        say!(
            "Skipped (types Portico does not keep): {}",
            skipped.join(", ")
        );
    }
    if summary.repeated > 0 {
        say!(
            "{} resources appeared more than once and were stored once (the newest copy).",
            summary.repeated
        );
    }
    if summary.deleted > 0 {
        say!("Deleted (transaction DELETE entries): {}.", summary.deleted);
    }
    if summary.reads_ignored > 0 {
        say!(
            "Ignored {} GET/HEAD entries (they store nothing).",
            summary.reads_ignored
        );
    }
    if summary.links_dropped > 0 {
        say!(
            "{} references to kinds Portico does not keep (or a Location not in the import) could not be followed: the link was dropped, its text kept.",
            summary.links_dropped
        );
    }
    if let Some(bundle) = &demo_patient {
        let (patient_id, birth_date) = records
            .imported_patient(bundle)
            .await
            .map_err(|e| e.to_string())?;
        say!("Demo patient: {patient_id} born {birth_date}");
    }
    Ok(())
}

async fn patient_code(config: Config, args: PatientCodeArgs) -> Result<(), String> {
    use portico_domain::{audit::RequestMeta, identity::Operator};
    let services = open_services(&config).await?;
    let identity = &services.identity;
    let patient_id = match (args.patient_id, args.fhir_id) {
        (Some(id), _) => id.trim().to_owned(),
        (None, Some(fhir_id)) => {
            let source = portico_domain::records::SourceName::parse(&args.source)
                .map_err(|e| e.to_string())?;
            services
                .records
                .patient_in_source(&source, &fhir_id)
                .await
                .map_err(|e| match e {
                    DomainError::NotFound => format!("no imported patient has FHIR id {fhir_id}"),
                    other => other.to_string(),
                })?
                .0
        }
        (None, None) => return Err("give --patient-id or --fhir-id".into()),
    };
    let issued = identity
        .reissue_patient_code(Operator::CommandLine, &patient_id, &RequestMeta::cli())
        .await
        .map_err(|e| e.to_string())?;
    print_code(&config, &issued);
    say!("The patient enters it with their date of birth.");
    Ok(())
}

async fn approve_recovery(config: Config, args: ApproveRecoveryArgs) -> Result<(), String> {
    use portico_domain::{audit::RequestMeta, identity::Operator};
    let identity = open_identity(&config).await?;
    let Some(id) = args.invitation_id else {
        let waiting = identity
            .recoveries_awaiting_approval()
            .await
            .map_err(|e| e.to_string())?;
        if waiting.is_empty() {
            say!("No account recovery code is waiting for approval.");
        }
        for (id, name, issued_at) in waiting {
            say!(
                "{id}  {name}  issued {}",
                issued_at.format("%-d %b %Y %H:%M UTC")
            );
        }
        return Ok(());
    };
    identity
        .approve_recovery(Operator::CommandLine, id.trim(), &RequestMeta::cli())
        .await
        .map_err(|e| match e {
            DomainError::NotFound => format!("no account recovery code has id {id}"),
            other => other.to_string(),
        })?;
    say!("Approved: the patient can now use the code.");
    Ok(())
}

async fn recovery_role(config: Config, args: RecoveryRoleArgs) -> Result<(), String> {
    use portico_domain::identity::{RecoveryRole, recovery_role, save_recovery_role};
    let conn = open_database(&config).await?;
    if let Some(text) = &args.set {
        let role = RecoveryRole::parse(text).map_err(|e| e.to_string())?;
        save_recovery_role(&conn, role, chrono::Utc::now())
            .await
            .map_err(|e| e.to_string())?;
    }
    let role = recovery_role(&conn).await.map_err(|e| e.to_string())?;
    say!(
        "Account recovery codes are issued and approved by: {}",
        match role.role() {
            portico_domain::identity::Role::Admin => "administrators",
            _ => "front desk staff and administrators",
        }
    );
    Ok(())
}

/// Shows a clinic setting, after saving `set` if given (validated whole first: a bad value
/// changes nothing).
async fn show_or_set<T: portico_domain::clinic::TextSetting>(
    config: &Config,
    set: Option<&str>,
) -> Result<T, String> {
    use portico_domain::clinic::{save_text_setting, text_setting};
    let conn = open_database(config).await?;
    if let Some(text) = set {
        let value = T::parse_text(text).map_err(|e| e.to_string())?;
        save_text_setting(&conn, &value, chrono::Utc::now())
            .await
            .map_err(|e| e.to_string())?;
    }
    text_setting(&conn).await.map_err(|e| e.to_string())
}

async fn result_release(config: Config, args: ResultReleaseArgs) -> Result<(), String> {
    let delays: portico_domain::records::ReleaseDelays =
        show_or_set(&config, args.set.as_deref()).await?;
    if delays.hours.is_empty() {
        say!("Results are released to patients at once.");
    }
    for (category, hours) in &delays.hours {
        say!("{category} results wait {hours} hours before patients see them.");
    }
    Ok(())
}

async fn renewal_rules(config: Config, args: RenewalRulesArgs) -> Result<(), String> {
    let rules: portico_domain::renewals::RenewalRules =
        show_or_set(&config, args.set.as_deref()).await?;
    say!("{}", rules.to_stored());
    Ok(())
}

async fn billing_settings(config: Config, args: BillingSettingsArgs) -> Result<(), String> {
    use portico_domain::clinic::TextSetting;
    let settings: portico_domain::billing::BillingSettings =
        show_or_set(&config, args.set.as_deref()).await?;
    say!("{}", settings.stored_text());
    Ok(())
}

async fn message_settings(config: Config, args: MessageSettingsArgs) -> Result<(), String> {
    let settings: portico_domain::messaging::MessageSettings =
        show_or_set(&config, args.set.as_deref()).await?;
    say!("{}", settings.to_stored());
    Ok(())
}

async fn export_audit(config: Config, args: AuditExportArgs) -> Result<(), String> {
    let since = match args.since.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            chrono::DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&chrono::Utc))
                .or_else(|_| {
                    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                        .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
                })
                .map_err(|_| {
                    format!("--since {text:?}: write a day (2026-12-01) or an RFC 3339 moment")
                })?,
        ),
    };
    let conn = open_database(&config).await?;
    let mut after = args.after_seq;
    loop {
        let rows = portico_domain::audit::events_after(&conn, after, since, 1000)
            .await
            .map_err(|e| e.to_string())?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.seq;
        for row in &rows {
            say!("{}", portico_domain::audit::event_json(row));
        }
    }
}

async fn verify_audit(config: Config) -> Result<(), String> {
    let conn = open_database(&config).await?;
    let report = portico_domain::audit::verify(&conn)
        .await
        .map_err(|e| e.to_string())?;
    match report.broken {
        None => {
            say!("Audit log intact: {} events checked.", report.checked);
            Ok(())
        }
        Some(link) => Err(format!(
            "audit log broken at event {}: {} ({} events before it verified)",
            link.seq, link.problem, report.checked
        )),
    }
}
