//! A preview session's cached builds must equal a fresh full build of the same files, byte for
//! byte, after any sequence of edits — including edits that change what other pages link to.

use jianbao::build::{BuildOptions, Session, build_to_memory};

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
