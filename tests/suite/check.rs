//! `jianbao check` through the real binary: each rule on a fixture that triggers it and on a near
//! miss that must not, the seed speech template, ordinary prose, the ledger kept by `build`,
//! configuration, silencing, output formats and exit codes.

use crate::support::{SiteTest, fixtures, repo_root};

/// The day every fixture is judged on.
const TODAY: &str = "2026-11-28";

/// One finding as `--format json` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Finding {
    path: String,
    line: Option<usize>,
    col: Option<usize>,
    severity: String,
    code: String,
    message: String,
    hint: Option<String>,
    excerpt: Option<String>,
}

/// What one `jianbao check --format json` run printed and how it ended.
struct Checked {
    exit: Option<i32>,
    findings: Vec<Finding>,
    stderr: String,
}

impl Checked {
    /// `(path, line, code)` of every finding, in output order.
    fn places(&self) -> Vec<(&str, Option<usize>, &str)> {
        self.findings
            .iter()
            .map(|f| (f.path.as_str(), f.line, f.code.as_str()))
            .collect()
    }

    fn with_code(&self, code: &str) -> Vec<&Finding> {
        self.findings.iter().filter(|f| f.code == code).collect()
    }

    fn in_file(&self, path: &str) -> Vec<&Finding> {
        self.findings.iter().filter(|f| f.path == path).collect()
    }
}

/// Runs `jianbao check --format json --today TODAY ARGS` in the site and parses every line.
fn check(site: &SiteTest, args: &[&str]) -> Checked {
    let mut all = vec!["check", "--format", "json", "--today", TODAY];
    all.extend_from_slice(args);
    let run = site.run(&all);
    let stdout = String::from_utf8_lossy(&run.output.stdout).into_owned();
    let findings = stdout.lines().map(parse_finding).collect();
    Checked {
        exit: run.output.status.code(),
        findings,
        stderr: run.stderr(),
    }
}

fn parse_finding(line: &str) -> Finding {
    let v: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    let text = |key: &str| v[key].as_str().map(str::to_string);
    let number = |key: &str| v[key].as_u64().map(|n| n as usize);
    Finding {
        path: text("path").expect("path"),
        line: number("line"),
        col: number("col"),
        severity: text("severity").expect("severity"),
        code: text("code").expect("code"),
        message: text("message").expect("message"),
        hint: text("hint"),
        excerpt: text("excerpt"),
    }
}

/// 1-based (line, column in characters) of every occurrence of `needle` in `text`.
fn positions(text: &str, needle: &str) -> Vec<(usize, usize)> {
    text.lines()
        .enumerate()
        .flat_map(|(i, line)| {
            line.match_indices(needle)
                .map(move |(at, _)| (i + 1, line[..at].chars().count() + 1))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The seed and ordinary prose
// ---------------------------------------------------------------------------------------------

#[test]
fn seed_speech_template_is_caught_at_every_placeholder_and_the_spam_line() {
    let site = SiteTest::fixture("check/seed");
    let page = "content/news/rotation-speech.md";
    let text = std::fs::read_to_string(site.root.join(page)).unwrap();
    let run = check(&site, &[]);
    assert_eq!(run.exit, Some(1), "{}", run.stderr);

    let mut expected = positions(&text, "XX");
    assert_eq!(expected.len(), 8, "the seed has eight XX");
    expected.extend(positions(&text, "……略……"));
    expected.extend(positions(&text, "高知_等").iter().map(|&(l, c)| (l, c + 2)));
    expected.sort_unstable();
    let found: Vec<(usize, usize)> = run
        .with_code("placeholder")
        .iter()
        .map(|f| (f.line.unwrap(), f.col.unwrap()))
        .collect();
    assert_eq!(found, expected);
    assert!(
        run.with_code("placeholder")
            .iter()
            .all(|f| f.path == page && f.severity == "error")
    );

    let spam = run.with_code("spam");
    let spam_line = positions(&text, "联系老师")[0].0;
    assert_eq!(spam.len(), 1, "{spam:?}");
    assert_eq!((spam[0].line, spam[0].col), (Some(spam_line), Some(1)));
    assert!(spam[0].excerpt.as_deref().unwrap().contains("mbgs777"));
    // The seed's half-width punctuation is reported too, as warnings.
    assert!(
        run.with_code("punctuation-halfwidth")
            .iter()
            .all(|f| f.severity == "warning")
    );
    // More than a hundred of them: three are listed and the fourth gives the count (less noise).
    let halfwidth = run.with_code("punctuation-halfwidth");
    assert_eq!(halfwidth.len(), 4, "{halfwidth:?}");
    let total: usize = halfwidth[3]
        .message
        .split("this file has ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count in the fourth finding");
    assert!(total > 100, "{total}");
}

#[test]
fn ordinary_official_prose_gives_no_findings() {
    let site = SiteTest::fixture("check/clean");
    let prose = std::fs::read_to_string(fixtures().join("check/clean-prose.md")).unwrap();
    assert!(prose.lines().count() >= 1800);
    let page = format!(
        "---\ntitle: 双河镇石桥村驻村工作队2026年第三季度工作总结\ndate: 2026-11-20\nsummary: 工作队在双河镇党委领导下，认真履行建强村党组织、推进强村富民等职责。\nsource: 双河镇石桥村驻村工作队\n---\n{prose}"
    );
    site.write("content/news/report/index.md", page);
    let run = check(&site, &["--strict"]);
    assert!(
        run.findings.is_empty(),
        "{} findings, first: {:#?}",
        run.findings.len(),
        &run.findings[..run.findings.len().min(5)]
    );
    assert_eq!(run.exit, Some(0), "{}", run.stderr);
}

#[test]
fn sample_site_passes_with_no_errors_and_no_warnings() {
    let root = repo_root();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .args(["check", "--strict", "--today", TODAY, "--root"])
        .arg(&root)
        .env("LANG", "en_US.UTF-8")
        .output()
        .expect("run jianbao");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("0 error(s), 0 warning(s)"), "{stdout}");
}

// ---------------------------------------------------------------------------------------------
// Rules 1–5, 9, 10: what build validates, and the text rules
// ---------------------------------------------------------------------------------------------

#[test]
fn everything_build_refuses_is_reported_in_one_run() {
    let site = SiteTest::fixture("check/build-errors");
    let run = check(&site, &[]);
    assert_eq!(run.exit, Some(1));
    assert_eq!(
        run.places(),
        [
            (
                "content/news/attach/index.md",
                Some(4),
                "missing-attachment"
            ),
            ("content/news/bad-date.md", Some(3), "bad-date"),
            ("content/news/broken.md", Some(5), "broken-link"),
            ("content/news/broken.md", Some(7), "placeholder"),
            ("content/news/no-title.md", Some(1), "missing-title"),
            ("content/policies/bad-doc.md", Some(5), "doc-number"),
        ]
    );
    // The column whose only page build refused is not called empty as well.
    assert!(run.with_code("column-empty").is_empty());
    assert!(!site.root.join("public").exists(), "check must not write");
}

#[test]
fn a_broken_template_is_reported() {
    let site = SiteTest::fixture("check/ledger");
    site.write("templates/page.html", "{% if %}\n");
    let run = check(&site, &[]);
    assert_eq!(run.exit, Some(1));
    assert!(
        run.findings
            .iter()
            .any(|f| f.path.starts_with("templates/") && f.severity == "error"),
        "{:#?}",
        run.findings
    );
}

#[test]
fn each_text_rule_fires_on_its_trigger_at_its_line() {
    let site = SiteTest::fixture("check/rules");
    let run = check(&site, &[]);
    let got: Vec<(usize, &str, &str)> = run
        .in_file("content/news/triggers.md")
        .iter()
        .map(|f| (f.line.unwrap(), f.code.as_str(), f.severity.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "placeholder", "error"), // in the title
            (4, "typo", "error"),        // in the summary
            (9, "heading-skip", "warning"),
            (11, "placeholder", "error"),
            (13, "spam", "error"),
            (15, "link-external", "warning"),
            (17, "typo", "error"),
            (19, "personal-id", "error"),
            (21, "personal-mobile", "error"),
            (23, "personal-bank", "error"),
            (25, "doc-number", "error"),
            (27, "punctuation-halfwidth", "warning"),
            (29, "punctuation-unmatched", "warning"),
            (31, "punctuation-doubled", "warning"),
            (33, "emphasis-unrendered", "warning"),
            (35, "image-alt", "warning"),
            (37, "link-text", "warning"),
        ]
    );
    assert_eq!(run.exit, Some(1));
}

#[test]
fn near_misses_of_every_text_rule_stay_quiet() {
    let site = SiteTest::fixture("check/rules");
    let run = check(&site, &[]);
    assert_eq!(
        run.in_file("content/news/near-misses.md"),
        Vec::<&Finding>::new()
    );
}

#[test]
fn front_matter_findings_point_at_the_value() {
    let site = SiteTest::fixture("check/rules");
    let run = check(&site, &[]);
    let title = &run.in_file("content/news/triggers.md")[0];
    // `title: 关于XX村的情况通报`: the XX is at column 10 of line 2.
    assert_eq!((title.line, title.col), (Some(2), Some(10)));
    assert_eq!(title.excerpt.as_deref(), Some("title: 关于XX村的情况通报"));
}

#[test]
fn personal_data_is_masked_in_every_excerpt() {
    let site = SiteTest::fixture("check/rules");
    let run = check(&site, &[]);
    for f in &run.findings {
        let excerpt = f.excerpt.as_deref().unwrap_or("");
        for number in ["11010519491231002X", "13812345678", "6222021234567890128"] {
            assert!(!excerpt.contains(number), "{f:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 6: freshness
// ---------------------------------------------------------------------------------------------

#[test]
fn columns_are_judged_by_kind_and_period() {
    let site = SiteTest::fixture("check/freshness");
    let run = check(&site, &[]);
    let got: Vec<(&str, &str, &str)> = run
        .findings
        .iter()
        .map(|f| (f.path.as_str(), f.code.as_str(), f.severity.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            // Only an `_index.md`: an empty column.
            ("content/empty/_index.md", "column-empty", "error"),
            // News, 12 days old: warned after 10 days.
            ("content/events/_index.md", "column-stale", "warning"),
            // Notices (from the folder name), 166 days: warned 30 days before 183.
            ("content/notices/_index.md", "column-stale", "warning"),
            // Its only page has expired and left the lists.
            ("content/old/_index.md", "column-empty", "error"),
            // Policy content type: 241 days against 183.
            ("content/policies/_index.md", "column-stale", "error"),
            // News, 27 days.
            ("content/stale/_index.md", "column-stale", "error"),
        ]
    );
    // Near misses: fresh news (8 days), a plan of 322 days, `update_within: 60` at 39 days, a
    // parent column whose sub-column is fresh, undated pages about the site.
    assert_eq!(run.exit, Some(1));
}

#[test]
fn a_stale_column_names_its_newest_item_its_date_and_the_days_over() {
    let site = SiteTest::fixture("check/freshness");
    let run = check(&site, &[]);
    let stale = run.in_file("content/stale/_index.md")[0];
    assert_eq!(
        stale.message,
        "the column `乡村振兴` has not been updated for 27 days, 13 days past its 14-day period: its newest item `十月的工作总结` is dated 2026-11-01"
    );
    let close = run.in_file("content/events/_index.md")[0];
    assert!(close.message.contains("in 2 days"), "{}", close.message);
    assert!(close.message.contains("主题党日活动"), "{}", close.message);

    let zh = site.run(&["--lang", "zh", "check", "--today", TODAY]);
    let stdout = String::from_utf8_lossy(&zh.output.stdout);
    assert!(
        stdout.contains("栏目“乡村振兴”已 27 天没有更新，超过 14 天的更新要求 13 天：最新一篇“十月的工作总结”发布于2026年11月1日"),
        "{stdout}"
    );
}

#[test]
fn the_home_page_counts_the_newest_item_of_the_site() {
    let site = SiteTest::fixture("check/freshness");
    let home = |today: &str| {
        let run = site.run(&["check", "--format", "json", "--today", today]);
        String::from_utf8_lossy(&run.output.stdout)
            .lines()
            .map(parse_finding)
            .filter(|f| f.code == "home-stale")
            .map(|f| f.severity)
            .collect::<Vec<_>>()
    };
    // The newest page is dated 2026-11-24.
    assert_eq!(home("2026-12-04"), Vec::<String>::new());
    assert_eq!(home("2026-12-05"), ["warning"]);
    assert_eq!(home("2026-12-09"), ["error"]);
}

#[test]
fn freshness_periods_and_kinds_can_be_changed() {
    let site = SiteTest::fixture("check/freshness");
    site.write(
        "site.yaml",
        "title: 测试县驻村工作\nbase_url: https://www.test.gov.cn/\ncheck:\n  freshness:\n    news: 30\n    policy: 365\n",
    );
    site.write(
        "content/empty/_index.md",
        "---\ntitle: 空栏目\n# jianbao-ignore: column-empty\n---\n",
    );
    let run = check(&site, &[]);
    let paths: Vec<&str> = run.findings.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "content/notices/_index.md",
            "content/old/_index.md",
            "content/stale/_index.md"
        ]
    );
    // 27 days against 30: now a warning.
    assert_eq!(
        run.in_file("content/stale/_index.md")[0].severity,
        "warning"
    );
}

// ---------------------------------------------------------------------------------------------
// Rule 7: the publication ledger
// ---------------------------------------------------------------------------------------------

fn ledger(site: &SiteTest) -> String {
    std::fs::read_to_string(site.root.join(".jianbao/published.yaml")).expect("ledger written")
}

#[test]
fn build_records_first_publication_dates_of_published_pages_only() {
    let site = SiteTest::fixture("check/ledger");
    site.build().success();
    let text = ledger(&site);
    let entries: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        entries,
        [r#"/news/tea/: "2026-11-20T00:00:00+08:00""#],
        "{text}"
    );
    // A build that publishes nothing new leaves the file alone.
    let modified = |site: &SiteTest| {
        std::fs::metadata(site.root.join(".jianbao/published.yaml"))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = modified(&site);
    site.build().success();
    assert_eq!(modified(&site), before);
}

#[test]
fn new_pages_are_added_in_sorted_order_and_recorded_dates_never_change() {
    let site = SiteTest::fixture("check/ledger");
    site.build().success();
    site.write(
        "content/news/tea.md",
        "---\ntitle: 茶叶合作社分红\ndate: 2026-11-23\n---\n改了日期。\n",
    );
    site.write(
        "content/news/apple.md",
        "---\ntitle: 苹果园\ndate: 2026-11-22 10:30\n---\n正文。\n",
    );
    site.build().success();
    let text = ledger(&site);
    let entries: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        entries,
        [
            r#"/news/apple/: "2026-11-22T10:30:00+08:00""#,
            r#"/news/tea/: "2026-11-20T00:00:00+08:00""#,
        ]
    );
}

#[test]
fn a_changed_publication_date_is_an_error() {
    let site = SiteTest::fixture("check/ledger");
    site.build().success();
    assert!(check(&site, &[]).findings.is_empty());
    site.write(
        "content/news/tea.md",
        "---\ntitle: 茶叶合作社分红\ndate: 2026-11-25\n---\n石门村茶叶合作社今年首次分红。\n",
    );
    let run = check(&site, &[]);
    assert_eq!(run.exit, Some(1));
    let changed = run.with_code("date-changed");
    assert_eq!(changed.len(), 1);
    let f = changed[0];
    assert_eq!((f.path.as_str(), f.line), ("content/news/tea.md", Some(3)));
    assert_eq!(f.severity, "error");
    assert!(f.message.contains("2026-11-20") && f.message.contains("2026-11-25"));
    assert!(f.hint.as_deref().unwrap().contains("updated:"));
    assert_eq!(f.excerpt.as_deref(), Some("date: 2026-11-25"));
}

#[test]
fn the_same_day_written_differently_or_an_update_is_not_a_changed_date() {
    let site = SiteTest::fixture("check/ledger");
    site.build().success();
    site.write(
        "content/news/tea.md",
        "---\ntitle: 茶叶合作社分红\ndate: 2026年11月20日 09:00\nupdated: 2026-11-26\n---\n补充了内容。\n",
    );
    let run = check(&site, &[]);
    assert!(run.findings.is_empty(), "{:#?}", run.findings);
}

#[test]
fn a_removed_date_is_reported_and_a_comment_can_excuse_a_changed_one() {
    let site = SiteTest::fixture("check/ledger");
    site.write(
        "content/news/_index.md",
        "---\ntitle: 工作动态\ndated: false\n---\n",
    );
    site.build().success();
    site.write(
        "content/news/tea.md",
        "---\ntitle: 茶叶合作社分红\n---\n正文。\n",
    );
    let removed = check(&site, &[]);
    let places: Vec<_> = removed
        .with_code("date-changed")
        .iter()
        .map(|f| (f.path.as_str(), f.line))
        .collect();
    assert_eq!(places, [("content/news/tea.md", Some(2))]);
    assert!(
        removed.with_code("date-changed")[0]
            .message
            .contains("removed")
    );
    site.write(
        "content/news/tea.md",
        "---\ntitle: 茶叶合作社分红\n# jianbao-ignore: date-changed\ndate: 2026-11-21\n---\n正文。\n",
    );
    assert!(check(&site, &[]).with_code("date-changed").is_empty());
}

#[test]
fn a_ledger_that_cannot_be_written_only_warns() {
    let site = SiteTest::fixture("check/ledger");
    // A file where the ledger's folder should be.
    site.write(".jianbao", "not a folder");
    site.build()
        .success()
        .stderr_has("warning[ledger]")
        .stderr_has("Built");
    assert!(site.root.join("public/news/tea/index.html").is_file());
}

#[test]
fn the_ledger_can_live_elsewhere() {
    let site = SiteTest::fixture("check/ledger");
    site.write(
        "site.yaml",
        "title: 测试县驻村工作\nbase_url: https://www.test.gov.cn/\ncheck:\n  ledger: records/published.yaml\n",
    );
    site.build().success();
    assert!(site.root.join("records/published.yaml").is_file());
    assert!(!site.root.join(".jianbao").exists());
    site.write(
        "content/news/tea.md",
        "---\ntitle: 茶叶合作社分红\ndate: 2026-11-25\n---\n正文。\n",
    );
    assert_eq!(check(&site, &[]).with_code("date-changed").len(), 1);
}

#[test]
fn check_never_writes_the_ledger() {
    let site = SiteTest::fixture("check/ledger");
    check(&site, &[]);
    assert!(!site.root.join(".jianbao").exists());
    assert!(!site.root.join("public").exists());
}

// ---------------------------------------------------------------------------------------------
// Rule 8: policy metadata
// ---------------------------------------------------------------------------------------------

#[test]
fn policy_metadata_warnings_and_their_near_misses() {
    let site = SiteTest::fixture("check/policy");
    let run = check(&site, &[]);
    assert_eq!(
        run.places(),
        [
            ("content/policies/lapsed.md", Some(5), "policy-lapsed"),
            (
                "content/policies/normative.md",
                Some(5),
                "policy-interpretation"
            ),
            ("content/policies/odd-index.md", Some(5), "index-number"),
        ]
    );
    assert!(run.findings.iter().all(|f| f.severity == "warning"));
    assert_eq!(run.exit, Some(0), "warnings alone pass");
    assert!(
        run.with_code("policy-lapsed")[0]
            .message
            .contains("2025-12-31")
    );
}

#[test]
fn a_site_index_pattern_replaces_the_default_form() {
    let site = SiteTest::fixture("check/policy");
    site.write(
        "site.yaml",
        "title: 测试县驻村工作\nbase_url: https://www.test.gov.cn/\npolicy:\n  index_pattern: '[0-9]{4}-[0-9]+|[0-9]{9}/[0-9]{4}-[0-9]{5}'\n",
    );
    let run = check(&site, &[]);
    assert!(
        run.with_code("index-number").is_empty(),
        "{:#?}",
        run.findings
    );
}

// ---------------------------------------------------------------------------------------------
// Configuration and silencing
// ---------------------------------------------------------------------------------------------

#[test]
fn severities_can_be_raised_lowered_and_switched_off() {
    let site = SiteTest::fixture("check/rules");
    site.write(
        "site.yaml",
        "title: 测试县驻村工作\nbase_url: https://www.test.gov.cn/\ncheck:\n  severity:\n    punctuation: off\n    personal: warning\n    link-external: error\n",
    );
    let run = check(&site, &[]);
    assert!(
        run.findings
            .iter()
            .all(|f| !f.code.starts_with("punctuation"))
    );
    for code in ["personal-id", "personal-mobile", "personal-bank"] {
        assert_eq!(run.with_code(code)[0].severity, "warning");
    }
    assert_eq!(run.with_code("link-external")[0].severity, "error");
}

#[test]
fn typo_and_link_lists_come_from_site_yaml() {
    let site = SiteTest::fixture("check/rules");
    site.write(
        "site.yaml",
        "title: 测试县驻村工作\nbase_url: https://www.test.gov.cn/\ncheck:\n  typo_extra:\n    情况通报: 情况通告\n  typo_allow: [中华人民共合国成立]\n  link_domain_allow: [example.com]\n",
    );
    let run = check(&site, &[]);
    let typos: Vec<Option<usize>> = run
        .in_file("content/news/triggers.md")
        .iter()
        .filter(|f| f.code == "typo")
        .map(|f| f.line)
        .collect();
    // The new pair fires in the title and the heading; the allowed text is quiet.
    assert_eq!(typos, [Some(2), Some(4), Some(7)]);
    assert!(run.with_code("link-external").is_empty());
}

#[test]
fn an_unknown_rule_in_site_yaml_stops_the_check() {
    let site = SiteTest::fixture("check/rules");
    site.write(
        "site.yaml",
        "title: 测试县驻村工作\nbase_url: https://www.test.gov.cn/\ncheck:\n  severity:\n    placeholdr: off\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    assert_eq!(run.output.status.code(), Some(2));
    run.stderr_has("site.yaml:5")
        .stderr_has("there is no rule named `placeholdr`")
        .stderr_has("did you mean `placeholder`?");
}

#[test]
fn comments_silence_single_findings_in_body_and_front_matter() {
    let site = SiteTest::fixture("check/rules");
    let before = check(&site, &[]).findings.len();
    site.write(
        "content/news/triggers.md",
        std::fs::read_to_string(site.root.join("content/news/triggers.md"))
            .unwrap()
            .replacen(
                "title: 关于XX村的情况通报",
                "title: 关于XX村的情况通报 # jianbao-ignore: placeholder",
                1,
            )
            .replacen(
                "助力XX余个行政村。",
                "<!-- jianbao-ignore: placeholder -->\n助力XX余个行政村。",
                1,
            ),
    );
    let run = check(&site, &[]);
    assert_eq!(run.findings.len(), before - 2);
    assert!(
        run.in_file("content/news/triggers.md")
            .iter()
            .all(|f| f.code != "placeholder")
    );
}

// ---------------------------------------------------------------------------------------------
// Output and exit codes
// ---------------------------------------------------------------------------------------------

#[test]
fn json_lines_carry_every_field() {
    let site = SiteTest::fixture("check/rules");
    let run = site.run(&["check", "--format", "json", "--today", TODAY]);
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    let first = stdout.lines().next().unwrap();
    assert!(first.starts_with(r#"{"path":"content/news/triggers.md","line":2,"col":10,"severity":"error","code":"placeholder","message":"#), "{first}");
    let f = parse_finding(first);
    assert!(f.hint.is_some() && f.excerpt.is_some());
    // The summary goes to stderr, so stdout is only JSON.
    assert!(stdout.lines().all(|l| l.starts_with('{')));
    run.stderr_has("Checked 2 pages");
}

#[test]
fn human_output_in_chinese_matches_snapshot() {
    let site = SiteTest::fixture("check/policy");
    site.write(
        "content/policies/lapsed.md",
        "---\ntitle: 已过有效期的XX文件\ndate: 2026-11-21\npolicy:\n  有效性: 有效\n  有效期至: 2025-12-31\n---\n正文,说明。\n",
    );
    let run = site.run(&["--lang", "zh", "check", "--today", TODAY]);
    insta::assert_snapshot!(String::from_utf8_lossy(&run.output.stdout));
}

#[test]
fn human_output_in_english_matches_snapshot() {
    let site = SiteTest::fixture("check/policy");
    let run = site.run(&["--lang", "en", "check", "--today", TODAY]);
    insta::assert_snapshot!(String::from_utf8_lossy(&run.output.stdout));
}

#[test]
fn exit_codes_say_pass_fail_or_unreadable() {
    // Warnings only: passes, unless --strict.
    let site = SiteTest::fixture("check/policy");
    assert_eq!(
        site.run(&["check", "--today", TODAY]).output.status.code(),
        Some(0)
    );
    let strict = site.run(&["check", "--strict", "--today", TODAY]);
    assert_eq!(strict.output.status.code(), Some(1));
    // Errors.
    let site = SiteTest::fixture("check/seed");
    assert_eq!(
        site.run(&["check", "--today", TODAY]).output.status.code(),
        Some(1)
    );
    // No site.yaml.
    let empty = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .args(["check", "--root"])
        .arg(empty.path())
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no-config"));
    // An invalid site.yaml.
    let site = SiteTest::fixture("check/policy");
    site.write("site.yaml", "title: 测试\nbase_ulr: /\n");
    assert_eq!(site.run(&["check"]).output.status.code(), Some(2));
}

#[test]
fn a_bad_today_is_refused_by_the_command_line() {
    let site = SiteTest::fixture("check/policy");
    let run = site.run(&["check", "--today", "2026-13-01"]);
    assert_eq!(run.output.status.code(), Some(2));
    run.stderr_has("--today");
}

#[test]
fn every_rule_is_documented() {
    let docs = std::fs::read_to_string(repo_root().join("docs/check.md")).unwrap();
    for code in jianbao::check::all_codes() {
        assert!(
            docs.contains(&format!("`{code}`")),
            "docs/check.md lacks `{code}`"
        );
    }
}
