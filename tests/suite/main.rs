//! One integration-test binary; a module per feature.

mod architecture;
mod bad_input;
mod build;
mod check;
mod deploy;
mod feeds;
mod incremental;
mod photos;
mod publishing;
mod same_output;
mod sample_site;
mod search;
mod serve;
mod support;
mod theme;
mod tools;
