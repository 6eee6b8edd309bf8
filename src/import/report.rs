//! What an imported report (`--type report`) says about itself beyond its text: the
//! revitalisation field and the villages its title names, the work team that signed it, and
//! the figures of its tables — so the report's figures table and the village and team lists
//! are filled without retyping. Each is taken only when the document says it plainly; the
//! editor checks and completes the rest.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{Block, Table};
use super::frame::Frame;
use super::markdown::cell_text;
use crate::content::gov::{FIELDS, parse_metric};

/// The most figures taken from a document's tables; a report states a handful.
const MAX_METRICS: usize = 12;

/// Report fields found in the document.
#[derive(Debug, Default, PartialEq)]
pub struct ReportFacts {
    /// One of the five fields, when the title names exactly one.
    pub field: Option<&'static str>,
    /// Villages the title names (`龙潭村`).
    pub villages: Vec<String>,
    /// The signing work team (`县委组织部驻龙潭村工作队`).
    pub team: Option<String>,
    /// Figures as `名称` → `数值 单位`, in table order.
    pub metrics: Vec<(String, String)>,
}

pub fn facts(title: &str, frame: &Frame, blocks: &[Block]) -> ReportFacts {
    let mut metrics: Vec<(String, String)> = Vec::new();
    for block in blocks {
        if let Block::Table(table) = block {
            for (name, figure) in table_figures(table) {
                if metrics.len() < MAX_METRICS && !metrics.iter().any(|(n, _)| *n == name) {
                    metrics.push((name, figure));
                }
            }
        }
    }
    ReportFacts {
        field: field(title),
        villages: villages(title),
        team: frame
            .issuer
            .as_ref()
            .filter(|issuer| issuer.ends_with("工作队"))
            .cloned(),
        metrics,
    }
}

/// The field a title names, when it names exactly one. `组织` alone is left out: it is in
/// 组织部, the office that signs half the reports.
fn field(title: &str) -> Option<&'static str> {
    let named: Vec<&'static str> = FIELDS
        .iter()
        .filter(|(name, aliases)| {
            title.contains(name)
                || aliases
                    .iter()
                    .filter(|a| !a.is_ascii() && **a != "组织")
                    .any(|a| title.contains(a))
        })
        .map(|(name, _)| *name)
        .collect();
    match named.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// A village name: two or three characters and 村, after the county or township if any.
static VILLAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|关于|[县区镇乡市]|[^\p{Han}])(\p{Han}{2,3}?)村").expect("valid")
});

/// Words ending in 村 that name no village (驻村, 农村, 行政村, 美丽乡村 …).
const NOT_VILLAGE: &[&str] = &[
    "驻", "农", "乡", "山", "行政", "自然", "各", "全", "本", "该", "两",
];

fn villages(title: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for caps in VILLAGE.captures_iter(title) {
        let Some(stem) = caps.get(1).map(|m| m.as_str()) else {
            continue;
        };
        if NOT_VILLAGE.iter().any(|w| stem.ends_with(w)) {
            continue;
        }
        let name = format!("{stem}村");
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// `(name, "value unit")` of the rows of a table of figures: a table with a first column of
/// names and, in its last column (the latest year when columns are years), a number with an
/// optional short unit in at least two rows. A unit in the name (`茶园面积（亩）`) moves to
/// the figure.
fn table_figures(table: &Table) -> Vec<(String, String)> {
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| cell_text(c).trim().to_string())
                .collect()
        })
        .collect();
    let Some(width) = rows.iter().map(Vec::len).max().filter(|&w| w >= 2) else {
        return Vec::new();
    };
    let figures: Vec<(String, String)> = rows
        .iter()
        .enumerate()
        .filter(|(i, cells)| {
            cells.len() == width
                && !(*i == 0 && (table.rows[0].header || is_year(&cells[width - 1])))
        })
        .filter_map(|(_, cells)| figure(&cells[0], &cells[width - 1]))
        .collect();
    if figures.len() >= 2 {
        figures
    } else {
        Vec::new()
    }
}

/// A column heading that is a year: `2026年`, `2026年度`, `2026`.
fn is_year(text: &str) -> bool {
    let digits = text.trim_end_matches("年度").trim_end_matches('年');
    digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit())
}

fn figure(name: &str, value: &str) -> Option<(String, String)> {
    let (name, unit_in_name) = split_unit(name);
    if name.is_empty() || name.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let metric = parse_metric(&name, value)?;
    let unit = if metric.unit.is_empty() {
        unit_in_name.unwrap_or_default()
    } else {
        metric.unit
    };
    let short_unit = unit.chars().count() <= 4
        && !unit
            .chars()
            .any(|c| c.is_whitespace() || c.is_ascii_digit() || "，。、；：,;:".contains(c));
    if !short_unit {
        return None;
    }
    let figure = if unit.is_empty() {
        metric.value
    } else {
        format!("{} {unit}", metric.value)
    };
    Some((name, figure))
}

/// `茶园面积（亩）` → (`茶园面积`, `亩`).
fn split_unit(name: &str) -> (String, Option<String>) {
    let trimmed = name.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = trimmed.strip_suffix(close)
            && let Some(at) = inner.rfind(open)
        {
            let unit = inner[at + open.len_utf8()..].trim();
            if !unit.is_empty() && unit.chars().count() <= 4 {
                return (inner[..at].trim().to_string(), Some(unit.to_string()));
            }
        }
    }
    (trimmed.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::blocks::{Cell, Inline, Marks, Row};

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            rows: rows
                .iter()
                .map(|cells| Row {
                    header: false,
                    cells: cells
                        .iter()
                        .map(|t| Cell {
                            lines: vec![vec![Inline::Text(t.to_string(), Marks::default())]],
                            colspan: 1,
                            rowspan: 1,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn figures_come_from_the_latest_column_with_units_from_names() {
        let t = table(&[
            &["项目", "2025年", "2026年"],
            &["茶园面积（亩）", "900", "1,200"],
            &["销售额", "300万元", "360万元"],
            &["备注", "数据来自合作社台账", ""],
        ]);
        assert_eq!(
            table_figures(&t),
            [
                ("茶园面积".to_string(), "1,200 亩".to_string()),
                ("销售额".to_string(), "360 万元".to_string())
            ]
        );
        // A table of text, or with one figure, is not a table of figures.
        assert!(table_figures(&table(&[&["姓名", "职务"], &["张三", "队长"]])).is_empty());
        assert!(
            table_figures(&table(&[
                &["成立", "2019年成立于石门村"],
                &["社员", "126户"]
            ]))
            .is_empty()
        );
    }

    #[test]
    fn villages_and_field_come_from_the_title() {
        assert_eq!(villages("青山县龙潭村电商服务站年度工作报告"), ["龙潭村"]);
        assert_eq!(
            villages("关于石门村、桃源村产业发展情况的报告"),
            ["石门村", "桃源村"]
        );
        assert!(villages("2026年度驻村工作总结").is_empty());
        assert!(villages("全县农村人居环境整治情况").is_empty());
        assert_eq!(field("石门村茶叶产业发展情况报告"), Some("产业振兴"));
        assert_eq!(field("县委组织部关于人才培育的报告"), Some("人才振兴"));
        assert_eq!(field("龙潭村电商服务站年度工作报告"), None);
        assert_eq!(
            field("党建引领产业发展"),
            None,
            "two fields named: leave it to the editor"
        );
    }
}
