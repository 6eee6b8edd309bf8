//! Whether every column, and the home page, is updated as often as the inspection rules demand
//! (`column-stale`, `column-empty`, `home-stale`).
//!
//! 政府网站与政务新媒体检查指标 (国办秘函〔2019〕19号) vetoes a site whose home page went two
//! weeks without an update, or with five or more columns not updated in time — news within two
//! weeks, notices and policy documents within six months, plans within a year — or with five or
//! more empty columns. Monitoring vendors warn earlier, so a column gets a warning shortly before
//! its limit: four days before for news and the home page (after 10 days), 30 days before for the
//! others, never earlier than half the period.
//!
//! A column's newest item is the newest listed page in its folder or any folder below; a page
//! counts with its `date`, or its `updated` when it has no `date`. Expired pages have left the
//! lists, so they do not count. Pure: "today" is given.

use std::path::{Path, PathBuf};

use jiff::Zoned;
use jiff::civil::Date;

use crate::config::check::Freshness;
use crate::content::{ColumnKind, ContentType, Page, Section, Site, format_chinese};
use crate::diagnostics::Diagnostic;
use crate::i18n::Text;

/// Column and home-page findings for `site` as of `today`.
pub(super) fn check_columns(site: &Site, today: Date, periods: &Freshness) -> Vec<Diagnostic> {
    let items = column_items(site);
    let mut found = Vec::new();
    for (index, section) in site.sections.iter().enumerate().skip(1) {
        let (count, newest) = items[index];
        let kind = column_kind(section);
        let period = section.update_within.unwrap_or(period(periods, kind));
        let (path, line) = location(section);
        let at = |d: Diagnostic| match line {
            Some(line) => d.at_line(line),
            None => d,
        };
        let title = &section.title;
        if count == 0 {
            found.push(at(empty_column(&path, title)));
            continue;
        }
        // A column of undated pages (`dated: false`: about the site, contact) has nothing to
        // judge its age by; `build` makes every page of a dated column carry a date.
        let Some(newest) = newest else { continue };
        let page = &site.pages[newest];
        let age = Age::of(page, today, period, margin(kind, period));
        if let Some(d) = stale_column(&path, title, kind, page, &age) {
            found.push(at(d));
        }
    }
    found.extend(home(site, today, periods.home, items[0].1));
    found
}

/// The days within which `section` must get a new item: its own `update_within`, else its
/// kind's period in `check.freshness`.
pub(super) fn section_period(section: &Section, periods: &Freshness) -> u32 {
    section
        .update_within
        .unwrap_or(period(periods, column_kind(section)))
}

/// For each section: how many listed pages its folder tree holds, and the newest dated one.
fn column_items(site: &Site) -> Vec<(usize, Option<usize>)> {
    let mut items: Vec<(usize, Option<usize>)> = vec![(0, None); site.sections.len()];
    for (index, page) in site.pages.iter().enumerate() {
        if !page.listed {
            continue;
        }
        let mut section = Some(page.section);
        while let Some(s) = section {
            let (count, newest) = &mut items[s];
            *count += 1;
            if let Some(date) = item_date(page)
                && newest.is_none_or(|n| item_date(&site.pages[n]).is_none_or(|d| date > d))
            {
                *newest = Some(index);
            }
            section = site.sections[s].parent;
        }
    }
    items
}

/// The date a page counts with: its publication date, else its last update.
fn item_date(page: &Page) -> Option<&Zoned> {
    page.date.as_ref().or(page.updated.as_ref())
}

/// The section's kind as set in `_index.md`, else derived: policy content → policy, a folder
/// `notices` or a title 通知公告 → notice, a dated section → news, any other → other.
fn column_kind(section: &Section) -> ColumnKind {
    if let Some(kind) = section.kind {
        return kind;
    }
    let folder = section.dir.file_name().and_then(|n| n.to_str());
    if section.content_type == ContentType::Policy {
        ColumnKind::Policy
    } else if folder == Some("notices") || section.title == "通知公告" {
        ColumnKind::Notice
    } else if section.dated {
        ColumnKind::News
    } else {
        ColumnKind::Other
    }
}

/// Days before the limit from which a warning is given.
/// The period of a column kind in `check.freshness`, in days.
fn period(periods: &Freshness, kind: ColumnKind) -> u32 {
    match kind {
        ColumnKind::News => periods.news,
        ColumnKind::Notice => periods.notice,
        ColumnKind::Policy => periods.policy,
        ColumnKind::Plan => periods.plan,
        ColumnKind::Other => periods.other,
    }
}

fn margin(kind: ColumnKind, period: u32) -> u32 {
    let before = if kind == ColumnKind::News { 4 } else { 30 };
    before.min(period / 2)
}

/// How old a column's newest item is against its period.
struct Age {
    /// Days since the newest item (negative for an item dated after today).
    days: i64,
    period: u32,
    margin: u32,
}

impl Age {
    fn of(page: &Page, today: Date, period: u32, margin: u32) -> Age {
        let dated = item_date(page).map_or(today, Zoned::date);
        Age {
            days: dated
                .until(today)
                .map_or(0, |span| i64::from(span.get_days())),
            period,
            margin,
        }
    }

    fn is_over(&self) -> bool {
        self.days > i64::from(self.period)
    }

    fn is_close(&self) -> bool {
        self.days > i64::from(self.period) - i64::from(self.margin)
    }
}

fn stale_column(
    path: &Path,
    title: &str,
    kind: ColumnKind,
    page: &Page,
    age: &Age,
) -> Option<Diagnostic> {
    let (days, period) = (age.days, age.period);
    let newest = &page.title;
    let date = item_date(page)?;
    let (zh_date, en_date) = (format_chinese(date), date.date().to_string());
    let (kind_zh, kind_en) = kind_names(kind);
    if age.is_over() {
        let over = days - i64::from(period);
        Some(
            Diagnostic::error(path, "column-stale", text!(
                "栏目“{title}”已 {days} 天没有更新，超过 {period} 天的更新要求 {over} 天：最新一篇“{newest}”发布于{zh_date}",
                "the column `{title}` has not been updated for {days} days, {over} days past its {period}-day period: its newest item `{newest}` is dated {en_date}"
            ))
            .with_hint(update_hint(kind_zh, kind_en, period)),
        )
    } else if age.is_close() {
        let left = i64::from(period) - days;
        Some(
            Diagnostic::warning(path, "column-stale", text!(
                "栏目“{title}”还有 {left} 天就超过 {period} 天的更新期限：最新一篇“{newest}”发布于{zh_date}，已过 {days} 天",
                "the column `{title}` reaches its {period}-day update period in {left} days: its newest item `{newest}` is dated {en_date}, {days} days ago"
            ))
            .with_hint(update_hint(kind_zh, kind_en, period)),
        )
    } else {
        None
    }
}

fn update_hint(kind_zh: &str, kind_en: &str, period: u32) -> Text {
    text!(
        "检查指标要求{kind_zh}栏目 {period} 天内有更新，5 个以上栏目不更新即单项否决。请发布新内容；栏目类别不对时在 _index.md 里设置 kind（news、notice、policy、plan、other）或 update_within（天数）",
        "inspectors expect a {kind_en} column to be updated within {period} days, and five stale columns fail the site. Publish something new; if the kind is wrong, set kind (news, notice, policy, plan, other) or update_within (days) in _index.md"
    )
}

fn empty_column(path: &Path, title: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        "column-empty",
        text!(
            "栏目“{title}”没有任何内容（空白栏目）",
            "the column `{title}` has nothing in it (an empty column)"
        ),
    )
    .with_hint(text!(
        "空白栏目是检查扣分项，5 个以上即单项否决：发布内容，或删除这个栏目的文件夹",
        "empty columns cost points and five of them fail the site: publish something, or remove the column's folder"
    ))
}

/// The home page shows the site's newest items: it is as fresh as the newest dated page.
fn home(site: &Site, today: Date, period: u32, newest: Option<usize>) -> Option<Diagnostic> {
    let home = &site.sections[0];
    let (path, line) = location(home);
    let at = |d: Diagnostic| match line {
        Some(line) => d.at_line(line),
        None => d,
    };
    let Some(newest) = newest else {
        return Some(at(Diagnostic::error(
            path,
            "home-stale",
            text!(
                "网站没有任何带发布日期的内容，首页按检查指标视为未更新",
                "nothing on the site has a publication date, so inspectors count the home page as not updated"
            ),
        )
        .with_hint(home_hint(period))));
    };
    let page = &site.pages[newest];
    let age = Age::of(page, today, period, margin(ColumnKind::News, period));
    let (days, title) = (age.days, &page.title);
    let date = item_date(page)?;
    let (zh_date, en_date) = (format_chinese(date), date.date().to_string());
    let diagnostic = if age.is_over() {
        Diagnostic::error(
            path,
            "home-stale",
            text!(
                "首页已 {days} 天没有更新，超过 {period} 天的要求：全站最新一篇“{title}”发布于{zh_date}",
                "the home page has not been updated for {days} days, past its {period}-day period: the newest item on the site, `{title}`, is dated {en_date}"
            ),
        )
    } else if age.is_close() {
        let left = i64::from(period) - days;
        Diagnostic::warning(
            path,
            "home-stale",
            text!(
                "首页还有 {left} 天就 {period} 天没有更新：全站最新一篇“{title}”发布于{zh_date}，已过 {days} 天",
                "the home page reaches {period} days without an update in {left} days: the newest item on the site, `{title}`, is dated {en_date}, {days} days ago"
            ),
        )
    } else {
        return None;
    };
    Some(at(diagnostic.with_hint(home_hint(period))))
}

fn home_hint(period: u32) -> Text {
    text!(
        "首页连续 2 周不更新是单项否决项（监测通常在 10 天时预警）：{period} 天内至少发布一篇新内容",
        "a home page without an update for two weeks fails the site (monitors warn after 10 days): publish something within {period} days"
    )
}

/// Where a column's findings point: its `_index.md`, else its folder.
fn location(section: &Section) -> (PathBuf, Option<usize>) {
    match &section.file {
        Some(file) => (file.clone(), Some(1)),
        None => (PathBuf::from("content").join(&section.dir), None),
    }
}

fn kind_names(kind: ColumnKind) -> (&'static str, &'static str) {
    match kind {
        ColumnKind::News => ("动态/要闻类", "news"),
        ColumnKind::Notice => ("通知公告类", "notice"),
        ColumnKind::Policy => ("政策文件类", "policy"),
        ColumnKind::Plan => ("人事/规划计划类", "plan"),
        ColumnKind::Other => ("其他", "general"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_come_ten_days_into_news_and_a_month_before_the_rest() {
        assert_eq!(margin(ColumnKind::News, 14), 4);
        assert_eq!(margin(ColumnKind::Notice, 183), 30);
        assert_eq!(margin(ColumnKind::Other, 365), 30);
        // A short custom period never warns from its first day.
        assert_eq!(margin(ColumnKind::Notice, 20), 10);
    }

    #[test]
    fn ages_compare_against_the_period() {
        let age = |days, period, margin| Age {
            days,
            period,
            margin,
        };
        assert!(!age(10, 14, 4).is_close());
        assert!(age(11, 14, 4).is_close() && !age(11, 14, 4).is_over());
        assert!(age(14, 14, 4).is_close() && !age(14, 14, 4).is_over());
        assert!(age(15, 14, 4).is_over());
        assert!(!age(-3, 14, 4).is_close());
    }
}
