//! The only code that writes files: the built site, and the files kept with the site's sources
//! (the publication ledger, [`replace_file`]).
//!
//! A build writes into a staging folder beside the output folder and swaps it in only when
//! everything succeeded, so a failed or interrupted build leaves the previous site untouched.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::i18n::{Text, os_error};

/// Somewhere outputs go: a staging folder on disk, or memory for the preview server.
pub trait OutputSink: Sync {
    /// Writes `bytes` at `target` (relative, `/`-separated).
    fn write(&self, target: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies the file `source` to `target`.
    fn copy(&self, source: &Path, target: &str) -> io::Result<()>;
}

/// The file every output folder jianbao writes holds, so that a later build replaces only a
/// folder it made itself (or an empty one).
pub const MARKER: &str = ".jianbao-output";

/// An exclusive hold on an output folder for one build: an OS advisory lock on a file beside it
/// (`.public.jianbao-lock`). The OS releases it when the build ends, however it ends, so a
/// crashed build never leaves a stale lock; the file itself stays, as removing it would let two
/// builds lock two different files.
#[derive(Debug)]
pub struct OutputLock {
    _file: std::fs::File,
}

impl OutputLock {
    /// Takes the lock for `final_dir`, calling `waiting` first if another build holds it, then
    /// waiting for that build to finish.
    pub fn acquire(final_dir: &Path, waiting: impl FnOnce(&Path)) -> io::Result<OutputLock> {
        let path = beside(final_dir, "jianbao-lock");
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting(&path);
                file.lock()?;
            }
            Err(std::fs::TryLockError::Error(err)) => return Err(err),
        }
        Ok(OutputLock { _file: file })
    }
}

/// A staging folder beside the final output folder.
#[derive(Debug)]
pub struct StagedOutput {
    final_dir: PathBuf,
    staging: PathBuf,
    /// Set once the staging folder is published, or must be kept because it is the only copy of
    /// the new site left.
    keep_staging: bool,
    /// Folders below `staging` already created, so each is made once rather than asked for
    /// before every file (a failing `mkdir` and a `stat` per file: 80,000 system calls on a
    /// 10,000-page site with its search index).
    made: Mutex<HashSet<PathBuf>>,
}

impl StagedOutput {
    /// Creates an empty staging folder of this build's own next to `final_dir`, holding the
    /// marker. Staging and old folders that builds killed earlier left behind are cleared first:
    /// holding `_lock` means no other build is using them.
    pub fn begin(final_dir: &Path, _lock: &OutputLock) -> io::Result<StagedOutput> {
        let parent = final_dir.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        remove_leftovers(final_dir);
        let staging = beside(final_dir, &format!("jianbao-new-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        std::fs::write(
            staging.join(MARKER),
            "This folder was written by jianbao, which replaces it whole on every build.\n",
        )?;
        Ok(StagedOutput {
            final_dir: final_dir.to_path_buf(),
            staging,
            keep_staging: false,
            made: Mutex::default(),
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Swaps the staging folder in for the final one and removes the old site. `Ok(Some(_))`
    /// says the new site is published but the old one could not be removed (and where it is).
    pub fn commit(mut self) -> Result<Option<Text>, PublishError> {
        let old = beside(
            &self.final_dir,
            &format!("jianbao-old-{}", std::process::id()),
        );
        let shown = self.final_dir.display().to_string();
        let had_previous = self.final_dir.exists();
        if had_previous {
            std::fs::rename(&self.final_dir, &old).map_err(|err| {
                let system = os_error(&err).zh;
                PublishError {
                    state: text!(
                        "无法移开原有的网站 {shown}（{system}），它保持不变",
                        "cannot move the previous site {shown} aside ({err}); it is unchanged"
                    ),
                    source: err,
                }
            })?;
        }
        if let Err(err) = std::fs::rename(&self.staging, &self.final_dir) {
            return Err(self.put_back(had_previous, &old, err));
        }
        self.keep_staging = true;
        if had_previous && let Err(err) = std::fs::remove_dir_all(&old) {
            let old = old.display();
            let system = os_error(&err).zh;
            return Ok(Some(text!(
                "新网站已发布到 {shown}，但原有的网站无法删除（{system}），留在 {old}，请手动删除",
                "the new site is published in {shown}, but the previous one could not be removed ({err}); it is left in {old}: delete it by hand"
            )));
        }
        Ok(None)
    }

    /// After the new site could not take the output's name: the previous site goes back, and
    /// the message says where each site is.
    fn put_back(&mut self, had_previous: bool, old: &Path, err: io::Error) -> PublishError {
        let shown = self.final_dir.display().to_string();
        let system = os_error(&err).zh;
        let state = if !had_previous {
            text!(
                "无法把新网站放到 {shown}（{system}），没有替换任何东西",
                "cannot move the new site into {shown} ({err}); nothing was replaced"
            )
        } else if std::fs::rename(old, &self.final_dir).is_ok() {
            text!(
                "无法把新网站放到 {shown}（{system}），原有的网站已放回，保持不变",
                "cannot move the new site into {shown} ({err}); the previous site is back and unchanged"
            )
        } else {
            // Neither site has the output's name now: keep both and say where they are.
            self.keep_staging = true;
            let old = old.display();
            let new = self.staging.display();
            text!(
                "无法把新网站放到 {shown}（{system}），也无法放回原有的网站：{shown} 现在不存在，原有的网站在 {old}，新网站在 {new}",
                "cannot move the new site into {shown} ({err}) nor put the previous one back: {shown} is missing now, the previous site is in {old} and the new one in {new}"
            )
        };
        PublishError { state, source: err }
    }
}

/// Publishing the staged site failed; `state` says, in both languages, what the output folder
/// holds now.
#[derive(Debug)]
pub struct PublishError {
    pub state: Text,
    pub source: io::Error,
}

impl std::fmt::Display for PublishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.state.get(crate::i18n::Lang::En))
    }
}

impl std::error::Error for PublishError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl Drop for StagedOutput {
    fn drop(&mut self) {
        if !self.keep_staging {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// `.NAME.SUFFIX` beside the folder `final_dir` (named `NAME`).
fn beside(final_dir: &Path, suffix: &str) -> PathBuf {
    let name = final_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = final_dir.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{suffix}"))
}

/// Removes the staging and old folders of builds that were killed (best effort: one that
/// cannot be removed only takes space).
fn remove_leftovers(final_dir: &Path) {
    let prefixes = [
        beside(final_dir, "jianbao-new"),
        beside(final_dir, "jianbao-old"),
    ];
    let parent = final_dir.parent().unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.to_string_lossy();
        if prefixes
            .iter()
            .any(|prefix| name.starts_with(&*prefix.to_string_lossy()))
        {
            let _ = std::fs::remove_dir_all(&path);
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
    check_existing_output(&output)
}

/// Refuses an output path inside a repository or jianbao's own records, and an existing one
/// that a build did not make: a file, a folder holding a site or a repository, or a non-empty
/// folder without the [`MARKER`].
fn check_existing_output(output: &Path) -> Result<(), Text> {
    let shown = output.display().to_string();
    if let Some(special) = output
        .components()
        .filter_map(|part| part.as_os_str().to_str())
        .find(|part| [".git", ".jianbao"].contains(part))
    {
        return Err(text!(
            "输出目录 {shown} 在 {special} 里，那是版本库或 jianbao 自己的记录，不能被替换",
            "the output folder {shown} is in {special}, a repository's or jianbao's own records, which must never be replaced"
        ));
    }
    let Ok(metadata) = std::fs::metadata(output) else {
        return Ok(());
    };
    if !metadata.is_dir() {
        return Err(text!(
            "输出位置 {shown} 是一个文件，不是文件夹，生成时会被替换",
            "the output {shown} is a file, not a folder, and would be replaced"
        ));
    }
    for held in [crate::config::CONFIG_FILE, ".git"] {
        if output.join(held).exists() {
            return Err(text!(
                "输出目录 {shown} 里有 {held}，像是一个网站或版本库，不能被替换",
                "the output folder {shown} holds {held}, so it is a site or a repository and must not be replaced"
            ));
        }
    }
    let empty = std::fs::read_dir(output).is_ok_and(|mut entries| entries.next().is_none());
    if !empty && !output.join(MARKER).is_file() && !is_earlier_build(output) {
        return Err(text!(
            "输出目录 {shown} 不是空的，也不是 jianbao 生成的（里面没有 {MARKER}），生成时会被整个替换",
            "the output folder {shown} is not empty and was not made by jianbao (it has no {MARKER}), and would be replaced whole"
        ));
    }
    Ok(())
}

/// Whether `output` is a site built by a jianbao from before the marker: its home page names
/// jianbao as its generator. Such a folder is replaced (and marked) like a marked one, so that
/// upgrading does not stop every existing site's build.
fn is_earlier_build(output: &Path) -> bool {
    std::fs::read(output.join("index.html")).is_ok_and(|home| {
        let head = &home[..home.len().min(4096)];
        String::from_utf8_lossy(head).contains("<meta name=\"generator\" content=\"jianbao")
    })
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
    fn a_folder_is_replaced_only_when_empty_marked_or_built_by_jianbao() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        assert!(check_existing_output(&out).is_ok(), "empty");
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(check_existing_output(&out).is_err(), "someone else's");
        std::fs::write(
            out.join("index.html"),
            "<!DOCTYPE html>\n<html>\n<head>\n<meta name=\"generator\" content=\"jianbao 0.1.0\">",
        )
        .unwrap();
        assert!(
            check_existing_output(&out).is_ok(),
            "built before the marker"
        );
        std::fs::write(out.join("index.html"), "<html>").unwrap();
        assert!(check_existing_output(&out).is_err());
        std::fs::write(out.join(MARKER), "").unwrap();
        assert!(check_existing_output(&out).is_ok(), "marked");
        std::fs::write(out.join("site.yaml"), "").unwrap();
        assert!(check_existing_output(&out).is_err(), "a site, even marked");
    }

    #[test]
    fn staged_output_replaces_the_old_site_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(public.join("old.html"), "old").unwrap();

        let lock = OutputLock::acquire(&public, |_| panic!("nobody else holds it")).unwrap();
        let staged = StagedOutput::begin(&public, &lock).unwrap();
        staged.write("new.html", b"new").unwrap();
        drop(staged);
        assert!(
            public.join("old.html").exists(),
            "an abandoned build keeps the old site"
        );

        let staged = StagedOutput::begin(&public, &lock).unwrap();
        staged.write("a/new.html", b"new").unwrap();
        assert!(staged.commit().unwrap().is_none());
        drop(lock);
        assert!(!public.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(public.join("a/new.html")).unwrap(),
            "new"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(
            leftovers.len(),
            2,
            "no staging or old folder is left behind, only the lock file: {leftovers:?}"
        );
        assert!(public.join(MARKER).is_file());
    }
}
