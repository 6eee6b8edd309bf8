//! A ```` ```table ```` block as an accessible HTML table: a caption, column headers with their
//! units, the first text column as row headers, numbers right-aligned with thousands separators,
//! and an optional total row.

use std::fmt::Write as _;

use super::block::{self, Block};
use super::data::{self, Kind, Table};
use super::value::{self, Value};
use crate::i18n::Text;
use crate::markup::escape_xml;

/// The table `block` asks for, with its plain text for search.
pub fn render(table: &Table, block: &Block) -> Result<(String, String), Text> {
    let columns: Vec<usize> = match block.option("columns") {
        Some(names) => (block::list(names).iter())
            .map(|n| block::column(table, n))
            .collect::<Result<_, _>>()?,
        None => (0..table.columns.len()).collect(),
    };
    let mut rows = block::filter_rows(table, block.option("where"))?;
    block::sort_rows(table, &mut rows, block.option("sort"))?;
    let totals = totals(table, &columns, &rows, block.option("totals"))?;
    let link = links(table, block.option("link"))?;
    // Without a caption of its own, a table takes the title written above the sheet's header.
    let caption = (block.option("caption"))
        .or(table.title.as_deref())
        .unwrap_or_default();
    let row_header = columns
        .first()
        .filter(|&&c| table.columns[c].kind != Kind::Number);
    // The wrapper scrolls sideways on a narrow screen: focusable and named, so a keyboard can
    // scroll it too (WCAG 2.1.1).
    let label = if caption.is_empty() {
        "数据表"
    } else {
        caption
    };
    let mut html = format!(
        "<div class=\"figure-table\" role=\"region\" tabindex=\"0\" aria-label=\"{}\"><table>",
        escape_xml(label)
    );
    let mut plain = String::new();
    if !caption.is_empty() {
        let _ = write!(html, "<caption>{}</caption>", escape_xml(caption));
        plain.push_str(caption);
        plain.push('\n');
    }
    html.push_str("<thead><tr>");
    for &c in &columns {
        let _ = write!(
            html,
            "<th scope=\"col\"{}>{}</th>",
            num_class(table, c),
            header(table, c)
        );
        plain.push_str(&table.columns[c].header);
        plain.push(' ');
    }
    html.push_str("</tr></thead><tbody>");
    for &r in &rows {
        html.push_str("<tr>");
        plain.push('\n');
        for &c in &columns {
            let mut shown = escape_xml(&data::display(&table.rows[r][c]));
            plain.push_str(&shown);
            plain.push(' ');
            if let Some((from, to)) = link
                && from == c
                && let Some(href) = safe_href(&data::display(&table.rows[r][to]))
            {
                shown = format!("<a href=\"{}\">{shown}</a>", escape_xml(&href));
            }
            if Some(&c) == row_header {
                let _ = write!(html, "<th scope=\"row\">{shown}</th>");
            } else {
                let _ = write!(html, "<td{}>{shown}</td>", num_class(table, c));
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody>");
    if let Some(totals) = totals {
        html.push_str("<tfoot><tr>");
        for (i, (&c, sum)) in columns.iter().zip(&totals).enumerate() {
            let shown = match sum {
                Some(n) => value::format_number(*n),
                None if i == 0 => "合计".to_string(),
                None => String::new(),
            };
            if i == 0 {
                let _ = write!(
                    html,
                    "<th scope=\"row\"{}>{shown}</th>",
                    num_class(table, c)
                );
            } else {
                let _ = write!(html, "<td{}>{shown}</td>", num_class(table, c));
            }
        }
        html.push_str("</tr></tfoot>");
    }
    html.push_str("</table></div>\n");
    for note in &table.notes {
        let _ = writeln!(html, "<p><small>{}</small></p>", escape_xml(note));
    }
    Ok((html, plain.trim_end().to_string()))
}

/// `link: 报告 = 网址`: the cells of the first column link to the address in the second.
fn links(table: &Table, option: Option<&str>) -> Result<Option<(usize, usize)>, Text> {
    let Some(option) = option else {
        return Ok(None);
    };
    let Some((from, to)) = option.split_once(['=', '＝']) else {
        return Err(text!(
            "link 要写成“显示的列 = 网址列”，这里是“{option}”",
            "`link` takes `shown column = address column`, not `{option}`"
        ));
    };
    Ok(Some((
        block::column(table, from)?,
        block::column(table, to)?,
    )))
}

/// An address from a data file, if it is one a page may link to: a path of this site or an
/// `http(s)` address, never `javascript:` or `data:`.
fn safe_href(address: &str) -> Option<String> {
    let address = address.trim();
    let lower = address.to_ascii_lowercase();
    let ok = (address.starts_with('/') && !address.starts_with("//"))
        || lower.starts_with("https://")
        || lower.starts_with("http://");
    ok.then(|| address.to_string())
}

/// A column header with its unit in brackets: `收入<span class="unit">（万元）</span>`.
pub fn header(table: &Table, c: usize) -> String {
    let column = &table.columns[c];
    if column.unit.is_empty() {
        escape_xml(&column.name)
    } else {
        format!(
            "{}<span class=\"unit\">（{}）</span>",
            escape_xml(&column.name),
            escape_xml(&column.unit)
        )
    }
}

fn num_class(table: &Table, c: usize) -> &'static str {
    match table.columns[c].kind {
        Kind::Number | Kind::Percent => " class=\"num\"",
        Kind::Date => " class=\"date\"",
        Kind::Text => "",
    }
}

/// `totals: true` (every number column) or `totals: 收入, 户数`: each column's sum or `None`.
fn totals(
    table: &Table,
    columns: &[usize],
    rows: &[usize],
    option: Option<&str>,
) -> Result<Option<Vec<Option<value::Number>>>, Text> {
    let wanted: Vec<usize> = match option {
        None | Some("false" | "否") => return Ok(None),
        Some("true" | "是") => columns.to_vec(),
        Some(names) => {
            let wanted = (block::list(names).iter())
                .map(|n| block::column(table, n))
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(&c) = wanted
                .iter()
                .find(|c| table.columns[**c].kind != Kind::Number)
            {
                let name = &table.columns[c].name;
                return Err(text!(
                    "“{name}”列不是数字，不能合计",
                    "the column `{name}` does not hold numbers and cannot be totalled"
                ));
            }
            wanted
        }
    };
    Ok(Some(
        (columns.iter())
            .map(|c| {
                wanted
                    .contains(c)
                    .then(|| block::total(table, rows, *c))
                    .flatten()
            })
            .collect(),
    ))
}

/// A cell for a data table under a chart: numbers formatted, the rest as written.
pub fn cell(value: &Value) -> String {
    escape_xml(&data::display(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(csv: &str, body: &str) -> Result<String, Text> {
        let table = data::read("data/t.csv", csv.as_bytes())
            .expect("reads")
            .remove(0);
        let block = block::parse("table data/t.csv", body).expect("parses");
        render(&table, &block).map(|(html, _)| html)
    }

    #[test]
    fn caption_units_row_headers_and_totals() {
        let html = rendered(
            "村,收入（万元）,覆盖率\n乙,\"1,200\",5%\n甲<b>,980.5,7%\n",
            "caption: 各村收入\nsort: 收入 asc\ntotals: 收入",
        )
        .expect("renders");
        assert_eq!(
            html,
            "<div class=\"figure-table\" role=\"region\" tabindex=\"0\" aria-label=\"各村收入\"><table><caption>各村收入</caption><thead><tr><th scope=\"col\">村</th><th scope=\"col\" class=\"num\">收入<span class=\"unit\">（万元）</span></th><th scope=\"col\" class=\"num\">覆盖率<span class=\"unit\">（%）</span></th></tr></thead><tbody><tr><th scope=\"row\">甲&lt;b&gt;</th><td class=\"num\">980.5</td><td class=\"num\">7%</td></tr><tr><th scope=\"row\">乙</th><td class=\"num\">1,200</td><td class=\"num\">5%</td></tr></tbody><tfoot><tr><th scope=\"row\">合计</th><td class=\"num\">2,180.5</td><td class=\"num\"></td></tr></tfoot></table></div>\n"
        );
    }

    #[test]
    fn links_go_only_to_site_paths_and_web_addresses() {
        let csv = "报告,网址\n甲,/reports/%E7%94%B2/\n乙,javascript:alert(1)\n丙,https://example.gov.cn/?a=1&b=2\n";
        let html = rendered(csv, "columns: 报告\nlink: 报告 = 网址").expect("renders");
        assert!(
            html.contains("<th scope=\"row\"><a href=\"/reports/%E7%94%B2/\">甲</a></th>"),
            "{html}"
        );
        assert!(
            html.contains("<th scope=\"row\">乙</th>") && !html.contains("javascript"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://example.gov.cn/?a=1&amp;b=2\">丙</a>"),
            "{html}"
        );
    }

    #[test]
    fn columns_pick_and_order() {
        let html = rendered("村,收入\n甲,1\n", "columns: 收入, 村").expect("renders");
        assert!(
            html.contains("<td class=\"num\">1</td><td>甲</td>"),
            "{html}"
        );
        assert!(rendered("村,收入\n甲,1\n", "totals: 村").is_err());
    }
}
