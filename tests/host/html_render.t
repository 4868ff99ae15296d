#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Browser test of the HTML report: render it in Debian's headless Chromium.
#
# Why: "looks right in a real browser" cannot be checked by grepping the
# file. This renders the report of a known fixture (tests/fixtures/reports/
# run-a.json, 40 charts), takes a screenshot and checks it is not blank
# (many distinct colours, a good share of non-white pixels, the chart
# palette painted), and dumps the DOM Chromium built to check that every
# inline <svg> survived parsing. The page must need no network: Chromium
# runs with background networking off, and the unit tests check the file
# references nothing external. Emits TAP version 13 for prove.
#
# HTML_SHOT_OUT=FILE keeps the screenshot.
#
# The report comes from `scxbench report` when the binary has it
# ($SCXBENCH, else $BUILD/scxbench, else build/scxbench); otherwise a small
# driver is compiled from reports/ sources so the test does not depend on
# the CLI wiring.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
FIXTURE=tests/fixtures/reports/run-a.json
EXPECT_SVG=40
EXPECT_LINES=21 # 7 percentile plots x 3 schedulers

echo "TAP version 13"
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then
	echo "1..0 # SKIP chromium not installed (apt-get install chromium)"
	exit 0
fi
PY=$(command -v python3 || true)
echo "1..8"

TMP=$(mktemp -d /tmp/scxb-html.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
n=0
t() { # t OK DESC [diag...]
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; return; fi
	echo "not ok $n - $2"
	shift 2
	for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done
}

# 1: render the report
BIN=${SCXBENCH:-${BUILD:-build}/scxbench}
how=""
if [ -x "$BIN" ] && "$BIN" report --help >/dev/null 2>&1; then
	"$BIN" report "$FIXTURE" --format html -o "$TMP/report.html" 2>"$TMP/err" && how="$BIN report"
else
	cat >"$TMP/drv.c" <<'C'
#include "reports/commands.h"
int main(int argc, char **argv) { return cmd_report(argc - 1, argv + 1); }
C
	SRCS="stats results_reader schema_check report_util compare recommend report_md report_html svg_chart report_tap export cmd_compare cmd_recommend cmd_report"
	files=""
	for s in $SRCS; do files="$files reports/$s.c"; done
	if ${CC:-gcc} -std=gnu11 -D_GNU_SOURCE -I. -o "$TMP/drv" "$TMP/drv.c" $files -ljansson -lm 2>"$TMP/err" &&
		"$TMP/drv" report "$FIXTURE" --format html -o "$TMP/report.html" 2>>"$TMP/err"; then
		how="driver built from reports/"
	fi
fi
[ -s "$TMP/report.html" ]; t $? "HTML report rendered from $FIXTURE (${how:-failed})" "$(head -c 300 "$TMP/err" 2>/dev/null)"

FLAGS=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
	--disable-sync --no-first-run --disable-extensions --disable-default-apps --mute-audio
	--hide-scrollbars)
URL="file://$TMP/report.html"

# 2: screenshot
timeout 120 "$CHROMIUM" "${FLAGS[@]}" --user-data-dir="$(mktemp -d "$TMP/prof.XXXXXX")" \
	--screenshot="$TMP/shot.png" --window-size=1200,2000 "$URL" >"$TMP/chromium.log" 2>&1
rc=$?
# keep the picture when asked (e.g. to attach it to a CI run or a note)
[ -n "${HTML_SHOT_OUT:-}" ] && [ -s "$TMP/shot.png" ] && cp "$TMP/shot.png" "$HTML_SHOT_OUT"
[ $rc = 0 ] && [ -s "$TMP/shot.png" ]; t $? "chromium wrote a screenshot (exit $rc)" "$(grep -v -e dbus -e ^$ "$TMP/chromium.log" | tail -3)"

# 3-5: the screenshot is not blank and shows the charts
if [ -n "$PY" ] && [ -s "$TMP/shot.png" ]; then
	stats=$("$PY" - "$TMP/shot.png" 1f77b4 d62728 6b6b6b <<'PY'
import struct, sys, zlib
def decode(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, il = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and not il, "unsupported PNG"
            bpp = 3 if ctype == 2 else 4
        elif typ == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat); stride = w * bpp; prev = bytearray(stride); rows = []; i = 0
    for _ in range(h):
        f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    return w, h, bpp, rows
w, h, bpp, rows = decode(sys.argv[1])
colours, nonwhite = set(), 0
for r in rows:
    for x in range(0, len(r), bpp):
        px = r[x:x + 3]; colours.add(px)
        if px != b"\xff\xff\xff": nonwhite += 1
want = [bytes.fromhex(c) for c in sys.argv[2:]]
print(w, h, len(colours), nonwhite * 1000 // (w * h), sum(c in colours for c in want))
PY
)
	read -r W H NCOL NONWHITE NPAL <<<"${stats:-0 0 0 0 0}"
	[ "${W:-0}" = 1200 ] && [ "${H:-0}" = 2000 ]; t $? "screenshot is 1200x2000 (${W:-?}x${H:-?})"
	[ "${NCOL:-0}" -ge 100 ] && [ "${NONWHITE:-0}" -ge 50 ]
	t $? "screenshot is not blank: $NCOL distinct colours, $NONWHITE per mille non-white"
	[ "${NPAL:-0}" = 3 ]; t $? "chart colours painted (eevdf grey, simple blue, vtime red: $NPAL/3)"
else
	for d in "screenshot size" "screenshot not blank" "chart colours painted"; do
		n=$((n + 1)); echo "ok $n - $d # SKIP python3 or screenshot missing"
	done
fi

# 6-8: the DOM Chromium built
timeout 120 "$CHROMIUM" "${FLAGS[@]}" --user-data-dir="$(mktemp -d "$TMP/prof.XXXXXX")" \
	--dump-dom "$URL" >"$TMP/dom.html" 2>>"$TMP/chromium.log"
in_file=$(grep -o '<svg ' "$TMP/report.html" | wc -l)
in_dom=$(grep -o '<svg ' "$TMP/dom.html" | wc -l)
[ "$in_dom" = "$EXPECT_SVG" ] && [ "$in_file" = "$EXPECT_SVG" ]
t $? "DOM has $EXPECT_SVG <svg> elements (file $in_file, DOM $in_dom)"
lines=$(grep -o '<polyline ' "$TMP/dom.html" | wc -l)
bars=$(grep -o '<rect [^>]*><title>' "$TMP/dom.html" | wc -l)
[ "$lines" = "$EXPECT_LINES" ] && [ "$bars" -ge 90 ]
t $? "percentile lines ($lines of $EXPECT_LINES) and bars ($bars, >= 90) present in the DOM"
grep -q '<h2>Provenance</h2>' "$TMP/dom.html" && grep -q 'class="matrix"' "$TMP/dom.html"
t $? "the whole page parsed (conformance matrix and provenance present)"
exit 0
