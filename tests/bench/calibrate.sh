#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make calibrate: how often scxbench's regression gate is wrong, measured in
# the sched_ext VM (make calibrate runs: ci/vm -- bash tests/bench/calibrate.sh).
#
# Each of CAL_RUNS runs (one boot, one after the other) measures, interleaved
# in CAL_ROUNDS rounds, rows of the test-only scheduler slowtwin
# (tests/vm/bpf/slowtwin.bpf.c: simple + burn_ns of spinning per runnable
# task):
#   base   burn_ns = 0
#   aa     burn_ns = 0       the same build again: an A/A pair with base
#   sN     burn_ns = N       for each N in CAL_BURNS: a slowed twin
# and then asks the gate, exactly as a user would:
#   scxbench compare RUN --base-row base --cand-row X --fail-on-regression GATE
# A/A: exit 1 is a false alarm. Slowed twins: exit 1 is a catch; the size
# of the slowdown is what the run measured (median over the runs of the
# headline's change), not assumed from N. Also, across runs, base of run i
# against base of run i-1 (two separate runs of the same build): the gate
# there never fires on metrics by design; the number of metric changes the
# report would still claim is counted, to show why.
#
# Environment: SCXBENCH (binary), CAL_RUNS (20), CAL_ROUNDS (20),
# CAL_DURATION (1 s per repeat), CAL_GATE (5 %), CAL_BURNS ("3000" ns),
# CAL_WORKLOADS (pipe:cpu=0: pinned, its headline the round trip's 10th percentile,
# roundtrip_p10_us; "pipe" measures the unpinned one). Results
# stay in build/calibrate/ (runs, compare TAP, raw.tsv).
set -u
cd "$(dirname "$0")/../.."
BIN=${SCXBENCH:-build/scxbench}
B=$(dirname "$BIN")
OUT=$B/calibrate
TWIN=$B/tests/bpf/slowtwin.bpf.o
RUNS=${CAL_RUNS:-20}
ROUNDS=${CAL_ROUNDS:-20}
DUR=${CAL_DURATION:-1}
GATE=${CAL_GATE:-5}
BURNS=${CAL_BURNS:-3000}
WL=${CAL_WORKLOADS:-pipe:cpu=0}
[ -r "$TWIN" ] || { echo "calibrate: $TWIN missing (make $TWIN)" >&2; exit 2; }
[ -d /sys/kernel/sched_ext ] || { echo "calibrate: no sched_ext here: run it through ci/vm (make calibrate)" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT"
RAW=$OUT/raw.tsv
printf 'run\tpair\tburn_ns\texit\tchange_pct\tverdict\n' > "$RAW"
T0=$(date +%s)

# the headline's change and verdict from compare's TAP (the point marked
# headline: true; pipe:cpu=0's is roundtrip_p10_us)
headline() { # file -> "change_pct verdict"
  awk '/^(not )?ok [0-9]+ - / {v=$0; sub(/.*: /,"",v); sub(/ .*/,"",v); c=""; h=0; next}
       /^  change_pct:/ {c=$2} /^  headline: true/ {h=1}
       /^  \.\.\./ {if (h) {print c, v; exit}}' "$1"
}

prev=
for i in $(seq 1 "$RUNS"); do
  args=(--no-baseline --sched-obj "base=$TWIN" --sched-obj "aa=$TWIN")
  for n in $BURNS; do args+=(--sched-obj "s$n=$TWIN" --sched-opt "s$n.burn_ns=$n"); done
  d=$OUT/run$i
  if ! "$BIN" run "${args[@]}" --workload "$WL" --probe none --duration "$DUR" --repeat "$ROUNDS" \
      --seed "$i" --out "$d" > "$d.tap" 2> "$d.log"; then
    echo "calibrate: run $i failed (see $d.log)" >&2
  fi
  for pair in aa $(for n in $BURNS; do echo "s$n"; done); do
    f=$OUT/cmp$i-$pair.tap
    "$BIN" compare "$d" --base-row base --cand-row "$pair" --fail-on-regression "$GATE" --format tap > "$f" 2>/dev/null
    rc=$?
    burn=0; [ "$pair" = aa ] || burn=${pair#s}
    read -r ch v < <(headline "$f")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$pair" "$burn" "$rc" "${ch:-nan}" "${v:-none}" >> "$RAW"
  done
  if [ -n "$prev" ]; then
    f=$OUT/cross$i.txt
    "$BIN" compare "$prev/results.json" "$d/results.json" --fail-on-regression "$GATE" > "$f" 2>/dev/null
    rc=$?
    claims=$(grep -v '^summary' "$f" | grep -cE ' (regressed|improved|changed)( \[|  #|$)')
    printf '%s\tcross\t0\t%s\t%s\tclaims\n' "$i" "$rc" "$claims" >> "$RAW"
  fi
  prev=$d
  echo "calibrate: run $i/$RUNS done ($(( $(date +%s) - T0 )) s)" >&2
done

python3 - "$RAW" "$GATE" "$ROUNDS" "$DUR" "$(( $(date +%s) - T0 ))" "$WL" <<'PY'
import sys, statistics as st
raw, gate, rounds, dur, secs, wl = sys.argv[1:7]
rows = [l.rstrip("\n").split("\t") for l in open(raw)][1:]
print(f"scxbench gate calibration: {wl}, {rounds} rounds x {dur} s per run, gate {gate}%, {secs} s in all")
print(f"{'comparison':44} {'runs':>5} {'gate fired':>11} {'rate':>6}  measured change (median, range)")
def show(name, sel, fired_is_bad):
    if not sel:
        return
    fired = sum(1 for r in sel if r[3] == "1")
    ch = [float(r[4]) for r in sel if r[4] not in ("nan", "")]
    chs = f"{st.median(ch):+.1f}% ({min(ch):+.1f}..{max(ch):+.1f})" if ch else "-"
    print(f"{name:44} {len(sel):5d} {fired:11d} {100*fired/len(sel):5.0f}%  {chs}")
show("A/A, two rows of one run (false alarms)", [r for r in rows if r[1] == "aa"], True)
for b in sorted({r[2] for r in rows if r[1].startswith("s")}, key=int):
    show(f"slowed twin burn_ns={b} (catches)", [r for r in rows if r[1] == "s" + b], False)
cross = [r for r in rows if r[1] == "cross"]
if cross:
    fired = sum(1 for r in cross if r[3] == "1")
    claims = [int(r[4]) for r in cross]
    print(f"{'A/A, two separate runs (gate: never on metrics)':44} {len(cross):5d} {fired:11d} "
          f"{100*fired/len(cross):5.0f}%  metric changes still claimed: {sum(claims)} in {len(cross)} comparisons")
PY
