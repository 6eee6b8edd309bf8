//! Blocks into the Markdown body of a page.
//!
//! Text is escaped so that what the document says is what the page shows: `*` in a masked name
//! or `1. ` at the start of a sentence must not turn into emphasis or a list. Tables that
//! Markdown can express (no merged cells) become pipe tables; the others become HTML tables,
//! cell for cell with `colspan`/`rowspan`. Footnotes become Markdown footnotes.

use std::fmt::Write as _;

use super::blocks::{
    Block, Cell, Document, Inline, ListKind, ListMark, Marks, Paragraph, Table, plain,
};

/// The folder of a bundle that holds pictures.
pub const IMAGES_DIR: &str = "images";

/// Writes the body of `doc` (the frame already taken out).
pub fn body(doc: &Document) -> String {
    let mut out = String::new();
    // Content indents of the open list levels: (level, indent).
    let mut lists: Vec<(u8, usize)> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => paragraph(p, &mut lists, &mut out),
            Block::Table(t) => {
                lists.clear();
                separate(&mut out);
                table(t, &mut out);
            }
        }
    }
    if !doc.notes.is_empty() {
        separate(&mut out);
        for note in &doc.notes {
            let _ = writeln!(
                out,
                "[^{}]: {}",
                note.label,
                inlines(&note.text, Style::Markdown)
            );
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

fn separate(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
    }
}

fn paragraph(p: &Paragraph, lists: &mut Vec<(u8, usize)>, out: &mut String) {
    let mut content = p.inlines.clone();
    trim_inlines(&mut content);
    if content.is_empty() {
        return;
    }
    if let Some(level) = p.heading {
        lists.clear();
        separate(out);
        let mut text = String::new();
        if let Some(mark) = &p.list {
            text.push_str(&escape_text(&mark.label, true));
        }
        text.push_str(&inlines(&unbold(&content), Style::Markdown));
        let _ = writeln!(
            out,
            "{} {}",
            "#".repeat(usize::from(level)),
            text.replace("\\\n", " ")
        );
        return;
    }
    match &p.list {
        Some(mark) if mark.kind != ListKind::Text => list_item(mark, &content, lists, out),
        // A lettered or Chinese-numbered item under a list item: a paragraph of that item.
        Some(mark) if lists.last().is_some_and(|&(l, _)| l < mark.level) => {
            let indent = lists.last().map_or(0, |&(_, i)| i);
            separate(out);
            let text = format!(
                "{}{}",
                escape_text(&mark.label, true),
                inlines(&content, Style::Markdown)
            );
            let _ = writeln!(
                out,
                "{}{}",
                " ".repeat(indent),
                text.replace('\n', &format!("\n{}", " ".repeat(indent)))
            );
            // A blank line, so the next item is not read as a continuation of this paragraph.
            out.push('\n');
        }
        _ => {
            lists.clear();
            separate(out);
            if let Some(mark) = &p.list {
                out.push_str(&escape_text(&mark.label, true));
            }
            out.push_str(&inlines(&content, Style::Markdown));
            out.push('\n');
        }
    }
}

/// A bulleted or numbered item, indented under its parent item.
fn list_item(mark: &ListMark, content: &[Inline], lists: &mut Vec<(u8, usize)>, out: &mut String) {
    while lists.last().is_some_and(|&(l, _)| l > mark.level) {
        lists.pop();
    }
    if lists.last().is_some_and(|&(l, _)| l == mark.level) {
        lists.pop();
    } else if lists.is_empty() {
        separate(out);
    }
    let indent = lists.last().map_or(0, |&(_, i)| i);
    let marker = match mark.kind {
        ListKind::Ordered(n) => format!("{n}. "),
        _ => "- ".to_string(),
    };
    let text = inlines(content, Style::Markdown)
        .replace('\n', &format!("\n{}", " ".repeat(indent + marker.len())));
    let _ = writeln!(out, "{}{marker}{text}", " ".repeat(indent));
    lists.push((mark.level, indent + marker.len()));
}

/// Headings carry no bold of their own: the heading style is the emphasis.
fn unbold(content: &[Inline]) -> Vec<Inline> {
    content
        .iter()
        .map(|i| match i {
            Inline::Text(t, marks) => Inline::Text(
                t.clone(),
                Marks {
                    bold: false,
                    ..*marks
                },
            ),
            other => other.clone(),
        })
        .collect()
}

/// Drops full-width indentation and spaces at the start and end of a paragraph.
pub fn trim_inlines(content: &mut Vec<Inline>) {
    let blank = |c: char| c.is_whitespace() || c == '\u{3000}';
    while let Some(Inline::Text(t, _)) = content.first_mut() {
        let kept = t.trim_start_matches(blank).to_string();
        if kept.is_empty() {
            content.remove(0);
        } else {
            *t = kept;
            break;
        }
    }
    while matches!(content.first(), Some(Inline::Break)) {
        content.remove(0);
    }
    while let Some(last) = content.last_mut() {
        match last {
            Inline::Text(t, _) => {
                let kept = t.trim_end_matches(blank).to_string();
                if kept.is_empty() {
                    content.pop();
                } else {
                    *t = kept;
                    break;
                }
            }
            Inline::Break => {
                content.pop();
            }
            _ => break,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Markdown,
    Html,
}

fn inlines(content: &[Inline], style: Style) -> String {
    let mut out = String::new();
    let mut line_start = true;
    for inline in content {
        match inline {
            Inline::Text(text, marks) => {
                let body = match style {
                    Style::Markdown => escape_text(text, line_start),
                    Style::Html => escape_html(text),
                };
                out.push_str(&marked(&body, *marks, style));
                line_start = false;
            }
            Inline::Break => {
                out.push_str(if style == Style::Html { "<br>" } else { "\\\n" });
                line_start = style == Style::Markdown;
            }
            Inline::Link(url, inner) => {
                let text = inlines(inner, style);
                match style {
                    Style::Markdown => {
                        let _ = write!(out, "[{text}](<{}>)", url.replace(['<', '>'], ""));
                    }
                    Style::Html => {
                        let _ = write!(out, "<a href=\"{}\">{text}</a>", escape_html(url));
                    }
                }
                line_start = false;
            }
            Inline::Image { name, alt } => {
                match style {
                    Style::Markdown => {
                        let alt = alt.replace(['[', ']', '\n'], " ");
                        let _ = write!(out, "![{alt}]({IMAGES_DIR}/{name})");
                    }
                    Style::Html => {
                        let _ = write!(
                            out,
                            "<img src=\"{IMAGES_DIR}/{}\" alt=\"{}\">",
                            escape_html(name),
                            escape_html(alt)
                        );
                    }
                }
                line_start = false;
            }
            Inline::NoteRef(label) => {
                let _ = write!(out, "[^{label}]");
                line_start = false;
            }
        }
    }
    out
}

/// Wraps escaped text in its formatting, keeping spaces outside the markers (CommonMark does
/// not close `** x**`).
fn marked(text: &str, marks: Marks, style: Style) -> String {
    let core = text.trim_matches(' ');
    if core.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start_matches(' ').len()];
    let trail = &text[text.trim_end_matches(' ').len()..];
    let mut s = core.to_string();
    let wraps: [(bool, &str, &str, &str, &str); 5] = [
        (marks.sup, "<sup>", "</sup>", "<sup>", "</sup>"),
        (marks.sub, "<sub>", "</sub>", "<sub>", "</sub>"),
        (marks.strike, "~~", "~~", "<del>", "</del>"),
        (marks.italic, "*", "*", "<em>", "</em>"),
        (marks.bold, "**", "**", "<strong>", "</strong>"),
    ];
    for (on, md_open, md_close, html_open, html_close) in wraps {
        if on {
            s = match style {
                Style::Markdown => format!("{md_open}{s}{md_close}"),
                Style::Html => format!("{html_open}{s}{html_close}"),
            };
        }
    }
    format!("{lead}{s}{trail}")
}

/// Backslash-escapes what Markdown would read as syntax.
pub fn escape_text(text: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let special = matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '|' | '$'
        );
        if special || (c == '&' && looks_like_entity(&text[i + 1..])) {
            out.push('\\');
        }
        out.push(c);
    }
    if line_start {
        return escape_line_start(&out);
    }
    out
}

/// `amp;`, `#12;`, `x4e00;` after an `&`: read as a character reference unless escaped.
fn looks_like_entity(rest: &str) -> bool {
    let name = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .count();
    name > 0 && rest[name..].starts_with(';')
}

/// `# `, `- `, `+ `, `1. `, `1) ` at the start of a line. A figure is left alone: `12.5` and
/// `-3.2` start no list (a list marker needs a space after it).
fn escape_line_start(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next();
    let signed_figure =
        matches!(first, Some('-' | '+')) && chars.next().is_some_and(|c| c.is_ascii_digit());
    if matches!(first, Some('#' | '-' | '+' | '=')) && !signed_figure {
        return format!("\\{text}");
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let mut after = text[digits..].chars();
    if (1..=9).contains(&digits)
        && matches!(after.next(), Some('.' | ')'))
        && after.next().is_none_or(char::is_whitespace)
    {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    text.to_string()
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn table(t: &Table, out: &mut String) {
    let simple = t
        .rows
        .iter()
        .all(|r| r.cells.iter().all(|c| c.colspan == 1 && c.rowspan == 1))
        && t.rows
            .windows(2)
            .all(|w| w[0].cells.len() == w[1].cells.len())
        && t.rows.first().is_some_and(|r| !r.cells.is_empty());
    if simple {
        pipe_table(t, out);
    } else {
        html_table(t, out);
    }
}

/// A cell's lines in `style`, joined with `<br>` (the only line break a table cell has).
fn cell_content(cell: &Cell, style: Style) -> String {
    let lines: Vec<String> = cell
        .lines
        .iter()
        .map(|line| {
            let mut line = line.clone();
            trim_inlines(&mut line);
            inlines(&line, style).replace("\\\n", "<br>")
        })
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("<br>")
}

fn cell_markdown(cell: &Cell) -> String {
    let text = cell_content(cell, Style::Markdown);
    if text.is_empty() {
        " ".to_string()
    } else {
        text
    }
}

fn pipe_table(t: &Table, out: &mut String) {
    for (i, row) in t.rows.iter().enumerate() {
        let cells: Vec<String> = row.cells.iter().map(cell_markdown).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
        if i == 0 {
            let _ = writeln!(out, "|{}", "---|".repeat(cells.len()));
        }
    }
}

fn html_table(t: &Table, out: &mut String) {
    out.push_str("<table>\n");
    for (i, row) in t.rows.iter().enumerate() {
        let tag = if row.header || i == 0 && !t.rows.iter().any(|r| r.header) {
            "th"
        } else {
            "td"
        };
        out.push_str("<tr>");
        for cell in &row.cells {
            let mut attrs = String::new();
            if cell.colspan > 1 {
                let _ = write!(attrs, " colspan=\"{}\"", cell.colspan);
            }
            if cell.rowspan > 1 {
                let _ = write!(attrs, " rowspan=\"{}\"", cell.rowspan);
            }
            let _ = write!(
                out,
                "<{tag}{attrs}>{}</{tag}>",
                cell_content(cell, Style::Html)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

/// The plain text of a cell, for tests and fidelity counts.
pub fn cell_text(cell: &Cell) -> String {
    cell.lines
        .iter()
        .map(|l| plain(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::blocks::Row;

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            blocks,
            ..Document::default()
        }
    }

    #[test]
    fn text_that_looks_like_syntax_is_escaped() {
        assert_eq!(escape_text("王**同志", true), "王\\*\\*同志");
        assert_eq!(escape_text("1. 不是列表", true), "1\\. 不是列表");
        assert_eq!(escape_text("# 不是标题", true), "\\# 不是标题");
        assert_eq!(escape_text("A & B", false), "A & B");
        assert_eq!(escape_text("&amp;", false), "\\&amp;");
        // Figures start no list: no backslash an editor would have to read past.
        for figure in ["12.5", "-3.2", "+15%", "2026.11"] {
            assert_eq!(escape_text(figure, true), figure);
        }
        assert_eq!(escape_text("1.", true), "1\\.");
        assert_eq!(escape_text("- 项", true), "\\- 项");
    }

    #[test]
    fn indentation_goes_and_breaks_stay() {
        let p = Paragraph {
            inlines: vec![
                Inline::Text("　　联系人：张三".into(), Marks::default()),
                Inline::Break,
                Inline::Text("电话：123".into(), Marks::default()),
            ],
            ..Paragraph::default()
        };
        assert_eq!(
            body(&doc(vec![Block::Paragraph(p)])),
            "联系人：张三\\\n电话：123\n"
        );
    }

    #[test]
    fn nested_lists_indent_under_their_parent() {
        let item = |text: &str, level: u8, kind: ListKind| {
            Block::Paragraph(Paragraph {
                list: Some(ListMark {
                    level,
                    label: String::new(),
                    kind,
                }),
                ..Paragraph::text(text)
            })
        };
        let md = body(&doc(vec![
            item("甲", 0, ListKind::Ordered(1)),
            item("子", 1, ListKind::Bullet),
            item("乙", 0, ListKind::Ordered(2)),
        ]));
        assert_eq!(md, "1. 甲\n   - 子\n2. 乙\n");
    }

    #[test]
    fn merged_cells_fall_back_to_html() {
        let cell = |t: &str, colspan| Cell {
            lines: vec![vec![Inline::Text(t.into(), Marks::default())]],
            colspan,
            rowspan: 1,
        };
        let t = Table {
            rows: vec![
                Row {
                    header: true,
                    cells: vec![cell("项目", 1), cell("数量", 1)],
                },
                Row {
                    header: false,
                    cells: vec![cell("合计", 2)],
                },
            ],
        };
        let md = body(&doc(vec![Block::Table(t)]));
        assert!(md.contains("<th>项目</th>"), "{md}");
        assert!(md.contains("<td colspan=\"2\">合计</td>"), "{md}");
    }
}
