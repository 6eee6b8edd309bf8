//! Optimisations must not change what a build writes. A generated site (the benchmark's own
//! corpus generator, at a small size) is built and every output file's size and FNV-1a digest is
//! compared with the snapshot taken before: a change to any byte of any file shows here, named.
//! When the output changes on purpose (a theme edit, a new feature), review and accept the new
//! snapshot with `cargo insta review`.

use std::fmt::Write as _;

use jianbao::build::{BuildOptions, build};

use crate::support::tree;

#[path = "../../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

/// 64-bit FNV-1a: stable across Rust releases and platforms, unlike `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn a_generated_site_builds_to_the_same_bytes_as_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    gen_corpus::write_site(&gen_corpus::Options {
        pages: 240,
        seed: 7,
        out: root.clone(),
    })
    .expect("generate the corpus");
    let output = dir.path().join("public");
    build(&BuildOptions {
        root,
        output: Some(output.clone()),
        now: Some("2026-11-28T12:00:00+08:00".parse().unwrap()),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|err| panic!("the generated site must build: {err:?}"));
    let files = tree(&output);
    let mut listing = format!("{} files\n", files.len());
    for (path, bytes) in &files {
        writeln!(listing, "{:016x} {:>8} {path}", fnv1a(bytes), bytes.len()).unwrap();
    }
    insta::assert_snapshot!(listing);
}
