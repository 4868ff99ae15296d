// SPDX-License-Identifier: GPL-2.0-only
/* See cg_split.h. */
#include "conformance/cg_split.h"
#include "reports/stats.h"

/* a's CPU time below which a sub-window counts as a having got nothing */
#define CG_SPLIT_FLOOR_MS 0.001

double cg_split_ratio(double ua, double ub)
{
	return ub / (ua > CG_SPLIT_FLOOR_MS ? ua : CG_SPLIT_FLOOR_MS);
}

double cg_split_median(const struct cg_split *s)
{
	double r[CG_SPLIT_MAX];
	int n = s->n < CG_SPLIT_MAX ? s->n : CG_SPLIT_MAX;
	if (n <= 0)
		return 0;
	for (int i = 0; i < n; i++)
		r[i] = cg_split_ratio(s->ua[i], s->ub[i]);
	return stats_median(r, (size_t)n);
}

double cg_split_total(const struct cg_split *s)
{
	double ta = 0, tb = 0;
	int n = s->n < CG_SPLIT_MAX ? s->n : CG_SPLIT_MAX;
	if (n <= 0)
		return 0;
	for (int i = 0; i < n; i++) {
		ta += s->ua[i];
		tb += s->ub[i];
	}
	return cg_split_ratio(ta, tb);
}

bool cg_split_within(double r, double want, double tol)
{
	return r >= want / tol && r <= want * tol;
}
