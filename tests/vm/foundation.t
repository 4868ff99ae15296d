#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Foundation, end to end in the sched_ext VM: EEVDF + simple running the
# wakeup workload and the fallback probe; TAP and JSON checked; SIGINT keeps
# results and detaches; environment errors are one clear line.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
require_sched_ext
BIN=${SCXBENCH:-build/scxbench}
OUT=$(dirname "$BIN")/vmtest/foundation
rm -rf "$OUT"; mkdir -p "$OUT"
tap_begin

# --- the main run -------------------------------------------------------------
$BIN run --sched simple --workload wakeup --probe fallback --duration 1 --repeat 2 --out "$OUT/run" \
  > "$OUT/run.tap" 2> "$OUT/run.err"
rc=$?
is "run exits 0" "$rc" 0
[ "$rc" = 0 ] || { diag "stderr:"; diag "$(tail -20 "$OUT/run.err")"; }
sed 's/^/  | /' "$OUT/run.tap" | head -60 | sed 's/^/#/'
ok "TAP stream starts with 'TAP version 13' and plan 1..4" \
  bash -c "head -2 '$OUT/run.tap' | tr '\n' ' ' | grep -qx 'TAP version 13 1..4 '"
ok "TAP names the kernel release $(uname -r)" grep -q "kernel $(uname -r)" "$OUT/run.tap"
ok "TAP shows ops=simple attached" grep -q "scheduler simple attached: ops=simple state=enabled" "$OUT/run.tap"
ok "eevdf wakeup ok" grep -Eq '^ok [0-9]+ - eevdf wakeup$' "$OUT/run.tap"
ok "simple wakeup ok" grep -Eq '^ok [0-9]+ - simple wakeup$' "$OUT/run.tap"
ok "simple attach/detach ok" grep -Eq '^ok [0-9]+ - simple attach/detach$' "$OUT/run.tap"
ok "fallback probe ok" grep -Eq '^ok [0-9]+ - (kernel|simple) probe fallback$' "$OUT/run.tap"
ok "fallback saw ERROR_BPF with the scheduler's message" \
  grep -q "exit_msg: 'fallback_err: injected error after" "$OUT/run.tap"
ok "prove parses the TAP stream" prove --exec cat "$OUT/run.tap"
J=$OUT/run/results.json
ok "results.json written" test -s "$J"
is "schema_version" "$(json_get "$J" 'd["schema_version"]')" 1
is "provenance kernel" "$(json_get "$J" 'd["provenance"]["kernel"]')" "$(uname -r)"
is "provenance cpus" "$(json_get "$J" 'd["provenance"]["cpus"]')" "$(nproc)"
is "provenance tool" "$(json_get "$J" 'd["tool"]["name"]')" scxbench
is "provenance repeats" "$(json_get "$J" 'd["provenance"]["params"]["repeat"]')" 2
is "rows: eevdf then simple" "$(json_get "$J" '",".join(s["name"] for s in d["schedulers"])')" "eevdf,simple"
is "simple exit recorded as UNREG" "$(json_get "$J" '[s for s in d["schedulers"] if s["name"]=="simple"][0]["exit"]["kind_name"]')" UNREG
# The simple row's info: the hash of the object embedded from the build,
# and the verified instruction count of each of its struct_ops programs.
SIMPLE_INFO='[s for s in d["schedulers"] if s["name"]=="simple"][0]["info"]'
is "simple hash is the sha256 of the built simple.bpf.o" "$(json_get "$J" "$SIMPLE_INFO['hash']")" \
  "sha256:$(sha256sum "$(dirname "$BIN")/bpf/simple.bpf.o" | cut -d' ' -f1)"
is "verifier cost recorded for each of simple's programs" \
  "$(json_get "$J" "sorted(k for k, v in $SIMPLE_INFO['verifier'].items() if v > 0)")" \
  "['simple_enqueue', 'simple_exit', 'simple_select_cpu']"
is "two raw p50 values per row" "$(json_get "$J" '[len(r["metrics"]["p50_us"]["values"]) for r in d["results"]]')" "[2, 2]"
ok "percentiles ordered p50 <= p99 <= max" test "$(json_get "$J" 'all(r["metrics"]["p50_us"]["median"] <= r["metrics"]["p99_us"]["median"] <= r["metrics"]["max_us"]["median"] for r in d["results"])')" = True
ok "wakeups_per_s positive" test "$(json_get "$J" 'all(r["metrics"]["wakeups_per_s"]["median"] > 0 for r in d["results"])')" = True
ok "scheduler counters recorded per repeat" test "$(json_get "$J" '[r for r in d["results"] if r["scheduler"]=="simple"][0]["repeats"][0]["sched_counters"]["enqueued"] > 0')" = True
is "jsonl: header + 4 repeats + 2 schedulers + 1 probe + footer" "$(wc -l < "$OUT/run/results.jsonl")" 9
is "state disabled after the run" "$(cat /sys/kernel/sched_ext/state)" disabled
ok "no scxbench cgroups left" bash -c '! ls -d /sys/fs/cgroup/scxbench-* 2>/dev/null | grep -q .'

# --- SIGINT mid-run keeps completed results and detaches -------------------
$BIN run --sched simple --workload wakeup --probe none --duration 2 --repeat 6 --out "$OUT/int" \
  > "$OUT/int.tap" 2> "$OUT/int.err" &
pid=$!
for _ in $(seq 1 600); do
  n=$(grep -c '"type":"repeat"' "$OUT/int/results.jsonl" 2>/dev/null || true)
  [ "${n:-0}" -ge 3 ] && break
  sleep 0.1
done
kill -INT "$pid"
wait "$pid"; rc=$?
is "SIGINT: exit status 130" "$rc" 130
ok "SIGINT: completed repeats kept in results.jsonl" test "$(grep -c '"type":"repeat"' "$OUT/int/results.jsonl")" -ge 3
ok "SIGINT: results.json written with what completed" test "$(json_get "$OUT/int/results.json" 'sum(len(r["repeats"]) for r in d["results"])')" -ge 3
is "SIGINT: sched_ext state disabled" "$(cat /sys/kernel/sched_ext/state)" disabled
ok "SIGINT: one clear line says interrupted" grep -q "error: interrupted by signal 2" "$OUT/int.err"
ok "SIGINT: no scxbench cgroups left" bash -c '! ls -d /sys/fs/cgroup/scxbench-* 2>/dev/null | grep -q .'
ok "SIGINT: no workload process left" bash -c '! pgrep -f "[s]cxbench run --sched simple --workload wakeup --probe none --duration 2" >/dev/null'

# --- refusing to displace a loaded scheduler --------------------------------
$BIN run --no-baseline --sched simple --workload wakeup --probe none --duration 8 --repeat 1 --out "$OUT/hold" \
  > /dev/null 2>&1 &
holder=$!
for _ in $(seq 1 300); do [ "$(cat /sys/kernel/sched_ext/state)" = enabled ] && break; sleep 0.1; done
$BIN run --sched simple --workload wakeup --out "$OUT/second" > /dev/null 2> "$OUT/second.err"
rc=$?
is "second run refuses while a scheduler is loaded (exit 3)" "$rc" 3
ok "refusal is one line naming the loaded ops" \
  bash -c "[ \$(wc -l < '$OUT/second.err') = 1 ] && grep -q \"already loaded (ops 'simple'\" '$OUT/second.err'"
kill -TERM "$holder"; wait "$holder"; rc=$?
is "SIGTERM: exit status 143" "$rc" 143
is "SIGTERM: state disabled" "$(cat /sys/kernel/sched_ext/state)" disabled

# --- one-line errors ---------------------------------------------------------
$BIN run --duration nope > /dev/null 2> "$OUT/bad.err"; rc=$?
is "bad flag: exit 2" "$rc" 2
ok "bad flag: one line naming the flag" bash -c "[ \$(wc -l < '$OUT/bad.err') = 1 ] && grep -q -- '--duration' '$OUT/bad.err'"
setpriv --reuid=65534 --regid=65534 --clear-groups $BIN run --sched simple > /dev/null 2> "$OUT/nonroot.err"; rc=$?
is "non-root: exit 3" "$rc" 3
ok "non-root: one line" bash -c "[ \$(wc -l < '$OUT/nonroot.err') = 1 ] && grep -q 'must run as root' '$OUT/nonroot.err'"
tap_end
