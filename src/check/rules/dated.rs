//! `dated-term` (warning): wording that was right when a template was written and is out of
//! date on the page's date — an office renamed in a reorganisation, a programme that ended.
//!
//! Each entry is a term, the date from which it is outdated and the current wording:
//! 扶贫办 → 乡村振兴部门 (2021-02-25, when the National Rural Revitalisation Administration
//! replaced the poverty office; from 2023 merged into the agriculture departments),
//! 精准扶贫 as current work → 巩固拓展脱贫攻坚成果 (2021), the 2018 reorganisation's
//! renamed bureaus (国土资源局 → 自然资源局, 环保局 → 生态环境局, 工商局 → 市场监督管理局, …),
//! and "studying the spirit of" a congress after the next one met. A site adds its own with
//! `check.dated_terms` in `site.yaml`.
//!
//! A term is compared with the page's date (front matter `date`); without a date the rule
//! stays silent. A mention that is history is not reported: after `原`/`前` (`原扶贫办`), or
//! in a sentence that names an earlier year (`2019年，县扶贫办……`) or says it is looking back
//! (`期间`, `当年`, `回顾`, `曾`, `以来`).

use std::sync::LazyLock;

use jiff::civil::{Date, date};
use regex::Regex;

use super::{Ctx, Hit, Texts, char_before};

/// A term, the day from which it is outdated, and what to write instead.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedTerm {
    pub term: String,
    pub from: Date,
    pub current: String,
}

const REVITALISATION: &str = "乡村振兴部门（2023年起多并入农业农村部门）";

fn builtin() -> Vec<Builtin> {
    vec![
        ("扶贫开发领导小组办公室", date(2021, 2, 25), REVITALISATION),
        ("扶贫开发办公室", date(2021, 2, 25), REVITALISATION),
        ("扶贫办", date(2021, 2, 25), REVITALISATION),
        ("扶贫开发局", date(2021, 2, 25), REVITALISATION),
        ("扶贫局", date(2021, 2, 25), REVITALISATION),
        (
            "精准扶贫",
            date(2021, 1, 1),
            "巩固拓展脱贫攻坚成果、全面推进乡村振兴",
        ),
        (
            "决战决胜脱贫攻坚",
            date(2021, 1, 1),
            "巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
        ),
        (
            "国家乡村振兴局",
            date(2023, 5, 1),
            "农业农村部（国家乡村振兴局职责已并入）",
        ),
        ("国土资源部", date(2018, 4, 1), "自然资源部"),
        ("国土资源局", date(2019, 6, 1), "自然资源局"),
        ("环境保护部", date(2018, 4, 1), "生态环境部"),
        ("环境保护局", date(2019, 6, 1), "生态环境局"),
        ("环保局", date(2019, 6, 1), "生态环境局"),
        ("工商行政管理局", date(2019, 6, 1), "市场监督管理局"),
        ("工商局", date(2019, 6, 1), "市场监督管理局"),
        ("食品药品监督管理局", date(2019, 6, 1), "市场监督管理局"),
        ("食药监局", date(2019, 6, 1), "市场监督管理局"),
        ("卫生和计划生育委员会", date(2019, 6, 1), "卫生健康委员会"),
        ("卫计委", date(2019, 6, 1), "卫生健康委员会（卫健委）"),
        ("安全生产监督管理局", date(2019, 6, 1), "应急管理局"),
        ("安监局", date(2019, 6, 1), "应急管理局"),
    ]
}

/// A built-in entry: term, outdated from, current wording.
type Builtin = (&'static str, Date, &'static str);

/// The Party's national congresses by their short name and the day each closed. The one
/// whose spirit a page studies as current work is the latest closed before the page's date:
/// a new congress's report exists only once it has closed.
const CONGRESSES: &[(&str, (i16, i8, i8))] = &[
    ("十八大", (2012, 11, 14)),
    ("十九大", (2017, 10, 24)),
    ("二十大", (2022, 10, 22)),
];

/// The ways a page says it is studying a congress as current work.
const STUDYING: &[&str] = &[
    "学习贯彻",
    "贯彻落实",
    "深入贯彻",
    "全面贯彻",
    "学习宣传贯彻",
];

/// A "studying the congress" term: the congress it names and the day from which a later
/// congress is the current one.
struct CongressTerm {
    term: String,
    congress: &'static str,
    from: Date,
}

/// Every studying phrase (`学习贯彻党的十八大`, `学习贯彻十八大`) for each congress that a
/// later one replaced, outdated from the day after the later one closed.
fn congress_terms() -> Vec<CongressTerm> {
    let mut out = Vec::new();
    for pair in CONGRESSES.windows(2) {
        let (name, _) = pair[0];
        let (_, (y, m, d)) = pair[1];
        let from = date(y, m, d).tomorrow().expect("a day after a congress");
        for verb in STUDYING {
            for party in ["党的", ""] {
                out.push(CongressTerm {
                    term: format!("{verb}{party}{name}"),
                    congress: name,
                    from,
                });
            }
        }
    }
    out
}

/// The congress current on `day`: the latest one closed before it.
fn congress_on(day: Date) -> &'static str {
    CONGRESSES
        .iter()
        .rev()
        .find(|(_, (y, m, d))| date(*y, *m, *d) < day)
        .map_or(CONGRESSES[0].0, |(name, _)| *name)
}

static BUILTIN: LazyLock<(Regex, Vec<Builtin>, Vec<CongressTerm>)> = LazyLock::new(|| {
    let terms = builtin();
    let congress = congress_terms();
    let re = super::literal_alternation(
        terms
            .iter()
            .map(|(t, _, _)| *t)
            .chain(congress.iter().map(|c| c.term.as_str())),
    );
    (re, terms, congress)
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d\d)年").expect("constant regex"));

const LOOKING_BACK: &[&str] = &[
    "期间", "时期", "当年", "回顾", "以来", "曾经", "曾", "历史", "那时", "过去",
];

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let Some(page_date) = ctx.page_date else {
        return;
    };
    let text = ctx.text();
    let (re, terms, congresses) = &*BUILTIN;
    for m in re.find_iter(text) {
        if let Some((term, from, current)) = terms.iter().find(|(t, _, _)| *t == m.as_str()) {
            consider(text, m.start(), term, *from, current, page_date, out);
        } else if let Some(c) = congresses.iter().find(|c| c.term == m.as_str()) {
            if names_a_later_congress(&text[m.end()..], c.congress) {
                continue;
            }
            let current = c.term.replace(c.congress, congress_on(page_date));
            consider(text, m.start(), &c.term, c.from, &current, page_date, out);
        }
    }
    for t in &ctx.cfg.dated_extra {
        if t.term.is_empty() {
            continue;
        }
        for (at, _) in text.match_indices(t.term.as_str()) {
            consider(text, at, &t.term, t.from, &t.current, page_date, out);
        }
    }
}

fn consider(
    text: &str,
    at: usize,
    term: &str,
    from: Date,
    current: &str,
    page: Date,
    out: &mut Vec<Hit>,
) {
    if page < from || is_history(text, at, from) {
        return;
    }
    out.push(Hit::new(
        at,
        "dated-term",
        term,
        Texts {
            message_zh: format!("“{term}”自{}起已不再使用，本页日期为{page}", from.strftime("%Y年%-m月")),
            message_en: format!("\"{term}\" is outdated since {from}; this page is dated {page}"),
            hint_zh: format!("现行表述：{current}；如是在讲过去的事，写明年份或加“原”字"),
            hint_en: format!("Current wording: {current}; if the text is about the past, give the year or write 原 before it"),
        },
    ));
}

/// `学习贯彻党的十八大、十九大精神`: the studied congresses are listed up to a later one, so
/// the earlier name is not left over from an old template.
fn names_a_later_congress(after: &str, congress: &str) -> bool {
    let Some(rest) = after.strip_prefix(['、', '和', '及']) else {
        return false;
    };
    let rest = rest.strip_prefix("党的").unwrap_or(rest);
    let later = CONGRESSES
        .iter()
        .skip_while(|(name, _)| *name != congress)
        .skip(1);
    later.into_iter().any(|(name, _)| rest.starts_with(name))
}

/// Whether the mention at `at` is about the past.
fn is_history(text: &str, at: usize, from: Date) -> bool {
    if char_before(text, at).is_some_and(|c| c == '原' || c == '前') {
        return true;
    }
    let start = text[..at]
        .rfind(['。', '！', '？', '\n', '；'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = text[at..]
        .find(['。', '！', '？', '\n', '；'])
        .map_or(text.len(), |i| at + i);
    let sentence = text.get(start..end).unwrap_or("");
    let earlier_year = YEAR
        .captures_iter(sentence)
        .any(|c| c[1].parse::<i16>().is_ok_and(|y| y < from.year()));
    earlier_year || LOOKING_BACK.iter().any(|w| sentence.contains(w))
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown_dated};
    use super::*;

    fn found(s: &str, day: Date, cfg: &RuleConfig) -> Vec<String> {
        scan_markdown_dated(s, 1, cfg, Some(day))
            .into_iter()
            .filter(|f| f.rule == "dated-term")
            .map(|f| f.matched)
            .collect()
    }

    #[test]
    fn outdated_on_a_current_page() {
        let cfg = RuleConfig::default();
        let day = date(2026, 11, 1);
        assert_eq!(found("依据市扶贫办要求，开展摸排。", day, &cfg), ["扶贫办"]);
        assert_eq!(found("深入推进精准扶贫工作。", day, &cfg), ["精准扶贫"]);
        assert_eq!(found("由县环保局负责。", day, &cfg), ["环保局"]);
    }

    #[test]
    fn right_for_its_date_or_about_the_past() {
        let cfg = RuleConfig::default();
        assert!(found("依据市扶贫办要求。", date(2019, 5, 1), &cfg).is_empty());
        for s in [
            "原扶贫办的职责已划入乡村振兴局。",
            "2019年，县扶贫办组织开展了精准扶贫回头看。",
            "脱贫攻坚期间，精准扶贫方略成效显著。",
            "这是扶贫开发的历史。",
        ] {
            assert!(found(s, date(2026, 11, 1), &cfg).is_empty(), "{s}");
        }
        assert!(scan_markdown_dated("扶贫办", 1, &cfg, None).is_empty());
    }

    /// The current wording a finding suggests.
    fn suggested(s: &str, day: Date) -> Vec<String> {
        scan_markdown_dated(s, 1, &RuleConfig::default(), Some(day))
            .into_iter()
            .filter(|f| f.rule == "dated-term")
            .map(|f| f.hint_zh)
            .collect()
    }

    #[test]
    fn a_congress_is_replaced_by_the_one_current_on_the_page_date() {
        let old = "认真学习贯彻党的十八大精神。";
        // Before the 19th congress closed (2017-10-24) the 18th was current.
        assert!(suggested(old, date(2017, 10, 24)).is_empty());
        for day in [date(2017, 10, 25), date(2019, 6, 1), date(2022, 10, 22)] {
            let hints = suggested(old, day);
            assert_eq!(hints.len(), 1, "{day}");
            assert!(
                hints[0].starts_with("现行表述：学习贯彻党的十九大；"),
                "{day}: {hints:?}"
            );
        }
        for day in [date(2022, 10, 23), date(2026, 11, 1)] {
            assert!(suggested(old, day)[0].starts_with("现行表述：学习贯彻党的二十大；"));
        }
        assert!(
            suggested("贯彻落实十九大精神", date(2024, 3, 1))[0]
                .starts_with("现行表述：贯彻落实二十大；")
        );
        assert!(suggested("贯彻落实十九大精神", date(2022, 10, 1)).is_empty());
    }

    #[test]
    fn congresses_listed_up_to_the_current_one_are_not_outdated() {
        let day = date(2019, 6, 1);
        assert!(suggested("深入学习贯彻党的十八大、十九大精神", day).is_empty());
        assert!(suggested("学习贯彻党的十八大和党的十九大精神", day).is_empty());
        assert!(suggested("党的十八大以来，全县学习贯彻党的十九大精神", day).is_empty());
        assert_eq!(
            suggested("学习贯彻十八大和十八届三中全会精神", day).len(),
            1
        );
    }

    #[test]
    fn site_terms() {
        let cfg = RuleConfig {
            dated_extra: vec![DatedTerm {
                term: "县城管局".into(),
                from: date(2024, 1, 1),
                current: "县城市管理和综合执法局".into(),
            }],
            ..RuleConfig::default()
        };
        assert_eq!(found("县城管局通知", date(2025, 1, 1), &cfg), ["县城管局"]);
        assert!(found("县城管局通知", date(2023, 1, 1), &cfg).is_empty());
    }
}
