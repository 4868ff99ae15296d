#!/usr/bin/env bash
# `scxbench run --vm` with inputs where the guest has its own tmpfs: a
# scheduler program and its object under /var/tmp, an object under /tmp,
# and --out under /tmp. Before, the guest said "not found" and the run
# reported every point not ok; now each is shared with the VM before boot.
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
"$BIN" run --vm --no-baseline --sched-cmd "$VT/scxb_loader $VT/foreign_fifo.bpf.o" \
  --sched-obj "$T/foreign_fifo.bpf.o" --workload wakeup --probe none --duration 1 --repeat 1 \
  --out "$T/out" > "$T/run.tap" 2> "$T/run.err"
rc=$?
is "run --vm with inputs under /var/tmp and /tmp, --out under /tmp: exit 0" "$rc" 0
[ "$rc" = 0 ] || { sed 's/^/# /' "$T/run.tap"; diag "$(tail -15 "$T/run.err")"; }
ok "the program under /var/tmp ran in the guest (attach/detach ok)" grep -Eq "^ok [0-9]+ - scxb_loader attach/detach\$" "$T/run.tap"
ok "the object under /tmp loaded in the guest (attach/detach ok)" grep -Eq "^ok [0-9]+ - foreign_fifo attach/detach\$" "$T/run.tap"
ok "a workload ran on each" test "$(grep -Ec '^ok [0-9]+ - (scxb_loader|foreign_fifo) wakeup$' "$T/run.tap")" = 2
ok "the results reached --out under /tmp on the host" test -s "$T/out/results.json"
ok "stderr says what was shared" grep -q -- "--vm: sharing $VT with the VM (read-only)" "$T/run.err"
tap_end
