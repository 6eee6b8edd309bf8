//! Plain text of a rendered body, for summaries, reading time and search.

use pulldown_cmark::{Event, TagEnd};

use super::Spanned;

/// Text and code contents without markup. Blocks end with `'\n'`, line
/// breaks (those that survived the CJK soft-break pass) become `'\n'`, table
/// cells are separated by a space. HTML and footnote markers are left out.
pub(crate) fn plain_text(events: &[Spanned<'_>]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => newline(&mut text),
            Event::End(TagEnd::TableCell) => text.push(' '),
            Event::End(end) if ends_line(end) => newline(&mut text),
            _ => {}
        }
    }
    text.truncate(text.trim_end().len());
    text
}

fn ends_line(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

/// Ends the current line once: trailing cell separators go, and an already
/// ended line (nested blocks closing together) is not doubled.
fn newline(text: &mut String) {
    text.truncate(text.trim_end_matches(' ').len());
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}
