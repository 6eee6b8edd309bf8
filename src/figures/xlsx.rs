//! A table as an Excel workbook (.xlsx), the third open-data download beside CSV and JSON:
//! one sheet, a bold header row that stays in view, numbers as numbers shown with the decimals
//! they were written with, percentages as percentages, dates as dates.
//!
//! The bytes are the same on every build: the workbook's creation date is fixed (1980-01-01,
//! the date the zip entries carry too) instead of the clock's, and nothing else in the file
//! depends on when or where it was written.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

use super::data::{Column, Kind, Table};
use super::value::{Date, Value};

/// Rows, columns and characters in a cell of a worksheet in Excel's format.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;
const MAX_CELL_CHARS: usize = 32_767;

/// Whether `table` fits one worksheet with its header row: one that does not (too many rows or
/// columns, a cell longer than a cell may be) gets no XLSX download and no link to one, only
/// CSV and JSON.
pub fn fits(table: &Table) -> bool {
    let too_long =
        |text: &str| text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS;
    table.rows.len() < MAX_ROWS
        && table.columns.len() <= MAX_COLUMNS
        && !(table.columns.iter()).any(|c| too_long(&header(c)))
        && !(table.rows.iter().flatten()).any(|v| matches!(v, Value::Text(t) if too_long(t)))
}

/// The workbook of `table`, or why it could not be written (a table too large for a sheet).
pub fn to_xlsx(table: &Table) -> Result<Vec<u8>, String> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(1980, 1, 1).map_err(|e| e.to_string())?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = workbook.add_worksheet();
    sheet
        .set_name(sheet_name(&table.name))
        .map_err(|e| e.to_string())?;
    write_sheet(sheet, table).map_err(|e| e.to_string())?;
    workbook.save_to_buffer().map_err(|e| e.to_string())
}

fn write_sheet(sheet: &mut Worksheet, table: &Table) -> Result<(), rust_xlsxwriter::XlsxError> {
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    for (c, column) in table.columns.iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, header(column), &bold)?;
        sheet.set_column_width(col, width(column, table, c))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, row) in table.rows.iter().enumerate() {
        let at = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, (column, cell)) in table.columns.iter().zip(row).enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            write_cell(sheet, at, col, column.kind, cell)?;
        }
    }
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    kind: Kind,
    cell: &Value,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match cell {
        Value::Empty => {}
        Value::Number(n, _) => {
            sheet.write_number_with_format(row, col, n.value, &number_format(n.decimals))?;
        }
        Value::Percent(n) => {
            let format = Format::new().set_num_format(format!("0{}%", decimals(n.decimals)));
            sheet.write_number_with_format(row, col, n.value / 100.0, &format)?;
        }
        Value::Date(date) => write_date(sheet, row, col, *date)?,
        Value::Text(text) if kind == Kind::Text || !text.is_empty() => {
            sheet.write_string(row, col, text)?;
        }
        Value::Text(_) => {}
    }
    Ok(())
}

/// A day or a month as an Excel date (a month shown `2025年3月`); a year alone as the number.
fn write_date(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    date: Date,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let year = u16::try_from(date.year).unwrap_or(1900);
    match (date.month, date.day) {
        (Some(month), day) => {
            let shown = if day.is_some() {
                "yyyy-mm-dd"
            } else {
                "yyyy\"年\"m\"月\""
            };
            let at = ExcelDateTime::from_ymd(year, month, day.unwrap_or(1))?;
            sheet.write_datetime_with_format(
                row,
                col,
                &at,
                &Format::new().set_num_format(shown),
            )?;
        }
        (None, _) => {
            sheet.write_number_with_format(
                row,
                col,
                f64::from(date.year),
                &Format::new().set_num_format("0"),
            )?;
        }
    }
    Ok(())
}

fn number_format(places: u8) -> Format {
    Format::new().set_num_format(format!("#,##0{}", decimals(places)))
}

fn decimals(places: u8) -> String {
    if places == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(usize::from(places)))
    }
}

/// The header a spreadsheet shows: `收入（万元）`; a percentage column's cells carry their `%`.
fn header(column: &Column) -> String {
    if column.unit.is_empty() || column.kind == Kind::Percent {
        column.name.clone()
    } else {
        format!("{}（{}）", column.name, column.unit)
    }
}

/// A column wide enough for its header and its longest cell (a CJK character counts two).
fn width(column: &Column, table: &Table, c: usize) -> f64 {
    let text_width =
        |s: &str| -> usize { s.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum() };
    let longest = (table.rows.iter())
        .map(|row| text_width(&super::data::display(&row[c])))
        .chain([text_width(&header(column))])
        .max()
        .unwrap_or(8);
    (longest.clamp(6, 60) + 2) as f64
}

/// A sheet name Excel accepts: the sheet's or the file's name, without `[]:*?/\`, at most 31
/// characters.
fn sheet_name(name: &str) -> String {
    let base = match name.split_once('#') {
        Some((_, sheet)) => sheet,
        None => {
            let file = name.rsplit('/').next().unwrap_or(name);
            file.rsplit_once('.').map_or(file, |(stem, _)| stem)
        }
    };
    let clean: String = (base.chars())
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    if clean.is_empty() {
        "数据".to_string()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        super::super::data::read(
            "data/t.csv",
            "村,收入（万元）,覆盖率,月份\n桃源村,\"1,250.50\",12.5%,2025年3月\n石门村,-,8%,2025年4月\n"
                .as_bytes(),
        )
        .expect("reads")
        .remove(0)
    }

    #[test]
    fn the_same_table_gives_the_same_bytes() {
        let first = to_xlsx(&table()).expect("writes");
        assert_eq!(first, to_xlsx(&table()).expect("writes"));
        assert_eq!(&first[..2], b"PK");
    }

    #[test]
    fn the_workbook_reads_back_with_our_own_reader() {
        let bytes = to_xlsx(&table()).expect("writes");
        let back = super::super::data::read("data/t.xlsx", &bytes).expect("reads back");
        let back = &back[0];
        assert_eq!(back.columns[1].unit, "万元");
        assert_eq!(back.columns[2].kind, Kind::Percent);
        // The number is the same; our reader does not take the decimals from the format.
        assert_eq!(super::super::data::machine(&back.rows[0][1]), "1250.5");
        assert_eq!(super::super::data::machine(&back.rows[0][2]), "12.5");
        assert_eq!(super::super::data::machine(&back.rows[1][3]), "2025-04");
        assert_eq!(back.rows[1][1], Value::Empty);
    }

    #[test]
    fn sheet_names_are_ones_excel_accepts() {
        assert_eq!(sheet_name("data/income.csv"), "income");
        assert_eq!(sheet_name("data/报表.xlsx#收入"), "收入");
        assert_eq!(sheet_name("metrics"), "metrics");
        assert_eq!(sheet_name("data/a[1]:b.csv"), "a1b");
        assert_eq!(
            sheet_name(&format!("data/{}.csv", "长".repeat(40)))
                .chars()
                .count(),
            31
        );
    }
}
