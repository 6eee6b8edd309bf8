//! Link and image destinations: recorded with their source position and
//! handed to the caller's rewrite callback.

use pulldown_cmark::{CowStr, Event, Tag};

use super::position::LineIndex;
use super::{LinkRef, LinkRewrite, Spanned};

/// Records every link and image destination (as pulldown-cmark reports it,
/// i.e. reference links already resolved) and applies `rewrite` to it.
pub(crate) fn rewrite_links(
    events: &mut [Spanned<'_>],
    lines: &LineIndex,
    rewrite: &dyn Fn(&str) -> LinkRewrite,
) -> Vec<LinkRef> {
    let mut links = Vec::new();
    for (event, range) in events.iter_mut() {
        let (dest_url, is_image) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let (line, col) = lines.line_col(range.start);
        links.push(LinkRef {
            dest: dest_url.to_string(),
            is_image,
            line,
            col,
        });
        if let LinkRewrite::Replace(new_dest) = rewrite(dest_url) {
            *dest_url = CowStr::from(new_dest);
        }
    }
    links
}
