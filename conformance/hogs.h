/* CPU hog processes for probes: fixed work each, so "they finish" is a
 * checkable property, and a progress counter in shared memory so "they
 * keep running" is too. */
#ifndef SCXB_HOGS_H
#define SCXB_HOGS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define HOGS_MAX 64

struct hogs {
	int n;
	pid_t pids[HOGS_MAX];
	volatile uint64_t *progress; /* shared: one counter per hog */
	int exited;                  /* how many were reaped */
	int failed;                  /* reaped with a non-zero status */
};

/* Start n hogs, each spinning for work_s seconds of its own CPU time then
 * exiting 0. nice_of(i) may be NULL. With yield_often, each hog calls
 * sched_yield() between work chunks: a steady stream of enqueues that a
 * scheduler sees even when no slice expires. */
int hogs_start(struct hogs *h, int n, double work_s, const int *nice_of);
int hogs_start_ex(struct hogs *h, int n, double work_s, const int *nice_of, bool yield_often);
/* Sum of progress counters (work done so far). */
uint64_t hogs_progress(const struct hogs *h);
/* Wait up to timeout_s for all to exit; true if all exited with 0. */
bool hogs_wait(struct hogs *h, double timeout_s);
/* Kill and reap whatever is left; unmap. */
void hogs_stop(struct hogs *h);
/* CPU time (ns) a pid has used, from /proc/PID/schedstat; -1 if gone. */
long long task_cpu_ns(pid_t pid);
/* "ext.enabled" style: true if /proc/PID/sched says the task is handled by
 * sched_ext; -1 when the kernel does not show it. */
int task_on_ext(pid_t pid);

#endif
