//! What the desk reads and writes: the site's pages as the overview lists them, one page's
//! source for the editor, and the writes — a save (only when the file is still what the editor
//! opened), a new page, a photo into a page's bundle, a Word document through `import`.
//!
//! Writes go through `output::replace_file` (temporary file, then rename) and
//! `import::bundle::write` (a whole folder, then rename), so a crash never leaves half a file.
//! Paths come from [`super::paths::confine`].

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::front::{self, Field};
use super::paths;
use crate::build::{self, BuildError, BuildOptions};
use crate::check::{self, CheckOptions};
use crate::content::{Keep, LoadOptions, Site};
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::Text;

/// Where a page stands, as readers see it on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `draft: true`: not published.
    Draft,
    /// Dated after today: published on that day.
    Scheduled,
    /// Published and listed.
    Published,
    /// Past `expires`: reachable by its address but left out of lists.
    Expired,
}

impl Status {
    /// Every status, in the order of a page's life.
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::Scheduled,
        Status::Published,
        Status::Expired,
    ];

    /// The name used in addresses.
    pub fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Expired => "expired",
        }
    }

    /// The label shown.
    pub fn label(self) -> Text {
        match self {
            Status::Draft => Text::new("草稿", "draft"),
            Status::Scheduled => Text::new("定时发布", "scheduled"),
            Status::Published => Text::new("已发布", "published"),
            Status::Expired => Text::new("已下线", "expired"),
        }
    }
}

/// One page in the overview.
#[derive(Debug, Clone)]
pub struct PageRow {
    /// The Markdown file relative to the site root, with `/`.
    pub file: String,
    /// The section's folder under `content/` (empty for the home page's).
    pub section: String,
    /// Title.
    pub title: String,
    /// Publication date (`YYYY-MM-DD`), empty when undated.
    pub date: String,
    /// Where it stands.
    pub status: Status,
    /// `article`, `policy`, `bulletin` or `report`.
    pub content_type: &'static str,
    /// The page's site path (for the preview).
    pub path: String,
    /// Findings of `check` in the file, and how many of them are errors.
    pub findings: usize,
    /// See `findings`.
    pub errors: usize,
    /// When the file was last written (site's time zone, to the minute).
    pub saved: String,
    /// 三审 steps recorded in order (0 to 3).
    pub reviewed: usize,
}

/// One section in the overview.
#[derive(Debug, Clone)]
pub struct SectionRow {
    /// The folder under `content/`.
    pub dir: String,
    /// Title.
    pub title: String,
    /// `column-stale`/`column-empty` findings about it, as the inspection rules judge.
    pub flagged: Vec<Text>,
}

/// The site as the desk shows it.
#[derive(Debug)]
pub struct Overview {
    /// The site's name.
    pub site_title: String,
    /// Sections in folder order.
    pub sections: Vec<SectionRow>,
    /// Pages sorted by file.
    pub pages: Vec<PageRow>,
    /// Everything `check` found, for the editor's list.
    pub findings: Vec<Diagnostic>,
    /// The day judged by.
    pub today: Date,
    /// The site's time zone, for the times the desk records.
    pub zone: jiff::tz::TimeZone,
    /// `check.require_review`: publishing needs the 终审.
    pub require_review: bool,
    /// Whether `check` has run: `false` for the list shown while the first check of a large
    /// site is still running (no findings yet; nothing may be published from it).
    pub checked: bool,
    /// Photos whose originals carry a GPS position: their site path (what the `image-gps`
    /// finding names) → their file, site-relative.
    pub located: BTreeMap<String, String>,
}

/// Loads the site with drafts and scheduled pages and runs `check` over it.
pub fn overview(root: &Path, today: Option<Date>) -> Result<Overview, Text> {
    let config = build::read_config(&BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })
    .map_err(|err| build_error_text(&err))?;
    let (today, now) = judged_on(today, &config.timezone);
    let load = LoadOptions {
        drafts: true,
        future: true,
        now,
        keep: Keep::Outline,
    };
    let (site, _) = build::load_and_resolve(config, load);
    let report = check::check(&CheckOptions {
        root: root.to_path_buf(),
        today: Some(today),
        drafts: true,
    })
    .map_err(check_error_text)?;
    Ok(overview_from(&site, report.diagnostics, today, now))
}

/// The overview of a site loaded already — the preview's last build, drafts and scheduled
/// pages included — with `loaded`, the problems that build reported. `memo` keeps the text
/// rules' findings between calls, so only the files changed since the last call are scanned.
pub fn overview_of(
    site: &Site,
    loaded: Vec<Diagnostic>,
    today: Option<Date>,
    memo: &mut check::TextMemo,
) -> Result<Overview, Text> {
    let (today, now) = judged_on(today, &site.config.timezone);
    let findings = check::check_loaded(site, loaded, today, memo).map_err(check_error_text)?;
    Ok(overview_from(site, findings, today, now))
}

/// The list of a site loaded already, before `check` has run over it: what the overview shows
/// during the first check of a large site.
pub fn listing_of(site: &Site, today: Option<Date>) -> Overview {
    let (today, now) = judged_on(today, &site.config.timezone);
    Overview {
        checked: false,
        ..overview_from(site, Vec::new(), today, now)
    }
}

/// The day statuses and findings are judged on (today in the site's zone unless given), and
/// its last second.
fn judged_on(today: Option<Date>, zone: &jiff::tz::TimeZone) -> (Date, jiff::Timestamp) {
    let today = today.unwrap_or_else(|| jiff::Zoned::now().with_time_zone(zone.clone()).date());
    let now = today
        .at(23, 59, 59, 0)
        .to_zoned(zone.clone())
        .map_or_else(|_| jiff::Timestamp::now(), |z| z.timestamp());
    (today, now)
}

fn check_error_text(err: check::CheckError) -> Text {
    let first = err.into_diagnostics().into_iter().next();
    first.map_or_else(
        || Text::new("无法检查网站", "cannot check the site"),
        |d| d.message,
    )
}

fn overview_from(
    site: &Site,
    findings: Vec<Diagnostic>,
    today: Date,
    now: jiff::Timestamp,
) -> Overview {
    let zone = site.config.timezone.clone();
    let mut counts: BTreeMap<PathBuf, (usize, usize)> = BTreeMap::new();
    for d in &findings {
        let entry = counts.entry(d.path.clone()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(d.severity == Severity::Error);
    }
    let pages = page_rows(site, &site.config.root, now, &zone, &counts);
    let sections = section_rows(site, &findings);
    let located = site
        .images
        .iter()
        .filter(|plan| plan.probe.has_gps)
        .filter_map(|plan| {
            let file = plan.source.strip_prefix(&site.config.root).ok()?;
            Some((plan.target.clone(), slashed(file)))
        })
        .collect();
    Overview {
        checked: true,
        located,
        site_title: site.config.title.clone(),
        sections,
        pages,
        findings,
        today,
        zone,
        require_review: site.config.check.require_review,
    }
}

fn page_rows(
    site: &Site,
    root: &Path,
    now: jiff::Timestamp,
    zone: &jiff::tz::TimeZone,
    counts: &BTreeMap<PathBuf, (usize, usize)>,
) -> Vec<PageRow> {
    site.pages
        .iter()
        .map(|page| {
            let status = if page.draft {
                Status::Draft
            } else if page.date.as_ref().is_some_and(|d| d.timestamp() > now) {
                Status::Scheduled
            } else if !page.listed {
                Status::Expired
            } else {
                Status::Published
            };
            let (findings, errors) = counts.get(&page.file).copied().unwrap_or_default();
            PageRow {
                file: slashed(&page.file),
                section: slashed(&site.sections[page.section].dir),
                title: page.title.clone(),
                date: page
                    .date
                    .as_ref()
                    .map(|d| d.date().to_string())
                    .unwrap_or_default(),
                status,
                content_type: page.content_type.name(),
                path: page.path.clone(),
                findings,
                errors,
                saved: saved_at(&root.join(&page.file), zone),
                reviewed: page.review.steps_done(),
            }
        })
        .collect()
}

fn section_rows(site: &Site, findings: &[Diagnostic]) -> Vec<SectionRow> {
    site.sections
        .iter()
        .map(|section| {
            let flagged = findings
                .iter()
                .filter(|d| matches!(d.code, "column-stale" | "column-empty"))
                .filter(|d| section.file.as_ref() == Some(&d.path))
                .map(|d| d.message.clone())
                .collect();
            SectionRow {
                dir: slashed(&section.dir),
                title: section.title.clone(),
                flagged,
            }
        })
        .collect()
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn saved_at(path: &Path, zone: &jiff::tz::TimeZone) -> String {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| jiff::Timestamp::try_from(t).ok())
        .map(|t| {
            t.to_zoned(zone.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

fn build_error_text(err: &BuildError) -> Text {
    match err {
        BuildError::Content(diagnostics) => diagnostics.first().map_or_else(
            || Text::new("无法读取网站", "cannot read the site"),
            |d| d.message.clone(),
        ),
        BuildError::Io(err) => {
            let shown = format!("{err:#}");
            text!("无法读取网站：{shown}", "cannot read the site: {shown}")
        }
    }
}

/// A page's source as the editor opens it.
#[derive(Debug, Clone)]
pub struct Opened {
    /// Identifies these exact bytes; a save names it to prove nothing changed in between.
    pub version: String,
    /// The front matter's YAML.
    pub yaml: String,
    /// The Markdown body.
    pub body: String,
    /// The file line where the body starts.
    pub body_line: usize,
}

/// Reads `file` (site-relative) for editing.
pub fn open(root: &Path, file: &str) -> Result<Opened, Text> {
    let path = markdown_file(root, file)?;
    let bytes = std::fs::read(&path).map_err(|err| read_error(file, &err))?;
    parse_source(file, &bytes)
}

fn parse_source(file: &str, bytes: &[u8]) -> Result<Opened, Text> {
    let text = crate::content::decode(bytes, Path::new(file)).map_err(|d| d.message)?;
    let text = text.replace("\r\n", "\n");
    let split = crate::content::split(&text).map_err(|_| {
        text!(
            "{file} 的开头信息（--- 之间）没有结束的 --- 行，请先在文件里修好。",
            "the front matter of {file} has no closing --- line; fix the file first."
        )
    })?;
    Ok(Opened {
        version: version_of(bytes),
        yaml: split.yaml.to_string(),
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// A short fingerprint of a file's bytes (not a secret; it only tells versions apart).
pub fn version_of(bytes: &[u8]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("{:016x}-{}", hasher.finish(), bytes.len())
}

fn markdown_file(root: &Path, file: &str) -> Result<PathBuf, Text> {
    let path = paths::confine(root, file)?;
    if !file.starts_with("content/") || !file.ends_with(".md") {
        return Err(text!(
            "{file} 不是 content/ 里的页面文件（.md）。",
            "{file} is not a page file (.md) in content/."
        ));
    }
    Ok(path)
}

fn read_error(file: &str, err: &std::io::Error) -> Text {
    let Text { zh, en } = crate::i18n::os_error(err);
    text!("无法读取 {file}：{zh}", "cannot read {file}: {en}")
}

fn write_error(file: &str, err: &std::io::Error) -> Text {
    let Text { zh, en } = crate::i18n::os_error(err);
    text!(
        "无法保存 {file}：{zh}（文件没有改动）",
        "cannot save {file}: {en} (the file is unchanged)"
    )
}

/// What the editor sends to save.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct SaveRequest {
    /// The file, site-relative.
    pub file: String,
    /// The version it was opened at ([`Opened::version`]).
    pub version: String,
    /// Form values by field name ([`Field::name`]); fields left out are not touched.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// The Markdown body.
    pub body: String,
    /// The gallery as the form shows it, when the person changed it: its photos in order, each
    /// with its description and caption. Left out, `photos:` is not touched.
    #[serde(default)]
    pub gallery: Option<Vec<front::GalleryPhoto>>,
}

/// How a save ended.
#[derive(Debug)]
pub enum Saved {
    /// Written; the new version.
    Written(String),
    /// The file changed on disk since it was opened; nothing was written. What is there now.
    Conflict(Opened),
}

/// Saves `request` over its file, unless the file changed since it was opened.
pub fn save(root: &Path, request: &SaveRequest, fields: &[Field]) -> Result<Saved, Text> {
    let file = request.file.as_str();
    let path = markdown_file(root, file)?;
    let bytes = std::fs::read(&path).map_err(|err| read_error(file, &err))?;
    if version_of(&bytes) != request.version {
        return Ok(Saved::Conflict(parse_source(file, &bytes)?));
    }
    let opened = parse_source(file, &bytes)?;
    let mut yaml = opened.yaml.clone();
    for field in fields {
        if let Some(value) = request.fields.get(&field.name()) {
            yaml = front::write(&yaml, field, value)?;
        }
    }
    if let Some(gallery) = &request.gallery {
        yaml = front::write_gallery(&yaml, &checked_gallery(file, &opened.yaml, gallery)?);
    }
    check_yaml(file, &yaml)?;
    let body = request.body.replace("\r\n", "\n");
    let mut text = format!("---\n{yaml}---\n{body}");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let out = respell(&bytes, &text);
    crate::output::replace_file(&path, &out).map_err(|err| write_error(file, &err))?;
    drop_autosave(root, file);
    Ok(Saved::Written(version_of(&out)))
}

/// The form's gallery, refused when a photo lacks its description or is not one of the
/// gallery's photos now (the form reorders, describes and removes; it does not add files).
fn checked_gallery(
    file: &str,
    yaml: &str,
    gallery: &[front::GalleryPhoto],
) -> Result<Vec<front::GalleryPhoto>, Text> {
    let origin = crate::yaml::Origin {
        path: Path::new(file),
        first_line: 2,
    };
    let front: serde_json::Value = crate::yaml::parse(yaml, origin, &[]).unwrap_or_default();
    let present: Vec<&str> = front
        .get("photos")
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str().or_else(|| p.get("file")?.as_str()))
        .collect();
    for (n, photo) in gallery.iter().enumerate() {
        let (n, name) = (n + 1, photo.file.as_str());
        if !present.contains(&name) {
            return Err(text!(
                "相册里没有 {name}，没有保存。",
                "{name} is not in the gallery; nothing was saved."
            ));
        }
        if photo.alt.trim().is_empty() || photo.alt.contains(['\n', '\r']) {
            return Err(text!(
                "相册第 {n} 张照片（{name}）要写一句说明（给看不见图片的读者），没有保存。",
                "photo {n} of the gallery ({name}) needs a description (for readers who cannot see it); nothing was saved."
            ));
        }
    }
    Ok(gallery
        .iter()
        .map(|photo| front::GalleryPhoto {
            caption: photo.caption.replace(['\n', '\r'], " "),
            ..photo.clone()
        })
        .collect())
}

/// The new text in the old file's conventions: a byte-order mark and CRLF line ends kept.
fn respell(old: &[u8], text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    if old.starts_with(&[0xEF, 0xBB, 0xBF]) {
        out.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
    }
    if old.windows(2).any(|w| w == b"\r\n") {
        out.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    } else {
        out.extend_from_slice(text.as_bytes());
    }
    out
}

fn check_yaml(file: &str, yaml: &str) -> Result<(), Text> {
    let origin = crate::yaml::Origin {
        path: Path::new(file),
        first_line: 2,
    };
    crate::yaml::parse::<serde_json::Value>(yaml, origin, &[])
        .map(|_| ())
        .map_err(|problems| {
            let first = problems
                .into_iter()
                .next()
                .map(|d| d.message)
                .unwrap_or_else(|| Text::new("格式有误", "malformed"));
            let Text { zh, en } = first;
            text!(
                "开头信息有误，没有保存：{zh}",
                "the front matter is malformed; nothing was saved: {en}"
            )
        })
}

/// What the desk sends to start a page.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct NewPage {
    /// The section's folder under `content/`.
    pub section: String,
    /// The title.
    pub title: String,
    /// `article`, `policy`, `bulletin` or `report`.
    #[serde(rename = "type")]
    pub content_type: String,
}

/// Writes a new draft page bundle `content/SECTION/SLUG/index.md`; returns its file.
pub fn create(
    root: &Path,
    page: &NewPage,
    today: Date,
    issue: Option<u32>,
) -> Result<String, Text> {
    let title = page.title.trim();
    if title.is_empty() {
        return Err(Text::new("请填写标题。", "enter a title."));
    }
    let section = page.section.trim_matches('/');
    let dir = if section.is_empty() {
        "content".to_string()
    } else {
        format!("content/{section}")
    };
    let folder = paths::confine(root, &dir)?;
    if !folder.is_dir() {
        return Err(text!(
            "栏目 {section} 不存在。",
            "there is no section {section}."
        ));
    }
    let slug = crate::import::bundle::slug(title);
    let mut yaml = front::write("", &front::COMMON[0], title)?;
    yaml = front::write(&yaml, &front::COMMON[1], &today.to_string())?;
    yaml.push_str("draft: true\n");
    if matches!(page.content_type.as_str(), "policy" | "bulletin" | "report") {
        yaml.push_str(&format!("type: {}\n", page.content_type));
    }
    if let (Some(n), "bulletin") = (issue, page.content_type.as_str()) {
        yaml = front::write(&yaml, &front::BULLETIN[0], &n.to_string())?;
    }
    let index = format!("---\n{yaml}---\n\n");
    let bundle = crate::import::bundle::Bundle {
        dir: PathBuf::from(&dir).join(&slug),
        files: vec![(PathBuf::from("index.md"), index.into_bytes())],
    };
    crate::import::bundle::write(root, &bundle, false)?;
    Ok(format!("{dir}/{slug}/index.md"))
}

/// The next bulletin number in `section` this year: one more than the highest written.
pub fn next_issue(root: &Path, overview: &Overview, section: &str) -> u32 {
    let year = overview.today.year().to_string();
    let field = front::BULLETIN[0];
    overview
        .pages
        .iter()
        .filter(|p| {
            p.section == section && p.content_type == "bulletin" && p.date.starts_with(&year)
        })
        .filter_map(|p| open(root, &p.file).ok())
        .filter_map(|o| front::read(&o.yaml, &field).parse::<u32>().ok())
        .max()
        .map_or(1, |n| n + 1)
}

/// A file [`upload`] stored: its name relative to the page, as the body links to it, and what
/// the person should know about it.
#[derive(Debug, Clone)]
pub struct Uploaded {
    /// `images/photo.jpg`.
    pub name: String,
    /// Said beside "uploaded": a GPS position removed from the photo, or one that could not be.
    pub told: Option<Told>,
}

/// What the person is told about an upload besides that it is stored.
#[derive(Debug, Clone)]
pub enum Told {
    /// For their information (a position removed).
    Note(Text),
    /// Something they should act on (a position that stays in the stored original).
    Warning(Text),
}

/// Stores an uploaded file in the bundle of the page `file` (`images/` for photos). A photo is
/// first read as the build will read it (`max_pixels` is the site's limit): one the build would
/// refuse (not a picture, an iPhone HEIC renamed, too many pixels) is refused here with the
/// same words, and one with a GPS position is stored with a warning. Never replaces a file: a
/// taken name gets `-2`, `-3` ….
pub fn upload(
    root: &Path,
    file: &str,
    name: &str,
    bytes: &[u8],
    max_pixels: u64,
) -> Result<Uploaded, Text> {
    let page = markdown_file(root, file)?;
    if !file.ends_with("/index.md") {
        return Err(text!(
            "{file} 不是页面文件夹（index.md），附件无处存放。请用“新建页面”建立的页面。",
            "{file} is not a page folder (index.md), so the file has nowhere to go. Use a page made with “New page”."
        ));
    }
    let Some(clean) = paths::upload_name(name) else {
        let allowed = paths::UPLOAD_EXTENSIONS.join("、");
        return Err(text!(
            "不接受这种文件：{name}（可上传 {allowed}）",
            "this kind of file is not accepted: {name} (allowed: {allowed})"
        ));
    };
    let is_photo = matches!(
        clean.rsplit('.').next(),
        Some("jpg" | "jpeg" | "png" | "gif" | "webp")
    );
    let (clean, renamed) = match is_photo.then(|| rightly_named(name, &clean, bytes)) {
        Some(Some((right, note))) => (right, Some(note)),
        _ => (clean, None),
    };
    let (bytes, told) = if is_photo {
        checked_photo(name, bytes, &clean, max_pixels)?
    } else {
        (std::borrow::Cow::Borrowed(bytes), None)
    };
    let told = match (renamed, told) {
        (None, told) => told,
        (Some(renamed), None) => Some(Told::Note(renamed)),
        (Some(renamed), Some(Told::Note(note))) => Some(Told::Note(one_after(renamed, &note))),
        (Some(renamed), Some(Told::Warning(warning))) => {
            Some(Told::Warning(one_after(renamed, &warning)))
        }
    };
    let folder = if is_photo { "images/" } else { "" };
    let bundle = page.parent().unwrap_or(root).to_path_buf();
    let (stem, extension) = clean.rsplit_once('.').unwrap_or((&clean, ""));
    let mut candidate = format!("{folder}{clean}");
    let mut n = 2;
    while bundle.join(&candidate).exists() {
        candidate = format!("{folder}{stem}-{n}.{extension}");
        n += 1;
    }
    let rel = format!("{}/{candidate}", file.trim_end_matches("/index.md"));
    let target = paths::confine(root, &rel)?;
    crate::output::replace_file(&target, &bytes).map_err(|err| write_error(&rel, &err))?;
    Ok(Uploaded {
        name: candidate,
        told,
    })
}

/// Two messages told together.
fn one_after(first: Text, then: &Text) -> Text {
    Text::new(
        format!("{}{}", first.zh, then.zh),
        format!("{} {}", first.en, then.en),
    )
}

/// A photo whose content is another picture format than its name says (a JPEG saved as
/// `.png`): the name it is stored under instead, and what the person is told. `None` when the
/// name fits, or the content is nothing the build publishes (then the probe refuses it).
fn rightly_named(name: &str, clean: &str, bytes: &[u8]) -> Option<(String, Text)> {
    let right = crate::images::extension_for(bytes)?;
    let (stem, extension) = clean.rsplit_once('.')?;
    if extension == right || (extension == "jpeg" && right == "jpg") {
        return None;
    }
    let stored = format!("{stem}.{right}");
    let kind = match right {
        "jpg" => "JPEG",
        "png" => "PNG",
        "webp" => "WebP",
        _ => "GIF",
    };
    let note = text!(
        "{name} 的内容其实是 {kind} 图片，扩展名却是 .{extension}，已改名为 {stored} 保存。",
        "{name} is really a {kind} picture although it is named .{extension}; it was stored as {stored}."
    );
    Some((stored, note))
}

/// Refuses a photo the build could not publish. One that carries the place it was taken loses
/// it before it is stored (a JPEG's GPS block emptied, nothing else touched), and the person is
/// told; where that cannot be done, they are warned instead.
fn checked_photo<'a>(
    name: &str,
    bytes: &'a [u8],
    clean: &str,
    max_pixels: u64,
) -> Result<(std::borrow::Cow<'a, [u8]>, Option<Told>), Text> {
    let refused = |problem: crate::images::ProbeError| {
        let (Text { zh, en }, Text { zh: hz, en: he }) = (problem.message, problem.hint);
        text!(
            "没有上传 {name}：{zh}。{hz}",
            "{name} was not uploaded: {en}. {he}"
        )
    };
    let probe = crate::images::probe_bytes(bytes, clean, max_pixels).map_err(refused)?;
    if !probe.has_gps {
        return Ok((std::borrow::Cow::Borrowed(bytes), None));
    }
    let cleaned = crate::images::without_position_checked(bytes, clean, max_pixels);
    match cleaned {
        Some(cleaned) => Ok((
            std::borrow::Cow::Owned(cleaned),
            Some(Told::Note(text!(
                "{name} 带有拍摄地点（GPS 坐标），已从保存的照片中去掉，照片本身没有改动。",
                "{name} carried the place it was taken (GPS); the position was removed from the stored photo, the picture itself is unchanged."
            ))),
        )),
        None => Ok((
            std::borrow::Cow::Borrowed(bytes),
            Some(Told::Warning(text!(
                "注意：{name} 带有拍摄地点（GPS 坐标），编辑台没能去掉。网站上的图片会自动去掉位置，但原图存放在页面文件夹里，拿到网站文件的人都能看到。拍的是农户家中或住址时，请在手机上关闭“位置”后重拍，或用去掉位置的副本重新上传。",
                "note: {name} carries the place it was taken (GPS), which the desk could not remove. The site's pictures are published without it, but the original stays in the page folder, where anyone with the site's files can read it. If it shows a household or a home, turn off location on the phone and take it again, or upload a copy without the location."
            ))),
        )),
    }
}

/// Takes the place it was taken out of the photo `file` (site-relative, in `content/` or
/// `static/`), as `check --fix` does: a JPEG's GPS block emptied, everything else kept, the
/// file replaced atomically. Other formats are refused in plain words.
pub fn remove_position(root: &Path, file: &str, max_pixels: u64) -> Result<(), Text> {
    let path = paths::confine(root, file)?;
    let name = file.rsplit('/').next().unwrap_or(file);
    match crate::check::fix::remove_position(&path, max_pixels) {
        Ok(true) => Ok(()),
        Ok(false) => Err(text!(
            "{name} 不是 JPEG 照片，编辑台去不掉它的拍摄地点。网站上发布的图片不带位置，但原图还在页面文件夹里：请换一张不带位置的图片（手机相机里关闭“位置”后重拍，或截图后另存），再删掉这一张。",
            "{name} is not a JPEG photo, so the desk cannot remove the place it was taken. The pictures published on the site carry no position, but the original stays in the page folder: replace it with a picture without one (turn off location in the phone's camera and take it again, or save a screenshot), then delete this one."
        )),
        Err(err) => Err(write_error(file, &err)),
    }
}

/// What the desk says about a finding instead of `check`'s hint, where the desk offers the
/// repair itself (the hint names a command to type).
pub fn desk_hint(d: &Diagnostic) -> Option<Text> {
    (d.code == "image-gps").then(|| {
        Text::new(
            "点“去除位置信息”即可从原图去掉（照片本身和其他信息不变）。",
            "press “Remove location” to take it out of the original (the picture and its other details stay).",
        )
    })
}

/// Imports an uploaded Word or text document into `section` as a new page through `jianbao
/// import`; returns the new page's file.
pub fn import_document(
    root: &Path,
    section: &str,
    name: &str,
    bytes: &[u8],
    today: Date,
) -> Result<String, Text> {
    let extension = name
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !matches!(extension.as_str(), "docx" | "txt" | "md") {
        return Err(text!(
            "只能导入 .docx、.txt、.md 文件：{name}",
            "only .docx, .txt and .md files can be imported: {name}"
        ));
    }
    let stem = paths::upload_name(&format!(
        "{}.pdf",
        name.rsplit_once('.').map_or(name, |(s, _)| s)
    ))
    .and_then(|n| n.strip_suffix(".pdf").map(str::to_string))
    .unwrap_or_else(|| "document".into());
    // `import` refuses `..` in a section but follows a link: the section is confined here, as
    // every other path the desk is sent.
    let section = section.trim_matches('/');
    if !section.is_empty() {
        let dir = paths::confine(root, &format!("content/{section}"))?;
        if !dir.join("_index.md").is_file() {
            return Err(text!(
                "栏目 {section} 不存在。",
                "there is no section {section}."
            ));
        }
    }
    let folder = tempfile::tempdir().map_err(|err| write_error(name, &err))?;
    let source = folder.path().join(format!("{stem}.{extension}"));
    std::fs::write(&source, bytes).map_err(|err| write_error(name, &err))?;
    let options = crate::import::ImportOptions {
        root: root.to_path_buf(),
        inputs: vec![source],
        // Empty is the home section (`content/` itself), as the desk's list says, not the
        // section `import` would choose for the type.
        section: Some(section.to_string()),
        slug: None,
        content_type: crate::content::ContentType::Article,
        dry_run: false,
        force: false,
        today: Some(today),
    };
    let report = crate::import::import(&options, &crate::render::NoProgress)
        .map_err(|problems| first_message(problems, name))?;
    match report.pages.first() {
        Some(page) => Ok(format!("{}/index.md", slashed(&page.dir))),
        None => Err(first_message(report.problems, name)),
    }
}

fn first_message(problems: Vec<Diagnostic>, name: &str) -> Text {
    problems.into_iter().next().map_or_else(
        || text!("无法导入 {name}", "cannot import {name}"),
        |d| d.message,
    )
}

/// A review step or the publication, as the desk's buttons send it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ReviewRequest {
    /// The file, site-relative.
    pub file: String,
    /// The version the editor holds ([`Opened::version`]).
    pub version: String,
    /// `初审`, `复审`, `终审` or `publish`.
    pub step: String,
    /// Who (the name typed in the desk's settings).
    pub name: String,
    /// Why the page is published although `check` found errors in it.
    #[serde(default)]
    pub reason: String,
}

/// Records a review step (in order) or publishes the page (`draft` removed), in `review:`
/// with the name and the time. Publishing needs the 终审 when the site requires review, and a
/// reason — recorded as `强制发布` — when `check` found errors in the page.
pub fn review(root: &Path, request: &ReviewRequest, overview: &Overview) -> Result<Saved, Text> {
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > 40 || name.contains(['\n', '\r']) {
        return Err(Text::new(
            "请先在“您的姓名”里填写姓名（40 字以内），审核记录要写明是谁。",
            "type your name under “Your name” first (at most 40 characters): the record says who.",
        ));
    }
    let file = request.file.as_str();
    let path = markdown_file(root, file)?;
    let bytes = std::fs::read(&path).map_err(|err| read_error(file, &err))?;
    if version_of(&bytes) != request.version {
        return Ok(Saved::Conflict(parse_source(file, &bytes)?));
    }
    let opened = parse_source(file, &bytes)?;
    let done = front::REVIEW[..3]
        .iter()
        .take_while(|f| !front::read(&opened.yaml, f).is_empty())
        .count();
    let when = jiff::Zoned::now()
        .with_time_zone(overview.zone.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string();
    let stamp = format!("{name} {when}");
    let yaml = match request.step.as_str() {
        "publish" => publish(
            &opened.yaml,
            file,
            done,
            &stamp,
            request.reason.trim(),
            overview,
        )?,
        step => {
            let at = crate::content::REVIEW_STEPS
                .iter()
                .position(|s| *s == step)
                .ok_or_else(|| Text::new("没有这个审核步骤", "no such review step"))?;
            if at != done {
                let expected = crate::content::REVIEW_STEPS
                    .get(done)
                    .copied()
                    .unwrap_or("发布");
                return Err(text!(
                    "下一步应是{expected}，不能直接{step}。",
                    "the next step is {expected}, not {step}."
                ));
            }
            front::write(&opened.yaml, &front::REVIEW[at], &stamp)?
        }
    };
    check_yaml(file, &yaml)?;
    let text = format!("---\n{yaml}---\n{}", opened.body);
    let out = respell(&bytes, &text);
    crate::output::replace_file(&path, &out).map_err(|err| write_error(file, &err))?;
    Ok(Saved::Written(version_of(&out)))
}

fn publish(
    yaml: &str,
    file: &str,
    done: usize,
    stamp: &str,
    reason: &str,
    overview: &Overview,
) -> Result<String, Text> {
    if overview.require_review && done < crate::content::REVIEW_STEPS.len() {
        return Err(Text::new(
            "网站要求三审（check.require_review）：完成终审后才能发布。",
            "the site requires review (check.require_review): publish after the 终审.",
        ));
    }
    let errors = overview
        .findings
        .iter()
        .filter(|d| d.path == Path::new(file) && d.severity == Severity::Error)
        .count();
    let mut yaml = yaml.to_string();
    if errors > 0 {
        if reason.is_empty() {
            return Err(text!(
                "检查发现这一页有 {errors} 个错误，不能发布。请先改正；确需发布时填写理由，理由和您的姓名会记录在页面里。",
                "check found {errors} errors in this page, so it is not published. Fix them first; to publish anyway, give a reason: it is recorded in the page with your name."
            ));
        }
        let reason = reason.replace(['\n', '\r'], " ");
        yaml = front::write(&yaml, &front::REVIEW[3], &format!("{stamp} 理由：{reason}"))?;
    }
    front::write(&yaml, &front::COMMON[2], "")
}

/// Where the desk keeps unsaved edits: a folder of its own beside the sources, never built,
/// published or watched.
pub const AUTOSAVE_DIR: &str = ".jianbao/desk-autosave";

/// Unsaved edits of one page, as the editor sends them every few seconds.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Autosave {
    /// The file, site-relative.
    pub file: String,
    /// The version the edits started from: a save after restoring them is refused when the
    /// file changed since.
    pub version: String,
    /// Form values by field name.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// The Markdown body.
    pub body: String,
    /// When they were kept (site's time zone, to the second); set by the desk.
    #[serde(default)]
    pub at: String,
}

fn autosave_path(root: &Path, file: &str) -> Result<PathBuf, Text> {
    markdown_file(root, file)?;
    Ok(root.join(AUTOSAVE_DIR).join(format!("{file}.json")))
}

/// Keeps `edits` until the page is saved or they are dropped.
pub fn keep_autosave(root: &Path, edits: &Autosave, zone: &jiff::tz::TimeZone) -> Result<(), Text> {
    let path = autosave_path(root, &edits.file)?;
    let kept = Autosave {
        at: jiff::Zoned::now()
            .with_time_zone(zone.clone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string(),
        ..edits.clone()
    };
    let bytes = serde_json::to_vec(&kept).unwrap_or_default();
    crate::output::replace_file(&path, &bytes).map_err(|err| write_error(&edits.file, &err))
}

/// The unsaved edits kept for `file`, if any (unreadable ones count as none).
pub fn autosave_of(root: &Path, file: &str) -> Option<Autosave> {
    let bytes = std::fs::read(autosave_path(root, file).ok()?).ok()?;
    serde_json::from_slice::<Autosave>(&bytes)
        .ok()
        .filter(|kept| kept.file == file)
}

/// Forgets the unsaved edits of `file` (after a save, or when the person drops them).
pub fn drop_autosave(root: &Path, file: &str) {
    if let Ok(path) = autosave_path(root, file) {
        let _ = std::fs::remove_file(path);
    }
}

/// The codes whose findings `check --fix` repairs (half-width punctuation, a document number's
/// brackets): the desk offers the repair for them.
pub const FIXABLE: &[&str] = &["punctuation-halfwidth", "doc-number-bracket"];

/// What the desk sends to repair a page.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct FixRequest {
    /// The file, site-relative.
    pub file: String,
    /// The version the editor holds.
    pub version: String,
}

/// Applies `check --fix`'s safe repairs to `file` (its body only), unless it changed since
/// the editor opened it. Returns how many lines changed with the new version.
pub fn fix(root: &Path, request: &FixRequest) -> Result<(Saved, usize), Text> {
    let file = request.file.as_str();
    let path = markdown_file(root, file)?;
    let bytes = std::fs::read(&path).map_err(|err| read_error(file, &err))?;
    if version_of(&bytes) != request.version {
        return Ok((Saved::Conflict(parse_source(file, &bytes)?), 0));
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Err(text!(
            "{file} 不是 UTF-8 编码，不能自动修正。",
            "{file} is not UTF-8, so it cannot be fixed automatically."
        ));
    };
    let Some(fixed) = crate::check::fix::fix_text(text) else {
        return Ok((Saved::Written(request.version.clone()), 0));
    };
    let changed = text
        .lines()
        .zip(fixed.lines())
        .filter(|(a, b)| a != b)
        .count();
    crate::output::replace_file(&path, fixed.as_bytes()).map_err(|err| write_error(file, &err))?;
    drop_autosave(root, file);
    Ok((Saved::Written(version_of(fixed.as_bytes())), changed))
}
