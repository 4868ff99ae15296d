/* SPDX-License-Identifier: GPL-2.0-only */
/* The smallest change a run could detect, from the noise it measured.
 *
 * Why: "no regression found" means little without "and we would have seen
 * one of at least X%". For each workload's headline metric, the spread of
 * the per-round log-ratio of every scheduler row to the EEVDF row (rows of
 * one run pair by round, runner/run_design.h) is the noise a paired A/B
 * comparison of two such rows sees. With n rounds and a gated family of m
 * headline metrics (Holm), the change detected with 80% power at a
 * family-wise alpha of 0.05 is
 *
 *     (z(1 - 0.05 / (2m)) + z(0.80)) * sd / sqrt(n) * 1.023
 *
 * (1.023 = 1 / sqrt(0.955), the signed-rank test's efficiency against the
 * t-test under normal noise). sd is the median over the scheduler rows of
 * the sample standard deviation of their log-ratios; reported as a
 * percentage change (exp(.) - 1). A planning figure, not a guarantee:
 * heavier tails than normal need more.
 */
#ifndef SCXB_DETECTABLE_H
#define SCXB_DETECTABLE_H

#include <stddef.h>

#include "reports/results_reader.h"

struct detectable {
	const char *workload, *metric; /* borrowed */
	size_t rounds;                 /* paired rounds (the fewest over the rows) */
	size_t rows;                   /* scheduler rows it was measured from */
	double sd;                     /* noise of a paired log-ratio */
	double mde;                    /* smallest detectable change, fraction (0.05 = 5%) */
};

/* One entry per workload with a headline metric measured on EEVDF and at
 * least one other row, in plan order; returns the count (<= max). */
size_t detectable_changes(const struct run_results *r, struct detectable *out, size_t max);

/* Standard normal quantile (bisection on erfc; |error| < 1e-9). */
double detectable_z(double p);

#endif
