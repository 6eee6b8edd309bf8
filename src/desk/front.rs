//! The desk's form fields and how a value typed into one is written back into the front matter.
//!
//! The front matter is edited line by line rather than parsed and written out again, so the
//! keys keep their order, comments and the fields the form does not show stay as they were.
//! A field is a top-level key (`title:`) or a key of `policy:`/`bulletin:`; its old lines
//! (the key and anything indented under it) are replaced by `key: value`, removed when the value
//! is empty, or appended when the key was missing. Pure: text in, text out.

use crate::i18n::Text;

/// How a field is typed and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// A date `YYYY-MM-DD`.
    Date,
    /// Several values, typed separated by `、` or `,`, written as a YAML list.
    List,
    /// Yes or no.
    Bool,
    /// A whole number.
    Number,
    /// One of the listed words.
    Choice(&'static [&'static str]),
    /// A page of the site, written as `@/path.md`.
    PageLink,
    /// Named values, one `name: value` a line (a report's figures), written as a YAML mapping.
    Mapping,
}

/// One field of the form.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// `policy` or `bulletin` for their keys, `None` at the top level.
    pub parent: Option<&'static str>,
    /// The key as the desk writes it.
    pub key: &'static str,
    /// Other spellings the loader accepts (English aliases).
    pub aliases: &'static [&'static str],
    /// How it is typed.
    pub kind: Kind,
    /// The label shown.
    pub label: (&'static str, &'static str),
}

impl Field {
    /// The form's name for the field: `title`, `policy.发文字号`.
    pub fn name(&self) -> String {
        match self.parent {
            Some(parent) => format!("{parent}.{}", self.key),
            None => self.key.to_string(),
        }
    }

    /// The label in both languages.
    pub fn label(&self) -> Text {
        Text::new(self.label.0, self.label.1)
    }
}

const fn top(key: &'static str, kind: Kind, label: (&'static str, &'static str)) -> Field {
    Field {
        parent: None,
        key,
        aliases: &[],
        kind,
        label,
    }
}

const fn under(
    parent: &'static str,
    key: &'static str,
    alias: &'static [&'static str],
    kind: Kind,
    label: (&'static str, &'static str),
) -> Field {
    Field {
        parent: Some(parent),
        key,
        aliases: alias,
        kind,
        label,
    }
}

/// Fields every page has.
pub const COMMON: &[Field] = &[
    top("title", Kind::Text, ("标题", "Title")),
    top("date", Kind::Date, ("发布日期", "Date")),
    top(
        "draft",
        Kind::Bool,
        ("草稿（不发布）", "Draft (not published)"),
    ),
    top("source", Kind::Text, ("来源", "Source")),
    top("author", Kind::Text, ("作者", "Author")),
    top("tags", Kind::List, ("标签", "Tags")),
    top("villages", Kind::List, ("涉及村", "Villages")),
    top("team", Kind::Text, ("工作队", "Work team")),
    top("expires", Kind::Date, ("下线日期", "Expires")),
];

/// A policy document's 信息公开 fields.
pub const POLICY: &[Field] = &[
    under(
        "policy",
        "发文字号",
        &["doc_number"],
        Kind::Text,
        ("发文字号", "Document number"),
    ),
    under(
        "policy",
        "索引号",
        &["index_number"],
        Kind::Text,
        ("索引号", "Index number"),
    ),
    under(
        "policy",
        "发文机关",
        &["issuer"],
        Kind::Text,
        ("发文机关", "Issuer"),
    ),
    under(
        "policy",
        "成文日期",
        &["written"],
        Kind::Date,
        ("成文日期", "Date written"),
    ),
    under(
        "policy",
        "主题分类",
        &["category"],
        Kind::Text,
        ("主题分类", "Category"),
    ),
    under(
        "policy",
        "有效性",
        &["validity"],
        Kind::Choice(&["有效", "失效", "废止"]),
        ("有效性", "Validity"),
    ),
    under(
        "policy",
        "有效期至",
        &["valid_until"],
        Kind::Date,
        ("有效期至", "Valid until"),
    ),
    under(
        "policy",
        "规范性文件",
        &["normative"],
        Kind::Bool,
        ("规范性文件", "Normative document"),
    ),
    under(
        "policy",
        "政策解读",
        &["interpretation"],
        Kind::PageLink,
        ("政策解读", "Interpretation"),
    ),
];

/// A bulletin's masthead and distribution.
pub const BULLETIN: &[Field] = &[
    under(
        "bulletin",
        "期号",
        &["issue"],
        Kind::Number,
        ("期号", "Issue number"),
    ),
    under(
        "bulletin",
        "编发单位",
        &["publisher"],
        Kind::Text,
        ("编发单位", "Publisher"),
    ),
    under(
        "bulletin",
        "报",
        &["report_to"],
        Kind::List,
        ("报", "Report to"),
    ),
    under(
        "bulletin",
        "送",
        &["send_to"],
        Kind::List,
        ("送", "Send to"),
    ),
    under(
        "bulletin",
        "发",
        &["issue_to"],
        Kind::List,
        ("发", "Issue to"),
    ),
];

/// A report's field (领域).
pub const REPORT: &[Field] = &[
    top(
        "field",
        Kind::Choice(&["产业振兴", "人才振兴", "文化振兴", "生态振兴", "组织振兴"]),
        ("振兴领域", "Revitalisation field"),
    ),
    top(
        "metrics",
        Kind::Mapping,
        (
            "主要数据（每行一项：名称: 数值 单位）",
            "Figures (one a line: name: value unit)",
        ),
    ),
];

/// The 三审 steps and a publication despite errors, as `review:` records them (written by the
/// review buttons, not shown as form fields).
pub const REVIEW: &[Field] = &[
    under(
        "review",
        "初审",
        &["first"],
        Kind::Text,
        ("初审", "First review"),
    ),
    under(
        "review",
        "复审",
        &["second"],
        Kind::Text,
        ("复审", "Second review"),
    ),
    under(
        "review",
        "终审",
        &["final"],
        Kind::Text,
        ("终审", "Final review"),
    ),
    under(
        "review",
        "强制发布",
        &["override"],
        Kind::Text,
        ("强制发布", "Published despite errors"),
    ),
];

/// The fields of a page of this type (`article`, `policy`, `bulletin`, `report`), in order.
pub fn fields_for(content_type: &str) -> Vec<Field> {
    let extra: &[Field] = match content_type {
        "policy" => POLICY,
        "bulletin" => BULLETIN,
        "report" => REPORT,
        _ => &[],
    };
    COMMON.iter().chain(extra).copied().collect()
}

/// The value of `field` as written in `yaml`, for the form: lists joined with `、`, quotes
/// removed. Empty when the key is absent or written in a way the form does not show.
pub fn read(yaml: &str, field: &Field) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let Some((start, end)) = locate(&lines, field) else {
        return String::new();
    };
    let (_, value) = lines[start].split_once(':').unwrap_or_default();
    let value = value.trim();
    if field.kind == Kind::Mapping {
        return lines[start + 1..end]
            .iter()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .filter_map(|l| l.trim().split_once(':'))
            .map(|(k, v)| format!("{}: {}", unquote(k), unquote(v)))
            .collect::<Vec<_>>()
            .join("\n");
    }
    if value.is_empty() {
        // A block list: `- item` lines under the key.
        let items: Vec<String> = lines[start + 1..end]
            .iter()
            .filter_map(|l| l.trim().strip_prefix("- "))
            .map(unquote)
            .collect();
        return items.join("、");
    }
    if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        return inner
            .split(',')
            .map(|item| unquote(item.trim()))
            .filter(|item| !item.is_empty())
            .collect::<Vec<_>>()
            .join("、");
    }
    unquote(value)
}

/// `yaml` with `field` set to `value` (as typed in the form); an empty value removes the key.
pub fn write(yaml: &str, field: &Field, value: &str) -> Result<String, Text> {
    let value = value.trim();
    // A flag that is off is left out: every flag defaults to off.
    let off = field.kind == Kind::Bool && !matches!(value, "true" | "on" | "是");
    let rendered = if value.is_empty() || off {
        None
    } else {
        Some(yaml_value(field.kind, value)?)
    };
    let mut lines: Vec<String> = yaml.lines().map(str::to_string).collect();
    let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
    let located = locate(&borrowed, field);
    let indent = field.parent.map_or("", |_| "  ");
    match (located, rendered) {
        (Some((start, end)), Some(value)) => {
            let own_indent: String = lines[start].chars().take_while(|c| *c == ' ').collect();
            let key = lines[start]
                .trim_start()
                .split_once(':')
                .map_or(field.key, |(k, _)| k)
                .to_string();
            lines.splice(start..end, [key_line(&own_indent, &key, &value)]);
        }
        (Some((start, end)), None) => {
            lines.drain(start..end);
        }
        (None, Some(value)) => {
            let line = key_line(indent, field.key, &value);
            match field.parent {
                None => lines.push(line),
                Some(parent) => {
                    let top: Vec<&str> = lines.iter().map(String::as_str).collect();
                    match block(&top, 0, parent) {
                        Some((start, end)) => {
                            if lines[start].trim_end() != format!("{parent}:") {
                                return Err(flow_style(parent));
                            }
                            lines.insert(end, line);
                        }
                        None => {
                            lines.push(format!("{parent}:"));
                            lines.push(line);
                        }
                    }
                }
            }
        }
        (None, None) => {}
    }
    let mut out = lines.join("\n");
    out.push('\n');
    Ok(out)
}

/// `key: value`, or `key:` and the value's own indented lines when it starts with a newline.
/// One photo of the gallery (`photos:`) as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct GalleryPhoto {
    /// The image, relative to the page.
    pub file: String,
    /// What it shows (required).
    pub alt: String,
    /// The caption under it; empty for none.
    #[serde(default)]
    pub caption: String,
}

/// `yaml` with its `photos:` block (the key and its items, indented or not) replaced by
/// `photos` in their order, or removed when there are none. The other lines stay as they are.
pub fn write_gallery(yaml: &str, photos: &[GalleryPhoto]) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut new: Vec<String> = Vec::new();
    if !photos.is_empty() {
        new.push("photos:".to_string());
        for photo in photos {
            new.push(format!("  - file: {}", scalar(photo.file.trim())));
            new.push(format!("    alt: {}", scalar(photo.alt.trim())));
            if !photo.caption.trim().is_empty() {
                new.push(format!("    caption: {}", scalar(photo.caption.trim())));
            }
        }
    }
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match block(&lines, 0, "photos") {
        Some((start, _)) => {
            // Items written at the key's own indent (`- file: …` under `photos:`) belong to it.
            let end = lines[start + 1..]
                .iter()
                .position(|l| !l.trim().is_empty() && !l.starts_with([' ', '-']))
                .map_or(lines.len(), |i| start + 1 + i);
            out.splice(start..end, new);
        }
        None => out.extend(new),
    }
    let mut text = out.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

fn key_line(indent: &str, key: &str, value: &str) -> String {
    if value.starts_with('\n') {
        format!("{indent}{key}:{value}")
    } else {
        format!("{indent}{key}: {value}")
    }
}

fn flow_style(parent: &str) -> Text {
    text!(
        "{parent}: 写成了一行（花括号），编辑台无法逐项修改。请在文件里把它改成每项一行。",
        "{parent}: is written on one line (in braces); the desk cannot change its items. Write one item per line in the file."
    )
}

/// The lines `start..end` of the field: its key line and the lines indented under it.
fn locate(lines: &[&str], field: &Field) -> Option<(usize, usize)> {
    let keys: Vec<&str> = std::iter::once(field.key)
        .chain(field.aliases.iter().copied())
        .collect();
    match field.parent {
        None => keys.iter().find_map(|key| block(lines, 0, key)),
        Some(parent) => {
            let (start, end) = block(lines, 0, parent)?;
            let inner = &lines[start + 1..end];
            let indent = inner
                .iter()
                .find(|l| !l.trim().is_empty())
                .map(|l| l.len() - l.trim_start().len())?;
            keys.iter()
                .find_map(|key| block(inner, indent, key))
                .map(|(s, e)| (start + 1 + s, start + 1 + e))
        }
    }
}

/// The block of `key` written at exactly `indent` spaces: its line and the more-indented (or
/// blank) lines after it.
fn block(lines: &[&str], indent: usize, key: &str) -> Option<(usize, usize)> {
    let start = lines.iter().position(|line| {
        let own = line.len() - line.trim_start().len();
        own == indent
            && line.trim_start().split_once(':').is_some_and(|(k, _)| {
                let k = k.trim();
                k == key || unquote(k) == key
            })
    })?;
    let end = lines[start + 1..]
        .iter()
        .position(|line| {
            let own = line.len() - line.trim_start().len();
            !line.trim().is_empty() && own <= indent
        })
        .map_or(lines.len(), |i| start + 1 + i);
    Some((start, end))
}

fn unquote(text: &str) -> String {
    let text = text.trim();
    if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
        return serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_string());
    }
    if text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') {
        return text[1..text.len() - 1].replace("''", "'");
    }
    text.to_string()
}

/// The YAML for a typed value, or why it cannot be one.
fn yaml_value(kind: Kind, value: &str) -> Result<String, Text> {
    match kind {
        Kind::Text | Kind::PageLink => Ok(scalar(value)),
        Kind::Date => {
            let ok = value.len() == 10
                && value.parse::<jiff::civil::Date>().is_ok()
                && value.as_bytes()[4] == b'-';
            if ok {
                Ok(value.to_string())
            } else {
                Err(text!(
                    "日期 {value} 应写成 年-月-日，例如 2026-12-01",
                    "the date {value} should be written year-month-day, such as 2026-12-01"
                ))
            }
        }
        Kind::Number => value
            .parse::<u32>()
            .map(|n| n.to_string())
            .map_err(|_| text!("{value} 不是一个整数", "{value} is not a whole number")),
        Kind::Bool => Ok(if matches!(value, "true" | "on" | "是") {
            "true".into()
        } else {
            "false".into()
        }),
        Kind::Choice(words) => {
            if words.contains(&value) {
                Ok(value.to_string())
            } else {
                let allowed = words.join("、");
                Err(text!(
                    "“{value}”不是可选的值（{allowed}）",
                    "“{value}” is not one of the choices ({allowed})"
                ))
            }
        }
        Kind::Mapping => {
            let mut rows = Vec::new();
            for line in value.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let Some((name, figure)) = line.split_once([':', '：']) else {
                    return Err(text!(
                        "“{line}”应写成“名称: 数值 单位”，例如“入户走访: 320 户次”",
                        "“{line}” should read “name: value unit”, such as “入户走访: 320 户次”"
                    ));
                };
                rows.push(format!(
                    "\n  {}: {}",
                    scalar(name.trim()),
                    scalar(figure.trim())
                ));
            }
            Ok(rows.concat())
        }
        Kind::List => {
            let items: Vec<String> = value
                .split(['、', ',', '，', ';', '；', '\n'])
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(scalar)
                .collect();
            Ok(format!("[{}]", items.join(", ")))
        }
    }
}

/// A string as a YAML scalar: plain when it reads back as the same text, double-quoted
/// otherwise (a JSON string is a valid YAML one).
fn scalar(text: &str) -> String {
    let risky_start = text.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', ' ',
    ]);
    let risky_inside = text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.ends_with(' ')
        || text.contains([',', '[', ']', '{', '}', '"', '\\', '\n', '\t']);
    let looks_typed = matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | ""
    ) || text.parse::<f64>().is_ok()
        // Dates, times and numbers YAML would read as such (`2026-12-01`, `1:30`, `1_000`).
        || text.chars().all(|c| c.is_ascii_digit() || "-:.+_ eExXoO".contains(c));
    if risky_start || risky_inside || looks_typed {
        serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_gallery_is_rewritten_in_place_and_nothing_else_moves() {
        let yaml = "title: 走访\nphotos:\n- file: a.jpg\n  alt: 甲\n  caption: 图注\n- b.jpg\n# 备注\nimages:\n  widths: [320]\n";
        let photo = |file: &str, alt: &str, caption: &str| super::GalleryPhoto {
            file: file.into(),
            alt: alt.into(),
            caption: caption.into(),
        };
        let written = super::write_gallery(
            yaml,
            &[photo("b.jpg", "乙: 村部", ""), photo("a.jpg", "甲", "图注")],
        );
        assert_eq!(
            written,
            "title: 走访\nphotos:\n  - file: b.jpg\n    alt: \"乙: 村部\"\n  - file: a.jpg\n    alt: 甲\n    caption: 图注\n# 备注\nimages:\n  widths: [320]\n"
        );
        assert_eq!(
            super::write_gallery(yaml, &[]),
            "title: 走访\n# 备注\nimages:\n  widths: [320]\n"
        );
    }

    use super::*;

    fn field(name: &str) -> Field {
        COMMON
            .iter()
            .chain(POLICY)
            .chain(BULLETIN)
            .chain(REPORT)
            .find(|f| f.name() == name)
            .copied()
            .unwrap()
    }

    const YAML: &str = "# 办公室发\ntitle: 旧标题\ntags:\n  - 茶叶\n  - 产业\npolicy:\n  doc_number: 青政发〔2026〕3号\n  发文机关: 青山县人民政府\nextra:\n  x: 1\n";

    #[test]
    fn values_are_read_whatever_the_style() {
        assert_eq!(read(YAML, &field("title")), "旧标题");
        assert_eq!(read(YAML, &field("tags")), "茶叶、产业");
        assert_eq!(read(YAML, &field("policy.发文字号")), "青政发〔2026〕3号");
        assert_eq!(read("tags: [a, \"b c\"]\n", &field("tags")), "a、b c");
        assert_eq!(read(YAML, &field("author")), "");
    }

    #[test]
    fn writing_keeps_comments_order_and_other_keys() {
        let out = write(YAML, &field("title"), "新标题：关于茶叶").unwrap();
        assert!(
            out.starts_with("# 办公室发\ntitle: 新标题：关于茶叶\ntags:\n"),
            "{out}"
        );
        let out = write(&out, &field("tags"), "茶叶、 秋茶,").unwrap();
        assert!(out.contains("tags: [茶叶, 秋茶]\npolicy:"), "{out}");
        let out = write(&out, &field("policy.发文字号"), "青政发〔2026〕4号").unwrap();
        assert!(out.contains("  doc_number: 青政发〔2026〕4号\n"), "{out}");
        let out = write(&out, &field("policy.有效性"), "有效").unwrap();
        assert!(
            out.contains("  发文机关: 青山县人民政府\n  有效性: 有效\nextra:\n  x: 1\n"),
            "{out}"
        );
        let out = write(&out, &field("policy.发文机关"), "").unwrap();
        assert!(!out.contains("发文机关"), "{out}");
        let out = write(&out, &field("author"), "李明").unwrap();
        assert!(out.ends_with("  x: 1\nauthor: 李明\n"), "{out}");
        assert_eq!(
            write(&out, &field("draft"), "false").unwrap(),
            out,
            "off flags stay out"
        );
        let drafted = write(&out, &field("draft"), "true").unwrap();
        assert!(
            drafted.ends_with("author: 李明\ndraft: true\n"),
            "{drafted}"
        );
        assert_eq!(write(&drafted, &field("draft"), "false").unwrap(), out);
    }

    #[test]
    fn a_missing_parent_is_added_and_values_are_quoted_when_needed() {
        let out = write("title: x\n", &field("bulletin.期号"), "12").unwrap();
        assert_eq!(out, "title: x\nbulletin:\n  期号: 12\n");
        let out = write("title: x\n", &field("source"), "2026: 县委").unwrap();
        assert_eq!(out, "title: x\nsource: \"2026: 县委\"\n");
        let out = write("title: x\n", &field("title"), "true").unwrap();
        assert_eq!(out, "title: \"true\"\n");
        assert!(write("title: x\n", &field("date"), "2026年12月1日").is_err());
        assert!(write("title: x\n", &field("bulletin.期号"), "十二").is_err());
        assert!(write("title: x\n", &field("policy.有效性"), "有时").is_err());
        assert!(write("policy: {发文机关: a}\n", &field("policy.索引号"), "1").is_err());
    }

    #[test]
    fn a_reports_figures_are_rows_of_name_and_value() {
        let yaml =
            "title: x\nmetrics:\n  入户走访: 320 户次\n  \"资金\": 180 万元\nvillages: [a]\n";
        assert_eq!(
            read(yaml, &field("metrics")),
            "入户走访: 320 户次\n资金: 180 万元"
        );
        let out = write(
            yaml,
            &field("metrics"),
            "入户走访：400 户次\n\n带动务工: 85 人\n",
        )
        .unwrap();
        assert_eq!(
            out,
            "title: x\nmetrics:\n  入户走访: 400 户次\n  带动务工: 85 人\nvillages: [a]\n"
        );
        let parsed: serde_json::Value = serde_saphyr::from_str(&out).unwrap();
        assert_eq!(parsed["metrics"]["带动务工"], "85 人");
        assert!(write(yaml, &field("metrics"), "没有冒号").is_err());
        assert_eq!(
            write(yaml, &field("metrics"), "").unwrap(),
            "title: x\nvillages: [a]\n"
        );
    }

    #[test]
    fn every_written_value_parses_back_as_typed() {
        for typed in [
            "a: b",
            "#1",
            "- x",
            "[x]",
            "\"q\"",
            "back\\slash",
            "2026",
            "yes",
            "x #y",
        ] {
            let out = write("", &field("title"), typed).unwrap();
            let parsed: serde_json::Value = serde_saphyr::from_str(&out).unwrap();
            assert_eq!(parsed["title"], typed, "{out}");
        }
    }
}
