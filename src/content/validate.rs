//! A page's front matter checked and turned into a [`Page`]: required title, readable dates,
//! a usable slug, well-formed aliases. Every problem becomes a diagnostic at the key's line.

use jiff::{Timestamp, Zoned};

use super::gov::{self, ContentType, Metric, PolicyFront};
use super::load::{PageSource, is_valid_slug};
use super::{Bulletin, Page, Policy, Section, dates};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Text;
use crate::markdown;

/// Checks `src` and builds its page, or returns `None` after reporting why it cannot be built.
pub(super) fn validate_page(
    config: &Config,
    section: &Section,
    index: usize,
    src: &PageSource,
    now: Timestamp,
    diagnostics: &mut Diagnostics,
) -> Option<Page> {
    let mut check = Check {
        src,
        diagnostics,
        ok: true,
    };
    let title = check.title();
    let date = check.date("date", &src.front.date, &config.timezone);
    let updated = check.date("updated", &src.front.updated, &config.timezone);
    let expires = check.date("expires", &src.front.expires, &config.timezone);
    check.plausible_dates(date.as_ref(), updated.as_ref(), now);
    if src.front.date.is_none() && section.dated {
        check.missing_date(&section.title);
    }
    let slug = check.slug();
    let aliases = check.aliases();
    let content_type = src.front.content_type.unwrap_or(section.content_type);
    let policy = src
        .front
        .policy
        .as_ref()
        .map(|p| check.policy(p, config, now));
    let bulletin = check.bulletin(content_type, section);
    let field = check.field();
    let metrics = check.metrics();
    let photos = check.photos();
    let images = check.images(config);
    check.terms(config);
    if !check.ok {
        return None;
    }
    let front = &src.front;
    Some(Page {
        file: src.file.clone(),
        section: index,
        path: super::urls::page_path(&section.path, &slug),
        title,
        date,
        updated,
        summary: front.summary.clone().unwrap_or_default(),
        tags: front.tags.clone(),
        villages: front.villages.clone(),
        team: front.team.clone(),
        source: front.source.clone(),
        author: front.author.clone(),
        draft: front.draft,
        weight: front.weight,
        template: front.template.clone(),
        line_breaks: front.line_breaks,
        extra: front.extra.clone(),
        listed: expires.as_ref().is_none_or(|e| e.timestamp() > now),
        expires,
        aliases,
        attachments: Vec::new(),
        attachment_entries: front.attachments.clone(),
        photos,
        images,
        reading_minutes: 0,
        char_count: 0,
        previous: None,
        next: None,
        related: Vec::new(),
        content_type,
        policy: policy.map(Box::new),
        bulletin: bulletin.map(Box::new),
        field,
        metrics,
        review: front.review.clone(),
        body: markdown::Rendered::default(),
        body_digest: 0,
        body_line: src.body_line,
        key_lines: src.key_lines.clone(),
        source_text: None,
    })
}

/// Terms one page may have in one taxonomy before `check` and `build` warn. An article carries a
/// handful; every term is a page and two feeds, so thousands on one page make a build slow and
/// its output large.
pub const MAX_TERMS_PER_PAGE: usize = 100;

/// The longest file name, in bytes, that every file system a site is built on accepts (ext4
/// and APFS allow 255 bytes or UTF-16 units, so 85 Chinese characters in UTF-8).
pub const MAX_NAME_BYTES: usize = 255;

/// A taxonomy's key in the front matter and the terms the page gives it.
fn front_terms<'f>(
    front: &'f super::frontmatter::PageFrontMatter,
    taxonomy: &'f str,
) -> (&'f str, Vec<&'f str>) {
    match taxonomy {
        "tags" => ("tags", front.tags.iter().map(String::as_str).collect()),
        "villages" => (
            "villages",
            front.villages.iter().map(String::as_str).collect(),
        ),
        "teams" => ("team", front.team.iter().map(String::as_str).collect()),
        other => {
            let terms = match front.extra.get(other) {
                Some(serde_json::Value::String(s)) => vec![s.as_str()],
                Some(serde_json::Value::Array(items)) => {
                    items.iter().filter_map(serde_json::Value::as_str).collect()
                }
                _ => Vec::new(),
            };
            (other, terms)
        }
    }
}

/// A name (slug or term) that would make a file name longer than [`MAX_NAME_BYTES`].
fn name_too_long(file: &std::path::Path, name: &str, bytes: usize) -> Diagnostic {
    let shown: String = name.chars().take(12).collect();
    Diagnostic::error(
        file,
        "name-too-long",
        text!(
            "“{shown}…”有 {bytes} 字节，用作网址里的文件夹名太长（最多 {MAX_NAME_BYTES} 字节，约 85 个汉字），无法写入磁盘",
            "`{shown}…` is {bytes} bytes, too long for a folder name in the output (at most {MAX_NAME_BYTES} bytes, about 85 Chinese characters)"
        ),
    )
    .with_hint(text!(
        "改短一些；网址名可以用 slug: 另行指定",
        "shorten it; a page's URL name can be set with slug:"
    ))
}

struct Check<'a> {
    src: &'a PageSource,
    diagnostics: &'a mut Diagnostics,
    ok: bool,
}

impl Check<'_> {
    /// The file line of `key` (`policy.发文字号` for nested keys, falling back to the parent).
    fn line(&self, key: &str) -> usize {
        let lines = &self.src.key_lines;
        let parent = key.split('.').next().unwrap_or(key);
        lines
            .get(key)
            .or_else(|| lines.get(parent))
            .copied()
            .unwrap_or(1)
    }

    /// `photos:` as written, each needing a description; their pictures come later, once the
    /// files are probed.
    fn photos(&mut self) -> Vec<super::GalleryPhoto> {
        let line = self.line("photos");
        let mut photos = Vec::new();
        for entry in &self.src.front.photos {
            if entry.alt.trim().is_empty() {
                let file = &entry.file;
                self.report(
                    Diagnostic::error(
                        &self.src.file,
                        "image-alt",
                        text!(
                            "活动照片 {file} 没有写 alt（照片内容的说明）",
                            "the gallery photo {file} has no alt (what the photo shows)"
                        ),
                    )
                    .at_line(line)
                    .with_hint(text!(
                        "写成 - {{file: {file}, alt: 工作队入户走访, caption: 图注}}",
                        "write - {{file: {file}, alt: what it shows, caption: a caption}}"
                    )),
                );
            }
            photos.push(super::GalleryPhoto {
                file: entry.file.clone(),
                alt: entry.alt.trim().to_string(),
                caption: entry.caption.clone().filter(|c| !c.trim().is_empty()),
                picture: String::new(),
                large: String::new(),
            });
        }
        photos
    }

    /// The page's `images:` over the site's.
    fn images(&mut self, config: &Config) -> Option<crate::config::ImageSettings> {
        let raw = self.src.front.images.as_ref()?;
        let mut problems = Vec::new();
        let settings =
            config
                .images
                .for_page(raw, &self.src.file, self.line("images"), &mut problems);
        for problem in problems {
            self.report(problem);
        }
        Some(settings).filter(|s| *s != config.images)
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.ok = false;
        self.diagnostics.push(diagnostic);
    }

    /// Warns (without failing the page) about a taxonomy with more than [`MAX_TERMS_PER_PAGE`]
    /// terms on this page, and refuses a term too long to be a file name.
    fn terms(&mut self, config: &Config) {
        for taxonomy in &config.taxonomies {
            let (key, terms) = front_terms(&self.src.front, &taxonomy.name);
            let count = terms.len();
            if count > MAX_TERMS_PER_PAGE {
                let d = Diagnostic::warning(
                    &self.src.file,
                    "too-many-terms",
                    text!(
                        "`{key}` 有 {count} 项，超过每页 {MAX_TERMS_PER_PAGE} 项的上限：每一项都会生成一个页面和两个订阅文件",
                        "`{key}` has {count} entries, more than the {MAX_TERMS_PER_PAGE} a page should have: each one makes a page and two feeds"
                    ),
                )
                .at_line(self.line(key))
                .with_hint(text!(
                    "只保留能帮读者找到相关文章的几个标签",
                    "keep the few terms that help readers find related pages"
                ));
                self.diagnostics.push(d);
            }
            for term in terms {
                let bytes = crate::content::urls::term_segment(term).len();
                if bytes > MAX_NAME_BYTES {
                    let d = name_too_long(&self.src.file, term, bytes).at_line(self.line(key));
                    self.report(d);
                }
            }
        }
    }

    fn title(&mut self) -> String {
        match self.src.front.title.as_deref().map(str::trim) {
            Some(title) if !title.is_empty() => title.to_string(),
            _ => {
                let d = Diagnostic::error(
                    &self.src.file,
                    "missing-title",
                    text!("页面缺少标题 `title`", "the page has no `title`"),
                )
                .at_line(self.line("title"))
                .with_hint(text!(
                    "在 front matter 里加一行，例如 `title: 石门村茶叶合作社带动增收`",
                    "add a line such as `title: Tea cooperative raises incomes` to the front matter"
                ));
                self.report(d);
                String::new()
            }
        }
    }

    fn date(
        &mut self,
        key: &str,
        value: &Option<String>,
        zone: &jiff::tz::TimeZone,
    ) -> Option<Zoned> {
        let text = value.as_ref()?;
        let parsed = dates::parse_date(text, zone);
        if parsed.is_none() {
            let d = Diagnostic::error(
                &self.src.file,
                "bad-date",
                text!("看不懂的日期“{text}”", "cannot read the date `{text}`"),
            )
            .at_line(self.line(key))
            .with_hint(text!(
                "写成 2025-03-01、2025-03-01 10:30 或 2025年3月1日",
                "write 2025-03-01, 2025-03-01 10:30 or 2025年3月1日"
            ));
            self.report(d);
        }
        parsed
    }

    /// Dates that parse but cannot be meant: the year 0 (an error: a placeholder), a date
    /// before 1900 or more than a hundred years ahead, `updated` before `date` (warnings).
    fn plausible_dates(&mut self, date: Option<&Zoned>, updated: Option<&Zoned>, now: Timestamp) {
        for (key, value) in [("date", date), ("updated", updated)] {
            let Some(value) = value else { continue };
            let written = value.date();
            let year = value.year();
            let line = self.line(key);
            if year <= 0 {
                let d = Diagnostic::error(
                    &self.src.file,
                    "bad-date",
                    text!(
                        "“{written}”里的公元 0 年不是真实的日期",
                        "the year 0 in `{written}` is not a real date"
                    ),
                )
                .at_line(line)
                .with_hint(text!(
                    "填上文章真实的发布日期，例如 2025-03-01",
                    "give the page's real date, such as 2025-03-01"
                ));
                self.report(d);
            } else if year < 1900 {
                let d = Diagnostic::warning(&self.src.file, "old-date", text!("日期 {written} 早于 1900 年，像是占位或笔误", "the date {written} is before 1900, which looks like a placeholder or a slip"))
                    .at_line(line)
                    .with_hint(text!("核对年份", "check the year"));
                self.diagnostics.push(d);
            } else if key == "date"
                && value.timestamp() > now + jiff::SignedDuration::from_hours(24 * 36_525)
            {
                let d = Diagnostic::warning(&self.src.file, "far-future-date", text!("日期 {written} 在一百年以后：文章到那天才会发布，链接到它的地方都会报错", "the date {written} is more than a hundred years ahead: the page is not published until then, and links to it fail"))
                    .at_line(line)
                    .with_hint(text!("核对年份；定时发布请写真实的发布日期", "check the year; to schedule a page, give its real publication date"));
                self.diagnostics.push(d);
            }
        }
        if let (Some(date), Some(updated)) = (date, updated)
            && updated.timestamp() < date.timestamp()
        {
            let (d1, d2) = (updated.date(), date.date());
            let d = Diagnostic::warning(
                &self.src.file,
                "updated-before-date",
                text!(
                    "更新日期 {d1} 早于发布日期 {d2}",
                    "the update date {d1} is before the publication date {d2}"
                ),
            )
            .at_line(self.line("updated"))
            .with_hint(text!(
                "更新日期应在发布之后；没有更新就删掉 updated 这一行",
                "an update comes after publication; without one, remove the updated line"
            ));
            self.diagnostics.push(d);
        }
    }

    fn missing_date(&mut self, section: &str) {
        let d = Diagnostic::error(&self.src.file, "missing-date", text!("栏目“{section}”的页面必须有发布日期 `date`", "pages in the section `{section}` need a `date`"))
            .at_line(self.line("title"))
            .with_hint(text!("加一行 `date: 2025-03-01`；不需要日期的栏目可在 _index.md 里写 `dated: false`", "add `date: 2025-03-01`; a section without dates can set `dated: false` in its _index.md"));
        self.report(d);
    }

    fn slug(&mut self) -> String {
        let slug = self
            .src
            .front
            .slug
            .clone()
            .unwrap_or_else(|| self.src.stem.clone());
        if slug.len() > MAX_NAME_BYTES {
            let d = name_too_long(&self.src.file, &slug, slug.len()).at_line(self.line("slug"));
            self.report(d);
        } else if !is_valid_slug(&slug) {
            let d = Diagnostic::error(
                &self.src.file,
                "bad-slug",
                text!(
                    "网址名“{slug}”不能用作网址",
                    "`{slug}` cannot be used in a URL"
                ),
            )
            .at_line(self.line("slug"))
            .with_hint(text!(
                "网址名不能为空，不能含有 / \\ : * ? \" < > | 或空格",
                "a slug must not be empty or contain / \\ : * ? \" < > | or spaces"
            ));
            self.report(d);
        }
        slug
    }

    fn policy(&mut self, front: &PolicyFront, config: &Config, now: Timestamp) -> Policy {
        let written = self.date("policy.成文日期", &front.written, &config.timezone);
        let valid_until = self.date("policy.有效期至", &front.valid_until, &config.timezone);
        if let (Some(number), Some(pattern)) = (&front.index_number, &config.policy.index_pattern)
            && !pattern.is_match(number)
        {
            let shown = pattern.as_str();
            let d = Diagnostic::error(
                &self.src.file,
                "index-number",
                text!(
                    "索引号“{number}”不符合本站规定的格式",
                    "the index number `{number}` does not match the site's pattern"
                ),
            )
            .at_line(self.line("policy.索引号"))
            .with_hint(text!(
                "格式见 site.yaml 的 policy.index_pattern：{shown}",
                "see policy.index_pattern in site.yaml: {shown}"
            ));
            self.report(d);
        }
        if let Some(number) = &front.doc_number
            && let Err(err) = super::check_doc_number(number)
        {
            let mut d = Diagnostic::error(
                &self.src.file,
                "doc-number",
                Text::new(err.message_zh, err.message_en),
            )
            .at_line(self.line("policy.发文字号"))
            .with_excerpt(number.clone());
            if let Some(fixed) = err.suggestion {
                d = d.with_hint(text!(
                    "应写作“{fixed}”（GB/T 9704-2012）",
                    "write `{fixed}` (GB/T 9704-2012)"
                ));
            }
            self.report(d);
        }
        let lapsed = valid_until.as_ref().is_some_and(|d| d.timestamp() <= now);
        Policy {
            index_number: front.index_number.clone(),
            category: front.category.clone(),
            issuer: front.issuer.clone(),
            written,
            doc_number: front.doc_number.clone(),
            keywords: front.keywords.clone(),
            validity: front.validity,
            valid_until,
            lapsed,
            normative: front.normative,
            interpretation: None,
            interprets: None,
            interpretation_link: front.interpretation.clone(),
            interprets_link: front.interprets.clone(),
        }
    }

    /// A bulletin needs its issue number; the masthead defaults to the section's title.
    fn bulletin(&mut self, content_type: ContentType, section: &Section) -> Option<Bulletin> {
        let front = self.src.front.bulletin.clone();
        if content_type != ContentType::Bulletin {
            return None;
        }
        let front = front.unwrap_or_default();
        let Some(issue) = front.issue else {
            let d = Diagnostic::error(
                &self.src.file,
                "bulletin-issue",
                text!("简报缺少期号", "the bulletin has no issue number"),
            )
            .at_line(self.line("bulletin").max(self.line("type")))
            .with_hint(text!(
                "在 front matter 里写：\nbulletin:\n  期号: 12",
                "add to the front matter:\nbulletin:\n  期号: 12"
            ));
            self.report(d);
            return None;
        };
        Some(Bulletin {
            name: front.name.unwrap_or_else(|| section.title.clone()),
            issue,
            supplement: front.supplement,
            publisher: front.publisher,
            internal: front.internal,
            report_to: front.report_to,
            send_to: front.send_to,
            issue_to: front.issue_to,
            main_to: front.main_to,
            cc: front.cc,
            copies: front.copies,
        })
    }

    fn field(&mut self) -> Option<&'static str> {
        let written = self.src.front.field.as_deref()?;
        let field = gov::canonical_field(written);
        if field.is_none() {
            let d = Diagnostic::error(&self.src.file, "report-field", text!("“{written}”不是五个振兴领域之一", "`{written}` is not one of the five revitalisation fields"))
                .at_line(self.line("field"))
                .with_hint(text!("写组织振兴、产业振兴、人才振兴、文化振兴或生态振兴（也可简写为组织、产业、人才、文化、生态）", "write 组织振兴, 产业振兴, 人才振兴, 文化振兴 or 生态振兴 (or party-building, industry, talent, culture, ecology)"));
            self.report(d);
        }
        field
    }

    fn metrics(&mut self) -> Vec<Metric> {
        let mut metrics = Vec::new();
        for (name, text) in &self.src.front.metrics.0 {
            match gov::parse_metric(name, text) {
                Some(metric) => metrics.push(metric),
                None => {
                    let d = Diagnostic::error(
                        &self.src.file,
                        "metric",
                        text!(
                            "数据“{name}: {text}”不是以数字开头",
                            "the figure `{name}: {text}` does not start with a number"
                        ),
                    )
                    .at_line(self.line("metrics"))
                    .with_hint(text!(
                        "写成“数字 单位”，例如 `入户走访: 320 户次`",
                        "write a number and a unit, e.g. `入户走访: 320 户次`"
                    ));
                    self.report(d);
                }
            }
        }
        metrics
    }

    /// Aliases are site paths of the old site: `/old/news/123.html` or `/old/news/123/`.
    fn aliases(&mut self) -> Vec<String> {
        let mut aliases = Vec::new();
        for alias in &self.src.front.aliases {
            let alias = alias.trim();
            let decoded = percent_encoding::percent_decode_str(alias)
                .decode_utf8_lossy()
                .into_owned();
            if !decoded.starts_with('/') || decoded.contains("..") || decoded.contains(['?', '#']) {
                let d = Diagnostic::error(
                    &self.src.file,
                    "bad-alias",
                    text!(
                        "旧网址“{alias}”的写法不对",
                        "the old URL `{alias}` is not a site path"
                    ),
                )
                .at_line(self.line("aliases"))
                .with_hint(text!(
                    "写成以 / 开头的路径，不带域名，例如 /old/news/123.html",
                    "write a path starting with /, without the host, e.g. /old/news/123.html"
                ));
                self.report(d);
                continue;
            }
            aliases.push(decoded);
        }
        aliases
    }
}
