# SPDX-License-Identifier: GPL-2.0-only
# Waiting for observable conditions in bash test scripts (sourced): under
# TCG everything is ~100x slower and noisy, so a test waits for what a run
# shows, never a guessed time.
# wait_for TIMEOUT_S CMD...: poll CMD every 20 ms; 0 when it held in time
wait_for() {
  local end=$(( $(date +%s%N) + $1 * 1000000000 )); shift
  while ! "$@" 2>/dev/null; do
    [ "$(date +%s%N)" -lt "$end" ] || return 1
    sleep 0.02
  done
}
