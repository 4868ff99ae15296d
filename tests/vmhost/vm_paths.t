#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# `scxbench run --vm` from a clone under /tmp, with inputs where the guest
# has its own tmpfs: a scheduler program and its object under /var/tmp, an
# object under /tmp, and the default-style relative --out (results/ in the
# clone, under /tmp), as `make demo` runs it. Before, the guest said "not
# found" and every point was not ok, and --out under /tmp was refused; now
# each is shared with the VM before boot. One VM boot.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
BIN=${SCXBENCH:-build/scxbench}
B=$(cd "$(dirname "$BIN")" && pwd)
tap_begin
if [ "$(id -u)" != 0 ] || ! command -v vng >/dev/null; then
  echo "1..0 # SKIP needs root and virtme-ng (run ci/setup)"; exit 0
fi
VT=$(mktemp -d /var/tmp/scxb-paths.XXXXXX) T=$(mktemp -d /tmp/scxb-paths.XXXXXX)
trap 'rm -rf "$VT" "$T"' EXIT
cp "$B/tests/helpers/scxb_loader" "$B/tests/bpf/foreign_fifo.bpf.o" "$VT/"
cp "$B/tests/bpf/foreign_fifo.bpf.o" "$T/"
# a clone's layout: build/scxbench finds ../ci/vm next to it
mkdir -p "$T/clone/build" "$T/clone/ci"
cp "$BIN" "$T/clone/build/scxbench"; cp ci/vm "$T/clone/ci/vm"
(cd "$T/clone" && build/scxbench run --vm --no-baseline --sched-cmd "$VT/scxb_loader $VT/foreign_fifo.bpf.o" \
  --sched-obj "$T/foreign_fifo.bpf.o" --workload wakeup --probe none --duration 1 --repeat 1 \
  --out results > "$T/run.tap" 2> "$T/run.err")
rc=$?
is "run --vm from a clone under /tmp, inputs under /var/tmp and /tmp, --out results: exit 0" "$rc" 0
[ "$rc" = 0 ] || { sed 's/^/# /' "$T/run.tap"; diag "$(tail -15 "$T/run.err")"; }
ok "the program under /var/tmp ran in the guest (attach/detach ok)" grep -Eq "^ok [0-9]+ - scxb_loader attach/detach\$" "$T/run.tap"
ok "the object under /tmp loaded in the guest (attach/detach ok)" grep -Eq "^ok [0-9]+ - foreign_fifo attach/detach\$" "$T/run.tap"
ok "a workload ran on each" test "$(grep -Ec '^ok [0-9]+ - (scxb_loader|foreign_fifo) wakeup$' "$T/run.tap")" = 2
ok "the results reached the clone's results/ under /tmp on the host" test -s "$T/clone/results/results.json"
ok "stderr says what was shared" grep -q -- "--vm: sharing $VT with the VM (read-only)" "$T/run.err"
tap_end
