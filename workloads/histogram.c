// SPDX-License-Identifier: GPL-2.0-only
/* Log-linear histogram: the one way every latency in scxbench is recorded.
 *
 * Why this shape: latencies span nanoseconds to seconds, and a scheduler
 * comparison needs the tail (p99.9, max) as trustworthy as the median. A
 * log-linear layout keeps the relative error bounded (HIST_REL_ERROR, 1/128)
 * at every magnitude with a fixed, small number of counters, and since the
 * buckets are plain counters, per-thread and per-repeat histograms merge by
 * addition without losing anything.
 *
 * Layout (see histogram.h): values below HIST_SUB_COUNT get one bucket each
 * (exact); a value v >= HIST_SUB_COUNT with leading bit m lands in row
 * m - HIST_SUB_BITS + 1, column = the HIST_SUB_BITS bits after the leading
 * one. A bucket's width is 2^(m-7) <= low/128, and percentiles report the
 * bucket midpoint, so the reported value is within 1/256 of any sample in the
 * bucket, inside the documented 1/128.
 *
 * JSON: counts and values are unsigned 64-bit, but JSON integers in jansson
 * are signed; values above INT64_MAX are written as decimal strings and read
 * back from integers, strings or integral reals.
 */
#include "workloads/histogram.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hist_init(struct histogram *h)
{
	memset(h, 0, sizeof(*h));
}

unsigned hist_bucket_of(uint64_t v)
{
	if (v < HIST_SUB_COUNT)
		return (unsigned)v;
	unsigned msb = 63u - (unsigned)__builtin_clzll(v);
	unsigned row = msb - HIST_SUB_BITS + 1;
	unsigned col = (unsigned)(v >> (msb - HIST_SUB_BITS)) & (HIST_SUB_COUNT - 1);
	return row * HIST_SUB_COUNT + col;
}

uint64_t hist_bucket_low(unsigned idx)
{
	if (idx >= HIST_BUCKETS)
		return UINT64_MAX;
	unsigned row = idx / HIST_SUB_COUNT, col = idx % HIST_SUB_COUNT;
	if (row == 0)
		return col;
	unsigned msb = row + HIST_SUB_BITS - 1;
	return (1ull << msb) | ((uint64_t)col << (msb - HIST_SUB_BITS));
}

uint64_t hist_bucket_high(unsigned idx)
{
	if (idx >= HIST_BUCKETS)
		return UINT64_MAX;
	unsigned row = idx / HIST_SUB_COUNT;
	if (row == 0)
		return hist_bucket_low(idx);
	unsigned msb = row + HIST_SUB_BITS - 1;
	return hist_bucket_low(idx) + ((1ull << (msb - HIST_SUB_BITS)) - 1);
}

void hist_add(struct histogram *h, uint64_t v)
{
	if (h->count == 0) {
		h->min = h->max = v;
	} else {
		if (v < h->min)
			h->min = v;
		if (v > h->max)
			h->max = v;
	}
	h->count++;
	h->sum += (double)v;
	h->buckets[hist_bucket_of(v)]++;
}

void hist_merge(struct histogram *dst, const struct histogram *src)
{
	if (src->count == 0)
		return;
	if (dst->count == 0) {
		dst->min = src->min;
		dst->max = src->max;
	} else {
		if (src->min < dst->min)
			dst->min = src->min;
		if (src->max > dst->max)
			dst->max = src->max;
	}
	dst->count += src->count;
	dst->sum += src->sum;
	for (unsigned i = 0; i < HIST_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
}

uint64_t hist_percentile(const struct histogram *h, double pct)
{
	if (h->count == 0)
		return 0;
	if (!(pct > 0)) /* also NaN */
		return h->min;
	if (pct >= 100)
		return h->max;
	/* nearest rank: the smallest sample with at least pct% at or below */
	double r = ceil(pct / 100.0 * (double)h->count);
	uint64_t rank = r < 1 ? 1 : (r > (double)h->count ? h->count : (uint64_t)r);
	uint64_t seen = 0;
	for (unsigned i = 0; i < HIST_BUCKETS; i++) {
		seen += h->buckets[i];
		if (seen >= rank) {
			uint64_t lo = hist_bucket_low(i), hi = hist_bucket_high(i);
			uint64_t mid = lo + (hi - lo) / 2;
			if (mid < h->min)
				mid = h->min;
			if (mid > h->max)
				mid = h->max;
			return mid;
		}
	}
	return h->max; /* buckets inconsistent with count: be safe */
}

double hist_mean(const struct histogram *h)
{
	return h->count ? h->sum / (double)h->count : 0.0;
}

/* --- JSON --- */

static json_t *u64_json(uint64_t v)
{
	if (v <= (uint64_t)INT64_MAX)
		return json_integer((json_int_t)v);
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return json_string(buf);
}

static int u64_from_json(const json_t *j, uint64_t *out)
{
	if (json_is_integer(j)) {
		json_int_t v = json_integer_value(j);
		if (v < 0)
			return -1;
		*out = (uint64_t)v;
		return 0;
	}
	if (json_is_string(j)) {
		const char *s = json_string_value(j);
		if (!*s || strspn(s, "0123456789") != strlen(s))
			return -1;
		errno = 0;
		char *end;
		unsigned long long v = strtoull(s, &end, 10);
		if (errno || *end)
			return -1;
		*out = v;
		return 0;
	}
	if (json_is_real(j)) {
		double d = json_real_value(j);
		if (!(d >= 0) || d >= 18446744073709551616.0 || d != floor(d))
			return -1;
		*out = (uint64_t)d;
		return 0;
	}
	return -1;
}

json_t *hist_to_json(const struct histogram *h)
{
	json_t *b = json_array();
	for (unsigned i = 0; i < HIST_BUCKETS; i++) {
		if (!h->buckets[i])
			continue;
		json_array_append_new(b, json_pack("[oo]", u64_json(hist_bucket_low(i)),
						   u64_json(h->buckets[i])));
	}
	return json_pack("{s:o, s:o, s:o, s:f, s:i, s:o}",
			 "count", u64_json(h->count),
			 "min", u64_json(h->min),
			 "max", u64_json(h->max),
			 "sum", h->sum,
			 "sub_bits", HIST_SUB_BITS,
			 "buckets", b);
}

#define ERR(...)                                                  \
	do {                                                      \
		if (err && errlen)                                \
			snprintf(err, errlen, __VA_ARGS__);       \
		return -1;                                        \
	} while (0)

int hist_from_json(const json_t *j, struct histogram *h, char *err, size_t errlen)
{
	hist_init(h);
	if (!json_is_object(j))
		ERR("histogram: not a JSON object");
	const char *keys[] = { "count", "min", "max" };
	uint64_t *dst[] = { &h->count, &h->min, &h->max };
	for (int k = 0; k < 3; k++) {
		const json_t *v = json_object_get(j, keys[k]);
		if (!v)
			ERR("histogram: missing \"%s\"", keys[k]);
		if (u64_from_json(v, dst[k]))
			ERR("histogram: \"%s\" is not an unsigned integer", keys[k]);
	}
	const json_t *sum = json_object_get(j, "sum");
	if (!json_is_number(sum))
		ERR("histogram: \"sum\" missing or not a number");
	h->sum = json_number_value(sum);
	const json_t *sb = json_object_get(j, "sub_bits");
	if (sb && (!json_is_integer(sb) || json_integer_value(sb) != HIST_SUB_BITS))
		ERR("histogram: sub_bits differs from %d: incompatible layout", HIST_SUB_BITS);
	const json_t *b = json_object_get(j, "buckets");
	if (!json_is_array(b))
		ERR("histogram: \"buckets\" missing or not an array");
	uint64_t total = 0;
	size_t i;
	const json_t *e;
	json_array_foreach(b, i, e) {
		uint64_t low, cnt;
		if (!json_is_array(e) || json_array_size(e) != 2 ||
		    u64_from_json(json_array_get(e, 0), &low) ||
		    u64_from_json(json_array_get(e, 1), &cnt))
			ERR("histogram: bucket %zu is not [low, count]", i);
		unsigned idx = hist_bucket_of(low);
		if (hist_bucket_low(idx) != low)
			ERR("histogram: bucket %zu low %" PRIu64 " is not a bucket boundary", i, low);
		h->buckets[idx] += cnt;
		total += cnt;
	}
	if (total != h->count)
		ERR("histogram: bucket counts sum to %" PRIu64 ", count is %" PRIu64, total, h->count);
	if (h->count && h->min > h->max)
		ERR("histogram: min %" PRIu64 " > max %" PRIu64, h->min, h->max);
	return 0;
}
