//! SVG files are published as they are only when they cannot run anything or fetch anything:
//! no scripts, no event-handler attributes, no `javascript:` URLs, no embedded HTML, no entity
//! declarations and no reference to another site. An SVG that has any of them is refused with
//! what was found, rather than rewritten: a rewritten drawing could silently lose parts.

use std::sync::LazyLock;

use regex::Regex;

use super::ProbeError;
use crate::i18n::Text;

static UNSAFE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?xi)
        (<\s*script)
        | (\son[a-z]+\s*=)
        | (javascript\s*:)
        | (<\s*foreignObject)
        | (<!ENTITY)
        | (<\?xml-stylesheet)
        | ((?:href|src)\s*=\s*["']?\s*(?:https?:|//|data:text/html))
        | (url\(\s*["']?\s*(?:https?:|//))
        | (@import)
        "#,
    )
    .expect("a valid constant pattern")
});

/// Refuses an SVG that could run a script or load something from elsewhere.
pub(super) fn check(bytes: &[u8]) -> Result<(), ProbeError> {
    let text = String::from_utf8_lossy(bytes);
    let Some(found) = UNSAFE.find(&text) else {
        return Ok(());
    };
    let what = found.as_str().trim();
    Err(ProbeError {
        code: "image-svg-unsafe",
        message: Text::new(
            format!("SVG 图里有脚本或外部引用（“{what}”），不能发布"),
            format!(
                "the SVG has a script or an outside reference (`{what}`) and cannot be published"
            ),
        ),
        hint: Text::new(
            "在绘图软件里导出为“纯 SVG”，或删除这一部分",
            "export it as plain SVG from the drawing program, or remove that part",
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_drawings_pass() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use href="#a"/><rect fill="url(#g)"/></svg>"##;
        assert!(check(svg).is_ok());
    }

    #[test]
    fn scripts_handlers_and_outside_references_are_refused() {
        for bad in [
            "<svg><script>alert(1)</script></svg>",
            "<svg><rect onload=\"x()\"/></svg>",
            "<svg><a href=\"javascript:x()\"/></svg>",
            "<svg><image href=\"https://tracker.example/p.png\"/></svg>",
            "<svg><image xlink:href='//tracker.example/p.png'/></svg>",
            "<svg><style>@import 'https://x/y.css';</style></svg>",
            "<svg><foreignObject><div/></foreignObject></svg>",
        ] {
            assert!(check(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
