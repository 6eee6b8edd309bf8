//! The front-matter values a reader sees (title, summary, source, policy issuer …), found line by
//! line in the YAML text so that each keeps its file line and column.
//!
//! This is not a YAML parser: `build` has already parsed and validated the front matter. It only
//! has to find where each displayed value is written: `key: value`, `key: "value"`, flow lists
//! (`tags: [a, b]`), block lists (`- a`), block scalars (`summary: >`) and plain scalars that
//! continue on the next lines. YAML comments are left out of the values.

/// One piece of displayed text in the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FrontValue<'a> {
    /// The key as a path: `title`, `policy.发文机关`.
    pub key: String,
    /// File line (1-based).
    pub line: usize,
    /// File column of the value's first character (1-based, in characters).
    pub col: usize,
    /// The text.
    pub text: &'a str,
}

/// Keys of a page whose values are shown to readers (English aliases included).
pub(super) const PAGE_KEYS: &[&str] = &[
    "title",
    "summary",
    "source",
    "author",
    "team",
    "tags",
    "villages",
    "policy.发文机关",
    "policy.issuer",
    "policy.主题分类",
    "policy.category",
    "policy.主题词",
    "policy.keywords",
    "bulletin.名称",
    "bulletin.name",
    "bulletin.编发单位",
    "bulletin.publisher",
    "bulletin.报",
    "bulletin.report_to",
    "bulletin.送",
    "bulletin.send_to",
    "bulletin.发",
    "bulletin.issue_to",
    "bulletin.主送",
    "bulletin.main_to",
    "bulletin.抄送",
    "bulletin.cc",
];

/// Keys of a section's `_index.md` whose values are shown to readers.
pub(super) const SECTION_KEYS: &[&str] = &["title", "description"];

/// The values of `keys` in `yaml`, whose first line is file line `first_line`.
pub(super) fn displayed_values<'a>(
    yaml: &'a str,
    first_line: usize,
    keys: &[&str],
) -> Vec<FrontValue<'a>> {
    let mut out = Vec::new();
    let mut scan = Scan::default();
    for (i, raw) in yaml.lines().enumerate() {
        let line = first_line + i;
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let trimmed = raw[indent..].trim_end();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // Inside a block scalar or a plain scalar's continuation: the line is text.
        if let Some((key, key_indent)) = &scan.continuing {
            if indent > *key_indent && (scan.block || !looks_like_key(trimmed)) {
                let text = if scan.block {
                    trimmed
                } else {
                    strip_comment(trimmed)
                };
                push(&mut out, keys, key, line, raw, text);
                continue;
            }
            scan.continuing = None;
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            // An item of the list under the innermost key above it.
            if let Some(key) = scan.key_above(indent)
                && !looks_like_key(item)
            {
                let text = unquote(strip_comment(item.trim()));
                push(&mut out, keys, &key, line, raw, text);
            }
            continue;
        }
        let Some((name, value)) = split_key(trimmed) else {
            continue;
        };
        let key = scan.enter(name, indent);
        let value = strip_comment(value.trim());
        if value.starts_with(['|', '>']) {
            scan.continuing = Some((key, indent));
            scan.block = true;
        } else if let Some(inner) = value.strip_prefix('[') {
            let inner = inner.strip_suffix(']').unwrap_or(inner);
            for item in inner.split([',', '，']) {
                push(&mut out, keys, &key, line, raw, unquote(item.trim()));
            }
        } else if !value.is_empty() {
            push(&mut out, keys, &key, line, raw, unquote(value));
            let quoted = value.starts_with(['"', '\'']);
            if !quoted {
                scan.continuing = Some((key, indent));
                scan.block = false;
            }
        }
    }
    out
}

/// Where the walk through the YAML is: the keys of the enclosing mappings, by indent.
#[derive(Default)]
struct Scan {
    /// (indent, key path) of each open mapping key, outermost first.
    open: Vec<(usize, String)>,
    /// The key whose value continues on the following, more indented lines.
    continuing: Option<(String, usize)>,
    /// Whether that value is a block scalar (`|`, `>`), where every line is text.
    block: bool,
}

impl Scan {
    /// Records `name` at `indent` and returns its path (`policy.发文机关`).
    fn enter(&mut self, name: &str, indent: usize) -> String {
        self.open.retain(|(i, _)| *i < indent);
        let path = match self.open.last() {
            Some((_, parent)) => format!("{parent}.{name}"),
            None => name.to_string(),
        };
        self.open.push((indent, path.clone()));
        path
    }

    /// The key a list item at `indent` belongs to (a list may sit at its key's indent).
    fn key_above(&self, indent: usize) -> Option<String> {
        self.open
            .iter()
            .rev()
            .find(|(i, _)| *i <= indent)
            .map(|(_, key)| key.clone())
    }
}

fn push<'a>(
    out: &mut Vec<FrontValue<'a>>,
    keys: &[&str],
    key: &str,
    line: usize,
    raw: &'a str,
    text: &'a str,
) {
    if text.is_empty() || !keys.contains(&key) {
        return;
    }
    // `text` is a slice of `raw`, so its column is the characters before it.
    let start = text.as_ptr() as usize - raw.as_ptr() as usize;
    let col = raw[..start].chars().count() + 1;
    out.push(FrontValue {
        key: key.to_string(),
        line,
        col,
        text,
    });
}

/// `key: value` → (`key`, `value`); `None` when the line is not a mapping entry.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let (name, value) = if let Some(name) = line.strip_suffix(':') {
        (name, "")
    } else {
        let at = line.find(": ")?;
        (&line[..at], &line[at + 1..])
    };
    let name = name.trim().trim_matches(['"', '\'']);
    if name.is_empty() || name.starts_with(['-', '[', '{', '"', '\'']) {
        return None;
    }
    Some((name, value))
}

/// Whether a line reads as `key: value` rather than as text.
fn looks_like_key(line: &str) -> bool {
    split_key(line).is_some_and(|(name, _)| !name.contains(char::is_whitespace))
}

/// Drops a YAML comment (` # …`) from a plain value; quoted values keep their `#`.
fn strip_comment(value: &str) -> &str {
    if let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        // Up to the closing quote; what follows can only be a comment.
        return match value[1..].find(quote) {
            Some(end) => &value[..end + 2],
            None => value,
        };
    }
    if value.starts_with('#') {
        return "";
    }
    match value.find(" #") {
        Some(at) => value[..at].trim_end(),
        None => value,
    }
}

/// The text inside matching quotes, or the value as it is.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(yaml: &str) -> Vec<(String, usize, usize, String)> {
        displayed_values(yaml, 2, PAGE_KEYS)
            .into_iter()
            .map(|v| (v.key, v.line, v.col, v.text.to_string()))
            .collect()
    }

    #[test]
    fn plain_and_quoted_values_keep_their_columns() {
        let got = values("title: 关于XX的通知\ndate: 2026-01-01\nsource: \"县委组织部\" # 来源\n");
        assert_eq!(
            got,
            [
                ("title".into(), 2, 8, "关于XX的通知".into()),
                ("source".into(), 4, 10, "县委组织部".into()),
            ]
        );
    }

    #[test]
    fn lists_flow_and_block() {
        let got = values("tags: [产业, 茶叶]\nvillages:\n  - 石门村\n- 柳溪村\n");
        let texts: Vec<_> = got.iter().map(|v| (v.0.as_str(), v.3.as_str())).collect();
        assert_eq!(
            texts,
            [
                ("tags", "产业"),
                ("tags", "茶叶"),
                ("villages", "石门村"),
                ("villages", "柳溪村")
            ]
        );
        assert_eq!((got[1].1, got[1].2), (2, 12));
    }

    #[test]
    fn nested_policy_and_bulletin_keys() {
        let got = values(
            "policy:\n  发文字号: 青组发〔2026〕8号\n  发文机关: XX县委组织部\nbulletin:\n  报:\n    - 县委\n",
        );
        let keys: Vec<_> = got.iter().map(|v| (v.0.as_str(), v.1)).collect();
        assert_eq!(keys, [("policy.发文机关", 4), ("bulletin.报", 7)]);
    }

    #[test]
    fn block_scalars_and_continued_plain_scalars() {
        let got = values(
            "summary: >-\n  第一行XX\n  第二行: 仍是文字\ntitle: 很长的\n  标题\nauthor: 张明\n",
        );
        let lines: Vec<_> = got
            .iter()
            .map(|v| (v.0.as_str(), v.1, v.3.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                ("summary", 3, "第一行XX"),
                ("summary", 4, "第二行: 仍是文字"),
                ("title", 5, "很长的"),
                ("title", 6, "标题"),
                ("author", 7, "张明"),
            ]
        );
    }

    #[test]
    fn other_keys_and_extra_are_not_displayed_text() {
        assert!(values("slug: xx\nextra:\n  title: XX\ntemplate: a.html\n").is_empty());
    }
}
