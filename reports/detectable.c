// SPDX-License-Identifier: GPL-2.0-only
/* See detectable.h. */
#include "reports/detectable.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double detectable_z(double p)
{
	double lo = -40, hi = 40;
	for (int i = 0; i < 200; i++) {
		double mid = (lo + hi) / 2;
		if (0.5 * erfc(-mid / sqrt(2.0)) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/* sd of log(x_r / base_r) over the rounds both measured; n returns the
 * pairs. NaN when fewer than 3 pairs or a value is not positive. */
static double pair_sd(const struct rr_metric *b, const struct rr_metric *x, size_t *n)
{
	double d[256];
	*n = 0;
	for (size_t i = 0; i < x->n && *n < 256; i++)
		for (size_t j = 0; j < b->n; j++)
			if (b->rounds && x->rounds && b->rounds[j] == x->rounds[i]) {
				if (!(b->values[j] > 0 && x->values[i] > 0))
					return NAN;
				d[(*n)++] = log(x->values[i] / b->values[j]);
				break;
			}
	return *n >= 3 ? stats_stddev(d, *n) : NAN;
}

size_t detectable_changes(const struct run_results *r, struct detectable *out, size_t max)
{
	const char *base = rr_baseline(r);
	const char *wls[64];
	size_t nw = rr_workloads(r, wls, 64), nout = 0;
	if (!base)
		return 0;
	for (size_t w = 0; w < nw && nout < max; w++) {
		const struct rr_result *rb = rr_find(r, base, wls[w]);
		if (!rb || strcmp(rb->status, "ok"))
			continue;
		for (size_t k = 0; k < rb->nmetrics && nout < max; k++) {
			const struct rr_metric *mb = &rb->metrics[k];
			if (!mb->headline)
				continue;
			double sds[64];
			size_t ns = 0, rounds = 0;
			for (size_t i = 0; i < r->nresults && ns < 64; i++) {
				const struct rr_result *rx = &r->results[i];
				if (!strcmp(rx->scheduler, base) || strcmp(rx->workload, wls[w]) || strcmp(rx->status, "ok"))
					continue;
				const struct rr_metric *mx = rr_metric_find(rx, mb->name);
				size_t n;
				double sd = mx ? pair_sd(mb, mx, &n) : NAN;
				if (isnan(sd))
					continue;
				rounds = ns == 0 || n < rounds ? n : rounds;
				sds[ns++] = sd;
			}
			if (!ns)
				continue;
			struct detectable *d = &out[nout++];
			d->workload = wls[w];
			d->metric = mb->name;
			d->rounds = rounds;
			d->rows = ns;
			d->sd = stats_median(sds, ns);
		}
	}
	/* the gated family is every headline metric measured */
	for (size_t i = 0; i < nout; i++) {
		double z = detectable_z(1 - 0.05 / (2.0 * (double)nout)) + detectable_z(0.80);
		out[i].mde = expm1(z * out[i].sd / sqrt((double)out[i].rounds) * 1.023);
	}
	return nout;
}
