//! The Markdown syntax of figures: a fenced block whose info string names what to draw and from
//! which data file, with one `key: value` option per line inside.
//!
//! ````markdown
//! ```table data/income.csv
//! columns: 村, 年份, 集体经济收入
//! sort: 集体经济收入 desc
//! totals: 集体经济收入
//! caption: 各村集体经济收入
//! ```
//!
//! ```chart bar data/income.csv
//! x: 村
//! by: 年份
//! series: 集体经济收入
//! title: 各村集体经济收入
//! ```
//! ````
//!
//! A fenced block keeps the options out of the prose, survives every Markdown editor, and is
//! left as a code block (showing its options) by any other Markdown renderer.

use super::data::{self, Kind, Table};
use super::value::{Number, Value};
use crate::i18n::Text;

/// What a block asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    Table,
    Chart(ChartKind),
}

/// The kinds of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Horizontal bars, grouped side by side when there are several series.
    Bar,
    /// Horizontal bars, series stacked end to end.
    Stacked,
    /// Lines over the categories (years, months).
    Line,
    /// A ring of parts of a whole.
    Donut,
    /// One big number with its change on the row before (指标卡).
    Card,
}

impl ChartKind {
    fn from_word(word: &str) -> Option<ChartKind> {
        Some(match word {
            "bar" | "柱状图" | "条形图" => ChartKind::Bar,
            "stacked" | "堆积图" => ChartKind::Stacked,
            "line" | "折线图" => ChartKind::Line,
            "donut" | "pie" | "环形图" | "饼图" => ChartKind::Donut,
            "card" | "指标卡" => ChartKind::Card,
            _ => return None,
        })
    }
}

/// A parsed block: what to draw, from which data file, with which options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub what: What,
    /// The data file as written: `data/income.csv`, `data/报表.xlsx#收入`.
    pub data: String,
    pub options: Vec<(String, String)>,
}

const TABLE_KEYS: &[&str] = &["columns", "sort", "totals", "caption", "where", "link"];
const CHART_KEYS: &[&str] = &[
    "x", "by", "series", "title", "desc", "sort", "where", "unit",
];

/// Whether the info string asks for a figure (`table …`, `chart …`): other code blocks stay code.
pub fn is_figure(info: &str) -> bool {
    matches!(info.split_whitespace().next(), Some("table" | "chart"))
}

/// Reads a block's info string and body.
pub fn parse(info: &str, body: &str) -> Result<Block, Text> {
    let words: Vec<&str> = info.split_whitespace().collect();
    let (what, rest) = match words.as_slice() {
        ["table", rest @ ..] => (What::Table, rest),
        ["chart", kind, rest @ ..] => match ChartKind::from_word(kind) {
            Some(kind) => (What::Chart(kind), rest),
            None => {
                return Err(text!(
                    "不认识的图表类型“{kind}”：可以用 bar、stacked、line、donut、card",
                    "`{kind}` is not a chart kind: use bar, stacked, line, donut or card"
                ));
            }
        },
        _ => {
            return Err(text!(
                "图表要写类型和数据文件，如 ```chart bar data/收入.csv",
                "a chart needs a kind and a data file, as in ```chart bar data/income.csv"
            ));
        }
    };
    let data = rest.join(" ");
    if data.is_empty() {
        return Err(text!(
            "没有写数据文件：在第一行写上，如 ```table data/收入.csv",
            "no data file: name it on the first line, as in ```table data/income.csv"
        ));
    }
    let allowed = if what == What::Table {
        TABLE_KEYS
    } else {
        CHART_KEYS
    };
    let mut options = Vec::new();
    for line in body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let Some((key, value)) = line.split_once([':', '：']) else {
            return Err(text!(
                "“{line}”不是“选项: 值”的形式",
                "`{line}` is not of the form `option: value`"
            ));
        };
        let key = key.trim();
        if !allowed.contains(&key) {
            let known = allowed.join("、");
            let known_en = allowed.join(", ");
            return Err(text!(
                "不认识的选项“{key}”，可用的有：{known}",
                "unknown option `{key}`; the options are: {known_en}"
            ));
        }
        options.push((key.to_string(), value.trim().to_string()));
    }
    Ok(Block {
        what,
        data,
        options,
    })
}

impl Block {
    /// The value of option `key`, if given.
    pub fn option(&self, key: &str) -> Option<&str> {
        (self.options.iter())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Names listed in an option: `村, 年份、收入`.
pub fn list(value: &str) -> Vec<String> {
    (value.split([',', '，', '、']))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The index of the column `name` in `table`, or an error naming the columns there are.
pub fn column(table: &Table, name: &str) -> Result<usize, Text> {
    table.column(name).ok_or_else(|| {
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        let names = names.join("、");
        let file = &table.name;
        text!(
            "“{file}”里没有“{name}”这一列；有：{names}",
            "`{file}` has no column `{name}`; it has: {names}"
        )
    })
}

/// The rows `where: 列 = 值` keeps (all rows without it); several conditions, separated by
/// semicolons (`指标 = 收入; 村 = 桃源村`), must all hold.
pub fn filter_rows(table: &Table, condition: Option<&str>) -> Result<Vec<usize>, Text> {
    let mut rows: Vec<usize> = (0..table.rows.len()).collect();
    let conditions = condition.into_iter().flat_map(|c| c.split([';', '；']));
    for condition in conditions.map(str::trim).filter(|c| !c.is_empty()) {
        let Some((name, wanted)) = condition.split_once(['=', '＝']) else {
            return Err(text!(
                "where 要写成“列 = 值”，这里是“{condition}”",
                "`where` takes `column = value`, not `{condition}`"
            ));
        };
        let c = column(table, name)?;
        let wanted = wanted.trim();
        let wanted_value = super::value::parse(wanted);
        rows.retain(|&r| match &table.rows[r][c] {
            // Text compared in place: a chart filters every row of its data file.
            Value::Text(text) => text == wanted,
            cell => {
                data::display(cell) == wanted
                    || data::machine(cell) == wanted
                    || same_value(cell, &wanted_value)
            }
        });
    }
    Ok(rows)
}

fn same_value(cell: &Value, wanted: &Value) -> bool {
    match (cell, wanted) {
        (Value::Date(d), Value::Number(n, _)) => d.month.is_none() && f64::from(d.year) == n.value,
        (Value::Date(a), Value::Date(b)) => a == b,
        (a, b) => data::number(a)
            .zip(data::number(b))
            .is_some_and(|(x, y)| x.value == y.value),
    }
}

/// Sorts `rows` by `sort: 列 [asc|desc]`: numbers and dates by value, text as written; stable.
pub fn sort_rows(table: &Table, rows: &mut [usize], sort: Option<&str>) -> Result<(), Text> {
    let Some(sort) = sort else {
        return Ok(());
    };
    let mut words: Vec<&str> = sort.split_whitespace().collect();
    let descending = match words.last().copied() {
        Some("desc" | "降序") => {
            words.pop();
            true
        }
        Some("asc" | "升序") => {
            words.pop();
            false
        }
        _ => false,
    };
    let c = column(table, &words.join(" "))?;
    rows.sort_by(|&a, &b| {
        let order = compare(&table.rows[a][c], &table.rows[b][c]);
        if descending { order.reverse() } else { order }
    });
    Ok(())
}

fn compare(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        _ => match (data::number(a), data::number(b)) {
            (Some(x), Some(y)) => x.value.partial_cmp(&y.value).unwrap_or(Ordering::Equal),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => data::display(a).cmp(&data::display(b)),
        },
    }
}

/// The sum of a number column over `rows`, with as many decimals as its most precise cell.
pub fn total(table: &Table, rows: &[usize], c: usize) -> Option<Number> {
    if table.columns[c].kind != Kind::Number {
        return None;
    }
    let cells: Vec<Number> = rows
        .iter()
        .filter_map(|&r| data::number(&table.rows[r][c]))
        .collect();
    let decimals = cells.iter().map(|n| n.decimals).max()?;
    let sum: f64 = cells.iter().map(|n| n.value).sum();
    // Rounded to the written decimals: 0.1 + 0.2 is 0.3 in a total row.
    let scale = 10f64.powi(i32::from(decimals));
    Some(Number {
        value: (sum * scale).round() / scale,
        decimals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        data::read(
            "data/t.csv",
            "村,年份,收入（万元）\n甲,2023,10.5\n乙,2023,8\n甲,2024,12\n".as_bytes(),
        )
        .expect("reads")
        .remove(0)
    }

    #[test]
    fn info_and_options_are_read() {
        let b = parse(
            "chart bar data/t.csv",
            "x: 村\nseries：收入\n\n# a comment\n",
        )
        .expect("parses");
        assert_eq!(b.what, What::Chart(ChartKind::Bar));
        assert_eq!(
            (b.data.as_str(), b.option("series")),
            ("data/t.csv", Some("收入"))
        );
        assert!(parse("chart pie3d data/t.csv", "").is_err());
        assert!(parse("table", "").is_err());
        let err = parse("table data/t.csv", "colums: 村").unwrap_err();
        assert!(
            err.zh.contains("colums") && err.en.contains("columns"),
            "{err:?}"
        );
        assert!(is_figure("table data/x.csv") && !is_figure("rust"));
    }

    #[test]
    fn rows_are_filtered_sorted_and_totalled() {
        let t = table();
        let mut rows = filter_rows(&t, Some("年份 = 2023")).expect("filters");
        assert_eq!(rows, [0, 1]);
        assert_eq!(
            filter_rows(&t, Some("年份 = 2023；村 = 甲")).expect("both"),
            [0]
        );
        assert!(filter_rows(&t, Some("年份 2023")).is_err());
        sort_rows(&t, &mut rows, Some("收入 asc")).expect("sorts");
        assert_eq!(rows, [1, 0]);
        let all = filter_rows(&t, None).expect("all");
        assert_eq!(
            total(&t, &all, 2),
            Some(Number {
                value: 30.5,
                decimals: 1
            })
        );
        assert_eq!(total(&t, &all, 0), None);
        assert!(
            column(&t, "人口")
                .unwrap_err()
                .zh
                .contains("村、年份、收入")
        );
    }
}
