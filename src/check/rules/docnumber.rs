//! `doc-number`: 发文字号 in running text, written against GB/T 9704-2012.
//!
//! The grammar itself is domain knowledge and lives in `content` ([`check_doc_number`]), which
//! also validates a policy's `发文字号` when the page is loaded. The text rule looks for
//! strings shaped like a document number — 2–10 Han characters, a bracketed 2–4 digit year, a
//! serial and 号 — and reports those that fail the check. Requiring all four parts keeps
//! `（2021年）`, `第3号台风` and court case numbers (`（2024）湘01民终123号`) out.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts, is_han};
use crate::content::check_doc_number;

/// The bracketed year, serial and 号 of a document number in running text; the agency
/// code before it is found by walking back over Han characters, which is much cheaper
/// than letting the regex try `\p{Han}{2,10}` at every Han character of the text.
static IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[〔\[［(（【][ \t]*[0-9０-９]{2,4}[ \t]*[〕\]］)）】]",
        r"[ \t]*第?[ \t]*[0-9０-９]{1,5}[ \t]*号",
    ))
    .expect("constant regex")
});

/// At most this many Han characters before the bracket are read as the agency code.
const MAX_AGENCY: usize = 10;

/// Words that precede a document number in prose and are not part of the agency code:
/// `根据汉政办发[2021]88号` must be read as agency `汉政办发`.
const LEAD_WORDS: &[&str] = &[
    "根据", "依据", "按照", "依照", "参照", "对照", "印发", "转发", "关于", "执行", "落实", "贯彻",
    "文件", "通知", "精神", "要求", "规定", "见", "按", "据", "和", "及", "与", "的", "在", "以",
    "是", "即", "详",
];

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    for m in IN_TEXT.find_iter(text) {
        let agency_start = text[..m.start()]
            .char_indices()
            .rev()
            .take(MAX_AGENCY)
            .take_while(|&(_, c)| is_han(c))
            .last()
            .map_or(m.start(), |(i, _)| i);
        let start = agency_start + agency_lead(&text[agency_start..m.start()]);
        let candidate = &text[start..m.end()];
        let agency_chars = text[start..m.start()].chars().count();
        if agency_chars < 2 {
            continue;
        }
        if let Err(e) = check_doc_number(candidate) {
            let hint_zh = match &e.suggestion {
                Some(fix) => {
                    format!("改为“{fix}”（GB/T 9704-2012：年份用〔〕，序号不加“第”、不编虚位）")
                }
                None => "按“机关代字〔年份〕序号号”书写（GB/T 9704-2012）".into(),
            };
            let hint_en = match &e.suggestion {
                Some(fix) => format!(
                    "Write \"{fix}\" (GB/T 9704-2012: year in 〔〕, no 第, no leading zeros)"
                ),
                None => "Write agency code〔year〕serial号 (GB/T 9704-2012)".into(),
            };
            out.push(Hit::new(
                start,
                "doc-number",
                candidate,
                Texts {
                    message_zh: e.message_zh,
                    message_en: e.message_en,
                    hint_zh,
                    hint_en,
                },
            ));
        }
    }
}

/// Byte length of the lead-in words at the front of `agency`, the Han run before the
/// bracket: `根据汉政办发` → the length of `根据`.
fn agency_lead(agency: &str) -> usize {
    LEAD_WORDS
        .iter()
        .filter_map(|w| agency.rfind(w).map(|i| i + w.len()))
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn in_text(s: &str) -> Vec<(String, String)> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == "doc-number")
            .map(|f| (f.matched, f.hint_zh))
            .collect()
    }

    #[test]
    fn text_rule_flags_wrong_numbers() {
        let f = in_text("根据汉政办发[2021]88号文件精神");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "汉政办发[2021]88号");
        assert!(f[0].1.contains("汉政办发〔2021〕88号"));
        assert_eq!(in_text("按照国发（2020）第3号").len(), 1);
        assert_eq!(in_text("国发〔20〕3号")[0].0, "国发〔20〕3号");
        assert_eq!(in_text("湘政办发〔2021〕088号").len(), 1);
    }

    #[test]
    fn text_rule_leaves_prose_alone() {
        for s in [
            "汉政办发〔2021〕88号",
            "全年（2021年）完成任务",
            "第3号台风“烟花”",
            "（2024）湘0102民初1234号判决",
            "财政部公告2024年第3号",
            "国务院令第708号",
            "共计（2021）",
        ] {
            assert!(in_text(s).is_empty(), "{s}");
        }
    }
}
