//! `jianbao check`: the pre-publish gate. Reads the whole site as `build` does, writes nothing,
//! and reports everything an inspector or a reader would trip over.
//!
//! One run collects, as [`Diagnostic`]s:
//! 1. everything `build` validates (front matter, links, anchors, attachments, duplicate URLs,
//!    document numbers, templates) — these keep build's severities, since build would refuse them;
//! 2. the text rules of [`rules`] over every page's and section's Markdown and the front-matter
//!    values readers see (`text.rs`, `front.rs`);
//! 3. column and home-page freshness (`freshness.rs`);
//! 4. publication dates against the ledger (`ledger.rs`);
//! 5. policy metadata (`policy.rs`);
//! 6. source images with a GPS position or too large to keep, and pages whose processed images
//!    weigh too much (`images.rs`; alt text is the `image-alt` text rule, a missing image, a
//!    HEIC renamed `.jpg` and the like are build's);
//! 7. report figures that disagree across reports, stale data files, datasets without a
//!    licence (`figures.rs`).
//!
//! Findings of 2–7 take the severities set under `check.severity` in `site.yaml`
//! ([`CheckConfig`]) and can be silenced where they occur with a `jianbao-ignore` comment.
//! Nothing here prints or reads the clock when "today" is given: `main` prints the report.

mod figures;
pub mod fix;
mod freshness;
mod front;
mod images;
mod policy;
pub mod rules;
mod text;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use jiff::tz::TimeZone;

pub use crate::config::check::{CheckConfig, DatedTermEntry, Freshness, Level, OnBuild};
pub use text::TextMemo;

use crate::build::{self, BuildError, BuildOptions};
use crate::config::CONFIG_FILE;
use crate::content::{Keep, LoadOptions, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::i18n::Lang;
use crate::render;

/// The rules of `check` beyond the text rules ([`rules::RULES`]): code, default severity and
/// a one-line Chinese description.
pub const SITE_RULES: &[(&str, rules::Severity, &str)] = &[
    (
        "column-stale",
        rules::Severity::Error,
        "栏目未按期更新（期限前先警告）",
    ),
    ("column-empty", rules::Severity::Error, "空白栏目"),
    (
        "home-stale",
        rules::Severity::Error,
        "首页未按期更新（期限前先警告）",
    ),
    (
        "date-changed",
        rules::Severity::Error,
        "发稿日期与首次发布时不同（伪造发稿日期）",
    ),
    ("index-number", rules::Severity::Warning, "索引号格式不常见"),
    (
        "policy-lapsed",
        rules::Severity::Warning,
        "已过有效期但仍标为有效",
    ),
    (
        "policy-interpretation",
        rules::Severity::Warning,
        "规范性文件没有政策解读",
    ),
    ("ledger", rules::Severity::Warning, "发稿日期登记簿无法读写"),
    (
        "image-gps",
        rules::Severity::Warning,
        "照片原图带有 GPS 位置",
    ),
    (
        "image-heavy",
        rules::Severity::Warning,
        "图片原图超过 5 MB 或 6000 像素",
    ),
    (
        "image-page-heavy",
        rules::Severity::Warning,
        "一页的图片处理后共超过 2 MB",
    ),
    (
        "review-missing",
        rules::Severity::Error,
        "要求三审（check.require_review）但页面未完成终审就发布",
    ),
    (
        "metric-conflict",
        rules::Severity::Warning,
        "同一村同一年的同一指标在两份报告里数值不同",
    ),
    (
        "data-stale",
        rules::Severity::Warning,
        "数据文件超过期限没有更新的数据",
    ),
    (
        "data-licence",
        rules::Severity::Warning,
        "公开的数据没有注明许可协议",
    ),
    (
        "data-unknown",
        rules::Severity::Warning,
        "site.yaml 的 data.datasets 写了不存在的数据",
    ),
];

/// Every code `check.severity` accepts.
pub fn all_codes() -> Vec<&'static str> {
    rules::RULES
        .iter()
        .chain(SITE_RULES)
        .map(|(code, _, _)| *code)
        .collect()
}

/// Rules about a whole column: a `jianbao-ignore` anywhere in its `_index.md` front matter
/// silences them.
const COLUMN_CODES: &[&str] = &["column-stale", "column-empty", "home-stale"];

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The site folder (holding `site.yaml`).
    pub root: PathBuf,
    /// The day to judge freshness and validity on; `None` means today in the site's zone.
    pub today: Option<Date>,
    /// Check drafts and pages dated later too (the editing desk shows their findings).
    pub drafts: bool,
}

/// Everything one run found.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Findings sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages checked.
    pub pages: usize,
    /// Sections (columns) checked, the home page included.
    pub sections: usize,
    /// The day the site was judged on.
    pub today: Date,
    /// Wall time.
    pub elapsed: Duration,
}

/// Why nothing could be checked.
#[derive(Debug)]
pub enum CheckError {
    /// `site.yaml` is missing, unreadable or invalid.
    Unreadable(Vec<Diagnostic>),
}

/// Checks the site at `options.root` without writing anything.
pub fn check(options: &CheckOptions) -> Result<CheckReport, CheckError> {
    let started = Instant::now();
    let build_options = BuildOptions {
        root: options.root.clone(),
        ..BuildOptions::default()
    };
    let config = build::read_config(&build_options).map_err(unreadable)?;
    settings_problems(&config.check)?;
    let zone = config.timezone.clone();
    let today = options
        .today
        .unwrap_or_else(|| jiff::Zoned::now().with_time_zone(zone.clone()).date());
    let load = LoadOptions {
        drafts: options.drafts,
        future: options.drafts,
        now: end_of(today, &zone),
        keep: Keep::OutlineAndSource,
    };
    // The rules' tables are built on a thread of their own while the site loads. Not joined:
    // a scan that needs a table waits for it, and a check that ends first just exits.
    let settings = config.check.clone();
    std::thread::spawn(move || rules::prepare(&|code| settings.level_of(code) != Some(Level::Off)));
    let (site, loaded) = build::load_and_resolve(config, load);
    let diagnostics = findings(&site, loaded.into_sorted(), today, None);
    Ok(CheckReport {
        diagnostics,
        pages: site.pages.len(),
        sections: site.sections.len(),
        today,
        elapsed: started.elapsed(),
    })
}

/// What [`check`] finds, over a site loaded already (the editing desk's, from the preview's
/// last build, drafts and scheduled pages included) with the problems its loading reported.
/// `memo` keeps the text rules' findings per file between calls: after a save only the files
/// that changed are read and scanned again; every other rule runs over the whole site.
pub fn check_loaded(
    site: &Site,
    loaded: Vec<Diagnostic>,
    today: Date,
    memo: &mut TextMemo,
) -> Result<Vec<Diagnostic>, CheckError> {
    settings_problems(&site.config.check)?;
    Ok(findings(site, loaded, today, Some(memo)))
}

fn settings_problems(settings: &CheckConfig) -> Result<(), CheckError> {
    let problems = settings.problems(&all_codes());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CheckError::Unreadable(problems))
    }
}

/// Everything found in `site`, sorted: `loaded` (loading's problems), the output folder, the
/// templates, and check's own rules.
fn findings(
    site: &Site,
    loaded: Vec<Diagnostic>,
    today: Date,
    memo: Option<&mut TextMemo>,
) -> Vec<Diagnostic> {
    let mut found = Diagnostics::new();
    if let Err(BuildError::Content(problems)) = build::check_output(&site.config) {
        found.extend(problems);
    }
    let failed: Vec<PathBuf> = loaded.iter().map(|d| d.path.clone()).collect();
    found.extend(loaded);
    let templates = render::read_site_templates(&site.config.templates_dir())
        .and_then(|site_templates| render::prepare(site, site_templates));
    match templates {
        Ok(templates) => found.extend(render::check_templates_exist(site, &templates)),
        Err(problems) => found.extend(problems),
    }
    found.extend(
        own_findings(site, today, memo)
            .into_iter()
            .filter(|d| !is_empty_for_failure(d, &failed)),
    );
    found.into_sorted()
}

/// What `check --fix` changed.
#[derive(Debug, Clone, Default)]
pub struct Fixed {
    /// Page and section files whose text was repaired.
    pub files: Vec<fix::FixedFile>,
    /// Photos with a GPS position, and whether it was removed.
    pub photos: Vec<fix::FixedPhoto>,
}

/// `check --fix`: applies the safe mechanical repairs ([`fix`]) to every page and section file
/// `check` would read and removes the GPS position from the photos they show, and returns what
/// changed. Run before [`check`], which then reports what is left.
pub fn fix_site(options: &CheckOptions) -> Result<Fixed, CheckError> {
    let build_options = BuildOptions {
        root: options.root.clone(),
        ..BuildOptions::default()
    };
    let config = build::read_config(&build_options).map_err(unreadable)?;
    let zone = config.timezone.clone();
    let today = options
        .today
        .unwrap_or_else(|| jiff::Zoned::now().with_time_zone(zone.clone()).date());
    let load = LoadOptions {
        drafts: false,
        future: false,
        now: end_of(today, &zone),
        keep: Keep::Outline,
    };
    let (site, _) = build::load_and_resolve(config, load);
    let files: Vec<PathBuf> = site
        .pages
        .iter()
        .map(|page| page.file.clone())
        .chain(site.sections.iter().filter_map(|s| s.file.clone()))
        .collect();
    let root = &site.config.root;
    let photos: Vec<PathBuf> = site
        .images
        .iter()
        .filter(|plan| plan.probe.has_gps)
        .map(|plan| {
            plan.source
                .strip_prefix(root)
                .unwrap_or(&plan.source)
                .to_path_buf()
        })
        .collect();
    let max_pixels = site.config.images.max_pixels;
    let fixed = fix::fix_files(root, &files).and_then(|files| {
        let photos = fix::remove_positions(root, &photos, max_pixels)?;
        Ok(Fixed { files, photos })
    });
    fixed.map_err(|err| {
        let shown = format!("{err:#}");
        CheckError::Unreadable(vec![Diagnostic::error(
            CONFIG_FILE,
            "fix",
            text!("无法改写文件：{shown}", "cannot rewrite a file: {shown}"),
        )])
    })
}

impl CheckError {
    /// The problems that stopped the check.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        match self {
            CheckError::Unreadable(diagnostics) => diagnostics,
        }
    }
}

fn unreadable(err: BuildError) -> CheckError {
    match err {
        BuildError::Content(diagnostics) => CheckError::Unreadable(diagnostics),
        BuildError::Io(err) => {
            let shown = format!("{err:#}");
            CheckError::Unreadable(vec![Diagnostic::error(
                CONFIG_FILE,
                "read",
                text!("无法读取网站：{shown}", "cannot read the site: {shown}"),
            )])
        }
    }
}

/// The last second of `today`: pages dated that day are published, later ones are not yet.
fn end_of(today: Date, zone: &TimeZone) -> jiff::Timestamp {
    today
        .at(23, 59, 59, 0)
        .to_zoned(zone.clone())
        .map_or_else(|_| jiff::Timestamp::now(), |z| z.timestamp())
}

/// With `check.require_review: true`, every published page (not a draft) whose 终审 is not
/// recorded in `review:`, as a `review-missing` error.
fn unreviewed(site: &Site) -> Vec<Diagnostic> {
    if !site.config.check.require_review {
        return Vec::new();
    }
    site.pages
        .iter()
        .filter(|page| !page.draft && page.review.steps_done() < crate::content::REVIEW_STEPS.len())
        .map(|page| {
            let done = page.review.steps_done();
            let next = crate::content::REVIEW_STEPS[done];
            let line = page.key_lines.get("review").copied().unwrap_or_else(|| page.line_of("title"));
            Diagnostic::error(
                &page.file,
                "review-missing",
                text!(
                    "网站要求三审（check.require_review），这一页还没有{next}就要发布",
                    "the site requires review (check.require_review), but this page is to be published before its {next}"
                ),
            )
            .at(line, 1)
            .with_hint(text!(
                "在编辑台依次完成初审、复审、终审，或改回草稿（draft: true）",
                "pass 初审, 复审 and 终审 in the editing desk, or make it a draft again (draft: true)"
            ))
        })
        .collect()
}

/// What `build` says when `check.require_review` is set and pages lack their 终审: an error
/// naming how many and the first few, so the build refuses to publish them.
fn review_gate(site: &Site) -> Option<Diagnostic> {
    let missing = unreviewed(site);
    let first = missing.first()?;
    let total = missing.len();
    let names = missing
        .iter()
        .take(3)
        .map(|d| d.path.display().to_string())
        .collect::<Vec<_>>()
        .join("、");
    Some(
        Diagnostic::error(
            &first.path,
            "review-missing",
            text!(
                "{total} 个页面未完成三审（{names}），按 check.require_review 未发布；运行 jianbao check 查看",
                "{total} pages have not passed review ({names}); not published because of check.require_review; run jianbao check to see them"
            ),
        )
        .with_hint(text!(
            "在编辑台完成终审，或把这些页面改回草稿",
            "pass their 终审 in the editing desk, or make them drafts again"
        )),
    )
}

/// Findings of check's own rules, with the site's severities applied and silenced ones removed.
fn own_findings(site: &Site, today: Date, memo: Option<&mut TextMemo>) -> Vec<Diagnostic> {
    let settings = &site.config.check;
    let root = &site.config.root;
    let mut found = Vec::new();
    let rule_config = rule_config_in(settings, root).unwrap_or_else(|problem| {
        found.push(problem);
        rule_config(settings)
    });
    found.extend(text::scan_site(site, &rule_config, memo));
    let mut site_level = freshness::check_columns(site, today, &settings.freshness);
    site_level.extend(policy::check_policies(site, today));
    found.extend(images::check_images(site));
    found.extend(images::check_page_weights(site));
    site_level.extend(unreviewed(site));
    site_level.extend(figures::check_metrics(site));
    found.extend(figures::check_data(site, today, &settings.freshness));
    let ledger_path = settings.ledger_path(root);
    let shown = crate::diagnostics::relative_to(&ledger_path, root);
    match crate::ledger::read(&ledger_path, &shown) {
        Ok(Some(ledger)) => site_level.extend(crate::ledger::check_dates(site, &ledger)),
        Ok(None) => {}
        Err(problem) => site_level.push(problem),
    }
    found.extend(in_front_matter(root, site_level));
    let kept: Vec<Diagnostic> = found
        .into_iter()
        .filter_map(|d| apply_level(d, settings))
        .collect();
    text::fold_repeats(kept)
}

/// What `build` does with the text rules (`check.on_build`): runs those that are errors after
/// `check.severity` over every page and section — on the text the build kept, when it kept it —
/// and, when they find anything, returns one summary finding: the count per rule and "运行
/// jianbao check 查看". With `on_build: warn` that line is a warning and all there is. With
/// `on_build: error` it is an error (the build then refuses to publish) and the findings follow
/// it, each at its file, line and column with its fix, up to [`GATE_LISTED`]. Nothing when
/// there is nothing to say or `on_build: off`.
pub fn build_gate(site: &Site) -> Vec<Diagnostic> {
    let settings = &site.config.check;
    if let Some(refusal) = review_gate(site) {
        return vec![refusal];
    }
    if settings.on_build == OnBuild::Off {
        return Vec::new();
    }
    let root = &site.config.root;
    let rule_config = match rule_config_in(settings, root) {
        Ok(cfg) => cfg,
        Err(problem) => return vec![problem],
    };
    // Only error-level findings are counted, so only the rules that are errors run.
    let errors: Vec<&str> = rules::RULES
        .iter()
        .filter(|(code, default, _)| match settings.level_of(code) {
            Some(level) => level == Level::Error,
            None => *default == rules::Severity::Error,
        })
        .map(|(code, _, _)| *code)
        .collect();
    let mut found: Vec<Diagnostic> =
        text::gate_site(site, &rule_config, &|code| errors.contains(&code))
            .into_iter()
            .filter_map(|d| apply_level(d, settings))
            .collect();
    if found.is_empty() {
        return Vec::new();
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &found {
        *counts.entry(d.code).or_default() += 1;
    }
    let total = found.len();
    let list = counts
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    if settings.on_build != OnBuild::Error {
        return vec![Diagnostic::warning(
            CONFIG_FILE,
            "check-on-build",
            text!(
                "内容检查发现 {total} 处错误（{list}）；运行 jianbao check 查看",
                "the content check found {total} errors ({list}); run jianbao check to see them"
            ),
        )];
    }
    let message = if total > GATE_LISTED {
        text!(
            "内容检查发现 {total} 处错误（{list}），按 check.on_build: error 未发布；下面列出前 {GATE_LISTED} 处，运行 jianbao check 查看全部",
            "the content check found {total} errors ({list}); not published because of check.on_build: error; the first {GATE_LISTED} follow, run jianbao check to see them all"
        )
    } else {
        text!(
            "内容检查发现 {total} 处错误（{list}），按 check.on_build: error 未发布；运行 jianbao check 查看",
            "the content check found {total} errors ({list}); not published because of check.on_build: error; run jianbao check to see them"
        )
    };
    found.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    found.truncate(GATE_LISTED);
    for d in &mut found {
        d.severity = Severity::Error;
    }
    let mut out = vec![Diagnostic::error(CONFIG_FILE, "check-on-build", message)];
    out.extend(found);
    out
}

/// How many findings a refusing build lists one by one, after its summary line.
pub const GATE_LISTED: usize = 20;

/// The knobs of the text rules in `check:`.
fn rule_config(settings: &CheckConfig) -> rules::RuleConfig {
    let pairs = |map: &BTreeMap<String, String>| -> Vec<(String, String)> {
        map.iter()
            .map(|(wrong, right)| (wrong.clone(), right.clone()))
            .collect()
    };
    rules::RuleConfig {
        typo_extra: pairs(&settings.typo_extra),
        typo_allow: settings.typo_allow.clone(),
        link_domain_allow: settings.link_domain_allow.clone(),
        sensitive_extra: pairs(&settings.sensitive),
        dated_extra: settings
            .dated_terms
            .iter()
            .filter_map(|t| {
                Some(rules::DatedTerm {
                    term: t.term.clone(),
                    from: t.from.trim().parse().ok()?,
                    current: t.current.clone(),
                })
            })
            .collect(),
    }
}

/// [`rule_config`] with the pairs of `check.sensitive_file` added, read through `content` like
/// every source; a file that cannot be read or parsed is a located error.
fn rule_config_in(settings: &CheckConfig, root: &Path) -> Result<rules::RuleConfig, Diagnostic> {
    let mut cfg = rule_config(settings);
    let Some(file) = &settings.sensitive_file else {
        return Ok(cfg);
    };
    let text = crate::content::read_text(root, Path::new(file))?;
    let origin = crate::yaml::Origin {
        path: Path::new(file),
        first_line: 1,
    };
    let pairs: BTreeMap<String, String> =
        crate::yaml::parse(&text, origin, &[]).map_err(|mut problems| problems.remove(0))?;
    cfg.sensitive_extra.extend(pairs);
    Ok(cfg)
}

/// Whether `d` says a column is empty only because `build` could not read the pages in it:
/// the build errors say what to fix.
fn is_empty_for_failure(d: &Diagnostic, failed: &[PathBuf]) -> bool {
    let dir = match d.path.file_name() {
        Some(name) if name == "_index.md" => d.path.parent().unwrap_or(&d.path),
        _ => &d.path,
    };
    d.code == "column-empty"
        && failed
            .iter()
            .any(|path| path.starts_with(dir) && *path != d.path)
}

/// The severity `check.severity` gives a finding; `None` when it is switched off.
fn apply_level(mut diagnostic: Diagnostic, settings: &CheckConfig) -> Option<Diagnostic> {
    if !all_codes().contains(&diagnostic.code) {
        return Some(diagnostic);
    }
    match settings.level_of(diagnostic.code) {
        None => {}
        Some(Level::Off) => return None,
        Some(Level::Error) => diagnostic.severity = Severity::Error,
        Some(Level::Warning) => diagnostic.severity = Severity::Warning,
    }
    Some(diagnostic)
}

/// Drops page- and column-level findings silenced by a `# jianbao-ignore: RULE` comment in the
/// front matter (on the finding's line or the line above; for column rules anywhere in the
/// section's `_index.md` front matter), and shows the others' front-matter line as excerpt.
fn in_front_matter(root: &Path, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut by_file: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    for d in findings {
        by_file.entry(d.path.clone()).or_default().push(d);
    }
    let mut kept = Vec::new();
    for (path, list) in by_file {
        let text = crate::content::read_text(root, &path).unwrap_or_default();
        let front: Vec<&str> = match crate::content::split(&text) {
            Ok(split) if split.has_front_matter => text.lines().take(split.body_line).collect(),
            _ => Vec::new(),
        };
        for mut d in list.into_iter().filter(|d| !is_silenced(d, &front)) {
            let line = d.line.and_then(|l| front.get(l.wrapping_sub(1)));
            if let Some(line) =
                line.filter(|_| d.excerpt.is_none() && !COLUMN_CODES.contains(&d.code))
            {
                d.excerpt = Some(line.trim().to_string());
            }
            kept.push(d);
        }
    }
    kept
}

fn is_silenced(d: &Diagnostic, front: &[&str]) -> bool {
    let names: Vec<String> = if COLUMN_CODES.contains(&d.code) {
        front
            .iter()
            .flat_map(|l| rules::directive_names(l))
            .collect()
    } else {
        let line = d.line.unwrap_or(0);
        [line.checked_sub(2), line.checked_sub(1)]
            .into_iter()
            .flatten()
            .filter_map(|i| front.get(i))
            .flat_map(|l| rules::directive_names(l))
            .collect()
    };
    names.iter().any(|name| rules::silences(name, d.code))
}

impl CheckReport {
    /// How many findings are errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many findings are warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Whether the site may be published: no errors, and with `strict` no warnings either.
    pub fn passes(&self, strict: bool) -> bool {
        self.errors() == 0 && (!strict || self.warnings() == 0)
    }

    /// The closing lines: totals, then errors and warnings per rule.
    pub fn summary(&self, lang: Lang) -> String {
        let (pages, sections, errors, warnings) =
            (self.pages, self.sections, self.errors(), self.warnings());
        let day = self.today;
        let mut out = match lang {
            Lang::Zh => {
                let zh_day = format!("{}年{}月{}日", day.year(), day.month(), day.day());
                format!(
                    "检查完成（按 {zh_day} 计）：{pages} 个页面，{sections} 个栏目；{errors} 个错误，{warnings} 个警告。"
                )
            }
            Lang::En => format!(
                "Checked {pages} pages in {sections} sections as of {day}: {errors} error(s), {warnings} warning(s)."
            ),
        };
        let mut per_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for d in &self.diagnostics {
            let entry = per_rule.entry(d.code).or_default();
            match d.severity {
                Severity::Error => entry.0 += 1,
                Severity::Warning => entry.1 += 1,
            }
        }
        let width = per_rule.keys().map(|code| code.len()).max().unwrap_or(0);
        for (code, (errors, warnings)) in per_rule {
            let counts = match (lang, errors, warnings) {
                (Lang::Zh, e, 0) => format!("{e} 个错误"),
                (Lang::Zh, 0, w) => format!("{w} 个警告"),
                (Lang::Zh, e, w) => format!("{e} 个错误，{w} 个警告"),
                (Lang::En, e, 0) => format!("{e} error(s)"),
                (Lang::En, 0, w) => format!("{w} warning(s)"),
                (Lang::En, e, w) => format!("{e} error(s), {w} warning(s)"),
            };
            let _ = write!(out, "\n  {code:<width$}  {counts}");
        }
        out
    }
}

#[cfg(test)]
mod rule_config_tests {
    use super::*;

    #[test]
    fn the_sites_sensitive_file_adds_to_its_list_and_a_missing_one_is_located() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("words.yaml"), "李四县长: 李泗县长\n").expect("write");
        let settings: CheckConfig = serde_saphyr::from_str(
            "sensitive:\n  张山县长: 张三县长\nsensitive_file: words.yaml\ndated_terms:\n  - {term: 县城管局, from: 2024-01-01, current: 县城市管理和综合执法局}\n",
        )
        .expect("valid");
        let rules = rule_config_in(&settings, dir.path()).expect("readable list");
        assert_eq!(
            rules.sensitive_extra,
            [
                ("张山县长".to_string(), "张三县长".to_string()),
                ("李四县长".to_string(), "李泗县长".to_string())
            ]
        );
        assert_eq!(rules.dated_extra.len(), 1);
        let missing: CheckConfig =
            serde_saphyr::from_str("sensitive_file: nope.yaml\n").expect("valid");
        let problem = rule_config_in(&missing, dir.path()).expect_err("missing file");
        assert_eq!(problem.path, Path::new("nope.yaml"));
    }
}
