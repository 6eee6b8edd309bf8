#!/usr/bin/env bash
# The import benchmark: jianbao import vs pandoc (Debian) vs mammoth (npm) on the same .docx
# corpus — wall time and peak memory with /usr/bin/time -v, then text fidelity.
#
#   bash bench/import/run.sh [N]     (N documents, default 60; needs a release build,
#                                     pandoc, node + npm, and tools/venv with python-docx)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N="${1:-60}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
JIANBAO="$ROOT/target/release/jianbao"
[ -x "$JIANBAO" ] || { echo "build first: cargo build --release" >&2; exit 1; }
command -v pandoc >/dev/null || { echo "pandoc missing (Debian: apt-get install pandoc)" >&2; exit 1; }
"$ROOT/tools/venv/bin/python" "$ROOT/bench/import/make_corpus.py" "$WORK/corpus" "$N" >/dev/null
(cd "$WORK" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error mammoth@1.13.0 >/dev/null)
cp "$ROOT/bench/import/mammoth_all.js" "$WORK/"

mkdir -p "$WORK/site/content/notices" "$WORK/pandoc"
printf 'title: 基准测试\nbase_url: https://www.test.gov.cn/\n' >"$WORK/site/site.yaml"
printf -- '---\ntitle: 通知公告\n---\n' >"$WORK/site/content/notices/_index.md"

measure() { # label, command...
    local label="$1"; shift
    /usr/bin/time -v "$@" >"$WORK/$label.out" 2>"$WORK/$label.time" || { cat "$WORK/$label.time" >&2; exit 1; }
    local wall rss
    wall="$(grep 'Elapsed (wall clock)' "$WORK/$label.time" | awk '{print $NF}')"
    rss="$(grep 'Maximum resident set size' "$WORK/$label.time" | awk '{print $NF}')"
    printf '%-8s wall %s  peak RSS %s MB\n' "$label" "$wall" "$((rss / 1024))"
}
echo "$N documents, $(du -sh "$WORK/corpus" | cut -f1) of .docx and metadata"
measure jianbao "$JIANBAO" --lang en import --root "$WORK/site" --to notices --today 2026-12-02 "$WORK/corpus"
measure pandoc bash -c 'for f in "$1"/*.docx; do n="$(basename "$f" .docx)"; pandoc -f docx -t gfm --extract-media="$2/$n" "$f" -o "$2/$n.md"; done' _ "$WORK/corpus" "$WORK/pandoc"
measure mammoth node "$WORK/mammoth_all.js" "$WORK/corpus" "$WORK/mammoth"
python3 "$ROOT/bench/import/fidelity.py" "$WORK/corpus" "$WORK/site/content/notices" "$WORK/pandoc" "$WORK/mammoth"
