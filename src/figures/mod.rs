//! Figures: data files read into typed tables ([`data`]), tables and charts drawn from them for
//! Markdown's ```` ```table ```` and ```` ```chart ```` blocks, as HTML and inline SVG made at
//! build time. Pure: it is handed bytes and options and returns tables, HTML or diagnostics; `content`
//! reads the files and calls it while rendering bodies.

pub mod data;
pub mod value;

pub use data::{Column, Kind, Table};
pub use value::Value;
