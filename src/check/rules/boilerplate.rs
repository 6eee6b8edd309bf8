//! `boilerplate` and `spam-download`: what template sites (范文/文库 sites) wrap around the
//! text that staff copy from them.
//!
//! `boilerplate` (error) reports a line that only a template site writes: the editor's
//! preface (`下面是小编为大家整理的……，供大家参考`, `本站为你精心整理了……`), the document
//! store's labels (`文档简介`, `版权说明：本文档由用户提供并上传`, `上传人（卖家）`,
//! `文档编号：`), titles that count versions (`……工作总结范文`, `（通用10篇）`, `推荐7篇`,
//! `……篇1`, `第一篇：`, `_第2页`), the chunk number a viewer puts at the start of a
//! document (`1、` on its first line), and the stray `'` such sites insert between Chinese
//! characters to spoil copying.
//!
//! `spam-download` (error) reports download and reading prompts: `下载本文档`,
//! `已阅读5页，还剩16页未读`, `继续免费阅读`, `点击此处下载`, `【下载声明】`, `全文预览已结束`.
//!
//! Both are line rules: one finding per line, at the first match. Ordinary government text
//! does use `供参考`, `范文` (in 范文澜) and `第一篇` (a yearbook part): the patterns below
//! need the template site's own wording around them.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, Texts, char_at, char_before, is_han};

/// Phrases only a template site writes, anywhere in a line.
static PHRASES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"小编(?:为|给|今天|精心|特意|整理|收集|带来)",
        r"|供(?:大家|您|你)参考",
        r"|(?:希望|但愿|相信)(?:能|会|一定会)?(?:对|给|为)(?:你|您|大家)(?:的)?(?:工作|学习|写作|创作)?(?:学习)?(?:有所|有|带来|提供)",
        r"|本站为(?:你|您)(?:精心)?整理",
        r"|(?:参考|看看|阅读)(?:一下)?下面的范文",
        r"|(?:下面|以下)是[^。\n]{0,30}(?:范文|小编)",
        r"|(?:我们的)?客服老师",
        r"|版权说明[:：]",
        r"|本文档由用户提供并上传",
        r"|收益归属内容提供方",
        r"|上传人[（(]卖家[）)]",
        r"|作者[:：]\s*会员上传",
        r"|文档编号[:：]\s*\d",
        r"|上传时间[:：]\s*\d",
        r"|(?:推荐|精选|优选|汇编|合集|集锦|大全)\d{1,3}篇",
        r"|_第\d+页",
    ))
    .expect("constant regex")
});

/// `（通用10篇）`: a version count in brackets, looked for only on lines with 篇.
static COUNT_IN_BRACKETS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(](?:通用|精选|优选|推荐|模板|热门|最新)?\d{1,3}篇[）)]")
        .expect("constant regex")
});

/// A whole line that is a document-store label.
static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:文档简介|资源描述[:：]?|内容简介[:：]?|文档介绍[:：]?)$")
        .expect("constant regex")
});

/// Bytes of the longest line [`LABEL_LINE`] accepts (`资源描述：`, five characters).
const LABEL_LINE_MAX: usize = 5 * 3;

/// A title (short line without a full stop) that names itself a model text or a version.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:范文(?:大全|精选|模板)?|(?:总结|计划|规划|心得|体会|报告|材料|讲话|发言|汇报|方案|致辞|讲稿|范本)(?:\d{1,3}篇|篇[一二三四五六七八九十\d]{1,3}))$",
        r"|^第[一二三四五六七八九十\d]{1,3}篇[:：]",
    ))
    .expect("constant regex")
});

/// A version number left in the middle of a line where a template site joined a title to its
/// text (`……工作总结篇2 一、指导思想`, `……计划篇一2024年以来`): a kind of document directly
/// followed by `篇` and a small number, which prose never writes (`第二篇`, `这篇报告`, `篇章`).
static MID_CHUNK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:总结|计划|规划|心得|体会|报告|材料|讲话|发言|汇报|方案|致辞|讲稿|范本|范文)",
        r"篇(?:[一二三四五六七八九十]{1,3}(?:[^一二三四五六七八九十章幅目名首页]|$)",
        r"|[1-9]\d?(?:[^\d章幅目名首页]|$))",
    ))
    .expect("constant regex")
});

/// `第一篇 ` followed by running prose: a collection's part marker glued to its text.
static PART_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第[一二三四五六七八九十\d]{1,3}篇[ \t\u{3000}]+\S[^\n]{29,}")
        .expect("constant regex")
});

static DOWNLOAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"已阅读\s*\d+\s*页",
        r"|还剩\s*\d+\s*页(?:未读)?",
        r"|继续免费阅读",
        r"|下载本文档",
        r"|点击此处下载",
        r"|【下载声明】",
        r"|全文预览已结束",
        r"|下载(?:资源)?需要\s*\d+\s*(?:金币|积分)",
        r"|下载积分[:：]",
        r"|加入VIP免费",
        r"|开通[Vv][Ii][Pp]",
        r"|免费下载全文",
    ))
    .expect("constant regex")
});

pub(crate) fn scan(ctx: &Ctx, out: &mut Vec<Hit>) {
    let text = ctx.text();
    // One search of the whole text each, so that the lines of a page without any (most pages)
    // are not searched one by one.
    let any_download = DOWNLOAD.is_match(text);
    let any_phrase = PHRASES.is_match(text);
    let any_part = text.contains('篇');
    let mut offset = 0;
    let mut first_text_line = true;
    let mut after_flagged = false;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let body = line
            .trim_start_matches([' ', '\t', '\u{3000}', '#', '>', '-', '*'])
            .trim();
        if body.is_empty() {
            continue;
        }
        let body_at = start
            + (line.len()
                - line
                    .trim_start_matches([' ', '\t', '\u{3000}', '#', '>', '-', '*'])
                    .len());
        let mut flagged = false;
        if let Some(m) = any_download.then(|| DOWNLOAD.find(line)).flatten() {
            out.push(download(start + m.start(), m.as_str()));
            flagged = true;
        }
        let has_part = any_part && line.contains('篇');
        let phrase = any_phrase
            .then(|| PHRASES.find(line))
            .flatten()
            .or_else(|| has_part.then(|| COUNT_IN_BRACKETS.find(line)).flatten());
        let found = phrase
            .map(|m| (start + m.start(), m.as_str().to_string()))
            .or_else(|| {
                (body.len() <= LABEL_LINE_MAX && LABEL_LINE.is_match(body))
                    .then(|| (body_at, body.to_string()))
            })
            .or_else(|| title(body).then(|| (body_at, body.to_string())))
            .or_else(|| {
                body.starts_with('第')
                    .then(|| PART_PROSE.find(body))
                    .flatten()
                    .map(|m| (body_at, first_chars(m.as_str(), 8)))
            })
            .or_else(|| {
                // A viewer's text starts on the first line, or right after the site's own lines.
                ((first_text_line || after_flagged) && chunk_number(body))
                    .then(|| (body_at, first_chars(body, 8)))
            })
            .or_else(|| {
                has_part
                    .then(|| MID_CHUNK.find(line))
                    .flatten()
                    .map(|m| (start + m.start(), first_chars(m.as_str(), 6)))
            })
            .or_else(|| anti_copy_quote(line).map(|i| (start + i, "'".to_string())));
        if let Some((at, matched)) = found {
            out.push(boilerplate(at, &matched));
            flagged = true;
        }
        first_text_line = false;
        after_flagged = flagged;
    }
}

/// A short line without a sentence end whose ending names a model text or a version.
fn title(body: &str) -> bool {
    body.len() <= 160 && body.chars().count() <= 40 && !body.contains('。') && TITLE.is_match(body)
}

/// The first line of a text is `1、` and a document's title: the chunk number a document
/// viewer puts before the text it shows.
fn chunk_number(body: &str) -> bool {
    body.starts_with("1、") && !body.contains('。') && DOC_TITLE_END.is_match(body)
}

static DOC_TITLE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:总结|指导书|方案|计划|报告|细则|制度|意见|讲话|汇报|发言|材料|办法|心得|体会)\s*$",
    )
    .expect("constant regex")
});

/// An ASCII `'` between two Chinese characters or after one and before a quote/Han.
fn anti_copy_quote(line: &str) -> Option<usize> {
    line.match_indices('\'').map(|(i, _)| i).find(|&i| {
        let before = char_before(line, i);
        let after = char_at(line, i + 1);
        before.is_some_and(|c| is_han(c) || c == '”' || c == '“') && after.is_some_and(is_han)
    })
}

fn first_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn boilerplate(at: usize, matched: &str) -> Hit {
    Hit::new(
        at,
        "boilerplate",
        matched,
        Texts {
            message_zh: format!("疑似范文/文库网站的附带文字：“{matched}”"),
            message_en: format!("Looks like text a template or document-sharing site adds: \"{matched}\""),
            hint_zh: "这类文字随复制的范文一起粘贴进来（小编按语、版权说明、“范文”“篇1”式标题、分块编号），请删除整行或改写标题".into(),
            hint_en: "Such lines come along with text copied from template sites (editor's notes, copyright labels, \"范文\"/\"篇1\" titles, chunk numbers); delete the line or rewrite the title".into(),
        },
    )
}

fn download(at: usize, matched: &str) -> Hit {
    Hit::new(
        at,
        "spam-download",
        matched,
        Texts {
            message_zh: format!("下载或阅读提示混入正文：“{matched}”"),
            message_en: format!("A download or reading prompt in the text: \"{matched}\""),
            hint_zh: "这是文库网站的页面提示，不属于正文，请删除".into(),
            hint_en: "This is a document site's page prompt, not part of the text; delete it"
                .into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::{RuleConfig, scan_markdown};

    fn rules(s: &str) -> Vec<(&'static str, usize)> {
        scan_markdown(s, 1, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.rule == "boilerplate" || f.rule == "spam-download")
            .map(|f| (f.rule, f.line))
            .collect()
    }

    #[test]
    fn template_site_lines() {
        for s in [
            "下面是小编为大家整理的2022年度工作总结，供大家参考。",
            "前言：本站为你精心整理了总结范文，我们的客服老师可以帮助你。",
            "版权说明：本文档由用户提供并上传，收益归属内容提供方",
            "文档简介",
            "- 上传人（卖家）：淡然人生",
            "乡镇基层组织建设工作总结范文",
            "最热乡村振兴专干个人工作总结与计划（模板16篇）",
            "政府2024年工作计划篇1",
            "第一篇：湖南省人民政府办公厅文件",
            "运输管理实训指导书（学生）_第1页",
            "1、安徽水利水电职业技术学院运输管理实务 实训任务指导书",
            "围绕“城乡统筹”的'思路和目标",
            "2024年乡村振兴工作总结篇2 一、指导思想。全面贯彻落实。",
            "上半年工作很多。村级工作计划篇三2024年以来，我村坚持",
        ] {
            assert_eq!(rules(s), [("boilerplate", 1)], "{s}");
        }
    }

    #[test]
    fn a_chunk_number_right_after_the_sites_lines() {
        assert_eq!(
            rules("文档简介\n\n1、运输管理实务 实训任务指导书"),
            [("boilerplate", 1), ("boilerplate", 3)]
        );
        assert_eq!(rules("正文第一段。\n\n1、运输管理实务 实训任务指导书"), []);
    }

    #[test]
    fn download_prompts() {
        assert_eq!(
            rules("已阅读5页，还剩20页未读 继续免费阅读"),
            [("spam-download", 1)]
        );
        assert_eq!(rules("下载本文档"), [("spam-download", 1)]);
        assert_eq!(rules("下载地址： 点击此处下载"), [("spam-download", 1)]);
    }

    #[test]
    fn government_prose_is_quiet() {
        for s in [
            "以上意见仅供参考。",
            "范文澜是历史学家。",
            "第一篇 总述",
            "1、大力落实到户产业项目。\n2、争取项目。",
            "附件：\n1、2024年度工作方案",
            "正文\n1、大力落实到户产业项目。",
            "本篇报道由县融媒体中心提供。",
            "China's economy 与 “中国”'s",
            "点击下载附件：2024年预算表",
            "欢迎咨询。",
            "- 全年编发简报36篇",
            "## 经济篇",
            "点击继续阅读",
            "谱写乡村振兴新篇章，书写总结篇幅不长。",
            "这篇报告篇目清楚，全年报告篇10000字。",
            "本次讲话篇首提出三点要求。",
        ] {
            assert!(rules(s).is_empty(), "{s}");
        }
    }
}
