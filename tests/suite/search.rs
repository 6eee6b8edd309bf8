//! Search on the built sample site, checked against an independent oracle: a page is expected for
//! a query exactly when its title, summary or text contains the query string. The Rust query
//! evaluator reads the written index files; headless Chromium runs the real client over HTTP and
//! from disk (`file://`).

use std::path::Path;

use jianbao::build::{BuildOptions, load_and_resolve, read_config};
use jianbao::content::{Keep, LoadOptions, Site};
use jianbao::search::query::{self, Filter};

use crate::support::{repo_root, tree};
use crate::tools;

/// One query, optionally filtered by section title, and the substring that proves a match.
struct Case {
    name: &'static str,
    q: &'static str,
    needle: &'static str,
    section: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        name: "whole word",
        q: "合作社",
        needle: "合作社",
        section: None,
    },
    Case {
        name: "three characters from the middle of a title",
        q: "叶合作",
        needle: "叶合作",
        section: None,
    },
    Case {
        name: "phrase",
        q: "\"冬季驻村干部培训\"",
        needle: "冬季驻村干部培训",
        section: None,
    },
    Case {
        name: "English word",
        q: "GAP",
        needle: "GAP",
        section: None,
    },
    Case {
        name: "number",
        q: "560",
        needle: "560",
        section: None,
    },
    Case {
        name: "a policy's document number, shown only in its 信息公开 table",
        q: "青组发〔2023〕6号",
        needle: "青组发〔2023〕6号",
        section: None,
    },
    Case {
        name: "section filter",
        q: "合作社",
        needle: "合作社",
        section: Some("产业发展"),
    },
];

fn sample_site() -> Site {
    let options = BuildOptions {
        root: repo_root(),
        ..BuildOptions::default()
    };
    let config = read_config(&options).unwrap_or_else(|_| panic!("sample site.yaml must load"));
    let load = LoadOptions {
        drafts: false,
        future: false,
        now: jiff::Timestamp::now(),
        keep: Keep::Text,
    };
    let (site, diagnostics) = load_and_resolve(config, load);
    assert!(!diagnostics.has_errors(), "sample site has errors");
    site
}

/// The oracle: listed pages whose searchable text contains `case.needle`.
fn expected(site: &Site, case: &Case) -> Vec<String> {
    let mut paths: Vec<String> = site
        .pages
        .iter()
        .filter(|p| p.listed)
        .filter(|p| {
            case.section
                .is_none_or(|s| site.sections[p.section].title == s)
        })
        .filter(|p| {
            let numbers = p
                .policy
                .iter()
                .flat_map(|p| [&p.doc_number, &p.index_number]);
            [&p.title, &p.summary, &p.body.text]
                .into_iter()
                .chain(numbers.flatten())
                .any(|t| t.contains(case.needle))
        })
        .map(|p| p.path.clone())
        .collect();
    paths.sort();
    paths
}

fn build(root: &Path, args: &[&str], out: &Path) {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(args)
        .output()
        .expect("run jianbao");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn index_files_answer_like_the_oracle() {
    let site = sample_site();
    let dir = tempfile::tempdir().expect("temp dir");
    build(&repo_root(), &[], dir.path());
    let files: Vec<(String, Vec<u8>)> = tree(dir.path())
        .into_iter()
        .filter(|(k, _)| k.starts_with("search/"))
        .collect();
    for case in CASES {
        let want = expected(&site, case);
        assert!(
            !want.is_empty(),
            "{}: the oracle finds nothing; pick another query",
            case.name
        );
        let mut index = query::Site::open(&files).expect("index opens");
        let filter = Filter {
            section: case.section.map(str::to_string),
            ..Filter::default()
        };
        let mut hits = index.search(case.q, &filter).expect("query runs");
        index.describe_all(&mut hits).expect("metadata loads");
        let mut got: Vec<String> = hits.into_iter().map(|h| h.path).collect();
        got.sort();
        assert_eq!(got, want, "{}: {}", case.name, case.q);
    }
}

#[test]
fn the_search_page_finds_them_in_a_browser_over_http_and_from_disk() {
    let site = sample_site();
    let checks: Vec<serde_json::Value> = CASES
        .iter()
        .map(|case| {
            let mut check = serde_json::json!({ "name": case.name, "q": case.q, "expect": expected(&site, case) });
            if let Some(section) = case.section {
                check["section"] = section.into();
            }
            check
        })
        .collect();
    let work = tempfile::tempdir().expect("temp dir");
    let expect = work.path().join("expect.json");
    std::fs::write(&expect, serde_json::json!({ "checks": checks }).to_string())
        .expect("write expectations");
    let served = work.path().join("served");
    build(&repo_root(), &[], &served);
    let offline = work.path().join("offline");
    build(&repo_root(), &["--relative"], &offline);
    let server = tools::StaticServer::start(&served);
    let url = server.url("/");
    let args = [
        expect.to_str().unwrap(),
        "--url",
        url.as_str(),
        "--dir",
        offline.to_str().unwrap(),
    ];
    let (ok, output) = tools::run_node("search.mjs", &args);
    assert!(ok, "browser search failed:\n{output}");
}

/// `search: false` in site.yaml, or `--no-search` for one build, writes neither index nor page
/// nor a search box that would lead nowhere.
#[test]
fn search_false_and_no_search_leave_no_trace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    crate::support::copy_dir(&crate::support::fixtures().join("build/basic"), &root);
    let build_into = |out: &Path, args: &[&str]| {
        build(&root, args, out);
        std::fs::read_to_string(out.join("index.html")).unwrap()
    };
    let with_search = dir.path().join("with");
    assert!(build_into(&with_search, &[]).contains("search"));
    assert!(with_search.join("search/manifest.js").is_file());

    let flagged = dir.path().join("flag");
    let home = build_into(&flagged, &["--no-search"]);
    assert!(!flagged.join("search").exists());
    assert!(!home.contains("search"), "no dead search box");

    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap() + "search: false\n";
    std::fs::write(root.join("site.yaml"), yaml).unwrap();
    let configured = dir.path().join("config");
    let home = build_into(&configured, &[]);
    assert!(!configured.join("search").exists());
    assert!(!home.contains("search"), "no dead search box");
}
