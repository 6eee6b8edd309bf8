//! The .docx container: a zip of XML parts and media, opened defensively.
//!
//! A .docx is refused with a clear reason when it is not a zip at all, when it is an encrypted
//! (password-protected) document — Office stores those as an OLE compound file, not a zip — or
//! when its parts would decompress to more than [`MAX_UNPACKED`] bytes in total (a zip bomb).
//! Part names are resolved inside the package only; a relationship that points elsewhere is
//! reported by the caller, never followed.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use crate::i18n::Text;

/// The most a document may decompress to, all parts and pictures together: 256 MiB. A real
/// document with a hundred phone photos stays well below; a zip bomb is stopped here.
pub const MAX_UNPACKED: u64 = 256 * 1024 * 1024;

/// The signature of an OLE compound file: old .doc/.wps, and encrypted Office documents.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An opened .docx package.
pub struct Package {
    archive: ZipArchive<Cursor<Vec<u8>>>,
    unpacked: u64,
    limit: u64,
}

impl Package {
    /// Opens the bytes of a .docx file.
    pub fn open(bytes: Vec<u8>) -> Result<Package, Text> {
        Package::with_limit(bytes, MAX_UNPACKED)
    }

    /// Opens with another decompressed-size limit (tests use a small one).
    pub fn with_limit(bytes: Vec<u8>, limit: u64) -> Result<Package, Text> {
        if bytes.starts_with(OLE_MAGIC) {
            return Err(ole_reason(&bytes));
        }
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|err| {
            text!(
                "文件已损坏，不是有效的 .docx（无法作为 zip 读取：{err}）",
                "the file is damaged and not a valid .docx (cannot be read as a zip: {err})"
            )
        })?;
        Ok(Package {
            archive,
            unpacked: 0,
            limit,
        })
    }

    /// Whether a part exists.
    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// Names of the parts inside a folder of the package, sorted.
    pub fn names_under(&self, folder: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .archive
            .file_names()
            .flatten()
            .filter(|n| n.starts_with(folder) && !n.ends_with('/'))
            .map(|n| n.into_owned())
            .collect();
        names.sort();
        names
    }

    /// A part's bytes, counted against [`MAX_UNPACKED`] as they are inflated (the sizes in the
    /// zip's directory are not trusted).
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, Text> {
        let budget = self.limit.saturating_sub(self.unpacked);
        let entry = self.archive.by_name(name).map_err(|err| {
            text!(
                "文件已损坏：无法读取其中的 {name}（{err}）",
                "the file is damaged: cannot read its part {name} ({err})"
            )
        })?;
        // The declared size refuses an honest bomb at once; the count below catches a lying one.
        if entry.size() > budget {
            return Err(too_big(self.limit));
        }
        let mut bytes = Vec::new();
        entry
            .take(budget + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| {
                text!(
                    "文件已损坏：{name} 无法解压（{err}）",
                    "the file is damaged: {name} cannot be decompressed ({err})"
                )
            })?;
        self.unpacked += bytes.len() as u64;
        if self.unpacked > self.limit {
            return Err(too_big(self.limit));
        }
        Ok(bytes)
    }

    /// A part as UTF-8 text, or `None` when the document has no such part.
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, Text> {
        if !self.has(name) {
            return Ok(None);
        }
        let bytes = self.read(name)?;
        String::from_utf8(bytes).map(Some).map_err(|_| {
            text!(
                "文件已损坏：{name} 不是 UTF-8 XML",
                "the file is damaged: {name} is not UTF-8 XML"
            )
        })
    }
}

fn too_big(limit: u64) -> Text {
    let limit = limit / 1024 / 1024;
    text!(
        "解压后超过 {limit} MB，可能是“压缩炸弹”，已拒绝导入",
        "it decompresses to more than {limit} MB (a possible zip bomb) and was refused"
    )
}

/// Why an OLE compound file is not importable as .docx.
fn ole_reason(bytes: &[u8]) -> Text {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let encrypted = utf16("EncryptedPackage");
    if bytes
        .windows(encrypted.len())
        .any(|w| w == encrypted.as_slice())
    {
        text!(
            "文件设置了打开密码（已加密），无法导入。请在 Word 或 WPS 中取消密码（文件 → 信息/文档加密 → 清除密码）后另存为 .docx",
            "the document is password-protected (encrypted) and cannot be imported. Remove the password in Word or WPS (File → Info/Encrypt → clear it) and save as .docx again"
        )
    } else {
        text!(
            "文件其实是旧的 .doc/.wps 格式，只是扩展名为 .docx。请在 WPS 或 Word 中“文件 → 另存为”选择 .docx",
            "the file is really an old .doc/.wps document with a .docx name. Save it as .docx in WPS or Word (File → Save As)"
        )
    }
}

/// Resolves a relationship target against the folder of the part that holds it (`word/`),
/// or `None` when it leaves the package.
pub fn resolve_target(base_dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if let Some(absolute) = target.strip_prefix('/') {
        return normalise(absolute.split('/').collect());
    } else {
        base_dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    parts.extend(target.split('/'));
    normalise(parts)
}

fn normalise(parts: Vec<&str>) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for part in parts {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p if p.contains(['\\', ':']) => return None,
            p => out.push(p),
        }
    }
    (!out.is_empty()).then(|| out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_stay_inside_the_package() {
        assert_eq!(
            resolve_target("word", "media/image1.png").as_deref(),
            Some("word/media/image1.png")
        );
        assert_eq!(
            resolve_target("word", "../media/a.png").as_deref(),
            Some("media/a.png")
        );
        assert_eq!(resolve_target("word", "../../etc/passwd"), None);
        assert_eq!(resolve_target("word", "C:\\x.png"), None);
    }

    #[test]
    fn not_a_zip_is_damaged() {
        let err = Package::open(b"hello".to_vec()).err().expect("refused");
        assert!(err.en.contains("damaged"));
    }

    #[test]
    fn parts_over_the_decompressed_limit_are_refused() {
        let mut bytes = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("word/document.xml", options).expect("start");
            std::io::Write::write_all(&mut zip, &[b' '; 4096]).expect("write");
            zip.finish().expect("finish");
        }
        let mut package = Package::with_limit(bytes.clone(), 1 << 20).expect("opens");
        assert_eq!(
            package.read("word/document.xml").expect("small").len(),
            4096
        );
        let mut tight = Package::with_limit(bytes, 1000).expect("opens");
        let err = tight.read("word/document.xml").expect_err("over the limit");
        assert!(err.en.contains("zip bomb"));
    }

    #[test]
    fn ole_files_are_told_apart() {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(ole_reason(&bytes).en.contains("password"));
        assert!(ole_reason(OLE_MAGIC).en.contains("old .doc"));
    }
}
