//! The site model: sections, pages and the files published beside them.
//!
//! [`load`] reads `content/` into a [`Site`]; everything after works on that plain data.

mod dates;
mod docnumber;
mod frontmatter;
pub mod gov;
mod images;
mod load;
pub mod numbering;
mod source;
pub mod urls;
mod validate;

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::Zoned;

use crate::config::Config;
use crate::markdown::Rendered;

pub use dates::{format_chinese, format_rfc3339, parse_date};
pub use docnumber::{DocNumberError, check_doc_number, check_index_number, is_han};
pub use frontmatter::{
    AttachmentEntry, ColumnKind, PhotoEntry, REVIEW_STEPS, ReviewFront, SortBy, Split, SplitError,
    split,
};
pub use gov::{ContentType, Metric, Validity};
pub use images::{ImageSource, uses_same_images};
pub use load::{
    BodyOptions, FreshBody, Keep, LoadOptions, METRICS_DATASET, PageSource, Parsed, SourceCache,
    load, load_cached, parse_file, render_markdown, replace_body, reread_body,
};
pub(crate) use load::{is_ignored as is_ignored_name, source_dir_of};
pub use source::{decode, read_text};

/// Everything a build knows about one site.
#[derive(Debug)]
pub struct Site {
    /// Validated settings.
    pub config: Config,
    /// Sections; index 0 is the home page's, the others sorted by folder.
    pub sections: Vec<Section>,
    /// Published pages, sorted by source path.
    pub pages: Vec<Page>,
    /// Files copied as they are: bundle attachments and files beside pages.
    pub assets: Vec<Asset>,
    /// Photos and graphics to resize and re-encode (`images::publish`), sorted by target.
    pub images: Vec<crate::images::Plan>,
    /// Taxonomies with their terms (filled by `resolve`).
    pub taxonomies: Vec<Taxonomy>,
    /// Dated, listed pages by year (filled by `resolve`).
    pub archive: Vec<ArchiveYear>,
    /// What the pages kept of their rendered bodies (never `Keep::EverythingUpTo`).
    pub kept: Keep,
    /// The data files and the gathered report metrics, published as open data (shared with
    /// the [`urls::UrlIndex`] bodies are rendered against).
    pub data: std::sync::Arc<crate::figures::DataFiles>,
}

/// A folder of `content/`, listing its pages.
#[derive(Debug)]
pub struct Section {
    /// The `_index.md`, relative to the site root, when the folder has one.
    pub file: Option<PathBuf>,
    /// The folder, relative to `content/` (empty for the home page).
    pub dir: PathBuf,
    /// Site path such as `/industry/`, unencoded, without the base path.
    pub path: String,
    /// Title (the folder name when `_index.md` gives none).
    pub title: String,
    /// One-line description.
    pub description: String,
    /// How pages are ordered.
    pub sort_by: SortBy,
    /// List entries per page.
    pub page_size: usize,
    /// Template for the list page.
    pub template: Option<String>,
    /// Whether pages must be dated.
    pub dated: bool,
    /// Order among siblings.
    pub weight: i64,
    /// Default content type of its pages.
    pub content_type: ContentType,
    /// Column kind for freshness rules (None: decided from the content type).
    pub kind: Option<ColumnKind>,
    /// Explicit update period in days.
    pub update_within: Option<u32>,
    /// The `_index.md` body as HTML.
    pub content: String,
    /// The user's own data.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Parent section (None for the home page).
    pub parent: Option<usize>,
    /// Child sections in navigation order.
    pub children: Vec<usize>,
    /// Pages directly in this section, in the section's order.
    pub pages: Vec<usize>,
}

/// One published article.
#[derive(Debug)]
pub struct Page {
    /// The Markdown file, relative to the site root.
    pub file: PathBuf,
    /// The section it belongs to.
    pub section: usize,
    /// Site path such as `/industry/tea/`, unencoded, without the base path.
    pub path: String,
    /// Title.
    pub title: String,
    /// Publication date.
    pub date: Option<Zoned>,
    /// Last update.
    pub updated: Option<Zoned>,
    /// Plain-text summary (front matter, `<!-- more -->` or the start of the text).
    pub summary: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Villages.
    pub villages: Vec<String>,
    /// Work team.
    pub team: Option<String>,
    /// Source (来源).
    pub source: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Whether it is a draft (only present with `--drafts`).
    pub draft: bool,
    /// Order in weight-sorted sections.
    pub weight: Option<i64>,
    /// Template other than `page.html`.
    pub template: Option<String>,
    /// How line breaks in the body are read, when the page sets it.
    pub line_breaks: Option<crate::markdown::LineBreaks>,
    /// The user's own data.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// After this the page leaves lists and feeds.
    pub expires: Option<Zoned>,
    /// Whether the page appears in lists, taxonomies, archives and feeds (not expired).
    pub listed: bool,
    /// Old site paths that redirect here (unencoded, starting with `/`).
    pub aliases: Vec<String>,
    /// Files offered for download.
    pub attachments: Vec<Attachment>,
    /// `attachments:` as written, until loading resolves them into `attachments`.
    pub attachment_entries: Vec<AttachmentEntry>,
    /// 活动照片 (`photos:`), shown as a gallery under the text.
    pub photos: Vec<GalleryPhoto>,
    /// The page's own `images:` over the site's, when it sets any.
    pub images: Option<crate::config::ImageSettings>,
    /// Minutes a reader needs, counted in characters for Chinese.
    pub reading_minutes: usize,
    /// Characters of text (CJK characters plus Latin words), for the reading time.
    pub char_count: usize,
    /// The page before and after this one in its section's order.
    pub previous: Option<usize>,
    /// See `previous`.
    pub next: Option<usize>,
    /// Pages sharing tags or villages, most related first.
    pub related: Vec<usize>,
    /// Article, policy, bulletin or report.
    pub content_type: ContentType,
    /// Policy metadata (for policies and interpretations).
    pub policy: Option<Box<Policy>>,
    /// Bulletin masthead and distribution.
    pub bulletin: Option<Box<Bulletin>>,
    /// Revitalisation field of a report, canonical (组织振兴 …).
    pub field: Option<&'static str>,
    /// Named figures.
    pub metrics: Vec<Metric>,
    /// The 三审 steps recorded in `review:`.
    pub review: ReviewFront,
    /// The rendered body (without its HTML and text when the load did not keep them).
    pub body: Rendered,
    /// Fingerprint of the Markdown body as loaded, when the body was not kept (see
    /// `load::reread_body`); 0 otherwise.
    pub body_digest: u64,
    /// File line where the body starts, to turn body lines into file lines.
    pub body_line: usize,
    /// File lines of front-matter keys, for messages about their values.
    pub key_lines: BTreeMap<String, usize>,
    /// The page's text as written, when the load was asked to keep it: with
    /// `Keep::OutlineAndSource`, and with `Keep::EverythingAndSourceUpTo` when it kept
    /// everything; `None` otherwise.
    pub source_text: Option<Box<SourceText>>,
}

/// A page's front matter and Markdown body as written (after decoding), with the file lines
/// they start on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceText {
    /// The front matter between the `---` lines.
    pub yaml: String,
    /// File line of the front matter's first line.
    pub yaml_line: usize,
    /// The Markdown after the front matter.
    pub body: String,
}

/// A policy's 信息公开 metadata, validated.
#[derive(Debug, Clone)]
pub struct Policy {
    /// 索引号.
    pub index_number: Option<String>,
    /// 主题分类.
    pub category: Option<String>,
    /// 发文机关.
    pub issuer: Option<String>,
    /// 成文日期.
    pub written: Option<Zoned>,
    /// 发文字号.
    pub doc_number: Option<String>,
    /// 主题词.
    pub keywords: Vec<String>,
    /// 有效性 as written.
    pub validity: Option<Validity>,
    /// 有效期至.
    pub valid_until: Option<Zoned>,
    /// Whether the validity date has passed at build time (shown as 已失效).
    pub lapsed: bool,
    /// 规范性文件.
    pub normative: bool,
    /// The interpretation page (index into `Site::pages`), linked both ways by `resolve`.
    pub interpretation: Option<usize>,
    /// The policy this page interprets.
    pub interprets: Option<usize>,
    /// The links as written, resolved by `resolve`.
    pub interpretation_link: Option<String>,
    /// See `interpretation_link`.
    pub interprets_link: Option<String>,
}

/// A bulletin's masthead and distribution.
#[derive(Debug, Clone)]
pub struct Bulletin {
    /// Masthead name.
    pub name: String,
    /// Issue number within the year.
    pub issue: u32,
    /// A supplement (增刊), numbered separately.
    pub supplement: bool,
    /// 编发单位.
    pub publisher: Option<String>,
    /// 内部资料 mark.
    pub internal: bool,
    /// 报.
    pub report_to: Vec<String>,
    /// 送.
    pub send_to: Vec<String>,
    /// 发.
    pub issue_to: Vec<String>,
    /// 主送.
    pub main_to: Vec<String>,
    /// 抄送.
    pub cc: Vec<String>,
    /// 印数.
    pub copies: Option<u32>,
}

/// One photo of a page's gallery (`photos:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GalleryPhoto {
    /// The file as written, relative to the page.
    pub file: String,
    /// What it shows (alt text).
    pub alt: String,
    /// Its caption, if any.
    pub caption: Option<String>,
    /// Its `<picture>`, once loading has probed the file; empty when it cannot be shown (an
    /// error says why).
    pub picture: String,
    /// The URL of its largest variant, which the gallery links to.
    pub large: String,
}

/// A downloadable file of a page bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Link text.
    pub title: String,
    /// Site path of the published file.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Upper-case file type (`PDF`, `DOCX`).
    pub kind: String,
}

/// A way of grouping pages (tags, villages, work teams) and its terms.
#[derive(Debug)]
pub struct Taxonomy {
    /// Name in URLs and config: `tags`.
    pub name: String,
    /// Shown title: 标签.
    pub title: String,
    /// Site path of the list of terms: `/tags/`.
    pub path: String,
    /// Terms in reading order (`collate`: numbers, Latin, then pinyin).
    pub terms: Vec<Term>,
}

/// One value of a taxonomy and the pages carrying it.
#[derive(Debug)]
pub struct Term {
    /// As written by editors: 茶产业.
    pub name: String,
    /// Site path: `/tags/茶产业/`.
    pub path: String,
    /// Pages, newest first.
    pub pages: Vec<usize>,
}

/// Pages of one year, newest first, grouped by month.
#[derive(Debug)]
pub struct ArchiveYear {
    /// The year.
    pub year: i16,
    /// Site path: `/archive/2025/`.
    pub path: String,
    /// Months, newest first: (month, pages newest first).
    pub months: Vec<(i8, Vec<usize>)>,
}

/// A file published as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where it is read from (absolute).
    pub source: PathBuf,
    /// Where it goes, relative to the output folder, with `/` separators.
    pub target: String,
}

impl Page {
    /// The file line of a front-matter key, or the first line.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines.get(key).copied().unwrap_or(1)
    }
}
