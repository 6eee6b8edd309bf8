//! The front matter of an imported page, written as YAML an editor can read and change.
//!
//! The frame's fields go where the theme shows them: for `--type policy` into `policy:` (发文机关,
//! 成文日期, 发文字号 — the 信息公开 table), for `--type bulletin` into `bulletin:` (名称, 期号,
//! 编发单位). Fields the theme has no place for (主送机关, 抄送, 签发人, 印发机关/日期, and the
//! 发文字号 of an ordinary article) are kept under `extra:` so nothing recognised is lost.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::frame::Frame;
use super::report::ReportFacts;
use crate::content::gov::ContentType;

/// An attachment copied into the bundle: file name and its title in the 附件说明.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file: String,
    pub title: String,
}

/// What goes into the front matter besides the frame.
pub struct FrontInput<'a> {
    pub title: &'a str,
    pub today: Date,
    pub content_type: ContentType,
    pub frame: &'a Frame,
    pub attachments: &'a [Attachment],
    /// 附件说明 items that have no file beside the document.
    pub unmatched: &'a [String],
    pub internal: bool,
    /// Field, villages, team and figures of a `--type report` document.
    pub report: Option<&'a ReportFacts>,
}

/// The YAML between the `---` lines, each line ending in `\n`.
pub fn front_matter(input: &FrontInput) -> String {
    let frame = input.frame;
    let mut out = String::new();
    line(&mut out, 0, "title", input.title);
    let _ = writeln!(out, "date: {}", input.today);
    if input.content_type != ContentType::Article {
        let _ = writeln!(out, "type: {}", input.content_type.name());
    }
    if let Some(issuer) = &frame.issuer {
        line(&mut out, 0, "source", issuer);
    }
    if let Some(facts) = input.report {
        report(&mut out, facts);
    }
    if !input.attachments.is_empty() {
        out.push_str("attachments:\n");
        for a in input.attachments {
            let _ = writeln!(out, "  - file: {}", quote(&a.file));
            let _ = writeln!(out, "    title: {}", quote(&a.title));
        }
    }
    let mut extra: Vec<(&str, String)> = Vec::new();
    match input.content_type {
        ContentType::Policy => policy(&mut out, frame),
        ContentType::Bulletin => bulletin(&mut out, frame, input.internal),
        _ => {
            if let Some(number) = &frame.doc_number {
                extra.push(("发文字号", number.clone()));
            }
            if let Some(date) = frame.written {
                extra.push(("成文日期", date.to_string()));
            }
        }
    }
    let fields = [
        ("主送机关", frame.recipients.clone()),
        ("签发人", frame.signer.clone()),
        (
            "发文机关署名",
            frame
                .issuer
                .clone()
                .filter(|_| input.content_type != ContentType::Policy),
        ),
        ("抄送", frame.cc.clone()),
        ("印发机关", frame.printer.clone()),
        ("印发日期", frame.printed.map(|d| d.to_string())),
    ];
    extra.extend(fields.into_iter().filter_map(|(k, v)| Some((k, v?))));
    if !extra.is_empty() || !input.unmatched.is_empty() {
        out.push_str("extra:\n");
        for (key, value) in extra {
            line(&mut out, 2, key, &value);
        }
        if !input.unmatched.is_empty() {
            out.push_str("  附件说明:\n");
            for item in input.unmatched {
                let _ = writeln!(out, "    - {}", quote(item));
            }
        }
    }
    out
}

fn policy(out: &mut String, frame: &Frame) {
    out.push_str("policy:\n");
    if let Some(issuer) = &frame.issuer {
        line(out, 2, "发文机关", issuer);
    }
    if let Some(date) = frame.written {
        let _ = writeln!(out, "  成文日期: {date}");
    }
    if let Some(number) = &frame.doc_number {
        line(out, 2, "发文字号", number);
    }
    out.push_str("  有效性: 有效\n");
}

fn bulletin(out: &mut String, frame: &Frame, internal: bool) {
    out.push_str("bulletin:\n");
    if let Some(name) = &frame.masthead {
        line(out, 2, "名称", name);
    }
    if let Some(issue) = frame.issue {
        let _ = writeln!(out, "  期号: {issue}");
    }
    if let Some(publisher) = frame.publisher.as_ref().or(frame.issuer.as_ref()) {
        line(out, 2, "编发单位", publisher);
    }
    if internal {
        out.push_str("  内部资料: true\n");
    }
}

fn report(out: &mut String, facts: &ReportFacts) {
    if let Some(field) = facts.field {
        line(out, 0, "field", field);
    }
    if !facts.villages.is_empty() {
        out.push_str("villages:\n");
        for village in &facts.villages {
            let _ = writeln!(out, "  - {}", quote(village));
        }
    }
    if let Some(team) = &facts.team {
        line(out, 0, "team", team);
    }
    if !facts.metrics.is_empty() {
        out.push_str("metrics:\n");
        for (name, figure) in &facts.metrics {
            line(out, 2, &quote(name), figure);
        }
    }
}

fn line(out: &mut String, indent: usize, key: &str, value: &str) {
    let _ = writeln!(out, "{}{key}: {}", " ".repeat(indent), quote(value));
}

/// A YAML scalar: plain when it reads back as the same string, double-quoted otherwise.
pub fn quote(value: &str) -> String {
    let plain_safe = !value.is_empty()
        && !value.starts_with(|c: char| c.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`~".contains(c))
        && !value.ends_with(char::is_whitespace)
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.contains(['\n', '\t', '：'])
        && !value.chars().next().is_some_and(|c| c.is_ascii_digit())
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off"
        );
    if plain_safe {
        value.to_string()
    } else {
        serde_json::to_string(value).unwrap_or_else(|_| format!("\"{}\"", value.replace('"', "'")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(quote("关于做好冬季培训的通知"), "关于做好冬季培训的通知");
        assert_eq!(quote("2026年工作要点"), "\"2026年工作要点\"");
        assert_eq!(quote("通知：培训"), "\"通知：培训\"");
        assert_eq!(quote("yes"), "\"yes\"");
    }

    #[test]
    fn policy_fields_fill_the_disclosure_table() {
        let frame = Frame {
            doc_number: Some("青组发〔2026〕12号".into()),
            issuer: Some("中共青山县委组织部".into()),
            written: Date::new(2026, 11, 20).ok(),
            recipients: Some("各乡镇党委".into()),
            ..Frame::default()
        };
        let yaml = front_matter(&FrontInput {
            title: "通知",
            today: Date::new(2026, 12, 2).expect("date"),
            content_type: ContentType::Policy,
            frame: &frame,
            attachments: &[],
            unmatched: &[],
            internal: false,
            report: None,
        });
        assert!(yaml.contains("policy:\n  发文机关: 中共青山县委组织部\n  成文日期: 2026-11-20\n  发文字号: 青组发〔2026〕12号\n"), "{yaml}");
        assert!(yaml.contains("extra:\n  主送机关: 各乡镇党委\n"), "{yaml}");
    }
}
