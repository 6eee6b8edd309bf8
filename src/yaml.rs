//! YAML (site.yaml and front matter) into typed structs, with editor-friendly errors.
//!
//! Editors type YAML by hand in Notepad or WPS. Before the parser sees the text we look for the
//! slips it would report confusingly (a full-width colon, a tab for indentation, a colon without a
//! space), and we turn the parser's own errors into file:line messages in both languages with a
//! "did you mean" hint for misspelt keys. This module does not read files.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::de::DeserializeOwned;
use serde_saphyr::{DefaultMessageFormatter, MessageFormatter};

use crate::diagnostics::Diagnostic;
use crate::i18n::Text;

/// Where the YAML text sits in its file, so messages carry the file's own line numbers.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The file, as shown in messages.
    pub path: &'a Path,
    /// The file line of the YAML text's first line (1-based).
    pub first_line: usize,
}

/// Parses `text` into `T`, or explains every slip found in it. `fields` lists the keys `T` accepts,
/// for "did you mean" hints. Empty text parses as an empty mapping.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
    fields: &[&str],
) -> Result<T, Vec<Diagnostic>> {
    let slips = find_slips(text, origin);
    if !slips.is_empty() {
        return Err(slips);
    }
    let source = if text.trim().is_empty() { "{}" } else { text };
    serde_saphyr::from_str::<T>(source).map_err(|err| vec![explain(&err, text, origin, fields)])
}

static FULL_WIDTH_COLON_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*|[\p{Han}]+)\s*：").expect("constant regex")
});
static NO_SPACE_AFTER_COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*):([^\s/:])").expect("constant regex")
});

/// Typing slips that the YAML parser would either accept with a surprising meaning or report
/// in terms an editor cannot act on.
fn find_slips(text: &str, origin: Origin<'_>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = origin.first_line + index;
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        if let Some(tab_col) = indent.chars().position(|c| c == '\t') {
            found.push(
                Diagnostic::error(origin.path, "yaml-tab", text!("缩进里用了 Tab 键", "a tab is used for indentation"))
                    .at(line_no, tab_col + 1)
                    .with_excerpt(line)
                    .with_hint(text!("YAML 只能用空格缩进：把行首的 Tab 换成两个空格", "YAML indents with spaces only: replace the tab at the start of the line with two spaces")),
            );
        } else if let Some(caps) = FULL_WIDTH_COLON_KEY.captures(line) {
            let key = &caps[1];
            let col = line[..caps.get(0).map_or(0, |m| m.end())].chars().count();
            found.push(
                Diagnostic::error(
                    origin.path,
                    "yaml-full-width-colon",
                    text!(
                        "“{key}”后面是全角冒号“：”",
                        "the key `{key}` is followed by a full-width colon `：`"
                    ),
                )
                .at(line_no, col)
                .with_excerpt(line)
                .with_hint(text!(
                    "把“：”改成半角冒号加空格“: ”，例如 `{key}: 内容`",
                    "replace `：` with a half-width colon and a space, e.g. `{key}: value`"
                )),
            );
        } else if let Some(caps) = NO_SPACE_AFTER_COLON.captures(line) {
            let key = &caps[1];
            let col = caps.get(2).map_or(1, |m| line[..m.start()].chars().count());
            found.push(
                Diagnostic::error(
                    origin.path,
                    "yaml-colon-space",
                    text!("“{key}:”后面缺少空格", "no space after `{key}:`"),
                )
                .at(line_no, col)
                .with_excerpt(line)
                .with_hint(text!(
                    "在冒号后加一个空格，例如 `{key}: 内容`",
                    "put a space after the colon, e.g. `{key}: value`"
                )),
            );
        }
    }
    found
}

/// Turns a parser error into a diagnostic at the right file line.
fn explain(
    err: &serde_saphyr::Error,
    text: &str,
    origin: Origin<'_>,
    fields: &[&str],
) -> Diagnostic {
    let raw = DefaultMessageFormatter
        .format_message(err.without_snippet())
        .into_owned();
    let (line, col) = match err.location() {
        Some(loc) if loc.line() > 0 => (loc.line() as usize, (loc.column() as usize).max(1)),
        _ => (1, 1),
    };
    let file_line = origin.first_line + line - 1;
    let excerpt = text.lines().nth(line - 1).unwrap_or("").to_string();
    let (code, message, hint) = describe(&raw, fields);
    let mut diagnostic = Diagnostic::error(origin.path, code, message).at(file_line, col);
    if !excerpt.trim().is_empty() {
        diagnostic = diagnostic.with_excerpt(excerpt);
    }
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

static UNKNOWN_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"unknown field `([^`]*)`").expect("constant regex"));
static MISSING_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"missing field `([^`]*)`").expect("constant regex"));

/// What a type mismatch wanted, from serde's or serde-saphyr's wording.
fn expected_kind(raw: &str) -> Option<(&'static str, &'static str)> {
    const KINDS: &[(&str, &str, &str)] = &[
        (
            "sequence",
            "一个列表（例如 [甲, 乙]）",
            "a list (such as [a, b])",
        ),
        (
            "a list",
            "一个列表（例如 [甲, 乙]）",
            "a list (such as [a, b])",
        ),
        ("string", "一段文字", "text"),
        (
            "a date",
            "一个日期（例如 2025-03-01）",
            "a date (such as 2025-03-01)",
        ),
        ("bool", "true 或 false", "true or false"),
        ("map", "一组“键: 值”", "a mapping of `key: value` lines"),
        ("u", "一个整数", "a whole number"),
        ("i", "一个整数", "a whole number"),
        ("f", "一个数", "a number"),
    ];
    let wanted = raw
        .split_once(", expected ")
        .map(|(_, w)| w)
        .or_else(|| raw.strip_prefix("expected "))
        .or_else(|| raw.strip_prefix("invalid "))?;
    KINDS
        .iter()
        .find(|(key, _, _)| {
            wanted.starts_with(key)
                && (key.len() > 1 || wanted[1..].starts_with(|c: char| c.is_ascii_digit()))
        })
        .map(|(_, zh, en)| (*zh, *en))
}

/// The message and hint for a parser message, in both languages.
fn describe(raw: &str, fields: &[&str]) -> (&'static str, Text, Option<Text>) {
    if let Some(caps) = UNKNOWN_FIELD.captures(raw) {
        let key = caps[1].to_string();
        // Nested maps (`policy:`) have their own keys, which serde lists after "expected one of".
        let listed: Vec<&str> = raw
            .split_once("expected one of ")
            .map(|(_, list)| list.split(", ").map(|k| k.trim_matches('`')).collect())
            .unwrap_or_default();
        let fields: &[&str] = if listed.is_empty() { fields } else { &listed };
        let allowed = fields.join(", ");
        let hint = match did_you_mean(&key, fields) {
            Some(best) => text!(
                "你是不是想写 `{best}`？可用的字段：{allowed}",
                "did you mean `{best}`? Allowed keys: {allowed}"
            ),
            None => text!(
                "可用的字段：{allowed}；自定义数据请放在 `extra:` 下",
                "allowed keys: {allowed}; put your own data under `extra:`"
            ),
        };
        return (
            "unknown-key",
            text!("未知字段 `{key}`", "unknown key `{key}`"),
            Some(hint),
        );
    }
    if let Some(caps) = MISSING_FIELD.captures(raw) {
        let key = caps[1].to_string();
        return (
            "missing-key",
            text!(
                "缺少必填字段 `{key}`",
                "the required key `{key}` is missing"
            ),
            None,
        );
    }
    if let Some((zh, en)) = expected_kind(raw) {
        return (
            "wrong-type",
            text!(
                "值的类型不对：这里需要{zh}",
                "wrong type: expected {en} here"
            ),
            Some(text!(
                "检查这一行的值；文字可以加引号，列表写成 [甲, 乙]",
                "check the value on this line; quote text, write lists as [a, b]"
            )),
        );
    }
    if let Some(key) = raw.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key).to_string();
        return (
            "duplicate-key",
            text!("字段 `{key}` 写了两次", "the key `{key}` is written twice"),
            Some(text!("删掉其中一行", "remove one of the lines")),
        );
    }
    (
        "yaml-syntax",
        text!("YAML 格式错误：{raw}", "invalid YAML: {raw}"),
        Some(text!(
            "检查这一行的缩进、冒号和引号",
            "check indentation, colons and quotes on this line"
        )),
    )
}

/// The allowed key closest to a misspelt one, when it is close enough to be a typo.
pub fn did_you_mean<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(key, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min()
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: Option<String>,
        tags: Option<Vec<String>>,
    }

    const FIELDS: &[&str] = &["title", "tags"];

    fn parse_sample(text: &str) -> Result<Sample, Vec<Diagnostic>> {
        let origin = Origin {
            path: Path::new("a.md"),
            first_line: 2,
        };
        parse(text, origin, FIELDS)
    }

    #[test]
    fn full_width_colon_is_reported_at_its_line() {
        let errs = parse_sample("title：标题\n").unwrap_err();
        assert_eq!(errs[0].code, "yaml-full-width-colon");
        assert_eq!(errs[0].line, Some(2));
    }

    #[test]
    fn colon_inside_a_value_is_not_a_slip() {
        let parsed = parse_sample("title: 注意：事项 http://a.b/c\n").unwrap();
        assert_eq!(parsed.title.as_deref(), Some("注意：事项 http://a.b/c"));
    }

    #[test]
    fn tab_indentation_is_reported() {
        let errs = parse_sample("tags:\n\t- a\n").unwrap_err();
        assert_eq!(errs[0].code, "yaml-tab");
        assert_eq!(errs[0].line, Some(3));
    }

    #[test]
    fn unknown_key_suggests_the_near_one() {
        let errs = parse_sample("tittle: x\n").unwrap_err();
        assert_eq!(errs[0].code, "unknown-key");
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].hint.as_ref().unwrap().en.contains("`title`"));
    }

    #[test]
    fn wrong_type_names_the_line() {
        let errs = parse_sample("title: a\ntags: {x: 1}\n").unwrap_err();
        assert!(
            errs[0].message.en.contains("a list"),
            "{:?}",
            errs[0].message
        );
        assert_eq!(errs[0].code, "wrong-type");
        assert_eq!(errs[0].line, Some(3));
    }

    #[test]
    fn did_you_mean_ignores_far_keys() {
        assert_eq!(did_you_mean("tittle", FIELDS), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", FIELDS), None);
    }
}
