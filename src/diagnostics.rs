//! Problems found in a site's content, collected rather than returned early.
//!
//! Every stage pushes [`Diagnostic`]s into a [`Diagnostics`] list so that one run reports all of
//! them, each with file, line and column, what is wrong and what to do. Only `main` prints them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::i18n::{Lang, Text};

/// How bad a problem is: errors stop `build`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth fixing, but the site can still be published.
    Warning,
    /// The site must not be published like this.
    Error,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column in characters, when the problem has one.
    pub col: Option<usize>,
    /// Error or warning.
    pub severity: Severity,
    /// A short stable code such as `front-matter` or `broken-link`, for docs and silencing.
    pub code: &'static str,
    /// What is wrong.
    pub message: Text,
    /// What to do about it.
    pub hint: Option<Text>,
    /// The offending source text, when it helps to see it.
    pub excerpt: Option<String>,
}

impl Diagnostic {
    /// An error in `path` with the given code and message.
    pub fn error(path: impl Into<PathBuf>, code: &'static str, message: Text) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            line: None,
            col: None,
            severity: Severity::Error,
            code,
            message,
            hint: None,
            excerpt: None,
        }
    }

    /// A warning in `path` with the given code and message.
    pub fn warning(path: impl Into<PathBuf>, code: &'static str, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, code, message)
        }
    }

    /// Sets the line (1-based).
    pub fn at_line(mut self, line: usize) -> Diagnostic {
        self.line = Some(line);
        self
    }

    /// Sets line and column (both 1-based).
    pub fn at(mut self, line: usize, col: usize) -> Diagnostic {
        self.line = Some(line);
        self.col = Some(col);
        self
    }

    /// Adds what the editor should do.
    pub fn with_hint(mut self, hint: Text) -> Diagnostic {
        self.hint = Some(hint);
        self
    }

    /// Adds the offending text.
    pub fn with_excerpt(mut self, excerpt: impl Into<String>) -> Diagnostic {
        self.excerpt = Some(excerpt.into());
        self
    }

    /// `path:line:col`, as editors and terminals make clickable.
    pub fn location(&self) -> String {
        let mut out = self.path.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(out, ":{line}");
            if let Some(col) = self.col {
                let _ = write!(out, ":{col}");
            }
        }
        out
    }

    /// The diagnostic as the lines a person reads in a terminal.
    pub fn render(&self, lang: Lang) -> String {
        let label = match (self.severity, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Warning, Lang::En) => "warning",
        };
        let colon = if lang == Lang::Zh { "：" } else { ": " };
        let mut out = format!(
            "{}: {label}[{}]{colon}{}",
            self.location(),
            self.code,
            self.message.get(lang)
        );
        if let Some(excerpt) = &self.excerpt {
            let _ = write!(out, "\n    | {excerpt}");
        }
        if let Some(hint) = &self.hint {
            let hint_label = if lang == Lang::Zh { "提示" } else { "hint" };
            let _ = write!(out, "\n    = {hint_label}{colon}{}", hint.get(lang));
        }
        out
    }

    /// The diagnostic as one line of JSON for CI systems: `path` (with `/` separators), `line`,
    /// `col`, `severity` (`error` or `warning`), `code`, `message`, `hint` and `excerpt`, the
    /// texts in `lang`; missing parts are `null`.
    pub fn to_json(&self, lang: Lang) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        /// Field order is the order CI readers expect: where, how bad, what.
        #[derive(serde::Serialize)]
        struct Line<'a> {
            path: String,
            line: Option<usize>,
            col: Option<usize>,
            severity: &'a str,
            code: &'a str,
            message: &'a str,
            hint: Option<&'a str>,
            excerpt: Option<&'a str>,
        }
        let line = Line {
            path: self.path.to_string_lossy().replace('\\', "/"),
            line: self.line,
            col: self.col,
            severity,
            code: self.code,
            message: self.message.get(lang),
            hint: self.hint.as_ref().map(|h| h.get(lang)),
            excerpt: self.excerpt.as_deref(),
        };
        serde_json::to_string(&line).expect("plain strings and numbers always serialize")
    }
}

/// All problems of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many problems.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many problems are errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems sorted by file, line and column, so output is deterministic whatever order
    /// parallel stages found them in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.code).cmp(&(&b.path, b.line, b.col, b.code))
        });
        self.items
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Gives `path` relative to `root` when it lies inside it, for shorter messages.
pub fn relative_to(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_message_and_hint_in_both_languages() {
        let d = Diagnostic::error(
            "content/a.md",
            "front-matter",
            Text::new("缺少标题", "missing title"),
        )
        .at(3, 5)
        .with_hint(Text::new("添加 title", "add a title"));
        assert_eq!(
            d.render(Lang::Zh),
            "content/a.md:3:5: 错误[front-matter]：缺少标题\n    = 提示：添加 title"
        );
        assert_eq!(
            d.render(Lang::En),
            "content/a.md:3:5: error[front-matter]: missing title\n    = hint: add a title"
        );
    }

    #[test]
    fn json_has_every_field_in_one_language() {
        let d = Diagnostic::warning(
            "content/a.md",
            "placeholder",
            Text::new("占位符", "placeholder"),
        )
        .at(3, 5)
        .with_excerpt("助力XX余个");
        let value: serde_json::Value = serde_json::from_str(&d.to_json(Lang::En)).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "path": "content/a.md", "line": 3, "col": 5, "severity": "warning",
                "code": "placeholder", "message": "placeholder", "hint": null,
                "excerpt": "助力XX余个"
            })
        );
        assert!(!d.to_json(Lang::Zh).contains('\n'));
    }

    #[test]
    fn sorted_output_is_by_file_then_line() {
        let mut list = Diagnostics::new();
        list.push(Diagnostic::error("b.md", "x", Text::new("", "")).at_line(1));
        list.push(Diagnostic::error("a.md", "x", Text::new("", "")).at_line(9));
        list.push(Diagnostic::error("a.md", "x", Text::new("", "")).at_line(2));
        let lines: Vec<_> = list.into_sorted().iter().map(|d| d.location()).collect();
        assert_eq!(lines, ["a.md:2", "a.md:9", "b.md:1"]);
    }
}
