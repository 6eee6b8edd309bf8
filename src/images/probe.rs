//! What a source image is, learnt from its bytes without decoding its pixels: the format (from
//! the content, not the extension), the size declared in its header, the EXIF orientation and
//! whether it carries a GPS position.

use std::io::Cursor;
use std::path::Path;

use image::{ImageDecoder, ImageFormat, ImageReader};

use super::{Fallback, svg};
use crate::i18n::Text;

/// What a file's bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// JPEG, PNG or WebP: resized and re-encoded.
    #[default]
    Raster,
    /// Published as it is (animation kept).
    Gif,
    /// Published as it is once checked for scripts and outside references.
    Svg,
}

/// The facts of one source image.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Probe {
    pub kind: Kind,
    /// Width and height as shown, i.e. after the EXIF orientation is applied.
    pub width: u32,
    pub height: u32,
    /// The EXIF orientation, 1 (none) to 8.
    pub orientation: u8,
    /// An EXIF GPS block or an XMP GPS position is present.
    pub has_gps: bool,
    /// The source has an alpha channel (kept in PNG and WebP).
    pub has_alpha: bool,
    /// The format written for the `<img>` fallback.
    pub fallback: Fallback,
    /// Size of the source file.
    pub bytes: u64,
    /// BLAKE3 of the source bytes, in hex.
    pub digest: String,
}

/// Why a source image cannot be published; the caller places it at the page that uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeError {
    pub code: &'static str,
    pub message: Text,
    pub hint: Text,
}

/// Extensions of files treated as images (any case).
const IMAGE_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "webp", "gif", "svg", "heic", "heif", "avif", "tif", "tiff", "dng",
    "cr2", "cr3", "nef", "arw", "orf", "rw2", "raf",
];

/// Whether `path` names an image by its extension.
pub fn is_image_path(path: &str) -> bool {
    extension(path).is_some_and(|ext| IMAGE_EXTENSIONS.contains(&ext.as_str()))
}

fn extension(path: &str) -> Option<String> {
    let name = path.rsplit(['/', '\\']).next()?;
    Some(name.rsplit_once('.')?.1.to_ascii_lowercase())
}

/// Reads the image at `path` and learns what it is; refuses what cannot be published.
pub fn probe(path: &Path, max_pixels: u64) -> Result<Probe, ProbeError> {
    let name = path.to_string_lossy().into_owned();
    let bytes = std::fs::read(path).map_err(|err| unreadable(&name, &err))?;
    probe_bytes(&bytes, &name, max_pixels)
}

/// [`probe`] on bytes already read (an upload not yet written); `name` gives the extension.
pub fn probe_bytes(bytes: &[u8], name: &str, max_pixels: u64) -> Result<Probe, ProbeError> {
    let ext = extension(name).unwrap_or_default();
    let sniffed = sniff(bytes);
    let digest = blake3::hash(bytes).to_hex().to_string();
    let base = Probe {
        bytes: bytes.len() as u64,
        digest,
        orientation: 1,
        ..Probe::default()
    };
    match sniffed {
        Sniffed::Raster(format) => {
            check_extension(&ext, format)?;
            probe_raster(bytes, format, max_pixels, base)
        }
        Sniffed::Gif => {
            check_extension_is(&ext, &["gif"], "GIF")?;
            let (width, height) = dimensions(bytes, ImageFormat::Gif)?;
            // Published as it is, so a reader's browser would decode what the header declares.
            if u64::from(width) * u64::from(height) > max_pixels {
                return Err(too_large(width, height, max_pixels));
            }
            Ok(Probe {
                kind: Kind::Gif,
                width,
                height,
                ..base
            })
        }
        Sniffed::Svg if ext == "svg" => {
            svg::check(bytes)?;
            Ok(Probe {
                kind: Kind::Svg,
                ..base
            })
        }
        Sniffed::Heif => Err(ProbeError {
            code: "image-unsupported",
            message: Text::new(
                "这是 HEIC/HEIF 照片（苹果手机的默认格式），浏览器大多不能显示",
                "this is a HEIC/HEIF photo (the iPhone's default format), which most browsers cannot show",
            ),
            hint: Text::new(
                "把这张照片转成 JPEG 后替换（用能打开 HEIC 的看图软件另存为 .jpg），并改正引用它的链接；\
                 以后拍照前在手机相机的设置里把照片格式选为“兼容性最佳”或关掉“高效格式”，\
                 拍出的就是 JPEG",
                "convert it to JPEG and replace it (save it as .jpg from a viewer that opens HEIC), \
                 and correct the links to it; to take JPEGs from now on, choose \"Most Compatible\" \
                 or turn off \"High Efficiency\" in the phone camera's settings",
            ),
        }),
        Sniffed::Tiff => Err(ProbeError {
            code: "image-unsupported",
            message: Text::new(
                "这是 TIFF 或相机 RAW 原片，网页不能显示",
                "this is a TIFF or camera RAW file, which web pages cannot show",
            ),
            hint: Text::new("导出为 JPEG 后替换", "export it as JPEG and replace it"),
        }),
        Sniffed::Svg | Sniffed::Unknown => Err(ProbeError {
            code: "image-corrupt",
            message: Text::new(
                format!("文件内容不是能识别的图片（扩展名是 .{ext}）"),
                format!(
                    "the file's content is not an image we recognise (its extension is .{ext})"
                ),
            ),
            hint: Text::new(
                "重新从原相册导出或拷贝这张图片",
                "export or copy the picture again from its original album",
            ),
        }),
    }
}

fn probe_raster(
    bytes: &[u8],
    format: ImageFormat,
    max_pixels: u64,
    base: Probe,
) -> Result<Probe, ProbeError> {
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let decoder = reader.into_decoder().map_err(|err| corrupt(&err))?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > max_pixels {
        return Err(too_large(width, height, max_pixels));
    }
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(corrupt(&"the JPEG data ends before its end marker"));
    }
    let has_alpha = decoder.color_type().has_alpha();
    let metadata = read_exif(bytes);
    let orientation = metadata.orientation;
    let (width, height) = if orientation >= 5 {
        (height, width)
    } else {
        (width, height)
    };
    let fallback = if format == ImageFormat::Png || has_alpha {
        Fallback::Png
    } else {
        Fallback::Jpeg
    };
    Ok(Probe {
        kind: Kind::Raster,
        width,
        height,
        orientation,
        has_gps: metadata.has_gps || contains(bytes, b"GPSLatitude"),
        has_alpha,
        fallback,
        ..base
    })
}

/// The refusal of an image whose header declares more than `max_pixels`.
pub(super) fn too_large(width: u32, height: u32, max_pixels: u64) -> ProbeError {
    let megapixels = max_pixels / 1_000_000;
    ProbeError {
        code: "image-too-large",
        message: Text::new(
            format!(
                "图片声明的尺寸是 {width}×{height} 像素，超过 {megapixels} 百万像素的上限，没有解码"
            ),
            format!(
                "the image declares {width}×{height} px, over the limit of {megapixels} megapixels; it was not decoded"
            ),
        ),
        hint: Text::new(
            "缩小后再放进网站（手机照片一般在 5000 万像素以内）",
            "make it smaller first (phone photos are usually under 50 megapixels)",
        ),
    }
}

fn dimensions(bytes: &[u8], format: ImageFormat) -> Result<(u32, u32), ProbeError> {
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    reader.into_dimensions().map_err(|err| corrupt(&err))
}

pub(super) fn corrupt(err: &dyn std::fmt::Display) -> ProbeError {
    ProbeError {
        code: "image-corrupt",
        message: Text::new(
            format!("图片已损坏或不完整，无法读取：{err}"),
            format!("the image is damaged or incomplete and cannot be read: {err}"),
        ),
        hint: Text::new(
            "重新从原相册导出或拷贝这张图片（常见原因：拷贝中断）",
            "export or copy the picture again from its original album (often: an interrupted copy)",
        ),
    }
}

fn unreadable(name: &str, err: &std::io::Error) -> ProbeError {
    ProbeError {
        code: "image-unreadable",
        message: Text::new(
            format!("读不了图片 {name}：{err}"),
            format!("cannot read the image {name}: {err}"),
        ),
        hint: Text::new(
            "确认它是一个文件（不是文件夹）并且有读取权限",
            "make sure it is a file (not a folder) and can be read",
        ),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sniffed {
    Raster(ImageFormat),
    Gif,
    Svg,
    Heif,
    Tiff,
    Unknown,
}

/// The format from the first bytes, whatever the extension says.
fn sniff(bytes: &[u8]) -> Sniffed {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Sniffed::Raster(ImageFormat::Jpeg),
        [0x89, b'P', b'N', b'G', ..] => Sniffed::Raster(ImageFormat::Png),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Sniffed::Raster(ImageFormat::WebP),
        [b'G', b'I', b'F', b'8', ..] => Sniffed::Gif,
        [b'I', b'I', 0x2A, 0x00, ..] | [b'M', b'M', 0x00, 0x2A, ..] => Sniffed::Tiff,
        // Canon CR3 and Fujifilm RAF are not TIFF-based.
        [_, _, _, _, b'f', b't', b'y', b'p', b'c', b'r', b'x', ..] => Sniffed::Tiff,
        [b'F', b'U', b'J', b'I', b'F', b'I', b'L', b'M', ..] => Sniffed::Tiff,
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => Sniffed::Heif,
        _ if looks_like_svg(bytes) => Sniffed::Svg,
        _ => Sniffed::Unknown,
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    std::str::from_utf8(head).is_ok_and(|text| text.contains("<svg"))
}

/// The extension a picture's content calls for (`jpg`, `png`, `webp`, `gif`), whatever it is
/// named; `None` for anything the build cannot publish as a picture (HEIC, RAW, not a picture).
pub fn extension_for(bytes: &[u8]) -> Option<&'static str> {
    match sniff(bytes) {
        Sniffed::Raster(ImageFormat::Jpeg) => Some("jpg"),
        Sniffed::Raster(ImageFormat::Png) => Some("png"),
        Sniffed::Raster(_) => Some("webp"),
        Sniffed::Gif => Some("gif"),
        _ => None,
    }
}

fn check_extension(ext: &str, format: ImageFormat) -> Result<(), ProbeError> {
    match format {
        ImageFormat::Jpeg => check_extension_is(ext, &["jpg", "jpeg"], "JPEG"),
        ImageFormat::Png => check_extension_is(ext, &["png"], "PNG"),
        _ => check_extension_is(ext, &["webp"], "WebP"),
    }
}

fn check_extension_is(ext: &str, allowed: &[&str], actual: &str) -> Result<(), ProbeError> {
    if allowed.contains(&ext) {
        return Ok(());
    }
    Err(ProbeError {
        code: "image-extension",
        message: Text::new(
            format!("文件内容是 {actual}，扩展名却是 .{ext}"),
            format!("the file's content is {actual} but its extension is .{ext}"),
        ),
        hint: Text::new(
            format!("把扩展名改为 .{}（并改正引用它的链接）", allowed[0]),
            format!("rename it to .{} (and the links to it)", allowed[0]),
        ),
    })
}

struct Exif {
    orientation: u8,
    has_gps: bool,
}

/// Orientation and GPS from the EXIF block, if any (a broken block counts as none).
fn read_exif(bytes: &[u8]) -> Exif {
    let none = Exif {
        orientation: 1,
        has_gps: false,
    };
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return none;
    };
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|field| field.value.get_uint(0))
        .and_then(|value| u8::try_from(value).ok())
        .filter(|value| (1..=8).contains(value))
        .unwrap_or(1);
    let has_gps = exif.fields().any(|field| {
        field.tag.context() == exif::Context::Gps && field.tag != exif::Tag::GPSVersionID
    });
    Exif {
        orientation,
        has_gps,
    }
}

/// Whether a JPEG's image data reaches its end marker. Decoders fill a cut-off photo with grey
/// without an error, so a copy interrupted halfway would be published as half a picture. The
/// segments before the first scan are skipped by their lengths (an EXIF thumbnail inside them
/// has its own markers); after it, `FF D9` cannot occur but as the end marker.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return false;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        if marker == 0xDA {
            return contains(&bytes[at..], &[0xFF, 0xD9]);
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        at += 2 + length;
    }
    false
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heic_renamed_jpg_is_named_for_what_it_is() {
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        let err = probe_bytes(heic, "photo.jpg", 1000).unwrap_err();
        assert_eq!(err.code, "image-unsupported");
        assert!(err.message.zh.contains("HEIC"));
    }

    #[test]
    fn png_content_with_jpg_extension_is_refused() {
        let mut png = Vec::new();
        image::RgbImage::new(4, 3)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let err = probe_bytes(&png, "a.jpg", 1000).unwrap_err();
        assert_eq!(err.code, "image-extension");
        let ok = probe_bytes(&png, "a.PNG", 1000).unwrap();
        assert_eq!((ok.width, ok.height, ok.fallback), (4, 3, Fallback::Png));
    }

    #[test]
    fn a_header_over_the_pixel_limit_is_refused_before_decoding() {
        // A 60-byte PNG declaring 50,000 × 50,000 px (7.5 GB decoded): never decoded.
        let mut ihdr = Vec::new();
        ihdr.extend(50_000u32.to_be_bytes());
        ihdr.extend(50_000u32.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &ihdr));
        png.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0, 0, 0, 0, 1]));
        png.extend(chunk(b"IEND", &[]));
        let err = probe_bytes(&png, "bomb.png", 100_000_000).unwrap_err();
        assert_eq!(err.code, "image-too-large", "{err:?}");
    }

    #[test]
    fn a_gif_declaring_more_than_the_pixel_limit_is_refused_though_it_is_not_decoded() {
        // A real 8 × 8 GIF whose logical screen is then declared 65,000 × 65,000.
        let mut gif = Vec::new();
        image::RgbaImage::from_pixel(8, 8, image::Rgba([200, 30, 30, 255]))
            .write_to(&mut Cursor::new(&mut gif), ImageFormat::Gif)
            .unwrap();
        gif[6..8].copy_from_slice(&65_000u16.to_le_bytes());
        gif[8..10].copy_from_slice(&65_000u16.to_le_bytes());
        let err = probe_bytes(&gif, "bomb.gif", 100_000_000).unwrap_err();
        assert_eq!(err.code, "image-too-large", "{err:?}");
        assert!(err.message.zh.contains("65000×65000"), "{err:?}");
    }

    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend(kind);
        out.extend(data);
        out.extend(crc(&out[4..]).to_be_bytes());
        out
    }

    fn crc(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_jpeg_cut_before_its_end_marker_is_corrupt() {
        let mut jpeg = Vec::new();
        image::RgbImage::from_pixel(64, 64, image::Rgb([10, 200, 30]))
            .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap();
        assert!(probe_bytes(&jpeg, "a.jpg", 1_000_000).is_ok());
        let err = probe_bytes(&jpeg[..jpeg.len() - 40], "a.jpg", 1_000_000).unwrap_err();
        assert_eq!(err.code, "image-corrupt");
    }

    #[test]
    fn truncated_jpeg_header_is_corrupt() {
        let err = probe_bytes(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16], "a.jpg", 1000).unwrap_err();
        assert_eq!(err.code, "image-corrupt");
    }

    #[test]
    fn image_extensions_any_case() {
        assert!(is_image_path("a/b/IMG_0001.JPG"));
        assert!(is_image_path("x.heic"));
        assert!(!is_image_path("report.pdf"));
        assert!(!is_image_path("jpg"));
    }
}
