//! Full-text search: a sharded, static index written at build time and read by
//! `static/js/search.js` in the browser (over HTTP or from `file://`).
//!
//! - `tokenize`: text → terms with positions (CJK bigrams, words, numbers);
//! - `encode`: varints, posting lists, the JSONP shard wrapper;
//! - `index`: the in-memory index, its parallel build and incremental updates;
//! - `files`: the files under `search/` and which of them changed;
//! - `query`: a Rust evaluator of queries, mirroring the client, for tests and tools.
//!
//! The format and ranking are documented in `docs/search.md`.

mod encode;
mod files;
mod index;
mod invert;
pub mod query;
mod tokenize;

pub use index::{SearchIndex, StreamingBuild};
pub use tokenize::{Token, tokenize};

/// One page as the search sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchDoc {
    /// Site path without base path, unencoded, e.g. `/notices/关于培训的通知/`.
    pub path: String,
    pub title: String,
    /// `YYYY-MM-DD`, or `None`.
    pub date: Option<String>,
    /// Section title, e.g. `通知公告`.
    pub section: String,
    /// Content type: `article`, `policy`, `bulletin`, `report`.
    pub kind: String,
    pub summary: String,
    /// Plain text of the body, paragraphs separated by `\n`.
    pub text: String,
}
