//! The benchmark floor: the least work any generator must do for a site.
//!
//! ```sh
//! cargo run --release --example floor -- --root SITE --out DIR [--features]
//! ```
//!
//! Finds every `.md` file below `SITE/content`, then in parallel reads it, strips the YAML front
//! matter, renders the Markdown with pulldown-cmark (tables and strikethrough on, as jianbao does)
//! and writes `DIR/<path>/index.html` (`_index.md` and `index.md` give their folder's
//! `index.html`). No templates, no link resolution, no lists: the time this takes is a lower
//! bound for a full build on the same machine. It uses only crates jianbao already depends on.
//!
//! `--features` is the feature floor: the same, plus the work every page of a real site needs —
//! its front matter parsed with serde-saphyr into a small struct (title, date) and the page put
//! through one minimal Tera 2 template (title, date, body). A generator with templates and
//! front matter cannot do less.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;
use serde::Deserialize;
use walkdir::WalkDir;

/// The feature floor's page template: what any page template must at least print.
const TEMPLATE: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\">\
<title>{{ title }}</title></head>\n<body><main><h1>{{ title }}</h1>\
{% if date %}<time>{{ date }}</time>{% endif %}\n{{ body | safe }}</main></body>\n</html>\n";

/// The front matter the feature floor reads; other keys are skipped.
#[derive(Deserialize)]
struct Front {
    #[serde(default)]
    title: String,
    #[serde(default)]
    date: Option<String>,
}

/// `(front matter, Markdown)`; the front matter is empty when there is none.
fn split_front_matter(text: &str) -> (&str, &str) {
    let body = strip_front_matter(text);
    let start = text.len() - body.len();
    let front = text[..start]
        .trim_start_matches('\u{feff}')
        .trim_start_matches("---")
        .trim_end()
        .trim_end_matches("---");
    (front, body)
}

/// The Markdown after the front matter (`---` … `---`), or all of it when there is none.
fn strip_front_matter(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" {
            return &rest[offset..];
        }
    }
    text
}

/// `industry/tea.md` → `industry/tea/index.html`; `industry/_index.md` → `industry/index.html`.
fn output_path(out: &Path, rel: &Path) -> PathBuf {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let parent = rel.parent().unwrap_or(Path::new(""));
    let dir = if stem == "_index" || stem == "index" {
        out.join(parent)
    } else {
        out.join(parent).join(stem)
    };
    dir.join("index.html")
}

fn render(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, Parser::new_ext(markdown, options));
    html_out
}

fn build_one(content: &Path, out: &Path, rel: &Path, tera: Option<&tera::Tera>) -> io::Result<()> {
    let text = fs::read_to_string(content.join(rel))?;
    let html_out = match tera {
        None => render(strip_front_matter(&text)),
        Some(tera) => {
            let (front, body) = split_front_matter(&text);
            let front: Front = if front.trim().is_empty() {
                Front {
                    title: String::new(),
                    date: None,
                }
            } else {
                serde_saphyr::from_str(front).map_err(io::Error::other)?
            };
            let mut context = tera::Context::new();
            context.insert("title", &front.title);
            context.insert("date", &front.date);
            context.insert("body", &render(body));
            tera.render("page.html", &context)
                .map_err(io::Error::other)?
        }
    };
    let target = output_path(out, rel);
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(target, html_out)
}

fn run(root: &Path, out: &Path, features: bool) -> io::Result<usize> {
    let tera = if features {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("page.html", TEMPLATE)
            .map_err(io::Error::other)?;
        Some(tera)
    } else {
        None
    };
    let content = root.join("content");
    let mut files = Vec::new();
    for entry in WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            let rel = entry
                .path()
                .strip_prefix(&content)
                .map_err(io::Error::other)?;
            files.push(rel.to_path_buf());
        }
    }
    files
        .par_iter()
        .try_for_each(|rel| build_one(&content, out, rel, tera.as_ref()))?;
    Ok(files.len())
}

fn main() -> ExitCode {
    let mut root = None;
    let mut out = None;
    let mut features = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            "--features" => features = true,
            _ => {
                eprintln!("usage: floor --root SITE --out DIR [--features]");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(root), Some(out)) = (root, out) else {
        eprintln!("usage: floor --root SITE --out DIR [--features]");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    match run(&root, &out, features) {
        Ok(count) => {
            eprintln!(
                "floor: rendered {count} files in {:.3} s",
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("floor: {err}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_stripped() {
        assert_eq!(strip_front_matter("---\ntitle: a\n---\n正文\n"), "正文\n");
        assert_eq!(strip_front_matter("正文\n"), "正文\n");
        assert_eq!(strip_front_matter("---\ntitle: a\n"), "---\ntitle: a\n");
        assert_eq!(
            split_front_matter("---\ntitle: a\n---\n正文\n"),
            ("\ntitle: a\n", "正文\n")
        );
    }

    #[test]
    fn paths() {
        let out = Path::new("o");
        assert_eq!(
            output_path(out, Path::new("industry/tea.md")),
            Path::new("o/industry/tea/index.html")
        );
        assert_eq!(
            output_path(out, Path::new("industry/_index.md")),
            Path::new("o/industry/index.html")
        );
        assert_eq!(
            output_path(out, Path::new("_index.md")),
            Path::new("o/index.html")
        );
    }
}
