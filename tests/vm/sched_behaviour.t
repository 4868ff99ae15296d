#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Behaviour of the bundled schedulers, proven in the sched_ext VM: each
# check measures what the scheduler's policy promises and can fail.
#
#  - vtime: two CPU hogs, nice 0 and nice 5, pinned to one CPU, split it
#    within 15% of their weight ratio 1024:335 (CPU time from /proc). As a
#    control, fifo (which declares it ignores weights) must miss that band:
#    the check tells the policies apart.
#  - deadline: a periodic short task beside CPU hogs (the `interactive`
#    workload) wakes with a lower p99 latency than under fifo.
#  - central: its counters show every dispatch made on the central CPU
#    (dispatches_central > 0, dispatches_other == 0) through a hackbench-like
#    messaging load and the wakeup workload, and it exits cleanly (UNREG).
#  - layered (config tests/fixtures/layered/vm_layers.json): hogs of a layer
#    confined to CPU 1 are never sampled elsewhere, two layers of
#    weights 300 and 100 sharing that CPU split it at least 1.5:1 (3:1 is
#    asked; weights ignored give 1:1), and the per-layer usage counters
#    (stat_layer<N>_ns) account for the layers. Why 1.5 and not "within 15%
#    of 3:1": the clean-clone CI runs kept on this host measured 2.85-2.91,
#    but also 2.34 and 2.51 (that one with nothing else on the host), and
#    2.2-2.3 under load, so a 15% band fails on noise; 1.5 keeps twice the
#    worst scatter below 3 and still fails a scheduler that ignores the
#    weights. How close to 3:1 it gets is shown (diag), not judged.
#  - layered: a cgroup_prefix rule confines the tasks of a cgroup subtree
#    (tests/fixtures/layered/vm_cgroup.json) to CPU 1.
#  - central with central_cpu=1 still dispatches only from the central CPU;
#    a central_cpu that does not exist is refused with a clear error.
#  - layered with bad configs (syntax error, unknown key, empty layer list,
#    CPU out of range, duplicate names): a non-zero exit, one error line
#    with FILE:LINE:COLUMN, and nothing loaded (no BPF program left, state
#    disabled).
#
# The hogs and samplers run as `--workload cmd:...` inside scxbench run, so
# they are measured while the scheduler under test is attached (the helper
# checks root/ops and fails otherwise). Durations are guest time; only
# ratios within one boot are compared (TCG is slow and noisy).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
require_sched_ext
BIN=${SCXBENCH:-build/scxbench}
OUT=$(dirname "$BIN")/vmtest/sched_behaviour
rm -rf "$OUT"; mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
tap_begin
NCPU=$(nproc)
LAST=$((NCPU - 1))
diag "kernel $(uname -r), $NCPU CPUs, binary $BIN"

# ---- helper run inside the scheduler (as the cmd workload) ---------------------
# hogs.sh OUTFILE OPS MODE...
#   OPS: the scheduler that must be attached (root/ops), else exit 1.
#   MODE pair CPU SECS NICE_A NICE_B: two hogs pinned to CPU, CPU ticks over SECS.
#   MODE layered SECS CPU: three "scxbl-conf" hogs, their CPU sampled (field
#     39) against CPU; then "scxbl-wa" + "scxbl-wb" hogs (no pinning: the
#     config confines them), CPU ticks over SECS.
#   MODE cgroup CPU: three hogs moved into /scxbl-cg-test/inner, their CPU
#     sampled against CPU.
# Writes KEY=VALUE lines to OUTFILE. Only bash builtins in loops: forks are
# slow under TCG.
cat > "$OUT/hogs.sh" <<'EOF'
#!/usr/bin/env bash
out=$1 ops=$2 mode=$3; shift 3
: > "$out"
say() { echo "$1" >> "$out"; }
cur=$(cat /sys/kernel/sched_ext/root/ops 2>/dev/null)
[ "$cur" = "$ops" ] || { say "error=root/ops is '$cur', not '$ops'"; exit 1; }
dir=$(mktemp -d)
for n in scxbl-conf scxbl-wa scxbl-wb scxbl-hog; do cp /usr/bin/yes "$dir/$n"; done
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
ticks() { local f; read -r -a f < "/proc/$1/stat"; echo $(( f[13] + f[14] )); }
cpu_of() { local f; read -r -a f < "/proc/$1/stat"; echo "${f[38]}"; }
# sample_cpus CPU: 40 samples over 4 s of where each of pids runs; says
# how many were taken and how many were not on CPU
sample_cpus() {
  local n=0 outside=0 i p
  for i in $(seq 40); do
    for p in "${pids[@]}"; do
      n=$((n + 1)); [ "$(cpu_of "$p")" = "$1" ] || outside=$((outside + 1))
    done
    sleep 0.1
  done
  say "samples=$n"; say "outside=$outside"
}
measure() { # SECS PID_A PID_B
  local a0 b0 a1 b1
  a0=$(ticks "$2"); b0=$(ticks "$3"); sleep "$1"; a1=$(ticks "$2"); b1=$(ticks "$3")
  say "a_ticks=$((a1 - a0))"; say "b_ticks=$((b1 - b0))"
}
case $mode in
pair)
  cpu=$1 secs=$2
  taskset -c "$cpu" nice -n "$3" "$dir/scxbl-hog" > /dev/null & pids+=($!)
  taskset -c "$cpu" nice -n "$4" "$dir/scxbl-hog" > /dev/null & pids+=($!)
  sleep 1
  measure "$secs" "${pids[0]}" "${pids[1]}"
  ;;
layered)
  secs=$1 want=$2
  for i in 1 2 3; do "$dir/scxbl-conf" > /dev/null & pids+=($!); done
  sleep 1
  sample_cpus "$want"
  kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null; pids=()
  "$dir/scxbl-wa" > /dev/null & pids+=($!)
  "$dir/scxbl-wb" > /dev/null & pids+=($!)
  sleep 1
  measure "$secs" "${pids[0]}" "${pids[1]}"
  say "a_cpu=$(cpu_of "${pids[0]}")"; say "b_cpu=$(cpu_of "${pids[1]}")"
  ;;
cgroup)
  want=$1 base=/sys/fs/cgroup/scxbl-cg-test
  mkdir -p "$base/inner" || { say "error=cannot create $base/inner"; exit 1; }
  trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; rmdir "$base/inner" "$base" 2>/dev/null' EXIT
  for i in 1 2 3; do
    "$dir/scxbl-hog" > /dev/null & pids+=($!)
    echo "$!" > "$base/inner/cgroup.procs" || { say "error=cannot move $! into $base/inner"; exit 1; }
  done
  sleep 1
  sample_cpus "$want"
  ;;
esac
say "ops_after=$(cat /sys/kernel/sched_ext/root/ops 2>/dev/null)"
EOF

# kv FILE KEY: value of KEY=... in FILE
kv() { sed -n "s/^$2=//p" "$1" 2>/dev/null | head -1; }
# within A B WANT TOL: A/B within TOL (relative) of WANT
within() { awk -v a="$1" -v b="$2" -v w="$3" -v t="$4" 'BEGIN { if (b <= 0) exit 1; r = a / b; d = (r - w) / w; if (d < 0) d = -d; exit !(d <= t) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "inf" }'; }
# at_least A B R: A/B >= R (B > 0)
at_least() { awk -v a="$1" -v b="$2" -v r="$3" 'BEGIN { exit !(b > 0 && a / b >= r) }'; }
# sbrun NAME ARGS...: scxbench run with no baseline and no probes, one repeat
sbrun() {
  local name=$1; shift
  "$BIN" run --no-baseline --probe none --repeat 1 --out "$OUT/$name" "$@" \
    > "$OUT/$name.tap" 2> "$OUT/$name.err"
}
show_fail() { diag "exit $1; stderr tail:"; diag "$(tail -5 "$OUT/$2.err")"; diag "TAP:"; diag "$(grep -E '^(not ok|ok)' "$OUT/$2.tap" | head -10)"; }
W_RATIO=$(awk 'BEGIN { printf "%.4f", 1024 / 335 }')

# ---- vtime: nice 0 vs nice 5 on one CPU ----------------------------------------------
for s in vtime fifo; do
  sbrun "$s-nice" --sched "$s" --duration 30 \
    --workload "cmd:bash $OUT/hogs.sh $OUT/$s-nice.txt $s pair $LAST 10 0 5"
  rc=$?
  [ "$rc" = 0 ] || show_fail "$rc" "$s-nice"
  a=$(kv "$OUT/$s-nice.txt" a_ticks); b=$(kv "$OUT/$s-nice.txt" b_ticks)
  diag "$s: nice 0 got ${a:-?} ticks, nice 5 got ${b:-?}: ratio $(ratio "${a:-0}" "${b:-0}") (weights $W_RATIO)"
  [ -n "$(kv "$OUT/$s-nice.txt" error)" ] && diag "$(kv "$OUT/$s-nice.txt" error)"
  if [ "$s" = vtime ]; then
    is "vtime run exits 0" "$rc" 0
    ok "vtime: nice 0 : nice 5 within 15% of 1024:335 on one CPU" within "${a:-0}" "${b:-0}" "$W_RATIO" 0.15
    ok "vtime: the hogs ran under vtime until the end" test "$(kv "$OUT/$s-nice.txt" ops_after)" = vtime
  else
    # A control that produced no numbers shows nothing: no data fails it.
    is "control: fifo run exits 0" "$rc" 0
    ok "control: fifo (ignores weights) is outside that band, both hogs having run" \
      awk -v a="${a:-0}" -v b="${b:-0}" -v w="$W_RATIO" \
        'BEGIN { if (a <= 0 || b <= 0) exit 1; d = (a / b - w) / w; if (d < 0) d = -d; exit !(d > 0.15) }'
    ok "control: the hogs ran under fifo until the end" test "$(kv "$OUT/$s-nice.txt" ops_after)" = fifo
  fi
done

# ---- deadline vs fifo: periodic short task beside hogs ---------------------------------
sbrun lat --sched fifo,deadline --duration 5 --repeat 3 --workload "interactive:hogs=$((2 * NCPU))"
rc=$?
[ "$rc" = 0 ] || show_fail "$rc" lat
is "fifo,deadline interactive run exits 0" "$rc" 0
J=$OUT/lat/results.json
p99() { json_get "$J" "[r for r in d['results'] if r['scheduler']=='$1' and r['workload'].startswith('interactive')][0]['metrics']['p99_us']['median']" 2>/dev/null; }
f99=$(p99 fifo); d99=$(p99 deadline)
diag "interactive wakeup p99 (median of 3): fifo ${f99:-?} us, deadline ${d99:-?} us"
ok "deadline: periodic task's wakeup p99 lower than fifo's" \
  awk -v f="${f99:-0}" -v d="${d99:-0}" 'BEGIN { exit !(f > 0 && d > 0 && d < f) }'
dmiss=$(json_get "$J" "[r for r in d['results'] if r['scheduler']=='deadline'][0]['repeats'][0]['sched_counters']['preemptions']" 2>/dev/null)
ok "deadline preempted hogs for the periodic task (preemptions=${dmiss:-?})" test "${dmiss:-0}" -gt 0

# ---- central: every dispatch on the central CPU ----------------------------------------
sbrun central --sched central --duration 5 --workload messaging,wakeup
rc=$?
[ "$rc" = 0 ] || show_fail "$rc" central
is "central messaging+wakeup run exits 0" "$rc" 0
J=$OUT/central/results.json
cnt() { json_get "$J" "sum(rep['sched_counters'].get('$1', 0) for r in d['results'] if r['scheduler']=='central' for rep in r['repeats'])" 2>/dev/null; }
dc=$(cnt dispatches_central); do_=$(cnt dispatches_other); ps_=$(cnt pinned_dispatches)
diag "central: dispatches_central=${dc:-?} dispatches_other=${do_:-?} pinned_dispatches=${ps_:-?}"
ok "central: the central CPU dispatched (dispatches_central > 0)" test "${dc:-0}" -gt 0
is "central: no other CPU dispatched (dispatches_other == 0)" "${do_:-?}" 0
is "central: exit recorded as UNREG" "$(json_get "$J" "[s for s in d['schedulers'] if s['name']=='central'][0]['exit']['kind_name']" 2>/dev/null)" UNREG

# ---- layered: CPU set and layer weights -------------------------------------------------
if [ "$NCPU" -lt 2 ]; then
  skip "layered: confinement" "needs 2 CPUs (have $NCPU)"
  skip "layered: weights" "needs 2 CPUs (have $NCPU)"
else
  cfg=tests/fixtures/layered/vm_layers.json
  sbrun layered --sched layered --sched-opt "layered.config=$cfg" --duration 40 \
    --workload "cmd:bash $OUT/hogs.sh $OUT/layered.txt layered layered 10 1"
  rc=$?
  [ "$rc" = 0 ] || show_fail "$rc" layered
  is "layered run exits 0" "$rc" 0
  L=$OUT/layered.txt
  [ -n "$(kv "$L" error)" ] && diag "$(kv "$L" error)"
  diag "layered: $(kv "$L" outside) of $(kv "$L" samples) samples outside CPU 1"
  ok "layered: a layer confined to CPU 1 never ran elsewhere" \
    test "$(kv "$L" samples)" -gt 0 -a "$(kv "$L" outside)" = 0
  a=$(kv "$L" a_ticks); b=$(kv "$L" b_ticks)
  diag "layered: weight 300 layer got ${a:-?} ticks, weight 100 layer ${b:-?}: ratio $(ratio "${a:-0}" "${b:-0}")"
  ok "layered: layers of weight 300 and 100 on one CPU split it at least 1.5:1 (3:1 asked)" at_least "${a:-0}" "${b:-0}" 1.5
  J=$OUT/layered/results.json
  lns() { json_get "$J" "[r for r in d['results'] if r['scheduler']=='layered'][0]['repeats'][0]['sched_counters'].get('layer$1_ns', 0)" 2>/dev/null; }
  l0=$(lns 0); l1=$(lns 1); l2=$(lns 2)
  diag "layered counters: layer0_ns=${l0:-?} layer1_ns=${l1:-?} layer2_ns=${l2:-?}"
  ok "layered: per-layer usage counters follow the weights (layer1/layer2 at least 1.5, 3 asked)" \
    at_least "${l1:-0}" "${l2:-0}" 1.5
  ok "layered: the confined layer's usage is counted (layer0_ns > 0)" test "${l0:-0}" -gt 0
  ok "layered: the config is recorded with the results" \
    test "$(json_get "$J" "[s for s in d['schedulers'] if s['name']=='layered'][0]['info']['config']['layers'][1]['name']" 2>/dev/null)" = weighted-a
fi

# ---- layered: a cgroup path prefix rule ------------------------------------------------
if [ "$NCPU" -lt 2 ]; then
  skip "layered: cgroup rule" "needs 2 CPUs (have $NCPU)"
else
  sbrun layered-cg --sched layered --sched-opt "layered.config=tests/fixtures/layered/vm_cgroup.json" \
    --duration 20 --workload "cmd:bash $OUT/hogs.sh $OUT/layered-cg.txt layered cgroup 1"
  rc=$?
  [ "$rc" = 0 ] || show_fail "$rc" layered-cg
  L=$OUT/layered-cg.txt
  [ -n "$(kv "$L" error)" ] && diag "$(kv "$L" error)"
  diag "layered cgroup: $(kv "$L" outside) of $(kv "$L" samples) samples outside CPU 1"
  ok "layered: tasks under /scxbl-cg-test/inner (rule \"/scxbl-cg-test/in\") ran only on CPU 1" \
    test "$rc" = 0 -a "$(kv "$L" samples)" -gt 0 -a "$(kv "$L" outside)" = 0
fi

# ---- central: the central CPU is a tunable, validated ------------------------------------
if [ "$NCPU" -lt 2 ]; then
  skip "central: central_cpu=1" "needs 2 CPUs (have $NCPU)"
else
  sbrun central1 --sched central --sched-opt central.central_cpu=1 --duration 3 --workload wakeup
  rc=$?
  J=$OUT/central1/results.json
  dc=$(cnt dispatches_central); do_=$(cnt dispatches_other)
  diag "central_cpu=1: dispatches_central=${dc:-?} dispatches_other=${do_:-?}"
  ok "central: with central_cpu=1 CPU 1 makes every dispatch" test "$rc" = 0 -a "${dc:-0}" -gt 0 -a "${do_:-x}" = 0
fi
sbrun central-bad --sched central --sched-opt central.central_cpu=$NCPU --duration 1 --workload wakeup
rc=$?
ok "central: central_cpu=$NCPU (no such CPU) fails ($rc) with a clear error" \
  bash -c "[ $rc != 0 ] && grep -q 'central_cpu=$NCPU out of range' '$OUT/central-bad.err' '$OUT/central-bad.tap'"
diag "$(grep -h 'out of range' "$OUT/central-bad.err" "$OUT/central-bad.tap" 2>/dev/null | head -1)"
is "central: state disabled after the refused attach" "$(cat /sys/kernel/sched_ext/state)" disabled

# ---- layered: bad configs load nothing ------------------------------------------------
nprogs() { bpftool prog list 2>/dev/null | grep -c '^[0-9]*:'; }
p0=$(nprogs)
for f in bad_syntax bad_unknown_key bad_empty bad_cpu_range bad_duplicate; do
  path=tests/fixtures/layered/$f.json
  sbrun "cfg-$f" --sched layered --sched-opt "layered.config=$path" --workload wakeup --duration 1
  rc=$?
  lines=$(grep -E "$path:[0-9]+:[0-9]+: " "$OUT/cfg-$f.err" "$OUT/cfg-$f.tap" 2>/dev/null | head -3)
  ok "layered $f: non-zero exit ($rc)" test "$rc" != 0
  ok "layered $f: error names $path:LINE:COLUMN" test -n "$lines"
  [ -n "$lines" ] && diag "$(echo "$lines" | head -1)"
  is "layered $f: state disabled, nothing attached" "$(cat /sys/kernel/sched_ext/state)" disabled
done
is "no BPF program left behind by the bad configs" "$(nprogs)" "$p0"

tap_end
