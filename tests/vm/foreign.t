#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Schedulers we did not write, in the sched_ext VM: foreign objects built
# from vmlinux.h and libbpf's headers only (tests/vm/bpf/foreign_*.bpf.c)
# and a scheduler program (build/tests/helpers/scxb_loader). They record no
# exit info of their own and know nothing of our metadata, so:
#  1. an object that calls scx_bpf_error() after load: the exit kind,
#     reason and message come from the kernel log, in TAP, JSON and
#     Markdown; the same through a scheduler program;
#  2. a FIFO that ignores nice fails `weights` undeclared (and the failure
#     says how to declare) and passes with --sched-opt NAME.ignores=weights,
#     the split still measured;
#  3. an object with a deprecated op (cpu_release) passes `reload`; the
#     kernel's deprecation notice is its own finding in TAP, JSON, Markdown
#     and HTML.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
require_sched_ext
BIN=${SCXBENCH:-build/scxbench}
B=$(dirname "$BIN")
OUT=$B/vmtest/foreign
F=$B/tests/bpf
LOADER=$B/tests/helpers/scxb_loader
rm -rf "$OUT"; mkdir -p "$OUT"
tap_begin

run() { # NAME ARGS... : scxbench run into $OUT/NAME.{tap,err}, sets rc
  local name=$1; shift
  "$BIN" run --no-baseline --duration 1 --repeat 1 --out "$OUT/$name" "$@" > "$OUT/$name.tap" 2> "$OUT/$name.err"
  rc=$?
}
# block NAME DESC: the YAML block of test point DESC
block() { sed -n "\| - $2\$|,/^  \.\.\./p" "$OUT/$1.tap"; }
has() { # TESTDESC NAME POINT REGEX: the point's block matches
  if block "$2" "$3" | grep -Eq -- "$4"; then ok "$1" true; else ok "$1" false; block "$2" "$3" | sed 's/^/# /'; fi
}
sched_json() { json_get "$OUT/$1/results.json" "[s for s in d['schedulers'] if s['name']=='$2'][0]$3"; }

# --- 1. exit info from the kernel ------------------------------------------
# error_after_ms is 2 s: the scheduler dies during the 5 s workload
run err --sched-obj "$F/foreign_err.bpf.o" --sched-cmd "$LOADER $F/foreign_err.bpf.o" \
  --workload wakeup --probe none --duration 5
is "foreign_err: run exits 1" "$rc" 1
has "foreign_err: the workload names the exit kind and message" err "foreign_err wakeup" \
  "reason: .*ERROR_BPF: foreign_err: giving up after [0-9]+ ms"
has "foreign_err: attach/detach has exit_kind ERROR_BPF" err "foreign_err attach/detach" "exit_kind: ERROR_BPF"
has "foreign_err: ... the kernel's reason" err "foreign_err attach/detach" "exit_reason: scx_bpf_error"
has "foreign_err: ... the message" err "foreign_err attach/detach" "exit_msg: 'foreign_err: giving up after [0-9]+ ms'"
has "foreign_err: ... from the kernel log" err "foreign_err attach/detach" "exit_source: kernel log"
is "foreign_err: results.json exit kind" "$(sched_json err foreign_err "['exit']['kind_name']")" ERROR_BPF
ok "foreign_err: results.json exit message" \
  test "$(sched_json err foreign_err "['exit']['msg'].startswith('foreign_err: giving up after')")" = True
ok "foreign_err: results.md shows kind, reason and message" \
  grep -Eq '\| foreign_err \| obj \|.*ERROR_BPF \(scx_bpf_error\): foreign_err: giving up' "$OUT/err/results.md"
has "program running foreign_err: attach/detach has exit_kind ERROR_BPF" err "scxb_loader attach/detach" \
  "exit_kind: ERROR_BPF"
has "program running foreign_err: ... and the kernel's message" err "scxb_loader attach/detach" \
  "exit_msg: 'foreign_err: giving up after"
ok "program running foreign_err: the program's output is kept beside it" \
  test "$(sched_json err scxb_loader "['exit'].get('output','') != ''")" = True

# --- 2. a FIFO that ignores nice ----------------------------------------------
run fifo --sched-obj "$F/foreign_fifo.bpf.o" --workload none --probe weights
is "foreign_fifo undeclared: run exits 1" "$rc" 1
ok "foreign_fifo undeclared: weights not ok" grep -Eq "^not ok [0-9]+ - foreign_fifo probe weights\$" "$OUT/fifo.tap"
has "foreign_fifo undeclared: the failure names the declaration" fifo "foreign_fifo probe weights" \
  "reason: .*got [0-9.]+ : 1 of one CPU.*--sched-opt foreign_fifo.ignores=weights"
# the failure's repro line reruns just that scheduler and probe
repro=$(block fifo "foreign_fifo probe weights" | sed -n "s/^  repro: //p" | sed "s/^'\(.*\)'\$/\1/; s/''/'/g")
ok "foreign_fifo undeclared: the failure has a repro line for that object and probe" \
  bash -c "case \"\$1\" in *' run '*'--sched-obj $F/foreign_fifo.bpf.o'*'--probe weights'*) exit 0;; *) exit 1;; esac" _ "$repro"
diag "repro: $repro"
# in ci/vm's guest it boots the same kernel and topology again; here, already
# in that guest, it runs without the VM part
if [ -n "${SCXBENCH_IN_VM:-}" ]; then
  vmpart=" --vm --kernel ${SCXBENCH_VM_KERNEL:-} --topology ${SCXBENCH_TOPOLOGY:-}"
  ok "foreign_fifo undeclared: the repro line names this guest's kernel and topology" \
    bash -c "case \"\$1\" in *' run$vmpart '*) exit 0;; *) exit 1;; esac" _ "$repro"
  repro=${repro/$vmpart/}
fi
eval "$repro" > "$OUT/repro.tap" 2> "$OUT/repro.err"
ok "foreign_fifo undeclared: the repro command fails weights again, alone" \
  bash -c "grep -Eq '^not ok 1 - foreign_fifo probe weights\$' '$OUT/repro.tap' && grep -q '^1..2\$' '$OUT/repro.tap'"
run fifo-declared --sched-obj "$F/foreign_fifo.bpf.o" --sched-opt foreign_fifo.ignores=weights \
  --workload none --probe weights
is "foreign_fifo declared: run exits 0" "$rc" 0
ok "foreign_fifo declared: weights ok" grep -Eq "^ok [0-9]+ - foreign_fifo probe weights\$" "$OUT/fifo-declared.tap"
has "foreign_fifo declared: the split is still measured" fifo-declared "foreign_fifo probe weights" "measured_ratio: [0-9.]+"
has "foreign_fifo declared: not claimed, and why" fifo-declared "foreign_fifo probe weights" \
  "claim: declared by --sched-opt foreign_fifo.ignores=weights"
"$BIN" run --no-baseline --sched-obj "$F/foreign_fifo.bpf.o" --sched-opt foreign_fifo.ignores=nice \
  --out "$OUT/badopt" > /dev/null 2> "$OUT/badopt.err"
is "ignores= with an unknown property: exit 2" "$?" 2
ok "... one line naming the flag" grep -q "^scxbench: error: --sched-opt foreign_fifo.ignores=nice: unknown property 'nice'" "$OUT/badopt.err"

# --- 3. a deprecated op ----------------------------------------------------------
run dep --sched-obj "$F/foreign_deprecated.bpf.o" --workload none --probe reload
is "foreign_deprecated: run exits 0" "$rc" 0
ok "foreign_deprecated: reload ok" grep -Eq "^ok [0-9]+ - foreign_deprecated probe reload\$" "$OUT/dep.tap"
has "foreign_deprecated: reload reports the notices" dep "foreign_deprecated probe reload" \
  "kernel_notice: ops->cpu_acquire/release\(\) are deprecated"
has "foreign_deprecated: attach/detach names the notice" dep "foreign_deprecated attach/detach" \
  "kernel_notice: ops->cpu_acquire/release\(\) are deprecated"
ok "foreign_deprecated: results.json keeps the notice" \
  test "$(sched_json dep foreign_deprecated "['info']['kernel_notices'][0].startswith('ops->cpu_acquire/release() are deprecated')")" = True
ok "foreign_deprecated: results.md shows it" grep -q "kernel notice: ops->cpu_acquire/release() are deprecated" "$OUT/dep/results.md"
ok "foreign_deprecated: report.html shows it" grep -q "kernel notice:</span> ops-&gt;cpu_acquire/release() are deprecated" "$OUT/dep/report.html"

is "sched_ext disabled at the end" "$(cat /sys/kernel/sched_ext/state)" disabled
tap_end
