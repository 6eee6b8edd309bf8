//! The files a Markdown source shows or links beside itself (`![](images/村部.jpg)`,
//! `[下载报名表](报名表.xlsx)`), copied into its bundle at the same relative place, so the
//! imported page keeps its pictures and downloads and its links stay as written.
//!
//! Only files inside the source's own folder are taken: a link that climbs out of it
//! (`../../私人/身份证.jpg`), also through a symbolic link, is left as it is with a warning, so
//! importing a Markdown file can never publish an unrelated file of the computer. Links to
//! other Markdown files are links between pages, not files to copy.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::Files;
use super::package::MAX_UNPACKED;
use crate::content::AttachmentEntry;
use crate::i18n::Text;

/// Files a Markdown source refers to in `dir` (its folder) — in the body, and in the front
/// matter's `attachments` — with warnings for the ones left behind. All copied files together are
/// limited like a document's parts.
pub fn collect(dir: &Path, front: Option<&str>, body: &str) -> (Files, Vec<(&'static str, Text)>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let Ok(base) = dir.canonicalize() else {
        return (files, warnings);
    };
    let mut seen = BTreeSet::new();
    let mut total = 0u64;
    let mut urls = referenced(body);
    urls.extend(front.map(attachments).unwrap_or_default());
    for url in urls {
        let Some(relative) = local_path(&url) else {
            continue;
        };
        if !seen.insert(relative.clone()) {
            continue;
        }
        let shown = relative.display().to_string();
        let inside = base
            .join(&relative)
            .canonicalize()
            .ok()
            .filter(|p| p.starts_with(&base));
        let Some(path) = inside else {
            if base.join(&relative).exists() {
                warnings.push(("import-outside", text!(
                    "“{shown}”在文件所在文件夹之外，没有复制；请把它放到 Markdown 文件旁边再导入",
                    "\"{shown}\" lies outside the file's folder and was not copied; put it beside the Markdown file and import again"
                )));
            } else {
                warnings.push((
                    "import-missing",
                    text!(
                        "引用的文件“{shown}”不存在，没有复制",
                        "the referenced file \"{shown}\" does not exist and was not copied"
                    ),
                ));
            }
            continue;
        };
        let Ok(stored) = path.strip_prefix(&base).map(Path::to_path_buf) else {
            continue;
        };
        if !path.is_file() || stored == Path::new("index.md") {
            continue;
        }
        let size = path.metadata().map_or(0, |m| m.len());
        total += size;
        if total > MAX_UNPACKED {
            warnings.push((
                "import-too-large",
                text!(
                    "“{shown}”没有复制：引用的文件合计超过 256 MB",
                    "\"{shown}\" was not copied: the referenced files add up to more than 256 MB"
                ),
            ));
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => files.push((stored, bytes)),
            Err(err) => warnings.push((
                "import-missing",
                text!("无法读取“{shown}”：{err}", "cannot read \"{shown}\": {err}"),
            )),
        }
    }
    (files, warnings)
}

/// The files the front matter's `attachments:` names (a bundle's downloads).
fn attachments(front: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Listed {
        #[serde(default)]
        attachments: Vec<AttachmentEntry>,
    }
    serde_saphyr::from_str::<Listed>(front)
        .map(|listed| {
            listed
                .attachments
                .iter()
                .map(|a| a.file().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Destinations of the body's images and links, in order.
fn referenced(body: &str) -> Vec<String> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    Parser::new_ext(body, options)
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. } | Tag::Link { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// A link destination naming a file relative to the page (`images/a.jpg`, `./表%201.pdf`):
/// no scheme, not site-absolute, not a fragment, not another Markdown page. Query and
/// fragment are dropped and percent-escapes decoded.
fn local_path(url: &str) -> Option<PathBuf> {
    let url = url.trim();
    if url.is_empty() || url.starts_with(['/', '#', '?', '\\']) {
        return None;
    }
    let scheme = url
        .find(':')
        .is_some_and(|c| !url[..c].contains(['/', '.']) && c > 1);
    if scheme || url.starts_with("//") {
        return None;
    }
    let path = url.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?
        .into_owned();
    let lower = decoded.to_ascii_lowercase();
    if decoded.is_empty() || decoded.ends_with('/') || lower.ends_with(".md") {
        return None;
    }
    let relative: PathBuf = Path::new(&decoded)
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    (relative.components().count() > 0).then_some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_links_are_local_and_pages_and_urls_are_not() {
        let local = |u: &str| local_path(u).map(|p| p.display().to_string());
        assert_eq!(local("images/村部.jpg").as_deref(), Some("images/村部.jpg"));
        assert_eq!(local("./表%201.pdf#p2").as_deref(), Some("表 1.pdf"));
        assert_eq!(local("../外面.png").as_deref(), Some("../外面.png"));
        for u in [
            "https://www.gov.cn/a.png",
            "mailto:a@b.cn",
            "/images/logo.png",
            "#一、总体要求",
            "其他页面.md",
            "//cdn.example/a.js",
            "",
        ] {
            assert_eq!(local(u), None, "{u}");
        }
    }

    #[test]
    fn only_files_inside_the_folder_are_copied() {
        let root = tempfile::tempdir().expect("temp");
        let dir = root.path().join("稿件");
        std::fs::create_dir_all(dir.join("images")).expect("mkdir");
        std::fs::write(dir.join("images/a.png"), b"png").expect("write");
        std::fs::write(dir.join("报名表.xlsx"), b"xlsx").expect("write");
        std::fs::write(root.path().join("secret.txt"), b"no").expect("write");
        let body = "![村部](images/a.png)\n\n[报名表](报名表.xlsx) [秘密](../secret.txt) \
                    [缺](images/none.png) ![再次](./images/a.png)\n";
        let (files, warnings) = collect(&dir, None, body);
        let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
        assert_eq!(names, ["images/a.png", "报名表.xlsx"]);
        let codes: Vec<&str> = warnings.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, ["import-outside", "import-missing"]);
        let front =
            "title: 报名\nattachments:\n  - 报名表.xlsx\n  - file: images/a.png\n    title: 图\n";
        let (files, _) = collect(&dir, Some(front), "正文\n");
        let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
        assert_eq!(names, ["报名表.xlsx", "images/a.png"]);
    }
}
