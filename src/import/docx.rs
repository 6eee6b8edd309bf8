//! Reading a .docx into [`Document`] blocks, every visible character in reading order.
//!
//! Track changes are resolved as accepted (`w:ins` kept, `w:del` dropped), hidden text and field
//! codes are left out, page and section breaks dropped, comments counted and dropped. Pictures,
//! inline or floating (`wp:inline`, `wp:anchor`, legacy VML), are copied byte for byte with the
//! description Word stores in `wp:docPr/@descr`. Text in text boxes is kept where the box is
//! anchored.

use std::collections::HashMap;

use roxmltree::{Document as Xml, Node};

use super::blocks::{
    Block, Cell, Document, Inline, ListMark, Marks, Note, Paragraph, Picture, Row, Table, plain,
};
use super::chart;
use super::numbering::Numbering;
use super::package::{Package, resolve_target};
use super::styles::{Styles, fonts, is_heading_face};
use super::xml::{A, C, M, MC, R, V, W, WP, attr, child, flag, val};
use crate::i18n::Text;

/// `a:graphicData` of a SmartArt graphic.
const DIAGRAM_URI: &str = "http://schemas.openxmlformats.org/drawingml/2006/diagram";

/// What reading found besides the document, things the editor should know: a stable code
/// (`import-image`, `import-chart`, `import-equation`) and the message.
pub type Warnings = Vec<(&'static str, Text)>;

/// Reads a .docx file's bytes.
pub fn read(bytes: Vec<u8>) -> Result<(Document, Warnings), Text> {
    let mut package = Package::open(bytes)?;
    let main = package.read_text("word/document.xml")?.ok_or_else(|| {
        text!(
            "文件不是 Word 文档：缺少 word/document.xml（可能是改了扩展名的其他文件）",
            "not a Word document: word/document.xml is missing (perhaps another file renamed)"
        )
    })?;
    let styles = Styles::parse(package.read_text("word/styles.xml")?.as_deref());
    let numbering = Numbering::parse(package.read_text("word/numbering.xml")?.as_deref());
    let rels = Relationships::parse(
        package
            .read_text("word/_rels/document.xml.rels")?
            .as_deref(),
    );
    let xml = parse_xml(&main, "word/document.xml")?;
    let mut reader = Reader {
        package,
        styles,
        numbering,
        rels,
        doc: Document::default(),
        warnings: Vec::new(),
        pictures: HashMap::new(),
        notes: HashMap::new(),
        paragraph: 0,
        after: Vec::new(),
        chart_sources: Vec::new(),
    };
    reader.read_notes()?;
    let body = child(xml.root_element(), "body").ok_or_else(|| {
        text!(
            "文件已损坏：正文部分为空",
            "the file is damaged: it has no body"
        )
    })?;
    let blocks = reader.blocks(body)?;
    reader.doc.blocks = blocks;
    reader.doc.header_text = reader.header_text()?;
    reader.doc.comments = reader.comment_count()?;
    reader.embedded()?;
    Ok((reader.doc, reader.warnings))
}

fn parse_xml<'a>(text: &'a str, part: &str) -> Result<Xml<'a>, Text> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    Xml::parse_with_options(text, options).map_err(|err| {
        text!(
            "文件已损坏：{part} 不是有效的 XML（{err}）",
            "the file is damaged: {part} is not valid XML ({err})"
        )
    })
}

/// `word/_rels/document.xml.rels`: relationship id → target.
#[derive(Debug, Default)]
struct Relationships {
    targets: HashMap<String, (String, bool)>,
}

impl Relationships {
    fn parse(xml: Option<&str>) -> Relationships {
        let Some(doc) = xml.and_then(|x| Xml::parse(x).ok()) else {
            return Relationships::default();
        };
        let targets = doc
            .root_element()
            .children()
            .filter(|n| n.tag_name().name() == "Relationship")
            .filter_map(|n| {
                let external = n.attribute("TargetMode") == Some("External");
                Some((
                    n.attribute("Id")?.to_string(),
                    (n.attribute("Target")?.to_string(), external),
                ))
            })
            .collect();
        Relationships { targets }
    }

    fn get(&self, id: &str) -> Option<(&str, bool)> {
        self.targets.get(id).map(|(t, e)| (t.as_str(), *e))
    }
}

struct Reader {
    package: Package,
    styles: Styles,
    numbering: Numbering,
    rels: Relationships,
    doc: Document,
    warnings: Warnings,
    /// Package path of a picture → its name in the bundle.
    pictures: HashMap<String, String>,
    /// (kind, id) of a note → its inlines, until referenced.
    notes: HashMap<(NoteKind, String), Vec<Inline>>,
    /// 1-based number of the paragraph being read, for messages.
    paragraph: usize,
    /// Blocks that follow the paragraph being read (the table of a chart drawn in it).
    after: Vec<Block>,
    /// Package paths of the workbooks behind charts: a chart's own data, not attachments.
    chart_sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NoteKind {
    Foot,
    End,
}

/// Formatting inherited from the paragraph by its runs.
#[derive(Clone, Copy, Default)]
struct RunContext {
    style_bold: bool,
    style_face: bool,
    style_size: Option<u32>,
    /// Inside a hyperlink, whose underline is the link's look, not emphasis.
    in_link: bool,
}

/// What the runs of one paragraph added up to.
#[derive(Default)]
struct RunStats {
    text_chars: usize,
    apart_chars: usize,
    size: Option<u32>,
}

impl Reader {
    fn blocks(&mut self, container: Node) -> Result<Vec<Block>, Text> {
        let mut blocks = Vec::new();
        for node in container.children().filter(Node::is_element) {
            match (node.tag_name().namespace(), node.tag_name().name()) {
                (Some(W), "p") => {
                    blocks.push(Block::Paragraph(self.paragraph(node)?));
                    blocks.append(&mut self.after);
                }
                (Some(W), "tbl") => {
                    blocks.push(Block::Table(self.table(node)?));
                    blocks.append(&mut self.after);
                }
                (Some(W), "sdt") => {
                    if let Some(content) = child(node, "sdtContent") {
                        blocks.extend(self.blocks(content)?);
                    }
                }
                (Some(W), "customXml" | "ins" | "moveTo") => blocks.extend(self.blocks(node)?),
                _ => {}
            }
        }
        Ok(blocks)
    }

    fn paragraph(&mut self, p: Node) -> Result<Paragraph, Text> {
        self.paragraph += 1;
        let ppr = child(p, "pPr");
        let style_id = val(ppr, "pStyle").unwrap_or("Normal");
        let look = self.styles.look(style_id);
        let outline = val(ppr, "outlineLvl")
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|&l| l < 9)
            .or(look.outline);
        let justify = val(ppr, "jc").unwrap_or("");
        let context = RunContext {
            style_bold: look.bold,
            style_face: look.heading_face,
            style_size: look.size,
            in_link: false,
        };
        let mut stats = RunStats::default();
        let inlines = self.inlines(p, context, &mut stats)?;
        let list = self.list_mark(ppr, style_id);
        Ok(Paragraph {
            inlines,
            outline,
            is_title: look.title,
            list,
            centred: justify == "center",
            right: matches!(justify, "right" | "end"),
            set_apart: stats.text_chars > 0 && stats.apart_chars == stats.text_chars,
            size: stats.size,
            heading: None,
        })
    }

    fn list_mark(&mut self, ppr: Option<Node>, style_id: &str) -> Option<ListMark> {
        let direct = ppr.and_then(|p| child(p, "numPr")).map(|num| {
            let id = val(Some(num), "numId").map(String::from);
            let level = val(Some(num), "ilvl").and_then(|l| l.parse().ok());
            (id, level)
        });
        let from_style = self.styles.list(style_id);
        let (id, level) = match (direct, from_style) {
            (Some((id, level)), style) => (
                id.or_else(|| style.as_ref().map(|s| s.0.clone()))?,
                level.or(style.map(|s| s.1)).unwrap_or(0),
            ),
            (None, Some((id, level))) => (id, level),
            (None, None) => return None,
        };
        if id == "0" {
            return None;
        }
        self.numbering.next(&id, level)
    }

    fn inlines(
        &mut self,
        parent: Node,
        context: RunContext,
        stats: &mut RunStats,
    ) -> Result<Vec<Inline>, Text> {
        let mut out = Vec::new();
        for node in parent.children().filter(Node::is_element) {
            match (node.tag_name().namespace(), node.tag_name().name()) {
                (Some(W), "r") => self.run(node, context, stats, &mut out)?,
                (Some(W), "hyperlink") => {
                    let link = RunContext {
                        in_link: true,
                        ..context
                    };
                    let inner = self.inlines(node, link, stats)?;
                    let url = node
                        .attribute((R, "id"))
                        .and_then(|id| self.rels.get(id))
                        .filter(|(_, external)| *external)
                        .map(|(target, _)| target.to_string());
                    match url {
                        Some(url) if !inner.is_empty() => out.push(Inline::Link(url, inner)),
                        _ => out.extend(inner),
                    }
                }
                (
                    Some(W),
                    "ins" | "moveTo" | "smartTag" | "customXml" | "fldSimple" | "bdo" | "dir",
                ) => {
                    out.extend(self.inlines(node, context, stats)?);
                }
                (Some(W), "sdt") => {
                    if let Some(content) = child(node, "sdtContent") {
                        out.extend(self.inlines(content, context, stats)?);
                    }
                }
                (Some(MC), "AlternateContent") => {
                    if let Some(branch) = alternate_branch(node) {
                        out.extend(self.inlines(branch, context, stats)?);
                    }
                }
                (Some(M), "oMath" | "oMathPara") => {
                    let paragraph = self.paragraph;
                    self.warnings.push(("import-equation", text!(
                        "第 {paragraph} 段的公式没有导入，请在页面中用文字或图片补上",
                        "the equation in paragraph {paragraph} was not imported; add it to the page as text or a picture"
                    )));
                }
                _ => {}
            }
        }
        Ok(out)
    }

    fn run(
        &mut self,
        r: Node,
        context: RunContext,
        stats: &mut RunStats,
        out: &mut Vec<Inline>,
    ) -> Result<(), Text> {
        let rpr = child(r, "rPr");
        if flag(rpr, "vanish") == Some(true) || flag(rpr, "specVanish") == Some(true) {
            return Ok(());
        }
        let char_look = val(rpr, "rStyle").map(|s| self.styles.look(s));
        let bold = flag(rpr, "b")
            .or(char_look.map(|l| l.bold))
            .unwrap_or(context.style_bold);
        let face = fonts(rpr).map_or(context.style_face, |f| is_heading_face(&f));
        let size = val(rpr, "sz")
            .and_then(|s| s.parse::<u32>().ok())
            .or(context.style_size);
        let vert = val(rpr, "vertAlign").unwrap_or("");
        let marks = Marks {
            bold,
            italic: flag(rpr, "i").unwrap_or(false),
            strike: flag(rpr, "strike").unwrap_or(false) || flag(rpr, "dstrike").unwrap_or(false),
            sup: vert == "superscript",
            sub: vert == "subscript",
        };
        // Underline is how Chinese documents stress a phrase; it becomes emphasis, which the
        // theme shows with 着重号. Not on a link (Word underlines links) and not on a fill-in
        // blank of underlined spaces or underscores.
        let underline = !context.in_link && flag(rpr, "u").unwrap_or(false);
        for node in r.children().filter(Node::is_element) {
            match (node.tag_name().namespace(), node.tag_name().name()) {
                (Some(W), "t") => {
                    let text = node.text().unwrap_or("");
                    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
                    let stressed = underline && text.chars().any(|c| !is_blank_fill(c));
                    let marks = Marks {
                        italic: marks.italic || stressed,
                        ..marks
                    };
                    stats.text_chars += visible;
                    if bold || face {
                        stats.apart_chars += visible;
                    }
                    if visible > 0 {
                        stats.size = stats.size.max(size);
                    }
                    push_text(out, text, marks);
                }
                (Some(W), "tab" | "ptab") => push_text(out, " ", marks),
                (Some(W), "br") if attr(node, "type").is_none_or(|t| t == "textWrapping") => {
                    out.push(Inline::Break);
                }
                (Some(W), "cr") => out.push(Inline::Break),
                (Some(W), "noBreakHyphen") => push_text(out, "-", marks),
                (Some(W), "sym") => {
                    if let Some(c) = attr(node, "char").and_then(symbol) {
                        push_text(out, &c.to_string(), marks);
                    }
                }
                (Some(W), "footnoteReference") => self.note_ref(node, NoteKind::Foot, out),
                (Some(W), "endnoteReference") => self.note_ref(node, NoteKind::End, out),
                (Some(W), "drawing" | "pict" | "object") => self.drawing(node, context, out)?,
                (Some(MC), "AlternateContent") => {
                    let branch = alternate_branch(node);
                    for n in branch
                        .iter()
                        .flat_map(|b| b.children())
                        .filter(|n| n.has_tag_name((W, "drawing")) || n.has_tag_name((W, "pict")))
                    {
                        self.drawing(n, context, out)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn note_ref(&mut self, node: Node, kind: NoteKind, out: &mut Vec<Inline>) {
        let Some(id) = attr(node, "id") else {
            return;
        };
        let Some(text) = self.notes.remove(&(kind, id.to_string())) else {
            return;
        };
        let label = (self.doc.notes.len() + 1).to_string();
        self.doc.notes.push(Note {
            label: label.clone(),
            text,
        });
        out.push(Inline::NoteRef(label));
    }

    /// A picture (and the text of any text box) in a `w:drawing` or VML `w:pict`.
    fn drawing(
        &mut self,
        node: Node,
        context: RunContext,
        out: &mut Vec<Inline>,
    ) -> Result<(), Text> {
        for shape in node
            .descendants()
            .filter(|n| n.has_tag_name((WP, "inline")) || n.has_tag_name((WP, "anchor")))
        {
            let doc_pr = shape.children().find(|n| n.has_tag_name((WP, "docPr")));
            let alt = doc_pr
                .and_then(|d| {
                    d.attribute("descr")
                        .filter(|s| !s.trim().is_empty())
                        .or(d.attribute("title"))
                })
                .unwrap_or("")
                .trim()
                .to_string();
            if let Some(blip) = shape.descendants().find(|n| n.has_tag_name((A, "blip"))) {
                let rel = blip.attribute((R, "embed")).or(blip.attribute((R, "link")));
                self.picture(rel, alt, out)?;
            }
        }
        for chart in node.descendants().filter(|n| n.has_tag_name((C, "chart"))) {
            self.chart(chart.attribute((R, "id")))?;
        }
        let smart_art = node
            .descendants()
            .any(|n| n.has_tag_name((A, "graphicData")) && n.attribute("uri") == Some(DIAGRAM_URI));
        if smart_art {
            let paragraph = self.paragraph;
            self.warnings.push(("import-diagram", text!(
                "第 {paragraph} 段的 SmartArt 图形没有导入，请在页面中用文字、表格或图片补上",
                "the SmartArt graphic in paragraph {paragraph} was not imported; add it to the page as text, a table or a picture"
            )));
        }
        for image in node
            .descendants()
            .filter(|n| n.has_tag_name((V, "imagedata")))
        {
            let alt = image.attribute("title").unwrap_or("").to_string();
            self.picture(image.attribute((R, "id")), alt, out)?;
        }
        // A text box's lines stand on their own lines where the box is anchored, so its text
        // does not run into the paragraph's (a trailing break is trimmed with the paragraph).
        let mut boxed = false;
        for content in node
            .descendants()
            .filter(|n| n.has_tag_name((W, "txbxContent")))
        {
            for p in content.children().filter(|n| n.has_tag_name((W, "p"))) {
                let mut stats = RunStats::default();
                let inner = self.inlines(p, context, &mut stats)?;
                if !plain(&inner).trim().is_empty() {
                    if !out.is_empty() {
                        out.push(Inline::Break);
                    }
                    out.extend(inner);
                    boxed = true;
                }
            }
        }
        if boxed {
            out.push(Inline::Break);
        }
        Ok(())
    }

    /// A chart's figures as a table after the paragraph (its title above it), with a warning:
    /// the drawing itself does not come across.
    fn chart(&mut self, rel: Option<&str>) -> Result<(), Text> {
        let paragraph = self.paragraph;
        let path = rel
            .and_then(|id| self.rels.get(id))
            .filter(|(_, external)| !external)
            .and_then(|(target, _)| resolve_target("word", target));
        let xml = match path {
            Some(path) => self.package.read_text(&path)?,
            None => None,
        };
        let Some(data) = xml.as_deref().and_then(chart::read) else {
            self.warnings.push(("import-chart", text!(
                "第 {paragraph} 段的图表没有导入（读不出其中的数据），请在页面中补上",
                "the chart in paragraph {paragraph} was not imported (its figures could not be read); add it to the page"
            )));
            return Ok(());
        };
        let (zh, en) = data.title.as_ref().map_or_else(
            || (String::new(), String::new()),
            |t| (format!("“{t}”"), format!(" \"{t}\"")),
        );
        self.warnings.push(("import-chart", text!(
            "第 {paragraph} 段的图表{zh}已转为数据表，图表本身没有导入",
            "the chart{en} in paragraph {paragraph} became a table of its figures; the drawing itself was not imported"
        )));
        if let Some(title) = &data.title {
            self.after.push(Block::Paragraph(Paragraph::text(title)));
        }
        self.after.push(Block::Table(chart::table(&data)));
        Ok(())
    }

    fn picture(
        &mut self,
        rel: Option<&str>,
        alt: String,
        out: &mut Vec<Inline>,
    ) -> Result<(), Text> {
        let paragraph = self.paragraph;
        let Some((target, external)) = rel.and_then(|id| self.rels.get(id)) else {
            return Ok(());
        };
        let resolved = (!external)
            .then(|| resolve_target("word", target))
            .flatten();
        let Some(path) = resolved.filter(|p| self.package.has(p)) else {
            self.warnings.push(("import-image", text!(
                "第 {paragraph} 段的图片链接到文件之外（{target}），没有导入；请在 Word 中把图片嵌入文档",
                "the picture in paragraph {paragraph} links outside the file ({target}) and was not imported; embed it in the document in Word"
            )));
            return Ok(());
        };
        let name = match self.pictures.get(&path) {
            Some(name) => name.clone(),
            None => {
                let bytes = self.package.read(&path)?;
                let base = path.rsplit('/').next().unwrap_or("image").to_string();
                let name = unique_name(&base, &self.doc.images);
                self.doc.images.push(Picture {
                    name: name.clone(),
                    bytes,
                });
                self.pictures.insert(path, name.clone());
                name
            }
        };
        out.push(Inline::Image { name, alt });
        Ok(())
    }

    fn table(&mut self, tbl: Node) -> Result<Table, Text> {
        let mut table = Table::default();
        // For each grid column, the (row, cell) index of the cell a vertical merge extends.
        let mut open: Vec<Option<(usize, usize)>> = Vec::new();
        for tr in tbl.children().filter(|n| n.has_tag_name((W, "tr"))) {
            let trpr = child(tr, "trPr");
            let mut row = Row {
                header: flag(trpr, "tblHeader").unwrap_or(false),
                cells: Vec::new(),
            };
            let row_index = table.rows.len();
            let mut column = 0;
            for tc in tr.children().filter(|n| n.has_tag_name((W, "tc"))) {
                let tcpr = child(tc, "tcPr");
                let span: usize = val(tcpr, "gridSpan")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(1)
                    .max(1);
                let merge = tcpr
                    .and_then(|p| child(p, "vMerge"))
                    .map(|m| attr(m, "val").unwrap_or("continue"));
                if open.len() < column + span {
                    open.resize(column + span, None);
                }
                if merge == Some("continue") {
                    if let Some((r, c)) = open[column]
                        && let Some(cell) =
                            table.rows.get_mut(r).and_then(|row| row.cells.get_mut(c))
                    {
                        cell.rowspan += 1;
                    }
                    column += span;
                    continue;
                }
                let lines = self.cell_lines(tc)?;
                open[column] = Some((row_index, row.cells.len()));
                row.cells.push(Cell {
                    lines,
                    colspan: span,
                    rowspan: 1,
                });
                column += span;
            }
            table.rows.push(row);
        }
        Ok(table)
    }

    fn cell_lines(&mut self, tc: Node) -> Result<Vec<Vec<Inline>>, Text> {
        let mut lines = Vec::new();
        for block in self.blocks(tc)? {
            match block {
                Block::Paragraph(p) => {
                    let mut inlines = p.inlines;
                    if let Some(mark) = p.list {
                        inlines.insert(
                            0,
                            Inline::Text(format!("{} ", mark.label), Marks::default()),
                        );
                    }
                    lines.push(inlines);
                }
                Block::Table(inner) => {
                    for row in inner.rows {
                        for cell in row.cells {
                            lines.extend(cell.lines);
                        }
                    }
                }
            }
        }
        Ok(lines)
    }

    fn read_notes(&mut self) -> Result<(), Text> {
        for (kind, part, tag) in [
            (NoteKind::Foot, "word/footnotes.xml", "footnote"),
            (NoteKind::End, "word/endnotes.xml", "endnote"),
        ] {
            let Some(text) = self.package.read_text(part)? else {
                continue;
            };
            let xml = parse_xml(&text, part)?;
            for note in xml
                .root_element()
                .children()
                .filter(|n| n.has_tag_name((W, tag)))
            {
                if attr(note, "type").is_some_and(|t| t != "normal") {
                    continue;
                }
                let Some(id) = attr(note, "id") else { continue };
                let mut inlines = Vec::new();
                for p in note.children().filter(|n| n.has_tag_name((W, "p"))) {
                    let mut stats = RunStats::default();
                    let line = self.inlines(p, RunContext::default(), &mut stats)?;
                    if !inlines.is_empty() && !line.is_empty() {
                        inlines.push(Inline::Text(" ".to_string(), Marks::default()));
                    }
                    inlines.extend(line);
                }
                trim_start(&mut inlines);
                self.notes.insert((kind, id.to_string()), inlines);
            }
        }
        Ok(())
    }

    fn header_text(&mut self) -> Result<String, Text> {
        let mut out = String::new();
        for i in 0..=6 {
            let part = if i == 0 {
                "word/header.xml".to_string()
            } else {
                format!("word/header{i}.xml")
            };
            if let Some(text) = self.package.read_text(&part)?
                && let Ok(xml) = Xml::parse(&text)
            {
                for t in xml.descendants().filter(|n| n.has_tag_name((W, "t"))) {
                    out.push_str(t.text().unwrap_or(""));
                }
                out.push('\n');
            }
        }
        Ok(out)
    }

    /// `word/embeddings/`: packages (.xlsx, .docx, .pdf …) are kept as they are; OLE containers
    /// (`oleObject1.bin`) are only counted.
    /// Remembers the workbook a chart part draws from (`word/charts/_rels/chart1.xml.rels`), so
    /// that it is not published as an attachment: it may hold far more than the chart shows.
    fn note_chart_sources(&mut self, chart: &str) -> Result<(), Text> {
        let (dir, file) = chart.rsplit_once('/').unwrap_or(("", chart));
        let rels = self
            .package
            .read_text(&format!("{dir}/_rels/{file}.rels"))?;
        let rels = Relationships::parse(rels.as_deref());
        for (target, external) in rels.targets.values() {
            if !external && let Some(path) = resolve_target(dir, target) {
                self.chart_sources.push(path);
            }
        }
        Ok(())
    }

    fn embedded(&mut self) -> Result<(), Text> {
        for chart in self.package.names_under("word/charts/") {
            if chart.ends_with(".xml") {
                self.note_chart_sources(&chart)?;
            }
        }
        for name in self.package.names_under("word/embeddings/") {
            if self.chart_sources.contains(&name) {
                continue;
            }
            let base = name.rsplit('/').next().unwrap_or("").to_string();
            if base.is_empty() {
                continue;
            }
            if base.to_ascii_lowercase().ends_with(".bin") {
                self.doc.ole_objects += 1;
                continue;
            }
            let bytes = self.package.read(&name)?;
            let name = unique_name(&base, &self.doc.embedded);
            self.doc.embedded.push(Picture { name, bytes });
        }
        Ok(())
    }

    fn comment_count(&mut self) -> Result<usize, Text> {
        let Some(text) = self.package.read_text("word/comments.xml")? else {
            return Ok(0);
        };
        let xml = parse_xml(&text, "word/comments.xml")?;
        Ok(xml
            .root_element()
            .children()
            .filter(|n| n.has_tag_name((W, "comment")))
            .count())
    }
}

/// The branch of `mc:AlternateContent` to read: the modern drawing (`mc:Choice`) when present,
/// else the fallback — never both, or pictures would appear twice.
fn alternate_branch<'a, 'i>(node: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|n| n.has_tag_name((MC, "Choice")))
        .or_else(|| node.children().find(|n| n.has_tag_name((MC, "Fallback"))))
}

/// A character of a form's fill-in blank (`姓名：＿＿＿＿`), drawn by underlining spaces.
fn is_blank_fill(c: char) -> bool {
    c.is_whitespace() || matches!(c, '_' | '＿')
}

fn push_text(out: &mut Vec<Inline>, text: &str, marks: Marks) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text(last, last_marks)) = out.last_mut()
        && *last_marks == marks
    {
        last.push_str(text);
        return;
    }
    out.push(Inline::Text(text.to_string(), marks));
}

/// Drops leading whitespace (the space after a footnote mark).
fn trim_start(inlines: &mut Vec<Inline>) {
    while let Some(Inline::Text(text, _)) = inlines.first_mut() {
        let trimmed = text.trim_start().to_string();
        if trimmed.is_empty() {
            inlines.remove(0);
        } else {
            *text = trimmed;
            break;
        }
    }
}

/// A `w:sym` character: Unicode code points as they are; Symbol-font private-use points
/// (F0xx) mapped back to their ASCII-range meaning where that is a real character.
fn symbol(hex: &str) -> Option<char> {
    let code = u32::from_str_radix(hex, 16).ok()?;
    let code = if (0xF020..=0xF07E).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    char::from_u32(code).filter(|c| !c.is_control())
}

fn unique_name(base: &str, taken: &[Picture]) -> String {
    let (stem, ext) = base.rsplit_once('.').unwrap_or((base, "bin"));
    let mut name = format!("{stem}.{ext}");
    let mut n = 2;
    while taken.iter().any(|p| p.name == name) {
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    name
}
