#!/usr/bin/env bash
# Takes the README's screenshots: builds the sample site into a temporary folder, serves it on
# 127.0.0.1 and photographs pages with headless Chromium (tests/browser/screenshot.mjs) at desktop
# (1280 px) and phone (390 px) widths, on screen and in print media, into docs/screenshots/.
#
#   bash scripts/screenshots.sh [OUTPUT_DIR]
#
# Needs the test tools (bash scripts/setup-test-tools.sh): Chromium, playwright-core, and
# fonts-noto-cjk for Chinese text.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/docs/screenshots}"
export JIANBAO_TOOLS="${JIANBAO_TOOLS:-$ROOT/tools}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

WORK="$(mktemp -d)"
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

cd "$ROOT"
cargo run --quiet -- build --root "$ROOT" --output "$WORK/site"

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/site" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null; then break; fi
    sleep 0.1
done
BASE="http://127.0.0.1:$PORT"

# shoot NAME PATH WIDTH HEIGHT [--print|--full]...
shoot() {
    local name="$1" path="$2" width="$3" height="$4"
    shift 4
    node tests/browser/screenshot.mjs "$BASE$path" "$OUT/$name.png" --width "$width" --height "$height" "$@" >/dev/null
    echo "$OUT/$name.png ($(( $(wc -c <"$OUT/$name.png") / 1024 )) KB)"
}

POLICY=/policies/work-team-rotation-measures/
BULLETIN=/bulletins/2026-11-winter-visits/
REPORT=/reports/liuxi-industry-2026/

shoot home-desktop / 1280 900
shoot home-phone / 390 844
shoot policy-desktop "$POLICY" 1280 900
shoot policy-phone "$POLICY" 390 844
shoot bulletin-desktop "$BULLETIN" 1280 900
shoot bulletin-phone "$BULLETIN" 390 844
shoot bulletin-print-desktop "$BULLETIN" 1280 1100 --print
shoot bulletin-print-phone "$BULLETIN" 390 844 --print
shoot report-desktop "$REPORT" 1280 900
