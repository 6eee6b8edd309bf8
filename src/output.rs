//! The only code that writes files: the built site, and the files kept with the site's sources
//! (the publication ledger, [`replace_file`]).
//!
//! A build writes into a staging folder beside the output folder and swaps it in only when
//! everything succeeded, so a failed or interrupted build leaves the previous site untouched.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::i18n::Text;

/// Somewhere outputs go: a staging folder on disk, or memory for the preview server.
pub trait OutputSink: Sync {
    /// Writes `bytes` at `target` (relative, `/`-separated).
    fn write(&self, target: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies the file `source` to `target`.
    fn copy(&self, source: &Path, target: &str) -> io::Result<()>;
}

/// A staging folder beside the final output folder.
#[derive(Debug)]
pub struct StagedOutput {
    final_dir: PathBuf,
    staging: PathBuf,
    committed: bool,
    /// Folders below `staging` already created, so each is made once rather than asked for
    /// before every file (a failing `mkdir` and a `stat` per file: 80,000 system calls on a
    /// 10,000-page site with its search index).
    made: Mutex<HashSet<PathBuf>>,
}

impl StagedOutput {
    /// Creates an empty staging folder next to `final_dir` (left over ones are cleared first).
    pub fn begin(final_dir: &Path) -> io::Result<StagedOutput> {
        let name = final_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = final_dir.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let staging = parent.join(format!(".{name}.jianbao-new"));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(StagedOutput {
            final_dir: final_dir.to_path_buf(),
            staging,
            committed: false,
            made: Mutex::default(),
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Swaps the staging folder in for the final one and removes the old site.
    pub fn commit(mut self) -> io::Result<()> {
        let parent = self.final_dir.parent().unwrap_or(Path::new("."));
        let name = self
            .final_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = parent.join(format!(".{name}.jianbao-old"));
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        let had_previous = self.final_dir.exists();
        if had_previous {
            std::fs::rename(&self.final_dir, &old)?;
        }
        if let Err(err) = std::fs::rename(&self.staging, &self.final_dir) {
            if had_previous {
                // Put the previous site back rather than leave none.
                let _ = std::fs::rename(&old, &self.final_dir);
            }
            return Err(err);
        }
        self.committed = true;
        if had_previous {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Drop for StagedOutput {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

impl StagedOutput {
    /// `target`'s path in the staging folder, with its folder created if this build has not yet.
    fn prepare(&self, target: &str) -> io::Result<PathBuf> {
        let path = self.staging.join(target);
        let Some(parent) = path.parent() else {
            return Ok(path);
        };
        let known = self.lock_made().contains(parent);
        if !known {
            std::fs::create_dir_all(parent)?;
            self.lock_made().insert(parent.to_path_buf());
        }
        Ok(path)
    }

    fn lock_made(&self) -> std::sync::MutexGuard<'_, HashSet<PathBuf>> {
        self.made
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl OutputSink for StagedOutput {
    fn write(&self, target: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.prepare(target)?, bytes)
    }

    fn copy(&self, source: &Path, target: &str) -> io::Result<()> {
        std::fs::copy(source, self.prepare(target)?).map(|_| ())
    }
}

/// A site built into memory: target path (`news/tea/index.html`) → bytes. A persistent map with
/// shared bytes, so a preview session's next build can keep most of the previous one (and the
/// server go on serving that one) without copying 10,000 files, and the two can be compared by
/// what differs only.
pub type MemoryFiles = imbl::OrdMap<String, Arc<[u8]>>;

/// Outputs kept in memory, keyed by target path.
#[derive(Debug, Default)]
pub struct MemoryOutput {
    files: Mutex<MemoryFiles>,
}

impl MemoryOutput {
    /// Takes the collected files out.
    pub fn into_files(self) -> MemoryFiles {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl OutputSink for MemoryOutput {
    fn write(&self, target: &str, bytes: &[u8]) -> io::Result<()> {
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.insert(target.to_string(), Arc::from(bytes));
        Ok(())
    }

    fn copy(&self, source: &Path, target: &str) -> io::Result<()> {
        let bytes = std::fs::read(source)?;
        self.write(target, &bytes)
    }
}

/// Replaces the file at `path` with `bytes` at once: they are written to a temporary file in
/// the same folder (created when missing), which is then renamed over `path`, so a reader sees
/// the old file or the new one, never half of it. The temporary file is removed on failure.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let temp = dir.join(format!(".{name}.{}-{nanos}.tmp", std::process::id()));
    let written = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Refuses output folders whose replacement would destroy something: the site itself, its
/// sources, the file-system root or the home folder.
pub fn check_output_dir(root: &Path, output: &Path, home: Option<&Path>) -> Result<(), Text> {
    let root = absolute(root);
    let output = absolute(output);
    let shown = output.display().to_string();
    if output.parent().is_none() {
        return Err(text!(
            "不能把网站输出到根目录 {shown}",
            "refusing to write the site to the file-system root {shown}"
        ));
    }
    if home.is_some_and(|h| absolute(h) == output) {
        return Err(text!(
            "不能把网站输出到主目录 {shown}",
            "refusing to write the site over the home folder {shown}"
        ));
    }
    if root.starts_with(&output) {
        return Err(text!(
            "输出目录 {shown} 是网站所在的目录（或其上级），生成时会被整个替换",
            "the output folder {shown} is the site folder or one above it, and would be replaced whole"
        ));
    }
    for source in ["content", "templates", "static"] {
        if output.starts_with(root.join(source)) {
            return Err(text!(
                "输出目录 {shown} 在 {source}/ 里面，会覆盖源文件",
                "the output folder {shown} is inside {source}/ and would overwrite sources"
            ));
        }
    }
    Ok(())
}

/// An absolute, lexically normalised path (the folder may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks where the folder exists, so `public -> .` is caught too.
    std::fs::canonicalize(&out).unwrap_or(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_output_folders_are_refused() {
        let root = Path::new("/srv/site");
        assert!(check_output_dir(root, Path::new("/srv/site/public"), None).is_ok());
        assert!(check_output_dir(root, Path::new("/srv/site-out"), None).is_ok());
        for bad in [
            "/srv/site",
            "/srv",
            "/",
            "/srv/site/content/x",
            "/srv/site/static",
            "/srv/site/templates/out",
            "/srv/site/public/../",
        ] {
            assert!(
                check_output_dir(root, Path::new(bad), None).is_err(),
                "{bad}"
            );
        }
        assert!(
            check_output_dir(
                root,
                Path::new("/home/editor"),
                Some(Path::new("/home/editor"))
            )
            .is_err()
        );
    }

    #[test]
    fn staged_output_replaces_the_old_site_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(public.join("old.html"), "old").unwrap();

        let staged = StagedOutput::begin(&public).unwrap();
        staged.write("new.html", b"new").unwrap();
        drop(staged);
        assert!(
            public.join("old.html").exists(),
            "an abandoned build keeps the old site"
        );

        let staged = StagedOutput::begin(&public).unwrap();
        staged.write("a/new.html", b"new").unwrap();
        staged.commit().unwrap();
        assert!(!public.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(public.join("a/new.html")).unwrap(),
            "new"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(
            leftovers.len(),
            1,
            "no staging or old folder is left behind"
        );
    }
}
