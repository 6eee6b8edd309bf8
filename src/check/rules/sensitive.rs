//! `sensitive` (error): 错敏词 — wrong wording that is a serious political or official error,
//! each with its correct form.
//!
//! Three kinds:
//! - a list of wrong forms of fixed political phrases, leaders' titles and the like
//!   (`扫黑险恶` → `扫黑除恶`, `习总书记` → `习近平总书记`, `不忘出心` → `不忘初心`);
//!   a site adds its own (its leaders' and places' names written wrong) with
//!   `check.sensitive` in `site.yaml` or a file named by `check.sensitive_file`;
//! - joint issuers joined by a 顿号 inside a title: `《中共中央、国务院关于……》` is written
//!   `《中共中央 国务院关于……》`;
//! - a title inside a title written with `《》` or `<>` again: the inner one takes `〈〉`;
//! - the guiding thought's name without 习近平 (`以新时代中国特色社会主义思想为指导`).
//!
//! Unlike the generic "sensitive word" lists that flag official terms, every entry here is
//! a wrong form with a right one, so correct text never matches.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts};

/// Built-in wrong → right pairs.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("扫黑险恶", "扫黑除恶"),
    ("扫黑除黑", "扫黑除恶"),
    ("习总书记", "习近平总书记"),
    ("习大大", "习近平总书记"),
    ("不忘出心", "不忘初心"),
    ("不忘初衷、牢记使命", "不忘初心、牢记使命"),
    ("两学一座", "两学一做"),
    ("四个意思", "四个意识"),
    ("两个维户", "两个维护"),
    ("两个确力", "两个确立"),
    ("四个自新", "四个自信"),
    ("科学发展现", "科学发展观"),
    ("社会主意", "社会主义"),
    ("中国特设社会主义", "中国特色社会主义"),
    ("伟大复新", "伟大复兴"),
    ("人类命运共同休", "人类命运共同体"),
    ("一代一路", "一带一路"),
    ("从严冶党", "从严治党"),
    ("依法制国", "依法治国"),
    ("友腐倡廉", "反腐倡廉"),
    ("党风廉正", "党风廉政"),
    ("严谨公款吃喝", "严禁公款吃喝"),
    ("领导小姐", "领导小组"),
    ("中国共产常", "中国共产党"),
    ("中国共产觉", "中国共产党"),
    ("中国共产堂", "中国共产党"),
    ("全国人大副委员长", "全国人大常委会副委员长"),
    ("省人大副主任", "省人大常委会副主任"),
    ("市人大副主任", "市人大常委会副主任"),
    ("县人大副主任", "县人大常委会副主任"),
    ("省省委书记", "省委书记"),
    ("党的十八精神", "党的十八大精神"),
    ("党的十九精神", "党的十九大精神"),
    ("党的二十精神", "党的二十大精神"),
    ("新时代中国特色社会主意", "新时代中国特色社会主义"),
    // The 紧紧/仅仅 slip that turns "rally closely round" into "rally only round".
    ("仅仅团结在", "紧紧团结在"),
    ("仅仅围绕在", "紧紧围绕在"),
];

/// Every built-in wrong form, longest first.
static BUILTIN_RE: LazyLock<Regex> =
    LazyLock::new(|| super::literal_alternation(BUILTIN.iter().map(|(w, _)| *w)));

static JOINT_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"《(?:中共中央|中央|中共\p{Han}{1,6}委|\p{Han}{1,6}委)、(?:国务院|\p{Han}{1,6}人民政府)",
    )
    .expect("constant regex")
});

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    for m in BUILTIN_RE.find_iter(text) {
        if let Some((wrong, right)) = BUILTIN.iter().find(|(w, _)| *w == m.as_str()) {
            out.push(hit(m.start(), wrong, right));
        }
    }
    // A site's own list is short; each entry is looked up on its own.
    for (wrong, right) in &ctx.cfg.sensitive_extra {
        if wrong.is_empty() {
            continue;
        }
        for (at, _) in text.match_indices(wrong.as_str()) {
            out.push(hit(at, wrong, right));
        }
    }
    for m in JOINT_IN_TITLE.find_iter(text) {
        let wrong = &m.as_str()["《".len()..];
        out.push(hit(m.start(), wrong, &wrong.replace('、', " ")));
    }
    nested_titles(text, out);
    for (at, _) in text.match_indices(THOUGHT) {
        let before = &text[..at];
        if !before.ends_with("习近平") && !before.ends_with('*') {
            out.push(hit(at, THOUGHT, &format!("习近平{THOUGHT}")));
        }
    }
}

/// The guiding thought's name is written whole; template sites drop the name
/// (`以新时代中国特色社会主义思想为指导`, `以总书记新时代……`). Masked with `*`, `mask-name` says it.
const THOUGHT: &str = "新时代中国特色社会主义思想";

/// `《…《…》…》` and `《…<…>…》`: the inner title takes `〈〉`.
fn nested_titles(text: &str, out: &mut Vec<Hit>) {
    if !text.contains('《') {
        return;
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '《' => {
                if depth >= 1 {
                    out.push(hit(i, "《", "〈"));
                }
                depth += 1;
            }
            '》' => depth = depth.saturating_sub(1),
            '<' if depth >= 1 => out.push(hit(i, "<", "〈")),
            '\n' => depth = 0,
            _ => {}
        }
    }
}

fn hit(at: usize, wrong: &str, right: &str) -> Hit {
    Hit::new(
        at,
        "sensitive",
        wrong,
        Texts {
            message_zh: format!("严重表述错误：“{wrong}”应为“{right}”"),
            message_en: format!("Serious wording error: \"{wrong}\" should be \"{right}\""),
            hint_zh: format!(
                "改为“{right}”；本站自有的领导姓名、地名等可在 site.yaml 的 check.sensitive 或 check.sensitive_file 中补充"
            ),
            hint_en: format!(
                "Write \"{right}\"; add the site's own names (leaders, places) under check.sensitive or check.sensitive_file in site.yaml"
            ),
        },
    )
    .with_correction(right)
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn found(s: &str, cfg: &RuleConfig) -> Vec<String> {
        scan_markdown(s, 1, cfg)
            .into_iter()
            .filter(|f| f.rule == "sensitive")
            .map(|f| f.matched)
            .collect()
    }

    #[test]
    fn wrong_forms() {
        let cfg = RuleConfig::default();
        assert_eq!(found("深入开展扫黑险恶专项斗争", &cfg), ["扫黑险恶"]);
        assert_eq!(found("习总书记要求", &cfg), ["习总书记"]);
        assert_eq!(
            found("仅仅团结在以习近平同志为核心的党中央周围", &cfg),
            ["仅仅团结在"]
        );
        assert_eq!(
            found("贯彻《中共中央、国务院关于打赢脱贫攻坚战的决定》", &cfg),
            ["中共中央、国务院"]
        );
        assert_eq!(
            found(
                "《关于贯彻落实<中共中央国务院关于打赢脱贫攻坚战的决定>的实施意见》",
                &cfg
            ),
            ["<"]
        );
        assert_eq!(found("《关于印发《办法》的通知》", &cfg), ["《"]);
        assert_eq!(
            found("坚持以总书记新时代中国特色社会主义思想为指导", &cfg),
            ["新时代中国特色社会主义思想"]
        );
    }

    #[test]
    fn site_extra_and_correct_text() {
        let cfg = RuleConfig {
            sensitive_extra: vec![("张三县长".into(), "张山县长".into())],
            ..RuleConfig::default()
        };
        assert_eq!(found("张三县长出席", &cfg), ["张三县长"]);
        for s in [
            "中共中央、国务院决定在全国开展扫黑除恶专项斗争。",
            "《中共中央 国务院关于打赢脱贫攻坚战的决定》",
            "《关于印发〈办法〉的通知》《条例》",
            "习近平总书记强调，不忘初心、牢记使命。",
            "以习近平新时代中国特色社会主义思想为指导。",
            "紧紧团结在党中央周围；不能仅仅依靠政府投入。",
        ] {
            assert!(found(s, &cfg).is_empty(), "{s}");
        }
    }
}
