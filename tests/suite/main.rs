//! One integration-test binary; a module per feature.

mod architecture;
mod bad_input;
mod build;
mod check;
mod check_realtext;
mod dates;
mod deploy;
mod desk;
mod feeds;
mod fuzz;
mod import;
mod incremental;
mod limits;
mod names;
mod output_safety;
mod publishing;
mod raw_html;
mod same_output;
mod sample_site;
mod search;
mod serve;
mod support;
mod symlinks;
mod theme;
mod tools;
