//! Markdown rendering for page bodies.
//!
//! This module owns everything between a Markdown string and its HTML: the
//! pulldown-cmark set-up (tables, footnotes, strikethrough, task lists,
//! heading attributes, optional smart punctuation), the fixes that make
//! Chinese text render well (soft breaks between CJK characters vanish;
//! `**注意：**正文` becomes bold although CommonMark's flanking rules say
//! otherwise), heading ids, link collection and rewriting, the
//! `<!-- more -->` summary split, the plain text of a body and text
//! summaries.
//!
//! It knows nothing of the site configuration, Tera or the site: callers pass
//! [`MarkdownOptions`] and decide link rewrites through a callback.
//!
//! Line numbers are 1-based and relative to the `source` given to [`render`];
//! callers add their own front-matter offset.

mod blocks;
mod cjk;
mod emphasis;
mod figures;
mod flanking;
mod headings;
mod linebreaks;
mod links;
mod more;
mod plain;
mod position;
mod raw_html;
mod summary;

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, html};

pub use blocks::{BlockHook, Drawn, Failed, FencedBlock};
pub use figures::ImageRef;
pub(crate) use headings::slugify;
pub use linebreaks::LineBreaks;
pub use raw_html::{RawHtml, Removal};
pub use summary::summarize_text;

/// An event with the byte range of the source it came from.
pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

/// Options for Markdown rendering; the markdown module never sees site
/// config, Tera or the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Curly quotes, dashes and ellipses from ASCII punctuation.
    pub smart_punctuation: bool,
    /// Drop a soft line break between two CJK characters instead of
    /// rendering it (browsers show it as a space).
    pub cjk_soft_breaks: bool,
    /// Apply the CommonMark CJK-friendly emphasis amendment.
    pub cjk_emphasis: bool,
    /// Whether a single line break ends a paragraph (text pasted from Word).
    pub line_breaks: LineBreaks,
    /// What happens to raw HTML in the Markdown.
    pub raw_html: RawHtml,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            smart_punctuation: false,
            cjk_soft_breaks: true,
            cjk_emphasis: true,
            line_breaks: LineBreaks::Soft,
            raw_html: RawHtml::Safe,
        }
    }
}

/// The result of rendering one body (empty by default, before a body is rendered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The whole body as HTML. `<!-- more -->` marker lines are dropped.
    pub html: String,
    /// HTML of the part before the first `<!-- more -->` line, if present,
    /// with the same heading ids and link rewrites as `html`.
    pub summary_html: Option<String>,
    /// Plain text of the body (no markup; blocks separated by `'\n'`).
    pub text: String,
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Every link destination and image source, with its position.
    pub links: Vec<LinkRef>,
    /// Raw HTML elements and attributes left out of `html` ([`RawHtml::Safe`] and
    /// [`RawHtml::Strip`]), with their lines.
    pub raw_html_removed: Vec<Removal>,
    /// Fenced blocks the caller's hook took but could not draw ([`render_with`]).
    pub blocks_failed: Vec<Failed>,
}

impl Rendered {
    /// Frees the HTML once nothing will render it (text, headings and links stay).
    pub fn drop_html(&mut self) {
        self.html = String::new();
        self.summary_html = None;
    }
}

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` attribute emitted on the heading element.
    pub id: String,
    /// Plain text of the heading.
    pub title: String,
    /// 1-based line of the heading in the source.
    pub line: usize,
}

/// A link destination or image source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination as written (reference links resolved to their
    /// definition), before any rewrite.
    pub dest: String,
    pub is_image: bool,
    /// 1-based line of the start of the link (`[` or `![` or `<`).
    pub line: usize,
    /// 1-based column of the start of the link, counted in chars.
    pub col: usize,
}

/// What to do with a link destination; decided by the caller (who knows the
/// site).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkRewrite {
    Keep,
    Replace(String),
}

/// pulldown-cmark extensions used for page bodies.
pub(crate) fn parser_options(smart_punctuation: bool) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// Renders a Markdown body. `rewrite` is called once per link destination and
/// image source; its answer changes the `href`/`src` in the output.
pub fn render(
    source: &str,
    options: &MarkdownOptions,
    rewrite: &dyn Fn(&str) -> LinkRewrite,
) -> Rendered {
    render_with(source, options, rewrite, &|_| None, &|_| None)
}

/// [`render`], with two hooks for what the caller draws itself. `images` is called once per
/// image with what the page says of it: HTML it returns replaces the image (the caller knows the
/// files; this module only where they go); captioned images become figures either way (see
/// `figures.rs`). Each fenced code block is offered to `blocks`: what it draws replaces the
/// block ([`blocks`]). Both kinds of markup go in after raw HTML was sanitised.
pub fn render_with(
    source: &str,
    options: &MarkdownOptions,
    rewrite: &dyn Fn(&str) -> LinkRewrite,
    images: &dyn Fn(&ImageRef<'_>) -> Option<String>,
    blocks: BlockHook<'_>,
) -> Rendered {
    let lines = position::LineIndex::new(source);
    let mut events: Vec<Spanned<'_>> =
        Parser::new_ext(source, parser_options(options.smart_punctuation))
            .into_offset_iter()
            .collect();
    if options.cjk_emphasis {
        events = emphasis::fix_cjk_emphasis(source, events);
    }
    if options.line_breaks == LineBreaks::Paragraph {
        events = linebreaks::split_paragraphs(events);
    }
    if options.cjk_soft_breaks {
        events = cjk::drop_cjk_soft_breaks(events);
    }
    let (drawn, blocks_failed) = blocks::draw_blocks(&mut events, &lines, blocks);
    let headings = headings::assign_heading_ids(&mut events, &lines);
    let links = links::rewrite_links(&mut events, &lines, rewrite);
    // The policy reads only the author's HTML: the figures and pictures are inserted after it,
    // as placeholders the sanitiser passes as text, and put in place once it has run.
    let (raw_html_removed, sanitize) = raw_html_policy(&mut events, options.raw_html, &lines);
    let mut inserted = figures::Inserted::for_source(source);
    let mut events = figures::rewrite_images(events, &links, images, &mut inserted);
    let split = more::remove_more_markers(&mut events);
    let finish = |html: String| {
        let html = if sanitize {
            raw_html::sanitize(&html)
        } else {
            html
        };
        blocks::put_back(inserted.restore(html), &drawn, false)
    };
    let summary_html = split
        .as_ref()
        .map(|split| finish(to_html(more::summary_events(&events, split))));
    Rendered {
        text: blocks::put_back(plain::plain_text(&events), &drawn, true),
        html: finish(to_html(events)),
        summary_html,
        headings,
        links,
        raw_html_removed,
        blocks_failed,
    }
}

/// Applies `policy` to the raw HTML among `events`: what is (or will be) removed, and whether
/// the rendered HTML must go through the sanitiser (only when there is raw HTML to clean).
fn raw_html_policy(
    events: &mut Vec<Spanned<'_>>,
    policy: RawHtml,
    lines: &position::LineIndex<'_>,
) -> (Vec<Removal>, bool) {
    let is_raw = |event: &Event<'_>| matches!(event, Event::Html(_) | Event::InlineHtml(_));
    match policy {
        RawHtml::Allow => (Vec::new(), false),
        RawHtml::Strip => {
            let mut removed = Vec::new();
            events.retain(|(event, range)| {
                if let Event::Html(text) = event
                    && more::is_marker_html(text)
                {
                    // The summary marker is read (and removed) after this.
                    return true;
                }
                if let Event::Html(text) | Event::InlineHtml(text) = event
                    && !text.trim().is_empty()
                {
                    let line = lines.line_col(range.start).0;
                    removed.push(Removal {
                        line,
                        what: text.trim().chars().take(40).collect(),
                    });
                }
                !is_raw(event)
            });
            (removed, false)
        }
        RawHtml::Safe => {
            let removed: Vec<Removal> = events
                .iter()
                .filter_map(|(event, range)| match event {
                    Event::Html(text) | Event::InlineHtml(text) => {
                        Some(raw_html::removals(text, lines.line_col(range.start).0))
                    }
                    _ => None,
                })
                .flatten()
                .collect();
            let any = events.iter().any(|(event, _)| is_raw(event));
            (removed, any)
        }
    }
}

fn to_html(events: Vec<Spanned<'_>>) -> String {
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter().map(|(event, _)| event));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(_: &str) -> LinkRewrite {
        LinkRewrite::Keep
    }

    fn html(source: &str) -> String {
        render(source, &MarkdownOptions::default(), &keep).html
    }

    fn html_with(source: &str, options: &MarkdownOptions) -> String {
        render(source, options, &keep).html
    }

    fn plain_pulldown(source: &str, smart: bool) -> String {
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(source, parser_options(smart)));
        out
    }

    #[test]
    fn defaults() {
        let o = MarkdownOptions::default();
        assert!(!o.smart_punctuation && o.cjk_soft_breaks && o.cjk_emphasis);
    }

    #[test]
    fn soft_break_between_cjk_is_dropped() {
        assert_eq!(html("第一行\n第二行"), "<p>第一行第二行</p>\n");
        assert_eq!(html("第一句，\n第二句。"), "<p>第一句，第二句。</p>\n");
        assert_eq!(
            html("**第一行**\n第二行"),
            "<p><strong>第一行</strong>第二行</p>\n"
        );
        assert_eq!(html("他说：“好”\n然后"), "<p>他说：“好”然后</p>\n");
    }

    #[test]
    fn soft_break_next_to_latin_is_kept() {
        assert_eq!(html("中文\nEnglish"), "<p>中文\nEnglish</p>\n");
        assert_eq!(html("English\n中文"), "<p>English\n中文</p>\n");
        assert_eq!(html("English\nwords"), "<p>English\nwords</p>\n");
        assert_eq!(html("中文  \n硬换行"), "<p>中文<br />\n硬换行</p>\n");
    }

    #[test]
    fn soft_break_option_off_keeps_breaks() {
        let options = MarkdownOptions {
            cjk_soft_breaks: false,
            ..MarkdownOptions::default()
        };
        assert_eq!(
            html_with("第一行\n第二行", &options),
            "<p>第一行\n第二行</p>\n"
        );
    }

    #[test]
    fn cjk_emphasis_examples() {
        let cases = [
            ("**注意：**正文", "<p><strong>注意：</strong>正文</p>\n"),
            (
                "这是**“重要”**内容",
                "<p>这是<strong>“重要”</strong>内容</p>\n",
            ),
            ("**中文。**后面", "<p><strong>中文。</strong>后面</p>\n"),
            (
                "~~删除（括号）。~~继续",
                "<p><del>删除（括号）。</del>继续</p>\n",
            ),
            ("*强调：*文字", "<p><em>强调：</em>文字</p>\n"),
        ];
        for (source, expected) in cases {
            assert_eq!(html(source), expected, "{source:?}");
        }
    }

    #[test]
    fn cjk_emphasis_option_off_matches_pulldown() {
        let options = MarkdownOptions {
            cjk_emphasis: false,
            cjk_soft_breaks: false,
            ..MarkdownOptions::default()
        };
        let source = "**注意：**正文";
        assert_eq!(html_with(source, &options), plain_pulldown(source, false));
        assert_eq!(html_with(source, &options), "<p>**注意：**正文</p>\n");
    }

    #[test]
    fn chinese_without_emphasis_is_identical_either_way() {
        let source = "## 一、基本情况\n\n工作组于三月进驻，走访农户（共 120 户）。\n\n\
                      - 完成“两不愁三保障”核查；\n- 召开座谈会 3 次。\n\n\
                      | 项目 | 进度 |\n|---|---|\n| 道路 | 80% |\n";
        let on = MarkdownOptions {
            cjk_soft_breaks: false,
            ..MarkdownOptions::default()
        };
        let off = MarkdownOptions {
            cjk_emphasis: false,
            ..on.clone()
        };
        assert_eq!(render(source, &on, &keep), render(source, &off, &keep));
    }

    #[test]
    fn ascii_documents_render_like_pulldown() {
        let source = "Some *emphasis*, **strong** and ~~gone~~ text.\n\
                      A `code*span*` and [a *link*](http://x.com/a*b*c).\n\n\
                      * list *item*\n* snake_case_name\n\n\
                      | a | b |\n|---|---|\n| *c* | 2*3*4 |\n\n\
                      Footnote[^1].\n\n[^1]: The *note*.\n\n- [x] done\n- [ ] todo\n";
        assert_eq!(html(source), plain_pulldown(source, false));
        let smart = MarkdownOptions {
            smart_punctuation: true,
            ..MarkdownOptions::default()
        };
        let quoted = "\"Quoted\" -- and 'single' ... *yes*";
        assert_eq!(html_with(quoted, &smart), plain_pulldown(quoted, true));
    }

    #[test]
    fn smart_punctuation_only_when_enabled() {
        assert_eq!(html("\"a\""), "<p>\"a\"</p>\n");
        let smart = MarkdownOptions {
            smart_punctuation: true,
            ..MarkdownOptions::default()
        };
        assert_eq!(html_with("\"a\"", &smart), "<p>“a”</p>\n");
    }

    #[test]
    fn headings_get_ids_and_records() {
        let source = "# 一、工作进展\n\n文字\n\n## 存在的问题：“三难” {#problems}\n\n\
                      ## 一、工作进展\n\n### Next Steps!\n\n## **注意：**事项\n";
        let rendered = render(source, &MarkdownOptions::default(), &keep);
        assert!(
            rendered
                .html
                .contains("<h1 id=\"一工作进展\">一、工作进展</h1>")
        );
        assert!(
            rendered
                .html
                .contains("<h2 id=\"problems\">存在的问题：“三难”</h2>")
        );
        assert!(
            rendered
                .html
                .contains("<h2 id=\"一工作进展-1\">一、工作进展</h2>")
        );
        assert!(
            rendered
                .html
                .contains("<h3 id=\"next-steps\">Next Steps!</h3>")
        );
        assert!(
            rendered
                .html
                .contains("<h2 id=\"注意事项\"><strong>注意：</strong>事项</h2>")
        );
        let summary: Vec<(u8, &str, &str, usize)> = rendered
            .headings
            .iter()
            .map(|h| (h.level, h.id.as_str(), h.title.as_str(), h.line))
            .collect();
        assert_eq!(
            summary,
            vec![
                (1, "一工作进展", "一、工作进展", 1),
                (2, "problems", "存在的问题：“三难”", 5),
                (2, "一工作进展-1", "一、工作进展", 7),
                (3, "next-steps", "Next Steps!", 9),
                (2, "注意事项", "注意：事项", 11),
            ]
        );
    }

    #[test]
    fn generated_ids_avoid_explicit_ones() {
        let rendered = render(
            "## 概况\n\n## 其他 {#概况}\n",
            &MarkdownOptions::default(),
            &keep,
        );
        let ids: Vec<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["概况-1", "概况"]);
    }

    #[test]
    fn empty_heading_slug_is_section() {
        let rendered = render("## ：：\n\n## ！\n", &MarkdownOptions::default(), &keep);
        let ids: Vec<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["section", "section-1"]);
    }

    #[test]
    fn links_are_recorded_and_rewritten() {
        let source = "见[通知](notice.md)和[外链](https://gov.cn)。\n\n  ![图](img/a.png)\n\n\
                      [ref]: other.md\n\n参见[参考][ref]。";
        let rewrite = |dest: &str| match dest.strip_suffix(".md") {
            Some(stem) => LinkRewrite::Replace(format!("/{stem}/")),
            None => LinkRewrite::Keep,
        };
        let rendered = render(source, &MarkdownOptions::default(), &rewrite);
        assert!(rendered.html.contains("<a href=\"/notice/\">通知</a>"));
        assert!(
            rendered
                .html
                .contains("<a href=\"https://gov.cn\">外链</a>")
        );
        assert!(
            rendered
                .html
                .contains("<img src=\"img/a.png\" alt=\"图\" />")
        );
        assert!(rendered.html.contains("<a href=\"/other/\">参考</a>"));
        let links: Vec<(&str, bool, usize, usize)> = rendered
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.is_image, l.line, l.col))
            .collect();
        assert_eq!(
            links,
            vec![
                ("notice.md", false, 1, 2),
                ("https://gov.cn", false, 1, 18),
                ("img/a.png", true, 3, 3),
                ("other.md", false, 7, 3),
            ]
        );
    }

    #[test]
    fn more_marker_splits_summary() {
        let source = "## 概况\n\n第一段[链接](a.md)。\n\n<!--  more -->\n\n第二段。\n";
        let rewrite = |_: &str| LinkRewrite::Replace("/a/".into());
        let rendered = render(source, &MarkdownOptions::default(), &rewrite);
        assert_eq!(
            rendered.summary_html.as_deref(),
            Some("<h2 id=\"概况\">概况</h2>\n<p>第一段<a href=\"/a/\">链接</a>。</p>\n")
        );
        assert_eq!(
            rendered.html,
            "<h2 id=\"概况\">概况</h2>\n<p>第一段<a href=\"/a/\">链接</a>。</p>\n<p>第二段。</p>\n"
        );
        assert!(!rendered.text.contains("more"));
    }

    #[test]
    fn more_marker_absent_or_nested() {
        assert_eq!(
            render("没有标记。", &MarkdownOptions::default(), &keep).summary_html,
            None
        );
        assert_eq!(
            render(
                "<!-- not more -->\n\n正文",
                &MarkdownOptions::default(),
                &keep
            )
            .summary_html,
            None
        );
        let nested = render(
            "> 引用\n>\n> <!--more-->\n>\n> 后文",
            &MarkdownOptions::default(),
            &keep,
        );
        assert_eq!(
            nested.summary_html.as_deref(),
            Some("<blockquote>\n<p>引用</p>\n</blockquote>\n")
        );
    }

    #[test]
    fn plain_text_of_body() {
        let source = "# 标题\n\n第一段**加粗**和`代码`，\n续行。\n\n\
                      <div>html block</div>\n\n\
                      | 项目 | 说明 |\n|---|---|\n| 甲 | 乙 |\n\n\
                      English\ntext[^n].\n\n[^n]: 注释内容。\n";
        let rendered = render(source, &MarkdownOptions::default(), &keep);
        assert_eq!(
            rendered.text,
            "标题\n第一段加粗和代码，续行。\n项目 说明\n甲 乙\nEnglish\ntext.\n注释内容。"
        );
    }
}
