// SPDX-License-Identifier: GPL-2.0-only
/* The cgroup probe's verdict on a CPU split (conformance/cg_split.h), on
 * made-up sub-windows shaped like what a TCG VM gives: a faithful split
 * with one or two sub-windows spoiled by a host stall passes, however far
 * off the spoiled ones are; a scheduler that ignores cgroup weights (about
 * 1:1), one whose shares stay with the tasks after a move (about 1:4), or a
 * majority of spoiled sub-windows fails; a sub-window where group a got
 * nothing is a huge finite ratio, not a division by zero. */
#include "conformance/cg_split.h"
#include "tap.h"

#define WANT 4.0
#define TOL 1.6

static struct cg_split split(int n, const double *ua, const double *ub)
{
	struct cg_split s = { .n = n };
	for (int i = 0; i < n; i++) {
		s.ua[i] = ua[i];
		s.ub[i] = ub[i];
	}
	return s;
}

/* The median of five sub-windows, the verdict's value. */
static double median5(const double *ua, const double *ub)
{
	struct cg_split s = split(5, ua, ub);
	return cg_split_median(&s);
}

#define passes(m) cg_split_within((m), WANT, TOL)

int main(void)
{
	/* 0.6 s x 2 CPUs = 1200 ms per sub-window */
	const double fair_a[] = { 240, 250, 230, 240, 245 }, fair_b[] = { 960, 950, 970, 960, 955 };
	struct cg_split s = split(5, fair_a, fair_b);
	is_near(cg_split_median(&s), 960.0 / 240, 1e-9, "median of five ~4:1 sub-windows is their middle ratio");
	ok(cg_split_within(cg_split_median(&s), WANT, TOL), "a faithful 4:1 split passes");

	/* a stall charged to a's hog (a got 700 ms) and one to b's (a got 80):
	 * ratios 0.71 and 14: the summed CPU gives 3.01, the median 4 */
	const double st_a[] = { 240, 700, 230, 80, 245 }, st_b[] = { 960, 500, 970, 1120, 955 };
	double m = median5(st_a, st_b);
	ok(passes(m), "two of five sub-windows spoiled either way: still passes (median %.2f)", m);
	s = split(5, st_a, st_b);
	is_near(cg_split_total(&s), 4505.0 / 1495, 1e-9, "the summed ratio is kept beside it (3.01 here)");

	const double ig_a[] = { 600, 590, 610, 300, 600 }, ig_b[] = { 600, 610, 590, 900, 600 };
	m = median5(ig_a, ig_b);
	ok(!passes(m), "weights ignored (1:1, one sub-window 3:1 by chance): fails (median %.2f)", m);
	const double sw_a[] = { 960, 950, 970, 240, 960 }, sw_b[] = { 240, 250, 230, 960, 240 };
	m = median5(sw_a, sw_b);
	ok(!passes(m), "shares left with the tasks after the move (1:4): fails (median %.2f)", m);
	const double maj_a[] = { 240, 700, 650, 600, 245 }, maj_b[] = { 960, 500, 550, 600, 955 };
	m = median5(maj_a, maj_b);
	ok(!passes(m), "three of five spoiled the same way: the median follows them and fails (%.2f)", m);

	const double z_a[] = { 0, 0, 0, 240, 0 }, z_b[] = { 1200, 1200, 1200, 960, 1200 };
	s = split(5, z_a, z_b);
	double r = cg_split_median(&s);
	ok(isfinite(r) && r > 1e5, "group a starved in most sub-windows: a huge finite median (%.3g)", r);
	ok(!cg_split_within(r, WANT, TOL), "... which fails");
	ok(isfinite(cg_split_ratio(0, 0)) && cg_split_ratio(0, 0) == 0, "nothing ran at all: ratio 0, not NaN");

	s = split(0, NULL, NULL);
	is_near(cg_split_median(&s), 0, 0, "no sub-windows: median 0 (fails)");
	is_near(cg_split_total(&s), 0, 0, "no sub-windows: total 0");

	ok(cg_split_within(WANT / TOL, WANT, TOL) && cg_split_within(WANT * TOL, WANT, TOL), "the band's edges are in it (2.5, 6.4)");
	ok(!cg_split_within(2.49, WANT, TOL) && !cg_split_within(6.41, WANT, TOL), "just outside is out");

	const double ev_a[] = { 300, 250, 200, 150 }, ev_b[] = { 900, 1000, 1000, 900 }; /* 3 4 5 6 */
	s = split(4, ev_a, ev_b);
	is_near(cg_split_median(&s), (4.0 + 5.0) / 2, 1e-9, "an even count: the mean of the middle two");
	return done_testing();
}
