//! The order a Chinese reader expects of a list of names (villages, work teams, tags): numbers
//! first, by value; then Latin letters, ignoring case; then Chinese characters by their pinyin,
//! the tone breaking ties (`wu1` before `wu2`); anything else last, by code point.
//!
//! Sorting by code point instead puts 龙潭村 before 柳溪村 and 云岭村 before 石门村, an order no
//! reader can follow. A character with several readings takes its most common one, as printed
//! indexes do.

use std::cmp::Ordering;

use pinyin::ToPinyin as _;

/// Compares two names in reading order; names that read the same fall back to code point
/// order, so the result is total and deterministic.
pub fn compare(a: &str, b: &str) -> Ordering {
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// One unit of a name's sort key. The variants' order is the order of the kinds.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    /// A run of digits, by value: its length without leading zeros, then the digits.
    Number(usize, String),
    Latin(char),
    /// A Chinese character's pinyin with its tone number at the end (`zhong1`).
    Han(&'static str),
    Other(char),
}

fn key(name: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut digits = String::new();
    for c in name.chars().map(half_width) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        flush_number(&mut digits, &mut parts);
        parts.push(if c.is_ascii_alphabetic() {
            Part::Latin(c.to_ascii_lowercase())
        } else if let Some(reading) = c.to_pinyin() {
            Part::Han(reading.with_tone_num_end())
        } else {
            Part::Other(c)
        });
    }
    flush_number(&mut digits, &mut parts);
    parts
}

fn flush_number(digits: &mut String, parts: &mut Vec<Part>) {
    if digits.is_empty() {
        return;
    }
    let value = digits.trim_start_matches('0');
    parts.push(Part::Number(value.len(), value.to_string()));
    digits.clear();
}

/// Full-width digits and letters (`１２`, `ｔｅａ`) sort as their ASCII forms.
fn half_width(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        names.sort_by(|a, b| compare(a, b));
        names
    }

    #[test]
    fn chinese_names_follow_pinyin() {
        assert_eq!(
            sorted(&["龙潭村", "柳溪村", "石门村", "桃源村", "云岭村"]),
            ["柳溪村", "龙潭村", "石门村", "桃源村", "云岭村"]
        );
    }

    #[test]
    fn numbers_by_value_then_latin_then_chinese() {
        assert_eq!(
            sorted(&["茶产业", "Tea", "10组", "2组", "apple", "０１号"]),
            ["０１号", "2组", "10组", "apple", "Tea", "茶产业"]
        );
    }

    #[test]
    fn the_tone_breaks_a_tie_and_the_code_point_breaks_the_rest() {
        // 妈 mā before 麻 má; the same reading keeps both, in a fixed order.
        assert_eq!(sorted(&["麻", "妈"]), ["妈", "麻"]);
        assert_eq!(compare("Tea", "tea"), "Tea".cmp("tea"));
        assert_eq!(compare("茶", "茶"), Ordering::Equal);
    }
}
