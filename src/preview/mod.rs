//! The preview's builds: a session builds the site into memory again after every save, doing as
//! little work as the edit allows. Beside it, `classify.rs` says once what kind of source each
//! changed path is (the watcher classifies, this module decides from the kinds), `cache.rs` is
//! what the session keeps between loads and reads again after a save (the [`LoadCache`] that
//! `content` loads through, and a page's new body), and `rebuild.rs` is the
//! [`rebuild::Rebuild`] interface `serve` drives, with the comparison of two builds' outputs.
//! Nothing here watches, serves or prints; that is `serve`'s.
//!
//! Three ways to the next build:
//! - **full**: `site.yaml`, the templates and every source go through the pipeline again, with a
//!   [`LoadCache`] so that only files whose stamp changed are read and only Markdown whose text or
//!   link targets changed is rendered; then every output is rendered.
//! - **body edit**: when every change is a save to a page of the previous build that altered only
//!   the text after its front matter, and kept the heading anchors other pages may link to, only
//!   that page is rendered again, with the feeds that carry its full text and its entries in the
//!   search index — and, when the edit changed its summary, the outputs that show the summary:
//!   the list and term pages it is on, its parent section's lists, its year's archive page, the
//!   pages that list it as related and its feeds. Everything else is kept from the previous
//!   build.
//! - **templates**: when only files below `templates/` changed, the templates are read again and
//!   every page and list rendered again from the kept site; feeds, the sitemap, the search index
//!   and copied files do not depend on templates and are kept.
//!
//! The preview's first build may be had in two steps ([`Session::rebuild_deferring_search`],
//! then [`Session::complete_search`]): every output but the search index, so the pages can be
//! served sooner (the index is about a quarter of the work), then the index laid over them.
//!
//! Anything else — a new, deleted or renamed file, front matter, a section, `site.yaml`, a static
//! file — takes the full way, and so does the first build after a failed one.
//!
//! Either way the outputs are byte-identical to a fresh [`crate::build_to_memory`] of the same files,
//! except the search index after a body edit: it is updated in place (the page keeps its id and
//! the shard boundaries stay where they were), so its files answer every query as a fresh index
//! would, but may be cut into shards differently. `tests/suite/incremental.rs` checks both.

pub mod cache;
pub mod classify;
pub mod rebuild;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::build::{
    BuildError, BuildOptions, BuildReport, prepare_cached, read_config, render_to_memory,
};
use crate::content::urls::UrlIndex;
use crate::content::{Page, Site};
use crate::diagnostics::Diagnostics;
use crate::markdown::Rendered;
use crate::output::{MemoryFiles, MemoryOutput};
use crate::render::{self, RenderStats, Templates};
use crate::resolve;
use crate::search::SearchIndex;
use cache::{BodyEdit, LoadCache, reload_body};
use classify::ChangeSet;

/// Builds one site into memory again and again; see the module documentation.
#[derive(Default)]
pub struct Session {
    options: BuildOptions,
    cache: LoadCache,
    last: Option<Last>,
    way: Way,
}

/// Which way a session's build went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Way {
    /// Everything loaded (from the cache where possible) and rendered.
    #[default]
    Full,
    /// Only the saved pages rendered.
    BodyEdit,
    /// Every page and list rendered with the new templates; the rest kept.
    Templates,
}

/// The previous successful build, kept for body edits.
struct Last {
    site: Site,
    index: UrlIndex,
    templates: Templates,
    files: Arc<MemoryFiles>,
    search: Option<SearchIndex>,
    /// The build left its search index out; [`Session::complete_search`] adds it.
    search_pending: bool,
    report: BuildReport,
}

type Built = (Arc<MemoryFiles>, BuildReport);

impl Session {
    /// A session building with `options`.
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            ..Session::default()
        }
    }

    /// Builds the current state of the site in full (reading only files that changed).
    pub fn build_to_memory(&mut self) -> Result<Built, BuildError> {
        self.full_build(false)
    }

    /// A full build; with `defer_search` the search index is left for [`Self::complete_search`].
    fn full_build(&mut self, defer_search: bool) -> Result<Built, BuildError> {
        self.way = Way::Full;
        self.last = None;
        let started = Instant::now();
        let config = read_config(&self.options)?;
        let prepared = prepare_cached(config, &self.options, Some(&mut self.cache))?;
        let search_pending = defer_search && prepared.site.config.search;
        let (files, report, search) = render_to_memory(
            &prepared.site,
            &prepared.templates,
            prepared.diagnostics,
            started,
            !search_pending,
        )?;
        let files = Arc::new(files);
        self.last = Some(Last {
            site: prepared.site,
            index: prepared.index,
            templates: prepared.templates,
            files: Arc::clone(&files),
            search,
            search_pending,
            report: report.clone(),
        });
        Ok((files, report))
    }

    /// Whether the last build left its search index out ([`Self::rebuild_deferring_search`]).
    pub fn search_pending(&self) -> bool {
        self.last.as_ref().is_some_and(|last| last.search_pending)
    }

    /// The search index the last build left out, built and laid over its outputs: the complete
    /// outputs, byte-identical to [`Self::rebuild`]'s; `None` when nothing was left out. A
    /// problem writing the index fails the build and drops it (the next build is full).
    pub fn complete_search(&mut self) -> Option<Result<Built, BuildError>> {
        let last = self.last.as_mut().filter(|last| last.search_pending)?;
        let started = Instant::now();
        let memory = MemoryOutput::default();
        let (index, problems) = render::write_search_index(&last.site, &memory);
        if !problems.is_empty() {
            let mut all = Diagnostics::new();
            all.extend(std::mem::take(&mut last.report.warnings));
            all.extend(problems);
            self.last = None;
            return Some(Err(BuildError::Content(all.into_sorted())));
        }
        last.search = Some(index);
        last.search_pending = false;
        let stats = last.report.stats;
        Some(Ok(last.lay_over(memory, stats, started)))
    }

    /// The site after `changes` (one burst of saves, each path classified once by
    /// [`classify::classify`]): a template edit when only templates changed, a body edit when
    /// only pages' files did and their edits allow it, otherwise — and for no changes, the first
    /// build — a full build.
    pub fn rebuild(&mut self, changes: &ChangeSet) -> Result<Built, BuildError> {
        self.next_build(changes, false)
    }

    /// [`Self::rebuild`], except that a full build leaves the search index out, so its pages
    /// can be served sooner; [`Self::complete_search`] adds it.
    pub fn rebuild_deferring_search(&mut self, changes: &ChangeSet) -> Result<Built, BuildError> {
        self.next_build(changes, true)
    }

    fn next_build(&mut self, changes: &ChangeSet, defer_search: bool) -> Result<Built, BuildError> {
        // The kept build is complete before anything is laid over it: a body edit updates the
        // search index in place and a template edit keeps its files.
        if let Some(Err(error)) = self.complete_search() {
            return Err(error);
        }
        let started = Instant::now();
        if changes.is_templates_only() {
            self.way = Way::Templates;
            return self.template_edit(started);
        }
        let Some(files) = changes.content_files() else {
            return self.full_build(defer_search);
        };
        match self.body_edits(&files, started) {
            Some(built) => {
                self.way = Way::BodyEdit;
                Ok(built)
            }
            None => self.full_build(defer_search),
        }
    }

    /// The site of the last successful build, as it stands after any body edits since, with
    /// the warnings that build reported; `None` after a failure.
    pub fn site(&self) -> Option<(&Site, &[crate::diagnostics::Diagnostic])> {
        self.last
            .as_ref()
            .map(|last| (&last.site, last.report.warnings.as_slice()))
    }

    /// Which way the last build went (for tests and the benchmark).
    pub fn last_way(&self) -> Way {
        self.way
    }

    /// After a template edit, the outputs at `viewed` (the pages open tabs show) rendered with
    /// the new templates and laid over the kept build, which stays as it is: a first look to
    /// serve while [`Self::rebuild`] renders everything. `None` when `changes` is not a template
    /// edit, nothing was viewed or kept, or the templates fail (the whole render reports it).
    pub fn templates_first(
        &mut self,
        changes: &ChangeSet,
        viewed: &BTreeSet<String>,
    ) -> Option<Built> {
        if !changes.is_templates_only() || viewed.is_empty() {
            return None;
        }
        let started = Instant::now();
        let last = self.last.as_ref().filter(|last| !last.search_pending)?;
        let templates = render::load_templates(&last.site).ok()?;
        let memory = MemoryOutput::default();
        let rendered = render::render(render::Render {
            site: &last.site,
            templates: &templates,
            bodies: render::Bodies::Kept,
            outputs: render::Outputs::Viewed(viewed),
            indexing: render::Indexing::Untouched,
            sink: &memory,
            progress: &render::NoProgress,
        });
        if !rendered.problems.is_empty() {
            return None;
        }
        let mut files = MemoryFiles::clone(&last.files);
        files.extend(memory.into_files());
        let report = BuildReport {
            stats: rendered.stats,
            elapsed: started.elapsed(),
            ..last.report.clone()
        };
        Some((Arc::new(files), report))
    }

    /// Renders every page and list with the templates as they are now over the kept site. A
    /// template problem fails the build and drops the kept one, so the next build is full.
    fn template_edit(&mut self, started: Instant) -> Result<Built, BuildError> {
        let Some(last) = self.last.take() else {
            return self.build_to_memory();
        };
        let site = &last.site;
        let memory = MemoryOutput::default();
        let problems = match render::load_templates(site) {
            Ok(templates) => {
                let problems = render::render(render::Render {
                    site,
                    templates: &templates,
                    bodies: render::Bodies::Kept,
                    outputs: render::Outputs::Templated,
                    indexing: render::Indexing::Untouched,
                    sink: &memory,
                    progress: &render::NoProgress,
                })
                .problems;
                if problems.is_empty() {
                    let built = self.last.insert(Last { templates, ..last });
                    return Ok(built.lay_over(memory, built.report.stats, started));
                }
                problems
            }
            Err(problems) => problems,
        };
        let mut all = Diagnostics::new();
        all.extend(last.report.warnings);
        all.extend(problems);
        Err(BuildError::Content(all.into_sorted()))
    }

    /// Renders only the edited pages, or `None` when the edits need a full build. May drop the
    /// kept build (when it finds a problem the full build must report), never leaves it stale.
    fn body_edits(&mut self, changed: &[PathBuf], started: Instant) -> Option<Built> {
        let last = self.last.as_mut()?;
        let edited = last.read_edits(changed, &self.cache)?;
        let config = &last.site.config;
        let pages: Vec<(usize, bool)> = edited
            .into_iter()
            .map(|(i, edit)| {
                let summary_changed = edit.apply(config, &mut last.site.pages[i], &mut self.cache);
                (i, summary_changed)
            })
            .collect();
        let built = last.render_edited(&pages, started);
        if built.is_none() {
            self.last = None;
        }
        built
    }
}

impl Last {
    /// The new bodies of the pages saved in `changed`, or `None` unless every saved file is a page
    /// of this build whose edit changed nothing but its body (and so its summary).
    fn read_edits(&self, changed: &[PathBuf], cache: &LoadCache) -> Option<Vec<(usize, BodyEdit)>> {
        if changed.is_empty() {
            return None;
        }
        let mut edits = Vec::with_capacity(changed.len());
        for file in changed {
            let i = self.site.pages.iter().position(|p| p.file == *file)?;
            let page = &self.site.pages[i];
            // Warnings about the page could depend on its old body; a full build sorts them out.
            if self.report.warnings.iter().any(|d| d.path == *file) {
                return None;
            }
            let edit = reload_body(&self.site.config, &self.index, cache, page)?;
            if !keeps_anchors(page, edit.body())
                || !crate::content::uses_same_images(&self.index, page, edit.body())
            {
                return None;
            }
            edits.push((i, edit));
        }
        Some(edits)
    }

    /// Checks the edited pages' links; renders them, the outputs showing a changed summary, their
    /// feeds and search entries; and lays the results over the previous build's files. `pages`:
    /// (page, whether its summary changed).
    fn render_edited(&mut self, pages: &[(usize, bool)], started: Instant) -> Option<Built> {
        let site = &self.site;
        let indices: Vec<usize> = pages.iter().map(|&(i, _)| i).collect();
        if !resolve::check_page_links(site, &self.index, &indices).is_empty() {
            return None;
        }
        let memory = MemoryOutput::default();
        let rendered = render::render(render::Render {
            site,
            templates: &self.templates,
            bodies: render::Bodies::Kept,
            outputs: render::Outputs::Edited(pages),
            indexing: match &mut self.search {
                Some(search) => render::Indexing::Update(search),
                None => render::Indexing::Untouched,
            },
            sink: &memory,
            progress: &render::NoProgress,
        });
        if !rendered.problems.is_empty() {
            return None;
        }
        Some(self.lay_over(memory, rendered.stats, started))
    }

    /// Lays `memory`'s files over this build's and reports what was rendered.
    fn lay_over(&mut self, memory: MemoryOutput, stats: RenderStats, started: Instant) -> Built {
        let mut files = MemoryFiles::clone(&self.files);
        files.extend(memory.into_files());
        self.files = Arc::new(files);
        let report = BuildReport {
            stats,
            elapsed: started.elapsed(),
            ..self.report.clone()
        };
        (Arc::clone(&self.files), report)
    }
}

/// Whether every heading anchor of `page` is still in `body`: other pages may link to them, and
/// a body edit does not check other pages' links.
fn keeps_anchors(page: &Page, body: &Rendered) -> bool {
    page.body
        .headings
        .iter()
        .all(|old| body.headings.iter().any(|new| new.id == old.id))
}
