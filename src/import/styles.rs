//! Paragraph and character styles (`word/styles.xml`), reduced to what import needs: which
//! styles are headings and at what level, the Title style, and bold or heading-face fonts.
//!
//! Heading styles are recognised by outline level first (`w:outlineLvl`, inherited through
//! `w:basedOn`), then by name (`heading 1`, `标题 1`) for producers that omit it.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::xml::{W, attr, child, flag, val};

/// What a style contributes.
#[derive(Debug, Clone, Default)]
pub struct Style {
    based_on: Option<String>,
    outline: Option<u8>,
    title: bool,
    bold: Option<bool>,
    heading_face: bool,
    size: Option<u32>,
    list: Option<(String, u8)>,
}

/// Resolved look of a style after inheritance.
#[derive(Debug, Clone, Copy, Default)]
pub struct Look {
    pub outline: Option<u8>,
    pub title: bool,
    pub bold: bool,
    pub heading_face: bool,
    pub size: Option<u32>,
}

/// Every style of the document by id.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
}

impl Styles {
    /// Reads `styles.xml`; missing means Word's defaults (no headings known by style).
    pub fn parse(xml: Option<&str>) -> Styles {
        let Some(doc) = xml.and_then(|x| Document::parse(x).ok()) else {
            return Styles::default();
        };
        let styles = doc
            .root_element()
            .children()
            .filter(|n| n.has_tag_name((W, "style")))
            .filter_map(|n| Some((attr(n, "styleId")?.to_string(), style(n))))
            .collect();
        Styles { styles }
    }

    /// The inherited look of a style.
    pub fn look(&self, id: &str) -> Look {
        let mut look = Look::default();
        let (mut outline, mut bold, mut size) = (None, None, None);
        let mut current = Some(id);
        for _ in 0..16 {
            let Some(style) = current.and_then(|id| self.styles.get(id)) else {
                break;
            };
            outline = outline.or(style.outline);
            bold = bold.or(style.bold);
            size = size.or(style.size);
            look.title |= style.title;
            look.heading_face |= style.heading_face;
            current = style.based_on.as_deref();
        }
        look.outline = outline;
        look.bold = bold.unwrap_or(false);
        look.size = size;
        look
    }

    /// The numbering a paragraph style carries (`numId`, level), as Word's List Number does.
    pub fn list(&self, id: &str) -> Option<(String, u8)> {
        let mut current = Some(id);
        for _ in 0..16 {
            let style = self.styles.get(current?)?;
            if style.list.is_some() {
                return style.list.clone();
            }
            current = style.based_on.as_deref();
        }
        None
    }
}

fn style(node: Node) -> Style {
    let name = child(node, "name")
        .and_then(|n| attr(n, "val"))
        .unwrap_or("")
        .to_lowercase();
    let ppr = child(node, "pPr");
    let rpr = child(node, "rPr");
    let outline = val(ppr, "outlineLvl")
        .and_then(|v| v.parse::<u8>().ok())
        .filter(|&l| l < 9)
        .or_else(|| heading_number(&name));
    let list = child_path(ppr, &["numPr"]).and_then(|num| {
        let id = val(Some(num), "numId")?.to_string();
        let level = val(Some(num), "ilvl")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        Some((id, level))
    });
    Style {
        based_on: child(node, "basedOn")
            .and_then(|n| attr(n, "val"))
            .map(String::from),
        outline,
        title: name == "title" || name == "标题",
        bold: flag(rpr, "b"),
        heading_face: fonts(rpr).is_some_and(|f| is_heading_face(&f)),
        size: val(rpr, "sz").and_then(|s| s.parse().ok()),
        list,
    }
}

fn child_path<'a, 'i>(node: Option<Node<'a, 'i>>, path: &[&str]) -> Option<Node<'a, 'i>> {
    path.iter().try_fold(node?, |n, name| child(n, name))
}

/// `heading 2` / `标题 2` → outline level 1.
fn heading_number(name: &str) -> Option<u8> {
    let rest = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then(|| n - 1)
}

/// The East Asian and Latin font names of run properties, joined.
pub fn fonts(rpr: Option<Node>) -> Option<String> {
    let fonts = child(rpr?, "rFonts")?;
    let names: Vec<&str> = ["eastAsia", "ascii", "hAnsi"]
        .iter()
        .filter_map(|k| attr(fonts, k))
        .collect();
    (!names.is_empty()).then(|| names.join(" "))
}

/// Faces GB/T 9704 sets headings and titles in: 黑体 (level 1), 楷体 (level 2), 小标宋 (title).
pub fn is_heading_face(fonts: &str) -> bool {
    [
        "黑体",
        "楷体",
        "楷体_GB2312",
        "小标宋",
        "SimHei",
        "KaiTi",
        "FZXiaoBiaoSong",
    ]
    .iter()
    .any(|f| fonts.contains(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_names_give_levels() {
        assert_eq!(heading_number("heading 1"), Some(0));
        assert_eq!(heading_number("标题 3"), Some(2));
        assert_eq!(heading_number("heading"), None);
    }

    #[test]
    fn outline_level_is_inherited() {
        let xml = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
          <w:style w:styleId="H"><w:name w:val="my heading"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
          <w:style w:styleId="H2"><w:name w:val="child"/><w:basedOn w:val="H"/><w:rPr><w:b/></w:rPr></w:style>
        </w:styles>"#;
        let styles = Styles::parse(Some(xml));
        let look = styles.look("H2");
        assert_eq!(look.outline, Some(1));
        assert!(look.bold);
    }
}
