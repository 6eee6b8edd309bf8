//! Which images the site's pages use, and how: the image files of `content/` and `static/` are
//! probed while loading (format, size, orientation), a page's Markdown images and the photos
//! of its gallery (`photos:`) are written as `<picture>`s of resized variants — with the page's
//! own `images:` settings when it has them —, and after loading every use is gathered into the
//! [`Plan`]s `build` hands to `images::publish`.
//!
//! What is published of an image: its variants when a page shows it; the full-size image,
//! stripped of metadata, when a page links to it (a Markdown link or `attachments:`) or when it
//! is in `static/` (templates may use it). A photo in `content/` that no page uses is not
//! published. GIF and SVG (once checked) are copied as they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::urls::{self, LinkTarget, UrlIndex};
use super::{Asset, Page};
use crate::config::{Config, ImageSettings};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::{self, Kind, Place, Plan, Probe, ProbeError, Shown};
use crate::markdown::{ImageRef, LinkRef};

/// An image file of the site and what probing it found.
#[derive(Debug, Clone)]
pub struct ImageSource {
    /// Where it is read from (absolute).
    pub source: PathBuf,
    /// Under `static/` (published whether or not a page uses it).
    pub from_static: bool,
    /// Its facts, or why it cannot be published.
    pub probe: Result<Probe, ProbeError>,
}

/// Takes the image files out of `assets` into `index.images`, probed; GIFs and checked SVGs go
/// back to `assets`, to be copied as they are.
pub(super) fn probe_images(config: &Config, assets: &mut Vec<Asset>, index: &mut UrlIndex) {
    let static_dir = config.static_dir();
    let (found, others): (Vec<Asset>, Vec<Asset>) = std::mem::take(assets)
        .into_iter()
        .partition(|asset| images::is_image_path(&asset.target));
    *assets = others;
    let probed: Vec<(Asset, ImageSource)> = found
        .into_par_iter()
        .map(|asset| {
            let source = ImageSource {
                from_static: asset.source.starts_with(&static_dir),
                probe: images::probe(&asset.source, config.images.max_pixels),
                source: asset.source.clone(),
            };
            (asset, source)
        })
        .collect();
    for (asset, source) in probed {
        // A file of `static/` that cannot be processed is the theme's: copied as it is, with a
        // warning (`plan_images`), unless a page shows it.
        let unprocessed = source.from_static && source.probe.is_err();
        if unprocessed || matches!(&source.probe, Ok(p) if p.kind != Kind::Raster) {
            assets.push(asset.clone());
        }
        index.images.insert(format!("/{}", asset.target), source);
    }
    assets.sort_by(|a, b| a.target.cmp(&b.target));
}

/// The `<picture>` for a Markdown image written in a body whose folder is `source_dir`, made
/// with `settings` (the page's), when it is a raster image of the site that can be published.
pub(super) fn picture(
    config: &Config,
    settings: &ImageSettings,
    index: &UrlIndex,
    source_dir: &str,
    image: &ImageRef<'_>,
) -> Option<String> {
    let shown = Shown {
        alt: image.alt,
        title: Some(image.title).filter(|t| !t.is_empty()),
        first: image.index == 0,
        place: Place::Text,
    };
    shown_image(config, settings, index, source_dir, image.dest, shown).map(|(html, _)| html)
}

/// The `<picture>` of the image `dest` (relative to `source_dir`) and the URL of its largest
/// fallback variant, when it is a raster image that can be published.
fn shown_image(
    config: &Config,
    settings: &ImageSettings,
    index: &UrlIndex,
    source_dir: &str,
    dest: &str,
    shown: Shown<'_>,
) -> Option<(String, String)> {
    let Ok(LinkTarget::Internal { path, .. }) = urls::resolve(dest, source_dir, index) else {
        return None;
    };
    let probe = index.images.get(&path)?.probe.as_ref().ok()?;
    if probe.kind != Kind::Raster {
        return None;
    }
    let name = match settings == &config.images {
        true => path[1..].to_string(),
        false => images::variant_name(&path[1..], settings),
    };
    let href = |target: &str| urls::href(&config.base_path, &format!("/{target}"), None);
    let largest = Plan::variants_for(probe.width, probe.height, settings)
        .last()
        .map(|v| {
            href(&images::variant_target(
                &name,
                v.width,
                probe.fallback.extension(),
            ))
        })
        .unwrap_or_default();
    let html = images::picture_html(&name, probe, settings, shown, &href);
    Some((html, largest))
}

/// Fills in the pictures of every page's gallery (`photos:`); a photo that is missing is an
/// error at the `photos:` line (one that cannot be published is reported by [`plan_images`]).
pub(super) fn fill_galleries(
    config: &Config,
    pages: &mut [Page],
    index: &UrlIndex,
    diagnostics: &mut Diagnostics,
) {
    for page in pages.iter_mut().filter(|p| !p.photos.is_empty()) {
        let source_dir = super::source_dir_of(&page.file);
        let settings = page.images.clone().unwrap_or_else(|| config.images.clone());
        let line = page.line_of("photos");
        for photo in &mut page.photos {
            let shown = Shown {
                alt: &photo.alt,
                title: None,
                first: false,
                place: Place::Gallery,
            };
            match shown_image(config, &settings, index, &source_dir, &photo.file, shown) {
                Some((html, large)) => (photo.picture, photo.large) = (html, large),
                None if !is_site_image(index, &source_dir, &photo.file) => {
                    let file = &photo.file;
                    diagnostics.push(
                        Diagnostic::error(
                            &page.file,
                            "missing-image",
                            crate::text!(
                                "活动照片 {file} 不存在，或不是照片",
                                "the gallery photo {file} does not exist or is not a photo"
                            ),
                        )
                        .at_line(line)
                        .with_hint(crate::text!(
                            "把照片放在文章旁边（页面包：index.md 所在的文件夹），并检查文件名",
                            "put the photo beside the page (in a bundle: next to index.md) and check its name"
                        )),
                    );
                }
                None => {}
            }
        }
    }
}

/// Whether `dest` names an image file of the site (publishable or not).
fn is_site_image(index: &UrlIndex, source_dir: &str, dest: &str) -> bool {
    matches!(urls::resolve(dest, source_dir, index),
        Ok(LinkTarget::Internal { path, .. }) if index.images.contains_key(&path))
}

/// Links of a section's own text, kept until its images are planned.
pub(super) struct SectionLinks {
    pub file: PathBuf,
    pub source_dir: String,
    pub links: Vec<LinkRef>,
}

/// Every image the build publishes, sorted by target, with an error for each image a page
/// uses that cannot be published.
pub(super) fn plan_images(
    config: &Config,
    pages: &[Page],
    sections: &[SectionLinks],
    index: &UrlIndex,
    diagnostics: &mut Diagnostics,
) -> Vec<Plan> {
    let mut plans: BTreeMap<String, Plan> = BTreeMap::new();
    for (path, source) in index.images.iter().filter(|(_, s)| s.from_static) {
        let file = PathBuf::from("static").join(&path[1..]);
        match &source.probe {
            Err(err) => diagnostics.push(
                Diagnostic::warning(&file, err.code, err.message.clone()).with_hint(crate::text!(
                    "它被原样复制（没有去掉元数据）；如果模板用到它，请换成完好的图片",
                    "it is copied as it is (metadata kept); if a template uses it, replace it with a sound image"
                )),
            ),
            Ok(_) => {
                let place = (file, 0, 0);
                note_use(config, &mut plans, path, source, Use::Original, place, diagnostics);
            }
        }
    }
    for page in pages {
        let source_dir = super::source_dir_of(&page.file);
        let own = page.images.as_ref();
        for link in &page.body.links {
            let line = page.body_line + link.line - 1;
            let place = (page.file.clone(), line, link.col);
            note_link(
                config,
                &mut plans,
                index,
                &source_dir,
                link,
                own,
                place,
                diagnostics,
            );
        }
        for photo in &page.photos {
            if let Ok(LinkTarget::Internal { path, .. }) =
                urls::resolve(&photo.file, &source_dir, index)
                && let Some(source) = index.images.get(&path)
            {
                let place = (page.file.clone(), page.line_of("photos"), 1);
                note_use(
                    config,
                    &mut plans,
                    &path,
                    source,
                    Use::Shown(own),
                    place,
                    diagnostics,
                );
            }
        }
        for attachment in &page.attachments {
            if let Some(source) = index.images.get(&attachment.path) {
                let place = (page.file.clone(), page.line_of("attachments"), 1);
                note_use(
                    config,
                    &mut plans,
                    &attachment.path,
                    source,
                    Use::Original,
                    place,
                    diagnostics,
                );
            }
        }
    }
    for section in sections {
        for link in &section.links {
            let place = (section.file.clone(), link.line, link.col);
            note_link(
                config,
                &mut plans,
                index,
                &section.source_dir,
                link,
                None,
                place,
                diagnostics,
            );
        }
    }
    // Placeholders only marked an unpublishable image as reported.
    plans
        .into_values()
        .filter(|plan| !plan.variants.is_empty() || plan.original)
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Use<'a> {
    /// Shown in a page: resized variants, with the page's own settings if it has any.
    Shown(Option<&'a ImageSettings>),
    /// Linked to: the full-size image.
    Original,
}

#[allow(clippy::too_many_arguments)]
fn note_link(
    config: &Config,
    plans: &mut BTreeMap<String, Plan>,
    index: &UrlIndex,
    source_dir: &str,
    link: &LinkRef,
    own: Option<&ImageSettings>,
    place: (PathBuf, usize, usize),
    diagnostics: &mut Diagnostics,
) {
    let Ok(LinkTarget::Internal { path, .. }) = urls::resolve(&link.dest, source_dir, index) else {
        return;
    };
    if let Some(source) = index.images.get(&path) {
        let using = if link.is_image {
            Use::Shown(own)
        } else {
            Use::Original
        };
        note_use(config, plans, &path, source, using, place, diagnostics);
    }
}

fn note_use(
    config: &Config,
    plans: &mut BTreeMap<String, Plan>,
    path: &str,
    source: &ImageSource,
    using: Use<'_>,
    place: (PathBuf, usize, usize),
    diagnostics: &mut Diagnostics,
) {
    let probe = match &source.probe {
        Ok(probe) if probe.kind == Kind::Raster => probe,
        Ok(_) => return,
        Err(err) => {
            if !plans.contains_key(path) {
                diagnostics.push(unpublishable(path, err, &place));
                // An empty plan marks the error as reported; `plan_images` drops it.
                plans.insert(path.to_string(), placeholder(&source.source, path, &place));
            }
            return;
        }
    };
    let own = match using {
        Use::Shown(own) => own,
        Use::Original => None,
    };
    let key = own.map_or_else(|| path.to_string(), |s| images::variant_name(path, s));
    let file = place.0.clone();
    let plan = plans.entry(key).or_insert_with(|| Plan {
        own_settings: own.cloned(),
        source: source.source.clone(),
        target: path[1..].to_string(),
        probe: probe.clone(),
        variants: Vec::new(),
        original: false,
        used_at: place,
        shown_by: Vec::new(),
    });
    match using {
        Use::Shown(own) => {
            if plan.variants.is_empty() {
                let settings = own.unwrap_or(&config.images);
                plan.variants = Plan::variants_for(probe.width, probe.height, settings);
            }
            if !plan.shown_by.contains(&file) {
                plan.shown_by.push(file);
            }
        }
        Use::Original => plan.original = true,
    }
}

fn placeholder(source: &Path, path: &str, place: &(PathBuf, usize, usize)) -> Plan {
    Plan {
        own_settings: None,
        source: source.to_path_buf(),
        target: path[1..].to_string(),
        probe: Probe::default(),
        variants: Vec::new(),
        original: false,
        used_at: place.clone(),
        shown_by: Vec::new(),
    }
}

fn unpublishable(path: &str, err: &ProbeError, place: &(PathBuf, usize, usize)) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(&place.0, err.code, err.message.clone())
        .with_hint(err.hint.clone())
        .with_excerpt(path.to_string());
    if place.1 > 0 {
        diagnostic = diagnostic.at(place.1, place.2);
    }
    diagnostic
}

/// Whether `new` uses the same images, the same ways, as `page`'s current body: when it does
/// not, a preview must build in full so that the images it now shows are made.
pub fn uses_same_images(index: &UrlIndex, page: &Page, new: &crate::markdown::Rendered) -> bool {
    let source_dir = super::source_dir_of(&page.file);
    let uses = |links: &[LinkRef]| {
        let mut found: Vec<(String, bool)> = links
            .iter()
            .filter_map(|link| match urls::resolve(&link.dest, &source_dir, index) {
                Ok(LinkTarget::Internal { path, .. }) if index.images.contains_key(&path) => {
                    Some((path, link.is_image))
                }
                _ => None,
            })
            .collect();
        found.sort();
        found.dedup();
        found
    };
    uses(&page.body.links) == uses(&new.links)
}
