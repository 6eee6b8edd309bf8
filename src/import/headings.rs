//! Which paragraphs are headings, and at what level.
//!
//! Word's heading styles and outline levels are used when a document has them. Most Chinese
//! official documents have none: their headings follow GB/T 9704 numbering — `一、` (level 1),
//! `（一）` (level 2), `1.`/`1．` (level 3), `（1）` (level 4) — or, in regulations, `第一章`,
//! `第一节`, `第一条`. Such a line is a heading only when it is short, stands alone as its own
//! paragraph and does not end like a sentence; otherwise it is body text that happens to start
//! with a number. Level 1 becomes `##`, since the page title is the only `#`.

use super::blocks::{Block, ListKind, Paragraph};
use crate::content::numbering::convention_level;

/// The longest line taken for a heading by numbering alone, in characters.
const MAX_HEADING_CHARS: usize = 40;
/// Bold or 黑体/楷体 lines may be longer and still be headings.
const MAX_SET_APART_CHARS: usize = 60;

/// Decides every paragraph's heading level in place.
pub fn assign(blocks: &mut [Block]) {
    let top_style = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) if p.heading.is_none() && !p.plain().trim().is_empty() => p.outline,
            _ => None,
        })
        .min()
        .unwrap_or(0);
    for block in blocks {
        if let Block::Paragraph(p) = block
            && p.heading.is_none()
        {
            p.heading = level(p, top_style);
        }
    }
}

fn level(p: &Paragraph, top_style: u8) -> Option<u8> {
    let text = p.plain();
    let text = text.trim();
    if text.is_empty()
        || matches!(
            p.list.as_ref().map(|l| l.kind),
            Some(ListKind::Bullet | ListKind::Ordered(_))
        )
    {
        return None;
    }
    if let Some(outline) = p.outline {
        return Some((outline.saturating_sub(top_style) + 2).min(6));
    }
    let labelled = match &p.list {
        Some(mark) => format!("{}{text}", mark.label),
        None => text.to_string(),
    };
    let level = convention_level(&labelled)?;
    stands_alone(&labelled, p.set_apart).then_some(level + 1)
}

/// Short, one line, and not ending like a sentence or a lead-in.
fn stands_alone(text: &str, set_apart: bool) -> bool {
    let limit = if set_apart {
        MAX_SET_APART_CHARS
    } else {
        MAX_HEADING_CHARS
    };
    text.chars().count() <= limit
        && !text.contains('\n')
        && !text.ends_with(['。', '；', ';', '，', ',', '：', ':', '、', '？', '！'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::blocks::Paragraph;

    fn heading_of(text: &str) -> Option<u8> {
        let mut blocks = vec![Block::Paragraph(Paragraph::text(text))];
        assign(&mut blocks);
        match &blocks[0] {
            Block::Paragraph(p) => p.heading,
            Block::Table(_) => None,
        }
    }

    #[test]
    fn gbt_9704_numbering_gives_levels() {
        assert_eq!(heading_of("一、培训对象"), Some(2));
        assert_eq!(heading_of("（二）业务技能"), Some(3));
        assert_eq!(heading_of("3．有关要求"), Some(4));
        assert_eq!(heading_of("(4)其他事项"), Some(5));
        assert_eq!(heading_of("第一章　总则"), Some(2));
        assert_eq!(heading_of("第三条　适用范围"), Some(4));
    }

    #[test]
    fn sentences_and_numbers_are_not_headings() {
        assert_eq!(heading_of("1．村级集体经济发展的做法；"), None);
        assert_eq!(heading_of("1.5万元用于购买化肥"), None);
        assert_eq!(
            heading_of(
                "一、各派出单位要保障参训人员时间，确保驻村干部按时参加培训，不得以任何理由请人代训。"
            ),
            None
        );
        assert_eq!(
            heading_of("第一条　为了加强驻村工作队管理，根据有关规定，结合本县实际，制定本办法。"),
            None
        );
        assert_eq!(heading_of("各乡镇党委："), None);
    }
}
