#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench's policy row (tests/bench/run.sh 5, bench.py rounds/report), on
# a made-up results.json: the tenants values of each row come out per round
# (as run.sh takes them), a failed round as nan, and the tenants row is met,
# or NOT MET, by the median of vtime's rounds against the 0.15 target. The
# benchmark itself needs the VM (make bench); this is its arithmetic, which a
# wrong row or order would silently falsify.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
PY=(python3 tests/bench/bench.py)
tap_begin
cat > "$T/r.json" <<'JSON'
{"results": [
 {"scheduler": "eevdf", "workload": "tenants", "repeats": [
   {"repeat": 0, "status": "ok", "metrics": [{"name": "worst_rel_error", "value": 0.02}]},
   {"repeat": 1, "status": "ok", "metrics": [{"name": "worst_rel_error", "value": 0.04}]},
   {"repeat": 2, "status": "ok", "metrics": [{"name": "worst_rel_error", "value": 0.03}]}]},
 {"scheduler": "vtime", "workload": "tenants:weights=100/300", "repeats": [
   {"repeat": 1, "status": "ok", "metrics": [{"name": "worst_rel_error", "value": 0.12}]},
   {"repeat": 0, "status": "ok", "metrics": [{"name": "worst_rel_error", "value": 0.06}]},
   {"repeat": 2, "status": "failed", "metrics": []}]}]}
JSON
got=$("${PY[@]}" rounds "$T/r.json" vtime tenants v=worst_rel_error | tr '\t\n' '= ')
is "rounds: vtime's tenants values in round order, the failed one nan" "$got" "v=0.06 v=0.12 v=nan "
got=$("${PY[@]}" rounds "$T/r.json" eevdf tenants e=worst_rel_error | tr '\t\n' '= ')
is "rounds: EEVDF's row, not vtime's" "$got" "e=0.02 e=0.04 e=0.03 "

row() { "${PY[@]}" report "$1" | grep '^policy: tenants'; }
printf 'tenants_eevdf\t0.02\ntenants_vtime\t0.05\ntenants_vtime\t0.08\ntenants_vtime\t0.10\n' > "$T/good.tsv"
ok "vtime's median 0.08 <= 0.15: met" grep -q ' met$' <<< "$(row "$T/good.tsv")"
printf 'tenants_eevdf\t0.02\ntenants_vtime\t0.5\ntenants_vtime\t0.6\ntenants_vtime\t0.05\n' > "$T/bad.tsv"
ok "vtime's median 0.5 > 0.15: NOT MET" grep -q 'NOT MET' <<< "$(row "$T/bad.tsv")"
printf 'tenants_eevdf\t0.02\ntenants_vtime\tnan\n' > "$T/none.tsv"
ok "vtime's only round failed: not measured" grep -q 'not measured' <<< "$(row "$T/none.tsv")"
tap_end
