//! Heading ids: explicit `{#id}` attributes win, otherwise an id is derived
//! from the heading's plain text in a way that keeps Chinese readable
//! (`## 一、工作进展` → `一工作进展`), deduplicated within the page.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::position::LineIndex;
use super::{Heading, Spanned};

/// Fills in the `id` of every heading start event and returns the headings
/// in document order.
pub(crate) fn assign_heading_ids(events: &mut [Spanned<'_>], lines: &LineIndex) -> Vec<Heading> {
    let mut used = explicit_ids(events);
    let mut headings = Vec::new();
    for start in 0..events.len() {
        let (Event::Start(Tag::Heading { level, id, .. }), range) = &events[start] else {
            continue;
        };
        let (level, line) = (*level as u8, lines.line_col(range.start).0);
        let explicit = id.as_ref().map(|id| id.to_string());
        let title = heading_text(&events[start + 1..]);
        let id = explicit.unwrap_or_else(|| used.claim(slugify(&title)));
        if let (Event::Start(Tag::Heading { id: slot, .. }), _) = &mut events[start] {
            *slot = Some(CowStr::from(id.clone()));
        }
        headings.push(Heading {
            level,
            id,
            title,
            line,
        });
    }
    headings
}

/// Explicit ids are reserved up front so that a generated id never takes
/// one that an author wrote further down the page.
fn explicit_ids(events: &[Spanned<'_>]) -> UsedIds {
    let taken = events
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    UsedIds {
        taken,
        next_suffix: HashMap::new(),
    }
}

/// Plain text of the heading whose content starts at `events[0]`.
fn heading_text(events: &[Spanned<'_>]) -> String {
    let mut title = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => title.push_str(t),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    title.trim().to_string()
}

/// Derives an id from plain heading text: letters and digits of every script
/// are kept (lowercased where that means something), whitespace, `-` and `_`
/// collapse into single hyphens, all other punctuation (ASCII or full-width)
/// is dropped.
pub(crate) fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    let mut pending_hyphen = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_hyphen = true;
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Ids taken on the page, and the next suffix to try for each base, so that
/// many equal headings do not make numbering quadratic.
#[derive(Debug, Default)]
struct UsedIds {
    taken: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl UsedIds {
    /// `base`, or `base-1`, `base-2`, … whichever is still free on the page.
    fn claim(&mut self, base: String) -> String {
        let mut candidate = base.clone();
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        while self.taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.next_suffix.insert(base, n);
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_chinese_and_drop_punctuation() {
        assert_eq!(slugify("一、工作进展"), "一工作进展");
        assert_eq!(slugify("（二）存在的问题：“三难”"), "二存在的问题三难");
        assert_eq!(slugify("《通知》解读"), "通知解读");
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(
            slugify("  2024 年 工作_总结 -- 草稿 "),
            "2024-年-工作-总结-草稿"
        );
        assert_eq!(slugify("C++ & Rust"), "c-rust");
        assert_eq!(slugify("：，。"), "section");
        assert_eq!(slugify(""), "section");
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut used = UsedIds::default();
        assert_eq!(used.claim("a".into()), "a");
        assert_eq!(used.claim("a".into()), "a-1");
        assert_eq!(used.claim("a".into()), "a-2");
        assert_eq!(used.claim("a-1".into()), "a-1-1");
        assert_eq!(used.claim("b-1".into()), "b-1");
        assert_eq!(used.claim("b".into()), "b");
        assert_eq!(used.claim("b".into()), "b-2");
    }
}
