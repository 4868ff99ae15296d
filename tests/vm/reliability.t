#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Reliability in the sched_ext VM: scxbench never leaves the machine broken
# and never loses a completed result.
#
#  - SIGINT, SIGTERM, SIGHUP during attach, a workload, a probe and the
#    writing of results.json: exit 128+sig, BPF scheduler detached (state
#    disabled), no process or cgroup of ours left, every completed result in
#    results.jsonl (and the same in results.json).
#  - A second signal takes the emergency path; SIGKILL leaves detaching to
#    the kernel (link lifetime) and the next run removes the stale cgroup
#    and the processes still in it.
#  - --resume DIR finishes the killed run without redoing completed repeats.
#  - A hung item is killed at --item-timeout, reported `not ok ... # timeout`,
#    and the run goes on.
#  - A scheduler that fails to load (not BPF; verifier rejection) is a
#    recorded failure with the verifier log's tail; the next row still runs.
#  - A read-only or full output directory: one clear line, exit 3.
#
# Points of a run are found by what the run shows (its TAP stream, its
# cgroups under /sys/fs/cgroup/scxbench-PID, its temp file), never by
# sleeping a guessed time, so the test holds under TCG's slowness.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/wait.sh
require_sched_ext
BIN=${SCXBENCH:-build/scxbench}
B=$(dirname "$BIN")
OUT=$B/vmtest/reliability
rm -rf "$OUT"; mkdir -p "$OUT"
T0=$(date +%s)
tap_begin

# ---- helpers -----------------------------------------------------------------
state() { cat /sys/kernel/sched_ext/state; }
is_enabled() { [ "$(state)" = enabled ]; }
our_cgroups() { ls -d /sys/fs/cgroup/scxbench-* 2>/dev/null; }
# pids of processes inside any scxbench cgroup
cg_procs() { grep -ls ':/scxbench-' /proc/[0-9]*/cgroup 2>/dev/null | sed 's,/proc/\([0-9]*\)/cgroup,\1,'; }
count() { grep -c "$1" "$2" 2>/dev/null || true; }
has_line() { grep -q "$@"; }
# repeats recorded in results.jsonl
n_jsonl() { count '"type":"repeat"' "$1/results.jsonl"; }
# "JSONL-VALID JSON-REPEATS" of a run dir in one python start (slow in TCG)
py_check() { python3 -c '
import json,sys
d=sys.argv[1]
try:
    [json.loads(l) for l in open(d+"/results.jsonl")]; v="valid"
except Exception as e: v="invalid"
try: n=sum(len(r["repeats"]) for r in json.load(open(d+"/results.json"))["results"])
except Exception as e: n="none"
print(v, n)' "$1"; }
# every repeat reported done on stderr ("... repeat k/N: STATUS")
n_done() { grep -cE 'repeat [0-9]+/[0-9]+: (ok|fail|skip|timeout)' "$1" 2>/dev/null || true; }

# BPF links in the system (the scheduler's struct_ops link, the tracer's
# programs): an interrupted run must leave as many as there were before
n_links() { bpftool link list 2>/dev/null | grep -c '^[0-9]*:' || true; }
LINKS0=$(n_links)

# clean_after NAME DIR RC WANT_RC: the invariants after an interrupted run
clean_after() {
  local name=$1 dir=$2 rc=$3 want=$4
  is "$name: exit $want" "$rc" "$want"
  is "$name: sched_ext state disabled" "$(state)" disabled
  is "$name: no scxbench cgroup left" "$(our_cgroups | wc -l)" 0
  is "$name: no process of the run left" "$(cg_procs | wc -l)" 0
  is "$name: no BPF link of the run left" "$(n_links)" "$LINKS0"
  local pc; pc=$(py_check "$dir")
  is "$name: results.jsonl parses line by line" "${pc% *}" valid
  is "$name: every completed repeat is in results.jsonl" "$(n_jsonl "$dir")" "$(n_done "$dir.err")"
  is "$name: results.json holds the same repeats" "${pc#* }" "$(n_jsonl "$dir")"
  ok "$name: one line says interrupted" has_line "error: interrupted by signal" "$dir.err"
}

sig_num() { case $1 in INT) echo 2;; TERM) echo 15;; HUP) echo 1;; KILL) echo 9;; esac; }
RUNPID=
# start NAME ARGS...: scxbench run in the background, TAP in NAME.tap
start() {
  local d=$OUT/$1; shift
  "$BIN" run --out "$d" "$@" > "$d.tap" 2> "$d.err" &
  RUNPID=$!
}
# Conditions that stay true once reached: the test's polling shell may get
# little CPU while a workload loads both vCPUs, so it must not depend on
# catching a short-lived state.
# the run's own cgroup for this item exists (a probe is running)
in_cgroup() { [ -d "/sys/fs/cgroup/scxbench-$RUNPID/$1" ]; }
tap_has() { grep -q -- "$1" "$OUT/$2.tap"; }
# at least N repeats are on disk: the next repeat has just started
has_repeats() { [ "$(n_jsonl "$OUT/$1")" -ge "$2" ]; }

diag "at $(( $(date +%s) - T0 )) s"
# ---- signals at four points of a run -----------------------------------------
# Each signal at two points (all twelve pairs would cost TCG minutes for
# the same code paths: every point unwinds through the same flag):
# INT attach+workload (+ the double INT below), HUP attach+probe, TERM
# workload+report.
#
# attach: the plan is printed just before the first row attaches (no
# baseline row), so the signal lands while libbpf loads and attaches simple
for sig in INT HUP; do
  n=attach-$sig
  start $n --no-tracer --no-baseline --sched simple --workload wakeup --probe none --duration 1 --repeat 1
  wait_for 60 tap_has '^# duration' $n || diag "$n: plan never printed"
  kill -$sig $RUNPID
  wait $RUNPID; rc=$?
  clean_after "$n" "$OUT/$n" "$rc" $((128 + $(sig_num $sig)))
done

# workload: the first repeat is recorded, so the second (2 s) is running.
# Only these two runs keep the run-queue latency tracer (its BPF programs
# must go too); everywhere else --no-tracer saves TCG seconds.
for sig in TERM INT; do
  n=workload-$sig
  start $n --no-baseline --sched simple --workload wakeup --probe none --duration 2 --repeat 3
  wait_for 90 has_repeats $n 1 || diag "$n: first repeat never recorded"
  kill -$sig $RUNPID
  wait $RUNPID; rc=$?
  clean_after "$n" "$OUT/$n" "$rc" $((128 + $(sig_num $sig)))
  ok "$n: the first repeat was kept" test "$(n_jsonl "$OUT/$n")" -ge 1
  ok "$n: TAP says the workload was interrupted" grep -q 'reason: interrupted' "$OUT/$n.tap"
done

# probe: the fallback probe's child has attached its own erroring scheduler;
# killing the probe's process group must still leave sched_ext disabled
for sig in HUP; do
  n=probe-$sig
  start $n --no-tracer --no-baseline --sched simple --workload none --probe fallback --duration 1
  wait_for 90 in_cgroup probe-simple-fallback || diag "$n: probe never started"
  wait_for 30 is_enabled || diag "$n: the probe's scheduler never attached"
  kill -$sig $RUNPID
  wait $RUNPID; rc=$?
  clean_after "$n" "$OUT/$n" "$rc" $((128 + $(sig_num $sig)))
  is "$n: no probe record for the interrupted probe" "$(count '"type":"probe"' "$OUT/$n/results.jsonl")" 0
done

# report writing: strace holds the rename of results.json for 5 s, and the
# signal comes while its temp file exists (compgen: a builtin, so the poll
# forks nothing and keeps up under TCG)
tmp_exists() { compgen -G "$1/results.json.tmp.*" > /dev/null; }
# ci/setup installs strace: without it this check fails rather than skips
ok "strace is installed (it holds the rename of results.json)" command -v strace
if command -v strace > /dev/null; then
  for sig in TERM; do
    n=report-$sig; d=$OUT/$n
    strace -f -qq -o /dev/null -e trace=rename,renameat,renameat2 \
      -e inject=rename,renameat,renameat2:delay_enter=5000000 \
      "$BIN" run --no-tracer --out "$d" --workload none --probe none > "$d.tap" 2> "$d.err" &
    RUNPID=$!
    wait_for 60 tmp_exists "$d" || diag "$n: temp file never seen"
    spid=$(pgrep -P "$RUNPID" | head -1)  # strace's child is scxbench
    [ -n "$spid" ] && kill -$sig "$spid"
    wait $RUNPID; rc=$?
    is "$n: exit $((128 + $(sig_num $sig)))" "$rc" $((128 + $(sig_num $sig)))
    ok "$n: results.json complete and valid" bash -c 'python3 -m json.tool "$1" > /dev/null' _ "$d/results.json"
    is "$n: no temp file left" "$(ls "$d" | grep -c 'tmp\.')" 0
    is "$n: no scxbench cgroup left" "$(our_cgroups | wc -l)" 0
    ok "$n: footer written" grep -q '"type":"footer"' "$d/results.jsonl"
  done
fi

diag "at $(( $(date +%s) - T0 )) s"
# ---- second signal: emergency detach ---------------------------------------
n=double-INT
# The second INT must land while the first one's unwinding runs. That
# takes from well under 0.1 s to seconds under TCG, so a run that finished
# unwinding before the second signal is tried again (up to 4 times); every
# try must still exit 130 and leave sched_ext disabled.
landed=0 rcs=""
for try in 1 2 3 4; do
  start $n-$try --no-tracer --no-baseline --sched simple --workload wakeup --probe none --duration 3 --repeat 2
  wait_for 90 tap_has 'attached: ops=simple' $n-$try || diag "$n-$try: never attached"
  sleep 0.5
  # apart (two pending SIGINTs merge into one), but within the unwinding
  kill -INT $RUNPID; sleep 0.05; kill -INT $RUNPID 2>/dev/null
  wait $RUNPID; rcs="$rcs $?"
  if grep -q 'second signal' "$OUT/$n-$try.err"; then
    landed=$try
    t_ok=0; wait_for 2 bash -c '[ "$(cat /sys/kernel/sched_ext/state)" = disabled ]' || t_ok=1
    break
  fi
  wait_for 10 bash -c '[ "$(cat /sys/kernel/sched_ext/state)" = disabled ]'
  diag "$n try $try: the first INT's unwinding was done before the second INT; again"
done
is "$n: every try exits 130" "$(echo $rcs | tr ' ' '\n' | sort -u | tr -d '\n')" 130
ok "$n: a second INT during the unwinding says it detaches at once (try $landed of 4)" test "$landed" -gt 0
ok "$n: state disabled within 2 s" test "${t_ok:-1}" = 0
is "$n: no process of the run left (cgroup.kill)" "$(cg_procs | wc -l)" 0
# its cgroup may remain (no rmdir in a signal handler): the next run removes it

diag "at $(( $(date +%s) - T0 )) s"
# ---- SIGKILL: the kernel detaches; the next run cleans up; --resume -------
n=kill
start $n --no-tracer --no-baseline --sched simple --workload wakeup --probe none --duration 2 --repeat 3
wait_for 90 has_repeats $n 1 || diag "$n: first repeat never recorded"
killpid=$RUNPID
kill -KILL $RUNPID
wait $RUNPID; rc=$?
is "$n: exit 137" "$rc" 137
t_kill=$(date +%s%N)
ok "$n: the kernel detached the scheduler (state disabled within 2 s)" \
  wait_for 2 bash -c '[ "$(cat /sys/kernel/sched_ext/state)" = disabled ]'
diag "state disabled $(( ($(date +%s%N) - t_kill) / 1000000 )) ms after SIGKILL"
ok "$n: its cgroup is left behind" test -d /sys/fs/cgroup/scxbench-$killpid
kept=$(n_jsonl "$OUT/$n")
ok "$n: completed repeats were on disk before the kill ($kept)" test "$kept" -ge 1
leftover=$(cg_procs | wc -l)
diag "processes still in the killed run's cgroups: $leftover"

n2=resume
"$BIN" run --no-tracer --resume "$OUT/$n" --no-baseline --sched simple --workload wakeup --probe none --duration 2 --repeat 3 \
  > "$OUT/$n2.tap" 2> "$OUT/$n2.err"
rc=$?
is "$n2: resumed run exits 0" "$rc" 0
[ "$rc" = 0 ] || diag "$(tail -5 "$OUT/$n2.err")"
ok "$n2: says it removed the stale cgroup(s)" grep -Eq 'removed [0-9]+ stale cgroup' "$OUT/$n2.err"
ok "$n2: the killed run's cgroup is gone" test ! -d /sys/fs/cgroup/scxbench-$killpid
is "$n2: no scxbench cgroup left" "$(our_cgroups | wc -l)" 0
is "$n2: no process of either run left" "$(cg_procs | wc -l)" 0
is "$n2: 3 repeat records in all (none redone)" "$(n_jsonl "$OUT/$n")" 3
is "$n2: repeats 0,1,2 once each" \
  "$(grep '"type":"repeat"' "$OUT/$n/results.jsonl" | python3 -c 'import json,sys; print(sorted(json.loads(l)["repeat"] for l in sys.stdin))')" \
  "[0, 1, 2]"
is "$n2: only the missing repeats ran" "$(n_done "$OUT/$n2.err")" $((3 - kept))
pc=$(py_check "$OUT/$n")
is "$n2: results.json has the 3 repeats" "${pc#* }" 3
is "$n2: results.json lists the row once" "$(json_get "$OUT/$n/results.json" '[s["name"] for s in d["schedulers"]]')" "['simple']"
ok "$n2: the resumed results.jsonl still reads (scxbench report)" \
  "$BIN" report "$OUT/$n/results.jsonl" --format md -o "$OUT/$n2.md"

diag "at $(( $(date +%s) - T0 )) s"
# ---- a hung item is killed at its bound; the run goes on -----------------
n=hang
t0=$(date +%s)
"$BIN" run --no-tracer --out "$OUT/$n" --workload 'cmd:sleep 1000' --duration 20 --item-timeout 3 --repeat 2 --probe none \
  > "$OUT/$n.tap" 2> "$OUT/$n.err"
rc=$?
el=$(( $(date +%s) - t0 ))
is "$n: exit 1 (a test failed)" "$rc" 1
ok "$n: TAP says not ok ... # timeout" grep -Eq '^not ok 1 - eevdf cmd:sleep 1000 # timeout' "$OUT/$n.tap"
is "$n: both repeats ran and timed out" "$(count '"status":"timeout"' "$OUT/$n/results.jsonl")" 2
ok "$n: killed at the 3 s bound, not the 90 s default (${el} s)" test "$el" -lt 40
ok "$n: each repeat took about 3 s" json_get "$OUT/$n/results.json" \
  '[exit(0) if all(2.5 < x["elapsed_s"] < 10 for x in d["results"][0]["repeats"]) else exit(1)]'
ok "$n: no sleep 1000 left" bash -c '! pgrep -f "^sleep 1000" > /dev/null'
is "$n: no scxbench cgroup left" "$(our_cgroups | wc -l)" 0

diag "at $(( $(date +%s) - T0 )) s"
# ---- a scheduler that fails to load is a recorded failure --------------------
n=loadfail
REJ=$B/tests/bpf/verifier_reject.bpf.o
[ -f "$REJ" ] || make -s BUILD="$B" "$REJ" > /dev/null 2>&1
head -c 4096 /dev/urandom > "$OUT/garbage.bpf.o"
"$BIN" run --no-tracer --out "$OUT/$n" --no-baseline --sched-obj "$OUT/garbage.bpf.o" --sched-obj "$REJ" --sched simple \
  --workload wakeup --duration 1 --repeat 1 --probe none > "$OUT/$n.tap" 2> "$OUT/$n.err"
rc=$?
is "$n: exit 1 (failures recorded, run completed)" "$rc" 1
ok "$n: not-BPF object: not ok with the reason" grep -Eq '^not ok [0-9]+ - garbage attach/detach' "$OUT/$n.tap"
ok "$n: reason names the bad object" grep -q 'not a loadable BPF object' "$OUT/$n.tap"
ok "$n: ... in words, not a bare libbpf code (no \"Unknown error\")" bash -c "! grep -q \"Unknown error\" \"\$1\"" _ "$OUT/$n.tap"
ok "$n: verifier rejection: not ok" grep -Eq '^not ok [0-9]+ - verifier_reject attach/detach' "$OUT/$n.tap"
J=$OUT/$n/results.json
rej_err=$(json_get "$J" '[s for s in d["schedulers"] if s["name"]=="verifier_reject"][0].get("error","")')
diag "verifier_reject error: ${rej_err:0:400}"
ok "$n: results.json has the load failure" bash -c "grep -q 'load failed' <<< \"\$1\"" _ "$rej_err"
ok "$n: ... with the verifier log's tail" bash -c "grep -Eq 'invalid mem access|NULL check' <<< \"\$1\"" _ "$rej_err"
ok "$n: the next row still ran: simple wakeup ok" grep -Eq '^ok [0-9]+ - simple wakeup$' "$OUT/$n.tap"
ok "$n: simple attach/detach ok" grep -Eq '^ok [0-9]+ - simple attach/detach$' "$OUT/$n.tap"
is "$n: state disabled" "$(state)" disabled
is "$n: no scxbench cgroup left" "$(our_cgroups | wc -l)" 0

diag "at $(( $(date +%s) - T0 )) s"
# ---- output directory read-only / full -------------------------------------
M=/tmp/scxb-reliability
mkdir -p $M/ro $M/full
if mount -t tmpfs -o ro,size=1m scxb-ro $M/ro && mount -t tmpfs -o size=64k scxb-full $M/full; then
  "$BIN" run --no-tracer --workload none --probe none --out $M/ro/out > /dev/null 2> "$OUT/ro.err"
  rc=$?
  is "read-only --out: exit 3" "$rc" 3
  ok "read-only --out: one line naming the dir and why" \
    bash -c "[ \$(wc -l < '$OUT/ro.err') = 1 ] && grep -q -- '$M/ro/out.*Read-only file system' '$OUT/ro.err'"
  head -c 1M /dev/zero > $M/full/fill 2>/dev/null
  "$BIN" run --no-tracer --workload none --probe none --out $M/full/out > /dev/null 2> "$OUT/full.err"
  rc=$?
  is "full --out: exit 3" "$rc" 3
  ok "full --out: one line naming the dir and why" \
    bash -c "[ \$(wc -l < '$OUT/full.err') = 1 ] && grep -q -- '$M/full/out.*No space left on device' '$OUT/full.err'"
  for f in ro full; do diag "$f: $(cat "$OUT/$f.err")"; done
  is "out dir errors: no scxbench cgroup left" "$(our_cgroups | wc -l)" 0
  umount $M/ro $M/full
else
  ok "mount a tmpfs for the read-only/full output tests" false
fi

diag "reliability.t took $(( $(date +%s) - T0 )) s"
tap_end
