//! `spam` and `link-external`: advertising pasted in with copied text, and links that
//! leave government domains.
//!
//! `spam` (error) looks for the contact-ad patterns that ride along when text is copied
//! from content farms: `请点击…联系`, `加微信`/`加V`/`vx`, a WeChat or QQ id, `联系老师`,
//! `扫码加…`, pointing emoji. Overlapping matches on one line merge into one finding.
//! Bare `扫码` is deliberately not flagged: `扫码登记`, `扫码关注` are everyday government
//! usage.
//!
//! `link-external` (warning) reports absolute `http(s)://` URLs — in link destinations,
//! autolinks, HTML attributes or bare text, but not in code — whose host is neither under
//! `gov.cn` nor under a suffix from [`RuleConfig::link_domain_allow`](super::RuleConfig).
//! It reads the original text, because masking blanks link destinations.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts, char_at, char_before};

static SPAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // "请点击👉 xxx 👈联系老师": the click-to-contact lure, up to the contact target.
        r"请点击[^\n]{0,30}?联系[^\s，。；！？,.;!?]{0,6}",
        r"|加个?[ \t]*(?:微信|薇信|威信|[Vv]信|[Vv][Xx]?|[Ww][Xx]|[Qq]{2}|扣扣|好友)",
        r"|(?:微信号|(?:微信|薇信|[Vv]信)[ \t]*[:：])[ \t]*[:：]?[ \t]*[A-Za-z0-9_-]{5,}",
        r"|(?:vx|VX|Vx|wx|WX)[ \t]*[:：]?[ \t]*[A-Za-z0-9_-]{5,}",
        r"|扫码(?:加|添加|联系|领取|进群|入群|免费)",
        r"|扫(?:描)?(?:下方|上方|图中)?二维码(?:加|添加|联系|领取|进群|入群)",
        r"|(?:联系|添加|加|私信)老师",
        r"|(?:[Qq]{2}|扣扣|企鹅)(?:号|群)?[ \t]*[:：]?[ \t]*[1-9][0-9]{4,10}",
        r"|扣扣",
        r"|[\x{1F446}-\x{1F449}\x{261A}-\x{261F}\x{1FAF5}]",
    ))
    .expect("constant regex")
});

/// Absolute URLs in the original text; the host is parsed from the match. The `(?i)`
/// must not cover the negated class: case folding would pull `s` and `k` into the
/// excluded non-ASCII range (via U+017F and U+212A).
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i:https?)://[^\s<>"'()\[\]`\x{80}-\x{10FFFF}]+"#).expect("constant regex")
});

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    spam(ctx, out);
    external_links(ctx, out);
}

fn spam(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for m in SPAM.find_iter(text) {
        let s = m.as_str();
        // Latin-led patterns must not start or end inside a word: "VXLAN", "增加VR".
        let latin_start = s.starts_with(|c: char| c.is_ascii_alphabetic());
        if latin_start && char_before(text, m.start()).is_some_and(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let latin_end = s.ends_with(|c: char| c.is_ascii_alphabetic());
        if latin_end && char_at(text, m.end()).is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        match ranges.last_mut() {
            // Merge overlapping or touching pieces of one ad into a single finding.
            Some(last) if m.start() <= last.1 && !text[last.1..m.start()].contains('\n') => {
                last.1 = last.1.max(m.end());
            }
            _ => ranges.push((m.start(), m.end())),
        }
    }
    for (s, e) in ranges {
        let matched = text[s..e].trim_end();
        out.push(Hit::new(
            s,
            "spam",
            matched,
            Texts {
                message_zh: format!("疑似广告或引流信息：“{matched}”"),
                message_en: format!("Looks like advertising or a contact lure: \"{matched}\""),
                hint_zh: "这类内容常随复制的文本一起粘贴进来，请删除".into(),
                hint_en: "Such text usually comes along with copied content; delete it".into(),
            },
        ));
    }
}

fn external_links(ctx: &Ctx, out: &mut Vec<Hit>) {
    let orig = ctx.original;
    if !orig.contains("://") {
        return;
    }
    for m in URL.find_iter(orig) {
        if ctx.masked.in_code(m.start()) {
            continue;
        }
        if char_before(orig, m.start()).is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let Some(host) = host_of(url) else { continue };
        if host_allowed(&host, &ctx.cfg.link_domain_allow) {
            continue;
        }
        out.push(Hit::new(
            m.start(),
            "link-external",
            url,
            Texts {
                message_zh: format!("链接指向非政府网站域名：{host}"),
                message_en: format!("Link points outside government domains: {host}"),
                hint_zh: "确认该外链确有必要；可信域名可加入站点配置 link_domain_allow".into(),
                hint_en: "Make sure the external link is intended; add trusted domains to link_domain_allow in the site config".into(),
            },
        ));
    }
}

/// Lower-case host of an absolute URL, without user info, port or trailing dot.
fn host_of(url: &str) -> Option<String> {
    let rest = &url[url.find("://")? + 3..];
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if host_port.starts_with('[') {
        host_port.split(']').next()?.trim_start_matches('[')
    } else {
        host_port.split(':').next()?
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// `host` equals an allowed suffix or ends with `.` + suffix; `gov.cn` is always allowed.
fn host_allowed(host: &str, allow: &[String]) -> bool {
    std::iter::once("gov.cn")
        .chain(allow.iter().map(String::as_str))
        .any(|suffix| {
            let suffix = suffix.trim().trim_start_matches('.').to_ascii_lowercase();
            !suffix.is_empty()
                && (host == suffix
                    || host
                        .strip_suffix(suffix.as_str())
                        .is_some_and(|p| p.ends_with('.')))
        })
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, Severity, scan_markdown};
    use super::*;

    fn rule(s: &str, rule: &str) -> Vec<String> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.matched)
            .collect()
    }

    #[test]
    fn seed_spam_line_is_one_finding() {
        let f = rule("请点击👉 mbgs777 👈联系老师", "spam");
        assert_eq!(f, ["请点击👉 mbgs777 👈联系老师"]);
    }

    #[test]
    fn contact_patterns() {
        assert_eq!(rule("有意者加微信详谈", "spam"), ["加微信"]);
        assert_eq!(rule("详情加V了解", "spam"), ["加V"]);
        assert_eq!(rule("vx：abc12345", "spam"), ["vx：abc12345"]);
        assert_eq!(
            rule("微信号：teacher_li88", "spam"),
            ["微信号：teacher_li88"]
        );
        assert_eq!(rule("QQ:12345678", "spam"), ["QQ:12345678"]);
        assert_eq!(rule("扣扣联系", "spam"), ["扣扣"]);
        assert_eq!(rule("扫码进群领资料", "spam"), ["扫码进群"]);
        assert_eq!(rule("请联系老师", "spam"), ["联系老师"]);
        assert_eq!(rule("看这里👇", "spam"), ["👇"]);
    }

    #[test]
    fn ordinary_text_is_not_spam() {
        for s in [
            "群众可扫码登记，也可扫码关注“清水发布”微信公众号。",
            "增加VR体验项目，提升VXLAN网络性能。",
            "请点击页面右上角的“无障碍”按钮。",
            "关注政务微信，了解最新政策。",
            "点击进入办事大厅。",
            "邮箱 qq.com 后缀",
        ] {
            assert!(rule(s, "spam").is_empty(), "{s}");
        }
    }

    #[test]
    fn external_links_warn_gov_cn_allowed() {
        let s = "见[通知](https://www.example.com/a)与<http://news.example.org>，\
                 以及https://www.gov.cn/zhengce/ 和 [县政府](https://www.qingshui.gov.cn/x)。";
        let found = scan_markdown(s, 1, &RuleConfig::default());
        let ext: Vec<_> = found.iter().filter(|f| f.rule == "link-external").collect();
        assert_eq!(ext.len(), 2);
        assert_eq!(ext[0].matched, "https://www.example.com/a");
        assert_eq!(ext[0].severity, Severity::Warning);
        assert_eq!(ext[1].matched, "http://news.example.org");
    }

    #[test]
    fn allow_list_and_code() {
        let cfg = RuleConfig {
            link_domain_allow: vec!["example.com".into()],
            ..RuleConfig::default()
        };
        let s = "[甲](https://www.example.com/a) [乙](https://badexample.com/) `https://x.org`";
        let found: Vec<_> = scan_markdown(s, 1, &cfg)
            .into_iter()
            .filter(|f| f.rule == "link-external")
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].matched, "https://badexample.com/");
        assert!(rule("```\ncurl https://x.org\n```", "link-external").is_empty());
    }

    #[test]
    fn host_parsing() {
        assert_eq!(
            host_of("https://user@WWW.Gov.CN:8080/a").as_deref(),
            Some("www.gov.cn")
        );
        assert_eq!(host_of("http://[::1]:80/").as_deref(), Some("::1"));
        assert!(host_allowed("gov.cn", &[]));
        assert!(!host_allowed("notgov.cn", &[]));
        assert!(!host_allowed("gov.cn.evil.com", &[]));
    }
}
