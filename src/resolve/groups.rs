//! Pages grouped across sections: taxonomy terms (tags, villages, work teams) and the archive by
//! year and month. Only listed (not expired) pages are grouped; each group is newest first.

use std::collections::{BTreeMap, HashMap};

use crate::collate;
use crate::config::TaxonomyConfig;
use crate::content::urls::term_segment;
use crate::content::{ArchiveYear, Page, Taxonomy, Term};

/// Builds every configured taxonomy. `order` is all listed pages, newest first.
pub fn taxonomies(configs: &[TaxonomyConfig], pages: &[Page], order: &[usize]) -> Vec<Taxonomy> {
    configs
        .iter()
        .map(|config| taxonomy(config, pages, order))
        .collect()
}

fn taxonomy(config: &TaxonomyConfig, pages: &[Page], order: &[usize]) -> Taxonomy {
    let path = format!("/{}/", config.name);
    // Keyed by the term's URL segment folded ([`term_key`]), so terms that differ only in
    // characters a URL cannot hold, in case or in width share one page instead of overwriting
    // each other's on a case-insensitive disk. The spelling shown is the smallest one, so it
    // does not depend on which page is newest.
    let mut terms: BTreeMap<String, (BTreeMap<String, String>, Vec<usize>)> = BTreeMap::new();
    let mut names = TermNames::default();
    for &i in order {
        for value in values(&config.name, &pages[i]) {
            let Some((segment, key)) = names.of(&value) else {
                continue;
            };
            let (spellings, term_pages) = terms.entry(key.clone()).or_default();
            spellings.entry(segment.clone()).or_insert(value);
            if term_pages.last() != Some(&i) {
                term_pages.push(i);
            }
        }
    }
    let mut terms = terms
        .into_values()
        .filter_map(|(spellings, pages)| {
            let (segment, name) = spellings.into_iter().next()?;
            Some(Term {
                name,
                path: format!("{path}{segment}/"),
                pages,
            })
        })
        .collect::<Vec<Term>>();
    // Listed in the order a Chinese reader expects (pinyin), not by code point.
    terms.sort_by(|a, b| collate::compare(&a.name, &b.name));
    Taxonomy {
        name: config.name.clone(),
        title: config.title.clone().unwrap_or_else(|| config.name.clone()),
        path,
        terms,
    }
}

/// What makes two names one on Windows and macOS disks and to readers: NFKC (full-width
/// `ｔｅａ` is `tea`, composed and decomposed `é` are one) and case folded to lower case.
pub fn term_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    name.nfkc().collect::<String>().to_lowercase()
}

/// Each term's URL segment and [`term_key`], worked out once per spelling: a site has a few
/// hundred terms on tens of thousands of pages.
#[derive(Default)]
struct TermNames(HashMap<String, Option<(String, String)>>);

impl TermNames {
    /// The segment and key of `value`; `None` when it has no segment (only path characters).
    fn of(&mut self, value: &str) -> Option<&(String, String)> {
        if !self.0.contains_key(value) {
            let segment = term_segment(value);
            let names = (!segment.is_empty()).then(|| {
                let key = term_key(&segment);
                (segment, key)
            });
            self.0.insert(value.to_string(), names);
        }
        self.0.get(value).and_then(Option::as_ref)
    }
}

/// Terms of each taxonomy written in more than one spelling that [`term_key`] makes one: for
/// each spelling besides the one shown, the newest page using it, the spelling and the one
/// shown.
pub fn term_spellings<'p>(
    configs: &[TaxonomyConfig],
    pages: &'p [Page],
    order: &[usize],
) -> Vec<(&'p Page, String, String, String)> {
    let mut found = Vec::new();
    for config in configs {
        // Spellings by URL segment, as [`taxonomy`] keeps them, so the one named as shown is
        // the one published.
        let mut by_key: BTreeMap<String, BTreeMap<String, (String, usize)>> = BTreeMap::new();
        let mut names = TermNames::default();
        for &i in order {
            for value in values(&config.name, &pages[i]) {
                if let Some((segment, key)) = names.of(&value) {
                    let spellings = by_key.entry(key.clone()).or_default();
                    spellings.entry(segment.clone()).or_insert((value, i));
                }
            }
        }
        for spellings in by_key.into_values().filter(|s| s.len() > 1) {
            let mut spellings = spellings.into_values();
            let Some((shown, _)) = spellings.next() else {
                continue;
            };
            for (other, page) in spellings {
                found.push((&pages[page], config.name.clone(), other, shown.clone()));
            }
        }
    }
    found
}

/// The values a page has for a taxonomy: its own keys for the built-in three, `extra.NAME`
/// (a text or a list of texts) for the others.
pub fn values(name: &str, page: &Page) -> Vec<String> {
    let trimmed = |v: &String| v.trim().to_string();
    match name {
        "tags" => page.tags.iter().map(trimmed).collect(),
        "villages" => page.villages.iter().map(trimmed).collect(),
        "teams" => page.team.iter().map(trimmed).collect(),
        other => match page.extra.get(other) {
            Some(serde_json::Value::String(s)) => vec![s.trim().to_string()],
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str())
                .map(|s| s.trim().to_string())
                .collect(),
            _ => Vec::new(),
        },
    }
}

/// Listed, dated pages by year and month, newest first. `order` is newest first already.
pub fn archive(pages: &[Page], order: &[usize]) -> Vec<ArchiveYear> {
    let mut years: Vec<ArchiveYear> = Vec::new();
    for &i in order {
        let Some(date) = &pages[i].date else { continue };
        let (year, month) = (date.year(), date.month());
        if years.last().is_none_or(|y| y.year != year) {
            years.push(ArchiveYear {
                year,
                path: format!("/archive/{year}/"),
                months: Vec::new(),
            });
        }
        let current = years.last_mut().expect("pushed above");
        match current.months.last_mut() {
            Some((m, list)) if *m == month => list.push(i),
            _ => current.months.push((month, vec![i])),
        }
    }
    years
}
