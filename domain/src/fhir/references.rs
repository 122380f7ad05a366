//! Giving every resource of an import a key (`Type/id`) and rewriting every reference to one.

use std::{
    collections::{BTreeMap, HashMap},
    fmt,
};

use serde_json::Value;

use super::{SUPPORTED_TYPES, SourceEntry};
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
    /// Resources that appeared again in another file of the same import (an export's shared
    /// practitioners and organizations): the first copy is kept.
    pub repeated: usize,
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

    /// Rewrites every `reference` in `value` to `Type/id`.
    fn rewrite(&self, value: &mut Value, location: &str) -> DomainResult<()> {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("reference") {
                    match self.resolve(reference) {
                        Ok(Some(key)) => {
                            map.insert("reference".into(), Value::String(key.to_string()));
                        }
                        Ok(None) => {}
                        Err(problem) => {
                            return Err(refuse(
                                location,
                                format!("reference \"{reference}\" {problem}"),
                            ));
                        }
                    }
                }
                for (_, child) in map.iter_mut() {
                    self.rewrite(child, location)?;
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.rewrite(item, location)?;
                }
            }
            _ => {}
        }
        Ok(())
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
    let mut seen: HashMap<ResourceKey, (String, String)> = HashMap::new();
    let mut keyed = Vec::with_capacity(entries.len());
    let mut repeated = 0;
    for entry in entries {
        let key = key_of(&entry)?;
        if let Some(url) = &entry.full_url {
            lookup.full_urls.insert(url.clone(), key.clone());
        }
        if let Some((file, first)) = seen.get(&key) {
            if *file == entry.file {
                return Err(refuse(
                    &entry.location,
                    format!("{key} appears twice (also at {first})"),
                ));
            }
            repeated += 1;
            continue;
        }
        seen.insert(key.clone(), (entry.file.clone(), entry.location.clone()));
        index_identifiers(&mut lookup.identifiers, &key, &entry.resource);
        keyed.push((key, entry));
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
        lookup.rewrite(&mut resource, &entry.location)?;
        resource["id"] = Value::String(key.id.clone());
        resolved.resources.push((key, entry.location, resource));
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

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
