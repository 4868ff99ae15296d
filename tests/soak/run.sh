#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make soak: what scxbench and the bundled schedulers leave in the kernel
# after many loads and a long run, in one boot of the sched_ext VM (make
# soak runs: ci/vm -- bash tests/soak/run.sh). Not part of make check.
#
# Phases, each between a before and an after snapshot (tests/soak/soak.py:
# BPF programs, maps, links, BTF objects, unreclaimable slab) with the
# kernel log captured in between (dmesg --follow-new):
#   control   the machine under the same kind of load with no scheduler:
#             how much slab drifts on its own in this boot (the noise);
#   cycles    per bundled scheduler, SOAK_CYCLES enable/disable cycles
#             (default 1000) under load: the reload probe, its counts raised
#             (SCXBENCH_RELOAD_CYCLES), SOAK_FULL of them (default 10) full
#             loads (open, verify, load, attach, detach, close: what creates
#             programs, maps and BTF objects), the rest re-attaches of the
#             loaded struct_ops map (a link each); the probe's hogs (one more
#             than CPUs, 70% busy) are the load; a short warm-up run first,
#             outside the phase;
#   long      EEVDF (the control of this kind) and each bundled scheduler,
#             an equal share of SOAK_LONG_S (default 1800) of mixed
#             workloads with it attached, then scx CI's stress-ng bar
#             ("stress-ng -t 14 --aggressive -M -c nproc -f nproc" in
#             sched-ext/scx's stress tests) held for 45 s.
# Then the table (soak.py table), and exit 1 on any growth beyond noise.
#
# SOAK_SCHEDS=a,b limits the schedulers; SOAK_CYCLES=0 or SOAK_LONG_S=0
# skips a kind of phase; SOAK_OUT (default build/soak) keeps every run's
# results, TAP and kernel log.
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=${SCXBENCH:-build/scxbench}
OUT=${SOAK_OUT:-$(dirname "$BIN")/soak}
CYCLES=${SOAK_CYCLES:-1000}
FULL=${SOAK_FULL:-10}
LONG_S=${SOAK_LONG_S:-1800}
CONTROL_S=${SOAK_CONTROL_S:-60}
STRESS_S=45
NCPU=$(nproc)
die() { echo "soak: $*" >&2; exit 2; }
[ -e /sys/kernel/sched_ext/state ] || die "no sched_ext in this kernel ($(uname -r)): run it under ci/vm (make soak)"
command -v bpftool > /dev/null || die "bpftool not found (ci/setup installs it)"
command -v stress-ng > /dev/null || die "stress-ng not found (ci/setup installs it)"
for v in CYCLES FULL LONG_S CONTROL_S; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "SOAK_$v=${!v}: not a whole number"
done
[ "$CYCLES" = 0 ] || [ "$FULL" -lt "$CYCLES" ] || die "SOAK_FULL=$FULL must be below SOAK_CYCLES=$CYCLES"
SCHEDS=${SOAK_SCHEDS:-$("$BIN" list --json | python3 -c 'import json, sys
print(",".join(s["name"] for s in json.load(sys.stdin)["schedulers"] if s["kind"] == "bundled"))')}
[ -n "$SCHEDS" ] || die "no bundled scheduler found ($BIN list)"
rm -rf "$OUT"; mkdir -p "$OUT"
T0=$(date +%s)
say() { echo "soak: [$(( $(date +%s) - T0 )) s] $*" >&2; }
say "schedulers $SCHEDS; $CYCLES cycles ($FULL full loads) each; long run $LONG_S s; kernel $(uname -r), ${SCXBENCH_VM_ACCEL:-no VM}"

# the kernel frees programs, maps and links after RCU grace periods and
# work items: wait until the counts are back (or 60 s), then snapshot
settle_snap() { # BEFORE_FILE AFTER_FILE
  local end=$(( $(date +%s) + 60 ))
  while :; do
    python3 tests/soak/soak.py snap "$2" || return 1
    python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(any(a[k]!=b[k] for k in ("prog","map","link","btf")))' "$1" "$2" && return 0
    [ "$(date +%s)" -lt "$end" ] || return 0
    sleep 1
  done
}

KPID=
phase_begin() { # NAME
  P=$OUT/$1
  python3 tests/soak/soak.py snap "$P.before.json" || die "bpftool failed (see above)"
  dmesg -W -r > "$P.kmsg" 2>&1 & KPID=$!
  PT0=$(date +%s.%N)
}
phase_end() { # NAME KIND SCHED CYCLES RC [NOTE]
  local secs; secs=$(echo "$(date +%s.%N) - $PT0" | bc)
  settle_snap "$P.before.json" "$P.after.json"
  kill "$KPID" 2>/dev/null; wait "$KPID" 2>/dev/null
  python3 - "$P" "$2" "$3" "$4" "$5" "$secs" "${6:-}" <<'PY'
import json, subprocess, sys
p, kind, sched, cycles, rc, secs, note = sys.argv[1:]
km = json.loads(subprocess.run(["python3", "tests/soak/soak.py", "kmsg", p + ".kmsg"],
                               capture_output=True, text=True, check=True).stdout)
json.dump({"kind": kind, "sched": sched, "cycles": int(cycles) if cycles else "", "rc": int(rc),
           "seconds": float(secs), "before": json.load(open(p + ".before.json")),
           "after": json.load(open(p + ".after.json")), "kmsg": km, "note": note},
          open(p + ".phase.json", "w"))
PY
}

# ---- control: load, no scheduler -------------------------------------------------
if [ "$CONTROL_S" -gt 0 ]; then
  say "control: stress-ng -c $NCPU -f $NCPU for $CONTROL_S s, no scheduler"
  phase_begin 00-control
  stress-ng -t "$CONTROL_S" -c "$NCPU" -f "$NCPU" > "$P.log" 2>&1; rc=$?
  phase_end 00-control control eevdf "" "$rc"
fi

# ---- cycles ------------------------------------------------------------------------
# a probe's failure (a leak it sees itself, a cycle that did not reach
# enabled) is the run's exit 1: the phase shows it, with the reason
probe_reason() { grep -m1 -A12 '^not ok' "$1" | grep -m1 'reason:' | sed 's/^ *reason: *//'; }
n=1
IFS=, read -ra SL <<< "$SCHEDS"
if [ "$CYCLES" -gt 0 ]; then
  for s in "${SL[@]}"; do
    name=$(printf '%02d-cycles-%s' $n "$s"); n=$((n + 1))
    # warm-up, outside the phase: the first loads of a scheduler grow slab
    # caches the kernel keeps for later loads (seen: layered +1.3 MB over
    # its first 20 cycles); what a soak looks for is growth per cycle
    SCXBENCH_RELOAD_CYCLES=3 SCXBENCH_RELOAD_FULL=2 "$BIN" run --no-baseline --no-tracer --sched "$s" \
      --workload none --probe reload --out "$OUT/$name.warmup" > "$OUT/$name.warmup.tap" 2>&1
    say "cycles: $s, $CYCLES enable/disable cycles ($FULL full loads)"
    phase_begin "$name"
    SCXBENCH_RELOAD_CYCLES=$CYCLES SCXBENCH_RELOAD_FULL=$FULL "$BIN" run --no-baseline --no-tracer --sched "$s" \
      --workload none --probe reload --out "$P.run" > "$P.tap" 2> "$P.err"; rc=$?
    phase_end "$name" cycles "$s" "$CYCLES" "$rc" "$(probe_reason "$P.tap")"
    say "cycles: $s done (exit $rc)"
  done
fi

# ---- long run ----------------------------------------------------------------------
long_run() { # SCHED (eevdf: the baseline row alone)
  local sel=(--no-baseline --sched "$1"); [ "$1" = eevdf ] && sel=()
  "$BIN" run "${sel[@]}" --probe none --duration $DUR --repeat $rep --workload "$WLS" \
    --out "$P.run" > "$P.tap" 2> "$P.err"; rc=$?
  # the bar: like scx CI, stress-ng beside the running scheduler; the
  # scheduler must still be the one loaded when stress-ng ends
  rc2=0
  if [ $rc = 0 ]; then
    "$BIN" run "${sel[@]}" --probe none --repeat 1 --duration $STRESS_S \
      --workload "cmd:stress-ng -t $STRESS_S --aggressive -M -c $NCPU -f $NCPU" \
      --out "$P.stress" > "$P.stress.tap" 2> "$P.stress.err"; rc2=$?
  fi
}
# mixed workloads at 5 s a repeat, repeated to fill the scheduler's share of
# SOAK_LONG_S (a repeat costs about 2 s more than its duration in the VM),
# (one run, the scheduler attached throughout), then the stress-ng bar in a
# run of its own (its one repeat is 45 s, the mixed ones are 5 s)
WLS=wakeup,pipe,messaging,cpu,fairness,interactive,fork,tenants
NWL=8 DUR=5
if [ "$LONG_S" -gt 0 ]; then
  share=$(( LONG_S / (${#SL[@]} + 1) ))
  rep=$(( (share - STRESS_S) / (NWL * (DUR + 2)) )); [ "$rep" -ge 1 ] || rep=1
  # the same mix under EEVDF first, as the control: its drift is the long
  # phases' noise. Before it, outside any phase, one short pass warms the
  # caches the workloads grow on first use (tasks, sockets, cgroups: seen
  # +3.4 MB SUnreclaim on a first long run)
  "$BIN" run --no-tracer --probe none --duration 2 --repeat 1 --workload "$WLS" --out "$OUT/long-warmup" \
    > "$OUT/long-warmup.tap" 2>&1
  for s in eevdf "${SL[@]}"; do
    name=$(printf '%02d-long-%s' $n "$s"); n=$((n + 1))
    say "long: $s, $WLS x $rep repeats of $DUR s, then stress-ng --aggressive for $STRESS_S s"
    phase_begin "$name"
    long_run "$s"
    kind=long; [ "$s" = eevdf ] && kind=control-long
    phase_end "$name" $kind "$s" "" $(( rc ? rc : rc2 )) "$(probe_reason "$P.tap")$(probe_reason "$P.stress.tap")"
    say "long: $s done (exit $rc, stress-ng $rc2)"
  done
fi

say "finished in $(( $(date +%s) - T0 )) s"
python3 tests/soak/soak.py table "$OUT" | tee "$OUT/table.md"
