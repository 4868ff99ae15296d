#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# ci/vm from the host: the guest command's exit status comes back (0 is
# checked by run_vm_matrix.t through `run --vm`, a non-zero one here), the
# numa4 preset is what the guest kernel sees, a caller's log is not
# truncated by QEMU, and a hung guest is killed at the time limit with
# nothing left running.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
BIN=${SCXBENCH:-build/scxbench}
OUT=$(dirname "$BIN")/vmhost/ci_vm
rm -rf "$OUT"; mkdir -p "$OUT"
tap_begin
if [ "$(id -u)" != 0 ] || ! command -v vng >/dev/null; then
  echo "1..0 # SKIP needs root and virtme-ng (run ci/setup)"; exit 0
fi

# --- numa4, and a non-zero exit status ----------------------------------
# The guest checks its own topology and exits 7 when it is right, so both
# the status and the check travel back through ci/vm.
check='echo "knob=${SCXBENCH_TEST_KNOB:-unset} state=${SCXBENCH_STATE_DIR:-unset}"
n=$(ls -d /sys/devices/system/node/node[0-9]* | wc -l)
echo "cpus=$(nproc) nodes=$n node0=$(cat /sys/devices/system/node/node0/cpulist) node1=$(cat /sys/devices/system/node/node1/cpulist 2>/dev/null)"
[ "$(nproc)" = 4 ] && [ "$n" = 2 ] && [ "$(cat /sys/devices/system/node/node0/cpulist)" = 0-1 ] &&
  [ "$(cat /sys/devices/system/node/node1/cpulist)" = 2-3 ] && exit 7
exit 1'
echo "a line written before the VM" > "$OUT/numa.log"
start=$(date +%s)
SCXBENCH_TEST_KNOB="a b" SCXBENCH_STATE_DIR=${SCXBENCH_STATE_DIR:-/var/lib/scxbench} ci/vm --topology numa4 --memory 1G --timeout 600 -- sh -c "$check" >> "$OUT/numa.log" 2>&1
rc=$?
diag "numa4 boot took $(( $(date +%s) - start )) s"
is "ci/vm returns the guest's exit status 7 (numa4 as expected inside)" "$rc" 7
diag "$(grep '^cpus=' "$OUT/numa.log")"
ok "guest saw 4 CPUs on 2 nodes (0-1, 2-3)" grep -qx 'cpus=4 nodes=2 node0=0-1 node1=2-3' "$OUT/numa.log"
is "the caller's log keeps what was written before the VM" "$(head -1 "$OUT/numa.log")" "a line written before the VM"
ok "SCXBENCH_* settings reach the guest, host-side ones do not" grep -qx 'knob=a b state=unset' "$OUT/numa.log"
ok "ci/vm states the accelerator" grep -Eq 'accel (kvm|tcg)' "$OUT/numa.log"
ok "ci/vm reports the status" grep -q 'command exit status 7' "$OUT/numa.log"

# --- a hung guest is killed at the limit ---------------------------------
start=$(date +%s)
ci/vm --timeout 10 --memory 512M -- sleep 600 > "$OUT/hang.log" 2>&1 &
pid=$!
wait "$pid"; rc=$?
el=$(( $(date +%s) - start ))
is "hung guest: exit status 124" "$rc" 124
ok "hung guest: stopped within the limit plus kill grace (${el} s <= 40 s)" test "$el" -le 40
ok "hung guest: says it was killed at the limit" grep -q 'VM killed after the 10 s time limit' "$OUT/hang.log"
sleep 1
is "hung guest: no QEMU/vng of it left running" "$(pgrep -f "scxbench-vm-$pid" | wc -l)" 0
tap_end
