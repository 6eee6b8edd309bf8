//! `placeholder`: text left over from a template.
//!
//! Owns the detection of `XX`/`xx`/`XXX` runs in Chinese or numeric context, `××`,
//! `ＸＸ`, `某某` (but not anonymised names such as `王某某`), `〔〕` without a year,
//! `待定`, `待补充`, `此处填写` and friends, `（略）`, `……略……`, fill-in underscores
//! (`____年__月`, `高知_等`) and `TODO`/`FIXME`/`TBD` in Chinese lines.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts, char_at, char_before, is_cjk, is_han, line_bounds};

const RULE: &str = "placeholder";

/// Runs of Latin X (checked for context below), full-width X and multiplication signs.
static X_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[Xx]{2,}|[Ｘｘ]{2,}|[×✕╳]{2,}").expect("constant regex"));

/// Word-like placeholders. One alternation, so the text is scanned once.
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"某{2,}",
        r"|〔[ \t\u{3000}]*〕",
        r"|此处(?:填写|插入|输入|添加|粘贴|省略|补充|替换|略)",
        r"|请在此处?(?:填写|输入|插入|添加|粘贴)",
        r"|待(?:补充|填写)",
        r"|待定",
        r"|TODO|FIXME|TBD",
    ))
    .expect("constant regex")
});

/// Omissions in brackets (`（略）`, `【待定】`) and between ellipses (`……略……`). Apart from
/// [`WORDS`] because they start at a bracket or a full stop, which every Chinese text is full
/// of: searched only in a text holding 略 or 待, which each of them contains. No word of
/// `WORDS` holds a bracket or an ellipsis, so a word inside one of these is the only overlap.
static OMITTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[（(【\[][ \t\u{3000}]*(?:略|此处略|待定|待补充|待填写|待完善|待更新|待核实|待确认)[ \t\u{3000}]*[）)】\]]",
        r"|(?:…|\.{3}|。{3})+[ \t\u{3000}]*略[ \t\u{3000}]*(?:…|\.{3}|。{3})*",
    ))
    .expect("constant regex")
});

/// Single-character surnames: `王某某` / `李某` are deliberate anonymisation in published
/// penalty decisions and court notices, not template leftovers. Function words that are
/// also surnames (于, 向, 万) are left out, because `向某某单位` reads as a placeholder.
pub(crate) const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤尤";

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    for m in X_RUN.find_iter(text) {
        if m.as_str().starts_with(['X', 'x']) && !latin_x_in_context(text, m.start(), m.end()) {
            continue;
        }
        out.push(hit(m.start(), m.as_str()));
    }
    let omitted: Vec<regex::Match> = if text.contains(['略', '待']) {
        OMITTED.find_iter(text).collect()
    } else {
        Vec::new()
    };
    // In the order one alternation of both would find them: a word inside an omission is
    // part of it.
    let words = WORDS.find_iter(text).filter(|w| {
        !omitted
            .iter()
            .any(|o| o.start() <= w.start() && w.start() < o.end())
    });
    let mut found: Vec<regex::Match> = omitted.iter().copied().chain(words).collect();
    found.sort_by_key(regex::Match::start);
    for m in found {
        let s = m.as_str();
        let before = char_before(text, m.start());
        let after = char_at(text, m.end());
        let keep = if s.starts_with('某') {
            !before.is_some_and(|c| SURNAMES.contains(c))
        } else if s == "待定" {
            // 待定系数法 and the like: a Han character right after means a longer word.
            !after.is_some_and(is_han)
        } else if s.ends_with('略') && !s.starts_with(['（', '(', '【', '[']) {
            // "……略有增长" is prose; "……略" at the end of a phrase is an omission mark.
            !after.is_some_and(is_han)
        } else if s.starts_with(['T', 'F']) {
            let (ls, le) = line_bounds(text, m.start());
            !before.is_some_and(|c| c.is_ascii_alphanumeric())
                && !after.is_some_and(|c| c.is_ascii_alphanumeric())
                && text[ls..le].chars().any(is_han)
        } else {
            true
        };
        if keep {
            out.push(hit(m.start(), s));
        }
    }
    underscores(text, out);
}

/// Whether an ASCII `XX` run at `start..end` sits in Chinese or numeric context and is
/// not part of a Latin word (`XXL`, `XXXL`, `XX-Large`, `Xbox`).
fn latin_x_in_context(text: &str, start: usize, end: usize) -> bool {
    let run = &text[start..end];
    // Mixed case (`xXx`) is not how templates write placeholders.
    if !(run.bytes().all(|b| b == b'X') || run.bytes().all(|b| b == b'x')) {
        return false;
    }
    let before = char_before(text, start);
    let after = char_at(text, end);
    if before.is_some_and(|c| c.is_ascii_alphabetic())
        || after.is_some_and(|c| c.is_ascii_alphabetic())
    {
        return false;
    }
    // Allow one space between the run and its context: "XX 村", "共 XX 人".
    let near_before = match before {
        Some(' ') => char_before(text, start - 1),
        c => c,
    };
    let near_after = match after {
        Some(' ') => char_at(text, end + 1),
        c => c,
    };
    [near_before, near_after]
        .into_iter()
        .flatten()
        .any(|c| is_cjk(c) || c.is_ascii_digit())
}

/// Fill-in blanks: underscores between Han characters or digits are never Markdown
/// emphasis (CommonMark forbids intraword `_` emphasis) and so are published literally;
/// four or more next to a Han character are a blank line to fill in (`____年`).
fn underscores(text: &str, out: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(rel) = bytes[i..].iter().position(|&b| b == b'_') {
        let start = i + rel;
        let end = start + bytes[start..].iter().take_while(|&&b| b == b'_').count();
        i = end;
        let word = |c: Option<char>| c.is_some_and(|c| is_han(c) || c.is_ascii_digit());
        let before = char_before(text, start);
        let after = char_at(text, end);
        let both = word(before) && word(after) && (is_han_opt(before) || is_han_opt(after));
        let long = end - start >= 4
            && (is_han_opt(before) || is_han_opt(after))
            && !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric());
        if both || long {
            out.push(hit(start, &text[start..end]));
        }
    }
}

fn is_han_opt(c: Option<char>) -> bool {
    c.is_some_and(is_han)
}

fn hit(offset: usize, matched: &str) -> Hit {
    Hit::new(
        offset,
        RULE,
        matched,
        Texts {
            message_zh: format!("“{matched}”疑似模板中未替换的占位内容"),
            message_en: format!("\"{matched}\" looks like a placeholder left over from a template"),
            hint_zh: "请替换为真实内容；如确需保留，在该行或上一行加 <!-- jianbao-ignore: placeholder -->".into(),
            hint_en: "Replace it with the real content; if it is intended, add <!-- jianbao-ignore: placeholder --> on or above the line".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn found(s: &str) -> Vec<String> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == "placeholder")
            .map(|f| f.matched)
            .collect()
    }

    #[test]
    fn x_runs_in_chinese_context() {
        assert_eq!(found("助力XX余个行政村"), ["XX"]);
        assert_eq!(found("XX村"), ["XX"]);
        assert_eq!(found("XX年XX月"), ["XX", "XX"]);
        assert_eq!(found("共 xxx 人参加"), ["xxx"]);
        assert_eq!(found("〔20XX〕号"), ["XX"]);
        assert_eq!(found("“XX”"), ["XX"]);
        assert_eq!(found("ＸＸ县"), ["ＸＸ"]);
        assert_eq!(found("××县人民政府"), ["××"]);
    }

    #[test]
    fn x_runs_in_latin_words_are_fine() {
        assert!(found("尺码为XXL和XXXL两种").is_empty());
        assert!(found("XX-Large size only").is_empty());
        assert!(found("配备Xbox手柄").is_empty());
        assert!(found("Call xx now").is_empty());
        assert!(found("2×3的矩阵").is_empty());
        assert!(found("单个X号").is_empty());
    }

    #[test]
    fn x_in_code_is_fine() {
        assert!(found("变量`XX年`见代码").is_empty());
        assert!(found("```\nXX村\n```").is_empty());
        assert!(found("见[链接](https://a.gov.cn/XX村)").is_empty());
    }

    #[test]
    fn mouxmou_but_not_anonymised_names() {
        assert_eq!(found("某某村党支部"), ["某某"]);
        assert_eq!(found("在某某县召开"), ["某某"]);
        assert!(found("当事人王某某、李某某").is_empty());
        assert!(found("某种程度上，某些地方").is_empty());
    }

    #[test]
    fn words_and_marks() {
        assert_eq!(found("汉政办发〔〕12号"), ["〔〕"]);
        assert_eq!(found("时间待定。"), ["待定"]);
        assert_eq!(found("此处填写单位名称"), ["此处填写"]);
        assert_eq!(found("请在此插入图片"), ["请在此插入"]);
        assert_eq!(found("正文（略）。"), ["（略）"]);
        assert_eq!(found("实 ……略…… 重道远"), ["……略……"]);
        assert_eq!(found("前文…略…后文"), ["…略…"]);
        assert_eq!(found("[待补充]"), ["[待补充]"]);
        assert_eq!(found("材料待补充"), ["待补充"]);
        assert_eq!(found("TODO：补充数据"), ["TODO"]);
        // Omissions and words together, each once, in the order of the text.
        assert_eq!(
            found("地点待定，日期【待定】，内容……略……，此处填写，（待补充）"),
            ["待定", "【待定】", "……略……", "此处填写", "（待补充）"]
        );
    }

    #[test]
    fn ordinary_words_are_fine() {
        assert!(found("提高待遇，对待群众，期待未来，待人接物，等待").is_empty());
        assert!(found("用待定系数法求解").is_empty());
        assert!(found("增长……略有放缓").is_empty());
        assert!(found("策略、战略、简略").is_empty());
        assert!(found("TODO list in English").is_empty());
        assert!(found("汉政办发〔2021〕88号").is_empty());
        assert!(found("TODOS列表").is_empty());
    }

    #[test]
    fn underscores() {
        assert_eq!(found("高知_等重点人群"), ["_"]);
        assert_eq!(found("____年__月__日"), ["____", "__", "__"]);
        assert!(found("__加粗__").is_empty());
        assert!(found("file_name 与 a_b").is_empty());
    }
}
