//! `jianbao init DIR`: a new working site that uses the built-in theme.

use std::path::Path;

use anyhow::{Context as _, bail};

const SITE_YAML: &str = "\
# 网站配置。说明见 https://（本工具 README 的“网站配置”一节）
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
const GITIGNORE: &str = "/public/\n/.jianbao/cache/\n";

const HOME: &str =
    "---\ntitle: 首页\n---\n欢迎访问。这里发布驻村工作队的工作动态、工作成效和通知公告。\n";
const SECTION: &str = "---\ntitle: 工作动态\ndescription: 驻村工作队日常工作情况\n---\n";
const PAGE: &str = "---\ntitle: 第一篇工作动态\ndate: 2025-01-01\ntags: [示例]\n---\n## 基本情况\n\n在这里写正文。段落之间空一行。\n\n<!-- more -->\n\n## 下一步打算\n\n- 第一项\n- 第二项\n";

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!("{} is not empty", dir.display());
        }
    }
    let files = [
        ("site.yaml", SITE_YAML),
        (".gitignore", GITIGNORE),
        ("content/_index.md", HOME),
        ("content/news/_index.md", SECTION),
        ("content/news/first-report.md", PAGE),
        ("templates/.keep", ""),
        ("static/.keep", ""),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
