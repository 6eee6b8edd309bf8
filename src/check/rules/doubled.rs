//! `word-doubled` (warning): a word typed twice — `工作工作`, `2024年工作计划2024年工作计划`,
//! or a word at the end of one line repeated at the start of the next (a soft line break
//! inside a paragraph does not separate words in Chinese).
//!
//! Chinese doubles words on purpose, so a single character (`常常`, `人人`, `天天`, `看看`) is
//! never reported. Two characters repeat by chance across word boundaries (`优先评先评优` is
//! 优先 + 评先 + 评优), so a two-character repeat is reported only for a frequent word of
//! official prose that never reduplicates (`工作工作`, `建设建设`) — not for the verbs and
//! adjectives that do (`研究研究`, `商量商量`). Repeats of three or more characters are
//! always reported.

use super::{Ctx, Hit, Texts, is_han};

/// Frequent two-character words of official prose whose doubling is always a slip.
const NEVER_DOUBLED: &[&str] = &[
    "工作",
    "建设",
    "发展",
    "管理",
    "服务",
    "推进",
    "加强",
    "开展",
    "落实",
    "全面",
    "群众",
    "干部",
    "组织",
    "基层",
    "乡村",
    "振兴",
    "项目",
    "产业",
    "经济",
    "社会",
    "政府",
    "部门",
    "单位",
    "农村",
    "我们",
    "同志",
    "问题",
    "情况",
    "要求",
    "企业",
    "农民",
    "人民",
    "国家",
    "政策",
    "制度",
    "机制",
    "体系",
    "能力",
    "水平",
    "质量",
    "安全",
    "环境",
    "生态",
    "文化",
    "教育",
    "医疗",
    "卫生",
    "就业",
    "收入",
    "资金",
    "投资",
    "增长",
    "完成",
    "实施",
    "提高",
    "提升",
    "促进",
    "推动",
    "深化",
    "改革",
    "创新",
    "全县",
    "全市",
    "全镇",
    "全乡",
    "全村",
    "全省",
    "党员",
    "党委",
    "支部",
    "书记",
    "领导",
    "责任",
    "任务",
    "目标",
    "措施",
    "重点",
    "积极",
    "认真",
    "切实",
    "不断",
    "进一步",
    "有效",
    "建立",
    "健全",
    "完善",
    "保障",
    "民生",
    "疫情",
    "防控",
    "脱贫",
    "攻坚",
    "帮扶",
    "驻村",
    "村民",
    "农户",
    "计划",
    "会议",
    "精神",
    "思想",
    "意识",
    "作风",
    "纪律",
    "监督",
    "考核",
];

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    // Han characters and digits with their byte offsets; a single newline between two of
    // them is skipped (a soft break), anything else breaks the sequence.
    let mut seq: Vec<(usize, char)> = Vec::new();
    let flush = |seq: &mut Vec<(usize, char)>, out: &mut Vec<Hit>| {
        scan_run(seq, out);
        seq.clear();
    };
    let mut newline_pending = false;
    for (i, c) in text.char_indices() {
        if is_han(c) || c.is_ascii_digit() {
            seq.push((i, c));
            newline_pending = false;
        } else if c == '\n' && !newline_pending && !seq.is_empty() && soft_break(text, i) {
            newline_pending = true;
        } else if c == '\r' && newline_pending {
        } else {
            flush(&mut seq, out);
            newline_pending = false;
        }
    }
    flush(&mut seq, out);
}

/// Whether the newline at `at` is a soft break inside a paragraph: the line before is running
/// text (at least 20 Chinese characters, not a heading or list item) and the next line does not
/// start a block. A heading `一、工作目标` followed by `工作目标是……` is not a doubling.
fn soft_break(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..at].trim_start();
    let next_end = text[at + 1..].find('\n').map_or(text.len(), |i| at + 1 + i);
    let next = text[at + 1..next_end].trim_start();
    line.chars().filter(|&c| is_han(c)).count() >= 20
        && !super::starts_block(line)
        && !next.is_empty()
        && !super::starts_block(next)
}

fn scan_run(seq: &[(usize, char)], out: &mut Vec<Hit>) {
    let n = seq.len();
    let mut i = 0;
    while i < n {
        let first = seq[i].1;
        // The longest repeat first; cheap test first: the run can only repeat if its first
        // character comes back.
        let longest = ((n - i) / 2).min(10);
        let found = (2..=longest).rev().find(|&len| {
            seq[i + len].1 == first && {
                let (a, b) = seq[i..i + 2 * len].split_at(len);
                a.iter().zip(b).all(|(x, y)| x.1 == y.1) && a.iter().any(|x| is_han(x.1))
            }
        });
        match found {
            Some(len) if reportable(&seq[i..i + len], seq.get(i + 2 * len).map(|x| x.1)) => {
                let word: String = seq[i..i + len].iter().map(|x| x.1).collect();
                out.push(hit(seq[i].0, &format!("{word}{word}")));
                i += 2 * len;
            }
            _ => i += 1,
        }
    }
}

fn reportable(word: &[(usize, char)], next: Option<char>) -> bool {
    if word.len() > 2 {
        return true;
    }
    let w: String = word.iter().map(|x| x.1).collect();
    // `工作工作` is reported, `工作工作工作` once as the first pair.
    NEVER_DOUBLED.contains(&w.as_str()) && next != Some(word[0].1)
}

fn hit(at: usize, matched: &str) -> Hit {
    Hit::new(
        at,
        "word-doubled",
        matched,
        Texts {
            message_zh: format!("词语重复：“{matched}”"),
            message_en: format!("A word is repeated: \"{matched}\""),
            hint_zh: "删去重复的部分；如确为有意的叠用，在该行加 <!-- jianbao-ignore: word-doubled -->".into(),
            hint_en: "Delete the repetition; if it is intended, add <!-- jianbao-ignore: word-doubled --> on the line".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn found(s: &str) -> Vec<String> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == "word-doubled")
            .map(|f| f.matched)
            .collect()
    }

    #[test]
    fn doubled_words() {
        assert_eq!(found("工作工作实地了解"), ["工作工作"]);
        assert_eq!(
            found("政府2024年工作计划2024年工作计划篇1"),
            ["2024年工作计划2024年工作计划"]
        );
        assert_eq!(
            found("我们要坚持问题导向，聚焦薄弱环节和突出短板，持续加强基层\n基层组织建设"),
            ["基层基层"]
        );
    }

    #[test]
    fn reduplication_is_fine() {
        for s in [
            "常常、人人、天天、看看、村村户户",
            "这件事要研究研究，大家商量商量。",
            "一步一步来，一点一点做。",
            "2020年至2020年",
            "讨论通过。\n\n通过以下决议",
            "谈心谈话，同吃同住",
            "驻村期间表现突出的，优先评先评优。",
            "一、工作目标\n工作目标是全面完成任务。",
            "## 工作目标\n工作目标是全面完成任务。",
        ] {
            assert!(found(s).is_empty(), "{s}: {:?}", found(s));
        }
    }
}
