//! What a reader and webmaster expect beyond single pages: taxonomies, archives, neighbours,
//! related pages, attachments, aliases, and drafts, future and expired pages.

use crate::support::{SiteTest, main_region};

#[test]
fn tags_villages_and_teams_get_term_lists_and_pages() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    insta::assert_snapshot!("tags_list", main_region(&site.output("tags/index.html")));
    let term = site.output("villages/石门村/index.html");
    assert!(
        term.contains(r#"<a href="/news/tea/">茶叶合作社带动增收</a>"#),
        "{term}"
    );
    assert!(site.output("teams/index.html").contains("驻石门村工作队"));
}

#[test]
fn archive_groups_by_year_and_month_newest_first() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    assert!(
        site.output("archive/index.html")
            .contains(r#"<a href="/archive/2025/">2025年</a>（4 篇文章）"#)
    );
    insta::assert_snapshot!(
        "archive_2025",
        main_region(&site.output("archive/2025/index.html"))
    );
}

#[test]
fn pages_link_to_neighbours_and_related_pages() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        "content/news/tea2.md",
        "---\ntitle: 茶叶加工厂投产\ndate: 2025-03-07\ntags: [茶产业]\n---\n投产。\n",
    );
    site.build().success();
    let tea = site.output("news/tea/index.html");
    assert!(
        tea.contains(r#"<a href="/news/visit/" rel="prev">入户走访</a>"#),
        "{tea}"
    );
    assert!(
        tea.contains(r#"<a href="/news/meeting/" rel="next">村民大会</a>"#),
        "{tea}"
    );
    let related = &tea[tea.find("相关文章").expect("related block")..];
    assert!(related.contains("茶叶加工厂投产"), "{related}");
}

#[test]
fn attachments_list_type_and_size_and_missing_ones_are_errors() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        "content/news/plan/index.md",
        "---\ntitle: 方案\ndate: 2025-03-03\nattachments:\n  - {file: 方案.pdf, title: 实施方案全文}\n  - 表格.xlsx\n---\n正文\n",
    );
    site.write("content/news/plan/方案.pdf", vec![b'%'; 1_300_000]);
    site.write("content/news/plan/表格.xlsx", vec![0u8; 2048]);
    site.build().success();
    let html = site.output("news/plan/index.html");
    assert!(html.contains(r#"<a href="/news/plan/%E6%96%B9%E6%A1%88.pdf" download>实施方案全文</a> <span class="file-meta">PDF · 1.2 MB</span>"#), "{html}");
    assert!(html.contains("XLSX · 2 KB"), "{html}");
    site.write(
        "content/news/plan/index.md",
        "---\ntitle: 方案\ndate: 2025-03-03\nattachments: [没有.pdf]\n---\n正文\n",
    );
    site.build()
        .failure()
        .stderr_has("content/news/plan/index.md:4")
        .stderr_has("`没有.pdf` does not exist");
}

#[test]
fn a_missing_image_is_an_error_with_its_line() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        "content/news/pic.md",
        "---\ntitle: 图\ndate: 2025-03-03\n---\n正文\n\n![示意图](没有.png)\n",
    );
    site.build()
        .failure()
        .stderr_has("content/news/pic.md:7:1: error[missing-image]");
}

#[test]
fn aliases_redirect_old_urls_and_may_not_overwrite_pages() {
    let site = SiteTest::fixture("build/basic");
    site.write("content/news/moved.md", "---\ntitle: 迁移的文章\ndate: 2025-03-03\naliases: [/old/news/123.html, /old/list/]\n---\n正文\n");
    site.build().success();
    let old = site.output("old/news/123.html");
    assert!(
        old.contains(r#"<meta http-equiv="refresh" content="0; url=/news/moved/">"#),
        "{old}"
    );
    assert!(
        old.contains(r#"<link rel="canonical" href="https://test.example.gov.cn/news/moved/">"#),
        "{old}"
    );
    assert!(site.root.join("public/old/list/index.html").is_file());
    site.write(
        "content/news/moved.md",
        "---\ntitle: 迁移的文章\ndate: 2025-03-03\naliases: [/news/tea/]\n---\n正文\n",
    );
    site.build()
        .failure()
        .stderr_has("content/news/moved.md:4")
        .stderr_has("already taken");
}

#[test]
fn future_pages_wait_unless_asked_for_and_expired_pages_leave_lists() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        "content/news/later.md",
        "---\ntitle: 明年的文章\ndate: 2099-01-01\n---\n正文\n",
    );
    site.write(
        "content/news/old.md",
        "---\ntitle: 过期通知\ndate: 2025-01-01\nexpires: 2025-02-01\n---\n正文\n",
    );
    site.build().success();
    assert!(!site.root.join("public/news/later/index.html").exists());
    assert!(
        site.root.join("public/news/old/index.html").exists(),
        "an expired page keeps its URL"
    );
    let lists = site.output("news/index.html")
        + &site.output("news/page/2/index.html")
        + &site.output("archive/2025/index.html");
    assert!(!lists.contains("过期通知"), "expired pages leave lists");
    site.run(&["build", "--future"]).success();
    assert!(site.root.join("public/news/later/index.html").exists());
}

#[test]
fn a_wrong_document_number_fails_the_build_with_the_corrected_form() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        "content/news/policy.md",
        "---\ntitle: 关于印发管理办法的通知\ndate: 2025-03-03\ntype: policy\npolicy:\n  发文机关: 测试县委组织部\n  发文字号: 测组发[2025]08号\n---\n正文\n",
    );
    site.build()
        .failure()
        .stderr_has("content/news/policy.md:7")
        .stderr_has("测组发〔2025〕8号");
}

#[test]
fn two_bulletins_with_one_number_in_a_year_name_both_files() {
    let site = SiteTest::fixture("build/basic");
    for (file, day) in [("a", 1), ("b", 9)] {
        site.write(
            &format!("content/news/{file}.md"),
            format!("---\ntitle: 简报{file}\ndate: 2025-03-0{day}\ntype: bulletin\nbulletin:\n  名称: 驻村工作简报\n  期号: 3\n---\n正文\n"),
        );
    }
    site.build()
        .failure()
        .stderr_has("`content/news/a.md` and `content/news/b.md` are both issue 3 of 2025");
}

#[test]
fn a_policy_and_its_interpretation_link_both_ways_when_one_names_the_other() {
    let site = SiteTest::fixture("build/basic");
    site.write("content/news/measures.md", "---\ntitle: 管理办法\ndate: 2025-03-03\ntype: policy\npolicy:\n  发文字号: 测组发〔2025〕8号\n  政策解读: \"@/news/reading.md\"\n---\n正文\n");
    site.write(
        "content/news/reading.md",
        "---\ntitle: 管理办法解读\ndate: 2025-03-04\n---\n解读正文\n",
    );
    site.build().success();
    assert!(
        site.output("news/measures/index.html")
            .contains(r#"href="/news/reading/""#)
    );
    assert!(
        site.output("news/reading/index.html")
            .contains(r#"href="/news/measures/""#),
        "the interpretation links back by itself"
    );
}
