//! Pages that push the size of what a build writes: many terms on one page, names too long for
//! the file system, templates that do not exist.

use crate::support::SiteTest;

/// Bytes below `public/tags/` after building the basic site with one page holding `count` tags.
fn tag_output_bytes(count: usize) -> usize {
    let site = SiteTest::fixture("build/basic");
    let tags: Vec<String> = (0..count).map(|i| format!("标签{i:04}")).collect();
    site.write(
        "content/news/many.md",
        format!(
            "---\ntitle: 标签很多的文章\ndate: 2024-05-01\ntags: [{}]\n---\n\n正文。\n",
            tags.join(", ")
        ),
    );
    site.build().success();
    site.output_tree()
        .iter()
        .filter(|(path, _)| path.starts_with("tags/"))
        .map(|(_, bytes)| bytes.len())
        .sum()
}

/// Each term's feed used to list all of the page's tags in the page's entry: output (and memory)
/// grew with the square of the tag count.
#[test]
fn output_grows_linearly_with_a_pages_tag_count() {
    let small = tag_output_bytes(150);
    let large = tag_output_bytes(300);
    let ratio = large as f64 / small as f64;
    assert!(
        ratio < 2.3,
        "doubling the tags took the tag pages and feeds from {small} to {large} bytes ({ratio:.2}×)"
    );
}

#[test]
fn too_many_terms_on_a_page_are_reported_by_check_and_build() {
    let site = SiteTest::fixture("build/basic");
    let tags: Vec<String> = (0..101).map(|i| format!("t{i}")).collect();
    site.write(
        "content/news/many.md",
        format!(
            "---\ntitle: 标签很多的文章\ndate: 2024-05-01\ntags: [{}]\n---\n\n正文。\n",
            tags.join(", ")
        ),
    );
    let check = site.run(&["check"]);
    let stdout = String::from_utf8_lossy(&check.output.stdout);
    assert!(
        stdout.contains("content/news/many.md:4: warning[too-many-terms]"),
        "{stdout}"
    );
    site.build()
        .success()
        .stderr_has("content/news/many.md:4: warning[too-many-terms]");
}

/// `check` used to pass a page naming a missing template and names too long for the file
/// system, which `build` then refused (the long names only on the output path).
#[test]
fn check_reports_what_build_would_refuse_at_the_source_line() {
    let site = SiteTest::fixture("build/basic");
    let long = "长".repeat(90); // 270 bytes: over the 255 a file name may have
    site.write(
        "content/news/tpl.md",
        "---\ntitle: 模板\ndate: 2024-05-01\ntemplate: nope.html\n---\n\n正文。\n",
    );
    site.write(
        "content/news/longtag.md",
        format!("---\ntitle: 长标签\ndate: 2024-05-01\ntags: [茶, {long}]\n---\n\n正文。\n"),
    );
    site.write(
        "content/news/longslug.md",
        format!("---\ntitle: 长网址\ndate: 2024-05-01\nslug: {long}\n---\n\n正文。\n"),
    );
    let expected = [
        "content/news/tpl.md:4: error[missing-template]",
        "content/news/longtag.md:4: error[name-too-long]",
        "content/news/longslug.md:4: error[name-too-long]",
    ];
    let check = site.run(&["check", "--today", "2025-03-10"]);
    let stdout = String::from_utf8_lossy(&check.output.stdout);
    for finding in expected {
        assert!(stdout.contains(finding), "check lacks {finding}:\n{stdout}");
    }
    let build = site.build();
    build.failure();
    site.write(
        "content/news/tpl.md",
        "---\ntitle: 模板\ndate: 2024-05-01\n---\n\n正文。\n",
    );
    let build = site.build();
    build.failure();
    for finding in &expected[1..] {
        build.stderr_has(finding);
    }
}
