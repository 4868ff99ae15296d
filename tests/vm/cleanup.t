#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Nothing left behind after a SIGKILL (issue 20), in the sched_ext VM.
#
# The user's case: `scxbench run --sched vtime --workload wakeup,pipe
# --duration 3 --repeat 3 --out DIR &`, then kill -9 while vtime runs. The
# kernel detaches the scheduler; the run's cgroup (and any temp file) stays.
# The next start removes what dead runs left, says so in one line, and
# never touches the state of a run that is still alive:
#  - the killed run's cgroup goes;
#  - a group whose PID now belongs to another, live process goes too (PID
#    reuse: "is PID alive" is not "is that run alive"; a run's liveness is
#    the lock it holds on its own group);
#  - the dead run's temp file in the output dir goes, the live run's and
#    the user's files stay;
#  - a live concurrent run keeps its group, its workload and its temp dir,
#    and finishes normally; the workloads' temp dirs (no PID in their
#    names) go only once no run is alive.
# Points are found by what the runs show (TAP, cgroups, files), never by
# sleeping a guessed time.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/wait.sh
require_sched_ext
BIN=${SCXBENCH:-build/scxbench}
OUT=$(dirname "$BIN")/vmtest/cleanup
rm -rf "$OUT"; mkdir -p "$OUT/tmp"
# the workloads' temp dirs go here, not into the guest's shared /tmp
export TMPDIR=$OUT/tmp
T0=$(date +%s)
tap_begin

state() { cat /sys/kernel/sched_ext/state; }
tap_has() { grep -q -- "$2" "$1"; }
# scxbench-PID groups whose PID is not a live scxbench process
dead_groups() {
  local g pid
  for g in /sys/fs/cgroup/scxbench-*; do
    [ -d "$g" ] || continue
    pid=${g##*-}
    [ "$(cat /proc/$pid/comm 2>/dev/null)" = scxbench ] || echo "${g##*/}"
  done
}

# ---- a live run beside everything that follows --------------------------------
# EEVDF only (it must not hold a BPF scheduler: the killed run attaches
# one), an item that runs until it is stopped; it is alive through every
# start below, each of which sweeps
L=$OUT/live
"$BIN" run --no-tracer --workload 'cmd:sleep 1000' --duration 300 --repeat 1 --probe none --out "$L" \
  > "$L.tap" 2> "$L.err" &
LPID=$!
live_item() { compgen -G "/sys/fs/cgroup/scxbench-$LPID/eevdf-*" > /dev/null && compgen -G "$TMPDIR/scxb-cmd-*" > /dev/null; }
wait_for 120 live_item || diag "the live run's item never started"
LTMP=$(compgen -G "$TMPDIR/scxb-cmd-*" | head -1)

# ---- the issue's run, killed while vtime runs ----------------------------------
K=$OUT/killed
"$BIN" run --sched vtime --workload wakeup,pipe --duration 3 --repeat 3 --out "$K" > "$K.tap" 2> "$K.err" &
KPID=$!
# the EEVDF row's 6 repeats, then vtime attached, its first repeat recorded
# and the second started (its item cgroup exists): the kill lands in a
# workload, as the user's did 30 s in, not inside the append of a record
in_cgroup() { [ -d "/sys/fs/cgroup/scxbench-$KPID/$1" ]; }
wait_for 300 tap_has "$K.tap" 'vtime attached' || diag "vtime never attached"
wait_for 120 in_cgroup vtime-wakeup-1 || diag "vtime's second repeat never started"
kill -KILL $KPID
wait $KPID; rc=$?
is "killed run: exit 137" "$rc" 137
ok "killed run: the kernel detached vtime (state disabled within 5 s)" \
  wait_for 5 bash -c '[ "$(cat /sys/kernel/sched_ext/state)" = disabled ]'
# every scxbench process left is the live run or one of its item's
only_live_scxbench() {
  local p
  for p in $(pgrep -x scxbench); do
    [ "$p" = "$LPID" ] || grep -q "/scxbench-$LPID/" /proc/$p/cgroup 2>/dev/null || return 1
  done
}
ok "killed run: no process of it survived (within 10 s)" wait_for 10 only_live_scxbench
ok "killed run: every line of results.jsonl parses ($(wc -l < "$K/results.jsonl") lines)" \
  python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$K/results.jsonl"
ok "killed run: its cgroup was left behind (what the next start must remove)" test -d /sys/fs/cgroup/scxbench-$KPID
ok "the killed run's start did not touch the live run's cgroup" test -d /sys/fs/cgroup/scxbench-$LPID
# what keeps it: the live run's POSIX read lock on its group directory
# (/proc/locks: "POSIX ADVISORY READ PID MAJ:MIN:INODE 0 EOF")
ok "the live run holds a POSIX lock on its cgroup directory" grep -Eq \
  "POSIX +ADVISORY +READ +$LPID [0-9a-f]+:[0-9a-f]+:$(stat -c %i /sys/fs/cgroup/scxbench-$LPID) " /proc/locks

# ---- more of what dead runs leave ------------------------------------------------
# PID reuse: a dead run's group named after a PID that a live, unrelated
# process has now (a sleep), with an item group inside
sleep 1000 & SPID=$!
mkdir -p /sys/fs/cgroup/scxbench-$SPID/vtime-wakeup-0
# temp files in the next run's output dir: a dead run's (its PID in the
# name), the live run's, a report writer's that nobody touched for an hour,
# and the user's own
N=$OUT/next
mkdir -p "$N" "$TMPDIR/scxb-stress-ng-AbC123"
echo '{' > "$N/results.json.tmp.$KPID"
echo '{' > "$N/results.json.tmp.$LPID"
echo x > "$N/results.md.tmp.Zq81xY"; touch -d '1 hour ago' "$N/results.md.tmp.Zq81xY"
echo mine > "$N/notes.tmp.1"

# ---- the next start ---------------------------------------------------------------
"$BIN" run --no-tracer --workload none --probe none --out "$N" > "$N.tap" 2> "$N.err"
rc=$?
is "next start: exit 0" "$rc" 0
[ "$rc" = 0 ] || diag "$(cat "$N.err")"
diag "next start said: $(grep -i 'removed\|stale' "$N.err")"
is "next start: says what it removed in one line" "$(grep -c 'removed .*left by killed earlier runs' "$N.err")" 1
ok "... naming 2 stale cgroups and 2 temp files" grep -q 'removed 2 stale cgroup(s) (scxbench-.*), 2 stale temp file(s) left by' "$N.err"
ok "the killed run's cgroup is gone" test ! -d /sys/fs/cgroup/scxbench-$KPID
ok "the group of the dead run whose PID was reused is gone" test ! -d /sys/fs/cgroup/scxbench-$SPID
ok "... and the process that has the PID now was not touched" kill -0 $SPID
is "no scxbench-* cgroup of a dead process remains" "$(dead_groups | tr '\n' ' ')" ""
ok "the dead run's temp file is gone" test ! -e "$N/results.json.tmp.$KPID"
ok "the old report temp file is gone" test ! -e "$N/results.md.tmp.Zq81xY"
ok "the live run's temp file stays" test -e "$N/results.json.tmp.$LPID"
ok "the user's file stays" test -e "$N/notes.tmp.1"
ok "the live run's cgroup stays" test -d /sys/fs/cgroup/scxbench-$LPID
ok "the live run's item is still running (its cgroup populated)" \
  bash -c 'grep -q "populated 1" /sys/fs/cgroup/scxbench-$1/eevdf-*/cgroup.events' _ $LPID
ok "the live run's temp dir stays" test -d "$LTMP"
ok "with a run alive, no workload temp dir is removed" test -d "$TMPDIR/scxb-stress-ng-AbC123"
is "sched_ext state disabled" "$(state)" disabled

# ---- the live run ends normally, then a start with no run alive -------------------
kill -INT $LPID
wait $LPID; rc=$?
is "live run: stopped by SIGINT, exit 130 (not disturbed before)" "$rc" 130
ok "live run: its results parse" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$L/results.json"
ok "live run: removed its own cgroup" test ! -d /sys/fs/cgroup/scxbench-$LPID
"$BIN" run --no-tracer --workload none --probe none --out "$N" > "$N.2.tap" 2> "$N.2.err"
rc=$?
is "start with no run alive: exit 0" "$rc" 0
# the live run's own temp dir is stale too now: the interrupt killed its
# item (cgroup.kill) before the workload could remove it
diag "start with no run alive said: $(grep -i 'removed\|stale' "$N.2.err")"
# (and the live run's temp file planted above: that run is dead now)
ok "... removes the workload temp dirs, in one line" grep -Eq 'removed .*[12] stale temp dir\(s\) left by killed earlier runs' "$N.2.err"
ok "... which are gone" bash -c '! compgen -G "$1/scxb-*" > /dev/null' _ "$TMPDIR"
is "no scxbench cgroup left at all" "$(ls -d /sys/fs/cgroup/scxbench-* 2>/dev/null | wc -l)" 0
is "sched_ext state disabled at the end" "$(state)" disabled
kill $SPID 2>/dev/null; wait $SPID 2>/dev/null

diag "cleanup.t took $(( $(date +%s) - T0 )) s"
tap_end
