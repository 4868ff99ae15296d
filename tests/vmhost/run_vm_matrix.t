#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# `scxbench run --vm` on two topologies, from the host: two VM boots (one
# per topology), each run in OUT/<kernel>-<topology>/, one renumbered TAP
# stream, and one merged OUT/results.json whose rows carry the kernel and
# topology they ran on. The topologies are checked as the guest kernel saw
# them (sysfs, recorded in each run's provenance).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
BIN=${SCXBENCH:-build/scxbench}
OUT=$(dirname "$BIN")/vmhost/matrix
rm -rf "$OUT"; mkdir -p "$OUT"
tap_begin
if [ "$(id -u)" != 0 ] || ! command -v vng >/dev/null; then
  echo "1..0 # SKIP needs root and virtme-ng (run ci/setup)"; exit 0
fi
K=${SCXBENCH_KERNEL:-$(cat /var/lib/scxbench/default-kernel)}

start=$(date +%s)
"$BIN" run --vm --topology 1cpu --topology smt4 --sched simple --workload wakeup --probe none \
  --duration 1 --repeat 1 --out "$OUT/run" > "$OUT/run.tap" 2> "$OUT/run.err"
rc=$?
diag "two VM runs took $(( $(date +%s) - start )) s"
is "run --vm on 1cpu and smt4 exits 0" "$rc" 0
[ "$rc" = 0 ] || { diag "stderr:"; diag "$(tr -s ' ' < "$OUT/run.err" | tail -20)"; }
sed 's/^/  | /' "$OUT/run.tap" | grep -v '^  |   ' | sed 's/^/#/'
is "one TAP version line" "$(grep -c '^TAP version 13$' "$OUT/run.tap")" 1
is "merged plan 1..6 at the end" "$(tail -1 "$OUT/run.tap")" "1..6"
is "six ok, none not ok" "$(grep -Ec '^ok [0-9]+ - ' "$OUT/run.tap"):$(grep -c '^not ok' "$OUT/run.tap")" "6:0"
ok "test points numbered 1..6 in order" bash -c "[ \"\$(grep -Eo '^ok [0-9]+' '$OUT/run.tap' | cut -d' ' -f2 | tr '\n' ' ')\" = '1 2 3 4 5 6 ' ]"
ok "points tagged [kernel 1cpu] then [kernel smt4]" bash -c \
  "grep -q '^ok 2 - \[$K 1cpu\] simple wakeup$' '$OUT/run.tap' && grep -q '^ok 5 - \[$K smt4\] simple wakeup$' '$OUT/run.tap'"
ok "prove parses the merged stream" bash -c "prove --exec cat '$OUT/run.tap' > /dev/null 2>&1"
ok "stderr names the accelerator (kvm or tcg)" grep -Eq 'accel (kvm|tcg)' "$OUT/run.err"
for t in 1cpu smt4; do
  ok "run directory $K-$t has its own results.json" test -s "$OUT/run/$K-$t/results.json"
  ok "run directory $K-$t keeps the guest kernel's console log" test -f "$OUT/run/$K-$t/console.log"
done
J=$OUT/run/results.json
ok "merged results.json written" test -s "$J"
ok "results.md and report.html rendered from the merge" test -s "$OUT/run/results.md" -a -s "$OUT/run/report.html"
is "rows: eevdf, simple on each topology" \
  "$(json_get "$J" '",".join(s["name"]+"@"+s["topology"] for s in d["schedulers"])')" \
  "eevdf@1cpu,simple@1cpu,eevdf@smt4,simple@smt4"
is "every scheduler/result/probe row has kernel and topology" \
  "$(json_get "$J" 'all("kernel" in r and "topology" in r for k in ("schedulers","results","probes") for r in d[k])')" True
is "results rows name kernel $K" "$(json_get "$J" 'sorted(set(r["kernel"] for r in d["results"]))')" "['$K']"
is "provenance.matrix" "$(json_get "$J" 'd["provenance"]["matrix"]')" "{'kernels': ['$K'], 'topologies': ['1cpu', 'smt4']}"
is "provenance.runs: two ok runs, guest exit status 0 through ci/vm" \
  "$(json_get "$J" '[(r["topology"], r["status"], r["exit_status"]) for r in d["provenance"]["runs"]]')" \
  "[('1cpu', 'ok', 0), ('smt4', 'ok', 0)]"
ok "accelerator recorded (kvm or tcg)" test "$(json_get "$J" 'd["provenance"]["vm"]["accel"] in ("kvm", "tcg")')" = True
# the guest's own view of its CPUs, from sysfs
topo() { json_get "$J" "[(t['cpus'], t['cores'], t['threads_per_core'], t['nodes']) for t in [r['provenance']['topology'] for r in d['provenance']['runs'] if r['topology'] == '$1']][0]"; }
is "1cpu guest: 1 CPU, 1 core, 1 thread, 1 node" "$(topo 1cpu)" "(1, 1, 1, 1)"
is "smt4 guest: 4 CPUs, 2 cores x 2 threads, 1 node" "$(topo smt4)" "(4, 2, 2, 1)"
"$BIN" report "$OUT/run" --format md > "$OUT/report.md" 2> "$OUT/report.err"
is "scxbench report reads the merged results" "$?" 0
"$BIN" report "$J" --format json > /dev/null 2>&1
is "scxbench report --format json accepts the merge" "$?" 0
tap_end
