//! Which kind of source a changed path is: the pure decision behind the watcher and the rebuild.
//!
//! Owns [`classify`] (one path relative to the site root → one [`Change`]) and [`ChangeSet`] (the
//! changes of one burst of saves). Must not touch the file system or know about `notify`, so
//! every editor's habits can be pinned down by unit tests with plain paths.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::is_ignored_name;

/// What one changed path means for the site. Paths are relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// `site.yaml`.
    Config,
    /// A file or folder below `content/`.
    Content(PathBuf),
    /// A file or folder below `data/`: the data files tables and charts are drawn from.
    Data(PathBuf),
    /// A file or folder below `templates/`.
    Template(PathBuf),
    /// A file or folder below `static/`; `stylesheet` when it is a `.css` file, which a browser
    /// can swap without reloading the page.
    Static { path: PathBuf, stylesheet: bool },
    /// The watcher lost track (the kernel's event queue overflowed): anything may have changed.
    Rescan,
    /// Not a source: editor swap and backup files, office lock files, hidden files, the output
    /// folder, anything outside the five sources.
    Ignored,
}

/// Maps a path relative to the site root to the kind of change it is.
pub fn classify(rel: &Path) -> Change {
    let names: Vec<&OsStr> = rel.iter().collect();
    let Some((first, _)) = names.split_first() else {
        return Change::Ignored;
    };
    if names.iter().any(|name| is_temporary(name)) {
        return Change::Ignored;
    }
    let path = rel.to_path_buf();
    match first.to_str() {
        Some(CONFIG_FILE) if names.len() == 1 => Change::Config,
        Some("content") => Change::Content(path),
        Some("data") => Change::Data(path),
        Some("templates") => Change::Template(path),
        Some("static") => {
            let stylesheet = rel
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("css"));
            Change::Static { path, stylesheet }
        }
        _ => Change::Ignored,
    }
}

/// Files no build reads: what the loader skips, plus what editors create for a moment only.
fn is_temporary(name: &OsStr) -> bool {
    if is_ignored_name(name) {
        return true;
    }
    let name = name.to_string_lossy();
    is_vim_probe(&name)
        || (name.starts_with('#') && name.ends_with('#')) // Emacs auto-save
        || name.ends_with(".kate-swp")
        || name.ends_with(".crswap")
}

/// Vim checks that it may write a folder by creating a file named `4913` there (`4913 + 123n`
/// when that exists) and deleting it at once; it is never content.
fn is_vim_probe(name: &str) -> bool {
    name.parse::<u32>()
        .is_ok_and(|n| (4913..4913 + 123 * 100).contains(&n) && (n - 4913) % 123 == 0)
}

/// The changes of one burst of saves, without the ignored ones, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    changes: BTreeSet<Change>,
}

impl ChangeSet {
    /// An empty set.
    pub fn new() -> ChangeSet {
        ChangeSet::default()
    }

    /// Adds one change; ignored ones are dropped.
    pub fn insert(&mut self, change: Change) {
        if change != Change::Ignored {
            self.changes.insert(change);
        }
    }

    /// Adds every change of `other`.
    pub fn extend(&mut self, other: ChangeSet) {
        self.changes.extend(other.changes);
    }

    /// Whether nothing that matters changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many sources changed.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// The changes in order.
    pub fn iter(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter()
    }

    /// Whether only stylesheets under `static/` changed, so open pages can keep their state.
    pub fn is_stylesheets_only(&self) -> bool {
        !self.is_empty()
            && self.changes.iter().all(|change| {
                matches!(
                    change,
                    Change::Static {
                        stylesheet: true,
                        ..
                    }
                )
            })
    }

    /// Whether only files below `templates/` changed (a template edit: pages and lists are
    /// rendered again from the kept site).
    pub fn is_templates_only(&self) -> bool {
        !self.is_empty()
            && (self.changes.iter()).all(|change| matches!(change, Change::Template(_)))
    }

    /// The changed files when every change is below `content/` (a body edit may then do);
    /// `None` for no changes and for anything else.
    pub fn content_files(&self) -> Option<Vec<PathBuf>> {
        let files: Option<Vec<PathBuf>> = (self.changes.iter())
            .map(|change| match change {
                Change::Content(path) => Some(path.clone()),
                _ => None,
            })
            .collect();
        files.filter(|files| !files.is_empty())
    }

    /// Whether the top-level source folder `name` itself was created, removed or renamed, so its
    /// watch must be renewed.
    pub fn touches_folder(&self, name: &str) -> bool {
        self.changes.iter().any(|change| match change {
            Change::Content(path)
            | Change::Data(path)
            | Change::Template(path)
            | Change::Static { path, .. } => path == Path::new(name),
            Change::Rescan => true,
            Change::Config | Change::Ignored => false,
        })
    }

    /// The first changed path, for a one-line terminal message.
    pub fn first_path(&self) -> Option<PathBuf> {
        self.changes.iter().find_map(|change| match change {
            Change::Config => Some(PathBuf::from(CONFIG_FILE)),
            Change::Content(path)
            | Change::Data(path)
            | Change::Template(path)
            | Change::Static { path, .. } => Some(path.clone()),
            Change::Rescan | Change::Ignored => None,
        })
    }
}

impl FromIterator<Change> for ChangeSet {
    fn from_iter<I: IntoIterator<Item = Change>>(iter: I) -> ChangeSet {
        let mut set = ChangeSet::new();
        for change in iter {
            set.insert(change);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Change {
        classify(Path::new(path))
    }

    #[test]
    fn sources_map_to_their_kind() {
        assert_eq!(kind("site.yaml"), Change::Config);
        assert_eq!(
            kind("content/news/茶叶.md"),
            Change::Content("content/news/茶叶.md".into())
        );
        assert_eq!(
            kind("content/news/kiwi/实施方案.pdf"),
            Change::Content("content/news/kiwi/实施方案.pdf".into())
        );
        assert_eq!(
            kind("templates/page.html"),
            Change::Template("templates/page.html".into())
        );
        assert_eq!(
            kind("data/收入.xlsx"),
            Change::Data("data/收入.xlsx".into())
        );
        assert_eq!(
            kind("static/css/site.CSS"),
            Change::Static {
                path: "static/css/site.CSS".into(),
                stylesheet: true
            }
        );
        assert_eq!(
            kind("static/img/logo.png"),
            Change::Static {
                path: "static/img/logo.png".into(),
                stylesheet: false
            }
        );
    }

    #[test]
    fn a_source_folder_itself_is_a_change_of_its_kind() {
        assert_eq!(kind("templates"), Change::Template("templates".into()));
        assert_eq!(kind("content"), Change::Content("content".into()));
    }

    #[test]
    fn editor_leftovers_are_ignored() {
        for path in [
            // vim: swap files, backups, the write probe, rename-on-save backups
            "content/news/.tea.md.swp",
            "content/news/.tea.md.swx",
            "content/news/tea.md~",
            "content/news/4913",
            "content/news/5036",
            // WPS / Microsoft Office / LibreOffice lock files
            "content/news/~$实施方案.docx",
            "content/news/.~lock.统计表.xlsx#",
            // JetBrains safe write
            "templates/page.html___jb_tmp___",
            "templates/page.html___jb_old___",
            // macOS, Windows, Emacs, Kate, Chrome's File System Access API
            "content/.DS_Store",
            "static/Thumbs.db",
            "content/#tea.md#",
            "content/tea.md.kate-swp",
            "static/site.css.crswap",
            "content/news/报告.tmp",
            // hidden folders such as a nested git checkout
            "content/.git/index",
        ] {
            assert_eq!(kind(path), Change::Ignored, "{path}");
        }
    }

    #[test]
    fn everything_outside_the_sources_is_ignored() {
        for path in [
            "",
            "public/index.html",
            "public",
            ".public.jianbao-new/index.html",
            "README.md",
            "notes/site.yaml",
            "content.md",
        ] {
            assert_eq!(kind(path), Change::Ignored, "{path}");
        }
    }

    #[test]
    fn numbers_that_are_not_vim_probes_are_content() {
        assert_eq!(
            kind("static/2024"),
            Change::Static {
                path: "static/2024".into(),
                stylesheet: false
            }
        );
    }

    #[test]
    fn a_set_drops_ignored_changes_and_knows_stylesheet_only_bursts() {
        let css = Change::Static {
            path: "static/a.css".into(),
            stylesheet: true,
        };
        let set: ChangeSet = [css.clone(), Change::Ignored, css.clone()]
            .into_iter()
            .collect();
        assert_eq!(set.len(), 1);
        assert!(set.is_stylesheets_only());

        let mixed: ChangeSet = [css, Change::Content("content/a.md".into())]
            .into_iter()
            .collect();
        assert!(!mixed.is_stylesheets_only());
        assert!(!ChangeSet::new().is_stylesheets_only());
    }

    #[test]
    fn a_set_knows_when_a_source_folder_itself_moved() {
        let set: ChangeSet = [kind("templates"), kind("content/a.md")]
            .into_iter()
            .collect();
        assert!(set.touches_folder("templates"));
        assert!(!set.touches_folder("content"));
        assert_eq!(set.first_path(), Some(PathBuf::from("content/a.md")));
    }

    #[test]
    fn a_set_says_which_way_a_preview_rebuild_may_take() {
        let set = |paths: &[&str]| -> ChangeSet { paths.iter().map(|p| kind(p)).collect() };
        let templates = set(&["templates/page.html", "templates/partials/nav.html"]);
        assert!(templates.is_templates_only());
        assert_eq!(templates.content_files(), None);

        let pages = set(&["content/a.md", "content/news/b.md"]);
        assert!(!pages.is_templates_only());
        assert_eq!(
            pages.content_files(),
            Some(vec![
                PathBuf::from("content/a.md"),
                PathBuf::from("content/news/b.md")
            ])
        );

        // A data file can feed any page's tables and charts: a full build.
        let data = set(&["data/收入.csv"]);
        assert!(!data.is_templates_only());
        assert_eq!(data.content_files(), None);
        assert!(set(&["data/~$收入.xlsx", "data/.~lock.收入.xlsx#"]).is_empty());

        let mixed = set(&["content/a.md", "templates/page.html"]);
        assert!(!mixed.is_templates_only());
        assert_eq!(mixed.content_files(), None);
        assert_eq!(set(&["content/a.md", "site.yaml"]).content_files(), None);
        assert!(!ChangeSet::new().is_templates_only());
        assert_eq!(ChangeSet::new().content_files(), None);
    }
}
