//! Reading `content/` (and `static/`) into a [`Site`].
//!
//! Files are found in sorted order, then read, decoded, split and parsed in parallel; URLs are
//! assigned (`urls.rs`); then every page's Markdown is rendered in parallel with its links
//! resolved. Each problem becomes a diagnostic and loading goes on, so one run reports all of
//! them.
//!
//! A caller that builds again and again (the preview) hands [`load_cached`] a [`SourceCache`]:
//! loading asks it for each source's parse result ([`Parsed`], from [`parse_file`] when the
//! cache has none that is still good) and for each body rendered before, and tells it at the end
//! which pages exist and which bodies it rendered. What the cache keeps and how it decides is
//! its own (`preview/cache.rs`); this module knows nothing of the preview. For a saved page's
//! new body the preview uses [`parse_file`], [`PageSource::same_front_matter`],
//! [`render_markdown`] and [`replace_body`]. For a large one-shot build, a body is rendered
//! again from its file ([`reread_body`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::frontmatter::{self, PAGE_FIELDS, PageFrontMatter, SECTION_FIELDS, SectionFrontMatter};
use super::urls::{self, LinkTarget, UrlIndex};
use super::{Asset, Page, Section, Site, SourceText, images, source, validate};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::figures;
use crate::markdown::{self, LinkRewrite};
use crate::yaml::{self, Origin};

/// What to include.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Publish pages marked `draft: true`.
    pub drafts: bool,
    /// Publish pages dated after `now`.
    pub future: bool,
    /// The moment of the build, injected so builds are reproducible.
    pub now: jiff::Timestamp,
    /// How much of each page's rendered body to keep.
    pub keep: Keep,
}

/// How much of each page's rendered body a load keeps. Headings and links are always kept
/// (`resolve` checks links and anchors against them); the HTML and the text are most of a
/// loaded site's memory — about 9 KB per page, 0.9 GB at 100,000 pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// HTML and text: a preview session renders pages from memory again and again.
    Everything,
    /// The text but not the HTML: for searching the site without rendering it.
    Text,
    /// Neither: a large site's one-shot build renders each body again from its file when it
    /// needs it ([`reread_body`]).
    Outline,
    /// [`Keep::Outline`], and each page's front matter and Markdown as written
    /// ([`Page::source_text`]): for `check`, whose text rules read what was written and would
    /// otherwise read every file a second time.
    OutlineAndSource,
    /// `Everything` while the pages' Markdown bodies total at most this many bytes, `Outline`
    /// above: a one-shot build of a small site keeps its bodies rather than render each twice
    /// (about 20 % more build time), a large one keeps its memory flat.
    EverythingUpTo(usize),
    /// [`Keep::EverythingUpTo`], and with everything each page's front matter and Markdown as
    /// written too ([`Page::source_text`]): for a build whose content gate reads the text again.
    EverythingAndSourceUpTo(usize),
}

/// Loads the site below `config.root`, pushing every problem into `diagnostics`.
pub fn load(
    config: Config,
    options: LoadOptions,
    diagnostics: &mut Diagnostics,
) -> (Site, UrlIndex) {
    load_cached(config, options, diagnostics, None)
}

/// What a caller keeps between loads so that the next one reads again only the files that
/// changed and renders again only the Markdown that would come out differently. `content` only
/// asks; who keeps what, keyed how, is the implementer's (the preview's `LoadCache`). A one-shot
/// build passes none and pays nothing for it. `Sync`: pages are rendered in parallel, each
/// asking [`Self::rendered`].
pub trait SourceCache: Sync {
    /// The parse result of each of `sources` (relative to `content/`, in this order): kept ones
    /// for files unchanged since they were parsed, [`parse_file`]'s for the others.
    fn parse(
        &mut self,
        config: &Config,
        sources: &[PathBuf],
    ) -> Vec<Result<Parsed, Vec<Diagnostic>>>;

    /// `file`'s body as an earlier load rendered it, when rendering `text` (the Markdown after
    /// its front matter, its relative links starting at `source_dir`) against `index` now
    /// would give the same; otherwise `None` and the load renders it.
    fn rendered(
        &self,
        config: &Config,
        index: &UrlIndex,
        file: &Path,
        text: &str,
        source_dir: &str,
        options: &BodyOptions,
    ) -> Option<markdown::Rendered>;

    /// The end of a load: `pages` are the pages it published (a cache may drop what it holds
    /// for any other), `fresh` the bodies it rendered rather than took from [`Self::rendered`].
    fn keep_bodies(
        &mut self,
        config: &Config,
        index: &UrlIndex,
        pages: &[Page],
        fresh: Vec<FreshBody>,
    );
}

/// A page's own settings that change how its body renders, over `site.yaml`'s (its front
/// matter's `line_breaks:` and `images:`); the default is the site's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyOptions {
    pub line_breaks: Option<markdown::LineBreaks>,
    pub images: Option<crate::config::ImageSettings>,
}

impl Page {
    /// The settings its body renders with.
    pub fn body_options(&self) -> BodyOptions {
        BodyOptions {
            line_breaks: self.line_breaks,
            images: self.images.clone(),
        }
    }
}

/// A body a load rendered, handed to its [`SourceCache`].
pub struct FreshBody {
    /// The page's source, as shown (`content/…`).
    pub file: PathBuf,
    /// Its Markdown after the front matter.
    pub text: String,
    /// The page's own settings it was rendered with.
    pub options: BodyOptions,
    /// Where its relative links start ([`source_dir_of`]).
    pub source_dir: String,
    /// The rendered body.
    pub rendered: markdown::Rendered,
}

/// [`load`], reusing what `cache` holds from the previous build and refreshing it.
pub fn load_cached(
    config: Config,
    options: LoadOptions,
    diagnostics: &mut Diagnostics,
    mut cache: Option<&mut dyn SourceCache>,
) -> (Site, UrlIndex) {
    let files = find_files(&config.content_dir(), diagnostics);
    let parsed: Vec<Result<Parsed, Vec<Diagnostic>>> = match cache.as_deref_mut() {
        Some(cache) => cache.parse(&config, &files.sources),
        None => files
            .sources
            .par_iter()
            .map(|rel| parse_file(&config, rel))
            .collect(),
    };
    let mut pages_src = Vec::new();
    let mut sections_src = BTreeMap::new();
    for result in parsed {
        match result {
            Ok(Parsed::Page(page)) => pages_src.push(*page),
            Ok(Parsed::Section(section)) => {
                sections_src.insert(section.dir.clone(), *section);
            }
            Err(found) => diagnostics.extend(found),
        }
    }
    let mut sections = build_sections(&config, &files, sections_src);
    let mut data = read_data_files(&config, diagnostics);
    let mut index = UrlIndex::default();
    let (pages_meta, bodies) = place_pages(
        &config,
        &sections,
        pages_src,
        options,
        &mut index,
        diagnostics,
    );
    gather_metrics(&config, &pages_meta, &mut data, diagnostics);
    diagnostics.extend(figures::open::collisions(&data));
    for table in data.tables() {
        let path = figures::open::download_path(&table.name);
        for (ext, _, _) in figures::open::FORMATS {
            index.site_paths.insert(format!("{path}.{ext}"));
        }
    }
    index.data = std::sync::Arc::new(data);
    let mut assets = place_assets(&config, &files, &pages_meta, &mut index, diagnostics);
    images::probe_images(&config, &mut assets, &mut index);
    let mut pages_meta = attach_files(&config, pages_meta, &index, diagnostics);
    images::fill_galleries(&config, &mut pages_meta, &index, diagnostics);
    for section in &sections {
        if let Some(file) = &section.file {
            index
                .by_file
                .insert(content_relative(file), section.path.clone());
        }
        index.site_paths.insert(section.path.clone());
    }
    check_duplicates(&sections, &pages_meta, diagnostics);
    let kept = match options.keep {
        Keep::EverythingUpTo(budget) | Keep::EverythingAndSourceUpTo(budget)
            if bodies.iter().map(String::len).sum::<usize>() <= budget =>
        {
            Keep::Everything
        }
        Keep::EverythingUpTo(_) | Keep::EverythingAndSourceUpTo(_) => Keep::Outline,
        keep => keep,
    };
    let keep_source = match kept {
        Keep::OutlineAndSource => true,
        Keep::Everything => matches!(options.keep, Keep::EverythingAndSourceUpTo(_)),
        _ => false,
    };
    // What the pages keep of their rendered bodies; the source is `keep_source`'s.
    let kept = if kept == Keep::OutlineAndSource {
        Keep::Outline
    } else {
        kept
    };
    let pages = render_pages(
        &config,
        pages_meta,
        bodies,
        &index,
        cache,
        kept,
        keep_source,
    );
    let section_links = render_sections(&config, &mut sections, &index);
    let images = images::plan_images(&config, &pages, &section_links, &index, diagnostics);
    for (i, page) in pages.iter().enumerate() {
        sections[page.section].pages.push(i);
    }
    (
        Site {
            taxonomies: Vec::new(),
            archive: Vec::new(),
            config,
            sections,
            pages,
            assets,
            images,
            kept,
            data: index.data.clone(),
        },
        index,
    )
}

/// The data files under `data/` (a site needs none), read and typed, their problems reported.
fn read_data_files(config: &Config, diagnostics: &mut Diagnostics) -> figures::DataFiles {
    let dir = config.root.join("data");
    if !dir.is_dir() {
        return figures::DataFiles::default();
    }
    let mut files = Vec::new();
    for entry in walk_files(&dir, diagnostics) {
        if !figures::data::is_data_file(entry.path()) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&config.root)
            .unwrap_or(entry.path());
        let name = rel.to_string_lossy().replace('\\', "/");
        match std::fs::read(entry.path()) {
            Ok(bytes) => files.push((name, bytes)),
            Err(err) => diagnostics.push(
                Diagnostic::error(
                    rel,
                    "read",
                    text!(
                        "无法读取数据文件：{err}",
                        "cannot read the data file: {err}"
                    ),
                )
                .with_hint(text!("检查文件权限", "check the file's permissions")),
            ),
        }
    }
    let (data, problems) = figures::DataFiles::read(files);
    diagnostics.extend(problems);
    data
}

/// The name of the site-wide dataset of report figures, usable in ```` ```table ```` and
/// ```` ```chart ```` blocks like a data file.
pub const METRICS_DATASET: &str = "metrics";

/// Every report's `metrics:` as one dataset, a row per figure: the report and its URL (as an
/// href, with the base path), its date
/// and year, villages, team and field, the figure's name, number and unit. A page's figures are
/// in its written order; pages in source order.
fn gather_metrics(
    config: &Config,
    pages: &[Page],
    data: &mut figures::DataFiles,
    diagnostics: &mut Diagnostics,
) {
    const HEADER: [&str; 10] = [
        "报告",
        "网址",
        "日期",
        "年份",
        "村",
        "工作队",
        "领域",
        "指标",
        "数值",
        "单位",
    ];
    let mut rows = Vec::new();
    for page in pages.iter().filter(|p| !p.metrics.is_empty()) {
        let date = page
            .date
            .as_ref()
            .map(|d| d.strftime("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let year = page
            .date
            .as_ref()
            .map(|d| d.year().to_string())
            .unwrap_or_default();
        for metric in &page.metrics {
            rows.push(vec![
                page.title.clone(),
                urls::href(&config.base_path, &page.path, None),
                date.clone(),
                year.clone(),
                page.villages.join("、"),
                page.team.clone().unwrap_or_default(),
                page.field.unwrap_or_default().to_string(),
                metric.name.clone(),
                metric.value.clone(),
                metric.unit.clone(),
            ]);
        }
    }
    if rows.is_empty() {
        return;
    }
    match figures::data::from_rows(METRICS_DATASET, &HEADER, rows) {
        Ok(table) => data.insert(table),
        Err(found) => diagnostics.extend(found),
    }
}

/// The files of `content/` sorted by path, sorted into Markdown sources, bundle folders and
/// other files.
struct Files {
    /// Markdown files (pages, bundles' `index.md`, sections' `_index.md`), relative to `content/`.
    sources: Vec<PathBuf>,
    /// Folders holding an `index.md` (page bundles), relative to `content/`.
    bundles: BTreeSet<PathBuf>,
    /// Every other file, relative to `content/`.
    others: Vec<PathBuf>,
}

fn find_files(content: &Path, diagnostics: &mut Diagnostics) -> Files {
    let mut files = Files {
        sources: Vec::new(),
        bundles: BTreeSet::new(),
        others: Vec::new(),
    };
    for entry in walk_files(content, diagnostics) {
        let rel = entry
            .path()
            .strip_prefix(content)
            .unwrap_or(entry.path())
            .to_path_buf();
        if rel.extension().is_some_and(|e| e == "md") {
            if rel.file_name().is_some_and(|n| n == "index.md") {
                files
                    .bundles
                    .insert(rel.parent().unwrap_or(Path::new("")).to_path_buf());
            }
            files.sources.push(rel);
        } else {
            files.others.push(rel);
        }
    }
    // Markdown inside a bundle (other than its index.md) is an attachment, not a page.
    let (sources, attached): (Vec<_>, Vec<_>) = files.sources.into_iter().partition(|rel| {
        bundle_of(rel, &files.bundles)
            .is_none_or(|bundle| rel.parent() == Some(bundle) && rel.ends_with("index.md"))
    });
    files.sources = sources;
    files.others.extend(attached);
    files.others.sort();
    files
}

/// Every file below `dir` (`content/` or `static/`) in name order, not ignored, following
/// symbolic links that stay inside the site (`dir`'s parent). A link that leads outside it (or
/// nowhere) and one that loops are warnings naming the link, and are not followed: a site must
/// not publish files from elsewhere on the editor's disk.
fn walk_files(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<walkdir::DirEntry> {
    let root = dir.parent().unwrap_or(dir);
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut refused: Vec<(PathBuf, bool)> = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if is_ignored(e.file_name()) {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            let Ok(target) = std::fs::canonicalize(e.path()) else {
                refused.push((e.path().to_path_buf(), false));
                return false;
            };
            // A link to a folder holding the link itself would walk that folder for ever.
            let holder = e
                .path()
                .parent()
                .and_then(|p| std::fs::canonicalize(p).ok());
            if holder.is_some_and(|holder| holder.starts_with(&target)) {
                refused.push((e.path().to_path_buf(), true));
                return false;
            }
            let inside = target.starts_with(&site);
            if !inside {
                refused.push((e.path().to_path_buf(), false));
            }
            inside
        });
    let mut files = Vec::new();
    let mut loops = Vec::new();
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => files.push(entry),
            Ok(_) => {}
            Err(err) if err.loop_ancestor().is_some() => {
                loops.push((err.path().unwrap_or(dir).to_path_buf(), true));
            }
            Err(err) => {
                let path = err.path().unwrap_or(dir).to_path_buf();
                diagnostics.push(Diagnostic::error(
                    path,
                    "read",
                    text!("无法读取：{err}", "cannot read: {err}"),
                ));
            }
        }
    }
    for (link, is_loop) in refused.into_iter().chain(loops) {
        let shown = crate::diagnostics::relative_to(&link, root);
        let d = if is_loop {
            Diagnostic::warning(
                &shown,
                "symlink-loop",
                text!(
                    "符号链接指向包含它自己的文件夹，形成循环，已跳过",
                    "the symbolic link leads back to a folder holding it, a loop, and is skipped"
                ),
            )
            .with_hint(text!(
                "删掉这个链接，或让它指向别的文件夹",
                "remove the link or point it at another folder"
            ))
        } else {
            Diagnostic::warning(&shown, "symlink-outside", text!("符号链接指向网站文件夹以外（或不存在的文件），不会发布", "the symbolic link leads outside the site folder (or nowhere), and is not published"))
                .with_hint(text!("把文件复制到网站文件夹里，而不是链接过去", "copy the file into the site folder rather than linking to it"))
        };
        diagnostics.push(d);
    }
    files
}

/// Hidden files and the temporary files editors and office suites leave beside documents.
pub(crate) fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.starts_with(".~lock")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

/// The bundle folder a file lies in, if any.
fn bundle_of<'a>(rel: &Path, bundles: &'a BTreeSet<PathBuf>) -> Option<&'a PathBuf> {
    rel.ancestors().skip(1).find_map(|dir| bundles.get(dir))
}

/// One Markdown source of `content/`, read and parsed ([`parse_file`]); kept by a
/// [`SourceCache`] between loads.
#[derive(Clone)]
pub enum Parsed {
    /// A page: a `.md` file or a bundle's `index.md`.
    Page(Box<PageSource>),
    /// A section's `_index.md`.
    Section(Box<SectionSource>),
}

/// A page's source: where it lies, its front matter and its Markdown body.
#[derive(Clone)]
pub struct PageSource {
    pub(super) file: PathBuf,
    pub(super) dir: PathBuf,
    pub(super) stem: String,
    pub(super) front: PageFrontMatter,
    pub(super) body: String,
    pub(super) body_line: usize,
    pub(super) key_lines: BTreeMap<String, usize>,
    /// The front matter as written and its first line, for [`Page::source_text`].
    pub(super) yaml: String,
    pub(super) yaml_line: usize,
}

/// A section's `_index.md`.
#[derive(Clone)]
pub struct SectionSource {
    file: PathBuf,
    dir: PathBuf,
    front: SectionFrontMatter,
    body: String,
}

impl PageSource {
    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Whether `other` is this source with at most its body changed: the same file and place,
    /// front matter and line numbers (diagnostics and the page's key lines point at them).
    pub fn same_front_matter(&self, other: &PageSource) -> bool {
        self.file == other.file
            && self.dir == other.dir
            && self.stem == other.stem
            && self.body_line == other.body_line
            && self.key_lines == other.key_lines
            && self.front == other.front
    }
}

/// Reads, decodes and parses `content/{rel}`; every problem found is in the error.
pub fn parse_file(config: &Config, rel: &Path) -> Result<Parsed, Vec<Diagnostic>> {
    let shown = Path::new("content").join(rel);
    let bytes = std::fs::read(config.content_dir().join(rel)).map_err(|err| {
        vec![Diagnostic::error(&shown, "read", {
            let crate::i18n::Text { zh, en } = crate::i18n::os_error(&err);
            text!("无法读取文件：{zh}", "cannot read the file: {en}")
        })]
    })?;
    let text = source::decode(&bytes, &shown).map_err(|d| vec![d])?;
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(
                &shown,
                "empty-file",
                text!("文件是空的", "the file is empty"),
            )
            .at_line(1)
            .with_hint(text!(
                "写上标题和正文，例如：\n---\ntitle: 标题\ndate: 2025-03-01\n---\n正文",
                "add a title and text, e.g.\n---\ntitle: Title\ndate: 2025-03-01\n---\nText"
            )),
        ]);
    }
    let split = frontmatter::split(&text).map_err(|err| vec![split_error(err, &shown)])?;
    let origin = Origin {
        path: &shown,
        first_line: split.yaml_line,
    };
    let is_section = rel.file_name().is_some_and(|n| n == "_index.md");
    let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
    if is_section {
        let front: SectionFrontMatter = yaml::parse(split.yaml, origin, SECTION_FIELDS)?;
        return Ok(Parsed::Section(Box::new(SectionSource {
            file: shown,
            dir,
            front,
            body: split.body.to_string(),
        })));
    }
    if !split.has_front_matter {
        return Err(vec![
            Diagnostic::error(
                &shown,
                "front-matter",
                text!(
                    "页面缺少开头的 front matter（--- 之间的标题、日期等）",
                    "the page has no front matter (title, date… between --- lines)"
                ),
            )
            .at_line(1)
            .with_hint(text!(
                "在文件开头加上：\n---\ntitle: 标题\ndate: 2025-03-01\n---",
                "start the file with:\n---\ntitle: Title\ndate: 2025-03-01\n---"
            )),
        ]);
    }
    let front: PageFrontMatter = yaml::parse(split.yaml, origin, PAGE_FIELDS)?;
    let is_bundle = rel.file_name().is_some_and(|n| n == "index.md");
    let (dir, stem) = if is_bundle {
        let parent = dir.parent().unwrap_or(Path::new("")).to_path_buf();
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (parent, name)
    } else {
        (
            dir,
            rel.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        )
    };
    Ok(Parsed::Page(Box::new(PageSource {
        key_lines: key_lines(split.yaml, split.yaml_line),
        file: shown,
        dir,
        stem,
        front,
        body: split.body.to_string(),
        body_line: split.body_line,
        yaml: split.yaml.to_string(),
        yaml_line: split.yaml_line,
    })))
}

fn split_error(err: frontmatter::SplitError, path: &Path) -> Diagnostic {
    match err {
        frontmatter::SplitError::Unclosed => Diagnostic::error(
            path,
            "front-matter",
            text!(
                "第 1 行开始的 front matter 没有结束的 ---",
                "the front matter opened on line 1 is never closed"
            ),
        )
        .at_line(1)
        .with_hint(text!(
            "在最后一个字段后面单独加一行 ---，再写正文",
            "add a line with just --- after the last key, before the text"
        )),
        frontmatter::SplitError::Toml => Diagnostic::error(
            path,
            "front-matter",
            text!(
                "这是 TOML 格式的 front matter（+++），jianbao 使用 YAML",
                "this is TOML front matter (+++); jianbao reads YAML"
            ),
        )
        .at_line(1)
        .with_hint(text!(
            "把 +++ 换成 ---，把 `key = \"值\"` 改成 `key: 值`",
            "replace +++ with --- and `key = \"value\"` with `key: value`"
        )),
    }
}

/// File lines of the top-level keys of a front matter block.
/// Nested keys one level down are recorded as `parent.key` (`policy.发文字号`).
fn key_lines(yaml: &str, first_line: usize) -> BTreeMap<String, usize> {
    let mut lines = BTreeMap::new();
    let mut parent = String::new();
    for (i, line) in yaml.lines().enumerate() {
        let Some((key, _)) = line.split_once(':') else {
            continue;
        };
        if line.starts_with(['-', '#']) || key.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if !parent.is_empty() && !key.trim_start().starts_with(['-', '#']) {
                lines
                    .entry(format!("{parent}.{}", key.trim()))
                    .or_insert(first_line + i);
            }
        } else {
            parent = key.trim().to_string();
            lines.insert(parent.clone(), first_line + i);
        }
    }
    lines
}

/// One section per folder that holds pages or an `_index.md`, plus their ancestors.
fn build_sections(
    config: &Config,
    files: &Files,
    mut sources: BTreeMap<PathBuf, SectionSource>,
) -> Vec<Section> {
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::from([PathBuf::new()]);
    for rel in &files.sources {
        let mut dir = rel.parent().unwrap_or(Path::new(""));
        if files.bundles.contains(dir) {
            dir = dir.parent().unwrap_or(Path::new(""));
        }
        dirs.extend(dir.ancestors().map(Path::to_path_buf));
    }
    let dirs: Vec<PathBuf> = dirs.into_iter().collect();
    let mut sections: Vec<Section> = dirs
        .iter()
        .map(|dir| new_section(config, dir, sources.remove(dir)))
        .collect();
    for i in 1..sections.len() {
        let parent_dir = dirs[i].parent().unwrap_or(Path::new(""));
        let parent = dirs
            .binary_search_by(|d| d.as_path().cmp(parent_dir))
            .unwrap_or(0);
        sections[i].parent = Some(parent);
        sections[parent].children.push(i);
    }
    sections
}

fn new_section(config: &Config, dir: &Path, source: Option<SectionSource>) -> Section {
    let is_home = dir.as_os_str().is_empty();
    let folder_name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
    let (file, front, body) = match source {
        Some(s) => (Some(s.file), s.front, s.body),
        None => (None, SectionFrontMatter::default(), String::new()),
    };
    let default_title = if is_home {
        config.title.clone()
    } else {
        folder_name.unwrap_or_default()
    };
    Section {
        file,
        path: urls::section_path(dir),
        dir: dir.to_path_buf(),
        title: front.title.unwrap_or(default_title),
        description: front.description.unwrap_or_default(),
        sort_by: front.sort_by,
        page_size: front
            .page_size
            .filter(|&n| n > 0)
            .unwrap_or(config.page_size),
        template: front.template,
        dated: front.dated.unwrap_or(!is_home),
        weight: front.weight.unwrap_or(0),
        content_type: front.content_type.unwrap_or_default(),
        kind: front.kind,
        update_within: front.update_within,
        content: body,
        extra: front.extra,
        parent: None,
        children: Vec::new(),
        pages: Vec::new(),
    }
}

fn content_relative(shown: &Path) -> String {
    let rel = shown.strip_prefix("content").unwrap_or(shown);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Validates each page's front matter, gives it its section and URL, and leaves drafts out.
fn place_pages(
    config: &Config,
    sections: &[Section],
    sources: Vec<PageSource>,
    options: LoadOptions,
    index: &mut UrlIndex,
    diagnostics: &mut Diagnostics,
) -> (Vec<Page>, Vec<String>) {
    let mut pages = Vec::new();
    let mut bodies = Vec::new();
    let now = options.now;
    for source in sources {
        let Some(section) = sections.iter().position(|s| s.dir == source.dir) else {
            continue;
        };
        let rel = content_relative(&source.file);
        let Some(mut page) = validate::validate_page(
            config,
            &sections[section],
            section,
            &source,
            now,
            diagnostics,
        ) else {
            continue;
        };
        let in_future = page
            .date
            .as_ref()
            .is_some_and(|d| d.timestamp() > options.now);
        if (page.draft && !options.drafts) || (in_future && !options.future) {
            index.drafts.insert(rel);
            continue;
        }
        index.by_file.insert(rel, page.path.clone());
        index.site_paths.insert(page.path.clone());
        if matches!(
            options.keep,
            Keep::EverythingAndSourceUpTo(_) | Keep::OutlineAndSource
        ) {
            // The body is moved in after rendering, when the load keeps the source.
            page.source_text = Some(Box::new(SourceText {
                yaml: source.yaml,
                yaml_line: source.yaml_line,
                body: String::new(),
            }));
        }
        pages.push(page);
        bodies.push(source.body);
    }
    (pages, bodies)
}

pub(super) fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug != "."
        && slug != ".."
        && !slug.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|', '#', '%'])
        && !slug.chars().any(char::is_whitespace)
}

/// Bundle files go beside their page; other files keep their place under `content/`; `static/`
/// is copied to the site root.
fn place_assets(
    config: &Config,
    files: &Files,
    pages: &[Page],
    index: &mut UrlIndex,
    diagnostics: &mut Diagnostics,
) -> Vec<Asset> {
    let bundle_paths: BTreeMap<PathBuf, &str> = pages
        .iter()
        .filter(|p| p.file.ends_with("index.md"))
        .filter_map(|p| {
            Some((
                p.file.strip_prefix("content").ok()?.parent()?.to_path_buf(),
                p.path.as_str(),
            ))
        })
        .collect();
    let mut assets = Vec::new();
    for rel in &files.others {
        let slash_rel = content_relative(&Path::new("content").join(rel));
        let target = match bundle_of(rel, &files.bundles) {
            Some(bundle) => match bundle_paths.get(bundle) {
                Some(page_path) => {
                    let inside = rel.strip_prefix(bundle).unwrap_or(rel);
                    format!(
                        "{page_path}{}",
                        content_relative(&Path::new("content").join(inside))
                    )
                }
                None => continue, // the bundle is a draft or broken
            },
            None => format!("/{slash_rel}"),
        };
        index.by_file.insert(slash_rel, target.clone());
        index.site_paths.insert(target.clone());
        assets.push(Asset {
            source: config.content_dir().join(rel),
            target: target[1..].to_string(),
        });
    }
    let static_dir = config.static_dir();
    let statics = if static_dir.is_dir() {
        walk_files(&static_dir, diagnostics)
    } else {
        Vec::new() // a site needs no static/ folder
    };
    for entry in statics {
        let rel = entry
            .path()
            .strip_prefix(&static_dir)
            .unwrap_or(entry.path());
        let target = content_relative(&Path::new("content").join(rel));
        index.site_paths.insert(format!("/{target}"));
        assets.push(Asset {
            source: entry.path().to_path_buf(),
            target,
        });
    }
    assets
}

/// Resolves each page's `attachments:` to published files with their size and type.
fn attach_files(
    config: &Config,
    mut pages: Vec<Page>,
    index: &UrlIndex,
    diagnostics: &mut Diagnostics,
) -> Vec<Page> {
    for page in &mut pages {
        let source_dir = source_dir_of(&page.file);
        for entry in std::mem::take(&mut page.attachment_entries) {
            let (file, title) = (entry.file().to_string(), entry.title().map(str::to_string));
            match urls::resolve(&file, &source_dir, index) {
                Ok(LinkTarget::Internal { path, .. }) if !path.ends_with('/') => {
                    let on_disk = config.content_dir().join(&source_dir).join(&file);
                    let bytes = std::fs::metadata(&on_disk).map(|m| m.len()).unwrap_or(0);
                    let kind = file.rsplit_once('.').map(|(_, ext)| ext.to_uppercase()).unwrap_or_default();
                    page.attachments.push(super::Attachment { title: title.unwrap_or_else(|| file.clone()), path, bytes, kind });
                }
                _ => diagnostics.push(
                    Diagnostic::error(&page.file, "missing-attachment", text!("附件“{file}”不存在", "the attachment `{file}` does not exist"))
                        .at_line(page.line_of("attachments"))
                        .with_hint(text!("把文件放在文章所在的文件夹里（页面包：文章名/index.md 旁边），并检查文件名", "put the file beside the page (in a bundle: next to NAME/index.md) and check its name")),
                ),
            }
        }
    }
    pages
}

/// Two sources that would be written to the same URL: name both.
fn check_duplicates(sections: &[Section], pages: &[Page], diagnostics: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    let section_files = sections
        .iter()
        .filter_map(|s| s.file.as_deref().map(|f| (s.path.as_str(), f)));
    let page_files = pages.iter().map(|p| (p.path.as_str(), p.file.as_path()));
    for (path, file) in section_files.chain(page_files) {
        if let Some(first) = seen.insert(path, file) {
            let (a, b) = (first.display(), file.display());
            diagnostics.push(
                Diagnostic::error(
                    file,
                    "duplicate-url",
                    text!(
                        "“{a}”和“{b}”都会发布到网址 {path}",
                        "`{a}` and `{b}` would both be published at {path}"
                    ),
                )
                .at_line(1)
                .with_hint(text!(
                    "给其中一篇换个文件名，或在 front matter 里设置不同的 `slug`",
                    "rename one of them or give it a different `slug` in its front matter"
                )),
            );
        }
    }
}

/// Renders every page's Markdown in parallel, with internal links rewritten to published URLs.
fn render_pages(
    config: &Config,
    pages: Vec<Page>,
    bodies: Vec<String>,
    index: &UrlIndex,
    cache: Option<&mut dyn SourceCache>,
    keep: Keep,
    keep_source: bool,
) -> Vec<Page> {
    let previous = cache.as_deref();
    let rendered: Vec<(Page, Option<FreshBody>)> = pages
        .into_par_iter()
        .zip(bodies.into_par_iter())
        .map(|(mut page, mut body)| {
            let source_dir = source_dir_of(&page.file);
            let keeps_source = keep_source && page.source_text.is_some();
            if keep == Keep::Outline {
                // Only a page whose body is not kept is read again (`reread_body`).
                page.body_digest = digest(&body);
            }
            let reusable = previous.and_then(|c| {
                c.rendered(
                    config,
                    index,
                    &page.file,
                    &body,
                    &source_dir,
                    &page.body_options(),
                )
            });
            let fresh = match reusable {
                Some(rendered) => {
                    page.body = rendered;
                    None
                }
                None => {
                    page.body =
                        render_markdown(config, &body, &source_dir, index, &page.body_options());
                    previous.map(|_| FreshBody {
                        file: page.file.clone(),
                        options: page.body_options(),
                        // Kept for the page as well only when it keeps its source.
                        text: if keeps_source {
                            body.clone()
                        } else {
                            std::mem::take(&mut body)
                        },
                        source_dir: source_dir.clone(),
                        rendered: page.body.clone(),
                    })
                }
            };
            match page.source_text.as_deref_mut() {
                Some(kept) if keeps_source => kept.body = body,
                _ => page.source_text = None,
            }
            fill_from_body(config, &mut page);
            if keep != Keep::Everything {
                page.body.drop_html();
            }
            if keep == Keep::Outline {
                page.body.text = String::new();
            }
            (page, fresh)
        })
        .collect();
    let Some(cache) = cache else {
        return rendered.into_iter().map(|(page, _)| page).collect();
    };
    let (pages, fresh): (Vec<Page>, Vec<Option<FreshBody>>) = rendered.into_iter().unzip();
    cache.keep_bodies(config, index, &pages, fresh.into_iter().flatten().collect());
    pages
}

/// Puts `body`, rendered from `source` — the source `page` was loaded from with at most its
/// body changed ([`PageSource::same_front_matter`]) —, into `page` with what follows from it
/// (character count, reading time, a summary taken from the body). Returns whether the
/// summary changed: other outputs show it.
pub fn replace_body(
    config: &Config,
    page: &mut Page,
    source: &PageSource,
    body: markdown::Rendered,
) -> bool {
    let old_summary = std::mem::take(&mut page.summary);
    page.summary = source.front.summary.clone().unwrap_or_default();
    page.body = body;
    fill_from_body(config, page);
    page.summary != old_summary
}

/// What follows from a page's rendered body: its character count, reading time and, when the
/// front matter gave none (`page.summary` is empty), its summary — the part before
/// `<!-- more -->`, or the first paragraphs cut to `summary_length`.
fn fill_from_body(config: &Config, page: &mut Page) {
    page.char_count = count_chars(&page.body.text);
    page.reading_minutes = page.char_count.div_ceil(CHARS_PER_MINUTE).max(1);
    if page.summary.is_empty() {
        page.summary = match &page.body.summary_html {
            Some(html) => strip_tags(html),
            None => markdown::summarize_text(
                &paragraph_text(&page.body.html, config.summary_length),
                config.summary_length,
            ),
        };
    }
}

/// `page`'s body rendered again from its file, its links resolved against `index` as the load
/// did: for a build that did not keep bodies ([`Keep::Outline`]). An error when the file can no
/// longer be read or its body is no longer the one loaded (saved again during the build): the
/// page would mix the front matter of one version with the text of another.
pub fn reread_body(
    config: &Config,
    index: &UrlIndex,
    page: &Page,
) -> Result<markdown::Rendered, Diagnostic> {
    let changed = || {
        Diagnostic::error(
            &page.file,
            "changed-during-build",
            text!(
                "生成网站期间这个文件被修改、移走或删除了",
                "the file was changed, moved or deleted while the site was being built"
            ),
        )
        .with_hint(text!(
            "保存完成后再生成一次；原来的输出没有改动",
            "build again once it is saved; the previous output is untouched"
        ))
    };
    let bytes = std::fs::read(config.root.join(&page.file)).map_err(|_| changed())?;
    let text = source::decode(&bytes, &page.file).map_err(|_| changed())?;
    let split = frontmatter::split(&text).map_err(|_| changed())?;
    if digest(split.body) != page.body_digest {
        return Err(changed());
    }
    let source_dir = source_dir_of(&page.file);
    Ok(render_markdown(
        config,
        split.body,
        &source_dir,
        index,
        &page.body_options(),
    ))
}

/// A fingerprint of a page's Markdown body, to tell when its file changed after loading.
fn digest(body: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    body.hash(&mut hasher);
    hasher.finish()
}

/// Renders each section's own text; returns the links of those that have one, for planning
/// their images.
fn render_sections(
    config: &Config,
    sections: &mut [Section],
    index: &UrlIndex,
) -> Vec<images::SectionLinks> {
    sections
        .par_iter_mut()
        .filter_map(|section| {
            if section.content.trim().is_empty() {
                return None;
            }
            let source_dir = section.dir.to_string_lossy().replace('\\', "/");
            let rendered = render_markdown(
                config,
                &section.content,
                &source_dir,
                index,
                &BodyOptions::default(),
            );
            section.content = rendered.html;
            Some(images::SectionLinks {
                file: section.file.clone()?,
                source_dir,
                links: rendered.links,
            })
        })
        .collect()
}

/// `body` rendered, its internal links rewritten to published URLs found in `index` (relative
/// ones starting at `source_dir`). `options` are the page's own settings, which win over
/// `site.yaml`'s.
pub fn render_markdown(
    config: &Config,
    body: &str,
    source_dir: &str,
    index: &UrlIndex,
    options: &BodyOptions,
) -> markdown::Rendered {
    let rewrite = |dest: &str| match urls::rewrite(dest, source_dir, index, &config.base_path) {
        Some(url) => LinkRewrite::Replace(url),
        None => LinkRewrite::Keep,
    };
    let settings = options.images.as_ref().unwrap_or(&config.images);
    let picture = |image: &markdown::ImageRef<'_>| {
        images::picture(config, settings, index, source_dir, image)
    };
    let draw = |block: &markdown::FencedBlock<'_>| {
        figures::is_figure(block.info).then(|| {
            let id = figure_id(source_dir, block);
            let href = |path: &str| urls::href(&config.base_path, path, None);
            figures::draw(block.info, &block.body, &index.data, &id, &href)
                .map(|f| markdown::Drawn {
                    html: f.html,
                    text: f.text,
                })
                .map_err(|message| (message.zh, message.en))
        })
    };
    match options.line_breaks {
        Some(line_breaks) if line_breaks != config.markdown.line_breaks => {
            let options = markdown::MarkdownOptions {
                line_breaks,
                ..config.markdown.clone()
            };
            markdown::render_with(body, &options, &rewrite, &picture, &draw)
        }
        _ => markdown::render_with(body, &config.markdown, &rewrite, &picture, &draw),
    }
}

/// Ids inside a chart's SVG, unique on any page that shows it: from the page's folder, the
/// block's line and its text, so the same bytes every build.
fn figure_id(source_dir: &str, block: &markdown::FencedBlock<'_>) -> String {
    // FNV-1a: std's hasher is not promised to stay the same across Rust releases.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in (source_dir.bytes())
        .chain(block.info.bytes())
        .chain(block.body.bytes())
        .chain(block.line.to_le_bytes())
    {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    format!("fig{hash:08x}")
}

/// Reading speed for Chinese official prose, in characters (a Latin word counts as one).
const CHARS_PER_MINUTE: usize = 400;

/// Characters a reader reads: each CJK character, and each run of Latin letters or digits.
fn count_chars(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if !in_word {
                count += 1;
            }
            in_word = true;
        } else {
            in_word = false;
            // CJK ideographs first: `is_alphanumeric` takes a slow table lookup for them, and
            // they are almost every character of a Chinese page (the test above is ASCII-only
            // for the same reason).
            if ('\u{4e00}'..='\u{9fff}').contains(&c) || c.is_alphanumeric() {
                count += 1;
            }
        }
    }
    count
}

/// The content-relative folder a page's relative links start from (a bundle's own folder).
pub(crate) fn source_dir_of(file: &Path) -> String {
    let rel = content_relative(file);
    match rel.rsplit_once('/') {
        Some((dir, _)) => dir.to_string(),
        None => String::new(),
    }
}

/// The text of the first paragraphs, enough for a summary: headings, tables and code are not
/// what a reader expects to see in a list entry.
fn paragraph_text(html: &str, wanted_chars: usize) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<p>") {
        let after = &rest[start + 3..];
        let end = after.find("</p>").unwrap_or(after.len());
        text.push_str(&strip_tags(&after[..end]));
        if text.chars().count() > wanted_chars {
            break;
        }
        text.push('\n');
        rest = &after[end..];
    }
    text
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_ignored() {
        for name in [
            "~$报告.docx",
            ".tea.md.swp",
            "tea.md~",
            ".DS_Store",
            "x.md___jb_tmp___",
            ".~lock.a.xlsx#",
        ] {
            assert!(is_ignored(std::ffi::OsStr::new(name)), "{name}");
        }
        assert!(!is_ignored(std::ffi::OsStr::new("实施方案.pdf")));
    }

    #[test]
    fn slugs_reject_path_characters() {
        assert!(is_valid_slug("关于做好冬季培训的通知"));
        assert!(!is_valid_slug("a/b"));
        assert!(!is_valid_slug("a b"));
        assert!(!is_valid_slug(""));
    }

    #[test]
    fn key_lines_find_top_level_keys() {
        let lines = key_lines("title: a\ntags:\n  - b\ndate: 2025-01-01\n", 2);
        assert_eq!(lines.get("title"), Some(&2));
        assert_eq!(lines.get("date"), Some(&5));
        assert_eq!(lines.len(), 3);
        let nested = key_lines("policy:\n  发文字号: x\n  主题词: [a]\n", 2);
        assert_eq!(nested.get("policy.发文字号"), Some(&3));
    }

    #[test]
    fn summaries_from_html_are_plain_text() {
        assert_eq!(
            strip_tags("<p>第一段<strong>重点</strong></p>\n<p>A &amp; B</p>"),
            "第一段重点 A & B"
        );
    }

    #[test]
    fn summaries_come_from_paragraphs_only() {
        let html =
            "<h2>做法</h2>\n<p>第一段。</p>\n<table><tr><td>1</td></tr></table><p>第二段。</p>";
        assert_eq!(paragraph_text(html, 100), "第一段。\n第二段。\n");
    }

    #[test]
    fn reading_counts_characters_and_latin_words() {
        assert_eq!(count_chars("驻村工作队 visited 320 households。"), 8);
    }

    #[test]
    fn source_dirs_are_content_relative() {
        assert_eq!(
            source_dir_of(Path::new("content/industry/tea.md")),
            "industry"
        );
        assert_eq!(
            source_dir_of(Path::new("content/industry/kiwi/index.md")),
            "industry/kiwi"
        );
        assert_eq!(source_dir_of(Path::new("content/about.md")), "");
    }
}
