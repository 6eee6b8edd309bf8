//! `site.yaml` as written, validated into a [`Config`] with defaults applied.
//!
//! Reading the file is the loader's job; this module turns its text into settings and explains
//! every mistake with the line it is on.

pub mod check;
pub mod data;
mod images;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::markdown::MarkdownOptions;
use crate::yaml::{self, Origin};

pub use check::CheckConfig;
pub use data::DataConfig;
pub use images::{ImageSettings, RawImages};

/// The file name of a site's configuration.
pub const CONFIG_FILE: &str = "site.yaml";

/// `site.yaml` exactly as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    #[serde(default)]
    description: String,
    base_url: Option<String>,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_timezone")]
    timezone: String,
    #[serde(default = "default_output_dir")]
    output_dir: String,
    #[serde(default = "default_summary_length")]
    summary_length: usize,
    #[serde(default = "default_page_size")]
    page_size: usize,
    #[serde(default)]
    footer: Footer,
    #[serde(default)]
    markdown: RawMarkdown,
    taxonomies: Option<Vec<TaxonomyConfig>>,
    #[serde(default)]
    feeds: FeedConfig,
    #[serde(default)]
    policy: RawPolicyConfig,
    #[serde(default)]
    check: CheckConfig,
    #[serde(default = "yes")]
    search: bool,
    favicon: Option<String>,
    #[serde(default)]
    import: ImportConfig,
    #[serde(default)]
    images: RawImages,
    #[serde(default)]
    data: DataConfig,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

/// `import:` in `site.yaml`: how `jianbao import` names the page folders it writes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportConfig {
    /// The folder name of an imported page, unless `--slug` gives one.
    #[serde(default)]
    pub slug: SlugScheme,
}

/// How an imported page's folder is named (its address's last part).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlugScheme {
    /// From the title, Chinese kept: `关于做好冬季培训工作的通知`.
    #[default]
    Title,
    /// The page's date, numbered when a day has several: `2026-12-02`, `2026-12-02-2`.
    Date,
    /// The date, then the title: `2026-12-02-关于做好冬季培训工作的通知`.
    DateTitle,
}

/// One taxonomy: `tags`, `villages` and `teams` read the pages' own keys; any other name reads
/// `extra.<name>` of each page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// Name in URLs: `tags` gives `/tags/`.
    pub name: String,
    /// Shown title; defaults to the name.
    pub title: Option<String>,
    /// Entries per term page; defaults to the site's `page_size`.
    pub page_size: Option<usize>,
    /// Write Atom and RSS feeds per term (default true).
    #[serde(default = "yes")]
    pub feed: bool,
}

/// What feeds carry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// Write feeds at all (default true).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Full article HTML instead of the summary (default false).
    #[serde(default)]
    pub full_content: bool,
    /// Newest entries per feed (default 20).
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            enabled: true,
            full_content: false,
            limit: default_feed_limit(),
        }
    }
}

fn yes() -> bool {
    true
}
fn default_feed_limit() -> usize {
    20
}

/// The taxonomies a site has when `site.yaml` names none.
pub fn default_taxonomies(language: &str) -> Vec<TaxonomyConfig> {
    let english = language.to_ascii_lowercase().starts_with("en");
    [
        ("tags", "标签", "Tags"),
        ("villages", "村", "Villages"),
        ("teams", "工作队", "Work teams"),
    ]
    .into_iter()
    .map(|(name, zh, en)| TaxonomyConfig {
        name: name.into(),
        title: Some(if english { en } else { zh }.into()),
        page_size: None,
        feed: true,
    })
    .collect()
}

const CONFIG_FIELDS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "output_dir",
    "summary_length",
    "page_size",
    "footer",
    "markdown",
    "taxonomies",
    "feeds",
    "policy",
    "check",
    "search",
    "favicon",
    "import",
    "images",
    "data",
    "extra",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicyConfig {
    index_pattern: Option<String>,
}

/// Rules for policy documents.
#[derive(Debug, Clone, Default)]
pub struct PolicyConfig {
    /// The form every 索引号 must have (a regular expression matched against the whole number).
    pub index_pattern: Option<regex::Regex>,
}

fn default_language() -> String {
    "zh-CN".into()
}
fn default_timezone() -> String {
    "Asia/Shanghai".into()
}
fn default_output_dir() -> String {
    "public".into()
}
fn default_summary_length() -> usize {
    120
}
fn default_page_size() -> usize {
    20
}

/// Who runs the site, shown in every page's footer; each part appears only when set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footer {
    /// 主办单位.
    pub sponsor: Option<String>,
    /// 承办单位.
    pub organizer: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Contact telephone of the office.
    pub phone: Option<String>,
    /// Contact e-mail of the office.
    pub email: Option<String>,
    /// 网站标识码.
    pub site_code: Option<String>,
    /// ICP 备案号.
    pub icp: Option<String>,
    /// 公安机关备案号.
    pub police_record: Option<String>,
    /// A copyright line.
    pub copyright: Option<String>,
    /// Link of the 党政机关网站标识 (the verification page given when the site was registered).
    pub conac_url: Option<String>,
    /// The 党政机关网站标识 image, a path under `static/` (a text badge is shown when unset).
    pub conac_image: Option<String>,
    /// Show the 我为政府网站找错 link (needs `site_code`; default true).
    #[serde(default = "yes")]
    pub error_report: bool,
}

impl Default for Footer {
    fn default() -> Self {
        Footer {
            sponsor: None,
            organizer: None,
            address: None,
            phone: None,
            email: None,
            site_code: None,
            icp: None,
            police_record: None,
            copyright: None,
            conac_url: None,
            conac_image: None,
            error_report: true,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    smart_punctuation: Option<bool>,
    cjk_soft_breaks: Option<bool>,
    cjk_emphasis: Option<bool>,
    line_breaks: Option<crate::markdown::LineBreaks>,
    raw_html: Option<RawHtmlSetting>,
}

/// `markdown.raw_html` as written.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawHtmlSetting {
    Safe,
    Allow,
    Strip,
}

impl From<RawHtmlSetting> for crate::markdown::RawHtml {
    fn from(setting: RawHtmlSetting) -> Self {
        match setting {
            RawHtmlSetting::Safe => crate::markdown::RawHtml::Safe,
            RawHtmlSetting::Allow => crate::markdown::RawHtml::Allow,
            RawHtmlSetting::Strip => crate::markdown::RawHtml::Strip,
        }
    }
}

/// Validated settings of one site.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's folder (holding `site.yaml`).
    pub root: PathBuf,
    /// Site title.
    pub title: String,
    /// Site description, for the home page and meta tags.
    pub description: String,
    /// Scheme and host of `base_url`, without a trailing slash: `https://x.gov.cn`.
    pub origin: String,
    /// Path part of `base_url`, always starting and ending with `/`: `/` or `/zcdt/`.
    pub base_path: String,
    /// `zh-CN` or `en` (any BCP 47 tag; the theme speaks Chinese unless it starts with `en`).
    pub language: String,
    /// The zone that dates without an offset are in.
    pub timezone: TimeZone,
    /// The zone's name as written, for templates.
    pub timezone_name: String,
    /// Where the site is written.
    pub output_dir: PathBuf,
    /// Characters of body text in an automatic summary.
    pub summary_length: usize,
    /// List entries per page for sections that do not set their own.
    pub page_size: usize,
    /// Footer identity.
    pub footer: Footer,
    /// Markdown rendering options.
    pub markdown: MarkdownOptions,
    /// Taxonomies in the order written.
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Feed settings.
    pub feeds: FeedConfig,
    /// Rules for policy documents.
    pub policy: PolicyConfig,
    /// Settings of `jianbao check` (and where `build` keeps the publication ledger).
    pub check: CheckConfig,
    /// Write the search index, the search page and the header search box (default true).
    pub search: bool,
    /// The site's own icon, a file in `static/` (`img/emblem.png`); `None` uses the theme's.
    pub favicon: Option<String>,
    /// How `jianbao import` names page folders.
    pub import: ImportConfig,
    /// How images are resized and encoded.
    pub images: ImageSettings,
    /// Links relative to each page, for a site opened from disk (`build --relative`).
    pub relative: bool,
    /// What the open-data catalogue says about each dataset (licence, description).
    pub data: DataConfig,
    /// The user's own data, handed to templates as `site.extra`.
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Config {
    /// The `content/` folder.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
    /// The `templates/` folder.
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }
    /// The `static/` folder.
    pub fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }
    /// The full `base_url`, ending in `/`.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin, self.base_path)
    }
}

/// Turns the text of `site.yaml` into a [`Config`], or explains what is wrong with it.
pub fn parse_config(text: &str, root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = Path::new(CONFIG_FILE);
    let origin = Origin {
        path,
        first_line: 1,
    };
    let raw: RawConfig = yaml::parse(text, origin, CONFIG_FIELDS)?;
    let line_of = |key: &str| key_line(text, key).unwrap_or(1);
    let mut problems = Vec::new();

    let title = raw
        .title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| {
            problems.push(
                Diagnostic::error(
                    path,
                    "missing-key",
                    text!("缺少网站名称 `title`", "the site has no `title`"),
                )
                .at_line(1)
                .with_hint(text!(
                    "在 site.yaml 里加一行，例如 `title: 青山县驻村工作成效`",
                    "add a line such as `title: Qingshan County work teams` to site.yaml"
                )),
            );
            String::new()
        });
    // Feeds and the sitemap need absolute URLs, so a site must say where it is published.
    let base_url = raw.base_url.unwrap_or_default();
    let (origin_part, base_path) = split_base_url(&base_url).unwrap_or_else(|| {
        problems.push(
            Diagnostic::error(path, "base-url", text!("base_url “{base_url}”不是有效的网址", "base_url `{base_url}` is not a valid URL"))
                .at_line(line_of("base_url"))
                .with_hint(text!("写成完整网址，例如 `https://www.example.gov.cn/` 或 `https://www.example.gov.cn/zcdt/`", "write a full URL such as `https://www.example.gov.cn/` or `https://www.example.gov.cn/zcdt/`")),
        );
        (String::new(), "/".into())
    });
    let timezone = TimeZone::get(&raw.timezone).unwrap_or_else(|_| {
        let zone = &raw.timezone;
        problems.push(
            Diagnostic::error(
                path,
                "timezone",
                text!("不认识的时区“{zone}”", "unknown time zone `{zone}`"),
            )
            .at_line(line_of("timezone"))
            .with_hint(text!(
                "使用 IANA 时区名，例如 `Asia/Shanghai`",
                "use an IANA zone name such as `Asia/Shanghai`"
            )),
        );
        TimeZone::UTC
    });
    let index_pattern = raw.policy.index_pattern.as_deref().and_then(|pattern| {
        match regex::Regex::new(&format!("^(?:{pattern})$")) {
            Ok(re) => Some(re),
            Err(err) => {
                problems.push(
                    Diagnostic::error(
                        path,
                        "index-pattern",
                        text!(
                            "policy.index_pattern 不是有效的正则表达式：{err}",
                            "policy.index_pattern is not a valid regular expression: {err}"
                        ),
                    )
                    .at_line(line_of("policy")),
                );
                None
            }
        }
    });
    if raw.page_size == 0 {
        problems.push(
            Diagnostic::error(
                path,
                "page-size",
                text!("page_size 不能为 0", "page_size cannot be 0"),
            )
            .at_line(line_of("page_size")),
        );
    }
    let images = ImageSettings::default().with(
        &raw.images,
        Path::new(CONFIG_FILE),
        line_of("images"),
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    let defaults = MarkdownOptions::default();
    Ok(Config {
        root: root.to_path_buf(),
        title,
        description: raw.description,
        origin: origin_part,
        base_path,
        timezone,
        timezone_name: raw.timezone,
        output_dir: root.join(raw.output_dir),
        summary_length: raw.summary_length,
        page_size: raw.page_size,
        footer: raw.footer,
        markdown: MarkdownOptions {
            smart_punctuation: raw
                .markdown
                .smart_punctuation
                .unwrap_or(defaults.smart_punctuation),
            cjk_soft_breaks: raw
                .markdown
                .cjk_soft_breaks
                .unwrap_or(defaults.cjk_soft_breaks),
            cjk_emphasis: raw.markdown.cjk_emphasis.unwrap_or(defaults.cjk_emphasis),
            line_breaks: raw.markdown.line_breaks.unwrap_or(defaults.line_breaks),
            raw_html: raw.markdown.raw_html.map_or(defaults.raw_html, Into::into),
        },
        taxonomies: raw
            .taxonomies
            .unwrap_or_else(|| default_taxonomies(&raw.language)),
        feeds: raw.feeds,
        policy: PolicyConfig { index_pattern },
        check: raw.check.located(text),
        search: raw.search,
        favicon: raw.favicon.filter(|f| !f.trim().is_empty()),
        import: raw.import,
        images,
        data: raw.data.located(text),
        relative: false,
        language: raw.language,
        extra: raw.extra,
    })
}

/// Splits `https://host/sub/` into (`https://host`, `/sub/`); a bare `/` or `/sub/` gives an
/// empty origin, for sites published without a known host.
pub fn split_base_url(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    let (origin, path) = if let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        let scheme_len = url.len() - rest.len();
        let host_end = rest.find('/').unwrap_or(rest.len());
        let host = &rest[..host_end];
        if host.is_empty() || host.contains(char::is_whitespace) {
            return None;
        }
        (url[..scheme_len + host_end].to_string(), &rest[host_end..])
    } else {
        return None;
    };
    if path.contains(['?', '#', ' ']) {
        return None;
    }
    let trimmed = path.trim_matches('/');
    let base_path = if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    };
    Some((origin, base_path))
}

/// The 1-based line where a top-level `key:` is written, for messages about its value.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_splits_into_origin_and_path() {
        assert_eq!(
            split_base_url("https://x.gov.cn"),
            Some(("https://x.gov.cn".into(), "/".into()))
        );
        assert_eq!(
            split_base_url("https://x.gov.cn/zcdt"),
            Some(("https://x.gov.cn".into(), "/zcdt/".into()))
        );
        assert_eq!(
            split_base_url("http://127.0.0.1:8080/a/b/"),
            Some(("http://127.0.0.1:8080".into(), "/a/b/".into()))
        );
        assert_eq!(
            split_base_url("/"),
            None,
            "feeds and the sitemap need a host"
        );
        assert_eq!(split_base_url("x.gov.cn"), None);
        assert_eq!(split_base_url("https:///a"), None);
    }

    #[test]
    fn defaults_apply() {
        let config = parse_config(
            "title: 测试\nbase_url: https://x.gov.cn/\n",
            Path::new("/site"),
        )
        .unwrap();
        assert_eq!(config.language, "zh-CN");
        assert_eq!(config.timezone_name, "Asia/Shanghai");
        assert_eq!(config.output_dir, Path::new("/site/public"));
        assert_eq!(config.base_url(), "https://x.gov.cn/");
    }

    #[test]
    fn unknown_key_gets_a_hint() {
        let errs = parse_config("title: 测试\nbase_ulr: /\n", Path::new("/site")).unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].hint.as_ref().unwrap().en.contains("base_url"));
    }

    #[test]
    fn image_settings_default_and_validate() {
        let config = parse_config(
            "title: 测试\nbase_url: https://x.gov.cn/\n",
            Path::new("/site"),
        )
        .unwrap();
        assert_eq!(config.images, ImageSettings::default());
        let config = parse_config(
            "title: 测试\nbase_url: https://x.gov.cn/\nimages:\n  widths: [960, 320]\n  formats: [jpeg]\n  quality: 70\n",
            Path::new("/site"),
        )
        .unwrap();
        assert_eq!(config.images.widths, [320, 960]);
        assert!(!config.images.webp);
        let errs = parse_config(
            "title: 测试\nbase_url: https://x.gov.cn/\nimages:\n  formats: [webp]\n",
            Path::new("/site"),
        )
        .unwrap_err();
        assert_eq!((errs[0].code, errs[0].line), ("images", Some(3)));
    }

    #[test]
    fn bad_timezone_names_its_line() {
        let errs = parse_config(
            "title: 测试\nbase_url: https://x.gov.cn/\ntimezone: Mars/Base\n",
            Path::new("/site"),
        )
        .unwrap_err();
        assert_eq!((errs[0].code, errs[0].line), ("timezone", Some(3)));
    }
}
