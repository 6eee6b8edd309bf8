//! `mask-name` (error): asterisks standing for a name.
//!
//! Template sites mask leaders' names, place names and sometimes 党 itself with `*`:
//! `坚持以***新时代中国特色社会主义思想为指导`, `**县**镇党委`, `复员军人***担任村书记`,
//! `加强**建工作`. On a page these are worse than a typo, and Markdown reads them as
//! emphasis: the `emphasis-unrendered` rule would call them broken bold, and a balanced
//! pair turns a whole clause bold. This rule says what they are, and the driver drops
//! `emphasis-unrendered` on the lines it reports.
//!
//! A run of one to three `*` touching a Chinese character is a mask unless it pairs with
//! a run of the same length on its line into something that reads as emphasis: the pair
//! holds at least two Chinese characters, and it starts at the line start, after a space
//! or punctuation, or ends before a space, punctuation or the line end (`**注意：**正文`,
//! `。**一、总体要求**`). Runs between digits (`1101**1234`, masked numbers), escaped
//! `\*`, list bullets and thematic breaks are not masks.

use super::{Ctx, Hit, Texts, char_at, char_before, is_cjk_punct, is_han};

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    if !text.contains('*') {
        return;
    }
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if !line.contains('*') {
            continue;
        }
        if let Some(at) = first_mask(line) {
            let end = line[at..]
                .find(|c: char| c != '*')
                .map_or(line.len(), |e| at + e);
            let after: String = line[end..].chars().take(6).collect();
            out.push(hit(start + at, &format!("{}{after}", &line[at..end])));
        }
    }
}

/// Byte offset of the first masking run on a line, if any.
pub(crate) fn first_mask(line: &str) -> Option<usize> {
    let runs = star_runs(line);
    let mut masked = vec![false; runs.len()];
    for len in 1..=3 {
        let same: Vec<usize> = (0..runs.len()).filter(|&i| runs[i].1 == len).collect();
        let mut k = 0;
        while k < same.len() {
            let i = same[k];
            let pair = same.get(k + 1).map(|&j| (runs[i], runs[j]));
            if pair.is_some_and(|(open, close)| reads_as_emphasis(line, open, close)) {
                k += 2;
                continue;
            }
            let run = runs[i];
            // `**` is ambiguous: a mask only when it hides one character (`**县**镇`) or
            // stands before the rest of a masked word (`**员`, `**镇`); otherwise an
            // unclosed bold, which `emphasis-unrendered` reports.
            let mask = touches_han(line, run)
                && (len != 2
                    || pair.is_some_and(|(open, close)| hides_one_word(line, open, close))
                    || char_at(line, run.0 + run.1).is_some_and(|c| MASKED_WORD_REST.contains(c)));
            if mask {
                masked[i] = true;
                if let Some(&j) = same.get(k + 1)
                    && pair.is_some_and(|(open, close)| hides_one_word(line, open, close))
                {
                    masked[j] = true;
                    k += 1;
                }
            }
            k += 1;
        }
    }
    masked.iter().position(|&m| m).map(|i| runs[i].0)
}

/// `(offset, length)` of every run of `*` on a line that could be a mask.
fn star_runs(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let trimmed = line.trim();
    if trimmed.len() >= 3 && trimmed.bytes().all(|c| c == b'*' || c == b' ') {
        return Vec::new();
    }
    let bullet = line.trim_start().starts_with("* ");
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'*' {
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|&&c| c == b'*').count();
        let escaped = i > 0 && b[i - 1] == b'\\';
        let digits =
            i > 0 && b[i - 1].is_ascii_digit() && b.get(i + run).is_some_and(u8::is_ascii_digit);
        let is_bullet = bullet && line[..i].trim().is_empty() && run == 1;
        if run <= 3 && !escaped && !digits && !is_bullet {
            out.push((i, run));
        }
        i += run;
    }
    out
}

fn touches_han(line: &str, (at, len): (usize, usize)) -> bool {
    char_before(line, at).is_some_and(is_han) || char_at(line, at + len).is_some_and(is_han)
}

fn boundary(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || is_cjk_punct(c) || c.is_ascii_punctuation())
}

/// What follows `**` when it hides a place (`**县`), an office or 党 (`**员`, `**建`, `**委`).
const MASKED_WORD_REST: &str = "省市县区镇乡村街路段局委员建风组支";

/// `**县**镇`, `**村、**村`: a pair around at most one character of a masked word.
fn hides_one_word(line: &str, open: (usize, usize), close: (usize, usize)) -> bool {
    let inner = &line[open.0 + open.1..close.0];
    inner_han(line, open, close) < 2
        && (inner.chars().any(|c| MASKED_WORD_REST.contains(c))
            || char_at(line, close.0 + close.1).is_some_and(|c| MASKED_WORD_REST.contains(c)))
}

fn inner_han(line: &str, open: (usize, usize), close: (usize, usize)) -> usize {
    line[open.0 + open.1..close.0]
        .chars()
        .filter(|&c| is_han(c))
        .count()
}

fn reads_as_emphasis(line: &str, open: (usize, usize), close: (usize, usize)) -> bool {
    let inner = &line[open.0 + open.1..close.0];
    let han = inner_han(line, open, close);
    // A figure or Latin word right after the closing run (`其中*脱贫户*48户`, Word's italics as
    // import writes them) ends the emphasis as a boundary does: a masked name runs on in
    // Chinese characters (`张*同志和李*同志`).
    // A mask stands for Chinese characters, so a pair whose inside starts with a figure
    // (`请于*12月10日前*报送`, an underlined date as import writes it) is emphasis too.
    let after = char_at(line, close.0 + close.1);
    han >= 2
        && !inner.contains('*')
        && (boundary(char_before(line, open.0))
            || boundary(after)
            || after.is_some_and(|c| c.is_ascii_alphanumeric())
            || inner.starts_with(|c: char| c.is_ascii_digit()))
}

fn hit(at: usize, matched: &str) -> Hit {
    Hit::new(
        at,
        "mask-name",
        matched,
        Texts {
            message_zh: format!("星号疑似遮盖了人名、地名或词语：“{matched}”"),
            message_en: format!("Asterisks seem to stand for a name or word: \"{matched}\""),
            hint_zh: "范文网站常用 * 遮盖领导姓名、地名（甚至“党”字），发布后还会被当作加粗标记；请填入真实、准确的名称".into(),
            hint_en: "Template sites mask leaders' names, places (even 党) with *, and Markdown then reads them as emphasis; write the real, exact name".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    #[test]
    fn italics_before_a_figure_are_emphasis_and_masked_names_stay_masks() {
        assert!(
            rules("其中*脱贫户*48户。").is_empty(),
            "{:?}",
            rules("其中*脱贫户*48户。")
        );
        assert!(rules("张*同志和李*同志参加。").contains(&"mask-name"));
        assert!(rules("请于*12月10日前*报送。").is_empty());
    }

    fn rules(s: &str) -> Vec<&'static str> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    #[test]
    fn masks_are_named_as_masks() {
        for s in [
            "我们坚持以***新时代中国特色社会主义思想为指导。",
            "近年来，**县**镇党委、政府在乡村振兴工作中。",
            "让年轻的复员军人***担任村书记。",
            "六、加强**建工作",
            "推进**员活动：组织开展各类**员活动。",
            "成功引进了*农林科技发展有限公司。",
            "涉及xx路社区、**村、**村和xx村。",
        ] {
            let found = rules(s);
            assert!(found.contains(&"mask-name"), "{s}: {found:?}");
            assert!(!found.contains(&"emphasis-unrendered"), "{s}: {found:?}");
        }
    }

    #[test]
    fn emphasis_and_masked_numbers_are_not_masks() {
        for s in [
            "**注意：**请按时报送。",
            "一、**总体要求**",
            "这是**重点工作**，请落实。",
            "这是**重要内容",
            "身份证号4313**********1234，电话139****5678。",
            "* 列表项",
            "***",
            "单价 3 * 4 元",
        ] {
            assert!(!rules(s).contains(&"mask-name"), "{s}");
        }
    }
}
