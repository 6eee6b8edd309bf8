//! `placeholder-field` (error): a template or mail-merge field left in the text.
//!
//! Documents are often produced by filling a template — Word's mail merge (`«姓名»`), a
//! report tool's tags (`{{story_name}}`, `{{#list}}`, `{{ 村名 }}`), a script's `${name}`,
//! a Jinja/Tera statement (`{% if … %}`), a content system's `{mail_subject}` — or a form with bracketed prompts (`【请填写】`,
//! `（填写单位名称）`, `[此处输入标题]`). When the filling failed or a draft was copied
//! before it, the field reaches the page as it is. jianbao renders no template syntax inside
//! Markdown, so every such field in prose is published literally.
//!
//! Code blocks and code spans are masked before the scan, so a page that documents template
//! syntax shows it in code and raises nothing. A field is short and on one line; the name
//! inside a `«»` pair is one word (the guillemets also quote titles in other languages, with
//! spaces inside); a bracketed prompt starts with 请/此处/在此 or is a 填写/填入 instruction
//! other than a form's own 填写说明.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts};

const RULE: &str = "placeholder-field";

/// One alternation; every alternative starts with a literal, so the text is scanned once.
static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\{\{[^{}\n]{1,60}\}\}",
        r"|\{%[^%\n]{1,80}%\}",
        r"|\$\{[^{}\n]{1,60}\}",
        r"|\{[A-Za-z_][A-Za-z0-9_\\]{0,30}[A-Za-z0-9_]\}",
        r"|«[\p{Han}A-Za-z0-9_\\.\-]{1,30}»",
        r"|[【\[（(〔<〈]\s*(?:(?:请|此处|在此)(?:填写|填入|输入|插入|粘贴|添加|修改|替换)",
        r"|填写|填入)[^】\]）)〕>〉\n]{0,24}[】\]）)〕>〉]",
    ))
    .expect("constant regex")
});

/// What a form may legitimately put in brackets after 填写: its own instructions.
const FORM_WORDS: &[&str] = &[
    "说明", "要求", "须知", "指南", "规范", "注意", "示例", "范例",
];

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    for m in FIELD.find_iter(text) {
        let s = m.as_str();
        if is_form_instruction(s) {
            continue;
        }
        out.push(hit(m.start(), s));
    }
}

/// `（填写说明）`, `【填写要求】`: a form explaining itself, not a prompt left unfilled.
fn is_form_instruction(s: &str) -> bool {
    let inner = s.trim_start_matches(['【', '[', '（', '(', '〔', '<', '〈', ' ', '\t']);
    ["填写", "填入"].iter().any(|verb| {
        inner
            .strip_prefix(verb)
            .is_some_and(|rest| FORM_WORDS.iter().any(|w| rest.starts_with(w)))
    })
}

fn hit(offset: usize, matched: &str) -> Hit {
    // Markdown escapes (`{{story\_source}}`, as `import` writes an underscore) are not
    // what the reader sees.
    let shown = matched.replace('\\', "");
    Hit::new(
        offset,
        RULE,
        shown.clone(),
        Texts {
            message_zh: format!("“{shown}”是模板或邮件合并的字段，没有换成内容"),
            message_en: format!(
                "\"{shown}\" is a template or mail-merge field that was never filled in"
            ),
            hint_zh: "把字段换成它代表的内容（名称、数字、日期）；页面要展示模板写法时放进代码（`{{…}}`）".into(),
            hint_en: "Replace the field with what it stands for (a name, number or date); to show template syntax on a page, put it in code (`{{…}}`)".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn found(s: &str) -> Vec<String> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == "placeholder-field")
            .map(|f| f.matched)
            .collect()
    }

    #[test]
    fn fields_of_every_template_shape() {
        assert_eq!(found("# {{story_name}}"), ["{{story_name}}"]);
        assert_eq!(found("来源：{{story\\_source}}"), ["{{story_source}}"]);
        assert_eq!(found("{{ 村名 }}村召开党员大会"), ["{{ 村名 }}"]);
        assert_eq!(
            found("{{#villages}}{{/villages}}"),
            ["{{#villages}}", "{{/villages}}"]
        );
        assert_eq!(found("尊敬的«姓名»同志："), ["«姓名»"]);
        assert_eq!(found("«Village_Name»村"), ["«Village_Name»"]);
        assert_eq!(found("${name}同志，您好"), ["${name}"]);
        assert_eq!(found("发送人：{post_user_name}"), ["{post_user_name}"]);
        assert_eq!(found("{mail\\_date}"), ["{mail_date}"]);
        assert_eq!(
            found("{% if 有照片 %}见附图{% endif %}"),
            ["{% if 有照片 %}", "{% endif %}"]
        );
        assert_eq!(found("联系人：【请填写】"), ["【请填写】"]);
        assert_eq!(found("报送单位（填写单位全称）："), ["（填写单位全称）"]);
        assert_eq!(found("# [此处输入标题]"), ["[此处输入标题]"]);
    }

    #[test]
    fn template_syntax_in_code_and_ordinary_brackets_are_left_alone() {
        for s in [
            "模板里写 `{{ page.title }}` 显示标题。",
            "```\n{{ site.title }}\n```",
            "附件：登记表（填写说明）",
            "【工作动态】县委召开常委会",
            "（补充通知）",
            "雨果的小说«Les Misérables»",
            "价格为 $100，{ 和 } 单独出现，集合{x}",
            "## 标题 {#anchor}",
            "请各村于月底前填写登记表。",
        ] {
            assert!(found(s).is_empty(), "{s}: {:?}", found(s));
        }
    }
}
