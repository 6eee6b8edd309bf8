//! Dates as editors write them in front matter, read in the site's time zone.
//!
//! Accepted: `2025-03-01`, `2025-03-01 10:30`, `2025-03-01 10:30:15`, RFC 3339
//! (`2025-03-01T10:30:00+08:00`), and the Chinese form `2025年3月1日` (optionally followed by a
//! time). A time without an offset is in the site's zone. Nothing here reads the clock.

use std::sync::LazyLock;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use regex::Regex;

static CIVIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4})(?:-(\d{1,2})-(\d{1,2})|年(\d{1,2})月(\d{1,2})日)(?:[ T]\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?$",
    )
    .expect("constant regex")
});

/// Parses a front-matter date. Returns `None` when the text is not a date we accept.
pub fn parse_date(text: &str, zone: &TimeZone) -> Option<Zoned> {
    let text = text.trim();
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        // RFC 3339 with an offset or `Z`: the instant is fixed, shown in the site's zone.
        return Some(timestamp.to_zoned(zone.clone()));
    }
    let caps = CIVIL.captures(text)?;
    let number = |i: usize| caps.get(i).map(|m| m.as_str().parse::<i8>().ok());
    let year: i16 = caps[1].parse().ok()?;
    let (month, day) = match (number(2), number(3)) {
        (Some(m), Some(d)) => (m?, d?),
        _ => (number(4)??, number(5)??),
    };
    let date = Date::new(year, month, day).ok()?;
    let time = match number(6) {
        Some(hour) => Time::new(hour?, number(7)??, number(8).unwrap_or(Some(0))?, 0).ok()?,
        None => Time::midnight(),
    };
    DateTime::from_parts(date, time).to_zoned(zone.clone()).ok()
}

/// `2025年3月1日`: the form official Chinese text uses, without leading zeros.
pub fn format_chinese(date: &Zoned) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// RFC 3339 with the zone's offset, e.g. `2025-03-01T10:30:00+08:00`.
pub fn format_rfc3339(date: &Zoned) -> String {
    date.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai() -> TimeZone {
        TimeZone::get("Asia/Shanghai").expect("tzdb has Asia/Shanghai")
    }

    fn rfc(text: &str) -> Option<String> {
        parse_date(text, &shanghai()).map(|d| format_rfc3339(&d))
    }

    #[test]
    fn accepts_every_documented_form() {
        assert_eq!(
            rfc("2025-03-01").as_deref(),
            Some("2025-03-01T00:00:00+08:00")
        );
        assert_eq!(
            rfc("2025-03-01 10:30").as_deref(),
            Some("2025-03-01T10:30:00+08:00")
        );
        assert_eq!(
            rfc("2025-03-01 10:30:15").as_deref(),
            Some("2025-03-01T10:30:15+08:00")
        );
        assert_eq!(
            rfc("2025-03-01T10:30").as_deref(),
            Some("2025-03-01T10:30:00+08:00")
        );
        assert_eq!(
            rfc("2025年3月1日").as_deref(),
            Some("2025-03-01T00:00:00+08:00")
        );
        assert_eq!(
            rfc("2025年12月31日 9:05").as_deref(),
            Some("2025-12-31T09:05:00+08:00")
        );
    }

    #[test]
    fn rfc3339_with_offset_keeps_the_instant() {
        assert_eq!(
            rfc("2025-03-01T00:00:00Z").as_deref(),
            Some("2025-03-01T08:00:00+08:00")
        );
        assert_eq!(
            rfc("2025-03-01T10:00:00+09:00").as_deref(),
            Some("2025-03-01T09:00:00+08:00")
        );
    }

    #[test]
    fn rejects_impossible_and_unknown_forms() {
        for bad in [
            "2025-02-30",
            "2025/03/01",
            "三月一日",
            "2025-13-01",
            "yesterday",
            "2025年3月",
        ] {
            assert_eq!(rfc(bad), None, "{bad}");
        }
    }

    #[test]
    fn chinese_format_has_no_leading_zeros() {
        let date = parse_date("2025-03-01", &shanghai()).unwrap();
        assert_eq!(format_chinese(&date), "2025年3月1日");
    }
}
