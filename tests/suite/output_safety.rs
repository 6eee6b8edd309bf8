//! What a build may replace, and what two builds at once, a wrong `--output` or an old site that
//! cannot be removed do to the output folder.

use std::process::{Command, Stdio};

use crate::support::SiteTest;

/// Builds started together so that their swaps overlap: with one staging name for both, some of
/// these runs published a site with files missing.
#[test]
fn two_builds_at_once_always_publish_a_complete_site() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    let complete = site.output_tree();
    for round in 0..30 {
        let builds: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_jianbao"))
                    .arg("build")
                    .current_dir(&site.root)
                    .env("LANG", "en_US.UTF-8")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start jianbao")
            })
            .collect();
        for build in builds {
            let output = build.wait_with_output().expect("wait for jianbao");
            assert!(
                output.status.success(),
                "round {round}: a build failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let now = site.output_tree();
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            complete.keys().collect::<Vec<_>>(),
            "round {round}: public/ is not the complete site"
        );
        assert!(now == complete, "round {round}: public/ differs");
        let leftovers: Vec<_> = std::fs::read_dir(&site.root)
            .expect("read site")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("jianbao-new") || name.contains("jianbao-old"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?} left");
    }
}

#[test]
fn an_output_that_is_a_file_is_refused_and_kept() {
    let site = SiteTest::fixture("build/basic");
    let config = std::fs::read(site.root.join("site.yaml")).expect("read config");
    site.run(&["build", "--output", "site.yaml"])
        .failure()
        .stderr_has("is a file, not a folder");
    assert_eq!(
        std::fs::read(site.root.join("site.yaml")).expect("site.yaml is still a file"),
        config
    );
}

#[test]
fn repository_ledger_and_site_folders_are_never_replaced() {
    let site = SiteTest::fixture("build/basic");
    site.write(".git/HEAD", "ref: refs/heads/main\n");
    site.write(".jianbao/published.tsv", "news/tea.md\t2024-01-01\n");
    site.write("other-site/site.yaml", "title: x\n");
    std::fs::create_dir_all(site.root.join("empty/.git")).expect("mkdir");
    for (output, expected) in [
        (".git", "jianbao's own"),
        (".jianbao", "jianbao's own"),
        (".git/objects", "jianbao's own"),
        ("other-site", "holds site.yaml"),
        ("empty", "holds .git"),
        (".", "site folder"),
    ] {
        site.run(&["build", "--output", output])
            .failure()
            .stderr_has(expected);
    }
    assert_eq!(
        std::fs::read_to_string(site.root.join(".git/HEAD")).expect("HEAD kept"),
        "ref: refs/heads/main\n"
    );
    assert!(site.root.join(".jianbao/published.tsv").is_file());
    assert!(site.root.join("other-site/site.yaml").is_file());
    assert!(site.root.join("empty/.git").is_dir());
}

#[test]
fn a_non_empty_folder_jianbao_did_not_make_is_refused() {
    let site = SiteTest::fixture("build/basic");
    site.write("docs/keep.txt", "mine");
    site.run(&["build", "--output", "docs"])
        .failure()
        .stderr_has("was not made by jianbao");
    assert_eq!(
        std::fs::read_to_string(site.root.join("docs/keep.txt")).expect("kept"),
        "mine"
    );

    // An empty folder is taken, marked, and can then be rebuilt.
    std::fs::create_dir_all(site.root.join("out")).expect("mkdir");
    site.run(&["build", "--output", "out"]).success();
    assert!(site.root.join("out/.jianbao-output").is_file());
    site.run(&["build", "--output", "out"]).success();
}

/// Makes a folder immutable (`chattr +i`) so that even root cannot remove it, and undoes that
/// when dropped so the temporary site can be cleaned up.
struct Immutable(std::path::PathBuf);

impl Immutable {
    fn set(path: std::path::PathBuf) -> Immutable {
        let status = Command::new("chattr")
            .arg("+i")
            .arg(&path)
            .status()
            .expect("chattr (e2fsprogs) must be installed");
        assert!(status.success(), "chattr +i failed on {}", path.display());
        Immutable(path)
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[test]
fn an_old_site_that_cannot_be_removed_is_reported_as_it_is() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    site.write(
        "content/news/tea.md",
        "---\ntitle: 新茶上市\ndate: 2024-03-01\n---\n\n第二次生成。\n",
    );
    let mut stuck = Immutable::set(site.root.join("public/news"));
    let run = site.build();
    // The stuck folder moved with the old site: free it wherever it is now.
    let moved = std::fs::read_dir(&site.root)
        .expect("read site")
        .map(|e| e.expect("entry").path())
        .find(|p| p.to_string_lossy().contains(".public.jianbao-old"));
    if let Some(old) = moved {
        stuck.0 = old.join("news");
    }
    let stderr = run.stderr();
    assert!(
        !stderr.contains("previous output is unchanged"),
        "the new site is published, yet the build says nothing changed:\n{stderr}"
    );
    run.success().stderr_has("could not be removed");
    assert!(site.output("news/tea/index.html").contains("第二次生成"));
}
