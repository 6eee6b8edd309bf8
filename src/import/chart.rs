//! A chart in a .docx (插入 → 图表, `word/charts/chartN.xml`) read back as the figures it
//! draws. Word keeps a copy of every value the chart shows (the caches beside each series'
//! reference into its embedded workbook); those become a table where the chart stood, so the
//! figures reach the page even though the drawing does not.

use roxmltree::Node;

use super::blocks::{Cell, Inline, Marks, Row, Table};
use super::xml::{A, C};

/// The titles Word and WPS put on a new chart.
const DEFAULT_TITLES: &[&str] = &["图表标题", "Chart Title", "圖表標題"];

/// More points than any chart a reader could read; a larger index is a damaged file.
const MAX_POINTS: usize = 10_000;

/// What a chart shows.
#[derive(Debug, Default, PartialEq)]
pub struct ChartData {
    /// The chart's title, when it has one.
    pub title: Option<String>,
    /// Category labels (the x axis, or a pie's slices).
    pub categories: Vec<String>,
    /// Each series: its name and one value per category (empty where it has none).
    pub series: Vec<(String, Vec<String>)>,
}

/// Reads a chart part's XML; `None` when it holds no series with cached values.
pub fn read(xml: &str) -> Option<ChartData> {
    let doc = roxmltree::Document::parse(xml).ok()?;
    let chart = doc.descendants().find(|n| n.has_tag_name((C, "chart")))?;
    let title = chart
        .children()
        .find(|n| n.has_tag_name((C, "title")))
        .map(|t| {
            t.descendants()
                .filter(|n| n.has_tag_name((A, "t")))
                .filter_map(|n| n.text())
                .collect::<String>()
        })
        // Word and WPS fill a new chart's title with 图表标题 / Chart Title: not a title
        // anyone wrote, and not to be published as one.
        .filter(|t| !t.trim().is_empty() && !DEFAULT_TITLES.contains(&t.trim()));
    let mut data = ChartData {
        title,
        ..ChartData::default()
    };
    for ser in chart.descendants().filter(|n| n.has_tag_name((C, "ser"))) {
        let name = ser
            .children()
            .find(|n| n.has_tag_name((C, "tx")))
            .map(|tx| {
                tx.descendants()
                    .filter(|n| n.has_tag_name((C, "v")))
                    .filter_map(|n| n.text())
                    .collect::<String>()
            })
            .unwrap_or_default();
        let values = child_points(ser, &["val", "yVal"]);
        if values.is_empty() {
            continue;
        }
        if data.categories.is_empty() {
            data.categories = child_points(ser, &["cat", "xVal"]);
        }
        data.series.push((name, values));
    }
    if data.series.is_empty() {
        return None;
    }
    let rows = data
        .series
        .iter()
        .map(|(_, v)| v.len())
        .max()
        .unwrap_or(0)
        .max(data.categories.len());
    data.categories.resize(rows, String::new());
    for (n, (name, values)) in data.series.iter_mut().enumerate() {
        values.resize(rows, String::new());
        if name.trim().is_empty() {
            *name = format!("系列{}", n + 1);
        }
    }
    Some(data)
}

/// The cached points under the first of `names` the series has, placed by their `idx`.
fn child_points(ser: Node, names: &[&str]) -> Vec<String> {
    let Some(holder) = names
        .iter()
        .find_map(|name| ser.children().find(|n| n.has_tag_name((C, *name))))
    else {
        return Vec::new();
    };
    // A multi-level category axis lists its innermost level first.
    let cache = holder.descendants().find(|n| {
        n.has_tag_name((C, "strCache"))
            || n.has_tag_name((C, "numCache"))
            || n.has_tag_name((C, "lvl"))
            || n.has_tag_name((C, "strLit"))
            || n.has_tag_name((C, "numLit"))
    });
    let Some(cache) = cache else {
        return Vec::new();
    };
    let count = cache
        .children()
        .find(|n| n.has_tag_name((C, "ptCount")))
        .and_then(|n| n.attribute("val"))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let format = cache
        .children()
        .find(|n| n.has_tag_name((C, "formatCode")))
        .and_then(|n| n.text())
        .unwrap_or("General");
    let numeric = cache.has_tag_name((C, "numCache")) || cache.has_tag_name((C, "numLit"));
    let mut points: Vec<String> = Vec::new();
    for pt in cache.children().filter(|n| n.has_tag_name((C, "pt"))) {
        let Some(idx) = pt.attribute("idx").and_then(|i| i.parse::<usize>().ok()) else {
            continue;
        };
        if idx >= MAX_POINTS {
            continue;
        }
        let value = pt
            .children()
            .find(|n| n.has_tag_name((C, "v")))
            .and_then(|v| v.text())
            .unwrap_or("")
            .trim();
        let value = if numeric {
            shown_number(value, format)
        } else {
            value.to_string()
        };
        if points.len() <= idx {
            points.resize(idx + 1, String::new());
        }
        points[idx] = value;
    }
    if points.len() < count {
        points.resize(count.min(MAX_POINTS), String::new());
    }
    points
}

/// A cached number as the chart shows it: at most 15 significant digits (the cache keeps the
/// binary double, `4.4000000000000004`), and a percentage format (`0%`, `0.0%`) applied.
fn shown_number(raw: &str, format: &str) -> String {
    let Ok(mut value) = raw.parse::<f64>() else {
        return raw.to_string();
    };
    let percent = format.contains('%');
    if percent {
        value *= 100.0;
    }
    let magnitude = if value == 0.0 {
        0
    } else {
        value.abs().log10().floor() as i32
    };
    let decimals = usize::try_from(14 - magnitude).unwrap_or(0).min(20);
    let mut shown = format!("{value:.decimals$}");
    if shown.contains('.') {
        shown = shown
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string();
    }
    if shown == "-0" {
        shown = "0".to_string();
    }
    if percent {
        shown.push('%');
    }
    shown
}

/// The chart as a table: a header row (项目 and the series names), one row per category.
pub fn table(data: &ChartData) -> Table {
    let cell = |text: &str| Cell {
        lines: vec![vec![Inline::Text(text.to_string(), Marks::default())]],
        colspan: 1,
        rowspan: 1,
    };
    let mut rows = vec![Row {
        header: true,
        cells: std::iter::once(cell("项目"))
            .chain(data.series.iter().map(|(name, _)| cell(name)))
            .collect(),
    }];
    for (i, category) in data.categories.iter().enumerate() {
        rows.push(Row {
            header: false,
            cells: std::iter::once(cell(category))
                .chain(
                    data.series
                        .iter()
                        .map(|(_, v)| cell(v.get(i).map_or("", String::as_str))),
                )
                .collect(),
        });
    }
    Table { rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_chart_reads_back_as_its_figures() {
        let xml = r#"<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart>
          <c:title><c:tx><c:rich><a:p><a:r><a:t>收入</a:t></a:r><a:r><a:t>（万元）</a:t></a:r></a:p></c:rich></c:tx></c:title>
          <c:plotArea><c:barChart>
            <c:ser><c:tx><c:strRef><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>2026年</c:v></c:pt></c:strCache></c:strRef></c:tx>
              <c:cat><c:strRef><c:strCache><c:ptCount val="2"/><c:pt idx="0"><c:v>石门村</c:v></c:pt><c:pt idx="1"><c:v>龙潭村</c:v></c:pt></c:strCache></c:strRef></c:cat>
              <c:val><c:numRef><c:numCache><c:ptCount val="2"/><c:pt idx="1"><c:v>15.2</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser>
          </c:barChart></c:plotArea></c:chart></c:chartSpace>"#;
        let data = read(xml).expect("chart");
        assert_eq!(data.title.as_deref(), Some("收入（万元）"));
        assert_eq!(data.categories, ["石门村", "龙潭村"]);
        assert_eq!(
            data.series,
            [(
                "2026年".to_string(),
                vec![String::new(), "15.2".to_string()]
            )]
        );
        assert_eq!(table(&data).rows.len(), 3);
        assert_eq!(
            read(
                "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart/></c:chartSpace>"
            ),
            None
        );
    }
}
