/* SPDX-License-Identifier: GPL-2.0-only */
/* Log-linear latency histogram (HDR-style).
 *
 * Values (nanoseconds, or any unsigned unit) are bucketed by their power of
 * two and then by the HIST_SUB_BITS bits below the leading one, so every
 * bucket's width is at most 1/2^HIST_SUB_BITS of its lower bound: a reported
 * percentile is within 1/128 (0.78%) of the exact sample value. Buckets are
 * plain counters, so histograms from threads or repeats merge by addition.
 */
#ifndef SCXB_HISTOGRAM_H
#define SCXB_HISTOGRAM_H

#include <stdint.h>
#include <jansson.h>

#define HIST_SUB_BITS 7
#define HIST_SUB_COUNT (1u << HIST_SUB_BITS)
/* values below HIST_SUB_COUNT are exact; then one row per power of two */
#define HIST_BUCKETS ((64 - HIST_SUB_BITS + 1) * HIST_SUB_COUNT)
/* the documented bound on relative error of any percentile */
#define HIST_REL_ERROR (1.0 / HIST_SUB_COUNT)

struct histogram {
	uint64_t count;
	uint64_t min;
	uint64_t max;
	double sum;
	uint64_t buckets[HIST_BUCKETS];
};

void hist_init(struct histogram *h);
void hist_add(struct histogram *h, uint64_t v);
void hist_merge(struct histogram *dst, const struct histogram *src);
/* pct in [0, 100]; the value at or below which pct% of samples fall
 * (the bucket's midpoint, clamped to [min, max]); 0 when empty */
uint64_t hist_percentile(const struct histogram *h, double pct);
double hist_mean(const struct histogram *h);
/* bucket index <-> value range, exposed for tests and serialisation */
unsigned hist_bucket_of(uint64_t v);
uint64_t hist_bucket_low(unsigned idx);
uint64_t hist_bucket_high(unsigned idx); /* inclusive */
/* sparse JSON: {"count":..,"min":..,"max":..,"sum":..,"buckets":[[low,count],...]} */
json_t *hist_to_json(const struct histogram *h);
/* inverse of hist_to_json; returns 0, or -1 with err filled */
int hist_from_json(const json_t *j, struct histogram *h, char *err, size_t errlen);

#endif
