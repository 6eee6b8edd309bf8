//! Plain text (.txt) and Markdown (.md) sources.
//!
//! Text pasted from Word or WPS arrives one line per paragraph with `　　` indentation, in UTF-8
//! (with or without a byte-order mark), UTF-16, or GBK/GB18030 when saved by Notepad on a
//! Chinese Windows. The encoding is detected and always reported when it is not plain UTF-8;
//! bytes that fit none of them are refused rather than guessed.

use super::blocks::{Block, Document, Paragraph};
pub use crate::encoding::{Encoding, decode};

/// Pasted text: every non-empty line is a paragraph, as Word and WPS copy it.
pub fn read_text(text: &str) -> Document {
    let blocks = text
        .lines()
        .filter(|line| {
            !line
                .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
                .is_empty()
        })
        .map(|line| Block::Paragraph(Paragraph::text(line)))
        .collect();
    Document {
        blocks,
        ..Document::default()
    }
}

/// A Markdown file: its front matter (when it has one) and its body, and the title it shows.
pub struct MarkdownSource {
    /// The YAML between the `---` lines, when present.
    pub front: Option<String>,
    pub body: String,
    /// The first `# ` heading, which becomes the title when there is no front matter.
    pub heading: Option<String>,
}

/// Splits a Markdown file; a first `# ` heading becomes the title and leaves the body.
pub fn read_markdown(text: &str) -> MarkdownSource {
    if let Some(rest) = text.strip_prefix("---\n")
        && let Some(end) = rest
            .find("\n---\n")
            .or_else(|| rest.ends_with("\n---").then(|| rest.len() - 4))
    {
        let front = rest[..end].to_string();
        let body = rest.get(end + 5..).unwrap_or("").to_string();
        return MarkdownSource {
            front: Some(front),
            body,
            heading: None,
        };
    }
    let mut lines = text.lines();
    let first = lines.by_ref().find(|l| !l.trim().is_empty());
    match first.and_then(|l| l.strip_prefix("# ")) {
        Some(heading) => MarkdownSource {
            front: None,
            body: lines
                .collect::<Vec<_>>()
                .join("\n")
                .trim_start()
                .to_string()
                + "\n",
            heading: Some(heading.trim().to_string()),
        },
        None => MarkdownSource {
            front: None,
            body: text.to_string(),
            heading: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nonempty_line_is_a_paragraph() {
        let doc = read_text("标题\n\n　　第一段。\n第二段。\n");
        assert_eq!(doc.blocks.len(), 3);
    }

    #[test]
    fn markdown_heading_becomes_title() {
        let md = read_markdown("# 通知\n\n正文。\n");
        assert_eq!(md.heading.as_deref(), Some("通知"));
        assert_eq!(md.body, "正文。\n");
        let md = read_markdown("---\ntitle: 甲\n---\n正文\n");
        assert_eq!(md.front.as_deref(), Some("title: 甲"));
        assert_eq!(md.body, "正文\n");
    }
}
