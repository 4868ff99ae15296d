// SPDX-License-Identifier: GPL-2.0-only
/* See run_design.h. */
#include "runner/run_design.h"

#include <stdlib.h>

#include "reports/stats.h"

void run_design_round_order(int n, uint64_t seed, int round, int *order)
{
	int perm[n > 0 ? n : 1];
	uint64_t st = seed;
	for (int i = 0; i < n; i++)
		perm[i] = i;
	/* Fisher-Yates with the reports' splitmix64: same seed, same order */
	for (int i = n - 1; i > 0; i--) {
		int j = (int)(stats_rand_next(&st) % (uint64_t)(i + 1));
		int t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	for (int k = 0; k < n; k++)
		order[k] = perm[(k + round) % n];
}

const char *run_order_name(enum run_order o)
{
	return o == RUN_ORDER_SEQUENTIAL ? "sequential" : "interleaved";
}

json_t *run_design_json(enum run_order ord, uint64_t seed, int rounds, int n, const char *const *names)
{
	json_t *d = json_pack("{s:s, s:I, s:i}", "order", run_order_name(ord), "seed", (json_int_t)seed,
			      "rounds", rounds);
	if (ord != RUN_ORDER_INTERLEAVED || n <= 0)
		return d;
	json_t *orders = json_array();
	int order[n];
	/* the orders repeat with period n: list at most one period */
	for (int r = 0; r < rounds && r < n; r++) {
		json_t *one = json_array();
		run_design_round_order(n, seed, r, order);
		for (int k = 0; k < n; k++)
			json_array_append_new(one, json_string(names[order[k]]));
		json_array_append_new(orders, one);
	}
	json_object_set_new(d, "round_orders", orders);
	return d;
}
