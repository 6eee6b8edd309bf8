//! `line_breaks: paragraph`: every line of a paragraph is a paragraph of its own.
//!
//! Text copied from Word or WPS arrives one line per paragraph with no blank lines between, which
//! CommonMark joins into one paragraph. With this option a soft line break ends the paragraph and
//! starts the next, unless it falls inside emphasis or a link (splitting there would leave tags
//! unclosed); the full-width indentation `　　` at the start of the new paragraph goes, as the
//! theme indents paragraphs itself.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::Deserialize;

use super::Spanned;

/// How a single line break inside a paragraph is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineBreaks {
    /// CommonMark: lines join into one paragraph (a blank line separates paragraphs).
    #[default]
    Soft,
    /// Every non-empty line is a paragraph.
    Paragraph,
}

/// Splits paragraphs at their soft breaks.
pub(crate) fn split_paragraphs(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut out = Vec::with_capacity(events.len());
    // Open containers inside the current paragraph (emphasis, links …); `None` outside one.
    let mut inline_depth: Option<usize> = None;
    let mut trim_next = false;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Paragraph) => inline_depth = Some(0),
            Event::End(TagEnd::Paragraph) => inline_depth = None,
            Event::Start(_) => inline_depth = inline_depth.map(|d| d + 1),
            Event::End(_) => inline_depth = inline_depth.map(|d| d.saturating_sub(1)),
            Event::SoftBreak if inline_depth == Some(0) => {
                out.push((Event::End(TagEnd::Paragraph), range.clone()));
                out.push((Event::Start(Tag::Paragraph), range));
                trim_next = true;
                continue;
            }
            _ => {}
        }
        if trim_next {
            trim_next = false;
            if let Event::Text(text) = &event {
                let kept = text.trim_start_matches('\u{3000}');
                if kept.len() != text.len() {
                    out.push((Event::Text(CowStr::from(kept.to_string())), range));
                    continue;
                }
            }
        }
        out.push((event, range));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::markdown::{MarkdownOptions, render};

    fn html(source: &str) -> String {
        let options = MarkdownOptions {
            line_breaks: super::LineBreaks::Paragraph,
            ..MarkdownOptions::default()
        };
        render(source, &options, &|_| crate::markdown::LinkRewrite::Keep).html
    }

    #[test]
    fn every_line_becomes_a_paragraph() {
        assert_eq!(
            html("第一段。\n　　第二段。\n第三段。\n"),
            "<p>第一段。</p>\n<p>第二段。</p>\n<p>第三段。</p>\n"
        );
    }

    #[test]
    fn emphasis_across_lines_is_left_whole() {
        assert_eq!(html("**甲\n乙**\n"), "<p><strong>甲乙</strong></p>\n");
    }
}
