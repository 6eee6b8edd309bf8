//! The error overlay: what a browser tab shows on top of the last good page while the site does
//! not build.
//!
//! Owns turning a failed build into one self-contained, escaped HTML fragment (its own styles,
//! no scripts: `reload.js` handles its close button). Must not decide when it is shown.

use std::fmt::Write as _;

use crate::build::BuildError;
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::markup::escape_xml as escape;

/// The `id` of the overlay element, shared with `reload.js`.
pub const OVERLAY_ID: &str = "jianbao-overlay";

/// The overlay for a failed build, in `lang`.
pub fn render(error: &BuildError, lang: Lang) -> String {
    let items = match error {
        BuildError::Content(diagnostics) => diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| item(d, lang))
            .collect(),
        BuildError::Io(err) => format!("<li><p>{}</p></li>", escape(&format!("{err:#}"))),
    };
    let (title, note, close) = match lang {
        Lang::Zh => (
            "网站生成失败",
            "下面是最后一次成功生成的页面。修正后保存，本页会自动刷新。",
            "关闭",
        ),
        Lang::En => (
            "The site does not build",
            "Below is the last page that built. Save a fix and this page updates by itself.",
            "Close",
        ),
    };
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alertdialog\" aria-modal=\"true\" aria-labelledby=\"{OVERLAY_ID}-title\">{STYLE}<div class=\"jb-box\"><button type=\"button\" class=\"jb-close\" data-jianbao-dismiss>{close}</button><h2 id=\"{OVERLAY_ID}-title\">{title}</h2><ol>{items}</ol><p class=\"jb-note\">{note}</p></div></div>"
    )
}

/// One diagnostic: where, what, and what to do.
fn item(diagnostic: &Diagnostic, lang: Lang) -> String {
    let mut out = format!(
        "<li><p><code>{}</code> <span class=\"jb-code\">[{}]</span></p><p>{}</p>",
        escape(&diagnostic.location()),
        escape(diagnostic.code),
        escape(diagnostic.message.get(lang))
    );
    if let Some(excerpt) = &diagnostic.excerpt {
        let _ = write!(out, "<pre>{}</pre>", escape(excerpt));
    }
    if let Some(hint) = &diagnostic.hint {
        let _ = write!(out, "<p class=\"jb-hint\">{}</p>", escape(hint.get(lang)));
    }
    out.push_str("</li>");
    out
}

/// Styles scoped to the overlay so that the site's own CSS neither breaks it nor is touched.
const STYLE: &str = "<style>#jianbao-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.85);padding:2rem 1rem;font:16px/1.6 system-ui,\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;color:#1a1a1a}#jianbao-overlay .jb-box{max-width:60rem;margin:0 auto;background:#fff;border-top:6px solid #b00020;border-radius:4px;padding:1.5rem}#jianbao-overlay h2{margin:0 0 1rem;color:#b00020;font-size:1.4rem}#jianbao-overlay ol{margin:0;padding-left:1.5rem}#jianbao-overlay li{margin-bottom:1rem}#jianbao-overlay p{margin:.2rem 0}#jianbao-overlay code,#jianbao-overlay pre{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f3f3f3;padding:0 .3rem}#jianbao-overlay pre{padding:.4rem;white-space:pre-wrap}#jianbao-overlay .jb-code{color:#555}#jianbao-overlay .jb-hint{color:#0b5394}#jianbao-overlay .jb-note{color:#555;font-size:.9rem}#jianbao-overlay .jb-close{float:right;font:inherit;padding:.2rem .8rem;cursor:pointer}</style>";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Text;

    #[test]
    fn diagnostics_are_listed_with_place_and_escaped() {
        let error = BuildError::Content(vec![
            Diagnostic::error(
                "content/a.md",
                "front-matter",
                Text::new("标题 <script>alert(1)</script> 有误", "bad <title>"),
            )
            .at(3, 7)
            .with_hint(Text::new("改成 \"x\"", "write \"x\"")),
        ]);
        let html = render(&error, Lang::Zh);
        assert!(html.contains("<code>content/a.md:3:7</code>"), "{html}");
        assert!(html.contains("标题 &lt;script&gt;alert(1)&lt;/script&gt; 有误"));
        assert!(html.contains("改成 &quot;x&quot;"));
        assert!(!html.contains("<script>"));
        assert!(render(&error, Lang::En).contains("bad &lt;title&gt;"));
    }

    #[test]
    fn warnings_stay_in_the_terminal() {
        let error = BuildError::Content(vec![
            Diagnostic::warning("content/w.md", "warn", Text::new("警告", "warning")),
            Diagnostic::error("content/e.md", "err", Text::new("错误", "error")),
        ]);
        let html = render(&error, Lang::En);
        assert!(!html.contains("content/w.md"));
        assert!(html.contains("content/e.md"));
    }
}
