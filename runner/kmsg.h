/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel log (/dev/kmsg) as a source of facts about a scheduler.
 *
 * Why: the kernel knows how every scheduler ended, however it was loaded:
 * on each exit it logs `sched_ext: BPF scheduler "NAME" disabled (REASON)`
 * and, for error exits, `sched_ext: NAME: MESSAGE` — the same on every
 * kernel from 6.12 to 7.3. sysfs keeps no exit info, and the sched_ext_exit
 * tracepoint (7.x) carries the kind but neither reason nor message. Our
 * bundled schedulers record their exit themselves (scxb_exit_info.h);
 * foreign objects and scheduler programs do not, so this is the fallback.
 * The kernel also logs notices about a scheduler's ops while loading it
 * (deprecated ops): findings about the scheduler, not failures.
 *
 * Records are addressed by their sequence number, so every reader (the
 * runner, probes in forked children) scans from a fresh descriptor and
 * none consumes another's records.
 */
#ifndef SCXB_KMSG_H
#define SCXB_KMSG_H

#include <stdbool.h>
#include <stddef.h>

/* Calls cb for every record with seq > after (level 0-7, text without the
 * newline); cb returns nonzero to stop. Returns the last seq read, or -1
 * when /dev/kmsg cannot be read. after = -1 reads the whole buffer. */
long long kmsg_scan(long long after, int (*cb)(int level, long long seq, const char *msg, void *arg),
		    void *arg);
/* The newest record's seq (a position to scan from later), -1 if none. */
long long kmsg_last_seq(void);

/* How a scheduler ended, per the kernel log. */
struct kmsg_exit {
	bool found;
	int level;          /* 3 (error) or 6 (info) */
	int kind;           /* SCXB_EXIT_*, from the reason text; -1 unknown */
	char reason[128];
	char msg[1024];     /* error exits only */
};
/* The last exit of ops name logged after seq. */
void kmsg_find_exit(const char *ops, long long after, struct kmsg_exit *out);
/* SCX exit kind for the kernel's reason text (scx_exit_reason()), -1. */
int kmsg_exit_kind(const char *reason);

/* A record that is the kernel's notice about a loaded scheduler's ops, at
 * warning level or below (an error-level record is an exit or a bug):
 * "ops->cpu_acquire/release() are deprecated, use sched_switch TP
 * instead", or "sched_ext: NAME: ..." about its settings. */
bool kmsg_is_ops_notice(int level, const char *msg);

#endif
