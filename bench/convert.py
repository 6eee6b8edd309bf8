#!/usr/bin/env python3
"""Turns a jianbao site written by examples/gen_corpus.rs into an equivalent Hugo or Zola site.

    python3 bench/convert.py --hugo [--plain] [--no-feeds] [--sitemap] SITE OUT
    python3 bench/convert.py --zola [--no-feeds] SITE OUT

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

With --plain the Hugo site gets no related list (bench/hugo-plain/ replaces the related-pages
partial with an empty one): the templates a user writes first, whose cost does not grow with the
site the way `site.RegularPages.Related` on every page does.

The Zola site gets config.toml (the same taxonomies, `archive` included, paginated by the site's
page size; Unicode kept in anchors and term URLs, as jianbao does), the templates in bench/zola/
(the same kinds of pages as the Hugo templates, except related pages: Zola has no such feature),
and content/ with TOML front matter: the page's terms under `[taxonomies]`, the rest under
`[extra]`. Zola resolves `@/` links itself (jianbao took the syntax from it) and fails the build
on a missing target.

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
from typing import Callable

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


def quoted(text: str) -> str:
    """A double-quoted string, read the same by YAML and by TOML (a basic string)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def split_front(text: str) -> tuple[str | None, str]:
    """gen_corpus's `---` front matter (None when there is none) and the body after it."""
    if not text.startswith("---\n"):
        return None, text
    end = text.index("\n---\n", 4)
    return text[4:end], text[end + 5 :]


def start_site(site_dir: Path, out: Path, templates: str) -> tuple[dict[str, str], str]:
    """Replaces `out` with a copy of bench/TEMPLATES; returns site.yaml's values and the UTC
    offset of its time zone."""
    site = read_site_yaml(site_dir / "site.yaml")
    offset = UTC_OFFSETS.get(site.get("timezone", "Asia/Shanghai"), "+08:00")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(HERE / templates, out)
    return site, offset


def hugo_config(site: dict[str, str], feeds: bool, sitemap: bool) -> str:
    page_size = site.get("page_size", "20")
    lines = [
        "# Written by bench/convert.py from site.yaml.",
        f"baseURL: {quoted(site.get('base_url', 'https://example.org/'))}",
        f"title: {quoted(site.get('title', ''))}",
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
        f"  description: {quoted(site.get('description', ''))}",
        f"  sponsor: {quoted(site.get('footer.sponsor', ''))}",
        "",
    ]
    return "\n".join(lines)


def convert_page(text: str, offset: str, is_index: bool) -> str:
    front, body = split_front(text)
    if front is None:
        return LINK.sub(lambda m: f']({{{{< ref "/{m.group(1)}" >}}}})', text)
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


def copy_content(site_dir: Path, out: Path, convert: Callable[[Path, str, str], str]) -> int:
    """Copies content/ into out/content, each Markdown file's text passed through
    `convert(folder relative to content/, file name, text)`; returns how many were converted."""
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
            converted = convert(rel, name, src.read_text(encoding="utf-8"))
            (target_dir / name).write_text(converted, encoding="utf-8")
            count += 1
    return count


def convert_hugo(site_dir: Path, out: Path, feeds: bool, sitemap: bool, plain: bool) -> int:
    site, offset = start_site(site_dir, out, "hugo")
    if plain:
        shutil.copytree(HERE / "hugo-plain", out, dirs_exist_ok=True)
    (out / "config.yaml").write_text(hugo_config(site, feeds, sitemap), encoding="utf-8")
    count = copy_content(
        site_dir, out, lambda _rel, name, text: convert_page(text, offset, name in ("_index.md", "index.md"))
    )
    # Term list pages get a title like jianbao's.
    for name, title in (("tags", "标签"), ("villages", "村"), ("teams", "工作队"), ("archive", "归档")):
        folder = out / "content" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(f"---\ntitle: {title}\n---\n", encoding="utf-8")
    return count


def front_values(front: str) -> dict[str, str | list[str]]:
    """gen_corpus's `key: value` lines: `[a, b]` lists, plain or double-quoted strings."""
    values: dict[str, str | list[str]] = {}
    for line in front.splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            values[key.strip()] = [v.strip().strip('"') for v in value[1:-1].split(",") if v.strip()]
        else:
            values[key.strip()] = value.strip('"')
    return values


def zola_date(value: str, offset: str) -> str:
    date, _, time = value.partition(" ")
    return f"{date}T{time}:00{offset}" if time else date


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(quoted(i) for i in items) + "]"


def zola_front(values: dict[str, str | list[str]], offset: str, is_index: bool, feeds: bool) -> str:
    lines = [f"title = {quoted(str(values.get('title', '')))}"]
    if is_index:
        if "description" in values:
            lines.append(f"description = {quoted(str(values['description']))}")
        if "weight" in values:
            lines.append(f"weight = {values['weight']}")
        if "sort_by" in values:
            lines += [f"sort_by = {quoted(str(values['sort_by']))}"]
        if "page_size" in values:
            lines.append(f"paginate_by = {values['page_size']}")
            lines.append(f"generate_feeds = {'true' if feeds else 'false'}")
        return "\n".join(lines)
    date = str(values.get("date", ""))
    if date:
        lines.append(f"date = {zola_date(date, offset)}")
    lines.append("[taxonomies]")
    for key in ("tags", "villages"):
        if isinstance(values.get(key), list):
            lines.append(f"{key} = {toml_list(values[key])}")  # type: ignore[arg-type]
    if "team" in values:
        lines.append(f"teams = {toml_list([str(values['team'])])}")
    if date:
        lines.append(f"archive = {toml_list([date[:4]])}")
    lines.append("[extra]")
    for key in ("author", "source", "team"):
        if key in values:
            lines.append(f"{key} = {quoted(str(values[key]))}")
    if isinstance(values.get("villages"), list):
        lines.append(f"villages = {toml_list(values['villages'])}")  # type: ignore[arg-type]
    return "\n".join(lines)


def zola_config(site: dict[str, str], feeds: bool, sections: list[tuple[int, str, str]]) -> str:
    page_size = site.get("page_size", "20")
    on = "true" if feeds else "false"

    def taxonomy(name: str, paginate: bool) -> str:
        paging = f", paginate_by = {page_size}" if paginate else ""
        return f'  {{ name = "{name}", feed = {on}{paging} }},'

    lines = [
        "# Written by bench/convert.py from site.yaml.",
        f"base_url = {quoted(site.get('base_url', 'https://example.org/'))}",
        f"title = {quoted(site.get('title', ''))}",
        f"description = {quoted(site.get('description', ''))}",
        'default_language = "zh"',
        "compile_sass = false",
        "build_search_index = false",
        f"generate_feeds = {on}",
        'feed_filenames = ["rss.xml"]',
        "feed_limit = 20",
        "taxonomies = [",
        taxonomy("tags", True),
        taxonomy("villages", True),
        taxonomy("teams", True),
        taxonomy("archive", False),
        "]",
        "",
        "[markdown]",
        "render_emoji = false",
        "",
        "[slugify]",
        'paths = "safe"',
        'taxonomies = "safe"',
        'anchors = "safe"',
        "",
        "[extra]",
        f"sponsor = {quoted(site.get('footer.sponsor', ''))}",
        "",
    ]
    # The main menu, as Zola themes keep it: in the config rather than looked up on every page.
    for _weight, path, title in sorted(sections):
        lines += ["[[extra.sections]]", f"path = {quoted(path)}", f"title = {quoted(title)}", ""]
    return "\n".join(lines)


def convert_zola(site_dir: Path, out: Path, feeds: bool) -> int:
    site, offset = start_site(site_dir, out, "zola")
    shutil.copytree(HERE / "hugo" / "static", out / "static")  # the same stylesheet
    sections: list[tuple[int, str, str]] = []

    def convert(rel: Path, name: str, text: str) -> str:
        is_index = name == "_index.md"
        front, body = split_front(text)
        values = front_values(front or "")
        if is_index and len(rel.parts) == 1:
            weight = int(str(values.get("weight", "0")))
            sections.append((weight, f"/{rel.as_posix()}/", str(values.get("title", ""))))
        return f"+++\n{zola_front(values, offset, is_index, feeds)}\n+++\n{body}"

    count = copy_content(site_dir, out, convert)
    (out / "config.toml").write_text(zola_config(site, feeds, sections), encoding="utf-8")
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--hugo", action="store_true", help="write a Hugo site (the default)")
    kind.add_argument("--zola", action="store_true", help="write a Zola site")
    parser.add_argument(
        "--no-feeds", action="store_true", help="write no RSS feeds (when jianbao writes none)"
    )
    parser.add_argument("--sitemap", action="store_true", help="write sitemap.xml (when jianbao does)")
    parser.add_argument("--plain", action="store_true", help="Hugo: no related list (bench/hugo-plain/)")
    parser.add_argument("site", type=Path, help="a site written by gen_corpus")
    parser.add_argument("out", type=Path, help="folder for the Hugo or Zola site (replaced)")
    args = parser.parse_args()
    if not (args.site / "site.yaml").is_file():
        print(f"convert.py: {args.site}/site.yaml not found", file=sys.stderr)
        return 2
    if args.zola:
        count = convert_zola(args.site, args.out, feeds=not args.no_feeds)
    else:
        count = convert_hugo(args.site, args.out, feeds=not args.no_feeds, sitemap=args.sitemap, plain=args.plain)
    print(f"convert.py: wrote {count} Markdown files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
