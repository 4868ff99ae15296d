/* SPDX-License-Identifier: GPL-2.0-only */
/* `scxbench run --vm`: re-run the same command inside a sched_ext kernel
 * booted by virtme-ng (through ci/vm), with the host filesystem, so results
 * land in the host's --out directory. */
#ifndef SCXB_VM_H
#define SCXB_VM_H

#include "runner/cli.h"

int vm_rerun(const struct run_opts *o);

#endif
