//! `doc-number-bracket` (error): a document number whose year sits in the wrong brackets.
//!
//! GB/T 9704-2012 writes the year of a document number in hexagonal brackets `〔〕`.
//! Text copied from Word or web pages brings `﹝﹞` (small-form brackets, which look alike
//! but are other characters, so search and the document-number check do not recognise
//! them) or the `„‟` a broken font conversion leaves; `doc-number` reads `[]`, `［］`, `【】`,
//! `()` and `（）` already, but not these two, so this rule reports them. [`fixes`] (used by
//! `check --fix`) repairs every shape — an issuer abbreviation ending in 发/字/函/办/文/令/通/复 (or any
//! 1–10 Chinese characters before a year of 1949–2099) followed by `号` — and names the fix.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts};

static WRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han}{1,10})([﹝\[［【(（„])((?:19[4-9]|20\d)\d)([﹞\]］】)）‟])(\d{1,4})号")
        .expect("constant regex")
});

/// One wrong document number: where it starts (the issuer cut to its last six characters),
/// where it ends, and its fixed form.
struct Wrong {
    start: usize,
    end: usize,
    fixed: String,
}

fn find(text: &str) -> Vec<Wrong> {
    let mut out = Vec::new();
    for caps in WRONG.captures_iter(text) {
        let (Some(whole), Some(issuer)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        // `（2024）` after an issuer ending in 字/发/函… is a number; after other words,
        // round brackets are usually a year in prose.
        let round = matches!(&caps[2], "(" | "（");
        if round
            && !issuer
                .as_str()
                .ends_with(['发', '字', '函', '办', '令', '复', '通'])
        {
            continue;
        }
        // The regex takes every Chinese character before the year; an issuer's
        // abbreviation is at most five of them, and not a preposition before it.
        let mut skip = issuer
            .as_str()
            .char_indices()
            .rev()
            .nth(4)
            .map_or(0, |(i, _)| i);
        let mut issuer = &issuer.as_str()[skip..];
        while issuer.chars().count() >= 3
            && let Some(rest) =
                issuer.strip_prefix(['据', '照', '和', '及', '与', '依', '按', '见', '的'])
        {
            skip += issuer.len() - rest.len();
            issuer = rest;
        }
        out.push(Wrong {
            start: caps.get(1).map_or(whole.start(), |m| m.start()) + skip,
            end: whole.end(),
            fixed: format!("{issuer}〔{}〕{}号", &caps[3], &caps[5]),
        });
    }
    out
}

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    if !text.contains(['﹝', '„']) {
        return;
    }
    for Wrong { start, end, fixed } in find(text) {
        let wrong = &text[start..end];
        // `[]`, `（）`, `【】` and friends are read and reported by `doc-number` already.
        if !wrong.contains(['﹝', '„']) {
            continue;
        }
        out.push(Hit::new(
            start,
            "doc-number-bracket",
            wrong,
            Texts {
                message_zh: format!("发文字号的年份括号不对：“{wrong}”"),
                message_en: format!("Wrong brackets around the year of a document number: \"{wrong}\""),
                hint_zh: format!("按 GB/T 9704-2012 用六角括号“〔〕”：{fixed}（jianbao check --fix 可自动改）"),
                hint_en: format!("GB/T 9704-2012 uses the hexagonal brackets 〔〕: {fixed} (jianbao check --fix changes it)"),
            },
        ));
    }
}

/// The fixed form of every wrong document number in `text`: `(byte range, replacement)`.
/// `masked` is the masked copy of the text, so code and URLs are never changed.
pub(crate) fn fixes(masked: &str) -> Vec<(std::ops::Range<usize>, String)> {
    find(masked)
        .into_iter()
        .map(|w| (w.start..w.end, w.fixed))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn found(s: &str) -> Vec<String> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == "doc-number-bracket")
            .map(|f| f.matched)
            .collect()
    }

    #[test]
    fn wrong_brackets() {
        assert_eq!(found("（中发﹝2015﹞34号）"), ["中发﹝2015﹞34号"]);
        assert_eq!(found("依据中发﹝2015﹞34号"), ["中发﹝2015﹞34号"]);
        assert_eq!(found("国办发„2009‟3号"), ["国办发„2009‟3号"]);
        // Reported by `doc-number`, fixed by `--fix`.
        assert!(found("中青办发[2005]13号").is_empty());
        assert_eq!(super::fixes("湘政发（2019）5号")[0].1, "湘政发〔2019〕5号");
    }

    #[test]
    fn right_brackets_and_prose() {
        assert!(found("湘政办发〔2009〕24号").is_empty());
        assert!(found("规划（2021）3号楼").is_empty());
        assert!(found("[2024]").is_empty());
    }

    #[test]
    fn fixes_replace_the_brackets_only() {
        let text = "依据中青办发[2005]13号和国发﹝2014﹞45号。";
        let fixes = super::fixes(text);
        assert_eq!(fixes.len(), 2);
        assert_eq!(fixes[0].1, "中青办发〔2005〕13号");
        assert_eq!(&text[fixes[1].0.clone()], "国发﹝2014﹞45号");
    }
}
