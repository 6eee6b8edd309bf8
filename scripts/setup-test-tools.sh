#!/usr/bin/env bash
# Installs (idempotently) every external tool that jianbao's tests use, then
# checks each one and prints its version. Fast when everything is in place.
#
#   Debian: chromium, nginx-light, libxml2-utils, poppler-utils, libimage-exiftool-perl, default-jre-headless,
#           libreoffice-writer-nogui (soffice: import fixtures and .doc/.odt import),
#           libreoffice-calc-nogui (soffice: the .xlsx data-file fixture of figures)
#   npm:    vnu-jar axe-core playwright-core sitemap,
#           echarts (only the figures benchmark)  -> tools/node/node_modules
#   PyPI:   feedparser, python-docx, python-pptx, msoffcrypto-tool,
#           Pillow, openpyxl                    -> tools/venv
#
# Paths are relative to this script, so the repo may live anywhere.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/tools"
NODE_DIR="$TOOLS/node"
VENV="$TOOLS/venv"
FEEDPARSER_VERSION="6.0.14"
PYTHON_DOCX_VERSION="1.2.0"
MSOFFCRYPTO_VERSION="6.1.0"
# Only its chart XML writer is used, by scripts/import-fixtures/make_docx.py (the chart fixture).
PYTHON_PPTX_VERSION="1.0.2"
PILLOW_VERSION="12.0.0"
# Reads back every value of the .xlsx open-data downloads (tests/suite/figures.rs).
OPENPYXL_VERSION="3.1.5"

export DEBIAN_FRONTEND=noninteractive
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PATH="$PATH:/usr/sbin:/sbin"

log() { printf '[setup-test-tools] %s\n' "$*" >&2; }
die() { printf '[setup-test-tools] ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -E); fi
fi

# Run an apt-get command, retrying while another process holds the dpkg/apt lock.
apt_retry() {
    local try
    for try in 1 2 3 4 5; do
        if "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=60 "$@"; then
            return 0
        fi
        if [ "$try" -lt 5 ]; then
            log "apt-get $1 failed (attempt $try/5; dpkg lock held?), retrying in 10 s"
            sleep 10
        fi
    done
    return 1
}

# ---------------------------------------------------------------- Debian ----
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
# pdftotext reads back what a printed page (Chromium's PDF) holds, page by page.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
# Calc converts a CSV to .xlsx (scripts/figure-fixtures/make.sh).
[ -e /usr/lib/libreoffice/program/libsclo.so ] || missing+=(libreoffice-calc-nogui)
# chattr makes a folder that even root cannot remove (the output-safety tests).
command -v chattr >/dev/null 2>&1 || missing+=(e2fsprogs)
# exiftool writes the EXIF/GPS/XMP blocks of the photo fixtures and reads the outputs back.
command -v exiftool >/dev/null 2>&1 || missing+=(libimage-exiftool-perl)
# Chinese fonts, so screenshots and the browser tests render text instead of empty boxes.
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi
if ! command -v python3 >/dev/null 2>&1; then
    missing+=(python3 python3-venv)
elif ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1 && [ ! -x "$VENV/bin/python" ]; then
    missing+=(python3-venv)
fi

if [ "${#missing[@]}" -gt 0 ]; then
    log "apt: installing ${missing[*]}"
    apt_retry update -q || die "apt-get update failed"
    apt_retry install -y -q --no-install-recommends "${missing[@]}" \
        || die "apt-get install ${missing[*]} failed"
else
    log "apt: all packages present"
fi

# ------------------------------------------------------------------- npm ----
[ -f "$NODE_DIR/package.json" ] || die "$NODE_DIR/package.json is missing"
STAMP="$NODE_DIR/.stamp"
stamp_value() {
    # Identifies the wanted install: package.json + lock + node version.
    {
        cat "$NODE_DIR/package.json"
        [ -f "$NODE_DIR/package-lock.json" ] && cat "$NODE_DIR/package-lock.json"
        node --version
    } | sha256sum | cut -d' ' -f1
}
npm_files_present() {
    local f
    for f in vnu-jar/build/dist/vnu.jar sitemap/schema/sitemap.xsd axe-core/axe.min.js \
        playwright-core/package.json echarts/dist/echarts.min.js; do
        [ -f "$NODE_DIR/node_modules/$f" ] || return 1
    done
}
if npm_files_present && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(stamp_value)" ]; then
    log "npm: node_modules up to date"
else
    rm -f "$STAMP"
    if [ -f "$NODE_DIR/package-lock.json" ]; then
        log "npm: npm ci in $NODE_DIR"
        (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
    else
        log "npm: no package-lock.json, npm install in $NODE_DIR (commit the lock it writes)"
        (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error) || die "npm install failed"
    fi
    stamp_value >"$STAMP"
fi

# ------------------------------------------------------------------ PyPI ----
if [ -x "$VENV/bin/python" ] \
    && "$VENV/bin/python" -c "import feedparser, sys; sys.exit(feedparser.__version__ != '$FEEDPARSER_VERSION')" >/dev/null 2>&1 \
    && "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('python-docx') != '$PYTHON_DOCX_VERSION' or m.version('msoffcrypto-tool') != '$MSOFFCRYPTO_VERSION' or m.version('python-pptx') != '$PYTHON_PPTX_VERSION')" >/dev/null 2>&1; then
    log "pypi: venv up to date"
else
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        log "pypi: creating venv $VENV"
        rm -rf "$VENV"
        python3 -m venv "$VENV" || die "python3 -m venv failed"
    fi
    log "pypi: installing feedparser==$FEEDPARSER_VERSION python-docx==$PYTHON_DOCX_VERSION python-pptx==$PYTHON_PPTX_VERSION msoffcrypto-tool==$MSOFFCRYPTO_VERSION"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        "feedparser==$FEEDPARSER_VERSION" "python-docx==$PYTHON_DOCX_VERSION" \
        "python-pptx==$PYTHON_PPTX_VERSION" \
        "msoffcrypto-tool==$MSOFFCRYPTO_VERSION" || die "pip install feedparser python-docx python-pptx msoffcrypto-tool failed"
fi
# One pinned package of the Python package index in the venv: MODULE imported to read its
# version, PACKAGE installed at VERSION when it differs.
pip_pinned() {
    local module="$1" package="$2" version="$3"
    if "$VENV/bin/python" -c "import $module, sys; sys.exit($module.__version__ != '$version')" >/dev/null 2>&1; then
        log "pypi: $package up to date"
    else
        log "pypi: installing $package==$version"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
            "$package==$version" || die "pip install $package failed"
    fi
}
# Pillow makes the photo fixtures (noise photos of a realistic size, CMYK, 16-bit PNG).
pip_pinned PIL Pillow "$PILLOW_VERSION"
# openpyxl reads the published XLSX downloads back in the figures tests.
pip_pinned openpyxl openpyxl "$OPENPYXL_VERSION"

# ---------------------------------------------------------------- verify ----
failures=0
report() { printf '%-16s %s\n' "$1" "$2"; }
fail() {
    printf '%-16s MISSING/BROKEN: %s\n' "$1" "$2"
    failures=$((failures + 1))
}
# Captures a command's whole output first (no early-closing pipe, which would
# make the command die of SIGPIPE under pipefail), then keeps its first line
# that is not the Chromium launcher's "[: ..." noise.
first_line() {
    local out line
    out="$("$@" 2>&1)" || return 1
    while IFS= read -r line; do
        case "$line" in '' | '['* | *': [: '*) continue ;; esac
        printf '%s\n' "$line"
        return 0
    done <<<"$out"
    return 1
}

if v="$(first_line chromium --version)"; then
    report chromium "$v ($(command -v chromium))"
else
    fail chromium "'chromium --version' failed (apt package chromium)"
fi
if v="$(first_line nginx -v)"; then
    report nginx "${v#nginx version: } ($(command -v nginx))"
else
    fail nginx "'nginx -v' failed (apt package nginx-light)"
fi
if v="$(first_line xmllint --version)"; then
    report xmllint "$v"
else
    fail xmllint "'xmllint --version' failed (apt package libxml2-utils)"
fi
if v="$(first_line pdftotext -v)"; then
    report pdftotext "$v"
else
    fail pdftotext "'pdftotext -v' failed (apt package poppler-utils)"
fi
if v="$(first_line java -version)"; then
    report java "$v"
else
    fail java "'java -version' failed (apt package default-jre-headless)"
fi
if v="$(first_line node --version)"; then report node "$v"; else fail node "'node --version' failed"; fi

npm_version() { node -p "require('$NODE_DIR/node_modules/$1/package.json').version" 2>/dev/null; }
VNU_JAR="$NODE_DIR/node_modules/vnu-jar/build/dist/vnu.jar"
if [ -f "$VNU_JAR" ]; then
    report vnu "$(npm_version vnu-jar) ($VNU_JAR)"
else
    fail vnu "$VNU_JAR not found"
fi
SITEMAP_XSD="$NODE_DIR/node_modules/sitemap/schema/sitemap.xsd"
if [ -f "$SITEMAP_XSD" ]; then
    report sitemap.xsd "sitemap $(npm_version sitemap) ($SITEMAP_XSD)"
else
    fail sitemap.xsd "$SITEMAP_XSD not found"
fi
if [ -f "$NODE_DIR/node_modules/axe-core/axe.min.js" ]; then
    report axe-core "$(npm_version axe-core)"
else
    fail axe-core "$NODE_DIR/node_modules/axe-core/axe.min.js not found"
fi
if v="$(npm_version playwright-core)" && [ -n "$v" ]; then
    report playwright-core "$v"
else
    fail playwright-core "$NODE_DIR/node_modules/playwright-core not installed"
fi
if v="$("$VENV/bin/python" -c 'import feedparser; print(feedparser.__version__)' 2>/dev/null)"; then
    report feedparser "$v ($VENV/bin/python)"
else
    fail feedparser "'$VENV/bin/python -c \"import feedparser\"' failed"
fi

if v="$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("python-docx"))' 2>/dev/null)"; then
    report python-docx "$v ($VENV/bin/python)"
else
    fail python-docx "'$VENV/bin/python -c \"import docx\"' failed"
fi
if [ -x "$VENV/bin/msoffcrypto-tool" ]; then
    report msoffcrypto "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("msoffcrypto-tool"))')"
else
    fail msoffcrypto "$VENV/bin/msoffcrypto-tool not found"
fi
if v="$(soffice --version 2>/dev/null | head -n1)" && [ -n "$v" ]; then
    report soffice "$v"
else
    fail soffice "soffice (libreoffice-writer-nogui) not found"
fi
if v="$(first_line exiftool -ver)"; then
    report exiftool "$v"
else
    fail exiftool "'exiftool -ver' failed (apt package libimage-exiftool-perl)"
fi
if v="$("$VENV/bin/python" -c 'import PIL; print(PIL.__version__)' 2>/dev/null)"; then
    report Pillow "$v ($VENV/bin/python)"
else
    fail Pillow "'$VENV/bin/python -c \"import PIL\"' failed"
fi

if v="$("$VENV/bin/python" -c 'import openpyxl; print(openpyxl.__version__)' 2>/dev/null)"; then
    report openpyxl "$v ($VENV/bin/python)"
else
    fail openpyxl "'$VENV/bin/python -c \"import openpyxl\"' failed"
fi
if [ -f "$NODE_DIR/node_modules/echarts/dist/echarts.min.js" ]; then
    report echarts "$(npm_version echarts)"
else
    fail echarts "$NODE_DIR/node_modules/echarts/dist/echarts.min.js not found"
fi

if [ "$failures" -gt 0 ]; then
    die "$failures tool(s) missing or broken; see the lines above"
fi
log "all test tools ready in $TOOLS"
