#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make calibrate-recommend: how often `scxbench recommend` names a scheduler
# it should not, and how often it names the one it should, measured in the
# sched_ext VM (make calibrate-recommend runs: ci/vm -- bash
# tests/bench/calibrate_recommend.sh).
#
# Why A/A twins at the top: a wrong pick that matters is one between two
# schedulers that are close, and two rows of the same bundled scheduler are
# exactly equal, so any pick between them is wrong by construction. Each of
# CR_RUNS runs (one boot, one after the other, `run --all`'s design: CR_ROUNDS
# rounds of 2 s, rows interleaved) measures EEVDF and, for each profile's
# bundled contender, the scheduler and its twin:
#   vtime, vtime2=vtime         (multitenant: tenants, fairness, wakeup)
#   deadline, deadline2=deadline (desktop: interactive, wakeup, pipe)
# Then tests/bench/calibrate_recommend.py asks `recommend` as a user would,
# twice per run and profile:
#   A/A     the run as measured: naming either twin is a false pick
#   single  the same run with the twin rows left out: naming the contender
#           is a pick a user would get from `run --all` (its rate is how
#           often the answer repeats), naming EEVDF or another is a miss
# and prints each count with its 95% interval. Results stay in
# build/calibrate-recommend/ (runs, raw.tsv).
#
# Environment: SCXBENCH (binary), CR_RUNS (10), CR_ROUNDS (3), CR_DURATION
# (2 s per repeat, as run --all). About 3.5 minutes per run under TCG.
set -u
cd "$(dirname "$0")/../.." || exit 2
BIN=${SCXBENCH:-build/scxbench}
OUT=$(dirname "$BIN")/calibrate-recommend
RUNS=${CR_RUNS:-10}
ROUNDS=${CR_ROUNDS:-3}
DUR=${CR_DURATION:-2}
[ -d /sys/kernel/sched_ext ] || { echo "calibrate-recommend: no sched_ext here: run it through ci/vm (make calibrate-recommend)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "calibrate-recommend: $BIN missing (make)" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT"
T0=$(date +%s)
for i in $(seq 1 "$RUNS"); do
  d=$OUT/run$i
  # exit 1 (a workload or probe not ok) still leaves a run to judge: the
  # scheduler it concerns is then not eligible, which the summary shows
  "$BIN" run --sched vtime,vtime2=vtime,deadline,deadline2=deadline \
    --workload tenants,fairness,wakeup,interactive,pipe --probe none --repeat "$ROUNDS" \
    --duration "$DUR" --seed "$i" --out "$d" > "$d.tap" 2> "$d.log"
  rc=$?
  [ "$rc" -le 1 ] || echo "calibrate-recommend: run $i exited $rc (see $d.log)" >&2
  echo "calibrate-recommend: run $i/$RUNS done ($(( $(date +%s) - T0 )) s)" >&2
done
python3 tests/bench/calibrate_recommend.py "$BIN" "$OUT" | tee "$OUT/summary.txt"
