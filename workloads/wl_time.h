/* SPDX-License-Identifier: GPL-2.0-only */
/* Clock helpers shared by the generators.
 *
 * Why: every measurement in workloads/ is CLOCK_MONOTONIC nanoseconds
 * (mono_ns, runner/clock.h), and "run for X of CPU" must mean CPU actually
 * received (the thread's CPU clock), not wall time, or a preempted task
 * would look like it did its work. Inline so the hot loops pay nothing for
 * the indirection.
 */
#ifndef SCXB_WL_TIME_H
#define SCXB_WL_TIME_H

#include <stdint.h>
#include <time.h>

#include "runner/clock.h"

static inline uint64_t wl_ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
}

static inline uint64_t wl_thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return wl_ts_ns(&ts);
}

static inline struct timespec wl_ns_ts(uint64_t ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000ull),
			       .tv_nsec = (long)(ns % 1000000000ull) };
	return ts;
}

/* Sleep until the absolute CLOCK_MONOTONIC time ns (restarts on signals). */
static inline void wl_sleep_until(uint64_t ns)
{
	struct timespec ts = wl_ns_ts(ns);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
		;
}

static inline void wl_sleep_ns(uint64_t ns)
{
	wl_sleep_until(mono_ns() + ns);
}

/* A unit of pure CPU work the compiler cannot remove. */
static inline uint64_t wl_work(uint64_t x, uint64_t iters)
{
	for (uint64_t i = 0; i < iters; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

/* Burn ns of this thread's CPU time (not wall time). */
static inline void wl_spin_cpu_ns(uint64_t ns)
{
	uint64_t end = wl_thread_cpu_ns() + ns, x = 88172645463325252ull;
	while (wl_thread_cpu_ns() < end)
		x = wl_work(x, 64);
}

/* Burn until the wall clock reaches ns. */
static inline void wl_spin_until(uint64_t ns)
{
	uint64_t x = 88172645463325252ull;
	while (mono_ns() < ns)
		x = wl_work(x, 64);
}

#endif
