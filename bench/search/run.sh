#!/usr/bin/env bash
# Side-by-side benchmark of jianbao's search index and Pagefind (the search issue's figures).
#
#   bench/search/run.sh [PAGES...]        default: 1000 10000
#
# For each corpus size it generates the benchmark corpus (`gen_corpus --pages N --seed 1`),
# builds it with `jianbao build` with `search: true` and with `search: false` in site.yaml, and
# runs Pagefind on jianbao's output (`--site`), all under `/usr/bin/time -v`, each run into an
# empty folder, interleaved so that load on the shared machine hits every tool alike. Medians.
# jianbao's index cost is the difference between its two builds.
#
# Pagefind is run twice per round:
#   pagefind      only what jianbao indexes (title and article text):
#                 --root-selector "article.article" (skips every page without an article:
#                 lists, term pages, archives, the search page) and --exclude-selectors for the
#                 metadata, table of contents, tags and other blocks inside the article that
#                 jianbao does not index (PAGEFIND_EXCLUDE below);
#   pagefind-all  with no options, as a site would run it out of the box (every HTML page,
#                 header, navigation and footer included).
# Then, on the largest corpus, it serves the built site on 127.0.0.1 and measures in headless
# Chromium the bytes each tool downloads for the queries in bytes-queries.tsv, and compares the
# result sets of both tools for queries-corpus.tsv, and on the repository's sample site for
# queries-sample.tsv (browser.mjs, report.py).
#
# Environment:
#   BENCH_DIR=dir      scratch folder (default /tmp/jianbao-search-bench)
#   RUNS=n             timed runs of each jianbao build (default 3)
#   PF_RUNS=n          timed Pagefind runs (default 3; 2 from 10,000 pages)
#   PF_ALL_RUNS=n      timed whole-site Pagefind runs (default 3; 1 from 10,000 pages, where it
#                      needs over 6 GB)
#   PAGEFIND=path      a Pagefind binary to use (default: pagefind_extended from the npm package
#                      `pagefind@1`, installed into $BENCH_DIR/node when missing)
#   BROWSER=0          skip the browser measurements
#   REPORT_ONLY=1      measure nothing: rewrite the report from the raw files in BENCH_DIR
#                      (timings, browser results) and the outputs left there (sizes)
#   LABEL=name         results go to bench/results/search-<date>-<name>.md
#   JIANBAO_TOOLS=dir  where playwright-core is installed (see tests/browser/lib.mjs)
#   CARGO_TARGET_DIR   where the release build goes
#
# Results go to bench/results/search-<date>.md (see LABEL) and are printed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/jianbao-search-bench}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
RUNS="${RUNS:-3}"
BROWSER="${BROWSER:-1}"
REPORT_ONLY="${REPORT_ONLY:-0}"
if [[ $# -gt 0 ]]; then SIZES=("$@"); else SIZES=(1000 10000); fi
for n in "${SIZES[@]}"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "run.sh: not a page count: $n" >&2; exit 2; }
done
PAGEFIND_ROOT="article.article"
PAGEFIND_EXCLUDE=".meta, .toc, .tags, .print-url, .contributed, .policy-meta, .policy-invalid, .policy-source, .policy-links, .bulletin-masthead, .bulletin-footer, .report-facts, .attachments"

say() { printf '==> %s\n' "$*" >&2; }

[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time (Debian package time) is required" >&2; exit 1; }
mkdir -p "$BENCH_DIR"

say "building jianbao and gen_corpus (release)"
(cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release --quiet --bin jianbao --example gen_corpus)
JIANBAO="$TARGET_DIR/release/jianbao"
GEN="$TARGET_DIR/release/examples/gen_corpus"

if [[ -z "${PAGEFIND:-}" ]]; then
    find_pagefind() {
        # The npm package `pagefind` brings its binary in @pagefind/<platform>/bin; the extended
        # build (with Chinese word segmentation) is preferred.
        find "$BENCH_DIR/node/node_modules" -path '*@pagefind*' -type f \( -name pagefind_extended -o -name pagefind \) \
            -perm -u+x 2>/dev/null | sort -r | head -n 1 || true
    }
    PAGEFIND="$(find_pagefind)"
    if [[ -z "$PAGEFIND" ]]; then
        say "installing Pagefind from npm into $BENCH_DIR/node"
        npm install --silent --no-audit --no-fund --prefix "$BENCH_DIR/node" pagefind@1 >&2
        PAGEFIND="$(find_pagefind)"
    fi
    [[ -n "$PAGEFIND" ]] || { echo "run.sh: no Pagefind binary found after npm install" >&2; exit 1; }
fi
PAGEFIND_VERSION="$("$PAGEFIND" --version 2>&1 | head -n 1)"
JIANBAO_VERSION="$("$JIANBAO" --version 2>&1 | head -n 1)"
# The last commit that changed what jianbao is made of (bench/ commits do not change it).
COMMIT="$(git -C "$ROOT" log -1 --format=%h -- src templates static Cargo.toml Cargo.lock 2>/dev/null || echo unknown)"

ROWS="$BENCH_DIR/rows.tsv"
LOADS="$BENCH_DIR/loads.txt"
if [[ "$REPORT_ONLY" == 1 ]]; then
    [[ -f "$ROWS" && -f "$LOADS" ]] || { echo "run.sh: nothing measured in $BENCH_DIR yet" >&2; exit 1; }
    # Sizes and notes are taken again from the outputs below.
    grep -P '^time\t' "$ROWS" >"$ROWS.new" || true
    mv "$ROWS.new" "$ROWS"
    BROWSER=0
else
    : >"$ROWS"
    : >"$LOADS"
fi

# Busy CPU ticks of the whole machine so far.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
HZ="$(getconf CLK_TCK)"

# timed PAGES TOOL RUN COMMAND...: one run under /usr/bin/time -v; records the report and the
# CPU seconds that other processes used meanwhile (machine busy time minus the run's own).
timed() {
    local pages="$1" tool="$2" run="$3"
    shift 3
    local report="$BENCH_DIR/time-$pages-$tool-$run.txt" log="$BENCH_DIR/log-$pages-$tool.txt" before after
    echo "$(date +%T) $pages $tool $run load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$LOADS"
    sync
    before="$(busy_ticks)"
    /usr/bin/time -v -o "$report" "$@" >"$log" 2>&1 || { cat "$log" >&2; echo "run.sh: $tool failed" >&2; exit 1; }
    after="$(busy_ticks)"
    local others
    others="$(awk -v b="$((after - before))" -v hz="$HZ" -F': ' '
        /User time|System time/ { own += $2 }
        END { x = b / hz - own; printf "%.2f", (x < 0 ? 0 : x) }' "$report")"
    printf 'time\t%s\t%s\t%s\t%s\t%s\n' "$pages" "$tool" "$run" "$report" "$others" >>"$ROWS"
    say "$pages pages, $tool, run $run: $(grep -E 'Elapsed|Maximum resident' "$report" | sed 's/^[[:space:]]*//' | tr '\n' ' ')(others: $others CPU s)"
}

# files_size PAGES TOOL PART DIR FIND-TESTS...: total bytes and count of the files below DIR
# that pass the tests.
files_size() {
    local pages="$1" tool="$2" part="$3" dir="$4"
    shift 4
    find "$dir" -type f "$@" -printf '%s\n' |
        awk -v p="$pages" -v t="$tool" -v part="$part" '{ b += $1; n++ } END { printf "size\t%s\t%s\t%s\t%d\t%d\n", p, t, part, b, n }' >>"$ROWS"
}

# sizes PAGES OUT: jianbao's index (search/ but its page), its client, and each Pagefind bundle
# split into index data (entry, metadata, index chunks, fragments, filters), the client code the
# API loads (pagefind.js, its worker, the wasm) and the UI files.
sizes() {
    local pages="$1" out="$2" tool bundle log
    files_size "$pages" jianbao data "$out/search" ! -path "$out/search/index.html"
    files_size "$pages" jianbao client "$out/js" -name search.js
    for tool in pagefind pagefind-all; do
        bundle="$out/$tool"
        [[ -d "$bundle" ]] || continue
        files_size "$pages" "$tool" data "$bundle" \( -name pagefind-entry.json -o -name '*.pf_*' \)
        files_size "$pages" "$tool" client "$bundle" -maxdepth 1 \( -name pagefind.js -o -name pagefind-worker.js -o -name 'wasm.*' \)
        files_size "$pages" "$tool" ui "$bundle" -maxdepth 1 \( -name '*ui*' -o -name pagefind-highlight.js \)
        log="$BENCH_DIR/log-$pages-$tool.txt"
        [[ -f "$log" ]] || continue
        printf 'note\t%s\t%s\t%s\n' "$pages" "$tool" "$(grep -E 'Indexed [0-9]+ (pages|words)' "$log" | sed 's/^ *//' | tr '\n' ' ')" >>"$ROWS"
    done
}

for n in "${SIZES[@]}"; do
    out="$BENCH_DIR/out-$n"
    if [[ "$REPORT_ONLY" == 1 ]]; then
        sizes "$n" "$out"
        continue
    fi
    corpus="$BENCH_DIR/corpus-$n"
    plain="$BENCH_DIR/corpus-$n-nosearch"
    if [[ ! -f "$corpus/.complete" ]]; then
        say "generating $n pages into $corpus"
        rm -rf "$corpus" "$plain"
        "$GEN" --pages "$n" --seed 1 --out "$corpus"
        touch "$corpus/.complete"
    fi
    if [[ ! -f "$plain/.complete" ]]; then
        rm -rf "$plain"
        cp -r "$corpus" "$plain"
        printf 'search: false\n' >>"$plain/site.yaml"
    fi
    grep -q '^search: false' "$plain/site.yaml"
    out_plain="$BENCH_DIR/out-$n-nosearch"
    big=$((n >= 10000))
    pf_runs="${PF_RUNS:-$((big ? 2 : 3))}"
    pf_all_runs="${PF_ALL_RUNS:-$((big ? 1 : 3))}"

    say "$n pages: warm-up builds (untimed)"
    rm -rf "$out" "$out_plain"
    "$JIANBAO" build --root "$corpus" --output "$out" >/dev/null 2>&1
    "$JIANBAO" build --root "$plain" --output "$out_plain" >/dev/null 2>&1

    for ((run = 1; run <= RUNS; run++)); do
        rm -rf "$out"
        timed "$n" jianbao "$run" "$JIANBAO" build --root "$corpus" --output "$out"
        rm -rf "$out_plain"
        timed "$n" jianbao-nosearch "$run" "$JIANBAO" build --root "$plain" --output "$out_plain"
        # Pagefind runs in the last rounds, so that its bundles stay in the final output.
        if ((run > RUNS - pf_runs)); then
            rm -rf "$out/pagefind"
            timed "$n" pagefind "$run" "$PAGEFIND" --site "$out" --output-subdir pagefind \
                --root-selector "$PAGEFIND_ROOT" --exclude-selectors "$PAGEFIND_EXCLUDE"
        fi
        if ((run > RUNS - pf_all_runs)); then
            rm -rf "$out/pagefind-all"
            timed "$n" pagefind-all "$run" "$PAGEFIND" --site "$out" --output-subdir pagefind-all
        fi
    done
    if ((pf_runs > RUNS)); then
        for ((run = RUNS + 1; run <= pf_runs; run++)); do
            rm -rf "$out/pagefind"
            timed "$n" pagefind "$run" "$PAGEFIND" --site "$out" --output-subdir pagefind \
                --root-selector "$PAGEFIND_ROOT" --exclude-selectors "$PAGEFIND_EXCLUDE"
        done
    fi
    sizes "$n" "$out"
    rm -rf "$out_plain"
done

# ------------------------------------------------------------------------------------------------
# Browser: bytes per query and result sets, on the largest corpus and on the sample site
# ------------------------------------------------------------------------------------------------

SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
trap stop_server EXIT

# serve DIR: python3's static server on a free port of 127.0.0.1; sets URL.
serve() {
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$1" >"$BENCH_DIR/http.log" 2>&1 &
    SERVER_PID=$!
    URL="http://127.0.0.1:$port/"
    for _ in $(seq 50); do
        curl -fs -o /dev/null "$URL" && return 0
        sleep 0.1
    done
    echo "run.sh: the static server did not start" >&2
    exit 1
}

largest="${SIZES[-1]}"
BYTES="$BENCH_DIR/bytes.jsonl"
RESULTS="$BENCH_DIR/results-corpus.jsonl"
SAMPLE_RESULTS="$BENCH_DIR/results-sample.jsonl"
SAMPLE_ALL_RESULTS="$BENCH_DIR/results-sample-all.jsonl"
if [[ "$BROWSER" == 1 ]]; then
    : >"$BYTES"
    out="$BENCH_DIR/out-$largest"
    serve "$out"
    say "bytes per query on $largest pages ($URL)"
    node "$HERE/browser.mjs" bytes --url "$URL" --queries "$HERE/bytes-queries.tsv" --pagefind pagefind >>"$BYTES"
    if [[ -d "$out/pagefind-all" ]]; then
        node "$HERE/browser.mjs" bytes --url "$URL" --queries "$HERE/bytes-queries.tsv" --pagefind pagefind-all \
            --tools pagefind >>"$BYTES"
    fi
    say "result sets on $largest pages"
    node "$HERE/browser.mjs" results --url "$URL" --queries "$HERE/queries-corpus.tsv" --pagefind pagefind \
        --fragments "$out/pagefind" >"$RESULTS"
    stop_server

    say "result sets on the sample site"
    sample="$BENCH_DIR/out-sample"
    rm -rf "$sample"
    "$JIANBAO" build --root "$ROOT" --output "$sample" >/dev/null 2>&1
    "$PAGEFIND" --site "$sample" --output-subdir pagefind --root-selector "$PAGEFIND_ROOT" \
        --exclude-selectors "$PAGEFIND_EXCLUDE" >"$BENCH_DIR/log-sample-pagefind.txt" 2>&1
    "$PAGEFIND" --site "$sample" --output-subdir pagefind-all >"$BENCH_DIR/log-sample-pagefind-all.txt" 2>&1
    serve "$sample"
    node "$HERE/browser.mjs" results --url "$URL" --queries "$HERE/queries-sample.tsv" --pagefind pagefind \
        --fragments "$sample/pagefind" >"$SAMPLE_RESULTS"
    node "$HERE/browser.mjs" results --url "$URL" --queries "$HERE/queries-sample.tsv" --pagefind pagefind-all \
        --fragments "$sample/pagefind-all" >"$SAMPLE_ALL_RESULTS"
    stop_server
fi

# ------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------

DATE="$(date +%F)"
mkdir -p "$ROOT/bench/results"
result="$ROOT/bench/results/search-$DATE${LABEL:+-$LABEL}.md"
{
    echo "# Search: jianbao and Pagefind side by side ($DATE)"
    echo
    echo "- machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(free -h | awk '/^Mem:/ { print $2 }') RAM, Linux $(uname -r); shared with other work"
    echo "- load average (1/5/15 min) at the start of each timed run: $(awk '{ print $6 }' "$LOADS" | sort -g | sed -n '1p;$p' | paste -sd'-' -) (1 min), in full below"
    echo "- jianbao: $JIANBAO_VERSION, commit $COMMIT (release build)"
    echo "- Pagefind: $PAGEFIND_VERSION (\`$(basename "$PAGEFIND")\` from the npm package \`pagefind@1\`)"
    echo "- corpus: \`gen_corpus --pages N --seed 1\`; jianbao builds it with \`search: true\` and with \`search: false\` appended to site.yaml"
    echo "- Pagefind, article text only: \`$(basename "$PAGEFIND") --site OUT --output-subdir pagefind --root-selector \"$PAGEFIND_ROOT\" --exclude-selectors \"$PAGEFIND_EXCLUDE\"\`"
    echo "- Pagefind, whole pages: \`$(basename "$PAGEFIND") --site OUT --output-subdir pagefind-all\`"
    echo "- method: one untimed warm-up build of each jianbao variant, then rounds of (jianbao with search, jianbao without, Pagefind, Pagefind whole pages), each run into an empty folder, under \`/usr/bin/time -v\`; medians. \"Others' CPU\" is the CPU time other processes on the machine used during the run."
    echo
    echo "## Index build"
    echo
    python3 "$HERE/report.py" builds "$ROWS"
    echo
    awk -F'\t' '$1 == "note" { printf "- %s pages, %s: %s\n", $2, $3, $4 }' "$ROWS"
    if [[ -s "$BYTES" ]]; then
        echo
        echo "## Bytes downloaded per query ($largest pages, headless Chromium, empty cache)"
        echo
        echo "Client code: jianbao \`js/search.js\`; Pagefind \`pagefind.js\`, \`pagefind-worker.js\` and the wasm. Index data: everything else the search fetched (jianbao \`search/*.js\`; Pagefind entry, metadata, index chunks, fragments). The page itself (HTML, CSS, a11y.js) is not counted. Pagefind: \`search()\` then \`data()\` of the first 10 results; jianbao: its search page showing its first 10 results with excerpts. gzip = gzip -6 of each file where that is smaller (Pagefind's files are already compressed)."
        echo
        python3 "$HERE/report.py" bytes "$BYTES"
    fi
    if [[ -s "$RESULTS" ]]; then
        echo
        echo "## Result sets, $largest pages (Pagefind: article text only)"
        echo
        python3 "$HERE/report.py" results "$RESULTS" "$BENCH_DIR/out-$largest"
    fi
    if [[ -s "$SAMPLE_RESULTS" ]]; then
        echo
        echo "## Result sets, sample site (Pagefind: article text only)"
        echo
        python3 "$HERE/report.py" results "$SAMPLE_RESULTS" "$BENCH_DIR/out-sample"
        echo
        echo "## Result sets, sample site (Pagefind: whole pages, no options)"
        echo
        python3 "$HERE/report.py" results "$SAMPLE_ALL_RESULTS" "$BENCH_DIR/out-sample"
    fi
    echo
    echo "## Load average at each timed run"
    echo
    echo '```'
    cat "$LOADS"
    echo '```'
} >"$result"
cat "$result"
