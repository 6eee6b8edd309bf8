//! Code masking: the first step of every scan.
//!
//! Owns [`mask_markdown`], which replaces everything that is not prose with ASCII spaces
//! of the same byte length, keeping `\n` and `\r`. Byte offsets, line numbers and the
//! prose around the masked parts stay exactly where they were, so a rule can scan the
//! masked text and report positions in the original. Masked:
//!
//! - fenced code blocks (```` ``` ```` / `~~~`, also inside block quotes and list items)
//!   and indented code blocks (4 spaces or a tab after a blank line, outside lists);
//! - inline code spans (any backtick run length, CommonMark matching);
//! - HTML comments, except `<!-- jianbao-ignore: … -->` directives, which must survive
//!   so the driver can read them (and which are plain ASCII no rule reacts to);
//! - HTML tags (`<img src=… alt=…>`, `<a href=…>`), whose attributes are not prose;
//! - link and image destinations and titles `](…)`, reference definitions `[x]: url`;
//! - autolinks `<https://…>` and bare `http(s)://…` / `www.…` URLs.
//!
//! [`Masked::spans`] records what was masked and why, so rules that need the original
//! (external links, `alt` text, link text) can still tell code from a link destination.

use std::collections::HashMap;

/// Why a byte range was masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaskKind {
    CodeBlock,
    CodeSpan,
    Comment,
    HtmlTag,
    LinkDestination,
    Autolink,
}

impl MaskKind {
    /// Code and comments are never published as prose; everything else is markup
    /// around prose (a URL in a link is still published, as a link).
    pub fn is_code_or_comment(self) -> bool {
        matches!(
            self,
            MaskKind::CodeBlock | MaskKind::CodeSpan | MaskKind::Comment
        )
    }
}

/// The masked text and the sorted, non-overlapping ranges that were blanked.
#[derive(Debug, Clone)]
pub struct Masked {
    pub text: String,
    pub spans: Vec<(std::ops::Range<usize>, MaskKind)>,
}

impl Masked {
    /// What masked the byte at `offset`, if anything.
    pub fn kind_at(&self, offset: usize) -> Option<MaskKind> {
        let idx = self.spans.partition_point(|(r, _)| r.end <= offset);
        self.spans
            .get(idx)
            .filter(|(r, _)| r.start <= offset)
            .map(|(_, k)| *k)
    }

    /// Whether `offset` lies in code or a comment (not published prose).
    pub fn in_code(&self, offset: usize) -> bool {
        self.kind_at(offset)
            .is_some_and(MaskKind::is_code_or_comment)
    }
}

/// Longest link destination / HTML tag we look for. A bound keeps the scan linear on
/// pathological input (thousands of `](` without a closing parenthesis on one line).
const MAX_INLINE: usize = 4096;

/// Masks a Markdown body; see the module documentation for what is masked.
pub fn mask_markdown(src: &str) -> Masked {
    let mut spans = block_spans(src);
    let pre = std::mem::take(&mut spans);
    let mut inline = InlineScanner::new(src, &pre).run();
    spans = pre;
    spans.append(&mut inline);
    spans.sort_by_key(|(r, _)| r.start);

    let mut text = String::with_capacity(src.len());
    let mut pos = 0;
    let mut kept: Vec<(std::ops::Range<usize>, MaskKind)> = Vec::with_capacity(spans.len());
    for (range, kind) in spans {
        // Spans never overlap by construction; clamp anyway so the text stays valid.
        let start = range.start.max(pos);
        if start >= range.end {
            continue;
        }
        text.push_str(&src[pos..start]);
        for &b in &src.as_bytes()[start..range.end] {
            text.push(if b == b'\n' || b == b'\r' {
                b as char
            } else {
                ' '
            });
        }
        pos = range.end;
        kept.push((start..range.end, kind));
    }
    text.push_str(&src[pos..]);
    Masked { text, spans: kept }
}

/// Line-level pass: fenced and indented code blocks, reference definitions.
fn block_spans(src: &str) -> Vec<(std::ops::Range<usize>, MaskKind)> {
    let mut spans = Vec::new();
    let mut fence: Option<(u8, usize, usize)> = None; // (char, run length, start offset)
    let mut prev_blank = true;
    let mut in_list = false;
    let mut in_indented = false;
    let mut pos = 0;
    for raw in src.split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let end = start + line.len();
        let content = strip_quote(line);
        let body = content.trim_start_matches([' ', '\t']);

        if let Some((ch, len, fstart)) = fence {
            if is_fence_close(body, ch, len) {
                spans.push((fstart..end, MaskKind::CodeBlock));
                fence = None;
                prev_blank = false;
            }
            continue;
        }
        if let Some((ch, len)) = fence_open(body) {
            fence = Some((ch, len, start));
            in_indented = false;
            continue;
        }
        let blank = body.is_empty();
        if blank {
            prev_blank = true;
            continue;
        }
        let indent = indent_width(content);
        if indent >= 4 && !in_list && (prev_blank || in_indented) && content.len() == line.len() {
            spans.push((start..end, MaskKind::CodeBlock));
            in_indented = true;
            prev_blank = false;
            continue;
        }
        in_indented = false;
        if is_list_item(body) && indent < 4 {
            in_list = true;
        } else if indent == 0 && prev_blank {
            // A paragraph starting at column 0 after a blank line ends any list.
            in_list = false;
        }
        if let Some(r) = reference_definition(line) {
            spans.push((start + r.start..start + r.end, MaskKind::LinkDestination));
        }
        prev_blank = false;
    }
    if let Some((_, _, fstart)) = fence {
        // CommonMark: an unclosed fence runs to the end of the document.
        spans.push((fstart..src.len(), MaskKind::CodeBlock));
    }
    spans
}

/// Drops block-quote markers (`>`, `> >`) so fences inside quotes are recognised.
fn strip_quote(line: &str) -> &str {
    let mut rest = line;
    loop {
        let t = rest.trim_start_matches(' ');
        if rest.len() - t.len() <= 3 && t.starts_with('>') {
            rest = t[1..].strip_prefix(' ').unwrap_or(&t[1..]);
        } else {
            return rest;
        }
    }
}

fn indent_width(s: &str) -> usize {
    let mut w = 0;
    for b in s.bytes() {
        match b {
            b' ' => w += 1,
            b'\t' => w += 4 - w % 4,
            _ => break,
        }
    }
    w
}

fn fence_open(body: &str) -> Option<(u8, usize)> {
    let b = body.as_bytes();
    let ch = *b.first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = b.iter().take_while(|&&c| c == ch).count();
    if len < 3 {
        return None;
    }
    // A backtick fence's info string may not contain backticks (that is inline code).
    if ch == b'`' && body[len..].contains('`') {
        return None;
    }
    Some((ch, len))
}

fn is_fence_close(body: &str, ch: u8, len: usize) -> bool {
    let run = body.bytes().take_while(|&c| c == ch).count();
    run >= len && body[run..].trim().is_empty()
}

fn is_list_item(body: &str) -> bool {
    let b = body.as_bytes();
    if matches!(b.first(), Some(b'-' | b'*' | b'+')) {
        return matches!(b.get(1), None | Some(b' ' | b'\t'));
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=9).contains(&digits)
        && matches!(b.get(digits), Some(b'.' | b')'))
        && matches!(b.get(digits + 1), None | Some(b' ' | b'\t'))
}

/// `[label]: destination "title"` → the byte range of destination and title in `line`.
fn reference_definition(line: &str) -> Option<std::ops::Range<usize>> {
    let lead = line.len() - line.trim_start_matches(' ').len();
    if lead > 3 {
        return None;
    }
    let rest = &line[lead..];
    if !rest.starts_with('[') || rest.starts_with("[^") {
        return None;
    }
    let close = rest.find("]:")?;
    if close < 2 || rest[1..close].contains(['[', ']']) {
        return None;
    }
    let after = lead + close + 2;
    let dest = line[after..].trim_start();
    if dest.is_empty() {
        return None;
    }
    let dest_start = line.len() - dest.len();
    Some(dest_start..line.trim_end().len())
}

/// Inline pass over everything outside code blocks.
struct InlineScanner<'a> {
    src: &'a str,
    b: &'a [u8],
    pre: &'a [(std::ops::Range<usize>, MaskKind)],
    /// Start offsets of blank lines, for "end of paragraph" look-ups.
    blank_lines: Vec<usize>,
    out: Vec<(std::ops::Range<usize>, MaskKind)>,
    /// Backtick run length → paragraph end for which no closer exists (memo keeps the
    /// scan linear when a paragraph holds many unmatched backticks).
    no_closer: HashMap<usize, usize>,
    no_comment_end: bool,
}

impl<'a> InlineScanner<'a> {
    fn new(src: &'a str, pre: &'a [(std::ops::Range<usize>, MaskKind)]) -> Self {
        let mut blank_lines = Vec::new();
        let mut pos = 0;
        for raw in src.split_inclusive('\n') {
            if raw.trim().is_empty() {
                blank_lines.push(pos);
            }
            pos += raw.len();
        }
        InlineScanner {
            src,
            b: src.as_bytes(),
            pre,
            blank_lines,
            out: Vec::new(),
            no_closer: HashMap::new(),
            no_comment_end: false,
        }
    }

    /// Where the paragraph containing `i` ends: the next blank line or pre-masked span.
    fn limit(&self, i: usize, next_pre: usize) -> usize {
        let idx = self.blank_lines.partition_point(|&s| s <= i);
        let blank = self.blank_lines.get(idx).copied().unwrap_or(self.b.len());
        blank.min(next_pre)
    }

    fn run(mut self) -> Vec<(std::ops::Range<usize>, MaskKind)> {
        let mut i = 0;
        let mut p = 0;
        let len = self.b.len();
        while i < len {
            while p < self.pre.len() && self.pre[p].0.end <= i {
                p += 1;
            }
            let next_pre = match self.pre.get(p) {
                Some((r, _)) if r.start <= i => {
                    i = r.end;
                    continue;
                }
                Some((r, _)) => r.start,
                None => len,
            };
            i = match self.b[i] {
                b'\\' => {
                    // A backslash escapes the next ASCII punctuation (e.g. "\`").
                    if self.b.get(i + 1).is_some_and(|c| c.is_ascii_punctuation()) {
                        i + 2
                    } else {
                        i + 1
                    }
                }
                b'`' => self.code_span(i, next_pre),
                b'<' => self.angle(i, next_pre),
                b']' if self.b.get(i + 1) == Some(&b'(') => self.destination(i + 1),
                b'h' | b'H' | b'w' | b'W' => self.bare_url(i),
                _ => i + 1,
            };
        }
        self.out
    }

    fn code_span(&mut self, i: usize, next_pre: usize) -> usize {
        let run = self.b[i..].iter().take_while(|&&c| c == b'`').count();
        let limit = self.limit(i, next_pre);
        if self.no_closer.get(&run) == Some(&limit) {
            return i + run;
        }
        let mut j = i + run;
        while j < limit {
            if self.b[j] == b'`' {
                let r = self.b[j..limit].iter().take_while(|&&c| c == b'`').count();
                if r == run {
                    self.out.push((i..j + r, MaskKind::CodeSpan));
                    return j + r;
                }
                j += r;
            } else {
                j += 1;
            }
        }
        self.no_closer.insert(run, limit);
        i + run
    }

    fn angle(&mut self, i: usize, next_pre: usize) -> usize {
        let rest = &self.src[i..];
        if rest.starts_with("<!--") {
            if self.no_comment_end {
                return i + 4;
            }
            let Some(end) = rest
                .strip_prefix("<!--")
                .and_then(|r| r.find("-->"))
                .map(|e| i + 4 + e + 3)
            else {
                self.no_comment_end = true;
                return i + 4;
            };
            let inner = self.src[i + 4..end - 3].trim_start();
            if !inner.starts_with("jianbao-ignore") {
                self.out.push((i..end, MaskKind::Comment));
            }
            return end;
        }
        let limit = self.limit(i, next_pre).min(i + MAX_INLINE);
        if let Some(end) = autolink_end(&self.b[..limit], i) {
            self.out.push((i..end, MaskKind::Autolink));
            return end;
        }
        if let Some(end) = html_tag_end(&self.b[..limit], i) {
            self.out.push((i..end, MaskKind::HtmlTag));
            return end;
        }
        i + 1
    }

    /// `open` is the `(` after `]`; masks up to, not including, the closing `)`.
    /// Follows the CommonMark grammar closely enough to fail fast: a destination without
    /// spaces (or in `<…>`) with balanced parentheses nested at most 32 deep, then an
    /// optional title, then `)`.
    fn destination(&mut self, open: usize) -> usize {
        let b = self.b;
        let stop = b.len().min(open + MAX_INLINE);
        let fail = open + 1;
        let mut j = open + 1;
        while j < stop && matches!(b[j], b' ' | b'\t') {
            j += 1;
        }
        if j < stop && b[j] == b'<' {
            j += 1;
            while j < stop && !matches!(b[j], b'>' | b'\n' | b'<') {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            if j >= stop || b[j] != b'>' {
                return fail;
            }
            j += 1;
        } else {
            let mut depth = 0usize;
            while j < stop {
                match b[j] {
                    b'\\' => j += 1,
                    b'(' => {
                        depth += 1;
                        if depth > 32 {
                            return fail;
                        }
                    }
                    b')' if depth == 0 => break,
                    b')' => depth -= 1,
                    c if c <= b' ' => break,
                    _ => {}
                }
                j += 1;
            }
        }
        while j < stop && matches!(b[j], b' ' | b'\t') {
            j += 1;
        }
        if j < stop && matches!(b[j], b'"' | b'\'' | b'(') {
            let close = if b[j] == b'(' { b')' } else { b[j] };
            j += 1;
            while j < stop && b[j] != close {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            j += 1;
            while j < stop && matches!(b[j], b' ' | b'\t') {
                j += 1;
            }
        }
        if j < stop && b[j] == b')' {
            if j > open + 1 {
                self.out.push((open + 1..j, MaskKind::LinkDestination));
            }
            return j + 1;
        }
        fail
    }

    fn bare_url(&mut self, i: usize) -> usize {
        if i > 0 && self.b[i - 1].is_ascii_alphanumeric() {
            return i + 1;
        }
        let rest = &self.b[i..];
        let prefix = ["https://", "http://", "www."]
            .iter()
            .find(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes()));
        let Some(prefix) = prefix else { return i + 1 };
        if !rest[prefix.len()].is_ascii_alphanumeric() {
            return i + 1;
        }
        // URL characters: printable ASCII except space and delimiters. Chinese text often
        // follows a URL without a space, so any non-ASCII byte ends it.
        let mut end = i + rest
            .iter()
            .take_while(|&&c| c.is_ascii_graphic() && !matches!(c, b'<' | b'>' | b'"' | b'`'))
            .count();
        // GFM: trailing punctuation is not part of the URL; nor is an unbalanced `)`.
        loop {
            match self.b[end - 1] {
                b'.' | b',' | b':' | b';' | b'!' | b'?' | b'*' | b'_' | b'~' | b'\'' => end -= 1,
                b')' => {
                    let url = &self.b[i..end];
                    let open = url.iter().filter(|&&c| c == b'(').count();
                    let close = url.iter().filter(|&&c| c == b')').count();
                    if close > open { end -= 1 } else { break }
                }
                _ => break,
            }
        }
        self.out.push((i..end, MaskKind::Autolink));
        end
    }
}

/// `<scheme:…>` or `<user@host>` starting at `i`; returns the end offset (after `>`).
fn autolink_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let scheme = b[j..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
        .count();
    let is_uri = (2..=32).contains(&scheme)
        && b[j].is_ascii_alphabetic()
        && b.get(j + scheme) == Some(&b':');
    let mut at = false;
    while j < b.len() {
        match b[j] {
            b'>' => {
                return (j > i + 1 && (is_uri || at)).then_some(j + 1);
            }
            b'@' => at = true,
            c if c <= b' ' || c == b'<' || c >= 0x80 => return None,
            _ => {}
        }
        j += 1;
    }
    None
}

/// An HTML open/close tag, declaration or processing instruction starting at `i`.
fn html_tag_end(b: &[u8], i: usize) -> Option<usize> {
    let first = *b.get(i + 1)?;
    let name_start = match first {
        b'/' => i + 2,
        b'!' | b'?' => i + 1,
        _ => i + 1,
    };
    let first_name = *b.get(name_start)?;
    if !(first_name.is_ascii_alphabetic() || (first == b'!' || first == b'?')) {
        return None;
    }
    let mut quote: Option<u8> = None;
    let mut j = name_start + 1;
    while j < b.len() {
        let c = b[j];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' => quote = Some(c),
                b'>' => return Some(j + 1),
                b'<' => return None,
                _ => {}
            },
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        let out = mask_markdown(s);
        assert_eq!(out.text.len(), s.len(), "byte length preserved");
        assert_eq!(out.text.matches('\n').count(), s.matches('\n').count());
        out.text
    }

    #[test]
    fn fenced_code_is_blanked() {
        let s = "前文\n```rust\nlet x = \"攻府XX\";\n```\n后文";
        let t = m(s);
        assert!(t.starts_with("前文\n"));
        assert!(t.ends_with("\n后文"));
        assert!(!t.contains("攻府"));
        assert!(!t.contains("```"));
    }

    #[test]
    fn tilde_fence_in_blockquote_and_unclosed_fence() {
        let t = m("> ~~~\n> 攻府\n> ~~~\n正文");
        assert!(!t.contains("攻府") && t.contains("正文"));
        let t = m("正文\n```\n攻府 没有闭合");
        assert!(!t.contains("攻府") && t.starts_with("正文"));
    }

    #[test]
    fn indented_code_only_after_blank_line_outside_lists() {
        let t = m("段落\n\n    攻府 code\n\n后文");
        assert!(!t.contains("攻府"));
        // Continuation of a paragraph (no blank line before) is not code.
        let t = m("段落\n    攻府续行");
        assert!(t.contains("攻府"));
        // An indented paragraph inside a list item is not code.
        let t = m("1. 项目\n\n    攻府续段");
        assert!(t.contains("攻府"));
        // Full-width spaces (paragraph indentation in Chinese) are not code indentation.
        let t = m("\n\u{3000}\u{3000}攻府正文");
        assert!(t.contains("攻府"));
    }

    #[test]
    fn code_spans_match_by_run_length() {
        assert_eq!(m("前`攻府`后"), "前        后");
        let t = m("前``a`攻府``后");
        assert!(!t.contains("攻府") && t.contains('后'));
        // Unmatched backtick stays literal and does not swallow the rest.
        assert!(m("前`攻府").contains("攻府"));
        // Escaped backtick does not open a span.
        assert!(m("前\\`攻府`").contains("攻府"));
        // Code spans do not cross a blank line.
        assert!(m("前`攻府\n\n后`").contains("攻府"));
    }

    #[test]
    fn comments_masked_but_directives_kept() {
        let t = m("甲<!-- 攻府 -->乙");
        assert!(!t.contains("攻府") && t.contains('甲') && t.contains('乙'));
        let d = "甲<!-- jianbao-ignore: typo -->乙";
        assert_eq!(m(d), d);
        let t = m("<!--\n多行\n注释\n-->正文");
        assert!(!t.contains("注释") && t.contains("正文"));
    }

    #[test]
    fn destinations_and_urls_masked() {
        let t = m("见[通知](https://x.example.com/a_(b).html \"标题,XX\")。");
        assert!(t.contains("[通知]("), "{t}");
        assert!(!t.contains("example") && !t.contains("XX"));
        assert!(t.ends_with(")。"));
        let t = m("网址https://www.gov.cn/zhengce/2026.html，请查阅");
        assert!(!t.contains("gov") && t.contains("，请查阅"));
        let t = m("访问www.example.com。");
        assert!(!t.contains("example") && t.ends_with('。'));
        let t = m("<https://example.com/x> 与 <someone@example.com>");
        assert!(!t.contains("example"));
        let t = m("[参考]: https://example.com/x \"题\"\n正文");
        assert!(!t.contains("example") && t.contains("[参考]:"));
    }

    #[test]
    fn html_tags_masked_text_kept() {
        let t = m("<p class=\"a>b\">正文</p>");
        assert!(t.contains("正文") && !t.contains('<') && !t.contains("class"));
        // Not tags: comparison signs in prose.
        assert_eq!(m("增长<5%，a < b"), "增长<5%，a < b");
    }

    #[test]
    fn kinds_are_reported() {
        let s = "`code` [x](y.png) <!-- c -->";
        let out = mask_markdown(s);
        assert_eq!(out.kind_at(0), Some(MaskKind::CodeSpan));
        assert_eq!(out.kind_at(11), Some(MaskKind::LinkDestination));
        assert!(out.in_code(20));
        assert_eq!(out.kind_at(7), None);
    }

    #[test]
    fn pathological_input_stays_fast() {
        let s = "](".repeat(50_000) + &"`".repeat(3) + &"a`".repeat(50_000);
        let start = std::time::Instant::now();
        let _ = mask_markdown(&s);
        assert!(start.elapsed().as_secs() < 5);
    }
}
