//! The publication ledger (发稿日期登记簿): each page's first publication date, kept with the site
//! in `.jianbao/published.yaml` and meant to be committed, so that `check` can tell when a
//! published page's `date` was changed afterwards (`date-changed`) — a faked publication date
//! (伪造发稿日期) is a single-veto item of the inspection rules.
//!
//! The file is a YAML mapping from a page's site path (`/notices/2026-winter-rural-safety/`) to
//! the date it was first published with, as RFC 3339, keys sorted. `build` adds the pages it
//! publishes for the first time after each successful build and never changes a recorded date
//! ([`record`]); `check` only reads it ([`read`], [`check_dates`]). Site paths are used rather
//! than file names because they are what was published: moving `tea.md` to `tea/index.md` keeps
//! the URL and the record. Drafts, pages dated in the future and undated pages are not recorded.
//!
//! The file is replaced atomically through [`output::replace_file`] (the one writer of files) and
//! only when it changes, so a build that publishes nothing new does not touch it. It is its own
//! module rather than part of `check` because both `build` (which records) and `check` (which
//! reads) use it, and `build` must not depend on `check`.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::{Timestamp, Zoned};

use crate::content::{Page, Site, format_chinese, format_rfc3339, parse_date};
use crate::diagnostics::{Diagnostic, relative_to};
use crate::output;

/// The first line of the file, for whoever opens it.
const HEADER: &str = "# jianbao 发稿日期登记簿：每篇文章首次发布时的日期，由 jianbao build 自动维护，请随网站一起提交，不要手工修改。\n# jianbao publication ledger: each page's first publication date, kept by `jianbao build`. Commit it with the site; do not edit it by hand.\n";

/// Recorded first publication dates by site path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    /// Site path → RFC 3339 date as recorded.
    pub entries: BTreeMap<String, String>,
}

/// Reads the ledger at `path`; `Ok(None)` when there is none yet. `shown` is the path used in
/// messages.
pub fn read(path: &Path, shown: &Path) -> Result<Option<Ledger>, Diagnostic> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => {
            return Err(Diagnostic::warning(
                shown,
                "ledger",
                text!(
                    "无法读取发稿日期登记簿：{err}",
                    "cannot read the publication ledger: {err}"
                ),
            ));
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let source = if text.trim().is_empty() { "{}" } else { &text };
    serde_saphyr::from_str::<BTreeMap<String, String>>(source)
        .map(|entries| Some(Ledger { entries }))
        .map_err(|err| {
            let reason = err.to_string();
            Diagnostic::warning(
                shown,
                "ledger",
                text!(
                    "发稿日期登记簿无法解读，本次不检查发稿日期：{reason}",
                    "the publication ledger cannot be read, so publication dates are not checked: {reason}"
                ),
            )
            .with_hint(text!(
                "用 git 恢复这个文件的上一个版本（git checkout -- 文件名）",
                "restore the file's last committed version (git checkout -- FILE)"
            ))
        })
}

/// After a successful build: records the first publication date of every page published for
/// the first time. Returns a warning when the ledger cannot be read or written; the build
/// itself has succeeded either way.
pub fn record(site: &Site, now: Timestamp) -> Option<Diagnostic> {
    let root = &site.config.root;
    let path = site.config.check.ledger_path(root);
    let shown = relative_to(&path, root);
    let mut ledger = match read(&path, &shown) {
        Ok(ledger) => ledger.unwrap_or_default(),
        Err(problem) => return Some(problem),
    };
    let before = ledger.entries.len();
    for page in &site.pages {
        let Some(date) = &page.date else { continue };
        if page.draft || date.timestamp() > now {
            continue;
        }
        ledger
            .entries
            .entry(page.path.clone())
            .or_insert_with(|| format_rfc3339(date));
    }
    if ledger.entries.len() == before {
        return None;
    }
    write(&path, &ledger).err().map(|err| {
        let name = shown.display();
        Diagnostic::warning(
            &shown,
            "ledger",
            text!(
                "网站已生成，但无法写入发稿日期登记簿 {name}：{err}",
                "the site was built, but the publication ledger {name} cannot be written: {err}"
            ),
        )
        .with_hint(text!(
            "检查这个文件夹是否可写；下次生成时会再次写入",
            "check that the folder is writable; the next build tries again"
        ))
    })
}

/// Writes the ledger through [`output::replace_file`] (a temporary file renamed over the old one).
fn write(path: &Path, ledger: &Ledger) -> std::io::Result<()> {
    let yaml = serde_saphyr::to_string(&ledger.entries).map_err(std::io::Error::other)?;
    output::replace_file(path, format!("{HEADER}{yaml}").as_bytes())
}

/// `date-changed`: pages whose `date` is not the date they were first published with.
pub fn check_dates(site: &Site, ledger: &Ledger) -> Vec<Diagnostic> {
    let zone = &site.config.timezone;
    let mut found = Vec::new();
    for page in &site.pages {
        let Some(recorded) = ledger.entries.get(&page.path) else {
            continue;
        };
        let Some(first) = parse_date(recorded, zone) else {
            continue;
        };
        if page.date.as_ref().map(Zoned::date) == Some(first.date()) {
            continue;
        }
        let (first_zh, first_en) = (format_chinese(&first), first.date().to_string());
        let message = match &page.date {
            Some(now) => {
                let (now_zh, now_en) = (format_chinese(now), now.date().to_string());
                text!(
                    "发稿日期被改动：这篇文章首次发布时的日期是{first_zh}，现在写的是{now_zh}（伪造发稿日期是单项否决项）",
                    "the publication date was changed: the page was first published dated {first_en}, it now says {now_en} (a faked publication date fails the inspection)"
                )
            }
            None => text!(
                "发稿日期被删除：这篇文章首次发布时的日期是{first_zh}",
                "the publication date was removed: the page was first published dated {first_en}"
            ),
        };
        let recorded = first.date();
        found.push(
            Diagnostic::error(&page.file, "date-changed", message)
                .at_line(date_line(page))
                .with_hint(text!(
                    "保留原来的发布日期 `date: {recorded}`，修改了内容就用 `updated:` 写更新日期",
                    "keep the original `date: {recorded}` and record the revision with `updated:`"
                )),
        );
    }
    found
}

/// The line of `date:`, or of `title:` when the date was removed.
fn date_line(page: &Page) -> usize {
    match page.key_lines.get("date") {
        Some(line) => *line,
        None => page.line_of("title"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_round_trips_with_sorted_keys_and_a_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".jianbao/published.yaml");
        let mut ledger = Ledger::default();
        ledger.entries.insert(
            "/notices/关于冬季培训的通知/".into(),
            "2026-11-12T00:00:00+08:00".into(),
        );
        ledger
            .entries
            .insert("/industry/tea/".into(), "2026-11-20T09:30:00+08:00".into());
        write(&path, &ledger).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# jianbao"));
        let industry = text.find("/industry/tea/").unwrap();
        let notices = text.find("/notices/").unwrap();
        assert!(industry < notices, "{text}");
        assert_eq!(read(&path, &path).unwrap(), Some(ledger));
        // Only the ledger is left: the temporary file was renamed.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn a_missing_ledger_is_not_an_error_and_a_broken_one_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("published.yaml");
        assert_eq!(read(&path, &path).unwrap(), None);
        std::fs::write(&path, "- not\n- a map\n").unwrap();
        let problem = read(&path, &path).unwrap_err();
        assert_eq!(problem.code, "ledger");
    }
}
