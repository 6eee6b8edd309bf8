//! One integration-test binary; a module per feature.

mod bad_input;
mod build;
mod publishing;
mod sample_site;
mod serve;
mod support;
mod tools;
