//! `emphasis-unrendered` (warning): `**` or `~~` that cannot pair up and would be
//! published as literal asterisks or tildes.
//!
//! This is a balance check, not a CommonMark parser: within a block (paragraph, heading,
//! list item, table row) the strong (`**`, `***`) and strikethrough (`~~`) delimiters
//! are counted after masking, and when a kind has an odd count its last delimiter is
//! reported. Balanced pairs are never reported: the site renderer already fixes the
//! CJK cases pulldown-cmark gets wrong (`**注意：**正文`), so only truly unbalanced
//! delimiters remain a problem. Not counted: runs of four or more (`138****8000`),
//! runs between two digits (`1101**1234`, masked data), escaped `\*\*`, and thematic
//! breaks (`***`, `* * *`).

use super::{Ctx, Hit, Texts};

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    if !text.contains("**") && !text.contains("~~") {
        return;
    }
    for &(start, end) in ctx.blocks() {
        let block = &text[start..end];
        if !block.contains("**") && !block.contains("~~") {
            continue;
        }
        let mut strong: Vec<usize> = Vec::new();
        let mut strike: Vec<usize> = Vec::new();
        let mut line_start = 0;
        for line in block.split_inclusive('\n') {
            if !is_thematic_break(line) {
                delimiters(
                    block,
                    line_start,
                    line_start + line.len(),
                    &mut strong,
                    &mut strike,
                );
            }
            line_start += line.len();
        }
        for (list, mark) in [(&strong, "**"), (&strike, "~~")] {
            if list.len() % 2 == 1
                && let Some(&last) = list.last()
            {
                out.push(hit(start + last, mark));
            }
        }
    }
}

fn is_thematic_break(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && (t.bytes().all(|b| b == b'*')
            || t.bytes().all(|b| b == b'-')
            || t.bytes().all(|b| b == b'_'))
}

/// Collects delimiter runs in `block[from..to]` (one line) as offsets into `block`.
fn delimiters(
    block: &str,
    from: usize,
    to: usize,
    strong: &mut Vec<usize>,
    strike: &mut Vec<usize>,
) {
    let b = block.as_bytes();
    let mut i = from;
    while i < to {
        let c = b[i];
        if c != b'*' && c != b'~' {
            i += 1;
            continue;
        }
        let run = b[i..to].iter().take_while(|&&x| x == c).count();
        let escaped = i > 0 && b[i - 1] == b'\\';
        let between_digits =
            i > 0 && b[i - 1].is_ascii_digit() && b.get(i + run).is_some_and(u8::is_ascii_digit);
        if !escaped && !between_digits {
            match (c, run) {
                (b'*', 2 | 3) => strong.push(i),
                (b'~', 2) => strike.push(i),
                _ => {}
            }
        }
        i += run;
    }
}

fn hit(offset: usize, mark: &str) -> Hit {
    Hit::new(
        offset,
        "emphasis-unrendered",
        mark,
        Texts {
            message_zh: format!("“{mark}”找不到配对的结束标记，发布后会原样显示"),
            message_en: format!("\"{mark}\" has no matching delimiter and will be shown literally"),
            hint_zh: format!("补上配对的“{mark}”，或删除多余的标记（如需显示符号本身，写作“\\{}”）", mark.chars().next().unwrap_or('*')),
            hint_en: "Add the matching delimiter or remove the stray one (escape it with a backslash to show it)".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn em(s: &str) -> Vec<(usize, usize, String)> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == "emphasis-unrendered")
            .map(|f| (f.line, f.col, f.matched))
            .collect()
    }

    #[test]
    fn unbalanced_is_reported() {
        assert_eq!(em("这是**重要内容"), [(1, 3, "**".to_string())]);
        assert_eq!(em("**甲**和**乙"), [(1, 7, "**".to_string())]);
        assert_eq!(em("删除~~旧文字"), [(1, 3, "~~".to_string())]);
        assert_eq!(em("# 标题**\n\n正文"), [(1, 5, "**".to_string())]);
    }

    #[test]
    fn balanced_and_non_delimiters_are_fine() {
        for s in [
            "**注意：**正文",
            "这是**“重要”**内容",
            "**中文。**后面",
            "~~删除（括号）。~~继续",
            "***加粗斜体***",
            "**跨行\n加粗**",
            "电话138****8000，证件1101**********1234",
            "masked 1101**1234",
            "***\n\n正文",
            "* * *",
            "转义\\*\\*不算",
            "`**代码**` 与 `**`",
            "2*3=6",
        ] {
            assert!(em(s).is_empty(), "{s}: {:?}", em(s));
        }
    }
}
