//! `typo`: serious misspellings, as a wrong→right dictionary.
//!
//! Owns the built-in dictionary [`BUILTIN`] — wrong forms of the country's, the Party's
//! and state organs' names, of fixed political terms, and the 错别字 that most often
//! reach official prose — plus `typo_extra` from the site config, minus `typo_allow`.
//! Every entry is a form that is wrong wherever it appears; this is deliberately not a
//! "sensitive word" block list, which would flag official terms themselves.
//!
//! A few wrong forms are also a substring of correct text (`按装置`, `既使用`); those
//! contexts are in [`BUILTIN_ALLOW`] and work exactly like `typo_allow` entries: a hit
//! is dropped when an occurrence of an allow entry covers it.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts};

/// Built-in `(wrong, right)` pairs.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    // Names of the country, the Party and state organs.
    ("中华人民共合国", "中华人民共和国"),
    ("中华人名共和国", "中华人民共和国"),
    ("中化人民共和国", "中华人民共和国"),
    ("中华人民供和国", "中华人民共和国"),
    ("中国共产觉", "中国共产党"),
    ("中国共产当", "中国共产党"),
    ("攻府", "政府"),
    ("政俯", "政府"),
    ("人民政腐", "人民政府"),
    ("政冶", "政治"),
    ("人名代表大会", "人民代表大会"),
    ("人民代表大回", "人民代表大会"),
    ("人民代表打会", "人民代表大会"),
    ("人大长委会", "人大常委会"),
    ("政治协商会意", "政治协商会议"),
    ("政治协商会义", "政治协商会议"),
    ("政治协商会仪", "政治协商会议"),
    ("中共中央办工厅", "中共中央办公厅"),
    ("中共中央办公听", "中共中央办公厅"),
    ("国务院办公听", "国务院办公厅"),
    ("办工厅", "办公厅"),
    ("办功室", "办公室"),
    ("国务院总里", "国务院总理"),
    ("政治局长委", "政治局常委"),
    ("纪律检察委员会", "纪律检查委员会"),
    ("纪检监查", "纪检监察"),
    ("监查委员会", "监察委员会"),
    ("人民检查院", "人民检察院"),
    // Fixed political terms.
    ("中国特设社会主义", "中国特色社会主义"),
    ("社会主意", "社会主义"),
    ("社会注义", "社会主义"),
    (
        "习近平新时期中国特色社会主义思想",
        "习近平新时代中国特色社会主义思想",
    ),
    (
        "习近平新时代特色社会主义思想",
        "习近平新时代中国特色社会主义思想",
    ),
    ("社会主义核心价值关", "社会主义核心价值观"),
    ("不忘出心", "不忘初心"),
    ("牢记史命", "牢记使命"),
    ("全面从严制党", "全面从严治党"),
    ("党风廉正建设", "党风廉政建设"),
    ("反腐昌廉", "反腐倡廉"),
    ("脱贫攻艰", "脱贫攻坚"),
    ("脱贫功坚", "脱贫攻坚"),
    ("乡村振新", "乡村振兴"),
    ("乡村震兴", "乡村振兴"),
    ("民族复新", "民族复兴"),
    ("伟大复新", "伟大复兴"),
    ("与时具进", "与时俱进"),
    ("实事求事", "实事求是"),
    ("惯彻", "贯彻"),
    ("贯彻洛实", "贯彻落实"),
    // Common 错别字 in official prose.
    ("布署", "部署"),
    ("按装", "安装"),
    ("既使", "即使"),
    ("坚苦奋斗", "艰苦奋斗"),
    ("一如继往", "一如既往"),
    ("在接再厉", "再接再厉"),
    ("再接再励", "再接再厉"),
    ("迫不急待", "迫不及待"),
    ("变本加利", "变本加厉"),
    ("一愁莫展", "一筹莫展"),
    ("既往不究", "既往不咎"),
    ("走头无路", "走投无路"),
    ("默守成规", "墨守成规"),
    ("按步就班", "按部就班"),
    ("出谋化策", "出谋划策"),
    ("歪风斜气", "歪风邪气"),
    ("针贬时弊", "针砭时弊"),
    ("声名雀起", "声名鹊起"),
    ("穿流不息", "川流不息"),
    ("励精图志", "励精图治"),
    ("一股作气", "一鼓作气"),
    ("再所不辞", "在所不辞"),
    ("人才倍出", "人才辈出"),
    ("不径而走", "不胫而走"),
    ("通货膨涨", "通货膨胀"),
    ("美仑美奂", "美轮美奂"),
    ("标新立意", "标新立异"),
    ("谈笑风声", "谈笑风生"),
    ("甘败下风", "甘拜下风"),
    ("水泻不通", "水泄不通"),
    ("安居落业", "安居乐业"),
];

/// Correct text that contains a built-in wrong form.
pub(crate) const BUILTIN_ALLOW: &[&str] = &[
    "按装置", // 按装置类型统计: "by device type"
    "按装修", // 按装修面积计算
    "按装机", // 按装机容量: "by installed capacity"
    "按装备", // 按装备标准配置
    "习惯彻", // 把好习惯彻底坚持下去
    "既使用", // 既使用……又……
    "既使得", // 既使得……又……
    "既使其", // 既使其……又……
];

/// All built-in wrong forms in one alternation, longest first so that the longer, more
/// specific entry wins where two start at the same place.
static BUILTIN_RE: LazyLock<Regex> =
    LazyLock::new(|| super::literal_alternation(BUILTIN.iter().map(|(w, _)| *w)));

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    let mut hits: Vec<(usize, usize, &str, &str)> = Vec::new();
    for m in BUILTIN_RE.find_iter(text) {
        if let Some((w, r)) = BUILTIN.iter().find(|(w, _)| *w == m.as_str()) {
            hits.push((m.start(), m.end(), w, r));
        }
    }
    for (w, r) in &ctx.cfg.typo_extra {
        if w.is_empty() || w == r {
            continue;
        }
        for (i, _) in text.match_indices(w.as_str()) {
            hits.push((i, i + w.len(), w.as_str(), r.as_str()));
        }
    }
    if hits.is_empty() {
        return;
    }

    // Ranges covered by allow entries; a hit fully inside one is dropped.
    let mut allowed: Vec<(usize, usize)> = Vec::new();
    let allow = BUILTIN_ALLOW
        .iter()
        .copied()
        .chain(ctx.cfg.typo_allow.iter().map(String::as_str));
    for a in allow.filter(|a| !a.is_empty()) {
        allowed.extend(text.match_indices(a).map(|(i, _)| (i, i + a.len())));
    }
    for (s, e, wrong, right) in hits {
        if allowed.iter().any(|&(a, b)| a <= s && e <= b) {
            continue;
        }
        out.push(Hit::new(
            s,
            "typo",
            wrong,
            Texts {
                message_zh: format!("错别字：“{wrong}”应为“{right}”"),
                message_en: format!("Misspelling: \"{wrong}\" should be \"{right}\""),
                hint_zh: format!("改为“{right}”；如确属正确用法，请加入站点配置 typo_allow"),
                hint_en: format!("Write \"{right}\"; if the text is correct here, add it to typo_allow in the site config"),
            },
        ).with_correction(right));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown, scan_markdown_only};
    use super::*;

    fn typos(s: &str, cfg: &RuleConfig) -> Vec<String> {
        scan_markdown(s, 1, cfg)
            .into_iter()
            .filter(|f| f.rule == "typo")
            .map(|f| f.matched)
            .collect()
    }

    #[test]
    fn dictionary_is_sound() {
        assert!(BUILTIN.len() >= 40);
        for (w, r) in BUILTIN {
            assert_ne!(w, r);
            // The right form must not itself trigger the rule.
            assert!(!BUILTIN_RE.is_match(r), "{r} contains a wrong form");
            assert!(w.chars().count() >= 2);
        }
        let mut wrong: Vec<&str> = BUILTIN.iter().map(|(w, _)| *w).collect();
        wrong.sort_unstable();
        let n = wrong.len();
        wrong.dedup();
        assert_eq!(n, wrong.len(), "duplicate wrong forms");
    }

    #[test]
    fn finds_and_names_the_right_form() {
        let f = scan_markdown("中华人民共合国成立以来", 1, &RuleConfig::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].matched, "中华人民共合国");
        assert!(f[0].message_zh.contains("中华人民共和国"));
        assert_eq!(typos("县攻府召开会议", &RuleConfig::default()), ["攻府"]);
        // Also a 错敏词, which is what a full scan reports; without that rule, `typo` does.
        let line = "深入学习习近平新时代中国特设社会主义思想";
        let only_typo = scan_markdown_only(line, 1, &RuleConfig::default(), None, &|c| c == "typo");
        assert_eq!(only_typo[0].matched, "中国特设社会主义");
        assert_eq!(
            typos("县纪律检察委员会", &RuleConfig::default()),
            ["纪律检察委员会"]
        );
    }

    #[test]
    fn correct_text_is_quiet() {
        let s = "中华人民共和国，县人民政府，习近平新时代中国特色社会主义思想，全国人民代表大会，\
                 中国人民政治协商会议，中共中央办公厅，县人民检察院，县纪律检查委员会，\
                 按装置类型统计，既使用传统方式又使用网络方式，中国共产党党员，出主意、想办法。";
        assert!(typos(s, &RuleConfig::default()).is_empty());
    }

    #[test]
    fn extra_and_allow() {
        let cfg = RuleConfig {
            typo_extra: vec![("青水县".into(), "清水县".into())],
            typo_allow: vec!["布署路".into()],
            ..RuleConfig::default()
        };
        assert_eq!(typos("青水县布署路，工作布署", &cfg), ["青水县", "布署"]);
        let f = scan_markdown("青水县", 1, &cfg);
        assert!(f[0].hint_zh.contains("清水县"));
    }

    #[test]
    fn code_is_not_checked() {
        assert!(typos("`攻府`", &RuleConfig::default()).is_empty());
    }
}
