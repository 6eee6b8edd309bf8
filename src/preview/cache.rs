//! The preview's load cache: what a session keeps between builds so that the next one reads
//! again only the files whose stamp changed and renders again only the Markdown whose text or
//! link targets changed ([`LoadCache`], which `content` loads through as a
//! [`content::SourceCache`]), and a saved page's new body read on its own ([`reload_body`],
//! [`BodyEdit`]), for the body-edit way in `mod.rs`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::urls::{self, UrlIndex};
use crate::content::{
    BodyOptions, FreshBody, Page, PageSource, Parsed, SourceCache, parse_file, render_markdown,
    replace_body, source_dir_of,
};
use crate::diagnostics::Diagnostic;
use crate::markdown;

/// What a preview session keeps between builds so that an edit re-reads and re-renders only
/// the files that changed: parsed sources keyed by file stamp, rendered Markdown keyed by text
/// and by what each of its links resolved to.
#[derive(Default)]
pub struct LoadCache {
    sources: HashMap<PathBuf, (FileStamp, Result<Parsed, Vec<Diagnostic>>)>,
    bodies: HashMap<PathBuf, CachedBody>,
}

/// Size and modification time: a file whose stamp is unchanged is not read again.
#[derive(Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileStamp {
    /// The stamp of the file at `path` now (an unreadable file gets no modification time, so it
    /// is never taken as unchanged).
    fn of(path: &Path) -> FileStamp {
        let meta = std::fs::metadata(path).ok();
        FileStamp {
            len: meta.as_ref().map_or(0, |m| m.len()),
            modified: meta.and_then(|m| m.modified().ok()),
        }
    }
}

/// A rendered body, valid while the text, the page's own settings and every link's resolution
/// stay the same.
#[derive(Clone)]
struct CachedBody {
    text: String,
    options: BodyOptions,
    source_dir: String,
    links: Vec<(String, Option<String>)>,
    /// The data files' fingerprint it was drawn with: a body's tables and charts change with them.
    data: u64,
    rendered: markdown::Rendered,
}

impl SourceCache for LoadCache {
    fn parse(
        &mut self,
        config: &Config,
        sources: &[PathBuf],
    ) -> Vec<Result<Parsed, Vec<Diagnostic>>> {
        parse_with_cache(config, sources, self)
    }

    fn rendered(
        &self,
        config: &Config,
        index: &UrlIndex,
        file: &Path,
        text: &str,
        source_dir: &str,
        options: &BodyOptions,
    ) -> Option<markdown::Rendered> {
        let cached = self.bodies.get(file)?;
        let valid = cached.text == text
            && cached.options == *options
            && cached.source_dir == source_dir
            && cached.data == index.data.digest()
            && links_unchanged(cached, config, index);
        valid.then(|| cached.rendered.clone())
    }

    fn keep_bodies(
        &mut self,
        config: &Config,
        index: &UrlIndex,
        pages: &[Page],
        fresh: Vec<FreshBody>,
    ) {
        let live: HashSet<&PathBuf> = pages.iter().map(|p| &p.file).collect();
        self.bodies.retain(|file, _| live.contains(file));
        let fresh: Vec<(PathBuf, CachedBody)> = fresh
            .into_par_iter()
            .map(|body| {
                let cached = CachedBody {
                    links: link_outcomes(&body.rendered, &body.source_dir, config, index),
                    text: body.text,
                    options: body.options,
                    source_dir: body.source_dir,
                    data: index.data.digest(),
                    rendered: body.rendered,
                };
                (body.file, cached)
            })
            .collect();
        self.bodies.extend(fresh);
    }
}

/// A page source read again after a save that changed its body and nothing else, with the new
/// body rendered: what a preview session needs to update that one page without loading the site.
pub struct BodyEdit {
    rel: PathBuf,
    stamp: FileStamp,
    source: PageSource,
    cached: CachedBody,
}

impl BodyEdit {
    /// The new rendered body.
    pub fn body(&self) -> &markdown::Rendered {
        &self.cached.rendered
    }

    /// Puts the new body into `page` (the page built from this source), with what follows from
    /// it, and into `cache`, so the next cached load sees the file as read. Returns whether the
    /// page's summary changed (other outputs show it).
    pub fn apply(self, config: &Config, page: &mut Page, cache: &mut LoadCache) -> bool {
        let summary_changed =
            replace_body(config, page, &self.source, self.cached.rendered.clone());
        cache.bodies.insert(page.file.clone(), self.cached);
        let parsed = Ok(Parsed::Page(Box::new(self.source)));
        cache.sources.insert(self.rel, (self.stamp, parsed));
        summary_changed
    }
}

/// Reads `page`'s source file again. When the file still parses and only the text after its
/// front matter changed since `cache` last read it, renders the new body (links resolved against
/// `index`, as a full load would) and returns it; otherwise — front matter edited, file gone,
/// unreadable or never cached — `None`, and the caller must load the site again.
pub fn reload_body(
    config: &Config,
    index: &UrlIndex,
    cache: &LoadCache,
    page: &Page,
) -> Option<BodyEdit> {
    let rel = page.file.strip_prefix("content").ok()?.to_path_buf();
    let stamp = FileStamp::of(&config.content_dir().join(&rel));
    let Some((_, Ok(Parsed::Page(old)))) = cache.sources.get(&rel) else {
        return None;
    };
    let Ok(Parsed::Page(new)) = parse_file(config, &rel) else {
        return None;
    };
    if !new.same_front_matter(old) {
        return None;
    }
    let source_dir = source_dir_of(&page.file);
    let rendered = render_markdown(config, new.body(), &source_dir, index, &page.body_options());
    if !rendered.blocks_failed.is_empty() {
        // A figure that cannot be drawn is an error only a full build reports.
        return None;
    }
    let cached = CachedBody {
        links: link_outcomes(&rendered, &source_dir, config, index),
        text: new.body().to_string(),
        options: page.body_options(),
        source_dir,
        data: index.data.digest(),
        rendered,
    };
    Some(BodyEdit {
        rel,
        stamp,
        source: *new,
        cached,
    })
}

/// What each link of a rendered body resolves to now.
fn link_outcomes(
    body: &markdown::Rendered,
    source_dir: &str,
    config: &Config,
    index: &UrlIndex,
) -> Vec<(String, Option<String>)> {
    body.links
        .iter()
        .map(|link| {
            let outcome = link_outcome(&link.dest, source_dir, config, index);
            (link.dest.clone(), outcome)
        })
        .collect()
}

/// A cached body stays valid while every link it holds still resolves to the same URL (a renamed
/// or deleted target changes the HTML of pages that link to it) and every image it shows is the
/// same file: its size and variants are written in the HTML, so an edited photo renders the body
/// again (and `images::publish` makes its new variants), an unchanged one does not.
fn links_unchanged(cached: &CachedBody, config: &Config, index: &UrlIndex) -> bool {
    cached
        .links
        .iter()
        .all(|(dest, was)| link_outcome(dest, &cached.source_dir, config, index) == *was)
}

/// The URL a link is rewritten to, followed by the content digest of the image it names, if any.
fn link_outcome(dest: &str, source_dir: &str, config: &Config, index: &UrlIndex) -> Option<String> {
    let url = urls::rewrite(dest, source_dir, index, &config.base_path);
    let image = match urls::resolve(dest, source_dir, index) {
        Ok(urls::LinkTarget::Internal { path, .. }) => index.images.get(&path),
        _ => None,
    };
    match image {
        Some(image) => {
            let digest = image.probe.as_ref().map_or("", |p| p.digest.as_str());
            Some(format!("{} {digest}", url.unwrap_or_default()))
        }
        None => url,
    }
}

/// Parses the sources whose stamp changed since the last build; reuses the rest.
fn parse_with_cache(
    config: &Config,
    sources: &[PathBuf],
    cache: &mut LoadCache,
) -> Vec<Result<Parsed, Vec<Diagnostic>>> {
    let content = config.content_dir();
    let stamps: Vec<FileStamp> = sources
        .par_iter()
        .map(|rel| FileStamp::of(&content.join(rel)))
        .collect();
    let previous = &cache.sources;
    let results: Vec<Result<Parsed, Vec<Diagnostic>>> = sources
        .par_iter()
        .zip(stamps.par_iter())
        .map(|(rel, stamp)| match previous.get(rel) {
            Some((old, parsed)) if old == stamp && stamp.modified.is_some() => parsed.clone(),
            _ => parse_file(config, rel),
        })
        .collect();
    cache.sources = sources
        .iter()
        .cloned()
        .zip(stamps.into_iter().zip(results.iter().cloned()))
        .collect();
    results
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Keep, LoadOptions, load_cached};
    use crate::diagnostics::Diagnostics;

    fn load(root: &Path, cache: &mut LoadCache) -> Vec<Page> {
        loaded(root, Some(cache)).0.pages
    }

    /// The site below `root`, loaded through `cache` if given.
    fn loaded(root: &Path, cache: Option<&mut LoadCache>) -> (crate::content::Site, UrlIndex) {
        let config =
            crate::config::parse_config("title: 测试\nbase_url: https://x.gov.cn/\n", root)
                .expect("config");
        let options = LoadOptions {
            drafts: false,
            future: false,
            now: jiff::Timestamp::UNIX_EPOCH,
            keep: Keep::Everything,
        };
        let mut diagnostics = Diagnostics::new();
        let cache = cache.map(|c| c as &mut dyn SourceCache);
        load_cached(config, options, &mut diagnostics, cache)
    }

    fn write(root: &Path, rel: &str, text: &str) {
        std::fs::write(root.join("content").join(rel), text).expect("write");
    }

    fn write_jpeg(path: &Path, width: u32, height: u32) {
        image::RgbImage::from_pixel(width, height, image::Rgb([90, 120, 60]))
            .save(path)
            .expect("write jpeg");
    }

    #[test]
    fn a_cached_body_stands_while_its_photo_is_the_same_and_is_rendered_again_when_it_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content/a")).expect("bundle dir");
        let body = "![走访](photo.jpg)\n";
        write(
            dir.path(),
            "a/index.md",
            &format!("---\ntitle: 甲\ndate: 1970-01-01\n---\n{body}"),
        );
        let photo = dir.path().join("content/a/photo.jpg");
        write_jpeg(&photo, 800, 600);
        let mut cache = LoadCache::default();
        let first = load(dir.path(), &mut cache);
        assert!(first[0].body.html.contains("width=\"800\""));
        let reused = |cache: &LoadCache| {
            let (site, index) = loaded(dir.path(), None);
            let page = &site.pages[0];
            cache.rendered(
                &site.config,
                &index,
                &page.file,
                body,
                &source_dir_of(&page.file),
                &page.body_options(),
            )
        };
        // The same bytes written again (a new modification time): the cached body stands.
        write_jpeg(&photo, 800, 600);
        assert!(reused(&cache).is_some());
        // An edited photo: its digest changed, so the body is rendered again, with its new size.
        write_jpeg(&photo, 1200, 600);
        assert!(reused(&cache).is_none());
        let edited = load(dir.path(), &mut cache);
        assert!(
            edited[0]
                .body
                .html
                .contains("width=\"1200\" height=\"600\""),
            "{}",
            edited[0].body.html
        );
    }

    #[test]
    fn a_body_is_rendered_again_when_a_link_target_goes_and_gone_pages_are_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).expect("content dir");
        let page = "---\ntitle: 甲\ndate: 1970-01-01\n---\n见[乙](b.md)。\n";
        write(dir.path(), "a.md", page);
        write(
            dir.path(),
            "b.md",
            "---\ntitle: 乙\ndate: 1970-01-01\n---\n正文。\n",
        );
        let mut cache = LoadCache::default();
        let first = load(dir.path(), &mut cache);
        assert_eq!((cache.sources.len(), cache.bodies.len()), (2, 2));
        assert!(
            first[0].body.html.contains("href=\"/b/\""),
            "{}",
            first[0].body.html
        );

        std::fs::remove_file(dir.path().join("content/b.md")).expect("remove");
        let second = load(dir.path(), &mut cache);
        assert_eq!((cache.sources.len(), cache.bodies.len()), (1, 1));
        assert!(
            !second[0].body.html.contains("/b/"),
            "{}",
            second[0].body.html
        );
    }
}
