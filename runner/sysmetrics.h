/* SPDX-License-Identifier: GPL-2.0-only */
/* System-wide metrics over a run window: CPU utilisation, context
 * switches, forks (from /proc/stat) and the sched_ext event counters
 * (/sys/kernel/sched_ext/root/events, where the kernel has them). */
#ifndef SCXB_SYSMETRICS_H
#define SCXB_SYSMETRICS_H

#include <jansson.h>

struct sys_snapshot {
	double t;
	unsigned long long busy, total; /* jiffies over all CPUs */
	unsigned long long ctxt, processes;
	json_t *scx_events;             /* object name -> count, or NULL */
};

void sys_snapshot_take(struct sys_snapshot *s);
void sys_snapshot_free(struct sys_snapshot *s);
/* Differences between two snapshots as JSON (new reference). */
json_t *sys_snapshot_delta(const struct sys_snapshot *a, const struct sys_snapshot *b);

#endif
