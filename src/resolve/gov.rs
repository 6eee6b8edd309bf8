//! Cross-page rules of government content: a policy and its interpretation link to each other
//! when only one side names the other, and two bulletins may not share a number in one year.

use std::collections::BTreeMap;

use crate::content::urls::{self, LinkTarget, UrlIndex};
use crate::content::{Page, Site};
use crate::diagnostics::Diagnostic;

/// Links policies and interpretations both ways; reports links that lead nowhere.
pub fn link_interpretations(site: &mut Site, index: &UrlIndex) -> Vec<Diagnostic> {
    let by_path: BTreeMap<String, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.clone(), i))
        .collect();
    let mut problems = Vec::new();
    let mut pairs = Vec::new(); // (policy, interpretation)
    for (i, page) in site.pages.iter().enumerate() {
        let Some(policy) = &page.policy else { continue };
        let source_dir = crate::content::source_dir_of(&page.file);
        let mut follow = |link: &Option<String>, key: &str| -> Option<usize> {
            let dest = link.as_deref()?;
            let target = match urls::resolve(dest, &source_dir, index) {
                Ok(LinkTarget::Internal { path, .. }) => by_path.get(&path).copied(),
                _ => None,
            };
            if target.is_none() {
                problems.push(
                    Diagnostic::error(
                        &page.file,
                        "broken-link",
                        text!(
                            "“{key}”链接的“{dest}”不存在",
                            "the `{key}` link `{dest}` does not exist"
                        ),
                    )
                    .at_line(
                        page.line_of(&format!("policy.{key}"))
                            .max(page.line_of("policy")),
                    )
                    .with_hint(text!(
                        "写成 @/栏目/文件名.md，指向已发布的文章",
                        "write @/section/file.md pointing at a published page"
                    )),
                );
            }
            target
        };
        if let Some(j) = follow(&policy.interpretation_link, "政策解读") {
            pairs.push((i, j));
        }
        if let Some(j) = follow(&policy.interprets_link, "解读对象") {
            pairs.push((j, i));
        }
    }
    for (policy, interpretation) in pairs {
        if let Some(p) = site.pages[policy].policy.as_mut() {
            p.interpretation = Some(interpretation);
        }
        let target = &mut site.pages[interpretation];
        target
            .policy
            .get_or_insert_with(|| Box::new(empty_policy()))
            .interprets = Some(policy);
    }
    problems
}

/// Interpretations that carry no metadata of their own still get a policy record to hold the link.
fn empty_policy() -> crate::content::Policy {
    crate::content::Policy {
        index_number: None,
        category: None,
        issuer: None,
        written: None,
        doc_number: None,
        keywords: Vec::new(),
        validity: None,
        valid_until: None,
        lapsed: false,
        normative: false,
        interpretation: None,
        interprets: None,
        interpretation_link: None,
        interprets_link: None,
    }
}

/// Two bulletins of the same name with the same number in the same year (supplements counted
/// separately): name both files.
pub fn check_bulletin_numbers(pages: &[Page]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<(String, i16, bool, u32), &Page> = BTreeMap::new();
    let mut problems = Vec::new();
    for page in pages {
        let (Some(bulletin), Some(date)) = (&page.bulletin, &page.date) else {
            continue;
        };
        let key = (
            bulletin.name.clone(),
            date.year(),
            bulletin.supplement,
            bulletin.issue,
        );
        if let Some(first) = seen.insert(key, page) {
            let (a, b, year, issue) = (
                first.file.display(),
                page.file.display(),
                date.year(),
                bulletin.issue,
            );
            let kind = if bulletin.supplement { "增刊" } else { "" };
            problems.push(
                Diagnostic::error(&page.file, "bulletin-number", text!("“{a}”和“{b}”都是 {year} 年{kind}第{issue}期", "`{a}` and `{b}` are both issue {issue} of {year}{kind}"))
                    .at_line(page.line_of("bulletin.期号").max(page.line_of("bulletin")))
                    .with_hint(text!("期号按年编排，同一年内不能重复；增刊单独编号（增刊: true）", "issues are numbered per year and must not repeat; supplements (增刊: true) are numbered separately")),
            );
        }
    }
    problems
}
