//! Giving every resource of an import a key (`Type/id`) and rewriting every reference to one.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    fmt,
};

use serde_json::Value;

use super::{OPTIONAL_TARGETS, Place, SUPPORTED_TYPES, SourceEntry, refuse_at};
use crate::{DomainError, DomainResult, i18n::Said, said};

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
        .ok_or_else(|| refuse_at(&entry.location, said!("fhir-no-id")))?;
    if !valid_id(&id) {
        return Err(refuse_at(&entry.location, said!("fhir-bad-id", id = &id)));
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
fn wanted_identifier(reference: &str) -> Result<(String, String), Said> {
    let (_, query) = reference.split_once('?').unwrap_or((reference, ""));
    let mut wanted = None;
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if name == "identifier" {
            wanted = Some(value.into_owned());
        } else {
            return Err(said!("fhir-reference-search", name = name.into_owned()));
        }
    }
    let wanted = wanted.ok_or_else(|| said!("fhir-reference-no-identifier"))?;
    Ok(match wanted.split_once('|') {
        Some((system, value)) => (system.to_owned(), value.to_owned()),
        None => (String::new(), wanted),
    })
}

/// Adds to `out` every (type, system, value) the conditional references in `value` ask for.
fn wanted_identifiers(value: &Value, out: &mut BTreeSet<(String, String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("reference")
                && let Some((head, _)) = reference.split_once('?')
                && !head.contains('/')
                && let Ok((system, value)) = wanted_identifier(reference)
                && !system.is_empty()
            {
                out.insert((head.to_owned(), system, value));
            }
            map.values()
                .for_each(|child| wanted_identifiers(child, out));
        }
        Value::Array(items) => items.iter().for_each(|item| wanted_identifiers(item, out)),
        _ => {}
    }
}

/// Resolves `Type?identifier=system|value` (or `identifier=value`, any system) within the import,
/// then among `known` resources stored earlier.
fn conditional(
    reference: &str,
    identifiers: &IdentifierIndex,
    known: &KnownIdentifiers,
) -> Result<ResourceKey, Said> {
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
            .ok_or_else(|| said!("fhir-reference-no-match")),
        many => Err(said!("fhir-reference-many", count = many.len())),
    }
}

#[derive(Default)]
struct Lookup {
    full_urls: HashMap<String, ResourceKey>,
    identifiers: IdentifierIndex,
    known: KnownIdentifiers,
}

impl Lookup {
    fn resolve(&self, reference: &str) -> Result<Option<ResourceKey>, Said> {
        if reference.starts_with('#') {
            return Ok(None); // a contained resource: stays as it is
        }
        if let Some(key) = self.full_urls.get(reference) {
            return Ok(Some(key.clone()));
        }
        if reference.starts_with("urn:") {
            return Err(said!("fhir-reference-no-entry"));
        }
        // `Type?search`: the part before `?` is a bare type (a URL would have slashes).
        if let Some((head, _)) = reference.split_once('?')
            && !head.contains('/')
        {
            return conditional(reference, &self.identifiers, &self.known).map(Some);
        }
        trailing_key(reference)
            .map(Some)
            .ok_or_else(|| said!("fhir-reference-unfollowable"))
    }

    /// Rewrites every `reference` in `value` to `Type/id`. A reference to a kind Portico does not
    /// keep that cannot be followed loses its link (its `display` stays) and is counted in
    /// `dropped`; any other reference that cannot be followed fails the import.
    /// A `lenient` rewrite (of a resource kept only for its name, a Location) drops every
    /// reference it cannot follow.
    fn rewrite(
        &self,
        value: &mut Value,
        location: &Place,
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
                            return Err(refuse_at(
                                location,
                                said!("fhir-reference", reference = reference)
                                    .nested("problem", problem),
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

/// When a resource appears twice in one import: whether the `candidate` copy (with its
/// `meta.lastUpdated`) replaces the `kept` one: it is newer, or, neither saying, it comes later.
fn replaces(kept: Option<&str>, candidate: Option<&str>) -> bool {
    match (kept, candidate) {
        (Some(a), Some(b)) => b > a,
        (Some(_), None) => false,
        _ => true,
    }
}

/// One resource of an import as it is held until it is stored: compact JSON text (a fraction of
/// the memory a parsed resource takes), parsed again when its turn comes.
struct Kept {
    key: ResourceKey,
    location: Place,
    last_updated: Option<String>,
    text: Box<str>,
}

/// An import's entries, gathered as they are read: every resource keyed and kept once (a repeat
/// replaces the kept copy when it is newer), with what resolving references needs (full URLs,
/// identifiers, the conditional references to look up among resources stored earlier).
#[derive(Default)]
pub struct Collector {
    lookup: Lookup,
    seen: HashMap<ResourceKey, usize>,
    kept: Vec<Kept>,
    read: usize,
    repeated: usize,
    wanted: BTreeSet<(String, String, String)>,
}

impl Collector {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keys `entry` and keeps it (or counts it as a repeat). An entry without a usable id fails,
    /// naming where it is.
    pub fn add(&mut self, entry: SourceEntry) -> DomainResult<()> {
        let key = key_of(&entry)?;
        self.read += 1;
        if let Some(url) = &entry.full_url {
            self.lookup.full_urls.insert(url.clone(), key.clone());
        }
        let text = serde_json::to_string(&entry.resource)
            .map_err(|e| DomainError::Internal(format!("serialise resource: {e}")))?
            .into_boxed_str();
        let last_updated = entry.resource["meta"]["lastUpdated"]
            .as_str()
            .map(str::to_owned);
        if let Some(&at) = self.seen.get(&key) {
            self.repeated += 1;
            let kept = &self.kept[at];
            if kept.text != text && replaces(kept.last_updated.as_deref(), last_updated.as_deref())
            {
                index_identifiers(&mut self.lookup.identifiers, &key, &entry.resource);
                wanted_identifiers(&entry.resource, &mut self.wanted);
                self.kept[at] = Kept {
                    key,
                    location: entry.location,
                    last_updated,
                    text,
                };
            }
            return Ok(());
        }
        index_identifiers(&mut self.lookup.identifiers, &key, &entry.resource);
        wanted_identifiers(&entry.resource, &mut self.wanted);
        self.seen.insert(key.clone(), self.kept.len());
        self.kept.push(Kept {
            key,
            location: entry.location,
            last_updated,
            text,
        });
        Ok(())
    }

    /// The resources read so far, repeats included.
    pub fn read(&self) -> usize {
        self.read
    }

    /// Every (type, system, value) the conditional references ask for, so the caller can look
    /// up the ones stored earlier before resolving.
    pub fn wanted_identifiers(&self) -> impl Iterator<Item = &(String, String, String)> {
        self.wanted.iter()
    }

    /// The resources to store, ready to be resolved one at a time, with conditional references
    /// also matching `known` resources stored earlier.
    pub fn finish(self, known: KnownIdentifiers) -> Resolver {
        let Self {
            mut lookup,
            kept,
            repeated,
            ..
        } = self;
        for keys in lookup.identifiers.values_mut() {
            keys.sort();
            keys.dedup();
        }
        lookup.known = known;
        let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
        let kept = kept
            .into_iter()
            .filter(|k| {
                let supported = SUPPORTED_TYPES.contains(&k.key.resource_type.as_str());
                if !supported {
                    *skipped.entry(k.key.resource_type.clone()).or_default() += 1;
                }
                supported
            })
            .collect();
        Resolver {
            lookup,
            kept,
            skipped,
            repeated,
        }
    }
}

/// The resources of an import that Portico stores, each resolved when it is asked for
/// ([`Resolver::resource`]), so that only one is held parsed at a time.
pub struct Resolver {
    lookup: Lookup,
    kept: Vec<Kept>,
    /// Resources of types Portico does not keep, by type.
    pub skipped: BTreeMap<String, usize>,
    /// See [`Resolved::repeated`].
    pub repeated: usize,
}

impl Resolver {
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    pub fn key(&self, at: usize) -> &ResourceKey {
        &self.kept[at].key
    }

    /// "bundle.json, entry 4": where resource `at` was read.
    pub fn location(&self, at: usize) -> &Place {
        &self.kept[at].location
    }

    /// Resource `at` with every reference rewritten to `Type/id`. A reference to a kind Portico
    /// does not keep that cannot be followed loses its link (its `display` stays) and is counted
    /// in `dropped`; any other that cannot be followed is an error naming where it is.
    pub fn resource(&self, at: usize, dropped: &mut usize) -> DomainResult<Value> {
        let kept = &self.kept[at];
        let mut resource: Value = serde_json::from_str(&kept.text)
            .map_err(|e| DomainError::Internal(format!("read a kept resource: {e}")))?;
        let lenient = OPTIONAL_TARGETS.contains(&kept.key.resource_type.as_str());
        self.lookup
            .rewrite(&mut resource, &kept.location, dropped, lenient)?;
        resource["id"] = Value::String(kept.key.id.clone());
        Ok(resource)
    }
}

/// Keys every entry, rewrites every reference, and sets aside unsupported types. Any entry that
/// cannot be keyed or any reference that cannot be followed fails, naming where.
pub fn resolve(entries: Vec<SourceEntry>) -> DomainResult<Resolved> {
    let mut collector = Collector::new();
    for entry in entries {
        collector.add(entry)?;
    }
    let resolver = collector.finish(KnownIdentifiers::new());
    let mut resolved = Resolved {
        skipped: resolver.skipped.clone(),
        repeated: resolver.repeated,
        ..Resolved::default()
    };
    for at in 0..resolver.len() {
        let resource = resolver.resource(at, &mut resolved.dropped_links)?;
        resolved.resources.push((
            resolver.key(at).clone(),
            resolver.location(at).to_string(),
            resource,
        ));
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
            location: Place::line("Practitioner.ndjson", n),
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
