//! `jianbao build` on small sites: URLs, lists, pagination, Markdown fixes, determinism.

use crate::support::{SiteTest, main_region};

#[test]
fn builds_pages_sections_home_and_404() {
    let site = SiteTest::fixture("build/basic");
    site.build().success().stderr_has("Built 4 pages");
    for file in [
        "index.html",
        "404.html",
        "news/index.html",
        "news/tea/index.html",
        "css/jianbao.css",
    ] {
        assert!(
            site.root.join("public").join(file).is_file(),
            "{file} missing"
        );
    }
}

#[test]
fn chinese_file_names_give_working_encoded_urls() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    assert!(
        site.root
            .join("public/notices/关于培训的通知/index.html")
            .is_file()
    );
    let tea = site.output("news/tea/index.html");
    assert!(
        tea.contains(
            r#"href="/notices/%E5%85%B3%E4%BA%8E%E5%9F%B9%E8%AE%AD%E7%9A%84%E9%80%9A%E7%9F%A5/""#
        ),
        "{tea}"
    );
}

#[test]
fn article_page_matches_snapshot() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    insta::assert_snapshot!(main_region(&site.output("news/tea/index.html")));
}

#[test]
fn section_list_is_paginated_newest_first() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    insta::assert_snapshot!("news_page_1", main_region(&site.output("news/index.html")));
    insta::assert_snapshot!(
        "news_page_2",
        main_region(&site.output("news/page/2/index.html"))
    );
}

#[test]
fn home_shows_latest_items_of_each_section() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    insta::assert_snapshot!(main_region(&site.output("index.html")));
}

#[test]
fn summary_stops_at_the_more_marker() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    let list = site.output("news/page/2/index.html");
    assert!(list.contains("召开村民大会。"), "{list}");
    assert!(!list.contains("后面的内容"), "{list}");
}

#[test]
fn pages_declare_charset_and_language() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    let html = site.output("news/tea/index.html");
    assert!(
        html.starts_with(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">"
        ),
        "{html}"
    );
}

#[test]
fn output_is_byte_identical_across_builds() {
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    let first = site.output_tree();
    site.build().success();
    assert_eq!(first, site.output_tree());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        "content/news/draft.md",
        "---\ntitle: 草稿\ndate: 2025-03-09\ndraft: true\n---\n未完成。\n",
    );
    site.build().success();
    assert!(!site.root.join("public/news/draft/index.html").exists());
    site.run(&["build", "--drafts"]).success();
    assert!(site.root.join("public/news/draft/index.html").exists());
}

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        "templates/page.html",
        "<p>{{ page.title }}|{{ page.date | date_zh }}</p>",
    );
    site.build().success();
    assert_eq!(
        site.output("news/tea/index.html"),
        "<p>茶叶合作社带动增收|2025年3月1日</p>"
    );
    assert!(
        site.output("news/index.html").contains("<main"),
        "other templates stay built in"
    );
}

#[test]
fn base_url_with_a_sub_path_prefixes_every_link() {
    let site = SiteTest::fixture("build/basic");
    site.run(&["build", "--base-url", "https://x.gov.cn/zcdt/"])
        .success();
    let html = site.output("news/tea/index.html");
    assert!(html.contains(r#"href="/zcdt/css/jianbao.css""#), "{html}");
    assert!(html.contains(r#"href="/zcdt/notices/%E5%85%B3"#), "{html}");
    assert!(!html.contains(r#"href="/news/"#), "{html}");
}

#[test]
fn bundle_attachments_are_published_beside_their_page() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        "content/news/plan/index.md",
        "---\ntitle: 实施方案\ndate: 2025-03-03\n---\n[下载方案](方案.pdf)\n",
    );
    site.write("content/news/plan/方案.pdf", "%PDF-1.4\n");
    site.build().success();
    assert!(site.root.join("public/news/plan/方案.pdf").is_file());
    assert!(
        site.output("news/plan/index.html")
            .contains(r#"href="/news/plan/%E6%96%B9%E6%A1%88.pdf""#)
    );
}

#[test]
fn init_creates_a_site_that_builds() {
    let site = SiteTest::fixture("build/basic");
    site.run(&["init", "new-site"]).success();
    site.run(&["build", "--root", "new-site"])
        .success()
        .stderr_has("Built 1 page, ");
    let page = std::fs::read_to_string(
        site.root
            .join("new-site/public/news/first-report/index.html"),
    )
    .unwrap();
    assert!(page.contains("第一篇工作动态"));
}

#[test]
fn messages_follow_the_chinese_locale() {
    let site = SiteTest::fixture("build/basic");
    site.run(&["--lang", "zh", "build"])
        .success()
        .stderr_has("生成完成：4 个页面");
}

#[test]
fn system_errors_are_worded_in_the_chosen_language() {
    let site = SiteTest::fixture("build/basic");
    std::fs::remove_file(site.root.join("site.yaml")).expect("remove site.yaml");
    let zh = site.run(&["--lang", "zh", "build"]);
    zh.failure()
        .stderr_has("找不到网站配置文件")
        .stderr_has("文件或文件夹不存在");
    assert!(!zh.stderr().contains("os error"), "{}", zh.stderr());
    site.run(&["--lang", "en", "build"])
        .failure()
        .stderr_has("no such file or folder");

    // A failure of the system while building: what jianbao was doing and what the system said,
    // both in Chinese.
    let site = SiteTest::fixture("build/basic");
    site.write("blocker", "a file where the output's folder would be");
    let zh = site.run(&["--lang", "zh", "build", "--output", "blocker/out"]);
    zh.failure()
        .stderr_has("生成失败，原有的输出保持不变：无法锁定输出文件夹")
        .stderr_has("已经存在同名的文件或文件夹");
    assert!(!zh.stderr().contains("cannot"), "{}", zh.stderr());
}

/// Render opens no source files: a large site's bodies come from the `BodySource` the build
/// hands it. Here the sources are deleted after loading and the bodies come from memory.
#[test]
fn render_takes_bodies_from_the_source_it_is_handed() {
    use jianbao::build::{BuildOptions, load_and_resolve, read_config};
    use jianbao::content::{Keep, LoadOptions, Page};
    use jianbao::diagnostics::Diagnostic;
    use jianbao::markdown::Rendered;
    use jianbao::output::MemoryOutput;
    use jianbao::render::{self, Bodies, BodySource, Indexing, Outputs, Render};

    struct FromMemory;
    impl BodySource for FromMemory {
        fn body(&self, page: &Page) -> Result<Rendered, Diagnostic> {
            Ok(Rendered {
                html: format!("<p>来自内存：{}</p>", page.title),
                ..Rendered::default()
            })
        }
    }

    let site = SiteTest::fixture("build/basic");
    let options = BuildOptions {
        root: site.root.clone(),
        ..BuildOptions::default()
    };
    let config = read_config(&options).expect("fixture config");
    let load = LoadOptions {
        drafts: false,
        future: false,
        now: jiff::Timestamp::now(),
        keep: Keep::EverythingUpTo(0),
    };
    let (loaded, problems) = load_and_resolve(config, load);
    assert!(!problems.has_errors());
    assert_eq!(loaded.kept, Keep::Outline);
    let templates = render::load_templates(&loaded).unwrap_or_else(|_| panic!("templates"));
    std::fs::remove_dir_all(site.root.join("content")).expect("remove the sources");

    let memory = MemoryOutput::default();
    let rendered = render::render(Render {
        site: &loaded,
        templates: &templates,
        bodies: Bodies::Reread(&FromMemory),
        outputs: Outputs::Templated,
        indexing: Indexing::Untouched,
        sink: &memory,
        progress: &render::NoProgress,
    });
    assert!(rendered.problems.is_empty(), "{:?}", rendered.problems);
    let files = memory.into_files();
    let tea = files.get("news/tea/index.html").expect("the tea page");
    let tea = String::from_utf8_lossy(tea);
    assert!(tea.contains("<p>来自内存："), "{tea}");
}
