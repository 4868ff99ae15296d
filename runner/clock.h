/* SPDX-License-Identifier: GPL-2.0-only */
/* The clocks of scxbench's user space: one home for "now" and "wait".
 *
 * Why: every time the tool measures or waits for is CLOCK_MONOTONIC, which
 * no settimeofday or NTP step moves; a deadline computed from one helper
 * and checked with another must agree. mono_ns/mono_s are inline because
 * the workload generators call them in their spin loops.
 */
#ifndef SCXB_CLOCK_H
#define SCXB_CLOCK_H

#include <stdint.h>
#include <time.h>

/* CLOCK_MONOTONIC now, nanoseconds. */
static inline uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* CLOCK_MONOTONIC now, seconds. */
static inline double mono_s(void)
{
	return (double)mono_ns() / 1e9;
}

/* Sleep s seconds (nothing for s <= 0); a signal does not cut it short. */
void sleep_s(double s);

#endif
