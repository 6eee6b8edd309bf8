//! `SiteTest`: a site in a temporary folder, built by the real `jianbao` binary, with chainable
//! assertions on what it printed and wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A site copied to a temporary folder.
pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// What one `jianbao` run printed and how it ended.
pub struct Run {
    pub output: Output,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        copy_dir(&fixtures().join(name), &root);
        SiteTest { _dir: dir, root }
    }

    /// Writes (or replaces) a file of the site.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &SiteTest {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("create dirs");
        std::fs::write(path, text).expect("write file");
        self
    }

    /// Runs `jianbao ARGS` in the site folder with English messages.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// [`run`](Self::run) with environment variables `env` set too.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &Path)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_jianbao"))
            .args(args)
            .current_dir(&self.root)
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .envs(env.iter().copied())
            .output()
            .expect("run jianbao");
        Run { output }
    }

    /// `jianbao build`.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// A file of the built site.
    pub fn output(&self, rel: &str) -> String {
        let path = self.root.join("public").join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Every file of the built site with its bytes, to compare builds.
    pub fn output_tree(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.root.join("public"))
    }
}

impl Run {
    /// What was printed on stderr.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    #[track_caller]
    pub fn success(&self) -> &Run {
        assert!(
            self.output.status.success(),
            "jianbao failed:\n{}",
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn failure(&self) -> &Run {
        assert!(
            !self.output.status.success(),
            "jianbao should have failed:\n{}",
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Run {
        let stderr = self.stderr();
        assert!(
            stderr.contains(needle),
            "stderr lacks {needle:?}:\n{stderr}"
        );
        self
    }
}

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The repository root (also the sample site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Every file below `dir`, keyed by its `/`-separated relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read output"))
        })
        .collect()
}

/// The `<main>` element of a page, where the content our code generates sits.
pub fn main_region(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}
