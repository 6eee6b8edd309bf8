"""Writes the .docx fixtures of `jianbao import` with python-docx (Word's own default template).

Each fixture NAME.docx comes with NAME.expected: the document's visible body text, one
paragraph per line, in reading order, which the tests look for in the imported Markdown.

    tools/venv/bin/python scripts/import-fixtures/make_docx.py OUT_DIR [NAME...]

The chart fixture's chart part is written by python-pptx's chart XML writer (the same DrawingML
chart schema Word uses) and attached to a python-docx document.
"""

import struct
import sys
import zlib
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import Pt
from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml import parse_xml as parse_pptx_xml

OUT = Path(sys.argv[1])
OUT.mkdir(parents=True, exist_ok=True)


def png(width, height, rgb):
    """A small valid PNG, written by hand so no imaging library is needed."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def centred(doc, text, size=22, bold=True):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    return p


def bold_line(doc, text):
    p = doc.add_paragraph()
    p.add_run(text).bold = True
    return p


def hyperlink(paragraph, url, text):
    rel = paragraph.part.relate_to(
        url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    # Underlined directly, as Word formats a typed link: not emphasis on import.
    rpr = OxmlElement("w:rPr")
    u = OxmlElement("w:u")
    u.set(qn("w:val"), "single")
    rpr.append(u)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def revision(paragraph, kind, text, rid):
    """A tracked insertion (`w:ins`) or deletion (`w:del`) by a reviewer."""
    wrap = OxmlElement(f"w:{kind}")
    wrap.set(qn("w:id"), str(rid))
    wrap.set(qn("w:author"), "审核人")
    wrap.set(qn("w:date"), "2026-11-20T10:00:00Z")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if kind == "del" else "w:t")
    t.text = text
    run.append(t)
    wrap.append(run)
    paragraph._p.append(wrap)


def notice():
    """An official notice (通知) laid out as GB/T 9704 asks, with no heading styles at all."""
    doc = Document()
    expected = []
    centred(doc, "中共青山县委组织部", 26)
    num = doc.add_paragraph("青组发[2026]12号")
    num.alignment = WD_ALIGN_PARAGRAPH.CENTER
    centred(doc, "关于做好2026年冬季驻村干部培训工作的通知")
    expected.append("关于做好2026年冬季驻村干部培训工作的通知")
    doc.add_paragraph("各乡镇党委，县直各驻村工作队派出单位：")
    body = [
        ("p", "　　为进一步提升驻村干部履职能力，经研究，决定于2026年12月举办冬季驻村干部培训班。现将有关事项通知如下。"),
        ("h", "一、培训对象"),
        ("p", "　　全县在岗驻村第一书记和工作队员，共计86人。"),
        ("h", "二、培训内容"),
        ("h", "（一）政策理论"),
        ("p", "　　学习巩固拓展脱贫攻坚成果同乡村振兴有效衔接的政策措施。"),
        ("h", "（二）业务技能"),
        ("p", "1．村级集体经济发展的做法；"),
        ("p", "2．矛盾纠纷排查化解的方法。"),
        ("h", "三、有关要求"),
        ("p", "　　（1）各派出单位要保障参训人员时间。"),
        ("p", "　　（2）参训人员须按时报到，不得请人代训。"),
    ]
    for kind, text in body:
        if kind == "h":
            bold_line(doc, text)
        else:
            doc.add_paragraph(text)
        expected.append(text.lstrip("　"))
    p = doc.add_paragraph("　　联系人：县委组织部组织二科")
    p.add_run().add_break(WD_BREAK.LINE)
    p.add_run("联系电话：0000-1234567")
    expected.append("联系人：县委组织部组织二科")
    expected.append("联系电话：0000-1234567")
    doc.add_paragraph("")
    doc.add_paragraph("　　附件：1．培训日程安排")
    doc.add_paragraph("　　　　　2．参训人员名单")
    doc.add_paragraph("")
    sig = doc.add_paragraph("中共青山县委组织部")
    sig.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date = doc.add_paragraph("二〇二六年十一月二十日")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("抄送：县委办公室，县政府办公室。")
    doc.add_paragraph("中共青山县委组织部办公室　　　　2026年11月20日印发")
    doc.save(OUT / "notice.docx")
    (OUT / "notice.expected").write_text("\n".join(expected) + "\n", encoding="utf-8")
    (OUT / "培训日程安排.pdf").write_bytes(b"%PDF-1.4\n% jianbao import fixture\n%%EOF\n")


def styled():
    """Word's own heading, list and table styles, a picture with a description, a hyperlink,
    character formatting, tracked changes and a comment."""
    doc = Document()
    expected = []
    doc.add_heading("石门村茶叶合作社发展情况报告", level=0)
    expected.append("石门村茶叶合作社发展情况报告")
    doc.add_heading("基本情况", level=1)
    expected.append("基本情况")
    p = doc.add_paragraph("合作社成立于2019年，")
    p.add_run("现有社员126户").bold = True
    p.add_run("，其中")
    p.add_run("脱贫户").italic = True
    p.add_run("48户。茶园面积达到1200亩")
    p.add_run("2").font.superscript = True
    p.add_run("，鲜叶含水率以H")
    p.add_run("2").font.subscript = True
    p.add_run("O计。")
    s = p.add_run("原计划900亩")
    s.font.strike = True
    expected.append("合作社成立于2019年，现有社员126户，其中脱贫户48户。茶园面积达到1200亩2，鲜叶含水率以H2O计。原计划900亩")
    doc.add_heading("主要做法", level=2)
    expected.append("主要做法")
    for text in ["统一采摘标准", "统一加工销售", "统一品牌包装"]:
        doc.add_paragraph(text, style="List Number")
        expected.append(text)
    for text in ["县农业农村局技术指导", "东西部协作资金支持"]:
        doc.add_paragraph(text, style="List Bullet")
        expected.append(text)
    p = doc.add_paragraph("详见")
    hyperlink(p, "https://www.example.gov.cn/tea", "县政府网站专题")
    p.add_run("。")
    expected.append("详见县政府网站专题。")
    # Underline stresses a phrase; an underlined blank is a form's fill-in line.
    p = doc.add_paragraph("请于")
    p.add_run("12月10日前").underline = True
    p.add_run("报送，联系人：")
    p.add_run("\u3000\u3000\u3000\u3000").underline = True
    p.add_run("。")
    expected.append("请于12月10日前报送，联系人：。")
    p = doc.add_paragraph("今年销售额")
    revision(p, "del", "300万元", 1)
    revision(p, "ins", "360万元", 2)
    p.add_run("，同比增长两成。")
    expected.append("今年销售额360万元，同比增长两成。")
    commented = doc.add_paragraph("社员分红按交售鲜叶数量计算。")
    doc.add_comment(commented.runs, text="请核实分红口径", author="审核人")
    expected.append("社员分红按交售鲜叶数量计算。")
    doc.add_heading("经营数据", level=2)
    expected.append("经营数据")
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    cells = [["项目", "2025年", "2026年"], ["茶园面积（亩）", "900", "1200"],
             ["销售额（万元）", "300", "360"], ["备注", "数据来自合作社台账", ""]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    merged = table.cell(3, 1).merge(table.cell(3, 2))
    merged.text = "数据来自合作社台账"
    merged.paragraphs[0].add_run().add_break(WD_BREAK.LINE)
    merged.paragraphs[0].add_run("2026年11月")
    for row in cells[:3]:
        expected.extend(row)
    expected.extend(["备注", "数据来自合作社台账", "2026年11月"])
    image = OUT / "tea.png"
    image.write_bytes(png(40, 30, (40, 140, 60)))
    doc.add_paragraph().add_run().add_picture(str(image))
    doc.inline_shapes[0]._inline.docPr.set("descr", "石门村茶园全景")
    doc.add_paragraph("合作社将继续扩大种植规模。")
    expected.append("合作社将继续扩大种植规模。")
    doc.save(OUT / "styled.docx")
    (OUT / "styled.expected").write_text("\n".join(expected) + "\n", encoding="utf-8")


def classified():
    doc = Document()
    doc.add_paragraph("机密★1年")
    centred(doc, "关于某事项的请示")
    doc.add_paragraph("正文内容。")
    doc.save(OUT / "classified.docx")


def numbered():
    """Chinese headings made by Word's automatic numbering (一、 and （一）), not typed."""
    doc = Document()
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, (fmt, text) in enumerate([("chineseCounting", "%1、"), ("chineseCounting", "（%2）"),
                                        ("decimal", "%3．")]):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, value in [("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)]:
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            lvl.append(el)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)

    def item(text, level):
        p = doc.add_paragraph()
        p.add_run(text).bold = level == 0
        ppr = p._p.get_or_add_pPr()
        numpr = OxmlElement("w:numPr")
        for tag, value in [("w:ilvl", str(level)), ("w:numId", "90")]:
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            numpr.append(el)
        ppr.append(numpr)

    centred(doc, "桃源村2026年度驻村工作总结")
    doc.add_paragraph("　　今年以来，驻村工作队在县委组织部的领导下扎实开展各项工作。")
    item("主要工作", 0)
    item("抓党建促振兴", 1)
    doc.add_paragraph("　　组织党员开展主题党日活动十二次。")
    item("抓产业促增收", 1)
    item("新建蔬菜大棚20个；", 2)
    item("引进加工企业1家。", 2)
    item("存在问题", 0)
    doc.add_paragraph("　　村集体经济收入来源单一。")
    doc.save(OUT / "numbered.docx")
    expected = ["桃源村2026年度驻村工作总结", "今年以来，驻村工作队在县委组织部的领导下扎实开展各项工作。",
                "一、主要工作", "（一）抓党建促振兴", "组织党员开展主题党日活动十二次。", "（二）抓产业促增收",
                "1．新建蔬菜大棚20个；", "2．引进加工企业1家。", "二、存在问题", "村集体经济收入来源单一。"]
    (OUT / "numbered.expected").write_text("\n".join(expected) + "\n", encoding="utf-8")


def linked_image():
    """A picture that links to a file outside the document instead of embedding it."""
    doc = Document()
    doc.add_paragraph("外链图片测试")
    p = doc.add_paragraph()
    rel = doc.part.relate_to(
        "file:///etc/hostname",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", is_external=True)
    image = OUT / "tea.png"
    p.add_run().add_picture(str(image))
    blip = p._p.xpath(".//a:blip")[0]
    del blip.attrib[qn("r:embed")]
    blip.set(qn("r:link"), rel)
    doc.add_paragraph("图片之后的正文。")
    doc.save(OUT / "linked-image.docx")


def empty():
    Document().save(OUT / "empty.docx")


def chart():
    """A clustered column chart between two paragraphs, as Word inserts one (图表), plus an
    equation: the chart's figures must come across as a table, the equation with a warning."""
    doc = Document()
    expected = ["青山县驻村点集体经济收入情况"]
    doc.add_heading(expected[0], level=0)
    expected.append("2026年，各驻村点村集体经济收入均有增长。")
    doc.add_paragraph(expected[-1])
    data = CategoryChartData()
    data.categories = ["石门村", "龙潭村", "桃源村"]
    data.add_series("2025年", (12.5, 9.8, 6))
    data.add_series("2026年", (18, 15.2, 11.4))
    space = parse_pptx_xml(ChartXmlWriter(XL_CHART_TYPE.COLUMN_CLUSTERED, data).xml.encode("utf-8"))
    drawn = Chart(space, None)
    drawn.has_title = True
    drawn.chart_title.text_frame.text = "各村集体经济收入（万元）"
    part = Part(PackURI("/word/charts/chart1.xml"),
                "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
                etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True),
                doc.part.package)
    rid = doc.part.relate_to(
        part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart")
    run = doc.add_paragraph().add_run()
    run._r.append(etree.fromstring(
        '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="5486400" cy="3200400"/>'
        '<wp:docPr id="10" name="图表 1"/><a:graphic><a:graphicData'
        ' uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'))
    expected.extend(["各村集体经济收入（万元）", "石门村", "12.5", "18", "龙潭村", "9.8", "15.2",
                     "桃源村", "6", "11.4"])
    p = doc.add_paragraph("人均收入按")
    p._p.append(etree.fromstring(
        '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
        '<m:f><m:num><m:r><m:t>总收入</m:t></m:r></m:num><m:den><m:r><m:t>人口</m:t></m:r></m:den></m:f>'
        '</m:oMath>'))
    p.add_run("计算。")
    expected.append("人均收入按计算。")
    expected.append("下一步，将继续壮大村集体经济。")
    doc.add_paragraph(expected[-1])
    doc.save(OUT / "chart.docx")
    (OUT / "chart.expected").write_text("\n".join(expected) + "\n", encoding="utf-8")


FIXTURES = [notice, styled, classified, numbered, linked_image, empty, chart]
only = set(sys.argv[2:])
for make in FIXTURES:
    if not only or make.__name__ in only:
        make()
