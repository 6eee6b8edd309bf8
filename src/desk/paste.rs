//! Rich text pasted from Word or WPS into the body: the desk's script reads the clipboard's
//! HTML into plain blocks (paragraphs with their runs, heading level, alignment, list label;
//! tables cell by cell), and this turns them into Markdown with `jianbao import`'s own steps —
//! [`crate::import::frame::take`] (the official document's frame left out of the body),
//! [`crate::import::headings::assign`] (headings by style or by the 一、/（一）/1． numbering)
//! and [`crate::import::markdown::body`] — so a paste reads exactly as an import would.
//! Pure: JSON in, Markdown out.

use serde::Deserialize;

use crate::import::blocks::{Block, Cell, Document, Inline, Marks, Paragraph, Row, Table};

/// What the script sends: the blocks of the pasted fragment.
#[derive(Debug, Deserialize)]
pub struct Pasted {
    blocks: Vec<PastedBlock>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum PastedBlock {
    /// A paragraph (or heading, or list item written as a paragraph).
    P {
        runs: Vec<Run>,
        /// `h1` = 0 … `h6` = 5, from a heading tag or Word's heading class.
        #[serde(default)]
        outline: Option<u8>,
        #[serde(default)]
        centred: bool,
        #[serde(default)]
        right: bool,
    },
    /// A table: rows of cells.
    Table { rows: Vec<PastedRow> },
}

#[derive(Debug, Deserialize)]
struct Run {
    #[serde(default)]
    text: String,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    italic: bool,
    /// A line break instead of text.
    #[serde(default)]
    br: bool,
}

#[derive(Debug, Deserialize)]
struct PastedRow {
    #[serde(default)]
    header: bool,
    cells: Vec<PastedCell>,
}

#[derive(Debug, Deserialize)]
struct PastedCell {
    text: String,
    #[serde(default = "one")]
    colspan: usize,
    #[serde(default = "one")]
    rowspan: usize,
}

fn one() -> usize {
    1
}

/// The Markdown `jianbao import` would write for these blocks as a page's body: the official
/// document's frame (红头, 文号, title, 主送, 附件 list, signature and date) is taken out as
/// import takes it into front matter — here the form holds those fields.
pub fn to_markdown(pasted: Pasted) -> String {
    let mut blocks: Vec<Block> = pasted.blocks.into_iter().filter_map(block).collect();
    let _frame = crate::import::frame::take(&mut blocks);
    crate::import::headings::assign(&mut blocks);
    let doc = Document {
        blocks,
        ..Document::default()
    };
    crate::import::markdown::body(&doc)
}

fn block(pasted: PastedBlock) -> Option<Block> {
    match pasted {
        PastedBlock::P {
            runs,
            outline,
            centred,
            right,
        } => {
            let inlines: Vec<Inline> = runs
                .into_iter()
                .filter(|r| r.br || !r.text.is_empty())
                .map(|r| {
                    if r.br {
                        Inline::Break
                    } else {
                        let marks = Marks {
                            bold: r.bold,
                            italic: r.italic,
                            ..Marks::default()
                        };
                        Inline::Text(r.text.replace('\u{a0}', " "), marks)
                    }
                })
                .collect();
            let set_apart = inlines
                .iter()
                .all(|i| matches!(i, Inline::Text(t, m) if m.bold || t.trim().is_empty()))
                && inlines
                    .iter()
                    .any(|i| matches!(i, Inline::Text(t, m) if m.bold && !t.trim().is_empty()));
            let paragraph = Paragraph {
                inlines,
                outline: outline.filter(|l| *l < 6),
                centred,
                right,
                set_apart,
                ..Paragraph::default()
            };
            (!paragraph.plain().trim().is_empty()).then_some(Block::Paragraph(paragraph))
        }
        PastedBlock::Table { rows } => Some(Block::Table(Table {
            rows: rows
                .into_iter()
                .map(|row| Row {
                    header: row.header,
                    cells: row
                        .cells
                        .into_iter()
                        .map(|cell| Cell {
                            lines: vec![vec![Inline::Text(cell.text, Marks::default())]],
                            colspan: cell.colspan.max(1),
                            rowspan: cell.rowspan.max(1),
                        })
                        .collect(),
                })
                .collect(),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markdown(json: serde_json::Value) -> String {
        to_markdown(serde_json::from_value(json).unwrap())
    }

    #[test]
    fn numbered_lines_become_headings_as_import_makes_them() {
        let md = markdown(serde_json::json!({ "blocks": [
            { "kind": "p", "runs": [{ "text": "为做好培训，现通知如下。" }] },
            { "kind": "p", "runs": [{ "text": "一、培训对象" }] },
            { "kind": "p", "runs": [{ "text": "全县驻村干部，" }, { "text": "共计86人", "bold": true }, { "text": "。" }] },
            { "kind": "p", "runs": [{ "text": "（一）政策理论" }] },
            { "kind": "p", "outline": 0, "runs": [{ "text": "附件说明" }] },
            { "kind": "table", "rows": [
                { "header": true, "cells": [{ "text": "项目" }, { "text": "数量" }] },
                { "cells": [{ "text": "入户走访" }, { "text": "320 户次" }] }
            ] }
        ] }));
        assert!(md.contains("## 一、培训对象\n"), "{md}");
        assert!(md.contains("### （一）政策理论\n"), "{md}");
        assert!(md.contains("**共计86人**"), "{md}");
        assert!(md.contains("| 入户走访 | 320 户次 |"), "{md}");
    }
}
