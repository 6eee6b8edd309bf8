//! How the preview gets a new site after a change, and what changed in it.
//!
//! Owns the [`Rebuild`] interface, the cached build behind it ([`CachedRebuild`]) and
//! [`changed_targets`], the byte comparison that decides which open tabs must reload. Must not
//! serve, watch or print.
//!
//! A rebuild is handed the [`ChangeSet`] (which files changed, of which kind) and must return the
//! complete outputs, byte-identical to a fresh `build_to_memory` of the same files
//! (`tests/suite/serve.rs` and `tests/suite/incremental.rs` check that after sequences of edits).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::build::{BuildError, BuildOptions, BuildReport, Session};
use crate::serve::classify::ChangeSet;

/// A built site in memory: target path (`news/tea/index.html`) → bytes.
pub type Outputs = BTreeMap<String, Vec<u8>>;

/// Something that can produce the whole site again after some of its sources changed.
pub trait Rebuild: Send {
    /// The complete outputs after `changes` (empty for the first build), or every problem.
    fn rebuild(&mut self, changes: &ChangeSet) -> Result<(Arc<Outputs>, BuildReport), BuildError>;
}

/// Keeps a [`Session`] between builds: only sources whose file stamp changed are read again and
/// only Markdown whose text or link targets changed is rendered again.
pub struct CachedRebuild {
    session: Session,
}

impl CachedRebuild {
    /// Rebuilds with `options` (whose `base_url` should point at the preview server).
    pub fn new(options: BuildOptions) -> CachedRebuild {
        CachedRebuild {
            session: Session::new(options),
        }
    }
}

impl Rebuild for CachedRebuild {
    fn rebuild(&mut self, _changes: &ChangeSet) -> Result<(Arc<Outputs>, BuildReport), BuildError> {
        let (files, report) = self.session.build_to_memory()?;
        Ok((Arc::new(files), report))
    }
}

/// Targets whose bytes differ between two builds: changed, added and removed, sorted.
pub fn changed_targets(old: &Outputs, new: &Outputs) -> Vec<String> {
    let changed_or_added = new
        .iter()
        .filter(|(target, bytes)| old.get(*target) != Some(*bytes))
        .map(|(target, _)| target.clone());
    let removed = old
        .keys()
        .filter(|target| !new.contains_key(*target))
        .cloned();
    let mut all: Vec<String> = changed_or_added.chain(removed).collect();
    all.sort();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(files: &[(&str, &str)]) -> Outputs {
        files
            .iter()
            .map(|(target, text)| (target.to_string(), text.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn changed_added_and_removed_targets_are_found() {
        let old = outputs(&[("a.html", "a"), ("b.html", "b"), ("c.html", "c")]);
        let new = outputs(&[("a.html", "a"), ("b.html", "B"), ("d.html", "d")]);
        assert_eq!(changed_targets(&old, &new), ["b.html", "c.html", "d.html"]);
        assert!(changed_targets(&new, &new).is_empty());
    }
}
