/* SPDX-License-Identifier: GPL-2.0-only */
/* Running one item (a workload repeat, a probe) in a child process.
 *
 * The child joins its own cgroup, runs fn and sends back fn's JSON through
 * a pipe. The parent waits with a time bound and watches for interrupts:
 * on expiry or interrupt the whole cgroup is killed. A crash, a hang or a
 * stray child process of the item therefore never outlives it. */
#ifndef SCXB_CHILD_H
#define SCXB_CHILD_H

#include <jansson.h>

enum child_status { CHILD_OK, CHILD_TIMEOUT, CHILD_CRASHED, CHILD_INTERRUPTED, CHILD_ERROR };

struct child_result {
	enum child_status status;
	json_t *out;       /* fn's JSON (CHILD_OK), NULL otherwise */
	char reason[256];
	double elapsed_s;
};

typedef json_t *(*child_fn)(void *arg);

/* cgroup_name: group to create under the run's cgroup (NULL: none).
 * Returns 0 (see res->status). */
int child_run(child_fn fn, void *arg, const char *cgroup_name, double timeout_s,
	      struct child_result *res);

/* Optional hook, called in the parent every ~100 ms while the child runs
 * (the runner uses it to notice a scheduler that exited mid-run). Return
 * non-zero to stop the child early. */
void child_set_watch(int (*watch)(void *), void *arg);

/* Optional hook, called in the parent right after the fork and whenever
 * the time it last returned (CLOCK_MONOTONIC seconds; 0 = no wish) has
 * come, within a few ms: the run-queue latency tracer opens and closes its
 * sampling windows from it (rqlat_tick), so scxbench needs no thread. */
void child_set_tick(double (*tick)(void *), void *arg);

#endif
