#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Host-side CLI behaviour (no sched_ext needed): help, list, and the
# one-line errors for bad input and an unsuitable kernel.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
BIN=${SCXBENCH:-build/scxbench}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
tap_begin

$BIN --help > "$T/help" 2>&1; is "--help exits 0" "$?" 0
ok "--help lists the run command" grep -q '^  run ' "$T/help"
# provenance names the commit the binary was built from, also after an
# incremental build (the hash was once a -D flag that only the files a
# commit touched picked up, so it named an older commit)
want=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
$BIN --version > "$T/ver" 2>&1; is "--version exits 0" "$?" 0
ok "--version names the tree's commit ($want)" grep -Eq "^scxbench [0-9.]+ \($want(-dirty)?\)$" "$T/ver"
$BIN run --help > "$T/rhelp" 2>&1; is "run --help exits 0" "$?" 0
ok "run --help documents exit codes" grep -q 'exit status: 0 all ok, 1 a test failed, 2 bad usage' "$T/rhelp"
$BIN list > "$T/list" 2>&1; is "list exits 0" "$?" 0
ok "list shows the EEVDF baseline" grep -q '^  eevdf ' "$T/list"
ok "list shows simple with its policy" grep -q '^  simple .*global FIFO' "$T/list"
# every bundled scheduler states what it is for (or what it shows) and its
# known cost on the line under its policy (SCXB_PURPOSE, issue 19)
for s in simple fifo vtime central deadline layered; do
  ok "list: $s states its purpose and cost" \
    awk -v s="$s" '$1 == s {getline; f = ($1 == "for:" || $1 == "shows:") && /; cost: /} END {exit !f}' "$T/list"
done
ok "list: eevdf has no purpose line (nothing loaded)" \
  awk '$1 == "eevdf" {getline; f = ($1 == "for:" || $1 == "shows:")} END {exit f}' "$T/list"
ok "list shows the wakeup workload" grep -q '^  wakeup ' "$T/list"
ok "list shows the fallback probe" grep -q '^  fallback ' "$T/list"
# the same listing for scripts: one JSON document, one model with the text
$BIN list --json > "$T/list.json" 2> "$T/e"; is "list --json exits 0" "$?" 0
ok "list --json: every bundled scheduler, EEVDF as the baseline, purposes with a cost" python3 - "$T/list.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["name"]: x for x in d["schedulers"]}
assert [x["name"] for x in d["schedulers"]][:7] == ["eevdf", "simple", "fifo", "vtime", "central", "deadline", "layered"], list(s)
assert s["eevdf"]["kind"] == "baseline" and "purpose" not in s["eevdf"]
for n in ("simple", "fifo", "vtime", "central", "deadline", "layered"):
    assert s[n]["kind"] == "bundled" and "; cost: " in s[n]["purpose"], n
assert s["vtime"]["tunables"]["cgroup_weights"] == 1
PY
ok "list --json: workloads with their metrics and headline, probes with their scope" python3 - "$T/list.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
w = {x["name"]: x for x in d["workloads"]}
p = {x["name"]: x["scope"] for x in d["probes"]}
assert "p99_us" in w["wakeup"]["metrics"] and w["wakeup"]["headline"] == "p99_us", w["wakeup"]
assert "roundtrip_p10_us" in w["pipe"]["metrics"]
assert p["watchdog"] == "kernel" and p["starvation"] == "row", p
PY
ok "list --json names what the text lists" bash -c "python3 -c 'import json, sys
print(\"\\n\".join(x[\"name\"] for k in (\"schedulers\", \"workloads\", \"probes\") for x in json.load(open(sys.argv[1]))[k]))' '$T/list.json' > '$T/jn'; awk '/^  [^ ]/ {print \$1}' '$T/list' > '$T/tn'; cmp -s '$T/jn' '$T/tn'"
$BIN list --bogus > "$T/o" 2> "$T/e"; is "list --bogus: exit 2" "$?" 2
ok "list --bogus: one line naming the argument, nothing on stdout" \
  bash -c "[ \$(wc -l < '$T/e') = 1 ] && grep -q \"unknown argument '--bogus'\" '$T/e' && [ ! -s '$T/o' ]"
$BIN bogus > /dev/null 2> "$T/e"; is "unknown command: exit 2" "$?" 2
ok "unknown command: one line" bash -c "[ \$(wc -l < '$T/e') = 1 ]"
$BIN run --sched nosuch > /dev/null 2> "$T/e"; is "unknown scheduler: exit 2" "$?" 2
ok "unknown scheduler: one line naming it" bash -c "[ \$(wc -l < '$T/e') = 1 ] && grep -q \"unknown scheduler 'nosuch'\" '$T/e'"
if [ -e /sys/kernel/sched_ext/state ]; then
  skip "no-sched_ext error" "this kernel has sched_ext"
  skip "no-sched_ext error line" "this kernel has sched_ext"
elif [ "$(id -u)" != 0 ]; then
  skip "no-sched_ext error" "needs root"
  skip "no-sched_ext error line" "needs root"
else
  $BIN run --sched simple --out "$T/o" > /dev/null 2> "$T/e"; is "no sched_ext: exit 3" "$?" 3
  ok "no sched_ext: one line suggesting the VM" bash -c "[ \$(wc -l < '$T/e') = 1 ] && grep -q 'no sched_ext.*--vm' '$T/e'"
fi
tap_end
