//! The built-in theme, compiled into the binary, and the words it speaks.
//!
//! The repository's own `templates/` and `static/` are the default theme; `jianbao init` writes a
//! site that uses them from the binary, and a site overrides only the files it provides.

use std::collections::BTreeMap;

/// Built-in templates: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "taxonomy_list.html",
        include_str!("../../templates/taxonomy_list.html"),
    ),
    (
        "taxonomy_term.html",
        include_str!("../../templates/taxonomy_term.html"),
    ),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("results.html", include_str!("../../templates/results.html")),
    ("data.html", include_str!("../../templates/data.html")),
    (
        "archive_year.html",
        include_str!("../../templates/archive_year.html"),
    ),
    (
        "partials/entries.html",
        include_str!("../../templates/partials/entries.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../templates/partials/pagination.html"),
    ),
    (
        "partials/a11y_tools.html",
        include_str!("../../templates/partials/a11y_tools.html"),
    ),
    (
        "partials/site_footer.html",
        include_str!("../../templates/partials/site_footer.html"),
    ),
    (
        "partials/page_meta_tags.html",
        include_str!("../../templates/partials/page_meta_tags.html"),
    ),
    (
        "partials/column_meta_tags.html",
        include_str!("../../templates/partials/column_meta_tags.html"),
    ),
    (
        "partials/policy.html",
        include_str!("../../templates/partials/policy.html"),
    ),
    (
        "partials/policy_links.html",
        include_str!("../../templates/partials/policy_links.html"),
    ),
    (
        "partials/bulletin_masthead.html",
        include_str!("../../templates/partials/bulletin_masthead.html"),
    ),
    (
        "partials/bulletin_footer.html",
        include_str!("../../templates/partials/bulletin_footer.html"),
    ),
    (
        "partials/bulletin_issue.html",
        include_str!("../../templates/partials/bulletin_issue.html"),
    ),
    (
        "partials/bulletin_list.html",
        include_str!("../../templates/partials/bulletin_list.html"),
    ),
    (
        "partials/report.html",
        include_str!("../../templates/partials/report.html"),
    ),
    (
        "partials/field_name.html",
        include_str!("../../templates/partials/field_name.html"),
    ),
];

/// Built-in static files: (target path, bytes).
pub const STATIC_FILES: &[(&str, &[u8])] = &[
    ("js/search.js", include_bytes!("../../static/js/search.js")),
    (
        "css/search.css",
        include_bytes!("../../static/css/search.css"),
    ),
    (
        "css/jianbao.css",
        include_bytes!("../../static/css/jianbao.css"),
    ),
    ("js/a11y.js", include_bytes!("../../static/js/a11y.js")),
    // The site icon: an SVG for current browsers, an ICO at the address every browser and
    // crawler asks for (scripts/make-favicon.py draws it from the same shapes).
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
    ("favicon.ico", include_bytes!("../../static/favicon.ico")),
];

/// The theme's words (`t` in templates), Chinese unless the site's language is English.
pub fn strings(language: &str) -> BTreeMap<&'static str, &'static str> {
    let english = language.to_ascii_lowercase().starts_with("en");
    STRINGS
        .iter()
        .map(|(key, zh, en)| (*key, if english { *en } else { *zh }))
        .collect()
}

const STRINGS: &[(&str, &str, &str)] = &[
    ("home", "首页", "Home"),
    ("search", "搜索", "Search"),
    ("search_label", "站内搜索", "Search this site"),
    ("search_terms", "搜索关键词", "Search terms"),
    (
        "search_hint",
        "可输入标题或正文中的几个字、词语、文号或数字；多个关键词用空格分开，用引号括起的内容按整句查找。",
        "Type a few characters, words, a document number or a figure from a title or text; separate several terms with spaces, and quote a phrase to find it as a whole.",
    ),
    ("search_section", "栏目", "Section"),
    ("search_all_sections", "全部栏目", "All sections"),
    ("search_year", "年份", "Year"),
    ("search_all_years", "全部年份", "All years"),
    ("search_kind", "类型", "Type"),
    ("search_all_kinds", "全部类型", "All types"),
    ("search_results", "搜索结果", "Search results"),
    ("search_more", "显示更多结果", "Show more results"),
    (
        "search_needs_js",
        "搜索需要浏览器启用 JavaScript。",
        "Search needs JavaScript enabled in the browser.",
    ),
    (
        "search_found",
        "找到 {n} 条与“{q}”相关的结果",
        "{n} results for “{q}”",
    ),
    (
        "search_none",
        "没有找到与“{q}”相关的内容，请换个关键词试试",
        "Nothing found for “{q}”; try other words",
    ),
    (
        "search_failed",
        "搜索暂时不可用，请稍后再试",
        "Search is not available right now; please try again later",
    ),
    ("search_year_label", "{n}年", "{n}"),
    (
        "search_kinds",
        "{\"article\":\"文章\",\"policy\":\"政策文件\",\"bulletin\":\"工作简报\",\"report\":\"工作成效\"}",
        "{\"article\":\"Article\",\"policy\":\"Policy\",\"bulletin\":\"Bulletin\",\"report\":\"Report\"}",
    ),
    ("skip_to_content", "跳到正文", "Skip to content"),
    ("main_menu", "主导航", "Main menu"),
    ("menu", "栏目导航", "Menu"),
    ("breadcrumb", "当前位置", "You are here"),
    ("latest", "最新发布", "Latest"),
    ("more", "更多", "More"),
    ("more_in", "查看更多：", "More in "),
    ("published", "发布日期", "Published"),
    ("updated", "更新日期", "Updated"),
    ("source", "来源", "Source"),
    ("author", "作者", "Author"),
    ("team", "工作队", "Work team"),
    ("villages", "村", "Villages"),
    ("tags", "标签", "Tags"),
    ("toc", "目录", "Contents"),
    ("pagination", "分页", "Pages"),
    ("previous_page", "上一页", "Previous"),
    ("next_page", "下一页", "Next"),
    ("page_n_of", "页，共", "of"),
    ("page_label", "第", "Page"),
    ("items", "篇", "items"),
    (
        "empty_section",
        "本栏目暂无内容。",
        "Nothing published here yet.",
    ),
    ("sections", "栏目", "Sections"),
    ("not_found_title", "页面不存在", "Page not found"),
    (
        "not_found_text",
        "您访问的页面不存在或已被移除。",
        "The page you asked for does not exist or was removed.",
    ),
    ("back_home", "返回首页", "Back to the home page"),
    ("sponsor", "主办单位", "Run by"),
    ("organizer", "承办单位", "Operated by"),
    ("address", "地址", "Address"),
    ("phone", "电话", "Telephone"),
    ("email", "电子邮箱", "E-mail"),
    ("site_code", "网站标识码", "Site ID"),
    ("draft", "草稿", "Draft"),
    ("archive", "归档", "Archive"),
    ("results", "工作成效", "Results"),
    ("results_villages", "各村", "By village"),
    ("results_teams", "各工作队", "By work team"),
    (
        "results_intro",
        "各期工作报告填报的数据。点报告名查看原文，表格和图表下可下载数据。",
        "Figures stated in the work reports. Follow a report's title to read it; each table and chart offers its data for download.",
    ),
    ("data_catalogue", "数据开放", "Open data"),
    (
        "data_catalogue_intro",
        "本站发布的全部数据，每份都可下载为 CSV、XLSX（Excel 可直接打开）和 JSON。",
        "Every dataset of this site, each downloadable as CSV, XLSX (both open in Excel) and JSON.",
    ),
    (
        "data_catalogue_json",
        "供程序读取的数据目录（JSON）",
        "The catalogue for programs (JSON)",
    ),
    ("data_licence", "许可协议", "Licence"),
    ("data_licence_none", "未注明", "not stated"),
    (
        "data_metrics",
        "各期工作报告的指标",
        "Figures stated in the work reports",
    ),
    ("data_file", "文件 ", "File "),
    ("data_rows_before", "，共 ", ", "),
    ("data_rows_after", " 行", " rows"),
    ("data_updated", "，数据截至 ", ", data up to "),
    ("data_fields", "字段", "Fields"),
    ("data_unit", "单位", "unit"),
    ("download_data", "下载数据", "Download the data"),
    ("key_figures", "最新工作成效", "Latest results"),
    ("key_figures_from", "数据来自", "Figures from"),
    ("key_figures_more", "查看全部工作成效", "All results"),
    ("previous_article", "上一篇", "Previous"),
    ("next_article", "下一篇", "Next"),
    ("related", "相关文章", "Related"),
    ("attachments", "附件下载", "Downloads"),
    ("photos", "活动照片", "Photos"),
    ("reading_time", "阅读时间", "Reading time"),
    ("reading_time_before", "约", "about"),
    ("reading_time_after", "分钟", "min read"),
    ("year_suffix", "年", ""),
    ("month_suffix", "月", ""),
    ("site_links", "网站导航", "Site links"),
    ("articles_in", "篇文章", "articles"),
    // Reading aids (适老化 and accessibility toolbar)
    ("a11y_tools", "阅读辅助", "Reading aids"),
    ("text_size", "字号", "Text size"),
    ("text_smaller", "缩小字号", "Smaller text"),
    ("text_larger", "放大字号", "Larger text"),
    ("text_reset", "标准字号", "Normal size"),
    ("high_contrast", "高对比度", "High contrast"),
    ("read_aloud", "朗读全文", "Read aloud"),
    // Footer identity
    (
        "conac",
        "党政机关网站标识",
        "Party and government website mark",
    ),
    ("conac_badge_top", "党政机关", "Government"),
    ("conac_badge_bottom", "网站标识", "website mark"),
    (
        "error_report",
        "我为政府网站找错",
        "Report an error on this government website",
    ),
    ("colon", "：", ": "),
    ("list_separator", "，", ", "),
    ("enum_separator", "、", ", "),
    ("keyword_separator", "　", ", "),
    ("paren_open", "（", " ("),
    ("paren_close", "）", ")"),
    ("page_address", "本页网址", "Address of this page"),
    // Column types (ColumnType meta tag)
    ("column_type_news", "工作动态", "News"),
    ("column_type_notice", "通知公告", "Notices"),
    ("column_type_policy", "政策文件", "Policy documents"),
    ("column_type_plan", "规划计划", "Plans"),
    ("column_type_other", "其他", "Other"),
    // Policy documents (政府信息公开)
    ("policy_meta", "文件信息", "Document details"),
    ("index_number", "索引号", "Index number"),
    ("category", "主题分类", "Category"),
    ("issuer", "发文机关", "Issued by"),
    ("written", "成文日期", "Date written"),
    ("doc_title", "标题", "Title"),
    ("doc_number", "发文字号", "Document number"),
    ("keywords", "主题词", "Subject terms"),
    ("validity", "有效性", "Validity"),
    ("valid_until", "有效期至", "Valid until"),
    ("valid", "有效", "In force"),
    ("expired", "失效", "Expired"),
    ("repealed", "废止", "Repealed"),
    ("lapsed", "已失效", "Lapsed"),
    (
        "invalid_notice",
        "本文件已不再有效，仅供查阅。",
        "This document is no longer in force and is kept for reference only.",
    ),
    ("interpretation", "政策解读", "Interpretation"),
    ("interprets", "解读对象", "Interprets"),
    ("original_document", "原文件", "The document"),
    // Work bulletins (简报)
    ("bulletin_internal", "内部资料", "Internal"),
    ("bulletin_publisher", "编发单位", "Published by"),
    ("issue_before", "第", "No. "),
    ("issue_after", "期", ""),
    ("issue_separator", "", " "),
    ("supplement", "增刊", "Supplement"),
    ("report_to", "报", "To"),
    ("send_to", "送", "Copy to"),
    ("issue_to", "发", "Issued to"),
    ("main_to", "主送", "To"),
    ("cc", "抄送", "Cc"),
    ("copies_before", "共印", ""),
    ("copies_after", "份", " copies printed"),
    ("contributed_by", "供稿", "Contributed by"),
    // Achievement reports (工作成效)
    ("report_facts", "工作成效概况", "At a glance"),
    ("field", "领域", "Field"),
    ("figures", "主要数据", "Key figures"),
    ("figure_name", "指标", "Item"),
    ("figure_value", "数值", "Value"),
    ("figure_unit", "单位", "Unit"),
    ("field_organisation", "组织振兴", "Party organisation"),
    ("field_industry", "产业振兴", "Industry"),
    ("field_talent", "人才振兴", "Talent"),
    ("field_culture", "文化振兴", "Culture"),
    ("field_ecology", "生态振兴", "Ecology"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_has_one_key_and_a_chinese_text() {
        let mut keys: Vec<&str> = STRINGS.iter().map(|(key, _, _)| *key).collect();
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), count, "a key is listed twice");
        for (key, zh, en) in STRINGS {
            assert!(
                !zh.is_empty() || *key == "issue_separator",
                "{key} has no Chinese"
            );
            // English may drop a word Chinese needs (`年`, `期`, `共印`), never the other way.
            assert!(!en.is_empty() || !zh.is_empty(), "{key} is empty");
        }
    }

    #[test]
    fn english_sites_get_english_words() {
        assert_eq!(strings("zh-CN")["high_contrast"], "高对比度");
        assert_eq!(strings("en-GB")["high_contrast"], "High contrast");
        assert_eq!(
            strings("en")["error_report"],
            "Report an error on this government website"
        );
    }
}
