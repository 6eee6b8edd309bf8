//! The repository's own sample site: it builds, and its HTML passes the W3C Nu HTML checker.

use crate::support::{copy_dir, repo_root, tree};
use crate::tools;

fn build_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .args(["build", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(&out)
        .env("LANG", "en_US.UTF-8")
        .output()
        .expect("run jianbao");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    (dir, out)
}

#[test]
fn sample_site_builds_with_at_least_twenty_pages() {
    let (_dir, out) = build_sample();
    let pages = tree(&out)
        .keys()
        .filter(|k| k.ends_with("/index.html") && k.matches('/').count() >= 2)
        .count();
    assert!(pages >= 20, "only {pages} article pages");
    assert!(out.join("industry/liuxi-kiwi-base/实施方案.pdf").is_file());
}

#[test]
fn sample_site_html_is_valid() {
    let (_dir, out) = build_sample();
    let errors = tools::vnu_check(&out);
    assert!(
        errors.is_empty(),
        "vnu found errors:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sample_site_builds_identically_from_a_copy() {
    let (_a, first) = build_sample();
    let copy = tempfile::tempdir().expect("temp dir");
    let root = copy.path().join("site");
    for part in ["content", "templates", "static", "site.yaml"] {
        let from = repo_root().join(part);
        if from.is_dir() {
            copy_dir(&from, &root.join(part));
        } else {
            std::fs::create_dir_all(&root).unwrap();
            std::fs::copy(&from, root.join(part)).unwrap();
        }
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .args(["build", "--root"])
        .arg(&root)
        .output()
        .expect("run jianbao");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(tree(&first), tree(&root.join("public")));
}

/// The README shows `jianbao check --today 2026-11-30` on this site finding nothing; it must stay
/// true on any day the README is read (without `--today` the columns age, as the README says).
#[test]
fn the_readme_check_example_finds_nothing() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README");
    assert!(
        readme.contains("jianbao check --today 2026-11-30"),
        "the README changed its example"
    );
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .args(["check", "--today", "2026-11-30", "--root"])
        .arg(repo_root())
        .env("LANG", "en_US.UTF-8")
        .output()
        .expect("run jianbao check");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}");
    assert!(
        stdout.contains("0 error(s), 0 warning(s)"),
        "the sample site is not clean on the README's day:\n{stdout}"
    );
}
