//! `doc-number`: 发文字号 written against GB/T 9704-2012, and 索引号 validation.
//!
//! A document number is agency code + four-digit year in hexagonal brackets 〔〕 +
//! serial number without 第 and without leading zeros + 号: `汉政办发〔2021〕88号`.
//! [`check_doc_number`] validates one metadata value and derives the corrected form when
//! it can. The text rule looks for strings shaped like a document number — 2–10 Han
//! characters, a bracketed 2–4 digit year, a serial and 号 — and reports those that fail
//! the check. Requiring all four parts keeps `（2021年）`, `第3号台风` and court case
//! numbers (`（2024）湘01民终123号`) out.
//!
//! [`check_index_number`] validates a 索引号 such as `11441700007280420Y/2021-00050`.

use std::sync::{LazyLock, Mutex};

use regex::Regex;

use super::{Ctx, Hit, Texts, is_han};

/// Why a 发文字号 is wrong, and the corrected form when it can be derived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumberError {
    pub suggestion: Option<String>,
    pub message_zh: String,
    pub message_en: String,
}

/// Lenient parse of a whole 发文字号, so that wrong forms can be explained and fixed.
static PARSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?P<agency>[^\s〔〕\[\]［］()（）【】〖〗<>＜＞〈〉{}｛｝0-9０-９]+?)\s*",
        r"(?:(?P<open>[〔\[［(（【〖<＜〈{｛])\s*",
        r"(?P<year>[^〔〕\[\]［］()（）【】〖〗<>＜＞〈〉{}｛｝\s]*)\s*",
        r"(?P<close>[〕\]］)）】〗>＞〉}｝])",
        r"|(?P<bare>[0-9０-９]{4})\s*年)",
        r"\s*(?P<di>第)?\s*(?P<num>[0-9０-９]+)\s*(?P<hao>号)?$",
    ))
    .expect("constant regex")
});

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

static INDEX_DEFAULT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9A-Z]{9,18}/[0-9]{4}-[0-9]{5}$").expect("constant regex"));

/// Site patterns compiled so far (a site has one or two; recompiling per page is waste).
/// Pattern text → compiled regex (`None` when it does not compile).
type PatternCache = Vec<(String, Option<Regex>)>;

static INDEX_CUSTOM: LazyLock<Mutex<PatternCache>> = LazyLock::new(|| Mutex::new(Vec::new()));

/// Words that precede a document number in prose and are not part of the agency code:
/// `根据汉政办发[2021]88号` must be read as agency `汉政办发`.
const LEAD_WORDS: &[&str] = &[
    "根据", "依据", "按照", "依照", "参照", "对照", "印发", "转发", "关于", "执行", "落实", "贯彻",
    "文件", "通知", "精神", "要求", "规定", "见", "按", "据", "和", "及", "与", "的", "在", "以",
    "是", "即", "详",
];

/// Validate a 发文字号 (GB/T 9704-2012).
pub fn check_doc_number(s: &str) -> Result<(), DocNumberError> {
    let Some(c) = PARSE.captures(s.trim()) else {
        return Err(error(
            s,
            None,
            "无法识别为发文字号，应为“机关代字〔年份〕序号号”，如“汉政办发〔2021〕88号”".into(),
            "not recognisable as a document number; expected agency code〔year〕serial号, e.g. 汉政办发〔2021〕88号".into(),
        ));
    };
    let agency = c.name("agency").map_or("", |m| m.as_str()).trim();
    if !agency.chars().any(is_han) {
        return Err(error(
            s,
            None,
            "缺少发文机关代字".into(),
            "the agency code is missing".into(),
        ));
    }
    let mut zh: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();

    let raw_year = c.name("year").or(c.name("bare")).map_or("", |m| m.as_str());
    let year = ascii_digits(raw_year);
    if year.is_empty() {
        return Err(error(
            s,
            None,
            "〔〕中缺少年份".into(),
            "the year inside 〔〕 is missing".into(),
        ));
    }
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(error(
            s,
            None,
            format!("年份“{raw_year}”不是数字，疑似未替换的占位符"),
            format!("the year \"{raw_year}\" is not a number; a placeholder?"),
        ));
    }
    let year = match year.len() {
        4 => year,
        2 => {
            let yy: u32 = year.parse().unwrap_or(0);
            let full = if yy <= 49 { 2000 + yy } else { 1900 + yy };
            zh.push(format!("年份应写全四位（{full}）"));
            en.push(format!("the year must have four digits ({full})"));
            full.to_string()
        }
        _ => {
            return Err(error(
                s,
                None,
                format!("年份“{raw_year}”应为四位数字"),
                format!("the year \"{raw_year}\" must be four digits"),
            ));
        }
    };
    let y: u32 = year.parse().unwrap_or(0);
    if !(1949..=2100).contains(&y) {
        return Err(error(
            s,
            None,
            format!("年份{y}不合理"),
            format!("implausible year {y}"),
        ));
    }
    if raw_year.chars().any(|ch| ('０'..='９').contains(&ch))
        || c.name("num")
            .is_some_and(|m| m.as_str().chars().any(|ch| ('０'..='９').contains(&ch)))
    {
        zh.push("数字应使用半角阿拉伯数字".into());
        en.push("use half-width Arabic digits".into());
    }
    if c.name("bare").is_some() {
        zh.push("年份应用六角括号〔〕括入".into());
        en.push("the year belongs in hexagonal brackets 〔〕".into());
    } else if c.name("open").map(|m| m.as_str()) != Some("〔")
        || c.name("close").map(|m| m.as_str()) != Some("〕")
    {
        let (o, cl) = (
            c.name("open").map_or("", |m| m.as_str()),
            c.name("close").map_or("", |m| m.as_str()),
        );
        zh.push(format!("年份应使用六角括号〔〕，不能用“{o}{cl}”"));
        en.push(format!(
            "the year takes hexagonal brackets 〔〕, not \"{o}{cl}\""
        ));
    }
    if c.name("di").is_some() {
        zh.push("序号前不加“第”".into());
        en.push("no 第 before the serial number".into());
    }
    let raw_num = ascii_digits(c.name("num").map_or("", |m| m.as_str()));
    let num = raw_num.trim_start_matches('0');
    if num.is_empty() {
        return Err(error(
            s,
            None,
            "序号不能为0".into(),
            "the serial number cannot be 0".into(),
        ));
    }
    if num.len() != raw_num.len() {
        zh.push("序号不编虚位（不加前导0）".into());
        en.push("no leading zeros in the serial number".into());
    }
    if c.name("hao").is_none() {
        zh.push("序号后应加“号”".into());
        en.push("the serial number must end with 号".into());
    }
    let canonical = format!("{agency}〔{year}〕{num}号");
    if canonical == s {
        return Ok(());
    }
    if zh.is_empty() {
        zh.push("含多余空格".into());
        en.push("contains extra spaces".into());
    }
    Err(error(s, Some(canonical), zh.join("；"), en.join("; ")))
}

fn error(s: &str, suggestion: Option<String>, why_zh: String, why_en: String) -> DocNumberError {
    let (message_zh, message_en) = match &suggestion {
        Some(fix) => (
            format!("发文字号“{s}”不规范：{why_zh}；应为“{fix}”"),
            format!("Document number \"{s}\" is malformed: {why_en}; write \"{fix}\""),
        ),
        None => (
            format!("发文字号“{s}”不规范：{why_zh}"),
            format!("Document number \"{s}\" is malformed: {why_en}"),
        ),
    };
    DocNumberError {
        suggestion,
        message_zh,
        message_en,
    }
}

/// Full-width digits to ASCII; everything else unchanged.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Check an index number (索引号) against a regex pattern given by site config; default
/// pattern `^[0-9A-Z]{9,18}/\d{4}-\d{5}$`. A custom pattern must match the whole value
/// (it is anchored here). An invalid pattern matches nothing; validate it when loading
/// the site config with [`validate_index_pattern`].
pub fn check_index_number(s: &str, pattern: Option<&str>) -> bool {
    let Some(p) = pattern else {
        return INDEX_DEFAULT.is_match(s);
    };
    let mut cache = INDEX_CUSTOM
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, re)) = cache.iter().find(|(k, _)| k == p) {
        return re.as_ref().is_some_and(|re| re.is_match(s));
    }
    let re = Regex::new(&format!("^(?:{p})$")).ok();
    let ok = re.as_ref().is_some_and(|re| re.is_match(s));
    if cache.len() >= 16 {
        cache.remove(0);
    }
    cache.push((p.to_string(), re));
    ok
}

/// Whether a site's 索引号 pattern compiles; the error text explains why not.
pub fn validate_index_pattern(pattern: &str) -> Result<(), String> {
    Regex::new(&format!("^(?:{pattern})$"))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

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
    use super::*;

    fn fix(s: &str) -> Option<String> {
        check_doc_number(s).err().and_then(|e| e.suggestion)
    }

    #[test]
    fn correct_numbers_pass() {
        assert_eq!(check_doc_number("汉政办发〔2021〕88号"), Ok(()));
        assert_eq!(check_doc_number("国办秘函〔2019〕19号"), Ok(()));
        assert_eq!(check_doc_number("青政办发〔2026〕15号"), Ok(()));
    }

    #[test]
    fn wrong_forms_get_corrected() {
        for s in [
            "汉政办发[2021]88号",
            "汉政办发(2021)88号",
            "汉政办发（2021）88号",
            "汉政办发【2021】88号",
            "汉政办发〔21〕88号",
            "汉政办发〔2021〕第88号",
            "汉政办发〔2021〕088号",
            "汉政办发〔２０２１〕８８号",
            "汉政办发2021年88号",
            "汉政办发〔2021〕88",
            "汉政办发 〔2021〕 88号",
        ] {
            assert_eq!(fix(s).as_deref(), Some("汉政办发〔2021〕88号"), "{s}");
        }
        let e = check_doc_number("汉政办发(2021)第088号").unwrap_err();
        assert!(
            e.message_zh.contains("〔〕")
                && e.message_zh.contains("第")
                && e.message_zh.contains("前导0")
        );
        assert_eq!(fix("京政发〔98〕3号").as_deref(), Some("京政发〔1998〕3号"));
    }

    #[test]
    fn underivable_errors() {
        for s in [
            "汉政办发〔〕88号",
            "汉政办发〔20XX〕88号",
            "汉政办发〔2021〕0号",
            "〔2021〕88号",
            "随便写的",
            "汉政办发〔1850〕3号",
        ] {
            let e = check_doc_number(s).unwrap_err();
            assert!(e.suggestion.is_none(), "{s}");
            assert!(!e.message_zh.is_empty() && !e.message_en.is_empty());
        }
    }

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

    #[test]
    fn index_numbers() {
        assert!(check_index_number("000014349/2017-00110", None));
        assert!(check_index_number("11441700007280420Y/2021-00050", None));
        assert!(!check_index_number("000014349/2017-0011", None));
        assert!(!check_index_number("abc/2017-00110", None));
        assert!(check_index_number("QS-2026-001", Some(r"QS-\d{4}-\d{3}")));
        assert!(!check_index_number("xQS-2026-001", Some(r"QS-\d{4}-\d{3}")));
        assert!(!check_index_number("x", Some("(")));
        assert!(validate_index_pattern("(").is_err());
        assert!(validate_index_pattern(r"\d+").is_ok());
    }
}
