//! Small helpers over WordprocessingML trees: the namespaces and attribute access.

use roxmltree::Node;

/// The main WordprocessingML namespace.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Relationships (`r:id`, `r:embed`).
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// DrawingML (`a:blip`).
pub const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
/// Word drawing positions (`wp:inline`, `wp:anchor`, `wp:docPr`).
pub const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
/// Markup compatibility (`mc:AlternateContent`).
pub const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
/// VML, the legacy picture markup (`v:imagedata`).
pub const V: &str = "urn:schemas-microsoft-com:vml";
/// DrawingML charts (`c:chart` in a drawing, and the chart part itself).
pub const C: &str = "http://schemas.openxmlformats.org/drawingml/2006/chart";
/// Office Math (`m:oMath`), Word's equations.
pub const M: &str = "http://schemas.openxmlformats.org/officeDocument/2006/math";

/// A `w:` attribute.
pub fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

/// The first `w:` child element named `name`.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name((W, name)))
}

/// A `w:` on/off property (`<w:b/>`, `<w:b w:val="0"/>`) under a properties element.
pub fn flag(props: Option<Node>, name: &str) -> Option<bool> {
    let node = child(props?, name)?;
    Some(!matches!(
        attr(node, "val"),
        Some("0" | "false" | "off" | "none")
    ))
}

/// The `w:val` of a child.
pub fn val<'a>(props: Option<Node<'a, '_>>, name: &str) -> Option<&'a str> {
    attr(child(props?, name)?, "val")
}
