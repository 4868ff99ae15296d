#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Every bundled scheduler survives aggressive load and repeated reloads, in
# the sched_ext VM.
#
# For each scheduler (SCHED_STRESS_LIST, default all six): one scxbench run
# with the wakeup and messaging (hackbench-like: central's upstream
# equivalent has been known to error out there) workloads and a mixed
# stress-ng load (cpu, fork, affinity churn, pipes) for SCHED_STRESS_S
# seconds each (default 20), then the
# `reload` probe (50 attach/detach cycles of the loaded object under load,
# which itself checks enable_seq, UNREG exits and that no BPF program or map
# is left). Checked here:
#  - the run exits 0 and every result and the probe are ok;
#  - the scheduler's recorded exit is UNREG (no error, no stall);
#  - no kernel warning, BUG, oops or sched_ext error appeared in dmesg;
#  - state is disabled afterwards and the number of BPF programs and maps
#    is back where it started.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
require_sched_ext
BIN=${SCXBENCH:-build/scxbench}
OUT=$(dirname "$BIN")/vmtest/sched_stress
rm -rf "$OUT"; mkdir -p "$OUT"
LIST=${SCHED_STRESS_LIST:-simple fifo vtime central deadline layered}
SECS=${SCHED_STRESS_S:-20}
tap_begin
diag "kernel $(uname -r), $(nproc) CPUs, ${SECS} s per workload, schedulers: $LIST"

nprogs() { bpftool prog list 2>/dev/null | grep -c '^[0-9]*:'; }
nmaps() { bpftool map list 2>/dev/null | grep -c '^[0-9]*:'; }
# the kernel frees programs and maps after an RCU grace period: give the
# counts up to 10 s to settle before comparing
settled() { local end=$((SECONDS + 10)); while [ "$(nprogs) $(nmaps)" != "$1 $2" ] && [ $SECONDS -lt $end ]; do sleep 0.2; done; }
# kernel messages that mean something went wrong (the scheduler's own
# enable/disable lines are fine)
bad_dmesg() { dmesg | tail -n +"$1" | grep -E 'WARNING:|BUG:|Oops|Call Trace|sched_ext: .*(error|stall|runnable task stall)|scx_bpf_error'; }

for s in $LIST; do
  d0=$(( $(dmesg | wc -l) + 1 )); p0=$(nprogs); m0=$(nmaps)
  "$BIN" run --no-baseline --sched "$s" --workload "wakeup,messaging,stress-ng:cpu,fork,affinity,pipe" \
    --duration "$SECS" --repeat 1 --probe reload --out "$OUT/$s" > "$OUT/$s.tap" 2> "$OUT/$s.err"
  rc=$?
  is "$s: run exits 0" "$rc" 0
  if [ "$rc" != 0 ]; then
    diag "stderr tail:"; diag "$(tail -5 "$OUT/$s.err")"
    diag "$(grep -E '^not ok' "$OUT/$s.tap" | head -5)"
  fi
  J=$OUT/$s/results.json
  is "$s: wakeup, messaging and stress-ng results ok" \
    "$(json_get "$J" "sorted(set(r['status'] for r in d['results'] if r['scheduler']=='$s'))" 2>/dev/null)" "['ok']"
  is "$s: reload probe (50 attach/detach cycles) passes" \
    "$(json_get "$J" "[p['status'] for p in d['probes'] if p['scheduler']=='$s' and p['probe']=='reload'][0]" 2>/dev/null)" pass
  is "$s: exit recorded as UNREG" \
    "$(json_get "$J" "[x for x in d['schedulers'] if x['name']=='$s'][0]['exit']['kind_name']" 2>/dev/null)" UNREG
  bad=$(bad_dmesg "$d0")
  ok "$s: no kernel warning or sched_ext error in dmesg" test -z "$bad"
  [ -n "$bad" ] && diag "$(echo "$bad" | head -8)"
  is "$s: state disabled afterwards" "$(cat /sys/kernel/sched_ext/state)" disabled
  settled "$p0" "$m0"
  is "$s: BPF programs back to $p0" "$(nprogs)" "$p0"
  is "$s: BPF maps back to $m0" "$(nmaps)" "$m0"
done

tap_end
