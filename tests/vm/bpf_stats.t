#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# run --bpf-stats, in the sched_ext VM: every repeat of a BPF row records
# what its callbacks cost (bundled simple; a scheduler program, whose
# programs are found by the kernel's list), EEVDF none; the kernel's
# run-time statistics are on while the run lasts and off after it, also
# after a SIGKILL (seen by the tracer's cost no longer being counted); without the flag nothing is recorded; a run that cannot
# turn them on fails up front. Functional checks only: no timing
# thresholds. About 40-60 s under TCG.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/wait.sh
require_sched_ext
BIN=${SCXBENCH:-build/scxbench}
B=$(dirname "$BIN")
OUT=$B/vmtest/bpf_stats
LOADER=$B/tests/helpers/scxb_loader
FIFO=$B/tests/bpf/foreign_fifo.bpf.o
rm -rf "$OUT"; mkdir -p "$OUT"
tap_begin

# The run holds the statistics on through an fd (anon inode "bpf-stats"),
# which the sysctl does not show (it reads 0 throughout: it only reports
# its own writes). So: the fd in PID, and, as the kernel's own evidence,
# the rqlat tracer's cost (runq_latency.tracer_events), which the kernel
# counts only while they are on.
holds_stats() { ls -l /proc/"$1"/fd 2>/dev/null | grep -q 'anon_inode:bpf-stats'; }
tracer_counted() { # RESULTS: every repeat's tracer has its runs counted
  json_get "$1" "all('tracer_events' in r2['system']['runq_latency'] for r in d['results'] for r2 in r['repeats'])"
}
tracer_uncounted() {
  json_get "$1" "all('tracer_events' not in r2['system']['runq_latency'] for r in d['results'] for r2 in r['repeats'])"
}
is "kernel.bpf_stats_enabled is 0 before" "$(sysctl -n kernel.bpf_stats_enabled)" 0

# --- on: EEVDF, simple and a scheduler program --------------------------------
"$BIN" run --sched simple --sched-cmd "ldr=$LOADER $FIFO" --workload wakeup --probe none \
  --duration 1 --repeat 1 --bpf-stats --out "$OUT/on" > "$OUT/on.tap" 2> "$OUT/on.err" &
pid=$!
seen=0
while kill -0 "$pid" 2>/dev/null; do holds_stats "$pid" && seen=1; sleep 0.1; done
wait "$pid"; rc=$?
is "--bpf-stats: run exits 0" "$rc" 0
[ "$rc" = 0 ] || { diag "stderr:"; diag "$(tail -20 "$OUT/on.err")"; }
is "the run held the statistics on (its bpf-stats fd)" "$seen" 1
is "the kernel counted the tracer's runs in every repeat" "$(tracer_counted "$OUT/on/results.json")" True
is "kernel.bpf_stats_enabled is 0 after it" "$(sysctl -n kernel.bpf_stats_enabled)" 0

J=$OUT/on/results.json
rep() { echo "[r['repeats'][0] for r in d['results'] if r['scheduler']=='$1'][0]"; }
S="$(rep simple)['bpf_stats']"
is "simple: bpf_stats has simple_enqueue or simple_select_cpu with runs > 0 and ns > 0" \
  "$(json_get "$J" "any(p in $S['programs'] and $S['programs'][p]['runs'] > 0 and $S['programs'][p]['ns'] > 0 for p in ('simple_enqueue', 'simple_select_cpu'))")" True
is "simple: only its programs, named as in the object" \
  "$(json_get "$J" "all(p.startswith('simple_') for p in $S['programs'])")" True
is "simple: totals are the programs' sums, ns_per_s > 0" \
  "$(json_get "$J" "$S['ns'] == sum(v['ns'] for v in $S['programs'].values()) and $S['runs'] == sum(v['runs'] for v in $S['programs'].values()) and $S['ns_per_s'] > 0")" True
diag "simple: $(json_get "$J" "$S")"
L="$(rep ldr)['bpf_stats']['programs']"
is "scheduler program: its sched_ext_ops programs (kernel names) with runs > 0" \
  "$(json_get "$J" "len($L) > 0 and all(p.startswith('foreign_fifo') for p in $L) and any(v['runs'] > 0 and v['ns'] > 0 for v in $L.values())")" True
diag "ldr: $(json_get "$J" "$L")"
is "EEVDF: no bpf_stats" "$(json_get "$J" "'bpf_stats' in $(rep eevdf)")" False
is "provenance params: bpf_stats true" "$(json_get "$J" "d['provenance']['params'].get('bpf_stats')")" True
ok "a TAP comment per BPF repeat names simple's callbacks" grep -Eq '^# simple wakeup repeat 1: bpf: simple_[a-z_]+ [0-9.]+ [un]s x [0-9]+' "$OUT/on.tap"
ok "... and the program's" grep -Eq '^# ldr wakeup repeat 1: bpf: foreign_fifo' "$OUT/on.tap"
is "... and none for EEVDF" "$(grep -c '^# eevdf wakeup repeat 1: bpf:' "$OUT/on.tap")" 0
ok "results.md: a BPF cost row for simple" grep -Eq '^\| simple \| wakeup \| [0-9.e+]+ \| simple_[a-z_]+ [0-9.]+ µs × [0-9]+' "$OUT/on/results.md"

# --- SIGKILL: the kernel turns them off when the process dies -----------------
K=$OUT/killed
"$BIN" run --sched simple --workload wakeup --probe none --no-baseline --duration 3 --repeat 1 --bpf-stats \
  --out "$K" > "$K.tap" 2> "$K.err" &
kpid=$!
in_item() { [ -d "/sys/fs/cgroup/scxbench-$kpid/simple-wakeup-0" ]; }
wait_for 120 in_item || diag "the killed run's repeat never started"
ok "killed run: it holds the statistics on while it runs" holds_stats "$kpid"
kill -KILL "$kpid"; wait "$kpid" 2>/dev/null # (no "Killed" line from bash)
is "killed run: kernel.bpf_stats_enabled is 0" "$(sysctl -n kernel.bpf_stats_enabled)" 0
ok "killed run: the kernel detached simple (state disabled within 5 s)" \
  wait_for 5 bash -c '[ "$(cat /sys/kernel/sched_ext/state)" = disabled ]'

# --- off (the default): nothing recorded, nothing turned on ---------------------
"$BIN" run --sched simple --workload wakeup --probe none --no-baseline --duration 1 --repeat 1 \
  --out "$OUT/off" > "$OUT/off.tap" 2> "$OUT/off.err" &
pid=$!
seen=0
while kill -0 "$pid" 2>/dev/null; do holds_stats "$pid" && seen=1; sleep 0.1; done
wait "$pid"; rc=$?
is "without --bpf-stats: run exits 0" "$rc" 0
is "without --bpf-stats: no bpf-stats fd ever held" "$seen" 0
# the killed run's statistics died with it: nothing counts the tracer now
is "without --bpf-stats (after the kill): the kernel counts no BPF run time" \
  "$(tracer_uncounted "$OUT/off/results.json")" True
is "without --bpf-stats: no repeat has bpf_stats" \
  "$(json_get "$OUT/off/results.json" "any('bpf_stats' in r2 for r in d['results'] for r2 in r['repeats'])")" False
ok "without --bpf-stats: results.md has no BPF cost section" bash -c "! grep -q 'BPF cost' '$OUT/off/results.md'"
is "without --bpf-stats: provenance says nothing" \
  "$(json_get "$OUT/off/results.json" "'bpf_stats' in d['provenance']['params']")" False
is "kernel.bpf_stats_enabled is 0 after both" "$(sysctl -n kernel.bpf_stats_enabled)" 0

# --- the kernel refuses (no CAP_SYS_ADMIN): the run fails up front ---------------
setpriv --inh-caps -sys_admin --bounding-set -sys_admin \
  "$BIN" run --sched simple --workload wakeup --probe none --duration 1 --repeat 1 --bpf-stats \
  --out "$OUT/nocap" > "$OUT/nocap.tap" 2> "$OUT/nocap.err"
rc=$?
is "no CAP_SYS_ADMIN: exit 3 (environment)" "$rc" 3
is "... one line on stderr" "$(wc -l < "$OUT/nocap.err")" 1
ok "... naming --bpf-stats and the errno text" grep -Eq -- '--bpf-stats: .*Operation not permitted' "$OUT/nocap.err"
diag "$(cat "$OUT/nocap.err")"
is "... and nothing ran" "$(grep -c '^ok' "$OUT/nocap.tap")" 0

tap_end
