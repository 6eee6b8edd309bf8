//! Text escaped for the markup jianbao writes: HTML pages, feeds, the sitemap, and the
//! preview's error overlay and reload messages. One function for all of them, below every stage,
//! so neither the preview nor the feeds own it.

/// Escapes text for XML element content and double-quoted attributes, dropping the characters
/// XML 1.0 does not allow at all (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF).
/// `\r` is written as `&#13;` so a parser's end-of-line normalisation does not lose it.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if is_forbidden_in_xml(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// True for characters outside XML 1.0's `Char` production (Rust strings hold no surrogates).
fn is_forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_and_forbidden_controls_are_escaped_or_dropped() {
        assert_eq!(
            escape_xml("a<b>&\"c\"\u{0}\u{8}\u{B}\u{1F}\u{FFFE}\t\n\r中"),
            "a&lt;b&gt;&amp;&quot;c&quot;\t\n&#13;中"
        );
    }
}
