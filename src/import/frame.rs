//! The official-document frame (GB/T 9704-2012) taken out of the body into front-matter fields.
//!
//! Before the title: 份号, 密级, 紧急程度, the issuing office's masthead, 发文字号 and 签发人 (or,
//! in a bulletin, the masthead and `第10期`). Then the title — the large, centred first lines —
//! and 主送机关, the line ending in `：`. At the end: 附件说明, 发文机关署名 and 成文日期, then the
//! 版记 with 抄送 and 印发机关/印发日期. What is recognised leaves the body; what is not stays.
//! The classification marks are read here too, since they stand in the same first lines.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use super::blocks::{Block, Inline, Paragraph};
use crate::content::numbering::convention_level;

/// The frame's fields; `None` where the document does not have them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frame {
    pub title: Option<String>,
    /// 发文字号 with 〔〕 brackets.
    pub doc_number: Option<String>,
    /// The 发文字号 as typed, when it had to be corrected.
    pub doc_number_typed: Option<String>,
    pub signer: Option<String>,
    pub masthead: Option<String>,
    pub issue: Option<u32>,
    pub publisher: Option<String>,
    pub recipients: Option<String>,
    pub attachments: Vec<String>,
    pub issuer: Option<String>,
    pub written: Option<Date>,
    pub cc: Option<String>,
    pub printer: Option<String>,
    pub printed: Option<Date>,
}

/// A 密级 or 内部 mark found in the first lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marking {
    /// 秘密, 机密 or 绝密: never published.
    Classified(String),
    /// 内部 / 内部资料: needs a decision.
    Internal(String),
}

static CLASSIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:密级[:：]?)?(绝密|机密|秘密)(?:$|★|[*＊\s0-9０-９]|级|期限)").expect("valid")
});
static INTERNAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(内部资料|内部文件|内部刊物|内部)(?:$|[\s，,　]*注意保存|★)").expect("valid")
});
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<org>[^\s〔\[\(（﹝【{]{1,20}?)\s*[〔\[\(（﹝【{［]\s*(?P<year>\d{4})\s*[〕\]\)）﹞】}］]\s*(?P<n>\d{1,5})\s*号(?:[\s　]+签发人[:：]\s*(?P<signer>.+))?$").expect("valid")
});
static SIGNER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^签发人[:：]\s*(?P<signer>.+)$").expect("valid"));
static ISSUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[（(]?总第\s*\d+\s*期[）)]?\s*)?第\s*(?P<n>\d{1,4})\s*期").expect("valid")
});
static PUBLISHER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<org>\S.*?)\s*(?:编印|编发|主办|编)[\s　]+(?P<date>\d{4}年\d{1,2}月\d{1,2}日)$",
    )
    .expect("valid")
});
static MARKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{6}|特急|加急|特提|平急|[*★].*)$").expect("valid"));
static PRINTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<org>.*?)[\s　]*(?P<date>\d{4}年\d{1,2}月\d{1,2}日)[\s　]*印发$")
        .expect("valid")
});
static CC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^抄送[:：]\s*(?P<to>.+?)。?$").expect("valid"));
static ATTACHMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^附\s*件[:：]\s*(?P<rest>.*)$").expect("valid"));
static ITEM_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9０-９]{1,2}\s*[.．、]\s*").expect("valid"));
static ARABIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$").expect("valid")
});
static CHINESE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$").expect("valid")
});

/// The 密级 or 内部 mark in the page headers or the first lines of the body.
pub fn marking(header: &str, blocks: &[Block]) -> Option<Marking> {
    let first = paragraphs(blocks).take(8).map(|(_, p)| p.plain());
    let lines: Vec<String> = header.lines().map(str::to_string).chain(first).collect();
    let mut internal = None;
    for line in &lines {
        let line: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if line.chars().count() > 24 {
            continue;
        }
        if let Some(m) = CLASSIFIED.captures(line) {
            return Some(Marking::Classified(m[1].to_string()));
        }
        if internal.is_none() && INTERNAL.is_match(line) {
            internal = Some(Marking::Internal(line.to_string()));
        }
    }
    internal
}

/// Takes the frame out of `blocks`: what is recognised leaves the body.
pub fn take(blocks: &mut Vec<Block>) -> Frame {
    let mut frame = Frame::default();
    let mut remove = vec![false; blocks.len()];
    let start = head(blocks, &mut frame, &mut remove);
    title(blocks, start, &mut frame, &mut remove);
    tail(blocks, &mut frame, &mut remove);
    let mut flags = remove.into_iter();
    blocks.retain(|_| !flags.next().unwrap_or(false));
    frame
}

fn paragraphs(blocks: &[Block]) -> impl Iterator<Item = (usize, &Paragraph)> {
    blocks.iter().enumerate().filter_map(|(i, b)| match b {
        Block::Paragraph(p) => Some((i, p)),
        Block::Table(_) => None,
    })
}

fn text_at(blocks: &[Block], i: usize) -> Option<String> {
    match blocks.get(i)? {
        Block::Paragraph(p) => Some(squeeze(&p.plain())),
        Block::Table(_) => None,
    }
}

/// A paragraph with nothing to show: no text and no picture. A paragraph holding only a photo
/// has no text but is content, never a blank line of the frame to drop.
fn blank_at(blocks: &[Block], i: usize) -> bool {
    fn shows(inlines: &[Inline]) -> bool {
        inlines.iter().any(|inline| match inline {
            Inline::Image { .. } => true,
            Inline::Link(_, inner) => shows(inner),
            _ => false,
        })
    }
    match blocks.get(i) {
        Some(Block::Paragraph(p)) => squeeze(&p.plain()).is_empty() && !shows(&p.inlines),
        _ => false,
    }
}

/// Trims and folds runs of spaces (full-width too) into one.
fn squeeze(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lines before the title; returns where the title search starts.
fn head(blocks: &[Block], frame: &mut Frame, remove: &mut [bool]) -> usize {
    let window = blocks.len().min(10);
    let anchor = (0..window).find(|&i| {
        text_at(blocks, i).is_some_and(|t| DOC_NUMBER.is_match(&t) || ISSUE.is_match(&t))
    });
    let Some(anchor) = anchor else {
        // No 发文字号 or 期号: only drop the marks that may open the document.
        let mut i = 0;
        while let Some(t) = text_at(blocks, i) {
            if !(blank_at(blocks, i)
                || MARKS.is_match(&t)
                || CLASSIFIED.is_match(&t)
                || INTERNAL.is_match(&t))
            {
                break;
            }
            remove[i] = true;
            i += 1;
        }
        return i;
    };
    for (i, flag) in remove.iter_mut().enumerate().take(anchor) {
        let Some(t) = text_at(blocks, i) else {
            continue;
        };
        *flag = true;
        if !(t.is_empty() || MARKS.is_match(&t) || CLASSIFIED.is_match(&t) || INTERNAL.is_match(&t))
            && frame.masthead.is_none()
        {
            frame.masthead = Some(t);
        }
    }
    let mut i = anchor;
    while let Some(t) = text_at(blocks, i) {
        if let Some(m) = DOC_NUMBER.captures(&t) {
            let fixed = format!("{}〔{}〕{}号", &m["org"], &m["year"], &m["n"]);
            let typed = t.split("签发人").next().unwrap_or(&t).trim().to_string();
            if typed != fixed {
                frame.doc_number_typed = Some(typed);
            }
            frame.doc_number = Some(fixed);
            frame.signer = m.name("signer").map(|s| s.as_str().trim().to_string());
        } else if let Some(m) = SIGNER.captures(&t) {
            frame.signer = Some(m["signer"].trim().to_string());
        } else if let Some(m) = ISSUE.captures(&t) {
            frame.issue = m["n"].parse().ok();
        } else if let Some(m) = PUBLISHER_LINE.captures(&t) {
            frame.publisher = Some(m["org"].trim().to_string());
        } else if !blank_at(blocks, i) {
            break;
        }
        remove[i] = true;
        i += 1;
    }
    i
}

/// The title: Word's Title style, or the first large or centred lines, or in plain text the first
/// short line that does not end like a sentence. Then 主送机关.
fn title(blocks: &[Block], start: usize, frame: &mut Frame, remove: &mut [bool]) {
    let mut i = start;
    while blank_at(blocks, i) {
        remove[i] = true;
        i += 1;
    }
    // A photo above the title stays where it is; the title is the first line of text.
    while text_at(blocks, i).is_some_and(|t| t.is_empty()) {
        i += 1;
    }
    let Some(Block::Paragraph(first)) = blocks.get(i) else {
        return;
    };
    let styled = |p: &Paragraph| p.is_title || p.centred || p.outline == Some(0);
    let mut parts = Vec::new();
    // A first heading numbered `一、` opens the body; it is not the title.
    if styled(first) && convention_level(&squeeze(&first.plain())).is_none() {
        let mut j = i;
        while let Some(Block::Paragraph(p)) = blocks.get(j) {
            let t = squeeze(&p.plain());
            if !styled(p)
                || t.is_empty()
                || ends_sentence(&t)
                || parts.len() == 3
                || (j > i && p.outline.is_some() && !p.centred)
            {
                break;
            }
            parts.push(t);
            remove[j] = true;
            j += 1;
        }
        i = j;
    } else {
        let t = squeeze(&first.plain());
        if !t.is_empty()
            && t.chars().count() <= 60
            && !ends_sentence(&t)
            && convention_level(&t).is_none()
            && !t.contains('\n')
        {
            parts.push(t);
            remove[i] = true;
            i += 1;
        }
    }
    if !parts.is_empty() {
        frame.title = Some(parts.concat());
    }
    while text_at(blocks, i).is_some_and(|t| t.is_empty()) {
        i += 1;
    }
    if let Some(t) = text_at(blocks, i) {
        let is_lead_in = (t.ends_with('：') || t.ends_with(':'))
            && t.chars().count() <= 100
            && !t.contains('。')
            && convention_level(&t).is_none()
            && !ATTACHMENT.is_match(&t);
        if is_lead_in && frame.title.is_some() {
            frame.recipients = Some(t.trim_end_matches(['：', ':']).to_string());
            remove[i] = true;
        }
    }
}

fn ends_sentence(t: &str) -> bool {
    t.ends_with(['。', '；', ';', '，', ',', '：', ':', '！', '？'])
}

/// 版记, 成文日期, 发文机关署名 and 附件说明, read from the end.
fn tail(blocks: &[Block], frame: &mut Frame, remove: &mut [bool]) {
    let body: Vec<usize> = (0..blocks.len())
        .filter(|&i| !remove[i] && text_at(blocks, i).is_none_or(|t| !t.is_empty()))
        .collect();
    let mut k = body.len();
    let mut take_back = |k: &mut usize, f: &mut dyn FnMut(&str) -> bool| -> bool {
        let Some(&i) = body.get(k.wrapping_sub(1)) else {
            return false;
        };
        let Some(t) = text_at(blocks, i) else {
            return false;
        };
        if *k > 0 && f(&t) {
            remove[i] = true;
            *k -= 1;
            true
        } else {
            false
        }
    };
    loop {
        let matched = take_back(&mut k, &mut |t| {
            if let Some(m) = PRINTED.captures(t) {
                frame.printer = Some(m["org"].trim().to_string()).filter(|s| !s.is_empty());
                frame.printed = parse_date(&m["date"]);
                true
            } else if let Some(m) = CC.captures(t) {
                frame.cc = Some(m["to"].trim().to_string());
                true
            } else {
                false
            }
        });
        if !matched {
            break;
        }
    }
    // A 附注 such as （此件公开发布） may stand after the date; it stays in the body.
    let note_skip = body
        .get(k.wrapping_sub(1))
        .and_then(|&i| text_at(blocks, i))
        .is_some_and(|t| (t.starts_with('（') && t.ends_with('）')) && t.chars().count() <= 40);
    let mut k_date = if note_skip { k - 1 } else { k };
    if !take_back(&mut k_date, &mut |t| {
        frame.written = parse_date(t);
        frame.written.is_some()
    }) {
        return;
    }
    let mut issuers = Vec::new();
    while issuers.len() < 3
        && take_back(&mut k_date, &mut |t| {
            let ok = t.chars().count() <= 30
                && !ends_sentence(t)
                && convention_level(t).is_none()
                && !t.starts_with("附");
            if ok {
                issuers.push(t.to_string());
            }
            ok
        })
    {}
    issuers.reverse();
    if !issuers.is_empty() {
        frame.issuer = Some(issuers.join(" "));
    }
    attachments(blocks, &body[..k_date], frame, remove);
}

/// `附件：1．…` and the numbered lines under it, just above the signature.
fn attachments(blocks: &[Block], body: &[usize], frame: &mut Frame, remove: &mut [bool]) {
    let from = body.len().saturating_sub(8);
    let Some(pos) = (from..body.len())
        .find(|&k| text_at(blocks, body[k]).is_some_and(|t| ATTACHMENT.is_match(&t)))
    else {
        return;
    };
    let mut items = Vec::new();
    for (n, &i) in body[pos..].iter().enumerate() {
        let Some(t) = text_at(blocks, i) else { return };
        let rest = if n == 0 {
            ATTACHMENT
                .captures(&t)
                .map(|m| m["rest"].to_string())
                .unwrap_or_default()
        } else if ITEM_NUMBER.is_match(&t) {
            t.clone()
        } else {
            return;
        };
        let item = ITEM_NUMBER.replace(rest.trim(), "").trim().to_string();
        if !item.is_empty() {
            items.push(item);
        }
    }
    for &i in &body[pos..] {
        remove[i] = true;
    }
    frame.attachments = items;
}

/// `2026年11月20日` or `二〇二六年十一月二十日`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(m) = ARABIC_DATE.captures(text) {
        return Date::new(m[1].parse().ok()?, m[2].parse().ok()?, m[3].parse().ok()?).ok();
    }
    let m = CHINESE_DATE.captures(text)?;
    let year: String = m[1]
        .chars()
        .filter_map(digit)
        .map(|d| char::from(b'0' + d))
        .collect();
    Date::new(
        year.parse().ok()?,
        small_number(&m[2])?,
        small_number(&m[3])?,
    )
    .ok()
}

fn digit(c: char) -> Option<u8> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|p| p as u8)
        .or(match c {
            '○' | '零' => Some(0),
            _ => None,
        })
}

/// 一 … 三十一.
fn small_number(text: &str) -> Option<i8> {
    let chars: Vec<char> = text.chars().collect();
    let value = match chars.as_slice() {
        ['十'] => 10,
        ['十', u] => 10 + digit(*u)?,
        [t, '十'] => digit(*t)? * 10,
        [t, '十', u] => digit(*t)? * 10 + digit(*u)?,
        [u] => digit(*u)?,
        _ => return None,
    };
    i8::try_from(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Block {
        Block::Paragraph(Paragraph::text(text))
    }

    fn centred(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            centred: true,
            ..Paragraph::text(text)
        })
    }

    #[test]
    fn dates_in_both_numerals() {
        assert_eq!(
            parse_date("二〇二六年十一月二十日"),
            Date::new(2026, 11, 20).ok()
        );
        assert_eq!(parse_date("2026年1月5日"), Date::new(2026, 1, 5).ok());
        assert_eq!(parse_date("二〇二六年二月三十日"), None);
    }

    #[test]
    fn a_notice_loses_its_frame_to_front_matter() {
        let mut blocks = vec![
            centred("中共青山县委组织部文件"),
            centred("青组发[2026]12号"),
            centred("关于做好冬季培训的通知"),
            para("各乡镇党委："),
            para("正文第一段。"),
            para("附件：1．培训日程安排"),
            para("2．参训人员名单"),
            para("中共青山县委组织部"),
            para("2026年11月20日"),
            para("（此件公开发布）"),
            para("抄送：县委办公室。"),
            para("中共青山县委组织部办公室　　2026年11月20日印发"),
        ];
        let frame = take(&mut blocks);
        assert_eq!(frame.doc_number.as_deref(), Some("青组发〔2026〕12号"));
        assert_eq!(frame.doc_number_typed.as_deref(), Some("青组发[2026]12号"));
        assert_eq!(frame.masthead.as_deref(), Some("中共青山县委组织部文件"));
        assert_eq!(frame.title.as_deref(), Some("关于做好冬季培训的通知"));
        assert_eq!(frame.recipients.as_deref(), Some("各乡镇党委"));
        assert_eq!(frame.attachments, ["培训日程安排", "参训人员名单"]);
        assert_eq!(frame.issuer.as_deref(), Some("中共青山县委组织部"));
        assert_eq!(frame.written, Date::new(2026, 11, 20).ok());
        assert_eq!(frame.cc.as_deref(), Some("县委办公室"));
        assert_eq!(frame.printer.as_deref(), Some("中共青山县委组织部办公室"));
        let left: Vec<String> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.plain()),
                _ => None,
            })
            .collect();
        assert_eq!(left, ["正文第一段。", "（此件公开发布）"]);
    }

    #[test]
    fn wrong_brackets_are_normalised() {
        for typed in [
            "青组发(2026)12号",
            "青组发﹝2026﹞12号",
            "青组发（2026）12号",
            "青组发〔2026〕12号",
        ] {
            let mut blocks = vec![para(typed), para("标题"), para("正文。")];
            assert_eq!(
                take(&mut blocks).doc_number.as_deref(),
                Some("青组发〔2026〕12号"),
                "{typed}"
            );
        }
    }

    #[test]
    fn classification_marks_are_found_in_the_first_lines_only() {
        let secret = [para("机密★1年"), para("标题")];
        assert_eq!(
            marking("", &secret),
            Some(Marking::Classified("机密".into()))
        );
        assert_eq!(
            marking("秘密\n", &[para("标题")]),
            Some(Marking::Classified("秘密".into()))
        );
        assert_eq!(
            marking("", &[para("内部资料　注意保存")]),
            Some(Marking::Internal("内部资料 注意保存".into()))
        );
        assert_eq!(marking("", &[para("要严守工作秘密，不得泄露。")]), None);
    }

    #[test]
    fn a_photo_before_or_without_text_is_content_not_a_blank_line() {
        let photo = || {
            Block::Paragraph(Paragraph {
                inlines: vec![Inline::Image {
                    name: "image1.jpeg".into(),
                    alt: String::new(),
                }],
                ..Paragraph::default()
            })
        };
        let mut blocks = vec![
            para(""),
            photo(),
            centred("石门村茶叶加工厂建成投产"),
            para("正文。"),
        ];
        let frame = take(&mut blocks);
        assert_eq!(frame.title.as_deref(), Some("石门村茶叶加工厂建成投产"));
        assert_eq!(blocks, [photo(), para("正文。")]);
        let mut only = vec![photo()];
        assert_eq!(take(&mut only).title, None);
        assert_eq!(only, [photo()]);
    }

    #[test]
    fn a_numbered_first_heading_is_not_the_title() {
        let heading = Block::Paragraph(Paragraph {
            outline: Some(0),
            ..Paragraph::text("一、基本情况")
        });
        let mut blocks = vec![heading, para("正文。")];
        assert_eq!(take(&mut blocks).title, None);
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn bulletins_give_issue_and_masthead() {
        let mut blocks = vec![
            centred("驻村工作简报"),
            centred("第10期"),
            para("青山县驻村办编　　　　2026年11月20日"),
            centred("石门村建起茶叶加工厂"),
            para("正文。"),
        ];
        let frame = take(&mut blocks);
        assert_eq!(frame.issue, Some(10));
        assert_eq!(frame.masthead.as_deref(), Some("驻村工作简报"));
        assert_eq!(frame.publisher.as_deref(), Some("青山县驻村办"));
        assert_eq!(frame.title.as_deref(), Some("石门村建起茶叶加工厂"));
    }
}
