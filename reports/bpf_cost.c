// SPDX-License-Identifier: GPL-2.0-only
/* See bpf_cost.h. */
#include "reports/bpf_cost.h"

#include <stdio.h>
#include <string.h>

#define MAX_PROGS 128

static uint64_t u64_of(const json_t *o, const char *k)
{
	json_int_t v = json_integer_value(json_object_get(o, k));
	return v > 0 ? (uint64_t)v : 0;
}

void bpf_cost_sum(const json_t *repeats, struct bpf_cost *out)
{
	struct bpf_cost_prog all[MAX_PROGS];
	size_t n = 0, i;
	const json_t *rep;
	memset(out, 0, sizeof(*out));
	json_array_foreach(repeats, i, rep) {
		const json_t *bs = json_object_get(rep, "bpf_stats");
		const char *name;
		json_t *p;
		if (!json_is_object(bs))
			continue;
		out->repeats++;
		out->ns += u64_of(bs, "ns");
		out->elapsed_s += json_number_value(json_object_get(rep, "elapsed_s"));
		json_object_foreach(json_object_get(bs, "programs"), name, p) {
			size_t k = 0;
			while (k < n && strcmp(all[k].name, name))
				k++;
			if (k == n) {
				if (n == MAX_PROGS)
					continue;
				all[n++] = (struct bpf_cost_prog){ .name = name };
			}
			all[k].runs += u64_of(p, "runs");
			all[k].ns += u64_of(p, "ns");
		}
	}
	/* the top few by run time: a selection, n is small */
	for (out->ntop = 0; out->ntop < BPF_COST_TOP; out->ntop++) {
		size_t best = n;
		for (size_t k = 0; k < n; k++)
			if (all[k].runs && (best == n || all[k].ns > all[best].ns))
				best = k;
		if (best == n)
			break;
		out->top[out->ntop] = all[best];
		all[best].runs = 0;
	}
}

void bpf_cost_top_text(const struct bpf_cost *c, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < c->ntop && used < len; i++) {
		int w = snprintf(buf + used, len - used, "%s%s %.2f µs × %llu", i ? ", " : "", c->top[i].name,
				 (double)c->top[i].ns / (double)c->top[i].runs / 1000, (unsigned long long)c->top[i].runs);
		used += w > 0 ? (size_t)w : 0;
	}
}
