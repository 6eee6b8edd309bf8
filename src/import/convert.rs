//! Old and foreign word-processor formats (.doc, .wps, .odt, .rtf) converted to .docx with
//! LibreOffice, headless, into a temporary folder, when `soffice` is installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::i18n::Text;

/// Converts `source` to .docx inside `out_dir` and returns the new file.
pub fn to_docx(source: &Path, out_dir: &Path) -> Result<PathBuf, Text> {
    let name = source.display();
    // A private profile, so a LibreOffice already open on the desktop does not swallow the job.
    let profile = out_dir.join("profile");
    let profile_url = format!("file://{}", profile.display());
    let output = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile_url}"))
        .args([
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(out_dir)
        .arg(source)
        .output();
    let output = match output {
        Ok(output) => output,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(text!(
                "{name} 是旧格式文件，需要 LibreOffice 才能导入，但没有找到 soffice。请在 WPS 或 Word 中打开它，选“文件 → 另存为”，保存为 .docx 后再导入；或安装 LibreOffice",
                "{name} is in an old format that needs LibreOffice, and soffice was not found. Open it in WPS or Word, choose File → Save As, save it as .docx and import that; or install LibreOffice"
            ));
        }
        Err(err) => {
            return Err(text!(
                "无法运行 soffice 转换 {name}：{err}",
                "cannot run soffice to convert {name}: {err}"
            ));
        }
    };
    let stem = source.file_stem().unwrap_or_default();
    let converted = out_dir.join(stem).with_extension("docx");
    if output.status.success() && converted.is_file() {
        Ok(converted)
    } else {
        let detail = String::from_utf8_lossy(&output.stderr).trim().to_string();
        Err(text!(
            "LibreOffice 无法转换 {name}（文件可能已损坏或设置了密码）：{detail}",
            "LibreOffice could not convert {name} (the file may be damaged or password-protected): {detail}"
        ))
    }
}
