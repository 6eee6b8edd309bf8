//! Live reload: the script every previewed page gets, and the messages it is sent.
//!
//! Owns the reserved `/__jianbao/` URLs, injecting the script (and an overlay) into served HTML,
//! and the server-sent-event messages that tell tabs what changed. The script is added at serve
//! time only; built sites never contain it. Must not do network I/O (see `http.rs`).

use serde::Serialize;

use crate::markup::escape_xml as escape;

/// URLs under this prefix belong to the preview server, not the site.
pub const RESERVED_PREFIX: &str = "/__jianbao/";
/// The live-reload script.
pub const SCRIPT_PATH: &str = "/__jianbao/reload.js";
/// The server-sent-event stream the script listens to.
pub const EVENTS_PATH: &str = "/__jianbao/events";
/// The script itself.
pub const SCRIPT: &str = include_str!("reload.js");

/// Above this many changed pages a message just says "reload everything", keeping it small.
const MAX_LISTED_TARGETS: usize = 500;

/// Inserts the overlay (if any) and the reload script before the last `</body>` of `html`, or at
/// its end when it has none. `targets` are the outputs whose change should reload the page: the
/// file served, or for a 404 page also the files that would have answered the request.
pub fn inject(html: &[u8], build: u64, targets: &[&str], overlay: Option<&str>) -> Vec<u8> {
    let targets = serde_json::to_string(targets).unwrap_or_else(|_| "[]".into());
    let tag = format!(
        "{}<script src=\"{SCRIPT_PATH}\" data-build=\"{build}\" data-targets=\"{}\"></script>",
        overlay.unwrap_or(""),
        escape(&targets)
    );
    let at = find_body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The position of the last `</body>`, in any letter case.
fn find_body_end(html: &[u8]) -> Option<usize> {
    const NEEDLE: &[u8] = b"</body>";
    html.windows(NEEDLE.len())
        .rposition(|window| window.eq_ignore_ascii_case(NEEDLE))
}

/// What open tabs are told after a build. Tabs apply it in this order: show the overlay if the
/// build failed; otherwise remove any overlay, then swap stylesheets, or reload if their page is
/// listed or `all` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The build this message brings tabs up to.
    pub build: u64,
    /// Changed HTML outputs (`news/tea/index.html`), when `all` is not set.
    pub targets: Vec<String>,
    /// Every tab should reload: an image, attachment or too many pages changed.
    pub all: bool,
    /// Only stylesheets changed: tabs refresh them in place and keep their scroll and state.
    pub stylesheets: bool,
    /// The overlay to show, when the build failed.
    pub overlay: Option<String>,
}

impl Message {
    /// After a successful build that changed `changed` targets (from `changed_targets`).
    pub fn after_success(build: u64, changed: Vec<String>) -> Message {
        let stylesheets = !changed.is_empty() && changed.iter().all(|t| extension(t) == "css");
        let all = changed.len() > MAX_LISTED_TARGETS || changed.iter().any(|t| is_embedded(t));
        let targets = if all || stylesheets {
            Vec::new()
        } else {
            changed
                .into_iter()
                .filter(|t| matches!(extension(t).as_str(), "html" | "htm"))
                .collect()
        };
        Message {
            build,
            targets,
            all,
            stylesheets,
            overlay: None,
        }
    }

    /// After a failed build, with its rendered overlay.
    pub fn after_failure(build: u64, overlay: String) -> Message {
        Message {
            build,
            targets: Vec::new(),
            all: false,
            stylesheets: false,
            overlay: Some(overlay),
        }
    }

    /// The message as a server-sent event.
    pub fn to_event(&self) -> String {
        let data = serde_json::to_string(self).unwrap_or_else(|_| "{}".into());
        format!("event: build\ndata: {data}\n\n")
    }
}

/// The first event on a new stream: the current build, so a tab that missed builds while it was
/// hidden or disconnected reloads.
pub fn hello_event(build: u64) -> String {
    format!("retry: 1000\nevent: hello\ndata: {{\"build\":{build}}}\n\n")
}

/// Whether a change to this output can show inside an HTML page that did not change itself
/// (images, attachments, scripts, fonts), so every tab must reload.
fn is_embedded(target: &str) -> bool {
    // The search index (`search/*.js` shards) is data the search page fetches per query, not
    // something pages embed; it changes with every edit and must not reload every tab.
    if target.starts_with("search/") {
        return false;
    }
    !matches!(
        extension(target).as_str(),
        "html" | "htm" | "css" | "xml" | "txt" | "json"
    )
}

fn extension(target: &str) -> String {
    target
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(targets: &[&str]) -> Vec<String> {
        targets.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn the_script_goes_before_the_last_body_end_tag() {
        let html = b"<html><body><p>x</p><!-- </body> --></BODY></html>";
        let out = String::from_utf8(inject(html, 7, &["a/\"x\"/index.html"], None)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><!-- </body> --><script src=\"/__jianbao/reload.js\" data-build=\"7\" data-targets=\"[&quot;a/\\&quot;x\\&quot;/index.html&quot;]\"></script></BODY></html>"
        );
    }

    #[test]
    fn the_overlay_comes_first_and_pages_without_body_get_it_at_the_end() {
        let out = String::from_utf8(inject(
            b"<p>x</p>",
            1,
            &["index.html"],
            Some("<div>o</div>"),
        ))
        .unwrap();
        assert!(out.starts_with("<p>x</p><div>o</div><script"), "{out}");
    }

    #[test]
    fn page_edits_reload_only_their_tabs() {
        let m = Message::after_success(
            3,
            changed(&["news/index.html", "news/tea/index.html", "sitemap.xml"]),
        );
        assert_eq!(m.targets, ["news/index.html", "news/tea/index.html"]);
        assert!(!m.all && !m.stylesheets);
        assert_eq!(
            m.to_event(),
            "event: build\ndata: {\"build\":3,\"targets\":[\"news/index.html\",\"news/tea/index.html\"],\"all\":false,\"stylesheets\":false,\"overlay\":null}\n\n"
        );
    }

    #[test]
    fn stylesheet_edits_swap_styles_and_images_reload_everything() {
        let css = Message::after_success(4, changed(&["css/jianbao.css"]));
        assert!(css.stylesheets && !css.all && css.targets.is_empty());
        let image = Message::after_success(5, changed(&["news/kiwi/photo.JPG", "a/index.html"]));
        assert!(image.all && !image.stylesheets);
        let many: Vec<String> = (0..=MAX_LISTED_TARGETS)
            .map(|i| format!("p{i}/index.html"))
            .collect();
        assert!(Message::after_success(6, many).all);
    }

    #[test]
    fn a_failure_carries_the_overlay_on_one_line() {
        let event = Message::after_failure(9, "<div>\n错误</div>".into()).to_event();
        assert_eq!(event.lines().count(), 3, "{event}");
        assert!(event.contains("\"overlay\":\"<div>\\n错误</div>\""));
    }
}
