//! A preview session's cached builds must equal a fresh full build of the same files, byte for
//! byte, after any sequence of edits — including edits that change what other pages link to.

use std::collections::BTreeSet;

use jianbao::build::{BuildOptions, build_to_memory};
use jianbao::output::MemoryFiles;
use jianbao::preview::classify::{ChangeSet, classify};
use jianbao::preview::{Session, Way};
use jianbao::search::query::{self, Filter};

use crate::support::SiteTest;

fn options(site: &SiteTest) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        now: Some("2026-11-28T12:00:00+08:00".parse().unwrap()),
        ..BuildOptions::default()
    }
}

#[track_caller]
fn assert_same_as_fresh(session: &mut Session, site: &SiteTest, step: &str) {
    let (cached, _) = session
        .build_to_memory()
        .unwrap_or_else(|_| panic!("{step}: cached build failed"));
    let (fresh, _) =
        build_to_memory(&options(site)).unwrap_or_else(|_| panic!("{step}: fresh build failed"));
    let differing: Vec<&String> = fresh
        .keys()
        .chain(cached.keys())
        .filter(|k| fresh.get(*k) != cached.get(*k))
        .collect();
    assert!(
        differing.is_empty(),
        "{step}: cached output differs from a fresh build in {differing:?}"
    );
}

/// One step of a sequence of edits.
type Edit = Box<dyn Fn(&SiteTest)>;

/// Waits past the file system's timestamp granularity so an edit always changes the stamp.
fn tick() {
    std::thread::sleep(std::time::Duration::from_millis(20));
}

#[test]
fn cached_builds_match_fresh_builds_after_every_kind_of_edit() {
    let site = SiteTest::fixture("build/basic");
    let mut session = Session::new(options(&site));
    assert_same_as_fresh(&mut session, &site, "first build");

    let steps: Vec<(&str, Edit)> = vec![
        (
            "edit a body",
            Box::new(|s| {
                s.write("content/news/visit.md", "---\ntitle: 入户走访\ndate: 2025年3月5日\n---\n走访了 **“重点”** 户，新增一句。\n");
            }),
        ),
        (
            "edit a title shown in lists and neighbours",
            Box::new(|s| {
                s.write(
                    "content/news/visit.md",
                    "---\ntitle: 入户走访情况\ndate: 2025年3月5日\n---\n走访。\n",
                );
            }),
        ),
        (
            "add a page linking to another",
            Box::new(|s| {
                s.write("content/news/new.md", "---\ntitle: 新文章\ndate: 2025-03-06\ntags: [茶产业]\n---\n见[茶叶](@/news/tea.md#主要做法)。\n");
            }),
        ),
        (
            "rename a linked page via its slug",
            Box::new(|s| {
                s.write("content/notices/关于培训的通知.md", "---\ntitle: 关于培训的通知\ndate: 2025-03-02\nslug: training\n---\n请按时参加。\n");
            }),
        ),
        (
            "delete a page",
            Box::new(|s| {
                std::fs::remove_file(s.root.join("content/news/meeting.md")).unwrap();
            }),
        ),
        (
            "change a template",
            Box::new(|s| {
                s.write(
                    "templates/page.html",
                    "<p>{{ page.title }}</p>{{ page.content | safe }}",
                );
            }),
        ),
        (
            "change the configuration",
            Box::new(|s| {
                let y = std::fs::read_to_string(s.root.join("site.yaml")).unwrap();
                s.write("site.yaml", y.replace("page_size: 2", "page_size: 1"));
            }),
        ),
        (
            "add a static file",
            Box::new(|s| {
                s.write(
                    "static/img/logo.svg",
                    "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                );
            }),
        ),
    ];
    for (step, edit) in steps {
        tick();
        edit(&site);
        assert_same_as_fresh(&mut session, &site, step);
    }
}

/// Compares a session's outputs with a fresh build's: every file byte for byte, except the search
/// index after body edits, whose files must give the same answers to `queries`.
#[track_caller]
fn assert_equivalent_to_fresh(cached: &MemoryFiles, site: &SiteTest, step: &str, queries: &[&str]) {
    let (fresh, _) =
        build_to_memory(&options(site)).unwrap_or_else(|_| panic!("{step}: fresh build failed"));
    let is_search = |k: &&String| k.starts_with("search/");
    let differing: Vec<&String> = fresh
        .keys()
        .chain(cached.keys())
        .filter(|k| !is_search(k) && fresh.get(*k) != cached.get(*k))
        .collect();
    assert!(
        differing.is_empty(),
        "{step}: output differs from a fresh build in {differing:?}"
    );
    let search_files = |files: &MemoryFiles| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .filter(|(k, _)| is_search(k))
            .map(|(k, v)| (k.clone(), v.to_vec()))
            .collect()
    };
    let (fresh_index, cached_index) = (search_files(&fresh), search_files(cached));
    assert!(
        !fresh_index.is_empty(),
        "{step}: the site has a search index"
    );
    for q in queries {
        let answers = |files: &[(String, Vec<u8>)]| {
            let mut index = query::Site::open(files).expect("index opens");
            let mut hits = index.search(q, &Filter::default()).expect("query runs");
            index.describe_all(&mut hits).expect("metadata loads");
            hits
        };
        let want = answers(&fresh_index);
        assert_eq!(answers(&cached_index), want, "{step}: search for {q}");
    }
}

#[test]
fn body_edits_render_only_the_page_and_match_fresh_builds() {
    // Feeds with summaries only, then with full text: a body edit rewrites them in different cases.
    for full_content in [false, true] {
        body_edits_match_fresh_builds(full_content);
    }
}

/// Templates that print every summary other outputs can show, so a body edit that changes a
/// summary must render each of them again.
const SUMMARY_TEMPLATES: [(&str, &str); 4] = [
    (
        "templates/index.html",
        "{% for p in section.pages %}{{ p.summary }}{% endfor %}{% for s in section.subsections %}{% for p in s.latest %}{{ p.summary }}{% endfor %}{% endfor %}",
    ),
    (
        "templates/section.html",
        "{% for p in section.pages %}{{ p.summary }}{% endfor %}{% for s in section.subsections %}{% for p in s.latest %}{{ p.summary }}{% endfor %}{% endfor %}",
    ),
    (
        "templates/archive_year.html",
        "{% for m in year.months %}{% for p in m.pages %}{{ p.summary }}{% endfor %}{% endfor %}",
    ),
    (
        "templates/page.html",
        "{{ page.content | safe }}{% for r in page.related %}{{ r.summary }}{% endfor %}",
    ),
];

fn body_edits_match_fresh_builds(full_content: bool) {
    let site = SiteTest::fixture("build/basic");
    let yaml = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!("{yaml}feeds:\n  full_content: {full_content}\n"),
    );
    for (file, text) in SUMMARY_TEMPLATES {
        site.write(file, text);
    }
    let visit = "---\ntitle: 入户走访\ndate: 2025年3月5日\n---\n走访了重点户，见[做法](@/news/tea.md#主要做法)。\n";
    site.write("content/news/visit.md", visit);
    // A page sharing a tag, so the edited page shows among its related pages.
    site.write(
        "content/notices/春茶.md",
        "---\ntitle: 春茶采摘通知\ndate: 2025-03-03\ntags: 茶产业\n---\n请合作社社员按时采摘。\n",
    );
    // A first paragraph longer than the summary, so later text never reaches it.
    let long = "茶叶合作社采取“支部+合作社+农户”模式，统一技术、统一收购、统一品牌。".repeat(6);
    let tea = std::fs::read_to_string(site.root.join("content/news/tea.md"))
        .unwrap()
        .replace("## 主要做法\n", &format!("{long}\n\n## 主要做法\n"));
    site.write("content/news/tea.md", &tea);
    let mut session = Session::new(options(&site));
    session.build_to_memory().expect("first build");
    let queries = [
        "茶叶",
        "合作社",
        "石门",
        "新增的段落",
        "标记",
        "村民大会",
        "320",
    ];

    // (step, file, new text, expected way, or None for an error)
    let steps: Vec<(&str, &str, String, Option<Way>)> = vec![
        (
            "append a paragraph",
            "content/news/tea.md",
            format!("{tea}\n新增的段落：茶园标记一。\n"),
            Some(Way::BodyEdit),
        ),
        (
            "edit after the summary marker",
            "content/news/meeting.md",
            "---\ntitle: 村民大会\ndate: 2025-02-10 10:30\n---\n召开村民大会。\n\n<!-- more -->\n\n后面改了，标记二。\n".into(),
            Some(Way::BodyEdit),
        ),
        (
            "add a heading and a link to another page",
            "content/news/tea.md",
            format!("{tea}\n## 新的标题\n\n见[村民大会](meeting.md)。\n"),
            Some(Way::BodyEdit),
        ),
        (
            "change the first paragraph (the summary)",
            "content/news/tea.md",
            format!("{tea}\n## 新的标题\n\n见[村民大会](meeting.md)。\n").replace("统一技术", "统一培训"),
            Some(Way::BodyEdit),
        ),
        (
            "add a broken link",
            "content/news/tea.md",
            format!("{tea}\n见[不存在](@/news/nothing.md)。\n"),
            None,
        ),
        ("fix it again", "content/news/tea.md", tea.clone(), Some(Way::Full)),
        (
            "remove a heading another page links to",
            "content/news/tea.md",
            tea.replace("## 主要做法\n", ""),
            None,
        ),
        ("restore it", "content/news/tea.md", tea.clone(), Some(Way::Full)),
        (
            "change the front matter",
            "content/news/tea.md",
            tea.replace("team: 驻石门村工作队", "team: 驻石门村第一工作队"),
            Some(Way::Full),
        ),
        (
            "edit the body again",
            "content/news/tea.md",
            format!("{tea}\n再补充一段，标记三。\n").replace("驻石门村工作队", "驻石门村第一工作队"),
            Some(Way::BodyEdit),
        ),
        (
            "change a template",
            "templates/page.html",
            "<p>{{ page.title }}</p>{{ page.content | safe }}".into(),
            Some(Way::Templates),
        ),
        (
            "break a template",
            "templates/page.html",
            "<p>{{ page.title </p>".into(),
            None,
        ),
        (
            "fix the template",
            "templates/page.html",
            "<h1>{{ page.title }}</h1>{{ page.content | safe }}".into(),
            Some(Way::Full),
        ),
        (
            "a body edit with the new template",
            "content/news/tea.md",
            format!("{tea}\n最后一段，标记四。\n").replace("驻石门村工作队", "驻石门村第一工作队"),
            Some(Way::BodyEdit),
        ),
        (
            "another template edit after it",
            "templates/page.html",
            "<h2>{{ page.title }}</h2>{{ page.content | safe }}".into(),
            Some(Way::Templates),
        ),
        (
            "a body edit rendered with that template",
            "content/news/tea.md",
            format!("{tea}\n最后一段，标记五。\n").replace("驻石门村工作队", "驻石门村第一工作队"),
            Some(Way::BodyEdit),
        ),
    ];
    for (step, file, text, way) in steps {
        tick();
        site.write(file, &text);
        let mut changes = ChangeSet::new();
        changes.insert(classify(std::path::Path::new(file)));
        let result = session.rebuild(&changes);
        match (way, result) {
            (None, Err(_)) => {
                assert!(
                    build_to_memory(&options(&site)).is_err(),
                    "{step}: a fresh build fails too"
                );
            }
            (Some(way), Ok((files, _))) => {
                assert_eq!(session.last_way(), way, "{step}: which way");
                assert_equivalent_to_fresh(&files, &site, step, &queries);
            }
            (way, result) => panic!("{step}: expected {way:?}, got ok = {}", result.is_ok()),
        }
    }
    // A full build after body edits writes the search index afresh, byte for byte.
    assert_same_as_fresh(&mut session, &site, "full build after body edits");
}

#[test]
fn a_build_that_leaves_its_search_index_for_later_is_the_fresh_build_once_completed() {
    let site = SiteTest::fixture("build/basic");
    let (fresh, _) = build_to_memory(&options(&site)).expect("fresh build");
    assert!(fresh.keys().any(|k| k.starts_with("search/")));
    let mut session = Session::new(options(&site));
    let (first, _) = session
        .rebuild_deferring_search(&ChangeSet::new())
        .expect("first step");
    assert!(session.search_pending());
    // Everything but the index's files, as the fresh build has them.
    let index_files: Vec<&String> = fresh.keys().filter(|k| !first.contains_key(*k)).collect();
    assert!(!index_files.is_empty());
    for target in &index_files {
        assert!(
            target.starts_with("search/") && target.as_str() != "search/index.html",
            "{target} is left out but is not an index file"
        );
    }
    for (target, bytes) in first.iter() {
        assert_eq!(fresh.get(target), Some(bytes), "{target}");
    }
    let (complete, _) = session
        .complete_search()
        .expect("something was left")
        .expect("second step");
    assert!(!session.search_pending());
    assert!(session.complete_search().is_none());
    assert_eq!(*complete, fresh);

    // A body edit before the index was completed: the session completes it first and lays the
    // edit's update over it.
    let mut session = Session::new(options(&site));
    session
        .rebuild_deferring_search(&ChangeSet::new())
        .expect("first step");
    tick();
    let visit = "---\ntitle: 入户走访\ndate: 2025年3月5日\n---\n走访了重点户，新增的段落。\n";
    site.write("content/news/visit.md", visit);
    let mut changes = ChangeSet::new();
    changes.insert(classify(std::path::Path::new("content/news/visit.md")));
    let (edited, _) = session
        .rebuild_deferring_search(&changes)
        .expect("body edit");
    assert_eq!(session.last_way(), Way::BodyEdit);
    assert!(!session.search_pending());
    let step = "body edit while the index was left for later";
    assert_equivalent_to_fresh(&edited, &site, step, &["新增的段落", "走访"]);
}

#[test]
fn a_template_edit_gives_the_viewed_pages_first_over_the_kept_build() {
    let site = SiteTest::fixture("build/basic");
    let mut session = Session::new(options(&site));
    let (before, _) = session.build_to_memory().expect("first build");
    let viewed: BTreeSet<String> = [
        "news/tea/index.html",
        "news/index.html",
        "no/such/index.html",
    ]
    .map(String::from)
    .into();
    let changes_of = |file: &str| {
        let mut changes = ChangeSet::new();
        changes.insert(classify(std::path::Path::new(file)));
        changes
    };
    // Not a template edit: nothing to have first.
    let content = changes_of("content/news/tea.md");
    assert!(session.templates_first(&content, &viewed).is_none());
    assert!(
        session
            .templates_first(&changes_of("templates/page.html"), &BTreeSet::new())
            .is_none()
    );

    tick();
    let template = "<h1>{{ page.title }}</h1>{{ page.content | safe }}";
    site.write("templates/page.html", template);
    let changes = changes_of("templates/page.html");
    let (first, _) = session
        .templates_first(&changes, &viewed)
        .expect("a first look");
    let (after, _) = session.rebuild(&changes).expect("the whole render");
    assert_eq!(session.last_way(), Way::Templates);
    assert_ne!(
        first.get("news/tea/index.html"),
        before.get("news/tea/index.html")
    );
    assert_eq!(first.len(), before.len());
    for (target, bytes) in first.iter() {
        let expected = if viewed.contains(target) {
            after.get(target)
        } else {
            before.get(target)
        };
        assert_eq!(expected, Some(bytes), "{target}");
    }
    assert_same_as_fresh(&mut session, &site, "after the template edit");

    // A broken template gives no first look; the whole render reports it.
    tick();
    site.write("templates/page.html", "<p>{{ page.title </p>");
    assert!(session.templates_first(&changes, &viewed).is_none());
    assert!(session.rebuild(&changes).is_err());
}
