//! `markdown.raw_html`: raw HTML in a page is sanitised by default, kept or dropped on request,
//! and `check` names every element and attribute it removed.

use crate::support::{SiteTest, main_region};

const PAGE: &str = "---\ntitle: 粘贴来的内容\ndate: 2024-05-01\n---\n\n正文。\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" onerror=\"alert(1)\" alt=\"图\">\n\n<a href=\"javascript:alert(1)\">点此</a>\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n\n<table><tr><td colspan=\"2\">合并单元格</td></tr></table>\n\n注<sup>1</sup>，<span style=\"color:red\">红字</span>\n";

fn site_with(raw_html: Option<&str>) -> SiteTest {
    let site = SiteTest::fixture("build/basic");
    site.write("content/news/pasted.md", PAGE);
    if let Some(mode) = raw_html {
        let config = std::fs::read_to_string(site.root.join("site.yaml")).expect("config");
        site.write(
            "site.yaml",
            format!("{config}markdown:\n  raw_html: {mode}\n"),
        );
    }
    site
}

#[test]
fn raw_html_is_sanitised_by_default_and_check_names_each_removal() {
    let site = site_with(None);
    site.build().success().stderr_has("warning[raw-html]");
    let html = site.output("news/pasted/index.html");
    let body = main_region(&html);
    for gone in ["<script", "onerror", "javascript:", "<iframe", "http-equiv"] {
        assert!(!body.contains(gone), "{gone} was published:\n{body}");
    }
    for kept in [
        "colspan=\"2\"",
        "<sup>1</sup>",
        "<span style=\"color:red\">红字</span>",
    ] {
        assert!(body.contains(kept), "{kept} was lost:\n{body}");
    }
    let check = site.run(&["check", "--today", "2025-03-10"]);
    let stdout = String::from_utf8_lossy(&check.output.stdout);
    for finding in [
        "content/news/pasted.md:8: warning[raw-html]: <script> …</script>",
        "content/news/pasted.md:10: warning[raw-html]: onerror on <img>",
        "content/news/pasted.md:12: warning[raw-html]: href=\"javascript:alert(1)\" on <a>",
        "content/news/pasted.md:14: warning[raw-html]: <iframe> …</iframe>",
        "content/news/pasted.md:16: warning[raw-html]: <meta>",
    ] {
        assert!(stdout.contains(finding), "check lacks {finding}:\n{stdout}");
    }
}

#[test]
fn raw_html_can_be_allowed_or_stripped() {
    let allowed = site_with(Some("allow"));
    allowed.build().success();
    assert!(
        allowed
            .output("news/pasted/index.html")
            .contains("<script>alert(1)</script>")
    );

    let stripped = site_with(Some("strip"));
    stripped.build().success();
    let html = stripped.output("news/pasted/index.html");
    let body = main_region(&html);
    assert!(
        !body.contains("<script") && !body.contains("<table"),
        "{body}"
    );
    assert!(
        body.contains("红字"),
        "the text of inline tags stays:\n{body}"
    );
}
