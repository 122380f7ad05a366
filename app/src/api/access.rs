//! Access (mirrors `portico_domain::access`): who may see a patient's record and who did. The
//! people a caregiver acts for, accepting an invitation, the patient's identifying details,
//! sharing (proxy grants) and the patient's access log. Every function names the patient it is
//! about, and the domain's policy answers once, before anything is read.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use portico_types::{GrantId, PatientId};

use super::{ApiError, patient::PatientHeader};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientOverview {
    pub header: PatientHeader,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: String,
    pub age: u32,
    pub email: Option<String>,
    pub has_account: bool,
}

/// Someone the signed-in person may open the record of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonLink {
    pub patient_id: PatientId,
    pub name: String,
    /// "Daughter · Health record, Appointments · until 31 Dec 2026"
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarePeople {
    /// The person's own record, for patients.
    pub own: Option<PersonLink>,
    pub people: Vec<PersonLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeChoice {
    pub code: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantView {
    pub id: GrantId,
    pub name: String,
    pub email: Option<String>,
    pub relationship: String,
    pub kind: String,
    pub scope_codes: Vec<String>,
    pub scope_labels: Vec<String>,
    /// Shown: "until 31 Dec 2026"; None for no end date.
    pub until: Option<String>,
    /// For the edit form's date input (YYYY-MM-DD), empty for none.
    pub last_day: String,
    pub status: String,
    pub live: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sharing {
    pub header: PatientHeader,
    pub grants: Vec<GrantView>,
    /// Whether the caller may invite, edit and revoke (the adult patient; front desk and admins
    /// for minors).
    pub may_change: bool,
    pub choices: Vec<ScopeChoice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub when: String,
    pub who: String,
    pub what: String,
    pub refused: bool,
    pub device: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLog {
    pub header: PatientHeader,
    pub entries: Vec<LogEntry>,
    /// (account id, label) of everyone in the log, for the person filter.
    pub people: Vec<(String, String)>,
    pub page: u64,
    pub has_more: bool,
}

#[cfg(feature = "ssr")]
pub(crate) mod convert {
    use portico_domain::access::Scopes;

    pub fn labels(scopes: &Scopes) -> Vec<String> {
        scopes.iter().map(crate::api::display::name).collect()
    }
}

#[server(endpoint = "care/people")]
pub async fn get_care_people() -> Result<CarePeople, ApiError> {
    use super::display::day;
    use super::server_context::{account_access, request_meta, require_session, server_context};
    use convert::labels;
    let ctx = server_context()?;
    let permit = account_access("care/people").await?;
    let session = require_session()?;
    let people = ctx.access.care_recipients(&permit, &request_meta()).await?;
    Ok(CarePeople {
        own: session.account.patient_id.clone().map(|id| PersonLink {
            patient_id: PatientId::from_stored(id),
            name: session.account.display_name.clone(),
            detail: crate::i18n::t("record-acting-self"),
        }),
        people: people
            .into_iter()
            .map(|p| {
                let mut detail = vec![p.relationship.clone(), labels(&p.scopes).join(", ")];
                if let Some(at) = p.expires_at {
                    let date = day(at - chrono::Duration::seconds(1));
                    detail.push(crate::i18n::t_args(
                        "sharing-until",
                        vec![("date", date.into())],
                    ));
                }
                PersonLink {
                    patient_id: PatientId::from_stored(p.patient_id),
                    name: p.display_name,
                    detail: detail.join(" · "),
                }
            })
            .collect(),
    })
}

/// A signed-in person accepts a caregiver invitation with its code.
#[server(endpoint = "care/accept")]
pub async fn accept_invitation(code: String) -> Result<PersonLink, ApiError> {
    use super::server_context::{account_access, request_meta, server_context};
    let ctx = server_context()?;
    let permit = account_access("care/accept").await?;
    let person = ctx
        .access
        .accept_caregiver_invitation(&permit, &code, &request_meta())
        .await?;
    Ok(PersonLink {
        detail: convert::labels(&person.scopes).join(", "),
        patient_id: PatientId::from_stored(person.patient_id),
        name: person.display_name,
    })
}

#[server(endpoint = "patient/overview")]
pub async fn get_patient_overview(patient_id: PatientId) -> Result<PatientOverview, ApiError> {
    use super::server_context::{patient_access, request_meta, server_context};
    use portico_domain::access::{Mode, Scope};
    let ctx = server_context()?;
    let permit =
        patient_access(&patient_id, Scope::Records, Mode::Read, "patient/overview").await?;
    let overview = ctx
        .access
        .patient_overview(&permit, &request_meta())
        .await?;
    Ok(PatientOverview {
        header: super::patient::convert::header(&permit)?,
        given_name: overview.given_name,
        family_name: overview.family_name,
        birth_date: super::display::long_day(overview.birth_date),
        age: overview.age,
        email: overview.email,
        has_account: overview.has_account,
    })
}

#[server(endpoint = "patient/sharing")]
pub async fn get_sharing(patient_id: PatientId) -> Result<Sharing, ApiError> {
    use super::server_context::{patient_access, request_meta, server_context};
    use portico_domain::access::{Mode, Scope, Target};
    let ctx = server_context()?;
    let permit = patient_access(
        &patient_id,
        Scope::ManageAccess,
        Mode::Read,
        "patient/sharing",
    )
    .await?;
    let session = super::server_context::require_session()?;
    let grants = ctx.access.patient_grants(&permit, &request_meta()).await?;
    let may_change = ctx
        .access
        .would_allow(
            &session,
            Target::Patient {
                patient_id: &patient_id,
                scope: Scope::ManageAccess,
                mode: Mode::Write,
            },
        )
        .await?;
    Ok(Sharing {
        header: super::patient::convert::header(&permit)?,
        grants: grants
            .into_iter()
            .map(|g| GrantView {
                kind: match g.kind {
                    portico_domain::access::GrantKind::Guardian => {
                        crate::i18n::t("grant-kind-guardian")
                    }
                    portico_domain::access::GrantKind::Personal => {
                        crate::i18n::t("grant-kind-personal")
                    }
                },
                scope_codes: g.scopes.iter().map(|s| s.as_str().to_owned()).collect(),
                scope_labels: convert::labels(&g.scopes),
                until: g
                    .expires_at
                    .map(|at| super::display::day(at - chrono::Duration::seconds(1))),
                last_day: g
                    .expires_at
                    .map(|at| super::display::last_day(at).to_string())
                    .unwrap_or_default(),
                status: super::display::name(g.status),
                live: g.status.is_live(),
                id: GrantId::from_stored(g.id),
                name: g.caregiver_name,
                email: g.caregiver_email,
                relationship: g.relationship,
            })
            .collect(),
        may_change,
        choices: Scope::GRANTABLE
            .iter()
            .map(|s| ScopeChoice {
                code: s.as_str().to_owned(),
                label: super::display::name(*s),
            })
            .collect(),
    })
}

/// Invites a caregiver. `scopes` is a comma-separated list of scope codes; `last_day` is empty
/// for no end date.
#[server(endpoint = "patient/sharing/invite")]
pub async fn invite_caregiver(
    patient_id: PatientId,
    name: String,
    email: String,
    relationship: String,
    scopes: String,
    last_day: String,
) -> Result<super::staff::IssuedCode, ApiError> {
    use super::server_context::{patient_access, request_meta, server_context};
    use portico_domain::access::{Mode, NewCaregiver, Scope};
    let ctx = server_context()?;
    let permit = patient_access(
        &patient_id,
        Scope::ManageAccess,
        Mode::Write,
        "patient/sharing/invite",
    )
    .await?;
    let session = super::server_context::require_session()?;
    let scopes: Vec<String> = scopes.split(',').map(str::to_owned).collect();
    let caregiver = NewCaregiver::parse(
        &name,
        &email,
        &relationship,
        &scopes,
        &last_day,
        ctx.access.now().date_naive(),
    )?;
    let invited = ctx
        .access
        .invite_caregiver(&permit, &session, caregiver, &request_meta())
        .await?;
    Ok(super::staff::IssuedCode {
        display_name: invited.caregiver_name,
        code: invited.code.expose().to_owned(),
        expires: super::display::day(invited.code_expires_at),
        awaiting_approval: false,
    })
}

#[server(endpoint = "patient/sharing/update")]
pub async fn update_grant(
    patient_id: PatientId,
    grant_id: GrantId,
    scopes: String,
    last_day: String,
) -> Result<(), ApiError> {
    use super::server_context::{patient_access, request_meta, server_context};
    use portico_domain::access::{Mode, Scope, Scopes, parse_last_day};
    let ctx = server_context()?;
    let permit = patient_access(
        &patient_id,
        Scope::ManageAccess,
        Mode::Write,
        "patient/sharing/update",
    )
    .await?;
    let session = super::server_context::require_session()?;
    let scopes: Vec<String> = scopes.split(',').map(str::to_owned).collect();
    let scopes = Scopes::parse_grantable(&scopes)?;
    let expires_at = parse_last_day(&last_day, ctx.access.now().date_naive())?;
    ctx.access
        .update_grant(
            &permit,
            &session,
            &grant_id,
            scopes,
            expires_at,
            &request_meta(),
        )
        .await?;
    Ok(())
}

#[server(endpoint = "patient/sharing/revoke")]
pub async fn revoke_grant(patient_id: PatientId, grant_id: GrantId) -> Result<(), ApiError> {
    use super::server_context::{patient_access, request_meta, server_context};
    use portico_domain::access::{Mode, Scope};
    let ctx = server_context()?;
    let permit = patient_access(
        &patient_id,
        Scope::ManageAccess,
        Mode::Write,
        "patient/sharing/revoke",
    )
    .await?;
    let session = super::server_context::require_session()?;
    ctx.access
        .revoke_grant(&permit, &session, &grant_id, &request_meta())
        .await?;
    Ok(())
}

/// One page of the patient's access log. Dates are `YYYY-MM-DD` or empty; `person` is an account
/// id from the log's own list, or empty for everyone.
#[server(endpoint = "patient/access-log")]
pub async fn get_access_log(
    patient_id: PatientId,
    from: String,
    to: String,
    person: String,
    page: u64,
) -> Result<AccessLog, ApiError> {
    use super::server_context::{patient_access, request_meta, server_context};
    use portico_domain::access::{AccessLogQuery, Mode, Scope};
    let ctx = server_context()?;
    let permit = patient_access(
        &patient_id,
        Scope::ManageAccess,
        Mode::Read,
        "patient/access-log",
    )
    .await?;
    let query = AccessLogQuery {
        from: super::display::optional_date("from", &from)?,
        to: super::display::optional_date("to", &to)?,
        actor_id: Some(person.trim().to_owned()).filter(|p| !p.is_empty()),
        page: page.min(10_000),
    };
    let log = ctx
        .access
        .access_log(&permit, query, &request_meta())
        .await?;
    let zone = ctx.zone().await?;
    let locale = crate::i18n::locale();
    let mut people: Vec<(String, String)> = log
        .people
        .into_iter()
        .map(|(id, label)| (id, label.in_language(locale)))
        .collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(AccessLog {
        header: super::patient::convert::header(&permit)?,
        entries: log
            .entries
            .into_iter()
            .map(|e| LogEntry {
                when: super::display::moment(&zone, e.occurred_at),
                who: e.who.in_language(locale),
                what: e.what.in_language(locale),
                refused: e.refused,
                device: e.device.map(|d| d.in_language(locale)),
            })
            .collect(),
        people,
        page: log.page,
        has_more: log.has_more,
    })
}
