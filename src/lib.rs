//! jianbao (简报): a static-site generator for county work-team reports, bulletins and policy
//! notices.
//!
//! The pipeline runs in five stages, each handing plain data to the next:
//! 1. **load** — `site.yaml` and `content/` become a [`content::Site`] ([`config`], [`content`]);
//! 2. **parse** — front matter is validated and Markdown rendered ([`markdown`]) while loading;
//! 3. **resolve** — list orders, internal links and anchors ([`resolve`]);
//! 4. **render** — templates turn view structs into pages ([`render`]);
//! 5. **write** — outputs go to a staging folder that replaces the old site at once ([`output`]).
//!
//! Problems in content are collected as [`diagnostics::Diagnostic`]s, never printed here.

#[macro_use]
pub mod i18n;
pub mod build;
pub mod check;
pub mod collate;
pub mod config;
pub mod content;
pub mod desk;
pub mod diagnostics;
pub mod encoding;
pub mod figures;
pub mod images;
pub mod import;
pub mod init;
pub mod ledger;
pub mod markdown;
pub mod markup;
pub mod output;
pub mod preview;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod yaml;

pub use build::{
    BuildError, BuildOptions, BuildReport, build, build_to_memory, build_with_progress,
};
