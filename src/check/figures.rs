//! Rules about the site's figures and open data:
//!
//! - `metric-conflict`: a report's `metrics:` gives a figure that another report gives
//!   differently for the same village (or villages), year and name, once units are converted
//!   (`1,200,000 元` and `120 万元` agree);
//! - `data-stale`: a data file whose newest date is older than the freshness period of the
//!   columns whose pages draw from it (or its own `update_within` in `site.yaml`);
//! - `data-licence`: a published dataset with no licence (`data.licence` in `site.yaml`);
//! - `data-unknown`: an entry under `data.datasets` in `site.yaml` naming no dataset.
//!
//! A column that mixes units (`data-unit`) and a chart without a title are `build`'s errors:
//! such a figure would be wrong or unnamed, so the build refuses it. Every chart has a
//! description (its `desc:`, else one written from its data), so there is no rule for that.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;

use crate::config::CONFIG_FILE;
use crate::config::check::Freshness;
use crate::content::{METRICS_DATASET, Page, Site};
use crate::diagnostics::Diagnostic;
use crate::figures::Value;

/// Findings about report figures that live in pages (`metric-conflict`), silenced there.
pub(super) fn check_metrics(site: &Site) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(String, i16, String, String), Vec<Stated<'_>>> = BTreeMap::new();
    for page in site.pages.iter().filter(|p| !p.metrics.is_empty()) {
        let (Some(date), false) = (&page.date, page.villages.is_empty()) else {
            continue;
        };
        let mut villages = page.villages.clone();
        villages.sort();
        for metric in &page.metrics {
            let Some(value) = parse_number(&metric.value) else {
                continue;
            };
            let (base, factor) = base_unit(&metric.unit);
            let key = (
                villages.join("、"),
                date.year(),
                metric.name.trim().to_string(),
                base.to_string(),
            );
            groups.entry(key).or_default().push(Stated {
                page,
                line: metric_line(page, &metric.name),
                value: value * factor,
                shown: format!("{} {}", metric.value, metric.unit)
                    .trim()
                    .to_string(),
            });
        }
    }
    let mut found = Vec::new();
    for ((villages, year, name, _), mut stated) in groups {
        stated.sort_by(|a, b| (&a.page.date, &a.page.file).cmp(&(&b.page.date, &b.page.file)));
        let first = &stated[0];
        for later in stated
            .iter()
            .skip(1)
            .filter(|s| !agrees(s.value, first.value))
        {
            found.push(conflict(&villages, year, &name, first, later));
        }
    }
    found
}

/// One report's figure for a metric.
struct Stated<'a> {
    page: &'a Page,
    line: usize,
    /// In the unit's base (元, 米, 亩…).
    value: f64,
    /// As written, with its unit.
    shown: String,
}

fn conflict(villages: &str, year: i16, name: &str, first: &Stated, later: &Stated) -> Diagnostic {
    let (there, there_line) = (first.page.file.display().to_string(), first.line);
    let (here, there_shown) = (&later.shown, &first.shown);
    Diagnostic::warning(
        &later.page.file,
        "metric-conflict",
        text!(
            "{villages}{year}年的“{name}”这里是 {here}，而 {there}:{there_line} 写的是 {there_shown}",
            "`{name}` of {villages} in {year} is {here} here, but {there}:{there_line} says {there_shown}"
        ),
    )
    .at(later.line, 1)
    .with_hint(text!(
        "核对两份报告，改正错的一处；如果两者本来就是不同时段的数（如上半年和全年），在指标名里写明时段（如“上半年集体经济收入”）",
        "check both reports and correct the wrong one; if they count different periods (half-year and year), say so in the name (`上半年集体经济收入`)"
    ))
}

/// The line of `metrics.<name>` in the page's front matter, else of `metrics:`.
fn metric_line(page: &Page, name: &str) -> usize {
    (page.key_lines.get(&format!("metrics.{name}")).copied())
        .unwrap_or_else(|| page.line_of("metrics"))
}

fn agrees(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// `1,500` or `-3.5` as a number.
fn parse_number(written: &str) -> Option<f64> {
    written.replace(',', "").parse().ok()
}

/// A unit's base unit and how many of the base one of it makes: `万元` → (`元`, 10,000). A
/// unit with no known base is its own.
pub(crate) fn base_unit(unit: &str) -> (&str, f64) {
    let unit = unit.trim();
    match unit {
        "元" => ("元", 1.0),
        "千元" => ("元", 1e3),
        "万元" => ("元", 1e4),
        "百万元" => ("元", 1e6),
        "亿元" => ("元", 1e8),
        "米" | "m" => ("米", 1.0),
        "公里" | "千米" | "km" => ("米", 1e3),
        "亩" => ("亩", 1.0),
        "公顷" | "ha" => ("亩", 15.0),
        "万亩" => ("亩", 1e4),
        "平方米" | "㎡" | "m²" => ("平方米", 1.0),
        "平方公里" | "平方千米" | "km²" => ("平方米", 1e6),
        "斤" => ("斤", 1.0),
        "公斤" | "千克" | "kg" => ("斤", 2.0),
        "吨" | "t" => ("斤", 2000.0),
        "万吨" => ("斤", 2e7),
        "人" | "名" => ("人", 1.0),
        "万人" => ("人", 1e4),
        other => (other, 1.0),
    }
}

/// Findings about data files and the open-data settings (`data-stale`, `data-licence`,
/// `data-unknown`), located in the data file or in `site.yaml`.
pub(super) fn check_data(site: &Site, today: Date, periods: &Freshness) -> Vec<Diagnostic> {
    let settings = &site.config.data;
    let mut found = Vec::new();
    let used = periods_of_use(site, periods);
    let unlicensed: Vec<&str> = (site.data.tables())
        .map(|t| t.name.as_str())
        .filter(|name| settings.licence_of(name).is_empty())
        .collect();
    if !unlicensed.is_empty() {
        found.push(no_licence(site, &unlicensed));
    }
    for table in site.data.tables() {
        let name = table.name.as_str();
        if name == METRICS_DATASET {
            // The reports' figures age with their column, which `column-stale` judges.
            continue;
        }
        let own = settings.dataset(name).and_then(|d| d.update_within);
        let Some(period) = own.or_else(|| used.get(name).copied()) else {
            continue;
        };
        if let Some(d) = stale(table, today, period) {
            found.push(d);
        }
    }
    for key in settings.datasets.keys() {
        let exists = (site.data.tables()).any(|t| crate::config::data::key_of(&t.name) == key);
        if !exists {
            let line = settings.lines.get(key).copied().unwrap_or(1);
            found.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    "data-unknown",
                    text!(
                        "data.datasets 里的“{key}”不是本站的数据：data 文件夹里没有这个文件或工作表",
                        "`{key}` under data.datasets is no dataset of this site: the data folder has no such file or sheet"
                    ),
                )
                .at_line(line)
                .with_hint(text!(
                    "写数据文件名（不带 data/），工作表写成“文件名#表名”，各期报告的指标写 metrics",
                    "use the data file's name without data/, `file#sheet` for a sheet, or metrics for the reports' figures"
                )),
            );
        }
    }
    found
}

/// One finding for every dataset without a licence, at `data:` in `site.yaml` (or its first
/// line): they share one fix.
fn no_licence(site: &Site, names: &[&str]) -> Diagnostic {
    let line = site.config.data.line.max(1);
    let count = names.len();
    let listed = names.join("、");
    Diagnostic::warning(
        CONFIG_FILE,
        "data-licence",
        text!(
            "{count} 份公开的数据没有注明许可协议，下载的人不知道能否使用：{listed}",
            "{count} published datasets state no licence, so those who download them cannot tell whether they may use them: {listed}"
        ),
    )
    .at_line(line)
    .with_hint(text!(
        "在 site.yaml 的 data 下写全站的许可（licence: 署名 4.0 国际（CC BY 4.0））；某份数据不同时写在 data.datasets 下",
        "state the site's licence under data in site.yaml (licence: CC BY 4.0); one that differs goes under data.datasets"
    ))
}

/// `data-stale` for `table` when the figures after its newest date are overdue: a year's or a
/// month's figures can only come once it has ended, so the next year's (month's) are due
/// `period` days after that one ends; after a day, `period` days after it.
fn stale(table: &crate::figures::Table, today: Date, period: u32) -> Option<Diagnostic> {
    let (r, c, newest) = (table.rows.iter().enumerate())
        .flat_map(|(r, row)| row.iter().enumerate().map(move |(c, v)| (r, c, v)))
        .filter_map(|(r, c, value)| match value {
            Value::Date(date) => Some((r, c, *date)),
            _ => None,
        })
        .max_by_key(|(_, _, date)| *date)?;
    let next = next_period(newest);
    let due = end_of_period(next)?
        .checked_add(jiff::Span::new().days(i64::from(period)))
        .ok()?;
    if today <= due {
        return None;
    }
    let file = table.name.split('#').next().unwrap_or(&table.name);
    let (shown, next_shown) = (newest.zh(), next.zh());
    let due_zh = format!("{}年{}月{}日", due.year(), due.month(), due.day());
    let name = &table.name;
    Some(
        Diagnostic::warning(
            file,
            "data-stale",
            text!(
                "“{name}”的数据只到{shown}；按 {period} 天的更新期限，{next_shown}的数据应在 {due_zh} 前补上",
                "`{name}` has data only up to {shown}; with its {period}-day period, the figures for {next_shown} were due by {due_zh}"
            ),
        )
        .at(table.lines[r], c + 1)
        .with_hint(text!(
            "补上最近的数据；期限来自引用它的页面所在栏目，也可以在 site.yaml 的 data.datasets 下用 update_within 另设",
            "add the newest figures; the period is that of the columns whose pages show it, or its own update_within under data.datasets in site.yaml"
        )),
    )
}

/// The year, month or day after `date`, as precise as it.
fn next_period(date: crate::figures::value::Date) -> crate::figures::value::Date {
    let mut next = date;
    match (date.month, date.day) {
        (None, _) => next.year += 1,
        (Some(12), None) => {
            next.year += 1;
            next.month = Some(1);
        }
        (Some(month), None) => next.month = Some(month + 1),
        (Some(_), Some(_)) => {}
    }
    next
}

/// The last day a date covers: a year's 31 December, a month's last day, a day itself.
fn end_of_period(date: crate::figures::value::Date) -> Option<Date> {
    let year = i16::try_from(date.year).ok()?;
    match (date.month, date.day) {
        (None, _) => Date::new(year, 12, 31).ok(),
        (Some(month), None) => Some(
            Date::new(year, i8::try_from(month).ok()?, 1)
                .ok()?
                .last_of_month(),
        ),
        (Some(month), Some(day)) => {
            Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
        }
    }
}

/// For each dataset a page draws from, the shortest freshness period of those pages' columns.
fn periods_of_use(site: &Site, periods: &Freshness) -> BTreeMap<String, u32> {
    let mut out: BTreeMap<String, u32> = BTreeMap::new();
    if site.data.tables().all(|t| t.name == METRICS_DATASET) {
        return out;
    }
    for page in site.pages.iter().filter(|p| p.listed) {
        let period = super::freshness::section_period(&site.sections[page.section], periods);
        for name in datasets_drawn(&site.config.root, &page.file) {
            let entry = out.entry(name).or_insert(period);
            *entry = (*entry).min(period);
        }
    }
    out
}

/// The datasets the ```` ```table ```` and ```` ```chart ```` blocks of a page's file draw from.
fn datasets_drawn(root: &Path, file: &Path) -> Vec<String> {
    let Ok(text) = crate::content::read_text(root, file) else {
        return Vec::new();
    };
    fence_infos(&text)
        .into_iter()
        .filter(|info| crate::figures::is_figure(info))
        .filter_map(|info| crate::figures::block::parse(info, "").ok())
        .map(|block| (block.data.trim_start_matches("./").trim_start_matches('/')).to_string())
        .collect()
}

/// The info strings of the fenced code blocks opened in `text`.
fn fence_infos(text: &str) -> Vec<&str> {
    let mut infos = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() > 3 {
            continue;
        }
        let Some(ch) = trimmed.chars().next().filter(|c| *c == '`' || *c == '~') else {
            continue;
        };
        let run = trimmed.chars().take_while(|c| *c == ch).count();
        if run < 3 {
            continue;
        }
        let rest = trimmed[run..].trim();
        match open {
            Some((c, n)) if c == ch && run >= n && rest.is_empty() => open = None,
            Some(_) => {}
            None => {
                open = Some((ch, run));
                infos.push(rest);
            }
        }
    }
    infos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_to_their_base() {
        assert_eq!(base_unit("万元"), ("元", 1e4));
        assert_eq!(base_unit(" 公顷"), ("亩", 15.0));
        assert_eq!(base_unit("户次"), ("户次", 1.0));
        assert!(agrees(120.0 * 1e4, 1_200_000.0));
        assert!(!agrees(120.0 * 1e4, 1_210_000.0));
        assert_eq!(parse_number("1,500"), Some(1500.0));
    }

    #[test]
    fn a_month_lasts_to_its_last_day() {
        let month = crate::figures::value::Date {
            year: 2024,
            month: Some(2),
            day: None,
        };
        assert_eq!(end_of_period(month), Date::new(2024, 2, 29).ok());
        let year = crate::figures::value::Date {
            year: 2024,
            month: None,
            day: None,
        };
        assert_eq!(end_of_period(year), Date::new(2024, 12, 31).ok());
        assert_eq!(next_period(year).year, 2025);
        assert_eq!(next_period(month).month, Some(3));
        let december = crate::figures::value::Date {
            year: 2024,
            month: Some(12),
            day: None,
        };
        assert_eq!(
            (next_period(december).year, next_period(december).month),
            (2025, Some(1))
        );
    }

    #[test]
    fn fences_are_found_and_closed() {
        let text = "a\n```table data/a.csv\ncolumns: x\n```\n````md\n```chart bar data/b.csv\n```\n````\n~~~chart line data/c.csv\n~~~\n";
        assert_eq!(
            fence_infos(text),
            ["table data/a.csv", "md", "chart line data/c.csv"]
        );
    }
}
