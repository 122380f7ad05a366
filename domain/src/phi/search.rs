//! Finding people by name when names are sealed. Every word of a name is normalised (lower case,
//! accents folded, split at spaces, hyphens and other punctuation) and each of its prefixes of
//! two or more letters is stored as a keyed hash (HMAC-SHA256 under the vault's index key, kept
//! apart per table) in `search_token`. A query is normalised the same way; a row is a candidate
//! when every query word's hash is among its tokens, and the candidates are then opened and
//! checked in memory, which also settles words longer than the indexed prefixes and one-letter
//! words. So "ana" and "garc" both find "Ana García", and "ana garc" finds her too, but "arcia"
//! does not: words match from their start.
//!
//! What the index gives away to someone holding the database but not the keys: which rows share a
//! name prefix, and roughly how long each name is. Nothing readable.

use std::collections::{BTreeSet, HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

use super::{PatientIdentity, find_accounts, find_patients};
use crate::{
    DomainResult,
    entities::search_token,
    identity::AccountSummary,
    vault::{Field, Vault},
};

/// Prefixes longer than this are not indexed; longer query words are looked up by their first
/// letters and checked in memory.
const MAX_INDEXED_PREFIX: usize = 24;

/// Whose names a token belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameOwner {
    Patient,
    Account,
}

impl NameOwner {
    fn table(self) -> &'static str {
        match self {
            Self::Patient => "patient",
            Self::Account => "account",
        }
    }

    /// The keyed-hash domain: the same word hashes differently for patients and accounts.
    fn field(self) -> Field {
        Field::new(self.table(), "name_search")
    }
}

/// Letters that do not decompose into a base letter and an accent.
fn fold_letter(c: char, out: &mut String) {
    match c {
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'þ' => out.push_str("th"),
        'ø' => out.push('o'),
        'đ' | 'ð' => out.push('d'),
        'ł' => out.push('l'),
        'ı' => out.push('i'),
        other => out.push(other),
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`')
}

/// The words of a name as search sees them: lower case, accents folded ("García" → "garcia"),
/// split at anything but letters and digits ("Smith-Jones" → "smith", "jones"). A word with an
/// apostrophe counts both whole and in parts ("O'Brien" → "obrien", "o", "brien").
pub(crate) fn name_words(text: &str) -> Vec<String> {
    let mut folded = String::with_capacity(text.len());
    for c in text.to_lowercase().nfd().filter(|c| !is_combining_mark(*c)) {
        fold_letter(c, &mut folded);
    }
    let mut words = Vec::new();
    for chunk in folded.split(|c: char| !c.is_alphanumeric() && !is_apostrophe(c)) {
        let joined: String = chunk.chars().filter(|c| !is_apostrophe(*c)).collect();
        if joined.is_empty() {
            continue;
        }
        if chunk.contains(is_apostrophe) {
            words.extend(
                chunk
                    .split(is_apostrophe)
                    .filter(|part| !part.is_empty())
                    .map(str::to_owned),
            );
        }
        words.push(joined);
    }
    words
}

fn prefix(word: &str, chars: usize) -> &str {
    match word.char_indices().nth(chars) {
        Some((end, _)) => &word[..end],
        None => word,
    }
}

/// The hashes stored for a name: every prefix of two or more letters of every word.
fn name_hashes(vault: &Vault, owner: NameOwner, name: &str) -> BTreeSet<String> {
    let mut hashes = BTreeSet::new();
    for word in name_words(name) {
        let length = word.chars().count().min(MAX_INDEXED_PREFIX);
        for chars in 2..=length {
            hashes.insert(vault.index_hash(owner.field(), prefix(&word, chars)));
        }
    }
    hashes
}

/// Replaces the search tokens of one row's name (call in the transaction that writes the name).
pub(crate) async fn index_name(
    db: &impl ConnectionTrait,
    vault: &Vault,
    owner: NameOwner,
    owner_id: &str,
    name: &str,
) -> DomainResult<()> {
    search_token::Entity::delete_many()
        .filter(search_token::Column::OwnerTable.eq(owner.table()))
        .filter(search_token::Column::OwnerId.eq(owner_id))
        .exec(db)
        .await?;
    let tokens: Vec<search_token::ActiveModel> = name_hashes(vault, owner, name)
        .into_iter()
        .map(|hash| search_token::ActiveModel {
            owner_table: sea_orm::ActiveValue::Set(owner.table().to_owned()),
            owner_id: sea_orm::ActiveValue::Set(owner_id.to_owned()),
            token_hash: sea_orm::ActiveValue::Set(hash),
        })
        .collect();
    // A few hundred rows per statement stays under every backend's bind-parameter limit.
    for batch in tokens.chunks(300) {
        search_token::Entity::insert_many(batch.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// What someone typed to find a person by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NameQuery {
    words: Vec<String>,
}

impl NameQuery {
    /// None when the text has no word of at least two letters to look up.
    pub fn parse(text: &str) -> Option<Self> {
        let words = name_words(text);
        words
            .iter()
            .any(|w| w.chars().count() >= 2)
            .then_some(Self { words })
    }

    /// Whether every query word starts some word of `name`.
    pub fn matches(&self, name: &str) -> bool {
        let name = name_words(name);
        self.words
            .iter()
            .all(|word| name.iter().any(|n| n.starts_with(word.as_str())))
    }

    /// Ids of rows whose tokens contain every query word's hash.
    async fn candidates(
        &self,
        db: &impl ConnectionTrait,
        vault: &Vault,
        owner: NameOwner,
    ) -> DomainResult<Vec<String>> {
        let wanted: BTreeSet<String> = self
            .words
            .iter()
            .filter(|w| w.chars().count() >= 2)
            .map(|w| vault.index_hash(owner.field(), prefix(w, MAX_INDEXED_PREFIX)))
            .collect();
        let rows = search_token::Entity::find()
            .filter(search_token::Column::OwnerTable.eq(owner.table()))
            .filter(search_token::Column::TokenHash.is_in(wanted.iter().cloned()))
            .all(db)
            .await?;
        let mut found: HashMap<String, HashSet<String>> = HashMap::new();
        for row in rows {
            found
                .entry(row.owner_id)
                .or_default()
                .insert(row.token_hash);
        }
        Ok(found
            .into_iter()
            .filter(|(_, hashes)| hashes.len() == wanted.len())
            .map(|(id, _)| id)
            .collect())
    }
}

/// The patients whose given and family names together match the query, opened.
/// At most `most` candidates are opened: with more, the query is too broad and `Err(count)`
/// says how many there were (nothing decrypted).
pub(crate) async fn matching_patients(
    db: &impl ConnectionTrait,
    vault: &Vault,
    query: &NameQuery,
    most: usize,
) -> DomainResult<Result<Vec<PatientIdentity>, usize>> {
    let ids = query.candidates(db, vault, NameOwner::Patient).await?;
    if ids.len() > most {
        return Ok(Err(ids.len()));
    }
    let mut patients = find_patients(db, vault, &ids).await?;
    patients.retain(|p| query.matches(&p.display_name()));
    Ok(Ok(patients))
}

/// The accounts whose display name matches the query, opened.
pub(crate) async fn matching_accounts(
    db: &impl ConnectionTrait,
    vault: &Vault,
    query: &NameQuery,
) -> DomainResult<Vec<AccountSummary>> {
    let ids = query.candidates(db, vault, NameOwner::Account).await?;
    let mut accounts = find_accounts(db, vault, &ids).await?;
    accounts.retain(|a| query.matches(&a.display_name));
    Ok(accounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_folded_and_split_into_words() {
        assert_eq!(name_words("Ana García"), ["ana", "garcia"]);
        assert_eq!(name_words("  SMITH-Jones "), ["smith", "jones"]);
        assert_eq!(name_words("Ørsted Straße"), ["orsted", "strasse"]);
        assert_eq!(name_words("O'Brien"), ["o", "brien", "obrien"]);
        assert_eq!(name_words("Zoë, Dr."), ["zoe", "dr"]);
        assert!(name_words(" - ").is_empty());
    }

    #[test]
    fn queries_match_word_starts_and_need_every_word() {
        let q = |text| NameQuery::parse(text).unwrap();
        assert!(q("ana").matches("Ana García"));
        assert!(q("GARC").matches("Ana García"));
        assert!(q("garcía ana").matches("Ana García"));
        assert!(q("brien").matches("Mary O'Brien"));
        assert!(q("o'brien").matches("Mary O'Brien"));
        assert!(
            !q("arcia").matches("Ana García"),
            "words match from their start"
        );
        assert!(
            !q("ana lopez").matches("Ana García"),
            "every word must match"
        );
        assert!(NameQuery::parse("a").is_none());
        assert!(NameQuery::parse("a.-").is_none());
        let long = "a".repeat(40);
        assert!(q(&long).matches(&long));
        assert!(!q(&long).matches(&"a".repeat(39)));
    }

    #[test]
    fn prefixes_are_cut_at_character_boundaries() {
        assert_eq!(prefix("garcía", 5), "garcí");
        assert_eq!(prefix("ab", 5), "ab");
    }
}
