//! What follows from the whole site once it is loaded: list orders, internal links and anchors.
//!
//! Works on plain data only; pushes a diagnostic for every link that leads nowhere.

mod gov;
pub mod groups;
mod related;

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::content::urls::{self, LinkError, LinkTarget, UrlIndex};
use crate::content::{Page, Site, SortBy};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Orders every section's pages and children, then checks every internal link and anchor.
pub fn resolve(site: &mut Site, index: &UrlIndex, diagnostics: &mut Diagnostics) {
    sort_sections(site);
    link_neighbours(site);
    let newest_first = newest_first(&site.pages);
    site.taxonomies = groups::taxonomies(&site.config.taxonomies, &site.pages, &newest_first);
    site.archive = groups::archive(&site.pages, &newest_first);
    related::relate(&mut site.pages, &site.taxonomies, &newest_first);
    diagnostics.extend(gov::link_interpretations(site, index));
    diagnostics.extend(gov::check_bulletin_numbers(&site.pages));
    let generated = generated_paths(site);
    diagnostics.extend(check_links(site, index, &generated));
    diagnostics.extend(check_aliases(site, index, &generated));
    diagnostics.extend(check_config_files(&site.config, index));
    diagnostics.extend(raw_html_removed(site));
    diagnostics.extend(figures_failed(site));
    diagnostics.extend(term_spellings(site, &newest_first));
    diagnostics.extend(name_collisions(site));
}

/// Files `site.yaml` names in `static/` (the site icon, the 党政机关网站标识 image) must exist,
/// or every page would show a broken image.
fn check_config_files(config: &crate::config::Config, index: &UrlIndex) -> Vec<Diagnostic> {
    let named = [
        ("favicon", config.favicon.as_deref()),
        ("footer.conac_image", config.footer.conac_image.as_deref()),
    ];
    named
        .into_iter()
        .filter_map(|(key, file)| Some((key, file?)))
        .filter(|(_, file)| {
            let path = format!("/{}", file.trim_start_matches('/'));
            !index.site_paths.contains(&path)
        })
        .map(|(key, file)| {
            Diagnostic::error(
                config.root.join(crate::config::CONFIG_FILE),
                "missing-file",
                text!(
                    "site.yaml 的 {key} 指向的文件 static/{file} 不存在",
                    "{key} in site.yaml names static/{file}, which does not exist"
                ),
            )
            .with_hint(text!(
                "把文件放进 static/ 文件夹，或改正 {key} 的路径（相对于 static/）",
                "put the file in the static/ folder or correct {key} (a path inside static/)"
            ))
        })
        .collect()
}

/// A term written in spellings that differ only in case or width is published as one: each
/// other spelling is a warning at the newest page using it.
fn term_spellings(site: &Site, order: &[usize]) -> Vec<Diagnostic> {
    groups::term_spellings(&site.config.taxonomies, &site.pages, order)
        .into_iter()
        .map(|(page, taxonomy, other, shown)| {
            let key = if taxonomy == "teams" { "team" } else { taxonomy.as_str() };
            Diagnostic::warning(&page.file, "term-spellings", text!("“{other}”和“{shown}”只差大小写或全角半角，在 Windows 和 macOS 上是同一个文件夹，已合并为“{shown}”", "`{other}` and `{shown}` differ only in case or width, which Windows and macOS disks treat as one folder: they are published together as `{shown}`"))
                .at_line(page.line_of(key))
                .with_hint(text!("统一写成“{shown}”", "write it as `{shown}` everywhere"))
        })
        .collect()
}

/// Pages and sections whose URLs differ only in case or Unicode normalisation (`Report.md` and
/// `report.md`, `é` composed or decomposed): one overwrites the other on the editor's Windows
/// or macOS disk and on most servers' copies. Each after the first is a warning.
fn name_collisions(site: &Site) -> Vec<Diagnostic> {
    use unicode_normalization::UnicodeNormalization as _;
    let mut seen: HashMap<String, &std::path::Path> = HashMap::new();
    let sections = site
        .sections
        .iter()
        .filter_map(|s| s.file.as_deref().map(|file| (s.path.as_str(), file)));
    let pages = site
        .pages
        .iter()
        .map(|p| (p.path.as_str(), p.file.as_path()));
    let mut found = Vec::new();
    for (path, file) in sections.chain(pages) {
        let key = path.nfc().collect::<String>().to_lowercase();
        match seen.get(&key) {
            Some(first) if *first != file => {
                let first = first.display();
                found.push(
                    Diagnostic::warning(file, "name-collision", text!("网址 {path} 和 {first} 的网址只差大小写或字符的组合方式，在 Windows 和 macOS 上会互相覆盖", "the URL {path} differs from that of {first} only in case or Unicode composition: one overwrites the other on Windows and macOS"))
                        .with_hint(text!("给其中一个改名（或用 slug: 指定不同的网址名）", "rename one of them (or give it another slug:)")),
                );
            }
            Some(_) => {}
            None => {
                seen.insert(key, file);
            }
        }
    }
    found
}

/// Raw HTML that `markdown.raw_html` kept out of a page, each element or attribute at its line:
/// a warning, so that the editor knows the published page differs from what was written.
fn raw_html_removed(site: &Site) -> Vec<Diagnostic> {
    let policy = site.config.markdown.raw_html;
    site.pages
        .iter()
        .flat_map(|page| {
            page.body.raw_html_removed.iter().map(move |removal| {
                let what = &removal.what;
                let (message, hint) = if policy == crate::markdown::RawHtml::Strip {
                    (
                        text!("网页代码“{what}”没有发布（markdown.raw_html: strip）", "the raw HTML `{what}` is not published (markdown.raw_html: strip)"),
                        text!("改用 Markdown 写法；确需网页代码时把 site.yaml 的 markdown.raw_html 设为 safe", "write it in Markdown, or set markdown.raw_html to safe in site.yaml"),
                    )
                } else {
                    (
                        text!("网页代码里的 {what} 不安全，发布时已去掉", "{what} in raw HTML is unsafe and is left out of the published page"),
                        text!("脚本、事件属性、javascript: 链接、外部框架和表单不能放进文章；视频、音频请放在网站里用相对路径引用", "scripts, event attributes, javascript: links, frames and forms cannot go into a page; put video and audio in the site and link them by a relative path"),
                    )
                };
                Diagnostic::warning(&page.file, "raw-html", message)
                    .at_line(page.body_line + removal.line - 1)
                    .with_hint(hint)
            })
        })
        .collect()
}

/// A ```` ```table ```` or ```` ```chart ```` block that could not be drawn (a missing data
/// file or column, an unknown option): an error at the block's line, in the words `figures` gave.
fn figures_failed(site: &Site) -> Vec<Diagnostic> {
    (site.pages.iter())
        .flat_map(|page| {
            page.body.blocks_failed.iter().map(move |failed| {
                let message = crate::i18n::Text::new(failed.zh.clone(), failed.en.clone());
                Diagnostic::error(&page.file, "figure", message)
                    .at_line(page.body_line + failed.line - 1)
                    .with_hint(text!(
                        "写法见 docs/figures.md：第一行 ```table 或 ```chart 类型 数据文件，下面每行一个“选项: 值”",
                        "see docs/figures.md: ```table or ```chart KIND with the data file on the first line, one `option: value` per line below"
                    ))
            })
        })
        .collect()
}

/// An alias must not overwrite a real page, a file or another alias.
fn check_aliases(site: &Site, index: &UrlIndex, generated: &HashSet<String>) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    let mut found = Vec::new();
    for page in &site.pages {
        for alias in &page.aliases {
            let as_dir = format!("{}/", alias.trim_end_matches('/'));
            let taken = index.site_paths.contains(alias.as_str())
                || index.site_paths.contains(&as_dir)
                || generated.contains(alias.as_str())
                || generated.contains(&as_dir);
            let twice = seen
                .insert(alias.as_str(), page)
                .map(|other| other.file.display().to_string());
            if taken || twice.is_some() {
                let other = twice.unwrap_or_else(|| alias.clone());
                found.push(
                    Diagnostic::error(
                        &page.file,
                        "alias-conflict",
                        text!(
                            "旧网址 {alias} 已被占用（{other}）",
                            "the old URL {alias} is already taken ({other})"
                        ),
                    )
                    .at_line(page.line_of("aliases"))
                    .with_hint(text!(
                        "删掉这个旧网址，或换一个不与现有页面重复的",
                        "remove this alias or choose one no page uses"
                    )),
                );
            }
        }
    }
    found
}

/// Listed pages across the site, newest first (undated last), ties by source path.
pub fn newest_first(pages: &[Page]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].listed).collect();
    order.sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], SortBy::Date));
    order
}

/// Previous and next page within each section's order.
fn link_neighbours(site: &mut Site) {
    for section in &site.sections {
        for pair in section.pages.windows(2) {
            site.pages[pair[0]].next = Some(pair[1]);
            site.pages[pair[1]].previous = Some(pair[0]);
        }
    }
}

fn sort_sections(site: &mut Site) {
    let Site {
        sections, pages, ..
    } = site;
    for section in sections.iter_mut() {
        let sort_by = section.sort_by;
        section.pages.retain(|&i| pages[i].listed);
        section
            .pages
            .sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], sort_by));
    }
    let order: Vec<(i64, String)> = sections
        .iter()
        .map(|s| (s.weight, s.path.clone()))
        .collect();
    for section in sections.iter_mut() {
        section.children.sort_by(|&a, &b| order[a].cmp(&order[b]));
    }
}

/// Newest first for dates; ties fall back to the source path so output never depends on the
/// order files were found in.
fn compare_pages(a: &Page, b: &Page, sort_by: SortBy) -> Ordering {
    let primary = match sort_by {
        SortBy::Date => b.date.cmp(&a.date),
        SortBy::Weight => a
            .weight
            .unwrap_or(i64::MAX)
            .cmp(&b.weight.unwrap_or(i64::MAX)),
        SortBy::Title => a.title.cmp(&b.title),
    };
    primary.then_with(|| a.file.cmp(&b.file))
}

/// Site paths of the extra pages a paginated list writes after its first (`/industry/page/2/` …).
pub fn pagination_paths(
    path: &str,
    entries: usize,
    page_size: usize,
) -> impl Iterator<Item = String> + '_ {
    let pages = entries.div_ceil(page_size.max(1)).max(1);
    (2..=pages).map(move |n| format!("{path}page/{n}/"))
}

/// Every site path the build writes besides pages, sections and files: pagination, taxonomy and
/// archive pages, feeds and the sitemap. Links to them are valid.
pub fn generated_paths(site: &Site) -> HashSet<String> {
    let mut paths: HashSet<String> = HashSet::new();
    for section in &site.sections {
        paths.extend(pagination_paths(
            &section.path,
            section.pages.len(),
            section.page_size,
        ));
    }
    for (taxonomy, config) in site.taxonomies.iter().zip(&site.config.taxonomies) {
        paths.insert(taxonomy.path.clone());
        let size = config.page_size.unwrap_or(site.config.page_size);
        for term in &taxonomy.terms {
            paths.insert(term.path.clone());
            paths.extend(pagination_paths(&term.path, term.pages.len(), size));
        }
    }
    paths.insert("/archive/".into());
    paths.extend(site.archive.iter().map(|y| y.path.clone()));
    for file in [
        "/atom.xml",
        "/rss.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/404.html",
    ] {
        paths.insert(file.into());
    }
    // Section and term feeds sit in their folders.
    let sections = site.sections.iter().map(|s| s.path.clone());
    let terms = site
        .taxonomies
        .iter()
        .flat_map(|t| t.terms.iter().map(|term| term.path.clone()));
    for folder in sections.chain(terms) {
        paths.insert(format!("{folder}atom.xml"));
        paths.insert(format!("{folder}rss.xml"));
    }
    paths
}

fn check_links(site: &Site, index: &UrlIndex, generated: &HashSet<String>) -> Vec<Diagnostic> {
    let by_path = pages_by_path(site);
    site.pages
        .par_iter()
        .flat_map_iter(|page| page_link_problems(page, index, &by_path, generated))
        .collect()
}

/// The link problems of `pages` alone, exactly as [`resolve`] reports them: for a preview
/// session that rendered only those pages' bodies again.
pub fn check_page_links(site: &Site, index: &UrlIndex, pages: &[usize]) -> Vec<Diagnostic> {
    let generated = generated_paths(site);
    let by_path = pages_by_path(site);
    pages
        .iter()
        .flat_map(|&i| page_link_problems(&site.pages[i], index, &by_path, &generated))
        .collect()
}

fn pages_by_path(site: &Site) -> HashMap<&str, &Page> {
    site.pages.iter().map(|p| (p.path.as_str(), p)).collect()
}

fn page_link_problems(
    page: &Page,
    index: &UrlIndex,
    by_path: &HashMap<&str, &Page>,
    generated: &HashSet<String>,
) -> Vec<Diagnostic> {
    let is_generated = |wanted: &str| {
        let bare = wanted.strip_suffix("index.html").unwrap_or(wanted);
        generated.contains(bare) || generated.contains(&format!("{}/", bare.trim_end_matches('/')))
    };
    let source_dir = crate::content::source_dir_of(&page.file);
    let mut found = Vec::new();
    for link in &page.body.links {
        let line = page.body_line + link.line - 1;
        let problem = match urls::resolve(&link.dest, &source_dir, index) {
            Ok(LinkTarget::External) => None,
            Ok(LinkTarget::SamePage { anchor }) => missing_anchor(page, &anchor),
            Ok(LinkTarget::Internal { path, anchor }) => {
                match (anchor, by_path.get(path.as_str())) {
                    (Some(anchor), Some(target)) => missing_anchor(target, &anchor),
                    _ => None,
                }
            }
            Err(LinkError::NotFound { wanted }) if is_generated(&wanted) => None,
            Err(err) => Some(link_error(&err)),
        };
        if let Some((message, hint)) = problem {
            let code = if link.is_image {
                "missing-image"
            } else {
                "broken-link"
            };
            let mut d = Diagnostic::error(&page.file, code, message)
                .at(line, link.col)
                .with_excerpt(link.dest.clone());
            d.hint = Some(hint);
            found.push(d);
        }
    }
    found
}

type Explained = (crate::i18n::Text, crate::i18n::Text);

fn missing_anchor(target: &Page, anchor: &str) -> Option<Explained> {
    if anchor.is_empty()
        || target.body.headings.iter().any(|h| h.id == anchor)
        || is_footnote(anchor)
    {
        return None;
    }
    let file = target.file.display();
    let ids: Vec<&str> = target
        .body
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .take(12)
        .collect();
    let ids = ids.join(", ");
    Some((
        text!(
            "“{file}”里没有标题锚点 #{anchor}",
            "`{file}` has no heading with the anchor #{anchor}"
        ),
        text!("可用的锚点：{ids}", "anchors there: {ids}"),
    ))
}

/// Footnote references and back-references are generated by the Markdown renderer itself.
fn is_footnote(anchor: &str) -> bool {
    anchor.starts_with("fn") || anchor.starts_with("fr-")
}

fn link_error(err: &LinkError) -> Explained {
    match err {
        LinkError::NotFound { wanted } => (
            text!(
                "链接的目标“{wanted}”不存在",
                "the link target `{wanted}` does not exist"
            ),
            text!(
                "检查文件名和路径；链接其他文章可写 @/栏目/文件名.md",
                "check the file name and path; link another article as @/section/file.md"
            ),
        ),
        LinkError::Draft { wanted } => (
            text!(
                "链接的“{wanted}”是草稿或日期在今天之后，还不会发布",
                "the link target `{wanted}` is a draft or dated after today, so it is not published yet"
            ),
            text!(
                "发布该文章（去掉 draft: true，或改正它的日期），或删掉这个链接",
                "publish it (remove draft: true, or correct its date) or remove the link"
            ),
        ),
        LinkError::OutsideContent => (
            text!(
                "链接用 ../ 跳出了 content 文件夹",
                "the link climbs out of the content folder with ../"
            ),
            text!(
                "少写一个 ../，或改用 @/栏目/文件名.md",
                "use one ../ less, or write @/section/file.md"
            ),
        ),
    }
}
