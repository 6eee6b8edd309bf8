//! Delimiter-run flanking rules, in two flavours: plain CommonMark 0.31 (as
//! pulldown-cmark 0.13 applies them, including its GFM strikethrough rules)
//! and the CommonMark "CJK-friendly amendments", under which a delimiter run
//! next to CJK text counts as flanking even when punctuation such as `：` or
//! `”` sits on its inner side.

use super::cjk::{
    is_cjk, is_ideographic_variation_selector, is_punctuation, is_text_variation_selector,
};

/// How the character on one side of a delimiter run is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Neighbour {
    space: bool,
    punct: bool,
    cjk: bool,
    /// A literal (backslash-escaped) `~` right before a `~` run.
    tilde: bool,
}

impl Neighbour {
    /// The start and end of the text count as whitespace (CommonMark 6.2).
    pub(crate) const EDGE: Neighbour = Neighbour {
        space: true,
        punct: false,
        cjk: false,
        tilde: false,
    };

    fn of(c: char) -> Self {
        Neighbour {
            space: c.is_whitespace(),
            punct: is_punctuation(c),
            cjk: is_cjk(c),
            tilde: c == '~',
        }
    }

    /// The character just before byte offset `pos`. In CJK-friendly mode a
    /// variation selector is looked through, as the amendment's "CJK
    /// sequence" and "punctuation sequence" definitions require.
    pub(crate) fn before(source: &str, pos: usize, cjk_friendly: bool) -> Self {
        let mut chars = source[..pos].chars().rev();
        let Some(c) = chars.next() else {
            return Self::EDGE;
        };
        if cjk_friendly && is_ideographic_variation_selector(c) {
            return Neighbour {
                space: false,
                punct: false,
                cjk: true,
                tilde: false,
            };
        }
        if cjk_friendly
            && is_text_variation_selector(c)
            && let Some(base) = chars.next()
        {
            return Neighbour {
                space: false,
                ..Self::of(base)
            };
        }
        Self::of(c)
    }

    /// The character starting at byte offset `pos`.
    pub(crate) fn after(source: &str, pos: usize) -> Self {
        source[pos..].chars().next().map_or(Self::EDGE, Self::of)
    }

    fn non_cjk_punct(self) -> bool {
        self.punct && !self.cjk
    }
}

/// Left- and right-flanking, per CommonMark 6.2 or the CJK-friendly amendment.
fn flanking(before: Neighbour, after: Neighbour, cjk_friendly: bool) -> (bool, bool) {
    if cjk_friendly {
        // CJK punctuation behaves like a letter, and a CJK character on the
        // outer side lets a run flank non-CJK punctuation such as `“`.
        let left =
            !after.space && (!after.non_cjk_punct() || before.space || before.punct || before.cjk);
        let right =
            !before.space && (!before.non_cjk_punct() || after.space || after.punct || after.cjk);
        (left, right)
    } else {
        let left = !after.space && (!after.punct || before.space || before.punct);
        let right = !before.space && (!before.punct || after.space || after.punct);
        (left, right)
    }
}

/// `(can_open, can_close)` for a run of `len` copies of `ch` (`*`, `_` or `~`).
pub(crate) fn delimiter_flags(
    ch: u8,
    len: usize,
    before: Neighbour,
    after: Neighbour,
    cjk_friendly: bool,
) -> (bool, bool) {
    let (left, right) = flanking(before, after, cjk_friendly);
    match (ch, len) {
        (b'*', _) => (left, right),
        // `_` may not open or close inside a word.
        (b'_', _) => (
            left && (!right || before.punct),
            right && (!left || after.punct),
        ),
        // pulldown-cmark lets `~~` open anywhere it is not followed by
        // whitespace and close like `*`; only the closing side needs the
        // CJK-friendly rule. After an escaped `~`, any tilde run may close.
        (b'~', 2) => (!after.space, right || before.tilde),
        // A single `~` must not be intraword; the amendment does not cover
        // it, so it keeps pulldown-cmark's rule in both modes.
        (b'~', 1) => (
            !after.space && (before.space || before.punct),
            !before.space && (before.tilde || after.space || after.punct),
        ),
        _ => (false, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(source: &str, pos: usize, len: usize, cjk: bool) -> (bool, bool) {
        let ch = source.as_bytes()[pos];
        let before = Neighbour::before(source, pos, cjk);
        let after = Neighbour::after(source, pos + len);
        delimiter_flags(ch, len, before, after, cjk)
    }

    #[test]
    fn closing_run_after_fullwidth_colon() {
        let s = "**注意：**正文";
        let pos = s.find("**正").expect("closing run present");
        assert_eq!(flags(s, pos, 2, false), (true, false));
        assert_eq!(flags(s, pos, 2, true), (true, true));
    }

    #[test]
    fn opening_run_before_curly_quote() {
        let s = "这是**“重要”**内容";
        let pos = s.find("**“").expect("opening run present");
        // Plain rules: punctuation inside and a letter outside, so the run
        // cannot open.
        assert_eq!(flags(s, pos, 2, false), (false, true));
        assert_eq!(flags(s, pos, 2, true), (true, true));
    }

    #[test]
    fn ascii_runs_are_unchanged() {
        for (s, pos, len) in [
            ("a **b** c", 2, 2),
            ("a*b", 1, 1),
            ("a _b_ c", 2, 1),
            ("x_y", 1, 1),
        ] {
            assert_eq!(flags(s, pos, len, false), flags(s, pos, len, true), "{s}");
        }
    }

    #[test]
    fn variation_selector_is_looked_through() {
        let s = "葛\u{FE00}**x";
        let pos = s.find("**").expect("run present");
        assert_eq!(Neighbour::before(s, pos, true), Neighbour::of('葛'));
    }
}
