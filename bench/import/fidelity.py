"""Text fidelity of three .docx converters on the import benchmark's corpus.

    python3 bench/import/fidelity.py CORPUS JIANBAO_CONTENT PANDOC_OUT MAMMOTH_OUT

For each document, NAME.json (from make_corpus.py) lists its visible text units (title,
paragraphs, headings, table cells), its headings and its tables. A converter's output is reduced
to its visible characters (markup, escapes and whitespace removed) and then:
- characters: the share of the units' characters found, unit by unit, in reading order;
- headings: the share of headings that the output marks as headings (`#` lines or <h1>–<h6>);
- tables: the share of tables that come out as one table (pipe rows or <table>) holding every
  cell text of the original.
"""

import html
import json
import re
import sys
from pathlib import Path

corpus, jianbao_dir, pandoc_dir, mammoth_dir = map(Path, sys.argv[1:5])


def squeeze(text):
    return re.sub(r"\s+", "", text)


def visible(text):
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)      # images: keep alt
    text = re.sub(r"\]\(<?[^)>]*>?\)", "]", text)              # link targets
    text = re.sub(r"\[\^\d+\]", "", text)                      # footnote marks
    text = re.sub(r"<[^>]+>", "", text)                        # tags
    text = html.unescape(text)
    text = re.sub(r"\\(.)", r"\1", text)                       # Markdown escapes
    text = re.sub(r"[*_#|>\[\]~`-]", "", text)                   # Markdown syntax
    return squeeze(text)


def char_recall(units, out):
    total = found = 0
    pos = 0
    for unit in units:
        u = visible(unit)
        total += len(u)
        at = out.find(u, pos)
        if at >= 0:
            found += len(u)
            pos = at + len(u)
    return found, total


def heading_texts(raw):
    md = [m.group(1) for m in re.finditer(r"(?m)^#{1,6}\s+(.+)$", raw)]
    tags = [m.group(1) for m in re.finditer(r"(?s)<h[1-6][^>]*>(.*?)</h[1-6]>", raw)]
    return [visible(h) for h in md + tags]


def table_blocks(raw):
    blocks = [m.group(0) for m in re.finditer(r"(?s)<table.*?</table>", raw)]
    blocks += [m.group(0) for m in re.finditer(r"(?m)(?:^\|.*\|\s*\n?)+", raw)]
    return [visible(b) for b in blocks]


def score(raw, expect):
    out = visible(raw)
    found, total = char_recall(expect["units"], out)
    heads = heading_texts(raw)
    h_found = sum(1 for h in expect["headings"] if any(visible(h) in x for x in heads))
    tables = table_blocks(raw)
    t_found = sum(1 for t in expect["tables"] if any(all(visible(c) in b for c in t) for b in tables))
    return found, total, h_found, len(expect["headings"]), t_found, len(expect["tables"])


def jianbao_outputs():
    by_title = {}
    for index in jianbao_dir.glob("*/index.md"):
        raw = index.read_text(encoding="utf-8")
        title = re.search(r"(?m)^title:\s*\"?(.+?)\"?$", raw)
        if title:
            by_title[title.group(1)] = raw
    return by_title


jianbao = jianbao_outputs()
sums = {name: [0] * 6 for name in ("jianbao", "pandoc", "mammoth")}
docs = sorted(corpus.glob("*.json"))
for meta in docs:
    expect = json.loads(meta.read_text(encoding="utf-8"))
    outputs = {
        "jianbao": jianbao.get(expect["units"][0], ""),
        "pandoc": (pandoc_dir / (meta.stem + ".md")).read_text(encoding="utf-8"),
        "mammoth": (mammoth_dir / (meta.stem + ".html")).read_text(encoding="utf-8"),
    }
    for name, raw in outputs.items():
        for i, value in enumerate(score(raw, expect)):
            sums[name][i] += value

print(f"{len(docs)} documents")
print(f"{'tool':<8} {'characters':>22} {'headings':>16} {'tables':>14}")
for name, (f, t, hf, ht, tf, tt) in sums.items():
    print(f"{name:<8} {f:>7}/{t:<7} {100 * f / t:6.2f}% {hf:>4}/{ht:<4} {100 * hf / ht:5.1f}% {tf:>3}/{tt:<3} {100 * tf / tt:5.1f}%")
