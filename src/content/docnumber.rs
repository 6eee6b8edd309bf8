//! The grammar of 发文字号 (document numbers, GB/T 9704-2012) and 索引号 (index numbers of the
//! 政府信息公开 catalogue): knowledge of government documents that loading (a policy's
//! `发文字号` is validated when the page is read) and `check`'s `doc-number` text rule share.
//!
//! A document number is agency code + four-digit year in hexagonal brackets 〔〕 +
//! serial number without 第 and without leading zeros + 号: `汉政办发〔2021〕88号`.
//! [`check_doc_number`] validates one value and derives the corrected form when it can.

use std::sync::LazyLock;

use regex::Regex;

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

static INDEX_DEFAULT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9A-Z]{9,18}/[0-9]{4}-[0-9]{5}$").expect("constant regex"));

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

/// Whether an index number (索引号) has the usual form `^[0-9A-Z]{9,18}/\d{4}-\d{5}$`. A site
/// that numbers otherwise sets `policy.index_pattern` in `site.yaml`, compiled once with the
/// configuration ([`crate::config::PolicyConfig`]).
pub fn check_index_number(s: &str) -> bool {
    INDEX_DEFAULT.is_match(s)
}

/// A Han ideograph (CJK unified ideographs, extensions, compatibility) or `〇`.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn index_numbers() {
        assert!(check_index_number("000014349/2017-00110"));
        assert!(check_index_number("11441700007280420Y/2021-00050"));
        assert!(!check_index_number("000014349/2017-0011"));
        assert!(!check_index_number("abc/2017-00110"));
    }
}
