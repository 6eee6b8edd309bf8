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

/// Builds a 240-page generated site with page bodies kept in memory up to `keep_bodies_up_to`
/// bytes of Markdown; returns the listing of every output file's digest, size and path.
fn generated_site_listing(keep_bodies_up_to: Option<usize>) -> String {
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
        keep_bodies_up_to,
        ..BuildOptions::default()
    })
    .unwrap_or_else(|err| panic!("the generated site must build: {err:?}"));
    let files = tree(&output);
    let mut listing = format!("{} files\n", files.len());
    for (path, bytes) in &files {
        writeln!(listing, "{:016x} {:>8} {path}", fnv1a(bytes), bytes.len()).unwrap();
    }
    listing
}

#[test]
fn a_generated_site_builds_to_the_same_bytes_as_before() {
    let listing = generated_site_listing(None);
    insta::assert_snapshot!(listing);
}

/// A site too big to keep its page bodies renders each again from its file when writing it:
/// the same bytes as a build that kept them.
#[test]
fn bodies_rendered_again_give_the_same_bytes() {
    assert_eq!(
        generated_site_listing(Some(0)),
        generated_site_listing(None)
    );
}

/// The same on the sample site (policies, bulletins, attachments, anchors across pages) with
/// full-text feeds, whose entries also render bodies again.
#[test]
fn the_sample_site_with_full_text_feeds_is_the_same_either_way() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    let repo = crate::support::repo_root();
    for part in ["content", "static", "templates"] {
        if repo.join(part).is_dir() {
            crate::support::copy_dir(&repo.join(part), &root.join(part));
        }
    }
    let yaml = std::fs::read_to_string(repo.join("site.yaml")).expect("sample site.yaml");
    std::fs::write(
        root.join("site.yaml"),
        format!("{yaml}\nfeeds:\n  full_content: true\n"),
    )
    .expect("write site.yaml");
    let build_into = |name: &str, keep_bodies_up_to| {
        let output = dir.path().join(name);
        build(&BuildOptions {
            root: root.clone(),
            output: Some(output.clone()),
            now: Some("2026-11-28T12:00:00+08:00".parse().unwrap()),
            keep_bodies_up_to,
            ..BuildOptions::default()
        })
        .unwrap_or_else(|err| panic!("the sample site must build: {err:?}"));
        tree(&output)
    };
    let kept = build_into("kept", None);
    let reread = build_into("reread", Some(0));
    assert!(kept.len() > 40, "{} files", kept.len());
    let feed = String::from_utf8_lossy(&kept["atom.xml"]).into_owned();
    assert!(feed.contains("<content type=\"html\">"), "{feed}");
    assert_eq!(
        kept.keys().collect::<Vec<_>>(),
        reread.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &kept {
        assert!(reread[path] == *bytes, "{path} differs");
    }
}
