//! The built-in 工作成效 pages, drawn from the reports' gathered `metrics` dataset: `/results/`
//! with a chart and a table per figure over all reports, and one page per village and per work
//! team (`/results/villages/桃源村/`, `/results/teams/…/`) with the 指标卡 of its latest report and
//! the same table. Every figure is drawn by `figures` from a block written here, exactly as an
//! author's ```` ```chart ```` would be, and every table row links to the report that states it.

use std::fmt::Write as _;

use crate::content::Site;
use crate::content::urls::href;
use crate::figures::{self, Table, data};
use crate::markup::escape_xml;

/// Which reports a results page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Village(String),
    Team(String),
}

/// A results page: where it goes and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsPage {
    pub path: String,
    pub scope: Scope,
}

/// The metrics dataset's columns this module reads.
const VILLAGE: &str = "村";
const TEAM: &str = "工作队";
const FIGURE: &str = "指标";
const UNIT: &str = "单位";

/// The results pages of `site`: none when no report states a figure.
pub fn pages(site: &Site) -> Vec<ResultsPage> {
    let Some(table) = metrics(site) else {
        return Vec::new();
    };
    let mut out = vec![ResultsPage {
        path: "/results/".to_string(),
        scope: Scope::All,
    }];
    for (column, folder) in [(VILLAGE, "villages"), (TEAM, "teams")] {
        for name in distinct(table, column) {
            // A report on several villages (`桃源村、石门村`) is shown on the page of all.
            if name.contains('、') {
                continue;
            }
            let scope = if column == VILLAGE {
                Scope::Village(name.clone())
            } else {
                Scope::Team(name.clone())
            };
            out.push(ResultsPage {
                path: format!("/results/{folder}/{name}/"),
                scope,
            });
        }
    }
    out
}

fn metrics(site: &Site) -> Option<&Table> {
    site.data.get(crate::content::METRICS_DATASET)
}

/// The values of `column`, each once, in the order the dataset first gives them.
fn distinct(table: &Table, column: &str) -> Vec<String> {
    let Some(c) = table.column(column) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for row in &table.rows {
        let value = data::display(&row[c]);
        if !value.is_empty() && !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// The page's figures as HTML: per figure a heading, a card (a village's or team's page) or a
/// chart (the page of all), and the table of the reports stating it.
pub fn body(site: &Site, page: &ResultsPage) -> String {
    let Some(table) = metrics(site) else {
        return String::new();
    };
    let (filter, column) = match &page.scope {
        Scope::All => (String::new(), ""),
        Scope::Village(name) => (format!("; {VILLAGE} = {name}"), VILLAGE),
        Scope::Team(name) => (format!("; {TEAM} = {name}"), TEAM),
    };
    let link = |path: &str| href(&site.config.base_path, path, None);
    let mut out = String::new();
    for (n, figure) in distinct(table, FIGURE).iter().enumerate() {
        let rows = (table.rows.iter()).filter(|row| {
            in_scope(table, row, column, &page.scope) && cell(table, row, FIGURE) == *figure
        });
        let rows: Vec<_> = rows.collect();
        let Some(first) = rows.first() else { continue };
        let unit = cell(table, first, UNIT);
        let years = distinct_years(table, &rows);
        let condition = format!("{FIGURE} = {figure}{filter}");
        let chart = match (&page.scope, years) {
            (Scope::All, 2..) => format!(
                "x: 年份\nby: 村\nwhere: {condition}\nsort: 年份\nseries: 数值\nunit: {unit}\ntitle: 各村历年{figure}"
            ),
            (Scope::All, _) => {
                format!(
                    "x: 村\nwhere: {condition}\nseries: 数值\nunit: {unit}\ntitle: 各村{figure}"
                )
            }
            _ => format!(
                "x: 日期\nwhere: {condition}\nsort: 日期\nseries: 数值\nunit: {unit}\ntitle: 最近一期报告中的{figure}"
            ),
        };
        let kind = match (&page.scope, years) {
            (Scope::All, 2..) => "line",
            (Scope::All, _) => "bar",
            _ => "card",
        };
        let _ = write!(
            out,
            "<section class=\"results-figure\"><h2>{}</h2>",
            escape_xml(figure)
        );
        let id = format!("r{n}");
        let info = format!("chart {kind} {}", crate::content::METRICS_DATASET);
        // A figure the chart cannot show (two reports for one village in one year) keeps its table.
        if let Ok(drawn) = figures::draw(&info, &chart, &site.data, &id, &link) {
            out.push_str(&drawn.html);
        }
        let listing = format!(
            "where: {condition}\ncolumns: 日期, 村, 数值, 单位, 报告\nlink: 报告 = 网址\nsort: 日期 desc\ncaption: 各期报告中的{figure}"
        );
        let info = format!("table {}", crate::content::METRICS_DATASET);
        if let Ok(drawn) = figures::draw(&info, &listing, &site.data, &id, &link) {
            out.push_str(&drawn.html);
        }
        out.push_str("</section>\n");
    }
    out
}

fn cell(table: &Table, row: &[figures::Value], column: &str) -> String {
    table
        .column(column)
        .map(|c| data::display(&row[c]))
        .unwrap_or_default()
}

fn in_scope(table: &Table, row: &[figures::Value], column: &str, scope: &Scope) -> bool {
    match scope {
        Scope::All => true,
        Scope::Village(name) | Scope::Team(name) => cell(table, row, column) == *name,
    }
}

fn distinct_years(table: &Table, rows: &[&Vec<figures::Value>]) -> usize {
    let mut years: Vec<String> = rows.iter().map(|r| cell(table, r, "年份")).collect();
    years.sort();
    years.dedup();
    years.len()
}

/// The newest report's figures, for the home page: the report, its date and every figure it
/// states, in its written order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Latest {
    pub title: String,
    /// The report's href (with the base path), as the metrics dataset holds it.
    pub url: String,
    /// `2024-12-18`, or empty for an undated report.
    pub date: String,
    /// `2024年12月18日`, or empty.
    pub date_zh: String,
    /// (figure, number as shown, unit).
    pub figures: Vec<(String, String, String)>,
}

/// The figures of the newest report stating any (the latest date; of reports on one date, the
/// first in source order), or `None` when no report states a figure.
pub fn latest(site: &Site) -> Option<Latest> {
    let table = metrics(site)?;
    let date = table.column("日期")?;
    let url = table.column("网址")?;
    let newest = (table.rows.iter())
        .map(|row| (data::machine(&row[date]), &row[url]))
        .fold(
            None::<(String, &figures::Value)>,
            |best, (d, u)| match best {
                Some((ref b, _)) if *b >= d => best,
                _ => Some((d, u)),
            },
        )?;
    let rows: Vec<_> = (table.rows.iter())
        .filter(|row| row[url] == *newest.1)
        .collect();
    let first = rows.first()?;
    Some(Latest {
        title: cell(table, first, "报告"),
        url: data::display(&first[url]),
        date: newest.0,
        date_zh: data::display(&first[date]),
        figures: rows
            .iter()
            .map(|row| {
                (
                    cell(table, row, FIGURE),
                    cell(table, row, "数值"),
                    cell(table, row, UNIT),
                )
            })
            .collect(),
    })
}
