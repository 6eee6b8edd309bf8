//! The built-in theme: government content types (policy metadata, bulletin masthead and
//! distribution, report figures), page metadata, the footer identity block, and accessibility —
//! axe over one page of every template of the sample site, the reading aids driven by keyboard in
//! Chromium, no horizontal scrolling at 320 px and at 200 % text.

use std::path::{Path, PathBuf};

use crate::support::{SiteTest, repo_root};
use crate::tools::{self, StaticServer};

/// The repository's sample site built into a temporary folder.
fn build_sample(extra_args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .args(["build", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(&out)
        .args(extra_args)
        .env("LANG", "en_US.UTF-8")
        .output()
        .expect("run jianbao");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (dir, out)
}

/// The text from the first `start` to the end of the first `end` after it.
#[track_caller]
fn region<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found in:\n{html}"));
    let to = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} not found after {start:?} in:\n{html}"))
        + from
        + end.len();
    &html[from..to]
}

/// The `<meta>` and canonical `<link>` lines of a page's head, blank lines dropped.
fn head_metadata(html: &str) -> String {
    let head = region(html, "<head>", "</head>");
    head.lines()
        .map(str::trim)
        .filter(|l| {
            l.starts_with("<meta name=\"")
                && !l.starts_with("<meta name=\"viewport\"")
                && !l.starts_with("<meta name=\"generator\"")
                || l.starts_with("<meta property=")
                || l.starts_with("<link rel=\"canonical\"")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Sample pages, one of every template and content type.
const SAMPLE_PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("section list", "/industry/"),
    ("article", "/industry/shimen-tea-cooperative/"),
    ("policy", "/policies/work-team-rotation-measures/"),
    ("lapsed policy", "/policies/cadre-care-measures-2023/"),
    (
        "interpretation",
        "/policies/work-team-rotation-measures-jiedu/",
    ),
    ("bulletin list", "/bulletins/"),
    ("bulletin", "/bulletins/2026-11-winter-visits/"),
    (
        "bulletin supplement",
        "/bulletins/2026-09-supplement-midterm-exchange/",
    ),
    ("report list", "/reports/"),
    ("report", "/reports/liuxi-industry-2026/"),
    ("taxonomy list", "/tags/"),
    ("term page", "/tags/茶产业/"),
    ("archive", "/archive/"),
    ("archive year", "/archive/2026/"),
    ("search", "/search/"),
    ("search results", "/search/?q=%E5%90%88%E4%BD%9C%E7%A4%BE"),
    ("results", "/results/"),
    ("data catalogue", "/data/"),
    ("404", "/404.html"),
];

/// Runs a browser script and returns its JSON lines, failing with everything it printed.
#[track_caller]
fn run_browser(script: &str, args: &[&str]) -> Vec<serde_json::Value> {
    let (ok, output) = tools::run_node(script, args);
    let lines: Vec<serde_json::Value> = output
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect();
    assert!(ok, "{script} failed:\n{output}");
    assert!(!lines.is_empty(), "{script} printed no results:\n{output}");
    lines
}

/// Fails with every line of a browser script whose `ok` is not true.
#[track_caller]
fn assert_every_check_passed(lines: &[serde_json::Value]) {
    let failed: Vec<String> = lines
        .iter()
        .filter(|l| l["ok"] != true)
        .map(|l| l.to_string())
        .collect();
    assert!(failed.is_empty(), "failed checks:\n{}", failed.join("\n"));
}

#[test]
fn every_template_of_the_sample_site_passes_axe() {
    let (_dir, out) = build_sample(&[]);
    let server = StaticServer::start(&out);
    let urls: Vec<String> = SAMPLE_PAGES.iter().map(|(_, p)| server.url(p)).collect();
    let args: Vec<&str> = urls.iter().map(String::as_str).collect();
    let (_, output) = tools::run_node("axe.mjs", &args);
    let mut checked = 0;
    let mut problems = Vec::new();
    for line in output.lines().filter(|l| l.starts_with('{')) {
        let result: serde_json::Value = serde_json::from_str(line).expect("axe JSON line");
        checked += 1;
        let clean = result["violations"].as_array().is_some_and(Vec::is_empty)
            && result["consoleErrors"]
                .as_array()
                .is_some_and(Vec::is_empty)
            && result.get("error").is_none();
        if !clean {
            problems.push(line.to_string());
        }
    }
    assert_eq!(checked, SAMPLE_PAGES.len(), "axe output:\n{output}");
    assert!(
        problems.is_empty(),
        "axe found problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn reading_aids_work_by_keyboard_are_remembered_and_reflow() {
    let (_dir, out) = build_sample(&[]);
    let server = StaticServer::start(&out);
    let base = server.url("/");
    let lines = run_browser(
        "a11y_toolbar.mjs",
        &[
            &base,
            "/industry/shimen-tea-cooperative/",
            "/reports/",
            "/",
            "/policies/work-team-rotation-measures/",
            "/bulletins/2026-11-winter-visits/",
            "/reports/liuxi-industry-2026/",
            "/bulletins/",
            "/search/",
        ],
    );
    assert_every_check_passed(&lines);
    let checks: Vec<&str> = lines.iter().filter_map(|l| l["check"].as_str()).collect();
    for wanted in [
        "Enter on the buttons: text 200 %, high contrast on",
        "settings remembered on the next page",
        "axe with high contrast and 200 %: /industry/shimen-tea-cooperative/",
        "320 px at 100 %, no horizontal scrolling: /policies/work-team-rotation-measures/",
        "read aloud (stand-in engine): Enter starts with the zh-CN voice, Enter stops, the end resets aria-pressed",
        "without JavaScript: no toolbar, article readable",
    ] {
        assert!(
            checks.contains(&wanted),
            "missing check {wanted:?} in {checks:#?}"
        );
    }
    // Headless Chromium on Linux has speechSynthesis but no voice: the button must stay hidden
    // there. Either outcome of the real engine is accepted as long as it matches the voices.
    assert!(
        checks
            .iter()
            .any(|c| c.starts_with("read aloud (real engine)")),
        "{checks:#?}"
    );
}

#[test]
fn a_phone_shows_every_page_title_in_the_first_third_with_the_menu_folded() {
    let (_dir, out) = build_sample(&[]);
    let server = StaticServer::start(&out);
    let base = server.url("/");
    let mut args = vec![base.as_str()];
    args.extend(SAMPLE_PAGES.iter().map(|(_, path)| *path));
    let lines = run_browser("first_screen.mjs", &args);
    assert_every_check_passed(&lines);
    // Every page at 390 px, at 390 px with 200 % text and at 1366 px, and the keyboard with
    // and without JavaScript.
    assert_eq!(lines.len(), SAMPLE_PAGES.len() * 3 + 2, "{lines:#?}");
}

/// The text of each page of a PDF, in order.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = tools::run_command(
        std::process::Command::new(tools::pdftotext())
            .arg("-layout")
            .arg(pdf)
            .arg("-"),
        std::time::Duration::from_secs(60),
    );
    assert!(out.status.success(), "pdftotext failed: {}", out.stderr);
    let mut pages: Vec<String> = out.stdout.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn a_printed_bulletin_keeps_its_distribution_block_with_its_last_lines() {
    let (dir, out) = build_sample(&[]);
    let server = StaticServer::start(&out);
    // (bulletin, pages its text needs, the first line of its 报尾)
    let bulletins = [
        ("/bulletins/2026-11-winter-visits/", 1, "报："),
        (
            "/bulletins/2026-09-supplement-midterm-exchange/",
            2,
            "主送：",
        ),
    ];
    let mut args = Vec::new();
    for (i, (path, _, _)) in bulletins.iter().enumerate() {
        args.push(server.url(path));
        args.push(
            dir.path()
                .join(format!("bulletin-{i}.pdf"))
                .display()
                .to_string(),
        );
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let lines = run_browser("print_pages.mjs", &args);
    assert_eq!(lines.len(), bulletins.len(), "{lines:#?}");
    for (i, (path, needed, first_label)) in bulletins.iter().enumerate() {
        let pages = pdf_pages(&dir.path().join(format!("bulletin-{i}.pdf")));
        assert_eq!(
            pages.len(),
            *needed,
            "{path} printed on {} pages",
            pages.len()
        );
        let page_of = |needle: &str| {
            pages
                .iter()
                .position(|p| p.contains(needle))
                .unwrap_or_else(|| panic!("{needle} is not in the PDF of {path}"))
        };
        let footer = page_of(first_label);
        assert_eq!(
            footer,
            page_of("供稿"),
            "{path}: 报尾 apart from the last lines"
        );
        let before_footer = &pages[footer][..pages[footer].find(first_label).unwrap_or(0)];
        assert!(
            before_footer
                .lines()
                .filter(|l| !l.trim().is_empty())
                .count()
                >= 2,
            "{path}: the 报尾 stands almost alone on page {}:\n{}",
            footer + 1,
            pages[footer]
        );
    }
}

#[test]
fn sample_site_is_valid_html_with_the_theme_scripts() {
    // The whole sample site is checked by sample_site::sample_site_html_is_valid; this one builds
    // under a sub-path and checks the theme's own files are referenced with it.
    let (_dir, out) = build_sample(&["--base-url", "https://www.example.gov.cn/zcdt/"]);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains(r#"<script src="/zcdt/js/a11y.js" data-base="/zcdt/"></script>"#),
        "{html}"
    );
    assert!(html.contains(r#"href="/zcdt/css/jianbao.css""#), "{html}");
    assert!(out.join("js/a11y.js").is_file());
    let errors = tools::vnu_check(&out.join("policies"));
    assert!(errors.is_empty(), "vnu:\n{}", errors.join("\n"));
}

// ---------------------------------------------------------------------------
// Render tests on a small site
// ---------------------------------------------------------------------------

const POLICY_SECTION: &str = "---\ntitle: 政策文件\ntype: policy\nkind: policy\nweight: 3\n---\n";

const LAPSED_POLICY: &str = "---
title: 关于加强驻村干部管理的若干措施
date: 2023-04-18 09:30
summary: 县委组织部印发加强驻村干部管理的若干措施。
tags: [驻村帮扶]
source: 县委组织部
author: 组织二科
policy:
  索引号: \"000014349/2023-00006\"
  主题分类: 组织人事
  发文机关: 中共测试县委组织部
  成文日期: 2023-04-12
  发文字号: 测组发〔2023〕6号
  主题词: [驻村干部, 管理]
  有效性: 有效
  有效期至: 2025-12-31
  政策解读: \"@/policies/jiedu.md\"
---
正文。
";

const INTERPRETATION: &str = "---
title: 《关于加强驻村干部管理的若干措施》解读
date: 2023-04-18 09:30
---
解读正文。
";

fn policy_site() -> SiteTest {
    let site = SiteTest::fixture("build/basic");
    site.write("content/policies/_index.md", POLICY_SECTION)
        .write("content/policies/measures.md", LAPSED_POLICY)
        .write("content/policies/jiedu.md", INTERPRETATION);
    site.build().success();
    site
}

#[test]
fn policy_table_shows_metadata_and_lapsed_validity() {
    let site = policy_site();
    let html = site.output("policies/measures/index.html");
    let article = region(&html, "<article", "<h1>");
    insta::assert_snapshot!("policy_metadata_lapsed", article);
    assert!(article.contains(r#"<strong class="validity validity--invalid">已失效</strong>"#));
    assert!(article.contains("<td>测组发〔2023〕6号</td>"));
    assert!(article.contains(">2023年4月12日</time>"));
    // The interpretation names nothing, yet links back to the policy.
    let jiedu = site.output("policies/jiedu/index.html");
    assert!(
        jiedu.contains(r#"<p class="policy-source">解读对象：<a href="/policies/measures/">关于加强驻村干部管理的若干措施</a></p>"#),
        "{jiedu}"
    );
    assert!(!jiedu.contains("policy-meta"), "{jiedu}");
    // A policy in force shows 有效 without the alarm.
    site.write(
        "content/policies/measures.md",
        LAPSED_POLICY.replace("2025-12-31", "2099-12-31"),
    );
    site.build().success();
    let html = site.output("policies/measures/index.html");
    assert!(
        html.contains(r#"<span class="validity">有效</span>"#),
        "{html}"
    );
    assert!(!html.contains("policy-invalid"), "{html}");
}

const BULLETIN_SECTION: &str =
    "---\ntitle: 驻村工作简报\ntype: bulletin\nkind: news\nweight: 4\n---\n";

const BULLETIN: &str = "---
title: 石门村用三张清单推动项目落地
date: 2026-11-20
source: 石门村驻村工作队
bulletin:
  期号: 10
  编发单位: 测试县驻村工作领导小组办公室
  内部资料: true
  报: [市委组织部, 市驻村办]
  送: 县委、县政府有关领导
  发: [各乡镇党委, 各驻村工作队]
  印数: 60
---
正文。
";

const SUPPLEMENT: &str = "---
title: 中期交流会发言摘编
date: 2025-09-25
bulletin:
  期号: 1
  增刊: true
  编发单位: 测试县驻村工作领导小组办公室
  主送: [各乡镇党委, 各驻村工作队]
  抄送: 县委组织部
  印数: 45
---
正文。
";

fn bulletin_site() -> SiteTest {
    let site = SiteTest::fixture("build/basic");
    site.write("content/bulletins/_index.md", BULLETIN_SECTION)
        .write("content/bulletins/three-lists.md", BULLETIN)
        .write("content/bulletins/exchange.md", SUPPLEMENT);
    site.build().success();
    site
}

#[test]
fn bulletin_has_masthead_and_distribution_lines() {
    let site = bulletin_site();
    let html = site.output("bulletins/three-lists/index.html");
    insta::assert_snapshot!(
        "bulletin_masthead",
        region(&html, r#"<header class="bulletin-masthead">"#, "</header>")
    );
    insta::assert_snapshot!(
        "bulletin_footer",
        region(&html, r#"<footer class="bulletin-footer">"#, "</footer>")
    );
    assert!(html.contains(r#"<p class="bulletin-name">驻村工作简报</p>"#));
    assert!(html.contains(r#"<p class="bulletin-issue">2026年第10期</p>"#));
    assert!(html.contains(r#"<body class="type-bulletin">"#));

    let supplement = site.output("bulletins/exchange/index.html");
    assert!(supplement.contains(r#"<p class="bulletin-issue">2025年增刊第1期</p>"#));
    assert!(!supplement.contains("bulletin-internal"));
    let footer = region(
        &supplement,
        r#"<footer class="bulletin-footer">"#,
        "</footer>",
    );
    assert!(footer.contains(r#"<span class="dist-label">主送：</span>各乡镇党委，各驻村工作队"#));
    assert!(footer.contains(r#"<span class="dist-label">抄送：</span>县委组织部"#));
    assert!(footer.contains("（共印45份）"));
    assert!(!footer.contains("报："));
}

#[test]
fn bulletins_are_listed_by_year_newest_first() {
    let site = bulletin_site();
    let list = site.output("bulletins/index.html");
    let y2026 = list.find(r#"<h2 id="year-2026">2026年</h2>"#).expect(&list);
    let y2025 = list.find(r#"<h2 id="year-2025">2025年</h2>"#).expect(&list);
    let first = list.find("石门村用三张清单推动项目落地").unwrap();
    let second = list.find("中期交流会发言摘编").unwrap();
    assert!(y2026 < first && first < y2025 && y2025 < second, "{list}");
    assert!(
        list.contains(r#"<span class="bulletin-entry-issue">第10期</span>"#),
        "{list}"
    );
    assert!(
        list.contains(r#"<span class="bulletin-entry-issue">增刊第1期</span>"#),
        "{list}"
    );
}

const REPORT: &str = "---
title: 柳溪村猕猴桃产业提质增效
date: 2026-11-21
field: 产业
villages: [柳溪村]
team: 县农业农村局驻柳溪村工作队
metrics:
  引进项目: 3 个
  争取扶持资金: 180万元
  村集体经营性收入: 42.6 万元
  参训人员: 1,260
---
正文。
";

#[test]
fn report_shows_field_and_figures_before_the_text() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        "content/reports/_index.md",
        "---\ntitle: 工作成效\ntype: report\n---\n",
    )
    .write("content/reports/liuxi.md", REPORT);
    site.build().success();
    let html = site.output("reports/liuxi/index.html");
    let facts = region(&html, r#"<section class="report-facts""#, "</section>");
    insta::assert_snapshot!("report_figures", facts);
    assert!(html.find("report-facts").unwrap() < html.find(r#"<div class="content">"#).unwrap());
    assert!(facts.contains(
        r#"<tr><th scope="row">争取扶持资金</th><td class="num">180</td><td>万元</td></tr>"#
    ));
    assert!(
        facts.contains(
            r#"<tr><th scope="row">参训人员</th><td class="num">1,260</td><td></td></tr>"#
        )
    );
    assert!(facts.contains(r#"<span class="field-tag">产业振兴</span>"#));
}

#[test]
fn article_and_list_pages_carry_the_guideline_meta_tags() {
    let site = policy_site();
    site.write(
        "site.yaml",
        "title: 测试县驻村工作\ndescription: 测试站点\nbase_url: https://test.example.gov.cn/zcdt/\npage_size: 2\nfooter:\n  sponsor: 测试县委组织部\n  site_code: \"3600000001\"\n",
    );
    site.write(
        "content/news/_index.md",
        "---\ntitle: 工作动态\ndescription: 驻村工作队日常工作\nkind: news\nextra:\n  keywords: [驻村工作, 工作动态]\n---\n",
    );
    site.build().success();
    let article = head_metadata(&site.output("news/tea/index.html"));
    insta::assert_snapshot!("article_meta_tags", article);
    assert!(article.contains(r#"<meta name="PubDate" content="2025-03-01 00:00">"#));
    assert!(article.contains(r#"<meta name="SiteIDCode" content="3600000001">"#));
    assert!(article.contains(r#"<meta property="og:type" content="article">"#));

    let list = head_metadata(&site.output("news/index.html"));
    insta::assert_snapshot!("list_meta_tags", list);
    assert!(list.contains(r#"<meta name="ColumnType" content="工作动态">"#));
    assert!(list.contains(r#"<meta name="ColumnKeywords" content="驻村工作,工作动态">"#));

    // A policy's keywords are its 主题词, its source falls back to the issuer.
    let policy = head_metadata(&site.output("policies/measures/index.html"));
    assert!(
        policy.contains(r#"<meta name="Keywords" content="驻村干部,管理">"#),
        "{policy}"
    );
    assert!(
        policy.contains(r#"<meta name="PubDate" content="2023-04-18 09:30">"#),
        "{policy}"
    );
    let policies = head_metadata(&site.output("policies/index.html"));
    assert!(
        policies.contains(r#"<meta name="ColumnType" content="政策文件">"#),
        "{policies}"
    );
    // Every page names the site.
    for page in [
        "index.html",
        "404.html",
        "tags/index.html",
        "archive/index.html",
    ] {
        let head = head_metadata(&site.output(page));
        for tag in [
            r#"<meta name="SiteName" content="测试县驻村工作">"#,
            r#"<meta name="SiteDomain" content="test.example.gov.cn">"#,
            r#"<meta name="SiteIDCode" content="3600000001">"#,
        ] {
            assert!(head.contains(tag), "{page} lacks {tag}:\n{head}");
        }
    }
}

const FULL_FOOTER: &str = "title: 测试县驻村工作
description: 测试站点
base_url: https://test.example.gov.cn/
page_size: 2
footer:
  sponsor: 中共测试县委组织部
  organizer: 测试县驻村办
  address: 测试县人民路1号
  email: zzb@test.example.gov.cn
  site_code: \"3600000001\"
  icp: 赣ICP备00000000号
  police_record: 赣公网安备 36000002000001号
  conac_url: https://bszs.conac.cn/sitename?method=show&id=0000000000
  copyright: 版权所有
";

#[test]
fn footer_identity_block_shows_each_item_that_is_set() {
    let site = SiteTest::fixture("build/basic");
    site.write("site.yaml", FULL_FOOTER);
    site.build().success();
    let html = site.output("index.html");
    let footer = region(
        &html,
        r#"<div class="footer-identity">"#,
        "\n    </div>\n  </div>\n</footer>",
    );
    insta::assert_snapshot!("footer_identity", footer);
    assert!(footer.contains(r#"<a href="https://beian.miit.gov.cn/">赣ICP备00000000号</a>"#));
    assert!(footer.contains(r#"code=36000002000001">赣公网安备 36000002000001号</a>"#));
    assert!(footer.contains("sitecode=3600000001\">我为政府网站找错</a>"));
    assert!(footer.contains("党政机关"));

    // With an image the mark is the image, linked the same way.
    site.write(
        "site.yaml",
        format!("{FULL_FOOTER}  conac_image: img/conac.png\n"),
    )
    .write("static/img/conac.png", b"\x89PNG\r\n\x1a\n");
    site.build().success();
    let html = site.output("index.html");
    assert!(
        html.contains(r#"<img src="/img/conac.png" alt="党政机关网站标识""#),
        "{html}"
    );

    // Only the sponsor: no empty labels, no filing links, no badge, no error-report link.
    let site = SiteTest::fixture("build/basic");
    site.build().success();
    let html = site.output("index.html");
    let footer = region(&html, r#"<footer class="site-footer">"#, "</footer>");
    assert!(footer.contains("主办单位：测试县委组织部"), "{footer}");
    for absent in [
        "承办单位",
        "网站标识码",
        "ICP",
        "公网安备",
        "conac",
        "找错",
        "<p></p>",
    ] {
        assert!(!footer.contains(absent), "{absent} in:\n{footer}");
    }
}

#[test]
fn english_sites_get_english_theme_words() {
    let site = bulletin_site();
    site.write(
        "site.yaml",
        "title: Test County\nbase_url: https://test.example.gov.cn/\nlanguage: en\nfooter:\n  sponsor: County Office\n  site_code: \"3600000001\"\n",
    );
    site.build().success();
    let html = site.output("bulletins/three-lists/index.html");
    for word in [
        "Larger text",
        "High contrast",
        "Read aloud",
        "2026 No. 10",
        "<span class=\"dist-label\">To: </span>",
        " (60 copies printed)",
        "Report an error on this government website",
    ] {
        assert!(html.contains(word), "{word:?} missing:\n{html}");
    }
    for word in [
        "放大字号",
        "高对比度",
        "朗读全文",
        "共印",
        "我为政府网站找错",
    ] {
        assert!(!html.contains(word), "{word:?} in an English page");
    }
}

#[test]
fn every_built_in_template_is_compiled_in() {
    let dir = repo_root().join("templates");
    let names: Vec<&str> = jianbao::render::theme::TEMPLATES
        .iter()
        .map(|(name, _)| *name)
        .collect();
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative_name(entry.path(), &dir);
        assert!(
            names.contains(&rel.as_str()),
            "templates/{rel} is not in theme::TEMPLATES"
        );
    }
    let statics: Vec<&str> = jianbao::render::theme::STATIC_FILES
        .iter()
        .map(|(name, _)| *name)
        .collect();
    for wanted in ["css/jianbao.css", "js/a11y.js"] {
        assert!(statics.contains(&wanted), "{wanted} is not built in");
    }
}

fn relative_name(path: &Path, dir: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_page_names_an_icon_that_exists_and_a_site_can_use_its_own() {
    let site = SiteTest::fixture("build/basic");
    site.write("site.yaml", FULL_FOOTER);
    site.build().success();
    let html = site.output("index.html");
    assert!(
        html.contains(r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#),
        "{html}"
    );
    let tree = site.output_tree();
    assert!(tree["favicon.svg"].starts_with(b"<svg"));
    // The ICO that browsers and crawlers ask for without a link: an icon directory of PNGs.
    assert!(tree["favicon.ico"].starts_with(&[0, 0, 1, 0]));

    site.write(
        "site.yaml",
        format!("{FULL_FOOTER}favicon: img/emblem.png\n"),
    )
    .write("static/img/emblem.png", b"\x89PNG\r\n\x1a\n");
    site.build().success();
    let html = site.output("news/tea/index.html");
    assert!(
        html.contains(r#"<link rel="icon" href="/img/emblem.png" type="image/png">"#),
        "{html}"
    );

    // A path that names no file is an error in site.yaml, and nothing is published.
    let before = site.output_tree();
    site.write(
        "site.yaml",
        format!("{FULL_FOOTER}favicon: img/missing.png\n"),
    );
    site.build()
        .failure()
        .stderr_has("site.yaml")
        .stderr_has("favicon")
        .stderr_has("static/img/missing.png");
    assert_eq!(site.output_tree(), before);
}
