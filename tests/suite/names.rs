//! Names that are different on Linux but one on Windows or macOS: case, NFC/NFD spellings,
//! full-width letters in tags.

use crate::support::SiteTest;

fn page(title: &str, tags: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2024-05-01\ntags: [{tags}]\n---\n\n正文。\n")
}

#[test]
fn tags_differing_in_case_or_width_are_one_term_and_warned_about() {
    let site = SiteTest::fixture("build/basic");
    site.write("content/news/a.md", page("甲", "Tea"));
    site.write("content/news/b.md", page("乙", "tea"));
    site.write("content/news/c.md", page("丙", "ｔｅａ"));
    let build = site.build();
    build.success().stderr_has("warning[term-spellings]");
    let terms: Vec<String> = site
        .output_tree()
        .keys()
        .filter_map(|path| path.strip_prefix("tags/"))
        .filter_map(|rest| rest.split_once('/').map(|(term, _)| term.to_string()))
        .filter(|term| term.to_lowercase() == "tea")
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(terms.len(), 1, "one folder for the term: {terms:?}");
    let check = site.run(&["check", "--today", "2025-03-10"]);
    let stdout = String::from_utf8_lossy(&check.output.stdout);
    assert!(stdout.contains("warning[term-spellings]"), "{stdout}");
}

#[test]
fn file_names_differing_in_case_or_normalisation_are_warned_about() {
    let site = SiteTest::fixture("build/basic");
    site.write("content/news/Report.md", page("报告一", "茶"));
    site.write("content/news/report.md", page("报告二", "茶"));
    site.write("content/news/cafe\u{301}.md", page("咖啡一", "茶"));
    site.write("content/news/caf\u{e9}.md", page("咖啡二", "茶"));
    let build = site.build();
    build.success();
    let stderr = build.stderr();
    assert_eq!(
        stderr.matches("warning[name-collision]").count(),
        2,
        "{stderr}"
    );
    let check = site.run(&["check", "--today", "2025-03-10"]);
    let stdout = String::from_utf8_lossy(&check.output.stdout);
    assert_eq!(
        stdout.matches("warning[name-collision]").count(),
        2,
        "{stdout}"
    );
}
