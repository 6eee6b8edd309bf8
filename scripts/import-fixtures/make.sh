#!/usr/bin/env bash
# Regenerates the .docx fixtures of `jianbao import` from real producers, into
# tests/fixtures/import/docs (committed; run this after changing a generator):
#   - python-docx (PyPI; Word's own default template): make_docx.py, with python-pptx's chart
#     XML writer for the chart fixture
#   - LibreOffice Writer headless: report.fodt, textbox.fodt and bulletin.html converted to .docx
#   - msoffcrypto-tool (PyPI): a password-protected copy of notice.docx
# scripts/setup-test-tools.sh installs all three.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/import-fixtures"
OUT="$ROOT/tests/fixtures/import/docs"
PY="${JIANBAO_TOOLS:-$ROOT/tools}/venv/bin/python"
command -v soffice >/dev/null || { echo "soffice missing: run scripts/setup-test-tools.sh" >&2; exit 1; }
"$PY" -c 'import docx, pptx, msoffcrypto' || { echo "python-docx/python-pptx/msoffcrypto-tool missing: run scripts/setup-test-tools.sh" >&2; exit 1; }
mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$PY" "$HERE/make_docx.py" "$OUT"
# The flat ODT embeds the picture python-docx used, base64, where PICTURE stands.
b64="$(base64 -w0 "$OUT/tea.png")"
sed "s|xlink:href=\"PICTURE\" xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"/>|xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"><office:binary-data>$b64</office:binary-data></draw:image>|" \
    "$HERE/report.fodt" > "$WORK/report.fodt"
cp "$HERE/bulletin.html" "$HERE/textbox.fodt" "$WORK/"
for src in report.fodt textbox.fodt bulletin.html; do
    soffice -env:UserInstallation="file://$WORK/profile" --headless \
        --convert-to docx:"MS Word 2007 XML" --outdir "$OUT" "$WORK/$src" >/dev/null 2>&1
done
"$(dirname "$PY")/msoffcrypto-tool" -e -p secret "$OUT/notice.docx" "$OUT/encrypted.docx"
# A zip bomb: a well-formed .docx whose document.xml inflates to 300 MiB of spaces (about 300 KB).
"$PY" - "$OUT/bomb.docx" "$OUT/notice.docx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[2]) as src, zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        if item.filename != "word/document.xml":
            dst.writestr(item, src.read(item))
    with dst.open("word/document.xml", "w", force_zip64=True) as f:
        chunk = b" " * (1 << 20)
        for _ in range(300):
            f.write(chunk)
PY
printf '%s\n' "龙潭村电商服务站年度工作报告" "今年以来，龙潭村电商服务站累计销售农产品八百余万元" "，带动农户增收。" \
    "一、服务站运营情况" "服务站现有工作人员五名，日均发货三百单。" "开通网店三个" "主营猕猴桃" "兼营土蜂蜜" \
    "培训电商带头人二十名" "二、销售数据" "品类" "销量" "金额（万元）" "水果" "猕猴桃12万斤" "480" \
    "脐橙5万斤" "150" "其他" "土蜂蜜" "170" "下一步，服务站将拓展直播销售" "。" "数据截至2026年10月31日。" "资料来源：县商务局。" \
    > "$OUT/report.expected"
printf '%s\n' "石门村建成茶叶加工厂" "11月18日，石门村茶叶加工厂正式投产，年加工鲜叶能力达到300吨。" \
    "一、项目建设情况" "加工厂总投资260万元，其中东西部协作资金180万元。" "二、带动增收情况" \
    "加工厂吸纳本村劳动力15人就业，人均月收入3200元。" "指标" "数量" "吸纳就业（人）" "15" "年加工能力（吨）" "300" \
    > "$OUT/bulletin.expected"
ls -l "$OUT"
