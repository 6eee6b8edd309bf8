//! Government content types: policy documents (政策文件, with the 政府信息公开 metadata), work
//! bulletins (简报) and achievement reports (工作成效, with figures).
//!
//! Inside `policy:` and `bulletin:` the keys are the labels editors see on the printed table
//! (`发文字号`, `期号` …); each also has an English alias for sites kept by developers.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// What a page is; chooses its template and metadata.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentType {
    /// A news item or report without special metadata (工作动态).
    #[default]
    Article,
    /// A policy document or notice with 信息公开 metadata (政策文件 / 通知公告).
    Policy,
    /// A work bulletin (简报) with masthead and distribution lines.
    Bulletin,
    /// An achievement report (工作成效) with a figures table.
    Report,
}

impl ContentType {
    /// The name used in templates and search: `article`, `policy`, `bulletin`, `report`.
    pub fn name(self) -> &'static str {
        match self {
            ContentType::Article => "article",
            ContentType::Policy => "policy",
            ContentType::Bulletin => "bulletin",
            ContentType::Report => "report",
        }
    }
}

/// `policy:` as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFront {
    /// 索引号, e.g. `000014349/2026-00008`.
    #[serde(rename = "索引号", alias = "index_number")]
    pub index_number: Option<String>,
    /// 主题分类.
    #[serde(rename = "主题分类", alias = "category")]
    pub category: Option<String>,
    /// 发文机关.
    #[serde(rename = "发文机关", alias = "issuer")]
    pub issuer: Option<String>,
    /// 成文日期.
    #[serde(
        rename = "成文日期",
        alias = "written",
        default,
        deserialize_with = "super::frontmatter::scalar_text"
    )]
    pub written: Option<String>,
    /// 发文字号, e.g. `青组发〔2026〕8号`.
    #[serde(rename = "发文字号", alias = "doc_number")]
    pub doc_number: Option<String>,
    /// 主题词.
    #[serde(
        rename = "主题词",
        alias = "keywords",
        default,
        deserialize_with = "super::frontmatter::one_or_many"
    )]
    pub keywords: Vec<String>,
    /// 有效性: 有效, 失效 or 废止.
    #[serde(rename = "有效性", alias = "validity")]
    pub validity: Option<Validity>,
    /// 有效期至: after this date the document is shown as 已失效.
    #[serde(
        rename = "有效期至",
        alias = "valid_until",
        default,
        deserialize_with = "super::frontmatter::scalar_text"
    )]
    pub valid_until: Option<String>,
    /// 规范性文件: normative documents should have an interpretation.
    #[serde(rename = "规范性文件", alias = "normative", default)]
    pub normative: bool,
    /// 政策解读: link to the interpretation page (`@/policies/x-jiedu.md`).
    #[serde(rename = "政策解读", alias = "interpretation")]
    pub interpretation: Option<String>,
    /// 解读对象: on an interpretation page, link to the policy it explains.
    #[serde(rename = "解读对象", alias = "interprets")]
    pub interprets: Option<String>,
}

/// The keys `policy:` accepts.
pub const POLICY_FIELDS: &[&str] = &[
    "索引号",
    "主题分类",
    "发文机关",
    "成文日期",
    "发文字号",
    "主题词",
    "有效性",
    "有效期至",
    "规范性文件",
    "政策解读",
    "解读对象",
];

/// Whether a policy is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Validity {
    /// 有效.
    #[serde(rename = "有效", alias = "valid")]
    Valid,
    /// 失效.
    #[serde(rename = "失效", alias = "expired")]
    Expired,
    /// 废止.
    #[serde(rename = "废止", alias = "repealed")]
    Repealed,
}

impl Validity {
    /// The label shown on the page.
    pub fn label(self) -> &'static str {
        match self {
            Validity::Valid => "有效",
            Validity::Expired => "失效",
            Validity::Repealed => "废止",
        }
    }
}

/// `bulletin:` as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulletinFront {
    /// 名称: the masthead, e.g. 驻村工作简报 (defaults to the section title).
    #[serde(rename = "名称", alias = "name")]
    pub name: Option<String>,
    /// 期号: issue number within the year.
    #[serde(rename = "期号", alias = "issue")]
    pub issue: Option<u32>,
    /// 增刊: a supplement, numbered separately.
    #[serde(rename = "增刊", alias = "supplement", default)]
    pub supplement: bool,
    /// 编发单位.
    #[serde(rename = "编发单位", alias = "publisher")]
    pub publisher: Option<String>,
    /// 内部资料 mark.
    #[serde(rename = "内部资料", alias = "internal", default)]
    pub internal: bool,
    /// 报: to superiors.
    #[serde(
        rename = "报",
        alias = "report_to",
        default,
        deserialize_with = "super::frontmatter::one_or_many"
    )]
    pub report_to: Vec<String>,
    /// 送: to peers.
    #[serde(
        rename = "送",
        alias = "send_to",
        default,
        deserialize_with = "super::frontmatter::one_or_many"
    )]
    pub send_to: Vec<String>,
    /// 发: to subordinates.
    #[serde(
        rename = "发",
        alias = "issue_to",
        default,
        deserialize_with = "super::frontmatter::one_or_many"
    )]
    pub issue_to: Vec<String>,
    /// 主送 (instead of 报/送/发).
    #[serde(
        rename = "主送",
        alias = "main_to",
        default,
        deserialize_with = "super::frontmatter::one_or_many"
    )]
    pub main_to: Vec<String>,
    /// 抄送.
    #[serde(
        rename = "抄送",
        alias = "cc",
        default,
        deserialize_with = "super::frontmatter::one_or_many"
    )]
    pub cc: Vec<String>,
    /// 印数: copies printed.
    #[serde(rename = "印数", alias = "copies")]
    pub copies: Option<u32>,
}

/// The keys `bulletin:` accepts.
pub const BULLETIN_FIELDS: &[&str] = &[
    "名称",
    "期号",
    "增刊",
    "编发单位",
    "内部资料",
    "报",
    "送",
    "发",
    "主送",
    "抄送",
    "印数",
];

/// One named figure of a report: `入户走访: 320 户次`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metric {
    /// What was counted.
    pub name: String,
    /// The number as written (`320`, `1.2`, `1,500`).
    pub value: String,
    /// The unit (`户次`, `万元`), possibly empty.
    pub unit: String,
}

/// Splits `320 户次` / `150万元` / `1,500` into number and unit; `None` when it does not start
/// with a number.
pub fn parse_metric(name: &str, text: &str) -> Option<Metric> {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ',' || *c == '-' || *c == '+'))
        .map_or(text.len(), |(i, _)| i);
    let value = &text[..end];
    if !value.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(Metric {
        name: name.to_string(),
        value: value.to_string(),
        unit: text[end..].trim().to_string(),
    })
}

/// `metrics:` as written: an ordered mapping of names to figures (numbers or `数字 单位` text).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricsFront(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for MetricsFront {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = MetricsFront;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("figures such as `入户走访: 320 户次`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Figure>()? {
                    items.push((key, value.0));
                }
                Ok(MetricsFront(items))
            }
        }
        deserializer.deserialize_map(Ordered)
    }
}

/// A figure written as a number or as text.
struct Figure(String);

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnyScalar;
        impl Visitor<'_> for AnyScalar {
            type Value = Figure;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number with an optional unit, such as 320 户次")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Figure, E> {
                Ok(Figure(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Figure, E> {
                Ok(Figure(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Figure, E> {
                Ok(Figure(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Figure, E> {
                Ok(Figure(v.to_string()))
            }
        }
        deserializer.deserialize_any(AnyScalar)
    }
}

/// The five revitalisation fields, as editors may write them, and their canonical names.
pub const FIELDS: &[(&str, &[&str])] = &[
    (
        "组织振兴",
        &[
            "组织",
            "党建",
            "党建引领",
            "party-building",
            "organisation",
            "organization",
        ],
    ),
    ("产业振兴", &["产业", "产业发展", "industry"]),
    ("人才振兴", &["人才", "人才培育", "talent"]),
    ("文化振兴", &["文化", "乡风文明", "culture"]),
    ("生态振兴", &["生态", "生态宜居", "ecology"]),
];

/// The canonical field name for what an editor wrote, if it is one of the five.
pub fn canonical_field(written: &str) -> Option<&'static str> {
    let written = written.trim();
    FIELDS
        .iter()
        .find(|(name, aliases)| {
            *name == written || aliases.iter().any(|a| a.eq_ignore_ascii_case(written))
        })
        .map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_split_number_and_unit() {
        assert_eq!(parse_metric("入户走访", "320 户次").unwrap().unit, "户次");
        assert_eq!(parse_metric("引进资金", "150万元").unwrap().value, "150");
        assert_eq!(parse_metric("培训", "1,500").unwrap().unit, "");
        assert!(parse_metric("引进资金", "待统计").is_none());
    }

    #[test]
    fn metrics_keep_their_written_order() {
        let m: MetricsFront = serde_saphyr::from_str("乙: 2 个\n甲: 1\n丙: 3.5 万元\n").unwrap();
        let names: Vec<_> = m.0.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["乙", "甲", "丙"]);
        assert_eq!(m.0[2].1, "3.5 万元");
    }

    #[test]
    fn policy_keys_accept_chinese_and_english() {
        let p: PolicyFront = serde_saphyr::from_str(
            "发文字号: 青组发〔2026〕8号\nvalidity: 有效\n有效期至: 2028-01-01\n",
        )
        .unwrap();
        assert_eq!(p.doc_number.as_deref(), Some("青组发〔2026〕8号"));
        assert_eq!(p.validity, Some(Validity::Valid));
    }

    #[test]
    fn fields_have_aliases() {
        assert_eq!(canonical_field("产业"), Some("产业振兴"));
        assert_eq!(canonical_field("Party-Building"), Some("组织振兴"));
        assert_eq!(canonical_field("科技"), None);
    }
}
