//! Data files read into typed tables: CSV (UTF-8, with or without a byte-order mark, or GBK as
//! Excel saves it on a Chinese Windows), `.xlsx`/`.xls`/`.ods` (the first sheet or each named
//! one), and YAML or JSON lists of records. A header row names the columns; a column's unit comes
//! from its header (`收入（万元）`) or its cells (`150万元`); its kind (number, percentage, date,
//! text) from its cells. Every problem is located by file, row and column.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};

use super::value::{self, Date, Number, Value};
use crate::diagnostics::Diagnostic;
use crate::encoding::{self, Encoding};
use crate::i18n::Text;

/// A data file, or one sheet of a workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Site-relative name: `data/income.csv`, or `data/报表.xlsx#收入` for a named sheet.
    pub name: String,
    pub columns: Vec<Column>,
    /// Rows of cells, as many as there are columns, in file order.
    pub rows: Vec<Vec<Value>>,
    /// The row of the file each row came from (1-based, the header being row 1 in a CSV).
    pub lines: Vec<usize>,
    /// How a CSV was decoded (`None` for other formats).
    pub encoding: Option<Encoding>,
}

/// A column: its name without the unit, its unit and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header as written.
    pub header: String,
    /// The header without its unit: `收入（万元）` → `收入`.
    pub name: String,
    pub unit: String,
    pub kind: Kind,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Number,
    Percent,
    Date,
    Text,
}

impl Kind {
    /// The kind's name in machine-readable downloads and for templates.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Percent => "percent",
            Kind::Date => "date",
            Kind::Text => "text",
        }
    }
}

impl Table {
    /// The index of the column named `name` (with or without its unit).
    pub fn column(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        (self.columns.iter()).position(|c| c.name == name || c.header == name)
    }
}

/// Reads the data file `name` (site-relative, shown in messages) from its bytes: one table, or
/// for a workbook one per sheet (the first also under the bare file name).
pub fn read(name: &str, bytes: &[u8]) -> Result<Vec<Table>, Vec<Diagnostic>> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => read_csv(name, bytes).map(|t| vec![t]),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(name, bytes),
        "yaml" | "yml" | "json" => read_records(name, bytes, &ext).map(|t| vec![t]),
        _ => Err(vec![
            Diagnostic::error(
                name,
                "data-file",
                text!(
                    "不认识的数据文件类型“.{ext}”",
                    "`.{ext}` is not a data file type jianbao reads"
                ),
            )
            .with_hint(text!(
                "数据文件可以是 .csv、.xlsx、.xls、.ods、.yaml 或 .json",
                "data files may be .csv, .xlsx, .xls, .ods, .yaml or .json"
            )),
        ]),
    }
}

/// A table made from rows of text the site itself holds (the metrics gathered from reports),
/// typed like a data file's: `header` names the columns, each row has a cell per column.
pub fn from_rows(
    name: &str,
    header: &[&str],
    rows: Vec<Vec<String>>,
) -> Result<Table, Vec<Diagnostic>> {
    let mut raw = vec![(1, header.iter().map(|h| h.to_string()).collect())];
    raw.extend(rows.into_iter().enumerate().map(|(i, row)| (i + 2, row)));
    typed(name, raw, "")
}

/// Whether `path` is a data file jianbao reads.
pub fn is_data_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("csv" | "xlsx" | "xlsm" | "xls" | "ods" | "yaml" | "yml" | "json")
    )
}

fn read_csv(name: &str, bytes: &[u8]) -> Result<Table, Vec<Diagnostic>> {
    let (text, encoding) = encoding::decode(bytes)
        .map_err(|message| vec![Diagnostic::error(name, "data-encoding", message).at_line(1)])?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut raw = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                raw.push((line, record.iter().map(str::to_string).collect::<Vec<_>>()));
            }
            Err(err) => {
                let line = err.position().map_or(1, |p| p.line() as usize);
                return Err(vec![Diagnostic::error(
                    name,
                    "data-csv",
                    text!("CSV 格式有误：{err}", "the CSV is malformed: {err}"),
                )
                .at_line(line)
                .with_hint(text!(
                    "检查这一行的英文双引号是否成对；单元格里有逗号时整个单元格要用双引号括起来",
                    "check that double quotes on this line come in pairs; a cell holding a comma must be quoted"
                ))]);
            }
        }
    }
    let mut table = typed(name, raw, "")?;
    table.encoding = Some(encoding);
    Ok(table)
}

fn read_workbook(name: &str, bytes: &[u8]) -> Result<Vec<Table>, Vec<Diagnostic>> {
    let unreadable =
        |err: &dyn std::fmt::Display| {
            vec![Diagnostic::error(
            name,
            "data-workbook",
            text!("无法读取这个表格文件：{err}", "the spreadsheet cannot be read: {err}"),
        )
        .with_hint(text!(
            "用 WPS、Excel 或 LibreOffice 打开后另存为 .xlsx（不加密）",
            "open it in WPS, Excel or LibreOffice and save it again as .xlsx (not encrypted)"
        ))]
        };
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    for (i, sheet) in workbook.sheet_names().into_iter().enumerate() {
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|e| unreadable(&e))?;
        // Only .xlsx gives cell formats; a percentage is stored as a fraction (0.125) and
        // shown as 12.5% by its format, which a reader must see too.
        let styles = match &mut workbook {
            calamine::Sheets::Xlsx(xlsx) => xlsx.worksheet_style(&sheet).ok(),
            _ => None,
        };
        let is_percent = |pos: (u32, u32)| {
            (styles.as_ref()?.get(pos)?.number_format.as_ref()).map(|f| f.format_code.contains('%'))
        };
        let (top, left) = range.start().unwrap_or((0, 0));
        let raw = (range.rows().enumerate())
            .map(|(r, row)| {
                let cells = (row.iter().enumerate())
                    .map(|(c, cell)| {
                        let pos = (top + r as u32, left + c as u32);
                        cell_text(cell, is_percent(pos) == Some(true))
                    })
                    .collect();
                (top as usize + r + 1, cells)
            })
            .collect();
        let sheet_name = format!("{name}#{sheet}");
        match typed(&sheet_name, raw, &sheet) {
            Ok(table) => {
                if i == 0 {
                    tables.push(Table {
                        name: name.to_string(),
                        ..table.clone()
                    });
                }
                tables.push(table);
            }
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(tables)
    } else {
        Err(problems)
    }
}

/// A spreadsheet cell as the text a person sees: numbers without a trailing `.0`, dates as
/// `2025-03-15`, a fraction formatted as a percentage as `12.5%`.
fn cell_text(cell: &Data, percent: bool) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Rounded to nine places so 0.085 × 100 reads 8.5, not 8.500000000000002.
        Data::Float(f) if percent => format!("{}%", (f * 100.0 * 1e9).round() / 1e9),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => excel_date(dt.as_f64()),
        Data::DateTime(dt) => format!("{}", dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial day (1900 system, counting from 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    let base = jiff::civil::date(1899, 12, 30);
    match base.checked_add(jiff::Span::new().days(serial.floor() as i64)) {
        Ok(day) => day.strftime("%Y-%m-%d").to_string(),
        Err(_) => format!("{serial}"),
    }
}

/// YAML or JSON: a list of records, each a mapping of column to scalar.
fn read_records(name: &str, bytes: &[u8], ext: &str) -> Result<Table, Vec<Diagnostic>> {
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let parsed: Result<Records, Text> = if ext == "json" {
        serde_json::from_str(&text).map_err(|e| {
            let line = e.line();
            text!(
                "JSON 格式有误（第 {line} 行）：{e}",
                "the JSON is malformed (line {line}): {e}"
            )
        })
    } else {
        serde_saphyr::from_str(&text)
            .map_err(|e| text!("YAML 格式有误：{e}", "the YAML is malformed: {e}"))
    };
    let records = parsed.map_err(|message| {
        vec![
            Diagnostic::error(name, "data-records", message).with_hint(text!(
                "数据文件应是一个列表，每项是“列名: 值”的映射",
                "a data file must be a list of records, each mapping column names to values"
            )),
        ]
    })?;
    let mut headers: Vec<String> = Vec::new();
    for record in &records.0 {
        for (key, _) in record {
            if !headers.contains(key) {
                headers.push(key.clone());
            }
        }
    }
    let mut raw = vec![(1, headers.clone())];
    for (i, record) in records.0.iter().enumerate() {
        let row = (headers.iter())
            .map(|h| {
                record
                    .iter()
                    .find(|(k, _)| k == h)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            })
            .collect();
        raw.push((i + 2, row));
    }
    typed(name, raw, "")
}

/// The records of a YAML or JSON data file, keys in written order, scalars as text.
struct Records(Vec<Vec<(String, String)>>);

impl<'de> serde::Deserialize<'de> for Records {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct List;
        impl<'de> Visitor<'de> for List {
            type Value = Records;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of records")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Records, A::Error> {
                let mut records = Vec::new();
                while let Some(record) = seq.next_element::<Record>()? {
                    records.push(record.0);
                }
                Ok(Records(records))
            }
        }
        deserializer.deserialize_seq(List)
    }
}

struct Record(Vec<(String, String)>);

impl<'de> serde::Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Map;
        impl<'de> Visitor<'de> for Map {
            type Value = Record;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of column names to numbers or text")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
                let mut items = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Scalar>()? {
                    items.push((key, value.0));
                }
                Ok(Record(items))
            }
        }
        deserializer.deserialize_map(Map)
    }
}

/// A number, text, boolean or null as the text it reads as.
struct Scalar(String);

impl<'de> serde::Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Any;
        impl Visitor<'_> for Any {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or text")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(format!("{v}")))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(if v { "是" } else { "否" }.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar(String::new()))
            }
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar(String::new()))
            }
        }
        deserializer.deserialize_any(Any)
    }
}

/// Rows of text (each with its row number in the file; the first is the header) made a typed
/// table: units split off, each column's kind decided, every cell that does not fit its
/// column reported.
fn typed(
    name: &str,
    raw: Vec<(usize, Vec<String>)>,
    sheet: &str,
) -> Result<Table, Vec<Diagnostic>> {
    let mut rows = raw
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let where_ = if sheet.is_empty() {
        String::new()
    } else {
        format!("（{sheet}）")
    };
    let Some((header_line, header)) = rows.next() else {
        return Err(vec![
            Diagnostic::error(
                name,
                "data-empty",
                text!("数据文件{where_}是空的", "the data file{where_} is empty"),
            )
            .with_hint(text!(
                "第一行写列名，下面每行一条数据",
                "put column names on the first row and one record per row below"
            )),
        ]);
    };
    let header: Vec<String> =
        trim_trailing_empty(header.iter().map(|h| h.trim().to_string()).collect());
    let mut problems = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let n = i + 1;
        if h.is_empty() || header[..i].contains(h) {
            problems.push(
                Diagnostic::error(
                    name,
                    "data-header",
                    if h.is_empty() {
                        text!("第 {n} 列没有列名", "column {n} has no name")
                    } else {
                        text!("列名“{h}”出现了两次", "the column name `{h}` appears twice")
                    },
                )
                .at(header_line, i + 1)
                .with_hint(text!(
                    "第一行每列写一个不重复的列名",
                    "give every column a distinct name on the first row"
                )),
            );
        }
    }
    let mut lines = Vec::new();
    let mut cells: Vec<Vec<Value>> = Vec::new();
    for (line, row) in rows {
        let row = trim_trailing_empty(row);
        if row.len() > header.len() {
            let (cells, named) = (row.len(), header.len());
            problems.push(
                Diagnostic::error(
                    name,
                    "data-row",
                    text!(
                        "这一行有 {cells} 个单元格，比列名（{named} 列）多",
                        "this row has {cells} cells, more than the {named} columns named"
                    ),
                )
                .at(line, header.len() + 1)
                .with_hint(text!(
                    "删掉多出的单元格，或在第一行补上列名",
                    "remove the extra cells or name the column on the first row"
                )),
            );
            continue;
        }
        let mut values: Vec<Value> = row.iter().map(|c| value::parse(c)).collect();
        values.resize(header.len(), Value::Empty);
        lines.push(line);
        cells.push(values);
    }
    let mut columns = Vec::new();
    for (c, head) in header.iter().enumerate() {
        let (col_name, unit) = split_unit(head);
        let column = type_column(
            name,
            &mut cells,
            &lines,
            c,
            col_name,
            unit,
            head,
            &mut problems,
        );
        columns.push(column);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Table {
        name: name.to_string(),
        columns,
        rows: cells,
        lines,
        encoding: None,
    })
}

fn trim_trailing_empty(mut row: Vec<String>) -> Vec<String> {
    while row.last().is_some_and(|c| c.trim().is_empty()) {
        row.pop();
    }
    row
}

/// `收入（万元）`, `收入(万元)` and `收入/万元` → (`收入`, `万元`).
fn split_unit(header: &str) -> (&str, &str) {
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = header.strip_suffix(close)
            && let Some((name, unit)) = inner.rsplit_once(open)
            && !name.trim().is_empty()
        {
            return (name.trim(), unit.trim());
        }
    }
    (header, "")
}

/// Decides column `c`'s kind from its cells and checks each cell fits: numbers with one unit,
/// percentages, dates, or text. A column of years (`2023`, `2024` under `年份`) holds dates.
#[allow(clippy::too_many_arguments)]
fn type_column(
    file: &str,
    rows: &mut [Vec<Value>],
    lines: &[usize],
    c: usize,
    name: &str,
    header_unit: &str,
    header: &str,
    problems: &mut Vec<Diagnostic>,
) -> Column {
    let filled: Vec<&Value> = rows
        .iter()
        .map(|r| &r[c])
        .filter(|v| **v != Value::Empty)
        .collect();
    let count = |f: fn(&Value) -> bool| filled.iter().filter(|v| f(v)).count();
    let numbers = count(|v| matches!(v, Value::Number(..)));
    let percents = count(|v| matches!(v, Value::Percent(_)));
    let dates = count(|v| matches!(v, Value::Date(_)));
    let is_year_header = name.contains('年') || name.to_ascii_lowercase().contains("year");
    let all_years = numbers == filled.len()
        && filled.iter().all(|v| matches!(v, Value::Number(n, u) if u.is_empty() && n.decimals == 0 && (1900.0..=2100.0).contains(&n.value)));
    let kind = if filled.is_empty() {
        Kind::Text
    } else if is_year_header && all_years {
        Kind::Date
    } else if header_unit == "%" || percents * 2 > filled.len() {
        Kind::Percent
    } else if numbers * 2 > filled.len() || (!header_unit.is_empty() && numbers > 0) {
        // A unit in the header says the column holds figures, however many cells are not.
        Kind::Number
    } else if dates * 2 > filled.len() {
        Kind::Date
    } else {
        Kind::Text
    };
    let mut unit = if kind == Kind::Percent {
        "%".to_string()
    } else {
        header_unit.to_string()
    };
    for (r, row) in rows.iter_mut().enumerate() {
        let cell = std::mem::replace(&mut row[c], Value::Empty);
        let at = |d: Diagnostic| d.at(lines[r], c + 1);
        row[c] = match (kind, cell) {
            (_, Value::Empty) => Value::Empty,
            (Kind::Text, cell) => Value::Text(written(&cell)),
            (Kind::Date, Value::Number(n, _)) => Value::Date(Date {
                year: n.value as i32,
                month: None,
                day: None,
            }),
            (Kind::Date, Value::Date(d)) => Value::Date(d),
            (Kind::Percent, Value::Percent(n)) => Value::Percent(n),
            (Kind::Percent, Value::Number(n, u)) if u.is_empty() && header_unit == "%" => {
                Value::Percent(n)
            }
            (Kind::Number, Value::Number(n, cell_unit)) => {
                if !cell_unit.is_empty() && unit.is_empty() {
                    unit = cell_unit.clone();
                }
                if !cell_unit.is_empty() && cell_unit != unit {
                    problems.push(at(Diagnostic::error(
                        file,
                        "data-unit",
                        text!(
                            "“{header}”列的单位不一致：这里是“{cell_unit}”，前面是“{unit}”",
                            "the column `{header}` mixes units: `{cell_unit}` here, `{unit}` above"
                        ),
                    )
                    .with_hint(text!(
                        "一列只用一个单位，换算后再填",
                        "use one unit per column; convert the figure first"
                    ))));
                }
                Value::Number(n, String::new())
            }
            (kind, cell) => {
                let shown = written(&cell);
                let (zh, en) = match kind {
                    Kind::Number => ("数字", "a number"),
                    Kind::Percent => ("百分数", "a percentage"),
                    _ => ("日期", "a date"),
                };
                problems.push(at(Diagnostic::error(
                    file,
                    "data-cell",
                    text!(
                        "“{header}”列应是{zh}，这里写的是“{shown}”",
                        "the column `{header}` holds {en}, but this cell says `{shown}`"
                    ),
                )
                .with_hint(text!(
                    "改成数字（可带千分位逗号和单位，如 1,500 或 150万元）；没有数据就留空或写“-”",
                    "write a number (thousands commas and a unit are fine: 1,500 or 150万元); leave it empty or write `-` when there is none"
                ))));
                Value::Empty
            }
        };
    }
    Column {
        header: header.to_string(),
        name: name.to_string(),
        unit,
        kind,
    }
}

/// A typed cell back as text (for a cell kept as text in a text column).
fn written(value: &Value) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Number(n, unit) => format!("{}{unit}", value::plain_number(*n)),
        Value::Percent(n) => format!("{}%", value::plain_number(*n)),
        Value::Date(d) => d.zh(),
        Value::Text(t) => t.clone(),
    }
}

/// A cell shown to a reader: `1,234.5`, `12.5%`, `2025年3月`.
pub fn display(value: &Value) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Number(n, unit) => format!("{}{unit}", value::format_number(*n)),
        Value::Percent(n) => format!("{}%", value::format_number(*n)),
        Value::Date(d) => d.zh(),
        Value::Text(t) => t.clone(),
    }
}

/// A cell for a machine: `1234.5`, `12.5`, `2025-03`.
pub fn machine(value: &Value) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Number(n, _) | Value::Percent(n) => value::plain_number(*n),
        Value::Date(d) => d.iso(),
        Value::Text(t) => t.clone(),
    }
}

/// The number in a cell, if any.
pub fn number(value: &Value) -> Option<Number> {
    match value {
        Value::Number(n, _) | Value::Percent(n) => Some(*n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Table {
        read("data/t.csv", csv.as_bytes()).expect("reads").remove(0)
    }

    #[test]
    fn units_come_from_headers_or_cells() {
        let t = table(
            "村,收入（万元）,户数,覆盖率\n桃源村,\"1,250.5\",320户,12.5%\n石门村,980,\"1,020户\",—\n",
        );
        let kinds: Vec<_> = t
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.unit.as_str(), c.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("村", "", Kind::Text),
                ("收入", "万元", Kind::Number),
                ("户数", "户", Kind::Number),
                ("覆盖率", "%", Kind::Percent)
            ]
        );
        assert_eq!(display(&t.rows[0][1]), "1,250.5");
        assert_eq!(display(&t.rows[1][2]), "1,020");
        assert_eq!(t.rows[1][3], Value::Empty);
        assert_eq!(t.lines, [2, 3]);
    }

    #[test]
    fn years_under_a_year_header_are_dates() {
        let t = table("年份,收入\n2023,10\n2024,12\n");
        assert_eq!(t.columns[0].kind, Kind::Date);
        assert_eq!(display(&t.rows[1][0]), "2024年");
        assert_eq!(machine(&t.rows[1][0]), "2024");
        let t = table("月份,收入\n2025年3月,10\n2025年4月,12\n");
        assert_eq!(machine(&t.rows[0][0]), "2025-03");
    }

    #[test]
    fn a_cell_that_does_not_fit_is_located_by_row_and_column() {
        let err = read(
            "data/t.csv",
            "村,收入\n甲,10\n乙,12\n丙,待统计\n".as_bytes(),
        )
        .unwrap_err();
        assert_eq!(
            (err[0].code, err[0].line, err[0].col),
            ("data-cell", Some(4), Some(2))
        );
        assert!(err[0].message.zh.contains("待统计"), "{:?}", err[0].message);
        let err = read("data/t.csv", "村,收入\n甲,10万元\n乙,12亿元\n".as_bytes()).unwrap_err();
        assert_eq!((err[0].code, err[0].line), ("data-unit", Some(3)));
        let err = read("data/t.csv", "村,收入\n甲,10,3\n".as_bytes()).unwrap_err();
        assert_eq!(
            (err[0].code, err[0].line, err[0].col),
            ("data-row", Some(2), Some(3))
        );
        let err = read("data/t.csv", "村,,村\n".as_bytes()).unwrap_err();
        assert_eq!(err.len(), 2);
        let err = read("data/t.csv", "村,收入\n\"甲,10\n".as_bytes());
        assert!(err.is_ok() || err.unwrap_err()[0].code == "data-csv");
    }

    #[test]
    fn gbk_and_bom_are_detected_and_named() {
        let (gbk, _, _) = encoding_rs::GBK.encode("村,收入（万元）\r\n桃源村,12\r\n");
        let t = read("data/t.csv", &gbk).expect("gbk").remove(0);
        assert_eq!(
            (t.encoding, t.columns[1].unit.as_str()),
            (Some(Encoding::Gb18030), "万元")
        );
        let t = read("data/t.csv", "\u{feff}村,收入\n甲,1\n".as_bytes())
            .expect("bom")
            .remove(0);
        assert_eq!(
            (t.encoding, t.columns[0].name.as_str()),
            (Some(Encoding::Utf8Bom), "村")
        );
        let err = read("data/t.csv", &[0x81, 0x20, 0xff, b'\n']).unwrap_err();
        assert_eq!(err[0].code, "data-encoding");
    }

    #[test]
    fn yaml_and_json_records_keep_their_key_order() {
        let y = read(
            "data/t.yaml",
            "- 村: 甲\n  收入: 1,200\n- 村: 乙\n  收入: 900\n  备注: 新\n".as_bytes(),
        )
        .expect("yaml")
        .remove(0);
        let names: Vec<_> = y.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["村", "收入", "备注"]);
        assert_eq!(number(&y.rows[0][1]).map(|n| n.value), Some(1200.0));
        let j = read(
            "data/t.json",
            r#"[{"年份": 2024, "收入": 12.5}]"#.as_bytes(),
        )
        .expect("json")
        .remove(0);
        assert_eq!(j.columns[0].kind, Kind::Date);
        assert!(read("data/t.json", b"{\"a\": 1}").is_err());
    }
}

#[cfg(test)]
mod fixtures {
    //! The fixtures come from real producers (`scripts/figure-fixtures/make.sh`): LibreOffice
    //! Calc saved `income.xlsx` from `income.csv`, and `income-gbk.csv` holds the bytes Excel on a
    //! Chinese Windows writes. All three must read as the same table.
    use super::*;

    fn fixture(name: &str) -> Vec<Table> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/figures")
            .join(name);
        let bytes = std::fs::read(&path).expect("fixture exists");
        read(&format!("data/{name}"), &bytes).expect("fixture reads")
    }

    fn shown(table: &Table) -> Vec<Vec<String>> {
        table
            .rows
            .iter()
            .map(|r| r.iter().map(machine).collect())
            .collect()
    }

    #[test]
    fn libreoffice_xlsx_and_excel_gbk_csv_read_as_the_utf8_csv() {
        let csv = fixture("income.csv").remove(0);
        let gbk = fixture("income-gbk.csv").remove(0);
        let xlsx = fixture("income.xlsx");
        assert_eq!(gbk.encoding, Some(Encoding::Gb18030));
        assert_eq!(
            (gbk.columns.clone(), shown(&gbk)),
            (csv.columns.clone(), shown(&csv))
        );
        assert_eq!(xlsx[0].name, "data/income.xlsx");
        assert_eq!(xlsx[1].name, "data/income.xlsx#income");
        assert_eq!(xlsx[0].columns, csv.columns);
        assert_eq!(shown(&xlsx[0]), shown(&csv));
        assert_eq!(
            shown(&csv)[0],
            ["桃源村", "2023", "1250.5", "320", "12.5", "2023-12"]
        );
    }
}
