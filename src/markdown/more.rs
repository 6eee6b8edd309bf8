//! The `<!-- more -->` summary marker.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Spanned;

/// Where the first summary marker sits, if any.
pub(crate) struct MoreSplit {
    /// Index of the first event after the summary part.
    pub(crate) at: usize,
    /// Tags open at the marker (outermost first); the summary closes them so
    /// that a marker inside a list or quote still yields balanced HTML.
    pub(crate) open: Vec<TagEnd>,
}

/// Removes every marker block (an HTML block that is just `<!-- more -->`,
/// spacing and case aside) from `events` and reports where the first one
/// was.
pub(crate) fn remove_more_markers(events: &mut Vec<Spanned<'_>>) -> Option<MoreSplit> {
    let mut split = None;
    let mut open: Vec<TagEnd> = Vec::new();
    let mut kept = Vec::with_capacity(events.len());
    let mut iter = std::mem::take(events).into_iter().peekable();
    while let Some((event, range)) = iter.next() {
        if matches!(event, Event::Start(Tag::HtmlBlock)) {
            let mut block = Vec::new();
            while let Some(inner) =
                iter.next_if(|(e, _)| !matches!(e, Event::End(TagEnd::HtmlBlock)))
            {
                block.push(inner);
            }
            let end = iter.next();
            if is_marker(&block) {
                split.get_or_insert_with(|| MoreSplit {
                    at: kept.len(),
                    open: open.clone(),
                });
                continue;
            }
            kept.push((event, range));
            kept.extend(block);
            kept.extend(end);
            continue;
        }
        match &event {
            Event::Start(tag) => open.push(tag.to_end()),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
        kept.push((event, range));
    }
    *events = kept;
    split
}

fn is_marker(block: &[Spanned<'_>]) -> bool {
    let html: String = block
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Html(h) => Some(h.as_ref()),
            _ => None,
        })
        .collect();
    is_marker_html(&html)
}

/// Whether `html` is the summary marker, spacing and case aside.
pub(crate) fn is_marker_html(html: &str) -> bool {
    html.trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim().eq_ignore_ascii_case("more"))
}

/// The events of the summary part: everything before the marker, with the
/// containers that were open there closed again.
pub(crate) fn summary_events<'a>(events: &[Spanned<'a>], split: &MoreSplit) -> Vec<Spanned<'a>> {
    let mut summary = events[..split.at].to_vec();
    for end in split.open.iter().rev() {
        summary.push((Event::End(*end), 0..0));
    }
    summary
}
