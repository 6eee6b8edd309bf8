//! Figures from data files: tables and every chart kind drawn from a CSV (UTF-8 and the GBK bytes
//! Excel writes), an .xlsx LibreOffice saved, YAML and JSON; valid HTML, no axe violations and no
//! overlapping chart labels in Chromium at 390 px and 1366 px; the same bytes every build; bad
//! data and bad blocks reported at their file, row and column.

use crate::support::SiteTest;
use crate::tools::{self, StaticServer};

const PAGE: &str = "reports/figures/index.html";

fn built() -> SiteTest {
    let site = SiteTest::fixture("figures/site");
    site.build().success();
    site
}

/// The part of `html` between the first `start` and the next `end`, both included.
fn region<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in:\n{html}"));
    let to = from
        + html[from..]
            .find(end)
            .unwrap_or_else(|| panic!("no {end} after {start}"))
        + end.len();
    &html[from..to]
}

#[test]
fn a_page_draws_tables_and_every_chart_kind_from_each_kind_of_data_file() {
    let site = built();
    let html = site.output(PAGE);
    // The .xlsx saved by LibreOffice: percentages as a reader sees them, sorted, totalled.
    let xlsx = region(&html, "<caption>各村集体经济收入（来自", "</table>");
    assert!(
        xlsx.contains(
            "<th scope=\"col\" class=\"num\">集体经济收入<span class=\"unit\">（万元）</span></th>"
        ),
        "{xlsx}"
    );
    assert!(
        xlsx.contains(
            "<td class=\"num\">1,480</td><td class=\"num\">335</td><td class=\"num\">15%</td>"
        ),
        "{xlsx}"
    );
    assert!(xlsx.contains("<tfoot><tr><th scope=\"row\">合计</th><td class=\"date\"></td><td class=\"num\">4,830.75</td><td class=\"num\">2,720</td>"), "{xlsx}");
    // The GBK CSV, filtered to one year.
    let gbk = region(&html, "<caption>2024年各村集体经济收入（GBK", "</table>");
    assert!(
        gbk.contains("<th scope=\"row\">石门村</th><td class=\"num\">1,120</td>")
            && !gbk.contains("980.25"),
        "{gbk}"
    );
    assert!(
        html.contains(
            "<span class=\"card-number\">1,480</span><span class=\"card-unit\">万元</span>"
        )
    );
    assert_eq!(
        html.matches("<svg class=\"chart\" role=\"img\" aria-labelledby=")
            .count(),
        4
    );
    assert_eq!(
        html.matches("<details class=\"chart-data\"><summary>数据表</summary>")
            .count(),
        4
    );
    // The author's description wins over the generated one; the others state the finding.
    assert!(html.contains("电商培训从1月的1场增至4月的6场，4月起超过农技培训。</desc>"));
    assert!(
        html.contains("占比最大的是茶园，1,200亩，占45.5%</desc>")
            || html.contains("占比最大的是茶园，1,200亩，占45.5%。</desc>"),
        "{html}"
    );
    // Search sees the tables' and charts' words.
    let index = std::fs::read_dir(site.root.join("public/search"))
        .expect("search index")
        .count();
    assert!(index > 0);
}

#[test]
fn the_figures_page_is_valid_html_passes_axe_and_no_chart_label_overlaps() {
    let site = built();
    let errors = tools::vnu_check(&site.root.join("public/reports"));
    assert!(errors.is_empty(), "vnu:\n{}", errors.join("\n"));
    let server = StaticServer::start(&site.root.join("public"));
    let url = server.url("/reports/figures/");
    let (ok, output) = tools::run_node("axe.mjs", &[&url]);
    assert!(ok && output.contains("\"violations\":[]"), "axe:\n{output}");
    let (ok, output) = tools::run_node("chart_labels.mjs", &[&url, "390", "1366"]);
    let lines: Vec<&str> = output.lines().filter(|l| l.starts_with('{')).collect();
    assert!(ok && lines.len() == 2, "chart labels:\n{output}");
    assert!(
        lines
            .iter()
            .all(|l| l.contains("\"charts\":4") && l.contains("\"ok\":true")),
        "{output}"
    );
}

#[test]
fn two_builds_write_the_same_bytes() {
    let site = built();
    let first = site.output_tree();
    site.build().success();
    assert_eq!(first, site.output_tree());
    let again = built();
    assert_eq!(first, again.output_tree());
    // The workbooks too, though each states when it was made.
    let tree = format!("{first:?}");
    assert!(
        tree.contains("data/income.xlsx") && tree.contains("data/metrics.xlsx"),
        "{tree}"
    );
}

#[test]
fn bad_data_and_bad_blocks_are_reported_where_they_are() {
    let site = SiteTest::fixture("figures/site");
    site.write("data/bad.csv", "村,收入（万元）\n甲,10\n乙,待统计\n");
    site.build()
        .failure()
        .stderr_has("data/bad.csv:3:2: error[data-cell]: the column `收入（万元）` holds a number, but this cell says `待统计`");
    let site = SiteTest::fixture("figures/site");
    site.write(
        "content/reports/bad.md",
        "---\ntitle: 坏图\ndate: 2025-01-01\n---\n正文。\n\n```chart bar data/income.csv\nseries: 人口\ntitle: 人口\n```\n",
    );
    site.build().failure().stderr_has(
        "content/reports/bad.md:7: error[figure]: `data/income.csv` has no column `人口`",
    );
    // A figure drawn from a file with errors says so, rather than that the file is missing.
    let site = SiteTest::fixture("figures/site");
    site.write("data/bad.csv", "村,收入（万元）\n甲,10\n乙,待统计\n");
    site.write(
        "content/reports/bad.md",
        "---\ntitle: 坏图\ndate: 2025-01-01\n---\n```table data/bad.csv\n```\n",
    );
    site.build().failure().stderr_has(
        "content/reports/bad.md:5: error[figure]: the data file `data/bad.csv` has errors (see the rows and columns above)",
    );
    let site = SiteTest::fixture("figures/site");
    site.write(
        "content/reports/bad.md",
        "---\ntitle: 坏图\ndate: 2025-01-01\n---\n```table data/missing.csv\n```\n",
    );
    site.build()
        .failure()
        .stderr_has("content/reports/bad.md:5: error[figure]: no data file `data/missing.csv`");
}

#[test]
fn report_metrics_are_one_dataset_that_tables_and_charts_draw_from() {
    let site = built();
    let html = site.output("reports/results/index.html");
    assert!(
        html.contains("<th scope=\"row\"><a href=\"/reports/taoyuan-2024/\">桃源村2024年驻村工作总结</a></th><td class=\"date\">2024年</td><td>桃源村</td><td>集体经济收入</td><td class=\"num\">1,480</td><td>万元</td>"),
        "{html}"
    );
    assert!(
        html.contains("<desc id=\"")
            && html.contains("数值从2023年的1,250.5万元增至2024年的1,480万元。</desc>"),
        "{html}"
    );
    // Under a sub-path the links carry it.
    site.run(&["build", "--base-url", "https://www.example.gov.cn/zcdt/"])
        .success();
    let html = site.output("reports/results/index.html");
    assert!(
        html.contains("<a href=\"/zcdt/reports/taoyuan-2024/\">"),
        "{html}"
    );
}

#[test]
fn every_dataset_is_published_as_csv_xlsx_and_json_that_real_readers_read_back() {
    let site = built();
    let html = site.output(PAGE);
    assert!(html.contains("<p class=\"figure-download\">下载数据：<a href=\"/data/income-gbk.csv\">CSV</a> <a href=\"/data/income-gbk.xlsx\">XLSX</a> <a href=\"/data/income-gbk.json\">JSON</a></p>"), "{html}");
    let public = site.root.join("public/data");
    // Python's csv module (utf-8-sig: the byte-order mark Excel needs) and json module.
    let script = r#"
import csv, json, sys
d = sys.argv[1]
for name in ["income", "income-gbk", "income-calc", "income-calc-income", "training", "land", "metrics"]:
    with open(f"{d}/{name}.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    with open(f"{d}/{name}.json", encoding="utf-8") as f:
        data = json.load(f)
    fields = [x["name"] + (f"（{x['unit']}）" if x["unit"] else "") for x in data["fields"]]
    assert rows[0] == fields, (name, rows[0], fields)
    assert len(rows) - 1 == len(data["rows"]), name
    for row, record in zip(rows[1:], data["rows"]):
        for cell, field in zip(row, data["fields"]):
            value = record[field["name"]]
            if value is None:
                assert cell == "", (name, cell, value)
            elif isinstance(value, (int, float)):
                assert float(cell) == value, (name, cell, value)
            else:
                assert cell == value, (name, cell, value)
    print(name, len(rows) - 1, rows[1])
"#;
    let stdout = python_reads(std::path::Path::new("python3"), script, &public);
    assert!(
        stdout.contains("income 4 ['桃源村', '2023', '1250.5', '320', '12.5', '2023-12']"),
        "{stdout}"
    );
    assert!(
        stdout.contains("income-gbk 4 ['桃源村', '2023', '1250.5', '320', '12.5', '2023-12']"),
        "{stdout}"
    );
    assert!(stdout.contains("metrics 6 ['石门村2024年驻村工作总结', '/reports/shimen-2024/', '2024-12-25', '2024', '石门村', '驻石门村工作队', '产业振兴', '集体经济收入', '1120', '万元']"), "{stdout}");
    xlsx_reads_back_as_the_json(&public);
}

/// What `script` printed, run by `python` with `folder` as its argument; its failure fails the test.
fn python_reads(python: &std::path::Path, script: &str, folder: &std::path::Path) -> String {
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(folder)
        .output()
        .unwrap_or_else(|e| panic!("{} runs: {e}", python.display()));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Every .xlsx download, read with openpyxl, holds the JSON download's fields and values: the
/// same numbers, percentages as fractions shown with `%`, days and months as dates, a year as
/// its number, empty cells empty.
fn xlsx_reads_back_as_the_json(public: &std::path::Path) {
    let script = r#"
import datetime, glob, json, os, sys
import openpyxl
d = sys.argv[1]
names = sorted(os.path.basename(p)[:-5] for p in glob.glob(f"{d}/*.xlsx"))
assert len(names) == len(glob.glob(f"{d}/*.csv")), names
cells = 0
for name in names:
    sheet = openpyxl.load_workbook(f"{d}/{name}.xlsx").worksheets[0]
    with open(f"{d}/{name}.json", encoding="utf-8") as f:
        data = json.load(f)
    rows = list(sheet.iter_rows(values_only=True))
    fields = data["fields"]
    want = [x["name"] + (f"（{x['unit']}）" if x["unit"] and x["type"] != "percent" else "") for x in fields]
    assert list(rows[0]) == want, (name, rows[0], want)
    assert sheet.freeze_panes == "A2", (name, sheet.freeze_panes)
    assert len(rows) - 1 == len(data["rows"]), name
    for r, (row, record) in enumerate(zip(rows[1:], data["rows"])):
        for c, (cell, field) in enumerate(zip(row, fields)):
            value = record[field["name"]]
            shown = sheet.cell(row=r + 2, column=c + 1).number_format
            if value is None:
                assert cell is None, (name, cell)
            elif field["type"] == "percent":
                assert abs(cell * 100 - value) < 1e-9 and shown.endswith("%"), (name, cell, value, shown)
            elif isinstance(value, (int, float)):
                assert cell == value, (name, cell, value)
            elif isinstance(cell, datetime.datetime):
                assert cell.strftime("%Y-%m-%d")[: len(value)] == value, (name, cell, value)
                assert len(value) == 10 or "月" in shown, (name, value, shown)
            elif field["type"] == "date":
                assert str(cell) == value, (name, cell, value)
            else:
                assert cell == value, (name, cell, value)
            cells += 1
    print(name, len(rows) - 1, list(rows[1]))
print("cells", cells)
"#;
    let stdout = python_reads(&tools::venv_python(), script, public);
    assert!(
        stdout.contains(
            "income 4 ['桃源村', 2023, 1250.5, 320, 0.125, datetime.datetime(2023, 12, 1, 0, 0)]"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("metrics 6 ['石门村2024年驻村工作总结'"),
        "{stdout}"
    );
}

#[test]
fn the_results_pages_show_each_figure_by_year_village_and_team_linked_to_its_report() {
    let site = built();
    let all = site.output("results/index.html");
    assert!(all.contains("<h1>工作成效</h1>"), "{all}");
    assert!(
        all.contains("<figcaption>各村历年集体经济收入</figcaption>"),
        "{all}"
    );
    assert!(
        all.contains("<a href=\"/reports/shimen-2024/\">石门村2024年驻村工作总结</a>"),
        "{all}"
    );
    assert!(
        all.contains("<a href=\"/results/villages/%E6%A1%83%E6%BA%90%E6%9D%91/\">桃源村</a>"),
        "{all}"
    );
    let village = site.output("results/villages/桃源村/index.html");
    assert!(village.contains("<h1>桃源村工作成效</h1>"), "{village}");
    assert!(village.contains("<span class=\"card-number\">1,480</span><span class=\"card-unit\">万元</span></p><p class=\"card-when\">2024年12月18日</p><p class=\"card-change up\"><span aria-hidden=\"true\">▲</span> 比上期增长 18.4%</p>"), "{village}");
    assert!(!village.contains("石门村2024年"), "{village}");
    let team = site.output("results/teams/驻石门村工作队/index.html");
    assert!(
        team.contains("<span class=\"card-number\">9</span><span class=\"card-unit\">场</span>"),
        "{team}"
    );
    // The footer links the page on every page of a site whose reports state figures.
    assert!(
        site.output("index.html")
            .contains("<a href=\"/results/\">工作成效</a>")
    );
    let errors = tools::vnu_check(&site.root.join("public/results"));
    assert!(errors.is_empty(), "vnu:\n{}", errors.join("\n"));
    let server = StaticServer::start(&site.root.join("public"));
    let urls = [
        server.url("/results/"),
        server.url("/results/villages/%E6%A1%83%E6%BA%90%E6%9D%91/"),
        server
            .url("/results/teams/%E9%A9%BB%E7%9F%B3%E9%97%A8%E6%9D%91%E5%B7%A5%E4%BD%9C%E9%98%9F/"),
    ];
    // At 390 and 1366 px, normal, high contrast and text at 200 % by the toolbar: no label
    // overlaps or is drawn smaller than 3/4 of the text, the page never scrolls sideways (wide
    // tables and enlarged charts scroll in their own region), no axe violations.
    let shots = site.root.join("shots");
    std::fs::create_dir_all(&shots).expect("shots folder");
    let shots = shots.to_string_lossy().into_owned();
    let (ok, output) = tools::run_node(
        "figures_audit.mjs",
        &[shots.as_str(), &urls[0], &urls[1], &urls[2]],
    );
    let views: Vec<&str> = output.lines().filter(|l| l.starts_with('{')).collect();
    assert!(
        ok && views.len() == 18 && views.iter().all(|v| v.contains("\"ok\":true")),
        "figures audit:\n{output}"
    );
    assert!(
        views[0].contains("\"charts\":2") && views[0].contains("\"scrollingTables\":2"),
        "at 390 px the results page's wide tables scroll:\n{output}"
    );
    // On a phone at 200 % the labels grow with the text (14 of 400 units in a 25rem drawing:
    // 28 px beside 32 px text) instead of staying at the 12 px a 358 px column allows.
    let label_px = |view: &str| -> f64 {
        let view: serde_json::Value = serde_json::from_str(view).expect("a JSON view");
        view["smallestLabelPx"].as_f64().expect("labels measured")
    };
    assert!(
        views[2].contains("\"view\":\"text200\"") && label_px(views[2]) >= 27.0,
        "at 390 px and 200 % text the chart labels are drawn at least at 27 px:\n{output}"
    );
}

#[test]
fn a_sheet_as_a_team_keeps_it_draws_its_rows_under_its_title_and_flags_its_total() {
    // report.xlsx from LibreOffice Calc: a merged title row, a 合计 row whose SUM skipped the
    // numbers stored as text (scripts/figure-fixtures/report.fods).
    let site = SiteTest::fixture("figures/site");
    let xlsx =
        std::fs::read(crate::support::repo_root().join("tests/fixtures/figures/real/report.xlsx"))
            .expect("report.xlsx");
    std::fs::write(site.root.join("data/report.xlsx"), xlsx).expect("copy");
    site.write(
        "content/reports/sheet.md",
        "---\ntitle: 统计表\ndate: 2025-01-01\n---\n```table data/report.xlsx\ncolumns: 村, 集体经济收入, 脱贫户数\n```\n\n```chart bar data/report.xlsx\nx: 村\nseries: 集体经济收入\ntitle: 各村集体经济收入\n```\n",
    );
    site.build().success().stderr_has(
        "data/report.xlsx#收入:6:4: warning[data-total]: the total row says 0 for `脱贫户数`, but the rows above add up to 2,380",
    );
    let html = site.output("reports/sheet/index.html");
    assert!(
        html.contains("<caption>2024年各村集体经济收入统计表</caption>"),
        "{html}"
    );
    assert!(
        !html.contains("合计"),
        "the total row is not a record:\n{html}"
    );
    assert!(
        html.contains(">1,480.25</text>") && html.contains(">612.3</text>"),
        "{html}"
    );
}

/// Calc's own saves of one workbook (scripts/figure-fixtures/sheets.fods): an empty Sheet1,
/// the 汇总 to publish, a hidden 明细 naming households and an empty Sheet3.
#[test]
fn a_workbooks_empty_sheets_are_skipped_and_its_hidden_sheet_is_never_published() {
    for ext in ["xlsx", "ods", "xls"] {
        let site = SiteTest::fixture("figures/site");
        let bytes = std::fs::read(
            crate::support::repo_root().join(format!("tests/fixtures/figures/real/sheets.{ext}")),
        )
        .expect("sheets fixture");
        std::fs::write(site.root.join(format!("data/sheets.{ext}")), bytes).expect("copy");
        site.build().success().stderr_has(&format!(
            "data/sheets.{ext}: warning[data-hidden-sheet]: the hidden sheets (明细) were not read and are not published"
        ));
        // The file's own name stands for its first sheet with data.
        let csv = site.output("data/sheets.csv");
        assert!(csv.contains("石门村,2"), "{ext}: {csv}");
        let mut published = Vec::new();
        for entry in walkdir::WalkDir::new(site.root.join("public")) {
            let entry = entry.expect("walk");
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                !name.contains("明细") && !name.contains("Sheet"),
                "{ext}: published {name}"
            );
            if entry.file_type().is_file() {
                let bytes = std::fs::read(entry.path()).expect("read");
                if String::from_utf8_lossy(&bytes).contains("甲某") {
                    published.push(entry.path().display().to_string());
                }
            }
        }
        assert!(
            published.is_empty(),
            "{ext}: the hidden sheet leaked into {published:?}"
        );
    }
}

#[test]
fn the_home_page_shows_the_newest_reports_figures_and_a_site_without_any_shows_none() {
    let site = built();
    let home = site.output("index.html");
    // The newest report stating figures is 石门村's of 2024-12-25 (taoyuan-2024 is 2024-12-18).
    let figures = region(&home, "<section class=\"key-figures\"", "</section>");
    assert!(
        figures.contains("<h2 id=\"key-figures\">最新工作成效</h2>"),
        "{figures}"
    );
    assert!(
        figures.contains("<li class=\"figure-card\"><span class=\"card-name\">集体经济收入</span> <span class=\"card-value\"><span class=\"card-number\">1,120</span><span class=\"card-unit\">万元</span></span></li>"),
        "{figures}"
    );
    assert!(
        figures.contains("<span class=\"card-name\">培训</span> <span class=\"card-value\"><span class=\"card-number\">9</span><span class=\"card-unit\">场</span>"),
        "{figures}"
    );
    assert_eq!(figures.matches("<li ").count(), 2, "{figures}");
    assert!(
        figures.contains("数据来自<a href=\"/reports/shimen-2024/\">石门村2024年驻村工作总结</a>（<time datetime=\"2024-12-25\">2024年12月25日</time>）"),
        "{figures}"
    );
    assert!(
        figures.contains("<a href=\"/results/\">查看全部工作成效</a>"),
        "{figures}"
    );
    // Only the first page of the home list shows them, and no other list page.
    assert!(!site.output("reports/index.html").contains("key-figures"));

    valid_and_accessible_at_both_widths(&site, "public/index.html", "/");

    let plain = SiteTest::fixture("build/basic");
    plain.build().success();
    let home = plain.output("index.html");
    assert!(!home.contains("key-figures"), "{home}");
    assert!(!home.contains("最新工作成效"), "{home}");
}

#[test]
fn the_data_catalogue_lists_every_dataset_with_its_fields_date_and_downloads() {
    let site = built();
    let page = site.output("data/index.html");
    assert!(page.contains("<h1>数据开放</h1>"), "{page}");
    // Every published dataset (each has its CSV) is listed with its two downloads.
    let published: Vec<_> = std::fs::read_dir(site.root.join("public/data"))
        .expect("public/data")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    assert!(published.len() >= 5, "{published:?}");
    for csv in &published {
        let stem = csv.trim_end_matches(".csv");
        assert!(
            page.contains(&format!(
                "<a href=\"/data/{stem}.csv\">CSV</a> <a href=\"/data/{stem}.xlsx\">XLSX</a> <a href=\"/data/{stem}.json\">JSON</a>"
            )),
            "{stem} is not in the catalogue:\n{page}"
        );
    }
    assert_eq!(
        page.matches("<section class=\"dataset\"").count(),
        published.len()
    );
    // site.yaml's `data:` gives income.csv its title, description and the site's licence, and
    // the reports' figures their own licence.
    let income = region(
        &page,
        "<h2 id=\"dataset-4\">各村集体经济收入</h2>",
        "</section>",
    );
    assert!(
        income.contains("<p class=\"dataset-description\">桃源村、石门村 2023—2024 年的集体经济收入，来自乡财政所的年报。</p>"),
        "{income}"
    );
    assert!(
        income.contains("<p>许可协议：署名 4.0 国际（CC BY 4.0）</p>"),
        "{income}"
    );
    let metrics = region(&page, "各期工作报告的指标</h2>", "</section>");
    assert!(metrics.contains("<p>许可协议：仅供查阅</p>"), "{metrics}");
    assert!(
        page.contains("<a href=\"/data/catalogue.json\">供程序读取的数据目录（JSON）</a>"),
        "{page}"
    );
    let catalogue: serde_json::Value =
        serde_json::from_str(&site.output("data/catalogue.json")).expect("catalogue.json is JSON");
    let datasets = catalogue["datasets"].as_array().expect("datasets");
    assert_eq!(datasets.len(), published.len());
    let entry = (datasets.iter())
        .find(|d| d["identifier"] == "data/income.csv")
        .expect("income.csv in catalogue.json");
    assert_eq!(entry["title"], "各村集体经济收入");
    assert_eq!(entry["license"], "署名 4.0 国际（CC BY 4.0）");
    assert_eq!(entry["modified"], "2024-12");
    assert_eq!(entry["rows"], 4);
    assert_eq!(
        entry["fields"][2],
        serde_json::json!({"name": "集体经济收入", "unit": "万元", "type": "number"})
    );
    let urls: Vec<&str> = (entry["distributions"]
        .as_array()
        .expect("distributions")
        .iter())
    .map(|d| d["url"].as_str().expect("url"))
    .collect();
    assert_eq!(
        urls,
        [
            "https://test.example.gov.cn/data/income.csv",
            "https://test.example.gov.cn/data/income.xlsx",
            "https://test.example.gov.cn/data/income.json"
        ]
    );
    for url in urls {
        let file = url.trim_start_matches("https://test.example.gov.cn/");
        assert!(site.root.join("public").join(file).is_file(), "{file}");
    }
    assert!(
        income.contains("文件 <code>data/income.csv</code>，共 4 行，数据截至 <time datetime=\"2024-12\">2024年12月</time>"),
        "{income}"
    );
    assert!(
        income.contains("<li>集体经济收入（单位：万元）</li>"),
        "{income}"
    );
    assert!(income.contains("<li>村</li>"), "{income}");
    assert!(page.contains("各期工作报告的指标</h2>"), "{page}");
    // In the sitemap, and linked from the footer and the 工作成效 page.
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("/data/</loc>"), "{sitemap}");
    assert!(
        site.output("index.html")
            .contains("<a href=\"/data/\">数据开放</a>")
    );
    assert!(
        site.output("results/index.html")
            .contains("表格和图表下可下载数据。 <a href=\"/data/\">数据开放</a>")
    );

    valid_and_accessible_at_both_widths(&site, "public/data/index.html", "/data/");

    // A site with no data and no report figures has no catalogue and no link to one.
    let plain = SiteTest::fixture("build/basic");
    plain.build().success();
    assert!(!plain.root.join("public/data/index.html").exists());
    assert!(!plain.output("index.html").contains("数据开放"));
    assert!(!plain.output("sitemap.xml").contains("/data/"));
}

/// `file` passes vnu, and its page at `url` passes the figures audit (axe, no sideways scroll,
/// no label overlap, labels at least 3/4 of the text size) at 390 and 1366 px in both contrast
/// schemes and at 200 % text.
fn valid_and_accessible_at_both_widths(site: &SiteTest, file: &str, url: &str) {
    let errors = tools::vnu_check(&site.root.join(file));
    assert!(errors.is_empty(), "vnu:\n{}", errors.join("\n"));
    let server = StaticServer::start(&site.root.join("public"));
    let shots = site.root.join("shots");
    std::fs::create_dir_all(&shots).expect("shots folder");
    let (ok, output) = tools::run_node(
        "figures_audit.mjs",
        &[&shots.to_string_lossy(), &server.url(url)],
    );
    let views: Vec<&str> = output.lines().filter(|l| l.starts_with('{')).collect();
    assert!(
        ok && views.len() == 6 && views.iter().all(|v| v.contains("\"ok\":true")),
        "{url} at 390 and 1366 px:\n{output}"
    );
}

/// `jianbao check --format json --lang zh --today DAY` on `site`: (path, line, code, message)
/// of every finding whose code is one of `codes`.
fn findings(site: &SiteTest, day: &str, codes: &[&str]) -> Vec<(String, u64, String, String)> {
    let run = site.run(&["check", "--format", "json", "--lang", "zh", "--today", day]);
    String::from_utf8_lossy(&run.output.stdout)
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a JSON line"))
        .filter(|f| codes.contains(&f["code"].as_str().unwrap_or_default()))
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["code"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn check_finds_figures_that_disagree_stale_data_and_datasets_without_a_licence() {
    let site = SiteTest::fixture("figures/site");
    const CODES: &[&str] = &[
        "metric-conflict",
        "data-stale",
        "data-licence",
        "data-unknown",
    ];
    // The fixture states a licence for every dataset; income.csv must be updated within 400 days
    // and the other files within their news column's 14.
    let stale = findings(&site, "2025-02-14", CODES);
    assert_eq!(stale, [], "the month after December is due by 14 February");
    let stale = findings(&site, "2025-02-15", CODES);
    assert_eq!(
        stale
            .iter()
            .map(|f| (f.0.as_str(), f.1, f.2.as_str()))
            .collect::<Vec<_>>(),
        [
            ("data/income-calc.xlsx", 5, "data-stale"),
            ("data/income-gbk.csv", 5, "data-stale")
        ],
        "{stale:?}"
    );
    assert_eq!(
        stale[0].3,
        "“data/income-calc.xlsx”的数据只到2024年12月；按 14 天的更新期限，2025年1月的数据应在 2025年2月14日 前补上"
    );
    let late = findings(&site, "2026-03-08", &["data-stale"]);
    assert!(late.iter().any(|f| f.0 == "data/income.csv"), "{late:?}");
    assert!(
        findings(&site, "2026-03-07", &["data-stale"])
            .iter()
            .all(|f| f.0 != "data/income.csv")
    );

    // A mid-year report of 桃源村: its income agrees once 元 are converted to 万元, its training
    // count does not agree with the year-end report's.
    site.write(
        "content/reports/taoyuan-2024-mid.md",
        "---\ntitle: 桃源村2024年上半年工作\ndate: 2024-07-01\nvillages: [桃源村]\nmetrics:\n  集体经济收入: 14,800,000 元\n  培训: 12 场\n---\n正文。\n",
    );
    let conflicts = findings(&site, "2025-01-20", &["metric-conflict"]);
    assert_eq!(
        conflicts,
        [(
            "content/reports/taoyuan-2024.md".to_string(),
            9,
            "metric-conflict".to_string(),
            "桃源村2024年的“培训”这里是 15 场，而 content/reports/taoyuan-2024-mid.md:7 写的是 12 场"
                .to_string()
        )]
    );
    // site.yaml turns the rule off.
    let yaml = std::fs::read_to_string(site.root.join("site.yaml")).expect("site.yaml");
    site.write(
        "site.yaml",
        format!("{yaml}check:\n  severity:\n    metric-conflict: off\n"),
    );
    assert_eq!(findings(&site, "2025-01-20", &["metric-conflict"]), []);

    // Without a licence every dataset is reported, and a dataset named in site.yaml that the site
    // does not have is too.
    let before = yaml.split("data:\n").next().expect("head");
    site.write(
        "site.yaml",
        format!("{before}data:\n  datasets:\n    income.csv:\n      title: 收入\n    收入.csv:\n      title: 旧表\n"),
    );
    let licence = findings(&site, "2025-01-20", &["data-licence", "data-unknown"]);
    assert_eq!(licence.len(), 2, "{licence:?}");
    assert_eq!(
        (licence[0].0.as_str(), licence[0].1, licence[0].2.as_str()),
        ("site.yaml", 6, "data-licence")
    );
    assert_eq!(
        licence[0].3,
        "7 份公开的数据没有注明许可协议，下载的人不知道能否使用：data/income-calc.xlsx、data/income-calc.xlsx#income、data/income-gbk.csv、data/income.csv、data/land.json、data/training.yaml、metrics"
    );
    assert_eq!(
        (licence[1].0.as_str(), licence[1].1, licence[1].2.as_str()),
        ("site.yaml", 10, "data-unknown")
    );
}
