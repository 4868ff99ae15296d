#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# `scxbench run --vm` orchestration without booting anything: ci/vm is
# replaced (SCXBENCH_CI_VM) by a stub that plays one outcome per topology —
# a clean run, a run with a not ok that dies before its plan is complete, a
# VM killed at its time limit, a guest that stops before writing results.
# Checked: what ci/vm is asked to do, one directory per (kernel, topology),
# one renumbered TAP stream with a not ok for every VM-level failure, the
# merged results.json, and the exit status (the worst run's).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
BIN=${SCXBENCH:-build/scxbench}
T=$(mktemp -d /var/tmp/scxb-ci-matrix.XXXXXX); trap 'rm -rf "$T"' EXIT
tap_begin
if [ "$(id -u)" != 0 ]; then echo "1..0 # SKIP --vm needs root"; exit 0; fi

mkdir -p "$T/bin"
for p in vng qemu-system-x86_64; do printf '#!/bin/sh\nexit 99\n' > "$T/bin/$p"; chmod +x "$T/bin/$p"; done
FIX=$PWD/tests/fixtures/reports
cat > "$T/ci-vm-stub" <<STUB
#!/usr/bin/env bash
# records its arguments, then plays the outcome of its --topology
echo "\$*" >> "$T/calls"
topo="" out=""
while [ \$# -gt 0 ] && [ "\$1" != -- ]; do
  case "\$1" in --topology) topo=\$2; shift ;; esac; shift
done
shift
while [ \$# -gt 0 ]; do [ "\$1" = --out ] && out=\$2; shift; done
mkdir -p "\$out"
case "\$topo" in
  1cpu) cp "$FIX/run-a.json" "\$out/results.json"
        printf 'TAP version 13\n1..2\nok 1 - eevdf wakeup\n  ---\n  p50_us: 1\n  ...\nok 2 - simple wakeup\n'; exit 0 ;;
  smt4) cp "$FIX/run-failed-probe.json" "\$out/results.json"
        printf 'TAP version 13\n1..3\nok 1 - eevdf wakeup\nnot ok 2 - simple attach # libbpf: missing kfunc\n'; exit 1 ;;
  numa4) echo "ci/vm: VM killed after the 5 s time limit" >&2; exit 124 ;;
  2cpu) echo "scxbench: error: this kernel has no sched_ext" >&2; exit 3 ;;
esac
STUB
chmod +x "$T/ci-vm-stub"
: > "$T/vmlinuz-6.99.0-test"
OUT=$T/out
mkdir -p "$OUT/6.99.0-test-1cpu"; echo stale > "$OUT/6.99.0-test-1cpu/results.jsonl"

PATH="$T/bin:$PATH" SCXBENCH_CI_VM="$T/ci-vm-stub" SCXBENCH_VM_TIMEOUT=77 \
  "$BIN" run --vm --kernel "$T/vmlinuz-6.99.0-test" --topology 1cpu,smt4 --topology numa4,2cpu \
  --vm-mem 1536M --sched simple --workload wakeup --probe none --duration 1 --repeat 1 --out "$OUT" \
  > "$T/tap" 2> "$T/err"
rc=$?
is "exit status: the worst run's (a VM killed at its limit counts as 4)" "$rc" 4
is "four ci/vm calls, one per topology, in order" "$(grep -o -- '--topology [a-z0-9]*' "$T/calls" | tr '\n' ' ')" \
  "--topology 1cpu --topology smt4 --topology numa4 --topology 2cpu "
# (a checkout under /tmp or /var/tmp also shares its binary's directory with
# --rodir, runner/vm_paths.c: allowed between the options checked here)
ok "ci/vm gets the kernel, memory, time limit, --out as the writable dir and a console log" \
  bash -c "head -1 '$T/calls' | grep -q -- '--memory 1536M --kernel $T/vmlinuz-6.99.0-test --topology 1cpu --timeout 77 ' &&
           head -1 '$T/calls' | grep -q -- ' --rwdir $OUT ' &&
           head -1 '$T/calls' | grep -q -- ' --console-log $OUT/6.99.0-test-1cpu/console.log -- '"
ok "the guest command has no VM-only options and writes its run directory" \
  bash -c "head -1 '$T/calls' | sed 's/.* -- //' | grep -q -- '^$(readlink -f "$BIN") run .*--sched simple.* --out $OUT/6.99.0-test-1cpu\$' && ! head -1 '$T/calls' | sed 's/.* -- //' | grep -Eq -- '--vm( |\$)|--topology|--kernel|--vm-mem'"
ok "a stale results.jsonl in a run directory was removed before the run" test ! -e "$OUT/6.99.0-test-1cpu/results.jsonl"
sed 's/^/  | /' "$T/tap" | sed 's/^/#/'
is "one stream: version line first, plan 1..7 last" "$(head -1 "$T/tap")|$(tail -1 "$T/tap")" "TAP version 13|1..7"
ok "run points renumbered and tagged" bash -c "grep -qx 'ok 2 - \[6.99.0-test 1cpu\] simple wakeup' '$T/tap' && grep -qx 'not ok 4 - \[6.99.0-test smt4\] simple attach # libbpf: missing kfunc' '$T/tap'"
ok "a run that stopped before its plan completed is not ok" grep -qx 'not ok 5 - \[6.99.0-test smt4\] VM run incomplete: 2 of 3 test points (ci/vm exit status 1)' "$T/tap"
ok "a VM killed at its limit is not ok" grep -qx 'not ok 6 - \[6.99.0-test numa4\] VM killed at its 77 s time limit' "$T/tap"
ok "a run without TAP is not ok, naming ci/vm's status" grep -qx 'not ok 7 - \[6.99.0-test 2cpu\] VM run produced no TAP (ci/vm exit status 3; see stderr)' "$T/tap"
ok "YAML diagnostics pass through" grep -qx '  p50_us: 1' "$T/tap"
ok "prove reads the stream (and fails it)" bash -c "! prove --exec cat '$T/tap' > /dev/null 2>&1"
J=$OUT/results.json
ok "merged results.json" test -s "$J"
is "run statuses" "$(json_get "$J" '[(r["topology"], r["status"]) for r in d["provenance"]["runs"]]')" \
  "[('1cpu', 'ok'), ('smt4', 'not-ok'), ('numa4', 'timeout'), ('2cpu', 'no-results')]"
is "topologies on the result rows" "$(json_get "$J" 'sorted(set(r["topology"] for r in d["results"]))')" "['1cpu', 'smt4']"
is "every row tagged" "$(json_get "$J" 'all("kernel" in r and "topology" in r for k in ("schedulers","results","probes") for r in d[k])')" True
is "failed vm probes for the timeout and the run without results" \
  "$(json_get "$J" '[(p["topology"], p["status"]) for p in d["probes"] if p["probe"] == "vm"]')" "[('numa4', 'fail'), ('2cpu', 'fail')]"
is "provenance.matrix" "$(json_get "$J" 'd["provenance"]["matrix"]["topologies"]')" "['1cpu', 'smt4', 'numa4', '2cpu']"
ok "results.md rendered from the merge" test -s "$OUT/results.md"
"$BIN" report "$OUT" --format md > /dev/null 2>&1; is "scxbench report reads the merge" "$?" 0
ok "stderr says each run's outcome" bash -c "grep -q 'run 3/4 finished in .* exit status 124' '$T/err' && grep -q '4 runs merged into $OUT/results.json' '$T/err'"

# one kernel, one topology: the run writes --out itself, its TAP unchanged
rm -f "$T/calls"
PATH="$T/bin:$PATH" SCXBENCH_CI_VM="$T/ci-vm-stub" \
  "$BIN" run --vm --kernel "$T/vmlinuz-6.99.0-test" --topology 1cpu --sched simple --workload wakeup \
  --probe none --out "$T/one" > "$T/tap1" 2> "$T/err1"
is "single run: exit 0" "$?" 0
is "single run: the guest's stream as it is" "$(grep -v '^  ' "$T/tap1" | tr '\n' '|')" "TAP version 13|1..2|ok 1 - eevdf wakeup|ok 2 - simple wakeup|"
ok "single run: results in --out itself, rows tagged" \
  test "$(json_get "$T/one/results.json" 'all(r["topology"] == "1cpu" for r in d["results"]) and len(d["provenance"]["runs"]) == 1')" = True
tap_end
