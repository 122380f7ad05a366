//! The clinic's public profile. Anyone may read it, signed in or not: it holds no PHI.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicContact {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[server(endpoint = "clinic/contact")]
pub async fn get_clinic_contact() -> Result<ClinicContact, ApiError> {
    use super::server_context::server_context;
    use portico_domain::clinic;

    let ctx = server_context()?;
    super::server_context::authorize(portico_domain::access::Target::Public, "clinic/contact")
        .await?;
    let profile = clinic::clinic_profile(&ctx.db).await?;
    Ok(ClinicContact {
        name: profile.name,
        phone: profile.phone,
        email: profile.email,
    })
}
