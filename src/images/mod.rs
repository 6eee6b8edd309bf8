//! Photos and graphics a page shows: what each source image is (`probe.rs`: format from its
//! bytes, size from its header, EXIF orientation and GPS), the variants a page links to
//! ([`Plan`]), the `<picture>` HTML for them (`html.rs`), and the work that makes them
//! (`encode.rs`: decode, orient, resize, re-encode without metadata) through a cache under the
//! site's `.jianbao/cache/images/` (`cache.rs`).
//!
//! It knows nothing of pages, `Config` or templates: `content` asks it about a file and gets
//! plain facts and HTML; `build` hands it the jobs and an output sink. It opens the source
//! images and its cache, nothing else.

mod cache;
mod encode;
mod html;
mod position;
mod probe;
mod svg;

use std::path::PathBuf;

use crate::config::ImageSettings;

pub use cache::{CacheDir, ImageStats, Weighing, cache_dir, publish};
pub use html::{Place, Shown, picture_html};
pub use position::{without_position, without_position_checked};
pub use probe::{Kind, Probe, ProbeError, extension_for, is_image_path, probe, probe_bytes};

impl ImageSettings {
    /// A short stable text of everything that changes the encoded bytes, for cache keys.
    pub fn fingerprint(&self) -> String {
        let widths: Vec<String> = self.widths.iter().map(u32::to_string).collect();
        format!(
            "v{}-w{}-q{}-webp{}",
            encode::PIPELINE_VERSION,
            widths.join("."),
            self.quality,
            u8::from(self.webp)
        )
    }
}

/// The file format written for the `<img>` fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Fallback {
    #[default]
    Jpeg,
    Png,
}

impl Fallback {
    /// File extension and media type.
    pub fn extension(self) -> &'static str {
        match self {
            Fallback::Jpeg => "jpg",
            Fallback::Png => "png",
        }
    }
    pub fn media_type(self) -> &'static str {
        match self {
            Fallback::Jpeg => "image/jpeg",
            Fallback::Png => "image/png",
        }
    }
}

/// One size of an image as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
}

/// What is published of one source raster image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Where it is read from.
    pub source: PathBuf,
    /// The original's site path, relative to the output folder (`news/a/photo.jpg`).
    pub target: String,
    /// The source's facts.
    pub probe: Probe,
    /// Resized variants, narrowest first (empty unless a page shows the image).
    pub variants: Vec<Variant>,
    /// The full-size image at `target` (a page links to it, or `static/` holds it), stripped.
    pub original: bool,
    /// Where it is first used (file, line, column), for messages about it.
    pub used_at: (PathBuf, usize, usize),
    /// The settings of the page showing it, when that page has its own (`images:` in its front
    /// matter); its variants are then named apart ([`variant_name`]) and never collide with
    /// the same photo made with the site's settings.
    pub own_settings: Option<ImageSettings>,
    /// The pages (and sections) showing it, as source files, in the order first seen.
    pub shown_by: Vec<PathBuf>,
}

impl Plan {
    /// The variants a source of `width` × `height` gets: every configured width below its
    /// width, and its own width capped at the largest (never enlarged).
    pub fn variants_for(width: u32, height: u32, settings: &ImageSettings) -> Vec<Variant> {
        let largest = settings.widths.iter().copied().max().unwrap_or(width);
        let mut widths: Vec<u32> = settings
            .widths
            .iter()
            .copied()
            .filter(|&w| w < width && w < largest)
            .collect();
        widths.push(width.min(largest));
        widths.sort_unstable();
        widths.dedup();
        widths
            .into_iter()
            .map(|w| Variant {
                width: w,
                height: scaled_height(width, height, w),
            })
            .collect()
    }

    /// The target of one of its variants.
    pub fn variant_target(&self, width: u32, extension: &str) -> String {
        let name = match &self.own_settings {
            Some(settings) => variant_name(&self.target, settings),
            None => self.target.clone(),
        };
        variant_target(&name, width, extension)
    }

    /// The target of the file a reader on a wide screen downloads: its largest variant, in WebP
    /// when the settings make WebP (every current browser takes it), else the fallback.
    pub fn largest_target(&self, site: &ImageSettings) -> Option<String> {
        let largest = self.variants.last()?;
        let extension = match self.settings(site).webp {
            true => "webp",
            false => self.probe.fallback.extension(),
        };
        Some(self.variant_target(largest.width, extension))
    }

    /// The settings it is made with: its page's, or `site`'s.
    pub fn settings<'a>(&'a self, site: &'a ImageSettings) -> &'a ImageSettings {
        self.own_settings.as_ref().unwrap_or(site)
    }
}

/// The name the variants of `target` made with a page's own `settings` are derived from:
/// `news/a/photo.jpg` becomes `news/a/photo-1a2b3c4d.jpg`, the suffix a digest of the settings.
pub fn variant_name(target: &str, settings: &ImageSettings) -> String {
    let digest = blake3::hash(settings.fingerprint().as_bytes()).to_hex();
    let (stem, extension) = target.rsplit_once('.').unwrap_or((target, ""));
    format!("{stem}-{}.{extension}", &digest[..8])
}

/// The target of a variant: `news/a/photo.jpg` at 480 in WebP is `news/a/photo-480.webp`.
pub fn variant_target(target: &str, width: u32, extension: &str) -> String {
    let stem = target.rsplit_once('.').map_or(target, |(stem, _)| stem);
    format!("{stem}-{width}.{extension}")
}

fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    let scaled =
        (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width.max(1));
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(width: u32, height: u32) -> Vec<(u32, u32)> {
        Plan::variants_for(width, height, &ImageSettings::default())
            .into_iter()
            .map(|v| (v.width, v.height))
            .collect()
    }

    #[test]
    fn a_phone_photo_gets_every_width() {
        assert_eq!(widths(4000, 3000), [(480, 360), (960, 720), (1600, 1200)]);
    }

    #[test]
    fn a_middle_sized_image_is_never_enlarged() {
        assert_eq!(widths(1200, 900), [(480, 360), (960, 720), (1200, 900)]);
        assert_eq!(widths(300, 200), [(300, 200)]);
        assert_eq!(widths(480, 10), [(480, 10)]);
    }

    #[test]
    fn variant_names_keep_the_folder_and_stem() {
        let plan = Plan {
            shown_by: Vec::new(),
            own_settings: None,
            source: PathBuf::new(),
            target: "news/a.b/photo.v2.JPG".into(),
            probe: Probe::default(),
            variants: Vec::new(),
            original: false,
            used_at: (PathBuf::new(), 0, 0),
        };
        assert_eq!(
            plan.variant_target(480, "webp"),
            "news/a.b/photo.v2-480.webp"
        );
    }
}
