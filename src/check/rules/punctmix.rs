//! More half-width punctuation in Chinese text, beside what `punctuation.rs` finds:
//! - `punctuation-halfwidth`: `,;:!?` right after a closing bracket of a Chinese clause
//!   (`（2024年）,`, `(试行),`), and half-width brackets around a Chinese item number
//!   (`(一)`, `(十二)`);
//! - `punctuation-mixed` (warning): a half-width and a full-width mark side by side
//!   (`，.`, `。,`, `：:`), which is always a slip.
//!
//! [`fixes`] gives the mechanical repairs `check --fix` applies: each half-width mark in
//! Chinese context becomes its full-width form.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts, char_at, char_before, is_cjk, is_cjk_punct, is_han};

static ITEM_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([一二三四五六七八九十]{1,3})\)").expect("constant regex"));

/// Full-width marks that must not stand beside a half-width one.
fn is_full_mark(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | '：' | '！' | '？' | '、')
}

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    for m in ITEM_NUMBER.find_iter(text) {
        if char_at(text, m.end()).is_some_and(|c| is_han(c) || c == ' ') {
            out.push(halfwidth(
                m.start(),
                m.as_str(),
                &format!("（{}）", &m.as_str()[1..m.len() - 1]),
            ));
        }
    }
    // Half-width marks are ASCII: walk the bytes, not the chars.
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if !matches!(b, b',' | b';' | b':' | b'!' | b'?' | b'.') {
            continue;
        }
        let c = b as char;
        let before = char_before(text, i);
        // `，.` `。,` `,，`: a half-width and a full-width mark side by side. `…,` and `3.` are not.
        let after_full = before.is_some_and(is_full_mark);
        let before_full = c != '.' && char_at(text, i + 1).is_some_and(is_full_mark);
        if after_full || before_full {
            let start = if after_full {
                i - before.map_or(0, char::len_utf8)
            } else {
                i
            };
            let end = if after_full {
                i + 1
            } else {
                i + 1 + '，'.len_utf8()
            };
            let s = &text[start..end];
            out.push(Hit::new(
                start,
                "punctuation-mixed",
                s,
                Texts {
                    message_zh: format!("全角与半角标点连在一起：“{s}”"),
                    message_en: format!("A full-width and a half-width mark side by side: \"{s}\""),
                    hint_zh: "只保留一个全角标点".into(),
                    hint_en: "Keep one full-width mark".into(),
                },
            ));
            continue;
        }
        if c == '.' || !matches!(before, Some(')' | '）' | '”' | '》' | '】')) {
            continue;
        }
        // The clause inside the bracket or quote must be Chinese.
        let open = text[..i].rfind(['(', '（', '“', '《', '【']);
        let chinese = open.is_some_and(|o| text[o..i].chars().any(is_han));
        let after = char_at(text, i + 1);
        let continues = after.is_none_or(|a| a == '\n' || is_cjk(a) || a == ' ');
        if chinese && continues {
            let fw = fullwidth(c);
            out.push(halfwidth(i, &c.to_string(), &fw.to_string()));
        }
    }
}

fn fullwidth(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '!' => '！',
        '?' => '？',
        '(' => '（',
        ')' => '）',
        '.' => '。',
        other => other,
    }
}

fn halfwidth(at: usize, wrong: &str, right: &str) -> Hit {
    Hit::new(
        at,
        "punctuation-halfwidth",
        wrong,
        Texts {
            message_zh: format!("中文里用了半角标点“{wrong}”"),
            message_en: format!("Half-width punctuation \"{wrong}\" in Chinese text"),
            hint_zh: format!("改为全角“{right}”（jianbao check --fix 可自动改）"),
            hint_en: format!("Use the full-width \"{right}\" (jianbao check --fix changes it)"),
        },
    )
}

/// Half-width marks in Chinese context, as `(byte range, full-width form)`, read from the
/// masked text so code, URLs and HTML are never touched: `,;:!?` after a Chinese character or
/// closing mark and before Chinese (or a line end), `.` ending a Chinese sentence at a line end,
/// and `(`…`)` around a Chinese item number or a Chinese phrase.
pub(crate) fn fixes(masked: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    for m in ITEM_NUMBER.find_iter(masked) {
        out.push((m.start()..m.start() + 1, "（".to_string()));
        out.push((m.end() - 1..m.end(), "）".to_string()));
    }
    for (i, c) in masked.char_indices() {
        if !matches!(c, ',' | ';' | ':' | '!' | '?' | '.') {
            continue;
        }
        let before = char_before(masked, i);
        let after = char_at(masked, i + 1);
        let cjk_before = before.is_some_and(|b| {
            is_han(b)
                || (is_cjk_punct(b) && !matches!(b, '…' | '—'))
                || b == ')' && paren_is_chinese(masked, i)
        });
        let cjk_after =
            after.is_none_or(|a| a == '\n' || a == '\r' || is_han(a) || a == '“' || a == '《');
        let ok = if c == '.' {
            cjk_before && before.is_some_and(is_han) && after.is_none_or(|a| a == '\n' || a == '\r')
        } else {
            cjk_before && cjk_after
        };
        if ok
            && !out
                .iter()
                .any(|(r, _): &(std::ops::Range<usize>, String)| r.start == i)
        {
            out.push((i..i + 1, fullwidth(c).to_string()));
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

fn paren_is_chinese(text: &str, close: usize) -> bool {
    let close = close - 1;
    text[..close]
        .rfind('(')
        .is_some_and(|o| text[o..close].chars().any(is_han))
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn found(s: &str) -> Vec<(&'static str, String)> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule.starts_with("punctuation"))
            .map(|f| (f.rule, f.matched))
            .collect()
    }

    #[test]
    fn brackets_and_mixed_runs() {
        assert!(found("(一)组织建设").iter().any(|(_, m)| m == "(一)"));
        assert!(
            found("完成任务，.下一步")
                .iter()
                .any(|(r, _)| *r == "punctuation-mixed")
        );
        assert!(
            found("《办法（试行）》,请遵照")
                .iter()
                .any(|(_, m)| m == ",")
        );
    }

    #[test]
    fn numbers_and_english_are_fine() {
        for s in [
            "(1) First item. (2) Second.",
            "3.14，1,000人",
            "见附件。",
            "China (PRC), Beijing",
        ] {
            assert!(found(s).is_empty(), "{s}: {:?}", found(s));
        }
    }

    #[test]
    fn fixes_turn_halfwidth_into_fullwidth() {
        let text = "同志们:\n(一)组织建设,持之以恒.\n3.14 and a,b";
        let masked = super::super::mask_markdown(text).text;
        let mut fixed = text.to_string();
        for (range, rep) in super::fixes(&masked).into_iter().rev() {
            fixed.replace_range(range, &rep);
        }
        assert_eq!(fixed, "同志们：\n（一）组织建设，持之以恒。\n3.14 and a,b");
    }
}
