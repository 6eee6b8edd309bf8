//! A page's front matter checked and turned into a [`Page`]: required title, readable dates,
//! a usable slug, well-formed aliases. Every problem becomes a diagnostic at the key's line.

use jiff::{Timestamp, Zoned};

use super::load::{PageSource, is_valid_slug};
use super::{Page, Section, dates};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, LinkRewrite};

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
    if src.front.date.is_none() && section.dated {
        check.missing_date(&section.title);
    }
    let slug = check.slug();
    let aliases = check.aliases();
    if !check.ok {
        return None;
    }
    let front = &src.front;
    Some(Page {
        file: src.file.clone(),
        section: index,
        path: format!("{}{slug}/", section.path),
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
        extra: front.extra.clone(),
        listed: expires.as_ref().is_none_or(|e| e.timestamp() > now),
        expires,
        aliases,
        attachments: Vec::new(),
        attachment_entries: front.attachments.clone(),
        reading_minutes: 0,
        char_count: 0,
        previous: None,
        next: None,
        related: Vec::new(),
        body: markdown::render("", &config.markdown, &|_| LinkRewrite::Keep),
        body_line: src.body_line,
        key_lines: src.key_lines.clone(),
    })
}

struct Check<'a> {
    src: &'a PageSource,
    diagnostics: &'a mut Diagnostics,
    ok: bool,
}

impl Check<'_> {
    fn line(&self, key: &str) -> usize {
        self.src.key_lines.get(key).copied().unwrap_or(1)
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.ok = false;
        self.diagnostics.push(diagnostic);
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
        if !is_valid_slug(&slug) {
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
