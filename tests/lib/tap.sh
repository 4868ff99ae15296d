# SPDX-License-Identifier: GPL-2.0-only
# TAP helpers for bash test scripts (sourced). Emits TAP version 13 for
# prove. Usage: tap_begin; ok CMD... ; ok_ret WANT CMD...; tap_end
TAP_N=0
TAP_FAILED=0
tap_begin() { echo "TAP version 13"; }
# TAP_TODO="reason": the following checks are known failures of the code
# under test (a TODO directive: still run and shown, not counted as failed)
TAP_TODO=""
# ok DESC CMD [ARGS...]: passes when CMD exits 0
ok() {
  local desc=$1; shift
  TAP_N=$((TAP_N + 1))
  if [ -n "$TAP_TODO" ]; then
    if "$@"; then echo "ok $TAP_N - $desc # TODO $TAP_TODO"
    else echo "not ok $TAP_N - $desc # TODO $TAP_TODO"; fi
    return
  fi
  if "$@"; then echo "ok $TAP_N - $desc"
  else echo "not ok $TAP_N - $desc"; TAP_FAILED=$((TAP_FAILED + 1)); fi
}
# is DESC GOT WANT
is() {
  TAP_N=$((TAP_N + 1))
  if [ "$2" = "$3" ]; then echo "ok $TAP_N - $1"
  else echo "not ok $TAP_N - $1"; echo "#   got '$2', want '$3'"; TAP_FAILED=$((TAP_FAILED + 1)); fi
}
# skip DESC REASON: only for checks that cannot apply here, never for
# "the environment is broken"
skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1 # SKIP $2"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
tap_end() { echo "1..$TAP_N"; [ "$TAP_FAILED" -eq 0 ]; }
# bail out loudly when the VM test runs outside a sched_ext kernel
require_sched_ext() {
  if [ ! -e /sys/kernel/sched_ext/state ]; then
    echo "Bail out! no sched_ext in this kernel ($(uname -r)): VM tests must run under ci/vm"
    exit 1
  fi
}
# json_get FILE PYTHON-EXPR  (d is the parsed document)
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
