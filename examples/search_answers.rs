//! The answers a built site's search index gives to a list of queries, for comparing two builds
//! (before and after a change to the index) line by line.
//!
//! ```sh
//! cargo run --release --example search_answers -- --site OUT --queries bench/search/queries-corpus.tsv
//! ```
//!
//! Reads every file under `OUT/search/` as the client would (through `jianbao::search::query`,
//! the Rust evaluator that mirrors `static/js/search.js`) and prints, per query of the
//! tab-separated list (`label<TAB>query`, `#` comments): the number of results, the bytes the
//! first page of results downloads (manifest, document table, shards, metadata and excerpt files)
//! and every result in rank order (path, title parts, score). Two builds that answer alike print
//! the same lines; `diff` shows where they differ.

use std::path::Path;
use std::process::ExitCode;

use jianbao::search::query::{Filter, Site};
use walkdir::WalkDir;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [flag_site, site, flag_queries, queries] = args.as_slice() else {
        eprintln!("usage: search_answers --site OUT --queries FILE.tsv");
        return ExitCode::from(2);
    };
    if flag_site != "--site" || flag_queries != "--queries" {
        eprintln!("usage: search_answers --site OUT --queries FILE.tsv");
        return ExitCode::from(2);
    }
    match run(Path::new(site), Path::new(queries)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("search_answers: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(site: &Path, queries: &Path) -> Result<(), String> {
    let files = index_files(site)?;
    let list =
        std::fs::read_to_string(queries).map_err(|e| format!("{}: {e}", queries.display()))?;
    for line in list
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let query = line.split_once('\t').map_or(line, |(_, q)| q);
        // A fresh reader per query: its download count starts from an empty cache, as a new
        // page load's does.
        let mut index = Site::open(&files)?;
        let mut hits = index.search(query, &Filter::default())?;
        let first_page = index.fetched_bytes();
        index.describe_all(&mut hits)?;
        println!("{query}\t{} results\t{first_page} bytes", hits.len());
        for hit in &hits {
            println!("  {}\t{}\t{}", hit.path, hit.title_parts, hit.score);
        }
    }
    Ok(())
}

/// Every file under `SITE/search/` but its page, as `search/...` paths with their bytes.
fn index_files(site: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let root = site.join("search");
    let mut files = Vec::new();
    for entry in WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        if !entry.file_type().is_file() || entry.file_name() == "index.html" {
            continue;
        }
        let relative = entry.path().strip_prefix(site).map_err(|e| e.to_string())?;
        let name = relative.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(entry.path()).map_err(|e| format!("{name}: {e}"))?;
        files.push((name, bytes));
    }
    if files.is_empty() {
        return Err(format!("no index under {}", root.display()));
    }
    Ok(files)
}
