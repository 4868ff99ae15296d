/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract and properties: what a scheduler is held to.
 *
 * Why: a contract (loads and enables, every runnable task gets a CPU
 * within the probe window, affinity, fallback, reload, hotplug, exit) is
 * owed by every sched_ext scheduler and fails as `not ok`. A property
 * (nice weights, cgroup weights, how long a low-weight task may wait) is a
 * policy choice: it is always measured and reported, and fails only where
 * the scheduler claims it. The claim comes from, in this order:
 *  1. the user's declaration: --sched-opt NAME.ignores=PROP[,PROP...]
 *     (PROP: weights, cgroup-weights, lowprio-wait);
 *  2. a bundled object's metadata (scxb_honours_weights = 0: no weights);
 *  3. the defaults for a scheduler that says nothing: held to nice weights
 *     (the schedulers people run honour nice) and to the low-weight wait
 *     that follows from them, to cgroup weights only when it implements
 *     ops.cgroup_set_weight (as the kernel holds its ops).
 */
#ifndef SCXB_CLAIMS_H
#define SCXB_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>

#include "runner/sched.h"

enum claim_prop { CLAIM_WEIGHTS, CLAIM_CGROUP_WEIGHTS, CLAIM_LOWPRIO_WAIT };

#define CLAIM_OPT SCHED_OPT_IGNORES

const char *claim_prop_name(enum claim_prop p); /* "weights", ... */
/* Is the row's scheduler held to p? why says on what grounds, one phrase. */
bool claim_held(const struct sched_spec *spec, struct sched_handle *h, enum claim_prop p, char *why,
		size_t len);
/* The declaration that would release a failing scheduler from p, e.g.
 * "--sched-opt foreign_fifo.ignores=weights", for failure messages. */
const char *claim_declare_hint(const struct sched_spec *spec, enum claim_prop p, char *buf, size_t len);
/* Checks an ignores= value; 0, or -1 with a one-line err naming the flag. */
int claim_check_opt(const char *sched, const char *key, const char *value, char *err, size_t errlen);

#endif
