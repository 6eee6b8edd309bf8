//! `placeholder-x` and `placeholder-empty` (errors): template blanks in the shapes the
//! `placeholder` rule does not cover.
//!
//! `placeholder-x`: a single Latin `x`/`X` (or full-width `Ｘ`) standing for a number or a
//! name — `201x年`, `x万亩`, `X余名`, `转运X等X名`, `人均 GDP 达 X 万元`, `x镇` — next to a
//! Chinese character (one space allowed) and not inside a Latin word. `X光`, `X射线`,
//! `X型` are words, not blanks. And a lone `某` before an office in a heading or the first
//! line (`# 某市委关于……`), or before `县委`/`市委`/`人民政府` anywhere.
//!
//! `placeholder-empty`: a field left empty — `（来源：）`, `来源： 点击`, `作者：` followed
//! by another label; `〔…〕` standing for a number or name; numbers dropped from a text
//! that had them (`下辖个行政村`, `距县城公里`, `脱贫户户人`).

use std::sync::LazyLock;

use regex::Regex;

use super::placeholder::SURNAMES;
use super::{Ctx, Hit, Texts, char_at, char_before, is_han};

/// A single x next to something; the context is checked in code.
static LONE_X: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[xXＸｘ]").expect("constant regex"));

/// Words that begin with X.
const X_WORDS: &[&str] = &["光", "射线", "线", "型", "轴", "染色体", "战队", "档案"];

static MOU_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"某(?:省委|市委|县委|区委|镇党委|乡党委|(?:省|市|县|区|镇|乡)人民政府)")
        .expect("constant regex")
});
static MOU_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"某(?:省|市|县|区|镇|乡|村|街道|单位|公司|局|部门|学校|医院)")
        .expect("constant regex")
});

/// Every alternative starts with a literal, so the whole text is searched fast in one pass.
static EMPTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?m)（(?:来源|作者|记者|通讯员|编辑|摄影|供稿)[:：][ \t\u{3000}]*[）)]",
        r"|\((?:来源|作者|记者|通讯员|编辑|摄影|供稿)[:：][ \t\u{3000}]*[）)]",
        r"|(?:来源|作者|责任编辑|编辑)[:：][ \t\u{3000}]+(?:作者|来源|点击|浏览|编辑|发布|字号)[:：]",
        r"|(?:来源|作者)[:：][ \t\u{3000}]*$",
        r"|〔(?:…+|\.{3,}|。{3,}|·+)〕",
        r"|下辖个|辖个|距(?:离)?(?:县城|市区|县政府|镇政府)公里|面积(?:平方公里|亩)",
        r"|个(?:村|行政村|村民小组|社区|民族|自然村|乡镇)",
        r"|(?:脱贫|监测|贫困|低保)户户人",
        r"|工作队支[，。,]",
        r"|群众万人",
    ))
    .expect("constant regex")
});

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    for m in LONE_X.find_iter(text) {
        if lone_x_blank(text, m.start(), m.end()) {
            out.push(hit("placeholder-x", m.start(), m.as_str()));
        }
    }
    for m in MOU_ANYWHERE.find_iter(text) {
        if !char_before(text, m.start()).is_some_and(|c| SURNAMES.contains(c) || c == '某') {
            out.push(hit("placeholder-x", m.start(), m.as_str()));
        }
    }
    let mut offset = 0;
    let mut first = true;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        let heading = line.trim_start().starts_with('#');
        if heading || first {
            for m in MOU_TITLE.find_iter(line) {
                let before = char_before(line, m.start());
                let next = char_at(line, m.end());
                if !before.is_some_and(|c| SURNAMES.contains(c) || c == '某')
                    && !next.is_some_and(|c| "民场长级".contains(c))
                    && !MOU_ANYWHERE.is_match(&line[m.start()..])
                {
                    out.push(hit("placeholder-x", start + m.start(), m.as_str()));
                }
            }
        }
        first = false;
    }
    for m in EMPTY.find_iter(text) {
        let s = m.as_str();
        // `个村` is an emptied number only right after punctuation or 等 (`，个村民小组`).
        if s.starts_with('个')
            && !char_before(text, m.start()).is_some_and(|c| matches!(c, '，' | '、' | '：' | '等'))
        {
            continue;
        }
        out.push(hit("placeholder-empty", m.start(), s.trim_end()));
    }
}

/// Whether the single x at `start..end` is a blank: not part of a Latin word or a run (the
/// `placeholder` rule has runs), next to a Chinese character or a digit that a year needs.
fn lone_x_blank(text: &str, start: usize, end: usize) -> bool {
    let before = char_before(text, start);
    let after = char_at(text, end);
    let latin = |c: Option<char>| {
        c.is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, 'Ｘ' | 'ｘ' | '×'))
    };
    if latin(before) || latin(after) {
        return false;
    }
    if X_WORDS.iter().any(|w| text[end..].starts_with(w)) {
        return false;
    }
    // `201x年`: a digit before and 年 after.
    if before.is_some_and(|c| c.is_ascii_digit()) {
        return after == Some('年');
    }
    if after.is_some_and(|c| c.is_ascii_digit()) || before == Some('.') || after == Some('.') {
        return false;
    }
    let near = |c: Option<char>, next: Option<char>| match c {
        Some(' ') => next.is_some_and(is_han),
        c => c.is_some_and(is_han),
    };
    let before2 = if before == Some(' ') {
        char_before(text, start - 1)
    } else {
        None
    };
    let after2 = if after == Some(' ') {
        char_at(text, end + 1)
    } else {
        None
    };
    near(before, before2) || near(after, after2)
}

fn hit(rule: &'static str, at: usize, matched: &str) -> Hit {
    let (zh, en) = if rule == "placeholder-x" {
        (
            format!("“{matched}”疑似未填写的数字或名称"),
            format!("\"{matched}\" looks like a number or name never filled in"),
        )
    } else {
        (
            format!("“{matched}”处的内容是空的"),
            format!("\"{matched}\": the content here is empty"),
        )
    };
    Hit::new(
        at,
        rule,
        matched,
        Texts {
            message_zh: zh,
            message_en: en,
            hint_zh: "范文里的空位（x、某、〔…〕、空白的来源或数字）要填上真实内容后再发布".into(),
            hint_en: "Blanks from a template (x, 某, 〔…〕, an empty source or number) must be filled in before publishing".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn found(s: &str) -> Vec<String> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule.starts_with("placeholder-"))
            .map(|f| f.matched)
            .collect()
    }

    #[test]
    fn lone_x_and_mou() {
        assert_eq!(found("201x年全县完成"), ["x"]);
        assert_eq!(found("新增x万亩"), ["x"]);
        assert_eq!(found("全镇X余名机关干部"), ["X"]);
        assert_eq!(found("人均 GDP 达 X 万元左右"), ["X"]);
        assert_eq!(found("2020年，x镇被确定为示范镇"), ["x"]);
        assert_eq!(found("# 某市委关于加强党建的意见"), ["某市委"]);
        assert_eq!(found("# 某县关于加强党建的意见"), ["某县"]);
        assert_eq!(found("正文中某县委书记"), ["某县委"]);
    }

    #[test]
    fn empty_fields() {
        assert_eq!(found("（来源：）"), ["（来源：）"]);
        assert_eq!(
            found("发布日期：2019-05-22 作者： 来源： 点击：[]"),
            ["作者： 来源："]
        );
        assert_eq!(found("〔…〕镇2023上半年工作"), ["〔…〕"]);
        assert_eq!(found("全乡下辖个行政村"), ["下辖个"]);
    }

    #[test]
    fn near_misses() {
        for s in [
            "做X光检查，X射线",
            "3x4的矩阵，x86架构，Xbox",
            "王某某、李某等人",
            "某市民反映，某些地方，某种程度",
            "来源：县融媒体中心",
            "〔2024〕3号",
            "有个别村，个人所得税",
        ] {
            assert!(found(s).is_empty(), "{s}: {:?}", found(s));
        }
    }
}
