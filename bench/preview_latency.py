#!/usr/bin/env python3
"""Measures `jianbao serve` edit-to-browser latency; used by bench/run.sh.

    python3 bench/preview_latency.py --jianbao BIN --site SITE --templates THEME_DIR [--edits 20]

Starts `jianbao serve --root SITE --port 0` (SITE should be a scratch copy: it is edited),
finds the port in the server's output, then:
  * content edits: appends a unique marker paragraph to one page's Markdown and polls that
    page's URL on 127.0.0.1 until the marker is served;
  * template edits: rewrites SITE/templates/page.html (a copy of the built-in page.html with a
    hidden marker inside the main block) and polls the same page likewise.
Each latency is from just before the write until the first response containing the marker.
The next edit waits until the server has reported the rebuild done (a save while the previous
rebuild still runs would measure the two together); the time until that report is given too,
for template edits, as "whole site". Prints a short Markdown paragraph with medians. Only loopback is contacted; every loop is
bounded in count and time, and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

PORT_RE = re.compile(r"(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\]):(\d{2,5})")
# The server's line after each rebuild, in Chinese or English.
REBUILT_RE = re.compile(r"已重新生成|rebuilt ")
START_TIMEOUT = 600.0
EDIT_TIMEOUT = 60.0
POLL = 0.005


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, marker: str, timeout: float) -> float | None:
    """Seconds until `url` serves text containing `marker`, or None on time-out."""
    start = time.perf_counter()
    deadline = start + timeout
    while time.perf_counter() < deadline:
        body = fetch(url)
        if body is not None and marker in body:
            return time.perf_counter() - start
        time.sleep(POLL)
    return None


def rebuilt(output: list[str]) -> int:
    """How many rebuilds the server has reported so far."""
    return sum(1 for line in list(output) if REBUILT_RE.search(line))


def wait_rebuilt(output: list[str], before: int, timeout: float) -> None:
    """Waits until the server reports a rebuild after the first `before`."""
    deadline = time.perf_counter() + timeout
    while rebuilt(output) <= before and time.perf_counter() < deadline:
        time.sleep(POLL)


def pick_page(site: Path) -> tuple[Path, str]:
    """A bulletin page and its URL path (`/section/slug/`)."""
    for section in ("industry", "party-building", "talent", "culture", "ecology", "notices"):
        folder = site / "content" / section
        if folder.is_dir():
            pages = sorted(p for p in folder.glob("*.md") if p.name != "_index.md")
            if pages:
                page = pages[len(pages) // 2]
                return page, f"/{section}/{page.stem}/"
    raise SystemExit("preview_latency.py: no page found under content/")


def template_with(original: str, marker: str) -> str:
    return original.replace(
        "{% endblock main %}", f'<p hidden class="bench">{marker}</p>\n{{% endblock main %}}', 1
    )


def summary(name: str, samples: list[float | None]) -> str:
    done = [s * 1000 for s in samples if s is not None]
    failed = len(samples) - len(done)
    if not done:
        return f"{name}: no edit was served within {EDIT_TIMEOUT:.0f} s"
    text = (
        f"{name}: median {statistics.median(done):.0f} ms "
        f"(min {min(done):.0f}, max {max(done):.0f}, {len(done)} edits)"
    )
    if failed:
        text += f", {failed} not served within {EDIT_TIMEOUT:.0f} s"
    return text


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jianbao", required=True)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--templates", type=Path, required=True, help="the built-in theme")
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()

    page, path = pick_page(args.site)
    original_template = (args.templates / "page.html").read_text(encoding="utf-8")
    site_templates = args.site / "templates"
    site_templates.mkdir(exist_ok=True)
    template_file = site_templates / "page.html"
    template_file.write_text(template_with(original_template, "bench-template-0"), encoding="utf-8")
    original_page = page.read_text(encoding="utf-8")

    started = time.perf_counter()
    server = subprocess.Popen(
        [args.jianbao, "serve", "--root", str(args.site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    port: list[int] = []
    output: list[str] = []

    def read_output() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            output.append(line)
            match = PORT_RE.search(line)
            if match and not port:
                port.append(int(match.group(1)))

    threading.Thread(target=read_output, daemon=True).start()
    try:
        deadline = time.perf_counter() + START_TIMEOUT
        while not port and time.perf_counter() < deadline and server.poll() is None:
            time.sleep(0.05)
        if not port:
            sys.stderr.write("".join(output))
            raise SystemExit("preview_latency.py: the server printed no 127.0.0.1:PORT address")
        url = f"http://127.0.0.1:{port[0]}{path}"
        first = wait_for(url, "bench-template-0", START_TIMEOUT)
        if first is None:
            raise SystemExit(f"preview_latency.py: {url} never served the page")
        ready = time.perf_counter() - started

        content: list[float | None] = []
        for i in range(1, args.edits + 1):
            marker = f"bench-content-{i}-{time.monotonic_ns()}"
            edited = original_page + f"\n\n{marker}\n"
            before = rebuilt(output)
            start = time.perf_counter()
            page.write_text(edited, encoding="utf-8")
            seen = wait_for(url, marker, EDIT_TIMEOUT)
            content.append(None if seen is None else time.perf_counter() - start)
            wait_rebuilt(output, before, EDIT_TIMEOUT)
            time.sleep(0.3)

        template: list[float | None] = []
        whole: list[float | None] = []
        for i in range(1, args.edits + 1):
            marker = f"bench-template-{i}-{time.monotonic_ns()}"
            before = rebuilt(output)
            start = time.perf_counter()
            template_file.write_text(template_with(original_template, marker), encoding="utf-8")
            seen = wait_for(url, marker, EDIT_TIMEOUT)
            template.append(None if seen is None else time.perf_counter() - start)
            wait_rebuilt(output, before, EDIT_TIMEOUT)
            whole.append(time.perf_counter() - start if rebuilt(output) > before else None)
            time.sleep(0.3)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        page.write_text(original_page, encoding="utf-8")

    pages = sum(1 for _ in (args.site / "content").rglob("*.md"))
    print(f"Preview latency (`jianbao serve --port 0`, {pages} Markdown files, edit → marker served on 127.0.0.1):")
    print()
    print(f"- start-up until the first page is served: {ready:.2f} s")
    print(f"- {summary('content edit (append to one page)', content)}")
    print(f"- {summary('template edit (page.html)', template)}")
    print(f"- {summary('template edit, whole site re-rendered (reported by the server)', whole)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
