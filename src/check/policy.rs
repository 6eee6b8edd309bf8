//! Policy documents' 信息公开 metadata beyond what `build` refuses (`build` already rejects a
//! malformed 发文字号, and a 索引号 that breaks the site's own `policy.index_pattern`):
//!
//! - `index-number` (warning): without a site pattern, a 索引号 should still look like
//!   `000014349/2017-00110` — organisation code, `/`, year, `-`, five-digit serial;
//! - `policy-lapsed` (warning): marked 有效 although its 有效期至 has passed;
//! - `policy-interpretation` (warning): a 规范性文件 without a 政策解读 — a policy and its
//!   interpretation are published together.
//!
//! Pure: "today" is given.

use jiff::civil::Date;

use crate::content::{Page, Policy, Site, Validity, check_index_number, format_chinese};
use crate::diagnostics::Diagnostic;

/// Policy findings for `site` as of `today`.
pub(super) fn check_policies(site: &Site, today: Date) -> Vec<Diagnostic> {
    let has_pattern = site.config.policy.index_pattern.is_some();
    let mut found = Vec::new();
    for page in &site.pages {
        let Some(policy) = &page.policy else { continue };
        if !has_pattern {
            found.extend(index_number(page, policy));
        }
        found.extend(lapsed(page, policy, today));
        found.extend(interpretation(page, policy));
    }
    found
}

fn index_number(page: &Page, policy: &Policy) -> Option<Diagnostic> {
    let number = policy.index_number.as_deref()?;
    if check_index_number(number) {
        return None;
    }
    Some(
        Diagnostic::warning(
            &page.file,
            "index-number",
            text!(
                "索引号“{number}”不是常见的格式（组织机构代码/年份-五位序号）",
                "the index number `{number}` does not have the usual form (organisation code/year-five-digit serial)"
            ),
        )
        .at_line(key_line(page, "索引号", "index_number"))
        .with_excerpt(number)
        .with_hint(text!(
            "例如 000014349/2026-00008 或 11441700007280420Y/2021-00050；本站另有规定时在 site.yaml 里设置 policy.index_pattern",
            "e.g. 000014349/2026-00008 or 11441700007280420Y/2021-00050; if the site has its own form, set policy.index_pattern in site.yaml"
        )),
    )
}

fn lapsed(page: &Page, policy: &Policy, today: Date) -> Option<Diagnostic> {
    let until = policy.valid_until.as_ref()?;
    if policy.validity != Some(Validity::Valid) || until.date() >= today {
        return None;
    }
    let (zh, en) = (format_chinese(until), until.date().to_string());
    Some(
        Diagnostic::warning(
            &page.file,
            "policy-lapsed",
            text!(
                "已过有效期但仍标为有效：有效期至{zh}",
                "past its validity date but still marked 有效 (in force): valid until {en}"
            ),
        )
        .at_line(key_line(page, "有效性", "validity"))
        .with_hint(text!(
            "把有效性改为“失效”或“废止”；文件已延期的，更新“有效期至”",
            "change 有效性 to 失效 or 废止; if the document was extended, update 有效期至"
        )),
    )
}

fn interpretation(page: &Page, policy: &Policy) -> Option<Diagnostic> {
    let has_one = policy.interpretation.is_some() || policy.interpretation_link.is_some();
    if !policy.normative || has_one || policy.interprets.is_some() {
        return None;
    }
    Some(
        Diagnostic::warning(
            &page.file,
            "policy-interpretation",
            text!(
                "规范性文件没有政策解读",
                "a normative document (规范性文件) without an interpretation (政策解读)"
            ),
        )
        .at_line(key_line(page, "规范性文件", "normative"))
        .with_hint(text!(
            "规范性文件应与政策解读同步发布：写好解读页面，在这里加上 `政策解读: @/栏目/解读.md`，解读页面写 `解读对象:` 指回本文",
            "publish the interpretation together with the document: add `政策解读: @/section/interpretation.md` here and `解读对象:` on the interpretation page"
        )),
    )
}

/// The line of `policy.<zh>` or its English alias, else of `policy:`.
fn key_line(page: &Page, zh: &str, en: &str) -> usize {
    [format!("policy.{zh}"), format!("policy.{en}")]
        .iter()
        .find_map(|key| page.key_lines.get(key).copied())
        .unwrap_or_else(|| page.line_of("policy"))
}
