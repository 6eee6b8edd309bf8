//! Chinese punctuation: `punctuation-halfwidth`, `punctuation-unmatched`,
//! `punctuation-doubled` (all warnings), following GB/T 15834-2011.
//!
//! - **halfwidth**: `,.?!:;` written after a Chinese character (or a closing Chinese
//!   quote/bracket) where Chinese continues or the line ends: `我们,你们`, `完成.下一步`,
//!   `同志们:`. Numbers (`3.14`, `1,000`), times (`10:30`), English sentences and `...`
//!   keep their ASCII punctuation because a digit or Latin letter precedes it. URLs and
//!   code are masked before this runs.
//! - **unmatched**: “” ‘’ 《》 （） 【】 「」 『』 〔〕 〈〉 that do not pair up within a
//!   block (paragraph, heading, list item, table row). The unpaired one is reported.
//!   `’` between Latin letters is an apostrophe, and `1）` / `二）` at the start of an
//!   item are list numbering.
//! - **doubled**: two or more of `，。、；：` in a row. `……` and `——` are single marks
//!   written with two characters and are never reported, and neither are `？？`/`！！`,
//!   which GB/T 15834 allows for emphasis.
//!
//! These rules are written here rather than taken from the `autocorrect` crate (2.14):
//! its lint API returns whole-line old/new pairs (column always 1, no rule name), mixes
//! in CJK–Latin spacing rules that GB/T 15834 does not ask for and that can only be
//! switched off through its process-global config, has no pairing check, pulls in about
//! 95 crates (pest, serde_yaml, ignore, …) and linted 4 MB in about 3 s.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts, char_at, char_before, is_cjk, is_cjk_punct, is_han};

static DOUBLED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[，。、；：]{2,}").expect("constant regex"));

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    halfwidth(text, out);
    unmatched(text, ctx.blocks(), out);
    for m in DOUBLED.find_iter(text) {
        let s = m.as_str();
        let first = s.chars().next().unwrap_or('，');
        out.push(Hit::new(
            m.start(),
            "punctuation-doubled",
            s,
            Texts {
                message_zh: format!("标点重复：“{s}”"),
                message_en: format!("Doubled punctuation: \"{s}\""),
                hint_zh: format!("只保留一个“{first}”；省略号应写作“……”"),
                hint_en: format!("Keep a single \"{first}\"; write an ellipsis as \"……\""),
            },
        ));
    }
}

fn fullwidth_of(b: u8) -> char {
    match b {
        b',' => '，',
        b'.' => '。',
        b'?' => '？',
        b'!' => '！',
        b':' => '：',
        _ => '；',
    }
}

/// Skips emphasis delimiters, which sit between a word and its punctuation in Markdown.
fn before_skipping_marks(text: &str, mut at: usize) -> Option<char> {
    loop {
        match char_before(text, at) {
            Some(c @ ('*' | '~')) => at -= c.len_utf8(),
            c => return c,
        }
    }
}

fn after_skipping(text: &str, mut at: usize) -> Option<char> {
    loop {
        match char_at(text, at) {
            Some(c @ ('*' | '~' | ' ' | '\t')) => at += c.len_utf8(),
            c => return c,
        }
    }
}

fn halfwidth(text: &str, out: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if !matches!(b, b',' | b'.' | b'?' | b'!' | b':' | b';') {
            continue;
        }
        // "..." and ".." are an (English) ellipsis, not a full stop.
        if b == b'.' && (bytes.get(i + 1) == Some(&b'.') || (i > 0 && bytes[i - 1] == b'.')) {
            continue;
        }
        let Some(prev) = before_skipping_marks(text, i) else {
            continue;
        };
        if !(is_han(prev) || matches!(prev, '”' | '’' | '）' | '》' | '】' | '」' | '』' | '〕'))
        {
            continue;
        }
        let next = after_skipping(text, i + 1);
        let flag = match next {
            None | Some('\n' | '\r') => true,
            Some(c) if is_cjk(c) => true,
            // "截至2026年,2个项目" / "时间:10:30": a digit after a Chinese clause.
            Some(c) if c.is_ascii_digit() => matches!(b, b',' | b';' | b':'),
            _ => false,
        };
        if !flag {
            continue;
        }
        let half = b as char;
        let full = fullwidth_of(b);
        out.push(Hit::new(
            i,
            "punctuation-halfwidth",
            half.to_string(),
            Texts {
                message_zh: format!("中文语句中使用了半角标点“{half}”"),
                message_en: format!("Half-width \"{half}\" inside Chinese text"),
                hint_zh: format!("改为全角“{full}”"),
                hint_en: format!("Use the full-width \"{full}\""),
            },
        ));
    }
}

fn closer_of(c: char) -> Option<char> {
    Some(match c {
        '“' => '”',
        '‘' => '’',
        '《' => '》',
        '（' => '）',
        '【' => '】',
        '「' => '」',
        '『' => '』',
        '〔' => '〕',
        '〈' => '〉',
        _ => return None,
    })
}

fn opener_of(c: char) -> Option<char> {
    Some(match c {
        '”' => '“',
        '’' => '‘',
        '》' => '《',
        '）' => '（',
        '】' => '【',
        '」' => '「',
        '』' => '『',
        '〕' => '〔',
        '〉' => '〈',
        _ => return None,
    })
}

fn unmatched(text: &str, blocks: &[(usize, usize)], out: &mut Vec<Hit>) {
    for &(start, end) in blocks {
        let block = &text[start..end];
        let mut stack: Vec<(char, usize)> = Vec::new();
        for (rel, c) in block.char_indices() {
            let at = start + rel;
            if matches!(c, '’' | '‘') && is_apostrophe(text, at, c) {
                continue;
            }
            if closer_of(c).is_some() {
                stack.push((c, at));
            } else if let Some(open) = opener_of(c) {
                if let Some(pos) = stack.iter().rposition(|&(o, _)| o == open) {
                    // Openers above the match were never closed.
                    for &(o, o_at) in &stack[pos + 1..] {
                        out.push(unmatched_hit(o, o_at));
                    }
                    stack.truncate(pos);
                } else if !(c == '）' && is_list_number(text, at)) {
                    out.push(unmatched_hit(c, at));
                }
            }
        }
        for (o, o_at) in stack {
            out.push(unmatched_hit(o, o_at));
        }
    }
}

/// `’` between Latin letters ("China’s") is an apostrophe, not a quotation mark.
fn is_apostrophe(text: &str, at: usize, c: char) -> bool {
    let before = char_before(text, at);
    let after = char_at(text, at + c.len_utf8());
    before.is_some_and(|b| b.is_ascii_alphanumeric())
        && after.is_some_and(|a| a.is_ascii_alphabetic())
}

/// `1）`, `a）`, `十二）` at the start of a line or clause: list numbering, which uses
/// only the closing bracket.
fn is_list_number(text: &str, at: usize) -> bool {
    let mut i = at;
    let mut n = 0;
    while let Some(c) = char_before(text, i) {
        if c.is_ascii_alphanumeric() || "一二三四五六七八九十".contains(c) {
            i -= c.len_utf8();
            n += 1;
            if n > 3 {
                return false;
            }
        } else {
            break;
        }
    }
    n > 0
        && match char_before(text, i) {
            None => true,
            Some(c) => {
                c.is_whitespace() || (is_cjk_punct(c) && !matches!(c, '（' | '“')) || c == '>'
            }
        }
}

fn unmatched_hit(c: char, at: usize) -> Hit {
    let (is_open, other) = match closer_of(c) {
        Some(close) => (true, close),
        None => (false, opener_of(c).unwrap_or(c)),
    };
    let (zh, en) = if is_open {
        (
            format!("“{c}”没有对应的“{other}”"),
            format!("\"{c}\" has no matching \"{other}\""),
        )
    } else {
        (
            format!("“{c}”前面没有对应的“{other}”"),
            format!("\"{c}\" has no matching \"{other}\" before it"),
        )
    };
    Hit::new(
        at,
        "punctuation-unmatched",
        c.to_string(),
        Texts {
            message_zh: format!("标点不成对：{zh}"),
            message_en: format!("Unpaired punctuation: {en}"),
            hint_zh: "补全或删除成对标点（引号、书名号、括号须在同一段内成对）".into(),
            hint_en: "Add the missing half or remove the stray one; pairs must close within the paragraph".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn rule(s: &str, rule: &str) -> Vec<(usize, String)> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| (f.col, f.matched))
            .collect()
    }

    fn hw(s: &str) -> Vec<(usize, String)> {
        rule(s, "punctuation-halfwidth")
    }

    #[test]
    fn halfwidth_in_chinese() {
        assert_eq!(hw("我们,你们"), [(3, ",".to_string())]);
        assert_eq!(hw("完成.下一步"), [(3, ".".to_string())]);
        assert_eq!(hw("同志们:"), [(4, ":".to_string())]);
        assert_eq!(hw("是吗?是的!").len(), 2);
        assert_eq!(hw("如下;“一是”").len(), 1);
        assert_eq!(hw("截至2026年,2个项目完成").len(), 1);
        assert_eq!(hw("**注意**:正文").len(), 1);
        assert_eq!(hw("他说“好”,然后走了").len(), 1);
    }

    #[test]
    fn halfwidth_near_misses() {
        for s in [
            "圆周率约为3.14，共1,000人",
            "会议于10:30开始",
            "Hello, world. This is fine!",
            "详见https://www.gov.cn/a,b.html。",
            "使用`a,b`参数",
            "版本v2.0发布",
            "等等...",
            "他说了很多...然后",
            "1. 第一项",
            "e.g. 例如",
        ] {
            assert!(hw(s).is_empty(), "{s}: {:?}", hw(s));
        }
    }

    #[test]
    fn unmatched_pairs() {
        let u = |s: &str| rule(s, "punctuation-unmatched");
        assert_eq!(u("他说“你好"), [(3, "“".to_string())]);
        assert_eq!(u("学习《条例的精神"), [(3, "《".to_string())]);
        assert_eq!(u("内容）后续"), [(3, "）".to_string())]);
        assert_eq!(u("“一个《书”"), [(4, "《".to_string())]);
        assert_eq!(u("【通知"), [(1, "【".to_string())]);
        // Pairs close per paragraph.
        assert_eq!(u("第一段“开始\n\n第二段”结束").len(), 2);
    }

    #[test]
    fn matched_pairs_and_exceptions() {
        let u = |s: &str| rule(s, "punctuation-unmatched");
        for s in [
            "学习《关于（试行）办法的通知》和“三会一课”制度",
            "“第一行\n第二行”同一段",
            "China’s economy，Xi’an",
            "1）第一项；2）第二项",
            "一）总体要求",
            "汉政办发〔2021〕88号",
            "‘单引号’与【方括号】",
        ] {
            assert!(u(s).is_empty(), "{s}: {:?}", u(s));
        }
    }

    #[test]
    fn doubled() {
        let d = |s: &str| rule(s, "punctuation-doubled");
        assert_eq!(d("完成，，下一步"), [(3, "，，".to_string())]);
        assert_eq!(d("结束。。"), [(3, "。。".to_string())]);
        assert_eq!(d("如下：："), [(3, "：：".to_string())]);
        for s in [
            "等等……",
            "时间——地点",
            "真的吗？？",
            "太好了！！",
            "好。“对”",
        ] {
            assert!(d(s).is_empty(), "{s}");
        }
    }
}
