#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# tap_failures.sh LOG...: print each failed test point (not ok, not TODO)
# of a verbose prove log with the diagnostics that follow it.
# Why: a CI log is often read from its tail only; the summary there names
# test numbers, this names what failed and why.
set -u
[ $# -gt 0 ] || { echo "usage: $0 PROVE-LOG..." >&2; exit 2; }
for log in "$@"; do
  [ -r "$log" ] || { echo "tap_failures: cannot read $log" >&2; continue; }
  awk '
    match($0, /tests\/[^ ]*\.t \.\./) { file = substr($0, RSTART, RLENGTH - 3) }
    /^[[:space:]]*not ok / && $0 !~ /# TODO/ { show = 1; n = 0; print "== " file ": " $0; next }
    show && /^[[:space:]]*(#|  )/ { if (n++ < 40) print "   " $0; next }
    { show = 0 }
  ' "$log"
done
