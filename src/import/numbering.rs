//! Word's automatic numbering (`word/numbering.xml`) rendered to the label the reader sees.
//!
//! A paragraph names a numbering instance (`numId`) and a level (`ilvl`); the instance points at
//! an abstract definition whose level gives the format (`decimal`, `chineseCounting`, …), the
//! pattern (`%1.`, `（%1）`, `%1.%2`) and the start value. Counters run per instance, and a
//! level's counter restarts whenever a shallower level advances, as Word does.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::blocks::{ListKind, ListMark};
use super::xml::{W, attr, child};

/// One level of a list definition.
#[derive(Debug, Clone)]
struct Level {
    format: String,
    pattern: String,
    start: u32,
}

/// The document's list definitions and the running counters.
#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → levels (from its abstract definition, with overrides applied).
    instances: HashMap<String, Vec<Level>>,
    /// numId → current counter of each level.
    counters: HashMap<String, Vec<Option<u32>>>,
}

impl Numbering {
    /// Reads `numbering.xml`; a missing or unreadable part means no automatic numbering.
    pub fn parse(xml: Option<&str>) -> Numbering {
        let Some(doc) = xml.and_then(|x| Document::parse(x).ok()) else {
            return Numbering::default();
        };
        let root = doc.root_element();
        let abstracts: HashMap<String, Vec<Level>> = root
            .children()
            .filter(|n| n.has_tag_name((W, "abstractNum")))
            .filter_map(|n| Some((attr(n, "abstractNumId")?.to_string(), levels(n))))
            .collect();
        let mut instances = HashMap::new();
        for num in root.children().filter(|n| n.has_tag_name((W, "num"))) {
            let (Some(id), Some(abs)) = (
                attr(num, "numId"),
                child(num, "abstractNumId").and_then(|n| attr(n, "val")),
            ) else {
                continue;
            };
            let mut levels = abstracts.get(abs).cloned().unwrap_or_default();
            apply_overrides(num, &mut levels);
            instances.insert(id.to_string(), levels);
        }
        Numbering {
            instances,
            counters: HashMap::new(),
        }
    }

    /// Advances the counter of `num_id` at `level` and gives the label, or `None` when the
    /// instance is unknown or numbering is switched off (`numId` 0).
    pub fn next(&mut self, num_id: &str, level: u8) -> Option<ListMark> {
        let levels = self.instances.get(num_id)?;
        let ilvl = usize::from(level);
        let def = levels.get(ilvl)?;
        let counters = self
            .counters
            .entry(num_id.to_string())
            .or_insert_with(|| vec![None; levels.len()]);
        let value = counters[ilvl].map_or(def.start, |v| v + 1);
        counters[ilvl] = Some(value);
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        let label = render_pattern(&def.pattern, levels, counters);
        let kind = match def.format.as_str() {
            "bullet" => ListKind::Bullet,
            "decimal" if is_plain_ordered(&def.pattern, ilvl) => ListKind::Ordered(value),
            _ => ListKind::Text,
        };
        let label = if kind == ListKind::Bullet {
            "•".to_string()
        } else {
            label
        };
        if label.is_empty() && kind == ListKind::Text {
            return None;
        }
        Some(ListMark { level, label, kind })
    }
}

fn levels(abstract_num: Node) -> Vec<Level> {
    let mut out: Vec<(usize, Level)> = abstract_num
        .children()
        .filter(|n| n.has_tag_name((W, "lvl")))
        .filter_map(|lvl| Some((attr(lvl, "ilvl")?.parse().ok()?, level(lvl))))
        .collect();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, l)| l).collect()
}

fn level(lvl: Node) -> Level {
    let val = |name: &str| child(lvl, name).and_then(|n| attr(n, "val"));
    Level {
        format: val("numFmt").unwrap_or("decimal").to_string(),
        pattern: val("lvlText").unwrap_or("").to_string(),
        start: val("start").and_then(|s| s.parse().ok()).unwrap_or(1),
    }
}

fn apply_overrides(num: Node, levels: &mut [Level]) {
    for over in num
        .children()
        .filter(|n| n.has_tag_name((W, "lvlOverride")))
    {
        let Some(i) = attr(over, "ilvl").and_then(|i| i.parse::<usize>().ok()) else {
            continue;
        };
        let Some(level) = levels.get_mut(i) else {
            continue;
        };
        if let Some(start) = child(over, "startOverride").and_then(|n| attr(n, "val")) {
            level.start = start.parse().unwrap_or(level.start);
        }
        if let Some(lvl) = child(over, "lvl") {
            *level = self::level(lvl);
        }
    }
}

/// `%1.`-style patterns of one number: what a Markdown ordered list writes itself.
fn is_plain_ordered(pattern: &str, ilvl: usize) -> bool {
    let own = format!("%{}", ilvl + 1);
    pattern == format!("{own}.") || pattern == format!("{own})")
}

fn render_pattern(pattern: &str, levels: &[Level], counters: &[Option<u32>]) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        let digit = chars.peek().and_then(|d| d.to_digit(10));
        match (c, digit) {
            ('%', Some(d)) if (1..=9).contains(&d) => {
                chars.next();
                let i = d as usize - 1;
                let value = counters
                    .get(i)
                    .copied()
                    .flatten()
                    .or_else(|| levels.get(i).map(|l| l.start))
                    .unwrap_or(1);
                let format = levels.get(i).map_or("decimal", |l| l.format.as_str());
                out.push_str(&format_number(value, format));
            }
            _ => out.push(c),
        }
    }
    out
}

/// A counter value in one of Word's number formats.
pub fn format_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographDigital" => chinese(n, false),
        "chineseLegalSimplified" => chinese(n, true),
        "ideographTraditional" => ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]
            .get(n.saturating_sub(1) as usize)
            .map_or_else(|| n.to_string(), |s| s.to_string()),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

fn letters(mut n: u32, base: u8) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(base + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// Chinese numerals as counting formats write them: 一 … 十, 十一, 二十, 一百零一.
pub fn chinese(n: u32, legal: bool) -> String {
    let digits: [&str; 10] = if legal {
        ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]
    } else {
        ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    };
    let (ten, hundred) = if legal {
        ("拾", "佰")
    } else {
        ("十", "百")
    };
    if n >= 1000 {
        return n.to_string();
    }
    let (h, t, u) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    let mut out = String::new();
    if h > 0 {
        out.push_str(digits[h]);
        out.push_str(hundred);
    }
    if t > 0 {
        if !(h == 0 && t == 1) || legal {
            out.push_str(digits[t]);
        }
        out.push_str(ten);
    } else if h > 0 && u > 0 {
        out.push('零');
    }
    if u > 0 || n == 0 {
        out.push_str(digits[u]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_reads_as_written() {
        assert_eq!(chinese(1, false), "一");
        assert_eq!(chinese(10, false), "十");
        assert_eq!(chinese(12, false), "十二");
        assert_eq!(chinese(20, false), "二十");
        assert_eq!(chinese(105, false), "一百零五");
        assert_eq!(chinese(3, true), "叁");
    }

    #[test]
    fn formats_cover_letters_roman_and_circles() {
        assert_eq!(format_number(28, "lowerLetter"), "ab");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
    }

    const XML: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
    </w:numbering>"#;

    #[test]
    fn counters_restart_below_a_level_that_advances() {
        let mut n = Numbering::parse(Some(XML));
        let labels: Vec<String> = [0, 1, 1, 2, 2, 0, 1]
            .iter()
            .map(|&l| n.next("5", l).expect("known").label)
            .collect();
        assert_eq!(
            labels,
            ["一、", "（一）", "（二）", "1.", "2.", "二、", "（一）"]
        );
        assert_eq!(n.next("5", 2).map(|m| m.kind), Some(ListKind::Ordered(1)));
        assert!(n.next("9", 0).is_none());
    }
}
