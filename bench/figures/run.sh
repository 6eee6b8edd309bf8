#!/usr/bin/env bash
# The figures benchmark (#22). Builds three sites made by gen.py, RUNS times each, with a release
# jianbao under /usr/bin/time -v:
#   full     data/big.csv (100,000 rows: 50 villages x 100 months x 20 indicators, published as
#            CSV, XLSX and JSON) and 50 pages with 10 line charts each (500 charts)
#   data     the same data file, the 500 charts replaced by a paragraph each
#   none     no data file, the paragraphs only
# then writes the ECharts twin of one report page (echarts_page.py), serves the full site's
# public/ from 127.0.0.1 and loads jianbao's page and the ECharts page RUNS times each in headless
# Chromium (paint.mjs), with the CPU as is and slowed 4x.
#
#   bench/figures/run.sh [WORK_DIR] [RUNS]        (defaults: /tmp/jianbao-figures 5)
#
# Needs a release jianbao (cargo build --release), /usr/bin/time, python3, node, Chromium and
# echarts in tools/node (scripts/setup-test-tools.sh). Prints one line per build and one JSON
# line per page load.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${1:-/tmp/jianbao-figures}"
RUNS="${2:-5}"
JIANBAO="${JIANBAO:-$ROOT/target/release/jianbao}"
TOOLS="${JIANBAO_TOOLS:-$ROOT/tools}"
ECHARTS="$TOOLS/node/node_modules/echarts/dist/echarts.min.js"
[[ -x "$JIANBAO" ]] || { echo "$JIANBAO missing: cargo build --release" >&2; exit 1; }
[[ -f "$ECHARTS" ]] || { echo "$ECHARTS missing: scripts/setup-test-tools.sh" >&2; exit 1; }

mkdir -p "$WORK"
for variant in full data none; do
    rm -rf "${WORK:?}/$variant"
    case "$variant" in
        full) python3 "$HERE/gen.py" "$WORK/$variant" ;;
        data) python3 "$HERE/gen.py" "$WORK/$variant" --no-charts ;;
        none) python3 "$HERE/gen.py" "$WORK/$variant" --no-data ;;
    esac
done

# build NAME: one first build (no output, no cache) under /usr/bin/time -v, one line out.
build() {
    local site="$WORK/$1" log="$WORK/time-$1.txt"
    rm -rf "$site/public" "$site/.jianbao"
    local load
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -v "$JIANBAO" build --root "$site" >"$WORK/out-$1.log" 2>"$log" \
        || { cat "$log" >&2; exit 1; }
    awk -v name="$1" -v load="$load" -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
        /User time/ { user = $2 } /System time/ { sys = $2 }
        /Maximum resident set size/ { rss = $2 / 1024 }
        END { printf "%-5s wall=%.2fs cpu=%.2fs rss_mb=%.0f load_before=%s\n", name, wall, user + sys, rss, load }' "$log"
}
for run in $(seq "$RUNS"); do
    for variant in full data none; do build "$variant"; done
done
du -sb "$WORK/full/public/data"/big.* | sed 's/^/download bytes: /'

python3 "$HERE/echarts_page.py" "$WORK/full" reports/r00 "$ECHARTS"
PORT="${PORT:-8761}"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/full/public" >/dev/null 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
sleep 1
for slowdown in 1 4; do
    node "$HERE/paint.mjs" "$RUNS" "$slowdown" \
        "http://127.0.0.1:$PORT/reports/r00/" "http://127.0.0.1:$PORT/reports/r00-echarts/"
done
