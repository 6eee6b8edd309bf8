//! CJK-friendly emphasis as a post-pass over pulldown-cmark's event stream.
//!
//! pulldown-cmark 0.13 follows CommonMark's flanking rules, so `**注意：**正文`
//! stays literal: the closing `**` has full-width punctuation inside and a
//! letter outside. The upstream fix is not released, so this pass redoes the
//! emphasis matching itself for the inline content of each block:
//!
//! 1. The block's inline events are turned into tokens. Emphasis, strong and
//!    strikethrough tags that pulldown-cmark produced are turned back into
//!    their delimiter characters (their positions come from the source
//!    ranges), and bare `*`, `_`, `~` in text events become delimiters too.
//!    Code spans, HTML, autolinks, entities and backslash-escaped characters
//!    never yield delimiters.
//! 2. Every delimiter run is classified twice, with the plain and the
//!    CJK-friendly flanking rules. If no run differs, pulldown-cmark's own
//!    result is already right and the block is returned untouched, so text
//!    without CJK-adjacent delimiters renders byte-for-byte as before.
//! 3. Otherwise the CommonMark delimiter-stack algorithm runs over all runs
//!    with the CJK-friendly flags (one stack per link/image nesting level,
//!    since emphasis never spans a link boundary), and the tokens are turned
//!    back into events.
//!
//! Flanking looks at the source characters around a run, as pulldown-cmark
//! does, with the start and end of each line of inline content counting as
//! whitespace. pulldown-cmark's own quirks for `~` (single-tilde
//! strikethrough, equal-length pairing, a shared "openers bottom" for all
//! tilde runs) are reproduced so that re-matched blocks agree with it; the
//! tests force the matcher over plain CommonMark input to check that.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::Spanned;
use super::flanking::{Neighbour, delimiter_flags};

/// Rewrites emphasis in every inline block where the CJK-friendly rules
/// change the outcome; everything else passes through unchanged.
pub(crate) fn fix_cjk_emphasis<'a>(source: &'a str, events: Vec<Spanned<'a>>) -> Vec<Spanned<'a>> {
    fix_emphasis(source, events, Redo::WhenCjkMatters)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Redo {
    WhenCjkMatters,
    /// Re-match every block; lets the tests check this matcher against
    /// pulldown-cmark's on plain CommonMark input.
    #[cfg(test)]
    Always,
}

fn fix_emphasis<'a>(source: &'a str, events: Vec<Spanned<'a>>, redo: Redo) -> Vec<Spanned<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut inline: Vec<Spanned<'a>> = Vec::new();
    // Text inside code and HTML blocks is verbatim, never inline content.
    let mut verbatim = 0usize;
    for (event, range) in events {
        if verbatim == 0 && is_inline(&event) {
            inline.push((event, range));
            continue;
        }
        if !inline.is_empty() {
            out.extend(fix_inline(source, std::mem::take(&mut inline), redo));
        }
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                verbatim += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                verbatim = verbatim.saturating_sub(1);
            }
            _ => {}
        }
        out.push((event, range));
    }
    if !inline.is_empty() {
        out.extend(fix_inline(source, inline, redo));
    }
    out
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

/// The inline content of one block (paragraph, heading, table cell, tight
/// list item text).
fn fix_inline<'a>(source: &'a str, events: Vec<Spanned<'a>>, redo: Redo) -> Vec<Spanned<'a>> {
    let mut tokenizer = Tokenizer::new(source);
    for (event, range) in &events {
        tokenizer.push(event.clone(), range.clone());
    }
    let Tokenizer {
        tokens,
        mut runs,
        broken,
        ..
    } = tokenizer;
    if runs.is_empty() || broken {
        return events;
    }
    let edges = line_edges(&tokens, runs.len());
    for (delim, (at_start, at_end)) in runs.iter_mut().zip(edges) {
        delim.classify(source, at_start, at_end);
    }
    if redo == Redo::WhenCjkMatters && !runs.iter().any(|d| d.cjk_changed) {
        return events;
    }
    resolve(&tokens, &mut runs);
    emit(source, tokens, &runs)
}

/// What a matched pair of delimiters becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Emphasis,
    Strong,
    /// Strikethrough consumes whole `~` runs, one or two characters long.
    Strike(usize),
}

impl Kind {
    fn width(self) -> usize {
        match self {
            Kind::Emphasis => 1,
            Kind::Strong => 2,
            Kind::Strike(n) => n,
        }
    }

    fn tag(self) -> Tag<'static> {
        match self {
            Kind::Emphasis => Tag::Emphasis,
            Kind::Strong => Tag::Strong,
            Kind::Strike(_) => Tag::Strikethrough,
        }
    }
}

/// A maximal run of one delimiter character, and what matching made of it.
#[derive(Debug)]
struct DelimRun {
    ch: u8,
    /// Byte offset of the first character in the source.
    start: usize,
    len: usize,
    can_open: bool,
    can_close: bool,
    /// The plain CommonMark rules would classify this run differently.
    cjk_changed: bool,
    /// Characters not yet used by a match; they render literally.
    remaining: usize,
    /// Closing tags taken from the left end of the run, in match order.
    closes: Vec<Kind>,
    /// Opening tags taken from the right end of the run, in match order
    /// (innermost first).
    opens: Vec<Kind>,
}

impl DelimRun {
    fn new(ch: u8, start: usize, len: usize) -> Self {
        DelimRun {
            ch,
            start,
            len,
            can_open: false,
            can_close: false,
            cjk_changed: false,
            remaining: len,
            closes: Vec::new(),
            opens: Vec::new(),
        }
    }

    /// Computes the flags under both rule sets. A run at the start or end
    /// of a line of inline content sees the line edge (whitespace), not the
    /// container syntax around it (`>`, `|`), as pulldown-cmark does.
    fn classify(&mut self, source: &str, at_line_start: bool, at_line_end: bool) {
        let before = |cjk| {
            if at_line_start {
                Neighbour::EDGE
            } else {
                Neighbour::before(source, self.start, cjk)
            }
        };
        let after = if at_line_end {
            Neighbour::EDGE
        } else {
            Neighbour::after(source, self.start + self.len)
        };
        let plain = delimiter_flags(self.ch, self.len, before(false), after, false);
        let cjk = delimiter_flags(self.ch, self.len, before(true), after, true);
        (self.can_open, self.can_close) = cjk;
        self.cjk_changed = plain != cjk;
    }

    fn both(&self) -> bool {
        self.can_open && self.can_close
    }
}

enum Tok<'a> {
    Event(Event<'a>, Range<usize>),
    /// A whole delimiter run, by index into the run list.
    Delim(usize),
}

struct Tokenizer<'a> {
    source: &'a str,
    tokens: Vec<Tok<'a>>,
    runs: Vec<DelimRun>,
    in_autolink: bool,
    /// Set when a tag's delimiters could not be located in the source.
    broken: bool,
}

impl<'a> Tokenizer<'a> {
    fn new(source: &'a str) -> Self {
        Tokenizer {
            source,
            tokens: Vec::new(),
            runs: Vec::new(),
            in_autolink: false,
            broken: false,
        }
    }

    fn push(&mut self, event: Event<'a>, range: Range<usize>) {
        match &event {
            Event::Start(Tag::Emphasis) => self.push_delims(range.start, 1),
            Event::Start(Tag::Strong) => self.push_delims(range.start, 2),
            Event::Start(Tag::Strikethrough) => self.push_delims(range.start, self.tildes(&range)),
            Event::End(TagEnd::Emphasis) => self.push_delims(self.closing(&range, 1), 1),
            Event::End(TagEnd::Strong) => self.push_delims(self.closing(&range, 2), 2),
            Event::End(TagEnd::Strikethrough) => {
                let n = self.tildes(&range);
                self.push_delims(self.closing(&range, n), n);
            }
            Event::Text(text) if !self.in_autolink && self.is_verbatim(text, &range) => {
                self.push_text(range);
            }
            _ => {
                match &event {
                    Event::Start(Tag::Link { link_type, .. }) => {
                        self.in_autolink =
                            matches!(link_type, LinkType::Autolink | LinkType::Email);
                    }
                    Event::End(TagEnd::Link) => self.in_autolink = false,
                    _ => {}
                }
                self.tokens.push(Tok::Event(event, range));
            }
        }
    }

    /// A strikethrough's delimiter is the whole `~` run at its start; the
    /// closing run has the same length.
    fn tildes(&self, range: &Range<usize>) -> usize {
        self.source.as_bytes()[range.clone()]
            .iter()
            .take_while(|&&b| b == b'~')
            .count()
            .max(1)
    }

    /// Where the `count` closing delimiters of a tag spanning `range` start.
    /// The range can run past them over trailing whitespace (a heading line
    /// ending in a tab), so that is skipped.
    fn closing(&self, range: &Range<usize>, count: usize) -> usize {
        let trimmed = self.source[range.clone()].trim_end().len();
        (range.start + trimmed).saturating_sub(count)
    }

    /// Only text that appears in the source exactly as emitted can contain
    /// delimiters; entities (`&#42;`) and smart punctuation are literal.
    fn is_verbatim(&self, text: &str, range: &Range<usize>) -> bool {
        self.source.get(range.clone()) == Some(text)
    }

    fn push_text(&mut self, range: Range<usize>) {
        let text = &self.source[range.clone()];
        let mut literal_from = range.start;
        for (i, c) in text.char_indices() {
            let pos = range.start + i;
            if matches!(c, '*' | '_' | '~') && !is_escaped(self.source, pos) {
                self.push_literal(literal_from..pos);
                self.push_delims(pos, 1);
                literal_from = pos + 1;
            }
        }
        self.push_literal(literal_from..range.end);
    }

    fn push_literal(&mut self, range: Range<usize>) {
        if !range.is_empty() {
            let text = CowStr::Borrowed(&self.source[range.clone()]);
            self.tokens.push(Tok::Event(Event::Text(text), range));
        }
    }

    /// Adds `count` delimiter characters at `pos`, extending the previous run
    /// when they continue it in the source (`***` may arrive as a leftover
    /// `*` plus a strong tag).
    fn push_delims(&mut self, pos: usize, count: usize) {
        let bytes = self.source.as_bytes();
        let ch = bytes.get(pos).copied().unwrap_or(b' ');
        let expected = [ch; 2];
        if !matches!(ch, b'*' | b'_' | b'~') || bytes.get(pos..pos + count) != expected.get(..count)
        {
            // The source does not hold the delimiters where the ranges say;
            // give up on this block rather than emit something wrong.
            self.broken = true;
            return;
        }
        if let Some(Tok::Delim(last)) = self.tokens.last() {
            let run = &mut self.runs[*last];
            if run.ch == ch && run.start + run.len == pos {
                run.len += count;
                run.remaining += count;
                return;
            }
        }
        self.tokens.push(Tok::Delim(self.runs.len()));
        self.runs.push(DelimRun::new(ch, pos, count));
    }
}

/// For each run: whether it starts a line (first token, or right after a
/// line break) and whether it ends the inline content.
fn line_edges(tokens: &[Tok<'_>], run_count: usize) -> Vec<(bool, bool)> {
    let mut edges = vec![(false, false); run_count];
    for (i, tok) in tokens.iter().enumerate() {
        let Tok::Delim(index) = tok else { continue };
        let at_start = i == 0
            || matches!(
                tokens[i - 1],
                Tok::Event(Event::SoftBreak | Event::HardBreak, _)
            );
        edges[*index] = (at_start, i + 1 == tokens.len());
    }
    edges
}

/// pulldown-cmark starts a new text event right after an escaping backslash,
/// so the backslash is not part of the text; an odd number of backslashes
/// immediately before `pos` in the source means the character is escaped.
fn is_escaped(source: &str, pos: usize) -> bool {
    let backslashes = source.as_bytes()[..pos]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count();
    backslashes % 2 == 1
}

/// The delimiter-stack algorithm of CommonMark's "process emphasis", run
/// eagerly as each closer is met (the same order pulldown-cmark uses).
fn resolve(tokens: &[Tok<'_>], runs: &mut [DelimRun]) {
    let mut frames = vec![Frame::default()];
    for tok in tokens {
        match tok {
            Tok::Event(Event::Start(Tag::Link { .. } | Tag::Image { .. }), _) => {
                frames.push(Frame::default());
            }
            Tok::Event(Event::End(TagEnd::Link | TagEnd::Image), _) => {
                // Openers left inside a link's text stay literal.
                if frames.len() > 1 {
                    frames.pop();
                }
            }
            Tok::Delim(index) => {
                let frame = frames
                    .last_mut()
                    .expect("the outermost frame is never popped");
                frame.process_run(runs, *index);
            }
            Tok::Event(..) => {}
        }
    }
}

/// The delimiter stack of one link/image nesting level.
#[derive(Debug, Default)]
struct Frame {
    /// Indices of runs that may still open, innermost last.
    stack: Vec<usize>,
    /// CommonMark's "openers bottom": once a closer found nothing, closers of
    /// the same kind (see [`floor_slot`]) need not look below that stack
    /// height again. This keeps long paragraphs linear.
    floors: [usize; FLOOR_SLOTS],
}

/// One slot per (`*`/`_`, run length mod 3, can open) plus one shared by all
/// `~` runs: pulldown-cmark shares it across `~` and `~~`, which is not a
/// mere optimisation there, and mixed tilde runs must render as before.
const FLOOR_SLOTS: usize = 13;

fn floor_slot(run: &DelimRun) -> usize {
    match run.ch {
        b'~' => FLOOR_SLOTS - 1,
        ch => {
            let base = if ch == b'*' { 0 } else { 6 };
            base + (run.len % 3) * 2 + usize::from(run.can_open)
        }
    }
}

impl Frame {
    fn process_run(&mut self, runs: &mut [DelimRun], closer: usize) {
        if runs[closer].can_close {
            while runs[closer].remaining > 0 {
                let Some(slot) = self.find_opener(runs, closer) else {
                    self.floors[floor_slot(&runs[closer])] = self.stack.len();
                    break;
                };
                self.pair(runs, slot, closer);
            }
        }
        if runs[closer].remaining > 0 && runs[closer].can_open {
            self.stack.push(closer);
        }
    }

    /// Matches the opener at `slot` with `closer`, innermost characters first.
    fn pair(&mut self, runs: &mut [DelimRun], slot: usize, closer: usize) {
        let opener = self.stack[slot];
        // Delimiters between the pair can no longer match anything.
        self.stack.truncate(slot + 1);
        for floor in &mut self.floors {
            *floor = (*floor).min(slot);
        }
        let kind = pair_kind(&runs[opener], &runs[closer]);
        runs[opener].remaining -= kind.width();
        runs[opener].opens.push(kind);
        runs[closer].remaining -= kind.width();
        runs[closer].closes.push(kind);
        if runs[opener].remaining == 0 {
            self.stack.pop();
        }
    }

    /// Stack slot of the nearest opener that may pair with `closer`.
    fn find_opener(&self, runs: &[DelimRun], closer: usize) -> Option<usize> {
        let c = &runs[closer];
        let floor = self.floors[floor_slot(c)].min(self.stack.len());
        let found = self.stack[floor..].iter().rposition(|&index| {
            let o = &runs[index];
            if o.ch != c.ch {
                return false;
            }
            if o.ch == b'~' {
                // GFM strikethrough pairs only runs of equal length.
                return o.len == c.len;
            }
            // The "rule of 3": a run that can both open and close may not
            // pair when the lengths add up to a multiple of 3, unless both
            // lengths are multiples of 3.
            let rule_of_three = (o.both() || c.both())
                && (o.len + c.len).is_multiple_of(3)
                && !(o.len.is_multiple_of(3) && c.len.is_multiple_of(3));
            !rule_of_three
        });
        found.map(|i| i + floor)
    }
}

fn pair_kind(opener: &DelimRun, closer: &DelimRun) -> Kind {
    if opener.ch == b'~' {
        Kind::Strike(opener.remaining)
    } else if opener.remaining >= 2 && closer.remaining >= 2 {
        Kind::Strong
    } else {
        Kind::Emphasis
    }
}

fn emit<'a>(source: &'a str, tokens: Vec<Tok<'a>>, runs: &[DelimRun]) -> Vec<Spanned<'a>> {
    let mut out = Vec::with_capacity(tokens.len() + runs.len());
    for tok in tokens {
        match tok {
            Tok::Event(event, range) => out.push((event, range)),
            Tok::Delim(index) => emit_run(source, &runs[index], &mut out),
        }
    }
    out
}

/// A run renders as `[closing tags][literal rest][opening tags]`: closers
/// consume from the left, openers from the right (the side facing the text
/// they wrap).
fn emit_run<'a>(source: &'a str, run: &DelimRun, out: &mut Vec<Spanned<'a>>) {
    let mut pos = run.start;
    for kind in &run.closes {
        let next = pos + kind.width();
        out.push((Event::End(kind.tag().to_end()), pos..next));
        pos = next;
    }
    if run.remaining > 0 {
        let next = pos + run.remaining;
        out.push((Event::Text(CowStr::Borrowed(&source[pos..next])), pos..next));
        pos = next;
    }
    for kind in run.opens.iter().rev() {
        let next = pos + kind.width();
        out.push((Event::Start(kind.tag()), pos..next));
        pos = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn parse(source: &str) -> Vec<Spanned<'_>> {
        Parser::new_ext(source, crate::markdown::parser_options(false))
            .into_offset_iter()
            .collect()
    }

    fn to_html(events: Vec<Spanned<'_>>) -> String {
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter().map(|(e, _)| e));
        out
    }

    fn plain(source: &str) -> String {
        to_html(parse(source))
    }

    fn fixed(source: &str, redo: Redo) -> String {
        to_html(fix_emphasis(source, parse(source), redo))
    }

    /// Ordinary CommonMark input: the pass must not change a byte, and the
    /// matcher (forced to run) must agree with pulldown-cmark's.
    const ASCII_CASES: &[&str] = &[
        "**bold**",
        "*em*",
        "_em_ and __strong__",
        "a * b * c",
        "2*3*4",
        "snake_case_name",
        "**a**b",
        "foo**bar**",
        "*a **b** c*",
        "\\*\\*not\\*\\*",
        "\\\\*em*",
        "`**code**` and **b**",
        "~~x~~",
        "~x~ and ~~~y~~~",
        "a~~b~~c",
        "[*link*](http://x.com/*a*b*) *c*",
        "<http://a.com/*x*> *y*",
        "foo_bar_baz __init__",
        "* item *one*\n* item two",
        "***",
        "***strong em***",
        "**a*b*c**",
        "*a**b*",
        "***a**b*",
        "**foo*bar**baz*",
        "a\n***\nb",
        "_a *b_ c*",
        "*[a*](b)",
        "**a [b**](c)**",
        "&#42;not&#42; *yes*",
        "<span>*x*</span> **y**",
        "a ** b ** c",
        "| a | **b** |\n|---|---|\n| *c* | d_e_f |",
        "> *quoted* **text**\n> more*",
        "line *one\nline* two",
        "![*alt*](img.png) **x**",
        "***a*** ****b**** *****c*****",
        "_foo_bar_ *foo*bar*",
    ];

    #[test]
    fn ascii_input_is_untouched() {
        for source in ASCII_CASES {
            assert_eq!(
                fixed(source, Redo::WhenCjkMatters),
                plain(source),
                "input: {source:?}"
            );
        }
    }

    #[test]
    fn forced_matcher_agrees_with_pulldown_on_ascii() {
        for source in ASCII_CASES {
            assert_eq!(
                fixed(source, Redo::Always),
                plain(source),
                "input: {source:?}"
            );
        }
    }

    #[test]
    fn chinese_without_cjk_adjacent_delimiters_is_untouched() {
        for source in [
            "第一段，没有强调。\n\n第二段：包括“引号”和（括号）。",
            "中文 **加粗** 中文",
            "中文**加粗**中文",
            "- 列表项：内容\n- 另一项",
        ] {
            assert_eq!(
                fixed(source, Redo::WhenCjkMatters),
                plain(source),
                "{source:?}"
            );
        }
    }

    #[test]
    fn cjk_punctuation_inside_delimiters() {
        let cases = [
            ("**注意：**正文", "<p><strong>注意：</strong>正文</p>\n"),
            (
                "这是**“重要”**内容",
                "<p>这是<strong>“重要”</strong>内容</p>\n",
            ),
            ("**中文。**后面", "<p><strong>中文。</strong>后面</p>\n"),
            (
                "~~删除（括号）。~~继续",
                "<p><del>删除（括号）。</del>继续</p>\n",
            ),
            ("*强调：*文字", "<p><em>强调：</em>文字</p>\n"),
            (
                "前面**（括号）**后面",
                "<p>前面<strong>（括号）</strong>后面</p>\n",
            ),
        ];
        for (source, expected) in cases {
            assert_eq!(fixed(source, Redo::WhenCjkMatters), expected, "{source:?}");
        }
    }

    #[test]
    fn mixed_paragraph() {
        let source = "**注意：**正文*强调：*文字，~~旧（废弃）。~~新**重点**。";
        assert_eq!(
            fixed(source, Redo::WhenCjkMatters),
            "<p><strong>注意：</strong>正文<em>强调：</em>文字，\
             <del>旧（废弃）。</del>新<strong>重点</strong>。</p>\n"
        );
    }

    #[test]
    fn pulldown_mismatch_is_redone() {
        // pulldown-cmark pairs the first `**` with the last one here.
        let source = "**注意：**正文**重点**";
        assert_eq!(
            fixed(source, Redo::WhenCjkMatters),
            "<p><strong>注意：</strong>正文<strong>重点</strong></p>\n"
        );
    }

    #[test]
    fn link_inside_strong() {
        let source = "**见[通知](/a/*b*.html)：**正文";
        assert_eq!(
            fixed(source, Redo::WhenCjkMatters),
            "<p><strong>见<a href=\"/a/*b*.html\">通知</a>：</strong>正文</p>\n"
        );
    }

    #[test]
    fn escapes_and_code_stay_literal() {
        assert_eq!(
            fixed("\\*\\*注意：\\*\\*正文", Redo::WhenCjkMatters),
            "<p>**注意：**正文</p>\n"
        );
        assert_eq!(
            fixed("`**注意：**`正文**注意：**正文", Redo::WhenCjkMatters),
            "<p><code>**注意：**</code>正文<strong>注意：</strong>正文</p>\n"
        );
        assert_eq!(
            fixed("&#42;&#42;注意：&#42;&#42;正文", Redo::WhenCjkMatters),
            "<p>**注意：**正文</p>\n"
        );
    }

    #[test]
    fn list_item_table_cell_and_heading() {
        assert_eq!(
            fixed("- **注意：**正文\n- 其他", Redo::WhenCjkMatters),
            "<ul>\n<li><strong>注意：</strong>正文</li>\n<li>其他</li>\n</ul>\n"
        );
        assert!(
            fixed(
                "| 项 | 说明 |\n|---|---|\n| **注意：**正文 | *强调：*文字 |",
                Redo::WhenCjkMatters
            )
            .contains("<td><strong>注意：</strong>正文</td><td><em>强调：</em>文字</td>")
        );
        assert_eq!(
            fixed("## **注意：**标题", Redo::WhenCjkMatters),
            "<h2><strong>注意：</strong>标题</h2>\n"
        );
    }

    #[test]
    fn code_block_is_verbatim() {
        let source = "```\n**注意：**正文\n```";
        assert_eq!(fixed(source, Redo::WhenCjkMatters), plain(source));
    }

    /// Random ASCII documents built from emphasis-heavy pieces: forcing the
    /// matcher to run must reproduce pulldown-cmark exactly.
    #[test]
    fn forced_matcher_agrees_with_pulldown_on_random_input() {
        const FUZZ_ROUNDS: usize = 20_000;
        const PIECES: &[&str] = &[
            "*", "**", "_", "__", "~", "~~", "***", " ", "a", "b", ".", "\\", "`", "[", "](u)",
            "\n", "!", "(", ")", "|", "<", ">", "&#42;", "\"", "-", "\n- ", "\n# ", "\t", "\n\n",
            "_a_", "*a*", "a~~",
        ];
        let mut state: u64 = 0x5eed;
        let mut next = |bound: usize| {
            // A linear congruential generator keeps the test deterministic.
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % bound
        };
        for _ in 0..FUZZ_ROUNDS {
            let len = next(24) + 1;
            let source: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            assert_eq!(
                fixed(&source, Redo::Always),
                plain(&source),
                "input: {source:?}"
            );
        }
    }
}
