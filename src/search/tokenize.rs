//! Tokenising: turns text into search terms with positions.
//!
//! Owns the rules every other part of the search (the index builder, the Rust query evaluator and
//! `static/js/search.js`) must agree on, so they are kept few:
//! - full-width ASCII (`２０２６`, `ＡＢＣ`) folds to half-width, U+3000 to a space;
//! - a run of CJK characters yields one term per character: the bigram that starts there, or for
//!   the run's last character the character alone (the "unigram fallback"), so a single character
//!   is found by the term-range prefix `X…` and every character has exactly one token;
//! - a run of letters or a run of digits is one lowercased token (`青组通〔2026〕12号` gives
//!   `2026` and `12`), at most [`MAX_WORD_CHARS`] characters;
//! - everything else separates tokens and takes no position.
//!
//! Each CJK character and each word takes one position, so positions are dense and a phrase is a
//! run of consecutive positions.

/// One term at one position of a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    pub position: u32,
}

/// Longer words are cut here (both when indexing and when querying), so URLs and hashes in a
/// text do not bloat the dictionary.
pub const MAX_WORD_CHARS: usize = 32;

/// The class of a character after folding.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CharClass {
    Cjk,
    Letter,
    Digit,
    Other,
}

/// Folds full-width ASCII forms to ASCII and the ideographic space to a space.
pub fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Classifies an already folded character. Inlined, with the common Han block tested first:
/// the index asks this once per character of every page twice (tokens and excerpt blocks).
#[inline]
pub fn classify(c: char) -> CharClass {
    if matches!(c as u32, 0x4E00..=0x9FFF) {
        return CharClass::Cjk;
    }
    if c.is_ascii() {
        return if c.is_ascii_digit() {
            CharClass::Digit
        } else if c.is_ascii_alphabetic() {
            CharClass::Letter
        } else {
            CharClass::Other
        };
    }
    if is_cjk(c) {
        CharClass::Cjk
    } else if matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20)
    {
        // General and CJK punctuation and the full-width forms of ASCII punctuation (，：；？！（）):
        // the common case in Chinese text, answered without the slower Unicode property tables.
        CharClass::Other
    } else if c.is_numeric() {
        CharClass::Digit
    } else if c.is_alphabetic() {
        CharClass::Letter
    } else {
        CharClass::Other
    }
}

/// Han ideographs (with 〇), kana and Hangul syllables: scripts written without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Calls `emit(term, position)` for every token of `text`, positions starting at `start`;
/// returns the position after the last token. `emit` sees terms in position order.
pub fn for_each_token(text: &str, start: u32, mut emit: impl FnMut(&str, u32)) -> u32 {
    scan(text, start, |term, position| emit(term.text(), position))
}

/// A term as [`scan`] gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term<'a> {
    /// One or two CJK characters, and the same as a number: the first character in the high
    /// half, the second (or 0) in the low half, which hashes and compares faster than a string.
    Cjk(&'a str, u64),
    /// A lowercased word or number.
    Word(&'a str),
}

impl<'a> Term<'a> {
    pub fn text(self) -> &'a str {
        match self {
            Term::Cjk(text, _) | Term::Word(text) => text,
        }
    }
}

/// [`for_each_token`], giving each term as a [`Term`].
pub fn scan(text: &str, start: u32, mut emit: impl FnMut(Term<'_>, u32)) -> u32 {
    let mut position = start;
    let mut word = String::new();
    let mut chars = text.char_indices().map(|(i, c)| (i, fold(c), c.len_utf8()));
    let mut next = chars.next().map(|(i, c, len)| (i, c, len, classify(c)));
    while let Some((i, c, len, class)) = next {
        next = chars.next().map(|(i, c, len)| (i, c, len, classify(c)));
        match class {
            // CJK characters never fold, so the term is a slice of the text.
            CharClass::Cjk => {
                let (end, second) = match next {
                    Some((j, n, next_len, CharClass::Cjk)) => (j + next_len, u64::from(n)),
                    _ => (i + len, 0),
                };
                let key = (u64::from(c) << 32) | second;
                emit(Term::Cjk(&text[i..end], key), position);
                position += 1;
            }
            CharClass::Letter | CharClass::Digit => {
                word.clear();
                push_lower(&mut word, c);
                let mut count = 1;
                while let Some((_, n, _, _)) = next.filter(|n| n.3 == class) {
                    if count < MAX_WORD_CHARS {
                        push_lower(&mut word, n);
                    }
                    count += 1;
                    next = chars.next().map(|(i, c, len)| (i, c, len, classify(c)));
                }
                emit(Term::Word(&word), position);
                position += 1;
            }
            CharClass::Other => {}
        }
    }
    position
}

fn push_lower(term: &mut String, c: char) {
    if c.is_ascii() {
        term.push(c.to_ascii_lowercase());
    } else {
        term.extend(c.to_lowercase());
    }
}

/// The tokens of `text`, positions from 0.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_token(text, 0, |term, position| {
        tokens.push(Token {
            term: term.to_owned(),
            position,
        });
    });
    tokens
}

/// How many positions `text` takes (the position of the token after it): one per CJK
/// character and one per run of letters or of digits. (The index counts the same inline while
/// cutting excerpt blocks; this is the tests' reference.)
#[cfg(test)]
pub fn count_positions(text: &str) -> u32 {
    let mut count = 0;
    let mut previous = CharClass::Other;
    for c in text.chars() {
        let class = classify(fold(c));
        let starts_word =
            matches!(class, CharClass::Letter | CharClass::Digit) && class != previous;
        if class == CharClass::Cjk || starts_word {
            count += 1;
        }
        previous = class;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<(String, u32)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.term, t.position))
            .collect()
    }

    fn pairs(list: &[(&str, u32)]) -> Vec<(String, u32)> {
        list.iter().map(|(t, p)| (t.to_string(), *p)).collect()
    }

    /// The rules of the module docs, applied the slow and obvious way: classify every
    /// character first, then walk the classes.
    fn by_the_rules(text: &str) -> Vec<(String, u32)> {
        let chars: Vec<(char, CharClass)> =
            (text.chars().map(fold)).map(|c| (c, classify(c))).collect();
        let (mut out, mut position, mut i) = (Vec::new(), 0, 0);
        while let Some(&(c, class)) = chars.get(i) {
            match class {
                CharClass::Cjk => {
                    let mut term = c.to_string();
                    if let Some(&(next, CharClass::Cjk)) = chars.get(i + 1) {
                        term.push(next);
                    }
                    out.push((term, position));
                    i += 1;
                }
                CharClass::Letter | CharClass::Digit => {
                    let run = chars[i..].iter().take_while(|(_, k)| *k == class);
                    let word: Vec<char> = run.map(|(c, _)| *c).collect();
                    i += word.len();
                    let kept = word.iter().take(MAX_WORD_CHARS);
                    out.push((kept.flat_map(|c| c.to_lowercase()).collect(), position));
                }
                CharClass::Other => {
                    i += 1;
                    continue;
                }
            }
            position += 1;
        }
        out
    }

    #[test]
    fn the_scan_gives_what_the_rules_say() {
        // Texts of up to 24 characters drawn from every class, in a fixed pseudo-random order.
        let alphabet: Vec<char> = "驻村工作队〇𠀀かア한ＡＢ２０aZé9٣ⅫΩ，。 \u{3000}\n-（）《》·々"
            .chars()
            .collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let long = [
            "Ab".repeat(20) + "村",
            "9".repeat(40),
            format!("{}é", "２".repeat(33)),
        ];
        let drawn = (0..20_000).map(|_| {
            let len = next(25);
            (0..len)
                .map(|_| alphabet[next(alphabet.len())])
                .collect::<String>()
        });
        for text in long.into_iter().chain(drawn.collect::<Vec<_>>()) {
            let mut got = Vec::new();
            let end = scan(&text, 0, |term, position| {
                if let Term::Cjk(cjk, key) = term {
                    let mut chars = cjk.chars();
                    let first = chars.next().map_or(0, u64::from);
                    let second = chars.next().map_or(0, u64::from);
                    assert_eq!(key, first << 32 | second, "{text:?}");
                }
                got.push((term.text().to_owned(), position));
            });
            let expected = by_the_rules(&text);
            assert_eq!(got, expected, "{text:?}");
            assert_eq!(end as usize, expected.len(), "{text:?}");
            assert_eq!(end, count_positions(&text), "{text:?}");
        }
    }

    #[test]
    fn the_punctuation_fast_path_agrees_with_the_unicode_tables() {
        // (U+3000–303F is left out: it holds 々 and the Suzhou numerals, which the tables call
        // letters and digits and the fast path, like the client's, calls punctuation.)
        let ranges = [0x2000..=0x206F, 0xFF01..=0xFF0F, 0xFF1A..=0xFF20];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let slow = if c.is_numeric() {
                CharClass::Digit
            } else if c.is_alphabetic() {
                CharClass::Letter
            } else {
                CharClass::Other
            };
            assert_eq!(classify(c), slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn chinese_is_bigrams_with_final_unigram() {
        assert_eq!(
            terms("驻村干部"),
            pairs(&[("驻村", 0), ("村干", 1), ("干部", 2), ("部", 3)])
        );
    }

    #[test]
    fn punctuation_breaks_runs_without_taking_positions() {
        assert_eq!(
            terms("通知，关于"),
            pairs(&[("通知", 0), ("知", 1), ("关于", 2), ("于", 3)])
        );
        assert_eq!(terms("村"), pairs(&[("村", 0)]));
    }

    #[test]
    fn latin_words_are_lowercased_tokens() {
        assert_eq!(
            terms("Rural revitalization, GDP!"),
            pairs(&[("rural", 0), ("revitalization", 1), ("gdp", 2)])
        );
    }

    #[test]
    fn numbers_of_a_document_code() {
        assert_eq!(
            terms("青组通〔2026〕12号"),
            pairs(&[
                ("青组", 0),
                ("组通", 1),
                ("通", 2),
                ("2026", 3),
                ("12", 4),
                ("号", 5)
            ])
        );
    }

    #[test]
    fn mixed_scripts_split_at_class_changes() {
        assert_eq!(
            terms("5G基站覆盖率达98.5%"),
            pairs(&[
                ("5", 0),
                ("g", 1),
                ("基站", 2),
                ("站覆", 3),
                ("覆盖", 4),
                ("盖率", 5),
                ("率达", 6),
                ("达", 7),
                ("98", 8),
                ("5", 9)
            ])
        );
    }

    #[test]
    fn full_width_folds_to_half_width() {
        assert_eq!(terms("２０２６年ＡＢＣ"), terms("2026年abc"));
        assert_eq!(
            terms("２０２６年ＡＢＣ"),
            pairs(&[("2026", 0), ("年", 1), ("abc", 2)])
        );
        assert_eq!(terms("甲　乙"), pairs(&[("甲", 0), ("乙", 1)]));
    }

    #[test]
    fn long_words_are_cut() {
        let long = "a".repeat(50);
        assert_eq!(terms(&long), vec![("a".repeat(MAX_WORD_CHARS), 0)]);
    }

    #[test]
    fn positions_count_cjk_chars_and_words() {
        assert_eq!(count_positions("关于2026年 test，好"), 6);
        assert_eq!(count_positions(""), 0);
        assert_eq!(count_positions("……"), 0);
        for text in [
            "5G基站覆盖率达98.5%",
            "ＡＢＣ１２３",
            "Rural  revitalization",
            "青组通〔2026〕12号",
        ] {
            assert_eq!(count_positions(text), tokenize(text).len() as u32, "{text}");
        }
    }
}
