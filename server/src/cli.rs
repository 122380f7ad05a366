//! The `portico` command. With no arguments it serves; subcommands administer the installation.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use portico_domain::{
    DomainError,
    clinic::{self, ClinicName, ClinicProfileUpdate, ContactEmail, PhoneNumber},
    db,
};

use crate::{config::Config, startup::Application, telemetry};

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
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Set the clinic's public name and contact details.
    Clinic(ClinicArgs),
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
    println!(
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
    println!(
        "Clinic profile saved: {} · phone {} · email {}",
        profile.name,
        profile.phone.as_deref().unwrap_or("(none)"),
        profile.email.as_deref().unwrap_or("(none)")
    );
    Ok(())
}
