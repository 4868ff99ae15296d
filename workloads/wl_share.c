// SPDX-License-Identifier: GPL-2.0-only
/* Expected CPU shares and fairness scores; see wl_share.h.
 *
 * Why water-filling: with caps (one CPU per task, a tenant's tasks' CPUs),
 * a plain weight ratio would call a correct scheduler unfair.
 */
#include "workloads/wl_share.h"

#include <stdbool.h>
#include <stdlib.h>

/* kernel/sched/core.c sched_prio_to_weight[] */
static const unsigned prio_to_weight[40] = {
	/* -20 */ 88761, 71755, 56483, 46273, 36291,
	/* -15 */ 29154, 23254, 18705, 14949, 11916,
	/* -10 */ 9548,  7620,  6100,  4904,  3906,
	/*  -5 */ 3121,  2501,  1991,  1586,  1277,
	/*   0 */ 1024,  820,   655,   526,   423,
	/*   5 */ 335,   272,   215,   172,   137,
	/*  10 */ 110,   87,    70,    56,    45,
	/*  15 */ 36,    29,    23,    18,    15,
};

unsigned wl_nice_weight(int nice)
{
	if (nice < -20 || nice > 19)
		return 0;
	return prio_to_weight[nice + 20];
}

void wl_waterfill(const double *w, const double *cap, size_t n, double total, double *out)
{
	bool *fixed = calloc(n ? n : 1, sizeof(bool));
	if (!fixed)
		return;
	for (size_t i = 0; i < n; i++)
		out[i] = 0;
	double left = total;
	for (;;) {
		double wsum = 0;
		for (size_t i = 0; i < n; i++)
			if (!fixed[i])
				wsum += w[i];
		if (wsum <= 0)
			break;
		bool capped = false;
		for (size_t i = 0; i < n; i++)
			if (!fixed[i] && left * w[i] / wsum > cap[i]) {
				fixed[i] = true;
				out[i] = cap[i];
				left -= cap[i];
				capped = true;
			}
		if (!capped) {
			for (size_t i = 0; i < n; i++)
				if (!fixed[i])
					out[i] = left * w[i] / wsum;
			break;
		}
	}
	free(fixed);
}

double wl_jain(const double *x, size_t n)
{
	double s = 0, s2 = 0;
	for (size_t i = 0; i < n; i++) {
		s += x[i];
		s2 += x[i] * x[i];
	}
	return n && s2 > 0 ? s * s / ((double)n * s2) : 0;
}
