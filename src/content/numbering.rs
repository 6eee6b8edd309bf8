//! The heading numbering of Chinese official documents (GB/T 9704 and everyday practice):
//! `一、` (level 1), `（一）` (level 2), `1.`/`1．` (level 3), `（1）` (level 4), and in regulations
//! `第一章`, `第一节`, `第一条`. Domain knowledge shared by `import` (which lines of a document are
//! headings) and `check` (a pasted paragraph that swallowed its headings).

use std::sync::LazyLock;

use regex::Regex;

static CONVENTIONS: LazyLock<Vec<(Regex, u8)>> = LazyLock::new(|| {
    let numeral = "[一二三四五六七八九十百零〇]+";
    [
        (format!("^第{numeral}章"), 1),
        (format!("^第{numeral}节"), 2),
        (format!("^第{numeral}条"), 3),
        (format!("^{numeral}、"), 1),
        (format!("^[（(]{numeral}[）)]"), 2),
        ("^[0-9]{1,2}[.．、]".to_string(), 3),
        ("^[（(][0-9]{1,2}[）)]".to_string(), 4),
    ]
    .into_iter()
    .map(|(pattern, level)| {
        (
            Regex::new(&pattern).expect("heading patterns are valid"),
            level,
        )
    })
    .collect()
});

/// The GB/T 9704 level (1–4) a line's numbering announces, if any.
pub fn convention_level(text: &str) -> Option<u8> {
    CONVENTIONS.iter().find_map(|(re, level)| {
        let found = re.find(text)?;
        // `1.5万元` is a number, not a heading.
        let next = text[found.end()..].chars().next();
        if *level == 3 && next.is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(*level)
    })
}
