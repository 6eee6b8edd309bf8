//! Plain-text summaries cut to a character budget.

use super::cjk::joins_without_space;

/// Sentence-ending marks a summary prefers to stop after.
const SENTENCE_MARKS: &[char] = &['。', '！', '？', '；', '!', '?'];

/// What a cut summary ends with.
const ELLIPSIS: &str = "……";

/// First `max_chars` characters of plain text for a summary: cut on a char
/// boundary, prefer ending after a sentence mark (。！？；!?) if one exists in
/// the second half of the window, append "……" when cut; collapse
/// whitespace/newlines to nothing between CJK chars and to a single space
/// otherwise. A `max_chars` of 0 yields an empty string.
pub fn summarize_text(text: &str, max_chars: usize) -> String {
    let flat = collapse_whitespace(text);
    let chars: Vec<char> = flat.chars().collect();
    if chars.len() <= max_chars {
        return flat;
    }
    if max_chars == 0 {
        return String::new();
    }
    let window = &chars[..max_chars];
    let cut = sentence_end(window).unwrap_or(max_chars);
    let mut summary: String = window[..cut].iter().collect();
    summary.truncate(summary.trim_end().len());
    summary.push_str(ELLIPSIS);
    summary
}

/// Length of the window up to and including its last sentence mark, if that
/// mark lies in the second half (an earlier one would waste the budget).
fn sentence_end(window: &[char]) -> Option<usize> {
    let half = window.len() / 2;
    window
        .iter()
        .rposition(|c| SENTENCE_MARKS.contains(c))
        .filter(|&i| i >= half)
        .map(|i| i + 1)
}

/// Trims the text and replaces each whitespace run by nothing when it sits
/// between CJK characters (Chinese has no word spaces; a line break there is
/// an artefact of wrapping) and by one space otherwise.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            if let Some(last) = out.chars().next_back()
                && !joins_without_space(last, c)
            {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_returned_whole() {
        assert_eq!(summarize_text("简短的介绍。", 20), "简短的介绍。");
        assert_eq!(summarize_text("  short  text \n", 20), "short text");
        assert_eq!(summarize_text("", 5), "");
    }

    #[test]
    fn cut_exactly_at_sentence_mark() {
        // The window of 6 chars ends with 。 — no multi-byte char is split.
        let text = "工作组进村。随后召开了会议";
        assert_eq!(summarize_text(text, 6), "工作组进村。……");
    }

    #[test]
    fn prefers_sentence_mark_in_second_half() {
        let text = "第一句话。第二句话很长很长很长很长";
        assert_eq!(summarize_text(text, 8), "第一句话。……");
        // A mark only in the first half is ignored.
        assert_eq!(
            summarize_text("好。接下来的内容很长很长", 8),
            "好。接下来的内容……"
        );
    }

    #[test]
    fn cut_inside_sentence() {
        let text = "本次调研覆盖全县十二个乡镇的基层组织建设情况";
        assert_eq!(summarize_text(text, 10), "本次调研覆盖全县十二……");
    }

    #[test]
    fn ascii_text() {
        let text = "The work team visited the village. They met the committee and discussed plans.";
        assert_eq!(
            summarize_text(text, 40),
            "The work team visited the village. They……"
        );
        assert_eq!(
            summarize_text("Is it done? Not yet, no", 16),
            "Is it done?……"
        );
    }

    #[test]
    fn whitespace_between_cjk_vanishes() {
        assert_eq!(
            summarize_text("第一段。\n\n第二段 内容\nand English\n中文", 100),
            "第一段。第二段内容 and English 中文"
        );
    }
}
