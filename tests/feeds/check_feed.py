#!/usr/bin/env python3
"""Strict checks of Atom 1.0 and RSS 2.0 feeds written by jianbao.

Usage: python check_feed.py FILE...

Each file is parsed with feedparser (as feed readers would) and, because feedparser is lenient
(it reads `pubDate 2024年3月1日` as a date without complaint), the raw XML is checked again:

- feedparser must not flag the document (`bozo`), and must see Atom 1.0 or RSS 2.0;
- every entry has a title, a link, an id and a published date;
- every link (feed, entries, `self`, RSS guids that are permalinks, and `href`/`src` inside
  entry content) is absolute http(s);
- every date is RFC 3339 with an offset in Atom (`2026-11-20T10:30:00+08:00`) and RFC 2822 with a
  numeric zone in RSS (`Fri, 20 Nov 2026 10:30:00 +0800`), names a real day, and in RSS names the
  right weekday.

Prints one line per problem, `FILE: problem`, and exits 1 if there was any (2 on bad usage).
"""

import datetime
import email.utils
import html.parser
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"

RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$"
)
RFC2822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) "
    r"(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$"
)
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def check_rfc3339(text):
    """None when text is a valid RFC 3339 date-time with an offset, else the reason."""
    if text is None:
        return "missing"
    m = RFC3339.match(text)
    if not m:
        return f"not RFC 3339: {text!r}"
    if m.group(9) is not None and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
        return f"offset out of range: {text!r}"
    try:
        datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as e:
        return f"not a real date-time: {text!r} ({e})"
    return None


def check_rfc2822(text):
    """None when text is RFC 2822 with a numeric zone and the right weekday, else the reason."""
    if text is None:
        return "missing"
    m = RFC2822.match(text)
    if not m:
        return f"not RFC 2822 with a numeric zone: {text!r}"
    if int(m.group(10)) > 59:
        return f"zone out of range: {text!r}"
    try:
        parsed = email.utils.parsedate_to_datetime(text)
        # parsedate_to_datetime accepts 60 seconds and out-of-range days in some versions:
        # rebuilding the date from the parts is the strict test.
        day = datetime.date(int(m.group(4)), parsed.month, int(m.group(2)))
        datetime.time(int(m.group(5)), int(m.group(6)), int(m.group(7)))
    except (TypeError, ValueError) as e:
        return f"not a real date-time: {text!r} ({e})"
    if WEEKDAYS[day.weekday()] != m.group(1):
        return f"weekday does not match the date: {text!r} ({day} is a {WEEKDAYS[day.weekday()]})"
    return None


def is_absolute(url):
    if not url:
        return False
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class LinkCollector(html.parser.HTMLParser):
    """Collects the URLs of href, src and srcset attributes in an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.urls.append(value.strip())
            elif name == "srcset":
                for candidate in re.split(r",\s+", value):
                    if candidate.strip():
                        self.urls.append(candidate.split()[0])


def content_links(markup):
    collector = LinkCollector()
    collector.feed(markup or "")
    collector.close()
    return [u for u in collector.urls if not u.startswith(("mailto:", "tel:", "data:"))]


def check_parsed(parsed, problems):
    """What feedparser makes of the file."""
    if parsed.bozo:
        problems.append(f"feedparser flags it: {parsed.bozo_exception!r}")
    if parsed.version not in ("atom10", "rss20"):
        problems.append(f"not Atom 1.0 or RSS 2.0 (feedparser says {parsed.version!r})")
    if not parsed.feed.get("title"):
        problems.append("the feed has no title")
    for link in parsed.feed.get("links", []):
        if not is_absolute(link.get("href")):
            problems.append(f"feed link is not absolute: {link.get('href')!r}")
    for i, entry in enumerate(parsed.entries, 1):
        name = f"entry {i} ({entry.get('title', '?')!r})"
        for key in ("title", "link", "id", "published"):
            if not entry.get(key):
                problems.append(f"{name} has no {key}")
        if entry.get("link") and not is_absolute(entry.link):
            problems.append(f"{name}: link is not absolute: {entry.link!r}")
        for link in entry.get("links", []):
            if link.get("href") != entry.get("link") and not is_absolute(link.get("href")):
                problems.append(f"{name}: link is not absolute: {link.get('href')!r}")


def check_atom_raw(root, problems):
    """Atom: raw dates and links, as written."""
    dates = [("feed updated", root.findtext(f"{ATOM}updated"))]
    links = [("feed", link.get("href")) for link in root.findall(f"{ATOM}link")]
    links.append(("feed id", root.findtext(f"{ATOM}id")))
    for i, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        dates.append((f"entry {i} published", entry.findtext(f"{ATOM}published")))
        dates.append((f"entry {i} updated", entry.findtext(f"{ATOM}updated")))
        links.extend((f"entry {i}", link.get("href")) for link in entry.findall(f"{ATOM}link"))
        links.append((f"entry {i} id", entry.findtext(f"{ATOM}id")))
        for content in entry.findall(f"{ATOM}content"):
            if content.get("type") == "html":
                links.extend((f"entry {i} content", u) for u in content_links(content.text))
    for what, text in dates:
        reason = check_rfc3339(text)
        if reason:
            problems.append(f"{what}: {reason}")
    for what, url in links:
        if not is_absolute(url):
            problems.append(f"{what}: link is not absolute: {url!r}")


def check_rss_raw(root, problems):
    """RSS: raw dates and links, as written."""
    channel = root.find("channel")
    if channel is None:
        problems.append("no <channel>")
        return
    dates = []
    for tag in ("pubDate", "lastBuildDate"):
        if channel.find(tag) is not None:
            dates.append((f"channel {tag}", channel.findtext(tag)))
    links = [("channel link", channel.findtext("link"))]
    links.extend(("channel atom:link", a.get("href")) for a in channel.findall(f"{ATOM}link"))
    for i, item in enumerate(channel.findall("item"), 1):
        dates.append((f"item {i} pubDate", item.findtext("pubDate")))
        links.append((f"item {i} link", item.findtext("link")))
        guid = item.find("guid")
        if guid is not None and guid.get("isPermaLink", "true") == "true":
            links.append((f"item {i} guid", guid.text))
        for content in item.findall(CONTENT_ENCODED):
            links.extend((f"item {i} content", u) for u in content_links(content.text))
    for what, text in dates:
        reason = check_rfc2822(text)
        if reason:
            problems.append(f"{what}: {reason}")
    for what, url in links:
        if not is_absolute(url):
            problems.append(f"{what}: link is not absolute: {url!r}")


def check_file(path):
    """The problems found in one feed file."""
    problems = []
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        return [f"cannot read: {e}"]
    check_parsed(feedparser.parse(raw), problems)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        return problems + [f"not well-formed XML: {e}"]
    if root.tag == f"{ATOM}feed":
        check_atom_raw(root, problems)
    elif root.tag == "rss" and root.get("version") == "2.0":
        check_rss_raw(root, problems)
    else:
        problems.append(f"root element is {root.tag!r}, not an Atom feed or RSS 2.0")
    return problems


def main(argv):
    if not argv:
        print("usage: python check_feed.py FILE...", file=sys.stderr)
        return 2
    failed = False
    for path in argv:
        # The same fault can show in both feedparser's view and the raw XML: report it once.
        problems = list(dict.fromkeys(check_file(path)))
        for problem in problems:
            print(f"{path}: {problem}")
        failed = failed or bool(problems)
    if not failed:
        print(f"{len(argv)} feed(s) OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
