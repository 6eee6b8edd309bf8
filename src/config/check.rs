//! `check:` in `site.yaml`: rule severities, the typo and link lists, freshness periods and the
//! ledger's path.
//!
//! The struct is read with the rest of `site.yaml` (unknown keys are refused there), which also
//! notes the lines of its keys ([`CheckConfig::located`]). Which rule names `severity:` may use
//! is only known to `check`, which passes them to [`CheckConfig::problems`] when `jianbao check`
//! starts; `build` does not care about severities.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use super::CONFIG_FILE;
use crate::diagnostics::Diagnostic;

/// Where the publication ledger lives unless `check.ledger` says otherwise.
pub const DEFAULT_LEDGER: &str = ".jianbao/published.yaml";

/// `check:` as written in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Per rule (or family such as `punctuation`): `error`, `warning` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
    /// Extra `wrong: right` pairs for the `typo` rule.
    #[serde(default)]
    pub typo_extra: BTreeMap<String, String>,
    /// Text never reported as a typo (the whole entry must cover the hit).
    #[serde(default)]
    pub typo_allow: Vec<String>,
    /// Host suffixes external links may point to without a `link-external` warning.
    #[serde(default)]
    pub link_domain_allow: Vec<String>,
    /// Update periods per column kind, in days.
    #[serde(default)]
    pub freshness: Freshness,
    /// The publication ledger, relative to the site folder.
    #[serde(default = "default_ledger")]
    pub ledger: String,
    /// The line in `site.yaml` of each key of `severity:` and of `ledger`, for messages.
    #[serde(skip)]
    pub lines: BTreeMap<String, usize>,
    /// The site's own 错敏词 as `wrong: right` (its leaders' names and titles, places).
    #[serde(default)]
    pub sensitive: BTreeMap<String, String>,
    /// A YAML file of more `wrong: right` pairs, relative to the site folder.
    #[serde(default)]
    pub sensitive_file: Option<String>,
    /// The site's own outdated terms for the `dated-term` rule.
    #[serde(default)]
    pub dated_terms: Vec<DatedTermEntry>,
    /// What `build` does with error-level text findings: `warn` (default), `error`, `off`.
    #[serde(default)]
    pub on_build: OnBuild,
    /// `require_review: true`: a page is published only after its 终审 is recorded in `review:`
    /// (`check` reports `review-missing`, `build` refuses).
    #[serde(default)]
    pub require_review: bool,
}

/// One entry of `check.dated_terms`: `{term: 扶贫办, from: 2021-02-25, current: 乡村振兴局}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedTermEntry {
    pub term: String,
    /// `YYYY-MM-DD`; checked by [`CheckConfig::problems`].
    pub from: String,
    pub current: String,
}

/// `check.on_build`: whether `build` runs the fast text rules and what it does with errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnBuild {
    /// Print one summary line and publish.
    #[default]
    #[serde(alias = "警告")]
    Warn,
    /// Print the summary and refuse to publish; `public/` is left as it was.
    #[serde(alias = "错误")]
    Error,
    /// Do not run the text rules during `build`.
    #[serde(alias = "关闭")]
    Off,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            severity: BTreeMap::new(),
            typo_extra: BTreeMap::new(),
            typo_allow: Vec::new(),
            link_domain_allow: Vec::new(),
            freshness: Freshness::default(),
            ledger: default_ledger(),
            lines: BTreeMap::new(),
            sensitive: BTreeMap::new(),
            sensitive_file: None,
            dated_terms: Vec::new(),
            on_build: OnBuild::default(),
            require_review: false,
        }
    }
}

fn default_ledger() -> String {
    DEFAULT_LEDGER.into()
}

/// A severity set in `site.yaml`; `off` drops the rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Blocks publishing (`check` exits 1).
    #[serde(alias = "错误")]
    Error,
    /// Reported; fails only with `--strict`.
    #[serde(alias = "警告")]
    Warning,
    /// Not reported at all.
    #[serde(alias = "关闭")]
    Off,
}

/// Days within which each kind of column must get a new item (the inspection rules' periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Freshness {
    /// 动态/要闻: two weeks.
    #[serde(default = "two_weeks")]
    pub news: u32,
    /// 通知公告: six months.
    #[serde(default = "six_months")]
    pub notice: u32,
    /// 政策文件: six months.
    #[serde(default = "six_months")]
    pub policy: u32,
    /// 人事、规划计划: a year.
    #[serde(default = "one_year")]
    pub plan: u32,
    /// Any other column: a year.
    #[serde(default = "one_year")]
    pub other: u32,
    /// The home page (the site's newest item): two weeks.
    #[serde(default = "two_weeks")]
    pub home: u32,
}

fn two_weeks() -> u32 {
    14
}
fn six_months() -> u32 {
    183
}
fn one_year() -> u32 {
    365
}

impl Default for Freshness {
    fn default() -> Self {
        Freshness {
            news: two_weeks(),
            notice: six_months(),
            policy: six_months(),
            plan: one_year(),
            other: one_year(),
            home: two_weeks(),
        }
    }
}

impl CheckConfig {
    /// The severity set for `code`: its own entry, else its family's (`personal` for
    /// `personal-id`), else `all`; `None` keeps the rule's default.
    pub fn level_of(&self, code: &str) -> Option<Level> {
        // The usual case, asked for every rule of every text scanned: nothing re-graded.
        if self.severity.is_empty() {
            return None;
        }
        if let Some(level) = self.severity.get(code) {
            return Some(*level);
        }
        let family = code.split_once('-').map(|(family, _)| family);
        family
            .and_then(|family| self.severity.get(family))
            .or_else(|| self.severity.get("all"))
            .copied()
    }

    /// The ledger's file.
    pub fn ledger_path(&self, root: &Path) -> PathBuf {
        root.join(&self.ledger)
    }

    /// Notes the lines of `severity:`'s keys and of `ledger` in `config_text`, the text of
    /// `site.yaml`, so that [`problems`](Self::problems) can point at them.
    pub fn located(mut self, config_text: &str) -> CheckConfig {
        let keys = self
            .severity
            .keys()
            .map(String::as_str)
            .chain(["ledger", "dated_terms"]);
        self.lines = keys
            .map(|key| (key.to_string(), line_of_key(config_text, key)))
            .collect();
        self
    }

    /// The line of `key` noted by [`located`](Self::located); the first line when unknown.
    fn line(&self, key: &str) -> usize {
        self.lines.get(key).copied().unwrap_or(1)
    }

    /// Mistakes in `check:` that `site.yaml`'s parser cannot see: rule names in `severity:`
    /// that are not in `codes` (every rule `check` knows) and a ledger path that would be
    /// published or leave the site folder.
    pub fn problems(&self, codes: &[&str]) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for name in self.severity.keys() {
            let line = self.line(name);
            let is_family = codes
                .iter()
                .any(|code| code.split_once('-').is_some_and(|(f, _)| f == name));
            if name == "all" || codes.contains(&name.as_str()) || is_family {
                continue;
            }
            let suggestion = codes
                .iter()
                .map(|code| (strsim::levenshtein(name, code), *code))
                .min()
                .filter(|(distance, _)| *distance <= 3)
                .map(|(_, code)| code);
            let hint = match suggestion {
                Some(code) => text!("你是不是想写 `{code}`？", "did you mean `{code}`?"),
                None => text!(
                    "规则名见 docs/check.md，例如 placeholder、punctuation-halfwidth、column-stale；build 本身的检查（如 broken-link）不能在这里改变级别",
                    "rule names are listed in docs/check.md, e.g. placeholder, punctuation-halfwidth, column-stale; build's own checks (such as broken-link) cannot be changed here"
                ),
            };
            found.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    "check-config",
                    text!(
                        "check.severity：没有名为“{name}”的检查规则",
                        "check.severity: there is no rule named `{name}`"
                    ),
                )
                .at_line(line)
                .with_hint(hint),
            );
        }
        if let Some(problem) = self.ledger_problem() {
            found.push(problem);
        }
        for entry in &self.dated_terms {
            if entry.from.trim().parse::<jiff::civil::Date>().is_err() {
                let from = &entry.from;
                found.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        "check-config",
                        text!(
                            "check.dated_terms：“{from}”不是日期",
                            "check.dated_terms: `{from}` is not a date"
                        ),
                    )
                    .at_line(self.line("dated_terms"))
                    .with_hint(text!(
                        "写作 2021-02-25 这样的形式",
                        "write it like 2021-02-25"
                    )),
                );
            }
        }
        found
    }

    fn ledger_problem(&self) -> Option<Diagnostic> {
        let path = Path::new(&self.ledger);
        let leaves = path.is_absolute()
            || path
                .components()
                .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)));
        let first = path.components().next().map(|c| c.as_os_str().to_owned());
        let published = first.is_some_and(|f| {
            ["content", "static", "templates"]
                .iter()
                .any(|dir| f == *dir)
        });
        if !(leaves || published || self.ledger.trim().is_empty()) {
            return None;
        }
        let shown = &self.ledger;
        Some(
            Diagnostic::error(
                CONFIG_FILE,
                "check-config",
                text!(
                    "check.ledger：发稿日期登记簿的位置“{shown}”不合适",
                    "check.ledger: `{shown}` is not a usable place for the publication ledger"
                ),
            )
            .at_line(self.line("ledger"))
            .with_hint(text!(
                "写网站文件夹里的相对路径，不要放在 content/、static/、templates/ 里，默认是 {DEFAULT_LEDGER}",
                "give a path inside the site folder but outside content/, static/ and templates/; the default is {DEFAULT_LEDGER}"
            )),
        )
    }
}

/// The line of `key:` anywhere in `text` (indented or not), else the line of `check:`.
fn line_of_key(text: &str, key: &str) -> usize {
    let find = |key: &str| {
        text.lines().position(|line| {
            let line = line.trim_start().trim_start_matches(['"', '\'']);
            line.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            })
        })
    };
    find(key).or_else(|| find("check")).map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Some of the rules `check` knows (the full list is `check::all_codes`).
    const CODES: &[&str] = &[
        "placeholder",
        "punctuation-halfwidth",
        "personal-id",
        "typo",
    ];

    fn parse(yaml: &str) -> CheckConfig {
        serde_saphyr::from_str(yaml).expect("valid check config")
    }

    #[test]
    fn site_lists_for_sensitive_words_and_dated_terms_are_read() {
        let config = parse(
            "sensitive:\n  张山县长: 张三县长\nsensitive_file: words.yaml\non_build: error\ndated_terms:\n  - {term: 县城管局, from: 2024-01-01, current: 县城市管理和综合执法局}\n",
        );
        assert_eq!(config.on_build, OnBuild::Error);
        assert_eq!(config.sensitive_file.as_deref(), Some("words.yaml"));
        assert_eq!(config.dated_terms.len(), 1);
        assert!(config.problems(CODES).is_empty());
        // A bad date is a located error.
        let bad =
            parse("dated_terms:\n  - {term: 扶贫办, from: 2021-13-01, current: 乡村振兴局}\n")
                .located("check:\n  dated_terms:\n    - {term: 扶贫办, from: 2021-13-01}\n");
        let problems = bad.problems(CODES);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(2));
    }

    #[test]
    fn defaults_follow_the_inspection_rules() {
        let config = parse("{}");
        assert_eq!(config.freshness.news, 14);
        assert_eq!(config.freshness.notice, 183);
        assert_eq!(config.freshness.plan, 365);
        assert_eq!(config.ledger, DEFAULT_LEDGER);
    }

    #[test]
    fn off_is_a_level_not_a_boolean() {
        let config = parse("severity:\n  punctuation: off\n  link-external: error\n  typo: 警告\n");
        assert_eq!(config.level_of("punctuation-halfwidth"), Some(Level::Off));
        assert_eq!(config.level_of("link-external"), Some(Level::Error));
        assert_eq!(config.level_of("typo"), Some(Level::Warning));
        assert_eq!(config.level_of("spam"), None);
    }

    #[test]
    fn an_exact_rule_wins_over_its_family_and_all() {
        let config = parse("severity:\n  all: warning\n  personal: off\n  personal-id: error\n");
        assert_eq!(config.level_of("personal-id"), Some(Level::Error));
        assert_eq!(config.level_of("personal-mobile"), Some(Level::Off));
        assert_eq!(config.level_of("placeholder"), Some(Level::Warning));
    }

    #[test]
    fn unknown_rules_are_named_with_a_suggestion() {
        let text = "title: x\ncheck:\n  severity:\n    placeholdr: off\n";
        let config = parse("severity:\n  placeholdr: off\n").located(text);
        let problems = config.problems(CODES);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(4));
        assert!(
            problems[0]
                .hint
                .as_ref()
                .unwrap()
                .en
                .contains("placeholder")
        );
    }

    #[test]
    fn build_rules_cannot_be_switched_off() {
        let problems = parse("severity:\n  broken-link: off\n").problems(CODES);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].hint.as_ref().unwrap().en.contains("build"));
    }

    #[test]
    fn the_ledger_must_stay_unpublished_and_inside_the_site() {
        for bad in [
            "content/ledger.yaml",
            "../ledger.yaml",
            "/tmp/ledger.yaml",
            "",
        ] {
            let config = CheckConfig {
                ledger: bad.into(),
                ..CheckConfig::default()
            };
            assert_eq!(config.problems(CODES).len(), 1, "{bad}");
        }
        assert!(CheckConfig::default().problems(CODES).is_empty());
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(serde_saphyr::from_str::<CheckConfig>("severty: {}\n").is_err());
        assert!(serde_saphyr::from_str::<CheckConfig>("freshness:\n  newz: 3\n").is_err());
    }
}
