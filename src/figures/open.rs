//! Open data (数据开放): every data file and the gathered metrics published as CSV (UTF-8 with a
//! byte-order mark, so Excel on a Chinese Windows opens it as UTF-8), XLSX ([`super::xlsx`])
//! and JSON, under `/data/`, with plain machine values (`1250.5`, `12.5`, `2025-03`) and units in
//! the headers; and the catalogue of them all (the `/data/` page and `/data/catalogue.json`),
//! with what the site says of each (title, description, licence: `site.yaml`'s `data:`, which
//! the caller looks up, so this module knows nothing of the configuration).

use std::fmt::Write as _;

use super::DataFiles;
use super::data::{self, Kind, Table};
use super::value::Value;
use crate::diagnostics::Diagnostic;

/// The download formats of every dataset, as (extension, name shown, media type).
pub const FORMATS: [(&str, &str, &str); 3] = [
    ("csv", "CSV", "text/csv"),
    (
        "xlsx",
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("json", "JSON", "application/json"),
];

/// The download formats of `table`, one of `data`'s: all of [`FORMATS`], without XLSX when the
/// table does not fit a worksheet ([`DataFiles::has_xlsx`]).
pub fn formats(
    data: &DataFiles,
    table: &Table,
) -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    with_xlsx(data.has_xlsx(&table.name))
}

fn with_xlsx(
    xlsx: bool,
) -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    FORMATS
        .iter()
        .filter(move |(ext, _, _)| xlsx || *ext != "xlsx")
}

/// Where a table's downloads are published, without the extension: `data/income.csv` →
/// `/data/income`, the sheet `data/报表.xlsx#收入` → `/data/报表-收入`, `metrics` → `/data/metrics`.
pub fn download_path(name: &str) -> String {
    let (file, sheet) = match name.split_once('#') {
        Some((file, sheet)) => (file, Some(sheet)),
        None => (name, None),
    };
    let file = file.strip_prefix("data/").unwrap_or(file);
    let stem = match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file,
    };
    match sheet {
        Some(sheet) => format!("/data/{stem}-{sheet}"),
        None => format!("/data/{stem}"),
    }
}

/// Two tables that would be published at the same address (`income.csv` and `income.xlsx`).
pub fn collisions(data: &DataFiles) -> Vec<Diagnostic> {
    let mut seen: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for table in data.tables() {
        let path = download_path(&table.name);
        if let Some(first) = seen.insert(path.clone(), &table.name) {
            let second = &table.name;
            out.push(
                Diagnostic::error(
                    second.split('#').next().unwrap_or(second),
                    "data-name",
                    text!(
                        "“{first}”和“{second}”都会发布为 {path}.csv",
                        "`{first}` and `{second}` would both be published as {path}.csv"
                    ),
                )
                .with_hint(text!("给其中一个文件换个名字", "rename one of the files")),
            );
        }
    }
    out
}

/// Every download: (site path without the leading `/`, bytes), in name order. A table too
/// large for a worksheet (over 1,048,575 rows) has no XLSX.
pub fn files(data: &DataFiles) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for table in data.tables() {
        let path = download_path(&table.name);
        let path = path.trim_start_matches('/');
        for (ext, _, _) in formats(data, table) {
            let bytes = match *ext {
                "csv" => to_csv(table),
                // A table that fits a sheet is written; were it not, its link would lead nowhere
                // rather than the build failing over one of three formats.
                "xlsx" => match super::xlsx::to_xlsx(table) {
                    Ok(bytes) => bytes,
                    Err(_) => continue,
                },
                _ => to_json(table).into_bytes(),
            };
            out.push((format!("{path}.{ext}"), bytes));
        }
    }
    out
}

/// A column's header for machines and spreadsheets: `收入（万元）`, or the name alone.
fn header(column: &data::Column) -> String {
    if column.unit.is_empty() {
        column.name.clone()
    } else {
        format!("{}（{}）", column.name, column.unit)
    }
}

/// The table as CSV: a byte-order mark, CRLF line ends as Excel writes them, and every cell
/// quoted when it holds a comma, a quote or a line break.
pub fn to_csv(table: &Table) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| {
        let cells: Vec<String> = cells.iter().map(|c| quote(c)).collect();
        cells.join(",") + "\r\n"
    };
    out.push_str(&line(table.columns.iter().map(header).collect()));
    for row in &table.rows {
        out.push_str(&line(row.iter().map(data::machine).collect()));
    }
    out.into_bytes()
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ') {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// The table as JSON: its name, its fields (name, unit, type) and its rows as objects keyed by
/// field name; numbers and percentages are JSON numbers, dates ISO 8601 text, empty cells null.
pub fn to_json(table: &Table) -> String {
    let fields: Vec<serde_json::Value> = (table.columns.iter())
        .map(|c| serde_json::json!({ "name": c.name, "unit": c.unit, "type": c.kind.name() }))
        .collect();
    let rows: Vec<serde_json::Value> = (table.rows.iter())
        .map(|row| {
            let mut object = serde_json::Map::new();
            for (column, cell) in table.columns.iter().zip(row) {
                object.insert(column.name.clone(), json_value(column.kind, cell));
            }
            serde_json::Value::Object(object)
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&serde_json::json!({
        "name": table.name,
        "fields": fields,
        "rows": rows,
    }))
    .unwrap_or_default();
    let _ = writeln!(out);
    out
}

fn json_value(kind: Kind, cell: &Value) -> serde_json::Value {
    match (kind, data::number(cell)) {
        (_, Some(n)) => data::machine(cell)
            .parse::<serde_json::Number>()
            .map(serde_json::Value::Number)
            .unwrap_or_else(|_| serde_json::json!(n.value)),
        _ if *cell == Value::Empty => serde_json::Value::Null,
        _ => serde_json::Value::String(data::machine(cell)),
    }
}

/// One dataset of the `/data/` catalogue page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The site-relative name: `data/income.csv`, `data/报表.xlsx#收入`, `metrics`.
    pub name: String,
    /// `site.yaml`'s title for it, else the sheet's title row, else empty.
    pub title: String,
    /// `site.yaml`'s description of it, or empty.
    pub description: String,
    /// Its licence (its own in `site.yaml`, else the site's), or empty when none is set.
    pub licence: String,
    /// Where the downloads are, without the extension (`/data/income`).
    pub download: String,
    pub rows: usize,
    /// Whether it is published as XLSX too (it fits one worksheet).
    pub xlsx: bool,
    /// The newest date in the data (ISO `2024-12`, and as shown, `2024年12月`), when any cell
    /// holds a date: a file's bytes carry no trustworthy modification date.
    pub updated: Option<(String, String)>,
    /// (name, unit, kind name) per column, in file order.
    pub fields: Vec<(String, String, &'static str)>,
}

/// What the site says of a dataset beyond its data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct About {
    /// A title to show instead of the sheet's title row.
    pub title: Option<String>,
    pub description: String,
    /// Empty when none is stated.
    pub licence: String,
}

/// Every published dataset, in name order, as the catalogue page lists it; `about` gives what
/// the site says of the dataset named.
pub fn catalogue(data: &DataFiles, about: &dyn Fn(&str) -> About) -> Vec<Entry> {
    data.tables()
        .map(|table| {
            let newest = (table.rows.iter().flatten())
                .filter_map(|value| match value {
                    Value::Date(date) => Some(date),
                    _ => None,
                })
                .max_by_key(|date| date.iso());
            let about = about(&table.name);
            Entry {
                name: table.name.clone(),
                title: (about.title)
                    .or_else(|| table.title.clone())
                    .unwrap_or_default(),
                description: about.description,
                licence: about.licence,
                download: download_path(&table.name),
                rows: table.rows.len(),
                xlsx: data.has_xlsx(&table.name),
                updated: newest.map(|date| (date.iso(), date.zh())),
                fields: (table.columns.iter())
                    .map(|c| (c.name.clone(), c.unit.clone(), c.kind.name()))
                    .collect(),
            }
        })
        .collect()
}

/// Where the machine-readable catalogue is published.
pub const CATALOGUE_JSON: &str = "/data/catalogue.json";

/// The catalogue as JSON for machines (`/data/catalogue.json`), shaped like an open-data
/// catalogue entry: per dataset its identifier, title, description, licence, date, row count,
/// fields and one distribution per format. `url` turns a site path into an address to publish
/// (absolute when the site has a `base_url`).
pub fn catalogue_json(site_title: &str, entries: &[Entry], url: &dyn Fn(&str) -> String) -> String {
    let datasets: Vec<serde_json::Value> = (entries.iter())
        .map(|entry| {
            let distributions: Vec<serde_json::Value> = with_xlsx(entry.xlsx)
                .map(|(ext, format, media)| {
                    serde_json::json!({
                        "format": format,
                        "mediaType": media,
                        "url": url(&format!("{}.{ext}", entry.download)),
                    })
                })
                .collect();
            serde_json::json!({
                "identifier": entry.name,
                "title": entry.title,
                "description": entry.description,
                "license": entry.licence,
                "modified": entry.updated.as_ref().map(|(iso, _)| iso.clone()),
                "rows": entry.rows,
                "fields": (entry.fields.iter())
                    .map(|(name, unit, kind)| serde_json::json!({"name": name, "unit": unit, "type": kind}))
                    .collect::<Vec<_>>(),
                "distributions": distributions,
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&serde_json::json!({
        "title": site_title,
        "datasets": datasets,
    }))
    .unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_dates_a_dataset_by_its_newest_date_and_lists_its_fields_with_units() {
        let (data, problems) = DataFiles::read(vec![
            (
                "data/t.csv".to_string(),
                "月份,收入（万元）\n2025年4月,1\n2025-03-31,2\n2024年12月,3\n"
                    .as_bytes()
                    .to_vec(),
            ),
            (
                "data/无日期.csv".to_string(),
                "村,户数（户）\n桃源村,3\n".as_bytes().to_vec(),
            ),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let entries = catalogue(&data, &|_| About::default());
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].download, "/data/t");
        assert_eq!(entries[0].rows, 3);
        assert_eq!(
            entries[0].updated,
            Some(("2025-04".to_string(), "2025年4月".to_string()))
        );
        assert_eq!(
            entries[0].fields[1],
            ("收入".to_string(), "万元".to_string(), "number")
        );
        assert_eq!(entries[1].updated, None);
        assert_eq!(entries[1].fields[1].1, "户");
    }

    #[test]
    fn a_table_that_does_not_fit_a_worksheet_is_published_and_linked_without_xlsx() {
        // A cell holding a whole pasted document: longer than an Excel cell may be.
        let long = "情况说明".repeat(9_000);
        let csv = format!("村,说明\n桃源村,{long}\n");
        let (data, problems) = DataFiles::read(vec![
            ("data/long.csv".to_string(), csv.into_bytes()),
            (
                "data/short.csv".to_string(),
                "村,户数（户）\n桃源村,3\n".as_bytes().to_vec(),
            ),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<String> = files(&data).into_iter().map(|(name, _)| name).collect();
        assert_eq!(
            names,
            [
                "data/long.csv",
                "data/long.json",
                "data/short.csv",
                "data/short.xlsx",
                "data/short.json"
            ]
        );
        let entries = catalogue(&data, &|_| About::default());
        assert_eq!((entries[0].xlsx, entries[1].xlsx), (false, true));
        let json: serde_json::Value =
            serde_json::from_str(&catalogue_json("站", &entries, &|p| p.to_string()))
                .expect("json");
        let urls = |i: usize| -> Vec<String> {
            (json["datasets"][i]["distributions"]
                .as_array()
                .expect("distributions")
                .iter())
            .map(|d| d["url"].as_str().unwrap_or_default().to_string())
            .collect()
        };
        assert_eq!(urls(0), ["/data/long.csv", "/data/long.json"]);
        assert_eq!(urls(1).len(), 3);
        let table = data.tables().next().expect("a table");
        let exts: Vec<&str> = formats(&data, table).map(|(ext, _, _)| *ext).collect();
        assert_eq!(exts, ["csv", "json"]);
    }

    fn table() -> Table {
        data::read("data/t.csv", "村,收入（万元）,覆盖率,月份\n\"桃源村,东\",\"1,250.50\",12.5%,2025年3月\n石门村,-,8%,2025年4月\n".as_bytes())
            .expect("reads")
            .remove(0)
    }

    #[test]
    fn csv_has_a_bom_units_in_headers_and_plain_numbers() {
        let csv = String::from_utf8(to_csv(&table())).expect("utf-8");
        assert_eq!(
            csv,
            "\u{feff}村,收入（万元）,覆盖率（%）,月份\r\n\"桃源村,东\",1250.50,12.5,2025-03\r\n石门村,,8,2025-04\r\n"
        );
    }

    #[test]
    fn json_keeps_numbers_as_numbers() {
        let json: serde_json::Value = serde_json::from_str(&to_json(&table())).expect("json");
        assert_eq!(
            json["fields"][1],
            serde_json::json!({"name": "收入", "unit": "万元", "type": "number"})
        );
        assert_eq!(json["rows"][0]["收入"], serde_json::json!(1250.50));
        assert_eq!(json["rows"][1]["收入"], serde_json::Value::Null);
        assert_eq!(json["rows"][0]["月份"], "2025-03");
    }

    #[test]
    fn download_names_and_collisions() {
        assert_eq!(download_path("data/income.csv"), "/data/income");
        assert_eq!(download_path("data/报表.xlsx#收入"), "/data/报表-收入");
        assert_eq!(download_path("metrics"), "/data/metrics");
        let (data, _) = DataFiles::read(vec![
            ("data/a.csv".into(), b"x\n1\n".to_vec()),
            ("data/a.json".into(), b"[{\"x\": 1}]".to_vec()),
        ]);
        assert_eq!(collisions(&data)[0].code, "data-name");
    }
}
