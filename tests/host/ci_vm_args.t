#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# `scxbench run --vm` and ci/vm argument handling, on the host, without
# booting anything: every problem is one clear line with the documented
# exit code (2 bad flag value, 3 environment, 4 no VM possible), caught
# before any VM would start.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
BIN=${SCXBENCH:-build/scxbench}
T=$(mktemp -d /var/tmp/scxb-ci-args.XXXXXX); trap 'rm -rf "$T"' EXIT
tap_begin

# one_line DESC WANT_RC WANT_REGEX CMD...: exit code and a single stderr line
one_line() {
  local desc=$1 want=$2 re=$3; shift 3
  "$@" > "$T/out" 2> "$T/err"; local rc=$?
  is "$desc: exit $want" "$rc" "$want"
  ok "$desc: one line matching /$re/" bash -c "[ \$(wc -l < '$T/err') = 1 ] && grep -Eq -- \"\$1\" '$T/err'" _ "$re"
  [ "$(wc -l < "$T/err")" = 1 ] || diag "stderr:" "$(head -5 "$T/err")"
}

# Stand-ins for virtme-ng and QEMU, so the checks after "is virtme-ng
# installed" are reached on a machine without them; ci/vm is never run.
mkdir -p "$T/bin" "$T/nobin" "$T/state"
# what ci/vm needs before its virtme-ng check, and nothing else
for p in bash id; do ln -s "$(command -v $p)" "$T/nobin/$p"; done
for p in vng qemu-system-x86_64; do printf '#!/bin/sh\nexit 99\n' > "$T/bin/$p"; chmod +x "$T/bin/$p"; done
FAKE_PATH="$T/bin:$PATH"
NOVNG_PATH="$T/nobin"
OUT="$T/out-dir"

if [ "$(id -u)" != 0 ]; then
  skip "--vm argument checks" "need root (the --vm root check comes first)"
else
  one_line "unknown topology" 2 "--topology 'smt8': unknown preset \(1cpu, 2cpu, smt4, numa4\)" \
    env PATH="$FAKE_PATH" "$BIN" run --vm --topology smt8 --out "$OUT"
  one_line "one bad topology among good ones" 2 "--topology 'bogus'" \
    env PATH="$FAKE_PATH" "$BIN" run --vm --topology 1cpu --topology bogus --out "$OUT"
  one_line "topology given twice" 2 "--topology smt4: given twice" \
    env PATH="$FAKE_PATH" "$BIN" run --vm --topology smt4,smt4 --out "$OUT"
  one_line "no virtme-ng" 4 "virtme-ng \(vng\) is not installed: run ci/setup" \
    env PATH="$NOVNG_PATH" "$BIN" run --vm --out "$OUT"
  one_line "kernel release not installed" 2 "--kernel 0.0.1-nosuch: not found \(no /usr/lib/modules/0.0.1-nosuch/vmlinuz; installed: " \
    env PATH="$FAKE_PATH" "$BIN" run --vm --kernel 0.0.1-nosuch --out "$OUT"
  one_line "kernel image path missing" 2 "--kernel $T/vmlinuz-x: no such kernel image file" \
    env PATH="$FAKE_PATH" "$BIN" run --vm --kernel "$T/vmlinuz-x" --out "$OUT"
  one_line "second of two kernels missing" 2 "--kernel 0.0.2-nosuch: not found" \
    env PATH="$FAKE_PATH" "$BIN" run --vm --kernel "$BIN" --kernel 0.0.2-nosuch --out "$OUT"
  mkdir -p "$T/a" "$T/b"; : > "$T/a/vmlinuz-6.9.0"; : > "$T/b/vmlinuz-6.9.0"
  one_line "two kernel images with one name" 2 "--kernel $T/a/vmlinuz-6.9.0 and $T/b/vmlinuz-6.9.0: both would be named 6.9.0" \
    env PATH="$FAKE_PATH" "$BIN" run --vm --kernel "$T/a/vmlinuz-6.9.0" --kernel "$T/b/vmlinuz-6.9.0" --out "$OUT"
  one_line "no default kernel installed" 4 "no sched_ext kernel installed: run ci/setup, or name one with --kernel" \
    env PATH="$FAKE_PATH" SCXBENCH_KERNEL= SCXBENCH_STATE_DIR="$T/state" "$BIN" run --vm --out "$OUT"
  # paths the guest needs: checked before boot, shared when the guest
  # would not see them (tmpfs over /tmp, /var/tmp, ...)
  one_line "--out that virtme-ng cannot share" 2 "--out $T/out dir: cannot be shared with the VM" \
    env PATH="$FAKE_PATH" "$BIN" run --vm --kernel "$BIN" --out "$T/out dir"
  ok "--out that cannot be shared: nothing left behind" test ! -e "$T/out dir"
  one_line "--sched-cmd program missing on the host" 2 "--sched-cmd '$T/nosuch-sched -v': program '$T/nosuch-sched' not found" \
    env PATH="$FAKE_PATH" "$BIN" run --vm --kernel "$BIN" --sched-cmd "$T/nosuch-sched -v" --out "$OUT"
  mkdir -p "$T/we ird"; cp "$BIN" "$T/we ird/x.bpf.o"
  one_line "--sched-obj in a directory virtme-ng cannot share" 2 "--sched-obj $T/we ird/x.bpf.o: directory '$T/we ird' cannot be shared" \
    env PATH="$FAKE_PATH" "$BIN" run --vm --kernel "$BIN" --sched-obj "$T/we ird/x.bpf.o" --out "$OUT"
  # what reaches ci/vm: a stand-in prints its arguments instead of booting
  printf '#!/bin/sh\nprintf "%%s\\n" "$@" > "%s/civm-args"\n' "$T" > "$T/fake-civm"; chmod +x "$T/fake-civm"
  mkdir -p "$T/sched" "$T/tmpout"; cp "$BIN" "$T/sched/prog"; cp "$BIN" "$T/sched/x.bpf.o"
  env PATH="$FAKE_PATH" SCXBENCH_CI_VM="$T/fake-civm" "$BIN" run --vm --kernel "$BIN" --sched-cmd "$T/sched/prog --flag" \
    --sched-obj "$T/sched/x.bpf.o" --workload none --probe none --out "$T/tmpout" > /dev/null 2> "$T/err"
  ok "--vm: --out under /var/tmp shared read-write" grep -Fxq -- "$T/tmpout" <(grep -A1 -- --rwdir "$T/civm-args")
  ok "--vm: program and object under /var/tmp shared read-only, once" \
    test "$(grep -A1 -- --rodir "$T/civm-args" | grep -Fxc -- "$T/sched")" = 1
  ok "--vm: the shares are said on stderr" grep -q -- "sharing $T/sched with the VM (read-only)" "$T/err"
  one_line "not root" 3 "--vm: must run as root" \
    setpriv --reuid=65534 --regid=65534 --clear-groups env PATH="$FAKE_PATH" "$BIN" run --vm --out "$T/nr"
fi
one_line "too many topologies for the option" 2 "--topology: too many presets" \
  "$BIN" run --vm --topology 1cpu,2cpu,smt4,numa4,1cpu,2cpu,smt4,numa4,1cpu,2cpu,smt4,numa4,1cpu,2cpu
"$BIN" run --help > "$T/help" 2>&1
ok "run --help lists the topology presets" grep -q -- '--topology NAME\[,...\].*1cpu, 2cpu, smt4' "$T/help"
ok "run --help says --kernel repeats" grep -q -- '--kernel .*repeatable' "$T/help"

# --- ci/vm's own argument checks (before root, vng or a kernel matter) ---
one_line "ci/vm unknown topology" 2 "ci/vm: error: --topology 'quad': unknown \(1cpu, 2cpu, smt4, numa4\)" \
  ci/vm --topology quad -- true
one_line "ci/vm bad memory" 2 "ci/vm: error: --memory '2GB': expected a size like 2G or 1536M" \
  ci/vm --memory 2GB -- true
one_line "ci/vm zero cpus" 2 "ci/vm: error: --cpus '0'" ci/vm --cpus 0 -- true
one_line "ci/vm bad timeout" 2 "ci/vm: error: --timeout 'soon'" ci/vm --timeout soon -- true
one_line "ci/vm no command" 2 "ci/vm: error: no command given" ci/vm --cpus 2
one_line "ci/vm unknown option" 2 "ci/vm: error: unknown option '--gpus'" ci/vm --gpus 2 -- true
if [ "$(id -u)" = 0 ]; then
  one_line "ci/vm kernel not found" 3 "ci/vm: error: kernel '0.0.3-nosuch' not found" \
    env PATH="$FAKE_PATH" ci/vm --kernel 0.0.3-nosuch -- true
  one_line "ci/vm without virtme-ng" 3 "ci/vm: error: virtme-ng \(vng\) is not installed" \
    env PATH="$NOVNG_PATH" ci/vm -- true
  one_line "ci/vm bad SCXBENCH_TCG_THREAD" 2 "ci/vm: error: SCXBENCH_TCG_THREAD='many': expected single or multi" \
    env PATH="$FAKE_PATH" SCXBENCH_TCG_THREAD=many ci/vm --accel tcg --kernel "$BIN" -- true
  one_line "ci/vm without a default kernel" 3 "ci/vm: error: no sched_ext kernel installed: run ci/setup" \
    env PATH="$FAKE_PATH" SCXBENCH_KERNEL= SCXBENCH_STATE_DIR="$T/state" ci/vm -- true
else
  skip "ci/vm kernel not found" "needs root"; skip "ci/vm kernel not found line" "needs root"
  skip "ci/vm without virtme-ng" "needs root"; skip "ci/vm without virtme-ng line" "needs root"
  skip "ci/vm without a default kernel" "needs root"; skip "ci/vm without a default kernel line" "needs root"
  skip "ci/vm bad SCXBENCH_TCG_THREAD" "needs root"; skip "ci/vm bad SCXBENCH_TCG_THREAD line" "needs root"
fi
ci/vm --help > "$T/h" 2>&1
ok "ci/vm --help documents the presets and the exit status" \
  bash -c "grep -q 'smt4 (1 socket, 2 cores x 2 threads)' '$T/h' && grep -q 'numa4 (2 NUMA nodes x 2 CPUs' '$T/h' && grep -q \"exit status: CMD's; 124\" '$T/h'"
tap_end
