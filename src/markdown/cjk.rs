//! Character classes used by the CJK-aware parts of the renderer, and the
//! soft-break pass that joins lines of Chinese text without a stray space.
//!
//! The tables here are deliberately approximate: they cover the blocks that
//! actually appear in Chinese (and Japanese/Korean) prose instead of carrying a
//! full copy of the Unicode database. Everything outside them is treated as an
//! ordinary (non-CJK, non-punctuation) character.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Spanned;

/// True for a CJK character in the sense of the CommonMark "CJK-friendly"
/// amendment: East Asian Width W/F/H code points (ideographs, kana, hangul,
/// CJK and full-width punctuation) and Hangul, excluding emoji.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x115F          // Hangul Jamo (leading consonants, wide)
        | 0x2E80..=0x303E        // CJK radicals, Kangxi, IDC, CJK symbols and punctuation
        | 0x3041..=0x33FF        // kana, bopomofo, Hangul compatibility jamo, enclosed CJK
        | 0x3400..=0x4DBF        // CJK extension A
        | 0x4E00..=0x9FFF        // CJK unified ideographs
        | 0xA000..=0xA4CF        // Yi
        | 0xA960..=0xA97F        // Hangul Jamo extended-A
        | 0xAC00..=0xD7FF        // Hangul syllables and Jamo extended-B
        | 0xF900..=0xFAFF        // CJK compatibility ideographs
        | 0xFE10..=0xFE19        // vertical forms
        | 0xFE30..=0xFE6F        // CJK compatibility forms, small form variants
        | 0xFF01..=0xFFEE        // full-width and half-width forms
        | 0x16FE0..=0x18DFF      // ideographic symbols, Tangut
        | 0x1AFF0..=0x1B2FF      // kana supplement/extended, Nushu
        | 0x20000..=0x3FFFD // CJK extensions B and later
    )
}

/// Curly quotes have "ambiguous" East Asian width: they belong to CJK text
/// only when they stand next to a CJK character.
fn is_curly_quote(c: char) -> bool {
    matches!(c, '\u{2018}'..='\u{201D}')
}

/// Whether two characters on either side of a line break (or of collapsed
/// whitespace) belong to the same run of CJK text, so that the break should
/// vanish instead of becoming a space.
pub(crate) fn joins_without_space(before: char, after: char) -> bool {
    (is_cjk(before) && (is_cjk(after) || is_curly_quote(after)))
        || (is_curly_quote(before) && is_cjk(after))
        || is_wide_punctuation(before)
        || is_wide_punctuation(after)
}

/// Full-width punctuation (`。，、：（）` …) carries its own spacing, so a line break next to it
/// vanishes even when the other side is a digit or a Latin letter (`……成立。\n2024年`).
fn is_wide_punctuation(c: char) -> bool {
    matches!(
        c as u32,
        0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
    )
}

/// Unicode punctuation as CommonMark 0.31 defines it (general categories P
/// and S). ASCII is exact; beyond ASCII the common blocks are listed.
pub(crate) fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(
        c as u32,
        0xA1..=0xA9
            | 0xAB
            | 0xAC
            | 0xAE..=0xB1
            | 0xB4
            | 0xB6..=0xB8
            | 0xBB
            | 0xBF
            | 0xD7
            | 0xF7
            | 0x2C2..=0x2C5
            | 0x2D2..=0x2DF
            | 0x37E
            | 0x387
            | 0x55A..=0x55F
            | 0x589..=0x58A
            | 0x5BE
            | 0x5C0
            | 0x5C3
            | 0x5F3..=0x5F4
            | 0x60C..=0x60D
            | 0x61B
            | 0x61D..=0x61F
            | 0x66A..=0x66D
            | 0x6D4
            | 0x964..=0x965
            | 0x970
            | 0xE4F
            | 0xE5A..=0xE5B
            | 0x2010..=0x2027
            | 0x2030..=0x205E
            | 0x207A..=0x207E
            | 0x208A..=0x208E
            | 0x20A0..=0x20C0
            | 0x2190..=0x245F
            | 0x2500..=0x2775
            | 0x2794..=0x2BFF
            | 0x2E00..=0x2E5D
            | 0x2E80..=0x2FFF
            | 0x3001..=0x3004
            | 0x3008..=0x3020
            | 0x3030
            | 0x3036..=0x3037
            | 0x303D..=0x303F
            | 0x309B..=0x309C
            | 0x30A0
            | 0x30FB
            | 0x31C0..=0x31E3
            | 0x3200..=0x321E
            | 0x322A..=0x3247
            | 0x3250
            | 0x3260..=0x327F
            | 0x328A..=0x32B0
            | 0x32C0..=0x33FF
            | 0x4DC0..=0x4DFF
            | 0xA490..=0xA4C6
            | 0xFD3E..=0xFD3F
            | 0xFE10..=0xFE19
            | 0xFE30..=0xFE52
            | 0xFE54..=0xFE66
            | 0xFE68..=0xFE6B
            | 0xFF01..=0xFF0F
            | 0xFF1A..=0xFF20
            | 0xFF3B..=0xFF40
            | 0xFF5B..=0xFF65
            | 0xFFE0..=0xFFE6
            | 0xFFE8..=0xFFEE
            | 0x1F000..=0x1FAFF
    )
}

/// U+FE00–U+FE0E: variation selectors that may follow a CJK character
/// without turning it into an emoji (U+FE0F does that, so it is excluded).
pub(crate) fn is_text_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0E}')
}

/// Ideographic variation selectors (U+E0100–U+E01EF) only ever follow
/// ideographs, so a character after one sits next to CJK text.
pub(crate) fn is_ideographic_variation_selector(c: char) -> bool {
    matches!(c, '\u{E0100}'..='\u{E01EF}')
}

/// Drops every soft break whose neighbours (the last character before it
/// and the first after it, looking through inline markup) join without a
/// space. Chinese has no spaces between words, so a line break inside a
/// sentence must not render as one.
pub(crate) fn drop_cjk_soft_breaks(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let drop: Vec<bool> = (0..events.len())
        .map(|i| {
            matches!(events[i].0, Event::SoftBreak)
                && match (char_before(&events, i), char_after(&events, i)) {
                    (Some(a), Some(b)) => joins_without_space(a, b),
                    _ => false,
                }
        })
        .collect();
    events
        .into_iter()
        .zip(drop)
        .filter_map(|(event, drop)| (!drop).then_some(event))
        .collect()
}

/// Inline formatting tags are transparent when looking for the neighbours of
/// a line break: `**第一行**\n第二行` still joins 行 and 第.
fn is_transparent(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ) | Event::End(
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        )
    )
}

fn char_before(events: &[Spanned<'_>], index: usize) -> Option<char> {
    for (event, _) in events[..index].iter().rev() {
        match event {
            Event::Text(t) | Event::Code(t) if !t.is_empty() => return t.chars().next_back(),
            e if is_transparent(e) => continue,
            _ => return None,
        }
    }
    None
}

fn char_after(events: &[Spanned<'_>], index: usize) -> Option<char> {
    for (event, _) in &events[index + 1..] {
        match event {
            Event::Text(t) | Event::Code(t) if !t.is_empty() => return t.chars().next(),
            e if is_transparent(e) => continue,
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_cjk_characters() {
        for c in [
            '中', '。', '，', '：', '（', '」', 'あ', 'カ', '한', '\u{3000}', '！',
        ] {
            assert!(is_cjk(c), "{c:?} should be CJK");
        }
        for c in ['a', 'Z', '1', '.', '“', '”', 'é', '😀', ' '] {
            assert!(!is_cjk(c), "{c:?} should not be CJK");
        }
    }

    #[test]
    fn classifies_punctuation() {
        for c in [
            '.', '*', '~', '。', '：', '（', '）', '“', '”', '《', '、', '—', '…', '￥',
        ] {
            assert!(is_punctuation(c), "{c:?} should be punctuation");
        }
        for c in ['a', '中', '1', ' ', 'あ', '한'] {
            assert!(!is_punctuation(c), "{c:?} should not be punctuation");
        }
    }

    #[test]
    fn breaks_next_to_full_width_punctuation_vanish() {
        assert!(joins_without_space('。', '2'));
        assert!(joins_without_space('A', '（'));
        assert!(!joins_without_space('a', 'b'));
        assert!(!joins_without_space('.', '2'));
    }

    #[test]
    fn curly_quotes_join_only_next_to_cjk() {
        assert!(joins_without_space('”', '内'));
        assert!(joins_without_space('是', '“'));
        assert!(!joins_without_space('”', 'A'));
        assert!(!joins_without_space('a', '中'));
        assert!(!joins_without_space('中', 'a'));
    }
}
