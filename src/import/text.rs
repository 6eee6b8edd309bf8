//! Plain text (.txt) and Markdown (.md) sources.
//!
//! Text pasted from Word or WPS arrives one line per paragraph with `　　` indentation, in UTF-8
//! (with or without a byte-order mark), UTF-16, or GBK/GB18030 when saved by Notepad on a
//! Chinese Windows. The encoding is detected and always reported when it is not plain UTF-8;
//! bytes that fit none of them are refused rather than guessed.

use super::blocks::{Block, Document, Paragraph};
use crate::i18n::Text;

/// How the bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Gb18030,
}

impl Encoding {
    /// A note for the editor when the encoding was anything but plain UTF-8.
    pub fn note(self) -> Option<Text> {
        match self {
            Encoding::Utf8 => None,
            Encoding::Utf8Bom => Some(text!(
                "文件是带 BOM 的 UTF-8，已去掉 BOM",
                "the file is UTF-8 with a byte-order mark; the mark was removed"
            )),
            Encoding::Utf16 => Some(text!(
                "文件是 UTF-16（Unicode）编码，已转为 UTF-8",
                "the file is UTF-16 (\"Unicode\") encoded; it was converted to UTF-8"
            )),
            Encoding::Gb18030 => Some(text!(
                "文件识别为 GBK/GB18030 编码，已转为 UTF-8；请核对页面上的文字",
                "the file was recognised as GBK/GB18030 and converted to UTF-8; check the page's text"
            )),
        }
    }
}

/// Decodes a text file; CRLF and CR become LF.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), Text> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8(rest)?, Encoding::Utf8Bom)
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, errors) = encoding_rs::UTF_16LE.decode(bytes);
        if errors {
            return Err(unreadable());
        }
        (text.into_owned(), Encoding::Utf16)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_string(), Encoding::Utf8)
    } else {
        let (text, errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        let chinese = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if errors || !chinese {
            return Err(unreadable());
        }
        (text.into_owned(), Encoding::Gb18030)
    };
    Ok((text.replace("\r\n", "\n").replace('\r', "\n"), encoding))
}

fn utf8(bytes: &[u8]) -> Result<String, Text> {
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|_| unreadable())
}

fn unreadable() -> Text {
    text!(
        "无法识别文件的编码（不是 UTF-8、UTF-16 或 GBK）。请用记事本或 WPS 打开后“另存为”，编码选“UTF-8”",
        "the file's encoding is not recognised (not UTF-8, UTF-16 or GBK). Open it in Notepad or WPS and \"Save as\" with encoding \"UTF-8\""
    )
}

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
    fn encodings_are_detected_and_named() {
        let (gbk, _, _) = encoding_rs::GBK.encode("关于做好冬季培训的通知\r\n正文。");
        let (text, enc) = decode(&gbk).expect("gbk");
        assert_eq!(enc, Encoding::Gb18030);
        assert_eq!(text, "关于做好冬季培训的通知\n正文。");
        assert!(enc.note().is_some());
        let (text, enc) = decode("\u{feff}通知".as_bytes()).expect("bom");
        assert_eq!((text.as_str(), enc), ("通知", Encoding::Utf8Bom));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("通知\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            decode(&utf16).expect("utf-16"),
            ("通知\n".to_string(), Encoding::Utf16)
        );
        assert!(decode(&[0xff, 0x00, 0x81]).is_err());
    }

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
