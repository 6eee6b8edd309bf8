"""Writes the import benchmark's corpus: N official-style .docx files with headings, tables
(one with merged cells) and pictures, made with python-docx, and NAME.json beside each with the
visible text units, headings and table cells the fidelity measure looks for.

    tools/venv/bin/python bench/import/make_corpus.py OUT_DIR [N]
"""

import json
import random
import struct
import sys
import zlib
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(sys.argv[1])
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 60
OUT.mkdir(parents=True, exist_ok=True)

WORDS = ("驻村工作队 村集体经济 产业发展 乡村振兴 基层党建 入户走访 技能培训 合作社 茶叶 猕猴桃 "
         "电商服务站 道路硬化 饮水安全 医疗保障 教育帮扶 就业岗位 防返贫监测 人居环境 村规民约 "
         "党员大会 志愿服务 农田水利 种养殖 务工收入 项目资金").split()
NUMERALS = "一二三四五六七八九十"


def png(rng, width=160, height=120):
    raw = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(width * 3)) for _ in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def sentence(rng):
    picked = rng.sample(WORDS, 4)
    return f"围绕{picked[0]}和{picked[1]}，工作队推动{picked[2]}，全年完成{rng.randrange(10, 999)}项，{picked[3]}取得新进展。"


def make(index):
    rng = random.Random(index)
    doc = Document()
    expect = {"units": [], "headings": [], "tables": []}
    title = f"关于{rng.choice(WORDS)}工作情况的报告（第{index + 1}号）"
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(title)
    run.bold = True
    run.font.size = Pt(22)
    expect["units"].append(title)
    doc.add_paragraph("县驻村办：")
    expect["units"].append("县驻村办：")
    styled = index % 3 == 0  # every third document uses Word's heading styles
    for s in range(rng.randrange(4, 7)):
        heading = f"{NUMERALS[s]}、{rng.choice(WORDS)}方面"
        if styled:
            doc.add_heading(heading, level=1)
        else:
            doc.add_paragraph().add_run(heading).bold = True
        expect["units"].append(heading)
        expect["headings"].append(heading)
        for sub in range(rng.randrange(1, 3)):
            subheading = f"（{NUMERALS[sub]}）{rng.choice(WORDS)}"
            if styled:
                doc.add_heading(subheading, level=2)
            else:
                doc.add_paragraph(subheading)
            expect["units"].append(subheading)
            expect["headings"].append(subheading)
            for _ in range(rng.randrange(2, 5)):
                text = "".join(sentence(rng) for _ in range(rng.randrange(2, 5)))
                doc.add_paragraph("\u3000\u3000" + text)
                expect["units"].append(text)
        if s == 1:
            cells = table(doc, rng, merged=False)
            expect["tables"].append(cells)
            expect["units"].extend(cells)
        if s == 2:
            cells = table(doc, rng, merged=True)
            expect["tables"].append(cells)
            expect["units"].extend(cells)
        if s in (0, 3):
            picture = OUT / f".pic-{index}-{s}.png"
            picture.write_bytes(png(rng))
            doc.add_paragraph().add_run().add_picture(str(picture))
            picture.unlink()
    doc.add_paragraph("县委组织部驻村工作队")
    doc.add_paragraph("2026年11月20日")
    expect["units"].extend(["县委组织部驻村工作队"])
    name = f"doc{index:03d}"
    doc.save(OUT / f"{name}.docx")
    (OUT / f"{name}.json").write_text(json.dumps(expect, ensure_ascii=False), encoding="utf-8")


def table(doc, rng, merged):
    rows = rng.randrange(4, 8)
    t = doc.add_table(rows=rows, cols=3)
    t.style = "Table Grid"
    cells = []
    header = ["项目", "计划数", "完成数"]
    for c, text in enumerate(header):
        t.cell(0, c).text = text
    cells.extend(header)
    for r in range(1, rows):
        row = [f"{rng.choice(WORDS)}{r}", str(rng.randrange(10, 500)), str(rng.randrange(10, 500))]
        for c, text in enumerate(row):
            t.cell(r, c).text = text
        cells.extend(row)
    if merged:
        note = "合计（单位：项）"
        m = t.cell(rows - 1, 1).merge(t.cell(rows - 1, 2))
        m.text = note
        cells = cells[:-2] + [note]
    return cells


for i in range(COUNT):
    make(i)
print(f"{COUNT} documents in {OUT}")
