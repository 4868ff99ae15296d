/* SPDX-License-Identifier: GPL-2.0-only */
/* The one command that reruns a single failed item.
 *
 * Why: a failure deep in a long run (many schedulers, workloads, probes,
 * inside a VM booted by --vm) is only useful if it can be looked at alone.
 * Every not ok point gets a `repro:` diagnostic: scxbench run with just
 * that scheduler (and its options) and that probe or workload, the same
 * duration and repeats, and inside a VM the same kernel and topology
 * (--vm --kernel --topology, from what ci/vm exported to the guest).
 */
#ifndef SCXB_REPRO_H
#define SCXB_REPRO_H

#include <jansson.h>

#include "runner/cli.h"

/* Adds "repro" to diag. row NULL: a kernel-scope probe. workload and
 * probe: the item (one may be NULL: "none"); both NULL: the row's
 * lifecycle, rerun with every workload and probe of the run. */
void repro_diag(json_t *diag, const struct run_opts *o, const struct sched_spec *row,
		const char *workload, const char *probe);

#endif
