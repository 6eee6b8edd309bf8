//! Bytes of a content file into text, or a clear word on why they are not UTF-8.
//!
//! Editors on Windows save with a byte-order mark, with CRLF line ends, or in GBK. The first two
//! are accepted silently; GBK (and UTF-16) are refused with how to convert, because guessing an
//! encoding and publishing mojibake is worse than stopping.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Reads and decodes the source file `file` (relative to the site folder `root`, as diagnostics
/// show it) again after loading, for `check`'s text rules, which need the text as written.
pub fn read_text(root: &Path, file: &Path) -> Result<String, Diagnostic> {
    match std::fs::read(root.join(file)) {
        Ok(bytes) => decode(&bytes, file),
        Err(err) => Err(Diagnostic::error(file, "read", {
            let crate::i18n::Text { zh, en } = crate::i18n::os_error(&err);
            text!("无法读取文件：{zh}", "cannot read the file: {en}")
        })),
    }
}

/// Decodes a text file: strips a UTF-8 BOM, turns CRLF and lone CR into LF.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(
            path,
            "encoding",
            text!(
                "文件是 UTF-16（Unicode）编码，不是 UTF-8",
                "the file is UTF-16 (\"Unicode\") encoded, not UTF-8"
            ),
        )
        .at_line(1)
        .with_hint(convert_hint(path)));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalize_newlines(text)),
        Err(err) => Err(not_utf8(bytes, err.valid_up_to(), path)),
    }
}

fn not_utf8(bytes: &[u8], valid_up_to: usize, path: &Path) -> Diagnostic {
    let line = 1 + bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count();
    let (decoded, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    let looks_gbk = !had_errors
        && decoded
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let message = if looks_gbk {
        text!(
            "文件是 GBK（GB2312/GB18030）编码，jianbao 只读 UTF-8",
            "the file is GBK (GB2312/GB18030) encoded; jianbao reads UTF-8 only"
        )
    } else {
        text!(
            "文件不是 UTF-8 文本（从第 {line} 行起有无法识别的字节）",
            "the file is not UTF-8 text (unreadable bytes from line {line})"
        )
    };
    Diagnostic::error(path, "encoding", message)
        .at_line(line)
        .with_hint(convert_hint(path))
}

fn convert_hint(path: &Path) -> crate::i18n::Text {
    let name = path.display();
    text!(
        "用记事本或 WPS 打开后“另存为”，编码选“UTF-8”；或在命令行运行 `iconv -f GBK -t UTF-8 {name} -o {name}.utf8` 再替换原文件",
        "open it in Notepad or WPS and \"Save as\" with encoding \"UTF-8\", or run `iconv -f GBK -t UTF-8 {name} -o {name}.utf8` and replace the file"
    )
}

fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode(b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\n", Path::new("a.md")).unwrap();
        assert_eq!(text, "---\ntitle: a\n---\n");
    }

    #[test]
    fn gbk_is_named_with_the_line() {
        let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 测试\n---\n");
        let err = decode(&gbk, Path::new("a.md")).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.en.contains("GBK"));
        assert!(err.hint.unwrap().zh.contains("UTF-8"));
    }

    #[test]
    fn random_bytes_are_not_called_gbk() {
        let err = decode(b"abc\n\xFF\xFF\xFF", Path::new("a.md")).unwrap_err();
        assert!(err.message.en.contains("not UTF-8"));
    }

    #[test]
    fn utf16_is_refused() {
        assert!(decode(b"\xFF\xFEa\x00", Path::new("a.md")).is_err());
    }
}
