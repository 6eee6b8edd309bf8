//! `jianbao check` on real text: the corpus under `tests/fixtures/check/realtext/`.
//!
//! `clean/` holds official texts that must raise nothing at all; `labelled/` holds excerpts
//! whose problem lines were labelled by hand (in `.labels` side files) before the checker ran
//! on them. The test fails when the clean part raises any finding, or when recall or precision
//! on the labelled part falls below what was measured when the rules were written (the figures
//! in docs/check.md). `cargo test --test suite check_realtext -- --nocapture` prints the table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jianbao::check::rules::{RuleConfig, scan_markdown_dated};
use jiff::civil::Date;

/// Measured when the rules were written (see docs/check.md); a regression fails the test.
const MIN_LINE_RECALL: f64 = 0.92;
const MIN_PRECISION: f64 = 0.94;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check/realtext")
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

/// The family a finding counts for: the label that equals the rule or prefixes it with `-`.
fn family_of<'a>(rule: &str, families: &'a [&'a str]) -> Option<&'a str> {
    families
        .iter()
        .copied()
        .find(|f| rule == *f || rule.strip_prefix(f).is_some_and(|r| r.starts_with('-')))
}

const FAMILIES: &[&str] = &[
    "boilerplate",
    "spam",
    "placeholder",
    "mask",
    "word",
    "personal",
    "punctuation",
    "sensitive",
    "dated",
    "doc-number",
    "typo",
];

/// (line, family) pairs the checker reports for one text, deduplicated.
fn reported(text: &str, date: Option<Date>) -> BTreeSet<(usize, String)> {
    scan_markdown_dated(text, 1, &RuleConfig::default(), date)
        .into_iter()
        .map(|f| {
            let family = family_of(f.rule, FAMILIES).unwrap_or(f.rule);
            (f.line, family.to_string())
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    labelled: usize,
    found: usize,
    reported: usize,
    correct: usize,
}

/// The date of every clean text, from the `date` column of SOURCES.md: the full date when the
/// cell starts with one, else 31 December of the first year named.
fn clean_dates() -> BTreeMap<String, Date> {
    let sources = std::fs::read_to_string(corpus().join("SOURCES.md")).expect("SOURCES.md");
    let mut out = BTreeMap::new();
    for row in sources.lines().filter(|l| l.starts_with("| clean/")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let name = cells[1].trim_start_matches("clean/").to_string();
        let cell = cells[3];
        let date = cell
            .get(..10)
            .and_then(|d| d.parse::<Date>().ok())
            .or_else(|| {
                let year: i16 = cell.get(..4)?.parse().ok()?;
                Date::new(year, 12, 31).ok()
            })
            .unwrap_or_else(|| panic!("no date in {row}"));
        out.insert(name, date);
    }
    out
}

#[test]
fn check_realtext_clean_corpus_has_no_findings() {
    let clean = files(&corpus().join("clean"), "md");
    assert!(clean.len() >= 27, "only {} clean texts", clean.len());
    let dates = clean_dates();
    let mut problems = Vec::new();
    for file in &clean {
        let text = std::fs::read_to_string(file).expect("read");
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let date = *dates
            .get(&name)
            .unwrap_or_else(|| panic!("{name} has no row in SOURCES.md"));
        for f in scan_markdown_dated(&text, 1, &RuleConfig::default(), Some(date)) {
            problems.push(format!(
                "{}:{}:{} {} {}",
                file.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default(),
                f.line,
                f.col,
                f.rule,
                f.matched
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn check_realtext_labelled_recall_and_precision() {
    let dir = corpus().join("labelled");
    let texts = files(&dir, "md");
    assert!(texts.len() >= 30, "only {} labelled texts", texts.len());
    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    let (mut lines_total, mut lines_found) = (0usize, 0usize);
    let mut misses = Vec::new();
    let mut false_hits = Vec::new();
    for file in &texts {
        let text = std::fs::read_to_string(file).expect("read");
        let labels = std::fs::read_to_string(file.with_extension("labels")).expect("labels file");
        let mut date = None;
        let mut expected: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for line in labels.lines() {
            if let Some(d) = line.strip_prefix("date:") {
                date = Some(d.trim().parse::<Date>().expect("label date"));
                continue;
            }
            let mut parts = line.split_whitespace();
            let Some(n) = parts.next() else { continue };
            let n: usize = n.parse().expect("label line number");
            let codes: Vec<String> = parts.map(str::to_string).collect();
            for code in &codes {
                assert!(FAMILIES.contains(&code.as_str()), "unknown label {code}");
            }
            expected.insert(n, codes);
        }
        let got = reported(&text, date);
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        for (line, codes) in &expected {
            lines_total += 1;
            let mut any = false;
            for code in codes {
                let t = tally.entry(code.clone()).or_default();
                t.labelled += 1;
                if got.contains(&(*line, code.clone())) {
                    t.found += 1;
                    any = true;
                } else {
                    misses.push(format!("{name}:{line} {code}"));
                }
            }
            if any {
                lines_found += 1;
            }
        }
        for (line, family) in &got {
            let t = tally.entry(family.clone()).or_default();
            t.reported += 1;
            if expected.get(line).is_some_and(|c| c.contains(family)) {
                t.correct += 1;
            } else {
                false_hits.push(format!("{name}:{line} {family}"));
            }
        }
    }
    let (mut reported_all, mut correct_all) = (0, 0);
    println!("| family | labelled lines | found | recall | reported | correct | precision |");
    println!("|---|---|---|---|---|---|---|");
    for (family, t) in &tally {
        reported_all += t.reported;
        correct_all += t.correct;
        let pct = |a: usize, b: usize| {
            if b == 0 {
                "–".to_string()
            } else {
                format!("{:.0}%", 100.0 * a as f64 / b as f64)
            }
        };
        println!(
            "| {family} | {} | {} | {} | {} | {} | {} |",
            t.labelled,
            t.found,
            pct(t.found, t.labelled),
            t.reported,
            t.correct,
            pct(t.correct, t.reported)
        );
    }
    let recall = lines_found as f64 / lines_total as f64;
    let precision = if reported_all == 0 {
        1.0
    } else {
        correct_all as f64 / reported_all as f64
    };
    println!(
        "\nlabelled lines flagged with their label: {lines_found}/{lines_total} = {:.1}%; \
         precision {correct_all}/{reported_all} = {:.1}%",
        100.0 * recall,
        100.0 * precision
    );
    println!("\nmissed:\n{}", misses.join("\n"));
    println!("\nreported without a label:\n{}", false_hits.join("\n"));
    assert!(
        recall >= MIN_LINE_RECALL,
        "line recall {recall:.3} < {MIN_LINE_RECALL}"
    );
    assert!(
        precision >= MIN_PRECISION,
        "precision {precision:.3} < {MIN_PRECISION}"
    );
}

// ---------------------------------------------------------------------------------------
// `build` runs the text rules too (check.on_build), through the real binary.
// ---------------------------------------------------------------------------------------

use crate::support::SiteTest;

const PLANTED: &str = "---\ntitle: 工作动态\ndate: 2026-11-20\n---\n助力XX余个行政村。\n\n请点击👉 mbgs777 👈联系老师\n";

fn site_with_planted(on_build: Option<&str>) -> SiteTest {
    let site = SiteTest::fixture("check/clean");
    let mut config = std::fs::read_to_string(site.root.join("site.yaml")).expect("site.yaml");
    if let Some(mode) = on_build {
        config.push_str(&format!("check:\n  on_build: {mode}\n"));
    }
    site.write("site.yaml", config);
    site.write("content/news/planted.md", PLANTED);
    site
}

#[test]
fn check_realtext_build_warns_with_one_summary_line() {
    let site = site_with_planted(None);
    let run = site.build();
    run.success().stderr_has(
        "the content check found 2 errors (placeholder 1, spam 1); run jianbao check to see them",
    );
    assert!(site.root.join("public/index.html").exists());
    assert_eq!(run.stderr().matches("content check").count(), 1);
}

#[test]
fn check_realtext_build_refuses_with_on_build_error_and_keeps_public() {
    // An earlier, clean build is what is published; the planted page then must not replace it.
    let site = SiteTest::fixture("check/clean");
    site.build().success();
    let earlier = site.output_tree();
    let planted = site_with_planted(Some("error"));
    for (rel, text) in [
        (
            "site.yaml",
            std::fs::read(planted.root.join("site.yaml")).expect("site.yaml"),
        ),
        ("content/news/planted.md", PLANTED.as_bytes().to_vec()),
    ] {
        site.write(rel, text);
    }
    let refused = site.build();
    refused
        .failure()
        .stderr_has("not published because of check.on_build: error");
    // Each error is shown where it is, with its fix, so the refusal can be acted on.
    let said = refused.stderr();
    for shown in [
        "content/news/planted.md:5:3: error[placeholder]: \"XX\" looks like a placeholder left over from a template\n    | 助力XX余个行政村。\n    = hint: Replace it with the real content",
        "content/news/planted.md:7:1: error[spam]: ",
        "= hint: Such text usually comes along with copied content; delete it",
        "the content check found 2 errors (placeholder 1, spam 1); not published",
    ] {
        assert!(said.contains(shown), "{shown:?} not in\n{said}");
    }
    assert_eq!(site.output_tree(), earlier);
}

#[test]
fn check_realtext_build_is_quiet_with_on_build_off_or_a_clean_site() {
    let site = site_with_planted(Some("off"));
    let run = site.build();
    run.success();
    assert!(!run.stderr().contains("content check"), "{}", run.stderr());
    let clean = SiteTest::fixture("check/clean");
    let run = clean.build();
    run.success();
    assert!(!run.stderr().contains("content check"), "{}", run.stderr());
}

#[test]
fn check_realtext_fix_rewrites_bodies_and_prints_a_diff() {
    let site = SiteTest::fixture("check/clean");
    let page = "---\ntitle: 通知,请看\ndate: 2026-11-20\n---\n同志们:\n依据国发﹝2014﹞45号,做好工作.\n\n```\n代码,不改\n```\n";
    site.write("content/news/fixme.md", page);
    let run = site.run(&["check", "--fix", "--today", "2026-11-28"]);
    let stdout = String::from_utf8_lossy(&run.output.stdout).into_owned();
    assert!(
        stdout.contains("-依据国发﹝2014﹞45号,做好工作.\n+依据国发〔2014〕45号，做好工作。"),
        "{stdout}"
    );
    assert!(stdout.contains("fixed 2 lines in 1 files."), "{stdout}");
    let fixed = std::fs::read_to_string(site.root.join("content/news/fixme.md")).expect("read");
    assert_eq!(
        fixed,
        "---\ntitle: 通知,请看\ndate: 2026-11-20\n---\n同志们：\n依据国发〔2014〕45号，做好工作。\n\n```\n代码,不改\n```\n"
    );
    // A second run has nothing left to fix.
    let again = site.run(&["check", "--fix", "--today", "2026-11-28"]);
    assert!(String::from_utf8_lossy(&again.output.stdout).contains("fixed 0 lines in 0 files."));
}

/// A page whose errors depend on what the gate must respect: a YAML comment and an HTML comment
/// silencing a line, `XX` in a code block, a warning rule made an error and an error rule
/// switched off in `site.yaml`.
const GATED: &str = "---\ntitle: 关于XX村的通知\n# jianbao-ignore: placeholder\nsource: XX镇\ndate: 2026-11-20\n---\n助力XX余个行政村,再接再励。\n\n```text\n代码里的XX不算\n```\n\n<!-- jianbao-ignore: placeholder -->\nXX村\n\n请点击👉 mbgs777 👈联系老师\n";

/// The clean fixture site with `check:` settings (`check_yaml`, indented under it) added.
fn clean_site_checking(check_yaml: &str) -> SiteTest {
    let site = SiteTest::fixture("check/clean");
    let mut config = std::fs::read_to_string(site.root.join("site.yaml")).expect("site.yaml");
    config.push_str("check:\n");
    config.push_str(check_yaml);
    site.write("site.yaml", config);
    site
}

/// The site at `root` built by the library with check's gate, with bodies kept or not
/// (`keep_bodies_up_to`: 0 makes the build read each page's text again).
fn gated_build(
    root: &Path,
    keep_bodies_up_to: Option<usize>,
) -> Result<jianbao::build::BuildReport, jianbao::build::BuildError> {
    let out = tempfile::tempdir().expect("temp dir");
    jianbao::build(&jianbao::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.path().join("public")),
        keep_bodies_up_to,
        gate: Some(jianbao::check::build_gate),
        ..jianbao::BuildOptions::default()
    })
}

/// The gate's line for the site at `root` (see [`gated_build`]).
fn gate_line(root: &Path, keep_bodies_up_to: Option<usize>) -> String {
    let report =
        gated_build(root, keep_bodies_up_to).unwrap_or_else(|err| panic!("build failed: {err:?}"));
    let lines: Vec<String> = report
        .warnings
        .iter()
        .filter(|d| d.code == "check-on-build")
        .map(|d| d.message.en.clone())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    lines[0].clone()
}

#[test]
fn check_realtext_build_gate_counts_what_check_reports_as_errors() {
    let site =
        clean_site_checking("  severity:\n    punctuation-halfwidth: error\n    spam: off\n");
    site.write("content/news/gated.md", GATED);
    let expected = "the content check found 4 errors (placeholder 2, punctuation-halfwidth 1, typo 1); run jianbao check to see them";
    // From the text the build kept, and from the files read again (a site too large to keep it).
    assert_eq!(gate_line(&site.root, None), expected);
    assert_eq!(gate_line(&site.root, Some(0)), expected);
    // `check` reports the same errors of these rules, one by one.
    let run = site.run(&["check", "--format", "json", "--today", "2026-11-28"]);
    let stdout = String::from_utf8_lossy(&run.output.stdout).into_owned();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    for line in stdout.lines() {
        let finding: serde_json::Value = serde_json::from_str(line).expect("json line");
        let code = finding["code"].as_str().unwrap_or_default();
        if finding["severity"] == "error" && jianbao::check::rules::rule_severity(code).is_some() {
            *errors.entry(code.to_string()).or_default() += 1;
        }
    }
    let listed: Vec<String> = errors.iter().map(|(c, n)| format!("{c} {n}")).collect();
    assert!(expected.contains(&listed.join(", ")), "{listed:?}");
}

/// The refusal's summary and findings for the site at `root` (`check.on_build: error`, see
/// [`gated_build`]), each finding as `path:line:col code excerpt`.
fn refusal(root: &Path, keep_bodies_up_to: Option<usize>) -> (String, Vec<String>) {
    let Err(jianbao::build::BuildError::Content(found)) = gated_build(root, keep_bodies_up_to)
    else {
        panic!("the build was not refused");
    };
    let summary = found
        .iter()
        .find(|d| d.code == "check-on-build")
        .map(|d| d.message.en.clone())
        .expect("a summary line");
    let listed = found
        .iter()
        .filter(|d| d.code != "check-on-build")
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d.path.display(),
                d.line.unwrap_or(0),
                d.col.unwrap_or(0),
                d.code,
                d.excerpt.as_deref().unwrap_or("")
            )
        })
        .collect();
    (summary, listed)
}

#[test]
fn check_realtext_a_refused_build_lists_its_first_errors_where_they_are() {
    let site = clean_site_checking("  on_build: error\n");
    let mut page = String::from("---\ntitle: \"{{标题}}\"\ndate: 2026-11-20\n---\n");
    for i in 1..=24 {
        page.push_str(&format!("第{i}项：助力XX余个行政村。\n\n"));
    }
    site.write("content/news/many.md", page);
    let (summary, listed) = refusal(&site.root, None);
    assert_eq!(
        summary,
        "the content check found 25 errors (placeholder 24, placeholder-field 1); not published \
         because of check.on_build: error; the first 20 follow, run jianbao check to see them all"
    );
    assert_eq!(listed.len(), jianbao::check::GATE_LISTED);
    assert_eq!(
        listed[..2],
        [
            "content/news/many.md:2:9 placeholder-field title: \"{{标题}}\"",
            "content/news/many.md:5:7 placeholder 第1项：助力XX余个行政村。",
        ]
    );
    // Read again from the files (a site too large to keep its text), the same lines.
    assert_eq!(refusal(&site.root, Some(0)), (summary, listed));
}
