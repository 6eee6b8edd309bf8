//! The desk's pages as HTML: the overview, the editor, the new-page form and messages.
//!
//! Plain server-rendered HTML that works with the keyboard alone: native form controls with
//! labels, a toolbar of buttons, a status line read out by screen readers. The script
//! (`desk.js`) adds saving and the toolbar; its words come from a JSON block in the page, so
//! they follow the page's language. Everything shown is escaped here.

use std::fmt::Write as _;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::front::{self, Field, Kind};
use super::store::{Autosave, Opened, Overview, Status};
use crate::i18n::{Lang, Text};
use crate::markup::escape_xml as esc;

/// What every page of the desk needs.
pub struct Page<'a> {
    /// The language shown.
    pub lang: Lang,
    /// The CSRF value the script sends back with writes.
    pub csrf: &'a str,
}

impl Page<'_> {
    fn t(&self, zh: &str, en: &str) -> String {
        esc(Text::new(zh, en).get(self.lang))
    }

    /// A desk address relative to the desk's root, keeping the language.
    fn href(&self, route: &str, params: &[(&str, &str)]) -> String {
        let mut pairs: Vec<String> = params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
            .collect();
        if self.lang == Lang::En {
            pairs.push("lang=en".into());
        }
        let route = if route.is_empty() { "./" } else { route };
        if pairs.is_empty() {
            route.to_string()
        } else {
            format!("{route}?{}", pairs.join("&"))
        }
    }

    fn shell(&self, title: &str, main: &str, other_lang: &str) -> String {
        let (lang, switch) = match self.lang {
            Lang::Zh => ("zh-CN", "English"),
            Lang::En => ("en", "中文"),
        };
        let words = script_words(self.lang);
        let desk = self.t("编辑台", "Desk");
        let overview = self.t("全部页面", "All pages");
        let new = self.t("新建页面", "New page");
        let nav = self.t("编辑台导航", "Desk navigation");
        let skip = self.t("跳到正文", "Skip to content");
        let csrf = esc(self.csrf);
        let switch_lang = if lang == "en" { "zh-CN" } else { "en" };
        let home = self.href("", &[]);
        let new_href = self.href("new", &[]);
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"jianbao-csrf\" content=\"{csrf}\">\n\
<title>{title} · {desk}</title>\n<link rel=\"stylesheet\" href=\"desk.css\">\n\
<script id=\"desk-words\" type=\"application/json\">{words}</script>\n\
<script src=\"desk.js\" defer></script>\n</head>\n<body>\n\
<a class=\"skip\" href=\"#main\">{skip}</a>\n\
<header class=\"bar\"><span class=\"brand\">{desk}</span>\n\
<nav aria-label=\"{nav}\"><a href=\"{home}\">{overview}</a> <a href=\"{new_href}\">{new}</a> \
<a href=\"{other_lang}\" lang=\"{switch_lang}\">{switch}</a></nav></header>\n\
<main id=\"main\">\n{main}</main>\n</body>\n</html>\n"
        )
    }

    /// The address of this route in the other language.
    fn other_lang(&self, route: &str, params: &[(&str, &str)]) -> String {
        let other = Page {
            lang: match self.lang {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            },
            csrf: self.csrf,
        };
        other.href(route, params)
    }
}

/// Words the script shows, as JSON (`<` escaped so the block cannot be closed early).
fn script_words(lang: Lang) -> String {
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_string();
    serde_json::json!({
        "saving": w("正在保存…", "Saving…"),
        "failed": w("保存失败：", "Not saved: "),
        "line": w("第 {n} 行", "line {n}"),
        "goto": w("跳到该行", "go to line"),
        "error": w("错误", "error"),
        "warning": w("提示", "warning"),
        "none": w("没有发现问题。", "No findings."),
        "bold": w("粗体文字", "bold text"),
        "item": w("列表项", "list item"),
        "column": w("列", "Column"),
        "cell": w("内容", "text"),
        "heading": w("标题", "heading"),
        "needAlt": w("请先填写图片说明（给看不见图片的读者）。", "Describe the picture first (for readers who cannot see it)."),
        "uploaded": w("已上传并插入正文。", "Uploaded and inserted into the body."),
        "creating": w("正在建立…", "Creating…"),
        "importing": w("正在导入…", "Importing…"),
        "keepMine": w("已用您的版本覆盖。", "Your version was saved over it."),
        "needName": w("请先填写您的姓名。", "Type your name first."),
        "docOk": w("文号格式正确。", "The document number is well formed."),
        "useSuggestion": w("改为 {s}", "Use {s}"),
        "unlocate": w("去除位置信息", "Remove location"),
        "galleryAlt": w("相册里每张照片都要写说明。", "Every photo in the gallery needs a description."),
        "pasted": w("已按导入规则转换粘贴的内容（图片请用上传按钮）。", "Pasted text converted as import would (upload pictures with the picture button)."),
    })
    .to_string()
    .replace('<', "\\u003c")
}

/// The overview: sections needing attention, a filter and the table of pages.
/// Rows of the overview's table on one screen: a 10,000-page site lists in pages.
pub const ROWS_PER_PAGE: usize = 200;

/// The overview: sections needing attention, a filter and the table of pages (`number` counts
/// from 1, [`ROWS_PER_PAGE`] rows each).
pub fn overview(
    page: &Page<'_>,
    o: &Overview,
    section: &str,
    status: &str,
    number: usize,
) -> String {
    let mut main = String::new();
    let title = page.t("全部页面", "All pages");
    let site = esc(&o.site_title);
    let _ = writeln!(main, "<h1>{title} <small>{site}</small></h1>");
    if !o.checked {
        let _ = writeln!(
            main,
            "<p id=\"checking\" class=\"hint\" role=\"status\" data-done=\"{}\">{}</p>",
            page.t(
                "检查完了：刷新页面就能看到检查结果。",
                "The check is done: reload the page to see its findings."
            ),
            page.t(
                "正在检查全部页面，检查结果几秒后自动显示。",
                "Checking every page; the findings appear by themselves in a few seconds."
            )
        );
    }
    let flagged: Vec<_> = o
        .sections
        .iter()
        .filter(|s| !s.flagged.is_empty())
        .collect();
    if !flagged.is_empty() {
        let head = page.t("需要更新的栏目", "Sections needing an update");
        let _ = write!(
            main,
            "<section class=\"notice\" aria-labelledby=\"stale\"><h2 id=\"stale\">{head}</h2><ul>"
        );
        for s in flagged {
            for message in &s.flagged {
                let _ = write!(
                    main,
                    "<li><strong>{}</strong>：{}</li>",
                    esc(&s.title),
                    esc(message.get(page.lang))
                );
            }
        }
        main.push_str("</ul></section>\n");
    }
    main.push_str(&filter_form(page, o, section, status));
    let rows: Vec<_> = o
        .pages
        .iter()
        .filter(|p| section.is_empty() || p.section == section.trim_matches('/'))
        .filter(|p| status.is_empty() || p.status.name() == status)
        .collect();
    let total = rows.len();
    let pages = total.div_ceil(ROWS_PER_PAGE).max(1);
    let number = number.clamp(1, pages);
    let first = (number - 1) * ROWS_PER_PAGE;
    let shown = total.saturating_sub(first).min(ROWS_PER_PAGE);
    let rows: Vec<_> = rows.into_iter().skip(first).take(ROWS_PER_PAGE).collect();
    let count = match (page.lang, pages) {
        (Lang::Zh, 1) => format!("共 {total} 个页面"),
        (Lang::Zh, _) => format!(
            "共 {total} 个页面，这是第 {}–{} 个",
            first + 1,
            first + shown
        ),
        (Lang::En, 1) => crate::i18n::counted(total, "page", "pages"),
        (Lang::En, _) => format!("{total} pages; these are {}–{}", first + 1, first + shown),
    };
    let caption = page.t("页面列表", "Pages");
    let heads = [
        page.t("标题", "Title"),
        page.t("栏目", "Section"),
        page.t("日期", "Date"),
        page.t("状态", "Status"),
        page.t("检查", "Check"),
        page.t("审核", "Review"),
        page.t("最后保存", "Last saved"),
    ];
    let _ = write!(
        main,
        "<p id=\"count\">{count}</p>\n<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"pages-caption\">\n<table>\n<caption id=\"pages-caption\">{caption}</caption>\n<thead><tr>{}</tr></thead>\n<tbody>\n",
        heads
            .iter()
            .map(|h| format!("<th scope=\"col\">{h}</th>"))
            .collect::<String>()
    );
    for p in rows {
        let section_title = o
            .sections
            .iter()
            .find(|s| s.dir == p.section)
            .map_or(String::new(), |s| esc(&s.title));
        let check = if !o.checked {
            page.t("检查中…", "checking…")
        } else if p.findings == 0 {
            page.t("无问题", "clean")
        } else if p.errors > 0 {
            let text = match page.lang {
                Lang::Zh => format!("{} 个问题（{} 个错误）", p.findings, p.errors),
                Lang::En => format!(
                    "{} ({} errors)",
                    crate::i18n::counted(p.findings, "finding", "findings"),
                    p.errors
                ),
            };
            format!("<span class=\"bad\">{}</span>", esc(&text))
        } else {
            let text = match page.lang {
                Lang::Zh => format!("{} 个提示", p.findings),
                Lang::En => crate::i18n::counted(p.findings, "warning", "warnings"),
            };
            esc(&text)
        };
        let edit = page.href("edit", &[("file", &p.file)]);
        let _ = writeln!(
            main,
            "<tr><td><a href=\"{}\">{}</a></td><td data-label=\"{}\">{section_title}</td><td data-label=\"{}\">{}</td><td data-label=\"{}\"><span class=\"status {}\">{}</span></td><td data-label=\"{}\">{check}</td><td data-label=\"{}\">{}</td><td data-label=\"{}\">{}</td></tr>",
            esc(&edit),
            esc(&p.title),
            heads[1],
            heads[2],
            esc(&p.date),
            heads[3],
            p.status.name(),
            esc(p.status.label().get(page.lang)),
            heads[4],
            heads[5],
            review_label(page, p.reviewed),
            heads[6],
            esc(&p.saved)
        );
    }
    main.push_str("</tbody>\n</table>\n</div>\n");
    if pages > 1 {
        let link = |n: usize, text: String| {
            let n = n.to_string();
            let href = page.href(
                "",
                &[("section", section), ("status", status), ("page", &n)],
            );
            format!("<a href=\"{}\">{text}</a>", esc(&href))
        };
        let mut nav = Vec::new();
        if number > 1 {
            nav.push(link(number - 1, page.t("上一页", "Previous")));
        }
        nav.push(esc(&format!("{number} / {pages}")));
        if number < pages {
            nav.push(link(number + 1, page.t("下一页", "Next")));
        }
        let _ = writeln!(
            main,
            "<nav class=\"pager\" aria-label=\"{}\">{}</nav>",
            page.t("翻页", "Pages of the list"),
            nav.join(" ")
        );
    }
    let other = page.other_lang("", &[("section", section), ("status", status)]);
    page.shell(&title, &main, &esc(&other))
}

/// How far a page got through the 三审.
fn review_label(page: &Page<'_>, done: usize) -> String {
    match done {
        0 => page.t("未审", "not reviewed"),
        1 => page.t("已初审", "初审 passed"),
        2 => page.t("已复审", "复审 passed"),
        _ => page.t("已终审", "终审 passed"),
    }
}

fn filter_form(page: &Page<'_>, o: &Overview, section: &str, status: &str) -> String {
    let mut form = String::from("<form class=\"filter\" method=\"get\" action=\"./\">\n");
    let any = page.t("全部", "all");
    let _ = write!(
        form,
        "<label>{} <select name=\"section\"><option value=\"\">{any}</option>",
        page.t("栏目", "Section")
    );
    // The home page's section is `/`: an empty value means every section.
    for s in &o.sections {
        let value = if s.dir.is_empty() {
            "/"
        } else {
            s.dir.as_str()
        };
        let selected = if value == section { " selected" } else { "" };
        let name = if s.dir.is_empty() {
            page.t("首页", "home")
        } else {
            esc(&s.title)
        };
        let _ = write!(
            form,
            "<option value=\"{}\"{selected}>{name}</option>",
            esc(value)
        );
    }
    let _ = write!(
        form,
        "</select></label>\n<label>{} <select name=\"status\"><option value=\"\">{any}</option>",
        page.t("状态", "Status")
    );
    for st in Status::ALL {
        let selected = if st.name() == status { " selected" } else { "" };
        let _ = write!(
            form,
            "<option value=\"{}\"{selected}>{}</option>",
            st.name(),
            esc(st.label().get(page.lang))
        );
    }
    form.push_str("</select></label>\n");
    if page.lang == Lang::En {
        form.push_str("<input type=\"hidden\" name=\"lang\" value=\"en\">\n");
    }
    let _ = write!(
        form,
        "<button type=\"submit\">{}</button>\n</form>\n",
        page.t("筛选", "Filter")
    );
    form
}

/// The editor of one page.
pub fn editor(
    page: &Page<'_>,
    o: &Overview,
    file: &str,
    opened: &Opened,
    kept: Option<&Autosave>,
) -> String {
    let row = o.pages.iter().find(|p| p.file == file);
    let content_type = row.map_or("article", |r| r.content_type);
    let title = row.map_or_else(|| esc(file), |r| esc(&r.title));
    let mut main = String::new();
    let heading = page.t("编辑", "Edit");
    let _ = write!(
        main,
        "<h1>{heading}：<span id=\"page-title\">{title}</span></h1>\n<p class=\"file\"><code>{}</code></p>\n",
        esc(file)
    );
    let differs = |kept: &&Autosave| {
        kept.body != opened.body
            || kept.version != opened.version
            || front::fields_for(content_type).iter().any(|field| {
                kept.fields
                    .get(&field.name())
                    .is_some_and(|value| *value != front::read(&opened.yaml, field))
            })
    };
    if let Some(kept) = kept.filter(differs) {
        main.push_str(&autosave_notice(page, kept));
    }
    let _ = write!(
        main,
        "<form id=\"editor\" data-file=\"{}\" data-version=\"{}\" data-type=\"{content_type}\" data-body-line=\"{}\">\n<div class=\"grid\">\n",
        esc(file),
        esc(&opened.version),
        opened.body_line
    );
    let _ = writeln!(
        main,
        "<fieldset class=\"fields\"><legend>{}</legend>",
        page.t("页面信息", "Page details")
    );
    for field in front::fields_for(content_type) {
        main.push_str(&field_html(
            page,
            o,
            &field,
            &front::read(&opened.yaml, &field),
        ));
    }
    main.push_str(&gallery_note(page, file, &opened.yaml));
    main.push_str("</fieldset>\n");
    main.push_str(&body_editor(page, o, &opened.body));
    let preview = row.map(|r| r.path.clone()).unwrap_or_default();
    let _ = write!(
        main,
        "<section class=\"preview\" aria-labelledby=\"preview-h\"><h2 id=\"preview-h\">{}</h2>\n<p class=\"hint\">{}</p>\n<iframe id=\"preview\" src=\"{}\" title=\"{}\"></iframe></section>\n</div>\n",
        page.t("预览", "Preview"),
        page.t(
            "保存后自动刷新，和网站上看到的一样。",
            "Refreshes after saving, exactly as the site shows it."
        ),
        esc(&crate::content::urls::encode_path(&preview)),
        page.t("页面预览", "Page preview")
    );
    let _ = write!(
        main,
        "<div class=\"actions\"><button type=\"submit\" id=\"save\">{}</button> <span class=\"hint\">Ctrl+S</span></div>\n<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n</form>\n",
        page.t("保存", "Save")
    );
    main.push_str(&review_section(
        page,
        o,
        row.map_or(0, |r| r.reviewed),
        row.map(|r| r.status),
        &opened.yaml,
    ));
    let _ = write!(
        main,
        "<section id=\"conflict\" hidden aria-labelledby=\"conflict-h\"><h2 id=\"conflict-h\">{}</h2>\n<p>{}</p>\n<label for=\"disk\">{}</label>\n<textarea id=\"disk\" readonly rows=\"12\"></textarea>\n<p><button type=\"button\" id=\"keep-mine\">{}</button> <a id=\"take-theirs\" href=\"{}\">{}</a></p></section>\n",
        page.t("文件已被改动", "The file changed"),
        page.t(
            "下面是磁盘上现在的内容；您的修改还在上面的编辑框里。",
            "Below is what the file holds now; your edits are still in the editor above."
        ),
        page.t("磁盘上的版本", "The version on disk"),
        page.t("用我的版本覆盖", "Save my version over it"),
        esc(&page.href("edit", &[("file", file)])),
        page.t(
            "放弃我的修改，打开磁盘上的版本",
            "Drop my edits and open the version on disk"
        ),
    );
    let findings: Vec<_> = findings_in_file(o, file).collect();
    let _ = write!(
        main,
        "<section aria-labelledby=\"findings-h\"><h2 id=\"findings-h\">{}</h2>\n<ol id=\"findings\">",
        page.t("检查结果", "Check findings")
    );
    if !o.checked {
        let _ = write!(
            main,
            "<li class=\"none\" id=\"findings-pending\">{}</li>",
            page.t(
                "网站还在检查中，保存后显示这一页的检查结果。",
                "The site is still being checked; this page's findings show after a save."
            )
        );
    } else if findings.is_empty() {
        let _ = write!(
            main,
            "<li class=\"none\">{}</li>",
            page.t("没有发现问题。", "No findings.")
        );
    }
    for d in findings {
        let severity = if d.severity == crate::diagnostics::Severity::Error {
            ("error", page.t("错误", "error"))
        } else {
            ("warning", page.t("提示", "warning"))
        };
        let line = d.line.map_or(String::new(), |n| match page.lang {
            Lang::Zh => format!("第 {n} 行 "),
            Lang::En => format!("line {n} "),
        });
        let hint = super::store::desk_hint(d)
            .or_else(|| d.hint.clone())
            .map_or(String::new(), |h| format!(" — {}", esc(h.get(page.lang))));
        let photo = match (d.code, &d.excerpt) {
            ("image-gps", Some(photo)) => format!(" data-photo=\"{}\"", esc(photo)),
            _ => String::new(),
        };
        let _ = write!(
            main,
            "<li class=\"{}\" data-line=\"{}\"{photo}>{}<strong>{}</strong> {}{hint} <code>{}</code></li>",
            severity.0,
            d.line.unwrap_or(0),
            esc(&line),
            severity.1,
            esc(d.message.get(page.lang)),
            d.code
        );
    }
    main.push_str("</ol>\n");
    if findings_in_file(o, file).any(|d| super::store::FIXABLE.contains(&d.code)) {
        let _ = writeln!(
            main,
            "<p><button type=\"button\" id=\"fix\">{}</button> <span class=\"hint\">{}</span></p>",
            page.t("自动修正标点和文号括号", "Fix punctuation and document-number brackets"),
            page.t("与 jianbao check --fix 相同：半角标点改全角、文号年份括号改〔〕，只改正文。", "The same as jianbao check --fix: half-width punctuation to full-width, a document number's year in 〔〕, in the body only.")
        );
    }
    main.push_str("</section>\n");
    let other = page.other_lang("edit", &[("file", file)]);
    page.shell(&title, &main, &esc(&other))
}

/// The page's gallery (`photos:`), one row per photo: its description (required) and caption
/// to edit, buttons to move it up or down or take it out of the gallery. The script sends the
/// gallery with a save only when the person changed it, so `photos:` otherwise stays as written.
fn gallery_note(page: &Page<'_>, file: &str, yaml: &str) -> String {
    let origin = crate::yaml::Origin {
        path: std::path::Path::new(file),
        first_line: 2,
    };
    let Ok(front) = crate::yaml::parse::<serde_json::Value>(yaml, origin, &[]) else {
        return String::new();
    };
    let Some(photos) = front.get("photos").and_then(|p| p.as_array()) else {
        return String::new();
    };
    let text = |photo: &serde_json::Value, key: &str| {
        photo
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let (up, down, out) = (
        page.t("上移", "Up"),
        page.t("下移", "Down"),
        page.t("移出相册", "Remove"),
    );
    let mut items = String::new();
    for (i, photo) in photos.iter().enumerate() {
        let name = photo
            .as_str()
            .map_or_else(|| text(photo, "file"), str::to_string);
        let (alt, caption) = (text(photo, "alt"), text(photo, "caption"));
        let name = esc(&name);
        let _ = write!(
            items,
            "<li data-file=\"{name}\"><code>{name}</code> \
             <label for=\"g-{i}-alt\">{}</label> <input type=\"text\" id=\"g-{i}-alt\" data-gallery=\"alt\" required value=\"{}\"> \
             <label for=\"g-{i}-caption\">{}</label> <input type=\"text\" id=\"g-{i}-caption\" data-gallery=\"caption\" value=\"{}\"> \
             <button type=\"button\" data-move=\"up\" aria-label=\"{up} {name}\">{up}</button> \
             <button type=\"button\" data-move=\"down\" aria-label=\"{down} {name}\">{down}</button> \
             <button type=\"button\" data-move=\"remove\" aria-label=\"{out} {name}\">{out}</button></li>",
            page.t("说明（必填）", "Description (required)"),
            esc(&alt),
            page.t("图注", "Caption"),
            esc(&caption),
        );
    }
    let count = photos.len();
    format!(
        "<fieldset class=\"gallery\" id=\"gallery\"><legend>{}</legend><ol>{items}</ol><p class=\"hint\">{}</p></fieldset>\n",
        match page.lang {
            Lang::Zh => format!("相册（photos:）：{count} 张照片"),
            Lang::En => format!("Gallery (photos:): {count} photos"),
        },
        page.t(
            "说明是给看不见图片的读者的，每张都要写。移出相册的照片文件仍留在页面文件夹里。添加照片请在页面文件的 photos: 里写（见使用说明）。",
            "Descriptions are for readers who cannot see the photos: each needs one. A photo removed from the gallery stays in the page folder. To add photos, list them under photos: in the page file (see the guide)."
        )
    )
}

fn field_html(page: &Page<'_>, o: &Overview, field: &Field, value: &str) -> String {
    let name = esc(&field.name());
    let id = format!("f-{}", field.name().replace('.', "-"));
    let label = esc(field.label().get(page.lang));
    let v = esc(value);
    match field.kind {
        Kind::Bool => {
            let checked = if value == "true" { " checked" } else { "" };
            format!(
                "<p class=\"check\"><input type=\"checkbox\" id=\"{id}\" data-field=\"{name}\"{checked}> <label for=\"{id}\">{label}</label></p>\n"
            )
        }
        Kind::Choice(words) => {
            let mut options = format!(
                "<option value=\"\">{}</option>",
                page.t("（不选）", "(none)")
            );
            for word in words {
                let selected = if *word == value { " selected" } else { "" };
                let _ = write!(options, "<option{selected}>{}</option>", esc(word));
            }
            format!(
                "<p><label for=\"{id}\">{label}</label><select id=\"{id}\" data-field=\"{name}\">{options}</select></p>\n"
            )
        }
        Kind::PageLink => {
            let mut options = format!(
                "<option value=\"\">{}</option>",
                page.t("（不选）", "(none)")
            );
            for p in &o.pages {
                let target = format!("@/{}", p.file.trim_start_matches("content/"));
                let selected = if target == value { " selected" } else { "" };
                let _ = write!(
                    options,
                    "<option value=\"{}\"{selected}>{}</option>",
                    esc(&target),
                    esc(&p.title)
                );
            }
            format!(
                "<p><label for=\"{id}\">{label}</label><select id=\"{id}\" data-field=\"{name}\">{options}</select></p>\n"
            )
        }
        Kind::Mapping => format!(
            "<p><label for=\"{id}\">{label}</label><textarea id=\"{id}\" data-field=\"{name}\" rows=\"5\">{v}</textarea></p>\n"
        ),
        kind => {
            let (input_type, extra) = match kind {
                Kind::Date => ("date", ""),
                Kind::Number => ("number", " min=\"1\""),
                _ => ("text", ""),
            };
            let hint = if kind == Kind::List {
                format!(
                    " <span class=\"hint\">{}</span>",
                    page.t("多个用“、”分隔", "separate with 、 or ,")
                )
            } else {
                String::new()
            };
            // 发文字号 is checked as it is typed, with the grammar `build` applies.
            let checked = if field.name() == "policy.发文字号" {
                format!(
                    " data-check=\"docnumber\" aria-describedby=\"{id}-check\"></p>\n<p id=\"{id}-check\" class=\"hint\" aria-live=\"polite\">"
                )
            } else {
                String::new()
            };
            format!(
                "<p><label for=\"{id}\">{label}{hint}</label><input type=\"{input_type}\"{extra} id=\"{id}\" data-field=\"{name}\" value=\"{v}\"{checked}></p>\n"
            )
        }
    }
}

fn body_editor(page: &Page<'_>, o: &Overview, body: &str) -> String {
    let mut links = format!(
        "<option value=\"\">{}</option>",
        page.t("（不选）", "(none)")
    );
    for p in &o.pages {
        let target = format!("@/{}", p.file.trim_start_matches("content/"));
        let _ = write!(
            links,
            "<option value=\"{}\">{}</option>",
            esc(&target),
            esc(&p.title)
        );
    }
    format!(
        "<section class=\"body\" aria-labelledby=\"body-h\"><h2 id=\"body-h\">{body_h}</h2>\n\
<div role=\"toolbar\" aria-label=\"{toolbar}\" aria-controls=\"body\" class=\"toolbar\">\n\
<button type=\"button\" data-insert=\"h2\">{h2}</button>\n\
<button type=\"button\" data-insert=\"h3\">{h3}</button>\n\
<button type=\"button\" data-insert=\"bold\">{bold}</button>\n\
<button type=\"button\" data-insert=\"list\">{list}</button>\n\
<button type=\"button\" data-insert=\"table\">{table}</button>\n\
</div>\n\
<p class=\"inline\"><label for=\"link-target\">{link_label}</label><select id=\"link-target\">{links}</select> <button type=\"button\" data-insert=\"link\">{insert_link}</button></p>\n\
<p class=\"inline\"><label for=\"image-alt\">{alt_label}</label><input type=\"text\" id=\"image-alt\"> \
<label for=\"image-file\">{image_label}</label><input type=\"file\" id=\"image-file\" accept=\"image/jpeg,image/png,image/gif,image/webp\"> \
<button type=\"button\" data-insert=\"image\">{insert_image}</button></p>\n\
<label for=\"body\" class=\"visually-hidden\">{body_h}</label>\n\
<textarea id=\"body\" rows=\"24\" spellcheck=\"false\">{text}</textarea></section>\n",
        body_h = page.t("正文", "Body"),
        toolbar = page.t("正文格式", "Formatting"),
        h2 = page.t("一级标题 一、", "Heading 一、"),
        h3 = page.t("二级标题 （一）", "Subheading （一）"),
        bold = page.t("加粗", "Bold"),
        list = page.t("列表", "List"),
        table = page.t("表格", "Table"),
        link_label = page.t("链接到页面", "Link to page"),
        insert_link = page.t("插入链接", "Insert link"),
        alt_label = page.t("图片说明（必填）", "Picture description (required)"),
        image_label = page.t("图片文件", "Picture file"),
        insert_image = page.t("上传并插入图片", "Upload and insert picture"),
        text = esc(body),
    )
}

/// The form for a new page and for importing a document.
pub fn new_page(page: &Page<'_>, o: &Overview) -> String {
    // The home section last, so that the choice made for a person who does not look is a
    // column, where new pages belong.
    let mut sections = String::new();
    let (home, columns): (Vec<_>, Vec<_>) = o.sections.iter().partition(|s| s.dir.is_empty());
    for s in columns.into_iter().chain(home) {
        let name = if s.dir.is_empty() {
            page.t("首页", "home")
        } else {
            esc(&s.title)
        };
        let _ = write!(
            sections,
            "<option value=\"{}\">{name}</option>",
            esc(&s.dir)
        );
    }
    let types = [
        ("article", page.t("文章（工作动态）", "Article")),
        ("policy", page.t("政策文件", "Policy document")),
        ("bulletin", page.t("工作简报", "Bulletin")),
        ("report", page.t("工作成效", "Report")),
    ];
    let types: String = types
        .iter()
        .map(|(v, l)| format!("<option value=\"{v}\">{l}</option>"))
        .collect();
    let title = page.t("新建页面", "New page");
    let main = format!(
        "<h1>{title}</h1>\n<form id=\"new-page\">\n\
<p><label for=\"n-section\">{section}</label><select id=\"n-section\" name=\"section\">{sections}</select></p>\n\
<p><label for=\"n-type\">{kind}</label><select id=\"n-type\" name=\"type\">{types}</select></p>\n\
<p><label for=\"n-title\">{title_label}</label><input type=\"text\" id=\"n-title\" name=\"title\" required></p>\n\
<p><button type=\"submit\">{create}</button></p>\n</form>\n\
<h2>{import_h}</h2>\n<form id=\"import\">\n\
<p><label for=\"i-section\">{section}</label><select id=\"i-section\" name=\"section\">{sections}</select></p>\n\
<p><label for=\"i-file\">{file_label}</label><input type=\"file\" id=\"i-file\" accept=\".docx,.txt,.md\" required></p>\n\
<p><button type=\"submit\">{import_b}</button></p>\n</form>\n<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n",
        section = page.t("栏目", "Section"),
        kind = page.t("类型", "Type"),
        title_label = page.t("标题", "Title"),
        create = page.t("建立草稿并编辑", "Create a draft and edit it"),
        import_h = page.t(
            "从 Word 文档导入（也可以把文件拖到本页）",
            "Import a Word document (or drop the file onto this page)"
        ),
        file_label = page.t("文档（.docx、.txt、.md）", "Document (.docx, .txt, .md)"),
        import_b = page.t("导入", "Import"),
    );
    let other = page.other_lang("new", &[]);
    page.shell(&title, &main, &esc(&other))
}

/// The page shown while the site is still being read and checked (the first seconds of a large
/// site): it asks again by itself every two seconds.
pub fn preparing(page: &Page<'_>) -> String {
    let title = page.t("正在准备", "Preparing");
    let main = format!(
        "<h1>{title}</h1>\n<p id=\"preparing\" role=\"status\">{}</p>\n",
        page.t(
            "编辑台正在读取和检查网站的全部页面，页面多时需要十几秒。完成后这里自动显示，不用刷新。",
            "The desk is reading and checking every page of the site, which takes a few seconds on a large site. This page shows it when done; no need to reload."
        )
    );
    let other = page.other_lang("", &[]);
    page.shell(&title, &main, &esc(&other))
}

/// A page saying what went wrong.
pub fn message(page: &Page<'_>, message: &Text) -> String {
    let title = page.t("无法打开", "Cannot open");
    let main = format!("<h1>{title}</h1>\n<p>{}</p>\n", esc(message.get(page.lang)));
    let other = page.other_lang("", &[]);
    page.shell(&title, &main, &esc(&other))
}

/// The 三审 steps recorded, the button for the next one and the publication.
fn review_section(
    page: &Page<'_>,
    o: &Overview,
    done: usize,
    status: Option<super::store::Status>,
    yaml: &str,
) -> String {
    let mut out = format!(
        "<section class=\"review\" aria-labelledby=\"review-h\"><h2 id=\"review-h\">{}</h2>\n\
<p><label for=\"reviewer\">{}</label> <input type=\"text\" id=\"reviewer\" maxlength=\"40\" autocomplete=\"name\"> <span class=\"hint\">{}</span></p>\n<ol id=\"review-steps\">",
        page.t("审核与发布（三审）", "Review and publish (三审)"),
        page.t("您的姓名", "Your name"),
        page.t(
            "记在本浏览器里，审核记录用它写明是谁。",
            "Kept in this browser; review records say who with it."
        ),
    );
    for field in &front::REVIEW[..3] {
        let value = front::read(yaml, field);
        let shown = if value.is_empty() {
            page.t("未完成", "not yet")
        } else {
            esc(&value)
        };
        let _ = write!(out, "<li><strong>{}</strong>：{shown}</li>", esc(field.key));
    }
    out.push_str("</ol>\n");
    if let Some(next) = crate::content::REVIEW_STEPS.get(done) {
        let label = match page.lang {
            Lang::Zh => format!("记录{next}通过"),
            Lang::En => format!("Record {next} as passed"),
        };
        let _ = writeln!(
            out,
            "<p><button type=\"button\" data-review=\"{next}\">{}</button></p>",
            esc(&label)
        );
    }
    let forced = front::read(yaml, &front::REVIEW[3]);
    if !forced.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"bad\">{}：{}</p>",
            page.t("强制发布", "Published despite errors"),
            esc(&forced)
        );
    }
    let ready = !o.require_review || done >= crate::content::REVIEW_STEPS.len();
    if status == Some(super::store::Status::Draft) && ready {
        let _ = write!(
            out,
            "<p><label for=\"reason\">{}</label><textarea id=\"reason\" rows=\"2\"></textarea></p>\n<p><button type=\"button\" data-review=\"publish\">{}</button></p>\n",
            page.t(
                "有错误仍要发布时的理由（会记录在页面里）",
                "Reason to publish despite errors (recorded in the page)"
            ),
            page.t("发布（取消草稿）", "Publish (no longer a draft)")
        );
    } else if status == Some(super::store::Status::Draft) {
        let _ = writeln!(
            out,
            "<p class=\"hint\">{}</p>",
            page.t(
                "网站要求三审：终审后才能发布。",
                "The site requires review: publish after the 终审."
            )
        );
    }
    out.push_str("</section>\n");
    out
}

/// The offer to bring back edits kept by the autosave (after a crash or a closed tab).
fn autosave_notice(page: &Page<'_>, kept: &Autosave) -> String {
    let data = serde_json::to_string(kept)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    let said = match page.lang {
        Lang::Zh => format!("发现 {} 自动暂存、还没有保存的修改。", kept.at),
        Lang::En => format!("There are unsaved edits kept automatically at {}.", kept.at),
    };
    format!(
        "<section id=\"autosave\" class=\"notice\" aria-labelledby=\"autosave-h\"><h2 id=\"autosave-h\">{}</h2>\n<p>{}</p>\n<p><button type=\"button\" id=\"restore\">{}</button> <button type=\"button\" id=\"discard\">{}</button></p>\n<script id=\"autosave-data\" type=\"application/json\">{data}</script></section>\n",
        page.t("未保存的修改", "Unsaved edits"),
        esc(&said),
        page.t("恢复这些修改", "Bring them back"),
        page.t("丢弃", "Drop them"),
    )
}

fn findings_in_file<'a>(
    o: &'a Overview,
    file: &'a str,
) -> impl Iterator<Item = &'a crate::diagnostics::Diagnostic> {
    o.findings
        .iter()
        .filter(move |d| d.path == std::path::Path::new(file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::store::PageRow;

    fn site(pages: usize) -> Overview {
        let rows = (0..pages)
            .map(|i| PageRow {
                file: format!("content/news/p{i:05}.md"),
                section: "news".into(),
                title: format!("第{i}篇"),
                date: "2026-01-01".into(),
                status: Status::Published,
                content_type: "article",
                path: format!("/news/p{i:05}/"),
                findings: 0,
                errors: 0,
                saved: String::new(),
                reviewed: 0,
            })
            .collect();
        Overview {
            checked: true,
            located: std::collections::BTreeMap::new(),
            site_title: "站".into(),
            sections: Vec::new(),
            pages: rows,
            findings: Vec::new(),
            today: jiff::civil::date(2026, 12, 2),
            zone: jiff::tz::TimeZone::UTC,
            require_review: false,
        }
    }

    #[test]
    fn while_the_first_check_runs_the_list_says_so_and_asks_again() {
        let page = Page {
            lang: Lang::Zh,
            csrf: "c",
        };
        let o = Overview {
            checked: false,
            ..site(3)
        };
        let shown = overview(&page, &o, "", "", 1);
        assert!(
            shown.contains("id=\"checking\"")
                && shown.contains("检查中…")
                && !shown.contains("无问题"),
            "{shown}"
        );
        let checked = overview(&page, &site(3), "", "", 1);
        assert!(!checked.contains("id=\"checking\"") && checked.contains("无问题"));
    }

    #[test]
    fn a_long_list_is_shown_a_screen_at_a_time() {
        let page = Page {
            lang: Lang::Zh,
            csrf: "c",
        };
        let o = site(450);
        let second = overview(&page, &o, "", "", 2);
        assert_eq!(second.matches("<tr><td>").count(), ROWS_PER_PAGE);
        assert!(
            second.contains("共 450 个页面，这是第 201–400 个"),
            "{second}"
        );
        assert!(second.contains("第200篇") && !second.contains("第199篇<"));
        assert!(second.contains("page=1\">上一页") && second.contains("page=3\">下一页"));
        let last = overview(&page, &o, "", "", 99);
        assert_eq!(last.matches("<tr><td>").count(), 50);
        let small = overview(&page, &site(3), "", "", 1);
        assert!(small.contains("共 3 个页面") && !small.contains("class=\"pager\""));
    }
}
