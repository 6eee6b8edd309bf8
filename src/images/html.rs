//! The HTML of a resized image: a `<picture>` with the WebP variants as a `<source>` and the
//! fallback `<img>` with its own `srcset`, the intrinsic size (no layout shift while loading),
//! lazy loading for all but a page's first image, and asynchronous decoding.

use super::{Plan, Probe, variant_target};
use crate::config::ImageSettings;
use crate::markup::escape_xml;

/// What the page says about one image where it shows it.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    /// The alt text.
    pub alt: &'a str,
    /// The title attribute, if written.
    pub title: Option<&'a str>,
    /// The page's first image loads at once (it is usually in view); the others lazily.
    pub first: bool,
    /// Where it is shown, which decides the width the browser picks a variant for.
    pub place: Place,
}

/// Where a page shows an image. The browser picks a variant from `sizes` before it lays the
/// page out, so `sizes` must say how wide the image will be: in the built-in theme a body's
/// image is at most the text column (`--measure` in `css/jianbao.css`, 46em of 17 px, 782 px),
/// and a gallery's photos are tiles of a grid, one to a row on a phone and three across the
/// column on a wide screen. Saying "the whole window" instead made a wide screen download the
/// 1600 px variant for a 250 px tile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    /// In the body's text.
    #[default]
    Text,
    /// A tile of the activity-photo gallery.
    Gallery,
}

/// The text column of the built-in theme, in CSS pixels.
const COLUMN: u32 = 782;

/// The `sizes` attribute for an image whose largest variant is `largest` px wide.
fn sizes(place: Place, largest: u32) -> String {
    match place {
        Place::Text => {
            let shown = largest.min(COLUMN);
            format!("(max-width: {}px) 100vw, {shown}px", shown + 32)
        }
        Place::Gallery => {
            let tile = largest.min(COLUMN / 3);
            format!(
                "(max-width: 520px) 100vw, (max-width: {}px) 50vw, {tile}px",
                COLUMN + 32
            )
        }
    }
}

/// `<picture>` for the source published at `target` (site path relative to the output
/// folder); `href` turns a target into the URL written in the page.
pub fn picture_html(
    target: &str,
    probe: &Probe,
    settings: &ImageSettings,
    shown: Shown<'_>,
    href: &dyn Fn(&str) -> String,
) -> String {
    let variants = Plan::variants_for(probe.width, probe.height, settings);
    let Some(largest) = variants.last() else {
        return String::new();
    };
    let srcset = |extension: &str| {
        variants
            .iter()
            .map(|v| {
                format!(
                    "{} {}w",
                    href(&variant_target(target, v.width, extension)),
                    v.width
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sizes = sizes(shown.place, largest.width);
    let fallback = probe.fallback.extension();
    // Browsers without srcset get the widest variant up to 960 px.
    let src = variants
        .iter()
        .rev()
        .find(|v| v.width <= 960)
        .unwrap_or(&variants[0]);
    let mut html = String::from("<picture>");
    if settings.webp {
        html.push_str(&format!(
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">",
            escape_xml(&srcset("webp"))
        ));
    }
    html.push_str(&format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
        escape_xml(&href(&variant_target(target, src.width, fallback))),
        escape_xml(&srcset(fallback)),
        largest.width,
        largest.height,
        escape_xml(shown.alt)
    ));
    if let Some(title) = shown.title.filter(|t| !t.is_empty()) {
        html.push_str(&format!(" title=\"{}\"", escape_xml(title)));
    }
    // An upright photo at the column's width is taller than a laptop's screen; the theme
    // narrows it (`img.portrait`) and the width and height above still reserve its space.
    if shown.place == Place::Text && largest.height > largest.width {
        html.push_str(" class=\"portrait\"");
    }
    if !shown.first {
        html.push_str(" loading=\"lazy\"");
    }
    html.push_str(" decoding=\"async\"></picture>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_photo_gets_a_picture_with_webp_and_jpeg_sets() {
        let probe = Probe {
            width: 4000,
            height: 3000,
            orientation: 1,
            ..Probe::default()
        };
        let shown = Shown {
            alt: "走访 \"脱贫户\"",
            title: None,
            first: false,
            place: Place::Text,
        };
        let html = picture_html(
            "news/visit/p.jpg",
            &probe,
            &ImageSettings::default(),
            shown,
            &|t| format!("/zcdt/{t}"),
        );
        assert_eq!(
            html,
            "<picture><source type=\"image/webp\" srcset=\"/zcdt/news/visit/p-480.webp 480w, \
             /zcdt/news/visit/p-960.webp 960w, /zcdt/news/visit/p-1600.webp 1600w\" \
             sizes=\"(max-width: 814px) 100vw, 782px\"><img src=\"/zcdt/news/visit/p-960.jpg\" \
             srcset=\"/zcdt/news/visit/p-480.jpg 480w, /zcdt/news/visit/p-960.jpg 960w, \
             /zcdt/news/visit/p-1600.jpg 1600w\" sizes=\"(max-width: 814px) 100vw, 782px\" \
             width=\"1600\" height=\"1200\" alt=\"走访 &quot;脱贫户&quot;\" loading=\"lazy\" \
             decoding=\"async\"></picture>"
        );
    }

    #[test]
    fn an_upright_photo_in_the_text_is_marked_portrait_but_not_in_a_gallery() {
        let probe = Probe {
            width: 3000,
            height: 4000,
            ..Probe::default()
        };
        let html = |place| {
            let shown = Shown {
                alt: "竖拍",
                title: None,
                first: false,
                place,
            };
            picture_html("a.jpg", &probe, &ImageSettings::default(), shown, &|t| {
                format!("/{t}")
            })
        };
        assert!(html(Place::Text).contains("height=\"2133\" alt=\"竖拍\" class=\"portrait\""));
        assert!(!html(Place::Gallery).contains("portrait"));
    }

    #[test]
    fn the_first_image_is_not_lazy() {
        let probe = Probe {
            width: 300,
            height: 200,
            ..Probe::default()
        };
        let shown = Shown {
            alt: "",
            title: Some("图注"),
            first: true,
            place: Place::Gallery,
        };
        let html = picture_html("a.jpg", &probe, &ImageSettings::default(), shown, &|t| {
            format!("/{t}")
        });
        assert!(!html.contains("loading="), "{html}");
        assert!(html.contains("width=\"300\" height=\"200\""), "{html}");
        assert!(html.contains("title=\"图注\""), "{html}");
        // A tile: the whole width on a phone, a third of the column at most, never wider
        // than the image itself.
        assert!(
            html.contains("sizes=\"(max-width: 520px) 100vw, (max-width: 814px) 50vw, 260px\""),
            "{html}"
        );
    }
}
