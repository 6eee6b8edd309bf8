#!/usr/bin/env python3
"""Turns a jianbao site written by examples/gen_corpus.rs into an equivalent Hugo site.

    python3 bench/convert.py --hugo [--no-feeds] [--sitemap] SITE OUT

The Hugo site gets:
  * config.yaml built from site.yaml (title, base URL, language, time zone, page size, footer),
    with the same taxonomies jianbao builds by default (tags, villages, teams) plus an
    `archive` taxonomy whose terms are years, standing in for jianbao's /archive/<year>/ pages;
  * the templates in bench/hugo/ (written for this benchmark; they produce the same kinds of
    pages as jianbao's built-in theme: page, paginated section lists, taxonomy and term pages,
    a year archive, related pages, previous/next links, and feeds unless --no-feeds);
  * content/ copied with two rewrites: dates with a time (`2025-03-01 10:30`) get Hugo's
    RFC 3339 form with the site's UTC offset, and internal links `(@/section/x.md#frag)` become
    `({{< ref "/section/x.md#frag" >}})`, which, like jianbao, fails the build when the target
    is missing.

Only the Python standard library is used. The corpus format is the narrow one gen_corpus writes
(plain `key: value` front matter), not general YAML.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

LINK = re.compile(r"\]\(@/([^)\s]+)\)")
DATE_TIME = re.compile(r"^(date|updated): (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})\s*$", re.M)
# Offsets for the time zones a county site uses; gen_corpus writes Asia/Shanghai.
UTC_OFFSETS = {"Asia/Shanghai": "+08:00", "Asia/Urumqi": "+06:00", "UTC": "+00:00"}


def read_site_yaml(path: Path) -> dict[str, str]:
    """Top-level scalars and one level of nesting (`footer.sponsor`), as strings."""
    values: dict[str, str] = {}
    parent = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indented = line.startswith(" ")
        key, _, value = line.strip().partition(":")
        value = value.strip().strip('"')
        if not indented:
            parent = key if not value else None
            if value:
                values[key] = value
        elif parent:
            values[f"{parent}.{key}"] = value
    return values


def yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hugo_config(site: dict[str, str], feeds: bool, sitemap: bool) -> str:
    page_size = site.get("page_size", "20")
    lines = [
        "# Written by bench/convert.py from site.yaml.",
        f"baseURL: {yaml_quote(site.get('base_url', 'https://example.org/'))}",
        f"title: {yaml_quote(site.get('title', ''))}",
        f"languageCode: {site.get('language', 'zh-CN')}",
        "defaultContentLanguage: zh",
        f"timeZone: {site.get('timezone', 'Asia/Shanghai')}",
        "hasCJKLanguage: true",
        "summaryLength: 60",
        f"paginate: {page_size}",
        "enableRobotsTXT: false",
        # Match what the jianbao under test writes: feeds and a sitemap only if it writes them.
        "disableKinds: [" + ", ".join(k for k, on in (("sitemap", sitemap), ("RSS", feeds)) if not on) + "]",
        "services:",
        "  rss:",
        "    limit: 20",
        "taxonomies:",
        "  tag: tags",
        "  village: villages",
        "  team: teams",
        "  year: archive",
        "related:",
        "  includeNewer: true",
        "  threshold: 1",
        "  toLower: false",
        "  indices:",
        "    - name: tags",
        "      weight: 2",
        "    - name: villages",
        "      weight: 1",
        "markup:",
        "  tableOfContents:",
        "    startLevel: 2",
        "    endLevel: 3",
        "params:",
        f"  description: {yaml_quote(site.get('description', ''))}",
        f"  sponsor: {yaml_quote(site.get('footer.sponsor', ''))}",
        "",
    ]
    return "\n".join(lines)


def convert_page(text: str, offset: str, is_index: bool) -> str:
    if not text.startswith("---\n"):
        return LINK.sub(lambda m: f']({{{{< ref "/{m.group(1)}" >}}}})', text)
    end = text.index("\n---\n", 4)
    front, body = text[4:end], text[end + 5 :]
    front = DATE_TIME.sub(lambda m: f"{m.group(1)}: {m.group(2)}T{m.group(3)}:00{offset}", front)
    if not is_index:
        date = re.search(r"^date: (\d{4})-", front, re.M)
        if date:
            front += f"\narchive: [\"{date.group(1)}\"]"
        # jianbao's `teams` taxonomy reads each page's `team`; Hugo reads the plural key.
        team = re.search(r"^team: (.+)$", front, re.M)
        if team:
            front += f"\nteams: [{team.group(1).strip()}]"
    body = LINK.sub(lambda m: f']({{{{< ref "/{m.group(1)}" >}}}})', body)
    return f"---\n{front}\n---\n{body}"


def convert_hugo(site_dir: Path, out: Path, feeds: bool, sitemap: bool) -> int:
    site = read_site_yaml(site_dir / "site.yaml")
    offset = UTC_OFFSETS.get(site.get("timezone", "Asia/Shanghai"), "+08:00")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(HERE / "hugo", out)
    (out / "config.yaml").write_text(hugo_config(site, feeds, sitemap), encoding="utf-8")
    src_root = site_dir / "content"
    count = 0
    for dirpath, _dirnames, filenames in os.walk(src_root):
        rel = Path(dirpath).relative_to(src_root)
        target_dir = out / "content" / rel
        target_dir.mkdir(parents=True, exist_ok=True)
        for name in filenames:
            src = Path(dirpath) / name
            if not name.endswith(".md"):
                shutil.copy2(src, target_dir / name)
                continue
            text = src.read_text(encoding="utf-8")
            converted = convert_page(text, offset, name in ("_index.md", "index.md"))
            (target_dir / name).write_text(converted, encoding="utf-8")
            count += 1
    # Term list pages get a title like jianbao's.
    for name, title in (("tags", "标签"), ("villages", "村"), ("teams", "工作队"), ("archive", "归档")):
        folder = out / "content" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(f"---\ntitle: {title}\n---\n", encoding="utf-8")
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hugo", action="store_true", help="write a Hugo site (the default)")
    parser.add_argument(
        "--no-feeds", action="store_true", help="write no RSS feeds (when jianbao writes none)"
    )
    parser.add_argument("--sitemap", action="store_true", help="write sitemap.xml (when jianbao does)")
    parser.add_argument("site", type=Path, help="a site written by gen_corpus")
    parser.add_argument("out", type=Path, help="folder for the Hugo site (replaced)")
    args = parser.parse_args()
    if not (args.site / "site.yaml").is_file():
        print(f"convert.py: {args.site}/site.yaml not found", file=sys.stderr)
        return 2
    count = convert_hugo(args.site, args.out, feeds=not args.no_feeds, sitemap=args.sitemap)
    print(f"convert.py: wrote {count} Markdown files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
