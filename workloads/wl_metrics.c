// SPDX-License-Identifier: GPL-2.0-only
/* Standard latency metrics from a histogram; see wl_metrics.h.
 *
 * Why one helper: reports line latency workloads up by metric name, so the
 * five names, their unit (us) and direction must never drift apart.
 */
#include "workloads/wl_metrics.h"

#include <stdio.h>

void wl_latency_metrics(struct wl_result *r, const char *prefix, const struct histogram *h,
			const char *detail_key)
{
	static const struct {
		const char *name;
		double pct;
	} q[] = { { "p50_us", 50 }, { "p90_us", 90 }, { "p99_us", 99 },
		  { "p999_us", 99.9 }, { "max_us", 100 } };
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		char name[96];
		snprintf(name, sizeof(name), "%s%s", prefix ? prefix : "", q[i].name);
		wl_metric(r, name, "us", METRIC_LOWER_BETTER,
			  (double)hist_percentile(h, q[i].pct) / 1000.0);
	}
	if (detail_key)
		wl_detail(r, detail_key, hist_to_json(h));
}
