//! Images and figures. Each image may be replaced by HTML the caller makes (a `<picture>` of
//! resized variants; this module does not know how), and an image that stands alone in its
//! paragraph with a caption becomes a `<figure>`:
//!
//! ```markdown
//! ![村民在新建的文化广场上](广场.jpg "2025 年 6 月，文化广场落成")
//!
//! ![村民在新建的文化广场上](广场.jpg)
//! *2025 年 6 月，文化广场落成*
//! ```
//!
//! The caption is the image's title, or an emphasised line right under it (which wins, since
//! it may hold links and marks); an image alone without either stays in its paragraph.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{LinkRef, Spanned};

/// One image as the page writes it, for the caller's replacement.
#[derive(Debug, Clone, Copy)]
pub struct ImageRef<'a> {
    /// The source as written, before any rewrite.
    pub dest: &'a str,
    /// Its alt text, as plain text.
    pub alt: &'a str,
    /// Its title (empty when none).
    pub title: &'a str,
    /// 0 for the body's first image, 1 for the next, …
    pub index: usize,
}

/// The HTML this module inserts, held out of the events until the body is rendered and
/// sanitised: the events carry a placeholder for each piece (text the sanitiser keeps as it is),
/// so the allow-list for the author's raw HTML never judges (or strips) jianbao's own markup.
pub(crate) struct Inserted {
    /// Opens every placeholder; longer than any run of it in the source, so the author's text
    /// cannot hold a placeholder.
    open: String,
    pieces: Vec<String>,
}

/// Closes a placeholder (after its number). Both are private-use characters.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

impl Inserted {
    pub(crate) fn for_source(source: &str) -> Inserted {
        Inserted {
            open: OPEN.to_string().repeat(source.matches(OPEN).count() + 1),
            pieces: Vec::new(),
        }
    }

    /// The placeholder standing for `html` in the events.
    fn hold(&mut self, html: String) -> CowStr<'static> {
        let placeholder = format!("{}{}{CLOSE}", self.open, self.pieces.len());
        self.pieces.push(html);
        CowStr::from(placeholder)
    }

    /// `html` with every placeholder replaced by the markup it stands for.
    pub(crate) fn restore(&self, html: String) -> String {
        if self.pieces.is_empty() {
            return html;
        }
        let mut out = String::with_capacity(html.len() + self.pieces.len() * 256);
        let mut rest = html.as_str();
        while let Some(at) = rest.find(&self.open) {
            out.push_str(&rest[..at]);
            let after = &rest[at + self.open.len()..];
            let piece = after.split_once(CLOSE).and_then(|(number, tail)| {
                let piece = self.pieces.get(number.parse::<usize>().ok()?)?;
                Some((piece, tail))
            });
            match piece {
                Some((piece, tail)) => {
                    out.push_str(piece);
                    rest = tail;
                }
                None => {
                    out.push_str(&self.open);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Replaces images with the caller's HTML where it gives some, and turns captioned images
/// into figures; the markup goes into `inserted`. `links` are the body's links in order, as
/// `links::rewrite_links` recorded them (its image entries are the images here, one for one).
pub(crate) fn rewrite_images<'a>(
    events: Vec<Spanned<'a>>,
    links: &[LinkRef],
    replace: &dyn Fn(&ImageRef<'_>) -> Option<String>,
    inserted: &mut Inserted,
) -> Vec<Spanned<'a>> {
    let mut sources = links.iter().filter(|l| l.is_image).map(|l| l.dest.as_str());
    let mut out = Vec::with_capacity(events.len());
    let mut index = 0;
    let mut i = 0;
    while i < events.len() {
        let figure = figure_at(&events, i);
        let image_start = match figure {
            Some(_) => i + 1,
            None => i,
        };
        if !matches!(events[image_start].0, Event::Start(Tag::Image { .. })) {
            out.push(events[i].clone());
            i += 1;
            continue;
        }
        let image_end = end_of(&events, image_start);
        let dest = sources.next().unwrap_or_default();
        let range = events[image_start].1.clone();
        if figure.is_some() {
            out.push((Event::Html(inserted.hold("<figure>".into())), range.clone()));
        }
        let image = &events[image_start..=image_end];
        let alt = plain(&image[1..image.len() - 1]);
        let title = match &image[0].0 {
            Event::Start(Tag::Image { title, .. }) => title.to_string(),
            _ => String::new(),
        };
        let asked = ImageRef {
            dest,
            alt: &alt,
            title: &title,
            index,
        };
        match replace(&asked) {
            Some(html) => out.push((Event::InlineHtml(inserted.hold(html)), range.clone())),
            None => out.extend(image.iter().cloned()),
        }
        index += 1;
        match figure {
            Some(figure) => {
                out.push((
                    Event::Html(inserted.hold("<figcaption>".into())),
                    range.clone(),
                ));
                match figure.caption {
                    Caption::Title => out.push((Event::Text(CowStr::from(title)), range.clone())),
                    Caption::Line(from, to) => out.extend(events[from..to].iter().cloned()),
                }
                out.push((
                    Event::Html(inserted.hold("</figcaption></figure>\n".into())),
                    range,
                ));
                i = figure.end + 1;
            }
            None => i = image_end + 1,
        }
    }
    out
}

struct Figure {
    caption: Caption,
    /// The paragraph's end event.
    end: usize,
}

enum Caption {
    /// The image's title.
    Title,
    /// These events (the inside of the emphasis under the image).
    Line(usize, usize),
}

/// A paragraph starting at `start` that holds one image and its caption, and nothing else.
fn figure_at(events: &[Spanned<'_>], start: usize) -> Option<Figure> {
    if !matches!(events[start].0, Event::Start(Tag::Paragraph)) {
        return None;
    }
    let image = start + 1;
    let Event::Start(Tag::Image { title, .. }) = &events.get(image)?.0 else {
        return None;
    };
    let image_end = end_of(events, image);
    match &events.get(image_end + 1)?.0 {
        Event::End(TagEnd::Paragraph) if !title.trim().is_empty() => Some(Figure {
            caption: Caption::Title,
            end: image_end + 1,
        }),
        next => {
            // The line break between the two may already be gone (dropped between CJK text).
            let emphasis = match next {
                Event::SoftBreak | Event::HardBreak => image_end + 2,
                _ => image_end + 1,
            };
            if !matches!(events.get(emphasis)?.0, Event::Start(Tag::Emphasis)) {
                return None;
            }
            let emphasis_end = end_of(events, emphasis);
            matches!(
                events.get(emphasis_end + 1)?.0,
                Event::End(TagEnd::Paragraph)
            )
            .then_some(Figure {
                caption: Caption::Line(emphasis + 1, emphasis_end),
                end: emphasis_end + 1,
            })
        }
    }
}

/// The index of the event closing the tag opened at `start`.
fn end_of(events: &[Spanned<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn plain(events: &[Spanned<'_>]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use crate::markdown::{LinkRewrite, MarkdownOptions, render_with};

    fn html(source: &str) -> String {
        let replace = |image: &super::ImageRef<'_>| {
            image.dest.ends_with(".jpg").then(|| {
                format!(
                    "<picture data-n=\"{}\" data-alt=\"{}\"></picture>",
                    image.index, image.alt
                )
            })
        };
        render_with(
            source,
            &MarkdownOptions::default(),
            &|_| LinkRewrite::Keep,
            &replace,
            &|_| None,
        )
        .html
    }

    #[test]
    fn an_image_with_a_title_alone_is_a_figure() {
        assert_eq!(
            html("![广场](a.jpg \"文化广场落成\")\n"),
            "<figure><picture data-n=\"0\" data-alt=\"广场\"></picture><figcaption>文化广场落成</figcaption></figure>\n"
        );
    }

    #[test]
    fn an_emphasised_line_under_an_image_is_its_caption() {
        assert_eq!(
            html("![广场](a.svg)\n*文化广场 [落成](/x/)*\n"),
            "<figure><img src=\"a.svg\" alt=\"广场\" /><figcaption>文化广场 <a href=\"/x/\">落成</a></figcaption></figure>\n"
        );
    }

    #[test]
    fn images_in_running_text_are_replaced_in_place_and_counted() {
        assert_eq!(
            html("前 ![一](a.jpg) 中 ![二](b.png) 后 ![三](c.jpg)\n\n![无题](d.jpg)\n"),
            "<p>前 <picture data-n=\"0\" data-alt=\"一\"></picture> 中 <img src=\"b.png\" alt=\"二\" /> 后 \
             <picture data-n=\"2\" data-alt=\"三\"></picture></p>\n<p><picture data-n=\"3\" data-alt=\"无题\"></picture></p>\n"
        );
    }

    #[test]
    fn the_sanitiser_judges_the_authors_html_and_never_the_inserted_markup() {
        // `data-n` is outside the raw-HTML allow-list: it survives because the sanitiser only
        // ever sees a placeholder where the picture goes.
        let out = html("<span onclick=\"x()\">注</span> ![广场](a.jpg \"落成\")\n\n![二](b.jpg)\n");
        assert_eq!(
            out,
            "<p><span>注</span> <picture data-n=\"0\" data-alt=\"广场\"></picture></p>\n\
             <p><picture data-n=\"1\" data-alt=\"二\"></picture></p>\n"
        );
    }

    #[test]
    fn text_that_looks_like_a_placeholder_stays_text() {
        let out = html("\u{E000}0\u{E001} ![一](a.jpg)\n");
        assert_eq!(
            out,
            "<p>\u{E000}0\u{E001} <picture data-n=\"0\" data-alt=\"一\"></picture></p>\n"
        );
    }

    #[test]
    fn a_caption_line_with_more_text_is_no_figure() {
        let out = html("![a](a.jpg)\n*图注* 和正文\n");
        assert!(out.starts_with("<p>"), "{out}");
    }
}
