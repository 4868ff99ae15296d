// SPDX-License-Identifier: GPL-2.0-only
/* wakeup: how long a woken thread waits before it runs.
 *
 * Why: wakeup latency is the most direct view of a scheduler's placement and
 * preemption decisions (schbench measures the same thing). A messenger wakes
 * N workers (default 2 x CPUs, so they queue behind each other) one at a time
 * through private futexes, stamping CLOCK_MONOTONIC just before each
 * FUTEX_WAKE; a woken worker stamps again as soon as it runs, records the
 * difference in its own histogram, does a little work (work_us), and reports
 * back. When a round's workers are all done the messenger starts the next.
 * Only wakeups where the worker really slept in the kernel are recorded (a
 * worker that had not yet gone to sleep when woken is counted apart).
 *
 * Arguments: workers=N (default 2 x CPUs), work_us=U (default 20).
 */
#include "workloads/histogram.h"
#include "workloads/wl_args.h"
#include "workloads/wl_metrics.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct wk_shared {
	_Atomic uint32_t pending; /* workers of this round not yet done */
	atomic_int stop;
	uint64_t work_ns;
};

struct wk_worker {
	_Atomic uint32_t word;    /* futex: 0 sleep, 1 go */
	_Atomic uint64_t t_wake;  /* messenger's stamp before FUTEX_WAKE */
	struct wk_shared *s;
	struct histogram *h;
	uint64_t not_blocked;
	pthread_t tid;
	int started;
} __attribute__((aligned(64)));

static long futex(_Atomic uint32_t *addr, int op, uint32_t val, const struct timespec *to)
{
	return syscall(SYS_futex, (uint32_t *)addr, op, val, to, NULL, 0);
}

static void *worker_main(void *arg)
{
	struct wk_worker *w = arg;
	struct wk_shared *s = w->s;
	for (;;) {
		int blocked = 0;
		while (atomic_load_explicit(&w->word, memory_order_acquire) == 0) {
			if (futex(&w->word, FUTEX_WAIT_PRIVATE, 0, NULL) == 0)
				blocked = 1;
		}
		uint64_t t1 = mono_ns();
		if (atomic_load(&s->stop))
			break;
		uint64_t t0 = atomic_load_explicit(&w->t_wake, memory_order_relaxed);
		if (blocked && t1 >= t0)
			hist_add(w->h, t1 - t0);
		else
			w->not_blocked++;
		if (s->work_ns)
			wl_spin_cpu_ns(s->work_ns);
		atomic_store_explicit(&w->word, 0, memory_order_relaxed);
		if (atomic_fetch_sub(&s->pending, 1) == 1)
			futex(&s->pending, FUTEX_WAKE_PRIVATE, 1, NULL);
	}
	return NULL;
}

static int wakeup_run(const struct wl_params *p, struct wl_result *r)
{
	static const char *const keys[] = { "workers", "work_us", NULL };
	char err[256];
	struct wl_args a;
	long workers, work_us;
	if (wl_args_parse(p->arg, keys, &a, err, sizeof(err)) ||
	    wl_args_long(&a, "workers", 2L * (p->nr_cpus > 0 ? p->nr_cpus : 1), 1, 4096,
			 &workers, err, sizeof(err)) ||
	    wl_args_long(&a, "work_us", 20, 0, 100000, &work_us, err, sizeof(err))) {
		wl_fail(r, "%s", err);
		return 0;
	}
	wl_param(r, "workers", json_integer(workers));
	wl_param(r, "work_us", json_integer(work_us));
	wl_param(r, "duration_s", json_real(p->duration_s));

	struct wk_shared s = { .work_ns = (uint64_t)work_us * 1000 };
	struct wk_worker *w = aligned_alloc(64, sizeof(*w) * (size_t)workers);
	if (!w) {
		wl_fail(r, "out of memory");
		return 0;
	}
	memset(w, 0, sizeof(*w) * (size_t)workers);
	struct histogram *all = NULL;
	uint64_t rounds = 0, stalled = 0, elapsed = 0;
	long started = 0;
	for (long i = 0; i < workers; i++) {
		w[i].s = &s;
		w[i].h = malloc(sizeof(struct histogram));
		if (!w[i].h)
			break;
		hist_init(w[i].h);
		if (pthread_create(&w[i].tid, NULL, worker_main, &w[i])) {
			free(w[i].h);
			break;
		}
		w[i].started = 1;
		started++;
	}
	if (started < workers) {
		wl_fail(r, "could only start %ld of %ld workers", started, workers);
		workers = started;
		goto stop;
	}

	uint64_t t_start = mono_ns();
	uint64_t deadline = t_start + (uint64_t)(p->duration_s * 1e9);
	while (mono_ns() < deadline) {
		atomic_store(&s.pending, (uint32_t)workers);
		for (long i = 0; i < workers; i++) {
			atomic_store_explicit(&w[i].t_wake, mono_ns(), memory_order_relaxed);
			atomic_store_explicit(&w[i].word, 1, memory_order_release);
			futex(&w[i].word, FUTEX_WAKE_PRIVATE, 1, NULL);
		}
		uint32_t pend;
		while ((pend = atomic_load(&s.pending)) != 0) {
			if (mono_ns() >= deadline + 250000000ull) {
				stalled = pend; /* workers not back in time: stop anyway */
				break;
			}
			struct timespec to = { 0, 50 * 1000 * 1000 };
			futex(&s.pending, FUTEX_WAIT_PRIVATE, pend, &to);
		}
		if (stalled)
			break;
		rounds++;
	}
	elapsed = mono_ns() - t_start;
	all = malloc(sizeof(*all));
stop:
	atomic_store(&s.stop, 1);
	for (long i = 0; i < workers; i++) {
		atomic_store_explicit(&w[i].word, 1, memory_order_release);
		futex(&w[i].word, FUTEX_WAKE_PRIVATE, 1, NULL);
	}
	for (long i = 0; i < workers; i++)
		if (w[i].started)
			pthread_join(w[i].tid, NULL);
	if (r->status == WL_OK) {
		if (!all) {
			wl_fail(r, "out of memory");
		} else {
			uint64_t not_blocked = 0;
			hist_init(all);
			for (long i = 0; i < workers; i++) {
				hist_merge(all, w[i].h);
				not_blocked += w[i].not_blocked;
			}
			if (all->count == 0)
				wl_fail(r, "no wakeup recorded in %.2f s", elapsed / 1e9);
			wl_latency_metrics(r, "", all, "wakeup_latency_ns");
			wl_metric(r, "wakeups_per_s", "1/s", METRIC_HIGHER_BETTER,
				  (double)(all->count + not_blocked) / (elapsed / 1e9));
			wl_detail(r, "rounds", json_integer((json_int_t)rounds));
			wl_detail(r, "wakeups_recorded", json_integer((json_int_t)all->count));
			wl_detail(r, "wakeups_not_blocked", json_integer((json_int_t)not_blocked));
			wl_detail(r, "elapsed_s", json_real(elapsed / 1e9));
			if (stalled)
				wl_detail(r, "stalled_workers_at_end", json_integer(stalled));
		}
	}
	free(all);
	for (long i = 0; i < workers; i++)
		if (w[i].started)
			free(w[i].h);
	free(w);
	return 0;
}

static const struct workload wl_wakeup = {
	.name = "wakeup",
	.desc = "futex messenger wakes 2xCPUs workers one at a time: wakeup latency",
	.headline = "p99_us",
	.metrics = "p50_us p90_us p99_us p999_us max_us wakeups_per_s",
	.order = 10,
	.needs_tool = NULL,
	.takes_arg = true,
	.args = "workers=2xCPUs,work_us=20",
	.run = wakeup_run,
};
WORKLOAD_REGISTER(wl_wakeup);
