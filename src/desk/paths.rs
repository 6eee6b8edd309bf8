//! Which files the desk may touch: paths confined to `content/` and `static/`, and names of
//! uploaded files made safe.
//!
//! A path from a request is relative to the site root, written with `/`, and must start with
//! `content/` or `static/`; `..`, `.`, empty segments, backslashes, drive letters, control
//! characters and absolute paths are refused rather than repaired. The existing part of the
//! path is then resolved on disk, so a symbolic link inside `content/` cannot lead out of it.

use std::path::{Component, Path, PathBuf};

use crate::i18n::Text;

/// The folders the desk may write into.
const ROOTS: &[&str] = &["content", "static"];

/// Extensions an upload may have: photos, and documents offered for download.
pub const UPLOAD_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "pdf", "docx", "xlsx", "doc", "xls", "ofd", "zip",
];

/// The site-relative path `requested` as a path under `root`, if it stays in `content/` or
/// `static/`.
pub fn confine(root: &Path, requested: &str) -> Result<PathBuf, Text> {
    let refused = || {
        text!(
            "路径 {requested} 不在 content/ 或 static/ 里，编辑台不能打开。",
            "the path {requested} is not inside content/ or static/; the desk cannot open it."
        )
    };
    let clean = !requested.is_empty()
        && !requested.starts_with('/')
        && !requested.contains('\\')
        && !requested.chars().any(char::is_control)
        && requested
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
        && Path::new(requested)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    let first = requested.split('/').next().unwrap_or_default();
    if !clean || !ROOTS.contains(&first) || requested.split('/').count() < 2 {
        return Err(refused());
    }
    let path = root.join(requested);
    let base = root.join(first).canonicalize().map_err(|_| refused())?;
    // The deepest part that exists must resolve inside its root folder.
    let existing = path.ancestors().find(|p| p.exists()).ok_or_else(refused)?;
    let resolved = existing.canonicalize().map_err(|_| refused())?;
    if resolved.starts_with(&base) {
        Ok(path)
    } else {
        Err(refused())
    }
}

/// A file name for an upload: its letters, digits (any script), `-`, `_` and one `.` before an
/// allowed extension kept, anything else turned into `-`. `None` for a name with no allowed
/// extension.
pub fn upload_name(name: &str) -> Option<String> {
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let (stem, extension) = name.rsplit_once('.')?;
    let extension = extension.to_ascii_lowercase();
    if !UPLOAD_EXTENSIONS.contains(&extension.as_str()) {
        return None;
    }
    let mut clean = String::new();
    for c in stem.chars().take(60) {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            clean.push(c);
        } else if !clean.ends_with('-') {
            clean.push('-');
        }
    }
    let clean = clean.trim_matches('-');
    let stem = if clean.is_empty() { "file" } else { clean };
    Some(format!("{stem}.{extension}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_in_content_and_static() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        std::fs::create_dir_all(root.join("static")).unwrap();
        assert!(confine(root, "content/news/a.md").is_ok());
        assert!(confine(root, "content/news/new-folder/index.md").is_ok());
        assert!(confine(root, "static/img/a.png").is_ok());
        for bad in [
            "",
            "content",
            "/etc/passwd",
            "content/../site.yaml",
            "content/news/../../site.yaml",
            "content/./a.md",
            "content//a.md",
            "content\\news\\a.md",
            "templates/page.html",
            "site.yaml",
            "C:/Windows/win.ini",
            "content/a\u{0}.md",
        ] {
            assert!(confine(root, bad).is_err(), "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_content_is_refused() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("content/out")).unwrap();
        assert!(confine(root, "content/out/a.md").is_err());
    }

    #[test]
    fn upload_names_are_made_safe() {
        assert_eq!(
            upload_name("村委会 合影.JPG"),
            Some("村委会-合影.jpg".into())
        );
        assert_eq!(upload_name("../../etc/x.png"), Some("x.png".into()));
        assert_eq!(
            upload_name("C:\\Users\\a\\报告.pdf"),
            Some("报告.pdf".into())
        );
        assert_eq!(upload_name(".png"), Some("file.png".into()));
        assert_eq!(upload_name("run.exe"), None);
        assert_eq!(upload_name("index.md"), None);
        assert_eq!(upload_name("noextension"), None);
    }
}
