//! `personal-aid` (error): a named person next to their aid status or illness.
//!
//! Who is a 脱贫户, 低保户, 监测户 or 特困 recipient, who is disabled or ill, is personal
//! information; a news item about a visit may say how many households were helped but not
//! print a villager's full name beside it. Two shapes are reported:
//! - the status word followed by a name: `残疾人陈大贵家中`, `低保户张三说`;
//! - a name followed by illness or disability: `胡祖平的妻子因病丧失劳动能力`,
//!   `彭桂英，患肠坏死`.
//!
//! A name is a common surname and one or two more characters, ending where a particle,
//! punctuation or `家` follows. Anonymised names (`王某`) are fine.

use std::sync::LazyLock;

use regex::Regex;

use super::placeholder::SURNAMES;
use super::{Ctx, Hit, Texts, char_before, is_cjk_punct};

const STATUS: &str = "脱贫户|低保户|监测户|监测对象|贫困户|五保户|特困户|特困人员|残疾人|困难户|边缘户|低保对象|重病患者";

static STATUS_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:{STATUS})([{SURNAMES}][\p{{Han}}]{{1,2}}?)(?:家中|家里|家|说|一家|，|、|（)"
    ))
    .expect("regex from constants")
});

static NAME_ILLNESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"([{SURNAMES}][\p{{Han}}]{{1,2}}?)(的(?:妻子|丈夫|母亲|父亲|儿子|女儿|孙子|孙女|老伴)[，,]?|[，,])?(?:因病|患有?(?:\p{{Han}}{{1,6}}病|癌|肠|肝|肺|胃|脑|心)|身患|重度残疾|肢体残疾|瘫痪在床|常年卧病)"
    ))
    .expect("regex from constants")
});

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    for caps in STATUS_NAME.captures_iter(text) {
        let Some(name) = caps.get(1) else { continue };
        if name.as_str().contains('某') {
            continue;
        }
        out.push(hit(name.start(), caps.get(0).map_or("", |m| m.as_str())));
    }
    // The regex starts with a surname, which no literal search can find fast: look for the
    // illness words first, which most pages do not have.
    let illness = ["因病", "患", "残疾", "瘫痪", "卧病"];
    if !illness.iter().any(|w| text.contains(w)) {
        return;
    }
    for caps in NAME_ILLNESS.captures_iter(text) {
        let Some(name) = caps.get(1) else { continue };
        // A name right before 因病 may be any two words (严防因病返贫); it needs a relation
        // (`的妻子`), a comma, or a word before it that introduces a person (`母亲彭桂英患`).
        let introduced = [
            "母亲", "父亲", "妻子", "丈夫", "村民", "群众", "老人", "户主",
        ]
        .iter()
        .any(|w| text[..name.start()].ends_with(w));
        let before = char_before(text, name.start());
        let starts_clause = before.is_none_or(|c| c == '\n' || is_cjk_punct(c)) || introduced;
        let marked = caps.get(2).is_some() || introduced;
        if !starts_clause || !marked || name.as_str().contains('某') {
            continue;
        }
        out.push(hit(name.start(), caps.get(0).map_or("", |m| m.as_str())));
    }
}

fn hit(at: usize, matched: &str) -> Hit {
    Hit::new(
        at,
        "personal-aid",
        matched,
        Texts {
            message_zh: format!("帮扶对象的姓名与其身份或病情写在一起：“{matched}”"),
            message_en: format!("A named person next to their aid status or illness: \"{matched}\""),
            hint_zh: "脱贫户、低保户、监测户、残疾或患病情况属于个人信息；公开时去掉姓名或写作“某某”，或取得本人同意".into(),
            hint_en: "Aid status, disability and illness are personal data; drop the name or anonymise it (王某), or get the person's consent".into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn found(s: &str) -> usize {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == "personal-aid")
            .count()
    }

    #[test]
    fn named_recipients() {
        assert_eq!(found("一行人先来到了残疾人陈大贵家中。"), 1);
        assert_eq!(found("胡祖平的妻子因病丧失劳动能力。"), 1);
        assert_eq!(found("胡绵羊的母亲彭桂英，患肠坏死、肝囊肿等病症。"), 1);
        assert_eq!(found("低保户张三说：“感谢党。”"), 1);
    }

    #[test]
    fn counts_and_anonymised_names_are_fine() {
        for s in [
            "其中，低保户、困难户19户，现役军人亲属5户。",
            "走访慰问农村低保对象、特困供养对象。",
            "低保户王某反映情况。",
            "市委常委陈志，市政协副主席陈正兰一行。",
            "残疾人康复中心，低保户张榜公示。",
            "严防因病返贫，杜绝因病致贫。",
            "残疾人高龄老人补贴，困难户范围的认定，低保户金额的发放。",
        ] {
            assert_eq!(found(s), 0, "{s}");
        }
    }
}
