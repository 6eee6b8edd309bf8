//! Fenced code blocks the caller draws itself (```` ```table data/x.csv ````): the caller's hook
//! turns the block into HTML, which goes into the page after raw HTML was sanitised, so the
//! sanitiser never sees (or strips) markup the caller generated, and markup an author wrote is
//! still cleaned.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::Spanned;
use super::position::LineIndex;

/// A fenced code block offered to the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FencedBlock<'a> {
    /// The info string after the fence: `table data/income.csv`.
    pub info: &'a str,
    /// The lines between the fences.
    pub body: String,
    /// 1-based line of the opening fence.
    pub line: usize,
}

/// What the caller made of a block: its HTML, and its plain text for search and summaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    pub html: String,
    pub text: String,
}

/// A block the caller took but could not draw: what is wrong, in Chinese and English (the
/// caller's words; markdown only places them). The block stays a code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    /// 1-based line of the opening fence.
    pub line: usize,
    pub zh: String,
    pub en: String,
}

/// The hook: `None` leaves the block an ordinary code block; `Some(Err((zh, en)))` too, and
/// the message is kept in [`super::Rendered::blocks_failed`].
pub type BlockHook<'h> = &'h dyn Fn(&FencedBlock<'_>) -> Option<Result<Drawn, (String, String)>>;

/// Where a drawn block stands in the HTML until [`put_back`]: a text no author writes (two
/// Unicode noncharacters around its number), which HTML escaping and the sanitiser keep as it is.
fn marker(n: usize) -> String {
    format!("\u{FDD0}{n}\u{FDD1}")
}

/// Replaces each fenced block the hook draws with a marker; returns the drawings in order and
/// the blocks it could not draw.
pub(crate) fn draw_blocks(
    events: &mut Vec<Spanned<'_>>,
    lines: &LineIndex<'_>,
    hook: BlockHook<'_>,
) -> (Vec<Drawn>, Vec<Failed>) {
    let mut drawn = Vec::new();
    let mut failed = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    let mut iter = std::mem::take(events).into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &event else {
            out.push((event, range));
            continue;
        };
        let info = info.clone();
        let mut inner = Vec::new();
        for (e, r) in iter.by_ref() {
            let end = matches!(e, Event::End(TagEnd::CodeBlock));
            inner.push((e, r));
            if end {
                break;
            }
        }
        let body: String = (inner.iter())
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let block = FencedBlock {
            info: info.as_ref(),
            body,
            line: lines.line_col(range.start).0,
        };
        match hook(&block) {
            Some(Ok(figure)) => {
                out.push((Event::Text(CowStr::from(marker(drawn.len()))), range));
                drawn.push(figure);
            }
            outcome => {
                if let Some(Err((zh, en))) = outcome {
                    failed.push(Failed {
                        line: block.line,
                        zh,
                        en,
                    });
                }
                out.push((event, range));
                out.extend(inner);
            }
        }
    }
    *events = out;
    (drawn, failed)
}

/// Puts each drawing where its marker stands in `text` (HTML, or plain text with `plain`).
pub(crate) fn put_back(text: String, drawn: &[Drawn], plain: bool) -> String {
    if drawn.is_empty() {
        return text;
    }
    let mut text = text;
    for (n, figure) in drawn.iter().enumerate() {
        let with = if plain { &figure.text } else { &figure.html };
        text = text.replace(&marker(n), with);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::{LinkRewrite, MarkdownOptions, render_with};
    use super::*;

    fn draw(block: &FencedBlock<'_>) -> Option<Result<Drawn, (String, String)>> {
        if block.info == "chart bad" {
            return Some(Err(("坏".into(), "bad".into())));
        }
        block.info.starts_with("chart").then(|| {
            Ok(Drawn {
                html: format!("<svg role=\"img\"><title>{}</title></svg>", block.line),
                text: format!("图{}", block.body.trim()),
            })
        })
    }

    fn render(source: &str) -> super::super::Rendered {
        render_with(
            source,
            &MarkdownOptions::default(),
            &|_| LinkRewrite::Keep,
            &|_| None,
            &draw,
        )
    }

    #[test]
    fn a_drawn_block_survives_the_sanitiser_and_author_markup_does_not() {
        let out = render(
            "<span onclick=\"x()\">甲</span>\n\n```chart bar\n收入\n```\n\n<script>x()</script>\n",
        );
        assert!(
            out.html
                .contains("<svg role=\"img\"><title>3</title></svg>"),
            "{}",
            out.html
        );
        assert!(
            !out.html.contains("onclick") && !out.html.contains("<script"),
            "{}",
            out.html
        );
        assert!(out.text.contains("图收入"), "{}", out.text);
    }

    #[test]
    fn a_block_that_cannot_be_drawn_stays_code_and_is_reported() {
        let out = render("段落\n\n```chart bad\nx: 1\n```\n");
        assert!(
            out.html
                .contains("<pre><code class=\"language-chart\">x: 1"),
            "{}",
            out.html
        );
        assert_eq!(
            out.blocks_failed,
            [Failed {
                line: 3,
                zh: "坏".into(),
                en: "bad".into()
            }]
        );
    }

    #[test]
    fn other_code_blocks_stay_code() {
        let out = render("```rust\nfn main() {}\n```\n");
        assert_eq!(
            out.html,
            "<pre><code class=\"language-rust\">fn main() {}\n</code></pre>\n"
        );
    }

    #[test]
    fn drawn_blocks_inside_a_list_keep_their_place() {
        let out = render("- 甲\n\n  ```chart line\n  一\n  ```\n- 乙\n");
        let figure = out.html.find("<svg").expect("drawn");
        assert!(out.html.find("甲").unwrap() < figure && figure < out.html.find("乙").unwrap());
    }
}
