//! `paragraph-run-on` (warning): one Markdown paragraph that was almost certainly meant as many.
//!
//! Text copied from Word or WPS arrives one line per paragraph, and Markdown joins lines without
//! a blank line between them into a single paragraph: a whole speech, headings included, becomes
//! one block of text. A paragraph is reported when it has at least three lines and either a line
//! after the first looks like a GB/T 9704 heading (`一、`, `（一）`, `第一章` …), or several of
//! its lines end a sentence (`。`, `！`, `？`, `；`) and it is long. Pages and sites that set
//! `line_breaks: paragraph` read every line as a paragraph, and `check` drops this rule there.

use super::{Ctx, Hit, Texts};
use crate::content::numbering::convention_level;

/// A paragraph shorter than this (in characters) is not reported for sentence ends alone.
const LONG_PARAGRAPH: usize = 150;

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    for &(start, end) in ctx.blocks() {
        let block = &text[start..end];
        let lines: Vec<(usize, &str)> = line_offsets(block);
        if lines.len() < 3 || starts_structure(lines[0].1) {
            continue;
        }
        let heading_line = lines[1..]
            .iter()
            .find(|(_, l)| convention_level(l.trim_start_matches('\u{3000}')).is_some());
        let sentence_ends = lines[..lines.len() - 1]
            .iter()
            .filter(|(_, l)| l.trim_end().ends_with(['。', '！', '？', '；']))
            .count();
        let long = block.chars().count() >= LONG_PARAGRAPH;
        if let Some((offset, _)) = heading_line {
            out.push(hit(start + offset, lines.len()));
        } else if sentence_ends >= 2 && long {
            out.push(hit(start, lines.len()));
        }
    }
}

fn line_offsets(block: &str) -> Vec<(usize, &str)> {
    let mut offset = 0;
    block
        .split('\n')
        .map(|line| {
            let at = offset;
            offset += line.len() + 1;
            (at, line)
        })
        .filter(|(_, line)| !line.trim().is_empty())
        .collect()
}

/// Blocks that are not running text: lists, tables, HTML, fenced code.
fn starts_structure(first: &str) -> bool {
    let t = first.trim_start();
    t.starts_with(['-', '*', '+', '|', '<', '`', '~', '#'])
        || t.split_once(". ")
            .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
}

fn hit(offset: usize, lines: usize) -> Hit {
    Hit::new(
        offset,
        "paragraph-run-on",
        String::new(),
        Texts {
            message_zh: format!(
                "这一段有 {lines} 行却没有空行分开，发布后会连成一大段（常见于从 Word 复制的文字）"
            ),
            message_en: format!(
                "this paragraph has {lines} lines and no blank line between them; it will be published as one block (typical of text copied from Word)"
            ),
            hint_zh: "在每段之间加一个空行；或在本页前置信息中写 `line_breaks: paragraph`（全站可在 site.yaml 的 markdown 下设置），让每一行各成一段".to_string(),
            hint_en: "put a blank line between paragraphs; or set `line_breaks: paragraph` in this page's front matter (or under markdown in site.yaml for the whole site) so each line is a paragraph".to_string(),
        },
    )
}

#[cfg(test)]
mod tests {
    use crate::check::rules::{RuleConfig, scan_markdown};

    fn rules(body: &str) -> Vec<(&'static str, usize)> {
        scan_markdown(body, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == "paragraph-run-on")
            .map(|f| (f.rule, f.line))
            .collect()
    }

    #[test]
    fn a_pasted_speech_is_one_paragraph_too_many() {
        let speech = "同志们：\n今天召开全县驻村工作推进会。\n一、充分肯定成绩\n今年以来，全县驻村工作取得新进展。\n";
        assert_eq!(rules(speech), [("paragraph-run-on", 3)]);
        let long =
            "今年以来，全县驻村工作队坚持问题导向，扎实推进各项工作，取得明显成效。\n".repeat(6);
        assert_eq!(rules(&long), [("paragraph-run-on", 1)]);
    }

    #[test]
    fn wrapped_prose_lists_and_short_paragraphs_pass() {
        assert!(rules("第一段。\n\n第二段。\n\n第三段。\n").is_empty());
        assert!(rules("今年以来，全县驻村\n工作队坚持问题导向，\n扎实推进各项工作。\n").is_empty());
        assert!(rules("- 一、甲\n- 二、乙\n- 三、丙\n").is_empty());
    }
}
