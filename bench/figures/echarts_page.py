#!/usr/bin/env python3
"""Writes the ECharts twin of a page jianbao built from the figures benchmark site: the same
HTML, except that each chart's inline SVG is replaced by an empty box that Apache ECharts fills
in the browser with the same line (one village's indicator over 100 months, read from the site's
data/big.csv). The chart's caption and its data table stay, so both pages carry the same text.
ECharts is loaded as a local file at the end of the body (the order that lets the page paint
before the library arrives), then one script draws every chart. Each chart's box gets
`data-drawn="1"` on ECharts' `finished` event, which bench/figures/paint.mjs waits for.

Usage: bench/figures/echarts_page.py SITE_DIR PAGE_PATH ECHARTS_MIN_JS
  writes SITE_DIR/public/PAGE_PATH-echarts/index.html and SITE_DIR/public/js/echarts.min.js
"""
import csv
import html
import json
import os
import re
import shutil
import sys


def main():
    site, page, echarts = sys.argv[1], sys.argv[2].strip("/"), sys.argv[3]
    public = os.path.join(site, "public")
    with open(os.path.join(public, page, "index.html"), encoding="utf-8") as f:
        text = f.read()
    series = {}
    with open(os.path.join(site, "data", "big.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = row["村"] + row["指标"]
            months, values = series.setdefault(key, ([], []))
            months.append(row["月份"])
            values.append(float(row["数值"]))
    charts = []

    def replace(match):
        title = html.unescape(match.group(1))
        width, height = match.group(2), match.group(3)
        months, values = series[title]
        charts.append({"title": title, "months": months, "values": values})
        n = len(charts) - 1
        return (
            f'<figure class="figure-chart"><figcaption>{match.group(1)}</figcaption>'
            f'<div class="echart" id="echart-{n}" role="img" aria-label="{match.group(1)}" '
            f'style="width:100%;max-width:{width}px;height:{height}px"></div>'
        )

    pattern = re.compile(
        r'<figure class="figure-chart"><figcaption>([^<]*)</figcaption>'
        r'<svg class="chart"[^>]*? width="(\d+)" height="(\d+)"[^>]*>.*?</svg>',
        re.S,
    )
    text, count = pattern.subn(replace, text)
    if count == 0:
        sys.exit(f"no chart in {page}")
    script = (
        '<script src="/js/echarts.min.js"></script>\n<script>\n'
        f"const charts = {json.dumps(charts, ensure_ascii=False)};\n"
        "charts.forEach((c, i) => {\n"
        "  const box = document.getElementById('echart-' + i);\n"
        "  const chart = echarts.init(box);\n"
        "  chart.on('finished', () => { box.dataset.drawn = '1'; });\n"
        "  chart.setOption({ animation: false, title: { show: false },\n"
        "    tooltip: { trigger: 'axis' }, grid: { left: 48, right: 16, top: 16, bottom: 32 },\n"
        "    xAxis: { type: 'category', data: c.months }, yAxis: { type: 'value' },\n"
        "    series: [{ name: '数值', type: 'line', data: c.values, symbol: 'circle' }] });\n"
        "});\n</script>\n"
    )
    text = text.replace("</body>", script + "</body>", 1)
    out = os.path.join(public, page + "-echarts")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "index.html"), "w", encoding="utf-8") as f:
        f.write(text)
    os.makedirs(os.path.join(public, "js"), exist_ok=True)
    shutil.copyfile(echarts, os.path.join(public, "js", "echarts.min.js"))
    print(f"{out}/index.html: {count} charts, {len(text.encode())} bytes")


main()
