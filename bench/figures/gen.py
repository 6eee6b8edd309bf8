#!/usr/bin/env python3
"""Writes the figures benchmark site: data/big.csv with 100,000 rows (50 villages x 100 months x
20 indicators) and 50 report pages with 10 line charts each (500 charts, each drawing one
village's indicator over 100 months), or with `--no-charts` the same pages with a paragraph in
place of each chart, to measure what the charts add; `--no-data` leaves out the data file too
(the site without figures).

Usage: bench/figures/gen.py OUT_DIR [--no-charts] [--no-data]
Deterministic: the same bytes every run.
"""
import os
import sys


def main():
    out = sys.argv[1]
    data = "--no-data" not in sys.argv[2:]
    charts = data and "--no-charts" not in sys.argv[2:]
    villages = [f"第{i + 1}村" for i in range(50)]
    months = [f"{2017 + m // 12}年{m % 12 + 1}月" for m in range(100)]
    indicators = [f"指标{i + 1}" for i in range(20)]
    os.makedirs(f"{out}/data", exist_ok=True)
    os.makedirs(f"{out}/content/reports", exist_ok=True)
    with open(f"{out}/site.yaml", "w", encoding="utf-8") as f:
        f.write("title: 图表基准\ndescription: 图表基准站点\nbase_url: https://bench.example.gov.cn/\n")
    with open(f"{out}/content/_index.md", "w", encoding="utf-8") as f:
        f.write("---\ntitle: 首页\n---\n")
    if not data:
        os.rmdir(f"{out}/data")
    with open(f"{out}/data/big.csv" if data else os.devnull, "w", encoding="utf-8") as f:
        f.write("村,月份,指标,数值\n")
        n = 0
        for v in villages:
            for m in months:
                for i in indicators:
                    n += 1
                    f.write(f"{v},{m},{i},{(n * 7919) % 10000 / 10:.1f}\n")
    for p in range(50):
        lines = [f"---\ntitle: 第{p + 1}期数据报告\ndate: 2025-01-{p % 28 + 1:02d}\n---\n"]
        for c in range(10):
            village = villages[p]
            indicator = indicators[(p + c) % 20]
            if charts:
                lines.append(
                    f"```chart line data/big.csv\nx: 月份\nwhere: 村 = {village}; 指标 = {indicator}\n"
                    f"series: 数值\ntitle: {village}{indicator}\n```\n"
                )
            else:
                lines.append(f"{village}{indicator}的逐月数据。\n")
        with open(f"{out}/content/reports/r{p:02d}.md", "w", encoding="utf-8") as f:
            f.write("\n".join(lines))


main()
