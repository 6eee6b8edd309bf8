//! One integration-test binary; a module per feature.

mod bad_input;
mod build;
mod check;
mod check_realtext;
mod deploy;
mod feeds;
mod incremental;
mod publishing;
mod same_output;
mod sample_site;
mod search;
mod serve;
mod support;
mod theme;
mod tools;
