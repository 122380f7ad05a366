//! Giving every resource of an import a key (`Type/id`) and rewriting every reference to one.

use std::{
    collections::{BTreeMap, HashMap},
    fmt,
};

use serde_json::Value;

use super::{OPTIONAL_TARGETS, SUPPORTED_TYPES, SourceEntry};
use crate::{DomainError, DomainResult};

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceKey {
    pub resource_type: String,
    pub id: String,
}

impl fmt::Display for ResourceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.resource_type, self.id)
    }
}

/// An import's resources with every reference resolved: the ones Portico stores, and a count of
/// the ones it skips, by type.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub resources: Vec<(ResourceKey, String, Value)>,
    pub skipped: BTreeMap<String, usize>,
    /// Resources that appeared more than once in the same import (an export's shared
    /// practitioners, a Bulk file repeating one): stored once, the newest copy by
    /// `meta.lastUpdated` (the later one in the import when neither says).
    pub repeated: usize,
    /// References to a kind of resource Portico does not keep that could not be followed (a
    /// `Location?identifier=…` of a hospital file imported apart): the link is dropped, its
    /// `display` kept.
    pub dropped_links: usize,
}

fn refuse(location: &str, message: impl fmt::Display) -> DomainError {
    DomainError::validation("file", format!("{location}: {message}"))
}

fn valid_id(id: &str) -> bool {
    // FHIR ids: 1-64 of A-Z a-z 0-9 - .
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// `Type/id` from the end of a path (`…/Patient/123/_history/2` → Patient/123), if it has one.
fn trailing_key(path: &str) -> Option<ResourceKey> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if parts.len() >= 4 && parts[parts.len() - 2] == "_history" {
        parts.truncate(parts.len() - 2);
    }
    let [.., kind, id] = parts.as_slice() else {
        return None;
    };
    let is_type = kind.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && kind.chars().all(|c| c.is_ascii_alphanumeric());
    (is_type && valid_id(id)).then(|| ResourceKey {
        resource_type: (*kind).to_owned(),
        id: (*id).to_owned(),
    })
}

/// `Type/id` of a request URL or reference (`Patient/234`, `https://…/Observation/9`).
pub fn key_of_url(url: &str) -> Option<ResourceKey> {
    trailing_key(url)
}

/// The key an entry gets: its own id, else the id its transaction request names, else the one
/// in its full URL.
fn key_of(entry: &SourceEntry) -> DomainResult<ResourceKey> {
    let resource_type = entry.resource["resourceType"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let from_url = entry.full_url.as_deref().and_then(|url| {
        url.strip_prefix("urn:uuid:")
            .map(str::to_owned)
            .or_else(|| trailing_key(url).map(|k| k.id))
    });
    let id = entry.resource["id"]
        .as_str()
        .map(str::to_owned)
        .or_else(|| entry.request_id.clone())
        .or(from_url)
        .ok_or_else(|| refuse(&entry.location, "the resource has no id and no full URL"))?;
    if !valid_id(&id) {
        return Err(refuse(
            &entry.location,
            format!("\"{id}\" is not a valid resource id"),
        ));
    }
    Ok(ResourceKey { resource_type, id })
}

/// (type, system, value) of every identifier, for conditional references.
type IdentifierIndex = HashMap<(String, String, String), Vec<ResourceKey>>;

fn index_identifiers(index: &mut IdentifierIndex, key: &ResourceKey, resource: &Value) {
    for identifier in resource["identifier"].as_array().into_iter().flatten() {
        if let Some(value) = identifier["value"].as_str() {
            let system = identifier["system"].as_str().unwrap_or_default().to_owned();
            index
                .entry((key.resource_type.clone(), system, value.to_owned()))
                .or_default()
                .push(key.clone());
        }
    }
}

/// (type, system, value) a stored resource is known by: conditional references that match
/// nothing in the import are looked up here (resources stored by earlier imports).
pub type KnownIdentifiers = HashMap<(String, String, String), ResourceKey>;

/// The identifier a conditional reference (`Type?identifier=system|value`) asks for.
fn wanted_identifier(reference: &str) -> Result<(String, String), String> {
    let (_, query) = reference.split_once('?').unwrap_or((reference, ""));
    let mut wanted = None;
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if name == "identifier" {
            wanted = Some(value.into_owned());
        } else {
            return Err(format!(
                "only identifier= searches are supported in references, not {name}="
            ));
        }
    }
    let wanted = wanted.ok_or("the reference has no identifier= search")?;
    Ok(match wanted.split_once('|') {
        Some((system, value)) => (system.to_owned(), value.to_owned()),
        None => (String::new(), wanted),
    })
}

/// Every (type, system, value) the entries' conditional references ask for, so the caller can
/// look up the ones stored earlier before resolving.
pub fn conditional_identifiers(entries: &[SourceEntry]) -> Vec<(String, String, String)> {
    fn walk(value: &Value, out: &mut Vec<(String, String, String)>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("reference")
                    && let Some((head, _)) = reference.split_once('?')
                    && !head.contains('/')
                    && let Ok((system, value)) = wanted_identifier(reference)
                    && !system.is_empty()
                {
                    out.push((head.to_owned(), system, value));
                }
                map.values().for_each(|child| walk(child, out));
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for entry in entries {
        walk(&entry.resource, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// Resolves `Type?identifier=system|value` (or `identifier=value`, any system) within the import,
/// then among `known` resources stored earlier.
fn conditional(
    reference: &str,
    identifiers: &IdentifierIndex,
    known: &KnownIdentifiers,
) -> Result<ResourceKey, String> {
    let kind = reference.split('?').next().unwrap_or_default();
    let (system, value) = wanted_identifier(reference)?;
    let matches: Vec<&ResourceKey> = if system.is_empty() {
        identifiers
            .iter()
            .filter(|((k, _, v), _)| k == kind && *v == value)
            .flat_map(|(_, keys)| keys)
            .collect()
    } else {
        identifiers
            .get(&(kind.to_owned(), system.clone(), value.clone()))
            .into_iter()
            .flatten()
            .collect()
    };
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => known
            .get(&(kind.to_owned(), system, value))
            .cloned()
            .ok_or_else(|| "matches no resource in this import or stored earlier".into()),
        many => Err(format!("matches {} resources, not one", many.len())),
    }
}

struct Lookup<'a> {
    full_urls: HashMap<String, ResourceKey>,
    identifiers: IdentifierIndex,
    known: &'a KnownIdentifiers,
}

impl Lookup<'_> {
    fn resolve(&self, reference: &str) -> Result<Option<ResourceKey>, String> {
        if reference.starts_with('#') {
            return Ok(None); // a contained resource: stays as it is
        }
        if let Some(key) = self.full_urls.get(reference) {
            return Ok(Some(key.clone()));
        }
        if reference.starts_with("urn:") {
            return Err("matches no entry of this import".into());
        }
        // `Type?search`: the part before `?` is a bare type (a URL would have slashes).
        if let Some((head, _)) = reference.split_once('?')
            && !head.contains('/')
        {
            return conditional(reference, &self.identifiers, self.known).map(Some);
        }
        trailing_key(reference)
            .map(Some)
            .ok_or_else(|| "is not a reference Portico can follow".into())
    }

    /// Rewrites every `reference` in `value` to `Type/id`. A reference to a kind Portico does not
    /// keep that cannot be followed loses its link (its `display` stays) and is counted in
    /// `dropped`; any other reference that cannot be followed fails the import.
    /// A `lenient` rewrite (of a resource kept only for its name, a Location) drops every
    /// reference it cannot follow.
    fn rewrite(
        &self,
        value: &mut Value,
        location: &str,
        dropped: &mut usize,
        lenient: bool,
    ) -> DomainResult<()> {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("reference") {
                    match self.resolve(reference) {
                        Ok(Some(key)) => {
                            map.insert("reference".into(), Value::String(key.to_string()));
                        }
                        Ok(None) => {}
                        Err(_) if lenient || !kept_kind(reference) => {
                            map.remove("reference");
                            *dropped += 1;
                        }
                        Err(problem) => {
                            return Err(refuse(
                                location,
                                format!("reference \"{reference}\" {problem}"),
                            ));
                        }
                    }
                }
                for (_, child) in map.iter_mut() {
                    self.rewrite(child, location, dropped, lenient)?;
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.rewrite(item, location, dropped, lenient)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Whether a reference names a kind of resource Portico keeps and needs (or one it cannot tell:
/// a `urn:` or an unparseable text), so that failing to follow it must fail the import.
fn kept_kind(reference: &str) -> bool {
    let kind = match reference.split_once('?') {
        Some((head, _)) if !head.contains('/') => Some(head.to_owned()),
        _ => trailing_key(reference).map(|k| k.resource_type),
    };
    kind.is_none_or(|kind| {
        SUPPORTED_TYPES.contains(&kind.as_str()) && !OPTIONAL_TARGETS.contains(&kind.as_str())
    })
}

/// When a resource appears twice in one import: whether `candidate` replaces `kept` (it is newer
/// by `meta.lastUpdated`, or, neither saying, it comes later).
fn replaces(kept: &Value, candidate: &Value) -> bool {
    let updated = |v: &Value| v["meta"]["lastUpdated"].as_str().map(str::to_owned);
    match (updated(kept), updated(candidate)) {
        (Some(a), Some(b)) => b > a,
        (Some(_), None) => false,
        _ => true,
    }
}

/// Keys every entry, rewrites every reference, and sets aside unsupported types. Any entry that
/// cannot be keyed or any reference that cannot be followed fails the whole import, naming where.
pub fn resolve(entries: Vec<SourceEntry>) -> DomainResult<Resolved> {
    resolve_with(entries, &KnownIdentifiers::new())
}

/// [`resolve`], with conditional references also matching resources stored earlier.
pub fn resolve_with(entries: Vec<SourceEntry>, known: &KnownIdentifiers) -> DomainResult<Resolved> {
    let mut lookup = Lookup {
        full_urls: HashMap::new(),
        identifiers: HashMap::new(),
        known,
    };
    // Where each key is in `keyed`: a repeat replaces the copy kept when it is newer.
    let mut seen: HashMap<ResourceKey, usize> = HashMap::new();
    let mut keyed: Vec<(ResourceKey, SourceEntry)> = Vec::with_capacity(entries.len());
    let mut repeated = 0;
    for entry in entries {
        let key = key_of(&entry)?;
        if let Some(url) = &entry.full_url {
            lookup.full_urls.insert(url.clone(), key.clone());
        }
        if let Some(&at) = seen.get(&key) {
            repeated += 1;
            if keyed[at].1.resource != entry.resource
                && replaces(&keyed[at].1.resource, &entry.resource)
            {
                index_identifiers(&mut lookup.identifiers, &key, &entry.resource);
                keyed[at].1 = entry;
            }
            continue;
        }
        seen.insert(key.clone(), keyed.len());
        index_identifiers(&mut lookup.identifiers, &key, &entry.resource);
        keyed.push((key, entry));
    }
    for keys in lookup.identifiers.values_mut() {
        keys.sort();
        keys.dedup();
    }
    let mut resolved = Resolved {
        repeated,
        ..Resolved::default()
    };
    for (key, entry) in keyed {
        if !SUPPORTED_TYPES.contains(&key.resource_type.as_str()) {
            *resolved.skipped.entry(key.resource_type).or_default() += 1;
            continue;
        }
        let mut resource = entry.resource;
        let lenient = OPTIONAL_TARGETS.contains(&key.resource_type.as_str());
        lookup.rewrite(
            &mut resource,
            &entry.location,
            &mut resolved.dropped_links,
            lenient,
        )?;
        resource["id"] = Value::String(key.id.clone());
        resolved.resources.push((key, entry.location, resource));
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_resource_is_kept_once_the_newest_copy() {
        let entry = |n: usize, updated: &str, family: &str| SourceEntry {
            file: "Practitioner.ndjson".into(),
            location: format!("Practitioner.ndjson, line {n}"),
            full_url: None,
            request_id: None,
            resource: serde_json::json!({"resourceType": "Practitioner", "id": "dr",
                "meta": {"lastUpdated": updated}, "name": [{"family": family}]}),
        };
        let resolved = resolve(vec![
            entry(1, "2024-01-01T00:00:00Z", "Old"),
            entry(2, "2025-01-01T00:00:00Z", "New"),
            entry(3, "2023-01-01T00:00:00Z", "Older"),
        ])
        .unwrap();
        assert_eq!(resolved.resources.len(), 1);
        assert_eq!(resolved.repeated, 2);
        assert_eq!(resolved.resources[0].2["name"][0]["family"], "New");
    }

    #[test]
    fn keys_come_from_the_end_of_paths_and_urls() {
        let key = trailing_key("https://ehr.example.org/fhir/Patient/123/_history/2").unwrap();
        assert_eq!(key.to_string(), "Patient/123");
        assert_eq!(
            trailing_key("Observation/abc-1").unwrap().to_string(),
            "Observation/abc-1"
        );
        assert!(trailing_key("patient/123").is_none());
        assert!(trailing_key("Patient/").is_none());
    }
}
