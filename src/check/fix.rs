//! `jianbao check --fix`: the safe mechanical repairs, written back to the files.
//!
//! In text, only two kinds of change are made, both in the Markdown body and never in front matter,
//! code blocks, code spans, HTML or URLs (the body is masked first, as for the rules):
//! half-width `,;:!?` (and a sentence-final `.`, and `(一)` brackets) in Chinese context
//! become full-width, and the brackets of a document number's year become `〔〕`. Each file is
//! rewritten atomically (a temporary file in the same folder, then a rename), so an
//! interrupted run leaves either the old file or the new one. Files that are not UTF-8 are
//! left alone; `check` reports their findings as usual.
//!
//! Photos whose originals carry the place they were taken (`image-gps`) lose it: a JPEG's GPS
//! block is emptied in place (`images::without_position`), nothing else in the file changes,
//! and the file is replaced atomically too. Other formats are left as they are and named.

use std::path::{Path, PathBuf};

use super::rules;
use crate::content;

/// One file `--fix` changed, with its lines before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedFile {
    /// Relative to the site folder.
    pub path: PathBuf,
    /// `(file line, old line, new line)` for every changed line.
    pub lines: Vec<(usize, String, String)>,
}

impl FixedFile {
    /// A unified-diff-like listing of the change.
    pub fn diff(&self) -> String {
        let mut out = format!("--- {0}\n+++ {0}\n", self.path.display());
        for (line, old, new) in &self.lines {
            out.push_str(&format!("@@ {line} @@\n-{old}\n+{new}\n"));
        }
        out
    }
}

/// The fixed text of a whole file, or `None` when nothing changes.
pub fn fix_text(text: &str) -> Option<String> {
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let split = content::split(rest).ok()?;
    let body_start = rest.len() - split.body.len();
    let masked = rules::mask_markdown(split.body);
    let edits = rules::mechanical_fixes(&masked.text);
    if edits.is_empty() {
        return None;
    }
    let mut body = split.body.to_string();
    for (range, replacement) in edits.into_iter().rev() {
        body.replace_range(range, &replacement);
    }
    Some(format!("{bom}{}{body}", &rest[..body_start]))
}

/// Fixes every Markdown file in `files` (relative to `root`), returning what changed.
pub fn fix_files(root: &Path, files: &[PathBuf]) -> std::io::Result<Vec<FixedFile>> {
    let mut out = Vec::new();
    for file in files {
        let path = root.join(file);
        let bytes = std::fs::read(&path)?;
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let Some(fixed) = fix_text(&text) else {
            continue;
        };
        // Through `output`, the one writer: a temporary file beside it, then a rename.
        crate::output::replace_file(&path, fixed.as_bytes())?;
        let lines = text
            .lines()
            .zip(fixed.lines())
            .enumerate()
            .filter(|(_, (old, new))| old != new)
            .map(|(i, (old, new))| (i + 1, old.to_string(), new.to_string()))
            .collect();
        out.push(FixedFile {
            path: file.clone(),
            lines,
        });
    }
    Ok(out)
}

/// Rewrites the photo at `path` without the place it was taken (a JPEG's EXIF GPS block
/// emptied, an XMP packet naming a position dropped; the picture and its other tags stay
/// byte for byte), atomically, after reading the result as the build will (`max_pixels`).
/// `Ok(false)` when that cannot be done for this file — not a JPEG, or a position stored
/// where it is not looked for —: nothing is written then.
pub fn remove_position(path: &Path, max_pixels: u64) -> std::io::Result<bool> {
    let bytes = std::fs::read(path)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let Some(cleaned) = crate::images::without_position_checked(&bytes, &name, max_pixels) else {
        return Ok(false);
    };
    crate::output::replace_file(path, &cleaned)?;
    Ok(true)
}

/// A photo `--fix` looked at because it carries a GPS position.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedPhoto {
    /// Relative to the site folder.
    pub path: PathBuf,
    /// Whether the position was removed (only a JPEG's can be).
    pub removed: bool,
}

/// Removes the position from every photo in `photos` (relative to `root`) that has one.
pub fn remove_positions(
    root: &Path,
    photos: &[PathBuf],
    max_pixels: u64,
) -> std::io::Result<Vec<FixedPhoto>> {
    photos
        .iter()
        .map(|path| {
            let removed = remove_position(&root.join(path), max_pixels)?;
            Ok(FixedPhoto {
                path: path.clone(),
                removed,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_body_but_not_front_matter_code_or_urls() {
        let text = "---\ntitle: 通知,请看\ndate: 2026-01-01\n---\n同志们:\n(一)依据国发[2014]45号,见https://a.gov.cn/x,y 与 `a,b`。\n\n```\n说明,代码\n```\n";
        let fixed = fix_text(text).expect("something to fix");
        assert_eq!(
            fixed,
            "---\ntitle: 通知,请看\ndate: 2026-01-01\n---\n同志们：\n（一）依据国发〔2014〕45号，见https://a.gov.cn/x,y 与 `a,b`。\n\n```\n说明,代码\n```\n"
        );
        assert_eq!(fix_text("已经规范，无需修改。\n"), None);
    }

    #[test]
    fn files_are_rewritten_with_a_diff() {
        let dir = std::env::temp_dir().join(format!("jianbao-fix-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("a.md"), "第一行\n工作完成,下一步\n").expect("write");
        std::fs::write(dir.join("b.md"), "无需修改。\n").expect("write");
        let fixed = fix_files(&dir, &["a.md".into(), "b.md".into()]).expect("fix");
        assert_eq!(fixed.len(), 1);
        assert_eq!(
            fixed[0].lines,
            [(2, "工作完成,下一步".into(), "工作完成，下一步".into())]
        );
        assert!(
            fixed[0]
                .diff()
                .contains("-工作完成,下一步\n+工作完成，下一步")
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("a.md")).expect("read"),
            "第一行\n工作完成，下一步\n"
        );
        let leftovers: Vec<_> = std::fs::read_dir(&dir).expect("dir").collect();
        assert_eq!(leftovers.len(), 2);
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
