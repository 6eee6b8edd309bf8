//! Decoding a source, turning it upright, resizing it and encoding it again. Encoding from
//! pixels is what removes the metadata: the encoders here write no EXIF, XMP, IPTC, ICC
//! profile, maker notes or thumbnail, so nothing of the source's blocks can reach the output.

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{PixelType, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageEncoder, ImageReader, Limits};

use crate::config::ImageSettings;

use super::probe::corrupt;
use super::{Fallback, ProbeError, Variant};

/// Bumped whenever a change here changes encoded bytes, so cached variants are made again.
pub(super) const PIPELINE_VERSION: u32 = 1;

/// A decoded source, upright, in 8-bit RGB or RGBA.
pub(super) struct Upright {
    image: DynamicImage,
}

/// Decodes `bytes` within the memory `max_pixels` allows and applies the EXIF `orientation`.
/// CMYK JPEGs come out as RGB and 16-bit PNGs as 8-bit.
pub(super) fn decode(
    bytes: &[u8],
    orientation: u8,
    alpha: bool,
    max_pixels: u64,
) -> Result<Upright, ProbeError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|err| corrupt(&err))?;
    reader.limits(limits_for(max_pixels));
    let decoded = reader.decode().map_err(|err| corrupt(&err))?;
    let mut image = if alpha {
        DynamicImage::ImageRgba8(decoded.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(decoded.into_rgb8())
    };
    if let Some(orientation) = Orientation::from_exif(orientation) {
        image.apply_orientation(orientation);
    }
    Ok(Upright { image })
}

/// The decoder may allocate up to 12 bytes a pixel of the limit: 16-bit RGBA plus the 8-bit
/// copy. The header was checked against `max_pixels` by the probe; this bounds a file that
/// lies in its header or changed since.
fn limits_for(max_pixels: u64) -> Limits {
    let mut limits = Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(12));
    limits
}

impl Upright {
    /// The image at `variant`'s size (a copy when it is already that size).
    pub(super) fn resized(&self, variant: &Variant) -> Result<Sized, ProbeError> {
        let (width, height) = (variant.width, variant.height);
        let pixel = match self.image {
            DynamicImage::ImageRgba8(_) => PixelType::U8x4,
            _ => PixelType::U8x3,
        };
        if width == self.image.width() && height == self.image.height() {
            return Ok(Sized {
                pixels: self.image.as_bytes().to_vec(),
                width,
                height,
                alpha: pixel == PixelType::U8x4,
            });
        }
        let mut target = Image::new(width, height, pixel);
        Resizer::new()
            .resize(&self.image, &mut target, &ResizeOptions::new())
            .map_err(|err| corrupt(&err))?;
        Ok(Sized {
            pixels: target.into_vec(),
            width,
            height,
            alpha: pixel == PixelType::U8x4,
        })
    }
}

/// Pixels at one size, 8-bit RGB or RGBA.
pub(super) struct Sized {
    pixels: Vec<u8>,
    width: u32,
    height: u32,
    alpha: bool,
}

impl Sized {
    /// The fallback encoding: JPEG at `quality` or PNG.
    pub(super) fn fallback(
        &self,
        fallback: Fallback,
        settings: &ImageSettings,
    ) -> Result<Vec<u8>, ProbeError> {
        let mut out = Vec::new();
        let color = if self.alpha {
            ExtendedColorType::Rgba8
        } else {
            ExtendedColorType::Rgb8
        };
        let written = match fallback {
            Fallback::Jpeg => JpegEncoder::new_with_quality(&mut out, settings.quality)
                .write_image(&self.pixels, self.width, self.height, color),
            Fallback::Png => {
                PngEncoder::new(&mut out).write_image(&self.pixels, self.width, self.height, color)
            }
        };
        written.map_err(|err| corrupt(&err))?;
        Ok(out)
    }

    /// Lossy WebP at `quality` (libwebp; transparency kept).
    pub(super) fn webp(&self, settings: &ImageSettings) -> Vec<u8> {
        let encoder = if self.alpha {
            webp::Encoder::from_rgba(&self.pixels, self.width, self.height)
        } else {
            webp::Encoder::from_rgb(&self.pixels, self.width, self.height)
        };
        encoder.encode(f32::from(settings.quality)).to_vec()
    }
}
