// SPDX-License-Identifier: GPL-2.0-only
/* cpu: a fixed amount of CPU work spread over more threads than CPUs.
 *
 * Why: a batch job's question is "how long until all of it is done?" With
 * K x CPUs identical threads (default K=4) the answer depends on how evenly
 * the scheduler shares the CPUs, how often it switches and migrates, and
 * whether a CPU ever idles while work waits (the last-thread tail). The
 * work is a fixed count of ALU iterations per thread.
 *
 * Sizing: unless work=ITERS is given, a short single-thread calibration
 * picks ITERS so the run takes about half the duration, rounded down to a
 * power of two so repeats on one machine almost always get the same count
 * (params.work_iters says which; compare completion_s only between equal
 * counts). efficiency = ideal time (total work at the calibrated one-thread
 * rate on every CPU) / measured time, comparable whatever the count.
 *
 * Arguments: threads_per_cpu=K (default 4), work=ITERS (per thread).
 */
#include "workloads/wl_args.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (1u << 16)

struct cpu_shared {
	pthread_barrier_t start;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int done;
	atomic_int stop;
	uint64_t iters;
};

struct cpu_thread {
	struct cpu_shared *s;
	pthread_t tid;
	uint64_t finish_ns;
	uint64_t sink;
};

static void *cpu_thread_main(void *arg)
{
	struct cpu_thread *t = arg;
	struct cpu_shared *s = t->s;
	uint64_t x = 88172645463325252ull ^ (uintptr_t)t;
	pthread_barrier_wait(&s->start);
	for (uint64_t i = 0; i < s->iters && !atomic_load_explicit(&s->stop, memory_order_relaxed);
	     i += CHUNK)
		x = wl_work(x, CHUNK);
	t->finish_ns = mono_ns();
	t->sink = x;
	pthread_mutex_lock(&s->lock);
	s->done++;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/* iterations per ns of one thread: best of a few short samples */
static double calibrate(void)
{
	double best = 0;
	uint64_t x = 1;
	for (int k = 0; k < 5; k++) {
		uint64_t t0 = wl_thread_cpu_ns(), n = 0;
		while (wl_thread_cpu_ns() - t0 < 10000000ull) {
			x = wl_work(x, CHUNK);
			n += CHUNK;
		}
		double rate = (double)n / (double)(wl_thread_cpu_ns() - t0);
		if (rate > best)
			best = rate;
	}
	__asm__ volatile("" : : "r"(x));
	return best;
}

static int cpu_run(const struct wl_params *p, struct wl_result *r)
{
	static const char *const keys[] = { "threads_per_cpu", "work", NULL };
	char err[256];
	struct wl_args a;
	long k, work;
	int ncpu = p->nr_cpus > 0 ? p->nr_cpus : 1;
	if (wl_args_parse(p->arg, keys, &a, err, sizeof(err)) ||
	    wl_args_long(&a, "threads_per_cpu", 4, 1, 256, &k, err, sizeof(err)) ||
	    wl_args_long(&a, "work", 0, 0, (1L << 50), &work, err, sizeof(err))) {
		wl_fail(r, "%s", err);
		return 0;
	}
	long nthreads = k * ncpu;
	double rate = calibrate();
	uint64_t iters = (uint64_t)work;
	if (!iters) {
		double want = rate * p->duration_s * 0.5e9 * ncpu / nthreads;
		iters = CHUNK;
		while ((double)iters * 2 <= want)
			iters *= 2;
	}
	iters = (iters + CHUNK - 1) / CHUNK * CHUNK;
	wl_param(r, "threads_per_cpu", json_integer(k));
	wl_param(r, "threads", json_integer(nthreads));
	wl_param(r, "work_iters", json_integer((json_int_t)iters));
	wl_param(r, "work_from", json_string(work ? "argument" : "calibration"));
	wl_param(r, "duration_s", json_real(p->duration_s));

	struct cpu_shared s = { .iters = iters };
	struct cpu_thread *t = calloc((size_t)nthreads, sizeof(*t));
	if (!t) {
		wl_fail(r, "out of memory");
		return 0;
	}
	pthread_barrier_init(&s.start, NULL, (unsigned)nthreads + 1);
	pthread_mutex_init(&s.lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s.cond, &ca);
	long started;
	for (started = 0; started < nthreads; started++) {
		t[started].s = &s;
		if (pthread_create(&t[started].tid, NULL, cpu_thread_main, &t[started]))
			break;
	}
	if (started < nthreads) {
		/* the barrier can never fill: tell the started ones to skip work */
		wl_fail(r, "could only start %ld of %ld threads", started, nthreads);
		atomic_store(&s.stop, 1);
		for (long i = 0; i < nthreads - started; i++)
			pthread_barrier_wait(&s.start); /* stand in for the missing */
		for (long i = 0; i < started; i++)
			pthread_join(t[i].tid, NULL);
		goto out;
	}
	pthread_barrier_wait(&s.start);
	uint64_t t0 = mono_ns();
	/* Work is sized for about half the duration on an idle machine; the
	 * bound is generous because a slow scheduler (or TCG) is what this
	 * measures: only "no progress at all" should fail. */
	struct timespec bound = wl_ns_ts(t0 + (uint64_t)(p->duration_s * 3e9) + 1000000000ull);
	int timed_out = 0;
	pthread_mutex_lock(&s.lock);
	while (s.done < nthreads && !timed_out)
		timed_out = pthread_cond_timedwait(&s.cond, &s.lock, &bound) == ETIMEDOUT;
	pthread_mutex_unlock(&s.lock);
	if (timed_out)
		atomic_store(&s.stop, 1);
	for (long i = 0; i < nthreads; i++)
		pthread_join(t[i].tid, NULL);
	if (timed_out) {
		wl_fail(r, "the work did not finish within %.1f s", p->duration_s * 3 + 1);
		goto out;
	}
	uint64_t first = UINT64_MAX, last = 0;
	for (long i = 0; i < nthreads; i++) {
		if (t[i].finish_ns < first)
			first = t[i].finish_ns;
		if (t[i].finish_ns > last)
			last = t[i].finish_ns;
	}
	double completion = (last - t0) / 1e9;
	double ideal = (double)iters * nthreads / (rate * (nthreads < ncpu ? nthreads : ncpu)) / 1e9;
	wl_metric(r, "completion_s", "s", METRIC_LOWER_BETTER, completion);
	wl_metric(r, "efficiency", "ratio", METRIC_HIGHER_BETTER, ideal / completion);
	wl_metric(r, "finish_spread", "ratio", METRIC_LOWER_BETTER, (last - first) / 1e9 / completion);
	wl_detail(r, "calibrated_iters_per_ns", json_real(rate));
	wl_detail(r, "ideal_s", json_real(ideal));
	wl_detail(r, "note", json_string("finish_spread: (last - first thread finish) / completion"));
out:
	pthread_barrier_destroy(&s.start);
	pthread_cond_destroy(&s.cond);
	pthread_mutex_destroy(&s.lock);
	free(t);
	return 0;
}

static const struct workload wl_cpu = {
	.name = "cpu",
	.desc = "fixed CPU work over 4xCPUs threads: completion time under oversubscription",
	.headline = "completion_s",
	.metrics = "completion_s efficiency finish_spread",
	.order = 40,
	.takes_arg = true,
	.args = "threads_per_cpu=4,work=ITERS (per thread; default: calibrated to half the duration)",
	.run = cpu_run,
};
WORKLOAD_REGISTER(wl_cpu);
