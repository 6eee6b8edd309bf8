//! `images:` settings: how photos are resized and encoded, in `site.yaml` and, over the
//! site's, in a page's front matter. Validated here; applied by `images`.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::i18n::Text;

/// How images are processed (`images:` in `site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageSettings {
    /// Widths of the variants, ascending; a source narrower than a width is never enlarged.
    pub widths: Vec<u32>,
    /// Lossy quality for JPEG and WebP, 1–100.
    pub quality: u8,
    /// Also write WebP variants (the `<img>` fallback, JPEG or PNG, is always written).
    pub webp: bool,
    /// Copy images as they are, metadata and all (default false: re-encode, which drops it).
    pub keep_metadata: bool,
    /// Sources declaring more pixels than this are refused before decoding.
    pub max_pixels: u64,
}

/// Sources above 100 megapixels are refused from their header: a 12–50 MP phone photo passes,
/// a few-kilobyte file declaring 50,000 × 50,000 px (2.5 gigapixels, 7.5 GB decoded) does not.
pub const DEFAULT_MAX_PIXELS: u64 = 100_000_000;

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![480, 960, 1600],
            quality: 80,
            webp: true,
            keep_metadata: false,
            max_pixels: DEFAULT_MAX_PIXELS,
        }
    }
}

/// `images:` as written (in `site.yaml`, or in a page's front matter over the site's); every key
/// optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImages {
    pub widths: Option<Vec<u32>>,
    pub quality: Option<u8>,
    pub formats: Option<Vec<String>>,
    pub keep_metadata: Option<bool>,
    pub max_pixels: Option<u64>,
}

impl ImageSettings {
    /// A page's `images:` over these (the site's) settings. Only what changes the page's own
    /// pictures may be set there: `keep_metadata` and `max_pixels` guard the whole site and
    /// are an error in a page.
    pub fn for_page(
        &self,
        raw: &RawImages,
        file: &Path,
        line: usize,
        problems: &mut Vec<Diagnostic>,
    ) -> ImageSettings {
        if raw.keep_metadata.is_some() || raw.max_pixels.is_some() {
            problems.push(
                Diagnostic::error(
                    file,
                    "images",
                    text!(
                        "keep_metadata 和 max_pixels 只能在 site.yaml 里设置，对全站有效",
                        "keep_metadata and max_pixels are set in site.yaml only, for the whole site"
                    ),
                )
                .at_line(line)
                .with_hint(text!(
                    "文章里的 images: 只能写 widths、quality、formats",
                    "a page's images: takes widths, quality and formats only"
                )),
            );
        }
        self.with(raw, file, line, problems)
    }

    /// These settings with what `raw` sets put over them: `site.yaml`'s over the defaults, a
    /// page's over the site's. A value out of range is an error at `file`'s line `line`.
    pub fn with(
        &self,
        raw: &RawImages,
        file: &Path,
        line: usize,
        problems: &mut Vec<Diagnostic>,
    ) -> ImageSettings {
        let defaults = self.clone();
        let mut bad = |what: Text| {
            problems.push(
                Diagnostic::error(file, "images", what)
                    .at_line(line)
                    .with_hint(text!(
                        "例如：images: {{ widths: [480, 960, 1600], quality: 80, formats: [webp, jpeg] }}",
                        "for example: images: {{ widths: [480, 960, 1600], quality: 80, formats: [webp, jpeg] }}"
                    )),
            );
        };
        let mut widths = raw.widths.clone().unwrap_or(defaults.widths);
        widths.sort_unstable();
        widths.dedup();
        if widths.is_empty() || widths.iter().any(|&w| !(16..=8192).contains(&w)) {
            bad(text!(
                "images.widths 要写 16 到 8192 之间的宽度（像素），至少一个",
                "images.widths needs at least one width between 16 and 8192 px"
            ));
        }
        let quality = raw.quality.unwrap_or(defaults.quality);
        if !(1..=100).contains(&quality) {
            bad(text!(
                "images.quality 要在 1 到 100 之间",
                "images.quality must be between 1 and 100"
            ));
        }
        let formats = raw.formats.clone().unwrap_or_else(|| match defaults.webp {
            true => vec!["webp".into(), "jpeg".into()],
            false => vec!["jpeg".into()],
        });
        if !formats.iter().any(|f| f == "jpeg")
            || formats.iter().any(|f| f != "jpeg" && f != "webp")
        {
            bad(text!(
                "images.formats 只能是 webp 和 jpeg，且必须有 jpeg（所有浏览器都能显示的后备格式）",
                "images.formats takes webp and jpeg only, and must include jpeg (the fallback every browser shows)"
            ));
        }
        ImageSettings {
            widths,
            quality,
            webp: formats.iter().any(|f| f == "webp"),
            keep_metadata: raw.keep_metadata.unwrap_or(defaults.keep_metadata),
            max_pixels: raw.max_pixels.unwrap_or(defaults.max_pixels),
        }
    }
}
