/* SPDX-License-Identifier: GPL-2.0-only */
/* Standard latency metrics from a histogram.
 *
 * Why: every latency workload reports the same five numbers (p50, p90, p99,
 * p99.9, max, in microseconds, lower is better) so reports can line them up;
 * one helper keeps the names and units identical everywhere.
 */
#ifndef SCXB_WL_METRICS_H
#define SCXB_WL_METRICS_H

#include "workloads/histogram.h"
#include "workloads/workload.h"

/* Adds PREFIXp50_us PREFIXp90_us PREFIXp99_us PREFIXp999_us PREFIXmax_us
 * (h in nanoseconds) and, when detail_key is non-NULL, the histogram itself
 * under that detail key. */
void wl_latency_metrics(struct wl_result *r, const char *prefix, const struct histogram *h,
			const char *detail_key);

#endif
