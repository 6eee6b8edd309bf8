//! Every kind of bad input gets a message with file and line, all problems of a run are reported
//! together, and the previous output stays exactly as it was.

use crate::support::SiteTest;

/// Builds the good fixture, applies `damage`, builds again and checks the failure: the message
/// names `location`, contains `needle`, and `public/` is untouched.
#[track_caller]
fn assert_rejected(damage: impl FnOnce(&SiteTest), location: &str, needle: &str) {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    let before = site.output_tree();
    damage(&site);
    site.build()
        .failure()
        .stderr_has(location)
        .stderr_has(needle)
        .stderr_has("previous output is unchanged");
    assert_eq!(
        before,
        site.output_tree(),
        "public/ must be untouched by a failed build"
    );
}

const PAGE: &str = "content/news/bad.md";

#[test]
fn invalid_yaml() {
    assert_rejected(
        |s| {
            s.write(PAGE, "---\ntitle: \"未闭合\ndate: 2025-03-01\n---\n正文\n");
        },
        "content/news/bad.md:",
        "YAML",
    );
}

#[test]
fn missing_closing_marker() {
    assert_rejected(
        |s| {
            s.write(PAGE, "---\ntitle: 标题\ndate: 2025-03-01\n正文\n");
        },
        "content/news/bad.md:1",
        "never closed",
    );
}

#[test]
fn full_width_colon() {
    assert_rejected(
        |s| {
            s.write(PAGE, "---\ntitle：标题\ndate: 2025-03-01\n---\n正文\n");
        },
        "content/news/bad.md:2:",
        "full-width colon",
    );
}

#[test]
fn tab_indentation() {
    assert_rejected(
        |s| {
            s.write(
                PAGE,
                "---\ntitle: 标题\ndate: 2025-03-01\ntags:\n\t- 产业\n---\n正文\n",
            );
        },
        "content/news/bad.md:5:1",
        "tab",
    );
}

#[test]
fn unknown_key_suggests_the_right_one() {
    assert_rejected(
        |s| {
            s.write(PAGE, "---\ntittle: 标题\ndate: 2025-03-01\n---\n正文\n");
        },
        "content/news/bad.md:2",
        "did you mean `title`",
    );
}

#[test]
fn wrong_type() {
    assert_rejected(
        |s| {
            s.write(
                PAGE,
                "---\ntitle: 标题\ndate: 2025-03-01\ntags: 5\n---\n正文\n",
            );
        },
        "content/news/bad.md:4",
        "wrong type",
    );
}

#[test]
fn missing_title() {
    assert_rejected(
        |s| {
            s.write(PAGE, "---\ndate: 2025-03-01\n---\n正文\n");
        },
        "content/news/bad.md:",
        "no `title`",
    );
}

#[test]
fn unparsable_date() {
    assert_rejected(
        |s| {
            s.write(PAGE, "---\ntitle: 标题\ndate: 2025年13月1日\n---\n正文\n");
        },
        "content/news/bad.md:3",
        "cannot read the date",
    );
}

#[test]
fn two_pages_with_one_url_name_both_files() {
    assert_rejected(
        |s| {
            s.write(
                PAGE,
                "---\ntitle: 标题\ndate: 2025-03-01\nslug: tea\n---\n正文\n",
            );
        },
        "content/news/tea.md",
        "would both be published at /news/tea/",
    );
}

#[test]
fn missing_template() {
    assert_rejected(
        |s| {
            s.write(
                PAGE,
                "---\ntitle: 标题\ndate: 2025-03-01\ntemplate: nope.html\n---\n正文\n",
            );
        },
        "content/news/bad.md:4",
        "`nope.html` does not exist",
    );
}

#[test]
fn template_syntax_error_names_template_and_line() {
    assert_rejected(
        |s| {
            s.write("templates/page.html", "<p>\n{{ page.title }\n</p>\n");
        },
        "templates/page.html:2",
        "template syntax error",
    );
}

#[test]
fn gbk_file_is_named_with_how_to_convert() {
    let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 标题\ndate: 2025-03-01\n---\n正文\n");
    assert_rejected(
        |s| {
            s.write(PAGE, gbk.as_ref());
        },
        "content/news/bad.md:2",
        "GBK",
    );
}

#[test]
fn empty_file() {
    assert_rejected(
        |s| {
            s.write(PAGE, "");
        },
        "content/news/bad.md:1",
        "empty",
    );
}

#[test]
fn broken_internal_link() {
    assert_rejected(
        |s| {
            s.write(
                PAGE,
                "---\ntitle: 标题\ndate: 2025-03-01\n---\n正文\n\n见[别处](@/news/nope.md)。\n",
            );
        },
        "content/news/bad.md:7:2",
        "`news/nope.md` does not exist",
    );
}

#[test]
fn broken_anchor() {
    assert_rejected(
        |s| {
            s.write(
                PAGE,
                "---\ntitle: 标题\ndate: 2025-03-01\n---\n见[做法](@/news/tea.md#没有这个)。\n",
            );
        },
        "content/news/bad.md:5",
        "#没有这个",
    );
}

#[test]
fn every_problem_of_a_run_is_reported_together() {
    let site = SiteTest::fixture("build/basic");
    site.write("content/news/a.md", "---\ntitle：甲\n---\n");
    site.write("content/news/b.md", "---\ntitle: 乙\ndate: 明天\n---\n");
    site.write("content/news/c.md", "");
    site.build()
        .failure()
        .stderr_has("content/news/a.md:2")
        .stderr_has("content/news/b.md:3")
        .stderr_has("content/news/c.md:1")
        .stderr_has("3 error(s) found");
}

#[test]
fn bom_and_crlf_are_accepted_silently() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        PAGE,
        "\u{feff}---\r\ntitle: 标题\r\ndate: 2025-03-01\r\n---\r\n正文\r\n",
    );
    let run = site.build();
    run.success();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    assert!(site.output("news/bad/index.html").contains("<h1>标题</h1>"));
}

#[test]
fn a_single_tag_string_is_a_one_item_list() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        PAGE,
        "---\ntitle: 标题\ndate: 2025-03-01\ntags: 产业\n---\n正文\n",
    );
    site.build().success();
    assert!(
        site.output("news/bad/index.html")
            .contains(r#"<a class="tag" href="/tags/%E4%BA%A7%E4%B8%9A/">产业</a>"#)
    );
}

#[test]
fn invalid_site_config_names_its_line() {
    assert_rejected(
        |s| {
            s.write("site.yaml", "title: 测试\nbase_ulr: https://x.gov.cn/\n");
        },
        "site.yaml:2",
        "did you mean `base_url`",
    );
}

#[test]
fn output_folder_over_the_sources_is_refused() {
    let site = SiteTest::fixture("build/basic");
    site.run(&["build", "--output", "content"])
        .failure()
        .stderr_has("would overwrite sources");
    site.run(&["build", "--output", "."])
        .failure()
        .stderr_has("replaced whole");
    assert!(site.root.join("content/news/tea.md").is_file());
}

/// A one-shot build keeps no page bodies: it renders each again from its file as it writes the
/// page. A file saved again between loading and writing must fail that page, not publish the new
/// text under the old front matter.
/// A build keeps the search index's posting lists in temporary files while it writes the pages.
/// When the temporary folder cannot be written the build fails naming the folder and what to
/// do, and the previous output stays as it was.
#[test]
fn an_unwritable_temporary_folder_fails_the_build_and_keeps_the_output() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    let before = site.output_tree();
    let missing = site.root.join("no-such-temp");
    site.run_with_env(&["build"], &[("TMPDIR", &missing)])
        .failure()
        .stderr_has("no-such-temp")
        .stderr_has("search index's temporary files")
        .stderr_has("TMPDIR");
    assert_eq!(site.output_tree(), before);
}

#[test]
fn a_page_saved_again_during_the_build_is_refused_not_mixed() {
    use jianbao::build::{BuildOptions, read_config};
    use jianbao::content::{Keep, LoadOptions, load, reread_body};
    use jianbao::diagnostics::Diagnostics;

    let site = SiteTest::fixture("build/basic");
    let options = BuildOptions {
        root: site.root.clone(),
        ..BuildOptions::default()
    };
    let config = read_config(&options).expect("fixture config");
    let load_options = |keep| LoadOptions {
        drafts: false,
        future: false,
        now: jiff::Timestamp::now(),
        keep,
    };
    let mut diagnostics = Diagnostics::new();
    let small = Keep::EverythingUpTo(usize::MAX);
    let (loaded, _) = load(config.clone(), load_options(small), &mut diagnostics);
    assert_eq!(loaded.kept, Keep::Everything);
    // Any body is over a budget of 0 bytes: the pages keep only their outline.
    let (loaded, index) = load(
        config,
        load_options(Keep::EverythingUpTo(0)),
        &mut diagnostics,
    );
    assert_eq!(loaded.kept, Keep::Outline);
    assert!(!diagnostics.has_errors());
    let tea = (loaded.pages.iter())
        .find(|p| p.file.ends_with("tea.md"))
        .expect("tea page");
    assert!(tea.body.html.is_empty() && tea.body.text.is_empty());
    assert_eq!(tea.body.headings.len(), 2, "headings are kept for anchors");

    let body = reread_body(&loaded.config, &index, tea).expect("an unchanged file reads again");
    assert!(body.html.contains("<h2 id=\"主要做法\">"), "{}", body.html);
    assert!(body.text.contains("入户走访"));

    let source = std::fs::read_to_string(site.root.join("content/news/tea.md")).unwrap();
    site.write(
        "content/news/tea.md",
        source.replace("入户走访", "集中培训"),
    );
    let changed = reread_body(&loaded.config, &index, tea).expect_err("a changed body");
    assert_eq!(changed.code, "changed-during-build");
    assert!(changed.path.ends_with("content/news/tea.md"));

    std::fs::remove_file(site.root.join("content/news/tea.md")).unwrap();
    let gone = reread_body(&loaded.config, &index, tea).expect_err("a deleted file");
    assert_eq!(gone.code, "changed-during-build");
}
