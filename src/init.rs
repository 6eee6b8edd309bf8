//! `jianbao init DIR`: a new working site that uses the built-in theme, ready to build and to
//! pass `jianbao check` on the day it is made.

use std::path::Path;

use jiff::civil::Date;

use crate::i18n::{Text, os_error};

const SITE_YAML: &str = "\
# 网站配置：每一项的含义见 jianbao 的 README（“网站配置”一节）。
title: 新建工作成效网站
description: 驻村工作队工作动态与成效
base_url: https://www.example.gov.cn/
language: zh-CN
timezone: Asia/Shanghai
footer:
  sponsor: 县委组织部
";

/// The build's output and the image cache are made again by every build; the publication
/// ledger beside the cache in `.jianbao/` is kept.
/// What a new site keeps out of git: the output and its build lock, and what jianbao keeps for
/// itself between runs (the publication-date ledger `.jianbao/published.yaml` is not among them:
/// it is the site's record and belongs in the repository).
const GITIGNORE: &str =
    "/public/\n/.public.jianbao-lock\n/.jianbao/cache/\n/.jianbao/desk-autosave/\n";

const HOME: &str =
    "---\ntitle: 首页\n---\n欢迎访问。这里发布驻村工作队的工作动态、工作成效和通知公告。\n";
const SECTION: &str = "---\ntitle: 工作动态\ndescription: 驻村工作队日常工作情况\n---\n";

/// The starter article, dated `today` so that a new site's home page and column are fresh.
fn first_report(today: Date) -> String {
    format!(
        "---\ntitle: 第一篇工作动态\ndate: {today}\ntags: [示例]\n---\n## 基本情况\n\n在这里写正文。段落之间空一行。\n\n<!-- more -->\n\n## 下一步打算\n\n- 第一项\n- 第二项\n"
    )
}

/// Creates a new site in `dir`, which must not exist or be empty; `today` dates its first
/// article (the caller passes the date in the site's zone, Asia/Shanghai).
pub fn init(dir: &Path, today: Date) -> Result<(), Text> {
    let shown = dir.display();
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|err| {
            let Text { zh, en } = os_error(&err);
            text!(
                "无法读取文件夹 {shown}：{zh}",
                "cannot read the folder {shown}: {en}"
            )
        })?;
        if entries.next().is_some() {
            return Err(text!(
                "文件夹 {shown} 不是空的，为避免覆盖已有文件，没有创建网站。请换一个新文件夹名，或先把它清空",
                "the folder {shown} is not empty; to keep its files safe no site was created. Choose a new folder name or empty it first"
            ));
        }
    }
    let first = first_report(today);
    let files = [
        ("site.yaml", SITE_YAML),
        (".gitignore", GITIGNORE),
        ("content/_index.md", HOME),
        ("content/news/_index.md", SECTION),
        ("content/news/first-report.md", first.as_str()),
        ("templates/.keep", ""),
        ("static/.keep", ""),
    ];
    for (name, body) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| cannot_write(parent, &err))?;
        }
        std::fs::write(&path, body).map_err(|err| cannot_write(&path, &err))?;
    }
    Ok(())
}

fn cannot_write(path: &Path, err: &std::io::Error) -> Text {
    let Text { zh, en } = os_error(err);
    let shown = path.display();
    text!("无法写入 {shown}：{zh}", "cannot write {shown}: {en}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_article_is_dated_the_day_given() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        init(&site, jiff::civil::date(2026, 12, 2)).expect("init");
        let article = std::fs::read_to_string(site.join("content/news/first-report.md"))
            .expect("starter article");
        assert!(article.contains("\ndate: 2026-12-02\n"), "{article}");
        let config = std::fs::read_to_string(site.join("site.yaml")).expect("site.yaml");
        assert!(!config.contains("https://（"), "{config}");
    }

    #[test]
    fn a_folder_with_files_is_refused_in_both_languages() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("x.txt"), "keep").expect("write");
        let err = init(dir.path(), jiff::civil::date(2026, 12, 2)).expect_err("not empty");
        assert!(err.zh.contains("不是空的"), "{}", err.zh);
        assert!(!err.zh.contains("is not empty"), "{}", err.zh);
        assert!(err.en.contains("is not empty"), "{}", err.en);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("x.txt")).expect("kept"),
            "keep"
        );
    }
}
