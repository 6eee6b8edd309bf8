//! One cell of a data file as written — `1,234.5`, `150万元`, `12.5%`, `2025年3月`, `待统计` —
//! read into a typed value, and a number written back in Chinese formatting.

use std::fmt::Write as _;

/// A typed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing written, or a placeholder for "no figure" (`-`, `—`, `/`).
    Empty,
    /// A number; `unit` as written in the cell (`万元`), empty when none.
    Number(Number, String),
    /// A percentage, `12.5%` kept as 12.5.
    Percent(Number),
    /// A year, a month or a day.
    Date(Date),
    /// Anything else.
    Text(String),
}

/// A number and how many decimals it was written with, so `3.50` is shown as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    pub decimals: u8,
}

/// A date as precise as it was written: `2025年`, `2025年3月` or `2025-03-15`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// `2025年3月15日`, `2025年3月` or `2025年`.
    pub fn zh(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{}年{m}月{d}日", self.year),
            (Some(m), None) => format!("{}年{m}月", self.year),
            _ => format!("{}年", self.year),
        }
    }

    /// ISO 8601 as far as known: `2025-03-15`, `2025-03`, `2025`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }
}

/// Units a cell may carry after its number. Free text after a number (`1组`, `3号楼`) stays
/// text: only these count as a unit, so a name is never read as a figure.
const UNITS: &[&str] = &[
    "亿元",
    "万元",
    "千元",
    "元",
    "万人",
    "人次",
    "户次",
    "人",
    "户",
    "万亩",
    "亩",
    "公顷",
    "平方米",
    "公里",
    "千米",
    "米",
    "km",
    "吨",
    "公斤",
    "千克",
    "斤",
    "个",
    "次",
    "场",
    "期",
    "项",
    "家",
    "所",
    "座",
    "套",
    "间",
    "台",
    "辆",
    "头",
    "只",
    "株",
    "篇",
    "件",
    "条",
    "名",
    "天",
    "小时",
    "kWh",
    "度",
];

/// Reads a cell as written (already trimmed).
pub fn parse(text: &str) -> Value {
    let text = text.trim();
    if text.is_empty() || matches!(text, "-" | "—" | "/" | "－" | "——") {
        return Value::Empty;
    }
    if let Some(date) = parse_date(text) {
        return Value::Date(date);
    }
    if let Some(rest) = text.strip_suffix('%').or_else(|| text.strip_suffix('％'))
        && let Some(number) = parse_number(rest.trim_end())
    {
        return Value::Percent(number);
    }
    if let Some(number) = parse_number(text) {
        return Value::Number(number, String::new());
    }
    for unit in UNITS {
        if let Some(rest) = text.strip_suffix(unit)
            && let Some(number) = parse_number(rest.trim_end())
        {
            return Value::Number(number, (*unit).to_string());
        }
    }
    Value::Text(text.to_string())
}

/// `1,234.50`, `-3`, `+2.5`, `１２３` (full-width digits, as some input methods type them).
/// Thousands separators must group by three, so `1,2` is not a number.
pub fn parse_number(text: &str) -> Option<Number> {
    let text: String = text.chars().map(halfwidth).collect();
    let (sign, digits) = match text.as_bytes().first()? {
        b'-' => (-1.0, &text[1..]),
        b'+' => (1.0, &text[1..]),
        _ => (1.0, text.as_str()),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if whole.contains(',') {
        let mut groups = whole.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return None;
        }
    }
    if let Some(f) = fraction
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let plain = format!("{}.{}", whole.replace(',', ""), fraction.unwrap_or("0"));
    let value: f64 = plain.parse().ok()?;
    Some(Number {
        value: sign * value,
        decimals: fraction.map_or(0, |f| f.len().min(6) as u8),
    })
}

fn halfwidth(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '，' => ',',
        '．' => '.',
        '－' => '-',
        c => c,
    }
}

/// `2025年`, `2025年3月`, `2025年3月15日`, `2025-03`, `2025-03-15`, `2025/3/15`, `2025.03`.
/// A bare `2025` is a number; [`super::data`] makes a column of them years when its header says so.
pub fn parse_date(text: &str) -> Option<Date> {
    if let Some(date) = parse_zh_date(text) {
        return Some(date);
    }
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    if parts.len() < 2 || parts.len() > 3 || parts[0].len() != 4 {
        return None;
    }
    let nums: Vec<u32> = (parts.iter())
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    // `2025.5` is a number, not May 2025.
    if text.contains('.') && parts.len() == 2 && parts[1].len() != 2 {
        return None;
    }
    date(nums[0], Some(nums[1]), nums.get(2).copied())
}

fn parse_zh_date(text: &str) -> Option<Date> {
    let (year, rest) = text.split_once('年')?;
    let year: u32 = year.trim().parse().ok()?;
    if rest.is_empty() {
        return date(year, None, None);
    }
    let (month, rest) = rest.split_once('月')?;
    let month: u32 = month.trim().parse().ok()?;
    if rest.is_empty() {
        return date(year, Some(month), None);
    }
    let day: u32 = rest.strip_suffix('日')?.trim().parse().ok()?;
    date(year, Some(month), Some(day))
}

fn date(year: u32, month: Option<u32>, day: Option<u32>) -> Option<Date> {
    let ok = (1000..=9999).contains(&year)
        && month.is_none_or(|m| (1..=12).contains(&m))
        && day.is_none_or(|d| (1..=31).contains(&d));
    ok.then(|| Date {
        year: year as i32,
        month: month.map(|m| m as u8),
        day: day.map(|d| d as u8),
    })
}

/// `1234567.5` with 1 decimal → `1,234,567.5`: groups of three, as Chinese statistical
/// tables print them.
pub fn format_number(number: Number) -> String {
    let decimals = usize::from(number.decimals);
    let text = format!("{:.*}", decimals, number.value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::new();
    if number.value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(f) = fraction {
        let _ = write!(out, ".{f}");
    }
    out
}

/// A number as machines read it: no separators, the written decimals (`1234567.5`).
pub fn plain_number(number: Number) -> String {
    format!("{:.*}", usize::from(number.decimals), number.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(value: f64, decimals: u8) -> Number {
        Number { value, decimals }
    }

    #[test]
    fn cells_are_typed_as_written() {
        assert_eq!(
            parse("1,234.5"),
            Value::Number(num(1234.5, 1), String::new())
        );
        assert_eq!(
            parse("150万元"),
            Value::Number(num(150.0, 0), "万元".into())
        );
        assert_eq!(
            parse("320 户次"),
            Value::Number(num(320.0, 0), "户次".into())
        );
        assert_eq!(parse("12.5%"), Value::Percent(num(12.5, 1)));
        assert_eq!(parse("８０％"), Value::Percent(num(80.0, 0)));
        assert_eq!(parse("-3"), Value::Number(num(-3.0, 0), String::new()));
        assert_eq!(parse("—"), Value::Empty);
        assert_eq!(parse("1组"), Value::Text("1组".into()));
        assert_eq!(parse("1,2"), Value::Text("1,2".into()));
        assert_eq!(parse("12,3456"), Value::Text("12,3456".into()));
        assert_eq!(parse("待统计"), Value::Text("待统计".into()));
    }

    #[test]
    fn dates_in_chinese_and_iso_forms() {
        let march = Date {
            year: 2025,
            month: Some(3),
            day: None,
        };
        assert_eq!(parse("2025年3月"), Value::Date(march));
        assert_eq!(parse("2025-03"), Value::Date(march));
        assert_eq!(parse("2025.03"), Value::Date(march));
        assert_eq!(
            parse_date("2025/3/15").map(|d| d.zh()),
            Some("2025年3月15日".into())
        );
        assert_eq!(parse_date("2025年").map(|d| d.iso()), Some("2025".into()));
        assert_eq!(parse_date("2025年13月"), None);
        assert_eq!(
            parse("2025.5"),
            Value::Number(num(2025.5, 1), String::new())
        );
    }

    #[test]
    fn numbers_are_grouped_by_three_with_written_decimals() {
        assert_eq!(format_number(num(1234567.5, 1)), "1,234,567.5");
        assert_eq!(format_number(num(999.0, 0)), "999");
        assert_eq!(format_number(num(-1000.0, 2)), "-1,000.00");
        assert_eq!(format_number(num(-0.001, 1)), "0.0");
        assert_eq!(plain_number(num(1234567.5, 1)), "1234567.5");
    }
}
