//! Site + templates → pages, lists and the 404 page, written to an [`OutputSink`].
//!
//! Tera (2.x) is set up once per build with the built-in theme, the site's own templates on top,
//! our filters, and `site` / `t` as its global context; every output is then rendered in parallel
//! from view structs (see `views.rs`). [`render`] is the one entry point: a build and each kind
//! of preview rebuild say which [`Outputs`] and which [`Indexing`] of the search index they want,
//! and where bodies come from ([`Bodies`]); render itself opens no files but templates.

pub mod feeds;
mod filters;
pub mod relative;
mod results;
pub mod sitemap;
mod syndication;
pub mod theme;
pub mod views;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::i18n::Text;
use crate::markdown::Rendered;
use crate::output::OutputSink;
use crate::search::SearchIndex;
use views::Views;
pub use views::{Bodies, BodySource};

/// How many newest entries of each section the home page and parent lists show.
const LATEST_PER_SECTION: usize = 6;

/// Templates ready to render, remembering which came from the site (for error locations).
pub struct Templates {
    tera: Tera,
    from_site: BTreeSet<String>,
}

/// Reads the site's `templates/` folder: (name with `/` separators, text).
pub fn read_site_templates(dir: &Path) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let mut templates = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return Ok(templates);
    }
    let walker = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in walker
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if crate::content::is_ignored_name(entry.file_name()) {
            continue;
        }
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let shown = Path::new("templates").join(rel);
        match std::fs::read(entry.path()) {
            Ok(bytes) => match crate::content::decode(&bytes, &shown) {
                Ok(text) => templates.push((name, text)),
                Err(d) => problems.push(d),
            },
            Err(err) => problems.push(Diagnostic::error(shown, "read", {
                let crate::i18n::Text { zh, en } = crate::i18n::os_error(&err);
                text!("无法读取模板：{zh}", "cannot read the template: {en}")
            })),
        }
    }
    if problems.is_empty() {
        Ok(templates)
    } else {
        Err(problems)
    }
}

/// Reads the site's `templates/` folder and sets up Tera with it over the built-in theme.
pub fn load_templates(site: &Site) -> Result<Templates, Vec<Diagnostic>> {
    read_site_templates(&site.config.templates_dir()).and_then(|found| prepare(site, found))
}

/// Sets up Tera with the built-in theme overridden by `site_templates`.
pub fn prepare(
    site: &Site,
    site_templates: Vec<(String, String)>,
) -> Result<Templates, Vec<Diagnostic>> {
    let from_site: BTreeSet<String> = site_templates
        .iter()
        .map(|(name, _)| name.clone())
        .collect();
    // Check each site template's syntax on its own first, so every broken file is reported.
    let mut problems = Vec::new();
    for (name, text) in &site_templates {
        let mut alone = Tera::new();
        if let Err(err) = alone.add_raw_template(name, text)
            && let Some(d) = syntax_diagnostic(&err, &from_site)
        {
            problems.push(d);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut all: Vec<(String, String)> = theme::TEMPLATES
        .iter()
        .filter(|(name, _)| !from_site.contains(*name))
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    all.extend(site_templates);
    let mut tera = Tera::new();
    filters::register(&mut tera, &site.config.timezone);
    tera.add_raw_templates(all)
        .map_err(|err| vec![template_error(&err, &from_site, None)])?;
    let views = Views::kept(site);
    tera.global_context().insert("site", &views.site());
    tera.global_context()
        .insert("t", &theme::strings(&site.config.language));
    Ok(Templates { tera, from_site })
}

fn syntax_diagnostic(err: &tera::Error, from_site: &BTreeSet<String>) -> Option<Diagnostic> {
    match err.kind() {
        tera::ErrorKind::SyntaxError(_) => Some(template_error(err, from_site, None)),
        _ => None,
    }
}

/// Where a template lives, as shown in messages.
fn template_path(name: &str, from_site: &BTreeSet<String>) -> PathBuf {
    if from_site.contains(name) {
        Path::new("templates").join(name)
    } else {
        PathBuf::from(format!("<built-in theme>/{name}"))
    }
}

/// A Tera error as a diagnostic at the template's line; `rendering` names the page being built.
fn template_error(
    err: &tera::Error,
    from_site: &BTreeSet<String>,
    rendering: Option<&str>,
) -> Diagnostic {
    let during = rendering
        .map(|r| (format!("（生成 {r} 时）"), format!(" (while building {r})")))
        .unwrap_or_default();
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let is_syntax = matches!(err.kind(), tera::ErrorKind::SyntaxError(_));
            let span = report.span();
            let message = report.message().to_string();
            let (zh_kind, en_kind) = if is_syntax {
                ("模板语法错误", "template syntax error")
            } else {
                ("模板出错", "template error")
            };
            Diagnostic::error(
                template_path(report.filename(), from_site),
                "template",
                Text::new(
                    format!("{zh_kind}{}：{message}", during.0),
                    format!("{en_kind}{}: {message}", during.1),
                ),
            )
            .at(span.start_line.max(1), span.start_col + 1)
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            template_path(current, from_site),
            "template",
            text!(
                "模板继承的“{parent}”不存在",
                "the template extends `{parent}`, which does not exist"
            ),
        )
        .with_hint(text!(
            "检查 {{% extends \"…\" %}} 里的文件名",
            "check the file name in {{% extends \"…\" %}}"
        )),
        _ => {
            let message = err.to_string();
            Diagnostic::error(
                "templates",
                "template",
                Text::new(
                    format!("模板出错{}：{message}", during.0),
                    format!("template error{}: {message}", during.1),
                ),
            )
        }
    }
}

/// Counts of what was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RenderStats {
    /// Article pages.
    pub pages: usize,
    /// List pages (sections with their pagination, and the home page).
    pub lists: usize,
    /// Files copied as they are.
    pub files: usize,
}

/// One output to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Job {
    Page(usize),
    List {
        section: usize,
        number: usize,
    },
    Taxonomy(usize),
    Term {
        taxonomy: usize,
        term: usize,
        number: usize,
    },
    Archive,
    ArchiveYear(usize),
    Alias {
        page: usize,
        alias: usize,
    },
    Search,
    /// The `i`th of [`results::pages`].
    Results(usize),
    /// The open-data catalogue `/data/`, when the site publishes any dataset.
    DataCatalogue,
    NotFound,
}

/// Every output of the site, in a fixed order.
fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    for section in 0..site.sections.len() {
        jobs.extend(section_lists(site, section));
    }
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(t));
        let size = term_page_size(site, t);
        for (term, entry) in taxonomy.terms.iter().enumerate() {
            let lists = entry.pages.len().div_ceil(size).max(1);
            jobs.extend((1..=lists).map(|number| Job::Term {
                taxonomy: t,
                term,
                number,
            }));
        }
    }
    jobs.push(Job::Archive);
    jobs.extend((0..site.archive.len()).map(Job::ArchiveYear));
    for (p, page) in site.pages.iter().enumerate() {
        jobs.extend((0..page.aliases.len()).map(|alias| Job::Alias { page: p, alias }));
    }
    if site.config.search {
        jobs.push(Job::Search);
    }
    jobs.extend((0..results::pages(site).len()).map(Job::Results));
    if site.data.tables().next().is_some() {
        jobs.push(Job::DataCatalogue);
    }
    jobs.push(Job::NotFound);
    jobs
}

/// Every list page of section `section`.
fn section_lists(site: &Site, section: usize) -> impl Iterator<Item = Job> {
    let s = &site.sections[section];
    let lists = s.pages.len().div_ceil(s.page_size).max(1);
    (1..=lists).map(move |number| Job::List { section, number })
}

fn term_page_size(site: &Site, taxonomy: usize) -> usize {
    site.config
        .taxonomies
        .get(taxonomy)
        .and_then(|t| t.page_size)
        .unwrap_or(site.config.page_size)
        .max(1)
}

/// Told how far rendering has got, for a progress bar on long builds.
pub trait Progress: Sync {
    /// Rendering of `total` outputs begins.
    fn start(&self, total: usize);
    /// One more output is done.
    fn advance(&self);
    /// Rendering is over.
    fn finish(&self);
    /// Another build holds the output's `lock` file; this one waits for it to finish.
    fn waiting_for(&self, _lock: &std::path::Path) {}
}

/// Progress that nobody watches.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: usize) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// Which outputs one [`render`] writes.
#[derive(Debug, Clone, Copy)]
pub enum Outputs<'a> {
    /// Every output of the site: pages, lists, term and archive pages, the search page and 404,
    /// aliases, the search index, feeds, the sitemap and the copied files (a build).
    All,
    /// Every output that comes from a template and nothing else: what a template edit changes.
    Templated,
    /// What a body edit changes: the pages given as (page, whether its summary changed), the
    /// outputs showing a changed summary (the list and term pages it is on, its parent
    /// section's lists, its year's archive page, the pages listing it as related), the feeds
    /// that show the page and its search entry.
    Edited(&'a [(usize, bool)]),
    /// Of the outputs [`Outputs::Templated`] writes, those at these targets
    /// (`news/tea/index.html`): the pages a preview's tabs show, rendered first after a
    /// template edit. Results pages and aliases are left to the whole render.
    Viewed(&'a BTreeSet<String>),
}

/// What happens to the search index, when the site has one and the outputs include it.
pub enum Indexing<'a> {
    /// Each listed page's text goes into the index as its page is written, a run of search ids
    /// at a time, and the index is written and freed before the other outputs are rendered: a
    /// one-shot build, which never holds every page's text at once.
    Stream,
    /// The index is built from the kept bodies once the listed pages are written, written, and
    /// handed back, for a preview session to update after body edits.
    Keep,
    /// The edited pages' entries are replaced in this index and its changed files written.
    Update(&'a mut SearchIndex),
    /// Nothing is written to the search index: a template edit, which does not change it.
    Untouched,
}

/// One render: what to write, from which site and templates, where, and how.
pub struct Render<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    /// Where the pages' bodies come from.
    pub bodies: Bodies<'a>,
    pub outputs: Outputs<'a>,
    pub indexing: Indexing<'a>,
    pub sink: &'a dyn OutputSink,
    pub progress: &'a dyn Progress,
}

/// What a [`render`] did.
pub struct RenderResult {
    /// Counts of what was written (all zero when a template failed).
    pub stats: RenderStats,
    /// Every problem met; the outputs are not to be published unless this is empty.
    pub problems: Vec<Diagnostic>,
    /// The search index written, with [`Indexing::Keep`].
    pub search: Option<SearchIndex>,
}

/// The one render sequence, for a build and for every kind of preview rebuild:
/// 1. pages naming a missing template stop it;
/// 2. the listed pages are written and the search index with them ([`Indexing`]);
/// 3. every other page and list the outputs include;
/// 4. when nothing failed, feeds and the sitemap (or the feeds showing the edited pages), and
///    the copied files.
pub fn render(request: Render<'_>) -> RenderResult {
    let Render {
        site,
        templates,
        bodies,
        outputs,
        indexing,
        sink,
        progress,
    } = request;
    let views = Views { site, bodies };
    let failed = |problems| RenderResult {
        stats: RenderStats::default(),
        problems,
        search: None,
    };
    let problems = check_templates_exist(site, templates);
    if !problems.is_empty() {
        return failed(problems);
    }
    let mut jobs = match outputs {
        Outputs::All | Outputs::Templated => jobs(site),
        Outputs::Edited(edited) => edited_jobs(site, edited),
        Outputs::Viewed(targets) => (jobs(site).into_iter())
            .filter(|&job| job_target(site, job).is_some_and(|t| targets.contains(&t)))
            .collect(),
    };
    progress.start(jobs.len());
    let mut problems = Vec::new();
    let mut search = None;
    if site.config.search && !matches!(outputs, Outputs::Templated | Outputs::Viewed(_)) {
        let listed = |job: &Job| matches!(job, Job::Page(i) if site.pages[*i].listed);
        let write = |target: &str, bytes: &[u8]| write_out(sink, target, bytes);
        match indexing {
            Indexing::Stream => {
                let (index, failed) =
                    render_listed_pages_into_search(&views, templates, sink, progress);
                problems.extend(failed);
                jobs.retain(|job| !listed(job));
                // Written and freed before the other outputs are rendered.
                if let Some(index) = index {
                    problems.extend(index.write_files(write));
                }
            }
            Indexing::Keep => {
                let (first, rest): (Vec<Job>, Vec<Job>) = jobs.into_iter().partition(listed);
                jobs = rest;
                problems.extend(render_jobs(&views, templates, sink, &first, progress));
                let (index, failed) = write_search_index(site, sink);
                problems.extend(failed);
                search = Some(index);
            }
            Indexing::Untouched => {}
            Indexing::Update(index) => {
                for job in jobs.iter().filter(|job| listed(job)) {
                    if let Job::Page(i) = job {
                        index.upsert(search_doc(site, &site.pages[*i]));
                    }
                }
                for (target, bytes) in index.changed_files() {
                    problems.extend(write(&target, &bytes).err());
                }
            }
        }
    }
    problems.extend(render_jobs(&views, templates, sink, &jobs, progress));
    progress.finish();
    if !problems.is_empty() {
        return failed(problems);
    }
    let stats = match outputs {
        Outputs::All => {
            problems.extend(write_feeds_and_sitemap(&views, sink));
            problems.extend(copy_files(site, sink));
            for (target, bytes) in crate::figures::open::files(&site.data) {
                problems.extend(write_out(sink, &target, &bytes).err());
            }
            problems.extend(write_catalogue_json(&views, sink));
            render_stats(site)
        }
        Outputs::Templated | Outputs::Viewed(_) => RenderStats::default(),
        Outputs::Edited(edited) => {
            for &(page, summary_changed) in edited {
                problems.extend(write_feeds_showing(&views, sink, page, summary_changed));
            }
            RenderStats {
                pages: edited.len(),
                ..RenderStats::default()
            }
        }
    };
    RenderResult {
        stats,
        problems,
        search,
    }
}

/// Renders and writes the listed pages, a run of search ids at a time, each body's text going
/// into the search index as soon as its page is written. Returns the index (none when its
/// temporary files failed) and every problem met.
fn render_listed_pages_into_search(
    views: &Views<'_>,
    templates: &Templates,
    sink: &dyn OutputSink,
    progress: &dyn Progress,
) -> (Option<SearchIndex>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    match index_listed_pages(views, templates, sink, progress, &mut problems) {
        Ok(search) => (Some(search), problems),
        Err(err) => {
            problems.push(search_temp_error(&err));
            (None, problems)
        }
    }
}

/// [`render_listed_pages_into_search`] up to the error of the index's temporary files, if one
/// comes; the pages' own problems go to `problems`.
fn index_listed_pages(
    views: &Views<'_>,
    templates: &Templates,
    sink: &dyn OutputSink,
    progress: &dyn Progress,
    problems: &mut Vec<Diagnostic>,
) -> std::io::Result<SearchIndex> {
    let site = views.site;
    let listed: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].listed)
        .collect();
    let docs = (listed.iter())
        .map(|&i| search_doc_with(site, &site.pages[i], String::new()))
        .collect();
    let mut search = SearchIndex::streaming(docs);
    for run in search.runs() {
        let rendered: Vec<Result<String, Diagnostic>> = run
            .par_iter()
            .map(|&k| {
                let page = &site.pages[listed[k]];
                let body = render_job(Job::Page(listed[k]), views, templates, sink);
                progress.advance();
                // A kept body lends its text; only that is copied, not its HTML.
                let text = match body? {
                    Some(Cow::Owned(body)) => body.text,
                    Some(Cow::Borrowed(body)) => body.text.clone(),
                    None => String::new(),
                };
                Ok(searchable_text(page, text))
            })
            .collect();
        let mut texts = Vec::with_capacity(run.len());
        for text in rendered {
            texts.push(text.unwrap_or_else(|problem| {
                problems.push(problem);
                String::new()
            }));
        }
        problems.extend(search.add(&run, texts, |target, bytes| write_out(sink, target, bytes))?);
    }
    search.finish()
}

/// The search index's temporary files (its posting lists while pages are written) could not be
/// written or read back.
fn search_temp_error(err: &std::io::Error) -> Diagnostic {
    let dir = std::env::temp_dir();
    Diagnostic::error(
        &dir,
        "search-temp",
        text!(
            "搜索索引的临时文件无法写入或读回：{err}",
            "cannot write or read back the search index's temporary files: {err}"
        ),
    )
    .with_hint(text!(
        "在这个目录所在的磁盘上腾出空间，或把临时目录（Linux 的 TMPDIR，Windows 的 TEMP）设为另一个可写的文件夹，再生成一次",
        "free space on this folder's disk, or point the temporary folder (TMPDIR on Linux, TEMP on Windows) at another writable folder, then build again"
    ))
}

/// Copies the site's static files and the theme's own (unless the site replaces them).
fn copy_files(site: &Site, sink: &dyn OutputSink) -> Vec<Diagnostic> {
    let copied: Vec<Result<(), Diagnostic>> = site
        .assets
        .par_iter()
        .map(|asset| {
            sink.copy(&asset.source, &asset.target)
                .map_err(|err| write_error(&asset.target, &err))
        })
        .collect();
    let mut problems: Vec<Diagnostic> = copied.into_iter().filter_map(Result::err).collect();
    for (target, bytes) in theme::STATIC_FILES {
        if !site.assets.iter().any(|a| a.target == *target) {
            problems.extend(write_out(sink, target, bytes).err());
        }
    }
    problems
}

fn render_stats(site: &Site) -> RenderStats {
    RenderStats {
        pages: site.pages.len(),
        lists: jobs(site)
            .iter()
            .filter(|j| {
                matches!(
                    j,
                    Job::List { .. }
                        | Job::Term { .. }
                        | Job::Taxonomy(_)
                        | Job::Archive
                        | Job::ArchiveYear(_)
                )
            })
            .count(),
        files: site.assets.len(),
    }
}

/// Renders `jobs` in parallel, advancing `progress` by one for each; returns every problem met.
fn render_jobs(
    views: &Views<'_>,
    templates: &Templates,
    sink: &dyn OutputSink,
    jobs: &[Job],
    progress: &dyn Progress,
) -> Vec<Diagnostic> {
    jobs.par_iter()
        .filter_map(|job| {
            let result = render_job(*job, views, templates, sink);
            progress.advance();
            result.err()
        })
        .collect()
}

/// The jobs of a body edit: the edited pages, and for each whose summary changed every output
/// besides its own that shows the summary; each once, in order.
fn edited_jobs(site: &Site, edited: &[(usize, bool)]) -> Vec<Job> {
    let mut jobs: Vec<Job> = edited.iter().map(|&(page, _)| Job::Page(page)).collect();
    for &(page, _) in edited
        .iter()
        .filter(|(_, summary_changed)| *summary_changed)
    {
        jobs.extend(jobs_showing_summary(site, page));
    }
    jobs.sort();
    jobs.dedup();
    jobs
}

/// Every output besides `page`'s own that shows its summary: the section and term list pages it
/// is on, the parent section's lists (which show each subsection's newest pages), its year's
/// archive page and the pages that list it as related.
fn jobs_showing_summary(site: &Site, page: usize) -> Vec<Job> {
    let list = |position: usize, size: usize| position / size.max(1) + 1;
    let mut jobs = Vec::new();
    let section_index = site.pages[page].section;
    let section = &site.sections[section_index];
    if let Some(position) = section.pages.iter().position(|&p| p == page) {
        jobs.push(Job::List {
            section: section_index,
            number: list(position, section.page_size),
        });
        if let Some(parent) = section.parent.filter(|_| position < LATEST_PER_SECTION) {
            jobs.extend(section_lists(site, parent));
        }
    }
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        for (term, entry) in taxonomy.terms.iter().enumerate() {
            if let Some(position) = entry.pages.iter().position(|&p| p == page) {
                jobs.push(Job::Term {
                    taxonomy: t,
                    term,
                    number: list(position, term_page_size(site, t)),
                });
            }
        }
    }
    for (y, year) in site.archive.iter().enumerate() {
        if year.months.iter().any(|(_, pages)| pages.contains(&page)) {
            jobs.push(Job::ArchiveYear(y));
        }
    }
    let related = site.pages.iter().enumerate();
    jobs.extend(
        related
            .filter(|(_, other)| other.related.contains(&page))
            .map(|(j, _)| Job::Page(j)),
    );
    jobs
}

/// Writes again every feed that lists `page`, when the entry shows what changed: its summary,
/// or its text in feeds with `full_content`.
fn write_feeds_showing(
    views: &Views<'_>,
    sink: &dyn OutputSink,
    page: usize,
    summary_changed: bool,
) -> Vec<Diagnostic> {
    let site = views.site;
    if !summary_changed && !site.config.feeds.full_content {
        return Vec::new();
    }
    let newest = crate::resolve::newest_first(&site.pages);
    let mut problems = Vec::new();
    for spec in syndication::feed_specs(site, &newest) {
        if syndication::shows(site, &spec, page) {
            match syndication::feed_files(views, &spec) {
                Ok(files) => problems.extend(
                    files
                        .iter()
                        .filter_map(|(target, bytes)| write_out(sink, target, bytes).err()),
                ),
                Err(problem) => problems.push(problem),
            }
        }
    }
    problems
}

/// Feeds, the sitemap and robots.txt.
fn write_feeds_and_sitemap(views: &Views<'_>, sink: &dyn OutputSink) -> Vec<Diagnostic> {
    let newest = crate::resolve::newest_first(&views.site.pages);
    let specs = syndication::feed_specs(views.site, &newest);
    let feeds: Vec<Result<syndication::FeedFiles, Diagnostic>> = specs
        .par_iter()
        .map(|spec| syndication::feed_files(views, spec))
        .collect();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for feed in feeds {
        match feed {
            Ok(pair) => files.extend(pair),
            Err(problem) => problems.push(problem),
        }
    }
    files.extend(syndication::sitemap_files(views));
    problems.par_extend(
        files
            .par_iter()
            .filter_map(|(target, bytes)| write_out(sink, target, bytes).err()),
    );
    problems
}

/// `/data/catalogue.json`, when the site publishes any dataset: the `/data/` page for machines,
/// with absolute download addresses when the site has a `base_url`.
fn write_catalogue_json(views: &Views<'_>, sink: &dyn OutputSink) -> Vec<Diagnostic> {
    let site = views.site;
    if site.data.tables().next().is_none() {
        return Vec::new();
    }
    let about = |name: &str| views::dataset_about(&site.config.data, name);
    let entries = crate::figures::open::catalogue(&site.data, &about);
    let json = crate::figures::open::catalogue_json(&site.config.title, &entries, &|path| {
        views.permalink(path)
    });
    let target = crate::figures::open::CATALOGUE_JSON.trim_start_matches('/');
    write_out(sink, target, json.as_bytes())
        .err()
        .into_iter()
        .collect()
}

/// Writes one output; a failure becomes a diagnostic naming it.
fn write_out(sink: &dyn OutputSink, target: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    sink.write(target, bytes)
        .map_err(|err| write_error(target, &err))
}

fn write_error(target: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(target, "write", {
        let crate::i18n::Text { zh, en } = crate::i18n::os_error(err);
        text!("无法写入：{zh}", "cannot write: {en}")
    })
}

/// A page or section naming a template that does not exist is reported at its `template:` line.
pub fn check_templates_exist(site: &Site, templates: &Templates) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let missing = |name: &str| !templates.tera.contains_template(name);
    for page in &site.pages {
        if let Some(name) = page.template.as_deref().filter(|n| missing(n)) {
            problems.push(missing_template(&page.file, page.line_of("template"), name));
        }
    }
    for section in &site.sections {
        if let (Some(name), Some(file)) = (
            section.template.as_deref().filter(|n| missing(n)),
            &section.file,
        ) {
            problems.push(missing_template(file, 1, name));
        }
    }
    problems
}

fn missing_template(file: &Path, line: usize, name: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        "missing-template",
        text!("找不到模板“{name}”", "the template `{name}` does not exist"),
    )
    .at_line(line)
    .with_hint(text!(
        "在 templates/ 里创建 {name}，或删掉 template 这一行以使用默认模板",
        "create templates/{name}, or remove the template line to use the default"
    ))
}

/// Renders one output and writes it; for an article page, returns the body it showed.
fn render_job<'a>(
    job: Job,
    views: &Views<'a>,
    templates: &Templates,
    sink: &dyn OutputSink,
) -> Result<Option<Cow<'a, Rendered>>, Diagnostic> {
    if let Job::Alias { page, alias } = job {
        return write_alias(views, page, alias, sink).map(|()| None);
    }
    let body = match job {
        Job::Page(i) => Some(views.body(&views.site.pages[i])?),
        _ => None,
    };
    let mut context = Context::new();
    let (template, path) = fill_context(job, views, body.as_deref(), &mut context);
    let target = target_file(job, &path);
    context.insert("current_path", &views.url(&path));
    context.insert("feeds", &feed_links(job, views));
    let mut html = Vec::with_capacity(16 * 1024);
    templates
        .tera
        .render_to(template, &context, &mut html)
        .map_err(|err| template_error(&err, &templates.from_site, Some(&target)))?;
    let html = relative_if_asked(views, &target, html);
    write_out(sink, &target, &html)?;
    Ok(body)
}

/// The site path a job writes, known without rendering it; `None` for the results pages (their
/// paths come from [`results::pages`], worked out from the whole site) and aliases (written by
/// [`write_alias`]); empty for the 404 page.
fn job_path(site: &Site, job: Job) -> Option<String> {
    Some(match job {
        Job::Page(i) => site.pages[i].path.clone(),
        Job::List { section, number } => numbered(&site.sections[section].path, number),
        Job::Taxonomy(t) => site.taxonomies[t].path.clone(),
        Job::Term {
            taxonomy,
            term,
            number,
        } => numbered(&site.taxonomies[taxonomy].terms[term].path, number),
        Job::Archive => "/archive/".to_string(),
        Job::ArchiveYear(y) => site.archive[y].path.clone(),
        Job::Search => "/search/".to_string(),
        Job::DataCatalogue => "/data/".to_string(),
        Job::NotFound => String::new(),
        Job::Results(_) | Job::Alias { .. } => return None,
    })
}

/// The file a job writes at site path `path`.
fn target_file(job: Job, path: &str) -> String {
    if matches!(job, Job::NotFound) {
        "404.html".to_string()
    } else {
        output_file(path)
    }
}

/// The file a job writes, known without rendering it (see [`job_path`]).
fn job_target(site: &Site, job: Job) -> Option<String> {
    Some(target_file(job, &job_path(site, job)?))
}

/// Puts the job's view into the context; returns the template and the site path written
/// ([`job_path`], or the results page's).
/// `body` is an article page's rendered body.
fn fill_context<'a>(
    job: Job,
    views: &Views<'a>,
    body: Option<&Rendered>,
    context: &mut Context,
) -> (&'a str, String) {
    let site = views.site;
    let template = match job {
        Job::Page(i) => {
            let page = &site.pages[i];
            let body = body.unwrap_or(&page.body);
            context.insert("page", &views.page(page, body));
            page.template.as_deref().unwrap_or("page.html")
        }
        Job::List { section: i, number } => {
            let section = &site.sections[i];
            let (view, paginator) = views.section(section, number, LATEST_PER_SECTION);
            context.insert("section", &view);
            context.insert("paginator", &paginator);
            if i == 0 && number == 1 {
                context.insert("key_figures", &views.key_figures());
            }
            let default = if i == 0 { "index.html" } else { "section.html" };
            section.template.as_deref().unwrap_or(default)
        }
        Job::Taxonomy(t) => {
            context.insert("taxonomy", &views.taxonomy(&site.taxonomies[t]));
            "taxonomy_list.html"
        }
        Job::Term {
            taxonomy: t,
            term,
            number,
        } => {
            let (taxonomy, term) = (&site.taxonomies[t], &site.taxonomies[t].terms[term]);
            let (view, paginator) = views.term(taxonomy, term, number, term_page_size(site, t));
            context.insert("term", &view);
            context.insert("paginator", &paginator);
            "taxonomy_term.html"
        }
        Job::Archive => {
            context.insert("archive", &views.archive());
            "archive.html"
        }
        Job::ArchiveYear(y) => {
            context.insert("year", &views.archive_year(&site.archive[y]));
            "archive_year.html"
        }
        Job::Search => "search.html",
        Job::Results(i) => {
            let pages = results::pages(site);
            context.insert("results", &views.results(&pages, i));
            return ("results.html", pages[i].path.clone());
        }
        Job::DataCatalogue => {
            context.insert("catalogue", &views.catalogue());
            "data.html"
        }
        Job::NotFound | Job::Alias { .. } => "404.html",
    };
    (template, job_path(site, job).unwrap_or_default())
}

/// The search index over every listed page's title, summary and text.
pub fn search_index(site: &Site) -> SearchIndex {
    let docs = site
        .pages
        .iter()
        .filter(|p| p.listed)
        .map(|page| search_doc(site, page))
        .collect();
    crate::search::SearchIndex::build(docs)
}

/// Builds the search index of `site` and writes its files into `sink`: the index, and the
/// problems writing them (the preview's second step after [`Indexing::Untouched`]).
pub fn write_search_index(site: &Site, sink: &dyn OutputSink) -> (SearchIndex, Vec<Diagnostic>) {
    let index = search_index(site);
    let problems = index.write_files(|target, bytes| write_out(sink, target, bytes));
    (index, problems)
}

/// How the search sees one page.
pub fn search_doc(site: &Site, page: &crate::content::Page) -> crate::search::SearchDoc {
    search_doc_with(site, page, page.body.text.clone())
}

/// [`search_doc`] with the page's body text given (a one-shot build gives it as the page is
/// written).
fn search_doc_with(
    site: &Site,
    page: &crate::content::Page,
    body_text: String,
) -> crate::search::SearchDoc {
    crate::search::SearchDoc {
        path: page.path.clone(),
        title: page.title.clone(),
        date: page
            .date
            .as_ref()
            .map(|d| d.strftime("%Y-%m-%d").to_string()),
        section: site.sections[page.section].title.clone(),
        kind: page.content_type.name().to_string(),
        summary: page.summary.clone(),
        text: searchable_text(page, body_text),
    }
}

/// The body's text, followed for a policy by its 发文字号 and 索引号: readers search for a
/// document by its number, which the page shows only in its 信息公开 table.
fn searchable_text(page: &crate::content::Page, mut text: String) -> String {
    let numbers = page
        .policy
        .iter()
        .flat_map(|p| [&p.doc_number, &p.index_number])
        .flatten();
    for number in numbers {
        text.push('\n');
        text.push_str(number);
    }
    text
}

/// For `build --relative`: every internal link made relative to the page's own folder.
fn relative_if_asked(views: &Views<'_>, target: &str, html: Vec<u8>) -> Vec<u8> {
    let config = &views.site.config;
    if !config.relative {
        return html;
    }
    let dir = target.rsplit_once('/').map_or("", |(dir, _)| dir);
    let dir = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let text = String::from_utf8_lossy(&html);
    relative::relativize(&text, &dir, &config.base_path).into_bytes()
}

/// `<link rel="alternate">` targets for a page's head: the site's feeds, and the section's or
/// term's own.
#[derive(serde::Serialize)]
struct FeedLink {
    title: String,
    url: String,
    kind: &'static str,
}

fn feed_links(job: Job, views: &Views<'_>) -> Vec<FeedLink> {
    let site = views.site;
    if !site.config.feeds.enabled {
        return Vec::new();
    }
    let mut dirs = vec![("/".to_string(), site.config.title.clone())];
    let own = match job {
        Job::Page(i) => Some(site.pages[i].section),
        Job::List { section, .. } => Some(section),
        _ => None,
    };
    if let Some(section) = own.filter(|&s| s != 0) {
        let section = &site.sections[section];
        dirs.push((section.path.clone(), section.title.clone()));
    }
    if let Job::Term { taxonomy, term, .. } = job
        && site.config.taxonomies.get(taxonomy).is_some_and(|t| t.feed)
    {
        let term = &site.taxonomies[taxonomy].terms[term];
        dirs.push((term.path.clone(), term.name.clone()));
    }
    dirs.into_iter()
        .flat_map(|(dir, title)| {
            [
                FeedLink {
                    title: format!("{title} (Atom)"),
                    url: views.url(&format!("{dir}atom.xml")),
                    kind: "application/atom+xml",
                },
                FeedLink {
                    title: format!("{title} (RSS)"),
                    url: views.url(&format!("{dir}rss.xml")),
                    kind: "application/rss+xml",
                },
            ]
        })
        .collect()
}

/// The site path of list page `number` (page 1 is the list's own path).
fn numbered(path: &str, number: usize) -> String {
    if number == 1 {
        path.to_string()
    } else {
        format!("{path}page/{number}/")
    }
}

/// A redirect from an old URL: a refresh for browsers, a canonical link for search engines and a
/// plain link for everyone else.
fn write_alias(
    views: &Views<'_>,
    page: usize,
    alias: usize,
    sink: &dyn OutputSink,
) -> Result<(), Diagnostic> {
    let page = &views.site.pages[page];
    let old = &page.aliases[alias];
    let target = if old.ends_with('/') {
        format!("{}index.html", old.trim_start_matches('/'))
    } else {
        old.trim_start_matches('/').to_string()
    };
    let url = views.url(&page.path);
    // The title goes into text and a double-quoted attribute; XML escaping covers both.
    let title = feeds::escape_xml(&page.title);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p><a href=\"{url}\">{title}</a></p>\n</body>\n</html>\n",
        lang = views.site.config.language,
        permalink = views.permalink(&page.path),
    );
    let html = relative_if_asked(views, &target, html.into_bytes());
    write_out(sink, &target, &html)
}

/// `/industry/tea/` → `industry/tea/index.html`.
fn output_file(path: &str) -> String {
    format!("{}index.html", path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Keep, LoadOptions};
    use crate::diagnostics::Diagnostics;
    use crate::output::MemoryOutput;

    /// The repository's sample site, loaded and resolved as a preview loads it.
    fn sample_site() -> Site {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let yaml = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap();
        let config = crate::config::parse_config(&yaml, root).expect("site.yaml");
        let options = LoadOptions {
            drafts: false,
            future: false,
            now: "2026-12-01T00:00:00Z".parse().unwrap(),
            keep: Keep::Everything,
        };
        let mut diagnostics = Diagnostics::new();
        let (mut site, index) = crate::content::load(config, options, &mut diagnostics);
        crate::resolve::resolve(&mut site, &index, &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{:?}", diagnostics.into_sorted());
        site
    }

    #[test]
    fn a_job_target_is_the_file_the_job_writes() {
        let site = &sample_site();
        let templates = load_templates(site).expect("the theme");
        let views = Views {
            site,
            bodies: Bodies::Kept,
        };
        let mut checked = std::collections::HashSet::new();
        for job in jobs(site) {
            let Some(target) = job_target(site, job) else {
                continue;
            };
            let memory = MemoryOutput::default();
            render_job(job, &views, &templates, &memory).expect("renders");
            let written: Vec<String> = memory.into_files().keys().cloned().collect();
            assert_eq!(written, [target], "{job:?}");
            checked.insert(std::mem::discriminant(&job));
        }
        // Every kind of job with a target was met (pages, lists, taxonomies, terms, the
        // archive and its years, search, the data catalogue and 404).
        assert_eq!(checked.len(), 9, "{checked:?}");
    }
}
