//! The stages form layers: reads every `crate::` path in `src/` (and `jianbao::` in the
//! binary's files), builds the graph of top-level modules, and fails on an edge that the
//! "Layering" table of ARCHITECTURE.md does not allow and on any cycle. The table is read from
//! ARCHITECTURE.md itself, so the documented layering and the enforced one are the same text.
//!
//! Only `std` is used, so the file also compiles on its own (`rustc --test`) against another
//! checkout: `CARGO_MANIFEST_DIR=/path/to/checkout rustc --edition 2024 --test
//! tests/suite/architecture.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module → the modules it may use (or uses).
type Graph = BTreeMap<String, BTreeSet<String>>;

/// Files of the `jianbao` binary (they reach the library as `jianbao::`); together they are
/// the node `main`.
const BINARY_FILES: &[&str] = &["main.rs", "cli.rs", "progress.rs"];

/// Where an edge was seen first: file and line.
type Evidence = BTreeMap<(String, String), String>;

fn checkout() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn top_level_modules_form_the_documented_layers() {
    let root = checkout();
    let allowed =
        layering(&std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md"));
    let (actual, evidence) = module_graph(&root.join("src"));
    let mut problems = Vec::new();
    for module in actual.keys().filter(|m| !allowed.contains_key(*m)) {
        problems.push(format!(
            "`{module}` has no row in ARCHITECTURE.md's Layering table: add one saying what it may use"
        ));
    }
    for module in allowed.keys().filter(|m| !actual.contains_key(*m)) {
        problems.push(format!(
            "the Layering table has a row for `{module}`, which is not a module of src/"
        ));
    }
    for (from, tos) in &actual {
        let permitted = allowed.get(from);
        for to in tos {
            if permitted.is_some_and(|p| !p.contains(to)) {
                let seen = &evidence[&(from.clone(), to.clone())];
                problems.push(format!(
                    "`{from}` uses `{to}` ({seen}), which the Layering table does not allow"
                ));
            }
        }
    }
    if let Some(cycle) = find_cycle(&actual) {
        problems.push(format!("import cycle: {}", cycle.join(" → ")));
    }
    if let Some(cycle) = find_cycle(&allowed) {
        problems.push(format!(
            "the Layering table itself allows a cycle: {}",
            cycle.join(" → ")
        ));
    }
    assert!(
        problems.is_empty(),
        "the module graph breaks the layering:\n  {}",
        problems.join("\n  ")
    );
}

/// The "Layering" table: the first ```` ```text ```` block after `## Layering`, one line per
/// module, `module → a, b, c` (`—` for nothing).
fn layering(doc: &str) -> Graph {
    let section = doc
        .split_once("\n## Layering")
        .expect("ARCHITECTURE.md has a `## Layering` section")
        .1;
    let block = section
        .split_once("```text\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("the Layering section has a ```text block")
        .0;
    let mut graph = Graph::new();
    for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (module, uses) = line
            .split_once('→')
            .unwrap_or_else(|| panic!("a Layering line reads `module → uses`: {line}"));
        let uses = uses
            .split(',')
            .map(str::trim)
            .filter(|u| !u.is_empty() && *u != "—")
            .map(String::from)
            .collect();
        let previous = graph.insert(module.trim().to_string(), uses);
        assert!(
            previous.is_none(),
            "two Layering lines for `{}`",
            module.trim()
        );
    }
    graph
}

/// Every top-level module of `src` with the modules its code names, and where each edge was
/// first seen.
fn module_graph(src: &Path) -> (Graph, Evidence) {
    let mut files = Vec::new();
    collect_rs(src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| module_of(f.strip_prefix(src).expect("under src")))
        .collect();
    let reexports = lib_reexports(&std::fs::read_to_string(src.join("lib.rs")).unwrap_or_default());
    let mut graph: Graph = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    let mut evidence = Evidence::new();
    for file in &files {
        let rel = file.strip_prefix(src).expect("under src");
        let Some(module) = module_of(rel) else {
            continue;
        };
        let prefix = if module == "main" { "jianbao" } else { "crate" };
        // `super::` reaches the crate root only from a top-level file.
        let top_file = rel.components().count() == 1
            || rel.ends_with("mod.rs") && rel.components().count() == 2;
        let text = std::fs::read_to_string(file).expect("readable source");
        for (number, line) in text.lines().enumerate() {
            let code = without_comment(line);
            let mut names = paths_after(code, prefix);
            if top_file && module != "main" {
                names.extend(paths_after(code, "super"));
            }
            for name in names {
                let target = if modules.contains(&name) {
                    name
                } else if let Some(owner) = reexports.get(&name) {
                    owner.clone()
                } else {
                    continue;
                };
                if target == module {
                    continue;
                }
                graph
                    .get_mut(&module)
                    .expect("known module")
                    .insert(target.clone());
                evidence
                    .entry((module.clone(), target))
                    .or_insert_with(|| format!("src/{}:{}", rel.display(), number + 1));
            }
        }
    }
    (graph, evidence)
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable folder")
        .map(|e| e.expect("readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to; `None` for `lib.rs`, which only
/// declares the modules.
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    if first == "lib.rs" {
        return None;
    }
    if BINARY_FILES.contains(&first) {
        return Some("main".into());
    }
    Some(first.strip_suffix(".rs").unwrap_or(first).to_string())
}

/// Names `lib.rs` re-exports at the crate root (`pub use build::{build, …}`) → their module.
fn lib_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut owners = BTreeMap::new();
    for statement in lib.split(';') {
        let Some(rest) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        for name in names
            .split(|c: char| !is_ident(c))
            .filter(|n| !n.is_empty())
        {
            owners.insert(name.to_string(), module.trim().to_string());
        }
    }
    owners
}

/// `line` without a `//` comment (a `//` inside a string on the same line cuts it short too,
/// which only ever drops paths, never invents them).
fn without_comment(line: &str) -> &str {
    line.split_once("//").map_or(line, |(code, _)| code)
}

/// The first segment of every path starting `prefix::` in `code`, including each item of a
/// group: `crate::{config::Config, content}` gives `config` and `content`.
fn paths_after(code: &str, prefix: &str) -> Vec<String> {
    let pattern = format!("{prefix}::");
    let mut names = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find(&pattern).map(|i| from + i) {
        from = at + pattern.len();
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| is_ident(c) || c == '$' || c == ':') {
            continue;
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or("");
            names.extend(group.split(',').filter_map(first_ident));
        } else {
            names.extend(first_ident(rest));
        }
    }
    names
}

fn first_ident(text: &str) -> Option<String> {
    let ident: String = text
        .trim_start()
        .chars()
        .take_while(|c| is_ident(*c))
        .collect();
    (!ident.is_empty()).then_some(ident)
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// A cycle in `graph` as the modules along it (first repeated at the end), if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(node.to_string(), Mark::Open);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match marks.get(next.as_str()).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let start = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(cycle) = visit(next, graph, marks, stack) {
                        return Some(cycle);
                    }
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if marks.get(node.as_str()).copied().unwrap_or(Mark::New) == Mark::New
            && let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new())
        {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn paths_are_read_from_uses_groups_and_expressions() {
    assert_eq!(
        paths_after("use crate::config::{self, Config};", "crate"),
        ["config"]
    );
    assert_eq!(
        paths_after("use crate::{content::Site, output};", "crate"),
        ["content", "output"]
    );
    assert_eq!(
        paths_after(
            "let x = crate::check::rules::f(crate::ledger::g());",
            "crate"
        ),
        ["check", "ledger"]
    );
    assert!(paths_after("$crate::i18n::Text::new(a, b)", "crate").is_empty());
    assert!(paths_after("my_crate::x", "crate").is_empty());
    assert_eq!(
        without_comment("use crate::a; // crate::b"),
        "use crate::a; "
    );
}

#[test]
fn cycles_are_found_and_layers_are_not_cycles() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g = Graph::new();
        for (from, to) in edges {
            g.entry(from.to_string())
                .or_default()
                .insert(to.to_string());
            g.entry(to.to_string()).or_default();
        }
        g
    };
    let layered = graph(&[
        ("build", "render"),
        ("render", "content"),
        ("build", "content"),
    ]);
    assert_eq!(find_cycle(&layered), None);
    let cyclic = graph(&[
        ("build", "check"),
        ("check", "content"),
        ("content", "build"),
    ]);
    assert_eq!(
        find_cycle(&cyclic).expect("a cycle"),
        ["build", "check", "content", "build"]
    );
}

#[test]
fn the_layering_table_is_read_from_its_section() {
    let doc = "# A\n\n## Layering\n\ntext\n\n```text\ni18n → —\nconfig → i18n, yaml\n```\n";
    let table = layering(doc);
    assert_eq!(table["i18n"], BTreeSet::new());
    assert_eq!(
        table["config"],
        BTreeSet::from(["i18n".to_string(), "yaml".to_string()])
    );
}
