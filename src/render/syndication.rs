//! Files for machines: Atom and RSS feeds (site, sections, taxonomy terms), the sitemap and
//! robots.txt. Built from the site model with absolute, percent-encoded URLs; the XML itself is
//! written by `feeds.rs` and `sitemap.rs`.

use crate::content::{Page, Site};
use crate::diagnostics::Diagnostic;
use crate::render::feeds::{self, FeedEntry, FeedMeta};
use crate::render::sitemap::{self, SitemapUrl};
use crate::render::views::Views;

/// A feed this site writes: where, titled what, listing which pages (newest first).
pub struct FeedSpec {
    /// Site path of the folder the feed files go in (`/`, `/industry/`, `/tags/茶产业/`).
    pub dir: String,
    /// Feed title.
    pub title: String,
    /// Pages, newest first.
    pub pages: Vec<usize>,
    /// The term a taxonomy term's feed is about: its entries carry this one category rather
    /// than all their page's tags, so that a page with N tags costs N entries of one category,
    /// not N entries of N (which made a page with 4,000 tags write 1 GB).
    pub term: Option<String>,
}

/// Every feed: the whole site, each section (its own pages and its subsections'), and each
/// taxonomy term whose taxonomy has feeds.
pub fn feed_specs(site: &Site, newest_first: &[usize]) -> Vec<FeedSpec> {
    if !site.config.feeds.enabled {
        return Vec::new();
    }
    let mut specs = vec![FeedSpec {
        dir: "/".into(),
        title: site.config.title.clone(),
        pages: newest_first.to_vec(),
        term: None,
    }];
    for (i, section) in site.sections.iter().enumerate().skip(1) {
        let pages = newest_first
            .iter()
            .copied()
            .filter(|&p| in_section(site, site.pages[p].section, i))
            .collect();
        specs.push(FeedSpec {
            dir: section.path.clone(),
            title: format!("{} - {}", section.title, site.config.title),
            pages,
            term: None,
        });
    }
    for (taxonomy, config) in site.taxonomies.iter().zip(&site.config.taxonomies) {
        if !config.feed {
            continue;
        }
        for term in &taxonomy.terms {
            let title = format!("{}：{} - {}", taxonomy.title, term.name, site.config.title);
            specs.push(FeedSpec {
                dir: term.path.clone(),
                title,
                pages: term.pages.clone(),
                term: Some(term.name.clone()),
            });
        }
    }
    specs
}

/// Whether `section` is `ancestor` or lies below it.
fn in_section(site: &Site, mut section: usize, ancestor: usize) -> bool {
    loop {
        if section == ancestor {
            return true;
        }
        match site.sections[section].parent {
            Some(parent) => section = parent,
            None => return false,
        }
    }
}

/// Whether `page` is among the entries `spec`'s files list (dated pages, up to the feed limit).
pub fn shows(site: &Site, spec: &FeedSpec, page: usize) -> bool {
    spec.pages
        .iter()
        .filter(|&&i| site.pages[i].date.is_some())
        .take(site.config.feeds.limit)
        .any(|&i| i == page)
}

/// A feed's Atom and RSS files: (target, bytes) twice.
pub type FeedFiles = [(String, Vec<u8>); 2];

/// The files of one feed; an error when a full-content entry's body could not be had (its file
/// changed during the build).
pub fn feed_files(views: &Views<'_>, spec: &FeedSpec) -> Result<FeedFiles, Diagnostic> {
    let site = views.site;
    let config = &site.config;
    let atom_path = format!("{}atom.xml", spec.dir);
    let rss_path = format!("{}rss.xml", spec.dir);
    let meta = FeedMeta {
        title: spec.title.clone(),
        subtitle: config.description.clone(),
        site_url: views.permalink(&spec.dir),
        atom_url: views.permalink(&atom_path),
        rss_url: views.permalink(&rss_path),
        language: config.language.clone(),
        generator: concat!("jianbao ", env!("CARGO_PKG_VERSION")).into(),
    };
    let entries: Vec<FeedEntry> = spec
        .pages
        .iter()
        .filter_map(|&i| {
            let page = &site.pages[i];
            Some((page, page.date.clone()?))
        })
        .take(config.feeds.limit)
        .map(|(page, published)| entry(views, page, published, spec.term.as_ref()))
        .collect::<Result<_, _>>()?;
    let target = |path: &str| path.trim_start_matches('/').to_string();
    Ok([
        (
            target(&atom_path),
            feeds::atom(&meta, &entries).into_bytes(),
        ),
        (target(&rss_path), feeds::rss(&meta, &entries).into_bytes()),
    ])
}

fn entry<'a>(
    views: &Views<'a>,
    page: &'a Page,
    published: jiff::Zoned,
    term: Option<&String>,
) -> Result<FeedEntry, Diagnostic> {
    let permalink = views.permalink(&page.path);
    let content_html = if views.site.config.feeds.full_content {
        let body = views.body(page)?;
        Some(crate::render::relative::absolutize(&body.html, &permalink))
    } else {
        None
    };
    Ok(FeedEntry {
        title: page.title.clone(),
        permalink,
        published,
        updated: page.updated.clone(),
        summary: page.summary.clone(),
        content_html,
        author: page.author.clone(),
        categories: match term {
            Some(term) => vec![term.clone()],
            None => page.tags.clone(),
        },
    })
}

/// `sitemap.xml` (or an index and its parts) and `robots.txt`.
pub fn sitemap_files(views: &Views<'_>) -> Vec<(String, Vec<u8>)> {
    let site = views.site;
    let mut urls: Vec<SitemapUrl> = Vec::new();
    let mut push = |path: &str, lastmod: Option<jiff::Zoned>| {
        urls.push(SitemapUrl {
            loc: views.permalink(path),
            lastmod,
        })
    };
    for section in &site.sections {
        let newest = section
            .pages
            .iter()
            .filter_map(|&i| last_change(&site.pages[i]))
            .max();
        push(&section.path, newest);
    }
    for page in &site.pages {
        push(&page.path, last_change(page));
    }
    for taxonomy in &site.taxonomies {
        push(&taxonomy.path, None);
        for term in &taxonomy.terms {
            push(
                &term.path,
                term.pages
                    .first()
                    .and_then(|&i| last_change(&site.pages[i])),
            );
        }
    }
    push("/archive/", None);
    for year in &site.archive {
        push(&year.path, None);
    }
    for results in super::results::pages(site) {
        push(&results.path, None);
    }
    if site.data.tables().next().is_some() {
        push("/data/", None);
    }
    urls.sort_by(|a, b| a.loc.cmp(&b.loc));
    let mut files: Vec<(String, Vec<u8>)> = sitemap::sitemaps(&urls, &site.config.base_url())
        .into_iter()
        .map(|(name, xml)| (name, xml.into_bytes()))
        .collect();
    let robots = sitemap::robots_txt(&views.permalink("/sitemap.xml"));
    files.push(("robots.txt".into(), robots.into_bytes()));
    files
}

fn last_change(page: &Page) -> Option<jiff::Zoned> {
    page.updated.clone().or_else(|| page.date.clone())
}
