//! The text rules over every page and section file: the Markdown body, and the front-matter
//! values readers see (title, summary, source …), each finding at its file line and column.
//!
//! The rules need the text as written, not the rendered HTML the site model holds. `check` and
//! the build's gate scan the text the load kept (`Page::source_text`) and read again
//! (through `content::read_text`) only what it did not keep: sections' `_index.md`, a large
//! site's pages in the build, every file for the editing desk, whose memo goes by file stamps.
//! Files are scanned in parallel.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::front::{self, FrontValue};
use super::rules::{self, Finding, RuleConfig};
use crate::config::check::Level;
use crate::content::{self, Site};
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::Text;
use crate::markdown::LineBreaks;

/// Rules that make sense only in a Markdown body, not in a one-line front-matter value.
const BODY_ONLY: &[&str] = &[
    "heading-skip",
    "image-alt",
    "link-text",
    "emphasis-unrendered",
    "paragraph-run-on",
];

/// Rules whose excerpt shows only the (masked) match, never the text around it.
const PRIVATE: &[&str] = &["personal-id", "personal-mobile", "personal-bank"];

/// Scans every published page and every section's `_index.md`.
/// With a `memo`, a file whose findings it holds for the same stamp, date and rules is neither
/// read nor scanned again.
pub(super) fn scan_site(
    site: &Site,
    cfg: &RuleConfig,
    memo: Option<&mut TextMemo>,
) -> Vec<Diagnostic> {
    let files = files_of(site);
    let line_paragraphs = line_paragraph_pages(site);
    // A rule switched off does not run, so it cannot stand in for another naming the same slip.
    let settings = &site.config.check;
    let wanted = |code: &str| settings.level_of(code) != Some(Level::Off);
    let run = Rules::new(cfg, &wanted);
    let found: Vec<Diagnostic> = match memo {
        Some(memo) => memo.scan(&site.config.root, &files, &run, &settings.severity),
        None => files
            .par_iter()
            .flat_map_iter(|file| scan_file(&site.config.root, file, &run))
            .collect(),
    };
    found
        .into_iter()
        .filter(|d| d.code != "paragraph-run-on" || !line_paragraphs.contains(&d.path.as_path()))
        .collect()
}

/// The text rules' findings per file, kept between runs over the same site (the editing desk
/// checks again after every preview build): a file is scanned again only when its size or
/// modification time, its page's date or the rules' settings changed.
#[derive(Debug, Default)]
pub struct TextMemo {
    /// The settings the kept findings were made with: the rules' knobs, and the severities,
    /// since a rule switched off lets another report the slip they both name.
    rules: Option<(RuleConfig, BTreeMap<String, Level>)>,
    files: HashMap<PathBuf, Remembered>,
    scanned: usize,
}

#[derive(Debug, Clone)]
struct Remembered {
    stamp: (u64, std::time::SystemTime),
    date: Option<jiff::civil::Date>,
    found: Vec<Diagnostic>,
}

impl TextMemo {
    /// How many files the last run read and scanned (the others' findings were kept).
    pub fn scanned(&self) -> usize {
        self.scanned
    }

    fn scan(
        &mut self,
        root: &Path,
        files: &[TextFile],
        run: &Rules,
        severity: &BTreeMap<String, Level>,
    ) -> Vec<Diagnostic> {
        let settings = (run.cfg.clone(), severity.clone());
        if self.rules.as_ref() != Some(&settings) {
            self.files.clear();
            self.rules = Some(settings);
        }
        let known = &self.files;
        let results: Vec<(PathBuf, Remembered, bool)> = files
            .par_iter()
            .map(|file| {
                // The stamp is taken before the text is read: a write in between is seen as a
                // change next time. An unreadable file gets no stamp and is read every time.
                let stamp = std::fs::metadata(root.join(file.path))
                    .and_then(|m| Ok((m.len(), m.modified()?)))
                    .ok();
                let kept = known
                    .get(file.path)
                    .filter(|k| stamp == Some(k.stamp) && k.date == file.date);
                let path = file.path.to_path_buf();
                match kept {
                    Some(kept) => (path, kept.clone(), false),
                    None => {
                        let remembered = Remembered {
                            stamp: stamp.unwrap_or((u64::MAX, std::time::SystemTime::UNIX_EPOCH)),
                            date: file.date,
                            found: read_and_scan(root, file, run),
                        };
                        (path, remembered, true)
                    }
                }
            })
            .collect();
        self.scanned = results.iter().filter(|(_, _, scanned)| *scanned).count();
        let mut found = Vec::new();
        self.files = results
            .into_iter()
            .map(|(path, remembered, _)| {
                found.extend(remembered.found.iter().cloned());
                (path, remembered)
            })
            .collect();
        found
    }
}

/// The findings of the `wanted` rules in the site's pages and sections, located, for the
/// build's gate. Only the families reporting those rules run, over the text the build kept
/// ([`content::Page::source_text`]); a file whose text was not kept (a site too large to keep
/// its bodies, and sections' `_index.md`) is read again. A file that can no longer be read
/// gives its problem instead.
pub(super) fn gate_site(
    site: &Site,
    cfg: &RuleConfig,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Diagnostic> {
    let line_paragraphs = line_paragraph_pages(site);
    let run = Rules::new(cfg, wanted);
    files_of(site)
        .par_iter()
        .flat_map_iter(|file| {
            let found = scan_file(&site.config.root, file, &run);
            let runs_on = line_paragraphs.contains(&file.path);
            found
                .into_iter()
                .filter(move |d| d.code != "paragraph-run-on" || !runs_on)
        })
        .collect()
}

/// The findings in `file`: in the text the load kept, or read again.
fn scan_file(root: &Path, file: &TextFile, run: &Rules) -> Vec<Diagnostic> {
    match file.kept {
        Some(parts) => located(file, findings_in(&parts, file, run), |n| parts.line(n)),
        None => read_and_scan(root, file, run),
    }
}

/// Findings as diagnostics of `file`, each with its line's text (`line_of`, 1-based) around it.
fn located<'t>(
    file: &TextFile,
    findings: Vec<Finding>,
    line_of: impl Fn(usize) -> &'t str,
) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .map(|finding| {
            let line = line_of(finding.line);
            to_diagnostic(file.path.to_path_buf(), line, finding)
        })
        .collect()
}

/// A file the text rules read: a page (with its date) or a section's `_index.md`.
struct TextFile<'a> {
    path: &'a Path,
    keys: &'static [&'static str],
    date: Option<jiff::civil::Date>,
    /// The page's text as the build kept it, if it did.
    kept: Option<Parts<'a>>,
}

/// Every published page, then every section with an `_index.md`.
fn files_of(site: &Site) -> Vec<TextFile<'_>> {
    let pages = site.pages.iter().map(|page| TextFile {
        path: page.file.as_path(),
        keys: front::PAGE_KEYS,
        date: page.date.as_ref().map(jiff::Zoned::date),
        kept: page.source_text.as_deref().map(|text| Parts {
            yaml: &text.yaml,
            yaml_line: text.yaml_line,
            body: &text.body,
            body_line: page.body_line,
        }),
    });
    let sections = site
        .sections
        .iter()
        .filter_map(|section| section.file.as_deref())
        .map(|path| TextFile {
            path,
            keys: front::SECTION_KEYS,
            date: None,
            kept: None,
        });
    pages.chain(sections).collect()
}

/// Pages where every line is a paragraph: a paragraph of many lines cannot exist there.
fn line_paragraph_pages(site: &Site) -> Vec<&Path> {
    site.pages
        .iter()
        .filter(|p| {
            p.line_breaks.unwrap_or(site.config.markdown.line_breaks) == LineBreaks::Paragraph
        })
        .map(|p| p.file.as_path())
        .collect()
}

/// A file's front matter and body with the file lines they start on.
#[derive(Clone, Copy)]
struct Parts<'a> {
    yaml: &'a str,
    yaml_line: usize,
    body: &'a str,
    body_line: usize,
}

impl<'a> Parts<'a> {
    /// The text of file line `n` (1-based), from the front matter or the body kept.
    fn line(&self, n: usize) -> &'a str {
        let (text, first) = if n >= self.body_line {
            (self.body, self.body_line)
        } else {
            (self.yaml, self.yaml_line)
        };
        n.checked_sub(first)
            .and_then(|i| text.lines().nth(i))
            .unwrap_or("")
    }
}

/// The findings of the `wanted` rules in `parts` of `text` (the whole file), located.
fn scan_parts(text: &str, parts: &Parts, file: &TextFile, run: &Rules) -> Vec<Diagnostic> {
    let findings = findings_in(parts, file, run);
    if findings.is_empty() {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    located(file, findings, |n| {
        lines.get(n.wrapping_sub(1)).copied().unwrap_or("")
    })
}

/// The findings of the `wanted` rules in a file read again from disk, or the problem reading it.
fn read_and_scan(root: &Path, file: &TextFile, run: &Rules) -> Vec<Diagnostic> {
    let text = match content::read_text(root, file.path) {
        Ok(text) => text,
        Err(problem) => return vec![problem],
    };
    // `build` has split this file already; a file it could not split has its own error.
    let Ok(split) = content::split(&text) else {
        return Vec::new();
    };
    let parts = Parts {
        yaml: split.yaml,
        yaml_line: split.yaml_line,
        body: split.body,
        body_line: split.body_line,
    };
    scan_parts(&text, &parts, file, run)
}

/// The findings of the `wanted` rules in a file's body and in the front-matter values readers
/// see.
fn findings_in(parts: &Parts, file: &TextFile, run: &Rules) -> Vec<Finding> {
    let mut findings =
        rules::scan_markdown_only(parts.body, parts.body_line, run.cfg, file.date, run.wanted);
    for value in front::displayed_values(parts.yaml, parts.yaml_line, file.keys) {
        findings.extend(scan_value(&value, parts.yaml, parts.yaml_line, run));
    }
    findings
}

/// The rules one run applies, with what it has learnt about front-matter values on the way.
struct Rules<'a> {
    cfg: &'a RuleConfig,
    /// Whether a rule runs: one switched off cannot stand in for another naming the same slip.
    wanted: &'a (dyn Fn(&str) -> bool + Sync),
    /// The findings in each distinct front-matter text, at line 0 and column 1 of the text.
    /// Tags, villages, authors and sources repeat across thousands of pages, and a value's
    /// findings depend on its text alone (values are read without the page's date), so each
    /// text is scanned once a run. Two threads may scan the same new text at once; both get
    /// the same findings.
    values: Mutex<HashMap<String, Arc<[Finding]>>>,
}

impl<'a> Rules<'a> {
    fn new(cfg: &'a RuleConfig, wanted: &'a (dyn Fn(&str) -> bool + Sync)) -> Rules<'a> {
        Rules {
            cfg,
            wanted,
            values: Mutex::default(),
        }
    }

    /// The findings in a front-matter value's text, at line 0.
    fn in_value(&self, text: &str) -> Arc<[Finding]> {
        if let Some(found) = self.known_values().get(text) {
            return Arc::clone(found);
        }
        // Scanned outside the lock, so the other threads go on meanwhile.
        let found: Arc<[Finding]> =
            rules::scan_markdown_only(text, 0, self.cfg, None, self.wanted).into();
        self.known_values()
            .insert(text.to_string(), Arc::clone(&found));
        found
    }

    /// The values' findings so far. A thread that panicked holding the lock left whole
    /// entries only (each is inserted at once), so they are used all the same.
    fn known_values(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<[Finding]>>> {
        self.values
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A rule firing more often than this in one file is folded: [`SHOWN`] findings and a count.
const FOLD_AFTER: usize = 5;
/// How many findings of a folded rule are shown in full.
const SHOWN: usize = 3;

/// Less noise: when one warning-level rule fires many times in one file (a speech with 113
/// half-width commas), its first [`SHOWN`] findings are kept and the rest become one finding at
/// the next place, saying how many more there are, so the errors in the file are not buried.
/// Errors are never folded: each `XX` must be found and fixed. Findings keep their order; they
/// may come from many files.
pub(super) fn fold_repeats(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    let mut per_rule: HashMap<(PathBuf, &'static str), usize> = HashMap::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        *per_rule.entry((d.path.clone(), d.code)).or_default() += 1;
    }
    if per_rule.values().all(|&n| n <= FOLD_AFTER) {
        return diagnostics;
    }
    let mut seen: HashMap<(PathBuf, &'static str), usize> = HashMap::new();
    let mut out = Vec::with_capacity(diagnostics.len());
    for mut d in diagnostics {
        let key = (d.path.clone(), d.code);
        let total = per_rule.get(&key).copied().unwrap_or(0);
        if d.severity != Severity::Warning {
            out.push(d);
            continue;
        }
        let index = seen.entry(key).or_default();
        *index += 1;
        if total <= FOLD_AFTER || *index <= SHOWN {
            out.push(d);
        } else if *index == SHOWN + 1 {
            let more = total - SHOWN;
            let (zh, en) = (d.message.zh.clone(), d.message.en.clone());
            d.message = Text::new(
                format!("{zh}（本文件同类问题共 {total} 处，此处起另有 {more} 处未逐一列出）"),
                format!(
                    "{en} (this file has {total} of these; {more} more from here are not listed one by one)"
                ),
            );
            out.push(d);
        }
    }
    out
}

/// The findings in one front-matter value, at file positions, minus those a
/// `# jianbao-ignore: RULE` comment on its line or the line above silences.
fn scan_value(value: &FrontValue, yaml: &str, yaml_line: usize, run: &Rules) -> Vec<Finding> {
    let names: Vec<String> = [value.line.checked_sub(1), Some(value.line)]
        .into_iter()
        .flatten()
        .filter_map(|line| line.checked_sub(yaml_line))
        .filter_map(|index| yaml.lines().nth(index))
        .flat_map(rules::directive_names)
        .collect();
    run.in_value(value.text)
        .iter()
        .filter(|f| !BODY_ONLY.contains(&f.rule))
        .filter(|f| !names.iter().any(|name| rules::silences(name, f.rule)))
        .map(|f| {
            let mut f = f.clone();
            f.line += value.line;
            f.col += value.col - 1;
            // In YAML the directive is a `#` comment, not an HTML one.
            for hint in [&mut f.hint_zh, &mut f.hint_en] {
                *hint = hint
                    .replace("<!-- jianbao-ignore:", "# jianbao-ignore:")
                    .replace(" -->", "");
            }
            f
        })
        .collect()
}

/// A rule finding as a diagnostic, with the text around it as the excerpt.
fn to_diagnostic(path: PathBuf, line: &str, finding: Finding) -> Diagnostic {
    let message = Text::new(finding.message_zh, finding.message_en);
    let mut diagnostic = match finding.severity {
        rules::Severity::Error => Diagnostic::error(path, finding.rule, message),
        rules::Severity::Warning => Diagnostic::warning(path, finding.rule, message),
    }
    .at(finding.line, finding.col);
    if !finding.hint_zh.is_empty() || !finding.hint_en.is_empty() {
        diagnostic = diagnostic.with_hint(Text::new(finding.hint_zh, finding.hint_en));
    }
    let excerpt = if PRIVATE.contains(&finding.rule) {
        finding.matched
    } else {
        excerpt(line, finding.col, finding.matched.chars().count().max(1))
    };
    diagnostic.with_excerpt(excerpt)
}

/// Characters of context shown on each side of a match.
const CONTEXT: usize = 16;

/// The match at 1-based character column `col` with some text on each side, cut at `…`, and
/// with long digit runs masked so that an excerpt never shows someone's ID or card number.
pub(super) fn excerpt(line: &str, col: usize, len: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let start = col.saturating_sub(1).min(chars.len());
    let from = start.saturating_sub(CONTEXT);
    let to = (start + len + CONTEXT).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(&chars[from..to]);
    if to < chars.len() {
        out.push('…');
    }
    mask_digit_runs(out.trim())
}

/// Runs of 11 or more digits (phone, ID and card numbers) keep their first 3 and last 4 digits.
fn mask_digit_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let n = run.chars().count();
        if n >= 11 {
            let digits: Vec<char> = run.chars().collect();
            out.extend(&digits[..3]);
            out.extend(std::iter::repeat_n('*', n - 7));
            out.extend(&digits[n - 4..]);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || (c == 'X' && !run.is_empty()) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_long_lines_around_the_match() {
        let line = "一二三四五六七八九十一二三四五六七八九十助力XX余个行政村一二三四五六七八九十一二三四五六七八九十";
        let col = line.chars().position(|c| c == 'X').unwrap() + 1;
        let shown = excerpt(line, col, 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("助力XX余个"), "{shown}");
        assert_eq!(excerpt("短句XX。", 3, 2), "短句XX。");
    }

    #[test]
    fn excerpts_never_show_whole_numbers() {
        let line = "电话13812345678，身份证43010219900101123X";
        assert_eq!(
            excerpt(line, 1, line.chars().count()),
            "电话138****5678，身份证430***********123X"
        );
        assert_eq!(excerpt("2026年11月28日", 1, 4), "2026年11月28日");
    }

    #[test]
    fn front_matter_findings_land_on_the_value() {
        let value = FrontValue {
            key: "title".into(),
            line: 2,
            col: 8,
            text: "关于XX的通知",
        };
        let cfg = RuleConfig::default();
        let run = Rules::new(&cfg, &|_| true);
        let found = scan_value(&value, "title: 关于XX的通知\n", 2, &run);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].rule, found[0].line, found[0].col),
            ("placeholder", 2, 10)
        );
    }

    #[test]
    fn a_text_met_again_is_found_again_at_its_own_place() {
        let yaml = "tags: [XX村, 乡村振兴]\nvillages:\n  - XX村\n";
        let cfg = RuleConfig::default();
        let run = Rules::new(&cfg, &|_| true);
        let at = |value: &FrontValue| {
            scan_value(value, yaml, 2, &run)
                .iter()
                .map(|f| (f.rule, f.line, f.col))
                .collect::<Vec<_>>()
        };
        let values = front::displayed_values(yaml, 2, front::PAGE_KEYS);
        let found: Vec<_> = values.iter().flat_map(at).collect();
        assert_eq!(found, [("placeholder", 2, 8), ("placeholder", 4, 5)]);
        assert_eq!(run.values.lock().map(|v| v.len()).unwrap_or(0), 2);
    }

    #[test]
    fn a_yaml_comment_silences_a_value() {
        let yaml = "# jianbao-ignore: placeholder\ntitle: 关于XX的通知\n";
        let value = FrontValue {
            key: "title".into(),
            line: 3,
            col: 8,
            text: "关于XX的通知",
        };
        let cfg = RuleConfig::default();
        let run = Rules::new(&cfg, &|_| true);
        assert!(scan_value(&value, yaml, 2, &run).is_empty());
    }
}

#[cfg(test)]
mod fold_tests {
    use super::*;

    fn finding(code: &'static str, line: usize) -> Diagnostic {
        Diagnostic::warning("a.md", code, Text::new("半角", "half-width")).at(line, 1)
    }

    #[test]
    fn many_findings_of_one_rule_are_folded_into_a_count() {
        let mut list: Vec<Diagnostic> = (1..=113)
            .map(|l| finding("punctuation-halfwidth", l))
            .collect();
        list.insert(50, finding("placeholder", 50));
        let mut other_file = finding("punctuation-halfwidth", 7);
        other_file.path = "b.md".into();
        list.push(other_file);
        let folded = fold_repeats(list);
        assert_eq!(folded.len(), 6);
        let lines: Vec<(usize, &str)> = folded
            .iter()
            .map(|d| (d.line.unwrap_or(0), d.code))
            .collect();
        assert_eq!(
            lines,
            [
                (1, "punctuation-halfwidth"),
                (2, "punctuation-halfwidth"),
                (3, "punctuation-halfwidth"),
                (4, "punctuation-halfwidth"),
                (50, "placeholder"),
                (7, "punctuation-halfwidth")
            ]
        );
        assert!(folded[3].message.zh.contains("共 113 处"));
        assert!(folded[3].message.en.contains("110 more"));
    }

    #[test]
    fn errors_are_never_folded() {
        let list: Vec<Diagnostic> = (1..=10)
            .map(|l| Diagnostic::error("a.md", "placeholder", Text::new("XX", "XX")).at(l, 1))
            .collect();
        assert_eq!(fold_repeats(list).len(), 10);
    }

    #[test]
    fn a_few_findings_are_all_shown() {
        let list: Vec<Diagnostic> = (1..=5).map(|l| finding("typo", l)).collect();
        assert_eq!(fold_repeats(list).len(), 5);
    }
}
