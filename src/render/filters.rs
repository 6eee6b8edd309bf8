//! Template filters that Chinese official pages need and Tera does not ship.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use tera::{Kwargs, State, Tera, TeraResult};

/// Registers `date_zh` (`2025年3月1日`) and `date(format="%Y-%m-%d")`, both reading the RFC 3339
/// strings the view structs carry, in the site's time zone.
pub fn register(tera: &mut Tera, zone: &TimeZone) {
    let zh_zone = zone.clone();
    tera.register_filter(
        "date_zh",
        move |value: &str, _: Kwargs, _: &State| -> TeraResult<String> {
            let date = parse(value)?.to_zoned(zh_zone.clone());
            Ok(format!(
                "{}年{}月{}日",
                date.year(),
                date.month(),
                date.day()
            ))
        },
    );
    let fmt_zone = zone.clone();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let format = kwargs.get::<&str>("format")?.unwrap_or("%Y-%m-%d");
            let date = parse(value)?.to_zoned(fmt_zone.clone());
            Ok(date.strftime(format).to_string())
        },
    );
}

fn parse(value: &str) -> TeraResult<Timestamp> {
    value
        .parse::<Timestamp>()
        .map_err(|err| tera::Error::message(format!("`{value}` is not an RFC 3339 date: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> String {
        let mut tera = Tera::new();
        register(&mut tera, &TimeZone::get("Asia/Shanghai").unwrap());
        tera.add_raw_template("t", template).unwrap();
        tera.render("t", &tera::Context::new()).unwrap()
    }

    #[test]
    fn chinese_date_has_no_leading_zeros() {
        assert_eq!(
            render(r#"{{ "2025-03-01T10:30:00+08:00" | date_zh }}"#),
            "2025年3月1日"
        );
    }

    #[test]
    fn date_format_uses_the_site_zone() {
        assert_eq!(
            render(r#"{{ "2025-03-01T00:30:00Z" | date(format="%Y-%m-%d %H:%M") }}"#),
            "2025-03-01 08:30"
        );
    }
}
