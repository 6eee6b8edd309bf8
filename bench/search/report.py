#!/usr/bin/env python3
"""Turns the raw measurements of bench/search/run.sh into Markdown tables.

    python3 report.py builds ROWS.tsv             index build time, memory and size per tool
    python3 report.py bytes BYTES.jsonl           bytes downloaded per query (browser.mjs bytes)
    python3 report.py results RESULTS.jsonl SITE  result sets per query (browser.mjs results)
                                                  against what the built pages SITE contain

ROWS.tsv (written by run.sh), one line per timed run or size:
    time  PAGES TOOL RUN REPORT OTHERS   REPORT = a `/usr/bin/time -v` report; OTHERS = CPU
                                         seconds other processes used during the run
    size  PAGES TOOL PART BYTES FILES    total size of part of a tool's output
    note  PAGES TOOL TEXT...

For `results`, the expected pages of a query are those whose title or article text contains it
literally (see `literal_match`): the text is what both tools were set up to index, taken from the
built HTML (the page's <h1> and its article text without the metadata, table of contents, tags,
and the other blocks listed in EXCLUDED_BLOCKS).
"""

from __future__ import annotations

import html
import json
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

# ------------------------------------------------------------------------------------------------
# Builds
# ------------------------------------------------------------------------------------------------

TOOLS = {
    "jianbao": "`jianbao build` (search: true)",
    "jianbao-nosearch": "`jianbao build` (search: false)",
    "pagefind": "Pagefind, article text only",
    "pagefind-all": "Pagefind, whole pages (no options)",
}


def time_report(path: str) -> tuple[float, float, float, float]:
    """(wall s, user s, system s, max RSS KiB) from a `/usr/bin/time -v` report."""
    fields: dict[str, str] = {}
    for line in Path(path).read_text().splitlines():
        key, _, value = line.strip().rpartition(": ")
        fields[key] = value
    wall = 0.0
    for piece in fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
        wall = wall * 60 + float(piece)
    return (
        wall,
        float(fields["User time (seconds)"]),
        float(fields["System time (seconds)"]),
        float(fields["Maximum resident set size (kbytes)"]),
    )


def mib(kib: float) -> str:
    return f"{kib / 1024:,.0f}"


def size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} KB"


def builds(rows_file: str) -> None:
    runs: dict[tuple[int, str], list[tuple[float, float, float, float, float]]] = defaultdict(list)
    sizes: dict[tuple[int, str], dict[str, tuple[int, int]]] = defaultdict(dict)
    for line in Path(rows_file).read_text().splitlines():
        kind, pages, tool, *rest = line.split("\t")
        key = (int(pages), tool)
        if kind == "time":
            wall, user, system, rss = time_report(rest[1])
            runs[key].append((wall, user + system, rss, float(rest[2]), user, system))
        elif kind == "size":
            sizes[key][rest[0]] = (int(rest[1]), int(rest[2]))

    def med(key: tuple[int, str], i: int) -> float:
        return statistics.median(r[i] for r in runs[key])

    def index_cost(pages: int) -> tuple[float, ...] | None:
        """jianbao's index: (wall, CPU, RSS, others, user, system) with search minus without,
        then the whole build's RSS."""
        with_, without = (pages, "jianbao"), (pages, "jianbao-nosearch")
        if with_ not in runs or without not in runs:
            return None
        return (*(med(with_, i) - med(without, i) for i in range(6)), med(with_, 2))

    counts = sorted({k[0] for k in runs})
    pagefinds = [(pages, tool) for pages in counts for tool in ("pagefind", "pagefind-all") if (pages, tool) in runs]

    header("pages", "tool", "runs", "wall (s)", "user CPU (s)", "system CPU (s)", "peak RSS (MiB)",
           "each run: wall s / user s / system s / others' CPU s")
    for key in sorted(runs):
        each = "; ".join(f"{r[0]:.2f} / {r[4]:.2f} / {r[5]:.2f} / {r[3]:.1f}" for r in runs[key])
        row(f"{key[0]:,}", TOOLS.get(key[1], key[1]), len(runs[key]), f"{med(key, 0):.2f}", f"{med(key, 4):.2f}",
            f"{med(key, 5):.2f}", mib(med(key, 2)), each)
    print()
    print("Index build alone (medians; jianbao's is the difference between its builds with and without search):")
    print()
    header("pages", "tool", "wall (s)", "user CPU (s)", "system CPU (s)", "peak RSS (MiB)", "index data", "client code",
           "Pagefind UI files (not needed by the API)")
    for pages in counts:
        cost, s = index_cost(pages), sizes[(pages, "jianbao")]
        if cost:
            rss = f"{mib(cost[2])} (of {mib(cost[6])} for the whole build)"
            row(f"{pages:,}", "jianbao index", f"{cost[0]:.2f}", f"{cost[4]:.2f}", f"{cost[5]:.2f}", rss,
                fmt_size(s.get("data")), fmt_size(s.get("client")), "—")
        for key in (k for k in pagefinds if k[0] == pages):
            s = sizes[key]
            row(f"{pages:,}", TOOLS[key[1]], f"{med(key, 0):.2f}", f"{med(key, 4):.2f}", f"{med(key, 5):.2f}",
                mib(med(key, 2)), fmt_size(s.get("data")), fmt_size(s.get("client")), fmt_size(s.get("ui")))
    print()
    print("Ratios (Pagefind ÷ jianbao index; the goal is ≥ 20 for time, ≥ 20 for memory, i.e. at most one twentieth):")
    print()
    header("pages", "Pagefind setup", "wall", "user+sys CPU", "user CPU", "peak RSS vs jianbao's index",
           "peak RSS vs jianbao's whole build", "index data size")
    for key in pagefinds:
        cost = index_cost(key[0])
        if not cost:
            continue
        data = sizes[key].get("data", (0, 0))[0]
        jdata = sizes[(key[0], "jianbao")].get("data", (0, 0))[0]
        row(f"{key[0]:,}", TOOLS[key[1]], ratio(med(key, 0), cost[0]), ratio(med(key, 1), cost[1]),
            ratio(med(key, 4), cost[4]), ratio(med(key, 2), cost[2]), ratio(med(key, 2), cost[6]), ratio(data, jdata))


def header(first: str, *rest: str) -> None:
    """A Markdown table header: the first column (page counts) and those after the second
    (figures) right-aligned."""
    print("| " + " | ".join((first, *rest)) + " |")
    print("| ---: | --- | " + " | ".join("---:" for _ in rest[1:]) + " |")


def row(*cells: object) -> None:
    print("| " + " | ".join(str(c) for c in cells) + " |")


def fmt_size(entry: tuple[int, int] | None) -> str:
    if not entry:
        return "—"
    return f"{size(entry[0])} in {entry[1]:,} file{'' if entry[1] == 1 else 's'}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b > 0 else "n/a"


# ------------------------------------------------------------------------------------------------
# Bytes per query
# ------------------------------------------------------------------------------------------------


def role(tool: str, url: str) -> str:
    """What a response is: 'client' code, 'index' data, or 'page' (not caused by the search)."""
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
    if tool == "jianbao":
        if path.endswith("/js/search.js"):
            return "client"
        if "/search/" in path and path.endswith(".js"):
            return "index"
        return "page"
    if re.search(r"/pagefind[^/]*/(pagefind(-worker)?\.js|wasm\.[^/]+)$", path):
        return "client"
    if re.search(r"/pagefind[^/]*/", path):
        return "index"
    return "page"


def bytes_table(jsonl: str) -> None:
    print("| query | tool | results | shown | client code (raw / gzip) | index data (raw / gzip) | total (raw / gzip) | requests |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for line in Path(jsonl).read_text().splitlines():
        d = json.loads(line)
        sums = {"client": [0, 0, 0], "index": [0, 0, 0]}
        for r in d["responses"]:
            part = role(d["tool"], r["url"])
            if part in sums:
                sums[part][0] += r["bytes"]
                sums[part][1] += r["gzip"]
                sums[part][2] += 1
        tool = "jianbao" if d["tool"] == "jianbao" else f"Pagefind (`{d.get('bundle', 'pagefind')}/`)"
        c, i = sums["client"], sums["index"]
        print(
            f"| {d['q']} | {tool} | {d.get('count', '?'):,} | {d['shown']} | {kb(c[0])} / {kb(c[1])} | "
            f"{kb(i[0])} / {kb(i[1])} | **{kb(c[0] + i[0])}** / {kb(c[1] + i[1])} | {c[2] + i[2]} |"
        )


def kb(n: int) -> str:
    return f"{n / 1000:,.1f} KB"


# ------------------------------------------------------------------------------------------------
# Result sets
# ------------------------------------------------------------------------------------------------

# Blocks inside <article> that neither tool indexes (metadata shown around the text).
EXCLUDED_BLOCKS = [
    r'<dl class="meta">.*?</dl>',
    r'<nav class="toc".*?</nav>',
    r'<p class="tags">.*?</p>',
    r'<p class="print-url">.*?</p>',
    r'<p class="contributed">.*?</p>',
    r'<p class="policy-(?:invalid|source)">.*?</p>',
    r'<table class="policy-meta">.*?</table>',
    r'<header class="bulletin-masthead">.*?</header>',
    r'<footer class="bulletin-footer">.*?</footer>',
    r'<section class="(?:report-facts|policy-links|attachments)".*?</section>',
]
EXCLUDED = re.compile("|".join(EXCLUDED_BLOCKS), re.S)
ARTICLE = re.compile(r'<article class="article[^"]*"[^>]*>(.*?)</article>', re.S)
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|td|th|tr|div|table|ul|ol|blockquote|pre|dd|dt)>|<br\s*/?>")


def text_of(fragment: str) -> str:
    fragment = re.sub(r'<span class="badge">.*?</span>', "", fragment, flags=re.S)
    fragment = BLOCK_END.sub("\n", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def fold(text: str) -> str:
    """Full-width ASCII to half-width, ideographic space to space, lower case, spaces collapsed."""
    out = []
    for c in text:
        cp = ord(c)
        if 0xFF01 <= cp <= 0xFF5E:
            c = chr(cp - 0xFEE0)
        elif cp == 0x3000:
            c = " "
        out.append(c)
    return re.sub(r"[ \t]+", " ", "".join(out).lower())


def articles(site: Path) -> dict[str, str]:
    """Site path → folded title and article text of every article page."""
    out = {}
    for file in site.rglob("index.html"):
        source = file.read_text(encoding="utf-8", errors="replace")
        m = ARTICLE.search(source)
        if not m:
            continue
        inner = EXCLUDED.sub("", m.group(1))
        title = H1.search(inner)
        body = H1.sub("", inner, count=1)
        rel = file.parent.relative_to(site).as_posix()
        path = "/" if rel == "." else f"/{rel}/"
        out[path] = fold(text_of(title.group(1) if title else "") + "\n" + text_of(body))
    return out


BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)
SCRIPTS = re.compile(r"<(script|style)\b.*?</\1>", re.S)


def whole_pages(site: Path) -> dict[str, str]:
    """Site path → folded text of every HTML page's whole body (header, lists, metadata...)."""
    out = {}
    for file in site.rglob("*.html"):
        rel = file.relative_to(site).as_posix()
        if rel.split("/")[0].startswith("pagefind"):
            continue
        m = BODY.search(file.read_text(encoding="utf-8", errors="replace"))
        path = "/" + rel.removesuffix("index.html")
        out[path] = fold(text_of(SCRIPTS.sub("", m.group(1)))) if m else ""
    return out


def parts(query: str) -> list[str]:
    """Whitespace separates parts; text in "…" or “…” is one part (as both tools read it)."""
    out, quoted, current = [], False, ""
    for c in query:
        if c in "\"“”":
            quoted = c == "“" or (c == '"' and not quoted)
            out.append(current)
            current = ""
        elif c.isspace() and not quoted:
            out.append(current)
            current = ""
        else:
            current += c
    out.append(current)
    return [fold(p).strip() for p in out if p.strip()]


def part_pattern(part: str) -> re.Pattern[str]:
    """A literal match of part; a part that starts or ends with letters or digits must not
    continue a longer word or number there (`12` is not in `2012`, `gap` not in `gaps`)."""
    before = after = ""
    if part[:1].isascii() and part[:1].isalpha():
        before = r"(?<![a-z])"
    elif part[:1].isdigit():
        before = r"(?<![0-9])"
    if part[-1:].isascii() and part[-1:].isalpha():
        after = r"(?![a-z])"
    elif part[-1:].isdigit():
        after = r"(?![0-9])"
    return re.compile(before + re.escape(part) + after)


def literal_match(text: str, query: str) -> bool:
    return all(part_pattern(p).search(text) for p in parts(query))


def examples(paths: list[str], n: int = 3) -> str:
    shown = ", ".join(f"`{p}`" for p in paths[:n])
    return shown + (f" (+{len(paths) - n})" if len(paths) > n else "")


def top(found: list[str], expected: set[str], n: int = 10) -> str:
    first = found[:n]
    return f"{sum(p in expected for p in first)}/{len(first)}"


def results(jsonl: str, site_dir: str) -> None:
    pages = articles(Path(site_dir))
    whole: dict[str, str] = {}
    rows = [json.loads(line) for line in Path(jsonl).read_text().splitlines() if line.strip()]
    print(f"{len(pages):,} article pages. \"Expected\" = pages whose title or article text contains every part of the query literally.")
    print()
    print("| label | query | expected | jianbao: found / expected found | Pagefind: found / expected found | expected, missed by jianbao | expected, missed by Pagefind | found by Pagefind, not by jianbao (of them expected) | found by jianbao, not by Pagefind | expected in first 10: jianbao / Pagefind |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    notes = []
    for r in rows:
        q = r["q"]
        expected = {p for p, text in pages.items() if literal_match(text, q)}
        jb, pf = list(dict.fromkeys(r["jianbao"])), list(dict.fromkeys(r["pagefind"]))
        jset, pset = set(jb), set(pf)
        jb_missed = sorted(expected - jset)
        pf_missed = sorted(expected - pset)
        pf_only = [p for p in pf if p not in jset]
        pf_only_expected = [p for p in pf_only if p in expected]
        jb_only = [p for p in jb if p not in pset]
        print(
            f"| {r['label']} | {q.replace('|', '&#124;')} | {len(expected):,} | {len(jb):,} / {len(jset & expected):,} | "
            f"{len(pf):,} / {len(pset & expected):,} | {len(jb_missed):,} | {len(pf_missed):,} | "
            f"{len(pf_only):,} ({len(pf_only_expected):,}) | {len(jb_only):,} | "
            f"{top(jb, expected)} / {top(pf, expected)} |"
        )
        if jb_missed:
            notes.append(f"- **{q}**: expected but not found by jianbao: {examples(jb_missed)}")
        if pf_only_expected:
            notes.append(f"- **{q}**: found by Pagefind and expected, not found by jianbao: {examples(pf_only_expected)}")
        extra_pf = [p for p in pf if p not in expected]
        extra_jb = [p for p in jb if p not in expected]
        if extra_pf:
            whole = whole or whole_pages(Path(site_dir))
            elsewhere = [p for p in extra_pf if literal_match(whole.get(p, ""), q)]
            note = f"- {q}: Pagefind also returns {len(extra_pf):,} pages without the literal text, e.g. {examples(extra_pf, 2)}"
            if elsewhere:
                note += (f"; {len(elsewhere):,} of them have it elsewhere on the page (lists, metadata, navigation), "
                         f"e.g. {examples(elsewhere, 2)}")
            notes.append(note)
        if extra_jb:
            notes.append(f"- {q}: jianbao also returns {len(extra_jb):,} pages without the literal text, e.g. {examples(extra_jb, 2)}")
        if pf_missed:
            notes.append(f"- {q}: expected but not found by Pagefind: {len(pf_missed):,}, e.g. {examples(pf_missed, 2)}")
    if notes:
        print()
        print("\n".join(notes))


def main() -> None:
    if len(sys.argv) >= 3 and sys.argv[1] == "builds":
        builds(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "bytes":
        bytes_table(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "results":
        results(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
