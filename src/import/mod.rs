//! `jianbao import`: Word/WPS documents and pasted text become page bundles.
//!
//! Each source goes through the same steps, each in its own file:
//! 1. read — `.docx` ([`docx`], in a zip opened by [`package`], with [`styles`] and
//!    [`numbering`]); `.doc`/`.wps`/`.odt`/`.rtf` converted by LibreOffice first ([`convert`]);
//!    `.txt`/`.md` decoded by [`text`]. All give [`blocks::Document`] but Markdown, which is
//!    kept as written, with the files it refers to beside it copied along ([`local`]);
//! 2. refuse classified documents, warn on 内部 ones ([`frame::marking`]);
//! 3. take the official-document frame into front-matter fields ([`frame`]);
//! 4. decide headings by style or GB/T 9704 numbering ([`headings`]);
//! 5. write Markdown ([`markdown`]) and front matter ([`front`]), and the bundle, atomically,
//!    never over an existing page without `--force` ([`bundle`]);
//! 6. run `check` on the site and keep the findings about the new pages.
//!
//! A bad file is reported and skipped; the others still go through. Nothing here prints.

pub mod blocks;
pub mod bundle;
mod chart;
mod convert;
pub mod docx;
pub mod frame;
pub mod front;
pub mod headings;
mod local;
pub mod markdown;
pub mod numbering;
pub mod package;
mod report;
mod section;
pub mod styles;
pub mod text;
mod xml;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::check::{CheckOptions, CheckReport};
use crate::config::{CONFIG_FILE, Config, SlugScheme};
use crate::content::gov::ContentType;
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::Text;
use crate::render::Progress;
use blocks::Document;
use bundle::{Bundle, Written};
use frame::{Frame, Marking};
use front::{Attachment, FrontInput};

/// Extensions read directly.
const NATIVE: &[&str] = &["docx", "txt", "md"];
/// Extensions LibreOffice converts first.
const CONVERTED: &[&str] = &["doc", "wps", "odt", "rtf", "wpt", "dot"];

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site folder (holding `site.yaml`).
    pub root: PathBuf,
    /// Files and folders to import.
    pub inputs: Vec<PathBuf>,
    /// The section under `content/`; by default the one the type usually lives in.
    pub section: Option<String>,
    /// The page folder's name instead of one made from the title (a single file only).
    pub slug: Option<String>,
    /// What the pages are.
    pub content_type: ContentType,
    /// Print what would be written, write nothing.
    pub dry_run: bool,
    /// Replace existing bundles (keeping a backup).
    pub force: bool,
    /// The publication date of the new pages, and the day `check` judges by; by default
    /// today in the site's time zone.
    pub today: Option<Date>,
}

/// One document that became (or, in a dry run, would become) a page.
#[derive(Debug, Clone)]
pub struct ImportedPage {
    /// The source file as given.
    pub source: PathBuf,
    /// The page's title.
    pub title: String,
    /// The bundle folder, relative to the site root.
    pub dir: PathBuf,
    /// Files of the bundle, relative to it.
    pub files: Vec<PathBuf>,
    /// `None` in a dry run.
    pub written: Option<Written>,
}

/// Everything one run did and found.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub pages: Vec<ImportedPage>,
    /// Problems with the sources: errors (file skipped) and warnings (imported, but look).
    pub problems: Vec<Diagnostic>,
    /// `check`'s findings on the new pages, when any were written.
    pub check: Option<CheckReport>,
    /// A standard section (`content/notices`, …) that did not exist and was created for the
    /// new pages (in a dry run: would be).
    pub created_section: Option<PathBuf>,
}

impl ImportReport {
    /// Sources that could not be imported.
    pub fn failed(&self) -> usize {
        self.problems
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Imports every source; fails as a whole only when the site or the section is unusable.
pub fn import(
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportReport, Vec<Diagnostic>> {
    let target = section::resolve(options)?;
    let config = site_config(&options.root)?;
    let job = Job {
        options,
        today: options.today.unwrap_or_else(|| {
            jiff::Zoned::now()
                .with_time_zone(config.timezone.clone())
                .date()
        }),
        slugs: config.import.slug,
        new_section: Cell::new(target.missing),
    };
    let mut problems = Vec::new();
    let sources = collect_sources(&options.inputs, &mut problems);
    if options.slug.is_some() && sources.len() > 1 {
        let n = sources.len();
        return Err(vec![Diagnostic::error(
            &options.root,
            "import",
            text!(
                "--slug 只能用于一个文件，这次有 {n} 个",
                "--slug names one page, but {n} files were given"
            ),
        )]);
    }
    let mut taken = BTreeSet::new();
    let mut pages = Vec::new();
    progress.start(sources.len());
    for source in &sources {
        match import_one(&job, &target.rel, source, &mut taken, &mut problems) {
            Ok(page) => pages.push(page),
            Err(problem) => problems.push(problem),
        }
        progress.advance();
    }
    progress.finish();
    let check = (!options.dry_run && !pages.is_empty())
        .then(|| check_new(&job, &pages))
        .flatten();
    // Created before the first page was written; a dry run would create it for its first page.
    let created_section = target
        .missing
        .filter(|_| !pages.is_empty() && (options.dry_run || job.new_section.get().is_none()))
        .map(|_| target.rel.clone());
    Ok(ImportReport {
        pages,
        problems,
        check,
        created_section,
    })
}

/// One import run: the options with the day and the naming scheme settled from `site.yaml`.
struct Job<'a> {
    options: &'a ImportOptions,
    /// The publication date of the new pages (the site's zone's today unless `--today`).
    today: Date,
    /// How page folders are named when `--slug` does not say.
    slugs: SlugScheme,
    /// The standard section still to be created before the first page is written into it.
    new_section: Cell<Option<&'static section::Standard>>,
}

/// The site's settings; a `site.yaml` that `build` would refuse stops the import too.
fn site_config(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|err| {
        let Text { zh, en } = crate::i18n::os_error(&err);
        vec![Diagnostic::error(
            CONFIG_FILE,
            "no-config",
            text!(
                "无法读取网站配置文件：{zh}",
                "cannot read the site configuration: {en}"
            ),
        )]
    })?;
    let text = crate::content::decode(&bytes, Path::new(CONFIG_FILE)).map_err(|d| vec![d])?;
    crate::config::parse_config(&text, root)
}

/// Files named, and the supported files inside folders named, in a stable order.
fn collect_sources(inputs: &[PathBuf], problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .flatten()
                .filter(|e| e.file_type().is_file() && is_supported(e.path()))
                .filter(|e| !e.file_name().to_string_lossy().starts_with("~$"))
                .map(walkdir::DirEntry::into_path)
                .collect();
            out.append(&mut found);
        } else if !input.exists() {
            let name = input.display();
            problems.push(Diagnostic::error(
                input,
                "import",
                text!("找不到 {name}", "{name} does not exist"),
            ));
        } else if is_supported(input) {
            out.push(input.clone());
        } else {
            problems.push(Diagnostic::error(input, "import-format", text!(
                "不支持这种文件，可导入 .docx、.doc、.wps、.odt、.txt、.md",
                "this kind of file is not supported; import .docx, .doc, .wps, .odt, .txt or .md"
            )));
        }
    }
    out
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn is_supported(path: &Path) -> bool {
    let ext = extension(path);
    NATIVE.contains(&ext.as_str()) || CONVERTED.contains(&ext.as_str())
}

fn import_one(
    job: &Job,
    section: &Path,
    source: &Path,
    taken: &mut BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) -> Result<ImportedPage, Diagnostic> {
    let fail = |message: Text| Diagnostic::error(source, "import", message);
    let prepared = prepare(job, source).map_err(|d| *d)?;
    for (code, message) in prepared.warnings {
        problems.push(Diagnostic::warning(source, code, message));
    }
    let today = job.today;
    let (base, by_date) = match (&job.options.slug, job.slugs) {
        (Some(slug), _) => (bundle::slug(slug), false),
        (None, SlugScheme::Title) => (bundle::slug(&prepared.title), false),
        (None, SlugScheme::Date) => (today.to_string(), true),
        (None, SlugScheme::DateTitle) => {
            (bundle::slug(&format!("{today}-{}", prepared.title)), false)
        }
    };
    // Named by date, another page of the same day is another document: take the next number
    // rather than stop at (or, with --force, replace) the page already there.
    let slug = loop {
        let slug = bundle::claim(&base, taken);
        if !by_date || !job.options.root.join(section).join(&slug).exists() {
            break slug;
        }
    };
    if slug != base && !by_date {
        let title = &prepared.title;
        problems.push(Diagnostic::warning(source, "import-duplicate-title", text!(
            "与本次导入的另一份文件同名（{title}），页面文件夹改为 {slug}",
            "another document of this import has the same title ({title}); this page's folder is {slug}"
        )));
    }
    let bundle = Bundle {
        dir: section.join(&slug),
        files: prepared.files,
    };
    let files = bundle.files.iter().map(|(p, _)| p.clone()).collect();
    let written = if job.options.dry_run {
        if job.options.root.join(&bundle.dir).exists() && !job.options.force {
            let shown = bundle.dir.display();
            return Err(fail(text!(
                "{shown} 已存在，导入时不会覆盖（加 --force 覆盖并备份）",
                "{shown} already exists and would not be overwritten (add --force to replace it with a backup)"
            )));
        }
        None
    } else {
        if let Some(standard) = job.new_section.take()
            && let Err(message) = section::create(&job.options.root, section, standard)
        {
            job.new_section.set(Some(standard));
            return Err(fail(message));
        }
        Some(bundle::write(&job.options.root, &bundle, job.options.force).map_err(fail)?)
    };
    Ok(ImportedPage {
        source: source.to_path_buf(),
        title: prepared.title,
        dir: bundle.dir,
        files,
        written,
    })
}

/// A source turned into bundle files, with what the editor should know.
struct Prepared {
    title: String,
    files: Vec<(PathBuf, Vec<u8>)>,
    warnings: Vec<(&'static str, Text)>,
}

fn prepare(job: &Job, source: &Path) -> Result<Prepared, Box<Diagnostic>> {
    let fail =
        |code: &'static str, message: Text| Box::new(Diagnostic::error(source, code, message));
    let ext = extension(source);
    let mut warnings = Vec::new();
    if ext == "md" {
        let bytes = read_file(source).map_err(|m| fail("import", m))?;
        let (text, encoding) = text::decode(&bytes).map_err(|m| fail("import-encoding", m))?;
        warnings.extend(encoding.note().map(|n| ("import-encoding", n)));
        return Ok(prepare_markdown(job, source, &text, warnings));
    }
    let doc = if ext == "txt" {
        let bytes = read_file(source).map_err(|m| fail("import", m))?;
        let (text, encoding) = text::decode(&bytes).map_err(|m| fail("import-encoding", m))?;
        warnings.extend(encoding.note().map(|n| ("import-encoding", n)));
        text::read_text(&text)
    } else {
        let (doc, read_warnings) = read_word(source, &ext).map_err(|m| fail("import", m))?;
        warnings.extend(read_warnings);
        doc
    };
    let built = build_page(job, source, doc, &mut warnings).map_err(|(code, m)| fail(code, m))?;
    Ok(Prepared {
        title: built.0,
        files: built.1,
        warnings,
    })
}

fn read_file(path: &Path) -> Result<Vec<u8>, Text> {
    std::fs::read(path).map_err(|err| text!("无法读取：{err}", "cannot read it: {err}"))
}

fn read_word(source: &Path, ext: &str) -> Result<(Document, docx::Warnings), Text> {
    if ext == "docx" {
        return docx::read(read_file(source)?);
    }
    let temp = tempfile::tempdir().map_err(|err| {
        text!(
            "无法创建临时文件夹：{err}",
            "cannot create a temporary folder: {err}"
        )
    })?;
    let converted = convert::to_docx(source, temp.path())?;
    docx::read(read_file(&converted)?)
}

/// Files of a bundle, relative to it, with their bytes.
type Files = Vec<(PathBuf, Vec<u8>)>;

type PageFiles = (String, Files);

/// Frame, headings, Markdown and files of a read document.
fn build_page(
    job: &Job,
    source: &Path,
    mut doc: Document,
    warnings: &mut Vec<(&'static str, Text)>,
) -> Result<PageFiles, (&'static str, Text)> {
    let mut internal = false;
    match frame::marking(&doc.header_text, &doc.blocks) {
        Some(Marking::Classified(level)) => {
            return Err((
                "import-classified",
                text!(
                    "文件标有密级“{level}”，涉密文件严禁在互联网上发布（涉密不上网），已拒绝导入",
                    "the document is marked \"{level}\" (classified); classified documents must never be published on the internet, so it was refused"
                ),
            ));
        }
        Some(Marking::Internal(mark)) => {
            internal = true;
            warnings.push(("import-internal", text!(
                "文件标有“{mark}”，发布前请确认可以公开",
                "the document is marked \"{mark}\" (internal); make sure it may be published before building"
            )));
        }
        None => {}
    }
    if doc.ole_objects > 0 {
        let n = doc.ole_objects;
        warnings.push(("import-embedded", text!(
            "文件中有 {n} 个嵌入对象（OLE）没有导入；如需提供下载，请另存为文件后放进页面文件夹",
            "{n} embedded OLE object(s) were not imported; to offer them for download, save them as files into the page folder"
        )));
    }
    if doc.comments > 0 {
        let n = doc.comments;
        warnings.push((
            "import-comments",
            text!(
                "文件中的 {n} 条批注没有导入",
                "{n} comment(s) in the document were left out"
            ),
        ));
    }
    let frame = frame::take(&mut doc.blocks);
    if let (Some(typed), Some(fixed)) = (&frame.doc_number_typed, &frame.doc_number) {
        warnings.push(("import-doc-number", text!(
            "发文字号“{typed}”的括号不规范，已改为“{fixed}”（年份用六角括号〔〕）",
            "the document number \"{typed}\" used the wrong brackets and was corrected to \"{fixed}\" (the year takes 〔〕)"
        )));
    }
    headings::assign(&mut doc.blocks);
    let has_text = doc.blocks.iter().any(|b| match b {
        blocks::Block::Paragraph(p) => !p.plain().trim().is_empty() || !p.inlines.is_empty(),
        blocks::Block::Table(_) => true,
    });
    if !has_text && frame.title.is_none() {
        return Err((
            "import-empty",
            text!(
                "文件里没有文字，没有导入",
                "the document has no text and was not imported"
            ),
        ));
    }
    let title = frame.title.clone().unwrap_or_else(|| stem(source));
    let (mut attachments, unmatched, mut files) = attachments(source, &frame);
    for file in std::mem::take(&mut doc.embedded) {
        if !files
            .iter()
            .any(|(p, _)| p.as_os_str() == file.name.as_str())
        {
            attachments.push(Attachment {
                file: file.name.clone(),
                title: file.name.clone(),
            });
            files.push((PathBuf::from(&file.name), file.bytes));
        }
    }
    for item in &unmatched {
        warnings.push(("import-attachment", text!(
            "附件“{item}”没有在文件旁边找到，只记下了名称；请把附件文件放到页面文件夹并写入 attachments",
            "the attachment \"{item}\" was not found beside the document; only its name was kept. Put the file into the page folder and list it under attachments"
        )));
    }
    let facts = (job.options.content_type == ContentType::Report)
        .then(|| report::facts(&title, &frame, &doc.blocks));
    let front = front::front_matter(&FrontInput {
        title: &title,
        today: job.today,
        content_type: job.options.content_type,
        frame: &frame,
        attachments: &attachments,
        unmatched: &unmatched,
        internal,
        report: facts.as_ref(),
    });
    let body = markdown::body(&doc);
    let index = format!("---\n{front}---\n\n{body}");
    files.insert(0, (PathBuf::from("index.md"), index.into_bytes()));
    for picture in doc.images {
        files.push((
            Path::new(markdown::IMAGES_DIR).join(&picture.name),
            picture.bytes,
        ));
    }
    Ok((title, files))
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Attachment files beside the document whose names contain an item of the 附件说明.
fn attachments(source: &Path, frame: &Frame) -> (Vec<Attachment>, Vec<String>, Files) {
    let dir = source.parent().unwrap_or(Path::new("."));
    let mut beside: Vec<PathBuf> = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    })
    .into_iter()
    .flatten()
    .flatten()
    .map(|e| e.path())
    .filter(|p| p.is_file() && p != source)
    .collect();
    beside.sort();
    let (mut found, mut unmatched, mut files) = (Vec::new(), Vec::new(), Vec::new());
    for (n, item) in frame.attachments.iter().enumerate() {
        let file = beside
            .iter()
            .find(|p| stem(p) == *item)
            .or_else(|| beside.iter().find(|p| stem(p).contains(item.as_str())));
        let bytes = file.and_then(|f| std::fs::read(f).ok());
        match (file, bytes) {
            (Some(file), Some(bytes)) => {
                let name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let title = if frame.attachments.len() > 1 {
                    format!("附件{}：{item}", n + 1)
                } else {
                    format!("附件：{item}")
                };
                found.push(Attachment {
                    file: name.clone(),
                    title,
                });
                files.push((PathBuf::from(name), bytes));
            }
            _ => unmatched.push(item.clone()),
        }
    }
    (found, unmatched, files)
}

fn prepare_markdown(
    job: &Job,
    source: &Path,
    text: &str,
    mut warnings: Vec<(&'static str, Text)>,
) -> Prepared {
    let md = text::read_markdown(text);
    let (title, index) = match &md.front {
        Some(front) => {
            let title = front
                .lines()
                .find_map(|l| l.strip_prefix("title:"))
                .map(|t| t.trim().trim_matches(['"', '\'']).to_string())
                .unwrap_or_else(|| stem(source));
            (title, format!("---\n{front}\n---\n{}", md.body))
        }
        None => {
            let title = md.heading.unwrap_or_else(|| stem(source));
            let front = front::front_matter(&FrontInput {
                title: &title,
                today: job.today,
                content_type: job.options.content_type,
                frame: &Frame::default(),
                attachments: &[],
                unmatched: &[],
                internal: false,
                report: None,
            });
            (title.clone(), format!("---\n{front}---\n\n{}", md.body))
        }
    };
    let dir = match source.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let (beside, found) = local::collect(dir, md.front.as_deref(), &md.body);
    warnings.extend(found);
    let mut files = vec![(PathBuf::from("index.md"), index.into_bytes())];
    files.extend(beside);
    Prepared {
        title,
        files,
        warnings,
    }
}

/// `check` on the whole site, narrowed to the new pages.
fn check_new(job: &Job, pages: &[ImportedPage]) -> Option<CheckReport> {
    let mut report = crate::check::check(&CheckOptions {
        root: job.options.root.clone(),
        today: Some(job.today),
        drafts: false,
    })
    .ok()?;
    report.diagnostics.retain(|d| {
        pages.iter().any(|p| {
            d.path.starts_with(&p.dir) || d.path.starts_with(job.options.root.join(&p.dir))
        })
    });
    // The summary counts what was imported: these pages, all in one section.
    report.pages = pages.len();
    report.sections = 1;
    Some(report)
}
