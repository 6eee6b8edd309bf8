//! `jianbao build`: the pipeline's stages in order, as one function that reads as a list of steps.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{self, Config};
use crate::content::urls::UrlIndex;
use crate::content::{self, Keep, LoadOptions, Site, SourceCache};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::{self, ImageStats};
use crate::output::{self, MemoryFiles, MemoryOutput, OutputSink, StagedOutput};
use crate::render::{self, RenderStats};
use crate::resolve;
use crate::search::SearchIndex;

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `site.yaml`).
    pub root: PathBuf,
    /// Write here instead of the configured output folder.
    pub output: Option<PathBuf>,
    /// Replace `base_url` (e.g. for a test server).
    pub base_url: Option<String>,
    /// Publish drafts.
    pub drafts: bool,
    /// Publish pages dated in the future.
    pub future: bool,
    /// Make every link relative, for a site opened from disk.
    pub relative: bool,
    /// Leave out the search index, page and box whatever `site.yaml` says.
    pub no_search: bool,
    /// The moment of the build; `None` means the clock. Tests inject it for reproducible output.
    pub now: Option<jiff::Timestamp>,
    /// Bytes of Markdown (all pages' bodies together) up to which a one-shot build keeps the
    /// rendered bodies in memory; above it, each is rendered again from its file when written.
    /// `None` means [`KEEP_BODIES_UP_TO`].
    pub keep_bodies_up_to: Option<usize>,
    /// Run on the loaded site before anything is written: findings to print, which stop the
    /// build when any is an error. `main` passes `check::build_gate` (`check.on_build`); the
    /// build cannot call `check` itself, which is built on it.
    pub gate: Option<fn(&crate::content::Site) -> Vec<crate::diagnostics::Diagnostic>>,
}

/// Page bodies kept in memory up to 128 MiB of Markdown: about 30,000 pages of 1,000–1,500
/// Chinese characters, whose HTML and text then take about 300 MB. A larger site renders each
/// body twice (once to load, once to write) and keeps its memory flat instead: 100,000 pages
/// peak at about 850 MiB rather than 2 GiB (BENCHMARKS.md).
pub const KEEP_BODIES_UP_TO: usize = 128 << 20;

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Counts of what was written.
    pub stats: RenderStats,
    /// Number of sections.
    pub sections: usize,
    /// Where the site was written.
    pub output: PathBuf,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Warnings (a successful build has no errors).
    pub warnings: Vec<Diagnostic>,
    /// What the image pipeline did (how many sources it decoded, how many came from its cache).
    pub images: ImageStats,
}

/// Why a build did not replace the output.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the site's files, all of them, sorted by file and line.
    Content(Vec<Diagnostic>),
    /// The machine failed us (disk full, permissions); the previous output is untouched.
    Io(anyhow::Error),
}

/// Builds the site at `options.root` into its output folder, atomically.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with_progress(options, &render::NoProgress)
}

/// [`build`], telling `progress` how rendering goes.
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &dyn render::Progress,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let config = read_config(options)?;
    let output_dir = config.output_dir.clone();
    let _lock = output::OutputLock::acquire(&output_dir, |lock| progress.waiting_for(lock))
        .map_err(|err| {
            let shown = output_dir.display();
            io_error(
                err,
                text!("无法锁定输出文件夹 {shown}", "cannot lock {shown}"),
            )
        })?;
    check_output(&config)?;
    let Prepared {
        mut site,
        index,
        templates,
        diagnostics,
    } = prepare(config, options)?;
    // A gate the caller hands in (`main` passes check's text rules, `check.on_build`): a summary
    // line, or a refusal with its findings that leaves the output folder as it was.
    let mut diagnostics = diagnostics;
    if let Some(gate) = options.gate {
        let found = gate(&site);
        let refuses = found
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error);
        diagnostics.extend(found);
        if refuses {
            return Err(BuildError::Content(diagnostics.into_sorted()));
        }
    }
    // The gate was the only reader of the pages' text as written: free it before rendering.
    for page in &mut site.pages {
        page.source_text = None;
    }
    let staged = StagedOutput::begin(&output_dir, &_lock).map_err(|err| {
        let shown = output_dir.display();
        io_error(
            err,
            text!(
                "无法在 {shown} 旁边建立临时文件夹",
                "cannot create the staging folder beside {shown}"
            ),
        )
    })?;
    let reread = RereadBodies {
        site: &site,
        index: &index,
    };
    let rendered = render::render(render::Render {
        site: &site,
        templates: &templates,
        bodies: match site.kept {
            Keep::Outline => render::Bodies::Reread(&reread),
            _ => render::Bodies::Kept,
        },
        outputs: render::Outputs::All,
        indexing: render::Indexing::Stream,
        sink: &staged,
        progress,
    });
    let (stats, mut problems) = (rendered.stats, rendered.problems);
    let (images, image_problems) = publish_images(&site, &staged);
    problems.extend(image_problems);
    if !problems.is_empty() {
        let mut all = diagnostics;
        all.extend(problems);
        return Err(BuildError::Content(all.into_sorted()));
    }
    let left_behind = staged
        .commit()
        .map_err(|err| BuildError::Io(anyhow::Error::new(err)))?;
    // The site is published: record first publication dates for `check` (a failure only warns).
    let mut warnings = diagnostics;
    warnings.extend(left_behind.map(|message| {
        Diagnostic::warning(&output_dir, "old-output", message).with_hint(text!(
            "删除那个文件夹即可，它不会再被用到",
            "delete that folder; nothing uses it any more"
        ))
    }));
    let now = options.now.unwrap_or_else(jiff::Timestamp::now);
    warnings.extend(crate::ledger::record(&site, now));
    Ok(BuildReport {
        stats,
        sections: site.sections.len(),
        output: output_dir,
        elapsed: started.elapsed(),
        warnings: warnings.into_sorted(),
        images,
    })
}

/// Builds the site into memory (for the preview server): target path → bytes. Nothing on disk
/// is written.
pub fn build_to_memory(options: &BuildOptions) -> Result<(MemoryFiles, BuildReport), BuildError> {
    let started = Instant::now();
    let config = read_config(options)?;
    let prepared = prepare_cached(config, options, None)?;
    let (files, report, _) = render_to_memory(
        &prepared.site,
        &prepared.templates,
        prepared.diagnostics,
        started,
        true,
    )?;
    Ok((files, report))
}

/// Renders a prepared site into memory: its files, the report, and the search index written
/// (kept by preview sessions for later updates). With `search` false the index is left out (a
/// preview session adds it a moment later, see `preview::Session::complete_search`).
pub(crate) fn render_to_memory(
    site: &Site,
    templates: &render::Templates,
    diagnostics: Diagnostics,
    started: Instant,
    search: bool,
) -> Result<(MemoryFiles, BuildReport, Option<SearchIndex>), BuildError> {
    let memory = MemoryOutput::default();
    let render::RenderResult {
        stats,
        mut problems,
        search,
    } = render::render(render::Render {
        site,
        templates,
        bodies: render::Bodies::Kept,
        outputs: render::Outputs::All,
        indexing: if search {
            render::Indexing::Keep
        } else {
            render::Indexing::Untouched
        },
        sink: &memory,
        progress: &render::NoProgress,
    });
    let (images, image_problems) = publish_images(site, &memory);
    problems.extend(image_problems);
    if !problems.is_empty() {
        let mut all = diagnostics;
        all.extend(problems);
        return Err(BuildError::Content(all.into_sorted()));
    }
    let report = BuildReport {
        stats,
        sections: site.sections.len(),
        output: site.config.output_dir.clone(),
        elapsed: started.elapsed(),
        warnings: diagnostics.into_sorted(),
        images,
    };
    Ok((memory.into_files(), report, search))
}

/// Stage 4, images: the photos and graphics the pages use, resized and re-encoded into `sink`
/// through the site's cache (`.jianbao/cache/images/`), a bounded number at a time.
fn publish_images(site: &Site, sink: &dyn OutputSink) -> (ImageStats, Vec<Diagnostic>) {
    let cache = images::cache_dir(&site.config.root);
    let cache = images::CacheDir {
        dir: &cache,
        writable: true,
    };
    images::publish(&site.images, &site.config.images, Some(cache), sink)
}

/// A large site's page bodies, rendered again from their files when render shows them (the
/// site was loaded with [`Keep::Outline`]): links resolve against the index as loading did.
struct RereadBodies<'a> {
    site: &'a Site,
    index: &'a UrlIndex,
}

impl render::BodySource for RereadBodies<'_> {
    fn body(&self, page: &content::Page) -> Result<crate::markdown::Rendered, Diagnostic> {
        content::reread_body(&self.site.config, self.index, page)
    }
}

/// Stages 1–3 plus the templates: everything before rendering.
pub(crate) struct Prepared {
    pub site: Site,
    /// Where every source file and site path leads, for resolving links.
    pub index: UrlIndex,
    pub templates: render::Templates,
    /// Warnings only: a preparation with errors is an `Err`.
    pub diagnostics: Diagnostics,
}

/// Stages 1–3 plus the templates, or every problem found.
///
/// For a one-shot build: a large site's page bodies are not kept but rendered again from their
/// files when the pages and the search index are written (see [`KEEP_BODIES_UP_TO`]).
fn prepare(config: Config, options: &BuildOptions) -> Result<Prepared, BuildError> {
    let budget = options.keep_bodies_up_to.unwrap_or(KEEP_BODIES_UP_TO);
    // The gate reads each page's text as written: keep it rather than read every file again.
    let keep_source =
        options.gate.is_some() && config.check.on_build != config::check::OnBuild::Off;
    let keep = if keep_source {
        Keep::EverythingAndSourceUpTo(budget)
    } else {
        Keep::EverythingUpTo(budget)
    };
    prepare_keeping(config, options, None, keep)
}

/// [`prepare`] for a preview session, which keeps every body in memory, re-reading and
/// re-rendering only what `cache` does not hold.
pub(crate) fn prepare_cached(
    config: Config,
    options: &BuildOptions,
    cache: Option<&mut dyn SourceCache>,
) -> Result<Prepared, BuildError> {
    prepare_keeping(config, options, cache, Keep::Everything)
}

fn prepare_keeping(
    config: Config,
    options: &BuildOptions,
    cache: Option<&mut dyn SourceCache>,
    keep: Keep,
) -> Result<Prepared, BuildError> {
    let load = LoadOptions {
        drafts: options.drafts,
        future: options.future,
        now: options.now.unwrap_or_else(jiff::Timestamp::now),
        keep,
    };
    let mut diagnostics = Diagnostics::new();
    let (mut site, index) = content::load_cached(config, load, &mut diagnostics, cache);
    resolve::resolve(&mut site, &index, &mut diagnostics);
    if site.kept == Keep::Outline {
        // Links and anchors are checked; pages get their bodies again from their files. Of the
        // front matter's key lines only `template`'s can still be reported (a missing template).
        for page in &mut site.pages {
            page.body = crate::markdown::Rendered::default();
            // A new map: one emptied by `retain` keeps its allocated node.
            let template = page.key_lines.remove_entry("template");
            page.key_lines = template.into_iter().collect();
        }
    }
    let templates = render::load_templates(&site);
    match (templates, diagnostics.has_errors()) {
        (Ok(templates), false) => Ok(Prepared {
            site,
            index,
            templates,
            diagnostics,
        }),
        (Ok(_), true) => Err(BuildError::Content(diagnostics.into_sorted())),
        (Err(found), _) => {
            let mut all = diagnostics;
            all.extend(found);
            Err(BuildError::Content(all.into_sorted()))
        }
    }
}

/// Reads and validates `site.yaml`, applying command-line overrides.
pub fn read_config(options: &BuildOptions) -> Result<Config, BuildError> {
    let path = options.root.join(config::CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|err| {
        let shown = path.display();
        BuildError::Content(vec![Diagnostic::error(config::CONFIG_FILE, "no-config", { let crate::i18n::Text { zh, en } = crate::i18n::os_error(&err); text!("找不到网站配置文件 {shown}：{zh}", "cannot read the site configuration {shown}: {en}") })
            .with_hint(text!("在网站文件夹里运行，或用 --root 指定；新建网站用 `jianbao init 文件夹`", "run inside the site folder or pass --root; start a new site with `jianbao init DIR`"))])
    })?;
    let text = content::decode(&bytes, Path::new(config::CONFIG_FILE))
        .map_err(|d| BuildError::Content(vec![d]))?;
    let mut config = config::parse_config(&text, &options.root).map_err(BuildError::Content)?;
    if let Some(output) = &options.output {
        config.output_dir = if output.is_absolute() {
            output.clone()
        } else {
            std::env::current_dir().unwrap_or_default().join(output)
        };
    }
    config.relative = options.relative;
    if options.no_search {
        config.search = false;
    }
    if let Some(base_url) = &options.base_url {
        let (origin, base_path) = config::split_base_url(base_url).ok_or_else(|| {
            BuildError::Content(vec![Diagnostic::error(
                "--base-url",
                "base-url",
                text!(
                    "“{base_url}”不是有效的网址",
                    "`{base_url}` is not a valid URL"
                ),
            )])
        })?;
        config.origin = origin;
        config.base_path = base_path;
    }
    Ok(config)
}

/// Refuses an output folder that would overwrite the site itself or a home folder.
pub fn check_output(config: &Config) -> Result<(), BuildError> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    output::check_output_dir(&config.root, &config.output_dir, home.as_deref()).map_err(|message| {
        BuildError::Content(vec![
            Diagnostic::error(config::CONFIG_FILE, "output-dir", message).with_hint(text!(
                "在 site.yaml 里把 output_dir 设为单独的文件夹，例如 public",
                "set output_dir in site.yaml to a folder of its own, such as public"
            )),
        ])
    })
}

/// Stages 1–3: the site as plain data, with every problem found on the way.
pub fn load_and_resolve(config: Config, options: LoadOptions) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let (mut site, index) = content::load(config, options, &mut diagnostics);
    resolve::resolve(&mut site, &index, &mut diagnostics);
    (site, diagnostics)
}

/// What the build was doing when the system failed it, in both languages: the context of a
/// [`BuildError::Io`], which `main` prints in the reader's language (its `Display` is English,
/// for logs).
#[derive(Debug)]
pub struct Doing(pub crate::i18n::Text);

impl std::fmt::Display for Doing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en)
    }
}

fn io_error(err: std::io::Error, doing: crate::i18n::Text) -> BuildError {
    BuildError::Io(anyhow::Error::new(err).context(Doing(doing)))
}
