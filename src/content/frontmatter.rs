//! Splitting a content file into YAML front matter and Markdown body, and the typed front matter
//! of pages and sections.

use std::collections::BTreeMap;
use std::fmt;

use super::gov::{BulletinFront, ContentType, MetricsFront, PolicyFront};
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// A content file cut at its `---` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines (empty when the file has none).
    pub yaml: &'a str,
    /// File line of the YAML's first line.
    pub yaml_line: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// File line of the body's first line.
    pub body_line: usize,
    /// Whether the file had front matter at all.
    pub has_front_matter: bool,
}

/// Why a file could not be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// The opening `---` has no closing partner.
    Unclosed,
    /// The file uses TOML front matter (`+++`), as Hugo and Zola sites do.
    Toml,
}

/// Cuts `text` (already LF-normalised) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() == "+++" {
        return Err(SplitError::Toml);
    }
    if first.trim_end() != "---" {
        return Ok(Split {
            yaml: "",
            yaml_line: 1,
            body: text,
            body_line: 1,
            has_front_matter: false,
        });
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for (index, line) in text[offset..].split_inclusive('\n').enumerate() {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start.min(offset)..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: index + 3,
                has_front_matter: true,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

/// A page's front matter as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// Required title.
    pub title: Option<String>,
    /// Publication date, as written.
    #[serde(default, deserialize_with = "scalar_text")]
    pub date: Option<String>,
    /// Last update, as written.
    #[serde(default, deserialize_with = "scalar_text")]
    pub updated: Option<String>,
    /// A summary that replaces the automatic one.
    pub summary: Option<String>,
    /// Free tags.
    #[serde(default, deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    /// Villages the report concerns.
    #[serde(default, deserialize_with = "one_or_many")]
    pub villages: Vec<String>,
    /// The work team that wrote it.
    pub team: Option<String>,
    /// Where it comes from (来源).
    pub source: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Order in sections sorted by weight (smaller first).
    pub weight: Option<i64>,
    /// Last URL segment instead of the file name.
    pub slug: Option<String>,
    /// A template other than `page.html`.
    pub template: Option<String>,
    /// `paragraph`: every line is a paragraph (text pasted from Word); overrides `site.yaml`.
    pub line_breaks: Option<crate::markdown::LineBreaks>,
    /// After this date the page leaves lists and feeds (it stays reachable by its URL).
    #[serde(default, deserialize_with = "scalar_text")]
    pub expires: Option<String>,
    /// Old URLs that should redirect here (for content migrated from an old site).
    #[serde(default, deserialize_with = "one_or_many")]
    pub aliases: Vec<String>,
    /// Files of a page bundle offered for download.
    #[serde(default)]
    pub attachments: Vec<AttachmentEntry>,
    /// 活动照片: photos shown together under the text, as a gallery.
    #[serde(default)]
    pub photos: Vec<PhotoEntry>,
    /// How this page's images are resized and encoded, over `site.yaml`'s `images:`.
    pub images: Option<crate::config::RawImages>,
    /// Content type: article (default), policy, bulletin or report.
    #[serde(rename = "type")]
    pub content_type: Option<ContentType>,
    /// 政府信息公开 metadata of a policy document.
    pub policy: Option<PolicyFront>,
    /// Masthead and distribution of a work bulletin.
    pub bulletin: Option<BulletinFront>,
    /// The revitalisation field of a report (组织振兴 … 生态振兴, or 产业, industry …).
    pub field: Option<String>,
    /// Named figures of a report, in order: `入户走访: 320 户次`.
    #[serde(default)]
    pub metrics: MetricsFront,
    /// The 三审 steps recorded so far (the editing desk writes them).
    #[serde(default)]
    pub review: ReviewFront,
    /// Anything else, for templates.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One `photos:` item: the file and what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoEntry {
    /// The image, relative to the page (in a bundle: beside `index.md`).
    pub file: String,
    /// What the photo shows, for readers who cannot see it (required).
    #[serde(default)]
    pub alt: String,
    /// The caption under it (图注), if any.
    pub caption: Option<String>,
}

/// One `attachments:` item: a file name, or a file with a title.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum AttachmentEntry {
    /// `- 实施方案.pdf`
    File(String),
    /// `- {file: 实施方案.pdf, title: 实施方案（全文）}`
    Titled {
        /// File name inside the bundle.
        file: String,
        /// Link text; defaults to the file name.
        title: Option<String>,
    },
}

impl AttachmentEntry {
    /// The file name.
    pub fn file(&self) -> &str {
        match self {
            AttachmentEntry::File(file) | AttachmentEntry::Titled { file, .. } => file,
        }
    }

    /// The link text.
    pub fn title(&self) -> Option<&str> {
        match self {
            AttachmentEntry::File(_) => None,
            AttachmentEntry::Titled { title, .. } => title.as_deref(),
        }
    }
}

/// The keys a page's front matter accepts, for "did you mean" hints.
pub const PAGE_FIELDS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "tags",
    "villages",
    "team",
    "source",
    "author",
    "draft",
    "weight",
    "slug",
    "template",
    "line_breaks",
    "expires",
    "aliases",
    "attachments",
    "photos",
    "images",
    "type",
    "policy",
    "bulletin",
    "field",
    "metrics",
    "review",
    "extra",
];

/// `review:`: who passed each step of the 三审 (初审, 复审, 终审) and when, one line each
/// (`张三 2026-12-02 10:30`), and a publication despite errors (`强制发布`) with its reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFront {
    /// 初审.
    #[serde(
        rename = "初审",
        alias = "first",
        default,
        deserialize_with = "scalar_text"
    )]
    pub first: Option<String>,
    /// 复审.
    #[serde(
        rename = "复审",
        alias = "second",
        default,
        deserialize_with = "scalar_text"
    )]
    pub second: Option<String>,
    /// 终审.
    #[serde(
        rename = "终审",
        alias = "final",
        default,
        deserialize_with = "scalar_text"
    )]
    pub last: Option<String>,
    /// 强制发布: published although `check` found errors — who, when and why.
    #[serde(
        rename = "强制发布",
        alias = "override",
        default,
        deserialize_with = "scalar_text"
    )]
    pub forced: Option<String>,
}

/// The keys `review:` accepts, in the order of the steps.
pub const REVIEW_STEPS: &[&str] = &["初审", "复审", "终审"];

impl ReviewFront {
    /// How many steps are recorded in order (0 to 3): a later step without the earlier ones
    /// does not count.
    pub fn steps_done(&self) -> usize {
        [&self.first, &self.second, &self.last]
            .iter()
            .take_while(|step| step.as_deref().is_some_and(|s| !s.trim().is_empty()))
            .count()
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    #[default]
    Date,
    /// Smallest weight first.
    Weight,
    /// By title.
    Title,
}

/// A section's `_index.md` front matter as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    /// Title; defaults to the folder name.
    pub title: Option<String>,
    /// One-line description for lists and meta tags.
    pub description: Option<String>,
    /// Page order.
    #[serde(default)]
    pub sort_by: SortBy,
    /// Entries per list page; defaults to the site's.
    pub page_size: Option<usize>,
    /// A template other than `section.html` (or `index.html` for the home page).
    pub template: Option<String>,
    /// Whether pages must carry a date (default: yes, except on the home page).
    pub dated: Option<bool>,
    /// Order among sibling sections in navigation (smaller first).
    pub weight: Option<i64>,
    /// Content type of the pages in this section unless a page says otherwise.
    #[serde(rename = "type")]
    pub content_type: Option<ContentType>,
    /// Column kind for the inspection rules: news, notice, policy, plan or other.
    pub kind: Option<ColumnKind>,
    /// Days within which the column must be updated (overrides the kind's period).
    pub update_within: Option<u32>,
    /// Anything else, for templates.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The keys a section's front matter accepts.
pub const SECTION_FIELDS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "page_size",
    "template",
    "dated",
    "weight",
    "type",
    "kind",
    "update_within",
    "extra",
];

/// What kind of column a section is, which sets how often inspectors expect it updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// 动态/要闻: updated within 2 weeks.
    News,
    /// 通知公告: within 6 months.
    Notice,
    /// 政策文件: within 6 months.
    Policy,
    /// 人事/规划计划: within 1 year.
    Plan,
    /// Anything else: within 1 year.
    Other,
}

/// Accepts a plain scalar (string, or a number an editor typed unquoted) as text, so that
/// `date: 2025-03-01` and `date: "2025-03-01"` mean the same.
pub(super) fn scalar_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    struct ScalarText;
    impl Visitor<'_> for ScalarText {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date such as 2025-03-01")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(ScalarText)
}

/// Accepts `tags: 产业` as a one-item list as well as `tags: [产业, 茶叶]`.
pub(super) fn one_or_many<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    struct OneOrMany;
    impl<'de> Visitor<'de> for OneOrMany {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of words, such as [产业, 茶叶]")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                items.push(item);
            }
            Ok(items)
        }
    }
    deserializer.deserialize_any(OneOrMany)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(
            (s.yaml, s.yaml_line, s.body, s.body_line),
            ("title: a\n", 2, "body\n", 4)
        );
    }

    #[test]
    fn missing_close_is_an_error() {
        assert_eq!(split("---\ntitle: a\nbody\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# 标题\n").unwrap();
        assert!(!s.has_front_matter);
        assert_eq!(s.body, "# 标题\n");
    }

    #[test]
    fn toml_front_matter_is_named() {
        assert_eq!(split("+++\ntitle = 'a'\n+++\n"), Err(SplitError::Toml));
    }

    #[test]
    fn empty_front_matter_and_body() {
        let s = split("---\n---\n").unwrap();
        assert_eq!((s.yaml, s.body, s.body_line), ("", "", 3));
    }

    #[test]
    fn a_string_tag_becomes_a_list() {
        let fm: PageFrontMatter = serde_saphyr::from_str("title: a\ntags: 产业\n").unwrap();
        assert_eq!(fm.tags, ["产业"]);
    }

    #[test]
    fn a_number_for_tags_is_refused() {
        assert!(serde_saphyr::from_str::<PageFrontMatter>("title: a\ntags: 5\n").is_err());
    }

    #[test]
    fn unquoted_dates_are_text() {
        let fm: PageFrontMatter = serde_saphyr::from_str("date: 2025-03-01 10:30\n").unwrap();
        assert_eq!(fm.date.as_deref(), Some("2025-03-01 10:30"));
    }
}
