#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# `scxbench run --vm --shard I/N` without booting anything: ci/vm is
# replaced (SCXBENCH_CI_VM) by a stub that records what it is asked to run.
# Plan: 2 topologies x 2 rows (simple, fifo) = 4 units; 3 shards take
# units [0,1) [1,2) [2,4): shard 1/3 boots 1cpu for simple, 2/3 boots 1cpu
# for fifo, 3/3 boots smt4 for both. Checked: which cells boot, each
# guest's --shard and --shard-cell (accepted by the real parser), the rows
# each guest keeps, and the shard in the merged provenance.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tap.sh
BIN=${SCXBENCH:-build/scxbench}
T=$(mktemp -d /var/tmp/scxb-ci-shard.XXXXXX); trap 'rm -rf "$T"' EXIT
tap_begin
if [ "$(id -u)" != 0 ]; then echo "1..0 # SKIP --vm needs root"; exit 0; fi

mkdir -p "$T/bin"
for p in vng qemu-system-x86_64; do printf '#!/bin/sh\nexit 99\n' > "$T/bin/$p"; chmod +x "$T/bin/$p"; done
FIX=$PWD/tests/fixtures/reports
cat > "$T/ci-vm-stub" <<STUB
#!/usr/bin/env bash
# records its topology and the guest command, writes a result and a plan
topo="" out=""
while [ \$# -gt 0 ] && [ "\$1" != -- ]; do
  case "\$1" in --topology) topo=\$2; shift ;; esac; shift
done
shift
echo "\$topo|\$*" >> "$T/calls"
while [ \$# -gt 0 ]; do [ "\$1" = --out ] && out=\$2; shift; done
mkdir -p "\$out"; cp "$FIX/run-a.json" "\$out/results.json"
printf 'TAP version 13\n1..1\nok 1 - eevdf wakeup\n'
STUB
chmod +x "$T/ci-vm-stub"
: > "$T/vmlinuz-6.99.0-test"

for s in 1 2 3; do
  : > "$T/calls"
  PATH="$T/bin:$PATH" SCXBENCH_CI_VM="$T/ci-vm-stub" \
    "$BIN" run --vm --kernel "$T/vmlinuz-6.99.0-test" --topology 1cpu,smt4 --sched simple,fifo \
    --workload wakeup --probe none --duration 1 --repeat 1 --shard "$s/3" --out "$T/out$s" > "$T/tap$s" 2> "$T/err$s"
  is "shard $s/3: exit status 0" "$?" 0
  cp "$T/calls" "$T/calls$s"
done
cells() { cut -d'|' -f1 "$1" | tr '\n' ' '; }
is "shard 1/3 boots 1cpu only" "$(cells "$T/calls1")" "1cpu "
is "shard 2/3 boots 1cpu only" "$(cells "$T/calls2")" "1cpu "
is "shard 3/3 boots smt4 only" "$(cells "$T/calls3")" "smt4 "
ok "each guest gets --shard I/N and its cell's --shard-cell" bash -c "
  grep -q -- '--shard 1/3 .*--shard-cell 1/2\$' '$T/calls1' &&
  grep -q -- '--shard 2/3 .*--shard-cell 1/2\$' '$T/calls2' &&
  grep -q -- '--shard 3/3 .*--shard-cell 2/2\$' '$T/calls3'"
# each guest command through the real parser: exit 3 (no sched_ext here)
# means it parsed, 2 would be bad usage (the rows each guest keeps are
# checked in tests/unit/test_shard.c)
for s in 1 2 3; do
  guest=$(cut -d'|' -f2- "$T/calls$s" | sed "s|--out [^ ]*|--out $T/guest$s|")
  # shellcheck disable=SC2086  # the recorded command line, word by word
  set -- $guest
  "$@" > /dev/null 2> "$T/gerr$s"
  is "shard $s/3: the guest command parses (exit 3 for the environment, not 2)" "$?" 3
done
is "the shard's results.json records the shard" \
  "$(json_get "$T/out2/results.json" 'd["provenance"]["params"]["shard"]')" "{'index': 2, 'count': 3}"
is "one boot: results in --out itself" "$(json_get "$T/out3/results.json" 'd["provenance"]["runs"][0]["dir"]')" "."
PATH="$T/bin:$PATH" SCXBENCH_CI_VM="$T/ci-vm-stub" \
  "$BIN" run --vm --kernel "$T/vmlinuz-6.99.0-test" --topology 1cpu,smt4 --sched simple,fifo --shard 5/5 \
  --out "$T/out5" > /dev/null 2> "$T/err5"
is "5 shards of 4 units: exit 2" "$?" 2
ok "... naming --shard and the plan's size" grep -q -- "--shard 5/5: the plan has only 4 parts" "$T/err5"
tap_end
