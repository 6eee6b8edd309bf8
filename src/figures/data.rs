//! Data files read into typed tables: CSV (UTF-8, with or without a byte-order mark, or GBK as
//! Excel saves it on a Chinese Windows), `.xlsx`/`.xls`/`.ods` (the first sheet or each named
//! one), and YAML or JSON lists of records. A header row names the columns; a column's unit comes
//! from its header (`收入（万元）`) or its cells (`150万元`); its kind (number, percentage, date,
//! text) from its cells. Every problem is located by file, row and column.

use std::collections::BTreeMap;
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
    /// A title written in a row of its own above the header (often a merged cell across the
    /// sheet: `2024年各村集体经济收入统计表`).
    pub title: Option<String>,
    /// Problems that do not stop the table from being used: a total row that disagrees with
    /// the rows above it.
    pub warnings: Vec<Diagnostic>,
    /// Lines written under the table rather than records: `注：…`, `数据来源：…`, shown
    /// under it. The form's sign-off lines (`填表人：`, `审核人：`, `填报日期：`) are neither
    /// records nor notes and are left out.
    pub notes: Vec<String>,
}

/// The most cells (rows × columns, empty ones included) a data file or sheet may span: a
/// workbook of a few kilobytes can claim a cell at `XFD1048576`, and a reader that lays the
/// sheet out in memory would then need hundreds of gigabytes.
pub const MAX_CELLS: u64 = 5_000_000;

/// The most bytes a workbook's parts may unpack to (a zip bomb is refused before it is read).
pub const MAX_UNPACKED: u64 = 256 * 1024 * 1024;

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
    check_unpacked_size(name, bytes)?;
    let ods_shown = if name.to_ascii_lowercase().ends_with(".ods") {
        read_ods_layout(name, bytes)?
    } else {
        OdsShown::new()
    };
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    let mut hidden = Vec::new();
    for meta in workbook.sheets_metadata().to_vec() {
        // A chart sheet or a macro sheet holds no table. A hidden sheet is never published:
        // it is where a workbook keeps the lookup lists and the named details behind the
        // published summary.
        if meta.typ != calamine::SheetType::WorkSheet {
            continue;
        }
        let sheet = meta.name;
        if meta.visible != calamine::SheetVisible::Visible {
            hidden.push(sheet);
            continue;
        }
        let sheet_name = format!("{name}#{sheet}");
        if let calamine::Sheets::Xlsx(xlsx) = &mut workbook {
            // Measured by streaming the cells before anything lays the sheet out in memory.
            let mut far = (0u32, 0u32);
            let mut reader = xlsx
                .worksheet_cells_reader(&sheet)
                .map_err(|e| unreadable(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                if !matches!(cell.get_value(), calamine::DataRef::Empty) {
                    let (row, col) = cell.get_position();
                    far = (far.0.max(row), far.1.max(col));
                }
            }
            drop(reader);
            if let Err(found) = check_extent(&sheet_name, far.0 as u64 + 1, far.1 as u64 + 1) {
                problems.push(found);
                continue;
            }
        }
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|e| unreadable(&e))?;
        let (height, width) = range.get_size();
        if let Err(found) = check_extent(&sheet_name, height as u64, width as u64) {
            problems.push(found);
            continue;
        }
        // Only .xlsx gives cell formats (an .ods its shown text, above): a percentage is stored
        // as a fraction (0.125) and a month as a day (2025-03-01), and a reader must see what
        // the format shows.
        let styles = match &mut workbook {
            calamine::Sheets::Xlsx(xlsx) => xlsx.worksheet_style(&sheet).ok(),
            _ => None,
        };
        let format_at = |pos: (u32, u32)| {
            (styles.as_ref()?.get(pos)?.number_format.as_ref()).map(|f| f.format_code.as_str())
        };
        let (top, left) = range.start().unwrap_or((0, 0));
        let shown_in_ods = ods_shown.get(&sheet);
        let raw = (range.rows().enumerate())
            .map(|(r, row)| {
                let cells = (row.iter().enumerate())
                    .map(|(c, cell)| {
                        let pos = (top + r as u32, left + c as u32);
                        // An .ods percentage or date as shown, when it reads as one.
                        match shown_in_ods.and_then(|cells| cells.get(&pos)) {
                            Some(text) if is_shown_kind(text) => text.to_string(),
                            _ => cell_text(cell, format_at(pos)),
                        }
                    })
                    .collect();
                (top as usize + r + 1, cells)
            })
            .collect::<Vec<(usize, Vec<String>)>>();
        // The empty Sheet2 and Sheet3 a new workbook comes with are no data.
        if !raw
            .iter()
            .any(|(_, cells)| filled_cells(cells).next().is_some())
        {
            continue;
        }
        match typed(&sheet_name, raw, &sheet) {
            Ok(table) => {
                if tables.is_empty() {
                    tables.push(Table {
                        name: name.to_string(),
                        warnings: Vec::new(),
                        ..table.clone()
                    });
                }
                tables.push(table);
            }
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let hidden_list = hidden.join("、");
    let Some(first) = tables.get_mut(1) else {
        let (zh, en) = if hidden.is_empty() {
            (
                "这个表格文件的工作表都是空的",
                "every sheet of this workbook is empty",
            )
        } else {
            (
                "这个表格文件里有数据的工作表都是隐藏的，隐藏的表不会发布",
                "the only sheets with data in this workbook are hidden, and hidden sheets are never published",
            )
        };
        return Err(vec![
            Diagnostic::error(name, "data-empty", text!("{zh}", "{en}")).with_hint(text!(
                "把要发布的表放在一个不隐藏的工作表里：第一行写列名，下面每行一条数据",
                "put the table to publish on a sheet that is not hidden: column names on the first row and one record per row below"
            )),
        ]);
    };
    if !hidden.is_empty() {
        first.warnings.push(
            Diagnostic::warning(
                name,
                "data-hidden-sheet",
                text!(
                    "隐藏的工作表（{hidden_list}）没有读取，也不会发布",
                    "the hidden sheets ({hidden_list}) were not read and are not published"
                ),
            )
            .with_hint(text!(
                "确需公开时取消隐藏；隐藏的表里常有不宜公开的明细，公开前先核对",
                "unhide a sheet only if it is meant to be public; hidden sheets often hold details that must not be published"
            )),
        );
    }
    Ok(tables)
}

/// Refuses a workbook whose parts would unpack to more than [`MAX_UNPACKED`] bytes, going by
/// the sizes its zip directory declares (an .xls is not a zip and is not measured here).
fn check_unpacked_size(name: &str, bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total = 0u64;
    for i in 0..archive.len() {
        if let Ok(part) = archive.by_index_raw(i) {
            total = total.saturating_add(part.size());
        }
    }
    if total <= MAX_UNPACKED {
        return Ok(());
    }
    let (mib, limit) = (total / (1024 * 1024), MAX_UNPACKED / (1024 * 1024));
    Err(vec![
        Diagnostic::error(
            name,
            "data-too-large",
            text!(
                "这个表格文件解压后有 {mib} MB，超过 jianbao 读取的上限（{limit} MB），没有读取",
                "this spreadsheet unpacks to {mib} MB, more than the {limit} MB jianbao reads; it was not read"
            ),
        )
        .with_hint(text!(
            "网站上的数据表用不了这么大：只保留要发布的工作表和数据，另存后再放进 data 文件夹",
            "a site's data table is never this large: keep only the sheets and rows to publish and save it again"
        )),
    ])
}

/// What an .ods says beyond calamine's values, by sheet name: the text shown in each percentage
/// and date cell (`15.0%`, `2024年12月`) by (row, column), since calamine gives .ods cells no
/// number format and would read the fraction (0.15) and the first day of the month.
type OdsShown = BTreeMap<String, BTreeMap<(u32, u32), String>>;

/// Measures an .ods's sheets from its `content.xml` before calamine lays them out, refusing one
/// that reaches further than [`MAX_CELLS`] cells: LibreOffice writes a row or a cell repeated a
/// million times as one element (`table:number-rows-repeated`), so a file of a few kilobytes can
/// hold a cell at XFD1048576. The far corner counted is that of the cells holding a value or
/// text. Returns the shown text of percentage and date cells ([`OdsShown`]).
fn read_ods_layout(name: &str, bytes: &[u8]) -> Result<OdsShown, Vec<Diagnostic>> {
    use std::io::Read as _;
    let mut shown = OdsShown::new();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(shown);
    };
    let mut xml = String::new();
    let read = archive
        .by_name("content.xml")
        .map(|mut part| part.read_to_string(&mut xml).is_ok());
    if read.ok() != Some(true) {
        return Ok(shown);
    }
    let Ok(doc) = roxmltree::Document::parse(&xml) else {
        return Ok(shown);
    };
    const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    let repeated = |node: roxmltree::Node, attr: &str| -> u64 {
        (node.attribute((TABLE, attr)).and_then(|n| n.parse().ok())).unwrap_or(1)
    };
    let mut problems = Vec::new();
    for sheet in doc
        .descendants()
        .filter(|n| n.has_tag_name((TABLE, "table")))
    {
        let sheet_name = sheet.attribute((TABLE, "name")).unwrap_or("");
        let cells = shown.entry(sheet_name.to_string()).or_default();
        let (mut row, mut far) = (0u64, (0u64, 0u64));
        for line in sheet
            .descendants()
            .filter(|n| n.has_tag_name((TABLE, "table-row")))
        {
            let rows = repeated(line, "number-rows-repeated");
            let mut col = 0u64;
            for cell in line.children().filter(|n| n.is_element()) {
                let cols = repeated(cell, "number-columns-repeated");
                let kind = cell.attribute((OFFICE, "value-type"));
                if kind.is_some() || cell.children().any(|c| c.is_element()) {
                    far = (far.0.max(row + rows), far.1.max(col + cols));
                }
                if matches!(kind, Some("percentage" | "date")) && far.0 * far.1 <= MAX_CELLS {
                    let text: String = (cell.descendants())
                        .filter(|n| n.is_text())
                        .filter_map(|n| n.text())
                        .collect();
                    for (r, c) in
                        (row..row + rows).flat_map(|r| (col..col + cols).map(move |c| (r, c)))
                    {
                        cells.insert((r as u32, c as u32), text.trim().to_string());
                    }
                }
                col = col.saturating_add(cols);
            }
            row = row.saturating_add(rows);
        }
        if let Err(found) = check_extent(&format!("{name}#{sheet_name}"), far.0, far.1) {
            problems.push(found);
        }
    }
    if problems.is_empty() {
        Ok(shown)
    } else {
        Err(problems)
    }
}

/// Whether a cell's shown text reads as the percentage or date it holds (not, say, `12月5日`
/// with no year, which would read as text).
fn is_shown_kind(text: &str) -> bool {
    matches!(value::parse(text), Value::Percent(_) | Value::Date(_))
}

/// Refuses a sheet spanning more than [`MAX_CELLS`] cells, pointing at its far corner.
fn check_extent(name: &str, rows: u64, cols: u64) -> Result<(), Diagnostic> {
    if rows.saturating_mul(cols) <= MAX_CELLS {
        return Ok(());
    }
    let corner = format!("{}{rows}", column_letters(cols));
    let limit = MAX_CELLS / 10_000;
    let cells = value::format_number(Number {
        value: MAX_CELLS as f64,
        decimals: 0,
    });
    Err(Diagnostic::error(
        name,
        "data-too-large",
        text!(
            "这张表一直用到 {corner} 单元格（{rows} 行 × {cols} 列），超过 jianbao 读取的上限（{limit} 万个单元格），没有读取",
            "this sheet reaches cell {corner} ({rows} rows × {cols} columns), more than the {cells} cells jianbao reads; it was not read"
        ),
    )
    .at(rows as usize, cols as usize)
    .with_hint(text!(
        "删除表格下方和右侧多余的行和列（选中后“删除行/列”，不是只清除内容），再另存",
        "delete the unused rows and columns below and right of the table (delete them, not just their contents) and save again"
    )))
}

/// A column number as a spreadsheet shows it: 1 → `A`, 28 → `AB`, 16384 → `XFD`.
pub fn column_letters(mut col: u64) -> String {
    let mut letters = Vec::new();
    while col > 0 {
        let rem = ((col - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        col = (col - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A spreadsheet cell as the text a person sees, going by its number format when known:
/// numbers to 15 significant digits as spreadsheets show them (a formula's `0.1+0.2` is
/// `0.3`), a fraction formatted as a percentage as `12.5%` with the format's decimals, a date
/// as precise as its format (`yyyy年m月` gives `2025-03`).
fn cell_text(cell: &Data, format: Option<&str>) -> String {
    let format = format.map(format_tokens);
    let percent = format.as_ref().is_some_and(|f| f.contains('%'));
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if percent => {
            let decimals = format.as_deref().map_or(9, format_decimals);
            let scale = 10f64.powi(decimals as i32);
            format!("{}%", (f * 100.0 * scale).round() / scale)
        }
        Data::Float(f) => format!("{}", significant(*f)),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let day = excel_date(dt.as_f64());
            match format.as_deref() {
                Some(f) if !f.contains(['d', 'D']) && f.contains(['m', 'M']) => {
                    day.get(..7).unwrap_or(&day).to_string()
                }
                Some(f) if !f.contains(['d', 'D', 'm', 'M']) && f.contains(['y', 'Y']) => {
                    day.get(..4).unwrap_or(&day).to_string()
                }
                _ => day,
            }
        }
        Data::DateTime(dt) => format!("{}", significant(dt.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A number format's first section without its literal text (`"年"`, `\年`, `[Red]`), so
/// what is left are its tokens.
fn format_tokens(code: &str) -> String {
    let mut out = String::new();
    let (mut quoted, mut escaped, mut bracket) = (false, false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' | '_' | '*' => escaped = true,
            '[' => bracket = true,
            ']' => bracket = false,
            _ if bracket => {}
            ';' => break,
            c => out.push(c),
        }
    }
    out
}

/// How many decimals a number format shows: `0.0%` → 1, `#,##0` → 0.
fn format_decimals(tokens: &str) -> u32 {
    tokens.split_once('.').map_or(0, |(_, after)| {
        after.chars().take_while(|c| matches!(c, '0' | '#')).count() as u32
    })
}

/// `value` to 15 significant digits, the precision spreadsheets show: a stored
/// `612.30000000000007` reads `612.3`.
fn significant(value: f64) -> f64 {
    format!("{value:.14e}").parse().unwrap_or(value)
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
    let parsed: Result<Records, (Text, Option<(usize, usize)>)> = if ext == "json" {
        serde_json::from_str(&text).map_err(|e| {
            let line = e.line();
            (
                text!(
                    "JSON 格式有误（第 {line} 行）：{e}",
                    "the JSON is malformed (line {line}): {e}"
                ),
                (line > 0).then(|| (line, e.column().max(1))),
            )
        })
    } else {
        serde_saphyr::from_str(&text).map_err(|e| {
            let at = (e.location())
                .filter(|l| l.line() > 0)
                .map(|l| (l.line() as usize, (l.column() as usize).max(1)));
            (
                text!("YAML 格式有误：{e}", "the YAML is malformed: {e}"),
                at,
            )
        })
    };
    let records = parsed.map_err(|(message, at)| {
        let found = Diagnostic::error(name, "data-records", message);
        let found = match at {
            Some((line, col)) => found.at(line, col),
            None => found.at_line(1),
        };
        vec![found.with_hint(text!(
            "数据文件应是一个列表，每项是“列名: 值”的映射",
            "a data file must be a list of records, each mapping column names to values"
        ))]
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
    let rows: Vec<(usize, Vec<String>)> = raw
        .into_iter()
        .filter(|(_, cells)| filled_cells(cells).next().is_some())
        .collect();
    let width = rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
    let last = rows.last().map_or(0, |(line, _)| *line);
    check_extent(name, last as u64, width as u64).map_err(|d| vec![d])?;
    let (title, above) = title_rows(&rows);
    let mut rows = rows.into_iter().skip(above);
    let (where_zh, where_en) = if sheet.is_empty() {
        (String::new(), String::new())
    } else {
        (format!("（{sheet}）"), format!(" ({sheet})"))
    };
    let Some((header_line, header)) = rows.next() else {
        return Err(vec![
            Diagnostic::error(
                name,
                "data-empty",
                text!(
                    "数据文件{where_zh}是空的",
                    "the data file{where_en} is empty"
                ),
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
                    "第一行每列写一个不重复的列名；表头是合并单元格或占两行时，改成一行，每列一个列名（如“收入2023”“收入2024”）",
                    "give every column a distinct name on the first row; a header of merged cells or two rows must become one row with a name per column (such as `收入2023`, `收入2024`)"
                )),
            );
        }
    }
    let mut lines = Vec::new();
    let mut cells: Vec<Vec<Value>> = Vec::new();
    let mut total = None;
    let mut notes = Vec::new();
    for (line, row) in rows {
        let row = trim_trailing_empty(row);
        match note_row(&row) {
            Some(Note::Shown(note)) => {
                notes.push(note);
                continue;
            }
            Some(Note::SignOff) => continue,
            None => {}
        }
        // A total row (合计, 总计, 小计) is the sheet's sum, not a record: charts and totals
        // use the rows themselves, and the last 合计 or 总计 is checked against them.
        let grand = filled_cells(&row).next().and_then(total_label);
        if let Some(grand) = grand {
            if grand {
                total = Some((line, row));
            }
            continue;
        }
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
    let warnings = total.map_or_else(Vec::new, |(line, row)| {
        check_total(name, &columns, &cells, line, &row)
    });
    Ok(Table {
        name: name.to_string(),
        columns,
        rows: cells,
        lines,
        encoding: None,
        title,
        warnings,
        notes,
    })
}

/// The cells of `row` holding text, trimmed, in order.
fn filled_cells(row: &[String]) -> impl Iterator<Item = &str> {
    row.iter().map(|c| c.trim()).filter(|c| !c.is_empty())
}

/// A row that is a line of the form rather than a record.
enum Note {
    /// `注：…`, `说明：…`, `数据来源：…`: said of the table, shown under it.
    Shown(String),
    /// `填表人：…`, `审核人：…`, `填报日期：…`: the form's sign-off.
    SignOff,
}

const NOTE_MARKERS: &[&str] = &["注", "说明", "备注", "数据来源", "资料来源", "来源"];
const SIGN_OFF_MARKERS: &[&str] = &[
    "填表人",
    "制表人",
    "填报人",
    "统计人",
    "审核人",
    "审核",
    "负责人",
    "联系人",
    "联系电话",
    "填表日期",
    "填报日期",
    "制表日期",
    "统计日期",
    "填报单位",
    "填表单位",
    "制表单位",
    "报送单位",
    "单位负责人",
];

/// Whether `row` is a note or a sign-off line: its first filled cell starts with one of the
/// markers followed by a colon (`注` also by a number: `注1：`). No record starts that way —
/// a village, a month or a team is never called `注：`.
fn note_row(row: &[String]) -> Option<Note> {
    let mut filled = filled_cells(row);
    let first = filled.next()?;
    let marked = |markers: &[&str]| {
        markers.iter().any(|m| {
            first.strip_prefix(m).is_some_and(|rest| {
                let rest = rest.trim_start_matches(|c: char| {
                    *m == "注" && (c.is_ascii_digit() || ('①'..='⑩').contains(&c))
                });
                rest.starts_with(['：', ':'])
            })
        })
    };
    if marked(SIGN_OFF_MARKERS) {
        return Some(Note::SignOff);
    }
    if marked(NOTE_MARKERS) {
        let rest: Vec<&str> = filled.collect();
        let note = std::iter::once(first)
            .chain(rest)
            .collect::<Vec<_>>()
            .join(" ");
        return Some(Note::Shown(note));
    }
    None
}

/// Rows above the header holding a single cell each — a title, often a merged cell across the
/// sheet, and lines such as `单位：万元` — when a row of several cells follows within four
/// rows: the title and how many rows to skip.
fn title_rows(rows: &[(usize, Vec<String>)]) -> (Option<String>, usize) {
    match rows
        .iter()
        .position(|(_, r)| filled_cells(r).nth(1).is_some())
    {
        Some(header) if (1..=3).contains(&header) => {
            let title = filled_cells(&rows[0].1).next().map(str::to_string);
            (title, header)
        }
        _ => (None, 0),
    }
}

/// Whether a row labelled `label` is a total row, and whether it is the grand total (合计,
/// 总计) rather than a subtotal (小计).
fn total_label(label: &str) -> Option<bool> {
    let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    match label.as_str() {
        "合计" | "总计" | "总合计" | "全部合计" => Some(true),
        "小计" => Some(false),
        _ => None,
    }
}

/// The total row's figures against the sums of the rows: a warning for each column where
/// they differ, as when the sheet's SUM skipped numbers stored as text.
fn check_total(
    file: &str,
    columns: &[Column],
    rows: &[Vec<Value>],
    line: usize,
    total: &[String],
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (c, column) in columns.iter().enumerate() {
        let Some(Value::Number(stated, _)) = total.get(c).map(|t| value::parse(t)) else {
            continue;
        };
        if column.kind != Kind::Number {
            continue;
        }
        let figures: Vec<Number> = rows.iter().filter_map(|r| number(&r[c])).collect();
        if figures.is_empty() {
            continue;
        }
        let decimals = (figures.iter().map(|n| n.decimals))
            .chain([stated.decimals])
            .max()
            .unwrap_or(0);
        let sum = Number {
            value: figures.iter().map(|n| n.value).sum(),
            decimals,
        };
        if (sum.value - stated.value).abs() * 10f64.powi(decimals as i32) < 0.5 {
            continue;
        }
        let (header, stated, sum) = (
            &column.header,
            value::format_number(stated),
            value::format_number(sum),
        );
        warnings.push(
            Diagnostic::warning(
                file,
                "data-total",
                text!(
                    "合计行的“{header}”是 {stated}，上面各行相加是 {sum}",
                    "the total row says {stated} for `{header}`, but the rows above add up to {sum}"
                ),
            )
            .at(line, c + 1)
            .with_hint(text!(
                "核对合计行的公式和各行的数字（存成文本的数字不会被 SUM 算进去）；表格和图表只用各行，不用合计行",
                "check the total's formula and the rows (SUM skips numbers stored as text); tables and charts use the rows, not the total row"
            )),
        );
    }
    warnings
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

/// Each column's name, unit and kind, for tests to compare at a glance.
#[cfg(test)]
fn kinds_of(columns: &[Column]) -> Vec<(&str, &str, Kind)> {
    (columns.iter())
        .map(|c| (c.name.as_str(), c.unit.as_str(), c.kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Table {
        read("data/t.csv", csv.as_bytes()).expect("reads").remove(0)
    }

    #[test]
    fn notes_and_sign_off_lines_under_a_sheet_are_not_records() {
        let t = table(
            "村,收入（万元）\n石门村,1200\n注1：数据由各村上报。,\n数据来源：县农业农村局,\n填表人：李华,审核人：王强\n注意事项村,5\n",
        );
        assert_eq!(t.lines, [2, 6], "{:?}", t.rows);
        assert_eq!(t.notes, ["注1：数据由各村上报。", "数据来源：县农业农村局"]);
        assert!(!format!("{t:?}").contains("李华"));
    }

    #[test]
    fn units_come_from_headers_or_cells() {
        let t = table(
            "村,收入（万元）,户数,覆盖率\n桃源村,\"1,250.5\",320户,12.5%\n石门村,980,\"1,020户\",—\n",
        );
        assert_eq!(
            kinds_of(&t.columns),
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
        let err = read("data/t.json", b"[{\"a\": 1},\n {\"a\": }]").unwrap_err();
        assert_eq!((err[0].line, err[0].col), (Some(2), Some(8)));
        let err = read("data/t.yaml", "- 村: 甲\n- 村: [乙\n".as_bytes()).unwrap_err();
        assert_eq!((err[0].code, err[0].line.is_some()), ("data-records", true));
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

    fn real(name: &str) -> Result<Vec<Table>, Vec<Diagnostic>> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/figures/real")
            .join(name);
        read(
            &format!("data/{name}"),
            &std::fs::read(&path).expect("fixture exists"),
        )
    }

    #[test]
    fn a_work_teams_own_sheet_reads_the_same_from_every_format_calc_saves() {
        // Title row merged across the sheet, 年月 dates, text numbers with commas, empty cells,
        // formulas' cached results, a 合计 row whose SUM skipped the text numbers.
        let expected = [
            ["桃源村", "2024-12", "1480.25", "1335", "15", "2025-01-05"],
            ["石门村", "2024-12", "1120", "1045", "", "2025-01-06"],
            ["白沙村", "2024-12", "612.3", "", "33.3", "2025-01-07"],
        ];
        for name in ["report.xlsx", "report.ods", "report.xls", "report-gbk.csv"] {
            let tables = real(name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            // A workbook's first sheet is also under the file's name; its warnings once.
            let warnings: Vec<&Diagnostic> = tables.iter().flat_map(|t| &t.warnings).collect();
            let table = &tables[0];
            assert_eq!(
                table.title.as_deref(),
                Some("2024年各村集体经济收入统计表"),
                "{name}"
            );
            let mut rows = shown(table);
            let mut columns = table.columns.clone();
            if name.ends_with(".ods") {
                // Read as LibreOffice shows them: `15.0%` keeps its decimal.
                assert_eq!((rows[0][4].as_str(), rows[2][4].as_str()), ("15.0", "33.3"));
                rows[0][4] = "15".to_string();
            }
            if name.ends_with(".xls") {
                // calamine gives .xls cells no number format: a percentage reads as the
                // fraction stored (a known gap, in docs/figures.md).
                assert_eq!(columns[4].kind, Kind::Number, "{name}");
                assert_eq!(rows[0][4], "0.15", "{name}");
                (columns[4].unit, columns[4].kind) = ("%".to_string(), Kind::Percent);
                (rows[0][4], rows[2][4]) = ("15".to_string(), "33.3".to_string());
            }
            assert_eq!(
                kinds_of(&columns),
                [
                    ("村", "", Kind::Text),
                    ("统计月份", "", Kind::Date),
                    ("集体经济收入", "万元", Kind::Number),
                    ("脱贫户数", "", Kind::Number),
                    ("覆盖率", "%", Kind::Percent),
                    ("填报日期", "", Kind::Date),
                ],
                "{name}"
            );
            if name.ends_with(".csv") {
                // Saved as shown: `1,120.00` keeps its two decimals, the same number.
                for row in &mut rows {
                    for c in [2, 4] {
                        if let Ok(n) = row[c].parse::<f64>() {
                            row[c] = n.to_string();
                        }
                    }
                }
            }
            if name.ends_with(".xls") {
                // Nor a date's: a month formatted 年月 reads as its first day.
                for row in &mut rows {
                    assert_eq!(row[1], "2024-12-01");
                    row[1] = "2024-12".to_string();
                }
            }
            assert_eq!(rows, expected, "{name}");
            let found: Vec<_> = (warnings.iter())
                .map(|w| (w.code, w.line, w.col, w.message.zh.clone()))
                .collect();
            assert_eq!(
                found,
                [(
                    "data-total",
                    Some(6),
                    Some(4),
                    "合计行的“脱贫户数”是 0，上面各行相加是 2,380".to_string()
                )],
                "{name}"
            );
        }
    }

    #[test]
    fn a_sheet_spanning_millions_of_cells_is_refused_before_it_is_laid_out() {
        // 4.9 KB from LibreOffice, cells at XFD1 and A1048576: laid out in memory it would
        // need 512 GiB, and jianbao aborted before this refusal.
        let err = real("far.xlsx").unwrap_err();
        assert_eq!(
            (err[0].code, err[0].line, err[0].col),
            ("data-too-large", Some(1_048_576), Some(16_384))
        );
        assert!(
            err[0].message.zh.contains("XFD1048576"),
            "{:?}",
            err[0].message
        );
        let err = real("far.ods").expect_err("refused");
        assert_eq!(err[0].code, "data-too-large", "{:?}", err[0].message);
        assert!(
            err[0].message.zh.contains("XFD1048576"),
            "{:?}",
            err[0].message
        );
    }

    #[test]
    fn a_zip_bomb_is_refused_from_its_directory() {
        use std::io::Write as _;
        let mut bomb = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().large_file(true);
        bomb.start_file("xl/worksheets/sheet1.xml", options)
            .expect("part");
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..(MAX_UNPACKED >> 20) + 1 {
            bomb.write_all(&zeros).expect("write");
        }
        let bytes = bomb.finish().expect("zip").into_inner();
        assert!(bytes.len() < 2 << 20, "{} bytes", bytes.len());
        let err = read("data/bomb.xlsx", &bytes).unwrap_err();
        assert_eq!(err[0].code, "data-too-large");
        assert!(err[0].message.zh.contains("257 MB"), "{:?}", err[0].message);
    }

    #[test]
    fn cells_read_as_their_format_shows_them() {
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2 + 612.0), None), "612.3");
        assert_eq!(cell_text(&Data::Float(1.0 / 3.0), Some("0.0%")), "33.3%");
        assert_eq!(cell_text(&Data::Float(0.125), Some("0%")), "13%");
        assert_eq!(format_tokens("yyyy\\年m\\月"), "yyyym");
        assert_eq!(format_tokens("[Red]#,##0.00\"元\";-0"), "#,##0.00");
        assert_eq!(format_decimals("#,##0.00"), 2);
        assert_eq!(column_letters(16_384), "XFD");
        assert_eq!(column_letters(28), "AB");
    }

    #[test]
    fn a_title_row_is_skipped_and_total_rows_are_not_records() {
        let t = read(
            "data/t.csv",
            "各村收入表,,\n单位：万元,,\n村,收入,户数\n甲,10,3\n乙,5,\n小计,15,3\n合 计,15,4\n"
                .as_bytes(),
        )
        .expect("reads")
        .remove(0);
        assert_eq!(t.title.as_deref(), Some("各村收入表"));
        assert_eq!(shown(&t), [["甲", "10", "3"], ["乙", "5", ""]]);
        assert_eq!(t.lines, [4, 5]);
        assert_eq!(
            (t.warnings.len(), t.warnings[0].line, t.warnings[0].col),
            (1, Some(7), Some(3))
        );
        // A one-column list has no title row.
        let t = table_of("村\n甲\n乙\n");
        assert_eq!((t.title, t.rows.len()), (None, 2));
    }

    fn table_of(csv: &str) -> Table {
        read("data/t.csv", csv.as_bytes()).expect("reads").remove(0)
    }
}
