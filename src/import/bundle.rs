//! Writing a page bundle: `content/SECTION/SLUG/index.md` with `images/` and attachments beside.
//!
//! A bundle is written whole or not at all: every file goes into a temporary folder next to the
//! target, which is then renamed into place. An existing bundle is replaced only when asked
//! (`--force`), and then moved first to `.jianbao-backup/SECTION/SLUG.N` under the site root,
//! outside `content/`, so the backup is not published.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::i18n::Text;

/// Where import keeps the bundles `--force` replaced.
pub const BACKUP_DIR: &str = ".jianbao-backup";

/// The longest slug, in characters; long Chinese titles make unwieldy folder names.
const MAX_SLUG_CHARS: usize = 60;

/// One bundle to write.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The bundle folder relative to the site root (`content/notices/关于…的通知`).
    pub dir: PathBuf,
    /// Files relative to the bundle folder, with their bytes; `index.md` first.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// What writing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// A new bundle.
    Created,
    /// An old bundle was replaced; it was moved to this folder (relative to the root).
    Replaced(PathBuf),
}

/// A folder name from a title: letters and digits of every script kept, as for heading ids.
pub fn slug(title: &str) -> String {
    let slug = crate::markdown::slugify(title);
    let mut cut: String = slug.chars().take(MAX_SLUG_CHARS).collect();
    while cut.ends_with('-') {
        cut.pop();
    }
    if cut.is_empty() {
        "page".to_string()
    } else {
        cut
    }
}

/// Picks `base`, or `base-2`, `base-3` … when an earlier document of this run took it.
pub fn claim(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = base.to_string();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// Writes `bundle` under `root`, atomically.
pub fn write(root: &Path, bundle: &Bundle, force: bool) -> Result<Written, Text> {
    let target = root.join(&bundle.dir);
    let shown = bundle.dir.display();
    let exists = target.exists();
    if exists && !force {
        return Err(text!(
            "{shown} 已存在，没有覆盖。确认要替换时加 --force（原内容会备份到 {BACKUP_DIR}/）",
            "{shown} already exists and was not overwritten. Add --force to replace it (the old one is backed up under {BACKUP_DIR}/)"
        ));
    }
    let parent = target.parent().unwrap_or(root);
    let staging = tempfile::Builder::new()
        .prefix(".jianbao-import-")
        .tempdir_in(parent)
        .map_err(|err| {
            io_text(
                "创建临时文件夹",
                "create a temporary folder in",
                parent,
                &err,
            )
        })?;
    for (rel, bytes) in &bundle.files {
        let path = staging.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|err| io_text("创建文件夹", "create", dir, &err))?;
        }
        std::fs::write(&path, bytes).map_err(|err| io_text("写入", "write", &path, &err))?;
    }
    let written = if exists {
        let backup = backup_path(root, &bundle.dir);
        if let Some(dir) = root.join(&backup).parent() {
            std::fs::create_dir_all(dir)
                .map_err(|err| io_text("创建文件夹", "create", dir, &err))?;
        }
        std::fs::rename(&target, root.join(&backup))
            .map_err(|err| io_text("备份", "back up", &target, &err))?;
        Written::Replaced(backup)
    } else {
        Written::Created
    };
    let staged = staging.keep();
    std::fs::rename(&staged, &target).map_err(|err| {
        let _ = std::fs::remove_dir_all(&staged);
        io_text("移入", "move into place", &target, &err)
    })?;
    Ok(written)
}

/// `.jianbao-backup/<dir without content/>.N`, the first N not yet used.
fn backup_path(root: &Path, dir: &Path) -> PathBuf {
    let inner = dir.strip_prefix("content").unwrap_or(dir);
    let mut n = 1;
    loop {
        let mut name = inner.as_os_str().to_owned();
        name.push(format!(".{n}"));
        let candidate = Path::new(BACKUP_DIR).join(name);
        if !root.join(&candidate).exists() {
            return candidate;
        }
        n += 1;
    }
}

fn io_text(zh: &str, en: &str, path: &Path, err: &std::io::Error) -> Text {
    let path = path.display();
    text!("无法{zh} {path}：{err}", "cannot {en} {path}: {err}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(text: &str) -> Bundle {
        Bundle {
            dir: PathBuf::from("content/notices/通知"),
            files: vec![(PathBuf::from("index.md"), text.as_bytes().to_vec())],
        }
    }

    #[test]
    fn slugs_keep_chinese_and_same_titles_get_numbers() {
        assert_eq!(
            slug("关于做好2026年冬季培训的通知"),
            "关于做好2026年冬季培训的通知"
        );
        let mut taken = BTreeSet::new();
        assert_eq!(claim("通知", &mut taken), "通知");
        assert_eq!(claim("通知", &mut taken), "通知-2");
    }

    #[test]
    fn existing_bundles_need_force_and_are_backed_up() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("content/notices")).expect("mkdir");
        assert_eq!(
            write(dir.path(), &bundle("一"), false),
            Ok(Written::Created)
        );
        let err = write(dir.path(), &bundle("二"), false).expect_err("refused");
        assert!(err.en.contains("--force"));
        let index = dir.path().join("content/notices/通知/index.md");
        assert_eq!(std::fs::read_to_string(&index).expect("read"), "一");
        let replaced = write(dir.path(), &bundle("二"), true).expect("forced");
        assert_eq!(
            replaced,
            Written::Replaced(PathBuf::from(".jianbao-backup/notices/通知.1"))
        );
        assert_eq!(std::fs::read_to_string(&index).expect("read"), "二");
        let backup = dir.path().join(".jianbao-backup/notices/通知.1/index.md");
        assert_eq!(std::fs::read_to_string(backup).expect("read"), "一");
        let leftovers = std::fs::read_dir(dir.path().join("content/notices"))
            .expect("ls")
            .count();
        assert_eq!(leftovers, 1, "no temporary folder left behind");
    }
}
