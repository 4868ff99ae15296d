#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The licence holds for every file: LICENSE is the GPL-2.0 text, every
# tracked source file says GPL-2.0-only in an SPDX line near its top, and
# every BPF program declares a GPL-compatible licence (the kernel refuses
# GPL-only helpers otherwise).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
tap_begin
ok "LICENSE is the GNU GPL version 2" grep -q "GNU GENERAL PUBLIC LICENSE" LICENSE
ok "LICENSE says version 2" grep -q "Version 2, June 1991" LICENSE
missing=$(git ls-files '*.c' '*.h' '*.t' '*.sh' '*.py' Makefile ci/setup ci/vm ci/vmlinux-h .ci/run |
  while read -r f; do head -n 3 "$f" | grep -q "SPDX-License-Identifier: GPL-2.0-only" || echo "$f"; done)
is "every tracked source file has an SPDX GPL-2.0-only line in its first 3 lines" "$missing" ""
nobj=$(git ls-files '*.bpf.c' | wc -l)
nlic=$(git ls-files '*.bpf.c' | xargs grep -l -E '^SCXB_LICENSE;|SEC\("license"\)' | wc -l)
is "every BPF program declares its licence ($nobj files)" "$nlic" "$nobj"
ok "the BPF licence string is GPL" grep -Eq 'char _license\[\] SEC\("license"\) = "GPL"' bpf/scxb.bpf.h
tap_end
