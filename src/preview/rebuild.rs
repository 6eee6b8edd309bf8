//! How the preview gets a new site after a change, and what changed in it.
//!
//! Owns the [`Rebuild`] interface, the cached build behind it ([`CachedRebuild`]) and
//! [`changed_targets`], the byte comparison that decides which open tabs must reload. Must not
//! serve, watch or print.
//!
//! A rebuild is handed the [`ChangeSet`] (which files changed, of which kind) and must return the
//! complete outputs, byte-identical to a fresh `build_to_memory` of the same files
//! (`tests/suite/serve.rs` and `tests/suite/incremental.rs` check that after sequences of edits).
//! The preview asks in two steps: the outputs without what takes longest and is needed least at
//! first (a full build's search index), then the complete ones.

use std::collections::BTreeSet;
use std::sync::Arc;

use imbl::ordmap::DiffItem;

use super::Session;
use super::classify::ChangeSet;
use crate::build::{BuildError, BuildOptions, BuildReport};
use crate::content::Site;
use crate::diagnostics::Diagnostic;

/// A built site in memory: target path (`news/tea/index.html`) → bytes.
pub type Outputs = crate::output::MemoryFiles;

/// Something that can produce the whole site again after some of its sources changed.
pub trait Rebuild: Send {
    /// The complete outputs after `changes` (empty for the first build), or every problem.
    fn rebuild(&mut self, changes: &ChangeSet) -> Result<(Arc<Outputs>, BuildReport), BuildError>;

    /// [`Rebuild::rebuild`], but it may leave part of the outputs for [`Rebuild::complete`]
    /// (the search index of a full build), so that the rest can be served sooner.
    fn rebuild_first(
        &mut self,
        changes: &ChangeSet,
    ) -> Result<(Arc<Outputs>, BuildReport), BuildError> {
        self.rebuild(changes)
    }

    /// Before [`Rebuild::rebuild`] after a template edit: the outputs at `viewed` (the pages
    /// open tabs show) made with the new templates over the last build, to serve while the rest
    /// is rendered; `None` when there is no such first look to have.
    fn templates_first(
        &mut self,
        _changes: &ChangeSet,
        _viewed: &BTreeSet<String>,
    ) -> Option<(Arc<Outputs>, BuildReport)> {
        None
    }

    /// Whether the last rebuild left something for [`Rebuild::complete`].
    fn incomplete(&self) -> bool {
        false
    }

    /// What the last rebuild left out, made now: the complete outputs (as
    /// [`Rebuild::rebuild`] would have returned them), or `None` when nothing was left out.
    fn complete(&mut self) -> Option<Result<(Arc<Outputs>, BuildReport), BuildError>> {
        None
    }

    /// The site of the last successful build and the warnings it reported, while it is kept
    /// (the editing desk lists and checks it instead of loading the site again).
    fn site(&self) -> Option<(&Site, &[Diagnostic])> {
        None
    }
}

/// Keeps a [`Session`] between builds: a save that changed only a page's body renders that page
/// alone; otherwise only sources whose file stamp changed are read again and only Markdown whose
/// text or link targets changed is rendered again.
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
    fn rebuild(&mut self, changes: &ChangeSet) -> Result<(Arc<Outputs>, BuildReport), BuildError> {
        self.session.rebuild(changes)
    }

    fn rebuild_first(
        &mut self,
        changes: &ChangeSet,
    ) -> Result<(Arc<Outputs>, BuildReport), BuildError> {
        self.session.rebuild_deferring_search(changes)
    }

    fn templates_first(
        &mut self,
        changes: &ChangeSet,
        viewed: &BTreeSet<String>,
    ) -> Option<(Arc<Outputs>, BuildReport)> {
        self.session.templates_first(changes, viewed)
    }

    fn incomplete(&self) -> bool {
        self.session.search_pending()
    }

    fn complete(&mut self) -> Option<Result<(Arc<Outputs>, BuildReport), BuildError>> {
        self.session.complete_search()
    }

    fn site(&self) -> Option<(&Site, &[Diagnostic])> {
        self.session.site()
    }
}

/// Targets whose bytes differ between two builds: changed, added and removed, sorted.
pub fn changed_targets(old: &Outputs, new: &Outputs) -> Vec<String> {
    // The maps share what a build kept from the previous one; `diff` skips all of that.
    old.diff(new)
        .filter_map(|item| match item {
            DiffItem::Add(target, _) | DiffItem::Remove(target, _) => Some(target.clone()),
            DiffItem::Update { old, new } => (old.1 != new.1).then(|| new.0.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(files: &[(&str, &str)]) -> Outputs {
        files
            .iter()
            .map(|(target, text)| (target.to_string(), Arc::<[u8]>::from(text.as_bytes())))
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
