//! Text-scanning rules of `jianbao check`, the pre-publish gate.
//!
//! This module owns the public types ([`Finding`], [`Severity`], [`RuleConfig`]), the driver [`scan_markdown`], inline silencing, and the
//! conversion from byte offsets to 1-based line/column positions. Each rule family lives
//! in its own file:
//!
//! | file | rule codes | default severity |
//! |---|---|---|
//! | `mask.rs` | (none: hides code, comments, URLs before scanning) | – |
//! | `placeholder.rs` | `placeholder` | error |
//! | `spam.rs` | `spam`, `link-external` | error, warning |
//! | `typo.rs` | `typo` | error |
//! | `typonear.rs` | `typo-near` (confusion set × idiom list, `data/typo/`) | error |
//! | `typoword.rs` | `typo-word` (segmentation × word frequencies × pinyin, jieba) | error |
//! | `personal.rs` | `personal-id`, `personal-mobile`, `personal-bank` | error |
//! | `docnumber.rs` | `doc-number` (the grammar is `content`'s `check_doc_number`) | error |
//! | `punctuation.rs` | `punctuation-halfwidth`, `punctuation-unmatched`, `punctuation-doubled` | warning |
//! | `emphasis.rs` | `emphasis-unrendered` | warning |
//! | `a11y.rs` | `image-alt`, `heading-skip`, `link-text` | warning |
//! | `runon.rs` | `paragraph-run-on` | warning |
//! | `boilerplate.rs` | `boilerplate`, `spam-download` | error |
//! | `blanks.rs` | `placeholder-x`, `placeholder-empty` | error |
//! | `fields.rs` | `placeholder-field` (`{{name}}`, `«姓名»`, `${name}`, `【请填写】`) | error |
//! | `maskname.rs` | `mask-name` | error |
//! | `sensitive.rs` | `sensitive` (错敏词) | error |
//! | `docbracket.rs` | `doc-number-bracket` (+ `--fix` repairs) | error |
//! | `aid.rs` | `personal-aid` | error |
//! | `dated.rs` | `dated-term` (needs the page's date) | warning |
//! | `doubled.rs` | `word-doubled` | warning |
//! | `punctmix.rs` | `punctuation-halfwidth` (more shapes), `punctuation-mixed` (+ `--fix`) | warning |
//!
//! [`RULES`] lists every code with its severity and a short description.
//!
//! # How a scan works
//!
//! 1. The body is masked first (see `mask.rs`): fenced and indented code blocks, inline
//!    code, HTML comments, HTML tags, link destinations and URLs become spaces of the same
//!    byte length. Newlines stay, so every byte offset is still valid in the original.
//! 2. Every family scans the masked text (the accessibility and external-link rules also
//!    read the original, because masking blanks the link destinations and `alt` texts
//!    they need) and reports byte offsets.
//! 3. Offsets become file line numbers (`first_line` + line index) and 1-based columns
//!    counted in characters of the original text; findings are sorted by (line, col).
//!
//! # Inline silencing
//!
//! A line containing `<!-- jianbao-ignore: RULE -->` or
//! `<!-- jianbao-ignore: RULE1, RULE2 -->` silences those rules on that line **and the
//! next line**, so the directive can sit on its own line above the text it excuses:
//!
//! ```markdown
//! <!-- jianbao-ignore: placeholder -->
//! 当事人王某某，男，汉族。
//! ```
//!
//! A name matches a rule code exactly, or a whole family by prefix (`personal` silences
//! `personal-id`, `personal-mobile` and `personal-bank`; `punctuation` silences all three
//! punctuation rules); `all` or `*` silences everything. Names are separated by commas
//! (ASCII or full-width) or spaces. A directive inside a code block or code span is masked
//! like any other code and silences nothing. [`directive_names`] and [`silences`] give the
//! same reading to `check`'s front-matter scan, where the directive is a YAML comment
//! (`title: … # jianbao-ignore: placeholder`).

mod a11y;
mod aid;
mod blanks;
mod boilerplate;
mod dated;
mod docbracket;
mod docnumber;
mod doubled;
mod emphasis;
mod fields;
mod mask;
mod maskname;
mod personal;
mod placeholder;
mod punctmix;
mod punctuation;
mod runon;
mod sensitive;
mod spam;
mod typo;
mod typonear;
mod typoword;

use std::collections::HashMap;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

pub use dated::DatedTerm;
pub use mask::{MaskKind, Masked, mask_markdown};

/// How bad a finding is. `Error` blocks publishing; `Warning` is reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A finding in one text; line/col are 1-based, col counted in chars.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Rule code, one of [`RULES`].
    pub rule: &'static str,
    /// The default severity of the rule.
    pub severity: Severity,
    pub line: usize,
    pub col: usize,
    /// The offending text; personal data is masked (first 4 and last 4 digits only).
    pub matched: String,
    pub message_zh: String,
    pub message_en: String,
    pub hint_zh: String,
    pub hint_en: String,
}

/// Site-level knobs for the text rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleConfig {
    /// Extra `(wrong, right)` pairs for the `typo` rule.
    pub typo_extra: Vec<(String, String)>,
    /// Text that must not be reported as a typo. An entry silences every typo hit that
    /// lies inside one of its occurrences, so `按装置` keeps `按装` quiet only there.
    pub typo_allow: Vec<String>,
    /// Host suffixes that external links may point to without a `link-external`
    /// warning, e.g. `["example.com", "xinhuanet.com"]`; `gov.cn` is always allowed.
    pub link_domain_allow: Vec<String>,
    /// The site's own `(wrong, right)` pairs for the `sensitive` rule (错敏词).
    pub sensitive_extra: Vec<(String, String)>,
    /// The site's own outdated terms for the `dated-term` rule.
    pub dated_extra: Vec<DatedTerm>,
}

/// Every rule code with its default severity and a one-line Chinese description.
pub const RULES: &[(&str, Severity, &str)] = &[
    (
        "placeholder",
        Severity::Error,
        "模板占位符未替换（XX、××、某某、……略……等）",
    ),
    ("spam", Severity::Error, "垃圾广告、引流联系方式"),
    (
        "spam-download",
        Severity::Error,
        "文库网站的下载、阅读提示（下载本文档、还剩N页未读）",
    ),
    (
        "boilerplate",
        Severity::Error,
        "范文/文库网站的附带文字（小编按语、版权说明、范文/篇N标题）",
    ),
    ("link-external", Severity::Warning, "链接指向非政府网站域名"),
    (
        "typo",
        Severity::Error,
        "严重错别字（国名、机关名、规范用语）",
    ),
    (
        "typo-near",
        Severity::Error,
        "成语、固定说法中音近或形近的错字（再接再励、按步就班）",
    ),
    (
        "typo-word",
        Severity::Error,
        "双字词中的同音错字（关健、尉问），按分词和词频判断",
    ),
    ("personal-id", Severity::Error, "未脱敏的居民身份证号码"),
    ("personal-mobile", Severity::Error, "未脱敏的手机号码"),
    ("personal-bank", Severity::Error, "未脱敏的银行卡号"),
    (
        "personal-aid",
        Severity::Error,
        "帮扶对象姓名与脱贫户、低保户、残疾、患病等情况写在一起",
    ),
    (
        "placeholder-x",
        Severity::Error,
        "单个 x、某 等未填写的数字或名称（201x年、x万亩、某市委）",
    ),
    (
        "placeholder-empty",
        Severity::Error,
        "留空的字段或数字（（来源：）、〔…〕、下辖个行政村）",
    ),
    (
        "placeholder-field",
        Severity::Error,
        "模板、邮件合并字段未替换（{{姓名}}、«姓名»、${name}、【请填写】）",
    ),
    ("mask-name", Severity::Error, "用星号遮盖的人名、地名"),
    (
        "sensitive",
        Severity::Error,
        "错敏词：政治性表述、领导职务、联合发文机关、书名号嵌套写错",
    ),
    (
        "doc-number-bracket",
        Severity::Error,
        "发文字号年份用了﹝﹞、[]、【】等括号",
    ),
    (
        "dated-term",
        Severity::Warning,
        "按页面日期已过时的机构名或提法",
    ),
    ("word-doubled", Severity::Warning, "词语重复（工作工作）"),
    (
        "doc-number",
        Severity::Error,
        "发文字号格式不符合 GB/T 9704-2012",
    ),
    (
        "punctuation-halfwidth",
        Severity::Warning,
        "中文句子中使用半角标点",
    ),
    (
        "punctuation-unmatched",
        Severity::Warning,
        "引号、书名号、括号不成对",
    ),
    ("punctuation-doubled", Severity::Warning, "标点重复"),
    (
        "punctuation-mixed",
        Severity::Warning,
        "全角、半角标点连用（，.）",
    ),
    (
        "emphasis-unrendered",
        Severity::Warning,
        "加粗/删除线标记不成对，会原样显示",
    ),
    ("image-alt", Severity::Warning, "图片缺少替代文本"),
    ("heading-skip", Severity::Warning, "标题层级跳级"),
    (
        "link-text",
        Severity::Warning,
        "链接文字无意义（如“点击这里”）",
    ),
    (
        "paragraph-run-on",
        Severity::Warning,
        "多行文字连成一段（从 Word 复制的文字缺少空行）",
    ),
];

/// The default severity of a rule code, `None` for an unknown code.
pub fn rule_severity(rule: &str) -> Option<Severity> {
    RULES
        .iter()
        .find(|(code, _, _)| *code == rule)
        .map(|(_, sev, _)| *sev)
}

/// What every family receives: the original body, its masked copy and the config.
pub(crate) struct Ctx<'a> {
    pub original: &'a str,
    pub masked: &'a Masked,
    pub cfg: &'a RuleConfig,
    /// The page's date, for rules that judge wording by when it was written.
    pub page_date: Option<Date>,
    /// The masked text's [`blocks`], split once for the rules that pair things up.
    blocks: std::cell::OnceCell<Vec<(usize, usize)>>,
}

impl Ctx<'_> {
    /// The masked text, which is what most rules scan.
    pub fn text(&self) -> &str {
        &self.masked.text
    }

    /// The masked text's [`blocks`].
    pub fn blocks(&self) -> &[(usize, usize)] {
        self.blocks.get_or_init(|| blocks(self.text()))
    }
}

/// A finding before its byte offset is turned into line/column.
pub(crate) struct Hit {
    pub offset: usize,
    pub finding: Finding,
    /// What the matched text should read, for rules that name a correction: two rules naming
    /// the same change at the same place are reported once.
    pub correction: Option<String>,
}

/// Message and hint texts of one finding, Chinese and English.
pub(crate) struct Texts {
    pub message_zh: String,
    pub message_en: String,
    pub hint_zh: String,
    pub hint_en: String,
}

impl Hit {
    /// Builds a hit with the rule's default severity from [`RULES`].
    pub fn new(offset: usize, rule: &'static str, matched: impl Into<String>, texts: Texts) -> Hit {
        Hit {
            offset,
            finding: Finding {
                rule,
                severity: rule_severity(rule).unwrap_or(Severity::Error),
                line: 0,
                col: 0,
                matched: matched.into(),
                message_zh: texts.message_zh,
                message_en: texts.message_en,
                hint_zh: texts.hint_zh,
                hint_en: texts.hint_en,
            },
            correction: None,
        }
    }

    /// The same hit, naming `right` as the correct form of its matched text.
    pub fn with_correction(mut self, right: impl Into<String>) -> Hit {
        self.correction = Some(right.into());
        self
    }
}

/// Scan a Markdown body (front matter already removed). `first_line` is the line number of
/// the body's first line in the file, so findings carry file line numbers.
pub fn scan_markdown(body: &str, first_line: usize, cfg: &RuleConfig) -> Vec<Finding> {
    scan_markdown_dated(body, first_line, cfg, None)
}

/// [`scan_markdown`] for a page written on `page_date`: the `dated-term` rule compares the
/// page's wording with that date (without one it stays silent).
pub fn scan_markdown_dated(
    body: &str,
    first_line: usize,
    cfg: &RuleConfig,
    page_date: Option<Date>,
) -> Vec<Finding> {
    scan_markdown_only(body, first_line, cfg, page_date, &|_| true)
}

/// [`scan_markdown_dated`] running only the families that report a rule `wanted` accepts, and
/// keeping only those rules' findings: the build's gate asks for the rules that are errors.
pub fn scan_markdown_only(
    body: &str,
    first_line: usize,
    cfg: &RuleConfig,
    page_date: Option<Date>,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<Finding> {
    let masked = mask_markdown(body);
    let ctx = Ctx {
        original: body,
        masked: &masked,
        cfg,
        page_date,
        blocks: std::cell::OnceCell::new(),
    };
    let mut hits = Vec::new();
    for (codes, scan) in FAMILIES {
        if codes.iter().any(|code| wanted(code)) {
            scan(&ctx, &mut hits);
        }
    }
    drop_emphasis_on_masked_lines(&masked.text, &mut hits);
    // Only wanted rules take part in what follows, so a rule switched off never hides another.
    hits.retain(|h| wanted(h.finding.rule));
    drop_repeated_corrections(&mut hits);

    // Stable sort keeps the family order for findings at the same offset.
    hits.sort_by_key(|h| h.offset);
    hits.dedup_by(|later, earlier| {
        later.offset == earlier.offset && later.finding.rule == earlier.finding.rule
    });

    let ignores = ignore_directives(&masked.text);
    let positions = locate(body, hits.iter().map(|h| h.offset));
    let mut out = Vec::with_capacity(hits.len());
    for (hit, (line0, col)) in hits.into_iter().zip(positions) {
        if is_silenced(&ignores, line0, hit.finding.rule) {
            continue;
        }
        let mut finding = hit.finding;
        finding.line = first_line + line0;
        finding.col = col;
        out.push(finding);
    }
    out
}

/// Builds the large tables of the `wanted` rules now: the typo-word candidates with jieba's
/// dictionary (about a third of a second together) and the typo-near idiom index. For a caller
/// with a spare thread while the site loads; otherwise the first text that needs a table builds
/// it in the middle of the scan while the other threads wait for it.
pub fn prepare(wanted: &dyn Fn(&str) -> bool) {
    if wanted("typo-word") {
        typoword::prepare();
    }
    if wanted("typo-near") {
        typonear::prepare();
    }
}

/// A family's scan: reads the context, pushes its hits.
type Scan = fn(&Ctx, &mut Vec<Hit>);

/// Every family with the codes whose findings depend on it, in the order they run (which is
/// the order of findings at the same offset). Besides its own codes, `mask-name` decides which
/// `emphasis-unrendered` findings stay.
const FAMILIES: &[(&[&str], Scan)] = &[
    (&["placeholder"], placeholder::scan),
    (&["spam", "link-external"], spam::scan),
    (&["boilerplate", "spam-download"], boilerplate::scan),
    (&["typo"], typo::scan),
    (&["typo-near"], typonear::scan),
    (&["typo-word"], typoword::scan),
    (
        &["personal-id", "personal-mobile", "personal-bank"],
        personal::scan,
    ),
    (&["doc-number"], docnumber::scan),
    (
        &[
            "punctuation-halfwidth",
            "punctuation-unmatched",
            "punctuation-doubled",
        ],
        punctuation::scan,
    ),
    (&["emphasis-unrendered"], emphasis::scan),
    (&["image-alt", "heading-skip", "link-text"], a11y::scan),
    (&["paragraph-run-on"], runon::scan),
    (&["placeholder-x", "placeholder-empty"], blanks::scan),
    (&["placeholder-field"], fields::scan),
    (&["mask-name", "emphasis-unrendered"], maskname::scan),
    (&["doc-number-bracket"], docbracket::scan),
    (&["word-doubled"], doubled::scan),
    (&["personal-aid"], aid::scan),
    (
        &["punctuation-halfwidth", "punctuation-mixed"],
        punctmix::scan,
    ),
    (&["sensitive"], sensitive::scan),
    (&["dated-term"], dated::scan),
];

/// One regex matching any of `words` literally, longest first, so that where two start at
/// the same place the longer, more specific one wins.
pub(crate) fn literal_alternation<'a>(words: impl IntoIterator<Item = &'a str>) -> Regex {
    let mut words: Vec<&str> = words.into_iter().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let pattern: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&pattern.join("|")).expect("an alternation of escaped literals is a valid regex")
}

/// The safe mechanical repairs in a masked body, sorted and non-overlapping: half-width
/// punctuation in Chinese context to full width, document-number year brackets to `〔〕`.
/// Ranges are byte ranges valid in the original body (masking keeps offsets).
pub fn mechanical_fixes(masked: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut edits = docbracket::fixes(masked);
    edits.extend(punctmix::fixes(masked));
    edits.sort_by_key(|(range, _)| range.start);
    let mut out: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (range, replacement) in edits {
        // A document number's own brackets are already replaced by its fix.
        if out.last().is_some_and(|(last, _)| range.start < last.end) {
            continue;
        }
        out.push((range, replacement));
    }
    out
}

/// Where two rules name the same change at the same place (`中国共产觉` is both a `typo` and a
/// 错敏词; `再接再励` both a `typo` and a `typo-near`), one finding is kept: the rule of higher
/// default severity, and among equals the first of [`SAME_CHANGE_ORDER`]. The change is compared
/// without the text around it, so `党风廉正建设`→`党风廉政建设` and `党风廉正`→`党风廉政` are one.
fn drop_repeated_corrections(hits: &mut Vec<Hit>) {
    let rank = |h: &Hit| {
        let order = SAME_CHANGE_ORDER
            .iter()
            .position(|r| *r == h.finding.rule)
            .unwrap_or(SAME_CHANGE_ORDER.len());
        (std::cmp::Reverse(h.finding.severity), order)
    };
    let changes: Vec<Option<(usize, &str, &str)>> = hits.iter().map(change_of).collect();
    let named: Vec<usize> = (0..hits.len()).filter(|&i| changes[i].is_some()).collect();
    let mut drop = vec![false; hits.len()];
    for &i in &named {
        for &j in &named {
            if i != j && changes[i] == changes[j] && !drop[j] {
                let keep_j =
                    rank(&hits[j]) < rank(&hits[i]) || (rank(&hits[j]) == rank(&hits[i]) && j < i);
                if keep_j {
                    drop[i] = true;
                }
            }
        }
    }
    let mut k = 0;
    hits.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// Which of two rules naming the same change is kept when their severities are equal: the
/// more specific finding first.
const SAME_CHANGE_ORDER: &[&str] = &["sensitive", "typo", "typo-near", "typo-word"];

/// The change a hit asks for, without the text the wrong and right forms share: (byte offset
/// of the first changed character, what is there, what should be).
fn change_of(hit: &Hit) -> Option<(usize, &str, &str)> {
    let right = hit.correction.as_deref()?;
    let wrong = hit.finding.matched.as_str();
    let prefix: usize = wrong
        .chars()
        .zip(right.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let (wrong_rest, right_rest) = (&wrong[prefix..], &right[prefix..]);
    let suffix: usize = wrong_rest
        .chars()
        .rev()
        .zip(right_rest.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    Some((
        hit.offset + prefix,
        &wrong_rest[..wrong_rest.len() - suffix],
        &right_rest[..right_rest.len() - suffix],
    ))
}

/// Asterisks that mask a name are not broken emphasis: where `mask-name` reports a line,
/// `emphasis-unrendered` on that line would only mislead.
fn drop_emphasis_on_masked_lines(text: &str, hits: &mut Vec<Hit>) {
    let masked_lines: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| h.finding.rule == "mask-name")
        .map(|h| line_bounds(text, h.offset))
        .collect();
    if masked_lines.is_empty() {
        return;
    }
    hits.retain(|h| {
        h.finding.rule != "emphasis-unrendered"
            || !masked_lines
                .iter()
                .any(|&(s, e)| (s..=e).contains(&h.offset))
    });
}

static IGNORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*jianbao-ignore\s*[:：]\s*([^>]*?)\s*-->").expect("constant regex")
});

/// Rule names silenced per 0-based line of the body.
fn ignore_directives(masked: &str) -> HashMap<usize, Vec<String>> {
    let mut map: HashMap<usize, Vec<String>> = HashMap::new();
    if !masked.contains("jianbao-ignore") {
        return map;
    }
    let mut line0 = 0;
    let mut counted_to = 0;
    for caps in IGNORE_RE.captures_iter(masked) {
        let Some(whole) = caps.get(0) else { continue };
        line0 += masked[counted_to..whole.start()].matches('\n').count();
        counted_to = whole.start();
        let names: Vec<String> = caps[1]
            .split(|c: char| c == ',' || c == '，' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        map.entry(line0).or_default().extend(names);
    }
    map
}

fn is_silenced(ignores: &HashMap<usize, Vec<String>>, line0: usize, rule: &str) -> bool {
    let lines = [Some(line0), line0.checked_sub(1)];
    lines.iter().flatten().any(|l| {
        ignores
            .get(l)
            .is_some_and(|names| names.iter().any(|n| silences(n, rule)))
    })
}

/// Whether the name in a `jianbao-ignore` directive covers `rule`: the exact code, its
/// family (`personal` for `personal-id`), or `all` / `*`. Names are compared in lower case.
pub fn silences(name: &str, rule: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    name == "all"
        || name == "*"
        || name == rule
        || (rule.starts_with(name.as_str()) && rule.as_bytes().get(name.len()) == Some(&b'-'))
}

/// The rule names of every `jianbao-ignore` directive on one line, in an HTML comment
/// (`<!-- jianbao-ignore: a, b -->`) or a YAML comment (`# jianbao-ignore: a`).
pub fn directive_names(line: &str) -> Vec<String> {
    if !line.contains("jianbao-ignore") {
        return Vec::new();
    }
    let html = IGNORE_RE.captures_iter(line).map(|c| c[1].to_string());
    let yaml = YAML_IGNORE_RE.captures_iter(line).map(|c| c[1].to_string());
    html.chain(yaml)
        .flat_map(|names| {
            names
                .split(|c: char| c == ',' || c == '，' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
        })
        .collect()
}

static YAML_IGNORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)#\s*jianbao-ignore\s*[:：]\s*([^#\n]*?)\s*$").expect("constant regex")
});

/// Whether an entry of `check.typo_allow` covers the bytes `from..to` of `text`: the slip rules
/// report nothing inside an occurrence of an allowed text.
pub(crate) fn typo_allowed(text: &str, from: usize, to: usize, allow: &[String]) -> bool {
    allow.iter().filter(|a| !a.is_empty()).any(|a| {
        let lo = from.saturating_sub(a.len());
        let hi = (to + a.len()).min(text.len());
        text.get(lo..hi).is_some_and(|window| {
            window
                .match_indices(a.as_str())
                .any(|(i, m)| lo + i <= from && lo + i + m.len() >= to)
        })
    })
}

/// What `rule` reports in `body` with the default configuration: the matched texts.
#[cfg(test)]
pub(crate) fn matched_by(rule: &str, body: &str) -> Vec<String> {
    scan_markdown(body, 1, &RuleConfig::default())
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.matched)
        .collect()
}

/// Turns ascending byte offsets into (0-based line, 1-based char column) in one pass.
fn locate(text: &str, offsets: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut pos, mut line0, mut col) = (0usize, 0usize, 1usize);
    for off in offsets {
        let off = off.min(bytes.len());
        for &b in &bytes[pos..off] {
            if b == b'\n' {
                line0 += 1;
                col = 1;
            } else if b & 0xC0 != 0x80 {
                // Count only the first byte of each UTF-8 sequence: columns are chars.
                col += 1;
            }
        }
        pos = off;
        out.push((line0, col));
    }
    out
}

// ---------------------------------------------------------------------------------------
// Character classes shared by the families.
// ---------------------------------------------------------------------------------------

pub(crate) use crate::content::is_han;

/// Full-width / CJK punctuation, including the curly quotes, `…` and `—` that Chinese
/// text uses from the General Punctuation block.
pub(crate) fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0x2014 | 0x2015 | 0x2018..=0x201F | 0x2026 | 0x00B7 | 0xFE30..=0xFE4F)
}

/// Han or CJK punctuation: "Chinese context" for the context-sensitive rules.
pub(crate) fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// The char before byte offset `at`.
pub(crate) fn char_before(s: &str, at: usize) -> Option<char> {
    s.get(..at).and_then(|p| p.chars().next_back())
}

/// The char starting at byte offset `at`.
pub(crate) fn char_at(s: &str, at: usize) -> Option<char> {
    s.get(at..).and_then(|p| p.chars().next())
}

/// Byte range of the line containing `at` (without its newline).
pub(crate) fn line_bounds(s: &str, at: usize) -> (usize, usize) {
    let start = s[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = s[at..].find('\n').map_or(s.len(), |i| at + i);
    (start, end)
}

/// Splits masked text into blocks (paragraphs) for rules that pair things up:
/// a blank line ends a block, and headings, list items and table rows start new ones,
/// because CommonMark never lets quotes or emphasis run across those boundaries.
pub(crate) fn blocks(masked: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let mut pos = 0;
    for raw in masked.split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let end = start + line.len();
        let trimmed = line.trim_start_matches([' ', '\t', '>']).trim_start();
        if trimmed.is_empty() {
            if let Some(b) = cur.take() {
                out.push(b);
            }
            continue;
        }
        if starts_block(trimmed) {
            if let Some(b) = cur.take() {
                out.push(b);
            }
            let single = trimmed.starts_with('#') || trimmed.starts_with('|');
            if single {
                out.push((start, end));
                continue;
            }
            cur = Some((start, end));
            continue;
        }
        cur = Some(match cur {
            Some((s, _)) => (s, end),
            None => (start, end),
        });
    }
    if let Some(b) = cur {
        out.push(b);
    }
    out
}

/// Whether a (left-trimmed) line starts a new block: ATX heading, table row, list item.
pub(crate) fn starts_block(t: &str) -> bool {
    if t.starts_with('#') || t.starts_with('|') {
        return true;
    }
    let b = t.as_bytes();
    if matches!(b.first(), Some(b'-' | b'*' | b'+'))
        && matches!(b.get(1), None | Some(b' ' | b'\t'))
    {
        return true;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=9).contains(&digits)
        && matches!(b.get(digits), Some(b'.' | b')'))
        && matches!(b.get(digits + 1), None | Some(b' ' | b'\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines 4, 9 and 10 of the seed speech template (000_606daf4b43f34181.txt), with the
    /// half-width punctuation the original has. Only these lines are copied: they carry
    /// every `XX`, the `……略……` and the spam line.
    const SEED_LINE_4: &str = "(一)组织建设固本强基。各驻村工作队将强化农村基层党组织建设作为首要任务,持之以恒发力。数年如一日,助力XX余个行政村优化组织架构,使党组织设置与乡村发展需求精准契合;严格落实“三会一课”制度,累计开展各类党内政治生活场次高达XX余次,党内组织生活的严肃性与规范性显著提升;悉心培养入党积极分子,数量达到XX余名,新发展党员XX余名,为党组织注入源源不断的新鲜血液;精心组织党务培训活动XX多场次,覆盖基层党员干部XX余人次,全面提升党员队伍政治素养与履职能力,村党组织的凝聚力、战斗力实 ……略…… 重道远。";
    const SEED_LINE_9: &str = "(三)汇聚人才力量,厚植智力支撑。一是本土人才精细培育。紧密围绕乡村产业发展与治理需求,量体裁衣开展种植养殖、电商营销、乡村治理等实用技能培训活动XX场次以上,培育造就一大批爱农业、懂技术、善经营的新型职业农民XX名以上,为乡村可持续发展储备坚实人才力量。";
    const SEED_LINE_10: &str = "请点击👉 mbgs777 👈联系老师";

    fn cfg() -> RuleConfig {
        RuleConfig::default()
    }

    fn rules_of(found: &[Finding]) -> Vec<&'static str> {
        found.iter().map(|f| f.rule).collect()
    }

    /// 1-based char column of every occurrence of `needle` in `line`.
    fn cols_of(line: &str, needle: &str) -> Vec<usize> {
        line.match_indices(needle)
            .map(|(i, _)| line[..i].chars().count() + 1)
            .collect()
    }

    #[test]
    fn seed_template_is_caught() {
        // The copied lines sit at their original line numbers 4, 9 and 10.
        let body = format!("同志们:\n\n\n{SEED_LINE_4}\n\n\n\n\n{SEED_LINE_9}\n{SEED_LINE_10}");
        let found = scan_markdown(&body, 1, &cfg());
        for (line_no, text) in [(4, SEED_LINE_4), (9, SEED_LINE_9)] {
            let expected = cols_of(text, "XX");
            let got: Vec<usize> = found
                .iter()
                .filter(|f| f.rule == "placeholder" && f.line == line_no && f.matched == "XX")
                .map(|f| f.col)
                .collect();
            assert_eq!(got, expected, "XX columns on line {line_no}");
        }
        assert_eq!(cols_of(SEED_LINE_4, "XX").len(), 6);
        assert_eq!(cols_of(SEED_LINE_9, "XX").len(), 2);
        let lue = cols_of(SEED_LINE_4, "……略……")[0];
        assert!(found.iter().any(|f| f.rule == "placeholder"
            && f.line == 4
            && f.col == lue
            && f.matched.contains('略')));
        let spam: Vec<&Finding> = found.iter().filter(|f| f.rule == "spam").collect();
        assert_eq!(spam.len(), 1, "{spam:?}");
        assert_eq!((spam[0].line, spam[0].col), (10, 1));
        assert!(spam[0].matched.contains("联系老师"));
        // The half-width punctuation of the seed is reported too.
        assert!(
            found
                .iter()
                .any(|f| f.rule == "punctuation-halfwidth" && f.line == 1)
        );
        // Sorted by position.
        let keys: Vec<(usize, usize)> = found.iter().map(|f| (f.line, f.col)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn clean_prose_has_no_findings() {
        let text = include_str!("../../../tests/fixtures/check/clean-prose.md");
        assert!(text.lines().count() >= 1500);
        // The fixture must exercise the near misses, or a zero count proves little.
        for needle in [
            "XXL",
            "待遇",
            "对待",
            "期待",
            "某种",
            "某些",
            "3.14",
            "10:30",
            "12345",
            "0744-8223456",
            "〔2026〕",
            "```yaml",
            "`jianbao build",
            "https://www.gov.cn/",
            "](https://www.qingshan.gov.cn/",
            "| --- |",
            "“",
            "《",
            "**注意：**",
            "~~",
            "4313**********",
            "139****",
            "扫码登记",
            "China’s",
            "1）",
            "……",
            "——",
            "![",
            "> “",
            "The English",
            "2026年11月20日",
            "%",
        ] {
            assert!(text.contains(needle), "fixture lacks {needle}");
        }
        let found = scan_markdown(text, 1, &cfg());
        assert!(
            found.is_empty(),
            "{} findings, first: {:#?}",
            found.len(),
            &found[..found.len().min(10)]
        );
    }

    #[test]
    fn crlf_line_endings() {
        let found = scan_markdown("同志们:\r\n助力XX余个\r\n", 1, &cfg());
        let got: Vec<(&str, usize, usize)> =
            found.iter().map(|f| (f.rule, f.line, f.col)).collect();
        assert_eq!(
            got,
            [("punctuation-halfwidth", 1, 4), ("placeholder", 2, 3)]
        );
    }

    #[test]
    fn first_line_offsets_line_numbers() {
        let found = scan_markdown("正文\n攻府工作", 7, &cfg());
        assert_eq!(rules_of(&found), ["typo"]);
        assert_eq!((found[0].line, found[0].col), (8, 1));
    }

    #[test]
    fn columns_count_chars_not_bytes() {
        let found = scan_markdown("“你好”，攻府", 1, &cfg());
        assert_eq!(found[0].col, 6);
    }

    #[test]
    fn ignore_directive_silences_line_and_next() {
        let body = "<!-- jianbao-ignore: placeholder -->\n当事人王某某，张某某。\n某某村\n";
        let found = scan_markdown(body, 1, &cfg());
        // 王某某 / 张某某 are anonymised names anyway; 某某村 on line 3 is still reported.
        assert_eq!(rules_of(&found), ["placeholder"]);
        assert_eq!(found[0].line, 3);

        let body = "助力XX余个村 <!-- jianbao-ignore: spam, placeholder -->\nXX村\nXX村";
        let found = scan_markdown(body, 1, &cfg());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
    }

    #[test]
    fn ignore_directive_family_and_all() {
        let body = "<!-- jianbao-ignore: personal -->\n电话13800138000";
        assert!(scan_markdown(body, 1, &cfg()).is_empty());
        let body = "<!-- jianbao-ignore：all -->\n攻府XX村，，";
        assert!(scan_markdown(body, 1, &cfg()).is_empty());
        // A family prefix must end at a dash: "personal-i" is not a family.
        let body = "<!-- jianbao-ignore: personal-i -->\n电话13800138000";
        assert_eq!(scan_markdown(body, 1, &cfg()).len(), 1);
    }

    #[test]
    fn directive_names_come_from_html_and_yaml_comments() {
        assert_eq!(
            directive_names("title: XX村 # jianbao-ignore: placeholder, typo"),
            ["placeholder", "typo"]
        );
        assert_eq!(
            directive_names("正文 <!-- jianbao-ignore：Spam -->"),
            ["spam"]
        );
        assert!(directive_names("title: 第#1期").is_empty());
        assert!(silences("punctuation", "punctuation-doubled"));
        assert!(!silences("punct", "punctuation-doubled"));
    }

    #[test]
    fn ignore_directive_in_code_does_not_count() {
        let body = "`<!-- jianbao-ignore: all -->`\n攻府";
        assert_eq!(rules_of(&scan_markdown(body, 1, &cfg())), ["typo"]);
    }

    #[test]
    fn two_rules_naming_one_slip_report_it_once_and_either_alone_reports_it() {
        let rules_in = |body: &str, wanted: &dyn Fn(&str) -> bool| -> Vec<&'static str> {
            scan_markdown_only(body, 1, &cfg(), None, wanted)
                .into_iter()
                .map(|f| f.rule)
                .collect()
        };
        // 错敏词 and typo dictionary: the more specific 错敏词 is kept.
        for body in ["坚持不忘出心。", "中国共产觉领导。", "加强党风廉正建设。"]
        {
            assert_eq!(rules_in(body, &|_| true), ["sensitive"], "{body}");
            assert_eq!(rules_in(body, &|c| c != "sensitive"), ["typo"], "{body}");
            assert_eq!(rules_in(body, &|c| c != "typo"), ["sensitive"], "{body}");
        }
        // The dictionary and the idiom confusion set.
        assert_eq!(rules_in("我们要再接再励。", &|_| true), ["typo"]);
        assert_eq!(
            rules_in("我们要再接再励。", &|c| c != "typo"),
            ["typo-near"]
        );
    }

    #[test]
    fn every_rule_has_a_family_and_a_partial_scan_keeps_its_findings() {
        for (code, _, _) in RULES {
            assert!(
                FAMILIES.iter().any(|(codes, _)| codes.contains(code)),
                "{code} has no family"
            );
        }
        let body = format!(
            "同志们:\n\n{SEED_LINE_4}\n\n{SEED_LINE_9}\n{SEED_LINE_10}\n\n以***新时代思想为指导，再接再励。\n\n义不容词，**注意\n"
        );
        let all = scan_markdown(&body, 1, &cfg());
        let codes: Vec<&str> = all.iter().map(|f| f.rule).collect();
        for wanted in [
            &["placeholder", "spam"][..],
            &["emphasis-unrendered"],
            &["typo", "typo-near"],
            &["punctuation-halfwidth"],
        ] {
            let some = scan_markdown_only(&body, 1, &cfg(), None, &|c| wanted.contains(&c));
            let expected: Vec<&Finding> = all.iter().filter(|f| wanted.contains(&f.rule)).collect();
            assert_eq!(
                some.iter().collect::<Vec<_>>(),
                expected,
                "{wanted:?} of {codes:?}"
            );
            assert!(!some.is_empty(), "{wanted:?} finds nothing in {codes:?}");
        }
    }

    #[test]
    fn every_rule_code_is_listed_once() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.0).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len());
        assert_eq!(rule_severity("spam"), Some(Severity::Error));
        assert_eq!(rule_severity("link-text"), Some(Severity::Warning));
        assert_eq!(rule_severity("nope"), None);
    }

    #[test]
    fn blocks_split_on_headings_lists_and_blank_lines() {
        let t = "# 标题\n第一段\n续行\n\n- 项一\n- 项二\n| a | b |\n";
        let b: Vec<&str> = blocks(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            b,
            ["# 标题", "第一段\n续行", "- 项一", "- 项二", "| a | b |"]
        );
    }

    #[test]
    fn locate_counts_lines_and_chars() {
        let t = "ab\n中文x\ny";
        let got = locate(t, [0, 3, 6, 11].into_iter());
        assert_eq!(got, [(0, 1), (1, 1), (1, 2), (2, 1)]);
    }
}
