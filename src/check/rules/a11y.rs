//! Accessibility (GB/T 37668-2019, WCAG 2.1 AA): `image-alt`, `heading-skip`,
//! `link-text` (all warnings).
//!
//! - **image-alt**: `![](x.png)` / `![ ](x.png)` / `![][ref]`, and `<img>` without an
//!   `alt` attribute. `<img alt="">` is an explicit decorative image and passes;
//!   Markdown has no way to say "decorative", so an empty `![]` is always reported.
//! - **heading-skip**: a heading more than one level deeper than the previous heading
//!   (`#` then `###`). The first heading may have any level (pages often start at `##`
//!   under the template's `<h1>`); going back up is always fine. ATX and setext headings.
//! - **link-text**: links whose whole text says nothing about the target — `点击这里`,
//!   `这里`, `点击`, `更多`, `click here`, `here` and close variants — in Markdown links
//!   and `<a>` elements.
//!
//! Link text and `alt` are read from the original text (masking blanks destinations
//! and tags); a match is used only when it does not start inside code or a comment.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts, char_before};

static MD_IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!\[([^\]\n]*)\]\s?[(\[]").expect("constant regex"));
static HTML_IMG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<img\b[^>]*>").expect("constant regex"));
static ALT_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\salt\s*=").expect("constant regex"));
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]\n]{1,80})\][(\[]").expect("constant regex"));
static HTML_A: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<a\b[^>]*>([^<]{0,80})</a\s*>").expect("constant regex"));

/// Link texts that do not describe their target (compared after normalisation).
const VAGUE_LINK_TEXT: &[&str] = &[
    "点击这里",
    "点这里",
    "这里",
    "点击",
    "点此",
    "点击此处",
    "此处",
    "请点击",
    "请点击这里",
    "点击查看",
    "更多",
    "查看更多",
    "链接",
    "click here",
    "click",
    "here",
    "more",
    "read more",
    "link",
];

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    image_alt(ctx, out);
    headings(ctx, out);
    link_text(ctx, out);
}

fn image_alt(ctx: &Ctx, out: &mut Vec<Hit>) {
    let orig = ctx.original;
    if orig.contains("![") {
        for c in MD_IMAGE.captures_iter(orig) {
            let (Some(m), Some(alt)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if ctx.masked.kind_at(m.start()).is_some() || char_before(orig, m.start()) == Some('\\')
            {
                continue;
            }
            if alt.as_str().trim().is_empty() {
                out.push(alt_hit(m.start(), m.as_str().trim_end_matches(['(', '['])));
            }
        }
    }
    if orig.contains("<img") || orig.contains("<IMG") {
        for m in HTML_IMG.find_iter(orig) {
            // A real tag is masked as an HTML tag; inside code it is masked as code.
            if ctx.masked.kind_at(m.start()) != Some(super::MaskKind::HtmlTag) {
                continue;
            }
            if !ALT_ATTR.is_match(m.as_str()) {
                out.push(alt_hit(m.start(), m.as_str()));
            }
        }
    }
}

fn alt_hit(offset: usize, matched: &str) -> Hit {
    Hit::new(
        offset,
        "image-alt",
        matched,
        Texts {
            message_zh: "图片缺少替代文本（alt）".into(),
            message_en: "Image without alternative text (alt)".into(),
            hint_zh: "在 ![ ] 中写明图片内容，如 ![驻村工作队入户走访](x.jpg)；纯装饰图片用 <img alt=\"\">".into(),
            hint_en: "Describe the image inside ![ ], e.g. ![work team visiting households](x.jpg); use <img alt=\"\"> for decoration".into(),
        },
    )
}

fn headings(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    let mut prev_level: Option<usize> = None;
    let mut prev_line: Option<&str> = None;
    let mut prev_start = 0;
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = |l: &str| l.len() - l.trim_start().len();
        let heading = atx_level(line)
            .map(|l| (l, start + indent(line)))
            // A setext heading's text is the line above the underline.
            .or_else(|| {
                setext_level(line, prev_line).map(|l| (l, prev_start + prev_line.map_or(0, indent)))
            });
        prev_line = Some(line);
        prev_start = start;
        let Some((level, at)) = heading else { continue };
        if let Some(prev) = prev_level
            && level > prev + 1
        {
            let shown = ctx.original[at..]
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            out.push(Hit::new(
                at,
                "heading-skip",
                shown,
                Texts {
                    message_zh: format!("标题层级跳级：从 {prev} 级直接到 {level} 级"),
                    message_en: format!("Heading level jumps from {prev} to {level}"),
                    hint_zh: format!("改为 {} 级标题，或补上中间层级", prev + 1),
                    hint_en: format!("Use a level-{} heading or add the missing level", prev + 1),
                },
            ));
        }
        prev_level = Some(level);
    }
}

fn atx_level(line: &str) -> Option<usize> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let n = t.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&n) && matches!(t.as_bytes().get(n), None | Some(b' ' | b'\t'))).then_some(n)
}

/// `===` / `---` under a paragraph line makes it a level 1 / 2 heading.
fn setext_level(line: &str, prev: Option<&str>) -> Option<usize> {
    let prev = prev?.trim();
    let t = line.trim();
    if t.is_empty() || line.len() - line.trim_start().len() > 3 || prev.is_empty() {
        return None;
    }
    let level = if t.bytes().all(|b| b == b'=') {
        1
    } else if t.bytes().all(|b| b == b'-') {
        2
    } else {
        return None;
    };
    // A list item, quote, table row or heading above is not a paragraph.
    let b = prev.as_bytes();
    let starts_other = matches!(b[0], b'#' | b'>' | b'|' | b'-' | b'*' | b'+' | b'=')
        || (b[0].is_ascii_digit()
            && prev.contains(['.', ')'])
            && prev
                .split(['.', ')'])
                .next()
                .is_some_and(|d| d.bytes().all(|c| c.is_ascii_digit())));
    (!starts_other).then_some(level)
}

fn link_text(ctx: &Ctx, out: &mut Vec<Hit>) {
    let orig = ctx.original;
    if orig.contains('[') {
        for c in MD_LINK.captures_iter(orig) {
            let (Some(m), Some(label)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if ctx.masked.kind_at(m.start()).is_some() {
                continue;
            }
            if matches!(char_before(orig, m.start()), Some('!' | '\\')) {
                continue;
            }
            if is_vague(label.as_str()) {
                out.push(link_hit(m.start(), label.as_str()));
            }
        }
    }
    if orig.contains("<a") || orig.contains("<A") {
        for c in HTML_A.captures_iter(orig) {
            let (Some(m), Some(label)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if ctx.masked.kind_at(m.start()) == Some(super::MaskKind::HtmlTag)
                && is_vague(label.as_str())
            {
                out.push(link_hit(m.start(), label.as_str()));
            }
        }
    }
}

fn is_vague(label: &str) -> bool {
    let norm: String = label
        .trim()
        .trim_matches(['*', '_', '~'])
        .trim_end_matches(['>', '»', '›', '…', '。', '.', ':', '：', ' ', '\u{3000}'])
        .trim()
        .to_lowercase();
    !norm.is_empty() && VAGUE_LINK_TEXT.contains(&norm.as_str())
}

fn link_hit(offset: usize, label: &str) -> Hit {
    let label = label.trim();
    Hit::new(
        offset,
        "link-text",
        label,
        Texts {
            message_zh: format!("链接文字“{label}”没有说明链接去向"),
            message_en: format!("Link text \"{label}\" does not say where the link goes"),
            hint_zh: "用目标的标题作链接文字，如 [《关于做好2026年驻村工作的通知》](…)".into(),
            hint_en: "Use the target's title as the link text".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn rule(s: &str, rule: &str) -> Vec<(usize, usize, String)> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| (f.line, f.col, f.matched))
            .collect()
    }

    #[test]
    fn image_alt() {
        assert_eq!(
            rule("图：![](photo.jpg)", "image-alt"),
            [(1, 3, "![]".to_string())]
        );
        assert_eq!(rule("![ ][ref]", "image-alt").len(), 1);
        assert_eq!(rule("<img src=\"a.png\">", "image-alt").len(), 1);
        for s in [
            "![驻村工作队入户走访](photo.jpg)",
            "<img src=\"a.png\" alt=\"村容村貌\">",
            "<img src=\"line.png\" alt=\"\">",
            "`![](x.png)`",
            "```\n<img src=\"a.png\">\n```",
            "\\![](x.png)",
        ] {
            assert!(rule(s, "image-alt").is_empty(), "{s}");
        }
    }

    #[test]
    fn heading_skip() {
        assert_eq!(
            rule("# 一\n\n### 三", "heading-skip"),
            [(3, 1, "### 三".to_string())]
        );
        assert_eq!(rule("## 二\n\n#### 四", "heading-skip").len(), 1);
        assert_eq!(rule("标题\n===\n\n### 三", "heading-skip").len(), 1);
        for s in [
            "## 二\n\n### 三\n\n## 二\n\n# 一\n\n## 二",
            "### 第一个标题可以是任意级别",
            "```\n# 一\n### 三\n```",
            "# 一\n\n正文\n---\n",
            "# 一\n\n- 列表\n---\n",
            "#话题 不是标题\n\n### 三",
        ] {
            assert!(rule(s, "heading-skip").is_empty(), "{s}");
        }
    }

    #[test]
    fn link_text() {
        assert_eq!(
            rule("详情[点击这里](https://www.gov.cn/a)", "link-text"),
            [(1, 3, "点击这里".to_string())]
        );
        assert_eq!(rule("[更多>>](list.html)", "link-text").len(), 1);
        assert_eq!(rule("[Click Here](a.html)", "link-text").len(), 1);
        assert_eq!(rule("<a href=\"a.html\">这里</a>", "link-text").len(), 1);
        assert_eq!(rule("[here][1]\n\n[1]: a.html", "link-text").len(), 1);
        for s in [
            "[《清水县2026年驻村工作要点》](a.html)",
            "[点击这里查看《通知》全文](a.html)",
            "![这里](a.png)",
            "`[这里](a.html)`",
            "这里[^1]",
        ] {
            assert!(rule(s, "link-text").is_empty(), "{s}");
        }
    }
}
