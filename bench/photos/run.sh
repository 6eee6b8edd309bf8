#!/usr/bin/env bash
# The photo benchmark (#21): ARTICLES articles of PER 12-megapixel JPEGs each, built by jianbao
# and by Hugo (Debian's `hugo`, its image processing with an equivalent template) in the same run,
# each twice: with an empty image cache, then with the cache the first build left.
#
#   bench/photos/run.sh [WORK_DIR] [ARTICLES] [PER]      (defaults: /tmp/jianbao-photos 30 10)
#
# Needs python3 with Pillow (tools/venv has it), /usr/bin/time, hugo, and a release jianbao
# (cargo build --release). Prints one line per run: wall seconds, CPU seconds, peak RSS.
# Each run is niced (NICE, default 19) so the benchmark yields to interactive work.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${1:-/tmp/jianbao-photos}"
ARTICLES="${2:-30}"
PER="${3:-10}"
JIANBAO="${JIANBAO:-$ROOT/target/release/jianbao}"
PYTHON="${PYTHON:-$ROOT/tools/venv/bin/python}"
HUGO="$(command -v hugo)" || { echo "hugo not installed (apt-get install hugo)" >&2; exit 1; }
[[ -x "$JIANBAO" ]] || { echo "$JIANBAO missing: cargo build --release" >&2; exit 1; }

mkdir -p "$WORK"
if [[ ! -f "$WORK/.complete-$ARTICLES-$PER" ]]; then
    "$PYTHON" "$HERE/make_site.py" "$WORK" "$ARTICLES" "$PER"
    touch "$WORK/.complete-$ARTICLES-$PER"
fi

# measure NAME -- COMMAND...: one line "NAME wall=… cpu=… rss_mb=…" from /usr/bin/time -v.
measure() {
    local name="$1"; shift; shift
    local log="$WORK/time-$name.txt"
    nice -n "${NICE:-19}" /usr/bin/time -v "$@" >"$WORK/out-$name.log" 2>"$log" || { cat "$log" >&2; exit 1; }
    awk -v name="$name" -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
        /User time/ { user = $2 } /System time/ { sys = $2 }
        /Maximum resident set size/ { rss = $2 / 1024 }
        END { printf "%s wall=%.1fs cpu=%.1fs rss_mb=%.0f\n", name, wall, user + sys, rss }' "$log"
    printf '  load before: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
}

rm -rf "$WORK/jianbao/.jianbao" "$WORK/jianbao/public" "$WORK/out-hugo" "$WORK/hugo-cache"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
measure jianbao-first -- "$JIANBAO" build --root "$WORK/jianbao" --lang en
grep -h "Images:" "$WORK/time-jianbao-first.txt" || true
measure jianbao-second -- "$JIANBAO" build --root "$WORK/jianbao" --lang en
grep -h "Images:" "$WORK/time-jianbao-second.txt" || true
measure hugo-first -- "$HUGO" --quiet --source "$WORK/hugo" --destination "$WORK/out-hugo" --cacheDir "$WORK/hugo-cache"
measure hugo-second -- "$HUGO" --quiet --source "$WORK/hugo" --destination "$WORK/out-hugo" --cacheDir "$WORK/hugo-cache"

# Bytes a reader downloads for one article (the first): the originals as they were copied
# before #21, and the variants a browser picks now (960 px on a phone, 1600 on a wide screen).
first="$WORK/jianbao/content/news/a000"
out="$WORK/jianbao/public/news/a000"
sum() { local total=0 f; for f in "$@"; do total=$((total + $(stat -c %s "$f"))); done; echo "$total"; }
echo "article a000: originals $(sum "$first"/*.jpg) bytes;" \
    "960 WebP $(sum "$out"/*-960.webp) bytes; 960 JPEG $(sum "$out"/*-960.jpg) bytes;" \
    "1600 WebP $(sum "$out"/*-1600.webp) bytes; HTML $(stat -c %s "$out/index.html") bytes"
echo "outputs: jianbao $(du -sb "$WORK/jianbao/public" | cut -f1) bytes," \
    "hugo $(du -sb "$WORK/out-hugo" | cut -f1) bytes;" \
    "jianbao image files $(find "$WORK/jianbao/public/news" -name '*.webp' -o -name '*.jpg' | wc -l)," \
    "hugo $(find "$WORK/out-hugo/news" -name '*.webp' -o -name '*.jpg' | wc -l)"
