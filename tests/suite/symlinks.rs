//! Symbolic links in `content/` and `static/`: followed while they stay inside the site,
//! refused with a warning when they leave it, and loops reported instead of walked for ever.

use std::os::unix::fs::symlink;

use crate::support::SiteTest;

#[test]
fn links_inside_the_site_are_followed_and_others_named() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        "shared/note.md",
        "---\ntitle: 共用的说明\ndate: 2024-05-01\n---\n\n正文。\n",
    );
    site.write("assets/site-extra.css", "body{}");
    symlink(
        "../../shared/note.md",
        site.root.join("content/news/linked.md"),
    )
    .expect("symlink");
    std::fs::create_dir_all(site.root.join("static")).expect("static");
    symlink(
        "../assets/site-extra.css",
        site.root.join("static/extra.css"),
    )
    .expect("symlink");

    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: 外面的文件\ndate: 2024-05-01\n---\n\n不应发布。\n",
    )
    .expect("write");
    symlink(
        outside.path().join("secret.md"),
        site.root.join("content/news/secret.md"),
    )
    .expect("symlink");
    symlink(outside.path(), site.root.join("static/elsewhere")).expect("symlink");
    symlink("..", site.root.join("static/loop")).expect("symlink");

    let build = site.build();
    build
        .success()
        .stderr_has("content/news/secret.md: warning[symlink-outside]")
        .stderr_has("static/elsewhere: warning[symlink-outside]")
        .stderr_has("warning[symlink-loop]");
    assert!(site.output("news/linked/index.html").contains("共用的说明"));
    assert_eq!(site.output("extra.css"), "body{}");
    assert!(!site.root.join("public/news/secret").exists());

    let check = site.run(&["check", "--today", "2025-03-10"]);
    let stdout = String::from_utf8_lossy(&check.output.stdout);
    assert!(
        stdout.contains("content/news/secret.md: warning[symlink-outside]"),
        "{stdout}"
    );
}
