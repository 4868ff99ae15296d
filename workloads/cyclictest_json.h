/* SPDX-License-Identifier: GPL-2.0-only */
/* Reader for `cyclictest --json FILE` output (rt-tests 2.x).
 *
 * Why: cyclictest is the field's reference for timer wakeup latency, and its
 * JSON report carries per thread min/avg/max (microseconds) and, when run
 * with -h, a histogram {"<us>": count}. This reader checks the shape, merges
 * the threads, and computes percentiles exactly at cyclictest's 1 us
 * resolution; samples beyond the histogram's range (overflows) are counted,
 * and a percentile that falls among them is reported as the observed max.
 * cyclictest writes "histogram": {} even without -h (then every sample looks
 * like an overflow): always run it with -h.
 */
#ifndef SCXB_CYCLICTEST_JSON_H
#define SCXB_CYCLICTEST_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

struct cyc_bucket {
	uint64_t us;
	uint64_t count;
};

struct cyc_result {
	int threads;
	uint64_t cycles;     /* all threads */
	double min_us;       /* min over threads */
	double avg_us;       /* cycle-weighted mean of the threads' averages */
	double max_us;       /* max over threads */
	uint64_t overflows;  /* cycles - histogram samples (0 without -h) */
	int has_hist;        /* the threads carry a "histogram" object */
	struct cyc_bucket *hist; /* merged, ascending by us (NULL when empty) */
	size_t nhist;
	uint64_t hist_samples;
	int return_code;     /* cyclictest's own */
};

/* 0, or -1 with err filled (not JSON, wrong shape, inconsistent). */
int cyc_json_parse(const char *text, struct cyc_result *out, char *err, size_t errlen);
void cyc_result_free(struct cyc_result *r);
/* nearest-rank percentile in us over all cycles (pct in [0,100]); the max
 * when the rank falls among the overflows; -1 when there is no histogram */
double cyc_percentile(const struct cyc_result *r, double pct);
/* the merged histogram as {"<us>": count} */
json_t *cyc_hist_json(const struct cyc_result *r);

#endif
