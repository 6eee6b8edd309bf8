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
    ("skip_to_content", "跳到正文", "Skip to content"),
    ("main_menu", "主导航", "Main menu"),
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
    ("previous_article", "上一篇", "Previous"),
    ("next_article", "下一篇", "Next"),
    ("related", "相关文章", "Related"),
    ("attachments", "附件下载", "Downloads"),
    ("reading_time", "阅读时间", "Reading time"),
    ("reading_time_before", "约", "about"),
    ("reading_time_after", "分钟", "min read"),
    ("year_suffix", "年", ""),
    ("month_suffix", "月", ""),
    ("site_links", "网站导航", "Site links"),
    ("articles_in", "篇文章", "articles"),
];
