//! Which encoding a text file an editor saved is in: UTF-8 (with or without a byte-order mark),
//! UTF-16, or GBK/GB18030 as Notepad and Excel save on a Chinese Windows. The encoding is
//! detected and named, never guessed: bytes that fit none of them are refused. Used by `import`
//! for pasted text and by `figures` for CSV data files.

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
}
