//! `personal-id`, `personal-mobile`, `personal-bank`: unmasked personal data.
//!
//! Published lists (subsidy recipients, poverty-alleviation households, tenders) must
//! mask identity card numbers, mobile numbers and bank cards. This file owns their
//! detection, with validation that keeps ordinary long numbers quiet:
//!
//! - resident ID (GB 11643-1999): 17 digits + digit/`X`, a known province code, a real
//!   birth date (1900–2099) and a valid ISO 7064 MOD 11-2 check digit;
//! - mainland mobile: `1[3-9]` + 9 digits, optionally `+86`/`86-` prefixed or written
//!   `138 0013 8000` / `138-0013-8000`; not an amount (`13800000000元`) or decimal;
//! - bank card: 16–19 digits (optionally in groups of four) passing the Luhn check, with
//!   an issuer prefix a card can have (3, 4, 5, 6, 9), and not already an ID number.
//!
//! A number must stand alone: digits directly before or after make it part of a longer
//! number. Masked forms (`1101**********1234`, `138****8000`) contain no long digit run
//! and are never reported. The reported `matched` text shows only the first and last
//! four digits.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts, char_at, char_before};

/// Grouped forms; plain runs are found by [`long_digit_runs`].
static GROUPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[0-9]{6}[ -][0-9]{8}[ -][0-9]{3}[0-9Xx]", // ID 6-8-4
        r"|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})?", // card 4-4-4-4(-n)
        r"|1[3-9][0-9][ -][0-9]{4}[ -][0-9]{4}",    // mobile 3-4-4
    ))
    .expect("constant regex")
});

/// Province-level codes that open a resident ID number.
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Id,
    Mobile,
    Bank,
}

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    for (start, end) in long_digit_runs(text) {
        let s = &text[start..end];
        if let Some(kind) = classify_run(text, start, end, s) {
            let (start, number) = match kind {
                Kind::Mobile => (with_country_code(text, start), end - 11),
                _ => (start, start),
            };
            out.push(hit(kind, start, &text[start..number], &text[number..end]));
        }
    }
    if !has_grouped_digits(text) {
        return;
    }
    for m in GROUPED.find_iter(text) {
        let (start, end) = (m.start(), m.end());
        let s = m.as_str();
        let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let prefixed = with_country_code(text, start);
        let alone_before = prefixed < start || !joined_before(text, start);
        if !alone_before || joined_after(text, end) {
            continue;
        }
        let kind =
            if s.len() == 20 && matches!(s.as_bytes()[6], b' ' | b'-') && is_resident_id(&digits) {
                Some(Kind::Id)
            } else if digits.len() == 11 && is_mobile(&digits) {
                Some(Kind::Mobile)
            } else if (16..=19).contains(&digits.len()) && is_bank_card(&digits) {
                Some(Kind::Bank)
            } else {
                None
            };
        if let Some(kind) = kind {
            let first = if kind == Kind::Mobile {
                prefixed
            } else {
                start
            };
            out.push(hit(kind, first, &text[first..start], s));
        }
    }
}

/// Runs of 11 or more ASCII digits, with a trailing `X`/`x` taken along (an ID number's
/// check character): the only lengths [`classify_run`] can accept. A loop over bytes, because
/// most of a page's digit runs are short (years, counts) and a regex match for each costs more.
fn long_digit_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let mut end = i;
            if matches!(bytes.get(end), Some(b'X' | b'x')) {
                end += 1;
                i = end;
            }
            if end - start >= 11 {
                return Some((start, end));
            }
        }
        None
    })
}

/// Whether `text` has a digit, a space or `-`, and a digit in a row: what every form of
/// [`GROUPED`] needs, looked for before the regex that cannot search for a literal.
fn has_grouped_digits(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b' ' | b'-') && w[2].is_ascii_digit())
}

/// Classifies a plain digit run (maybe with a trailing X) that stands alone.
fn classify_run(text: &str, start: usize, end: usize, s: &str) -> Option<Kind> {
    let before = char_before(text, start);
    let after = char_at(text, end);
    // Part of a word like "ABC12345678901X…" or a longer alphanumeric code: not ours.
    if after.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    // The fractional part of a decimal number.
    if before == Some('.') && char_before(text, start - 1).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let x = s.ends_with(['X', 'x']);
    if x {
        return (s.len() == 18 && is_resident_id(s)).then_some(Kind::Id);
    }
    match s.len() {
        18 if is_resident_id(s) => return Some(Kind::Id),
        11 if is_mobile(s) && !looks_like_amount(text, end) => return Some(Kind::Mobile),
        13 if s.starts_with("86") && is_mobile(&s[2..]) && !looks_like_amount(text, end) => {
            return Some(Kind::Mobile);
        }
        _ => {}
    }
    ((16..=19).contains(&s.len()) && is_bank_card(s) && !is_credit_code(s)).then_some(Kind::Bank)
}

/// GB 32100-2015 统一社会信用代码 check character. All-digit credit codes of
/// enterprises (`91…`) appear in procurement notices and pass Luhn one time in ten;
/// a valid credit code is not reported as a bank card.
pub(crate) fn is_credit_code(s: &str) -> bool {
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let b = s.as_bytes();
    if b.len() != 18 {
        return false;
    }
    let mut sum = 0;
    for (c, w) in b[..17].iter().zip(WEIGHTS) {
        let Some(v) = CHARS.iter().position(|x| x == c) else {
            return false;
        };
        sum += v * w;
    }
    let check = (31 - sum % 31) % 31;
    b[17] == CHARS[check]
}

/// An 11-digit figure followed by a unit or a decimal point is a quantity, not a phone.
fn looks_like_amount(text: &str, end: usize) -> bool {
    match char_at(text, end) {
        Some('元' | '万' | '亿' | '%' | '‰' | '％' | '吨' | '人' | '次' | '个' | '户') => {
            true
        }
        Some('.') => char_at(text, end + 1).is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// Extends a mobile number's start over a `+86` / `86-` / `（+86）` prefix.
fn with_country_code(text: &str, start: usize) -> usize {
    let head = &text[..start];
    for p in ["（+86）", "(+86)", "+86 ", "+86-", "+86", "86-"] {
        if let Some(rest) = head.strip_suffix(p) {
            // "086-…" or "186-…" is something else; the prefix must stand alone too.
            if !rest.ends_with(|c: char| c.is_ascii_digit()) {
                return rest.len();
            }
        }
    }
    start
}

/// A digit, or a digit group joined by a single space/dash, right before `start`.
fn joined_before(text: &str, start: usize) -> bool {
    match char_before(text, start) {
        Some(c) if c.is_ascii_digit() => true,
        Some(' ' | '-') => char_before(text, start - 1).is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

fn joined_after(text: &str, end: usize) -> bool {
    match char_at(text, end) {
        Some(c) if c.is_ascii_alphanumeric() => true,
        Some(' ' | '-') => char_at(text, end + 1).is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// GB 11643-1999 resident identity number: region, birth date and check digit.
pub(crate) fn is_resident_id(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let province = (b[0] - b'0') * 10 + (b[1] - b'0');
    if !PROVINCES.contains(&province) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (num(6..10), num(10..12), num(12..14));
    if !(1900..=2099).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    b[17].to_ascii_uppercase() == check
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn is_mobile(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

/// Luhn check plus an issuer prefix: Chinese cards are UnionPay (62…), Visa (4),
/// Mastercard (5), JCB/AmEx (3) or old domestic (9…). Order and contract numbers often
/// start with a year (`2024…`), which this excludes.
pub(crate) fn is_bank_card(s: &str) -> bool {
    let b = s.as_bytes();
    if !(16..=19).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if !matches!(b[0], b'3' | b'4' | b'5' | b'6' | b'9') {
        return false;
    }
    let sum: u32 = b
        .iter()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = u32::from(c - b'0');
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Keeps the first and last four digits, stars the rest; separators stay.
pub(crate) fn mask_digits(s: &str) -> String {
    let total = s.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if !c.is_ascii_alphanumeric() {
                return c;
            }
            seen += 1;
            if seen <= 4 || seen > total.saturating_sub(4) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// `prefix` is a country code kept as written; `number` is shown masked.
fn hit(kind: Kind, offset: usize, prefix: &str, number: &str) -> Hit {
    let masked = format!("{prefix}{}", mask_digits(number));
    let (rule, zh, en) = match kind {
        Kind::Id => ("personal-id", "居民身份证号码", "resident ID number"),
        Kind::Mobile => ("personal-mobile", "手机号码", "mobile phone number"),
        Kind::Bank => ("personal-bank", "银行卡号", "bank card number"),
    };
    let example = match kind {
        Kind::Id => "110105********1234",
        Kind::Mobile => "138****8000",
        Kind::Bank => "6222 **** **** 1234",
    };
    Hit::new(
        offset,
        rule,
        masked.clone(),
        Texts {
            message_zh: format!("发现未脱敏的{zh}：{masked}"),
            message_en: format!("Unmasked {en}: {masked}"),
            hint_zh: format!("公开发布前必须脱敏，例如写作 {example}"),
            hint_en: format!("Mask it before publishing, e.g. {example}"),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};
    use super::*;

    fn rules(s: &str) -> Vec<(&'static str, String)> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule.starts_with("personal"))
            .map(|f| (f.rule, f.matched))
            .collect()
    }

    fn one(rule: &'static str, matched: &str) -> Vec<(&'static str, String)> {
        vec![(rule, matched.to_string())]
    }

    // 11010519491231002X is the example published with GB 11643; the check digit of
    // 110105199003071239 was computed with the standard weights.
    #[test]
    fn resident_ids() {
        assert!(is_resident_id("11010519491231002X"));
        assert!(is_resident_id("110105199003071239"));
        assert_eq!(
            rules("身份证号：110105199003071239。"),
            one("personal-id", "1101**********1239")
        );
        assert_eq!(
            rules("证件11010519491231002x"),
            one("personal-id", "1101**********002x")
        );
        assert_eq!(
            rules("110105 19900307 1239"),
            one("personal-id", "1101** ******** 1239")
        );
    }

    #[test]
    fn resident_id_near_misses() {
        // Bad check digit: a random 18-digit number.
        assert!(rules("编号110105199003071234").is_empty());
        // Already masked.
        assert!(rules("1101**********1239").is_empty());
        // Part of a longer digit run.
        assert!(rules("11101051990030712399").is_empty());
        // Born 1880, impossible date (Feb 30), unknown province code.
        assert!(!is_resident_id("440524188001010014"));
        assert!(!is_resident_id("110105199002301231"));
        assert!(!is_resident_id("990105199003071239"));
    }

    #[test]
    fn mobiles() {
        assert_eq!(
            rules("电话13800138000"),
            one("personal-mobile", "1380***8000")
        );
        assert_eq!(
            rules("电话：+86 13800138000"),
            one("personal-mobile", "+86 1380***8000")
        );
        assert_eq!(
            rules("86-13800138000"),
            one("personal-mobile", "86-1380***8000")
        );
        assert_eq!(
            rules("8613800138000"),
            one("personal-mobile", "861380***8000")
        );
        assert_eq!(
            rules("手机138 0013 8000"),
            one("personal-mobile", "138 0*** 8000")
        );
        assert_eq!(
            rules("手机138-0013-8000"),
            one("personal-mobile", "138-0***-8000")
        );
        assert_eq!(
            rules("（+86）138-0013-8000"),
            one("personal-mobile", "（+86）138-0***-8000")
        );
    }

    #[test]
    fn mobile_near_misses() {
        for s in [
            "138****8000",
            "编号138001380001",
            "编号2138001380000",
            "共投入13800000000元",
            "12345678901",
            "热线12345，电话0731-84561234",
            "值为13800138000.5",
            "订单 2026 1380 0138 000",
        ] {
            assert!(rules(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn bank_cards() {
        // Luhn-valid numbers: 6222021234567890128 (computed) and the 4111… test card.
        assert!(is_bank_card("6222021234567890128"));
        assert_eq!(
            rules("卡号6222021234567890128"),
            one("personal-bank", "6222***********0128")
        );
        assert_eq!(
            rules("卡号4111 1111 1111 1111"),
            one("personal-bank", "4111 **** **** 1111")
        );
        assert_eq!(rules("卡号4111-1111-1111-1111").len(), 1);
    }

    #[test]
    fn bank_card_near_misses() {
        // Luhn failure, year-prefixed serial, too short, ID already reported as ID only.
        assert!(rules("卡号6222021234567890123").is_empty());
        assert!(rules("合同编号2024000012345678").is_empty());
        assert!(rules("4111111111111").is_empty());
        assert!(rules("卡号4111111111111112").is_empty());
        assert_eq!(rules("110105199003071239").len(), 1);
        // A valid all-digit 统一社会信用代码 that happens to pass Luhn.
        assert!(is_credit_code("914313001234560409") && is_bank_card("914313001234560409"));
        assert!(rules("统一社会信用代码：914313001234560409").is_empty());
        assert!(is_credit_code("91350100M000100Y43"));
    }

    #[test]
    fn masking_keeps_first_and_last_four() {
        assert_eq!(mask_digits("110105199003071239"), "1101**********1239");
        assert_eq!(mask_digits("138-0013-8000"), "138-0***-8000");
        assert_eq!(mask_digits("1234567"), "1234567");
    }
}
