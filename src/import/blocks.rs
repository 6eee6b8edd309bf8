//! The imported document as plain data: paragraphs, tables, images and notes, in reading order.
//!
//! Every reader (.docx, text) produces these blocks; the official-document frame is taken from
//! them, headings are decided on them and Markdown is written from them. Nothing here reads files.

/// A document read from any supported format.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Body blocks in reading order.
    pub blocks: Vec<Block>,
    /// Footnotes and endnotes: label and text, in the order they are referenced.
    pub notes: Vec<Note>,
    /// Pictures taken from the file, referenced by [`Inline::Image`].
    pub images: Vec<Picture>,
    /// Files embedded in the document as packages (a worksheet, a PDF), offered as attachments.
    pub embedded: Vec<Picture>,
    /// Embedded OLE objects that could not be taken out (old binary containers).
    pub ole_objects: usize,
    /// Text of the page headers (where a 密级 mark may stand).
    pub header_text: String,
    /// Comments that were dropped.
    pub comments: usize,
}

/// A footnote or endnote.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The label used in the body (`1`, `2`, …).
    pub label: String,
    /// The note's text.
    pub text: Vec<Inline>,
}

/// An image file to be written into the bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// File name inside the bundle's `images/` folder.
    pub name: String,
    /// The bytes exactly as stored in the document.
    pub bytes: Vec<u8>,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph, heading or list item.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// A paragraph with what the reader knows about its look.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// Text, formatting, links, images.
    pub inlines: Vec<Inline>,
    /// Outline level from a heading style (0 = Heading 1), when the document uses them.
    pub outline: Option<u8>,
    /// The paragraph carries Word's Title style.
    pub is_title: bool,
    /// A list item: its level and the label the reader sees.
    pub list: Option<ListMark>,
    /// Centred.
    pub centred: bool,
    /// Right-aligned (signatures and dates).
    pub right: bool,
    /// Every character is bold or set in a heading face (黑体, 楷体, 小标宋).
    pub set_apart: bool,
    /// The largest font size in half-points, when the document says.
    pub size: Option<u32>,
    /// The Markdown heading level (2–6) decided by [`super::headings`]; the title is level 1.
    pub heading: Option<u8>,
}

/// A list item's place and label.
#[derive(Debug, Clone, PartialEq)]
pub struct ListMark {
    /// Nesting level, 0 at the top.
    pub level: u8,
    /// What the reader sees before the text: `1.`, `•`, `（一）`.
    pub label: String,
    /// How the label is written in Markdown.
    pub kind: ListKind,
}

/// How a list label becomes Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// A bullet: `- `.
    Bullet,
    /// An Arabic number followed by `.` or `)`: a Markdown ordered list keeps it.
    Ordered(u32),
    /// Any other label (Chinese numerals, letters, brackets): written as text before the item.
    Text,
}

/// Character formatting that survives into Markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub sup: bool,
    pub sub: bool,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// A run of text with its formatting.
    Text(String, Marks),
    /// A manual line break.
    Break,
    /// A hyperlink.
    Link(String, Vec<Inline>),
    /// An image: the file name in [`Document::images`] and its description.
    Image { name: String, alt: String },
    /// A footnote or endnote reference by label.
    NoteRef(String),
}

/// A table, cell for cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
}

/// A table row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// Marked as a header row (repeats on every page).
    pub header: bool,
    pub cells: Vec<Cell>,
}

/// A table cell; cells covered by a merge are not listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Paragraphs of the cell.
    pub lines: Vec<Vec<Inline>>,
    pub colspan: usize,
    pub rowspan: usize,
}

impl Paragraph {
    /// A plain paragraph of text.
    pub fn text(text: &str) -> Paragraph {
        Paragraph {
            inlines: vec![Inline::Text(text.to_string(), Marks::default())],
            ..Paragraph::default()
        }
    }

    /// The visible text, line breaks as `'\n'`, images and note marks left out.
    pub fn plain(&self) -> String {
        plain(&self.inlines)
    }
}

/// The visible text of inlines.
pub fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(text, _) => out.push_str(text),
            Inline::Break => out.push('\n'),
            Inline::Link(_, inner) => out.push_str(&plain(inner)),
            Inline::Image { .. } | Inline::NoteRef(_) => {}
        }
    }
    out
}

/// Removes `count` characters from the start of the visible text, across runs.
pub fn drop_prefix(inlines: &mut Vec<Inline>, mut count: usize) {
    while count > 0 {
        let Some(first) = inlines.first_mut() else {
            return;
        };
        match first {
            Inline::Text(text, _) => {
                let len = text.chars().count();
                if len <= count {
                    count -= len;
                    inlines.remove(0);
                } else {
                    let cut = text
                        .char_indices()
                        .nth(count)
                        .map_or(text.len(), |(i, _)| i);
                    text.replace_range(..cut, "");
                    count = 0;
                }
            }
            Inline::Break => {
                count -= 1;
                inlines.remove(0);
            }
            _ => return,
        }
    }
}
