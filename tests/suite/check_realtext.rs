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
const MIN_LINE_RECALL: f64 = 0.89;
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
    assert!(clean.len() >= 15, "only {} clean texts", clean.len());
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
