//! Site paths: where each section and page is published ([`section_path`], [`page_path`]), and
//! internal links, from what an editor wrote in Markdown to a published URL or a clear error.
//!
//! `content` assigns the paths and builds the [`UrlIndex`] while loading, then rewrites each
//! body's links with it; `resolve` checks the links against it and `render` writes hrefs with
//! [`href`]. Paths are kept unencoded and percent-encoded only in an href.
//!
//! Editors link by source file (`@/industry/tea.md`, `../notices/x.md`), by published path
//! (`/industry/`), or to files beside the page (`实施方案.pdf`). All of them are resolved against
//! the [`UrlIndex`] and rewritten to a URL carrying the site's base path, so that a site published
//! under a sub-path (`https://host/zcdt/`) keeps working.

use std::collections::{BTreeMap, HashMap, HashSet};

use std::path::Path;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// A section's site path from its folder under `content/`: `industry/tea` → `/industry/tea/`.
pub fn section_path(dir: &Path) -> String {
    let mut path = String::from("/");
    for part in dir.components() {
        path.push_str(&part.as_os_str().to_string_lossy());
        path.push('/');
    }
    path
}

/// A page's site path: its section's path and its slug, `/industry/` + `tea` → `/industry/tea/`.
pub fn page_path(section_path: &str, slug: &str) -> String {
    format!("{section_path}{slug}/")
}

/// Every source file and published path of a site.
#[derive(Debug, Default)]
pub struct UrlIndex {
    /// Content-relative source path (`industry/tea.md`, `industry/x/实施方案.pdf`) to site path.
    pub by_file: HashMap<String, String>,
    /// Every published site path: pages and sections end in `/`, files do not.
    pub site_paths: HashSet<String>,
    /// Source paths of drafts, to say why a link to one does not resolve.
    pub drafts: HashSet<String>,
    /// The site's image files by site path (`/news/a/photo.jpg`), probed.
    pub images: BTreeMap<String, super::ImageSource>,
    /// The site's data files (`data/`), which bodies' ```` ```table ```` and ```` ```chart ````
    /// blocks draw from. Kept here because every body is rendered against this index, in the
    /// load, in a large build's second pass and in the preview alike.
    pub data: std::sync::Arc<crate::figures::DataFiles>,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Outside the site (`https:`, `mailto:`, …): left alone.
    External,
    /// A heading on the same page.
    SamePage {
        /// The heading id, percent-decoded.
        anchor: String,
    },
    /// A published path of this site.
    Internal {
        /// Site path without the base path, unencoded: `/industry/tea/`.
        path: String,
        /// Heading id on the target, percent-decoded.
        anchor: Option<String>,
    },
}

/// Why a link does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// No such source file or published path.
    NotFound {
        /// What was looked for.
        wanted: String,
    },
    /// The target is a draft, which is not published.
    Draft {
        /// The draft's source path.
        wanted: String,
    },
    /// `..` climbs out of `content/`.
    OutsideContent,
}

/// Resolves `dest`, written in the page whose source folder (relative to `content/`) is
/// `source_dir` (`""` for the content root).
pub fn resolve(dest: &str, source_dir: &str, index: &UrlIndex) -> Result<LinkTarget, LinkError> {
    let dest = dest.trim();
    if is_external(dest) {
        return Ok(LinkTarget::External);
    }
    let (target, anchor) = match dest.split_once('#') {
        Some((target, anchor)) => (target, Some(decode(anchor))),
        None => (dest, None),
    };
    let target = target.split_once('?').map_or(target, |(t, _)| t);
    if target.is_empty() {
        return Ok(LinkTarget::SamePage {
            anchor: anchor.unwrap_or_default(),
        });
    }
    let target = decode(target);
    let path = if let Some(from_root) = target.strip_prefix("@/") {
        lookup_file(&normalize("", from_root)?, index)?
    } else if target.starts_with('/') {
        lookup_site_path(&target, index)?
    } else {
        let joined = normalize(source_dir, &target)?;
        match lookup_file(&joined, index) {
            Ok(path) => path,
            Err(LinkError::NotFound { .. }) if !joined.ends_with(".md") => {
                lookup_site_path(&format!("/{joined}"), index)?
            }
            Err(err) => return Err(err),
        }
    };
    Ok(LinkTarget::Internal { path, anchor })
}

/// What to write in place of `dest`: internal links become base-path-prefixed, encoded URLs.
/// A root-relative link that does not resolve yet (a taxonomy or archive page, which exist only
/// after resolving) still gets the base path; `check_links` reports it if it really is broken.
pub fn rewrite(dest: &str, source_dir: &str, index: &UrlIndex, base_path: &str) -> Option<String> {
    match resolve(dest, source_dir, index) {
        Ok(LinkTarget::Internal { path, anchor }) => {
            Some(href(base_path, &path, anchor.as_deref()))
        }
        Err(LinkError::NotFound { .. }) if dest.starts_with('/') && !dest.starts_with("//") => {
            let (path, anchor) = match dest.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (dest, None),
            };
            Some(href(base_path, &decode(path), anchor))
        }
        _ => None,
    }
}

/// The href to write for a resolved internal path: base path + percent-encoded path + anchor.
pub fn href(base_path: &str, path: &str, anchor: Option<&str>) -> String {
    let mut out = String::with_capacity(base_path.len() + path.len() * 3);
    out.push_str(base_path.trim_end_matches('/'));
    out.push_str(&encode_path(path));
    if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
        out.push('#');
        out.push_str(anchor);
    }
    out
}

/// Characters kept as they are in a URL path: everything else (spaces, `%`, non-ASCII) is encoded.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'%')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']');

/// Percent-encodes a site path (`/通知公告/` → `/%E9%80%9A…/`), keeping `/`.
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && !scheme.contains(['/', '#', '?'])
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && scheme != "@"
        }
        None => false,
    }
}

/// Joins `relative` onto `dir` (both content-relative, `/`-separated), folding `.` and `..`.
fn normalize(dir: &str, relative: &str) -> Result<String, LinkError> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let trailing_slash = relative.ends_with('/');
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(LinkError::OutsideContent)?;
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if trailing_slash && !joined.is_empty() {
        joined.push('/');
    }
    Ok(joined)
}

fn lookup_file(file: &str, index: &UrlIndex) -> Result<String, LinkError> {
    if let Some(path) = index.by_file.get(file) {
        return Ok(path.clone());
    }
    if index.drafts.contains(file) {
        return Err(LinkError::Draft {
            wanted: file.to_string(),
        });
    }
    Err(LinkError::NotFound {
        wanted: file.to_string(),
    })
}

fn lookup_site_path(path: &str, index: &UrlIndex) -> Result<String, LinkError> {
    let bare = path.strip_suffix("index.html").unwrap_or(path);
    let candidates = [bare.to_string(), format!("{}/", bare.trim_end_matches('/'))];
    candidates
        .into_iter()
        .find(|c| index.site_paths.contains(c))
        .ok_or_else(|| LinkError::NotFound {
            wanted: path.to_string(),
        })
}

/// A term as a URL segment: kept in Chinese, with characters that cannot stand in a path or a
/// Windows file name replaced by `-`.
pub fn term_segment(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for c in term.trim().chars() {
        let bad = c.is_whitespace()
            || matches!(
                c,
                '/' | '\\' | '?' | '#' | '%' | ':' | '*' | '"' | '<' | '>' | '|'
            );
        if !(bad && out.ends_with('-')) {
            out.push(if bad { '-' } else { c });
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_segments_keep_chinese_and_drop_path_characters() {
        assert_eq!(term_segment("茶产业"), "茶产业");
        assert_eq!(term_segment(" 乡村 振兴 "), "乡村-振兴");
        assert_eq!(term_segment("a/b?c"), "a-b-c");
        assert_eq!(term_segment("//"), "");
    }

    fn index() -> UrlIndex {
        let mut index = UrlIndex::default();
        for (file, path) in [
            ("industry/tea.md", "/industry/tea/"),
            ("industry/_index.md", "/industry/"),
            ("industry/kiwi/index.md", "/industry/kiwi/"),
            ("industry/kiwi/方案.pdf", "/industry/kiwi/方案.pdf"),
            ("notices/通知.md", "/notices/通知/"),
        ] {
            index.by_file.insert(file.into(), path.into());
            index.site_paths.insert(path.into());
        }
        index.site_paths.insert("/css/site.css".into());
        index.drafts.insert("industry/draft.md".into());
        index
    }

    fn internal(path: &str, anchor: Option<&str>) -> Result<LinkTarget, LinkError> {
        Ok(LinkTarget::Internal {
            path: path.into(),
            anchor: anchor.map(Into::into),
        })
    }

    #[test]
    fn content_root_links_resolve() {
        assert_eq!(
            resolve("@/industry/tea.md", "notices", &index()),
            internal("/industry/tea/", None)
        );
        assert_eq!(
            resolve("@/industry/tea.md#主要做法", "", &index()),
            internal("/industry/tea/", Some("主要做法"))
        );
    }

    #[test]
    fn relative_source_links_resolve() {
        assert_eq!(
            resolve("../notices/通知.md", "industry", &index()),
            internal("/notices/通知/", None)
        );
        assert_eq!(
            resolve("tea.md", "industry", &index()),
            internal("/industry/tea/", None)
        );
        assert_eq!(
            resolve("%E6%96%B9%E6%A1%88.pdf", "industry/kiwi", &index()),
            internal("/industry/kiwi/方案.pdf", None)
        );
    }

    #[test]
    fn site_paths_resolve_with_or_without_slash() {
        assert_eq!(
            resolve("/industry", "", &index()),
            internal("/industry/", None)
        );
        assert_eq!(
            resolve("/industry/index.html", "", &index()),
            internal("/industry/", None)
        );
        assert_eq!(
            resolve("/css/site.css", "", &index()),
            internal("/css/site.css", None)
        );
    }

    #[test]
    fn external_and_anchor_links_are_recognised() {
        for dest in [
            "https://www.gov.cn/",
            "mailto:a@b.cn",
            "tel:010-1234",
            "//cdn.example/x",
        ] {
            assert_eq!(
                resolve(dest, "", &index()),
                Ok(LinkTarget::External),
                "{dest}"
            );
        }
        assert_eq!(
            resolve("#一基本情况", "", &index()),
            Ok(LinkTarget::SamePage {
                anchor: "一基本情况".into()
            })
        );
    }

    #[test]
    fn broken_links_say_what_was_wanted() {
        assert_eq!(
            resolve("@/industry/nope.md", "", &index()),
            Err(LinkError::NotFound {
                wanted: "industry/nope.md".into()
            })
        );
        assert_eq!(
            resolve("draft.md", "industry", &index()),
            Err(LinkError::Draft {
                wanted: "industry/draft.md".into()
            })
        );
        assert_eq!(
            resolve("../../x.md", "industry", &index()),
            Err(LinkError::OutsideContent)
        );
    }

    #[test]
    fn hrefs_carry_base_path_and_encoding() {
        assert_eq!(
            href("/zcdt/", "/notices/通知/", None),
            "/zcdt/notices/%E9%80%9A%E7%9F%A5/"
        );
        assert_eq!(
            href("/", "/industry/tea/", Some("做法")),
            "/industry/tea/#做法"
        );
    }
}
