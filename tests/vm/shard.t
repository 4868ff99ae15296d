#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Sharding in the sched_ext VM: `run --shard 1/2` and `--shard 2/2` of a
# small plan, merged, against one unsharded run of the same plan.
#
#  - The plan (simple, fifo; pipe; 2 repeats; no probes) is 2 row units in
#    one cell: shard 1/2 runs EEVDF + simple, shard 2/2 EEVDF + fifo; each
#    records its shard in provenance.params.shard.
#  - The merge has the same test points as the unsharded run (the
#    baseline's once per boot, in that boot's group) and the same report
#    sections; simple and fifo are each in the group of the boot that
#    measured them, with that boot's baseline, and compare pairs fifo only
#    with the baseline of its own boot.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tap.sh
require_sched_ext
BIN=${SCXBENCH:-build/scxbench}
OUT=$(dirname "$BIN")/vmtest/shard
rm -rf "$OUT"; mkdir -p "$OUT"
tap_begin

plan=(--sched 'simple,fifo' --workload pipe --duration 1 --repeat 2 --probe none)
"$BIN" run "${plan[@]}" --out "$OUT/one" > "$OUT/one.tap" 2> "$OUT/one.log"
is "the unsharded run exits 0" "$?" 0
for s in 1 2; do
  "$BIN" run "${plan[@]}" --shard "$s/2" --out "$OUT/s$s" > "$OUT/s$s.tap" 2> "$OUT/s$s.log"
  rc=$?
  is "shard $s/2 exits 0" "$rc" 0
  [ "$rc" = 0 ] || diag "$(tail -5 "$OUT/s$s.log")"
  is "shard $s/2 records its shard" "$(json_get "$OUT/s$s/results.json" 'd["provenance"]["params"]["shard"]')" \
    "{'index': $s, 'count': 2}"
done
is "shard 1/2 ran EEVDF and simple" "$(json_get "$OUT/s1/results.json" '" ".join(s["name"] for s in d["schedulers"])')" "eevdf simple"
is "shard 2/2 ran EEVDF and fifo" "$(json_get "$OUT/s2/results.json" '" ".join(s["name"] for s in d["schedulers"])')" "eevdf fifo"

"$BIN" merge "$OUT/m" "$OUT/s1" "$OUT/s2" > /dev/null 2> "$OUT/merge.log"
is "scxbench merge of the two shards exits 0" "$?" 0
# test points: the names, without the group of a merged document
names() { grep -E '^(not )?ok' | sed 's/^\(not \)\{0,1\}ok [0-9]* - //; s/ # .*//; s/ @ .*//' | sort -u; }
"$BIN" report "$OUT/one" --format tap | names > "$OUT/one.names"
names < "$OUT/m/results.tap" > "$OUT/m.names"
ok "the merge has the unsharded run's test points" cmp -s "$OUT/one.names" "$OUT/m.names"
cmp -s "$OUT/one.names" "$OUT/m.names" || diag "$(diff "$OUT/one.names" "$OUT/m.names")"
is "... none of them not ok" "$(grep -c '^not ok' "$OUT/m/results.tap")" 0
is "the baseline once per boot" "$(grep -c '^ok [0-9]* - eevdf/pipe @' "$OUT/m/results.tap")" 2
"$BIN" report "$OUT/one" --format md | grep '^#' | sed 's/ (.*//' | sort -u > "$OUT/one.sections"
grep '^#' "$OUT/m/results.md" | sed 's/ (.*//' | sort -u > "$OUT/m.sections"
ok "the merge's report has the unsharded run's sections" cmp -s "$OUT/one.sections" "$OUT/m.sections"
cmp -s "$OUT/one.sections" "$OUT/m.sections" || diag "$(diff "$OUT/one.sections" "$OUT/m.sections")"
M=$OUT/m/results.json
is "simple and fifo each in the group of its own boot" \
  "$(json_get "$M" '{r["scheduler"]: r["topology"].split(" (")[1] for r in d["results"] if r["scheduler"] != "eevdf"}')" \
  "{'simple': 'shard 1/2)', 'fifo': 'shard 2/2)'}"
"$BIN" compare "$M" --base-row eevdf --cand-row fifo --format tap > "$OUT/cmp.tap" 2> "$OUT/cmp.log"
is "compare eevdf vs fifo on the merge exits 0" "$?" 0
ok "... pairing fifo with the baseline of shard 2/2 only" \
  bash -c "grep -q 'pipe.*shard 2/2' '$OUT/cmp.tap' && ! grep -v 'only' '$OUT/cmp.tap' | grep -q 'pipe.*shard 1/2'"
ok "recommend reads the merge" "$BIN" recommend "$M" -o "$OUT/rec.txt"
tap_end
