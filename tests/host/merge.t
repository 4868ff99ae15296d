#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scxbench merge: parts of one plan become what one run would have written.
#
# Fixtures cut the way the runs cut them: a 2 kernel x 2 topology `run --vm`
# matrix (tests/fixtures/reports/merged_2k2t.json, one process) into its
# four boots as `--shard i/4` would run them (whole cells): the merge must
# hold exactly the same rows, in order, and report/recommend must say the
# same. A plain run (run-a.json) into `--shard 1/2` and `2/2` (simple |
# vtime, central; each shard with its own EEVDF baseline, the kernel probes
# in the shard with the cell's first unit): every row once, the baseline
# once per boot, each boot its own group. Then bad merges, refused with one
# line and exit 2.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tap.sh
BIN=${SCXBENCH:-build/scxbench}
FIX=tests/fixtures/reports
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
tap_begin

python3 - "$FIX" "$T" <<'PY'
import json, os, sys, copy
fix, T = sys.argv[1], sys.argv[2]
def save(path, d):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    json.dump(d, open(path, "w"), indent=1)
# the 2 x 2 matrix, one part per boot (vm_merge's per-run provenance)
m = json.load(open(f"{fix}/merged_2k2t.json"))
runs = m["provenance"]["runs"]
for i, run in enumerate(runs):
    k, t = run["provenance"]["kernel"], run["topology"]
    prov = copy.deepcopy(run["provenance"])
    prov.setdefault("params", {})["shard"] = {"index": i + 1, "count": len(runs)}
    part = {"schema_version": 1, "tool": m["tool"], "provenance": prov}
    for a in ("schedulers", "results", "probes"):
        part[a] = [r for r in m[a] if r.get("kernel") == k and r.get("topology") == t]
    save(f"{T}/matrix/scxbench-results-{i + 1}/results.json", part)
# run-a as two shards of --sched simple,vtime,central
a = json.load(open(f"{fix}/run-a.json"))
for i, rows in ((1, {"eevdf", "simple"}), (2, {"eevdf", "vtime", "central"})):
    prov = copy.deepcopy(a["provenance"])
    prov["params"]["shard"] = {"index": i, "count": 2}
    part = {"schema_version": 1, "tool": a["tool"], "provenance": prov,
            "schedulers": [s for s in a["schedulers"] if s["name"] in rows],
            "results": [r for r in a["results"] if r["scheduler"] in rows],
            "probes": [p for p in a["probes"] if p["scheduler"] in rows or (p["scheduler"] == "kernel" and i == 1)]}
    save(f"{T}/shard{i}/results.json", part)
    # the same shard index twice: another plan's 2/2 (its own rows)
    if i == 2:
        part3 = copy.deepcopy(part)
        part3["provenance"]["params"]["shard"] = {"index": 2, "count": 3}
        save(f"{T}/other-plan/results.json", part3)
open(f"{T}/notjson", "w").write("not json\n")
os.makedirs(f"{T}/bad-empty", exist_ok=True)
bad = copy.deepcopy(a)
bad["schema_version"] = 2
save(f"{T}/v2/results.json", bad)
PY

# --- whole cells: the merge is the single run -----------------------------------
# exit status as the run's: 1 when a test point is not ok (the fixtures have some)
want_rc() { if "$BIN" report "$1" --format tap | grep -q '^not ok'; then echo 1; else echo 0; fi; }
"$BIN" merge "$T/m" "$T/matrix" > "$T/m.out" 2> "$T/m.err"
is "merge of the 4 cells of a 2x2 matrix (a directory of artifacts): exit status as the run's" "$?" \
  "$(want_rc "$FIX/merged_2k2t.json")"
for f in results.json results.md report.html results.tap; do
  ok "merge writes $f" test -s "$T/m/$f"
done
same_rows() {
  python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = [k for k in ("schedulers", "results", "probes") if a[k] != b[k]]
print("# differ:", bad) if bad else None
sys.exit(1 if bad else 0)
PY
}
ok "the merged rows are the single run's, in its order" same_rows "$FIX/merged_2k2t.json" "$T/m/results.json"
"$BIN" report "$FIX/merged_2k2t.json" --format tap | grep -E '^(not )?ok' > "$T/tap.single"
"$BIN" report "$T/m" --format tap | grep -E '^(not )?ok' > "$T/tap.merged"
ok "report --format tap: the same test points as the single run" cmp -s "$T/tap.single" "$T/tap.merged"
ok "merge's results.tap has those test points" cmp -s "$T/tap.single" <(grep -E '^(not )?ok' "$T/m/results.tap")
# (but the first line, which names the file read)
"$BIN" recommend "$FIX/merged_2k2t.json" 2>&1 | tail -n +2 > "$T/rec.single"
"$BIN" recommend "$T/m" 2>&1 | tail -n +2 > "$T/rec.merged"
ok "recommend answers the merge as the single run" cmp -s "$T/rec.single" "$T/rec.merged"
ok "recommend said something" test "$(wc -l < "$T/rec.merged")" -gt 10
"$BIN" compare "$FIX/merged_2k2t.json" --base-row simple --cand-row vtime --format tap | grep -E '^(not )?ok' > "$T/cmp.single"
"$BIN" compare "$T/m" --base-row simple --cand-row vtime --format tap | grep -E '^(not )?ok' > "$T/cmp.merged"
ok "compare --base-row/--cand-row on the merge is the single run's" cmp -s "$T/cmp.single" "$T/cmp.merged"
ok "compare found rows to pair" test -s "$T/cmp.merged"
is "provenance.merged lists the 4 parts, each with its provenance" \
  "$(json_get "$T/m/results.json" 'sum(1 for p in d["provenance"]["merged"]["parts"] if p["provenance"]["kernel"])')" 4
is "the merged document says the parts differ in kernel, not machine" \
  "$(json_get "$T/m/results.json" '",".join(d["provenance"]["merged"]["differ"])')" kernel
is "the whole is no shard" "$(json_get "$T/m/results.json" '"shard" in d["provenance"]["params"]')" False

# --- a split cell: each shard its own boot and group ---------------------------------
"$BIN" merge "$T/s" "$T/shard1" "$T/shard2/results.json" > /dev/null 2> "$T/s.err"
is "merge of shards 1/2 and 2/2 of a plain run: exit status as the run's" "$?" "$(want_rc "$FIX/run-a.json")"
python3 - "$FIX/run-a.json" "$T/s/results.json" > "$T/split" <<'PY'
import json, sys
a, m = (json.load(open(p)) for p in sys.argv[1:3])
def strip(r):
    return {k: v for k, v in r.items() if k not in ("kernel", "topology")}
def check(ok, desc):
    print(("PASS" if ok else "FAIL") + "|" + desc)
for k, key in (("schedulers", lambda r: r["name"]), ("results", lambda r: (r["scheduler"], r["workload"])),
               ("probes", lambda r: (r["scheduler"], r["probe"]))):
    single = {json.dumps(key(r)): strip(r) for r in a[k]}
    merged = [r for r in m[k]]
    others = [r for r in merged if (r.get("name") or r.get("scheduler")) != "eevdf"]
    check(sorted(json.dumps(key(r)) for r in others) == sorted(x for x in single if "eevdf" not in x),
          f"{k}: every row but the baseline's exactly once")
    check(all(strip(r) == single[json.dumps(key(r))] for r in merged), f"{k}: each row as its shard measured it")
base = [r for r in m["results"] if r["scheduler"] == "eevdf"]
groups = sorted({r["topology"] for r in base})
check(groups == ["2cpu (shard 1/2)", "2cpu (shard 2/2)"], f"the baseline once per boot, each in its group: {groups}")
g = {r["scheduler"]: r["topology"] for r in m["results"]}
check(g["simple"] == "2cpu (shard 1/2)" and g["vtime"] == g["central"] == "2cpu (shard 2/2)",
      "each row in the group of its boot, with that boot's baseline")
check(all(r["kernel"] == a["provenance"]["kernel"] for r in m["results"]), "rows tagged with their kernel")
check(sum(1 for p in m["probes"] if p["scheduler"] == "kernel") == 1, "the kernel probe once")
PY
while IFS='|' read -r v d; do is "$d" "$v" PASS; done < "$T/split"
"$BIN" report "$FIX/run-a.json" --format tap | grep -E '^(not )?ok' | sed 's/^\(not \)\{0,1\}ok [0-9]* - //; s/ # .*//' | sort -u > "$T/names.single"
"$BIN" report "$T/s" --format tap | grep -E '^(not )?ok' | sed 's/^\(not \)\{0,1\}ok [0-9]* - //; s/ # .*//; s/ @ .*//' | sort -u > "$T/names.merged"
ok "the same test points as the unsharded run (the baseline's once per boot)" cmp -s "$T/names.single" "$T/names.merged"
"$BIN" compare "$T/s" --base-row eevdf --cand-row vtime --format tap > "$T/cmp.s" 2>&1
ok "compare pairs vtime with the baseline of its own boot only" \
  bash -c "grep -q 'vtime' '$T/cmp.s' && ! grep -q 'shard 1/2' <(grep -i 'vtime' '$T/cmp.s' | grep -v only)"
"$BIN" recommend "$T/s" > "$T/rec.s" 2>&1
is "recommend reads the merge" "$?" 0
is "recommend answers each boot on its own" "$(grep -c '^profile desktop.*(shard [12]/2)' "$T/rec.s")" 2
ok "report --format md reads the merge" "$BIN" report "$T/s" --format md -o "$T/s.md"

# --- refused merges --------------------------------------------------------------------
refused() {  # DESC WANT-IN-ERROR PARTS...
  local desc=$1 want=$2; shift 2
  "$BIN" merge "$T/bad" "$@" > /dev/null 2> "$T/err"
  local rc=$?
  TAP_N=$((TAP_N + 1))
  if [ "$rc" = 2 ] && [ "$(wc -l < "$T/err")" = 1 ] && grep -q -- "$want" "$T/err"; then
    echo "ok $TAP_N - $desc"
  else
    echo "not ok $TAP_N - $desc"; TAP_FAILED=$((TAP_FAILED + 1)); diag "exit $rc: $(cat "$T/err")"
  fi
}
refused "a part given twice is refused" "also in" "$T/shard1" "$T/shard1/results.json"
refused "the same run twice (no shards) is refused" "also in" "$FIX/run-a.json" "$FIX/run-a.json"
refused "shards of different plans sharing a baseline are refused" "also in" "$T/shard1" "$T/other-plan"
refused "another schema version is refused" "schema_version" "$T/shard1" "$T/v2"
refused "a file that is not results is refused" "$T/notjson" "$T/shard1" "$T/notjson"
refused "a missing part is refused" "$T/nope" "$T/nope"
refused "a directory without results is refused" "no results.json" "$T/bad-empty"
"$BIN" merge "$T/bad" > /dev/null 2> "$T/err"
is "merge without parts: exit 2" "$?" 2
ok "nothing was written by the refused merges" test ! -e "$T/bad/results.json"

# --- exit status: a not ok point in a part ----------------------------------------------
"$BIN" merge "$T/f" "$FIX/run-failed-probe.json" > /dev/null 2>&1
is "a merged not ok test point: exit 1 (results still written)" "$?" 1
ok "... and its results.tap says not ok" grep -q '^not ok' "$T/f/results.tap"
tap_end
