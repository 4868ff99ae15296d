#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# ci/setup's kernel matrix, statically and against what it recorded: no
# archive host written anywhere (every apt URI comes from the system's own
# Debian source), the suites are configurable, and every kernel it lists
# for --kernel is really installed with sched_ext.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
tap_begin
ok "ci/setup parses" bash -n ci/setup
ok "ci/vm parses" bash -n ci/vm
ok "ci/setup writes no archive URL of its own" bash -c "! grep -nE '(https?|ftp)://' ci/setup"
ok "ci/setup reads the archive from the system's sources" grep -q 'URI=\$(debian_uri)' ci/setup
ok "the kernel suites are configurable (SCXBENCH_KERNEL_SUITES)" grep -q 'KERNEL_SUITES=\${SCXBENCH_KERNEL_SUITES:-trixie-backports}' ci/setup
STATE=${SCXBENCH_STATE_DIR:-/var/lib/scxbench}
if [ -s "$STATE/kernels" ]; then
  while read -r ver suite; do
    ok "kernel $ver ($suite): vmlinuz, modules.dep and CONFIG_SCHED_CLASS_EXT=y" \
      bash -c "test -f /usr/lib/modules/$ver/vmlinuz -a -f /usr/lib/modules/$ver/modules.dep && grep -q '^CONFIG_SCHED_CLASS_EXT=y' /usr/lib/modules/$ver/config"
  done < "$STATE/kernels"
  ok "the default kernel is one of them" grep -q "^$(cat "$STATE/default-kernel") " "$STATE/kernels"
else
  skip "installed kernels" "ci/setup has not run here"
fi
tap_end
