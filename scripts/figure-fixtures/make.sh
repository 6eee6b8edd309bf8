#!/usr/bin/env bash
# Regenerates the data-file fixtures of figures from real producers, into
# tests/fixtures/figures (committed; run this after changing income.csv):
#   - LibreOffice Calc headless: income.csv converted to income.xlsx, as an office saves a
#     spreadsheet it was sent as CSV ("Text - txt - csv" filter: comma, double quotes, UTF-8);
#   - GBK CSV: income.csv re-encoded to GBK with CRLF line ends, the bytes Excel on a Chinese
#     Windows writes for "CSV (逗号分隔)" (iconv, from glibc).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/figure-fixtures"
OUT="$ROOT/tests/fixtures/figures"
command -v soffice >/dev/null || { echo "soffice missing: run scripts/setup-test-tools.sh" >&2; exit 1; }
command -v iconv >/dev/null || { echo "iconv missing" >&2; exit 1; }
mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp "$HERE/income.csv" "$WORK/income.csv"
# 44 = comma, 34 = double quote, 76 = UTF-8.
soffice -env:UserInstallation="file://$WORK/profile" --headless \
    --infilter="Text - txt - csv (StarCalc):44,34,76" \
    --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$OUT" "$WORK/income.csv" >/dev/null 2>&1
test -s "$OUT/income.xlsx" || { echo "LibreOffice wrote no income.xlsx" >&2; exit 1; }
sed 's/$/\r/' "$HERE/income.csv" | iconv -f UTF-8 -t GBK > "$OUT/income-gbk.csv"
cp "$HERE/income.csv" "$OUT/income.csv"
# The figures test site draws from the same three files.
cp "$OUT/income.csv" "$OUT/income-gbk.csv" "$OUT/site/data/"
cp "$OUT/income.xlsx" "$OUT/site/data/income-calc.xlsx"
# A work team's own sheet, written as LibreOffice's flat XML (report.fods: a merged title row,
# dates formatted 年月, numbers stored as text with thousands commas, empty cells, formulas with
# their cached results, a 合计 row whose SUM skipped the text numbers), saved by Calc as .xlsx,
# .ods and .xls, and as CSV "as shown" re-encoded to GBK with CRLF (Excel's bytes). far.fods
# holds one cell at XFD1 and one at A1048576: a few kilobytes spanning the whole sheet.
for target in xlsx ods xls; do
    soffice -env:UserInstallation="file://$WORK/profile" --headless \
        --convert-to "$target" --outdir "$OUT/real" "$HERE/report.fods" >/dev/null 2>&1
done
soffice -env:UserInstallation="file://$WORK/profile" --headless \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true' \
    --outdir "$WORK" "$HERE/report.fods" >/dev/null 2>&1
sed 's/$/\r/' "$WORK/report.csv" | iconv -f UTF-8 -t GBK > "$OUT/real/report-gbk.csv"
for target in xlsx ods; do
    soffice -env:UserInstallation="file://$WORK/profile" --headless \
        --convert-to "$target" --outdir "$OUT/real" "$HERE/far.fods" >/dev/null 2>&1
done
# A workbook as offices keep them (sheets.fods): an empty Sheet1 first, the published 汇总,
# a hidden 明细 naming households, an empty Sheet3; saved by Calc in the three formats.
for target in xlsx ods xls; do
    soffice -env:UserInstallation="file://$WORK/profile" --headless \
        --convert-to "$target" --outdir "$OUT/real" "$HERE/sheets.fods" >/dev/null 2>&1
done
