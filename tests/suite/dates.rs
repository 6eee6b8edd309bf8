//! Dates that parse but cannot be meant: the year 0, `updated` before `date`, a page dated
//! thousands of years ahead (and links to it).

use crate::support::SiteTest;

#[test]
fn implausible_dates_get_located_findings_with_the_right_wording() {
    let site = SiteTest::fixture("build/basic");
    site.write(
        "content/news/zero.md",
        "---\ntitle: 零年\ndate: 0000-01-01\n---\n\n正文。\n",
    );
    site.write(
        "content/news/updated.md",
        "---\ntitle: 先更新后发布\ndate: 2024-05-01\nupdated: 2024-04-01\n---\n\n正文。\n",
    );
    site.write(
        "content/news/far.md",
        "---\ntitle: 遥远的将来\ndate: 9999-01-01\n---\n\n正文。\n",
    );
    site.write(
        "content/news/linker.md",
        "---\ntitle: 链接\ndate: 2024-05-01\n---\n\n见[将来](@/news/far.md)。\n",
    );
    let check = site.run(&["check", "--today", "2025-03-10"]);
    let stdout = String::from_utf8_lossy(&check.output.stdout);
    for finding in [
        "content/news/zero.md:3: error[bad-date]: the year 0 in `0000-01-01`",
        "content/news/updated.md:4: warning[updated-before-date]",
        "content/news/far.md:3: warning[far-future-date]",
        "content/news/linker.md:6:2: error[broken-link]: the link target `news/far.md` is a draft or dated after today",
    ] {
        assert!(stdout.contains(finding), "check lacks {finding}:\n{stdout}");
    }
    assert!(!stdout.contains("is a draft and will"), "{stdout}");
}
