//! Where imported pages go: the section `--to` names, or the one the type usually lives in,
//! inside the site folder. A missing standard column (通知公告, 政策文件, 工作简报, 工作成效)
//! is created with its `_index.md` when the first page goes into it, so a site fresh from
//! `jianbao init` takes `jianbao import 通知.docx` without a hand-made folder first.

use std::path::{Component, Path, PathBuf};

use crate::content::gov::ContentType;
use crate::diagnostics::Diagnostic;
use crate::i18n::Text;

use super::ImportOptions;
use super::bundle::{self, Bundle};

/// The section pages are written to, relative to the site root (`content/…`).
pub(super) struct Target {
    pub rel: PathBuf,
    /// Set when the section does not exist yet and is one `import` may create.
    pub missing: Option<&'static Standard>,
}

/// A column every work-team site has, with the `_index.md` a new one starts from.
pub(super) struct Standard {
    name: &'static str,
    index: &'static str,
}

const STANDARD: [Standard; 4] = [
    Standard {
        name: "notices",
        index: "---\ntitle: 通知公告\ndescription: 发布工作通知和公告。\nsort_by: date\ndated: true\nkind: notice\n---\n",
    },
    Standard {
        name: "policies",
        index: "---\ntitle: 政策文件\ndescription: 按照政府信息公开的要求发布政策文件，标注发文字号和有效性。\ntype: policy\nkind: policy\nsort_by: date\ndated: true\n---\n",
    },
    Standard {
        name: "bulletins",
        index: "---\ntitle: 工作简报\ndescription: 编发的工作简报，按年度编排期号。\ntype: bulletin\nkind: news\nsort_by: date\ndated: true\n---\n",
    },
    Standard {
        name: "reports",
        index: "---\ntitle: 工作成效\ndescription: 驻村工作队的工作成效和主要数据。\ntype: report\nkind: news\nsort_by: date\ndated: true\n---\n",
    },
];

/// The section of this import, refused when it is unusable: outside the site (a `..` or a
/// link leading out), or missing and not a standard column.
pub(super) fn resolve(options: &ImportOptions) -> Result<Target, Vec<Diagnostic>> {
    let name = options.section.clone().unwrap_or_else(|| {
        match options.content_type {
            ContentType::Policy => "policies",
            ContentType::Bulletin => "bulletins",
            ContentType::Report => "reports",
            ContentType::Article => "notices",
        }
        .to_string()
    });
    let name = name.trim_matches('/');
    let rel = Path::new("content").join(name);
    let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let path = options.root.join(&rel);
    if safe && path.is_dir() {
        // A section reached through a symbolic link must stay inside the site folder, as the
        // build requires (it does not publish what a link leads to outside): otherwise the page
        // would be written somewhere else entirely.
        let inside = match (path.canonicalize(), options.root.canonicalize()) {
            (Ok(section), Ok(root)) => section.starts_with(root),
            _ => false,
        };
        if inside {
            return Ok(Target { rel, missing: None });
        }
        return Err(vec![Diagnostic::error(&rel, "import", text!(
            "栏目 {name} 是指向网站文件夹以外的链接，导入的页面不会写到那里",
            "the section {name} is a link leading outside the site folder; imported pages are not written there"
        ))
        .with_hint(text!(
            "把栏目文件夹放在 content/ 里（不用符号链接），或用 --to 选另一个栏目",
            "keep the section folder inside content/ (not a symbolic link), or choose another section with --to"
        ))]);
    }
    let standard = STANDARD.iter().find(|s| s.name == name);
    if let Some(standard) = standard
        && std::fs::symlink_metadata(&path).is_err()
    {
        return Ok(Target {
            rel,
            missing: Some(standard),
        });
    }
    let existing = existing_sections(&options.root).join("、");
    Err(vec![Diagnostic::error(&rel, "import", text!(
        "栏目 {name} 不存在",
        "there is no section {name}"
    ))
    .with_hint(text!(
        "用 --to 选一个现有栏目：{existing}；或先建立 content/{name}/_index.md",
        "choose an existing section with --to: {existing}; or create content/{name}/_index.md first"
    ))])
}

/// Creates the standard section `rel` with its `_index.md`, whole or not at all, the way a
/// page bundle is written.
pub(super) fn create(root: &Path, rel: &Path, standard: &Standard) -> Result<(), Text> {
    if let Some(content) = root.join(rel).parent() {
        std::fs::create_dir_all(content).map_err(|err| {
            let shown = rel.display();
            text!(
                "无法建立栏目 {shown}：{err}",
                "cannot create the section {shown}: {err}"
            )
        })?;
    }
    let bundle = Bundle {
        dir: rel.to_path_buf(),
        files: vec![(
            PathBuf::from("_index.md"),
            standard.index.as_bytes().to_vec(),
        )],
    };
    match bundle::write(root, &bundle, false) {
        Ok(_) => Ok(()),
        // Another import may have made it meanwhile; a folder there is what was wanted.
        Err(_) if root.join(rel).is_dir() => Ok(()),
        Err(message) => Err(message),
    }
}

fn existing_sections(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("_index.md").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
