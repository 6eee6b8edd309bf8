//! The benchmark floor: the least work any generator must do for a site.
//!
//! ```sh
//! cargo run --release --example floor -- --root SITE --out DIR
//! ```
//!
//! Finds every `.md` file below `SITE/content`, then in parallel reads it, strips the YAML front
//! matter, renders the Markdown with pulldown-cmark (tables and strikethrough on, as jianbao does)
//! and writes `DIR/<path>/index.html` (`_index.md` and `index.md` give their folder's
//! `index.html`). No templates, no link resolution, no lists: the time this takes is a lower
//! bound for a full build on the same machine. It uses only crates jianbao already depends on.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;
use walkdir::WalkDir;

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

fn build_one(content: &Path, out: &Path, rel: &Path) -> io::Result<()> {
    let text = fs::read_to_string(content.join(rel))?;
    let html_out = render(strip_front_matter(&text));
    let target = output_path(out, rel);
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(target, html_out)
}

fn run(root: &Path, out: &Path) -> io::Result<usize> {
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
        .try_for_each(|rel| build_one(&content, out, rel))?;
    Ok(files.len())
}

fn main() -> ExitCode {
    let mut root = None;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            _ => {
                eprintln!("usage: floor --root SITE --out DIR");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(root), Some(out)) = (root, out) else {
        eprintln!("usage: floor --root SITE --out DIR");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    match run(&root, &out) {
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
