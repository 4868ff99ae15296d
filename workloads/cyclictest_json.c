// SPDX-License-Identifier: GPL-2.0-only
/* Reader for cyclictest's JSON report; see cyclictest_json.h.
 *
 * Why so many checks: a cyclictest killed at a time bound, or a future
 * rt-tests with another layout, must give a clear error, not plausible but
 * wrong latencies.
 */
#include "workloads/cyclictest_json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERR(...)                                                  \
	do {                                                      \
		snprintf(err, errlen, "cyclictest JSON: " __VA_ARGS__); \
		goto fail;                                        \
	} while (0)

static int cmp_bucket(const void *a, const void *b)
{
	const struct cyc_bucket *x = a, *y = b;
	return x->us < y->us ? -1 : x->us > y->us;
}

void cyc_result_free(struct cyc_result *r)
{
	free(r->hist);
	memset(r, 0, sizeof(*r));
}

static int parse_u64(const char *s, uint64_t *out)
{
	if (!*s || strspn(s, "0123456789") != strlen(s))
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, NULL, 10);
	if (errno)
		return -1;
	*out = v;
	return 0;
}

int cyc_json_parse(const char *text, struct cyc_result *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	json_error_t je;
	json_t *doc = text ? json_loads(text, JSON_REJECT_DUPLICATES, &je) : NULL;
	size_t cap = 0;
	if (!doc) {
		if (text)
			snprintf(err, errlen, "cyclictest JSON: line %d: %s", je.line, je.text);
		else
			snprintf(err, errlen, "cyclictest JSON: no text");
		goto one_line;
	}
	if (!json_is_object(doc))
		ERR("top level is not an object");
	json_t *rc = json_object_get(doc, "return_code");
	if (rc && !json_is_integer(rc))
		ERR("return_code is not an integer");
	out->return_code = rc ? (int)json_integer_value(rc) : 0;
	json_t *res = json_object_get(doc, "resolution_in_ns");
	if (res && json_is_integer(res) && json_integer_value(res) != 0)
		ERR("results in ns (-N) are not supported: run without -N");
	json_t *th = json_object_get(doc, "thread");
	if (!json_is_object(th) || json_object_size(th) == 0)
		ERR("no \"thread\" object (did any thread run?)");
	const char *tk;
	json_t *t;
	double wsum = 0;
	out->min_us = INFINITY;
	out->max_us = 0;
	json_object_foreach(th, tk, t) {
		json_t *cy = json_object_get(t, "cycles"), *mn = json_object_get(t, "min"),
		       *mx = json_object_get(t, "max"), *av = json_object_get(t, "avg");
		if (!json_is_object(t) || !json_is_integer(cy) || !json_is_number(mn) ||
		    !json_is_number(mx) || !json_is_number(av) || json_integer_value(cy) < 0)
			ERR("thread %s lacks cycles/min/max/avg", tk);
		uint64_t c = (uint64_t)json_integer_value(cy);
		double vmin = json_number_value(mn), vmax = json_number_value(mx),
		       vavg = json_number_value(av);
		if (c && (vmin < 0 || vmin > vmax || vavg < vmin - 0.5 || vavg > vmax + 0.5))
			ERR("thread %s: min/avg/max inconsistent (%g/%g/%g)", tk, vmin, vavg, vmax);
		out->threads++;
		if (c > UINT64_MAX - out->cycles)
			ERR("thread %s: cycle count overflows", tk);
		out->cycles += c;
		if (c) {
			if (vmin < out->min_us)
				out->min_us = vmin;
			if (vmax > out->max_us)
				out->max_us = vmax;
			wsum += vavg * (double)c;
		}
		json_t *h = json_object_get(t, "histogram");
		if (!h)
			continue;
		if (!json_is_object(h))
			ERR("thread %s: histogram is not an object", tk);
		out->has_hist = 1;
		const char *bk;
		json_t *bv;
		uint64_t in_thread = 0; /* this thread's histogram samples */
		json_object_foreach(h, bk, bv) {
			uint64_t us;
			if (parse_u64(bk, &us) || !json_is_integer(bv) || json_integer_value(bv) < 0)
				ERR("thread %s: bad histogram entry \"%s\"", tk, bk);
			/* cyclictest puts a sample in bucket floor(us) and counts it in
			 * min/max: a bucket outside them is a damaged file, and would
			 * give a p99 above the max (found by tests/fuzz/fuzz_cyclictest) */
			if (c && json_integer_value(bv) > 0 &&
			    ((double)us > vmax || (double)us < floor(vmin)))
				ERR("thread %s: histogram bucket %s us lies outside the thread's min..max (%g..%g)",
				    tk, bk, vmin, vmax);
			/* per thread, not only in total: another thread's spare cycles
			 * must not cover samples this one never ran (a 0-cycle thread's
			 * buckets escaped the check above); this form cannot overflow */
			if ((uint64_t)json_integer_value(bv) > c - in_thread)
				ERR("thread %s: histogram holds more samples than its %llu cycles", tk,
				    (unsigned long long)c);
			in_thread += (uint64_t)json_integer_value(bv);
			if (out->nhist == cap) {
				cap = cap ? cap * 2 : 256;
				struct cyc_bucket *nb = realloc(out->hist, cap * sizeof(*nb));
				if (!nb)
					ERR("out of memory");
				out->hist = nb;
			}
			out->hist[out->nhist].us = us;
			out->hist[out->nhist].count = (uint64_t)json_integer_value(bv);
			out->hist_samples += out->hist[out->nhist].count;
			out->nhist++;
		}
	}
	if (out->cycles == 0)
		ERR("no cycles measured");
	out->avg_us = wsum / (double)out->cycles;
	if (out->hist_samples > out->cycles)
		ERR("histogram holds %llu samples but only %llu cycles ran",
		    (unsigned long long)out->hist_samples, (unsigned long long)out->cycles);
	if (out->has_hist)
		out->overflows = out->cycles - out->hist_samples;
	if (out->hist) {
		qsort(out->hist, out->nhist, sizeof(*out->hist), cmp_bucket);
		size_t w = 0; /* merge equal buckets of different threads */
		for (size_t i = 0; i < out->nhist; i++) {
			if (w && out->hist[w - 1].us == out->hist[i].us)
				out->hist[w - 1].count += out->hist[i].count;
			else
				out->hist[w++] = out->hist[i];
		}
		out->nhist = w;
	}
	json_decref(doc);
	return 0;
fail:
	json_decref(doc);
	cyc_result_free(out);
one_line:
	/* one line whatever the input held: jansson's "near '...'" context
	 * and keys echoed from the input may carry newlines or control bytes
	 * (found by tests/fuzz/fuzz_cyclictest) */
	for (size_t i = 0; i < errlen && err[i]; i++)
		if ((unsigned char)err[i] < 0x20 || err[i] == 0x7f)
			err[i] = ' ';
	return -1;
}

double cyc_percentile(const struct cyc_result *r, double pct)
{
	if (!r->has_hist || !r->cycles)
		return -1;
	if (pct >= 100)
		return r->max_us;
	if (pct <= 0)
		return r->min_us;
	double rk = ceil(pct / 100.0 * (double)r->cycles);
	uint64_t rank = rk < 1 ? 1 : (uint64_t)rk, seen = 0;
	for (size_t i = 0; i < r->nhist; i++) {
		seen += r->hist[i].count;
		if (seen >= rank)
			return (double)r->hist[i].us;
	}
	return r->max_us; /* among the overflows */
}

json_t *cyc_hist_json(const struct cyc_result *r)
{
	json_t *o = json_object();
	for (size_t i = 0; i < r->nhist; i++) {
		char k[32];
		snprintf(k, sizeof(k), "%llu", (unsigned long long)r->hist[i].us);
		json_object_set_new(o, k, json_integer((json_int_t)r->hist[i].count));
	}
	return o;
}
